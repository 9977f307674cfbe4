// hrc/report.h — the report a person makes at a Hate Reporting Centre (docs/report-schema.md).
//
// Every field except `role` and at least one of `what_happened` / `description` is optional, and
// "I don't know" / "I'd rather not say" are always valid answers: an unanswered question is an empty
// optional (JSON: the key is absent), never a made-up default.
//
// JSON: to_json() always succeeds; decode_report() returns every problem with the JSON path of the
// bad field (e.g. "/where/district") instead of throwing.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace hrc {

inline constexpr int kReportSchemaVersion = 1;

// ---- enumerations (JSON spelling in the comment) ----------------------------------------------

enum class Mode {
    self,
    staff_assisted,
    paper_transcription
};                                              // "self" "staff_assisted" "paper_transcription"
enum class Role { victim, witness, on_behalf }; // "victim" "witness" "on_behalf"
enum class Strand { race, religion, sexual_orientation, disability, transgender_identity, other };
enum class Classification { incident, crime, not_sure };
enum class WhatHappened {
    verbal_abuse,
    threats,
    physical_assault,
    property_damage,
    graffiti,
    online_abuse,
    harassment,
    theft,
    other
};
// A yes/no question where "I don't know" and "I'd rather not say" are answers too.
enum class Answer {
    yes,
    no,
    dont_know,
    prefer_not_to_say
}; // "yes" "no" "dont_know" "prefer_not_to_say"
enum class DateKind { exact, approximate, range, dont_know };
enum class TimeOfDay { morning, afternoon, evening, night, dont_know };
enum class District {
    blaby,
    charnwood,
    harborough,
    hinckley_and_bosworth,
    melton,
    north_west_leicestershire,
    oadby_and_wigston,
    leicester_city,
    rutland,
    elsewhere,
    online,
    dont_know
};
enum class PlaceType {
    home,
    street,
    public_transport,
    shop,
    town_centre,
    retail_park,
    school_or_college,
    workplace,
    place_of_worship,
    online,
    other,
    dont_know
};
enum class OffenderCount { one, two, three_or_more, dont_know };
enum class Evidence { cctv, photos, messages, other };
enum class ContactMethod { phone, text_message, email, letter };
enum class AgeBand {
    under_18,
    age_18_24,
    age_25_34,
    age_35_44,
    age_45_54,
    age_55_64,
    age_65_plus,
    prefer_not_to_say
};
enum class ConsentDecision { given, refused };

// ---- the report ---------------------------------------------------------------------------------

struct IncidentDate {
    DateKind kind = DateKind::dont_know;
    std::optional<std::string> date; // "YYYY-MM-DD": the exact/approximate date, or the range start
    std::optional<std::string> date_to; // "YYYY-MM-DD": range end (kind == range only)

    bool operator==(const IncidentDate&) const = default;
};

struct When {
    std::optional<IncidentDate> date;
    std::optional<TimeOfDay> time_of_day;
    std::optional<Answer> ongoing; // is it still happening / has it happened before?

    bool operator==(const When&) const = default;
};

struct Where {
    std::optional<District> district;
    std::optional<PlaceType> place_type;
    std::optional<std::string> place_other; // when place_type == other
    std::optional<std::string> address;     // free text, any script
    std::optional<std::string> postcode;    // UK postcode, e.g. "LE1 5FQ"

    bool operator==(const Where&) const = default;
};

struct Offenders {
    std::optional<OffenderCount> count;
    std::optional<std::string> description;
    std::optional<Answer> known_to_victim;

    bool operator==(const Offenders&) const = default;
};

struct Harm {
    std::optional<Answer> injured;
    std::optional<std::string> injury_details;
    std::optional<Answer> property_damaged;
    std::optional<std::string> damage_details;
    std::optional<Answer> anything_stolen;
    std::optional<std::string> stolen_details;
    std::optional<Answer> witnesses; // were there other witnesses?
    std::optional<std::string> witness_details;
    std::vector<Evidence> evidence; // held by the person: CCTV seen, photos, messages
    std::optional<std::string> evidence_details;

    bool operator==(const Harm&) const = default;
};

struct AboutPerson {
    bool anonymous = false; // true: no name or contact details are kept
    std::optional<std::string> name;
    std::optional<std::string> phone;
    std::optional<std::string> email;
    std::optional<std::string> address;
    std::optional<std::string> safe_contact_times; // e.g. "weekday mornings"
    std::optional<ContactMethod> safe_contact_method;
    std::optional<AgeBand> age_band;
    std::optional<Answer> interpreter_needed;
    std::optional<std::string> interpreter_language; // BCP 47 tag or the person's own words
    std::optional<std::string> access_needs;

    bool operator==(const AboutPerson&) const = default;
};

// One consent: what the person decided and the version of the wording they were shown.
struct Consent {
    ConsentDecision decision = ConsentDecision::refused;
    std::string wording_version; // e.g. "share-police/1"

    bool operator==(const Consent&) const = default;
};

struct Consents {
    std::optional<Consent> share_with_police;
    std::optional<Consent> police_may_contact;
    std::optional<Consent> support_referral; // refer me to Victim First
    std::optional<Consent> anonymous_statistics;

    bool operator==(const Consents&) const = default;
};

struct Report {
    int schema_version = kReportSchemaVersion;
    // identity
    std::string report_id; // random UUID (version 4), lower-case
    std::string reference; // human reference, "HRC-XXXX-XXXX" (see reference.h)
    std::string centre_id;
    std::string kiosk_id;
    std::string created_at; // UTC, "YYYY-MM-DDTHH:MM:SSZ"
    std::string language;   // interface language, BCP 47 ("en-GB", "pa-Guru", "ur", ...)
    Mode mode = Mode::self;
    std::optional<std::string> staff_id; // staff_assisted / paper_transcription
    // Made on the kiosk's easy-read path (issue 18): fewer questions, simpler words and pictures,
    // so the team reading it knows why most optional answers are absent. Absent in JSON = false.
    bool easy_read = false;
    // the incident
    std::optional<Role> role; // required (validation says so; decoding allows absence)
    std::vector<Strand> strands;
    std::optional<std::string> other_difference; // when strands has `other`
    std::optional<Classification> classification;
    std::vector<WhatHappened> what_happened;
    std::optional<std::string> what_happened_other;
    std::optional<std::string> description; // the person's own words, any script
    When when;
    Where where;
    Offenders offenders;
    Harm harm;
    AboutPerson about;
    Consents consents;

    bool operator==(const Report&) const = default;
};

// ---- JSON ---------------------------------------------------------------------------------------

// A problem found while decoding JSON: `path` is a JSON Pointer ("/where/district", "" = whole
// document); `message` says what was expected.
struct DecodeProblem {
    std::string path;
    std::string message;
};

struct DecodeResult {
    std::optional<Report> report; // set only when problems is empty
    std::vector<DecodeProblem> problems;
};

// Never throws. Unknown keys, wrong types and unknown enumeration values are problems.
DecodeResult decode_report(const nlohmann::json& json);
// Never throws: text that is not JSON gives one problem at path "" naming the byte offset.
DecodeResult decode_report_text(std::string_view json_text);

// Never throws. Absent optionals are omitted; keys are in schema order.
nlohmann::json to_json(const Report& report);
std::string to_json_text(const Report& report, int indent = -1);

// Enumeration spellings, for people-facing summaries and tests. Never throw.
std::string_view to_string(Mode);
std::string_view to_string(Role);
std::string_view to_string(Strand);
std::string_view to_string(Classification);
std::string_view to_string(WhatHappened);
std::string_view to_string(Answer);
std::string_view to_string(DateKind);
std::string_view to_string(TimeOfDay);
std::string_view to_string(District);
std::string_view to_string(PlaceType);
std::string_view to_string(OffenderCount);
std::string_view to_string(Evidence);
std::string_view to_string(ContactMethod);
std::string_view to_string(AgeBand);
std::string_view to_string(ConsentDecision);

// A new random version-4 UUID from libsodium's generator, lower-case with hyphens. Throws
// hrc::Error(Code::crypto) only if libsodium cannot initialise.
std::string new_report_id();
// True for a lower- or upper-case 8-4-4-4-12 hex UUID.
bool is_uuid(std::string_view text);

} // namespace hrc
