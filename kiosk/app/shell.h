// kiosk/app/shell.h — the kiosk's shell: the window, the frame loop, the clock and the Commands.
//
// The shell owns the State. For every Intent (from the view, the keyboard, the clock) it calls
// reduce() and runs the Commands that come back: SealAndStore → hrc::submit_report, WipeMemory →
// zero its own buffers, CheckPin → crypto_pwhash_str_verify, LoadQueue → Store::status. It injects
// the time: Touch{now} on every input, Tick{now} only when a timer is due (the idle deadline, then
// once a second while "Are you still there?" counts down).
//
// Rendering is event-driven (BRIEF §5): glfwWaitEvents blocks until input, or until the next timer
// is due; a frame is drawn only when input arrived or the State changed. An idle kiosk sleeps.
#pragma once

#include <filesystem>
#include <optional>

namespace hrc::kiosk {

struct ShellOptions {
    std::filesystem::path config = "/etc/hrc/hrc.toml";
    std::optional<int> window_width; // --windowed WxH
    std::optional<int> window_height;
    std::filesystem::path automation; // --automation FILE; empty = off
    std::optional<double> scale;      // --scale S; overrides ui.scale
    bool check_redraw = false;        // --check-redraw: each partial frame compared (redraw.h)
};

// Runs the kiosk until its window is closed. Returns the process exit code (docs/hrc-kiosk.md):
// 0 closed normally; 2 no display / no window; the hrc::Error code of a startup failure.
int run_shell(const ShellOptions& options);

} // namespace hrc::kiosk
