// memory_scan.h — finds a string in the writable memory of a running process (issue 13): the
// heap, the stacks, the data of every library, anonymous mappings (the GL driver's buffers too).
//
// Reads /proc/PID/maps and then each writable mapping through /proc/PID/mem, which needs ptrace
// access to the process (the test's own child, or root: the kiosk is not dumpable). Looks for the
// text in UTF-8, UTF-16LE and UTF-32LE, the forms in which ICU, HarfBuzz, the standard library and
// our own code hold text on x86-64.
//
// Failure: throws std::runtime_error when the maps cannot be read or when not one byte of the
// process's memory could be read (so a scan that saw nothing can never pass as "not found").
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <sys/types.h>

namespace hrc_e2e {

struct MemoryHit {
    std::string form; // "UTF-8", "UTF-16LE", "UTF-32LE"
    std::uintptr_t address = 0;
    std::string mapping; // the line of /proc/PID/maps it lies in
};

struct MemoryScan {
    std::vector<MemoryHit> hits;
    std::uint64_t bytes_read = 0;
    int mappings_read = 0;
    int mappings_unreadable = 0; // e.g. [vvar]: not memory of the process's own
    // "2 hits: UTF-8 at 0x… in [heap], …; read 180 MiB in 412 mappings"
    std::string describe() const;
};

// Encodes UTF-8 as UTF-16LE / UTF-32LE bytes. Throws std::invalid_argument on invalid UTF-8.
std::string utf16le(std::string_view utf8);
std::string utf32le(std::string_view utf8);

// Scans every writable mapping of `pid` for each of `needles` (UTF-8) in all three forms.
MemoryScan scan_process_memory(pid_t pid, const std::vector<std::string>& needles);

} // namespace hrc_e2e
