// kiosk/app/screen_language.cpp — LANGUAGE: every language by its own name in its own script, in
// two columns where they fit, and the display options a person may switch for their session.
#include <array>
#include <cmath>
#include <utility>

#include "view_frame.h"

namespace hrc::kiosk {

float ViewFrame::screen_language(float y0) {
    float y = y0 + heading_block(y0, false);
    const std::vector<LanguageOption> options = languages();
    const bool two_columns = cw_ >= th_.dp(640);
    const float gap = th_.dp(12);
    const float col_w = two_columns ? (cw_ - gap) * 0.5f : cw_;
    const float pad = th_.dp(14);
    const text::Style name_style{text::Face::body_bold, 0, col_w - 2 * pad};
    // Each row as tall as its tallest name (scripts differ: Nastaliq is tall), both boxes alike.
    std::vector<float> heights(options.size());
    for (std::size_t i = 0; i < options.size(); ++i)
        heights[i] = std::max(th_.touch() + th_.dp(8),
                              text::measure(options[i].native_name, name_style).y + 2 * pad);
    if (two_columns)
        for (std::size_t i = 0; i + 1 < options.size(); i += 2)
            heights[i] = heights[i + 1] = std::max(heights[i], heights[i + 1]);
    float row_y = y;
    for (std::size_t i = 0; i < options.size(); ++i) {
        const LanguageOption& o = options[i];
        const bool right = two_columns && (i % 2 == 1);
        // Each name in its own language and script.
        const std::string_view name = o.native_name;
        const float x = right ? x0_ + col_w + gap : x0_;
        const float h = heights[i];
        const Rect r{x, row_y, col_w, h};
        const bool selected = is_chosen(st_, ChoiceId{Group::first, static_cast<int>(i)});
        const bool down = held(r, content_area_);
        dl_->AddRectFilled(r.min(), r.max(), down ? c_.row_pressed : c_.background);
        dl_->AddRect(r.min(), r.max(), c_.control_border, 0, 0, th_.dp(2));
        put(name, text::Face::body_bold, c_.link, x + pad,
            std::round(row_y + (h - text::measure(name, name_style).y) * 0.5f), col_w - 2 * pad);
        Item item{automation_id::language(o.code), std::string(name), ItemKind::choice};
        item.selected = selected;
        record(item, r, content_area_);
        if (tap(r, content_area_)) emit(ChooseLanguage{o.code});
        if (!two_columns || right || i + 1 == options.size()) row_y += h + gap;
    }
    y = row_y + th_.dp(20);
    // Display settings a person can change for their own session.
    const std::array<std::pair<std::string_view, std::string_view>, 2> toggles{
        {{"larger-text", keys::larger_text}, {"high-contrast", keys::high_contrast}}};
    float tx = x0_;
    for (std::size_t i = 0; i < toggles.size(); ++i) {
        const bool on = i == 0 ? v_.modes_.larger_text : v_.modes_.high_contrast;
        const std::string label = T(toggles[i].second);
        const float w = text::measure(label, {text::Face::body_bold}).x + th_.dp(96);
        if (tx + w > x0_ + cw_ && tx > x0_) {
            tx = x0_;
            y += th_.touch() + th_.dp(16);
        }
        const Rect r{tx, y, w, th_.touch()};
        const bool down = held(r, content_area_);
        dl_->AddRectFilled(r.min(), r.max(), down ? c_.row_pressed : c_.secondary_button);
        dl_->AddRect(r.min(), r.max(), c_.text, 0, 0, th_.dp(2));
        checkbox(
            Rect{tx + th_.dp(12), y + (th_.touch() - th_.dp(34)) * 0.5f, th_.dp(34), th_.dp(34)},
            on);
        put(label, text::Face::body_bold, c_.secondary_button_text, tx + th_.dp(60),
            y + (th_.touch() - text::line_height(text::Face::body_bold)) * 0.5f, 0);
        Item item{std::string(toggles[i].first), label, ItemKind::check};
        item.selected = on;
        record(item, r, content_area_);
        if (tap(r, content_area_)) {
            DisplayModes m = v_.modes_;
            if (i == 0)
                m.larger_text = !m.larger_text;
            else
                m.high_contrast = !m.high_contrast;
            v_.display_request_ = m;
        }
        tx += w + th_.dp(16);
    }
    y += th_.touch();
    return y - y0;
}

} // namespace hrc::kiosk
