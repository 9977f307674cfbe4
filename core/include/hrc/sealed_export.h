// hrc/sealed_export.h — exports from central sealed for one recipient (police, victim-first,
// statistics): readable only with that recipient's secret key, tamper-evident, and signed by
// central (docs/sealed-format.md, "Sealed exports").
//
// The content is encrypted in chunks of up to 64 KiB with crypto_secretstream_xchacha20poly1305
// under a fresh key; that key is wrapped with crypto_box_seal to the recipient's X25519 public key;
// every chunk carries the file's header as associated data; and central's Ed25519 key signs every
// byte (Ed25519ph, libsodium's crypto_sign_init/update/final). Sealing and opening both stream, so
// an export of any size needs only a few chunks of memory.
//
// The recipient key types (RecipientKeys, RecipientPublicKey) and their key files (recipient.key,
// recipient.pub) are in hrc/seal.h with the other key files.
//
// Errors: everything here throws hrc::Error. Code::usage for bad arguments (a header the format
// cannot carry, a header naming another recipient than the key), Code::crypto for a libsodium
// failure or a file that does not open (the message names the check that failed), Code::io when
// the input stream cannot be read, Code::internal for a sealer used after finish() or a failure.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <istream>
#include <memory>
#include <string>
#include <string_view>

#include "hrc/seal.h"

namespace hrc {

// The largest plaintext in one chunk, and the largest header read_export_header() needs.
inline constexpr std::size_t kExportChunkBytes = 64 * 1024;
inline constexpr std::size_t kMaxExportHeaderBytes = 256;

// What an export says about itself. Readable without keys (read_export_header); authenticated only
// once open_export() has returned (the bytes are the associated data of every chunk, and signed).
struct ExportHeader {
    std::string recipient;       // e.g. "police": 1..64 bytes of a-z, 0-9 and '-'
    KeyId recipient_key_id{};    // key id of the recipient public key the content key is wrapped to
    KeyId central_key_id{};      // key id of central's Ed25519 signing (ack) public key
    std::string export_id;       // UUID text; read back in lower case
    std::int64_t created_at = 0; // unix seconds, >= 0
    std::string content_type;    // "application/json", "text/csv"…: 1..127 printable ASCII bytes
};

// Streaming sealer. The constructor writes the header, wrapped key and stream header to `sink`;
// write() passes plaintext in pieces of any size; finish() writes the last chunk and the signature.
// Output goes to `sink` as it is produced; an exception from `sink` is passed on.
//
// The sealer fills in header.recipient_key_id and header.central_key_id from the keys it is given
// (whatever the caller put there is replaced). header.recipient may be left empty (then it is
// recipient.name) but must otherwise equal recipient.name: Error(Code::usage) if not, so one
// recipient's data can never go out labelled for another.
//
// Output ends with the signature only once finish() has returned: a sealer destroyed before that
// (or after an exception) leaves a truncated file, which open_export() refuses.
class ExportSealer {
public:
    // Throws Error(Code::usage) for a header the format cannot carry (see ExportHeader), and
    // Error(Code::crypto) if `central_sign_secret` is not a 64-byte Ed25519 key or libsodium fails.
    ExportSealer(ExportHeader header, const RecipientPublicKey& recipient,
                 const SecretKey& central_sign_secret,
                 std::function<void(const unsigned char*, std::size_t)> sink);
    ~ExportSealer(); // wipes the keys and the plaintext buffer
    ExportSealer(ExportSealer&&) noexcept;
    ExportSealer& operator=(ExportSealer&&) noexcept;
    ExportSealer(const ExportSealer&) = delete;
    ExportSealer& operator=(const ExportSealer&) = delete;

    // Buffers up to one chunk and seals each full chunk once more plaintext follows it (so the
    // last chunk, sealed by finish(), is never empty unless the whole export is). The plaintext
    // buffer is wiped after every chunk. Throws Error(Code::crypto) on a libsodium failure,
    // Error(Code::internal) after finish() or after an earlier failure.
    void write(std::string_view plaintext);
    // Seals the final chunk (tag FINAL; empty for an empty export) and writes the signature. Call
    // once. Throws like write().
    void finish();

    // The header as written (key ids filled in).
    const ExportHeader& header() const;

private:
    struct State;
    std::unique_ptr<State> state_;
};

// Parses the header at the start of an export: the first kMaxExportHeaderBytes bytes (or the whole
// file, if shorter) are always enough. Throws Error(Code::crypto, "not a sealed hrc export: …") if
// the bytes are not one. The fields are NOT authenticated: use them to pick a key, not to decide.
ExportHeader read_export_header(std::string_view file_start);
ExportHeader read_export_header(const Bytes& file_start);

// Opens an export read from `in` with the recipient's keys, passing the plaintext to `out` chunk by
// chunk, and returns the header once everything has verified: every chunk authenticated, the final
// chunk present, central's signature (when `central_sign_public` is given) valid, and nothing after
// the signature. Throws Error(Code::crypto) naming the check that failed (another recipient's key,
// truncated, changed, trailing bytes, signature), or Error(Code::io) if `in` fails.
//
// `out` sees plaintext BEFORE the last checks: it must write to a temporary file and keep it only
// once open_export() has returned; on an exception, delete it. Pieces are in a buffer that is wiped
// after `out` returns. Passing nullptr for `central_sign_public` skips the signature check: the
// content is then only known to be unchanged since some sender sealed it for this recipient, not
// that central made it (anyone with the recipient's public key can seal).
ExportHeader open_export(std::istream& in, const RecipientKeys& keys,
                         const std::array<unsigned char, 32>* central_sign_public,
                         const std::function<void(std::string_view)>& out);

} // namespace hrc
