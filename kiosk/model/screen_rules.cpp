// kiosk/model/screen_rules.cpp — see screen_rules.h.
#include "screen_rules.h"

#include <algorithm>
#include <iterator>

#include "hrc/languages.h"
#include "hrc/utf8.h"

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
    if (const Progress p = progress(st); p.m > 0)
        say(fill_placeholders(t(text_question_n_of_m()),
                              {{"n", std::to_string(p.n)}, {"m", std::to_string(p.m)}}));
    switch (st.screen) {
    case Screen::language:
        say(content.heading);
        parts.push_back({st.session_language, std::move(lines)});
        lines.clear();
        for (const LanguageOption& o : languages())
            parts.push_back({o.code, o.native_name});
        break;
    case Screen::danger:
        say(content.heading);
        say(content.hint);
        say(t(text_need_help()));
        break;
    case Screen::need_help:
        say(content.heading);
        for (const HelpLine& line : need_help_lines(st, t))
            say(line.text);
        break;
    case Screen::check_answers:
        // Each question and what was chosen for it; typed answers are left out (spoken_answer).
        say(content.heading);
        say(content.hint);
        for (const AnswerRow& row : check_answer_rows(st, t)) {
            say(row.question);
            say(row.spoken_answer);
        }
        break;
    case Screen::confirmation:
        say(content.heading);
        say(t(text_your_reference()));
        say(st.reference);
        say(content.hint);
        say(t(text_noted_reference()));
        // Printing the reference (issue 17): the words of its stage, as the screen shows them.
        if (st.settings.printer) {
            switch (st.print_stage) {
            case PrintStage::idle:
                say(t(text_print_reference()));
                break;
            case PrintStage::choosing:
                say(t(text_print_explained()));
                say(t(text_print_full()));
                say(t(text_print_discreet()));
                say(t(text_print_discreet_hint()));
                say(t(text_print_cancel()));
                break;
            case PrintStage::printing:
                say(t(text_printing()));
                break;
            case PrintStage::printed:
            case PrintStage::failed:
                say(t.render(st.print_message));
                break;
            }
        }
        for (const ConfirmationBlock& p : confirmation_paragraphs(st, t)) {
            say(p.text);
            say(p.contact); // a number or web address: the service's words, never typed
        }
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
    // The way out and the way back, named after the screen's own words (a person who cannot read
    // must learn that the red button is there).
    if (shows_back(st)) say(t(text_back()));
    if (st.screen != Screen::neutral) say(t(text_quick_exit()));
    if (!lines.empty()) parts.push_back({st.session_language, std::move(lines)});
    for (ReadAloudPart& part : parts)
        part.text = speakable(part.text);
    return parts;
}

std::vector<ReadAloudPart> still_there_script(const State& st, const Translator& t,
                                              std::int64_t now) {
    const std::int64_t left = std::max<std::int64_t>(0, st.still_there_deadline - now);
    const PluralKey hint = text_still_there_hint();
    std::string lines = t(text_still_there());
    lines += '\n';
    lines += t.count(hint.singular, hint.plural, static_cast<long>(left));
    lines += '\n';
    lines += t(text_still_here_button());
    return {{st.session_language, speakable(lines)}};
}

std::map<std::string, std::string> spoken_message_ids(const State& st, const Translator& t,
                                                      std::int64_t now) {
    const RememberingTranslator remembering(t);
    (void)read_aloud_script(st, remembering);
    if (st.still_there_deadline > 0) (void)still_there_script(st, remembering, now);
    std::map<std::string, std::string> ids;
    for (const auto& [text, id] : remembering.ids()) {
        ids.emplace(text, id);
        ids.emplace(speakable(text), id);
    }
    return ids;
}

std::vector<ScriptLine> script_lines(const std::vector<ReadAloudPart>& parts,
                                     const std::map<std::string, std::string>& ids) {
    std::vector<ScriptLine> lines;
    for (const ReadAloudPart& part : parts) {
        std::size_t start = 0;
        while (start <= part.text.size()) {
            std::size_t end = part.text.find('\n', start);
            if (end == std::string::npos) end = part.text.size();
            std::string line = part.text.substr(start, end - start);
            if (!line.empty()) {
                const auto id = ids.find(line);
                lines.push_back(
                    {part.language, std::move(line), id == ids.end() ? std::string() : id->second});
            }
            start = end + 1;
        }
    }
    return lines;
}

namespace {

// The digit zero in the scripts of the kiosk's languages (their catalogs may write 999 in their
// own digits): ASCII, Arabic-Indic, Extended Arabic-Indic (Urdu), Devanagari, Bengali, Gurmukhi,
// Gujarati, Tamil. Each script's digits 0-9 are the ten code points from its zero.
constexpr char32_t kZeros[] = {U'0',      U'\u0660', U'\u06F0', U'\u0966',
                               U'\u09E6', U'\u0A66', U'\u0AE6', U'\u0BE6'};

bool is_digit(char32_t c) {
    return std::any_of(std::begin(kZeros), std::end(kZeros),
                       [c](char32_t zero) { return c >= zero && c <= zero + 9; });
}

bool is_zero(char32_t c) {
    return std::find(std::begin(kZeros), std::end(kZeros), c) != std::end(kZeros);
}

} // namespace

std::string speakable(std::string_view text) {
    std::string out;
    out.reserve(text.size() + 16);
    std::size_t i = 0;
    while (i < text.size()) {
        const utf8::Decoded d = utf8::decode(text, i);
        if (!d.valid || !is_digit(d.code_point)) {
            out.append(text.substr(i, d.length));
            i += d.length;
            continue;
        }
        // A run of digits: [i, end), `count` digits.
        std::size_t end = i;
        std::size_t count = 0;
        while (end < text.size()) {
            const utf8::Decoded e = utf8::decode(text, end);
            if (!e.valid || !is_digit(e.code_point)) break;
            end += e.length;
            ++count;
        }
        const std::string_view run = text.substr(i, end - i);
        const bool starts_with_zero = is_zero(utf8::decode(run, 0).code_point);
        // Part of a number written with separators ("2,000", "1.5"): a number, not digits.
        const auto digit_at = [&](std::size_t at) {
            return at < text.size() && is_digit(utf8::decode(text, at).code_point);
        };
        const auto is_separator = [&](std::size_t at) {
            return at < text.size() && (text[at] == ',' || text[at] == '.');
        };
        const bool grouped =
            (i >= 2 && is_separator(i - 1) &&
             is_digit(utf8::decode(text, utf8::code_point_start(text, i - 2)).code_point)) ||
            (is_separator(end) && digit_at(end + 1));
        const bool one_by_one =
            !grouped && (count == 3 || count >= 5 || (starts_with_zero && count >= 2));
        if (!one_by_one) {
            out.append(run);
        } else {
            for (std::size_t k = 0; k < run.size();) {
                const std::size_t len = utf8::decode(run, k).length;
                if (k > 0) out += ' ';
                out.append(run.substr(k, len));
                k += len;
            }
        }
        i = end;
    }
    return out;
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

bool opens_numeric_pad(Field field) {
    const TextKind kind = def_of(field).kind;
    return kind == TextKind::date || kind == TextKind::phone;
}

bool numeric_pad_has_plus(Field field) {
    return def_of(field).kind == TextKind::phone;
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
