// Migration of the kiosk store to schema version 5 (sealed bytes in their own table) from every
// earlier version, and SIGKILL while it runs. The old databases are built with the old SQL itself
// (hrc::schema::kMigrations up to that version), in every outbox state, on real SQLCipher files.
#include <chrono>
#include <csignal>
#include <map>
#include <random>
#include <thread>

#include <catch2/catch.hpp>
#include <sodium.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include "hrc/audit_log.h"
#include "hrc/sqlite_util.h"
#include "hrc/store.h"
#include "hrc/store_schema.h"

#include "test_support.h"

namespace fs = std::filesystem;

namespace {

constexpr std::int64_t kNow = 1743098700; // 2025-03-27T18:05:00Z

// One outbox row as versions 1 to 4 stored it.
struct OldRow {
    std::string report_id;
    std::string reference;
    std::string state;
    int attempts = 0;
    std::int64_t next_attempt_at = 0;
    std::string last_error;
    std::optional<std::string> acknowledgement; // set exactly for 'acked'
    std::int64_t acked_at = 0;
    std::optional<hrc::Bytes> sealed; // with `signature`; absent only for an acked, purged row
    hrc::Bytes signature;
};

hrc::Bytes random_bytes(std::size_t n) {
    hrc::Bytes b(n);
    randombytes_buf(b.data(), b.size());
    return b;
}

// Every state, and an acknowledged row before and after its bytes were purged.
std::vector<OldRow> rows_in_every_state() {
    std::vector<OldRow> rows;
    auto row = [&](std::string state) {
        OldRow r;
        const int n = static_cast<int>(rows.size());
        r.report_id = "00000000-0000-4000-8000-00000000000" + std::to_string(n);
        r.reference = "HRC-MIG" + std::to_string(n);
        r.state = std::move(state);
        r.sealed = random_bytes(2300 + static_cast<std::size_t>(n));
        r.signature = random_bytes(64);
        rows.push_back(r);
        return &rows.back();
    };
    row("queued");
    auto* retry = row("retry_wait");
    retry->attempts = 2;
    retry->next_attempt_at = kNow + 600;
    retry->last_error = "HTTP 503";
    row("sending")->attempts = 1;
    auto* acked = row("acked");
    acked->attempts = 1;
    acked->acknowledgement = "batch-1";
    acked->acked_at = kNow - 10;
    auto* purged = row("acked");
    purged->attempts = 1;
    purged->acknowledgement = "batch-0";
    purged->acked_at = kNow - 20;
    purged->sealed.reset();
    purged->signature.clear();
    auto* quarantined = row("quarantined");
    quarantined->attempts = 3;
    quarantined->last_error = "rejected by central: schema";
    return rows;
}

sqlite3* open_raw(const fs::path& file, const hrc::SecretKey& key) {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(file.c_str(), &db) == SQLITE_OK);
    char literal[68] = "x'";
    sodium_bin2hex(literal + 2, 65, key.data(), 32);
    literal[66] = '\'';
    REQUIRE(sqlite3_key(db, literal, 67) == SQLITE_OK);
    REQUIRE(sqlite3_exec(db, hrc::schema::kPragmas, nullptr, nullptr, nullptr) == SQLITE_OK);
    return db;
}

void exec(sqlite3* db, const char* sql) {
    char* error = nullptr;
    const int rc = sqlite3_exec(db, sql, nullptr, nullptr, &error);
    INFO((error ? error : "") << " in: " << sql);
    sqlite3_free(error);
    REQUIRE(rc == SQLITE_OK);
}

// A store at `version` (1..4) made with that version's SQL, holding `rows` and an audit chain.
void make_old_store(const fs::path& file, const hrc::SecretKey& key, int version,
                    const std::vector<OldRow>& rows) {
    sqlite3* db = open_raw(file, key);
    for (int v = 0; v < version; ++v)
        exec(db, hrc::schema::kMigrations[v]);
    exec(db, "BEGIN IMMEDIATE");
    exec(db, "INSERT INTO kiosk VALUES (1, 'k-old', 'c-old', zeroblob(32), 1)");
    std::int64_t created = kNow - 1000;
    for (const OldRow& r : rows) {
        // A statement per row: a NULL column is simply left unbound.
        hrc::sql::Statement insert(
            db,
            "INSERT INTO outbox (report_id, reference, language, mode, created_at, key_id, sealed, "
            "signature, state, attempts, next_attempt_at, last_error, acknowledgement, acked_at) "
            "VALUES (?1, ?2, 'en-GB', 'self', ?3, zeroblob(8), ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            "test");
        insert.bind(1, r.report_id).bind(2, r.reference).bind(3, created++);
        if (r.sealed) insert.bind(4, *r.sealed).bind(5, r.signature);
        insert.bind(6, r.state).bind(7, std::int64_t{r.attempts}).bind(8, r.next_attempt_at);
        insert.bind(9, r.last_error);
        if (r.acknowledgement) insert.bind(10, *r.acknowledgement);
        insert.bind(11, r.acked_at).run();
        hrc::append_audit_row(db, "report.stored", "{\"report_id\":\"" + r.report_id + "\"}",
                              created);
    }
    if (version >= 2)
        exec(db, "INSERT INTO acknowledgements VALUES ('batch-1', x'7b7d', 1743098690)");
    if (version >= 4) exec(db, "INSERT INTO pin_failures VALUES ('kiosk', 3, 1743098600, 0)");
    exec(db, "COMMIT");
    REQUIRE(sqlite3_close(db) == SQLITE_OK);
}

// Everything the store must still say about `rows` after the migration, checked through the API
// and the new table.
void check_migrated(hrc::Store& store, const std::vector<OldRow>& rows) {
    REQUIRE(store.schema_version() == hrc::schema::kVersion);
    CHECK(store.integrity_check() == "ok");
    CHECK(store.verify_audit().ok);
    CHECK(store.verify_audit().entries == static_cast<std::int64_t>(rows.size()));
    CHECK(store.kiosk().kiosk_id == "k-old");
    const auto entries = store.list();
    REQUIRE(entries.size() == rows.size());
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const OldRow& r = rows[i];
        const hrc::OutboxEntry& e = entries[i];
        INFO("row " << i << " (" << r.state << ")");
        CHECK(e.report_id == r.report_id);
        CHECK(e.reference == r.reference);
        CHECK(hrc::to_string(e.state) == r.state);
        CHECK(e.attempts == r.attempts);
        CHECK(e.next_attempt_at == r.next_attempt_at);
        CHECK(e.last_error == r.last_error);
        CHECK(e.acked_at == r.acked_at);
        CHECK(e.sealed_present == r.sealed.has_value());
        hrc::sql::Statement st(store.handle(),
                               "SELECT s.sealed, s.signature, o.sealed_bytes FROM outbox o LEFT "
                               "JOIN outbox_sealed s ON s.id = o.id WHERE o.report_id = ?1",
                               "test");
        st.bind(1, r.report_id);
        REQUIRE(st.step());
        if (r.sealed) {
            CHECK(st.blob(0) == *r.sealed);
            CHECK(st.blob(1) == r.signature);
            CHECK(st.integer(2) == static_cast<std::int64_t>(r.sealed->size() + 64));
        } else {
            CHECK(st.is_null(0));
        }
    }
}

} // namespace

TEST_CASE("store migration: every earlier version reaches version 5 with every row, byte and "
          "audit entry",
          "[store][migration]") {
    for (int version = 1; version < hrc::schema::kVersion; ++version) {
        INFO("from schema version " << version);
        hrc_test::TempDir dir;
        hrc::write_db_key(dir / "db.key", hrc::generate_db_key());
        const hrc::SecretKey key = hrc::read_db_key(dir / "db.key");
        const std::vector<OldRow> rows = rows_in_every_state();
        hrc::StoreOptions options;
        options.database = dir / "kiosk.db";
        make_old_store(options.database, key, version, rows);

        hrc::Store store = hrc::Store::open(options, key);
        check_migrated(store, rows);

        // The store works as a version-5 store: the interrupted send goes back, a pass claims the
        // waiting reports with their exact bytes, acknowledging drops the bytes, purge the rest.
        CHECK(store.recover_interrupted(kNow) == 1);
        const auto batch = store.claim_batch(kNow, 10, 1 << 20, true);
        REQUIRE(batch.size() == 3); // queued, retry_wait (--retry-now), and the recovered one
        CHECK(batch[0].report_id == rows[0].report_id);
        CHECK(batch[0].sealed.sealed == *rows[0].sealed);
        CHECK(batch[0].sealed.signature == rows[0].signature);
        CHECK(batch[1].report_id == rows[1].report_id);
        CHECK(batch[1].attempts == 3);
        CHECK(batch[2].sealed.sealed == *rows[2].sealed);
        std::vector<hrc::AckOutcome> outcomes;
        for (const auto& item : batch)
            outcomes.push_back({item.report_id, true, ""});
        store.record_acknowledgement("batch-2", hrc::Bytes{'{', '}'}, outcomes, kNow + 1);
        for (const auto& item : batch)
            CHECK_FALSE(store.find(item.report_id)->sealed_present);
        CHECK(store.find(rows[3].report_id)->sealed_present); // acked before the migration
        CHECK(store.purge(kNow + 2, hrc::RetentionPolicy{30, 7}).acked_purged == 1);
        CHECK(store.find(rows[5].report_id)->sealed_present); // quarantined: kept (I2)
        CHECK(store.verify_audit().ok);

        // The invariants are in the database itself now.
        CHECK((sqlite3_exec(store.handle(), "DELETE FROM outbox", nullptr, nullptr, nullptr) &
               0xff) == SQLITE_CONSTRAINT);
        CHECK(
            (sqlite3_exec(store.handle(), "DELETE FROM outbox_sealed", nullptr, nullptr, nullptr) &
             0xff) == SQLITE_CONSTRAINT);
        CHECK(store.find(rows[5].report_id)->sealed_present);
        CHECK(store.list().size() == rows.size());
    }
}

TEST_CASE("store migration: SIGKILL at any moment of the migration to version 5 loses nothing",
          "[store][migration][crash]") {
    // A version-4 store with a real backlog, so the migration takes long enough to be hit.
    hrc_test::TempDir dir;
    hrc::write_db_key(dir / "db.key", hrc::generate_db_key());
    const hrc::SecretKey key = hrc::read_db_key(dir / "db.key");
    std::vector<OldRow> rows;
    for (int i = 0; i < 1500; ++i) {
        auto every = rows_in_every_state();
        OldRow r = every[static_cast<std::size_t>(i % every.size())];
        r.report_id = "00000000-0000-4000-9000-" + std::to_string(100000000000 + i);
        r.reference = "HRC-K" + std::to_string(i);
        rows.push_back(r);
    }
    const fs::path original = dir / "v4.db";
    make_old_store(original, key, 4, rows);

    auto fresh_copy = [&](const fs::path& to) {
        for (const char* suffix : {"", "-wal", "-shm"})
            fs::remove(to.string() + suffix);
        fs::copy_file(original, to);
    };
    // How long one migration takes here, to spread the kills over it.
    hrc::StoreOptions options;
    options.database = dir / "kiosk.db";
    fresh_copy(options.database);
    const auto start = std::chrono::steady_clock::now();
    { hrc::Store timed = hrc::Store::open(options, key); }
    const auto duration = std::chrono::steady_clock::now() - start;
    const auto span_us = std::max<std::int64_t>(
        1000, std::chrono::duration_cast<std::chrono::microseconds>(duration).count());

    const std::uint32_t seed = Catch::rngSeed() ? Catch::rngSeed() : 20261203u;
    INFO("seed " << seed << ", one migration " << span_us << " us");
    std::mt19937 random(seed);
    int killed_before_commit = 0, killed_after_commit = 0;
    constexpr int kKills = 12;
    for (int kill = 0; kill < kKills; ++kill) {
        fresh_copy(options.database);
        const pid_t child = fork();
        REQUIRE(child >= 0);
        if (child == 0) {
            try {
                hrc::Store migrating = hrc::Store::open(options, key);
            } catch (...) {
                _exit(2);
            }
            _exit(0);
        }
        // Kill somewhere in 10 %..110 % of a migration's time (after the open, inside the
        // copy, or just after the commit).
        std::uniform_int_distribution<std::int64_t> when(span_us / 10, span_us * 11 / 10);
        std::this_thread::sleep_for(std::chrono::microseconds(when(random)));
        ::kill(child, SIGKILL);
        int status = 0;
        REQUIRE(waitpid(child, &status, 0) == child);
        {
            sqlite3* db = open_raw(options.database, key);
            hrc::sql::Statement v(db, "PRAGMA user_version", "test");
            REQUIRE(v.step());
            (v.integer(0) == hrc::schema::kVersion ? killed_after_commit : killed_before_commit)++;
            INFO("after kill " << kill << " the file is at version " << v.integer(0));
            CHECK((v.integer(0) == 4 || v.integer(0) == hrc::schema::kVersion));
            sqlite3_close(db);
        }
        hrc::Store store = hrc::Store::open(options, key);
        check_migrated(store, rows);
    }
    INFO("killed before the commit " << killed_before_commit << ", after " << killed_after_commit);
    // The test proves something only if kills really landed inside the migration.
    CHECK(killed_before_commit >= 1);
    CHECK(killed_before_commit + killed_after_commit == kKills);
}
