// server.h — `hrc-central serve`: the HTTPS receiver of docs/protocol.md (cpp-httplib + OpenSSL).
//
// Errors: serve() throws hrc::Error before it starts listening (Code::key_file for the TLS or
// central keys, Code::io when the address cannot be bound, database codes from the store). Once
// listening, every request's failure becomes an HTTP status with an error_json body and a log
// line; nothing a client sends can stop the server. It returns 0 after SIGTERM or SIGINT.
#pragma once

#include <string>
#include <vector>

#include "files.h"
#include "protocol.h"

namespace hrc::central {

// Test-only fault injection: answer the next `count` batch requests with `status` (and
// Retry-After: retry_after seconds when > 0) without processing them.
struct InjectedFailure {
    int count = 0;
    int status = 503;
    int retry_after = 0;
};

struct ServeOptions {
    std::string listen = "127.0.0.1:8443"; // HOST:PORT; [v6]:PORT; port 0 picks a free port
    protocol::Limits limits;
    std::vector<InjectedFailure> fail_next; // applied in order (test only)
    int crash_after_commit = 0; // 0 = off; N: _exit(9) after committing the Nth batch (test only)
};

int serve(const CentralPaths& paths, const ServeOptions& options);

} // namespace hrc::central
