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
    return read_layout(keymap.get(), e);
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
