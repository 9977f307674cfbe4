// hrc-bench-sync — delivery throughput: `hrc-sync --once` over loopback TLS against one raw `curl`
// upload of the same bytes to the same hrc-central, both measured in the same run (bench/README.md).
//
//   1. A central (`hrc-central init`, `serve` on a free 127.0.0.1 port) and an enrolled kiosk
//      (`hrc-admin init`, `hrc-central enrol`) in a temporary folder under --dir.
//   2. N reports sealed into the kiosk's store through hrc::submit_report (timed apart; not part
//      of any figure below).
//   3. Baseline, before: ONE `curl` upload of a JSON batch body holding all N items, encoded as
//      hrc-sync encodes them (protocol::to_json_text), to POST /v1/batches. It is unsigned, so
//      central reads the whole body and answers 401.
//   4. `hrc-sync --once` against central with its default limits: wall time from start to exit.
//   5. Baseline again, after. The faster of the two curl runs is the baseline of the ratio.
//   Where the time went: central's request log (each line stamped on arrival), the protocol's CPU
//   work for one batch timed in this process, and hrc-sync's store calls replayed in this process
//   on a copy of the kiosk's database. None of these is part of the ratio.
//
// Usage: hrc-bench-sync [--reports N] [--dir PATH] [--curl PATH] [--json] [--keep]
// Prints figures; never fails on timing. Exits 1 if the sync run failed (exit code not 0, reports
// still pending at the kiosk, or central not holding all of them), 2 on usage or setup errors
// (including a baseline that could not be measured).
//
// [SECTION] Options
// [SECTION] Child processes: pipes, timestamped lines, CPU time
// [SECTION] Central's request log
// [SECTION] Setup: central, kiosk, prefill, baseline body
// [SECTION] Measurements: curl baseline, hrc-sync
// [SECTION] The protocol's CPU work alone, and the kiosk's store work alone, in this process
// [SECTION] Output: text and JSON
// [SECTION] main

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <fcntl.h>
#include <nlohmann/json.hpp>
#include <poll.h>
#include <sodium.h>
#include <sqlite3.h>
#include <sys/resource.h>
#include <sys/statfs.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#include "hrc/clock.h"
#include "hrc/config.h"
#include "hrc/error.h"
#include "hrc/kiosk_store.h"
#include "hrc/process.h"
#include "hrc/report.h"
#include "hrc/seal.h"
#include "hrc/spawn.h"
#include "hrc/submit.h"

#include "bench_common.h"
#include "process.h"
#include "protocol.h"
#include "test_support.h"

#ifndef HRC_BUILD_TYPE
#define HRC_BUILD_TYPE "unknown"
#endif

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

constexpr double kGoal = 3.0;      // the first sync issue: ≤ 3× the raw upload
constexpr double kFloorGoal = 2.0; // issue 12: ≤ 2× central's verify + open on every core
constexpr std::int64_t kDefaultMaxBatchBytes = 8 * 1024 * 1024; // central's default (protocol.h)
constexpr double kMiB = 1024.0 * 1024.0;

double seconds_between(Clock::time_point a, Clock::time_point b) {
    return std::chrono::duration<double>(b - a).count();
}

// Thrown when the benchmark itself cannot run (exit 2). A failed *sync run* is a result, not this.
struct SetupError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

void progress(const std::string& line) {
    std::cerr << "hrc-bench-sync: " << line << std::endl;
}

//-------------------------------------------------------------------------------------------------
// [SECTION] Options
//-------------------------------------------------------------------------------------------------

struct Options {
    int reports = 10000;
    fs::path dir = hrc_bench::default_parent_dir();
    std::string curl = "curl";
    bool json = false;
    bool keep = false;
};

const char* const kUsage =
    "usage: hrc-bench-sync [--reports N] [--dir PATH] [--curl PATH] [--json] [--keep]\n"
    "\n"
    "Delivers N sealed reports with `hrc-sync --once` to an hrc-central on 127.0.0.1 (real TLS, "
    "real\n"
    "SQLCipher stores) and compares the wall time with ONE raw `curl` upload of the same bytes to "
    "the\n"
    "same central in the same run (before and after the sync; the faster one counts).\n"
    "Goal of the issue: hrc-sync <= 3x the raw upload. Figures only: never fails on timing.\n"
    "\n"
    "  --reports N   reports to deliver (default 10000)\n"
    "  --dir PATH    where the temporary folder goes (default $TMPDIR, else /var/tmp); put it on "
    "the\n"
    "                disk central and the kiosk would use: on tmpfs every fsync is free\n"
    "  --curl PATH   the curl program for the baseline (default: curl from PATH)\n"
    "  --json        machine-readable results on stdout (progress goes to stderr)\n"
    "  --keep        keep the temporary folder (central, kiosk, logs) and print its path\n"
    "\n"
    "Example:\n"
    "  build/bench/bench/hrc-bench-sync --reports 10000 --dir /var/tmp\n"
    "\n"
    "Exit codes: 0 figures printed; 1 the sync run failed (exit code not 0, reports still "
    "pending,\n"
    "or central does not hold them all); 2 usage or setup error.\n";

// Returns nullopt after printing help (exit 0); throws SetupError on a usage error.
std::optional<Options> parse_options(int argc, char** argv) {
    Options o;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        auto value = [&]() -> std::string {
            if (i + 1 >= argc) throw SetupError(a + " needs a value\n" + kUsage);
            return argv[++i];
        };
        if (a == "--help" || a == "-h") {
            std::cout << kUsage;
            return std::nullopt;
        } else if (a == "--reports") {
            const std::string v = value();
            try {
                std::size_t end = 0;
                const long n = std::stol(v, &end);
                if (end != v.size() || n < 1 || n > 10'000'000) throw std::out_of_range(v);
                o.reports = static_cast<int>(n);
            } catch (const std::exception&) {
                throw SetupError("--reports must be a whole number from 1 to 10000000, not \"" + v +
                                 "\"");
            }
        } else if (a == "--dir") {
            o.dir = value();
        } else if (a == "--curl") {
            o.curl = value();
        } else if (a == "--json") {
            o.json = true;
        } else if (a == "--keep") {
            o.keep = true;
        } else {
            throw SetupError("unknown option \"" + a + "\"\n" + kUsage);
        }
    }
    return o;
}

// An executable's absolute path: `name` itself if it has a slash, else the first match in $PATH.
std::optional<fs::path> find_program(const std::string& name) {
    if (name.find('/') != std::string::npos)
        return ::access(name.c_str(), X_OK) == 0 ? std::optional<fs::path>(fs::absolute(name))
                                                 : std::nullopt;
    const char* path = std::getenv("PATH");
    std::stringstream dirs(path ? path : "/usr/local/bin:/usr/bin:/bin");
    for (std::string d; std::getline(dirs, d, ':');) {
        const fs::path candidate = fs::path(d.empty() ? "." : d) / name;
        if (::access(candidate.c_str(), X_OK) == 0) return fs::absolute(candidate);
    }
    return std::nullopt;
}

//-------------------------------------------------------------------------------------------------
// [SECTION] Child processes
//-------------------------------------------------------------------------------------------------
// hrc_test::Process sends stderr to a file; here both streams come through pipes, so every line is
// stamped (steady clock) when it arrives: central's request log then tells where the time went.
// The end of a run is exact: both pipes reach EOF when the program exits, then hrc::ChildProcess
// (hrc/spawn.h, wait4) gives its status and its CPU time (rusage).

struct Line {
    Clock::time_point at;
    std::string text;
};

class Child {
public:
    Child(std::string name, const std::vector<std::string>& argv,
          const std::map<std::string, std::string>& extra_env = {})
        : name_(std::move(name)) {
        int out[2], err[2];
        if (::pipe2(out, O_CLOEXEC) != 0)
            throw SetupError("pipe2: " + std::string(std::strerror(errno)));
        if (::pipe2(err, O_CLOEXEC) != 0) {
            const int e = errno;
            ::close(out[0]);
            ::close(out[1]);
            throw SetupError("pipe2: " + std::string(std::strerror(e)));
        }
        hrc::SpawnOptions options;
        options.argv = argv;
        options.extra_env = extra_env;
        options.stdout_fd = out[1];
        options.stderr_fd = err[1];
        started = Clock::now();
        try {
            child_.emplace(options);
        } catch (const hrc::Error& e) {
            for (int fd : {out[0], out[1], err[0], err[1]})
                ::close(fd);
            throw SetupError(e.what());
        }
        ::close(out[1]);
        ::close(err[1]);
        fd_[0] = out[0];
        fd_[1] = err[0];
        for (int fd : fd_)
            ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
    }

    ~Child() {
        if (!reaped_) {
            child_->send_signal(SIGTERM);
            const auto deadline = Clock::now() + std::chrono::seconds(5);
            while (!reaped_ && Clock::now() < deadline) {
                pump({this}, 20);
                reap(false);
            }
            if (!reaped_) {
                child_->send_signal(SIGKILL);
                reap(true);
            }
        }
        for (int fd : fd_)
            if (fd >= 0) ::close(fd);
    }
    Child(const Child&) = delete;
    Child& operator=(const Child&) = delete;

    // Reads whatever the children have written, waiting up to `timeout_ms` for something.
    static void pump(const std::vector<Child*>& children, int timeout_ms) {
        std::vector<pollfd> fds;
        std::vector<std::pair<Child*, int>> owners;
        for (Child* c : children)
            for (int s = 0; s < 2; ++s)
                if (c->fd_[s] >= 0) {
                    fds.push_back({c->fd_[s], POLLIN, 0});
                    owners.emplace_back(c, s);
                }
        if (fds.empty()) {
            if (timeout_ms > 0) std::this_thread::sleep_for(std::chrono::milliseconds(timeout_ms));
            return;
        }
        if (::poll(fds.data(), static_cast<nfds_t>(fds.size()), timeout_ms) <= 0) return;
        for (std::size_t i = 0; i < fds.size(); ++i)
            if (fds[i].revents != 0) owners[i].first->read_stream(owners[i].second);
    }

    // Waits for the exit, reading this child's and `others`' output meanwhile. Returns the exit
    // code (-signal if killed; 1000 if it had to be killed after `timeout`).
    int wait_exit(std::chrono::milliseconds timeout, const std::vector<Child*>& others = {}) {
        std::vector<Child*> all = {this};
        all.insert(all.end(), others.begin(), others.end());
        const auto deadline = Clock::now() + timeout;
        while (!reaped_) {
            if (hrc_bench::g_stop) {
                child_->send_signal(SIGTERM);
                hrc_bench::throw_if_stopped();
            }
            if (Clock::now() > deadline) {
                child_->send_signal(SIGKILL);
                reap(true);
                timed_out_ = true;
                break;
            }
            pump(all, 100);
            // Both pipes closed: the program has exited (or closed them itself); wait4 blocks at most briefly.
            reap(fd_[0] < 0 && fd_[1] < 0);
        }
        // What the program wrote just before it ended.
        for (int s = 0; s < 2; ++s)
            while (fd_[s] >= 0 && read_stream(s)) {
            }
        return timed_out_ ? 1000 : exit_code;
    }

    int stop(int sig, std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
        if (!reaped_) child_->send_signal(sig);
        return wait_exit(timeout);
    }

    bool running() {
        reap(false);
        return !reaped_;
    }

    // The first stdout line containing `needle` (waiting up to `timeout`), or "" if the program
    // ended or the time ran out.
    std::string wait_for_stdout(const std::string& needle, std::chrono::milliseconds timeout) {
        const auto deadline = Clock::now() + timeout;
        for (std::size_t seen = 0;;) {
            for (; seen < out_lines.size(); ++seen)
                if (out_lines[seen].text.find(needle) != std::string::npos)
                    return out_lines[seen].text;
            if (Clock::now() > deadline || !running()) return "";
            hrc_bench::throw_if_stopped();
            pump({this}, 50);
        }
    }

    std::string stderr_text() const {
        std::string s;
        for (const auto& l : err_lines)
            s += l.text + "\n";
        return s + partial_[1];
    }
    const std::string& name() const { return name_; }

    Clock::time_point started{};
    Clock::time_point ended{};
    int exit_code = -1;
    double cpu_user = 0, cpu_system = 0; // seconds, from wait4
    std::vector<Line> out_lines, err_lines;

private:
    // Returns true if bytes were read (false at EOF, on EAGAIN or an error).
    bool read_stream(int s) {
        char buf[65536];
        const ssize_t n = ::read(fd_[s], buf, sizeof buf);
        if (n < 0 && (errno == EAGAIN || errno == EINTR)) return false;
        if (n <= 0) {
            ::close(fd_[s]);
            fd_[s] = -1;
            if (!partial_[s].empty())
                (s == 0 ? out_lines : err_lines).push_back({Clock::now(), std::move(partial_[s])});
            partial_[s].clear();
            return false;
        }
        const auto now = Clock::now();
        partial_[s].append(buf, static_cast<std::size_t>(n));
        for (std::size_t nl; (nl = partial_[s].find('\n')) != std::string::npos;) {
            (s == 0 ? out_lines : err_lines).push_back({now, partial_[s].substr(0, nl)});
            partial_[s].erase(0, nl + 1);
        }
        return true;
    }

    void reap(bool block) {
        if (reaped_) return;
        if (block)
            child_->wait();
        else if (child_->running())
            return;
        ended = Clock::now();
        reaped_ = true;
        exit_code = child_->exit_code().value_or(-1);
        const rusage& ru = child_->resource_usage();
        cpu_user = static_cast<double>(ru.ru_utime.tv_sec) +
                   static_cast<double>(ru.ru_utime.tv_usec) / 1e6;
        cpu_system = static_cast<double>(ru.ru_stime.tv_sec) +
                     static_cast<double>(ru.ru_stime.tv_usec) / 1e6;
    }

    std::string name_;
    std::optional<hrc::ChildProcess> child_; // hrc/spawn.h
    int fd_[2] = {-1, -1};
    std::string partial_[2];
    bool reaped_ = false;
    bool timed_out_ = false;
};

//-------------------------------------------------------------------------------------------------
// [SECTION] Central's request log
//-------------------------------------------------------------------------------------------------
// One line per request on central's stderr (sync/central/server.cpp):
//   <utc> <address> kiosk=<id|-> <METHOD> <path> <status>[ accepted=A duplicate=D conflict=C rejected=R][ error=E] <N>ms
// <N> runs from the parsed request headers to the written response: it includes receiving the body.

struct CentralRequest {
    Clock::time_point logged{}; // when this benchmark read the line
    std::string method, path, error;
    int status = 0;
    int accepted = 0, duplicate = 0, conflict = 0, rejected = 0;
    int ms = 0;
};

std::optional<CentralRequest> parse_request_line(const Line& line) {
    std::vector<std::string> t;
    std::stringstream ss(line.text);
    for (std::string w; ss >> w;)
        t.push_back(w);
    if (t.size() < 7 || t[2].rfind("kiosk=", 0) != 0 || t.back().size() < 3 ||
        !t.back().ends_with("ms"))
        return std::nullopt;
    CentralRequest r;
    r.logged = line.at;
    r.method = t[3];
    r.path = t[4];
    try {
        r.status = std::stoi(t[5]);
        r.ms = std::stoi(t.back().substr(0, t.back().size() - 2));
        for (std::size_t i = 6; i + 1 < t.size(); ++i) {
            const auto eq = t[i].find('=');
            if (eq == std::string::npos) continue;
            const std::string k = t[i].substr(0, eq), v = t[i].substr(eq + 1);
            if (k == "accepted")
                r.accepted = std::stoi(v);
            else if (k == "duplicate")
                r.duplicate = std::stoi(v);
            else if (k == "conflict")
                r.conflict = std::stoi(v);
            else if (k == "rejected")
                r.rejected = std::stoi(v);
            else if (k == "error")
                r.error = v;
        }
    } catch (const std::exception&) {
        return std::nullopt;
    }
    return r;
}

std::vector<CentralRequest> requests_of(const Child& central) {
    std::vector<CentralRequest> out;
    for (const auto& l : central.err_lines)
        if (auto r = parse_request_line(l)) out.push_back(*r);
    return out;
}

//-------------------------------------------------------------------------------------------------
// [SECTION] Setup
//-------------------------------------------------------------------------------------------------

struct Deployment {
    fs::path root;
    fs::path central_dir, kiosk_dir;
    std::string log; // stderr of the set-up commands
    int port = 0;
    std::string url;
    fs::path config_file() const { return kiosk_dir / "hrc.toml"; }
    fs::path ca_file() const { return central_dir / "tls.crt"; }
};

std::string tail_of(const std::string& text, std::size_t max = 2000) {
    return text.size() <= max ? text : "..." + text.substr(text.size() - max);
}

hrc_test::RunResult run_ok(const Deployment& d, const std::vector<std::string>& argv) {
    const auto r = hrc_test::run_command(argv, d.log);
    if (r.code != 0)
        throw SetupError(fs::path(argv[0]).filename().string() + " " + argv[1] +
                         " failed with exit code " + std::to_string(r.code) + ":\n" +
                         tail_of(r.out) + "\n" + tail_of(hrc_test::read_file(d.log)));
    return r;
}

Deployment set_up(const fs::path& root) {
    Deployment d;
    d.root = root;
    d.central_dir = root / "central";
    d.kiosk_dir = root / "kiosk";
    d.log = (root / "setup.log").string();
    d.port = hrc_test::free_port();
    d.url = "https://127.0.0.1:" + std::to_string(d.port);
    run_ok(d, {HRC_CENTRAL_EXE, "init", "--dir", d.central_dir.string(), "--url", d.url});
    run_ok(d, {HRC_ADMIN_EXE, "init", "--dir", d.kiosk_dir.string(), "--central",
               (d.central_dir / "central.pub").string(), "--central-url", d.url, "--centre-id",
               "bench-centre", "--kiosk-id", "kiosk-bench"});
    run_ok(d, {HRC_CENTRAL_EXE, "enrol", "--dir", d.central_dir.string(), "--kiosk-key",
               (d.kiosk_dir / "kiosk.pub").string()});
    return d;
}

struct Prefill {
    double seconds = 0;
    std::vector<hrc::protocol::BatchItem>
        items;                  // as queued, oldest first (the order hrc-sync claims them)
    std::int64_t raw_bytes = 0; // Σ sealed + signature
};

// Seals `n` reports through the real submit path (validate → seal → SQLCipher insert, one
// transaction and fsync each), then reads back exactly the bytes hrc-sync will send.
Prefill prefill(const Deployment& d, int n) {
    Prefill p;
    const hrc::Config config = hrc::load_config(d.config_file());
    hrc::Store store = hrc::open_kiosk_store(config);
    const hrc::KioskKeys keys = hrc::read_kiosk_secret_key(config.kiosk.signing_key);
    const hrc::CentralIdentity central = hrc::read_central_identity(config.central.public_identity);
    const hrc::Report base = hrc_test::fresh_report();
    const auto start = Clock::now();
    for (int i = 0; i < n; ++i) {
        hrc_bench::throw_if_stopped();
        hrc::Report r = base;
        r.description = "Report number " + std::to_string(i) + " — " + *r.description;
        const auto out =
            hrc::submit_report(store, r, keys, central, hrc::local_today(), hrc::unix_now());
        if (!out.stored())
            throw SetupError("the example report did not validate; nothing to measure");
        if ((i + 1) % 2000 == 0 && i + 1 < n)
            progress("  sealed " + std::to_string(i + 1) + " / " + std::to_string(n));
    }
    p.seconds = seconds_between(start, Clock::now());

    sqlite3_stmt* st = nullptr;
    const char* sql = "SELECT o.report_id, s.sealed, s.signature FROM outbox o JOIN outbox_sealed s"
                      " ON s.id = o.id WHERE o.state = 'queued' ORDER BY o.created_at, o.id";
    if (sqlite3_prepare_v2(store.handle(), sql, -1, &st, nullptr) != SQLITE_OK)
        throw SetupError(std::string("reading the outbox: ") + sqlite3_errmsg(store.handle()));
    auto blob = [&](int col) {
        const auto* b = static_cast<const unsigned char*>(sqlite3_column_blob(st, col));
        return hrc::Bytes(b, b + sqlite3_column_bytes(st, col));
    };
    int rc = SQLITE_ROW;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        hrc::protocol::BatchItem item;
        item.report_id = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
        item.sealed = blob(1);
        item.signature = blob(2);
        p.raw_bytes += static_cast<std::int64_t>(item.sealed.size() + item.signature.size());
        p.items.push_back(std::move(item));
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE || p.items.size() != static_cast<std::size_t>(n))
        throw SetupError("reading the outbox: expected " + std::to_string(n) +
                         " queued reports, read " + std::to_string(p.items.size()));
    return p;
}

//-------------------------------------------------------------------------------------------------
// [SECTION] Measurements
//-------------------------------------------------------------------------------------------------

// `hrc-central serve` on the deployment's port; returns once it prints "listening on".
std::unique_ptr<Child> start_central(const Deployment& d, std::int64_t max_batch_bytes) {
    std::vector<std::string> argv = {HRC_CENTRAL_EXE, "serve",
                                     "--dir",         d.central_dir.string(),
                                     "--listen",      "127.0.0.1:" + std::to_string(d.port)};
    if (max_batch_bytes != kDefaultMaxBatchBytes) {
        argv.push_back("--max-batch-bytes");
        argv.push_back(std::to_string(max_batch_bytes));
    }
    auto central = std::make_unique<Child>("hrc-central", argv);
    // The port of the previous instance may linger for a moment: retry a few times.
    for (int attempt = 0;
         central->wait_for_stdout("listening on", std::chrono::seconds(20)).empty(); ++attempt) {
        const std::string err = central->stderr_text();
        if (attempt >= 20 || err.find("cannot listen") == std::string::npos)
            throw SetupError("hrc-central serve did not start:\n" + tail_of(err));
        central.reset();
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        central = std::make_unique<Child>("hrc-central", argv);
    }
    return central;
}

struct CurlRun {
    std::string when; // "before" / "after" the sync
    bool ok = false;
    std::string problem; // why the run is not a valid baseline
    double seconds = 0;  // wall time of the curl process, start to exit
    double curl_time_total =
        0; // curl's own %{time_total} (transfer only, without start-up and reading the file)
    long http_code = 0;
    long long size_upload = 0;
    double cpu_user = 0, cpu_system = 0;
    double central_cpu = 0; // user + system of the central instance that served it
    int central_ms = -1;    // central's own time for the request (headers parsed → reply written)
};

CurlRun run_curl(const Deployment& d, const fs::path& curl, const fs::path& body_file,
                 std::int64_t body_bytes, std::int64_t max_batch_bytes, const std::string& when) {
    CurlRun r;
    r.when = when;
    auto central = start_central(d, max_batch_bytes);
    // -q: ignore ~/.curlrc. --noproxy '*': like hrc-sync, no proxy from the environment.
    // Expect: (empty): like hrc-sync, no "100-continue" round trip before the body.
    Child c("curl", {curl.string(), "-q", "-sS", "--noproxy", "*", "--cacert", d.ca_file().string(),
                     "--data-binary", "@" + body_file.string(), "-H",
                     "Content-Type: application/json", "-H", "Expect:", d.url + "/v1/batches", "-o",
                     "/dev/null", "-w", "%{http_code} %{size_upload} %{time_total}"});
    const int code = c.wait_exit(std::chrono::minutes(10), {central.get()});
    r.seconds = seconds_between(c.started, c.ended);
    r.cpu_user = c.cpu_user;
    r.cpu_system = c.cpu_system;
    central->stop(SIGTERM);
    r.central_cpu = central->cpu_user + central->cpu_system;
    for (const auto& q : requests_of(*central))
        if (q.path == "/v1/batches") r.central_ms = q.ms;

    std::string out;
    for (const auto& l : c.out_lines)
        out += l.text;
    std::istringstream in(out);
    in >> r.http_code >> r.size_upload >> r.curl_time_total;
    if (code != 0)
        r.problem =
            "curl exited with " + std::to_string(code) + ": " + tail_of(c.stderr_text(), 500);
    else if (!in)
        r.problem = "unexpected curl output \"" + out + "\"";
    else if (r.size_upload != body_bytes)
        r.problem = "curl uploaded " + std::to_string(r.size_upload) + " bytes, not the " +
                    std::to_string(body_bytes) + " of the body";
    else if (r.http_code != 401)
        r.problem = "central answered HTTP " + std::to_string(r.http_code) +
                    ", not the expected 401 for an unsigned request (a 413 means the body was "
                    "refused unread)";
    else if (r.central_ms < 0)
        r.problem = "central did not log the request";
    r.ok = r.problem.empty();
    return r;
}

struct SyncRun {
    int exit_code = -1;
    double seconds = 0;
    double cpu_user = 0, cpu_system = 0;
    double central_cpu_user = 0, central_cpu_system = 0;
    std::vector<std::string> sync_log; // hrc-sync's stderr (ids, counts and reasons only)
    // From the kiosk (hrc-admin status --json) and central (hrc-central stats --json), after the run.
    long long pending = -1, acked = -1, quarantined = -1, central_reports = -1;
    std::string last_error, alert;
    std::vector<CentralRequest> batches; // central's POST /v1/batches lines, in order
    std::optional<CentralRequest> preflight;
    // Where the time went, seconds since hrc-sync started (from central's log; ms resolution).
    double until_preflight = 0; // start-up, opening the store, TLS handshake, preflight
    double central_batches = 0; // Σ central's time per batch request
    double kiosk_between =
        0; // before each batch: recording the previous ack, claiming, encoding, signing
    double after_last = 0; // after the last acknowledgement: recording it, purge, exit
    std::vector<std::string> failures;
    bool ok() const { return failures.empty(); }
};

SyncRun run_sync(const Deployment& d, int reports) {
    SyncRun s;
    auto central = start_central(d, kDefaultMaxBatchBytes);
    Child sync("hrc-sync", {HRC_SYNC_EXE, "--config", d.config_file().string(), "--once"},
               {{"HRC_SYNC_CA_FILE", d.ca_file().string()}});
    s.exit_code = sync.wait_exit(std::chrono::minutes(30), {central.get()});
    s.seconds = seconds_between(sync.started, sync.ended);
    s.cpu_user = sync.cpu_user;
    s.cpu_system = sync.cpu_system;
    for (const auto& l : sync.err_lines)
        s.sync_log.push_back(l.text);
    central->stop(SIGTERM);
    s.central_cpu_user = central->cpu_user;
    s.central_cpu_system = central->cpu_system;

    // Central's request log → where the time went.
    for (const auto& q : requests_of(*central)) {
        if (q.path == "/v1/preflight" && !s.preflight) s.preflight = q;
        if (q.path == "/v1/batches") s.batches.push_back(q);
    }
    if (s.preflight) s.until_preflight = seconds_between(sync.started, s.preflight->logged);
    Clock::time_point previous = s.preflight ? s.preflight->logged : sync.started;
    for (const auto& b : s.batches) {
        const auto began = b.logged - std::chrono::milliseconds(b.ms);
        s.kiosk_between += std::max(0.0, seconds_between(previous, began));
        s.central_batches += b.ms / 1000.0;
        previous = b.logged;
    }
    s.after_last = std::max(0.0, seconds_between(previous, sync.ended));

    // Did it deliver everything? The kiosk's own view, then central's.
    const auto status = hrc_test::run_command(
        {HRC_ADMIN_EXE, "--config", d.config_file().string(), "status", "--json"}, d.log);
    try {
        const auto j = nlohmann::json::parse(status.out);
        s.pending = j.at("pending").get<long long>();
        s.acked = j.at("counts").at("acked").get<long long>();
        s.quarantined = j.at("counts").at("quarantined").get<long long>();
        s.last_error = j.value("last_error", "");
        s.alert = j.value("alert", "");
    } catch (const std::exception&) {
        s.failures.push_back("hrc-admin status --json failed (exit " + std::to_string(status.code) +
                             "): " + tail_of(status.out, 300));
    }
    const auto stats = hrc_test::run_command(
        {HRC_CENTRAL_EXE, "received", "--dir", d.central_dir.string(), "--json"}, d.log);
    try {
        s.central_reports = nlohmann::json::parse(stats.out).at("reports").get<long long>();
    } catch (const std::exception&) {
        s.failures.push_back("hrc-central stats --json failed (exit " + std::to_string(stats.code) +
                             ")");
    }
    if (s.exit_code != 0)
        s.failures.push_back("hrc-sync --once exited with " + std::to_string(s.exit_code) +
                             ", not 0");
    if (s.pending != 0)
        s.failures.push_back("the kiosk still has " + std::to_string(s.pending) +
                             " report(s) pending");
    if (s.acked != reports)
        s.failures.push_back("the kiosk has " + std::to_string(s.acked) +
                             " report(s) acknowledged, not " + std::to_string(reports));
    if (s.central_reports != reports)
        s.failures.push_back("central holds " + std::to_string(s.central_reports) +
                             " report(s), not " + std::to_string(reports));
    if (!s.alert.empty()) s.failures.push_back("alert: " + s.alert);
    return s;
}

//-------------------------------------------------------------------------------------------------
// [SECTION] The protocol's CPU work alone, in this process
//-------------------------------------------------------------------------------------------------
// What each side computes for one batch, without any store, HTTP or TLS: the same protocol
// functions hrc-sync and hrc-central call (sync/protocol, hrc::open_sealed as central's
// receive.cpp does), on one batch of the real sealed items, best of 3. Multiplied by the number of
// batches it estimates the CPU share of the sync run; the rest of each side's time is the store
// (SQLCipher transactions and fsyncs), HTTP/TLS and waiting for the other side.

struct Pieces {
    int batch_items = 0;
    // milliseconds per batch
    double kiosk_encode = 0, kiosk_sign = 0, kiosk_check_ack = 0;
    double central_verify_request = 0, central_parse = 0, central_items = 0, central_sign_ack = 0;
    double kiosk_total() const { return kiosk_encode + kiosk_sign + kiosk_check_ack; }
    double central_total() const {
        return central_verify_request + central_parse + central_items + central_sign_ack;
    }
};

template <typename F>
double best_ms(F&& f) {
    double best = 1e300;
    for (int i = 0; i < 3; ++i) {
        const auto t = Clock::now();
        f();
        best = std::min(best, std::chrono::duration<double, std::milli>(Clock::now() - t).count());
    }
    return best;
}

Pieces measure_pieces(const Deployment& d, const std::vector<hrc::protocol::BatchItem>& items,
                      int batch_items) {
    namespace proto = hrc::protocol;
    Pieces p;
    p.batch_items = std::min<int>(batch_items, static_cast<int>(items.size()));
    const hrc::Config config = hrc::load_config(d.config_file());
    const hrc::KioskKeys kiosk = hrc::read_kiosk_secret_key(config.kiosk.signing_key);
    const hrc::CentralSecrets central = hrc::read_central_secrets(d.central_dir / "central.key");
    proto::BatchRequest request;
    request.batch_id = hrc::new_report_id();
    request.items.assign(items.begin(), items.begin() + p.batch_items);
    const std::int64_t now = hrc::unix_now();
    const std::string path = proto::kBatchesPath;

    std::string body, signature;
    p.kiosk_encode = best_ms([&] { body = proto::to_json_text(request); });
    p.kiosk_sign =
        best_ms([&] { signature = proto::sign_request(kiosk, "POST", path, now, body); });
    bool verified = false;
    p.central_verify_request = best_ms([&] {
        verified = proto::verify_request(kiosk.public_key, "POST", path, now, body, signature);
    });
    std::optional<proto::BatchRequest> parsed;
    std::string why;
    p.central_parse = best_ms([&] { parsed = proto::parse_batch_request(body, why); });
    if (!verified || !parsed)
        throw SetupError("measuring the protocol's CPU work: the batch does not verify or parse: " +
                         why);
    // central's receive.cpp per item, without the store, on one thread: digest, header, open (which
    // verifies the signature), wipe.
    proto::BatchResponse response;
    p.central_items = best_ms([&] {
        response = proto::BatchResponse{};
        response.batch_id = parsed->batch_id;
        for (const auto& item : parsed->items) {
            proto::ItemResult r;
            r.report_id = item.report_id;
            r.digest = proto::item_digest_hex(item.sealed, item.signature);
            const hrc::SealedReport sealed{item.sealed, item.signature};
            const hrc::SealedHeader header = hrc::read_sealed_header(item.sealed);
            if (header.report_id.empty())
                throw SetupError("measuring the protocol's CPU work: an item has no header");
            // open_sealed verifies the kiosk signature: central verifies each item once.
            hrc::OpenedReport opened = hrc::open_sealed(sealed, kiosk.public_key, central);
            opened.plaintext.resize(opened.plaintext.capacity());
            sodium_memzero(opened.plaintext.data(), opened.plaintext.size());
            r.status = proto::ItemStatus::accepted;
            r.received_at = now;
            response.results.push_back(std::move(r));
        }
    });
    std::string response_body;
    p.central_sign_ack = best_ms([&] {
        proto::sign_batch_response(response, central.ack_secret_key);
        response_body = proto::to_json_text(response);
    });
    std::string problem;
    p.kiosk_check_ack = best_ms([&] {
        const auto ack = proto::parse_batch_response(response_body, problem);
        problem = ack ? proto::check_batch_response(*ack, request, central.ack_public_key)
                      : "does not parse: " + problem;
    });
    if (!problem.empty())
        throw SetupError("measuring the protocol's CPU work: the acknowledgement does not check: " +
                         problem);
    return p;
}

// The crypto floor: what central cannot avoid for these reports, whatever the store, HTTP or
// protocol — verifying each kiosk signature and opening each sealed report (unwrap the content
// key, decrypt, authenticate; as receive.cpp does through hrc::open_sealed, which verifies) — for
// ALL the items, spread over every core of this machine, wall time, best of 2. A sync can approach
// it only by overlapping everything else with this work.
struct CryptoFloor {
    double seconds = 0;
    unsigned threads = 0;
};

CryptoFloor measure_crypto_floor(const Deployment& d,
                                 const std::vector<hrc::protocol::BatchItem>& items) {
    const hrc::Config config = hrc::load_config(d.config_file());
    const hrc::KioskKeys kiosk = hrc::read_kiosk_secret_key(config.kiosk.signing_key);
    const hrc::CentralSecrets central = hrc::read_central_secrets(d.central_dir / "central.key");
    CryptoFloor floor;
    floor.threads = std::max(1u, std::thread::hardware_concurrency());
    double best = 1e300;
    for (int round = 0; round < 2; ++round) {
        std::atomic<std::size_t> next{0};
        std::atomic<bool> failed{false};
        auto work = [&] {
            for (std::size_t i = next++; i < items.size(); i = next++) {
                const hrc::SealedReport sealed{items[i].sealed, items[i].signature};
                try {
                    hrc::OpenedReport opened = hrc::open_sealed(sealed, kiosk.public_key, central);
                    opened.plaintext.resize(opened.plaintext.capacity());
                    sodium_memzero(opened.plaintext.data(), opened.plaintext.size());
                } catch (const hrc::Error&) {
                    failed = true;
                }
            }
        };
        const auto t = Clock::now();
        std::vector<std::thread> others;
        for (unsigned i = 1; i < floor.threads; ++i)
            others.emplace_back(work);
        work();
        for (auto& o : others)
            o.join();
        best = std::min(best, seconds_between(t, Clock::now()));
        if (failed) throw SetupError("measuring the crypto floor: an item does not open");
    }
    floor.seconds = best;
    return floor;
}

// hrc-sync's store work alone: the same Store calls as a pass (claim_batch, record_acknowledgement
// with a signed acknowledgement of the real size, record_contact, purge), replayed on a copy of
// the kiosk's database taken right after the prefill, without any network.
struct StoreReplay {
    int batches = 0;
    double claim = 0, record_ack = 0, purge = 0; // seconds
    double first_claim = 0,
           last_claim = 0; // seconds: with the whole queue waiting, and with one batch left
    double total() const { return claim + record_ack + purge; }
};

StoreReplay replay_kiosk_store(const Deployment& d, const fs::path& copy, int batch_items) {
    namespace proto = hrc::protocol;
    StoreReplay r;
    const hrc::Config config = hrc::load_config(d.config_file());
    const hrc::CentralSecrets central = hrc::read_central_secrets(d.central_dir / "central.key");
    hrc::StoreOptions options = hrc::store_options(config);
    options.database = copy;
    hrc::Store store = hrc::Store::open(options, hrc::read_db_key(config.store.key_file));
    for (;;) {
        hrc_bench::throw_if_stopped();
        auto t = Clock::now();
        // The agent's byte budget for central's default limit is far above 500 items of this size.
        std::vector<hrc::OutboxItem> batch =
            store.claim_batch(hrc::unix_now(), batch_items, INT64_MAX);
        const double took = seconds_between(t, Clock::now());
        r.claim += took;
        if (batch.empty()) break;
        if (r.batches == 0) r.first_claim = took;
        r.last_claim = took;
        ++r.batches;
        proto::BatchResponse response;
        response.batch_id = hrc::new_report_id();
        std::vector<hrc::AckOutcome> outcomes;
        for (const auto& item : batch) {
            proto::ItemResult res;
            res.report_id = item.report_id;
            res.digest = proto::item_digest_hex(item.sealed.sealed, item.sealed.signature);
            res.status = proto::ItemStatus::accepted;
            res.received_at = hrc::unix_now();
            response.results.push_back(std::move(res));
            outcomes.push_back({item.report_id, true, ""});
        }
        proto::sign_batch_response(response, central.ack_secret_key);
        const std::string text = proto::to_json_text(response);
        const hrc::Bytes body(text.begin(), text.end());
        t = Clock::now();
        store.record_acknowledgement(response.batch_id, body, outcomes, hrc::unix_now());
        r.record_ack += seconds_between(t, Clock::now());
    }
    const auto t = Clock::now();
    store.record_contact(hrc::unix_now(), "");
    (void)store.purge(hrc::unix_now(),
                      {config.retention.unacknowledged_days, config.retention.warn_days_before});
    r.purge = seconds_between(t, Clock::now());
    return r;
}

//-------------------------------------------------------------------------------------------------
// [SECTION] Output
//-------------------------------------------------------------------------------------------------

struct Machine {
    long nproc = 0;
    std::string cpu, kernel, fs_type, curl_version;
};

std::string fs_type_of(const fs::path& p) {
    struct statfs s {};
    if (::statfs(p.c_str(), &s) != 0) return "unknown";
    switch (static_cast<unsigned long>(s.f_type)) {
    case 0xEF53UL:
        return "ext4";
    case 0x01021994UL:
        return "tmpfs";
    case 0x58465342UL:
        return "xfs";
    case 0x9123683EUL:
        return "btrfs";
    case 0x794C7630UL:
        return "overlayfs";
    case 0x2FC12FC1UL:
        return "zfs";
    default: {
        char buf[32];
        std::snprintf(buf, sizeof buf, "0x%lx", static_cast<unsigned long>(s.f_type));
        return buf;
    }
    }
}

Machine describe_machine(const fs::path& dir, const fs::path& curl) {
    Machine m;
    m.nproc = ::sysconf(_SC_NPROCESSORS_ONLN);
    std::ifstream cpuinfo("/proc/cpuinfo");
    for (std::string line; std::getline(cpuinfo, line);)
        if (line.rfind("model name", 0) == 0) {
            m.cpu = line.substr(line.find(':') + 2);
            break;
        }
    utsname u{};
    if (::uname(&u) == 0) m.kernel = std::string(u.sysname) + " " + u.release;
    m.fs_type = fs_type_of(dir);
    const auto v = hrc_test::run_command({curl.string(), "--version"}, "/dev/null");
    m.curl_version = v.out.substr(0, v.out.find('\n'));
    return m;
}

std::string fixed(double v, int decimals) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
    return buf;
}

struct Results {
    int reports = 0;
    Prefill prefill_info;
    std::int64_t baseline_body = 0; // the single curl body
    std::int64_t sync_body = 0;     // Σ of hrc-sync's batch bodies (computed from the batch count)
    std::int64_t baseline_limit = 0; // --max-batch-bytes of the baseline's central
    std::vector<CurlRun> curl;
    SyncRun sync;
    Pieces pieces;
    CryptoFloor floor;
    std::optional<StoreReplay> replay;
    Machine machine;
    fs::path dir;
    double baseline_seconds() const {
        double best = 0;
        for (const auto& c : curl)
            if (c.ok && (best == 0 || c.seconds < best)) best = c.seconds;
        return best;
    }
};

double per_second(double amount, double seconds) {
    return seconds > 0 ? amount / seconds : 0;
}

void print_text(const Results& r) {
    const SyncRun& s = r.sync;
    const double base = r.baseline_seconds();
    const Machine& m = r.machine;
    std::cout << "hrc-bench-sync: " << r.reports
              << " reports, hrc-sync --once vs one raw curl upload, loopback TLS\n"
              << "machine: " << m.nproc << " CPU(s)" << (m.cpu.empty() ? "" : " (" + m.cpu + ")")
              << ", " << m.kernel << ", --dir " << r.dir.string() << " on " << m.fs_type << ", "
              << HRC_BUILD_TYPE << " build\n"
              << "         " << m.curl_version << "\n";
    if (m.fs_type == "tmpfs")
        std::cout << "         WARNING: --dir is on tmpfs: every fsync is free, the stores look "
                     "faster than on a disk\n";
    std::cout << "prefill: " << r.reports << " reports sealed through hrc::submit_report in "
              << fixed(r.prefill_info.seconds, 1) << " s (not part of the figures below)\n"
              << "bytes:   sealed + signature "
              << fixed(static_cast<double>(r.prefill_info.raw_bytes) / kMiB, 2) << " MiB ("
              << r.prefill_info.raw_bytes << " B); as JSON with base64: hrc-sync " << r.sync_body
              << " B in " << s.batches.size() << " batch(es), curl " << r.baseline_body
              << " B in one body\n\n";

    std::printf("%-28s %9s %11s %8s\n", "", "time s", "reports/s", "MiB/s");
    std::printf("%-28s %9.3f %11.0f %8.1f\n", "hrc-sync --once", s.seconds,
                per_second(r.reports, s.seconds),
                per_second(static_cast<double>(r.sync_body) / kMiB, s.seconds));
    for (const auto& c : r.curl) {
        const std::string label = "curl, " + c.when + " the sync";
        if (c.ok)
            std::printf(
                "%-28s %9.3f %11.0f %8.1f   (curl's time_total %.3f s, central %d ms, HTTP %ld)\n",
                label.c_str(), c.seconds, per_second(r.reports, c.seconds),
                per_second(static_cast<double>(c.size_upload) / kMiB, c.seconds), c.curl_time_total,
                c.central_ms, c.http_code);
        else
            std::printf("%-28s   INVALID: %s\n", label.c_str(), c.problem.c_str());
    }
    std::cout << "\n";
    if (base > 0) {
        const double ratio = s.seconds / base;
        std::cout << "ratio hrc-sync / curl (faster run): " << fixed(ratio, 2)
                  << "x   goal <= " << fixed(kGoal, 0)
                  << "x: " << (ratio <= kGoal ? "met" : "NOT met")
                  << (s.ok() ? "" : " (but the sync run FAILED, see below)") << "\n";
    } else {
        std::cout << "ratio: not available, no valid baseline run\n";
    }
    if (r.floor.seconds > 0) {
        const double ratio = s.seconds / r.floor.seconds;
        std::cout << "crypto floor: central's verify + open of the same " << r.reports
                  << " items on " << r.floor.threads
                  << " thread(s), in this process: " << fixed(r.floor.seconds, 3) << " s\n"
                  << "ratio hrc-sync / crypto floor: " << fixed(ratio, 2)
                  << "x   goal <= " << fixed(kFloorGoal, 0)
                  << "x: " << (ratio <= kFloorGoal ? "met" : "NOT met")
                  << (s.ok() ? "" : " (but the sync run FAILED, see below)") << "\n";
    }
    std::cout << "baseline: the curl body holds all " << r.reports
              << " items in one JSON batch (unsigned: central reads it all, "
              << "answers 401); its central runs with --max-batch-bytes " << r.baseline_limit
              << (r.baseline_limit == kDefaultMaxBatchBytes
                      ? " (the default)"
                      : " so that one body fits (2x the limit is read)")
              << "; the sync's central runs with the defaults\n\n";

    std::cout << "Where hrc-sync's " << fixed(s.seconds, 3)
              << " s went (central's request log, ms resolution):\n";
    std::printf("  %-62s %7.3f s\n", "start-up, open store, TLS handshake, preflight answered",
                s.until_preflight);
    std::printf("  %-62s %7.3f s\n",
                ("central handling " + std::to_string(s.batches.size()) +
                 " batch request(s): receive, verify, open, store, commit")
                    .c_str(),
                s.central_batches);
    std::printf("  %-62s %7.3f s\n", "hrc-sync between batches: record ack, claim, encode, sign",
                s.kiosk_between);
    std::printf("  %-62s %7.3f s\n", "after the last acknowledgement: record it, purge, exit",
                s.after_last);
    if (!s.batches.empty()) {
        std::vector<int> ms;
        int items = 0;
        for (const auto& b : s.batches) {
            ms.push_back(b.ms);
            items += b.accepted + b.duplicate + b.conflict + b.rejected;
        }
        std::sort(ms.begin(), ms.end());
        std::printf(
            "  per batch at central: %d report(s) on average; %d ms min, %d ms median, %d ms max\n",
            items / static_cast<int>(s.batches.size()), ms.front(), ms[ms.size() / 2], ms.back());
    }
    {
        const Pieces& p = r.pieces;
        const double batches = static_cast<double>(r.reports) / p.batch_items;
        const double kiosk_side = s.seconds - s.central_batches;
        std::printf("The protocol's CPU work alone (in this process, one batch of %d real items, "
                    "best of 3; x %.1f batches):\n",
                    p.batch_items, batches);
        std::printf("  hrc-sync: encode JSON %.1f ms, sign request %.1f ms, parse + check ack %.1f "
                    "ms = %.1f ms/batch\n"
                    "            -> %.3f s of the %.3f s outside central's request handling\n",
                    p.kiosk_encode, p.kiosk_sign, p.kiosk_check_ack, p.kiosk_total(),
                    p.kiosk_total() * batches / 1000, kiosk_side);
        std::printf("  central:  verify request %.1f ms, parse JSON %.1f ms, per item digest + "
                    "verify + open %.1f ms (one thread; central uses every core), sign ack %.1f "
                    "ms\n"
                    "            = %.1f ms/batch -> %.3f s of the %.3f s of its request handling\n",
                    p.central_verify_request, p.central_parse, p.central_items, p.central_sign_ack,
                    p.central_total(), p.central_total() * batches / 1000, s.central_batches);
        if (r.replay)
            std::printf("  hrc-sync's store work alone (replayed here on a copy of the kiosk's "
                        "database, no network):\n"
                        "            claim %d batches %.3f s, record their acknowledgements %.3f "
                        "s, purge %.3f s = %.3f s\n",
                        r.replay->batches, r.replay->claim, r.replay->record_ack, r.replay->purge,
                        r.replay->total());
        if (r.replay && r.replay->batches > 1)
            std::printf("            one claim: %.1f ms with all %d reports queued, %.1f ms with "
                        "the last batch left\n",
                        r.replay->first_claim * 1000, r.reports, r.replay->last_claim * 1000);
        std::printf("  the rest, by difference: central's store (SQLCipher transaction, fsync), "
                    "HTTP/TLS, start-up and exit\n");
    }
    std::printf("CPU time (user + system): hrc-sync %.2f + %.2f s, its central %.2f + %.2f s",
                s.cpu_user, s.cpu_system, s.central_cpu_user, s.central_cpu_system);
    for (const auto& c : r.curl)
        if (c.ok)
            std::printf("; curl (%s) %.2f + %.2f s, its central %.2f s", c.when.c_str(), c.cpu_user,
                        c.cpu_system, c.central_cpu);
    std::printf("\n\n");

    std::cout << "hrc-sync's log:\n";
    for (const auto& l : s.sync_log)
        std::cout << "  " << l << "\n";
    std::cout << "checks: exit code " << s.exit_code << ", pending " << s.pending
              << ", acknowledged " << s.acked << ", quarantined " << s.quarantined
              << " at the kiosk; central holds " << s.central_reports << "\n";
    if (s.ok()) {
        std::cout << "sync run: ok\n";
    } else {
        std::cout << "SYNC RUN FAILED:\n";
        for (const auto& f : s.failures)
            std::cout << "  - " << f << "\n";
        if (!s.last_error.empty())
            std::cout << "  last error at the kiosk: " << s.last_error << "\n";
    }
}

void print_json(const Results& r) {
    const SyncRun& s = r.sync;
    const double base = r.baseline_seconds();
    nlohmann::json batches = nlohmann::json::array();
    for (const auto& b : s.batches)
        batches.push_back({{"status", b.status},
                           {"accepted", b.accepted},
                           {"duplicate", b.duplicate},
                           {"conflict", b.conflict},
                           {"rejected", b.rejected},
                           {"central_ms", b.ms}});
    nlohmann::json curl = nlohmann::json::array();
    for (const auto& c : r.curl)
        curl.push_back(
            {{"when", c.when},
             {"ok", c.ok},
             {"problem", c.problem},
             {"seconds", c.seconds},
             {"curl_time_total", c.curl_time_total},
             {"http_code", c.http_code},
             {"size_upload", c.size_upload},
             {"reports_per_second", per_second(r.reports, c.seconds)},
             {"mib_per_second", per_second(static_cast<double>(c.size_upload) / kMiB, c.seconds)},
             {"cpu_user_seconds", c.cpu_user},
             {"cpu_system_seconds", c.cpu_system},
             {"central_cpu_seconds", c.central_cpu},
             {"central_ms", c.central_ms}});
    nlohmann::json out = {
        {"reports", r.reports},
        {"prefill_seconds", r.prefill_info.seconds},
        {"raw_bytes", r.prefill_info.raw_bytes},
        {"sync_body_bytes", r.sync_body},
        {"baseline_body_bytes", r.baseline_body},
        {"sync",
         {{"ok", s.ok()},
          {"failures", s.failures},
          {"exit_code", s.exit_code},
          {"seconds", s.seconds},
          {"reports_per_second", per_second(r.reports, s.seconds)},
          {"mib_per_second", per_second(static_cast<double>(r.sync_body) / kMiB, s.seconds)},
          {"pending", s.pending},
          {"acked", s.acked},
          {"quarantined", s.quarantined},
          {"central_reports", s.central_reports},
          {"last_error", s.last_error},
          {"alert", s.alert},
          {"cpu_user_seconds", s.cpu_user},
          {"cpu_system_seconds", s.cpu_system},
          {"central_cpu_user_seconds", s.central_cpu_user},
          {"central_cpu_system_seconds", s.central_cpu_system},
          {"breakdown_seconds",
           {{"until_preflight", s.until_preflight},
            {"central_batches", s.central_batches},
            {"kiosk_between_batches", s.kiosk_between},
            {"after_last_ack", s.after_last}}},
          {"batches", batches},
          {"log", s.sync_log}}},
        {"kiosk_store_replay_seconds", r.replay
                                           ? nlohmann::json{{"batches", r.replay->batches},
                                                            {"claim", r.replay->claim},
                                                            {"record_ack", r.replay->record_ack},
                                                            {"purge", r.replay->purge},
                                                            {"total", r.replay->total()},
                                                            {"first_claim", r.replay->first_claim},
                                                            {"last_claim", r.replay->last_claim}}
                                           : nlohmann::json(nullptr)},
        {"protocol_cpu_ms_per_batch",
         {{"batch_items", r.pieces.batch_items},
          {"kiosk",
           {{"encode", r.pieces.kiosk_encode},
            {"sign_request", r.pieces.kiosk_sign},
            {"check_ack", r.pieces.kiosk_check_ack}}},
          {"central",
           {{"verify_request", r.pieces.central_verify_request},
            {"parse", r.pieces.central_parse},
            {"items_digest_verify_open", r.pieces.central_items},
            {"sign_ack", r.pieces.central_sign_ack}}}}},
        {"baseline",
         {{"method", "one curl upload of all items in one JSON batch body (unsigned; central "
                     "answers 401 after reading it)"},
          {"central_max_batch_bytes", r.baseline_limit},
          {"runs", curl},
          {"seconds", base}}},
        {"crypto_floor",
         {{"seconds", r.floor.seconds},
          {"threads", r.floor.threads},
          {"ratio", r.floor.seconds > 0 ? nlohmann::json(s.seconds / r.floor.seconds)
                                        : nlohmann::json(nullptr)},
          {"goal", kFloorGoal},
          {"goal_met", r.floor.seconds > 0
                           ? nlohmann::json(s.seconds / r.floor.seconds <= kFloorGoal)
                           : nlohmann::json(nullptr)}}},
        {"ratio", base > 0 ? nlohmann::json(s.seconds / base) : nlohmann::json(nullptr)},
        {"goal", kGoal},
        {"goal_met",
         base > 0 ? nlohmann::json(s.seconds / base <= kGoal) : nlohmann::json(nullptr)},
        {"machine",
         {{"nproc", r.machine.nproc},
          {"cpu", r.machine.cpu},
          {"kernel", r.machine.kernel},
          {"dir", r.dir.string()},
          {"dir_filesystem", r.machine.fs_type},
          {"build_type", HRC_BUILD_TYPE},
          {"curl", r.machine.curl_version}}},
    };
    std::cout << out.dump(2) << "\n";
}

void on_signal(int) {
    hrc_bench::g_stop = 1;
}

int run(const Options& o) {
    const auto curl = find_program(o.curl);
    if (!curl)
        throw SetupError("cannot find the curl program (\"" + o.curl +
                         "\"): install it (Debian: apt-get install -y curl) or give --curl PATH");
    std::error_code ec;
    if (!fs::is_directory(o.dir, ec)) throw SetupError(o.dir.string() + " is not a folder (--dir)");
    // Kiosk and central databases, WALs and the baseline body: about 10 kB per report, with room.
    const auto space = fs::space(o.dir, ec);
    const std::uintmax_t need =
        static_cast<std::uintmax_t>(o.reports) * 12000u + 64u * 1024u * 1024u;
    if (!ec && space.available < need)
        throw SetupError(o.dir.string() + " has " +
                         std::to_string(space.available / (1024 * 1024)) + " MiB free; about " +
                         std::to_string(need / (1024 * 1024)) + " MiB are needed for " +
                         std::to_string(o.reports) + " reports");

    Results r;
    r.reports = o.reports;
    r.dir = o.dir;
    r.machine = describe_machine(o.dir, *curl);
    hrc_bench::TempDir temp(o.dir);
    struct Keep {
        const hrc_bench::TempDir& t;
        bool keep;
        ~Keep() {
            if (keep) {
                // Move the folder aside so that TempDir's clean-up finds nothing.
                const fs::path kept = t.path().string() + "-kept";
                std::error_code e;
                fs::rename(t.path(), kept, e);
                std::cerr << "hrc-bench-sync: kept " << (e ? t.path() : kept).string() << "\n";
            }
        }
    } keep{temp, o.keep};

    progress("setting up central and kiosk in " + temp.path().string());
    const Deployment d = set_up(temp.path());

    progress("sealing " + std::to_string(o.reports) +
             " reports into the kiosk's store (hrc::submit_report)");
    r.prefill_info = prefill(d, o.reports);
    // A copy of the kiosk's database as hrc-sync will find it, for replaying its store work later.
    const fs::path store_copy = temp.path() / "kiosk-copy.db";
    {
        const hrc::Config config = hrc::load_config(d.config_file());
        fs::copy_file(config.store.database, store_copy);
        for (const char* suffix : {"-wal", "-shm"})
            if (fs::exists(config.store.database.string() + suffix))
                fs::copy_file(config.store.database.string() + suffix,
                              store_copy.string() + suffix);
    }
    progress("timing the protocol's CPU work on one batch, in this process");
    r.pieces = measure_pieces(d, r.prefill_info.items, hrc::protocol::Limits{}.max_batch_items);
    r.floor = measure_crypto_floor(d, r.prefill_info.items);

    // The baseline body: every item, encoded exactly as hrc-sync encodes a batch.
    std::int64_t envelope = 0;
    fs::path body_file = temp.path() / "baseline-body.json";
    {
        hrc::protocol::BatchRequest all;
        all.batch_id = hrc::new_report_id();
        envelope = static_cast<std::int64_t>(
            hrc::protocol::to_json_text(all).size()); // {"batch_id":"…","items":[]}
        all.items = std::move(r.prefill_info.items);
        const std::string body = hrc::protocol::to_json_text(all);
        r.baseline_body = static_cast<std::int64_t>(body.size());
        std::ofstream out(body_file, std::ios::binary | std::ios::trunc);
        out << body;
        out.flush();
        if (!out) throw SetupError(body_file.string() + ": cannot write the baseline body");
        r.prefill_info.items.clear();
    }
    // Central reads at most 2 × max_batch_bytes of a request body; the single body must fit.
    r.baseline_limit = kDefaultMaxBatchBytes;
    if (r.baseline_body > 2 * kDefaultMaxBatchBytes) {
        const std::int64_t mib = 1024 * 1024;
        r.baseline_limit = ((r.baseline_body + 1) / 2 + mib - 1) / mib * mib;
    }

    progress("baseline before the sync: one curl upload of " + std::to_string(r.baseline_body) +
             " bytes");
    r.curl.push_back(run_curl(d, *curl, body_file, r.baseline_body, r.baseline_limit, "before"));
    progress("hrc-sync --once: " + std::to_string(o.reports) + " reports");
    r.sync = run_sync(d, o.reports);
    progress("baseline after the sync");
    r.curl.push_back(run_curl(d, *curl, body_file, r.baseline_body, r.baseline_limit, "after"));
    progress("replaying hrc-sync's store work on a copy of the kiosk's database, in this process");
    try {
        r.replay = replay_kiosk_store(d, store_copy, hrc::protocol::Limits{}.max_batch_items);
    } catch (const hrc::Error& e) {
        progress("  the replay failed (left out of the figures): " + std::string(e.what()));
    }

    // hrc-sync's bodies: the same items, one envelope per batch, commas only between items of a batch.
    const auto k = static_cast<std::int64_t>(r.sync.batches.size());
    r.sync_body = k > 0 ? r.baseline_body + (k - 1) * (envelope - 1) : 0;

    if (o.json)
        print_json(r);
    else
        print_text(r);

    bool baseline_ok = false;
    for (const auto& c : r.curl)
        baseline_ok = baseline_ok || c.ok;
    if (!r.sync.ok()) return 1;
    if (!baseline_ok) {
        std::cerr << "hrc-bench-sync: no valid baseline run: ";
        for (const auto& c : r.curl)
            std::cerr << c.when << ": " << c.problem << "; ";
        std::cerr << "\n";
        return 2;
    }
    return 0;
}

} // namespace

//-------------------------------------------------------------------------------------------------
// [SECTION] main
//-------------------------------------------------------------------------------------------------

int main(int argc, char** argv) {
    std::optional<Options> options;
    try {
        options = parse_options(argc, argv);
    } catch (const SetupError& e) {
        std::cerr << "hrc-bench-sync: " << e.what() << "\n";
        return 2;
    }
    if (!options) return 0;
    if (!hrc::harden_process()) {
        std::cerr << "hrc-bench-sync: libsodium could not initialise\n";
        return 2;
    }
    std::signal(SIGINT, on_signal);
    std::signal(SIGTERM, on_signal);
    try {
        return run(*options);
    } catch (const SetupError& e) {
        std::cerr << "hrc-bench-sync: " << e.what() << "\n";
    } catch (const hrc::Error& e) {
        std::cerr << "hrc-bench-sync: " << e.what() << "\n";
    } catch (const std::exception& e) {
        std::cerr << "hrc-bench-sync: " << e.what() << "\n";
    }
    return 2;
}
