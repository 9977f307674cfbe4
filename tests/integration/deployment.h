// deployment.h — a central and an enrolled kiosk in a temp folder, for the tests that run the real
// programs (hrc-admin, hrc-sync, hrc-central) over real TLS on loopback. Header-only; each test
// program that includes it defines HRC_ADMIN_EXE, HRC_CENTRAL_EXE and HRC_SYNC_EXE.
#pragma once

#include <csignal>
#include <map>
#include <memory>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <sqlite3.h>

#include "hrc/config.h"
#include "hrc/kiosk_store.h"
#include "hrc/submit.h"

#include "process.h"
#include "test_support.h"

namespace hrc_test {

using namespace std::chrono_literals;

namespace fs = std::filesystem;

struct Deployment {
    hrc_test::TempDir dir;
    fs::path central_dir = dir / "central";
    fs::path kiosk_dir = dir / "kiosk";
    std::string log = (dir / "processes.log").string();
    int central_port = hrc_test::free_port();
    std::unique_ptr<Process> central;
    std::map<std::string, nlohmann::json> submitted; // report_id -> the report as sealed

    // `kiosk_url_port`: where the kiosk sends (a proxy's port, or central's by default).
    explicit Deployment(bool enrol = true, int kiosk_url_port = 0) {
        run_ok(
            {HRC_CENTRAL_EXE, "init", "--dir", central_dir.string(), "--url", url(central_port)});
        run_ok({HRC_ADMIN_EXE, "init", "--dir", kiosk_dir.string(), "--central",
                (central_dir / "central.pub").string(), "--central-url",
                url(kiosk_url_port ? kiosk_url_port : central_port), "--centre-id", "test-centre",
                "--kiosk-id", "kiosk-sync"});
        if (enrol)
            run_ok({HRC_CENTRAL_EXE, "enrol", "--dir", central_dir.string(), "--kiosk-key",
                    (kiosk_dir / "kiosk.pub").string()});
        // Short timeouts so stalls end quickly in tests.
        hrc::Config c = config();
        c.central.connect_timeout_seconds = 3;
        c.central.request_timeout_seconds = 4;
        hrc_test::write_file(kiosk_dir / "hrc.toml", hrc::render_config(c));
    }
    ~Deployment() {
        if (central) central->stop(SIGTERM);
    }

    static std::string url(int port) { return "https://127.0.0.1:" + std::to_string(port); }
    hrc::Config config() const { return hrc::load_config(kiosk_dir / "hrc.toml"); }

    void run_ok(const std::vector<std::string>& argv) {
        const auto r = hrc_test::run_command(argv, log);
        INFO(argv[0] << " " << argv[1] << " exit " << r.code << "\n"
                     << r.out << "\nlog:\n"
                     << hrc_test::read_file(log));
        REQUIRE(r.code == 0);
    }

    void start_central(std::vector<std::string> extra = {}) {
        std::vector<std::string> argv = {
            HRC_CENTRAL_EXE,      "serve",    "--dir",
            central_dir.string(), "--listen", "127.0.0.1:" + std::to_string(central_port)};
        argv.insert(argv.end(), extra.begin(), extra.end());
        central = std::make_unique<Process>(argv, log);
        const std::string line = central->wait_for_line("listening on", 20s);
        INFO(hrc_test::read_file(log));
        REQUIRE_FALSE(line.empty());
    }

    // Seals `n` reports into the kiosk's store through the real submit path.
    void submit(int n) {
        const hrc::Config c = config();
        hrc::Store store = hrc::open_kiosk_store(c);
        const hrc::KioskKeys keys = hrc::read_kiosk_secret_key(c.kiosk.signing_key);
        const hrc::CentralIdentity central_id =
            hrc::read_central_identity(c.central.public_identity);
        for (int i = 0; i < n; ++i) {
            hrc::Report r = hrc_test::fresh_report();
            r.description =
                "Report number " + std::to_string(submitted.size()) + " — " + *r.description;
            const auto out =
                hrc::submit_report(store, r, keys, central_id, {2025, 3, 27}, hrc::unix_now());
            REQUIRE(out.stored());
            submitted[r.report_id] = hrc::to_json(r);
        }
    }

    hrc_test::RunResult sync_once(const std::map<std::string, std::string>& env = {}) {
        std::map<std::string, std::string> e = env;
        e.emplace("HRC_SYNC_CA_FILE", (central_dir / "tls.crt").string());
        return hrc_test::run_command(
            {HRC_SYNC_EXE, "--config", (kiosk_dir / "hrc.toml").string(), "--once"}, log, e, 120s);
    }

    // Pretends the backoff has elapsed: makes every waiting report due now.
    void make_retries_due() {
        hrc::Store store = hrc::open_kiosk_store(config());
        REQUIRE(sqlite3_exec(store.handle(),
                             "UPDATE outbox SET next_attempt_at = 0 WHERE state = 'retry_wait'",
                             nullptr, nullptr, nullptr) == SQLITE_OK);
    }

    // Runs passes (making retries due between them) until nothing is pending or `passes` ran.
    void sync_until_done(int passes) {
        for (int i = 0; i < passes && pending() > 0; ++i) {
            sync_once();
            make_retries_due();
        }
    }

    hrc::StoreStatus status() {
        return hrc::open_kiosk_store(config()).status(hrc::unix_now(), {30, 7});
    }
    int pending() { return status().counts.pending(); }

    // What central holds, opened with its private key: report_id -> exported object.
    std::map<std::string, nlohmann::json> exported() {
        const auto r = hrc_test::run_command({HRC_CENTRAL_EXE, "export", "--dir",
                                              central_dir.string(), "--for", "team", "--format",
                                              "json", "--from", "1970-01-01", "--plaintext"},
                                             log);
        INFO(hrc_test::read_file(log));
        REQUIRE(r.code == 0);
        std::map<std::string, nlohmann::json> out;
        for (auto item : nlohmann::json::parse(r.out)) {
            const std::string id = item.at("report_id");
            REQUIRE(out.count(id) == 0); // exactly once
            item.erase("received_at");
            out[id] = item;
        }
        return out;
    }

    // Every submitted report is at central exactly once, byte-identical, and the kiosk has
    // nothing pending.
    void require_all_delivered_once() {
        const auto at_central = exported();
        CHECK(at_central.size() == submitted.size());
        int differing = 0, missing = 0;
        for (const auto& [id, report] : submitted) {
            auto it = at_central.find(id);
            if (it == at_central.end())
                ++missing;
            else if (it->second != report)
                ++differing;
        }
        CHECK(missing == 0);
        CHECK(differing == 0);
        CHECK(pending() == 0);
    }
};

} // namespace hrc_test
