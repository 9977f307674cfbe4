// hrc-central under abuse (issue 12): requests an attacker can send, on loopback against a real
// hrc-central, each bounded and stopping by itself. Memory is read from /proc/PID/status (VmHWM:
// the process's peak resident set), before and after.
#include <catch2/catch.hpp>

#include <fstream>
#include <httplib.h>
#include <string>

#include "deployment.h"
#include "hrc/clock.h"
#include "hrc/seal.h"
#include "protocol.h"
#include "test_support.h"

using hrc_test::Deployment;
using namespace std::chrono_literals;

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
httplib::Result signed_post(Deployment& d, const std::string& body) {
    httplib::SSLClient client("127.0.0.1", d.central_port);
    client.enable_server_certificate_verification(false);
    client.set_read_timeout(60, 0);
    client.set_write_timeout(60, 0);
    const hrc::KioskKeys kiosk = hrc::read_kiosk_secret_key(d.kiosk_dir / "kiosk.key");
    const std::int64_t now = hrc::unix_now();
    httplib::Headers headers = {
        {hrc::protocol::kHeaderKiosk, "kiosk-sync"},
        {hrc::protocol::kHeaderTime, std::to_string(now)},
        {hrc::protocol::kHeaderSignature, hrc::protocol::sign_request(kiosk, "POST", hrc::protocol::kBatchesPath, now, body)}};
    return client.Post(hrc::protocol::kBatchesPath, headers, body, "application/json");
}

// `{}` repeated to nearly `bytes`, comma-separated, inside `open` … `close`.
std::string tiny_values(const std::string& open, const std::string& close, std::size_t bytes) {
    std::string body = open;
    body.reserve(bytes);
    while (body.size() + 3 + close.size() < bytes) body += body.size() == open.size() ? "{}" : ",{}";
    return body + close;
}

} // namespace

TEST_CASE("central: a signed 8 MiB of tiny JSON values is refused without building it (peak memory bounded)",
          "[sync][central][abuse]") {
    Deployment d;
    d.start_central();
    const pid_t central = d.central->pid();
    // Warm up: one ordinary signed request, so the idle figure includes TLS and the database.
    {
        auto res = signed_post(d, R"({"batch_id":"00000000-0000-4000-8000-000000000000","items":[]})");
        REQUIRE(res);
    }
    const long idle_peak = status_kib(central, "VmHWM");
    const std::size_t size = 8 * 1024 * 1024 - 1024;   // under the 8 MiB batch limit: it is parsed
    const struct {
        const char* what;
        std::string body;
        int status;
    } cases[] = {
        {"items: [{},{},…]", tiny_values(R"({"batch_id":"00000000-0000-4000-8000-000000000001","items":[)", "]}", size), 413},
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
    std::printf("central peak RSS: idle %ld MiB, after three signed 8 MiB bodies of tiny values %ld MiB (+%ld MiB; "
                "goal <= 64)\n", idle_peak / 1024, peak / 1024, growth_mib);
    CHECK(growth_mib <= 64);
    // Still serving: a real sync delivers.
    d.submit(3);
    CHECK(d.sync_once().code == 0);
    CHECK(d.exported().size() == 3);
}
