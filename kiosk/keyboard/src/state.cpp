// kiosk/keyboard/src/state.cpp — the on-screen keyboard's modifier and dead-key state (the
// diagram is in hrc/keyboard.h). Pure: no I/O, no clock; the only library call is ICU's table
// lookup that composes a letter with a dead key's accent.
#include <utility>

#include <unicode/unorm2.h>

#include "hrc/keyboard.h"

#include "utf8.h"

namespace hrc::keyboard {
namespace {

// The precomposed letter for base + mark (a + U+0301 → á), or 0 when Unicode has none.
char32_t compose(char32_t base, char32_t mark) {
    UErrorCode status = U_ZERO_ERROR;
    const UNormalizer2* nfc = unorm2_getNFCInstance(&status);
    if (U_FAILURE(status) || nfc == nullptr) return 0; // no ICU data: type the accent separately
    const UChar32 composed =
        unorm2_composePair(nfc, static_cast<UChar32>(base), static_cast<UChar32>(mark));
    return composed < 0 ? 0 : static_cast<char32_t>(composed);
}

// What a dead key types when it cannot go on a letter: its spacing accent, if Unicode has one.
std::string spacing_of(const KeyCap& dead) {
    return dead.dead_spacing != 0 ? detail::utf8(dead.dead_spacing) : std::string();
}

} // namespace

KeyboardState::KeyboardState(KeyboardLayout layout) : layout_(std::move(layout)) {}

Level KeyboardState::level() const {
    if (shift_ && altgr_) return Level::shift_altgr;
    if (altgr_) return Level::altgr;
    if (shift_) return Level::shift;
    return Level::base;
}

void KeyboardState::reset() {
    shift_ = false;
    altgr_ = false;
    pending_ = KeyCap{};
}

std::string KeyboardState::press(KeyIndex index) {
    return apply(layout_.key(index).at(level())); // key() throws std::out_of_range
}

std::string KeyboardState::press_space() {
    return apply(layout_.space.at(level()));
}

bool KeyboardState::backspace() {
    if (!dead_pending()) return false;
    pending_ = KeyCap{};
    return true;
}

std::string KeyboardState::apply(const KeyCap& cap) {
    if (cap.kind == KeyCap::Kind::none) return {}; // a blank key: nothing changes
    shift_ = false;                                // one-shot Shift is used up by this key

    if (cap.kind == KeyCap::Kind::dead) {
        if (!dead_pending()) {
            pending_ = cap;
            return {};
        }
        // A second dead key: the same one types its accent; another one types the first's
        // accent and waits with the second.
        std::string out = spacing_of(pending_);
        pending_ = cap.dead_mark == pending_.dead_mark ? KeyCap{} : cap;
        return out;
    }

    if (!dead_pending()) return cap.text;
    const KeyCap dead = std::exchange(pending_, KeyCap{});
    if (cap.text == " ") return spacing_of(dead); // dead key + space: the accent alone
    std::vector<char32_t> cps = detail::code_points(cap.text);
    if (!cps.empty()) {
        if (const char32_t composed = compose(cps[0], dead.dead_mark); composed != 0) {
            std::string out;
            detail::append_utf8(out, composed);
            for (std::size_t i = 1; i < cps.size(); ++i)
                detail::append_utf8(out, cps[i]);
            return out;
        }
    }
    return spacing_of(dead) + cap.text; // no such letter (e.g. tilde on q): both, as typed
}

} // namespace hrc::keyboard
