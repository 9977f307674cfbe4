// End-to-end checks of issue 14 (a kiosk for someone who cannot read the screen, reads another
// script, or sees poorly), on the real window under Xvfb:
//
//   1. a Somali screen plays a centre's recording (a generated Ogg Vorbis file named by the
//      message's id) where espeak-ng has no voice;
//   2. non-text contrast measured from screenshots, in normal and high contrast: key edges against
//      the keyboard panel, choice-row borders against the page, a disabled scroll arrow against its
//      button — each at least 3:1 (WCAG 2.1 1.4.11);
//   3. the start screen's words turning through the languages untouched;
//   4. easy read (issue 18): a whole report in English, Urdu and Gujarati on the easy path (every
//      easy screen: the person gives a phone number and answers all four consents), the pictures
//      in colour beside every answer (on the right when mirrored), the line being read aloud
//      highlighted, and the sealed report holding the answers and easy_read.
#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <sndfile.h>

#include "hrc/config.h"
#include "hrc/report.h"

#include "build_catalogs.h"
#include "e2e_setup.h"
#include "easy_read.h"
#include "ids.h"
#include "kiosk_driver.h"
#include "stored_report.h"
#include "test_support.h"
#include "translator.h"

using namespace hrc_e2e;
using namespace std::chrono_literals;

namespace {

Programs programs() {
    return {HRC_KIOSK_EXE, HRC_ADMIN_EXE, HRC_TEST_CENTRAL_KEYS_EXE};
}

Frame wait_item(Kiosk& k, const std::string& id, const std::function<bool(const Item&)>& ok,
                const std::string& what) {
    return k.wait_for(
        [&](const Frame& f) {
            const Item* i = f.find(id);
            return i != nullptr && ok(*i);
        },
        "the item \"" + id + "\" to be " + what, 15s);
}

// ---- 1. recordings ------------------------------------------------------------------------------

// Writes `seconds` of a quiet 330 Hz tone as mono Ogg Vorbis: a stand-in for a centre's recording.
void write_recording(const fs::path& file, double seconds) {
    fs::create_directories(file.parent_path());
    SF_INFO info{};
    info.samplerate = 22050;
    info.channels = 1;
    info.format = SF_FORMAT_OGG | SF_FORMAT_VORBIS;
    SNDFILE* f = sf_open(file.c_str(), SFM_WRITE, &info);
    REQUIRE(f != nullptr);
    std::vector<short> data(static_cast<std::size_t>(seconds * info.samplerate));
    for (std::size_t i = 0; i < data.size(); ++i)
        data[i] = static_cast<short>(
            8000 * std::sin(2 * M_PI * 330.0 * static_cast<double>(i) / info.samplerate));
    CHECK(sf_writef_short(f, data.data(), static_cast<sf_count_t>(data.size())) ==
          static_cast<sf_count_t>(data.size()));
    sf_close(f);
}

void set_recordings(const KioskSetup& setup, const fs::path& folder) {
    hrc::Config c = hrc::load_config(setup.config);
    c.ui.read_aloud_device = "null"; // real decoding and playback, no sound card
    c.ui.read_aloud_recordings = folder;
    hrc_test::write_file(setup.config, hrc::render_config(c));
    (void)hrc::load_config(setup.config); // still valid
}

// ---- 2. colours from a screenshot ---------------------------------------------------------------

struct Rgb {
    int r = 0, g = 0, b = 0;
    bool operator==(const Rgb&) const = default;
    auto operator<=>(const Rgb&) const = default;
};

double luminance(const Rgb& c) {
    auto channel = [](int v) {
        const double s = v / 255.0;
        return s <= 0.04045 ? s / 12.92 : std::pow((s + 0.055) / 1.055, 2.4);
    };
    return 0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b);
}

// WCAG 2.1 contrast ratio, 1 to 21.
double contrast(const Rgb& a, const Rgb& b) {
    const double la = luminance(a), lb = luminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

struct Screenshot {
    int width = 0, height = 0;
    std::vector<unsigned char> rgb;

    Rgb at(int x, int y) const {
        x = std::clamp(x, 0, width - 1);
        y = std::clamp(y, 0, height - 1);
        const std::size_t i = (static_cast<std::size_t>(y) * width + x) * 3;
        return {rgb[i], rgb[i + 1], rgb[i + 2]};
    }
    // The most frequent colour in the rectangle, skipping the pixels `skip` says to.
    Rgb most_common(int x0, int y0, int x1, int y1,
                    const std::function<bool(int, int)>& skip = nullptr) const {
        std::map<Rgb, int> count;
        for (int y = std::max(0, y0); y < std::min(height, y1); ++y)
            for (int x = std::max(0, x0); x < std::min(width, x1); ++x)
                if (!skip || !skip(x, y)) ++count[at(x, y)];
        REQUIRE_FALSE(count.empty());
        return std::max_element(count.begin(), count.end(),
                                [](const auto& a, const auto& b) { return a.second < b.second; })
            ->first;
    }
    // Of the pixels of the rectangle, the one that stands out most from `against`.
    Rgb most_different(int x0, int y0, int x1, int y1, const Rgb& against) const {
        Rgb best = against;
        for (int y = std::max(0, y0); y < std::min(height, y1); ++y)
            for (int x = std::max(0, x0); x < std::min(width, x1); ++x)
                if (contrast(at(x, y), against) > contrast(best, against)) best = at(x, y);
        return best;
    }
};

// The screen as raw RGB through ImageMagick (`convert png -depth 8 rgb:-`).
Screenshot take(Kiosk& k, const fs::path& png) {
    k.settle(k.latest().number - 1, 1, 400ms);
    k.display().screenshot(png);
    Screenshot s;
    s.width = k.display().width();
    s.height = k.display().height();
    const hrc_test::RunResult r = hrc_test::run_command(
        {find_program("convert"), png.string(), "-depth", "8", "rgb:-"}, (png.string() + ".log"));
    REQUIRE(r.code == 0);
    REQUIRE(r.out.size() == static_cast<std::size_t>(s.width) * s.height * 3);
    s.rgb.assign(r.out.begin(), r.out.end());
    return s;
}

std::string describe(const Rgb& c) {
    char text[16];
    std::snprintf(text, sizeof text, "#%02x%02x%02x", c.r, c.g, c.b);
    return text;
}

// Every key of the on-screen keyboard: its edge (the 4 pixels inside its left side, at half its
// height) against the panel around the keys (the commonest colour between them).
void check_keys(const Screenshot& s, const Frame& f) {
    std::vector<const Item*> keys;
    int x0 = s.width, y0 = s.height, x1 = 0, y1 = 0;
    for (const Item& i : f.items) {
        if (i.kind != "key") continue;
        keys.push_back(&i);
        x0 = std::min(x0, i.x), y0 = std::min(y0, i.y);
        x1 = std::max(x1, i.x + i.w), y1 = std::max(y1, i.y + i.h);
    }
    REQUIRE(keys.size() >= 30);
    const Rgb panel = s.most_common(x0, y0, x1, y1, [&](int x, int y) {
        for (const Item* k : keys)
            if (x >= k->x - 4 && x < k->x + k->w + 4 && y >= k->y - 4 && y < k->y + k->h + 8)
                return true;
        return false;
    });
    int checked = 0;
    for (const Item* k : keys) {
        const int mid = k->y + k->h / 2;
        const Rgb edge = s.most_different(k->x, mid - 2, k->x + 4, mid + 3, panel);
        INFO("key " << k->id << " edge " << describe(edge) << " on panel " << describe(panel));
        CHECK(contrast(edge, panel) >= 3.0);
        ++checked;
    }
    CHECK(checked == static_cast<int>(keys.size()));
}

// Every choice row: its border (the 4 pixels inside its left side) against the page.
void check_choice_borders(const Screenshot& s, const Frame& f, const Rgb& page) {
    int checked = 0;
    for (const Item& i : f.items) {
        if (i.kind != "choice" || i.y < 0 || i.y + i.h > s.height) continue;
        const int mid = i.y + i.h / 2;
        const Rgb border = s.most_different(i.x, mid - 2, i.x + 4, mid + 3, page);
        INFO("choice " << i.id << " border " << describe(border) << " on " << describe(page));
        CHECK(contrast(border, page) >= 3.0);
        ++checked;
    }
    CHECK(checked >= 3);
}

// The scroll arrow that cannot be used (at the top of a long page: "scroll-up"): the arrow and
// outline against the button's own fill, and the outline against the page.
void check_disabled_scroll(const Screenshot& s, const Frame& f, const Rgb& page) {
    const Item* up = f.find("scroll-up");
    REQUIRE(up != nullptr);
    CHECK_FALSE(up->enabled);
    const Rgb fill = s.most_common(up->x + 4, up->y + 4, up->x + up->w - 4, up->y + up->h - 4);
    const Rgb arrow = s.most_different(up->x + up->w / 4, up->y + up->h / 4, up->x + up->w * 3 / 4,
                                       up->y + up->h * 3 / 4, fill);
    INFO("disabled arrow " << describe(arrow) << " on " << describe(fill));
    CHECK(contrast(arrow, fill) >= 3.0);
    const int mid = up->y + up->h / 2;
    const Rgb outline = s.most_different(up->x, mid - 2, up->x + 3, mid + 3, page);
    INFO("disabled outline " << describe(outline) << " on the page " << describe(page));
    CHECK(contrast(outline, page) >= 3.0);
}

} // namespace

TEST_CASE("read aloud: a Somali screen plays the centre's recordings of its messages",
          "[e2e][kiosk][read-aloud]") {
    KioskSetup setup(programs());
    setup.keep_artifacts("read-aloud-recordings");
    const fs::path folder = setup.kiosk_dir / "audio";
    // Two messages of the danger screen recorded in Somali, one of a screen not shown.
    using hrc::kiosk::message_id;
    write_recording(folder / "so" / (message_id("", "Are you in danger now?") + ".ogg"), 0.8);
    write_recording(folder / "so" / (message_id("", "Leave this page quickly") + ".ogg"), 0.5);
    write_recording(folder / "so" / (message_id("", "Who did it happen to?") + ".ogg"), 0.5);
    set_recordings(setup, folder);
    VirtualDisplay display(1280, 800, setup.logs() / "xvfb.log");
    Kiosk k(display, setup.kiosk_options());
    k.wait_for_screen("language");
    // Slower reading, chosen on the start screen, reaches the speaker (recordings keep their own
    // pace; the synthetic voice's is tested in tests/speech).
    k.tap("slower-speech");
    k.wait_for(
        [&](const Frame&) {
            return k.log_text().find("read aloud: slower reading on") != std::string::npos;
        },
        "the speaker to read more slowly", 10s);
    k.tap_to("language-so", "danger");
    // With recordings, Somali has the Read aloud button, not the "not available" note.
    const Frame danger = wait_item(
        k, "read-aloud", [](const Item&) { return true; }, "shown in Somali");
    CHECK(danger.find("read-aloud-unavailable") == nullptr);
    k.tap("read-aloud");
    // ALSA's null device takes the samples as fast as they come: the reading is over at once.
    k.wait_for(
        [&](const Frame&) {
            return k.log_text().find("lines from recordings") != std::string::npos;
        },
        "the kiosk to read the screen", 15s);
    wait_item(
        k, "read-aloud", [](const Item& i) { return !i.selected; }, "done reading");
    CHECK(k.latest().find("read-aloud-problem") == nullptr);
    const std::string log = k.log_text();
    INFO(log);
    // The two recorded lines of this screen played; the other lines have no Somali voice.
    CHECK(log.find("read aloud: 2 of ") != std::string::npos);
    CHECK(log.find("lines from recordings") != std::string::npos);
    CHECK(log.find("read aloud refused") == std::string::npos);
    CHECK(log.find("Read-aloud is not working") == std::string::npos);
    CHECK(k.stop() == 0);

    // Without recordings: the note again, and nothing is spoken.
    fs::remove_all(folder / "so");
    Kiosk again(display, setup.kiosk_options("no-recordings"));
    again.wait_for_screen("language");
    again.tap_to("language-so", "danger");
    const Frame note = wait_item(
        again, "read-aloud-unavailable", [](const Item&) { return true; }, "shown");
    CHECK(note.find("read-aloud") == nullptr);
    CHECK(again.stop() == 0);
}

TEST_CASE("contrast: keys, choice borders and a disabled scroll arrow reach 3 to 1 on screen",
          "[e2e][kiosk][contrast]") {
    KioskSetup setup(programs());
    setup.keep_artifacts("contrast");
    VirtualDisplay display(1280, 800, setup.logs() / "xvfb.log");
    for (const bool high_contrast : {false, true}) {
        INFO((high_contrast ? "high contrast" : "normal colours"));
        const std::string run = high_contrast ? "high-contrast" : "normal";
        Kiosk k(display, setup.kiosk_options(run));
        k.wait_for_screen("language");
        if (high_contrast) {
            k.tap("high-contrast");
            wait_item(
                k, "high-contrast", [](const Item& i) { return i.selected; }, "on");
        }
        k.tap_to("language-en-GB", "danger");
        k.tap_to("continue", "role");
        // A long page at its top: the choice rows, and "scroll up" that cannot be used.
        const Screenshot role = take(k, setup.logs() / (run + "-role.png"));
        const Rgb page = role.most_common(0, 0, role.width, role.height);
        check_choice_borders(role, k.latest(), page);
        k.tap(hrc::kiosk::automation_id::choice(hrc::Role::victim));
        k.tap_to("continue", "strands");
        // A page longer than the window, at its top: "scroll up" cannot be used.
        const Screenshot strands = take(k, setup.logs() / (run + "-strands.png"));
        check_disabled_scroll(strands, k.latest(), page);
        // The keyboard: the text field "Something else" opens, tapped.
        k.tap(hrc::kiosk::automation_id::choice(hrc::Strand::other)); // opens its text field
        wait_item(
            k, "field-other_difference", [](const Item&) { return true; }, "shown");
        k.tap("field-other_difference");
        k.wait_for(
            [](const Frame& f) {
                return std::count_if(f.items.begin(), f.items.end(),
                                     [](const Item& i) { return i.kind == "key"; }) >= 30;
            },
            "the keyboard", 15s);
        const Screenshot keyboard = take(k, setup.logs() / (run + "-keyboard.png"));
        check_keys(keyboard, k.latest());
        CHECK(k.stop() == 0);
    }
}

// Issue 14 item 4: on a start screen nobody touches, the words still turn through the languages
// (the shell wakes for each turn; every_language.h). No input at all is sent here.
TEST_CASE("start screen: the words turn through the languages by themselves, untouched",
          "[e2e][kiosk][start]") {
    KioskSetup setup(programs());
    setup.keep_artifacts("start-turns");
    VirtualDisplay display(1280, 800, setup.logs() / "xvfb.log");
    Kiosk k(display, setup.kiosk_options());
    const Frame first = k.wait_for_screen("language");
    const Item* heading = first.find("heading");
    REQUIRE(heading != nullptr);
    std::set<std::string> seen{heading->label};
    // 3 s per language: within 10 s at least three different headings, without a touch.
    k.wait_for(
        [&](const Frame& f) {
            if (const Item* h = f.find("heading")) seen.insert(h->label);
            return seen.size() >= 3;
        },
        "three languages' headings in turn", 12s);
    CHECK(seen.size() >= 3);
    CHECK(k.stop() == 0);
}

// ---- 4. easy read (issue 18) --------------------------------------------------------------------

namespace {

// An easy-read text in `language` (its own message context, easy_read.h).
std::string easy(const std::string& language, std::string_view key) {
    return catalogs().for_language(language).context(hrc::kiosk::kEasyReadContext, key);
}

// A pixel of a colour picture: clearly coloured. The kiosk's own colours on a question screen are
// white, black and greys (text, borders), and its blue only on links and buttons.
bool colourful(const Rgb& c) {
    return std::max({c.r, c.g, c.b}) - std::min({c.r, c.g, c.b}) > 60;
}

struct ColourfulPixels {
    int count = 0;
    double mean_x = 0.0; // window pixels
};
ColourfulPixels colourful_in(const Screenshot& s, const Item& i) {
    ColourfulPixels out;
    double sum = 0.0;
    for (int y = static_cast<int>(i.y); y < static_cast<int>(i.y + i.h); ++y)
        for (int x = static_cast<int>(i.x); x < static_cast<int>(i.x + i.w); ++x)
            if (colourful(s.at(x, y))) {
                ++out.count;
                sum += x;
            }
    if (out.count > 0) out.mean_x = sum / out.count;
    return out;
}

// Every answer of the screen (its choice rows, none selected) holds a picture at the start of the
// row, after the radio or box: on the left, or on the right when the screen is mirrored. All are
// in colour but at most one (👀's eyes are white and black by design; the unit tests check that
// every picture is drawn).
void check_pictures(const Screenshot& s, const Frame& f, bool rtl) {
    int rows = 0, grey = 0;
    for (const Item& i : f.items) {
        if (i.id.rfind("choice-", 0) != 0 || i.selected || i.h < 20) continue;
        if (i.y + i.h > s.height - 100) continue; // partly under the bottom bar
        ++rows;
        const ColourfulPixels p = colourful_in(s, i);
        INFO(f.screen << " " << i.id << " \"" << i.label << "\": " << p.count
                      << " coloured pixels, mean x " << p.mean_x << " in [" << i.x << ", "
                      << i.x + i.w << ")");
        if (p.count < 200) { // a picture about 56 px square is thousands of pixels
            ++grey;
            continue;
        }
        const double at = (p.mean_x - i.x) / i.w; // 0 left … 1 right
        if (rtl)
            CHECK(at > 0.75);
        else
            CHECK(at < 0.25);
    }
    INFO(f.screen << ": " << grey << " of " << rows << " answers without a coloured picture");
    CHECK(rows >= 2);
    CHECK(grey <= 1);
}

// HRC_SCREENSHOT_DIR set (scripts/screenshots: docs/screens/easy-read): every easy-read screen
// is kept there as <language>-<screen>.png.
void keep_screen(Kiosk& k, const std::string& language) {
    const char* dir = std::getenv("HRC_SCREENSHOT_DIR");
    if (dir == nullptr || *dir == '\0') return;
    const fs::path folder(dir);
    fs::create_directories(folder);
    const Frame f = k.settle(k.latest().number - 1, 1, 400ms);
    k.display().screenshot(folder / (language + "-" + f.screen + ".png"));
}

Frame tap_choice(Kiosk& k, const std::string& id) {
    k.tap(id);
    return wait_item(
        k, id, [](const Item& i) { return i.selected; }, "selected");
}

// One easy-read report in `language` through the real window: the path, its words and pictures,
// the line being read aloud highlighted, and the sealed report.
void easy_report_in(const std::string& language, const std::string& words) {
    using namespace hrc;
    using kiosk::automation_id::choice;
    const bool rtl = language == "ur" || language == "ar";
    KioskSetup setup(programs());
    setup.keep_artifacts("easy-read-" + language);
    setup.set_read_aloud_device("null"); // real synthesis and playback, no sound card
    VirtualDisplay display(1280, 800, setup.logs() / "xvfb.log");
    Kiosk k(display, setup.kiosk_options());
    k.wait_for_screen("language");

    // 1. Easy read is chosen on the start screen, then the language.
    tap_choice(k, "easy-read");
    k.tap_to("language-" + language, "danger");
    wait_item(
        k, "heading",
        [&](const Item& i) { return i.label == easy(language, "Are you in danger now?"); },
        "the easy danger question");
    keep_screen(k, language);
    k.tap_to("continue", "role");
    const Frame role = wait_item(
        k, "heading",
        [&](const Item& i) { return i.label == easy(language, "Who did it happen to?"); },
        "the easy role question");
    CHECK(role.find(choice(Role::victim))->label == easy(language, "It happened to me"));

    // 2. Read aloud by itself, one line at a time: the line being read is highlighted.
    const Frame reading = k.wait_for([](const Frame& f) { return f.find("reading") != nullptr; },
                                     "a line of the role screen highlighted while it is read", 20s);
    {
        const Item* line = reading.find("reading");
        INFO(line->label);
        CHECK_FALSE(line->label.empty());
    }
    CHECK(k.log_text().find("read aloud: easy read") != std::string::npos);

    // 3. A colour picture beside every answer, on the reading side.
    check_pictures(take(k, setup.logs() / "role.png"), k.latest(), rtl);

    // 4. The easy path: only its questions, in order (tap_to fails on any other screen).
    const auto next = [&](const std::string& to) {
        keep_screen(k, language); // the screen answered, before Continue
        k.tap_to("continue", to);
    };
    tap_choice(k, choice(Role::victim));
    next("strands");
    check_pictures(take(k, setup.logs() / "strands.png"), k.latest(), rtl);
    tap_choice(k, choice(Strand::religion));
    next("what_happened");
    tap_choice(k, choice(WhatHappened::verbal_abuse));
    next("own_words");
    k.tap("field-description");
    wait_item(
        k, "field-description", [](const Item& i) { return i.selected; }, "focused");
    k.type(words);
    wait_item(
        k, "field-description", [](const Item& i) { return i.filled; }, "filled");
    next("when_date");
    tap_choice(k, choice(DateKind::dont_know));
    next("where_district");
    tap_choice(k, choice(District::leicester_city));
    next("anonymous");
    tap_choice(k, choice(kiosk::AnonymousChoice::give_details));
    next("contact");
    tap_choice(k, choice(ContactMethod::phone));
    k.tap("field-phone");
    wait_item(
        k, "field-phone", [](const Item& i) { return i.selected; }, "focused");
    k.type("07700 900982"); // on the numeric pad
    wait_item(
        k, "field-phone", [](const Item& i) { return i.filled; }, "filled");
    next("consent_police");
    tap_choice(k, choice(ConsentDecision::given));
    next("consent_contact");
    tap_choice(k, choice(ConsentDecision::given));
    next("consent_support");
    tap_choice(k, choice(ConsentDecision::refused));
    next("consent_statistics");
    tap_choice(k, choice(ConsentDecision::given));
    next("check_answers");
    wait_item(
        k, "heading",
        [&](const Item& i) { return i.label == easy(language, "Check your answers"); },
        "the easy check answers heading");
    keep_screen(k, language);
    k.tap_to("continue", "confirmation", 60s);
    keep_screen(k, language);

    const nlohmann::json stored = setup.list();
    REQUIRE(stored.size() == 1);
    const std::string reference = stored[0].at("reference").get<std::string>();
    CHECK(k.automation_text().find(words) == std::string::npos);
    CHECK(k.log_text().find(words) == std::string::npos);
    CHECK(k.stop() == 0);

    // 5. The sealed report, opened with central's key: the answers, and how it was made.
    const Report r = open_the_stored_report(setup, reference);
    CHECK(r.easy_read);
    CHECK(r.language == language);
    CHECK(r.role == Role::victim);
    CHECK(r.strands == std::vector<Strand>{Strand::religion});
    CHECK(r.what_happened == std::vector<WhatHappened>{WhatHappened::verbal_abuse});
    REQUIRE(r.description.has_value());
    CHECK(*r.description == words);
    REQUIRE(r.when.date.has_value());
    CHECK(r.when.date->kind == DateKind::dont_know);
    CHECK(r.where.district == District::leicester_city);
    CHECK_FALSE(r.about.anonymous);
    CHECK(r.about.safe_contact_method == ContactMethod::phone);
    CHECK(r.about.phone == "07700 900982");
    CHECK_FALSE(r.classification.has_value()); // not asked on the easy path
    CHECK_FALSE(r.offenders.count.has_value());
    CHECK_FALSE(r.about.age_band.has_value());
    REQUIRE(r.consents.share_with_police.has_value());
    REQUIRE(r.consents.police_may_contact.has_value());
    REQUIRE(r.consents.support_referral.has_value());
    REQUIRE(r.consents.anonymous_statistics.has_value());
    CHECK(r.consents.share_with_police->wording_version == "share-police/1-easy");
    CHECK(r.consents.police_may_contact->wording_version == "police-contact/1-easy");
    CHECK(r.consents.support_referral->decision == ConsentDecision::refused);
    CHECK(r.consents.support_referral->wording_version == "support-referral/1-easy");
    CHECK(r.consents.anonymous_statistics->wording_version == "statistics/1-easy");
}

} // namespace

TEST_CASE("easy read: a whole report in English with pictures and reading line by line",
          "[e2e][kiosk][easy-read]") {
    easy_report_in("en-GB", "A man shouted at me at the bus stop");
}

TEST_CASE("easy read: a whole report in Urdu, mirrored, typed on the Urdu keyboard",
          "[e2e][kiosk][easy-read]") {
    easy_report_in("ur", "مجھے گلی میں گالی دی گئی");
}

TEST_CASE("easy read: a whole report in Gujarati, typed on the Gujarati keyboard",
          "[e2e][kiosk][easy-read]") {
    easy_report_in("gu", "મંદિર પાસે મને ગાળો આપી");
}
