// kiosk/model/content.h — every word the kiosk shows, in plain English (GOV.UK reading age 9).
//
// All of it is here, behind these functions, so the languages issue can move it to gettext
// catalogs in one place: every literal is wrapped in HRC_TEXT("…") so xgettext can extract it
// (`xgettext --keyword=HRC_TEXT`). No ImGui here.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "flow.h"

// Marks a user-visible English string for extraction. Today it is the string itself.
#define HRC_TEXT(s) (s)

namespace hrc::kiosk {

// Choice values, per screen (the view sends Choice::value back as Choose / Toggle; it never needs
// to know the encoding, only tests and the model do). `enum` = static_cast<int> of the hrc enum;
// a second question on the same screen adds kSecondQuestion (100):
//
//   LANGUAGE            index into languages()                       Choose (= ChooseLanguage)
//   ROLE                Role                                         Choose
//   STRANDS             Strand                                       Toggle
//   CLASSIFICATION      Classification                               Choose
//   WHAT_HAPPENED       WhatHappened                                 Toggle
//   WHEN_DATE           DateKind                                     Choose
//   WHEN_TIME           TimeOfDay;        100 + Answer (ongoing)     Choose
//   WHERE_DISTRICT      District                                     Choose
//   WHERE_PLACE         PlaceType                                    Choose
//   OFFENDERS           OffenderCount;    100 + Answer (known)       Choose
//   INJURED             Answer                                       Choose
//   DAMAGE              Answer (damaged); 100 + Answer (stolen)      Choose
//   WITNESSES           Answer                                       Choose
//   EVIDENCE            Evidence                                     Toggle
//   ANONYMOUS           0 = give my details, 1 = stay anonymous      Choose
//   CONTACT             ContactMethod (safest way to contact)        Choose
//   ABOUT_YOU           AgeBand;          100 + Answer (interpreter) Choose
//   CONSENT_*           ConsentDecision (0 given, 1 refused)         Choose
//   STAFF_MENU          0 assisted, 1 paper form, 2 status, 3 sign out   Choose (= StaffChoose)
//
// The choices are listed in the order they are shown, which is not always the enum's order.
struct Choice {
    int value;
    std::string_view label;
    std::string_view hint;   // may be empty
    // Non-empty on the first choice of a screen's second question: draw it as that question's
    // heading (a fieldset legend) before the choice. A single-choice screen with a second question
    // is two radio groups: one selected choice per group.
    std::string_view legend = {};
};

// The wording versions recorded with each consent (Consent::wording_version). Change the number
// whenever the wording of that screen changes, so an old consent keeps its meaning.
inline constexpr std::string_view kConsentSharePoliceVersion = "share-police/1";      // CONSENT_POLICE
inline constexpr std::string_view kConsentPoliceContactVersion = "police-contact/1";  // CONSENT_CONTACT
inline constexpr std::string_view kConsentSupportVersion = "support-referral/1";      // CONSENT_SUPPORT
inline constexpr std::string_view kConsentStatisticsVersion = "statistics/1";         // CONSENT_STATISTICS

struct TextFieldSpec {
    Field field;
    std::string_view label;
    std::string_view hint;   // e.g. "For example, 27 3 2025"
    bool multiline = false;
};

struct ScreenContent {
    std::string_view heading;               // the question itself
    std::string_view hint;                  // under the heading; may be empty
    std::vector<Choice> choices;            // empty for pure text screens
    bool multiple = false;                  // checkboxes instead of radios
    std::vector<TextFieldSpec> fields;      // text fields on this screen (shown after the choices)
    std::string_view continue_label;        // "Continue", "Send report", …; empty: no button
};

// The content of a screen given the state (some texts depend on the role: "you" / "they").
ScreenContent content_for(const State& state);

// Short texts used by the view.
std::string_view text_back();
std::string_view text_quick_exit();          // "Leave this page quickly"
std::string_view text_optional();            // "(optional)"
std::string_view text_question_n_of_m();     // "Question {n} of {m}"
std::string_view text_error_summary_title(); // "There is a problem"
std::string_view text_still_there();         // "Are you still there?"
std::string_view text_still_there_hint();    // "For your privacy, this page will clear in {s} seconds."
std::string_view text_still_here_button();   // "Yes, I am still here"
std::string_view text_not_given();           // "Not given" (check answers)
std::string_view text_change();              // "Change"
std::string_view text_your_reference();      // "Your reference" (CONFIRMATION, above the reference)
std::string_view text_noted_reference();     // "I have noted my reference" (the NotedReference box)
std::string_view text_staff_entry();         // "Staff" (the discreet StaffEntry button on LANGUAGE)

// Check your answers: one row per question asked, in order, with the screen its Change link
// opens. Skipped answers show text_not_given().
struct AnswerRow {
    std::string question;
    std::string answer;
    Screen change_to;
};
std::vector<AnswerRow> check_answer_rows(const State& state);

// Confirmation texts: what happens next, support contacts (Victim First, 999, 101).
std::vector<std::string> confirmation_paragraphs(const State& state);

// The languages offered on the first screen, by native name (flags are not languages).
struct LanguageOption {
    std::string code;          // "en-GB", "pl", …
    std::string native_name;   // "English", "Polski", …
};
std::vector<LanguageOption> languages();

// STAFF_STATUS: counts and times only, never any report's content. Times are relative to
// state.last_touch ("5 minutes ago"), so no time zone is needed here.
struct StatusRow {
    std::string label;
    std::string value;
};
std::vector<StatusRow> staff_status_rows(const State& state);

} // namespace hrc::kiosk
