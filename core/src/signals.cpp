// signals.cpp — see hrc/signals.h.

#include "hrc/signals.h"

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <string>

#include <poll.h>
#include <pthread.h>
#include <sys/eventfd.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include "hrc/error.h"

namespace hrc {

SignalThread::SignalThread(std::initializer_list<int> signals) {
    sigemptyset(&set_);
    for (int s : signals)
        if (sigaddset(&set_, s) != 0)
            throw Error(Code::internal, "signal " + std::to_string(s) + " does not exist");
    if (const int rc = pthread_sigmask(SIG_BLOCK, &set_, nullptr); rc != 0)
        throw Error(Code::internal,
                    std::string("cannot block the stop signals (pthread_sigmask: ") +
                        std::strerror(rc) + ")");
}

SignalThread::~SignalThread() {
    stop();
    if (signal_fd_ >= 0) ::close(signal_fd_);
    if (stop_fd_ >= 0) ::close(stop_fd_);
}

void SignalThread::start(std::function<void(int)> on_signal) {
    if (thread_.joinable() || signal_fd_ >= 0)
        throw Error(Code::internal, "the signal thread was started twice (a bug)");
    signal_fd_ = ::signalfd(-1, &set_, SFD_CLOEXEC);
    if (signal_fd_ < 0)
        throw Error(Code::internal,
                    std::string("cannot receive signals (signalfd: ") + std::strerror(errno) + ")");
    stop_fd_ = ::eventfd(0, EFD_CLOEXEC);
    if (stop_fd_ < 0)
        throw Error(Code::internal, std::string("cannot start the signal thread (eventfd: ") +
                                        std::strerror(errno) + ")");
    try {
        thread_ = std::thread([this, on_signal = std::move(on_signal)] {
            for (;;) {
                pollfd fds[2] = {{signal_fd_, POLLIN, 0}, {stop_fd_, POLLIN, 0}};
                const int rc = ::poll(fds, 2, -1);
                if (rc < 0 && errno == EINTR) continue;
                if (rc < 0 || (fds[1].revents & POLLIN) != 0) return;
                if ((fds[0].revents & POLLIN) == 0) continue;
                signalfd_siginfo info{};
                const ssize_t n = ::read(signal_fd_, &info, sizeof info);
                if (n == static_cast<ssize_t>(sizeof info))
                    on_signal(static_cast<int>(info.ssi_signo));
                else if (n < 0 && errno != EINTR && errno != EAGAIN)
                    return;
            }
        });
    } catch (const std::system_error& e) {
        throw Error(Code::internal, std::string("cannot start the signal thread: ") + e.what());
    }
}

void SignalThread::stop() {
    if (!thread_.joinable()) return;
    const std::uint64_t one = 1;
    // An eventfd write of 1 cannot fail short of a counter overflow, which one write cannot cause.
    (void)!::write(stop_fd_, &one, sizeof one);
    thread_.join();
}

} // namespace hrc
