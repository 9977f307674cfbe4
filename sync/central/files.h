// files.h — the layout of a central folder. Central writes every file (keys, TLS files, exports,
// board reports) with hrc/atomic_file.h and IfExists::refuse: never half-written, never replacing
// an existing file.
//
// Errors: require_private_file() throws hrc::Error(Code::key_file) with a message naming the path.
#pragma once

#include <filesystem>
#include <string>

namespace hrc::central {

// Every file of a central lives in one folder, with fixed names (docs/hrc-central.md).
struct CentralPaths {
    std::filesystem::path dir;
    std::filesystem::path secrets; // central.key: sealing + acknowledgement private keys (0600)
    std::filesystem::path
        identity; // central.pub: copied to every kiosk (0644); written last by init
    std::filesystem::path tls_key;  // tls.key: the TLS private key (0600)
    std::filesystem::path tls_cert; // tls.crt: the TLS certificate chain, PEM (0644)
    std::filesystem::path db_key;   // db.key: the database key, 64 hex (0600)
    std::filesystem::path database; // central.db: the SQLCipher database (0600, plus -wal, -shm)
};
CentralPaths paths_in(const std::filesystem::path& dir);

// Throws Error(Code::key_file) if `path` can be read or written by group or others.
void require_private_file(const std::filesystem::path& path);

} // namespace hrc::central
