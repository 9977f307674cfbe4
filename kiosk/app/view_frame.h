// kiosk/app/view_frame.h — inside the view: one frame's drawing, hit-testing and automation items.
// Only kiosk/app/ includes this; the rest of the kiosk sees view.h.
//
// A ViewFrame lives for one call of View::draw(): it reads the State, draws into the draw list,
// lists what can be tapped (automation items) and collects the Intents of this frame's taps. What
// must outlive the frame (scroll, gesture, keyboard panel, staff-corner taps) is in View.
//
// Where each part is (one file each, like Tracy's UI):
//   view.cpp                 the frame: regions, top bar (Back, staff corner, quick exit), bottom
//                            bar, scrolling and gestures, what to scroll into sight; View itself
//   widgets.cpp              buttons, links, choice rows, text fields, error summary, keys, the
//                            heading block and the Read aloud row — every label passed in
//   keyboard_panel.cpp       the on-screen keyboard: its layouts and state, and its drawing
//   screen_question.cpp      every question screen (DANGER, ROLE … CONSENT_STATISTICS, STAFF_ID):
//                            choices and fields from content_for()
//   screen_language.cpp      LANGUAGE: the languages and the display options; NEUTRAL
//   every_language.cpp       the words of LANGUAGE and NEUTRAL in each language in turn
//   screen_check_answers.cpp CHECK_ANSWERS
//   screen_confirmation.cpp  CONFIRMATION
//   screens_staff.cpp        STAFF_PIN (keypad), STAFF_MENU, STAFF_STATUS
//   overlays.cpp             "Are you still there?" and the startup failure screen
// What the controls do (Back, the main button, read aloud, the keyboard's letters, the staff
// corner) is decided by the model (kiosk/model/screen_rules.h); this code places and draws it.
#pragma once

#include <algorithm>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <imgui.h>

#include "content.h"
#include "layout_rules.h"
#include "screen_rules.h"
#include "text.h"
#include "view.h"

namespace hrc::kiosk {

// ---- geometry and small helpers -----------------------------------------------------------------

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

inline ImU32 with_alpha(ImU32 colour, float alpha) {
    const auto a = static_cast<ImU32>(std::clamp(alpha, 0.0f, 1.0f) * 255.0f);
    return (colour & ~IM_COL32_A_MASK) | (a << IM_COL32_A_SHIFT);
}

inline const std::string& text_of(const State& st, Field f) {
    static const std::string empty;
    const auto it = st.text.find(f);
    return it == st.text.end() ? empty : it->second;
}

// The top bar (layout_rules.h: top_bar_place): Back (or the staff corner) on the left, the quick
// exit button on the right — always visible except on the neutral screen itself, never on Back:
// its label wraps, or it takes a row of its own, before it would. Used by the frame to draw it and
// by View::early_intent to act on quick exit's press, so both see the same rectangles.
struct TopBar {
    bool back = false;   // Back is shown
    Rect back_rect;      // its touch target
    bool corner = false; // the staff corner is active
    Rect corner_rect;
    bool quick_exit = false;      // quick exit is shown
    Rect quick_exit_rect;         // its face (the shadow is below it)
    float quick_exit_wrap = 0.0f; // > 0: its label wraps at this width
    float height = 0.0f;
};
TopBar top_bar(const Theme& th, float window_w, const State& state, const Translator& words);

// A symbol drawn on a key instead of (or beside) letters.
enum class KeyIcon { none, shift, backspace, caret_back, caret_forward };

// What a key shows and what it is called. `spoken` names the key for the automation output (and
// any assistive use) when it differs from what is shown: the space bar shows nothing, "ABC" is
// "English letters". Empty `spoken`: the shown label is its name.
struct KeyLabel {
    std::string_view shown;
    std::string_view spoken = {};
    KeyIcon icon = KeyIcon::none;
};

// ---- ViewFrame ----------------------------------------------------------------------------------

class ViewFrame {
public:
    ViewFrame(View& view, const State& state, const FrameContext& frame, ImDrawList* list,
              std::vector<Item>* items)
        : v_(view), st_(state), f_(frame), dl_(list), items_(items), th_(view.theme_),
          c_(view.theme_.c), t_(frame.words != nullptr ? *frame.words : english()),
          content_(content_for(state, t_)) {}

    std::vector<Intent> run();

private:
    // ---- the frame (view.cpp) ----
    void layout_regions();
    void draw_top_bar();
    void draw_staff_corner();
    void draw_quick_exit();
    void draw_bottom_bar();
    float main_button_width() const;
    void main_button(const Rect& r, const Rect& clip, float wrap = 0.0f);
    void draw_scroll_buttons();
    void reveal_what_matters();

    // ---- the keyboard (keyboard_panel.cpp) ----
    void draw_keyboard();
    void draw_numeric_pad(); // dates and phone numbers (keyboard_panel.cpp)

    // ---- widgets (widgets.cpp) ----
    bool tap(const Rect& r, const Rect& clip) const;
    bool held(const Rect& r, const Rect& clip) const;
    void record(Item item, const Rect& r, const Rect& clip);
    // Lists a text that is shown but not tappable (ItemKind::text) with the rectangle of its ink.
    void note(std::string id, std::string_view s, text::Face face, float x, float y, float wrap);
    // Easy read: a colour picture (an emoji sequence, text::draw_pictogram) `size` square at
    // (x, y) in layout coordinates; in a mirrored frame at the mirror of x, the picture itself
    // not flipped. Draws nothing for an empty sequence. The size of a picture: picture_size().
    void picture(std::string_view sequence, float x, float y, float size);
    float picture_size() const { return th_.dp(56); }
    // The text being read aloud (FrameContext::reading_line): where record() met it, in layout
    // coordinates, clipped to what is in sight; drawn as a highlight after the content.
    std::optional<Rect> reading_rect_;
    void draw_reading_highlight();
    float put(std::string_view s, text::Face face, ImU32 colour, float x, float y, float wrap) {
        return put_text(s, text::Style{face, colour, wrap}, x, y).y;
    }
    // Draws a text block whose left edge is at x in layout coordinates; in a mirrored frame the
    // block's right edge goes to the mirror of x (view.cpp, "right-to-left"). Returns its size.
    ImVec2 put_text(std::string_view s, const text::Style& style, float x, float y,
                    ImVec2* origin = nullptr);
    // Runs `draw` with its vertices kept out of the mirroring (it draws in real coordinates).
    template <typename F>
    void unmirrored(F&& draw) {
        const int begin = dl_->VtxBuffer.Size;
        draw();
        if (f_.right_to_left) v_.keep_.push_back({begin, dl_->VtxBuffer.Size});
    }
    // `wrap` > 0: the label wraps at that width, its lines centred (fit_button in layout_rules.h).
    bool primary_button(const Rect& r, std::string_view label, bool enabled, std::string_view id,
                        const Rect& clip, float wrap = 0.0f);
    // A button of lesser weight (outlined, the secondary colours), its label wrapping inside it and
    // an optional hint under the label. Returns whether it was tapped; `out` gets its rectangle.
    bool secondary_button(float x, float y, float w, std::string_view label, std::string_view hint,
                          std::string_view id, const Rect& clip, Rect* out = nullptr);
    bool link(float x, float y, std::string_view label, std::string_view id, const Rect& clip,
              Rect* out = nullptr);
    float choice_row(float y, const Choice& choice, bool selected, bool multiple, std::string id,
                     float x, float w);
    float text_field(float y, const TextFieldSpec& spec);
    float error_summary(float y);
    void radio(ImVec2 centre, bool selected);
    void checkbox(const Rect& box, bool ticked);
    bool key(const Rect& r, const KeyLabel& label, std::string id, bool selected,
             bool enabled = true);
    void key_icon(const Rect& r, KeyIcon icon, bool on);
    float heading_block(float y, bool with_progress);
    float read_aloud_row(float y);
    // LANGUAGE has its Read aloud button in the bottom bar, right of Continue, not in a row of its
    // own above the heading (room for every language and the display options), while the button
    // is offered and works (else the row says why, as on every screen) and fits there in every
    // language. Set by run() after layout_regions().
    bool read_aloud_below_ = false;
    bool read_aloud_fits_below();
    // The width of the Read aloud button for a label `label_w` wide.
    float read_aloud_button_width(float label_w) const;
    Rect read_aloud_button(float x, float y, const Rect& clip,
                           const std::function<std::vector<ReadAloudPart>()>& script);

    // ---- screens (screen_*.cpp, screens_staff.cpp, overlays.cpp) ----
    float screen_question(float y);
    float screen_danger(float y);    // screen_question.cpp
    float screen_need_help(float y); // screen_question.cpp
    float screen_language(float y);
    float screen_neutral(float y); // screen_language.cpp
    float screen_check_answers(float y);
    float screen_confirmation(float y);
    float print_block(float y); // CONFIRMATION's "Print my reference" (screen_confirmation.cpp)
    float screen_staff_pin(float y);
    float screen_staff_menu(float y);
    float screen_staff_status(float y);
    void draw_still_there();

    void emit(Intent intent) { out_.push_back(std::move(intent)); }
    // ---- the start and neutral screens in every language (every_language.h) ----
    // Before a language is chosen, LANGUAGE and NEUTRAL show their words in each language in
    // turn: content_ and W() are in language_shown_ then, and the content is measured and drawn in
    // that language's fonts and direction (in_language). Everything else stays in the session's.
    bool turns_languages() const;
    // Runs `draw` with the text layer set to `code` (fonts, shaping, direction), then back.
    template <typename F>
    decltype(auto) in_language(std::string_view code, F&& draw) {
        const std::string before = text_language_;
        text_language_ = std::string(code);
        text::set_language(text_language_);
        struct Restore {
            ViewFrame* f;
            std::string language;
            ~Restore() {
                f->text_language_ = language;
                text::set_language(language);
            }
        } restore{this, before};
        return draw();
    }
    // The words the content is shown in: the language in turn, else the session's.
    const Translator& W() const { return *shown_; }
    // The words of `code`: the session's own Translator for its language, else words_in(code).
    const Translator& words_of(std::string_view code) const;
    // The size of the text of catalog key `key` in `style`: while the languages turn, the widest
    // and the tallest of the twelve (each in its own fonts), so nothing moves as they turn.
    ImVec2 largest(std::string_view key, const text::Style& style);
    float tallest(std::string_view key, const text::Style& style) { return largest(key, style).y; }

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
    const Translator* shown_ = &t_; // W(): the words of the content
    std::string language_shown_;    // the content's language (the session's, or the one in turn)
    std::string text_language_;     // what the text layer is set to now (in_language)

    // regions (window coordinates)
    float W_ = 0, H_ = 0;
    Rect top_, content_area_, bottom_, keyboard_;
    TopBar bar_;
    ButtonFit main_fit_; // the bottom bar's main button: its width, and its label's wrap
    float main_h_ = 0;
    float x0_ = 0, cw_ = 0; // the reading column
    // The scroll buttons' left edge; whether this frame's layout left room for them (at a narrow
    // window the column is narrowed for them: layout_rules.h, scroll_place).
    float scroll_x_ = 0;
    bool scroll_room_ = true;
    bool keyboard_shown_ = false;
    bool blocked_ = false; // the overlay is up: nothing under it takes taps
    // Where each text field's group (label to box) is this frame, to scroll one into sight.
    struct FieldPlace {
        Field field;
        Rect group;
        bool error;
    };
    std::vector<FieldPlace> field_places_;
    Rect focused_rect_{};
    bool have_focused_rect_ = false;
};

} // namespace hrc::kiosk
