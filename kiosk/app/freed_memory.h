// freed_memory.h — hrc-kiosk overwrites every block of memory it frees (issue 13, BRIEF §11).
//
// What a person types passes through many hands before the session ends: our model and view,
// std::string temporaries, ICU (UTF-16 copies for bidi and line breaking), HarfBuzz (UTF-32 buffers),
// the shaped-text cache, Dear ImGui. Our own copies are zeroed explicitly when a session ends, but
// the libraries free theirs without zeroing, and with glibc's malloc a freed block keeps its bytes
// until it is reused. So hrc-kiosk is linked with jemalloc (Debian's libjemalloc2) configured at
// build time with "junk:free": jemalloc overwrites every freed block, whatever its size and whoever
// allocated it, with 0x5a before anything else can reuse or read it. The cost is one memset per
// free: 1.01x glibc on the text layer's layout work (bench/hrc-bench-freed-memory).
#pragma once

#include <string>

namespace hrc::kiosk {

// Empty when freed memory is overwritten in this process; otherwise what is wrong and what to do
// (a MALLOC_CONF in the environment that turns it off, or a build without jemalloc). Never throws.
std::string freed_memory_problem();

// Gives back to the kernel the pages of freed memory jemalloc keeps for reuse (every arena
// purged). They were overwritten when freed; once given back they read as zeros and stop counting
// in the kiosk's memory. jemalloc would give them back by itself only ten seconds after later
// activity, and the kiosk sleeps between inputs, so the shell calls this after its first frame
// (Mesa, LLVM and the fonts free several MiB while the window opens) and after the last frame of
// a wipe. False when jemalloc refused (nothing is lost: the pages stay overwritten). Never throws.
bool release_freed_pages();

} // namespace hrc::kiosk
