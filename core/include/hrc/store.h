// hrc/store.h — the kiosk's encrypted store: sealed outbox, kiosk identity, audit log, sync state.
//
// SQLCipher (Debian's 3.4.1) with a raw 256-bit key (`x'…'`, no passphrase KDF), WAL,
// synchronous=FULL, temp_store=MEMORY, secure_delete=ON, a busy timeout, files created 0600.
// The outbox state machine is drawn at the top of core/src/store.cpp.
//
// Errors: every member that can fail throws hrc::Error with a Code that says what to do:
//   Code::database_missing  no database at the path: run hrc-admin init
//   Code::wrong_key         the key does not open this database
//   Code::corrupt           not a database, or damaged
//   Code::disk_full         no space: the write was rolled back, nothing was stored
//   Code::busy              another process held the database longer than the busy timeout
//   Code::io                any other file-system error
// A failed write leaves the database as it was before the call (one transaction per call).
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "hrc/audit_log.h"
#include "hrc/seal.h"

struct sqlite3;

namespace hrc {

// ---- the database key ---------------------------------------------------------------------------

// The 32-byte key of the store. Read from $CREDENTIALS_DIRECTORY/hrc-db-key when that variable is
// set (systemd LoadCredentialEncrypted=), else from `key_file`, which must hold 64 hex characters
// and must not be readable by group or others. Throws Error(Code::key_file) naming the file and
// the fix ("chmod 600 …").
SecretKey read_db_key(const std::filesystem::path& key_file);
SecretKey generate_db_key();
// Writes 64 hex characters + newline, mode 0600, with hrc/atomic_file.h's guarantee; refuses to
// overwrite (even a file that appears meanwhile) unless `replace`. Throws
// Error(Code::already_exists / Code::disk_full / Code::io).
void write_db_key(const std::filesystem::path& key_file, const SecretKey& key,
                  bool replace = false);

// ---- rows ---------------------------------------------------------------------------------------

enum class OutboxState { queued, sending, acked, retry_wait, quarantined };
std::string_view to_string(OutboxState state);

struct KioskRow {
    std::string kiosk_id;
    std::string centre_id;
    std::array<unsigned char, 32> public_key{};
    std::int64_t created_at = 0; // unix seconds
};

// A sealed report ready to be stored; no plaintext in here.
struct NewOutboxItem {
    std::string report_id;
    std::string reference;
    std::string language; // interface language: metadata the staff screen may show
    std::string mode;     // self / staff_assisted / paper_transcription
    std::int64_t created_at =
        0; // unix seconds: when it was stored on this kiosk (retention counts from it)
    SealedReport sealed;
    KeyId key_id{};
};

// Metadata of one outbox row: never any report content.
struct OutboxEntry {
    std::string report_id;
    std::string reference;
    std::string language;
    std::string mode;
    std::int64_t created_at = 0;
    OutboxState state = OutboxState::queued;
    int attempts = 0;
    std::int64_t next_attempt_at = 0;
    std::string last_error;
    std::int64_t acked_at = 0;  // 0 = not acknowledged
    bool sealed_present = true; // false once purged after acknowledgement
};

// A row claimed for sending: the sealed bytes too.
struct OutboxItem {
    std::string report_id;
    std::string reference;
    SealedReport sealed;
    int attempts = 0;
};

// What central said about one report of a batch (see record_acknowledgement).
struct AckOutcome {
    std::string report_id;
    bool delivered = false;        // accepted or duplicate
    std::string quarantine_reason; // conflict / rejected: shown to staff
};

struct StateCounts {
    int queued = 0, sending = 0, acked = 0, retry_wait = 0, quarantined = 0;
    int pending() const { return queued + sending + retry_wait + quarantined; }
};

struct SyncStatus {
    std::int64_t last_contact_at = 0; // 0 = never
    std::string last_error;           // empty = last contact succeeded
    std::string alert;                // non-empty = sync stopped until staff act (401/403, TLS)
};

struct StoreStatus {
    StateCounts counts;
    std::int64_t oldest_pending_created_at = 0; // 0 = nothing pending
    SyncStatus sync;
    // Reports central has not acknowledged for (unacknowledged_days - warn_days_before) days or more.
    // They are never deleted (only central's signed acknowledgement ends a report's delivery): staff
    // are warned, loudly, to get them delivered.
    int waiting_long = 0;
};

// When staff are warned about reports central has not acknowledged (config [retention]).
struct RetentionPolicy {
    int unacknowledged_days = 30;
    int warn_days_before = 7;
};

struct PurgeResult {
    int acked_purged = 0; // sealed bytes dropped after central's acknowledgement
    int waiting_long = 0; // unacknowledged and kept, as in StoreStatus
};

// Wrong staff PINs (durable: kept across wipes and restarts). After kPinFreeTries wrong PINs for a
// staff id, or kKioskPinFreeTries on the kiosk as a whole (any ids), every further try waits: 30 s,
// then twice as long after each further wrong PIN, at most an hour. A right PIN clears its staff id
// and the kiosk count; `hrc-admin reset-pin-lockout` clears them by hand.
inline constexpr int kPinFreeTries = 5;
inline constexpr int kKioskPinFreeTries = 10;
inline constexpr std::int64_t kPinFirstWaitSeconds = 30;
inline constexpr std::int64_t kPinMaxWaitSeconds = 3600;
// The wait after `failures` wrong PINs when `free_tries` are allowed without one. Never throws.
std::int64_t pin_wait_after(int failures, int free_tries);

struct PinLockout {
    std::string scope; // "kiosk" or "staff:ID"
    int failures = 0;
    std::int64_t last_failure_at = 0;
    std::int64_t locked_until = 0; // 0 or past = may try now
};

struct StoreOptions {
    std::filesystem::path database;
    int busy_timeout_ms = 5000;
    std::string vfs; // SQLite VFS name; empty = default (tests inject faults through one)
};

class Store {
public:
    // Creates a new database (mode 0600) holding the kiosk identity. Refuses an existing file
    // (Code::already_exists). The parent folder must exist.
    static Store create(const StoreOptions& options, const SecretKey& key, const KioskRow& kiosk,
                        std::int64_t now);
    // Opens an existing database and migrates its schema. Never creates one (Code::database_missing).
    static Store open(const StoreOptions& options, const SecretKey& key);

    Store(Store&& other) noexcept;
    Store& operator=(Store&& other) noexcept;
    Store(const Store&) = delete;
    Store& operator=(const Store&) = delete;
    ~Store();

    KioskRow kiosk() const;
    int schema_version() const;

    // ---- outbox (state machine in store.cpp) ----
    // Inserts a sealed report as `queued` and an audit entry, in one transaction. Throws
    // Error(Code::already_exists) if the report id or reference is already stored (nothing changes).
    void insert(const NewOutboxItem& item, std::int64_t now);
    // Every state change below writes one audit row per report in its transaction, and only the
    // arrows of the diagram in store.cpp exist. A call naming a report that is not in the state the
    // arrow starts from throws Error(Code::failure) and changes nothing, unless it says otherwise.
    //
    // queued, and retry_wait whose time has come (every one with `waiting_now`: --retry-now,
    // SIGHUP) -> sending (attempts + 1); oldest first, within the limits (at least one item if any
    // is due, even if larger than max_bytes).
    std::vector<OutboxItem> claim_batch(std::int64_t now, int max_items, std::int64_t max_bytes,
                                        bool waiting_now = false);
    // sending -> acked with `acknowledgement` kept on the row.
    void mark_acked(const std::string& report_id, const Bytes& acknowledgement, std::int64_t now);
    // A verified acknowledgement of a whole batch, in ONE transaction: the signed body is kept
    // once (table acknowledgements), delivered reports -> acked (referring to the batch id) and
    // their sealed bytes dropped, refused ones -> quarantined with their reason. Reports no longer
    // sending (already acked) are left as they are.
    void record_acknowledgement(const std::string& batch_id, const Bytes& signed_body,
                                const std::vector<AckOutcome>& outcomes, std::int64_t now);
    // sending -> retry_wait, due at `next_attempt_at`, `error` shown to staff.
    void mark_retry(const std::string& report_id, std::int64_t next_attempt_at,
                    const std::string& error, std::int64_t now);
    // sending -> quarantined with `reason` shown to staff.
    void mark_quarantined(const std::string& report_id, const std::string& reason,
                          std::int64_t now);
    // QUARANTINED -> QUEUED (due at once, attempts and error kept for the record), after staff fixed
    // the cause: the named reports, or every quarantined one when `report_ids` is empty. Returns how
    // many moved; an id that is not quarantined is refused with Code::failure and nothing changes.
    int requeue(const std::vector<std::string>& report_ids, std::int64_t now);
    // After a crash: sending -> queued (re-sending is safe, central deduplicates by report id).
    int recover_interrupted(std::int64_t now);

    std::vector<OutboxEntry> list() const;
    std::optional<OutboxEntry> find(const std::string& report_id) const;
    StoreStatus status(std::int64_t now, const RetentionPolicy& retention) const;
    PurgeResult purge(std::int64_t now, const RetentionPolicy& retention);

    void record_contact(std::int64_t now, const std::string& error);
    void set_alert(const std::string& alert, std::int64_t now); // empty clears it

    // ---- staff PIN lockout (each call one transaction; failures and resets audited) ----
    // Seconds before `staff_id` may try a PIN again (the longer of its own and the kiosk's wait).
    std::int64_t pin_wait(const std::string& staff_id, std::int64_t now) const;
    // Counts a wrong PIN for the staff id and the kiosk, or clears both after a right one.
    // Returns the wait that now applies (0 after a right PIN).
    std::int64_t record_pin_result(const std::string& staff_id, bool ok, std::int64_t now);
    std::vector<PinLockout> pin_lockouts() const;
    // Clears one staff id's count ("" = every count, the kiosk's included). Returns rows cleared.
    int reset_pin_lockouts(const std::string& staff_id, std::int64_t now);

    // ---- integrity ----
    std::string integrity_check() const; // "ok" or SQLite's report
    // Throws Error(Code::corrupt) naming what is damaged unless PRAGMA quick_check says "ok".
    void require_undamaged() const;
    AuditCheck verify_audit() const;
    void append_audit(const std::string& event, const std::string& detail_json, std::int64_t now);

    // ---- key ----
    // Re-encrypts the database with `new_key`: checkpoint -> journal DELETE -> rekey -> WAL.
    void rekey(const SecretKey& new_key);

    sqlite3* handle() const { return db_; } // for tests and benchmarks only

private:
    explicit Store(sqlite3* db, std::filesystem::path path) : db_(db), path_(std::move(path)) {}
    // After migrating: the connection's temporary table for set operations. Throws hrc::Error.
    void prepare_connection();
    sqlite3* db_ = nullptr;
    std::filesystem::path path_;
    mutable std::optional<KioskRow> kiosk_; // written once by create(); cached after the first read
};

// "2025-03-27T18:05:00Z" for unix seconds, and back (nullopt for anything else).
std::string format_utc(std::int64_t unix_seconds);
std::optional<std::int64_t> parse_utc(std::string_view text);

} // namespace hrc
