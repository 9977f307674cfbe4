// Crash safety of Send: a child process submits in a loop and is SIGKILLed at random moments.
// Every reference it confirmed must be in the store exactly once, whole and openable.
#include <cstdlib>

#include <catch2/catch.hpp>

#include "../support/crash_harness.h"
#include "test_support.h"

TEST_CASE("crash: SIGKILL during submit loses and duplicates nothing (200 kills)",
          "[reliability][crash]") {
    hrc_test::TempDir dir;
    const std::uint32_t seed = Catch::rngSeed() ? Catch::rngSeed() : 20251127u;
    INFO("seed " << seed);
    // Kills spread over 0-60 ms: time for the child to open the store and confirm a report or two
    // even on a loaded 2-core machine (with 40 ms, runs beside other tests confirmed fewer than
    // one report per kill on average, and the check below failed without any fault of the store).
    const hrc_test::CrashRunResult r = hrc_test::run_crash_test(dir.path(), 200, 60, seed);
    INFO("kills " << r.kills << ", confirmed " << r.confirmed << ", stored " << r.stored);
    CHECK(r.kills == 200);
    // The test proves something only if kills really interrupted a stream of submits.
    CHECK(r.confirmed >= 200);
    CHECK(r.stored >= r.confirmed);
    CHECK(r.confirmed_missing == 0);
    CHECK(r.duplicates == 0);
    CHECK(r.unreadable_rows == 0);
    CHECK(r.integrity == "ok");
    CHECK(r.audit_ok);
}
