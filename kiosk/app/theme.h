// kiosk/app/theme.h — colours and the one scale factor.
//
// Every pixel size in kiosk/app goes through Theme::dp(): sizes are designed in "dp" (a CSS pixel
// at 96 dpi) and multiplied by `scale` = (monitor dpi / 96) × ui.scale × --scale. So a 15 mm touch
// target (BRIEF §8) is dp(kTouchMm) on any screen, provided the monitor reports its size.
#pragma once

#include <cmath>

#include <imgui.h>

namespace hrc::kiosk {

// 15 mm in dp: 15 / 25.4 × 96.
inline constexpr float kTouchDp = 56.7f;

struct Colours {
    ImU32 background, text, secondary_text, link, focus, focus_text, border, input_border;
    ImU32 button, button_text, button_shadow, button_pressed;
    ImU32 secondary_button, secondary_button_text;
    ImU32 error, quick_exit, quick_exit_text, panel, panel_text, selected_fill, row_pressed;
    ImU32 key, key_text, key_pressed, key_panel, overlay_dim, header_rule;
    ImU32 quick_exit_shadow;
    // The staff status chart: sent, ready, being sent, trying again (refused is `error`).
    ImU32 chart_sent, chart_ready, chart_sending, chart_retry;
    // Edges a person must see to find a control (WCAG 2.1 1.4.11, non-text contrast >= 3:1): key
    // edges against the keyboard panel and the key, choice-row and language-button borders against
    // the background. `border` stays for rules and separators, which only decorate.
    ImU32 control_border;
    // A control that cannot be used now (a scroll arrow at the end): still >= 3:1 against its
    // fill, and unlike the usable one.
    ImU32 disabled;
    // A key's label and icons while it is pressed or on (Shift, more letters): >= 4.5:1 on
    // key_pressed.
    ImU32 key_pressed_text;
};

struct Theme {
    float scale = 1.0f;
    bool high_contrast = false;
    bool larger_text = false;
    Colours c{};

    float dp(float v) const { return std::round(v * scale); }
    float touch() const { return dp(kTouchDp + 3.3f); }               // 60 dp: at least 15 mm
    float outline() const { return dp(high_contrast ? 5.0f : 3.0f); } // focus / selection outline
};

// GOV.UK Design System colours (white background, black text, green buttons, red errors, yellow
// focus), or the high-contrast set (black background, yellow and white text, thick outlines).
inline Colours colours_for(bool high_contrast) {
    if (!high_contrast) {
        return Colours{
            IM_COL32(255, 255, 255, 255), // background
            IM_COL32(11, 12, 12, 255),    // text            #0b0c0c
            IM_COL32(80, 90, 95, 255),    // secondary text  #505a5f
            IM_COL32(29, 112, 184, 255),  // link            #1d70b8
            IM_COL32(255, 221, 0, 255),   // focus           #ffdd00
            IM_COL32(11, 12, 12, 255),    // focus text
            IM_COL32(177, 180, 182, 255), // border          #b1b4b6
            IM_COL32(11, 12, 12, 255),    // input border
            IM_COL32(0, 112, 60, 255),    // button          #00703c
            IM_COL32(255, 255, 255, 255), // button text
            IM_COL32(0, 45, 24, 255),     // button shadow   #002d18
            IM_COL32(0, 90, 48, 255),     // button pressed  #005a30
            IM_COL32(243, 242, 241, 255), // secondary button #f3f2f1
            IM_COL32(11, 12, 12, 255),    // secondary button text
            IM_COL32(212, 53, 28, 255),   // error           #d4351c
            IM_COL32(212, 53, 28, 255),   // quick exit      (GOV.UK warning button)
            IM_COL32(255, 255, 255, 255), // quick exit text
            IM_COL32(0, 112, 60, 255),    // confirmation panel
            IM_COL32(255, 255, 255, 255), // panel text
            IM_COL32(232, 241, 248, 255), // selected row fill (light blue)
            IM_COL32(243, 242, 241, 255), // row pressed
            IM_COL32(243, 242, 241, 255), // key
            IM_COL32(11, 12, 12, 255),    // key text
            IM_COL32(177, 180, 182, 255), // key pressed
            IM_COL32(222, 224, 226, 255), // keyboard panel
            IM_COL32(11, 12, 12, 235),    // overlay dim: the last answers must not show through
            IM_COL32(29, 112, 184, 255),  // header rule (GOV.UK blue)
            IM_COL32(42, 11, 6, 255),     // quick exit shadow (the warning button's, darker)
            IM_COL32(0, 112, 60, 255),    // chart: sent (green)
            IM_COL32(29, 112, 184, 255),  // chart: ready to send (blue)
            IM_COL32(86, 148, 202, 255),  // chart: being sent (light blue)
            IM_COL32(244, 119, 56, 255),  // chart: trying again later (orange)
            IM_COL32(80, 90, 95, 255), // control border #505a5f: 5.3:1 on the panel, 7.1:1 on white
            IM_COL32(111, 119, 123, 255), // disabled #6f777b: 4.2:1 on a scroll button
            IM_COL32(11, 12, 12, 255),    // key pressed text
        };
    }
    return Colours{
        IM_COL32(0, 0, 0, 255),       // background
        IM_COL32(255, 255, 255, 255), // text
        IM_COL32(255, 255, 255, 255), // secondary text (no grey on black: contrast first)
        IM_COL32(255, 221, 0, 255),   // link: yellow
        IM_COL32(255, 221, 0, 255),   // focus
        IM_COL32(0, 0, 0, 255),       // focus text
        IM_COL32(255, 255, 255, 255), // border
        IM_COL32(255, 255, 255, 255), // input border
        IM_COL32(255, 221, 0, 255),   // button: yellow
        IM_COL32(0, 0, 0, 255),       // button text
        IM_COL32(255, 255, 255, 255), // button shadow
        IM_COL32(255, 255, 255, 255), // button pressed
        IM_COL32(0, 0, 0, 255),       // secondary button
        IM_COL32(255, 221, 0, 255),   // secondary button text
        IM_COL32(255, 138, 128, 255), // error: light red, readable on black
        IM_COL32(255, 255, 255, 255), // quick exit: white
        IM_COL32(0, 0, 0, 255),       // quick exit text
        IM_COL32(0, 0, 0, 255),       // panel
        IM_COL32(255, 221, 0, 255),   // panel text
        IM_COL32(40, 40, 0, 255),     // selected row fill
        IM_COL32(60, 60, 60, 255),    // row pressed
        IM_COL32(0, 0, 0, 255),       // key
        IM_COL32(255, 255, 255, 255), // key text
        IM_COL32(255, 221, 0, 255),   // key pressed
        IM_COL32(30, 30, 30, 255),    // keyboard panel
        IM_COL32(40, 40, 40, 240),    // overlay dim
        IM_COL32(255, 221, 0, 255),   // header rule
        IM_COL32(255, 221, 0, 255),   // quick exit shadow: yellow
        IM_COL32(255, 255, 255, 255), // chart: sent (white)
        IM_COL32(255, 221, 0, 255), // chart: ready (the other states yellow: the legend names them)
        IM_COL32(255, 221, 0, 255), // chart: being sent
        IM_COL32(255, 221, 0, 255), // chart: trying again later
        IM_COL32(255, 255, 255, 255), // control border: white
        IM_COL32(160, 160, 160, 255), // disabled: grey, 8:1 on black, unlike white
        IM_COL32(0, 0, 0, 255),       // key pressed text: black on yellow
    };
}

} // namespace hrc::kiosk
