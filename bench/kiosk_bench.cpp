// hrc-bench-kiosk — hrc-kiosk's start time, peak memory and idle CPU against a bare GLFW + Dear
// ImGui "hello" (hrc-bench-kiosk-hello, built in bench/), both measured in the same run under the
// same Xvfb (bench/README.md).
//
//   1. An Xvfb of its own on a free display number (1280x800x24), and a kiosk set up in a
//      temporary folder under --dir: hrc-test-central-keys, then `hrc-admin init`.
//   2. R runs (--runs, default 5). In each run both programs are measured one after the other, the
//      order alternating between runs (kiosk first in odd runs, hello first in even ones):
//        start    steady_clock from just before fork/exec to the first line in the program's
//                 --automation file (polled every 1 ms): the first interactive frame;
//        idle CPU utime+stime of the process (all threads, /proc/PID/stat) over --idle-seconds,
//                 starting 1 s after the first frame, as % of one core;
//        peak RSS VmHWM (/proc/PID/status) just before stopping, after the idle window;
//      then SIGTERM.
//   3. A table: start median and min, peak RSS, idle CPU (median and worst run), the ratio of the
//      start medians, and the goals (idle <= 1% of a core in every run; start <= 2x the
//      hello) as "met" / "NOT met". --json for a machine-readable copy.
//
// Figures only: never fails on timing. Exit 1 if a program failed to start or drew no first
// frame (or hrc-kiosk showed its startup error screen); 2 on usage or setup errors.
//
// [SECTION] Options
// [SECTION] Helpers: temporary folder, /proc, statistics
// [SECTION] Xvfb and the kiosk's setup
// [SECTION] One measurement
// [SECTION] Output: text and JSON
// [SECTION] main

#include <algorithm>
#include <chrono>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <sstream>
#include <stdexcept>
#include <string>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <thread>
#include <unistd.h>
#include <vector>

#include <nlohmann/json.hpp>

#include "kiosk_driver.h"
#include "process.h"

#ifndef HRC_KIOSK_EXE
#error "HRC_KIOSK_EXE must be defined by CMake"
#endif

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

namespace {

constexpr double kIdleGoalPercent = 1.0;   // the issue: idle <= 1% of a core
constexpr double kStartGoalRatio = 2.0;    // the issue: start <= 2x the bare hello
constexpr int kWidth = 1280, kHeight = 800;
constexpr auto kSettle = 1s;               // after the first frame, before the idle window
constexpr auto kStartTimeout = 60s;

volatile std::sig_atomic_t g_stop = 0;
extern "C" void on_stop_signal(int) { g_stop = 1; }

struct SetupError : std::runtime_error {
    using std::runtime_error::runtime_error;
};
struct Interrupted : std::runtime_error {
    Interrupted() : std::runtime_error("interrupted") {}
};

void progress(const std::string& line) { std::cerr << "hrc-bench-kiosk: " << line << std::endl; }

// Sleeps in small steps so that Ctrl-C unwinds (and removes the temporary folder) promptly.
void sleep_for(Clock::duration d) {
    const auto until = Clock::now() + d;
    while (Clock::now() < until) {
        if (g_stop) throw Interrupted();
        std::this_thread::sleep_for(std::min<Clock::duration>(50ms, until - Clock::now()));
    }
}

//-------------------------------------------------------------------------------------------------
// [SECTION] Options
//-------------------------------------------------------------------------------------------------

struct Options {
    int runs = 5;
    int idle_seconds = 10;
    fs::path dir = "/var/tmp";
    bool json = false;
};

const char* const kUsage =
    "usage: hrc-bench-kiosk [--runs R] [--idle-seconds S] [--dir PATH] [--json]\n"
    "\n"
    "Measures hrc-kiosk (--windowed 1280x800, a kiosk set up with hrc-admin init) and the bare\n"
    "GLFW + Dear ImGui window hrc-bench-kiosk-hello (same size) under an Xvfb of its own, alternating\n"
    "the two in every run: start (process start -> first line in the --automation file, i.e. the\n"
    "first interactive frame), peak RSS (VmHWM after the idle window), CPU over S seconds idle (from\n"
    "1 s after the first frame, utime+stime as % of one core).\n"
    "Goals of the issue: idle <= 1% of a core; start <= 2x the hello. Figures only: never fails on\n"
    "timing.\n"
    "\n"
    "  --runs R          runs, each measuring both programs (default 5)\n"
    "  --idle-seconds S  length of the idle window (default 10)\n"
    "  --dir PATH        where the temporary folder goes (default $TMPDIR, else /var/tmp)\n"
    "  --json            machine-readable results on stdout (progress goes to stderr)\n"
    "\n"
    "Run-time tools: Xvfb (Debian package xvfb).\n"
    "\n"
    "Example:\n"
    "  build/bench/bench/hrc-bench-kiosk --runs 5 --idle-seconds 10\n"
    "\n"
    "Exit codes: 0 figures printed; 1 a program failed to start or drew no first frame; 2 usage or\n"
    "setup error.\n";

std::optional<Options> parse_options(int argc, char** argv) {
    Options o;
    if (const char* t = std::getenv("TMPDIR"); t && *t) o.dir = t;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        auto value = [&]() -> std::string {
            if (i + 1 >= argc) throw SetupError(a + " needs a value\n" + kUsage);
            return argv[++i];
        };
        auto number = [&](int lo, int hi) {
            const std::string v = value();
            try {
                std::size_t used = 0;
                const int n = std::stoi(v, &used);
                if (used == v.size() && n >= lo && n <= hi) return n;
            } catch (const std::exception&) {
            }
            throw SetupError(a + " takes a whole number from " + std::to_string(lo) + " to " + std::to_string(hi) +
                             " (found '" + v + "')");
        };
        if (a == "--help" || a == "-h") {
            std::cout << kUsage;
            return std::nullopt;
        }
        if (a == "--runs") o.runs = number(1, 1000);
        else if (a == "--idle-seconds") o.idle_seconds = number(1, 3600);
        else if (a == "--dir") o.dir = value();
        else if (a == "--json") o.json = true;
        else throw SetupError("unknown option '" + a + "'\n" + kUsage);
    }
    return o;
}

//-------------------------------------------------------------------------------------------------
// [SECTION] Helpers: temporary folder, /proc, statistics
//-------------------------------------------------------------------------------------------------

class TempDir {
public:
    explicit TempDir(const fs::path& parent) {
        std::string templ = (parent / "hrc-bench-kiosk-XXXXXX").string();
        if (::mkdtemp(templ.data()) == nullptr)
            throw SetupError(parent.string() + ": cannot create a temporary folder there (--dir)");
        path_ = templ;
    }
    ~TempDir() {
        std::error_code ignored;
        fs::remove_all(path_, ignored);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const fs::path& path() const { return path_; }

private:
    fs::path path_;
};

std::string read_all(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

std::string tail(const std::string& text, std::size_t n) { return text.size() <= n ? text : "…" + text.substr(text.size() - n); }


// utime + stime of every thread of `pid`, in seconds (fields 14 and 15 of /proc/PID/stat, after
// the parenthesised command name, which may itself contain spaces).
double cpu_seconds(pid_t pid) {
    const std::string stat = read_all("/proc/" + std::to_string(pid) + "/stat");
    const std::size_t close = stat.rfind(')');
    if (close == std::string::npos) throw std::runtime_error("cannot read /proc/" + std::to_string(pid) + "/stat");
    std::istringstream in(stat.substr(close + 2));
    std::string field;
    unsigned long long utime = 0, stime = 0;
    // After ")": state is field 3; utime is field 14, stime field 15.
    for (int f = 3; f <= 15 && in >> field; ++f) {
        if (f == 14) utime = std::stoull(field);
        if (f == 15) stime = std::stoull(field);
    }
    return static_cast<double>(utime + stime) / static_cast<double>(::sysconf(_SC_CLK_TCK));
}

// A "Name:   value kB" line of /proc/PID/status, in kB (-1 when absent).
long status_kb(pid_t pid, const std::string& name) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/status");
    for (std::string line; std::getline(in, line);)
        if (line.rfind(name + ":", 0) == 0) return std::stol(line.substr(name.size() + 1));
    return -1;
}

double median(std::vector<double> v) {
    if (v.empty()) return 0.0;
    std::sort(v.begin(), v.end());
    const std::size_t n = v.size();
    return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2.0;
}
double minimum(const std::vector<double>& v) { return v.empty() ? 0.0 : *std::min_element(v.begin(), v.end()); }
double maximum(const std::vector<double>& v) { return v.empty() ? 0.0 : *std::max_element(v.begin(), v.end()); }

std::string fixed(double v, int decimals) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
    return buf;
}

//-------------------------------------------------------------------------------------------------
// [SECTION] Xvfb and the kiosk's setup
//-------------------------------------------------------------------------------------------------

// A central key pair and a kiosk made with `hrc-admin init`, as the end-to-end tests make them.
fs::path set_up_kiosk(const fs::path& root, const fs::path& log) {
    const fs::path central = root / "central", kiosk = root / "kiosk";
    hrc_test::RunResult r = hrc_test::run_command({HRC_TEST_CENTRAL_KEYS_EXE, central.string(), "https://127.0.0.1:8443"},
                                                  log.string());
    if (r.code != 0) throw SetupError("hrc-test-central-keys failed (exit " + std::to_string(r.code) + "):\n" + tail(read_all(log), 2000));
    r = hrc_test::run_command({HRC_ADMIN_EXE, "init", "--dir", kiosk.string(), "--central", (central / "central.pub").string(),
                               "--centre-id", "bench-centre", "--kiosk-id", "kiosk-bench"},
                              log.string());
    if (r.code != 0) throw SetupError("hrc-admin init failed (exit " + std::to_string(r.code) + "):\n" + tail(read_all(log), 2000));
    return kiosk / "hrc.toml";
}

//-------------------------------------------------------------------------------------------------
// [SECTION] One measurement
//-------------------------------------------------------------------------------------------------

struct Program {
    std::string name;                    // as shown in the table
    std::vector<std::string> argv;       // without --automation FILE
    std::vector<double> start_ms, rss_mib, idle_cpu_percent;
    std::vector<long> idle_frames;       // frames drawn during the idle windows (automation lines)
};

// Thrown when a program does not reach its first interactive frame (exit 1).
struct RunFailure : std::runtime_error {
    using std::runtime_error::runtime_error;
};

long count_lines(const fs::path& p) {
    const std::string text = read_all(p);
    return static_cast<long>(std::count(text.begin(), text.end(), '\n'));
}

void measure(Program& program, const hrc_e2e::VirtualDisplay& display, const fs::path& logs, int run, int idle_seconds) {
    const std::string tag = program.name + "-" + std::to_string(run);
    const fs::path automation = logs / (tag + ".jsonl");
    const fs::path log = logs / (tag + ".log");
    std::vector<std::string> argv = program.argv;
    argv.push_back("--automation");
    argv.push_back(automation.string());

    const auto t0 = Clock::now();   // just before fork/exec (Process forks in its constructor)
    hrc_test::Process p(argv, log.string(), {{"DISPLAY", display.name()}, {"WAYLAND_DISPLAY", ""}});
    std::optional<Clock::time_point> first;
    while (!first) {
        struct stat st {};
        if (::stat(automation.c_str(), &st) == 0 && st.st_size > 0 && read_all(automation).find('\n') != std::string::npos) {
            first = Clock::now();
            break;
        }
        if (g_stop) throw Interrupted();
        if (!p.running())
            throw RunFailure(program.name + " exited before its first frame (exit " + std::to_string(p.wait_exit(1s)) +
                             "); its log:\n" + tail(read_all(log), 3000));
        if (Clock::now() - t0 > kStartTimeout)
            throw RunFailure(program.name + " drew no frame within 60 s; its log:\n" + tail(read_all(log), 3000));
        std::this_thread::sleep_for(1ms);
    }
    const std::string first_line = read_all(automation).substr(0, read_all(automation).find('\n'));
    if (first_line.find("\"startup_error\"") != std::string::npos)
        throw RunFailure(program.name + " shows its startup error screen; its log:\n" + tail(read_all(log), 3000));
    const double start_ms = std::chrono::duration<double, std::milli>(*first - t0).count();

    sleep_for(kSettle);
    const long frames_before = count_lines(automation);
    const double cpu0 = cpu_seconds(p.pid());
    const auto w0 = Clock::now();
    sleep_for(std::chrono::seconds(idle_seconds));
    const double cpu1 = cpu_seconds(p.pid());
    const auto w1 = Clock::now();
    const long frames_after = count_lines(automation);
    const long hwm_kb = status_kb(p.pid(), "VmHWM");
    if (!p.running()) throw RunFailure(program.name + " ended during the idle window; its log:\n" + tail(read_all(log), 3000));
    p.stop(SIGTERM);

    const double window = std::chrono::duration<double>(w1 - w0).count();
    program.start_ms.push_back(start_ms);
    program.rss_mib.push_back(static_cast<double>(hwm_kb) / 1024.0);
    program.idle_cpu_percent.push_back(100.0 * (cpu1 - cpu0) / window);
    program.idle_frames.push_back(frames_after - frames_before);
    progress("run " + std::to_string(run) + " " + program.name + ": start " + fixed(start_ms, 1) + " ms, peak RSS " +
             fixed(program.rss_mib.back(), 1) + " MiB, idle CPU " + fixed(program.idle_cpu_percent.back(), 2) + "% (" +
             std::to_string(program.idle_frames.back()) + " frames while idle)");
}

//-------------------------------------------------------------------------------------------------
// [SECTION] Output: text and JSON
//-------------------------------------------------------------------------------------------------

struct Summary {
    double start_median = 0, start_min = 0, rss_median = 0, rss_max = 0, idle_median = 0, idle_max = 0;
    long idle_frames_max = 0;
};

Summary summarise(const Program& p) {
    Summary s;
    s.start_median = median(p.start_ms);
    s.start_min = minimum(p.start_ms);
    s.rss_median = median(p.rss_mib);
    s.rss_max = maximum(p.rss_mib);
    s.idle_median = median(p.idle_cpu_percent);
    s.idle_max = maximum(p.idle_cpu_percent);
    s.idle_frames_max = p.idle_frames.empty() ? 0 : *std::max_element(p.idle_frames.begin(), p.idle_frames.end());
    return s;
}

std::string machine_line(const std::string& renderer) {
    utsname u{};
    ::uname(&u);
    return std::string(u.sysname) + " " + u.release + " " + u.machine + ", " + std::to_string(::sysconf(_SC_NPROCESSORS_ONLN)) +
           " CPUs online, GL renderer (Xvfb, from the hello): " + (renderer.empty() ? "?" : renderer);
}

void print_text(const Options& o, const Program& kiosk, const Program& hello, const std::string& renderer) {
    const Summary k = summarise(kiosk), h = summarise(hello);
    const double ratio = h.start_median > 0 ? k.start_median / h.start_median : 0.0;
    const double ratio_min = h.start_min > 0 ? k.start_min / h.start_min : 0.0;
    std::printf("hrc-bench-kiosk: %d runs, %dx%d under Xvfb, idle window %d s (after first frame + 1 s)\n", o.runs, kWidth,
                kHeight, o.idle_seconds);
    std::printf("%s\n\n", machine_line(renderer).c_str());
    std::printf("%-22s %12s %10s %14s %16s %14s\n", "program", "start median", "start min", "peak RSS MiB",
                "idle CPU % med", "idle CPU % max");
    for (const auto& [name, s] : {std::pair<std::string, Summary>{kiosk.name, k}, {hello.name, h}})
        std::printf("%-22s %9.1f ms %7.1f ms %14.1f %16.2f %14.2f\n", name.c_str(), s.start_median, s.start_min, s.rss_median,
                    s.idle_median, s.idle_max);
    std::printf("\nstart hrc-kiosk / hello: %.2fx (medians), %.2fx (minimums)\n", ratio, ratio_min);
    std::printf("peak RSS hrc-kiosk / hello: %.2fx\n", h.rss_median > 0 ? k.rss_median / h.rss_median : 0.0);
    std::printf("frames drawn while idle (most in one run): hrc-kiosk %ld, hello %ld\n", k.idle_frames_max,
                h.idle_frames_max);
    std::printf("goal idle <= %.0f%% of a core (worst run): %.2f%% -> %s\n", kIdleGoalPercent, k.idle_max,
                k.idle_max <= kIdleGoalPercent ? "met" : "NOT met");
    std::printf("goal start <= %.0fx the hello (medians): %.2fx -> %s\n", kStartGoalRatio, ratio,
                ratio <= kStartGoalRatio ? "met" : "NOT met");
    std::printf("(CPU time is counted in clock ticks of 1/%ld s: over %d s one tick is %.2f%% of a core.)\n",
                ::sysconf(_SC_CLK_TCK), o.idle_seconds, 100.0 / static_cast<double>(::sysconf(_SC_CLK_TCK)) / o.idle_seconds);
}

nlohmann::json program_json(const Program& p) {
    const Summary s = summarise(p);
    return {{"program", p.name},
            {"start_ms", p.start_ms},
            {"start_median_ms", s.start_median},
            {"start_min_ms", s.start_min},
            {"peak_rss_mib", p.rss_mib},
            {"peak_rss_median_mib", s.rss_median},
            {"idle_cpu_percent", p.idle_cpu_percent},
            {"idle_cpu_median_percent", s.idle_median},
            {"idle_cpu_max_percent", s.idle_max},
            {"idle_frames", p.idle_frames}};
}

void print_json(const Options& o, const Program& kiosk, const Program& hello, const std::string& renderer) {
    const Summary k = summarise(kiosk), h = summarise(hello);
    const double ratio = h.start_median > 0 ? k.start_median / h.start_median : 0.0;
    const nlohmann::json j = {
        {"runs", o.runs},
        {"idle_seconds", o.idle_seconds},
        {"window", std::to_string(kWidth) + "x" + std::to_string(kHeight)},
        {"machine", machine_line(renderer)},
        {"programs", {program_json(kiosk), program_json(hello)}},
        {"start_ratio_median", ratio},
        {"start_ratio_min", h.start_min > 0 ? k.start_min / h.start_min : 0.0},
        {"goals",
         {{"idle_cpu_max_percent", {{"goal", kIdleGoalPercent}, {"value", k.idle_max}, {"met", k.idle_max <= kIdleGoalPercent}}},
          {"start_ratio", {{"goal", kStartGoalRatio}, {"value", ratio}, {"met", ratio <= kStartGoalRatio}}}}}};
    std::cout << j.dump(2) << std::endl;
}

} // namespace

//-------------------------------------------------------------------------------------------------
// [SECTION] main
//-------------------------------------------------------------------------------------------------

int main(int argc, char** argv) {
    std::signal(SIGINT, on_stop_signal);
    std::signal(SIGTERM, on_stop_signal);
    std::optional<Options> options;
    try {
        options = parse_options(argc, argv);
    } catch (const SetupError& e) {
        std::cerr << "hrc-bench-kiosk: " << e.what() << std::endl;
        return 2;
    }
    if (!options) return 0;
    const Options& o = *options;

    try {
        TempDir dir(o.dir);
        const fs::path logs = dir.path() / "logs";
        fs::create_directories(logs);
        progress("temporary folder " + dir.path().string());
        // The same Xvfb the kiosk's end-to-end tests use (tests/e2e/kiosk_driver.h).
        hrc_e2e::VirtualDisplay display(kWidth, kHeight, logs / "xvfb.log");
        progress("Xvfb on " + display.name());
        const fs::path config = set_up_kiosk(dir.path(), logs / "setup.log");

        const std::string size = std::to_string(kWidth) + "x" + std::to_string(kHeight);
        Program kiosk{"hrc-kiosk", {HRC_KIOSK_EXE, "--config", config.string(), "--windowed", size}, {}, {}, {}, {}};
        Program hello{"hello", {HRC_KIOSK_HELLO_EXE, "--windowed", size}, {}, {}, {}, {}};
        try {
            for (int run = 1; run <= o.runs; ++run) {
                if (run % 2 == 1) {
                    measure(kiosk, display, logs, run, o.idle_seconds);
                    measure(hello, display, logs, run, o.idle_seconds);
                } else {
                    measure(hello, display, logs, run, o.idle_seconds);
                    measure(kiosk, display, logs, run, o.idle_seconds);
                }
            }
        } catch (const RunFailure& e) {
            std::cerr << "hrc-bench-kiosk: " << e.what() << std::endl;
            return 1;
        }
        // The renderer the hello reported (the same Mesa driver serves hrc-kiosk).
        std::string renderer;
        const std::string hello_log = read_all(logs / "hello-1.log");
        if (const std::size_t at = hello_log.find("GL_RENDERER "); at != std::string::npos)
            renderer = hello_log.substr(at + 12, hello_log.find('\n', at) - at - 12);
        if (o.json) print_json(o, kiosk, hello, renderer);
        else print_text(o, kiosk, hello, renderer);
        return 0;
    } catch (const Interrupted&) {
        std::cerr << "hrc-bench-kiosk: interrupted" << std::endl;
        return 2;
    } catch (const std::exception& e) {
        std::cerr << "hrc-bench-kiosk: " << e.what() << std::endl;
        return 2;
    }
}
