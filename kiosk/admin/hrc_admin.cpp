// hrc-admin — set up and look after the kiosk's store, from a terminal (docs/hrc-admin.md).
//
// [SECTION] Output helpers
// [SECTION] init
// [SECTION] submit
// [SECTION] list, status
// [SECTION] verify, purge, rekey
// [SECTION] staff PINs
// [SECTION] main: command line, error → exit code
//
// Every failure is an hrc::Error whose message says what to do; main() prints it as
// "hrc-admin: <message>" and exits with its code (docs/exit-codes.md). Nothing here prints report
// content: only ids, references, states, counts and times.

#include <cstdio>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>
#include <sodium.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#include "hrc/atomic_file.h"
#include "hrc/clock.h"
#include "hrc/config.h"
#include "hrc/error.h"
#include "hrc/kiosk_store.h"
#include "hrc/process.h"
#include "hrc/reference.h"
#include "hrc/report.h"
#include "hrc/seal.h"
#include "hrc/staff_pins.h"
#include "hrc/store.h"
#include "hrc/submit.h"

namespace fs = std::filesystem;

namespace {

//-------------------------------------------------------------------------------------------------
// [SECTION] Output helpers
//-------------------------------------------------------------------------------------------------

// "3 hours", "2 days": how long ago, for people.
std::string age_in_words(std::int64_t seconds) {
    auto plural = [](std::int64_t n, const char* unit) {
        return std::to_string(n) + " " + unit + (n == 1 ? "" : "s");
    };
    if (seconds < 120) return plural(seconds, "second");
    if (seconds < 2 * 3600) return plural(seconds / 60, "minute");
    if (seconds < 2 * 86400) return plural(seconds / 3600, "hour");
    return plural(seconds / 86400, "day");
}

std::string read_text_file(const std::string& path) {
    if (path == "-") return std::string(std::istreambuf_iterator<char>(std::cin), {});
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw hrc::Error(hrc::Code::io,
                         path + ": cannot read this file (" + std::strerror(errno) + ")");
    return std::string(std::istreambuf_iterator<char>(in), {});
}

//-------------------------------------------------------------------------------------------------
// [SECTION] init
//-------------------------------------------------------------------------------------------------

struct InitOptions {
    std::string dir;
    std::string data_dir;
    std::string central_pub;
    std::string central_url;
    std::string centre_id = "unassigned";
    std::string kiosk_id;
};

int run_init(const InitOptions& o) {
    const fs::path dir = fs::absolute(o.dir);
    const fs::path data_dir = o.data_dir.empty() ? dir : fs::absolute(o.data_dir);
    hrc::Config config;
    config.file = dir / "hrc.toml";
    config.store.database = data_dir / "hrc.db";
    config.store.key_file = dir / "db.key";
    config.kiosk.signing_key = dir / "kiosk.key";
    config.central.public_identity = dir / "central.pub";
    const fs::path kiosk_pub = dir / "kiosk.pub";

    for (const fs::path& p : {config.file, config.store.database, config.store.key_file,
                              config.kiosk.signing_key, kiosk_pub, config.central.public_identity})
        if (fs::exists(p))
            throw hrc::Error(
                hrc::Code::already_exists,
                p.string() +
                    " already exists: a kiosk is already set up here; refusing to overwrite it. "
                    "To start again, move " +
                    dir.string() + " away first.");

    // Read central's identity before creating anything, so a wrong file costs nothing.
    hrc::CentralIdentity central = hrc::read_central_identity(o.central_pub);
    if (!o.central_url.empty()) central.url = o.central_url;
    config.central.url = central.url;

    hrc::KioskKeys keys = hrc::generate_kiosk_keys();
    config.kiosk.kiosk_id =
        o.kiosk_id.empty()
            ? "kiosk-" + hrc::to_hex(hrc::key_id_of(keys.public_key.data(), 32)).substr(0, 8)
            : o.kiosk_id;
    config.kiosk.centre_id = o.centre_id;
    // Check the identity and URL the same way loading will, before anything is written.
    const std::string rendered = hrc::render_config(config);
    (void)hrc::parse_config(rendered, config.file.string(), dir);

    std::error_code ec;
    fs::create_directories(dir, ec);
    fs::create_directories(data_dir, ec);
    if (!fs::is_directory(dir) || !fs::is_directory(data_dir))
        throw hrc::Error(hrc::Code::io, "cannot create " + dir.string() + " or " +
                                            data_dir.string() + ": " + ec.message());

    std::vector<fs::path> created;
    const auto remove_created = [&] {
        for (const fs::path& p : created) {
            fs::remove(p, ec);
            for (const char* suffix : {"-wal", "-shm"})
                fs::remove(p.string() + suffix, ec);
        }
    };
    try {
        hrc::write_kiosk_secret_key(config.kiosk.signing_key, keys);
        created.push_back(config.kiosk.signing_key);
        hrc::write_kiosk_public_key(kiosk_pub, keys, config.kiosk.kiosk_id, config.kiosk.centre_id);
        created.push_back(kiosk_pub);
        hrc::write_central_identity(config.central.public_identity, central);
        created.push_back(config.central.public_identity);
        const hrc::SecretKey db_key = hrc::generate_db_key();
        hrc::write_db_key(config.store.key_file, db_key);
        created.push_back(config.store.key_file);
        hrc::KioskRow row{config.kiosk.kiosk_id, config.kiosk.centre_id, keys.public_key,
                          hrc::unix_now()};
        (void)hrc::Store::create(hrc::store_options(config), db_key, row, hrc::unix_now());
        created.push_back(config.store.database);
        // The configuration is written last: its presence means the kiosk is complete. Atomically
        // and never over a file that appeared meanwhile (hrc/atomic_file.h): it exists whole or not
        // at all — except when only the folder's fsync failed, so that case removes it below.
        hrc::write_file_atomically(config.file, rendered, 0644, hrc::IfExists::refuse);
    } catch (const hrc::Error& e) {
        remove_created();
        if (e.code() != hrc::Code::already_exists) fs::remove(config.file, ec);
        throw;
    } catch (...) {
        remove_created();
        throw;
    }
    std::cout << "Created kiosk " << config.kiosk.kiosk_id << " for centre "
              << config.kiosk.centre_id << ":\n"
              << "  configuration  " << config.file.string() << "\n"
              << "  database       " << config.store.database.string() << " (encrypted)\n"
              << "  database key   " << config.store.key_file.string() << " (mode 0600)\n"
              << "  signing key    " << config.kiosk.signing_key.string() << " (mode 0600)\n"
              << "  public identity " << kiosk_pub.string() << "\n"
              << "  central        " << config.central.public_identity.string() << " (sealing key "
              << hrc::to_hex(central.sealing_key_id) << ")\n"
              << "Next: enrol this kiosk at central with\n"
              << "  hrc-central enrol --dir CENTRAL_DIR --kiosk-key " << kiosk_pub.string() << "\n";
    if (config.central.url.empty())
        std::cout << "Central's address is not set yet: add central.url to " << config.file.string()
                  << " before starting hrc-sync.\n";
    return 0;
}

//-------------------------------------------------------------------------------------------------
// [SECTION] submit
//-------------------------------------------------------------------------------------------------

struct SubmitOptions {
    std::string file;
    std::string staff_id;
};

int run_submit(const hrc::Config& config, const SubmitOptions& o) {
    std::string text = read_text_file(o.file);
    nlohmann::json json = nlohmann::json::parse(text, nullptr, false);
    if (json.is_discarded()) {
        const auto decoded = hrc::decode_report_text(text);
        for (const auto& p : decoded.problems)
            std::cerr << o.file << (p.path.empty() ? "" : ": " + p.path) << ": " << p.message
                      << "\n";
        throw hrc::Error(
            hrc::Code::invalid_report,
            o.file + " is not valid JSON: nothing was stored. Fix the file and submit it again.");
    }
    // A transcribed paper form carries the person's answers; the device supplies what the person
    // never wrote: ids, time, mode. Values already in the file are kept (re-submitting the same
    // file is then recognised as a duplicate).
    if (json.is_object()) {
        json.emplace("schema_version", hrc::kReportSchemaVersion);
        json.emplace("report_id", hrc::new_report_id());
        json.emplace("reference", hrc::new_reference());
        json.emplace("created_at", hrc::format_utc(hrc::unix_now()));
        json.emplace("centre_id", config.kiosk.centre_id);
        json.emplace("kiosk_id", config.kiosk.kiosk_id);
        json.emplace("language", "en-GB");
        json.emplace("mode", "paper_transcription");
        if (!o.staff_id.empty()) json["staff_id"] = o.staff_id;
    }
    hrc::DecodeResult decoded = hrc::decode_report(json);
    if (!decoded.report) {
        for (const auto& p : decoded.problems)
            std::cerr << o.file << ": " << (p.path.empty() ? "/" : p.path) << ": " << p.message
                      << "\n";
        throw hrc::Error(hrc::Code::invalid_report,
                         "the report was not stored: fix the fields above and submit it again");
    }
    hrc::Report& report = *decoded.report;
    const std::string file_kiosk = report.kiosk_id;

    hrc::Store store = hrc::open_kiosk_store(config);
    const hrc::KioskKeys keys = hrc::read_kiosk_secret_key(config.kiosk.signing_key);
    const hrc::CentralIdentity central = hrc::read_central_identity(config.central.public_identity);
    const hrc::SubmitOutcome outcome =
        hrc::submit_report(store, report, keys, central, hrc::local_today(), hrc::unix_now());
    hrc::wipe(report);
    if (!outcome.problems.empty()) {
        for (const auto& p : outcome.problems)
            std::cerr << o.file << ": " << p.field << ": " << p.message << "\n";
        throw hrc::Error(hrc::Code::invalid_report,
                         "the report was not stored: fix the fields above and submit it again");
    }
    if (file_kiosk != config.kiosk.kiosk_id)
        std::cerr << "note: the file said kiosk_id \"" << file_kiosk
                  << "\"; it was recorded as made at this kiosk (" << config.kiosk.kiosk_id
                  << ")\n";
    std::cout << "Stored report " << outcome.report_id
              << " (sealed for central, queued for sending).\n";
    std::cout << outcome.reference << "\n";
    return 0;
}

//-------------------------------------------------------------------------------------------------
// [SECTION] list, status
//-------------------------------------------------------------------------------------------------

int run_list(const hrc::Config& config, bool as_json) {
    hrc::Store store = hrc::open_kiosk_store(config);
    store.require_undamaged();
    const auto entries = store.list();
    if (as_json) {
        nlohmann::json out = nlohmann::json::array();
        for (const auto& e : entries)
            out.push_back({{"reference", e.reference},
                           {"report_id", e.report_id},
                           {"created", hrc::format_utc(e.created_at)},
                           {"state", std::string(hrc::to_string(e.state))},
                           {"attempts", e.attempts},
                           {"language", e.language},
                           {"mode", e.mode},
                           {"last_error", e.last_error},
                           {"acked_at", e.acked_at ? nlohmann::json(hrc::format_utc(e.acked_at))
                                                   : nlohmann::json(nullptr)},
                           {"sealed_copy_kept", e.sealed_present}});
        std::cout << out.dump(2) << "\n";
        return 0;
    }
    if (entries.empty()) {
        std::cout << "No reports stored.\n";
        return 0;
    }
    std::printf("%-15s %-36s %-21s %-12s %s\n", "REFERENCE", "REPORT ID", "CREATED (UTC)", "STATE",
                "ATTEMPTS");
    for (const auto& e : entries) {
        std::printf("%-15s %-36s %-21s %-12s %d\n", e.reference.c_str(), e.report_id.c_str(),
                    hrc::format_utc(e.created_at).c_str(),
                    std::string(hrc::to_string(e.state)).c_str(), e.attempts);
        // Why central refused it (central's words: field paths and rules, never content), with any
        // control character shown as '?' so a reason can never drive the terminal.
        if (e.state == hrc::OutboxState::quarantined && !e.last_error.empty()) {
            std::string reason = e.last_error;
            for (char& c : reason)
                if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) c = '?';
            std::printf("%-15s refused: %s\n", "", reason.c_str());
        }
    }
    return 0;
}

nlohmann::json pin_lockouts_json(const std::vector<hrc::PinLockout>& lockouts, std::int64_t now) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& l : lockouts)
        out.push_back(
            {{"scope", l.scope},
             {"failures", l.failures},
             {"last_failure_at", hrc::format_utc(l.last_failure_at)},
             {"locked_until", l.locked_until > now ? nlohmann::json(hrc::format_utc(l.locked_until))
                                                   : nlohmann::json(nullptr)}});
    return out;
}

hrc::RetentionPolicy retention_of(const hrc::Config& config) {
    return {config.retention.unacknowledged_days, config.retention.warn_days_before};
}

int run_status(const hrc::Config& config, bool as_json) {
    hrc::Store store = hrc::open_kiosk_store(config);
    store.require_undamaged();
    const std::int64_t now = hrc::unix_now();
    const hrc::StoreStatus s = store.status(now, retention_of(config));
    const hrc::KioskRow kiosk = store.kiosk();
    const std::int64_t oldest_age =
        s.oldest_pending_created_at ? now - s.oldest_pending_created_at : 0;
    if (as_json) {
        nlohmann::json out = {
            {"kiosk_id", kiosk.kiosk_id},
            {"centre_id", kiosk.centre_id},
            {"counts",
             {{"queued", s.counts.queued},
              {"sending", s.counts.sending},
              {"retry_wait", s.counts.retry_wait},
              {"quarantined", s.counts.quarantined},
              {"acked", s.counts.acked}}},
            {"pending", s.counts.pending()},
            {"oldest_pending_age_seconds",
             s.oldest_pending_created_at ? nlohmann::json(oldest_age) : nlohmann::json(nullptr)},
            {"last_contact", s.sync.last_contact_at
                                 ? nlohmann::json(hrc::format_utc(s.sync.last_contact_at))
                                 : nlohmann::json(nullptr)},
            {"last_error", s.sync.last_error},
            {"alert", s.sync.alert},
            {"waiting_long", s.waiting_long},
            {"pin_lockouts", pin_lockouts_json(store.pin_lockouts(), now)},
        };
        std::cout << out.dump(2) << "\n";
        return 0;
    }
    std::cout << "Kiosk " << kiosk.kiosk_id << " at centre " << kiosk.centre_id << "\n";
    std::cout << "  pending (not yet acknowledged by central): " << s.counts.pending() << "\n"
              << "    queued " << s.counts.queued << ", sending " << s.counts.sending
              << ", waiting to retry " << s.counts.retry_wait << ", quarantined "
              << s.counts.quarantined << "\n"
              << "  acknowledged by central: " << s.counts.acked << "\n";
    if (s.oldest_pending_created_at)
        std::cout << "  oldest pending: " << age_in_words(oldest_age) << " old ("
                  << hrc::format_utc(s.oldest_pending_created_at) << ")\n";
    if (s.sync.last_contact_at)
        std::cout << "  last contact with central: " << age_in_words(now - s.sync.last_contact_at)
                  << " ago (" << hrc::format_utc(s.sync.last_contact_at) << ")"
                  << (s.sync.last_error.empty() ? "" : ", failed: " + s.sync.last_error) << "\n";
    else
        std::cout << "  last contact with central: never\n";
    if (!s.sync.alert.empty())
        std::cout << "  ALERT: sending has stopped: " << s.sync.alert << "\n";
    if (s.counts.quarantined > 0)
        std::cout << "  WARNING: " << s.counts.quarantined
                  << " report(s) were refused by central; see `hrc-admin list` for the reasons.\n";
    for (const auto& l : store.pin_lockouts())
        if (l.locked_until > now)
            std::cout << "  PIN LOCKOUT: "
                      << (l.scope == "kiosk" ? std::string("the whole kiosk")
                                             : "staff ID " + l.scope.substr(6))
                      << " after " << l.failures << " wrong PIN(s), until "
                      << hrc::format_utc(l.locked_until)
                      << " UTC; clear it with `hrc-admin reset-pin-lockout "
                      << (l.scope == "kiosk" ? std::string("--all")
                                             : "--staff-id " + l.scope.substr(6))
                      << "`\n";
    if (s.waiting_long > 0)
        std::cout << "  WARNING: " << s.waiting_long << " report(s) have waited "
                  << (config.retention.unacknowledged_days - config.retention.warn_days_before)
                  << " days or more without central's acknowledgement. They are kept (sealed) "
                     "until central confirms them:\n"
                  << "           check the connection to central now (`hrc-sync --once`), and the "
                     "reasons in `hrc-admin list`.\n";
    return 0;
}

//-------------------------------------------------------------------------------------------------
// [SECTION] verify, purge, rekey
//-------------------------------------------------------------------------------------------------

int run_verify(const hrc::Config& config) {
    hrc::Store store = hrc::open_kiosk_store(config);
    const std::string integrity = store.integrity_check();
    // The audit log is read only from a database whose every page reads back.
    hrc::AuditCheck audit{false, 0, "not checked: the database is damaged"};
    if (integrity == "ok") audit = store.verify_audit();
    std::cout << "database integrity: " << integrity << "\n";
    std::cout << "audit log: "
              << (audit.ok ? "ok (" + std::to_string(audit.entries) + " entries, hash chain intact)"
                           : "BROKEN: " + audit.problem)
              << "\n";
    if (integrity != "ok" || !audit.ok)
        throw hrc::Error(
            hrc::Code::corrupt,
            "verification failed: keep this kiosk's files as they are and contact support; "
            "do not purge or rekey until the cause is known");
    return 0;
}

int run_purge(const hrc::Config& config, bool as_json) {
    hrc::Store store = hrc::open_kiosk_store(config);
    const hrc::PurgeResult r = store.purge(hrc::unix_now(), retention_of(config));
    if (as_json) {
        std::cout << nlohmann::json{{"acked_purged", r.acked_purged},
                                    {"waiting_long", r.waiting_long}}
                         .dump(2)
                  << "\n";
        return 0;
    }
    std::cout << "Removed the sealed copies of " << r.acked_purged
              << " report(s) acknowledged by central.\n";
    if (r.waiting_long > 0)
        std::cout << "WARNING: " << r.waiting_long
                  << " report(s) have waited long for central's acknowledgement; they are kept "
                  << "until central confirms them. Check the connection to central now.\n";
    return 0;
}

int run_requeue(const hrc::Config& config, const std::vector<std::string>& ids, bool all) {
    if (all == !ids.empty())
        throw hrc::Error(hrc::Code::usage,
                         "say which reports: --all, or --report-id ID (repeatable)");
    hrc::Store store = hrc::open_kiosk_store(config);
    const int n = store.requeue(ids, hrc::unix_now());
    std::cout
        << "Put " << n
        << " quarantined report(s) back in the queue; hrc-sync sends them at its next pass.\n";
    return 0;
}

int run_reset_pin_lockout(const hrc::Config& config, const std::string& staff_id, bool all) {
    if (all == !staff_id.empty())
        throw hrc::Error(hrc::Code::usage,
                         "say whose: --staff-id ID, or --all (every staff ID and the kiosk)");
    if (!all && !hrc::is_valid_staff_id(staff_id))
        throw hrc::Error(hrc::Code::usage,
                         "A staff ID is 1 to 64 letters, digits or hyphens, like S0142");
    hrc::Store store = hrc::open_kiosk_store(config);
    const int n = store.reset_pin_lockouts(all ? std::string() : staff_id, hrc::unix_now());
    std::cout << "Cleared " << n << " count(s) of wrong PINs" << (all ? "" : " for " + staff_id)
              << " (recorded in the audit log).\n";
    return 0;
}

int run_rekey(const hrc::Config& config) {
    hrc::Store store = hrc::open_kiosk_store(config);
    hrc::rotate_db_key(config, store, hrc::unix_now());
    std::cout << "The database is now encrypted with a new key, written to "
              << config.store.key_file.string()
              << ". Back up that file; the old key no longer opens the database.\n";
    return 0;
}

//-------------------------------------------------------------------------------------------------
// [SECTION] staff PINs
//-------------------------------------------------------------------------------------------------

// Reads one line from standard input; on a terminal without echo, so the PIN is not shown.
std::string read_secret_line(const char* prompt) {
    const bool tty = ::isatty(STDIN_FILENO) != 0;
    termios old{};
    if (tty) {
        std::cerr << prompt << std::flush;
        if (::tcgetattr(STDIN_FILENO, &old) == 0) {
            termios quiet = old;
            quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
            ::tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
        }
    }
    std::string line;
    std::getline(std::cin, line);
    if (tty) {
        ::tcsetattr(STDIN_FILENO, TCSANOW, &old);
        std::cerr << "\n";
    }
    while (!line.empty() && (line.back() == '\r' || line.back() == ' '))
        line.pop_back();
    return line;
}

int run_set_pin(const hrc::Config& config, const std::string& staff_id) {
    std::string pin = read_secret_line("New PIN for staff member (4 to 12 digits): ");
    try {
        hrc::set_staff_pin(hrc::staff_pins_path(config), staff_id, pin);
    } catch (...) {
        sodium_memzero(pin.data(), pin.size());
        throw;
    }
    sodium_memzero(pin.data(), pin.size());
    std::cout << "PIN set for " << staff_id << " (only its hash is stored, in "
              << hrc::staff_pins_path(config).string() << ").\n";
    return 0;
}

int run_remove_pin(const hrc::Config& config, const std::string& staff_id) {
    if (!hrc::is_valid_staff_id(staff_id))
        throw hrc::Error(hrc::Code::usage,
                         "A staff ID is 1 to 64 letters, digits or hyphens, like S0142");
    if (!hrc::remove_staff_pin(hrc::staff_pins_path(config), staff_id))
        throw hrc::Error(hrc::Code::failure, "no PIN is set for " + staff_id);
    std::cout << "PIN removed for " << staff_id << ": they can no longer open staff mode.\n";
    return 0;
}

} // namespace

//-------------------------------------------------------------------------------------------------
// [SECTION] main
//-------------------------------------------------------------------------------------------------

int main(int argc, char** argv) {
    if (!hrc::harden_process()) {
        std::cerr << "hrc-admin: libsodium could not initialise\n";
        return static_cast<int>(hrc::Code::crypto);
    }
    CLI::App app{"hrc-admin — set up and look after a Hate Reporting Centre kiosk's store.\n"
                 "Shows metadata only (references, states, counts); report content is sealed for "
                 "central and never readable here."};
    app.require_subcommand(1);
    app.footer("Examples:\n"
               "  hrc-admin init --dir /etc/hrc --data-dir /var/lib/hrc --central central.pub "
               "--centre-id leicester-central-library\n"
               "  hrc-admin --config /etc/hrc/hrc.toml submit paper-form.json --staff-id S0142\n"
               "  hrc-admin status --json\n"
               "Exit codes: docs/exit-codes.md (0 ok, 2 usage, 3 config, 4 key file, 5 no "
               "database, 6 wrong key,\n"
               "7 damaged, 8 disk full, 9 report not valid, 12 already exists, 13 busy).");
    std::string config_path = "/etc/hrc/hrc.toml";
    app.add_option("--config", config_path, "configuration file written by `hrc-admin init`")
        ->capture_default_str();

    InitOptions init;
    auto* init_cmd =
        app.add_subcommand("init", "create this kiosk: keys, encrypted database and hrc.toml");
    init_cmd->add_option("--dir", init.dir, "folder for hrc.toml and the keys (e.g. /etc/hrc)")
        ->required();
    init_cmd->add_option("--data-dir", init.data_dir,
                         "folder for the database (default: --dir; e.g. /var/lib/hrc)");
    init_cmd->add_option("--central", init.central_pub, "central.pub written by `hrc-central init`")
        ->required()
        ->check(CLI::ExistingFile);
    init_cmd->add_option("--central-url", init.central_url,
                         "central's https:// address (default: the one in central.pub)");
    init_cmd
        ->add_option("--centre-id", init.centre_id,
                     "the Hate Reporting Centre this kiosk stands in")
        ->capture_default_str();
    init_cmd->add_option("--kiosk-id", init.kiosk_id, "this device's id (default: kiosk-<key id>)");
    init_cmd->footer("Example:\n  hrc-admin init --dir /etc/hrc --data-dir /var/lib/hrc --central "
                     "/tmp/central.pub --centre-id melton-library");

    SubmitOptions submit;
    auto* submit_cmd =
        app.add_subcommand("submit", "seal and store a report from a JSON file (a transcribed "
                                     "paper form); prints the reference last");
    submit_cmd
        ->add_option("REPORT.json", submit.file,
                     "the report (docs/report-schema.md); - for standard input")
        ->required();
    submit_cmd->add_option("--staff-id", submit.staff_id,
                           "the member of staff typing it in (recorded with the report)");
    submit_cmd->footer(
        "Fields the form does not have are filled by the kiosk: report_id, reference, created_at,\n"
        "kiosk_id, centre_id, language (en-GB) and mode (paper_transcription).\n"
        "Example:\n  hrc-admin --config /etc/hrc/hrc.toml submit form.json --staff-id S0142");

    bool list_json = false;
    auto* list_cmd = app.add_subcommand(
        "list", "list stored reports: reference, id, created, state (no content)");
    list_cmd->add_flag("--json", list_json, "machine-readable output");

    bool status_json = false;
    auto* status_cmd = app.add_subcommand(
        "status", "counts by state, oldest pending, last contact with central, warnings");
    status_cmd->add_flag("--json", status_json, "machine-readable output");

    auto* verify_cmd = app.add_subcommand(
        "verify",
        "check the database (integrity_check) and the audit log's hash chain; non-zero on failure");

    bool purge_json = false;
    auto* purge_cmd =
        app.add_subcommand("purge", "drop sealed copies central has acknowledged (nothing central "
                                    "has not acknowledged is ever deleted)");
    purge_cmd->add_flag("--json", purge_json, "machine-readable output");

    std::vector<std::string> requeue_ids;
    bool requeue_all = false;
    auto* requeue_cmd = app.add_subcommand(
        "requeue", "send quarantined reports again, once the cause central named is fixed");
    requeue_cmd->add_option("--report-id", requeue_ids,
                            "a quarantined report (repeatable; see `hrc-admin list`)");
    requeue_cmd->add_flag("--all", requeue_all, "every quarantined report");
    requeue_cmd->footer("Examples:\n  hrc-admin --config /etc/hrc/hrc.toml requeue --all\n"
                        "  hrc-admin --config /etc/hrc/hrc.toml requeue --report-id "
                        "3f2b8c1e-9d4a-4b6f-8e21-7c5d0a9b1f34\n"
                        "hrc-sync sends them at its next pass (at once with `hrc-sync --once`). "
                        "Recorded in the audit log.");

    std::string lockout_staff_id;
    bool lockout_all = false;
    auto* reset_lockout_cmd = app.add_subcommand(
        "reset-pin-lockout", "clear the count of wrong staff PINs (after checking who tried)");
    reset_lockout_cmd->add_option("--staff-id", lockout_staff_id, "one staff ID's count");
    reset_lockout_cmd->add_flag("--all", lockout_all, "every count, the whole kiosk's included");
    reset_lockout_cmd->footer(
        "Examples:\n  hrc-admin --config /etc/hrc/hrc.toml reset-pin-lockout --staff-id S0142\n"
        "  hrc-admin --config /etc/hrc/hrc.toml reset-pin-lockout --all\n"
        "`hrc-admin status` shows the lockouts. Recorded in the audit log.");

    auto* rekey_cmd = app.add_subcommand(
        "rekey", "re-encrypt the database with a new random key (safe against power cuts)");

    std::string pin_staff_id;
    auto* set_pin_cmd =
        app.add_subcommand("set-pin", "set or replace a staff member's PIN for the kiosk's staff "
                                      "mode (read from standard input)");
    set_pin_cmd
        ->add_option("--staff-id", pin_staff_id,
                     "the staff member's ID, recorded on reports they assist with")
        ->required();
    set_pin_cmd->footer(
        "The PIN (4 to 12 digits) is read from standard input, without echo on a terminal; only "
        "its\n"
        "Argon2id hash is stored, in staff-pins beside hrc.toml.\n"
        "Example:\n  hrc-admin --config /etc/hrc/hrc.toml set-pin --staff-id S0142");
    auto* remove_pin_cmd = app.add_subcommand("remove-pin", "remove a staff member's PIN");
    remove_pin_cmd->add_option("--staff-id", pin_staff_id, "the staff member's ID")->required();

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return app.exit(e) == 0 ? 0 : static_cast<int>(hrc::Code::usage);
    }

    try {
        if (*init_cmd) return run_init(init);
        const hrc::Config config = hrc::load_config(config_path);
        if (*submit_cmd) return run_submit(config, submit);
        if (*list_cmd) return run_list(config, list_json);
        if (*status_cmd) return run_status(config, status_json);
        if (*verify_cmd) return run_verify(config);
        if (*purge_cmd) return run_purge(config, purge_json);
        if (*requeue_cmd) return run_requeue(config, requeue_ids, requeue_all);
        if (*reset_lockout_cmd) return run_reset_pin_lockout(config, lockout_staff_id, lockout_all);
        if (*rekey_cmd) return run_rekey(config);
        if (*set_pin_cmd) return run_set_pin(config, pin_staff_id);
        if (*remove_pin_cmd) return run_remove_pin(config, pin_staff_id);
    } catch (const hrc::Error& e) {
        std::cerr << "hrc-admin: " << e.what() << "\n";
        return e.exit_code();
    } catch (const std::exception& e) {
        std::cerr << "hrc-admin: unexpected error: " << e.what() << " (please report this)\n";
        return static_cast<int>(hrc::Code::internal);
    }
    return static_cast<int>(hrc::Code::usage);
}
