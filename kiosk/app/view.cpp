// kiosk/app/view.cpp — see view.h. Every screen of the kiosk, drawn immediately from State.
//
// [SECTION] words the view adds (HRC_TEXT, for extraction with the rest of content.h)
// [SECTION] geometry and small helpers
// [SECTION] ViewFrame: one frame's drawing, hit-testing and automation items
// [SECTION]   regions: top bar, content (scrolls), bottom bar, keyboard
// [SECTION]   widgets: buttons, links, choice rows, text fields, error summary, keys
// [SECTION]   screens: question, language, check answers, confirmation, staff, neutral
// [SECTION]   overlay: "Are you still there?"
// [SECTION] View
// [SECTION] local time in words

#include "view.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <ctime>
#include <map>
#include <string>

#include "content.h"
#include "text.h"

namespace hrc::kiosk {

// [SECTION] words the view adds ====================================================================
// Words content.h has no function for yet. Marked like the rest so the languages issue finds them.

namespace words {
constexpr std::string_view larger_text = HRC_TEXT("Larger text");
constexpr std::string_view high_contrast = HRC_TEXT("High contrast");
constexpr std::string_view scroll_up = HRC_TEXT("Scroll up");
constexpr std::string_view scroll_down = HRC_TEXT("Scroll down");
constexpr std::string_view delete_key = HRC_TEXT("Delete");
constexpr std::string_view space_key = HRC_TEXT("space");
constexpr std::string_view shift_key = HRC_TEXT("shift");
constexpr std::string_view check_again = HRC_TEXT("Check again");
// The legend of the queue bar on the staff status screen.
constexpr std::string_view bar_sent = HRC_TEXT("Sent");
constexpr std::string_view bar_ready = HRC_TEXT("Ready to send");
constexpr std::string_view bar_sending = HRC_TEXT("Being sent");
constexpr std::string_view bar_retry = HRC_TEXT("Trying again later");
constexpr std::string_view bar_refused = HRC_TEXT("Refused");
// Staff menu, should content.h ever give no choices for it (values are StaffChoose items).
constexpr std::array<std::string_view, 4> staff_menu = {
    HRC_TEXT("Help someone make a report"), HRC_TEXT("Type in a paper form"),
    HRC_TEXT("Check reports have been sent"), HRC_TEXT("Sign out")};
} // namespace words

namespace {

// Until the shaped-text layer exists, names in scripts the atlas cannot draw correctly are shown by
// their English name rather than as boxes or unjoined letters (docs/hrc-kiosk.md, "Fonts").
std::string_view english_language_name(std::string_view code) {
    static constexpr std::array<std::pair<std::string_view, std::string_view>, 7> names{{
        {"gu", "Gujarati"}, {"pa", "Punjabi"}, {"ur", "Urdu"}, {"bn", "Bengali"},
        {"ta", "Tamil"}, {"hi", "Hindi"}, {"ar", "Arabic"}}};
    const std::string_view base = code.substr(0, code.find('-'));
    for (const auto& [c, name] : names)
        if (c == base) return name;
    return code;
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

std::string replace_all(std::string_view pattern, std::string_view key, std::string_view value) {
    std::string out(pattern);
    for (std::size_t at = out.find(key); at != std::string::npos; at = out.find(key, at + value.size()))
        out.replace(at, key.size(), value);
    return out;
}

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

// One key of the on-screen keyboard: what it types, and its width in key units.
enum class KeyAction { type, shift, backspace, space };
struct KeySpec {
    std::string_view id;     // after "key-"
    std::string_view lower;  // what it types / shows
    std::string_view upper;  // with shift
    float units = 1.0f;
    KeyAction action = KeyAction::type;
};

// Latin QWERTY, digits, space, backspace, @ . - ' , and a one-shot shift. Each row is 12 units
// wide so every key is the same size; no prediction, no history (BRIEF §4).
// clang-format off
const std::array<std::array<KeySpec, 12>, 4> kKeyRows{{
    {{{"1","1","1"},{"2","2","2"},{"3","3","3"},{"4","4","4"},{"5","5","5"},{"6","6","6"},
      {"7","7","7"},{"8","8","8"},{"9","9","9"},{"0","0","0"},{"backspace","","",2.0f,KeyAction::backspace},{}}},
    {{{"q","q","Q"},{"w","w","W"},{"e","e","E"},{"r","r","R"},{"t","t","T"},{"y","y","Y"},
      {"u","u","U"},{"i","i","I"},{"o","o","O"},{"p","p","P"},{"'","'","'"},{"-","-","-"}}},
    {{{"a","a","A"},{"s","s","S"},{"d","d","D"},{"f","f","F"},{"g","g","G"},{"h","h","H"},
      {"j","j","J"},{"k","k","K"},{"l","l","L"},{"@","@","@"},{".",".","."},{",",",",","}}},
    {{{"shift","","",2.0f,KeyAction::shift},{"z","z","Z"},{"x","x","X"},{"c","c","C"},{"v","v","V"},
      {"b","b","B"},{"n","n","N"},{"m","m","M"},{"space"," "," ",3.0f,KeyAction::space},{},{},{}}},
}};
// clang-format on
constexpr float kKeyRowUnits = 12.0f;

} // namespace

// [SECTION] ViewFrame ===============================================================================

class ViewFrame {
public:
    ViewFrame(View& view, const State& state, const FrameContext& frame, ImDrawList* list, std::vector<Item>* items)
        : v_(view), st_(state), f_(frame), dl_(list), items_(items), th_(view.theme_), c_(view.theme_.c),
          content_(content_for(state)) {}

    std::vector<Intent> run();

private:
    // ---- regions ----
    void layout_regions();
    void draw_top_bar();
    void draw_bottom_bar();
    void draw_keyboard();
    void draw_scroll_buttons();
    void draw_overlay();

    // ---- widgets ----
    bool tap(const Rect& r, const Rect& clip) const;
    bool held(const Rect& r, const Rect& clip) const;
    void record(Item item, const Rect& r, const Rect& clip);
    float put(std::string_view s, text::Face face, ImU32 colour, float x, float y, float wrap) {
        return text::draw(dl_, ImVec2(x, y), s, text::Style{face, colour, wrap}).y;
    }
    bool primary_button(const Rect& r, std::string_view label, bool enabled, std::string_view id, const Rect& clip);
    bool link(float x, float y, std::string_view label, std::string_view id, const Rect& clip, Rect* out = nullptr);
    float choice_row(float y, const Choice& choice, bool selected, bool multiple, std::string id, float x, float w);
    float text_field(float y, const TextFieldSpec& spec);
    float error_summary(float y);
    void radio(ImVec2 centre, bool selected);
    void backspace_icon(const Rect& key);
    void checkbox(const Rect& box, bool ticked);
    bool key(const Rect& r, std::string_view label, std::string id, bool selected);

    // ---- screens ----
    float screen_question(float y);
    float screen_language(float y);
    float screen_check_answers(float y);
    float screen_confirmation(float y);
    float screen_staff_pin(float y);
    float screen_staff_menu(float y);
    float screen_staff_status(float y);
    float heading_block(float y, bool with_progress);

    void emit(Intent intent) { out_.push_back(std::move(intent)); }

    View& v_;
    const State& st_;
    const FrameContext& f_;
    ImDrawList* dl_;
    std::vector<Item>* items_;
    const Theme& th_;
    const Colours& c_;
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
    const bool has_bottom = !content_.continue_label.empty() || s == Screen::confirmation ||
                            s == Screen::check_answers;
    const float bottom_h = has_bottom ? th_.touch() + th_.dp(28) : 0.0f;

    keyboard_shown_ = st_.focus.has_value() && s != Screen::staff_pin && fields_contain(content_, *st_.focus);
    float kb_h = 0.0f;
    if (keyboard_shown_) {
        const float key_h = th_.touch();
        kb_h = 4 * key_h + 3 * th_.dp(8) + 2 * th_.dp(12);
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
        const std::string_view label = text_back();
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
Rect quick_exit_rect(const Theme& th, float window_w) {
    const ImVec2 size = text::measure(text_quick_exit(), {text::Face::body_bold});
    const float w = size.x + th.dp(48);
    const float margin = th.dp(16);
    return Rect{window_w - margin - w, th.dp(12), w, th.touch()};
}

void ViewFrame::draw_bottom_bar() {
    if (bottom_.h <= 0) return;
    dl_->AddRectFilled(bottom_.min(), bottom_.max(), c_.background);
    dl_->AddLine(ImVec2(0, bottom_.y), ImVec2(W_, bottom_.y), c_.border, th_.dp(1));
    const Screen s = st_.screen;
    std::string_view label = content_.continue_label;
    std::string_view id = "continue";
    bool enabled = true;
    if (s == Screen::confirmation) {
        id = "finish";
        enabled = st_.noted_reference;
    }
    if (label.empty()) return;
    const ImVec2 size = text::measure(label, {text::Face::body_bold});
    const Rect r{x0_, bottom_.y + th_.dp(12), std::max(size.x + th_.dp(56), th_.dp(220)), th_.touch()};
    if (primary_button(r, label, enabled, id, bottom_)) {
        switch (s) {
        case Screen::check_answers: emit(Send{}); break;
        case Screen::confirmation: emit(Finish{}); break;   // the model explains if the box is not ticked
        case Screen::neutral: emit(LeaveNeutral{}); break;
        default: emit(Continue{}); break;
        }
    }
}

void ViewFrame::draw_keyboard() {
    if (!keyboard_shown_) return;
    dl_->AddRectFilled(keyboard_.min(), keyboard_.max(), c_.key_panel);
    const float gap = th_.dp(8);
    const float pad = th_.dp(12);
    const float panel_w = std::min(W_ - 2 * pad, th_.dp(1200));
    const float unit = (panel_w - (kKeyRowUnits - 1) * gap) / kKeyRowUnits;
    const float left = std::round((W_ - panel_w) * 0.5f);
    const float key_h = th_.touch();
    float y = keyboard_.y + pad;
    for (std::size_t row = 0; row < kKeyRows.size(); ++row) {
        float x = left;
        for (const KeySpec& k : kKeyRows[row]) {
            if (k.id.empty()) continue;
            const float w = unit * k.units + gap * (k.units - 1.0f);
            const Rect r{x, y, w, key_h};
            x += w + gap;
            const std::string id = "key-" + std::string(k.id);
            switch (k.action) {
            case KeyAction::type: {
                const std::string_view label = v_.shift_ ? k.upper : k.lower;
                if (key(r, label, id, false)) {
                    emit(TypeText{std::string(label)});
                    v_.shift_ = false;   // one-shot, like a phone keyboard
                }
                break;
            }
            case KeyAction::space:
                if (key(r, "", id, false)) emit(TypeText{" "});
                // A space bar is recognised by its shape; the label is for automation only.
                if (items_ && !items_->empty() && items_->back().id == id) items_->back().label = words::space_key;
                break;
            case KeyAction::shift: {
                if (key(r, "", id, v_.shift_)) {
                    v_.shift_ = !v_.shift_;
                    v_.again_ = true;   // every letter key changes case: draw them all again
                }
                if (items_ && !items_->empty() && items_->back().id == id) items_->back().label = words::shift_key;
                // An upward arrow: the shift symbol on every keyboard.
                const ImU32 col = v_.shift_ ? c_.focus_text : c_.key_text;
                const float cx = r.x + r.w * 0.5f, cy = r.y + r.h * 0.5f, a = th_.dp(12);
                const ImVec2 pts[7] = {{cx, cy - a},           {cx + a, cy},         {cx + a * 0.45f, cy},
                                       {cx + a * 0.45f, cy + a}, {cx - a * 0.45f, cy + a}, {cx - a * 0.45f, cy},
                                       {cx - a, cy}};
                dl_->AddPolyline(pts, 7, col, ImDrawFlags_Closed, th_.dp(2.5f));
                break;
            }
            case KeyAction::backspace: {
                if (key(r, "", id, false)) emit(Backspace{});
                if (items_ && !items_->empty() && items_->back().id == id) items_->back().label = words::delete_key;
                backspace_icon(r);
                break;
            }
            }
        }
        y += key_h + gap;
    }
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
        Item item{dir < 0 ? "scroll-up" : "scroll-down", std::string(dir < 0 ? words::scroll_up : words::scroll_down),
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
    item.x = visible.x;
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
    if (tap(r, content_area_)) emit(multiple ? Intent{Toggle{choice.value}} : Intent{Choose{choice.value}});
    return h;
}

float ViewFrame::text_field(float y0, const TextFieldSpec& spec) {
    const auto err_it = st_.field_errors.find(spec.field);
    const bool has_error = err_it != st_.field_errors.end() && !err_it->second.empty();
    const float indent = has_error ? th_.dp(20) : 0.0f;
    const float x = x0_ + indent;
    const float w = cw_ - indent;
    float y = y0;
    // A single field whose label repeats the heading is labelled by the heading (GOV.UK pattern).
    if (!spec.label.empty() && spec.label != content_.heading) {
        y += put(spec.label, text::Face::body_bold, c_.text, x, y, w) + th_.dp(6);
    }
    if (!spec.hint.empty()) y += put(spec.hint, text::Face::body, c_.secondary_text, x, y, w) + th_.dp(6);
    if (has_error) y += put(err_it->second, text::Face::body_bold, c_.error, x, y, w) + th_.dp(6);

    const std::string& value = text_of(st_, spec.field);
    const bool focused = st_.focus == spec.field;
    const float pad = th_.dp(12);
    const text::Style style{text::Face::body, c_.text, w - 2 * pad};
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
    const ImVec2 tpos(x + pad, y + pad);
    text::draw(dl_, tpos, value, style);
    if (focused) {
        const float lh = text::line_height(text::Face::body);
        const ImVec2 caret(tpos.x + lay.end.x + th_.dp(1), tpos.y + lay.end.y + lh * 0.1f);
        dl_->AddRectFilled(caret, ImVec2(caret.x + th_.dp(3), caret.y + lh * 0.8f), c_.text);
        // The caret's line and the bottom of the box: what typing must keep in sight.
        const float caret_top = std::max(y0, tpos.y + lay.end.y - pad);
        focused_rect_ = Rect{box.x, caret_top, box.w, box.bottom() + th_.dp(8) - caret_top};
        have_focused_rect_ = true;
    }
    Item item{"field-" + std::string(field_id(spec.field)),
              std::string(spec.label.empty() ? content_.heading : spec.label), ItemKind::field};
    item.selected = focused;
    item.filled = !value.empty();
    record(item, box, content_area_);
    if (tap(box, content_area_) && !focused) emit(FocusField{spec.field});
    if (has_error)
        dl_->AddRectFilled(ImVec2(x0_, y0), ImVec2(x0_ + th_.dp(5), box.bottom()), c_.error);
    field_places_.push_back(FieldPlace{spec.field, Rect{x0_, y0, cw_, box.bottom() + th_.dp(8) - y0}, has_error});
    return box.bottom() - y0;
}

float ViewFrame::error_summary(float y0) {
    std::vector<std::string_view> lines;
    for (const std::string& m : st_.error_summary) lines.push_back(m);
    if (st_.screen == Screen::check_answers && !st_.store_error.empty()) lines.push_back(st_.store_error);
    if (lines.empty()) return 0.0f;
    const float pad = th_.dp(20);
    const float border = th_.dp(5);
    const float wrap = cw_ - 2 * (pad + border);
    float h = text::measure(text_error_summary_title(), {text::Face::body_bold, 0, wrap}).y + th_.dp(12);
    for (std::string_view l : lines) h += text::measure(l, {text::Face::body_bold, 0, wrap}).y + th_.dp(6);
    h += 2 * (pad + border);
    const Rect r{x0_, y0, cw_, h};
    dl_->AddRect(ImVec2(r.x + border * 0.5f, r.y + border * 0.5f),
                 ImVec2(r.right() - border * 0.5f, r.bottom() - border * 0.5f), c_.error, 0, 0, border);
    float y = y0 + border + pad;
    const float x = x0_ + border + pad;
    y += put(text_error_summary_title(), text::Face::body_bold, c_.text, x, y, wrap) + th_.dp(12);
    for (std::string_view l : lines) y += put(l, text::Face::body_bold, c_.error, x, y, wrap) + th_.dp(6);
    return h + th_.dp(24);
}

bool ViewFrame::key(const Rect& r, std::string_view label, std::string id, bool selected) {
    const bool down = held(r, keyboard_shown_ && r.y >= keyboard_.y ? keyboard_ : content_area_);
    const ImU32 fill = down || selected ? c_.key_pressed : c_.key;
    dl_->AddRectFilled(r.min(), r.max(), fill, th_.dp(6));
    dl_->AddRect(r.min(), r.max(), th_.high_contrast ? c_.text : c_.border, th_.dp(6), 0,
                 th_.dp(th_.high_contrast ? 2.0f : 1.0f));
    if (!label.empty()) {
        const ImVec2 size = text::measure(label, {text::Face::body_bold});
        put(label, text::Face::body_bold, selected && th_.high_contrast ? c_.focus_text : c_.key_text,
              std::round(r.x + (r.w - size.x) * 0.5f), std::round(r.y + (r.h - size.y) * 0.5f), 0);
    }
    const Rect& clip = keyboard_shown_ && r.y >= keyboard_.y ? keyboard_ : content_area_;
    Item item{std::move(id), std::string(label), ItemKind::key};
    item.selected = selected;
    record(item, r, clip);
    return tap(r, clip);
}

// ---- screens --------------------------------------------------------------------------------------

float ViewFrame::heading_block(float y0, bool with_progress) {
    float y = y0;
    if (with_progress) {
        const Progress p = progress(st_);
        if (p.m > 0) {
            const std::string caption = replace_all(replace_all(text_question_n_of_m(), "{n}", std::to_string(p.n)),
                                                    "{m}", std::to_string(p.m));
            y += put(caption, text::Face::body, c_.secondary_text, x0_, y, cw_) + th_.dp(6);
        }
    }
    y += error_summary(y);
    std::string heading(content_.heading);
    if (is_optional(st_.screen)) {
        heading += ' ';
        heading += text_optional();
    }
    y += put(heading, text::Face::heading, c_.text, x0_, y, cw_) + th_.dp(16);
    if (!content_.hint.empty()) y += put(content_.hint, text::Face::body, c_.secondary_text, x0_, y, cw_) + th_.dp(20);
    return y - y0;
}

float ViewFrame::screen_question(float y0) {
    float y = y0 + heading_block(y0, true);
    // A problem with the choices (nothing chosen, a consent not answered) sits above them with the
    // red bar, as GOV.UK does for radios.
    const bool choice_error = !content_.choices.empty() && !st_.question_error.empty();
    const float cy0 = y;
    const float indent = choice_error ? th_.dp(20) : 0.0f;
    if (choice_error)
        y += put(st_.question_error, text::Face::body_bold, c_.error, x0_ + indent, y, cw_ - indent) + th_.dp(8);
    for (const Choice& choice : content_.choices) {
        if (!choice.legend.empty()) {
            // A question of its own on this screen: its heading, then its own radio group.
            if (&choice != &content_.choices.front()) y += th_.dp(18);
            y += put(choice.legend, text::Face::body_bold, c_.text, x0_ + indent, y, cw_ - indent) + th_.dp(10);
        }
        y += choice_row(y, choice, is_chosen(st_, choice.value), content_.multiple,
                        "choice-" + std::to_string(choice.value), x0_ + indent, cw_ - indent) +
             th_.dp(10);
    }
    if (choice_error) dl_->AddRectFilled(ImVec2(x0_, cy0), ImVec2(x0_ + th_.dp(5), y - th_.dp(10)), c_.error);
    if (content_.choices.empty() && !st_.question_error.empty())
        y += put(st_.question_error, text::Face::body_bold, c_.error, x0_, y, cw_) + th_.dp(12);
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
    float row_y = y;
    float tallest = 0.0f;
    for (std::size_t i = 0; i < options.size(); ++i) {
        const LanguageOption& o = options[i];
        const bool right = two_columns && (i % 2 == 1);
        // Names in scripts the interim text layer cannot draw properly: the English name instead.
        const std::string_view name = text::can_draw(o.native_name) ? std::string_view(o.native_name)
                                                                    : english_language_name(o.code);
        const float x = right ? x0_ + col_w + gap : x0_;
        const float pad = th_.dp(14);
        const float h = std::max(th_.touch() + th_.dp(8),
                                 text::measure(name, {text::Face::body_bold, 0, col_w - 2 * pad}).y + 2 * pad);
        const Rect r{x, row_y, col_w, h};
        const bool selected = is_chosen(st_, static_cast<int>(i));
        const bool down = held(r, content_area_);
        dl_->AddRectFilled(r.min(), r.max(), down ? c_.row_pressed : c_.background);
        dl_->AddRect(r.min(), r.max(), th_.high_contrast ? c_.text : c_.border, 0, 0, th_.dp(2));
        put(name, text::Face::body_bold, c_.link, x + pad, std::round(row_y + (h - text::measure(name, {text::Face::body_bold, 0, col_w - 2 * pad}).y) * 0.5f),
              col_w - 2 * pad);
        Item item{"language-" + o.code, std::string(name), ItemKind::choice};
        item.selected = selected;
        record(item, r, content_area_);
        if (tap(r, content_area_)) emit(ChooseLanguage{o.code});
        tallest = std::max(tallest, h);
        if (!two_columns || right || i + 1 == options.size()) {
            row_y += tallest + gap;
            tallest = 0.0f;
        }
    }
    y = row_y + th_.dp(20);
    // Display settings a person can change for their own session.
    const std::array<std::pair<std::string_view, std::string_view>, 2> toggles{
        {{"larger-text", words::larger_text}, {"high-contrast", words::high_contrast}}};
    float tx = x0_;
    for (std::size_t i = 0; i < toggles.size(); ++i) {
        const bool on = i == 0 ? v_.modes_.larger_text : v_.modes_.high_contrast;
        const float w = text::measure(toggles[i].second, {text::Face::body_bold}).x + th_.dp(96);
        if (tx + w > x0_ + cw_ && tx > x0_) {
            tx = x0_;
            y += th_.touch() + th_.dp(16);
        }
        const Rect r{tx, y, w, th_.touch()};
        const bool down = held(r, content_area_);
        dl_->AddRectFilled(r.min(), r.max(), down ? c_.row_pressed : c_.secondary_button);
        dl_->AddRect(r.min(), r.max(), c_.text, 0, 0, th_.dp(2));
        checkbox(Rect{tx + th_.dp(12), y + (th_.touch() - th_.dp(34)) * 0.5f, th_.dp(34), th_.dp(34)}, on);
        put(toggles[i].second, text::Face::body_bold, c_.secondary_button_text, tx + th_.dp(60),
              y + (th_.touch() - text::line_height(text::Face::body_bold)) * 0.5f, 0);
        Item item{std::string(toggles[i].first), std::string(toggles[i].second), ItemKind::check};
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
    const std::vector<AnswerRow> rows = check_answer_rows(st_);
    const bool columns = cw_ >= th_.dp(640);
    const float gap = th_.dp(20);
    const float change_w = text::measure(text_change(), {text::Face::body_bold}).x + th_.dp(24);
    const float q_w = columns ? std::round((cw_ - change_w - 2 * gap) * 0.45f) : cw_ - change_w - gap;
    const float a_w = columns ? cw_ - change_w - 2 * gap - q_w : cw_ - change_w - gap;
    std::map<std::string, int> seen;   // a screen with several rows gets -2, -3 … on its id
    dl_->AddLine(ImVec2(x0_, y), ImVec2(x0_ + cw_, y), c_.border, th_.dp(1));
    for (const AnswerRow& row : rows) {
        const float pad = th_.dp(14);
        const float qh = text::measure(row.question, {text::Face::body_bold, 0, q_w}).y;
        const std::string_view answer = row.answer.empty() ? text_not_given() : std::string_view(row.answer);
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
        if (link(x0_ + cw_ - change_w + th_.dp(8), link_y, text_change(), id, content_area_))
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
    const ImVec2 ls = text::measure(text_your_reference(), {text::Face::body, 0, wrap});
    const ImVec2 rs = text::measure(st_.reference, {text::Face::display, 0, wrap});
    const float h = pad + hs.y + th_.dp(16) + ls.y + th_.dp(8) + rs.y + pad;
    dl_->AddRectFilled(ImVec2(x0_, y), ImVec2(x0_ + cw_, y + h), c_.panel);
    if (th_.high_contrast) dl_->AddRect(ImVec2(x0_, y), ImVec2(x0_ + cw_, y + h), c_.panel_text, 0, 0, th_.dp(4));
    float py = y + pad;
    put(content_.heading, text::Face::heading, c_.panel_text, x0_ + (cw_ - hs.x) * 0.5f, py, wrap);
    py += hs.y + th_.dp(16);
    put(text_your_reference(), text::Face::body, c_.panel_text, x0_ + (cw_ - ls.x) * 0.5f, py, wrap);
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
    const std::string_view noted_label = text_noted_reference();
    const float cy0 = y;
    const float indent = st_.question_error.empty() ? 0.0f : th_.dp(20);
    if (!st_.question_error.empty())
        y += put(st_.question_error, text::Face::body_bold, c_.error, x0_ + indent, y, cw_ - indent) + th_.dp(8);
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

    for (const std::string& p : confirmation_paragraphs(st_)) {
        // A short line without a full stop ("What happens next") is a sub-heading.
        const bool heading = !p.empty() && p.size() < 60 && std::string_view(".!?:)").find(p.back()) == std::string_view::npos;
        if (heading) y += th_.dp(8);
        y += put(p, heading ? text::Face::body_bold : text::Face::body, c_.text, x0_, y, cw_) + th_.dp(heading ? 8 : 16);
    }
    return y - y0;
}

float ViewFrame::screen_staff_pin(float y0) {
    float y = y0 + heading_block(y0, false);
    const std::string& pin = text_of(st_, Field::staff_pin);
    const std::size_t n = text::code_points(pin);
    const auto err = st_.field_errors.find(Field::staff_pin);
    const bool has_error = err != st_.field_errors.end() && !err->second.empty();
    // Keys of the touch minimum (15 mm) with small gaps, so the keypad, the PIN and the error
    // (summary and message) fit above the bottom bar on a 1280x800 screen.
    const float key_w = th_.dp(110), key_h = th_.touch(), gap = th_.dp(10);
    const float pad_w = 3 * key_w + 2 * gap;
    // The error message goes beside the PIN box when there is room (it is short), else above it:
    // the summary above already says it, so this costs no height on a wide screen.
    const float beside_x = x0_ + pad_w + th_.dp(24);
    const float beside_w = x0_ + cw_ - beside_x;
    const bool beside = has_error && beside_w >= th_.dp(200) &&
                        text::measure(err->second, {text::Face::body_bold, 0, beside_w}).y <= th_.touch();
    if (has_error && !beside)
        y += put(err->second, text::Face::body_bold, c_.error, x0_, y, cw_) + th_.dp(8);
    // The PIN as dots: how many digits, never which.
    const Rect box{x0_, y, pad_w, th_.touch()};
    if (beside) {
        const float eh = text::measure(err->second, {text::Face::body_bold, 0, beside_w}).y;
        put(err->second, text::Face::body_bold, c_.error, beside_x, y + (box.h - eh) * 0.5f, beside_w);
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
            if (items_ && !items_->empty() && items_->back().id == "pin-backspace") items_->back().label = words::delete_key;
            backspace_icon(r);
        }
    }
    y += 4 * key_h + 3 * gap;
    return y - y0;
}

float ViewFrame::screen_staff_menu(float y0) {
    float y = y0 + heading_block(y0, false);
    std::vector<Choice> items = content_.choices;
    if (items.empty())
        for (std::size_t i = 0; i < words::staff_menu.size(); ++i) items.push_back({static_cast<int>(i), words::staff_menu[i], {}});
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
        record(Item{"staff-menu-" + std::to_string(choice.value), std::string(choice.label), ItemKind::button}, r,
               content_area_);
        if (tap(r, content_area_)) emit(StaffChoose{choice.value});
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
        {words::bar_sent, q.acked, th_.high_contrast ? c_.text : IM_COL32(0, 112, 60, 255)},
        {words::bar_ready, q.queued, th_.high_contrast ? c_.focus : IM_COL32(29, 112, 184, 255)},
        {words::bar_sending, q.sending, th_.high_contrast ? c_.focus : IM_COL32(86, 148, 202, 255)},
        {words::bar_retry, q.retry_wait, th_.high_contrast ? c_.focus : IM_COL32(244, 119, 56, 255)},
        {words::bar_refused, q.quarantined, c_.error},
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
            const std::string label = std::string(p.label) + ": " + std::to_string(p.count);
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
    for (const StatusRow& r : staff_status_rows(st_)) {
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
    // Fetch the counts again (StaffChoose 2 on this screen = refresh).
    const float bw = text::measure(words::check_again, {text::Face::body_bold}).x + th_.dp(48);
    const Rect r{x0_, y, bw, th_.touch()};
    const bool down = held(r, content_area_);
    dl_->AddRectFilled(ImVec2(r.x, r.y + th_.dp(4)), ImVec2(r.right(), r.bottom() + th_.dp(4)), c_.border);
    dl_->AddRectFilled(r.min(), r.max(), down ? c_.key_pressed : c_.secondary_button);
    if (th_.high_contrast) dl_->AddRect(r.min(), r.max(), c_.text, 0, 0, th_.dp(2));
    put(words::check_again, text::Face::body_bold, c_.secondary_button_text, r.x + th_.dp(24),
          r.y + (r.h - text::line_height(text::Face::body_bold)) * 0.5f, 0);
    record(Item{"refresh", std::string(words::check_again), ItemKind::button}, r, content_area_);
    if (tap(r, content_area_)) emit(StaffChoose{2});
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
    const std::string hint = replace_all(text_still_there_hint(), "{s}", std::to_string(left));
    const float hh = text::measure(text_still_there(), {text::Face::heading, 0, wrap}).y;
    const float ph = text::measure(hint, {text::Face::body, 0, wrap}).y;
    const float h = pad + hh + th_.dp(16) + ph + th_.dp(28) + th_.touch() + th_.dp(4) + pad;
    const Rect box{std::round((W_ - w) * 0.5f), std::round(std::max(top_.bottom() + th_.dp(8), (H_ - h) * 0.5f)), w, h};
    dl_->AddRectFilled(box.min(), box.max(), c_.background);
    dl_->AddRect(box.min(), box.max(), c_.text, 0, 0, th_.outline());
    float y = box.y + pad;
    y += put(text_still_there(), text::Face::heading, c_.text, box.x + pad, y, wrap) + th_.dp(16);
    y += put(hint, text::Face::body, c_.text, box.x + pad, y, wrap) + th_.dp(28);
    const std::string_view label = text_still_here_button();
    const float bw = std::min(wrap, text::measure(label, {text::Face::body_bold}).x + th_.dp(56));
    const Rect full{0, 0, W_, H_};
    if (primary_button(Rect{box.x + pad, y, bw, th_.touch()}, label, true, "still-here", full)) emit(StillHere{});
}

// ---- the frame ------------------------------------------------------------------------------------

// After drawing: scroll so that what the person must see next is in sight, most important first —
// a new problem (its field, or the summary at the top), a field that a choice just revealed, the
// field being typed into as it gains focus or grows.
void ViewFrame::reveal_what_matters() {
    std::string error_key = st_.question_error + '\n' + st_.store_error;
    for (const std::string& e : st_.error_summary) error_key += '\n' + e;
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
    const float top = content_area_.y + th_.dp(24) - v_.scroll_;
    float h = 0.0f;
    switch (st_.screen) {
    case Screen::language: h = screen_language(top); break;
    case Screen::check_answers: h = screen_check_answers(top); break;
    case Screen::confirmation: h = screen_confirmation(top); break;
    case Screen::staff_pin: h = screen_staff_pin(top); break;
    case Screen::staff_menu: h = screen_staff_menu(top); break;
    case Screen::staff_status: h = screen_staff_status(top); break;
    default: h = screen_question(top); break;
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
        const Rect r = quick_exit_rect(th_, W_);
        const float shadow = th_.dp(4);
        dl_->AddRectFilled(ImVec2(r.x, r.y + shadow), ImVec2(r.right(), r.bottom() + shadow),
                           th_.high_contrast ? c_.focus : IM_COL32(42, 11, 6, 255));
        dl_->AddRectFilled(r.min(), r.max(), c_.quick_exit);
        if (th_.high_contrast) dl_->AddRect(r.min(), r.max(), c_.focus, 0, 0, th_.dp(3));
        const std::string_view label = text_quick_exit();
        const ImVec2 size = text::measure(label, {text::Face::body_bold});
        put(label, text::Face::body_bold, c_.quick_exit_text, std::round(r.x + (r.w - size.x) * 0.5f),
              std::round(r.y + (r.h - size.y) * 0.5f), 0);
        if (items_) {
            Item item{"quick-exit", std::string(label), ItemKind::button};
            item.x = r.x;
            item.y = r.y;
            item.w = r.w;
            item.h = r.h + shadow;
            items_->push_back(std::move(item));
        }
    }
    return std::move(out_);
}

// [SECTION] View ====================================================================================

std::optional<Intent> View::early_intent(const State& state, const FrameContext& frame) {
    const PointerInput& p = frame.pointer;
    if (p.pressed) {
        gesture_ = Gesture{true, p.press_pos, false, false, scroll_};
        if (state.screen != Screen::neutral) {
            const Rect r = quick_exit_rect(theme_, frame.size.x);
            const Rect with_shadow{r.x, r.y, r.w, r.h + theme_.dp(4)};
            if (with_shadow.contains(p.press_pos)) {
                gesture_.consumed = true;   // its release must not tap what the neutral screen shows there
                return QuickExit{};
            }
        }
    }
    return std::nullopt;
}

std::vector<Intent> View::draw(const State& state, const FrameContext& frame, ImDrawList* list,
                               std::vector<Item>* items) {
    again_ = false;
    if (last_screen_ != state.screen) {
        scroll_ = 0.0f;
        content_height_ = 0.0f;
        shift_ = false;
        last_screen_ = state.screen;
        last_error_key_.clear();
        last_field_count_ = static_cast<std::size_t>(-1);   // the fields a screen opens with are not "revealed"

        // A gesture that began on the previous screen must not tap anything on this one.
        if (gesture_.active) gesture_.consumed = true;
    }
    ViewFrame f(*this, state, frame, list, items);
    std::vector<Intent> intents = f.run();
    if (frame.pointer.released) gesture_ = Gesture{};
    return intents;
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
    shift_ = false;
    corner_taps_.clear();
    last_screen_.reset();
    last_focus_.reset();
    last_focus_length_ = 0;
    last_error_key_.clear();
    last_field_count_ = 0;
    display_request_.reset();
}

// [SECTION] startup failure =========================================================================

void draw_startup_failure(ImDrawList* list, ImVec2 size, const Theme& th, std::string_view message, int code) {
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
    put(HRC_TEXT("This kiosk is not working at the moment"), text::Face::heading, c.text);
    y += th.dp(16);
    put(HRC_TEXT("Please ask a member of staff for help. You can also report hate to the police on 101, or call 999 in an emergency."),
        text::Face::body, c.text);
    y += th.dp(40);
    const float box_top = y;
    y += th.dp(24);
    const float inner = th.dp(28);
    const float saved_x = x;
    const auto put_in = [&](std::string_view s, text::Face face, ImU32 colour) {
        y += text::draw(list, ImVec2(saved_x + inner, y), s, text::Style{face, colour, w - 2 * inner}).y;
    };
    put_in(HRC_TEXT("For staff"), text::Face::body_bold, c.text);
    y += th.dp(8);
    put_in(message, text::Face::body, c.text);
    y += th.dp(12);
    put_in(std::string(HRC_TEXT("Error code ")) + std::to_string(code) +
               HRC_TEXT(" (see docs/exit-codes.md). Fix the problem, then restart the kiosk (systemctl restart hrc-kiosk)."),
           text::Face::body, c.secondary_text);
    y += th.dp(24);
    list->AddRectFilled(ImVec2(x, box_top), ImVec2(x + th.dp(8), y), c.error);
}

// [SECTION] local time in words =====================================================================

std::string local_time_in_words(std::int64_t t, std::int64_t now, std::string_view never) {
    if (t <= 0) return std::string(never);
    const std::time_t tt = static_cast<std::time_t>(t);
    const std::time_t tn = static_cast<std::time_t>(now);
    std::tm local{}, today{};
    if (localtime_r(&tt, &local) == nullptr || localtime_r(&tn, &today) == nullptr) return std::string(never);
    char clock[32];
    // "6:05pm": GOV.UK style for times.
    const int hour12 = local.tm_hour % 12 == 0 ? 12 : local.tm_hour % 12;
    std::snprintf(clock, sizeof clock, "%d:%02d%s", hour12, local.tm_min, local.tm_hour < 12 ? "am" : "pm");
    std::string day;
    std::tm yesterday = today;
    yesterday.tm_mday -= 1;
    (void)std::mktime(&yesterday);
    if (local.tm_year == today.tm_year && local.tm_yday == today.tm_yday) {
        day = HRC_TEXT("today");
    } else if (local.tm_year == yesterday.tm_year && local.tm_yday == yesterday.tm_yday) {
        day = HRC_TEXT("yesterday");
    } else {
        char weekday[32], month[32];
        if (std::strftime(weekday, sizeof weekday, "%A", &local) == 0) weekday[0] = '\0';
        if (std::strftime(month, sizeof month, "%B", &local) == 0) month[0] = '\0';
        day = std::string(weekday) + " " + std::to_string(local.tm_mday) + " " + month;
        if (local.tm_year != today.tm_year) day += " " + std::to_string(local.tm_year + 1900);
    }
    std::string out = day + " " + HRC_TEXT("at") + " " + clock;
    const std::int64_t ago = now - t;
    if (ago >= 0 && ago < 48 * 3600) {
        if (ago < 60) out += std::string(" (") + HRC_TEXT("just now") + ")";
        else if (ago < 3600) out += " (" + std::to_string(ago / 60) + " " + (ago < 120 ? HRC_TEXT("minute ago") : HRC_TEXT("minutes ago")) + ")";
        else out += " (" + std::to_string(ago / 3600) + " " + (ago < 7200 ? HRC_TEXT("hour ago") : HRC_TEXT("hours ago")) + ")";
    }
    // Capital first letter: "Today at …" reads as a sentence.
    if (!out.empty() && out[0] >= 'a' && out[0] <= 'z') out[0] = static_cast<char>(out[0] - 'a' + 'A');
    return out;
}

} // namespace hrc::kiosk
