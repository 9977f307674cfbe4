// e2e_setup.h — a real kiosk on disk for the end-to-end tests and the screenshot tour: a central
// key pair (hrc-test-central-keys), a kiosk made with `hrc-admin init`, its store read back with
// `hrc-admin list --json`.
#pragma once

#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <string>

#include <nlohmann/json.hpp>

#include "hrc/config.h"

#include "kiosk_driver.h"
#include "process.h"
#include "test_support.h"

namespace hrc_e2e {

struct Programs {
    std::string kiosk;        // hrc-kiosk
    std::string admin;        // hrc-admin
    std::string central_keys; // hrc-test-central-keys
};

class KioskSetup {
public:
    KioskSetup(Programs programs, const std::string& kiosk_id = "kiosk-e2e",
               const std::string& centre_id = "e2e-centre")
        : programs_(std::move(programs)) {
        fs::create_directories(logs_);
        hrc_test::RunResult r = hrc_test::run_command(
            {programs_.central_keys, central_dir.string(), "https://127.0.0.1:8443"},
            (logs_ / "setup.log").string());
        if (r.code != 0)
            throw std::runtime_error("hrc-test-central-keys failed; see " +
                                     (logs_ / "setup.log").string());
        r = hrc_test::run_command({programs_.admin, "init", "--dir", kiosk_dir.string(),
                                   "--central", (central_dir / "central.pub").string(),
                                   "--centre-id", centre_id, "--kiosk-id", kiosk_id},
                                  (logs_ / "setup.log").string());
        if (r.code != 0)
            throw std::runtime_error("hrc-admin init failed (exit " + std::to_string(r.code) +
                                     "): " + hrc_test::read_file(logs_ / "setup.log"));
    }

    // When HRC_E2E_ARTIFACTS is set, the automation files, logs and screenshots of this setup are
    // copied to $HRC_E2E_ARTIFACTS/<name>/ when it ends, whether the test passed or failed.
    void keep_artifacts(const std::string& name) { artifacts_name_ = name; }

    ~KioskSetup() {
        const char* where = std::getenv("HRC_E2E_ARTIFACTS");
        if (artifacts_name_.empty() || where == nullptr || *where == '\0') return;
        const fs::path to = fs::path(where) / artifacts_name_;
        std::error_code ec;
        fs::create_directories(to, ec);
        fs::copy(logs_, to, fs::copy_options::recursive | fs::copy_options::overwrite_existing, ec);
    }
    KioskSetup(const KioskSetup&) = delete;
    KioskSetup& operator=(const KioskSetup&) = delete;

    // ui.idle_seconds / ui.idle_countdown_seconds, written back with render_config.
    void set_idle(int idle_seconds, int countdown_seconds) {
        hrc::Config c = hrc::load_config(config);
        c.ui.idle_seconds = idle_seconds;
        c.ui.idle_countdown_seconds = countdown_seconds;
        hrc_test::write_file(config, hrc::render_config(c));
        (void)hrc::load_config(config); // still valid
    }

    // ui.read_aloud_device ("null": plays nothing; a name ALSA does not know: read-aloud fails).
    void set_read_aloud_device(const std::string& device) {
        hrc::Config c = hrc::load_config(config);
        c.ui.read_aloud_device = device;
        hrc_test::write_file(config, hrc::render_config(c));
        (void)hrc::load_config(config); // still valid
    }

    // `hrc-admin list --json`: metadata of every stored report.
    nlohmann::json list() const {
        const hrc_test::RunResult r =
            hrc_test::run_command({programs_.admin, "--config", config.string(), "list", "--json"},
                                  (logs_ / "admin.log").string());
        if (r.code != 0)
            throw std::runtime_error("hrc-admin list --json failed (exit " +
                                     std::to_string(r.code) + ")");
        return nlohmann::json::parse(r.out);
    }

    KioskOptions kiosk_options(const std::string& run = "kiosk", int width = 1280,
                               int height = 800) const {
        KioskOptions o;
        o.exe = programs_.kiosk;
        o.config = config;
        o.automation = logs_ / (run + ".automation.jsonl");
        o.log = logs_ / (run + ".log");
        o.width = width;
        o.height = height;
        return o;
    }

    fs::path logs() const { return logs_; }

private:
    Programs programs_;
    hrc_test::TempDir dir_;

public:
    const fs::path central_dir = dir_ / "central";
    const fs::path kiosk_dir = dir_ / "kiosk";
    const fs::path config = kiosk_dir / "hrc.toml";

private:
    const fs::path logs_ = dir_ / "logs";
    std::string artifacts_name_;
};

} // namespace hrc_e2e
