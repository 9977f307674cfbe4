// hrc/signals.h: signals blocked at construction reach on_signal on the signal thread, in order,
// including one that arrived before start(); after stop() none is handled (it stays pending).
// The test uses SIGUSR1/SIGUSR2/SIGHUP, whose default action would end this test process: were
// the mask not applied, the test would die rather than pass.
#include <condition_variable>
#include <csignal>
#include <ctime>
#include <mutex>
#include <thread>
#include <vector>

#include <catch2/catch.hpp>
#include <pthread.h>
#include <unistd.h>

#include "hrc/error.h"
#include "hrc/signals.h"

namespace {

struct Seen {
    std::mutex mutex;
    std::condition_variable changed;
    std::vector<int> signals;
    std::thread::id thread;

    void add(int s) {
        std::lock_guard<std::mutex> lock(mutex);
        signals.push_back(s);
        thread = std::this_thread::get_id();
        changed.notify_all();
    }
    // Waits up to 5 s for `n` signals; returns those seen.
    std::vector<int> wait_for(std::size_t n) {
        std::unique_lock<std::mutex> lock(mutex);
        changed.wait_for(lock, std::chrono::seconds(5), [&] { return signals.size() >= n; });
        return signals;
    }
};

// Restores this thread's signal mask on scope exit (SignalThread leaves its signals blocked).
struct MaskGuard {
    MaskGuard() { pthread_sigmask(SIG_SETMASK, nullptr, &old); }
    ~MaskGuard() { pthread_sigmask(SIG_SETMASK, &old, nullptr); }
    sigset_t old{};
};

} // namespace

TEST_CASE(
    "signals: each signal reaches on_signal on the signal thread, one arrived before start too",
    "[unit][signals]") {
    const MaskGuard guard;
    Seen seen;
    hrc::SignalThread signals{SIGUSR1, SIGUSR2, SIGHUP};
    // Before start(): blocked, so it waits (the default action would end this process).
    REQUIRE(::kill(::getpid(), SIGUSR1) == 0);
    signals.start([&](int s) { seen.add(s); });
    CHECK(seen.wait_for(1) == std::vector<int>{SIGUSR1});
    REQUIRE(::kill(::getpid(), SIGHUP) == 0);
    CHECK(seen.wait_for(2) == std::vector<int>{SIGUSR1, SIGHUP});
    REQUIRE(::kill(::getpid(), SIGUSR2) == 0);
    CHECK(seen.wait_for(3) == std::vector<int>{SIGUSR1, SIGHUP, SIGUSR2});
    CHECK(seen.thread != std::this_thread::get_id());
    CHECK_THROWS_AS(signals.start([](int) {}), hrc::Error);
}

TEST_CASE("signals: after stop() nothing is handled and the signal stays pending",
          "[unit][signals]") {
    const MaskGuard guard;
    Seen seen;
    {
        hrc::SignalThread signals{SIGUSR2};
        signals.start([&](int s) { seen.add(s); });
        signals.stop();
        signals.stop(); // idempotent
        REQUIRE(::kill(::getpid(), SIGUSR2) == 0);
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    CHECK(seen.wait_for(0).empty());
    // Still blocked and pending: take it here so it never reaches the default action.
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGUSR2);
    const timespec wait{5, 0};
    CHECK(sigtimedwait(&set, nullptr, &wait) == SIGUSR2);
}

TEST_CASE("signals: a SignalThread never started just blocks its signals", "[unit][signals]") {
    const MaskGuard guard;
    { hrc::SignalThread signals{SIGUSR1}; }
    sigset_t now;
    REQUIRE(pthread_sigmask(SIG_SETMASK, nullptr, &now) == 0);
    CHECK(sigismember(&now, SIGUSR1) == 1);
}
