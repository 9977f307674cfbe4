// files.cpp — see files.h.

#include "files.h"

#include <cstdio>
#include <cstring>

#include <sys/stat.h>

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

void require_private_file(const std::filesystem::path& path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) {
        const int err = errno;
        throw Error(Code::key_file,
                    path.string() + ": cannot read this key file (" + std::strerror(err) +
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
