// kiosk/app/view.cpp — see view.h. Every screen of the kiosk, drawn immediately from State.
//
// [SECTION] right-to-left: the mirrored frame
// [SECTION] geometry and small helpers
// [SECTION] ViewFrame: one frame's drawing, hit-testing and automation items
// [SECTION]   regions: top bar, content (scrolls), bottom bar, keyboard
// [SECTION]   widgets: buttons, links, choice rows, text fields, error summary, keys
// [SECTION]   screens: question, language, check answers, confirmation, staff, neutral
// [SECTION]   overlay: "Are you still there?"
// [SECTION] View

#include "view.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <ctime>
#include <map>
#include <string>
#include <utility>

#include "content.h"
#include "text.h"

namespace hrc::kiosk {

namespace {

// [SECTION] right-to-left: the mirrored frame =======================================================
//
// Urdu and Arabic screens are the left-to-right layout mirrored (BRIEF §8): Back and the arrow on
// the right, choices' radios on the right, the keyboard's rows from the right. Rather than a second
// layout, every screen is laid out as usual and then the frame is mirrored:
//   1. pointer positions are mirrored before the layout sees them (x → W − x), so hit-testing
//      works in the layout's own coordinates;
//   2. every shape's vertices are mirrored after drawing, and so are the clip rectangles;
//   3. text is NOT mirrored (letters keep their shapes): each text block is drawn directly at its
//      mirrored place, its vertices are remembered and left alone in step 2;
//   4. automation items are reported at their mirrored (real) rectangles.
// The view never mirrors twice: only View::draw applies step 2, once per frame.

FrameContext logical_frame(const FrameContext& frame) {
    FrameContext f = frame;
    if (!frame.right_to_left) return f;
    const float w = frame.size.x;
    f.pointer.press_pos.x = w - f.pointer.press_pos.x;
    f.pointer.release_pos.x = w - f.pointer.release_pos.x;
    f.pointer.pos.x = w - f.pointer.pos.x;
    return f;
}

// Step 2: mirrors the vertices from `first_vertex` on, except the text ranges, and every clip
// rectangle from `first_command` on.
void mirror_draw_list(ImDrawList* list, float width, int first_vertex, int first_command,
                      const std::vector<VertexRange>& keep) {
    std::size_t k = 0;
    for (int i = first_vertex; i < list->VtxBuffer.Size; ++i) {
        while (k < keep.size() && keep[k].end <= i) ++k;
        if (k < keep.size() && keep[k].begin <= i) continue;
        list->VtxBuffer[i].pos.x = width - list->VtxBuffer[i].pos.x;
    }
    for (int c = std::max(0, first_command); c < list->CmdBuffer.Size; ++c) {
        ImVec4& r = list->CmdBuffer[c].ClipRect;
        const float x1 = width - r.z, x2 = width - r.x;
        r.x = x1;
        r.z = x2;
    }
}

// [SECTION] geometry and small helpers ==============================================================

struct Rect {
    float x = 0, y = 0, w = 0, h = 0;
    ImVec2 min() const { return {x, y}; }
    ImVec2 max() const { return {x + w, y + h}; }
    float right() const { return x + w; }
    float bottom() const { return y + h; }
    bool contains(ImVec2 p) const { return p.x >= x && p.x < x + w && p.y >= y && p.y < y + h; }
    Rect intersect(const Rect& o) const {
        const float nx = std::max(x, o.x), ny = std::max(y, o.y);
        const float nr = std::min(right(), o.right()), nb = std::min(bottom(), o.bottom());
        return Rect{nx, ny, std::max(0.0f, nr - nx), std::max(0.0f, nb - ny)};
    }
    bool empty() const { return w <= 0.5f || h <= 0.5f; }
};

ImU32 with_alpha(ImU32 colour, float alpha) {
    const auto a = static_cast<ImU32>(std::clamp(alpha, 0.0f, 1.0f) * 255.0f);
    return (colour & ~IM_COL32_A_MASK) | (a << IM_COL32_A_SHIFT);
}

bool fields_contain(const ScreenContent& content, Field f) {
    return std::any_of(content.fields.begin(), content.fields.end(),
                       [f](const TextFieldSpec& s) { return s.field == f; });
}

const std::string& text_of(const State& st, Field f) {
    static const std::string empty;
    const auto it = st.text.find(f);
    return it == st.text.end() ? empty : it->second;
}

} // namespace

// [SECTION] ViewFrame ===============================================================================

class ViewFrame {
public:
    ViewFrame(View& view, const State& state, const FrameContext& frame, ImDrawList* list, std::vector<Item>* items)
        : v_(view), st_(state), f_(frame), dl_(list), items_(items), th_(view.theme_), c_(view.theme_.c),
          t_(frame.words != nullptr ? *frame.words : english()), content_(content_for(state, t_)) {}

    std::vector<Intent> run();

private:
    // ---- regions ----
    void layout_regions();
    void draw_top_bar();
    void draw_bottom_bar();
    float main_button_width() const;
    void main_button(const Rect& r, const Rect& clip);
    void draw_keyboard();
    void draw_scroll_buttons();
    void draw_overlay();

    // ---- widgets ----
    bool tap(const Rect& r, const Rect& clip) const;
    bool held(const Rect& r, const Rect& clip) const;
    void record(Item item, const Rect& r, const Rect& clip);
    // Lists a text that is shown but not tappable (ItemKind::text) with the rectangle of its ink.
    void note(std::string id, std::string_view s, text::Face face, float x, float y, float wrap) {
        const ImVec2 size = text::measure(s, text::Style{face, 0, wrap});
        Item item{std::move(id), std::string(s), ItemKind::text};
        item.enabled = false;
        record(item, Rect{x, y, size.x, size.y}, content_area_);
    }
    float put(std::string_view s, text::Face face, ImU32 colour, float x, float y, float wrap) {
        return put_text(s, text::Style{face, colour, wrap}, x, y).y;
    }
    // Draws a text block whose left edge is at x in layout coordinates; in a mirrored frame the
    // block's right edge goes to the mirror of x (see [SECTION] right-to-left). Returns its size.
    ImVec2 put_text(std::string_view s, const text::Style& style, float x, float y, ImVec2* origin = nullptr);
    // Runs `draw` with its vertices kept out of the mirroring (it draws in real coordinates).
    template <typename F>
    void unmirrored(F&& draw) {
        const int begin = dl_->VtxBuffer.Size;
        draw();
        if (f_.right_to_left) v_.keep_.push_back({begin, dl_->VtxBuffer.Size});
    }
    bool primary_button(const Rect& r, std::string_view label, bool enabled, std::string_view id, const Rect& clip);
    bool link(float x, float y, std::string_view label, std::string_view id, const Rect& clip, Rect* out = nullptr);
    float choice_row(float y, const Choice& choice, bool selected, bool multiple, std::string id, float x, float w);
    float text_field(float y, const TextFieldSpec& spec);
    float error_summary(float y);
    void radio(ImVec2 centre, bool selected);
    void backspace_icon(const Rect& key);
    void checkbox(const Rect& box, bool ticked);
    bool key(const Rect& r, std::string_view label, std::string id, bool selected, bool enabled = true);
    void shift_icon(const Rect& key, bool on);
    const keyboard::KeyboardLayout* keyboard_layout();

    // ---- screens ----
    float screen_question(float y);
    float screen_language(float y);
    float screen_check_answers(float y);
    float screen_confirmation(float y);
    float screen_staff_pin(float y);
    float screen_staff_menu(float y);
    float screen_staff_status(float y);
    float heading_block(float y, bool with_progress);
    float read_aloud_row(float y);
    std::vector<ReadAloudPart> screen_script() const;

    void emit(Intent intent) { out_.push_back(std::move(intent)); }
    // Words in the session's language: keys from content.h, messages from the model.
    std::string T(std::string_view key) const { return t_(key); }
    std::string T(const keys::ContextKey& key) const { return t_.context(key.context, key.key); }
    std::string T(const Message& message) const { return t_.render(message); }

    View& v_;
    const State& st_;
    const FrameContext& f_;
    ImDrawList* dl_;
    std::vector<Item>* items_;
    const Theme& th_;
    const Colours& c_;
    const Translator& t_;
    ScreenContent content_;
    std::vector<Intent> out_;

    // regions (window coordinates)
    float W_ = 0, H_ = 0;
    Rect top_, content_area_, bottom_, keyboard_;
    float x0_ = 0, cw_ = 0;   // the reading column
    bool keyboard_shown_ = false;
    bool overlay_ = false;
    bool blocked_ = false;    // the overlay is up: nothing under it takes taps
    // Where each text field's group (label to box) is this frame, to scroll one into sight.
    struct FieldPlace { Field field; Rect group; bool error; };
    std::vector<FieldPlace> field_places_;
    Rect focused_rect_{};
    bool have_focused_rect_ = false;
    void reveal_what_matters();
};

// ---- regions --------------------------------------------------------------------------------------

void ViewFrame::layout_regions() {
    W_ = f_.size.x;
    H_ = f_.size.y;
    const float margin = th_.dp(24);
    cw_ = std::min(W_ - 2 * margin, th_.dp(960));
    x0_ = std::round((W_ - cw_) * 0.5f);

    const float top_h = th_.dp(12) + th_.touch() + th_.dp(12);
    top_ = Rect{0, 0, W_, top_h};

    const Screen s = st_.screen;
    keyboard_shown_ = st_.focus.has_value() && s != Screen::staff_pin && fields_contain(content_, *st_.focus);
    // While the keyboard is up, the main button sits at the end of its last row instead of in a bar
    // of its own: on a 1280x800 screen that leaves room for a field's label above the field.
    const bool has_bottom = !keyboard_shown_ && (!content_.continue_label.empty() || s == Screen::confirmation ||
                                                 s == Screen::check_answers);
    const float bottom_h = has_bottom ? th_.touch() + th_.dp(28) : 0.0f;

    float kb_h = 0.0f;
    if (keyboard_shown_) {
        const float key_h = th_.touch();
        kb_h = 5 * key_h + 4 * th_.dp(8) + 2 * th_.dp(12);   // four rows of letters, one of controls
    }
    keyboard_ = Rect{0, H_ - kb_h, W_, kb_h};
    bottom_ = Rect{0, H_ - kb_h - bottom_h, W_, bottom_h};
    const float content_top = top_h + th_.dp(4);   // under the header rule
    content_area_ = Rect{0, content_top, W_, std::max(0.0f, bottom_.y - content_top)};
}

void ViewFrame::draw_top_bar() {
    dl_->AddRectFilled(top_.min(), top_.max(), c_.background);
    const bool neutral = st_.screen == Screen::neutral;
    if (!neutral) {
        // The GOV.UK header's blue rule: the one mark that says "this is the reporting service".
        dl_->AddRectFilled(ImVec2(0, top_.bottom()), ImVec2(W_, top_.bottom() + th_.dp(4)), c_.header_rule);
    }
    const Screen s = st_.screen;
    const bool back = !st_.history.empty() && s != Screen::sending && s != Screen::confirmation && !neutral;
    if (back) {
        // Back link, top-left, with the target as tall as a finger.
        const std::string label = T(text_back());
        const ImVec2 size = text::measure(label, {text::Face::body_bold});
        const float lh = text::line_height(text::Face::body_bold);
        const float chevron = std::round(lh * 0.45f);   // follows the text size (larger text)
        const Rect r{x0_ - th_.dp(8), th_.dp(12), size.x + chevron + th_.dp(32), th_.touch()};
        const bool down = held(r, top_);
        if (down) dl_->AddRectFilled(r.min(), r.max(), c_.focus);
        const ImU32 col = down ? c_.focus_text : c_.text;
        const float ty = std::round(r.y + (r.h - lh) * 0.5f);
        // The chevron's middle at the middle of the lower-case letters, not of the line box.
        const float cy = ty + lh * 0.55f;
        const float cx = r.x + th_.dp(12);
        dl_->AddLine(ImVec2(cx + chevron * 0.5f, cy - chevron * 0.5f), ImVec2(cx, cy), col, th_.dp(3));
        dl_->AddLine(ImVec2(cx, cy), ImVec2(cx + chevron * 0.5f, cy + chevron * 0.5f), col, th_.dp(3));
        const float tx = cx + chevron;
        put(label, text::Face::body_bold, col, tx, ty, 0);
        dl_->AddLine(ImVec2(tx, ty + lh * 0.92f), ImVec2(tx + size.x, ty + lh * 0.92f), col, th_.dp(2));
        record(Item{"back", std::string(label), ItemKind::link}, r, top_);
        if (tap(r, top_)) emit(Back{});
    }
    if (s == Screen::language && !st_.staff) {
        // Staff entry: 5 taps within 3 s on this corner (docs/hrc-kiosk.md). Nothing is drawn.
        // Not while staff are signed in (an assisted report starts here, with Back in this corner).
        const Rect corner{0, 0, th_.dp(120), top_.h};
        record(Item{"staff-corner", "", ItemKind::button}, corner, top_);   // nothing visible: no label
        if (tap(corner, top_)) {
            auto& taps = v_.corner_taps_;
            taps.push_back(f_.monotonic);
            std::erase_if(taps, [&](double t) { return f_.monotonic - t > 3.0; });
            if (taps.size() >= 5) {
                taps.clear();
                emit(StaffEntry{});
            }
        }
    }
}

// The quick exit button: always visible (except on the neutral screen itself), top-right.
Rect quick_exit_rect(const Theme& th, float window_w, std::string_view label) {
    const ImVec2 size = text::measure(label, {text::Face::body_bold});
    const float w = size.x + th.dp(48);
    const float margin = th.dp(16);
    return Rect{window_w - margin - w, th.dp(12), w, th.touch()};
}

void ViewFrame::draw_bottom_bar() {
    if (bottom_.h <= 0) return;
    dl_->AddRectFilled(bottom_.min(), bottom_.max(), c_.background);
    dl_->AddLine(ImVec2(0, bottom_.y), ImVec2(W_, bottom_.y), c_.border, th_.dp(1));
    if (content_.continue_label.empty()) return;
    const float w = std::max(main_button_width(), th_.dp(220));
    main_button(Rect{x0_, bottom_.y + th_.dp(12), w, th_.touch()}, bottom_);
}

float ViewFrame::main_button_width() const {
    return text::measure(content_.continue_label, {text::Face::body_bold}).x + th_.dp(56);
}

// The screen's main button (Continue, Send report, Finish, Start) at `r`.
void ViewFrame::main_button(const Rect& r, const Rect& clip) {
    const Screen s = st_.screen;
    const std::string_view label = content_.continue_label;
    std::string_view id = "continue";
    bool enabled = true;
    if (s == Screen::confirmation) {
        id = "finish";
        enabled = st_.noted_reference;
    }
    if (label.empty()) return;
    if (primary_button(r, label, enabled, id, clip)) {
        switch (s) {
        case Screen::check_answers: emit(Send{}); break;
        case Screen::confirmation: emit(Finish{}); break;   // the model explains if the box is not ticked
        case Screen::neutral: emit(LeaveNeutral{}); break;
        default: emit(Continue{}); break;
        }
    }
}

// The keyboard of the layout chosen for this field (keyboard_layout()): the four rows read from
// xkb-data, then a row of controls. Shift is one-shot; "more letters" (AltGr) stays on until
// tapped again; dead keys (Portuguese accents) wait for the next letter (hrc/keyboard.h).
const keyboard::KeyboardLayout* ViewFrame::keyboard_layout() {
    const Field field = *st_.focus;
    if (v_.keyboard_field_ != field) {
        v_.keyboard_field_ = field;
        v_.english_letters_ = def_of(field).latin_keyboard;
        if (v_.keyboard_) v_.keyboard_->reset();
    }
    const std::string wanted = v_.english_letters_ ? std::string("en-GB") : st_.session_language;
    auto load = [&](const std::string& code) -> const keyboard::KeyboardLayout* {
        auto it = v_.layouts_.find(code);
        if (it == v_.layouts_.end()) {
            std::optional<keyboard::KeyboardLayout> layout;
            try {
                layout = keyboard::load_layout(code);
            } catch (const keyboard::KeyboardError& e) {
                // For the log (View::take_problems); the person gets English letters instead.
                v_.problems_.push_back(std::string("keyboard for ") + code + ": " + e.what());
            }
            it = v_.layouts_.emplace(code, std::move(layout)).first;
        }
        return it->second ? &*it->second : nullptr;
    };
    const keyboard::KeyboardLayout* layout = load(wanted);
    if (layout == nullptr) layout = load("en-GB");
    if (layout == nullptr) return nullptr;
    if (!v_.keyboard_ || v_.keyboard_language_ != layout->language) {
        v_.keyboard_.emplace(*layout);
        v_.keyboard_language_ = layout->language;
    }
    return layout;
}

void ViewFrame::draw_keyboard() {
    if (!keyboard_shown_) return;
    dl_->AddRectFilled(keyboard_.min(), keyboard_.max(), c_.key_panel);
    const keyboard::KeyboardLayout* layout = keyboard_layout();
    if (layout == nullptr) return;   // no xkb data at all: the physical keyboard still works
    keyboard::KeyboardState& ks = *v_.keyboard_;
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
        units = std::max(units, static_cast<float>(layout->rows[static_cast<std::size_t>(keyboard::Row::home)].size()) +
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
            if (key(rect, more_label, "key-more", ks.altgr())) {
                ks.tap_altgr();
                v_.again_ = true;   // every key's label changes
            }
        }
        if (r == static_cast<std::size_t>(keyboard::Row::bottom)) {
            const Rect rect = control(shift_units);
            if (key(rect, "", "key-shift", ks.shift())) {
                ks.tap_shift();
                v_.again_ = true;
            }
            if (items_ && !items_->empty() && items_->back().id == "key-shift") items_->back().label = T(keys::key_shift);
            shift_icon(rect, ks.shift());
        }
        for (std::size_t c = 0; c < keys.size(); ++c) {
            const keyboard::KeyCap& cap = keys[c].at(level);
            const Rect rect = control(1.0f);
            const bool pending = ks.dead_pending() && cap.kind == keyboard::KeyCap::Kind::dead &&
                                 cap.dead_mark == ks.pending_dead().dead_mark;
            if (key(rect, cap.label, "key-" + keys[c].xkb_name, pending, cap.kind != keyboard::KeyCap::Kind::none)) {
                std::string typed = ks.press(keyboard::KeyIndex{r, c});
                if (!typed.empty()) emit(TypeText{std::move(typed)});
                v_.again_ = true;   // shift released, a dead key shown
            }
        }
        if (r == static_cast<std::size_t>(keyboard::Row::number)) {
            const Rect rect = control(backspace_units);
            if (key(rect, "", "key-backspace", false)) {
                if (!ks.backspace()) emit(Backspace{});
                v_.again_ = true;
            }
            if (items_ && !items_->empty() && items_->back().id == "key-backspace") items_->back().label = T(keys::key_delete);
            backspace_icon(rect);
        }
        y += key_h + gap;
    }
    // Controls: switch to English letters (when the language has its own), caret back, space,
    // caret forward, and the screen's main button; the space bar takes what is left of the row.
    const bool own_script = st_.session_language != "en-GB" && st_.session_language != "so";
    const float letters_w = own_script ? width_of(2.0f) : 0.0f;
    const float arrow_w = width_of(1.0f);
    const float main_w = content_.continue_label.empty() ? 0.0f : std::max(main_button_width(), width_of(2.0f));
    const float fixed = letters_w + 2 * arrow_w + main_w + gap * (own_script ? 4.0f : 3.0f) +
                        (main_w > 0.0f ? gap : 0.0f);
    const float space_w = std::max(width_of(3.0f), std::min(width_of(6.0f), panel_w - fixed));
    const float row_w = fixed + space_w;
    float x = std::round((W_ - row_w) * 0.5f);
    if (own_script) {
        const Rect rect{x, y, letters_w, key_h};
        x += rect.w + gap;
        // "ABC" for English letters; the language's own name to switch back.
        std::string label = "ABC";
        if (v_.english_letters_)
            for (const LanguageOption& o : languages())
                if (o.code == st_.session_language) label = o.native_name;
        if (key(rect, label, "key-letters", false)) {
            v_.english_letters_ = !v_.english_letters_;
            v_.again_ = true;
        }
        if (items_ && !items_->empty() && items_->back().id == "key-letters" && !v_.english_letters_)
            items_->back().label = T(keys::key_english);
    }
    const auto arrow_key = [&](int step, std::string_view id) {
        const Rect rect{x, y, arrow_w, key_h};
        x += rect.w + gap;
        if (key(rect, "", std::string(id), false)) emit(MoveCaret{step});
        const float cx = rect.x + rect.w * 0.5f, cy = rect.y + rect.h * 0.5f, a = th_.dp(10);
        const float d = static_cast<float>(step);
        dl_->AddTriangleFilled(ImVec2(cx + d * a, cy), ImVec2(cx - d * a * 0.6f, cy - a), ImVec2(cx - d * a * 0.6f, cy + a),
                               c_.key_text);
    };
    arrow_key(-1, "key-caret-back");
    {
        const Rect rect{x, y, space_w, key_h};
        x += rect.w + gap;
        if (key(rect, "", "key-space", false)) {
            std::string typed = ks.press_space();
            if (!typed.empty()) emit(TypeText{std::move(typed)});
            v_.again_ = true;
        }
        // A space bar is recognised by its shape; the label is for automation only.
        if (items_ && !items_->empty() && items_->back().id == "key-space") items_->back().label = T(keys::key_space);
    }
    arrow_key(+1, "key-caret-forward");
    if (main_w > 0.0f) main_button(Rect{x + gap, y, main_w, key_h}, keyboard_);
}

void ViewFrame::draw_scroll_buttons() {
    const float visible = content_area_.h;
    if (v_.content_height_ <= visible + 1.0f || visible <= 0) return;
    const float size = th_.touch();
    const float room = W_ - (x0_ + cw_);
    const float x = room >= size + th_.dp(24) ? W_ - th_.dp(12) - size - std::max(0.0f, (room - size) * 0.3f)
                                              : W_ - size - th_.dp(4);
    const float max_scroll = v_.content_height_ - visible;
    // The track shows how much there is and where we are, so nobody misses the rest of the page.
    const float track_top = content_area_.y + size + th_.dp(16);
    const float track_h = visible - 2 * (size + th_.dp(16));
    if (track_h > th_.dp(20)) {
        const float thumb_h = std::max(th_.dp(24), track_h * visible / v_.content_height_);
        const float thumb_y = track_top + (track_h - thumb_h) * (v_.scroll_ / max_scroll);
        const float tx = x + size * 0.5f - th_.dp(3);
        dl_->AddRectFilled(ImVec2(tx, track_top), ImVec2(tx + th_.dp(6), track_top + track_h), c_.key_panel,
                           th_.dp(3));
        dl_->AddRectFilled(ImVec2(tx, thumb_y), ImVec2(tx + th_.dp(6), thumb_y + thumb_h), c_.secondary_text,
                           th_.dp(3));
    }
    const float step = visible * 0.7f;
    for (int dir = -1; dir <= 1; dir += 2) {
        const Rect r{x, dir < 0 ? content_area_.y + th_.dp(8) : content_area_.bottom() - size - th_.dp(8), size, size};
        const bool can = dir < 0 ? v_.scroll_ > 0.5f : v_.scroll_ < max_scroll - 0.5f;
        const bool down = can && held(r, content_area_);
        dl_->AddRectFilled(r.min(), r.max(), down ? c_.key_pressed : with_alpha(c_.key, 0.92f), th_.dp(6));
        dl_->AddRect(r.min(), r.max(), can ? c_.text : c_.border, th_.dp(6), 0, th_.dp(2));
        const float cx = r.x + size * 0.5f, cy = r.y + size * 0.5f, a = th_.dp(12);
        const float d = static_cast<float>(dir);
        dl_->AddTriangleFilled(ImVec2(cx - a, cy - d * a * 0.5f), ImVec2(cx + a, cy - d * a * 0.5f),
                               ImVec2(cx, cy + d * a * 0.5f), can ? c_.text : c_.border);
        Item item{dir < 0 ? "scroll-up" : "scroll-down", T(dir < 0 ? keys::scroll_up : keys::scroll_down),
                  ItemKind::button};
        item.enabled = can;
        record(item, r, content_area_);
        if (can && tap(r, content_area_)) {
            v_.scroll_ = std::clamp(v_.scroll_ + d * step, 0.0f, max_scroll);
            v_.again_ = true;
        }
    }
}

// ---- widgets --------------------------------------------------------------------------------------

ImVec2 ViewFrame::put_text(std::string_view s, const text::Style& given, float x, float y, ImVec2* origin) {
    // The layout places every block by its left edge: lines start at x. Mirrored, they end at the
    // mirror of x instead (right-aligned), whatever the direction of each paragraph.
    text::Style style = given;
    style.align = f_.right_to_left ? text::Align::right : text::Align::left;
    ImVec2 at(x, y);
    if (f_.right_to_left)
        at.x = W_ - x - (style.wrap_width > 0.0f ? style.wrap_width : text::measure(s, style).x);
    if (origin != nullptr) *origin = at;
    ImVec2 size{0, 0};
    unmirrored([&] { size = text::draw(dl_, at, s, style); });
    return size;
}

bool ViewFrame::tap(const Rect& r, const Rect& clip) const {
    if (blocked_) return false;
    const auto& g = v_.gesture_;
    const auto& p = f_.pointer;
    if (!p.released || !g.active || g.dragging || g.consumed) return false;
    const Rect visible = r.intersect(clip);
    return visible.contains(g.origin) && visible.contains(p.release_pos);
}

bool ViewFrame::held(const Rect& r, const Rect& clip) const {
    if (blocked_) return false;
    const auto& g = v_.gesture_;
    const auto& p = f_.pointer;
    if (!p.down || !g.active || g.dragging || g.consumed) return false;
    const Rect visible = r.intersect(clip);
    return visible.contains(g.origin) && visible.contains(p.pos);
}

void ViewFrame::record(Item item, const Rect& r, const Rect& clip) {
    if (items_ == nullptr || blocked_) return;
    const Rect visible = r.intersect(clip);
    if (visible.empty()) return;   // scrolled out of sight: not clickable, not listed
    item.x = f_.right_to_left ? W_ - visible.right() : visible.x;
    item.y = visible.y;
    item.w = visible.w;
    item.h = visible.h;
    items_->push_back(std::move(item));
}

bool ViewFrame::primary_button(const Rect& r, std::string_view label, bool enabled, std::string_view id,
                               const Rect& clip) {
    const bool down = held(r, clip);
    const float shadow = th_.dp(4);
    ImU32 fill = down ? c_.button_pressed : c_.button;
    if (!enabled) fill = with_alpha(fill, 0.5f);
    dl_->AddRectFilled(ImVec2(r.x, r.y + shadow), ImVec2(r.right(), r.bottom() + shadow),
                       enabled ? c_.button_shadow : with_alpha(c_.button_shadow, 0.5f));
    dl_->AddRectFilled(r.min(), r.max(), fill);
    if (th_.high_contrast) dl_->AddRect(r.min(), r.max(), c_.text, 0, 0, th_.dp(2));
    const ImVec2 size = text::measure(label, {text::Face::body_bold});
    put(label, text::Face::body_bold, enabled ? c_.button_text : with_alpha(c_.button_text, 0.8f),
          std::round(r.x + (r.w - size.x) * 0.5f), std::round(r.y + (r.h - size.y) * 0.5f), 0);
    Item item{std::string(id), std::string(label), ItemKind::button};
    item.enabled = enabled;
    record(item, Rect{r.x, r.y, r.w, r.h + shadow}, clip);
    return tap(Rect{r.x, r.y, r.w, r.h + shadow}, clip);
}

bool ViewFrame::link(float x, float y, std::string_view label, std::string_view id, const Rect& clip, Rect* out) {
    const ImVec2 size = text::measure(label, {text::Face::body_bold});
    const Rect r{x - th_.dp(8), y, size.x + th_.dp(16), std::max(th_.touch(), size.y + th_.dp(16))};
    if (out) *out = r;
    const bool down = held(r, clip);
    if (down) dl_->AddRectFilled(r.min(), r.max(), c_.focus);
    const ImU32 col = down ? c_.focus_text : c_.link;
    const float ty = std::round(r.y + (r.h - size.y) * 0.5f);
    put(label, text::Face::body_bold, col, x, ty, 0);
    dl_->AddLine(ImVec2(x, ty + size.y), ImVec2(x + size.x, ty + size.y), col, th_.dp(2));
    record(Item{std::string(id), std::string(label), ItemKind::link}, r, clip);
    return tap(r, clip);
}

// The "erase to the left" symbol on every keyboard: a left-pointing tag with a cross.
void ViewFrame::backspace_icon(const Rect& r) {
    const float cx = r.x + r.w * 0.5f, cy = r.y + r.h * 0.5f, a = th_.dp(13);
    const ImVec2 pts[5] = {{cx - a * 1.6f, cy}, {cx - a * 0.7f, cy - a}, {cx + a * 1.4f, cy - a},
                           {cx + a * 1.4f, cy + a}, {cx - a * 0.7f, cy + a}};
    dl_->AddPolyline(pts, 5, c_.key_text, ImDrawFlags_Closed, th_.dp(2.5f));
    const float xc = cx + a * 0.35f, xa = a * 0.45f;
    dl_->AddLine(ImVec2(xc - xa, cy - xa), ImVec2(xc + xa, cy + xa), c_.key_text, th_.dp(2.5f));
    dl_->AddLine(ImVec2(xc - xa, cy + xa), ImVec2(xc + xa, cy - xa), c_.key_text, th_.dp(2.5f));
}

void ViewFrame::radio(ImVec2 centre, bool selected) {
    const float radius = th_.dp(20);
    dl_->AddCircleFilled(centre, radius, c_.background, 32);
    dl_->AddCircle(centre, radius - th_.dp(1.5f), c_.text, 32, th_.dp(3));
    if (selected) dl_->AddCircleFilled(centre, th_.dp(10), c_.text, 32);
}

void ViewFrame::checkbox(const Rect& box, bool ticked) {
    dl_->AddRectFilled(box.min(), box.max(), c_.background);
    dl_->AddRect(box.min(), box.max(), c_.text, 0, 0, th_.dp(3));
    if (ticked) {
        // A tick as GOV.UK draws it: short stroke down-right, long stroke up-right.
        const ImVec2 pts[3] = {{box.x + box.w * 0.22f, box.y + box.h * 0.52f},
                               {box.x + box.w * 0.42f, box.y + box.h * 0.72f},
                               {box.x + box.w * 0.80f, box.y + box.h * 0.28f}};
        dl_->AddPolyline(pts, 3, c_.text, ImDrawFlags_None, th_.dp(4.5f));
    }
}

float ViewFrame::choice_row(float y, const Choice& choice, bool selected, bool multiple, std::string id, float x,
                            float w) {
    const float pad = th_.dp(14);
    const float mark = th_.dp(40);
    const float tx = x + pad + mark + th_.dp(16);
    const float wrap = x + w - tx - pad;
    const text::Style label_style{text::Face::body, c_.text, wrap};
    const ImVec2 label_size = text::measure(choice.label, label_style);
    float text_h = label_size.y;
    ImVec2 hint_size{0, 0};
    if (!choice.hint.empty()) {
        hint_size = text::measure(choice.hint, {text::Face::body, c_.secondary_text, wrap});
        text_h += th_.dp(4) + hint_size.y;
    }
    const float h = std::max(th_.touch() + th_.dp(8), text_h + 2 * pad);
    const Rect r{x, y, w, h};
    const bool down = held(r, content_area_);
    if (selected) dl_->AddRectFilled(r.min(), r.max(), c_.selected_fill);
    if (down) dl_->AddRectFilled(r.min(), r.max(), c_.row_pressed);
    dl_->AddRect(r.min(), r.max(), selected ? c_.text : c_.border, 0, 0,
                 selected ? th_.outline() : th_.dp(th_.high_contrast ? 2.0f : 1.0f));
    const float cy = y + std::max(pad + mark * 0.5f, h * 0.5f - (text_h - label_size.y) * 0.5f);
    if (multiple)
        checkbox(Rect{x + pad, cy - mark * 0.5f, mark, mark}, selected);
    else
        radio(ImVec2(x + pad + mark * 0.5f, cy), selected);
    const float ty = std::round(y + (h - text_h) * 0.5f);
    put(choice.label, text::Face::body, c_.text, tx, ty, wrap);
    if (!choice.hint.empty())
        put(choice.hint, text::Face::body, c_.secondary_text, tx, ty + label_size.y + th_.dp(4), wrap);
    Item item{std::move(id), std::string(choice.label), multiple ? ItemKind::check : ItemKind::choice};
    item.selected = selected;
    record(item, r, content_area_);
    if (tap(r, content_area_)) emit(multiple ? Intent{Toggle{choice.id}} : Intent{Choose{choice.id}});
    return h;
}

float ViewFrame::text_field(float y0, const TextFieldSpec& spec) {
    const auto err_it = st_.field_errors.find(spec.field);
    const bool has_error = err_it != st_.field_errors.end() && !err_it->second.empty();
    const std::string error_text = has_error ? T(err_it->second) : std::string();
    const float indent = has_error ? th_.dp(20) : 0.0f;
    const float x = x0_ + indent;
    const float w = cw_ - indent;
    float y = y0;
    // A single field whose label repeats the heading is labelled by the heading (GOV.UK pattern).
    if (!spec.label.empty() && spec.label != content_.heading) {
        y += put(spec.label, text::Face::body_bold, c_.text, x, y, w) + th_.dp(6);
    }
    if (!spec.hint.empty()) y += put(spec.hint, text::Face::body, c_.secondary_text, x, y, w) + th_.dp(6);
    if (has_error) {
        note("error-" + std::string(field_id(spec.field)), error_text, text::Face::body_bold, x, y, w);
        y += put(error_text, text::Face::body_bold, c_.error, x, y, w) + th_.dp(6);
    }

    const std::string& value = text_of(st_, spec.field);
    const bool focused = st_.focus == spec.field;
    const float pad = th_.dp(12);
    text::Style style{text::Face::body, c_.text, w - 2 * pad};
    style.typed = true;   // people's text: its direction from its first strong letter
    style.align = f_.right_to_left ? text::Align::right : text::Align::left;
    const text::Layout lay = text::layout(value, style);
    const float min_h = spec.multiline ? std::max(th_.touch(), text::line_height(text::Face::body) * 4 + 2 * pad)
                                       : th_.touch();
    const float h = std::max(min_h, lay.size.y + 2 * pad);
    const Rect box{x, y, w, h};
    if (focused) {
        // GOV.UK focus: a thick yellow outline around a thick black border.
        const float o = th_.outline();
        dl_->AddRectFilled(ImVec2(box.x - o, box.y - o), ImVec2(box.right() + o, box.bottom() + o), c_.focus);
    }
    dl_->AddRectFilled(box.min(), box.max(), c_.background);
    const float border = th_.dp(focused || has_error ? 4.0f : 2.0f);
    dl_->AddRect(box.min(), box.max(), has_error && !focused ? c_.error : c_.input_border, 0, 0, border);
    // The text block fills the box's inner width; `origin` is its real top-left (mirrored or not).
    const float inner_w = w - 2 * pad;
    const ImVec2 origin(f_.right_to_left ? W_ - (x + pad) - inner_w : x + pad, y + pad);
    unmirrored([&] { text::draw(dl_, origin, value, style); });
    if (focused) {
        const float lh = text::line_height(text::Face::body);
        const std::size_t caret_at = caret_of(st_, spec.field);
        const ImVec2 c = text::caret_position(value, style, caret_at);
        unmirrored([&] {
            const ImVec2 top(origin.x + c.x - th_.dp(1), origin.y + c.y + lh * 0.1f);
            dl_->AddRectFilled(top, ImVec2(top.x + th_.dp(3), top.y + lh * 0.8f), c_.text);
        });
        // The caret's line and the bottom of the box: what typing must keep in sight.
        const float caret_top = std::max(y0, y + pad + c.y - pad);
        focused_rect_ = Rect{box.x, caret_top, box.w, box.bottom() + th_.dp(8) - caret_top};
        have_focused_rect_ = true;
    }
    Item item{"field-" + std::string(field_id(spec.field)),
              std::string(spec.label.empty() ? content_.heading : spec.label), ItemKind::field};
    item.selected = focused;
    item.filled = !value.empty();
    record(item, box, content_area_);
    if (tap(box, content_area_)) {
        if (!focused) emit(FocusField{spec.field});
        // The caret goes to the grapheme nearest the finger (in real coordinates, like the text).
        const ImVec2 p = f_.pointer.release_pos;
        const ImVec2 real(f_.right_to_left ? W_ - p.x : p.x, p.y);
        emit(PlaceCaret{spec.field, text::hit_test(value, style, ImVec2(real.x - origin.x, real.y - origin.y))});
    }
    if (has_error)
        dl_->AddRectFilled(ImVec2(x0_, y0), ImVec2(x0_ + th_.dp(5), box.bottom()), c_.error);
    field_places_.push_back(FieldPlace{spec.field, Rect{x0_, y0, cw_, box.bottom() + th_.dp(8) - y0}, has_error});
    return box.bottom() - y0;
}

float ViewFrame::error_summary(float y0) {
    std::vector<std::string> lines;
    for (const Message& m : st_.error_summary) lines.push_back(T(m));
    if (st_.screen == Screen::check_answers && !st_.store_error.empty()) lines.push_back(T(st_.store_error));
    if (lines.empty()) return 0.0f;
    const float pad = th_.dp(20);
    const float border = th_.dp(5);
    const float wrap = cw_ - 2 * (pad + border);
    float h = text::measure(T(text_error_summary_title()), {text::Face::body_bold, 0, wrap}).y + th_.dp(12);
    for (std::string_view l : lines) h += text::measure(l, {text::Face::body_bold, 0, wrap}).y + th_.dp(6);
    h += 2 * (pad + border);
    const Rect r{x0_, y0, cw_, h};
    dl_->AddRect(ImVec2(r.x + border * 0.5f, r.y + border * 0.5f),
                 ImVec2(r.right() - border * 0.5f, r.bottom() - border * 0.5f), c_.error, 0, 0, border);
    float y = y0 + border + pad;
    const float x = x0_ + border + pad;
    y += put(T(text_error_summary_title()), text::Face::body_bold, c_.text, x, y, wrap) + th_.dp(12);
    for (std::size_t i = 0; i < lines.size(); ++i) {
        note("error-summary-" + std::to_string(i + 1), lines[i], text::Face::body_bold, x, y, wrap);
        y += put(lines[i], text::Face::body_bold, c_.error, x, y, wrap) + th_.dp(6);
    }
    return h + th_.dp(24);
}

// An upward arrow: the shift symbol on every keyboard.
void ViewFrame::shift_icon(const Rect& r, bool on) {
    const ImU32 col = on ? c_.focus_text : c_.key_text;
    const float cx = r.x + r.w * 0.5f, cy = r.y + r.h * 0.5f, a = th_.dp(12);
    const ImVec2 pts[7] = {{cx, cy - a},           {cx + a, cy},         {cx + a * 0.45f, cy},
                           {cx + a * 0.45f, cy + a}, {cx - a * 0.45f, cy + a}, {cx - a * 0.45f, cy},
                           {cx - a, cy}};
    dl_->AddPolyline(pts, 7, col, ImDrawFlags_Closed, th_.dp(2.5f));
}

bool ViewFrame::key(const Rect& r, std::string_view label, std::string id, bool selected, bool enabled) {
    const bool down = enabled && held(r, keyboard_shown_ && r.y >= keyboard_.y ? keyboard_ : content_area_);
    ImU32 fill = down || selected ? c_.key_pressed : c_.key;
    if (!enabled) fill = with_alpha(fill, 0.45f);
    dl_->AddRectFilled(r.min(), r.max(), fill, th_.dp(6));
    dl_->AddRect(r.min(), r.max(), th_.high_contrast ? c_.text : c_.border, th_.dp(6), 0,
                 th_.dp(th_.high_contrast ? 2.0f : 1.0f));
    if (!label.empty()) {
        // A label too wide for its key in bold is drawn in the regular face, which is narrower.
        text::Face face = text::Face::body_bold;
        ImVec2 size = text::measure(label, {face});
        if (size.x > r.w - th_.dp(8)) {
            face = text::Face::body;
            size = text::measure(label, {face});
        }
        put(label, face, selected && th_.high_contrast ? c_.focus_text : c_.key_text,
            std::round(r.x + (r.w - size.x) * 0.5f), std::round(r.y + (r.h - size.y) * 0.5f), 0);
    }
    const Rect& clip = keyboard_shown_ && r.y >= keyboard_.y ? keyboard_ : content_area_;
    Item item{std::move(id), std::string(label), ItemKind::key};
    item.selected = selected;
    item.enabled = enabled;
    record(item, r, clip);
    return enabled && tap(r, clip);
}

// ---- screens --------------------------------------------------------------------------------------

float ViewFrame::heading_block(float y0, bool with_progress) {
    float y = y0;
    if (with_progress) {
        const Progress p = progress(st_);
        if (p.m > 0) {
            const std::string caption = fill_placeholders(
                T(text_question_n_of_m()), {{"n", std::to_string(p.n)}, {"m", std::to_string(p.m)}});
            y += put(caption, text::Face::body, c_.secondary_text, x0_, y, cw_) + th_.dp(6);
        }
    }
    y += error_summary(y);
    std::string heading(content_.heading);
    if (is_optional(st_.screen)) {
        heading += ' ';
        heading += T(text_optional());
    }
    const float heading_h = put(heading, text::Face::heading, c_.text, x0_, y, cw_);
    note("heading", heading, text::Face::heading, x0_, y, cw_);
    y += heading_h + th_.dp(16);
    if (!content_.hint.empty()) {
        note("hint", content_.hint, text::Face::body, x0_, y, cw_);
        y += put(content_.hint, text::Face::body, c_.secondary_text, x0_, y, cw_) + th_.dp(20);
    }
    return y - y0;
}

// Read aloud: a button at the top of every screen's content (BRIEF §8). A language without a
// voice says so instead (never another language's voice); a failed attempt says to ask staff.
float ViewFrame::read_aloud_row(float y0) {
    if (st_.screen == Screen::neutral) return 0.0f;   // the neutral screen shows nothing of the service
    const ReadAloudStatus& ra = f_.read_aloud;
    if (!ra.available) {
        const std::string note_text = T(keys::read_aloud_unavailable);
        note("read-aloud-unavailable", note_text, text::Face::body, x0_, y0, cw_);
        const float h = put(note_text, text::Face::body, c_.secondary_text, x0_, y0, cw_);
        return h + th_.dp(16);
    }
    const std::string label = T(ra.speaking ? keys::stop_reading : keys::read_aloud);
    const float icon = th_.dp(28);
    const float w = text::measure(label, {text::Face::body_bold}).x + icon + th_.dp(48);
    const Rect r{x0_, y0, w, th_.touch()};
    const bool down = held(r, content_area_);
    dl_->AddRectFilled(ImVec2(r.x, r.y + th_.dp(4)), ImVec2(r.right(), r.bottom() + th_.dp(4)), c_.border);
    dl_->AddRectFilled(r.min(), r.max(), down || ra.speaking ? c_.key_pressed : c_.secondary_button);
    if (th_.high_contrast) dl_->AddRect(r.min(), r.max(), c_.text, 0, 0, th_.dp(2));
    // A loudspeaker: a small box, its cone, and two sound waves (stop: a square instead of waves).
    const ImU32 col = c_.secondary_button_text;
    const float cx = r.x + th_.dp(16), cy = r.y + r.h * 0.5f, a = icon * 0.5f;
    dl_->AddRectFilled(ImVec2(cx, cy - a * 0.35f), ImVec2(cx + a * 0.5f, cy + a * 0.35f), col);
    dl_->AddTriangleFilled(ImVec2(cx + a * 0.3f, cy), ImVec2(cx + a * 1.1f, cy - a * 0.8f), ImVec2(cx + a * 1.1f, cy + a * 0.8f), col);
    if (ra.speaking) {
        dl_->AddRectFilled(ImVec2(cx + a * 1.35f, cy - a * 0.4f), ImVec2(cx + a * 2.1f, cy + a * 0.4f), col);
    } else {
        dl_->PathArcTo(ImVec2(cx + a * 1.1f, cy), a * 0.55f, -0.9f, 0.9f, 12);
        dl_->PathStroke(col, 0, th_.dp(2.5f));
        dl_->PathArcTo(ImVec2(cx + a * 1.1f, cy), a * 0.95f, -0.9f, 0.9f, 12);
        dl_->PathStroke(col, 0, th_.dp(2.5f));
    }
    put(label, text::Face::body_bold, col, r.x + icon + th_.dp(28),
        r.y + (r.h - text::line_height(text::Face::body_bold)) * 0.5f, 0);
    Item item{"read-aloud", label, ItemKind::button};
    item.selected = ra.speaking;
    record(item, r, content_area_);
    if (tap(r, content_area_))
        v_.read_aloud_request_ = ReadAloudRequest{ra.speaking, ra.speaking ? std::vector<ReadAloudPart>{} : screen_script()};
    float h = r.h + th_.dp(4) + th_.dp(20);
    if (!ra.problem.empty()) {
        const std::string problem = T(keys::read_aloud_failed);
        note("read-aloud-problem", problem, text::Face::body_bold, x0_, y0 + h, cw_);
        h += put(problem, text::Face::body_bold, c_.error, x0_, y0 + h, cw_) + th_.dp(12);
    }
    return h;
}

// What read aloud says: the words the screen shows, in reading order — never what a person typed
// (they may be overheard), so answers typed on check answers are left out too.
std::vector<ReadAloudPart> ViewFrame::screen_script() const {
    std::string out;
    std::vector<ReadAloudPart> parts;
    const auto say = [&out](std::string_view s) {
        if (s.empty()) return;
        if (!out.empty()) out += "\n";
        out += s;
    };
    for (const Message& m : st_.error_summary) say(T(m));
    switch (st_.screen) {
    case Screen::language:
        // Each language's name in its own voice, so a person who cannot read hears theirs.
        say(content_.heading);
        parts.push_back({st_.session_language, std::move(out)});
        out.clear();
        for (const LanguageOption& o : languages()) parts.push_back({o.code, o.native_name});
        break;
    case Screen::check_answers:
        say(content_.heading);
        say(content_.hint);
        for (const AnswerRow& row : check_answer_rows(st_, t_)) say(row.question);
        break;
    case Screen::confirmation:
        say(content_.heading);
        say(T(text_your_reference()));
        say(st_.reference);
        say(content_.hint);
        say(T(text_noted_reference()));
        for (const ConfirmationBlock& p : confirmation_paragraphs(st_, t_)) say(p.text);
        break;
    default:
        say(content_.heading);
        say(content_.hint);
        if (!st_.question_error.empty()) say(T(st_.question_error));
        for (const Choice& c : content_.choices) {
            say(c.legend);
            say(c.label);
            say(c.hint);
        }
        for (const TextFieldSpec& f : content_.fields) {
            say(f.label);
            say(f.hint);
        }
        break;
    }
    say(content_.continue_label);
    if (!out.empty()) parts.push_back({st_.session_language, std::move(out)});
    return parts;
}

float ViewFrame::screen_question(float y0) {
    float y = y0 + heading_block(y0, true);
    // A problem with the choices (nothing chosen, a consent not answered) sits above them with the
    // red bar, as GOV.UK does for radios.
    const bool choice_error = !content_.choices.empty() && !st_.question_error.empty();
    const float cy0 = y;
    const float indent = choice_error ? th_.dp(20) : 0.0f;
    if (choice_error)
        y += put(T(st_.question_error), text::Face::body_bold, c_.error, x0_ + indent, y, cw_ - indent) + th_.dp(8);
    for (const Choice& choice : content_.choices) {
        if (!choice.legend.empty()) {
            // A question of its own on this screen: its heading, then its own radio group.
            if (&choice != &content_.choices.front()) y += th_.dp(18);
            y += put(choice.legend, text::Face::body_bold, c_.text, x0_ + indent, y, cw_ - indent) + th_.dp(10);
        }
        y += choice_row(y, choice, is_chosen(st_, choice.id), content_.multiple, automation_id::choice(choice.id),
                        x0_ + indent, cw_ - indent) +
             th_.dp(10);
    }
    if (choice_error) dl_->AddRectFilled(ImVec2(x0_, cy0), ImVec2(x0_ + th_.dp(5), y - th_.dp(10)), c_.error);
    if (content_.choices.empty() && !st_.question_error.empty())
        y += put(T(st_.question_error), text::Face::body_bold, c_.error, x0_, y, cw_) + th_.dp(12);
    if (!content_.choices.empty() && !content_.fields.empty()) y += th_.dp(14);
    for (const TextFieldSpec& field : content_.fields) y += text_field(y, field) + th_.dp(24);
    return y - y0;
}

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
        heights[i] = std::max(th_.touch() + th_.dp(8), text::measure(options[i].native_name, name_style).y + 2 * pad);
    if (two_columns)
        for (std::size_t i = 0; i + 1 < options.size(); i += 2) heights[i] = heights[i + 1] = std::max(heights[i], heights[i + 1]);
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
        dl_->AddRect(r.min(), r.max(), th_.high_contrast ? c_.text : c_.border, 0, 0, th_.dp(2));
        put(name, text::Face::body_bold, c_.link, x + pad, std::round(row_y + (h - text::measure(name, name_style).y) * 0.5f),
            col_w - 2 * pad);
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
        checkbox(Rect{tx + th_.dp(12), y + (th_.touch() - th_.dp(34)) * 0.5f, th_.dp(34), th_.dp(34)}, on);
        put(label, text::Face::body_bold, c_.secondary_button_text, tx + th_.dp(60),
              y + (th_.touch() - text::line_height(text::Face::body_bold)) * 0.5f, 0);
        Item item{std::string(toggles[i].first), label, ItemKind::check};
        item.selected = on;
        record(item, r, content_area_);
        if (tap(r, content_area_)) {
            DisplayModes m = v_.modes_;
            if (i == 0) m.larger_text = !m.larger_text;
            else m.high_contrast = !m.high_contrast;
            v_.display_request_ = m;
        }
        tx += w + th_.dp(16);
    }
    y += th_.touch();
    return y - y0;
}

float ViewFrame::screen_check_answers(float y0) {
    float y = y0 + heading_block(y0, false);
    const std::vector<AnswerRow> rows = check_answer_rows(st_, t_);
    const bool columns = cw_ >= th_.dp(640);
    const float gap = th_.dp(20);
    const float change_w = text::measure(T(text_change()), {text::Face::body_bold}).x + th_.dp(24);
    const float q_w = columns ? std::round((cw_ - change_w - 2 * gap) * 0.45f) : cw_ - change_w - gap;
    const float a_w = columns ? cw_ - change_w - 2 * gap - q_w : cw_ - change_w - gap;
    std::map<std::string, int> seen;   // a screen with several rows gets -2, -3 … on its id
    dl_->AddLine(ImVec2(x0_, y), ImVec2(x0_ + cw_, y), c_.border, th_.dp(1));
    for (const AnswerRow& row : rows) {
        const float pad = th_.dp(14);
        const float qh = text::measure(row.question, {text::Face::body_bold, 0, q_w}).y;
        const std::string_view answer = row.answer.empty() ? T(text_not_given()) : std::string_view(row.answer);
        const float ah = text::measure(answer, {text::Face::body, 0, a_w}).y;
        const float content_h = columns ? std::max(qh, ah) : qh + th_.dp(6) + ah;
        const float h = std::max(th_.touch() + th_.dp(8), content_h + 2 * pad);
        put(row.question, text::Face::body_bold, c_.text, x0_, y + pad, q_w);
        if (columns)
            put(answer, text::Face::body, row.answer.empty() ? c_.secondary_text : c_.text, x0_ + q_w + gap,
                  y + pad, a_w);
        else
            put(answer, text::Face::body, row.answer.empty() ? c_.secondary_text : c_.text, x0_,
                  y + pad + qh + th_.dp(6), a_w);
        std::string id = "change-" + std::string(screen_id(row.change_to));
        if (const int n = ++seen[id]; n > 1) id += "-" + std::to_string(n);
        // "Change" sits on the question's first line; its touch target is the full finger height.
        const float lh = text::line_height(text::Face::body_bold);
        const float link_y = std::max(y + th_.dp(4), y + pad + lh * 0.5f - th_.touch() * 0.5f);
        if (link(x0_ + cw_ - change_w + th_.dp(8), link_y, T(text_change()), id, content_area_))
            emit(ChangeAnswer{row.change_to});
        y += h;
        dl_->AddLine(ImVec2(x0_, y), ImVec2(x0_ + cw_, y), c_.border, th_.dp(1));
    }
    return y - y0 + th_.dp(24);
}

float ViewFrame::screen_confirmation(float y0) {
    float y = y0;
    // The green panel: what happened, and the reference, large.
    const float pad = th_.dp(28);
    const float wrap = cw_ - 2 * pad;
    const ImVec2 hs = text::measure(content_.heading, {text::Face::heading, 0, wrap});
    const ImVec2 ls = text::measure(T(text_your_reference()), {text::Face::body, 0, wrap});
    const ImVec2 rs = text::measure(st_.reference, {text::Face::display, 0, wrap});
    const float h = pad + hs.y + th_.dp(16) + ls.y + th_.dp(8) + rs.y + pad;
    dl_->AddRectFilled(ImVec2(x0_, y), ImVec2(x0_ + cw_, y + h), c_.panel);
    if (th_.high_contrast) dl_->AddRect(ImVec2(x0_, y), ImVec2(x0_ + cw_, y + h), c_.panel_text, 0, 0, th_.dp(4));
    float py = y + pad;
    put(content_.heading, text::Face::heading, c_.panel_text, x0_ + (cw_ - hs.x) * 0.5f, py, wrap);
    note("heading", content_.heading, text::Face::heading, x0_ + (cw_ - hs.x) * 0.5f, py, wrap);
    py += hs.y + th_.dp(16);
    put(T(text_your_reference()), text::Face::body, c_.panel_text, x0_ + (cw_ - ls.x) * 0.5f, py, wrap);
    py += ls.y + th_.dp(8);
    const Rect ref{x0_ + (cw_ - rs.x) * 0.5f, py, rs.x, rs.y};
    put(st_.reference, text::Face::display, c_.panel_text, ref.x, ref.y, wrap);
    // Listed for tests, which must read the reference a person is shown; nothing to tap.
    Item ref_item{"reference", st_.reference, ItemKind::button};
    ref_item.enabled = false;
    record(ref_item, ref, content_area_);
    y += h + th_.dp(24);
    if (!content_.hint.empty()) y += put(content_.hint, text::Face::body, c_.text, x0_, y, cw_) + th_.dp(16);

    // "I have noted my reference", right under the reference it is about: Finish needs it (BRIEF §4).
    const std::string noted_label = T(text_noted_reference());
    const float cy0 = y;
    const float indent = st_.question_error.empty() ? 0.0f : th_.dp(20);
    if (!st_.question_error.empty())
        y += put(T(st_.question_error), text::Face::body_bold, c_.error, x0_ + indent, y, cw_ - indent) + th_.dp(8);
    const float pad_row = th_.dp(14);
    const float mark = th_.dp(40);
    const float tw = cw_ - indent - mark - 3 * pad_row;
    const float lh = text::measure(noted_label, {text::Face::body_bold, 0, tw}).y;
    const float rh = std::max(th_.touch() + th_.dp(8), lh + 2 * pad_row);
    const Rect r{x0_ + indent, y, cw_ - indent, rh};
    const bool down = held(r, content_area_);
    if (st_.noted_reference) dl_->AddRectFilled(r.min(), r.max(), c_.selected_fill);
    if (down) dl_->AddRectFilled(r.min(), r.max(), c_.row_pressed);
    dl_->AddRect(r.min(), r.max(), st_.noted_reference ? c_.text : c_.border, 0, 0,
                 st_.noted_reference ? th_.outline() : th_.dp(2));
    checkbox(Rect{r.x + pad_row, y + (rh - mark) * 0.5f, mark, mark}, st_.noted_reference);
    put(noted_label, text::Face::body_bold, c_.text, r.x + 2 * pad_row + mark, y + (rh - lh) * 0.5f, tw);
    Item item{"noted", std::string(noted_label), ItemKind::check};
    item.selected = st_.noted_reference;
    record(item, r, content_area_);
    if (tap(r, content_area_)) emit(NotedReference{!st_.noted_reference});
    y += rh;
    if (!st_.question_error.empty()) dl_->AddRectFilled(ImVec2(x0_, cy0), ImVec2(x0_ + th_.dp(5), y), c_.error);
    y += th_.dp(28);

    for (const ConfirmationBlock& p : confirmation_paragraphs(st_, t_)) {
        const bool heading = p.subheading;
        if (heading) y += th_.dp(8);
        y += put(p.text, heading ? text::Face::body_bold : text::Face::body, c_.text, x0_, y, cw_) + th_.dp(heading ? 8 : 16);
    }
    return y - y0;
}

float ViewFrame::screen_staff_pin(float y0) {
    float y = y0 + heading_block(y0, false);
    const std::string& pin = text_of(st_, Field::staff_pin);
    const std::size_t n = text::code_points(pin);
    const auto err = st_.field_errors.find(Field::staff_pin);
    const bool has_error = err != st_.field_errors.end() && !err->second.empty();
    const std::string error_text = has_error ? T(err->second) : std::string();
    // Keys of the touch minimum (15 mm) with small gaps, so the keypad, the PIN and the error
    // (summary and message) fit above the bottom bar on a 1280x800 screen.
    const float key_w = th_.dp(110), key_h = th_.touch(), gap = th_.dp(10);
    const float pad_w = 3 * key_w + 2 * gap;
    // The error message goes beside the PIN box when there is room (it is short), else above it:
    // the summary above already says it, so this costs no height on a wide screen.
    const float beside_x = x0_ + pad_w + th_.dp(24);
    const float beside_w = x0_ + cw_ - beside_x;
    const bool beside = has_error && beside_w >= th_.dp(200) &&
                        text::measure(error_text, {text::Face::body_bold, 0, beside_w}).y <= th_.touch();
    if (has_error && !beside)
        y += put(error_text, text::Face::body_bold, c_.error, x0_, y, cw_) + th_.dp(8);
    // The PIN as dots: how many digits, never which.
    const Rect box{x0_, y, pad_w, th_.touch()};
    if (beside) {
        const float eh = text::measure(error_text, {text::Face::body_bold, 0, beside_w}).y;
        put(error_text, text::Face::body_bold, c_.error, beside_x, y + (box.h - eh) * 0.5f, beside_w);
    }
    const bool focused = st_.focus == Field::staff_pin;
    if (focused) {
        const float o = th_.outline();
        dl_->AddRectFilled(ImVec2(box.x - o, box.y - o), ImVec2(box.right() + o, box.bottom() + o), c_.focus);
    }
    dl_->AddRectFilled(box.min(), box.max(), c_.background);
    dl_->AddRect(box.min(), box.max(), has_error && !focused ? c_.error : c_.input_border, 0, 0,
                 th_.dp(focused || has_error ? 4.0f : 2.0f));
    for (std::size_t i = 0; i < n && i < 16; ++i)
        dl_->AddCircleFilled(ImVec2(box.x + th_.dp(28) + static_cast<float>(i) * th_.dp(30), box.y + box.h * 0.5f),
                             th_.dp(9), c_.text, 20);
    Item field{"field-" + std::string(field_id(Field::staff_pin)), std::string(content_.fields.empty() ? std::string_view("PIN") : content_.fields.front().label), ItemKind::field};
    field.selected = focused;
    field.filled = n > 0;
    record(field, box, content_area_);
    if (tap(box, content_area_) && !focused) emit(FocusField{Field::staff_pin});
    y += box.h + th_.dp(20);
    // Numeric keypad, telephone layout.
    static constexpr std::array<std::string_view, 12> keys{"1", "2", "3", "4", "5", "6", "7", "8", "9", "", "0", "<"};
    for (std::size_t i = 0; i < keys.size(); ++i) {
        if (keys[i].empty()) continue;
        const float kx = x0_ + static_cast<float>(i % 3) * (key_w + gap);
        const float ky = y + static_cast<float>(i / 3) * (key_h + gap);
        const Rect r{kx, ky, key_w, key_h};
        const bool back = keys[i] == "<";
        if (key(r, back ? "" : keys[i], back ? "pin-backspace" : "pin-" + std::string(keys[i]), false)) {
            if (!focused) emit(FocusField{Field::staff_pin});
            if (back) emit(Backspace{});
            else emit(TypeText{std::string(keys[i])});
        }
        if (back) {
            if (items_ && !items_->empty() && items_->back().id == "pin-backspace") items_->back().label = T(keys::key_delete);
            backspace_icon(r);
        }
    }
    y += 4 * key_h + 3 * gap;
    return y - y0;
}

float ViewFrame::screen_staff_menu(float y0) {
    float y = y0 + heading_block(y0, false);
    const std::vector<Choice>& items = content_.choices;
    for (const Choice& choice : items) {
        const float pad = th_.dp(16);
        const float wrap = cw_ - 2 * pad;
        // The label, and under it the item's hint when content gives one.
        float text_h = text::measure(choice.label, {text::Face::body_bold, 0, wrap}).y;
        const float label_h = text_h;
        if (!choice.hint.empty()) text_h += th_.dp(4) + text::measure(choice.hint, {text::Face::body, 0, wrap}).y;
        const float h = std::max(th_.touch() + th_.dp(12), text_h + 2 * pad);
        const Rect r{x0_, y, cw_, h};
        const bool down = held(r, content_area_);
        dl_->AddRectFilled(r.min(), r.max(), down ? c_.key_pressed : c_.secondary_button);
        dl_->AddRect(r.min(), r.max(), c_.text, 0, 0, th_.dp(2));
        const float ty = y + (h - text_h) * 0.5f;
        put(choice.label, text::Face::body_bold, c_.secondary_button_text, x0_ + pad, ty, wrap);
        if (!choice.hint.empty())
            put(choice.hint, text::Face::body, c_.secondary_button_text, x0_ + pad, ty + label_h + th_.dp(4), wrap);
        const auto action = static_cast<StaffAction>(choice.id.value);
        record(Item{automation_id::staff_menu(action), std::string(choice.label), ItemKind::button}, r, content_area_);
        if (tap(r, content_area_)) emit(StaffChoose{action});
        y += h + th_.dp(14);
    }
    return y - y0;
}

float ViewFrame::screen_staff_status(float y0) {
    float y = y0 + heading_block(y0, false);
    const QueueSnapshot& q = st_.queue;
    if (!q.alert.empty()) {
        // Sending has stopped until staff act: say so first, in the error style.
        const float pad = th_.dp(20), b = th_.dp(5);
        const float th = text::measure(q.alert, {text::Face::body_bold, 0, cw_ - 2 * (pad + b)}).y;
        const Rect r{x0_, y, cw_, th + 2 * (pad + b)};
        dl_->AddRect(ImVec2(r.x + b * 0.5f, r.y + b * 0.5f), ImVec2(r.right() - b * 0.5f, r.bottom() - b * 0.5f),
                     c_.error, 0, 0, b);
        put(q.alert, text::Face::body_bold, c_.error, x0_ + pad + b, y + pad + b, cw_ - 2 * (pad + b));
        y += r.h + th_.dp(20);
    }
    // A bar: how the queue splits between states, so staff can see it at a glance.
    struct Part { std::string_view label; int count; ImU32 colour; };
    const std::array<Part, 5> parts{{
        {keys::bar_sent, q.acked, th_.high_contrast ? c_.text : IM_COL32(0, 112, 60, 255)},
        {keys::bar_ready, q.queued, th_.high_contrast ? c_.focus : IM_COL32(29, 112, 184, 255)},
        {keys::bar_sending, q.sending, th_.high_contrast ? c_.focus : IM_COL32(86, 148, 202, 255)},
        {keys::bar_retry, q.retry_wait, th_.high_contrast ? c_.focus : IM_COL32(244, 119, 56, 255)},
        {keys::bar_refused, q.quarantined, c_.error},
    }};
    int total = 0;
    for (const Part& p : parts) total += p.count;
    const float bar_h = th_.dp(28);
    if (total > 0) {
        float bx = x0_;
        for (const Part& p : parts) {
            if (p.count <= 0) continue;
            const float w = cw_ * static_cast<float>(p.count) / static_cast<float>(total);
            dl_->AddRectFilled(ImVec2(bx, y), ImVec2(bx + w, y + bar_h), p.colour);
            bx += w;
        }
        dl_->AddRect(ImVec2(x0_, y), ImVec2(x0_ + cw_, y + bar_h), c_.text, 0, 0, th_.dp(1));
        y += bar_h + th_.dp(10);
        // The legend: a swatch, the state and its count, for each part that is there.
        float lx = x0_;
        const float lh = text::line_height(text::Face::body);
        for (const Part& p : parts) {
            if (p.count <= 0) continue;
            const std::string label = T(p.label) + ": " + std::to_string(p.count);
            const float w = th_.dp(28) + text::measure(label, {text::Face::body}).x + th_.dp(24);
            if (lx + w > x0_ + cw_ && lx > x0_) {
                lx = x0_;
                y += lh + th_.dp(6);
            }
            dl_->AddRectFilled(ImVec2(lx, y + lh * 0.5f - th_.dp(9)), ImVec2(lx + th_.dp(18), y + lh * 0.5f + th_.dp(9)), p.colour);
            put(label, text::Face::body, c_.text, lx + th_.dp(28), y, 0);
            lx += w;
        }
        y += lh + th_.dp(16);
    }
    // The words come from the model (counts and times only); the bar above is the picture of them.
    const float key_w = std::round(cw_ * 0.6f);
    for (const StatusRow& r : staff_status_rows(st_, t_)) {
        if (!q.alert.empty() && r.value == q.alert) continue;   // already in the red box above
        const float pad = th_.dp(10);
        const float kh = text::measure(r.label, {text::Face::body_bold, 0, key_w - th_.dp(16)}).y;
        const float vh = text::measure(r.value, {text::Face::body, 0, cw_ - key_w}).y;
        put(r.label, text::Face::body_bold, c_.text, x0_, y + pad, key_w - th_.dp(16));
        put(r.value, text::Face::body, c_.text, x0_ + key_w, y + pad, cw_ - key_w);
        y += std::max(kh, vh) + 2 * pad;
        dl_->AddLine(ImVec2(x0_, y), ImVec2(x0_ + cw_, y), c_.border, th_.dp(1));
    }
    // (The rows above already say when the last contact and the oldest waiting report were.)
    y += th_.dp(20);
    // Fetch the counts again.
    const std::string check_again = T(keys::check_again);
    const float bw = text::measure(check_again, {text::Face::body_bold}).x + th_.dp(48);
    const Rect r{x0_, y, bw, th_.touch()};
    const bool down = held(r, content_area_);
    dl_->AddRectFilled(ImVec2(r.x, r.y + th_.dp(4)), ImVec2(r.right(), r.bottom() + th_.dp(4)), c_.border);
    dl_->AddRectFilled(r.min(), r.max(), down ? c_.key_pressed : c_.secondary_button);
    if (th_.high_contrast) dl_->AddRect(r.min(), r.max(), c_.text, 0, 0, th_.dp(2));
    put(check_again, text::Face::body_bold, c_.secondary_button_text, r.x + th_.dp(24),
          r.y + (r.h - text::line_height(text::Face::body_bold)) * 0.5f, 0);
    record(Item{std::string(automation_id::refresh), check_again, ItemKind::button}, r, content_area_);
    if (tap(r, content_area_)) emit(StaffChoose{StaffAction::refresh_status});
    y += r.h + th_.dp(28);
    return y - y0;
}

// ---- overlay --------------------------------------------------------------------------------------

void ViewFrame::draw_overlay() {
    dl_->AddRectFilled(ImVec2(0, 0), ImVec2(W_, H_), c_.overlay_dim);
    const float w = std::min(cw_, th_.dp(760));
    const float pad = th_.dp(32);
    const float wrap = w - 2 * pad;
    const std::int64_t left = std::max<std::int64_t>(0, st_.still_there_deadline - f_.now);
    const PluralKey hint_key = text_still_there_hint();
    const std::string hint = t_.count(hint_key.singular, hint_key.plural, static_cast<long>(left));
    const float hh = text::measure(T(text_still_there()), {text::Face::heading, 0, wrap}).y;
    const float ph = text::measure(hint, {text::Face::body, 0, wrap}).y;
    const float h = pad + hh + th_.dp(16) + ph + th_.dp(28) + th_.touch() + th_.dp(4) + pad;
    const Rect box{std::round((W_ - w) * 0.5f), std::round(std::max(top_.bottom() + th_.dp(8), (H_ - h) * 0.5f)), w, h};
    dl_->AddRectFilled(box.min(), box.max(), c_.background);
    dl_->AddRect(box.min(), box.max(), c_.text, 0, 0, th_.outline());
    float y = box.y + pad;
    y += put(T(text_still_there()), text::Face::heading, c_.text, box.x + pad, y, wrap) + th_.dp(16);
    y += put(hint, text::Face::body, c_.text, box.x + pad, y, wrap) + th_.dp(28);
    const std::string label = T(text_still_here_button());
    const float bw = std::min(wrap, text::measure(label, {text::Face::body_bold}).x + th_.dp(56));
    const Rect full{0, 0, W_, H_};
    if (primary_button(Rect{box.x + pad, y, bw, th_.touch()}, label, true, "still-here", full)) emit(StillHere{});
}

// ---- the frame ------------------------------------------------------------------------------------

// After drawing: scroll so that what the person must see next is in sight, most important first —
// a new problem (its field, or the summary at the top), a field that a choice just revealed, the
// field being typed into as it gains focus or grows.
void ViewFrame::reveal_what_matters() {
    std::string error_key = st_.question_error.english() + '\n' + st_.store_error.english();
    for (const Message& e : st_.error_summary) error_key += '\n' + e.english();
    const bool errors_changed = error_key != v_.last_error_key_;
    v_.last_error_key_ = error_key;
    const std::size_t field_count = field_places_.size();
    const bool field_revealed = field_count > v_.last_field_count_;
    v_.last_field_count_ = field_count;

    std::optional<Rect> target;
    bool to_top = false;
    if (errors_changed && error_key.size() > 2) {
        const auto it = std::find_if(field_places_.begin(), field_places_.end(), [](const FieldPlace& f) { return f.error; });
        if (it != field_places_.end()) target = it->group;
        else to_top = true;   // the problem is with the choices: the summary at the top says what to do
    } else if (field_revealed && !field_places_.empty()) {
        target = field_places_.back().group;
    } else if (have_focused_rect_) {
        const std::size_t len = text_of(st_, *st_.focus).size();
        if (v_.last_focus_ != st_.focus || v_.last_focus_length_ != len) target = focused_rect_;
    }
    if (have_focused_rect_) {
        v_.last_focus_ = st_.focus;
        v_.last_focus_length_ = text_of(st_, *st_.focus).size();
    } else {
        v_.last_focus_ = st_.focus;
        v_.last_focus_length_ = 0;
    }

    const float max_scroll = std::max(0.0f, v_.content_height_ - content_area_.h);
    float scroll = v_.scroll_;
    if (to_top) {
        scroll = 0.0f;
    } else if (target) {
        const float visible_top = content_area_.y + th_.dp(8);
        const float visible_bottom = content_area_.bottom() - th_.dp(8);
        if (target->bottom() > visible_bottom) scroll += target->bottom() - visible_bottom;
        // Taller than the view: its top (label, message) matters more than its bottom.
        const float new_top = target->y - (scroll - v_.scroll_);
        if (new_top < visible_top) scroll -= visible_top - new_top;
    }
    scroll = std::clamp(scroll, 0.0f, max_scroll);
    if (std::fabs(scroll - v_.scroll_) > 0.5f) {
        v_.scroll_ = scroll;
        v_.again_ = true;
    }
}

std::vector<Intent> ViewFrame::run() {
    layout_regions();
    dl_->AddRectFilled(ImVec2(0, 0), ImVec2(W_, H_), c_.background);
    overlay_ = st_.still_there_deadline > 0;
    blocked_ = overlay_;

    // Scrolling: a drag that started in the content area, or the wheel.
    const float max_scroll = std::max(0.0f, v_.content_height_ - content_area_.h);
    auto& g = v_.gesture_;
    if (!blocked_ && g.active && f_.pointer.down && !g.consumed && content_area_.contains(g.origin)) {
        const float dy = f_.pointer.pos.y - g.origin.y;
        if (!g.dragging && std::fabs(dy) > th_.dp(14) && max_scroll > 0) g.dragging = true;
        if (g.dragging) v_.scroll_ = std::clamp(g.scroll_at_press - dy, 0.0f, max_scroll);
    }
    if (!blocked_ && f_.pointer.wheel != 0.0f)
        v_.scroll_ = std::clamp(v_.scroll_ - f_.pointer.wheel * th_.dp(80), 0.0f, max_scroll);
    v_.scroll_ = std::clamp(v_.scroll_, 0.0f, max_scroll);

    // Content, clipped to its area and shifted by the scroll.
    dl_->PushClipRect(content_area_.min(), content_area_.max(), true);
    float top = content_area_.y + th_.dp(24) - v_.scroll_;
    const float read_aloud_h = read_aloud_row(top);
    top += read_aloud_h;
    float h = read_aloud_h;
    switch (st_.screen) {
    case Screen::language: h += screen_language(top); break;
    case Screen::check_answers: h += screen_check_answers(top); break;
    case Screen::confirmation: h += screen_confirmation(top); break;
    case Screen::staff_pin: h += screen_staff_pin(top); break;
    case Screen::staff_menu: h += screen_staff_menu(top); break;
    case Screen::staff_status: h += screen_staff_status(top); break;
    default: h += screen_question(top); break;
    }
    dl_->PopClipRect();
    // The neutral screen says "Touch the screen to start": anywhere above its button does.
    if (st_.screen == Screen::neutral && tap(Rect{0, 0, W_, bottom_.y}, Rect{0, 0, W_, bottom_.y}))
        emit(LeaveNeutral{});
    const float new_height = h + th_.dp(48);
    if (std::fabs(new_height - v_.content_height_) > 0.5f) {
        v_.content_height_ = new_height;
        v_.again_ = true;   // the scroll range changed: one more frame to clamp and show the scroll bar
    }

    reveal_what_matters();

    draw_scroll_buttons();
    draw_top_bar();
    draw_bottom_bar();
    draw_keyboard();
    if (overlay_) {
        blocked_ = false;
        draw_overlay();
    }
    // Quick exit last: on top of everything, always live (early_intent handles its press).
    if (st_.screen != Screen::neutral) {
        const Rect r = quick_exit_rect(th_, W_, T(text_quick_exit()));
        const float shadow = th_.dp(4);
        dl_->AddRectFilled(ImVec2(r.x, r.y + shadow), ImVec2(r.right(), r.bottom() + shadow),
                           th_.high_contrast ? c_.focus : IM_COL32(42, 11, 6, 255));
        dl_->AddRectFilled(r.min(), r.max(), c_.quick_exit);
        if (th_.high_contrast) dl_->AddRect(r.min(), r.max(), c_.focus, 0, 0, th_.dp(3));
        const std::string label = T(text_quick_exit());
        const ImVec2 size = text::measure(label, {text::Face::body_bold});
        put(label, text::Face::body_bold, c_.quick_exit_text, std::round(r.x + (r.w - size.x) * 0.5f),
              std::round(r.y + (r.h - size.y) * 0.5f), 0);
        if (items_) {
            Item item{"quick-exit", std::string(label), ItemKind::button};
            item.x = f_.right_to_left ? W_ - r.right() : r.x;
            item.y = r.y;
            item.w = r.w;
            item.h = r.h + shadow;
            items_->push_back(std::move(item));
        }
    }
    return std::move(out_);
}

// [SECTION] View ====================================================================================

std::optional<Intent> View::early_intent(const State& state, const FrameContext& real_frame) {
    const FrameContext frame = logical_frame(real_frame);
    const PointerInput& p = frame.pointer;
    if (p.pressed) {
        gesture_ = Gesture{true, p.press_pos, false, p.press_dismissed_overlay, scroll_};
        if (state.screen != Screen::neutral) {
            const Translator& t = frame.words != nullptr ? *frame.words : english();
            const Rect r = quick_exit_rect(theme_, frame.size.x, t(text_quick_exit()));
            const Rect with_shadow{r.x, r.y, r.w, r.h + theme_.dp(4)};
            if (with_shadow.contains(p.press_pos)) {
                gesture_.consumed = true;   // its release must not tap what the neutral screen shows there
                return QuickExit{};
            }
        }
    }
    return std::nullopt;
}

std::vector<Intent> View::draw(const State& state, const FrameContext& real_frame, ImDrawList* list,
                               std::vector<Item>* items) {
    const FrameContext frame = logical_frame(real_frame);
    again_ = false;
    if (last_screen_ != state.screen) {
        scroll_ = 0.0f;
        content_height_ = 0.0f;
        if (keyboard_) keyboard_->reset();
        keyboard_field_.reset();
        last_screen_ = state.screen;
        last_error_key_.clear();
        last_field_count_ = static_cast<std::size_t>(-1);   // the fields a screen opens with are not "revealed"

        // A gesture that began on the previous screen must not tap anything on this one.
        if (gesture_.active) gesture_.consumed = true;
    }
    keep_.clear();
    const int first_vertex = list->VtxBuffer.Size;
    const int first_command = list->CmdBuffer.Size - 1;
    ViewFrame f(*this, state, frame, list, items);
    std::vector<Intent> intents = f.run();
    if (frame.right_to_left) mirror_draw_list(list, frame.size.x, first_vertex, first_command, keep_);
    if (frame.pointer.released) gesture_ = Gesture{};
    return intents;
}

std::vector<std::string> View::take_problems() { return std::exchange(problems_, {}); }

std::optional<ReadAloudRequest> View::take_read_aloud_request() {
    std::optional<ReadAloudRequest> r = std::move(read_aloud_request_);
    read_aloud_request_.reset();
    return r;
}

std::optional<DisplayModes> View::take_display_request() {
    std::optional<DisplayModes> r = display_request_;
    display_request_.reset();
    return r;
}

void View::wipe() {
    gesture_ = Gesture{};
    scroll_ = 0.0f;
    content_height_ = 0.0f;
    // The keyboard's layouts stay loaded (they hold nothing of the person); its state goes.
    keyboard_.reset();
    keyboard_language_.clear();
    keyboard_field_.reset();
    english_letters_ = false;
    corner_taps_.clear();
    last_screen_.reset();
    last_focus_.reset();
    last_focus_length_ = 0;
    last_error_key_.clear();
    last_field_count_ = 0;
    display_request_.reset();
    read_aloud_request_.reset();
}

// [SECTION] startup failure =========================================================================

void draw_startup_failure(ImDrawList* list, ImVec2 size, const Theme& th, std::string_view message, int code,
                          const Translator& t) {
    const Colours& c = th.c;
    list->AddRectFilled(ImVec2(0, 0), size, c.background);
    const float margin = th.dp(48);
    const float w = std::min(size.x - 2 * margin, th.dp(1100));
    const float x = std::round((size.x - w) * 0.5f);
    float y = th.dp(64);
    // For the public first (they may be in front of it), then for staff: what is wrong and the fix.
    const auto put = [&](std::string_view s, text::Face face, ImU32 colour) {
        y += text::draw(list, ImVec2(x, y), s, text::Style{face, colour, w}).y;
    };
    put(t(keys::broken_heading), text::Face::heading, c.text);
    y += th.dp(16);
    put(t(keys::broken_text), text::Face::body, c.text);
    y += th.dp(40);
    const float box_top = y;
    y += th.dp(24);
    const float inner = th.dp(28);
    const float saved_x = x;
    const auto put_in = [&](std::string_view s, text::Face face, ImU32 colour) {
        y += text::draw(list, ImVec2(saved_x + inner, y), s, text::Style{face, colour, w - 2 * inner}).y;
    };
    put_in(t(keys::broken_for_staff), text::Face::body_bold, c.text);
    y += th.dp(8);
    put_in(message, text::Face::body, c.text);
    y += th.dp(12);
    put_in(fill_placeholders(t(keys::broken_error_code), {{"code", std::to_string(code)}}), text::Face::body,
           c.secondary_text);
    y += th.dp(24);
    list->AddRectFilled(ImVec2(x, box_top), ImVec2(x + th.dp(8), y), c.error);
}

} // namespace hrc::kiosk
