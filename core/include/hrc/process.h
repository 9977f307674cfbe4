// hrc/process.h — process-wide protections every hrc program applies first thing in main().
#pragma once

namespace hrc {

// No core dumps (prctl(PR_SET_DUMPABLE, 0) and RLIMIT_CORE = 0), so a crash can never write report
// text to disk; umask 077 so every file a program creates is private to its user; libsodium
// initialised. Returns false (and the caller must stop) only if libsodium cannot initialise.
bool harden_process();

} // namespace hrc
