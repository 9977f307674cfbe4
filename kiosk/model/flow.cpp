// flow.cpp — the reporting flow's transition function (see flow.h for the state machine).
//
// [SECTIONS]
//   1. ids                      screen_id(), field_id()
//   2. wiping                   zeroing every buffer of the person before a fresh State
//   3. the path                 which screens the answers lead through; next screen; go_to()
//   4. choices                  Choose / Toggle into State::editing; is_chosen()
//   5. text fields              fields_on(); typed text applied to a candidate report
//   6. checking a screen        validate() on the candidate, problems kept for this screen's fields
//   7. Continue, Back, Change   answering a question; check answers; send; finish
//   8. staff                    sign in, menu, status
//   9. idle                     Tick / Touch / still there
//  10. reduce()                 the dispatch
//  11. progress, optional       "Question n of m", "(optional)", fresh_state()

#include "flow.h"

#include <algorithm>
#include <cctype>
#include <type_traits>

#include <sodium.h>

#include "content.h"
#include "graphemes.h"
#include "hrc/submit.h"

namespace hrc::kiosk {

// ================================================================================================
// 1. ids
// ================================================================================================

std::string_view screen_id(Screen s) {
    switch (s) {
    case Screen::language: return "language";
    case Screen::danger: return "danger";
    case Screen::role: return "role";
    case Screen::strands: return "strands";
    case Screen::classification: return "classification";
    case Screen::what_happened: return "what_happened";
    case Screen::own_words: return "own_words";
    case Screen::when_date: return "when_date";
    case Screen::when_time: return "when_time";
    case Screen::where_district: return "where_district";
    case Screen::where_place: return "where_place";
    case Screen::where_address: return "where_address";
    case Screen::offenders: return "offenders";
    case Screen::offender_description: return "offender_description";
    case Screen::injured: return "injured";
    case Screen::damage: return "damage";
    case Screen::witnesses: return "witnesses";
    case Screen::evidence: return "evidence";
    case Screen::anonymous: return "anonymous";
    case Screen::contact: return "contact";
    case Screen::about_you: return "about_you";
    case Screen::consent_police: return "consent_police";
    case Screen::consent_contact: return "consent_contact";
    case Screen::consent_support: return "consent_support";
    case Screen::consent_statistics: return "consent_statistics";
    case Screen::check_answers: return "check_answers";
    case Screen::sending: return "sending";
    case Screen::confirmation: return "confirmation";
    case Screen::neutral: return "neutral";
    case Screen::staff_id: return "staff_id";
    case Screen::staff_pin: return "staff_pin";
    case Screen::staff_menu: return "staff_menu";
    case Screen::staff_status: return "staff_status";
    }
    return "unknown";
}

std::string_view field_id(Field f) {
    switch (f) {
    case Field::other_difference: return "other_difference";
    case Field::what_happened_other: return "what_happened_other";
    case Field::description: return "description";
    case Field::date_from: return "date_from";
    case Field::date_to: return "date_to";
    case Field::place_other: return "place_other";
    case Field::address: return "address";
    case Field::postcode: return "postcode";
    case Field::offender_description: return "offender_description";
    case Field::injury_details: return "injury_details";
    case Field::damage_details: return "damage_details";
    case Field::stolen_details: return "stolen_details";
    case Field::witness_details: return "witness_details";
    case Field::evidence_details: return "evidence_details";
    case Field::name: return "name";
    case Field::phone: return "phone";
    case Field::email: return "email";
    case Field::contact_address: return "contact_address";
    case Field::safe_contact_times: return "safe_contact_times";
    case Field::interpreter_language: return "interpreter_language";
    case Field::access_needs: return "access_needs";
    case Field::staff_id: return "staff_id";
    case Field::staff_pin: return "staff_pin";
    }
    return "unknown";
}

namespace {

// Far above every limit validate() applies (20,000 characters): only stops a stuck key from
// growing memory without end; validate() gives the message people see.
constexpr std::size_t kMaxTypedBytes = 200000;
constexpr int kMaxPinAttempts = 5;

// ================================================================================================
// 2. wiping
// ================================================================================================

void wipe_string(std::string& s) {
    s.resize(s.capacity());
    sodium_memzero(s.data(), s.size());
    s.clear();
}

void wipe_field(State& s, Field f) {
    if (auto it = s.text.find(f); it != s.text.end()) {
        wipe_string(it->second);
        s.text.erase(it);
    }
    s.caret.erase(f);
}

// Zeroes everything a person typed or chose in `s` (F1). `s` is the old state about to be dropped.
void wipe_person(State& s) {
    hrc::wipe(s.draft);
    hrc::wipe(s.editing);
    for (auto& entry : s.text) wipe_string(entry.second);
    s.text.clear();
    wipe_string(s.reference);
    for (MessageArg& a : s.store_error.args) wipe_string(a.value);
    s.store_error = {};
}

// A fresh State at `to` (F2), with WipeMemory for the shell. `keep_staff`: a staff member running
// an assisted report or a paper form stays signed in for the next one.
Step wiped(State old, Screen to, bool keep_staff) {
    State next = fresh_state(old);
    if (keep_staff && old.staff) next.staff = StaffSession{old.staff->staff_id, Mode::self};
    wipe_person(old);
    if (old.staff) wipe_string(old.staff->staff_id);
    next.screen = to;
    return {std::move(next), {WipeMemory{}}};
}

// ================================================================================================
// 3. the path
// ================================================================================================

constexpr Screen kQuestions[] = {
    Screen::role, Screen::strands, Screen::classification, Screen::what_happened, Screen::own_words,
    Screen::when_date, Screen::when_time, Screen::where_district, Screen::where_place,
    Screen::where_address, Screen::offenders, Screen::offender_description, Screen::injured,
    Screen::damage, Screen::witnesses, Screen::evidence, Screen::anonymous, Screen::contact,
    Screen::about_you, Screen::consent_police, Screen::consent_contact, Screen::consent_support,
    Screen::consent_statistics,
};

// Whether the answers in `r` make the question relevant (the brackets in flow.h's state machine).
bool relevant(Screen s, const Report& r) {
    switch (s) {
    case Screen::injured: return r.role != Role::witness;   // a witness is not asked about their injuries
    case Screen::contact:
    case Screen::consent_contact:
    case Screen::consent_support: return !r.about.anonymous;   // these need contact details
    default: return true;
    }
}

std::vector<Screen> path_for(const Report& r) {
    std::vector<Screen> path;
    for (Screen s : kQuestions)
        if (relevant(s, r)) path.push_back(s);
    return path;
}

bool contains(const std::vector<Screen>& v, Screen s) { return std::find(v.begin(), v.end(), s) != v.end(); }

// The next question after `current` on the path of `r`; check answers after the last one.
Screen next_question(Screen current, const Report& r) {
    const std::vector<Screen> path = path_for(r);
    auto it = std::find(path.begin(), path.end(), current);
    if (it == path.end() || ++it == path.end()) return Screen::check_answers;
    return *it;
}

bool has_choices(Screen s) {
    switch (s) {
    case Screen::own_words:
    case Screen::where_address:
    case Screen::offender_description:
    case Screen::staff_id:
    case Screen::staff_pin: return false;
    default: return true;
    }
}

// Opens `to`: the screen's unsaved choices start from the draft, errors go, and a screen of text
// fields only puts the keyboard into its first field.
void go_to(State& s, Screen to, bool push) {
    if (push) s.history.push_back(s.screen);
    s.screen = to;
    hrc::wipe(s.editing);
    s.editing = s.draft;
    s.editing_anonymous_answer = s.anonymous_answer;
    s.field_errors.clear();
    s.error_summary.clear();
    s.question_error = {};
    s.focus.reset();
    if (!has_choices(to)) {
        const std::vector<Field> fields = fields_on(s);
        if (!fields.empty()) s.focus = fields.front();
    }
}

// ================================================================================================
// 4. choices
// ================================================================================================

template <typename E>
std::optional<E> as_enum(int value, E last) {
    if (value < 0 || value > static_cast<int>(last)) return std::nullopt;
    return static_cast<E>(value);
}

template <typename E>
bool has(const std::vector<E>& v, E e) { return std::find(v.begin(), v.end(), e) != v.end(); }

// Adds or removes `e`, keeping the list in the enum's order (none twice, a stable report).
template <typename E>
void toggle(std::vector<E>& v, E e) {
    if (auto it = std::find(v.begin(), v.end(), e); it != v.end()) v.erase(it);
    else {
        v.push_back(e);
        std::sort(v.begin(), v.end());
    }
}

template <typename E>
bool is(const std::optional<E>& answer, int value) { return answer && static_cast<int>(*answer) == value; }

bool is_consent(const std::optional<Consent>& c, int value) {
    return c && static_cast<int>(c->decision) == value;
}

// A single choice on the current screen (radios). Values: content.h.
void choose(State& s, int value) {
    Report& r = s.editing;
    const bool second = value >= kSecondQuestion;
    const int v = second ? value - kSecondQuestion : value;
    auto set = [](auto& target, auto parsed) {
        if (parsed) target = *parsed;
    };
    auto consent = [&](std::optional<Consent>& target, std::string_view version) {
        if (auto d = as_enum(value, ConsentDecision::refused)) target = Consent{*d, std::string(version)};
    };
    switch (s.screen) {
    case Screen::role: set(r.role, as_enum(value, Role::on_behalf)); break;
    case Screen::classification: set(r.classification, as_enum(value, Classification::not_sure)); break;
    case Screen::when_date:
        if (auto kind = as_enum(value, DateKind::dont_know)) {
            IncidentDate d = r.when.date.value_or(IncidentDate{});
            d.kind = *kind;   // the typed dates are applied on Continue, as this kind needs them
            r.when.date = d;
        }
        break;
    case Screen::when_time:
        if (second) set(r.when.ongoing, as_enum(v, Answer::prefer_not_to_say));
        else set(r.when.time_of_day, as_enum(v, TimeOfDay::dont_know));
        break;
    case Screen::where_district: set(r.where.district, as_enum(value, District::dont_know)); break;
    case Screen::where_place: set(r.where.place_type, as_enum(value, PlaceType::dont_know)); break;
    case Screen::offenders:
        if (second) set(r.offenders.known_to_victim, as_enum(v, Answer::prefer_not_to_say));
        else set(r.offenders.count, as_enum(v, OffenderCount::dont_know));
        break;
    case Screen::injured: set(r.harm.injured, as_enum(value, Answer::prefer_not_to_say)); break;
    case Screen::damage:
        if (second) set(r.harm.anything_stolen, as_enum(v, Answer::prefer_not_to_say));
        else set(r.harm.property_damaged, as_enum(v, Answer::prefer_not_to_say));
        break;
    case Screen::witnesses: set(r.harm.witnesses, as_enum(value, Answer::prefer_not_to_say)); break;
    case Screen::anonymous:
        if (value == 0 || value == 1) {
            s.editing_anonymous_answer = value == 1;
            r.about.anonymous = value == 1;
        }
        break;
    case Screen::contact: set(r.about.safe_contact_method, as_enum(value, ContactMethod::letter)); break;
    case Screen::about_you:
        if (second) set(r.about.interpreter_needed, as_enum(v, Answer::prefer_not_to_say));
        else set(r.about.age_band, as_enum(v, AgeBand::prefer_not_to_say));
        break;
    case Screen::consent_police: consent(r.consents.share_with_police, kConsentSharePoliceVersion); break;
    case Screen::consent_contact: consent(r.consents.police_may_contact, kConsentPoliceContactVersion); break;
    case Screen::consent_support: consent(r.consents.support_referral, kConsentSupportVersion); break;
    case Screen::consent_statistics: consent(r.consents.anonymous_statistics, kConsentStatisticsVersion); break;
    default: break;
    }
}

// A multiple choice on the current screen (checkboxes).
void toggle_choice(State& s, int value) {
    Report& r = s.editing;
    switch (s.screen) {
    case Screen::strands:
        if (auto e = as_enum(value, Strand::other)) toggle(r.strands, *e);
        break;
    case Screen::what_happened:
        if (auto e = as_enum(value, WhatHappened::other)) toggle(r.what_happened, *e);
        break;
    case Screen::evidence:
        if (auto e = as_enum(value, Evidence::other)) toggle(r.harm.evidence, *e);
        break;
    default: break;
    }
}

} // namespace

bool is_chosen(const State& s, int value) {
    const Report& r = s.editing;
    const bool second = value >= kSecondQuestion;
    const int v = second ? value - kSecondQuestion : value;
    switch (s.screen) {
    case Screen::language: {
        const auto options = languages();
        return value >= 0 && static_cast<std::size_t>(value) < options.size() &&
               options[static_cast<std::size_t>(value)].code == s.session_language;
    }
    case Screen::role: return is(r.role, value);
    case Screen::strands: return value >= 0 && has(r.strands, static_cast<Strand>(value));
    case Screen::classification: return is(r.classification, value);
    case Screen::what_happened: return value >= 0 && has(r.what_happened, static_cast<WhatHappened>(value));
    case Screen::when_date: return r.when.date && static_cast<int>(r.when.date->kind) == value;
    case Screen::when_time: return second ? is(r.when.ongoing, v) : is(r.when.time_of_day, v);
    case Screen::where_district: return is(r.where.district, value);
    case Screen::where_place: return is(r.where.place_type, value);
    case Screen::offenders: return second ? is(r.offenders.known_to_victim, v) : is(r.offenders.count, v);
    case Screen::injured: return is(r.harm.injured, value);
    case Screen::damage: return second ? is(r.harm.anything_stolen, v) : is(r.harm.property_damaged, v);
    case Screen::witnesses: return is(r.harm.witnesses, value);
    case Screen::evidence: return value >= 0 && has(r.harm.evidence, static_cast<Evidence>(value));
    case Screen::anonymous:
        return s.editing_anonymous_answer && value == (*s.editing_anonymous_answer ? 1 : 0);
    case Screen::contact: return is(r.about.safe_contact_method, value);
    case Screen::about_you: return second ? is(r.about.interpreter_needed, v) : is(r.about.age_band, v);
    case Screen::consent_police: return is_consent(r.consents.share_with_police, value);
    case Screen::consent_contact: return is_consent(r.consents.police_may_contact, value);
    case Screen::consent_support: return is_consent(r.consents.support_referral, value);
    case Screen::consent_statistics: return is_consent(r.consents.anonymous_statistics, value);
    default: return false;
    }
}

// ================================================================================================
// 5. text fields
// ================================================================================================

std::vector<Field> fields_on(const State& s) {
    const Report& r = s.editing;
    const auto yes = [](const std::optional<Answer>& a) { return a == Answer::yes; };
    switch (s.screen) {
    case Screen::strands:
        if (has(r.strands, Strand::other)) return {Field::other_difference};
        return {};
    case Screen::what_happened:
        if (has(r.what_happened, WhatHappened::other)) return {Field::what_happened_other};
        return {};
    case Screen::own_words: return {Field::description};
    case Screen::when_date:
        if (!r.when.date) return {};
        switch (r.when.date->kind) {
        case DateKind::exact:
        case DateKind::approximate: return {Field::date_from};
        case DateKind::range: return {Field::date_from, Field::date_to};
        case DateKind::dont_know: return {};
        }
        return {};
    case Screen::where_place:
        if (r.where.place_type == PlaceType::other) return {Field::place_other};
        return {};
    case Screen::where_address: return {Field::address, Field::postcode};
    case Screen::offender_description: return {Field::offender_description};
    case Screen::injured:
        if (yes(r.harm.injured)) return {Field::injury_details};
        return {};
    case Screen::damage: {
        std::vector<Field> fields;
        if (yes(r.harm.property_damaged)) fields.push_back(Field::damage_details);
        if (yes(r.harm.anything_stolen)) fields.push_back(Field::stolen_details);
        return fields;
    }
    case Screen::witnesses:
        if (yes(r.harm.witnesses)) return {Field::witness_details};
        return {};
    case Screen::evidence: return {Field::evidence_details};
    case Screen::contact:
        return {Field::name, Field::phone, Field::email, Field::contact_address, Field::safe_contact_times};
    case Screen::about_you:
        if (yes(r.about.interpreter_needed)) return {Field::interpreter_language, Field::access_needs};
        return {Field::access_needs};
    case Screen::staff_id: return {Field::staff_id};
    case Screen::staff_pin: return {Field::staff_pin};
    default: return {};
    }
}

namespace {

bool is_blank(std::string_view t) {
    return std::all_of(t.begin(), t.end(), [](unsigned char c) { return std::isspace(c) != 0; });
}

std::string_view trimmed(std::string_view t) {
    while (!t.empty() && std::isspace(static_cast<unsigned char>(t.front()))) t.remove_prefix(1);
    while (!t.empty() && std::isspace(static_cast<unsigned char>(t.back()))) t.remove_suffix(1);
    return t;
}

// What was typed into `f`, trimmed; nullopt when empty or not shown on this screen (a field hidden
// again by a change of choice keeps its text in State::text, but the answer is not given).
std::optional<std::string> typed(const State& s, const std::vector<Field>& shown, Field f) {
    if (std::find(shown.begin(), shown.end(), f) == shown.end()) return std::nullopt;
    const auto it = s.text.find(f);
    if (it == s.text.end() || is_blank(it->second)) return std::nullopt;
    return std::string(trimmed(it->second));
}

// A typed date as "YYYY-MM-DD"; text that is not a date is passed on unchanged so that validate()
// gives its message ("Enter a date like 27 3 2025"). ISO dates typed by staff are accepted too.
std::optional<std::string> as_iso_date(std::optional<std::string> text) {
    if (!text) return text;
    if (auto d = parse_typed_date(*text)) return to_iso(*d);
    if (auto d = parse_iso_date(*text)) return to_iso(*d);
    return text;
}

// The screen's typed text applied to a copy of its choices: the report Continue would make.
Report candidate_for(const State& s) {
    Report r = s.editing;
    const std::vector<Field> shown = fields_on(s);
    auto t = [&](Field f) { return typed(s, shown, f); };
    switch (s.screen) {
    case Screen::strands: r.other_difference = t(Field::other_difference); break;
    case Screen::what_happened: r.what_happened_other = t(Field::what_happened_other); break;
    case Screen::own_words: r.description = t(Field::description); break;
    case Screen::when_date:
        if (r.when.date) {
            r.when.date->date = as_iso_date(t(Field::date_from));
            r.when.date->date_to = as_iso_date(t(Field::date_to));
        }
        break;
    case Screen::where_place: r.where.place_other = t(Field::place_other); break;
    case Screen::where_address:
        r.where.address = t(Field::address);
        r.where.postcode = t(Field::postcode);
        if (r.where.postcode)
            if (auto normal = normalise_postcode(*r.where.postcode)) r.where.postcode = normal;
        break;
    case Screen::offender_description: r.offenders.description = t(Field::offender_description); break;
    case Screen::injured: r.harm.injury_details = t(Field::injury_details); break;
    case Screen::damage:
        r.harm.damage_details = t(Field::damage_details);
        r.harm.stolen_details = t(Field::stolen_details);
        break;
    case Screen::witnesses: r.harm.witness_details = t(Field::witness_details); break;
    case Screen::evidence: r.harm.evidence_details = t(Field::evidence_details); break;
    case Screen::contact:
        r.about.name = t(Field::name);
        r.about.phone = t(Field::phone);
        r.about.email = t(Field::email);
        r.about.address = t(Field::contact_address);
        r.about.safe_contact_times = t(Field::safe_contact_times);
        break;
    case Screen::about_you:
        r.about.interpreter_language = t(Field::interpreter_language);
        r.about.access_needs = t(Field::access_needs);
        break;
    default: break;
    }
    return r;
}

// ================================================================================================
// 6. checking a screen
// ================================================================================================

// Which of validate()'s JSON paths belong to a screen, and where the message goes (a text field,
// or nullopt = beside the screen's choices).
struct Target {
    std::string_view path;
    std::optional<Field> field;
};

std::vector<Target> targets(Screen s) {
    switch (s) {
    case Screen::role: return {{"/role", std::nullopt}};
    case Screen::strands: return {{"/other_difference", Field::other_difference}};
    case Screen::what_happened: return {{"/what_happened_other", Field::what_happened_other}};
    case Screen::own_words: return {{"/what_happened", Field::description}, {"/description", Field::description}};
    case Screen::when_date: return {{"/when/date/date", Field::date_from}, {"/when/date/date_to", Field::date_to}};
    case Screen::where_place: return {{"/where/place_other", Field::place_other}};
    case Screen::where_address: return {{"/where/address", Field::address}, {"/where/postcode", Field::postcode}};
    case Screen::offender_description: return {{"/offenders/description", Field::offender_description}};
    case Screen::injured: return {{"/harm/injury_details", Field::injury_details}};
    case Screen::damage:
        return {{"/harm/damage_details", Field::damage_details}, {"/harm/stolen_details", Field::stolen_details}};
    case Screen::witnesses: return {{"/harm/witness_details", Field::witness_details}};
    case Screen::evidence: return {{"/harm/evidence_details", Field::evidence_details}};
    case Screen::contact:
        return {{"/about/name", Field::name},
                {"/about/phone", Field::phone},
                {"/about/email", Field::email},
                {"/about/address", Field::contact_address},
                {"/about/safe_contact_times", Field::safe_contact_times}};
    case Screen::about_you:
        return {{"/about/interpreter_language", Field::interpreter_language}, {"/about/access_needs", Field::access_needs}};
    // Saying yes to being contacted with no way to contact the person.
    case Screen::consent_contact:
    case Screen::consent_support: return {{"/about/phone", std::nullopt}};
    default: return {};
    }
}

// Puts `problems` on the screen: one message per field (the first), in validate()'s order, which
// is the order of the fields on the screen. Returns whether there were any.
struct Problem {
    std::optional<Field> field;
    Message message;
};

bool show_problems(State& s, const std::vector<Problem>& problems) {
    s.field_errors.clear();
    s.error_summary.clear();
    s.question_error = {};
    for (const Problem& p : problems) {
        if (p.field) {
            if (s.field_errors.contains(*p.field)) continue;
            s.field_errors[*p.field] = p.message;
        } else {
            if (!s.question_error.empty()) continue;
            s.question_error = p.message;
        }
        s.error_summary.push_back(p.message);
    }
    return !problems.empty();
}

std::vector<Problem> problems_on_screen(const State& s, const Report& candidate) {
    std::vector<Problem> out;
    const std::vector<Target> mine = targets(s.screen);
    if (mine.empty()) return out;
    const CivilDate today = s.today.value_or(CivilDate{9999, 12, 31});
    for (const FieldProblem& p : validate(candidate, today))
        for (const Target& t : mine)
            if (p.field == t.path) {
                out.push_back({t.field, p.text});
                break;
            }
    return out;
}

// ================================================================================================
// 7. Continue, Back, Change
// ================================================================================================

void forget_asked(State& s, Screen screen) {
    s.asked.erase(std::remove(s.asked.begin(), s.asked.end(), screen), s.asked.end());
}

// Answers that stop applying when the role or the anonymity answer changes are removed, with what
// was typed for them (F1), so a report never carries an answer to a question it did not ask.
void drop_irrelevant(State& s, Report& r) {
    if (!relevant(Screen::injured, r)) {
        r.harm.injured.reset();
        r.harm.injury_details.reset();
        wipe_field(s, Field::injury_details);
        forget_asked(s, Screen::injured);
    }
    if (!relevant(Screen::contact, r)) {
        for (std::optional<std::string>* t : {&r.about.name, &r.about.phone, &r.about.email, &r.about.address,
                                              &r.about.safe_contact_times})
            t->reset();
        r.about.safe_contact_method.reset();
        r.consents.police_may_contact.reset();
        r.consents.support_referral.reset();
        for (Field f : {Field::name, Field::phone, Field::email, Field::contact_address, Field::safe_contact_times})
            wipe_field(s, f);
        for (Screen screen : {Screen::contact, Screen::consent_contact, Screen::consent_support})
            forget_asked(s, screen);
    }
}

// Back to CHECK_ANSWERS after a Change, with the history it had before the Change.
void return_to_check(State& s) {
    while (!s.history.empty() && s.history.back() != Screen::check_answers) s.history.pop_back();
    if (!s.history.empty()) s.history.pop_back();
    s.returning_to_check = false;
    go_to(s, Screen::check_answers, false);
}

Step answer_question(State s) {
    Report candidate = candidate_for(s);
    if (show_problems(s, problems_on_screen(s, candidate))) {
        hrc::wipe(candidate);
        return {std::move(s), {}};   // F3: text and choices stay as they are
    }
    drop_irrelevant(s, candidate);
    hrc::wipe(s.draft);
    s.draft = std::move(candidate);
    s.anonymous_answer = s.editing_anonymous_answer;
    if (!contains(s.asked, s.screen)) s.asked.push_back(s.screen);

    if (s.returning_to_check) {
        // After a Change, go through the questions the new answer makes relevant, then back.
        const std::vector<Screen> path = path_for(s.draft);
        auto it = std::find(path.begin(), path.end(), s.screen);
        if (it != path.end()) ++it;
        for (; it != path.end(); ++it)
            if (!contains(s.asked, *it)) {
                go_to(s, *it, true);
                return {std::move(s), {}};
            }
        return_to_check(s);
        return {std::move(s), {}};
    }
    go_to(s, next_question(s.screen, s.draft), true);
    return {std::move(s), {}};
}

Mode session_mode(const State& s) { return s.staff ? s.staff->mode : Mode::self; }

bool is_identity_path(std::string_view path) {
    for (std::string_view p : {"/report_id", "/reference", "/centre_id", "/kiosk_id", "/created_at", "/language", "/staff_id"})
        if (path == p) return true;
    return false;
}

Step send(State s) {
    s.store_error = {};
    // Each screen was checked on Continue; this only catches a report that cannot be sent at all
    // (e.g. a paper form left without a role). Identity fields are the shell's to fill.
    s.error_summary.clear();
    for (const FieldProblem& p : validate(s.draft, s.today.value_or(CivilDate{9999, 12, 31})))
        if (!is_identity_path(p.field)) s.error_summary.push_back(p.text);
    if (!s.error_summary.empty()) return {std::move(s), {}};

    Report report = s.draft;
    report.language = s.session_language;
    report.mode = session_mode(s);
    if (report.mode != Mode::self && s.staff) report.staff_id = s.staff->staff_id;
    go_to(s, Screen::sending, true);   // the history stays for Back after a store failure
    return {std::move(s), {SealAndStore{std::move(report)}}};
}

Step finish(State s) {
    if (!s.noted_reference) {
        show_problems(s, {{std::nullopt, Message{HRC_TEXT("Tick the box to confirm you have noted your reference"), {}}}});
        return {std::move(s), {}};
    }
    const bool staff_run = s.staff && s.staff->mode != Mode::self;
    return wiped(std::move(s), staff_run ? Screen::staff_menu : Screen::language, staff_run);
}

Step go_back(State s) {
    switch (s.screen) {
    case Screen::neutral:
    case Screen::sending:
    case Screen::confirmation:
    case Screen::staff_menu: return {std::move(s), {}};
    case Screen::staff_status:
        s.history.clear();
        go_to(s, Screen::staff_menu, false);
        return {std::move(s), {}};
    case Screen::staff_id: wipe_field(s, Field::staff_id); break;
    case Screen::staff_pin: wipe_field(s, Field::staff_pin); break;
    default: break;
    }
    if (s.history.empty()) return {std::move(s), {}};
    const Screen previous = s.history.back();
    s.history.pop_back();
    if (previous == Screen::staff_menu) {
        // Leaving an assisted report or a paper form before sending: nothing of it is kept.
        Step step = wiped(std::move(s), Screen::staff_menu, true);
        return step;
    }
    if (previous == Screen::check_answers) s.returning_to_check = false;
    go_to(s, previous, false);
    return {std::move(s), {}};
}

// ================================================================================================
// 8. staff
// ================================================================================================

bool valid_staff_id_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-';
}

Step staff_id_continue(State s) {
    const std::string id = std::string(trimmed(s.text[Field::staff_id]));
    Message message;
    if (id.empty()) message.key = HRC_TEXT("Enter your staff ID");
    else if (id.size() > 64) message.key = HRC_TEXT("Your staff ID must be 64 characters or fewer");
    else if (!std::all_of(id.begin(), id.end(), valid_staff_id_char))
        message.key = HRC_TEXT("Your staff ID can only use letters, numbers and hyphens (-)");
    if (!message.empty()) {
        show_problems(s, {{Field::staff_id, message}});
        return {std::move(s), {}};
    }
    s.text[Field::staff_id] = id;
    go_to(s, Screen::staff_pin, true);
    return {std::move(s), {}};
}

Step staff_pin_continue(State s) {
    std::string& pin = s.text[Field::staff_pin];
    if (pin.empty()) {
        show_problems(s, {{Field::staff_pin, Message{HRC_TEXT("Enter your PIN"), {}}}});
        return {std::move(s), {}};
    }
    CheckPin check{s.text[Field::staff_id], pin};
    wipe_field(s, Field::staff_pin);   // only the shell holds it now, and wipes it after checking
    s.field_errors.clear();
    s.error_summary.clear();
    return {std::move(s), {std::move(check)}};
}

Step pin_checked(State s, bool ok, std::int64_t wait_seconds, const std::string& retry_at) {
    if (s.screen != Screen::staff_pin) return {std::move(s), {}};
    wipe_field(s, Field::staff_pin);
    if (ok) {
        s.staff = StaffSession{s.text[Field::staff_id], Mode::self};
        wipe_field(s, Field::staff_id);
        s.pin_attempts = 0;
        s.history.clear();
        go_to(s, Screen::staff_menu, false);
        return {std::move(s), {}};
    }
    if (++s.pin_attempts >= kMaxPinAttempts) return wiped(std::move(s), Screen::language, false);
    if (wait_seconds > 0) {
        // A wait, never a hint: the same words whichever staff id was typed.
        show_problems(s, {{Field::staff_pin, Message{HRC_TEXT("Too many wrong PINs. Try again at {time}."), {{"time", retry_at}}}}});
        s.focus = Field::staff_pin;
        return {std::move(s), {}};
    }
    show_problems(s, {{Field::staff_pin, Message{HRC_TEXT("The staff ID or PIN is not right"), {}}}});
    s.focus = Field::staff_pin;
    return {std::move(s), {}};
}

// A fresh report run by the signed-in staff member, in `mode`, starting at `start`.
Step start_staff_report(State s, Mode mode, Screen start) {
    Step step = wiped(std::move(s), start, true);
    step.state.staff->mode = mode;
    step.state.history = {Screen::staff_menu};
    go_to(step.state, start, false);
    return step;
}

Step staff_choose(State s, int item) {
    if (!s.staff) return {std::move(s), {}};
    if (s.screen == Screen::staff_status && item == 2) return {std::move(s), {LoadQueue{}}};   // refresh
    if (s.screen != Screen::staff_menu) return {std::move(s), {}};
    switch (item) {
    case 0: return start_staff_report(std::move(s), Mode::staff_assisted, Screen::language);
    case 1: return start_staff_report(std::move(s), Mode::paper_transcription, Screen::role);
    case 2:
        s.queue = QueueSnapshot{};
        go_to(s, Screen::staff_status, true);
        return {std::move(s), {LoadQueue{}}};
    case 3: return wiped(std::move(s), Screen::language, false);
    default: return {std::move(s), {}};
    }
}

Step on_continue(State s) {
    switch (s.screen) {
    case Screen::language: go_to(s, Screen::danger, true); return {std::move(s), {}};
    case Screen::danger: go_to(s, Screen::role, true); return {std::move(s), {}};
    case Screen::check_answers: return send(std::move(s));
    case Screen::confirmation: return finish(std::move(s));
    case Screen::neutral: go_to(s, Screen::language, false); return {std::move(s), {}};
    case Screen::staff_id: return staff_id_continue(std::move(s));
    case Screen::staff_pin: return staff_pin_continue(std::move(s));
    case Screen::staff_status:
        s.history.clear();
        go_to(s, Screen::staff_menu, false);
        return {std::move(s), {}};
    case Screen::sending:
    case Screen::staff_menu: return {std::move(s), {}};
    default: return answer_question(std::move(s));
    }
}

// ================================================================================================
// 9. idle
// ================================================================================================

// The start screen with nothing of anybody on it needs no timeout (someone who went Back to it
// still has answers in memory: those time out); nor does SENDING (the report is being stored and
// the person must see the reference).
bool idle_applies(const State& s) {
    if (s.screen == Screen::neutral || s.screen == Screen::sending) return false;
    if (s.screen == Screen::language && !s.staff && s.draft == Report{} && s.text.empty() &&
        s.session_language == fresh_state(s).session_language)
        return false;
    return true;
}

Step tick(State s, std::int64_t now) {
    if (s.still_there_deadline > 0) {
        if (now >= s.still_there_deadline) return wiped(std::move(s), Screen::language, false);
        return {std::move(s), {}};
    }
    if (idle_applies(s) && now - s.last_touch >= s.settings.idle_seconds)
        s.still_there_deadline = now + s.settings.idle_countdown_seconds;
    return {std::move(s), {}};
}

// One UTF-8 code point off the end.
// Replaces the bytes [from, to) of `text` with `insert`. Typed text never lingers in freed memory:
// the new text is built in one buffer (no temporaries) and the old buffer is zeroed.
void replace_wiped(std::string& text, std::size_t from, std::size_t to, std::string_view insert) {
    std::string next;
    next.reserve(text.size() - (to - from) + insert.size());
    next.append(text, 0, from);
    next.append(insert);
    next.append(text, to, std::string::npos);
    wipe_string(text);
    text = std::move(next);
}

bool shown(const State& s, Field f) {
    const std::vector<Field> fields = fields_on(s);
    return std::find(fields.begin(), fields.end(), f) != fields.end();
}

template <class>
inline constexpr bool kAlwaysFalse = false;

} // namespace

// ================================================================================================
// 10. reduce()
// ================================================================================================

Step reduce(State s, const Intent& intent) {
    return std::visit(
        [&](const auto& i) -> Step {
            using I = std::decay_t<decltype(i)>;
            const bool question = is_question(s.screen);
            if constexpr (std::is_same_v<I, Touch>) {
                s.last_touch = i.now;
                s.still_there_deadline = 0;
                return {std::move(s), {}};
            } else if constexpr (std::is_same_v<I, Tick>) {
                return tick(std::move(s), i.now);
            } else if constexpr (std::is_same_v<I, StillHere>) {
                s.still_there_deadline = 0;
                return {std::move(s), {}};
            } else if constexpr (std::is_same_v<I, QuickExit>) {
                return wiped(std::move(s), Screen::neutral, false);
            } else if constexpr (std::is_same_v<I, LeaveNeutral>) {
                if (s.screen == Screen::neutral) go_to(s, Screen::language, false);
                return {std::move(s), {}};
            } else if constexpr (std::is_same_v<I, ChooseLanguage>) {
                if (s.screen != Screen::language) return {std::move(s), {}};
                for (const LanguageOption& option : languages())
                    if (option.code == i.language) {
                        s.session_language = option.code;
                        go_to(s, Screen::danger, true);
                    }
                return {std::move(s), {}};
            } else if constexpr (std::is_same_v<I, Continue>) {
                return on_continue(std::move(s));
            } else if constexpr (std::is_same_v<I, Back>) {
                return go_back(std::move(s));
            } else if constexpr (std::is_same_v<I, Choose>) {
                if (s.screen == Screen::language) {
                    const auto options = languages();
                    if (i.value < 0 || static_cast<std::size_t>(i.value) >= options.size()) return {std::move(s), {}};
                    return reduce(std::move(s), ChooseLanguage{options[static_cast<std::size_t>(i.value)].code});
                }
                if (s.screen == Screen::staff_menu) return staff_choose(std::move(s), i.value);
                if (question) choose(s, i.value);
                return {std::move(s), {}};
            } else if constexpr (std::is_same_v<I, Toggle>) {
                if (question) toggle_choice(s, i.value);
                return {std::move(s), {}};
            } else if constexpr (std::is_same_v<I, FocusField>) {
                if (shown(s, i.field)) s.focus = i.field;
                return {std::move(s), {}};
            } else if constexpr (std::is_same_v<I, TypeText>) {
                if (s.focus && shown(s, *s.focus)) {
                    std::string& t = s.text[*s.focus];
                    if (t.size() + i.utf8.size() <= kMaxTypedBytes) {
                        const std::size_t at = caret_of(s, *s.focus);
                        replace_wiped(t, at, at, i.utf8);
                        s.caret[*s.focus] = at + i.utf8.size();
                    }
                }
                return {std::move(s), {}};
            } else if constexpr (std::is_same_v<I, Backspace>) {
                if (s.focus && shown(s, *s.focus))
                    if (auto it = s.text.find(*s.focus); it != s.text.end()) {
                        const std::size_t at = caret_of(s, *s.focus);
                        const std::size_t from = previous_code_point(it->second, at);
                        replace_wiped(it->second, from, at, {});
                        s.caret[*s.focus] = from;
                    }
                return {std::move(s), {}};
            } else if constexpr (std::is_same_v<I, MoveCaret>) {
                if (s.focus && shown(s, *s.focus)) {
                    const std::string& t = s.text[*s.focus];
                    const std::size_t at = caret_of(s, *s.focus);
                    s.caret[*s.focus] = i.step < 0 ? previous_grapheme(t, at) : i.step > 0 ? next_grapheme(t, at) : at;
                }
                return {std::move(s), {}};
            } else if constexpr (std::is_same_v<I, PlaceCaret>) {
                if (shown(s, i.field)) {
                    s.focus = i.field;
                    s.caret[i.field] = snap_to_grapheme(s.text[i.field], i.offset);
                }
                return {std::move(s), {}};
            } else if constexpr (std::is_same_v<I, ChangeAnswer>) {
                if (s.screen != Screen::check_answers || !contains(path_for(s.draft), i.screen)) return {std::move(s), {}};
                s.returning_to_check = true;
                go_to(s, i.screen, true);
                return {std::move(s), {}};
            } else if constexpr (std::is_same_v<I, Send>) {
                if (s.screen != Screen::check_answers) return {std::move(s), {}};
                return send(std::move(s));
            } else if constexpr (std::is_same_v<I, Stored>) {
                if (s.screen != Screen::sending) return {std::move(s), {}};
                s.reference = i.reference;
                s.noted_reference = false;
                s.history.clear();   // no way back into a sent report
                go_to(s, Screen::confirmation, false);
                return {std::move(s), {}};
            } else if constexpr (std::is_same_v<I, StoreFailed>) {
                if (s.screen != Screen::sending) return {std::move(s), {}};
                s.history.pop_back();   // SENDING was entered from CHECK_ANSWERS
                go_to(s, Screen::check_answers, false);
                // The detail is the store's own words for staff (an error code and its meaning).
                s.store_error = Message{HRC_TEXT("The report could not be saved. Nothing was lost: please ask a member of staff for help. ({detail})"),
                                        {{"detail", i.message}}};
                return {std::move(s), {}};
            } else if constexpr (std::is_same_v<I, NotedReference>) {
                if (s.screen == Screen::confirmation) s.noted_reference = i.noted;
                return {std::move(s), {}};
            } else if constexpr (std::is_same_v<I, Finish>) {
                if (s.screen != Screen::confirmation) return {std::move(s), {}};
                return finish(std::move(s));
            } else if constexpr (std::is_same_v<I, StaffEntry>) {
                if (s.screen == Screen::language && !s.staff) go_to(s, Screen::staff_id, true);
                return {std::move(s), {}};
            } else if constexpr (std::is_same_v<I, PinChecked>) {
                return pin_checked(std::move(s), i.ok, i.wait_seconds, i.retry_at);
            } else if constexpr (std::is_same_v<I, StaffChoose>) {
                return staff_choose(std::move(s), i.item);
            } else if constexpr (std::is_same_v<I, QueueLoaded>) {
                if (s.screen == Screen::staff_status && s.staff) s.queue = i.queue;
                return {std::move(s), {}};
            } else {
                static_assert(kAlwaysFalse<I>, "every Intent is handled");
            }
        },
        intent);
}

// ================================================================================================
// 11. progress, optional, fresh state
// ================================================================================================

bool is_question(Screen screen) {
    return std::find(std::begin(kQuestions), std::end(kQuestions), screen) != std::end(kQuestions);
}

std::vector<Screen> question_path(const State& state) {
    // From `editing`, so "m" follows a tapped answer at once (e.g. choosing "I saw it").
    return path_for(state.editing);
}

Progress progress(const State& state) {
    if (!is_question(state.screen)) return {};
    const std::vector<Screen> path = question_path(state);
    const auto it = std::find(path.begin(), path.end(), state.screen);
    if (it == path.end()) return {};
    return {static_cast<int>(it - path.begin()) + 1, static_cast<int>(path.size())};
}

bool is_optional(Screen screen) {
    return is_question(screen) && screen != Screen::role && screen != Screen::own_words;
}

std::size_t caret_of(const State& s, Field f) {
    const auto text = s.text.find(f);
    const std::size_t size = text == s.text.end() ? 0 : text->second.size();
    const auto caret = s.caret.find(f);
    return caret == s.caret.end() ? size : std::min(caret->second, size);
}

State fresh_state(const State& previous) {
    State fresh;
    fresh.settings = previous.settings;
    fresh.last_touch = previous.last_touch;
    fresh.today = previous.today;
    fresh.session_language = previous.settings.default_language.empty() ? "en-GB" : previous.settings.default_language;
    return fresh;
}

} // namespace hrc::kiosk
