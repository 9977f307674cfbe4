// hrc/sqlite_util.h — small RAII helpers over the SQLite (SQLCipher) C API, shared by the kiosk
// store and hrc-central's store.
//
// Errors: everything here throws hrc::Error, mapping the SQLite result code to a Code and a
// message that says what to do (disk full → Code::disk_full "nothing was stored", SQLITE_NOTADB →
// Code::wrong_key, SQLITE_CORRUPT → Code::corrupt, busy → Code::busy, …). `doing` names the
// operation in the message ("storing report HRC-…").
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include <sqlite3.h>

#include "hrc/seal.h"

namespace hrc::sql {

// SQLITE_TRANSIENT is an old-style cast in sqlite3.h; this is the same value without the warning.
inline const sqlite3_destructor_type kTransient =
    reinterpret_cast<sqlite3_destructor_type>(static_cast<std::intptr_t>(-1));

[[noreturn]] void throw_error(sqlite3* db, int rc, const std::string& doing);
void exec(sqlite3* db, const char* sql, const std::string& doing);

// The raw key as SQLCipher takes it, "x'<64 hex>'" (67 bytes + NUL), in guarded memory.
SecretKey raw_key_literal(const SecretKey& key);

// Opens an existing SQLCipher database with a raw 256-bit key (no passphrase KDF), turns on
// extended result codes, sets the busy timeout, proves the key with a first read (a wrong key is
// Code::wrong_key) and runs `pragmas`. `vfs` empty = SQLite's default. Returns the open handle;
// throws hrc::Error (Code::io when the file cannot be opened) and closes it on any failure.
sqlite3* open_encrypted(const std::filesystem::path& path, const SecretKey& key,
                        int busy_timeout_ms, const char* pragmas, const std::string& vfs = "");

int user_version(sqlite3* db);

// PRAGMA integrity_check: "ok", or a report of what is damaged (one problem a line). A page that
// SQLCipher cannot decrypt or authenticate stops SQLite's check with an error: that, too, is
// returned as a report ("a page cannot be read: …"). Throws hrc::Error only for Code::busy.
std::string integrity_check(sqlite3* db);
// The same with PRAGMA quick_check: every page read, without the index cross-checks; fast enough
// to run before any command that reports on the store, so none says "all well" over a damaged file.
std::string quick_check(sqlite3* db);

// Brings a database from its PRAGMA user_version up to migrations.size(): migrations[v] takes it
// from v to v+1 (and sets user_version), each in its own transaction. A database newer than this
// build is refused with Code::corrupt, naming `program` as what to upgrade. Throws hrc::Error.
void migrate(sqlite3* db, const std::vector<const char*>& migrations, const std::string& program);

// A prepared statement, finalised on scope exit. step() throws on error.
class Statement {
public:
    Statement(sqlite3* db, const char* sql, std::string doing) : db_(db), doing_(std::move(doing)) {
        const int rc = sqlite3_prepare_v2(db, sql, -1, &stmt_, nullptr);
        if (rc != SQLITE_OK) throw_error(db, rc, doing_);
    }
    ~Statement() { sqlite3_finalize(stmt_); }
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    Statement& bind(int i, std::int64_t v) { return check(sqlite3_bind_int64(stmt_, i, v)); }
    Statement& bind(int i, const std::string& v) {
        return check(sqlite3_bind_text(stmt_, i, v.data(), static_cast<int>(v.size()), kTransient));
    }
    Statement& bind(int i, const unsigned char* data, std::size_t size) {
        return check(sqlite3_bind_blob(stmt_, i, data, static_cast<int>(size), kTransient));
    }
    Statement& bind(int i, const Bytes& v) { return bind(i, v.data(), v.size()); }

    // True while a row is available; false when done.
    bool step() {
        const int rc = sqlite3_step(stmt_);
        if (rc == SQLITE_ROW) return true;
        if (rc == SQLITE_DONE) return false;
        throw_error(db_, rc, doing_);
    }
    void run() {
        while (step()) {
        }
    }
    std::int64_t integer(int col) const { return sqlite3_column_int64(stmt_, col); }
    std::string text(int col) const {
        const auto* p = sqlite3_column_text(stmt_, col);
        return p ? std::string(reinterpret_cast<const char*>(p),
                               static_cast<std::size_t>(sqlite3_column_bytes(stmt_, col)))
                 : std::string();
    }
    Bytes blob(int col) const {
        const auto* p = static_cast<const unsigned char*>(sqlite3_column_blob(stmt_, col));
        const auto n = static_cast<std::size_t>(sqlite3_column_bytes(stmt_, col));
        return p ? Bytes(p, p + n) : Bytes();
    }
    bool is_null(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }
    // Ready to bind and run again (bindings are replaced by the next bind()).
    void reset() { sqlite3_reset(stmt_); }

private:
    Statement& check(int rc) {
        if (rc != SQLITE_OK) throw_error(db_, rc, doing_);
        return *this;
    }
    sqlite3* db_;
    sqlite3_stmt* stmt_ = nullptr;
    std::string doing_;
};

// BEGIN IMMEDIATE … COMMIT; rolls back unless commit() succeeded. IMMEDIATE takes the write lock
// up front so two writers (kiosk and agent) wait on the busy timeout instead of deadlocking.
class Transaction {
public:
    Transaction(sqlite3* db, std::string doing) : db_(db), doing_(std::move(doing)) {
        exec(db_, "BEGIN IMMEDIATE", doing_);
    }
    ~Transaction() {
        if (!committed_) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    }
    void commit() {
        exec(db_, "COMMIT", doing_);
        committed_ = true;
    }
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;

private:
    sqlite3* db_;
    std::string doing_;
    bool committed_ = false;
};

} // namespace hrc::sql
