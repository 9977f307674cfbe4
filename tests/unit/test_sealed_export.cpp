// Tests for hrc/sealed_export.h: exports sealed by central for one recipient. Round trips of every
// size that matters to the chunking; the byte layout of docs/sealed-format.md (rebuilt here by hand
// from the document); every flipped bit, every truncation, trailing bytes, oversized chunk
// lengths, another recipient's key and another central's signature refused; and the recipient
// key files (round trip, modes, no overwrite, clear errors).
#include <algorithm>
#include <array>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <sodium.h>
#include <sys/stat.h>

#include "hrc/error.h"
#include "hrc/seal.h"
#include "hrc/sealed_export.h"

#include "error_of.h"
#include "test_support.h"

namespace fs = std::filesystem;
using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;

namespace {

using hrc_test::TempDir;

const std::string kExportId = "0b7e4c52-3d1f-4a8e-9c6b-2f5a1d7e9b30";
constexpr std::int64_t kCreatedAt = 1743084000; // 2025-03-27T14:00:00Z
constexpr std::size_t kChunk = 64 * 1024;

using hrc_test::error_of;

std::string random_text(std::size_t size) {
    std::string s(size, '\0');
    randombytes_buf(s.data(), s.size());
    return s;
}

hrc::ExportHeader header_for(const std::string& recipient,
                             const std::string& type = "application/json") {
    hrc::ExportHeader h;
    h.recipient = recipient;
    h.export_id = kExportId;
    h.created_at = kCreatedAt;
    h.content_type = type;
    return h;
}

struct World {
    hrc::RecipientKeys police = hrc::generate_recipient_keys("police");
    hrc::RecipientPublicKey police_pub = hrc::public_key_of(police);
    hrc::CentralSecrets central = hrc::generate_central_secrets();

    // Seals `plaintext`, written in pieces whose sizes cycle through `pieces` (0 = all at once).
    std::string seal(const std::string& plaintext, const std::vector<std::size_t>& pieces = {0},
                     const hrc::CentralSecrets* by = nullptr) const {
        std::string file;
        hrc::ExportSealer sealer(header_for("police"), police_pub,
                                 (by ? *by : central).ack_secret_key,
                                 [&](const unsigned char* p, std::size_t n) {
                                     file.append(reinterpret_cast<const char*>(p), n);
                                 });
        std::size_t at = 0;
        for (std::size_t i = 0; at < plaintext.size(); ++i) {
            const std::size_t want =
                pieces[i % pieces.size()] == 0 ? plaintext.size() : pieces[i % pieces.size()];
            const std::size_t n = std::min(want, plaintext.size() - at);
            sealer.write(std::string_view(plaintext).substr(at, n));
            at += n;
        }
        sealer.finish();
        return file;
    }

    // Opens `file` with `keys` (police by default) checking central's signature; returns the
    // plaintext.
    std::string open(const std::string& file, const hrc::RecipientKeys* keys = nullptr,
                     hrc::ExportHeader* header = nullptr, bool check_signature = true) const {
        std::istringstream in(file);
        std::string plaintext;
        const hrc::ExportHeader h = hrc::open_export(
            in, keys ? *keys : police, check_signature ? &central.ack_public_key : nullptr,
            [&](std::string_view piece) {
                CHECK(piece.size() <= kChunk);
                plaintext.append(piece);
            });
        if (header) *header = h;
        return plaintext;
    }
};

// Size of the header for recipient "police" and content type "application/json".
constexpr std::size_t kHeaderSize = 4 + 1 + 1 + 6 + 8 + 8 + 16 + 8 + 1 + 16;
constexpr std::size_t kFirstChunk = kHeaderSize + 80 + 24; // offset of the first chunk's length

// The documented size of an export of `plaintext_size` bytes (docs/sealed-format.md).
std::size_t expected_size(std::size_t plaintext_size) {
    const std::size_t chunks = plaintext_size == 0 ? 1 : (plaintext_size + kChunk - 1) / kChunk;
    return kFirstChunk + chunks * (4 + 17) + plaintext_size + 64;
}

// Ed25519ph over the documented message: "hrc-sealed-export-v1" ‖ everything before the signature.
std::string sign_as_documented(const std::string& unsigned_part,
                               const hrc::SecretKey& central_secret) {
    crypto_sign_state st;
    REQUIRE(crypto_sign_init(&st) == 0);
    const std::string prefix = "hrc-sealed-export-v1";
    REQUIRE(crypto_sign_update(&st, reinterpret_cast<const unsigned char*>(prefix.data()),
                               prefix.size()) == 0);
    REQUIRE(crypto_sign_update(&st, reinterpret_cast<const unsigned char*>(unsigned_part.data()),
                               unsigned_part.size()) == 0);
    unsigned char sig[64];
    REQUIRE(crypto_sign_final_create(&st, sig, nullptr, central_secret.data()) == 0);
    return std::string(reinterpret_cast<const char*>(sig), sizeof sig);
}

void put_u32(std::string& s, std::uint32_t v) {
    for (int shift = 24; shift >= 0; shift -= 8)
        s.push_back(static_cast<char>((v >> shift) & 0xff));
}

// An export built by hand from docs/sealed-format.md alone (not with ExportSealer), so the document
// is checked to be enough to write a compatible implementation. Each chunk is (plaintext, tag).
std::string hand_made(const World& w,
                      const std::vector<std::pair<std::string, unsigned char>>& chunks) {
    std::string h = "HRCX";
    h.push_back('\x01');
    h.push_back('\x06');
    h += "police";
    const hrc::KeyId rk = hrc::key_id_of(w.police.public_key.data(), 32);
    const hrc::KeyId ck = hrc::key_id_of(w.central.ack_public_key.data(), 32);
    h.append(rk.begin(), rk.end());
    h.append(ck.begin(), ck.end());
    unsigned char id[16];
    size_t id_len = 0;
    const std::string hex = "0b7e4c523d1f4a8e9c6b2f5a1d7e9b30";
    REQUIRE(sodium_hex2bin(id, sizeof id, hex.data(), hex.size(), nullptr, &id_len, nullptr) == 0);
    h.append(reinterpret_cast<const char*>(id), sizeof id);
    for (int shift = 56; shift >= 0; shift -= 8)
        h.push_back(static_cast<char>((static_cast<std::uint64_t>(kCreatedAt) >> shift) & 0xff));
    h.push_back(static_cast<char>(std::strlen("text/csv")));
    h += "text/csv";

    unsigned char key[crypto_secretstream_xchacha20poly1305_KEYBYTES];
    crypto_secretstream_xchacha20poly1305_keygen(key);
    unsigned char wrapped[80];
    REQUIRE(crypto_box_seal(wrapped, key, sizeof key, w.police.public_key.data()) == 0);
    crypto_secretstream_xchacha20poly1305_state st;
    unsigned char sh[24];
    REQUIRE(crypto_secretstream_xchacha20poly1305_init_push(&st, sh, key) == 0);

    std::string file = h;
    file.append(reinterpret_cast<const char*>(wrapped), sizeof wrapped);
    file.append(reinterpret_cast<const char*>(sh), sizeof sh);
    for (const auto& [text, tag] : chunks) {
        std::vector<unsigned char> c(text.size() + 17);
        unsigned long long clen = 0;
        REQUIRE(crypto_secretstream_xchacha20poly1305_push(
                    &st, c.data(), &clen, reinterpret_cast<const unsigned char*>(text.data()),
                    text.size(), reinterpret_cast<const unsigned char*>(h.data()), h.size(),
                    tag) == 0);
        put_u32(file, static_cast<std::uint32_t>(clen));
        file.append(reinterpret_cast<const char*>(c.data()), clen);
    }
    sodium_memzero(key, sizeof key);
    return file + sign_as_documented(file, w.central.ack_secret_key);
}

constexpr unsigned char kMessage = crypto_secretstream_xchacha20poly1305_TAG_MESSAGE;
constexpr unsigned char kFinal = crypto_secretstream_xchacha20poly1305_TAG_FINAL;

} // namespace

// ---- round trips --------------------------------------------------------------------------------

TEST_CASE("sealed export: round trip at every size that matters to chunking", "[sealed_export]") {
    const World w;
    // Odd piece sizes, so chunk boundaries fall inside pieces and pieces span chunks.
    const std::vector<std::size_t> odd = {1, 3, 4093, 65535, 65537, 70001, 7};
    for (const std::size_t size :
         {std::size_t{0}, std::size_t{1}, std::size_t{100}, kChunk - 1, kChunk, kChunk + 1,
          2 * kChunk, (std::size_t{1} << 20) + 12345}) {
        CAPTURE(size);
        const std::string plaintext = random_text(size);
        for (const auto& pieces : {std::vector<std::size_t>{0}, odd}) {
            const std::string file = w.seal(plaintext, pieces);
            CHECK(file.size() == expected_size(size));
            hrc::ExportHeader h;
            CHECK(w.open(file, nullptr, &h) == plaintext);
            CHECK(h.recipient == "police");
            CHECK(h.recipient_key_id == w.police_pub.key_id);
            CHECK(h.central_key_id == hrc::key_id_of(w.central.ack_public_key.data(), 32));
            CHECK(h.export_id == kExportId);
            CHECK(h.created_at == kCreatedAt);
            CHECK(h.content_type == "application/json");
        }
    }
}

TEST_CASE("sealed export: byte layout is as documented", "[sealed_export]") {
    const World w;
    const std::string plaintext = random_text(kChunk + 5);
    const std::string file = w.seal(plaintext);
    const auto u = [&](std::size_t i) { return static_cast<unsigned char>(file[i]); };

    CHECK(file.substr(0, 4) == "HRCX");
    CHECK(u(4) == 1);
    CHECK(u(5) == 6);
    CHECK(file.substr(6, 6) == "police");
    CHECK(hrc::to_hex(reinterpret_cast<const unsigned char*>(file.data()) + 12, 8) ==
          hrc::to_hex(w.police_pub.key_id));
    CHECK(hrc::to_hex(reinterpret_cast<const unsigned char*>(file.data()) + 20, 8) ==
          hrc::to_hex(hrc::key_id_of(w.central.ack_public_key.data(), 32)));
    CHECK(hrc::to_hex(reinterpret_cast<const unsigned char*>(file.data()) + 28, 16) ==
          "0b7e4c523d1f4a8e9c6b2f5a1d7e9b30");
    std::uint64_t created = 0;
    for (std::size_t i = 44; i < 52; ++i)
        created = (created << 8) | u(i);
    CHECK(created == static_cast<std::uint64_t>(kCreatedAt));
    CHECK(u(52) == 16);
    CHECK(file.substr(53, 16) == "application/json");
    REQUIRE(kHeaderSize == 69);

    // Chunk 1: full (65536 + 17), chunk 2: the 5 remaining bytes + 17, then the signature.
    const auto u32 = [&](std::size_t i) {
        return (std::uint32_t{u(i)} << 24) | (std::uint32_t{u(i + 1)} << 16) |
               (std::uint32_t{u(i + 2)} << 8) | u(i + 3);
    };
    CHECK(u32(kFirstChunk) == kChunk + 17);
    const std::size_t second = kFirstChunk + 4 + kChunk + 17;
    CHECK(u32(second) == 5 + 17);
    const std::size_t sig_at = second + 4 + 5 + 17;
    REQUIRE(file.size() == sig_at + 64);

    // The signature is Ed25519ph over the prefix and every byte before it, checkable without hrc.
    crypto_sign_state st;
    REQUIRE(crypto_sign_init(&st) == 0);
    const std::string message = "hrc-sealed-export-v1" + file.substr(0, sig_at);
    REQUIRE(crypto_sign_update(&st, reinterpret_cast<const unsigned char*>(message.data()),
                               message.size()) == 0);
    CHECK(crypto_sign_final_verify(&st,
                                   reinterpret_cast<const unsigned char*>(file.data()) + sig_at,
                                   w.central.ack_public_key.data()) == 0);

    // The content key unwraps with crypto_box_seal_open and the chunks pull with the header as AAD.
    unsigned char key[32];
    REQUIRE(crypto_box_seal_open(key,
                                 reinterpret_cast<const unsigned char*>(file.data()) + kHeaderSize,
                                 80, w.police.public_key.data(), w.police.secret_key.data()) == 0);
    crypto_secretstream_xchacha20poly1305_state ps;
    REQUIRE(crypto_secretstream_xchacha20poly1305_init_pull(
                &ps, reinterpret_cast<const unsigned char*>(file.data()) + kHeaderSize + 80, key) ==
            0);
    sodium_memzero(key, sizeof key);
    std::vector<unsigned char> m(kChunk);
    unsigned long long mlen = 0;
    unsigned char tag = 0xff;
    const auto* aad = reinterpret_cast<const unsigned char*>(file.data());
    REQUIRE(crypto_secretstream_xchacha20poly1305_pull(
                &ps, m.data(), &mlen, &tag,
                reinterpret_cast<const unsigned char*>(file.data()) + kFirstChunk + 4, kChunk + 17,
                aad, kHeaderSize) == 0);
    CHECK(mlen == kChunk);
    CHECK(tag == kMessage);
    CHECK(std::memcmp(m.data(), plaintext.data(), kChunk) == 0);
    REQUIRE(crypto_secretstream_xchacha20poly1305_pull(
                &ps, m.data(), &mlen, &tag,
                reinterpret_cast<const unsigned char*>(file.data()) + second + 4, 5 + 17, aad,
                kHeaderSize) == 0);
    CHECK(mlen == 5);
    CHECK(tag == kFinal);
    CHECK(std::memcmp(m.data(), plaintext.data() + kChunk, 5) == 0);
}

TEST_CASE("sealed export: an export made by hand from the document opens", "[sealed_export]") {
    const World w;
    const std::string a = random_text(kChunk);
    hrc::ExportHeader h;
    CHECK(w.open(hand_made(w, {{a, kMessage}, {"tail", kFinal}}), nullptr, &h) == a + "tail");
    CHECK(h.content_type == "text/csv");
    CHECK(h.export_id == kExportId);
    CHECK(w.open(hand_made(w, {{"", kFinal}})).empty());

    // What hrc never writes is refused even though it authenticates and is signed.
    CHECK_THAT(error_of(
                   [&] {
                       w.open(hand_made(w, {{"short", kMessage}, {"x", kFinal}}));
                   },
                   hrc::Code::crypto),
               Contains("chunk 1 is not a full chunk"));
    CHECK_THAT(error_of(
                   [&] {
                       w.open(hand_made(w, {{a, crypto_secretstream_xchacha20poly1305_TAG_REKEY},
                                            {"x", kFinal}}));
                   },
                   hrc::Code::crypto),
               Contains("unknown tag"));
    // No final chunk: the signature is read as a chunk length and refused either way.
    error_of([&] { w.open(hand_made(w, {{a, kMessage}})); }, hrc::Code::crypto);
    // A chunk after the final one is trailing data.
    error_of([&] { w.open(hand_made(w, {{"x", kFinal}, {"y", kFinal}})); }, hrc::Code::crypto);
}

TEST_CASE("sealed export: two exports of the same plaintext share only the header",
          "[sealed_export]") {
    const World w;
    const std::string plaintext(1000, 'a');
    const std::string a = w.seal(plaintext);
    const std::string b = w.seal(plaintext);
    CHECK(a.substr(0, kHeaderSize) == b.substr(0, kHeaderSize));
    CHECK(a.substr(kHeaderSize, 104) != b.substr(kHeaderSize, 104));
    CHECK(a.find(plaintext.substr(0, 32)) == std::string::npos);
}

// ---- keys ---------------------------------------------------------------------------------------

TEST_CASE("sealed export: another recipient's key is refused naming both key ids",
          "[sealed_export]") {
    const World w;
    const std::string file = w.seal("secret");
    const hrc::RecipientKeys stats = hrc::generate_recipient_keys("statistics");
    const std::string stats_id = hrc::to_hex(hrc::public_key_of(stats).key_id);
    const std::string police_id = hrc::to_hex(w.police_pub.key_id);
    const std::string msg = error_of([&] { w.open(file, &stats); }, hrc::Code::crypto);
    CHECK_THAT(msg, Contains("for police (recipient key id " + police_id + ")"));
    CHECK_THAT(msg, Contains("statistics, key id " + stats_id));

    // A new police key (the old one rotated) does not open exports made for the old one.
    const hrc::RecipientKeys police2 = hrc::generate_recipient_keys("police");
    CHECK_THAT(error_of([&] { w.open(file, &police2); }, hrc::Code::crypto), Contains(police_id));
}

TEST_CASE("sealed export: another central's signature is refused", "[sealed_export]") {
    const World w;
    const hrc::CentralSecrets other = hrc::generate_central_secrets();
    const std::string file = w.seal("from the other central", {0}, &other);
    CHECK_THAT(error_of([&] { w.open(file); }, hrc::Code::crypto),
               Contains("made by another central"));
    // Without a central key it opens: it is sealed for police, just not proven to be ours.
    CHECK(w.open(file, nullptr, nullptr, false) == "from the other central");

    // Re-signed by another key with our central's key id left in the header: the signature fails.
    std::string ours = w.seal("x");
    ours.replace(ours.size() - 64, 64,
                 sign_as_documented(ours.substr(0, ours.size() - 64), other.ack_secret_key));
    CHECK_THAT(error_of([&] { w.open(ours); }, hrc::Code::crypto),
               Contains("central's signature does not verify"));
}

TEST_CASE("sealed export: the sealer takes key ids from the keys and refuses bad headers",
          "[sealed_export]") {
    const World w;
    const auto sink = [](const unsigned char*, std::size_t) {};
    hrc::ExportHeader h = header_for("");
    h.recipient_key_id.fill(0xaa);
    h.central_key_id.fill(0xbb);
    hrc::ExportSealer sealer(h, w.police_pub, w.central.ack_secret_key, sink);
    CHECK(sealer.header().recipient == "police");
    CHECK(sealer.header().recipient_key_id == w.police_pub.key_id);
    CHECK(sealer.header().central_key_id == hrc::key_id_of(w.central.ack_public_key.data(), 32));
    sealer.finish();
    CHECK(error_of([&] { sealer.write("late"); }, hrc::Code::internal).find("after finish") !=
          std::string::npos);
    error_of([&] { sealer.finish(); }, hrc::Code::internal);

    const auto make = [&](const hrc::ExportHeader& bad) {
        hrc::ExportSealer s(bad, w.police_pub, w.central.ack_secret_key, sink);
    };
    CHECK_THAT(error_of([&] { make(header_for("statistics")); }, hrc::Code::usage),
               Contains("names another recipient than the key given (statistics, key of police)"));
    hrc::ExportHeader bad = header_for("police");
    bad.export_id = "not-a-uuid";
    CHECK_THAT(error_of([&] { make(bad); }, hrc::Code::usage), Contains("export id is not a UUID"));
    bad = header_for("police");
    bad.created_at = -1;
    CHECK_THAT(error_of([&] { make(bad); }, hrc::Code::usage), Contains("before 1970"));
    for (const std::string& type :
         {std::string(), std::string(128, 'a'), std::string("text/csv\n")}) {
        CHECK_THAT(error_of([&] { make(header_for("police", type)); }, hrc::Code::usage),
                   Contains("content type"));
    }
    CHECK(hrc::ExportSealer(header_for("police", std::string(127, 'a')), w.police_pub,
                            w.central.ack_secret_key, sink)
              .header()
              .content_type.size() == 127);
    hrc::SecretKey short_key(32);
    CHECK_THAT(
        error_of([&] { hrc::ExportSealer s(header_for("police"), w.police_pub, short_key, sink); },
                 hrc::Code::crypto),
        Contains("64-byte Ed25519"));
}

TEST_CASE("sealed export: a failing sink fails the sealer for good", "[sealed_export]") {
    const World w;
    int calls = 0;
    hrc::ExportSealer sealer(header_for("police"), w.police_pub, w.central.ack_secret_key,
                             [&](const unsigned char*, std::size_t) {
                                 if (++calls > 3)
                                     throw hrc::Error(hrc::Code::disk_full, "disk full");
                             });
    sealer.write(std::string(kChunk, 'x'));
    error_of([&] { sealer.write("more"); }, hrc::Code::disk_full);
    CHECK_THAT(error_of([&] { sealer.finish(); }, hrc::Code::internal),
               Contains("after an earlier failure"));
}

// ---- tampering ----------------------------------------------------------------------------------

TEST_CASE("sealed export: every flipped bit is refused", "[sealed_export]") {
    const World w;
    const std::string file = w.seal("small export, one chunk");
    REQUIRE(w.open(file) == "small export, one chunk");
    for (std::size_t i = 0; i < file.size(); ++i) {
        for (int bit = 0; bit < 8; ++bit) {
            std::string bad = file;
            bad[i] = static_cast<char>(bad[i] ^ (1 << bit));
            CAPTURE(i, bit);
            error_of([&] { w.open(bad); }, hrc::Code::crypto);
            // Without the signature check, everything before the signature is still protected.
            if (i < file.size() - 64)
                error_of([&] { w.open(bad, nullptr, nullptr, false); }, hrc::Code::crypto);
        }
    }
}

TEST_CASE("sealed export: every truncation is refused", "[sealed_export]") {
    const World w;
    const std::string file = w.seal("small export, one chunk");
    for (std::size_t len = 0; len < file.size(); ++len) {
        CAPTURE(len);
        error_of([&] { w.open(file.substr(0, len)); }, hrc::Code::crypto);
        error_of([&] { w.open(file.substr(0, len), nullptr, nullptr, false); }, hrc::Code::crypto);
    }
    CHECK_THAT(error_of([&] { w.open(file.substr(0, file.size() - 1)); }, hrc::Code::crypto),
               Contains("truncated: it ends inside central's signature (63 of 64 bytes)"));
    CHECK_THAT(error_of([&] { w.open(file.substr(0, kFirstChunk)); }, hrc::Code::crypto),
               Contains("truncated: it ends before its final chunk (after 0 chunks)"));

    // Cut at a chunk boundary: the chunks there authenticate, but the final one is missing.
    const std::string big = w.seal(random_text(2 * kChunk + 1));
    const std::size_t after_one = kFirstChunk + 4 + kChunk + 17;
    CHECK_THAT(error_of([&] { w.open(big.substr(0, after_one)); }, hrc::Code::crypto),
               Contains("before its final chunk (after 1 chunks)"));
    // Dropping a whole middle chunk is caught by the stream's counter.
    const std::string dropped = big.substr(0, kFirstChunk) + big.substr(after_one);
    CHECK_THAT(error_of([&] { w.open(dropped); }, hrc::Code::crypto),
               Contains("chunk 1 does not authenticate"));
}

TEST_CASE("sealed export: trailing bytes are refused", "[sealed_export]") {
    const World w;
    const std::string file = w.seal("x");
    CHECK_THAT(error_of([&] { w.open(file + '\0'); }, hrc::Code::crypto),
               Contains("bytes after central's signature"));
    CHECK_THAT(error_of([&] { w.open(file + file); }, hrc::Code::crypto),
               Contains("bytes after central's signature"));
}

TEST_CASE("sealed export: a chunk length beyond the maximum is refused before reading it",
          "[sealed_export]") {
    const World w;
    const std::string file = w.seal("x");
    for (const std::uint32_t len :
         {std::uint32_t{65554}, std::uint32_t{0x7fffffff}, std::uint32_t{0xffffffff}}) {
        std::string bad = file.substr(0, kFirstChunk);
        put_u32(bad, len);
        bad += file.substr(kFirstChunk + 4);
        CHECK_THAT(error_of([&] { w.open(bad); }, hrc::Code::crypto),
                   Contains("chunk 1 claims " + std::to_string(len) +
                            " bytes, more than the largest chunk (65553)"));
    }
    std::string tiny = file.substr(0, kFirstChunk);
    put_u32(tiny, 16);
    tiny += file.substr(kFirstChunk + 4);
    CHECK_THAT(error_of([&] { w.open(tiny); }, hrc::Code::crypto),
               Contains("fewer than an empty chunk (17)"));
}

TEST_CASE("sealed export: output seen before a failure is only what authenticated",
          "[sealed_export]") {
    // The documented contract: pieces may reach `out` before a later check fails, so callers
    // write to a temporary file and keep it only once open_export returns.
    const World w;
    const std::string plaintext = random_text(kChunk + 10);
    std::string file = w.seal(plaintext);
    file.back() = static_cast<char>(file.back() ^ 1); // signature
    std::istringstream in(file);
    std::string seen;
    error_of(
        [&] {
            hrc::open_export(in, w.police, &w.central.ack_public_key,
                             [&](std::string_view p) { seen.append(p); });
        },
        hrc::Code::crypto);
    CHECK(seen == plaintext); // every chunk authenticated; only the signature failed
}

// ---- header without keys ------------------------------------------------------------------------

TEST_CASE("sealed export: the header reads without keys and names what is malformed",
          "[sealed_export]") {
    const World w;
    const std::string file = w.seal(random_text(3 * kChunk));
    for (const hrc::ExportHeader& h :
         {hrc::read_export_header(file.substr(0, hrc::kMaxExportHeaderBytes)),
          hrc::read_export_header(std::string_view(file)),
          hrc::read_export_header(hrc::Bytes(file.begin(), file.begin() + kHeaderSize))}) {
        CHECK(h.recipient == "police");
        CHECK(h.recipient_key_id == w.police_pub.key_id);
        CHECK(h.central_key_id == hrc::key_id_of(w.central.ack_public_key.data(), 32));
        CHECK(h.export_id == kExportId);
        CHECK(h.created_at == kCreatedAt);
        CHECK(h.content_type == "application/json");
    }

    const auto fails = [](const std::string& bytes) {
        return error_of([&] { hrc::read_export_header(bytes); }, hrc::Code::crypto);
    };
    CHECK_THAT(fails(""), StartsWith("not a sealed hrc export: it does not start with \"HRCX\""));
    CHECK_THAT(fails("HRCS\x01"), Contains("does not start with \"HRCX\"")); // a sealed report
    CHECK_THAT(fails("HRCX"), Contains("ends inside the format version"));
    CHECK_THAT(fails("HRCX\x02"), Contains("format version 2 is not supported"));
    CHECK_THAT(fails(file.substr(0, 8)), Contains("ends inside the recipient name"));
    CHECK_THAT(fails(file.substr(0, 30)), Contains("ends inside the key ids"));
    CHECK_THAT(fails(file.substr(0, kHeaderSize - 1)), Contains("ends inside the content type"));
    std::string bad = file;
    bad[5] = 0;
    CHECK_THAT(fails(bad), Contains("recipient name length 0 is not 1 to 64"));
    bad = file;
    bad[6] = 'P';
    CHECK_THAT(fails(bad), Contains("recipient name is not made of a-z, 0-9 and -"));
    bad = file;
    bad[44] = '\x80';
    CHECK_THAT(fails(bad), Contains("creation time is out of range"));
    bad = file;
    bad[52] = 0;
    CHECK_THAT(fails(bad), Contains("content type length 0"));
    bad = file;
    bad[53] = '\x1b';
    CHECK_THAT(fails(bad), Contains("content type is not printable ASCII"));
}

// ---- key files ----------------------------------------------------------------------------------

TEST_CASE("sealed export: recipient names", "[sealed_export]") {
    for (const std::string& ok :
         {std::string("police"), std::string("victim-first"), std::string("statistics"),
          std::string("a"), std::string("0"), std::string(64, 'z')})
        CHECK(hrc::valid_recipient_name(ok));
    for (const std::string& bad :
         {std::string(), std::string(65, 'z'), std::string("Police"), std::string("a b"),
          std::string("a_b"), std::string("a\n"), std::string("é")}) {
        CHECK_FALSE(hrc::valid_recipient_name(bad));
        CHECK_THAT(error_of([&] { hrc::generate_recipient_keys(bad); }, hrc::Code::usage),
                   Contains("1 to 64 characters of a-z, 0-9 and -"));
    }
}

TEST_CASE("sealed export: recipient key files round trip with the documented modes",
          "[sealed_export][keyfiles]") {
    const TempDir dir;
    const hrc::RecipientKeys keys = hrc::generate_recipient_keys("victim-first");
    const fs::path key = dir / "recipient.key";
    const fs::path pub = dir / "recipient.pub";
    ::umask(022);
    hrc::write_recipient_secret_key(key, keys);
    ::umask(077); // 0644 must stay 0644 whatever the umask
    hrc::write_recipient_public_key(pub, keys);
    ::umask(022);
    CHECK(hrc_test::file_mode(key) == 0600);
    CHECK(hrc_test::file_mode(pub) == 0644);

    const std::string key_text = hrc_test::read_file(key);
    CHECK_THAT(
        key_text,
        StartsWith("# hrc recipient secret key (format 1) \xe2\x80\x94 keep secret, mode 0600\n"
                   "format = 1\nrecipient = victim-first\npublic_key = "));
    CHECK_THAT(key_text, Contains("\nsecret_key = "));
    const std::string pub_text = hrc_test::read_file(pub);
    CHECK_THAT(
        pub_text,
        StartsWith("# hrc recipient public key (format 1) \xe2\x80\x94 give this file to central\n"
                   "format = 1\nrecipient = victim-first\npublic_key = "));
    CHECK_THAT(pub_text,
               Contains("\nkey_id = " + hrc::to_hex(hrc::public_key_of(keys).key_id) + "\n"));
    CHECK(pub_text.find("secret") == std::string::npos);

    const hrc::RecipientKeys back = hrc::read_recipient_secret_key(key);
    CHECK(back.name == "victim-first");
    CHECK(back.public_key == keys.public_key);
    CHECK(std::memcmp(back.secret_key.data(), keys.secret_key.data(), 32) == 0);
    const hrc::RecipientPublicKey back_pub = hrc::read_recipient_public_key(pub);
    CHECK(back_pub.name == "victim-first");
    CHECK(back_pub.public_key == keys.public_key);
    CHECK(back_pub.key_id == hrc::public_key_of(keys).key_id);

    // End to end through the files: central seals with recipient.pub, the recipient opens with
    // .key.
    const hrc::CentralSecrets central = hrc::generate_central_secrets();
    std::string file;
    hrc::ExportSealer sealer(header_for("victim-first", "text/csv"), back_pub,
                             central.ack_secret_key, [&](const unsigned char* p, std::size_t n) {
                                 file.append(reinterpret_cast<const char*>(p), n);
                             });
    sealer.write("\"a\",\"b\"\r\n");
    sealer.finish();
    std::istringstream in(file);
    std::string plaintext;
    const hrc::ExportHeader h = hrc::open_export(in, back, &central.ack_public_key,
                                                 [&](std::string_view p) { plaintext.append(p); });
    CHECK(plaintext == "\"a\",\"b\"\r\n");
    CHECK(h.recipient == "victim-first");
    CHECK(h.content_type == "text/csv");
}

TEST_CASE("sealed export: recipient key writers refuse to overwrite and bad names",
          "[sealed_export][keyfiles]") {
    const TempDir dir;
    const hrc::RecipientKeys keys = hrc::generate_recipient_keys("police");
    const fs::path key = dir.write("recipient.key", "already here");
    const fs::path pub = dir.write("recipient.pub", "already here");
    CHECK_THAT(
        error_of([&] { hrc::write_recipient_secret_key(key, keys); }, hrc::Code::already_exists),
        Contains("refusing to overwrite"));
    CHECK_THAT(
        error_of([&] { hrc::write_recipient_public_key(pub, keys); }, hrc::Code::already_exists),
        Contains("refusing to overwrite"));
    CHECK(hrc_test::read_file(key) == "already here");
    CHECK(hrc_test::read_file(pub) == "already here");

    hrc::RecipientKeys bad = hrc::generate_recipient_keys("police");
    bad.name = "police\nsecret_key = x";
    error_of([&] { hrc::write_recipient_secret_key(dir / "bad.key", bad); }, hrc::Code::usage);
    error_of([&] { hrc::write_recipient_public_key(dir / "bad.pub", bad); }, hrc::Code::usage);
    CHECK_FALSE(fs::exists(dir / "bad.key"));
    CHECK_FALSE(fs::exists(dir / "bad.pub"));
}

TEST_CASE("sealed export: damaged recipient key files are refused naming the file",
          "[sealed_export][keyfiles]") {
    const TempDir dir;
    const hrc::RecipientKeys keys = hrc::generate_recipient_keys("police");
    const hrc::RecipientKeys other = hrc::generate_recipient_keys("police");
    hrc::write_recipient_secret_key(dir / "a.key", keys);
    hrc::write_recipient_secret_key(dir / "b.key", other);
    hrc::write_recipient_public_key(dir / "a.pub", keys);
    hrc::write_recipient_public_key(dir / "b.pub", other);
    const std::string a_key = hrc_test::read_file(dir / "a.key");
    const std::string b_key = hrc_test::read_file(dir / "b.key");
    const std::string a_pub = hrc_test::read_file(dir / "a.pub");
    const std::string b_pub = hrc_test::read_file(dir / "b.pub");
    const auto line = [](const std::string& text, const std::string& key) {
        const std::size_t at = text.find("\n" + key + " = ") + 1;
        return text.substr(at, text.find('\n', at) - at);
    };
    const auto replaced = [&](std::string text, const std::string& key, const std::string& with) {
        const std::string old = line(text, key);
        return text.replace(text.find(old), old.size(), with);
    };
    const auto secret_error = [&](const std::string& text) {
        const fs::path p = dir / "t.key";
        fs::remove(p);
        hrc_test::write_file(p, text);
        fs::permissions(p, fs::perms::owner_read | fs::perms::owner_write);
        const std::string msg =
            error_of([&] { hrc::read_recipient_secret_key(p); }, hrc::Code::key_file);
        CHECK_THAT(msg, StartsWith(p.string() + ": "));
        return msg;
    };
    const auto public_error = [&](const std::string& text) {
        const fs::path p = dir / "t.pub";
        hrc_test::write_file(p, text);
        const std::string msg =
            error_of([&] { hrc::read_recipient_public_key(p); }, hrc::Code::key_file);
        CHECK_THAT(msg, StartsWith(p.string() + ": "));
        return msg;
    };

    // A mismatched pair: the public key line of another key.
    CHECK_THAT(secret_error(replaced(a_key, "public_key", line(b_key, "public_key"))),
               Contains("the public_key does not belong to the secret_key"));
    CHECK_THAT(secret_error(replaced(a_key, "secret_key", line(b_key, "secret_key"))),
               Contains("the public_key does not belong to the secret_key"));
    // An edited key id, or a public key swapped under the old id.
    CHECK_THAT(public_error(replaced(a_pub, "key_id", "key_id = 0000000000000000")),
               Contains("the key_id 0000000000000000 does not match the public_key"));
    CHECK_THAT(public_error(replaced(a_pub, "public_key", line(b_pub, "public_key"))),
               Contains("does not match"));
    CHECK_THAT(public_error(replaced(a_pub, "key_id", "key_id = xyz")),
               Contains("not 16 hexadecimal characters"));
    // Names, formats, lines.
    CHECK_THAT(secret_error(replaced(a_key, "recipient", "recipient = Police")),
               Contains("the recipient is not 1 to 64 characters"));
    CHECK_THAT(public_error(replaced(a_pub, "recipient", "recipient = ")),
               Contains("the recipient is not 1 to 64"));
    CHECK_THAT(public_error(replaced(a_pub, "format", "format = 2")),
               Contains("unknown format '2'"));
    CHECK_THAT(secret_error(replaced(a_key, "secret_key", "secret_key = AAAA")),
               Contains("wrong length"));
    CHECK_THAT(public_error(a_pub + "key_id = " + line(a_pub, "key_id").substr(9) + "\n"),
               Contains("repeats key_id"));
    CHECK_THAT(public_error(a_pub + "secret_key = x\n"), Contains("unknown key 'secret_key'"));
    CHECK_THAT(secret_error(replaced(a_key, "recipient", "# no name")),
               Contains("the recipient line is missing"));
    // The public file is not a secret file and vice versa.
    CHECK_THAT(secret_error(a_pub), Contains("unknown key 'key_id'"));
    CHECK_THAT(public_error(a_key), Contains("unknown key 'secret_key'"));

    // A missing file says what to do; a secret file others can read is refused before it is read.
    CHECK_THAT(
        error_of([&] { hrc::read_recipient_public_key(dir / "none.pub"); }, hrc::Code::key_file),
        Contains("does not exist; ask the recipient for their recipient.pub"));
    REQUIRE(::chmod((dir / "a.key").c_str(), 0644) == 0);
    CHECK_THAT(
        error_of([&] { hrc::read_recipient_secret_key(dir / "a.key"); }, hrc::Code::key_file),
        Contains("can be read by other users (mode 0644); fix it with: chmod 600"));
}
