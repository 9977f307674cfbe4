// crash_harness.cpp — see crash_harness.h.

#include "crash_harness.h"

#include <chrono>
#include <csignal>
#include <cstdint>
#include <fstream>
#include <iterator>
#include <map>
#include <random>
#include <set>
#include <thread>

#include <fcntl.h>
#include <poll.h>
#include <sodium.h>
#include <sys/wait.h>
#include <unistd.h>

#include "hrc/kiosk_store.h"
#include "hrc/report.h"
#include "hrc/seal.h"
#include "hrc/store.h"
#include "hrc/submit.h"

#include "test_support.h"

namespace hrc_test {

namespace {

// The child: submit forever, confirming each stored reference on the pipe. Never returns.
[[noreturn]] void submit_forever(const hrc::Config& config, const hrc::KioskKeys& keys,
                                 const hrc::CentralIdentity& central, const hrc::Report& base,
                                 int confirm_fd) {
    try {
        hrc::Store store = hrc::open_kiosk_store(config);
        for (;;) {
            hrc::Report r = base;
            const hrc::SubmitOutcome out =
                hrc::submit_report(store, r, keys, central, {2025, 3, 27}, hrc::unix_now());
            if (!out.stored()) ::_exit(3);
            const std::string line = out.reference + "\n";
            if (::write(confirm_fd, line.data(), line.size()) != static_cast<ssize_t>(line.size()))
                ::_exit(4);
        }
    } catch (...) {
        ::_exit(5);
    }
}

std::string drain(int fd) {
    std::string out;
    char buf[4096];
    for (;;) {
        const ssize_t n = ::read(fd, buf, sizeof buf);
        if (n <= 0) break;
        out.append(buf, static_cast<std::size_t>(n));
    }
    return out;
}

} // namespace

CrashRunResult run_crash_test(const std::filesystem::path& work_dir, int kills, int max_delay_ms,
                              std::uint32_t seed) {
    const auto started = std::chrono::steady_clock::now();
    std::filesystem::create_directories(work_dir);
    StoreFolder folder;
    folder.create(work_dir, "kiosk-crash", "centre-crash",
                  hrc::unix_now()); // closed again at once: children open it
    const hrc::Config& config = folder.config;
    const hrc::KioskKeys& keys = folder.keys;
    const hrc::CentralSecrets& central_secrets = folder.central_secrets;
    const hrc::CentralIdentity& central = folder.central;
    const hrc::Report base = fresh_report();
    std::mt19937 rng(seed);
    std::uniform_int_distribution<int> delay(0, max_delay_ms);

    CrashRunResult result;
    std::vector<std::string> confirmed;
    for (int i = 0; i < kills; ++i) {
        int fds[2];
        if (::pipe2(fds, O_CLOEXEC) != 0) throw std::runtime_error("pipe failed");
        const pid_t child = ::fork();
        if (child < 0) throw std::runtime_error("fork failed");
        if (child == 0) {
            ::close(fds[0]);
            submit_forever(config, keys, central, base, fds[1]);
        }
        ::close(fds[1]);
        std::this_thread::sleep_for(
            std::chrono::microseconds(delay(rng) * 1000 + static_cast<int>(rng() % 1000)));
        ::kill(child, SIGKILL);
        int status = 0;
        ::waitpid(child, &status, 0);
        if (WIFEXITED(status))
            throw std::runtime_error("the submitting child stopped by itself with code " +
                                     std::to_string(WEXITSTATUS(status)));
        ++result.kills;
        // Only complete lines count: a reference is confirmed once its newline was written.
        const std::string text = drain(fds[0]);
        ::close(fds[0]);
        std::size_t start = 0;
        for (std::size_t nl; (nl = text.find('\n', start)) != std::string::npos; start = nl + 1)
            confirmed.push_back(text.substr(start, nl - start));
    }
    result.confirmed = static_cast<int>(confirmed.size());

    hrc::Store store = hrc::open_kiosk_store(config);
    std::map<std::string, int> stored;
    for (const auto& e : store.list())
        ++stored[e.reference];
    result.stored = static_cast<int>(store.list().size());
    for (const auto& [reference, n] : stored)
        if (n > 1) ++result.duplicates;
    for (const auto& reference : confirmed)
        if (!stored.count(reference)) ++result.confirmed_missing;
    // Every stored row must be a whole sealed report that central can open.
    for (const auto& item : store.claim_batch(hrc::unix_now(), 1 << 30, INT64_MAX)) {
        try {
            hrc::OpenedReport opened =
                hrc::open_sealed(item.sealed, keys.public_key, central_secrets);
            sodium_memzero(opened.plaintext.data(), opened.plaintext.size());
        } catch (const hrc::Error&) {
            ++result.unreadable_rows;
        }
    }
    result.integrity = store.integrity_check();
    result.audit_ok = store.verify_audit().ok;
    result.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return result;
}

} // namespace hrc_test
