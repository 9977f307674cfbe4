// hrc-central — the reference central receiver: keys, enrolment, the HTTPS receiver, export
// (docs/hrc-central.md; wire format docs/protocol.md).
//
// [SECTION] Helpers
// [SECTION] init
// [SECTION] enrol, revoke, kiosks
// [SECTION] export, exports
// [SECTION] recipients, open-export
// [SECTION] verify, purge
// [SECTION] received, stats, import-postcodes, pin
// [SECTION] main: command line, error → exit code
//
// Every failure is an hrc::Error whose message says what to do; main() prints it as
// "hrc-central: <message>" and exits with its code (docs/exit-codes.md). Only `export` (and
// `open-export`, on the recipient's side) ever handle report content; `stats` and `report` open
// reports in memory but keep only the statistics view's codes (central_stats.h) and print
// aggregates; every other command shows ids, counts and times.

#include <cstdio>
#include <fstream>
#include <iostream>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hrc/atomic_file.h"
#include "hrc/clock.h"
#include "hrc/error.h"
#include "hrc/process.h"
#include "hrc/recipients.h"
#include "hrc/seal.h"
#include "hrc/sealed_export.h"
#include "hrc/statistics.h"
#include "hrc/store.h"

#include "board_report.h"
#include "central_stats.h"
#include "central_store.h"
#include "export.h"
#include "files.h"
#include "retention.h"
#include "server.h"
#include "tls.h"

namespace fs = std::filesystem;
using namespace hrc::central;

namespace {

//-------------------------------------------------------------------------------------------------
// [SECTION] Helpers
//-------------------------------------------------------------------------------------------------

CentralPaths paths_of(const std::string& dir) {
    return paths_in(fs::absolute(dir));
}

hrc::CentralSecrets read_secrets(const CentralPaths& paths) {
    require_private_file(paths.secrets);
    return hrc::read_central_secrets(paths.secrets);
}

std::string key_id_text(const std::array<unsigned char, 32>& key) {
    return hrc::to_hex(hrc::key_id_of(key.data(), key.size()));
}

nlohmann::json time_or_null(std::int64_t t) {
    return t ? nlohmann::json(hrc::format_utc(t)) : nlohmann::json(nullptr);
}

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
        throw hrc::Error(hrc::Code::usage, "--url must be https://HOST[:PORT][/PATH] (kiosks only "
                                           "talk to central over TLS), not \"" +
                                               o.url + "\"");
    for (const auto& pin : o.backup_pins)
        if (!is_valid_pin(pin))
            throw hrc::Error(
                hrc::Code::usage,
                "--backup-pin must be sha256// followed by the base64 SHA-256 of a public key "
                "(see `hrc-central pin`), not \"" +
                    pin + "\"");
    if (o.tls_cert.empty() != o.tls_key.empty())
        throw hrc::Error(hrc::Code::usage, "--tls-cert and --tls-key go together: give both, or "
                                           "neither for a self-signed certificate");
    std::vector<std::string> hosts = {"localhost", "127.0.0.1", host};
    for (const auto& h : o.tls_hosts) {
        if (!is_valid_host(h))
            throw hrc::Error(hrc::Code::usage,
                             "--tls-host \"" + h + "\" is not a host name or IP address");
        hosts.push_back(h);
    }

    std::error_code ec;
    for (const fs::path& p : {paths.secrets, paths.identity, paths.tls_key, paths.tls_cert,
                              paths.db_key, paths.database})
        if (fs::exists(p, ec))
            throw hrc::Error(
                hrc::Code::already_exists,
                p.string() +
                    " already exists: a central is already set up here; refusing to overwrite it. "
                    "To start again, move " +
                    paths.dir.string() +
                    " away first (keep central.key: "
                    "reports sealed to it can only be opened with it).");
    bool created_dir = false;
    if (!fs::exists(paths.dir, ec)) {
        fs::create_directories(paths.dir.parent_path(), ec);
        if (::mkdir(paths.dir.c_str(), 0700) != 0)
            throw hrc::Error(hrc::Code::io, paths.dir.string() + ": cannot create the folder (" +
                                                std::strerror(errno) + ")");
        created_dir = true;
    } else if (!fs::is_directory(paths.dir, ec)) {
        throw hrc::Error(hrc::Code::io, paths.dir.string() + " exists and is not a folder");
    } else if (::chmod(paths.dir.c_str(), 0700) != 0) {
        std::cerr << "hrc-central: warning: cannot make " << paths.dir.string()
                  << " private (chmod 700): " << std::strerror(errno) << "\n";
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
            for (const char* suffix : {"-wal", "-shm"})
                fs::remove(p.string() + suffix, ec);
        }
        if (created_dir) fs::remove(paths.dir, ec);
        throw;
    }
    const std::string key_id = hrc::to_hex(hrc::key_id_of(secrets.sealing_public_key.data(), 32));
    std::cout << "Created central in " << paths.dir.string() << ":\n"
              << "  central.key   sealing and acknowledgement keys (mode 0600). BACK IT UP "
                 "OFFLINE: without it\n"
              << "                reports already sealed for this central can never be opened.\n"
              << "  central.pub   public identity for every kiosk (sealing key " << key_id
              << ", url " << o.url << ")\n"
              << "  tls.key       TLS private key (mode 0600)\n"
              << "  tls.crt       "
              << (o.tls_cert.empty() ? "self-signed certificate, valid " +
                                           std::to_string(kSelfSignedDays) + " days"
                                     : std::string("certificate from ") + o.tls_cert)
              << "\n"
              << "  TLS pin       " << pin << "\n"
              << "  db.key        database key (mode 0600)\n"
              << "  central.db    encrypted database\n"
              << "Next:\n"
              << "  1. copy " << paths.identity.string() << " to each kiosk and run there:\n"
              << "       hrc-admin init --dir /etc/hrc --data-dir /var/lib/hrc --central "
                 "central.pub --centre-id CENTRE\n"
              << "  2. enrol each kiosk with its kiosk.pub:\n"
              << "       hrc-central enrol --dir " << paths.dir.string()
              << " --kiosk-key kiosk.pub\n"
              << "  3. start the receiver:\n"
              << "       hrc-central serve --dir " << paths.dir.string()
              << " --listen 0.0.0.0:8443\n";
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
        std::cout << "Enrolled kiosk " << kiosk.kiosk_id << " (centre " << kiosk.centre_id
                  << ", key id " << key_id_text(kiosk.public_key)
                  << "). It can deliver reports now.\n";
        break;
    case EnrolOutcome::unchanged:
        std::cout << "Kiosk " << kiosk.kiosk_id << " is already enrolled with this key (key id "
                  << key_id_text(kiosk.public_key) << "); nothing changed.\n";
        break;
    case EnrolOutcome::replaced:
        std::cout << "Re-enrolled kiosk " << kiosk.kiosk_id << " (centre " << kiosk.centre_id
                  << ") with key id " << key_id_text(kiosk.public_key)
                  << ". Its earlier reports stay readable; the old key is no longer accepted.\n";
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
            out.push_back({{"kiosk_id", k.kiosk_id},
                           {"centre_id", k.centre_id},
                           {"key_id", key_id_text(k.public_key)},
                           {"enrolled_at", hrc::format_utc(k.enrolled_at)},
                           {"revoked_at", time_or_null(k.revoked_at)},
                           {"reports", reports_of(k.kiosk_id)}});
        std::cout << out.dump(2) << "\n";
        return 0;
    }
    if (kiosks.empty()) {
        std::cout << "No kiosks enrolled. Enrol one with: hrc-central enrol --dir " << dir
                  << " --kiosk-key kiosk.pub\n";
        return 0;
    }
    std::printf("%-24s %-32s %-16s %-21s %-30s %s\n", "KIOSK", "CENTRE", "KEY ID", "ENROLLED (UTC)",
                "STATUS", "REPORTS");
    for (const auto& k : kiosks)
        std::printf(
            "%-24s %-32s %-16s %-21s %-30s %lld\n", k.kiosk_id.c_str(), k.centre_id.c_str(),
            key_id_text(k.public_key).c_str(), hrc::format_utc(k.enrolled_at).c_str(),
            (k.revoked() ? "revoked " + hrc::format_utc(k.revoked_at) : std::string("active"))
                .c_str(),
            static_cast<long long>(reports_of(k.kiosk_id)));
    return 0;
}

//-------------------------------------------------------------------------------------------------
// [SECTION] export, exports
//-------------------------------------------------------------------------------------------------

// Who is running this command, for the audit log: --operator, else the user behind sudo, else the
// effective user. Only [A-Za-z0-9._@-], 1..64 characters, so it never carries control characters.
std::string operator_name(const std::string& given) {
    std::string name = given;
    if (name.empty())
        if (const char* sudo_user = std::getenv("SUDO_USER"); sudo_user && *sudo_user)
            name = sudo_user;
    if (name.empty())
        if (const passwd* pw = ::getpwuid(::geteuid()); pw && pw->pw_name) name = pw->pw_name;
    if (name.empty()) name = "uid-" + std::to_string(::geteuid());
    const bool ok = name.size() <= 64 &&
                    name.find_first_not_of(
                        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._@-") ==
                        std::string::npos;
    if (!ok)
        throw hrc::Error(
            hrc::Code::usage,
            "--operator must be 1 to 64 of the characters A-Z a-z 0-9 . _ @ - (e.g. j.smith)");
    return name;
}

hrc::Recipient recipient_named(const std::string& name) {
    const auto r = hrc::recipient_from_string(name);
    if (!r)
        throw hrc::Error(hrc::Code::usage, "there is no recipient \"" + name +
                                               "\": use police, victim-first, statistics or team "
                                               "(docs/recipients.md)");
    return *r;
}

struct ExportCommand {
    std::string dir;
    std::string recipient;
    std::string format = "json";
    bool since_last = false;
    std::string from;
    std::string to;
    std::string output;
    bool plaintext = false;
    std::string operator_override;
};

// "2025-03-01" → that midnight UTC; as --to, the midnight after it (the day is included).
std::int64_t parse_day_or_time(const std::string& text, const char* option, bool end_of_day) {
    const auto t = parse_since(text);
    if (!t)
        throw hrc::Error(
            hrc::Code::usage,
            std::string(option) +
                " must be unix seconds, YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ (UTC), not \"" + text +
                "\"");
    return end_of_day && text.size() == 10 ? *t + 86400 : *t;
}

int run_export(const ExportCommand& c) {
    const CentralPaths paths = paths_of(c.dir);
    ExportOptions options;
    options.recipient = recipient_named(c.recipient);
    options.format = c.format == "csv" ? ExportFormat::csv : ExportFormat::json;
    options.operator_name = operator_name(c.operator_override);
    options.now = hrc::unix_now();
    const bool has_range = !c.from.empty() || !c.to.empty();
    if (c.since_last == has_range)
        throw hrc::Error(hrc::Code::usage,
                         "say which reports: --since-last (what " + c.recipient +
                             " has not had yet), or a range of "
                             "received dates with --from and/or --to (a re-export)");
    if (c.since_last) {
        options.selection.not_exported_to = c.recipient;
        options.selection_text = "since-last";
    } else {
        if (!c.from.empty())
            options.selection.received_from = parse_day_or_time(c.from, "--from", false);
        if (!c.to.empty())
            options.selection.received_before = parse_day_or_time(c.to, "--to", true);
        options.selection_text =
            "received " +
            (c.from.empty() ? std::string("(start)")
                            : hrc::format_utc(options.selection.received_from)) +
            " .. " +
            (c.to.empty() ? std::string("(now)")
                          : "before " + hrc::format_utc(options.selection.received_before));
    }
    if (!c.output.empty()) options.output = fs::absolute(c.output);
    options.progress = ::isatty(STDERR_FILENO) == 1;

    const hrc::CentralSecrets secrets = read_secrets(paths);
    CentralStore store = open_central_store(paths);
    if (!c.plaintext) {
        const auto record = store.find_recipient(c.recipient);
        if (!record)
            throw hrc::Error(hrc::Code::key_file,
                             "there is no key for " + c.recipient +
                                 ", so its export cannot be sealed. Ask " + c.recipient +
                                 " to run `hrc-central recipient keygen --name " + c.recipient +
                                 " --out DIR` and send you "
                                 "the .pub file, then `hrc-central recipient add " +
                                 c.recipient + " --dir " + c.dir + " --key " + c.recipient +
                                 ".pub`; or give --plaintext (an unsealed file).");
        hrc::RecipientPublicKey key;
        key.name = record->name;
        key.public_key = record->public_key;
        key.key_id = hrc::key_id_of(record->public_key.data(), record->public_key.size());
        options.seal_to = key;
        if (!options.output && ::isatty(STDOUT_FILENO) == 1)
            throw hrc::Error(hrc::Code::usage, "a sealed export is binary: give --output FILE (or "
                                               "redirect standard output to a file)");
    }
    if (!c.since_last) {
        ReportSelection fresh = options.selection;
        fresh.not_exported_to = c.recipient;
        const std::int64_t again =
            store.count_reports(options.selection) - store.count_reports(fresh);
        std::cerr << "hrc-central: re-export by date range: " << again
                  << " report(s) in this range were already in earlier " << c.recipient
                  << " exports and will be sent again (use --since-last for only what is new)\n";
    }
    const ExportResult r = export_reports(store, secrets, options);
    std::cerr << "hrc-central: export " << r.export_id << " for " << c.recipient << ": "
              << r.exported << " report(s)";
    if (r.not_consented > 0)
        std::cerr << "; " << r.not_consented << " left out because the person did not consent to "
                  << c.recipient;
    std::cerr << "\n";
    if (options.seal_to)
        std::cerr << "hrc-central: sealed to " << c.recipient << "'s key "
                  << hrc::to_hex(options.seal_to->key_id)
                  << (options.output ? " in " + options.output->string() : std::string())
                  << "; digest " << r.file_digest << "\n";
    else
        std::cerr << "hrc-central: PLAINTEXT (not sealed): "
                  << (options.output ? options.output->string() + " (mode 0600)"
                                     : std::string("standard output"))
                  << " holds what people reported for " << c.recipient
                  << ", readable by anyone who gets it: keep it as protected as "
                  << "central and delete it when done; digest " << r.file_digest << "\n";
    if (r.failed > 0)
        throw hrc::Error(hrc::Code::failure,
                         std::to_string(r.failed) +
                             " report(s) could not be opened and were left out (named above); "
                             "keep central.db as it is and contact support");
    return 0;
}

int run_exports(const std::string& dir, const std::string& recipient, bool as_json) {
    if (!recipient.empty()) (void)recipient_named(recipient);
    CentralStore store = open_central_store(paths_of(dir));
    const auto list = store.exports(recipient);
    if (as_json) {
        nlohmann::json out = nlohmann::json::array();
        for (const auto& e : list)
            out.push_back({{"export_id", e.export_id},
                           {"recipient", e.recipient},
                           {"created_at", hrc::format_utc(e.created_at)},
                           {"format", e.format},
                           {"sealed_to", e.sealed_to},
                           {"selection", e.selection},
                           {"reports", e.reports},
                           {"file_digest", e.file_digest},
                           {"operator", e.operator_name},
                           {"report_ids", store.export_report_ids(e.export_id)}});
        std::cout << out.dump(2) << "\n";
        return 0;
    }
    if (list.empty()) {
        std::cout << "No exports recorded" << (recipient.empty() ? "" : " for " + recipient)
                  << ".\n";
        return 0;
    }
    std::printf("%-36s %-13s %-21s %-5s %-16s %7s  %-12s %s\n", "EXPORT", "RECIPIENT",
                "CREATED (UTC)", "FMT", "SEALED TO", "REPORTS", "OPERATOR", "SELECTION");
    for (const auto& e : list)
        std::printf("%-36s %-13s %-21s %-5s %-16s %7lld  %-12s %s\n", e.export_id.c_str(),
                    e.recipient.c_str(), hrc::format_utc(e.created_at).c_str(), e.format.c_str(),
                    e.sealed_to.c_str(), static_cast<long long>(e.reports), e.operator_name.c_str(),
                    e.selection.c_str());
    return 0;
}

//-------------------------------------------------------------------------------------------------
// [SECTION] recipients, open-export
//-------------------------------------------------------------------------------------------------

int run_recipient_keygen(const std::string& name, const std::string& out_dir) {
    (void)recipient_named(name);
    const fs::path folder = fs::absolute(out_dir);
    std::error_code ec;
    if (!fs::is_directory(folder, ec))
        throw hrc::Error(
            hrc::Code::io,
            folder.string() +
                " is not a folder: create it first (mode 0700, on the recipient's own machine)");
    const hrc::RecipientKeys keys = hrc::generate_recipient_keys(name);
    const fs::path secret = folder / (name + ".key");
    const fs::path pub = folder / (name + ".pub");
    hrc::write_recipient_secret_key(secret, keys);
    try {
        hrc::write_recipient_public_key(pub, keys);
    } catch (...) {
        fs::remove(secret, ec);
        throw;
    }
    std::cout
        << "Created the key pair of recipient " << name << " (key id "
        << hrc::to_hex(hrc::public_key_of(keys).key_id) << "):\n"
        << "  " << secret.string()
        << "  secret (mode 0600): stays here; it opens every export sealed for " << name << ".\n"
        << "                 BACK IT UP OFFLINE: without it those exports can never be opened.\n"
        << "  " << pub.string() << "  public: send it to the central's operator, who runs\n"
        << "       hrc-central recipient add " << name << " --dir DIR --key " << name << ".pub\n";
    return 0;
}

int run_recipient_add(const std::string& dir, const std::string& name, const std::string& key_file,
                      bool replace, const std::string& op) {
    (void)recipient_named(name);
    const hrc::RecipientPublicKey key = hrc::read_recipient_public_key(key_file);
    if (key.name != name)
        throw hrc::Error(hrc::Code::key_file, key_file + " is the key of recipient \"" + key.name +
                                                  "\", not " + name +
                                                  ": check you have the right file");
    CentralStore store = open_central_store(paths_of(dir));
    const std::string id = hrc::to_hex(key.key_id);
    switch (
        store.add_recipient(name, key.public_key, replace, operator_name(op), hrc::unix_now())) {
    case RecipientOutcome::added:
        std::cout << "Added recipient " << name << " (key id " << id
                  << "): its exports are sealed to this key.\n";
        break;
    case RecipientOutcome::unchanged:
        std::cout << "Recipient " << name << " already has this key (key id " << id
                  << "); nothing changed.\n";
        break;
    case RecipientOutcome::replaced:
        std::cout << "Replaced the key of recipient " << name << " (now key id " << id
                  << "): exports from now on are sealed to it.\n";
        break;
    }
    return 0;
}

int run_recipient_remove(const std::string& dir, const std::string& name, const std::string& op) {
    (void)recipient_named(name);
    CentralStore store = open_central_store(paths_of(dir));
    store.remove_recipient(name, operator_name(op), hrc::unix_now());
    std::cout << "Removed the key of recipient " << name
              << ": its exports need a new key (or --plaintext) from now on. "
              << "Its export records are kept.\n";
    return 0;
}

int run_recipient_list(const std::string& dir, bool as_json) {
    CentralStore store = open_central_store(paths_of(dir));
    const auto list = store.recipients();
    if (as_json) {
        nlohmann::json out = nlohmann::json::array();
        for (const auto& r : list)
            out.push_back({{"name", r.name},
                           {"key_id", key_id_text(r.public_key)},
                           {"added_at", hrc::format_utc(r.added_at)}});
        std::cout << out.dump(2) << "\n";
        return 0;
    }
    if (list.empty()) {
        std::cout << "No recipient keys. Add one with: hrc-central recipient add police --dir "
                  << dir << " --key police.pub\n";
        return 0;
    }
    std::printf("%-14s %-16s %s\n", "RECIPIENT", "KEY ID", "ADDED (UTC)");
    for (const auto& r : list)
        std::printf("%-14s %-16s %s\n", r.name.c_str(), key_id_text(r.public_key).c_str(),
                    hrc::format_utc(r.added_at).c_str());
    return 0;
}

int run_open_export(const std::string& key_file, const std::string& central_pub,
                    const std::string& input, const std::string& output) {
    const hrc::RecipientKeys keys = hrc::read_recipient_secret_key(key_file);
    std::optional<hrc::CentralIdentity> central;
    if (!central_pub.empty()) central = hrc::read_central_identity(central_pub);
    std::ifstream in(input, std::ios::binary);
    if (!in)
        throw hrc::Error(hrc::Code::io,
                         input + ": cannot open the export (" + std::strerror(errno) + ")");
    // The plaintext goes to a temporary file that is linked into place only once the whole export
    // has verified: nothing of a tampered or truncated file is ever kept.
    hrc::AtomicFile out(fs::absolute(output), 0600, hrc::IfExists::refuse);
    const hrc::ExportHeader header =
        hrc::open_export(in, keys, central ? &central->ack_public_key : nullptr,
                         [&out](std::string_view piece) { out.write(piece); });
    out.commit();
    std::cerr << "hrc-central: opened export " << header.export_id << " for " << header.recipient
              << " (" << header.content_type << ", made " << hrc::format_utc(header.created_at)
              << ") into " << output << " (mode 0600)\n";
    if (central)
        std::cerr << "hrc-central: signed by the central of " << central_pub << " (key id "
                  << hrc::to_hex(header.central_key_id) << "): checked\n";
    else
        std::cerr << "hrc-central: warning: who made it was NOT checked (give --central "
                     "central.pub to check central's signature)\n";
    return 0;
}

//-------------------------------------------------------------------------------------------------
// [SECTION] verify, purge
//-------------------------------------------------------------------------------------------------

int run_verify(const std::string& dir, bool as_json) {
    CentralStore store = open_central_store(paths_of(dir));
    const std::string integrity = store.integrity_check();
    hrc::AuditCheck audit{false, 0, "not checked: the database is damaged"};
    if (integrity == "ok") audit = store.verify_audit();
    const bool ok = integrity == "ok" && audit.ok;
    if (as_json) {
        std::cout << nlohmann::json{{"ok", ok},
                                    {"integrity", integrity},
                                    {"audit_entries", audit.entries},
                                    {"audit_ok", audit.ok},
                                    {"audit_problem", audit.problem}}
                         .dump(2)
                  << "\n";
    } else {
        std::cout << "Database integrity: " << integrity << "\n"
                  << "Audit log: " << audit.entries << " entr" << (audit.entries == 1 ? "y" : "ies")
                  << " verified" << (audit.ok ? ", chain intact" : "; BROKEN: " + audit.problem)
                  << "\n";
    }
    if (!ok)
        throw hrc::Error(hrc::Code::corrupt,
                         integrity != "ok"
                             ? "the central database is damaged: restore it from a backup and keep "
                               "this copy for investigation"
                             : "the audit log was changed after it was written (" + audit.problem +
                                   "): keep this database as it is and report it");
    return 0;
}

int run_purge(const std::string& dir, bool dry_run, const std::string& as_of,
              const std::string& op) {
    const CentralPaths paths = paths_of(dir);
    const Retention retention = load_retention(paths.dir / "central.toml");
    const std::int64_t clock = hrc::unix_now();
    const std::int64_t now = as_of.empty() ? clock : parse_day_or_time(as_of, "--as-of", false);
    const std::int64_t reports_before = now - std::int64_t{retention.reports_days} * 86400;
    const std::int64_t exports_before = now - std::int64_t{retention.export_records_days} * 86400;
    CentralStore store = open_central_store(paths);
    if (dry_run) {
        std::cout << store.count_purgeable(reports_before) << " report(s) received before "
                  << hrc::format_utc(reports_before) << " (" << retention.reports_days
                  << " days) would be purged; nothing was changed.\n";
        return 0;
    }
    const PurgeOutcome r = store.purge(reports_before, exports_before, operator_name(op), clock);
    std::cout << "Purged " << r.reports_purged << " report(s) received before "
              << hrc::format_utc(reports_before) << " (" << retention.reports_days
              << " days; their ids are kept so a late re-send is still a duplicate) and "
              << r.exports_forgotten << " export record(s) older than "
              << retention.export_records_days << " days.\n";
    return 0;
}

//-------------------------------------------------------------------------------------------------
// [SECTION] received, stats, import-postcodes, pin
//-------------------------------------------------------------------------------------------------

int run_received(const std::string& dir, bool as_json) {
    CentralStore store = open_central_store(paths_of(dir));
    const CentralStats s = store.stats();
    if (as_json) {
        nlohmann::json kiosks = nlohmann::json::array();
        int revoked = 0;
        for (const auto& k : s.kiosks) {
            revoked += k.revoked ? 1 : 0;
            kiosks.push_back({{"kiosk_id", k.kiosk_id},
                              {"centre_id", k.centre_id},
                              {"revoked", k.revoked},
                              {"reports", k.reports},
                              {"conflicts", k.conflicts},
                              {"first_received_at", time_or_null(k.first_received_at)},
                              {"last_received_at", time_or_null(k.last_received_at)}});
        }
        std::cout << nlohmann::json{{"reports", s.reports},
                                    {"conflicts", s.conflicts},
                                    {"kiosks_enrolled", s.kiosks.size()},
                                    {"kiosks_revoked", revoked},
                                    {"kiosks", std::move(kiosks)}}
                         .dump(2)
                  << "\n";
        return 0;
    }
    std::cout << "Reports received: " << s.reports << " from " << s.kiosks.size()
              << " enrolled kiosk(s)";
    if (s.conflicts > 0) std::cout << "; " << s.conflicts << " conflicting re-send(s) refused";
    std::cout << "\n";
    if (s.kiosks.empty()) return 0;
    std::printf("%-24s %-32s %-8s %8s %9s  %-21s %s\n", "KIOSK", "CENTRE", "STATUS", "REPORTS",
                "CONFLICTS", "FIRST (UTC)", "LAST (UTC)");
    for (const auto& k : s.kiosks)
        std::printf("%-24s %-32s %-8s %8lld %9lld  %-21s %s\n", k.kiosk_id.c_str(),
                    k.centre_id.c_str(), k.revoked ? "revoked" : "active",
                    static_cast<long long>(k.reports), static_cast<long long>(k.conflicts),
                    k.first_received_at ? hrc::format_utc(k.first_received_at).c_str() : "-",
                    k.last_received_at ? hrc::format_utc(k.last_received_at).c_str() : "-");
    return 0;
}

// --from / --to: "2025-03" or "2025-03-27" (its month).
hrc::statistics::Month month_option(const std::string& text, const char* option) {
    const auto m = hrc::statistics::parse_month(text);
    if (!m || (text.size() != 7 && text.size() != 10))
        throw hrc::Error(hrc::Code::usage,
                         std::string(option) +
                             " must be a month like 2025-03 (or a day like 2025-03-27), not \"" +
                             text + "\"");
    return *m;
}

struct StatsCommand {
    std::string dir;
    std::string from, to;
    std::string format = "table";
    bool is_public = false;
    std::size_t lsoa_top = 12;
    std::string population;
    std::string output;
};

// Everything `stats` and `report` share: the period, the rows (made for reports new since the
// last run) and the figures.
hrc::statistics::Statistics compute_statistics(const StatsCommand& c) {
    namespace st = hrc::statistics;
    const st::Month now = *st::parse_month(hrc::format_utc(hrc::unix_now()));
    st::Options options;
    options.to = c.to.empty() ? now : month_option(c.to, "--to");
    options.from = c.from.empty() ? options.to - 23 : month_option(c.from, "--from");
    if (options.to < options.from)
        throw hrc::Error(hrc::Code::usage, "--to (" + st::month_key(options.to) +
                                               ") is before --from (" +
                                               st::month_key(options.from) + ")");
    if (c.lsoa_top < 1 || c.lsoa_top > 1000)
        throw hrc::Error(hrc::Code::usage, "--lsoa-top must be 1 to 1000");
    options.is_public = c.is_public;
    options.lsoa_top = c.lsoa_top;

    st::Populations populations;
    const fs::path population_file = district_population_file(c.population);
    std::ifstream in(population_file);
    if (!in)
        throw hrc::Error(hrc::Code::io, population_file.string() +
                                            ": cannot read the population file (" +
                                            std::strerror(errno) + ")");
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    st::read_district_populations(text, population_file.string(), populations);

    const CentralPaths paths = paths_of(c.dir);
    CentralStore store = open_central_store(paths);
    (void)refresh_stat_rows(
        store, [&paths] { return read_secrets(paths); }, ::isatty(STDERR_FILENO) == 1);
    const std::vector<st::Row> rows = load_stat_rows(store);
    options.postcode_directory = has_postcode_directory(store);
    options.not_consented = count_not_consented(store, options.from, options.to);
    options.not_readable = count_not_readable(store, options.from, options.to);
    if (options.postcode_directory) load_lsoa_populations(store, rows, populations);
    return st::compute(rows, options, populations);
}

// Standard output, or a new file (mode 0644: aggregates only, never overwritten).
void write_output(const std::string& output, const std::string& text) {
    if (output.empty()) {
        std::cout << text << std::flush;
        if (!std::cout) throw hrc::Error(hrc::Code::io, "cannot write to standard output");
        return;
    }
    hrc::write_file_atomically(fs::absolute(output), text.data(), text.size(), 0644,
                               hrc::IfExists::refuse);
}

int run_stats(const StatsCommand& c) {
    const hrc::statistics::Statistics s = compute_statistics(c);
    std::string text;
    if (c.format == "json")
        text = hrc::statistics::to_json(s).dump(2) + "\n";
    else if (c.format == "csv")
        text = hrc::statistics::to_csv(s);
    else
        text = hrc::statistics::to_text(s);
    write_output(c.output, text);
    if (!s.spikes.empty())
        std::cerr << "hrc-central: " << s.spikes.size()
                  << " spike alert(s): see \"spikes\" in the output\n";
    return 0;
}

// "2 December 2026" (UTC), for the report's front page.
std::string day_in_words(std::int64_t t) {
    static const char* const kMonths[] = {"January",   "February", "March",    "April",
                                          "May",       "June",     "July",     "August",
                                          "September", "October",  "November", "December"};
    const std::string utc = hrc::format_utc(t); // 2026-12-02T...
    const int month = std::stoi(utc.substr(5, 2));
    return std::to_string(std::stoi(utc.substr(8, 2))) + " " + kMonths[month - 1] + " " +
           utc.substr(0, 4);
}

int run_report(const StatsCommand& c, const std::string& format) {
    if (c.output.empty())
        throw hrc::Error(hrc::Code::usage,
                         "give --output: board.pdf (pdf), or a folder for the charts (svg, png)");
    BoardReportOptions options;
    options.output = fs::absolute(c.output);
    options.format = format == "svg"   ? ReportFormat::svg
                     : format == "png" ? ReportFormat::png
                                       : ReportFormat::pdf;
    options.generated_on = day_in_words(hrc::unix_now());
    std::error_code ec;
    if (options.format == ReportFormat::pdf && fs::exists(options.output, ec))
        throw hrc::Error(
            hrc::Code::already_exists,
            options.output.string() +
                " already exists; give another --output (a report is never overwritten)");
    const hrc::statistics::Statistics s = compute_statistics(c);
    for (const fs::path& file : write_board_report(s, options))
        std::cout << "Wrote " << file.string() << "\n";
    if (!s.options.is_public)
        std::cerr << "hrc-central: this report shows small numbers: it is for the board, not for "
                     "publication (make one with --public to publish)\n";
    return 0;
}

int run_import_postcodes(const std::string& dir, const std::string& onspd,
                         const std::string& lsoa_population) {
    if (onspd.empty() && lsoa_population.empty())
        throw hrc::Error(
            hrc::Code::usage,
            "give the ONSPD CSV file, --lsoa-population FILE, or both (docs/statistics.md)");
    CentralStore store = open_central_store(paths_of(dir));
    const std::int64_t now = hrc::unix_now();
    if (!onspd.empty()) {
        std::ifstream in(onspd);
        if (!in)
            throw hrc::Error(hrc::Code::io, onspd + ": cannot open the postcode directory (" +
                                                std::strerror(errno) + ")");
        const ImportResult r =
            import_postcode_directory(store, in, onspd, ::isatty(STDERR_FILENO) == 1, now);
        std::cout << "Imported " << r.postcodes << " postcodes in the nine LLR districts (of "
                  << r.rows_read << " lines; LSOA from " << r.lsoa_column << ") from " << onspd
                  << ". Statistics rows will be remade by the next `hrc-central stats`.\n";
        if (r.postcodes == 0)
            std::cerr << "hrc-central: warning: no postcode in the file is in an LLR district "
                         "(oslaua E06000016, E06000017, "
                         "E07000129-E07000135): is this the UK-wide ONSPD file?\n";
    }
    if (!lsoa_population.empty()) {
        std::ifstream in(lsoa_population);
        if (!in)
            throw hrc::Error(hrc::Code::io, lsoa_population +
                                                ": cannot open the LSOA population file (" +
                                                std::strerror(errno) + ")");
        const std::int64_t n = import_lsoa_populations(store, in, lsoa_population, now);
        std::cout << "Imported the population of " << n << " LSOAs from " << lsoa_population
                  << ".\n";
    }
    return 0;
}

int run_pin(const std::string& cert, const std::string& key) {
    if (cert.empty() == key.empty())
        throw hrc::Error(hrc::Code::usage, "give exactly one of --cert or --key");
    std::cout << (cert.empty() ? pin_of_private_key(key) : pin_of_certificate(cert)) << "\n";
    return 0;
}

// "3:503:2" → {3, 503, 2}.
InjectedFailure parse_fail_next(const std::string& text) {
    InjectedFailure f;
    char extra = 0;
    const int n =
        std::sscanf(text.c_str(), "%d:%d:%d%c", &f.count, &f.status, &f.retry_after, &extra);
    if ((n != 2 && n != 3) || f.count < 1 || f.status < 100 || f.status > 599 || f.retry_after < 0)
        throw hrc::Error(hrc::Code::usage,
                         "--fail-next must be COUNT:STATUS[:RETRY_AFTER] (e.g. 3:503:2), not \"" +
                             text + "\"");
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
    CLI::App app{"hrc-central — the central receiver for Hate Reporting Centre kiosks: keys, kiosk "
                 "enrolment,\n"
                 "the HTTPS receiver (docs/protocol.md) and export of received reports."};
    app.require_subcommand(1);
    app.footer(
        "Examples:\n"
        "  hrc-central init --dir /var/lib/hrc-central --url https://hrc-central.example.org:8443\n"
        "  hrc-central enrol --dir /var/lib/hrc-central --kiosk-key kiosk.pub\n"
        "  hrc-central serve --dir /var/lib/hrc-central --listen 0.0.0.0:8443\n"
        "  hrc-central export --dir /var/lib/hrc-central --for police --format csv --since-last "
        "--output police.hrcx\n"
        "  hrc-central stats --dir /var/lib/hrc-central --from 2024-01 --to 2025-12 --public\n"
        "  hrc-central report --dir /var/lib/hrc-central --output board.pdf\n"
        "Exit codes: docs/exit-codes.md (0 ok, 1 failure, 2 usage, 3 config, 4 key file, 5 no "
        "database, 6 wrong key,\n"
        "7 damaged, 8 disk full, 10 file error, 11 crypto, 12 already exists, 13 busy).");

    InitOptions init;
    auto* init_cmd = app.add_subcommand(
        "init", "create a central: keys, TLS certificate, encrypted database, central.pub");
    init_cmd
        ->add_option("--dir", init.dir,
                     "folder for everything (created 0700; e.g. /var/lib/hrc-central)")
        ->required();
    init_cmd
        ->add_option("--url", init.url,
                     "the https:// address kiosks will use (written to central.pub)")
        ->capture_default_str();
    init_cmd->add_option("--name", init.name, "the certificate's common name")
        ->capture_default_str();
    init_cmd->add_option("--tls-host", init.tls_hosts,
                         "another host name or IP for the self-signed certificate (repeatable; "
                         "localhost, 127.0.0.1 and the --url host are always included)");
    init_cmd
        ->add_option("--tls-cert", init.tls_cert,
                     "use this CA-issued certificate chain (PEM) instead of a self-signed one")
        ->check(CLI::ExistingFile);
    init_cmd
        ->add_option("--tls-key", init.tls_key,
                     "the private key (PEM, no passphrase) of --tls-cert")
        ->check(CLI::ExistingFile);
    init_cmd->add_option("--backup-pin", init.backup_pins,
                         "an extra TLS pin for central.pub, sha256//... (repeatable; the key of "
                         "the next certificate, from `hrc-central pin`)");
    init_cmd->footer(
        "Examples:\n"
        "  hrc-central init --dir /var/lib/hrc-central --url https://hrc-central.example.org:8443\n"
        "  hrc-central init --dir /var/lib/hrc-central --url https://hrc.example.org --tls-cert "
        "fullchain.pem --tls-key privkey.pem \\\n"
        "                   --backup-pin sha256//Yx5R...=\n"
        "Refuses to overwrite an existing central (exit 12).");

    std::string dir;
    std::string kiosk_pub;
    bool replace = false;
    auto* enrol_cmd = app.add_subcommand(
        "enrol", "allow a kiosk to deliver reports (its kiosk.pub from `hrc-admin init`)");
    enrol_cmd->add_option("--dir", dir, "the central's folder")->required();
    enrol_cmd->add_option("--kiosk-key", kiosk_pub, "the kiosk's kiosk.pub")
        ->required()
        ->check(CLI::ExistingFile);
    enrol_cmd->add_flag("--replace", replace,
                        "replace the key of a kiosk id already enrolled (kiosk set up again), or "
                        "re-admit a revoked kiosk");
    enrol_cmd->footer(
        "Example:\n  hrc-central enrol --dir /var/lib/hrc-central --kiosk-key /tmp/kiosk-07.pub\n"
        "Enrolling the same kiosk.pub again changes nothing and succeeds.");

    std::string kiosk_id;
    auto* revoke_cmd = app.add_subcommand(
        "revoke", "refuse a kiosk from now on (403); its reports already received are kept");
    revoke_cmd->add_option("--dir", dir, "the central's folder")->required();
    revoke_cmd->add_option("--kiosk-id", kiosk_id, "the kiosk to revoke (see `hrc-central kiosks`)")
        ->required();
    revoke_cmd->footer(
        "Example:\n  hrc-central revoke --dir /var/lib/hrc-central --kiosk-id kiosk-07");

    bool as_json = false;
    auto* kiosks_cmd = app.add_subcommand(
        "kiosks", "list enrolled kiosks: id, centre, key id, enrolled, revoked, reports");
    kiosks_cmd->add_option("--dir", dir, "the central's folder")->required();
    kiosks_cmd->add_flag("--json", as_json, "machine-readable output");
    kiosks_cmd->footer("Example:\n  hrc-central kiosks --dir /var/lib/hrc-central --json");

    ServeOptions serve_options;
    std::vector<std::string> fail_next;
    auto* serve_cmd = app.add_subcommand("serve", "run the HTTPS receiver until SIGTERM/SIGINT");
    serve_cmd->add_option("--dir", dir, "the central's folder")->required();
    serve_cmd
        ->add_option("--listen", serve_options.listen,
                     "HOST:PORT to listen on ([::]:PORT for IPv6; port 0 = any free port)")
        ->capture_default_str();
    serve_cmd
        ->add_option("--max-batch-bytes", serve_options.limits.max_batch_bytes,
                     "largest batch body accepted (413 above it)")
        ->capture_default_str();
    serve_cmd
        ->add_option("--max-batch-items", serve_options.limits.max_batch_items,
                     "most reports in one batch (413 above it)")
        ->capture_default_str();
    serve_cmd->add_option(
        "--fail-next", fail_next,
        "TEST ONLY: answer the next COUNT batch requests with STATUS (and Retry-After) "
        "without processing them; COUNT:STATUS[:RETRY_AFTER], repeatable, applied in order");
    serve_cmd->add_option("--crash-after-commit", serve_options.crash_after_commit,
                          "TEST ONLY: exit at once with code 9 right after committing the Nth "
                          "batch, before replying");
    serve_cmd->footer("Prints \"hrc-central: listening on https://HOST:PORT\" on standard output "
                      "once ready; one line per\n"
                      "request on standard error (time, address, kiosk, endpoint, status, counts; "
                      "never content).\n"
                      "Examples:\n"
                      "  hrc-central serve --dir /var/lib/hrc-central --listen 0.0.0.0:8443\n"
                      "  hrc-central serve --dir /tmp/c --listen 127.0.0.1:0 --fail-next 2:503:1 "
                      "--fail-next 1:429   # tests only");

    ExportCommand ex;
    std::string operator_override;
    auto* export_cmd = app.add_subcommand(
        "export", "write one recipient's reports, holding only what each person consented to, "
                  "sealed to that recipient's key (this shows report content)");
    export_cmd->add_option("--dir", ex.dir, "the central's folder")->required();
    export_cmd
        ->add_option(
            "--for", ex.recipient,
            "police, victim-first, statistics, or team (central's own hate reporting team: "
            "everything); docs/recipients.md")
        ->required();
    export_cmd
        ->add_option("--format", ex.format,
                     "json (the report's structure) or csv (the columns in docs/recipients.md)")
        ->check(CLI::IsMember({"json", "csv"}))
        ->capture_default_str();
    export_cmd->add_flag("--since-last", ex.since_last,
                         "only reports this recipient has not had in any earlier export");
    export_cmd->add_option("--from,--since", ex.from,
                           "re-export: reports received at or after this time (YYYY-MM-DD, "
                           "YYYY-MM-DDTHH:MM:SSZ UTC, or unix seconds)");
    export_cmd->add_option(
        "--to", ex.to,
        "re-export: reports received before this time (a YYYY-MM-DD day is included)");
    export_cmd->add_option(
        "--output", ex.output,
        "write to this new file (mode 0600; never overwritten) instead of standard output");
    export_cmd->add_flag("--plaintext", ex.plaintext,
                         "do NOT seal: write readable JSON/CSV (says so on standard error)");
    export_cmd->add_option("--operator", ex.operator_override,
                           "who is exporting, for the audit log (default: $SUDO_USER or the user)");
    export_cmd->footer(
        "Examples:\n"
        "  hrc-central export --dir /var/lib/hrc-central --for police --format csv --since-last "
        "--output police-2025-03.hrcx\n"
        "  hrc-central export --dir /var/lib/hrc-central --for victim-first --since-last --output "
        "vf.hrcx\n"
        "  hrc-central export --dir /var/lib/hrc-central --for police --from 2025-03-01 --to "
        "2025-03-31 --output again.hrcx\n"
        "  hrc-central export --dir /var/lib/hrc-central --for team --since-last --plaintext "
        "--output /secure/all.json\n"
        "Sealed to the recipient's key (`hrc-central recipient add`); the recipient opens it with\n"
        "`hrc-central open-export`. Every export is recorded (`hrc-central exports`) and audited.");

    std::string exports_for;
    auto* exports_cmd = app.add_subcommand(
        "exports", "list the exports made: recipient, time, format, key, reports, operator");
    exports_cmd->add_option("--dir", dir, "the central's folder")->required();
    exports_cmd->add_option("--for", exports_for, "only this recipient's exports");
    exports_cmd->add_flag("--json", as_json,
                          "machine-readable output, with the report ids of each export");
    exports_cmd->footer(
        "Example:\n  hrc-central exports --dir /var/lib/hrc-central --for police --json");

    auto* recipient_cmd = app.add_subcommand(
        "recipient", "the keys exports are sealed to: keygen, add, list, remove");
    recipient_cmd->require_subcommand(1);
    std::string recipient_name;
    std::string recipient_out;
    auto* keygen_cmd = recipient_cmd->add_subcommand(
        "keygen", "make a recipient's key pair (run it on the RECIPIENT's machine)");
    keygen_cmd->add_option("--name", recipient_name, "police, victim-first, statistics or team")
        ->required();
    keygen_cmd
        ->add_option("--out", recipient_out,
                     "an existing folder for NAME.key (secret, 0600) and NAME.pub")
        ->required();
    keygen_cmd->footer("Example:\n  hrc-central recipient keygen --name police --out ~/hrc-keys");
    std::string recipient_key;
    auto* radd_cmd =
        recipient_cmd->add_subcommand("add", "register a recipient's public key (its NAME.pub)");
    radd_cmd->add_option("name", recipient_name, "police, victim-first, statistics or team")
        ->required();
    radd_cmd->add_option("--dir", dir, "the central's folder")->required();
    radd_cmd->add_option("--key", recipient_key, "the recipient's NAME.pub")
        ->required()
        ->check(CLI::ExistingFile);
    radd_cmd->add_flag("--replace", replace, "replace the key this recipient already has");
    radd_cmd->add_option("--operator", operator_override, "who is doing this, for the audit log");
    radd_cmd->footer(
        "Example:\n  hrc-central recipient add police --dir /var/lib/hrc-central --key police.pub");
    auto* rlist_cmd =
        recipient_cmd->add_subcommand("list", "recipients with a key: name, key id, added");
    rlist_cmd->add_option("--dir", dir, "the central's folder")->required();
    rlist_cmd->add_flag("--json", as_json, "machine-readable output");
    auto* rremove_cmd = recipient_cmd->add_subcommand(
        "remove", "forget a recipient's key (its exports then need a new one)");
    rremove_cmd->add_option("name", recipient_name, "the recipient")->required();
    rremove_cmd->add_option("--dir", dir, "the central's folder")->required();
    rremove_cmd->add_option("--operator", operator_override,
                            "who is doing this, for the audit log");

    std::string open_key;
    std::string open_central;
    std::string open_input;
    std::string open_output;
    auto* open_cmd = app.add_subcommand(
        "open-export",
        "open a sealed export with the recipient's key (run it on the recipient's machine)");
    open_cmd->add_option("file", open_input, "the sealed export")
        ->required()
        ->check(CLI::ExistingFile);
    open_cmd->add_option("--key", open_key, "the recipient's NAME.key")
        ->required()
        ->check(CLI::ExistingFile);
    open_cmd
        ->add_option("--central", open_central,
                     "central.pub, to check that central made it (recommended)")
        ->check(CLI::ExistingFile);
    open_cmd
        ->add_option(
            "--output", open_output,
            "the new file for the JSON/CSV inside (mode 0600; kept only if all of it verifies)")
        ->required();
    open_cmd->footer("Example:\n  hrc-central open-export police-2025-03.hrcx --key "
                     "~/hrc-keys/police.key --central central.pub --output police-2025-03.csv\n"
                     "A file changed, cut short or sealed to another key is refused (exit 11) and "
                     "nothing is written.");

    auto* verify_cmd =
        app.add_subcommand("verify", "check the database and the audit log's hash chain");
    verify_cmd->add_option("--dir", dir, "the central's folder")->required();
    verify_cmd->add_flag("--json", as_json, "machine-readable output");
    verify_cmd->footer("Example:\n  hrc-central verify --dir /var/lib/hrc-central\nExit 7 when the "
                       "database or the audit log is damaged.");

    bool dry_run = false;
    auto* purge_cmd = app.add_subcommand(
        "purge", "delete reports and export records past retention (DIR/central.toml)");
    purge_cmd->add_option("--dir", dir, "the central's folder")->required();
    purge_cmd->add_flag("--dry-run", dry_run, "only say how many reports would go");
    std::string purge_as_of;
    purge_cmd->add_option(
        "--as-of", purge_as_of,
        "count retention from this day instead of today (YYYY-MM-DD): with --dry-run, "
        "to see what will go by then; recorded in the audit log");
    purge_cmd->add_option("--operator", operator_override, "who is doing this, for the audit log");
    purge_cmd->footer(
        "Example:\n  hrc-central purge --dir /var/lib/hrc-central --dry-run\n"
        "  hrc-central purge --dir /var/lib/hrc-central --dry-run --as-of 2031-01-01\n"
        "Retention: [retention] reports_days, export_records_days in DIR/central.toml (defaults "
        "2190 days).");

    auto* received_cmd = app.add_subcommand(
        "received", "counts of received reports by kiosk and in total, conflicts (no content)");
    received_cmd->add_option("--dir", dir, "the central's folder")->required();
    received_cmd->add_flag("--json", as_json, "machine-readable output");
    received_cmd->footer("Example:\n  hrc-central received --dir /var/lib/hrc-central --json");

    StatsCommand stats;
    const auto add_stats_options = [&stats](CLI::App* cmd) {
        cmd->add_option("--dir", stats.dir, "the central's folder")->required();
        cmd->add_option("--from", stats.from,
                        "first month of the period, YYYY-MM (default: 23 months before --to)");
        cmd->add_option("--to", stats.to,
                        "last month of the period, YYYY-MM (default: this month)");
        cmd->add_flag(
            "--public", stats.is_public,
            "for publication: counts of 1-4 show as <5, and other counts are withheld (c) "
            "so that none can be worked out from the totals");
        cmd->add_option("--lsoa-top", stats.lsoa_top, "how many LSOAs to list, highest rate first")
            ->capture_default_str();
        cmd->add_option(
            "--population", stats.population,
            "the district population CSV (default: the one installed with hrc-central)");
        cmd->add_option("--output", stats.output,
                        "write to this new file instead of standard output (never overwritten)");
    };
    auto* stats_cmd = app.add_subcommand(
        "stats", "the partnership's monitoring figures from reports with consent to anonymous "
                 "statistics: by month, strand, district (per 1,000), LSOA, centre; spike alerts");
    add_stats_options(stats_cmd);
    stats_cmd
        ->add_option("--format", stats.format,
                     "table (for people), json or csv (long: table,row,row_label,column,value)")
        ->check(CLI::IsMember({"table", "json", "csv"}))
        ->capture_default_str();
    stats_cmd->footer(
        "Examples:\n"
        "  hrc-central stats --dir /var/lib/hrc-central\n"
        "  hrc-central stats --dir /var/lib/hrc-central --from 2024-01 --to 2025-12 --format json\n"
        "  hrc-central stats --dir /var/lib/hrc-central --public --format csv --output "
        "llr-hate-2025.csv\n"
        "Reads central.key only to open reports that have no statistics row yet (received before\n"
        "this version, or after import-postcodes): their statistics view only.\n"
        "Method, suppression and the spike rule: docs/statistics.md.");

    std::string report_format = "pdf";
    auto* report_cmd = app.add_subcommand(
        "report", "the board report: the four monitoring charts, summary, suppression note and "
                  "data sources, as PDF (or the charts as SVG/PNG)");
    add_stats_options(report_cmd);
    report_cmd
        ->add_option("--format", report_format,
                     "pdf (an A4 report, three pages or more) or svg / png (one file per chart in "
                     "the --output folder)")
        ->check(CLI::IsMember({"pdf", "svg", "png"}))
        ->capture_default_str();
    report_cmd->footer(
        "Examples:\n"
        "  hrc-central report --dir /var/lib/hrc-central --output board-2025-q4.pdf\n"
        "  hrc-central report --dir /var/lib/hrc-central --public --from 2024-01 --to 2025-12 "
        "--output llr-hate-2025.pdf\n"
        "  hrc-central report --dir /var/lib/hrc-central --format svg --output charts/\n"
        "Same figures and options as `hrc-central stats`; docs/statistics.md.");

    std::string onspd_file;
    std::string lsoa_population_file;
    auto* import_cmd = app.add_subcommand(
        "import-postcodes", "import the ONS Postcode Directory (postcode -> LSOA) and LSOA "
                            "populations for the LSOA table");
    import_cmd->add_option("--dir", dir, "the central's folder")->required();
    import_cmd
        ->add_option(
            "onspd", onspd_file,
            "the ONSPD CSV (Data/ONSPD_<MONTH>_UK.csv; columns pcds, lsoa21 or lsoa11, oslaua)")
        ->check(CLI::ExistingFile);
    import_cmd
        ->add_option("--lsoa-population", lsoa_population_file,
                     "LSOA populations CSV (e.g. Census 2021 TS001 at LSOA level)")
        ->check(CLI::ExistingFile);
    import_cmd->footer("Example:\n"
                       "  hrc-central import-postcodes --dir /var/lib/hrc-central "
                       "ONSPD_FEB_2025_UK.csv --lsoa-population census2021-ts001-lsoa.csv\n"
                       "Keeps the postcodes of the nine LLR districts; replaces any earlier "
                       "import. docs/statistics.md.");

    std::string pin_cert;
    std::string pin_key;
    auto* pin_cmd = app.add_subcommand(
        "pin", "print the TLS pin (sha256//...) of a certificate or key, for --backup-pin");
    pin_cmd->add_option("--cert", pin_cert, "a PEM certificate")->check(CLI::ExistingFile);
    pin_cmd
        ->add_option("--key", pin_key, "a PEM private key (e.g. the key of the next certificate)")
        ->check(CLI::ExistingFile);
    pin_cmd->footer("Examples:\n  hrc-central pin --cert /var/lib/hrc-central/tls.crt\n  "
                    "hrc-central pin --key next-privkey.pem");

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
            for (const auto& f : fail_next)
                serve_options.fail_next.push_back(parse_fail_next(f));
            if (serve_options.crash_after_commit < 0)
                throw hrc::Error(hrc::Code::usage, "--crash-after-commit must be 1 or more");
            return serve(paths_of(dir), serve_options);
        }
        if (*export_cmd) return run_export(ex);
        if (*exports_cmd) return run_exports(dir, exports_for, as_json);
        if (*keygen_cmd) return run_recipient_keygen(recipient_name, recipient_out);
        if (*radd_cmd)
            return run_recipient_add(dir, recipient_name, recipient_key, replace,
                                     operator_override);
        if (*rlist_cmd) return run_recipient_list(dir, as_json);
        if (*rremove_cmd) return run_recipient_remove(dir, recipient_name, operator_override);
        if (*open_cmd) return run_open_export(open_key, open_central, open_input, open_output);
        if (*verify_cmd) return run_verify(dir, as_json);
        if (*purge_cmd) return run_purge(dir, dry_run, purge_as_of, operator_override);
        if (*received_cmd) return run_received(dir, as_json);
        if (*stats_cmd) return run_stats(stats);
        if (*report_cmd) return run_report(stats, report_format);
        if (*import_cmd) return run_import_postcodes(dir, onspd_file, lsoa_population_file);
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
