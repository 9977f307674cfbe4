// kiosk/model/screen_rules.cpp — see screen_rules.h.
#include "screen_rules.h"

#include <algorithm>

#include "hrc/languages.h"

namespace hrc::kiosk {

// ---- read aloud ---------------------------------------------------------------------------------

std::vector<ReadAloudPart> read_aloud_script(const State& st, const Translator& t) {
    const ScreenContent content = content_for(st, t);
    std::vector<ReadAloudPart> parts;
    std::string lines;
    const auto say = [&lines](std::string_view s) {
        if (s.empty()) return;
        if (!lines.empty()) lines += '\n';
        lines += s;
    };
    for (const Message& m : st.error_summary)
        say(t.render(m));
    switch (st.screen) {
    case Screen::language:
        say(content.heading);
        parts.push_back({st.session_language, std::move(lines)});
        lines.clear();
        for (const LanguageOption& o : languages())
            parts.push_back({o.code, o.native_name});
        break;
    case Screen::check_answers:
        // The questions only: the answers are what the person typed or chose.
        say(content.heading);
        say(content.hint);
        for (const AnswerRow& row : check_answer_rows(st, t))
            say(row.question);
        break;
    case Screen::confirmation:
        say(content.heading);
        say(t(text_your_reference()));
        say(st.reference);
        say(content.hint);
        say(t(text_noted_reference()));
        for (const ConfirmationBlock& p : confirmation_paragraphs(st, t))
            say(p.text);
        break;
    default:
        // Questions: the words of the screen. Fields are read by their label and hint only.
        say(content.heading);
        say(content.hint);
        if (!st.question_error.empty()) say(t.render(st.question_error));
        for (const Choice& c : content.choices) {
            say(c.legend);
            say(c.label);
            say(c.hint);
        }
        for (const TextFieldSpec& f : content.fields) {
            say(f.label);
            say(f.hint);
        }
        break;
    }
    say(content.continue_label);
    if (!lines.empty()) parts.push_back({st.session_language, std::move(lines)});
    return parts;
}

// ---- the screen's frame -------------------------------------------------------------------------

bool shows_back(const State& st) {
    const Screen s = st.screen;
    return !st.history.empty() && s != Screen::sending && s != Screen::confirmation &&
           s != Screen::neutral;
}

bool shows_keyboard(const State& st, const ScreenContent& content) {
    if (!st.focus || st.screen == Screen::staff_pin) return false;
    return std::any_of(content.fields.begin(), content.fields.end(),
                       [&](const TextFieldSpec& f) { return f.field == *st.focus; });
}

bool shows_bottom_bar(const State& st, const ScreenContent& content) {
    if (shows_keyboard(st, content)) return false;
    // Check answers and the confirmation keep the bar's room even without a label (a short
    // translation or none): their last lines must not sit on the window's edge.
    return !content.continue_label.empty() || st.screen == Screen::confirmation ||
           st.screen == Screen::check_answers;
}

std::optional<MainButton> main_button(const State& st, const ScreenContent& content) {
    if (content.continue_label.empty()) return std::nullopt;
    MainButton b{content.continue_label, automation_id::main_button, true, Continue{}};
    switch (st.screen) {
    case Screen::check_answers:
        b.intent = Send{};
        break;
    case Screen::confirmation:
        b.id = automation_id::finish;
        b.enabled = st.noted_reference;
        b.intent = Finish{};
        break;
    case Screen::neutral:
        b.intent = LeaveNeutral{};
        break;
    default:
        break;
    }
    return b;
}

// ---- the on-screen keyboard ---------------------------------------------------------------------

bool offers_english_letters(std::string_view session_language) {
    const languages::LanguageSpec* spec = languages::find(session_language);
    return spec != nullptr && languages::has_own_keyboard(*spec);
}

std::string keyboard_language(std::string_view session_language, bool english_letters) {
    if (english_letters || languages::find(session_language) == nullptr)
        return std::string(languages::source().code);
    return std::string(session_language);
}

LettersKeyLabel letters_key_label(std::string_view session_language, bool english_letters,
                                  const Translator& t) {
    if (!english_letters)
        return {"ABC", t.context(keys::key_english.context, keys::key_english.key)};
    const languages::LanguageSpec* spec = languages::find(session_language);
    const std::string name(spec != nullptr ? spec->native_name : session_language);
    return {name, name};
}

// ---- the staff corner ---------------------------------------------------------------------------

bool staff_corner_active(const State& st) {
    return st.screen == Screen::language && !st.staff;
}

bool StaffCornerTaps::tap(double now) {
    taps_.push_back(now);
    std::erase_if(taps_, [now](double t) { return now - t > kWindowSeconds; });
    if (static_cast<int>(taps_.size()) < kTapsNeeded) return false;
    taps_.clear();
    return true;
}

} // namespace hrc::kiosk
