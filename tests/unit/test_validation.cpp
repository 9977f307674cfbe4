// Tests of report validation: each message, the field it is attached to, and the date and postcode
// parsers the kiosk uses for what people type.
#include <fstream>
#include <functional>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "hrc/validation.h"

namespace {

constexpr hrc::CivilDate kToday{2025, 4, 1};

hrc::Report example_report() {
    std::ifstream in(HRC_SOURCE_DIR "/docs/examples/report.json");
    REQUIRE(in.good());
    auto decoded = hrc::decode_report(nlohmann::json::parse(in));
    REQUIRE(decoded.report.has_value());
    return *decoded.report;
}

std::string describe(const std::vector<hrc::FieldProblem>& problems) {
    std::string out;
    for (const auto& p : problems)
        out += p.field + ": " + p.message + "\n";
    return out;
}

struct Case {
    const char* name;
    std::function<void(hrc::Report&)> change;
    std::vector<std::pair<std::string, std::string>> expected; // field, English message
};

} // namespace

TEST_CASE("every validation message, beside the right field", "[validation]") {
    using hrc::Consent;
    using hrc::ConsentDecision;
    const std::string long_text(hrc::kMaxLongText + 1, 'a');
    const std::string short_plus(hrc::kMaxShortText + 1, 'a');
    const std::vector<Case> cases = {
        {"role missing",
         [](auto& r) { r.role.reset(); },
         {{"/role", "Select whether it happened to you, you saw it, or you are reporting for "
                    "someone else"}}},
        {"neither what happened nor own words",
         [](auto& r) {
             r.what_happened.clear();
             r.description = "  \n";
         },
         {{"/what_happened", "Select what happened, or tell us in your own words"}}},
        {"own words alone are enough", [](auto& r) { r.what_happened.clear(); }, {}},
        {"what happened alone is enough", [](auto& r) { r.description.reset(); }, {}},
        {"staff id missing when assisted",
         [](auto& r) { r.staff_id.reset(); },
         {{"/staff_id", "Enter the staff ID of the member of staff helping"}}},
        {"staff id missing for paper form",
         [](auto& r) {
             r.mode = hrc::Mode::paper_transcription;
             r.staff_id = "";
         },
         {{"/staff_id", "Enter the staff ID of the member of staff typing in the paper form"}}},
        {"no staff id needed when alone",
         [](auto& r) {
             r.mode = hrc::Mode::self;
             r.staff_id.reset();
         },
         {}},
        {"staff id with a terminal escape",
         [](auto& r) { r.staff_id = "S1\x1b[31m"; },
         {{"/staff_id", "Enter a staff ID of 1 to 64 letters, digits or hyphens, like S0142"}}},
        {"staff id with a space",
         [](auto& r) { r.staff_id = "S 0142"; },
         {{"/staff_id", "Enter a staff ID of 1 to 64 letters, digits or hyphens, like S0142"}}},
        {"staff id of 65 characters",
         [](auto& r) { r.staff_id = std::string(65, 'S'); },
         {{"/staff_id", "Enter a staff ID of 1 to 64 letters, digits or hyphens, like S0142"}}},
        {"bad report id",
         [](auto& r) { r.report_id = "x"; },
         {{"/report_id", "The report needs a UUID like 3f2b8c1e-9d4a-4b6f-8e21-7c5d0a9b1f34: leave "
                         "it to the kiosk to create one"}}},
        {"reference with wrong check",
         [](auto& r) { r.reference = "HRC-7K3M-Q9TY"; },
         {{"/reference", "The reference must look like HRC-7K3M-Q9TX with a correct last "
                         "character: leave it to the kiosk to create one"}}},
        {"centre id blank",
         [](auto& r) { r.centre_id = " "; },
         {{"/centre_id", "Enter the centre ID (set by hrc-admin init)"}}},
        {"kiosk id blank",
         [](auto& r) { r.kiosk_id = ""; },
         {{"/kiosk_id", "Enter the kiosk ID (set by hrc-admin init)"}}},
        {"created time not UTC",
         [](auto& r) { r.created_at = "2025-03-27 18:05"; },
         {{"/created_at", "Enter the time the report was made in UTC, like 2025-03-27T18:05:00Z"}}},
        {"language blank",
         [](auto& r) { r.language = ""; },
         {{"/language", "Enter the language the report was made in, like en-GB"}}},
        {"own words too long",
         [&](auto& r) { r.description = long_text; },
         {{"/description", "Your own words must be 20,000 characters or fewer"}}},
        {"other difference too long",
         [&](auto& r) { r.other_difference = short_plus; },
         {{"/other_difference", "The other difference must be 500 characters or fewer"}}},
        {"exact date not a date",
         [](auto& r) {
             r.when.date = hrc::IncidentDate{hrc::DateKind::exact, "2025-02-30", {}};
         },
         {{"/when/date/date", "Enter a date like 27 3 2025"}}},
        {"exact date missing",
         [](auto& r) {
             r.when.date = hrc::IncidentDate{hrc::DateKind::approximate, {}, {}};
         },
         {{"/when/date/date", "Enter the date it happened, like 27 3 2025"}}},
        {"date in the future",
         [](auto& r) {
             r.when.date = hrc::IncidentDate{hrc::DateKind::exact, "2025-04-02", {}};
         },
         {{"/when/date/date", "The date must be today or in the past"}}},
        {"today is fine",
         [](auto& r) {
             r.when.date = hrc::IncidentDate{hrc::DateKind::exact, "2025-04-01", {}};
         },
         {}},
        {"exact date with an end",
         [](auto& r) {
             r.when.date = hrc::IncidentDate{hrc::DateKind::exact, "2025-03-01", "2025-03-02"};
         },
         {{"/when/date/date_to",
           "Remove the last date, or choose that it happened over a period of time"}}},
        {"range without start or end",
         [](auto& r) {
             r.when.date = hrc::IncidentDate{hrc::DateKind::range, {}, {}};
         },
         {{"/when/date/date", "Enter the first date, like 27 3 2025"},
          {"/when/date/date_to", "Enter the last date, like 27 3 2025"}}},
        {"range backwards",
         [](auto& r) {
             r.when.date = hrc::IncidentDate{hrc::DateKind::range, "2025-03-20", "2025-03-19"};
         },
         {{"/when/date/date_to", "The last date must be the same as or after the first date"}}},
        {"date given with don't know",
         [](auto& r) {
             r.when.date = hrc::IncidentDate{hrc::DateKind::dont_know, "2025-03-20", {}};
         },
         {{"/when/date/date", "Remove the date, or choose when it happened"}}},
        {"postcode",
         [](auto& r) { r.where.postcode = "LE1"; },
         {{"/where/postcode", "Enter a postcode like LE1 5FQ, or leave it empty"}}},
        {"postcode blank is not given", [](auto& r) { r.where.postcode = ""; }, {}},
        {"place too long",
         [&](auto& r) { r.where.place_other = short_plus; },
         {{"/where/place_other", "The place must be 500 characters or fewer"}}},
        {"phone",
         [](auto& r) { r.about.phone = "call me"; },
         {{"/about/phone", "Enter a phone number, like 0116 454 1234 or +44 7700 900982"}}},
        {"email",
         [](auto& r) { r.about.email = "a.patel@"; },
         {{"/about/email", "Enter an email address like name@example.com"}}},
        {"anonymous with details",
         [](auto& r) {
             r.about.anonymous = true;
             r.consents.police_may_contact.reset();
             r.consents.support_referral.reset();
         },
         {{"/about/anonymous", "You chose not to give your details: remove your name and contact "
                               "details, or choose to give them"}}},
        {"contact wanted but no way to contact",
         [](auto& r) {
             r.about.phone.reset();
             r.about.email.reset();
             r.about.address.reset();
         },
         {{"/about/phone", "Give a phone number, email address or postal address so we can contact "
                           "you, or choose not to be contacted"}}},
        {"contact refused needs no details",
         [](auto& r) {
             r.about = {};
             r.about.anonymous = true;
             r.consents.police_may_contact = Consent{ConsentDecision::refused, "police-contact/1"};
             r.consents.support_referral = Consent{ConsentDecision::refused, "victim-first/1"};
         },
         {}},
        {"consent wording missing",
         [](auto& r) { r.consents.anonymous_statistics->wording_version = ""; },
         {{"/consents/anonymous_statistics/wording_version",
           "Record the version of the consent wording the person was shown"}}},
        {"interpreter language too long",
         [](auto& r) { r.about.interpreter_language = std::string(101, 'x'); },
         {{"/about/interpreter_language",
           "The interpreter language must be 100 characters or fewer"}}},
    };
    for (const auto& c : cases) {
        SECTION(c.name) {
            hrc::Report r = example_report();
            c.change(r);
            const auto problems = hrc::validate(r, kToday);
            INFO(describe(problems));
            std::vector<std::pair<std::string, std::string>> got;
            for (const hrc::FieldProblem& p : problems) {
                got.emplace_back(p.field, p.message);
                // The translatable form says the same thing (the kiosk shows it in each language).
                CHECK(p.text.english() == p.message);
            }
            CHECK(got == c.expected);
        }
    }
}

TEST_CASE("text limits count characters, not bytes", "[validation]") {
    hrc::Report r = example_report();
    // 500 Gujarati letters are 1,500 bytes of UTF-8 but 500 characters: allowed.
    std::string gujarati;
    for (int i = 0; i < 500; ++i)
        gujarati += "ક";
    r.other_difference = gujarati;
    CHECK(hrc::validate(r, kToday).empty());
    r.other_difference = gujarati + "ક";
    REQUIRE(hrc::validate(r, kToday).size() == 1);
}

TEST_CASE("dates typed by a person", "[validation]") {
    CHECK(hrc::parse_typed_date("27 3 2025") == hrc::CivilDate{2025, 3, 27});
    CHECK(hrc::parse_typed_date("27/03/2025") == hrc::CivilDate{2025, 3, 27});
    CHECK(hrc::parse_typed_date(" 1.12.2024 ") == hrc::CivilDate{2024, 12, 1});
    CHECK(hrc::parse_typed_date("29 2 2024") == hrc::CivilDate{2024, 2, 29});
    CHECK_FALSE(hrc::parse_typed_date("29 2 2025")); // not a leap year
    CHECK_FALSE(hrc::parse_typed_date("31 4 2025")); // April has 30 days
    CHECK_FALSE(hrc::parse_typed_date("27 13 2025"));
    CHECK_FALSE(hrc::parse_typed_date("27 3"));
    CHECK_FALSE(hrc::parse_typed_date("27 3 2025 1"));
    CHECK_FALSE(hrc::parse_typed_date("March 27"));
    CHECK_FALSE(hrc::parse_typed_date(""));
    CHECK(hrc::to_iso({2025, 3, 7}) == "2025-03-07");
    CHECK(hrc::parse_iso_date("2025-03-07") == hrc::CivilDate{2025, 3, 7});
    CHECK_FALSE(hrc::parse_iso_date("2025-3-7"));
    CHECK_FALSE(hrc::parse_iso_date("1899-12-31"));
}

TEST_CASE("dates typed in the digits of the kiosk's scripts", "[validation]") {
    // 27 3 2025 in each script's own digits (issue 14 item 5): every one is the same date.
    const hrc::CivilDate expected{2025, 3, 27};
    for (const char* typed : {
             "૨૭ ૩ ૨૦૨૫", // Gujarati U+0AE6..
             "੨੭/੩/੨੦੨੫", // Gurmukhi U+0A66..
             "২৭.৩.২০২৫", // Bengali U+09E6..
             "௨௭ ௩ ௨௦௨௫", // Tamil U+0BE6..
             "२७-३-२०२५", // Devanagari U+0966..
             "٢٧ ٣ ٢٠٢٥", // Arabic-Indic U+0660..
             "۲۷ ۳ ۲۰۲۵", // Extended Arabic-Indic (Urdu) U+06F0..
             "२७ 3 ૨૦25", // mixed scripts, as a person switching pages may type
         }) {
        INFO(typed);
        CHECK(hrc::parse_typed_date(typed) == expected);
    }
    CHECK(hrc::parse_typed_date("૩૧ ૪ ૨૦૨૫") == std::nullopt); // still checked: April has 30 days
    CHECK_FALSE(hrc::parse_typed_date("௰ ௩ ௨௦௨௫"));            // ௰ is "ten", not a digit

    CHECK(hrc::ascii_digits("૦૧૨૩૪૫૬૭૮૯") == "0123456789");
    CHECK(hrc::ascii_digits("੦੧੨੩੪੫੬੭੮੯") == "0123456789");
    CHECK(hrc::ascii_digits("০১২৩৪৫৬৭৮৯") == "0123456789");
    CHECK(hrc::ascii_digits("௦௧௨௩௪௫௬௭௮௯") == "0123456789");
    CHECK(hrc::ascii_digits("٠١٢٣٤٥٦٧٨٩") == "0123456789");
    CHECK(hrc::ascii_digits("۰۱۲۳۴۵۶۷۸۹") == "0123456789");
    CHECK(hrc::ascii_digits("+44 ૭૭૦૦ ૯૦૦૯૮૨") == "+44 7700 900982");
    CHECK(hrc::ascii_digits("ક 7 ਕ") == "ક 7 ਕ");       // letters kept
    CHECK(hrc::ascii_digits("\xE0\xAB") == "\xE0\xAB"); // malformed bytes kept as they are
}

TEST_CASE("UK postcodes", "[validation]") {
    CHECK(hrc::normalise_postcode("LE1 5FQ") == "LE1 5FQ");
    CHECK(hrc::normalise_postcode("le15fq") == "LE1 5FQ");
    CHECK(hrc::normalise_postcode("LE15 6RB") == "LE15 6RB"); // Oakham, Rutland
    CHECK(hrc::normalise_postcode("W1A 1AA") == "W1A 1AA");
    CHECK(hrc::normalise_postcode("M1 1AE") == "M1 1AE");
    CHECK_FALSE(hrc::normalise_postcode("LE1"));
    CHECK_FALSE(hrc::normalise_postcode("1LE 5FQ"));
    CHECK_FALSE(hrc::normalise_postcode("LE1 5F"));
    CHECK_FALSE(hrc::normalise_postcode("LE1-5FQ"));
    CHECK_FALSE(hrc::normalise_postcode("LEE1 5FQ"));
}
