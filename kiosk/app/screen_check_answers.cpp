// kiosk/app/screen_check_answers.cpp — CHECK_ANSWERS: one row per question asked (the model's
// check_answer_rows()), the answer or "You did not answer", and a Change link on each.
#include <algorithm>
#include <cmath>
#include <map>
#include <string>

#include "view_frame.h"

namespace hrc::kiosk {

float ViewFrame::screen_check_answers(float y0) {
    float y = y0 + heading_block(y0, false);
    const std::vector<AnswerRow> rows = check_answer_rows(st_, t_);
    const bool columns = cw_ >= th_.dp(640);
    const float gap = th_.dp(20);
    const float change_w = text::measure(T(text_change()), {text::Face::body_bold}).x + th_.dp(24);
    // Easy read: a column of pictures (each question's screen picture) before the questions.
    const bool pictures = std::any_of(rows.begin(), rows.end(),
                                      [](const AnswerRow& row) { return !row.picture.empty(); });
    const float pic = pictures ? std::round(picture_size() * 0.75f) : 0.0f;
    const float qx = x0_ + (pictures ? pic + gap : 0.0f);
    const float rest = cw_ - (qx - x0_);
    const float q_w =
        columns ? std::round((rest - change_w - 2 * gap) * 0.45f) : rest - change_w - gap;
    const float a_w = columns ? rest - change_w - 2 * gap - q_w : rest - change_w - gap;
    const float answer_indent = th_.dp(24); // one column only
    std::map<std::string, int> seen;        // a screen with several rows gets -2, -3 … on its id
    dl_->AddLine(ImVec2(x0_, y), ImVec2(x0_ + cw_, y), c_.border, th_.dp(1));
    for (const AnswerRow& row : rows) {
        const float pad = th_.dp(14);
        const float qh = text::measure(row.question, {text::Face::body_bold, 0, q_w}).y;
        const std::string_view answer =
            row.answer.empty() ? T(text_not_answered()) : std::string_view(row.answer);
        const float ah =
            text::measure(answer, {text::Face::body, 0, columns ? a_w : a_w - answer_indent}).y;
        const float content_h = columns ? std::max(qh, ah) : qh + th_.dp(6) + ah;
        const float h = std::max({th_.touch() + th_.dp(8), content_h + 2 * pad, pic + 2 * pad});
        // The question is the label, the answer what the person checks. Nastaliq and Naskh have
        // no bold (issue 14 item 6), so the hierarchy never rests on weight alone: the question is
        // in the secondary text colour (still >= 4.5:1), the answer in the text colour, and on one
        // column the answer is indented under its question.
        picture(row.picture, x0_, y + pad, pic);
        put(row.question, text::Face::body_bold, c_.secondary_text, qx, y + pad, q_w);
        const float ax = columns ? qx + q_w + gap : qx + answer_indent;
        const float ay = columns ? y + pad : y + pad + qh + th_.dp(6);
        const float aw = columns ? a_w : a_w - answer_indent;
        put(answer, text::Face::body, c_.text, ax, ay, aw);
        if (st_.draft.easy_read) {
            // Listed so the line being read aloud can be highlighted (easy read reads each
            // question and answer in turn); the answer only when it may be read (spoken_answer).
            note("answer-question-" + std::string(screen_id(row.change_to)), row.question,
                 text::Face::body_bold, qx, y + pad, q_w);
            if (!row.spoken_answer.empty())
                note("answer-" + std::string(screen_id(row.change_to)), answer, text::Face::body,
                     ax, ay, aw);
        }
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

} // namespace hrc::kiosk
