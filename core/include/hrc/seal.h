// hrc/seal.h — sealing a report for central, and opening it at central (docs/sealed-format.md).
//
// Sealed at Send (BRIEF §6): the report JSON is encrypted with a fresh random key using
// XChaCha20-Poly1305 (IETF) with AAD = report id ‖ kiosk id ‖ schema version ‖ recipient key id;
// that key is wrapped with crypto_box_seal to central's X25519 public key; the sealed bytes are
// signed (detached Ed25519) with the kiosk's key. Only central's private key can open a report: the
// kiosk keeps no readable copy. Also here: the key types and key files of every party, including
// the recipients of sealed exports (hrc/sealed_export.h).
//
// Errors: seal() throws hrc::Error(Code::crypto) only on a libsodium failure or bad key sizes;
// open_sealed() throws hrc::Error(Code::crypto) with a message naming what did not verify
// (signature, header, recipient key, authentication) and never returns partial plaintext.
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace hrc {

using Bytes = std::vector<unsigned char>;

// Key id: the first 8 bytes of BLAKE2b-256 of a public key, shown as 16 hex characters.
using KeyId = std::array<unsigned char, 8>;
KeyId key_id_of(const unsigned char* public_key, std::size_t size);
std::string to_hex(const unsigned char* data, std::size_t size);
template <std::size_t N>
std::string to_hex(const std::array<unsigned char, N>& a) {
    return to_hex(a.data(), N);
}

// Secret key material lives in libsodium's guarded memory (sodium_malloc: mlock'd, guard pages,
// zeroed on free) and is never copied into std::string or std::vector.
class SecretKey {
public:
    explicit SecretKey(
        std::size_t size); // zero-filled; throws Error(Code::crypto) if out of memory
    ~SecretKey();
    SecretKey(SecretKey&& other) noexcept;
    SecretKey& operator=(SecretKey&& other) noexcept;
    SecretKey(const SecretKey&) = delete;
    SecretKey& operator=(const SecretKey&) = delete;
    unsigned char* data() noexcept { return data_; }
    const unsigned char* data() const noexcept { return data_; }
    std::size_t size() const noexcept { return size_; }

private:
    unsigned char* data_ = nullptr;
    std::size_t size_ = 0;
};

// The kiosk's signing identity (Ed25519).
struct KioskKeys {
    std::array<unsigned char, 32> public_key{};
    SecretKey secret_key{64};
};

// Central's private keys (held only by hrc-central).
struct CentralSecrets {
    std::array<unsigned char, 32> sealing_public_key{}; // X25519
    SecretKey sealing_secret_key{32};
    std::array<unsigned char, 32> ack_public_key{}; // Ed25519, signs acknowledgements
    SecretKey ack_secret_key{64};
};

// What a kiosk knows of central: the content of central.pub.
struct CentralIdentity {
    std::array<unsigned char, 32> sealing_public_key{};
    KeyId sealing_key_id{};
    std::array<unsigned char, 32> ack_public_key{};
    std::vector<std::string> tls_pins; // "sha256//<base64>", current first then backups
    std::string url;                   // optional default URL
};

KioskKeys generate_kiosk_keys();
CentralSecrets generate_central_secrets();
CentralIdentity central_identity_of(const CentralSecrets& secrets);

// A recipient of sealed exports (police, victim-first, statistics; hrc/sealed_export.h): an X25519
// (crypto_box) key pair made on the recipient's own machine. Central holds only the public half.
struct RecipientKeys {
    std::string name; // 1..64 bytes of a-z, 0-9 and '-'
    std::array<unsigned char, 32> public_key{};
    SecretKey secret_key{32};
};
// What central knows of a recipient: the content of recipient.pub.
struct RecipientPublicKey {
    std::string name;
    std::array<unsigned char, 32> public_key{};
    KeyId key_id{};
};
// True for 1..64 bytes of a-z, 0-9 and '-' (names go into file headers and messages unescaped).
bool valid_recipient_name(std::string_view name);
// Throws Error(Code::usage) for an invalid name, Error(Code::crypto) on a libsodium failure.
RecipientKeys generate_recipient_keys(const std::string& name);
// Never throws except Error(Code::crypto) if libsodium cannot initialise.
RecipientPublicKey public_key_of(const RecipientKeys& keys);

// UUID text (8-4-4-4-12 hex digits, either case) <-> its 16 raw bytes, as in sealed headers.
// uuid_to_bytes returns false unless `text` is a UUID; uuid_from_bytes gives lower case.
bool uuid_to_bytes(std::string_view text, std::array<unsigned char, 16>& out);
std::string uuid_from_bytes(const unsigned char* bytes);

// ---- key files (text; formats in docs/sealed-format.md) -----------------------------------------
// Writers create files with mode 0600 (secrets) or 0644 (public) atomically (temp + fsync + rename)
// and throw Error(Code::already_exists) rather than overwrite, or Error(Code::io) on a file error.
// Readers throw Error(Code::key_file) naming the file and what is wrong with it.
void write_kiosk_secret_key(const std::filesystem::path& path, const KioskKeys& keys);
void write_kiosk_public_key(const std::filesystem::path& path, const KioskKeys& keys,
                            const std::string& kiosk_id, const std::string& centre_id);
KioskKeys read_kiosk_secret_key(const std::filesystem::path& path);
// kiosk.pub: returns the public key and the kiosk id written in it.
struct KioskPublicIdentity {
    std::array<unsigned char, 32> public_key{};
    std::string kiosk_id;
    std::string centre_id;
};
KioskPublicIdentity read_kiosk_public_key(const std::filesystem::path& path);

void write_central_identity(const std::filesystem::path& path, const CentralIdentity& identity);
CentralIdentity read_central_identity(const std::filesystem::path& path);
void write_central_secrets(const std::filesystem::path& path, const CentralSecrets& secrets);
CentralSecrets read_central_secrets(const std::filesystem::path& path);

// recipient.key (0600, kept by the recipient) and recipient.pub (0644, given to central). The
// writers also throw Error(Code::usage) for an invalid name. read_recipient_secret_key checks the
// public key is crypto_scalarmult_base of the secret key; read_recipient_public_key checks the
// key_id line is the key id of the public key.
void write_recipient_secret_key(const std::filesystem::path& path, const RecipientKeys& keys);
void write_recipient_public_key(const std::filesystem::path& path, const RecipientKeys& keys);
RecipientKeys read_recipient_secret_key(const std::filesystem::path& path);
RecipientPublicKey read_recipient_public_key(const std::filesystem::path& path);

// ---- sealing ------------------------------------------------------------------------------------

struct SealedReport {
    Bytes sealed;    // header ‖ wrapped key ‖ nonce ‖ ciphertext (docs/sealed-format.md)
    Bytes signature; // 64-byte detached Ed25519 signature over the sealed bytes
};

// The fields bound into the AAD, as parsed from a sealed report's header (readable without keys,
// so central can route and deduplicate before opening).
struct SealedHeader {
    std::string report_id; // UUID text, lower case
    std::string kiosk_id;
    int schema_version = 0;
    KeyId recipient_key_id{};
};

// Seals `plaintext` (the report JSON). `report_id` must be a UUID; `kiosk_id` 1..255 bytes.
SealedReport seal(std::string_view plaintext, const std::string& report_id,
                  const std::string& kiosk_id, int schema_version, const CentralIdentity& central,
                  const KioskKeys& kiosk);

// Parses the header only. Throws Error(Code::crypto) if the bytes are not a sealed report.
SealedHeader read_sealed_header(const Bytes& sealed);

// Verifies the signature with `kiosk_public_key`, checks the recipient key id, unwraps the key and
// decrypts. Throws Error(Code::crypto) on any failure, naming the check that failed.
struct OpenedReport {
    SealedHeader header;
    std::string plaintext; // caller is responsible for wiping it (sodium_memzero) when done
};
OpenedReport open_sealed(const SealedReport& report,
                         const std::array<unsigned char, 32>& kiosk_public_key,
                         const CentralSecrets& central);

// Verifies only the kiosk's signature. Never throws.
bool verify_signature(const SealedReport& report,
                      const std::array<unsigned char, 32>& kiosk_public_key);

} // namespace hrc
