// kiosk/app/view.h — draws a State with Dear ImGui draw lists and turns taps into Intents.
//
// The view reads State and never changes it: everything it wants goes back to the shell as
// Intents, which the shell gives to reduce(). What the view keeps between frames is only how the
// screen is being looked at — scroll position, the keyboard's shift key, the staff corner's tap
// count, a gesture in progress — and wipe() forgets all of it with the draft.
//
// Input model (touch first): a tap is a press and a release inside the same item with no scroll
// drag in between, so there is no hover-only affordance anywhere. A drag in the content area
// scrolls it; the mouse wheel does too. The shell delivers at most one press or one release per
// frame so a quick tap is never lost or merged.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <imgui.h>

#include "automation.h"
#include "flow.h"
#include "keyboard_panel.h"
#include "screen_rules.h"
#include "theme.h"
#include "translator.h"

namespace hrc::kiosk {

struct PointerInput {
    bool pressed = false; // a press this frame at `press_pos`
    ImVec2 press_pos{0, 0};
    bool released = false; // a release this frame at `release_pos`
    ImVec2 release_pos{0, 0};
    bool down = false;  // a button (or finger) is down now
    ImVec2 pos{0, 0};   // where the pointer is now
    float wheel = 0.0f; // wheel lines this frame, positive = towards the top
    // The press dismissed the "Are you still there?" overlay (its Touch did): it must not also tap
    // whatever the overlay was covering when the finger lifts.
    bool press_dismissed_overlay = false;
};

// What read-aloud can do for the session's language right now (the shell's Speaker).
struct ReadAloudStatus {
    bool available = false; // the language has a voice (Somali has none)
    bool speaking = false;
    std::string problem; // non-empty: the last attempt failed (no sound device, …)
};

struct FrameContext {
    ImVec2 size{1280, 800};            // window size (window coordinates = automation coordinates)
    std::int64_t now = 0;              // unix seconds, for the countdown
    double monotonic = 0.0;            // seconds, for the staff corner's "5 taps within 3 s"
    PointerInput pointer;              // in window coordinates (the view mirrors them itself)
    const Translator* words = nullptr; // the session language's words; nullptr = English
    bool right_to_left = false;        // Urdu, Arabic: the whole screen is mirrored
    ReadAloudStatus read_aloud;
    // The line being read aloud right now, as spoken (speakable()); empty: none. The text on the
    // screen that says it gets a highlight (easy read reads one line at a time, issue 18).
    std::string reading_line;
};

// Read-aloud asked for by a tap: the words of the screen (read_aloud_script(), screen_rules.h:
// never what a person typed), each part in the language to read it in, or stop.
struct ReadAloudRequest {
    bool stop = false;
    std::vector<ReadAloudPart> parts;
};

// Display preferences a person may switch for their own session (larger text, high contrast,
// slower reading: read aloud speaks more slowly). They reach the shell whole through
// take_display_request().
struct DisplayModes {
    bool larger_text = false;
    bool high_contrast = false;
    bool slower_speech = false;
    bool operator==(const DisplayModes&) const = default;
};

// A run of draw-list vertices [begin, end).
struct VertexRange {
    int begin = 0;
    int end = 0;
};

class View {
public:
    View() = default;

    void set_theme(const Theme& theme) { theme_ = theme; }
    const Theme& theme() const { return theme_; }

    // Called after ImGui::NewFrame() and before anything is drawn. Returns QuickExit when this
    // frame's press is on "Leave this page quickly", so the shell applies it and the SAME frame is
    // drawn neutral. The press is consumed: its release taps nothing.
    std::optional<Intent> early_intent(const State& state, const FrameContext& frame);

    // Draws the whole window into `list`; returns the Intents of this frame's taps (in order).
    // When `items` is given, every visible interactive item is appended for the automation file.
    std::vector<Intent> draw(const State& state, const FrameContext& frame, ImDrawList* list,
                             std::vector<Item>* items);

    // True when the view changed its own layout this frame (scroll clamped, a field scrolled into
    // view) and needs one more frame to show it.
    bool wants_another_frame() const { return again_; }

    // A person switched larger text or high contrast; the shell rebuilds fonts / colours.
    std::optional<DisplayModes> take_display_request();
    // The session language changed: loads what its screens will need (keyboard layouts) now,
    // between frames, not inside the first frame that shows them.
    void prepare_language(std::string_view session_language) {
        keyboard_.preload(session_language);
    }
    // Problems for the kiosk log (a keyboard layout that could not be loaded). Never content.
    std::vector<std::string> take_problems();
    // A person tapped Read aloud (or Stop reading); the shell speaks it.
    std::optional<ReadAloudRequest> take_read_aloud_request();
    void set_display_modes(const DisplayModes& modes) { modes_ = modes; }

    // Forgets everything about the last person (scroll, shift, gesture, staff-corner taps).
    void wipe();

private:
    struct Gesture {
        bool active = false;
        ImVec2 origin{0, 0};
        bool dragging = false;
        bool consumed = false;
        float scroll_at_press = 0.0f;
    };

    Theme theme_;
    DisplayModes modes_;
    std::optional<DisplayModes> display_request_;
    std::optional<ReadAloudRequest> read_aloud_request_;
    std::vector<VertexRange> keep_; // this frame's text vertices, which mirroring leaves alone
    Gesture gesture_;
    float scroll_ = 0.0f;
    float content_height_ = 0.0f;
    // The on-screen keyboard: the layout of the session's language (or English letters for
    // fields such as phone and postcode, or when the person switches), loaded once per language.
    KeyboardPanel keyboard_;
    StaffCornerTaps corner_taps_;
    std::optional<Screen> last_screen_;
    std::optional<Field> last_focus_;
    std::size_t last_focus_length_ = 0;
    std::string last_error_key_;
    std::size_t last_field_count_ = 0;
    bool again_ = false;

    friend class ViewFrame;
};

// The full-screen message shown when the kiosk cannot start (configuration, store or keys): for
// the public, where else to report; for staff, the error and what to do. In the default language.
void draw_startup_failure(ImDrawList* list, ImVec2 size, const Theme& theme,
                          std::string_view message, int code, const Translator& words);

} // namespace hrc::kiosk
