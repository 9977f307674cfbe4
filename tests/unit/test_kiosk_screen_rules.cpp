// Tests of kiosk/model/screen_rules.h: what Read aloud says (and never says), the main button,
// Back, the keyboard and bottom bar, the English-letters switch and the staff corner's five taps.
// These rules used to live in the view, where only the end-to-end tests could reach them.
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "hrc/languages.h"

#include "content.h"
#include "flow.h"
#include "kiosk_model_driver.h"
#include "screen_rules.h"

using namespace hrc;
using namespace hrc::kiosk;

namespace {

using hrc_test::Kiosk;
using hrc_test::kStart;
using hrc_test::second;
using hrc_test::v;

// Everything the script says, all parts joined.
std::string spoken(const std::vector<ReadAloudPart>& parts) {
    std::string all;
    for (const ReadAloudPart& p : parts)
        all += p.text + "\n";
    return all;
}

bool says(const std::vector<ReadAloudPart>& parts, std::string_view s) {
    return spoken(parts).find(s) != std::string::npos;
}

} // namespace

TEST_CASE("read aloud: every screen of a whole report reads its words, never what was typed",
          "[kiosk][read-aloud]") {
    // What the person types: words found nowhere in the kiosk's own texts, and the shapes of
    // answers (a date, a postcode, a phone number, an e-mail address) as they were typed.
    std::vector<std::string> typed;
    Kiosk k;
    k.state.settings.printer = true; // the confirmation offers to print (issue 17)
    const auto type = [&](Field f, std::string text) {
        typed.push_back(text);
        k.type(f, text);
    };
    const auto canary = [&](Field f) { type(f, "Zqx" + std::string(field_id(f)) + "Wvk"); };
    int screens_checked = 0;
    // On the screen as it is (answers tapped and typed, not yet continued): the script has the
    // heading, every choice and field label and the main button; none of the typed text.
    const auto check_screen = [&] {
        const std::vector<ReadAloudPart> parts = read_aloud_script(k.state, english());
        const ScreenContent content = content_for(k.state, english());
        INFO("screen " << screen_id(k.state.screen));
        REQUIRE_FALSE(parts.empty());
        CHECK(parts.front().language == "en-GB");
        CHECK(says(parts, content.heading));
        CHECK(says(parts, content.continue_label));
        for (const Choice& c : content.choices)
            CHECK(says(parts, c.label));
        for (const TextFieldSpec& f : content.fields)
            CHECK(says(parts, f.label));
        for (const std::string& t : typed) {
            INFO("typed " << t);
            CHECK_FALSE(says(parts, t));
        }
        ++screens_checked;
    };
    const auto next = [&] {
        check_screen();
        k(Continue{});
    };

    k(ChooseLanguage{"en-GB"});
    next(); // danger
    k(Choose{v(Role::victim)});
    next();
    k(Toggle{v(Strand::race)})(Toggle{v(Strand::other)});
    canary(Field::other_difference);
    next();
    k(Choose{v(Classification::crime)});
    next();
    k(Toggle{v(WhatHappened::other)});
    canary(Field::what_happened_other);
    next();
    canary(Field::description);
    next();
    k(Choose{v(DateKind::exact)});
    type(Field::date_from, "27/3/2025");
    next();
    k(Choose{v(TimeOfDay::evening)})(Choose{second(Answer::yes)});
    next();
    k(Choose{v(District::leicester_city)});
    next();
    k(Choose{v(PlaceType::other)});
    canary(Field::place_other);
    next();
    canary(Field::address);
    type(Field::postcode, "LE2 7RH");
    next();
    k(Choose{v(OffenderCount::two)})(Choose{second(Answer::no)});
    next();
    canary(Field::offender_description);
    next();
    k(Choose{v(Answer::yes)});
    canary(Field::injury_details);
    next();
    k(Choose{v(Answer::yes)})(Choose{second(Answer::yes)});
    canary(Field::damage_details);
    canary(Field::stolen_details);
    next();
    k(Choose{v(Answer::yes)});
    canary(Field::witness_details);
    next();
    k(Toggle{v(Evidence::cctv)});
    canary(Field::evidence_details);
    next();
    k(Choose{v(AnonymousChoice::give_details)});
    next();
    k(Choose{v(ContactMethod::email)});
    canary(Field::name);
    type(Field::phone, "07700 900417");
    type(Field::email, "zara.k@example.org");
    canary(Field::contact_address);
    canary(Field::safe_contact_times);
    next();
    k(Choose{v(AgeBand::age_25_34)})(Choose{second(Answer::yes)});
    canary(Field::interpreter_language);
    canary(Field::access_needs);
    next();
    for (int consent = 0; consent < 4; ++consent) {
        k(Choose{v(ConsentDecision::given)});
        next();
    }
    REQUIRE(k.state.screen == Screen::check_answers);
    // Every answer typed reached the report: the check below is about the script, not a lost
    // answer.
    REQUIRE(k.state.draft.about.email == "zara.k@example.org");
    const std::vector<AnswerRow> rows = check_answer_rows(k.state, english());
    const std::vector<ReadAloudPart> check = read_aloud_script(k.state, english());
    int spoken_answers = 0;
    for (const AnswerRow& row : rows) {
        CHECK(says(check, row.question));
        if (row.spoken_answer.empty()) continue; // typed: the next check says it is not read
        CHECK(says(check, row.spoken_answer));
        ++spoken_answers;
    }
    CHECK(spoken_answers >= 20); // the options chosen and the four consents are read
    for (const std::string& t : typed)
        CHECK_FALSE(says(check, t));
    CHECK_FALSE(says(check, "27 March 2025")); // the typed date, as check answers shows it
    CHECK(screens_checked == 24);

    k(Continue{}); // Send
    REQUIRE(k.state.screen == Screen::sending);
    k(Stored{"HRC-7Q2M-K9XD-4"});
    REQUIRE(k.state.screen == Screen::confirmation);
    const std::vector<ReadAloudPart> done = read_aloud_script(k.state, english());
    CHECK(says(done, "HRC-7Q2M-K9XD-4")); // the reference is the service's word: it is read
    CHECK(says(done, english()(text_noted_reference())));
    for (const ConfirmationBlock& p : confirmation_paragraphs(k.state, english()))
        CHECK(says(done, speakable(p.text)));
    CHECK(says(done, english()(text_print_reference())));
    for (const std::string& t : typed)
        CHECK_FALSE(says(done, t));

    // The printed slip (issue 17 item 2): a slip found by someone else reveals only that a report
    // exists — nothing typed, no answer chosen, on the full slip and on the discreet one.
    for (const bool discreet : {false, true}) {
        INFO("discreet " << discreet);
        const hrc::receipt::Slip slip = receipt_slip(k.state, english(), discreet);
        std::string all = slip.heading + "\n" + slip.reference_label + "\n" + slip.reference +
                          "\n" + slip.date + "\n" + slip.next_steps_heading + "\n" +
                          slip.support_heading + "\n" + slip.centre_text + "\n";
        for (const std::string& p : slip.next_steps)
            all += p + "\n";
        for (const hrc::receipt::SupportContact& c : slip.support)
            all += c.label + " " + c.contact + "\n";
        CHECK(slip.reference == "HRC-7Q2M-K9XD-4");
        CHECK(slip.date == "1 April 2025"); // the day it is printed, not the incident's
        for (const std::string& t : typed) {
            INFO("typed " << t);
            CHECK(all.find(t) == std::string::npos);
        }
        CHECK(all.find("27 March 2025") == std::string::npos); // the incident's date
        int answers_checked = 0;
        for (const AnswerRow& row : rows) {
            // Short answers ("Yes", "No") are words of the slip's own sentences too.
            if (row.spoken_answer.size() < 8) continue;
            INFO("answer " << row.spoken_answer);
            CHECK(all.find(row.spoken_answer) == std::string::npos);
            ++answers_checked;
        }
        CHECK(answers_checked >= 10);
        if (discreet) {
            // Only the reference under a neutral heading, and the date.
            CHECK(slip.heading == "Your reference");
            CHECK(slip.reference_label.empty());
            CHECK(slip.next_steps.empty());
            CHECK(slip.support.empty());
            CHECK(slip.centre_text.empty());
            CHECK(all.find("hate") == std::string::npos);
            CHECK(all.find("Hate") == std::string::npos);
        } else {
            CHECK(slip.heading == "Hate incident report");
            CHECK(slip.language == "en-GB");
            // What happens next for the consents given (all four were given above).
            CHECK(all.find("You asked for support. Victim First will contact you") !=
                  std::string::npos);
            CHECK(all.find("You said the police can contact you") != std::string::npos);
            REQUIRE(slip.support.size() == 4);
            CHECK(slip.support.front().contact == "999"); // an emergency first
        }
    }
}

TEST_CASE("read aloud: the language screen reads each language's name in its own voice",
          "[kiosk][read-aloud]") {
    Kiosk k;
    const std::vector<ReadAloudPart> parts = read_aloud_script(k.state, english());
    const std::vector<LanguageOption> options = kiosk::languages();
    // The heading (and the main button) in the session's language, then one part per language.
    REQUIRE(parts.size() == 1 + options.size() + 1);
    CHECK(parts.front().language == "en-GB");
    CHECK(parts.front().text.find(content_for(k.state).heading) != std::string::npos);
    for (std::size_t i = 0; i < options.size(); ++i) {
        CHECK(parts[1 + i].language == options[i].code);
        CHECK(parts[1 + i].text == options[i].native_name);
    }
    // Then, in the session's language, the main button and the way out.
    CHECK(parts.back().language == "en-GB");
    CHECK(parts.back().text ==
          content_for(k.state).continue_label + "\n" + english()(text_quick_exit()));
}

TEST_CASE("read aloud: question n of m first, Back and Leave this page quickly last",
          "[kiosk][read-aloud]") {
    Kiosk k;
    k(ChooseLanguage{"en-GB"})(Continue{});
    REQUIRE(k.state.screen == Screen::role);
    const std::vector<ReadAloudPart> parts = read_aloud_script(k.state, english());
    REQUIRE(parts.size() == 1);
    const std::string& text = parts.front().text;
    CHECK(text.rfind("Question 1 of ", 0) == 0);
    const std::string ending = "\n" + english()(text_back()) + "\n" + english()(text_quick_exit());
    REQUIRE(text.size() > ending.size());
    CHECK(text.substr(text.size() - ending.size()) == ending);

    // The neutral screen after quick exit shows nothing of the service, and says nothing of it.
    k(QuickExit{});
    REQUIRE(k.state.screen == Screen::neutral);
    const std::vector<ReadAloudPart> neutral = read_aloud_script(k.state, english());
    for (const ReadAloudPart& p : neutral)
        CHECK_FALSE(says({p}, english()(text_quick_exit()))); // no way out of the way out
}

TEST_CASE("read aloud: numbers to dial are read digit by digit, counts and years as numbers",
          "[kiosk][read-aloud]") {
    CHECK(speakable("If you are in danger, call 999.") == "If you are in danger, call 9 9 9.");
    CHECK(speakable("call 101 or 111") == "call 1 0 1 or 1 1 1");
    CHECK(speakable("For example, 07700 900982") == "For example, 0 7 7 0 0 9 0 0 9 8 2");
    CHECK(speakable("Question 3 of 23") == "Question 3 of 23");
    CHECK(speakable("27 March 2025") == "27 March 2025");
    CHECK(speakable("in 30 seconds") == "in 30 seconds");
    CHECK(speakable("2,000 characters or fewer") == "2,000 characters or fewer");
    CHECK(speakable("1,000,000 and 123.456") == "1,000,000 and 123.456");
    CHECK(speakable("call 999.") == "call 9 9 9.");
    CHECK(speakable("05 and 0") == "0 5 and 0");
    CHECK(speakable("HRC-7Q2M-K9XD-4") == "HRC-7Q2M-K9XD-4");
    CHECK(speakable("") == "");
    // The kiosk's scripts' own digits: Urdu (Extended Arabic-Indic), Arabic-Indic, Bengali,
    // Gujarati, Devanagari.
    CHECK(speakable("\u06F9\u06F9\u06F9 \u067E\u0631") == "\u06F9 \u06F9 \u06F9 \u067E\u0631");
    CHECK(speakable("\u0669\u0669\u0669") == "\u0669 \u0669 \u0669");
    CHECK(speakable("\u09EF\u09EF\u09EF") == "\u09EF \u09EF \u09EF");
    CHECK(speakable("\u0AE7\u0AE6\u0AE7") == "\u0AE7 \u0AE6 \u0AE7");
    CHECK(speakable("\u0968\u0966\u0968\u096B") == "\u0968\u0966\u0968\u096B"); // a year
    // Not UTF-8: passed through as it is.
    CHECK(speakable("a\xff"
                    "999") == "a\xff"
                              "9 9 9");

    // The scripts the kiosk speaks: the danger screen's 999 is read digit by digit.
    Kiosk k;
    k(ChooseLanguage{"en-GB"});
    REQUIRE(k.state.screen == Screen::danger);
    const std::vector<ReadAloudPart> danger = read_aloud_script(k.state, english());
    CHECK(says(danger, "9 9 9"));
    CHECK_FALSE(says(danger, "999"));
}

TEST_CASE("read aloud: problems are read first, in the words shown", "[kiosk][read-aloud]") {
    Kiosk k;
    k(ChooseLanguage{"en-GB"})(Continue{})(Continue{}); // ROLE, nothing chosen
    REQUIRE(k.state.screen == Screen::role);
    REQUIRE_FALSE(k.state.error_summary.empty());
    const std::vector<ReadAloudPart> parts = read_aloud_script(k.state, english());
    REQUIRE_FALSE(parts.empty());
    const std::string first_problem = k.state.error_summary.front().english();
    CHECK(parts.front().text.rfind(first_problem, 0) == 0);
    CHECK(says(parts, k.state.question_error.english()));
}

TEST_CASE("screen rules: Back, the bottom bar, the keyboard and the main button of each screen",
          "[kiosk]") {
    Kiosk k;
    CHECK_FALSE(shows_back(k.state)); // the first screen has nowhere to go back to
    {
        const ScreenContent c = content_for(k.state);
        const std::optional<MainButton> b = main_button(k.state, c);
        REQUIRE(b);
        CHECK(b->id == automation_id::main_button);
        CHECK(std::holds_alternative<Continue>(b->intent));
        CHECK(shows_bottom_bar(k.state, c));
        CHECK_FALSE(shows_keyboard(k.state, c));
    }
    k(ChooseLanguage{"en-GB"})(Continue{})(Choose{v(Role::victim)})(Continue{})(Continue{});
    k(Choose{v(Classification::crime)})(Continue{})(Toggle{v(WhatHappened::threats)})(Continue{});
    REQUIRE(k.state.screen == Screen::own_words);
    CHECK(shows_back(k.state));
    {
        // The screen opens with the keyboard in its field: the main button moves onto the keyboard.
        const ScreenContent c = content_for(k.state);
        REQUIRE(k.state.focus == Field::description);
        CHECK(shows_keyboard(k.state, c));
        CHECK_FALSE(shows_bottom_bar(k.state, c));
        CHECK(main_button(k.state, c).has_value());
    }
    Kiosk done = k;
    for (int guard = 0; guard < 40 && done.state.screen != Screen::check_answers; ++guard) {
        if (done.state.screen == Screen::anonymous)
            done(Choose{v(AnonymousChoice::stay_anonymous)});
        done(Continue{});
    }
    REQUIRE(done.state.screen == Screen::check_answers);
    {
        const std::optional<MainButton> b = main_button(done.state, content_for(done.state));
        REQUIRE(b);
        CHECK(std::holds_alternative<Send>(b->intent));
        CHECK(b->enabled);
    }
    done(Send{})(Stored{"HRC-7Q2M-K9XD-4"});
    REQUIRE(done.state.screen == Screen::confirmation);
    CHECK_FALSE(shows_back(done.state)); // stored: Back would suggest it can be undone
    {
        const std::optional<MainButton> b = main_button(done.state, content_for(done.state));
        REQUIRE(b);
        CHECK(b->id == automation_id::finish);
        CHECK_FALSE(b->enabled); // until "I have noted my reference"
        CHECK(std::holds_alternative<Finish>(b->intent));
    }
    done(NotedReference{true});
    CHECK(main_button(done.state, content_for(done.state))->enabled);

    k(QuickExit{});
    REQUIRE(k.state.screen == Screen::neutral);
    CHECK_FALSE(shows_back(k.state));
    const std::optional<MainButton> b = main_button(k.state, content_for(k.state));
    REQUIRE(b);
    CHECK(std::holds_alternative<LeaveNeutral>(b->intent));
}

TEST_CASE("screen rules: the staff PIN has its own keypad, not the on-screen keyboard", "[kiosk]") {
    Kiosk k;
    k(StaffEntry{}).type(Field::staff_id, "JS-01");
    REQUIRE(k.state.screen == Screen::staff_id);
    CHECK(shows_keyboard(k.state, content_for(k.state)));
    k(Continue{})(FocusField{Field::staff_pin});
    REQUIRE(k.state.screen == Screen::staff_pin);
    REQUIRE(k.state.focus == Field::staff_pin);
    CHECK_FALSE(shows_keyboard(k.state, content_for(k.state)));
}

TEST_CASE("screen rules: English letters are offered exactly where a language has its own keyboard",
          "[kiosk]") {
    for (const languages::LanguageSpec& l : languages::all()) {
        INFO(l.code);
        CHECK(offers_english_letters(l.code) == languages::has_own_keyboard(l));
        CHECK(keyboard_language(l.code, false) == l.code);
        CHECK(keyboard_language(l.code, true) == "en-GB");
    }
    CHECK_FALSE(offers_english_letters("en-GB"));
    CHECK_FALSE(offers_english_letters("so")); // Somali types on the UK layout
    CHECK(offers_english_letters("gu"));
    CHECK(offers_english_letters("ur"));
    CHECK_FALSE(offers_english_letters("xx"));
    CHECK(keyboard_language("xx", false) == "en-GB");

    const LettersKeyLabel own = letters_key_label("gu", false, english());
    CHECK(own.visible == "ABC");
    CHECK(own.spoken == "English letters");
    const LettersKeyLabel back = letters_key_label("gu", true, english());
    CHECK(back.visible == "ગુજરાતી");
    CHECK(back.spoken == "ગુજરાતી");
}

TEST_CASE("staff corner: five taps within three seconds, only on the language screen without staff",
          "[kiosk]") {
    StaffCornerTaps taps;
    for (double t : {0.0, 0.5, 1.0, 1.5})
        CHECK_FALSE(taps.tap(t));
    CHECK(taps.tap(2.0));       // the fifth
    CHECK(taps.counted() == 0); // and the count starts again

    // Spread out: a tap more than 3 s after an earlier one no longer counts it.
    for (double t : {10.0, 11.0, 12.0, 13.0})
        CHECK_FALSE(taps.tap(t));
    CHECK_FALSE(taps.tap(13.5)); // 10.0 is 3.5 s old: four taps in the window
    CHECK(taps.counted() == 4);
    CHECK(taps.tap(14.0)); // 11, 12, 13, 13.5, 14: five within 3 s
    // Exactly three seconds still counts.
    for (double t : {20.0, 21.0, 22.0, 22.5})
        CHECK_FALSE(taps.tap(t));
    CHECK(taps.tap(23.0));
    // The session wipe forgets taps.
    for (double t : {30.0, 30.1, 30.2, 30.3})
        CHECK_FALSE(taps.tap(t));
    taps.reset();
    CHECK_FALSE(taps.tap(30.4));

    Kiosk k;
    CHECK(staff_corner_active(k.state));
    k(ChooseLanguage{"en-GB"});
    CHECK_FALSE(staff_corner_active(k.state)); // danger screen
    Kiosk staff;
    staff(StaffEntry{})
        .type(Field::staff_id, "JS-01")(Continue{})
        .type(Field::staff_pin, "2468")(Continue{});
    staff(PinChecked{true, 0, {}})(StaffChoose{StaffAction::assisted_report});
    REQUIRE(staff.state.staff.has_value());
    REQUIRE(staff.state.screen == Screen::language);
    CHECK_FALSE(staff_corner_active(staff.state)); // Back is in that corner
}

// ---- read aloud from a centre's recordings (issue 14 item 2) ------------------------------------

namespace {

// A stand-in for a catalog without a voice: every text marked, so a test sees it was translated.
class MarkedSomali final : public Translator {
public:
    std::string_view language() const override { return "so"; }
    std::string text(std::string_view key) const override { return "SO " + std::string(key); }
    std::string plural(std::string_view singular, std::string_view plural_form,
                       long n) const override {
        return "SO " + std::string(n == 1 ? singular : plural_form);
    }
    std::string context(std::string_view, std::string_view key) const override {
        return "SO " + std::string(key);
    }
};

const ScriptLine* line_saying(const std::vector<ScriptLine>& lines, std::string_view start) {
    for (const ScriptLine& l : lines)
        if (l.text.rfind(start, 0) == 0) return &l;
    return nullptr;
}

} // namespace

TEST_CASE("read aloud: message ids are the documented hash, the same as scripts/recording-list",
          "[kiosk][read-aloud]") {
    // Values printed by scripts/recording-list (its own FNV-1a code) for these catalog keys.
    CHECK(message_id("", "Are you in danger now?") == "mccc5915c1ebc0b99");
    CHECK(message_id("", "Leave this page quickly") == "m669f43d775f0fb5b");
    CHECK(message_id("keyboard key", "space") == "m3a63d44c208549cd");
    CHECK(message_id("", "space") != message_id("keyboard key", "space"));

    // The remembering translator answers as the one it wraps, and remembers where each text came
    // from.
    const MarkedSomali so;
    const RememberingTranslator remembering(so);
    CHECK(remembering.language() == "so");
    CHECK(remembering("Are you in danger now?") == "SO Are you in danger now?");
    CHECK(remembering.context("keyboard key", "space") == "SO space");
    CHECK(remembering.ids().at("SO Are you in danger now?") == "mccc5915c1ebc0b99");
    CHECK(remembering.ids().at("SO space") == "m3a63d44c208549cd");
}

TEST_CASE("read aloud: each spoken line that is one whole message is named by its id",
          "[kiosk][read-aloud]") {
    const MarkedSomali so;
    Kiosk k;
    k(ChooseLanguage{"so"});
    REQUIRE(k.state.screen == Screen::danger);
    std::vector<ScriptLine> lines =
        script_lines(read_aloud_script(k.state, so), spoken_message_ids(k.state, so, kStart));
    REQUIRE_FALSE(lines.empty());
    for (const ScriptLine& l : lines) {
        CHECK(l.language == "so");
        CHECK_FALSE(l.text.empty());
    }
    const ScriptLine* heading = line_saying(lines, "SO Are you in danger now?");
    REQUIRE(heading != nullptr);
    CHECK(heading->message_id == message_id("", "Are you in danger now?"));
    CHECK(line_saying(lines, "SO Leave this page quickly")->message_id ==
          message_id("", "Leave this page quickly"));
    // The hint says 999, spoken digit by digit: still found as its message.
    const ScriptLine* hint = line_saying(lines, "SO If you are in danger now");
    REQUIRE(hint != nullptr);
    CHECK(hint->text.find("9 9 9") != std::string::npos);
    CHECK(hint->message_id == message_id("", content_for(k.state).hint));

    // "Question 1 of 23" has numbers filled in: no recording can say it, so no id.
    k(Continue{});
    REQUIRE(k.state.screen == Screen::role);
    lines = script_lines(read_aloud_script(k.state, so), spoken_message_ids(k.state, so, kStart));
    const ScriptLine* progress_line = line_saying(lines, "SO Question 1 of ");
    REQUIRE(progress_line != nullptr);
    CHECK(progress_line->message_id.empty());
    CHECK(line_saying(lines, "SO Who did it happen to?")->message_id ==
          message_id("", "Who did it happen to?"));

    // The "Are you still there?" overlay's lines too, while it shows.
    k(Tick{kStart + 10'000});
    REQUIRE(k.state.still_there_deadline > 0);
    lines = script_lines(still_there_script(k.state, so, kStart + 10'000),
                         spoken_message_ids(k.state, so, kStart + 10'000));
    REQUIRE_FALSE(lines.empty());
    CHECK(lines.front().message_id == message_id("", english()(text_still_there())));
}

TEST_CASE("keyboard: dates and phone numbers open the numeric pad, words the letters",
          "[kiosk][keyboard]") {
    for (Field f : {Field::date_from, Field::date_to, Field::phone}) {
        INFO(field_id(f));
        CHECK(opens_numeric_pad(f));
    }
    CHECK(numeric_pad_has_plus(Field::phone));
    CHECK_FALSE(numeric_pad_has_plus(Field::date_from));
    // Postcodes, names, email and free text need letters; the staff ID has letters too.
    for (Field f : {Field::postcode, Field::description, Field::name, Field::email,
                    Field::contact_address, Field::staff_id, Field::other_difference}) {
        INFO(field_id(f));
        CHECK_FALSE(opens_numeric_pad(f));
    }
}
