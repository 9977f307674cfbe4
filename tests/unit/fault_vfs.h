// fault_vfs.h — a SQLite VFS for tests that behaves like a full disk on demand.
//
// "hrc-fault" wraps the default VFS. While `fail_writes` is set, every xWrite and xTruncate fails
// with SQLITE_FULL, exactly what SQLite reports when write() returns ENOSPC. Works under SQLCipher
// too: the codec encrypts pages above the VFS.
#pragma once

#include <atomic>

namespace hrc_test {

inline constexpr const char* kFaultVfs = "hrc-fault";

// Registers the VFS once (not as the default). Returns false if SQLite refused it.
bool register_fault_vfs();

// Full disk on/off for every connection opened through "hrc-fault".
extern std::atomic<bool> fail_writes;
// Writes refused so far (to prove the fault was actually hit).
extern std::atomic<int> refused_writes;

} // namespace hrc_test
