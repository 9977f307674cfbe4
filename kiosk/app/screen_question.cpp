// kiosk/app/screen_question.cpp — every question screen: the heading block, the choices (one or two
// radio groups, or checkboxes) and the text fields, all from content_for()
// (kiosk/model/questions.cpp). STAFF_ID and NEUTRAL are drawn here too: they are a heading, a hint
// and a field or none; DANGER is that and its "I need help now" button, and NEED_HELP its lines.
#include <cmath>

#include "view_frame.h"

namespace hrc::kiosk {

float ViewFrame::screen_question(float y0) {
    float y = y0 + heading_block(y0, true);
    // A problem with the choices (nothing chosen, a consent not answered) sits above them with the
    // red bar, as GOV.UK does for radios.
    const bool choice_error = !content_.choices.empty() && !st_.question_error.empty();
    const float cy0 = y;
    const float indent = choice_error ? th_.dp(20) : 0.0f;
    if (choice_error)
        y += put(T(st_.question_error), text::Face::body_bold, c_.error, x0_ + indent, y,
                 cw_ - indent) +
             th_.dp(8);
    for (const Choice& choice : content_.choices) {
        if (!choice.legend.empty()) {
            // A question of its own on this screen: its heading, then its own radio group.
            if (&choice != &content_.choices.front()) y += th_.dp(18);
            y += put(choice.legend, text::Face::body_bold, c_.text, x0_ + indent, y, cw_ - indent) +
                 th_.dp(10);
        }
        y += choice_row(y, choice, is_chosen(st_, choice.id), content_.multiple,
                        automation_id::choice(choice.id), x0_ + indent, cw_ - indent) +
             th_.dp(10);
    }
    if (choice_error)
        dl_->AddRectFilled(ImVec2(x0_, cy0), ImVec2(x0_ + th_.dp(5), y - th_.dp(10)), c_.error);
    if (content_.choices.empty() && !st_.question_error.empty())
        y += put(T(st_.question_error), text::Face::body_bold, c_.error, x0_, y, cw_) + th_.dp(12);
    if (!content_.choices.empty() && !content_.fields.empty()) y += th_.dp(14);
    for (const TextFieldSpec& field : content_.fields)
        y += text_field(y, field) + th_.dp(24);
    return y - y0;
}

// [SECTION] DANGER and NEED_HELP (issue 14 item 3) ================================================

// DANGER: the heading and the 999 hint as any screen, then "I need help now" in the quick-exit
// colours (it is urgent, and unlike the calm main button "I am safe now, continue").
float ViewFrame::screen_danger(float y0) {
    float y = y0 + screen_question(y0) + th_.dp(8);
    const std::string label = T(text_need_help());
    const float pad = th_.dp(20);
    const float w = std::min(cw_, text::measure(label, {text::Face::body_bold}).x + 2 * pad);
    const float lh = text::measure(label, {text::Face::body_bold, 0, w - 2 * pad}).y;
    const Rect r{x0_, y, w, std::max(th_.touch() + th_.dp(8), lh + 2 * pad)};
    const bool down = held(r, content_area_);
    const float shadow = th_.dp(4);
    dl_->AddRectFilled(ImVec2(r.x, r.y + shadow), ImVec2(r.right(), r.bottom() + shadow),
                       c_.quick_exit_shadow);
    dl_->AddRectFilled(r.min(), r.max(), down ? c_.button_pressed : c_.quick_exit);
    if (th_.high_contrast) dl_->AddRect(r.min(), r.max(), c_.text, 0, 0, th_.dp(2));
    put(label, text::Face::body_bold, c_.quick_exit_text, r.x + pad, r.y + (r.h - lh) * 0.5f,
        w - 2 * pad);
    const Rect tappable{r.x, r.y, r.w, r.h + shadow};
    record(Item{std::string(automation_id::need_help), label, ItemKind::button}, tappable,
           content_area_);
    if (tap(tappable, content_area_)) emit(NeedHelp{});
    y += r.h + shadow + th_.dp(16);
    return y - y0;
}

// NEED_HELP: what to do now, in large type; the centre's own words under it. The main button and
// Back return to DANGER with everything kept.
float ViewFrame::screen_need_help(float y0) {
    float y = y0 + heading_block(y0, false);
    int n = 0;
    for (const HelpLine& line : need_help_lines(st_, t_)) {
        const text::Face face = line.large ? text::Face::display : text::Face::heading;
        // Listed for tests ("help-0", "help-1", …): text, nothing to tap.
        note("help-" + std::to_string(n++), line.text, face, x0_, y, cw_);
        y += put(line.text, face, line.large ? c_.error : c_.text, x0_, y, cw_) + th_.dp(20);
    }
    return y - y0;
}

} // namespace hrc::kiosk
