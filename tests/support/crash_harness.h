// crash_harness.h — kill a submitting process at random moments and check that nothing confirmed
// was lost or duplicated. Used by the ctest reliability test (≥200 kills, asserted) and by
// bench/crash (1000 kills, figures printed).
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

namespace hrc_test {

struct CrashRunResult {
    int kills = 0;               // children SIGKILLed
    int confirmed = 0;           // references a child reported after submit_report returned
    int stored = 0;              // rows in the outbox afterwards
    int confirmed_missing = 0;   // confirmed but not in the store (must be 0)
    int duplicates = 0;          // references stored more than once (must be 0)
    int unreadable_rows = 0;     // rows whose sealed bytes do not open at central (must be 0)
    std::string integrity = "?"; // PRAGMA integrity_check after all kills ("ok")
    bool audit_ok = false;       // audit hash chain intact
    double seconds = 0;
};

// Runs `kills` rounds in a fresh store under `work_dir`: fork a child that submits reports in a
// loop and writes each returned reference to a pipe; after a random delay (0..max_delay_ms) the
// parent SIGKILLs it. Then opens the store and checks every confirmed reference. `seed` makes the
// delays reproducible. Throws hrc::Error if the store cannot be set up.
CrashRunResult run_crash_test(const std::filesystem::path& work_dir, int kills, int max_delay_ms,
                              std::uint32_t seed);

} // namespace hrc_test
