// hrc/validation.h — checks a decoded report and says, per field, what the person should do.
//
// Messages follow the GOV.UK error-message style: they say what to do ("Enter a date like
// 27 3 2025"), never "invalid". Only a few things are required (BRIEF §3): the role, and what
// happened or the person's own words. Everything else is optional, but if it is given it must make
// sense (a real date, not in the future, a range that runs forwards, a reachable e-mail address…).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "hrc/message.h"
#include "hrc/report.h"

namespace hrc {

// Every field validate() can report on. The kiosk's question table names the path of each text
// field and choice by this enum, so a misspelt path is a compile error, not a lost message.
// The first seven are identity fields the kiosk fills in itself (is_identity_path()).
enum class ReportPath {
    report_id,
    reference,
    centre_id,
    kiosk_id,
    created_at,
    language,
    staff_id,
    role,
    other_difference,
    what_happened,
    what_happened_other,
    description,
    when_date,
    when_date_to,
    place_other,
    address,
    postcode,
    offender_description,
    injury_details,
    damage_details,
    stolen_details,
    witness_details,
    evidence_details,
    anonymous,
    name,
    phone,
    email,
    contact_address,
    safe_contact_times,
    interpreter_language,
    access_needs,
    share_with_police_wording,
    police_may_contact_wording,
    support_referral_wording,
    anonymous_statistics_wording
};
std::string_view json_pointer(ReportPath path);                  // "/when/date/date"
std::optional<ReportPath> report_path(std::string_view pointer); // nullopt: not a report path
bool is_identity_path(ReportPath path);

// One problem with one field. `field` is the JSON Pointer of the field in the report
// ("/when/date/date", as central's refusals name it); `path` is the same as an enum.
struct FieldProblem {
    std::string field;
    std::string message; // in English (command-line tools, logs of field names never values)
    Message text;        // the same, as a catalog key + arguments (the kiosk translates it)
    ReportPath path = ReportPath::report_id;

    bool operator==(const FieldProblem&) const = default;
};

// A calendar date.
struct CivilDate {
    int year = 1970;
    int month = 1;
    int day = 1;

    auto operator<=>(const CivilDate&) const = default;
};

// Limits on free text, in bytes of UTF-8 (a generous page of text in any script).
inline constexpr std::size_t kMaxLongText = 20000; // description and other long answers
inline constexpr std::size_t kMaxShortText = 500;  // names, places, short details

// Returns every problem, in the order the questions are asked; empty = the report can be sent.
// `today` is the local date at the kiosk (injected so tests and the kiosk's clock agree).
// Never throws.
std::vector<FieldProblem> validate(const Report& report, CivilDate today);

// Parses "YYYY-MM-DD" and checks that the day exists. Never throws.
std::optional<CivilDate> parse_iso_date(std::string_view text);

// Parses a date as a person types it: day, month, year separated by spaces, '/', '.' or '-'
// ("27 3 2025", "27/03/2025"), in ASCII digits or any script's digits ascii_digits() knows
// ("૨૭ ૩ ૨૦૨૫"). Never throws; std::nullopt when it is not a real date.
std::optional<CivilDate> parse_typed_date(std::string_view text);

// The text with the digits of the kiosk's scripts written as ASCII 0-9: Devanagari ०-९, Bengali
// ০-৯, Gurmukhi ੦-੯, Gujarati ૦-૯, Tamil ௦-௯, Arabic-Indic ٠-٩ and Extended Arabic-Indic ۰-۹
// (Urdu). Everything else is kept as it is, malformed UTF-8 included.
std::string ascii_digits(std::string_view text);

std::string to_iso(CivilDate date);

// UK postcode shape (e.g. "LE1 5FQ", "le15fq"), and a normalised form ("LE1 5FQ").
std::optional<std::string> normalise_postcode(std::string_view text);

} // namespace hrc
