// sqlite_util.cpp — see hrc/sqlite_util.h.

#include "hrc/sqlite_util.h"

#include <cstdint>
#include <sqlite3.h>

#include "hrc/error.h"

namespace hrc::sql {

// Maps a SQLite result code to an hrc::Error with a message that says what to do.
[[noreturn]] void throw_error(sqlite3* db, int rc, const std::string& doing) {
    const int primary = rc & 0xff;
    const std::string detail = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    switch (primary) {
    case SQLITE_FULL:
        throw Error(Code::disk_full, "The disk is full while " + doing +
                                         ": nothing was stored. Free some space (or ask staff to) and try again.");
    case SQLITE_NOTADB:
        throw Error(Code::wrong_key,
                    "The key does not open this database (" + doing + "). Check that store.key_file in "
                    "hrc.toml is this kiosk's key. If it is, the start of the database is damaged: restore it from a backup.");
    case SQLITE_CORRUPT:
        throw Error(Code::corrupt, "The database is damaged (" + detail + ") while " + doing +
                                       ". Run `hrc-admin verify` and restore from a backup if it fails.");
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        throw Error(Code::busy, "The database stayed locked by another hrc program while " + doing +
                                    ". Try again; if it persists, restart the sync agent.");
    case SQLITE_CANTOPEN:
        throw Error(Code::io, "The database cannot be opened (" + detail + ") while " + doing +
                                  ". Check the path and the folder's permissions.");
    case SQLITE_READONLY:
        throw Error(Code::io, "The database is read-only (" + detail + ") while " + doing +
                                  ". Check the file's owner and permissions.");
    case SQLITE_IOERR:
        throw Error(Code::io, "A disk error happened while " + doing + " (" + detail +
                                  "). Nothing was stored. Check the disk and try again.");
    default:
        throw Error(Code::internal, "Unexpected database error while " + doing + ": " + detail +
                                        " (code " + std::to_string(rc) + ")");
    }
}

void exec(sqlite3* db, const char* sql, const std::string& doing) {
    char* message = nullptr;
    const int rc = sqlite3_exec(db, sql, nullptr, nullptr, &message);
    sqlite3_free(message);
    if (rc != SQLITE_OK) throw_error(db, rc, doing);
}

} // namespace hrc::sql
