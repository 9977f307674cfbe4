// hrc/spawn.h — the one fork/exec wrapper: starting another program (tests start hrc-central,
// hrc-sync and tools; benchmarks start the programs they measure).
//
// What the child gets, guaranteed before the program's first instruction:
//   * argv exactly as given (argv[0] is the path that is executed: no $PATH search, no shell, so
//     no argument is ever interpreted);
//   * this process's environment, with `extra_env` added (replacing variables of the same name);
//   * stdin/stdout/stderr as given (-1: shared with this process), and NO other file descriptor:
//     every other one is closed at exec (close_range(CLOSE_RANGE_CLOEXEC); on kernels older than
//     5.11, those not opened O_CLOEXEC stay open — every descriptor hrc opens is O_CLOEXEC);
//   * an empty signal mask and every signal at its default action: a parent that blocks SIGTERM
//     for its signal thread (hrc/signals.h) or ignores SIGPIPE does not pass that on;
//   * with `die_with_parent`, SIGTERM when the thread that started it ends (PR_SET_PDEATHSIG: start
//     children from the main thread), so a test that crashes leaves no server running.
//
// Errors: the constructor throws hrc::Error when the child cannot be started — Code::io for a
// program that cannot be executed (missing, not executable: the message names it and execve's
// errno, which the child reports back through a close-on-exec pipe, so an exec failure is never
// mistaken for the program exiting 127), Code::internal when pipe/fork fail. Nothing else throws.
// Exit statuses are one int: the exit code 0..255, or -N when the child was killed by signal N.
#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <sys/resource.h>
#include <sys/types.h>

namespace hrc {

struct SpawnOptions {
    std::vector<std::string> argv;                // argv[0]: the program's path; must not be empty
    std::map<std::string, std::string> extra_env; // added to this process's environment
    int stdin_fd = -1;                            // -1: the child shares this process's stdin
    int stdout_fd = -1;                           // -1: … stdout
    int stderr_fd = -1;                           // -1: … stderr
    bool die_with_parent = false;                 // SIGTERM the child when the starting thread ends
};

// A wait status (from waitpid) as an exit code, or -signal. -1000 for a status that is neither.
int exit_code_of_status(int wait_status);

class ChildProcess {
public:
    // Starts the program (see the top of this file for what it gets and what throws).
    explicit ChildProcess(const SpawnOptions& options);
    // A child still running is killed (SIGKILL) and reaped: no orphans, no zombies. Never throws.
    ~ChildProcess();
    ChildProcess(ChildProcess&& other) noexcept;
    ChildProcess& operator=(ChildProcess&& other) noexcept;
    ChildProcess(const ChildProcess&) = delete;
    ChildProcess& operator=(const ChildProcess&) = delete;

    pid_t pid() const { return pid_; }
    // False once the child has ended (it is then reaped, and exit_code() is set). Never throws.
    bool running();
    // Blocks until the child ends; returns its exit code (or -signal). Never throws.
    int wait();
    // Waits up to `timeout`; nullopt if it is still running then. Never throws.
    std::optional<int> wait_for(std::chrono::milliseconds timeout);
    // Sends `signal` unless the child has been reaped (never a recycled pid). Returns kill()'s
    // result (false: it had already been reaped, or kill failed). Never throws.
    bool send_signal(int signal);
    // After the child has ended: its exit code (or -signal), and its CPU time (from wait4).
    std::optional<int> exit_code() const { return exit_code_; }
    const rusage& resource_usage() const { return usage_; }

private:
    bool reap(bool block);
    pid_t pid_ = -1;
    std::optional<int> exit_code_;
    rusage usage_{};
};

} // namespace hrc
