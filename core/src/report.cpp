// report.cpp — JSON encoding and decoding of hrc::Report (docs/report-schema.md).
//
// [SECTION] Enumeration spellings
// [SECTION] Encoding (to_json)
// [SECTION] Decoding (decode_report): every problem is collected with its JSON Pointer path
// [SECTION] Report ids (UUID v4)

#include "hrc/report.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>
#include <map>
#include <set>
#include <utility>

#include <nlohmann/json.hpp>
#include <sodium.h>

#include "hrc/error.h"

namespace hrc {

//-------------------------------------------------------------------------------------------------
// [SECTION] Enumeration spellings
//-------------------------------------------------------------------------------------------------
// One table per enumeration: the JSON spelling of each value, in declaration order.

template <typename E>
struct Spellings;

#define HRC_SPELLINGS(E, ...)                                                                      \
    template <>                                                                                    \
    struct Spellings<E> {                                                                          \
        static constexpr std::array names = {__VA_ARGS__};                                         \
    };                                                                                             \
    std::string_view to_string(E value) {                                                          \
        const auto i = static_cast<std::size_t>(value);                                            \
        return i < Spellings<E>::names.size() ? std::string_view(Spellings<E>::names[i]) : "?";    \
    }

HRC_SPELLINGS(Mode, "self", "staff_assisted", "paper_transcription")
HRC_SPELLINGS(Role, "victim", "witness", "on_behalf")
HRC_SPELLINGS(Strand, "race", "religion", "sexual_orientation", "disability",
              "transgender_identity", "other")
HRC_SPELLINGS(Classification, "incident", "crime", "not_sure")
HRC_SPELLINGS(WhatHappened, "verbal_abuse", "threats", "physical_assault", "property_damage",
              "graffiti", "online_abuse", "harassment", "theft", "other")
HRC_SPELLINGS(Answer, "yes", "no", "dont_know", "prefer_not_to_say")
HRC_SPELLINGS(DateKind, "exact", "approximate", "range", "dont_know")
HRC_SPELLINGS(TimeOfDay, "morning", "afternoon", "evening", "night", "dont_know")
HRC_SPELLINGS(District, "blaby", "charnwood", "harborough", "hinckley_and_bosworth", "melton",
              "north_west_leicestershire", "oadby_and_wigston", "leicester_city", "rutland",
              "elsewhere", "online", "dont_know")
HRC_SPELLINGS(PlaceType, "home", "street", "public_transport", "shop", "town_centre", "retail_park",
              "school_or_college", "workplace", "place_of_worship", "online", "other", "dont_know")
HRC_SPELLINGS(OffenderCount, "one", "two", "three_or_more", "dont_know")
HRC_SPELLINGS(Evidence, "cctv", "photos", "messages", "other")
HRC_SPELLINGS(ContactMethod, "phone", "text_message", "email", "letter")
HRC_SPELLINGS(AgeBand, "under_18", "18_24", "25_34", "35_44", "45_54", "55_64", "65_plus",
              "prefer_not_to_say")
HRC_SPELLINGS(ConsentDecision, "given", "refused")

#undef HRC_SPELLINGS

namespace {

template <typename E>
std::optional<E> enum_from_string(std::string_view text) {
    const auto& names = Spellings<E>::names;
    for (std::size_t i = 0; i < names.size(); ++i)
        if (text == names[i]) return static_cast<E>(i);
    return std::nullopt;
}

template <typename E>
std::string enum_choices() {
    std::string out;
    for (const char* name : Spellings<E>::names) {
        if (!out.empty()) out += ", ";
        out += '"';
        out += name;
        out += '"';
    }
    return out;
}

//-------------------------------------------------------------------------------------------------
// [SECTION] Encoding (to_json)
//-------------------------------------------------------------------------------------------------
// nlohmann::ordered_json would keep insertion order, but the public type is nlohmann::json whose
// keys are sorted; that is fine for machines, and docs/examples/report.json is written in schema
// order by hand.

void put(nlohmann::json& obj, const char* key, const std::optional<std::string>& value) {
    if (value) obj[key] = *value;
}
template <typename E>
void put(nlohmann::json& obj, const char* key, const std::optional<E>& value) {
    if (value) obj[key] = std::string(to_string(*value));
}
template <typename E>
void put_list(nlohmann::json& obj, const char* key, const std::vector<E>& values) {
    if (values.empty()) return;
    nlohmann::json list = nlohmann::json::array();
    for (E value : values)
        list.push_back(std::string(to_string(value)));
    obj[key] = std::move(list);
}
void put_object(nlohmann::json& obj, const char* key, nlohmann::json child) {
    if (!child.empty()) obj[key] = std::move(child);
}
nlohmann::json consent_json(const Consent& consent) {
    return {{"decision", std::string(to_string(consent.decision))},
            {"wording_version", consent.wording_version}};
}

} // namespace

nlohmann::json to_json(const Report& r) {
    nlohmann::json j = nlohmann::json::object();
    j["schema_version"] = r.schema_version;
    j["report_id"] = r.report_id;
    j["reference"] = r.reference;
    j["centre_id"] = r.centre_id;
    j["kiosk_id"] = r.kiosk_id;
    j["created_at"] = r.created_at;
    j["language"] = r.language;
    j["mode"] = std::string(to_string(r.mode));
    put(j, "staff_id", r.staff_id);
    if (r.easy_read) j["easy_read"] = true;
    put(j, "role", r.role);
    put_list(j, "strands", r.strands);
    put(j, "other_difference", r.other_difference);
    put(j, "classification", r.classification);
    put_list(j, "what_happened", r.what_happened);
    put(j, "what_happened_other", r.what_happened_other);
    put(j, "description", r.description);

    nlohmann::json when = nlohmann::json::object();
    if (r.when.date) {
        nlohmann::json date = {{"kind", std::string(to_string(r.when.date->kind))}};
        put(date, "date", r.when.date->date);
        put(date, "date_to", r.when.date->date_to);
        when["date"] = std::move(date);
    }
    put(when, "time_of_day", r.when.time_of_day);
    put(when, "ongoing", r.when.ongoing);
    put_object(j, "when", std::move(when));

    nlohmann::json where = nlohmann::json::object();
    put(where, "district", r.where.district);
    put(where, "place_type", r.where.place_type);
    put(where, "place_other", r.where.place_other);
    put(where, "address", r.where.address);
    put(where, "postcode", r.where.postcode);
    put_object(j, "where", std::move(where));

    nlohmann::json offenders = nlohmann::json::object();
    put(offenders, "count", r.offenders.count);
    put(offenders, "description", r.offenders.description);
    put(offenders, "known_to_victim", r.offenders.known_to_victim);
    put_object(j, "offenders", std::move(offenders));

    nlohmann::json harm = nlohmann::json::object();
    put(harm, "injured", r.harm.injured);
    put(harm, "injury_details", r.harm.injury_details);
    put(harm, "property_damaged", r.harm.property_damaged);
    put(harm, "damage_details", r.harm.damage_details);
    put(harm, "anything_stolen", r.harm.anything_stolen);
    put(harm, "stolen_details", r.harm.stolen_details);
    put(harm, "witnesses", r.harm.witnesses);
    put(harm, "witness_details", r.harm.witness_details);
    put_list(harm, "evidence", r.harm.evidence);
    put(harm, "evidence_details", r.harm.evidence_details);
    put_object(j, "harm", std::move(harm));

    nlohmann::json about = nlohmann::json::object();
    if (r.about.anonymous) about["anonymous"] = true;
    put(about, "name", r.about.name);
    put(about, "phone", r.about.phone);
    put(about, "email", r.about.email);
    put(about, "address", r.about.address);
    put(about, "safe_contact_times", r.about.safe_contact_times);
    put(about, "safe_contact_method", r.about.safe_contact_method);
    put(about, "age_band", r.about.age_band);
    put(about, "interpreter_needed", r.about.interpreter_needed);
    put(about, "interpreter_language", r.about.interpreter_language);
    put(about, "access_needs", r.about.access_needs);
    put_object(j, "about", std::move(about));

    nlohmann::json consents = nlohmann::json::object();
    if (r.consents.share_with_police)
        consents["share_with_police"] = consent_json(*r.consents.share_with_police);
    if (r.consents.police_may_contact)
        consents["police_may_contact"] = consent_json(*r.consents.police_may_contact);
    if (r.consents.support_referral)
        consents["support_referral"] = consent_json(*r.consents.support_referral);
    if (r.consents.anonymous_statistics)
        consents["anonymous_statistics"] = consent_json(*r.consents.anonymous_statistics);
    put_object(j, "consents", std::move(consents));
    return j;
}

std::string to_json_text(const Report& report, int indent) {
    // error_handler::strict would throw on invalid UTF-8; replace keeps to_json_text non-throwing
    // (decode_report already rejects invalid UTF-8, so this only matters for hand-built reports).
    return to_json(report).dump(indent, ' ', false, nlohmann::json::error_handler_t::replace);
}

//-------------------------------------------------------------------------------------------------
// [SECTION] Decoding (decode_report)
//-------------------------------------------------------------------------------------------------

namespace {

std::string json_type_name(const nlohmann::json& value) {
    switch (value.type()) {
    case nlohmann::json::value_t::null:
        return "null";
    case nlohmann::json::value_t::boolean:
        return "true/false";
    case nlohmann::json::value_t::number_integer:
    case nlohmann::json::value_t::number_unsigned:
    case nlohmann::json::value_t::number_float:
        return "a number";
    case nlohmann::json::value_t::string:
        return "text";
    case nlohmann::json::value_t::array:
        return "a list";
    case nlohmann::json::value_t::object:
        return "an object";
    default:
        return "an unsupported value";
    }
}

// Walks one JSON object, remembering which keys were read so that unknown keys can be reported.
class ObjectReader {
public:
    ObjectReader(const nlohmann::json& obj, std::string path, std::vector<DecodeProblem>& problems)
        : obj_(obj), path_(std::move(path)), problems_(problems) {}

    std::string path_of(const char* key) const { return path_ + "/" + key; }
    void problem(const std::string& path, std::string message) {
        problems_.push_back({path, std::move(message)});
    }

    // Returns the member or nullptr when absent. JSON null counts as absent: "not answered".
    const nlohmann::json* member(const char* key) {
        known_.insert(key);
        auto it = obj_.find(key);
        if (it == obj_.end() || it->is_null()) return nullptr;
        return &*it;
    }

    std::optional<std::string> text(const char* key, bool required = false) {
        const nlohmann::json* v = member(key);
        if (!v) {
            if (required) problem(path_of(key), "is required: expected text");
            return std::nullopt;
        }
        if (!v->is_string()) {
            problem(path_of(key), "expected text, found " + json_type_name(*v));
            return std::nullopt;
        }
        return v->get<std::string>();
    }

    template <typename E>
    std::optional<E> choice(const char* key, bool required = false) {
        const nlohmann::json* v = member(key);
        if (!v) {
            if (required)
                problem(path_of(key), "is required: expected one of " + enum_choices<E>());
            return std::nullopt;
        }
        return choice_value<E>(*v, path_of(key));
    }

    template <typename E>
    std::optional<E> choice_value(const nlohmann::json& v, const std::string& path) {
        if (!v.is_string()) {
            problem(path, "expected one of " + enum_choices<E>() + ", found " + json_type_name(v));
            return std::nullopt;
        }
        auto value = enum_from_string<E>(v.get_ref<const std::string&>());
        if (!value)
            problem(path, "\"" + v.get<std::string>() + "\" is not one of " + enum_choices<E>());
        return value;
    }

    template <typename E>
    std::vector<E> choice_list(const char* key) {
        std::vector<E> out;
        const nlohmann::json* v = member(key);
        if (!v) return out;
        if (!v->is_array()) {
            problem(path_of(key),
                    "expected a list of " + enum_choices<E>() + ", found " + json_type_name(*v));
            return out;
        }
        for (std::size_t i = 0; i < v->size(); ++i) {
            const std::string item_path = path_of(key) + "/" + std::to_string(i);
            if (auto value = choice_value<E>((*v)[i], item_path)) {
                if (std::find(out.begin(), out.end(), *value) != out.end())
                    problem(item_path,
                            "\"" + std::string(to_string(*value)) + "\" is listed twice");
                else
                    out.push_back(*value);
            }
        }
        return out;
    }

    std::optional<bool> boolean(const char* key) {
        const nlohmann::json* v = member(key);
        if (!v) return std::nullopt;
        if (!v->is_boolean()) {
            problem(path_of(key), "expected true or false, found " + json_type_name(*v));
            return std::nullopt;
        }
        return v->get<bool>();
    }

    // Returns a reader for a nested object, or nullopt (with a problem) if the member is not one.
    const nlohmann::json* object(const char* key) {
        const nlohmann::json* v = member(key);
        if (!v) return nullptr;
        if (!v->is_object()) {
            problem(path_of(key), "expected an object, found " + json_type_name(*v));
            return nullptr;
        }
        return v;
    }

    // Call last: every key that no reader asked for is unknown.
    void reject_unknown_keys() {
        for (auto it = obj_.begin(); it != obj_.end(); ++it)
            if (!known_.count(it.key()))
                problem(path_of(it.key().c_str()),
                        "unknown field (check the spelling against docs/report-schema.md)");
    }

    std::vector<DecodeProblem>& problems() { return problems_; }

private:
    const nlohmann::json& obj_;
    std::string path_;
    std::vector<DecodeProblem>& problems_;
    std::set<std::string> known_;
};

std::optional<Consent> read_consent(ObjectReader& parent, const char* key) {
    const nlohmann::json* obj = parent.object(key);
    if (!obj) return std::nullopt;
    ObjectReader r(*obj, parent.path_of(key), parent.problems());
    auto decision = r.choice<ConsentDecision>("decision", true);
    auto wording = r.text("wording_version", true);
    r.reject_unknown_keys();
    if (!decision || !wording) return std::nullopt;
    return Consent{*decision, *wording};
}

} // namespace

DecodeResult decode_report(const nlohmann::json& json) {
    DecodeResult result;
    auto& problems = result.problems;
    if (!json.is_object()) {
        problems.push_back({"", "expected a report object, found " + json_type_name(json)});
        return result;
    }
    Report r;
    ObjectReader top(json, "", problems);

    if (const nlohmann::json* v = top.member("schema_version")) {
        if (!v->is_number_integer())
            top.problem("/schema_version", "expected a whole number, found " + json_type_name(*v));
        else if (v->get<long long>() != kReportSchemaVersion)
            top.problem("/schema_version", "schema version " + std::to_string(v->get<long long>()) +
                                               " is not supported; this build reads version " +
                                               std::to_string(kReportSchemaVersion));
    } else {
        top.problem("/schema_version",
                    "is required: expected " + std::to_string(kReportSchemaVersion));
    }
    r.report_id = top.text("report_id", true).value_or("");
    if (!r.report_id.empty() && !is_uuid(r.report_id))
        top.problem("/report_id", "expected a UUID like 3f2b8c1e-9d4a-4b6f-8e21-7c5d0a9b1f34");
    r.reference = top.text("reference", true).value_or("");
    r.centre_id = top.text("centre_id", true).value_or("");
    r.kiosk_id = top.text("kiosk_id", true).value_or("");
    r.created_at = top.text("created_at", true).value_or("");
    r.language = top.text("language", true).value_or("");
    r.mode = top.choice<Mode>("mode", true).value_or(Mode::self);
    r.staff_id = top.text("staff_id");
    r.easy_read = top.boolean("easy_read").value_or(false);
    r.role = top.choice<Role>("role");
    r.strands = top.choice_list<Strand>("strands");
    r.other_difference = top.text("other_difference");
    r.classification = top.choice<Classification>("classification");
    r.what_happened = top.choice_list<WhatHappened>("what_happened");
    r.what_happened_other = top.text("what_happened_other");
    r.description = top.text("description");

    if (const nlohmann::json* obj = top.object("when")) {
        ObjectReader w(*obj, "/when", problems);
        if (const nlohmann::json* d = w.object("date")) {
            ObjectReader dr(*d, "/when/date", problems);
            IncidentDate date;
            date.kind = dr.choice<DateKind>("kind", true).value_or(DateKind::dont_know);
            date.date = dr.text("date");
            date.date_to = dr.text("date_to");
            dr.reject_unknown_keys();
            r.when.date = date;
        }
        r.when.time_of_day = w.choice<TimeOfDay>("time_of_day");
        r.when.ongoing = w.choice<Answer>("ongoing");
        w.reject_unknown_keys();
    }
    if (const nlohmann::json* obj = top.object("where")) {
        ObjectReader w(*obj, "/where", problems);
        r.where.district = w.choice<District>("district");
        r.where.place_type = w.choice<PlaceType>("place_type");
        r.where.place_other = w.text("place_other");
        r.where.address = w.text("address");
        r.where.postcode = w.text("postcode");
        w.reject_unknown_keys();
    }
    if (const nlohmann::json* obj = top.object("offenders")) {
        ObjectReader o(*obj, "/offenders", problems);
        r.offenders.count = o.choice<OffenderCount>("count");
        r.offenders.description = o.text("description");
        r.offenders.known_to_victim = o.choice<Answer>("known_to_victim");
        o.reject_unknown_keys();
    }
    if (const nlohmann::json* obj = top.object("harm")) {
        ObjectReader h(*obj, "/harm", problems);
        r.harm.injured = h.choice<Answer>("injured");
        r.harm.injury_details = h.text("injury_details");
        r.harm.property_damaged = h.choice<Answer>("property_damaged");
        r.harm.damage_details = h.text("damage_details");
        r.harm.anything_stolen = h.choice<Answer>("anything_stolen");
        r.harm.stolen_details = h.text("stolen_details");
        r.harm.witnesses = h.choice<Answer>("witnesses");
        r.harm.witness_details = h.text("witness_details");
        r.harm.evidence = h.choice_list<Evidence>("evidence");
        r.harm.evidence_details = h.text("evidence_details");
        h.reject_unknown_keys();
    }
    if (const nlohmann::json* obj = top.object("about")) {
        ObjectReader a(*obj, "/about", problems);
        r.about.anonymous = a.boolean("anonymous").value_or(false);
        r.about.name = a.text("name");
        r.about.phone = a.text("phone");
        r.about.email = a.text("email");
        r.about.address = a.text("address");
        r.about.safe_contact_times = a.text("safe_contact_times");
        r.about.safe_contact_method = a.choice<ContactMethod>("safe_contact_method");
        r.about.age_band = a.choice<AgeBand>("age_band");
        r.about.interpreter_needed = a.choice<Answer>("interpreter_needed");
        r.about.interpreter_language = a.text("interpreter_language");
        r.about.access_needs = a.text("access_needs");
        a.reject_unknown_keys();
    }
    if (const nlohmann::json* obj = top.object("consents")) {
        ObjectReader c(*obj, "/consents", problems);
        r.consents.share_with_police = read_consent(c, "share_with_police");
        r.consents.police_may_contact = read_consent(c, "police_may_contact");
        r.consents.support_referral = read_consent(c, "support_referral");
        r.consents.anonymous_statistics = read_consent(c, "anonymous_statistics");
        c.reject_unknown_keys();
    }
    top.reject_unknown_keys();

    if (problems.empty()) result.report = std::move(r);
    return result;
}

DecodeResult decode_report_text(std::string_view json_text) {
    // Parse without exceptions; a parse error gives the byte offset so the person can find it.
    nlohmann::json json = nlohmann::json::parse(json_text.begin(), json_text.end(), nullptr, false);
    if (json.is_discarded()) {
        // Re-run with exceptions only to obtain the position-bearing message.
        std::string detail = "this is not valid JSON";
        try {
            const auto never_used = nlohmann::json::parse(json_text.begin(), json_text.end());
            (void)never_used;
        } catch (const nlohmann::json::parse_error& e) {
            detail += " (at byte " + std::to_string(e.byte) + ")";
        }
        DecodeResult result;
        result.problems.push_back({"", detail + "; check for a missing comma, quote or bracket"});
        return result;
    }
    return decode_report(json);
}

//-------------------------------------------------------------------------------------------------
// [SECTION] Report ids (UUID v4)
//-------------------------------------------------------------------------------------------------

std::string new_report_id() {
    if (sodium_init() < 0) throw Error(Code::crypto, "libsodium could not initialise");
    std::array<unsigned char, 16> b{};
    randombytes_buf(b.data(), b.size());
    b[6] = static_cast<unsigned char>((b[6] & 0x0f) | 0x40); // version 4
    b[8] = static_cast<unsigned char>((b[8] & 0x3f) | 0x80); // RFC 4122 variant
    char out[37];
    std::snprintf(out, sizeof out,
                  "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", b[0],
                  b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13],
                  b[14], b[15]);
    return out;
}

bool is_uuid(std::string_view text) {
    if (text.size() != 36) return false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (i == 8 || i == 13 || i == 18 || i == 23) {
            if (c != '-') return false;
        } else if (!std::isxdigit(static_cast<unsigned char>(c))) {
            return false;
        }
    }
    return true;
}

} // namespace hrc
