// content.cpp — every English word the kiosk shows (plain English, GOV.UK style, reading age 9).
//
// [SECTIONS]
//   1. answer labels      one table per enum, in the order shown (also used on check answers)
//   2. content_for()      heading, hint, choices, fields and button of each screen
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

namespace hrc::kiosk {

namespace {

// ================================================================================================
// 1. answer labels
// ================================================================================================

struct Label {
    int value;
    std::string_view label;
    std::string_view hint = {};
};

constexpr std::array kRoleLabels{
    Label{static_cast<int>(Role::victim), HRC_TEXT("It happened to me")},
    Label{static_cast<int>(Role::witness), HRC_TEXT("I saw it happen to someone else")},
    Label{static_cast<int>(Role::on_behalf), HRC_TEXT("I am reporting it for someone else"),
          HRC_TEXT("For example, your child, a friend or someone you support")},
};

constexpr std::array kStrandLabels{
    Label{static_cast<int>(Strand::race), HRC_TEXT("Race"), HRC_TEXT("Including skin colour, nationality or where someone comes from")},
    Label{static_cast<int>(Strand::religion), HRC_TEXT("Religion or belief")},
    Label{static_cast<int>(Strand::sexual_orientation), HRC_TEXT("Sexual orientation"), HRC_TEXT("For example, being gay, lesbian or bisexual")},
    Label{static_cast<int>(Strand::disability), HRC_TEXT("Disability"), HRC_TEXT("Including learning disability and mental health")},
    Label{static_cast<int>(Strand::transgender_identity), HRC_TEXT("Transgender identity")},
    Label{static_cast<int>(Strand::other), HRC_TEXT("Something else"), HRC_TEXT("For example, age, what someone wears, or being homeless")},
};

// "Yes" first: most people who report think it may be a crime, and "not sure" is a full answer.
constexpr std::array kClassificationLabels{
    Label{static_cast<int>(Classification::crime), HRC_TEXT("Yes, I think it was a crime")},
    Label{static_cast<int>(Classification::incident), HRC_TEXT("No, I do not think it was a crime"),
          HRC_TEXT("It can still be a hate incident, and it is still important to report it")},
    Label{static_cast<int>(Classification::not_sure), HRC_TEXT("I'm not sure"), HRC_TEXT("That is fine. You do not need to know")},
};

constexpr std::array kWhatHappenedLabels{
    Label{static_cast<int>(WhatHappened::verbal_abuse), HRC_TEXT("Verbal abuse"), HRC_TEXT("For example, shouting, swearing or calling names")},
    Label{static_cast<int>(WhatHappened::threats), HRC_TEXT("Threats")},
    Label{static_cast<int>(WhatHappened::physical_assault), HRC_TEXT("Physical attack"), HRC_TEXT("For example, being hit, pushed or spat at")},
    Label{static_cast<int>(WhatHappened::property_damage), HRC_TEXT("Damage to property"), HRC_TEXT("For example, to a home, car or phone")},
    Label{static_cast<int>(WhatHappened::graffiti), HRC_TEXT("Graffiti")},
    Label{static_cast<int>(WhatHappened::online_abuse), HRC_TEXT("Abuse online"), HRC_TEXT("For example, on social media, in messages or in games")},
    Label{static_cast<int>(WhatHappened::harassment), HRC_TEXT("Harassment"), HRC_TEXT("Being followed, picked on or bothered again and again")},
    Label{static_cast<int>(WhatHappened::theft), HRC_TEXT("Theft"), HRC_TEXT("Something was stolen")},
    Label{static_cast<int>(WhatHappened::other), HRC_TEXT("Something else")},
};

constexpr std::array kDateKindLabels{
    Label{static_cast<int>(DateKind::exact), HRC_TEXT("On a date I know")},
    Label{static_cast<int>(DateKind::approximate), HRC_TEXT("I know roughly when")},
    Label{static_cast<int>(DateKind::range), HRC_TEXT("Over a period of time"), HRC_TEXT("For example, it happened many times")},
    Label{static_cast<int>(DateKind::dont_know), HRC_TEXT("I don't know")},
};

constexpr std::array kTimeOfDayLabels{
    Label{static_cast<int>(TimeOfDay::morning), HRC_TEXT("In the morning")},
    Label{static_cast<int>(TimeOfDay::afternoon), HRC_TEXT("In the afternoon")},
    Label{static_cast<int>(TimeOfDay::evening), HRC_TEXT("In the evening")},
    Label{static_cast<int>(TimeOfDay::night), HRC_TEXT("At night")},
    Label{static_cast<int>(TimeOfDay::dont_know), HRC_TEXT("I don't know")},
};

constexpr std::array kAnswerLabels{
    Label{static_cast<int>(Answer::yes), HRC_TEXT("Yes")},
    Label{static_cast<int>(Answer::no), HRC_TEXT("No")},
    Label{static_cast<int>(Answer::dont_know), HRC_TEXT("I don't know")},
    Label{static_cast<int>(Answer::prefer_not_to_say), HRC_TEXT("I'd rather not say")},
};

// The city first (most reports), then the districts A to Z, then the answers that are not places.
constexpr std::array kDistrictLabels{
    Label{static_cast<int>(District::leicester_city), HRC_TEXT("Leicester (the city)")},
    Label{static_cast<int>(District::blaby), HRC_TEXT("Blaby")},
    Label{static_cast<int>(District::charnwood), HRC_TEXT("Charnwood"), HRC_TEXT("Including Loughborough")},
    Label{static_cast<int>(District::harborough), HRC_TEXT("Harborough"), HRC_TEXT("Including Market Harborough")},
    Label{static_cast<int>(District::hinckley_and_bosworth), HRC_TEXT("Hinckley and Bosworth")},
    Label{static_cast<int>(District::melton), HRC_TEXT("Melton"), HRC_TEXT("Including Melton Mowbray")},
    Label{static_cast<int>(District::north_west_leicestershire), HRC_TEXT("North West Leicestershire"), HRC_TEXT("Including Coalville")},
    Label{static_cast<int>(District::oadby_and_wigston), HRC_TEXT("Oadby and Wigston")},
    Label{static_cast<int>(District::rutland), HRC_TEXT("Rutland")},
    Label{static_cast<int>(District::elsewhere), HRC_TEXT("Somewhere else"), HRC_TEXT("Outside Leicester, Leicestershire and Rutland")},
    Label{static_cast<int>(District::online), HRC_TEXT("Online")},
    Label{static_cast<int>(District::dont_know), HRC_TEXT("I don't know")},
};

constexpr std::array kPlaceLabels{
    Label{static_cast<int>(PlaceType::home), HRC_TEXT("At or near a home")},
    Label{static_cast<int>(PlaceType::street), HRC_TEXT("In the street")},
    Label{static_cast<int>(PlaceType::public_transport), HRC_TEXT("On public transport"), HRC_TEXT("On a bus, train or taxi, or at a stop or station")},
    Label{static_cast<int>(PlaceType::shop), HRC_TEXT("In or near a shop")},
    Label{static_cast<int>(PlaceType::town_centre), HRC_TEXT("In a town or city centre")},
    Label{static_cast<int>(PlaceType::retail_park), HRC_TEXT("At a retail park")},
    Label{static_cast<int>(PlaceType::school_or_college), HRC_TEXT("At a school, college or university")},
    Label{static_cast<int>(PlaceType::workplace), HRC_TEXT("At work")},
    Label{static_cast<int>(PlaceType::place_of_worship), HRC_TEXT("At or near a place of worship")},
    Label{static_cast<int>(PlaceType::online), HRC_TEXT("Online")},
    Label{static_cast<int>(PlaceType::other), HRC_TEXT("Somewhere else")},
    Label{static_cast<int>(PlaceType::dont_know), HRC_TEXT("I don't know")},
};

constexpr std::array kOffenderCountLabels{
    Label{static_cast<int>(OffenderCount::one), HRC_TEXT("One person")},
    Label{static_cast<int>(OffenderCount::two), HRC_TEXT("Two people")},
    Label{static_cast<int>(OffenderCount::three_or_more), HRC_TEXT("Three or more people")},
    Label{static_cast<int>(OffenderCount::dont_know), HRC_TEXT("I don't know")},
};

constexpr std::array kEvidenceLabels{
    Label{static_cast<int>(Evidence::cctv), HRC_TEXT("CCTV or video"), HRC_TEXT("Or you know there is a camera where it happened")},
    Label{static_cast<int>(Evidence::photos), HRC_TEXT("Photos")},
    Label{static_cast<int>(Evidence::messages), HRC_TEXT("Messages, emails or posts"), HRC_TEXT("For example, screenshots")},
    Label{static_cast<int>(Evidence::other), HRC_TEXT("Something else")},
};

constexpr std::array kAnonymousLabels{
    Label{0, HRC_TEXT("Yes, I will give my details")},
    Label{1, HRC_TEXT("No, I want to stay anonymous"), HRC_TEXT("We will not ask for your name or how to contact you")},
};

constexpr std::array kContactMethodLabels{
    Label{static_cast<int>(ContactMethod::phone), HRC_TEXT("Phone call")},
    Label{static_cast<int>(ContactMethod::text_message), HRC_TEXT("Text message")},
    Label{static_cast<int>(ContactMethod::email), HRC_TEXT("Email")},
    Label{static_cast<int>(ContactMethod::letter), HRC_TEXT("Letter")},
};

constexpr std::array kAgeLabels{
    Label{static_cast<int>(AgeBand::under_18), HRC_TEXT("Under 18")},
    Label{static_cast<int>(AgeBand::age_18_24), HRC_TEXT("18 to 24")},
    Label{static_cast<int>(AgeBand::age_25_34), HRC_TEXT("25 to 34")},
    Label{static_cast<int>(AgeBand::age_35_44), HRC_TEXT("35 to 44")},
    Label{static_cast<int>(AgeBand::age_45_54), HRC_TEXT("45 to 54")},
    Label{static_cast<int>(AgeBand::age_55_64), HRC_TEXT("55 to 64")},
    Label{static_cast<int>(AgeBand::age_65_plus), HRC_TEXT("65 or over")},
    Label{static_cast<int>(AgeBand::prefer_not_to_say), HRC_TEXT("I'd rather not say")},
};

constexpr std::array kStaffMenuLabels{
    Label{0, HRC_TEXT("Help someone make a report"), HRC_TEXT("They choose their language, then you go through the questions together")},
    Label{1, HRC_TEXT("Type in a paper form")},
    Label{2, HRC_TEXT("Check that reports are being sent")},
    Label{3, HRC_TEXT("Sign out")},
};

std::string maybe(const Translator& t, std::string_view key) { return key.empty() ? std::string() : t(key); }

template <std::size_t N>
std::vector<Choice> choices(const Translator& t, const std::array<Label, N>& labels, int offset = 0,
                            std::string_view legend = {}) {
    std::vector<Choice> out;
    for (const Label& l : labels)
        out.push_back(Choice{l.value + offset, t(l.label), maybe(t, l.hint), out.empty() ? maybe(t, legend) : std::string()});
    return out;
}

template <std::size_t N>
std::string label_of(const Translator& t, const std::array<Label, N>& labels, int value) {
    for (const Label& l : labels)
        if (l.value == value) return t(l.label);
    return {};
}

template <std::size_t N, typename E>
std::string label_of(const Translator& t, const std::array<Label, N>& labels, const std::optional<E>& value) {
    if (!value) return t(text_not_given());
    return label_of(t, labels, static_cast<int>(*value));
}

// Choice labels of a list, in the order shown, joined with the language's list separator.
template <std::size_t N, typename E>
std::string labels_of(const Translator& t, const std::array<Label, N>& labels, const std::vector<E>& values) {
    std::string out;
    for (const Label& l : labels)
        if (std::find(values.begin(), values.end(), static_cast<E>(l.value)) != values.end()) {
            if (!out.empty()) out += t.context(HRC_CONTEXT("between the items of a list", ", "));
            out += t(l.label);
        }
    return out;
}

// "you" or "the person it happened to", from the role chosen so far.
bool about_me(const State& s) { return !s.editing.role || *s.editing.role == Role::victim; }

// A field's label and hint as catalog keys; field_spec() translates them.
struct FieldKeys {
    Field field;
    std::string_view label;
    std::string_view hint = {};
    bool multiline = false;
};

FieldKeys field_keys(Field f, const State& s) {
    const bool me = about_me(s);
    const bool range = s.editing.when.date && s.editing.when.date->kind == DateKind::range;
    const bool approximate = s.editing.when.date && s.editing.when.date->kind == DateKind::approximate;
    switch (f) {
    case Field::other_difference: return {f, HRC_TEXT("What else do you think it was about?"), {}};
    case Field::what_happened_other: return {f, HRC_TEXT("What else happened?"), {}};
    case Field::description:
        return {f, HRC_TEXT("What happened"), HRC_TEXT("You can write in any language."), true};
    case Field::date_from:
        return {f, range ? HRC_TEXT("First date") : approximate ? HRC_TEXT("Roughly when") : HRC_TEXT("Date"),
                approximate ? HRC_TEXT("For example, 27 3 2025. If you do not know the day, put your best guess.")
                            : HRC_TEXT("For example, 27 3 2025")};
    case Field::date_to: return {f, HRC_TEXT("Last date"), HRC_TEXT("For example, 30 3 2025")};
    case Field::place_other: return {f, HRC_TEXT("What kind of place was it?"), {}};
    case Field::address:
        return {f, HRC_TEXT("Address or description of the place"),
                HRC_TEXT("For example, a street name, a building, or the bus route"), true};
    case Field::postcode: return {f, HRC_TEXT("Postcode"), HRC_TEXT("For example, LE1 5FQ")};
    case Field::offender_description:
        return {f, HRC_TEXT("What you can tell us"),
                HRC_TEXT("For example, what they looked like, what they wore, what they said, or a car number plate. You can write in any language."),
                true};
    case Field::injury_details:
        return {f, me ? HRC_TEXT("Tell us about your injuries") : HRC_TEXT("Tell us about their injuries"), {}, true};
    case Field::damage_details: return {f, HRC_TEXT("What was damaged?"), {}, true};
    case Field::stolen_details: return {f, HRC_TEXT("What was stolen?"), {}, true};
    case Field::witness_details:
        return {f, HRC_TEXT("Who saw it?"), HRC_TEXT("For example, their names, or where they work or live, if you know."), true};
    case Field::evidence_details:
        return {f, HRC_TEXT("Tell us about it"), HRC_TEXT("For example, where the camera is, or who has the photos."), true};
    case Field::name: return {f, HRC_TEXT("Your name"), {}};
    case Field::phone: return {f, HRC_TEXT("Phone number"), HRC_TEXT("For example, 07700 900982")};
    case Field::email: return {f, HRC_TEXT("Email address"), HRC_TEXT("For example, name@example.com")};
    case Field::contact_address: return {f, HRC_TEXT("Postal address"), {}, true};
    case Field::safe_contact_times:
        return {f, HRC_TEXT("When is it safe to contact you?"), HRC_TEXT("For example, weekday mornings")};
    case Field::interpreter_language: return {f, HRC_TEXT("Which language?"), {}};
    case Field::access_needs:
        return {f, HRC_TEXT("Do you have any access needs we should know about?"),
                HRC_TEXT("For example, large print, British Sign Language, or step-free access."), true};
    case Field::staff_id: return {f, HRC_TEXT("Staff ID"), {}};
    case Field::staff_pin: return {f, HRC_TEXT("PIN"), {}};
    }
    return {f, {}, {}};
}

TextFieldSpec field_spec(const Translator& t, Field f, const State& s) {
    const FieldKeys k = field_keys(f, s);
    return TextFieldSpec{k.field, maybe(t, k.label), maybe(t, k.hint), k.multiline};
}

} // namespace

// ================================================================================================
// 2. content_for()
// ================================================================================================

ScreenContent content_for(const State& s, const Translator& t) {
    const bool me = about_me(s);
    ScreenContent c;
    c.continue_label = t(HRC_TEXT("Continue"));
    switch (s.screen) {
    case Screen::language: {
        c.heading = t(HRC_TEXT("Choose your language"));
        const std::vector<LanguageOption> options = languages();   // each in its own language
        for (std::size_t i = 0; i < options.size(); ++i)
            c.choices.push_back(Choice{static_cast<int>(i), options[i].native_name, {}});
        break;
    }
    case Screen::danger:
        c.heading = t(HRC_TEXT("Are you in danger now?"));
        c.hint = t(HRC_TEXT("If you are in danger now, or someone is hurt, call 999. A member of staff can help you call."));
        c.continue_label = t(HRC_TEXT("I am safe now, continue"));
        break;
    case Screen::role:
        c.heading = t(HRC_TEXT("Who did it happen to?"));
        c.choices = choices(t, kRoleLabels);
        break;
    case Screen::strands:
        c.heading = t(me ? HRC_TEXT("Why do you think it happened to you?") : HRC_TEXT("Why do you think it happened to them?"));
        c.hint = t(me ? HRC_TEXT("Choose all that apply. It may be because of who you are, or who they thought you are.")
                    : HRC_TEXT("Choose all that apply. It may be because of who they are, or who someone thought they are."));
        c.choices = choices(t, kStrandLabels);
        c.multiple = true;
        break;
    case Screen::classification:
        c.heading = t(HRC_TEXT("Do you think it was a crime?"));
        c.hint = t(HRC_TEXT("You do not need to know. The police decide this."));
        c.choices = choices(t, kClassificationLabels);
        break;
    case Screen::what_happened:
        c.heading = t(HRC_TEXT("What happened?"));
        c.hint = t(HRC_TEXT("Choose all that apply."));
        c.choices = choices(t, kWhatHappenedLabels);
        c.multiple = true;
        break;
    case Screen::own_words:
        c.heading = t(HRC_TEXT("Tell us what happened in your own words"));
        c.hint = t(s.editing.what_happened.empty()
                     ? HRC_TEXT("Write as much or as little as you want.")
                     : HRC_TEXT("Write as much or as little as you want. You can leave this empty, as you chose what happened on the last page."));
        break;
    case Screen::when_date:
        c.heading = t(HRC_TEXT("When did it happen?"));
        c.choices = choices(t, kDateKindLabels);
        break;
    case Screen::when_time:
        c.heading = t(HRC_TEXT("What time of day did it happen?"));
        c.choices = choices(t, kTimeOfDayLabels);
        for (Choice& choice : choices(t, kAnswerLabels, kSecondQuestion, HRC_TEXT("Is it still happening, or has it happened before?")))
            c.choices.push_back(choice);
        break;
    case Screen::where_district:
        c.heading = t(HRC_TEXT("Where did it happen?"));
        c.hint = t(HRC_TEXT("Choose the area."));
        c.choices = choices(t, kDistrictLabels);
        break;
    case Screen::where_place:
        c.heading = t(HRC_TEXT("What kind of place was it?"));
        c.choices = choices(t, kPlaceLabels);
        break;
    case Screen::where_address:
        c.heading = t(HRC_TEXT("Where exactly did it happen?"));
        c.hint = t(HRC_TEXT("Give as much as you know. Only give an address if it is safe to."));
        break;
    case Screen::offenders:
        c.heading = t(HRC_TEXT("How many people did it?"));
        c.choices = choices(t, kOffenderCountLabels);
        for (Choice& choice : choices(t, kAnswerLabels, kSecondQuestion,
                                      me ? HRC_TEXT("Did you know them?") : HRC_TEXT("Did the person it happened to know them?")))
            c.choices.push_back(choice);
        break;
    case Screen::offender_description:
        c.heading = t(HRC_TEXT("What can you tell us about the people who did it?"));
        break;
    case Screen::injured:
        c.heading = t(me ? HRC_TEXT("Were you hurt?") : HRC_TEXT("Was the person hurt?"));
        c.choices = choices(t, kAnswerLabels);
        break;
    case Screen::damage:
        c.heading = t(HRC_TEXT("Was anything damaged?"));
        c.hint = t(HRC_TEXT("For example, a home, a car, or clothes."));
        c.choices = choices(t, kAnswerLabels);
        for (Choice& choice : choices(t, kAnswerLabels, kSecondQuestion, HRC_TEXT("Was anything stolen?")))
            c.choices.push_back(choice);
        break;
    case Screen::witnesses:
        c.heading = t(HRC_TEXT("Did anyone else see it happen?"));
        c.choices = choices(t, kAnswerLabels);
        break;
    case Screen::evidence:
        c.heading = t(HRC_TEXT("Is there anything that shows what happened?"));
        c.hint = t(HRC_TEXT("Choose all that apply. Keep it safe and do not delete it: the police may ask to see it."));
        c.choices = choices(t, kEvidenceLabels);
        c.multiple = true;
        break;
    case Screen::anonymous:
        c.heading = t(HRC_TEXT("Do you want to give your name and contact details?"));
        c.hint = t(HRC_TEXT("You can stay anonymous. But if you do, the police and support services cannot contact you about this report."));
        c.choices = choices(t, kAnonymousLabels);
        break;
    case Screen::contact:
        c.heading = t(HRC_TEXT("How should we contact you?"));
        c.hint = t(HRC_TEXT("Choose the safest way, then give the details. Only give details that are safe to use."));
        c.choices = choices(t, kContactMethodLabels);
        break;
    case Screen::about_you:
        // The screen asks more than age (interpreter, access needs): the heading covers it all,
        // and each question is its own legend.
        c.heading = t(HRC_TEXT("About you"));
        c.choices = choices(t, kAgeLabels, 0, HRC_TEXT("How old are you?"));
        for (Choice& choice : choices(t, kAnswerLabels, kSecondQuestion, HRC_TEXT("Do you need an interpreter?")))
            c.choices.push_back(choice);
        break;
    case Screen::consent_police:
        c.heading = t(HRC_TEXT("Can we share this report with the police?"));
        c.hint = t(HRC_TEXT("The police use reports to deal with hate and to keep people safe. If you say no, we will not share your report with the police."));
        c.choices = {Choice{static_cast<int>(ConsentDecision::given), t(HRC_TEXT("Yes, share it with the police")), {}},
                     Choice{static_cast<int>(ConsentDecision::refused), t(HRC_TEXT("No, do not share it with the police")), {}}};
        break;
    case Screen::consent_contact:
        c.heading = t(HRC_TEXT("Can the police contact you about this report?"));
        c.hint = t(HRC_TEXT("They will use the contact details you gave, at the safe times you gave."));
        c.choices = {Choice{static_cast<int>(ConsentDecision::given), t(HRC_TEXT("Yes, the police can contact me")), {}},
                     Choice{static_cast<int>(ConsentDecision::refused), t(HRC_TEXT("No, do not contact me")), {}}};
        break;
    case Screen::consent_support:
        c.heading = t(HRC_TEXT("Do you want us to ask Victim First to contact you?"));
        c.hint = t(HRC_TEXT("Victim First gives free support to people affected by crime and hate in Leicester, Leicestershire and Rutland. We will pass your contact details to them."));
        c.choices = {Choice{static_cast<int>(ConsentDecision::given), t(HRC_TEXT("Yes, ask Victim First to contact me")), {}},
                     Choice{static_cast<int>(ConsentDecision::refused), t(HRC_TEXT("No, thank you")), {}}};
        break;
    case Screen::consent_statistics:
        c.heading = t(HRC_TEXT("Can we count this report to help stop hate?"));
        c.hint = t(HRC_TEXT("We count reports, without names or contact details, to see where hate happens in Leicester, Leicestershire and Rutland."));
        c.choices = {Choice{static_cast<int>(ConsentDecision::given), t(HRC_TEXT("Yes, count my report")), {}},
                     Choice{static_cast<int>(ConsentDecision::refused), t(HRC_TEXT("No, do not count it")), {}}};
        break;
    case Screen::check_answers:
        c.heading = t(HRC_TEXT("Check your answers before sending your report"));
        c.hint = t(HRC_TEXT("You can change any answer."));
        c.continue_label = t(HRC_TEXT("Send report"));
        break;
    case Screen::sending:
        c.heading = t(HRC_TEXT("Saving your report"));
        c.hint = t(HRC_TEXT("Please wait. This takes a few seconds."));
        c.continue_label = {};
        break;
    case Screen::confirmation:
        c.heading = t(HRC_TEXT("Your report is complete"));
        c.hint = t(HRC_TEXT("Write down your reference or take a photo of it. You can use it if you contact us about this report."));
        c.continue_label = t(HRC_TEXT("Finish"));
        break;
    case Screen::neutral:
        c.heading = t(HRC_TEXT("Welcome"));
        c.hint = t(HRC_TEXT("Touch the screen to start."));
        c.continue_label = t(HRC_TEXT("Start"));
        break;
    case Screen::staff_id:
        c.heading = t(HRC_TEXT("What is your staff ID?"));
        c.hint = t(HRC_TEXT("For staff of this Hate Reporting Centre only."));
        break;
    case Screen::staff_pin:
        c.heading = t(HRC_TEXT("Enter your PIN"));
        c.continue_label = t(HRC_TEXT("Sign in"));
        break;
    case Screen::staff_menu:
        c.heading = t(HRC_TEXT("What do you want to do?"));
        c.choices = choices(t, kStaffMenuLabels);
        c.continue_label = {};
        break;
    case Screen::staff_status:
        c.heading = t(HRC_TEXT("Are reports being sent?"));
        c.hint = t(HRC_TEXT("Counts only. No report can be read on this kiosk."));
        c.continue_label = t(HRC_TEXT("Back to the staff menu"));
        break;
    }
    for (Field f : fields_on(s)) c.fields.push_back(field_spec(t, f, s));
    return c;
}

// ================================================================================================
// 3. short texts
// ================================================================================================

std::string_view text_back() { return HRC_TEXT("Back"); }
std::string_view text_quick_exit() { return HRC_TEXT("Leave this page quickly"); }
std::string_view text_optional() { return HRC_TEXT("(optional)"); }
std::string_view text_question_n_of_m() { return HRC_TEXT("Question {n} of {m}"); }
std::string_view text_error_summary_title() { return HRC_TEXT("There is a problem"); }
std::string_view text_still_there() { return HRC_TEXT("Are you still there?"); }
PluralKey text_still_there_hint() {
    return {HRC_PLURAL("For your privacy, this page will clear in {n} second.",
                       "For your privacy, this page will clear in {n} seconds.")};
}
std::string_view text_still_here_button() { return HRC_TEXT("Yes, I am still here"); }
std::string_view text_not_given() { return HRC_TEXT("Not given"); }
std::string_view text_change() { return HRC_TEXT("Change"); }
std::string_view text_your_reference() { return HRC_TEXT("Your reference"); }
std::string_view text_noted_reference() { return HRC_TEXT("I have noted my reference"); }
std::string_view text_staff_entry() { return HRC_TEXT("Staff"); }

// ================================================================================================
// 4. check answers
// ================================================================================================

namespace {

std::string or_not_given(const Translator& t, const std::optional<std::string>& text) {
    return text ? *text : t(text_not_given());
}

// An answer and the details typed after it ("Yes: a broken window").
std::string with_details(const Translator& t, std::string answer, const std::optional<std::string>& details) {
    if (!details) return answer;
    return fill_placeholders(t(HRC_TEXT("{answer}: {details}")), {{"answer", std::move(answer)}, {"details", *details}});
}

// "27 March 2025" from "2025-03-27", in the language's own order of day, month and year.
std::string spoken_date(const Translator& t, const std::optional<std::string>& iso) {
    if (!iso) return t(text_not_given());
    const auto d = parse_iso_date(*iso);
    if (!d) return *iso;
    return date_in_words(t, *d);
}

} // namespace

std::string date_in_words(const Translator& t, CivilDate d) {
    static constexpr std::array<std::string_view, 12> months{
        HRC_TEXT("January"), HRC_TEXT("February"), HRC_TEXT("March"), HRC_TEXT("April"), HRC_TEXT("May"), HRC_TEXT("June"),
        HRC_TEXT("July"), HRC_TEXT("August"), HRC_TEXT("September"), HRC_TEXT("October"), HRC_TEXT("November"), HRC_TEXT("December")};
    if (d.month < 1 || d.month > 12) return to_iso(d);
    return fill_placeholders(t(HRC_TEXT("{day} {month} {year}")),
                             {{"day", std::to_string(d.day)},
                              {"month", t(months[static_cast<std::size_t>(d.month - 1)])},
                              {"year", std::to_string(d.year)}});
}

namespace {

std::string when_answer(const Translator& t, const std::optional<IncidentDate>& date) {
    if (!date) return t(text_not_given());
    switch (date->kind) {
    case DateKind::exact: return spoken_date(t, date->date);
    case DateKind::approximate:
        return fill_placeholders(t(HRC_TEXT("Around {date}")), {{"date", spoken_date(t, date->date)}});
    case DateKind::range:
        return fill_placeholders(t(HRC_TEXT("From {first} to {last}")),
                                 {{"first", spoken_date(t, date->date)}, {"last", spoken_date(t, date->date_to)}});
    case DateKind::dont_know: return label_of(t, kDateKindLabels, static_cast<int>(DateKind::dont_know));
    }
    return t(text_not_given());
}

std::string consent_answer(const Translator& t, const std::optional<Consent>& consent) {
    if (!consent) return t(text_not_given());
    return consent->decision == ConsentDecision::given ? t(HRC_TEXT("Yes")) : t(HRC_TEXT("No"));
}

std::string list_answer(const Translator& t, std::string labels, const std::optional<std::string>& other) {
    if (labels.empty() && !other) return t(text_not_given());
    if (!other) return labels;
    if (labels.empty()) return *other;
    return with_details(t, std::move(labels), other);
}

} // namespace

std::vector<AnswerRow> check_answer_rows(const State& s, const Translator& t) {
    const Report& r = s.draft;
    const bool me = !r.role || *r.role == Role::victim;
    std::vector<AnswerRow> rows;
    auto row = [&](std::string_view question, std::string answer, Screen screen) {
        rows.push_back({t(question), answer.empty() ? t(text_not_given()) : std::move(answer), screen});
    };
    for (Screen screen : question_path(s)) {
        switch (screen) {
        case Screen::role: row(HRC_TEXT("Who it happened to"), label_of(t, kRoleLabels, r.role), screen); break;
        case Screen::strands:
            row(HRC_TEXT("Why you think it happened"), list_answer(t, labels_of(t, kStrandLabels, r.strands), r.other_difference), screen);
            break;
        case Screen::classification:
            row(HRC_TEXT("Do you think it was a crime"), label_of(t, kClassificationLabels, r.classification), screen);
            break;
        case Screen::what_happened:
            row(HRC_TEXT("What happened"), list_answer(t, labels_of(t, kWhatHappenedLabels, r.what_happened), r.what_happened_other), screen);
            break;
        case Screen::own_words: row(HRC_TEXT("In your own words"), or_not_given(t, r.description), screen); break;
        case Screen::when_date: row(HRC_TEXT("When it happened"), when_answer(t, r.when.date), screen); break;
        case Screen::when_time:
            row(HRC_TEXT("Time of day"), label_of(t, kTimeOfDayLabels, r.when.time_of_day), screen);
            row(HRC_TEXT("Still happening, or happened before"), label_of(t, kAnswerLabels, r.when.ongoing), screen);
            break;
        case Screen::where_district: row(HRC_TEXT("Area"), label_of(t, kDistrictLabels, r.where.district), screen); break;
        case Screen::where_place:
            row(HRC_TEXT("Kind of place"),
                r.where.place_type ? with_details(t, label_of(t, kPlaceLabels, r.where.place_type), r.where.place_other)
                                   : t(text_not_given()),
                screen);
            break;
        case Screen::where_address:
            row(HRC_TEXT("Address or place"), or_not_given(t, r.where.address), screen);
            row(HRC_TEXT("Postcode"), or_not_given(t, r.where.postcode), screen);
            break;
        case Screen::offenders:
            row(HRC_TEXT("How many people did it"), label_of(t, kOffenderCountLabels, r.offenders.count), screen);
            row(me ? HRC_TEXT("Did you know them") : HRC_TEXT("Did the person it happened to know them"),
                label_of(t, kAnswerLabels, r.offenders.known_to_victim), screen);
            break;
        case Screen::offender_description:
            row(HRC_TEXT("About the people who did it"), or_not_given(t, r.offenders.description), screen);
            break;
        case Screen::injured:
            row(me ? HRC_TEXT("Were you hurt") : HRC_TEXT("Was the person hurt"),
                r.harm.injured ? with_details(t, label_of(t, kAnswerLabels, r.harm.injured), r.harm.injury_details)
                               : t(text_not_given()),
                screen);
            break;
        case Screen::damage:
            row(HRC_TEXT("Was anything damaged"),
                r.harm.property_damaged ? with_details(t, label_of(t, kAnswerLabels, r.harm.property_damaged), r.harm.damage_details)
                                        : t(text_not_given()),
                screen);
            row(HRC_TEXT("Was anything stolen"),
                r.harm.anything_stolen ? with_details(t, label_of(t, kAnswerLabels, r.harm.anything_stolen), r.harm.stolen_details)
                                       : t(text_not_given()),
                screen);
            break;
        case Screen::witnesses:
            row(HRC_TEXT("Did anyone else see it"),
                r.harm.witnesses ? with_details(t, label_of(t, kAnswerLabels, r.harm.witnesses), r.harm.witness_details)
                                 : t(text_not_given()),
                screen);
            break;
        case Screen::evidence:
            row(HRC_TEXT("Anything that shows what happened"),
                list_answer(t, labels_of(t, kEvidenceLabels, r.harm.evidence), r.harm.evidence_details), screen);
            break;
        case Screen::anonymous:
            row(HRC_TEXT("Give your name and contact details"),
                s.anonymous_answer ? label_of(t, kAnonymousLabels, *s.anonymous_answer ? 1 : 0) : t(text_not_given()),
                screen);
            break;
        case Screen::contact:
            row(HRC_TEXT("Safest way to contact you"), label_of(t, kContactMethodLabels, r.about.safe_contact_method), screen);
            row(HRC_TEXT("Your name"), or_not_given(t, r.about.name), screen);
            row(HRC_TEXT("Phone number"), or_not_given(t, r.about.phone), screen);
            row(HRC_TEXT("Email address"), or_not_given(t, r.about.email), screen);
            row(HRC_TEXT("Postal address"), or_not_given(t, r.about.address), screen);
            row(HRC_TEXT("Safe times to contact you"), or_not_given(t, r.about.safe_contact_times), screen);
            break;
        case Screen::about_you:
            row(HRC_TEXT("Age"), label_of(t, kAgeLabels, r.about.age_band), screen);
            row(HRC_TEXT("Do you need an interpreter"),
                r.about.interpreter_needed
                    ? with_details(t, label_of(t, kAnswerLabels, r.about.interpreter_needed), r.about.interpreter_language)
                    : t(text_not_given()),
                screen);
            row(HRC_TEXT("Access needs"), or_not_given(t, r.about.access_needs), screen);
            break;
        case Screen::consent_police: row(HRC_TEXT("Share with the police"), consent_answer(t, r.consents.share_with_police), screen); break;
        case Screen::consent_contact:
            row(HRC_TEXT("The police can contact you"), consent_answer(t, r.consents.police_may_contact), screen);
            break;
        case Screen::consent_support:
            row(HRC_TEXT("Ask Victim First to contact you"), consent_answer(t, r.consents.support_referral), screen);
            break;
        case Screen::consent_statistics:
            row(HRC_TEXT("Count your report to help stop hate"), consent_answer(t, r.consents.anonymous_statistics), screen);
            break;
        default: break;
        }
    }
    return rows;
}

// ================================================================================================
// 5. confirmation
// ================================================================================================

std::vector<ConfirmationBlock> confirmation_paragraphs(const State& s, const Translator& t) {
    const Consents& c = s.draft.consents;
    const auto given = [](const std::optional<Consent>& consent) {
        return consent && consent->decision == ConsentDecision::given;
    };
    std::vector<ConfirmationBlock> out;
    out.push_back({t(HRC_TEXT("What happens next")), true});
    out.push_back({t(HRC_TEXT("Your report is locked so that only the hate reporting team can read it. This kiosk sends it to them, usually within a few minutes. If the kiosk is offline, it keeps your report safe and sends it later.")), false});
    if (given(c.share_with_police))
        out.push_back({t(HRC_TEXT("You said we can share your report with the police. The police will read it.")), false});
    if (given(c.police_may_contact))
        out.push_back({t(HRC_TEXT("You said the police can contact you. They will use the details and safe times you gave.")), false});
    if (given(c.support_referral))
        out.push_back({t(HRC_TEXT("You asked for support. Victim First will contact you using the details you gave.")), false});
    else
        out.push_back({t(HRC_TEXT("If you want support, you can contact Victim First (victim support for Leicester, Leicestershire and Rutland) at any time. A member of staff can help you.")), false});
    out.push_back({t(HRC_TEXT("If it happens again, you can make another report. You can give your reference.")), false});
    out.push_back({t(HRC_TEXT("If you are in danger, call 999. To speak to the police when it is not an emergency, call 101.")), false});
    return out;
}

// ================================================================================================
// 6. languages
// ================================================================================================

std::vector<LanguageOption> languages() {
    // BRIEF §8, in Leicester's order of speakers after English. Each name in its own language and
    // script (a person finds their language by reading it; flags are not languages). Somali is
    // written in Latin script; Panjabi here is Gurmukhi.
    return {{"en-GB", "English"},   {"gu", "ગુજરાતી"}, {"pa", "ਪੰਜਾਬੀ"},   {"pl", "Polski"},
            {"ur", "اردو"},         {"so", "Soomaali"}, {"bn", "বাংলা"},    {"pt", "Português"},
            {"ta", "தமிழ்"},         {"hi", "हिन्दी"},    {"ar", "العربية"}, {"ro", "Română"}};
}

// ================================================================================================
// 7. staff status
// ================================================================================================

namespace {

} // namespace

// "5 minutes ago", relative to the last touch (the staff member is looking at it now).
std::string time_ago(const Translator& t, std::int64_t then, std::int64_t now) {
    if (then <= 0) return t(HRC_TEXT("Never"));
    const std::int64_t seconds = std::max<std::int64_t>(0, now - then);
    if (seconds < 60) return t(HRC_TEXT("Less than a minute ago"));
    if (seconds < 3600) return t.count(HRC_PLURAL("{n} minute ago", "{n} minutes ago"), static_cast<long>(seconds / 60));
    if (seconds < 86400) return t.count(HRC_PLURAL("{n} hour ago", "{n} hours ago"), static_cast<long>(seconds / 3600));
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
    rows.push_back({t(HRC_TEXT("Refused by the central system (ask your administrator)")), std::to_string(q.quarantined)});
    rows.push_back({t(HRC_TEXT("Sent and confirmed")), std::to_string(q.acked)});
    rows.push_back({t(HRC_TEXT("Oldest report waiting")), q.oldest_pending_at > 0 ? time_ago(t, q.oldest_pending_at, s.last_touch) : t(HRC_TEXT("None waiting"))});
    rows.push_back({t(HRC_TEXT("Last contact with the central system")), time_ago(t, q.last_contact_at, s.last_touch)});
    if (!q.last_error.empty()) rows.push_back({t(HRC_TEXT("Last problem")), q.last_error});
    std::string recent;
    for (const std::string& code : q.recent_languages) {
        if (!recent.empty()) recent += t.context(HRC_CONTEXT("between the items of a list", ", "));
        recent += language_name(code);
    }
    rows.push_back({t(HRC_TEXT("Languages of the last reports")), recent.empty() ? t(HRC_TEXT("None yet")) : recent});
    return rows;
}

} // namespace hrc::kiosk
