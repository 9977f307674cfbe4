// kiosk/app/widgets.cpp — the view's widgets (view_frame.h): hit-testing (tap, held), the
// automation record, text placement in a mirrored frame, buttons, links, choice rows, text fields,
// the error summary, keys and their symbols, the heading block and the Read aloud row. Every label
// is passed in by the caller; nothing is patched after drawing.
//
// [SECTION] hit-testing and the automation record
// [SECTION] easy read: pictures, the line being read
// [SECTION] buttons and links
// [SECTION] choices and text fields
// [SECTION] keys
// [SECTION] blocks every screen has: heading, Read aloud
#include <cmath>
#include <string>

#include "view_frame.h"

namespace hrc::kiosk {

// [SECTION] hit-testing and the automation record =================================================

ImVec2 ViewFrame::put_text(std::string_view s, const text::Style& given, float x, float y,
                           ImVec2* origin) {
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
    if (blocked_) return;
    const Rect visible = r.intersect(clip);
    if (visible.empty()) return; // scrolled out of sight: not clickable, not listed
    if (!f_.reading_line.empty() && !reading_rect_ && speakable(item.label) == f_.reading_line)
        reading_rect_ = visible;
    if (items_ == nullptr) return;
    item.x = f_.right_to_left ? W_ - visible.right() : visible.x;
    item.y = visible.y;
    item.w = visible.w;
    item.h = visible.h;
    items_->push_back(std::move(item));
}

void ViewFrame::note(std::string id, std::string_view s, text::Face face, float x, float y,
                     float wrap) {
    const ImVec2 size = text::measure(s, text::Style{face, 0, wrap});
    Item item{std::move(id), std::string(s), ItemKind::text};
    item.enabled = false;
    record(item, Rect{x, y, size.x, size.y}, content_area_);
}

// [SECTION] easy read: pictures, the line being read ==========================================

void ViewFrame::picture(std::string_view sequence, float x, float y, float size) {
    if (sequence.empty()) return;
    const float real_x = f_.right_to_left ? W_ - x - size : x;
    unmirrored([&] {
        (void)text::draw_pictogram(dl_, ImVec2(std::round(real_x), std::round(y)), size, sequence);
    });
}

// GOV.UK's focus style, around the words being read aloud: a thick yellow band with the text
// colour inside it, so it reads in both themes and never hides the words.
void ViewFrame::draw_reading_highlight() {
    if (!reading_rect_) return;
    const Rect r = *reading_rect_;
    const float o = th_.outline(), m = th_.dp(4);
    dl_->AddRect(ImVec2(r.x - m - o, r.y - m - o), ImVec2(r.right() + m + o, r.bottom() + m + o),
                 c_.focus, 0, 0, 2 * o);
    dl_->AddRect(ImVec2(r.x - m, r.y - m), ImVec2(r.right() + m, r.bottom() + m), c_.text, 0, 0,
                 th_.dp(2));
    if (items_ != nullptr) {
        // For the e2e tests: which words are highlighted (catalog words, never typed text).
        Item item{"reading", f_.reading_line, ItemKind::text};
        item.enabled = false;
        item.x = f_.right_to_left ? W_ - r.right() : r.x;
        item.y = r.y;
        item.w = r.w;
        item.h = r.h;
        items_->push_back(std::move(item));
    }
}

// [SECTION] buttons and links ==================================================================

bool ViewFrame::primary_button(const Rect& r, std::string_view label, bool enabled,
                               std::string_view id, const Rect& clip, float wrap) {
    const bool down = held(r, clip);
    const float shadow = th_.dp(4);
    ImU32 fill = down ? c_.button_pressed : c_.button;
    if (!enabled) fill = with_alpha(fill, 0.5f);
    dl_->AddRectFilled(ImVec2(r.x, r.y + shadow), ImVec2(r.right(), r.bottom() + shadow),
                       enabled ? c_.button_shadow : with_alpha(c_.button_shadow, 0.5f));
    dl_->AddRectFilled(r.min(), r.max(), fill);
    if (th_.high_contrast) dl_->AddRect(r.min(), r.max(), c_.text, 0, 0, th_.dp(2));
    const ImU32 text_colour = enabled ? c_.button_text : with_alpha(c_.button_text, 0.8f);
    if (wrap > 0.0f) {
        const text::Style style{text::Face::body_bold, text_colour, wrap, false,
                                text::Align::center};
        const ImVec2 size = text::measure(label, style);
        const float lx = std::round(r.x + (r.w - wrap) * 0.5f);
        const ImVec2 at(f_.right_to_left ? W_ - lx - wrap : lx,
                        std::round(r.y + (r.h - size.y) * 0.5f));
        unmirrored([&] { text::draw(dl_, at, label, style); });
    } else {
        const ImVec2 size = text::measure(label, {text::Face::body_bold});
        put(label, text::Face::body_bold, text_colour, std::round(r.x + (r.w - size.x) * 0.5f),
            std::round(r.y + (r.h - size.y) * 0.5f), 0);
    }
    Item item{std::string(id), std::string(label), ItemKind::button};
    item.enabled = enabled;
    record(item, Rect{r.x, r.y, r.w, r.h + shadow}, clip);
    return tap(Rect{r.x, r.y, r.w, r.h + shadow}, clip);
}

bool ViewFrame::secondary_button(float x, float y, float w, std::string_view label,
                                 std::string_view hint, std::string_view id, const Rect& clip,
                                 Rect* out) {
    const float pad = th_.dp(16);
    const float wrap = w - 2 * pad;
    const float label_h = text::measure(label, {text::Face::body_bold, 0, wrap}).y;
    float text_h = label_h;
    if (!hint.empty()) text_h += th_.dp(4) + text::measure(hint, {text::Face::body, 0, wrap}).y;
    const Rect r{x, y, w, std::max(th_.touch(), text_h + 2 * pad)};
    if (out) *out = r;
    const bool down = held(r, clip);
    dl_->AddRectFilled(r.min(), r.max(), down ? c_.key_pressed : c_.secondary_button);
    dl_->AddRect(r.min(), r.max(), c_.text, 0, 0, th_.dp(2));
    const float ty = std::round(y + (r.h - text_h) * 0.5f);
    put(label, text::Face::body_bold, c_.secondary_button_text, x + pad, ty, wrap);
    if (!hint.empty())
        put(hint, text::Face::body, c_.secondary_button_text, x + pad, ty + label_h + th_.dp(4),
            wrap);
    record(Item{std::string(id), std::string(label), ItemKind::button}, r, clip);
    return tap(r, clip);
}

bool ViewFrame::link(float x, float y, std::string_view label, std::string_view id,
                     const Rect& clip, Rect* out) {
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

// [SECTION] choices and text fields ============================================================

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
        // A tick as GOV.UK draws it: short stroke down-right, long stroke up-right. Like a letter,
        // it keeps its shape in a mirrored frame (mirrored it reads as a "V"): it is drawn at the
        // box's real place, left to right.
        const float left = f_.right_to_left ? W_ - box.right() : box.x;
        const ImVec2 pts[3] = {{left + box.w * 0.22f, box.y + box.h * 0.52f},
                               {left + box.w * 0.42f, box.y + box.h * 0.72f},
                               {left + box.w * 0.80f, box.y + box.h * 0.28f}};
        unmirrored([&] { dl_->AddPolyline(pts, 3, c_.text, ImDrawFlags_None, th_.dp(4.5f)); });
    }
}

float ViewFrame::choice_row(float y, const Choice& choice, bool selected, bool multiple,
                            std::string id, float x, float w) {
    const float pad = th_.dp(14);
    const float mark = th_.dp(40);
    // Easy read: the answer's picture between the mark and the words.
    const float pic = choice.picture.empty() ? 0.0f : picture_size();
    const float tx = x + pad + mark + th_.dp(16) + (pic > 0.0f ? pic + th_.dp(14) : 0.0f);
    const float wrap = x + w - tx - pad;
    const text::Style label_style{text::Face::body, c_.text, wrap};
    const ImVec2 label_size = text::measure(choice.label, label_style);
    float text_h = label_size.y;
    ImVec2 hint_size{0, 0};
    if (!choice.hint.empty()) {
        hint_size = text::measure(choice.hint, {text::Face::body, c_.secondary_text, wrap});
        text_h += th_.dp(4) + hint_size.y;
    }
    const float h = std::max({th_.touch() + th_.dp(8), text_h + 2 * pad, pic + 2 * pad});
    const Rect r{x, y, w, h};
    const bool down = held(r, content_area_);
    if (selected) dl_->AddRectFilled(r.min(), r.max(), c_.selected_fill);
    if (down) dl_->AddRectFilled(r.min(), r.max(), c_.row_pressed);
    dl_->AddRect(r.min(), r.max(), selected ? c_.text : c_.control_border, 0, 0,
                 selected ? th_.outline() : th_.dp(th_.high_contrast ? 2.0f : 1.0f));
    const float cy = y + std::max(pad + mark * 0.5f, h * 0.5f - (text_h - label_size.y) * 0.5f);
    if (multiple)
        checkbox(Rect{x + pad, cy - mark * 0.5f, mark, mark}, selected);
    else
        radio(ImVec2(x + pad + mark * 0.5f, cy), selected);
    const float ty = std::round(y + (h - text_h) * 0.5f);
    if (pic > 0.0f)
        picture(choice.picture, x + pad + mark + th_.dp(16), std::round(y + (h - pic) * 0.5f), pic);
    put(choice.label, text::Face::body, c_.text, tx, ty, wrap);
    if (!choice.hint.empty())
        put(choice.hint, text::Face::body, c_.secondary_text, tx, ty + label_size.y + th_.dp(4),
            wrap);
    Item item{std::move(id), std::string(choice.label),
              multiple ? ItemKind::check : ItemKind::choice};
    item.selected = selected;
    record(item, r, content_area_);
    if (tap(r, content_area_))
        emit(multiple ? Intent{Toggle{choice.id}} : Intent{Choose{choice.id}});
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
    if (!spec.hint.empty())
        y += put(spec.hint, text::Face::body, c_.secondary_text, x, y, w) + th_.dp(6);
    if (has_error) {
        note(automation_id::field_error(spec.field), error_text, text::Face::body_bold, x, y, w);
        y += put(error_text, text::Face::body_bold, c_.error, x, y, w) + th_.dp(6);
    }

    const std::string& value = text_of(st_, spec.field);
    const bool focused = st_.focus == spec.field;
    const float pad = th_.dp(12);
    text::Style style{text::Face::body, c_.text, w - 2 * pad};
    style.typed = true; // people's text: its direction from its first strong letter
    style.align = f_.right_to_left ? text::Align::right : text::Align::left;
    const text::Layout lay = text::layout(value, style);
    const float min_h =
        spec.multiline ? std::max(th_.touch(), text::line_height(text::Face::body) * 4 + 2 * pad)
                       : th_.touch();
    const float h = std::max(min_h, lay.size.y + 2 * pad);
    const Rect box{x, y, w, h};
    if (focused) {
        // GOV.UK focus: a thick yellow outline around a thick black border.
        const float o = th_.outline();
        dl_->AddRectFilled(ImVec2(box.x - o, box.y - o), ImVec2(box.right() + o, box.bottom() + o),
                           c_.focus);
    }
    dl_->AddRectFilled(box.min(), box.max(), c_.background);
    const float border = th_.dp(focused || has_error ? 4.0f : 2.0f);
    dl_->AddRect(box.min(), box.max(), has_error && !focused ? c_.error : c_.input_border, 0, 0,
                 border);
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
    Item item{automation_id::field(spec.field),
              std::string(spec.label.empty() ? content_.heading : spec.label), ItemKind::field};
    item.selected = focused;
    item.filled = !value.empty();
    record(item, box, content_area_);
    if (tap(box, content_area_)) {
        if (!focused) emit(FocusField{spec.field});
        // The caret goes to the grapheme nearest the finger (in real coordinates, like the text).
        const ImVec2 p = f_.pointer.release_pos;
        const ImVec2 real(f_.right_to_left ? W_ - p.x : p.x, p.y);
        emit(PlaceCaret{spec.field, text::hit_test(value, style,
                                                   ImVec2(real.x - origin.x, real.y - origin.y))});
    }
    if (has_error)
        dl_->AddRectFilled(ImVec2(x0_, y0), ImVec2(x0_ + th_.dp(5), box.bottom()), c_.error);
    field_places_.push_back(
        FieldPlace{spec.field, Rect{x0_, y0, cw_, box.bottom() + th_.dp(8) - y0}, has_error});
    return box.bottom() - y0;
}

float ViewFrame::error_summary(float y0) {
    std::vector<std::string> lines;
    for (const Message& m : st_.error_summary)
        lines.push_back(T(m));
    if (st_.screen == Screen::check_answers && !st_.store_error.empty())
        lines.push_back(T(st_.store_error));
    if (lines.empty()) return 0.0f;
    const float pad = th_.dp(20);
    const float border = th_.dp(5);
    const float wrap = cw_ - 2 * (pad + border);
    float h = text::measure(T(text_error_summary_title()), {text::Face::body_bold, 0, wrap}).y +
              th_.dp(12);
    for (std::string_view l : lines)
        h += text::measure(l, {text::Face::body_bold, 0, wrap}).y + th_.dp(6);
    h += 2 * (pad + border);
    const Rect r{x0_, y0, cw_, h};
    dl_->AddRect(ImVec2(r.x + border * 0.5f, r.y + border * 0.5f),
                 ImVec2(r.right() - border * 0.5f, r.bottom() - border * 0.5f), c_.error, 0, 0,
                 border);
    float y = y0 + border + pad;
    const float x = x0_ + border + pad;
    y +=
        put(T(text_error_summary_title()), text::Face::body_bold, c_.text, x, y, wrap) + th_.dp(12);
    for (std::size_t i = 0; i < lines.size(); ++i) {
        note("error-summary-" + std::to_string(i + 1), lines[i], text::Face::body_bold, x, y, wrap);
        y += put(lines[i], text::Face::body_bold, c_.error, x, y, wrap) + th_.dp(6);
    }
    return h + th_.dp(24);
}

// [SECTION] keys ===============================================================================

// The symbols keys show: the same on every keyboard, in every language.
void ViewFrame::key_icon(const Rect& r, KeyIcon icon, bool on) {
    const float cx = r.x + r.w * 0.5f, cy = r.y + r.h * 0.5f;
    const ImU32 ink = on ? c_.key_pressed_text : c_.key_text; // on key_pressed or on key
    switch (icon) {
    case KeyIcon::none:
        return;
    case KeyIcon::shift: {
        // An upward arrow.
        const float a = th_.dp(12);
        const ImVec2 pts[7] = {{cx, cy - a},
                               {cx + a, cy},
                               {cx + a * 0.45f, cy},
                               {cx + a * 0.45f, cy + a},
                               {cx - a * 0.45f, cy + a},
                               {cx - a * 0.45f, cy},
                               {cx - a, cy}};
        dl_->AddPolyline(pts, 7, ink, ImDrawFlags_Closed, th_.dp(2.5f));
        return;
    }
    case KeyIcon::backspace: {
        // "Erase to the left": a left-pointing tag with a cross.
        const float a = th_.dp(13);
        const ImVec2 pts[5] = {{cx - a * 1.6f, cy},
                               {cx - a * 0.7f, cy - a},
                               {cx + a * 1.4f, cy - a},
                               {cx + a * 1.4f, cy + a},
                               {cx - a * 0.7f, cy + a}};
        dl_->AddPolyline(pts, 5, ink, ImDrawFlags_Closed, th_.dp(2.5f));
        const float xc = cx + a * 0.35f, xa = a * 0.45f;
        dl_->AddLine(ImVec2(xc - xa, cy - xa), ImVec2(xc + xa, cy + xa), ink, th_.dp(2.5f));
        dl_->AddLine(ImVec2(xc - xa, cy + xa), ImVec2(xc + xa, cy - xa), ink, th_.dp(2.5f));
        return;
    }
    case KeyIcon::caret_back:
    case KeyIcon::caret_forward: {
        // A triangle pointing the way the caret moves (mirrored with the frame in right to left).
        const float a = th_.dp(10);
        const float d = icon == KeyIcon::caret_back ? -1.0f : 1.0f;
        dl_->AddTriangleFilled(ImVec2(cx + d * a, cy), ImVec2(cx - d * a * 0.6f, cy - a),
                               ImVec2(cx - d * a * 0.6f, cy + a), ink);
        return;
    }
    }
}

bool ViewFrame::key(const Rect& r, const KeyLabel& label, std::string id, bool selected,
                    bool enabled) {
    const bool down =
        enabled && held(r, keyboard_shown_ && r.y >= keyboard_.y ? keyboard_ : content_area_);
    ImU32 fill = down || selected ? c_.key_pressed : c_.key;
    if (!enabled) fill = with_alpha(fill, 0.45f);
    // The edge on whole pixels, a whole number of pixels thick: a 1 px line at a fractional x is
    // smeared over two half-tone pixels, and the edge then measured 2.0-2.6:1 on the panel in a
    // screenshot (issue 14 item 5 wants 3:1; the theme colour alone is 5.3:1).
    const ImVec2 edge_min(std::round(r.x), std::round(r.y));
    const ImVec2 edge_max(std::round(r.right()), std::round(r.bottom()));
    const float edge_px = std::max(1.0f, std::round(th_.dp(th_.high_contrast ? 2.0f : 1.0f)));
    dl_->AddRectFilled(edge_min, edge_max, fill, th_.dp(6));
    dl_->AddRect(edge_min, edge_max, c_.control_border, th_.dp(6), 0, edge_px);
    const std::string_view shown = label.shown;
    if (!shown.empty()) {
        // A label too wide for its key in bold is drawn in the regular face, which is narrower.
        text::Face face = text::Face::body_bold;
        ImVec2 size = text::measure(shown, {face});
        if (size.x > r.w - th_.dp(8)) {
            face = text::Face::body;
            size = text::measure(shown, {face});
        }
        put(shown, face, down || selected ? c_.key_pressed_text : c_.key_text,
            std::round(r.x + (r.w - size.x) * 0.5f), std::round(r.y + (r.h - size.y) * 0.5f), 0);
    }
    key_icon(r, label.icon, down || selected);
    const Rect& clip = keyboard_shown_ && r.y >= keyboard_.y ? keyboard_ : content_area_;
    Item item{std::move(id), std::string(label.spoken.empty() ? shown : label.spoken),
              ItemKind::key};
    item.selected = selected;
    item.enabled = enabled;
    record(item, r, clip);
    return enabled && tap(r, clip);
}

// [SECTION] blocks every screen has: heading, Read aloud =======================================

float ViewFrame::heading_block(float y0, bool with_progress) {
    float y = y0;
    if (with_progress) {
        const Progress p = progress(st_);
        if (p.m > 0) {
            const std::string caption =
                fill_placeholders(T(text_question_n_of_m()),
                                  {{"n", std::to_string(p.n)}, {"m", std::to_string(p.m)}});
            y += put(caption, text::Face::body, c_.secondary_text, x0_, y, cw_) + th_.dp(6);
        }
    }
    y += error_summary(y);
    std::string heading(content_.heading);
    // Easy read says what to do in its own words, never "(optional)" (easy_read.h).
    if (is_optional(st_.screen) && !st_.draft.easy_read) {
        heading += ' ';
        heading += T(text_optional());
    }
    // Easy read: the screen's picture at the start of the heading, the heading beside it.
    const float pic = content_.picture.empty() ? 0.0f : picture_size() + th_.dp(16);
    const float heading_h = put(heading, text::Face::heading, c_.text, x0_ + pic, y, cw_ - pic);
    note("heading", heading, text::Face::heading, x0_ + pic, y, cw_ - pic);
    if (pic > 0.0f) {
        picture(content_.picture, x0_, y, picture_size());
        y += std::max(heading_h, picture_size()) - heading_h;
    }
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
    if (st_.screen == Screen::neutral)
        return 0.0f;                    // the neutral screen shows nothing of the service
    if (read_aloud_below_) return 0.0f; // in the bottom bar (draw_bottom_bar)
    const ReadAloudStatus& ra = f_.read_aloud;
    if (!ra.available) {
        // Said plainly where the button would be (issue 14: grey hint text was easy to miss): bold,
        // in the text colour, with the inset bar GOV.UK uses for information that matters.
        // A crossed-out loudspeaker goes first: it says "no sound" to someone who cannot read
        // the words ("… Ask a member of staff to read with you.").
        const std::string note_text = W()(keys::read_aloud_unavailable);
        const float bar = th_.dp(5), icon = th_.dp(40), indent = th_.dp(20);
        const float text_x = x0_ + indent + icon + th_.dp(16);
        note("read-aloud-unavailable", note_text, text::Face::body_bold, text_x, y0,
             x0_ + cw_ - text_x);
        const float h = std::max(
            icon, put(note_text, text::Face::body_bold, c_.text, text_x, y0, x0_ + cw_ - text_x));
        dl_->AddRectFilled(ImVec2(x0_, y0), ImVec2(x0_ + bar, y0 + h), c_.border);
        const ImU32 col = c_.text;
        const float cx = x0_ + indent, cy = y0 + icon * 0.5f, a = icon * 0.5f;
        dl_->AddRectFilled(ImVec2(cx, cy - a * 0.35f), ImVec2(cx + a * 0.5f, cy + a * 0.35f), col);
        dl_->AddTriangleFilled(ImVec2(cx + a * 0.3f, cy), ImVec2(cx + a * 1.1f, cy - a * 0.8f),
                               ImVec2(cx + a * 1.1f, cy + a * 0.8f), col);
        dl_->AddLine(ImVec2(cx + a * 1.3f, cy - a * 0.45f), ImVec2(cx + a * 2.0f, cy + a * 0.45f),
                     c_.error, th_.dp(4));
        dl_->AddLine(ImVec2(cx + a * 1.3f, cy + a * 0.45f), ImVec2(cx + a * 2.0f, cy - a * 0.45f),
                     c_.error, th_.dp(4));
        return h + th_.dp(20);
    }
    const Rect r =
        read_aloud_button(x0_, y0, content_area_, [this] { return read_aloud_script(st_, t_); });
    float h = r.h + th_.dp(4) + th_.dp(20);
    if (!ra.problem.empty()) {
        const std::string problem = W()(keys::read_aloud_failed);
        note("read-aloud-problem", problem, text::Face::body_bold, x0_, y0 + h, cw_);
        h += put(problem, text::Face::body_bold, c_.error, x0_, y0 + h, cw_) + th_.dp(12);
    }
    return h;
}

bool ViewFrame::read_aloud_fits_below() {
    const ReadAloudStatus& ra = f_.read_aloud;
    if (st_.screen != Screen::language || !ra.available || !ra.problem.empty() || bottom_.h <= 0.0f)
        return false;
    const ScreenContent keys_of = content_for(st_, english());
    const float continue_w = std::max(
        th_.dp(220), largest(keys_of.continue_label, {text::Face::body_bold}).x + th_.dp(56));
    const float label_w = std::max(largest(keys::read_aloud, {text::Face::body_bold}).x,
                                   largest(keys::stop_reading, {text::Face::body_bold}).x);
    return continue_w + th_.dp(24) + read_aloud_button_width(label_w) <= cw_;
}

float ViewFrame::read_aloud_button_width(float label_w) const {
    return label_w + th_.dp(28) + th_.dp(48); // the loudspeaker, the padding
}

// The Read aloud / Stop reading button at (x, y), tappable within `clip`: a tap while speaking
// stops, otherwise reads `script()` (made only when tapped). Returns the button's rectangle.
Rect ViewFrame::read_aloud_button(float x, float y, const Rect& clip,
                                  const std::function<std::vector<ReadAloudPart>()>& script) {
    const ReadAloudStatus& ra = f_.read_aloud;
    // In the content's language (the start screen turns through every language: view_frame.h);
    // the overlay over it is drawn in the session's.
    const Translator& words = text_language_ == language_shown_ ? W() : t_;
    const std::string label = words(ra.speaking ? keys::stop_reading : keys::read_aloud);
    const float icon = th_.dp(28);
    const float w = read_aloud_button_width(text::measure(label, {text::Face::body_bold}).x);
    const Rect r{x, y, w, th_.touch()};
    const bool down = held(r, clip);
    dl_->AddRectFilled(ImVec2(r.x, r.y + th_.dp(4)), ImVec2(r.right(), r.bottom() + th_.dp(4)),
                       c_.border);
    dl_->AddRectFilled(r.min(), r.max(),
                       down || ra.speaking ? c_.key_pressed : c_.secondary_button);
    if (th_.high_contrast) dl_->AddRect(r.min(), r.max(), c_.text, 0, 0, th_.dp(2));
    // A loudspeaker: a small box, its cone, and two sound waves (stop: a square instead of waves).
    const ImU32 col = c_.secondary_button_text;
    const float cx = r.x + th_.dp(16), cy = r.y + r.h * 0.5f, a = icon * 0.5f;
    dl_->AddRectFilled(ImVec2(cx, cy - a * 0.35f), ImVec2(cx + a * 0.5f, cy + a * 0.35f), col);
    dl_->AddTriangleFilled(ImVec2(cx + a * 0.3f, cy), ImVec2(cx + a * 1.1f, cy - a * 0.8f),
                           ImVec2(cx + a * 1.1f, cy + a * 0.8f), col);
    if (ra.speaking) {
        dl_->AddRectFilled(ImVec2(cx + a * 1.35f, cy - a * 0.4f),
                           ImVec2(cx + a * 2.1f, cy + a * 0.4f), col);
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
    record(item, r, clip);
    if (tap(r, clip))
        v_.read_aloud_request_ =
            ReadAloudRequest{ra.speaking, ra.speaking ? std::vector<ReadAloudPart>{} : script()};
    return r;
}

// What read aloud says: the words the screen shows, in reading order — never what a person typed

} // namespace hrc::kiosk
