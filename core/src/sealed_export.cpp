// sealed_export.cpp — exports sealed by central for one recipient, and opening them there (see
// hrc/sealed_export.h; docs/sealed-format.md, "Sealed exports", documents every byte written here).
//
// Rules kept throughout, as in seal.cpp: every libsodium return value is checked; keys and stream
// states (which hold keys) live only in SecretKey (sodium_malloc) memory; plaintext buffers are
// wiped after each chunk; open_export reports every failure as an exception, never as a short
// but apparently complete output.
#include "hrc/sealed_export.h"

#include <algorithm>
#include <cstring>
#include <limits>
#include <utility>

#include <sodium.h>

#include "hrc/error.h"

namespace hrc {
namespace {

// ---- format constants (docs/sealed-format.md) ---------------------------------------------------

constexpr unsigned char kMagic[4] = {'H', 'R', 'C', 'X'};
constexpr unsigned char kFormatVersion = 1;
constexpr std::size_t kMaxRecipientBytes = 64;
constexpr std::size_t kMaxContentTypeBytes = 127;
constexpr std::size_t kExportIdBytes = 16;
constexpr std::size_t kContentKeyBytes = crypto_secretstream_xchacha20poly1305_KEYBYTES;      // 32
constexpr std::size_t kWrappedKeyBytes = crypto_box_SEALBYTES + kContentKeyBytes;             // 80
constexpr std::size_t kStreamHeaderBytes = crypto_secretstream_xchacha20poly1305_HEADERBYTES; // 24
constexpr std::size_t kChunkOverhead = crypto_secretstream_xchacha20poly1305_ABYTES;          // 17
constexpr std::size_t kMaxChunkCipherBytes = kExportChunkBytes + kChunkOverhead; // 65553
constexpr std::size_t kSignatureBytes = crypto_sign_BYTES;                       // 64
constexpr std::size_t kLengthBytes = 4;
// Fixed part after the recipient name: two key ids, export id, created_at, content type length.
constexpr std::size_t kFixedBytes = 8 + 8 + kExportIdBytes + 8 + 1;
// Signed first, so a central signature over an export can never pass for one over anything else.
constexpr std::string_view kSignaturePrefix = "hrc-sealed-export-v1";

static_assert(kWrappedKeyBytes == 80 && kStreamHeaderBytes == 24 && kChunkOverhead == 17);
static_assert(sizeof kMagic + 1 + 1 + kMaxRecipientBytes + kFixedBytes + kMaxContentTypeBytes <=
              kMaxExportHeaderBytes);

using StreamState = crypto_secretstream_xchacha20poly1305_state;

void ensure_sodium() {
    if (sodium_init() < 0) throw Error(Code::crypto, "libsodium could not initialise");
}

// The stream state holds the content key, so it lives in guarded memory. It is a struct of
// unsigned char arrays: any address is suitably aligned.
StreamState* stream_state(SecretKey& memory) {
    return reinterpret_cast<StreamState*>(memory.data());
}

bool valid_content_type(std::string_view type) {
    return !type.empty() && type.size() <= kMaxContentTypeBytes &&
           std::all_of(type.begin(), type.end(), [](char c) { return c >= 0x20 && c <= 0x7e; });
}

void put_u64(Bytes& out, std::uint64_t v) {
    for (int shift = 56; shift >= 0; shift -= 8)
        out.push_back(static_cast<unsigned char>((v >> shift) & 0xff));
}

std::uint64_t get_u64(const unsigned char* p) {
    std::uint64_t v = 0;
    for (int i = 0; i < 8; ++i)
        v = (v << 8) | p[i];
    return v;
}

std::uint32_t get_u32(const unsigned char* p) {
    return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8) |
           p[3];
}

// ---- header -------------------------------------------------------------------------------------

// The header bytes (also the associated data of every chunk). Throws Error(Code::usage) for a
// field the format cannot carry; key ids are taken as given.
Bytes build_header(const ExportHeader& h) {
    const auto bad = [](const std::string& what) -> void {
        throw Error(Code::usage, "cannot seal the export: " + what);
    };
    if (!valid_recipient_name(h.recipient))
        bad("the recipient name is not 1 to 64 characters of a-z, 0-9 and -");
    std::array<unsigned char, kExportIdBytes> id{};
    if (!uuid_to_bytes(h.export_id, id)) bad("the export id is not a UUID");
    if (h.created_at < 0) bad("the creation time is before 1970");
    if (!valid_content_type(h.content_type))
        bad("the content type is not 1 to 127 printable ASCII characters");

    Bytes b;
    b.reserve(kMaxExportHeaderBytes);
    b.insert(b.end(), std::begin(kMagic), std::end(kMagic));
    b.push_back(kFormatVersion);
    b.push_back(static_cast<unsigned char>(h.recipient.size()));
    b.insert(b.end(), h.recipient.begin(), h.recipient.end());
    b.insert(b.end(), h.recipient_key_id.begin(), h.recipient_key_id.end());
    b.insert(b.end(), h.central_key_id.begin(), h.central_key_id.end());
    b.insert(b.end(), id.begin(), id.end());
    put_u64(b, static_cast<std::uint64_t>(h.created_at));
    b.push_back(static_cast<unsigned char>(h.content_type.size()));
    b.insert(b.end(), h.content_type.begin(), h.content_type.end());
    return b;
}

struct ParsedHeader {
    ExportHeader header;
    Bytes bytes; // exactly the header's bytes
};

// Makes `h` hold its first `n` bytes of input, reading more as needed; false if the input ends
// first.
using Need = std::function<bool(Bytes& h, std::size_t n)>;

// Parses the header one field at a time through `need`, so one parser serves a byte string and a
// stream (which must not be read past the header). Throws Error(Code::crypto, "not a sealed hrc
// export: …").
ParsedHeader parse_header(const Need& need) {
    const auto fail = [](const std::string& what) -> void {
        throw Error(Code::crypto, "not a sealed hrc export: " + what);
    };
    ParsedHeader p;
    Bytes& h = p.bytes;
    const auto at_least = [&](std::size_t n, const char* where) {
        if (!need(h, n)) fail(std::string("it ends inside ") + where);
    };
    if (!need(h, sizeof kMagic) || !std::equal(std::begin(kMagic), std::end(kMagic), h.begin()))
        fail("it does not start with \"HRCX\"");
    at_least(sizeof kMagic + 1, "the format version");
    if (h[4] != kFormatVersion)
        fail("format version " + std::to_string(h[4]) +
             " is not supported (this hrc reads version 1)");
    at_least(6, "the recipient name");
    const std::size_t r = h[5];
    if (r == 0 || r > kMaxRecipientBytes)
        fail("the recipient name length " + std::to_string(r) + " is not 1 to 64");
    at_least(6 + r, "the recipient name");
    p.header.recipient.assign(reinterpret_cast<const char*>(h.data() + 6), r);
    if (!valid_recipient_name(p.header.recipient))
        fail("the recipient name is not made of a-z, 0-9 and -");
    std::size_t pos = 6 + r;
    at_least(pos + kFixedBytes, "the key ids, export id and creation time");
    std::copy_n(h.begin() + static_cast<std::ptrdiff_t>(pos), 8, p.header.recipient_key_id.begin());
    std::copy_n(h.begin() + static_cast<std::ptrdiff_t>(pos + 8), 8,
                p.header.central_key_id.begin());
    pos += 16;
    p.header.export_id = uuid_from_bytes(h.data() + pos);
    pos += kExportIdBytes;
    const std::uint64_t created = get_u64(h.data() + pos);
    if (created > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
        fail("the creation time is out of range");
    p.header.created_at = static_cast<std::int64_t>(created);
    pos += 8;
    const std::size_t c = h[pos];
    pos += 1;
    if (c == 0 || c > kMaxContentTypeBytes)
        fail("the content type length " + std::to_string(c) + " is not 1 to 127");
    at_least(pos + c, "the content type");
    p.header.content_type.assign(reinterpret_cast<const char*>(h.data() + pos), c);
    if (!valid_content_type(p.header.content_type)) fail("the content type is not printable ASCII");
    return p;
}

ParsedHeader parse_header(std::string_view s) {
    return parse_header([s](Bytes& h, std::size_t n) {
        if (n > s.size()) return false;
        h.insert(h.end(), s.begin() + static_cast<std::ptrdiff_t>(h.size()),
                 s.begin() + static_cast<std::ptrdiff_t>(n));
        return true;
    });
}

// ---- reading a stream ---------------------------------------------------------------------------

// Reads up to `n` bytes; returns how many (fewer only at the end of the input). Throws
// Error(Code::io) if the stream fails.
std::size_t read_some(std::istream& in, unsigned char* buf, std::size_t n) {
    if (n == 0) return 0;
    in.read(reinterpret_cast<char*>(buf), static_cast<std::streamsize>(n));
    if (in.bad()) throw Error(Code::io, "cannot read the export: the input stream failed");
    return static_cast<std::size_t>(in.gcount());
}

[[noreturn]] void refuse(const std::string& what) {
    throw Error(Code::crypto, what);
}

[[noreturn]] void truncated(const std::string& where) {
    refuse("the export is truncated: it ends " + where + " (an incomplete copy or download?)");
}

} // namespace

// ---- sealing ------------------------------------------------------------------------------------

struct ExportSealer::State {
    enum class Phase { open, finished, failed };

    ExportHeader header;
    Bytes header_bytes; // associated data of every chunk
    std::function<void(const unsigned char*, std::size_t)> sink;
    SecretKey sign_secret{crypto_sign_SECRETKEYBYTES};
    SecretKey stream{sizeof(StreamState)};
    crypto_sign_state sign{}; // hashes public bytes only (Ed25519ph)
    SecretKey plain{kExportChunkBytes};
    std::size_t plain_len = 0;
    Bytes cipher = Bytes(kLengthBytes + kMaxChunkCipherBytes);
    Phase phase = Phase::open;

    // Every byte written is also signed.
    void emit(const unsigned char* data, std::size_t size) {
        if (crypto_sign_update(&sign, data, size) != 0)
            throw Error(Code::crypto,
                        "cannot seal the export: libsodium could not hash it for signing");
        sink(data, size);
    }

    // Seals the buffered plaintext as one chunk: u32 length ‖ secretstream ciphertext.
    void seal_chunk(unsigned char tag) {
        unsigned long long clen = 0;
        const int rc = crypto_secretstream_xchacha20poly1305_push(
            stream_state(stream), cipher.data() + kLengthBytes, &clen, plain.data(), plain_len,
            header_bytes.data(), header_bytes.size(), tag);
        sodium_memzero(plain.data(), plain_len);
        plain_len = 0;
        if (rc != 0 || clen < kChunkOverhead || clen > kMaxChunkCipherBytes)
            throw Error(Code::crypto,
                        "cannot seal the export: libsodium could not encrypt a chunk");
        const auto n = static_cast<std::uint32_t>(clen);
        cipher[0] = static_cast<unsigned char>(n >> 24);
        cipher[1] = static_cast<unsigned char>(n >> 16);
        cipher[2] = static_cast<unsigned char>(n >> 8);
        cipher[3] = static_cast<unsigned char>(n);
        emit(cipher.data(), kLengthBytes + n);
    }

    void check_open(const char* call) const {
        if (phase == Phase::finished)
            throw Error(Code::internal,
                        std::string("ExportSealer::") + call + " called after finish()");
        if (phase == Phase::failed)
            throw Error(Code::internal,
                        std::string("ExportSealer::") + call + " called after an earlier failure");
    }
};

ExportSealer::ExportSealer(ExportHeader header, const RecipientPublicKey& recipient,
                           const SecretKey& central_sign_secret,
                           std::function<void(const unsigned char*, std::size_t)> sink) {
    ensure_sodium();
    if (!header.recipient.empty() && header.recipient != recipient.name) {
        // Names are shown only when valid: an invalid one may hold control characters.
        const bool show =
            valid_recipient_name(header.recipient) && valid_recipient_name(recipient.name);
        throw Error(
            Code::usage,
            "cannot seal the export: its header names another recipient than the key given" +
                (show ? " (" + header.recipient + ", key of " + recipient.name + ")" : ""));
    }
    header.recipient = recipient.name;
    if (central_sign_secret.size() != crypto_sign_SECRETKEYBYTES)
        throw Error(Code::crypto,
                    "cannot seal the export: the central signing key is not a 64-byte Ed25519 key");
    if (!sink) throw Error(Code::internal, "ExportSealer needs a sink");

    auto s = std::make_unique<State>();
    std::memcpy(s->sign_secret.data(), central_sign_secret.data(), crypto_sign_SECRETKEYBYTES);
    std::array<unsigned char, 32> central_public{};
    if (crypto_sign_ed25519_sk_to_pk(central_public.data(), s->sign_secret.data()) != 0)
        throw Error(Code::crypto,
                    "cannot seal the export: libsodium could not read the central signing key");
    // Key ids come from the keys actually used, never from the caller.
    header.recipient_key_id = key_id_of(recipient.public_key.data(), recipient.public_key.size());
    header.central_key_id = key_id_of(central_public.data(), central_public.size());
    s->header_bytes = build_header(header);
    s->header = std::move(header);
    s->sink = std::move(sink);

    unsigned char wrapped[kWrappedKeyBytes];
    unsigned char stream_header[kStreamHeaderBytes];
    {
        SecretKey content_key(
            kContentKeyBytes); // copied into the stream state, then freed (zeroed)
        crypto_secretstream_xchacha20poly1305_keygen(content_key.data());
        if (crypto_box_seal(wrapped, content_key.data(), content_key.size(),
                            recipient.public_key.data()) != 0)
            throw Error(Code::crypto,
                        "cannot seal the export: libsodium could not wrap the content key");
        if (crypto_secretstream_xchacha20poly1305_init_push(stream_state(s->stream), stream_header,
                                                            content_key.data()) != 0)
            throw Error(Code::crypto,
                        "cannot seal the export: libsodium could not start the stream");
    }
    if (crypto_sign_init(&s->sign) != 0 ||
        crypto_sign_update(&s->sign,
                           reinterpret_cast<const unsigned char*>(kSignaturePrefix.data()),
                           kSignaturePrefix.size()) != 0)
        throw Error(Code::crypto,
                    "cannot seal the export: libsodium could not start the signature");
    s->emit(s->header_bytes.data(), s->header_bytes.size());
    s->emit(wrapped, sizeof wrapped);
    s->emit(stream_header, sizeof stream_header);
    state_ = std::move(s);
}

ExportSealer::~ExportSealer() = default; // SecretKey members are zeroed by sodium_free
ExportSealer::ExportSealer(ExportSealer&&) noexcept = default;
ExportSealer& ExportSealer::operator=(ExportSealer&&) noexcept = default;

void ExportSealer::write(std::string_view plaintext) {
    if (!state_) throw Error(Code::internal, "ExportSealer::write called on a moved-from sealer");
    State& s = *state_;
    s.check_open("write");
    try {
        while (!plaintext.empty()) {
            // A full buffer is sealed only now that more plaintext follows: the final chunk
            // (sealed by finish) then holds the last bytes, never an empty chunk after them.
            if (s.plain_len == kExportChunkBytes)
                s.seal_chunk(crypto_secretstream_xchacha20poly1305_TAG_MESSAGE);
            const std::size_t n = std::min(plaintext.size(), kExportChunkBytes - s.plain_len);
            std::memcpy(s.plain.data() + s.plain_len, plaintext.data(), n);
            s.plain_len += n;
            plaintext.remove_prefix(n);
        }
    } catch (...) {
        s.phase = State::Phase::failed;
        throw;
    }
}

void ExportSealer::finish() {
    if (!state_) throw Error(Code::internal, "ExportSealer::finish called on a moved-from sealer");
    State& s = *state_;
    s.check_open("finish");
    try {
        s.seal_chunk(crypto_secretstream_xchacha20poly1305_TAG_FINAL);
        unsigned char signature[kSignatureBytes];
        if (crypto_sign_final_create(&s.sign, signature, nullptr, s.sign_secret.data()) != 0)
            throw Error(Code::crypto, "cannot seal the export: libsodium could not sign it");
        s.sink(signature, sizeof signature); // not emit(): the signature does not sign itself
        s.phase = State::Phase::finished;
    } catch (...) {
        s.phase = State::Phase::failed;
        throw;
    }
}

const ExportHeader& ExportSealer::header() const {
    if (!state_) throw Error(Code::internal, "ExportSealer::header called on a moved-from sealer");
    return state_->header;
}

// ---- reading ------------------------------------------------------------------------------------

ExportHeader read_export_header(std::string_view file_start) {
    return parse_header(file_start).header;
}

ExportHeader read_export_header(const Bytes& file_start) {
    return read_export_header(
        std::string_view(reinterpret_cast<const char*>(file_start.data()), file_start.size()));
}

ExportHeader open_export(std::istream& in, const RecipientKeys& keys,
                         const std::array<unsigned char, 32>* central_sign_public,
                         const std::function<void(std::string_view)>& out) {
    ensure_sodium();
    if (keys.secret_key.size() != crypto_box_SECRETKEYBYTES)
        throw Error(Code::crypto, "the recipient secret key is not a 32-byte X25519 key");

    crypto_sign_state sign{};
    if (crypto_sign_init(&sign) != 0 ||
        crypto_sign_update(&sign, reinterpret_cast<const unsigned char*>(kSignaturePrefix.data()),
                           kSignaturePrefix.size()) != 0)
        throw Error(Code::crypto, "libsodium could not start checking the signature");
    // Reads exactly `n` bytes into `buf` and hashes them for the signature; false if the input ends
    // first.
    const auto read_signed = [&](unsigned char* buf, std::size_t n) {
        const std::size_t got = read_some(in, buf, n);
        if (got != n) return false;
        if (crypto_sign_update(&sign, buf, n) != 0)
            throw Error(Code::crypto, "libsodium could not hash the export for its signature");
        return true;
    };

    const ParsedHeader p = parse_header([&](Bytes& h, std::size_t n) {
        const std::size_t have = h.size();
        h.resize(n);
        const std::size_t got = read_some(in, h.data() + have, n - have);
        h.resize(have + got);
        return got == n - have;
    });
    if (crypto_sign_update(&sign, p.bytes.data(), p.bytes.size()) != 0)
        throw Error(Code::crypto, "libsodium could not hash the export for its signature");
    const ExportHeader& header = p.header;

    // Which key, and which central: refused before any decryption, with the ids to look for.
    const KeyId ours = key_id_of(keys.public_key.data(), keys.public_key.size());
    if (header.recipient_key_id != ours)
        refuse("this export is for " + header.recipient + " (recipient key id " +
               to_hex(header.recipient_key_id) + "), not for this key (" + keys.name + ", key id " +
               to_hex(ours) + ")");
    if (header.recipient != keys.name)
        refuse("this export names recipient " + header.recipient + " but is sealed to the key of " +
               keys.name + " (key id " + to_hex(ours) + "): it was changed");
    if (central_sign_public != nullptr) {
        const KeyId central = key_id_of(central_sign_public->data(), central_sign_public->size());
        if (header.central_key_id != central)
            refuse("this export was made by another central (central key id " +
                   to_hex(header.central_key_id) + "; the central key given is " + to_hex(central) +
                   ")");
    }

    unsigned char wrapped[kWrappedKeyBytes];
    if (!read_signed(wrapped, sizeof wrapped)) truncated("inside the wrapped content key");
    unsigned char stream_header[kStreamHeaderBytes];
    if (!read_signed(stream_header, sizeof stream_header)) truncated("inside the stream header");
    SecretKey stream(sizeof(StreamState));
    {
        SecretKey content_key(kContentKeyBytes);
        if (crypto_box_seal_open(content_key.data(), wrapped, sizeof wrapped,
                                 keys.public_key.data(), keys.secret_key.data()) != 0)
            refuse("the content key cannot be unwrapped with this recipient key: the export was "
                   "changed");
        if (crypto_secretstream_xchacha20poly1305_init_pull(stream_state(stream), stream_header,
                                                            content_key.data()) != 0)
            refuse("the stream header is not valid: the export was changed");
    }

    Bytes cipher(kMaxChunkCipherBytes);
    SecretKey plain(kExportChunkBytes);
    for (std::uint64_t chunk = 1;; ++chunk) {
        const std::string nth = "chunk " + std::to_string(chunk);
        unsigned char length[kLengthBytes];
        const std::size_t got = read_some(in, length, sizeof length);
        if (got == 0)
            truncated("before its final chunk (after " + std::to_string(chunk - 1) + " chunks)");
        if (got != sizeof length) truncated("inside the length of " + nth);
        if (crypto_sign_update(&sign, length, sizeof length) != 0)
            throw Error(Code::crypto, "libsodium could not hash the export for its signature");
        const std::uint32_t clen = get_u32(length);
        if (clen > kMaxChunkCipherBytes)
            refuse(nth + " claims " + std::to_string(clen) +
                   " bytes, more than the largest chunk (" + std::to_string(kMaxChunkCipherBytes) +
                   "): the export was changed");
        if (clen < kChunkOverhead)
            refuse(nth + " claims " + std::to_string(clen) + " bytes, fewer than an empty chunk (" +
                   std::to_string(kChunkOverhead) + "): the export was changed");
        if (!read_signed(cipher.data(), clen)) truncated("inside " + nth);

        unsigned long long mlen = 0;
        unsigned char tag = 0;
        if (crypto_secretstream_xchacha20poly1305_pull(stream_state(stream), plain.data(), &mlen,
                                                       &tag, cipher.data(), clen, p.bytes.data(),
                                                       p.bytes.size()) != 0)
            refuse(nth + " does not authenticate: the export was changed after sealing");
        const bool is_final = tag == crypto_secretstream_xchacha20poly1305_TAG_FINAL;
        // A writer seals only full chunks before the final one; anything else was not made by hrc.
        if (!is_final && (tag != crypto_secretstream_xchacha20poly1305_TAG_MESSAGE ||
                          mlen != kExportChunkBytes)) {
            sodium_memzero(plain.data(), static_cast<std::size_t>(mlen));
            refuse(nth + " is not a full chunk, or has an unknown tag, yet is not the final chunk");
        }
        if (mlen > 0)
            out(std::string_view(reinterpret_cast<const char*>(plain.data()),
                                 static_cast<std::size_t>(mlen)));
        sodium_memzero(plain.data(), static_cast<std::size_t>(mlen));
        if (is_final) break;
    }

    unsigned char signature[kSignatureBytes];
    const std::size_t sig_got = read_some(in, signature, sizeof signature);
    if (sig_got != sizeof signature)
        truncated("inside central's signature (" + std::to_string(sig_got) + " of 64 bytes)");
    if (in.peek() != std::char_traits<char>::eof())
        refuse("the export has bytes after central's signature: it was changed");
    if (in.bad()) throw Error(Code::io, "cannot read the export: the input stream failed");
    if (central_sign_public != nullptr &&
        crypto_sign_final_verify(&sign, signature, central_sign_public->data()) != 0)
        refuse("central's signature does not verify: the export was changed or made by another "
               "central");
    return header;
}

} // namespace hrc
