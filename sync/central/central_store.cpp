// central_store.cpp — see central_store.h.
//
// [SECTION] Schema and invariants
// [SECTION] Opening and creating
// [SECTION] Kiosks
// [SECTION] Reports
// [SECTION] Statistics
//
//-------------------------------------------------------------------------------------------------
// [SECTION] Schema and invariants
//-------------------------------------------------------------------------------------------------
//
//   kiosks     one row per enrolled kiosk: its Ed25519 key; revoked_at set by `revoke`.
//   reports    one row per report ever accepted, exactly the bytes received.
//   conflicts  metadata of refused re-sends (same id, different bytes): no bytes, for operators.
//
// Invariants:
//   C1. report_id is unique forever (PRIMARY KEY; triggers forbid UPDATE and DELETE), so a report
//       is never overwritten and a re-send is recognised however late it comes.
//   C2. reports holds only sealed bytes, the signature and metadata; never plaintext.
//   C3. Every row of reports was verified (signature, header, recipient key) and opened before it
//       was inserted, inside the batch's transaction; the acknowledgement is sent after COMMIT.
//   C4. kiosk_key is the key that verified the report, so export still opens it after the kiosk's
//       key is replaced (`enrol --replace`).

// sqlite3_key() is declared only with SQLITE_HAS_CODEC, which sync/CMakeLists.txt defines.
#include "central_store.h"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <sodium.h>
#include <sqlite3.h>
#include <unistd.h>

#include "hrc/error.h"
#include "hrc/sqlite_util.h"
#include "hrc/store.h"

namespace hrc::central {

using sql::exec;
using sql::Statement;
using sql::Transaction;

namespace {

constexpr int kBusyTimeoutMs = 10000;

constexpr const char* kPragmas =
    "PRAGMA journal_mode=WAL;"
    "PRAGMA synchronous=FULL;"
    "PRAGMA temp_store=MEMORY;"
    "PRAGMA secure_delete=ON;"
    "PRAGMA foreign_keys=ON;";

constexpr const char* kMigrationTo1 = R"sql(
CREATE TABLE kiosks (
    kiosk_id     TEXT    PRIMARY KEY,
    centre_id    TEXT    NOT NULL,
    public_key   BLOB    NOT NULL CHECK (length(public_key) = 32),
    enrolled_at  INTEGER NOT NULL,
    revoked_at   INTEGER
);
CREATE TABLE reports (
    report_id    TEXT    PRIMARY KEY,
    kiosk_id     TEXT    NOT NULL REFERENCES kiosks (kiosk_id),
    digest       TEXT    NOT NULL,
    sealed       BLOB    NOT NULL,
    signature    BLOB    NOT NULL CHECK (length(signature) = 64),
    kiosk_key    BLOB    NOT NULL CHECK (length(kiosk_key) = 32),
    received_at  INTEGER NOT NULL,
    batch_id     TEXT    NOT NULL
);
CREATE INDEX reports_by_time ON reports (received_at, report_id);
CREATE INDEX reports_by_kiosk ON reports (kiosk_id);
CREATE TRIGGER reports_never_updated BEFORE UPDATE ON reports
    BEGIN SELECT RAISE(ABORT, 'stored reports are never changed'); END;
CREATE TRIGGER reports_never_deleted BEFORE DELETE ON reports
    BEGIN SELECT RAISE(ABORT, 'stored reports are never deleted'); END;
CREATE TABLE conflicts (
    id           INTEGER PRIMARY KEY,
    report_id    TEXT    NOT NULL,
    kiosk_id     TEXT    NOT NULL,
    digest       TEXT    NOT NULL,
    at           INTEGER NOT NULL,
    batch_id     TEXT    NOT NULL
);
PRAGMA user_version = 1;
)sql";

//-------------------------------------------------------------------------------------------------
// [SECTION] Opening and creating
//-------------------------------------------------------------------------------------------------

sqlite3* open_connection(const std::filesystem::path& database, const SecretKey& key) {
    return sql::open_encrypted(database, key, kBusyTimeoutMs, kPragmas);
}

void migrate(sqlite3* db) { sql::migrate(db, {kMigrationTo1}, "hrc-central"); }

std::array<unsigned char, 32> key_from(const Bytes& b, const char* what) {
    std::array<unsigned char, 32> out{};
    if (b.size() != out.size()) throw Error(Code::corrupt, std::string("The central database is damaged: a ") + what + " is not 32 bytes.");
    std::copy(b.begin(), b.end(), out.begin());
    return out;
}

KioskRecord kiosk_from(const Statement& st) {
    KioskRecord k;
    k.kiosk_id = st.text(0);
    k.centre_id = st.text(1);
    k.public_key = key_from(st.blob(2), "kiosk key");
    k.enrolled_at = st.integer(3);
    k.revoked_at = st.is_null(4) ? 0 : st.integer(4);
    return k;
}

constexpr const char* kKioskColumns = "kiosk_id, centre_id, public_key, enrolled_at, revoked_at";

} // namespace

CentralStore CentralStore::create(const std::filesystem::path& database, const SecretKey& key) {
    // Create the file ourselves with 0600 (SQLite gives -wal and -shm the main file's mode).
    const int fd = ::open(database.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) {
        const int err = errno;
        if (err == EEXIST) throw Error(Code::already_exists, database.string() + " already exists; refusing to overwrite it");
        throw Error(err == ENOSPC ? Code::disk_full : Code::io,
                    database.string() + ": cannot create the database (" + std::strerror(err) + ")");
    }
    ::close(fd);
    try {
        CentralStore store(open_connection(database, key));
        migrate(store.db_);
        return store;
    } catch (...) {
        std::error_code ignored;
        for (const char* suffix : {"", "-wal", "-shm", "-journal"})
            std::filesystem::remove(database.string() + suffix, ignored);
        throw;
    }
}

CentralStore CentralStore::open(const std::filesystem::path& database, const SecretKey& key) {
    std::error_code ec;
    if (!std::filesystem::exists(database, ec))
        throw Error(Code::database_missing, database.string() + ": there is no central database here. Check --dir, or create a "
                                                                "central with `hrc-central init --dir DIR`.");
    if (std::filesystem::file_size(database, ec) == 0 && !ec)
        throw Error(Code::corrupt, database.string() + ": the database file is empty (damaged). Restore it from a backup.");
    CentralStore store(open_connection(database, key));
    migrate(store.db_);
    return store;
}

CentralStore open_central_store(const CentralPaths& paths) {
    std::error_code ec;
    if (!std::filesystem::exists(paths.database, ec))
        throw Error(Code::database_missing, paths.database.string() + ": there is no central database here. Check --dir, "
                                                                      "or create a central with `hrc-central init --dir DIR`.");
    const char* credentials = std::getenv("CREDENTIALS_DIRECTORY");
    if ((!credentials || !*credentials) && !std::filesystem::exists(paths.db_key, ec))
        throw Error(Code::key_file, paths.db_key.string() + ": the database key file does not exist. `hrc-central init` wrote "
                                                            "it next to central.db: restore it from the central's backup.");
    try {
        return CentralStore::open(paths.database, read_db_key(paths.db_key));
    } catch (const Error& e) {
        if (e.code() != Code::wrong_key) throw;
        throw Error(Code::wrong_key, "The key in " + paths.db_key.string() + " does not open " + paths.database.string() +
                                         ". Check that db.key is this central's own key; if it is, the start of the "
                                         "database is damaged: restore it from a backup.");
    }
}

CentralStore::CentralStore(CentralStore&& other) noexcept : db_(other.db_) { other.db_ = nullptr; }

CentralStore& CentralStore::operator=(CentralStore&& other) noexcept {
    if (this != &other) {
        sqlite3_close(db_);
        db_ = other.db_;
        other.db_ = nullptr;
    }
    return *this;
}

CentralStore::~CentralStore() {
    // Every Statement is scoped, so no statement is open here and sqlite3_close succeeds.
    sqlite3_close(db_);
}

//-------------------------------------------------------------------------------------------------
// [SECTION] Kiosks
//-------------------------------------------------------------------------------------------------

std::optional<KioskRecord> CentralStore::find_kiosk(const std::string& kiosk_id) const {
    Statement st(db_, (std::string("SELECT ") + kKioskColumns + " FROM kiosks WHERE kiosk_id = ?1").c_str(), "reading kiosk " + kiosk_id);
    st.bind(1, kiosk_id);
    if (!st.step()) return std::nullopt;
    return kiosk_from(st);
}

std::vector<KioskRecord> CentralStore::kiosks() const {
    Statement st(db_, (std::string("SELECT ") + kKioskColumns + " FROM kiosks ORDER BY kiosk_id").c_str(), "listing kiosks");
    std::vector<KioskRecord> out;
    while (st.step()) out.push_back(kiosk_from(st));
    return out;
}

EnrolOutcome CentralStore::enrol(const KioskPublicIdentity& kiosk, bool replace, std::int64_t now) {
    const std::string doing = "enrolling kiosk " + kiosk.kiosk_id;
    Transaction tx(db_, doing);
    std::optional<KioskRecord> existing;
    {
        Statement st(db_, (std::string("SELECT ") + kKioskColumns + " FROM kiosks WHERE kiosk_id = ?1").c_str(), doing);
        st.bind(1, kiosk.kiosk_id);
        if (st.step()) existing = kiosk_from(st);
    }
    EnrolOutcome outcome = EnrolOutcome::enrolled;
    if (!existing) {
        Statement(db_, "INSERT INTO kiosks (kiosk_id, centre_id, public_key, enrolled_at) VALUES (?1, ?2, ?3, ?4)", doing)
            .bind(1, kiosk.kiosk_id).bind(2, kiosk.centre_id)
            .bind(3, kiosk.public_key.data(), kiosk.public_key.size()).bind(4, now).run();
    } else {
        const bool same_key = sodium_memcmp(existing->public_key.data(), kiosk.public_key.data(), 32) == 0;
        if (same_key && !existing->revoked() && existing->centre_id == kiosk.centre_id) return EnrolOutcome::unchanged;
        if (!replace) {
            if (existing->revoked())
                throw Error(Code::already_exists, "Kiosk " + kiosk.kiosk_id + " was revoked; to let it deliver again, enrol it with --replace.");
            if (same_key)
                throw Error(Code::already_exists, "Kiosk " + kiosk.kiosk_id + " is enrolled for centre " + existing->centre_id +
                                                      ", and this kiosk.pub says " + kiosk.centre_id + ". To record the new centre, enrol it with --replace.");
            throw Error(Code::already_exists, "Kiosk " + kiosk.kiosk_id + " is already enrolled with a different key (key id " +
                                                  to_hex(key_id_of(existing->public_key.data(), 32)) + ", this file has " +
                                                  to_hex(key_id_of(kiosk.public_key.data(), 32)) +
                                                  "). If the kiosk was set up again, enrol it with --replace; otherwise check you have the right kiosk.pub.");
        }
        Statement(db_, "UPDATE kiosks SET centre_id = ?2, public_key = ?3, enrolled_at = ?4, revoked_at = NULL WHERE kiosk_id = ?1", doing)
            .bind(1, kiosk.kiosk_id).bind(2, kiosk.centre_id)
            .bind(3, kiosk.public_key.data(), kiosk.public_key.size()).bind(4, now).run();
        outcome = EnrolOutcome::replaced;
    }
    tx.commit();
    return outcome;
}

KioskRecord CentralStore::revoke(const std::string& kiosk_id, std::int64_t now) {
    const std::string doing = "revoking kiosk " + kiosk_id;
    Transaction tx(db_, doing);
    Statement(db_, "UPDATE kiosks SET revoked_at = ?2 WHERE kiosk_id = ?1 AND revoked_at IS NULL", doing)
        .bind(1, kiosk_id).bind(2, now).run();
    std::optional<KioskRecord> after;
    {
        Statement st(db_, (std::string("SELECT ") + kKioskColumns + " FROM kiosks WHERE kiosk_id = ?1").c_str(), doing);
        st.bind(1, kiosk_id);
        if (st.step()) after = kiosk_from(st);
    }
    if (!after) throw Error(Code::failure, "There is no kiosk " + kiosk_id + " enrolled here; see `hrc-central kiosks`.");
    tx.commit();
    return *after;
}

//-------------------------------------------------------------------------------------------------
// [SECTION] Reports
//-------------------------------------------------------------------------------------------------

std::optional<StoredSummary> CentralStore::find_report(const std::string& report_id) const {
    Statement st(db_, "SELECT kiosk_id, digest, received_at FROM reports WHERE report_id = ?1", "looking up report " + report_id);
    st.bind(1, report_id);
    if (!st.step()) return std::nullopt;
    return StoredSummary{st.text(0), st.text(1), st.integer(2)};
}

void CentralStore::insert_report(const NewReport& r) {
    if (!r.sealed || !r.signature) throw Error(Code::internal, "insert_report without bytes");
    Statement(db_, "INSERT INTO reports (report_id, kiosk_id, digest, sealed, signature, kiosk_key, received_at, batch_id)"
                   " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
              "storing report " + r.report_id)
        .bind(1, r.report_id).bind(2, r.kiosk_id).bind(3, r.digest).bind(4, *r.sealed).bind(5, *r.signature)
        .bind(6, r.kiosk_key.data(), r.kiosk_key.size()).bind(7, r.received_at).bind(8, r.batch_id).run();
}

void CentralStore::record_conflict(const std::string& report_id, const std::string& kiosk_id, const std::string& digest,
                                   std::int64_t at, const std::string& batch_id) {
    Statement(db_, "INSERT INTO conflicts (report_id, kiosk_id, digest, at, batch_id) VALUES (?1, ?2, ?3, ?4, ?5)",
              "recording a conflict for report " + report_id)
        .bind(1, report_id).bind(2, kiosk_id).bind(3, digest).bind(4, at).bind(5, batch_id).run();
}

std::int64_t CentralStore::count_reports(std::int64_t since) const {
    Statement st(db_, "SELECT count(*) FROM reports WHERE received_at >= ?1", "counting reports");
    st.bind(1, since);
    return st.step() ? st.integer(0) : 0;
}

void CentralStore::for_each_report(std::int64_t since, const std::function<void(const StoredReport&)>& fn) const {
    Statement st(db_, "SELECT report_id, kiosk_id, digest, sealed, signature, kiosk_key, received_at FROM reports"
                      " WHERE received_at >= ?1 ORDER BY received_at, report_id",
                 "reading stored reports");
    st.bind(1, since);
    while (st.step()) {
        StoredReport r;
        r.report_id = st.text(0);
        r.kiosk_id = st.text(1);
        r.digest = st.text(2);
        r.sealed.sealed = st.blob(3);
        r.sealed.signature = st.blob(4);
        r.kiosk_key = key_from(st.blob(5), "report's kiosk key");
        r.received_at = st.integer(6);
        fn(r);
    }
}

//-------------------------------------------------------------------------------------------------
// [SECTION] Statistics
//-------------------------------------------------------------------------------------------------

CentralStats CentralStore::stats() const {
    CentralStats s;
    Statement st(db_,
                 "SELECT k.kiosk_id, k.centre_id, k.revoked_at IS NOT NULL,"
                 " (SELECT count(*) FROM reports r WHERE r.kiosk_id = k.kiosk_id),"
                 " (SELECT count(*) FROM conflicts c WHERE c.kiosk_id = k.kiosk_id),"
                 " (SELECT min(received_at) FROM reports r WHERE r.kiosk_id = k.kiosk_id),"
                 " (SELECT max(received_at) FROM reports r WHERE r.kiosk_id = k.kiosk_id)"
                 " FROM kiosks k ORDER BY k.kiosk_id",
                 "counting reports by kiosk");
    while (st.step()) {
        KioskStats k;
        k.kiosk_id = st.text(0);
        k.centre_id = st.text(1);
        k.revoked = st.integer(2) != 0;
        k.reports = st.integer(3);
        k.conflicts = st.integer(4);
        k.first_received_at = st.is_null(5) ? 0 : st.integer(5);
        k.last_received_at = st.is_null(6) ? 0 : st.integer(6);
        s.reports += k.reports;
        s.conflicts += k.conflicts;
        s.kiosks.push_back(std::move(k));
    }
    return s;
}

} // namespace hrc::central
