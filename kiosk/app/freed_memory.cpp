// freed_memory.cpp — see freed_memory.h.
#include "freed_memory.h"

#include <cstddef>
#include <cstring>

#include <jemalloc/jemalloc.h>

// Read by jemalloc when it starts (before main): fill every freed block with 0x5a. An environment
// variable MALLOC_CONF is read after it and could turn this off; freed_memory_problem() notices.
extern "C" {
JEMALLOC_EXPORT const char* malloc_conf = "junk:free";
}

namespace hrc::kiosk {

std::string freed_memory_problem() {
    const char* junk = nullptr;
    std::size_t length = sizeof(junk);
    if (mallctl("opt.junk", static_cast<void*>(&junk), &length, nullptr, 0) != 0 || junk == nullptr)
        return "the memory allocator cannot say whether it overwrites freed memory (hrc-kiosk must "
               "be linked with "
               "Debian's libjemalloc2, which was built with --enable-fill)";
    if (std::strcmp(junk, "free") != 0 && std::strcmp(junk, "true") != 0)
        return std::string("freed memory is not overwritten (jemalloc opt.junk is \"") + junk +
               "\"): remove MALLOC_CONF from hrc-kiosk's environment, so nothing a person typed "
               "stays in freed memory";
    return {};
}

bool release_freed_pages() {
    // "arena.<MALLCTL_ARENAS_ALL>.purge": every arena's unused dirty pages, madvise()d away.
    const std::string all_arenas = "arena." + std::to_string(MALLCTL_ARENAS_ALL) + ".purge";
    return mallctl(all_arenas.c_str(), nullptr, nullptr, nullptr, 0) == 0;
}

} // namespace hrc::kiosk
