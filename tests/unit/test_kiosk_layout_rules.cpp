// The frame's layout rules (kiosk/model/layout_rules.h): no tappable control of the frame lies on
// another, whatever the label's length or the window's width (issue 14 item 1).
#include <catch2/catch.hpp>

#include "layout_rules.h"

using namespace hrc::kiosk;

TEST_CASE("reading column: centred, at most its width, inside the margins", "[kiosk][layout]") {
    const Span wide = reading_column(1280, 24, 960);
    CHECK(wide.x == 160);
    CHECK(wide.w == 960);
    const Span small = reading_column(1024, 24, 960);
    CHECK(small.x == 32);
    CHECK(small.w == 960);
    const Span narrow = reading_column(800, 24, 960);
    CHECK(narrow.x == 24);
    CHECK(narrow.w == 752);
}

TEST_CASE("scroll buttons: in the margin when there is room, else the column makes room",
          "[kiosk][layout]") {
    const float button = 60, edge = 8, gap = 12;
    SECTION("1280 wide: in the margin, the column keeps its width") {
        const Span column = reading_column(1280, 24, 960);
        const ScrollPlace p = scroll_place(1280, column, button, edge, gap);
        CHECK_FALSE(p.narrowed);
        CHECK(p.column_w == column.w);
        CHECK(p.button_x >= column.right() + gap);
        CHECK(p.button_x + button <= 1280 - edge);
    }
    SECTION("1024 wide: the column ends before the buttons (they lay over the languages)") {
        const Span column = reading_column(1024, 24, 960);
        const ScrollPlace p = scroll_place(1024, column, button, edge, gap);
        CHECK(p.narrowed);
        CHECK(p.button_x + button == 1024 - edge);
        CHECK(column.x + p.column_w + gap <= p.button_x);
    }
    SECTION("every width from 320 to 2560: buttons clear of the column and inside the window") {
        for (float w = 320; w <= 2560; w += 7) {
            const Span column = reading_column(w, 24, 960);
            const ScrollPlace p = scroll_place(w, column, button, edge, gap);
            INFO("window " << w);
            CHECK(column.x + p.column_w + gap <= p.button_x + 0.01f);
            CHECK(p.button_x + button <= w);
            CHECK(p.column_w <= column.w);
        }
    }
}

TEST_CASE("top bar: quick exit never lies on Back", "[kiosk][layout]") {
    TopBarInput in;
    in.window_w = 1280;
    in.padding = 48;
    in.edge = 16;
    in.gap = 16;
    in.min_text_w = 160;
    SECTION("a short label: on one line at the right edge") {
        in.left_end = 300;
        in.label_w = 280;
        const TopBarPlace p = top_bar_place(in);
        CHECK(p.wrap_w == 0);
        CHECK_FALSE(p.own_row);
        CHECK(p.quick_exit_x + p.quick_exit_w == 1280 - 16);
        CHECK(p.quick_exit_w == 328);
    }
    SECTION("Tamil with larger text (Back x 151-482, label 929 wide): wrapped beside Back") {
        in.left_end = 482;
        in.label_w = 929;
        const TopBarPlace p = top_bar_place(in);
        CHECK_FALSE(p.own_row);
        CHECK(p.quick_exit_x >= 482 + 16);
        CHECK(p.quick_exit_x + p.quick_exit_w <= 1280 - 16);
        CHECK(p.wrap_w == p.quick_exit_w - 48);
        CHECK(p.wrap_w < 929);
    }
    SECTION("no room beside Back: a row of its own, inside the window") {
        in.window_w = 480;
        in.left_end = 300;
        in.label_w = 929;
        const TopBarPlace p = top_bar_place(in);
        CHECK(p.own_row);
        CHECK(p.quick_exit_x >= 16);
        CHECK(p.quick_exit_x + p.quick_exit_w <= 480 - 16);
        CHECK(p.wrap_w == p.quick_exit_w - 48);
    }
    SECTION("nothing on the left: the whole bar") {
        in.left_end = 0;
        in.label_w = 1500;
        const TopBarPlace p = top_bar_place(in);
        CHECK_FALSE(p.own_row);
        CHECK(p.quick_exit_x == 16);
        CHECK(p.wrap_w > 0);
    }
    SECTION("any label and window: beside Back and clear of it, or on a row of its own") {
        for (float w = 320; w <= 2000; w += 37)
            for (float label = 50; label <= 2000; label += 53) {
                in.window_w = w;
                in.left_end = 180;
                in.label_w = label;
                const TopBarPlace p = top_bar_place(in);
                INFO("window " << w << ", label " << label);
                if (!p.own_row) CHECK(p.quick_exit_x >= in.left_end + in.gap);
                CHECK(p.quick_exit_x >= in.edge);
                CHECK(p.quick_exit_x + p.quick_exit_w <= w - in.edge + 0.01f);
                // The label fits in the button, on one line or wrapped.
                CHECK((p.wrap_w > 0 ? p.wrap_w : label) <= p.quick_exit_w - in.padding + 0.01f);
            }
    }
}

TEST_CASE("main button: its label's width, wrapped before it leaves the window",
          "[kiosk][layout]") {
    const ButtonFit short_label = fit_button(120, 56, 220, 976);
    CHECK(short_label.w == 220);
    CHECK(short_label.wrap_w == 0);
    const ButtonFit fits = fit_button(600, 56, 220, 976);
    CHECK(fits.w == 656);
    CHECK(fits.wrap_w == 0);
    // Tamil's "I am safe now, continue" with larger text at 1024x768.
    const ButtonFit wraps = fit_button(1008, 56, 220, 976);
    CHECK(wraps.w == 976);
    CHECK(wraps.wrap_w == 920);
}
