// files.h — the layout of a central folder, and writing new files that are never half-written and
// never replace an existing file.
//
// Errors: everything here throws hrc::Error — Code::already_exists (refusing to overwrite),
// Code::disk_full (no space: the file was not created), Code::io (any other file-system error) —
// with a message naming the path. A failed write leaves no file behind.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>

namespace hrc::central {

// Every file of a central lives in one folder, with fixed names (docs/hrc-central.md).
struct CentralPaths {
    std::filesystem::path dir;
    std::filesystem::path secrets;    // central.key: sealing + acknowledgement private keys (0600)
    std::filesystem::path identity;   // central.pub: copied to every kiosk (0644); written last by init
    std::filesystem::path tls_key;    // tls.key: the TLS private key (0600)
    std::filesystem::path tls_cert;   // tls.crt: the TLS certificate chain, PEM (0644)
    std::filesystem::path db_key;     // db.key: the database key, 64 hex (0600)
    std::filesystem::path database;   // central.db: the SQLCipher database (0600, plus -wal, -shm)
};
CentralPaths paths_in(const std::filesystem::path& dir);

// A file being written: created under a temporary name in the target's folder (O_EXCL, `mode`
// set exactly with fchmod), then put in place by commit() with link(), which refuses an existing
// target. Destroyed without commit(), the temporary file is removed.
class NewFile {
public:
    NewFile(const std::filesystem::path& path, unsigned mode);
    ~NewFile();
    NewFile(const NewFile&) = delete;
    NewFile& operator=(const NewFile&) = delete;

    void write(const void* data, std::size_t size);
    void write(std::string_view text) { write(text.data(), text.size()); }
    // fsync, link into place, remove the temporary name, fsync the folder.
    void commit();

private:
    [[noreturn]] void fail(const std::string& doing, int err);
    std::filesystem::path path_;
    std::filesystem::path tmp_;
    int fd_ = -1;
    bool committed_ = false;
};

// Writes a whole new file at once (see NewFile).
void write_new_file(const std::filesystem::path& path, const void* data, std::size_t size, unsigned mode);

// Throws Error(Code::key_file) if `path` can be read or written by group or others.
void require_private_file(const std::filesystem::path& path);

} // namespace hrc::central
