// hrc/signals.h — the one way hrc programs take SIGTERM, SIGINT and SIGHUP: blocked in every thread
// and received by one thread of their own, so what a signal does runs as ordinary code (it may
// lock, allocate, log, call library functions), never inside an asynchronous signal handler.
//
// Use:
//   1. Construct a SignalThread first thing in main(), before any other thread exists: the
//      constructor blocks the signals in the calling thread, and every thread started later
//      (cpp-httplib's pool, curl's resolver, the kiosk's audio) inherits the mask, so the kernel
//      can deliver them nowhere else.
//   2. start(on_signal) once the objects on_signal needs exist. From then on each signal that
//      arrives calls on_signal(signal number) on the signal thread, one call at a time, in order.
//      A signal that arrived between 1 and 2 is delivered at 2 (it stays pending while blocked).
//   3. stop() (or the destructor) ends the thread; when it returns, on_signal is running nowhere
//   and
//      will not be called again. The signals stay blocked: one arriving later stays pending and is
//      ignored (the program is ending).
// The thread waits on a signalfd and an eventfd (stop() writes it), so no signal number is taken
// for internal use. Children started with hrc/spawn.h get an empty mask back.
//
// Errors: the constructor and start() throw hrc::Error(Code::internal) naming the call that failed
// (pthread_sigmask, signalfd, eventfd, thread creation); stop() and the destructor never throw.
// If the signal thread's wait itself fails (it cannot with valid descriptors), the thread ends and
// signals stay pending; on_signal must not throw (the thread would call std::terminate).
#pragma once

#include <atomic>
#include <functional>
#include <initializer_list>
#include <thread>

#include <signal.h>

namespace hrc {

class SignalThread {
public:
    // Blocks `signals` in the calling thread (step 1). Throws Error(Code::internal).
    explicit SignalThread(std::initializer_list<int> signals);
    ~SignalThread();
    SignalThread(const SignalThread&) = delete;
    SignalThread& operator=(const SignalThread&) = delete;

    // Starts the signal thread (step 2). Throws Error(Code::internal); also when called twice.
    void start(std::function<void(int)> on_signal);
    // Ends the thread (step 3): idempotent, never throws; waits for an on_signal in progress, so it
    // must not be called from on_signal itself.
    void stop();

private:
    sigset_t set_{};
    int signal_fd_ = -1;
    int stop_fd_ = -1;
    std::thread thread_;
};

} // namespace hrc
