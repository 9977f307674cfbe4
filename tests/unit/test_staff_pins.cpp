// Staff PINs: only hashes on disk, verification, replacement and removal.
#include <catch2/catch.hpp>

#include "hrc/error.h"
#include "hrc/staff_pins.h"

#include "test_support.h"

TEST_CASE("staff pins: set, verify, replace, remove, only a hash is stored", "[staff]") {
    hrc_test::TempDir dir;
    const auto file = dir / "staff-pins";
    CHECK_FALSE(hrc::verify_staff_pin(file, "S0142", "4821")); // no file yet
    hrc::set_staff_pin(file, "S0142", "4821");
    hrc::set_staff_pin(file, "S0007", "93017");
    CHECK(hrc_test::file_mode(file) == 0600);
    CHECK(hrc_test::read_file(file).find("4821") == std::string::npos);
    CHECK(hrc_test::read_file(file).find("$argon2id$") != std::string::npos);
    CHECK(hrc::verify_staff_pin(file, "S0142", "4821"));
    CHECK(hrc::verify_staff_pin(file, "S0007", "93017"));
    CHECK_FALSE(hrc::verify_staff_pin(file, "S0142", "4822"));
    CHECK_FALSE(hrc::verify_staff_pin(file, "S0007", "4821")); // another member's PIN
    CHECK_FALSE(hrc::verify_staff_pin(file, "S9999", "4821"));
    hrc::set_staff_pin(file, "S0142", "1111");
    CHECK_FALSE(hrc::verify_staff_pin(file, "S0142", "4821"));
    CHECK(hrc::verify_staff_pin(file, "S0142", "1111"));
    CHECK(hrc::remove_staff_pin(file, "S0142"));
    CHECK_FALSE(hrc::remove_staff_pin(file, "S0142"));
    CHECK_FALSE(hrc::verify_staff_pin(file, "S0142", "1111"));
    CHECK(hrc::verify_staff_pin(file, "S0007", "93017"));
}

TEST_CASE("staff pins: bad ids and PINs are refused with a message", "[staff]") {
    hrc_test::TempDir dir;
    CHECK_THROWS_WITH(hrc::set_staff_pin(dir / "p", "S 01", "4821"),
                      "A staff ID is 1 to 64 letters, digits or hyphens");
    CHECK_THROWS_WITH(hrc::set_staff_pin(dir / "p", "S01", "12"), "A PIN is 4 to 12 digits");
    CHECK_THROWS_WITH(hrc::set_staff_pin(dir / "p", "S01", "12ab"), "A PIN is 4 to 12 digits");
    CHECK_FALSE(hrc::verify_staff_pin(dir / "p", "S01", "12ab"));
}
