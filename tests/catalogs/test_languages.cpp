// test_languages.cpp — the kiosk's language table (core/include/hrc/languages.h) against everything
// it describes: the catalogs under locales/, the compiled catalogs, the xkb layouts the keyboard
// library loads, the font files the text library opens, and the espeak-ng voices speech uses.
//
// [SECTION] where things are, and helpers
// [SECTION] the lookups
// [SECTION] the table against locales/ (files, Language:, Plural-Forms, script, direction)
// [SECTION] the table against the keyboards
// [SECTION] the table against the fonts
// [SECTION] the table against read-aloud
//
// Each cross-check collects every problem and fails once with the list and what to do. The oracles
// are outside the table: ICU says which script a letter is in and which scripts are right to left;
// the files on disk (locales/*.po, <build>/locale, xkb-data, the Noto fonts, espeak-ng-data) are
// what they are. HRC_CATALOG_TESTS_SOURCE_DIR / HRC_CATALOG_TESTS_BINARY_DIR (environment) point
// the locales checks at another tree, as for test_catalogs.cpp: a broken copy of locales/ must fail.

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <catch2/catch.hpp>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/uscript.h>

#include "hrc/keyboard.h"
#include "hrc/languages.h"

#include "hrc_text/fonts.h"
#include "po_file.h"
#include "speech.h"

namespace fs = std::filesystem;
namespace lang = hrc::languages;

namespace {

// [SECTION] where things are, and helpers ===========================================================

fs::path dir_from_env(const char* variable, const char* built_in) {
    const char* env = std::getenv(variable);
    return (env != nullptr && *env != '\0') ? fs::path(env) : fs::path(built_in);
}
fs::path locales_dir() {
    return dir_from_env("HRC_CATALOG_TESTS_SOURCE_DIR", HRC_SOURCE_DIR) / "locales";
}
fs::path compiled_dir() {
    return dir_from_env("HRC_CATALOG_TESTS_BINARY_DIR", HRC_BINARY_DIR) / "locale";
}

void check_none(const std::vector<std::string>& problems, const std::string& what_to_do) {
    if (problems.empty()) {
        SUCCEED();
        return;
    }
    std::string message = std::to_string(problems.size()) + " problem(s):\n";
    for (const std::string& p : problems)
        message += "  - " + p + "\n";
    message += "What to do: " + what_to_do;
    FAIL_CHECK(message);
}

std::string str(std::string_view s) {
    return std::string(s);
}

// The code points of UTF-8 text (ICU decodes; a malformed sequence becomes U+FFFD).
std::vector<UChar32> code_points(std::string_view utf8) {
    const icu::UnicodeString u = icu::UnicodeString::fromUTF8(
        icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size())));
    std::vector<UChar32> out;
    for (int32_t i = 0; i < u.length(); i = u.moveIndex32(i, 1))
        out.push_back(u.char32At(i));
    return out;
}

// ICU's code for an ISO 15924 name ("Gujr"); USCRIPT_INVALID_CODE for a name ICU does not know.
UScriptCode icu_script(std::string_view iso15924) {
    const int32_t v = u_getPropertyValueEnum(UCHAR_SCRIPT, str(iso15924).c_str());
    return v == UCHAR_INVALID_CODE ? USCRIPT_INVALID_CODE : static_cast<UScriptCode>(v);
}

// Letters of `utf8` counted by ICU script (marks and Common/Inherited characters left out: digits,
// punctuation and vowel signs say nothing a letter does not). `{placeholders}` are skipped: they
// are English names kept in every language.
void count_letters(std::string_view utf8, std::map<std::string, long>& by_script) {
    bool in_placeholder = false;
    for (const UChar32 c : code_points(utf8)) {
        if (c == '{') in_placeholder = true;
        if (c == '}') in_placeholder = false;
        if (in_placeholder || !u_isalpha(c)) continue;
        UErrorCode status = U_ZERO_ERROR;
        const UScriptCode script = uscript_getScript(c, &status);
        if (U_FAILURE(status) || script == USCRIPT_COMMON || script == USCRIPT_INHERITED) continue;
        ++by_script[uscript_getShortName(script)];
    }
}

// The script with the most letters, or "" when there are none.
std::string dominant(const std::map<std::string, long>& by_script) {
    std::string best;
    long most = 0;
    for (const auto& [script, count] : by_script)
        if (count > most) best = script, most = count;
    return best;
}

std::vector<fs::path> po_files() {
    std::vector<fs::path> out;
    for (const fs::directory_entry& e : fs::directory_iterator(locales_dir()))
        if (e.path().extension() == ".po") out.push_back(e.path());
    std::sort(out.begin(), out.end());
    return out;
}

} // namespace

// [SECTION] the lookups =============================================================================

TEST_CASE("language table: find, match, source and the keyboard switch") {
    REQUIRE(lang::all().size() == 12);
    CHECK(&lang::source() == &lang::all()[0]);
    CHECK(lang::source().code == "en-GB");

    // find: exact code, no regard to case, '_' the same as '-'; nothing else.
    REQUIRE(lang::find("en-GB") != nullptr);
    CHECK(lang::find("en_gb") == lang::find("en-GB"));
    CHECK(lang::find("EN-gb") == lang::find("en-GB"));
    CHECK(lang::find("UR")->code == "ur");
    CHECK(lang::find("pt-BR") == nullptr);
    CHECK(lang::find("en") == nullptr);
    CHECK(lang::find("fr") == nullptr);
    CHECK(lang::find("") == nullptr);
    for (const lang::LanguageSpec& l : lang::all())
        CHECK(lang::find(l.code) == &l);

    // match: find, then the primary subtag.
    CHECK(lang::match("ur-PK")->code == "ur");
    CHECK(lang::match("en")->code == "en-GB");
    CHECK(lang::match("en-US")->code == "en-GB");
    CHECK(lang::match("pt-BR")->code == "pt");
    CHECK(lang::match("fr-FR") == nullptr);
    CHECK(lang::match("") == nullptr);
    CHECK(lang::match("-GB") == nullptr);

    // Right to left: the kiosk's Urdu and Arabic only.
    CHECK(lang::is_rtl("ur"));
    CHECK(lang::is_rtl("ar"));
    CHECK(lang::is_rtl("ur-PK"));
    CHECK_FALSE(lang::is_rtl("en-GB"));
    CHECK_FALSE(lang::is_rtl("he")); // right to left, but not a kiosk language
    CHECK_FALSE(lang::is_rtl(""));

    // The "English letters" key: every language whose keyboard is not the UK layout.
    std::set<std::string> own;
    for (const lang::LanguageSpec& l : lang::all())
        if (lang::has_own_keyboard(l)) own.insert(str(l.code));
    CHECK(own == std::set<std::string>{"gu", "pa", "pl", "ur", "bn", "pt", "ta", "hi", "ar", "ro"});
}

// [SECTION] the table against locales/ ==============================================================

TEST_CASE(
    "language table: every language has its catalog under locales/ and every catalog a language") {
    std::vector<std::string> problems;
    std::set<std::string> stems;
    for (const fs::path& po : po_files())
        stems.insert(po.stem().string());
    for (const lang::LanguageSpec& l : lang::all()) {
        // The source language has a catalog too (en-GB.po: the English, so wording is corrected there).
        if (stems.count(str(l.catalog)) == 0)
            problems.push_back(str(l.code) + ": the table names the catalog locales/" +
                               str(l.catalog) + ".po, which does not exist");
    }
    for (const std::string& stem : stems) {
        const auto named =
            std::find_if(lang::all().begin(), lang::all().end(),
                         [&](const lang::LanguageSpec& l) { return l.catalog == stem; });
        if (named == lang::all().end())
            problems.push_back("locales/" + stem +
                               ".po belongs to no language of the table (core/src/languages.cpp)");
    }
    check_none(problems,
               "a language is added or removed in two places together: its row in "
               "core/src/languages.cpp and "
               "its locales/<catalog>.po (scripts/update-pot makes a new one from hrc.pot).");
}

TEST_CASE("language table: each catalog's Language and Plural-Forms headers are the table's") {
    std::vector<std::string> problems;
    for (const lang::LanguageSpec& l : lang::all()) {
        const fs::path po = locales_dir() / (str(l.catalog) + ".po");
        if (!fs::exists(po)) continue; // reported by the test above
        const hrc_test::PoFile f = hrc_test::read_po(po);
        const auto header = [&](const std::string& name) {
            const auto it = f.header.find(name);
            return it == f.header.end() ? std::string("(none)") : it->second;
        };
        if (header("Language") != l.gettext_name)
            problems.push_back(po.filename().string() + " has Language: " + header("Language") +
                               ", the table says " + str(l.gettext_name));
        if (header("Plural-Forms") != l.plural_forms)
            problems.push_back(po.filename().string() +
                               " has Plural-Forms: " + header("Plural-Forms") +
                               "\n      the table says " + str(l.plural_forms));
    }
    check_none(
        problems,
        "the .po header is what msgfmt and Boost.Locale use: correct the row in "
        "core/src/languages.cpp "
        "to match a reviewed catalog, or the catalog's header to match the language's CLDR rule.");
}

TEST_CASE("language table: each catalog's letters are in the table's script, and right to left "
          "exactly where the table says") {
    std::vector<std::string> problems;
    std::set<std::string> rtl_by_table, rtl_by_catalog;
    for (const lang::LanguageSpec& l : lang::all()) {
        INFO(l.code);
        const UScriptCode script = icu_script(l.script);
        if (script == USCRIPT_INVALID_CODE) {
            problems.push_back(str(l.code) + ": " + str(l.script) +
                               " is not an ISO 15924 script ICU knows");
            continue;
        }
        if (uscript_isRightToLeft(script) != l.rtl())
            problems.push_back(str(l.code) + ": the script " + str(l.script) + " is " +
                               (uscript_isRightToLeft(script) ? "right to left" : "left to right") +
                               " but the table's direction says otherwise");
        // The native name, as the language screen shows it, is written in the script.
        std::map<std::string, long> name_letters;
        count_letters(l.native_name, name_letters);
        if (name_letters.size() != 1 || name_letters.begin()->first != l.script)
            problems.push_back(str(l.code) + ": the native name \"" + str(l.native_name) +
                               "\" is not all " + str(l.script));

        if (l.rtl()) rtl_by_table.insert(str(l.code));
        const fs::path po = locales_dir() / (str(l.catalog) + ".po");
        if (!fs::exists(po)) continue; // reported by the file test
        const hrc_test::PoFile f = hrc_test::read_po(po);
        std::map<std::string, long> letters;
        for (const hrc_test::PoEntry& e : f.entries)
            if (!e.obsolete)
                for (const std::string& s : e.strings)
                    count_letters(s, letters);
        const std::string most = dominant(letters);
        if (most != l.script)
            problems.push_back(po.filename().string() + " is written mostly in " +
                               (most.empty() ? "no script" : most) + ", the table says " +
                               str(l.script));
        if (!most.empty() && uscript_isRightToLeft(icu_script(most)))
            rtl_by_catalog.insert(str(l.code));
    }
    if (rtl_by_table != rtl_by_catalog) {
        std::string t, c;
        for (const std::string& s : rtl_by_table)
            t += s + " ";
        for (const std::string& s : rtl_by_catalog)
            c += s + " ";
        problems.push_back("right to left by the table: " + t + "| by the catalogs' script: " + c);
    }
    check_none(problems,
               "the script and direction in core/src/languages.cpp decide the fonts, the keyboard "
               "and whether "
               "the screen is mirrored: correct the row (ISO 15924 code) or the catalog.");
}

TEST_CASE("language table: every language's compiled catalog is where the kiosk looks for it") {
    // kiosk/model/catalogs.cpp reads <dir>/<gettext_name>/LC_MESSAGES/hrc.mo; locales/CMakeLists.txt
    // writes the .po named <catalog>.po there. Both names come from the table's row.
    std::vector<std::string> problems;
    for (const lang::LanguageSpec& l : lang::all()) {
        const fs::path mo = compiled_dir() / str(l.gettext_name) / "LC_MESSAGES" / "hrc.mo";
        if (!fs::is_regular_file(mo))
            problems.push_back(str(l.code) + ": no compiled catalog at " + mo.string());
    }
    check_none(problems, "build the hrc_catalogs target; if it ran, the table's gettext_name and "
                         "the .po's file name "
                         "disagree (locales/CMakeLists.txt turns en-GB.po into en_GB).");
}

// [SECTION] the table against the keyboards =========================================================

TEST_CASE("language table: every language's keyboard loads from xkb-data with the table's layout, "
          "in its script") {
    namespace kb = hrc::keyboard;
    std::vector<std::string> problems;
    std::vector<std::string> codes;
    for (const lang::LanguageSpec& l : lang::all())
        codes.emplace_back(l.code);
    if (kb::supported_languages() != codes)
        problems.push_back(
            "hrc::keyboard::supported_languages() is not the table's codes in the table's order");
    for (const lang::LanguageSpec& l : lang::all()) {
        const std::string code = str(l.code);
        kb::KeyboardLayout layout;
        try {
            layout = kb::load_layout(code);
        } catch (const kb::KeyboardError& e) {
            problems.push_back(code + ": " + e.what());
            continue;
        }
        if (layout.language != code || layout.xkb_layout != l.xkb_layout ||
            layout.xkb_variant != l.xkb_variant)
            problems.push_back(code + ": the keyboard loaded " + layout.xkb_layout + "(" +
                               layout.xkb_variant + ") for '" + layout.language +
                               "', the table says " + str(l.xkb_layout) + "(" + str(l.xkb_variant) +
                               ")");
        if (layout.rtl != l.rtl())
            problems.push_back(code + ": the keyboard's rtl differs from the table's direction");
        // What the base and Shift levels type is mostly the language's script (a Latin 'z' on an
        // INSCRIPT key is the exception the count absorbs).
        std::map<std::string, long> letters;
        for (const auto& row : layout.rows)
            for (const kb::Key& key : row)
                for (const kb::Level level : {kb::Level::base, kb::Level::shift})
                    count_letters(key.at(level).text, letters);
        if (dominant(letters) != l.script)
            problems.push_back(code + ": " + str(l.xkb_layout) + "(" + str(l.xkb_variant) +
                               ") types mostly " + dominant(letters) +
                               ", the table says the language is written in " + str(l.script));
    }
    check_none(problems,
               "the layout and variant in core/src/languages.cpp must exist in Debian's xkb-data "
               "(/usr/share/X11/xkb/symbols/<layout>) and type the language's own script.");
}

// [SECTION] the table against the fonts =============================================================

TEST_CASE("language table: every face named exists on disk, is designed for the language's script "
          "and draws its name") {
    namespace ht = hrc::text;
    std::vector<std::string> problems;
    ht::FontLibrary library;
    for (const lang::LanguageSpec& l : lang::all()) {
        const std::string code = str(l.code);
        const ht::ScriptTag wanted = (static_cast<ht::ScriptTag>(l.script[0]) << 24) |
                                     (static_cast<ht::ScriptTag>(l.script[1]) << 16) |
                                     (static_cast<ht::ScriptTag>(l.script[2]) << 8) |
                                     static_cast<ht::ScriptTag>(l.script[3]);
        const ht::LanguageFonts fonts = ht::language_fonts(code);
        if (fonts.rtl != l.rtl() || ht::language_is_rtl(code) != l.rtl())
            problems.push_back(code + ": the text layer's direction differs from the table's");
        std::size_t position = 0;
        for (const std::string_view face : l.font_faces) {
            if (face.empty()) continue;
            const auto family = std::find_if(ht::families().begin(), ht::families().end(),
                                             [&](const ht::Family& f) { return f.name == face; });
            if (family == ht::families().end()) {
                problems.push_back(code + ": the face \"" + str(face) +
                                   "\" is not in hrc::text::families()");
                continue;
            }
            // The language's faces lead its chain, in the table's order.
            if (position >= fonts.chain.size() || fonts.chain[position]->name != face)
                problems.push_back(code + ": \"" + str(face) + "\" is not at place " +
                                   std::to_string(position) + " of the language's font chain");
            ++position;
            if (std::find(family->scripts.begin(), family->scripts.end(), wanted) ==
                family->scripts.end())
                problems.push_back(code + ": \"" + str(face) + "\" is not designed for " +
                                   str(l.script));
            for (const bool bold : {false, true}) {
                const std::string path = library.path_of(*family, bold);
                if (!fs::is_regular_file(path)) {
                    problems.push_back(code + ": the font file " + path + " does not exist");
                    continue;
                }
                // Every letter of the language's own name has a glyph in its main face.
                if (face != l.font_faces[0]) continue;
                const ht::Font& font = library.font(path, 32.0f);
                for (const UChar32 c : code_points(l.native_name))
                    if (!font.has_glyph(static_cast<char32_t>(c)))
                        problems.push_back(code + ": " + path + " has no glyph for U+" +
                                           std::to_string(c) + " of the native name");
            }
        }
    }
    check_none(
        problems,
        "name in core/src/languages.cpp only families of kiosk/text/src/fonts.cpp, whose files "
        "Debian's "
        "fonts-noto-core / fonts-noto-ui-core install under /usr/share/fonts/truetype/noto.");
}

// [SECTION] the table against read-aloud ============================================================

TEST_CASE("language table: read-aloud uses exactly the table's voices, and each voice file is in "
          "espeak-ng-data") {
    namespace sp = hrc::speech;
    std::vector<std::string> problems;
    // espeak-ng-data: where Debian's libespeak-ng1 puts it (multiarch), or ESPEAK_DATA_PATH.
    std::vector<fs::path> data_dirs;
    if (const char* env = std::getenv("ESPEAK_DATA_PATH"); env != nullptr && *env != '\0')
        data_dirs.push_back(fs::path(env) / "espeak-ng-data");
    for (const fs::directory_entry& e : fs::directory_iterator("/usr/lib"))
        if (fs::is_directory(e.path() / "espeak-ng-data" / "lang"))
            data_dirs.push_back(e.path() / "espeak-ng-data");
    data_dirs.push_back("/usr/share/espeak-ng-data");
    const auto data = std::find_if(data_dirs.begin(), data_dirs.end(),
                                   [](const fs::path& d) { return fs::is_directory(d / "lang"); });
    if (data == data_dirs.end())
        FAIL("no espeak-ng-data found: sudo apt-get install espeak-ng-data");

    std::vector<std::string> voiced;
    for (const lang::LanguageSpec& l : lang::all()) {
        const std::string code = str(l.code);
        if (sp::voice_name(code) != l.voice)
            problems.push_back(code + ": speech uses the voice \"" + str(sp::voice_name(code)) +
                               "\", the table says \"" + str(l.voice) + "\"");
        if (sp::available(code) != l.has_voice())
            problems.push_back(code + ": speech::available() disagrees with the table");
        if (!l.has_voice()) {
            // Said in English by name, never read with another language's voice.
            const std::string expected = "Read-aloud is not available in " + str(l.english_name) +
                                         ": there is no " + str(l.english_name) + " voice.";
            if (sp::no_voice_message(code) != expected)
                problems.push_back(code + ": no_voice_message is \"" + sp::no_voice_message(code) +
                                   "\"");
            continue;
        }
        voiced.push_back(code);
        if (!fs::is_regular_file(*data / "lang" / str(l.voice)))
            problems.push_back(code + ": no voice file " +
                               (*data / "lang" / str(l.voice)).string());
    }
    std::vector<std::string> listed;
    for (const sp::Voice& v : sp::voices())
        listed.emplace_back(v.language);
    if (listed != voiced)
        problems.push_back(
            "speech::voices() is not the table's voiced languages in the table's order");
    check_none(
        problems,
        "the voice in core/src/languages.cpp is a file under espeak-ng-data/lang/ "
        "(ls /usr/lib/*/espeak-ng-data/lang/*), or \"\" for a language espeak-ng cannot read.");
}

TEST_CASE(
    "language table: each script's own digit zero is a zero of that script, ASCII for Latin") {
    int own = 0;
    for (const lang::LanguageSpec& l : lang::all()) {
        INFO(l.code);
        const auto zero = static_cast<UChar32>(l.digit_zero);
        CHECK(u_charDigitValue(zero) == 0);
        CHECK(u_charType(zero) == U_DECIMAL_DIGIT_NUMBER);
        // The nine after it are 1-9 of the same script.
        for (int d = 1; d <= 9; ++d)
            CHECK(u_charDigitValue(zero + d) == d);
        UErrorCode status = U_ZERO_ERROR;
        const UScriptCode digit_script = uscript_getScript(zero, &status);
        REQUIRE(U_SUCCESS(status));
        if (l.script == "Latn") {
            CHECK(l.digit_zero == U'0');
        } else {
            ++own;
            CHECK(digit_script == icu_script(l.script));
        }
    }
    CHECK(own == 7); // gu pa ur bn ta hi ar
}
