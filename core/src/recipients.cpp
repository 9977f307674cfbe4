// recipients.cpp — see hrc/recipients.h.
//
// [SECTION] The table: which recipient gets which field
// [SECTION] Views
// [SECTION] CSV cells that stay inert
// [SECTION] Column sets
// [SECTION] Places

#include "hrc/recipients.h"

#include <array>

#include "hrc/store.h"
#include "hrc/utf8.h"
#include "hrc/validation.h"

namespace hrc {

//-------------------------------------------------------------------------------------------------
// [SECTION] The table
//-------------------------------------------------------------------------------------------------
// Read down a column to see everything one recipient can ever receive. Police: the incident in
// full, the person's own details only with police_may_contact. Victim First: what a support service
// needs to make contact (reference, language, interpreter and access needs, contact details and the
// safe way and time, strands, what happened as codes, district, dates, age band for safeguarding),
// no free text about the incident. Statistics: codes only, dates as months, postcode as a sector.

namespace {

constexpr FieldRule F = FieldRule::full;
constexpr FieldRule C = FieldRule::if_police_contact;
constexpr FieldRule M = FieldRule::month;
constexpr FieldRule S = FieldRule::postcode_sector;
constexpr FieldRule O = FieldRule::omitted;

} // namespace

const std::vector<FieldPolicy>& recipient_fields() {
    //                                                 police  victim-first  statistics
    static const std::vector<FieldPolicy> table = {
        {"/schema_version", F, F, F},
        {"/report_id", F, O, O},
        {"/reference", F, F, O},
        {"/centre_id", F, O, F},
        {"/kiosk_id", F, O, F},
        {"/created_at", F, F, M},
        {"/language", F, F, F},
        {"/mode", F, O, F},
        {"/staff_id", F, O, O},
        // How the report was made (issue 18): a support service writes back in easy words.
        {"/easy_read", F, F, F},
        {"/role", F, F, F},
        {"/strands", F, F, F},
        {"/other_difference", F, O, O},
        {"/classification", F, O, F},
        {"/what_happened", F, F, F},
        {"/what_happened_other", F, O, O},
        {"/description", F, O, O},
        {"/when/date/kind", F, F, F},
        {"/when/date/date", F, F, M},
        {"/when/date/date_to", F, F, M},
        {"/when/time_of_day", F, O, F},
        {"/when/ongoing", F, O, F},
        {"/where/district", F, F, F},
        {"/where/place_type", F, O, F},
        {"/where/place_other", F, O, O},
        {"/where/address", F, O, O},
        {"/where/postcode", F, O, S},
        {"/offenders/count", F, O, F},
        {"/offenders/description", F, O, O},
        {"/offenders/known_to_victim", F, O, F},
        {"/harm/injured", F, O, F},
        {"/harm/injury_details", F, O, O},
        {"/harm/property_damaged", F, O, F},
        {"/harm/damage_details", F, O, O},
        {"/harm/anything_stolen", F, O, F},
        {"/harm/stolen_details", F, O, O},
        {"/harm/witnesses", F, O, F},
        {"/harm/witness_details", F, O, O},
        {"/harm/evidence", F, O, F},
        {"/harm/evidence_details", F, O, O},
        {"/about/anonymous", F, F, O},
        {"/about/name", C, F, O},
        {"/about/phone", C, F, O},
        {"/about/email", C, F, O},
        {"/about/address", C, F, O},
        {"/about/safe_contact_times", C, F, O},
        {"/about/safe_contact_method", C, F, O},
        {"/about/age_band", F, F, O},
        {"/about/interpreter_needed", C, F, O},
        {"/about/interpreter_language", C, F, O},
        {"/about/access_needs", C, F, O},
        {"/consents/share_with_police", F, O, O},
        {"/consents/police_may_contact", F, O, O},
        {"/consents/support_referral", F, F, O},
        {"/consents/anonymous_statistics", F, O, O},
    };
    return table;
}

FieldRule received_at_rule(Recipient recipient) {
    return recipient == Recipient::statistics ? M : F;
}

FieldRule FieldPolicy::rule_for(Recipient r) const {
    switch (r) {
    case Recipient::police:
        return police;
    case Recipient::victim_first:
        return victim_first;
    case Recipient::statistics:
        return statistics;
    case Recipient::team:
        return FieldRule::full;
    }
    return FieldRule::omitted;
}

std::string_view to_string(Recipient recipient) {
    switch (recipient) {
    case Recipient::police:
        return "police";
    case Recipient::victim_first:
        return "victim-first";
    case Recipient::statistics:
        return "statistics";
    case Recipient::team:
        return "team";
    }
    return "?";
}

std::optional<Recipient> recipient_from_string(std::string_view name) {
    for (Recipient r : all_recipients())
        if (to_string(r) == name) return r;
    return std::nullopt;
}

const std::vector<Recipient>& all_recipients() {
    static const std::vector<Recipient> all = {Recipient::police, Recipient::victim_first,
                                               Recipient::statistics, Recipient::team};
    return all;
}

std::string_view to_string(FieldRule rule) {
    switch (rule) {
    case FieldRule::full:
        return "full";
    case FieldRule::if_police_contact:
        return "if police may contact";
    case FieldRule::month:
        return "month only";
    case FieldRule::postcode_sector:
        return "postcode sector";
    case FieldRule::omitted:
        return "never";
    }
    return "?";
}

std::string_view gate_consent(Recipient recipient) {
    switch (recipient) {
    case Recipient::police:
        return "share_with_police";
    case Recipient::victim_first:
        return "support_referral";
    case Recipient::statistics:
        return "anonymous_statistics";
    case Recipient::team:
        return "";
    }
    return "";
}

namespace {

bool given(const std::optional<Consent>& c) {
    return c && c->decision == ConsentDecision::given;
}

} // namespace

bool receives(Recipient recipient, const Report& report) {
    switch (recipient) {
    case Recipient::police:
        return given(report.consents.share_with_police);
    case Recipient::victim_first:
        return given(report.consents.support_referral);
    case Recipient::statistics:
        return given(report.consents.anonymous_statistics);
    case Recipient::team:
        return true;
    }
    return false;
}

//-------------------------------------------------------------------------------------------------
// [SECTION] Views
//-------------------------------------------------------------------------------------------------

namespace {

// "2025-03-27" or "2025-03-27T18:05:00Z" -> "2025-03"; anything else -> nullopt (never guessed).
std::optional<std::string> month_of(const nlohmann::json& value) {
    if (!value.is_string()) return std::nullopt;
    const std::string& s = value.get_ref<const std::string&>();
    if (s.size() < 7 || s[4] != '-') return std::nullopt;
    for (std::size_t i : {0u, 1u, 2u, 3u, 5u, 6u})
        if (s[i] < '0' || s[i] > '9') return std::nullopt;
    return s.substr(0, 7);
}

// Applies one rule to one value; nullopt = the recipient gets nothing of it.
std::optional<nlohmann::json> apply(FieldRule rule, const nlohmann::json& value,
                                    bool police_may_contact) {
    switch (rule) {
    case FieldRule::full:
        return value;
    case FieldRule::if_police_contact:
        return police_may_contact ? std::optional<nlohmann::json>(value) : std::nullopt;
    case FieldRule::month:
        if (auto m = month_of(value)) return nlohmann::json(*m);
        return std::nullopt;
    case FieldRule::postcode_sector:
        if (value.is_string())
            if (auto s = postcode_sector(value.get_ref<const std::string&>()))
                return nlohmann::json(*s);
        return std::nullopt;
    case FieldRule::omitted:
        return std::nullopt;
    }
    return std::nullopt;
}

} // namespace

std::optional<nlohmann::json> recipient_view(Recipient recipient, const Report& report,
                                             std::int64_t received_at) {
    if (!receives(recipient, report)) return std::nullopt;
    const nlohmann::json full = to_json(report);
    const bool may_contact = given(report.consents.police_may_contact);
    nlohmann::json view = nlohmann::json::object();
    for (const FieldPolicy& f : recipient_fields()) {
        const nlohmann::json::json_pointer pointer{std::string(f.pointer)};
        if (!full.contains(pointer)) continue;
        if (auto value = apply(f.rule_for(recipient), full.at(pointer), may_contact))
            view[pointer] = std::move(*value);
    }
    if (received_at > 0)
        if (auto value = apply(received_at_rule(recipient), nlohmann::json(format_utc(received_at)),
                               may_contact))
            view[nlohmann::json::json_pointer(std::string(kReceivedAtPointer))] = std::move(*value);
    return view;
}

//-------------------------------------------------------------------------------------------------
// [SECTION] CSV cells that stay inert
//-------------------------------------------------------------------------------------------------

namespace {

std::string inert_text(std::string_view text) {
    std::string out;
    out.reserve(text.size() + 8);
    for (std::size_t i = 0; i < text.size();) {
        // Each malformed byte (overlong, surrogate, > U+10FFFF, truncated) becomes one U+FFFD.
        const utf8::Decoded d = utf8::decode(text, i);
        const char32_t cp = d.code_point;
        const std::size_t n = d.length;
        if (!d.valid) {
            out += utf8::kReplacementText;
            ++i;
            continue;
        }
        if (cp == '\r') {
            out += '\n';
            i += (i + 1 < text.size() && text[i + 1] == '\n') ? 2 : 1;
            continue;
        }
        if ((cp < 0x20 && cp != '\n') || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F))
            out += utf8::kReplacementText;
        else
            out.append(text.substr(i, n));
        i += n;
    }
    return out;
}

} // namespace

std::string csv_cell(std::string_view text) {
    std::string clean = inert_text(text);
    // Tab and CR cannot lead any more (they became U+FFFD / LF); LF is not a formula trigger.
    if (!clean.empty() &&
        (clean[0] == '=' || clean[0] == '+' || clean[0] == '-' || clean[0] == '@'))
        clean.insert(0, 1, '\'');
    std::string out;
    out.reserve(clean.size() + 2);
    out += '"';
    for (char c : clean) {
        if (c == '"') out += '"';
        out += c;
    }
    out += '"';
    return out;
}

std::string csv_line(const std::vector<std::string>& cells) {
    std::string line;
    for (std::size_t i = 0; i < cells.size(); ++i) {
        if (i) line += ',';
        line += csv_cell(cells[i]);
    }
    line += "\r\n";
    return line;
}

std::string inert_json_text(const nlohmann::json& json) {
    const std::string text = json.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
    std::string out;
    out.reserve(text.size());
    static constexpr char kHex[] = "0123456789abcdef";
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        const auto next = i + 1 < text.size() ? static_cast<unsigned char>(text[i + 1]) : 0;
        // U+0080..U+009F is C2 80..C2 9F in UTF-8; only inside strings, where \u00XX is the same value.
        if (c == 0xC2 && next >= 0x80 && next <= 0x9F) {
            out += "\\u00";
            out += kHex[next >> 4];
            out += kHex[next & 0xF];
            ++i;
        } else {
            out += static_cast<char>(c);
        }
    }
    return out;
}

//-------------------------------------------------------------------------------------------------
// [SECTION] Column sets
//-------------------------------------------------------------------------------------------------

namespace {

const nlohmann::json* at(const nlohmann::json& view, std::string_view pointer) {
    const nlohmann::json::json_pointer p{std::string(pointer)};
    return view.contains(p) ? &view.at(p) : nullptr;
}

// A cell from any value: text as is, lists ';'-joined, a consent as "given (share-police/1)",
// booleans "yes"/"no", absent "".
std::string cell_of(const nlohmann::json* v) {
    if (!v || v->is_null()) return "";
    if (v->is_string()) return v->get<std::string>();
    if (v->is_boolean()) return v->get<bool>() ? "yes" : "no";
    if (v->is_number_integer()) return std::to_string(v->get<std::int64_t>());
    if (v->is_array()) {
        std::string out;
        for (const auto& e : *v) {
            if (!out.empty()) out += ';';
            out += cell_of(&e);
        }
        return out;
    }
    if (v->is_object() && v->contains("decision"))
        return v->at("decision").get<std::string>() + " (" +
               v->value("wording_version", std::string()) + ")";
    return v->dump();
}

std::string cell(const nlohmann::json& view, std::string_view pointer) {
    return cell_of(at(view, pointer));
}

bool has_strand(const nlohmann::json& view, std::string_view strand) {
    const nlohmann::json* s = at(view, "/strands");
    if (!s || !s->is_array()) return false;
    for (const auto& e : *s)
        if (e.is_string() && e.get_ref<const std::string&>() == strand) return true;
    return false;
}

// One police column: its header and how it is read from the view.
struct PoliceColumn {
    std::string name;
    std::string (*read)(const nlohmann::json& view);
};

#define HRC_FIELD_COLUMN(column, pointer)                                                          \
    {                                                                                              \
        column, [](const nlohmann::json& v) { return cell(v, pointer); }                           \
    }
#define HRC_STRAND_COLUMN(strand)                                                                  \
    {                                                                                              \
        "strand_" strand, [](const nlohmann::json& v) {                                            \
            return std::string(has_strand(v, strand) ? "yes" : "no");                              \
        }                                                                                          \
    }

std::optional<District> district_in(const nlohmann::json& view) {
    const nlohmann::json* d = at(view, "/where/district");
    if (!d || !d->is_string()) return std::nullopt;
    for (const District candidate :
         {District::blaby, District::charnwood, District::harborough,
          District::hinckley_and_bosworth, District::melton, District::north_west_leicestershire,
          District::oadby_and_wigston, District::leicester_city, District::rutland,
          District::elsewhere, District::online, District::dont_know})
        if (to_string(candidate) == d->get_ref<const std::string&>()) return candidate;
    return std::nullopt;
}

const std::vector<PoliceColumn>& police_columns() {
    static const std::vector<PoliceColumn> columns = {
        HRC_FIELD_COLUMN("report_id", "/report_id"),
        HRC_FIELD_COLUMN("reference", "/reference"),
        HRC_FIELD_COLUMN("received_at", "/received_at"),
        HRC_FIELD_COLUMN("created_at", "/created_at"),
        HRC_FIELD_COLUMN("centre_id", "/centre_id"),
        HRC_FIELD_COLUMN("kiosk_id", "/kiosk_id"),
        HRC_FIELD_COLUMN("mode", "/mode"),
        HRC_FIELD_COLUMN("staff_id", "/staff_id"),
        {"easy_read", // absent in the report means the full path: "no", never an empty cell
         [](const nlohmann::json& v) {
             const nlohmann::json* e = at(v, "/easy_read");
             return std::string(e && e->is_boolean() && e->get<bool>() ? "yes" : "no");
         }},
        HRC_FIELD_COLUMN("language", "/language"),
        HRC_FIELD_COLUMN("role", "/role"),
        HRC_FIELD_COLUMN("classification", "/classification"),
        HRC_STRAND_COLUMN("race"),
        HRC_STRAND_COLUMN("religion"),
        HRC_STRAND_COLUMN("sexual_orientation"),
        HRC_STRAND_COLUMN("disability"),
        HRC_STRAND_COLUMN("transgender_identity"),
        HRC_STRAND_COLUMN("other"),
        HRC_FIELD_COLUMN("other_difference", "/other_difference"),
        HRC_FIELD_COLUMN("what_happened", "/what_happened"),
        HRC_FIELD_COLUMN("what_happened_other", "/what_happened_other"),
        HRC_FIELD_COLUMN("description", "/description"),
        HRC_FIELD_COLUMN("date_kind", "/when/date/kind"),
        HRC_FIELD_COLUMN("date_from", "/when/date/date"),
        HRC_FIELD_COLUMN("date_to", "/when/date/date_to"),
        HRC_FIELD_COLUMN("time_of_day", "/when/time_of_day"),
        HRC_FIELD_COLUMN("ongoing", "/when/ongoing"),
        {"district_name",
         [](const nlohmann::json& v) {
             const auto d = district_in(v);
             return d ? std::string(district_info(*d).name) : std::string();
         }},
        {"district_ons_code",
         [](const nlohmann::json& v) {
             const auto d = district_in(v);
             return d ? std::string(district_info(*d).ons_code) : std::string();
         }},
        HRC_FIELD_COLUMN("place_type", "/where/place_type"),
        HRC_FIELD_COLUMN("place_other", "/where/place_other"),
        HRC_FIELD_COLUMN("address", "/where/address"),
        {"postcode",
         [](const nlohmann::json& v) {
             return normalise_postcode(cell(v, "/where/postcode")).value_or("");
         }},
        {"postcode_as_given",
         [](const nlohmann::json& v) {
             // Only when it is not a valid postcode (the column above is then empty), so nothing is lost.
             const std::string given = cell(v, "/where/postcode");
             return normalise_postcode(given) ? std::string() : given;
         }},
        HRC_FIELD_COLUMN("offender_count", "/offenders/count"),
        HRC_FIELD_COLUMN("offender_description", "/offenders/description"),
        HRC_FIELD_COLUMN("offender_known_to_victim", "/offenders/known_to_victim"),
        HRC_FIELD_COLUMN("injured", "/harm/injured"),
        HRC_FIELD_COLUMN("injury_details", "/harm/injury_details"),
        HRC_FIELD_COLUMN("property_damaged", "/harm/property_damaged"),
        HRC_FIELD_COLUMN("damage_details", "/harm/damage_details"),
        HRC_FIELD_COLUMN("anything_stolen", "/harm/anything_stolen"),
        HRC_FIELD_COLUMN("stolen_details", "/harm/stolen_details"),
        HRC_FIELD_COLUMN("witnesses", "/harm/witnesses"),
        HRC_FIELD_COLUMN("witness_details", "/harm/witness_details"),
        HRC_FIELD_COLUMN("evidence", "/harm/evidence"),
        HRC_FIELD_COLUMN("evidence_details", "/harm/evidence_details"),
        HRC_FIELD_COLUMN("anonymous", "/about/anonymous"),
        HRC_FIELD_COLUMN("age_band", "/about/age_band"),
        {"contact_allowed",
         [](const nlohmann::json& v) {
             const nlohmann::json* c = at(v, "/consents/police_may_contact");
             return std::string(
                 c && c->is_object() && c->value("decision", std::string()) == "given" ? "yes"
                                                                                       : "no");
         }},
        HRC_FIELD_COLUMN("name", "/about/name"),
        HRC_FIELD_COLUMN("phone", "/about/phone"),
        HRC_FIELD_COLUMN("email", "/about/email"),
        HRC_FIELD_COLUMN("contact_address", "/about/address"),
        HRC_FIELD_COLUMN("safe_contact_times", "/about/safe_contact_times"),
        HRC_FIELD_COLUMN("safe_contact_method", "/about/safe_contact_method"),
        HRC_FIELD_COLUMN("interpreter_needed", "/about/interpreter_needed"),
        HRC_FIELD_COLUMN("interpreter_language", "/about/interpreter_language"),
        HRC_FIELD_COLUMN("access_needs", "/about/access_needs"),
        HRC_FIELD_COLUMN("consent_share_with_police", "/consents/share_with_police"),
        HRC_FIELD_COLUMN("consent_police_may_contact", "/consents/police_may_contact"),
        HRC_FIELD_COLUMN("consent_support_referral", "/consents/support_referral"),
        HRC_FIELD_COLUMN("consent_anonymous_statistics", "/consents/anonymous_statistics"),
    };
    return columns;
}

#undef HRC_FIELD_COLUMN
#undef HRC_STRAND_COLUMN

// Victim First and statistics: one column per field the table gives them, named after its pointer
// ("/where/district" -> "where.district"), with received_at first.
std::vector<std::string> generic_pointers(Recipient recipient) {
    std::vector<std::string> pointers;
    if (received_at_rule(recipient) != FieldRule::omitted)
        pointers.emplace_back(kReceivedAtPointer);
    for (const FieldPolicy& f : recipient_fields())
        if (f.rule_for(recipient) != FieldRule::omitted) pointers.emplace_back(f.pointer);
    return pointers;
}

std::string column_name(const std::string& pointer) {
    std::string name = pointer.substr(1);
    for (char& c : name)
        if (c == '/') c = '.';
    return name;
}

} // namespace

const std::vector<std::string>& recipient_csv_columns(Recipient recipient) {
    static const std::array<std::vector<std::string>, 4> sets = [] {
        std::array<std::vector<std::string>, 4> out;
        for (const PoliceColumn& c : police_columns())
            out[0].push_back(c.name);
        out[3] = out[0];
        for (const auto& p : generic_pointers(Recipient::victim_first))
            out[1].push_back(column_name(p));
        for (const auto& p : generic_pointers(Recipient::statistics))
            out[2].push_back(column_name(p));
        return out;
    }();
    return sets[static_cast<std::size_t>(recipient)];
}

std::vector<std::string> recipient_csv_cells(Recipient recipient, const nlohmann::json& view) {
    std::vector<std::string> cells;
    if (recipient == Recipient::police || recipient == Recipient::team) {
        for (const PoliceColumn& c : police_columns())
            cells.push_back(c.read(view));
        return cells;
    }
    for (const auto& p : generic_pointers(recipient))
        cells.push_back(cell(view, p));
    return cells;
}

//-------------------------------------------------------------------------------------------------
// [SECTION] Places
//-------------------------------------------------------------------------------------------------

const DistrictInfo& district_info(District district) {
    // ONS local authority district codes (2021 boundaries, unchanged for LLR since 2009).
    static const std::array<DistrictInfo, 12> table = {{
        {District::blaby, "Blaby", "E07000129"},
        {District::charnwood, "Charnwood", "E07000130"},
        {District::harborough, "Harborough", "E07000131"},
        {District::hinckley_and_bosworth, "Hinckley and Bosworth", "E07000132"},
        {District::melton, "Melton", "E07000133"},
        {District::north_west_leicestershire, "North West Leicestershire", "E07000134"},
        {District::oadby_and_wigston, "Oadby and Wigston", "E07000135"},
        {District::leicester_city, "Leicester", "E06000016"},
        {District::rutland, "Rutland", "E06000017"},
        {District::elsewhere, "Elsewhere (outside LLR)", ""},
        {District::online, "Online", ""},
        {District::dont_know, "Not known", ""},
    }};
    for (const auto& d : table)
        if (d.district == district) return d;
    return table.back();
}

std::optional<std::string> postcode_sector(std::string_view postcode) {
    const auto normal = normalise_postcode(postcode);
    if (!normal) return std::nullopt;
    // "LE4 5AT": the outward code, the space and the first character of the inward code.
    return normal->substr(0, normal->find(' ') + 2);
}

} // namespace hrc
