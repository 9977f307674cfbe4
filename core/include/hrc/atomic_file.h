// hrc/atomic_file.h — the one way hrc programs write a file that must never be seen half-written:
// key files, the database key, staff PINs, hrc.toml, central's TLS files, exports and board
// reports.
//
// The guarantee. At every instant — including after a crash or a power cut at any point — the
// target path holds either what it held before (or nothing, if it did not exist) or the complete
// new content with exactly the requested mode; never a mix, never a prefix, never the wrong mode.
// Once commit() has returned, the new content and its name are on disk.
//
// How (each step's return value is checked; any failure stops and is reported):
//   1. IfExists::refuse: if `path` exists (lstat: a dangling symlink counts), refuse at once.
//   2. Create "<folder>/.<name>.tmp-<12 random hex>" in the target's own folder (a rename is only
//      atomic within one file system) with O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC and `mode`,
//      then fchmod(`mode`) so the umask cannot take bits away (0644 stays 0644).
//   3. write() everything (EINTR and short writes retried), fsync(), close() (close can report a
//      deferred write error, e.g. on NFS).
//   4. Put it in place:
//        IfExists::replace: rename(2), which replaces an existing file atomically;
//        IfExists::refuse:  renameat2(RENAME_NOREPLACE), which fails with EEXIST if a file appeared
//                           since step 1; on a file system without it (EINVAL, ENOSYS, ENOTSUP),
//                           link(2) — which also refuses an existing name — then unlink the
//                           temporary.
//   5. fsync() the folder, so the new directory entry survives a power cut. EINVAL from it (a file
//      system that cannot sync folders) is not a failure.
//
// Failure is reported by throwing hrc::Error (the codebase's convention, hrc/error.h) with a
// message naming the path and the step:
//   Code::already_exists  IfExists::refuse and the name exists ("… already exists; refusing to
//                         overwrite it"); the existing file is untouched
//   Code::disk_full       ENOSPC or EDQUOT in steps 2-4
//   Code::io              any other error
// A failure in steps 1-4 removes the temporary file and leaves the target exactly as it was. A
// failure in step 5 means the new content IS in place but its name may not survive a power cut
// (Code::io, the message says so). A crash (SIGKILL, power) between steps 2 and 4 can leave a
// hidden ".<name>.tmp-…" file with the requested mode; nothing ever reads it.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string_view>

namespace hrc {

enum class IfExists {
    refuse,  // a file that exists (or appears while writing) is never replaced
    replace, // an existing file is replaced atomically
};

// A file being written under its temporary name (steps 1-2 in the constructor, 3 in write() and
// commit(), 4-5 in commit()). Destroyed without a successful commit(), the temporary file is
// removed and the target is untouched. After any member throws, the object is spent: the temporary
// file is gone and only destruction is allowed.
class AtomicFile {
public:
    // Throws Error(already_exists / disk_full / io), see the top of this file.
    AtomicFile(std::filesystem::path path, unsigned mode, IfExists if_exists);
    ~AtomicFile();
    AtomicFile(const AtomicFile&) = delete;
    AtomicFile& operator=(const AtomicFile&) = delete;

    // Appends bytes. Throws Error(disk_full / io).
    void write(const void* data, std::size_t size);
    void write(std::string_view text) { write(text.data(), text.size()); }
    // Steps 3 (fsync, close), 4 and 5. Throws Error(already_exists / disk_full / io).
    void commit();

    const std::filesystem::path& path() const { return path_; }

private:
    [[noreturn]] void fail(const char* doing, int err);
    std::filesystem::path path_;
    std::filesystem::path tmp_;
    IfExists if_exists_;
    int fd_ = -1;
    bool done_ = false; // committed, or failed and cleaned up
};

// The whole file at once: AtomicFile(path, mode, if_exists), write(data, size), commit().
void write_file_atomically(const std::filesystem::path& path, const void* data, std::size_t size,
                           unsigned mode, IfExists if_exists);
inline void write_file_atomically(const std::filesystem::path& path, std::string_view text,
                                  unsigned mode, IfExists if_exists) {
    write_file_atomically(path, text.data(), text.size(), mode, if_exists);
}

// Steps 4-5 alone, for a file that is already complete and fsync'd under the name `from` (e.g. a
// new key kept beside the old one until a database has been re-encrypted): moves it to `to` (same
// file system) as IfExists says, then fsyncs `to`'s folder (and `from`'s, when it differs). Throws
// Error(already_exists / disk_full / io) naming both paths; on failure `from` and `to` are as they
// were, except in two cases the message says: a failed folder fsync (the move has happened), and,
// after the link() fallback of IfExists::refuse, a failure to remove `from` (then `to` is in place
// and `from` is a second name of the same file).
void rename_durably(const std::filesystem::path& from, const std::filesystem::path& to,
                    IfExists if_exists);

} // namespace hrc
