// Tests for hrc/seal.h: sealing and opening (every tampered, truncated or re-signed variant must be
// refused with the message naming the check that failed), key ids, SecretKey, and the four key
// files (round trip, no overwrite, modes, and clear errors for every kind of damage).
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>

#include <catch2/catch.hpp>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hrc/error.h"
#include "hrc/seal.h"

#include "error_of.h"
#include "test_support.h"

namespace fs = std::filesystem;
using Catch::Matchers::Contains;
using Catch::Matchers::Equals;
using Catch::Matchers::StartsWith;

namespace {

const std::string kReportId = "3f2b8c1e-9d4a-4b6f-8e21-7c5d0a9b1f34";
const std::string kKioskId = "leicester-central-01";
// Urdu, Gujarati and English: the sealed bytes must carry UTF-8 through unchanged.
const std::string kPlaintext = "{\"description\":\"مجھے بس میں گالیاں دی گئیں\","
                               "\"gu\":\"મને બસમાં ધમકી આપવામાં આવી\","
                               "\"en\":\"shouted at me on the bus\"}";

using hrc_test::TempDir;

std::string read_text(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

void write_text(const fs::path& path, const std::string& text, mode_t mode) {
    {
        std::ofstream out(path, std::ios::binary | std::ios::trunc);
        out << text;
    }
    REQUIRE(::chmod(path.c_str(), mode) == 0);
}

mode_t mode_of(const fs::path& path) {
    struct stat st {};
    REQUIRE(::stat(path.c_str(), &st) == 0);
    return st.st_mode & 07777;
}

using hrc_test::error_of;

// Re-signs `report.sealed` with `kiosk`: models an attacker who holds a kiosk key.
void resign(hrc::SealedReport& report, const hrc::KioskKeys& kiosk) {
    std::string message = "hrc-sealed-report-v1";
    message.append(report.sealed.begin(), report.sealed.end());
    report.signature.assign(crypto_sign_BYTES, 0);
    REQUIRE(crypto_sign_detached(report.signature.data(), nullptr,
                                 reinterpret_cast<const unsigned char*>(message.data()),
                                 message.size(), kiosk.secret_key.data()) == 0);
}

// Offsets of the header fields for kKioskId (docs/sealed-format.md).
constexpr std::size_t kOffReportId = 5;
constexpr std::size_t kOffKioskLen = 21;
constexpr std::size_t kOffKioskId = 22;
const std::size_t kOffSchema = kOffKioskId + kKioskId.size();
const std::size_t kOffKeyId = kOffSchema + 2;
const std::size_t kHeaderSize = kOffKeyId + 8;

struct World {
    hrc::KioskKeys kiosk = hrc::generate_kiosk_keys();
    hrc::CentralSecrets central = hrc::generate_central_secrets();
    hrc::CentralIdentity identity = hrc::central_identity_of(central);

    hrc::SealedReport seal(const std::string& plaintext = kPlaintext) const {
        return hrc::seal(plaintext, kReportId, kKioskId, 1, identity, kiosk);
    }
};

const std::string kBadSignature =
    "the kiosk signature does not verify: the report was changed or signed by another kiosk";
const std::string kNotAuthentic = "the report does not authenticate: it was changed after sealing";

} // namespace

// ---- key ids, hex, SecretKey --------------------------------------------------------------------

TEST_CASE("seal: key_id_of is the first 8 bytes of BLAKE2b-256, shown as hex", "[seal]") {
    const std::string abc = "abc";
    // BLAKE2b-256("abc") = bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319
    const hrc::KeyId id =
        hrc::key_id_of(reinterpret_cast<const unsigned char*>(abc.data()), abc.size());
    CHECK(hrc::to_hex(id) == "bddd813c63423972");
    const unsigned char bytes[] = {0x00, 0x0f, 0xa0, 0xff};
    CHECK(hrc::to_hex(bytes, sizeof bytes) == "000fa0ff");
    CHECK(hrc::to_hex(bytes, 0).empty());

    const World w;
    CHECK(w.identity.sealing_key_id ==
          hrc::key_id_of(w.central.sealing_public_key.data(), w.central.sealing_public_key.size()));
    CHECK(w.identity.sealing_public_key == w.central.sealing_public_key);
    CHECK(w.identity.ack_public_key == w.central.ack_public_key);
    CHECK(w.identity.tls_pins.empty());
    CHECK(w.identity.url.empty());
}

TEST_CASE("seal: SecretKey is zero-filled and moves without copying", "[seal]") {
    hrc::SecretKey a(64);
    REQUIRE(a.size() == 64);
    CHECK(std::all_of(a.data(), a.data() + a.size(), [](unsigned char c) { return c == 0; }));
    a.data()[0] = 42;
    const unsigned char* where = a.data();

    hrc::SecretKey b(std::move(a));
    CHECK(b.data() == where);
    CHECK(b.size() == 64);
    CHECK(b.data()[0] == 42);
    CHECK(a.data() == nullptr); // NOLINT(bugprone-use-after-move): moved-from state is specified
    CHECK(a.size() == 0);

    hrc::SecretKey c(8);
    c = std::move(b);
    CHECK(c.data() == where);
    CHECK(c.size() == 64);

    hrc::KioskKeys k = hrc::generate_kiosk_keys();
    const hrc::KioskKeys moved(std::move(k));
    CHECK(moved.secret_key.size() == 64);
    CHECK(k.secret_key.data() == nullptr); // NOLINT(bugprone-use-after-move)
}

// ---- seal / open --------------------------------------------------------------------------------

TEST_CASE("seal: round trip gives the exact plaintext and header", "[seal]") {
    const World w;
    for (const std::string& plaintext : {kPlaintext, std::string(), std::string(100000, 'x')}) {
        const hrc::SealedReport r = w.seal(plaintext);
        CHECK(r.signature.size() == 64);
        CHECK(r.sealed.size() == kHeaderSize + 80 + 24 + plaintext.size() + 16);
        CHECK(hrc::verify_signature(r, w.kiosk.public_key));

        const hrc::OpenedReport opened = hrc::open_sealed(r, w.kiosk.public_key, w.central);
        CHECK(opened.plaintext == plaintext);
        CHECK(opened.header.report_id == kReportId);
        CHECK(opened.header.kiosk_id == kKioskId);
        CHECK(opened.header.schema_version == 1);
        CHECK(opened.header.recipient_key_id == w.identity.sealing_key_id);

        const hrc::SealedHeader h = hrc::read_sealed_header(r.sealed);
        CHECK(h.report_id == kReportId);
        CHECK(h.kiosk_id == kKioskId);
        CHECK(h.schema_version == 1);
        CHECK(h.recipient_key_id == w.identity.sealing_key_id);
    }

    // Header layout: magic, version, then the AAD fields in order.
    const hrc::SealedReport r = hrc::seal(kPlaintext, "3F2B8C1E-9D4A-4B6F-8E21-7C5D0A9B1F34", "k",
                                          65535, w.identity, w.kiosk);
    CHECK(std::string(r.sealed.begin(), r.sealed.begin() + 4) == "HRCS");
    CHECK(r.sealed[4] == 1);
    CHECK(hrc::to_hex(r.sealed.data() + 5, 16) == "3f2b8c1e9d4a4b6f8e217c5d0a9b1f34");
    CHECK(r.sealed[21] == 1);
    CHECK(r.sealed[22] == 'k');
    CHECK(r.sealed[23] == 0xff);
    CHECK(r.sealed[24] == 0xff);
    CHECK(std::equal(w.identity.sealing_key_id.begin(), w.identity.sealing_key_id.end(),
                     r.sealed.begin() + 25));
    const hrc::OpenedReport opened = hrc::open_sealed(r, w.kiosk.public_key, w.central);
    CHECK(opened.header.report_id == kReportId); // upper-case input, lower-case out
    CHECK(opened.header.kiosk_id == "k");
    CHECK(opened.header.schema_version == 65535);
    CHECK(opened.plaintext == kPlaintext);

    const std::string long_kiosk(255, 'a');
    const hrc::SealedReport rl = hrc::seal("x", kReportId, long_kiosk, 0, w.identity, w.kiosk);
    CHECK(hrc::open_sealed(rl, w.kiosk.public_key, w.central).header.kiosk_id == long_kiosk);
}

TEST_CASE("seal: two seals of the same plaintext differ (fresh key and nonce)", "[seal]") {
    const World w;
    const hrc::SealedReport a = w.seal();
    const hrc::SealedReport b = w.seal();
    REQUIRE(a.sealed.size() == b.sealed.size());
    CHECK(a.sealed != b.sealed);
    // Identical header, different wrapped key, different nonce, different ciphertext.
    CHECK(std::equal(a.sealed.begin(), a.sealed.begin() + static_cast<std::ptrdiff_t>(kHeaderSize),
                     b.sealed.begin()));
    const auto differs = [&](std::size_t from, std::size_t size) {
        return !std::equal(a.sealed.begin() + static_cast<std::ptrdiff_t>(from),
                           a.sealed.begin() + static_cast<std::ptrdiff_t>(from + size),
                           b.sealed.begin() + static_cast<std::ptrdiff_t>(from));
    };
    CHECK(differs(kHeaderSize, 80));
    CHECK(differs(kHeaderSize + 80, 24));
    CHECK(differs(kHeaderSize + 104, a.sealed.size() - kHeaderSize - 104));
    CHECK(a.signature != b.signature);
}

TEST_CASE("seal: the plaintext does not appear in the sealed bytes", "[seal]") {
    const World w;
    const std::string canary = "CANARY-7f3e-do-not-leak";
    const std::string plaintext = "{\"description\":\"" + canary + " " + canary + "\"}";
    const hrc::SealedReport r = w.seal(plaintext);
    const std::string sealed(r.sealed.begin(), r.sealed.end());
    CHECK(sealed.find(canary) == std::string::npos);
    CHECK(sealed.find("CANARY") == std::string::npos);
    CHECK(sealed.find("description") == std::string::npos);
    const std::string signature(r.signature.begin(), r.signature.end());
    CHECK(signature.find("CANARY") == std::string::npos);
    CHECK(hrc::open_sealed(r, w.kiosk.public_key, w.central).plaintext == plaintext);
}

TEST_CASE("seal: bad arguments are refused", "[seal]") {
    const World w;
    const auto seal_with = [&](const std::string& report_id, const std::string& kiosk_id,
                               int schema) {
        return [&, report_id, kiosk_id, schema] {
            hrc::seal("x", report_id, kiosk_id, schema, w.identity, w.kiosk);
        };
    };
    CHECK_THAT(error_of(seal_with("not-a-uuid", kKioskId, 1), hrc::Code::invalid_report),
               Contains("not a UUID"));
    CHECK_THAT(error_of(seal_with("3f2b8c1e-9d4a-4b6f-8e21-7c5d0a9b1f3g", kKioskId, 1),
                        hrc::Code::invalid_report),
               Contains("not a UUID"));
    CHECK_THAT(error_of(seal_with("3f2b8c1e9d4a-4b6f-8e21-7c5d0a9b1f34-", kKioskId, 1),
                        hrc::Code::invalid_report),
               Contains("not a UUID"));
    CHECK_THAT(error_of(seal_with(kReportId, "", 1), hrc::Code::invalid_report),
               Contains("1 to 255 bytes"));
    CHECK_THAT(error_of(seal_with(kReportId, std::string(256, 'k'), 1), hrc::Code::invalid_report),
               Contains("1 to 255 bytes"));
    CHECK_THAT(error_of(seal_with(kReportId, kKioskId, -1), hrc::Code::invalid_report),
               Contains("schema version"));
    CHECK_THAT(error_of(seal_with(kReportId, kKioskId, 65536), hrc::Code::invalid_report),
               Contains("schema version"));

    hrc::KioskKeys emptied = hrc::generate_kiosk_keys();
    hrc::SecretKey taken(std::move(emptied.secret_key));
    CHECK_THAT(error_of([&] { hrc::seal("x", kReportId, kKioskId, 1, w.identity, emptied); },
                        hrc::Code::crypto),
               Contains("64-byte"));
}

TEST_CASE("seal: every flipped bit of the sealed bytes is rejected", "[seal]") {
    const World w;
    const hrc::SealedReport good = w.seal();
    std::size_t rejected = 0;
    for (std::size_t i = 0; i < good.sealed.size(); ++i) {
        for (int bit = 0; bit < 8; ++bit) {
            hrc::SealedReport bad = good;
            bad.sealed[i] = static_cast<unsigned char>(bad.sealed[i] ^ (1u << bit));
            CHECK_FALSE(hrc::verify_signature(bad, w.kiosk.public_key));
            try {
                hrc::open_sealed(bad, w.kiosk.public_key, w.central);
                FAIL("a report with byte " << i << " bit " << bit << " flipped was opened");
            } catch (const hrc::Error& e) {
                CHECK(e.code() == hrc::Code::crypto);
                CHECK(std::string(e.what()) == kBadSignature);
                ++rejected;
            }
            // The header parser sees the same bytes without a signature check: it must not crash,
            // and may only fail with Code::crypto.
            try {
                (void)hrc::read_sealed_header(bad.sealed);
            } catch (const hrc::Error& e) {
                CHECK(e.code() == hrc::Code::crypto);
            }
        }
    }
    CHECK(rejected == good.sealed.size() * 8);
}

TEST_CASE("seal: every flipped bit of the signature is rejected", "[seal]") {
    const World w;
    const hrc::SealedReport good = w.seal();
    for (std::size_t i = 0; i < good.signature.size(); ++i) {
        for (int bit = 0; bit < 8; ++bit) {
            hrc::SealedReport bad = good;
            bad.signature[i] = static_cast<unsigned char>(bad.signature[i] ^ (1u << bit));
            CHECK_FALSE(hrc::verify_signature(bad, w.kiosk.public_key));
            CHECK(error_of([&] { hrc::open_sealed(bad, w.kiosk.public_key, w.central); },
                           hrc::Code::crypto) == kBadSignature);
        }
    }
    // Wrong sizes, including none at all.
    for (std::size_t size : {0u, 1u, 63u, 65u, 128u}) {
        hrc::SealedReport bad = good;
        bad.signature.resize(size);
        CHECK_FALSE(hrc::verify_signature(bad, w.kiosk.public_key));
        CHECK(error_of([&] { hrc::open_sealed(bad, w.kiosk.public_key, w.central); },
                       hrc::Code::crypto) == kBadSignature);
    }
}

TEST_CASE("seal: truncation at every length is rejected, even when re-signed", "[seal]") {
    const World w;
    const hrc::SealedReport good = w.seal();
    for (std::size_t len = 0; len < good.sealed.size(); ++len) {
        hrc::SealedReport bad = good;
        bad.sealed.resize(len);
        CHECK(error_of([&] { hrc::open_sealed(bad, w.kiosk.public_key, w.central); },
                       hrc::Code::crypto) == kBadSignature);
        try {
            (void)hrc::read_sealed_header(bad.sealed);
            CHECK(len >=
                  kHeaderSize + 80 + 24 + 16); // only lengths that can hold a whole layout parse
        } catch (const hrc::Error& e) {
            CHECK(e.code() == hrc::Code::crypto);
            CHECK_THAT(e.what(), StartsWith("not a sealed hrc report: "));
        }
        // A holder of the kiosk key who truncates and re-signs is still caught.
        resign(bad, w.kiosk);
        const std::string message = error_of(
            [&] { hrc::open_sealed(bad, w.kiosk.public_key, w.central); }, hrc::Code::crypto);
        if (len < kHeaderSize + 80 + 24 + 16)
            CHECK_THAT(message, StartsWith("not a sealed hrc report: "));
        else
            CHECK(message == kNotAuthentic);
    }
    // Appending bytes is caught the same ways.
    hrc::SealedReport longer = good;
    longer.sealed.push_back(0);
    CHECK(error_of([&] { hrc::open_sealed(longer, w.kiosk.public_key, w.central); },
                   hrc::Code::crypto) == kBadSignature);
    resign(longer, w.kiosk);
    CHECK(error_of([&] { hrc::open_sealed(longer, w.kiosk.public_key, w.central); },
                   hrc::Code::crypto) == kNotAuthentic);
}

TEST_CASE("seal: a report sealed for another central is refused with both key ids", "[seal]") {
    const World w;
    const hrc::CentralSecrets other = hrc::generate_central_secrets();
    const hrc::SealedReport r = w.seal();
    const std::string message =
        error_of([&] { hrc::open_sealed(r, w.kiosk.public_key, other); }, hrc::Code::crypto);
    const hrc::KeyId other_id =
        hrc::key_id_of(other.sealing_public_key.data(), other.sealing_public_key.size());
    CHECK(message == "sealed for another central key (key id " +
                         hrc::to_hex(w.identity.sealing_key_id) + ", this central is " +
                         hrc::to_hex(other_id) + ")");
}

TEST_CASE("seal: a re-signed header naming this central's key id does not open", "[seal]") {
    const World w;
    const hrc::CentralSecrets other = hrc::generate_central_secrets();
    // Sealed to `other`, then the recipient key id rewritten to ours and re-signed by the kiosk.
    hrc::SealedReport r =
        hrc::seal(kPlaintext, kReportId, kKioskId, 1, hrc::central_identity_of(other), w.kiosk);
    std::copy(w.identity.sealing_key_id.begin(), w.identity.sealing_key_id.end(),
              r.sealed.begin() + static_cast<std::ptrdiff_t>(kOffKeyId));
    resign(r, w.kiosk);
    CHECK(hrc::read_sealed_header(r.sealed).recipient_key_id == w.identity.sealing_key_id);
    CHECK(
        error_of([&] { hrc::open_sealed(r, w.kiosk.public_key, w.central); }, hrc::Code::crypto) ==
        "the content key cannot be unwrapped with this central key");

    // Sealed to us, key id rewritten to another's and re-signed: the key-id check refuses it.
    hrc::SealedReport s = w.seal();
    s.sealed[kOffKeyId] ^= 0x01;
    resign(s, w.kiosk);
    CHECK_THAT(
        error_of([&] { hrc::open_sealed(s, w.kiosk.public_key, w.central); }, hrc::Code::crypto),
        StartsWith("sealed for another central key (key id "));

    // Sealed to us, the wrapped key from another of our reports swapped in and re-signed.
    hrc::SealedReport t = w.seal();
    const hrc::SealedReport donor = w.seal();
    std::copy_n(donor.sealed.begin() + static_cast<std::ptrdiff_t>(kHeaderSize), 80,
                t.sealed.begin() + static_cast<std::ptrdiff_t>(kHeaderSize));
    resign(t, w.kiosk);
    CHECK(error_of([&] { hrc::open_sealed(t, w.kiosk.public_key, w.central); },
                   hrc::Code::crypto) == kNotAuthentic);
}

TEST_CASE("seal: another kiosk's signature is refused", "[seal]") {
    const World w;
    const hrc::KioskKeys other = hrc::generate_kiosk_keys();
    const hrc::SealedReport r = w.seal();
    CHECK_FALSE(hrc::verify_signature(r, other.public_key));
    CHECK(error_of([&] { hrc::open_sealed(r, other.public_key, w.central); }, hrc::Code::crypto) ==
          kBadSignature);

    hrc::SealedReport forged = r;
    resign(forged, other); // another kiosk signs our sealed bytes
    CHECK(hrc::verify_signature(forged, other.public_key));
    CHECK(error_of([&] { hrc::open_sealed(forged, w.kiosk.public_key, w.central); },
                   hrc::Code::crypto) == kBadSignature);
}

TEST_CASE("seal: a validly signed forged header fails authentication", "[seal]") {
    const World w;
    const std::function<void(hrc::Bytes&)> forgeries[] = {
        [](hrc::Bytes& s) { s[kOffKioskId] = 'L'; }, // another kiosk id, same length
        [](hrc::Bytes& s) { s[kOffKioskId + kKioskId.size() - 1] = '2'; },
        [](hrc::Bytes& s) { s[kOffReportId + 3] ^= 0x10; }, // another report id
        [](hrc::Bytes& s) { s[kOffSchema + 1] = 2; },       // another schema version
        [](hrc::Bytes& s) {                                 // a shorter kiosk id
            s.erase(s.begin() + static_cast<std::ptrdiff_t>(kOffKioskId));
            s[kOffKioskLen] = static_cast<unsigned char>(kKioskId.size() - 1);
        },
        [](hrc::Bytes& s) { s[kHeaderSize + 80] ^= 0x01; }, // the nonce
        [](hrc::Bytes& s) { s.back() ^= 0x01; },            // the tag
    };
    for (const auto& forge : forgeries) {
        hrc::SealedReport r = w.seal();
        forge(r.sealed);
        resign(r, w.kiosk);
        REQUIRE(hrc::verify_signature(r, w.kiosk.public_key));
        CHECK(error_of([&] { hrc::open_sealed(r, w.kiosk.public_key, w.central); },
                       hrc::Code::crypto) == kNotAuthentic);
    }
    hrc::SealedReport r = w.seal();
    r.sealed[kOffKioskId] = 'L';
    resign(r, w.kiosk);
    CHECK(hrc::read_sealed_header(r.sealed).kiosk_id == "Leicester-central-01");
}

TEST_CASE("seal: read_sealed_header names what is malformed", "[seal]") {
    const World w;
    const hrc::SealedReport good = w.seal();
    const auto message = [](hrc::Bytes bytes) {
        return error_of([&] { (void)hrc::read_sealed_header(bytes); }, hrc::Code::crypto);
    };
    CHECK(message({}) == "not a sealed hrc report: it does not start with \"HRCS\"");
    CHECK(message({'H', 'R', 'C', '1', 1}) ==
          "not a sealed hrc report: it does not start with \"HRCS\"");
    CHECK(message({'H', 'R', 'C', 'S'}) ==
          "not a sealed hrc report: it ends before the format version");
    hrc::Bytes v2 = good.sealed;
    v2[4] = 2;
    CHECK(message(v2) ==
          "not a sealed hrc report: format version 2 is not supported (this hrc reads version 1)");
    hrc::Bytes empty_kiosk = good.sealed;
    empty_kiosk[kOffKioskLen] = 0;
    CHECK(message(empty_kiosk) == "not a sealed hrc report: the kiosk id is empty");
    hrc::Bytes huge_kiosk(good.sealed.begin(), good.sealed.begin() + 40);
    huge_kiosk[kOffKioskLen] = 255;
    CHECK(message(huge_kiosk) == "not a sealed hrc report: it ends inside the kiosk id");
    const hrc::Bytes header_only(good.sealed.begin(),
                                 good.sealed.begin() + static_cast<std::ptrdiff_t>(kHeaderSize));
    CHECK(message(header_only) == "not a sealed hrc report: it is too short to hold the wrapped "
                                  "key, nonce and authentication tag");
    const std::string json = "{\"report_id\":\"x\"}";
    CHECK(message(hrc::Bytes(json.begin(), json.end())) ==
          "not a sealed hrc report: it does not start with \"HRCS\"");
}

TEST_CASE("seal: verify_signature never throws on junk", "[seal]") {
    const World w;
    hrc::SealedReport junk;
    CHECK_FALSE(hrc::verify_signature(junk, w.kiosk.public_key));
    junk.signature.assign(64, 0);
    CHECK_FALSE(hrc::verify_signature(junk, w.kiosk.public_key));
    junk.sealed.assign(1000, 0xff);
    CHECK_FALSE(hrc::verify_signature(junk, w.kiosk.public_key));
    CHECK_FALSE(hrc::verify_signature(w.seal(), std::array<unsigned char, 32>{}));
}

// ---- key files ----------------------------------------------------------------------------------

TEST_CASE("key files: all four round trip with the documented modes", "[seal][keyfiles]") {
    const TempDir dir;
    const World w;
    hrc::CentralIdentity identity = w.identity;
    identity.tls_pins = {"sha256//" + std::string(43, 'A') + "=",
                         "sha256//" + std::string(42, 'B') + "E="};
    identity.url = "https://central.example.org:8443/hrc";

    hrc::write_kiosk_secret_key(dir / "kiosk.key", w.kiosk);
    hrc::write_kiosk_public_key(dir / "kiosk.pub", w.kiosk, kKioskId, "leicester");
    hrc::write_central_identity(dir / "central.pub", identity);
    hrc::write_central_secrets(dir / "central.key", w.central);

    CHECK(mode_of(dir / "kiosk.key") == 0600);
    CHECK(mode_of(dir / "kiosk.pub") == 0644);
    CHECK(mode_of(dir / "central.pub") == 0644);
    CHECK(mode_of(dir / "central.key") == 0600);
    // Nothing else (no temporary files) is left behind.
    CHECK(std::distance(fs::directory_iterator(dir.path()), fs::directory_iterator()) == 4);

    const hrc::KioskKeys kiosk = hrc::read_kiosk_secret_key(dir / "kiosk.key");
    CHECK(kiosk.public_key == w.kiosk.public_key);
    REQUIRE(kiosk.secret_key.size() == 64);
    CHECK(std::memcmp(kiosk.secret_key.data(), w.kiosk.secret_key.data(), 64) == 0);

    const hrc::KioskPublicIdentity pub = hrc::read_kiosk_public_key(dir / "kiosk.pub");
    CHECK(pub.public_key == w.kiosk.public_key);
    CHECK(pub.kiosk_id == kKioskId);
    CHECK(pub.centre_id == "leicester");

    const hrc::CentralIdentity ci = hrc::read_central_identity(dir / "central.pub");
    CHECK(ci.sealing_public_key == identity.sealing_public_key);
    CHECK(ci.sealing_key_id == identity.sealing_key_id);
    CHECK(ci.ack_public_key == identity.ack_public_key);
    CHECK(ci.tls_pins == identity.tls_pins); // order kept
    CHECK(ci.url == identity.url);

    const hrc::CentralSecrets cs = hrc::read_central_secrets(dir / "central.key");
    CHECK(cs.sealing_public_key == w.central.sealing_public_key);
    CHECK(cs.ack_public_key == w.central.ack_public_key);
    CHECK(std::memcmp(cs.sealing_secret_key.data(), w.central.sealing_secret_key.data(), 32) == 0);
    CHECK(std::memcmp(cs.ack_secret_key.data(), w.central.ack_secret_key.data(), 64) == 0);

    // The keys read back work together end to end.
    const hrc::SealedReport r = hrc::seal(kPlaintext, kReportId, pub.kiosk_id, 1, ci, kiosk);
    CHECK(hrc::open_sealed(r, pub.public_key, cs).plaintext == kPlaintext);

    // The documented text: a naming comment first, then format = 1; hex key id in central.pub.
    const std::string key_text = read_text(dir / "kiosk.key");
    CHECK_THAT(key_text, StartsWith("# hrc kiosk secret key (format 1)"));
    CHECK_THAT(key_text, Contains("\nformat = 1\n"));
    CHECK_THAT(read_text(dir / "central.pub"),
               Contains("\nsealing_key_id = " + hrc::to_hex(identity.sealing_key_id) + "\n"));
    CHECK_THAT(read_text(dir / "kiosk.pub"), Contains("\nkiosk_id = " + kKioskId + "\n"));

    // No pins and no url: both come back empty.
    hrc::write_central_identity(dir / "bare.pub", w.identity);
    const hrc::CentralIdentity bare = hrc::read_central_identity(dir / "bare.pub");
    CHECK(bare.tls_pins.empty());
    CHECK(bare.url.empty());
}

TEST_CASE("key files: writers refuse to overwrite", "[seal][keyfiles]") {
    const TempDir dir;
    const World w;
    const struct {
        const char* name;
        std::function<void(const fs::path&)> write;
    } writers[] = {
        {"kiosk.key", [&](const fs::path& p) { hrc::write_kiosk_secret_key(p, w.kiosk); }},
        {"kiosk.pub",
         [&](const fs::path& p) { hrc::write_kiosk_public_key(p, w.kiosk, kKioskId, "c"); }},
        {"central.pub", [&](const fs::path& p) { hrc::write_central_identity(p, w.identity); }},
        {"central.key", [&](const fs::path& p) { hrc::write_central_secrets(p, w.central); }},
    };
    for (const auto& writer : writers) {
        const fs::path path = dir / writer.name;
        write_text(path, "precious\n", 0600);
        CHECK(error_of([&] { writer.write(path); }, hrc::Code::already_exists) ==
              path.string() + " already exists; refusing to overwrite it");
        CHECK(read_text(path) == "precious\n");
    }
    // A dangling symlink is a name that exists too.
    fs::create_symlink(dir / "nowhere", dir / "link.key");
    CHECK(error_of([&] { hrc::write_kiosk_secret_key(dir / "link.key", w.kiosk); },
                   hrc::Code::already_exists) ==
          (dir / "link.key").string() + " already exists; refusing to overwrite it");
    CHECK_FALSE(fs::exists(dir / "nowhere"));
    // No temporary files left behind by the refusals.
    CHECK(std::distance(fs::directory_iterator(dir.path()), fs::directory_iterator()) == 5);

    // A folder that does not exist is a file error.
    CHECK_THAT(
        error_of([&] { hrc::write_kiosk_secret_key(dir / "missing" / "kiosk.key", w.kiosk); },
                 hrc::Code::io),
        Contains("cannot create " + (dir / "missing" / "kiosk.key").string()));
}

TEST_CASE("key files: a secret key file readable by others is refused", "[seal][keyfiles]") {
    const TempDir dir;
    const World w;
    const fs::path key = dir / "kiosk.key";
    hrc::write_kiosk_secret_key(key, w.kiosk);
    REQUIRE(::chmod(key.c_str(), 0644) == 0);
    CHECK(error_of([&] { hrc::read_kiosk_secret_key(key); }, hrc::Code::key_file) ==
          key.string() + " can be read by other users (mode 0644); fix it with: chmod 600 " +
              key.string());
    REQUIRE(::chmod(key.c_str(), 0640) == 0);
    CHECK_THAT(error_of([&] { hrc::read_kiosk_secret_key(key); }, hrc::Code::key_file),
               Contains("(mode 0640); fix it with: chmod 600 "));
    REQUIRE(::chmod(key.c_str(), 0400) == 0);
    CHECK(hrc::read_kiosk_secret_key(key).public_key == w.kiosk.public_key);

    const fs::path central = dir / "central.key";
    hrc::write_central_secrets(central, w.central);
    REQUIRE(::chmod(central.c_str(), 0604) == 0);
    CHECK(error_of([&] { hrc::read_central_secrets(central); }, hrc::Code::key_file) ==
          central.string() + " can be read by other users (mode 0604); fix it with: chmod 600 " +
              central.string());

    // Public files may be world-readable.
    hrc::write_kiosk_public_key(dir / "kiosk.pub", w.kiosk, kKioskId, "c");
    CHECK(hrc::read_kiosk_public_key(dir / "kiosk.pub").kiosk_id == kKioskId);
}

TEST_CASE("key files: malformed files are refused naming the file", "[seal][keyfiles]") {
    const TempDir dir;
    const World w;
    hrc::CentralIdentity identity = w.identity;
    identity.tls_pins = {"sha256//" + std::string(43, 'A') + "="};
    hrc::write_kiosk_secret_key(dir / "kiosk.key", w.kiosk);
    hrc::write_kiosk_public_key(dir / "kiosk.pub", w.kiosk, kKioskId, "leicester");
    hrc::write_central_identity(dir / "central.pub", identity);
    hrc::write_central_secrets(dir / "central.key", w.central);

    const struct {
        const char* file;
        std::function<void(const fs::path&)> read;
    } readers[] = {
        {"kiosk.key", [](const fs::path& p) { hrc::read_kiosk_secret_key(p); }},
        {"kiosk.pub", [](const fs::path& p) { hrc::read_kiosk_public_key(p); }},
        {"central.pub", [](const fs::path& p) { hrc::read_central_identity(p); }},
        {"central.key", [](const fs::path& p) { hrc::read_central_secrets(p); }},
    };

    // Each reader: missing file, and a sample of damage to its own good text.
    for (const auto& reader : readers) {
        const std::string good = read_text(dir / reader.file);
        const fs::path bad = dir / ("bad-" + std::string(reader.file));
        const auto refused = [&](const std::string& text) {
            write_text(bad, text, 0600);
            const std::string message = error_of([&] { reader.read(bad); }, hrc::Code::key_file);
            CHECK_THAT(message, StartsWith(bad.string() + ": "));
            CHECK_THAT(message, Contains("; "));
            fs::remove(bad);
            return message;
        };
        const auto replaced = [&](const std::string& from, const std::string& to) {
            std::string text = good;
            const std::size_t at = text.find(from);
            REQUIRE(at != std::string::npos);
            text.replace(at, from.size(), to);
            return text;
        };
        // A line "key = <base64>": returns the start of the value of the first such line.
        const std::size_t first_value = good.find(" = ", good.find("_key = ")) + 3;

        INFO(reader.file);
        CHECK_THAT(error_of([&] { reader.read(dir / "absent"); }, hrc::Code::key_file),
                   StartsWith((dir / "absent").string() + ": the file does not exist; "));
        CHECK_THAT(refused(""), Contains("the format line is missing"));
        CHECK_THAT(refused(replaced("format = 1", "format = 2")),
                   Contains("unknown format '2' (this version of hrc reads format 1)"));
        CHECK_THAT(refused(replaced("format = 1\n", "")), Contains("the format line is missing"));
        CHECK_THAT(refused(good + "colour = blue\n"), Contains("line "));
        CHECK_THAT(refused(good + "colour = blue\n"), Contains("unknown key 'colour'"));
        CHECK_THAT(refused(good + "garbage\n"), Contains("is not of the form \"key = value\""));
        CHECK_THAT(refused(good + "format = 1\n"), Contains("repeats format"));
        {
            std::string text = good; // bad base64 character, same length
            text[first_value + 2] = '*';
            CHECK_THAT(refused(text), Contains("is not valid base64"));
        }
        {
            std::string text = good; // one character short
            text.erase(first_value + 2, 1);
            CHECK_THAT(refused(text), Contains("has the wrong length"));
        }
        {
            std::string text = good; // a line missing entirely
            const std::size_t line_start = good.rfind('\n', first_value) + 1;
            text.erase(line_start, good.find('\n', first_value) + 1 - line_start);
            CHECK_THAT(refused(text), Contains("line is missing"));
        }
        CHECK_THAT(refused(std::string(70000, 'x')), Contains("too large"));
        // Comments, blank lines, CRLF and spaces around '=' are fine.
        {
            std::string text;
            for (char c : good) {
                if (c == '\n')
                    text += "\r\n";
                else
                    text += c;
            }
            write_text(bad, "\n# extra comment\n\n" + text, 0600);
            CHECK_NOTHROW(reader.read(bad));
            fs::remove(bad);
        }
        {
            write_text(bad, replaced("format = 1", "  format=1  "), 0600);
            CHECK_NOTHROW(reader.read(bad));
            fs::remove(bad);
        }
    }

    // A folder given instead of a file.
    CHECK_THAT(error_of([&] { hrc::read_central_identity(dir.path()); }, hrc::Code::key_file),
               Contains("not a regular file"));
}

TEST_CASE("key files: keys that do not belong together are refused", "[seal][keyfiles]") {
    const TempDir dir;
    const World w;
    const World other;
    const auto b64 = [](const unsigned char* data, std::size_t size) {
        std::string out(sodium_base64_encoded_len(size, sodium_base64_VARIANT_ORIGINAL), '\0');
        REQUIRE(sodium_bin2base64(out.data(), out.size(), data, size,
                                  sodium_base64_VARIANT_ORIGINAL) != nullptr);
        out.resize(out.size() - 1);
        return out;
    };
    const auto swap_line = [](const std::string& text, const std::string& key,
                              const std::string& value) {
        const std::size_t at = text.find("\n" + key + " = ");
        REQUIRE(at != std::string::npos);
        const std::size_t from = at + key.size() + 4;
        std::string out = text;
        out.replace(from, text.find('\n', from) - from, value);
        return out;
    };

    // central.pub with a mismatching sealing_key_id.
    hrc::write_central_identity(dir / "central.pub", w.identity);
    const std::string pub = read_text(dir / "central.pub");
    write_text(dir / "c1.pub",
               swap_line(pub, "sealing_key_id", hrc::to_hex(other.identity.sealing_key_id)), 0644);
    CHECK_THAT(error_of([&] { hrc::read_central_identity(dir / "c1.pub"); }, hrc::Code::key_file),
               StartsWith((dir / "c1.pub").string() + ": the sealing_key_id " +
                          hrc::to_hex(other.identity.sealing_key_id) +
                          " does not match the sealing_public_key (whose key id is " +
                          hrc::to_hex(w.identity.sealing_key_id) + ")"));
    write_text(dir / "c2.pub", swap_line(pub, "sealing_key_id", "xyz"), 0644);
    CHECK_THAT(error_of([&] { hrc::read_central_identity(dir / "c2.pub"); }, hrc::Code::key_file),
               Contains("the sealing_key_id is not 16 hexadecimal characters"));
    write_text(dir / "c3.pub", pub + "tls_pin = sha1//abc\n", 0644);
    CHECK_THAT(error_of([&] { hrc::read_central_identity(dir / "c3.pub"); }, hrc::Code::key_file),
               Contains("tls_pin is not sha256//"));

    // kiosk.key whose public key belongs to another kiosk, or whose secret half is damaged.
    hrc::write_kiosk_secret_key(dir / "kiosk.key", w.kiosk);
    const std::string key = read_text(dir / "kiosk.key");
    write_text(dir / "k1.key", swap_line(key, "public_key", b64(other.kiosk.public_key.data(), 32)),
               0600);
    CHECK_THAT(error_of([&] { hrc::read_kiosk_secret_key(dir / "k1.key"); }, hrc::Code::key_file),
               Contains("the public_key does not belong to the secret_key"));
    hrc::SecretKey damaged(64);
    std::memcpy(damaged.data(), w.kiosk.secret_key.data(), 64);
    damaged.data()[0] ^= 1; // the seed half
    write_text(dir / "k2.key", swap_line(key, "secret_key", b64(damaged.data(), 64)), 0600);
    CHECK_THAT(error_of([&] { hrc::read_kiosk_secret_key(dir / "k2.key"); }, hrc::Code::key_file),
               Contains("does not belong"));

    // central.key with a sealing secret from another central.
    hrc::write_central_secrets(dir / "central.key", w.central);
    const std::string ckey = read_text(dir / "central.key");
    write_text(
        dir / "c.key",
        swap_line(ckey, "sealing_secret_key", b64(other.central.sealing_secret_key.data(), 32)),
        0600);
    CHECK_THAT(error_of([&] { hrc::read_central_secrets(dir / "c.key"); }, hrc::Code::key_file),
               Contains("the sealing_public_key does not belong to the sealing_secret_key"));
    write_text(dir / "d.key",
               swap_line(ckey, "ack_public_key", b64(other.central.ack_public_key.data(), 32)),
               0600);
    CHECK_THAT(error_of([&] { hrc::read_central_secrets(dir / "d.key"); }, hrc::Code::key_file),
               Contains("the ack_public_key does not belong to the ack_secret_key"));

    // A secret key file's error never echoes its contents.
    write_text(dir / "e.key", key + b64(w.kiosk.secret_key.data(), 64) + " = x\n", 0600);
    const std::string message =
        error_of([&] { hrc::read_kiosk_secret_key(dir / "e.key"); }, hrc::Code::key_file);
    CHECK_THAT(message, Contains("unknown key (not shown)"));
    CHECK_THAT(message, !Contains(b64(w.kiosk.secret_key.data(), 64).substr(0, 20)));
}

TEST_CASE("key files: writers refuse values that would break the format", "[seal][keyfiles]") {
    const TempDir dir;
    const World w;
    CHECK_THAT(error_of([&] { hrc::write_kiosk_public_key(dir / "a.pub", w.kiosk, "a\nb", "c"); },
                        hrc::Code::usage),
               Contains("the kiosk id contains a line break"));
    CHECK_THAT(error_of([&] { hrc::write_kiosk_public_key(dir / "a.pub", w.kiosk, "", "c"); },
                        hrc::Code::usage),
               Contains("the kiosk id is empty"));
    CHECK_THAT(error_of([&] { hrc::write_kiosk_public_key(dir / "a.pub", w.kiosk, "k", " c"); },
                        hrc::Code::usage),
               Contains("the centre id starts or ends with a space"));
    hrc::CentralIdentity bad_pin = w.identity;
    bad_pin.tls_pins = {"sha256//short"};
    CHECK_THAT(
        error_of([&] { hrc::write_central_identity(dir / "a.pub", bad_pin); }, hrc::Code::usage),
        Contains("is not sha256//"));
    hrc::CentralIdentity bad_url = w.identity;
    bad_url.url = "https://x\nsealing_key_id = 0000000000000000";
    CHECK_THAT(
        error_of([&] { hrc::write_central_identity(dir / "a.pub", bad_url); }, hrc::Code::usage),
        Contains("the url contains a line break"));
    hrc::CentralIdentity bad_id = w.identity;
    bad_id.sealing_key_id[0] ^= 1;
    CHECK_THAT(
        error_of([&] { hrc::write_central_identity(dir / "a.pub", bad_id); }, hrc::Code::crypto),
        Contains("does not match the sealing public key"));
    CHECK_FALSE(fs::exists(dir / "a.pub"));
    CHECK(fs::is_empty(dir.path()));
}
