// The Catch2 main for hrc_unit_tests: initialises libsodium once before any test runs.
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>
#include <sodium.h>

int main(int argc, char* argv[]) {
    if (sodium_init() < 0) return 70;
    return Catch::Session().run(argc, argv);
}
