// content.cpp — every English word the kiosk shows (plain English, GOV.UK style, reading age 9).
//
// [SECTIONS]
//   1. helpers            choices and field words from the question table (questions.cpp)
//   2. content_for()      heading, hint, choices, fields and button of the current screen
//   3. short texts        Back, Quick exit, (optional), …
//   4. check answers      one row per question asked
//   5. confirmation       what happens next, support contacts
//   6. languages          the first screen's list
//   7. staff status       counts and times, never content
//
// Wording rules: the heading is the question; say "you" to the person reporting and "the person it
// happened to" when they saw it or report for someone else; no "invalid", no blame. Every literal is
// wrapped in HRC_TEXT() for xgettext. Values of choices: content.h.

#include "content.h"

#include <algorithm>
#include <array>
#include <span>

#include "hrc/languages.h"

#include "easy_read.h"

namespace hrc::kiosk {

namespace {

// ================================================================================================
// 1. helpers
// ================================================================================================

std::string maybe(const Translator& t, std::string_view key) {
    return key.empty() ? std::string() : t(key);
}

// An easy-read text (easy_read.h: its own message context).
std::string easy(const Translator& t, std::string_view key) {
    return key.empty() ? std::string() : t.context(kEasyReadContext, key);
}

// The easy words of a screen when the report is made on the easy-read path; nullptr otherwise.
const EasyScreen* easy_words(const Report& r, Screen screen) {
    return r.easy_read ? easy_screen(screen) : nullptr;
}

std::vector<Choice> choices(const Translator& t, std::span<const Label> labels, Group group,
                            std::string_view legend) {
    std::vector<Choice> out;
    for (const Label& l : labels)
        out.push_back(Choice{ChoiceId{group, l.value}, t(l.label), maybe(t, l.hint),
                             out.empty() ? maybe(t, legend) : std::string()});
    return out;
}

// The labels of `group`'s chosen values, in the order shown, joined with the language's list
// separator; empty when nothing is chosen.
// On the easy-read path, the easy words of each answer (where it has its own).
std::string chosen_labels(const Translator& t, const ChoiceGroupSpec& group, ConstAnswers answers,
                          Screen screen, Group group_id) {
    std::string out;
    for (const Label& l : group.labels)
        if (group.is_chosen(answers, l.value)) {
            if (!out.empty()) out += t.context(HRC_CONTEXT("between the items of a list", ", "));
            const EasyChoice* e = answers.report.easy_read
                                      ? easy_choice(screen, ChoiceId{group_id, l.value})
                                      : nullptr;
            out += e != nullptr && !e->label.empty() ? easy(t, e->label) : t(l.label);
        }
    return out;
}

// "you" or "the person it happened to", from the role chosen so far.
bool about_me(const Report& r) {
    return !r.role || *r.role == Role::victim;
}

TextFieldSpec field_spec(const Translator& t, const TextFieldDef& def, const Report& editing,
                         Screen screen) {
    FieldWords words{def.label.pick(about_me(editing)), def.hint};
    if (def.words_for != nullptr) words = def.words_for(editing);
    if (editing.easy_read) {
        // Easy words where the field has them; a field without keeps its ordinary words.
        FieldWords easy_words{};
        if (def.field == Field::date_from)
            easy_words = easy_date_from_words(editing);
        else if (const EasyField* e = easy_field(screen, def.field))
            easy_words = {e->label, e->hint};
        if (!easy_words.label.empty())
            return TextFieldSpec{def.field, easy(t, easy_words.label), easy(t, easy_words.hint),
                                 def.multiline, def.latin_keyboard};
    }
    return TextFieldSpec{def.field, maybe(t, words.label), maybe(t, words.hint), def.multiline,
                         def.latin_keyboard};
}

} // namespace

// ================================================================================================
// 2. content_for()
// ================================================================================================

ScreenContent content_for(const State& s, const Translator& t) {
    const ScreenSpec& spec = spec_of(s.screen);
    const bool me = about_me(s.editing);
    ScreenContent c;
    c.heading = maybe(t, spec.heading.pick(me));
    c.hint = maybe(t, spec.hint_for != nullptr ? spec.hint_for(s.editing) : spec.hint.pick(me));
    c.continue_label = maybe(t, spec.continue_label);
    for (std::size_t g = 0; g < spec.groups.size(); ++g) {
        const ChoiceGroupSpec& group = spec.groups[g];
        for (Choice& choice :
             choices(t, group.labels, static_cast<Group>(g), group.legend.pick(me)))
            c.choices.push_back(std::move(choice));
        c.multiple = c.multiple || group.multiple;
    }
    if (s.screen == Screen::language) {
        const std::vector<LanguageOption> options = languages(); // each in its own language
        for (std::size_t i = 0; i < options.size(); ++i)
            c.choices.push_back(
                Choice{ChoiceId{Group::first, static_cast<int>(i)}, options[i].native_name, {}});
    }
    if (s.screen == Screen::staff_menu) {
        c.choices = choices(t, staff_menu_labels(), Group::first, {});
        // Reprinting needs a printer; without one the item is not offered at all.
        if (!s.settings.printer)
            std::erase_if(c.choices, [](const Choice& choice) {
                return choice.id.value == static_cast<int>(StaffAction::reprint_last);
            });
    }
    for (Field f : fields_on(s))
        c.fields.push_back(field_spec(t, def_of(f), s.editing, s.screen));
    if (const EasyScreen* e = easy_words(s.editing, s.screen)) {
        // Easy read: the screen's own easy words (an empty hint means none), and a picture beside
        // the heading and every answer. Legends and choice hints go: one idea per line.
        c.picture = std::string(e->picture);
        c.heading = easy(t, e->heading.pick(me));
        c.hint = easy(t, e->hint.pick(me));
        for (Choice& choice : c.choices) {
            choice.hint.clear();
            if (const EasyChoice* ec = easy_choice(s.screen, choice.id)) {
                choice.picture = std::string(ec->picture);
                if (!ec->label.empty()) choice.label = easy(t, ec->label);
            }
        }
    }
    return c;
}

// ================================================================================================
// 3. short texts
// ================================================================================================

std::string_view text_back() {
    return HRC_TEXT("Back");
}
std::string_view text_quick_exit() {
    return HRC_TEXT("Leave this page quickly");
}
std::string_view text_optional() {
    return HRC_TEXT("(optional)");
}
std::string_view text_question_n_of_m() {
    return HRC_TEXT("Question {n} of {m}");
}
std::string_view text_error_summary_title() {
    return HRC_TEXT("There is a problem");
}
std::string_view text_still_there() {
    return HRC_TEXT("Are you still there?");
}
PluralKey text_still_there_hint() {
    return {HRC_PLURAL("For your privacy, this page will clear in {n} second.",
                       "For your privacy, this page will clear in {n} seconds.")};
}
std::string_view text_still_here_button() {
    return HRC_TEXT("Yes, I am still here");
}
std::string_view text_not_answered() {
    return HRC_TEXT("You did not answer");
}
std::string_view text_change() {
    return HRC_TEXT("Change");
}
std::string_view text_your_reference() {
    return HRC_TEXT("Your reference");
}
std::string_view text_noted_reference() {
    return HRC_TEXT("I have noted my reference");
}
std::string_view text_need_help() {
    return HRC_TEXT("I need help now");
}
std::string_view text_print_reference() {
    return HRC_TEXT("Print my reference");
}
std::string_view text_print_explained() {
    return HRC_TEXT("The slip shows your reference, a code that holds it, today's date, what "
                    "happens next and where to get support. It does not show your name, what "
                    "happened or any of your answers.");
}
std::string_view text_print_full() {
    return HRC_TEXT("Print");
}
std::string_view text_print_discreet() {
    return HRC_TEXT("Print only the reference");
}
std::string_view text_print_discreet_hint() {
    return HRC_TEXT("Nothing on it says what the reference is for.");
}
std::string_view text_print_cancel() {
    return HRC_TEXT("Do not print");
}
std::string_view text_printing() {
    return HRC_TEXT("Printing. Please wait by the printer.");
}
std::string_view text_print_again() {
    return HRC_TEXT("Try again");
}
std::string_view text_staff_entry() {
    return HRC_TEXT("Staff");
}

// ================================================================================================
// 4. check answers
// ================================================================================================

namespace {

// An answer and the details typed after it ("Yes: a broken window").
std::string with_details(const Translator& t, std::string answer,
                         const std::optional<std::string>& details) {
    if (!details) return answer;
    return fill_placeholders(t(HRC_TEXT("{answer}: {details}")),
                             {{"answer", std::move(answer)}, {"details", *details}});
}

// "27 March 2025" from "2025-03-27", in the language's own order of day, month and year.
std::string spoken_date(const Translator& t, const std::optional<std::string>& iso) {
    if (!iso) return t(text_not_answered());
    const auto d = parse_iso_date(*iso);
    if (!d) return *iso;
    return date_in_words(t, *d);
}

} // namespace

std::string date_in_words(const Translator& t, CivilDate d) {
    static constexpr std::array<std::string_view, 12> months{
        HRC_TEXT("January"),   HRC_TEXT("February"), HRC_TEXT("March"),    HRC_TEXT("April"),
        HRC_TEXT("May"),       HRC_TEXT("June"),     HRC_TEXT("July"),     HRC_TEXT("August"),
        HRC_TEXT("September"), HRC_TEXT("October"),  HRC_TEXT("November"), HRC_TEXT("December")};
    if (d.month < 1 || d.month > 12) return to_iso(d);
    return fill_placeholders(t(HRC_TEXT("{day} {month} {year}")),
                             {{"day", std::to_string(d.day)},
                              {"month", t(months[static_cast<std::size_t>(d.month - 1)])},
                              {"year", std::to_string(d.year)}});
}

namespace {

std::string when_answer(const Translator& t, const std::optional<IncidentDate>& date) {
    if (!date) return t(text_not_answered());
    switch (date->kind) {
    case DateKind::exact:
        return spoken_date(t, date->date);
    case DateKind::approximate:
        return fill_placeholders(t(HRC_TEXT("Around {date}")),
                                 {{"date", spoken_date(t, date->date)}});
    case DateKind::range:
        return fill_placeholders(
            t(HRC_TEXT("From {first} to {last}")),
            {{"first", spoken_date(t, date->date)}, {"last", spoken_date(t, date->date_to)}});
    case DateKind::dont_know:
        return t(HRC_TEXT("I don't know"));
    }
    return t(text_not_answered());
}

std::string consent_answer(const Translator& t, const std::optional<Consent>& consent) {
    if (!consent) return t(text_not_answered());
    return consent->decision == ConsentDecision::given ? t(HRC_TEXT("Yes")) : t(HRC_TEXT("No"));
}

// Chosen labels and the details typed after them ("Yes: a broken window"), or either alone.
std::string list_answer(const Translator& t, std::string labels,
                        const std::optional<std::string>& other) {
    if (labels.empty() && !other) return t(text_not_answered());
    if (!other) return labels;
    if (labels.empty()) return *other;
    return with_details(t, std::move(labels), other);
}

// What was typed for `field` in the sent-to-be report (the slot only names a member).
std::optional<std::string> typed_answer(const Report& r, std::optional<Field> field) {
    if (!field) return std::nullopt;
    const TextFieldDef& def = def_of(*field);
    if (def.slot == nullptr) return std::nullopt;
    Report& readable = const_cast<Report&>(r);
    const std::optional<std::string>* slot = def.slot(readable);
    return slot != nullptr ? *slot : std::nullopt;
}

// The consent a consent question records: its single group's chosen decision.
std::optional<Consent> consent_of(const ScreenSpec& spec, ConstAnswers answers) {
    if (spec.groups.empty()) return std::nullopt;
    for (const Label& l : spec.groups.front().labels)
        if (spec.groups.front().is_chosen(answers, l.value))
            return Consent{static_cast<ConsentDecision>(l.value), {}};
    return std::nullopt;
}

} // namespace

std::vector<AnswerRow> check_answer_rows(const State& s, const Translator& t) {
    const Report& r = s.draft;
    const ConstAnswers answers{s.draft, s.anonymous_answer};
    const bool me = about_me(r);
    std::vector<AnswerRow> rows;
    for (Screen screen : question_path(s)) {
        const ScreenSpec& spec = spec_of(screen);
        for (const AnswerRowDef& row : spec.rows) {
            std::string answer;
            std::string spoken; // never typed text
            switch (row.kind) {
            case RowKind::choice: {
                const ChoiceGroupSpec* group = group_of(screen, row.group);
                std::string labels =
                    group ? chosen_labels(t, *group, answers, screen, row.group) : std::string();
                const std::optional<std::string> details = typed_answer(r, row.details);
                spoken = labels.empty() && !details ? t(text_not_answered()) : labels;
                answer = list_answer(t, std::move(labels), details);
                break;
            }
            case RowKind::text: {
                const std::optional<std::string> typed = typed_answer(r, row.details);
                answer = typed.value_or(t(text_not_answered()));
                if (!typed) spoken = answer;
                break;
            }
            case RowKind::incident_date:
                answer = when_answer(t, r.when.date);
                // A date was typed; "I don't know" was chosen.
                if (!r.when.date || r.when.date->kind == DateKind::dont_know) spoken = answer;
                break;
            case RowKind::consent:
                answer = consent_answer(t, consent_of(spec, answers));
                spoken = answer;
                break;
            }
            if (answer.empty()) answer = spoken = t(text_not_answered());
            const EasyScreen* e = easy_words(r, screen);
            const bool first_row = &row == spec.rows.data();
            rows.push_back({t(row.question.pick(me)), std::move(answer), screen, std::move(spoken),
                            e != nullptr && first_row ? std::string(e->picture) : std::string()});
        }
    }
    return rows;
}

// ================================================================================================
// 5. confirmation
// ================================================================================================

std::vector<std::string> what_happens_next(const State& s, const Translator& t) {
    const Consents& c = s.draft.consents;
    const SupportContacts& support = s.settings.support;
    const auto given = [](const std::optional<Consent>& consent) {
        return consent && consent->decision == ConsentDecision::given;
    };
    // Easy read: its own words (easy_read.h), one idea per sentence.
    const EasyConfirmationWords* e = s.draft.easy_read ? &easy_confirmation_words() : nullptr;
    const auto say = [&](std::string_view ordinary, std::string_view easy_words) {
        return e != nullptr ? easy(t, easy_words) : t(ordinary);
    };
    std::vector<std::string> out;
    out.push_back(
        say(HRC_TEXT("Your report is locked so that only the hate reporting team can read it. This "
                     "kiosk sends it to them, usually within a few minutes. If the kiosk is "
                     "offline, it keeps your report safe and sends it later."),
            e ? e->locked : ""));
    if (given(c.share_with_police))
        out.push_back(say(
            HRC_TEXT("You said we can share your report with the police. The police will read it."),
            e ? e->shared_with_police : ""));
    if (given(c.police_may_contact)) {
        out.push_back(say(HRC_TEXT("You said the police can contact you. They will use the details "
                                   "and safe times you gave."),
                          e ? e->police_will_contact : ""));
        if (support.police_contact_days > 0)
            out.push_back(t.count(HRC_PLURAL("The police usually contact people within {n} "
                                             "working day.",
                                             "The police usually contact people within {n} "
                                             "working days."),
                                  support.police_contact_days));
    }
    if (given(c.support_referral)) {
        out.push_back(say(HRC_TEXT("You asked for support. Victim First will contact you using the "
                                   "details you gave."),
                          e ? e->support_asked : ""));
        if (support.victim_first_contact_days > 0)
            out.push_back(t.count(HRC_PLURAL("Victim First usually contacts people within {n} "
                                             "working day.",
                                             "Victim First usually contacts people within {n} "
                                             "working days."),
                                  support.victim_first_contact_days));
    } else {
        out.push_back(say(
            HRC_TEXT("If you want support, you can contact Victim First (victim support for "
                     "Leicester, Leicestershire and Rutland) at any time. A member of staff can "
                     "help you."),
            e ? e->support_offered : ""));
    }
    out.push_back(say(
        HRC_TEXT("If it happens again, you can make another report. You can give your reference."),
        e ? e->happens_again : ""));
    return out;
}

std::vector<SupportLine> support_lines(const State& s, const Translator& t) {
    const SupportContacts& support = s.settings.support;
    const EasyConfirmationWords* e = s.draft.easy_read ? &easy_confirmation_words() : nullptr;
    const auto say = [&](std::string_view ordinary, std::string_view easy_words) {
        return e != nullptr ? easy(t, easy_words) : t(ordinary);
    };
    std::vector<SupportLine> out;
    // Emergency first: someone in danger needs it before anything else.
    if (!support.police_emergency.empty())
        out.push_back({say(HRC_TEXT("If you are in danger, call the police"), e ? e->danger : ""),
                       support.police_emergency});
    if (!support.police_non_emergency.empty())
        out.push_back(
            {say(HRC_TEXT("The police, when it is not an emergency"), e ? e->non_emergency : ""),
             support.police_non_emergency});
    if (!support.victim_first_phone.empty())
        out.push_back(
            {say(HRC_TEXT("Victim First: free support, whether or not you told the police"),
                 e ? e->victim_first_phone : ""),
             support.victim_first_phone});
    if (!support.victim_first_web.empty())
        out.push_back({say(HRC_TEXT("Victim First on the internet"), e ? e->victim_first_web : ""),
                       support.victim_first_web});
    return out;
}

std::vector<HelpLine> need_help_lines(const State& s, const Translator& t) {
    const SupportContacts& support = s.settings.support;
    std::vector<HelpLine> out;
    // The number isolated left to right (U+2066 … U+2069): it reads 999 in Urdu too.
    if (!support.police_emergency.empty())
        out.push_back(
            {fill_placeholders(t(HRC_TEXT("Call {number} now.")),
                               {{"number", "\u2066" + support.police_emergency + "\u2069"}}),
             true});
    out.push_back({t(HRC_TEXT("If you cannot call, or it is not safe to, ask a member of staff "
                              "now. They will help you.")),
                   out.empty()});
    out.push_back({t(HRC_TEXT("Your report is not lost. You can go back to it when you are "
                              "ready.")),
                   false});
    if (!support.help_text.empty()) out.push_back({support.help_text, false});
    return out;
}

std::vector<ConfirmationBlock> confirmation_paragraphs(const State& s, const Translator& t) {
    std::vector<ConfirmationBlock> out;
    const EasyConfirmationWords* e = s.draft.easy_read ? &easy_confirmation_words() : nullptr;
    out.push_back(
        {e != nullptr ? easy(t, e->next_heading) : t(HRC_TEXT("What happens next")), true});
    for (std::string& text : what_happens_next(s, t))
        out.push_back({std::move(text), false});
    out.push_back(
        {e != nullptr ? easy(t, e->support_heading) : t(HRC_TEXT("Where to get support")), true});
    for (SupportLine& line : support_lines(s, t))
        out.push_back({std::move(line.label), false, std::move(line.contact)});
    if (!s.settings.support.centre_text.empty())
        out.push_back({s.settings.support.centre_text, false});
    return out;
}

hrc::receipt::Slip receipt_slip(const State& s, const Translator& t, bool discreet) {
    hrc::receipt::Slip slip;
    slip.language = s.session_language;
    slip.reference = s.reference;
    if (s.today) slip.date = date_in_words(t, *s.today);
    if (discreet) {
        slip.heading = t(text_your_reference());
        return slip;
    }
    slip.heading = t(HRC_TEXT("Hate incident report"));
    slip.reference_label = t(text_your_reference());
    slip.next_steps_heading = t(HRC_TEXT("What happens next"));
    slip.next_steps = what_happens_next(s, t);
    slip.support_heading = t(HRC_TEXT("Where to get support"));
    for (SupportLine& line : support_lines(s, t))
        slip.support.push_back({std::move(line.label), std::move(line.contact)});
    slip.centre_text = s.settings.support.centre_text;
    return slip;
}

// ================================================================================================
// 6. languages
// ================================================================================================

std::vector<LanguageOption> languages() {
    // The language table (hrc/languages.h), in its order: BRIEF §8, Leicester's order of speakers
    // after English; each name in its own language and script (flags are not languages).
    std::vector<LanguageOption> out;
    for (const hrc::languages::LanguageSpec& l : hrc::languages::all())
        out.push_back({std::string(l.code), std::string(l.native_name)});
    return out;
}

// ================================================================================================
// 7. staff status
// ================================================================================================

namespace {} // namespace

// "5 minutes ago", relative to the last touch (the staff member is looking at it now).
std::string time_ago(const Translator& t, std::int64_t then, std::int64_t now) {
    if (then <= 0) return t(HRC_TEXT("Never"));
    const std::int64_t seconds = std::max<std::int64_t>(0, now - then);
    if (seconds < 60) return t(HRC_TEXT("Less than a minute ago"));
    if (seconds < 3600)
        return t.count(HRC_PLURAL("{n} minute ago", "{n} minutes ago"),
                       static_cast<long>(seconds / 60));
    if (seconds < 86400)
        return t.count(HRC_PLURAL("{n} hour ago", "{n} hours ago"),
                       static_cast<long>(seconds / 3600));
    return t.count(HRC_PLURAL("{n} day ago", "{n} days ago"), static_cast<long>(seconds / 86400));
}

namespace {

std::string language_name(const std::string& code) {
    for (const LanguageOption& option : languages())
        if (option.code == code) return option.native_name;
    return code;
}

} // namespace

std::vector<StatusRow> staff_status_rows(const State& s, const Translator& t) {
    const QueueSnapshot& q = s.queue;
    std::vector<StatusRow> rows;
    if (!q.alert.empty()) rows.push_back({t(HRC_TEXT("Sending has stopped")), q.alert});
    rows.push_back({t(HRC_TEXT("Waiting to be sent")), std::to_string(q.pending)});
    rows.push_back({t(HRC_TEXT("Ready to send")), std::to_string(q.queued)});
    rows.push_back({t(HRC_TEXT("Being sent now")), std::to_string(q.sending)});
    rows.push_back({t(HRC_TEXT("Waiting to try again")), std::to_string(q.retry_wait)});
    rows.push_back({t(HRC_TEXT("Refused by the central system (ask your administrator)")),
                    std::to_string(q.quarantined)});
    rows.push_back({t(HRC_TEXT("Sent and confirmed")), std::to_string(q.acked)});
    rows.push_back({t(HRC_TEXT("Oldest report waiting")),
                    q.oldest_pending_at > 0 ? time_ago(t, q.oldest_pending_at, s.last_touch)
                                            : t(HRC_TEXT("None waiting"))});
    rows.push_back({t(HRC_TEXT("Last contact with the central system")),
                    time_ago(t, q.last_contact_at, s.last_touch)});
    if (!q.last_error.empty()) rows.push_back({t(HRC_TEXT("Last problem")), q.last_error});
    std::string recent;
    for (const std::string& code : q.recent_languages) {
        if (!recent.empty()) recent += t.context(HRC_CONTEXT("between the items of a list", ", "));
        recent += language_name(code);
    }
    rows.push_back({t(HRC_TEXT("Languages of the last reports")),
                    recent.empty() ? t(HRC_TEXT("None yet")) : recent});
    return rows;
}

} // namespace hrc::kiosk
