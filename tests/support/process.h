// process.h — start and stop real programs from tests: hrc-central, hrc-sync, hrc-fault-proxy.
#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <sys/types.h>

#include "hrc/spawn.h"

namespace hrc_test {

// A child process (started by hrc/spawn.h, which closes every other descriptor in it and gives it
// SIGTERM if the test process dies) with its stdout in a pipe (read line by line) and stderr
// appended to a log file. The destructor sends SIGTERM, waits up to 5 s, then SIGKILL.
class Process {
public:
    // Starts `argv[0]` with `argv` and extra environment variables. Throws std::runtime_error
    // (hrc::Error, naming execve's errno, for a program that cannot be executed) if it cannot be
    // started.
    Process(const std::vector<std::string>& argv, const std::string& stderr_log,
            const std::map<std::string, std::string>& extra_env = {});
    ~Process();
    Process(const Process&) = delete;
    Process& operator=(const Process&) = delete;

    // Reads stdout until a line containing `needle` (returns that line) or the timeout / exit
    // (returns "" ).
    std::string wait_for_line(const std::string& needle, std::chrono::milliseconds timeout);
    // Returns what the process wrote to stdout since the last call (waiting up to `wait` for some).
    std::string read_output(std::chrono::milliseconds wait);
    // Sends `signal` and waits for the exit. Returns the wait status.
    int stop(int signal);
    // Waits for the process to end by itself. Returns the exit code, or -signal if killed, or
    // 1000 on timeout (the process is then killed).
    int wait_exit(std::chrono::milliseconds timeout);
    pid_t pid() const { return child_->pid(); }
    bool running();

private:
    std::optional<hrc::ChildProcess> child_;
    int stdout_fd_ = -1;
    std::string buffer_;
};

// Runs a command to completion. Returns {exit code (or -signal), stdout}; stderr appended to `log`.
struct RunResult {
    int code = -1;
    std::string out;
};
RunResult run_command(const std::vector<std::string>& argv, const std::string& stderr_log,
                      const std::map<std::string, std::string>& extra_env = {},
                      std::chrono::milliseconds timeout = std::chrono::minutes(5));

// A free TCP port on 127.0.0.1 (bound and released; good enough for tests on one machine).
int free_port();

} // namespace hrc_test
