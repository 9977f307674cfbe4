// tests/keyboard/test_theme_contrast.cpp — the kiosk's colours (kiosk/app/theme.h) against WCAG 2.1:
// non-text contrast (1.4.11) >= 3:1 for what a person must see to find a control (key edges on the
// keyboard panel, choice-row and language-button borders, a disabled scroll arrow), text contrast
// (1.4.3) >= 4.5:1 for key labels, in the normal and the high-contrast theme.
//
// Oracle: WCAG 2.1's definitions of relative luminance and contrast ratio, written out here
// (https://www.w3.org/TR/WCAG21/#dfn-relative-luminance), not taken from the code under test.
#include <algorithm>
#include <cmath>

#include <catch2/catch.hpp>

#include "theme.h"

using hrc::kiosk::Colours;
using hrc::kiosk::colours_for;

namespace {

struct Rgb {
    double r, g, b;
};

// IM_COL32(R, G, B, A) packs R in the lowest byte (IM_COL32_R_SHIFT 0 on little-endian builds).
Rgb rgb(ImU32 c) {
    return {static_cast<double>((c >> IM_COL32_R_SHIFT) & 0xFF),
            static_cast<double>((c >> IM_COL32_G_SHIFT) & 0xFF),
            static_cast<double>((c >> IM_COL32_B_SHIFT) & 0xFF)};
}

double alpha(ImU32 c) {
    return static_cast<double>((c >> IM_COL32_A_SHIFT) & 0xFF) / 255.0;
}

// `top` drawn over the opaque `below` (how ImGui blends a translucent fill).
Rgb over(ImU32 top, ImU32 below) {
    const Rgb t = rgb(top), b = rgb(below);
    const double a = alpha(top);
    return {t.r * a + b.r * (1 - a), t.g * a + b.g * (1 - a), t.b * a + b.b * (1 - a)};
}

double linear(double channel8) {
    const double c = channel8 / 255.0;
    return c <= 0.03928 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4);
}

double luminance(const Rgb& c) {
    return 0.2126 * linear(c.r) + 0.7152 * linear(c.g) + 0.0722 * linear(c.b);
}

double contrast(const Rgb& a, const Rgb& b) {
    const double la = luminance(a), lb = luminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}
double contrast(ImU32 a, ImU32 b) {
    return contrast(rgb(a), rgb(b));
}

// ImGui's IM_COL32 with the alpha the view gives the scroll buttons' fill (view_frame.h
// with_alpha: alpha × 255, truncated).
ImU32 with_alpha(ImU32 colour, double a) {
    const auto byte = static_cast<ImU32>(a * 255.0);
    return (colour & ~IM_COL32_A_MASK) | (byte << IM_COL32_A_SHIFT);
}

} // namespace

TEST_CASE("contrast: the oracle gives WCAG's own figures") {
    CHECK(contrast(IM_COL32(0, 0, 0, 255), IM_COL32(255, 255, 255, 255)) == Approx(21.0));
    CHECK(contrast(IM_COL32(255, 255, 255, 255), IM_COL32(255, 255, 255, 255)) == Approx(1.0));
    // #767676 on white is the well-known 4.54:1.
    CHECK(contrast(IM_COL32(118, 118, 118, 255), IM_COL32(255, 255, 255, 255)) ==
          Approx(4.54).margin(0.01));
    // The figures issue 14 measured before: a key edge (#b1b4b6) on the panel (#dee0e2) 1.4:1,
    // the choice-row border (#b1b4b6) on white 2.1:1.
    CHECK(contrast(IM_COL32(177, 180, 182, 255), IM_COL32(222, 224, 226, 255)) < 1.6);
    CHECK(contrast(IM_COL32(177, 180, 182, 255), IM_COL32(255, 255, 255, 255)) ==
          Approx(2.1).margin(0.05));
}

TEST_CASE("contrast: keys, borders and disabled controls reach 3 to 1, key labels 4.5 to 1") {
    for (const bool high_contrast : {false, true}) {
        INFO((high_contrast ? "high-contrast theme" : "normal theme"));
        const Colours c = colours_for(high_contrast);

        // Key edges: the key's outline against the keyboard panel around it and the key inside.
        CHECK(contrast(c.control_border, c.key_panel) >= 3.0);
        CHECK(contrast(c.control_border, c.key) >= 3.0);
        // A blank key (drawn at 45% over the panel) keeps the same edge.
        CHECK(contrast(rgb(c.control_border), over(with_alpha(c.key, 0.45), c.key_panel)) >= 3.0);
        // Choice rows and language buttons: their border against the page.
        CHECK(contrast(c.control_border, c.background) >= 3.0);

        // A scroll arrow that cannot be used (its outline and triangle in `disabled`) on the
        // button's fill (key at 92% over the page) and against the page around it.
        const Rgb scroll_fill = over(with_alpha(c.key, 0.92), c.background);
        CHECK(contrast(rgb(c.disabled), scroll_fill) >= 3.0);
        CHECK(contrast(c.disabled, c.background) >= 3.0);
        // ... and it looks unlike the usable arrow (text colour).
        CHECK(contrast(c.disabled, c.text) >= 1.5);

        // Key labels and icons: on a key, and on a pressed or "on" key.
        CHECK(contrast(c.key_text, c.key) >= 4.5);
        CHECK(contrast(c.key_pressed_text, c.key_pressed) >= 4.5);
    }
}
