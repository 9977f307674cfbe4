// sqlite_util.cpp — see hrc/sqlite_util.h.

#include "hrc/sqlite_util.h"

#include <cstdint>

#include <sodium.h>
#include <sqlite3.h>

#include "hrc/error.h"

namespace hrc::sql {

// Maps a SQLite result code to an hrc::Error with a message that says what to do.
[[noreturn]] void throw_error(sqlite3* db, int rc, const std::string& doing) {
    const int primary = rc & 0xff;
    const std::string detail = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    switch (primary) {
    case SQLITE_FULL:
        throw Error(Code::disk_full,
                    "The disk is full while " + doing +
                        ": nothing was stored. Free some space (or ask staff to) and try again.");
    case SQLITE_NOTADB:
        throw Error(Code::wrong_key, "The key does not open this database (" + doing +
                                         "). Check that store.key_file in "
                                         "hrc.toml is this kiosk's key. If it is, the start of the "
                                         "database is damaged: restore it from a backup.");
    case SQLITE_CORRUPT:
        throw Error(Code::corrupt,
                    "The database is damaged (" + detail + ") while " + doing +
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

SecretKey raw_key_literal(const SecretKey& key) {
    if (key.size() != 32)
        throw Error(Code::key_file, "The database key must be 32 bytes (64 hex characters)");
    SecretKey literal(2 + 64 + 1 + 1);
    auto* p = reinterpret_cast<char*>(literal.data());
    p[0] = 'x';
    p[1] = '\'';
    sodium_bin2hex(p + 2, 65, key.data(), key.size());
    p[66] = '\'';
    p[67] = '\0';
    return literal;
}

sqlite3* open_encrypted(const std::filesystem::path& path, const SecretKey& key,
                        int busy_timeout_ms, const char* pragmas, const std::string& vfs) {
    sqlite3* db = nullptr;
    const int rc = sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_FULLMUTEX,
                                   vfs.empty() ? nullptr : vfs.c_str());
    if (rc != SQLITE_OK) {
        const std::string message = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
        sqlite3_close(db);
        throw Error(Code::io, path.string() + ": cannot open the database (" + message + ")");
    }
    try {
        const int ext = sqlite3_extended_result_codes(db, 1);
        if (ext != SQLITE_OK) throw_error(db, ext, "opening " + path.string());
        const SecretKey literal = raw_key_literal(key);
        const int keyed = sqlite3_key(db, literal.data(), 67);
        if (keyed != SQLITE_OK) throw_error(db, keyed, "applying the database key");
        const int busy = sqlite3_busy_timeout(db, busy_timeout_ms);
        if (busy != SQLITE_OK) throw_error(db, busy, "setting the busy timeout");
        // The first read proves the key: SQLCipher reports SQLITE_NOTADB for a wrong one.
        exec(db, "SELECT count(*) FROM sqlite_master", "opening " + path.string());
        exec(db, pragmas, "setting the database options");
    } catch (...) {
        sqlite3_close(db);
        throw;
    }
    return db;
}

int user_version(sqlite3* db) {
    Statement st(db, "PRAGMA user_version", "reading the schema version");
    return st.step() ? static_cast<int>(st.integer(0)) : 0;
}

namespace {

std::string run_check(sqlite3* db, const char* pragma) {
    std::string out;
    try {
        Statement st(db, pragma, "checking the database");
        while (st.step()) {
            if (!out.empty()) out += "\n";
            out += st.text(0);
        }
    } catch (const Error& e) {
        if (e.code() == Code::busy) throw;
        // SQLCipher answers a page whose HMAC fails with an error, not a line of the report.
        return "a page cannot be read (" + std::string(sqlite3_errmsg(db)) + ")";
    }
    return out;
}

} // namespace

std::string integrity_check(sqlite3* db) {
    return run_check(db, "PRAGMA integrity_check");
}
std::string quick_check(sqlite3* db) {
    return run_check(db, "PRAGMA quick_check");
}

void migrate(sqlite3* db, const std::vector<const char*>& migrations, const std::string& program) {
    const int target = static_cast<int>(migrations.size());
    int version = user_version(db);
    if (version > target)
        throw Error(Code::corrupt, "The database was made by a newer " + program + " (schema " +
                                       std::to_string(version) + ", this build knows " +
                                       std::to_string(target) + "). Install the newer " + program +
                                       ".");
    while (version < target) {
        Transaction tx(db,
                       "upgrading the database schema to version " + std::to_string(version + 1));
        exec(db, migrations[static_cast<std::size_t>(version)],
             "upgrading the database schema to version " + std::to_string(version + 1));
        tx.commit();
        const int now_at = user_version(db);
        if (now_at != version + 1)
            throw Error(Code::internal,
                        "migration " + std::to_string(version + 1) + " did not set user_version");
        version = now_at;
    }
}

} // namespace hrc::sql
