// process.cpp — see hrc/process.h.

#include "hrc/process.h"

#include <sodium.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>

namespace hrc {

bool harden_process() {
    // Failures of the first two are not fatal (e.g. a sandbox that forbids prctl), but each is
    // attempted independently so one refusal does not skip the other.
    (void)prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
    const rlimit no_core{0, 0};
    (void)setrlimit(RLIMIT_CORE, &no_core);
    umask(077);
    return sodium_init() >= 0;
}

} // namespace hrc
