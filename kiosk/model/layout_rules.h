// kiosk/model/layout_rules.h — where the frame's own controls go so that no tappable item lies on
// another (issue 14 item 1): the reading column, the scroll buttons beside it, and the top bar's
// Back and "Leave this page quickly" side by side.
//
// Pure rules on measured sizes (window pixels: the view measures texts and multiplies every design
// size by the one scale factor before calling), tested by Catch2 without a window
// (tests/unit/test_kiosk_layout_rules.cpp). The view (kiosk/app/view.cpp) places and draws what
// these return; tests/e2e/test_kiosk_layout.cpp checks the result in the real window.
#pragma once

namespace hrc::kiosk {

// A horizontal stretch: left edge and width.
struct Span {
    float x = 0.0f;
    float w = 0.0f;
    float right() const { return x + w; }
};

// The reading column: centred, at most `max_w` wide, at least `margin` from each edge.
Span reading_column(float window_w, float margin, float max_w);

// Where the scroll buttons go when the content scrolls, and how wide the reading column may then
// be. In the margin right of the column when it is wide enough (buttons `gap` clear of the
// column); else at `edge` from the window's right edge, with the column narrowed to end `gap`
// before them, so no choice, field or link is ever under a scroll button.
struct ScrollPlace {
    float button_x = 0.0f; // left edge of the scroll buttons
    float column_w = 0.0f; // the reading column's width while the buttons are shown
    bool narrowed = false; // column_w < the column's own width
};
ScrollPlace scroll_place(float window_w, Span column, float button_w, float edge, float gap);

// The top bar: Back (or the staff corner) on the left, "Leave this page quickly" on the right.
// Quick exit acts on the press and wipes the report, so it must never lie on Back. It keeps its
// label on one line when that fits beside what is on the left; else it takes the room between
// (its label wrapped to that width, the bar growing taller); when even that leaves less than
// `min_text_w` for its words, it moves to a row of its own under Back.
struct TopBarInput {
    float window_w = 0.0f;
    float left_end = 0.0f;   // right edge of Back or the staff corner; 0 when neither is there
    float label_w = 0.0f;    // quick exit's label on one line
    float padding = 0.0f;    // inside quick exit, left and right together
    float edge = 0.0f;       // from the window's edges
    float gap = 0.0f;        // at least this between Back and quick exit
    float min_text_w = 0.0f; // narrower than this for the label: a row of its own
};
struct TopBarPlace {
    float quick_exit_x = 0.0f;
    float quick_exit_w = 0.0f;
    float wrap_w = 0.0f;  // > 0: wrap the label at this width (it does not fit on one line)
    bool own_row = false; // quick exit on a row of its own, under Back
};
TopBarPlace top_bar_place(const TopBarInput& in);

// A button sized to its label: the label's width plus `padding`, at least `min_w`, at most `max_w`;
// a label too long for `max_w` wraps (Tamil's "I am safe now, continue" with larger text at
// 1024x768 was wider than the window).
struct ButtonFit {
    float w = 0.0f;
    float wrap_w = 0.0f; // > 0: wrap the label at this width
};
ButtonFit fit_button(float label_w, float padding, float min_w, float max_w);

} // namespace hrc::kiosk
