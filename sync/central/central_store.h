// central_store.h — hrc-central's encrypted database: enrolled kiosks and the sealed reports they
// delivered. It never holds plaintext: reports are stored exactly as received (sealed bytes and
// the kiosk's signature) and are opened only in memory, by `hrc-central export`.
//
// SQLCipher with a raw 256-bit key (`x'…'`), WAL, synchronous=FULL, secure_delete=ON,
// temp_store=MEMORY, a busy timeout; the file is created 0600 with O_EXCL. Schema and invariants
// at the top of central_store.cpp.
//
// Errors: every member throws hrc::Error (codes as in hrc/store.h: database_missing, wrong_key,
// corrupt, disk_full, busy, io) with a message saying what to do; enrol/revoke also throw
// Code::already_exists / Code::failure as documented below. Each write is one transaction, except
// the report writes, which run inside the caller's transaction (one per batch).
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "hrc/audit_log.h"
#include "hrc/seal.h"

#include "files.h"

struct sqlite3;

namespace hrc::central {

struct KioskRecord {
    std::string kiosk_id;
    std::string centre_id;
    std::array<unsigned char, 32> public_key{};
    std::int64_t enrolled_at = 0;
    std::int64_t revoked_at = 0; // 0 = not revoked
    bool revoked() const { return revoked_at != 0; }
};

enum class EnrolOutcome { enrolled, unchanged, replaced };

// What central remembers of a stored report without reading its bytes.
struct StoredSummary {
    std::string kiosk_id;
    std::string digest;
    std::int64_t received_at = 0;
};

struct NewReport {
    std::string report_id; // lower-case UUID, from the verified header
    std::string kiosk_id;
    std::string digest; // hex BLAKE2b-256(sealed ‖ signature)
    const Bytes* sealed = nullptr;
    const Bytes* signature = nullptr;
    std::array<unsigned char, 32>
        kiosk_key{}; // the key that verified it (kept: a kiosk's key may be replaced later)
    std::int64_t received_at = 0;
    std::string batch_id;
};

struct StoredReport {
    std::string report_id;
    std::string kiosk_id;
    std::string digest;
    SealedReport sealed;
    std::array<unsigned char, 32> kiosk_key{};
    std::int64_t received_at = 0;
};

struct KioskStats {
    std::string kiosk_id;
    std::string centre_id;
    bool revoked = false;
    std::int64_t reports = 0;
    std::int64_t conflicts = 0;
    std::int64_t first_received_at = 0; // 0 = none
    std::int64_t last_received_at = 0;
};

// Which stored reports an export reads.
struct ReportSelection {
    std::int64_t received_from = 0;   // received_at >= this
    std::int64_t received_before = 0; // received_at < this; 0 = no upper bound
    std::string
        not_exported_to; // non-empty: leave out reports already in an export for this recipient
};

struct RecipientRecord {
    std::string name;
    std::array<unsigned char, 32> public_key{};
    std::int64_t added_at = 0;
};

enum class RecipientOutcome { added, unchanged, replaced };

// One export, as recorded after its file is complete (invariant C6).
struct ExportRecord {
    std::string export_id; // UUID
    std::string recipient;
    std::int64_t created_at = 0;
    std::string format;                  // "json" / "csv"
    std::string sealed_to;               // recipient key id, or "plaintext"
    std::string selection;               // "since-last", "received 2025-01-01..2025-02-01"
    std::string file_digest;             // hex BLAKE2b-256 of the bytes written
    std::string operator_name;           // who ran it
    std::vector<std::string> report_ids; // what went in it
};

struct ExportSummary {
    std::string export_id, recipient, format, sealed_to, selection, file_digest, operator_name;
    std::int64_t created_at = 0;
    std::int64_t reports = 0;
};

struct PurgeOutcome {
    std::int64_t reports_purged = 0;    // sealed bytes deleted; id and digest kept
    std::int64_t exports_forgotten = 0; // export records (ids per export) deleted
};

struct CentralStats {
    std::vector<KioskStats> kiosks;
    std::int64_t reports = 0;
    std::int64_t conflicts = 0;
};

class CentralStore {
public:
    // Creates a new database (mode 0600, O_EXCL: Code::already_exists if the file exists).
    static CentralStore create(const std::filesystem::path& database, const SecretKey& key);
    // Opens an existing one (Code::database_missing if there is none).
    static CentralStore open(const std::filesystem::path& database, const SecretKey& key);

    CentralStore(CentralStore&& other) noexcept;
    CentralStore& operator=(CentralStore&& other) noexcept;
    CentralStore(const CentralStore&) = delete;
    CentralStore& operator=(const CentralStore&) = delete;
    ~CentralStore();

    // ---- kiosks ----
    // Same id and key again: `unchanged` (a no-op). Same id, other key: Code::already_exists unless
    // `replace`. A revoked kiosk is enrolled again only with `replace` (which also lifts the
    // revocation). Reports already stored keep the key that verified them.
    EnrolOutcome enrol(const KioskPublicIdentity& kiosk, bool replace, std::int64_t now);
    // Marks the kiosk revoked (its requests then get 403). Code::failure if it is not enrolled;
    // revoking twice keeps the first time. Returns the record after the change.
    KioskRecord revoke(const std::string& kiosk_id, std::int64_t now);
    std::optional<KioskRecord> find_kiosk(const std::string& kiosk_id) const;
    std::vector<KioskRecord> kiosks() const;

    // ---- reports (inside the caller's sql::Transaction) ----
    std::optional<StoredSummary> find_report(const std::string& report_id) const;
    void insert_report(const NewReport& report);
    // Counts a refused re-send on the report id's one row (created on the first).
    void record_conflict(const std::string& report_id, const std::string& kiosk_id,
                         const std::string& digest, std::int64_t at, const std::string& batch_id);

    // ---- reading ----
    std::int64_t count_reports(const ReportSelection& selection) const;
    // Calls `fn` for each selected report, ordered by (received_at, report_id).
    void for_each_report(const ReportSelection& selection,
                         const std::function<void(const StoredReport&)>& fn) const;
    CentralStats stats() const;

    // ---- recipients (each change audited in the same transaction) ----
    // Same name and key again: `unchanged`. Same name, other key: Code::already_exists unless
    // `replace` (a recipient's new key; later exports are sealed to it).
    RecipientOutcome add_recipient(const std::string& name,
                                   const std::array<unsigned char, 32>& public_key, bool replace,
                                   const std::string& operator_name, std::int64_t now);
    // Code::failure if there is no such recipient.
    void remove_recipient(const std::string& name, const std::string& operator_name,
                          std::int64_t now);
    std::optional<RecipientRecord> find_recipient(const std::string& name) const;
    std::vector<RecipientRecord> recipients() const;

    // ---- exports ----
    // exports + export_items + an "export" audit entry, in one transaction.
    void record_export(const ExportRecord& record);
    std::vector<ExportSummary>
    exports(const std::string& recipient) const; // "" = all, newest first
    std::vector<std::string> export_report_ids(const std::string& export_id) const;

    // ---- audit log and retention ----
    void append_audit(const std::string& event, const std::string& detail_json, std::int64_t now);
    AuditCheck verify_audit() const;
    std::string integrity_check() const; // "ok" or SQLite's report
    // Deletes the sealed bytes of reports received before `reports_before` (keeping id, kiosk,
    // digest and times in purged_reports) and the records of exports made before `exports_before`;
    // audited, one transaction. 0 = that part is not purged.
    PurgeOutcome purge(std::int64_t reports_before, std::int64_t exports_before,
                       const std::string& operator_name, std::int64_t now);
    std::int64_t count_purgeable(std::int64_t reports_before) const;

    sqlite3* handle() const { return db_; }

private:
    explicit CentralStore(sqlite3* db) : db_(db) {}
    sqlite3* db_ = nullptr;
};

// Opens the database of a central folder with its db.key (or $CREDENTIALS_DIRECTORY/hrc-db-key),
// with messages in terms of that folder: Code::database_missing, Code::key_file, Code::wrong_key.
CentralStore open_central_store(const CentralPaths& paths);

} // namespace hrc::central
