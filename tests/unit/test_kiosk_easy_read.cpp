// Tests of the easy-read path (issue 18; kiosk/model/easy_read.h): which screens it asks and
// which it skips, Change from check answers, what the report records, the words and pictures each
// screen shows, the consents' wording versions, and the reading age of the easy English (GNU
// style: Flesch–Kincaid grade ≤ 2).
#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>

#include <catch2/catch.hpp>

#include "hrc/submit.h"
#include "hrc/validation.h"

#include "content.h"
#include "easy_read.h"
#include "flow.h"
#include "hrc_text/pictograms.h"
#include "kiosk_model_driver.h"

using namespace hrc;
using namespace hrc::kiosk;

namespace {

using hrc_test::Kiosk;
using hrc_test::kToday;

// Continue through every screen with the fewest answers, recording the question screens shown,
// until CHECK_ANSWERS.
std::vector<Screen> walk_to_check(Kiosk& k, bool anonymous) {
    std::vector<Screen> seen;
    for (int guard = 0; guard < 60 && k.screen() != Screen::check_answers; ++guard) {
        if (is_question(k.screen())) seen.push_back(k.screen());
        switch (k.screen()) {
        case Screen::role:
            k(Choose{choice_of(Role::victim)});
            break;
        case Screen::what_happened:
            if (k.state.editing.what_happened.empty())
                k(Toggle{choice_of(WhatHappened::verbal_abuse)});
            break;
        case Screen::anonymous:
            k(Choose{choice_of(anonymous ? AnonymousChoice::stay_anonymous
                                         : AnonymousChoice::give_details)});
            break;
        case Screen::contact:
            k(Choose{choice_of(ContactMethod::phone)}).type(Field::phone, "07700 900982");
            break;
        case Screen::consent_police:
        case Screen::consent_contact:
        case Screen::consent_support:
        case Screen::consent_statistics:
            k(Choose{choice_of(ConsentDecision::given)});
            break;
        default:
            break;
        }
        k(Continue{});
    }
    REQUIRE(screen_id(k.screen()) == screen_id(Screen::check_answers));
    return seen;
}

Kiosk easy_kiosk() {
    Kiosk k;
    k(SetEasyRead{true})(ChooseLanguage{"en-GB"});
    REQUIRE(k.screen() == Screen::danger);
    k(Continue{});
    REQUIRE(k.screen() == Screen::role);
    return k;
}

std::vector<std::string> names(const std::vector<Screen>& screens) {
    std::vector<std::string> out;
    for (Screen s : screens)
        out.emplace_back(screen_id(s));
    return out;
}

} // namespace

TEST_CASE("easy read asks only its own questions, in the usual order", "[kiosk][easy-read]") {
    Kiosk k = easy_kiosk();
    const std::vector<Screen> seen = walk_to_check(k, false);
    CHECK(names(seen) == std::vector<std::string>{"role", "strands", "what_happened", "own_words",
                                                  "when_date", "where_district", "anonymous",
                                                  "contact", "consent_police", "consent_contact",
                                                  "consent_support", "consent_statistics"});
    // Skipped: the questions of the full path that easy read leaves out.
    for (Screen skipped :
         {Screen::classification, Screen::when_time, Screen::where_place, Screen::where_address,
          Screen::offenders, Screen::offender_description, Screen::injured, Screen::damage,
          Screen::witnesses, Screen::evidence, Screen::about_you}) {
        INFO(screen_id(skipped));
        CHECK_FALSE(on_easy_route(skipped));
        CHECK(std::find(seen.begin(), seen.end(), skipped) == seen.end());
    }

    SECTION("anonymous: no contact details and no consents that need them") {
        Kiosk anonymous = easy_kiosk();
        CHECK(names(walk_to_check(anonymous, true)) ==
              std::vector<std::string>{"role", "strands", "what_happened", "own_words", "when_date",
                                       "where_district", "anonymous", "consent_police",
                                       "consent_statistics"});
    }
    SECTION("the full path is unchanged without easy read") {
        Kiosk full;
        full(ChooseLanguage{"en-GB"})(Continue{});
        CHECK(walk_to_check(full, false).size() == 23);
    }
}

TEST_CASE("easy read counts its own questions in Question n of m", "[kiosk][easy-read]") {
    Kiosk k = easy_kiosk();
    CHECK(progress(k.state).n == 1);
    CHECK(progress(k.state).m == 12);
}

TEST_CASE("easy read is chosen on the start screen only", "[kiosk][easy-read]") {
    Kiosk k;
    k(ChooseLanguage{"en-GB"});
    REQUIRE(k.screen() == Screen::danger);
    k(SetEasyRead{true});
    CHECK_FALSE(k.state.draft.easy_read);

    Kiosk on;
    on(SetEasyRead{true});
    CHECK(on.state.draft.easy_read);
    CHECK(on.state.editing.easy_read);
    on(SetEasyRead{false});
    CHECK_FALSE(on.state.draft.easy_read);

    SECTION("a wipe turns it off for the next person") {
        on(SetEasyRead{true})(QuickExit{});
        CHECK_FALSE(on.state.draft.easy_read);
    }
}

TEST_CASE("turning easy read on after going back drops the answers it does not ask",
          "[kiosk][easy-read]") {
    Kiosk k;
    k(ChooseLanguage{"en-GB"})(Continue{})(Choose{choice_of(Role::victim)})(Continue{});
    k(Continue{}); // strands, skipped
    REQUIRE(k.screen() == Screen::classification);
    k(Choose{choice_of(Classification::crime)})(Continue{});
    REQUIRE(k.state.draft.classification == Classification::crime);
    for (int i = 0; i < 10 && k.screen() != Screen::language; ++i)
        k(Back{});
    REQUIRE(k.screen() == Screen::language);
    k(SetEasyRead{true});
    CHECK(k.state.draft.easy_read);
    CHECK_FALSE(k.state.draft.classification.has_value()); // not asked on the easy path
    CHECK(k.state.draft.role == Role::victim);             // asked on both
}

TEST_CASE("an easy-read report is sent with easy_read and passes the same validation",
          "[kiosk][easy-read]") {
    Kiosk k = easy_kiosk();
    walk_to_check(k, false);
    k(Continue{}); // Send report
    REQUIRE(k.screen() == Screen::sending);
    REQUIRE(k.commands.size() == 1);
    REQUIRE(std::holds_alternative<SealAndStore>(k.commands.front()));
    const Report& sent = std::get<SealAndStore>(k.commands.front()).report;
    CHECK(sent.easy_read);
    CHECK(sent.role == Role::victim);
    CHECK(sent.what_happened == std::vector<WhatHappened>{WhatHappened::verbal_abuse});
    CHECK_FALSE(sent.classification.has_value());
    CHECK(sent.about.phone == "07700 900982");

    // The consents record the easy words they were given to.
    REQUIRE(sent.consents.share_with_police.has_value());
    CHECK(sent.consents.share_with_police->wording_version == "share-police/1-easy");
    CHECK(sent.consents.police_may_contact->wording_version == "police-contact/1-easy");
    CHECK(sent.consents.support_referral->wording_version == "support-referral/1-easy");
    CHECK(sent.consents.anonymous_statistics->wording_version == "statistics/1-easy");

    // What the shell seals: the same validation as every report.
    Report filled = sent;
    filled.report_id = new_report_id();
    filled.reference = "HRC-7K3M-Q9TX";
    filled.centre_id = "c";
    filled.kiosk_id = "k";
    filled.created_at = "2025-04-01T10:00:00Z";
    filled.language = "en-GB";
    CHECK(validate(filled, kToday).empty());
}

TEST_CASE("Change from easy-read check answers opens an easy screen and comes back",
          "[kiosk][easy-read]") {
    Kiosk k = easy_kiosk();
    walk_to_check(k, false);
    const std::vector<AnswerRow> rows = check_answer_rows(k.state);
    std::set<Screen> changeable;
    for (const AnswerRow& row : rows)
        changeable.insert(row.change_to);
    CHECK(changeable.count(Screen::classification) == 0);
    CHECK(changeable.count(Screen::where_district) == 1);

    // A screen not on the path cannot be opened from check answers.
    k(ChangeAnswer{Screen::classification});
    CHECK(k.screen() == Screen::check_answers);

    k(ChangeAnswer{Screen::strands});
    REQUIRE(k.screen() == Screen::strands);
    CHECK(content_for(k.state).heading == "Why do you think it happened?");
    k(Toggle{choice_of(Strand::disability)})(Continue{});
    CHECK(k.screen() == Screen::check_answers);
    CHECK(k.state.draft.strands == std::vector<Strand>{Strand::disability});
    // The answer is shown in its easy words, with the screen's picture on its first row.
    bool found = false;
    for (const AnswerRow& row : check_answer_rows(k.state))
        if (row.change_to == Screen::strands) {
            found = true;
            CHECK(row.answer == "Disability");
            CHECK(row.picture == "🤔");
        }
    CHECK(found);
}

TEST_CASE("every easy-read screen has easy words and a picture beside the heading and each answer",
          "[kiosk][easy-read]") {
    Kiosk k = easy_kiosk();
    int screens = 0;
    for (int guard = 0; guard < 60 && k.screen() != Screen::check_answers; ++guard) {
        const Screen here = k.screen();
        const ScreenContent c = content_for(k.state);
        const EasyScreen* e = easy_screen(here);
        INFO(screen_id(here));
        REQUIRE(e != nullptr);
        CHECK(c.picture == e->picture);
        CHECK(c.heading == e->heading.pick(true));
        for (const Choice& choice : c.choices) {
            INFO(choice.label);
            CHECK_FALSE(choice.picture.empty());
            CHECK(choice.hint.empty()); // one idea per line
        }
        ++screens;
        // Answer as walk_to_check() does, one screen at a time.
        if (here == Screen::role) k(Choose{choice_of(Role::victim)});
        if (here == Screen::what_happened) k(Toggle{choice_of(WhatHappened::threats)});
        if (here == Screen::anonymous) k(Choose{choice_of(AnonymousChoice::give_details)});
        k(Continue{});
    }
    CHECK(screens == 12);
    CHECK(content_for(k.state).picture == "📋");
    CHECK(content_for(k.state).heading == "Check your answers");

    SECTION("the full path has no pictures") {
        Kiosk full;
        full(ChooseLanguage{"en-GB"})(Continue{});
        CHECK(content_for(full.state).picture.empty());
        CHECK(content_for(full.state).heading == "Who did it happen to?");
        for (const Choice& choice : content_for(full.state).choices)
            CHECK(choice.picture.empty());
    }
}

TEST_CASE("the easy date field's words follow the kind of date", "[kiosk][easy-read]") {
    Kiosk k = easy_kiosk();
    for (int guard = 0; guard < 10 && k.screen() != Screen::when_date; ++guard) {
        if (k.screen() == Screen::role) k(Choose{choice_of(Role::victim)});
        if (k.screen() == Screen::what_happened) k(Toggle{choice_of(WhatHappened::threats)});
        k(Continue{});
    }
    REQUIRE(k.screen() == Screen::when_date);
    k(Choose{choice_of(DateKind::range)});
    const ScreenContent c = content_for(k.state);
    REQUIRE(c.fields.size() == 2);
    CHECK(c.fields[0].label == "The first time");
    CHECK(c.fields[1].label == "The last time");
    k(Choose{choice_of(DateKind::exact)});
    CHECK(content_for(k.state).fields.at(0).label == "The day");
}

TEST_CASE("every easy picture and text is listed once for the docs and the reading-age check",
          "[kiosk][easy-read]") {
    const std::vector<EasyPicture> pictures = easy_read_pictures();
    CHECK(pictures.size() > 40);
    for (const EasyPicture& p : pictures) {
        INFO(p.screen << " " << p.meaning);
        CHECK_FALSE(p.picture.empty());
        // No skin-tone modifiers (U+1F3FB…U+1F3FF: F0 9F 8F BB…BF) and no gendered signs
        // (♀ U+2640, ♂ U+2642) in any picture.
        CHECK(p.picture.find("\xF0\x9F\x8F\xBB") == std::string_view::npos);
        CHECK(p.picture.find("\xF0\x9F\x8F\xBF") == std::string_view::npos);
        CHECK(p.picture.find("\xE2\x99\x80") == std::string_view::npos);
        CHECK(p.picture.find("\xE2\x99\x82") == std::string_view::npos);
    }
    const std::vector<std::string_view> texts = easy_read_texts();
    CHECK(std::set<std::string_view>(texts.begin(), texts.end()).size() == texts.size());
    CHECK(texts.size() > 50);
}

TEST_CASE("the easy-read English has a Flesch-Kincaid grade of 2 or less (GNU style)",
          "[kiosk][easy-read]") {
    // One sentence per line: a label without its own full stop is a sentence of its own.
    const std::filesystem::path file =
        std::filesystem::temp_directory_path() / "hrc-easy-read-english.txt";
    {
        std::ofstream out(file);
        for (std::string_view text : easy_read_texts()) {
            std::string line(text);
            const char last = line.back();
            if (last != '.' && last != '?' && last != '!') line += '.';
            out << line << "\n";
        }
    }
    const std::string command = "LC_ALL=C style -L en '" + file.string() + "' 2>&1";
    std::string output;
    if (FILE* pipe = popen(command.c_str(), "r")) {
        std::array<char, 4096> buffer{};
        while (std::fgets(buffer.data(), static_cast<int>(buffer.size()), pipe) != nullptr)
            output += buffer.data();
        pclose(pipe);
    }
    std::filesystem::remove(file);
    INFO("style said: " << output << "(install Debian's diction package for GNU style)");
    std::smatch m;
    REQUIRE(std::regex_search(output, m, std::regex(R"(Kincaid:\s*(-?[0-9]+\.[0-9]+))")));
    const double grade = std::stod(m[1].str());
    WARN("easy-read English: Flesch-Kincaid grade " << grade);
    CHECK(grade <= 2.0);
}

TEST_CASE("every easy-read picture is drawn by the colour font, nearly all in colour",
          "[kiosk][easy-read]") {
    hrc::text::PictogramSource source;
    std::set<std::string_view> checked;
    std::vector<std::string> grey; // drawn, but in greys (👀's eyes are white and black)
    for (const EasyPicture& p : easy_read_pictures()) {
        if (!checked.insert(p.picture).second) continue;
        INFO(p.screen << " " << p.meaning << ": " << source.problem());
        const std::optional<hrc::text::Pictogram> picture = source.render(p.picture, 48);
        REQUIRE(picture.has_value());
        int opaque = 0, coloured = 0;
        for (std::size_t i = 0; i + 3 < picture->rgba.size(); i += 4) {
            const int r = picture->rgba[i], g = picture->rgba[i + 1], b = picture->rgba[i + 2];
            if (picture->rgba[i + 3] < 200) continue;
            ++opaque;
            if (std::max({r, g, b}) - std::min({r, g, b}) > 60) ++coloured;
        }
        CHECK(opaque > 150); // a picture (❗ is the thinnest: ~280 of 48 x 48), not a blank
        if (coloured <= 50) grey.push_back(std::string(p.screen) + " " + std::string(p.meaning));
    }
    CHECK(checked.size() > 30);
    std::string greys;
    for (const std::string& g : grey)
        greys += g + "; ";
    INFO("pictures in greys only: " << greys);
    CHECK(grey.size() <= 2);
}

TEST_CASE("the easy-read confirmation says what happens next and where to get help in easy words",
          "[kiosk][easy-read]") {
    Kiosk k = easy_kiosk();
    walk_to_check(k, false);
    k(Continue{})(Stored{"HRC-7K3M-Q9TX"});
    REQUIRE(k.screen() == Screen::confirmation);
    CHECK(content_for(k.state).picture == "📨");
    const EasyConfirmationWords& e = easy_confirmation_words();
    std::vector<std::string> texts;
    for (const ConfirmationBlock& b : confirmation_paragraphs(k.state))
        texts.push_back(b.text);
    const auto has = [&](std::string_view s) {
        return std::find(texts.begin(), texts.end(), std::string(s)) != texts.end();
    };
    CHECK(has(e.next_heading));
    CHECK(has(e.locked));
    CHECK(has(e.shared_with_police));
    CHECK(has(e.police_will_contact));
    CHECK(has(e.support_asked)); // walk_to_check() gave every consent
    CHECK_FALSE(has(e.support_offered));
    CHECK(has(e.support_heading));
    CHECK(has(e.victim_first_phone));
    // None of the ordinary paragraphs is left.
    CHECK_FALSE(has("Where to get support"));
    CHECK_FALSE(has("If it happens again, you can make another report. You can give your "
                    "reference."));
}
