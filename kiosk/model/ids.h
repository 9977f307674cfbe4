// kiosk/model/ids.h — the typed ids the model, the view, the shell and the tests share: screens,
// text fields, choices, staff actions, and the automation ids the e2e driver taps.
//
// Why typed: a choice used to be a bare int with +100 for a screen's second question, a staff
// action an int where 2 also meant "refresh", and the e2e tests built "choice-" + number by hand.
// Now a wrong id is a compile error, and the view and the e2e driver build automation ids with the
// same functions (automation_id below), so they cannot drift apart.
#pragma once

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

namespace hrc::kiosk {

// Every screen of the kiosk. The question screens' order, words, choices and fields are one table:
// kiosk/model/questions.cpp (docs/adding-a-question.md).
enum class Screen {
    language,
    danger,
    role,
    strands,
    classification,
    what_happened,
    own_words,
    when_date,
    when_time,
    where_district,
    where_place,
    where_address,
    offenders,
    offender_description,
    injured,
    damage,
    witnesses,
    evidence,
    anonymous,
    contact,
    about_you,
    consent_police,
    consent_contact,
    consent_support,
    consent_statistics,
    check_answers,
    sending,
    confirmation,
    neutral,
    need_help, // "I need help now" on DANGER: call 999 or ask staff (issue 14 item 3)
    staff_id,
    staff_pin,
    staff_menu,
    staff_status
};
// Stable ids for the automation output and the logs: "role", "check_answers", …
std::string_view screen_id(Screen s);

// Text the person types, kept apart from the Report until Continue so that a half-typed date or
// e-mail is never lost or half-applied.
enum class Field {
    other_difference,
    what_happened_other,
    description,
    date_from,
    date_to,
    place_other,
    address,
    postcode,
    offender_description,
    injury_details,
    damage_details,
    stolen_details,
    witness_details,
    evidence_details,
    name,
    phone,
    email,
    contact_address,
    safe_contact_times,
    interpreter_language,
    access_needs,
    staff_id,
    staff_pin
};
std::string_view field_id(Field f); // "description", "postcode", …

// Which question on a screen a choice answers: most screens ask one; WHEN_TIME, OFFENDERS, DAMAGE
// and ABOUT_YOU ask a second one below the first (its own radio group with its own legend).
enum class Group : std::uint8_t { first, second };

// One choice: the group and the value within it. For the report's enums the value is the enum's
// integer value (choice_of(Role::witness)); the table in questions.cpp says which enum each group
// answers. A value that is not one of the group's choices is ignored by reduce().
struct ChoiceId {
    Group group = Group::first;
    int value = 0;

    auto operator<=>(const ChoiceId&) const = default;
};
template <typename E>
constexpr ChoiceId choice_of(E value, Group group = Group::first) {
    return ChoiceId{group, static_cast<int>(value)};
}

// ANONYMOUS: the report has no enum for it (Report::about.anonymous is a bool that cannot say
// "not answered yet"), so the screen has its own.
enum class AnonymousChoice { give_details, stay_anonymous };

// What a signed-in member of staff can do (STAFF_MENU, and refresh on STAFF_STATUS).
// reprint_last: print the last confirmed reference again (only shown when a printer is configured;
// the shell holds that slip only within the idle window after the person finished).
enum class StaffAction {
    assisted_report,
    paper_form,
    check_sending,
    sign_out,
    refresh_status,
    reprint_last
};

// ---- automation ids ------------------------------------------------------------------------------
// The view reports every control it draws with one of these ids (kiosk/app/automation.h); the e2e
// driver finds controls by the same functions. Stable across languages.
namespace automation_id {
inline constexpr std::string_view back = "back";
inline constexpr std::string_view quick_exit = "quick-exit";
inline constexpr std::string_view main_button = "continue"; // Continue, Send report, Start, Sign in
inline constexpr std::string_view finish = "finish";        // the main button on CONFIRMATION
inline constexpr std::string_view staff_corner = "staff-corner";
inline constexpr std::string_view refresh = "refresh";
inline constexpr std::string_view noted_reference = "noted";
inline constexpr std::string_view still_here = "still-here";
inline constexpr std::string_view need_help = "need-help"; // DANGER's "I need help now"
// CONFIRMATION's printing (issue 17): the button, then the two kinds of slip and Cancel.
inline constexpr std::string_view print_reference = "print-reference";
inline constexpr std::string_view print_full = "print-full";
inline constexpr std::string_view print_discreet = "print-discreet";
inline constexpr std::string_view print_cancel = "print-cancel";
inline constexpr std::string_view print_explained = "print-explained"; // what a slip holds
inline constexpr std::string_view print_status = "print-status";       // the printer's message

// "choice-2" for the first group's value 2, "choice-second-1" for the second group's value 1.
inline std::string choice(ChoiceId id) {
    return std::string(id.group == Group::second ? "choice-second-" : "choice-") +
           std::to_string(id.value);
}
template <typename E>
std::string choice(E value, Group group = Group::first) {
    return choice(choice_of(value, group));
}
inline std::string field(Field f) {
    return "field-" + std::string(field_id(f));
}
inline std::string field_error(Field f) {
    return "error-" + std::string(field_id(f));
}
inline std::string change_link(Screen s) {
    return "change-" + std::string(screen_id(s));
}
inline std::string language(std::string_view code) {
    return "language-" + std::string(code);
}
inline std::string staff_menu(StaffAction a) {
    return "staff-menu-" + std::to_string(static_cast<int>(a));
}
inline std::string key(std::string_view xkb_name) {
    return "key-" + std::string(xkb_name);
}
} // namespace automation_id

} // namespace hrc::kiosk
