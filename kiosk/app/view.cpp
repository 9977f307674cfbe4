// kiosk/app/view.cpp — see view.h. The frame of every screen, drawn immediately from State; the
// parts of one frame are spread over the files listed in view_frame.h.
//
// [SECTION] right-to-left: the mirrored frame
// [SECTION] regions: top bar, content (scrolls), bottom bar, keyboard
// [SECTION] the frame: scrolling, what to scroll into sight, drawing order
// [SECTION] View

#include "view.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <utility>

#include "every_language.h"
#include "layout_rules.h"
#include "view_frame.h"

namespace hrc::kiosk {

namespace {

// [SECTION] right-to-left: the mirrored frame =====================================================
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
        while (k < keep.size() && keep[k].end <= i)
            ++k;
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

} // namespace

// [SECTION] regions: top bar, content (scrolls), bottom bar, keyboard =============================

// The reading column of a window (layout_rules.h): every screen's content, and Back above it.
Span column_of(const Theme& th, float window_w) {
    return reading_column(window_w, th.dp(24), th.dp(960));
}

TopBar top_bar(const Theme& th, float window_w, const State& state, const Translator& words) {
    TopBar bar;
    const float row_y = th.dp(12);
    float left_end = 0.0f;
    if (shows_back(state)) {
        // Back, top-left over the reading column, with the target as tall as a finger.
        const float w = text::measure(words(text_back()), {text::Face::body_bold}).x;
        const float chevron = std::round(text::line_height(text::Face::body_bold) * 0.45f);
        bar.back = true;
        bar.back_rect =
            Rect{column_of(th, window_w).x - th.dp(8), row_y, w + chevron + th.dp(32), th.touch()};
        left_end = bar.back_rect.right();
    }
    bar.corner = staff_corner_active(state);
    bar.corner_rect = Rect{0, 0, th.dp(120), row_y + th.touch()};
    if (bar.corner) left_end = std::max(left_end, bar.corner_rect.right());
    float quick_h = 0.0f;
    bool own_row = false;
    if (state.screen != Screen::neutral) {
        const std::string label = words(text_quick_exit());
        TopBarInput in;
        in.window_w = window_w;
        in.left_end = left_end;
        in.label_w = text::measure(label, {text::Face::body_bold}).x;
        in.padding = th.dp(48);
        in.edge = th.dp(16);
        in.gap = th.dp(16);
        in.min_text_w = th.dp(160);
        const TopBarPlace p = top_bar_place(in);
        own_row = p.own_row;
        // Wrapped, as tall as its lines need (larger text, Tamil's long words), never less than
        // a finger.
        const float text_h =
            p.wrap_w > 0.0f ? text::measure(label, {text::Face::body_bold, 0, p.wrap_w}).y : 0.0f;
        quick_h = std::max(th.touch(), text_h + th.dp(16));
        const float y = own_row ? row_y + th.touch() + th.dp(8) : row_y;
        bar.quick_exit = true;
        bar.quick_exit_rect = Rect{p.quick_exit_x, y, p.quick_exit_w, quick_h};
        bar.quick_exit_wrap = p.wrap_w;
    }
    const float first_row = th.touch();
    const float rows = own_row ? first_row + th.dp(8) + quick_h : std::max(first_row, quick_h);
    bar.height = row_y + rows + th.dp(12);
    return bar;
}

void ViewFrame::layout_regions() {
    W_ = f_.size.x;
    H_ = f_.size.y;
    const Span column = column_of(th_, W_);
    x0_ = column.x;
    cw_ = column.w;

    bar_ = top_bar(th_, W_, st_, t_);
    const float top_h = bar_.height;
    top_ = Rect{0, 0, W_, top_h};

    keyboard_shown_ = shows_keyboard(st_, content_);
    // The main button: as wide as its label, up to the window's edge; a longer label wraps and
    // the button (and the bar) grow taller.
    // (In the language of the content: the start and neutral screens turn through them.)
    in_language(language_shown_, [&] {
        main_fit_ = fit_button(text::measure(content_.continue_label, {text::Face::body_bold}).x,
                               th_.dp(56), th_.dp(220), W_ - x0_ - th_.dp(16));
        main_h_ = th_.touch();
        if (main_fit_.wrap_w > 0.0f)
            main_h_ = std::max(main_h_, text::measure(content_.continue_label,
                                                      {text::Face::body_bold, 0, main_fit_.wrap_w})
                                                .y +
                                            th_.dp(16));
    });
    const float bottom_h = shows_bottom_bar(st_, content_) ? main_h_ + th_.dp(28) : 0.0f;

    float kb_h = 0.0f;
    if (keyboard_shown_) {
        const float key_h = th_.touch();
        kb_h = 5 * key_h + 4 * th_.dp(8) + 2 * th_.dp(12); // four rows of letters, one of controls
    }
    keyboard_ = Rect{0, H_ - kb_h, W_, kb_h};
    bottom_ = Rect{0, H_ - kb_h - bottom_h, W_, bottom_h};
    const float content_top = top_h + th_.dp(4); // under the header rule
    content_area_ = Rect{0, content_top, W_, std::max(0.0f, bottom_.y - content_top)};

    // Scroll buttons: in the margin, or the column narrows for them when the content scrolled in
    // the last frame (a screen's first frame never shows them where there is no margin: its
    // content is measured first; the next frame, narrower, shows them).
    const ScrollPlace scroll = scroll_place(W_, column, th_.touch(), th_.dp(8), th_.dp(12));
    scroll_x_ = scroll.button_x;
    const bool scrolled = v_.content_height_ > content_area_.h + 1.0f;
    scroll_room_ = !scroll.narrowed || scrolled;
    if (scroll.narrowed && scrolled) cw_ = scroll.column_w;
}

// The bars need no background fill: the content is clipped to the area between them.
void ViewFrame::draw_top_bar() {
    const bool neutral = st_.screen == Screen::neutral;
    if (!neutral) {
        // The GOV.UK header's blue rule: the one mark that says "this is the reporting service".
        dl_->AddRectFilled(ImVec2(0, top_.bottom()), ImVec2(W_, top_.bottom() + th_.dp(4)),
                           c_.header_rule);
    }
    if (bar_.back) {
        // Back link, top-left, with the target as tall as a finger (top_bar()).
        const std::string label = T(text_back());
        const ImVec2 size = text::measure(label, {text::Face::body_bold});
        const float lh = text::line_height(text::Face::body_bold);
        const float chevron = std::round(lh * 0.45f); // follows the text size (larger text)
        const Rect r = bar_.back_rect;
        const bool down = held(r, top_);
        if (down) dl_->AddRectFilled(r.min(), r.max(), c_.focus);
        const ImU32 col = down ? c_.focus_text : c_.text;
        const float ty = std::round(r.y + (r.h - lh) * 0.5f);
        // The chevron's middle at the middle of the lower-case letters, not of the line box.
        const float cy = ty + lh * 0.55f;
        const float cx = r.x + th_.dp(12);
        dl_->AddLine(ImVec2(cx + chevron * 0.5f, cy - chevron * 0.5f), ImVec2(cx, cy), col,
                     th_.dp(3));
        dl_->AddLine(ImVec2(cx, cy), ImVec2(cx + chevron * 0.5f, cy + chevron * 0.5f), col,
                     th_.dp(3));
        const float tx = cx + chevron;
        put(label, text::Face::body_bold, col, tx, ty, 0);
        dl_->AddLine(ImVec2(tx, ty + lh * 0.92f), ImVec2(tx + size.x, ty + lh * 0.92f), col,
                     th_.dp(2));
        record(Item{std::string(automation_id::back), std::string(label), ItemKind::link}, r, top_);
        if (tap(r, top_)) emit(Back{});
    }
    draw_staff_corner();
}

// The discreet staff entry (screen_rules.h: where, and the five taps). Nothing is drawn.
void ViewFrame::draw_staff_corner() {
    if (!bar_.corner) return;
    const Rect corner = bar_.corner_rect;
    // Listed for the tests; nothing visible, so no label.
    record(Item{std::string(automation_id::staff_corner), "", ItemKind::button}, corner, top_);
    if (tap(corner, top_) && v_.corner_taps_.tap(f_.monotonic)) emit(StaffEntry{});
}

void ViewFrame::draw_bottom_bar() {
    if (bottom_.h <= 0) return;
    dl_->AddLine(ImVec2(0, bottom_.y), ImVec2(W_, bottom_.y), c_.border, th_.dp(1));
    if (content_.continue_label.empty()) return; // check answers, confirmation: room only
    in_language(language_shown_, [&] {
        main_button(Rect{x0_, bottom_.y + th_.dp(12), main_fit_.w, main_h_}, bottom_,
                    main_fit_.wrap_w);
        if (read_aloud_below_) {
            // The start screen's Read aloud, at the column's end (read_aloud_fits_below).
            const float w = read_aloud_button_width(
                text::measure(W()(f_.read_aloud.speaking ? keys::stop_reading : keys::read_aloud),
                              {text::Face::body_bold})
                    .x);
            (void)read_aloud_button(x0_ + cw_ - w, bottom_.y + th_.dp(12), bottom_,
                                    [this] { return read_aloud_script(st_, t_); });
        }
    });
}

float ViewFrame::main_button_width() const {
    return text::measure(content_.continue_label, {text::Face::body_bold}).x + th_.dp(56);
}

// The screen's main button (Continue, Send report, Finish, Start) at `r`: what it says and does is
// the model's main_button().
void ViewFrame::main_button(const Rect& r, const Rect& clip, float wrap) {
    const std::optional<MainButton> button = kiosk::main_button(st_, content_);
    if (!button) return;
    if (primary_button(r, button->label, button->enabled, button->id, clip, wrap))
        emit(button->intent);
}

void ViewFrame::draw_scroll_buttons() {
    const float visible = content_area_.h;
    if (v_.content_height_ <= visible + 1.0f || visible <= 0) return;
    // Never over the content: only where this frame's layout left room for them.
    if (!scroll_room_) return;
    const float size = th_.touch();
    const float x = scroll_x_;
    const float max_scroll = v_.content_height_ - visible;
    // The track shows how much there is and where we are, so nobody misses the rest of the page.
    const float track_top = content_area_.y + size + th_.dp(16);
    const float track_h = visible - 2 * (size + th_.dp(16));
    if (track_h > th_.dp(20)) {
        const float thumb_h = std::max(th_.dp(24), track_h * visible / v_.content_height_);
        const float thumb_y = track_top + (track_h - thumb_h) * (v_.scroll_ / max_scroll);
        const float tx = x + size * 0.5f - th_.dp(3);
        dl_->AddRectFilled(ImVec2(tx, track_top), ImVec2(tx + th_.dp(6), track_top + track_h),
                           c_.key_panel, th_.dp(3));
        dl_->AddRectFilled(ImVec2(tx, thumb_y), ImVec2(tx + th_.dp(6), thumb_y + thumb_h),
                           c_.secondary_text, th_.dp(3));
    }
    const float step = visible * 0.7f;
    for (int dir = -1; dir <= 1; dir += 2) {
        const Rect r{
            x, dir < 0 ? content_area_.y + th_.dp(8) : content_area_.bottom() - size - th_.dp(8),
            size, size};
        const bool can = dir < 0 ? v_.scroll_ > 0.5f : v_.scroll_ < max_scroll - 0.5f;
        const bool down = can && held(r, content_area_);
        dl_->AddRectFilled(r.min(), r.max(), down ? c_.key_pressed : with_alpha(c_.key, 0.92f),
                           th_.dp(6));
        dl_->AddRect(r.min(), r.max(), can ? c_.text : c_.disabled, th_.dp(6), 0, th_.dp(2));
        const float cx = r.x + size * 0.5f, cy = r.y + size * 0.5f, a = th_.dp(12);
        const float d = static_cast<float>(dir);
        dl_->AddTriangleFilled(ImVec2(cx - a, cy - d * a * 0.5f), ImVec2(cx + a, cy - d * a * 0.5f),
                               ImVec2(cx, cy + d * a * 0.5f), can ? c_.text : c_.disabled);
        Item item{dir < 0 ? "scroll-up" : "scroll-down",
                  T(dir < 0 ? keys::scroll_up : keys::scroll_down), ItemKind::button};
        item.enabled = can;
        record(item, r, content_area_);
        if (can && tap(r, content_area_)) {
            v_.scroll_ = std::clamp(v_.scroll_ + d * step, 0.0f, max_scroll);
            v_.again_ = true;
        }
    }
}

// [SECTION] the frame: scrolling, what to scroll into sight, drawing order ========================

// After drawing: scroll so that what the person must see next is in sight, most important first —
// a new problem (its field, or the summary at the top), a field that a choice just revealed, the
// field being typed into as it gains focus or grows.
void ViewFrame::reveal_what_matters() {
    std::string error_key = st_.question_error.english() + '\n' + st_.store_error.english();
    for (const Message& e : st_.error_summary)
        error_key += '\n' + e.english();
    const bool errors_changed = error_key != v_.last_error_key_;
    v_.last_error_key_ = error_key;
    const std::size_t field_count = field_places_.size();
    const bool field_revealed = field_count > v_.last_field_count_;
    v_.last_field_count_ = field_count;

    std::optional<Rect> target;
    bool to_top = false;
    if (errors_changed && error_key.size() > 2) {
        const auto it = std::find_if(field_places_.begin(), field_places_.end(),
                                     [](const FieldPlace& f) { return f.error; });
        if (it != field_places_.end())
            target = it->group;
        else
            to_top =
                true; // the problem is with the choices: the summary at the top says what to do
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

bool ViewFrame::turns_languages() const {
    return languages_turn(st_); // every_language.h
}

std::vector<Intent> ViewFrame::run() {
    text_language_ = st_.session_language; // as the shell set the text layer for this frame
    language_shown_ = st_.session_language;
    if (turns_languages()) {
        language_shown_ = std::string(language_in_turn(f_.monotonic));
        if (language_shown_ != t_.language()) {
            shown_ = &words_in(language_shown_);
            content_ = content_for(st_, *shown_);
        }
    }
    layout_regions();
    read_aloud_below_ = read_aloud_fits_below();
    // No fill for the background: the shell clears the window to c_.background before drawing, and
    // under software OpenGL a full-window rectangle costs as much to draw as the rest of a frame.
    const bool overlay = st_.still_there_deadline > 0;
    blocked_ = overlay;

    // Scrolling: a drag that started in the content area, or the wheel.
    const float max_scroll = std::max(0.0f, v_.content_height_ - content_area_.h);
    auto& g = v_.gesture_;
    if (!blocked_ && g.active && f_.pointer.down && !g.consumed &&
        content_area_.contains(g.origin)) {
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
    float h = in_language(language_shown_, [&] {
        const float read_aloud_h = read_aloud_row(top);
        top += read_aloud_h;
        switch (st_.screen) {
        case Screen::language:
            return read_aloud_h + screen_language(top);
        case Screen::neutral:
            return read_aloud_h + screen_neutral(top);
        default:
            return read_aloud_h;
        }
    });
    switch (st_.screen) {
    case Screen::language:
    case Screen::neutral:
        break;
    case Screen::danger:
        h += screen_danger(top);
        break;
    case Screen::need_help:
        h += screen_need_help(top);
        break;
    case Screen::check_answers:
        h += screen_check_answers(top);
        break;
    case Screen::confirmation:
        h += screen_confirmation(top);
        break;
    case Screen::staff_pin:
        h += screen_staff_pin(top);
        break;
    case Screen::staff_menu:
        h += screen_staff_menu(top);
        break;
    case Screen::staff_status:
        h += screen_staff_status(top);
        break;
    default:
        h += screen_question(top);
        break;
    }
    draw_reading_highlight();
    dl_->PopClipRect();
    // The neutral screen says "Touch the screen to start": anywhere above its button does.
    if (st_.screen == Screen::neutral && tap(Rect{0, 0, W_, bottom_.y}, Rect{0, 0, W_, bottom_.y}))
        emit(LeaveNeutral{});
    const float new_height = h + th_.dp(48);
    if (std::fabs(new_height - v_.content_height_) > 0.5f) {
        v_.content_height_ = new_height;
        v_.again_ =
            true; // the scroll range changed: one more frame to clamp and show the scroll bar
    }

    reveal_what_matters();

    draw_scroll_buttons();
    draw_top_bar();
    draw_bottom_bar();
    draw_keyboard();
    if (overlay) {
        blocked_ = false;
        draw_still_there();
    }
    draw_quick_exit(); // last: on top of everything
    return std::move(out_);
}

// "Leave this page quickly": on every screen but the neutral one, always live, even over the
// overlay. It acts on the press, not here: View::early_intent() sends QuickExit before the frame is
// drawn, so that frame is already the neutral screen.
void ViewFrame::draw_quick_exit() {
    if (!bar_.quick_exit) return;
    const std::string label = T(text_quick_exit());
    const Rect r = bar_.quick_exit_rect;
    const float shadow = th_.dp(4);
    dl_->AddRectFilled(ImVec2(r.x, r.y + shadow), ImVec2(r.right(), r.bottom() + shadow),
                       c_.quick_exit_shadow);
    dl_->AddRectFilled(r.min(), r.max(), c_.quick_exit);
    if (th_.high_contrast) dl_->AddRect(r.min(), r.max(), c_.focus, 0, 0, th_.dp(3));
    if (bar_.quick_exit_wrap > 0.0f) {
        // Wrapped (it did not fit on one line beside Back): its lines centred in the button.
        const text::Style style{text::Face::body_bold, c_.quick_exit_text, bar_.quick_exit_wrap,
                                false, text::Align::center};
        const ImVec2 size = text::measure(label, style);
        const float lx = std::round(r.x + (r.w - bar_.quick_exit_wrap) * 0.5f);
        const ImVec2 at(f_.right_to_left ? W_ - lx - bar_.quick_exit_wrap : lx,
                        std::round(r.y + (r.h - size.y) * 0.5f));
        unmirrored([&] { text::draw(dl_, at, label, style); });
    } else {
        const ImVec2 size = text::measure(label, {text::Face::body_bold});
        put(label, text::Face::body_bold, c_.quick_exit_text,
            std::round(r.x + (r.w - size.x) * 0.5f), std::round(r.y + (r.h - size.y) * 0.5f), 0);
    }
    if (items_) {
        // Listed even while the overlay blocks everything else (record() would leave it out).
        Item item{std::string(automation_id::quick_exit), label, ItemKind::button};
        item.x = f_.right_to_left ? W_ - r.right() : r.x;
        item.y = r.y;
        item.w = r.w;
        item.h = r.h + shadow;
        items_->push_back(std::move(item));
    }
}

// [SECTION] View ==================================================================================

std::optional<Intent> View::early_intent(const State& state, const FrameContext& real_frame) {
    const FrameContext frame = logical_frame(real_frame);
    const PointerInput& p = frame.pointer;
    if (p.pressed) {
        gesture_ = Gesture{true, p.press_pos, false, p.press_dismissed_overlay, scroll_};
        const Translator& t = frame.words != nullptr ? *frame.words : english();
        const TopBar bar = top_bar(theme_, frame.size.x, state, t);
        if (bar.quick_exit) {
            const Rect r = bar.quick_exit_rect;
            const Rect with_shadow{r.x, r.y, r.w, r.h + theme_.dp(4)};
            if (with_shadow.contains(p.press_pos)) {
                gesture_.consumed =
                    true; // its release must not tap what the neutral screen shows there
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
        keyboard_.screen_changed();
        last_screen_ = state.screen;
        last_error_key_.clear();
        last_field_count_ =
            static_cast<std::size_t>(-1); // the fields a screen opens with are not "revealed"

        // A gesture that began on the previous screen must not tap anything on this one.
        if (gesture_.active) gesture_.consumed = true;
    }
    keep_.clear();
    const int first_vertex = list->VtxBuffer.Size;
    const int first_command = list->CmdBuffer.Size - 1;
    ViewFrame f(*this, state, frame, list, items);
    std::vector<Intent> intents = f.run();
    if (frame.right_to_left)
        mirror_draw_list(list, frame.size.x, first_vertex, first_command, keep_);
    if (frame.pointer.released) gesture_ = Gesture{};
    return intents;
}

std::vector<std::string> View::take_problems() {
    return keyboard_.take_problems();
}

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
    keyboard_.wipe();
    corner_taps_.reset();
    last_screen_.reset();
    last_focus_.reset();
    last_focus_length_ = 0;
    last_error_key_.clear();
    last_field_count_ = 0;
    display_request_.reset();
    read_aloud_request_.reset();
}

} // namespace hrc::kiosk
