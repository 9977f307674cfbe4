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
//   conflicts  refused re-sends (same id, different bytes), one row per report id with a count
//              (v2; v1 had a row per re-send, without limit): no bytes, for operators.
//   purged_reports  (v2) the id, digest and times of every report `purge` deleted: kept forever.
//   recipients (v2) the public key each recipient's exports are sealed to.
//   exports, export_items (v2) which report ids went in which export, for which recipient.
//   audit      (v2) hash-chained metadata log (hrc/audit_log.h): exports, recipient changes,
//              purges, refused invalid reports.
//   stat_rows, postcodes, lsoa_population, statistics_sources (v3) statistics (central_stats.h);
//              lsoa_population.name (v4).
//
// Invariants:
//   C1. report_id is unique forever (PRIMARY KEY; triggers forbid UPDATE and DELETE), so a report
//       is never overwritten and a re-send is recognised however late it comes.
//   C2. reports holds only sealed bytes, the signature and metadata; never plaintext.
//   C3. Every row of reports was verified (signature, header, recipient key) and opened before it
//       was inserted, inside the batch's transaction; the acknowledgement is sent after COMMIT.
//   C4. kiosk_key is the key that verified the report, so export still opens it after the kiosk's
//       key is replaced (`enrol --replace`).
//   C5. A report row is deleted only by purge, in the same transaction that writes its id and digest
//       to purged_reports (a trigger refuses any other DELETE); purged_reports rows are never
//       changed or deleted. So a re-send of a purged report is still a duplicate, forever.
//   C6. An export is recorded (exports + export_items + audit, one transaction) only after its file
//       is complete: a crash between the two can make `--since-last` send a report twice (the
//       recipient deduplicates by report id), never skip one.
//   C7. (v3) stat_rows holds, per stored report, only what the statistics recipient's view gives
//       (hrc/statistics.h: codes and months, an LSOA code; never text, never a postcode), or only
//       "not counted" when the person did not consent. The receiver writes it in the batch's
//       transaction (C3: the report is open then anyway). It is derived data: deleted with the report
//       by purge and wholly by a new postcode directory import, then remade by opening the reports.

// sqlite3_key() is declared only with SQLITE_HAS_CODEC, which sync/CMakeLists.txt defines.
#include "central_store.h"

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include <fcntl.h>
#include <nlohmann/json.hpp>
#include <sodium.h>
#include <sqlite3.h>
#include <unistd.h>

#include "hrc/audit_log.h"
#include "hrc/error.h"
#include "hrc/sqlite_util.h"
#include "hrc/store.h"

namespace hrc::central {

using sql::exec;
using sql::Statement;
using sql::Transaction;

namespace {

constexpr int kBusyTimeoutMs = 10000;

// wal_autocheckpoint: SQLite's default (1,000 pages, 1 MiB with SQLCipher's 1 KiB pages) is less
// than one batch of 500 reports, so every batch's commit also ran a checkpoint (reading the WAL back,
// writing the pages into the database, a second fsync). 8,192 pages checkpoints about every fifth
// batch (bench/sync: central's time per batch 213 -> 155 ms); the WAL file stays below ~10 MiB.
constexpr const char* kPragmas = "PRAGMA journal_mode=WAL;"
                                 "PRAGMA synchronous=FULL;"
                                 "PRAGMA temp_store=MEMORY;"
                                 "PRAGMA secure_delete=ON;"
                                 "PRAGMA foreign_keys=ON;"
                                 "PRAGMA wal_autocheckpoint=8192;";

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

// Version 1 -> 2: recipients and their exports, the audit log, and retention (purged_reports).
const std::string kMigrationTo2 = std::string(R"sql(
CREATE TABLE recipients (
    name         TEXT    PRIMARY KEY,
    public_key   BLOB    NOT NULL CHECK (length(public_key) = 32),
    added_at     INTEGER NOT NULL
);
CREATE TABLE exports (
    export_id    TEXT    PRIMARY KEY,
    recipient    TEXT    NOT NULL,
    created_at   INTEGER NOT NULL,
    format       TEXT    NOT NULL,
    sealed_to    TEXT    NOT NULL,
    selection    TEXT    NOT NULL,
    reports      INTEGER NOT NULL,
    file_digest  TEXT    NOT NULL,
    operator     TEXT    NOT NULL
);
CREATE INDEX exports_by_recipient ON exports (recipient, created_at);
CREATE TABLE export_items (
    export_id    TEXT    NOT NULL REFERENCES exports (export_id) ON DELETE CASCADE,
    report_id    TEXT    NOT NULL,
    PRIMARY KEY (export_id, report_id)
);
CREATE INDEX export_items_by_report ON export_items (report_id);
CREATE TABLE purged_reports (
    report_id    TEXT    PRIMARY KEY,
    kiosk_id     TEXT    NOT NULL,
    digest       TEXT    NOT NULL,
    received_at  INTEGER NOT NULL,
    purged_at    INTEGER NOT NULL
);
CREATE TRIGGER purged_reports_never_changed BEFORE UPDATE ON purged_reports
    BEGIN SELECT RAISE(ABORT, 'purged report ids are kept unchanged forever'); END;
CREATE TRIGGER purged_reports_never_deleted BEFORE DELETE ON purged_reports
    BEGIN SELECT RAISE(ABORT, 'purged report ids are kept forever'); END;
DROP TRIGGER reports_never_deleted;
CREATE TRIGGER reports_deleted_only_by_purge BEFORE DELETE ON reports
    WHEN NOT EXISTS (SELECT 1 FROM purged_reports p WHERE p.report_id = OLD.report_id)
    BEGIN SELECT RAISE(ABORT, 'stored reports are deleted only by purge, which keeps their id'); END;
CREATE TABLE conflicts_by_report (
    report_id      TEXT    PRIMARY KEY,
    kiosk_id       TEXT    NOT NULL,
    last_digest    TEXT    NOT NULL,
    first_at       INTEGER NOT NULL,
    last_at        INTEGER NOT NULL,
    resends        INTEGER NOT NULL,
    last_batch_id  TEXT    NOT NULL
);
INSERT INTO conflicts_by_report (report_id, kiosk_id, last_digest, first_at, last_at, resends, last_batch_id)
    SELECT report_id, kiosk_id, digest, min(at), max(at), count(*), batch_id FROM conflicts GROUP BY report_id;
DROP TABLE conflicts;
ALTER TABLE conflicts_by_report RENAME TO conflicts;
)sql") + kCreateAuditTable + "PRAGMA user_version = 2;\n";

// Version 2 -> 3: statistics (docs/statistics.md): a row of codes per stored report, the imported
// postcode directory (LLR postcodes → LSOA, district) and LSOA populations, and their sources.
constexpr const char* kMigrationTo3 = R"sql(
CREATE TABLE stat_rows (
    report_id       TEXT    PRIMARY KEY,
    counted         INTEGER NOT NULL CHECK (counted IN (-1, 0, 1)),   -- 1 consent given, 0 not, -1 unreadable
    received_at     INTEGER NOT NULL,
    received_month  INTEGER,
    centre_id       TEXT,
    mode            INTEGER,
    incident_month  INTEGER,
    created_month   INTEGER,
    classification  INTEGER,
    strands         INTEGER,
    district        INTEGER,
    place_type      INTEGER,
    ongoing         INTEGER,
    postcode        INTEGER,
    lsoa            TEXT
);
CREATE INDEX stat_rows_by_received ON stat_rows (counted, received_month);
CREATE TABLE postcodes (
    postcode        TEXT    PRIMARY KEY,
    lsoa            TEXT    NOT NULL,
    lad             TEXT    NOT NULL
) WITHOUT ROWID;
CREATE INDEX postcodes_by_lsoa ON postcodes (lsoa);
CREATE TABLE lsoa_population (
    lsoa            TEXT    PRIMARY KEY,
    population      INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE statistics_sources (
    name            TEXT    PRIMARY KEY,
    detail          TEXT    NOT NULL,
    imported_at     INTEGER NOT NULL
);
PRAGMA user_version = 3;
)sql";

// Version 3 -> 4: LSOA names from the population file ("Leicester 001A"), when it has them.
constexpr const char* kMigrationTo4 = R"sql(
ALTER TABLE lsoa_population ADD COLUMN name TEXT;
PRAGMA user_version = 4;
)sql";

void migrate(sqlite3* db) {
    sql::migrate(db, {kMigrationTo1, kMigrationTo2.c_str(), kMigrationTo3, kMigrationTo4},
                 "hrc-central");
}

std::array<unsigned char, 32> key_from(const Bytes& b, const char* what) {
    std::array<unsigned char, 32> out{};
    if (b.size() != out.size())
        throw Error(Code::corrupt, std::string("The central database is damaged: a ") + what +
                                       " is not 32 bytes.");
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
        if (err == EEXIST)
            throw Error(Code::already_exists,
                        database.string() + " already exists; refusing to overwrite it");
        throw Error(err == ENOSPC ? Code::disk_full : Code::io,
                    database.string() + ": cannot create the database (" + std::strerror(err) +
                        ")");
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
        throw Error(Code::database_missing,
                    database.string() +
                        ": there is no central database here. Check --dir, or create a "
                        "central with `hrc-central init --dir DIR`.");
    if (std::filesystem::file_size(database, ec) == 0 && !ec)
        throw Error(Code::corrupt,
                    database.string() +
                        ": the database file is empty (damaged). Restore it from a backup.");
    CentralStore store(open_connection(database, key));
    migrate(store.db_);
    return store;
}

CentralStore open_central_store(const CentralPaths& paths) {
    std::error_code ec;
    if (!std::filesystem::exists(paths.database, ec))
        throw Error(Code::database_missing,
                    paths.database.string() +
                        ": there is no central database here. Check --dir, "
                        "or create a central with `hrc-central init --dir DIR`.");
    const char* credentials = std::getenv("CREDENTIALS_DIRECTORY");
    if ((!credentials || !*credentials) && !std::filesystem::exists(paths.db_key, ec))
        throw Error(Code::key_file,
                    paths.db_key.string() +
                        ": the database key file does not exist. `hrc-central init` wrote "
                        "it next to central.db: restore it from the central's backup.");
    try {
        return CentralStore::open(paths.database, read_db_key(paths.db_key));
    } catch (const Error& e) {
        if (e.code() != Code::wrong_key) throw;
        throw Error(Code::wrong_key,
                    "The key in " + paths.db_key.string() + " does not open " +
                        paths.database.string() +
                        ". Check that db.key is this central's own key; if it is, the start of the "
                        "database is damaged: restore it from a backup.");
    }
}

CentralStore::CentralStore(CentralStore&& other) noexcept : db_(other.db_) {
    other.db_ = nullptr;
}

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
    Statement st(
        db_, (std::string("SELECT ") + kKioskColumns + " FROM kiosks WHERE kiosk_id = ?1").c_str(),
        "reading kiosk " + kiosk_id);
    st.bind(1, kiosk_id);
    if (!st.step()) return std::nullopt;
    return kiosk_from(st);
}

std::vector<KioskRecord> CentralStore::kiosks() const {
    Statement st(
        db_, (std::string("SELECT ") + kKioskColumns + " FROM kiosks ORDER BY kiosk_id").c_str(),
        "listing kiosks");
    std::vector<KioskRecord> out;
    while (st.step())
        out.push_back(kiosk_from(st));
    return out;
}

EnrolOutcome CentralStore::enrol(const KioskPublicIdentity& kiosk, bool replace, std::int64_t now) {
    const std::string doing = "enrolling kiosk " + kiosk.kiosk_id;
    Transaction tx(db_, doing);
    std::optional<KioskRecord> existing;
    {
        Statement st(
            db_,
            (std::string("SELECT ") + kKioskColumns + " FROM kiosks WHERE kiosk_id = ?1").c_str(),
            doing);
        st.bind(1, kiosk.kiosk_id);
        if (st.step()) existing = kiosk_from(st);
    }
    EnrolOutcome outcome = EnrolOutcome::enrolled;
    if (!existing) {
        Statement(db_,
                  "INSERT INTO kiosks (kiosk_id, centre_id, public_key, enrolled_at) VALUES (?1, "
                  "?2, ?3, ?4)",
                  doing)
            .bind(1, kiosk.kiosk_id)
            .bind(2, kiosk.centre_id)
            .bind(3, kiosk.public_key.data(), kiosk.public_key.size())
            .bind(4, now)
            .run();
    } else {
        const bool same_key =
            sodium_memcmp(existing->public_key.data(), kiosk.public_key.data(), 32) == 0;
        if (same_key && !existing->revoked() && existing->centre_id == kiosk.centre_id)
            return EnrolOutcome::unchanged;
        if (!replace) {
            if (existing->revoked())
                throw Error(Code::already_exists,
                            "Kiosk " + kiosk.kiosk_id +
                                " was revoked; to let it deliver again, enrol it with --replace.");
            if (same_key)
                throw Error(Code::already_exists,
                            "Kiosk " + kiosk.kiosk_id + " is enrolled for centre " +
                                existing->centre_id + ", and this kiosk.pub says " +
                                kiosk.centre_id +
                                ". To record the new centre, enrol it with --replace.");
            throw Error(Code::already_exists,
                        "Kiosk " + kiosk.kiosk_id +
                            " is already enrolled with a different key (key id " +
                            to_hex(key_id_of(existing->public_key.data(), 32)) +
                            ", this file has " + to_hex(key_id_of(kiosk.public_key.data(), 32)) +
                            "). If the kiosk was set up again, enrol it with --replace; otherwise "
                            "check you have the right kiosk.pub.");
        }
        Statement(db_,
                  "UPDATE kiosks SET centre_id = ?2, public_key = ?3, enrolled_at = ?4, revoked_at "
                  "= NULL WHERE kiosk_id = ?1",
                  doing)
            .bind(1, kiosk.kiosk_id)
            .bind(2, kiosk.centre_id)
            .bind(3, kiosk.public_key.data(), kiosk.public_key.size())
            .bind(4, now)
            .run();
        outcome = EnrolOutcome::replaced;
    }
    tx.commit();
    return outcome;
}

KioskRecord CentralStore::revoke(const std::string& kiosk_id, std::int64_t now) {
    const std::string doing = "revoking kiosk " + kiosk_id;
    Transaction tx(db_, doing);
    Statement(db_, "UPDATE kiosks SET revoked_at = ?2 WHERE kiosk_id = ?1 AND revoked_at IS NULL",
              doing)
        .bind(1, kiosk_id)
        .bind(2, now)
        .run();
    std::optional<KioskRecord> after;
    {
        Statement st(
            db_,
            (std::string("SELECT ") + kKioskColumns + " FROM kiosks WHERE kiosk_id = ?1").c_str(),
            doing);
        st.bind(1, kiosk_id);
        if (st.step()) after = kiosk_from(st);
    }
    if (!after)
        throw Error(Code::failure,
                    "There is no kiosk " + kiosk_id + " enrolled here; see `hrc-central kiosks`.");
    tx.commit();
    return *after;
}

//-------------------------------------------------------------------------------------------------
// [SECTION] Reports
//-------------------------------------------------------------------------------------------------

std::optional<StoredSummary> CentralStore::find_report(const std::string& report_id) const {
    Statement st(
        db_,
        "SELECT kiosk_id, digest, received_at FROM reports WHERE report_id = ?1"
        " UNION ALL SELECT kiosk_id, digest, received_at FROM purged_reports WHERE report_id = ?1",
        "looking up report " + report_id);
    st.bind(1, report_id);
    if (!st.step()) return std::nullopt;
    return StoredSummary{st.text(0), st.text(1), st.integer(2)};
}

void CentralStore::insert_report(const NewReport& r) {
    if (!r.sealed || !r.signature) throw Error(Code::internal, "insert_report without bytes");
    Statement(db_,
              "INSERT INTO reports (report_id, kiosk_id, digest, sealed, signature, kiosk_key, "
              "received_at, batch_id)"
              " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
              "storing report " + r.report_id)
        .bind(1, r.report_id)
        .bind(2, r.kiosk_id)
        .bind(3, r.digest)
        .bind(4, *r.sealed)
        .bind(5, *r.signature)
        .bind(6, r.kiosk_key.data(), r.kiosk_key.size())
        .bind(7, r.received_at)
        .bind(8, r.batch_id)
        .run();
}

void CentralStore::record_conflict(const std::string& report_id, const std::string& kiosk_id,
                                   const std::string& digest, std::int64_t at,
                                   const std::string& batch_id) {
    // One row per report id however often it is re-sent (SQLCipher 3.4's SQLite has no UPSERT).
    const std::string doing = "recording a conflict for report " + report_id;
    Statement(db_,
              "INSERT OR IGNORE INTO conflicts (report_id, kiosk_id, last_digest, first_at, "
              "last_at, resends, last_batch_id)"
              " VALUES (?1, ?2, ?3, ?4, ?4, 0, ?5)",
              doing)
        .bind(1, report_id)
        .bind(2, kiosk_id)
        .bind(3, digest)
        .bind(4, at)
        .bind(5, batch_id)
        .run();
    Statement(db_,
              "UPDATE conflicts SET kiosk_id = ?2, last_digest = ?3, last_at = ?4, resends = "
              "resends + 1, last_batch_id = ?5"
              " WHERE report_id = ?1",
              doing)
        .bind(1, report_id)
        .bind(2, kiosk_id)
        .bind(3, digest)
        .bind(4, at)
        .bind(5, batch_id)
        .run();
}

namespace {

// The WHERE clause of a ReportSelection; parameters ?1 from, ?2 before (0 = none), ?3 recipient.
constexpr const char* kSelectionWhere =
    " WHERE r.received_at >= ?1 AND (?2 = 0 OR r.received_at < ?2)"
    " AND (?3 = '' OR NOT EXISTS (SELECT 1 FROM export_items i JOIN exports e ON e.export_id = "
    "i.export_id"
    "                             WHERE i.report_id = r.report_id AND e.recipient = ?3))";

void bind_selection(Statement& st, const ReportSelection& s) {
    st.bind(1, s.received_from).bind(2, s.received_before).bind(3, s.not_exported_to);
}

} // namespace

std::int64_t CentralStore::count_reports(const ReportSelection& selection) const {
    Statement st(db_, (std::string("SELECT count(*) FROM reports r") + kSelectionWhere).c_str(),
                 "counting reports");
    bind_selection(st, selection);
    return st.step() ? st.integer(0) : 0;
}

void CentralStore::for_each_report(const ReportSelection& selection,
                                   const std::function<void(const StoredReport&)>& fn) const {
    Statement st(db_,
                 (std::string("SELECT r.report_id, r.kiosk_id, r.digest, r.sealed, r.signature, "
                              "r.kiosk_key, r.received_at"
                              " FROM reports r") +
                  kSelectionWhere + " ORDER BY r.received_at, r.report_id")
                     .c_str(),
                 "reading stored reports");
    bind_selection(st, selection);
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
// [SECTION] Recipients and exports
//-------------------------------------------------------------------------------------------------

RecipientOutcome CentralStore::add_recipient(const std::string& name,
                                             const std::array<unsigned char, 32>& public_key,
                                             bool replace, const std::string& operator_name,
                                             std::int64_t now) {
    const std::string doing = "adding recipient " + name;
    Transaction tx(db_, doing);
    const std::optional<RecipientRecord> existing = find_recipient(name);
    const std::string key_id = to_hex(key_id_of(public_key.data(), public_key.size()));
    RecipientOutcome outcome = RecipientOutcome::added;
    if (existing) {
        if (sodium_memcmp(existing->public_key.data(), public_key.data(), 32) == 0)
            return RecipientOutcome::unchanged;
        if (!replace)
            throw Error(Code::already_exists,
                        "Recipient " + name + " already has a key (key id " +
                            to_hex(key_id_of(existing->public_key.data(), 32)) +
                            "; this file has " + key_id +
                            "). If the recipient made a new key, add it with --replace.");
        Statement(db_, "UPDATE recipients SET public_key = ?2, added_at = ?3 WHERE name = ?1",
                  doing)
            .bind(1, name)
            .bind(2, public_key.data(), public_key.size())
            .bind(3, now)
            .run();
        outcome = RecipientOutcome::replaced;
    } else {
        Statement(db_, "INSERT INTO recipients (name, public_key, added_at) VALUES (?1, ?2, ?3)",
                  doing)
            .bind(1, name)
            .bind(2, public_key.data(), public_key.size())
            .bind(3, now)
            .run();
    }
    append_audit_row(
        db_, outcome == RecipientOutcome::added ? "recipient.added" : "recipient.replaced",
        nlohmann::json{{"recipient", name}, {"key_id", key_id}, {"operator", operator_name}}.dump(),
        now, "hrc-central");
    tx.commit();
    return outcome;
}

void CentralStore::remove_recipient(const std::string& name, const std::string& operator_name,
                                    std::int64_t now) {
    const std::string doing = "removing recipient " + name;
    Transaction tx(db_, doing);
    if (!find_recipient(name))
        throw Error(Code::failure,
                    "There is no recipient " + name + " here; see `hrc-central recipient list`.");
    Statement(db_, "DELETE FROM recipients WHERE name = ?1", doing).bind(1, name).run();
    append_audit_row(db_, "recipient.removed",
                     nlohmann::json{{"recipient", name}, {"operator", operator_name}}.dump(), now,
                     "hrc-central");
    tx.commit();
}

std::optional<RecipientRecord> CentralStore::find_recipient(const std::string& name) const {
    Statement st(db_, "SELECT name, public_key, added_at FROM recipients WHERE name = ?1",
                 "reading recipient " + name);
    st.bind(1, name);
    if (!st.step()) return std::nullopt;
    return RecipientRecord{st.text(0), key_from(st.blob(1), "recipient key"), st.integer(2)};
}

std::vector<RecipientRecord> CentralStore::recipients() const {
    Statement st(db_, "SELECT name, public_key, added_at FROM recipients ORDER BY name",
                 "listing recipients");
    std::vector<RecipientRecord> out;
    while (st.step())
        out.push_back(
            RecipientRecord{st.text(0), key_from(st.blob(1), "recipient key"), st.integer(2)});
    return out;
}

void CentralStore::record_export(const ExportRecord& r) {
    const std::string doing = "recording export " + r.export_id;
    Transaction tx(db_, doing);
    Statement(db_,
              "INSERT INTO exports (export_id, recipient, created_at, format, sealed_to, "
              "selection, reports, file_digest, operator)"
              " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
              doing)
        .bind(1, r.export_id)
        .bind(2, r.recipient)
        .bind(3, r.created_at)
        .bind(4, r.format)
        .bind(5, r.sealed_to)
        .bind(6, r.selection)
        .bind(7, static_cast<std::int64_t>(r.report_ids.size()))
        .bind(8, r.file_digest)
        .bind(9, r.operator_name)
        .run();
    {
        Statement item(db_, "INSERT INTO export_items (export_id, report_id) VALUES (?1, ?2)",
                       doing);
        for (const std::string& id : r.report_ids) {
            item.bind(1, r.export_id).bind(2, id).run();
            item.reset();
        }
    }
    append_audit_row(db_, "export",
                     nlohmann::json{{"export_id", r.export_id},
                                    {"recipient", r.recipient},
                                    {"format", r.format},
                                    {"sealed_to", r.sealed_to},
                                    {"selection", r.selection},
                                    {"file_digest", r.file_digest},
                                    {"operator", r.operator_name},
                                    {"report_ids", r.report_ids}}
                         .dump(),
                     r.created_at, "hrc-central");
    tx.commit();
}

std::vector<ExportSummary> CentralStore::exports(const std::string& recipient) const {
    Statement st(
        db_,
        "SELECT export_id, recipient, format, sealed_to, selection, file_digest, operator, "
        "created_at, reports"
        " FROM exports WHERE ?1 = '' OR recipient = ?1 ORDER BY created_at DESC, rowid DESC",
        "listing exports");
    st.bind(1, recipient);
    std::vector<ExportSummary> out;
    while (st.step())
        out.push_back(ExportSummary{st.text(0), st.text(1), st.text(2), st.text(3), st.text(4),
                                    st.text(5), st.text(6), st.integer(7), st.integer(8)});
    return out;
}

std::vector<std::string> CentralStore::export_report_ids(const std::string& export_id) const {
    Statement st(db_, "SELECT report_id FROM export_items WHERE export_id = ?1 ORDER BY report_id",
                 "reading export " + export_id);
    st.bind(1, export_id);
    std::vector<std::string> out;
    while (st.step())
        out.push_back(st.text(0));
    return out;
}

//-------------------------------------------------------------------------------------------------
// [SECTION] Audit log and retention
//-------------------------------------------------------------------------------------------------

void CentralStore::append_audit(const std::string& event, const std::string& detail_json,
                                std::int64_t now) {
    Transaction tx(db_, "writing the audit log");
    append_audit_row(db_, event, detail_json, now, "hrc-central");
    tx.commit();
}

AuditCheck CentralStore::verify_audit() const {
    return verify_audit_chain(db_);
}

std::string CentralStore::integrity_check() const {
    return sql::integrity_check(db_);
}

std::int64_t CentralStore::count_purgeable(std::int64_t reports_before) const {
    if (reports_before <= 0) return 0;
    Statement st(db_, "SELECT count(*) FROM reports WHERE received_at < ?1",
                 "counting reports past retention");
    st.bind(1, reports_before);
    return st.step() ? st.integer(0) : 0;
}

PurgeOutcome CentralStore::purge(std::int64_t reports_before, std::int64_t exports_before,
                                 const std::string& operator_name, std::int64_t now) {
    PurgeOutcome out;
    Transaction tx(db_, "purging what is past retention");
    if (reports_before > 0) {
        // Invariant C5: the id and digest first, then the bytes (the trigger checks the first).
        Statement(db_,
                  "INSERT INTO purged_reports (report_id, kiosk_id, digest, received_at, purged_at)"
                  " SELECT report_id, kiosk_id, digest, received_at, ?2 FROM reports WHERE "
                  "received_at < ?1",
                  "keeping the ids of purged reports")
            .bind(1, reports_before)
            .bind(2, now)
            .run();
        Statement(db_, "DELETE FROM reports WHERE received_at < ?1", "purging reports")
            .bind(1, reports_before)
            .run();
        out.reports_purged = sqlite3_changes(db_);
        Statement(db_, "DELETE FROM stat_rows WHERE received_at < ?1", "purging statistics rows")
            .bind(1, reports_before)
            .run();
    }
    if (exports_before > 0) {
        Statement(db_,
                  "DELETE FROM export_items WHERE export_id IN (SELECT export_id FROM exports "
                  "WHERE created_at < ?1)",
                  "purging export records")
            .bind(1, exports_before)
            .run();
        Statement(db_, "DELETE FROM exports WHERE created_at < ?1", "purging export records")
            .bind(1, exports_before)
            .run();
        out.exports_forgotten = sqlite3_changes(db_);
    }
    append_audit_row(db_, "purge",
                     nlohmann::json{{"reports_received_before",
                                     reports_before ? format_utc(reports_before) : std::string()},
                                    {"exports_made_before",
                                     exports_before ? format_utc(exports_before) : std::string()},
                                    {"reports_purged", out.reports_purged},
                                    {"exports_forgotten", out.exports_forgotten},
                                    {"operator", operator_name}}
                         .dump(),
                     now, "hrc-central");
    tx.commit();
    return out;
}

//-------------------------------------------------------------------------------------------------
// [SECTION] Statistics
//-------------------------------------------------------------------------------------------------

CentralStats CentralStore::stats() const {
    CentralStats s;
    Statement st(
        db_,
        "SELECT k.kiosk_id, k.centre_id, k.revoked_at IS NOT NULL,"
        " (SELECT count(*) FROM reports r WHERE r.kiosk_id = k.kiosk_id),"
        " (SELECT coalesce(sum(resends), 0) FROM conflicts c WHERE c.kiosk_id = k.kiosk_id),"
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
