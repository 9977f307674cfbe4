// End-to-end tests of printing the reference (issue 17): the real hrc-kiosk window under its own
// Xvfb, driven by real X input, printing through a real cupsd of the test's own
// (tests/support/cupsd_server.h: a domain socket in a temp folder, a queue whose file: device
// receives the PDF unchanged). The printed PDF is read back with pdftotext.
//
//   1. "Print my reference" → the screen says what a slip holds → Print → the slip comes out of
//      the printer: it holds the reference and the support contacts, nothing typed; the spooled
//      job is purged; the box "I have noted my reference" is ticked by the print.
//   2. The printer stopped, then its scheduler gone: a plain message, the reference still shown,
//      nothing blocks; the person can still note the reference and finish.
//   3. Staff print the last reference again after the person finished, within the idle time only.
#include <chrono>
#include <filesystem>
#include <functional>
#include <string>
#include <thread>

#include <catch2/catch.hpp>

#include "hrc/config.h"
#include "hrc/staff_pins.h"

#include "cupsd_server.h"
#include "e2e_setup.h"
#include "ids.h"

using namespace hrc_e2e;
using namespace std::chrono_literals;
namespace fs = std::filesystem;

namespace {

Programs programs() {
    return {HRC_KIOSK_EXE, HRC_ADMIN_EXE, HRC_TEST_CENTRAL_KEYS_EXE};
}

template <typename E>
std::string choice(E value) {
    return hrc::kiosk::automation_id::choice(value);
}

Frame wait_item(Kiosk& k, const std::string& id, const std::function<bool(const Item&)>& ok,
                const std::string& what, std::chrono::milliseconds timeout = 10s) {
    return k.wait_for(
        [&](const Frame& f) {
            const Item* i = f.find(id);
            return i != nullptr && ok(*i);
        },
        "the item \"" + id + "\" to be " + what, timeout);
}

// [printer] of the kiosk's hrc.toml: the test's cupsd and queue.
void use_printer(const KioskSetup& setup, const hrc_test::CupsdServer& cups,
                 const std::string& paper) {
    hrc::Config c = hrc::load_config(setup.config);
    c.printer.name = cups.queue();
    c.printer.server = cups.socket();
    c.printer.paper = paper;
    c.printer.timeout_seconds = 20;
    c.support.centre_text = "Ask at the desk";
    hrc_test::write_file(setup.config, hrc::render_config(c));
    (void)hrc::load_config(setup.config); // still valid
}

// A short report in English with `words` typed in the person's own words; ends on the
// confirmation. Returns the reference shown.
std::string report_to_confirmation(Kiosk& k, const std::string& words) {
    k.wait_for_screen("language");
    k.tap_to("language-en-GB", "danger");
    k.tap_to("continue", "role");
    k.tap(choice(hrc::Role::victim));
    wait_item(
        k, choice(hrc::Role::victim), [](const Item& i) { return i.selected; }, "selected");
    k.tap_to("continue", "strands");
    k.tap_to("continue", "classification");
    k.tap_to("continue", "what_happened");
    k.tap_to("continue", "own_words");
    k.tap("field-description");
    wait_item(
        k, "field-description", [](const Item& i) { return i.selected; }, "focused");
    k.type(words);
    wait_item(
        k, "field-description", [](const Item& i) { return i.filled; }, "filled");
    // Continue through the rest; screens that need an answer get their first choice.
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
        const std::string id = first->id;
        k.tap(id);
        wait_item(
            k, id, [](const Item& i) { return i.selected; }, "selected");
    }
    REQUIRE(k.latest().screen == "check_answers");
    k.tap_to("continue", "confirmation", 60s);
    return k.reveal("reference").label;
}

std::string pdf_text(const KioskSetup& setup, const fs::path& pdf) {
    const hrc_test::RunResult r =
        hrc_test::run_command({"/usr/bin/pdftotext", "-layout", "-enc", "UTF-8", pdf.string(), "-"},
                              (setup.logs() / "pdftotext.log").string());
    REQUIRE(r.code == 0);
    return r.out;
}

} // namespace

TEST_CASE("receipt: Print my reference prints a slip through a real cupsd, with nothing the "
          "person typed",
          "[e2e][kiosk][receipt]") {
    KioskSetup setup(programs());
    setup.keep_artifacts("receipt-printed");
    hrc_test::TempDir cups_dir;
    hrc_test::CupsdServer cups(cups_dir.path());
    use_printer(setup, cups, "80mm");
    VirtualDisplay display(1280, 800, setup.logs() / "xvfb.log");
    Kiosk k(display, setup.kiosk_options());

    const std::string canary = "zqxjcanary slip";
    const std::string reference = report_to_confirmation(k, canary);
    REQUIRE(reference.rfind("HRC-", 0) == 0);

    // 1. The button, then what a slip holds (said before anything prints), then the choices.
    k.reveal("print-reference");
    k.tap("print-reference");
    const Frame choosing = wait_item(
        k, "print-explained", [](const Item&) { return true; }, "shown");
    INFO(choosing.describe());
    CHECK(choosing.find("print-explained")
              ->label.find("It does not show your name, what happened or any of your answers.") !=
          std::string::npos);
    // The three choices under it (scrolled to: a small window may not show them all at once).
    CHECK(k.reveal("print-cancel").label == "Do not print");
    CHECK(k.reveal("print-discreet").label == "Print only the reference");
    CHECK(k.reveal("print-full").label == "Print");
    display.screenshot(setup.logs() / "print-choosing.png"); // kept with HRC_E2E_ARTIFACTS
    CHECK(fs::file_size(cups.output_file()) == 0);           // nothing printed before the choice

    // 2. Print: the frames go on while the job runs; the slip comes out.
    k.tap("print-full");
    k.wait_for([](const Frame& f) { return f.find("print-full") == nullptr; }, "printing", 10s);
    k.reveal("print-status");
    const Frame printed = wait_item(
        k, "print-status",
        [](const Item& i) {
            return i.label == "Your slip has printed. Please take it from the printer.";
        },
        "\"printed\"", 40s);
    INFO(printed.describe());
    // A printed slip counts as the reference kept: the box is ticked, Finish can be tapped.
    wait_item(
        k, "noted", [](const Item& i) { return i.selected; }, "ticked by the print");
    CHECK(k.reveal("reference").label == reference); // still on the screen

    // 3. The slip: the reference and the support contacts; nothing typed.
    REQUIRE(fs::file_size(cups.output_file()) > 0);
    const std::string text = pdf_text(setup, cups.output_file());
    INFO(text);
    CHECK(text.find(reference) != std::string::npos);
    CHECK(text.find("0800 953 95 95") != std::string::npos);
    CHECK(text.find("999") != std::string::npos);
    CHECK(text.find("Ask at the desk") != std::string::npos);
    CHECK(text.find("zqxjcanary") == std::string::npos);
    // The job and its document are purged from the scheduler's spool (cupsd unlinks them as it
    // answers the purge; a moment, at most 5 s, for the backend's process to be reaped).
    for (int i = 0; i < 50 && !cups.spool_files().empty(); ++i)
        std::this_thread::sleep_for(100ms);
    CHECK(cups.spool_files().empty());
    CHECK(k.log_text().find("receipt: printed") != std::string::npos);

    k.tap_to("finish", "language");
    k.stop();
    CHECK(k.automation_text().find("zqxjcanary") == std::string::npos);
    CHECK(hrc_test::files_containing(setup.logs(), "zqxjcanary").empty());
    CHECK(hrc_test::files_containing(cups_dir.path(), "zqxjcanary").empty());
}

TEST_CASE("receipt: a stopped printer or no scheduler is a plain message and the reference stays",
          "[e2e][kiosk][receipt]") {
    KioskSetup setup(programs());
    setup.keep_artifacts("receipt-printer-down");
    hrc_test::TempDir cups_dir;
    hrc_test::CupsdServer cups(cups_dir.path());
    use_printer(setup, cups, "58mm");
    VirtualDisplay display(1280, 800, setup.logs() / "xvfb.log");
    Kiosk k(display, setup.kiosk_options());
    const std::string reference = report_to_confirmation(k, "words");

    const std::string not_working =
        "The printer is not working. Your reference is still on the screen: please write it "
        "down, or ask a member of staff.";
    // The printer goes offline (cupsdisable), then its scheduler stops altogether.
    for (const bool scheduler_gone : {false, true}) {
        INFO((scheduler_gone ? "no scheduler" : "queue stopped"));
        if (scheduler_gone)
            cups.kill();
        else
            cups.stop_queue();
        // "Print my reference" the first time, "Try again" after the first failure.
        k.reveal("print-reference");
        k.tap("print-reference");
        wait_item(
            k, "print-explained", [](const Item&) { return true; }, "shown");
        k.reveal("print-full");
        k.tap("print-full");
        k.wait_for([](const Frame& f) { return f.find("print-full") == nullptr; }, "printing", 10s);
        k.reveal("print-status");
        const Frame failed = wait_item(
            k, "print-status", [&](const Item& i) { return i.label == not_working; },
            "the printer's message", 40s);
        INFO(failed.describe());
        CHECK(k.reveal("reference").label == reference);
        CHECK_FALSE(k.reveal("noted").selected);
        display.screenshot(setup.logs() / "print-failed.png");
        CHECK_FALSE(k.latest().find("finish")->enabled);
    }
    CHECK(fs::file_size(cups.output_file()) == 0);
    CHECK(k.log_text().find("receipt: printer unavailable") != std::string::npos);

    // Nothing is blocked: the person notes the reference and finishes.
    k.tap("noted");
    wait_item(
        k, "finish", [](const Item& i) { return i.enabled; }, "enabled");
    k.tap_to("finish", "language");
}

TEST_CASE("receipt: staff print the last reference again only within the idle time after Finish",
          "[e2e][kiosk][receipt]") {
    KioskSetup setup(programs());
    setup.keep_artifacts("receipt-reprint");
    setup.set_idle(60, 10); // room for a slow sign-in on a loaded machine
    hrc::set_staff_pin(hrc::staff_pins_path(hrc::load_config(setup.config)), "staff-7", "4821");
    hrc_test::TempDir cups_dir;
    hrc_test::CupsdServer cups(cups_dir.path());
    use_printer(setup, cups, "80mm");
    VirtualDisplay display(1280, 800, setup.logs() / "xvfb.log");
    Kiosk k(display, setup.kiosk_options());
    const std::string reference = report_to_confirmation(k, "words");
    k.tap("noted");
    wait_item(
        k, "finish", [](const Item& i) { return i.enabled; }, "enabled");
    k.tap_to("finish", "language");
    const auto finished = std::chrono::steady_clock::now();
    CHECK(fs::file_size(cups.output_file()) == 0); // nothing printed by the person

    // Staff sign in (the discreet corner, id, PIN) and print it again.
    for (int i = 0; i < 5; ++i)
        k.tap("staff-corner");
    k.wait_for_screen("staff_id", 10s);
    k.settle(k.latest().number - 1);
    if (!k.latest().find("field-staff_id")->selected) k.tap("field-staff_id");
    k.type("staff-7");
    k.tap_to("continue", "staff_pin");
    k.settle(k.latest().number - 1);
    k.type_pin("4821");
    k.tap_to("continue", "staff_menu", 30s);
    const std::string reprint =
        hrc::kiosk::automation_id::staff_menu(hrc::kiosk::StaffAction::reprint_last);
    k.reveal(reprint);
    k.tap(reprint);
    k.reveal("print-status");
    wait_item(
        k, "print-status",
        [](const Item& i) {
            return i.label == "Your slip has printed. Please take it from the printer.";
        },
        "\"printed\"", 40s);
    REQUIRE(std::chrono::steady_clock::now() - finished < 60s); // still within the idle time
    const std::string text = pdf_text(setup, cups.output_file());
    INFO(text);
    CHECK(text.find(reference) != std::string::npos);
    CHECK(text.find("Hate incident report") != std::string::npos); // the full slip
    CHECK(k.log_text().find("receipt: staff reprint of the last reference") != std::string::npos);

    // After the idle time it is gone: nothing to print again. (The slip's time runs from Finish;
    // the staff menu's own idle time from the last tap, a few seconds later, so no overlay yet.)
    cups.clear_output();
    std::this_thread::sleep_until(finished + 62s);
    k.tap(reprint);
    k.reveal("print-status");
    wait_item(
        k, "print-status",
        [](const Item& i) { return i.label.rfind("There is no reference to print again", 0) == 0; },
        "\"nothing to print again\"", 20s);
    CHECK(fs::file_size(cups.output_file()) == 0);
}
