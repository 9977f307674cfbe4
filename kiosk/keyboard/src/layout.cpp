// kiosk/keyboard/src/layout.cpp — compiles a language's xkb keymap with libxkbcommon and reads the
// four rows of a PC keyboard out of it (see hrc/keyboard.h).
//
// How a level is read: for each of the four modifier combinations (none, Shift, Mod5, Shift+Mod5)
// an xkb_state asks which shift level the key's type selects, then the keysyms at that level are
// turned into text with xkb_keysym_to_utf32. Asking the key type (rather than taking "the third
// keysym") keeps xkb's own rules: a TWO_LEVEL key ignores AltGr, an ALPHABETIC key has no level 3.
// Where AltGr does not change the level the AltGr levels are left empty, so the AltGr page shows
// only what AltGr adds; where Shift does not change the level the Shift level repeats the base
// (Shift+১ types ১ on a physical keyboard too).
#include <algorithm>
#include <cstdarg>
#include <cstdio>
#include <memory>
#include <system_error>

#include <unicode/uchar.h>
#include <xkbcommon/xkbcommon.h>

#include "hrc/keyboard.h"
#include "hrc/languages.h"

#include "utf8.h"

namespace hrc::keyboard {
namespace {

// A language's keyboard as this file uses it, taken from the kiosk's language table
// (hrc/languages.h: the layouts and why each variant was chosen are there). Owned strings, because
// libxkbcommon wants NUL-terminated names.
struct LanguageEntry {
    std::string language;
    std::string layout;
    std::string variant;
    bool rtl = false;
};

// Dead keysyms the keyboard model composes (hrc/keyboard.h): the combining mark each puts on the
// next letter and the accent typed alone (0 where Unicode has no spacing form). Other dead keysyms
// (dead_stroke, dead_currency, Greek breathings…) have no Unicode combining equivalent that NFC
// composes, so such a key is shown as doing nothing; none of them is on a base or Shift level of
// the twelve layouts (pl has dead_stroke on Shift+AltGr+K).
struct DeadEntry {
    xkb_keysym_t keysym;
    char32_t mark;
    char32_t spacing;
};
constexpr DeadEntry kDeadKeys[] = {
    {XKB_KEY_dead_grave, 0x0300, 0x0060},
    {XKB_KEY_dead_acute, 0x0301, 0x00B4},
    {XKB_KEY_dead_circumflex, 0x0302, 0x005E},
    {XKB_KEY_dead_tilde, 0x0303, 0x007E},
    {XKB_KEY_dead_macron, 0x0304, 0x00AF},
    {XKB_KEY_dead_breve, 0x0306, 0x02D8},
    {XKB_KEY_dead_abovedot, 0x0307, 0x02D9},
    {XKB_KEY_dead_diaeresis, 0x0308, 0x00A8},
    {XKB_KEY_dead_abovering, 0x030A, 0x02DA},
    {XKB_KEY_dead_doubleacute, 0x030B, 0x02DD},
    {XKB_KEY_dead_caron, 0x030C, 0x02C7},
    {XKB_KEY_dead_cedilla, 0x0327, 0x00B8},
    {XKB_KEY_dead_ogonek, 0x0328, 0x02DB},
    {XKB_KEY_dead_belowdot, 0x0323, 0},
    {XKB_KEY_dead_hook, 0x0309, 0},
    {XKB_KEY_dead_horn, 0x031B, 0},
    {XKB_KEY_dead_belowcomma, 0x0326, 0},
    {XKB_KEY_dead_doublegrave, 0x030F, 0},
};

bool is_dead_keysym(xkb_keysym_t sym) {
    // The dead keysym block of keysymdef.h: XKB_KEY_dead_grave (0xfe50) … 0xfe93.
    return sym >= 0xfe50 && sym <= 0xfe93;
}

bool is_mark(char32_t c) {
    const auto type = u_charType(static_cast<UChar32>(c));
    return type == U_NON_SPACING_MARK || type == U_COMBINING_SPACING_MARK ||
           type == U_ENCLOSING_MARK;
}

bool is_letter_or_mark(char32_t c) {
    return u_isalpha(static_cast<UChar32>(c)) || is_mark(c);
}

// Owners for the C objects, so every exit path frees them.
struct ContextFree {
    void operator()(xkb_context* c) const { xkb_context_unref(c); }
};
struct KeymapFree {
    void operator()(xkb_keymap* k) const { xkb_keymap_unref(k); }
};
struct StateFree {
    void operator()(xkb_state* s) const { xkb_state_unref(s); }
};
using ContextPtr = std::unique_ptr<xkb_context, ContextFree>;
using KeymapPtr = std::unique_ptr<xkb_keymap, KeymapFree>;
using StatePtr = std::unique_ptr<xkb_state, StateFree>;

// libxkbcommon's error messages are collected here (instead of its default stderr) and put into
// the KeyboardError. They name xkb files and keysyms, never typed text.
__attribute__((format(printf, 3, 0))) void
collect_log(xkb_context* context, xkb_log_level /*level*/, const char* format, va_list args) {
    auto* log = static_cast<std::string*>(xkb_context_get_user_data(context));
    if (log == nullptr) return;
    char buffer[512];
    const int n = std::vsnprintf(buffer, sizeof buffer, format, args);
    if (n <= 0 || log->size() >= 2000) return; // bounded: the first errors say what went wrong
    std::string line = buffer;
    while (!line.empty() && (line.back() == '\n' || line.back() == ' '))
        line.pop_back();
    if (line.empty()) return;
    if (!log->empty()) *log += "; "; // one line in the exception message
    *log += line;
}

std::string include_paths(xkb_context* context) {
    std::string out;
    const unsigned n = xkb_context_num_include_paths(context);
    for (unsigned i = 0; i < n; ++i) {
        const char* path = xkb_context_include_path_get(context, i);
        if (path == nullptr) continue;
        if (!out.empty()) out += ", ";
        out += path;
    }
    return out.empty() ? "(none)" : out;
}

bool any_include_path_has(xkb_context* context, const std::filesystem::path& relative) {
    const unsigned n = xkb_context_num_include_paths(context);
    for (unsigned i = 0; i < n; ++i) {
        const char* path = xkb_context_include_path_get(context, i);
        std::error_code ec;
        if (path != nullptr && std::filesystem::exists(std::filesystem::path(path) / relative, ec))
            return true;
    }
    return false;
}

std::string layout_name(const LanguageEntry& e) {
    std::string s = e.layout;
    if (!e.variant.empty()) s += "(" + e.variant + ")";
    return s;
}

// Says why xkb_keymap_new_from_names failed, from what is on disk and what libxkbcommon logged.
[[noreturn]] void throw_compile_failure(xkb_context* context, const LanguageEntry& e,
                                        const std::string& log) {
    const std::string paths = include_paths(context);
    if (!any_include_path_has(context, "rules/evdev")) {
        throw KeyboardError("The xkb keyboard data was not found (no rules/evdev in " + paths +
                            "). Install it with: sudo apt-get install xkb-data");
    }
    if (!any_include_path_has(context, std::filesystem::path("symbols") / e.layout)) {
        throw KeyboardError("The xkb layout '" + e.layout + "' for language '" + e.language +
                            "' is missing from the xkb data (no symbols/" + e.layout + " in " +
                            paths + "). Install or update it with: sudo apt-get install xkb-data");
    }
    std::string message = "The xkb layout " + layout_name(e) + " for language '" + e.language +
                          "' could not be compiled from " + paths;
    if (!e.variant.empty()) {
        message += " (is the variant '" + e.variant + "' missing from symbols/" + e.layout +
                   "? Debian 12's xkb-data 2.35 has it: sudo apt-get install xkb-data)";
    }
    if (!log.empty()) message += ". libxkbcommon said: " + log;
    throw KeyboardError(message);
}

// Modifier masks for the four levels, indexed by Level.
struct LevelMasks {
    std::array<xkb_mod_mask_t, level_count> masks{};
};

LevelMasks level_masks(xkb_keymap* keymap, const LanguageEntry& e) {
    const xkb_mod_index_t shift = xkb_keymap_mod_get_index(keymap, XKB_MOD_NAME_SHIFT);
    // level3(ralt_switch), included by every layout here, maps ISO_Level3_Shift (and the virtual
    // modifier LevelThree) to the real modifier Mod5.
    const xkb_mod_index_t mod5 = xkb_keymap_mod_get_index(keymap, "Mod5");
    if (shift == XKB_MOD_INVALID || mod5 == XKB_MOD_INVALID) {
        throw KeyboardError("The xkb keymap " + layout_name(e) +
                            " has no Shift or Mod5 modifier; the xkb data looks damaged. "
                            "Reinstall it with: sudo apt-get install --reinstall xkb-data");
    }
    LevelMasks m;
    m.masks[static_cast<std::size_t>(Level::base)] = 0;
    m.masks[static_cast<std::size_t>(Level::shift)] = xkb_mod_mask_t{1} << shift;
    m.masks[static_cast<std::size_t>(Level::altgr)] = xkb_mod_mask_t{1} << mod5;
    m.masks[static_cast<std::size_t>(Level::shift_altgr)] =
        (xkb_mod_mask_t{1} << shift) | (xkb_mod_mask_t{1} << mod5);
    return m;
}

// One key level from its keysyms. Several keysyms on one level (rare) are concatenated.
KeyCap cap_from_keysyms(const xkb_keysym_t* syms, int count) {
    KeyCap cap;
    if (count == 1 && is_dead_keysym(syms[0])) {
        for (const auto& d : kDeadKeys) {
            if (d.keysym != syms[0]) continue;
            cap.kind = KeyCap::Kind::dead;
            cap.dead_mark = d.mark;
            cap.dead_spacing = d.spacing;
            cap.label = detail::utf8(U'\u25CC') + detail::utf8(d.mark);
        }
        return cap; // a dead key we do not compose does nothing (see kDeadKeys)
    }
    std::string text;
    for (int i = 0; i < count; ++i) {
        const uint32_t c = xkb_keysym_to_utf32(syms[i]);
        // 0: no character (modifiers, dead keys amid others). Controls (BackSpace is U+0008,
        // Escape U+001B in libxkbcommon) are actions, not text.
        if (c == 0 || c < 0x20 || (c >= 0x7F && c < 0xA0)) continue;
        detail::append_utf8(text, static_cast<char32_t>(c));
    }
    if (text.empty()) return cap;
    cap.kind = KeyCap::Kind::text;
    cap.label = label_for(text);
    cap.text = std::move(text);
    return cap;
}

// Reads one key. A name the keycodes do not define, or a key without symbols, reads as blank.
Key read_key(xkb_keymap* keymap, xkb_state* state, const LevelMasks& masks, const char* name) {
    Key key;
    key.xkb_name = name;
    const xkb_keycode_t code = xkb_keymap_key_by_name(keymap, name);
    if (code == XKB_KEYCODE_INVALID || xkb_keymap_num_layouts_for_key(keymap, code) == 0)
        return key;

    std::array<xkb_level_index_t, level_count> levels{};
    std::array<xkb_layout_index_t, level_count> groups{};
    for (std::size_t i = 0; i < level_count; ++i) {
        // Only the depressed modifiers change; no latched or locked ones, group 0.
        xkb_state_update_mask(state, masks.masks[i], 0, 0, 0, 0, 0);
        groups[i] = xkb_state_key_get_layout(state, code);
        levels[i] = groups[i] == XKB_LAYOUT_INVALID
                        ? XKB_LEVEL_INVALID
                        : xkb_state_key_get_level(state, code, groups[i]);
    }
    xkb_state_update_mask(state, 0, 0, 0, 0, 0, 0);

    const auto b = static_cast<std::size_t>(Level::base);
    const auto s = static_cast<std::size_t>(Level::shift);
    const auto a = static_cast<std::size_t>(Level::altgr);
    const auto sa = static_cast<std::size_t>(Level::shift_altgr);
    for (std::size_t i = 0; i < level_count; ++i) {
        if (levels[i] == XKB_LEVEL_INVALID) continue;
        // The AltGr levels count only where AltGr selects another shift level than without it.
        if (i == a && levels[a] == levels[b]) continue;
        if (i == sa && levels[sa] == levels[s]) continue;
        const xkb_keysym_t* syms = nullptr;
        const int n = xkb_keymap_key_get_syms_by_level(keymap, code, groups[i], levels[i], &syms);
        if (n <= 0 || syms == nullptr) continue;
        key.levels[i] = cap_from_keysyms(syms, n);
    }
    return key;
}

// LSGT (the extra ISO key left of Z) is shown only where it carries a letter, a mark or a dead
// key: in all twelve layouts it holds punctuation found elsewhere (| ¦, \ |, < >).
bool carries_letter(const Key& key) {
    for (const auto& cap : key.levels) {
        if (cap.kind == KeyCap::Kind::dead) return true;
        if (cap.kind != KeyCap::Kind::text) continue;
        for (char32_t c : detail::code_points(cap.text)) {
            if (is_letter_or_mark(c)) return true;
        }
    }
    return false;
}

// The keyboard of a kiosk language (the table's code exactly, as the view passes it); throws
// KeyboardError naming the languages that have one.
LanguageEntry entry_for(std::string_view language) {
    for (const languages::LanguageSpec& l : languages::all()) {
        if (language == l.code)
            return LanguageEntry{std::string(l.code), std::string(l.xkb_layout),
                                 std::string(l.xkb_variant), l.rtl()};
    }
    std::string list;
    for (const languages::LanguageSpec& l : languages::all()) {
        if (!list.empty()) list += ", ";
        list += l.code;
    }
    throw KeyboardError("There is no on-screen keyboard for the language '" +
                        std::string(language) + "'. The languages with a keyboard are: " + list);
}

KeyboardLayout read_layout(xkb_keymap* keymap, const LanguageEntry& e) {
    StatePtr state(xkb_state_new(keymap));
    if (!state)
        throw KeyboardError("libxkbcommon could not create a keyboard state (out of memory)");
    const LevelMasks masks = level_masks(keymap, e);

    KeyboardLayout out;
    out.language = e.language;
    out.xkb_layout = e.layout;
    out.xkb_variant = e.variant;
    out.rtl = e.rtl;
    const char* description = xkb_keymap_layout_get_name(keymap, 0);
    out.xkb_description = description != nullptr ? description : "";

    auto read = [&](const char* name) { return read_key(keymap, state.get(), masks, name); };
    auto& number = out.rows[static_cast<std::size_t>(Row::number)];
    auto& top = out.rows[static_cast<std::size_t>(Row::top)];
    auto& home = out.rows[static_cast<std::size_t>(Row::home)];
    auto& bottom = out.rows[static_cast<std::size_t>(Row::bottom)];
    char name[8];

    if (Key k = read("TLDE"); k.types_anything()) number.push_back(std::move(k));
    for (int i = 1; i <= 12; ++i) {
        std::snprintf(name, sizeof name, "AE%02d", i);
        number.push_back(read(name));
    }
    for (int i = 1; i <= 12; ++i) {
        std::snprintf(name, sizeof name, "AD%02d", i);
        top.push_back(read(name));
    }
    // BKSL holds letters in gu, hi, ro, ZWNJ in bn, the dead tilde Portuguese needs for ã õ, and
    // # ~ in gb: shown whenever it types anything.
    if (Key k = read("BKSL"); k.types_anything()) top.push_back(std::move(k));
    for (int i = 1; i <= 11; ++i) {
        std::snprintf(name, sizeof name, "AC%02d", i);
        home.push_back(read(name));
    }
    if (Key k = read("LSGT"); carries_letter(k)) bottom.push_back(std::move(k));
    for (int i = 1; i <= 10; ++i) {
        std::snprintf(name, sizeof name, "AB%02d", i);
        bottom.push_back(read(name));
    }
    out.space = read("SPCE");

    for (std::size_t level = 0; level < level_count; ++level) {
        bool any = out.space.levels[level].kind != KeyCap::Kind::none;
        for (const auto& row : out.rows) {
            for (const auto& key : row)
                any = any || key.levels[level].kind != KeyCap::Kind::none;
        }
        out.has_level[level] = any;
    }
    return out;
}

// ---- what the kiosk changes in the xkb rows (hrc/keyboard.h, "What the kiosk changes") ---------

KeyCap kiosk_text_cap(std::string text) {
    KeyCap cap;
    cap.kind = KeyCap::Kind::text;
    cap.label = label_for(text);
    cap.text = std::move(text);
    return cap;
}

Key* find_key(KeyboardLayout& l, std::string_view xkb_name) {
    for (auto& row : l.rows) {
        for (Key& k : row) {
            if (k.xkb_name == xkb_name) return &k;
        }
    }
    return nullptr;
}

KeyCap& cap_at(Key& k, Level level) {
    return k.levels[static_cast<std::size_t>(level)];
}

// Bidi controls change the order of what a person sees without showing themselves (U+061C ALM,
// U+200E/F LRM RLM, U+202A-E LRE RLE PDF LRO RLO, U+2066-9 LRI RLI FSI PDI): nobody filling in a
// report can use them, and they hide text from the people who read it. pk(urd-phonetic) has seven
// on its AltGr level, ara(basic) has LRM/RLM on Shift+AltGr.
bool is_bidi_control(char32_t c) {
    return c == 0x061C || c == 0x200E || c == 0x200F || (c >= 0x202A && c <= 0x202E) ||
           (c >= 0x2066 && c <= 0x2069);
}

void remove_bidi_controls(KeyboardLayout& l) {
    auto clean = [](Key& k) {
        for (KeyCap& cap : k.levels) {
            if (cap.kind != KeyCap::Kind::text) continue;
            for (char32_t c : detail::code_points(cap.text)) {
                if (is_bidi_control(c)) {
                    cap = KeyCap{};
                    break;
                }
            }
        }
    };
    for (auto& row : l.rows) {
        for (Key& k : row)
            clean(k);
    }
    clean(l.space);
}

// Puts a cap that lost its place on the "more" page: the first free AltGr level of the number row
// (AE11, AE12, then TLDE), then the first free Shift+AltGr level there, then the first free AltGr
// level anywhere. Nothing a layout types is dropped.
void place_on_more_page(KeyboardLayout& l, KeyCap cap) {
    std::vector<KeyCap*> slots;
    for (const char* name : {"AE11", "AE12", "TLDE"}) {
        if (Key* k = find_key(l, name)) slots.push_back(&cap_at(*k, Level::altgr));
    }
    for (Key& k : l.rows[static_cast<std::size_t>(Row::number)])
        slots.push_back(&cap_at(k, Level::shift_altgr));
    for (auto& row : l.rows) {
        for (Key& k : row)
            slots.push_back(&cap_at(k, Level::altgr));
    }
    for (KeyCap* slot : slots) {
        if (slot->kind == KeyCap::Kind::none) {
            *slot = std::move(cap);
            return;
        }
    }
}

// ASCII digits 1…9 0 on AE01…AE10 of every layout, as most touch keyboards have them: dates, phone
// numbers and postcodes are written with them in the UK, and Tamil's own numerals have no zero. A
// script's own digit (૧, ੧, ১, ௧, १, ١) moves to the AltGr level of its key, the "more" page;
// whatever that level held moves to a free place on the same page (place_on_more_page). Shift on a
// digit key that repeated the script's digit types the ASCII digit too.
void ascii_digits_on_number_row(KeyboardLayout& l) {
    std::vector<KeyCap> displaced;
    for (int i = 1; i <= 10; ++i) {
        char name[8];
        std::snprintf(name, sizeof name, "AE%02d", i);
        Key* k = find_key(l, name);
        if (k == nullptr) continue;
        const std::string ascii(1, static_cast<char>('0' + i % 10));
        KeyCap& base = cap_at(*k, Level::base);
        if (base.kind == KeyCap::Kind::text && base.text == ascii) continue;
        KeyCap old = std::move(base);
        base = kiosk_text_cap(ascii);
        KeyCap& shift = cap_at(*k, Level::shift);
        if (shift.kind == KeyCap::Kind::none ||
            (shift.kind == KeyCap::Kind::text && old.kind == KeyCap::Kind::text &&
             shift.text == old.text))
            shift = kiosk_text_cap(ascii);
        if (old.kind == KeyCap::Kind::none) continue;
        KeyCap& altgr = cap_at(*k, Level::altgr);
        // in(deva) has the ASCII digits on AltGr: they are on the base level now.
        if (altgr.kind == KeyCap::Kind::text && altgr.text == ascii) altgr = KeyCap{};
        if (altgr.kind != KeyCap::Kind::none) displaced.push_back(std::move(altgr));
        altgr = std::move(old);
    }
    for (KeyCap& cap : displaced)
        place_on_more_page(l, std::move(cap));
}

// A script's own digits for a layout that has none: pk(urd-phonetic) types only ASCII digits, and
// Urdu is also written with the Extended Arabic-Indic digits ۰…۹. They go on the AltGr level of
// AE01…AE10, where the other layouts' own digits are (ascii_digits_on_number_row).
struct OwnDigits {
    std::string_view language;
    char32_t zero;
};
constexpr OwnDigits kOwnDigits[] = {{"ur", 0x06F0}};

void own_digits_on_more_page(KeyboardLayout& l) {
    // Tamil InScript's AE10 types ௰ (ten) and the layout has no zero: the Tamil zero ௦ (U+0BE6)
    // takes its place, so ௦…௯ are all there, like every other script's digits.
    if (l.language == "ta") {
        if (Key* k = find_key(l, "AE10"); k != nullptr &&
                                          cap_at(*k, Level::altgr).kind == KeyCap::Kind::text &&
                                          cap_at(*k, Level::altgr).text == "\u0BF0")
            cap_at(*k, Level::altgr) = kiosk_text_cap("\u0BE6");
    }
    for (const OwnDigits& d : kOwnDigits) {
        if (l.language != d.language) continue;
        for (int i = 1; i <= 10; ++i) {
            char name[8];
            std::snprintf(name, sizeof name, "AE%02d", i);
            Key* k = find_key(l, name);
            if (k == nullptr || cap_at(*k, Level::altgr).kind != KeyCap::Kind::none) continue;
            cap_at(*k, Level::altgr) =
                kiosk_text_cap(detail::utf8(d.zero + static_cast<char32_t>(i % 10)));
        }
    }
}

// Languages whose "more" page holds only their own letters: the xkb AltGr levels of pl(basic) mix
// ą ę ł with π œ © ≠ ← and dead accents no Polish word needs. Everything else on the AltGr levels is
// left off; the punctuation a report needs is on the base and Shift levels.
struct MoreLetters {
    std::string_view language;
    std::string_view letters; // UTF-8: every letter the more page may keep (both cases)
};
constexpr MoreLetters kMoreLetters[] = {
    {"pl", "\u0105\u0107\u0119\u0142\u0144\u00F3\u015B\u017A\u017C"
           "\u0104\u0106\u0118\u0141\u0143\u00D3\u015A\u0179\u017B"},
};

void keep_only_own_letters(KeyboardLayout& l) {
    for (const MoreLetters& m : kMoreLetters) {
        if (l.language != m.language) continue;
        const std::vector<char32_t> allowed = detail::code_points(m.letters);
        auto keep = [&](const KeyCap& cap) {
            if (cap.kind != KeyCap::Kind::text) return false;
            const std::vector<char32_t> cps = detail::code_points(cap.text);
            return cps.size() == 1 &&
                   std::find(allowed.begin(), allowed.end(), cps[0]) != allowed.end();
        };
        auto clean = [&](Key& k) {
            for (Level level : {Level::altgr, Level::shift_altgr}) {
                if (!keep(cap_at(k, level))) cap_at(k, level) = KeyCap{};
            }
        };
        for (auto& row : l.rows) {
            for (Key& k : row)
                clean(k);
        }
        clean(l.space);
    }
}

// Keys whose xkb label (label_for) would be an English abbreviation in a layout of another script:
// the label shows what the key does instead. Bengali (bd(probhat)) has ZWJ on TLDE, which makes
// র + ্ + য the ra-phala form র‍্য (র‍্যাব), and ZWNJ on BKSL, which keeps the hasanta visible
// instead of a conjunct (ক্‌ষ, not ক্ষ).
struct OwnLabel {
    std::string_view language;
    std::string_view text;
    std::string_view label;
};
// Urdu (pk(urd-phonetic)) and Arabic (ara) have both joiners on AltGr levels: ZWNJ shows two
// letters kept apart (ب‌ب: the half space of Urdu spelling), ZWJ a letter held in its joining
// form (ب‍). Issue 14 item 5: "ZWNJ"/"ZWJ" meant nothing to the people these keyboards are for.
constexpr OwnLabel kOwnLabels[] = {
    {"bn", "\u200D", "\u09B0\u200D\u09CD\u09AF"}, // ZWJ: র‍্য
    {"bn", "\u200C", "\u0995\u09CD\u200C"},       // ZWNJ: ক্‌
    {"ur", "\u200C", "\u0628\u200C\u0628"},       // ZWNJ: ب‌ب
    {"ur", "\u200D", "\u0628\u200D"},             // ZWJ: ب‍
    {"ar", "\u200C", "\u0628\u200C\u0628"},       // ZWNJ: ب‌ب
    {"ar", "\u200D", "\u0628\u200D"},             // ZWJ: ب‍
};

void own_labels(KeyboardLayout& l) {
    auto relabel = [&](Key& k) {
        for (KeyCap& cap : k.levels) {
            for (const OwnLabel& o : kOwnLabels) {
                if (l.language == o.language && cap.kind == KeyCap::Kind::text &&
                    cap.text == o.text)
                    cap.label = std::string(o.label);
            }
        }
    };
    for (auto& row : l.rows) {
        for (Key& k : row)
            relabel(k);
    }
    relabel(l.space);
}

// A "more" page with fewer keys than this is not offered (its keys are cleared): a page with one
// key (₹ was all in(guj), in(guru) and in(tam) had) is a page nobody finds worth opening.
constexpr int kMinMorePageKeys = 4;

void update_levels(KeyboardLayout& l) {
    for (std::size_t level = 0; level < level_count; ++level) {
        int count = l.space.levels[level].kind != KeyCap::Kind::none ? 1 : 0;
        for (const auto& row : l.rows) {
            for (const auto& key : row)
                count += key.levels[level].kind != KeyCap::Kind::none ? 1 : 0;
        }
        const bool more = level == static_cast<std::size_t>(Level::altgr) ||
                          level == static_cast<std::size_t>(Level::shift_altgr);
        if (more && count > 0 && count < kMinMorePageKeys) {
            for (auto& row : l.rows) {
                for (auto& key : row)
                    key.levels[level] = KeyCap{};
            }
            l.space.levels[level] = KeyCap{};
            count = 0;
        }
        l.has_level[level] = count > 0;
    }
}

void adapt_for_kiosk(KeyboardLayout& l) {
    remove_bidi_controls(l);
    keep_only_own_letters(l);
    ascii_digits_on_number_row(l);
    own_digits_on_more_page(l);
    own_labels(l);
    update_levels(l);
}

KeyboardLayout load_with(std::string_view language, const std::filesystem::path* xkb_root) {
    const LanguageEntry e = entry_for(language); // throws for an unknown language

    // Environment names off: XKB_DEFAULT_OPTIONS and friends must not change the kiosk's keys.
    auto flags =
        static_cast<xkb_context_flags>(XKB_CONTEXT_NO_ENVIRONMENT_NAMES |
                                       (xkb_root != nullptr ? XKB_CONTEXT_NO_DEFAULT_INCLUDES : 0));
    std::string log; // declared first so it outlives the context that writes to it
    ContextPtr context(xkb_context_new(flags));
    if (!context)
        throw KeyboardError("libxkbcommon could not start (xkb_context_new failed: out of memory)");
    xkb_context_set_user_data(context.get(), &log);
    xkb_context_set_log_fn(context.get(), collect_log);
    xkb_context_set_log_level(context.get(), XKB_LOG_LEVEL_ERROR);
    if (xkb_root != nullptr &&
        xkb_context_include_path_append(context.get(), xkb_root->c_str()) != 1) {
        throw KeyboardError("The xkb keyboard data directory " + xkb_root->string() +
                            " does not exist or cannot be read. Install the data with: sudo "
                            "apt-get install xkb-data");
    }

    const xkb_rule_names names{"evdev", "pc105", e.layout.c_str(), e.variant.c_str(), ""};
    KeymapPtr keymap(xkb_keymap_new_from_names(context.get(), &names, XKB_KEYMAP_COMPILE_NO_FLAGS));
    if (!keymap) throw_compile_failure(context.get(), e, log);
    KeyboardLayout layout = read_layout(keymap.get(), e);
    adapt_for_kiosk(layout);
    return layout;
}

} // namespace

std::vector<std::string> supported_languages() {
    std::vector<std::string> out;
    for (const languages::LanguageSpec& l : languages::all())
        out.emplace_back(l.code);
    return out;
}

LayoutChoice layout_for(std::string_view language) {
    LanguageEntry e = entry_for(language);
    return LayoutChoice{std::move(e.layout), std::move(e.variant), e.rtl};
}

bool Key::types_anything() const {
    for (const auto& cap : levels) {
        if (cap.kind != KeyCap::Kind::none) return true;
    }
    return false;
}

const Key& KeyboardLayout::key(KeyIndex index) const {
    if (index.row >= rows.size() || index.column >= rows[index.row].size()) {
        throw std::out_of_range("keyboard key index out of range");
    }
    return rows[index.row][index.column];
}

std::size_t KeyboardLayout::key_count() const {
    std::size_t n = 0;
    for (const auto& row : rows)
        n += row.size();
    return n;
}

KeyboardLayout load_layout(std::string_view language) {
    return load_with(language, nullptr);
}

KeyboardLayout load_layout(std::string_view language, const std::filesystem::path& xkb_root) {
    return load_with(language, &xkb_root);
}

std::string label_for(std::string_view utf8_text) {
    const std::vector<char32_t> cps = detail::code_points(utf8_text);
    if (cps.empty()) return {};
    if (cps.size() == 1) {
        // Invisible characters by their usual short names (what keyboard charts print).
        switch (cps[0]) {
        case 0x0020:
            return "Space";
        case 0x00A0:
            return "NBSP";
        case 0x00AD:
            return "SHY";
        case 0x061C:
            return "ALM";
        case 0x200B:
            return "ZWSP";
        case 0x200C:
            return "ZWNJ";
        case 0x200D:
            return "ZWJ";
        case 0x200E:
            return "LRM";
        case 0x200F:
            return "RLM";
        case 0x202A:
            return "LRE";
        case 0x202B:
            return "RLE";
        case 0x202C:
            return "PDF";
        case 0x202D:
            return "LRO";
        case 0x202E:
            return "RLO";
        case 0x202F:
            return "NNBSP";
        case 0x2060:
            return "WJ";
        case 0x2066:
            return "LRI";
        case 0x2067:
            return "RLI";
        case 0x2068:
            return "FSI";
        case 0x2069:
            return "PDI";
        case 0xFEFF:
            return "ZWNBSP";
        default:
            break;
        }
        // Any other format, control or space character: its code point, never an invisible label.
        const auto type = u_charType(static_cast<UChar32>(cps[0]));
        if (type == U_FORMAT_CHAR || type == U_CONTROL_CHAR || type == U_SPACE_SEPARATOR ||
            type == U_LINE_SEPARATOR || type == U_PARAGRAPH_SEPARATOR) {
            char buffer[16];
            std::snprintf(buffer, sizeof buffer, "U+%04X", static_cast<unsigned>(cps[0]));
            return buffer;
        }
    }
    // A mark cannot stand alone: show it on a dotted circle, as Unicode's charts do ("◌ા").
    if (is_mark(cps[0])) return detail::utf8(U'\u25CC') + std::string(utf8_text);
    return std::string(utf8_text);
}

} // namespace hrc::keyboard
