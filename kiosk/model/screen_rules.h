// kiosk/model/screen_rules.h — the decisions about a screen's controls that are not drawing:
// what Read aloud says, what the main button does, when Back, the bottom bar and the on-screen
// keyboard are there, which keyboard opens, and the staff corner's "5 taps within 3 s".
//
// Why here and not in the view: each of these is a rule a person depends on ("read aloud never
// says what you typed", "the staff entry needs five taps"), so each is a plain function tested by
// Catch2 without a window (tests/unit/test_kiosk_screen_rules.cpp). The view (kiosk/app/) only
// places and draws what these functions decide.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "content.h"
#include "flow.h"
#include "translator.h"

namespace hrc::kiosk {

// ---- read aloud ---------------------------------------------------------------------------------

// One stretch of speech and the language (its voice) to read it in.
struct ReadAloudPart {
    std::string language;
    std::string text;

    bool operator==(const ReadAloudPart&) const = default;
};

// What Read aloud says on the current screen: the words the screen shows, in reading order, in the
// session's language: "Question n of m", the heading and hint, the choices and field labels, the
// main button, then Back and "Leave this page quickly" by the words on those buttons (a person who
// cannot read must learn the way out is there). Never what a person typed (it may be overheard):
// on check answers each question is read with the options chosen and consents given
// (AnswerRow::spoken_answer), typed answers are left out. The reference on the confirmation is
// read (it is the service's word, and the person must be able to hear it). On the language screen
// the heading is read in the session's language and then each language's name in its own voice,
// so a person who cannot read hears theirs. Lines within a part are separated by '\n'; every text
// goes through speakable(). Never empty for a screen with a heading.
std::vector<ReadAloudPart> read_aloud_script(const State& state, const Translator& t);

// What is read on the "Are you still there?" overlay: the question, the countdown with the seconds
// left at `now`, and the button to stay — in the session's language, through speakable(). The
// shell reads it the moment the overlay appears when Read aloud was used in this session (a person
// who cannot read must not lose their report without warning); the overlay's own Read aloud button
// reads it on demand.
std::vector<ReadAloudPart> still_there_script(const State& state, const Translator& t,
                                              std::int64_t now);

// ---- read aloud from recordings (issue 14 item 2; docs/read-aloud.md) ------------------------------

// One line of a read-aloud script, and the id of the catalog message it is (message_id()) when
// the line is one whole message ("" for a line built from several, or with a number filled in).
struct ScriptLine {
    std::string language;
    std::string text;
    std::string message_id;

    bool operator==(const ScriptLine&) const = default;
};

// Every text the screen's read-aloud scripts (read_aloud_script(), still_there_script() at `now`)
// can say in `state`, as spoken (after speakable()) and as shown, mapped to its message id.
std::map<std::string, std::string> spoken_message_ids(const State& state, const Translator& t,
                                                      std::int64_t now);

// `parts` split into their lines, each named with its message id from `ids`
// (spoken_message_ids()). Empty lines are dropped. The shell plays a line's recording when the
// centre has one and reads the other lines with the voice.
std::vector<ScriptLine> script_lines(const std::vector<ReadAloudPart>& parts,
                                     const std::map<std::string, std::string>& ids);

// The text as it should be spoken: numbers a person must dial or copy are read one digit at a time
// ("999" as "9 9 9": nine nine nine, not nine hundred and ninety-nine). A run of digits (in any of
// the kiosk's scripts) is spaced out when it has exactly 3 digits (999, 101, 111), 5 or more
// (phone numbers), or starts with a zero (07700); counts, days and years (1-2 and 4 digits:
// "Question 3 of 23", "27 March 2025") and numbers with separators ("2,000", "1.5") are read as
// numbers.
std::string speakable(std::string_view text);

// ---- the screen's frame -------------------------------------------------------------------------

// Back (top left): on every screen with somewhere to go back to, except while sending, on the
// confirmation (the report is stored: Back would suggest it can be undone) and on the neutral
// screen.
bool shows_back(const State& state);

// The on-screen keyboard is up while a text field of this screen has the focus; the staff PIN has
// its own numeric keypad instead.
bool shows_keyboard(const State& state, const ScreenContent& content);

// Dates and phone numbers open the numeric pad instead of the letters (issue 14 item 5): large
// keys 0-9, each with the session script's own digit beside it, a space, and "+" for a phone
// number; nothing else to hunt for. The parsers also take every kiosk script's digits
// (ascii_digits), for a physical keyboard.
bool opens_numeric_pad(Field field);
// Whether the numeric pad of `field` has a "+" key (phone numbers: +44 …).
bool numeric_pad_has_plus(Field field);

// The bar at the bottom with the main button. While the keyboard is up the main button sits at the
// end of the keyboard's last row instead (room for a field's label above the field on 1280x800).
bool shows_bottom_bar(const State& state, const ScreenContent& content);

// The screen's main button: its label (content.continue_label), automation id, whether it can be
// tapped, and the intent a tap sends. nullopt when the screen has none (SENDING, STAFF_ID…: empty
// label). On the confirmation Finish is drawn disabled until "I have noted my reference" is ticked,
// and still sends Finish when tapped: the model then explains why it did not finish.
struct MainButton {
    std::string label;
    std::string_view id;
    bool enabled = true;
    Intent intent;
};
std::optional<MainButton> main_button(const State& state, const ScreenContent& content);

// ---- the on-screen keyboard ---------------------------------------------------------------------

// Whether the keyboard of `session_language` offers a key to switch to English letters (and back):
// true for a language with a keyboard of its own (Gujarati, Urdu, Polish…), false for English and
// for Somali, which types on the UK layout (hrc::languages::has_own_keyboard). False for a code
// that is not a kiosk language.
bool offers_english_letters(std::string_view session_language);

// The language whose keyboard layout to show: English letters when the person switched to them (or
// the field opens on them, TextFieldSpec::latin_keyboard), else the session's language.
std::string keyboard_language(std::string_view session_language, bool english_letters);

// The switch key's two labels. `visible` is what the key shows: "ABC" while the language's own
// letters are up, the language's own name while English letters are up. `spoken` is its name for
// automation and assistive use: "English letters" (translated), or the language's name.
struct LettersKeyLabel {
    std::string visible;
    std::string spoken;
};
LettersKeyLabel letters_key_label(std::string_view session_language, bool english_letters,
                                  const Translator& t);

// ---- the staff corner ---------------------------------------------------------------------------

// The discreet staff entry: an invisible corner of the language screen, only while no member of
// staff is signed in (an assisted report starts on the language screen, with Back in that corner).
bool staff_corner_active(const State& state);

// Five taps within three seconds on the corner open the staff sign-in (docs/hrc-kiosk.md).
// Taps are counted on a monotonic clock (seconds); a tap more than 3 s after an earlier one no
// longer counts it. The count restarts after it opens the entry and on reset() (the session wipe).
class StaffCornerTaps {
public:
    static constexpr int kTapsNeeded = 5;
    static constexpr double kWindowSeconds = 3.0;

    // Records a tap at `monotonic_seconds`; true when this tap is the fifth within the window.
    bool tap(double monotonic_seconds);
    void reset() { taps_.clear(); }
    int counted() const { return static_cast<int>(taps_.size()); }

private:
    std::vector<double> taps_;
};

} // namespace hrc::kiosk
