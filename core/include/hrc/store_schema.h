// hrc/store_schema.h — the SQL of the kiosk store, as constants.
//
// Header-only on purpose: bench/store compares the real store with plain SQLite using exactly these
// statements and pragmas, and that baseline program cannot link SQLCipher and SQLite together.
#pragma once

namespace hrc::schema {

// Bumped with every migration; PRAGMA user_version holds the version a database is at.
inline constexpr int kVersion = 5;

// Applied to every connection after the key.
inline constexpr const char* kPragmas = "PRAGMA journal_mode=WAL;"
                                        "PRAGMA synchronous=FULL;"
                                        "PRAGMA temp_store=MEMORY;"
                                        "PRAGMA secure_delete=ON;"
                                        "PRAGMA foreign_keys=ON;";

// Version 0 -> 1.
inline constexpr const char* kMigrationTo1 = R"sql(
CREATE TABLE kiosk (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    kiosk_id    TEXT    NOT NULL,
    centre_id   TEXT    NOT NULL,
    public_key  BLOB    NOT NULL,
    created_at  INTEGER NOT NULL
);
CREATE TABLE outbox (
    report_id        TEXT    PRIMARY KEY,
    reference        TEXT    NOT NULL UNIQUE,
    language         TEXT    NOT NULL,
    mode             TEXT    NOT NULL,
    created_at       INTEGER NOT NULL,
    key_id           BLOB    NOT NULL,
    sealed           BLOB,
    signature        BLOB,
    state            TEXT    NOT NULL DEFAULT 'queued'
                     CHECK (state IN ('queued', 'sending', 'acked', 'retry_wait', 'quarantined')),
    attempts         INTEGER NOT NULL DEFAULT 0,
    next_attempt_at  INTEGER NOT NULL DEFAULT 0,
    last_error       TEXT    NOT NULL DEFAULT '',
    acknowledgement  BLOB,
    acked_at         INTEGER NOT NULL DEFAULT 0,
    CHECK (sealed IS NOT NULL OR state = 'acked'),
    CHECK ((sealed IS NULL) = (signature IS NULL)),
    CHECK ((state = 'acked') = (acknowledgement IS NOT NULL))
);
CREATE INDEX outbox_due ON outbox (state, next_attempt_at, created_at);
CREATE TABLE sync_state (
    id               INTEGER PRIMARY KEY CHECK (id = 1),
    last_contact_at  INTEGER NOT NULL DEFAULT 0,
    last_error       TEXT    NOT NULL DEFAULT '',
    alert            TEXT    NOT NULL DEFAULT ''
);
INSERT INTO sync_state (id) VALUES (1);
CREATE TABLE audit (
    seq        INTEGER PRIMARY KEY,
    at         INTEGER NOT NULL,
    event      TEXT    NOT NULL,
    detail     TEXT    NOT NULL,
    prev_hash  BLOB    NOT NULL,
    hash       BLOB    NOT NULL
);
PRAGMA user_version = 1;
)sql";

// Version 1 -> 2: a batch's signed acknowledgement is stored once, and each acknowledged report
// refers to it by batch id (outbox.acknowledgement holds the batch id), instead of every report
// holding a copy of the whole response.
inline constexpr const char* kMigrationTo2 = R"sql(
CREATE TABLE acknowledgements (
    batch_id     TEXT    PRIMARY KEY,
    body         BLOB    NOT NULL,
    received_at  INTEGER NOT NULL
);
PRAGMA user_version = 2;
)sql";

// Version 2 -> 3: the queue in send order, so claiming a batch reads only the rows it takes
// instead of scanning (and decrypting) every page of a large backlog.
inline constexpr const char* kMigrationTo3 = R"sql(
CREATE INDEX outbox_queue ON outbox (state, created_at);
PRAGMA user_version = 3;
)sql";

// Version 3 -> 4: wrong staff PINs, counted per staff id ("staff:ID") and for the whole kiosk
// ("kiosk"), so the lockout survives a wipe and a restart (hrc/store.h, PIN lockout).
inline constexpr const char* kMigrationTo4 = R"sql(
CREATE TABLE pin_failures (
    scope            TEXT    PRIMARY KEY,
    failures         INTEGER NOT NULL,
    last_failure_at  INTEGER NOT NULL,
    locked_until     INTEGER NOT NULL
);
PRAGMA user_version = 4;
)sql";

// Version 4 -> 5: the sealed bytes move out of the rows that change state. Before, every state
// change (claim, acknowledgement, retry) rewrote the whole row with its ~2.4 kB of sealed bytes in
// overflow pages, and picking a batch had to skip over them. Now `outbox` holds small rows only,
// with an explicit INTEGER PRIMARY KEY `id` (the old rowid, kept: VACUUM and rekey may renumber a
// bare rowid, never an INTEGER PRIMARY KEY), and `outbox_sealed` holds each report's sealed bytes
// and signature under the same id until central has acknowledged the report.
// `sealed_bytes` (length of sealed + signature) stays in `outbox` so that a batch can be sized
// without reading the blobs. Triggers keep invariants I2 and I7 in the database itself: sealed
// bytes can be dropped only for an acknowledged report, and no outbox row can be deleted.
inline constexpr const char* kMigrationTo5 = R"sql(
ALTER TABLE outbox RENAME TO outbox_v4;
CREATE TABLE outbox (
    id               INTEGER PRIMARY KEY,
    report_id        TEXT    NOT NULL UNIQUE,
    reference        TEXT    NOT NULL UNIQUE,
    language         TEXT    NOT NULL,
    mode             TEXT    NOT NULL,
    created_at       INTEGER NOT NULL,
    key_id           BLOB    NOT NULL,
    sealed_bytes     INTEGER NOT NULL,
    state            TEXT    NOT NULL DEFAULT 'queued'
                     CHECK (state IN ('queued', 'sending', 'acked', 'retry_wait', 'quarantined')),
    attempts         INTEGER NOT NULL DEFAULT 0,
    next_attempt_at  INTEGER NOT NULL DEFAULT 0,
    last_error       TEXT    NOT NULL DEFAULT '',
    acknowledgement  BLOB,
    acked_at         INTEGER NOT NULL DEFAULT 0,
    CHECK ((state = 'acked') = (acknowledgement IS NOT NULL))
);
INSERT INTO outbox (id, report_id, reference, language, mode, created_at, key_id, sealed_bytes,
                    state, attempts, next_attempt_at, last_error, acknowledgement, acked_at)
    SELECT rowid, report_id, reference, language, mode, created_at, key_id,
           coalesce(length(sealed) + length(signature), 0),
           state, attempts, next_attempt_at, last_error, acknowledgement, acked_at
    FROM outbox_v4 ORDER BY rowid;
CREATE TABLE outbox_sealed (
    id         INTEGER PRIMARY KEY REFERENCES outbox (id),
    sealed     BLOB    NOT NULL,
    signature  BLOB    NOT NULL
);
INSERT INTO outbox_sealed (id, sealed, signature)
    SELECT rowid, sealed, signature FROM outbox_v4 WHERE sealed IS NOT NULL ORDER BY rowid;
DROP TABLE outbox_v4;
CREATE INDEX outbox_due ON outbox (state, next_attempt_at, created_at);
CREATE INDEX outbox_queue ON outbox (state, created_at);
CREATE TRIGGER outbox_rows_are_never_deleted BEFORE DELETE ON outbox
BEGIN
    SELECT RAISE(ABORT, 'outbox rows are never deleted (invariant I7)');
END;
CREATE TRIGGER outbox_sealed_kept_until_acknowledged BEFORE DELETE ON outbox_sealed
WHEN (SELECT state FROM outbox WHERE id = OLD.id) IS NOT 'acked'
BEGIN
    SELECT RAISE(ABORT, 'sealed bytes are dropped only after central acknowledged the report (invariant I2)');
END;
PRAGMA user_version = 5;
)sql";

// Every migration in order: kMigrations[v] takes a database from version v to v + 1.
inline constexpr const char* kMigrations[] = {kMigrationTo1, kMigrationTo2, kMigrationTo3,
                                              kMigrationTo4, kMigrationTo5};
static_assert(sizeof(kMigrations) / sizeof(kMigrations[0]) == kVersion,
              "one migration per schema version");

// A new report: its outbox row (QUEUED, the default), then its sealed bytes under the row's id.
inline constexpr const char* kInsertOutbox = "INSERT INTO outbox (report_id, reference, language, "
                                             "mode, created_at, key_id, sealed_bytes)"
                                             " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
inline constexpr const char* kInsertSealed =
    "INSERT INTO outbox_sealed (id, sealed, signature) VALUES (?1, ?2, ?3)";

inline constexpr const char* kInsertAudit =
    "INSERT INTO audit (seq, at, event, detail, prev_hash, hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6)";

inline constexpr const char* kLastAudit = "SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1";

} // namespace hrc::schema
