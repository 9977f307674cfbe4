// kiosk_driver.cpp — see kiosk_driver.h.

#include "kiosk_driver.h"

#include <algorithm>
#include <array>
#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <fstream>
#include <random>
#include <regex>
#include <sstream>
#include <stdexcept>
#include <thread>

#include <nlohmann/json.hpp>
#include <unistd.h>

namespace hrc_e2e {

namespace {

using Clock = std::chrono::steady_clock;

std::string read_all(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

std::string tail(const std::string& text, std::size_t n) {
    if (text.size() <= n) return text;
    return "…" + text.substr(text.size() - n);
}

// Which Debian package provides a program the driver runs (for the error message).
std::string package_of(const std::string& program) {
    if (program == "Xvfb") return "xvfb";
    if (program == "xdotool") return "xdotool";
    if (program == "import") return "imagemagick";
    return "?";
}

} // namespace

// ---- frames ---------------------------------------------------------------------------------------

const Item* Frame::find(std::string_view id) const {
    for (const Item& item : items)
        if (item.id == id) return &item;
    return nullptr;
}

std::string Frame::describe() const {
    std::ostringstream out;
    out << "frame " << number << ", screen \"" << screen << "\", items: ";
    int keys = 0;
    bool first = true;
    for (const Item& item : items) {
        if (item.kind == "key" && item.id.rfind("key-", 0) == 0) {
            ++keys;
            continue;
        }
        out << (first ? "" : ", ") << item.id;
        if (item.selected) out << "[selected]";
        if (item.filled) out << "[filled]";
        if (!item.enabled) out << "[disabled]";
        first = false;
    }
    if (keys > 0) out << (first ? "" : ", ") << "an on-screen keyboard of " << keys << " keys";
    if (first && keys == 0) out << "(none)";
    return out.str();
}

Frame parse_frame(const std::string& line) {
    const nlohmann::json j = nlohmann::json::parse(line, nullptr, false);
    if (j.is_discarded() || !j.is_object() || !j.contains("frame") || !j.contains("screen") ||
        !j.contains("items"))
        throw std::runtime_error("the automation file has a line that is not a frame: " +
                                 tail(line, 300));
    Frame f;
    f.number = j.at("frame").get<long>();
    f.screen = j.at("screen").get<std::string>();
    f.language = j.value("language", "");
    f.frame_ms = j.value("frame_ms", 0.0);
    f.atlas_bytes = j.value("atlas_bytes", 0LL);
    f.atlas_glyphs = j.value("atlas_glyphs", 0LL);
    f.redraw_whole = j.value("redraw_whole", true);
    f.redraw_pixels = j.value("redraw_pixels", 0L);
    f.redraw_mismatch = j.value("redraw_mismatch", -1L);
    for (const auto& i : j.at("items")) {
        Item item;
        item.id = i.value("id", "");
        item.label = i.value("label", "");
        item.kind = i.value("kind", "");
        item.x = i.value("x", 0);
        item.y = i.value("y", 0);
        item.w = i.value("w", 0);
        item.h = i.value("h", 0);
        item.selected = i.value("selected", false);
        item.enabled = i.value("enabled", true);
        item.filled = i.value("filled", false);
        f.items.push_back(std::move(item));
    }
    return f;
}

std::string find_program(const std::string& name) {
    std::string path = std::getenv("PATH") ? std::getenv("PATH") : "";
    path += ":/usr/bin:/bin:/usr/local/bin";
    std::stringstream dirs(path);
    for (std::string dir; std::getline(dirs, dir, ':');) {
        if (dir.empty()) continue;
        const fs::path candidate = fs::path(dir) / name;
        if (::access(candidate.c_str(), X_OK) == 0) return candidate.string();
    }
    throw std::runtime_error("the program '" + name + "' is not installed (Debian package " +
                             package_of(name) + "): apt-get install -y " + package_of(name));
}

// ---- Xvfb ---------------------------------------------------------------------------------------

VirtualDisplay::VirtualDisplay(int width, int height, const fs::path& log)
    : width_(width), height_(height), log_(log) {
    const std::string xvfb = find_program("Xvfb");
    // Start at a random number so that parallel test runs rarely meet; skip numbers in use.
    std::random_device rd;
    const int start = 100 + static_cast<int>(rd() % 800);
    for (int tries = 0; tries < 50; ++tries) {
        const int n = start + tries;
        const fs::path socket = "/tmp/.X11-unix/X" + std::to_string(n);
        const fs::path lock = "/tmp/.X" + std::to_string(n) + "-lock";
        if (fs::exists(socket) || fs::exists(lock)) continue;
        auto process = std::make_unique<hrc_test::Process>(
            std::vector<std::string>{xvfb, ":" + std::to_string(n), "-screen", "0",
                                     std::to_string(width) + "x" + std::to_string(height) + "x24",
                                     "-nolisten", "tcp"},
            log.string());
        const auto deadline = Clock::now() + 15s;
        while (Clock::now() < deadline && process->running() && !fs::exists(socket))
            std::this_thread::sleep_for(20ms);
        if (process->running() && fs::exists(socket)) {
            number_ = n;
            xvfb_ = std::move(process);
            return;
        }
        // Another server took this number first, or Xvfb could not start: try the next one.
    }
    throw std::runtime_error("could not start Xvfb on any display number; see " + log.string() +
                             ":\n" + tail(read_all(log), 2000));
}

VirtualDisplay::~VirtualDisplay() = default; // the Process stops Xvfb (SIGTERM, then SIGKILL)

void VirtualDisplay::screenshot(const fs::path& png) const {
    const std::string import = find_program("import");
    fs::create_directories(png.parent_path());
    const hrc_test::RunResult r =
        hrc_test::run_command({import, "-display", name(), "-window", "root", png.string()},
                              log_.string(), {{"DISPLAY", name()}}, 60s);
    if (r.code != 0 || !fs::exists(png))
        throw std::runtime_error("`import -window root` failed (exit " + std::to_string(r.code) +
                                 ") for " + png.string() + "; see " + log_.string());
}

// ---- the kiosk ----------------------------------------------------------------------------------

Kiosk::Kiosk(const VirtualDisplay& display, KioskOptions options, std::chrono::milliseconds startup)
    : display_(display), options_(std::move(options)), xdotool_(find_program("xdotool")) {
    std::vector<std::string> argv{options_.exe.string(),
                                  "--config",
                                  options_.config.string(),
                                  "--windowed",
                                  std::to_string(options_.width) + "x" +
                                      std::to_string(options_.height),
                                  "--automation",
                                  options_.automation.string()};
    if (options_.scale) {
        std::ostringstream s;
        s << *options_.scale;
        argv.push_back("--scale");
        argv.push_back(s.str());
    }
    if (options_.check_redraw) argv.push_back("--check-redraw");
    process_ = std::make_unique<hrc_test::Process>(
        argv, options_.log.string(),
        std::map<std::string, std::string>{{"DISPLAY", display.name()}, {"WAYLAND_DISPLAY", ""}});
    // The first frame.
    const auto deadline = Clock::now() + startup;
    for (;;) {
        read_new_lines();
        if (!frames_.empty()) break;
        if (!process_->running())
            throw std::runtime_error("hrc-kiosk exited before drawing a frame (exit " +
                                     std::to_string(stop()) + "); its log:\n" +
                                     tail(log_text(), 3000));
        if (Clock::now() > deadline)
            throw std::runtime_error(
                "hrc-kiosk drew no frame within " +
                std::to_string(std::chrono::duration_cast<std::chrono::seconds>(startup).count()) +
                " s (no line in " + options_.automation.string() + "); its log:\n" +
                tail(log_text(), 3000));
        std::this_thread::sleep_for(20ms);
    }
    if (frames_.front().screen == "startup_error")
        throw std::runtime_error("hrc-kiosk shows its startup error screen; its log:\n" +
                                 tail(log_text(), 3000));

    // Where the window is on the screen: automation coordinates are window pixels, xdotool's are
    // screen pixels. Without a window manager GLFW's window sits at 0,0, but we ask, not assume.
    const std::string x_log = options_.log.string() + ".xdotool";
    hrc_test::RunResult found = hrc_test::run_command(
        {xdotool_, "search", "--sync", "--onlyvisible", "--pid", std::to_string(process_->pid())},
        x_log, {{"DISPLAY", display.name()}}, 20s);
    if (found.code != 0 || found.out.empty())
        found = hrc_test::run_command(
            {xdotool_, "search", "--sync", "--onlyvisible", "--name", "^hrc-kiosk$"}, x_log,
            {{"DISPLAY", display.name()}}, 20s);
    const std::string window = found.out.substr(0, found.out.find('\n'));
    if (found.code != 0 || window.empty())
        throw std::runtime_error("xdotool cannot find the hrc-kiosk window on " + display.name() +
                                 " (exit " + std::to_string(found.code) + "); see " + x_log);
    const hrc_test::RunResult geometry = hrc_test::run_command(
        {xdotool_, "getwindowgeometry", window}, x_log, {{"DISPLAY", display.name()}}, 20s);
    std::smatch m;
    if (geometry.code != 0 ||
        !std::regex_search(geometry.out, m, std::regex(R"(Position:\s*(-?\d+),(-?\d+))")))
        throw std::runtime_error("xdotool getwindowgeometry " + window +
                                 " gave no position: " + geometry.out);
    window_x_ = std::stoi(m[1]);
    window_y_ = std::stoi(m[2]);
    std::smatch g;
    if (std::regex_search(geometry.out, g, std::regex(R"(Geometry:\s*(\d+)x(\d+))"))) {
        const int w = std::stoi(g[1]), h = std::stoi(g[2]);
        if (w != options_.width || h != options_.height)
            throw std::runtime_error(
                "the hrc-kiosk window is " + std::to_string(w) + "x" + std::to_string(h) +
                ", not the " + std::to_string(options_.width) + "x" +
                std::to_string(options_.height) + " asked for with --windowed");
    }
}

Kiosk::~Kiosk() = default; // the Process stops hrc-kiosk (SIGTERM, then SIGKILL)

pid_t Kiosk::pid() const {
    return process_->pid();
}
bool Kiosk::running() {
    return process_->running();
}
int Kiosk::stop() {
    return process_->stop(SIGTERM);
}

std::string Kiosk::automation_text() const {
    return read_all(options_.automation);
}
std::string Kiosk::log_text() const {
    return read_all(options_.log);
}

void Kiosk::read_new_lines() {
    std::ifstream in(options_.automation, std::ios::binary);
    if (!in) return;
    in.seekg(static_cast<std::streamoff>(offset_));
    std::string chunk((std::istreambuf_iterator<char>(in)), {});
    offset_ += chunk.size();
    partial_ += chunk;
    for (std::size_t nl; (nl = partial_.find('\n')) != std::string::npos;) {
        const std::string line = partial_.substr(0, nl);
        partial_.erase(0, nl + 1);
        if (!line.empty()) frames_.push_back(parse_frame(line));
    }
}

const std::vector<Frame>& Kiosk::frames() {
    read_new_lines();
    return frames_;
}

const Frame& Kiosk::latest() {
    read_new_lines();
    if (frames_.empty()) throw std::runtime_error("hrc-kiosk has drawn no frame yet");
    return frames_.back();
}

std::runtime_error Kiosk::failure(const std::string& what) {
    std::string message = what;
    read_new_lines();
    message += frames_.empty() ? "\n  no frame yet" : "\n  latest " + frames_.back().describe();
    if (!process_->running()) message += "\n  hrc-kiosk is not running";
    message += "\n  kiosk log (" + options_.log.string() + "):\n" + tail(log_text(), 1500);
    return std::runtime_error(message);
}

Frame Kiosk::wait_for(const std::function<bool(const Frame&)>& ok, const std::string& what,
                      std::chrono::milliseconds timeout, long after) {
    const auto deadline = Clock::now() + timeout;
    std::size_t checked = 0;
    for (;;) {
        read_new_lines();
        if (after < 0) {
            if (!frames_.empty() && ok(frames_.back())) return frames_.back();
        } else {
            for (; checked < frames_.size(); ++checked)
                if (frames_[checked].number > after && ok(frames_[checked]))
                    return frames_[checked];
        }
        if (!process_->running()) throw failure("hrc-kiosk exited while waiting for " + what);
        if (Clock::now() > deadline)
            throw failure(
                "timed out after " +
                std::to_string(
                    std::chrono::duration_cast<std::chrono::milliseconds>(timeout).count()) +
                " ms waiting for " + what);
        std::this_thread::sleep_for(10ms);
    }
}

Frame Kiosk::wait_for_screen(const std::string& screen, std::chrono::milliseconds timeout) {
    return wait_for([&](const Frame& f) { return f.screen == screen; },
                    "the screen \"" + screen + "\"", timeout);
}

const Frame& Kiosk::settle(long after, int min_new, std::chrono::milliseconds quiet,
                           std::chrono::milliseconds timeout) {
    const auto deadline = Clock::now() + timeout;
    std::size_t seen = frames_.size();
    auto changed = Clock::now();
    for (;;) {
        read_new_lines();
        if (frames_.size() != seen) {
            seen = frames_.size();
            changed = Clock::now();
        }
        const long fresh = std::count_if(frames_.begin(), frames_.end(),
                                         [&](const Frame& f) { return f.number > after; });
        if (fresh >= min_new && Clock::now() - changed >= quiet) return frames_.back();
        if (!process_->running()) throw failure("hrc-kiosk exited after an input");
        if (Clock::now() > deadline)
            throw failure("hrc-kiosk drew " + std::to_string(fresh) +
                          " frame(s) after an input, expected at least " + std::to_string(min_new));
        std::this_thread::sleep_for(5ms);
    }
}

void Kiosk::click_screen(int x, int y) {
    // `mousemove --sync` to where the pointer already is waits for a motion that never comes
    // (xdotool 3.20160805 gives up only after ~15 s), so a second tap on the same spot (the same
    // key twice, Continue on two screens) clicks without moving.
    std::vector<std::string> argv{xdotool_};
    if (x != pointer_x_ || y != pointer_y_) {
        argv.insert(argv.end(), {"mousemove", "--sync", std::to_string(x), std::to_string(y)});
    }
    argv.insert(argv.end(), {"click", "1"});
    const hrc_test::RunResult r = hrc_test::run_command(argv, options_.log.string() + ".xdotool",
                                                        {{"DISPLAY", display_.name()}}, 20s);
    if (r.code != 0)
        throw failure("xdotool mousemove --sync " + std::to_string(x) + " " + std::to_string(y) +
                      " click 1 failed (exit " + std::to_string(r.code) + ")");
    pointer_x_ = x;
    pointer_y_ = y;
}

void Kiosk::tap_at(int x, int y) {
    const long before = frames_.empty() ? 0 : latest().number;
    click_screen(window_x_ + x, window_y_ + y);
    // A click is a press and a release: the kiosk draws one frame for each, then one for the new state.
    settle(before, 2);
}

bool Kiosk::nudge(int x, int y, std::chrono::milliseconds timeout) {
    const long before = frames_.empty() ? 0 : latest().number;
    const int sx = window_x_ + x, sy = window_y_ + y;
    std::vector<std::string> argv{xdotool_};
    if (sx != pointer_x_ || sy != pointer_y_) // see click_screen: no --sync to where it already is
        argv.insert(argv.end(), {"mousemove", "--sync", std::to_string(sx), std::to_string(sy)});
    argv.insert(argv.end(), {"click", "4"}); // wheel up
    const hrc_test::RunResult r = hrc_test::run_command(argv, options_.log.string() + ".xdotool",
                                                        {{"DISPLAY", display_.name()}}, 20s);
    if (r.code != 0)
        throw failure("xdotool wheel at " + std::to_string(sx) + " " + std::to_string(sy) +
                      " failed (exit " + std::to_string(r.code) + ")");
    pointer_x_ = sx;
    pointer_y_ = sy;
    const auto end = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < end) {
        read_new_lines();
        if (!frames_.empty() && latest().number > before) return true;
        std::this_thread::sleep_for(20ms);
    }
    return false;
}

Item Kiosk::reveal(const std::string& id) {
    // Scroll with the kiosk's own buttons until the item is in sight: down first, then up.
    std::string direction = "scroll-down";
    int scrolls = 0;
    for (;;) {
        const Frame f = latest();
        const Item* item = f.find(id);
        const int usable = 24; // a sliver at the edge of the scrolling area is not a safe target
        if (item != nullptr && (item->h >= usable || item->kind == "key")) return *item;
        // Partly in sight: scroll towards it.
        const std::string want =
            item != nullptr
                ? (item->y + item->h / 2 > display_.height() / 2 ? "scroll-down" : "scroll-up")
                : direction;
        const Item* scroll = f.find(want);
        if (scroll != nullptr && scroll->enabled && scrolls < 40) {
            ++scrolls;
            tap_at(scroll->x + scroll->w / 2, scroll->y + scroll->h / 2);
            continue;
        }
        if (item != nullptr)
            throw failure("the item \"" + id +
                          "\" is only partly in sight and cannot be scrolled to");
        if (direction == "scroll-down") {
            direction = "scroll-up";
            continue;
        }
        throw failure("no item \"" + id + "\" on the screen \"" + f.screen + "\"");
    }
}

void Kiosk::tap(const std::string& id) {
    const Item item = reveal(id);
    if (!item.enabled) throw failure("the item \"" + id + "\" is disabled");
    tap_at(item.x + item.w / 2, item.y + item.h / 2);
}

Frame Kiosk::tap_to(const std::string& id, const std::string& screen,
                    std::chrono::milliseconds timeout) {
    const long before = latest().number;
    tap(id);
    return wait_for([&](const Frame& f) { return f.screen == screen; },
                    "the screen \"" + screen + "\" after tapping \"" + id + "\"", timeout, before);
}

namespace {

// What a key of the on-screen keyboard types, from the label drawn on it (kiosk/keyboard: a mark is
// drawn on a dotted circle, invisible joiners by name or, in Bengali, by what they make).
std::string typed_by_label(const std::string& label) {
    static const std::string dotted_circle = "\u25CC";
    if (label.rfind(dotted_circle, 0) == 0 && label.size() > dotted_circle.size())
        return label.substr(dotted_circle.size());
    if (label == "ZWJ") return "\u200D";
    if (label == "ZWNJ") return "\u200C";
    // Bengali's joiners are labelled with what they make (kiosk/keyboard: র‍্য, ক্‌).
    if (label == "\u09B0\u200D\u09CD\u09AF") return "\u200D";
    if (label == "\u0995\u09CD\u200C") return "\u200C";
    return label;
}

bool is_control_key(const std::string& id) {
    static const std::array<std::string_view, 7> controls{
        "key-shift", "key-more",       "key-backspace",    "key-letters",
        "key-space", "key-caret-back", "key-caret-forward"};
    return std::find(controls.begin(), controls.end(), id) != controls.end();
}

} // namespace

void Kiosk::type(std::string_view text) {
    if (latest().find("key-space") == nullptr)
        throw failure("no on-screen keyboard to type with (tap a text field first)");
    // Sets shift and "more letters" (AltGr) to the wanted page, waiting until the keyboard shows it.
    const auto set_modifier = [&](const std::string& id, bool on) {
        const Item* key = latest().find(id);
        if (key == nullptr) return on == false; // no such key: only "off" is possible
        if (key->selected == on) return true;
        tap(id);
        wait_for(
            [&](const Frame& f) {
                const Item* k = f.find(id);
                return k != nullptr && k->selected == on;
            },
            "the key " + id + (on ? " to show that it is on" : " to show that it is off"), 5s);
        return true;
    };
    std::size_t pos = 0;
    while (pos < text.size()) {
        if (text[pos] == ' ') {
            tap("key-space");
            ++pos;
            continue;
        }
        // The key whose text is the longest prefix of what is left, on this page of the keyboard;
        // else the next page: shift, more letters, both; then the other alphabet (key-letters).
        bool typed = false;
        // Twice: on a loaded machine the kiosk can draw its frames more than settle()'s quiet time
        // apart, so the frame read may still show the page before a one-shot shift was released.
        // The second search starts after the kiosk has drawn nothing new for half a second.
        for (int search = 0; search < 2 && !typed; ++search) {
            if (search == 1) settle(latest().number, 0, 500ms);
            for (int page = 0; page < 8 && !typed; ++page) {
                if (page == 4) {
                    if (latest().find("key-letters") == nullptr) break;
                    tap("key-letters");
                }
                if (!set_modifier("key-shift", (page & 1) != 0) ||
                    !set_modifier("key-more", (page & 2) != 0))
                    continue;
                const Frame frame = latest();
                const Item* best = nullptr;
                std::size_t best_length = 0;
                for (const Item& item : frame.items) {
                    if (item.id.rfind("key-", 0) != 0 || is_control_key(item.id) || !item.enabled ||
                        item.label.empty())
                        continue;
                    const std::string typed_text = typed_by_label(item.label);
                    if (typed_text.size() > best_length &&
                        text.substr(pos, typed_text.size()) == typed_text) {
                        best = &item;
                        best_length = typed_text.size();
                    }
                }
                if (best != nullptr) {
                    tap(best->id);
                    pos += best_length;
                    typed = true;
                }
            }
        }
        if (!typed) {
            std::size_t n = 1;
            while (pos + n < text.size() &&
                   (static_cast<unsigned char>(text[pos + n]) & 0xC0) == 0x80)
                ++n;
            throw failure("no key of the on-screen keyboard types \"" +
                          std::string(text.substr(pos, n)) + "\"");
        }
        // A one-shot shift was released by the key; "more letters" stays on: turn it off so the
        // next character starts from the first page.
        set_modifier("key-more", false);
    }
}

void Kiosk::type_pin(std::string_view digits) {
    for (const char c : digits) {
        if (c < '0' || c > '9') throw std::runtime_error("a PIN is digits only");
        tap(std::string("pin-") + c);
    }
}

} // namespace hrc_e2e
