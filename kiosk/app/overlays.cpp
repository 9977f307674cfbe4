// kiosk/app/overlays.cpp — what is drawn over or instead of a screen: the "Are you still there?"
// overlay with its countdown, and the full-screen message when the kiosk cannot start.
#include <algorithm>
#include <cmath>
#include <cstdint>

#include "view_frame.h"

namespace hrc::kiosk {

// Idle: the countdown before everything is wiped, and the one button that keeps the report.
void ViewFrame::draw_still_there() {
    dl_->AddRectFilled(ImVec2(0, 0), ImVec2(W_, H_), c_.overlay_dim);
    const float w = std::min(cw_, th_.dp(760));
    const float pad = th_.dp(32);
    const float wrap = w - 2 * pad;
    const std::int64_t left = std::max<std::int64_t>(0, st_.still_there_deadline - f_.now);
    const PluralKey hint_key = text_still_there_hint();
    const std::string hint = t_.count(hint_key.singular, hint_key.plural, static_cast<long>(left));
    const float hh = text::measure(T(text_still_there()), {text::Face::heading, 0, wrap}).y;
    const float ph = text::measure(hint, {text::Face::body, 0, wrap}).y;
    // Read aloud on the overlay too (issue 14): a person who cannot read hears why the page will
    // clear; the shell also starts it by itself when Read aloud was used in this session.
    const bool read_aloud = f_.read_aloud.available;
    const float read_aloud_h = read_aloud ? th_.dp(24) + th_.touch() + th_.dp(4) : 0.0f;
    const float h =
        pad + hh + th_.dp(16) + ph + th_.dp(28) + th_.touch() + th_.dp(4) + read_aloud_h + pad;
    const Rect box{std::round((W_ - w) * 0.5f),
                   std::round(std::max(top_.bottom() + th_.dp(8), (H_ - h) * 0.5f)), w, h};
    dl_->AddRectFilled(box.min(), box.max(), c_.background);
    dl_->AddRect(box.min(), box.max(), c_.text, 0, 0, th_.outline());
    float y = box.y + pad;
    y +=
        put(T(text_still_there()), text::Face::heading, c_.text, box.x + pad, y, wrap) + th_.dp(16);
    y += put(hint, text::Face::body, c_.text, box.x + pad, y, wrap) + th_.dp(28);
    const std::string label = T(text_still_here_button());
    const float bw = std::min(wrap, text::measure(label, {text::Face::body_bold}).x + th_.dp(56));
    const Rect full{0, 0, W_, H_};
    if (primary_button(Rect{box.x + pad, y, bw, th_.touch()}, label, true,
                       automation_id::still_here, full))
        emit(StillHere{});
    if (read_aloud)
        (void)read_aloud_button(box.x + pad, y + th_.touch() + th_.dp(4) + th_.dp(24), full,
                                [this] { return still_there_script(st_, t_, f_.now); });
}

// [SECTION] startup failure =======================================================================

void draw_startup_failure(ImDrawList* list, ImVec2 size, const Theme& th, std::string_view message,
                          int code, const Translator& t) {
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
        y += text::draw(list, ImVec2(saved_x + inner, y), s,
                        text::Style{face, colour, w - 2 * inner})
                 .y;
    };
    put_in(t(keys::broken_for_staff), text::Face::body_bold, c.text);
    y += th.dp(8);
    put_in(message, text::Face::body, c.text);
    y += th.dp(12);
    put_in(fill_placeholders(t(keys::broken_error_code), {{"code", std::to_string(code)}}),
           text::Face::body, c.secondary_text);
    y += th.dp(24);
    list->AddRectFilled(ImVec2(x, box_top), ImVec2(x + th.dp(8), y), c.error);
}

} // namespace hrc::kiosk
