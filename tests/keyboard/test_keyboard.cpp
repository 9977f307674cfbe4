// tests/keyboard/test_keyboard.cpp — the on-screen keyboards (kiosk/keyboard, hrc/keyboard.h).
//
// Oracles, independent of the code under test:
//  - the language → layout table is BRIEF §8's (and the task's) table, typed in here;
//  - the "symbol file facts" were read by hand from Debian 12's xkb-data 2.35.1 files under
//    /usr/share/X11/xkb/symbols (in, pk, bd, ara, pl, ro, pt, gb, rupeesign, nbsp); each check
//    names the file line it comes from;
//  - scripts and character categories come from ICU (uscript_getScript, u_charType), which the
//    library uses only for labels, never for choosing characters.
#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <unicode/uchar.h>
#include <unicode/uscript.h>

#include "hrc/keyboard.h"

namespace fs = std::filesystem;
using namespace hrc::keyboard;
using Kind = KeyCap::Kind;

namespace {

const fs::path kXkbRoot = "/usr/share/X11/xkb"; // Debian's xkb-data

// Test-side UTF-8, written separately from the library's.
std::string u8(char32_t c) {
    std::string s;
    if (c < 0x80) {
        s += static_cast<char>(c);
    } else if (c < 0x800) {
        s += static_cast<char>(0xC0 | (c >> 6));
        s += static_cast<char>(0x80 | (c & 0x3F));
    } else if (c < 0x10000) {
        s += static_cast<char>(0xE0 | (c >> 12));
        s += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
        s += static_cast<char>(0x80 | (c & 0x3F));
    } else {
        s += static_cast<char>(0xF0 | (c >> 18));
        s += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
        s += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
        s += static_cast<char>(0x80 | (c & 0x3F));
    }
    return s;
}

std::vector<char32_t> decode(const std::string& s) {
    std::vector<char32_t> out;
    for (std::size_t i = 0; i < s.size();) {
        const auto b = static_cast<unsigned char>(s[i]);
        const std::size_t n = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
        char32_t c = n == 1 ? b : n == 2 ? (b & 0x1Fu) : n == 3 ? (b & 0x0Fu) : (b & 0x07u);
        for (std::size_t k = 1; k < n && i + k < s.size(); ++k)
            c = (c << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3Fu);
        out.push_back(c);
        i += n;
    }
    return out;
}

bool is_mark(char32_t c) {
    const auto t = u_charType(static_cast<UChar32>(c));
    return t == U_NON_SPACING_MARK || t == U_COMBINING_SPACING_MARK || t == U_ENCLOSING_MARK;
}

// The layouts are compiled once per test run (each takes a few milliseconds).
const KeyboardLayout& layout(const std::string& language) {
    static std::map<std::string, KeyboardLayout> cache;
    auto it = cache.find(language);
    if (it == cache.end()) it = cache.emplace(language, load_layout(language)).first;
    return it->second;
}

KeyIndex index_of(const KeyboardLayout& l, const std::string& xkb_name) {
    for (std::size_t r = 0; r < l.rows.size(); ++r) {
        for (std::size_t c = 0; c < l.rows[r].size(); ++c) {
            if (l.rows[r][c].xkb_name == xkb_name) return {r, c};
        }
    }
    FAIL("key " << xkb_name << " is not in the " << l.language << " layout");
    return {};
}

const Key& key(const std::string& language, const std::string& xkb_name) {
    const KeyboardLayout& l = layout(language);
    return l.key(index_of(l, xkb_name));
}

// The text a key types at a level, "" if it is not a text key there.
std::string typed(const std::string& language, const std::string& xkb_name, Level level) {
    const KeyCap& cap = key(language, xkb_name).at(level);
    return cap.kind == Kind::text ? cap.text : std::string();
}

struct TempDir {
    fs::path path;
    TempDir() {
        const auto stamp = std::chrono::steady_clock::now().time_since_epoch().count();
        path = fs::temp_directory_path() / ("hrc-keyboard-test-" + std::to_string(stamp));
        fs::create_directories(path);
    }
    ~TempDir() {
        std::error_code ec;
        fs::remove_all(path, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
};

// A copy of the xkb data made of symlinks into the real one, with symbols/<left_out> missing.
void fake_xkb_root(const fs::path& root, const std::string& left_out) {
    for (const char* dir : {"rules", "keycodes", "types", "compat", "geometry"}) {
        fs::create_directory_symlink(kXkbRoot / dir, root / dir);
    }
    fs::create_directories(root / "symbols");
    for (const auto& entry : fs::directory_iterator(kXkbRoot / "symbols")) {
        const std::string name = entry.path().filename().string();
        if (name == left_out) continue;
        if (entry.is_directory()) {
            fs::create_directory_symlink(entry.path(), root / "symbols" / name);
        } else {
            fs::create_symlink(entry.path(), root / "symbols" / name);
        }
    }
}

// A hand-made layout for the state model, so its tests do not depend on xkb data:
// key 0 types a A ą Ą; key 1 is a dead acute on level 1 and nothing elsewhere; key 2 types q only;
// key 3 is a dead acute at every level (to test two dead keys in a row); space types " ".
KeyCap text_cap(const std::string& t) {
    KeyCap c;
    c.kind = Kind::text;
    c.text = t;
    c.label = t;
    return c;
}
KeyCap dead_acute() {
    KeyCap c;
    c.kind = Kind::dead;
    c.dead_mark = 0x0301;
    c.dead_spacing = 0x00B4;
    c.label = u8(0x25CC) + u8(0x0301);
    return c;
}
KeyboardLayout toy_layout() {
    KeyboardLayout l;
    l.language = "toy";
    Key a;
    a.xkb_name = "AC01";
    a.levels = {text_cap("a"), text_cap("A"), text_cap(u8(0x0105)), text_cap(u8(0x0104))};
    Key dead;
    dead.xkb_name = "AD12";
    dead.levels[0] = dead_acute();
    Key q;
    q.xkb_name = "AD01";
    q.levels[0] = text_cap("q");
    Key dead_all;
    dead_all.xkb_name = "AC10";
    dead_all.levels = {dead_acute(), dead_acute(), dead_acute(), dead_acute()};
    l.rows[static_cast<std::size_t>(Row::home)] = {a, dead, q, dead_all};
    l.space.xkb_name = "SPCE";
    l.space.levels[0] = text_cap(" ");
    l.space.levels[1] = text_cap(" ");
    l.has_level = {true, true, true, true};
    return l;
}
const KeyIndex kA{static_cast<std::size_t>(Row::home), 0};
const KeyIndex kDead{static_cast<std::size_t>(Row::home), 1};
const KeyIndex kQ{static_cast<std::size_t>(Row::home), 2};
const KeyIndex kDeadAll{static_cast<std::size_t>(Row::home), 3};

} // namespace

TEST_CASE("supported_languages lists the twelve kiosk languages with the brief's layouts") {
    struct Expected {
        const char* layout;
        const char* variant;
        bool rtl;
    };
    // BRIEF §8 and the task: ta → in(tam) (Tamil InScript), ro → ro(std) (the SR 13392 standard).
    const std::map<std::string, Expected> expected = {
        {"en-GB", {"gb", "", false}},     {"gu", {"in", "guj", false}},
        {"pa", {"in", "guru", false}},    {"ur", {"pk", "urd-phonetic", true}},
        {"bn", {"bd", "probhat", false}}, {"ta", {"in", "tam", false}},
        {"hi", {"in", "deva", false}},    {"ar", {"ara", "", true}},
        {"pl", {"pl", "", false}},        {"ro", {"ro", "std", false}},
        {"pt", {"pt", "", false}},        {"so", {"gb", "", false}},
    };
    const std::vector<std::string> languages = supported_languages();
    CHECK(languages.size() == expected.size());
    CHECK(std::set<std::string>(languages.begin(), languages.end()).size() == languages.size());
    for (const auto& [code, e] : expected) {
        INFO("language " << code);
        CHECK(std::find(languages.begin(), languages.end(), code) != languages.end());
        const LayoutChoice choice = layout_for(code);
        CHECK(choice.xkb_layout == e.layout);
        CHECK(choice.xkb_variant == e.variant);
        CHECK(choice.rtl == e.rtl);
    }
}

TEST_CASE(
    "every language's layout loads, has at least 30 typing keys, in the script of the language") {
    // Hand-made oracle: each language's script.
    const std::map<std::string, UScriptCode> script = {
        {"en-GB", USCRIPT_LATIN},   {"so", USCRIPT_LATIN},   {"pl", USCRIPT_LATIN},
        {"ro", USCRIPT_LATIN},      {"pt", USCRIPT_LATIN},   {"gu", USCRIPT_GUJARATI},
        {"pa", USCRIPT_GURMUKHI},   {"bn", USCRIPT_BENGALI}, {"ta", USCRIPT_TAMIL},
        {"hi", USCRIPT_DEVANAGARI}, {"ur", USCRIPT_ARABIC},  {"ar", USCRIPT_ARABIC},
    };
    // Exceptions read in /usr/share/X11/xkb/symbols/in: in(guj) and in(guru) both put Latin
    // `key <AB01> { [ z, ... ] }` on the INSCRIPT key that has no character of its own.
    const std::set<std::pair<std::string, std::string>> latin_z = {{"gu", "AB01"}, {"pa", "AB01"}};

    for (const std::string& language : supported_languages()) {
        INFO("language " << language);
        REQUIRE(script.count(language) == 1);
        const UScriptCode expected = script.at(language);
        const KeyboardLayout& l = layout(language);
        CHECK(l.language == language);
        CHECK(l.has_level[static_cast<std::size_t>(Level::base)]);

        int typing_keys = 0;
        int letter_keys = 0;
        for (const auto& row : l.rows) {
            for (const Key& k : row) {
                const KeyCap& base = k.at(Level::base);
                if (base.kind != Kind::text) continue;
                ++typing_keys;
                const std::vector<char32_t> cps = decode(base.text);
                const bool alphabetic = std::any_of(cps.begin(), cps.end(), [](char32_t c) {
                    return u_isalpha(static_cast<UChar32>(c)) || is_mark(c);
                });
                if (!alphabetic) continue;
                ++letter_keys;
                if (latin_z.count({language, k.xkb_name}) != 0) {
                    CHECK(base.text == "z");
                    continue;
                }
                for (char32_t c : cps) {
                    if (!u_isalpha(static_cast<UChar32>(c)) && !is_mark(c)) continue;
                    UErrorCode status = U_ZERO_ERROR;
                    const UScriptCode sc = uscript_getScript(static_cast<UChar32>(c), &status);
                    REQUIRE(U_SUCCESS(status));
                    INFO("key " << k.xkb_name << " types U+" << std::hex << static_cast<unsigned>(c)
                                << std::dec << " of script " << uscript_getName(sc));
                    // Marks shared by scripts (Arabic harakat) are Inherited; their Script_Extensions
                    // must then include the language's script.
                    const bool ok =
                        sc == expected || ((sc == USCRIPT_INHERITED || sc == USCRIPT_COMMON) &&
                                           uscript_hasScript(static_cast<UChar32>(c), expected));
                    CHECK(ok);
                }
            }
        }
        CHECK(typing_keys >= 30);
        CHECK(letter_keys >= 20);
    }
}

TEST_CASE("keys match the xkb symbol files read by hand") {
    // symbols/in, xkb_symbols "guj":
    //   key <AD01> { [ U0ACC, U0A94 ] };  key <AD03> { [ U0ABE, U0A86 ] };  key <AC03> { [ U0ACD, U0A85 ] };
    //   key <AB07> { [ U0AB8, U0AB6 ] };  key <BKSL> { [ U0AC9, U0A91 ] };
    //   include "rupeesign(4)" → key <AE04> { [ NoSymbol, NoSymbol, U20B9 ] }
    //   key <AE04> { [ U0AEA ] }: the kiosk puts ASCII 4 there and moves ૪ to AltGr, and the
    //   ₹ that was on AltGr to AltGr of AE11 (hrc/keyboard.h "What the kiosk changes").
    CHECK(typed("gu", "AD01", Level::base) == u8(0x0ACC));
    CHECK(typed("gu", "AD01", Level::shift) == u8(0x0A94));
    CHECK(typed("gu", "AD03", Level::base) == u8(0x0ABE)); // vowel sign AA
    CHECK(typed("gu", "AD03", Level::shift) == u8(0x0A86));
    CHECK(typed("gu", "AC03", Level::base) == u8(0x0ACD)); // virama
    CHECK(typed("gu", "AB07", Level::base) == u8(0x0AB8));
    CHECK(typed("gu", "AB07", Level::shift) == u8(0x0AB6));
    CHECK(typed("gu", "BKSL", Level::base) == u8(0x0AC9));
    CHECK(typed("gu", "AE04", Level::base) == "4");
    CHECK(typed("gu", "AE04", Level::altgr) == u8(0x0AEA));
    CHECK(typed("gu", "AE11", Level::altgr) == u8(0x20B9));

    // symbols/in, "guru": key <AC08> { [ U0A15, U0A16 ] }; <AD03> { [ U0A3E, U0A06 ] };
    //   <AE04> { [ U0A6A, U0A74 ] } + rupeesign; <AB02> { [ U0A02, U0A70, U0A71 ] }
    CHECK(typed("pa", "AC08", Level::base) == u8(0x0A15));
    CHECK(typed("pa", "AC08", Level::shift) == u8(0x0A16));
    CHECK(typed("pa", "AD03", Level::base) == u8(0x0A3E));
    CHECK(typed("pa", "AE04", Level::shift) == u8(0x0A74));
    CHECK(typed("pa", "AB02", Level::altgr) == u8(0x0A71));

    // symbols/pk, "urd-phonetic": <AD01> { [ 0x1000642, 0x1000652, 0x100200D ] };
    //   <AC01> { [ 0x1000627, 0x1000622 ] }; <AD06> { [ 0x10006d2, 0x100064E ] };
    //   <TLDE> { [ 0x100064b, 0x100007E, 0x100200C ] }; <AB07> { [ 0x1000645, 0x1000658, 0x100200F ] }
    CHECK(typed("ur", "AD01", Level::base) == u8(0x0642));
    CHECK(typed("ur", "AD01", Level::shift) == u8(0x0652));
    CHECK(typed("ur", "AD01", Level::altgr) == u8(0x200D));
    CHECK(typed("ur", "AC01", Level::base) == u8(0x0627));
    CHECK(typed("ur", "AC01", Level::shift) == u8(0x0622));
    CHECK(typed("ur", "AD06", Level::base) == u8(0x06D2));
    CHECK(typed("ur", "TLDE", Level::base) == u8(0x064B));
    CHECK(typed("ur", "TLDE", Level::altgr) == u8(0x200C));
    CHECK(typed("ur", "AB07", Level::altgr).empty()); // RLM: the kiosk offers no bidi controls

    // symbols/bd "probhat" = include "in(ben_probhat)": <TLDE> { [ U200D, asciitilde ] };
    //   <BKSL> { [ U200C, U0965 ] }; <AC01> { [ U09BE, U0985, U098C, U09E0 ] }; <AD01> { [ U09A6, U09A7 ] };
    //   <AB10> { [ U09CD, question ] }
    CHECK(typed("bn", "TLDE", Level::base) == u8(0x200D));
    CHECK(typed("bn", "BKSL", Level::base) == u8(0x200C));
    CHECK(typed("bn", "BKSL", Level::shift) == u8(0x0965));
    CHECK(typed("bn", "AC01", Level::base) == u8(0x09BE));
    CHECK(typed("bn", "AC01", Level::shift) == u8(0x0985));
    CHECK(typed("bn", "AC01", Level::altgr) == u8(0x098C));
    CHECK(typed("bn", "AC01", Level::shift_altgr) == u8(0x09E0));
    CHECK(typed("bn", "AD01", Level::base) == u8(0x09A6));
    CHECK(typed("bn", "AB10", Level::base) == u8(0x09CD));

    // symbols/in, "tam": <AC08> { [ U0B95 ] }; <AD03> { [ U0BBE, U0B86 ] }; <AB04> { [ U0BA8, U0BA9 ] };
    //   <AE01> { [ U0BE7 ] }; no <AD06>, <AD08>, <AD09>, <AD11> at all.
    CHECK(typed("ta", "AC08", Level::base) == u8(0x0B95));
    CHECK(typed("ta", "AD03", Level::base) == u8(0x0BBE));
    CHECK(typed("ta", "AB04", Level::base) == u8(0x0BA8));
    CHECK(typed("ta", "AB04", Level::shift) == u8(0x0BA9));
    CHECK(typed("ta", "AE01", Level::base) == "1");         // the kiosk's ASCII digit ...
    CHECK(typed("ta", "AE01", Level::altgr) == u8(0x0BE7)); // ... and ௧ on the "more" page
    for (const char* blank : {"AD06", "AD08", "AD09", "AD11"}) {
        INFO("Tamil InScript key " << blank);
        CHECK_FALSE(key("ta", blank).types_anything());
    }

    // symbols/in, "deva": <AC08> { [ U0915, U0916, U0958, U0959 ] }; <AD12> { [ U093c, U091e ] };
    //   <AE01> { [ U0967, U090d, 1, exclam ] }; include "nbsp(zwnj3zwj4)" →
    //   <SPCE> [ space, space, 0x100200c, 0x100200d ]
    CHECK(typed("hi", "AC08", Level::base) == u8(0x0915));
    CHECK(typed("hi", "AC08", Level::shift) == u8(0x0916));
    CHECK(typed("hi", "AC08", Level::altgr) == u8(0x0958));
    CHECK(typed("hi", "AC08", Level::shift_altgr) == u8(0x0959));
    CHECK(typed("hi", "AD12", Level::base) == u8(0x093C));
    // The kiosk swaps <AE01>'s levels 1 and 3: ASCII 1 on the base level, १ on AltGr.
    CHECK(typed("hi", "AE01", Level::base) == "1");
    CHECK(typed("hi", "AE01", Level::altgr) == u8(0x0967));
    const KeyboardLayout& hi = layout("hi");
    CHECK(hi.space.at(Level::base).text == " ");
    CHECK(hi.space.at(Level::altgr).text == u8(0x200C));
    CHECK(hi.space.at(Level::shift_altgr).text == u8(0x200D));

    // symbols/ara "basic": <AC01> { [ Arabic_sheen, Arabic_kasra ] }; <AC06> { [ Arabic_alef,
    //   Arabic_hamzaonalef, U0671 ] }; <AD11> { [ Arabic_jeem, less, Arabic_tcheh, U200F ] };
    //   <AC11> { [ Arabic_tah, quotedbl, U27E9, U200D ] }; <AB10> { [ Arabic_zah, ..., U066D, U200C ] }
    CHECK(typed("ar", "AC01", Level::base) == u8(0x0634));
    CHECK(typed("ar", "AC01", Level::shift) == u8(0x0650));
    CHECK(typed("ar", "AC06", Level::base) == u8(0x0627));
    CHECK(typed("ar", "AC06", Level::shift) == u8(0x0623));
    CHECK(typed("ar", "AC06", Level::altgr) == u8(0x0671));
    CHECK(typed("ar", "AD11", Level::altgr) == u8(0x0686));
    CHECK(typed("ar", "AD11", Level::shift_altgr).empty()); // RLM: no bidi controls in the kiosk
    CHECK(typed("ar", "AC11", Level::shift_altgr) == u8(0x200D));
    CHECK(typed("ar", "AB10", Level::shift_altgr) == u8(0x200C));
    CHECK(key("ar", "AD01").at(Level::altgr).kind == Kind::none); // NoSymbol in the file

    // symbols/pl "basic": <AC01> { [ a, A, aogonek, Aogonek ] }; <AB01> { [ z, Z, zabovedot, Zabovedot ] };
    //   <AB02> { [ x, X, zacute, Zacute ] }; <AD09> { [ o, O, oacute, Oacute ] };
    //   <AC08> { [ k, K, ellipsis, dead_stroke ] }
    CHECK(typed("pl", "AC01", Level::altgr) == u8(0x0105));
    CHECK(typed("pl", "AC01", Level::shift_altgr) == u8(0x0104));
    CHECK(typed("pl", "AB01", Level::altgr) == u8(0x017C));
    CHECK(typed("pl", "AB02", Level::altgr) == u8(0x017A));
    CHECK(typed("pl", "AD09", Level::altgr) == u8(0x00F3));
    CHECK(
        typed("pl", "AC08", Level::altgr).empty()); // …: the kiosk's Polish AltGr has letters only
    CHECK(key("pl", "AC08").at(Level::shift_altgr).kind == Kind::none); // dead_stroke: not composed

    // symbols/ro "std" (ro "basic" has ș on AltGr+s; std has it on its own key; both comma below):
    //   <AC10> { [ U0219, U0218, semicolon, colon ] }; <AC11> { [ U021b, U021a, apostrophe, quotedbl ] };
    //   <AD11> { [ abreve, Abreve, bracketleft, braceleft ] }; <AD12> { [ icircumflex, ... ] };
    //   <BKSL> { [ acircumflex, Acircumflex, backslash, bar ] }; <AC02> { [ s, S, ssharp, U1e9e ] };
    //   <AE09> { [ 9, parenleft, dead_acute ] }
    CHECK(typed("ro", "AC10", Level::base) == u8(0x0219));
    CHECK(typed("ro", "AC10", Level::shift) == u8(0x0218));
    CHECK(typed("ro", "AC11", Level::base) == u8(0x021B));
    CHECK(typed("ro", "AD11", Level::base) == u8(0x0103));
    CHECK(typed("ro", "AD12", Level::base) == u8(0x00EE));
    CHECK(typed("ro", "BKSL", Level::base) == u8(0x00E2));
    CHECK(typed("ro", "AC02", Level::altgr) == u8(0x00DF));
    CHECK(key("ro", "AE09").at(Level::altgr).kind == Kind::dead);
    CHECK(key("ro", "AE09").at(Level::altgr).dead_mark == 0x0301);

    // symbols/pt "basic": <AC10> { [ ccedilla, Ccedilla, dead_acute, dead_doubleacute ] };
    //   <AD12> { [ dead_acute, dead_grave, dead_tilde, dead_macron ] };
    //   <BKSL> { [ dead_tilde, dead_circumflex, dead_grave, dead_breve ] }
    CHECK(typed("pt", "AC10", Level::base) == u8(0x00E7));
    CHECK(key("pt", "AD12").at(Level::base).kind == Kind::dead);
    CHECK(key("pt", "AD12").at(Level::base).dead_mark == 0x0301);
    CHECK(key("pt", "AD12").at(Level::shift).dead_mark == 0x0300);
    CHECK(key("pt", "BKSL").at(Level::base).dead_mark == 0x0303);
    CHECK(key("pt", "BKSL").at(Level::shift).dead_mark == 0x0302);

    // symbols/gb "basic": <AC11> { [ apostrophe, at, dead_circumflex, dead_caron ] };
    //   <AE03> { [ 3, sterling, ... ] }; <BKSL> { [ numbersign, asciitilde, dead_grave, dead_breve ] }
    for (const char* lang : {"en-GB", "so"}) {
        INFO("language " << lang);
        CHECK(typed(lang, "AC11", Level::base) == "'"); // Somali's glottal stop, on the base level
        CHECK(typed(lang, "AC11", Level::shift) == "@");
        CHECK(typed(lang, "AE03", Level::shift) == u8(0x00A3));
        CHECK(typed(lang, "BKSL", Level::base) == "#");
    }
}

TEST_CASE("the rows have the physical keyboard's keys in order") {
    for (const std::string& language : supported_languages()) {
        INFO("language " << language);
        const KeyboardLayout& l = layout(language);
        auto names = [&](Row r) {
            std::vector<std::string> out;
            for (const Key& k : l.rows[static_cast<std::size_t>(r)])
                out.push_back(k.xkb_name);
            return out;
        };
        auto numbered = [](const char* prefix, int n) {
            std::vector<std::string> out;
            for (int i = 1; i <= n; ++i)
                out.push_back(prefix + std::string(i < 10 ? "0" : "") + std::to_string(i));
            return out;
        };
        std::vector<std::string> number = names(Row::number);
        if (!number.empty() && number.front() == "TLDE") number.erase(number.begin());
        CHECK(number == numbered("AE", 12));
        std::vector<std::string> top = names(Row::top);
        if (!top.empty() && top.back() == "BKSL") top.pop_back();
        CHECK(top == numbered("AD", 12));
        CHECK(names(Row::home) == numbered("AC", 11));
        std::vector<std::string> bottom = names(Row::bottom);
        // No layout here has a letter on LSGT (pk, ara: | ¦; gb, ro: \ |; pt: < >).
        CHECK(bottom == numbered("AB", 10));
        CHECK(l.space.xkb_name == "SPCE");
    }
    // symbols/in "guj" has no <TLDE>; "deva" has one; ro std, gb, pt have BKSL.
    CHECK(layout("gu").rows[0].front().xkb_name == "AE01");
    CHECK(layout("hi").rows[0].front().xkb_name == "TLDE");
    CHECK(layout("pt").rows[1].back().xkb_name == "BKSL");
}

TEST_CASE("labels: marks on a dotted circle, invisible characters by name") {
    const std::string circle = u8(0x25CC);
    int marks = 0;
    int joiners = 0;
    for (const std::string& language : supported_languages()) {
        INFO("language " << language);
        const KeyboardLayout& l = layout(language);
        std::vector<const Key*> keys;
        for (const auto& row : l.rows) {
            for (const Key& k : row)
                keys.push_back(&k);
        }
        keys.push_back(&l.space);
        for (const Key* k : keys) {
            for (std::size_t level = 0; level < level_count; ++level) {
                const KeyCap& cap = k->levels[level];
                INFO("key " << k->xkb_name << " level " << level + 1);
                switch (cap.kind) {
                case Kind::none:
                    CHECK(cap.text.empty());
                    CHECK(cap.label.empty());
                    break;
                case Kind::dead:
                    CHECK(cap.text.empty());
                    CHECK(is_mark(cap.dead_mark));
                    CHECK(cap.label == circle + u8(cap.dead_mark));
                    break;
                case Kind::text: {
                    const std::vector<char32_t> cps = decode(cap.text);
                    REQUIRE(!cps.empty());
                    if (cps.size() == 1 && is_mark(cps[0])) {
                        ++marks;
                        CHECK(cap.label == circle + cap.text);
                    } else if ((cap.text == u8(0x200D) || cap.text == u8(0x200C)) &&
                               k->xkb_name == "SPCE") {
                        ++joiners; // in(deva)'s AltGr space: a bar, its label is never drawn
                    } else if (cap.text == u8(0x200D) || cap.text == u8(0x200C)) {
                        // What the joiner does, in the layout's own letters (Bengali র‍্য ক্‌,
                        // Urdu/Arabic ب‍ ب‌ب), never an English abbreviation (issue 14 item 5).
                        ++joiners;
                        CHECK(cap.label != cap.text);
                        CHECK(cap.label.find(cap.text) != std::string::npos);
                        for (char32_t c : decode(cap.label))
                            CHECK_FALSE(((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')));
                    } else if (cps.size() == 1 &&
                               (u_charType(static_cast<UChar32>(cps[0])) == U_FORMAT_CHAR ||
                                u_charType(static_cast<UChar32>(cps[0])) == U_SPACE_SEPARATOR)) {
                        // Other invisibles (LRM, RLI, NBSP, NNBSP, space): a readable name, never
                        // the invisible character itself.
                        CHECK(cap.label != cap.text);
                        CHECK_FALSE(cap.label.empty());
                    } else {
                        CHECK(cap.label == cap.text);
                    }
                    break;
                }
                }
            }
        }
    }
    CHECK(marks > 100);  // the Indic layouts are mostly vowel signs
    CHECK(joiners >= 8); // bn TLDE/BKSL, hi space, ur, ar

    CHECK(label_for(u8(0x0ABE)) == circle + u8(0x0ABE)); // Gujarati vowel sign AA (Mc)
    CHECK(label_for(u8(0x0ACD)) == circle + u8(0x0ACD)); // virama (Mn)
    CHECK(label_for(u8(0x20DD)) == circle + u8(0x20DD)); // enclosing circle (Me)
    CHECK(label_for(u8(0x200D)) == "ZWJ");
    CHECK(label_for(u8(0x200C)) == "ZWNJ");
    CHECK(label_for(u8(0x0A95)) == u8(0x0A95));
    CHECK(label_for("a") == "a");
    CHECK(label_for(key("gu", "AD03").at(Level::base).text) == circle + u8(0x0ABE));
}

TEST_CASE("AltGr levels: reported where the symbol files have them, and typed through the state") {
    // pl, ro and gu (through rupeesign(4)) have level 3 symbols.
    for (const char* language : {"pl", "ro", "gu"}) {
        INFO("language " << language);
        CHECK(layout(language).has_level[static_cast<std::size_t>(Level::altgr)]);
    }
    // No key in in(guj) (nor rupeesign(4)) has a 4th symbol.
    CHECK_FALSE(layout("gu").has_level[static_cast<std::size_t>(Level::shift_altgr)]);
    // in(guj) keys are TWO_LEVEL: AltGr adds nothing to them, so the AltGr page leaves them empty.
    CHECK(key("gu", "AD01").at(Level::altgr).kind == Kind::none);

    KeyboardState pl(layout("pl"));
    pl.tap_altgr();
    CHECK(pl.press(index_of(pl.layout(), "AC01")) == u8(0x0105)); // ą
    CHECK(pl.press(index_of(pl.layout(), "AB01")) == u8(0x017C)); // ż, AltGr still on
    pl.tap_shift();
    CHECK(pl.press(index_of(pl.layout(), "AC02")) == u8(0x015A)); // Ś
    CHECK(pl.press(index_of(pl.layout(), "AC02")) == u8(0x015B)); // ś: Shift was one-shot

    KeyboardState ro(layout("ro"));
    CHECK(ro.press(index_of(ro.layout(), "AC10")) == u8(0x0219)); // ș on its own key
    ro.tap_altgr();
    CHECK(ro.press(index_of(ro.layout(), "AC02")) == u8(0x00DF)); // ß

    KeyboardState gu(layout("gu"));
    gu.tap_altgr();
    CHECK(gu.press(index_of(gu.layout(), "AE04")) == u8(0x0AEA)); // ૪ (ASCII 4 on the base)
    CHECK(gu.press(index_of(gu.layout(), "AE11")) == u8(0x20B9)); // ₹
    CHECK(gu.press(index_of(gu.layout(), "AD01")).empty());       // nothing on AltGr there
}

// ---- what the kiosk changes in the xkb layouts (issue 14 item 5) ----------------------------------

namespace {

// Every key of a layout, the space bar last.
std::vector<const Key*> all_keys(const KeyboardLayout& l) {
    std::vector<const Key*> keys;
    for (const auto& row : l.rows) {
        for (const Key& k : row)
            keys.push_back(&k);
    }
    keys.push_back(&l.space);
    return keys;
}

// The texts the keys type at one level.
std::multiset<std::string> texts_at(const KeyboardLayout& l, Level level) {
    std::multiset<std::string> out;
    for (const Key* k : all_keys(l)) {
        if (k->at(level).kind == Kind::text) out.insert(k->at(level).text);
    }
    return out;
}

bool types_somewhere(const KeyboardLayout& l, const std::string& text) {
    for (const Key* k : all_keys(l)) {
        for (const KeyCap& cap : k->levels) {
            if (cap.kind == Kind::text && cap.text == text) return true;
        }
    }
    return false;
}

} // namespace

TEST_CASE("kiosk layouts: ASCII digits 1 to 9 and 0 on the number row of every layout") {
    for (const std::string& language : supported_languages()) {
        INFO("language " << language);
        for (int i = 1; i <= 10; ++i) {
            const std::string name = std::string(i < 10 ? "AE0" : "AE") + std::to_string(i);
            INFO("key " << name);
            CHECK(typed(language, name, Level::base) ==
                  std::string(1, static_cast<char>('0' + i % 10)));
        }
    }
    // Tamil InScript (symbols/in "tam": <AE01> { [ U0BE7 ] } … <AE10> { [ U0BF0 ] }) had ௧…௯ ௰
    // and no zero: they are on the "more" page now, where the other scripts' digits are too, with
    // the zero ௦ in place of ௰.
    for (int i = 1; i <= 9; ++i) {
        INFO("Tamil numeral " << i);
        CHECK(typed("ta", "AE0" + std::to_string(i), Level::altgr) == u8(0x0BE6 + i));
    }
    CHECK(typed("ta", "AE10", Level::altgr) == u8(0x0BE6)); // ௦ zero, in place of ௰ ten
    // The scripts' own digits, each on the AltGr level of its ASCII digit's key: the zero of the
    // script (Unicode's Nd blocks), then the nine that follow it.
    const std::map<std::string, char32_t> zero = {
        {"gu", 0x0AE6}, {"pa", 0x0A66}, {"bn", 0x09E6}, {"hi", 0x0966},
        {"ar", 0x0660}, {"ur", 0x06F0}, // Urdu: Extended Arabic-Indic, added by the kiosk
    };
    for (const auto& [language, z] : zero) {
        INFO("language " << language);
        for (int i = 1; i <= 10; ++i) {
            const std::string name = std::string(i < 10 ? "AE0" : "AE") + std::to_string(i);
            CHECK(typed(language, name, Level::altgr) == u8(z + static_cast<char32_t>(i % 10)));
        }
    }
    // What AltGr held before is still there (rupeesign(4) ₹ in gu, pa, ta; Bengali's currency
    // numerators on in(ben_probhat)'s AltGr and Shift+AltGr of AE01…AE10).
    for (const char* language : {"gu", "pa", "ta", "bn", "hi"}) {
        INFO("language " << language);
        CHECK(types_somewhere(layout(language), u8(0x20B9)));
    }
    for (char32_t c : {0x09F4, 0x09F5, 0x09F6, 0x09F8, 0x09F9, 0x09FA, 0x09F2}) {
        INFO("Bengali sign U+" << std::hex << static_cast<unsigned>(c));
        CHECK(types_somewhere(layout("bn"), u8(c)));
    }
}

TEST_CASE("kiosk layouts: every more page is worth opening - none with fewer than four keys") {
    for (const std::string& language : supported_languages()) {
        INFO("language " << language);
        const KeyboardLayout& l = layout(language);
        for (Level level : {Level::altgr, Level::shift_altgr}) {
            INFO("level " << static_cast<int>(level) + 1);
            const std::size_t keys = [&] {
                std::size_t n = 0;
                for (const Key* k : all_keys(l))
                    n += k->at(level).kind != Kind::none ? 1 : 0;
                return n;
            }();
            CHECK((keys == 0 || keys >= 4));
            CHECK(l.has_level[static_cast<std::size_t>(level)] == (keys > 0));
        }
    }
    // Gujarati, Panjabi and Tamil had only ₹ (and pa ◌ੱ) there: now their digits and ₹.
    for (const char* language : {"gu", "pa", "ta"}) {
        INFO("language " << language);
        CHECK(texts_at(layout(language), Level::altgr).size() >= 11);
    }
}

TEST_CASE("kiosk layouts: no key types a bidi control character") {
    const std::set<char32_t> bidi = {0x061C, 0x200E, 0x200F, 0x202A, 0x202B, 0x202C,
                                     0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069};
    for (const std::string& language : supported_languages()) {
        INFO("language " << language);
        for (const Key* k : all_keys(layout(language))) {
            for (const KeyCap& cap : k->levels) {
                for (char32_t c : decode(cap.text)) {
                    INFO("key " << k->xkb_name << " U+" << std::hex << static_cast<unsigned>(c));
                    CHECK(bidi.count(c) == 0);
                }
                for (const char* name : {"LRM", "RLM", "LRE", "RLE", "LRO", "RLO", "PDF"}) {
                    CHECK(cap.label != name);
                }
            }
        }
    }
    // Urdu keeps ZWNJ and ZWJ (symbols/pk "urd-phonetic" <TLDE>, <AD01> level 3).
    CHECK(typed("ur", "TLDE", Level::altgr) == u8(0x200C));
    CHECK(typed("ur", "AD01", Level::altgr) == u8(0x200D));
}

TEST_CASE("kiosk layouts: Bengali keys are labelled in Bengali - ZWJ and ZWNJ show what they do") {
    for (const Key* k : all_keys(layout("bn"))) {
        if (k->xkb_name == "SPCE") continue; // drawn as a bar, its label is never shown
        for (const KeyCap& cap : k->levels) {
            INFO("key " << k->xkb_name << " label " << cap.label);
            // No English abbreviation: at most one Latin letter (none in bd(probhat) at all).
            const std::vector<char32_t> cps = decode(cap.label);
            CHECK(std::count_if(cps.begin(), cps.end(), [](char32_t c) {
                      return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
                  }) <= 1);
        }
    }
    // Still the joiners: TLDE types ZWJ, shown as the ra-phala it makes (র‍্য); BKSL types ZWNJ,
    // shown as a visible hasanta (ক্‌).
    CHECK(typed("bn", "TLDE", Level::base) == u8(0x200D));
    CHECK(key("bn", "TLDE").at(Level::base).label ==
          u8(0x09B0) + u8(0x200D) + u8(0x09CD) + u8(0x09AF));
    CHECK(typed("bn", "BKSL", Level::base) == u8(0x200C));
    CHECK(key("bn", "BKSL").at(Level::base).label == u8(0x0995) + u8(0x09CD) + u8(0x200C));
}

TEST_CASE("kiosk layouts: the Polish more page holds the Polish letters and no symbols") {
    const KeyboardLayout& pl = layout("pl");
    std::multiset<std::string> small, capital;
    for (char32_t c : {0x0105, 0x0107, 0x0119, 0x0142, 0x0144, 0x00F3, 0x015B, 0x017A, 0x017C})
        small.insert(u8(c)); // ą ć ę ł ń ó ś ź ż
    for (char32_t c : {0x0104, 0x0106, 0x0118, 0x0141, 0x0143, 0x00D3, 0x015A, 0x0179, 0x017B})
        capital.insert(u8(c));
    CHECK(texts_at(pl, Level::altgr) == small);
    CHECK(texts_at(pl, Level::shift_altgr) == capital);
    for (const Key* k : all_keys(pl)) {
        INFO("key " << k->xkb_name);
        CHECK(k->at(Level::altgr).kind != Kind::dead);
        CHECK(k->at(Level::shift_altgr).kind != Kind::dead);
    }
    // Where a Polish typist expects them (symbols/pl "basic"): AltGr with a, c, e, l, n, o, s, x, z.
    CHECK(typed("pl", "AC01", Level::altgr) == u8(0x0105));
    CHECK(typed("pl", "AD03", Level::altgr) == u8(0x0119));
    CHECK(typed("pl", "AC09", Level::altgr) == u8(0x0142));
    // π œ © ≠ are on no page.
    for (char32_t c : {0x03C0, 0x0153, 0x00A9, 0x2260}) {
        CHECK_FALSE(types_somewhere(pl, u8(c)));
    }
}

TEST_CASE("state: Shift is one-shot, AltGr a toggle, both give level 4, reset clears") {
    KeyboardState s(toy_layout());
    CHECK(s.level() == Level::base);
    CHECK(s.press(kA) == "a");

    s.tap_shift();
    CHECK(s.level() == Level::shift);
    CHECK(s.press(kA) == "A");
    CHECK(s.level() == Level::base);
    CHECK(s.press(kA) == "a");

    s.tap_shift();
    s.tap_shift(); // a second tap takes Shift back off
    CHECK_FALSE(s.shift());
    CHECK(s.press(kA) == "a");

    s.tap_altgr();
    CHECK(s.level() == Level::altgr);
    CHECK(s.press(kA) == u8(0x0105));
    CHECK(s.press(kA) == u8(0x0105)); // AltGr stays on
    s.tap_shift();
    CHECK(s.level() == Level::shift_altgr);
    CHECK(s.press(kA) == u8(0x0104));
    CHECK(s.level() == Level::altgr); // Shift released, AltGr kept
    s.tap_altgr();
    CHECK(s.level() == Level::base);

    // A key with nothing at this level types nothing and keeps Shift for the next key.
    s.tap_altgr();
    s.tap_shift();
    CHECK(s.press(kQ).empty());
    CHECK(s.shift());
    CHECK(s.altgr());

    s.reset();
    CHECK(s.level() == Level::base);
    CHECK_FALSE(s.dead_pending());
    CHECK(s.press(kQ) == "q");
    CHECK(s.press_space() == " ");

    CHECK_THROWS_AS(s.press(KeyIndex{0, 0}), std::out_of_range); // the toy's number row is empty
    CHECK_THROWS_AS(s.press(KeyIndex{9, 0}), std::out_of_range);
}

TEST_CASE("state: dead keys compose with the next letter") {
    KeyboardState s(toy_layout());
    CHECK(s.press(kDead).empty());
    CHECK(s.dead_pending());
    CHECK(s.pending_dead().dead_mark == 0x0301);
    CHECK(s.press(kA) == u8(0x00E1)); // á
    CHECK_FALSE(s.dead_pending());

    s.tap_shift();
    CHECK(s.press(kDeadAll).empty()); // the dead key uses up Shift
    CHECK_FALSE(s.shift());
    s.tap_shift();
    CHECK(s.press(kA) == u8(0x00C1)); // Á

    CHECK(s.press(kDead).empty());
    CHECK(s.press_space() == u8(0x00B4)); // dead key + space: the accent alone
    CHECK(s.press(kDead).empty());
    CHECK(s.press(kDeadAll) == u8(0x00B4)); // the same accent twice: the accent alone
    CHECK_FALSE(s.dead_pending());
    CHECK(s.press(kDead).empty());
    CHECK(s.press(kQ) == u8(0x00B4) + "q"); // no q with acute in Unicode: both, as typed
    CHECK(s.press(kDead).empty());
    CHECK(s.backspace()); // Backspace cancels the accent only
    CHECK_FALSE(s.dead_pending());
    CHECK_FALSE(s.backspace()); // then the view deletes as usual
    CHECK(s.press(kA) == "a");
    CHECK(s.press(kDead).empty());
    s.reset();
    CHECK_FALSE(s.dead_pending());
}

TEST_CASE("state: Portuguese accents through the real pt layout") {
    KeyboardState s(layout("pt"));
    const KeyIndex acute = index_of(s.layout(), "AD12");
    const KeyIndex tilde = index_of(s.layout(), "BKSL");
    const KeyIndex a = index_of(s.layout(), "AC01");
    const KeyIndex o = index_of(s.layout(), "AD09");
    const KeyIndex e = index_of(s.layout(), "AD03");
    const KeyIndex c = index_of(s.layout(), "AC10");
    CHECK(s.press(acute).empty());
    CHECK(s.press(a) == u8(0x00E1)); // á
    CHECK(s.press(tilde).empty());
    CHECK(s.press(o) == u8(0x00F5)); // õ
    s.tap_shift();
    CHECK(s.press(tilde).empty());   // Shift+BKSL: dead circumflex
    CHECK(s.press(e) == u8(0x00EA)); // ê
    s.tap_shift();
    CHECK(s.press(acute).empty());   // Shift+AD12: dead grave
    CHECK(s.press(a) == u8(0x00E0)); // à
    CHECK(s.press(c) == u8(0x00E7)); // ç has its own key
}

TEST_CASE("errors name the language, the missing layout or the package to install") {
    try {
        (void)load_layout("xx");
        FAIL("load_layout(\"xx\") did not throw");
    } catch (const KeyboardError& e) {
        const std::string what = e.what();
        CHECK(what.find("'xx'") != std::string::npos);
        CHECK(what.find("en-GB") != std::string::npos); // it lists what there is
    }
    CHECK_THROWS_AS(layout_for("fr"), KeyboardError);
    CHECK_THROWS_AS(load_layout(""), KeyboardError);

    TempDir tmp;
    // No xkb data at all (an empty directory, or none): install xkb-data.
    try {
        (void)load_layout("gu", tmp.path);
        FAIL("an empty xkb root did not throw");
    } catch (const KeyboardError& e) {
        CHECK(std::string(e.what()).find("apt-get install xkb-data") != std::string::npos);
    }
    try {
        (void)load_layout("gu", tmp.path / "does-not-exist");
        FAIL("a missing xkb root did not throw");
    } catch (const KeyboardError& e) {
        CHECK(std::string(e.what()).find("xkb-data") != std::string::npos);
    }

    // The data without symbols/in: the message names the missing layout.
    const fs::path no_in = tmp.path / "no-in";
    fs::create_directories(no_in);
    fake_xkb_root(no_in, "in");
    CHECK_NOTHROW(load_layout("pl", no_in)); // the fake root works for a layout it has
    try {
        (void)load_layout("gu", no_in);
        FAIL("xkb data without symbols/in did not throw");
    } catch (const KeyboardError& e) {
        const std::string what = e.what();
        CHECK(what.find("'in'") != std::string::npos);
        CHECK(what.find("missing") != std::string::npos);
    }

    // symbols/in without the guj variant: the message names the variant.
    const fs::path no_guj = tmp.path / "no-guj";
    fs::create_directories(no_guj);
    fake_xkb_root(no_guj, "in");
    {
        std::ofstream in(no_guj / "symbols" / "in");
        in << "default partial alphanumeric_keys\nxkb_symbols \"deva\" {\n  include \"us\"\n};\n";
    }
    try {
        (void)load_layout("gu", no_guj);
        FAIL("xkb data without in(guj) did not throw");
    } catch (const KeyboardError& e) {
        const std::string what = e.what();
        CHECK(what.find("in(guj)") != std::string::npos);
        CHECK(what.find("'guj'") != std::string::npos);
    }
}
