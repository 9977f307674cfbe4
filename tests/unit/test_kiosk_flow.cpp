// Tests of the kiosk's reporting flow as a pure model (kiosk/model/flow.h): every transition of
// reduce(), the branches, validation on Continue, idle and quick exit wipes, Send and its failure,
// staff sign-in and menu, and the content every screen shows. No window: intents in, state out.
//
// [SECTIONS]
//   helpers                       a Kiosk driver with a fake clock; walk_to()
//   a whole report                victim with every field; the exact Report sent
//   branches                      witness, anonymous, progress n of m
//   Back and Change               history, unsaved choices, returning to check answers
//   validation                    messages beside the field and in the summary, text kept
//   idle and quick exit           overlay, countdown, wipe (F2); neutral screen
//   send, store, finish           SealAndStore, StoreFailed, noted reference
//   staff                         sign in, PIN attempts, assisted report, paper form, status
//   content                       headings, buttons, check answer rows, confirmation, typing
#include <set>

#include <catch2/catch.hpp>

#include "content.h"
#include "flow.h"
#include "kiosk_model_driver.h"

using namespace hrc;
using namespace hrc::kiosk;

namespace {

// The English text of the model's messages (they are catalog keys + arguments).
std::string en(const Message& m) {
    return m.english();
}
std::vector<std::string> en(const std::vector<Message>& ms) {
    std::vector<std::string> out;
    for (const Message& m : ms)
        out.push_back(m.english());
    return out;
}

// ---- helpers --------------------------------------------------------------------------------------

using hrc_test::Kiosk;
using hrc_test::kStart;
using hrc_test::kToday;
using hrc_test::second;
using hrc_test::v;

template <typename C>
const C& only_command(const Kiosk& k) {
    REQUIRE(k.commands.size() == 1);
    REQUIRE(std::holds_alternative<C>(k.commands.front()));
    return std::get<C>(k.commands.front());
}

bool wiped_memory(const Kiosk& k) {
    return k.commands.size() == 1 && std::holds_alternative<WipeMemory>(k.commands.front());
}

// Continue from where `k` is with the fewest answers (the role, verbal abuse, the anonymity
// answer) until `target`.
void walk(Kiosk& k, Screen target, Role role = Role::victim, bool anonymous = false) {
    for (int guard = 0; guard < 60 && k.screen() != target; ++guard) {
        switch (k.screen()) {
        case Screen::role:
            k(Choose{v(role)});
            break;
        case Screen::what_happened:
            if (k.state.editing.what_happened.empty()) k(Toggle{v(WhatHappened::verbal_abuse)});
            break;
        case Screen::anonymous:
            k(Choose{
                v(anonymous ? AnonymousChoice::stay_anonymous : AnonymousChoice::give_details)});
            break;
        default:
            break;
        }
        k(Continue{});
    }
    REQUIRE(screen_id(k.screen()) == screen_id(target));
}

Kiosk walk_to(Screen target, Role role = Role::victim, bool anonymous = false) {
    Kiosk k;
    walk(k, target, role, anonymous);
    return k;
}

// The person's state after a wipe: a fresh State at `screen` (F2).
State fresh_at(const State& before, Screen screen) {
    State expected = fresh_state(before);
    expected.screen = screen;
    return expected;
}

Kiosk signed_in_staff() {
    Kiosk k;
    k(StaffEntry{})
        .type(Field::staff_id, "JS-01")(Continue{})
        .type(Field::staff_pin, "2468")(Continue{});
    k(PinChecked{true, 0, {}});
    REQUIRE(k.screen() == Screen::staff_menu);
    return k;
}

} // namespace

// ---- a whole report ---------------------------------------------------------------------------------

TEST_CASE("a victim answering every question sends exactly the report they gave", "[kiosk]") {
    Kiosk k;
    auto at = [&](Screen screen, int n) {
        REQUIRE(screen_id(k.screen()) == screen_id(screen));
        CHECK(progress(k.state).n == n);
        CHECK(progress(k.state).m == 23);
    };
    REQUIRE(k.screen() == Screen::language);
    CHECK(progress(k.state).n == 0);
    k(ChooseLanguage{"en-GB"});
    REQUIRE(k.screen() == Screen::danger);
    k(Continue{});

    at(Screen::role, 1);
    k(Choose{v(Role::victim)})(Continue{});
    at(Screen::strands, 2);
    k(Toggle{v(Strand::other)})(Toggle{v(Strand::race)})(Toggle{v(Strand::religion)});
    k.type(Field::other_difference, "  my accent ")(Continue{});
    at(Screen::classification, 3);
    k(Choose{v(Classification::crime)})(Continue{});
    at(Screen::what_happened, 4);
    k(Toggle{v(WhatHappened::threats)})(Toggle{v(WhatHappened::verbal_abuse)})(
        Toggle{v(WhatHappened::other)});
    k.type(Field::what_happened_other, "spat at me")(Continue{});
    at(Screen::own_words, 5);
    CHECK(k.state.focus ==
          Field::description); // a text-only screen opens with the keyboard in its field
    k(TypeText{"Два чоловіки кричали на мене. ਉਹ ਚੀਕ ਰਹੇ ਸਨ"})(Continue{});
    at(Screen::when_date, 6);
    k(Choose{v(DateKind::exact)}).type(Field::date_from, "27/3/2025")(Continue{});
    at(Screen::when_time, 7);
    k(Choose{v(TimeOfDay::evening)})(Choose{second(Answer::yes)})(Continue{});
    at(Screen::where_district, 8);
    k(Choose{v(District::leicester_city)})(Continue{});
    at(Screen::where_place, 9);
    k(Choose{v(PlaceType::other)}).type(Field::place_other, "car park")(Continue{});
    at(Screen::where_address, 10);
    k.type(Field::address, "Gallowtree Gate").type(Field::postcode, "le15fq")(Continue{});
    at(Screen::offenders, 11);
    k(Choose{v(OffenderCount::two)})(Choose{second(Answer::no)})(Continue{});
    at(Screen::offender_description, 12);
    k(TypeText{"Two men, one in a red coat"})(Continue{});
    at(Screen::injured, 13);
    k(Choose{v(Answer::yes)}).type(Field::injury_details, "Bruised arm")(Continue{});
    at(Screen::damage, 14);
    k(Choose{v(Answer::yes)}).type(Field::damage_details, "Phone screen");
    k(Choose{second(Answer::no)})(Continue{});
    at(Screen::witnesses, 15);
    k(Choose{v(Answer::yes)}).type(Field::witness_details, "The shop keeper")(Continue{});
    at(Screen::evidence, 16);
    k(Toggle{v(Evidence::messages)})(Toggle{v(Evidence::cctv)})
        .type(Field::evidence_details, "Camera outside the shop")(Continue{});
    at(Screen::anonymous, 17);
    k(Choose{v(AnonymousChoice::give_details)})(Continue{});
    at(Screen::contact, 18);
    k(Choose{v(ContactMethod::text_message)});
    k.type(Field::name, "Sam")
        .type(Field::phone, "07700 900982")
        .type(Field::email, "sam@example.com");
    k.type(Field::contact_address, "1 High Street, Leicester")
        .type(Field::safe_contact_times, "After 6pm")(Continue{});
    at(Screen::about_you, 19);
    k(Choose{v(AgeBand::age_25_34)})(Choose{second(Answer::yes)});
    k.type(Field::interpreter_language, "Polish")
        .type(Field::access_needs, "Large print")(Continue{});
    at(Screen::consent_police, 20);
    k(Choose{v(ConsentDecision::given)})(Continue{});
    at(Screen::consent_contact, 21);
    k(Choose{v(ConsentDecision::given)})(Continue{});
    at(Screen::consent_support, 22);
    k(Choose{v(ConsentDecision::given)})(Continue{});
    at(Screen::consent_statistics, 23);
    k(Choose{v(ConsentDecision::refused)})(Continue{});
    REQUIRE(k.screen() == Screen::check_answers);
    CHECK(progress(k.state).n == 0);
    CHECK(k.commands.empty());

    Report expected;
    expected.language = "en-GB";
    expected.mode = Mode::self;
    expected.role = Role::victim;
    expected.strands = {Strand::race, Strand::religion, Strand::other};
    expected.other_difference = "my accent";
    expected.classification = Classification::crime;
    expected.what_happened = {WhatHappened::verbal_abuse, WhatHappened::threats,
                              WhatHappened::other};
    expected.what_happened_other = "spat at me";
    expected.description = "Два чоловіки кричали на мене. ਉਹ ਚੀਕ ਰਹੇ ਸਨ";
    expected.when.date = IncidentDate{DateKind::exact, "2025-03-27", std::nullopt};
    expected.when.time_of_day = TimeOfDay::evening;
    expected.when.ongoing = Answer::yes;
    expected.where.district = District::leicester_city;
    expected.where.place_type = PlaceType::other;
    expected.where.place_other = "car park";
    expected.where.address = "Gallowtree Gate";
    expected.where.postcode = "LE1 5FQ";
    expected.offenders.count = OffenderCount::two;
    expected.offenders.known_to_victim = Answer::no;
    expected.offenders.description = "Two men, one in a red coat";
    expected.harm.injured = Answer::yes;
    expected.harm.injury_details = "Bruised arm";
    expected.harm.property_damaged = Answer::yes;
    expected.harm.damage_details = "Phone screen";
    expected.harm.anything_stolen = Answer::no;
    expected.harm.witnesses = Answer::yes;
    expected.harm.witness_details = "The shop keeper";
    expected.harm.evidence = {Evidence::cctv, Evidence::messages};
    expected.harm.evidence_details = "Camera outside the shop";
    expected.about.anonymous = false;
    expected.about.safe_contact_method = ContactMethod::text_message;
    expected.about.name = "Sam";
    expected.about.phone = "07700 900982";
    expected.about.email = "sam@example.com";
    expected.about.address = "1 High Street, Leicester";
    expected.about.safe_contact_times = "After 6pm";
    expected.about.age_band = AgeBand::age_25_34;
    expected.about.interpreter_needed = Answer::yes;
    expected.about.interpreter_language = "Polish";
    expected.about.access_needs = "Large print";
    expected.consents.share_with_police = Consent{ConsentDecision::given, "share-police/1"};
    expected.consents.police_may_contact = Consent{ConsentDecision::given, "police-contact/1"};
    expected.consents.support_referral = Consent{ConsentDecision::given, "support-referral/1"};
    expected.consents.anonymous_statistics = Consent{ConsentDecision::refused, "statistics/1"};

    // One row per question, in order, each opening its own screen.
    const auto rows = check_answer_rows(k.state);
    REQUIRE(rows.size() == 34);
    CHECK(rows.front().question == "Who it happened to");
    CHECK(rows.front().answer == "It happened to me");
    CHECK(rows.front().change_to == Screen::role);
    for (const AnswerRow& row : rows)
        CHECK(row.answer != text_not_answered());

    k(Continue{}); // "Send report"
    REQUIRE(k.screen() == Screen::sending);
    const Report sent = only_command<SealAndStore>(k).report;
    CHECK(to_json_text(sent, 2) == to_json_text(expected, 2)); // a readable diff if it fails
    CHECK(sent == expected);
    CHECK(validate(sent, kToday).size() == 5); // only the identity the shell fills in is missing

    k(Stored{"HRC-7K3M-Q9TX"});
    REQUIRE(k.screen() == Screen::confirmation);
    CHECK(k.state.reference == "HRC-7K3M-Q9TX");
    const State before = k.state;
    k(NotedReference{true})(Continue{}); // "Finish"
    CHECK(wiped_memory(k));
    CHECK(k.state == fresh_at(before, Screen::language));
}

// ---- branches ---------------------------------------------------------------------------------------

TEST_CASE("a witness is not asked about injuries", "[kiosk]") {
    Kiosk k = walk_to(Screen::offender_description, Role::witness);
    CHECK(progress(k.state).m == 22);
    k(Continue{});
    CHECK(k.screen() == Screen::damage);
    k(Back{});
    CHECK(k.screen() == Screen::offender_description);

    SECTION("changing to a witness drops an injury answer already given") {
        Kiosk victim = walk_to(Screen::injured);
        victim(Choose{v(Answer::yes)}).type(Field::injury_details, "cut")(Continue{});
        walk(victim, Screen::check_answers);
        victim(ChangeAnswer{Screen::role})(Choose{v(Role::witness)})(Continue{});
        REQUIRE(victim.screen() == Screen::check_answers);
        CHECK_FALSE(victim.state.draft.harm.injured);
        CHECK_FALSE(victim.state.draft.harm.injury_details);
        CHECK_FALSE(victim.state.text.contains(Field::injury_details));
        for (const AnswerRow& row : check_answer_rows(victim.state))
            CHECK(row.change_to != Screen::injured);
    }
}

TEST_CASE("an anonymous person is not asked for contact details or consents that need them",
          "[kiosk]") {
    Kiosk k = walk_to(Screen::anonymous);
    CHECK(progress(k.state).m == 23);
    k(Choose{v(AnonymousChoice::stay_anonymous)});
    CHECK(progress(k.state).m == 20); // m follows the tapped answer at once
    k(Continue{});
    CHECK(k.screen() == Screen::about_you);
    k(Continue{});
    CHECK(k.screen() == Screen::consent_police);
    k(Continue{});
    CHECK(k.screen() == Screen::consent_statistics);
    CHECK(progress(k.state).n == 20);
    k(Continue{});
    REQUIRE(k.screen() == Screen::check_answers);
    CHECK(k.state.draft.about.anonymous);

    SECTION("choosing anonymity later removes the details already given") {
        Kiosk named = walk_to(Screen::contact);
        named.type(Field::name, "Sam").type(Field::phone, "07700 900982")(Continue{});
        walk(named, Screen::consent_contact);
        named(Choose{v(ConsentDecision::given)})(Continue{});
        walk(named, Screen::check_answers);
        named(ChangeAnswer{Screen::anonymous})(Choose{v(AnonymousChoice::stay_anonymous)})(
            Continue{});
        REQUIRE(named.screen() == Screen::check_answers);
        const AboutPerson& about = named.state.draft.about;
        CHECK(about.anonymous);
        CHECK_FALSE(about.name);
        CHECK_FALSE(about.phone);
        CHECK_FALSE(named.state.draft.consents.police_may_contact);
        CHECK(named.state.text.empty());
        named(Continue{});
        CHECK(named.screen() == Screen::sending); // and it can be sent
    }
}

TEST_CASE("question n of m counts the questions the answers lead through", "[kiosk]") {
    Kiosk k = walk_to(Screen::role);
    CHECK(progress(k.state).n == 1);
    CHECK(progress(k.state).m == 23);
    k(Choose{v(Role::witness)});
    CHECK(progress(k.state).m == 22);
    k(Choose{v(Role::on_behalf)});
    CHECK(progress(k.state).m == 23);
    k(Choose{v(Role::witness)})(Continue{});
    walk(k, Screen::anonymous, Role::witness, true);
    CHECK(progress(k.state).n == 16);
    k(Choose{v(AnonymousChoice::stay_anonymous)});
    CHECK(progress(k.state).m == 19);
    for (Screen s : {Screen::language, Screen::danger, Screen::check_answers, Screen::confirmation,
                     Screen::staff_menu}) {
        k.state.screen = s;
        CHECK(progress(k.state).n == 0);
        CHECK(progress(k.state).m == 0);
    }
}

// ---- Back and Change --------------------------------------------------------------------------------

TEST_CASE("Back returns to the previous screen with its answers", "[kiosk]") {
    Kiosk k = walk_to(Screen::strands);
    k(Toggle{v(Strand::disability)})(Toggle{v(Strand::other)})
        .type(Field::other_difference, "age")(Continue{});
    REQUIRE(k.screen() == Screen::classification);
    k(Choose{v(Classification::not_sure)})(Back{});
    REQUIRE(k.screen() == Screen::strands);
    CHECK(is_chosen(k.state, v(Strand::disability)));
    CHECK(is_chosen(k.state, v(Strand::other)));
    CHECK_FALSE(is_chosen(k.state, v(Strand::race)));
    CHECK(k.state.text.at(Field::other_difference) == "age");
    k(Continue{});
    // Back did not save the choice that was only tapped (GOV.UK: Back does not submit).
    REQUIRE(k.screen() == Screen::classification);
    CHECK_FALSE(is_chosen(k.state, v(Classification::not_sure)));
    CHECK_FALSE(k.state.draft.classification);

    k(Back{})(Back{})(Back{});
    CHECK(k.screen() == Screen::danger);
    k(Back{});
    CHECK(k.screen() == Screen::language);
    k(Back{});
    CHECK(k.screen() == Screen::language); // nothing before the start
    CHECK(k.state.draft.strands == std::vector<Strand>{Strand::disability, Strand::other});
}

TEST_CASE("Change on check answers returns there", "[kiosk]") {
    Kiosk k = walk_to(Screen::check_answers);
    const auto history = k.state.history;
    k(ChangeAnswer{Screen::where_district});
    REQUIRE(k.screen() == Screen::where_district);
    CHECK(k.state.returning_to_check);
    k(Choose{v(District::rutland)})(Continue{});
    REQUIRE(k.screen() == Screen::check_answers);
    CHECK(k.state.draft.where.district == District::rutland);
    CHECK_FALSE(k.state.returning_to_check);
    CHECK(k.state.history == history);

    SECTION("Back from a Change goes back to check answers without saving") {
        k(ChangeAnswer{Screen::where_district})(Choose{v(District::melton)})(Back{});
        REQUIRE(k.screen() == Screen::check_answers);
        CHECK(k.state.draft.where.district == District::rutland);
        CHECK_FALSE(k.state.returning_to_check);
        k(Back{});
        CHECK(k.screen() == Screen::consent_statistics);
    }
    SECTION("a Change to a screen not on the path is ignored") {
        Kiosk anonymous = walk_to(Screen::check_answers, Role::victim, true);
        anonymous(ChangeAnswer{Screen::contact});
        CHECK(anonymous.screen() == Screen::check_answers);
    }
}

TEST_CASE("a Change that makes new questions relevant asks them before returning", "[kiosk]") {
    SECTION("anonymous to named: contact and the two consents, then back") {
        Kiosk k = walk_to(Screen::check_answers, Role::victim, true);
        k(ChangeAnswer{Screen::anonymous})(Choose{v(AnonymousChoice::give_details)})(Continue{});
        REQUIRE(k.screen() == Screen::contact);
        k.type(Field::email, "sam@example.com")(Continue{});
        REQUIRE(k.screen() ==
                Screen::consent_contact); // about you and police sharing were asked already
        k(Choose{v(ConsentDecision::given)})(Continue{});
        REQUIRE(k.screen() == Screen::consent_support);
        k(Continue{});
        REQUIRE(k.screen() == Screen::check_answers);
        CHECK(k.state.draft.about.email == "sam@example.com");
        k(Back{});
        CHECK(k.screen() == Screen::consent_statistics);
    }
    SECTION("witness to victim: the injury question") {
        Kiosk k = walk_to(Screen::check_answers, Role::witness);
        k(ChangeAnswer{Screen::role})(Choose{v(Role::victim)})(Continue{});
        REQUIRE(k.screen() == Screen::injured);
        k(Choose{v(Answer::no)})(Continue{});
        REQUIRE(k.screen() == Screen::check_answers);
        CHECK(k.state.draft.harm.injured == Answer::no);
    }
}

// ---- validation -------------------------------------------------------------------------------------

TEST_CASE("validation on Continue: the message beside the field and in the summary, text kept",
          "[kiosk]") {
    SECTION("the role is needed") {
        Kiosk k = walk_to(Screen::role);
        k(Continue{});
        REQUIRE(k.screen() == Screen::role);
        CHECK(
            en(k.state.question_error) ==
            "Select whether it happened to you, you saw it, or you are reporting for someone else");
        CHECK(en(k.state.error_summary) == std::vector<std::string>{en(k.state.question_error)});
        k(Choose{v(Role::victim)})(Continue{});
        CHECK(k.screen() == Screen::strands);
        CHECK(k.state.question_error.empty());
        CHECK(k.state.error_summary.empty());
    }
    SECTION("what happened, or the person's own words") {
        Kiosk k = walk_to(Screen::what_happened);
        k(Continue{});
        REQUIRE(k.screen() == Screen::own_words); // nothing chosen is fine here …
        k(TypeText{"   "})(Continue{});
        REQUIRE(k.screen() == Screen::own_words); // … but then their own words are needed
        CHECK(en(k.state.field_errors.at(Field::description)) ==
              "Select what happened, or tell us in your own words");
        CHECK(k.state.text.at(Field::description) == "   ");
        k(TypeText{"They shouted"})(Continue{});
        CHECK(k.screen() == Screen::when_date);
        CHECK(k.state.draft.description == "They shouted");
    }
    SECTION("dates: shape, future, range order, missing") {
        Kiosk k = walk_to(Screen::when_date);
        k(Choose{v(DateKind::exact)}).type(Field::date_from, "32 3 2025")(Continue{});
        REQUIRE(k.screen() == Screen::when_date);
        CHECK(en(k.state.field_errors.at(Field::date_from)) == "Enter a date like 27 3 2025");
        CHECK(en(k.state.error_summary) == std::vector<std::string>{"Enter a date like 27 3 2025"});
        CHECK(k.state.text.at(Field::date_from) == "32 3 2025");
        CHECK_FALSE(k.state.draft.when.date); // nothing half-applied

        k(Backspace{})(Backspace{})(Backspace{})(Backspace{})(Backspace{})(Backspace{})(
            Backspace{})(Backspace{})(Backspace{});
        CHECK(k.state.text.at(Field::date_from).empty());
        k(TypeText{"2 4 2025"})(Continue{});
        CHECK(en(k.state.field_errors.at(Field::date_from)) ==
              "The date must be today or in the past");

        k(Choose{v(DateKind::range)});
        k.type(Field::date_from, "").type(Field::date_to, "1/3/2025");
        k(FocusField{Field::date_from})(Backspace{})(Backspace{})(Backspace{})(Backspace{})(
            Backspace{})(Backspace{})(Backspace{})(Backspace{});
        k(TypeText{"5.3.2025"})(Continue{});
        REQUIRE(k.screen() == Screen::when_date);
        CHECK(k.state.field_errors.size() == 1);
        CHECK(en(k.state.field_errors.at(Field::date_to)) ==
              "The last date must be the same as or after the first date");

        k(Choose{v(DateKind::approximate)});
        k(FocusField{Field::date_from});
        for (int i = 0; i < 8; ++i)
            k(Backspace{});
        k(Continue{});
        CHECK(en(k.state.field_errors.at(Field::date_from)) ==
              "Enter the date it happened, like 27 3 2025");

        k(Choose{v(DateKind::dont_know)})(Continue{});
        REQUIRE(k.screen() == Screen::when_time);
        CHECK(k.state.draft.when.date ==
              IncidentDate{DateKind::dont_know, std::nullopt, std::nullopt});
    }
    SECTION("postcode") {
        Kiosk k = walk_to(Screen::where_address);
        k.type(Field::postcode, "LE1")(Continue{});
        CHECK(en(k.state.field_errors.at(Field::postcode)) ==
              "Enter a postcode like LE1 5FQ, or leave it empty");
        k(TypeText{" 5FQ"})(Continue{});
        CHECK(k.screen() == Screen::offenders);
        CHECK(k.state.draft.where.postcode == "LE1 5FQ");
    }
    SECTION("phone and email, in the order of the fields") {
        Kiosk k = walk_to(Screen::contact);
        k.type(Field::name, "Sam").type(Field::phone, "123").type(Field::email, "sam@")(Continue{});
        REQUIRE(k.screen() == Screen::contact);
        CHECK(en(k.state.field_errors.at(Field::phone)) ==
              "Enter a phone number, like 0116 454 1234 or +44 7700 900982");
        CHECK(en(k.state.field_errors.at(Field::email)) ==
              "Enter an email address like name@example.com");
        CHECK_FALSE(k.state.field_errors.contains(Field::name));
        CHECK(en(k.state.error_summary) ==
              std::vector<std::string>{en(k.state.field_errors.at(Field::phone)),
                                       en(k.state.field_errors.at(Field::email))});
        CHECK(k.state.text.at(Field::name) == "Sam");
        CHECK_FALSE(k.state.draft.about.name);
    }
    SECTION("being contacted needs a way to contact") {
        Kiosk k = walk_to(Screen::consent_contact);
        k(Choose{v(ConsentDecision::given)})(Continue{});
        REQUIRE(k.screen() == Screen::consent_contact);
        CHECK(en(k.state.question_error) == "Give a phone number, email address or postal address "
                                            "so we can contact you, or choose not to be contacted");
        k(Choose{v(ConsentDecision::refused)})(Continue{});
        CHECK(k.screen() == Screen::consent_support);
    }
    SECTION("text over the limit") {
        Kiosk k = walk_to(Screen::strands);
        k(Toggle{v(Strand::other)})
            .type(Field::other_difference, std::string(kMaxShortText + 1, 'a'))(Continue{});
        CHECK(en(k.state.field_errors.at(Field::other_difference)) ==
              "The other difference must be 500 characters or fewer");
    }
}

// ---- idle and quick exit ----------------------------------------------------------------------------

TEST_CASE("idle: are you still there, a countdown, then everything is wiped", "[kiosk]") {
    Kiosk k = walk_to(Screen::own_words);
    k(TypeText{"They followed me home"});
    const std::int64_t idle = k.state.settings.idle_seconds;
    const std::int64_t countdown = k.state.settings.idle_countdown_seconds;

    k(Tick{kStart + idle - 1});
    CHECK(k.state.still_there_deadline == 0);
    k(Tick{kStart + idle});
    CHECK(k.state.still_there_deadline == kStart + idle + countdown);
    k(Tick{kStart + idle + 5});
    CHECK(k.state.still_there_deadline ==
          kStart + idle + countdown); // the countdown is not restarted

    SECTION("a touch dismisses it and restarts the wait") {
        k(Touch{kStart + idle + 10});
        CHECK(k.state.still_there_deadline == 0);
        CHECK(k.state.last_touch == kStart + idle + 10);
        k(Tick{kStart + idle + 10 + idle - 1});
        CHECK(k.state.still_there_deadline == 0);
        CHECK(k.state.text.at(Field::description) == "They followed me home");
    }
    SECTION("Yes, I am still here dismisses it") {
        k(StillHere{});
        CHECK(k.state.still_there_deadline == 0);
        CHECK(k.screen() == Screen::own_words);
    }
    SECTION("no touch: wiped at the deadline") {
        k(Tick{kStart + idle + countdown - 1});
        CHECK(k.screen() == Screen::own_words);
        const State before = k.state;
        k(Tick{kStart + idle + countdown});
        CHECK(wiped_memory(k));
        CHECK(k.state == fresh_at(before, Screen::language));
        CHECK(k.state.text.empty());
        CHECK(k.state.draft == Report{});
    }
}

TEST_CASE("idle: the start and neutral screens never time out, staff sessions do", "[kiosk]") {
    Kiosk k;
    k(Tick{kStart + 100000});
    CHECK(k.state.still_there_deadline == 0);
    k(QuickExit{})(Tick{kStart + 200000});
    CHECK(k.screen() == Screen::neutral);
    CHECK(k.state.still_there_deadline == 0);

    SECTION("someone who went Back to the start with answers still times out") {
        Kiosk back = walk_to(Screen::strands);
        back(Back{})(Back{})(Back{});
        REQUIRE(back.screen() == Screen::language);
        back(Tick{kStart + 90})(Tick{kStart + 120});
        CHECK(wiped_memory(back));
        CHECK(back.state.draft == Report{});
    }

    Kiosk staff = signed_in_staff();
    staff(Tick{kStart + 90})(Tick{kStart + 120});
    CHECK(wiped_memory(staff));
    CHECK(staff.screen() == Screen::language);
    CHECK_FALSE(staff.state.staff);
}

TEST_CASE("quick exit from any screen goes neutral with the draft wiped in the same step",
          "[kiosk]") {
    for (Screen screen : {Screen::danger, Screen::role, Screen::own_words, Screen::contact,
                          Screen::check_answers}) {
        Kiosk k = walk_to(screen);
        if (screen == Screen::own_words) k(TypeText{"private words"});
        if (screen == Screen::contact) k.type(Field::name, "Sam");
        k(Tick{kStart + 95}); // the still-there overlay is up: quick exit still works
        const State before = k.state;
        k(QuickExit{});
        INFO(screen_id(screen));
        CHECK(wiped_memory(k));
        CHECK(k.state == fresh_at(before, Screen::neutral));
        CHECK(k.state.draft == Report{});
        CHECK(k.state.text.empty());
        CHECK(k.state.history.empty());
        k(LeaveNeutral{});
        CHECK(k.screen() == Screen::language);
    }
    SECTION("from the confirmation and from staff mode") {
        Kiosk k = walk_to(Screen::check_answers);
        k(Send{})(Stored{"HRC-7K3M-Q9TX"})(QuickExit{});
        CHECK(wiped_memory(k));
        CHECK(k.state.reference.empty());
        CHECK(k.screen() == Screen::neutral);

        Kiosk staff = signed_in_staff();
        staff(QuickExit{});
        CHECK(wiped_memory(staff));
        CHECK_FALSE(staff.state.staff);
        staff(Continue{}); // the neutral screen's one button
        CHECK(staff.screen() == Screen::language);
    }
}

// ---- send, store, finish ----------------------------------------------------------------------------

// Issue 14 item 6: "(optional)" is a promise that skipping the page is fine all the way to a sent
// report. Skip every page that says so (answer only the others), in every role and with and
// without staying anonymous: each error would be a page that misled.
TEST_CASE("skipping every page marked optional still sends the report", "[kiosk]") {
    for (Role role : {Role::victim, Role::witness, Role::on_behalf}) {
        Kiosk k;
        k(ChooseLanguage{"en-GB"})(Continue{});
        int optional_skipped = 0;
        for (int guard = 0; guard < 60 && k.screen() != Screen::check_answers; ++guard) {
            REQUIRE(is_question(k.screen()));
            INFO(screen_id(k.screen()));
            CHECK(k.state.error_summary.empty());
            if (is_optional(k.screen())) {
                ++optional_skipped;
            } else if (k.screen() == Screen::role) {
                k(Choose{v(role)});
            } else if (k.screen() == Screen::what_happened) {
                k(Toggle{v(WhatHappened::verbal_abuse)});
            } else {
                // OWN_WORDS: may be empty as something was chosen (its hint says so).
                REQUIRE(k.screen() == Screen::own_words);
            }
            const Screen before = k.screen();
            k(Continue{});
            CHECK(k.screen() != before); // no error kept the person on the page
        }
        REQUIRE(k.screen() == Screen::check_answers);
        CHECK(optional_skipped >= 15);
        k(Send{});
        CHECK(k.state.error_summary.empty());
        CHECK(k.screen() == Screen::sending);
        CHECK(only_command<SealAndStore>(k).report.what_happened.size() == 1);
    }
}

// Skipping WHAT_HAPPENED is possible, but then OWN_WORDS is needed: that is why neither says
// "(optional)". The error appears on OWN_WORDS, not later.
TEST_CASE("what happened is asked for on own words when nothing was chosen", "[kiosk]") {
    Kiosk k = walk_to(Screen::role);
    k(Choose{v(Role::victim)})(Continue{});
    while (k.screen() != Screen::what_happened)
        k(Continue{});
    CHECK_FALSE(is_optional(Screen::what_happened));
    CHECK(content_for(k.state).hint.find("own words") != std::string::npos);
    k(Continue{});
    REQUIRE(k.screen() == Screen::own_words);
    k(Continue{});
    CHECK(k.screen() == Screen::own_words);
    CHECK_FALSE(k.state.error_summary.empty());
}

TEST_CASE("Send stores the draft, a store failure keeps it and asks for staff", "[kiosk]") {
    Kiosk k = walk_to(Screen::check_answers);
    const Report draft = k.state.draft;
    k(Send{});
    REQUIRE(k.screen() == Screen::sending);
    Report expected = draft;
    expected.language = "en-GB";
    CHECK(only_command<SealAndStore>(k).report == expected);
    k(Back{})(Send{})(Continue{});
    CHECK(k.screen() == Screen::sending); // nothing to do but wait
    CHECK(k.commands.empty());            // F4: only Send emits SealAndStore, once

    k(StoreFailed{"disk full"});
    REQUIRE(k.screen() == Screen::check_answers);
    CHECK(en(k.state.store_error) == "The report could not be saved. Nothing was lost: please ask "
                                     "a member of staff for help. (disk full)");
    CHECK(k.state.draft == draft);
    k(Back{});
    CHECK(k.screen() == Screen::consent_statistics); // Back still works after a failure
    k(Continue{})(Send{});
    CHECK(k.state.store_error.empty());
    CHECK(only_command<SealAndStore>(k).report == expected);

    k(Stored{"HRC-7K3M-Q9TX"});
    CHECK(k.screen() == Screen::confirmation);
    k(Stored{"HRC-0000-0000"});
    CHECK(k.state.reference == "HRC-7K3M-Q9TX"); // out of place: ignored
}

TEST_CASE("Send refuses a report that could never be stored, and says why", "[kiosk]") {
    Kiosk k;
    k.state.screen =
        Screen::check_answers; // e.g. a paper form with no role (not reachable by the flow)
    k(Send{});
    CHECK(k.screen() == Screen::check_answers);
    CHECK(k.commands.empty());
    CHECK(
        en(k.state.error_summary) ==
        std::vector<std::string>{
            "Select whether it happened to you, you saw it, or you are reporting for someone else",
            "Select what happened, or tell us in your own words"});
}

TEST_CASE("Finish needs the noted box, then wipes everything", "[kiosk]") {
    Kiosk k = walk_to(Screen::check_answers);
    k(Send{})(Stored{"HRC-7K3M-Q9TX"});
    REQUIRE(k.screen() == Screen::confirmation);
    k(Back{});
    CHECK(k.screen() == Screen::confirmation);
    k(Finish{});
    REQUIRE(k.screen() == Screen::confirmation);
    CHECK(en(k.state.question_error) == "Tick the box to confirm you have noted your reference");
    CHECK(k.state.error_summary.size() == 1);
    CHECK(k.commands.empty());
    k(NotedReference{true})(NotedReference{false})(Finish{});
    CHECK(k.screen() == Screen::confirmation);
    k(NotedReference{true});
    const State before = k.state;
    k(Finish{});
    CHECK(wiped_memory(k));
    CHECK(k.state == fresh_at(before, Screen::language));
}

// ---- staff ------------------------------------------------------------------------------------------

TEST_CASE("staff sign in: ID shape, PIN checked by the shell, five wrong attempts", "[kiosk]") {
    Kiosk k;
    k(StaffEntry{});
    REQUIRE(k.screen() == Screen::staff_id);
    CHECK(k.state.focus == Field::staff_id);
    k(Continue{});
    CHECK(en(k.state.field_errors.at(Field::staff_id)) == "Enter your staff ID");
    k(TypeText{"js 01"})(Continue{});
    CHECK(en(k.state.field_errors.at(Field::staff_id)) ==
          "Your staff ID can only use letters, numbers and hyphens (-)");
    CHECK(k.state.text.at(Field::staff_id) == "js 01");
    k(Back{});
    CHECK(k.screen() == Screen::language);
    CHECK(k.state.text.empty());
    k(StaffEntry{}).type(Field::staff_id, std::string(65, 'a'))(Continue{});
    CHECK(en(k.state.field_errors.at(Field::staff_id)) ==
          "Your staff ID must be 64 characters or fewer");
    k(Back{})(StaffEntry{}).type(Field::staff_id, "JS-01")(Continue{});
    REQUIRE(k.screen() == Screen::staff_pin);
    k(Continue{});
    CHECK(en(k.state.field_errors.at(Field::staff_pin)) == "Enter your PIN");
    CHECK(k.commands.empty());

    for (int attempt = 1; attempt <= 4; ++attempt) {
        k(TypeText{"1234"})(Continue{});
        const CheckPin& check = only_command<CheckPin>(k);
        CHECK(check.staff_id == "JS-01");
        CHECK(check.pin == "1234");
        CHECK_FALSE(k.state.text.contains(Field::staff_pin)); // the PIN leaves the state at once
        k(PinChecked{false, 0, {}});
        REQUIRE(k.screen() == Screen::staff_pin);
        CHECK(en(k.state.field_errors.at(Field::staff_pin)) == "The staff ID or PIN is not right");
        CHECK(k.state.pin_attempts == attempt);
        CHECK_FALSE(k.state.staff);
    }
    SECTION("the right PIN opens the staff menu") {
        k(TypeText{"2468"})(Continue{})(PinChecked{true, 0, {}});
        REQUIRE(k.screen() == Screen::staff_menu);
        REQUIRE(k.state.staff);
        CHECK(k.state.staff->staff_id == "JS-01");
        CHECK(k.state.pin_attempts == 0);
        CHECK(k.state.text.empty());
        CHECK(k.state.history.empty());
    }
    SECTION("a fifth wrong PIN goes back to the start") {
        k(TypeText{"1111"})(Continue{})(PinChecked{false, 0, {}});
        CHECK(wiped_memory(k));
        CHECK(k.screen() == Screen::language);
        CHECK_FALSE(k.state.staff);
        CHECK(k.state.text.empty());
    }
    SECTION("while tries are locked, the wait is shown as a time, the same for any staff id") {
        k(TypeText{"1111"})(Continue{});
        k(PinChecked{false, 300, "18:45"});
        REQUIRE(k.screen() ==
                Screen::language); // the fifth wrong PIN of this session still wipes it
        k(StaffEntry{}).type(Field::staff_id, "NOBODY")(Continue{})(TypeText{"1111"})(Continue{});
        k(PinChecked{false, 240, "18:45"});
        REQUIRE(k.screen() == Screen::staff_pin);
        CHECK(en(k.state.field_errors.at(Field::staff_pin)) ==
              "Too many wrong PINs. Try again at 18:45.");
        CHECK_FALSE(k.state.staff);
    }
    SECTION("a PIN answer that arrives after leaving is ignored") {
        k(TypeText{"2468"})(Continue{})(QuickExit{})(PinChecked{true, 0, {}});
        CHECK(k.screen() == Screen::neutral);
        CHECK_FALSE(k.state.staff);
    }
}

TEST_CASE("staff: an assisted report records the staff ID and returns to the staff menu",
          "[kiosk]") {
    Kiosk k = signed_in_staff();
    k(StaffChoose{StaffAction::assisted_report});
    REQUIRE(k.screen() == Screen::language); // the person chooses their language
    CHECK(k.state.staff->mode == Mode::staff_assisted);
    walk(k, Screen::check_answers);
    k(Send{});
    const Report& report = only_command<SealAndStore>(k).report;
    CHECK(report.mode == Mode::staff_assisted);
    CHECK(report.staff_id == "JS-01");
    CHECK(validate(report, kToday).size() == 5); // identity only: the staff ID is there
    k(Stored{"HRC-7K3M-Q9TX"})(NotedReference{true})(Finish{});
    CHECK(wiped_memory(k));
    REQUIRE(k.screen() == Screen::staff_menu);
    REQUIRE(k.state.staff);
    CHECK(k.state.staff->staff_id == "JS-01");
    CHECK(k.state.staff->mode == Mode::self);
    CHECK(k.state.draft == Report{});
    CHECK(k.state.reference.empty());
}

TEST_CASE("staff: a paper form starts at the role, Back from it returns to the menu wiped",
          "[kiosk]") {
    Kiosk k = signed_in_staff();
    k(Choose{v(StaffAction::paper_form)}); // the menu's choices work as StaffChoose
    REQUIRE(k.screen() == Screen::role);
    CHECK(k.state.staff->mode == Mode::paper_transcription);
    k(Choose{v(Role::on_behalf)})(Continue{})(Back{})(Back{});
    CHECK(wiped_memory(k));
    REQUIRE(k.screen() == Screen::staff_menu);
    CHECK(k.state.draft == Report{});
    CHECK(k.state.staff->mode == Mode::self);

    k(StaffChoose{StaffAction::paper_form});
    walk(k, Screen::check_answers, Role::on_behalf);
    k(Send{});
    CHECK(only_command<SealAndStore>(k).report.mode == Mode::paper_transcription);
    CHECK(only_command<SealAndStore>(k).report.staff_id == "JS-01");
}

TEST_CASE("staff status loads the queue and holds counts only, sign out", "[kiosk]") {
    Kiosk k = signed_in_staff();
    k(StaffChoose{StaffAction::check_sending});
    REQUIRE(k.screen() == Screen::staff_status);
    only_command<LoadQueue>(k);
    QueueSnapshot q;
    q.pending = 3;
    q.queued = 2;
    q.retry_wait = 1;
    q.acked = 40;
    q.last_contact_at = kStart - 300;
    q.recent_languages = {"en-GB", "pl"};
    k(QueueLoaded{q});
    CHECK(k.state.queue == q);
    CHECK(k.state.draft == Report{});
    CHECK(k.state.text.empty());
    const auto rows = staff_status_rows(k.state);
    auto value = [&](std::string_view label) {
        for (const StatusRow& row : rows)
            if (row.label == label) return row.value;
        return std::string("(missing)");
    };
    CHECK(value("Waiting to be sent") == "3");
    CHECK(value("Last contact with the central system") == "5 minutes ago");
    CHECK(value("Languages of the last reports") == "English, Polski");
    k(StaffChoose{StaffAction::refresh_status});
    only_command<LoadQueue>(k); // refresh
    k(Back{});
    CHECK(k.screen() == Screen::staff_menu);
    k(QueueLoaded{QueueSnapshot{}}); // late answer: not on the status screen
    CHECK(k.state.queue == q);

    k(StaffChoose{StaffAction::sign_out});
    CHECK(wiped_memory(k));
    CHECK(k.screen() == Screen::language);
    CHECK_FALSE(k.state.staff);
    k(QueueLoaded{q});
    CHECK(k.state.queue == QueueSnapshot{});
}

// ---- content ----------------------------------------------------------------------------------------

TEST_CASE("every screen has a heading, and a button label where it has a button", "[kiosk]") {
    const Screen all[] = {Screen::language,
                          Screen::danger,
                          Screen::role,
                          Screen::strands,
                          Screen::classification,
                          Screen::what_happened,
                          Screen::own_words,
                          Screen::when_date,
                          Screen::when_time,
                          Screen::where_district,
                          Screen::where_place,
                          Screen::where_address,
                          Screen::offenders,
                          Screen::offender_description,
                          Screen::injured,
                          Screen::damage,
                          Screen::witnesses,
                          Screen::evidence,
                          Screen::anonymous,
                          Screen::contact,
                          Screen::about_you,
                          Screen::consent_police,
                          Screen::consent_contact,
                          Screen::consent_support,
                          Screen::consent_statistics,
                          Screen::check_answers,
                          Screen::sending,
                          Screen::confirmation,
                          Screen::neutral,
                          Screen::staff_id,
                          Screen::staff_pin,
                          Screen::staff_menu,
                          Screen::staff_status};
    std::set<std::string_view> ids;
    for (Screen screen : all) {
        State s;
        s.screen = screen;
        INFO(screen_id(screen));
        ids.insert(screen_id(screen));
        const ScreenContent c = content_for(s);
        CHECK_FALSE(c.heading.empty());
        if (screen != Screen::sending && screen != Screen::staff_menu)
            CHECK_FALSE(c.continue_label.empty());
        for (const Choice& choice : c.choices)
            CHECK_FALSE(choice.label.empty());
        for (const TextFieldSpec& field : c.fields)
            CHECK_FALSE(field.label.empty());
        CHECK(is_optional(screen) ==
              (is_question(screen) && screen != Screen::role && screen != Screen::what_happened &&
               screen != Screen::own_words));
        // Every choice value round-trips: choosing it selects it.
        Kiosk k;
        k.state.screen = screen;
        for (const Choice& choice : c.choices) {
            if (screen == Screen::language || screen == Screen::staff_menu) break;
            k(c.multiple ? Intent{Toggle{choice.id}} : Intent{Choose{choice.id}});
            CHECK(is_chosen(k.state, choice.id));
        }
    }
    CHECK(ids.size() == std::size(all));
    CHECK(ids.count("unknown") == 0);
    CHECK(content_for(walk_to(Screen::check_answers).state).continue_label == "Send report");
}

TEST_CASE("two questions on one screen are two groups with a legend", "[kiosk]") {
    Kiosk k = walk_to(Screen::when_time);
    const ScreenContent c = content_for(k.state);
    int legends = 0;
    for (const Choice& choice : c.choices)
        if (!choice.legend.empty()) {
            ++legends;
            CHECK(choice.id == second(Answer::yes));
        }
    CHECK(legends == 1);
    k(Choose{v(TimeOfDay::night)})(Choose{second(Answer::dont_know)});
    CHECK(is_chosen(k.state, v(TimeOfDay::night)));
    CHECK(is_chosen(k.state, second(Answer::dont_know)));
    k(Choose{v(TimeOfDay::morning)});
    CHECK_FALSE(is_chosen(k.state, v(TimeOfDay::night)));
    CHECK(is_chosen(k.state, second(Answer::dont_know)));
}

TEST_CASE("fields appear with the choice that needs them", "[kiosk]") {
    Kiosk k = walk_to(Screen::strands);
    CHECK(fields_on(k.state).empty());
    k(Toggle{v(Strand::other)});
    CHECK(fields_on(k.state) == std::vector<Field>{Field::other_difference});
    CHECK(content_for(k.state).fields.size() == 1);
    k.type(Field::other_difference, "age")(Toggle{v(Strand::other)});
    CHECK(fields_on(k.state).empty());
    k(TypeText{"more"}); // typing into a hidden field does nothing
    CHECK(k.state.text.at(Field::other_difference) == "age");
    k(Continue{});
    CHECK_FALSE(k.state.draft.other_difference); // hidden again: not given, though the text is kept
    k(FocusField{Field::name});
    CHECK_FALSE(k.state.focus); // not on this screen
}

TEST_CASE("digits of any script: a date and a phone number typed in Gujarati digits are accepted",
          "[kiosk]") {
    // Issue 14 item 5: the Gujarati keyboard's own digits (its "more" page) must give the same
    // report as ASCII digits.
    Kiosk k = walk_to(Screen::when_date);
    k(Choose{v(DateKind::exact)}).type(Field::date_from, "૨૭ ૩ ૨૦૨૫")(Continue{});
    CHECK(k.state.field_errors.empty());
    REQUIRE(k.state.draft.when.date);
    CHECK(k.state.draft.when.date->date == "2025-03-27");

    Kiosk c = walk_to(Screen::contact);
    c.type(Field::name, "Sam").type(Field::phone, "૦૭૭૦૦ ૯૦૦૯૮૨")(Continue{});
    CHECK(c.state.field_errors.empty());
    CHECK(c.state.draft.about.phone == "07700 900982"); // stored in ASCII digits
}

TEST_CASE(
    "fields of digits open on the language's own keyboard, fields of Latin letters on English "
    "letters",
    "[kiosk]") {
    // A date or a phone number is digits only, and every keyboard has the digits 0-9 on its number
    // row: the person keeps the letters they read. A postcode, an email address and a staff ID need
    // Latin letters.
    for (Field f : {Field::date_from, Field::date_to, Field::phone}) {
        INFO(def_of(f).id);
        CHECK_FALSE(def_of(f).latin_keyboard);
    }
    for (Field f : {Field::postcode, Field::email, Field::staff_id}) {
        INFO(def_of(f).id);
        CHECK(def_of(f).latin_keyboard);
    }
}

TEST_CASE("typing: text in any script, Backspace removes one character", "[kiosk]") {
    Kiosk k = walk_to(Screen::own_words);
    k(TypeText{"a"})(TypeText{"ક"})(TypeText{"😀"});
    CHECK(k.state.text.at(Field::description) == "aક😀");
    k(Backspace{});
    CHECK(k.state.text.at(Field::description) == "aક");
    k(Backspace{})(Backspace{})(Backspace{});
    CHECK(k.state.text.at(Field::description).empty());
}

TEST_CASE("out-of-place and out-of-range intents change nothing", "[kiosk]") {
    Kiosk k = walk_to(Screen::role);
    const State before = k.state;
    k(Choose{ChoiceId{Group::first, 7}})(Choose{ChoiceId{Group::first, -1}})(
        Toggle{v(Strand::race)})(Choose{ChoiceId{Group::second, 0}})(Send{})(Finish{})(
        LeaveNeutral{})(StaffEntry{});
    k(ChangeAnswer{Screen::strands})(Stored{"HRC-7K3M-Q9TX"})(StoreFailed{"x"})(
        PinChecked{true, 0, {}})(StaffChoose{StaffAction::assisted_report});
    CHECK(k.state == before);
    CHECK(k.commands.empty());
    k(ChooseLanguage{"xx"});
    CHECK(k.state == before);
}

TEST_CASE("check answers: one row per question asked, You did not answer when skipped", "[kiosk]") {
    Kiosk k = walk_to(Screen::check_answers, Role::witness, true);
    const auto rows = check_answer_rows(k.state);
    std::set<Screen> screens;
    for (const AnswerRow& row : rows) {
        screens.insert(row.change_to);
        CHECK_FALSE(row.question.empty());
    }
    const auto path = question_path(k.state);
    CHECK(screens == std::set<Screen>(path.begin(), path.end()));
    CHECK_FALSE(screens.contains(Screen::injured));
    CHECK_FALSE(screens.contains(Screen::contact));
    auto answer = [&](Screen screen) {
        for (const AnswerRow& row : rows)
            if (row.change_to == screen) return row.answer;
        return std::string("(missing)");
    };
    CHECK(answer(Screen::role) == "I saw it happen to someone else");
    CHECK(answer(Screen::what_happened) == "Verbal abuse");
    CHECK(answer(Screen::classification) == "You did not answer");
    CHECK(answer(Screen::when_date) == "You did not answer");
    CHECK(answer(Screen::anonymous) == "No, I want to stay anonymous");
    // An unanswered consent must not read as a refusal ("Not given", "No").
    CHECK(answer(Screen::consent_police) == "You did not answer");
    CHECK(answer(Screen::consent_statistics) == "You did not answer");
}

TEST_CASE("the confirmation says what happens next and where to get help", "[kiosk]") {
    Kiosk k = walk_to(Screen::check_answers);
    k(Send{})(Stored{"HRC-7K3M-Q9TX"});
    std::string all;
    for (const ConfirmationBlock& p : confirmation_paragraphs(k.state))
        all += p.text + " " + p.contact + "\n";
    CHECK(all.find("Victim First") != std::string::npos);
    CHECK(all.find("0800 953 95 95") != std::string::npos); // hrc.toml [support]'s defaults
    CHECK(all.find("999") != std::string::npos);
    CHECK(all.find("101") != std::string::npos);
    CHECK_FALSE(text_noted_reference().empty());
    REQUIRE(languages().size() == 12);
    CHECK(languages().front().code == "en-GB");
    CHECK(languages().front().native_name == "English");
}

// ---- I need help now (issue 14 item 3) -----------------------------------------------------------

TEST_CASE("danger: I need help now says call 999 or ask staff, and loses nothing", "[kiosk]") {
    Kiosk k;
    k.state.settings.support.help_text = "Staff are at the desk by the door.";
    k(ChooseLanguage{"pl"});
    REQUIRE(k.screen() == Screen::danger);
    const State at_danger = k.state;
    k(NeedHelp{});
    REQUIRE(k.screen() == Screen::need_help);
    CHECK(k.commands.empty());
    const std::vector<HelpLine> lines = need_help_lines(k.state);
    REQUIRE(lines.size() == 4);
    CHECK(lines[0].large);
    CHECK(lines[0].text == "Call \u2066"
                           "999\u2069 now.");
    CHECK(lines[1].text.starts_with("If you cannot call, or it is not safe to, ask a member of "
                                    "staff now."));
    CHECK(lines[3].text == "Staff are at the desk by the door.");
    CHECK(content_for(k.state).continue_label == "Go back to my report");
    // Both ways back return to DANGER with everything as it was (the language chosen, the history).
    k(Continue{});
    CHECK(k.state == at_danger);
    k(NeedHelp{})(Back{});
    CHECK(k.state == at_danger);
    // Only from DANGER.
    k(Continue{});
    REQUIRE(k.screen() == Screen::role);
    k(NeedHelp{});
    CHECK(k.screen() == Screen::role);
    // A centre with its own emergency number, and none of its own words.
    k.state.settings.support.police_emergency = "112";
    k.state.settings.support.help_text.clear();
    const std::vector<HelpLine> other = need_help_lines(k.state);
    REQUIRE(other.size() == 3);
    CHECK(other[0].text == "Call \u2066"
                           "112\u2069 now.");
}

// ---- printing the reference (issue 17; the state machine and P1-P3 in flow.h) -----------------

Kiosk at_confirmation(bool printer) {
    Kiosk k;
    k.state.settings.printer = printer;
    walk(k, Screen::check_answers);
    k(Send{})(Stored{"HRC-7K3M-Q9TX"});
    REQUIRE(k.screen() == Screen::confirmation);
    return k;
}

TEST_CASE("printing: nothing is offered or printed without a printer", "[kiosk][print]") {
    Kiosk k = at_confirmation(false);
    const State before = k.state;
    k(PrintReference{});
    k(ChoosePrint{false});
    CHECK(k.commands.empty());
    CHECK(k.state == before);
}

TEST_CASE("printing: the slip is described first and printed only when chosen", "[kiosk][print]") {
    Kiosk k = at_confirmation(true);
    CHECK(k.state.print_stage == PrintStage::idle);
    // P1: a choice without the description first prints nothing.
    k(ChoosePrint{false});
    CHECK(k.commands.empty());
    CHECK(k.state.print_stage == PrintStage::idle);
    k(PrintReference{});
    CHECK(k.state.print_stage == PrintStage::choosing);
    CHECK(k.commands.empty());
    k(CancelPrint{});
    CHECK(k.state.print_stage == PrintStage::idle);
    k(PrintReference{})(ChoosePrint{true});
    CHECK(k.state.print_stage == PrintStage::printing);
    CHECK(only_command<PrintSlip>(k).discreet);
    // While it prints, another tap starts nothing.
    k(PrintReference{})(ChoosePrint{false});
    CHECK(k.commands.empty());
    CHECK(k.state.print_stage == PrintStage::printing);
    // P3: a printed slip is the reference kept: Finish works without ticking the box.
    k(PrintDone{PrintEnd::printed});
    CHECK(k.state.print_stage == PrintStage::printed);
    CHECK(en(k.state.print_message) == "Your slip has printed. Please take it from the printer.");
    CHECK(k.state.noted_reference);
    k(Finish{});
    CHECK(wiped_memory(k));
    CHECK(k.screen() == Screen::language);
    CHECK(k.state.print_stage == PrintStage::idle);
    CHECK(k.state.print_message.empty());
}

TEST_CASE("printing: printer trouble is a message, and the reference stays on the screen",
          "[kiosk][print]") {
    for (const auto& [end, words] : std::vector<std::pair<PrintEnd, std::string>>{
             {PrintEnd::printer_unavailable, "The printer is not working."},
             {PrintEnd::out_of_paper, "The printer has run out of paper."},
             {PrintEnd::failed, "The slip could not be printed."}}) {
        INFO(words);
        Kiosk k = at_confirmation(true);
        k(PrintReference{})(ChoosePrint{false});
        REQUIRE(only_command<PrintSlip>(k).discreet == false);
        k(PrintDone{end});
        CHECK(k.state.print_stage == PrintStage::failed);
        CHECK(en(k.state.print_message).starts_with(words));
        CHECK(en(k.state.print_message).find("Your reference is still on the screen") !=
              std::string::npos);
        // P2: still here, reference and all; the box still has to be ticked to leave.
        CHECK(k.screen() == Screen::confirmation);
        CHECK(k.state.reference == "HRC-7K3M-Q9TX");
        CHECK_FALSE(k.state.noted_reference);
        k(Finish{});
        CHECK(k.screen() == Screen::confirmation);
        // "Try again" goes back to the choice.
        k(PrintReference{});
        CHECK(k.state.print_stage == PrintStage::choosing);
        CHECK(k.state.print_message.empty());
    }
}

TEST_CASE("printing: a print that ends after the person left changes nothing", "[kiosk][print]") {
    Kiosk k = at_confirmation(true);
    k(PrintReference{})(ChoosePrint{false})(NotedReference{true})(Finish{});
    REQUIRE(k.screen() == Screen::language);
    const State fresh = k.state;
    k(PrintDone{PrintEnd::printed});
    CHECK(k.state == fresh);
    k(QuickExit{});
    const State neutral = k.state;
    k(PrintDone{PrintEnd::failed});
    CHECK(k.state == neutral);
}

TEST_CASE("printing: staff can print the last reference again, only with a printer",
          "[kiosk][print]") {
    const auto staff_menu = [](bool printer) {
        Kiosk k;
        k.state.settings.printer = printer;
        k.state.staff = StaffSession{"S1"};
        k.state.screen = Screen::staff_menu;
        return k;
    };
    const auto offers_reprint = [](const Kiosk& k) {
        for (const Choice& c : content_for(k.state).choices)
            if (c.id.value == static_cast<int>(StaffAction::reprint_last)) return true;
        return false;
    };
    Kiosk without = staff_menu(false);
    CHECK_FALSE(offers_reprint(without));
    without(StaffChoose{StaffAction::reprint_last});
    CHECK(without.commands.empty());

    Kiosk k = staff_menu(true);
    CHECK(offers_reprint(k));
    k(StaffChoose{StaffAction::reprint_last});
    only_command<ReprintLast>(k);
    CHECK(k.state.print_stage == PrintStage::printing);
    k(PrintDone{PrintEnd::nothing_to_reprint});
    CHECK(k.state.print_stage == PrintStage::failed);
    CHECK(en(k.state.print_message).starts_with("There is no reference to print again"));
    k(StaffChoose{StaffAction::reprint_last})(PrintDone{PrintEnd::printed});
    CHECK(k.state.print_stage == PrintStage::printed);
    CHECK(k.screen() == Screen::staff_menu);
}

TEST_CASE("printing: what happens next gives the agreed contact times and the centre's contacts",
          "[kiosk][print]") {
    Kiosk k;
    k.state.settings.support.victim_first_contact_days = 2;
    k.state.settings.support.police_contact_days = 1;
    k.state.settings.support.victim_first_web = "";
    k.state.settings.support.police_non_emergency = "0116 222 2222";
    k.state.settings.support.centre_text = "Ask at the desk, 9:00 to 17:00.";
    walk(k, Screen::contact);
    k(Choose{v(ContactMethod::email)});
    k.type(Field::email, "zara.k@example.org");
    walk(k, Screen::consent_police);
    for (int consent = 0; consent < 4; ++consent)
        k(Choose{v(ConsentDecision::given)})(Continue{});
    REQUIRE(k.screen() == Screen::check_answers);
    k(Send{})(Stored{"HRC-7K3M-Q9TX"});
    std::string next;
    for (const std::string& p : what_happens_next(k.state))
        next += p + "\n";
    CHECK(next.find("Victim First usually contacts people within 2 working days.") !=
          std::string::npos);
    CHECK(next.find("The police usually contact people within 1 working day.") !=
          std::string::npos);
    const std::vector<SupportLine> lines = support_lines(k.state);
    REQUIRE(lines.size() == 3); // no web address configured: not shown
    CHECK(lines[0].contact == "999");
    CHECK(lines[1].contact == "0116 222 2222");
    CHECK(lines[2].contact == "0800 953 95 95");
    const std::vector<ConfirmationBlock> blocks = confirmation_paragraphs(k.state);
    CHECK(blocks.back().text == "Ask at the desk, 9:00 to 17:00.");
    const hrc::receipt::Slip slip = receipt_slip(k.state, english(), false);
    CHECK(slip.centre_text == "Ask at the desk, 9:00 to 17:00.");
    CHECK(slip.next_steps == what_happens_next(k.state));

    // No time agreed (the default): none is promised.
    k.state.settings.support.victim_first_contact_days = 0;
    k.state.settings.support.police_contact_days = 0;
    for (const std::string& p : what_happens_next(k.state))
        CHECK(p.find("usually contact") == std::string::npos);
}

// ---- typing in any script: the caret moves by grapheme cluster (issue 6) ----------------------

TEST_CASE("kiosk: the caret moves by grapheme cluster, typing inserts at it, Backspace removes one "
          "code point",
          "[kiosk]") {
    Kiosk k = walk_to(Screen::own_words);
    k(FocusField{Field::description});
    // Devanagari: क्षि is one cluster (क + virama + ष + vowel sign i), then ा after म.
    const std::string ksha = "\u0915\u094D\u0937\u093F"; // क्षि
    const std::string ma = "\u092E\u093E";               // मा
    k(TypeText{ksha + ma});
    CHECK(caret_of(k.state, Field::description) == (ksha + ma).size());
    k(MoveCaret{-1}); // before मा
    CHECK(caret_of(k.state, Field::description) == ksha.size());
    k(MoveCaret{-1}); // before क्षि: the whole cluster, not one code point
    CHECK(caret_of(k.state, Field::description) == 0);
    k(MoveCaret{-1}); // already at the start
    CHECK(caret_of(k.state, Field::description) == 0);
    k(TypeText{"\u0928"}); // न inserted at the caret
    CHECK(k.state.text.at(Field::description) == "\u0928" + ksha + ma);
    CHECK(caret_of(k.state, Field::description) == 3);
    k(MoveCaret{+1}); // over क्षि in one step
    CHECK(caret_of(k.state, Field::description) == 3 + ksha.size());
    // Backspace removes the code point before the caret (the vowel sign ि), so a wrong sign is
    // corrected without retyping its consonants.
    k(Backspace{});
    CHECK(k.state.text.at(Field::description) == "\u0928\u0915\u094D\u0937" + ma);
    CHECK(caret_of(k.state, Field::description) == 3 + ksha.size() - 3);
    // A tap inside a cluster places the caret at its start.
    k(PlaceCaret{Field::description, 5}); // inside क्ष
    CHECK(caret_of(k.state, Field::description) == 3);
    // Right-to-left text is stored in logical order; the caret is logical too.
    k(PlaceCaret{Field::description, 1000});
    k(TypeText{" \u0645\u062C\u06BE\u06D2"}); // " مجھے"
    CHECK(caret_of(k.state, Field::description) == k.state.text.at(Field::description).size());
    // Typed text is what gets sealed: Continue keeps exactly these bytes.
    const std::string typed = k.state.text.at(Field::description);
    k(Continue{});
    REQUIRE(k.state.draft.description.has_value());
    CHECK(*k.state.draft.description == typed);
}

TEST_CASE("kiosk: messages keep their key and arguments, so they can be shown in any language",
          "[kiosk]") {
    Kiosk k = walk_to(Screen::own_words);
    k(FocusField{Field::description});
    k(TypeText{std::string(kMaxLongText + 1, 'x')})(Continue{});
    REQUIRE(k.state.field_errors.contains(Field::description));
    const Message& m = k.state.field_errors.at(Field::description);
    CHECK(std::string(m.key) == "{what} must be {limit} characters or fewer");
    CHECK(m.english() == "Your own words must be 20,000 characters or fewer");
    // A translator sees the key, reorders the placeholders and translates the field name: here a
    // made-up language with two entries.
    struct Reordering final : Translator {
        std::string_view language() const override { return "xx"; }
        std::string text(std::string_view key) const override {
            if (key == "{what} must be {limit} characters or fewer")
                return "{limit} at most in «{what}»";
            if (key == "Your own words") return "YOUR WORDS";
            return std::string(key);
        }
        std::string plural(std::string_view one, std::string_view many, long n) const override {
            return text(n == 1 ? one : many);
        }
        std::string context(std::string_view, std::string_view key) const override {
            return text(key);
        }
    } made_up;
    CHECK(made_up.render(m) == "20,000 at most in «YOUR WORDS»");
}

TEST_CASE(
    "kiosk: the language is chosen per person and goes back to the kiosk's default when wiped",
    "[kiosk]") {
    Kiosk k;
    k.state.settings.default_language = "pl";
    k.state = fresh_state(k.state);
    CHECK(k.state.session_language == "pl");
    k(ChooseLanguage{"ur"});
    CHECK(k.state.session_language == "ur");
    CHECK(k.state.screen == Screen::danger);
    k(QuickExit{});
    CHECK(k.state.session_language == "pl"); // the next person starts in the default again
    k(LeaveNeutral{})(ChooseLanguage{"gu"});
    CHECK(k.state.session_language == "gu");
    // The idle timeout wipes too.
    k(Tick{kStart + k.state.settings.idle_seconds + 1});
    k(Tick{k.state.still_there_deadline + 1});
    CHECK(k.state.screen == Screen::language);
    CHECK(k.state.session_language == "pl");
    // Every language offered can be chosen; its code is what the report records.
    for (const LanguageOption& o : languages()) {
        k(ChooseLanguage{o.code});
        CHECK(k.state.session_language == o.code);
        k(Back{});
    }
}
