// atomic_file.cpp — see hrc/atomic_file.h (the guarantee and the steps are listed there).

#include "hrc/atomic_file.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hrc/error.h"

namespace hrc {

namespace fs = std::filesystem;

namespace {

Code code_for(int err) {
    return err == ENOSPC || err == EDQUOT ? Code::disk_full : Code::io;
}

std::string errno_text(int err) {
    return std::strerror(err);
}

fs::path folder_of(const fs::path& path) {
    return path.parent_path().empty() ? fs::path(".") : path.parent_path();
}

Error exists_error(const fs::path& path) {
    return Error(Code::already_exists, path.string() + " already exists; refusing to overwrite it");
}

std::string random_hex() {
    unsigned char bytes[6];
    randombytes_buf(bytes, sizeof bytes);
    char hex[2 * sizeof bytes + 1];
    sodium_bin2hex(hex, sizeof hex, bytes, sizeof bytes);
    return hex;
}

// Step 4: `from` becomes `to`. Returns 0 or the errno of the failure (EEXIST: `to` exists and
// if_exists is refuse). After a link() fallback, `from` is left for the caller to remove.
int move_into_place(const fs::path& from, const fs::path& to, IfExists if_exists, bool& linked) {
    linked = false;
    if (if_exists == IfExists::replace) return ::rename(from.c_str(), to.c_str()) == 0 ? 0 : errno;
    if (::renameat2(AT_FDCWD, from.c_str(), AT_FDCWD, to.c_str(), RENAME_NOREPLACE) == 0) return 0;
    const int err = errno;
    if (err != EINVAL && err != ENOSYS && err != ENOTSUP) return err;
    // No RENAME_NOREPLACE on this file system: link() refuses an existing name too.
    if (::link(from.c_str(), to.c_str()) != 0) return errno;
    linked = true;
    return 0;
}

// Step 5. Returns 0 or the errno of the failure; EINVAL (folders cannot be synced here) is success.
int sync_folder(const fs::path& folder) {
    const int fd = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return errno;
    const int rc = ::fsync(fd);
    const int err = rc == 0 ? 0 : errno;
    if (::close(fd) != 0 && err == 0) return errno;
    return err == EINVAL ? 0 : err;
}

} // namespace

AtomicFile::AtomicFile(fs::path path, unsigned mode, IfExists if_exists)
    : path_(std::move(path)), if_exists_(if_exists) {
    struct stat st {};
    if (if_exists_ == IfExists::refuse && ::lstat(path_.c_str(), &st) == 0) {
        done_ = true;
        throw exists_error(path_);
    }
    const fs::path folder = folder_of(path_);
    tmp_ = folder / ("." + path_.filename().string() + ".tmp-" + random_hex());
    fd_ = ::open(tmp_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
                 static_cast<mode_t>(mode));
    if (fd_ < 0) {
        const int err = errno;
        done_ = true;
        throw Error(code_for(err), "cannot create " + path_.string() + ": " + errno_text(err) +
                                       " (while creating a temporary file in " + folder.string() +
                                       ")");
    }
    // The umask may have taken bits away from `mode`: set it exactly.
    if (::fchmod(fd_, static_cast<mode_t>(mode)) != 0) fail("setting its mode", errno);
}

AtomicFile::~AtomicFile() {
    if (fd_ >= 0) ::close(fd_);
    if (!done_) ::unlink(tmp_.c_str());
}

void AtomicFile::fail(const char* doing, int err) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
    ::unlink(tmp_.c_str());
    done_ = true;
    throw Error(code_for(err), "cannot write " + path_.string() + ": " + errno_text(err) +
                                   " (while " + doing + "); " +
                                   (if_exists_ == IfExists::replace ? "the file was not changed"
                                                                    : "the file was not created"));
}

void AtomicFile::write(const void* data, std::size_t size) {
    if (done_ || fd_ < 0)
        throw Error(Code::internal,
                    "writing " + path_.string() + " after it was committed or failed (a bug)");
    const auto* p = static_cast<const unsigned char*>(data);
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

void AtomicFile::commit() {
    if (done_ || fd_ < 0)
        throw Error(Code::internal,
                    "committing " + path_.string() + " twice or after a failure (a bug)");
    if (::fsync(fd_) != 0) fail("flushing it to disk", errno);
    const int closed = ::close(fd_);
    fd_ = -1;
    if (closed != 0) fail("closing it", errno);

    bool linked = false;
    const int err = move_into_place(tmp_, path_, if_exists_, linked);
    if (err != 0) {
        ::unlink(tmp_.c_str());
        done_ = true;
        if (err == EEXIST && if_exists_ == IfExists::refuse) throw exists_error(path_);
        throw Error(code_for(err),
                    "cannot put " + path_.string() + " in place: " + errno_text(err) + "; " +
                        (if_exists_ == IfExists::replace ? "the file was not changed"
                                                         : "the file was not created"));
    }
    done_ = true;
    // After link(), the temporary name is a second name of the same file: drop it. Should that
    // fail, a hidden file with the same content and mode stays behind; the target is complete
    // either way.
    if (linked) (void)::unlink(tmp_.c_str());
    if (const int sync_err = sync_folder(folder_of(path_)); sync_err != 0)
        throw Error(Code::io, "wrote " + path_.string() + " but could not flush its folder (" +
                                  errno_text(sync_err) +
                                  "): the new file may not survive a power cut");
}

void write_file_atomically(const fs::path& path, const void* data, std::size_t size, unsigned mode,
                           IfExists if_exists) {
    AtomicFile file(path, mode, if_exists);
    file.write(data, size);
    file.commit();
}

void rename_durably(const fs::path& from, const fs::path& to, IfExists if_exists) {
    bool linked = false;
    const int err = move_into_place(from, to, if_exists, linked);
    if (err == EEXIST && if_exists == IfExists::refuse) throw exists_error(to);
    if (err != 0)
        throw Error(code_for(err),
                    "cannot move " + from.string() + " to " + to.string() + ": " + errno_text(err));
    if (linked && ::unlink(from.c_str()) != 0) {
        const int unlink_err = errno;
        throw Error(Code::io, to.string() + " is in place, but " + from.string() +
                                  " could not be removed (" + errno_text(unlink_err) +
                                  "); remove it by hand");
    }
    int sync_err = sync_folder(folder_of(to));
    if (sync_err == 0 && folder_of(from) != folder_of(to)) sync_err = sync_folder(folder_of(from));
    if (sync_err != 0)
        throw Error(Code::io, "moved " + from.string() + " to " + to.string() +
                                  " but could not flush the folder (" + errno_text(sync_err) +
                                  "): the move may not survive a power cut");
}

} // namespace hrc
