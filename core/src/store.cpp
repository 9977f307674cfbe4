// store.cpp — the kiosk's encrypted store and its outbox.
//
// [SECTION] Outbox state machine (read this first)
// [SECTION] Helpers: key literal, states (statements and transactions: hrc/sqlite_util.h)
// [SECTION] Database key
// [SECTION] Opening, creating, migrating
// [SECTION] Outbox operations
// [SECTION] Status, purge, retention
// [SECTION] Staff PIN lockout
// [SECTION] Audit log (hash chain)
// [SECTION] Rekey
//
//-------------------------------------------------------------------------------------------------
// [SECTION] Outbox state machine
//-------------------------------------------------------------------------------------------------
//
// Every sealed report is one row of `outbox`. Its `state` moves like this:
//
//      insert()                 claim_batch()
//   ─────────────▶  QUEUED  ─────────────────────▶  SENDING  ──── mark_acked() ────▶  ACKED
//                     ▲ ▲                           │  │  │   record_acknowledgement()   │
//                     │ │ recover_interrupted()     │  │  │   (accepted / duplicate)     │ sealed bytes dropped
//                     │ └─── (after a crash) ───────┘  │  │                              ▼ (record_acknowledgement,
//                     │                                │  │ mark_retry()               ACKED  purge): metadata only
//                     │   ┌─────── claim_batch() ◀─────┤  ▼   transport error, 408, 429, 5xx
//                     │   │  (next_attempt_at ≤ now)   │ RETRY_WAIT
//                     │   ▼                            │
//                     │ SENDING                        │ mark_quarantined(), record_acknowledgement()
//                     │                                ▼   signed rejected / conflict
//                     └──────── requeue() ──────── QUARANTINED  (staff told; kept until staff act)
//
//   Tables: `outbox` holds one small row per report (ids, state, times, counts); `outbox_sealed`
//   holds its sealed bytes and signature under the same id until central acknowledges it (schema
//   version 5), so a state change never rewrites the sealed bytes.
//
//   Every arrow is one row of kEdges below, and every state change goes through transition_set(),
//   which moves a set of rows in one UPDATE (a batch is claimed or acknowledged at once), refuses
//   an arrow that is not in kEdges (Code::internal: a bug), takes the states from OutboxState only,
//   and writes the arrow's audit row in the same transaction — one row per report,
//   naming the report, both states and why. So the audit log answers, for any report, when it was
//   stored, each time its sealed bytes were handed to the network (claimed: from then on it "may
//   have reached central", I5), why each attempt ended, and who put it back in the queue. That is
//   what an auditor of a deployment asks after a complaint ("did my report leave this kiosk, and
//   when?") or a breach review ("which reports could have been on the wire on that day?"); it costs
//   one small row per report per attempt, and attempts are bounded by the backoff (at most one per
//   sync.max_backoff_seconds per report once it keeps failing).
//   Not state changes, so not arrows: dropping an ACKED report's sealed bytes (in the transaction
//   that records central's acknowledgement, or by purge(); audited as one outbox.purged_acked row
//   with the count), and rows never deleted (I7).
//   status() counts unacknowledged rows that have waited retention.unacknowledged_days −
//   retention.warn_days_before days or more, so staff are warned (they are never deleted).
//
// Invariants (enforced by CHECK constraints and triggers where SQLite can):
//   I1. A row is in exactly one state; report_id and reference are unique forever on this kiosk.
//   I2. A report has its outbox_sealed row (sealed bytes and signature, both present) in every
//       state but ACKED; the row can be deleted only once the report is ACKED (trigger).
//   I3. acknowledgement is non-NULL exactly in ACKED: nothing is ACKED without central's signed
//       acknowledgement, so nothing is purged that central has not confirmed.
//   I7. An outbox row is deleted never (trigger); its sealed bytes are dropped only in ACKED.
//   I4. Each call is one transaction: a crash leaves either the old or the new state, never a mix.
//   I5. SENDING means "may have reached central". After a crash such rows go back to QUEUED; a
//       second upload is safe because central deduplicates by report id (duplicate = success).
//   I6. No row ever holds plaintext: only sealed bytes, signature and metadata (ids, reference,
//       language, mode, times, counts, error text written by the agent).

#include "hrc/store.h"

#include <cerrno>
#include <chrono>
#include <cstring>
#include <ctime>
#include <fstream>
#include <limits>
#include <unordered_map>

#include <fcntl.h>
#include <nlohmann/json.hpp>
#include <sodium.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hrc/atomic_file.h"
#include "hrc/audit_log.h"
#include "hrc/error.h"
#include "hrc/sqlite_util.h"
#include "hrc/staff_pins.h"
#include "hrc/store_schema.h"

namespace hrc {

using sql::exec;
using sql::Statement;
using sql::Transaction;

//-------------------------------------------------------------------------------------------------
// [SECTION] Helpers
//-------------------------------------------------------------------------------------------------

namespace {

std::optional<OutboxState> state_from_string(std::string_view s) {
    for (auto st : {OutboxState::queued, OutboxState::sending, OutboxState::acked,
                    OutboxState::retry_wait, OutboxState::quarantined})
        if (to_string(st) == s) return st;
    return std::nullopt;
}

} // namespace

std::string_view to_string(OutboxState state) {
    switch (state) {
    case OutboxState::queued:
        return "queued";
    case OutboxState::sending:
        return "sending";
    case OutboxState::acked:
        return "acked";
    case OutboxState::retry_wait:
        return "retry_wait";
    case OutboxState::quarantined:
        return "quarantined";
    }
    return "?";
}

std::string format_utc(std::int64_t unix_seconds) {
    const auto t = static_cast<std::time_t>(unix_seconds);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char out[32];
    std::strftime(out, sizeof out, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return out;
}

std::optional<std::int64_t> parse_utc(std::string_view text) {
    if (text.size() != 20 || text[19] != 'Z' || text[10] != 'T') return std::nullopt;
    std::tm tm{};
    const std::string s(text);
    const char* end = strptime(s.c_str(), "%Y-%m-%dT%H:%M:%SZ", &tm);
    if (!end || *end != '\0') return std::nullopt;
    return static_cast<std::int64_t>(timegm(&tm));
}

//-------------------------------------------------------------------------------------------------
// [SECTION] Database key
//-------------------------------------------------------------------------------------------------

SecretKey generate_db_key() {
    if (sodium_init() < 0) throw Error(Code::crypto, "libsodium could not initialise");
    SecretKey key(32);
    randombytes_buf(key.data(), key.size());
    return key;
}

SecretKey read_db_key(const std::filesystem::path& key_file) {
    std::filesystem::path path = key_file;
    bool from_credential = false;
    if (const char* dir = std::getenv("CREDENTIALS_DIRECTORY"); dir && *dir) {
        path = std::filesystem::path(dir) / "hrc-db-key";
        from_credential = true;
    }
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0) {
        const int err = errno;
        if (err == ENOENT)
            throw Error(Code::key_file,
                        path.string() + ": the database key file does not exist. " +
                            (from_credential
                                 ? "Check LoadCredentialEncrypted=hrc-db-key in the service unit."
                                 : "Check store.key_file in hrc.toml, or create a kiosk with "
                                   "`hrc-admin init`."));
        throw Error(Code::key_file,
                    path.string() + ": the database key file cannot be read (" +
                        std::strerror(err) +
                        "). Run as the hrc service user, or check the file's owner.");
    }
    struct stat st {};
    if (fstat(fd, &st) != 0) {
        const int err = errno;
        ::close(fd);
        throw Error(Code::key_file,
                    path.string() + ": cannot check the key file (" + std::strerror(err) + ")");
    }
    // systemd credentials are already private to the service; a plain key file must be 0600.
    if (!from_credential && (st.st_mode & 077) != 0) {
        ::close(fd);
        char mode[8];
        std::snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(st.st_mode & 07777));
        throw Error(Code::key_file, path.string() + " can be read by other users (mode " + mode +
                                        "); fix it with: chmod 600 " + path.string());
    }
    SecretKey text(130);
    const ssize_t n = ::read(fd, text.data(), text.size());
    ::close(fd);
    if (n < 0)
        throw Error(Code::key_file,
                    path.string() + ": cannot read the key file (" + std::strerror(errno) + ")");
    std::size_t len = static_cast<std::size_t>(n);
    while (len > 0 && (text.data()[len - 1] == '\n' || text.data()[len - 1] == '\r' ||
                       text.data()[len - 1] == ' '))
        --len;
    SecretKey key(32);
    std::size_t bin_len = 0;
    const char* end = nullptr;
    if (len != 64 ||
        sodium_hex2bin(key.data(), key.size(), reinterpret_cast<const char*>(text.data()), len,
                       nullptr, &bin_len, &end) != 0 ||
        bin_len != 32)
        throw Error(Code::key_file, path.string() +
                                        ": a database key file must hold exactly 64 hexadecimal "
                                        "characters. It may have been edited or truncated: restore "
                                        "it from the kiosk's backup.");
    return key;
}

void write_db_key(const std::filesystem::path& key_file, const SecretKey& key, bool replace) {
    // 64 hex characters and a newline, built in guarded memory and written from it.
    SecretKey hex(66);
    sodium_bin2hex(reinterpret_cast<char*>(hex.data()), 65, key.data(), key.size());
    hex.data()[64] = '\n';
    write_file_atomically(key_file, hex.data(), 65, 0600,
                          replace ? IfExists::replace : IfExists::refuse);
}

//-------------------------------------------------------------------------------------------------
// [SECTION] Opening, creating, migrating
//-------------------------------------------------------------------------------------------------

namespace {

// Opens the connection, applies the key and proves it by reading the schema.
sqlite3* open_connection(const StoreOptions& options, const SecretKey& key) {
    return sql::open_encrypted(options.database, key, options.busy_timeout_ms, schema::kPragmas,
                               options.vfs);
}

void migrate(sqlite3* db) {
    sql::migrate(
        db,
        std::vector<const char*>(std::begin(schema::kMigrations), std::end(schema::kMigrations)),
        "hrc");
}

} // namespace

Store Store::create(const StoreOptions& options, const SecretKey& key, const KioskRow& kiosk,
                    std::int64_t now) {
    // Create the file ourselves with 0600 so that SQLite (which gives -wal and -shm the main file's
    // mode) never makes a readable file, whatever the process umask.
    const int fd = ::open(options.database.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) {
        const int err = errno;
        if (err == EEXIST)
            throw Error(Code::already_exists,
                        options.database.string() + " already exists; refusing to overwrite it");
        throw Error(err == ENOSPC ? Code::disk_full : Code::io,
                    options.database.string() + ": cannot create the database (" +
                        std::strerror(err) + ")");
    }
    ::close(fd);
    try {
        Store store(open_connection(options, key), options.database);
        migrate(store.db_);
        store.prepare_connection();
        Transaction tx(store.db_, "recording the kiosk identity");
        Statement(store.db_,
                  "INSERT INTO kiosk (id, kiosk_id, centre_id, public_key, created_at) VALUES (1, "
                  "?1, ?2, ?3, ?4)",
                  "recording the kiosk identity")
            .bind(1, kiosk.kiosk_id)
            .bind(2, kiosk.centre_id)
            .bind(3, kiosk.public_key.data(), kiosk.public_key.size())
            .bind(4, now)
            .run();
        tx.commit();
        store.append_audit(
            "store.created",
            nlohmann::json{{"kiosk_id", kiosk.kiosk_id}, {"centre_id", kiosk.centre_id}}.dump(),
            now);
        return store;
    } catch (...) {
        // Leave nothing half-made behind: a later `hrc-admin init` must be able to start again.
        std::error_code ignored;
        for (const char* suffix : {"", "-wal", "-shm", "-journal"})
            std::filesystem::remove(options.database.string() + suffix, ignored);
        throw;
    }
}

Store Store::open(const StoreOptions& options, const SecretKey& key) {
    std::error_code ec;
    if (!std::filesystem::exists(options.database, ec))
        throw Error(Code::database_missing,
                    options.database.string() +
                        ": there is no database here. Create the kiosk with `hrc-admin init --dir "
                        "DIR --central CENTRAL_PUB`, "
                        "or fix store.database in hrc.toml.");
    // Tell the two "cannot open" cases apart before SQLCipher lumps them into SQLITE_NOTADB.
    {
        std::ifstream in(options.database, std::ios::binary);
        char header[16] = {};
        in.read(header, sizeof header);
        const auto got = in.gcount();
        if (got == 0)
            throw Error(Code::corrupt,
                        options.database.string() +
                            ": the database file is empty (damaged). Restore it from a backup.");
        if (got == 16 && std::memcmp(header, "SQLite format 3", 16) == 0)
            throw Error(Code::corrupt,
                        options.database.string() +
                            ": this is an unencrypted SQLite database, not an hrc store. "
                            "Check store.database in hrc.toml.");
        const auto size = std::filesystem::file_size(options.database, ec);
        if (!ec && size % 1024 != 0)
            throw Error(Code::corrupt,
                        options.database.string() +
                            ": this is not an hrc database, or it is damaged (its size is not a "
                            "whole number of pages). "
                            "Check store.database in hrc.toml, or restore it from a backup.");
    }
    Store store(open_connection(options, key), options.database);
    migrate(store.db_);
    store.prepare_connection();
    return store;
}

Store::Store(Store&& other) noexcept
    : db_(other.db_), path_(std::move(other.path_)), kiosk_(std::move(other.kiosk_)) {
    other.db_ = nullptr;
}

Store& Store::operator=(Store&& other) noexcept {
    if (this != &other) {
        sqlite3_close(db_);
        db_ = other.db_;
        path_ = std::move(other.path_);
        kiosk_ = std::move(other.kiosk_);
        other.db_ = nullptr;
    }
    return *this;
}

Store::~Store() {
    // sqlite3_close (not _v2) fails if statements are open; every Statement is scoped, so none are.
    sqlite3_close(db_);
}

int Store::schema_version() const {
    return sql::user_version(db_);
}

KioskRow Store::kiosk() const {
    if (kiosk_) return *kiosk_;
    Statement st(db_, "SELECT kiosk_id, centre_id, public_key, created_at FROM kiosk WHERE id = 1",
                 "reading the kiosk identity");
    if (!st.step())
        throw Error(
            Code::corrupt,
            "The database has no kiosk identity. Recreate the kiosk with `hrc-admin init`.");
    KioskRow row;
    row.kiosk_id = st.text(0);
    row.centre_id = st.text(1);
    const Bytes pk = st.blob(2);
    if (pk.size() != row.public_key.size())
        throw Error(Code::corrupt, "The kiosk identity in the database is damaged.");
    std::copy(pk.begin(), pk.end(), row.public_key.begin());
    row.created_at = st.integer(3);
    kiosk_ = row;
    return row;
}

//-------------------------------------------------------------------------------------------------
// [SECTION] Outbox operations
//-------------------------------------------------------------------------------------------------

namespace {

std::string audit_detail(const std::string& report_id, const std::string& reference) {
    return nlohmann::json{{"report_id", report_id}, {"reference", reference}}.dump();
}

OutboxEntry entry_from(const Statement& st) {
    // Column order of kEntryColumns.
    OutboxEntry e;
    e.report_id = st.text(0);
    e.reference = st.text(1);
    e.language = st.text(2);
    e.mode = st.text(3);
    e.created_at = st.integer(4);
    e.state = state_from_string(st.text(5)).value_or(OutboxState::quarantined);
    e.attempts = static_cast<int>(st.integer(6));
    e.next_attempt_at = st.integer(7);
    e.last_error = st.text(8);
    e.acked_at = st.integer(9);
    e.sealed_present = st.integer(10) != 0;
    return e;
}

constexpr const char* kEntryColumns = "report_id, reference, language, mode, created_at, state, "
                                      "attempts, next_attempt_at, last_error, acked_at,"
                                      " EXISTS (SELECT 1 FROM outbox_sealed s WHERE s.id = "
                                      "outbox.id)";

// The arrows of the state machine at the top of this file, each with the audit event it writes.
struct Edge {
    OutboxState from;
    OutboxState to;
    const char* event;
};
constexpr Edge kEdges[] = {
    {OutboxState::queued, OutboxState::sending, "report.claimed"},
    {OutboxState::retry_wait, OutboxState::sending, "report.claimed"},
    {OutboxState::sending, OutboxState::acked, "report.acked"},
    {OutboxState::sending, OutboxState::retry_wait, "report.retry_scheduled"},
    {OutboxState::sending, OutboxState::quarantined, "report.quarantined"},
    {OutboxState::sending, OutboxState::queued, "report.recovered"},
    {OutboxState::quarantined, OutboxState::queued, "report.requeued"},
};

// What changes with the state (each field: left as it is when not set), and what the audit row
// adds to {report_id, from, to}.
struct RowChange {
    bool count_attempt = false; // attempts + 1 (a claim)
    std::optional<std::int64_t> next_attempt_at;
    std::optional<std::string> last_error;
    const Bytes* acknowledgement = nullptr; // with acked_at = now
    nlohmann::json audit = nlohmann::json::object();
};

// The temporary table a set operation names its rows in (temp_store=MEMORY: never on disk). Made
// once per connection (prepare_connection), so that no statement is re-prepared for it later.
constexpr const char* kCreateIdSet =
    "CREATE TEMP TABLE IF NOT EXISTS outbox_ids (id INTEGER PRIMARY KEY)";

// Puts `ids` (outbox.id values) in temp.outbox_ids, replacing what was there.
void fill_id_set(sqlite3* db, const std::vector<std::int64_t>& ids, const std::string& doing) {
    exec(db, "DELETE FROM temp.outbox_ids", doing);
    Statement insert(db, "INSERT OR IGNORE INTO temp.outbox_ids (id) VALUES (?1)", doing);
    for (const std::int64_t id : ids) {
        insert.reset();
        insert.bind(1, id).run();
    }
}

// A row a set transition moved: its id, report id, reference, and attempts after the change.
struct MovedRow {
    std::int64_t id = 0;
    std::string report_id;
    std::string reference;
    int attempts = 0;
};

// THE one place outbox rows change state, inside the caller's transaction: the rows of `ids` that
// are in `from` move to `to` with `change`, in one UPDATE, and each moved report gets the edge's
// audit row (through `audit`, oldest first). Rows of `ids` not in `from` (or not existing) are
// left alone and are not in the result. Throws Error(Code::internal) for an arrow that is not in
// kEdges, and the database's errors (hrc/sqlite_util.h).
std::vector<MovedRow> transition_set(sqlite3* db, const std::vector<std::int64_t>& ids,
                                     OutboxState from, OutboxState to, const RowChange& change,
                                     std::int64_t now, const std::string& doing,
                                     AuditAppender& audit) {
    const Edge* edge = nullptr;
    for (const Edge& e : kEdges)
        if (e.from == from && e.to == to) edge = &e;
    if (edge == nullptr)
        throw Error(Code::internal, doing + ": the outbox has no transition from " +
                                        std::string(to_string(from)) + " to " +
                                        std::string(to_string(to)) + " (a bug: please report it)");
    std::vector<MovedRow> moved;
    if (ids.empty()) return moved;
    fill_id_set(db, ids, doing);
    const std::string from_text(to_string(from));
    {
        Statement st(db,
                     "SELECT id, report_id, reference, attempts FROM outbox WHERE id IN (SELECT id "
                     "FROM temp.outbox_ids) AND state = ?1 ORDER BY created_at, id",
                     doing);
        st.bind(1, from_text);
        while (st.step())
            moved.push_back({st.integer(0), st.text(1), st.text(2),
                             static_cast<int>(st.integer(3)) + (change.count_attempt ? 1 : 0)});
    }
    if (moved.empty()) return moved;
    std::string sql = "UPDATE outbox SET state = ?2";
    if (change.count_attempt) sql += ", attempts = attempts + 1";
    if (change.next_attempt_at) sql += ", next_attempt_at = ?4";
    if (change.last_error) sql += ", last_error = ?5";
    if (change.acknowledgement) sql += ", acknowledgement = ?6, acked_at = ?7";
    sql += " WHERE id IN (SELECT id FROM temp.outbox_ids) AND state = ?3";
    Statement st(db, sql.c_str(), doing);
    st.bind(2, std::string(to_string(to))).bind(3, from_text);
    if (change.next_attempt_at) st.bind(4, *change.next_attempt_at);
    if (change.last_error) st.bind(5, *change.last_error);
    if (change.acknowledgement) st.bind(6, *change.acknowledgement).bind(7, now);
    st.run();
    if (sqlite3_changes(db) != static_cast<int>(moved.size()))
        throw Error(Code::internal, doing + ": the outbox changed while it was being updated "
                                            "(a bug: please report it)");
    for (const MovedRow& row : moved) {
        nlohmann::json detail = {
            {"report_id", row.report_id}, {"from", to_string(from)}, {"to", to_string(to)}};
        detail.update(change.audit);
        if (change.count_attempt) detail["attempt"] = row.attempts;
        audit.append(edge->event, detail.dump(), now);
    }
    return moved;
}

// The outbox id of a report, if it is stored.
std::optional<std::int64_t> id_of(sqlite3* db, const std::string& report_id,
                                  const std::string& doing) {
    Statement st(db, "SELECT id FROM outbox WHERE report_id = ?1", doing);
    st.bind(1, report_id);
    if (!st.step()) return std::nullopt;
    return st.integer(0);
}

// One report through transition_set(). Returns false (and changes nothing) when the report is not
// stored or not in `from`.
bool transition(sqlite3* db, const std::string& report_id, OutboxState from, OutboxState to,
                const RowChange& change, std::int64_t now, const std::string& doing) {
    const auto id = id_of(db, report_id, doing);
    if (!id) return false;
    AuditAppender audit(db);
    return !transition_set(db, {*id}, from, to, change, now, doing, audit).empty();
}

// The ids in `state`, oldest first.
std::vector<std::int64_t> ids_in(sqlite3* db, OutboxState state, const std::string& doing) {
    Statement st(db, "SELECT id FROM outbox WHERE state = ?1 ORDER BY created_at, id", doing);
    st.bind(1, std::string(to_string(state)));
    std::vector<std::int64_t> ids;
    while (st.step())
        ids.push_back(st.integer(0));
    return ids;
}

// Runs `del` (a DELETE of sealed bytes) with secure_delete off, and on again after, also when it
// throws. Why off: secure_delete=ON would overwrite every freed page with zeros — for 500 reports
// about 1,500 pages written and synced, most of the cost of recording an acknowledgement
// (bench/sync) — and what it would wipe is only ciphertext sealed to central's public key, which
// nothing on the kiosk can open (I6), inside a file that SQLCipher encrypts as a whole. Everything
// else this store deletes keeps secure_delete=ON. Returns sqlite3_changes().
int delete_sealed_bytes(sqlite3* db, Statement& del, const std::string& doing) {
    exec(db, "PRAGMA secure_delete=OFF", doing);
    try {
        del.run();
    } catch (...) {
        sqlite3_exec(db, "PRAGMA secure_delete=ON", nullptr, nullptr, nullptr);
        throw;
    }
    const int changes = sqlite3_changes(db);
    exec(db, "PRAGMA secure_delete=ON", doing);
    return changes;
}

// Drops the sealed bytes of the reports of temp.outbox_ids that are ACKED (the only state in which
// the schema's trigger allows it: I2). Returns how many were dropped.
int drop_sealed_of_acked_in_id_set(sqlite3* db, const std::string& doing) {
    Statement st(db,
                 "DELETE FROM outbox_sealed WHERE id IN (SELECT id FROM temp.outbox_ids) AND "
                 "(SELECT state FROM outbox WHERE outbox.id = outbox_sealed.id) = ?1",
                 doing);
    st.bind(1, std::string(to_string(OutboxState::acked)));
    return delete_sealed_bytes(db, st, doing);
}

Error not_in_state(const std::string& doing, const std::string& report_id) {
    return Error(Code::failure, doing + ": no report " + report_id + " in a state that allows it");
}

Error not_quarantined(const std::string& report_id) {
    return Error(Code::failure, "Report " + report_id +
                                    " is not quarantined on this kiosk (see `hrc-admin list`); "
                                    "nothing was changed.");
}

} // namespace

void Store::prepare_connection() {
    exec(db_, kCreateIdSet, "preparing the outbox");
}

void Store::insert(const NewOutboxItem& item, std::int64_t now) {
    const std::string doing = "storing report " + item.reference;
    Transaction tx(db_, doing);
    {
        Statement exists(db_, "SELECT 1 FROM outbox WHERE report_id = ?1 OR reference = ?2", doing);
        exists.bind(1, item.report_id).bind(2, item.reference);
        if (exists.step())
            throw Error(Code::already_exists, "Report " + item.report_id + " (" + item.reference +
                                                  ") is already stored; nothing was added.");
    }
    // A new row, not a transition: kInsertOutbox's state is the schema's default, QUEUED.
    Statement(db_, schema::kInsertOutbox, doing)
        .bind(1, item.report_id)
        .bind(2, item.reference)
        .bind(3, item.language)
        .bind(4, item.mode)
        .bind(5, item.created_at)
        .bind(6, item.key_id.data(), item.key_id.size())
        .bind(7,
              static_cast<std::int64_t>(item.sealed.sealed.size() + item.sealed.signature.size()))
        .run();
    Statement(db_, schema::kInsertSealed, doing)
        .bind(1, static_cast<std::int64_t>(sqlite3_last_insert_rowid(db_)))
        .bind(2, item.sealed.sealed)
        .bind(3, item.sealed.signature)
        .run();
    append_audit_row(db_, "report.stored", audit_detail(item.report_id, item.reference), now);
    tx.commit();
}

std::vector<OutboxItem> Store::claim_batch(std::int64_t now, int max_items, std::int64_t max_bytes,
                                           bool waiting_now) {
    std::vector<OutboxItem> batch;
    if (max_items <= 0) return batch;
    const std::string doing = "claiming a batch to send";
    Transaction tx(db_, doing);
    // Step 1 picks the rows in send order from the small rows alone (sizes are kept beside the
    // state, so no sealed byte is read to choose).
    struct Pick {
        std::int64_t id;
        OutboxState from;
    };
    std::vector<Pick> picks;
    {
        // Each arm walks an index in send order and stops after ?2 rows; the merge keeps the oldest.
        Statement st(db_,
                     "SELECT id, sealed_bytes, state FROM ("
                     " SELECT * FROM (SELECT id, created_at, sealed_bytes, state FROM outbox"
                     "  WHERE state = ?3 ORDER BY created_at, id LIMIT ?2)"
                     " UNION ALL"
                     " SELECT * FROM (SELECT id, created_at, sealed_bytes, state FROM outbox"
                     "  WHERE state = ?4 AND next_attempt_at <= ?1 ORDER BY created_at, id"
                     "  LIMIT ?2))"
                     " ORDER BY created_at, id LIMIT ?2",
                     doing);
        // --retry-now and SIGHUP: every waiting report is due.
        const std::int64_t due = waiting_now ? std::numeric_limits<std::int64_t>::max() : now;
        st.bind(1, due).bind(2, static_cast<std::int64_t>(max_items));
        st.bind(3, std::string(to_string(OutboxState::queued)))
            .bind(4, std::string(to_string(OutboxState::retry_wait)));
        std::int64_t bytes = 0;
        while (st.step()) {
            const std::int64_t size = st.integer(1);
            if (!picks.empty() && bytes + size > max_bytes) break;
            const auto from = state_from_string(st.text(2));
            if (!from) throw Error(Code::corrupt, doing + ": a report has an unknown state");
            bytes += size;
            picks.push_back({st.integer(0), *from});
        }
    }
    if (picks.empty()) return batch;
    // Step 2 moves them to SENDING: one UPDATE per state they come from (queued ones first), one
    // audit row each.
    AuditAppender audit(db_);
    std::unordered_map<std::int64_t, MovedRow> moved;
    for (const OutboxState from : {OutboxState::queued, OutboxState::retry_wait}) {
        std::vector<std::int64_t> ids;
        for (const Pick& pick : picks)
            if (pick.from == from) ids.push_back(pick.id);
        RowChange change;
        change.count_attempt = true;
        auto rows = transition_set(db_, ids, from, OutboxState::sending, change, now, doing, audit);
        if (rows.size() != ids.size())
            throw Error(Code::internal, doing + ": a picked report changed state while it was "
                                                "claimed (a bug: please report it)");
        for (auto& row : rows)
            moved.emplace(row.id, std::move(row));
    }
    // Step 3 reads the sealed bytes of exactly those rows, in send order.
    Statement read(db_, "SELECT sealed, signature FROM outbox_sealed WHERE id = ?1", doing);
    batch.reserve(picks.size());
    for (const Pick& pick : picks) {
        MovedRow& row = moved.at(pick.id);
        read.reset();
        read.bind(1, row.id);
        if (!read.step())
            throw Error(Code::corrupt, doing + ": report " + row.report_id +
                                           " has lost its sealed bytes before central "
                                           "acknowledged it. Run `hrc-admin verify`.");
        OutboxItem item;
        item.report_id = std::move(row.report_id);
        item.reference = std::move(row.reference);
        item.sealed.sealed = read.blob(0);
        item.sealed.signature = read.blob(1);
        item.attempts = row.attempts;
        batch.push_back(std::move(item));
    }
    tx.commit();
    return batch;
}

void Store::mark_acked(const std::string& report_id, const Bytes& acknowledgement,
                       std::int64_t now) {
    const std::string doing = "recording an acknowledgement";
    Transaction tx(db_, doing);
    RowChange change;
    change.acknowledgement = &acknowledgement;
    change.last_error = "";
    if (!transition(db_, report_id, OutboxState::sending, OutboxState::acked, change, now, doing))
        throw not_in_state(doing, report_id);
    tx.commit();
}

void Store::record_acknowledgement(const std::string& batch_id, const Bytes& signed_body,
                                   const std::vector<AckOutcome>& outcomes, std::int64_t now) {
    const std::string doing = "recording central's acknowledgement of batch " + batch_id;
    Transaction tx(db_, doing);
    Statement(
        db_,
        "INSERT OR IGNORE INTO acknowledgements (batch_id, body, received_at) VALUES (?1, ?2, ?3)",
        doing)
        .bind(1, batch_id)
        .bind(2, signed_body)
        .bind(3, now)
        .run();
    AuditAppender audit(db_);
    // Delivered reports: one set operation (SENDING -> ACKED, referring to the batch), and their
    // sealed bytes dropped in the same transaction: central holds them now (I3), and a copy kept
    // here would only be something to protect. Reports no longer SENDING are left as they are.
    std::vector<std::int64_t> delivered;
    {
        Statement id(db_, "SELECT id FROM outbox WHERE report_id = ?1", doing);
        for (const AckOutcome& o : outcomes) {
            if (!o.delivered) continue;
            id.reset();
            id.bind(1, o.report_id);
            if (id.step()) delivered.push_back(id.integer(0));
        }
    }
    const Bytes batch_ref(batch_id.begin(), batch_id.end());
    RowChange acked;
    acked.acknowledgement = &batch_ref;
    acked.last_error = "";
    acked.audit = {{"batch_id", batch_id}};
    const auto moved = transition_set(db_, delivered, OutboxState::sending, OutboxState::acked,
                                      acked, now, doing, audit);
    // transition_set() left exactly `delivered` in temp.outbox_ids.
    const int dropped = moved.empty() ? 0 : drop_sealed_of_acked_in_id_set(db_, doing);
    // Refused reports: each has its own reason, so one transition each.
    for (const AckOutcome& o : outcomes) {
        if (o.delivered) continue;
        const auto id = id_of(db_, o.report_id, doing);
        if (!id) continue;
        RowChange change;
        change.audit = {{"batch_id", batch_id}, {"reason", o.quarantine_reason}};
        change.last_error = o.quarantine_reason;
        (void)transition_set(db_, {*id}, OutboxState::sending, OutboxState::quarantined, change,
                             now, doing, audit);
    }
    if (dropped > 0)
        audit.append("outbox.purged_acked",
                     nlohmann::json{{"count", dropped}, {"batch_id", batch_id}}.dump(), now);
    tx.commit();
}

void Store::mark_retry(const std::string& report_id, std::int64_t next_attempt_at,
                       const std::string& error, std::int64_t now) {
    const std::string doing = "scheduling a retry";
    Transaction tx(db_, doing);
    RowChange change;
    change.next_attempt_at = next_attempt_at;
    change.last_error = error;
    change.audit = {{"next_attempt_at", format_utc(next_attempt_at)}, {"reason", error}};
    if (!transition(db_, report_id, OutboxState::sending, OutboxState::retry_wait, change, now,
                    doing))
        throw not_in_state(doing, report_id);
    tx.commit();
}

void Store::mark_quarantined(const std::string& report_id, const std::string& reason,
                             std::int64_t now) {
    const std::string doing = "quarantining a report";
    Transaction tx(db_, doing);
    RowChange change;
    change.last_error = reason;
    change.audit = {{"reason", reason}};
    if (!transition(db_, report_id, OutboxState::sending, OutboxState::quarantined, change, now,
                    doing))
        throw not_in_state(doing, report_id);
    tx.commit();
}

int Store::requeue(const std::vector<std::string>& report_ids, std::int64_t now) {
    const std::string doing = "putting quarantined reports back in the queue";
    Transaction tx(db_, doing);
    const bool all = report_ids.empty();
    std::vector<std::int64_t> ids;
    if (all) {
        ids = ids_in(db_, OutboxState::quarantined, doing);
    } else {
        for (const std::string& report_id : report_ids) {
            const auto id = id_of(db_, report_id, doing);
            if (!id) throw not_quarantined(report_id);
            ids.push_back(*id);
        }
    }
    RowChange change;
    change.next_attempt_at = 0; // due at once; attempts and the last error stay for the record
    change.audit = {{"by", all ? "requeue of every quarantined report" : "requeue by report id"}};
    AuditAppender audit(db_);
    const auto moved = transition_set(db_, ids, OutboxState::quarantined, OutboxState::queued,
                                      change, now, doing, audit);
    if (moved.size() != ids.size()) {
        for (const std::string& report_id : report_ids)
            if (std::none_of(moved.begin(), moved.end(),
                             [&](const MovedRow& m) { return m.report_id == report_id; }))
                throw not_quarantined(report_id); // rolls back: nothing changes
    }
    tx.commit();
    return static_cast<int>(moved.size());
}

int Store::recover_interrupted(std::int64_t now) {
    const std::string doing = "recovering interrupted sends";
    Transaction tx(db_, doing);
    RowChange change;
    change.audit = {{"reason", "hrc-sync stopped while this report was being sent"}};
    AuditAppender audit(db_);
    const auto moved =
        transition_set(db_, ids_in(db_, OutboxState::sending, doing), OutboxState::sending,
                       OutboxState::queued, change, now, doing, audit);
    tx.commit();
    return static_cast<int>(moved.size());
}

std::vector<OutboxEntry> Store::list() const {
    std::vector<OutboxEntry> out;
    Statement st(
        db_,
        (std::string("SELECT ") + kEntryColumns + " FROM outbox ORDER BY created_at, id").c_str(),
        "listing reports");
    while (st.step())
        out.push_back(entry_from(st));
    return out;
}

std::optional<OutboxEntry> Store::find(const std::string& report_id) const {
    Statement st(
        db_, (std::string("SELECT ") + kEntryColumns + " FROM outbox WHERE report_id = ?1").c_str(),
        "finding a report");
    st.bind(1, report_id);
    if (!st.step()) return std::nullopt;
    return entry_from(st);
}

//-------------------------------------------------------------------------------------------------
// [SECTION] Status, purge, retention
//-------------------------------------------------------------------------------------------------

namespace {
constexpr std::int64_t kDay = 86400;
}

StoreStatus Store::status(std::int64_t now, const RetentionPolicy& retention) const {
    StoreStatus s;
    {
        Statement st(db_, "SELECT state, count(*) FROM outbox GROUP BY state", "counting reports");
        while (st.step()) {
            const int n = static_cast<int>(st.integer(1));
            switch (state_from_string(st.text(0)).value_or(OutboxState::quarantined)) {
            case OutboxState::queued:
                s.counts.queued = n;
                break;
            case OutboxState::sending:
                s.counts.sending = n;
                break;
            case OutboxState::acked:
                s.counts.acked = n;
                break;
            case OutboxState::retry_wait:
                s.counts.retry_wait = n;
                break;
            case OutboxState::quarantined:
                s.counts.quarantined = n;
                break;
            }
        }
    }
    {
        Statement st(db_, "SELECT min(created_at) FROM outbox WHERE state <> ?1",
                     "finding the oldest pending report");
        st.bind(1, std::string(to_string(OutboxState::acked)));
        if (st.step() && !st.is_null(0)) s.oldest_pending_created_at = st.integer(0);
    }
    {
        const std::int64_t warn_from =
            now - (retention.unacknowledged_days - retention.warn_days_before) * kDay;
        Statement st(db_, "SELECT count(*) FROM outbox WHERE state <> ?2 AND created_at <= ?1",
                     "counting reports waiting long");
        st.bind(1, warn_from).bind(2, std::string(to_string(OutboxState::acked)));
        if (st.step()) s.waiting_long = static_cast<int>(st.integer(0));
    }
    {
        Statement st(db_, "SELECT last_contact_at, last_error, alert FROM sync_state WHERE id = 1",
                     "reading the sync state");
        if (st.step()) {
            s.sync.last_contact_at = st.integer(0);
            s.sync.last_error = st.text(1);
            s.sync.alert = st.text(2);
        }
    }
    return s;
}

PurgeResult Store::purge(std::int64_t now, const RetentionPolicy& retention) {
    PurgeResult result;
    Transaction tx(db_, "purging reports");
    // 1. Acknowledged by central: the sealed copy is no longer needed here (I3 makes this safe).
    // record_acknowledgement() drops them as it goes; this catches any left (mark_acked(), or a
    // store migrated from a version that kept them). It walks the (few) rows still holding bytes.
    Statement del(db_,
                  "DELETE FROM outbox_sealed WHERE (SELECT state FROM outbox WHERE outbox.id = "
                  "outbox_sealed.id) = ?1",
                  "purging acknowledged reports");
    del.bind(1, std::string(to_string(OutboxState::acked)));
    result.acked_purged = delete_sealed_bytes(db_, del, "purging acknowledged reports");
    if (result.acked_purged > 0)
        append_audit_row(db_, "outbox.purged_acked",
                         nlohmann::json{{"count", result.acked_purged}}.dump(), now);
    // 2. Never acknowledged: kept, however old (invariant I7); status() warns staff about them.
    tx.commit();
    result.waiting_long = status(now, retention).waiting_long;
    return result;
}

void Store::record_contact(std::int64_t now, const std::string& error) {
    Transaction tx(db_, "recording contact with central");
    Statement(db_, "UPDATE sync_state SET last_contact_at = ?1, last_error = ?2 WHERE id = 1",
              "recording contact with central")
        .bind(1, now)
        .bind(2, error)
        .run();
    tx.commit();
}

void Store::set_alert(const std::string& alert, std::int64_t now) {
    Transaction tx(db_, "recording a sync alert");
    Statement(db_, "UPDATE sync_state SET alert = ?1 WHERE id = 1", "recording a sync alert")
        .bind(1, alert)
        .run();
    append_audit_row(db_, alert.empty() ? "sync.alert_cleared" : "sync.alert",
                     nlohmann::json{{"alert", alert}}.dump(), now);
    tx.commit();
}

//-------------------------------------------------------------------------------------------------
// [SECTION] Staff PIN lockout
//-------------------------------------------------------------------------------------------------
// Rows of pin_failures: "kiosk" counts every wrong PIN on this kiosk, "staff:ID" those for one
// staff id. Only ids of the documented format are ever written (is_valid_staff_id), so what was
// typed never reaches the database raw.

std::int64_t pin_wait_after(int failures, int free_tries) {
    if (failures < free_tries) return 0;
    const int doublings = std::min(failures - free_tries, 16);
    return std::min(kPinMaxWaitSeconds, kPinFirstWaitSeconds << doublings);
}

namespace {

std::string staff_scope(const std::string& staff_id) {
    return "staff:" + staff_id;
}

std::int64_t locked_until_of(sqlite3* db, const std::string& scope) {
    Statement st(db, "SELECT locked_until FROM pin_failures WHERE scope = ?1",
                 "reading the PIN lockout");
    st.bind(1, scope);
    return st.step() ? st.integer(0) : 0;
}

// Counts one wrong PIN on `scope`; returns its new locked_until.
std::int64_t count_failure(sqlite3* db, const std::string& scope, int free_tries,
                           std::int64_t now) {
    const std::string doing = "recording a wrong PIN";
    Statement(db,
              "INSERT OR IGNORE INTO pin_failures (scope, failures, last_failure_at, locked_until) "
              "VALUES (?1, 0, ?2, 0)",
              doing)
        .bind(1, scope)
        .bind(2, now)
        .run();
    int failures = 0;
    {
        Statement st(db, "SELECT failures FROM pin_failures WHERE scope = ?1", doing);
        st.bind(1, scope);
        if (st.step()) failures = static_cast<int>(std::min<std::int64_t>(st.integer(0), 1000000));
    }
    ++failures;
    const std::int64_t wait = pin_wait_after(failures, free_tries);
    const std::int64_t until = wait > 0 ? now + wait : 0;
    Statement(db,
              "UPDATE pin_failures SET failures = ?2, last_failure_at = ?3, locked_until = ?4 "
              "WHERE scope = ?1",
              doing)
        .bind(1, scope)
        .bind(2, std::int64_t{failures})
        .bind(3, now)
        .bind(4, until)
        .run();
    return until;
}

} // namespace

std::int64_t Store::pin_wait(const std::string& staff_id, std::int64_t now) const {
    std::int64_t until = locked_until_of(db_, "kiosk");
    if (is_valid_staff_id(staff_id))
        until = std::max(until, locked_until_of(db_, staff_scope(staff_id)));
    return until > now ? until - now : 0;
}

std::int64_t Store::record_pin_result(const std::string& staff_id, bool ok, std::int64_t now) {
    Transaction tx(db_, "recording a staff sign-in");
    const bool valid_id = is_valid_staff_id(staff_id);
    std::int64_t until = 0;
    if (ok) {
        Statement(db_, "DELETE FROM pin_failures WHERE scope IN ('kiosk', ?1)",
                  "clearing the PIN lockout")
            .bind(1, staff_scope(staff_id))
            .run();
    } else {
        until = count_failure(db_, "kiosk", kKioskPinFreeTries, now);
        if (valid_id)
            until = std::max(until, count_failure(db_, staff_scope(staff_id), kPinFreeTries, now));
        if (until > now)
            append_audit_row(
                db_, "staff.pin_lockout",
                nlohmann::json{{"staff_id", valid_id ? staff_id : std::string("(not a staff id)")},
                               {"until", format_utc(until)}}
                    .dump(),
                now);
    }
    tx.commit();
    return until > now ? until - now : 0;
}

std::vector<PinLockout> Store::pin_lockouts() const {
    Statement st(
        db_,
        "SELECT scope, failures, last_failure_at, locked_until FROM pin_failures ORDER BY scope",
        "reading PIN lockouts");
    std::vector<PinLockout> out;
    while (st.step())
        out.push_back(
            PinLockout{st.text(0), static_cast<int>(st.integer(1)), st.integer(2), st.integer(3)});
    return out;
}

int Store::reset_pin_lockouts(const std::string& staff_id, std::int64_t now) {
    Transaction tx(db_, "clearing PIN lockouts");
    if (staff_id.empty())
        Statement(db_, "DELETE FROM pin_failures", "clearing PIN lockouts").run();
    else
        Statement(db_, "DELETE FROM pin_failures WHERE scope = ?1", "clearing a PIN lockout")
            .bind(1, staff_scope(staff_id))
            .run();
    const int n = sqlite3_changes(db_);
    append_audit_row(
        db_, "staff.pin_lockout_reset",
        nlohmann::json{{"staff_id", staff_id.empty() ? std::string("(all)") : staff_id},
                       {"cleared", n}}
            .dump(),
        now);
    tx.commit();
    return n;
}

//-------------------------------------------------------------------------------------------------
// [SECTION] Audit log (hash chain: hrc/audit_log.h)
//-------------------------------------------------------------------------------------------------

void Store::append_audit(const std::string& event, const std::string& detail_json,
                         std::int64_t now) {
    Transaction tx(db_, "writing the audit log");
    append_audit_row(db_, event, detail_json, now);
    tx.commit();
}

AuditCheck Store::verify_audit() const {
    return verify_audit_chain(db_);
}

std::string Store::integrity_check() const {
    return sql::integrity_check(db_);
}

void Store::require_undamaged() const {
    const std::string check = sql::quick_check(db_);
    if (check == "ok") return;
    // SQLite's report starts with a "*** in database main ***" heading: name the first real problem.
    std::string first = check;
    if (first.rfind("***", 0) == 0 && first.find('\n') != std::string::npos)
        first = first.substr(first.find('\n') + 1);
    first = first.substr(0, first.find('\n'));
    throw Error(
        Code::corrupt,
        "The database is damaged (" + first +
            "). Run `hrc-admin verify`, keep the files as they are and restore from a backup.");
}

//-------------------------------------------------------------------------------------------------
// [SECTION] Rekey
//-------------------------------------------------------------------------------------------------
// SQLCipher 3.4 cannot rekey a database in WAL mode, so: fold the WAL into the main file, switch to
// a rollback journal (which makes the rekey itself atomic), rekey, and return to WAL.

void Store::rekey(const SecretKey& new_key) {
    exec(db_, "PRAGMA wal_checkpoint(TRUNCATE)", "preparing to change the key");
    exec(db_, "PRAGMA journal_mode=DELETE", "preparing to change the key");
    const SecretKey literal = sql::raw_key_literal(new_key);
    const int rc = sqlite3_rekey(db_, literal.data(), 67);
    if (rc != SQLITE_OK) {
        sqlite3_exec(db_, "PRAGMA journal_mode=WAL", nullptr, nullptr, nullptr);
        sql::throw_error(db_, rc, "changing the database key");
    }
    exec(db_, "PRAGMA journal_mode=WAL", "returning to WAL after changing the key");
}

} // namespace hrc
