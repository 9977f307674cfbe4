// validation.cpp — per-field checks of a report, with messages written for the person.
//
// Required: the role, and what happened or the person's own words (BRIEF §3). Everything else is
// optional; when given it must make sense. Messages tell the person what to do (GOV.UK style).

#include "hrc/validation.h"

#include <cctype>
#include <charconv>
#include <cstdio>

#include "hrc/message.h"
#include "hrc/reference.h"
#include "hrc/staff_pins.h"
#include "hrc/utf8.h"

namespace hrc {

namespace {

bool is_blank(const std::optional<std::string>& text) {
    if (!text) return true;
    for (unsigned char c : *text)
        if (!std::isspace(c)) return false;
    return true;
}

// Number of code points in UTF-8 text (continuation bytes are not counted), so that limits are in
// characters the person sees, whatever the script.
bool is_leap_year(int year) {
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int days_in_month(int year, int month) {
    static constexpr int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month == 2 && is_leap_year(year)) return 29;
    return days[month - 1];
}

std::optional<CivilDate> make_date(int year, int month, int day) {
    if (year < 1900 || year > 9999 || month < 1 || month > 12) return std::nullopt;
    if (day < 1 || day > days_in_month(year, month)) return std::nullopt;
    return CivilDate{year, month, day};
}

bool parse_int(std::string_view text, int& out) {
    if (text.empty()) return false;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
    return ec == std::errc() && end == text.data() + text.size();
}

class Checker {
public:
    explicit Checker(std::vector<FieldProblem>& problems) : problems_(problems) {}

    // `key` is an HRC_TEXT literal (static storage).
    void add(ReportPath path, std::string_view key) { add(path, Message{key, {}}); }
    void add(ReportPath path, Message text) {
        std::string english = text.english();
        problems_.push_back(
            {std::string(json_pointer(path)), std::move(english), std::move(text), path});
    }

    void text_limit(const std::optional<std::string>& text, ReportPath field, const char* what,
                    std::size_t limit) {
        if (text && utf8::count_code_points(*text) > limit)
            add(field, Message{HRC_TEXT("{what} must be {limit} characters or fewer"),
                               {{"what", what, true}, {"limit", with_commas(limit)}}});
    }

    // A date field inside the "when" question.
    std::optional<CivilDate> date(const std::optional<std::string>& text, ReportPath field,
                                  const char* missing_message, CivilDate today) {
        if (is_blank(text)) {
            add(field, missing_message);
            return std::nullopt;
        }
        auto date = parse_iso_date(*text);
        if (!date) {
            add(field, HRC_TEXT("Enter a date like 27 3 2025"));
            return std::nullopt;
        }
        if (*date > today) {
            add(field, HRC_TEXT("The date must be today or in the past"));
            return std::nullopt;
        }
        return date;
    }

private:
    static std::string with_commas(std::size_t n) {
        std::string digits = std::to_string(n);
        for (int i = static_cast<int>(digits.size()) - 3; i > 0; i -= 3)
            digits.insert(static_cast<std::size_t>(i), ",");
        return digits;
    }

    std::vector<FieldProblem>& problems_;
};

bool looks_like_email(std::string_view s) {
    const auto at = s.find('@');
    if (at == std::string_view::npos || at == 0 || s.find('@', at + 1) != std::string_view::npos)
        return false;
    const std::string_view domain = s.substr(at + 1);
    const auto dot = domain.find('.');
    if (dot == std::string_view::npos || dot == 0 || domain.back() == '.') return false;
    if (s.size() > 254) return false;
    for (unsigned char c : s)
        if (std::isspace(c) || c < 0x20) return false;
    return true;
}

bool looks_like_phone(std::string_view s) {
    int digits = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const char c = s[i];
        if (std::isdigit(static_cast<unsigned char>(c)))
            ++digits;
        else if (c == '+' && i == 0)
            continue;
        else if (c != ' ' && c != '-' && c != '(' && c != ')')
            return false;
    }
    return digits >= 10 && digits <= 15;
}

bool looks_like_timestamp(std::string_view s) {
    // "YYYY-MM-DDTHH:MM:SSZ"
    if (s.size() != 20 || s[10] != 'T' || s[13] != ':' || s[16] != ':' || s[19] != 'Z')
        return false;
    if (!parse_iso_date(s.substr(0, 10))) return false;
    int h = 0, m = 0, sec = 0;
    return parse_int(s.substr(11, 2), h) && parse_int(s.substr(14, 2), m) &&
           parse_int(s.substr(17, 2), sec) && h < 24 && m < 60 && sec < 61;
}

bool contact_details_given(const AboutPerson& about) {
    return !is_blank(about.phone) || !is_blank(about.email) || !is_blank(about.address);
}

} // namespace

std::optional<CivilDate> parse_iso_date(std::string_view text) {
    if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
    int y = 0, m = 0, d = 0;
    if (!parse_int(text.substr(0, 4), y) || !parse_int(text.substr(5, 2), m) ||
        !parse_int(text.substr(8, 2), d))
        return std::nullopt;
    return make_date(y, m, d);
}

std::string ascii_digits(std::string_view text) {
    // The zero of each script's digits; its nine others follow it in Unicode.
    static constexpr char32_t kZeros[] = {0x0660, 0x06F0, 0x0966, 0x09E6, 0x0A66, 0x0AE6, 0x0BE6};
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size();) {
        const utf8::Decoded d = utf8::decode(text, i);
        bool digit = false;
        for (char32_t zero : kZeros) {
            if (d.valid && d.code_point >= zero && d.code_point <= zero + 9) {
                out += static_cast<char>('0' + (d.code_point - zero));
                digit = true;
                break;
            }
        }
        if (!digit) out.append(text.substr(i, d.length));
        i += d.length;
    }
    return out;
}

std::optional<CivilDate> parse_typed_date(std::string_view typed) {
    const std::string ascii = ascii_digits(typed);
    const std::string_view text = ascii;
    int parts[3] = {0, 0, 0};
    int count = 0;
    std::size_t i = 0;
    while (i < text.size()) {
        const char c = text[i];
        if (c == ' ' || c == '/' || c == '.' || c == '-') {
            ++i;
            continue;
        }
        std::size_t j = i;
        while (j < text.size() && std::isdigit(static_cast<unsigned char>(text[j])))
            ++j;
        if (j == i || j - i > 4 || count == 3) return std::nullopt;
        if (!parse_int(text.substr(i, j - i), parts[count])) return std::nullopt;
        ++count;
        i = j;
    }
    if (count != 3) return std::nullopt;
    return make_date(parts[2], parts[1], parts[0]);
}

std::string to_iso(CivilDate date) {
    char out[16];
    std::snprintf(out, sizeof out, "%04d-%02d-%02d", date.year, date.month, date.day);
    return out;
}

std::optional<std::string> normalise_postcode(std::string_view text) {
    std::string compact;
    for (unsigned char c : text) {
        if (c == ' ') continue;
        if (!std::isalnum(c)) return std::nullopt;
        compact += static_cast<char>(std::toupper(c));
    }
    // Outward code: A9, A99, AA9, AA99, A9A, AA9A; inward code: 9AA.
    if (compact.size() < 5 || compact.size() > 7) return std::nullopt;
    const std::string inward = compact.substr(compact.size() - 3);
    const std::string outward = compact.substr(0, compact.size() - 3);
    auto alpha = [](char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0; };
    auto digit = [](char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; };
    if (!digit(inward[0]) || !alpha(inward[1]) || !alpha(inward[2])) return std::nullopt;
    std::size_t letters = 0;
    while (letters < outward.size() && alpha(outward[letters]))
        ++letters;
    if (letters < 1 || letters > 2 || letters >= outward.size() || !digit(outward[letters]))
        return std::nullopt;
    const std::string rest = outward.substr(letters + 1);
    if (rest.size() > 1) return std::nullopt;
    return outward + " " + inward;
}

namespace {

// The one table of report paths: validate() reports by it and the kiosk's question table
// (kiosk/model/questions.cpp) routes each message to its field by it.
struct PathEntry {
    ReportPath path;
    std::string_view pointer;
};
constexpr PathEntry kPaths[] = {
    {ReportPath::report_id, "/report_id"},
    {ReportPath::reference, "/reference"},
    {ReportPath::centre_id, "/centre_id"},
    {ReportPath::kiosk_id, "/kiosk_id"},
    {ReportPath::created_at, "/created_at"},
    {ReportPath::language, "/language"},
    {ReportPath::staff_id, "/staff_id"},
    {ReportPath::role, "/role"},
    {ReportPath::other_difference, "/other_difference"},
    {ReportPath::what_happened, "/what_happened"},
    {ReportPath::what_happened_other, "/what_happened_other"},
    {ReportPath::description, "/description"},
    {ReportPath::when_date, "/when/date/date"},
    {ReportPath::when_date_to, "/when/date/date_to"},
    {ReportPath::place_other, "/where/place_other"},
    {ReportPath::address, "/where/address"},
    {ReportPath::postcode, "/where/postcode"},
    {ReportPath::offender_description, "/offenders/description"},
    {ReportPath::injury_details, "/harm/injury_details"},
    {ReportPath::damage_details, "/harm/damage_details"},
    {ReportPath::stolen_details, "/harm/stolen_details"},
    {ReportPath::witness_details, "/harm/witness_details"},
    {ReportPath::evidence_details, "/harm/evidence_details"},
    {ReportPath::anonymous, "/about/anonymous"},
    {ReportPath::name, "/about/name"},
    {ReportPath::phone, "/about/phone"},
    {ReportPath::email, "/about/email"},
    {ReportPath::contact_address, "/about/address"},
    {ReportPath::safe_contact_times, "/about/safe_contact_times"},
    {ReportPath::interpreter_language, "/about/interpreter_language"},
    {ReportPath::access_needs, "/about/access_needs"},
    {ReportPath::share_with_police_wording, "/consents/share_with_police/wording_version"},
    {ReportPath::police_may_contact_wording, "/consents/police_may_contact/wording_version"},
    {ReportPath::support_referral_wording, "/consents/support_referral/wording_version"},
    {ReportPath::anonymous_statistics_wording, "/consents/anonymous_statistics/wording_version"},
};
static_assert(std::size(kPaths) ==
              static_cast<std::size_t>(ReportPath::anonymous_statistics_wording) + 1);

} // namespace

std::string_view json_pointer(ReportPath path) {
    for (const PathEntry& e : kPaths)
        if (e.path == path) return e.pointer;
    return "/";
}

std::optional<ReportPath> report_path(std::string_view pointer) {
    for (const PathEntry& e : kPaths)
        if (e.pointer == pointer) return e.path;
    return std::nullopt;
}

bool is_identity_path(ReportPath path) {
    return path <= ReportPath::staff_id;
}

std::vector<FieldProblem> validate(const Report& r, CivilDate today) {
    std::vector<FieldProblem> problems;
    Checker check(problems);

    // Identity: filled in by the kiosk or hrc-admin, so these messages are for staff and operators.
    if (!is_uuid(r.report_id))
        check.add(ReportPath::report_id,
                  HRC_TEXT("The report needs a UUID like 3f2b8c1e-9d4a-4b6f-8e21-7c5d0a9b1f34: "
                           "leave it to the kiosk to create one"));
    if (!is_canonical_reference(r.reference))
        check.add(ReportPath::reference,
                  HRC_TEXT("The reference must look like HRC-7K3M-Q9TX with a correct last "
                           "character: leave it to the kiosk to create one"));
    if (is_blank(std::optional(r.centre_id)))
        check.add(ReportPath::centre_id, HRC_TEXT("Enter the centre ID (set by hrc-admin init)"));
    if (is_blank(std::optional(r.kiosk_id)))
        check.add(ReportPath::kiosk_id, HRC_TEXT("Enter the kiosk ID (set by hrc-admin init)"));
    if (!looks_like_timestamp(r.created_at))
        check.add(ReportPath::created_at,
                  HRC_TEXT("Enter the time the report was made in UTC, like 2025-03-27T18:05:00Z"));
    if (is_blank(std::optional(r.language)))
        check.add(ReportPath::language,
                  HRC_TEXT("Enter the language the report was made in, like en-GB"));
    if (r.mode != Mode::self && is_blank(r.staff_id))
        check.add(
            ReportPath::staff_id,
            r.mode == Mode::staff_assisted
                ? HRC_TEXT("Enter the staff ID of the member of staff helping")
                : HRC_TEXT("Enter the staff ID of the member of staff typing in the paper form"));
    // The documented format (hrc/staff_pins.h): never control characters or other bytes that a log
    // or a terminal would act on.
    if (!is_blank(r.staff_id) && !is_valid_staff_id(*r.staff_id))
        check.add(ReportPath::staff_id,
                  HRC_TEXT("Enter a staff ID of 1 to 64 letters, digits or hyphens, like S0142"));

    // The questions, in the order they are asked.
    if (!r.role)
        check.add(ReportPath::role, HRC_TEXT("Select whether it happened to you, you saw it, or "
                                             "you are reporting for someone else"));
    check.text_limit(r.other_difference, ReportPath::other_difference,
                     HRC_TEXT("The other difference"), kMaxShortText);
    if (r.what_happened.empty() && is_blank(r.description))
        check.add(ReportPath::what_happened,
                  HRC_TEXT("Select what happened, or tell us in your own words"));
    check.text_limit(r.what_happened_other, ReportPath::what_happened_other,
                     HRC_TEXT("What else happened"), kMaxShortText);
    check.text_limit(r.description, ReportPath::description, HRC_TEXT("Your own words"),
                     kMaxLongText);

    if (r.when.date) {
        const IncidentDate& d = *r.when.date;
        switch (d.kind) {
        case DateKind::exact:
        case DateKind::approximate:
            check.date(d.date, ReportPath::when_date,
                       HRC_TEXT("Enter the date it happened, like 27 3 2025"), today);
            if (d.date_to)
                check.add(
                    ReportPath::when_date_to,
                    HRC_TEXT(
                        "Remove the last date, or choose that it happened over a period of time"));
            break;
        case DateKind::range: {
            auto from = check.date(d.date, ReportPath::when_date,
                                   HRC_TEXT("Enter the first date, like 27 3 2025"), today);
            auto to = check.date(d.date_to, ReportPath::when_date_to,
                                 HRC_TEXT("Enter the last date, like 27 3 2025"), today);
            if (from && to && *to < *from)
                check.add(ReportPath::when_date_to,
                          HRC_TEXT("The last date must be the same as or after the first date"));
            break;
        }
        case DateKind::dont_know:
            if (d.date || d.date_to)
                check.add(ReportPath::when_date,
                          HRC_TEXT("Remove the date, or choose when it happened"));
            break;
        }
    }

    check.text_limit(r.where.place_other, ReportPath::place_other, HRC_TEXT("The place"),
                     kMaxShortText);
    check.text_limit(r.where.address, ReportPath::address, HRC_TEXT("The address"), kMaxShortText);
    if (!is_blank(r.where.postcode) && !normalise_postcode(*r.where.postcode))
        check.add(ReportPath::postcode,
                  HRC_TEXT("Enter a postcode like LE1 5FQ, or leave it empty"));

    check.text_limit(r.offenders.description, ReportPath::offender_description,
                     HRC_TEXT("The description of the people who did it"), kMaxLongText);
    check.text_limit(r.harm.injury_details, ReportPath::injury_details,
                     HRC_TEXT("The injury details"), kMaxLongText);
    check.text_limit(r.harm.damage_details, ReportPath::damage_details,
                     HRC_TEXT("The damage details"), kMaxLongText);
    check.text_limit(r.harm.stolen_details, ReportPath::stolen_details, HRC_TEXT("What was stolen"),
                     kMaxLongText);
    check.text_limit(r.harm.witness_details, ReportPath::witness_details,
                     HRC_TEXT("The witness details"), kMaxLongText);
    check.text_limit(r.harm.evidence_details, ReportPath::evidence_details,
                     HRC_TEXT("The evidence details"), kMaxLongText);

    const AboutPerson& a = r.about;
    if (a.anonymous && (!is_blank(a.name) || contact_details_given(a)))
        check.add(ReportPath::anonymous,
                  HRC_TEXT("You chose not to give your details: remove your name and contact "
                           "details, or choose to give them"));
    check.text_limit(a.name, ReportPath::name, HRC_TEXT("Your name"), kMaxShortText);
    if (!is_blank(a.phone) && !looks_like_phone(*a.phone))
        check.add(ReportPath::phone,
                  HRC_TEXT("Enter a phone number, like 0116 454 1234 or +44 7700 900982"));
    if (!is_blank(a.email) && !looks_like_email(*a.email))
        check.add(ReportPath::email, HRC_TEXT("Enter an email address like name@example.com"));
    check.text_limit(a.address, ReportPath::contact_address, HRC_TEXT("Your address"),
                     kMaxShortText);
    check.text_limit(a.safe_contact_times, ReportPath::safe_contact_times,
                     HRC_TEXT("Safe times to contact you"), kMaxShortText);
    check.text_limit(a.interpreter_language, ReportPath::interpreter_language,
                     HRC_TEXT("The interpreter language"), 100);
    check.text_limit(a.access_needs, ReportPath::access_needs, HRC_TEXT("Your access needs"),
                     kMaxShortText);

    auto wording = [&](const std::optional<Consent>& consent, ReportPath field) {
        if (consent && is_blank(std::optional(consent->wording_version)))
            check.add(field,
                      HRC_TEXT("Record the version of the consent wording the person was shown"));
    };
    wording(r.consents.share_with_police, ReportPath::share_with_police_wording);
    wording(r.consents.police_may_contact, ReportPath::police_may_contact_wording);
    wording(r.consents.support_referral, ReportPath::support_referral_wording);
    wording(r.consents.anonymous_statistics, ReportPath::anonymous_statistics_wording);
    const bool wants_contact =
        (r.consents.police_may_contact &&
         r.consents.police_may_contact->decision == ConsentDecision::given) ||
        (r.consents.support_referral &&
         r.consents.support_referral->decision == ConsentDecision::given);
    if (wants_contact && (a.anonymous || !contact_details_given(a)))
        check.add(ReportPath::phone,
                  HRC_TEXT("Give a phone number, email address or postal address so we can contact "
                           "you, or choose not to be contacted"));
    return problems;
}

} // namespace hrc
