// files.cpp — see files.h.

#include "files.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hrc/error.h"

namespace hrc::central {

CentralPaths paths_in(const std::filesystem::path& dir) {
    CentralPaths p;
    p.dir = dir;
    p.secrets = dir / "central.key";
    p.identity = dir / "central.pub";
    p.tls_key = dir / "tls.key";
    p.tls_cert = dir / "tls.crt";
    p.db_key = dir / "db.key";
    p.database = dir / "central.db";
    return p;
}

namespace {

std::string random_suffix() {
    unsigned char b[6];
    randombytes_buf(b, sizeof b);
    char out[13];
    sodium_bin2hex(out, sizeof out, b, sizeof b);
    return out;
}

Code code_for(int err) { return err == ENOSPC || err == EDQUOT ? Code::disk_full : Code::io; }

} // namespace

NewFile::NewFile(const std::filesystem::path& path, unsigned mode) : path_(path) {
    const std::filesystem::path folder = path.parent_path().empty() ? std::filesystem::path(".") : path.parent_path();
    std::error_code ec;
    if (std::filesystem::exists(path, ec))
        throw Error(Code::already_exists, path.string() + " already exists; refusing to overwrite it");
    tmp_ = folder / ("." + path.filename().string() + ".tmp-" + random_suffix());
    fd_ = ::open(tmp_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, static_cast<mode_t>(mode));
    if (fd_ < 0) {
        const int err = errno;
        throw Error(code_for(err), path.string() + ": cannot create the file (" + std::strerror(err) + ")");
    }
    // The umask may have taken bits away from a public file; set the mode exactly.
    if (::fchmod(fd_, static_cast<mode_t>(mode)) != 0) fail("setting the file's mode", errno);
}

NewFile::~NewFile() {
    if (fd_ >= 0) ::close(fd_);
    if (!committed_ && !tmp_.empty()) ::unlink(tmp_.c_str());
}

void NewFile::fail(const std::string& doing, int err) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
    ::unlink(tmp_.c_str());
    throw Error(code_for(err), path_.string() + ": " + doing + " failed (" + std::strerror(err) + "); the file was not written");
}

void NewFile::write(const void* data, std::size_t size) {
    const auto* p = static_cast<const char*>(data);
    while (size > 0) {
        const ssize_t n = ::write(fd_, p, size);
        if (n < 0) {
            if (errno == EINTR) continue;
            fail("writing", errno);
        }
        p += n;
        size -= static_cast<std::size_t>(n);
    }
}

void NewFile::commit() {
    if (::fsync(fd_) != 0) fail("flushing to disk", errno);
    if (::close(fd_) != 0) {
        fd_ = -1;
        fail("closing", errno);
    }
    fd_ = -1;
    // link() refuses an existing target, so a file that appeared meanwhile is never replaced.
    if (::link(tmp_.c_str(), path_.c_str()) != 0) {
        const int err = errno;
        ::unlink(tmp_.c_str());
        if (err == EEXIST) throw Error(Code::already_exists, path_.string() + " already exists; refusing to overwrite it");
        throw Error(code_for(err), path_.string() + ": cannot put the file in place (" + std::strerror(err) + ")");
    }
    committed_ = true;
    ::unlink(tmp_.c_str());
    // fsync the folder so the new name survives a power cut; a failure here is not worth failing
    // the whole write for (the data itself is on disk).
    const std::filesystem::path folder = path_.parent_path().empty() ? std::filesystem::path(".") : path_.parent_path();
    const int dir = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dir >= 0) {
        (void)::fsync(dir);
        ::close(dir);
    }
}

void write_new_file(const std::filesystem::path& path, const void* data, std::size_t size, unsigned mode) {
    NewFile f(path, mode);
    f.write(data, size);
    f.commit();
}

void require_private_file(const std::filesystem::path& path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) {
        const int err = errno;
        throw Error(Code::key_file, path.string() + ": cannot read this key file (" + std::strerror(err) +
                                        "). Check --dir, or create a central with `hrc-central init`.");
    }
    if ((st.st_mode & 077) != 0) {
        char mode[8];
        std::snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(st.st_mode & 07777));
        throw Error(Code::key_file, path.string() + " can be read by other users (mode " + mode +
                                        "); fix it with: chmod 600 " + path.string());
    }
}

} // namespace hrc::central
