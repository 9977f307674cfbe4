// seal.cpp — sealing reports for central, opening them there, and the key files (see hrc/seal.h
// and docs/sealed-format.md, which documents every byte and every line written here).
//
// Rules kept throughout: every libsodium return value is checked; secret bytes (keys, and the text
// of secret key files) only ever live in SecretKey (sodium_malloc) memory, or for the per-report
// content key in a StackSecret wiped on every path, so they are never copied into a std::string or
// std::vector that would leave stray copies in freed heap memory; open_sealed never returns partial
// plaintext.
#include "hrc/seal.h"

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <initializer_list>
#include <utility>

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hrc/atomic_file.h"
#include "hrc/error.h"

namespace hrc {
namespace {

// A secret that lives for one call (the per-report content key), on the stack and wiped when it goes
// out of scope, on every path. Not SecretKey: sodium_malloc's guard pages cost an mmap and several
// mprotect calls per allocation, each interrupting every other core to flush its TLB; on central,
// which opens each report on every core, that was the largest single cost of opening a report
// (bench/sync), and guard pages add nothing for 32 bytes that live for microseconds.
template <std::size_t N>
class StackSecret {
public:
    StackSecret() = default;
    ~StackSecret() { sodium_memzero(bytes_.data(), bytes_.size()); }
    StackSecret(const StackSecret&) = delete;
    StackSecret& operator=(const StackSecret&) = delete;
    unsigned char* data() noexcept { return bytes_.data(); }
    const unsigned char* data() const noexcept { return bytes_.data(); }
    static constexpr std::size_t size() noexcept { return N; }

private:
    std::array<unsigned char, N> bytes_{};
};

namespace fs = std::filesystem;

// ---- sealed format constants (docs/sealed-format.md) --------------------------------------------

constexpr unsigned char kMagic[4] = {'H', 'R', 'C', 'S'};
constexpr unsigned char kFormatVersion = 1;
constexpr std::size_t kReportIdBytes = 16;
constexpr std::size_t kContentKeyBytes = crypto_aead_xchacha20poly1305_ietf_KEYBYTES; // 32
constexpr std::size_t kWrappedKeyBytes = crypto_box_SEALBYTES + kContentKeyBytes;     // 80
constexpr std::size_t kNonceBytes = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;     // 24
constexpr std::size_t kTagBytes = crypto_aead_xchacha20poly1305_ietf_ABYTES;          // 16
constexpr std::size_t kSignatureBytes = crypto_sign_BYTES;                            // 64
constexpr std::size_t kMaxKioskIdBytes = 255;
// Signatures cover this prefix first, so a kiosk signature over a sealed report can never be
// replayed as (or confused with) a signature over any other kind of message the kiosk key signs.
constexpr std::string_view kSignaturePrefix = "hrc-sealed-report-v1";

static_assert(kWrappedKeyBytes == 80 && kNonceBytes == 24 && kTagBytes == 16);

void ensure_sodium() {
    if (sodium_init() < 0) throw Error(Code::crypto, "libsodium could not initialise");
}

// ---- UUID text <-> 16 bytes ---------------------------------------------------------------------

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

bool is_dash_position(std::size_t i) {
    return i == 8 || i == 13 || i == 18 || i == 23;
}

// Accepts upper or lower case; returns false unless `text` is exactly 8-4-4-4-12 hex digits.
bool parse_uuid(std::string_view text, unsigned char out[kReportIdBytes]) {
    if (text.size() != 36) return false;
    std::size_t n = 0;
    for (std::size_t i = 0; i < text.size(); i += (is_dash_position(i) ? 1 : 2)) {
        if (is_dash_position(i)) {
            if (text[i] != '-') return false;
            continue;
        }
        const int hi = hex_value(text[i]);
        const int lo = hex_value(text[i + 1]);
        if (hi < 0 || lo < 0) return false;
        out[n++] = static_cast<unsigned char>(hi * 16 + lo);
    }
    return n == kReportIdBytes;
}

std::string uuid_text(const unsigned char* b) {
    const std::string hex = to_hex(b, kReportIdBytes);
    return hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" +
           hex.substr(16, 4) + "-" + hex.substr(20);
}

// ---- header -------------------------------------------------------------------------------------

// The header bytes: magic ‖ version ‖ AAD. The AAD is everything after the version byte.
Bytes build_header(const unsigned char report_id[kReportIdBytes], const std::string& kiosk_id,
                   int schema_version, const KeyId& recipient) {
    Bytes h;
    h.reserve(sizeof kMagic + 1 + kReportIdBytes + 1 + kiosk_id.size() + 2 + recipient.size());
    h.insert(h.end(), std::begin(kMagic), std::end(kMagic));
    h.push_back(kFormatVersion);
    h.insert(h.end(), report_id, report_id + kReportIdBytes);
    h.push_back(static_cast<unsigned char>(kiosk_id.size()));
    h.insert(h.end(), kiosk_id.begin(), kiosk_id.end());
    h.push_back(static_cast<unsigned char>((schema_version >> 8) & 0xff));
    h.push_back(static_cast<unsigned char>(schema_version & 0xff));
    h.insert(h.end(), recipient.begin(), recipient.end());
    return h;
}

constexpr std::size_t kAadOffset = sizeof kMagic + 1;

struct ParsedHeader {
    SealedHeader header;
    std::size_t header_size = 0; // offset of the wrapped key; the AAD is [kAadOffset, header_size)
};

ParsedHeader parse_header(const Bytes& s) {
    const auto fail = [](const std::string& what) -> void {
        throw Error(Code::crypto, "not a sealed hrc report: " + what);
    };
    if (s.size() < sizeof kMagic || !std::equal(std::begin(kMagic), std::end(kMagic), s.begin()))
        fail("it does not start with \"HRCS\"");
    std::size_t pos = sizeof kMagic;
    if (s.size() < pos + 1) fail("it ends before the format version");
    if (s[pos] != kFormatVersion)
        fail("format version " + std::to_string(s[pos]) +
             " is not supported (this hrc reads version 1)");
    pos += 1;
    if (s.size() < pos + kReportIdBytes + 1) fail("it ends inside the report id");
    ParsedHeader p;
    p.header.report_id = uuid_text(s.data() + pos);
    pos += kReportIdBytes;
    const std::size_t kiosk_len = s[pos];
    pos += 1;
    if (kiosk_len == 0) fail("the kiosk id is empty");
    if (s.size() < pos + kiosk_len) fail("it ends inside the kiosk id");
    p.header.kiosk_id.assign(reinterpret_cast<const char*>(s.data() + pos), kiosk_len);
    pos += kiosk_len;
    if (s.size() < pos + 2 + p.header.recipient_key_id.size())
        fail("it ends inside the schema version or recipient key id");
    p.header.schema_version = s[pos] * 256 + s[pos + 1];
    pos += 2;
    std::copy_n(s.begin() + static_cast<std::ptrdiff_t>(pos), p.header.recipient_key_id.size(),
                p.header.recipient_key_id.begin());
    pos += p.header.recipient_key_id.size();
    if (s.size() < pos + kWrappedKeyBytes + kNonceBytes + kTagBytes)
        fail("it is too short to hold the wrapped key, nonce and authentication tag");
    p.header_size = pos;
    return p;
}

// The exact bytes the kiosk signs: domain-separation prefix ‖ sealed bytes.
Bytes signed_message(const Bytes& sealed) {
    // Sized once and filled with memcpy (vector::insert here trips GCC 12's -Wstringop-overflow).
    Bytes m(kSignaturePrefix.size() + sealed.size());
    std::memcpy(m.data(), kSignaturePrefix.data(), kSignaturePrefix.size());
    if (!sealed.empty())
        std::memcpy(m.data() + kSignaturePrefix.size(), sealed.data(), sealed.size());
    return m;
}

// ---- key files: errors --------------------------------------------------------------------------

enum class KeyFileKind {
    kiosk_secret,
    kiosk_public,
    central_public,
    central_secret,
    recipient_secret,
    recipient_public
};

struct KeyFileInfo {
    const char* title;      // first-line comment
    const char* if_missing; // what to do when the file does not exist
    const char* if_broken;  // what to do when it is malformed
    bool secret;
};

KeyFileInfo info_of(KeyFileKind kind) {
    switch (kind) {
    case KeyFileKind::kiosk_secret:
        return {"# hrc kiosk secret key (format 1) \xe2\x80\x94 keep secret, mode 0600",
                "create the kiosk keys with hrc-admin init",
                "restore it from a backup, or create new kiosk keys with hrc-admin init and give "
                "the new "
                "kiosk.pub to central",
                true};
    case KeyFileKind::kiosk_public:
        return {"# hrc kiosk public key (format 1) \xe2\x80\x94 give this file to central",
                "it is written by hrc-admin init next to kiosk.key",
                "restore it from a backup, or create new kiosk keys with hrc-admin init", false};
    case KeyFileKind::central_public:
        return {"# hrc central identity (format 1) \xe2\x80\x94 public; copy it to every kiosk",
                "copy central.pub from the central server (hrc-central init writes it)",
                "copy central.pub again from the central server", false};
    case KeyFileKind::central_secret:
        return {"# hrc central secret keys (format 1) \xe2\x80\x94 keep secret, mode 0600",
                "restore it from a backup, or create new central keys with hrc-central init",
                "restore it from a backup (reports already sealed can only be opened with the key "
                "in it)",
                true};
    case KeyFileKind::recipient_secret:
        return {"# hrc recipient secret key (format 1) \xe2\x80\x94 keep secret, mode 0600",
                "restore it from a backup, or make a new recipient key pair and give the new "
                "recipient.pub to central",
                "restore it from a backup (exports already made for this recipient can only be "
                "opened with the key in it)",
                true};
    case KeyFileKind::recipient_public:
        return {
            "# hrc recipient public key (format 1) \xe2\x80\x94 give this file to central",
            "ask the recipient for their recipient.pub (it is made next to their recipient.key)",
            "ask the recipient for their recipient.pub again", false};
    }
    return {"", "", "", true};
}

[[noreturn]] void key_file_error(const fs::path& path, const std::string& what, const char* todo) {
    throw Error(Code::key_file, path.string() + ": " + what + "; " + todo);
}

std::string errno_text(int err) {
    return std::strerror(err);
}

std::string octal_mode(mode_t mode) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "%04o", static_cast<unsigned>(mode & 07777));
    return buf;
}

// ---- key files: writing -------------------------------------------------------------------------

// Text being assembled for a key file, held in guarded memory because it may hold secret base64.
class KeyText {
public:
    explicit KeyText(std::size_t capacity) : buf_(capacity) {}

    void add(std::string_view s) {
        reserve(s.size());
        std::memcpy(buf_.data() + len_, s.data(), s.size());
        len_ += s.size();
    }
    void line(std::string_view key, std::string_view value) {
        add(key);
        add(" = ");
        add(value);
        add("\n");
    }
    // Encodes straight into the buffer: the base64 of a secret key exists nowhere else.
    void line_base64(std::string_view key, const unsigned char* bin, std::size_t size) {
        add(key);
        add(" = ");
        const std::size_t encoded = sodium_base64_encoded_len(size, sodium_base64_VARIANT_ORIGINAL);
        reserve(encoded);
        if (sodium_bin2base64(reinterpret_cast<char*>(buf_.data() + len_), encoded, bin, size,
                              sodium_base64_VARIANT_ORIGINAL) == nullptr)
            throw Error(Code::crypto, "libsodium could not encode a key as base64");
        len_ += encoded - 1; // drop the terminating NUL
        add("\n");
    }
    const unsigned char* data() const { return buf_.data(); }
    std::size_t size() const { return len_; }

private:
    void reserve(std::size_t n) {
        if (n > buf_.size() - len_)
            throw Error(Code::internal, "key file text larger than its buffer");
    }
    SecretKey buf_;
    std::size_t len_ = 0;
};

// Values written into key files must survive the line-based format unchanged.
void check_value(const fs::path& path, std::string_view name, std::string_view value,
                 bool may_be_empty) {
    std::string problem;
    if (value.empty() && !may_be_empty) {
        problem = "is empty";
    } else if (!value.empty() && (value.front() == ' ' || value.front() == '\t' ||
                                  value.back() == ' ' || value.back() == '\t')) {
        problem = "starts or ends with a space";
    } else if (std::any_of(value.begin(), value.end(), [](char c) {
                   return static_cast<unsigned char>(c) < 0x20 || c == 0x7f;
               })) {
        problem = "contains a line break or other control character";
    }
    // Code::usage: these values come from an operator's command line (hrc-admin / hrc-central init).
    if (!problem.empty())
        throw Error(Code::usage,
                    "cannot write " + path.string() + ": the " + std::string(name) + " " + problem);
}

bool valid_tls_pin(std::string_view pin);

// Creates `path` holding `text` with exactly `mode`, or throws hrc::Error; never replaces an
// existing file (hrc/atomic_file.h: a reader sees no file or the complete file, and a file that
// appears meanwhile is never overwritten). The text goes from guarded memory straight to the file.
void write_key_file(const fs::path& path, const KeyText& text, mode_t mode) {
    write_file_atomically(path, text.data(), text.size(), mode, IfExists::refuse);
}

// ---- key files: reading -------------------------------------------------------------------------

// A key file read whole into guarded memory and split into "key = value" entries that point into it.
class KeyFile {
public:
    // 64 KiB is far more than any key file; the cap keeps a wrong path (e.g. /dev/zero) harmless.
    static constexpr std::size_t kMaxBytes = 64 * 1024;

    struct Entry {
        std::string_view key;
        std::string_view value;
        int line = 0;
    };

    KeyFile(fs::path path, KeyFileKind kind, std::initializer_list<std::string_view> keys,
            std::string_view repeatable = {})
        : path_(std::move(path)), info_(info_of(kind)), text_(kMaxBytes + 1) {
        load();
        parse(keys, repeatable);
        const std::string_view format = value("format");
        if (format != "1") {
            const bool printable =
                format.size() <= 16 && std::all_of(format.begin(), format.end(),
                                                   [](char c) { return c > 0x20 && c < 0x7f; });
            fail("unknown format " +
                     (printable ? "'" + std::string(format) + "'" : std::string("value")) +
                     " (this version of hrc reads format 1)",
                 "use the hrc version that wrote it, or " + std::string(info_.if_broken));
        }
    }

    [[noreturn]] void fail(const std::string& what) const {
        key_file_error(path_, what, info_.if_broken);
    }
    [[noreturn]] void fail(const std::string& what, const std::string& todo) const {
        key_file_error(path_, what, todo.c_str());
    }

    const Entry* find(std::string_view key) const {
        for (const Entry& e : entries_)
            if (e.key == key) return &e;
        return nullptr;
    }
    std::string_view value(std::string_view key) const {
        const Entry* e = find(key);
        if (e == nullptr) fail("the " + std::string(key) + " line is missing");
        return e->value;
    }
    std::vector<std::string_view> values(std::string_view key) const {
        std::vector<std::string_view> out;
        for (const Entry& e : entries_)
            if (e.key == key) out.push_back(e.value);
        return out;
    }

    // Decodes base64 `key` into exactly `size` bytes at `out` (which may be SecretKey memory).
    void decode(std::string_view key, unsigned char* out, std::size_t size) const {
        const std::string_view b64 = value(key);
        const std::size_t expected =
            sodium_base64_encoded_len(size, sodium_base64_VARIANT_ORIGINAL) - 1;
        if (b64.size() != expected)
            fail("the " + std::string(key) + " has the wrong length (" +
                 std::to_string(b64.size()) + " characters; a " + std::to_string(size) +
                 "-byte key is " + std::to_string(expected) + " characters of base64)");
        std::size_t decoded = 0;
        if (sodium_base642bin(out, size, b64.data(), b64.size(), nullptr, &decoded, nullptr,
                              sodium_base64_VARIANT_ORIGINAL) != 0 ||
            decoded != size) {
            sodium_memzero(out, size);
            fail("the " + std::string(key) + " is not valid base64");
        }
    }
    template <std::size_t N>
    void decode(std::string_view key, std::array<unsigned char, N>& out) const {
        decode(key, out.data(), N);
    }
    void decode(std::string_view key, SecretKey& out) const { decode(key, out.data(), out.size()); }

private:
    void load() {
        const int fd = ::open(path_.c_str(), O_RDONLY | O_CLOEXEC);
        if (fd < 0) {
            const int err = errno;
            if (err == ENOENT) key_file_error(path_, "the file does not exist", info_.if_missing);
            if (err == EACCES)
                key_file_error(
                    path_, "permission denied",
                    "run this as the user that owns the file, or fix its owner with chown");
            key_file_error(path_, "cannot open it: " + errno_text(err), info_.if_broken);
        }
        // fstat on the open descriptor: the checks apply to the file actually read.
        struct stat st {};
        std::string problem;
        const char* todo = info_.if_broken;
        std::string mode_todo;
        if (::fstat(fd, &st) != 0) {
            problem = "cannot read it: " + errno_text(errno);
        } else if (!S_ISREG(st.st_mode)) {
            problem = "it is not a regular file";
        } else if (info_.secret && (st.st_mode & 077) != 0) {
            problem = std::string((st.st_mode & 044) != 0 ? "can be read" : "can be changed") +
                      " by other users (mode " + octal_mode(st.st_mode) + ")";
            mode_todo = "fix it with: chmod 600 " + path_.string();
        } else {
            while (len_ <= kMaxBytes) {
                const ssize_t n = ::read(fd, text_.data() + len_, text_.size() - len_);
                if (n < 0 && errno == EINTR) continue;
                if (n < 0) {
                    problem = "cannot read it: " + errno_text(errno);
                    break;
                }
                if (n == 0) break;
                len_ += static_cast<std::size_t>(n);
            }
            if (problem.empty() && len_ > kMaxBytes) problem = "it is too large to be a key file";
        }
        ::close(fd);
        if (!mode_todo.empty()) // the exact wording operators are told to expect
            throw Error(Code::key_file, path_.string() + " " + problem + "; " + mode_todo);
        if (!problem.empty()) key_file_error(path_, problem, todo);
    }

    void parse(std::initializer_list<std::string_view> keys, std::string_view repeatable) {
        std::string_view text(reinterpret_cast<const char*>(text_.data()), len_);
        if (text.substr(0, 3) == "\xef\xbb\xbf") text.remove_prefix(3); // UTF-8 byte-order mark
        int line_no = 0;
        while (!text.empty()) {
            const std::size_t nl = text.find('\n');
            std::string_view line = text.substr(0, nl);
            text.remove_prefix(nl == std::string_view::npos ? text.size() : nl + 1);
            ++line_no;
            line = trim(line);
            if (line.empty() || line.front() == '#') continue;
            const std::size_t eq = line.find('=');
            if (eq == std::string_view::npos)
                fail("line " + std::to_string(line_no) + " is not of the form \"key = value\"");
            const Entry e{trim(line.substr(0, eq)), trim(line.substr(eq + 1)), line_no};
            if (std::find(keys.begin(), keys.end(), e.key) == keys.end()) {
                std::string expected;
                for (std::string_view k : keys)
                    expected += (expected.empty() ? "" : ", ") + std::string(k);
                fail("line " + std::to_string(line_no) + " has an unknown key " + shown_key(e.key) +
                     " (expected " + expected + ")");
            }
            if (e.key != repeatable && find(e.key) != nullptr)
                fail("line " + std::to_string(line_no) + " repeats " + std::string(e.key) +
                     " (from line " + std::to_string(find(e.key)->line) + ")");
            entries_.push_back(e);
        }
    }

    static std::string_view trim(std::string_view s) {
        const auto space = [](char c) { return c == ' ' || c == '\t' || c == '\r'; };
        while (!s.empty() && space(s.front()))
            s.remove_prefix(1);
        while (!s.empty() && space(s.back()))
            s.remove_suffix(1);
        return s;
    }

    // Names an unknown key only if it looks like one: a damaged line must not echo key material.
    static std::string shown_key(std::string_view key) {
        const bool plain =
            !key.empty() && key.size() <= 32 && std::all_of(key.begin(), key.end(), [](char c) {
                return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                       c == '_' || c == '-';
            });
        return plain ? "'" + std::string(key) + "'" : std::string("(not shown)");
    }

    fs::path path_;
    KeyFileInfo info_;
    SecretKey text_;
    std::size_t len_ = 0;
    std::vector<Entry> entries_;
};

// Ed25519 secret keys are seed ‖ public key; re-deriving from the seed proves the two halves and
// the separate public key line all belong together (a bit flip in either half is caught).
void check_ed25519_pair(const KeyFile& f, const SecretKey& sk,
                        const std::array<unsigned char, 32>& pk, const std::string& sk_name,
                        const std::string& pk_name) {
    std::array<unsigned char, 32> derived{};
    SecretKey scratch(crypto_sign_SECRETKEYBYTES);
    if (crypto_sign_seed_keypair(derived.data(), scratch.data(), sk.data()) != 0)
        throw Error(Code::crypto, "libsodium could not derive an Ed25519 public key");
    if (sodium_memcmp(derived.data(), pk.data(), pk.size()) != 0 ||
        sodium_memcmp(scratch.data(), sk.data(), crypto_sign_SECRETKEYBYTES) != 0)
        f.fail("the " + pk_name + " does not belong to the " + sk_name +
               " (the file was edited, damaged or mixed with another key)");
}

bool valid_tls_pin(std::string_view pin) {
    constexpr std::string_view prefix = "sha256//";
    if (pin.substr(0, prefix.size()) != prefix) return false;
    const std::string_view b64 = pin.substr(prefix.size());
    unsigned char digest[32];
    std::size_t decoded = 0;
    return b64.size() == 44 &&
           sodium_base642bin(digest, sizeof digest, b64.data(), b64.size(), nullptr, &decoded,
                             nullptr, sodium_base64_VARIANT_ORIGINAL) == 0 &&
           decoded == sizeof digest;
}

} // namespace

// ---- key ids and hex ----------------------------------------------------------------------------

KeyId key_id_of(const unsigned char* public_key, std::size_t size) {
    ensure_sodium();
    unsigned char digest[32];
    if (crypto_generichash(digest, sizeof digest, public_key, size, nullptr, 0) != 0)
        throw Error(Code::crypto, "libsodium could not hash a public key");
    KeyId id{};
    std::copy_n(digest, id.size(), id.begin());
    return id;
}

std::string to_hex(const unsigned char* data, std::size_t size) {
    std::string out(size * 2 + 1, '\0');
    sodium_bin2hex(out.data(), out.size(), data, size);
    out.resize(size * 2);
    return out;
}

bool uuid_to_bytes(std::string_view text, std::array<unsigned char, 16>& out) {
    static_assert(kReportIdBytes == 16);
    return parse_uuid(text, out.data());
}

std::string uuid_from_bytes(const unsigned char* bytes) {
    return uuid_text(bytes);
}

// ---- SecretKey ----------------------------------------------------------------------------------

SecretKey::SecretKey(std::size_t size) : size_(size) {
    ensure_sodium();
    // sodium_malloc(0) is legal but a zero-size key is never useful; still allocate 1 so data() is valid.
    data_ = static_cast<unsigned char*>(sodium_malloc(size == 0 ? 1 : size));
    if (data_ == nullptr)
        throw Error(Code::crypto, "out of secure memory for a key (sodium_malloc failed)");
    std::memset(data_, 0, size == 0 ? 1 : size); // sodium_malloc fills with 0xdb, not zero
}

SecretKey::~SecretKey() {
    sodium_free(data_);
} // sodium_free zeroes before unmapping

SecretKey::SecretKey(SecretKey&& other) noexcept
    : data_(std::exchange(other.data_, nullptr)), size_(std::exchange(other.size_, 0)) {}

SecretKey& SecretKey::operator=(SecretKey&& other) noexcept {
    if (this != &other) {
        sodium_free(data_);
        data_ = std::exchange(other.data_, nullptr);
        size_ = std::exchange(other.size_, 0);
    }
    return *this;
}

// ---- key generation -----------------------------------------------------------------------------

KioskKeys generate_kiosk_keys() {
    ensure_sodium();
    KioskKeys k;
    if (crypto_sign_keypair(k.public_key.data(), k.secret_key.data()) != 0)
        throw Error(Code::crypto, "libsodium could not generate the kiosk signing key");
    return k;
}

CentralSecrets generate_central_secrets() {
    ensure_sodium();
    CentralSecrets s;
    if (crypto_box_keypair(s.sealing_public_key.data(), s.sealing_secret_key.data()) != 0)
        throw Error(Code::crypto, "libsodium could not generate the central sealing key");
    if (crypto_sign_keypair(s.ack_public_key.data(), s.ack_secret_key.data()) != 0)
        throw Error(Code::crypto, "libsodium could not generate the central acknowledgement key");
    return s;
}

CentralIdentity central_identity_of(const CentralSecrets& secrets) {
    CentralIdentity id;
    id.sealing_public_key = secrets.sealing_public_key;
    id.sealing_key_id =
        key_id_of(secrets.sealing_public_key.data(), secrets.sealing_public_key.size());
    id.ack_public_key = secrets.ack_public_key;
    return id;
}

bool valid_recipient_name(std::string_view name) {
    return !name.empty() && name.size() <= 64 && std::all_of(name.begin(), name.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
    });
}

RecipientKeys generate_recipient_keys(const std::string& name) {
    // The name is not echoed: it may hold control characters.
    if (!valid_recipient_name(name))
        throw Error(Code::usage, "the recipient name must be 1 to 64 characters of a-z, 0-9 and - "
                                 "(for example police)");
    ensure_sodium();
    RecipientKeys k;
    k.name = name;
    if (crypto_box_keypair(k.public_key.data(), k.secret_key.data()) != 0)
        throw Error(Code::crypto, "libsodium could not generate the recipient key pair");
    return k;
}

RecipientPublicKey public_key_of(const RecipientKeys& keys) {
    RecipientPublicKey p;
    p.name = keys.name;
    p.public_key = keys.public_key;
    p.key_id = key_id_of(keys.public_key.data(), keys.public_key.size());
    return p;
}

// ---- key files ----------------------------------------------------------------------------------

void write_kiosk_secret_key(const fs::path& path, const KioskKeys& keys) {
    if (keys.secret_key.size() != crypto_sign_SECRETKEYBYTES)
        throw Error(Code::crypto, "the kiosk secret key is not a 64-byte Ed25519 key");
    const KeyFileInfo info = info_of(KeyFileKind::kiosk_secret);
    KeyText t(1024);
    t.add(info.title);
    t.add("\nformat = 1\n");
    t.line_base64("public_key", keys.public_key.data(), keys.public_key.size());
    t.line_base64("secret_key", keys.secret_key.data(), keys.secret_key.size());
    write_key_file(path, t, 0600);
}

void write_kiosk_public_key(const fs::path& path, const KioskKeys& keys,
                            const std::string& kiosk_id, const std::string& centre_id) {
    check_value(path, "kiosk id", kiosk_id, false);
    check_value(path, "centre id", centre_id, false);
    if (kiosk_id.size() > kMaxKioskIdBytes)
        throw Error(Code::usage,
                    "cannot write " + path.string() + ": the kiosk id is longer than 255 bytes");
    const KeyFileInfo info = info_of(KeyFileKind::kiosk_public);
    KeyText t(1024 + kiosk_id.size() + centre_id.size());
    t.add(info.title);
    t.add("\nformat = 1\n");
    t.line("kiosk_id", kiosk_id);
    t.line("centre_id", centre_id);
    t.line_base64("public_key", keys.public_key.data(), keys.public_key.size());
    write_key_file(path, t, 0644);
}

KioskKeys read_kiosk_secret_key(const fs::path& path) {
    const KeyFile f(path, KeyFileKind::kiosk_secret, {"format", "public_key", "secret_key"});
    KioskKeys k;
    f.decode("public_key", k.public_key);
    f.decode("secret_key", k.secret_key);
    check_ed25519_pair(f, k.secret_key, k.public_key, "secret_key", "public_key");
    return k;
}

KioskPublicIdentity read_kiosk_public_key(const fs::path& path) {
    const KeyFile f(path, KeyFileKind::kiosk_public,
                    {"format", "kiosk_id", "centre_id", "public_key"});
    KioskPublicIdentity id;
    id.kiosk_id = std::string(f.value("kiosk_id"));
    id.centre_id = std::string(f.value("centre_id"));
    if (id.kiosk_id.empty()) f.fail("the kiosk_id is empty");
    if (id.kiosk_id.size() > kMaxKioskIdBytes) f.fail("the kiosk_id is longer than 255 bytes");
    if (id.centre_id.empty()) f.fail("the centre_id is empty");
    f.decode("public_key", id.public_key);
    return id;
}

void write_central_identity(const fs::path& path, const CentralIdentity& identity) {
    const KeyId id =
        key_id_of(identity.sealing_public_key.data(), identity.sealing_public_key.size());
    if (sodium_memcmp(id.data(), identity.sealing_key_id.data(), id.size()) != 0)
        throw Error(Code::crypto, "cannot write " + path.string() + ": the sealing_key_id " +
                                      to_hex(identity.sealing_key_id) +
                                      " does not match the sealing public key (" + to_hex(id) +
                                      ")");
    std::size_t capacity = 1024 + identity.url.size();
    for (const std::string& pin : identity.tls_pins) {
        check_value(path, "TLS pin", pin, false);
        if (!valid_tls_pin(pin))
            throw Error(Code::usage, "cannot write " + path.string() + ": the TLS pin \"" + pin +
                                         "\" is not sha256//<base64 of a 32-byte SHA-256 digest>");
        capacity += pin.size() + 16;
    }
    check_value(path, "url", identity.url, true);
    const KeyFileInfo info = info_of(KeyFileKind::central_public);
    KeyText t(capacity);
    t.add(info.title);
    t.add("\nformat = 1\n");
    t.line_base64("sealing_public_key", identity.sealing_public_key.data(),
                  identity.sealing_public_key.size());
    t.line("sealing_key_id", to_hex(id));
    t.line_base64("ack_public_key", identity.ack_public_key.data(), identity.ack_public_key.size());
    for (const std::string& pin : identity.tls_pins)
        t.line("tls_pin", pin);
    if (!identity.url.empty()) t.line("url", identity.url);
    write_key_file(path, t, 0644);
}

CentralIdentity read_central_identity(const fs::path& path) {
    const KeyFile f(
        path, KeyFileKind::central_public,
        {"format", "sealing_public_key", "sealing_key_id", "ack_public_key", "tls_pin", "url"},
        "tls_pin");
    CentralIdentity id;
    f.decode("sealing_public_key", id.sealing_public_key);
    f.decode("ack_public_key", id.ack_public_key);
    const KeyId actual = key_id_of(id.sealing_public_key.data(), id.sealing_public_key.size());
    const std::string_view hex = f.value("sealing_key_id");
    std::size_t decoded = 0;
    if (hex.size() != 2 * id.sealing_key_id.size() ||
        sodium_hex2bin(id.sealing_key_id.data(), id.sealing_key_id.size(), hex.data(), hex.size(),
                       nullptr, &decoded, nullptr) != 0 ||
        decoded != id.sealing_key_id.size())
        f.fail("the sealing_key_id is not 16 hexadecimal characters");
    if (id.sealing_key_id != actual)
        f.fail("the sealing_key_id " + std::string(hex) +
               " does not match the sealing_public_key (whose key id is " + to_hex(actual) +
               "); the file was edited or damaged");
    for (std::string_view pin : f.values("tls_pin")) {
        if (!valid_tls_pin(pin))
            f.fail("a tls_pin is not sha256//<base64 of a 32-byte SHA-256 digest>");
        id.tls_pins.emplace_back(pin);
    }
    if (const KeyFile::Entry* url = f.find("url")) id.url = std::string(url->value);
    return id;
}

void write_central_secrets(const fs::path& path, const CentralSecrets& secrets) {
    if (secrets.sealing_secret_key.size() != crypto_box_SECRETKEYBYTES ||
        secrets.ack_secret_key.size() != crypto_sign_SECRETKEYBYTES)
        throw Error(Code::crypto, "the central secret keys have the wrong sizes");
    const KeyFileInfo info = info_of(KeyFileKind::central_secret);
    KeyText t(1024);
    t.add(info.title);
    t.add("\nformat = 1\n");
    t.line_base64("sealing_public_key", secrets.sealing_public_key.data(),
                  secrets.sealing_public_key.size());
    t.line_base64("sealing_secret_key", secrets.sealing_secret_key.data(),
                  secrets.sealing_secret_key.size());
    t.line_base64("ack_public_key", secrets.ack_public_key.data(), secrets.ack_public_key.size());
    t.line_base64("ack_secret_key", secrets.ack_secret_key.data(), secrets.ack_secret_key.size());
    write_key_file(path, t, 0600);
}

CentralSecrets read_central_secrets(const fs::path& path) {
    const KeyFile f(
        path, KeyFileKind::central_secret,
        {"format", "sealing_public_key", "sealing_secret_key", "ack_public_key", "ack_secret_key"});
    CentralSecrets s;
    f.decode("sealing_public_key", s.sealing_public_key);
    f.decode("sealing_secret_key", s.sealing_secret_key);
    f.decode("ack_public_key", s.ack_public_key);
    f.decode("ack_secret_key", s.ack_secret_key);
    std::array<unsigned char, 32> derived{};
    if (crypto_scalarmult_base(derived.data(), s.sealing_secret_key.data()) != 0)
        throw Error(Code::crypto, "libsodium could not derive an X25519 public key");
    if (sodium_memcmp(derived.data(), s.sealing_public_key.data(), derived.size()) != 0)
        f.fail("the sealing_public_key does not belong to the sealing_secret_key (the file was "
               "edited, damaged "
               "or mixed with another key)");
    check_ed25519_pair(f, s.ack_secret_key, s.ack_public_key, "ack_secret_key", "ack_public_key");
    return s;
}

namespace {

// Writers refuse what readers would refuse (Code::usage: the name comes from an operator).
void check_recipient_name(const fs::path& path, const std::string& name) {
    if (!valid_recipient_name(name))
        throw Error(Code::usage,
                    "cannot write " + path.string() +
                        ": the recipient name must be 1 to 64 characters of a-z, 0-9 and -");
}

std::string read_recipient_name(const KeyFile& f) {
    const std::string_view name = f.value("recipient");
    if (!valid_recipient_name(name))
        f.fail("the recipient is not 1 to 64 characters of a-z, 0-9 and -");
    return std::string(name);
}

} // namespace

void write_recipient_secret_key(const fs::path& path, const RecipientKeys& keys) {
    check_recipient_name(path, keys.name);
    if (keys.secret_key.size() != crypto_box_SECRETKEYBYTES)
        throw Error(Code::crypto, "the recipient secret key is not a 32-byte X25519 key");
    const KeyFileInfo info = info_of(KeyFileKind::recipient_secret);
    KeyText t(1024);
    t.add(info.title);
    t.add("\nformat = 1\n");
    t.line("recipient", keys.name);
    t.line_base64("public_key", keys.public_key.data(), keys.public_key.size());
    t.line_base64("secret_key", keys.secret_key.data(), keys.secret_key.size());
    write_key_file(path, t, 0600);
}

void write_recipient_public_key(const fs::path& path, const RecipientKeys& keys) {
    check_recipient_name(path, keys.name);
    const KeyFileInfo info = info_of(KeyFileKind::recipient_public);
    KeyText t(1024);
    t.add(info.title);
    t.add("\nformat = 1\n");
    t.line("recipient", keys.name);
    t.line_base64("public_key", keys.public_key.data(), keys.public_key.size());
    t.line("key_id", to_hex(key_id_of(keys.public_key.data(), keys.public_key.size())));
    write_key_file(path, t, 0644);
}

RecipientKeys read_recipient_secret_key(const fs::path& path) {
    const KeyFile f(path, KeyFileKind::recipient_secret,
                    {"format", "recipient", "public_key", "secret_key"});
    RecipientKeys k;
    k.name = read_recipient_name(f);
    f.decode("public_key", k.public_key);
    f.decode("secret_key", k.secret_key);
    std::array<unsigned char, 32> derived{};
    if (crypto_scalarmult_base(derived.data(), k.secret_key.data()) != 0)
        throw Error(Code::crypto, "libsodium could not derive an X25519 public key");
    if (sodium_memcmp(derived.data(), k.public_key.data(), derived.size()) != 0)
        f.fail("the public_key does not belong to the secret_key (the file was edited, damaged or "
               "mixed with another key)");
    return k;
}

RecipientPublicKey read_recipient_public_key(const fs::path& path) {
    const KeyFile f(path, KeyFileKind::recipient_public,
                    {"format", "recipient", "public_key", "key_id"});
    RecipientPublicKey p;
    p.name = read_recipient_name(f);
    f.decode("public_key", p.public_key);
    const KeyId actual = key_id_of(p.public_key.data(), p.public_key.size());
    const std::string_view hex = f.value("key_id");
    std::size_t decoded = 0;
    if (hex.size() != 2 * p.key_id.size() ||
        sodium_hex2bin(p.key_id.data(), p.key_id.size(), hex.data(), hex.size(), nullptr, &decoded,
                       nullptr) != 0 ||
        decoded != p.key_id.size())
        f.fail("the key_id is not 16 hexadecimal characters");
    if (p.key_id != actual)
        f.fail("the key_id " + std::string(hex) +
               " does not match the public_key (whose key id is " + to_hex(actual) +
               "); the file was edited or damaged");
    return p;
}

// ---- sealing ------------------------------------------------------------------------------------

SealedReport seal(std::string_view plaintext, const std::string& report_id,
                  const std::string& kiosk_id, int schema_version, const CentralIdentity& central,
                  const KioskKeys& kiosk) {
    ensure_sodium();
    // Bad arguments are a caller's bug in building the report, not a crypto failure.
    unsigned char rid[kReportIdBytes];
    if (!parse_uuid(report_id, rid))
        throw Error(Code::invalid_report,
                    "cannot seal: the report id \"" + report_id + "\" is not a UUID");
    if (kiosk_id.empty() || kiosk_id.size() > kMaxKioskIdBytes)
        throw Error(Code::invalid_report, "cannot seal: the kiosk id must be 1 to 255 bytes long");
    if (schema_version < 0 || schema_version > 0xffff)
        throw Error(Code::invalid_report, "cannot seal: schema version " +
                                              std::to_string(schema_version) + " is not 0..65535");
    if (kiosk.secret_key.size() != crypto_sign_SECRETKEYBYTES)
        throw Error(Code::crypto, "cannot seal: the kiosk secret key is not a 64-byte Ed25519 key");

    // The recipient key id is derived from the key actually used to wrap, never taken on trust.
    const KeyId recipient =
        key_id_of(central.sealing_public_key.data(), central.sealing_public_key.size());
    SealedReport out;
    out.sealed = build_header(rid, kiosk_id, schema_version, recipient);
    const std::size_t header_size = out.sealed.size();
    const std::size_t aad_size = header_size - kAadOffset;
    out.sealed.resize(header_size + kWrappedKeyBytes + kNonceBytes + plaintext.size() + kTagBytes);
    unsigned char* wrapped = out.sealed.data() + header_size;
    unsigned char* nonce = wrapped + kWrappedKeyBytes;
    unsigned char* ciphertext = nonce + kNonceBytes;

    StackSecret<kContentKeyBytes> content_key;
    crypto_aead_xchacha20poly1305_ietf_keygen(content_key.data());
    if (crypto_box_seal(wrapped, content_key.data(), content_key.size(),
                        central.sealing_public_key.data()) != 0)
        throw Error(Code::crypto, "cannot seal: libsodium could not wrap the content key");
    randombytes_buf(nonce, kNonceBytes);
    unsigned long long clen = 0;
    // Encrypt straight into the output so the plaintext is never copied.
    if (crypto_aead_xchacha20poly1305_ietf_encrypt(
            ciphertext, &clen, reinterpret_cast<const unsigned char*>(plaintext.data()),
            plaintext.size(), out.sealed.data() + kAadOffset, aad_size, nullptr, nonce,
            content_key.data()) != 0 ||
        clen != plaintext.size() + kTagBytes)
        throw Error(Code::crypto, "cannot seal: libsodium could not encrypt the report");

    const Bytes message = signed_message(out.sealed);
    out.signature.resize(kSignatureBytes);
    if (crypto_sign_detached(out.signature.data(), nullptr, message.data(), message.size(),
                             kiosk.secret_key.data()) != 0)
        throw Error(Code::crypto, "cannot seal: libsodium could not sign the sealed report");
    return out;
}

SealedHeader read_sealed_header(const Bytes& sealed) {
    return parse_header(sealed).header;
}

bool verify_signature(const SealedReport& report,
                      const std::array<unsigned char, 32>& kiosk_public_key) {
    try {
        if (report.signature.size() != kSignatureBytes) return false;
        if (sodium_init() < 0) return false;
        const Bytes message = signed_message(report.sealed);
        return crypto_sign_verify_detached(report.signature.data(), message.data(), message.size(),
                                           kiosk_public_key.data()) == 0;
    } catch (...) {
        return false; // e.g. bad_alloc: "does not verify" is the safe answer
    }
}

OpenedReport open_sealed(const SealedReport& report,
                         const std::array<unsigned char, 32>& kiosk_public_key,
                         const CentralSecrets& central) {
    ensure_sodium();
    // Signature first: nothing else about the bytes is trusted before we know which kiosk sent them.
    if (!verify_signature(report, kiosk_public_key))
        throw Error(Code::crypto, "the kiosk signature does not verify: the report was changed or "
                                  "signed by another kiosk");
    const ParsedHeader p = parse_header(report.sealed);

    const KeyId ours =
        key_id_of(central.sealing_public_key.data(), central.sealing_public_key.size());
    if (p.header.recipient_key_id != ours)
        throw Error(Code::crypto, "sealed for another central key (key id " +
                                      to_hex(p.header.recipient_key_id) + ", this central is " +
                                      to_hex(ours) + ")");
    if (central.sealing_secret_key.size() != crypto_box_SECRETKEYBYTES)
        throw Error(Code::crypto, "the central sealing secret key is not a 32-byte X25519 key");

    const unsigned char* wrapped = report.sealed.data() + p.header_size;
    const unsigned char* nonce = wrapped + kWrappedKeyBytes;
    const unsigned char* ciphertext = nonce + kNonceBytes;
    const std::size_t clen = report.sealed.size() - p.header_size - kWrappedKeyBytes - kNonceBytes;

    StackSecret<kContentKeyBytes> content_key; // wiped on every path
    if (crypto_box_seal_open(content_key.data(), wrapped, kWrappedKeyBytes,
                             central.sealing_public_key.data(),
                             central.sealing_secret_key.data()) != 0)
        throw Error(Code::crypto, "the content key cannot be unwrapped with this central key");

    OpenedReport out;
    out.header = p.header;
    // Decrypt straight into the result string (sized once, never reallocated), wiped on failure.
    out.plaintext.resize(clen - kTagBytes);
    unsigned long long mlen = 0;
    const int rc = crypto_aead_xchacha20poly1305_ietf_decrypt(
        reinterpret_cast<unsigned char*>(out.plaintext.data()), &mlen, nullptr, ciphertext, clen,
        report.sealed.data() + kAadOffset, p.header_size - kAadOffset, nonce, content_key.data());
    if (rc != 0 || mlen != clen - kTagBytes) {
        sodium_memzero(out.plaintext.data(), out.plaintext.size());
        throw Error(Code::crypto, "the report does not authenticate: it was changed after sealing");
    }
    return out;
}

} // namespace hrc
