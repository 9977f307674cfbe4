// hrc/clock.h — the real clock. Core functions take `now` / `today` as parameters so tests and the
// kiosk shell can inject time; only the outermost callers (tools, the kiosk shell) read it here.
#pragma once

#include <cstdint>

#include "hrc/validation.h"

namespace hrc {

CivilDate local_today(); // the kiosk's local calendar date (TZ from the system)
std::int64_t unix_now(); // seconds since 1970-01-01T00:00:00Z

} // namespace hrc
