// hrc-central — the reference central receiver: keys, enrolment, the HTTPS receiver, export
// (docs/hrc-central.md; wire format docs/protocol.md).
//
// [SECTION] Helpers
// [SECTION] init
// [SECTION] enrol, revoke, kiosks
// [SECTION] export, stats, pin
// [SECTION] main: command line, error → exit code
//
// Every failure is an hrc::Error whose message says what to do; main() prints it as
// "hrc-central: <message>" and exits with its code (docs/exit-codes.md). Only `export` ever shows
// report content; every other command shows ids, counts and times.

#include <CLI/CLI.hpp>
#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sys/stat.h>
#include <unistd.h>

#include "central_store.h"
#include "export.h"
#include "files.h"
#include "hrc/clock.h"
#include "hrc/error.h"
#include "hrc/process.h"
#include "hrc/seal.h"
#include "hrc/store.h"
#include "server.h"
#include "tls.h"

namespace fs = std::filesystem;
using namespace hrc::central;

namespace {

//-------------------------------------------------------------------------------------------------
// [SECTION] Helpers
//-------------------------------------------------------------------------------------------------

CentralPaths paths_of(const std::string& dir) { return paths_in(fs::absolute(dir)); }

hrc::CentralSecrets read_secrets(const CentralPaths& paths) {
    require_private_file(paths.secrets);
    return hrc::read_central_secrets(paths.secrets);
}

std::string key_id_text(const std::array<unsigned char, 32>& key) { return hrc::to_hex(hrc::key_id_of(key.data(), key.size())); }

nlohmann::json time_or_null(std::int64_t t) { return t ? nlohmann::json(hrc::format_utc(t)) : nlohmann::json(nullptr); }

// The host of an https:// URL ("https://[::1]:8443/x" → "::1"), or "" if it is not one.
std::string host_of_url(const std::string& url) {
    const std::string scheme = "https://";
    if (url.compare(0, scheme.size(), scheme) != 0) return "";
    std::string rest = url.substr(scheme.size());
    rest = rest.substr(0, rest.find_first_of("/?#"));
    if (!rest.empty() && rest.front() == '[') {
        const auto close = rest.find(']');
        return close == std::string::npos ? "" : rest.substr(1, close - 1);
    }
    return rest.substr(0, rest.find(':'));
}

//-------------------------------------------------------------------------------------------------
// [SECTION] init
//-------------------------------------------------------------------------------------------------

struct InitOptions {
    std::string dir;
    std::string url = "https://127.0.0.1:8443";
    std::string name = "hrc-central";
    std::string tls_cert;
    std::string tls_key;
    std::vector<std::string> tls_hosts;
    std::vector<std::string> backup_pins;
};

int run_init(const InitOptions& o) {
    const CentralPaths paths = paths_of(o.dir);
    const std::string host = host_of_url(o.url);
    if (host.empty() || !is_valid_host(host))
        throw hrc::Error(hrc::Code::usage, "--url must be https://HOST[:PORT][/PATH] (kiosks only talk to central over TLS), not \"" + o.url + "\"");
    for (const auto& pin : o.backup_pins)
        if (!is_valid_pin(pin))
            throw hrc::Error(hrc::Code::usage, "--backup-pin must be sha256// followed by the base64 SHA-256 of a public key "
                                               "(see `hrc-central pin`), not \"" + pin + "\"");
    if (o.tls_cert.empty() != o.tls_key.empty())
        throw hrc::Error(hrc::Code::usage, "--tls-cert and --tls-key go together: give both, or neither for a self-signed certificate");
    std::vector<std::string> hosts = {"localhost", "127.0.0.1", host};
    for (const auto& h : o.tls_hosts) {
        if (!is_valid_host(h)) throw hrc::Error(hrc::Code::usage, "--tls-host \"" + h + "\" is not a host name or IP address");
        hosts.push_back(h);
    }

    std::error_code ec;
    for (const fs::path& p : {paths.secrets, paths.identity, paths.tls_key, paths.tls_cert, paths.db_key, paths.database})
        if (fs::exists(p, ec))
            throw hrc::Error(hrc::Code::already_exists,
                             p.string() + " already exists: a central is already set up here; refusing to overwrite it. "
                                          "To start again, move " + paths.dir.string() + " away first (keep central.key: "
                                          "reports sealed to it can only be opened with it).");
    bool created_dir = false;
    if (!fs::exists(paths.dir, ec)) {
        fs::create_directories(paths.dir.parent_path(), ec);
        if (::mkdir(paths.dir.c_str(), 0700) != 0)
            throw hrc::Error(hrc::Code::io, paths.dir.string() + ": cannot create the folder (" + std::strerror(errno) + ")");
        created_dir = true;
    } else if (!fs::is_directory(paths.dir, ec)) {
        throw hrc::Error(hrc::Code::io, paths.dir.string() + " exists and is not a folder");
    } else if (::chmod(paths.dir.c_str(), 0700) != 0) {
        std::cerr << "hrc-central: warning: cannot make " << paths.dir.string() << " private (chmod 700): " << std::strerror(errno) << "\n";
    }

    std::vector<fs::path> created;
    std::string pin;
    hrc::CentralSecrets secrets = hrc::generate_central_secrets();
    try {
        hrc::write_central_secrets(paths.secrets, secrets);
        created.push_back(paths.secrets);
        if (o.tls_cert.empty())
            generate_self_signed(paths.tls_key, paths.tls_cert, o.name, hosts, kSelfSignedDays);
        else
            install_certificate(o.tls_cert, o.tls_key, paths.tls_cert, paths.tls_key);
        created.push_back(paths.tls_key);
        created.push_back(paths.tls_cert);
        pin = pin_of_certificate(paths.tls_cert);
        const hrc::SecretKey db_key = hrc::generate_db_key();
        hrc::write_db_key(paths.db_key, db_key);
        created.push_back(paths.db_key);
        (void)CentralStore::create(paths.database, db_key);
        created.push_back(paths.database);
        // central.pub is written last: its presence means the central is complete.
        hrc::CentralIdentity identity = hrc::central_identity_of(secrets);
        identity.tls_pins.push_back(pin);
        for (const auto& b : o.backup_pins)
            if (b != pin) identity.tls_pins.push_back(b);
        identity.url = o.url;
        hrc::write_central_identity(paths.identity, identity);
    } catch (...) {
        for (const fs::path& p : created) {
            fs::remove(p, ec);
            for (const char* suffix : {"-wal", "-shm"}) fs::remove(p.string() + suffix, ec);
        }
        if (created_dir) fs::remove(paths.dir, ec);
        throw;
    }
    const std::string key_id = hrc::to_hex(hrc::key_id_of(secrets.sealing_public_key.data(), 32));
    std::cout << "Created central in " << paths.dir.string() << ":\n"
              << "  central.key   sealing and acknowledgement keys (mode 0600). BACK IT UP OFFLINE: without it\n"
              << "                reports already sealed for this central can never be opened.\n"
              << "  central.pub   public identity for every kiosk (sealing key " << key_id << ", url " << o.url << ")\n"
              << "  tls.key       TLS private key (mode 0600)\n"
              << "  tls.crt       " << (o.tls_cert.empty() ? "self-signed certificate, valid " + std::to_string(kSelfSignedDays) + " days"
                                                          : std::string("certificate from ") + o.tls_cert) << "\n"
              << "  TLS pin       " << pin << "\n"
              << "  db.key        database key (mode 0600)\n"
              << "  central.db    encrypted database\n"
              << "Next:\n"
              << "  1. copy " << paths.identity.string() << " to each kiosk and run there:\n"
              << "       hrc-admin init --dir /etc/hrc --data-dir /var/lib/hrc --central central.pub --centre-id CENTRE\n"
              << "  2. enrol each kiosk with its kiosk.pub:\n"
              << "       hrc-central enrol --dir " << paths.dir.string() << " --kiosk-key kiosk.pub\n"
              << "  3. start the receiver:\n"
              << "       hrc-central serve --dir " << paths.dir.string() << " --listen 0.0.0.0:8443\n";
    return 0;
}

//-------------------------------------------------------------------------------------------------
// [SECTION] enrol, revoke, kiosks
//-------------------------------------------------------------------------------------------------

int run_enrol(const std::string& dir, const std::string& kiosk_pub, bool replace) {
    const CentralPaths paths = paths_of(dir);
    const hrc::KioskPublicIdentity kiosk = hrc::read_kiosk_public_key(kiosk_pub);
    CentralStore store = open_central_store(paths);
    switch (store.enrol(kiosk, replace, hrc::unix_now())) {
    case EnrolOutcome::enrolled:
        std::cout << "Enrolled kiosk " << kiosk.kiosk_id << " (centre " << kiosk.centre_id << ", key id "
                  << key_id_text(kiosk.public_key) << "). It can deliver reports now.\n";
        break;
    case EnrolOutcome::unchanged:
        std::cout << "Kiosk " << kiosk.kiosk_id << " is already enrolled with this key (key id " << key_id_text(kiosk.public_key)
                  << "); nothing changed.\n";
        break;
    case EnrolOutcome::replaced:
        std::cout << "Re-enrolled kiosk " << kiosk.kiosk_id << " (centre " << kiosk.centre_id << ") with key id "
                  << key_id_text(kiosk.public_key) << ". Its earlier reports stay readable; the old key is no longer accepted.\n";
        break;
    }
    return 0;
}

int run_revoke(const std::string& dir, const std::string& kiosk_id) {
    CentralStore store = open_central_store(paths_of(dir));
    const KioskRecord k = store.revoke(kiosk_id, hrc::unix_now());
    std::cout << "Kiosk " << k.kiosk_id << " is revoked (since " << hrc::format_utc(k.revoked_at)
              << "): its requests are refused with 403. Reports already received are kept.\n";
    return 0;
}

int run_kiosks(const std::string& dir, bool as_json) {
    CentralStore store = open_central_store(paths_of(dir));
    const auto kiosks = store.kiosks();
    const CentralStats stats = store.stats();
    auto reports_of = [&](const std::string& id) {
        for (const auto& k : stats.kiosks)
            if (k.kiosk_id == id) return k.reports;
        return std::int64_t{0};
    };
    if (as_json) {
        nlohmann::json out = nlohmann::json::array();
        for (const auto& k : kiosks)
            out.push_back({{"kiosk_id", k.kiosk_id}, {"centre_id", k.centre_id}, {"key_id", key_id_text(k.public_key)},
                           {"enrolled_at", hrc::format_utc(k.enrolled_at)}, {"revoked_at", time_or_null(k.revoked_at)},
                           {"reports", reports_of(k.kiosk_id)}});
        std::cout << out.dump(2) << "\n";
        return 0;
    }
    if (kiosks.empty()) {
        std::cout << "No kiosks enrolled. Enrol one with: hrc-central enrol --dir " << dir << " --kiosk-key kiosk.pub\n";
        return 0;
    }
    std::printf("%-24s %-32s %-16s %-21s %-30s %s\n", "KIOSK", "CENTRE", "KEY ID", "ENROLLED (UTC)", "STATUS", "REPORTS");
    for (const auto& k : kiosks)
        std::printf("%-24s %-32s %-16s %-21s %-30s %lld\n", k.kiosk_id.c_str(), k.centre_id.c_str(), key_id_text(k.public_key).c_str(),
                    hrc::format_utc(k.enrolled_at).c_str(),
                    (k.revoked() ? "revoked " + hrc::format_utc(k.revoked_at) : std::string("active")).c_str(),
                    static_cast<long long>(reports_of(k.kiosk_id)));
    return 0;
}

//-------------------------------------------------------------------------------------------------
// [SECTION] export, stats, pin
//-------------------------------------------------------------------------------------------------

int run_export(const std::string& dir, const std::string& format, const std::string& since, const std::string& output) {
    const CentralPaths paths = paths_of(dir);
    ExportOptions options;
    options.format = format == "csv" ? ExportFormat::csv : ExportFormat::json;
    if (!since.empty()) {
        const auto t = parse_since(since);
        if (!t) throw hrc::Error(hrc::Code::usage, "--since must be unix seconds, YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ (UTC), not \"" + since + "\"");
        options.since = *t;
    }
    if (!output.empty()) options.output = fs::absolute(output);
    options.progress = ::isatty(STDERR_FILENO) == 1;
    const hrc::CentralSecrets secrets = read_secrets(paths);
    const CentralStore store = open_central_store(paths);
    const ExportResult r = export_reports(store, secrets, options);
    std::cerr << "hrc-central: exported " << r.exported << " report(s)"
              << (options.output ? " to " + options.output->string() + " (mode 0600: it holds what people reported; delete it when done)" : "")
              << "\n";
    if (r.failed > 0)
        throw hrc::Error(hrc::Code::failure, std::to_string(r.failed) + " report(s) could not be opened and were left out (named above); "
                                             "keep central.db as it is and contact support");
    return 0;
}

int run_stats(const std::string& dir, bool as_json) {
    CentralStore store = open_central_store(paths_of(dir));
    const CentralStats s = store.stats();
    if (as_json) {
        nlohmann::json kiosks = nlohmann::json::array();
        int revoked = 0;
        for (const auto& k : s.kiosks) {
            revoked += k.revoked ? 1 : 0;
            kiosks.push_back({{"kiosk_id", k.kiosk_id}, {"centre_id", k.centre_id}, {"revoked", k.revoked}, {"reports", k.reports},
                              {"conflicts", k.conflicts}, {"first_received_at", time_or_null(k.first_received_at)},
                              {"last_received_at", time_or_null(k.last_received_at)}});
        }
        std::cout << nlohmann::json{{"reports", s.reports}, {"conflicts", s.conflicts}, {"kiosks_enrolled", s.kiosks.size()},
                                    {"kiosks_revoked", revoked}, {"kiosks", std::move(kiosks)}}.dump(2) << "\n";
        return 0;
    }
    std::cout << "Reports received: " << s.reports << " from " << s.kiosks.size() << " enrolled kiosk(s)";
    if (s.conflicts > 0) std::cout << "; " << s.conflicts << " conflicting re-send(s) refused";
    std::cout << "\n";
    if (s.kiosks.empty()) return 0;
    std::printf("%-24s %-32s %-8s %8s %9s  %-21s %s\n", "KIOSK", "CENTRE", "STATUS", "REPORTS", "CONFLICTS", "FIRST (UTC)", "LAST (UTC)");
    for (const auto& k : s.kiosks)
        std::printf("%-24s %-32s %-8s %8lld %9lld  %-21s %s\n", k.kiosk_id.c_str(), k.centre_id.c_str(), k.revoked ? "revoked" : "active",
                    static_cast<long long>(k.reports), static_cast<long long>(k.conflicts),
                    k.first_received_at ? hrc::format_utc(k.first_received_at).c_str() : "-",
                    k.last_received_at ? hrc::format_utc(k.last_received_at).c_str() : "-");
    return 0;
}

int run_pin(const std::string& cert, const std::string& key) {
    if (cert.empty() == key.empty()) throw hrc::Error(hrc::Code::usage, "give exactly one of --cert or --key");
    std::cout << (cert.empty() ? pin_of_private_key(key) : pin_of_certificate(cert)) << "\n";
    return 0;
}

// "3:503:2" → {3, 503, 2}.
InjectedFailure parse_fail_next(const std::string& text) {
    InjectedFailure f;
    char extra = 0;
    const int n = std::sscanf(text.c_str(), "%d:%d:%d%c", &f.count, &f.status, &f.retry_after, &extra);
    if ((n != 2 && n != 3) || f.count < 1 || f.status < 100 || f.status > 599 || f.retry_after < 0)
        throw hrc::Error(hrc::Code::usage, "--fail-next must be COUNT:STATUS[:RETRY_AFTER] (e.g. 3:503:2), not \"" + text + "\"");
    if (n == 2) f.retry_after = 0;
    return f;
}

} // namespace

//-------------------------------------------------------------------------------------------------
// [SECTION] main
//-------------------------------------------------------------------------------------------------

int main(int argc, char** argv) {
    if (!hrc::harden_process()) {
        std::cerr << "hrc-central: libsodium could not initialise\n";
        return static_cast<int>(hrc::Code::crypto);
    }
    CLI::App app{"hrc-central — the central receiver for Hate Reporting Centre kiosks: keys, kiosk enrolment,\n"
                 "the HTTPS receiver (docs/protocol.md) and export of received reports."};
    app.require_subcommand(1);
    app.footer("Examples:\n"
               "  hrc-central init --dir /var/lib/hrc-central --url https://hrc-central.example.org:8443\n"
               "  hrc-central enrol --dir /var/lib/hrc-central --kiosk-key kiosk.pub\n"
               "  hrc-central serve --dir /var/lib/hrc-central --listen 0.0.0.0:8443\n"
               "  hrc-central export --dir /var/lib/hrc-central --format csv --since 2025-03-01 --output march.csv\n"
               "Exit codes: docs/exit-codes.md (0 ok, 1 failure, 2 usage, 4 key file, 5 no database, 6 wrong key,\n"
               "7 damaged, 8 disk full, 10 file error, 11 crypto, 12 already exists, 13 busy).");

    InitOptions init;
    auto* init_cmd = app.add_subcommand("init", "create a central: keys, TLS certificate, encrypted database, central.pub");
    init_cmd->add_option("--dir", init.dir, "folder for everything (created 0700; e.g. /var/lib/hrc-central)")->required();
    init_cmd->add_option("--url", init.url, "the https:// address kiosks will use (written to central.pub)")->capture_default_str();
    init_cmd->add_option("--name", init.name, "the certificate's common name")->capture_default_str();
    init_cmd->add_option("--tls-host", init.tls_hosts, "another host name or IP for the self-signed certificate (repeatable; "
                                                       "localhost, 127.0.0.1 and the --url host are always included)");
    init_cmd->add_option("--tls-cert", init.tls_cert, "use this CA-issued certificate chain (PEM) instead of a self-signed one")->check(CLI::ExistingFile);
    init_cmd->add_option("--tls-key", init.tls_key, "the private key (PEM, no passphrase) of --tls-cert")->check(CLI::ExistingFile);
    init_cmd->add_option("--backup-pin", init.backup_pins, "an extra TLS pin for central.pub, sha256//... (repeatable; the key of "
                                                           "the next certificate, from `hrc-central pin`)");
    init_cmd->footer("Examples:\n"
                     "  hrc-central init --dir /var/lib/hrc-central --url https://hrc-central.example.org:8443\n"
                     "  hrc-central init --dir /var/lib/hrc-central --url https://hrc.example.org --tls-cert fullchain.pem --tls-key privkey.pem \\\n"
                     "                   --backup-pin sha256//Yx5R...=\n"
                     "Refuses to overwrite an existing central (exit 12).");

    std::string dir;
    std::string kiosk_pub;
    bool replace = false;
    auto* enrol_cmd = app.add_subcommand("enrol", "allow a kiosk to deliver reports (its kiosk.pub from `hrc-admin init`)");
    enrol_cmd->add_option("--dir", dir, "the central's folder")->required();
    enrol_cmd->add_option("--kiosk-key", kiosk_pub, "the kiosk's kiosk.pub")->required()->check(CLI::ExistingFile);
    enrol_cmd->add_flag("--replace", replace, "replace the key of a kiosk id already enrolled (kiosk set up again), or re-admit a revoked kiosk");
    enrol_cmd->footer("Example:\n  hrc-central enrol --dir /var/lib/hrc-central --kiosk-key /tmp/kiosk-07.pub\n"
                      "Enrolling the same kiosk.pub again changes nothing and succeeds.");

    std::string kiosk_id;
    auto* revoke_cmd = app.add_subcommand("revoke", "refuse a kiosk from now on (403); its reports already received are kept");
    revoke_cmd->add_option("--dir", dir, "the central's folder")->required();
    revoke_cmd->add_option("--kiosk-id", kiosk_id, "the kiosk to revoke (see `hrc-central kiosks`)")->required();
    revoke_cmd->footer("Example:\n  hrc-central revoke --dir /var/lib/hrc-central --kiosk-id kiosk-07");

    bool as_json = false;
    auto* kiosks_cmd = app.add_subcommand("kiosks", "list enrolled kiosks: id, centre, key id, enrolled, revoked, reports");
    kiosks_cmd->add_option("--dir", dir, "the central's folder")->required();
    kiosks_cmd->add_flag("--json", as_json, "machine-readable output");
    kiosks_cmd->footer("Example:\n  hrc-central kiosks --dir /var/lib/hrc-central --json");

    ServeOptions serve_options;
    std::vector<std::string> fail_next;
    auto* serve_cmd = app.add_subcommand("serve", "run the HTTPS receiver until SIGTERM/SIGINT");
    serve_cmd->add_option("--dir", dir, "the central's folder")->required();
    serve_cmd->add_option("--listen", serve_options.listen, "HOST:PORT to listen on ([::]:PORT for IPv6; port 0 = any free port)")->capture_default_str();
    serve_cmd->add_option("--max-batch-bytes", serve_options.limits.max_batch_bytes, "largest batch body accepted (413 above it)")->capture_default_str();
    serve_cmd->add_option("--max-batch-items", serve_options.limits.max_batch_items, "most reports in one batch (413 above it)")->capture_default_str();
    serve_cmd->add_option("--fail-next", fail_next, "TEST ONLY: answer the next COUNT batch requests with STATUS (and Retry-After) "
                                                    "without processing them; COUNT:STATUS[:RETRY_AFTER], repeatable, applied in order");
    serve_cmd->add_option("--crash-after-commit", serve_options.crash_after_commit,
                          "TEST ONLY: exit at once with code 9 right after committing the Nth batch, before replying");
    serve_cmd->footer("Prints \"hrc-central: listening on https://HOST:PORT\" on standard output once ready; one line per\n"
                      "request on standard error (time, address, kiosk, endpoint, status, counts; never content).\n"
                      "Examples:\n"
                      "  hrc-central serve --dir /var/lib/hrc-central --listen 0.0.0.0:8443\n"
                      "  hrc-central serve --dir /tmp/c --listen 127.0.0.1:0 --fail-next 2:503:1 --fail-next 1:429   # tests only");

    std::string format = "json";
    std::string since;
    std::string output;
    auto* export_cmd = app.add_subcommand("export", "open received reports and write them as JSON or CSV (this shows report content)");
    export_cmd->add_option("--dir", dir, "the central's folder")->required();
    export_cmd->add_option("--format", format, "json (every field) or csv (the columns in docs/hrc-central.md)")
        ->check(CLI::IsMember({"json", "csv"}))->capture_default_str();
    export_cmd->add_option("--since", since, "only reports received at or after this time: unix seconds, YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ (UTC)");
    export_cmd->add_option("--output", output, "write to this new file (mode 0600; never overwritten) instead of standard output");
    export_cmd->footer("Examples:\n"
                       "  hrc-central export --dir /var/lib/hrc-central --format json > /secure/reports.json\n"
                       "  hrc-central export --dir /var/lib/hrc-central --format csv --since 2025-03-01 --output /secure/march.csv");

    auto* stats_cmd = app.add_subcommand("stats", "counts of received reports by kiosk and in total (no content)");
    stats_cmd->add_option("--dir", dir, "the central's folder")->required();
    stats_cmd->add_flag("--json", as_json, "machine-readable output");
    stats_cmd->footer("Example:\n  hrc-central stats --dir /var/lib/hrc-central --json");

    std::string pin_cert;
    std::string pin_key;
    auto* pin_cmd = app.add_subcommand("pin", "print the TLS pin (sha256//...) of a certificate or key, for --backup-pin");
    pin_cmd->add_option("--cert", pin_cert, "a PEM certificate")->check(CLI::ExistingFile);
    pin_cmd->add_option("--key", pin_key, "a PEM private key (e.g. the key of the next certificate)")->check(CLI::ExistingFile);
    pin_cmd->footer("Examples:\n  hrc-central pin --cert /var/lib/hrc-central/tls.crt\n  hrc-central pin --key next-privkey.pem");

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return app.exit(e) == 0 ? 0 : static_cast<int>(hrc::Code::usage);
    }

    try {
        if (*init_cmd) return run_init(init);
        if (*enrol_cmd) return run_enrol(dir, kiosk_pub, replace);
        if (*revoke_cmd) return run_revoke(dir, kiosk_id);
        if (*kiosks_cmd) return run_kiosks(dir, as_json);
        if (*serve_cmd) {
            for (const auto& f : fail_next) serve_options.fail_next.push_back(parse_fail_next(f));
            if (serve_options.crash_after_commit < 0) throw hrc::Error(hrc::Code::usage, "--crash-after-commit must be 1 or more");
            return serve(paths_of(dir), serve_options);
        }
        if (*export_cmd) return run_export(dir, format, since, output);
        if (*stats_cmd) return run_stats(dir, as_json);
        if (*pin_cmd) return run_pin(pin_cert, pin_key);
    } catch (const hrc::Error& e) {
        std::cerr << "hrc-central: " << e.what() << "\n";
        return e.exit_code();
    } catch (const std::exception& e) {
        std::cerr << "hrc-central: unexpected error: " << e.what() << " (please report this)\n";
        return static_cast<int>(hrc::Code::internal);
    }
    return static_cast<int>(hrc::Code::usage);
}
