// kiosk/app/screen_confirmation.cpp — CONFIRMATION: the reference in large type in the green panel,
// "I have noted my reference" right under it (Finish needs it, BRIEF §4), then what happens next.
#include <cmath>

#include "view_frame.h"

namespace hrc::kiosk {

float ViewFrame::screen_confirmation(float y0) {
    float y = y0;
    // The green panel: what happened, and the reference, large.
    const float pad = th_.dp(28);
    const float wrap = cw_ - 2 * pad;
    const ImVec2 hs = text::measure(content_.heading, {text::Face::heading, 0, wrap});
    const ImVec2 ls = text::measure(T(text_your_reference()), {text::Face::body, 0, wrap});
    const ImVec2 rs = text::measure(st_.reference, {text::Face::display, 0, wrap});
    // Easy read: the screen's picture above the heading, centred.
    const float pic = content_.picture.empty() ? 0.0f : picture_size() + th_.dp(12);
    const float h = pad + pic + hs.y + th_.dp(16) + ls.y + th_.dp(8) + rs.y + pad;
    dl_->AddRectFilled(ImVec2(x0_, y), ImVec2(x0_ + cw_, y + h), c_.panel);
    if (th_.high_contrast)
        dl_->AddRect(ImVec2(x0_, y), ImVec2(x0_ + cw_, y + h), c_.panel_text, 0, 0, th_.dp(4));
    float py = y + pad;
    if (pic > 0.0f) {
        picture(content_.picture, x0_ + std::round((cw_ - picture_size()) * 0.5f), py,
                picture_size());
        py += pic;
    }
    put(content_.heading, text::Face::heading, c_.panel_text, x0_ + (cw_ - hs.x) * 0.5f, py, wrap);
    note("heading", content_.heading, text::Face::heading, x0_ + (cw_ - hs.x) * 0.5f, py, wrap);
    py += hs.y + th_.dp(16);
    put(T(text_your_reference()), text::Face::body, c_.panel_text, x0_ + (cw_ - ls.x) * 0.5f, py,
        wrap);
    py += ls.y + th_.dp(8);
    const Rect ref{x0_ + (cw_ - rs.x) * 0.5f, py, rs.x, rs.y};
    put(st_.reference, text::Face::display, c_.panel_text, ref.x, ref.y, wrap);
    // Listed for tests, which must read the reference a person is shown; nothing to tap.
    Item ref_item{"reference", st_.reference, ItemKind::button};
    ref_item.enabled = false;
    record(ref_item, ref, content_area_);
    y += h + th_.dp(24);
    if (!content_.hint.empty())
        y += put(content_.hint, text::Face::body, c_.text, x0_, y, cw_) + th_.dp(16);

    // "I have noted my reference", right under the reference it is about: Finish needs it (BRIEF
    // §4).
    const std::string noted_label = T(text_noted_reference());
    const float cy0 = y;
    const float indent = st_.question_error.empty() ? 0.0f : th_.dp(20);
    if (!st_.question_error.empty())
        y += put(T(st_.question_error), text::Face::body_bold, c_.error, x0_ + indent, y,
                 cw_ - indent) +
             th_.dp(8);
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
    put(noted_label, text::Face::body_bold, c_.text, r.x + 2 * pad_row + mark, y + (rh - lh) * 0.5f,
        tw);
    Item item{std::string(automation_id::noted_reference), std::string(noted_label),
              ItemKind::check};
    item.selected = st_.noted_reference;
    record(item, r, content_area_);
    if (tap(r, content_area_)) emit(NotedReference{!st_.noted_reference});
    y += rh;
    if (!st_.question_error.empty())
        dl_->AddRectFilled(ImVec2(x0_, cy0), ImVec2(x0_ + th_.dp(5), y), c_.error);
    y += th_.dp(28);
    if (st_.settings.printer) y += print_block(y) + th_.dp(28);

    for (const ConfirmationBlock& p : confirmation_paragraphs(st_, t_)) {
        const bool heading = p.subheading;
        if (heading) y += th_.dp(8);
        if (!p.contact.empty()) {
            // A support contact: its label, then the number or address in bold, isolated left to
            // right (U+2066 … U+2069) so that an Urdu screen still shows 0800 953 95 95.
            y += put(p.text, text::Face::body, c_.text, x0_, y, cw_) + th_.dp(2);
            y += put("\u2066" + p.contact + "\u2069", text::Face::body_bold, c_.text, x0_, y, cw_) +
                 th_.dp(16);
            continue;
        }
        y += put(p.text, heading ? text::Face::body_bold : text::Face::body, c_.text, x0_, y, cw_) +
             th_.dp(heading ? 8 : 16);
    }
    return y - y0;
}

// "Print my reference" (issue 17), under the box it is an alternative to. The state machine is in
// flow.h: idle → choosing (what a slip holds, then Print / Print only the reference / Do not
// print) → printing → printed or failed (a message; the reference stays on the screen above).
float ViewFrame::print_block(float y0) {
    float y = y0;
    switch (st_.print_stage) {
    case PrintStage::idle:
        if (secondary_button(x0_, y, std::min(cw_, th_.dp(520)), T(text_print_reference()), {},
                             automation_id::print_reference, content_area_))
            emit(PrintReference{});
        return th_.touch();
    case PrintStage::choosing: {
        // Said before anything prints (issue 17 item 2): what is on a slip, and what never is.
        const std::string explained = T(text_print_explained());
        note(std::string(automation_id::print_explained), explained, text::Face::body, x0_, y, cw_);
        y += put(explained, text::Face::body, c_.text, x0_, y, cw_) + th_.dp(16);
        Rect r;
        const float w = std::min(cw_, th_.dp(620));
        if (primary_button(Rect{x0_, y, w, th_.touch()}, T(text_print_full()), true,
                           automation_id::print_full, content_area_))
            emit(ChoosePrint{false});
        y += th_.touch() + th_.dp(20);
        if (secondary_button(x0_, y, w, T(text_print_discreet()), T(text_print_discreet_hint()),
                             automation_id::print_discreet, content_area_, &r))
            emit(ChoosePrint{true});
        y += r.h + th_.dp(16);
        if (link(x0_ + th_.dp(8), y, T(text_print_cancel()), automation_id::print_cancel,
                 content_area_, &r))
            emit(CancelPrint{});
        y += r.h;
        return y - y0;
    }
    case PrintStage::printing:
    case PrintStage::printed:
    case PrintStage::failed: {
        const bool failed = st_.print_stage == PrintStage::failed;
        const std::string words =
            st_.print_stage == PrintStage::printing ? T(text_printing()) : T(st_.print_message);
        const float indent = failed ? th_.dp(20) : 0.0f;
        const float h = put(words, text::Face::body_bold, failed ? c_.error : c_.text, x0_ + indent,
                            y, cw_ - indent);
        note(std::string(automation_id::print_status), words, text::Face::body_bold, x0_ + indent,
             y, cw_ - indent);
        if (failed) dl_->AddRectFilled(ImVec2(x0_, y), ImVec2(x0_ + th_.dp(5), y + h), c_.error);
        y += h;
        if (failed) {
            y += th_.dp(16);
            Rect r;
            if (secondary_button(x0_, y, std::min(cw_, th_.dp(520)), T(text_print_again()), {},
                                 automation_id::print_reference, content_area_, &r))
                emit(PrintReference{});
            y += r.h;
        }
        return y - y0;
    }
    }
    return 0.0f;
}

} // namespace hrc::kiosk
