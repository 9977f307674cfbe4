// hrc-bench-reliability — the long reliability runs of the store, with figures for the note:
//
//   1. crash: a child submits in a loop and is SIGKILLed at random moments (default 1000 times);
//      every confirmed reference must be stored exactly once, whole, and the store must verify.
//   2. enospc: a real full disk (a 3 MiB tmpfs in a private mount namespace; needs root): submit
//      until the disk is full; the error must be disk_full, nothing half-written, and a later
//      submit must succeed once space is freed.
//
// Usage: hrc-bench-reliability [--kills N] [--max-delay-ms N] [--seed N] [--skip-enospc]
// Prints figures; exits 1 if a run found lost, duplicated or damaged data (it is a check as well
// as a measurement), 2 on usage errors.

#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>

#include <sched.h>
#include <sys/mount.h>
#include <unistd.h>

#include "hrc/error.h"
#include "hrc/kiosk_store.h"
#include "hrc/process.h"
#include "hrc/submit.h"

#include "crash_harness.h"
#include "test_support.h"

namespace fs = std::filesystem;

namespace {

bool run_crash(int kills, int max_delay_ms, std::uint32_t seed) {
    const fs::path dir = fs::temp_directory_path() / ("hrc-crash-" + std::to_string(::getpid()));
    std::cout << "crash: " << kills << " SIGKILLs during submit (delay 0-" << max_delay_ms
              << " ms, seed " << seed << ")\n";
    const hrc_test::CrashRunResult r = hrc_test::run_crash_test(dir, kills, max_delay_ms, seed);
    fs::remove_all(dir);
    std::cout << "  kills                 " << r.kills << "\n"
              << "  confirmed references  " << r.confirmed << "\n"
              << "  rows stored           " << r.stored << " (" << (r.stored - r.confirmed)
              << " committed but killed before confirming)\n"
              << "  confirmed but missing " << r.confirmed_missing << "\n"
              << "  duplicated references " << r.duplicates << "\n"
              << "  rows that do not open " << r.unreadable_rows << "\n"
              << "  integrity_check       " << r.integrity << "\n"
              << "  audit chain           " << (r.audit_ok ? "intact" : "BROKEN") << "\n"
              << "  time                  " << r.seconds << " s\n";
    return r.confirmed_missing == 0 && r.duplicates == 0 && r.unreadable_rows == 0 &&
           r.integrity == "ok" && r.audit_ok;
}

bool run_enospc() {
    std::cout << "enospc: submit onto a 3 MiB tmpfs until it is full\n";
    if (::geteuid() != 0) {
        std::cout << "  not run: mounting a tmpfs needs root (CI runs as root)\n";
        return false;
    }
    // A private mount namespace: the tmpfs is invisible to the rest of the machine and goes away
    // with this process.
    if (::unshare(CLONE_NEWNS) != 0 ||
        ::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0) {
        std::cout << "  not run: cannot create a mount namespace: " << std::strerror(errno) << "\n";
        return false;
    }
    const fs::path dir = fs::temp_directory_path() / ("hrc-enospc-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    if (::mount("tmpfs", dir.c_str(), "tmpfs", 0, "size=3m,mode=0700") != 0) {
        std::cout << "  not run: cannot mount tmpfs: " << std::strerror(errno) << "\n";
        return false;
    }
    bool ok = true;
    try {
        hrc_test::StoreFolder folder;
        hrc::Store store = folder.create(dir, "kiosk-enospc", "centre", hrc::unix_now());
        const hrc::KioskKeys& keys = folder.keys;
        const hrc::CentralIdentity& central = folder.central;
        // A filler file we can delete later to make room again.
        {
            std::ofstream filler(dir / "filler", std::ios::binary);
            std::string block(64 * 1024, 'x');
            for (int i = 0; i < 8 && filler; ++i)
                filler << block;
        }
        const hrc::Report base = hrc_test::fresh_report();
        int stored = 0;
        std::string message;
        hrc::Code code = hrc::Code::ok;
        for (int i = 0; i < 100000 && code == hrc::Code::ok; ++i) {
            hrc::Report r = base;
            try {
                if (hrc::submit_report(store, r, keys, central, hrc::local_today(), hrc::unix_now())
                        .stored())
                    ++stored;
            } catch (const hrc::Error& e) {
                code = e.code();
                message = e.what();
            }
        }
        const std::size_t rows_after_full = store.list().size();
        const std::string integrity = store.integrity_check();
        fs::remove(dir / "filler");
        hrc::Report again = base;
        bool later_ok = false;
        try {
            later_ok =
                hrc::submit_report(store, again, keys, central, hrc::local_today(), hrc::unix_now())
                    .stored();
        } catch (const hrc::Error& e) {
            message += " / later submit failed: " + std::string(e.what());
        }
        const std::size_t rows_final = store.list().size();
        std::cout << "  stored before full    " << stored << "\n"
                  << "  error code            " << static_cast<int>(code)
                  << (code == hrc::Code::disk_full ? " (disk_full)" : " (UNEXPECTED)") << "\n"
                  << "  message               " << message << "\n"
                  << "  rows after the error  " << rows_after_full
                  << (rows_after_full == static_cast<std::size_t>(stored)
                          ? " (= stored: nothing half-written)"
                          : " (MISMATCH)")
                  << "\n"
                  << "  integrity_check       " << integrity << "\n"
                  << "  submit after freeing  " << (later_ok ? "stored" : "FAILED") << " (rows now "
                  << rows_final << ")\n"
                  << "  audit chain           " << (store.verify_audit().ok ? "intact" : "BROKEN")
                  << "\n";
        ok = code == hrc::Code::disk_full && rows_after_full == static_cast<std::size_t>(stored) &&
             integrity == "ok" && later_ok && rows_final == rows_after_full + 1 &&
             store.verify_audit().ok;
    } catch (const std::exception& e) {
        std::cout << "  FAILED: " << e.what() << "\n";
        ok = false;
    }
    ::umount2(dir.c_str(), MNT_DETACH);
    fs::remove_all(dir);
    return ok;
}

} // namespace

int main(int argc, char** argv) {
    int kills = 1000, max_delay_ms = 40;
    std::uint32_t seed =
        static_cast<std::uint32_t>(std::chrono::system_clock::now().time_since_epoch().count());
    bool enospc = true;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--kills" && i + 1 < argc)
            kills = std::stoi(argv[++i]);
        else if (a == "--max-delay-ms" && i + 1 < argc)
            max_delay_ms = std::stoi(argv[++i]);
        else if (a == "--seed" && i + 1 < argc)
            seed = static_cast<std::uint32_t>(std::stoul(argv[++i]));
        else if (a == "--skip-enospc")
            enospc = false;
        else {
            std::cerr << "usage: hrc-bench-reliability [--kills N] [--max-delay-ms N] [--seed N] "
                         "[--skip-enospc]\n"
                         "example: sudo build/bench/hrc-bench-reliability --kills 1000\n";
            return a == "--help" ? 0 : 2;
        }
    }
    if (!hrc::harden_process()) return 70;
    bool ok = run_crash(kills, max_delay_ms, seed);
    if (enospc) ok = run_enospc() && ok;
    std::cout << (ok ? "result: no report lost, duplicated or half-written\n"
                     : "result: PROBLEM FOUND (see above)\n");
    return ok ? 0 : 1;
}
