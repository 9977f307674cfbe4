// kiosk/model/layout_rules.cpp — see layout_rules.h.
#include "layout_rules.h"

#include <algorithm>
#include <cmath>

namespace hrc::kiosk {

Span reading_column(float window_w, float margin, float max_w) {
    const float w = std::max(0.0f, std::min(window_w - 2 * margin, max_w));
    return Span{std::round((window_w - w) * 0.5f), w};
}

ScrollPlace scroll_place(float window_w, Span column, float button_w, float edge, float gap) {
    const float room = window_w - column.right();
    // In the margin: a little in from the window's edge towards the column.
    const float in_margin = window_w - edge - button_w - std::max(0.0f, (room - button_w) * 0.3f);
    if (in_margin >= column.right() + gap) return ScrollPlace{in_margin, column.w, false};
    const float x = window_w - edge - button_w;
    const float w = std::max(0.0f, std::min(column.w, x - gap - column.x));
    return ScrollPlace{x, w, w < column.w};
}

TopBarPlace top_bar_place(const TopBarInput& in) {
    const float right = in.window_w - in.edge;
    const float left = in.left_end > 0.0f ? in.left_end + in.gap : in.edge;
    const float natural = in.label_w + in.padding;
    TopBarPlace p;
    if (right - natural >= left) {
        p.quick_exit_x = right - natural;
        p.quick_exit_w = natural;
        return p;
    }
    const float between = right - left;
    if (between - in.padding >= in.min_text_w) {
        p.quick_exit_x = left;
        p.quick_exit_w = between;
        p.wrap_w = between - in.padding;
        return p;
    }
    // A row of its own: the whole width of the bar if it needs it.
    p.own_row = true;
    const float full = right - in.edge;
    p.quick_exit_w = std::min(natural, full);
    p.quick_exit_x = right - p.quick_exit_w;
    if (natural > full) p.wrap_w = full - in.padding;
    return p;
}

ButtonFit fit_button(float label_w, float padding, float min_w, float max_w) {
    const float natural = std::max(label_w + padding, min_w);
    if (natural <= max_w) return ButtonFit{natural, 0.0f};
    return ButtonFit{max_w, std::max(0.0f, max_w - padding)};
}

} // namespace hrc::kiosk
