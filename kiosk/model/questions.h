// kiosk/model/questions.h — every screen of the kiosk as one table entry (kiosk/model/questions.cpp).
//
// A question used to live in ~14 switch statements across flow.cpp, content.cpp and view.cpp.
// Now one ScreenSpec says everything about a screen: its id, its words ("you" / "they" variants),
// its choice groups (labels, and how each reads and writes the report), its text fields (label,
// where the answer goes in the report, when the field shows, which keyboard it opens on), when
// the question is asked at all, which validate() messages belong to it, and its rows on "Check
// your answers". reduce() (flow.cpp), content_for() and check_answer_rows() (content.cpp) and the
// view read this table; none of them switches on a question screen.
//
// Adding a question: docs/adding-a-question.md (one entry in kScreens + its labels + messages).
//
// Everything here is constexpr data and plain function pointers: no allocation, no ImGui.
#pragma once

#include <optional>
#include <span>
#include <string_view>

#include "hrc/report.h"
#include "hrc/validation.h"

#include "ids.h"

namespace hrc::kiosk {

// A text in two variants: `me` when the person reports what happened to them (or has not said
// yet), `they` when they saw it or report for someone else. `they` empty: the same words.
struct Words {
    std::string_view me;
    std::string_view they = {};

    constexpr std::string_view pick(bool about_me) const {
        return about_me || they.empty() ? me : they;
    }
};

// One choice's words: catalog keys (HRC_TEXT), translated by content_for().
struct Label {
    int value; // ChoiceId::value
    std::string_view label;
    std::string_view hint = {};
};

// The answers a screen edits: the report, and the ANONYMOUS answer that the report cannot express
// on its own (State::anonymous_answer; Report::about.anonymous mirrors it once answered).
struct Answers {
    Report& report;
    std::optional<bool>& anonymous;
};
struct ConstAnswers {
    const Report& report;
    const std::optional<bool>& anonymous;
};

// A group of radios (one answer) or checkboxes (several), and how it reads and writes the report.
// `choose` is called only with a value from `labels`; for checkboxes it toggles.
struct ChoiceGroupSpec {
    std::span<const Label> labels; // in the order shown
    bool multiple = false;
    Words legend = {}; // the second group's own heading (a fieldset legend)
    bool (*is_chosen)(ConstAnswers, int value) = nullptr;
    void (*choose)(Answers, int value) = nullptr;
    void (*clear)(Answers) = nullptr; // the question stops applying (drop_irrelevant)
};

// How typed text becomes the report's value.
enum class TextKind {
    plain,    // trimmed
    date,     // "27 3 2025" → "2025-03-27"; anything else is passed on for validate()'s message
    postcode, // "le15fq" → "LE1 5FQ" when it is a UK postcode
    phone, // digits of any script as ASCII: "૦૭૭૦૦ ૯૦૦૯૮૨" → "07700 900982" (ascii_digits)
};

struct FieldWords {
    std::string_view label;
    std::string_view hint = {};
};

struct TextFieldDef {
    Field field;
    std::string_view id; // field_id(): automation ids, logs of field names
    Words label;
    std::string_view hint = {};
    bool multiline = false;
    // Answers written in Latin letters whatever the language (a UK postcode, an email address, a
    // staff ID): the keyboard opens on English letters. Answers of digits only (a date like
    // 27 3 2025, a phone number: TextKind date and phone) open the numeric pad instead
    // (opens_numeric_pad(), screen_rules.h).
    bool latin_keyboard = false;
    TextKind kind = TextKind::plain;
    std::optional<ReportPath> path = {};                    // nullopt: not in the report
    bool (*shown)(const Report&) = nullptr;                 // nullptr: always on its screen
    std::optional<std::string>* (*slot)(Report&) = nullptr; // where the answer goes; nullptr
                                                            // from it: not applicable now
    FieldWords (*words_for)(const Report&) = nullptr;       // words that follow another answer
};

// A validate() message that belongs to a screen but to none of its text fields: shown beside the
// choices (field nullopt) or beside a named field.
struct ExtraProblem {
    ReportPath path;
    std::optional<Field> field = {};
};

// One row of "Check your answers".
enum class RowKind {
    choice,        // the chosen labels of `group` (joined), then ": details" from `details`
    text,          // what was typed into `details`
    incident_date, // "27 March 2025", "Around …", "From … to …"
    consent,       // "Yes" / "No"
};
struct AnswerRowDef {
    Words question;
    RowKind kind;
    Group group = Group::first;
    std::optional<Field> details = {};
};

struct ScreenSpec {
    Screen screen;
    std::string_view id;   // screen_id()
    bool question = false; // counts in "Question n of m"; on the path
    bool optional = true;  // "(optional)" in the heading (questions only)
    Words heading = {};
    Words hint = {};
    std::string_view (*hint_for)(const Report&) = nullptr;  // a hint that follows other answers
    std::string_view continue_label = HRC_TEXT("Continue"); // empty: no main button
    std::span<const ChoiceGroupSpec> groups = {};
    std::span<const TextFieldDef> fields = {};
    bool (*relevant)(const Report&) = nullptr; // nullptr: always asked
    std::span<const ExtraProblem> extra_problems = {};
    std::span<const AnswerRowDef> rows = {};
};

// The wording versions recorded with each consent (Consent::wording_version). Change the number
// whenever the wording of that screen changes, so an old consent keeps its meaning.
inline constexpr std::string_view kConsentSharePoliceVersion = "share-police/1"; // CONSENT_POLICE
inline constexpr std::string_view kConsentPoliceContactVersion =
    "police-contact/1";                                                          // CONSENT_CONTACT
inline constexpr std::string_view kConsentSupportVersion = "support-referral/1"; // CONSENT_SUPPORT
inline constexpr std::string_view kConsentStatisticsVersion = "statistics/1"; // CONSENT_STATISTICS

// Every screen, question screens in the order they are asked.
std::span<const ScreenSpec> screen_specs();
const ScreenSpec& spec_of(Screen screen);

// Every text field once (for field_id(), the keyboard choice and the coverage tests).
std::span<const TextFieldDef> text_field_defs();
const TextFieldDef& def_of(Field field);

// A choice group of a screen; nullptr when the screen has no such group.
const ChoiceGroupSpec* group_of(Screen screen, Group group);

// Whether the question is asked with these answers (the brackets in flow.h's state machine).
bool is_relevant(const ScreenSpec& spec, const Report& report);

// The STAFF_MENU's items, in the order shown.
std::span<const Label> staff_menu_labels();

} // namespace hrc::kiosk
