// clock.cpp — the real clock, for callers that do not inject one (see hrc/clock.h).

#include "hrc/clock.h"

#include <ctime>

namespace hrc {

CivilDate local_today() {
    const std::time_t t = std::time(nullptr);
    std::tm tm{};
    localtime_r(&t, &tm);
    return CivilDate{tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday};
}

std::int64_t unix_now() {
    return static_cast<std::int64_t>(std::time(nullptr));
}

} // namespace hrc
