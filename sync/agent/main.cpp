// hrc-sync — delivers this kiosk's sealed reports to hrc-central (docs/hrc-sync.md,
// docs/protocol.md). The pass logic is in agent.cpp; this file is the command line, the log, the
// signals, the single-instance lock and the real clock.
//
// [SECTION] Logging
// [SECTION] Signals and interruptible sleep
// [SECTION] Start-up checks: configuration, CA file, single-instance lock
// [SECTION] main: command line, error → exit code
//
// Every failure is an hrc::Error (exit code = its Code, docs/exit-codes.md) or a pass outcome
// (exit code = SyncExit, docs/hrc-sync.md); main() prints "hrc-sync: <message>" on standard error.

#include <atomic>
#include <cerrno>
#include <chrono>
#include <climits>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>

#include <CLI/CLI.hpp>
#include <fcntl.h>
#include <poll.h>
#include <sodium.h>
#include <sys/file.h>
#include <unistd.h>

#include "hrc/clock.h"
#include "hrc/config.h"
#include "hrc/error.h"
#include "hrc/kiosk_store.h"
#include "hrc/process.h"
#include "hrc/seal.h"
#include "hrc/signals.h"
#include "hrc/store.h"

#include "agent.h"
#include "http.h"

#ifndef HRC_SYNC_VERSION
#define HRC_SYNC_VERSION "0"
#endif

namespace {

using hrc::sync::LogLevel;

//-------------------------------------------------------------------------------------------------
// [SECTION] Logging
//-------------------------------------------------------------------------------------------------
// Standard error, one line per event. Under systemd (JOURNAL_STREAM is set) each line starts with a
// syslog priority "<N>" that journald turns into the entry's level; in a terminal, daemon lines
// start with the UTC time. Only ids, counts, status codes and reasons are ever logged (agent.cpp P7).

struct Log {
    bool verbose = false;
    bool journal = false;
    bool timestamps = false;

    void operator()(LogLevel level, const std::string& message) const {
        if (level == LogLevel::debug && !verbose) return;
        std::string line;
        if (journal) {
            static constexpr const char* kPriority[] = {"<3>", "<4>", "<6>", "<7>"};
            line += kPriority[static_cast<int>(level)];
        } else if (timestamps) {
            line += hrc::format_utc(hrc::unix_now()) + " ";
        }
        line += "hrc-sync: ";
        if (level == LogLevel::error)
            line += "error: ";
        else if (level == LogLevel::warning)
            line += "warning: ";
        line += message;
        line += '\n';
        std::fputs(line.c_str(), stderr);
        std::fflush(stderr);
    }
};

//-------------------------------------------------------------------------------------------------
// [SECTION] Signals and interruptible sleep
//-------------------------------------------------------------------------------------------------
// SIGTERM / SIGINT raise the stop flag: the agent finishes the transaction it is in (never leaves
// one half done), aborts a transfer in flight within about a second, and stops between batches.
// SIGHUP (systemctl reload) wakes the daemon for a pass at once. The signals are taken by one thread
// of their own (hrc/signals.h), which sets the flags and writes a byte to a pipe so the daemon's
// sleep (poll on that pipe) returns immediately.

std::atomic<bool> g_stop{false};
std::atomic<bool> g_wake{false};
int g_wake_pipe[2] = {-1, -1};

// Starts `signals` (constructed with SIGTERM, SIGINT and SIGHUP before any other thread) and ignores
// SIGPIPE. Throws hrc::Error(Code::internal) when the pipe, SIGPIPE or the thread cannot be set up.
void start_signal_thread(hrc::SignalThread& signals) {
    if (::pipe2(g_wake_pipe, O_NONBLOCK | O_CLOEXEC) != 0)
        throw hrc::Error(hrc::Code::internal,
                         std::string("cannot create the signal pipe: ") + std::strerror(errno));
    struct sigaction ignore {};
    ignore.sa_handler = SIG_IGN;
    sigemptyset(&ignore.sa_mask);
    if (sigaction(SIGPIPE, &ignore, nullptr) != 0)
        throw hrc::Error(hrc::Code::internal,
                         std::string("cannot ignore SIGPIPE: ") + std::strerror(errno));
    signals.start([](int signal_number) {
        if (signal_number == SIGHUP)
            g_wake.store(true);
        else
            g_stop.store(true);
        const char byte = 1;
        (void)!::write(g_wake_pipe[1], &byte, 1); // a full pipe: the sleeper is awake already
    });
}

// Sleeps up to `seconds`; returns early on SIGTERM/SIGINT (stop) or SIGHUP (woken). Never throws.
hrc::sync::Wake interruptible_sleep(std::int64_t seconds) {
    using clock = std::chrono::steady_clock;
    const auto deadline = clock::now() + std::chrono::seconds(seconds);
    for (;;) {
        if (g_stop.load()) return hrc::sync::Wake::stop;
        if (g_wake.exchange(false)) return hrc::sync::Wake::woken;
        const auto left =
            std::chrono::duration_cast<std::chrono::milliseconds>(deadline - clock::now()).count();
        if (left <= 0) return hrc::sync::Wake::elapsed;
        pollfd fd{g_wake_pipe[0], POLLIN, 0};
        const int rc = ::poll(&fd, 1, static_cast<int>(std::min<long long>(left, INT_MAX)));
        if (rc > 0) {
            char drain[64];
            while (::read(g_wake_pipe[0], drain, sizeof drain) > 0) {
            }
        }
        // rc == 0 (timeout) and rc < 0 (EINTR) both loop: the flags and the deadline decide.
    }
}

//-------------------------------------------------------------------------------------------------
// [SECTION] Start-up checks
//-------------------------------------------------------------------------------------------------

// Throws hrc::Error(Code::config) when something hrc-sync cannot work without is missing.
void require_sync_settings(const hrc::Config& config) {
    const std::string file = config.file.string();
    if (config.central.url.empty())
        throw hrc::Error(
            hrc::Code::config,
            file + ": central.url is empty, so hrc-sync has nowhere to send reports. Set it to "
                   "central's https:// address. Reports wait safely in the store until then.");
    if (config.central.public_identity.empty())
        throw hrc::Error(hrc::Code::config,
                         file +
                             ": central.public_identity is not set: hrc-sync needs central.pub to "
                             "verify central. Set it to the copy of central.pub on this kiosk.");
    if (config.kiosk.signing_key.empty())
        throw hrc::Error(hrc::Code::config,
                         file +
                             ": kiosk.signing_key is not set: hrc-sync signs its requests with the "
                             "kiosk's key. Set it to this kiosk's kiosk.key.");
}

// HRC_SYNC_CA_FILE: when set, the only certificate authority (or self-signed certificate) trusted
// for central's TLS certificate. Returns "" when unset. Throws hrc::Error(Code::config) when it
// cannot be read, so a typo is not mistaken for "central cannot be verified".
std::string ca_file_from_environment() {
    const char* value = std::getenv("HRC_SYNC_CA_FILE");
    if (value == nullptr || *value == '\0') return "";
    std::ifstream in(value, std::ios::binary);
    if (!in)
        throw hrc::Error(
            hrc::Code::config,
            std::string("HRC_SYNC_CA_FILE=") + value + " cannot be read (" + std::strerror(errno) +
                "). Point it at central's certificate (PEM) or unset it to use the system's CAs.");
    return value;
}

// Only one hrc-sync per database: a second one would put the first one's in-flight reports back to
// `queued` (recover) and send them twice. Returns the lock's file descriptor (kept open until
// exit). Throws hrc::Error(Code::busy) when another hrc-sync holds it, Code::io otherwise.
int acquire_instance_lock(const std::filesystem::path& database) {
    const std::string path = database.string() + ".sync-lock";
    const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd < 0)
        throw hrc::Error(
            hrc::Code::io,
            path + ": cannot create hrc-sync's lock file (" + std::strerror(errno) +
                "). Run hrc-sync as the hrc user, with the database's folder writable.");
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
        const int err = errno;
        ::close(fd);
        if (err == EWOULDBLOCK)
            throw hrc::Error(
                hrc::Code::busy,
                "another hrc-sync is already running for " + database.string() +
                    ". Stop it first (systemctl stop hrc-sync), or wake it for a pass now "
                    "with systemctl reload hrc-sync.");
        throw hrc::Error(hrc::Code::io, path + ": cannot lock (" + std::strerror(err) + ")");
    }
    return fd;
}

// Uniform in [0, bound], from libsodium's generator (no seeding to get wrong). Never throws.
std::int64_t random_upto(std::int64_t bound) {
    if (bound <= 0) return 0;
    const auto limit = static_cast<std::uint32_t>(std::min<std::int64_t>(bound, UINT32_MAX - 1));
    return static_cast<std::int64_t>(randombytes_uniform(limit + 1));
}

// After a successful --once pass: say when reports still waiting to retry are due.
void report_waiting(const hrc::Store& store, std::int64_t now, const Log& log) {
    int waiting = 0;
    std::int64_t next = 0;
    for (const auto& entry : store.list())
        if (entry.state == hrc::OutboxState::retry_wait && entry.next_attempt_at > now) {
            ++waiting;
            next = next == 0 ? entry.next_attempt_at : std::min(next, entry.next_attempt_at);
        }
    if (waiting > 0)
        log(LogLevel::info, std::to_string(waiting) +
                                " report(s) wait to retry after an earlier failure (the next at " +
                                hrc::format_utc(next) + "); add --retry-now to send them now");
}

} // namespace

//-------------------------------------------------------------------------------------------------
// [SECTION] main
//-------------------------------------------------------------------------------------------------

int main(int argc, char** argv) {
    if (!hrc::harden_process()) {
        std::fputs("hrc-sync: libsodium could not initialise\n", stderr);
        return static_cast<int>(hrc::Code::crypto);
    }
    CLI::App app{"hrc-sync — deliver this kiosk's sealed reports to hrc-central over HTTPS.\n"
                 "Each pass proves the server is central (signed preflight), sends the outbox in "
                 "signed batches and\n"
                 "marks each report from central's signed acknowledgement. Without --once it runs "
                 "as a daemon."};
    std::string config_path = "/etc/hrc/hrc.toml";
    bool once = false;
    bool retry_now = false;
    bool verbose = false;
    app.add_option("--config", config_path, "configuration file written by `hrc-admin init`")
        ->capture_default_str();
    app.add_flag("--once", once,
                 "one pass, then exit: 0 when nothing is left to do or progress was made");
    app.add_flag("--retry-now", retry_now,
                 "with --once: also send reports waiting to retry, and check central although "
                 "sending was stopped by an alert");
    app.add_flag("-v,--verbose", verbose,
                 "log each request, batch and report id (never report content)");
    app.set_version_flag("--version", std::string("hrc-sync ") + HRC_SYNC_VERSION);
    app.footer("Environment:\n"
               "  HRC_SYNC_CA_FILE  PEM file to trust for central's certificate instead of the "
               "system's CAs\n"
               "                    (e.g. central's own cert.pem when it is self-signed)\n"
               "Signals (daemon): SIGTERM/SIGINT stop cleanly; SIGHUP runs a pass now.\n"
               "Examples:\n"
               "  hrc-sync --config /etc/hrc/hrc.toml --once\n"
               "  HRC_SYNC_CA_FILE=/srv/central/cert.pem hrc-sync --config kiosk/hrc.toml --once "
               "--verbose\n"
               "Exit codes (docs/hrc-sync.md): 0 done, 2 usage, 3 config, 4 key file, 5 no "
               "database, 6 wrong key,\n"
               "7 damaged, 8 disk full, 10 file error, 13 busy or already running, 20 central "
               "unreachable (reports\n"
               "wait for retry), 21 not central (nothing sent), 22 sending stopped by an alert, 23 "
               "interrupted.");
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return app.exit(e) == 0 ? 0 : static_cast<int>(hrc::Code::usage);
    }
    if (retry_now && !once) {
        std::fputs("hrc-sync: --retry-now only applies with --once (wake a running daemon with "
                   "SIGHUP instead)\n",
                   stderr);
        return static_cast<int>(hrc::Code::usage);
    }

    Log log{verbose, std::getenv("JOURNAL_STREAM") != nullptr, !once};
    try {
        const hrc::Config config = hrc::load_config(config_path);
        require_sync_settings(config);
        (void)hrc::sync::parse_central_url(
            config.central.url); // a bad address fails before anything opens
        const hrc::CentralIdentity central =
            hrc::read_central_identity(config.central.public_identity);
        const hrc::KioskKeys kiosk = hrc::read_kiosk_secret_key(config.kiosk.signing_key);
        const std::string ca_file = ca_file_from_environment();
        const hrc::sync::CurlGlobal curl_global;
        hrc::SignalThread signals{SIGTERM, SIGINT, SIGHUP}; // before any other thread exists
        start_signal_thread(signals);

        hrc::Store store = hrc::open_kiosk_store(config);
        if (store.kiosk().public_key != kiosk.public_key)
            log(LogLevel::warning,
                config.kiosk.signing_key.string() +
                    " is not the key this kiosk's database was created with; "
                    "central will refuse requests unless this key is the one enrolled");
        [[maybe_unused]] const int lock = acquire_instance_lock(config.store.database);

        hrc::sync::CurlSettings settings;
        settings.origin = hrc::sync::parse_central_url(config.central.url).origin;
        settings.proxy = config.central.proxy;
        settings.pins = central.tls_pins;
        settings.ca_file = ca_file;
        settings.connect_timeout_seconds = config.central.connect_timeout_seconds;
        settings.request_timeout_seconds = config.central.request_timeout_seconds;
        settings.user_agent = std::string("hrc-sync/") + HRC_SYNC_VERSION;
        settings.stop = &g_stop;
        hrc::sync::CurlClient http(settings);

        hrc::sync::AgentEnv env;
        env.now = [] { return hrc::unix_now(); };
        env.random_upto = random_upto;
        env.log = [&log](LogLevel level, const std::string& message) { log(level, message); };
        env.stop = &g_stop;
        hrc::sync::Agent agent(config, store, http, central, kiosk, env);
        log(LogLevel::debug,
            "central " + config.central.url +
                (central.tls_pins.empty()
                     ? ", no TLS pins"
                     : ", " + std::to_string(central.tls_pins.size()) + " TLS pin(s)") +
                (ca_file.empty() ? ", system CAs" : ", CA file " + ca_file) +
                (config.central.proxy.empty() ? ", no proxy" : ", proxy " + config.central.proxy));
        agent.recover();

        if (once) {
            const hrc::sync::PassResult result = agent.run_pass(
                {.contact_despite_alert = retry_now, .retry_waiting_now = retry_now});
            const int code = hrc::sync::exit_code_of(result);
            if (result.outcome == hrc::sync::PassOutcome::alert && !result.contacted)
                log(LogLevel::error,
                    "nothing was sent. After fixing the cause, check again with "
                    "hrc-sync --once --retry-now (or restart the hrc-sync service)");
            if (code == 0) report_waiting(store, hrc::unix_now(), log);
            return code;
        }
        log(LogLevel::info, "started: delivering to " + config.central.url + " every " +
                                std::to_string(config.sync.interval_seconds) + " s while idle");
        const int code = hrc::sync::run_daemon(agent, config, env, interruptible_sleep);
        log(LogLevel::info, "stopped");
        return code;
    } catch (const hrc::Error& e) {
        log(LogLevel::error, e.what());
        return e.exit_code();
    } catch (const std::exception& e) {
        log(LogLevel::error,
            std::string("unexpected error: ") + e.what() + " (please report this)");
        return static_cast<int>(hrc::Code::internal);
    }
}
