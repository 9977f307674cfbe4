// spawn.cpp — see hrc/spawn.h.

#include "hrc/spawn.h"

#include <cerrno>
#include <csignal>
#include <cstring>
#include <thread>

#include <fcntl.h>
#include <linux/close_range.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "hrc/error.h"

extern char** environ;

namespace hrc {

namespace {

// What the child reports through the pipe when it cannot exec: the step and errno.
struct ChildFailure {
    int step; // 0 = dup2, 1 = execve
    int err;
};

// Between fork and exec only async-signal-safe calls: everything is prepared before fork(), and the
// child reports a failure with write() and leaves with _exit().
[[noreturn]] void fail_in_child(int report_fd, int step) {
    const ChildFailure f{step, errno};
    (void)!::write(report_fd, &f, sizeof f);
    ::_exit(127);
}

bool move_fd(int from, int to) {
    return from < 0 || from == to || ::dup2(from, to) == to;
}

} // namespace

int exit_code_of_status(int wait_status) {
    if (WIFEXITED(wait_status)) return WEXITSTATUS(wait_status);
    if (WIFSIGNALED(wait_status)) return -WTERMSIG(wait_status);
    return -1000;
}

ChildProcess::ChildProcess(const SpawnOptions& options) {
    if (options.argv.empty())
        throw Error(Code::internal, "starting a program: no program was named (a bug)");
    // argv and envp are built before fork(): the child may not allocate.
    std::vector<char*> args;
    for (const auto& a : options.argv)
        args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    std::vector<std::string> env_strings;
    for (char** e = environ; *e != nullptr; ++e) {
        const std::string_view entry = *e;
        if (options.extra_env.count(std::string(entry.substr(0, entry.find('=')))) == 0)
            env_strings.emplace_back(entry);
    }
    for (const auto& [key, value] : options.extra_env)
        env_strings.push_back(key + "=" + value);
    std::vector<char*> envp;
    for (auto& e : env_strings)
        envp.push_back(e.data());
    envp.push_back(nullptr);

    int report[2];
    if (::pipe2(report, O_CLOEXEC) != 0)
        throw Error(Code::internal,
                    "cannot start " + options.argv[0] + ": pipe2: " + std::strerror(errno));
    const pid_t parent = ::getpid();
    pid_ = ::fork();
    if (pid_ < 0) {
        const int err = errno;
        ::close(report[0]);
        ::close(report[1]);
        throw Error(Code::internal,
                    "cannot start " + options.argv[0] + ": fork: " + std::strerror(err));
    }
    if (pid_ == 0) {
        if (options.die_with_parent) {
            (void)::prctl(PR_SET_PDEATHSIG, SIGTERM);
            if (::getppid() != parent) ::_exit(127); // the parent died before prctl took effect
        }
        if (!move_fd(options.stdin_fd, STDIN_FILENO) ||
            !move_fd(options.stdout_fd, STDOUT_FILENO) ||
            !move_fd(options.stderr_fd, STDERR_FILENO))
            fail_in_child(report[1], 0);
        // Everything above 2 closes at exec (the report pipe too, which tells the parent exec
        // worked).
        (void)::syscall(SYS_close_range, 3U, ~0U, CLOSE_RANGE_CLOEXEC);
        struct sigaction default_action {};
        default_action.sa_handler = SIG_DFL;
        sigemptyset(&default_action.sa_mask);
        for (int s = 1; s < NSIG; ++s)
            if (s != SIGKILL && s != SIGSTOP) (void)::sigaction(s, &default_action, nullptr);
        sigset_t none;
        sigemptyset(&none);
        (void)::sigprocmask(SIG_SETMASK, &none, nullptr);
        ::execve(args[0], args.data(), envp.data());
        fail_in_child(report[1], 1);
    }
    ::close(report[1]);
    // EOF: exec succeeded (the pipe closed with it). A record: the child failed and is exiting.
    ChildFailure failure{};
    ssize_t n = 0;
    do
        n = ::read(report[0], &failure, sizeof failure);
    while (n < 0 && errno == EINTR);
    ::close(report[0]);
    if (n == static_cast<ssize_t>(sizeof failure)) {
        wait();
        pid_ = -1;
        throw Error(Code::io, "cannot run " + options.argv[0] + ": " +
                                  (failure.step == 0 ? "dup2: " : "") + std::strerror(failure.err));
    }
}

ChildProcess::~ChildProcess() {
    if (pid_ > 0 && !exit_code_) {
        (void)::kill(pid_, SIGKILL);
        wait();
    }
}

ChildProcess::ChildProcess(ChildProcess&& other) noexcept
    : pid_(other.pid_), exit_code_(other.exit_code_), usage_(other.usage_) {
    other.pid_ = -1;
}

ChildProcess& ChildProcess::operator=(ChildProcess&& other) noexcept {
    if (this != &other) {
        if (pid_ > 0 && !exit_code_) {
            (void)::kill(pid_, SIGKILL);
            wait();
        }
        pid_ = other.pid_;
        exit_code_ = other.exit_code_;
        usage_ = other.usage_;
        other.pid_ = -1;
    }
    return *this;
}

bool ChildProcess::reap(bool block) {
    if (exit_code_) return true;
    if (pid_ <= 0) return false;
    int status = 0;
    pid_t r = 0;
    do
        r = ::wait4(pid_, &status, block ? 0 : WNOHANG, &usage_);
    while (r < 0 && errno == EINTR);
    if (r != pid_) {
        // ECHILD: someone else reaped it (never in hrc); treat it as ended so nobody waits forever.
        if (r < 0) exit_code_ = -1000;
        return r < 0;
    }
    exit_code_ = exit_code_of_status(status);
    return true;
}

bool ChildProcess::running() {
    return !reap(false);
}

int ChildProcess::wait() {
    reap(true);
    return exit_code_.value_or(-1000);
}

std::optional<int> ChildProcess::wait_for(std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!reap(false)) {
        if (std::chrono::steady_clock::now() >= deadline) return std::nullopt;
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return exit_code_;
}

bool ChildProcess::send_signal(int signal) {
    if (pid_ <= 0 || exit_code_) return false;
    return ::kill(pid_, signal) == 0;
}

} // namespace hrc
