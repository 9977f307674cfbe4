// kiosk/model/content.h — every word the kiosk shows, in plain English (GOV.UK reading age 9).
//
// Every literal is a gettext key marked with HRC_TEXT / HRC_PLURAL / HRC_CONTEXT (hrc/message.h)
// and extracted by xgettext into locales/hrc.pot. The functions that build a screen take the
// session's Translator and return its words in that language; the short texts below return keys
// that the view translates with the same Translator. No ImGui here.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "hrc/message.h"

#include "flow.h"
#include "hrc_receipt/slip.h"
#include "questions.h"
#include "translator.h"

namespace hrc::kiosk {

// A choice as the view shows it. Its id goes back in Choose / Toggle; the view never needs to know
// what the id means (questions.cpp: which enum each group answers). On LANGUAGE the value is the
// index into languages(), on STAFF_MENU a StaffAction.
struct Choice {
    ChoiceId id;
    std::string label;
    std::string hint; // may be empty
    // Non-empty on the first choice of a screen's second question: draw it as that question's
    // heading (a fieldset legend) before the choice. A single-choice screen with a second question
    // is two radio groups: one selected choice per group.
    std::string legend = {};
    // Easy read (easy_read.h): the picture drawn beside the answer, an emoji sequence; empty: none.
    std::string picture = {};
};

struct TextFieldSpec {
    Field field;
    std::string label;
    std::string hint; // e.g. "For example, 27 3 2025"
    bool multiline = false;
    bool latin_keyboard = false; // the keyboard opens on English letters (questions.h)
};

struct ScreenContent {
    std::string heading;               // the question itself
    std::string hint;                  // under the heading; may be empty
    std::vector<Choice> choices;       // empty for pure text screens
    bool multiple = false;             // checkboxes instead of radios
    std::vector<TextFieldSpec> fields; // text fields on this screen (shown after the choices)
    std::string continue_label;        // "Continue", "Send report", …; empty: no button
    std::string picture;               // easy read: the picture beside the heading; empty: none
};

// The content of a screen given the state (some texts depend on the role: "you" / "they"), in the
// language of `t`.
ScreenContent content_for(const State& state, const Translator& t = english());

// An HRC_PLURAL pair: Translator::count(key.singular, key.plural, n).
struct PluralKey {
    std::string_view singular;
    std::string_view plural;
};

// Short texts used by the view: catalog keys, translated by the view.
std::string_view text_back();
std::string_view text_quick_exit();          // "Leave this page quickly"
std::string_view text_optional();            // "(optional)"
std::string_view text_question_n_of_m();     // "Question {n} of {m}"
std::string_view text_error_summary_title(); // "There is a problem"
std::string_view text_still_there();         // "Are you still there?"
PluralKey text_still_there_hint(); // "For your privacy, this page will clear in {n} seconds."
std::string_view text_still_here_button(); // "Yes, I am still here"
std::string_view text_not_answered();      // "You did not answer" (check answers)
std::string_view text_change();            // "Change"
std::string_view text_your_reference();    // "Your reference" (CONFIRMATION, above the reference)
std::string_view text_noted_reference();   // "I have noted my reference" (the NotedReference box)
std::string_view text_staff_entry();       // "Staff" (the discreet StaffEntry button on LANGUAGE)

// Check your answers: one row per question asked, in order, with the screen its Change link
// opens. Skipped answers show text_not_answered().
struct AnswerRow {
    std::string question;
    std::string answer;
    Screen change_to;
    // What Read aloud may say of the answer: the options chosen, a consent's Yes or No, or "Not
    // given". Empty when the answer holds typed text (a description, a name, a date): typed text
    // is never read aloud, it may be overheard (screen_rules.h).
    std::string spoken_answer = {};
    // Easy read: the picture of the question's screen, on its first row; empty: none.
    std::string picture = {};
};
std::vector<AnswerRow> check_answer_rows(const State& state, const Translator& t = english());

// Confirmation texts: what happens next, support contacts (Victim First, 999, 101).
struct ConfirmationBlock {
    std::string text;
    bool subheading = false; // drawn as a heading of the paragraphs after it
    // A support contact: `text` is its label and this the number or address, drawn under it and
    // always left to right (in Urdu too, a phone number reads 0800 953 95 95).
    std::string contact = {};
};
std::vector<ConfirmationBlock> confirmation_paragraphs(const State& state,
                                                       const Translator& t = english());

// "What happens next" for the consents given, and when (settings.support's agreed times).
std::vector<std::string> what_happens_next(const State& state, const Translator& t = english());

// Where to get support, from settings.support: Victim First's phone and web address, the police's
// emergency and non-emergency numbers (the centre's own text is settings.support.centre_text).
struct SupportLine {
    std::string label;   // translated
    std::string contact; // as configured
};
std::vector<SupportLine> support_lines(const State& state, const Translator& t = english());

// The printed slip of the reference on CONFIRMATION (issue 17), in the session's language: the
// reference, today's date and — unless `discreet` — what happens next and where to get support.
// Never a name, an answer or anything typed: a slip found by someone else reveals only that a
// report exists (issue 17 item 2). A discreet slip says only "Your reference", the reference and
// the date.
hrc::receipt::Slip receipt_slip(const State& state, const Translator& t, bool discreet);

// NEED_HELP, in large type (issue 14 item 3): call the emergency number now (settings.support,
// isolated left to right), or ask a member of staff; then the centre's own help text
// (settings.support.help_text) when it has one. DANGER's button is text_need_help().
struct HelpLine {
    std::string text;
    bool large = false; // the first, most important line: drawn larger still
};
std::vector<HelpLine> need_help_lines(const State& state, const Translator& t = english());
std::string_view text_need_help(); // "I need help now"

// The words of printing on CONFIRMATION (catalog keys; the view translates them).
std::string_view text_print_reference();     // "Print my reference"
std::string_view text_print_explained();     // what a slip holds and never holds
std::string_view text_print_full();          // "Print"
std::string_view text_print_discreet();      // "Print only the reference"
std::string_view text_print_discreet_hint(); // "No heading says what it is for"
std::string_view text_print_cancel();        // "Do not print"
std::string_view text_printing();            // "Printing…"
std::string_view text_print_again();         // "Try again"

// The languages offered on the first screen, by native name (flags are not languages).
struct LanguageOption {
    std::string code;        // "en-GB", "pl", …
    std::string native_name; // "English", "Polski", …
};
std::vector<LanguageOption> languages();

// STAFF_STATUS: counts and times only, never any report's content. Times are relative to
// state.last_touch ("5 minutes ago"), so no time zone is needed here.
struct StatusRow {
    std::string label;
    std::string value;
};
std::vector<StatusRow> staff_status_rows(const State& state, const Translator& t = english());

// "27 March 2025" in the language's order, and "5 minutes ago" (also used by the view).
std::string date_in_words(const Translator& t, CivilDate date);
std::string time_ago(const Translator& t, std::int64_t then, std::int64_t now);

// Words of the view's own controls (catalog keys; the view translates them).
namespace keys {
inline constexpr std::string_view larger_text = HRC_TEXT("Larger text");
inline constexpr std::string_view high_contrast = HRC_TEXT("High contrast");
inline constexpr std::string_view slower_reading = HRC_TEXT("Slower reading"); // speech pace
inline constexpr std::string_view read_aloud = HRC_TEXT("Read aloud");
inline constexpr std::string_view stop_reading = HRC_TEXT("Stop reading");
inline constexpr std::string_view read_aloud_unavailable =
    HRC_TEXT("Read aloud is not available in this language. Ask a member of staff to read with "
             "you.");
inline constexpr std::string_view read_aloud_failed =
    HRC_TEXT("Read aloud is not working. Please ask a member of staff.");
inline constexpr std::string_view scroll_up = HRC_TEXT("Scroll up");
inline constexpr std::string_view scroll_down = HRC_TEXT("Scroll down");
inline constexpr std::string_view check_again = HRC_TEXT("Check again");
// On-screen keyboard: key caps, short (Translator::context(key.context, key.key)).
struct ContextKey {
    std::string_view context;
    std::string_view key;
};
inline constexpr ContextKey key_delete{HRC_CONTEXT("keyboard key", "Delete")};
inline constexpr ContextKey key_space{HRC_CONTEXT("keyboard key", "space")};
inline constexpr ContextKey key_shift{HRC_CONTEXT("keyboard key", "shift")};
inline constexpr ContextKey key_more{HRC_CONTEXT("keyboard key", "more letters")};
inline constexpr ContextKey key_english{HRC_CONTEXT("keyboard key", "English letters")};
// Staff status chart legend
inline constexpr std::string_view bar_sent = HRC_TEXT("Sent");
inline constexpr std::string_view bar_ready = HRC_TEXT("Ready to send");
inline constexpr std::string_view bar_sending = HRC_TEXT("Being sent");
inline constexpr std::string_view bar_retry = HRC_TEXT("Trying again later");
inline constexpr std::string_view bar_refused = HRC_TEXT("Refused");
// The screen shown when the kiosk cannot start (store missing, broken configuration)
inline constexpr std::string_view broken_heading =
    HRC_TEXT("This kiosk is not working at the moment");
inline constexpr std::string_view broken_text =
    HRC_TEXT("Please ask a member of staff for help. You can also report hate to the police on "
             "101, or call 999 in an emergency.");
inline constexpr std::string_view broken_for_staff = HRC_TEXT("For staff");
inline constexpr std::string_view broken_error_code =
    HRC_TEXT("Error code {code} (see docs/exit-codes.md). Fix the problem, then restart the kiosk "
             "(systemctl restart hrc-kiosk).");
// Staff status: problems the shell reports (the detail is the store's own words, for staff)
inline constexpr std::string_view status_error_code = HRC_TEXT("error {code}, see the kiosk log");
inline constexpr std::string_view status_store_unreadable =
    HRC_TEXT("Cannot read this kiosk's store: {detail}");
inline constexpr PluralKey status_waiting_long_warning{
    HRC_PLURAL("{n} report has waited a long time for central to confirm it. It is kept safely "
               "until then. Check that reports are being sent.",
               "{n} reports have waited a long time for central to confirm them. They are kept "
               "safely until then. Check that reports are being sent.")};
inline constexpr std::string_view answers_need_checking = HRC_TEXT("the answers need checking");
} // namespace keys

} // namespace hrc::kiosk
