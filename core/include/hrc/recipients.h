// hrc/recipients.h — who may receive what of a report, decided by the person's consents
// (docs/recipients.md; BRIEF §1 and §3).
//
// Central's hate reporting team reads every report. Everything that leaves central goes to a named
// recipient, and the report's consents decide which reports and which fields each one gets. The
// rule is written ONCE, as the table returned by recipient_fields(): one row per field of the
// report schema, one rule per recipient. Views, CSV columns, the documentation and the tests are
// all read from it; a schema field missing from the table is a test failure, never a silent leak.
//
// Nothing here throws except where said: views are plain JSON built from a decoded Report.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "hrc/report.h"

namespace hrc {

// `team` is the partnership's hate reporting team at central, who read every report in full (that
// is what reporting means); the other three are outside central and get what the table allows.
enum class Recipient { police, victim_first, statistics, team };

// "police", "victim-first", "statistics", "team" and back (nullopt for anything else).
std::string_view to_string(Recipient recipient);
std::optional<Recipient> recipient_from_string(std::string_view name);
const std::vector<Recipient>& all_recipients();

// What a recipient gets of one field.
enum class FieldRule {
    full,              // the value as reported
    if_police_contact, // the value only when consents.police_may_contact is given; else nothing
    month,           // a date reduced to its month: "2025-03-27" -> "2025-03"; a time -> "2025-03"
    postcode_sector, // "le4 5at" -> "LE4 5" (sector); a postcode that does not parse -> nothing
    omitted,         // never
};
std::string_view to_string(FieldRule rule);

struct FieldPolicy {
    std::string_view pointer; // JSON Pointer in the report schema, e.g. "/where/postcode"
    FieldRule police;
    FieldRule victim_first;
    FieldRule statistics;
    FieldRule rule_for(Recipient r) const; // team: always full
};

// Every field of report schema version 1, in schema order; leaves only (an object such as a consent
// is one field). Covered by a test that walks a complete report.
const std::vector<FieldPolicy>& recipient_fields();

// Added by central to every export that includes it (when central stored the report).
inline constexpr std::string_view kReceivedAtPointer = "/received_at";
FieldRule received_at_rule(Recipient recipient);

// The consent that lets a report go to a recipient at all: share_with_police, support_referral,
// anonymous_statistics. A report goes only when that consent is present and `given`. The team has
// no gate (gate_consent is "").
std::string_view gate_consent(Recipient recipient);
bool receives(Recipient recipient, const Report& report);

// The part of `report` that `recipient` may have, keeping the report's JSON structure (absent =
// not given or not allowed), plus "received_at" where the table allows it. nullopt when the
// report does not go to this recipient at all (receives() is false).
std::optional<nlohmann::json> recipient_view(Recipient recipient, const Report& report,
                                             std::int64_t received_at);

// ---- CSV ---------------------------------------------------------------------------------------
// One flat line per report: police (and the team) get a column set made for import into a force's
// system (docs/recipients.md: district name and ONS code, strands as flags, normalised postcode…);
// the others one column per field the table gives them. Cells are built from the VIEW, so a field the
// table withholds is always an empty cell.

const std::vector<std::string>& recipient_csv_columns(Recipient recipient);
// One cell per column, in order, from a recipient_view(). Cells are plain text (not yet escaped).
std::vector<std::string> recipient_csv_cells(Recipient recipient, const nlohmann::json& view);

// A CSV cell that no spreadsheet runs and no terminal obeys: invalid UTF-8 and control characters
// (C0 except line feed, DEL, C1) become U+FFFD, CR LF / CR become LF; a cell starting with = + - @
// (or a tab / CR, which become U+FFFD first) is prefixed with ' (OWASP "CSV injection"); then the
// cell is always quoted, quotes doubled (RFC 4180).
std::string csv_cell(std::string_view text);
// A CRLF-terminated line of csv_cell()s.
std::string csv_line(const std::vector<std::string>& cells);

// JSON text where C1 control characters (U+0080..U+009F, which some terminals obey) are written as
// \u escapes too; still the same JSON value. `json` is dumped with 2-space indent.
std::string inert_json_text(const nlohmann::json& json);

// ---- places --------------------------------------------------------------------------------------

struct DistrictInfo {
    District district;
    std::string_view name;     // "Hinckley and Bosworth"
    std::string_view ons_code; // ONS local authority district code, "E07000132"; "" outside LLR
};
const DistrictInfo& district_info(District district);

// "LE4 5" for "le45at"; nullopt when the text is not a UK postcode.
std::optional<std::string> postcode_sector(std::string_view postcode);

} // namespace hrc
