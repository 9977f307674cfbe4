// Typed text leaves no trace in the kiosk's memory (issue 13, BRIEF §11): the real hrc-kiosk under
// Xvfb, a canary typed through the on-screen keyboard in English and in Urdu (right to left, an
// Arabic-script font), then each way a session ends — (a) "Leave this page quickly", (b) the idle
// wipe, (c) Send + Finish — and after each the kiosk process's writable memory (/proc/PID/maps +
// /proc/PID/mem: heap, stacks, libraries' data, the GL driver's buffers) holds the canary 0 times
// in UTF-8, UTF-16LE and UTF-32LE. Before each exit the same scan must find it (the scan works).
//
// Each canary is random per run, so a hit can only be this run's typing. Its second half is looked
// for too: a freed block whose first bytes the allocator reused for its own lists still holds the
// rest of what was typed.
#include <chrono>
#include <functional>
#include <random>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "hrc/report.h"

#include "e2e_setup.h"
#include "ids.h"
#include "kiosk_driver.h"
#include "memory_scan.h"

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

Frame wait_item(Kiosk& k, const std::string& id, const std::function<bool(const Item&)>& ok,
                const std::string& what) {
    return k.wait_for(
        [&](const Frame& f) {
            const Item* i = f.find(id);
            return i != nullptr && ok(*i);
        },
        "the item \"" + id + "\" to be " + what, 10s);
}

void choose(Kiosk& k, const std::string& id) {
    k.tap(id);
    wait_item(
        k, id, [](const Item& i) { return i.selected; }, "selected");
}

void fill(Kiosk& k, const std::string& field, const std::string& text) {
    k.tap(field);
    wait_item(
        k, field, [](const Item& i) { return i.selected; }, "focused");
    k.type(text);
    wait_item(
        k, field, [](const Item& i) { return i.filled; }, "filled");
}

// A canary: `count` letters drawn at random from `letters` (UTF-8, one letter each). Its second half
// is looked for too when it is long enough to be unique (12 letters or more).
struct Canary {
    std::string text;
    std::string second_half;
};

Canary canary(const std::vector<std::string>& letters, int count) {
    std::random_device seed;
    std::mt19937 random(seed());
    std::uniform_int_distribution<std::size_t> pick(0, letters.size() - 1);
    Canary c;
    for (int i = 0; i < count; ++i) {
        const std::string& letter = letters[pick(random)];
        c.text += letter;
        if (count >= 24 && i >= count / 2) c.second_half += letter;
    }
    return c;
}

// Scans the kiosk (after the screen settled) for every canary so far, whole and its second half.
MemoryScan scan(Kiosk& k, const std::vector<Canary>& canaries) {
    k.settle(k.latest().number - 1, 1, 300ms);
    std::vector<std::string> needles;
    for (const Canary& c : canaries) {
        needles.push_back(c.text);
        if (!c.second_half.empty()) needles.push_back(c.second_half);
    }
    return scan_process_memory(k.pid(), needles);
}

// Scans for the whole text of one canary only (the check that the scan sees what is there).
MemoryScan scan_whole(Kiosk& k, const Canary& c) {
    k.settle(k.latest().number - 1, 1, 300ms);
    return scan_process_memory(k.pid(), {c.text});
}

// From the start screen to "Something else" on the strands screen, with `text` typed in its field.
void type_into_other(Kiosk& k, const std::string& language, const std::string& text) {
    k.tap_to("language-" + language, "danger");
    k.tap_to("continue", "role");
    choose(k, choice(hrc::Role::witness));
    k.tap_to("continue", "strands");
    choose(k, choice(hrc::Strand::other));
    fill(k, "field-other_difference", text);
}

// Continue on every screen until check answers; a screen that needs an answer gets its first choice.
void continue_to_check_answers(Kiosk& k) {
    for (int guard = 0; guard < 40 && k.latest().screen != "check_answers"; ++guard) {
        const std::string screen = k.latest().screen;
        k.tap("continue");
        const Frame after = k.settle(k.latest().number - 1, 1, 250ms);
        if (after.screen != screen) continue;
        const Item* first = nullptr;
        for (const Item& i : after.items)
            if (i.id.rfind("choice-", 0) == 0) {
                first = &i;
                break;
            }
        INFO(after.describe());
        REQUIRE(first != nullptr);
        choose(k, first->id);
    }
    REQUIRE(k.latest().screen == "check_answers");
}

void typed_text_leaves_no_trace(const std::string& language,
                                const std::vector<std::string>& letters) {
    KioskSetup setup(programs());
    setup.keep_artifacts("memory-" + language);
    setup.set_idle(15, 5);
    VirtualDisplay display(1280, 800, setup.logs() / "xvfb.log");
    Kiosk k(display, setup.kiosk_options());
    k.wait_for_screen("language");
    std::vector<Canary> canaries;

    // (a) Quick exit, with a short canary: 12 English letters fit inside a std::string object itself
    // (on the stack or inside another object), not in a heap block of their own.
    canaries.push_back(canary(letters, 12));
    type_into_other(k, language, canaries.back().text);
    {
        const MemoryScan typed = scan_whole(k, canaries.back());
        INFO("while typed: " << typed.describe());
        REQUIRE_FALSE(typed.hits.empty()); // the scan sees what is there
    }
    k.tap_to("quick-exit", "neutral");
    {
        const MemoryScan after = scan(k, canaries);
        INFO(language << ", after quick exit: " << after.describe());
        CHECK(after.hits.empty());
    }

    // (b) The idle wipe: no touch until "Are you still there?" has counted down.
    k.tap_to("continue", "language");
    canaries.push_back(canary(letters, 24));
    type_into_other(k, language, canaries.back().text);
    {
        const MemoryScan typed = scan_whole(k, canaries.back());
        INFO("while typed: " << typed.describe());
        REQUIRE_FALSE(typed.hits.empty());
    }
    k.wait_for([](const Frame& f) { return f.find("still-here") != nullptr; },
               "the \"Are you still there?\" overlay", 40s);
    k.wait_for_screen("language", 20s);
    {
        const MemoryScan after = scan(k, canaries);
        INFO(language << ", after the idle wipe: " << after.describe());
        CHECK(after.hits.empty());
    }

    // (c) A report sent, then Finish: the words were in "own words" and on check answers.
    canaries.push_back(canary(letters, 24));
    k.tap_to("language-" + language, "danger");
    k.tap_to("continue", "role");
    choose(k, choice(hrc::Role::victim));
    k.tap_to("continue", "strands");
    choose(k, choice(hrc::Strand::religion));
    k.tap_to("continue", "classification");
    choose(k, choice(hrc::Classification::incident));
    k.tap_to("continue", "what_happened");
    choose(k, choice(hrc::WhatHappened::verbal_abuse));
    k.tap_to("continue", "own_words");
    fill(k, "field-description", canaries.back().text);
    k.tap_to("continue", "when_date");
    continue_to_check_answers(k);
    {
        const MemoryScan typed = scan_whole(k, canaries.back());
        INFO("on check answers: " << typed.describe());
        REQUIRE_FALSE(typed.hits.empty());
    }
    k.tap_to("continue", "confirmation", 60s);
    REQUIRE(setup.list().size() == 1); // stored, sealed
    choose(k, "noted");
    k.tap_to("finish", "language");
    {
        const MemoryScan after = scan(k, canaries);
        INFO(language << ", after Send and Finish: " << after.describe());
        CHECK(after.hits.empty());
    }
    CHECK(k.stop() == 0);
}

} // namespace

TEST_CASE("memory: English typed on the keyboard is in no memory of the kiosk after quick exit, "
          "idle wipe, Send + Finish",
          "[e2e][kiosk][memory]") {
    typed_text_leaves_no_trace("en-GB",
                               {"q", "z", "x", "j", "w", "v", "k", "b", "p", "m", "f", "h"});
}

TEST_CASE("memory: Urdu typed on the keyboard is in no memory of the kiosk after quick exit, idle "
          "wipe, Send + Finish",
          "[e2e][kiosk][memory]") {
    typed_text_leaves_no_trace("ur", {"م", "ج", "گ", "ل", "ی", "ن", "ا", "د"});
}
