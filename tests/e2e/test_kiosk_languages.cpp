// End-to-end tests of hrc-kiosk in other languages (issue 6, BRIEF §8): the real kiosk window under
// its own Xvfb, real X input (xdotool), a report typed in the person's script through the
// language's own on-screen keyboard (layouts from xkb-data), and the sealed report opened with
// central's key holds the text exactly as typed.
//
// Along the way each run checks what the person is shown against the language's catalog (the
// "heading" text item of the automation output), takes screenshots of the first question, a
// question and the confirmation, and compares each heading's pixels with hb-view's rendering of
// the same string in the same font (tests/e2e/hb_view_compare.h).
//
// HRC_SCREENSHOT_DIR=docs/screens keeps the screenshots (scripts/screenshots sets it).
// HRC_E2E_ARTIFACTS=/some/dir keeps each run's automation file, kiosk log and comparison images.
#include <chrono>
#include <cstdlib>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <sodium.h>

#include "hrc/clock.h"
#include "hrc/config.h"
#include "hrc/kiosk_store.h"
#include "hrc/report.h"
#include "hrc/seal.h"

#include "build_catalogs.h"
#include "e2e_setup.h"
#include "hb_view_compare.h"
#include "hrc_text/fonts.h"
#include "ids.h"
#include "kiosk_driver.h"
#include "stored_report.h"
#include "test_support.h"

using namespace hrc_e2e;
using namespace std::chrono_literals;

namespace {

Programs programs() {
    return {HRC_KIOSK_EXE, HRC_ADMIN_EXE, HRC_TEST_CENTRAL_KEYS_EXE};
}

template <typename E>
std::string choice(E value) {
    return hrc::kiosk::automation_id::choice(value);
}

// The heading face of kiosk/app/text.cpp: bold, 40 px at scale 1, times the kiosk's scale (which
// it logs at start: "scale 1.001972 (monitor 96 dpi)").
constexpr bool kHeadingBold = true;
float heading_px(Kiosk& k) {
    const std::string log = k.log_text();
    const std::size_t at = log.find(", scale ");
    REQUIRE(at != std::string::npos);
    return 40.0f * std::stof(log.substr(at + 8));
}

std::string translated(const std::string& language, std::string_view key) {
    return catalogs().for_language(language).text(key);
}

Frame wait_item(Kiosk& k, const std::string& id, const std::function<bool(const Item&)>& ok,
                const std::string& what) {
    return k.wait_for(
        [&](const Frame& f) {
            const Item* i = f.find(id);
            return i != nullptr && ok(*i);
        },
        "the item \"" + id + "\" to be " + what, 10s);
}

std::string heading_of(const Frame& f) {
    const Item* h = f.find("heading");
    return h == nullptr ? std::string("(no heading)") : h->label;
}

// Where screenshots go: HRC_SCREENSHOT_DIR when set (docs/screens), else the run's own folder.
fs::path screenshot_dir(const KioskSetup& setup) {
    const char* dir = std::getenv("HRC_SCREENSHOT_DIR");
    if (dir != nullptr && *dir != '\0') {
        fs::create_directories(dir);
        return dir;
    }
    return setup.logs();
}

// Takes a screenshot of the settled screen and compares its heading with hb-view's rendering of
// the same string in the kiosk's heading font for this language.
void screenshot_and_compare(Kiosk& k, const KioskSetup& setup, const std::string& language,
                            const std::string& name) {
    const Frame frame = k.settle(k.latest().number - 1, 1, 400ms);
    const Item* heading = frame.find("heading");
    INFO(frame.describe());
    REQUIRE(heading != nullptr);
    const fs::path png = screenshot_dir(setup) / ("lang-" + language + "-" + name + ".png");
    k.display().screenshot(png);
    const hrc::text::LanguageFonts fonts = hrc::text::language_fonts(language);
    REQUIRE_FALSE(fonts.chain.empty());
    hrc::text::FontLibrary library;
    const std::string font_file = library.path_of(*fonts.chain.front(), kHeadingBold);
    const fs::path work = setup.logs() / ("compare-" + language + "-" + name);
    fs::create_directories(work);
    // Debian's hb-view (cairo) drops the top stroke of Noto Nastaliq's kaf and gaf: for Urdu the
    // pixels are compared with the font's own ink extents instead (hb_view_compare.h).
    TextMatchTolerance tolerance;
    tolerance.extents_only_when_oracle_unreliable = language == "ur";
    const auto [ox, oy] = k.window_origin();
    const TextMatch match = compare_with_hb_view(
        png, ox + static_cast<int>(heading->x), oy + static_cast<int>(heading->y),
        static_cast<int>(heading->w), static_cast<int>(heading->h), heading->label, font_file,
        heading_px(k), language, hrc::text::language_is_rtl(language), work, language + "-" + name,
        tolerance);
    INFO(language << " " << name << ": \"" << heading->label << "\": " << match.description);
    CHECK(match.pass);
}

// True when `utf8` has a letter of the language's own script (gu, pa, ur, ar).
bool has_own_script(const std::string& utf8, const std::string& language) {
    char32_t first = 0, last = 0;
    if (language == "gu")
        first = 0x0A80, last = 0x0AFF;
    else if (language == "pa")
        first = 0x0A00, last = 0x0A7F;
    else if (language == "ur" || language == "ar")
        first = 0x0600, last = 0x06FF;
    else
        return true;
    for (std::size_t i = 0; i < utf8.size();) {
        const auto b = static_cast<unsigned char>(utf8[i]);
        const std::size_t n = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
        char32_t cp = n == 1 ? b : b & (0xFF >> (n + 1));
        for (std::size_t k = 1; k < n && i + k < utf8.size(); ++k)
            cp = (cp << 6) | (static_cast<unsigned char>(utf8[i + k]) & 0x3F);
        if (cp >= first && cp <= last) return true;
        i += n;
    }
    return false;
}

// Every word the screen shows in `language` is in that language: no English left behind (a text
// the code forgot to translate shows up here as a label without a letter of the script).
void expect_translated(const Frame& f, const std::string& language) {
    for (const Item& i : f.items) {
        const bool words = i.id == "heading" || i.id == "hint" || i.id == "back" ||
                           i.id == "continue" || i.id == "quick-exit" || i.id == "read-aloud" ||
                           i.id == "still-here" || i.id.rfind("choice-", 0) == 0 ||
                           i.id.rfind("error-", 0) == 0 || i.id.rfind("field-", 0) == 0 ||
                           i.id.rfind("change-", 0) == 0 || i.id == "noted" || i.id == "finish";
        if (!words || i.label.empty()) continue;
        INFO(language << ", screen " << f.screen << ", item " << i.id << ": \"" << i.label << "\"");
        CHECK(has_own_script(i.label, language));
    }
}

// Answers every screen until CHECK ANSWERS with Continue: a screen that needs an answer (it stays
// with a message) gets its first choice. The question screens that matter to the test are answered
// by the caller before.
void continue_to_check_answers(Kiosk& k, const std::string& language) {
    for (int guard = 0; guard < 40 && k.latest().screen != "check_answers"; ++guard) {
        const std::string screen = k.latest().screen;
        k.tap("continue");
        const Frame after = k.settle(k.latest().number - 1, 1, 250ms);
        expect_translated(after, language);
        if (after.screen != screen) continue;
        // Still here: an answer is needed (consents): the first choice.
        const Item* first = nullptr;
        for (const Item& i : after.items)
            if (i.id.rfind("choice-", 0) == 0) {
                first = &i;
                break;
            }
        INFO(after.describe());
        REQUIRE(first != nullptr);
        k.tap(first->id);
        wait_item(
            k, first->id, [](const Item& i) { return i.selected; }, "selected");
    }
    REQUIRE(k.latest().screen == "check_answers");
}

// One person's report in `language`, typing `words` into "in your own words" with the language's
// on-screen keyboard. Returns nothing; checks as it goes.
void report_in(const std::string& language, const std::string& words) {
    KioskSetup setup(programs());
    setup.keep_artifacts("language-" + language);
    VirtualDisplay display(1280, 800, setup.logs() / "xvfb.log");
    Kiosk k(display, setup.kiosk_options());
    k.wait_for_screen("language");

    // 1. The language screen lists every language by its own name; this one switches the kiosk.
    k.tap_to("language-" + language, "danger");
    wait_item(
        k, "heading",
        [&](const Item& i) { return i.label == translated(language, "Are you in danger now?"); },
        "the danger question in " + language);
    screenshot_and_compare(k, setup, language, "start");
    k.tap_to("continue", "role");

    // 2. A question, in the language, mirrored for right-to-left scripts.
    wait_item(
        k, "heading",
        [&](const Item& i) { return i.label == translated(language, "Who did it happen to?"); },
        "the role question in " + language);
    {
        const Frame role = k.latest();
        const Item* back = role.find("back");
        const Item* quick = role.find("quick-exit");
        REQUIRE(back != nullptr);
        REQUIRE(quick != nullptr);
        CHECK(back->label == translated(language, "Back"));
        // Right to left: Back on the right, quick exit on the left (the layout is mirrored).
        const bool rtl = language == "ur" || language == "ar";
        CHECK((back->x > quick->x) == rtl);
    }
    screenshot_and_compare(k, setup, language, "question");
    expect_translated(k.latest(), language);
    k.tap(choice(hrc::Role::victim));
    wait_item(
        k, choice(hrc::Role::victim), [](const Item& i) { return i.selected; }, "selected");
    k.tap_to("continue", "strands");
    k.tap(choice(hrc::Strand::religion));
    wait_item(
        k, choice(hrc::Strand::religion), [](const Item& i) { return i.selected; }, "selected");
    k.tap_to("continue", "classification");
    k.tap(choice(hrc::Classification::crime));
    wait_item(
        k, choice(hrc::Classification::crime), [](const Item& i) { return i.selected; },
        "selected");
    k.tap_to("continue", "what_happened");
    k.tap(choice(hrc::WhatHappened::verbal_abuse));
    wait_item(
        k, choice(hrc::WhatHappened::verbal_abuse), [](const Item& i) { return i.selected; },
        "selected");
    k.tap_to("continue", "own_words");

    // 3. Typing in the person's script on the language's own keyboard.
    k.tap("field-description");
    wait_item(
        k, "field-description", [](const Item& i) { return i.selected; }, "focused");
    k.type(words);
    wait_item(
        k, "field-description", [](const Item& i) { return i.filled; }, "filled");
    k.tap_to("continue", "when_date");

    continue_to_check_answers(k, language);
    expect_translated(k.latest(), language);
    CHECK(k.latest().find("continue")->label == translated(language, "Send report"));
    k.tap_to("continue", "confirmation", 60s);

    // 4. The confirmation: the reference shown is the one stored; the heading in the language.
    const nlohmann::json stored = setup.list();
    REQUIRE(stored.size() == 1);
    const std::string reference = stored[0].at("reference").get<std::string>();
    CHECK(stored[0].at("language") == language);
    {
        const Item shown = k.reveal("reference");
        CHECK(shown.label == reference);
    }
    // Back to the top for the picture of the heading and the reference.
    k.reveal("heading");
    CHECK(heading_of(k.latest()) == translated(language, "Your report is complete"));
    expect_translated(k.latest(), language);
    screenshot_and_compare(k, setup, language, "confirmation");

    // What a person typed never reaches the automation file or the log.
    CHECK(k.automation_text().find(words) == std::string::npos);
    CHECK(k.log_text().find(words) == std::string::npos);
    CHECK(k.stop() == 0);

    // 5. Central opens the sealed report: the words exactly as typed, and the language.
    const hrc::Report r = open_the_stored_report(setup, reference);
    CHECK(r.language == language);
    REQUIRE(r.description.has_value());
    CHECK(*r.description == words);
    CHECK(r.role == hrc::Role::victim);
    CHECK(r.strands == std::vector<hrc::Strand>{hrc::Strand::religion});
    CHECK(r.what_happened == std::vector<hrc::WhatHappened>{hrc::WhatHappened::verbal_abuse});
}

} // namespace

// "They swore at me near the temple" in Gujarati: consonants, vowel signs (ે ા ો ી ં) and a
// virama conjunct (મંદિર has an anusvara; પાસે) typed on in(guj).
TEST_CASE("Gujarati: a report typed on the Gujarati keyboard reaches the sealed report exactly",
          "[e2e][kiosk][languages]") {
    report_in("gu", "મંદિર પાસે મને ગાળો આપી");
}

// "They swore at me in the street" in Urdu, typed on pk(urd-phonetic): right-to-left, with
// do-chashmi he and bari ye.
TEST_CASE("Urdu: a report typed on the Urdu keyboard reaches the sealed report exactly",
          "[e2e][kiosk][languages]") {
    report_in("ur", "مجھے گلی میں گالی دی گئی");
}

// Panjabi (Gurmukhi, in(guru)) and Arabic (ara): the screens and their screenshots; typed too.
TEST_CASE("Panjabi: screens in Gurmukhi and a report typed on the Gurmukhi keyboard",
          "[e2e][kiosk][languages]") {
    report_in("pa", "ਮੈਨੂੰ ਗਾਲ੍ਹਾਂ ਕੱਢੀਆਂ");
}

TEST_CASE("Arabic: mirrored screens in Naskh and a report typed on the Arabic keyboard",
          "[e2e][kiosk][languages]") {
    report_in("ar", "شتمني رجل في الشارع");
}

// Issue 14 item 2: a person who has used Read aloud hears "Are you still there?" the moment the
// overlay comes, with the seconds left, instead of losing the report without warning; a person who
// has not is not spoken to unasked. The overlay has its own Read aloud button.
TEST_CASE("read aloud: the still-there overlay is read by itself once Read aloud was used",
          "[e2e][kiosk][languages]") {
    KioskSetup setup(programs());
    setup.keep_artifacts("read-aloud-idle");
    setup.set_read_aloud_device("null");
    setup.set_idle(15, 20);
    VirtualDisplay display(1280, 800, setup.logs() / "xvfb.log");
    Kiosk k(display, setup.kiosk_options("null-device"));
    k.wait_for_screen("language");
    k.tap_to("language-en-GB", "danger");
    const std::string unasked = "the \"Are you still there?\" overlay, unasked";

    // 1. Read aloud not used: the overlay comes in silence, with its own Read aloud button.
    Frame overlay = k.wait_for([](const Frame& f) { return f.find("still-here") != nullptr; },
                               "the overlay", 30s);
    REQUIRE(overlay.find("read-aloud") != nullptr);
    CHECK(overlay.find("read-aloud")->label == "Read aloud");
    k.settle(overlay.number, 1, 500ms);
    CHECK(k.log_text().find(unasked) == std::string::npos);
    k.tap("still-here");
    k.wait_for([](const Frame& f) { return f.find("still-here") == nullptr; }, "the overlay to go",
               10s);

    // 2. Read aloud used once: the next overlay is read by itself.
    k.tap("read-aloud");
    overlay = k.wait_for([](const Frame& f) { return f.find("still-here") != nullptr; },
                         "the overlay again", 30s);
    const auto said = std::chrono::steady_clock::now() + 3s;
    while (k.log_text().find(unasked) == std::string::npos &&
           std::chrono::steady_clock::now() < said)
        std::this_thread::sleep_for(50ms);
    CHECK(k.log_text().find(unasked) != std::string::npos);
    CHECK(k.log_text().find("read aloud refused") == std::string::npos);
    k.display().screenshot(screenshot_dir(setup) / "still-there-read-aloud.png");
    // Staying stops nothing of the report; a quick exit wipes the session (and the flag with it).
    k.tap("still-here");
    CHECK(k.stop() == 0);
}

// Read aloud (BRIEF §8): a language with a voice reads the screen; Somali, which espeak-ng has no
// voice for, says so instead of reading with another language's voice; a sound device that does
// not work gives a message for the person, and the kiosk goes on.
TEST_CASE("read aloud: spoken where there is a voice, 'not available' in Somali, a broken device "
          "said plainly",
          "[e2e][kiosk][languages]") {
    KioskSetup setup(programs());
    setup.keep_artifacts("read-aloud");
    setup.set_read_aloud_device(
        "null"); // ALSA's null device: real synthesis and playback, no sound card
    VirtualDisplay display(1280, 800, setup.logs() / "xvfb.log");
    {
        Kiosk k(display, setup.kiosk_options("null-device"));
        k.wait_for_screen("language");
        k.tap_to("language-pl", "danger");
        REQUIRE(k.latest().find("read-aloud") != nullptr);
        CHECK(k.latest().find("read-aloud")->label == translated("pl", "Read aloud"));
        k.tap("read-aloud");
        // Spoken to the end through the null device: no problem shown, nothing refused in the log.
        k.settle(k.latest().number - 1, 1, 1500ms);
        CHECK(k.latest().find("read-aloud-problem") == nullptr);
        CHECK(k.log_text().find("read aloud refused") == std::string::npos);
        CHECK(wait_item(
                  k, "read-aloud", [](const Item& i) { return !i.selected; }, "back to Read aloud")
                  .screen == "danger");

        // Somali: no button, the note instead.
        k.tap_to("back", "language");
        k.tap_to("language-so", "danger");
        const Frame so = k.settle(k.latest().number - 1, 1, 300ms);
        CHECK(so.find("read-aloud") == nullptr);
        REQUIRE(so.find("read-aloud-unavailable") != nullptr);
        CHECK(so.find("read-aloud-unavailable")->label ==
              translated("so", "Read aloud is not available in this language. Ask a member of "
                               "staff to read with you."));
        k.display().screenshot(screenshot_dir(setup) / "lang-so-read-aloud-unavailable.png");
        CHECK(k.stop() == 0);
    }
    setup.set_read_aloud_device("no-such-device");
    {
        Kiosk k(display, setup.kiosk_options("broken-device"));
        k.wait_for_screen("language");
        k.tap_to("language-en-GB", "danger");
        k.tap("read-aloud");
        const Frame f = wait_item(
            k, "read-aloud-problem", [](const Item&) { return true; }, "shown");
        CHECK(f.find("read-aloud-problem")->label ==
              "Read aloud is not working. Please ask a member of staff.");
        // The kiosk goes on: the next screen works.
        k.tap_to("continue", "role");
        CHECK(k.stop() == 0);
    }
}
