// hrc-sync → hrc-central over real TLS on loopback: real processes, real SQLCipher stores, no mocks.
//
// [SECTION] Delivery: 1,000 reports, exactly once, byte-identical after export
// [SECTION] Network faults through hrc-fault-proxy
// [SECTION] Central faults: 503/429/500, restart mid-batch
// [SECTION] SIGKILL of hrc-sync
// [SECTION] Only the real central receives; only enrolled kiosks deliver
#include <csignal>
#include <fstream>
#include <limits>
#include <map>
#include <random>
#include <set>
#include <thread>

#include <arpa/inet.h>
#include <catch2/catch.hpp>
#include <httplib.h>
#include <netinet/in.h>
#include <nlohmann/json.hpp>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <sqlite3.h>
#include <sys/socket.h>
#include <unistd.h>

#include "hrc/config.h"
#include "hrc/kiosk_store.h"
#include "hrc/sqlite_util.h"
#include "hrc/submit.h"

#include "deployment.h"
#include "process.h"
#include "protocol.h"
#include "test_support.h"

using hrc_test::Deployment;
using hrc_test::Process;
using hrc_test::TempDir;
namespace fs = std::filesystem;
using namespace std::chrono_literals;

//-------------------------------------------------------------------------------------------------
// [SECTION] Delivery
//-------------------------------------------------------------------------------------------------

TEST_CASE("sync: 1,000 reports reach central exactly once and export byte-identical", "[sync]") {
    Deployment d;
    d.start_central({"--max-batch-items", "100"});
    d.submit(1000);
    CHECK(d.pending() == 1000);
    const auto r = d.sync_once();
    INFO(r.out << hrc_test::read_file(d.log));
    CHECK(r.code == 0);
    d.require_all_delivered_once();
    const auto s = d.status();
    CHECK(s.counts.acked == 1000);
    CHECK(s.sync.last_contact_at > 0);
    CHECK(s.sync.last_error.empty());
    // A second pass has nothing to do and sends nothing twice.
    CHECK(d.sync_once().code == 0);
    CHECK(d.exported().size() == 1000);
}

//-------------------------------------------------------------------------------------------------
// [SECTION] Network faults
//-------------------------------------------------------------------------------------------------

TEST_CASE("sync: resets, dropped replies and stalls lose and duplicate nothing", "[sync][faults]") {
    const int proxy_port = hrc_test::free_port();
    Deployment d(true, proxy_port);
    d.start_central({"--max-batch-items", "10"});
    Process proxy({HRC_FAULT_PROXY_EXE, "--listen", "127.0.0.1:" + std::to_string(proxy_port),
                   "--target", "127.0.0.1:" + std::to_string(d.central_port), "--faults",
                   "reset,reset-upload,drop-reply,stall,drop-reply,reset-upload,drop-reply"},
                  d.log);
    REQUIRE_FALSE(proxy.wait_for_line("listening on", 10s).empty());
    d.submit(60);
    d.sync_until_done(40);
    INFO(hrc_test::read_file(d.log));
    d.require_all_delivered_once();
    // The proxy really broke connections: central saw more batch requests than a clean run needs.
    CHECK_THAT(hrc_test::read_file(d.log), Catch::Matchers::Contains("reply dropped"));
}

// The issue's attack: anyone who can delay packets stalls the upload for 40 s (central's body read
// times out after 30 s and answers an unsigned 400, which must never end a report's delivery);
// then the next attempt's reply is dropped after central committed; then the network behaves. Nothing may be
// quarantined or lost, and every report reaches central exactly once.
TEST_CASE("sync: an upload stalled 40 s, then a dropped reply: every report once, none quarantined",
          "[sync][faults]") {
    const int proxy_port = hrc_test::free_port();
    Deployment d(true, proxy_port);
    {
        hrc::Config c = d.config();
        c.central.request_timeout_seconds = 60; // longer than central's 30 s body-read timeout
        hrc_test::write_file(d.kiosk_dir / "hrc.toml", hrc::render_config(c));
    }
    d.start_central();
    Process proxy({HRC_FAULT_PROXY_EXE, "--listen", "127.0.0.1:" + std::to_string(proxy_port),
                   "--target", "127.0.0.1:" + std::to_string(d.central_port), "--faults",
                   "stall-upload,drop-reply", "--upload-bytes", "8192", "--stall-seconds", "40"},
                  d.log);
    REQUIRE_FALSE(proxy.wait_for_line("listening on", 10s).empty());
    d.submit(20);
    // One connection per pass (preflight and batch share it). Pass 1: the preflight passes (under
    // 8 KiB uploaded), the batch's upload stalls. hrc-sync gives up after 30 s without progress
    // (curl's low-speed limit), as central's body-read timeout fires: a transport failure either
    // way (exit 20), every report waiting to retry, none quarantined.
    const auto first = d.sync_once();
    INFO(first.out << "\n" << hrc_test::read_file(d.log));
    CHECK_THAT(hrc_test::read_file(d.log), Catch::Matchers::Contains("upload stalled"));
    CHECK(first.code == 20);
    CHECK(d.status().counts.quarantined == 0);
    CHECK(d.status().counts.retry_wait == 20);
    // Pass 2: the batch is committed at central but its answer dropped.
    d.make_retries_due();
    d.sync_once();
    CHECK(d.status().counts.quarantined == 0);
    CHECK_THAT(hrc_test::read_file(d.log), Catch::Matchers::Contains("reply dropped"));
    // Then everything passes: central acknowledges the duplicates; all delivered once.
    d.make_retries_due();
    d.sync_until_done(5);
    d.require_all_delivered_once();
    CHECK(d.status().counts.quarantined == 0);
}

TEST_CASE("sync: unsigned 400, 413 and 422 never quarantine a report, central's signed word does",
          "[sync][faults]") {
    Deployment d;
    d.start_central({"--fail-next", "1:400", "--fail-next", "1:422", "--fail-next", "1:413"});
    d.submit(1);
    for (const char* status : {"400", "422", "413"}) {
        INFO(status);
        CHECK(d.sync_once().code != 0);
        const auto s = d.status();
        CHECK(s.counts.quarantined == 0);
        CHECK(s.counts.retry_wait == 1);
        CHECK_THAT(s.sync.last_error, Catch::Matchers::Contains(std::string("HTTP ") + status));
        d.make_retries_due();
    }
    CHECK(d.sync_once().code == 0);
    d.require_all_delivered_once();
}

//-------------------------------------------------------------------------------------------------
// [SECTION] Central faults
//-------------------------------------------------------------------------------------------------

TEST_CASE("sync: 503 with Retry-After, 429 and 500 are retried, nothing lost or duplicated",
          "[sync][faults]") {
    Deployment d;
    d.start_central({"--max-batch-items", "10", "--fail-next", "1:503:1", "--fail-next", "1:429:1",
                     "--fail-next", "1:500"});
    d.submit(30);
    auto r = d.sync_once();
    CHECK(r.code != 0); // the pass met a 503 and stopped
    CHECK(d.status().counts.retry_wait > 0);
    CHECK(d.status().sync.last_error.find("503") != std::string::npos);
    d.sync_until_done(10);
    d.require_all_delivered_once();
}

TEST_CASE("sync: central restarting mid-batch after committing loses and duplicates nothing",
          "[sync][faults]") {
    Deployment d;
    d.start_central({"--max-batch-items", "10", "--crash-after-commit", "2"});
    d.submit(50);
    d.sync_once(); // central dies after committing the 2nd batch, before replying
    CHECK(d.central->wait_exit(10s) != 0);
    CHECK(d.pending() > 0);
    d.start_central({"--max-batch-items", "10"});
    d.sync_until_done(10);
    d.require_all_delivered_once();
}

//-------------------------------------------------------------------------------------------------
// [SECTION] SIGKILL of hrc-sync
//-------------------------------------------------------------------------------------------------

TEST_CASE("sync: SIGKILL of hrc-sync at random moments (100 times) loses and duplicates nothing",
          "[sync][crash]") {
    Deployment d;
    d.start_central({"--max-batch-items", "5"});
    d.submit(400);
    std::mt19937 rng(Catch::rngSeed() ? Catch::rngSeed() : 7u);
    std::uniform_int_distribution<int> delay_ms(0, 120);
    int killed = 0;
    for (int i = 0; i < 100; ++i) {
        Process agent({HRC_SYNC_EXE, "--config", (d.kiosk_dir / "hrc.toml").string(), "--once"},
                      d.log, {{"HRC_SYNC_CA_FILE", (d.central_dir / "tls.crt").string()}});
        std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms(rng)));
        if (agent.stop(SIGKILL) == -SIGKILL) ++killed;
        if (i % 10 == 9) d.make_retries_due();
    }
    CHECK(killed >= 50); // most runs were really killed mid-way
    d.make_retries_due();
    d.sync_until_done(10);
    d.require_all_delivered_once();
}

//-------------------------------------------------------------------------------------------------
// [SECTION] Only the real central receives; only enrolled kiosks deliver
//-------------------------------------------------------------------------------------------------

TEST_CASE("sync: an unknown or revoked kiosk delivers nothing and staff see why",
          "[sync][security]") {
    SECTION("unknown kiosk") {
        Deployment d(false);
        d.start_central();
        d.submit(3);
        const auto r = d.sync_once();
        CHECK(r.code != 0);
        CHECK(d.exported().empty());
        CHECK(d.pending() == 3);
        CHECK_FALSE(d.status().sync.alert.empty());
    }
    SECTION("revoked kiosk") {
        Deployment d;
        d.run_ok({HRC_CENTRAL_EXE, "revoke", "--dir", d.central_dir.string(), "--kiosk-id",
                  "kiosk-sync"});
        d.start_central();
        d.submit(3);
        CHECK(d.sync_once().code != 0);
        CHECK(d.exported().empty());
        CHECK(d.pending() == 3);
        CHECK_THAT(d.status().sync.alert, Catch::Matchers::Contains("revoked"));
    }
}

TEST_CASE("sync: a wrong pin or a certificate that does not verify sends no report bytes",
          "[sync][security]") {
    Deployment d;
    d.start_central();
    d.submit(2);
    SECTION("pin of another central") {
        // The kiosk trusts another central's TLS key: the real central's certificate must be refused.
        Deployment other;
        std::string pub = hrc_test::read_file(d.kiosk_dir / "central.pub");
        const std::string other_pub = hrc_test::read_file(other.central_dir / "central.pub");
        auto pin_line = [](const std::string& text) {
            const auto at = text.find("tls_pin");
            return text.substr(at, text.find('\n', at) - at);
        };
        pub.replace(pub.find(pin_line(pub)), pin_line(pub).size(), pin_line(other_pub));
        fs::remove(d.kiosk_dir / "central.pub");
        hrc_test::write_file(d.kiosk_dir / "central.pub", pub);
        const auto r = d.sync_once();
        CHECK(r.code != 0);
        CHECK_THAT(d.status().sync.alert, Catch::Matchers::Contains("central"));
    }
    SECTION("certificate not trusted") {
        // Without central's certificate as the trust anchor the peer cannot be verified.
        const auto r = d.sync_once({{"HRC_SYNC_CA_FILE", (d.dir / "no-such-ca.pem").string()}});
        CHECK(r.code != 0);
    }
    CHECK(d.exported().empty());
    CHECK(d.pending() == 2);
}

TEST_CASE("sync: a 200 from a server that is not central is not delivery", "[sync][security]") {
    Deployment d;
    d.submit(2);
    // A web server with central's own certificate and key (so TLS and the pin succeed) that answers
    // 200 with JSON to everything — like a captive portal or a misrouted proxy would.
    httplib::SSLServer impostor((d.central_dir / "tls.crt").c_str(),
                                (d.central_dir / "tls.key").c_str());
    REQUIRE(impostor.is_valid());
    int requests = 0;
    impostor.Get(".*", [&](const httplib::Request&, httplib::Response& res) {
        ++requests;
        res.set_content(R"({"service":"hrc-central","protocol":1,"ok":true})", "application/json");
    });
    impostor.Post(".*", [&](const httplib::Request&, httplib::Response& res) {
        ++requests;
        res.set_content(R"({"ok":true,"results":[]})", "application/json");
    });
    REQUIRE(impostor.bind_to_port("127.0.0.1", d.central_port));
    std::thread server([&] { impostor.listen_after_bind(); });
    const auto r = d.sync_once();
    impostor.stop();
    server.join();
    CHECK(requests >= 1); // the agent did talk to it…
    CHECK(r.code != 0);   // …and did not take it for central
    CHECK(d.pending() == 2);
    CHECK(d.status().counts.acked == 0);
}

namespace {

// A self-signed certificate for `key_pem`'s key that expired yesterday (valid for 127.0.0.1), so
// the pin still matches and only the expiry is wrong.
std::string expired_certificate_pem(const std::string& key_pem) {
    BIO* key_bio = BIO_new_mem_buf(key_pem.data(), static_cast<int>(key_pem.size()));
    EVP_PKEY* key = PEM_read_bio_PrivateKey(key_bio, nullptr, nullptr, nullptr);
    BIO_free(key_bio);
    REQUIRE(key);
    X509* cert = X509_new();
    REQUIRE(X509_set_version(cert, 2) == 1);
    REQUIRE(ASN1_INTEGER_set(X509_get_serialNumber(cert), 4242) == 1);
    REQUIRE(X509_gmtime_adj(X509_getm_notBefore(cert), -10L * 86400) != nullptr);
    REQUIRE(X509_gmtime_adj(X509_getm_notAfter(cert), -1L * 86400) != nullptr);
    X509_NAME* name = X509_get_subject_name(cert);
    REQUIRE(X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                                       reinterpret_cast<const unsigned char*>("127.0.0.1"), -1, -1,
                                       0) == 1);
    REQUIRE(X509_set_issuer_name(cert, name) == 1);
    REQUIRE(X509_set_pubkey(cert, key) == 1);
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, cert, cert, nullptr, nullptr, 0);
    X509_EXTENSION* san =
        X509V3_EXT_conf_nid(nullptr, &ctx, NID_subject_alt_name, "IP:127.0.0.1,DNS:localhost");
    REQUIRE(san);
    REQUIRE(X509_add_ext(cert, san, -1) == 1);
    X509_EXTENSION_free(san);
    REQUIRE(X509_sign(cert, key, EVP_sha256()) > 0);
    BIO* out = BIO_new(BIO_s_mem());
    REQUIRE(PEM_write_bio_X509(out, cert) == 1);
    char* data = nullptr;
    const long len = BIO_get_mem_data(out, &data);
    std::string pem(data, static_cast<std::size_t>(len));
    BIO_free(out);
    X509_free(cert);
    EVP_PKEY_free(key);
    return pem;
}

} // namespace

TEST_CASE("sync: an expired certificate is refused even when the pin matches", "[sync][security]") {
    Deployment d;
    const std::string expired =
        expired_certificate_pem(hrc_test::read_file(d.central_dir / "tls.key"));
    fs::remove(d.central_dir / "tls.crt");
    hrc_test::write_file(d.central_dir / "tls.crt", expired);
    d.start_central();
    d.submit(2);
    const auto r = d.sync_once(); // HRC_SYNC_CA_FILE is the (expired) certificate itself
    CHECK(r.code != 0);
    CHECK_THAT(d.status().sync.alert, Catch::Matchers::Contains("central"));
    CHECK(d.exported().empty());
    CHECK(d.pending() == 2);
}

TEST_CASE("central: unsigned, malformed and oversized requests are refused with a reason",
          "[sync][central]") {
    Deployment d;
    d.start_central({"--max-batch-bytes", "65536"});
    httplib::SSLClient client("127.0.0.1", d.central_port);
    client.enable_server_certificate_verification(false); // this test is about central, not TLS
    const hrc::KioskKeys kiosk = hrc::read_kiosk_secret_key(d.kiosk_dir / "kiosk.key");
    auto signed_post = [&](const std::string& body) {
        const std::int64_t now = hrc::unix_now();
        httplib::Headers headers = {
            {hrc::protocol::kHeaderKiosk, "kiosk-sync"},
            {hrc::protocol::kHeaderTime, std::to_string(now)},
            {hrc::protocol::kHeaderSignature,
             hrc::protocol::sign_request(kiosk, "POST", hrc::protocol::kBatchesPath, now, body)}};
        return client.Post(hrc::protocol::kBatchesPath, headers, body, "application/json");
    };

    auto unsigned_post = client.Post(hrc::protocol::kBatchesPath, R"({"batch_id":"x","items":[]})",
                                     "application/json");
    REQUIRE(unsigned_post);
    CHECK(unsigned_post->status == 401);

    auto malformed = signed_post(R"({"batch_id": 12, "items": "none"})");
    REQUIRE(malformed);
    CHECK(malformed->status == 400);
    CHECK_THAT(malformed->body, Catch::Matchers::Contains("batch_id"));

    auto not_json = signed_post("this is not json");
    REQUIRE(not_json);
    CHECK(not_json->status == 400);

    auto oversized = signed_post(std::string(100 * 1024, ' '));
    REQUIRE(oversized);
    CHECK(oversized->status == 413);

    // Central is still up and nothing was stored.
    CHECK(d.central->running());
    CHECK(d.exported().empty());
}

TEST_CASE("central: a sealed report that opens but is not a report is rejected at receipt",
          "[sync][central]") {
    Deployment d;
    d.start_central();
    httplib::SSLClient client("127.0.0.1", d.central_port);
    client.enable_server_certificate_verification(false);
    const hrc::KioskKeys kiosk = hrc::read_kiosk_secret_key(d.kiosk_dir / "kiosk.key");
    const hrc::CentralIdentity central_id = hrc::read_central_identity(d.kiosk_dir / "central.pub");
    const std::string report_id = hrc::new_report_id();
    const hrc::SealedReport sealed =
        hrc::seal(R"({"not": "a report"})", report_id, "kiosk-sync", 1, central_id, kiosk);
    hrc::protocol::BatchRequest batch{hrc::new_report_id(),
                                      {{report_id, sealed.sealed, sealed.signature}}};
    const std::string body = hrc::protocol::to_json_text(batch);
    const std::int64_t now = hrc::unix_now();
    httplib::Headers headers = {
        {hrc::protocol::kHeaderKiosk, "kiosk-sync"},
        {hrc::protocol::kHeaderTime, std::to_string(now)},
        {hrc::protocol::kHeaderSignature,
         hrc::protocol::sign_request(kiosk, "POST", hrc::protocol::kBatchesPath, now, body)}};
    auto res = client.Post(hrc::protocol::kBatchesPath, headers, body, "application/json");
    REQUIRE(res);
    REQUIRE(res->status == 200);
    std::string error;
    const auto ack = hrc::protocol::parse_batch_response(res->body, error);
    REQUIRE(ack);
    CHECK(hrc::protocol::check_batch_response(*ack, batch, central_id.ack_public_key).empty());
    REQUIRE(ack->results.size() == 1);
    CHECK(ack->results[0].status == hrc::protocol::ItemStatus::rejected);
    CHECK_THAT(ack->results[0].reason, Catch::Matchers::Contains("does not decode"));
    CHECK(d.exported().empty());
}

TEST_CASE("central: a reason holding raw bytes is answered as valid UTF-8, signed, and the batch's "
          "good report is stored once",
          "[sync][central]") {
    Deployment d;
    d.start_central();
    httplib::SSLClient client("127.0.0.1", d.central_port);
    client.enable_server_certificate_verification(false);
    const hrc::KioskKeys kiosk = hrc::read_kiosk_secret_key(d.kiosk_dir / "kiosk.key");
    const hrc::CentralIdentity central_id = hrc::read_central_identity(d.kiosk_dir / "central.pub");
    // A good report, and one whose sealed header names a kiosk id with a raw 0xFF byte (central
    // quotes that id in its reason).
    hrc::Report good = hrc_test::fresh_report();
    good.report_id = hrc::new_report_id();
    good.reference = "HRC-7K3M-Q9TX";
    good.created_at = hrc::format_utc(hrc::unix_now());
    good.kiosk_id = "kiosk-sync";
    good.centre_id = "test-centre";
    const hrc::SealedReport good_sealed =
        hrc::seal(hrc::to_json_text(good), good.report_id, "kiosk-sync", 1, central_id, kiosk);
    const std::string bad_id = hrc::new_report_id();
    const hrc::SealedReport bad_sealed =
        hrc::seal("{}", bad_id, "kiosk-\xFF\x1b[31m", 1, central_id, kiosk);
    hrc::protocol::BatchRequest batch{hrc::new_report_id(),
                                      {{good.report_id, good_sealed.sealed, good_sealed.signature},
                                       {bad_id, bad_sealed.sealed, bad_sealed.signature}}};
    const std::string body = hrc::protocol::to_json_text(batch);
    const std::int64_t now = hrc::unix_now();
    httplib::Headers headers = {
        {hrc::protocol::kHeaderKiosk, "kiosk-sync"},
        {hrc::protocol::kHeaderTime, std::to_string(now)},
        {hrc::protocol::kHeaderSignature,
         hrc::protocol::sign_request(kiosk, "POST", hrc::protocol::kBatchesPath, now, body)}};
    auto res = client.Post(hrc::protocol::kBatchesPath, headers, body, "application/json");
    REQUIRE(res);
    INFO(res->body);
    REQUIRE(res->status == 200);
    std::string error;
    const auto ack = hrc::protocol::parse_batch_response(res->body, error);
    REQUIRE(ack);
    CHECK(hrc::protocol::check_batch_response(*ack, batch, central_id.ack_public_key).empty());
    REQUIRE(ack->results.size() == 2);
    CHECK(ack->results[0].status == hrc::protocol::ItemStatus::accepted);
    CHECK(ack->results[1].status == hrc::protocol::ItemStatus::rejected);
    CHECK_THAT(ack->results[1].reason, Catch::Matchers::Contains("kiosk-\xEF\xBF\xBD [31m"));
    CHECK(d.exported().size() == 1);
}

TEST_CASE("central: an X-HRC-Time at the edge of int64 is refused, not overflowed",
          "[sync][central]") {
    Deployment d;
    d.start_central();
    httplib::SSLClient client("127.0.0.1", d.central_port);
    client.enable_server_certificate_verification(false);
    const hrc::KioskKeys kiosk = hrc::read_kiosk_secret_key(d.kiosk_dir / "kiosk.key");
    for (const std::int64_t t : {std::numeric_limits<std::int64_t>::min(),
                                 std::numeric_limits<std::int64_t>::max(), std::int64_t{-1}}) {
        const std::string body = R"({"batch_id":"x","items":[]})";
        httplib::Headers headers = {
            {hrc::protocol::kHeaderKiosk, "kiosk-sync"},
            {hrc::protocol::kHeaderTime, std::to_string(t)},
            {hrc::protocol::kHeaderSignature,
             hrc::protocol::sign_request(kiosk, "POST", hrc::protocol::kBatchesPath, t, body)}};
        auto res = client.Post(hrc::protocol::kBatchesPath, headers, body, "application/json");
        REQUIRE(res);
        CHECK(res->status == 401);
    }
    CHECK(d.central->running());
}

namespace {

// Whether a TLS 1.2 handshake with only `cipher` offered completes against 127.0.0.1:port.
bool tls12_handshake(int port, const char* cipher) {
    SSL_CTX* ctx = SSL_CTX_new(TLS_client_method());
    REQUIRE(ctx);
    SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
    SSL_CTX_set_max_proto_version(ctx, TLS1_2_VERSION);
    SSL_CTX_set_security_level(ctx, 0); // let the client offer even the weak suites
    REQUIRE(SSL_CTX_set_cipher_list(ctx, cipher) == 1);
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<std::uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
    SSL* ssl = SSL_new(ctx);
    SSL_set_fd(ssl, fd);
    const bool ok = SSL_connect(ssl) == 1;
    SSL_free(ssl);
    ::close(fd);
    SSL_CTX_free(ctx);
    return ok;
}

} // namespace

TEST_CASE("central: TLS 1.2 offers only ECDHE with AEAD ciphers", "[sync][central][tls]") {
    Deployment d;
    d.start_central();
    CHECK(tls12_handshake(d.central_port, "ECDHE-ECDSA-AES128-GCM-SHA256"));
    CHECK(tls12_handshake(d.central_port, "ECDHE-ECDSA-CHACHA20-POLY1305"));
    for (const char* weak : {"ECDHE-ECDSA-AES128-SHA", "ECDHE-ECDSA-AES256-SHA",
                             "ECDHE-ECDSA-AES128-SHA256", "AES128-GCM-SHA256", "AES128-SHA"}) {
        INFO(weak);
        CHECK_FALSE(tls12_handshake(d.central_port, weak));
    }
}

TEST_CASE("central: conflicting re-sends are counted on one row per report id, not appended "
          "without limit",
          "[sync][central]") {
    Deployment d;
    d.start_central();
    httplib::SSLClient client("127.0.0.1", d.central_port);
    client.enable_server_certificate_verification(false);
    const hrc::KioskKeys kiosk = hrc::read_kiosk_secret_key(d.kiosk_dir / "kiosk.key");
    const hrc::CentralIdentity central_id = hrc::read_central_identity(d.kiosk_dir / "central.pub");
    hrc::Report r = hrc_test::fresh_report();
    r.report_id = hrc::new_report_id();
    r.reference = "HRC-7K3M-Q9TX";
    r.created_at = hrc::format_utc(hrc::unix_now());
    r.kiosk_id = "kiosk-sync";
    r.centre_id = "test-centre";
    auto post = [&](const hrc::protocol::BatchRequest& batch) {
        const std::string body = hrc::protocol::to_json_text(batch);
        const std::int64_t now = hrc::unix_now();
        httplib::Headers headers = {
            {hrc::protocol::kHeaderKiosk, "kiosk-sync"},
            {hrc::protocol::kHeaderTime, std::to_string(now)},
            {hrc::protocol::kHeaderSignature,
             hrc::protocol::sign_request(kiosk, "POST", hrc::protocol::kBatchesPath, now, body)}};
        auto res = client.Post(hrc::protocol::kBatchesPath, headers, body, "application/json");
        REQUIRE(res);
        REQUIRE(res->status == 200);
    };
    // The report itself, then 3 batches of 10 re-sends of the same id with other bytes.
    const hrc::SealedReport first =
        hrc::seal(hrc::to_json_text(r), r.report_id, "kiosk-sync", 1, central_id, kiosk);
    post({hrc::new_report_id(), {{r.report_id, first.sealed, first.signature}}});
    for (int b = 0; b < 3; ++b) {
        hrc::protocol::BatchRequest batch{hrc::new_report_id(), {}};
        for (int i = 0; i < 10; ++i) {
            r.description = "changed " + std::to_string(b * 10 + i);
            const hrc::SealedReport other =
                hrc::seal(hrc::to_json_text(r), r.report_id, "kiosk-sync", 1, central_id, kiosk);
            batch.items.push_back({r.report_id, other.sealed, other.signature});
        }
        post(batch);
    }
    sqlite3* db = hrc::sql::open_encrypted(d.central_dir / "central.db",
                                           hrc::read_db_key(d.central_dir / "db.key"), 5000, "");
    {
        hrc::sql::Statement st(db, "SELECT count(*), sum(resends) FROM conflicts", "test");
        REQUIRE(st.step());
        CHECK(st.integer(0) == 1);
        CHECK(st.integer(1) == 30);
    }
    sqlite3_close(db);
    const auto stats = hrc_test::run_command(
        {HRC_CENTRAL_EXE, "received", "--dir", d.central_dir.string(), "--json"}, d.log);
    CHECK(nlohmann::json::parse(stats.out)["conflicts"] == 30);
    CHECK(d.exported().size() == 1);
}

TEST_CASE("central: a version-1 database (before recipients and retention) is migrated on first "
          "open, nothing lost",
          "[sync][central][migration]") {
    Deployment d;
    d.start_central();
    d.submit(3);
    REQUIRE(d.sync_once().code == 0);
    d.central->stop(SIGTERM);
    d.central.reset();
    // Turn the new database back into what version 1 had: no v2 tables, the old conflicts table
    // (one row per re-send) and the trigger that forbade every DELETE.
    {
        sqlite3* db = hrc::sql::open_encrypted(
            d.central_dir / "central.db", hrc::read_db_key(d.central_dir / "db.key"), 5000, "");
        const char* v1 = R"sql(
            DROP TABLE stat_rows; DROP TABLE postcodes; DROP TABLE lsoa_population; DROP TABLE statistics_sources;
            DROP TABLE export_items; DROP TABLE exports; DROP TABLE recipients; DROP TABLE audit;
            DROP TRIGGER reports_deleted_only_by_purge; DROP TABLE purged_reports;
            CREATE TRIGGER reports_never_deleted BEFORE DELETE ON reports
                BEGIN SELECT RAISE(ABORT, 'stored reports are never deleted'); END;
            DROP TABLE conflicts;
            CREATE TABLE conflicts (id INTEGER PRIMARY KEY, report_id TEXT NOT NULL, kiosk_id TEXT NOT NULL,
                                    digest TEXT NOT NULL, at INTEGER NOT NULL, batch_id TEXT NOT NULL);
            INSERT INTO conflicts (report_id, kiosk_id, digest, at, batch_id) VALUES
                ('r1', 'kiosk-sync', 'd1', 100, 'b1'), ('r1', 'kiosk-sync', 'd2', 200, 'b2'), ('r2', 'kiosk-sync', 'd3', 300, 'b3');
            PRAGMA user_version = 1;)sql";
        char* error = nullptr;
        const int rc = sqlite3_exec(db, v1, nullptr, nullptr, &error);
        INFO((error ? error : ""));
        sqlite3_free(error);
        REQUIRE(rc == SQLITE_OK);
        sqlite3_close(db);
    }
    const auto stats = hrc_test::run_command(
        {HRC_CENTRAL_EXE, "received", "--dir", d.central_dir.string(), "--json"}, d.log);
    REQUIRE(stats.code == 0);
    CHECK(nlohmann::json::parse(stats.out)["reports"] == 3);
    CHECK(nlohmann::json::parse(stats.out)["conflicts"] == 3);
    CHECK(hrc_test::run_command({HRC_CENTRAL_EXE, "verify", "--dir", d.central_dir.string()}, d.log)
              .code == 0);
    CHECK(d.exported().size() == 3);
    sqlite3* db = hrc::sql::open_encrypted(d.central_dir / "central.db",
                                           hrc::read_db_key(d.central_dir / "db.key"), 5000, "");
    {
        hrc::sql::Statement st(db, "SELECT resends FROM conflicts WHERE report_id = 'r1'", "test");
        REQUIRE(st.step());
        CHECK(st.integer(0) == 2);
    }
    CHECK(hrc::sql::user_version(db) == 4);
    sqlite3_close(db);
}
