// hrc-screenshot-tour — walks every screen of hrc-kiosk under its own Xvfb with real taps (the
// e2e driver) and saves one PNG per screen. Used by scripts/screenshots (docs/screens/README.md).
//
// Usage: hrc-screenshot-tour --kiosk EXE --admin EXE --central-keys EXE --size WxH --out DIR
// Writes DIR/<screen>.png (screen ids as in the automation output; a suffix for a state of a
// screen, e.g. role-error.png, own_words-keyboard.png) and prints one line per file.
// Exit codes: 0 every screen saved; 1 a screen could not be reached (the message says which and
// what the kiosk showed); 2 usage.

#include <chrono>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <stdexcept>
#include <string>
#include <thread>

#include <sodium.h>

#include "hrc/config.h"
#include "hrc/report.h"
#include "hrc/staff_pins.h"

#include "build_catalogs.h"
#include "e2e_setup.h"
#include "ids.h"
#include "kiosk_driver.h"

using namespace hrc_e2e;
using namespace std::chrono_literals;

namespace {

template <typename E>
std::string choice(E value) {
    return hrc::kiosk::automation_id::choice(value);
}
// The second question on a screen (ids.h: Group::second).
template <typename E>
std::string second(E value) {
    return hrc::kiosk::automation_id::choice(value, hrc::kiosk::Group::second);
}

class Tour {
public:
    Tour(Kiosk& k, const VirtualDisplay& d, fs::path out) : k_(k), d_(d), out_(std::move(out)) {}

    // Lets the last tap's frames settle, then saves the screen as <name>.png.
    void shot(const std::string& name) {
        k_.settle(k_.latest().number - 1, 1, 300ms);
        const fs::path file = out_ / (name + ".png");
        d_.screenshot(file);
        std::cout << file.string() << "\n" << std::flush;
    }
    // Shot of the current screen under its own id.
    void shot() { shot(k_.latest().screen); }
    // The start and neutral screens show their words in each language in turn (about 3 s each):
    // waits, turning the mouse wheel over the left margin so the kiosk draws (a wheel notch taps
    // nothing), until the heading is `language`'s text of `key`, then saves <name>.png.
    void shot_in_turn(const std::string& name, const std::string& language, std::string_view key) {
        const std::string want = catalogs().for_language(language).text(key);
        const auto end = std::chrono::steady_clock::now() + 60s;
        for (;;) {
            const Item* heading = k_.latest().find("heading");
            if (heading != nullptr && heading->label == want) break;
            if (std::chrono::steady_clock::now() > end)
                throw std::runtime_error("the heading never showed \"" + want + "\" (" + language +
                                         "): " + k_.latest().describe());
            k_.nudge(4, 400);
            std::this_thread::sleep_for(150ms);
        }
        shot(name);
    }
    void go(const std::string& id, const std::string& screen) { k_.tap_to(id, screen); }
    void pick(const std::string& id) { k_.tap(id); }
    // Scrolls back to the top of a long screen before the shot (the tour scrolled to reach items).
    void to_top() {
        for (int i = 0; i < 40; ++i) {
            const Item* up = k_.latest().find("scroll-up");
            if (up == nullptr || !up->enabled) return;
            k_.tap("scroll-up");
        }
    }

private:
    Kiosk& k_;
    const VirtualDisplay& d_;
    fs::path out_;
};

int tour(const Programs& programs, int width, int height, const fs::path& out) {
    KioskSetup setup(programs, "kiosk-07", "melton-library");
    setup.set_idle(15, 30);
    const hrc::Config config = hrc::load_config(setup.config);
    hrc::set_staff_pin(hrc::staff_pins_path(config), "S0142", "4821");
    fs::create_directories(out);

    VirtualDisplay display(width, height, setup.logs() / "xvfb.log");
    Kiosk k(display, setup.kiosk_options("tour", width, height));
    Tour t(k, display, out);
    k.wait_for_screen("language");
    // The start screen's words turn through the languages (issue 14 item 4): English, then two
    // of the others (right to left in Nastaliq; Tamil's long words).
    t.shot_in_turn("language", "en-GB", "Choose your language");
    t.shot_in_turn("language-turn-ur", "ur", "Choose your language");
    t.shot_in_turn("language-turn-ta", "ta", "Choose your language");
    t.go("language-en-GB", "danger");
    t.shot();
    // I need help now (issue 14 item 3), and back to the danger question.
    t.go("need-help", "need_help");
    t.shot();
    t.go("back", "danger");

    // "Are you still there?" (ui.idle_seconds = 15 for the tour).
    t.go("continue", "role");
    k.wait_for([](const Frame& f) { return f.find("still-here") != nullptr; },
               "the still-there overlay", 40s);
    t.shot("still_there");
    k.tap("still-here");

    // A problem: Continue with nothing chosen.
    t.go("continue", "role");
    t.shot("role-error");
    t.pick(choice(hrc::Role::victim));
    t.shot();
    t.go("continue", "strands");
    t.pick(choice(hrc::Strand::race));
    t.pick(choice(hrc::Strand::other)); // opens "What else do you think it was about?"
    t.to_top();
    t.shot();
    k.tap("field-other_difference");
    k.type("Age");
    t.shot("strands-keyboard");
    t.go("continue", "classification");
    t.pick(choice(hrc::Classification::not_sure));
    t.shot();
    t.go("continue", "what_happened");
    t.pick(choice(hrc::WhatHappened::verbal_abuse));
    t.to_top();
    t.shot();
    t.go("continue", "own_words");
    k.type("Two men shouted at me at the bus stop and followed me to the shop.");
    t.shot();
    t.go("continue", "when_date");
    t.pick(choice(hrc::DateKind::range));
    t.to_top();
    t.shot();
    k.tap("field-date_from");
    k.type("2 3 2025");
    k.tap("field-date_to");
    k.type("31 3 2025");
    t.shot("when_date-keyboard");
    t.go("continue", "when_time");
    t.pick(choice(hrc::TimeOfDay::evening));
    t.pick(second(hrc::Answer::yes));
    t.to_top();
    t.shot();
    t.go("continue", "where_district");
    t.pick(choice(hrc::District::leicester_city));
    t.shot();
    t.go("continue", "where_place");
    t.pick(choice(hrc::PlaceType::public_transport));
    t.to_top();
    t.shot();
    t.go("continue", "where_address");
    t.shot();
    k.tap("field-postcode");
    k.type("LE1 5FQ");
    t.shot("where_address-keyboard");
    t.go("continue", "offenders");
    t.pick(choice(hrc::OffenderCount::two));
    t.pick(second(hrc::Answer::dont_know));
    t.to_top();
    t.shot();
    t.go("continue", "offender_description");
    t.shot();
    t.go("continue", "injured");
    t.pick(choice(hrc::Answer::yes));
    t.shot();
    t.go("continue", "damage");
    t.pick(choice(hrc::Answer::no));
    t.pick(second(hrc::Answer::yes));
    t.to_top();
    t.shot();
    t.go("continue", "witnesses");
    t.pick(choice(hrc::Answer::yes));
    t.shot();
    t.go("continue", "evidence");
    t.pick(choice(hrc::Evidence::cctv));
    t.to_top();
    t.shot();
    t.go("continue", "anonymous");
    t.pick(choice(hrc::kiosk::AnonymousChoice::give_details));
    t.shot();
    t.go("continue", "contact");
    t.pick(choice(hrc::ContactMethod::text_message));
    t.to_top();
    t.shot();
    k.tap("field-phone");
    k.type("07700 900982");
    t.shot("contact-keyboard");
    t.go("continue", "about_you");
    t.pick(choice(hrc::AgeBand::age_35_44));
    t.pick(second(hrc::Answer::yes));
    t.to_top();
    t.shot();
    t.go("continue", "consent_police");
    t.pick(choice(hrc::ConsentDecision::given));
    t.shot();
    t.go("continue", "consent_contact");
    t.pick(choice(hrc::ConsentDecision::given));
    t.shot();
    t.go("continue", "consent_support");
    t.pick(choice(hrc::ConsentDecision::given));
    t.shot();
    t.go("continue", "consent_statistics");
    t.pick(choice(hrc::ConsentDecision::given));
    t.shot();
    t.go("continue", "check_answers");
    t.shot();
    k.tap_to("continue", "confirmation", 60s);
    t.shot();
    t.pick("noted");
    t.shot("confirmation-noted");
    t.go("finish", "language");

    // Quick exit → the neutral screen.
    t.go("language-en-GB", "danger");
    t.go("quick-exit", "neutral");
    t.shot_in_turn("neutral", "en-GB", "Welcome");
    t.shot_in_turn("neutral-turn-ar", "ar", "Welcome");
    t.go("continue", "language");

    // The display modes a person can switch on the start screen (they end with the session).
    t.pick("larger-text");
    k.wait_for(
        [](const Frame& f) {
            const Item* i = f.find("larger-text");
            return i && i->selected;
        },
        "larger text to be on", 10s);
    t.shot_in_turn("language-larger_text", "en-GB", "Choose your language");
    t.go("language-en-GB", "danger");
    t.go("continue", "role");
    t.pick(choice(hrc::Role::on_behalf));
    t.shot("role-larger_text");
    t.go("continue", "strands");
    t.pick(choice(hrc::Strand::other));
    k.tap("field-other_difference");
    k.type("Their age");
    t.shot("strands-larger_text-keyboard");
    t.go("quick-exit", "neutral");
    t.go("continue", "language");
    t.pick("high-contrast");
    k.wait_for(
        [](const Frame& f) {
            const Item* i = f.find("high-contrast");
            return i && i->selected;
        },
        "high contrast to be on", 10s);
    t.shot_in_turn("language-high_contrast", "en-GB", "Choose your language");
    t.go("language-en-GB", "danger");
    t.go("continue", "role");
    t.go("continue", "role"); // nothing chosen: the error style in high contrast
    t.shot("role-high_contrast-error");
    t.pick(choice(hrc::Role::witness));
    t.go("continue", "strands");
    t.pick(choice(hrc::Strand::other));
    k.tap("field-other_difference");
    k.type("Their clothes");
    t.shot("strands-high_contrast-keyboard");
    t.go("quick-exit", "neutral");
    t.shot_in_turn("neutral-after_high_contrast", "en-GB", "Welcome");
    t.go("continue", "language");

    // The keyboards of the languages with their own (issue 14 item 5): the letters, then the
    // "more" page, in the field of "What else do you think it was about?"; then a date field, which
    // opens on the same keyboard (its number row has the digits 0-9).
    for (const char* language : {"gu", "pa", "bn", "ta", "ur", "pl"}) {
        const std::string lang = language;
        t.go("language-" + lang, "danger");
        t.go("continue", "role");
        t.pick(choice(hrc::Role::victim));
        t.go("continue", "strands");
        t.pick(choice(hrc::Strand::other));
        k.tap("field-other_difference");
        k.wait_for([](const Frame& f) { return f.find("key-more") != nullptr; },
                   "the keyboard with its more key", 10s);
        t.shot("keyboard-" + lang);
        k.tap("key-more");
        k.wait_for(
            [](const Frame& f) {
                const Item* i = f.find("key-more");
                return i && i->selected;
            },
            "the more page", 10s);
        t.shot("keyboard-" + lang + "-more");
        // A date opens the numeric pad, each digit with the script's own beside it (Urdu: not
        // mirrored, 1 2 3 from the left).
        if (lang == "gu" || lang == "ur") {
            k.tap("key-more");                  // back to the first page
            t.pick(choice(hrc::Strand::other)); // untick: its empty field goes
            t.pick(choice(hrc::Strand::race));
            t.go("continue", "classification");
            t.go("continue", "what_happened");
            t.pick(choice(hrc::WhatHappened::verbal_abuse));
            t.go("continue", "own_words");
            t.go("continue", "when_date");
            t.pick(choice(hrc::DateKind::exact));
            k.tap("field-date_from");
            k.wait_for([](const Frame& f) { return f.find("key-AE10") != nullptr; },
                       "the numeric pad", 10s);
            k.type("27 3 2025");
            t.shot("numeric-pad-" + lang);
        }
        t.go("quick-exit", "neutral");
        t.go("continue", "language");
    }

    // Tamil and Urdu with larger text (issue 14 items 1 and 4): the longest words and the tallest
    // script, on a question with choices and on the keyboard.
    t.pick("larger-text");
    k.wait_for(
        [](const Frame& f) {
            const Item* i = f.find("larger-text");
            return i && i->selected;
        },
        "larger text to be on", 10s);
    for (const char* language : {"ta", "ur"}) {
        const std::string lang = language;
        t.go("language-" + lang, "danger");
        t.shot("danger-larger_text-" + lang);
        t.go("continue", "role");
        t.pick(choice(hrc::Role::victim));
        t.shot("role-larger_text-" + lang);
        t.go("continue", "strands");
        t.pick(choice(hrc::Strand::other));
        k.tap("field-other_difference");
        k.wait_for([](const Frame& f) { return f.find("key-space") != nullptr; }, "the keyboard",
                   10s);
        t.shot("strands-larger_text-keyboard-" + lang);
        t.go("back", "role"); // Back keeps the session (and larger text) for the next language
        t.go("back", "danger");
        t.go("back", "language");
    }
    t.go("quick-exit", "neutral");
    t.go("continue", "language");

    // Staff: five taps on the corner, staff id, PIN, menu, status.
    for (int i = 0; i < 5; ++i)
        k.tap("staff-corner");
    k.wait_for_screen("staff_id", 10s);
    k.type("S0142");
    t.shot();
    t.go("continue", "staff_pin");
    k.type_pin("1111");
    t.go("continue", "staff_pin");
    k.wait_for(
        [](const Frame& f) {
            const Item* p = f.find("field-staff_pin");
            return p && !p->filled;
        },
        "the wrong PIN to be refused", 20s);
    t.shot("staff_pin-error");
    k.type_pin("48");
    t.shot();
    k.type_pin("21");
    t.go("continue", "staff_menu");
    t.shot();
    t.go(hrc::kiosk::automation_id::staff_menu(hrc::kiosk::StaffAction::check_sending),
         "staff_status");
    t.shot();
    t.go("continue", "staff_menu");
    t.go(hrc::kiosk::automation_id::staff_menu(hrc::kiosk::StaffAction::sign_out), "language");
    k.stop();
    return 0;
}

bool parse_size(const std::string& s, int& w, int& h) {
    return std::sscanf(s.c_str(), "%dx%d", &w, &h) == 2 && w >= 320 && h >= 240;
}

} // namespace

int main(int argc, char** argv) {
    if (sodium_init() < 0) return 1;
    Programs programs;
    std::string size = "1280x800";
    fs::path out;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        const auto next = [&]() -> std::string {
            if (i + 1 >= argc) throw std::runtime_error(a + " needs a value");
            return argv[++i];
        };
        try {
            if (a == "--kiosk")
                programs.kiosk = next();
            else if (a == "--admin")
                programs.admin = next();
            else if (a == "--central-keys")
                programs.central_keys = next();
            else if (a == "--size")
                size = next();
            else if (a == "--out")
                out = next();
            else if (a == "--help" || a == "-h") {
                std::cout
                    << "usage: hrc-screenshot-tour --kiosk EXE --admin EXE --central-keys EXE "
                       "--size WxH --out DIR\n"
                       "example: hrc-screenshot-tour --kiosk build/screens/kiosk/hrc-kiosk \\\n"
                       "    --admin build/screens/kiosk/hrc-admin --central-keys "
                       "build/screens/tests/hrc-test-central-keys \\\n"
                       "    --size 1920x1080 --out docs/screens/1920x1080\n";
                return 0;
            } else
                throw std::runtime_error("unknown option " + a);
        } catch (const std::exception& e) {
            std::cerr << "hrc-screenshot-tour: " << e.what() << " (see --help)\n";
            return 2;
        }
    }
    int w = 0, h = 0;
    if (programs.kiosk.empty() || programs.admin.empty() || programs.central_keys.empty() ||
        out.empty() || !parse_size(size, w, h)) {
        std::cerr << "hrc-screenshot-tour: give --kiosk, --admin, --central-keys, --size WxH and "
                     "--out (see --help)\n";
        return 2;
    }
    try {
        return tour(programs, w, h, out);
    } catch (const std::exception& e) {
        std::cerr << "hrc-screenshot-tour: " << e.what() << "\n";
        return 1;
    }
}
