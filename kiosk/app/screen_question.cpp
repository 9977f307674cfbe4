// kiosk/app/screen_question.cpp — every question screen: the heading block, the choices (one or two
// radio groups, or checkboxes) and the text fields, all from content_for()
// (kiosk/model/questions.cpp). DANGER, STAFF_ID and NEUTRAL are drawn here too: they are a heading,
// a hint and a field or none.
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

} // namespace hrc::kiosk
