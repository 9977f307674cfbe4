// kiosk_driver.h — drives the real hrc-kiosk window under Xvfb with real X input (BRIEF §9).
//
// VirtualDisplay starts its own Xvfb on a free display number. Kiosk starts hrc-kiosk on it with
// `--windowed WxH --automation FILE`, reads the automation file (one JSON line per rendered frame:
// the screen id and every interactive item with its rectangle, docs/hrc-kiosk.md) and taps items
// by id with `xdotool mousemove --sync X Y click 1` at the centre of the item's rectangle plus the
// window's position on the screen. Text is typed by tapping the on-screen keyboard's keys
// ("key-…"), one character at a time, exactly as a person would.
//
// Every failure throws std::runtime_error with what was expected, the screen that was there and
// the ids it offered, so a failing end-to-end test says what the kiosk showed instead.
#pragma once

#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <sys/types.h>

#include "process.h"

namespace hrc_e2e {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

// One interactive item of a frame (window pixels).
struct Item {
    std::string id;
    std::string label;
    std::string kind; // button | choice | check | field | key | link
    int x = 0, y = 0, w = 0, h = 0;
    bool selected = false;
    bool enabled = true;
    bool filled = false;
};

// One line of the automation file.
struct Frame {
    long number = 0;
    std::string screen;
    // Per-frame figures of hrc-kiosk (absent from other programs' lines: left at their defaults).
    std::string language;       // the session language the frame was drawn in
    double frame_ms = 0.0;      // start of the frame (input applied) to the end of its buffer swap
    long long atlas_bytes = 0;  // the shaped-text layer's glyph atlas: one-channel bitmap bytes
    long long atlas_glyphs = 0; // … and glyphs cached in it
    bool redraw_whole = true;   // drawn whole, or only where it changed (kiosk/app/redraw.h)
    long redraw_pixels = 0;     // pixels drawn and shown
    long redraw_mismatch = -1;  // --check-redraw: pixels unlike a whole redraw; -1 not checked
    std::vector<Item> items;

    const Item* find(std::string_view id) const;
    // "frame 12, screen \"role\", items: back, choice-0, …" for failure messages.
    std::string describe() const;
};

// Parses one automation line. Throws std::runtime_error naming the line if it is not a frame.
Frame parse_frame(const std::string& line);

// The absolute path of a program on PATH. Throws std::runtime_error naming the Debian package
// when it is missing (xvfb, xdotool, imagemagick).
std::string find_program(const std::string& name);

// An Xvfb server of its own: `Xvfb :N -screen 0 WxHx24 -nolisten tcp` on a free display number,
// ready (its socket /tmp/.X11-unix/XN exists) when the constructor returns. Stopped on destruction.
class VirtualDisplay {
public:
    VirtualDisplay(int width, int height, const fs::path& log);
    ~VirtualDisplay();
    VirtualDisplay(const VirtualDisplay&) = delete;
    VirtualDisplay& operator=(const VirtualDisplay&) = delete;

    std::string name() const { return ":" + std::to_string(number_); }
    int width() const { return width_; }
    int height() const { return height_; }
    // The whole screen as a PNG (ImageMagick's `import -window root`).
    void screenshot(const fs::path& png) const;

private:
    int number_ = -1;
    int width_ = 0, height_ = 0;
    fs::path log_;
    std::unique_ptr<hrc_test::Process> xvfb_;
};

struct KioskOptions {
    fs::path exe;        // hrc-kiosk
    fs::path config;     // hrc.toml
    fs::path automation; // the automation file (created by the kiosk)
    fs::path log;        // the kiosk's stderr
    int width = 1280, height = 800;
    std::optional<double> scale; // --scale
    bool check_redraw = false;   // --check-redraw (every partial frame compared with a whole one)
};

class Kiosk {
public:
    // Starts the kiosk and waits (up to `startup`) for its first frame and its window.
    Kiosk(const VirtualDisplay& display, KioskOptions options,
          std::chrono::milliseconds startup = 60s);
    ~Kiosk();
    Kiosk(const Kiosk&) = delete;
    Kiosk& operator=(const Kiosk&) = delete;

    pid_t pid() const;
    bool running();
    // SIGTERM, then waits; returns the exit code (or -signal).
    int stop();

    // ---- frames ----
    // Every frame read so far, oldest first (reads any new lines first).
    const std::vector<Frame>& frames();
    // The latest frame. Throws if there is none yet.
    const Frame& latest();
    // Waits until a frame satisfies `ok` (checking frames newer than `after`, and the latest one
    // when `after` < 0). Throws with `what` and the latest frame when the time runs out or the
    // kiosk exits.
    Frame wait_for(const std::function<bool(const Frame&)>& ok, const std::string& what,
                   std::chrono::milliseconds timeout = 30s, long after = -1);
    Frame wait_for_screen(const std::string& screen, std::chrono::milliseconds timeout = 30s);
    // Waits until at least `min_new` frames newer than `after` arrived and then none for `quiet`.
    const Frame& settle(long after, int min_new = 1, std::chrono::milliseconds quiet = 150ms,
                        std::chrono::milliseconds timeout = 30s);
    // The raw automation file as written so far.
    std::string automation_text() const;
    std::string log_text() const;

    // ---- input ----
    // Taps the centre of the item `id` of the latest frame and waits for the kiosk to settle.
    // Scrolls with the kiosk's own scroll buttons when the item is out of sight. Throws (screen,
    // available ids) when the item is not there or is disabled.
    void tap(const std::string& id);
    // Scrolls (as tap() does) until the item `id` is in sight, and returns it as it is now.
    Item reveal(const std::string& id);
    // tap(), then wait for `screen`.
    Frame tap_to(const std::string& id, const std::string& screen,
                 std::chrono::milliseconds timeout = 30s);
    // Taps at window coordinates and waits for at least two new frames (press, release) to settle.
    void tap_at(int x, int y);
    // Turns the mouse wheel one notch up at window coordinates (an input the kiosk draws a frame
    // for: on a page at its top, or one that does not scroll, it changes nothing and taps nothing)
    // and waits up to `timeout` for a new frame. Returns whether one came.
    bool nudge(int x, int y, std::chrono::milliseconds timeout = 2s);
    // Types `text` on the on-screen keyboard of any language: for each character the key whose
    // label types it, on the page (shift, more letters, the other alphabet) that has it. Throws
    // when no key types the next character.
    void type(std::string_view text);
    // The PIN pad of the staff sign-in screen ("pin-0" … "pin-9").
    void type_pin(std::string_view digits);

    const VirtualDisplay& display() const { return display_; }
    // Where the window's top-left corner is on the screen (automation items are in window pixels,
    // screenshots in screen pixels). 0,0 under the driver's Xvfb (no window manager), but asked
    // of the X server when the kiosk started, not assumed.
    std::pair<int, int> window_origin() const { return {window_x_, window_y_}; }

private:
    void read_new_lines();
    std::string startup_problem();
    std::runtime_error failure(const std::string& what);
    void click_screen(int x, int y);

    const VirtualDisplay& display_;
    KioskOptions options_;
    std::unique_ptr<hrc_test::Process> process_;
    std::vector<Frame> frames_;
    std::string partial_;       // an unfinished last line
    std::uintmax_t offset_ = 0; // bytes of the automation file read so far
    int window_x_ = 0, window_y_ = 0;
    int pointer_x_ = -1, pointer_y_ = -1; // where the driver last put the pointer (screen pixels)
    std::string xdotool_;
};

} // namespace hrc_e2e
