// questions.cpp — every screen of the kiosk as one table entry (see questions.h).
//
// [SECTIONS]
//   1. choice labels        one table per enum, in the order shown (also on check answers)
//   2. report accessors     where each choice group reads and writes the report
//   3. text fields          kTextFields: every field once, in Field order
//   4. screens              kScreens: every screen, in Screen order (questions in the order asked)
//   5. lookups              spec_of(), def_of(), screen_id(), field_id(), …
//
// Wording rules (content.cpp has the rest): the heading is the question; say "you" to the person
// reporting and "the person it happened to" (Words::they) when they saw it or report for someone
// else; no "invalid", no blame. Every literal is wrapped in HRC_TEXT() for xgettext.

#include "questions.h"

#include <algorithm>
#include <iterator>

#include "easy_read.h"

namespace hrc::kiosk {

namespace {

// ================================================================================================
// 1. choice labels
// ================================================================================================

constexpr Label kRoleLabels[] = {
    Label{static_cast<int>(Role::victim), HRC_TEXT("It happened to me")},
    Label{static_cast<int>(Role::witness), HRC_TEXT("I saw it happen to someone else")},
    Label{static_cast<int>(Role::on_behalf), HRC_TEXT("I am reporting it for someone else"),
          HRC_TEXT("For example, your child, a friend or someone you support")},
};

constexpr Label kStrandLabels[] = {
    Label{static_cast<int>(Strand::race), HRC_TEXT("Race"),
          HRC_TEXT("Including skin colour, nationality or where someone comes from")},
    Label{static_cast<int>(Strand::religion), HRC_TEXT("Religion or belief")},
    Label{static_cast<int>(Strand::sexual_orientation), HRC_TEXT("Sexual orientation"),
          HRC_TEXT("For example, being gay, lesbian or bisexual")},
    Label{static_cast<int>(Strand::disability), HRC_TEXT("Disability"),
          HRC_TEXT("Including learning disability and mental health")},
    Label{static_cast<int>(Strand::transgender_identity), HRC_TEXT("Transgender identity")},
    Label{static_cast<int>(Strand::other), HRC_TEXT("Something else"),
          HRC_TEXT("For example, age, what someone wears, or being homeless")},
};

// "Yes" first: most people who report think it may be a crime, and "not sure" is a full answer.
constexpr Label kClassificationLabels[] = {
    Label{static_cast<int>(Classification::crime), HRC_TEXT("Yes, I think it was a crime")},
    Label{static_cast<int>(Classification::incident), HRC_TEXT("No, I do not think it was a crime"),
          HRC_TEXT("It can still be a hate incident, and it is still important to report it")},
    Label{static_cast<int>(Classification::not_sure), HRC_TEXT("I'm not sure"),
          HRC_TEXT("That is fine. You do not need to know")},
};

constexpr Label kWhatHappenedLabels[] = {
    Label{static_cast<int>(WhatHappened::verbal_abuse), HRC_TEXT("Verbal abuse"),
          HRC_TEXT("For example, shouting, swearing or calling names")},
    Label{static_cast<int>(WhatHappened::threats), HRC_TEXT("Threats")},
    Label{static_cast<int>(WhatHappened::physical_assault), HRC_TEXT("Physical attack"),
          HRC_TEXT("For example, being hit, pushed or spat at")},
    Label{static_cast<int>(WhatHappened::property_damage), HRC_TEXT("Damage to property"),
          HRC_TEXT("For example, to a home, car or phone")},
    Label{static_cast<int>(WhatHappened::graffiti), HRC_TEXT("Graffiti")},
    Label{static_cast<int>(WhatHappened::online_abuse), HRC_TEXT("Abuse online"),
          HRC_TEXT("For example, on social media, in messages or in games")},
    Label{static_cast<int>(WhatHappened::harassment), HRC_TEXT("Harassment"),
          HRC_TEXT("Being followed, picked on or bothered again and again")},
    Label{static_cast<int>(WhatHappened::theft), HRC_TEXT("Theft"),
          HRC_TEXT("Something was stolen")},
    Label{static_cast<int>(WhatHappened::other), HRC_TEXT("Something else")},
};

constexpr Label kDateKindLabels[] = {
    Label{static_cast<int>(DateKind::exact), HRC_TEXT("On a date I know")},
    Label{static_cast<int>(DateKind::approximate), HRC_TEXT("I know roughly when")},
    Label{static_cast<int>(DateKind::range), HRC_TEXT("Over a period of time"),
          HRC_TEXT("For example, it happened many times")},
    Label{static_cast<int>(DateKind::dont_know), HRC_TEXT("I don't know")},
};

constexpr Label kTimeOfDayLabels[] = {
    Label{static_cast<int>(TimeOfDay::morning), HRC_TEXT("In the morning")},
    Label{static_cast<int>(TimeOfDay::afternoon), HRC_TEXT("In the afternoon")},
    Label{static_cast<int>(TimeOfDay::evening), HRC_TEXT("In the evening")},
    Label{static_cast<int>(TimeOfDay::night), HRC_TEXT("At night")},
    Label{static_cast<int>(TimeOfDay::dont_know), HRC_TEXT("I don't know")},
};

constexpr Label kAnswerLabels[] = {
    Label{static_cast<int>(Answer::yes), HRC_TEXT("Yes")},
    Label{static_cast<int>(Answer::no), HRC_TEXT("No")},
    Label{static_cast<int>(Answer::dont_know), HRC_TEXT("I don't know")},
    Label{static_cast<int>(Answer::prefer_not_to_say), HRC_TEXT("I'd rather not say")},
};

// The city first (most reports), then the districts A to Z, then the answers that are not places.
constexpr Label kDistrictLabels[] = {
    Label{static_cast<int>(District::leicester_city), HRC_TEXT("Leicester (the city)")},
    Label{static_cast<int>(District::blaby), HRC_TEXT("Blaby")},
    Label{static_cast<int>(District::charnwood), HRC_TEXT("Charnwood"),
          HRC_TEXT("Including Loughborough")},
    Label{static_cast<int>(District::harborough), HRC_TEXT("Harborough"),
          HRC_TEXT("Including Market Harborough")},
    Label{static_cast<int>(District::hinckley_and_bosworth), HRC_TEXT("Hinckley and Bosworth")},
    Label{static_cast<int>(District::melton), HRC_TEXT("Melton"),
          HRC_TEXT("Including Melton Mowbray")},
    Label{static_cast<int>(District::north_west_leicestershire),
          HRC_TEXT("North West Leicestershire"), HRC_TEXT("Including Coalville")},
    Label{static_cast<int>(District::oadby_and_wigston), HRC_TEXT("Oadby and Wigston")},
    Label{static_cast<int>(District::rutland), HRC_TEXT("Rutland")},
    Label{static_cast<int>(District::elsewhere), HRC_TEXT("Somewhere else"),
          HRC_TEXT("Outside Leicester, Leicestershire and Rutland")},
    Label{static_cast<int>(District::online), HRC_TEXT("Online")},
    Label{static_cast<int>(District::dont_know), HRC_TEXT("I don't know")},
};

constexpr Label kPlaceLabels[] = {
    Label{static_cast<int>(PlaceType::home), HRC_TEXT("At or near a home")},
    Label{static_cast<int>(PlaceType::street), HRC_TEXT("In the street")},
    Label{static_cast<int>(PlaceType::public_transport), HRC_TEXT("On public transport"),
          HRC_TEXT("On a bus, train or taxi, or at a stop or station")},
    Label{static_cast<int>(PlaceType::shop), HRC_TEXT("In or near a shop")},
    Label{static_cast<int>(PlaceType::town_centre), HRC_TEXT("In a town or city centre")},
    Label{static_cast<int>(PlaceType::retail_park), HRC_TEXT("At a retail park")},
    Label{static_cast<int>(PlaceType::school_or_college),
          HRC_TEXT("At a school, college or university")},
    Label{static_cast<int>(PlaceType::workplace), HRC_TEXT("At work")},
    Label{static_cast<int>(PlaceType::place_of_worship), HRC_TEXT("At or near a place of worship")},
    Label{static_cast<int>(PlaceType::online), HRC_TEXT("Online")},
    Label{static_cast<int>(PlaceType::other), HRC_TEXT("Somewhere else")},
    Label{static_cast<int>(PlaceType::dont_know), HRC_TEXT("I don't know")},
};

constexpr Label kOffenderCountLabels[] = {
    Label{static_cast<int>(OffenderCount::one), HRC_TEXT("One person")},
    Label{static_cast<int>(OffenderCount::two), HRC_TEXT("Two people")},
    Label{static_cast<int>(OffenderCount::three_or_more), HRC_TEXT("Three or more people")},
    Label{static_cast<int>(OffenderCount::dont_know), HRC_TEXT("I don't know")},
};

constexpr Label kEvidenceLabels[] = {
    Label{static_cast<int>(Evidence::cctv), HRC_TEXT("CCTV or video"),
          HRC_TEXT("Or you know there is a camera where it happened")},
    Label{static_cast<int>(Evidence::photos), HRC_TEXT("Photos")},
    Label{static_cast<int>(Evidence::messages), HRC_TEXT("Messages, emails or posts"),
          HRC_TEXT("For example, screenshots")},
    Label{static_cast<int>(Evidence::other), HRC_TEXT("Something else")},
};

constexpr Label kAnonymousLabels[] = {
    Label{static_cast<int>(AnonymousChoice::give_details), HRC_TEXT("Yes, I will give my details")},
    Label{static_cast<int>(AnonymousChoice::stay_anonymous),
          HRC_TEXT("No, I want to stay anonymous"),
          HRC_TEXT("We will not ask for your name or how to contact you")},
};

constexpr Label kContactMethodLabels[] = {
    Label{static_cast<int>(ContactMethod::phone), HRC_TEXT("Phone call")},
    Label{static_cast<int>(ContactMethod::text_message), HRC_TEXT("Text message")},
    Label{static_cast<int>(ContactMethod::email), HRC_TEXT("Email")},
    Label{static_cast<int>(ContactMethod::letter), HRC_TEXT("Letter")},
};

constexpr Label kAgeLabels[] = {
    Label{static_cast<int>(AgeBand::under_18), HRC_TEXT("Under 18")},
    Label{static_cast<int>(AgeBand::age_18_24), HRC_TEXT("18 to 24")},
    Label{static_cast<int>(AgeBand::age_25_34), HRC_TEXT("25 to 34")},
    Label{static_cast<int>(AgeBand::age_35_44), HRC_TEXT("35 to 44")},
    Label{static_cast<int>(AgeBand::age_45_54), HRC_TEXT("45 to 54")},
    Label{static_cast<int>(AgeBand::age_55_64), HRC_TEXT("55 to 64")},
    Label{static_cast<int>(AgeBand::age_65_plus), HRC_TEXT("65 or over")},
    Label{static_cast<int>(AgeBand::prefer_not_to_say), HRC_TEXT("I'd rather not say")},
};

constexpr Label kStaffMenuLabels[] = {
    Label{static_cast<int>(StaffAction::assisted_report), HRC_TEXT("Help someone make a report"),
          HRC_TEXT("They choose their language, then you go through the questions together")},
    Label{static_cast<int>(StaffAction::paper_form), HRC_TEXT("Type in a paper form")},
    Label{static_cast<int>(StaffAction::check_sending),
          HRC_TEXT("Check that reports are being sent")},
    Label{static_cast<int>(StaffAction::reprint_last), HRC_TEXT("Print the last reference again"),
          HRC_TEXT("Only within a short time after the person finished")},
    Label{static_cast<int>(StaffAction::sign_out), HRC_TEXT("Sign out")},
};

// ================================================================================================
// 2. report accessors
// ================================================================================================
//
// A choice group is made from one accessor (which member of the report it answers) by one of the
// templates below, so that reading, writing and clearing an answer cannot disagree.

// The const forms read through the same accessor: the accessors only name a member, never change it.
template <typename T>
T& unconst(const T& t) {
    return const_cast<T&>(t);
}

template <typename E, std::optional<E>& (*Get)(Report&)>
constexpr ChoiceGroupSpec radios(std::span<const Label> labels, Words legend = {}) {
    return ChoiceGroupSpec{labels,
                           false,
                           legend,
                           [](ConstAnswers a, int v) {
                               const std::optional<E>& answer = Get(unconst(a.report));
                               return answer && static_cast<int>(*answer) == v;
                           },
                           [](Answers a, int v) { Get(a.report) = static_cast<E>(v); },
                           [](Answers a) { Get(a.report).reset(); }};
}

// Checkboxes keep the list in the enum's order, each value once, so the report is stable.
template <typename E, std::vector<E>& (*Get)(Report&)>
constexpr ChoiceGroupSpec checkboxes(std::span<const Label> labels) {
    return ChoiceGroupSpec{
        labels,
        true,
        {},
        [](ConstAnswers a, int v) {
            const std::vector<E>& list = Get(unconst(a.report));
            return std::find(list.begin(), list.end(), static_cast<E>(v)) != list.end();
        },
        [](Answers a, int v) {
            std::vector<E>& list = Get(a.report);
            if (auto it = std::find(list.begin(), list.end(), static_cast<E>(v)); it != list.end())
                list.erase(it);
            else {
                list.push_back(static_cast<E>(v));
                std::sort(list.begin(), list.end());
            }
        },
        [](Answers a) { Get(a.report).clear(); }};
}

// The wording versions recorded with each consent (questions.h).
template <std::optional<Consent>& (*Get)(Report&), const std::string_view& Version>
constexpr ChoiceGroupSpec consent_radios(std::span<const Label> labels) {
    return ChoiceGroupSpec{
        labels,
        false,
        {},
        [](ConstAnswers a, int v) {
            const std::optional<Consent>& c = Get(unconst(a.report));
            return c && static_cast<int>(c->decision) == v;
        },
        [](Answers a, int v) {
            Get(a.report) = Consent{static_cast<ConsentDecision>(v), std::string(Version)};
        },
        [](Answers a) { Get(a.report).reset(); }};
}

std::optional<Role>& role(Report& r) {
    return r.role;
}
std::vector<Strand>& strands(Report& r) {
    return r.strands;
}
std::optional<Classification>& classification(Report& r) {
    return r.classification;
}
std::vector<WhatHappened>& what_happened(Report& r) {
    return r.what_happened;
}
std::optional<TimeOfDay>& time_of_day(Report& r) {
    return r.when.time_of_day;
}
std::optional<Answer>& ongoing(Report& r) {
    return r.when.ongoing;
}
std::optional<District>& district(Report& r) {
    return r.where.district;
}
std::optional<PlaceType>& place_type(Report& r) {
    return r.where.place_type;
}
std::optional<OffenderCount>& offender_count(Report& r) {
    return r.offenders.count;
}
std::optional<Answer>& known_to_victim(Report& r) {
    return r.offenders.known_to_victim;
}
std::optional<Answer>& injured(Report& r) {
    return r.harm.injured;
}
std::optional<Answer>& property_damaged(Report& r) {
    return r.harm.property_damaged;
}
std::optional<Answer>& anything_stolen(Report& r) {
    return r.harm.anything_stolen;
}
std::optional<Answer>& witnesses(Report& r) {
    return r.harm.witnesses;
}
std::vector<Evidence>& evidence(Report& r) {
    return r.harm.evidence;
}
std::optional<ContactMethod>& contact_method(Report& r) {
    return r.about.safe_contact_method;
}
std::optional<AgeBand>& age_band(Report& r) {
    return r.about.age_band;
}
std::optional<Answer>& interpreter_needed(Report& r) {
    return r.about.interpreter_needed;
}
std::optional<Consent>& share_with_police(Report& r) {
    return r.consents.share_with_police;
}
std::optional<Consent>& police_may_contact(Report& r) {
    return r.consents.police_may_contact;
}
std::optional<Consent>& support_referral(Report& r) {
    return r.consents.support_referral;
}
std::optional<Consent>& anonymous_statistics(Report& r) {
    return r.consents.anonymous_statistics;
}

// WHEN_DATE: the kind of date; the typed dates are applied on Continue, as the kind needs them.
constexpr ChoiceGroupSpec kDateKindGroup{
    kDateKindLabels,
    false,
    {},
    [](ConstAnswers a, int v) {
        return a.report.when.date && static_cast<int>(a.report.when.date->kind) == v;
    },
    [](Answers a, int v) {
        IncidentDate d = a.report.when.date.value_or(IncidentDate{});
        d.kind = static_cast<DateKind>(v);
        a.report.when.date = d;
    },
    [](Answers a) { a.report.when.date.reset(); }};

// ANONYMOUS: the answer lives beside the report (it can be "not answered"); the report mirrors it.
constexpr ChoiceGroupSpec kAnonymousGroup{
    kAnonymousLabels,
    false,
    {},
    [](ConstAnswers a, int v) {
        return a.anonymous && v == static_cast<int>(*a.anonymous ? AnonymousChoice::stay_anonymous
                                                                 : AnonymousChoice::give_details);
    },
    [](Answers a, int v) {
        const bool anonymous = v == static_cast<int>(AnonymousChoice::stay_anonymous);
        a.anonymous = anonymous;
        a.report.about.anonymous = anonymous;
    },
    [](Answers a) {
        a.anonymous.reset();
        a.report.about.anonymous = false;
    }};

constexpr Label kConsentPoliceLabels[] = {
    {static_cast<int>(ConsentDecision::given), HRC_TEXT("Yes, share it with the police")},
    {static_cast<int>(ConsentDecision::refused), HRC_TEXT("No, do not share it with the police")},
};
constexpr Label kConsentContactLabels[] = {
    {static_cast<int>(ConsentDecision::given), HRC_TEXT("Yes, the police can contact me")},
    {static_cast<int>(ConsentDecision::refused), HRC_TEXT("No, do not contact me")},
};
constexpr Label kConsentSupportLabels[] = {
    {static_cast<int>(ConsentDecision::given), HRC_TEXT("Yes, ask Victim First to contact me")},
    {static_cast<int>(ConsentDecision::refused), HRC_TEXT("No, thank you")},
};
constexpr Label kConsentStatisticsLabels[] = {
    {static_cast<int>(ConsentDecision::given), HRC_TEXT("Yes, count my report")},
    {static_cast<int>(ConsentDecision::refused), HRC_TEXT("No, do not count it")},
};

// Relevance: the brackets in flow.h's state machine.
bool not_a_witness(const Report& r) {
    return r.role != Role::witness;
} // injuries are the victim's
bool not_anonymous(const Report& r) {
    return !r.about.anonymous;
} // these need contact details

bool yes(const std::optional<Answer>& a) {
    return a == Answer::yes;
}

// ================================================================================================
// 3. text fields
// ================================================================================================

bool date_kind_is(const Report& r, std::initializer_list<DateKind> kinds) {
    return r.when.date && std::find(kinds.begin(), kinds.end(), r.when.date->kind) != kinds.end();
}

FieldWords date_from_words(const Report& r) {
    if (date_kind_is(r, {DateKind::range}))
        return {HRC_TEXT("First date"), HRC_TEXT("For example, 27 3 2025")};
    if (date_kind_is(r, {DateKind::approximate}))
        return {
            HRC_TEXT("Roughly when"),
            HRC_TEXT("For example, 27 3 2025. If you do not know the day, put your best guess.")};
    return {HRC_TEXT("Date"), HRC_TEXT("For example, 27 3 2025")};
}

// One entry per Field, in the enum's order (checked below), so each screen's fields are a run of
// this table (fields_between()).
constexpr TextFieldDef kTextFields[] = {
    {.field = Field::other_difference,
     .id = "other_difference",
     .label = {HRC_TEXT("What else do you think it was about?")},
     .path = ReportPath::other_difference,
     .shown =
         [](const Report& r) {
             return std::find(r.strands.begin(), r.strands.end(), Strand::other) != r.strands.end();
         },
     .slot = [](Report& r) { return &r.other_difference; }},
    {.field = Field::what_happened_other,
     .id = "what_happened_other",
     .label = {HRC_TEXT("What else happened?")},
     .path = ReportPath::what_happened_other,
     .shown =
         [](const Report& r) {
             return std::find(r.what_happened.begin(), r.what_happened.end(),
                              WhatHappened::other) != r.what_happened.end();
         },
     .slot = [](Report& r) { return &r.what_happened_other; }},
    {.field = Field::description,
     .id = "description",
     .label = {HRC_TEXT("What happened")},
     .hint = HRC_TEXT("You can write in any language."),
     .multiline = true,
     .path = ReportPath::description,
     .slot = [](Report& r) { return &r.description; }},
    {.field = Field::date_from,
     .id = "date_from",
     .label = {HRC_TEXT("Date")},
     .kind = TextKind::date,
     .path = ReportPath::when_date,
     .shown =
         [](const Report& r) {
             return date_kind_is(r, {DateKind::exact, DateKind::approximate, DateKind::range});
         },
     .slot = [](Report& r) { return r.when.date ? &r.when.date->date : nullptr; },
     .words_for = date_from_words},
    {.field = Field::date_to,
     .id = "date_to",
     .label = {HRC_TEXT("Last date")},
     .hint = HRC_TEXT("For example, 30 3 2025"),
     .kind = TextKind::date,
     .path = ReportPath::when_date_to,
     .shown = [](const Report& r) { return date_kind_is(r, {DateKind::range}); },
     .slot = [](Report& r) { return r.when.date ? &r.when.date->date_to : nullptr; }},
    {.field = Field::place_other,
     .id = "place_other",
     .label = {HRC_TEXT("What kind of place was it?")},
     .path = ReportPath::place_other,
     .shown = [](const Report& r) { return r.where.place_type == PlaceType::other; },
     .slot = [](Report& r) { return &r.where.place_other; }},
    {.field = Field::address,
     .id = "address",
     .label = {HRC_TEXT("Address or description of the place")},
     .hint = HRC_TEXT("For example, a street name, a building, or the bus route"),
     .multiline = true,
     .path = ReportPath::address,
     .slot = [](Report& r) { return &r.where.address; }},
    {.field = Field::postcode,
     .id = "postcode",
     .label = {HRC_TEXT("Postcode")},
     .hint = HRC_TEXT("For example, LE1 5FQ"),
     .latin_keyboard = true,
     .kind = TextKind::postcode,
     .path = ReportPath::postcode,
     .slot = [](Report& r) { return &r.where.postcode; }},
    {.field = Field::offender_description,
     .id = "offender_description",
     .label = {HRC_TEXT("What you can tell us")},
     .hint = HRC_TEXT("For example, what they looked like, what they wore, what they said, or a "
                      "car number plate. You can write in any language."),
     .multiline = true,
     .path = ReportPath::offender_description,
     .slot = [](Report& r) { return &r.offenders.description; }},
    {.field = Field::injury_details,
     .id = "injury_details",
     .label = {HRC_TEXT("Tell us about your injuries"), HRC_TEXT("Tell us about their injuries")},
     .multiline = true,
     .path = ReportPath::injury_details,
     .shown = [](const Report& r) { return yes(r.harm.injured); },
     .slot = [](Report& r) { return &r.harm.injury_details; }},
    {.field = Field::damage_details,
     .id = "damage_details",
     .label = {HRC_TEXT("What was damaged?")},
     .multiline = true,
     .path = ReportPath::damage_details,
     .shown = [](const Report& r) { return yes(r.harm.property_damaged); },
     .slot = [](Report& r) { return &r.harm.damage_details; }},
    {.field = Field::stolen_details,
     .id = "stolen_details",
     .label = {HRC_TEXT("What was stolen?")},
     .multiline = true,
     .path = ReportPath::stolen_details,
     .shown = [](const Report& r) { return yes(r.harm.anything_stolen); },
     .slot = [](Report& r) { return &r.harm.stolen_details; }},
    {.field = Field::witness_details,
     .id = "witness_details",
     .label = {HRC_TEXT("Who saw it?")},
     .hint = HRC_TEXT("For example, their names, or where they work or live, if you know."),
     .multiline = true,
     .path = ReportPath::witness_details,
     .shown = [](const Report& r) { return yes(r.harm.witnesses); },
     .slot = [](Report& r) { return &r.harm.witness_details; }},
    {.field = Field::evidence_details,
     .id = "evidence_details",
     .label = {HRC_TEXT("Tell us about it")},
     .hint = HRC_TEXT("For example, where the camera is, or who has the photos."),
     .multiline = true,
     .path = ReportPath::evidence_details,
     .slot = [](Report& r) { return &r.harm.evidence_details; }},
    {.field = Field::name,
     .id = "name",
     .label = {HRC_TEXT("Your name")},
     .path = ReportPath::name,
     .slot = [](Report& r) { return &r.about.name; }},
    {.field = Field::phone,
     .id = "phone",
     .label = {HRC_TEXT("Phone number")},
     .hint = HRC_TEXT("For example, 07700 900982"),
     .kind = TextKind::phone,
     .path = ReportPath::phone,
     .slot = [](Report& r) { return &r.about.phone; }},
    {.field = Field::email,
     .id = "email",
     .label = {HRC_TEXT("Email address")},
     .hint = HRC_TEXT("For example, name@example.com"),
     .latin_keyboard = true,
     .path = ReportPath::email,
     .slot = [](Report& r) { return &r.about.email; }},
    {.field = Field::contact_address,
     .id = "contact_address",
     .label = {HRC_TEXT("Postal address")},
     .multiline = true,
     .path = ReportPath::contact_address,
     .slot = [](Report& r) { return &r.about.address; }},
    {.field = Field::safe_contact_times,
     .id = "safe_contact_times",
     .label = {HRC_TEXT("When is it safe to contact you?")},
     .hint = HRC_TEXT("For example, weekday mornings"),
     .path = ReportPath::safe_contact_times,
     .slot = [](Report& r) { return &r.about.safe_contact_times; }},
    {.field = Field::interpreter_language,
     .id = "interpreter_language",
     .label = {HRC_TEXT("Which language?")},
     .path = ReportPath::interpreter_language,
     .shown = [](const Report& r) { return yes(r.about.interpreter_needed); },
     .slot = [](Report& r) { return &r.about.interpreter_language; }},
    {.field = Field::access_needs,
     .id = "access_needs",
     .label = {HRC_TEXT("Do you have any access needs we should know about?")},
     .hint = HRC_TEXT("For example, large print, British Sign Language, or step-free access."),
     .multiline = true,
     .path = ReportPath::access_needs,
     .slot = [](Report& r) { return &r.about.access_needs; }},
    // Staff sign-in: not part of any report.
    {.field = Field::staff_id,
     .id = "staff_id",
     .label = {HRC_TEXT("Staff ID")},
     .latin_keyboard = true},
    {.field = Field::staff_pin, .id = "staff_pin", .label = {HRC_TEXT("PIN")}},
};

constexpr bool fields_in_enum_order() {
    for (std::size_t i = 0; i < std::size(kTextFields); ++i)
        if (kTextFields[i].field != static_cast<Field>(i)) return false;
    return true;
}
static_assert(fields_in_enum_order(), "kTextFields lists every Field once, in the enum's order");

// The fields `first` … `last` (inclusive), in the order shown on their screen.
constexpr std::span<const TextFieldDef> fields_between(Field first, Field last) {
    return std::span<const TextFieldDef>(kTextFields)
        .subspan(static_cast<std::size_t>(first),
                 static_cast<std::size_t>(last) - static_cast<std::size_t>(first) + 1);
}

// ================================================================================================
// 4. screens
// ================================================================================================
//
// One entry per Screen, in the enum's order (checked below). For a question: its groups, fields,
// relevance, the validate() paths that are not a field's own, and its rows on check answers.

constexpr ChoiceGroupSpec kRoleGroups[] = {radios<Role, role>(kRoleLabels)};
constexpr ChoiceGroupSpec kStrandGroups[] = {checkboxes<Strand, strands>(kStrandLabels)};
constexpr ChoiceGroupSpec kClassificationGroups[] = {
    radios<Classification, classification>(kClassificationLabels)};
constexpr ChoiceGroupSpec kWhatHappenedGroups[] = {
    checkboxes<WhatHappened, what_happened>(kWhatHappenedLabels)};
constexpr ChoiceGroupSpec kWhenDateGroups[] = {kDateKindGroup};
constexpr ChoiceGroupSpec kWhenTimeGroups[] = {
    radios<TimeOfDay, time_of_day>(kTimeOfDayLabels),
    radios<Answer, ongoing>(kAnswerLabels,
                            {HRC_TEXT("Is it still happening, or has it happened before?")})};
constexpr ChoiceGroupSpec kDistrictGroups[] = {radios<District, district>(kDistrictLabels)};
constexpr ChoiceGroupSpec kPlaceGroups[] = {radios<PlaceType, place_type>(kPlaceLabels)};
constexpr ChoiceGroupSpec kOffenderGroups[] = {
    radios<OffenderCount, offender_count>(kOffenderCountLabels),
    radios<Answer, known_to_victim>(
        kAnswerLabels,
        {HRC_TEXT("Did you know them?"), HRC_TEXT("Did the person it happened to know them?")})};
constexpr ChoiceGroupSpec kInjuredGroups[] = {radios<Answer, injured>(kAnswerLabels)};
constexpr ChoiceGroupSpec kDamageGroups[] = {
    radios<Answer, property_damaged>(kAnswerLabels),
    radios<Answer, anything_stolen>(kAnswerLabels, {HRC_TEXT("Was anything stolen?")})};
constexpr ChoiceGroupSpec kWitnessGroups[] = {radios<Answer, witnesses>(kAnswerLabels)};
constexpr ChoiceGroupSpec kEvidenceGroups[] = {checkboxes<Evidence, evidence>(kEvidenceLabels)};
constexpr ChoiceGroupSpec kAnonymousGroups[] = {kAnonymousGroup};
constexpr ChoiceGroupSpec kContactGroups[] = {
    radios<ContactMethod, contact_method>(kContactMethodLabels)};
constexpr ChoiceGroupSpec kAboutYouGroups[] = {
    radios<AgeBand, age_band>(kAgeLabels, {HRC_TEXT("How old are you?")}),
    radios<Answer, interpreter_needed>(kAnswerLabels, {HRC_TEXT("Do you need an interpreter?")})};
constexpr ChoiceGroupSpec kConsentPoliceGroups[] = {
    consent_radios<share_with_police, kConsentSharePoliceVersion>(kConsentPoliceLabels)};
constexpr ChoiceGroupSpec kConsentContactGroups[] = {
    consent_radios<police_may_contact, kConsentPoliceContactVersion>(kConsentContactLabels)};
constexpr ChoiceGroupSpec kConsentSupportGroups[] = {
    consent_radios<support_referral, kConsentSupportVersion>(kConsentSupportLabels)};
constexpr ChoiceGroupSpec kConsentStatisticsGroups[] = {
    consent_radios<anonymous_statistics, kConsentStatisticsVersion>(kConsentStatisticsLabels)};

constexpr ExtraProblem kRoleProblems[] = {{ReportPath::role}};
// "Select what happened, or tell us in your own words" goes beside the text box.
constexpr ExtraProblem kOwnWordsProblems[] = {{ReportPath::what_happened, Field::description}};
// Saying yes to being contacted with no way to contact the person: beside the choices.
constexpr ExtraProblem kContactConsentProblems[] = {{ReportPath::phone}};

constexpr AnswerRowDef kRoleRows[] = {{{HRC_TEXT("Who it happened to")}, RowKind::choice}};
constexpr AnswerRowDef kStrandRows[] = {{{HRC_TEXT("Why you think it happened")},
                                         RowKind::choice,
                                         Group::first,
                                         Field::other_difference}};
constexpr AnswerRowDef kClassificationRows[] = {
    {{HRC_TEXT("Do you think it was a crime")}, RowKind::choice}};
constexpr AnswerRowDef kWhatHappenedRows[] = {
    {{HRC_TEXT("What happened")}, RowKind::choice, Group::first, Field::what_happened_other}};
constexpr AnswerRowDef kOwnWordsRows[] = {
    {{HRC_TEXT("In your own words")}, RowKind::text, Group::first, Field::description}};
constexpr AnswerRowDef kWhenDateRows[] = {{{HRC_TEXT("When it happened")}, RowKind::incident_date}};
constexpr AnswerRowDef kWhenTimeRows[] = {
    {{HRC_TEXT("Time of day")}, RowKind::choice},
    {{HRC_TEXT("Still happening, or happened before")}, RowKind::choice, Group::second}};
constexpr AnswerRowDef kDistrictRows[] = {{{HRC_TEXT("Area")}, RowKind::choice}};
constexpr AnswerRowDef kPlaceRows[] = {
    {{HRC_TEXT("Kind of place")}, RowKind::choice, Group::first, Field::place_other}};
constexpr AnswerRowDef kAddressRows[] = {
    {{HRC_TEXT("Address or place")}, RowKind::text, Group::first, Field::address},
    {{HRC_TEXT("Postcode")}, RowKind::text, Group::first, Field::postcode}};
constexpr AnswerRowDef kOffenderRows[] = {
    {{HRC_TEXT("How many people did it")}, RowKind::choice},
    {{HRC_TEXT("Did you know them"), HRC_TEXT("Did the person it happened to know them")},
     RowKind::choice,
     Group::second}};
constexpr AnswerRowDef kOffenderDescriptionRows[] = {{{HRC_TEXT("About the people who did it")},
                                                      RowKind::text,
                                                      Group::first,
                                                      Field::offender_description}};
constexpr AnswerRowDef kInjuredRows[] = {
    {{HRC_TEXT("Were you hurt"), HRC_TEXT("Was the person hurt")},
     RowKind::choice,
     Group::first,
     Field::injury_details}};
constexpr AnswerRowDef kDamageRows[] = {
    {{HRC_TEXT("Was anything damaged")}, RowKind::choice, Group::first, Field::damage_details},
    {{HRC_TEXT("Was anything stolen")}, RowKind::choice, Group::second, Field::stolen_details}};
constexpr AnswerRowDef kWitnessRows[] = {
    {{HRC_TEXT("Did anyone else see it")}, RowKind::choice, Group::first, Field::witness_details}};
constexpr AnswerRowDef kEvidenceRows[] = {{{HRC_TEXT("Anything that shows what happened")},
                                           RowKind::choice,
                                           Group::first,
                                           Field::evidence_details}};
constexpr AnswerRowDef kAnonymousRows[] = {
    {{HRC_TEXT("Give your name and contact details")}, RowKind::choice}};
constexpr AnswerRowDef kContactRows[] = {
    {{HRC_TEXT("Safest way to contact you")}, RowKind::choice},
    {{HRC_TEXT("Your name")}, RowKind::text, Group::first, Field::name},
    {{HRC_TEXT("Phone number")}, RowKind::text, Group::first, Field::phone},
    {{HRC_TEXT("Email address")}, RowKind::text, Group::first, Field::email},
    {{HRC_TEXT("Postal address")}, RowKind::text, Group::first, Field::contact_address},
    {{HRC_TEXT("Safe times to contact you")},
     RowKind::text,
     Group::first,
     Field::safe_contact_times}};
constexpr AnswerRowDef kAboutYouRows[] = {
    {{HRC_TEXT("Age")}, RowKind::choice},
    {{HRC_TEXT("Do you need an interpreter")},
     RowKind::choice,
     Group::second,
     Field::interpreter_language},
    {{HRC_TEXT("Access needs")}, RowKind::text, Group::first, Field::access_needs}};
constexpr AnswerRowDef kConsentPoliceRows[] = {
    {{HRC_TEXT("Share with the police")}, RowKind::consent}};
constexpr AnswerRowDef kConsentContactRows[] = {
    {{HRC_TEXT("The police can contact you")}, RowKind::consent}};
constexpr AnswerRowDef kConsentSupportRows[] = {
    {{HRC_TEXT("Ask Victim First to contact you")}, RowKind::consent}};
constexpr AnswerRowDef kConsentStatisticsRows[] = {
    {{HRC_TEXT("Count your report to help stop hate")}, RowKind::consent}};

std::string_view own_words_hint(const Report& r) {
    return r.what_happened.empty()
               ? HRC_TEXT("Write as much or as little as you want.")
               : HRC_TEXT("Write as much or as little as you want. You can leave this empty, as "
                          "you chose what happened on the last page.");
}

constexpr ScreenSpec kScreens[] = {
    // The language list comes from hrc/languages.h (content_for()), each name in its own language.
    {.screen = Screen::language, .id = "language", .heading = {HRC_TEXT("Choose your language")}},
    {.screen = Screen::danger,
     .id = "danger",
     .heading = {HRC_TEXT("Are you in danger now?")},
     .hint = {HRC_TEXT("If you are in danger now, or someone is hurt, call 999. A member of staff "
                       "can help you call.")},
     .continue_label = HRC_TEXT("I am safe now, continue")},

    // ---- the questions, in the order asked ----
    {.screen = Screen::role,
     .id = "role",
     .question = true,
     .optional = false,
     .heading = {HRC_TEXT("Who did it happen to?")},
     .groups = kRoleGroups,
     .extra_problems = kRoleProblems,
     .rows = kRoleRows},
    {.screen = Screen::strands,
     .id = "strands",
     .question = true,
     .heading = {HRC_TEXT("Why do you think it happened to you?"),
                 HRC_TEXT("Why do you think it happened to them?")},
     .hint = {HRC_TEXT("Choose all that apply. It may be because of who you are, or who they "
                       "thought you are."),
              HRC_TEXT("Choose all that apply. It may be because of who they are, or who someone "
                       "thought they are.")},
     .groups = kStrandGroups,
     .fields = fields_between(Field::other_difference, Field::other_difference),
     .rows = kStrandRows},
    {.screen = Screen::classification,
     .id = "classification",
     .question = true,
     .heading = {HRC_TEXT("Do you think it was a crime?")},
     .hint = {HRC_TEXT("You do not need to know. The police decide this.")},
     .groups = kClassificationGroups,
     .rows = kClassificationRows},
    // Not "(optional)": a report needs what happened, chosen here or told on OWN_WORDS (issue 14
    // item 6: skipping an "(optional)" page must never lead to an error on the next one).
    {.screen = Screen::what_happened,
     .id = "what_happened",
     .question = true,
     .optional = false,
     .heading = {HRC_TEXT("What happened?")},
     .hint = {HRC_TEXT("Choose all that apply. If none of these fit, you can tell us in your "
                       "own words on the next page.")},
     .groups = kWhatHappenedGroups,
     .fields = fields_between(Field::what_happened_other, Field::what_happened_other),
     .rows = kWhatHappenedRows},
    // Not optional, but may be left empty when something was chosen on WHAT_HAPPENED (its hint says so).
    {.screen = Screen::own_words,
     .id = "own_words",
     .question = true,
     .optional = false,
     .heading = {HRC_TEXT("Tell us what happened in your own words")},
     .hint_for = own_words_hint,
     .fields = fields_between(Field::description, Field::description),
     .extra_problems = kOwnWordsProblems,
     .rows = kOwnWordsRows},
    {.screen = Screen::when_date,
     .id = "when_date",
     .question = true,
     .heading = {HRC_TEXT("When did it happen?")},
     .groups = kWhenDateGroups,
     .fields = fields_between(Field::date_from, Field::date_to),
     .rows = kWhenDateRows},
    {.screen = Screen::when_time,
     .id = "when_time",
     .question = true,
     .heading = {HRC_TEXT("What time of day did it happen?")},
     .groups = kWhenTimeGroups,
     .rows = kWhenTimeRows},
    {.screen = Screen::where_district,
     .id = "where_district",
     .question = true,
     .heading = {HRC_TEXT("Where did it happen?")},
     .hint = {HRC_TEXT("Choose the area.")},
     .groups = kDistrictGroups,
     .rows = kDistrictRows},
    {.screen = Screen::where_place,
     .id = "where_place",
     .question = true,
     .heading = {HRC_TEXT("What kind of place was it?")},
     .groups = kPlaceGroups,
     .fields = fields_between(Field::place_other, Field::place_other),
     .rows = kPlaceRows},
    {.screen = Screen::where_address,
     .id = "where_address",
     .question = true,
     .heading = {HRC_TEXT("Where exactly did it happen?")},
     .hint = {HRC_TEXT("Give as much as you know. Only give an address if it is safe to.")},
     .fields = fields_between(Field::address, Field::postcode),
     .rows = kAddressRows},
    {.screen = Screen::offenders,
     .id = "offenders",
     .question = true,
     .heading = {HRC_TEXT("How many people did it?")},
     .groups = kOffenderGroups,
     .rows = kOffenderRows},
    {.screen = Screen::offender_description,
     .id = "offender_description",
     .question = true,
     .heading = {HRC_TEXT("What can you tell us about the people who did it?")},
     .fields = fields_between(Field::offender_description, Field::offender_description),
     .rows = kOffenderDescriptionRows},
    {.screen = Screen::injured,
     .id = "injured",
     .question = true,
     .heading = {HRC_TEXT("Were you hurt?"), HRC_TEXT("Was the person hurt?")},
     .groups = kInjuredGroups,
     .fields = fields_between(Field::injury_details, Field::injury_details),
     .relevant = not_a_witness,
     .rows = kInjuredRows},
    {.screen = Screen::damage,
     .id = "damage",
     .question = true,
     .heading = {HRC_TEXT("Was anything damaged?")},
     .hint = {HRC_TEXT("For example, a home, a car, or clothes.")},
     .groups = kDamageGroups,
     .fields = fields_between(Field::damage_details, Field::stolen_details),
     .rows = kDamageRows},
    {.screen = Screen::witnesses,
     .id = "witnesses",
     .question = true,
     .heading = {HRC_TEXT("Did anyone else see it happen?")},
     .groups = kWitnessGroups,
     .fields = fields_between(Field::witness_details, Field::witness_details),
     .rows = kWitnessRows},
    {.screen = Screen::evidence,
     .id = "evidence",
     .question = true,
     .heading = {HRC_TEXT("Is there anything that shows what happened?")},
     .hint = {HRC_TEXT("Choose all that apply. Keep it safe and do not delete it: the police may "
                       "ask to see it.")},
     .groups = kEvidenceGroups,
     .fields = fields_between(Field::evidence_details, Field::evidence_details),
     .rows = kEvidenceRows},
    {.screen = Screen::anonymous,
     .id = "anonymous",
     .question = true,
     .heading = {HRC_TEXT("Do you want to give your name and contact details?")},
     .hint = {HRC_TEXT("You can stay anonymous. But if you do, the police and support services "
                       "cannot contact you about this report.")},
     .groups = kAnonymousGroups,
     .rows = kAnonymousRows},
    {.screen = Screen::contact,
     .id = "contact",
     .question = true,
     .heading = {HRC_TEXT("How should we contact you?")},
     .hint = {HRC_TEXT(
         "Choose the safest way, then give the details. Only give details that are safe to use.")},
     .groups = kContactGroups,
     .fields = fields_between(Field::name, Field::safe_contact_times),
     .relevant = not_anonymous,
     .rows = kContactRows},
    // The screen asks more than age (interpreter, access needs): the heading covers it all, and
    // each question is its own legend.
    {.screen = Screen::about_you,
     .id = "about_you",
     .question = true,
     .heading = {HRC_TEXT("About you")},
     .groups = kAboutYouGroups,
     .fields = fields_between(Field::interpreter_language, Field::access_needs),
     .rows = kAboutYouRows},
    {.screen = Screen::consent_police,
     .id = "consent_police",
     .question = true,
     .heading = {HRC_TEXT("Can we share this report with the police?")},
     .hint = {HRC_TEXT("The police use reports to deal with hate and to keep people safe. If you "
                       "say no, we will not share your report with the police.")},
     .groups = kConsentPoliceGroups,
     .rows = kConsentPoliceRows},
    {.screen = Screen::consent_contact,
     .id = "consent_contact",
     .question = true,
     .heading = {HRC_TEXT("Can the police contact you about this report?")},
     .hint = {HRC_TEXT("They will use the contact details you gave, at the safe times you gave.")},
     .groups = kConsentContactGroups,
     .relevant = not_anonymous,
     .extra_problems = kContactConsentProblems,
     .rows = kConsentContactRows},
    {.screen = Screen::consent_support,
     .id = "consent_support",
     .question = true,
     .heading = {HRC_TEXT("Do you want us to ask Victim First to contact you?")},
     .hint = {HRC_TEXT(
         "Victim First gives free support to people affected by crime and hate in Leicester, "
         "Leicestershire and Rutland. We will pass your contact details to them.")},
     .groups = kConsentSupportGroups,
     .relevant = not_anonymous,
     .extra_problems = kContactConsentProblems,
     .rows = kConsentSupportRows},
    {.screen = Screen::consent_statistics,
     .id = "consent_statistics",
     .question = true,
     .heading = {HRC_TEXT("Can we count this report to help stop hate?")},
     .hint = {HRC_TEXT("We count reports, without names or contact details, to see where hate "
                       "happens in Leicester, Leicestershire and Rutland.")},
     .groups = kConsentStatisticsGroups,
     .rows = kConsentStatisticsRows},

    // ---- after the questions ----
    {.screen = Screen::check_answers,
     .id = "check_answers",
     .heading = {HRC_TEXT("Check your answers before sending your report")},
     .hint = {HRC_TEXT("You can change any answer.")},
     .continue_label = HRC_TEXT("Send report")},
    {.screen = Screen::sending,
     .id = "sending",
     .heading = {HRC_TEXT("Saving your report")},
     .hint = {HRC_TEXT("Please wait. This takes a few seconds.")},
     .continue_label = {}},
    {.screen = Screen::confirmation,
     .id = "confirmation",
     .heading = {HRC_TEXT("Your report is complete")},
     .hint = {HRC_TEXT("Write down your reference or take a photo of it. You can use it if you "
                       "contact us about this report.")},
     .continue_label = HRC_TEXT("Finish")},
    {.screen = Screen::neutral,
     .id = "neutral",
     .heading = {HRC_TEXT("Welcome")},
     .hint = {HRC_TEXT("Touch the screen to start.")},
     .continue_label = HRC_TEXT("Start")},
    // What to do now, in large type (need_help_lines() in content.h); nothing is lost by coming
    // here: the main button and Back return to DANGER.
    {.screen = Screen::need_help,
     .id = "need_help",
     .heading = {HRC_TEXT("Get help now")},
     .continue_label = HRC_TEXT("Go back to my report")},

    // ---- staff ----
    {.screen = Screen::staff_id,
     .id = "staff_id",
     .heading = {HRC_TEXT("What is your staff ID?")},
     .hint = {HRC_TEXT("For staff of this Hate Reporting Centre only.")},
     .fields = fields_between(Field::staff_id, Field::staff_id)},
    {.screen = Screen::staff_pin,
     .id = "staff_pin",
     .heading = {HRC_TEXT("Enter your PIN")},
     .continue_label = HRC_TEXT("Sign in"),
     .fields = fields_between(Field::staff_pin, Field::staff_pin)},
    // The menu's items are kStaffMenuLabels (staff_menu_labels()); a tap is a StaffChoose.
    {.screen = Screen::staff_menu,
     .id = "staff_menu",
     .heading = {HRC_TEXT("What do you want to do?")},
     .continue_label = {}},
    {.screen = Screen::staff_status,
     .id = "staff_status",
     .heading = {HRC_TEXT("Are reports being sent?")},
     .hint = {HRC_TEXT("Counts only. No report can be read on this kiosk.")},
     .continue_label = HRC_TEXT("Back to the staff menu")},
};

constexpr bool screens_in_enum_order() {
    for (std::size_t i = 0; i < std::size(kScreens); ++i)
        if (kScreens[i].screen != static_cast<Screen>(i)) return false;
    return std::size(kScreens) == static_cast<std::size_t>(Screen::staff_status) + 1;
}
static_assert(screens_in_enum_order(), "kScreens lists every Screen once, in the enum's order");

// A question's groups are answered by radios or checkboxes with functions to read, write and
// clear them; a screen's second group has a legend (it is drawn as its own question).
constexpr bool groups_complete() {
    for (const ScreenSpec& s : kScreens)
        for (std::size_t g = 0; g < s.groups.size(); ++g) {
            const ChoiceGroupSpec& group = s.groups[g];
            if (!group.is_chosen || !group.choose || !group.clear || group.labels.empty())
                return false;
            if (g > 0 && group.legend.me.empty()) return false;
        }
    return true;
}
static_assert(groups_complete(), "every choice group can be read, written and cleared");

} // namespace

// ================================================================================================
// 5. lookups
// ================================================================================================

std::span<const ScreenSpec> screen_specs() {
    return kScreens;
}
const ScreenSpec& spec_of(Screen screen) {
    return kScreens[static_cast<std::size_t>(screen)];
}

std::span<const TextFieldDef> text_field_defs() {
    return kTextFields;
}
const TextFieldDef& def_of(Field field) {
    return kTextFields[static_cast<std::size_t>(field)];
}

const ChoiceGroupSpec* group_of(Screen screen, Group group) {
    const ScreenSpec& spec = spec_of(screen);
    const auto index = static_cast<std::size_t>(group);
    return index < spec.groups.size() ? &spec.groups[index] : nullptr;
}

bool is_relevant(const ScreenSpec& spec, const Report& report) {
    // The easy-read path asks only its own questions (easy_read.h); the rest are skipped as a
    // question that does not apply is.
    if (report.easy_read && spec.question && !on_easy_route(spec.screen)) return false;
    return spec.relevant == nullptr || spec.relevant(report);
}

std::span<const Label> staff_menu_labels() {
    return kStaffMenuLabels;
}

std::string_view screen_id(Screen s) {
    const auto index = static_cast<std::size_t>(s);
    return index < std::size(kScreens) ? kScreens[index].id : "unknown";
}

std::string_view field_id(Field f) {
    const auto index = static_cast<std::size_t>(f);
    return index < std::size(kTextFields) ? kTextFields[index].id : "unknown";
}

} // namespace hrc::kiosk
