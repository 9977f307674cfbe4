// error_of.h — for Catch2 tests of code that reports failure by throwing hrc::Error.
#pragma once

#include <functional>
#include <string>

#include <catch2/catch.hpp>

#include "hrc/error.h"

namespace hrc_test {

// The message of the hrc::Error that `f` throws; fails the test unless it throws one with `code`.
inline std::string error_of(const std::function<void()>& f, hrc::Code code) {
    try {
        f();
    } catch (const hrc::Error& e) {
        CHECK(e.code() == code);
        return e.what();
    }
    FAIL("expected an hrc::Error");
    return {};
}

} // namespace hrc_test
