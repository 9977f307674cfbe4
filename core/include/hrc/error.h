// hrc/error.h — the one error type that core functions throw, and the exit codes the command-line
// tools map it to.
//
// Convention (documented once here, relied on everywhere): a core function that can fail either
//   * returns a value type that carries the failure (validation, decoding: the caller is expected to
//     show every problem to a person), or
//   * throws hrc::Error with a Code and a message written for whoever must act on it (an operator,
//     or centre staff). Messages say what went wrong and what to do next.
// Each function's comment says which of the two it does.
#pragma once

#include <stdexcept>
#include <string>

namespace hrc {

// Exit codes of hrc-admin, hrc-sync and hrc-central (documented in docs/exit-codes.md).
enum class Code : int {
    ok = 0,
    failure = 1,          // generic failure with a message (e.g. verify found a problem)
    usage = 2,            // bad command line
    config = 3,           // configuration file missing, unparsable or wrong
    key_file = 4,         // key file missing, malformed or readable by others
    database_missing = 5, // no database: run hrc-admin init
    wrong_key = 6,        // the key does not open this database
    corrupt = 7,          // not a database, or damaged
    disk_full = 8,        // no space: nothing was stored
    invalid_report = 9,   // the report did not decode or validate
    io = 10,              // other file-system error
    crypto = 11,          // sealing / opening / signature failure
    already_exists = 12,  // refusing to overwrite
    busy = 13,            // database locked by another process for too long
    internal = 70,        // a bug: please report it
};

class Error : public std::runtime_error {
public:
    Error(Code code, const std::string& message) : std::runtime_error(message), code_(code) {}
    Code code() const noexcept { return code_; }
    int exit_code() const noexcept { return static_cast<int>(code_); }

private:
    Code code_;
};

} // namespace hrc
