// process.cpp — see process.h.

#include "process.h"

#include <cerrno>
#include <csignal>
#include <stdexcept>
#include <thread>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace hrc_test {

Process::Process(const std::vector<std::string>& argv, const std::string& stderr_log,
                 const std::map<std::string, std::string>& extra_env) {
    int out[2];
    if (::pipe2(out, O_CLOEXEC) != 0) throw std::runtime_error("pipe failed");
    const int err = ::open(stderr_log.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
    if (err < 0) {
        ::close(out[0]);
        ::close(out[1]);
        throw std::runtime_error("cannot open " + stderr_log);
    }
    hrc::SpawnOptions options;
    options.argv = argv;
    options.extra_env = extra_env;
    options.stdout_fd = out[1];
    options.stderr_fd = err;
    // A test that crashes (SIGSEGV, a failed REQUIRE far from any destructor) must not leave its
    // Xvfb, kiosk or central running: the child gets SIGTERM when the test process dies.
    options.die_with_parent = true;
    try {
        child_.emplace(options);
    } catch (...) {
        ::close(out[0]);
        ::close(out[1]);
        ::close(err);
        throw;
    }
    ::close(out[1]);
    ::close(err);
    stdout_fd_ = out[0];
}

Process::~Process() {
    if (running()) stop(SIGTERM);
    if (stdout_fd_ >= 0) ::close(stdout_fd_);
}

bool Process::running() {
    return child_->running();
}

std::string Process::wait_for_line(const std::string& needle, std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
        for (std::size_t nl; (nl = buffer_.find('\n')) != std::string::npos;) {
            std::string line = buffer_.substr(0, nl);
            buffer_.erase(0, nl + 1);
            if (line.find(needle) != std::string::npos) return line;
        }
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) return "";
        pollfd p{stdout_fd_, POLLIN, 0};
        if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) return "";
        char buf[4096];
        const ssize_t n = ::read(stdout_fd_, buf, sizeof buf);
        if (n <= 0) return "";
        buffer_.append(buf, static_cast<std::size_t>(n));
    }
}

int Process::stop(int signal) {
    if (!running()) return child_->exit_code().value_or(-1000);
    child_->send_signal(signal);
    return wait_exit(std::chrono::seconds(5));
}

int Process::wait_exit(std::chrono::milliseconds timeout) {
    if (const auto code = child_->wait_for(timeout)) return *code;
    child_->send_signal(SIGKILL);
    child_->wait();
    return 1000;
}

std::string Process::read_output(std::chrono::milliseconds wait) {
    pollfd p{stdout_fd_, POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(wait.count())) > 0) {
        char buf[4096];
        const ssize_t n = ::read(stdout_fd_, buf, sizeof buf);
        if (n > 0) buffer_.append(buf, static_cast<std::size_t>(n));
    }
    std::string out;
    out.swap(buffer_);
    return out;
}

RunResult run_command(const std::vector<std::string>& argv, const std::string& stderr_log,
                      const std::map<std::string, std::string>& extra_env,
                      std::chrono::milliseconds timeout) {
    Process p(argv, stderr_log, extra_env);
    RunResult r;
    // Drain stdout while waiting, so a chatty child never blocks on a full pipe.
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (p.running() && std::chrono::steady_clock::now() < deadline)
        r.out += p.read_output(std::chrono::milliseconds(20));
    for (std::string more; !(more = p.read_output(std::chrono::milliseconds(10))).empty();)
        r.out += more;
    r.code = p.wait_exit(std::chrono::milliseconds(100));
    return r;
}

int free_port() {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof a;
    if (fd < 0 || ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 ||
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) != 0)
        throw std::runtime_error("no free port");
    const int port = ntohs(a.sin_port);
    ::close(fd);
    return port;
}

} // namespace hrc_test
