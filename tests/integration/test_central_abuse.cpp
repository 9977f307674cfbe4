// hrc-central under abuse (issue 12): requests an attacker can send, on loopback against a real
// hrc-central, and against the deployed topology (nginx in front, packaging/nginx/hrc-central.conf),
// each bounded and stopping by itself. Memory is read from /proc/PID/status (VmHWM: the process's
// peak resident set), before and after.
//
// [SECTION] helpers: memory, signed requests, a raw TLS client
// [SECTION] central alone: a signed body of tiny values
// [SECTION] nginx in front: slow clients during a sync, header flood, oversized unsigned bodies
#include <algorithm>
#include <atomic>
#include <fstream>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <catch2/catch.hpp>
#include <fcntl.h>
#include <httplib.h>
#include <nlohmann/json.hpp>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <poll.h>

#include "hrc/clock.h"
#include "hrc/seal.h"

#include "deployment.h"
#include "nginx_front.h"
#include "protocol.h"
#include "test_support.h"

using hrc_test::Deployment;
using hrc_test::NginxFront;
using namespace std::chrono_literals;
namespace fs = std::filesystem;

//-------------------------------------------------------------------------------------------------
// [SECTION] helpers
//-------------------------------------------------------------------------------------------------

namespace {

// A field of /proc/PID/status in KiB (VmHWM, VmRSS). Fails the test if it cannot be read.
long status_kib(pid_t pid, const std::string& field) {
    std::ifstream status("/proc/" + std::to_string(pid) + "/status");
    std::string line;
    while (std::getline(status, line))
        if (line.rfind(field + ":", 0) == 0) return std::stol(line.substr(field.size() + 1));
    FAIL("no " << field << " in /proc/" << pid << "/status");
    return 0;
}

// POSTs `body` to /v1/batches signed with the kiosk's real key, as hrc-sync would.
httplib::Result signed_post(Deployment& d, const std::string& body, int port = 0) {
    httplib::SSLClient client("127.0.0.1", port != 0 ? port : d.central_port);
    client.enable_server_certificate_verification(false);
    client.set_read_timeout(60, 0);
    client.set_write_timeout(60, 0);
    const hrc::KioskKeys kiosk = hrc::read_kiosk_secret_key(d.kiosk_dir / "kiosk.key");
    const std::int64_t now = hrc::unix_now();
    httplib::Headers headers = {
        {hrc::protocol::kHeaderKiosk, "kiosk-sync"},
        {hrc::protocol::kHeaderTime, std::to_string(now)},
        {hrc::protocol::kHeaderSignature,
         hrc::protocol::sign_request(kiosk, "POST", hrc::protocol::kBatchesPath, now, body)}};
    return client.Post(hrc::protocol::kBatchesPath, headers, body, "application/json");
}

// `{}` repeated to nearly `bytes`, comma-separated, inside `open` … `close`.
std::string tiny_values(const std::string& open, const std::string& close, std::size_t bytes) {
    std::string body = open;
    body.reserve(bytes);
    while (body.size() + 3 + close.size() < bytes)
        body += body.size() == open.size() ? "{}" : ",{}";
    return body + close;
}

// A signed preflight (GET /v1/preflight?nonce=…) to 127.0.0.1:port: the seconds it took to be
// answered with 200, or -1 when it was not answered with 200 within `timeout_seconds`.
double signed_preflight_seconds(const Deployment& d, int port, int timeout_seconds) {
    httplib::SSLClient client("127.0.0.1", port);
    client.enable_server_certificate_verification(false);
    client.set_connection_timeout(timeout_seconds, 0);
    client.set_read_timeout(timeout_seconds, 0);
    const hrc::KioskKeys kiosk = hrc::read_kiosk_secret_key(d.kiosk_dir / "kiosk.key");
    const std::string target =
        std::string(hrc::protocol::kPreflightPath) + "?nonce=" + std::string(64, 'a');
    const std::int64_t now = hrc::unix_now();
    httplib::Headers headers = {{hrc::protocol::kHeaderKiosk, "kiosk-sync"},
                                {hrc::protocol::kHeaderTime, std::to_string(now)},
                                {hrc::protocol::kHeaderSignature,
                                 hrc::protocol::sign_request(kiosk, "GET", target, now, "")}};
    const auto start = std::chrono::steady_clock::now();
    auto res = client.Get(target.c_str(), headers);
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return res && res->status == 200 ? seconds : -1.0;
}

// One raw TLS connection to 127.0.0.1:port, as an attacker's program would hold it: blocking I/O
// with timeouts. Every failure is reported by the return value (false / empty), never thrown.
class RawTls {
public:
    explicit RawTls(int port) {
        ctx_ = SSL_CTX_new(TLS_client_method());
        fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
        if (ctx_ == nullptr || fd_ < 0) return;
        timeval tv{5, 0};
        (void)setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
        (void)setsockopt(fd_, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_port = htons(static_cast<std::uint16_t>(port));
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if (::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) return;
        ssl_ = SSL_new(ctx_);
        SSL_set_fd(ssl_, fd_);
        open_ = SSL_connect(ssl_) == 1;
    }
    ~RawTls() {
        if (ssl_ != nullptr) SSL_free(ssl_);
        if (fd_ >= 0) ::close(fd_);
        if (ctx_ != nullptr) SSL_CTX_free(ctx_);
    }
    RawTls(const RawTls&) = delete;
    RawTls& operator=(const RawTls&) = delete;

    bool open() const { return open_; }
    // Writes all of `data`; false when the server closed or reset the connection.
    bool write(std::string_view data) {
        while (open_ && !data.empty()) {
            const int n = SSL_write(ssl_, data.data(),
                                    static_cast<int>(std::min<std::size_t>(data.size(), 1 << 20)));
            if (n <= 0)
                open_ = false;
            else
                data.remove_prefix(static_cast<std::size_t>(n));
        }
        return open_;
    }
    // Whatever the server sends within the receive timeout (until it closes), at most 64 KiB.
    std::string read_reply() {
        std::string out;
        char buf[4096];
        while (open_ && out.size() < 65536) {
            const int n = SSL_read(ssl_, buf, sizeof buf);
            if (n <= 0) break;
            out.append(buf, static_cast<std::size_t>(n));
            if (out.find("\r\n\r\n") != std::string::npos) break;
        }
        return out;
    }
    // True when the server has closed the connection (a read would return end-of-file or error).
    bool closed_by_server() {
        pollfd p{fd_, POLLIN, 0};
        if (::poll(&p, 1, 0) <= 0) return false;
        char c;
        const int n = SSL_peek(ssl_, &c, 1);
        return n <= 0;
    }

private:
    SSL_CTX* ctx_ = nullptr;
    SSL* ssl_ = nullptr;
    int fd_ = -1;
    bool open_ = false;
};

// The status code of an HTTP reply ("HTTP/1.1 413 …" → 413), 0 when there is none.
int status_of(const std::string& reply) {
    if (reply.rfind("HTTP/1.", 0) != 0 || reply.size() < 12) return 0;
    return std::atoi(reply.c_str() + 9);
}

} // namespace

//-------------------------------------------------------------------------------------------------
// [SECTION] central alone
//-------------------------------------------------------------------------------------------------

TEST_CASE("central: a signed 8 MiB of tiny JSON values is refused without building it (peak memory "
          "bounded)",
          "[sync][central][abuse]") {
    Deployment d;
    d.start_central();
    const pid_t central = d.central->pid();
    // Warm up: one ordinary signed request, so the idle figure includes TLS and the database.
    {
        auto res =
            signed_post(d, R"({"batch_id":"00000000-0000-4000-8000-000000000000","items":[]})");
        REQUIRE(res);
    }
    const long idle_peak = status_kib(central, "VmHWM");
    const std::size_t size = 8 * 1024 * 1024 - 1024; // under the 8 MiB batch limit: it is parsed
    const struct {
        const char* what;
        std::string body;
        int status;
    } cases[] = {
        {"items: [{},{},…]",
         tiny_values(R"({"batch_id":"00000000-0000-4000-8000-000000000001","items":[)", "]}", size),
         413},
        {"a top-level [{},{},…]", tiny_values("[", "]", size), 400},
        {"[[[[…]]]] nested", std::string(size / 2, '[') + std::string(size / 2, ']'), 400},
    };
    for (const auto& c : cases) {
        INFO(c.what << " (" << c.body.size() << " bytes)");
        auto res = signed_post(d, c.body);
        REQUIRE(res);
        INFO(res->body);
        CHECK(res->status == c.status);
    }
    const long peak = status_kib(central, "VmHWM");
    const long growth_mib = (peak - idle_peak) / 1024;
    std::printf("central peak RSS: idle %ld MiB, after three signed 8 MiB bodies of tiny values "
                "%ld MiB (+%ld MiB; "
                "goal <= 64)\n",
                idle_peak / 1024, peak / 1024, growth_mib);
    CHECK(growth_mib <= 64);
    // Still serving: a real sync delivers.
    d.submit(3);
    CHECK(d.sync_once().code == 0);
    CHECK(d.exported().size() == 3);
}

//-------------------------------------------------------------------------------------------------
// [SECTION] nginx in front
//-------------------------------------------------------------------------------------------------

// 64 connections that send their request headers one line every second and never finish (a
// "slowloris"), re-opened whenever the server drops one, for the whole of a sync of 100 reports.
TEST_CASE("nginx in front: 64 slow clients while a kiosk syncs 100 reports, every preflight "
          "answered within 2 s",
          "[sync][central][abuse][nginx]") {
    const int front_port = hrc_test::free_port();
    Deployment d(true, front_port);
    d.start_central();
    NginxFront front(d, front_port);
    d.submit(100);

    std::atomic<bool> stop{false};
    std::atomic<long> slow_opened{0};
    std::thread attacker([&] {
        std::vector<std::unique_ptr<RawTls>> slow;
        const auto give_up = std::chrono::steady_clock::now() + 90s; // bounded whatever happens
        int line = 0;
        while (!stop && std::chrono::steady_clock::now() < give_up) {
            for (auto& c : slow)
                if (c && (!c->open() || c->closed_by_server())) c.reset();
            slow.erase(std::remove(slow.begin(), slow.end(), nullptr), slow.end());
            while (slow.size() < 64 && !stop) {
                auto c = std::make_unique<RawTls>(front_port);
                if (!c->open() || !c->write("POST /v1/batches HTTP/1.1\r\nHost: central\r\n"))
                    break;
                ++slow_opened;
                slow.push_back(std::move(c));
            }
            for (auto& c : slow)
                (void)c->write("X-Slow-" + std::to_string(line) + ": 1\r\n");
            ++line;
            std::this_thread::sleep_for(1s);
        }
    });
    // Let the slow connections take hold, then sync while measuring preflights.
    std::this_thread::sleep_for(3s);
    std::vector<double> preflight;
    std::atomic<bool> sync_done{false};
    hrc_test::RunResult sync;
    std::thread syncer([&] {
        sync = d.sync_once();
        sync_done = true;
    });
    while (!sync_done || preflight.size() < 10) {
        preflight.push_back(signed_preflight_seconds(d, front_port, 10));
        std::this_thread::sleep_for(300ms);
    }
    syncer.join();
    stop = true;
    attacker.join();

    const double worst = *std::max_element(preflight.begin(), preflight.end());
    const long unanswered = std::count(preflight.begin(), preflight.end(), -1.0);
    std::printf("nginx in front: %ld slow connections opened in all; %zu signed preflights during "
                "the sync, worst %.3f s, "
                "%ld unanswered (goal: all within 2 s)\n",
                slow_opened.load(), preflight.size(), worst, unanswered);
    CHECK(slow_opened >= 64);
    CHECK(unanswered == 0);
    CHECK(worst <= 2.0);
    INFO(sync.out);
    CHECK(sync.code == 0);
    d.require_all_delivered_once();
}

TEST_CASE("nginx in front: a header flood and oversized unsigned bodies are refused early, memory "
          "bounded",
          "[sync][central][abuse][nginx]") {
    const int front_port = hrc_test::free_port();
    Deployment d(true, front_port);
    d.start_central();
    NginxFront front(d, front_port);
    REQUIRE(signed_preflight_seconds(d, front_port, 10) >= 0); // warm: TLS, upstream, database
    const pid_t nginx = front.nginx->pid();
    const pid_t central = d.central->pid();
    const long nginx_idle = status_kib(nginx, "VmHWM"), central_idle = status_kib(central, "VmHWM");

    // 1. 200 MiB of headers: refused with 400 after the first 32 KiB (4 buffers of 8 KiB). nginx then
    //    reads and discards what still comes for a while (lingering close) without keeping it.
    {
        RawTls c(front_port);
        REQUIRE(c.open());
        REQUIRE(c.write("GET /v1/preflight HTTP/1.1\r\nHost: central\r\n"));
        const std::string line = "X-Flood: " + std::string(1000, 'a') + "\r\n";
        std::string chunk;
        while (chunk.size() < (1 << 20))
            chunk += line;
        std::size_t sent = 0;
        while (sent < (std::size_t{200} << 20) && c.write(chunk))
            sent += chunk.size();
        const std::string reply = c.read_reply();
        std::printf("header flood: %zu MiB sent, reply %d\n", sent >> 20, status_of(reply));
        CHECK(status_of(reply) == 400);
    }
    // 2. An unsigned body announced as 100 MiB: 413 from its Content-Length, before any byte of it.
    {
        RawTls c(front_port);
        REQUIRE(c.open());
        REQUIRE(c.write(
            "POST /v1/batches HTTP/1.1\r\nHost: central\r\nContent-Type: application/json\r\n"
            "Content-Length: 104857600\r\n\r\n"));
        CHECK(status_of(c.read_reply()) == 413);
    }
    // 3. A chunked unsigned body of 100 MiB: refused (401) on its headers, before the body is read
    //    (what the client still sends is read and discarded, never kept).
    {
        RawTls c(front_port);
        REQUIRE(c.open());
        REQUIRE(c.write(
            "POST /v1/batches HTTP/1.1\r\nHost: central\r\nContent-Type: application/json\r\n"
            "Transfer-Encoding: chunked\r\n\r\n"));
        const std::string chunk =
            "100000\r\n" + std::string(0x100000, 'x') + "\r\n"; // 1 MiB chunks
        std::size_t sent = 0;
        while (sent < (std::size_t{100} << 20) && c.write(chunk))
            sent += 0x100000;
        const std::string reply = c.read_reply();
        std::printf("chunked unsigned body: %zu MiB sent, reply %d\n", sent >> 20,
                    status_of(reply));
        CHECK(status_of(reply) == 401);
    }
    // 4. An unsigned 4 MiB body within the limit: reaches central, which refuses it (401).
    {
        RawTls c(front_port);
        REQUIRE(c.open());
        const std::string body(4 << 20, ' ');
        REQUIRE(c.write("POST /v1/batches HTTP/1.1\r\nHost: central\r\nContent-Type: "
                        "application/json\r\nContent-Length: " +
                        std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n"));
        REQUIRE(c.write(body));
        CHECK(status_of(c.read_reply()) == 401);
    }
    const long nginx_growth = (status_kib(nginx, "VmHWM") - nginx_idle) / 1024;
    const long central_growth = (status_kib(central, "VmHWM") - central_idle) / 1024;
    std::printf("peak RSS growth: nginx +%ld MiB, hrc-central +%ld MiB (goal <= 20 each)\n",
                nginx_growth, central_growth);
    CHECK(nginx_growth <= 20);
    CHECK(central_growth <= 20);
    // Still serving kiosks.
    CHECK(signed_preflight_seconds(d, front_port, 10) >= 0);
    d.submit(2);
    CHECK(d.sync_once().code == 0);
    CHECK(d.exported().size() == 2);
}

// Authentication before the body (X-HRC-Body-BLAKE2b): a request whose headers are not signed by
// an enrolled kiosk is answered before a byte of its body is sent, by nginx (through central's
// /v1/authorize) and by central alone; the refusal is central's JSON either way.
TEST_CASE("nginx in front and central alone: an unsigned batch is refused before its body is read",
          "[sync][central][abuse][nginx]") {
    const int front_port = hrc_test::free_port();
    Deployment d(true, front_port);
    d.start_central();
    NginxFront front(d, front_port);
    for (const int port : {front_port, d.central_port}) {
        INFO((port == front_port ? "through nginx" : "to central alone"));
        // Headers announcing 8,000,000 bytes; the body is never sent.
        RawTls c(port);
        REQUIRE(c.open());
        REQUIRE(c.write(
            "POST /v1/batches HTTP/1.1\r\nHost: central\r\nContent-Type: application/json\r\n"
            "Content-Length: 8000000\r\nX-HRC-Kiosk: kiosk-sync\r\nX-HRC-Time: " +
            std::to_string(hrc::unix_now()) + "\r\nX-HRC-Signature: " + std::string(86, 'A') +
            "==\r\nX-HRC-Body-BLAKE2b: " + std::string(64, '0') + "\r\n\r\n"));
        const auto start = std::chrono::steady_clock::now();
        const std::string reply =
            c.read_reply(); // 5 s receive timeout: a reply that waits for the body fails
        const double seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        INFO(reply);
        CHECK(status_of(reply) == 401);
        CHECK(seconds < 4.0);
        std::string body;
        for (int i = 0; i < 20 && body.find('}') == std::string::npos; ++i)
            body += c.read_reply();
        CHECK((reply + body).find("bad_signature") != std::string::npos);
    }
    // An unknown kiosk through nginx: central's reason reaches the kiosk.
    {
        RawTls c(front_port);
        REQUIRE(c.open());
        REQUIRE(c.write("POST /v1/batches HTTP/1.1\r\nHost: central\r\nContent-Length: "
                        "10\r\nX-HRC-Kiosk: nobody\r\n"
                        "X-HRC-Time: 1\r\nX-HRC-Signature: x\r\nX-HRC-Body-BLAKE2b: " +
                        std::string(64, '0') + "\r\n\r\n"));
        std::string reply = c.read_reply();
        for (int i = 0; i < 20 && reply.find('}') == std::string::npos; ++i)
            reply += c.read_reply();
        INFO(reply);
        CHECK(status_of(reply) == 401);
        CHECK(reply.find("unknown_kiosk") != std::string::npos);
    }
    // A signed request whose body is not the one it announced: 400, nothing stored.
    {
        const hrc::KioskKeys kiosk = hrc::read_kiosk_secret_key(d.kiosk_dir / "kiosk.key");
        const std::string signed_body =
            R"({"batch_id":"00000000-0000-4000-8000-000000000009","items":[]})";
        const std::string sent_body =
            R"({"batch_id":"00000000-0000-4000-8000-00000000000a","items":[]})";
        const std::int64_t now = hrc::unix_now();
        httplib::SSLClient client("127.0.0.1", front_port);
        client.enable_server_certificate_verification(false);
        httplib::Headers headers = {
            {hrc::protocol::kHeaderKiosk, "kiosk-sync"},
            {hrc::protocol::kHeaderTime, std::to_string(now)},
            {hrc::protocol::kHeaderBodyDigest, hrc::protocol::blake2b_hex(signed_body)},
            {hrc::protocol::kHeaderSignature,
             hrc::protocol::sign_request(kiosk, "POST", hrc::protocol::kBatchesPath, now,
                                         signed_body)}};
        auto res = client.Post(hrc::protocol::kBatchesPath, headers, sent_body, "application/json");
        REQUIRE(res);
        INFO(res->body);
        CHECK(res->status == 400);
    }
    // And kiosks deliver through it as before.
    d.submit(5);
    CHECK(d.sync_once().code == 0);
    d.require_all_delivered_once();
}

// testssl.sh (Debian's package) against the deployed receiver: what an auditor would run. Findings
// about trusting the self-signed certificate (no CA chain, no revocation URI: kiosks pin the
// certificate instead) are the demo's and are listed, not counted; everything else must be below HIGH,
// and every cipher offered must be AEAD (GCM or ChaCha20-Poly1305) with ECDHE or TLS 1.3.
TEST_CASE("nginx in front: testssl.sh finds no HIGH or CRITICAL issue and no CBC or SHA-1 suite",
          "[sync][central][nginx][testssl]") {
    const int front_port = hrc_test::free_port();
    Deployment d(true, front_port);
    d.start_central();
    NginxFront front(d, front_port);
    const fs::path json = d.dir / "testssl.json";
    const std::string testssl = "/usr/bin/testssl";
    INFO("testssl.sh is Debian's package testssl.sh");
    REQUIRE(fs::exists(testssl));
    const auto r =
        hrc_test::run_command({testssl, "--quiet", "--color", "0", "--warnings", "off",
                               "--openssl-timeout", "5", "--nodns", "none", "--fast", "--jsonfile",
                               json.string(), "127.0.0.1:" + std::to_string(front_port)},
                              (d.dir / "testssl.log").string(), {}, 600s);
    INFO("testssl exit " << r.code << "; log: " << hrc_test::read_file(d.dir / "testssl.log"));
    REQUIRE(fs::exists(json));
    const nlohmann::json findings = nlohmann::json::parse(hrc_test::read_file(json));
    const std::set<std::string> self_signed_trust = {"cert_chain_of_trust", "cert_revocation"};
    int ciphers = 0, serious = 0;
    for (const auto& f : findings) {
        const std::string id = f.value("id", ""), severity = f.value("severity", ""),
                          finding = f.value("finding", "");
        if (id.rfind("cipher_x", 0) == 0) {
            ++ciphers;
            INFO(id << ": " << finding);
            CHECK((finding.find("GCM") != std::string::npos ||
                   finding.find("CHACHA20") != std::string::npos));
            CHECK(finding.find("CBC") == std::string::npos);
            CHECK((finding.find("ECDHE") != std::string::npos ||
                   finding.find("TLS_AES") != std::string::npos ||
                   finding.find("TLS_CHACHA20") != std::string::npos));
        }
        if (severity == "HIGH" || severity == "CRITICAL") {
            std::printf("testssl: %s %s: %s%s\n", severity.c_str(), id.c_str(), finding.c_str(),
                        self_signed_trust.count(id)
                            ? " (self-signed certificate trust: the demo's, kiosks pin it)"
                            : "");
            if (!self_signed_trust.count(id)) {
                ++serious;
                FAIL_CHECK("testssl " << severity << " " << id << ": " << finding);
            }
        }
        if (id == "SSLv2" || id == "SSLv3" || id == "TLS1" || id == "TLS1_1")
            CHECK(finding.find("not offered") != std::string::npos);
        if (id == "BREACH") CHECK(finding.find("VULNERABLE") == std::string::npos);
    }
    std::printf("testssl: %d ciphers offered, all ECDHE/TLS 1.3 with AEAD; %d serious findings\n",
                ciphers, serious);
    CHECK(ciphers >= 3);
    CHECK(serious == 0);
}
