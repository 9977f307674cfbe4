// flow.cpp — the reporting flow's transition function (see flow.h for the state machine).
//
// [SECTIONS]
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

#include "hrc/languages.h"
#include "hrc/submit.h"

#include "content.h"
#include "easy_read.h"
#include "graphemes.h"
#include "questions.h"

namespace hrc::kiosk {

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
    for (auto& entry : s.text)
        wipe_string(entry.second);
    s.text.clear();
    wipe_string(s.reference);
    for (MessageArg& a : s.store_error.args)
        wipe_string(a.value);
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

// The question screens the answers lead through, in the order asked (kScreens' order).
std::vector<Screen> path_for(const Report& r) {
    std::vector<Screen> path;
    for (const ScreenSpec& spec : screen_specs())
        if (spec.question && is_relevant(spec, r)) path.push_back(spec.screen);
    return path;
}

bool contains(const std::vector<Screen>& v, Screen s) {
    return std::find(v.begin(), v.end(), s) != v.end();
}

// The next question after `current` on the path of `r`; check answers after the last one.
Screen next_question(Screen current, const Report& r) {
    const std::vector<Screen> path = path_for(r);
    auto it = std::find(path.begin(), path.end(), current);
    if (it == path.end() || ++it == path.end()) return Screen::check_answers;
    return *it;
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
    if (spec_of(to).groups.empty()) {
        const std::vector<Field> fields = fields_on(s);
        if (!fields.empty()) s.focus = fields.front();
    }
}

// ================================================================================================
// 4. choices
// ================================================================================================

// The group `id` names on the current screen, when `id` is one of its choices (anything else is
// ignored: a stale tap, a wrong id).
const ChoiceGroupSpec* valid_group(const State& s, ChoiceId id, bool multiple) {
    const ChoiceGroupSpec* group = group_of(s.screen, id.group);
    if (group == nullptr || group->multiple != multiple) return nullptr;
    const bool known = std::any_of(group->labels.begin(), group->labels.end(),
                                   [&](const Label& l) { return l.value == id.value; });
    return known ? group : nullptr;
}

// A single choice (radios) or a toggled checkbox on the current screen, into State::editing.
void choose(State& s, ChoiceId id, bool multiple) {
    const ChoiceGroupSpec* group = valid_group(s, id, multiple);
    if (group == nullptr) return;
    group->choose(Answers{s.editing, s.editing_anonymous_answer}, id.value);
    // A consent given to the easy words is recorded with their wording version (questions.h).
    if (const EasyScreen* e = s.editing.easy_read ? easy_screen(s.screen) : nullptr;
        e != nullptr && e->consent != nullptr)
        if (std::optional<Consent>& consent = e->consent(s.editing); consent)
            consent->wording_version = std::string(e->consent_version);
}

} // namespace

bool is_chosen(const State& s, ChoiceId id) {
    if (s.screen == Screen::language) {
        const auto options = languages();
        return id.group == Group::first && id.value >= 0 &&
               static_cast<std::size_t>(id.value) < options.size() &&
               options[static_cast<std::size_t>(id.value)].code == s.session_language;
    }
    const ChoiceGroupSpec* group = group_of(s.screen, id.group);
    return group != nullptr &&
           group->is_chosen(ConstAnswers{s.editing, s.editing_anonymous_answer}, id.value);
}

// ================================================================================================
// 5. text fields
// ================================================================================================

std::vector<Field> fields_on(const State& s) {
    std::vector<Field> out;
    for (const TextFieldDef& f : spec_of(s.screen).fields)
        if (f.shown == nullptr || f.shown(s.editing)) out.push_back(f.field);
    return out;
}

namespace {

bool is_blank(std::string_view t) {
    return std::all_of(t.begin(), t.end(), [](unsigned char c) { return std::isspace(c) != 0; });
}

std::string_view trimmed(std::string_view t) {
    while (!t.empty() && std::isspace(static_cast<unsigned char>(t.front())))
        t.remove_prefix(1);
    while (!t.empty() && std::isspace(static_cast<unsigned char>(t.back())))
        t.remove_suffix(1);
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

std::optional<std::string> as_report_text(std::optional<std::string> text, TextKind kind) {
    switch (kind) {
    case TextKind::plain:
        return text;
    case TextKind::date:
        return as_iso_date(std::move(text));
    case TextKind::postcode:
        if (text)
            if (auto normal = normalise_postcode(*text)) return normal;
        return text;
    case TextKind::phone:
        if (text) return ascii_digits(*text);
        return text;
    }
    return text;
}

// The screen's typed text applied to a copy of its choices: the report Continue would make. A
// field hidden again by a change of choice gives no answer (its slot is emptied).
Report candidate_for(const State& s) {
    Report r = s.editing;
    const std::vector<Field> shown = fields_on(s);
    for (const TextFieldDef& f : spec_of(s.screen).fields) {
        if (f.slot == nullptr) continue;
        if (std::optional<std::string>* slot = f.slot(r))
            *slot = as_report_text(typed(s, shown, f.field), f.kind);
    }
    return r;
}

// ================================================================================================
// 6. checking a screen
// ================================================================================================

// Which of validate()'s paths belong to a screen, and where the message goes (a text field, or
// nullopt = beside the screen's choices): each field's own path, then the screen's extra ones.
struct Target {
    ReportPath path;
    std::optional<Field> field;
};

std::vector<Target> targets(Screen screen) {
    const ScreenSpec& spec = spec_of(screen);
    std::vector<Target> out;
    for (const TextFieldDef& f : spec.fields)
        if (f.path) out.push_back({*f.path, f.field});
    for (const ExtraProblem& p : spec.extra_problems)
        out.push_back({p.path, p.field});
    return out;
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
            if (p.path == t.path) {
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
    for (const ScreenSpec& spec : screen_specs()) {
        if (!spec.question || is_relevant(spec, r)) continue;
        std::optional<bool> no_anonymity_answer; // ANONYMOUS itself is always asked
        for (const ChoiceGroupSpec& group : spec.groups)
            group.clear(Answers{r, no_anonymity_answer});
        for (const TextFieldDef& f : spec.fields) {
            if (f.slot != nullptr)
                if (std::optional<std::string>* slot = f.slot(r)) slot->reset();
            wipe_field(s, f.field);
        }
        forget_asked(s, spec.screen);
    }
}

// Back to CHECK_ANSWERS after a Change, with the history it had before the Change.
void return_to_check(State& s) {
    while (!s.history.empty() && s.history.back() != Screen::check_answers)
        s.history.pop_back();
    if (!s.history.empty()) s.history.pop_back();
    s.returning_to_check = false;
    go_to(s, Screen::check_answers, false);
}

Step answer_question(State s) {
    Report candidate = candidate_for(s);
    if (show_problems(s, problems_on_screen(s, candidate))) {
        hrc::wipe(candidate);
        return {std::move(s), {}}; // F3: text and choices stay as they are
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

Mode session_mode(const State& s) {
    return s.staff ? s.staff->mode : Mode::self;
}

Step send(State s) {
    s.store_error = {};
    // Each screen was checked on Continue; this only catches a report that cannot be sent at all
    // (e.g. a paper form left without a role). Identity fields are the shell's to fill.
    s.error_summary.clear();
    for (const FieldProblem& p : validate(s.draft, s.today.value_or(CivilDate{9999, 12, 31})))
        if (!is_identity_path(p.path)) s.error_summary.push_back(p.text);
    if (!s.error_summary.empty()) return {std::move(s), {}};

    Report report = s.draft;
    report.language = s.session_language;
    report.mode = session_mode(s);
    if (report.mode != Mode::self && s.staff) report.staff_id = s.staff->staff_id;
    go_to(s, Screen::sending, true); // the history stays for Back after a store failure
    return {std::move(s), {SealAndStore{std::move(report)}}};
}

Step finish(State s) {
    if (!s.noted_reference) {
        show_problems(
            s, {{std::nullopt,
                 Message{HRC_TEXT("Tick the box to confirm you have noted your reference"), {}}}});
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
    case Screen::staff_menu:
        return {std::move(s), {}};
    case Screen::staff_status:
        s.history.clear();
        go_to(s, Screen::staff_menu, false);
        return {std::move(s), {}};
    case Screen::staff_id:
        wipe_field(s, Field::staff_id);
        break;
    case Screen::staff_pin:
        wipe_field(s, Field::staff_pin);
        break;
    default:
        break;
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
    if (id.empty())
        message.key = HRC_TEXT("Enter your staff ID");
    else if (id.size() > 64)
        message.key = HRC_TEXT("Your staff ID must be 64 characters or fewer");
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
    wipe_field(s, Field::staff_pin); // only the shell holds it now, and wipes it after checking
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
        show_problems(
            s, {{Field::staff_pin, Message{HRC_TEXT("Too many wrong PINs. Try again at {time}."),
                                           {{"time", retry_at}}}}});
        s.focus = Field::staff_pin;
        return {std::move(s), {}};
    }
    show_problems(s,
                  {{Field::staff_pin, Message{HRC_TEXT("The staff ID or PIN is not right"), {}}}});
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

Step staff_choose(State s, StaffAction action) {
    if (!s.staff) return {std::move(s), {}};
    if (s.screen == Screen::staff_status && action == StaffAction::refresh_status)
        return {std::move(s), {LoadQueue{}}};
    if (s.screen != Screen::staff_menu) return {std::move(s), {}};
    switch (action) {
    case StaffAction::assisted_report:
        return start_staff_report(std::move(s), Mode::staff_assisted, Screen::language);
    case StaffAction::paper_form:
        return start_staff_report(std::move(s), Mode::paper_transcription, Screen::role);
    case StaffAction::check_sending:
        s.queue = QueueSnapshot{};
        go_to(s, Screen::staff_status, true);
        return {std::move(s), {LoadQueue{}}};
    case StaffAction::sign_out:
        return wiped(std::move(s), Screen::language, false);
    case StaffAction::refresh_status:
        return {std::move(s), {}};
    case StaffAction::reprint_last:
        if (!s.settings.printer || s.print_stage == PrintStage::printing) return {std::move(s), {}};
        s.print_stage = PrintStage::printing;
        s.print_message = {};
        return {std::move(s), {ReprintLast{}}};
    }
    return {std::move(s), {}};
}

// ================================================================================================
// 8b. printing the reference (issue 17; the state machine and P1–P3 are in flow.h)
// ================================================================================================

Message print_end_message(PrintEnd end) {
    switch (end) {
    case PrintEnd::printed:
        return {HRC_TEXT("Your slip has printed. Please take it from the printer."), {}};
    case PrintEnd::printer_unavailable:
        return {HRC_TEXT("The printer is not working. Your reference is still on the screen: "
                         "please write it down, or ask a member of staff."),
                {}};
    case PrintEnd::out_of_paper:
        return {HRC_TEXT("The printer has run out of paper. Your reference is still on the "
                         "screen: please write it down, or ask a member of staff."),
                {}};
    case PrintEnd::failed:
        return {HRC_TEXT("The slip could not be printed. Your reference is still on the screen: "
                         "please write it down, or ask a member of staff."),
                {}};
    case PrintEnd::nothing_to_reprint:
        return {HRC_TEXT("There is no reference to print again: it is kept only for a short time "
                         "after the person finished."),
                {}};
    }
    return {};
}

Step print_intent(State s, const Intent& intent) {
    const bool here = s.screen == Screen::confirmation && s.settings.printer;
    if (std::holds_alternative<PrintReference>(intent)) {
        // Also "Try again" after a failure; never while a slip is printing.
        if (here && s.print_stage != PrintStage::printing) {
            s.print_stage = PrintStage::choosing;
            s.print_message = {};
        }
        return {std::move(s), {}};
    }
    if (const auto* choice = std::get_if<ChoosePrint>(&intent)) {
        if (!here || s.print_stage != PrintStage::choosing) return {std::move(s), {}}; // P1
        s.print_stage = PrintStage::printing;
        return {std::move(s), {PrintSlip{choice->discreet}}};
    }
    if (std::holds_alternative<CancelPrint>(intent)) {
        if (here && s.print_stage == PrintStage::choosing) s.print_stage = PrintStage::idle;
        return {std::move(s), {}};
    }
    if (const auto* done = std::get_if<PrintDone>(&intent)) {
        // A job that ends after the person left (Finish, quick exit, idle) finds a fresh state:
        // nothing to update.
        const bool waiting = s.print_stage == PrintStage::printing &&
                             (s.screen == Screen::confirmation || s.screen == Screen::staff_menu);
        if (!waiting) return {std::move(s), {}};
        const bool printed = done->end == PrintEnd::printed;
        s.print_stage = printed ? PrintStage::printed : PrintStage::failed;
        s.print_message = print_end_message(done->end);
        if (printed && s.screen == Screen::confirmation) {
            s.noted_reference = true; // P3
            s.question_error = {};
        }
        return {std::move(s), {}};
    }
    return {std::move(s), {}};
}

Step on_continue(State s) {
    switch (s.screen) {
    case Screen::language:
        go_to(s, Screen::danger, true);
        return {std::move(s), {}};
    case Screen::danger:
        go_to(s, Screen::role, true);
        return {std::move(s), {}};
    case Screen::need_help:
        return go_back(std::move(s)); // back to DANGER, everything kept
    case Screen::check_answers:
        return send(std::move(s));
    case Screen::confirmation:
        return finish(std::move(s));
    case Screen::neutral:
        go_to(s, Screen::language, false);
        return {std::move(s), {}};
    case Screen::staff_id:
        return staff_id_continue(std::move(s));
    case Screen::staff_pin:
        return staff_pin_continue(std::move(s));
    case Screen::staff_status:
        s.history.clear();
        go_to(s, Screen::staff_menu, false);
        return {std::move(s), {}};
    case Screen::sending:
    case Screen::staff_menu:
        return {std::move(s), {}};
    default:
        return answer_question(std::move(s));
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
                    const auto index = static_cast<std::size_t>(i.id.value);
                    if (i.id.group != Group::first || i.id.value < 0 || index >= options.size())
                        return {std::move(s), {}};
                    return reduce(std::move(s), ChooseLanguage{options[index].code});
                }
                if (s.screen == Screen::staff_menu) {
                    for (const Label& item : staff_menu_labels())
                        if (i.id == ChoiceId{Group::first, item.value})
                            return staff_choose(std::move(s), static_cast<StaffAction>(item.value));
                    return {std::move(s), {}};
                }
                if (question) choose(s, i.id, false);
                return {std::move(s), {}};
            } else if constexpr (std::is_same_v<I, Toggle>) {
                if (question) choose(s, i.id, true);
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
                    s.caret[*s.focus] = i.step < 0   ? previous_grapheme(t, at)
                                        : i.step > 0 ? next_grapheme(t, at)
                                                     : at;
                }
                return {std::move(s), {}};
            } else if constexpr (std::is_same_v<I, PlaceCaret>) {
                if (shown(s, i.field)) {
                    s.focus = i.field;
                    s.caret[i.field] = snap_to_grapheme(s.text[i.field], i.offset);
                }
                return {std::move(s), {}};
            } else if constexpr (std::is_same_v<I, ChangeAnswer>) {
                if (s.screen != Screen::check_answers || !contains(path_for(s.draft), i.screen))
                    return {std::move(s), {}};
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
                s.history.clear(); // no way back into a sent report
                go_to(s, Screen::confirmation, false);
                return {std::move(s), {}};
            } else if constexpr (std::is_same_v<I, StoreFailed>) {
                if (s.screen != Screen::sending) return {std::move(s), {}};
                s.history.pop_back(); // SENDING was entered from CHECK_ANSWERS
                go_to(s, Screen::check_answers, false);
                // The detail is the store's own words for staff (an error code and its meaning).
                s.store_error =
                    Message{HRC_TEXT("The report could not be saved. Nothing was lost: please ask "
                                     "a member of staff for help. ({detail})"),
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
                return staff_choose(std::move(s), i.action);
            } else if constexpr (std::is_same_v<I, QueueLoaded>) {
                if (s.screen == Screen::staff_status && s.staff) s.queue = i.queue;
                return {std::move(s), {}};
            } else if constexpr (std::is_same_v<I, SetEasyRead>) {
                if (s.screen != Screen::language || s.draft.easy_read == i.on)
                    return {std::move(s), {}};
                s.draft.easy_read = i.on;
                // Turned on after going Back with answers: those the easy path does not ask go,
                // so the report never carries an answer to a question it did not ask.
                drop_irrelevant(s, s.draft);
                go_to(s, Screen::language, false);
                return {std::move(s), {}};
            } else if constexpr (std::is_same_v<I, NeedHelp>) {
                if (s.screen == Screen::danger) go_to(s, Screen::need_help, true);
                return {std::move(s), {}};
            } else if constexpr (std::is_same_v<I, PrintReference> ||
                                 std::is_same_v<I, ChoosePrint> || std::is_same_v<I, CancelPrint> ||
                                 std::is_same_v<I, PrintDone>) {
                return print_intent(std::move(s), intent);
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
    return spec_of(screen).question;
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
    return is_question(screen) && spec_of(screen).optional;
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
    fresh.session_language = previous.settings.default_language.empty()
                                 ? source_language()
                                 : previous.settings.default_language;
    return fresh;
}

std::string source_language() {
    return std::string(languages::source().code);
}

} // namespace hrc::kiosk
