// Tests of the encrypted store, Send (validate → seal → store), the outbox state machine, the audit
// chain, key handling and failures (wrong key, missing database, full disk). Real SQLCipher files.
#include <cstdlib>
#include <functional>
#include <tuple>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <sodium.h>
#include <sqlite3.h>

#include "hrc/config.h"
#include "hrc/kiosk_store.h"
#include "hrc/reference.h"
#include "hrc/store_schema.h"
#include "hrc/submit.h"

#include "fault_vfs.h"
#include "test_support.h"

using hrc_test::TempDir;
namespace fs = std::filesystem;

namespace {

constexpr std::int64_t kNow = 1743098700; // 2025-03-27T18:05:00Z
constexpr hrc::CivilDate kToday{2025, 3, 27};
constexpr std::int64_t kDay = 86400;

// A kiosk with its own keys and a central key pair, on real files in a temp folder.
struct Kiosk : hrc_test::StoreFolder {
    TempDir dir;
    std::optional<hrc::Store> store;

    explicit Kiosk(const std::string& vfs = "") {
        store.emplace(create(dir.path(), "kiosk-test", "centre-test", kNow, vfs));
    }

    hrc::SubmitOutcome submit(hrc::Report r, std::int64_t now = kNow) {
        return hrc::submit_report(*store, r, keys, central, kToday, now);
    }

    int count(const char* where = "1") {
        sqlite3_stmt* st = nullptr;
        const std::string sql = std::string("SELECT count(*) FROM outbox WHERE ") + where;
        REQUIRE(sqlite3_prepare_v2(store->handle(), sql.c_str(), -1, &st, nullptr) == SQLITE_OK);
        REQUIRE(sqlite3_step(st) == SQLITE_ROW);
        const int n = sqlite3_column_int(st, 0);
        sqlite3_finalize(st);
        return n;
    }
};

std::string pragma(sqlite3* db, const char* name) {
    sqlite3_stmt* st = nullptr;
    REQUIRE(sqlite3_prepare_v2(db, (std::string("PRAGMA ") + name).c_str(), -1, &st, nullptr) ==
            SQLITE_OK);
    REQUIRE(sqlite3_step(st) == SQLITE_ROW);
    std::string value = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    return value;
}

hrc::Code code_of(const std::function<void()>& f, std::string* message = nullptr) {
    try {
        f();
    } catch (const hrc::Error& e) {
        if (message) *message = e.what();
        return e.code();
    }
    return hrc::Code::ok;
}

} // namespace

TEST_CASE("store: a new store has the schema, the pragmas and private files", "[store]") {
    Kiosk k;
    CHECK(k.store->schema_version() == hrc::schema::kVersion);
    CHECK(hrc::schema::kVersion == 5);
    CHECK(k.store->kiosk().kiosk_id == "kiosk-test");
    CHECK(k.store->kiosk().public_key == k.keys.public_key);
    sqlite3* db = k.store->handle();
    CHECK(pragma(db, "journal_mode") == "wal");
    CHECK(pragma(db, "synchronous") == "2"); // FULL
    CHECK(pragma(db, "temp_store") == "2");  // MEMORY
    CHECK(pragma(db, "secure_delete") == "1");
    REQUIRE(k.submit(hrc_test::fresh_report()).stored());
    for (const char* suffix : {"", "-wal", "-shm"}) {
        INFO(suffix);
        CHECK(hrc_test::file_mode(k.config.store.database.string() + suffix) == 0600);
    }
    CHECK(hrc_test::file_mode(k.config.store.key_file) == 0600);
    CHECK(k.store->integrity_check() == "ok");
    // The file is encrypted: it does not start with SQLite's plain header.
    CHECK(hrc_test::read_file(k.config.store.database).rfind("SQLite format 3", 0) ==
          std::string::npos);
}

TEST_CASE("store: create refuses to overwrite", "[store]") {
    Kiosk k;
    std::string message;
    CHECK(code_of(
              [&] {
                  (void)hrc::Store::create(hrc::store_options(k.config),
                                           hrc::read_db_key(k.config.store.key_file),
                                           {"x", "y", k.keys.public_key, kNow}, kNow);
              },
              &message) == hrc::Code::already_exists);
    CHECK_THAT(message, Catch::Matchers::Contains("already exists; refusing to overwrite it"));
}

TEST_CASE("store: opening fails clearly with a missing database, a wrong key or a file that is not "
          "a store",
          "[store]") {
    Kiosk k;
    k.store.reset();
    std::string message;

    SECTION("missing") {
        hrc::Config c = k.config;
        c.store.database = k.dir / "nothing-here.db";
        CHECK(code_of([&] { (void)hrc::open_kiosk_store(c); }, &message) ==
              hrc::Code::database_missing);
        CHECK_THAT(message,
                   Catch::Matchers::Contains(
                       "there is no database here. Create the kiosk with `hrc-admin init"));
        CHECK_FALSE(fs::exists(c.store.database)); // opening never creates one
    }
    SECTION("wrong key") {
        CHECK(code_of(
                  [&] {
                      (void)hrc::Store::open(hrc::store_options(k.config), hrc::generate_db_key());
                  },
                  &message) == hrc::Code::wrong_key);
        CHECK_THAT(message, Catch::Matchers::StartsWith("The key does not open this database"));
    }
    SECTION("plain SQLite file") {
        sqlite3* plain = nullptr;
        const fs::path p = k.dir / "plain.db";
        REQUIRE(sqlite3_open(p.c_str(), &plain) == SQLITE_OK);
        REQUIRE(sqlite3_exec(plain, "CREATE TABLE t(x)", nullptr, nullptr, nullptr) == SQLITE_OK);
        sqlite3_close(plain);
        hrc::StoreOptions o;
        o.database = p;
        CHECK(code_of([&] { (void)hrc::Store::open(o, hrc::generate_db_key()); }, &message) ==
              hrc::Code::corrupt);
        CHECK_THAT(message,
                   Catch::Matchers::Contains("unencrypted SQLite database, not an hrc store"));
    }
    SECTION("empty or truncated file") {
        hrc::StoreOptions o;
        o.database = k.dir / "empty.db";
        hrc_test::write_file(o.database, "");
        CHECK(code_of([&] { (void)hrc::Store::open(o, hrc::generate_db_key()); }, &message) ==
              hrc::Code::corrupt);
        CHECK_THAT(message, Catch::Matchers::Contains("the database file is empty"));
        const std::string whole = hrc_test::read_file(k.config.store.database);
        hrc_test::write_file(o.database, whole.substr(0, whole.size() - 100));
        CHECK(code_of([&] { (void)hrc::Store::open(o, hrc::read_db_key(k.config.store.key_file)); },
                      &message) == hrc::Code::corrupt);
        CHECK_THAT(message, Catch::Matchers::Contains("not a whole number of pages"));
    }
}

TEST_CASE("store: the key file must be private and well-formed, a systemd credential wins",
          "[store][keys]") {
    TempDir dir;
    const fs::path key = dir / "db.key";
    hrc::write_db_key(key, hrc::generate_db_key());
    CHECK(hrc_test::file_mode(key) == 0600);
    std::string message;

    fs::permissions(key, fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read |
                             fs::perms::others_read);
    CHECK(code_of([&] { (void)hrc::read_db_key(key); }, &message) == hrc::Code::key_file);
    CHECK(message == key.string() +
                         " can be read by other users (mode 0644); fix it with: chmod 600 " +
                         key.string());

    fs::permissions(key, fs::perms::owner_read | fs::perms::owner_write);
    hrc_test::write_file(key, "not hex\n");
    CHECK(code_of([&] { (void)hrc::read_db_key(key); }, &message) == hrc::Code::key_file);
    CHECK_THAT(message, Catch::Matchers::Contains("must hold exactly 64 hexadecimal characters"));

    CHECK(code_of([&] { (void)hrc::read_db_key(dir / "absent.key"); }, &message) ==
          hrc::Code::key_file);
    CHECK_THAT(message, Catch::Matchers::Contains("the database key file does not exist"));

    CHECK(code_of([&] { hrc::write_db_key(key, hrc::generate_db_key()); }, &message) ==
          hrc::Code::already_exists);

    // $CREDENTIALS_DIRECTORY/hrc-db-key is used instead of the key file when set.
    fs::create_directories(dir / "creds");
    const hrc::SecretKey credential = hrc::generate_db_key();
    hrc::write_db_key(dir / "creds" / "hrc-db-key", credential);
    ::setenv("CREDENTIALS_DIRECTORY", (dir / "creds").c_str(), 1);
    const hrc::SecretKey read = hrc::read_db_key(key); // key file is broken: proves it was not read
    ::unsetenv("CREDENTIALS_DIRECTORY");
    CHECK(sodium_memcmp(read.data(), credential.data(), 32) == 0);
}

TEST_CASE("store: submit seals, stores once, and the sealed copy opens only at central",
          "[store][submit]") {
    Kiosk k;
    hrc::Report report = hrc_test::fresh_report();
    const hrc::SubmitOutcome out = k.submit(report);
    REQUIRE(out.stored());
    CHECK(hrc::is_canonical_reference(out.reference));
    CHECK(k.count() == 1);
    const auto entry = k.store->find(out.report_id);
    REQUIRE(entry);
    CHECK(entry->state == hrc::OutboxState::queued);
    CHECK(entry->reference == out.reference);
    CHECK(entry->language == "gu");
    CHECK(entry->mode == "staff_assisted");

    // Claim it as the agent would, and open it as central would.
    const auto batch = k.store->claim_batch(kNow, 10, 1 << 20);
    REQUIRE(batch.size() == 1);
    const hrc::OpenedReport opened =
        hrc::open_sealed(batch[0].sealed, k.keys.public_key, k.central_secrets);
    CHECK(opened.header.report_id == out.report_id);
    CHECK(opened.header.kiosk_id == "kiosk-test");
    const auto decoded = hrc::decode_report_text(opened.plaintext);
    REQUIRE(decoded.report);
    CHECK(decoded.report->description == hrc_test::example_report().description);
    CHECK(decoded.report->kiosk_id == "kiosk-test"); // the device's identity, not the file's
    CHECK(decoded.report->centre_id == "centre-test");
    CHECK(decoded.report->reference == out.reference);
}

TEST_CASE("store: a report that does not validate is not stored and comes back with its problems",
          "[store][submit]") {
    Kiosk k;
    hrc::Report report = hrc_test::fresh_report();
    report.role.reset();
    report.about.email = "nope";
    const auto out = k.submit(report);
    CHECK_FALSE(out.stored());
    REQUIRE(out.problems.size() == 2);
    CHECK(out.problems[0].field == "/role");
    CHECK(out.problems[1].field == "/about/email");
    CHECK(k.count() == 0);
    CHECK(report.about.email == "nope"); // the person's answers are still there to correct
}

TEST_CASE("store: the same report id or reference is never stored twice", "[store][submit]") {
    Kiosk k;
    const hrc::Report report = hrc_test::example_report(); // fixed id and reference
    REQUIRE(k.submit(report).stored());
    std::string message;
    CHECK(code_of([&] { (void)k.submit(report); }, &message) == hrc::Code::already_exists);
    CHECK_THAT(message, Catch::Matchers::Contains("is already stored; nothing was added"));
    hrc::Report same_reference = report;
    same_reference.report_id = hrc::new_report_id();
    CHECK(code_of([&] { (void)k.submit(same_reference); }) == hrc::Code::already_exists);
    CHECK(k.count() == 1);
}

TEST_CASE("store: a canary in every text field never reaches any file", "[store][privacy]") {
    Kiosk k;
    const std::string canary = "CANARY-7f3a9c-";
    for (int i = 0; i < 20; ++i) {
        hrc::Report r = hrc_test::fresh_report();
        const std::string c = canary + std::to_string(i);
        r.other_difference = c;
        r.what_happened_other = c;
        r.description = c + " " + c;
        r.where.place_other = c;
        r.where.address = c;
        r.offenders.description = c;
        r.harm.injury_details = c;
        r.harm.damage_details = c;
        r.harm.stolen_details = c;
        r.harm.witness_details = c;
        r.harm.evidence_details = c;
        r.about.name = c;
        r.about.address = c;
        r.about.safe_contact_times = c;
        r.about.interpreter_language = c;
        r.about.access_needs = c;
        REQUIRE(k.submit(r).stored());
    }
    k.store->claim_batch(kNow, 5, 1 << 20); // exercise more writes
    CHECK(k.count() == 20);
    // While open (WAL and shm present) and after closing (checkpointed into the main file).
    CHECK(hrc_test::files_containing(k.dir.path(), "CANARY-7f3a9c").empty());
    k.store.reset();
    CHECK(hrc_test::files_containing(k.dir.path(), "CANARY-7f3a9c").empty());
    // The check itself can see plaintext: a file with the canary is found.
    hrc_test::write_file(k.dir / "control.txt", "x CANARY-7f3a9c y");
    CHECK(hrc_test::files_containing(k.dir.path(), "CANARY-7f3a9c").size() == 1);
}

TEST_CASE("store: wipe zeroes a draft and leaves an empty report", "[submit][privacy]") {
    hrc::Report r = hrc_test::example_report();
    REQUIRE_FALSE(r == hrc::Report{});
    hrc::wipe(r);
    CHECK(r == hrc::Report{});
}

TEST_CASE("outbox: the state machine moves as documented", "[store][outbox]") {
    Kiosk k;
    std::vector<std::string> ids;
    for (int i = 0; i < 5; ++i) {
        const auto out = k.submit(hrc_test::fresh_report(), kNow + i);
        REQUIRE(out.stored());
        ids.push_back(out.report_id);
    }
    // Oldest first, within the item limit.
    auto batch = k.store->claim_batch(kNow + 10, 2, 1 << 20);
    REQUIRE(batch.size() == 2);
    CHECK(batch[0].report_id == ids[0]);
    CHECK(batch[1].report_id == ids[1]);
    CHECK(batch[0].attempts == 1);
    CHECK(k.store->find(ids[0])->state == hrc::OutboxState::sending);
    // Within the byte limit, but always at least one.
    auto small = k.store->claim_batch(kNow + 10, 10, 1);
    REQUIRE(small.size() == 1);
    CHECK(small[0].report_id == ids[2]);

    k.store->mark_acked(ids[0], hrc::Bytes{1, 2, 3}, kNow + 20);
    k.store->mark_retry(ids[1], kNow + 100, "HTTP 503", kNow + 20);
    k.store->mark_quarantined(ids[2], "rejected: schema version", kNow + 20);
    CHECK(k.store->find(ids[0])->state == hrc::OutboxState::acked);
    CHECK(k.store->find(ids[1])->state == hrc::OutboxState::retry_wait);
    CHECK(k.store->find(ids[1])->last_error == "HTTP 503");
    CHECK(k.store->find(ids[2])->state == hrc::OutboxState::quarantined);

    // A retry is not claimed before its time, and is claimed after.
    batch = k.store->claim_batch(kNow + 50, 10, 1 << 20);
    REQUIRE(batch.size() == 2);
    CHECK(batch[0].report_id == ids[3]);
    CHECK(batch[1].report_id == ids[4]);
    batch = k.store->claim_batch(kNow + 100, 10, 1 << 20);
    REQUIRE(batch.size() == 1);
    CHECK(batch[0].report_id == ids[1]);
    CHECK(batch[0].attempts == 2);

    // A crash while sending: everything in `sending` goes back to the queue.
    CHECK(k.store->recover_interrupted(kNow + 200) == 3);
    CHECK(k.store->find(ids[1])->state == hrc::OutboxState::queued);

    // Transitions from the wrong state are refused and change nothing.
    CHECK(code_of([&] { k.store->mark_retry(ids[0], kNow, "x", kNow); }) == hrc::Code::failure);
    CHECK(code_of([&] { k.store->mark_acked(ids[0], {9}, kNow); }) == hrc::Code::failure);
    CHECK(code_of([&] { k.store->mark_quarantined("no-such-id", "x", kNow); }) ==
          hrc::Code::failure);

    const hrc::StoreStatus s = k.store->status(kNow + 300, {30, 7});
    CHECK(s.counts.acked == 1);
    CHECK(s.counts.queued == 3);
    CHECK(s.counts.quarantined == 1);
    CHECK(s.counts.pending() == 4);
    CHECK(s.oldest_pending_created_at == kNow + 1);
    CHECK(s.waiting_long == 0);
}

namespace {

struct AuditRow {
    std::string event;
    nlohmann::json detail;
};

// The audit rows after `after_seq`, oldest first.
std::vector<AuditRow> audit_since(sqlite3* db, std::int64_t after_seq) {
    sqlite3_stmt* st = nullptr;
    REQUIRE(sqlite3_prepare_v2(db, "SELECT event, detail FROM audit WHERE seq > ?1 ORDER BY seq",
                               -1, &st, nullptr) == SQLITE_OK);
    sqlite3_bind_int64(st, 1, after_seq);
    std::vector<AuditRow> rows;
    while (sqlite3_step(st) == SQLITE_ROW)
        rows.push_back(
            {reinterpret_cast<const char*>(sqlite3_column_text(st, 0)),
             nlohmann::json::parse(reinterpret_cast<const char*>(sqlite3_column_text(st, 1)))});
    sqlite3_finalize(st);
    return rows;
}

std::int64_t last_audit_seq(sqlite3* db) {
    sqlite3_stmt* st = nullptr;
    REQUIRE(sqlite3_prepare_v2(db, "SELECT coalesce(max(seq), 0) FROM audit", -1, &st, nullptr) ==
            SQLITE_OK);
    REQUIRE(sqlite3_step(st) == SQLITE_ROW);
    const std::int64_t seq = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return seq;
}

// Runs `step` and checks it wrote exactly one audit row per expected move, in order, each naming
// the report, its two states and the arrow's event, then one row for each of `then_events` (rows
// that are not moves); returns those rows.
std::vector<AuditRow> expect_moves(
    Kiosk& k, const std::function<void()>& step,
    const std::vector<std::tuple<std::string, std::string, std::string, std::string>>& moves,
    const std::vector<std::string>& then_events = {}) {
    const std::int64_t before = last_audit_seq(k.store->handle());
    step();
    const std::vector<AuditRow> rows = audit_since(k.store->handle(), before);
    REQUIRE(rows.size() == moves.size() + then_events.size());
    for (std::size_t i = 0; i < then_events.size(); ++i)
        CHECK(rows[moves.size() + i].event == then_events[i]);
    for (std::size_t i = 0; i < moves.size(); ++i) {
        const auto& [event, report_id, from, to] = moves[i];
        INFO("audit row " << i << ": " << rows[i].event << " " << rows[i].detail.dump());
        CHECK(rows[i].event == event);
        CHECK(rows[i].detail.value("report_id", "") == report_id);
        CHECK(rows[i].detail.value("from", "") == from);
        CHECK(rows[i].detail.value("to", "") == to);
        CHECK(k.store->find(report_id)->state == *[&]() -> std::optional<hrc::OutboxState> {
            for (auto st :
                 {hrc::OutboxState::queued, hrc::OutboxState::sending, hrc::OutboxState::acked,
                  hrc::OutboxState::retry_wait, hrc::OutboxState::quarantined})
                if (hrc::to_string(st) == to) return st;
            return std::nullopt;
        }());
    }
    return rows;
}

} // namespace

TEST_CASE("outbox: every arrow of the state machine writes its audit row in the same transaction",
          "[store][outbox][audit]") {
    Kiosk k;
    std::vector<std::string> ids;
    for (int i = 0; i < 5; ++i) {
        const std::int64_t before = last_audit_seq(k.store->handle());
        ids.push_back(k.submit(hrc_test::fresh_report(), kNow + i).report_id);
        const auto rows = audit_since(k.store->handle(), before);
        REQUIRE(rows.size() == 1); // insert: a new QUEUED row
        CHECK(rows[0].event == "report.stored");
        CHECK(rows[0].detail.value("report_id", "") == ids.back());
    }
    const std::string a = ids[0], b = ids[1], c = ids[2], d = ids[3], e = ids[4];

    // QUEUED -> SENDING, one row per claimed report, with the attempt number.
    auto rows =
        expect_moves(k, [&] { REQUIRE(k.store->claim_batch(kNow + 10, 5, 1 << 20).size() == 5); },
                     {{"report.claimed", a, "queued", "sending"},
                      {"report.claimed", b, "queued", "sending"},
                      {"report.claimed", c, "queued", "sending"},
                      {"report.claimed", d, "queued", "sending"},
                      {"report.claimed", e, "queued", "sending"}});
    CHECK(rows[0].detail.value("attempt", 0) == 1);

    // SENDING -> RETRY_WAIT (mark_retry), with when and why.
    rows = expect_moves(k, [&] { k.store->mark_retry(a, kNow + 100, "HTTP 503", kNow + 20); },
                        {{"report.retry_scheduled", a, "sending", "retry_wait"}});
    CHECK(rows[0].detail.value("reason", "") == "HTTP 503");
    CHECK(rows[0].detail.value("next_attempt_at", "") == hrc::format_utc(kNow + 100));

    // RETRY_WAIT -> SENDING (claim_batch once due; and with waiting_now before it is due).
    k.store->mark_retry(b, kNow + 1000, "HTTP 429", kNow + 20);
    rows =
        expect_moves(k, [&] { REQUIRE(k.store->claim_batch(kNow + 100, 5, 1 << 20).size() == 1); },
                     {{"report.claimed", a, "retry_wait", "sending"}});
    CHECK(rows[0].detail.value("attempt", 0) == 2);
    expect_moves(k,
                 [&] { REQUIRE(k.store->claim_batch(kNow + 101, 5, 1 << 20, true).size() == 1); },
                 {{"report.claimed", b, "retry_wait", "sending"}});

    // SENDING -> ACKED, one report (mark_acked) and a batch (record_acknowledgement).
    expect_moves(k,
                 [&] {
                     k.store->mark_acked(a, hrc::Bytes{1, 2, 3}, kNow + 30);
                 },
                 {{"report.acked", a, "sending", "acked"}});
    rows =
        expect_moves(k,
                     [&] {
                         k.store->record_acknowledgement(
                             "batch-7", hrc::Bytes{'{', '}'},
                             {{b, true, ""}, {c, false, "rejected by central: schema"}}, kNow + 40);
                     },
                     {{"report.acked", b, "sending", "acked"},
                      {"report.quarantined", c, "sending", "quarantined"}},
                     {"outbox.purged_acked"});
    CHECK(rows[0].detail.value("batch_id", "") == "batch-7");
    CHECK(rows[1].detail.value("reason", "") == "rejected by central: schema");
    // The delivered report's sealed bytes went in the same transaction; the refused one keeps its.
    CHECK(rows[2].detail.value("count", 0) == 1);
    CHECK_FALSE(k.store->find(b)->sealed_present);
    CHECK(k.store->find(c)->sealed_present);

    // SENDING -> QUARANTINED (mark_quarantined).
    expect_moves(k, [&] { k.store->mark_quarantined(d, "conflict", kNow + 50); },
                 {{"report.quarantined", d, "sending", "quarantined"}});

    // QUARANTINED -> QUEUED, by id and all at once: one row per report either way.
    expect_moves(k, [&] { CHECK(k.store->requeue({c}, kNow + 60) == 1); },
                 {{"report.requeued", c, "quarantined", "queued"}});
    expect_moves(k, [&] { CHECK(k.store->requeue({}, kNow + 61) == 1); },
                 {{"report.requeued", d, "quarantined", "queued"}});

    // SENDING -> QUEUED after a crash (recover_interrupted), one row per report.
    REQUIRE(k.store->claim_batch(kNow + 70, 5, 1 << 20).size() == 2); // c and d again
    expect_moves(k, [&] { CHECK(k.store->recover_interrupted(kNow + 80) == 3); },
                 {{"report.recovered", c, "sending", "queued"},
                  {"report.recovered", d, "sending", "queued"},
                  {"report.recovered", e, "sending", "queued"}});

    // A refused call writes nothing.
    const std::int64_t before = last_audit_seq(k.store->handle());
    CHECK(code_of([&] { k.store->mark_retry(a, kNow, "x", kNow); }) == hrc::Code::failure);
    CHECK(code_of([&] { k.store->mark_acked(c, {9}, kNow); }) == hrc::Code::failure);
    CHECK(code_of([&] { k.store->requeue({e}, kNow); }) == hrc::Code::failure);
    k.store->record_acknowledgement("batch-8", hrc::Bytes{'{', '}'}, {{a, true, ""}},
                                    kNow + 90); // a is acked already
    CHECK(last_audit_seq(k.store->handle()) == before);
    CHECK(k.store->verify_audit().ok);
}

TEST_CASE(
    "outbox: an acknowledged report cannot exist without its acknowledgement (CHECK constraint)",
    "[store][outbox]") {
    Kiosk k;
    const auto out = k.submit(hrc_test::fresh_report());
    char* err = nullptr;
    const std::string sql =
        "UPDATE outbox SET state = 'acked' WHERE report_id = '" + out.report_id + "'";
    CHECK((sqlite3_exec(k.store->handle(), sql.c_str(), nullptr, nullptr, &err) & 0xff) ==
          SQLITE_CONSTRAINT);
    sqlite3_free(err);
    CHECK(k.store->find(out.report_id)->state == hrc::OutboxState::queued);
}

TEST_CASE("outbox: purge drops acknowledged sealed copies and never deletes what central has not "
          "acknowledged",
          "[store][outbox][retention]") {
    Kiosk k;
    const hrc::RetentionPolicy policy{30, 7};
    const auto acked = k.submit(hrc_test::fresh_report(), kNow - 40 * kDay);
    const auto expired = k.submit(hrc_test::fresh_report(), kNow - 31 * kDay);
    const auto warned = k.submit(hrc_test::fresh_report(), kNow - 25 * kDay);
    const auto fresh = k.submit(hrc_test::fresh_report(), kNow - 1 * kDay);
    REQUIRE((acked.stored() && expired.stored() && warned.stored() && fresh.stored()));
    k.store->claim_batch(kNow, 1, 1 << 20);
    k.store->mark_acked(acked.report_id, {7, 7}, kNow);

    const hrc::StoreStatus before = k.store->status(kNow, policy);
    CHECK(before.waiting_long == 2); // the one past the limit and the one inside the warning window

    const hrc::PurgeResult r = k.store->purge(kNow, policy);
    CHECK(r.acked_purged == 1);
    CHECK(r.waiting_long == 2);
    REQUIRE(k.store->find(expired.report_id)); // past the limit, never acknowledged: kept, sealed
    CHECK(k.store->find(expired.report_id)->sealed_present);
    CHECK(k.store->find(warned.report_id));
    CHECK(k.store->find(fresh.report_id));
    const auto kept = k.store->find(acked.report_id);
    REQUIRE(kept);
    CHECK(kept->state == hrc::OutboxState::acked);
    CHECK_FALSE(kept->sealed_present); // metadata kept, sealed bytes gone
    CHECK(k.store->integrity_check() == "ok");
    CHECK(k.store->verify_audit().ok);
}

TEST_CASE("outbox: requeue puts quarantined reports back, named or all, and refuses anything else",
          "[store][outbox]") {
    Kiosk k;
    std::vector<std::string> ids;
    for (int i = 0; i < 3; ++i)
        ids.push_back(k.submit(hrc_test::fresh_report()).report_id);
    REQUIRE(k.store->claim_batch(kNow, 3, 1 << 20).size() == 3);
    for (const auto& id : ids)
        k.store->mark_quarantined(id, "rejected: test", kNow);
    CHECK(k.store->requeue({ids[0]}, kNow) == 1);
    CHECK(k.store->find(ids[0])->state == hrc::OutboxState::queued);
    // Not quarantined any more: refused, and nothing changes (not even the others named with it).
    CHECK(code_of([&] { k.store->requeue({ids[1], ids[0]}, kNow); }) == hrc::Code::failure);
    CHECK(k.store->find(ids[1])->state == hrc::OutboxState::quarantined);
    CHECK(k.store->requeue({}, kNow) == 2);
    CHECK(k.store->status(kNow, {30, 7}).counts.queued == 3);
    CHECK(k.store->claim_batch(kNow, 10, 1 << 20).size() == 3); // due at once
    CHECK(k.store->verify_audit().ok);
}

TEST_CASE("audit: the hash chain verifies and any change breaks it", "[store][audit]") {
    Kiosk k;
    for (int i = 0; i < 3; ++i)
        REQUIRE(k.submit(hrc_test::fresh_report()).stored());
    hrc::AuditCheck check = k.store->verify_audit();
    CHECK(check.ok);
    CHECK(check.entries == 4); // store.created + 3 × report.stored

    SECTION("changed detail") {
        REQUIRE(sqlite3_exec(k.store->handle(), "UPDATE audit SET detail = '{}' WHERE seq = 2",
                             nullptr, nullptr, nullptr) == SQLITE_OK);
        check = k.store->verify_audit();
        CHECK_FALSE(check.ok);
        CHECK(check.problem == "entry 2 was changed after it was written");
    }
    SECTION("removed entry") {
        REQUIRE(sqlite3_exec(k.store->handle(), "DELETE FROM audit WHERE seq = 3", nullptr, nullptr,
                             nullptr) == SQLITE_OK);
        check = k.store->verify_audit();
        CHECK_FALSE(check.ok);
        CHECK(check.problem == "entry 3 is missing");
    }
}

TEST_CASE("rekey: the new key opens the store, the old one does not, and an interrupted rotation "
          "finishes",
          "[store][keys]") {
    Kiosk k;
    REQUIRE(k.submit(hrc_test::fresh_report()).stored());
    const std::string old_key_text = hrc_test::read_file(k.config.store.key_file);
    hrc::rotate_db_key(k.config, *k.store, kNow);
    CHECK(hrc_test::read_file(k.config.store.key_file) != old_key_text);
    CHECK_FALSE(fs::exists(k.config.store.key_file.string() + ".new"));
    CHECK(hrc_test::file_mode(k.config.store.key_file) == 0600);
    CHECK(pragma(k.store->handle(), "journal_mode") == "wal");
    REQUIRE(k.submit(hrc_test::fresh_report()).stored());
    k.store.reset();

    hrc::Store reopened = hrc::open_kiosk_store(k.config);
    CHECK(reopened.list().size() == 2);
    CHECK(reopened.verify_audit().ok);
    hrc_test::write_file(k.dir / "old.key", old_key_text);
    fs::permissions(k.dir / "old.key", fs::perms::owner_read | fs::perms::owner_write);
    CHECK(code_of([&] {
              (void)hrc::Store::open(hrc::store_options(k.config),
                                     hrc::read_db_key(k.dir / "old.key"));
          }) == hrc::Code::wrong_key);

    SECTION("power cut after the database was rekeyed but before the key file was replaced") {
        const fs::path pending = k.config.store.key_file.string() + ".new";
        const hrc::SecretKey next = hrc::generate_db_key();
        hrc::write_db_key(pending, next);
        reopened.rekey(next); // step 2 done, step 3 not
        { hrc::Store gone = std::move(reopened); }
        hrc::Store recovered = hrc::open_kiosk_store(k.config);
        CHECK(recovered.list().size() == 2);
        CHECK_FALSE(fs::exists(pending));
        CHECK(sodium_memcmp(hrc::read_db_key(k.config.store.key_file).data(), next.data(), 32) ==
              0);
    }
    SECTION("power cut before the database was rekeyed") {
        const fs::path pending = k.config.store.key_file.string() + ".new";
        hrc::write_db_key(pending, hrc::generate_db_key());
        { hrc::Store gone = std::move(reopened); }
        hrc::Store same = hrc::open_kiosk_store(k.config);
        CHECK(same.list().size() == 2);
        CHECK_FALSE(fs::exists(pending)); // the stale new key is removed
    }
}

TEST_CASE("disk full: nothing is stored, the store stays consistent, and a later submit succeeds",
          "[store][reliability]") {
    REQUIRE(hrc_test::register_fault_vfs());
    Kiosk k(hrc_test::kFaultVfs);
    REQUIRE(k.submit(hrc_test::fresh_report()).stored());

    hrc::Report draft = hrc_test::fresh_report();
    hrc_test::refused_writes = 0;
    hrc_test::fail_writes = true;
    std::string message;
    const hrc::Code code = code_of([&] { (void)k.submit(draft); }, &message);
    hrc_test::fail_writes = false;
    CHECK(code == hrc::Code::disk_full);
    CHECK_THAT(message, Catch::Matchers::Contains("The disk is full"));
    CHECK_THAT(message, Catch::Matchers::Contains("nothing was stored"));
    CHECK(hrc_test::refused_writes > 0);
    CHECK(draft.description ==
          hrc_test::example_report().description); // still in the person's hands

    CHECK(k.count() == 1);
    CHECK(k.store->integrity_check() == "ok");
    CHECK(k.store->verify_audit().ok);
    // The same draft goes through once there is space again.
    REQUIRE(k.submit(draft).stored());
    CHECK(k.count() == 2);
    // And a fresh connection sees a consistent store.
    k.store.reset();
    hrc::StoreOptions o = hrc::store_options(k.config);
    o.vfs = hrc_test::kFaultVfs;
    hrc::Store again = hrc::Store::open(o, hrc::read_db_key(k.config.store.key_file));
    CHECK(again.list().size() == 2);
    CHECK(again.integrity_check() == "ok");
}

TEST_CASE("the stock sqlcipher command opens the store with the raw key and fails without it",
          "[store][sqlcipher]") {
    Kiosk k;
    REQUIRE(k.submit(hrc_test::fresh_report()).stored());
    k.store.reset();
    std::string hex = hrc_test::read_file(k.config.store.key_file);
    hex.erase(hex.find_last_not_of("\n") + 1);
    auto run = [&](const std::string& sql) {
        const std::string script = (k.dir / "script.sql").string();
        hrc_test::write_file(script, sql);
        const std::string cmd =
            "sqlcipher " + k.config.store.database.string() + " < " + script + " 2>&1";
        std::string output;
        FILE* p = ::popen(cmd.c_str(), "r");
        REQUIRE(p);
        char buf[512];
        while (std::fgets(buf, sizeof buf, p))
            output += buf;
        const int status = ::pclose(p);
        fs::remove(script);
        return std::make_pair(status, output);
    };
    const auto with_key = run("PRAGMA key = \"x'" + hex + "'\";\nSELECT count(*) FROM outbox;\n");
    CHECK(with_key.first == 0);
    CHECK(with_key.second == "1\n");
    const auto without_key = run("SELECT count(*) FROM outbox;\n");
    CHECK_THAT(without_key.second,
               Catch::Matchers::Contains("file is encrypted or is not a database"));
}

TEST_CASE(
    "outbox: a batch acknowledgement is stored once and marks every report in one transaction",
    "[store][outbox]") {
    Kiosk k;
    std::vector<std::string> ids;
    for (int i = 0; i < 3; ++i)
        ids.push_back(k.submit(hrc_test::fresh_report()).report_id);
    REQUIRE(k.store->claim_batch(kNow, 10, 1 << 20).size() == 3);
    const hrc::Bytes body = {'s', 'i', 'g', 'n', 'e', 'd'};
    k.store->record_acknowledgement(
        "batch-1", body,
        {{ids[0], true, ""}, {ids[1], true, ""}, {ids[2], false, "rejected by central: bad"}},
        kNow);
    CHECK(k.store->find(ids[0])->state == hrc::OutboxState::acked);
    CHECK(k.store->find(ids[1])->state == hrc::OutboxState::acked);
    CHECK(k.store->find(ids[2])->state == hrc::OutboxState::quarantined);
    CHECK(k.store->find(ids[2])->last_error == "rejected by central: bad");
    // One copy of the signed body, whatever the batch size.
    sqlite3_stmt* st = nullptr;
    REQUIRE(sqlite3_prepare_v2(k.store->handle(),
                               "SELECT count(*), sum(length(body)) FROM acknowledgements", -1, &st,
                               nullptr) == SQLITE_OK);
    REQUIRE(sqlite3_step(st) == SQLITE_ROW);
    CHECK(sqlite3_column_int(st, 0) == 1);
    CHECK(sqlite3_column_int(st, 1) == 6);
    sqlite3_finalize(st);
    CHECK(k.store->verify_audit().ok);
    // Acknowledging again (a duplicate answer to a re-sent batch) changes nothing.
    k.store->record_acknowledgement("batch-2", body, {{ids[0], true, ""}}, kNow + 5);
    CHECK(k.store->find(ids[0])->acked_at == kNow);
}

TEST_CASE("store: a version 1 database is migrated to the current schema, keeping its rows",
          "[store]") {
    TempDir dir;
    hrc::StoreOptions o;
    o.database = dir / "old.db";
    hrc::write_db_key(dir / "db.key", hrc::generate_db_key());
    const hrc::SecretKey key = hrc::read_db_key(dir / "db.key");
    {
        // Build a version-1 store by hand with the version-1 SQL.
        sqlite3* db = nullptr;
        REQUIRE(sqlite3_open(o.database.c_str(), &db) == SQLITE_OK);
        char literal[68] = "x'";
        sodium_bin2hex(literal + 2, 65, key.data(), 32);
        literal[66] = '\'';
        REQUIRE(sqlite3_key(db, literal, 67) == SQLITE_OK);
        REQUIRE(sqlite3_exec(db, hrc::schema::kMigrationTo1, nullptr, nullptr, nullptr) ==
                SQLITE_OK);
        REQUIRE(sqlite3_exec(db, "INSERT INTO kiosk VALUES (1, 'k-old', 'c-old', zeroblob(32), 1)",
                             nullptr, nullptr, nullptr) == SQLITE_OK);
        sqlite3_close(db);
    }
    hrc::Store store = hrc::Store::open(o, key);
    CHECK(store.schema_version() == hrc::schema::kVersion);
    CHECK(store.kiosk().kiosk_id == "k-old");
    CHECK(sqlite3_exec(store.handle(), "SELECT count(*) FROM acknowledgements", nullptr, nullptr,
                       nullptr) == SQLITE_OK);
}

TEST_CASE("pin lockout: waits grow after the free tries, survive reopening, and clear on a right "
          "PIN or a reset",
          "[store][pins]") {
    CHECK(hrc::pin_wait_after(4, 5) == 0);
    CHECK(hrc::pin_wait_after(5, 5) == 30);
    CHECK(hrc::pin_wait_after(6, 5) == 60);
    CHECK(hrc::pin_wait_after(11, 5) == 1920);
    CHECK(hrc::pin_wait_after(12, 5) == 3600); // capped at an hour
    CHECK(hrc::pin_wait_after(1000, 5) == 3600);

    Kiosk k;
    std::int64_t now = kNow;
    for (int i = 1; i <= 4; ++i)
        CHECK(k.store->record_pin_result("S0142", false, now) == 0);
    CHECK(k.store->pin_wait("S0142", now) == 0);
    CHECK(k.store->record_pin_result("S0142", false, now) == 30); // the 5th wrong PIN
    CHECK(k.store->pin_wait("S0142", now + 10) == 20);
    CHECK(k.store->pin_wait("S0143", now + 10) ==
          0); // another staff id is not locked (kiosk: 5 of 10)

    // Durable: a new process (store reopened) sees the same wait.
    const hrc::StoreOptions options = hrc::store_options(k.config);
    k.store.reset();
    k.store.emplace(hrc::Store::open(options, hrc::read_db_key(k.config.store.key_file)));
    CHECK(k.store->pin_wait("S0142", now + 10) == 20);
    now += 30;
    CHECK(k.store->record_pin_result("S0142", false, now) == 60); // doubling

    // Guessing across staff ids locks the whole kiosk after ten wrong PINs in all.
    for (int i = 0; i < 3; ++i)
        k.store->record_pin_result("S-" + std::to_string(i), false, now);
    CHECK(k.store->pin_wait("S0143", now) == 0);
    CHECK(k.store->record_pin_result("ANY-ID", false, now) > 0); // the 10th on this kiosk
    CHECK(k.store->pin_wait("S0143", now) == 30);
    // Ids that are not staff ids count for the kiosk but are never written down as typed.
    k.store->record_pin_result("x\x1b[31m", false, now);
    for (const auto& l : k.store->pin_lockouts())
        CHECK(l.scope.find('\x1b') == std::string::npos);

    // A right PIN clears its own count and the kiosk's.
    CHECK(k.store->record_pin_result("S0143", true, now) == 0);
    CHECK(k.store->pin_wait("S0143", now) == 0);
    CHECK(k.store->pin_wait("S0142", now) > 0);
    CHECK(k.store->reset_pin_lockouts("S0142", now) == 1);
    CHECK(k.store->pin_wait("S0142", now) == 0);
    CHECK(k.store->reset_pin_lockouts("", now) >= 1);
    CHECK(k.store->pin_lockouts().empty());
    CHECK(k.store->verify_audit().ok);
}
