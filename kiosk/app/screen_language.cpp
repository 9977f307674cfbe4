// kiosk/app/screen_language.cpp — LANGUAGE, the start screen: every language by its own name in
// its own script and fonts, in up to four columns of touch-sized rows, and the display options a
// person may switch for their session; NEUTRAL, shown after a quick exit. Until a language is
// chosen, both show their words in each of the twelve languages in turn (every_language.h), and
// every text that turns keeps the room of its tallest language, so nothing moves as they turn:
// all twelve languages and the display options stay in sight without scrolling (issue 14 item 4).
#include <algorithm>
#include <array>
#include <cmath>

#include <hrc/languages.h>

#include "easy_read.h"
#include "every_language.h"
#include "view_frame.h"

namespace hrc::kiosk {

const Translator& ViewFrame::words_of(std::string_view code) const {
    return code == t_.language() ? t_ : words_in(code);
}

ImVec2 ViewFrame::largest(std::string_view key, const text::Style& style) {
    if (!turns_languages()) return text::measure(W()(key), style);
    ImVec2 size{0.0f, 0.0f};
    for (const languages::LanguageSpec& l : languages::all()) {
        const ImVec2 s =
            in_language(l.code, [&] { return text::measure(words_of(l.code)(key), style); });
        size = ImVec2(std::max(size.x, s.x), std::max(size.y, s.y));
    }
    return size;
}

float ViewFrame::screen_language(float y0) {
    float y = y0;
    const ScreenContent keys_of = content_for(st_, english()); // the catalog keys
    const text::Style heading_style{text::Face::heading, 0, cw_};
    const float heading_h = tallest(keys_of.heading, heading_style);
    put(content_.heading, text::Face::heading, c_.text, x0_, y, cw_);
    note("heading", content_.heading, text::Face::heading, x0_, y, cw_);
    y += heading_h + th_.dp(12);

    // The languages: as many columns as fit (four in a 960 dp column), rows as tall as their
    // tallest name (scripts differ: Nastaliq is tall).
    const std::vector<LanguageOption> options = languages();
    const float gap = th_.dp(12);
    const int columns = std::clamp(static_cast<int>((cw_ + gap) / (th_.dp(200) + gap)), 1, 4);
    const float col_w = (cw_ - gap * static_cast<float>(columns - 1)) / static_cast<float>(columns);
    const float pad = th_.dp(10);
    const text::Style name_style{text::Face::body_bold, 0, col_w - 2 * pad};
    std::vector<float> name_h(options.size());
    for (std::size_t i = 0; i < options.size(); ++i)
        name_h[i] = in_language(
            options[i].code, [&] { return text::measure(options[i].native_name, name_style).y; });
    const auto cols = static_cast<std::size_t>(columns);
    for (std::size_t row = 0; row * cols < options.size(); ++row) {
        float h = th_.touch() + th_.dp(8);
        for (std::size_t i = row * cols; i < std::min(options.size(), (row + 1) * cols); ++i)
            h = std::max(h, name_h[i] + 2 * th_.dp(4)); // a line box has its own leading
        for (std::size_t i = row * cols; i < std::min(options.size(), (row + 1) * cols); ++i) {
            const LanguageOption& o = options[i];
            const float x = x0_ + static_cast<float>(i % cols) * (col_w + gap);
            const Rect r{x, y, col_w, h};
            const bool selected = is_chosen(st_, ChoiceId{Group::first, static_cast<int>(i)});
            const bool down = held(r, content_area_);
            dl_->AddRectFilled(r.min(), r.max(), down ? c_.row_pressed : c_.background);
            dl_->AddRect(r.min(), r.max(), c_.control_border, 0, 0, th_.dp(2));
            // Each name in its own language: its fonts, its shaping, its direction.
            in_language(o.code, [&] {
                put(o.native_name, text::Face::body_bold, c_.link, x + pad,
                    std::round(y + (h - name_h[i]) * 0.5f), col_w - 2 * pad);
            });
            Item item{automation_id::language(o.code), o.native_name, ItemKind::choice};
            item.selected = selected;
            record(item, r, content_area_);
            if (tap(r, content_area_)) emit(ChooseLanguage{o.code});
        }
        y += h + gap;
    }

    // Display settings a person can change for their own session, side by side where they fit,
    // each as tall as its label in its longest language.
    // Easy read (issue 18) is not a display mode: it changes the questions and their words, so it
    // lives in the model (SetEasyRead, Report::easy_read), not in DisplayModes (mode nullptr).
    struct Option {
        std::string_view id;
        std::string_view key;
        bool DisplayModes::*mode;
    };
    const std::array<Option, 4> toggles{
        {{"easy-read", text_easy_read(), nullptr},
         {"larger-text", keys::larger_text, &DisplayModes::larger_text},
         {"high-contrast", keys::high_contrast, &DisplayModes::high_contrast},
         {"slower-speech", keys::slower_reading, &DisplayModes::slower_speech}}};
    // Four options side by side wherever they fit (one row keeps the start screen in sight with
    // larger text at 1280x800 and 1024x768).
    const int per_row = std::clamp(static_cast<int>((cw_ + gap) / (th_.dp(180) + gap)), 1, 4);
    const float tw = (cw_ - gap * static_cast<float>(per_row - 1)) / static_cast<float>(per_row);
    // Regular weight (GOV.UK checkbox labels) and a snug box: the longest labels (Polish, Panjabi)
    // then take two lines, not four, with larger text.
    const float box = th_.dp(30);
    const float label_x = th_.dp(10) + box + th_.dp(10);
    const text::Style label_style{text::Face::body, 0, tw - label_x - th_.dp(8)};
    float row_h = 0.0f;
    for (const Option& t : toggles)
        row_h = std::max(row_h, tallest(t.key, label_style) + 2 * th_.dp(6));
    row_h = std::max(row_h, th_.touch());
    for (std::size_t i = 0; i < toggles.size(); ++i) {
        const Option& t = toggles[i];
        const auto col = static_cast<int>(i) % per_row;
        if (i > 0 && col == 0) y += row_h + gap;
        const float tx = x0_ + static_cast<float>(col) * (tw + gap);
        const bool on = t.mode != nullptr ? v_.modes_.*t.mode : st_.draft.easy_read;
        const std::string label = W()(t.key);
        const Rect r{tx, y, tw, row_h};
        const bool down = held(r, content_area_);
        dl_->AddRectFilled(r.min(), r.max(), down ? c_.row_pressed : c_.secondary_button);
        dl_->AddRect(r.min(), r.max(), c_.text, 0, 0, th_.dp(2));
        checkbox(Rect{tx + th_.dp(10), y + (row_h - box) * 0.5f, box, box}, on);
        const float lh = text::measure(label, label_style).y;
        put(label, text::Face::body, c_.secondary_button_text, tx + label_x,
            std::round(y + (row_h - lh) * 0.5f), label_style.wrap_width);
        Item item{std::string(t.id), label, ItemKind::check};
        item.selected = on;
        record(item, r, content_area_);
        if (tap(r, content_area_)) {
            if (t.mode == nullptr) {
                emit(SetEasyRead{!on});
            } else {
                DisplayModes m = v_.modes_;
                m.*t.mode = !on;
                v_.display_request_ = m;
            }
        }
    }
    y += row_h;
    return y - y0;
}

// NEUTRAL: a welcome that says nothing of the service or of the last person; its words turn
// through every language like the start screen's. A tap anywhere above the bottom bar starts
// (view.cpp), as does Start.
float ViewFrame::screen_neutral(float y0) {
    float y = y0;
    const ScreenContent keys_of = content_for(st_, english());
    const float heading_h = tallest(keys_of.heading, {text::Face::heading, 0, cw_});
    put(content_.heading, text::Face::heading, c_.text, x0_, y, cw_);
    note("heading", content_.heading, text::Face::heading, x0_, y, cw_);
    y += heading_h + th_.dp(16);
    if (!content_.hint.empty()) {
        const float hint_h = tallest(keys_of.hint, {text::Face::body, 0, cw_});
        note("hint", content_.hint, text::Face::body, x0_, y, cw_);
        put(content_.hint, text::Face::body, c_.secondary_text, x0_, y, cw_);
        y += hint_h + th_.dp(20);
    }
    return y - y0;
}

} // namespace hrc::kiosk
