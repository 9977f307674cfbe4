// kiosk/model/flow.h — the reporting flow as a pure model:
// reduce(State, Intent) -> State + Commands.
//
// No ImGui, no GLFW, no clock, no store: the view (kiosk/app/) draws a State and turns taps into
// Intents; the shell runs the Commands (seal and store, wipe, speak) and feeds their results back
// as Intents, with the time injected in every Intent that needs it. Everything here is tested by
// Catch2 without a window (tests/unit/test_kiosk_flow.cpp).
//
// The screens follow the GOV.UK question-page pattern (BRIEF §4): one question per screen, the
// heading is the question, Back, a big Continue, "Question n of m", "(optional)"; validation only
// on Continue, with the message beside the field and in a summary; typed text is never cleared.
//
// State machine (the screen order; `→` skips when the condition in brackets fails):
//
//   LANGUAGE → DANGER → ROLE → STRANDS → CLASSIFICATION → WHAT_HAPPENED → OWN_WORDS → WHEN_DATE
//   → WHEN_TIME → WHERE_DISTRICT → WHERE_PLACE → WHERE_ADDRESS → OFFENDERS → OFFENDER_DESCRIPTION
//   → INJURED [role ≠ witness] → DAMAGE → WITNESSES → EVIDENCE → ANONYMOUS
//   → CONTACT [not anonymous] → ABOUT_YOU → CONSENT_POLICE → CONSENT_CONTACT [not anonymous]
//   → CONSENT_SUPPORT [not anonymous] → CONSENT_STATISTICS → CHECK_ANSWERS →(Send)→ SENDING
//   → CONFIRMATION →(I have noted my reference, Finish)→ LANGUAGE (everything wiped)
//
//   Easy read (issue 18; SetEasyRead on LANGUAGE, Report::easy_read): the same order with only
//   ROLE, STRANDS, WHAT_HAPPENED, OWN_WORDS, WHEN_DATE, WHERE_DISTRICT, ANONYMOUS, CONTACT and
//   the consents (easy_read.h: on_easy_route()); easy words and a picture on every screen.
//
//   DANGER →(I need help now)→ NEED_HELP (call 999, ask staff, the centre's help text)
//          →(Continue or Back)→ DANGER, with everything kept.
//   From any screen:  QuickExit → NEUTRAL (draft wiped in the same step);   idle → STILL_THERE
//   overlay with a countdown → (no touch) wiped, LANGUAGE.   Staff: a discreet entry on LANGUAGE
//   → STAFF_ID → STAFF_PIN →(pin verified by the shell)→ STAFF_MENU → assisted report / paper form
//   (the same flow, mode and staff id recorded) / STAFF_STATUS (counts only, never content).
//
// Invariants:
//   F1. The draft exists only in State::draft, State::editing and State::text; Wipe commands are
//       emitted whenever they stop being needed (quick exit, idle timeout, after the confirmation,
//       staff sign-out).
//   F2. After a wipe the State equals a fresh State apart from the clock and staff-independent
//       settings: nothing of the last person remains.
//   F3. Continue never loses what was typed: a problem keeps the person on the screen with a
//       message.
//   F4. Only SENDING emits SealAndStore; a store failure returns to CHECK_ANSWERS with the draft
//       intact and a message to ask staff.
//
// Printing the reference (issue 17), on CONFIRMATION only and only when a printer is configured:
//
//   idle ─PrintReference→ choosing ─ChoosePrint{discreet}→ printing ─PrintDone→ printed | failed
//     ↑                      │ CancelPrint                                        │ (failed:
//     └──────────────────────┘                                 PrintReference again, "Try again")
//
//   P1. Printing is never automatic: only ChoosePrint, after the screen has said what the slip
//       holds (choosing), emits PrintSlip.
//   P2. The reference stays on the screen whatever the printer does; a failure is a message, and
//       the person can still note the reference and Finish.
//   P3. A printed slip counts as the reference kept: PrintDone{printed} ticks "I have noted my
//       reference" (the person can untick it).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "hrc/report.h"
#include "hrc/validation.h"

#include "ids.h"

namespace hrc::kiosk {

// The code of the kiosk's source language, hrc::languages::source() ("en-GB"): the default when
// hrc.toml names none. (A function, so this header does not bring hrc::languages into every file
// that also uses kiosk::languages().)
std::string source_language();

// Where to get support (hrc.toml [support]): the confirmation and the printed slip show them.
struct SupportContacts {
    std::string victim_first_phone = "0800 953 95 95";
    std::string victim_first_web = "www.victimfirst.org.uk";
    std::string police_emergency = "999";
    std::string police_non_emergency = "101";
    int victim_first_contact_days = 0; // 0: no time is promised
    int police_contact_days = 0;
    std::string centre_text;
    std::string help_text; // NEED_HELP: the centre's own words (where staff are, a phone)

    bool operator==(const SupportContacts&) const = default;
};

// Settings that outlive a person's session (from hrc.toml).
struct Settings {
    int idle_seconds = 90;
    int idle_countdown_seconds = 30;
    std::string default_language = source_language();
    std::string centre_id;
    bool printer = false; // a receipt printer is configured: CONFIRMATION offers to print
    SupportContacts support;

    bool operator==(const Settings&) const = default;
};

struct StaffSession {
    std::string staff_id;
    Mode mode = Mode::self; // staff_assisted / paper_transcription while staff run a report

    bool operator==(const StaffSession&) const = default;
};

// What the staff status screen shows: counts and times only (filled by the shell).
struct QueueSnapshot {
    int pending = 0, queued = 0, sending = 0, retry_wait = 0, quarantined = 0, acked = 0;
    std::int64_t oldest_pending_at = 0;
    std::int64_t last_contact_at = 0;
    std::string last_error;
    std::string alert;
    std::vector<std::string> recent_languages; // languages of the last sessions, newest first

    bool operator==(const QueueSnapshot&) const = default;
};

// Where printing the reference stands (the state machine at the top).
enum class PrintStage { idle, choosing, printing, printed, failed };

// How a print ended, as the shell reports it (kiosk/app maps the printer library's outcomes).
enum class PrintEnd { printed, printer_unavailable, out_of_paper, failed, nothing_to_reprint };

struct State {
    Settings settings;
    Screen screen = Screen::language;
    std::vector<Screen> history;        // for Back
    bool returning_to_check = false;    // Change link: Continue goes back to CHECK_ANSWERS
    Report draft;                       // identity fields are filled by the shell at Send
    std::map<Field, std::string> text;  // what is typed, per field
    std::map<Field, std::size_t> caret; // byte offset of the caret (a grapheme boundary)
                                        // per field; absent: after the last character
    std::optional<Field> focus;         // the field the on-screen keyboard types into
    // Messages are catalog keys + arguments (hrc/message.h): the view shows them in the session's
    // language, so changing language never leaves an English message behind.
    std::map<Field, Message> field_errors;     // beside the field
    std::vector<Message> error_summary;        // at the top of the screen, in field order
    Message store_error;                       // Send failed: shown on CHECK_ANSWERS
    std::string reference;                     // CONFIRMATION only
    bool noted_reference = false;              // the "I have noted my reference" box
    PrintStage print_stage = PrintStage::idle; // CONFIRMATION (and the staff reprint) only
    Message print_message;                     // what the printer did, when it is not printing
    std::optional<StaffSession> staff;
    QueueSnapshot queue; // STAFF_STATUS only
    int pin_attempts = 0;
    std::int64_t last_touch = 0;           // unix seconds of the last input
    std::int64_t still_there_deadline = 0; // > 0: the "Are you still there?" overlay is up
    std::string session_language = source_language();

    // ---- added with the model implementation (flow.cpp) ----
    // Choices tapped on the current screen live here until Continue, like typed text (GOV.UK: Back
    // does not save). A screen opening copies `draft` into `editing`; a successful Continue applies
    // the typed text to a copy of `editing`, validates it and makes it the new `draft`; Back drops
    // it.
    // The view shows the selected radios / checkboxes with is_chosen(state, value).
    Report editing;
    // The ANONYMOUS answer (draft.about.anonymous mirrors it; nullopt = not answered, which the
    // report cannot express on its own). editing_anonymous_answer is the tapped, unsaved one.
    std::optional<bool> anonymous_answer;
    std::optional<bool> editing_anonymous_answer;
    std::vector<Screen> asked; // question screens passed with Continue, in order
    Message question_error;    // beside the choices (ROLE, consents) or the
                               // "I have noted my reference" box
    // The kiosk's local calendar date, for "not in the future". The shell sets it before each
    // reduce (hrc::local_today()); tests set it directly. nullopt: future dates are not checked
    // here (SealAndStore validates again with the real date).
    std::optional<CivilDate> today;

    bool operator==(const State&) const = default;
};

// ---- intents (what the view and the shell tell the model) ---------------------------------------

// The view sends Touch{now} before every other input intent (a tap on "Yes, I am still here" too):
// only Touch and Tick carry the time.
struct Touch {
    std::int64_t now;
}; // any input at all (resets the idle timer)
struct Tick {
    std::int64_t now;
}; // the clock moved (idle, countdown)
struct ChooseLanguage {
    std::string language;
};
struct Continue {};
struct Back {};
// Choices: Choice::id from content_for() (ids.h; which enum each group answers: questions.cpp).
struct Choose {
    ChoiceId id;
}; // single choice (radios)
struct Toggle {
    ChoiceId id;
}; // multiple choice (checkboxes)
struct FocusField {
    Field field;
};
struct TypeText {
    std::string utf8;
};                   // into the focused field
struct Backspace {}; // the code point before the caret
struct MoveCaret {
    int step;
}; // -1: one grapheme back, +1: forward
struct PlaceCaret {
    Field field;
    std::size_t offset;
}; // a tap in the field (snapped to a grapheme)
struct ChangeAnswer {
    Screen screen;
}; // a Change link on CHECK_ANSWERS
struct Send {};
struct Stored {
    std::string reference;
}; // shell: SealAndStore succeeded
struct StoreFailed {
    std::string message;
}; // shell: nothing stored; keep the draft
struct NotedReference {
    bool noted;
};
struct Finish {}; // leave the confirmation (needs noted)
struct QuickExit {};
struct LeaveNeutral {};
struct StillHere {};
struct StaffEntry {}; // the discreet entry on LANGUAGE
struct PinChecked {   // shell: the PIN check and the durable lockout
    bool ok;
    std::int64_t wait_seconds = 0; // > 0: tries are locked for this long (not checked)
    std::string retry_at;          // local time it ends, "18:45" (digits in any language)
};
struct StaffChoose {
    StaffAction action;
};
struct QueueLoaded {
    QueueSnapshot queue;
};
struct NeedHelp {}; // DANGER's "I need help now" (NEED_HELP; Back and Continue return)
// The start screen's "Easy read" (issue 18, easy_read.h): on or off for this person's report.
// Only on LANGUAGE; answers the easy path does not ask are dropped. Recorded in Report::easy_read.
struct SetEasyRead {
    bool on;
};
struct PrintReference {}; // "Print my reference": show what a slip holds, and the choices
struct ChoosePrint {
    bool discreet; // true: only the reference under a neutral heading
};
struct CancelPrint {};
struct PrintDone { // shell: the print job ended
    PrintEnd end;
};

using Intent = std::variant<Touch, Tick, ChooseLanguage, Continue, Back, Choose, Toggle, FocusField,
                            TypeText, Backspace, MoveCaret, PlaceCaret, ChangeAnswer, Send, Stored,
                            StoreFailed, NotedReference, Finish, QuickExit, LeaveNeutral, StillHere,
                            StaffEntry, PinChecked, StaffChoose, QueueLoaded, NeedHelp,
                            PrintReference, ChoosePrint, CancelPrint, PrintDone, SetEasyRead>;

// ---- commands (what the shell must do) ----------------------------------------------------------

struct SealAndStore {
    Report report;
};                    // validate → seal → store; answer Stored / StoreFailed
struct WipeMemory {}; // the shell zeroes its own buffers too (keyboard, IME)
struct CheckPin {
    std::string staff_id;
    std::string pin;
};                   // answer PinChecked; the shell wipes `pin`
struct LoadQueue {}; // answer QueueLoaded
// Print the slip of the reference on screen (receipt_slip() in content.h builds it in the
// session's language), without blocking the frames; answer PrintDone.
struct PrintSlip {
    bool discreet;
};
// Staff: print the slip of the last confirmed reference again, if the shell still holds it (only
// within the idle window after that person finished); answer PrintDone.
struct ReprintLast {};

using Command = std::variant<SealAndStore, WipeMemory, CheckPin, LoadQueue, PrintSlip, ReprintLast>;

struct Step {
    State state;
    std::vector<Command> commands;
};

// The one transition function. Never throws; unknown or out-of-place intents leave State as it is.
// The shell passes its state in with std::move so that no second copy of the draft is left behind.
// For one simple button in the view: Continue on CHECK_ANSWERS means Send, on CONFIRMATION
// Finish, on NEUTRAL LeaveNeutral; Choose{{first, i}} on LANGUAGE means
// ChooseLanguage{languages()[i].code} and on STAFF_MENU StaffChoose{StaffAction(i)}.
Step reduce(State state, const Intent& intent);

// The caret of field `f`: a byte offset into state.text[f] (its end when none was placed).
std::size_t caret_of(const State& state, Field f);

// A fresh State for the next person (F2): settings and clock kept, everything else reset.
State fresh_state(const State& previous);

// "Question n of m" for the current screen and the branches taken so far; {0, 0} for screens that
// are not questions (language, danger, check answers, …).
struct Progress {
    int n = 0;
    int m = 0;
};
Progress progress(const State& state);

// Whether a question may be skipped all the way to a sent report: the view shows "(optional)" in
// its heading. ROLE, WHAT_HAPPENED and OWN_WORDS are not optional (a report needs what happened,
// chosen or in the person's own words). OWN_WORDS may be left empty when something was chosen on
// WHAT_HAPPENED; its hint says so, as is_optional() cannot see the answers. Tested by skipping every
// optional page and sending (test_kiosk_flow.cpp).
bool is_optional(Screen screen);

// ---- added with the model implementation --------------------------------------------------------

// Question screens: ROLE … CONSENT_STATISTICS (they count in "Question n of m").
bool is_question(Screen screen);

// The question screens the current answers lead through, in order (what "m" counts).
std::vector<Screen> question_path(const State& state);

// The text fields shown on the current screen, in order (some appear only after a choice, e.g.
// "What else?" after "Something else"). content_for(state).fields lists the same fields.
std::vector<Field> fields_on(const State& state);

// Whether the choice with this value is selected on the current screen (from State::editing).
bool is_chosen(const State& state, ChoiceId id);

} // namespace hrc::kiosk
