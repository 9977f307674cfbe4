// kiosk/app/screens_staff.cpp — the staff screens: STAFF_PIN (a numeric keypad; the PIN shown as
// dots), STAFF_MENU, and STAFF_STATUS (counts and times only, never any report's content).
//
// [SECTION] STAFF_PIN
// [SECTION] STAFF_MENU
// [SECTION] STAFF_STATUS
#include <array>
#include <cmath>
#include <string>

#include "view_frame.h"

namespace hrc::kiosk {

// [SECTION] STAFF_PIN ==========================================================================

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
    const bool beside =
        has_error && beside_w >= th_.dp(200) &&
        text::measure(error_text, {text::Face::body_bold, 0, beside_w}).y <= th_.touch();
    if (has_error && !beside)
        y += put(error_text, text::Face::body_bold, c_.error, x0_, y, cw_) + th_.dp(8);
    // The PIN as dots: how many digits, never which.
    const Rect box{x0_, y, pad_w, th_.touch()};
    if (beside) {
        const float eh = text::measure(error_text, {text::Face::body_bold, 0, beside_w}).y;
        put(error_text, text::Face::body_bold, c_.error, beside_x, y + (box.h - eh) * 0.5f,
            beside_w);
    }
    const bool focused = st_.focus == Field::staff_pin;
    if (focused) {
        const float o = th_.outline();
        dl_->AddRectFilled(ImVec2(box.x - o, box.y - o), ImVec2(box.right() + o, box.bottom() + o),
                           c_.focus);
    }
    dl_->AddRectFilled(box.min(), box.max(), c_.background);
    dl_->AddRect(box.min(), box.max(), has_error && !focused ? c_.error : c_.input_border, 0, 0,
                 th_.dp(focused || has_error ? 4.0f : 2.0f));
    for (std::size_t i = 0; i < n && i < 16; ++i)
        dl_->AddCircleFilled(
            ImVec2(box.x + th_.dp(28) + static_cast<float>(i) * th_.dp(30), box.y + box.h * 0.5f),
            th_.dp(9), c_.text, 20);
    Item field{automation_id::field(Field::staff_pin),
               std::string(content_.fields.empty() ? std::string_view("PIN")
                                                   : content_.fields.front().label),
               ItemKind::field};
    field.selected = focused;
    field.filled = n > 0;
    record(field, box, content_area_);
    if (tap(box, content_area_) && !focused) emit(FocusField{Field::staff_pin});
    y += box.h + th_.dp(20);
    // Numeric keypad, telephone layout.
    static constexpr std::array<std::string_view, 12> pad{"1", "2", "3", "4", "5", "6",
                                                          "7", "8", "9", "",  "0", "<"};
    const std::string delete_name = T(keys::key_delete);
    for (std::size_t i = 0; i < pad.size(); ++i) {
        if (pad[i].empty()) continue;
        const float kx = x0_ + static_cast<float>(i % 3) * (key_w + gap);
        const float ky = y + static_cast<float>(i / 3) * (key_h + gap);
        const Rect r{kx, ky, key_w, key_h};
        const bool back = pad[i] == "<";
        const KeyLabel label =
            back ? KeyLabel{"", delete_name, KeyIcon::backspace} : KeyLabel{pad[i]};
        if (key(r, label, back ? "pin-backspace" : "pin-" + std::string(pad[i]), false)) {
            if (!focused) emit(FocusField{Field::staff_pin});
            if (back)
                emit(Backspace{});
            else
                emit(TypeText{std::string(pad[i])});
        }
    }
    y += 4 * key_h + 3 * gap;
    return y - y0;
}

// [SECTION] STAFF_MENU =========================================================================

float ViewFrame::screen_staff_menu(float y0) {
    float y = y0 + heading_block(y0, false);
    const std::vector<Choice>& items = content_.choices;
    for (const Choice& choice : items) {
        const float pad = th_.dp(16);
        const float wrap = cw_ - 2 * pad;
        // The label, and under it the item's hint when content gives one.
        float text_h = text::measure(choice.label, {text::Face::body_bold, 0, wrap}).y;
        const float label_h = text_h;
        if (!choice.hint.empty())
            text_h += th_.dp(4) + text::measure(choice.hint, {text::Face::body, 0, wrap}).y;
        const float h = std::max(th_.touch() + th_.dp(12), text_h + 2 * pad);
        const Rect r{x0_, y, cw_, h};
        const bool down = held(r, content_area_);
        dl_->AddRectFilled(r.min(), r.max(), down ? c_.key_pressed : c_.secondary_button);
        dl_->AddRect(r.min(), r.max(), c_.text, 0, 0, th_.dp(2));
        const float ty = y + (h - text_h) * 0.5f;
        put(choice.label, text::Face::body_bold, c_.secondary_button_text, x0_ + pad, ty, wrap);
        if (!choice.hint.empty())
            put(choice.hint, text::Face::body, c_.secondary_button_text, x0_ + pad,
                ty + label_h + th_.dp(4), wrap);
        const auto action = static_cast<StaffAction>(choice.id.value);
        record(Item{automation_id::staff_menu(action), std::string(choice.label), ItemKind::button},
               r, content_area_);
        if (tap(r, content_area_)) emit(StaffChoose{action});
        y += h + th_.dp(14);
    }
    // What the last reprint did (issue 17): printing, printed, or why not.
    if (st_.print_stage != PrintStage::idle) {
        const std::string words =
            st_.print_stage == PrintStage::printing ? T(text_printing()) : T(st_.print_message);
        const bool failed = st_.print_stage == PrintStage::failed;
        y += th_.dp(8);
        const float h = put(words, text::Face::body_bold, failed ? c_.error : c_.text, x0_, y, cw_);
        note(std::string(automation_id::print_status), words, text::Face::body_bold, x0_, y, cw_);
        y += h;
    }
    return y - y0;
}

// [SECTION] STAFF_STATUS =======================================================================

float ViewFrame::screen_staff_status(float y0) {
    float y = y0 + heading_block(y0, false);
    const QueueSnapshot& q = st_.queue;
    if (!q.alert.empty()) {
        // Sending has stopped until staff act: say so first, in the error style.
        const float pad = th_.dp(20), b = th_.dp(5);
        const float th = text::measure(q.alert, {text::Face::body_bold, 0, cw_ - 2 * (pad + b)}).y;
        const Rect r{x0_, y, cw_, th + 2 * (pad + b)};
        dl_->AddRect(ImVec2(r.x + b * 0.5f, r.y + b * 0.5f),
                     ImVec2(r.right() - b * 0.5f, r.bottom() - b * 0.5f), c_.error, 0, 0, b);
        put(q.alert, text::Face::body_bold, c_.error, x0_ + pad + b, y + pad + b,
            cw_ - 2 * (pad + b));
        y += r.h + th_.dp(20);
    }
    // A bar: how the queue splits between states, so staff can see it at a glance.
    struct Part {
        std::string_view label;
        int count;
        ImU32 colour;
    };
    const std::array<Part, 5> parts{{
        {keys::bar_sent, q.acked, c_.chart_sent},
        {keys::bar_ready, q.queued, c_.chart_ready},
        {keys::bar_sending, q.sending, c_.chart_sending},
        {keys::bar_retry, q.retry_wait, c_.chart_retry},
        {keys::bar_refused, q.quarantined, c_.error},
    }};
    int total = 0;
    for (const Part& p : parts)
        total += p.count;
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
            dl_->AddRectFilled(ImVec2(lx, y + lh * 0.5f - th_.dp(9)),
                               ImVec2(lx + th_.dp(18), y + lh * 0.5f + th_.dp(9)), p.colour);
            put(label, text::Face::body, c_.text, lx + th_.dp(28), y, 0);
            lx += w;
        }
        y += lh + th_.dp(16);
    }
    // The words come from the model (counts and times only); the bar above is the picture of them.
    const float key_w = std::round(cw_ * 0.6f);
    for (const StatusRow& r : staff_status_rows(st_, t_)) {
        if (!q.alert.empty() && r.value == q.alert) continue; // already in the red box above
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
    dl_->AddRectFilled(ImVec2(r.x, r.y + th_.dp(4)), ImVec2(r.right(), r.bottom() + th_.dp(4)),
                       c_.border);
    dl_->AddRectFilled(r.min(), r.max(), down ? c_.key_pressed : c_.secondary_button);
    if (th_.high_contrast) dl_->AddRect(r.min(), r.max(), c_.text, 0, 0, th_.dp(2));
    put(check_again, text::Face::body_bold, c_.secondary_button_text, r.x + th_.dp(24),
        r.y + (r.h - text::line_height(text::Face::body_bold)) * 0.5f, 0);
    record(Item{std::string(automation_id::refresh), check_again, ItemKind::button}, r,
           content_area_);
    if (tap(r, content_area_)) emit(StaffChoose{StaffAction::refresh_status});
    y += r.h + th_.dp(28);
    return y - y0;
}

} // namespace hrc::kiosk
