// Tests of the report model: JSON round trip of the documented example, and decoding errors that
// name the path of the bad field.
#include <fstream>
#include <functional>
#include <set>
#include <sstream>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "hrc/report.h"
#include "hrc/validation.h"

namespace {

nlohmann::json example_json() {
    std::ifstream in(HRC_SOURCE_DIR "/docs/examples/report.json");
    REQUIRE(in.good());
    return nlohmann::json::parse(in);
}

hrc::Report example_report() {
    auto decoded = hrc::decode_report(example_json());
    REQUIRE(decoded.problems.empty());
    REQUIRE(decoded.report.has_value());
    return *decoded.report;
}

// The problems as "path: message" lines, so a failing test shows all of them.
std::string describe(const std::vector<hrc::DecodeProblem>& problems) {
    std::string out;
    for (const auto& p : problems)
        out += p.path + ": " + p.message + "\n";
    return out;
}

// Every JSON Pointer to a leaf value in `j`.
void collect_leaf_paths(const nlohmann::json& j, const std::string& path,
                        std::set<std::string>& out) {
    if (j.is_object()) {
        for (auto it = j.begin(); it != j.end(); ++it)
            collect_leaf_paths(it.value(), path + "/" + it.key(), out);
    } else {
        out.insert(path);
    }
}

} // namespace

TEST_CASE("the documented example decodes, validates and round-trips exactly", "[report]") {
    const nlohmann::json original = example_json();
    const auto decoded = hrc::decode_report(original);
    INFO(describe(decoded.problems));
    REQUIRE(decoded.problems.empty());
    const hrc::Report& r = *decoded.report;

    CHECK(hrc::validate(r, {2025, 4, 1}).empty());
    // JSON -> Report -> JSON gives the same document (nlohmann compares objects by key, not order).
    CHECK(hrc::to_json(r) == original);
    // Report -> text -> Report gives the same report.
    const auto again = hrc::decode_report_text(hrc::to_json_text(r, 2));
    REQUIRE(again.report.has_value());
    CHECK(*again.report == r);

    // Spot-check that fields land where the schema says.
    CHECK(r.report_id == "3f2b8c1e-9d4a-4b6f-8e21-7c5d0a9b1f34");
    CHECK(r.mode == hrc::Mode::staff_assisted);
    CHECK(r.staff_id == "S0142");
    CHECK(r.role == hrc::Role::victim);
    CHECK(r.strands == std::vector{hrc::Strand::race, hrc::Strand::religion, hrc::Strand::other});
    CHECK(r.when.date->kind == hrc::DateKind::range);
    CHECK(r.when.date->date_to == "2025-03-26");
    CHECK(r.where.district == hrc::District::leicester_city);
    CHECK(r.harm.evidence == std::vector{hrc::Evidence::cctv, hrc::Evidence::photos});
    CHECK(r.about.age_band == hrc::AgeBand::age_45_54);
    CHECK(r.consents.support_referral->wording_version == "victim-first/1");
    // The free-text account is the top-level string `description`, in any script.
    CHECK(original["description"].is_string());
    CHECK(r.description->find("બસ સ્ટોપ") != std::string::npos);
}

TEST_CASE("the example fills every field of the schema", "[report]") {
    // A field the example leaves out would not be proven by the round trip above. The expected
    // paths are what to_json writes for a report with every optional set.
    std::set<std::string> paths;
    collect_leaf_paths(example_json(), "", paths);
    const std::set<std::string> expected = {
        "/schema_version",
        "/report_id",
        "/reference",
        "/centre_id",
        "/kiosk_id",
        "/created_at",
        "/language",
        "/mode",
        "/staff_id",
        "/easy_read",
        "/role",
        "/strands",
        "/other_difference",
        "/classification",
        "/what_happened",
        "/what_happened_other",
        "/description",
        "/when/date/kind",
        "/when/date/date",
        "/when/date/date_to",
        "/when/time_of_day",
        "/when/ongoing",
        "/where/district",
        "/where/place_type",
        "/where/place_other",
        "/where/address",
        "/where/postcode",
        "/offenders/count",
        "/offenders/description",
        "/offenders/known_to_victim",
        "/harm/injured",
        "/harm/injury_details",
        "/harm/property_damaged",
        "/harm/damage_details",
        "/harm/anything_stolen",
        "/harm/stolen_details",
        "/harm/witnesses",
        "/harm/witness_details",
        "/harm/evidence",
        "/harm/evidence_details",
        "/about/name",
        "/about/phone",
        "/about/email",
        "/about/address",
        "/about/safe_contact_times",
        "/about/safe_contact_method",
        "/about/age_band",
        "/about/interpreter_needed",
        "/about/interpreter_language",
        "/about/access_needs",
        "/consents/share_with_police/decision",
        "/consents/share_with_police/wording_version",
        "/consents/police_may_contact/decision",
        "/consents/police_may_contact/wording_version",
        "/consents/support_referral/decision",
        "/consents/support_referral/wording_version",
        "/consents/anonymous_statistics/decision",
        "/consents/anonymous_statistics/wording_version",
    };
    CHECK(paths == expected);
}

TEST_CASE("a minimal report has only identity, role and what happened", "[report]") {
    const char* text = R"({"schema_version":1,"report_id":"3f2b8c1e-9d4a-4b6f-8e21-7c5d0a9b1f34",
        "reference":"HRC-7K3M-Q9TX","centre_id":"c","kiosk_id":"k","created_at":"2025-03-27T18:05:00Z",
        "language":"en-GB","mode":"self","role":"witness","what_happened":["graffiti"]})";
    const auto decoded = hrc::decode_report_text(text);
    INFO(describe(decoded.problems));
    REQUIRE(decoded.report.has_value());
    CHECK(hrc::validate(*decoded.report, {2025, 4, 1}).empty());
    CHECK_FALSE(decoded.report->when.date.has_value());
    CHECK_FALSE(decoded.report->about.anonymous);
    // Absent stays absent: nothing is invented on the way out.
    const nlohmann::json out = hrc::to_json(*decoded.report);
    CHECK(out.size() == 10);
    CHECK_FALSE(out.contains("when"));
}

TEST_CASE("easy_read is written only when true, and absent reads as false", "[report]") {
    hrc::Report r = example_report();
    REQUIRE(r.easy_read);
    r.easy_read = false;
    const nlohmann::json off = hrc::to_json(r);
    CHECK_FALSE(off.contains("easy_read"));
    const auto decoded = hrc::decode_report(off);
    REQUIRE(decoded.report.has_value());
    CHECK_FALSE(decoded.report->easy_read);

    nlohmann::json wrong = example_json();
    wrong["easy_read"] = "yes";
    const auto refused = hrc::decode_report(wrong);
    CHECK_FALSE(refused.report.has_value());
    REQUIRE(refused.problems.size() == 1);
    CHECK(refused.problems[0].path == "/easy_read");
}

TEST_CASE("null means not answered", "[report]") {
    nlohmann::json j = example_json();
    j["where"]["postcode"] = nullptr;
    j["role"] = nullptr;
    const auto decoded = hrc::decode_report(j);
    REQUIRE(decoded.report.has_value());
    CHECK_FALSE(decoded.report->where.postcode.has_value());
    CHECK_FALSE(decoded.report->role.has_value());
}

TEST_CASE("every enumeration value survives a round trip", "[report]") {
    hrc::Report r = example_report();
    for (int i = 0; i <= static_cast<int>(hrc::District::dont_know); ++i) {
        r.where.district = static_cast<hrc::District>(i);
        r.where.place_type = static_cast<hrc::PlaceType>(i % 12);
        r.about.age_band = static_cast<hrc::AgeBand>(i % 8);
        r.harm.injured = static_cast<hrc::Answer>(i % 4);
        r.when.time_of_day = static_cast<hrc::TimeOfDay>(i % 5);
        r.offenders.count = static_cast<hrc::OffenderCount>(i % 4);
        r.about.safe_contact_method = static_cast<hrc::ContactMethod>(i % 4);
        r.classification = static_cast<hrc::Classification>(i % 3);
        r.role = static_cast<hrc::Role>(i % 3);
        r.mode = static_cast<hrc::Mode>(i % 3);
        const auto again = hrc::decode_report(hrc::to_json(r));
        INFO(describe(again.problems));
        REQUIRE(again.report.has_value());
        CHECK(*again.report == r);
    }
    CHECK(hrc::to_string(hrc::AgeBand::age_65_plus) == "65_plus");
    CHECK(hrc::to_string(hrc::District::hinckley_and_bosworth) == "hinckley_and_bosworth");
}

TEST_CASE("decoding problems name the path of the bad field", "[report]") {
    struct Case {
        const char* name;
        std::function<void(nlohmann::json&)> change;
        std::string path;
        std::string message_part;
    };
    const std::vector<Case> cases = {
        {"unknown top-level key", [](auto& j) { j["colour"] = "red"; }, "/colour", "unknown field"},
        {"unknown nested key", [](auto& j) { j["where"]["town"] = "Melton"; }, "/where/town",
         "unknown field"},
        {"unknown key in consent", [](auto& j) { j["consents"]["support_referral"]["by"] = 1; },
         "/consents/support_referral/by", "unknown field"},
        {"wrong type", [](auto& j) { j["description"] = 42; }, "/description",
         "expected text, found a number"},
        {"bad enumeration", [](auto& j) { j["where"]["district"] = "leicester"; },
         "/where/district", "\"leicester\" is not one of \"blaby\", \"charnwood\""},
        {"bad list item", [](auto& j) { j["strands"][1] = "height"; }, "/strands/1",
         "\"height\" is not one of"},
        {"list item twice",
         [](auto& j) {
             j["strands"] = {"race", "race"};
         },
         "/strands/1", "listed twice"},
        {"list that is not a list", [](auto& j) { j["what_happened"] = "threats"; },
         "/what_happened", "expected a list of"},
        {"object that is not an object", [](auto& j) { j["when"] = "yesterday"; }, "/when",
         "expected an object, found text"},
        {"nested date kind", [](auto& j) { j["when"]["date"]["kind"] = "sometime"; },
         "/when/date/kind", "is not one of \"exact\""},
        {"missing date kind", [](auto& j) { j["when"]["date"].erase("kind"); }, "/when/date/kind",
         "is required"},
        {"consent without wording",
         [](auto& j) { j["consents"]["share_with_police"].erase("wording_version"); },
         "/consents/share_with_police/wording_version", "is required"},
        {"anonymous not boolean", [](auto& j) { j["about"]["anonymous"] = "yes"; },
         "/about/anonymous", "expected true or false, found text"},
        {"schema version", [](auto& j) { j["schema_version"] = 2; }, "/schema_version",
         "schema version 2 is not supported; this build reads version 1"},
        {"schema version missing", [](auto& j) { j.erase("schema_version"); }, "/schema_version",
         "is required"},
        {"report id missing", [](auto& j) { j.erase("report_id"); }, "/report_id",
         "is required: expected text"},
        {"report id not a uuid", [](auto& j) { j["report_id"] = "12345"; }, "/report_id",
         "expected a UUID"},
        {"mode missing", [](auto& j) { j.erase("mode"); }, "/mode",
         "is required: expected one of \"self\""},
    };
    for (const auto& c : cases) {
        SECTION(c.name) {
            nlohmann::json j = example_json();
            c.change(j);
            const auto decoded = hrc::decode_report(j);
            INFO(describe(decoded.problems));
            CHECK_FALSE(decoded.report.has_value());
            REQUIRE(decoded.problems.size() == 1);
            CHECK(decoded.problems[0].path == c.path);
            CHECK_THAT(decoded.problems[0].message, Catch::Matchers::Contains(c.message_part));
        }
    }
}

TEST_CASE("several problems are all reported", "[report]") {
    nlohmann::json j = example_json();
    j["role"] = "bystander";
    j["harm"]["evidence"] = {"cctv", 7};
    j["extra"] = true;
    const auto decoded = hrc::decode_report(j);
    REQUIRE(decoded.problems.size() == 3);
    std::set<std::string> paths;
    for (const auto& p : decoded.problems)
        paths.insert(p.path);
    CHECK(paths == std::set<std::string>{"/role", "/harm/evidence/1", "/extra"});
}

TEST_CASE("text that is not JSON, or not an object, gets one clear problem", "[report]") {
    auto decoded = hrc::decode_report_text(R"({"role": "victim",})");
    REQUIRE(decoded.problems.size() == 1);
    CHECK(decoded.problems[0].path.empty());
    CHECK_THAT(decoded.problems[0].message,
               Catch::Matchers::StartsWith("this is not valid JSON (at byte"));

    decoded = hrc::decode_report_text("[1,2]");
    REQUIRE(decoded.problems.size() == 1);
    CHECK(decoded.problems[0].message == "expected a report object, found a list");

    // Invalid UTF-8 inside a string is not JSON either.
    decoded = hrc::decode_report_text("{\"description\": \"\xff\xfe\"}");
    REQUIRE(decoded.problems.size() == 1);
    CHECK_THAT(decoded.problems[0].message, Catch::Matchers::StartsWith("this is not valid JSON"));
}

TEST_CASE("report ids are random version-4 UUIDs", "[report]") {
    std::set<std::string> seen;
    for (int i = 0; i < 1000; ++i) {
        const std::string id = hrc::new_report_id();
        REQUIRE(hrc::is_uuid(id));
        CHECK(id[14] == '4');
        CHECK(std::string("89ab").find(id[19]) != std::string::npos);
        seen.insert(id);
    }
    CHECK(seen.size() == 1000);
    CHECK_FALSE(hrc::is_uuid("3f2b8c1e-9d4a-4b6f-8e21-7c5d0a9b1f3"));
    CHECK_FALSE(hrc::is_uuid("3f2b8c1e-9d4a-4b6f-8e21+7c5d0a9b1f34"));
    CHECK_FALSE(hrc::is_uuid("3f2b8c1e-9d4a-4b6f-8e21-7c5d0a9b1fzz"));
}
