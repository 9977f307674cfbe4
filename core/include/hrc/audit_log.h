// hrc/audit_log.h — the hash-chained audit log shared by the kiosk store and hrc-central's store.
//
// Both databases hold a table `audit (seq, at, event, detail, prev_hash, hash)`:
//   hash(n) = BLAKE2b-256( hash(n-1) ‖ le64(seq) ‖ le64(at) ‖ event ‖ 0x00 ‖ detail ), hash(0) = 32
//   zero bytes.
// Changing, removing or reordering an entry breaks every later link. Entries hold metadata only
// (ids, references, counts, digests, reasons), never report content.
//
// Errors: append_audit_row() throws hrc::Error (database codes of sqlite_util.h; Code::corrupt when
// the last entry's hash is not 32 bytes; Code::crypto if hashing fails). verify_audit_chain()
// reports a broken chain as a result and throws only on a database error.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string>

struct sqlite3;

namespace hrc {

struct AuditCheck {
    bool ok = true;
    std::int64_t entries = 0;
    std::string problem; // first broken link, when !ok
};

// The table, as hrc-central's store creates it (the kiosk store's first migration, which must never
// change, spells out the same table in store_schema.h).
inline constexpr const char* kCreateAuditTable = R"sql(
CREATE TABLE audit (
    seq        INTEGER PRIMARY KEY,
    at         INTEGER NOT NULL,
    event      TEXT    NOT NULL,
    detail     TEXT    NOT NULL,
    prev_hash  BLOB    NOT NULL,
    hash       BLOB    NOT NULL
);
)sql";

// Appends one entry inside the caller's transaction. `program` names the tool whose `verify`
// command checks the chain, for the message when the log is damaged.
void append_audit_row(sqlite3* db, const std::string& event, const std::string& detail_json,
                      std::int64_t now, const std::string& program = "hrc-admin");

// Appends many entries inside the caller's transaction: what append_audit_row() does for each,
// with the last entry read once and one prepared statement, for a batch of outbox state changes
// (500 reports claimed or acknowledged at a time). Only valid while the caller's transaction is
// open and nothing else appends. Throws as append_audit_row().
class AuditAppender {
public:
    AuditAppender(sqlite3* db, std::string program = "hrc-admin");
    ~AuditAppender();
    AuditAppender(const AuditAppender&) = delete;
    AuditAppender& operator=(const AuditAppender&) = delete;

    void append(const std::string& event, const std::string& detail_json, std::int64_t now);

private:
    struct Insert;
    sqlite3* db_;
    std::int64_t next_seq_ = 1;
    std::array<unsigned char, 32> prev_{};
    std::unique_ptr<Insert> insert_;
};

// Walks the whole chain from the first entry.
AuditCheck verify_audit_chain(sqlite3* db);

} // namespace hrc
