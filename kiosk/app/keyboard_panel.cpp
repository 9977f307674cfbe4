// kiosk/app/keyboard_panel.cpp — the on-screen keyboard: KeyboardPanel (keyboard_panel.h) and its
// drawing. The keyboard of the layout chosen for the focused field: the four rows read from
// xkb-data, then a row of controls. Shift is one-shot; "more letters" (AltGr) stays on until
// tapped again; dead keys (Portuguese accents) wait for the next letter (hrc/keyboard.h). Which
// layout, and the English-letters switch, are the model's rules (screen_rules.h).
#include "keyboard_panel.h"

#include <array>
#include <cmath>
#include <cstdio>

#include "hrc/languages.h"
#include "hrc/utf8.h"

#include "questions.h"
#include "view_frame.h"

namespace hrc::kiosk {

// ---- KeyboardPanel ------------------------------------------------------------------------------

const keyboard::KeyboardLayout* KeyboardPanel::load(const std::string& language) {
    auto it = layouts_.find(language);
    if (it == layouts_.end()) {
        std::optional<keyboard::KeyboardLayout> layout;
        try {
            layout = keyboard::load_layout(language);
        } catch (const keyboard::KeyboardError& e) {
            // For the log (View::take_problems); the person gets English letters instead.
            problems_.push_back("keyboard for " + language + ": " + e.what());
        }
        it = layouts_.emplace(language, std::move(layout)).first;
    }
    return it->second ? &*it->second : nullptr;
}

const keyboard::KeyboardLayout* KeyboardPanel::layout_for(Field field, bool latin_field,
                                                          std::string_view session_language) {
    if (field_ != field) {
        field_ = field;
        english_letters_ = latin_field;
        if (state_) state_->reset();
    }
    const keyboard::KeyboardLayout* layout =
        load(keyboard_language(session_language, english_letters_));
    if (layout == nullptr) layout = load(keyboard_language(session_language, true));
    if (layout == nullptr) return nullptr;
    if (!state_ || state_language_ != layout->language) {
        state_.emplace(*layout);
        state_language_ = layout->language;
    }
    return layout;
}

void KeyboardPanel::preload(std::string_view session_language) {
    (void)load(keyboard_language(session_language, false)); // a failure goes to take_problems()
    (void)load(keyboard_language(session_language, true));
}

void KeyboardPanel::screen_changed() {
    if (state_) state_->reset();
    field_.reset();
}

void KeyboardPanel::wipe() {
    state_.reset();
    state_language_.clear();
    field_.reset();
    english_letters_ = false;
}

// ---- drawing ------------------------------------------------------------------------------------

void ViewFrame::draw_keyboard() {
    if (!keyboard_shown_) return;
    dl_->AddRectFilled(keyboard_.min(), keyboard_.max(), c_.key_panel);
    if (opens_numeric_pad(*st_.focus)) {
        draw_numeric_pad();
        return;
    }
    KeyboardPanel& panel = v_.keyboard_;
    const keyboard::KeyboardLayout* layout =
        panel.layout_for(*st_.focus, def_of(*st_.focus).latin_keyboard, st_.session_language);
    if (layout == nullptr) return; // no xkb data at all: the physical keyboard still works
    keyboard::KeyboardState& ks = panel.state();
    const float gap = th_.dp(8);
    const float pad = th_.dp(12);
    const float panel_w = std::min(W_ - 2 * pad, th_.dp(1240));
    // Widths in key units: each row's keys plus its controls; the widest row fills the panel.
    const bool has_more = layout->has_level[static_cast<std::size_t>(keyboard::Level::altgr)] ||
                          layout->has_level[static_cast<std::size_t>(keyboard::Level::shift_altgr)];
    const float backspace_units = 1.5f, shift_units = 1.5f;
    std::array<float, keyboard::row_count> extra{backspace_units, 0.0f, 0.0f, shift_units};
    float units = 0.0f;
    for (std::size_t r = 0; r < keyboard::row_count; ++r)
        units = std::max(units, static_cast<float>(layout->rows[r].size()) + extra[r]);
    // "more letters" is as wide as its words need (larger text, long translations): at least two
    // keys; the whole keyboard narrows its keys if that makes its row the widest.
    const std::string more_label = T(keys::key_more);
    float more_units = 0.0f;
    if (has_more) {
        const float unit_before = (panel_w - (units - 1.0f) * gap) / units;
        const float needed = text::measure(more_label, {text::Face::body_bold}).x + th_.dp(20);
        more_units = std::max(2.0f, std::ceil((needed + gap) / (unit_before + gap) * 2.0f) / 2.0f);
        extra[static_cast<std::size_t>(keyboard::Row::home)] = more_units;
        units = std::max(
            units,
            static_cast<float>(layout->rows[static_cast<std::size_t>(keyboard::Row::home)].size()) +
                more_units);
    }
    const float unit = (panel_w - (units - 1.0f) * gap) / units;
    const float key_h = th_.touch();
    const auto width_of = [&](float u) { return unit * u + gap * (u - 1.0f); };
    const keyboard::Level level = ks.level();
    float y = keyboard_.y + pad;
    const auto row_start = [&](float row_units) {
        return std::round((W_ - (unit * row_units + gap * (row_units - 1.0f))) * 0.5f);
    };
    for (std::size_t r = 0; r < keyboard::row_count; ++r) {
        const std::vector<keyboard::Key>& keys = layout->rows[r];
        float x = row_start(static_cast<float>(keys.size()) + extra[r]);
        const auto control = [&](float u) {
            const Rect rect{x, y, width_of(u), key_h};
            x += rect.w + gap;
            return rect;
        };
        if (r == static_cast<std::size_t>(keyboard::Row::home) && has_more) {
            const Rect rect = control(more_units);
            if (key(rect, {more_label}, "key-more", ks.altgr())) {
                ks.tap_altgr();
                v_.again_ = true; // every key's label changes
            }
        }
        if (r == static_cast<std::size_t>(keyboard::Row::bottom)) {
            const Rect rect = control(shift_units);
            const std::string name = T(keys::key_shift);
            if (key(rect, {"", name, KeyIcon::shift}, "key-shift", ks.shift())) {
                ks.tap_shift();
                v_.again_ = true;
            }
        }
        for (std::size_t c = 0; c < keys.size(); ++c) {
            const keyboard::KeyCap& cap = keys[c].at(level);
            const Rect rect = control(1.0f);
            const bool pending = ks.dead_pending() && cap.kind == keyboard::KeyCap::Kind::dead &&
                                 cap.dead_mark == ks.pending_dead().dead_mark;
            if (key(rect, {cap.label}, automation_id::key(keys[c].xkb_name), pending,
                    cap.kind != keyboard::KeyCap::Kind::none)) {
                std::string typed = ks.press(keyboard::KeyIndex{r, c});
                if (!typed.empty()) emit(TypeText{std::move(typed)});
                v_.again_ = true; // shift released, a dead key shown
            }
        }
        if (r == static_cast<std::size_t>(keyboard::Row::number)) {
            const Rect rect = control(backspace_units);
            const std::string name = T(keys::key_delete);
            if (key(rect, {"", name, KeyIcon::backspace}, "key-backspace", false)) {
                if (!ks.backspace()) emit(Backspace{});
                v_.again_ = true;
            }
        }
        y += key_h + gap;
    }
    // Controls: switch to English letters (when the language has its own), caret back, space,
    // caret forward, and the screen's main button; the space bar takes what is left of the row.
    const bool own_script = offers_english_letters(st_.session_language);
    const float letters_w = own_script ? width_of(2.0f) : 0.0f;
    const float arrow_w = width_of(1.0f);
    const float main_w =
        content_.continue_label.empty() ? 0.0f : std::max(main_button_width(), width_of(2.0f));
    const float fixed = letters_w + 2 * arrow_w + main_w + gap * (own_script ? 4.0f : 3.0f) +
                        (main_w > 0.0f ? gap : 0.0f);
    const float space_w = std::max(width_of(3.0f), std::min(width_of(6.0f), panel_w - fixed));
    const float row_w = fixed + space_w;
    float x = std::round((W_ - row_w) * 0.5f);
    if (own_script) {
        const Rect rect{x, y, letters_w, key_h};
        x += rect.w + gap;
        // "ABC" for English letters; the language's own name to switch back.
        const LettersKeyLabel label =
            letters_key_label(st_.session_language, panel.english_letters(), t_);
        if (key(rect, {label.visible, label.spoken}, "key-letters", false)) {
            panel.toggle_english_letters();
            v_.again_ = true;
        }
    }
    const auto arrow_key = [&](int step, std::string_view id) {
        const Rect rect{x, y, arrow_w, key_h};
        x += rect.w + gap;
        const KeyIcon icon = step < 0 ? KeyIcon::caret_back : KeyIcon::caret_forward;
        if (key(rect, {"", "", icon}, std::string(id), false)) emit(MoveCaret{step});
    };
    arrow_key(-1, "key-caret-back");
    {
        const Rect rect{x, y, space_w, key_h};
        x += rect.w + gap;
        // A space bar is recognised by its shape: it shows nothing, its name is for automation.
        const std::string name = T(keys::key_space);
        if (key(rect, {"", name}, "key-space", false)) {
            std::string typed = ks.press_space();
            if (!typed.empty()) emit(TypeText{std::move(typed)});
            v_.again_ = true;
        }
    }
    arrow_key(+1, "key-caret-forward");
    if (main_w > 0.0f) main_button(Rect{x + gap, y, main_w, key_h}, keyboard_);
}

// [SECTION] the numeric pad =========================================================================

// Dates and phone numbers (opens_numeric_pad(), issue 14 item 5): a telephone-style pad of large
// keys in the keyboard's panel.
//
//     1  2  3  ⌫          each digit key shows the session script's own digit too (૧ beside 1),
//     4  5  6  space      and types the ASCII digit (every parser takes both)
//     7  8  9  +          "+" for a phone number only
//     ‹  0  ›  [main button]
//
// Digit keys keep the ids of the letters keyboard's number row (key-AE01 … key-AE10 for 0), so
// the same automation types on either. Numbers are not mirrored in Urdu and Arabic (their phone
// keypads run 1 2 3 from the left too): the columns are laid out reversed, and the frame's
// mirroring (view.cpp) puts them back.
void ViewFrame::draw_numeric_pad() {
    const Field field = *st_.focus;
    const float gap = th_.dp(8);
    const float pad = th_.dp(12);
    // Four rows in the panel's five-row height: keys taller than the letters' (easier to hit).
    const float key_h = std::round((keyboard_.h - 2 * pad - 3 * gap) / 4.0f);
    const float main_w = content_.continue_label.empty() ? 0.0f : main_button_width();
    // Four columns as wide as fits (at most 200 dp), and room for the main button on the last row.
    const float col_w = std::round(std::min(th_.dp(200), (W_ - 2 * pad - 3 * gap) / 4.0f));
    const float pad_w = 4 * col_w + 3 * gap;
    const float x0 = std::round((W_ - pad_w) * 0.5f);
    const float y0 = keyboard_.y + pad;
    const auto cell = [&](int row, int column, float width_columns = 1.0f) {
        const int shown_column = f_.right_to_left ? 3 - column : column;
        const float w = col_w * width_columns + gap * (width_columns - 1.0f);
        float x = x0 + static_cast<float>(shown_column) * (col_w + gap);
        if (f_.right_to_left) x -= w - col_w; // a wider cell grows away from the pad's centre
        return Rect{x, y0 + static_cast<float>(row) * (key_h + gap), w, key_h};
    };
    const languages::LanguageSpec* language = languages::find(st_.session_language);
    const char32_t own_zero = language != nullptr ? language->digit_zero : U'0';
    const auto digit_key = [&](int digit, int row, int column) {
        const std::string ascii(1, static_cast<char>('0' + digit));
        const Rect r = cell(row, column);
        char id[16];
        std::snprintf(id, sizeof id, "key-AE%02d", digit == 0 ? 10 : digit);
        if (key(r, {ascii}, id, false)) emit(TypeText{ascii});
        if (own_zero != U'0') {
            // The script's digit in the key's corner, smaller, for a person who reads those.
            const std::string own = utf8::encode(own_zero + static_cast<char32_t>(digit));
            const text::Style style{text::Face::body, c_.key_text};
            const ImVec2 size = text::measure(own, style);
            put(own, text::Face::body, c_.key_text, r.right() - size.x - th_.dp(12),
                r.y + (r.h - size.y) * 0.5f, 0);
        }
    };
    for (int d = 1; d <= 9; ++d)
        digit_key(d, (d - 1) / 3, (d - 1) % 3);
    digit_key(0, 3, 1);
    if (key(cell(0, 3), {"", T(keys::key_delete), KeyIcon::backspace}, "key-backspace", false))
        emit(Backspace{});
    // A space key alone is not recognised by its shape as a space bar is: it shows ␣, drawn.
    const Rect space = cell(1, 3);
    if (key(space, {"", T(keys::key_space)}, "key-space", false)) emit(TypeText{" "});
    {
        const float cx = space.x + space.w * 0.5f, cy = space.y + space.h * 0.5f + th_.dp(6);
        const float half = th_.dp(18), rise = th_.dp(10), thick = th_.dp(3);
        dl_->AddLine(ImVec2(cx - half, cy), ImVec2(cx + half, cy), c_.key_text, thick);
        dl_->AddLine(ImVec2(cx - half, cy + thick * 0.5f), ImVec2(cx - half, cy - rise),
                     c_.key_text, thick);
        dl_->AddLine(ImVec2(cx + half, cy + thick * 0.5f), ImVec2(cx + half, cy - rise),
                     c_.key_text, thick);
    }
    if (numeric_pad_has_plus(field) && key(cell(2, 3), {"+"}, "key-plus", false))
        emit(TypeText{"+"});
    if (key(cell(3, 0), {"", "", KeyIcon::caret_back}, "key-caret-back", false))
        emit(MoveCaret{-1});
    if (key(cell(3, 2), {"", "", KeyIcon::caret_forward}, "key-caret-forward", false))
        emit(MoveCaret{+1});
    if (main_w > 0.0f) {
        Rect r = cell(3, 3);
        r.w = std::max(r.w, std::min(main_w, W_ - pad - r.x));
        if (f_.right_to_left) r.x = std::min(r.x, cell(3, 3).right() - r.w);
        main_button(r, keyboard_);
    }
}

} // namespace hrc::kiosk
