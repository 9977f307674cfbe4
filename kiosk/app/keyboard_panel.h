// kiosk/app/keyboard_panel.h — the on-screen keyboard's memory between frames: the layouts it has
// loaded, the keyboard state (shift, "more letters", a pending dead key), whether the person
// switched to English letters, and the field it types into. ViewFrame::draw_keyboard()
// (keyboard_panel.cpp) draws it.
//
// Layouts are read from xkb-data (hrc/keyboard.h) when a language is chosen (preload), not at
// start, and kept: they hold nothing of the person. The state goes with wipe().
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "hrc/keyboard.h"

#include "ids.h"

namespace hrc::kiosk {

class KeyboardPanel {
public:
    // The layout to show for `field` in `session_language`: the language's own, or English letters
    // when the field opens on them (`latin_field`) or the person switched; English letters when the
    // language's layout cannot be loaded (the reason goes to take_problems()). nullptr when not
    // even English letters load (no xkb-data at all): then state() must not be used.
    const keyboard::KeyboardLayout* layout_for(Field field, bool latin_field,
                                               std::string_view session_language);
    // The keyboard state of the layout layout_for() returned last.
    keyboard::KeyboardState& state() { return *state_; }

    bool english_letters() const { return english_letters_; }
    void toggle_english_letters() { english_letters_ = !english_letters_; }

    // Loads the layouts a session in `session_language` can show (its own and English letters), so
    // that the first keyboard screen does not compile them from xkb-data inside its frame. Called
    // when the session language changes, between frames; layout_for() would load them anyway.
    void preload(std::string_view session_language);
    // A new screen: shift, "more letters" and a dead key are released; the next field decides
    // again whether English letters are up.
    void screen_changed();
    // Forgets the person: state and switch, not the loaded layouts.
    void wipe();
    // Layouts that could not be loaded, for the kiosk log. Never content.
    std::vector<std::string> take_problems() { return std::exchange(problems_, {}); }

private:
    const keyboard::KeyboardLayout* load(const std::string& language);

    std::map<std::string, std::optional<keyboard::KeyboardLayout>, std::less<>> layouts_;
    std::optional<keyboard::KeyboardState> state_;
    std::string state_language_;
    bool english_letters_ = false;
    std::optional<Field> field_;
    std::vector<std::string> problems_;
};

} // namespace hrc::kiosk
