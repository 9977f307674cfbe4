// kiosk/keyboard/include/hrc/keyboard.h — the kiosk's on-screen keyboards (BRIEF §8).
//
// One keyboard per kiosk language, read at run time from Debian's xkb-data through libxkbcommon, so
// every key types what the same layout types on a physical keyboard under Debian (except for the
// few changes listed under "What the kiosk changes" below). Which layout and variant each language
// uses, and why, is in the kiosk's language table (core/include/hrc/languages.h,
// core/src/languages.cpp): gu in(guj), ur pk(urd-phonetic), …
//
// No ImGui, GLFW or GL here: load_layout() turns a keymap into plain rows of keys, KeyboardState is
// a pure model of the modifier keys, and the view (kiosk/app/) draws the rows and feeds taps to
// KeyboardState::press(). Nothing here ever logs or stores the text typed.
//
// A layout has four rows (number, top, home, bottom) and a space bar. Each key has four levels:
//   1 base, 2 Shift, 3 AltGr (ISO_Level3_Shift, modifier Mod5), 4 Shift+AltGr.
// At each level a key either types text, is a dead key (types nothing, puts an accent on the next
// letter: the Portuguese acute and tilde keys), or does nothing.
//
// KeyboardState — the modifier keys, as the person sees them:
//
//     shift:  off ──tap Shift──▶ one-shot ──tap Shift──▶ off
//                                   │
//                                   └──any key that types or is a dead key──▶ off
//     altgr:  off ◀──tap AltGr──▶ on        (a toggle: stays on until tapped again or reset)
//     level = 1 + shift + 2·altgr           (base, Shift, AltGr, Shift+AltGr)
//     dead:   none ──dead key──▶ pending(mark) ──next key──▶ none, typing the composed letter
//             (a + ◌́ → á), or the accent's spacing form then the text when they do not compose,
//             or the spacing form alone for space or the same dead key again.
//     reset(): shift off, altgr off, no pending dead key (a new field, a new person).
//
// The "digits and symbols" page most touch keyboards have is the number row here: it is part of
// every layout.
//
// What the kiosk changes in the xkb rows (load_layout does it; issue 14 item 5), so a key may type
// something else than on a physical keyboard:
//  - ASCII digits 1…9 0 on the base level of AE01…AE10 in every layout (dates, phone numbers and
//    postcodes are written with them; Tamil InScript's ௧…௯ ௰ have no zero). A script's own digit
//    (૧ ੧ ১ ௧ १ ١) moves to the AltGr level of its key, the "more" page; what AltGr held there
//    moves to a free place on that page (₹ of in(guj), in(guru), in(tam) to AE11). Urdu gets the
//    Extended Arabic-Indic digits ۱…۹ ۰ there, which pk(urd-phonetic) lacks.
//  - No key types a bidi control (LRM RLM LRE RLE PDF LRO RLO LRI RLI FSI PDI ALM): pk(urd-phonetic)
//    and ara had them on AltGr levels.
//  - Polish: the AltGr levels keep only ą ć ę ł ń ó ś ź ż (Shift: capitals); pl(basic)'s symbols
//    and dead accents there (π œ © ≠ …) are on no page.
//  - Bengali: ZWJ and ZWNJ are labelled with what they make (র‍্য, ক্‌), not English abbreviations.
//  - A "more" page (AltGr, or Shift+AltGr) with fewer than 4 keys is not offered.
#pragma once

#include <array>
#include <cstddef>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace hrc::keyboard {

// Every load_layout failure: an unknown language, xkb-data missing, a layout or variant missing
// from the xkb data, libxkbcommon out of memory. what() says what is missing and what to install.
class KeyboardError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// The kiosk's languages that have a keyboard (all 12 of BRIEF §8), in the brief's order.
std::vector<std::string> supported_languages();

// Which xkb layout a language uses, without compiling anything.
struct LayoutChoice {
    std::string xkb_layout;  // "in"
    std::string xkb_variant; // "guj"; empty for the layout's default variant
    bool rtl = false;        // the script is written right to left (ur, ar): mirror the rows
};
// Throws KeyboardError for a language not in supported_languages().
LayoutChoice layout_for(std::string_view language);

enum class Level : unsigned char { base = 0, shift = 1, altgr = 2, shift_altgr = 3 };
inline constexpr std::size_t level_count = 4;

// What one key does at one level.
struct KeyCap {
    enum class Kind : unsigned char {
        none, // the key does nothing at this level (draw it blank and disabled)
        text, // the key types `text`
        dead  // a dead key: types nothing now; `dead_mark` goes on the next letter
    };
    Kind kind = Kind::none;
    std::string text;          // UTF-8 typed by a text key; empty otherwise
    std::string label;         // UTF-8 to draw on the key; empty for Kind::none
    char32_t dead_mark = 0;    // dead keys: the combining mark, e.g. U+0301 for dead_acute
    char32_t dead_spacing = 0; // dead keys: the accent alone, typed by dead key + space, e.g. ´
};

struct Key {
    std::string xkb_name;                   // the xkb key name, e.g. "AD01"
    std::array<KeyCap, level_count> levels; // indexed by Level
    const KeyCap& at(Level level) const { return levels[static_cast<std::size_t>(level)]; }
    bool types_anything() const; // any level is text or dead
};

// Which key of a layout: rows[row][column].
struct KeyIndex {
    std::size_t row = 0;
    std::size_t column = 0;
};

inline constexpr std::size_t row_count = 4;
enum class Row : unsigned char { number = 0, top = 1, home = 2, bottom = 3 };

struct KeyboardLayout {
    std::string language;   // the kiosk language code, e.g. "gu"
    std::string xkb_layout; // as in LayoutChoice
    std::string xkb_variant;
    std::string xkb_description; // xkb's own name for it, e.g. "Gujarati" (English, for logs)
    bool rtl = false;
    // rows[Row]: left to right as on a physical PC keyboard (an RTL view mirrors them itself).
    //   number: TLDE (only if it types something), AE01..AE12
    //   top:    AD01..AD12, BKSL (only if it types something)
    //   home:   AC01..AC11
    //   bottom: LSGT (only if it carries a letter, mark or dead key), AB01..AB10
    // AE/AD/AC/AB keys are always present, blank where the layout leaves them empty (Tamil InScript
    // has no AD06, AD08, AD09, AD11), so the rows keep the physical keyboard's shape.
    std::array<std::vector<Key>, row_count> rows;
    Key space; // SPCE: space, and ZWNJ/ZWJ on AltGr levels in Hindi
    // has_level[Level]: some key (space included) does something at that level. has_level[altgr] or
    // has_level[shift_altgr] false → the view offers no AltGr ("more") key.
    std::array<bool, level_count> has_level{};

    const Key& key(KeyIndex index) const; // throws std::out_of_range for an index not in rows
    std::size_t key_count() const;        // keys in all four rows (space not counted)
};

// Compiles the language's keymap from the system's xkb data (rules "evdev", model "pc105", no
// options, environment variables ignored) and reads its rows. Throws KeyboardError on failure.
KeyboardLayout load_layout(std::string_view language);
// The same from the xkb data under xkb_root (a directory like /usr/share/X11/xkb) and nowhere
// else; for tests of the missing-data message and for a kiosk image with its own copy.
KeyboardLayout load_layout(std::string_view language, const std::filesystem::path& xkb_root);

// The label for a text: a combining mark or vowel sign (Mn, Mc, Me) after U+25CC DOTTED CIRCLE
// ("◌ા"), invisible characters by name ("ZWJ", "ZWNJ", "LRM", "NBSP", …), anything else itself.
// (load_layout gives a few keys of a language their own label instead: Bengali's ZWJ and ZWNJ.)
std::string label_for(std::string_view utf8_text);

// The on-screen keyboard's modifier state (see the diagram at the top of this file). Holds its own
// copy of the layout; deterministic, no clock, no I/O.
class KeyboardState {
public:
    explicit KeyboardState(KeyboardLayout layout);

    const KeyboardLayout& layout() const { return layout_; }
    Level level() const;
    bool shift() const { return shift_; }
    bool altgr() const { return altgr_; }
    bool dead_pending() const { return pending_.kind == KeyCap::Kind::dead; }
    const KeyCap& pending_dead() const { return pending_; } // Kind::none when nothing pending

    void tap_shift() { shift_ = !shift_; }
    void tap_altgr() { altgr_ = !altgr_; }
    void reset();

    // The key at `index` pressed at the current level: returns the UTF-8 text to insert (possibly
    // empty: a dead key, or a key that does nothing at this level). A key that types or is a dead
    // key releases a one-shot Shift; a key that does nothing changes nothing.
    // Throws std::out_of_range for an index not in the layout.
    std::string press(KeyIndex index);
    std::string press_space();
    // Backspace: returns true if it only cancelled a pending dead key (the view then deletes
    // nothing); false if the view should delete the character before the cursor as usual.
    bool backspace();

private:
    std::string apply(const KeyCap& cap);

    KeyboardLayout layout_;
    bool shift_ = false;
    bool altgr_ = false;
    KeyCap pending_; // the pending dead key, Kind::none if none
};

} // namespace hrc::keyboard
