// test_catalogs.cpp — the translation catalogs under locales/ (BRIEF §8): every key present and
// translated in every language, nothing unused, the {placeholders} intact, honest headers, and the
// compiled .mo files giving the .po's texts through hrc::kiosk::Catalogs.
//
// The tools run as real processes (msgfmt, xgettext, pofilter), on the files in the source tree.
// Each test collects every problem it finds and fails once with the whole list and what to do.
//
// HRC_CATALOG_TESTS_SOURCE_DIR / HRC_CATALOG_TESTS_BINARY_DIR (environment) point the tests at
// another tree: used to check that each test fails on a deliberately broken copy of locales/.

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "catalogs.h"
#include "content.h"
#include "po_file.h"
#include "process.h"
#include "test_support.h"

namespace fs = std::filesystem;
using hrc_test::PoEntry;
using hrc_test::PoFile;
using hrc_test::PoKey;

namespace {

// ------------------------------------------------------------------------------------------------
// Where things are
// ------------------------------------------------------------------------------------------------

fs::path dir_from_env(const char* variable, const char* built_in) {
    const char* env = std::getenv(variable);
    return (env != nullptr && *env != '\0') ? fs::path(env) : fs::path(built_in);
}
fs::path source_dir() {
    return dir_from_env("HRC_CATALOG_TESTS_SOURCE_DIR", HRC_SOURCE_DIR);
}
fs::path binary_dir() {
    return dir_from_env("HRC_CATALOG_TESTS_BINARY_DIR", HRC_BINARY_DIR);
}
fs::path locales_dir() {
    return source_dir() / "locales";
}
fs::path compiled_dir() {
    return binary_dir() / "locale";
}

const std::string kEnglish = "en-GB";
const std::string kMachineDrafted = "machine-drafted, not reviewed by a fluent speaker";

std::string rel(const fs::path& p) {
    return p.lexically_relative(source_dir()).string();
}

std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + p.string());
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

bool starts_with(std::string_view s, std::string_view prefix) {
    return s.substr(0, prefix.size()) == prefix;
}
bool contains(std::string_view s, std::string_view part) {
    return s.find(part) != std::string_view::npos;
}

// locales/*.po, sorted (en-GB.po, the source language, included).
std::vector<fs::path> catalog_files() {
    std::vector<fs::path> out;
    for (const auto& e : fs::directory_iterator(locales_dir()))
        if (e.is_regular_file() && e.path().extension() == ".po") out.push_back(e.path());
    std::sort(out.begin(), out.end());
    return out;
}
std::string code_of(const fs::path& po) {
    return po.stem().string();
}

// A .po read with its path shown relative to the source tree ("locales/pl.po:12").
PoFile read_catalog(const fs::path& po) {
    PoFile f = hrc_test::read_po(po);
    f.path = rel(po);
    return f;
}

std::set<PoKey> keys_of(const PoFile& f) {
    std::set<PoKey> keys;
    for (const PoEntry& e : f.entries)
        if (!e.obsolete) keys.insert(e.key);
    return keys;
}

std::vector<std::string> language_codes() {
    std::vector<std::string> codes;
    for (const auto& option : hrc::kiosk::languages())
        codes.push_back(option.code);
    return codes;
}

// The gettext locale folder of a language: "en-GB" -> "en_GB" (as kiosk/model/catalogs.cpp).
std::string gettext_name(std::string code) {
    std::replace(code.begin(), code.end(), '-', '_');
    return code;
}

// ------------------------------------------------------------------------------------------------
// Running tools
// ------------------------------------------------------------------------------------------------

using hrc_test::TempDir; // tests/support/test_support.h: a fresh folder, removed on scope exit

struct ToolResult {
    int code = -1;
    std::string out;
    std::string err;
};

// Runs a tool to completion; its stderr goes through a file in `tmp` (run_command's way). In the
// C.UTF-8 locale, so msgfmt's "fuzzy" / "untranslated" are in English whatever the user's LANG.
ToolResult run_tool(const std::vector<std::string>& argv, const TempDir& tmp) {
    static int counter = 0;
    const fs::path log = tmp.path() / ("stderr-" + std::to_string(++counter) + ".log");
    const hrc_test::RunResult r = hrc_test::run_command(
        argv, log.string(), {{"LC_ALL", "C.UTF-8"}, {"LANGUAGE", ""}}, std::chrono::minutes(2));
    ToolResult out{r.code, r.out, {}};
    std::error_code ec;
    if (fs::exists(log, ec)) out.err = slurp(log);
    while (!out.err.empty() && (out.err.back() == '\n' || out.err.back() == ' '))
        out.err.pop_back();
    return out;
}

std::string command_line(const std::vector<std::string>& argv) {
    std::string s;
    for (const std::string& a : argv)
        s += (s.empty() ? "" : " ") + a;
    return s;
}

// One failure listing every problem, then what to do about them. Passes when there are none.
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

// Fails (and goes on with the languages that did load) when a compiled catalog is missing.
void check_loaded(const hrc::kiosk::Catalogs& catalogs) {
    if (catalogs.problems().empty()) return;
    std::string loading;
    for (const std::string& p : catalogs.problems())
        loading += "\n  " + p;
    FAIL_CHECK(
        "catalogs under " + compiled_dir().string() + " did not load:" + loading +
        "\nbuild them: cmake --build <build dir> --target hrc_catalogs (a language without a "
        "locales/<language>.po has no catalog to build: see the languages test)");
}

// ------------------------------------------------------------------------------------------------
// Placeholders
// ------------------------------------------------------------------------------------------------

bool name_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

struct Placeholders {
    std::set<std::string> names; // "{n}", "{what}", …
    int stray_braces = 0;        // { or } that is not part of a {name}
};

Placeholders placeholders(std::string_view s) {
    Placeholders p;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '{') {
            std::size_t j = i + 1;
            while (j < s.size() && name_char(s[j]))
                ++j;
            if (j > i + 1 && j < s.size() && s[j] == '}') {
                p.names.insert(std::string(s.substr(i, j - i + 1)));
                i = j;
                continue;
            }
        }
        if (s[i] == '{' || s[i] == '}') ++p.stray_braces;
    }
    return p;
}

std::string list(const std::set<std::string>& names) {
    if (names.empty()) return "none";
    std::string s;
    for (const std::string& n : names)
        s += (s.empty() ? "" : " ") + n;
    return s;
}

// ------------------------------------------------------------------------------------------------
// Plural rules
// ------------------------------------------------------------------------------------------------

// Each language's plural rule, written out from the Unicode CLDR plural rules / gettext's own
// table of Plural-Forms (the catalog headers must agree: checked through Boost.Locale below).
struct PluralRule {
    std::string code;
    int nplurals;
    std::function<int(long)> form;
};

int one_other(long n) {
    return n != 1 ? 1 : 0;
}
int zero_and_one_are_one(long n) {
    return n > 1 ? 1 : 0;
}

const std::vector<PluralRule>& plural_rules() {
    static const std::vector<PluralRule> rules = {
        {"en-GB", 2, one_other},
        {"gu", 2, zero_and_one_are_one}, // CLDR: one = 0 and 1
        {"pa", 2, zero_and_one_are_one},
        {"pl", 3,
         [](long n) {
             return n == 1                                                            ? 0
                    : (n % 10 >= 2 && n % 10 <= 4 && (n % 100 < 10 || n % 100 >= 20)) ? 1
                                                                                      : 2;
         }},
        {"ur", 2, one_other},
        {"so", 2, one_other},
        {"bn", 2, one_other}, // gettext's table (and GNOME/KDE Bengali teams) use n != 1
        {"pt", 2, one_other}, // European Portuguese (Brazilian would count 0 as singular)
        {"ta", 2, one_other},
        {"hi", 2, zero_and_one_are_one},
        {"ar", 6,
         [](long n) {
             return n == 0                            ? 0
                    : n == 1                          ? 1
                    : n == 2                          ? 2
                    : (n % 100 >= 3 && n % 100 <= 10) ? 3
                    : n % 100 >= 11                   ? 4
                                                      : 5;
         }},
        {"ro", 3,
         [](long n) { return n == 1                                      ? 0
                             : (n == 0 || (n % 100 > 0 && n % 100 < 20)) ? 1
                                                                         : 2; }},
    };
    return rules;
}

const PluralRule* plural_rule(const std::string& code) {
    for (const PluralRule& r : plural_rules())
        if (r.code == code) return &r;
    return nullptr;
}

// Counts that reach every form of every rule above (0, teens, 100s, 1000s).
std::vector<long> sample_counts() {
    std::vector<long> n;
    for (long i = 0; i <= 130; ++i)
        n.push_back(i);
    for (long i :
         {200L, 201L, 202L, 205L, 211L, 1000L, 1001L, 1002L, 1011L, 1021L, 1022L, 1025L, 100000L})
        n.push_back(i);
    return n;
}

// ------------------------------------------------------------------------------------------------
// xgettext, exactly as scripts/update-pot runs it
// ------------------------------------------------------------------------------------------------

const std::vector<std::string> kXgettextOptions = {
    "--from-code=UTF-8",
    "--language=C++",
    "--keyword=",
    "--keyword=HRC_TEXT",
    "--keyword=HRC_PLURAL:1,2",
    "--keyword=HRC_CONTEXT:1c,2",
    "--keyword=HRC_TEXT_IN:1c,2",
    "--add-comments=TRANSLATORS:",
    "--sort-by-file",
    "--no-wrap",
    "--package-name=hrc",
    "--msgid-bugs-address=hrc maintainers",
    "--copyright-holder=Leicester, Leicestershire and Rutland hate reporting partnership",
};

// locales/sources.txt without comments and blank lines (as scripts/update-pot reads it).
std::vector<std::string> pot_sources() {
    std::vector<std::string> out;
    std::istringstream in(slurp(locales_dir() / "sources.txt"));
    for (std::string line; std::getline(in, line);) {
        line = line.substr(0, line.find('#'));
        const auto first = line.find_first_not_of(" \t\r");
        if (first == std::string::npos) continue;
        const auto last = line.find_last_not_of(" \t\r");
        out.push_back(line.substr(first, last - first + 1));
    }
    return out;
}

} // namespace

// ================================================================================================
// 1. msgfmt --check, and nothing fuzzy or untranslated
// ================================================================================================

TEST_CASE("every catalog passes msgfmt --check and is fully translated") {
    TempDir tmp;
    std::vector<std::string> problems;
    const std::vector<fs::path> files = catalog_files();
    REQUIRE(!files.empty());
    for (const fs::path& po : files) {
        const std::vector<std::string> argv = {HRC_MSGFMT, "--check",   "--statistics",
                                               "-o",       "/dev/null", po.string()};
        const ToolResult r = run_tool(argv, tmp);
        if (r.code != 0)
            problems.push_back(rel(po) + ": `" + command_line(argv) + "` failed:\n" + r.err);
        // --statistics prints "N translated messages[, N fuzzy translations][, N untranslated messages]."
        else if (contains(r.err, "fuzzy") || contains(r.err, "untranslated"))
            problems.push_back(rel(po) + ": msgfmt --statistics says: " + r.err);

        // The same from the file itself, naming each entry.
        const PoFile f = read_catalog(po);
        if (f.header_entry.fuzzy())
            problems.push_back(f.path.string() +
                               ": the header is marked fuzzy: remove \"#, fuzzy\" above it");
        for (const PoEntry& e : f.entries) {
            if (e.obsolete) continue; // test 3 reports these
            if (e.fuzzy())
                problems.push_back(
                    f.where(e) + ": " + e.key.describe() +
                    " is marked fuzzy: check the translation, then delete its \"#, fuzzy\" line");
            for (std::size_t i = 0; i < e.strings.size(); ++i)
                if (e.strings[i].empty())
                    problems.push_back(f.where(e) + ": fill the msgstr" +
                                       (e.has_plural ? "[" + std::to_string(i) + "]" : "") +
                                       " of " + e.key.describe() + " in " + f.path.string());
        }
    }
    check_none(
        problems,
        "fix each catalog named above (msgfmt's message gives the line); every entry needs a "
        "checked, non-fuzzy translation before it ships.");
}

// ================================================================================================
// 2. hrc.pot is what xgettext extracts from the code now
// ================================================================================================

TEST_CASE("hrc.pot is up to date with the marked texts in the code") {
    TempDir tmp;
    std::vector<std::string> problems;

    // The options here must be the script's: a difference would hide a stale pot. The script's
    // xgettext command runs from "xgettext " to the first line that does not end in a backslash.
    const std::string script = slurp(source_dir() / "scripts" / "update-pot");
    std::string command;
    if (const auto start = script.find("\nxgettext "); start != std::string::npos) {
        std::size_t end = start + 1;
        while ((end = script.find('\n', end)) != std::string::npos && script[end - 1] == '\\')
            ++end;
        command = script.substr(start + 1,
                                end == std::string::npos ? std::string::npos : end - start - 1);
    }
    command.erase(std::remove(command.begin(), command.end(), '"'), command.end());
    if (command.empty())
        problems.push_back(
            "scripts/update-pot has no line starting \"xgettext \": update this test");
    for (const std::string& option : kXgettextOptions)
        if (!command.empty() && !contains(command, option + " ") &&
            !contains(command, option + "\n") && !contains(command, option + "\\"))
            problems.push_back("scripts/update-pot no longer passes xgettext " + option +
                               ": update kXgettextOptions in tests/catalogs/test_catalogs.cpp to "
                               "match the script");

    // Every product file with marked texts must be extracted (a file missing from sources.txt
    // would give keys that no catalog has, and the kiosk would show English).
    const std::vector<std::string> sources = pot_sources();
    REQUIRE(!sources.empty());
    const std::set<std::string> listed(sources.begin(), sources.end());
    for (const char* top : {"core", "kiosk", "sync"}) {
        if (!fs::is_directory(source_dir() / top)) continue;
        for (const auto& e : fs::recursive_directory_iterator(source_dir() / top)) {
            const std::string ext = e.path().extension().string();
            if (!e.is_regular_file() || (ext != ".cpp" && ext != ".h" && ext != ".hpp")) continue;
            const std::string name = rel(e.path());
            if (name == "core/include/hrc/message.h") continue; // defines the macros
            const std::string text = slurp(e.path());
            if ((contains(text, "HRC_TEXT(") || contains(text, "HRC_PLURAL(") ||
                 contains(text, "HRC_CONTEXT(")) &&
                listed.count(name) == 0)
                problems.push_back(name + " has HRC_TEXT / HRC_PLURAL / HRC_CONTEXT texts but is "
                                          "not in locales/sources.txt: "
                                          "add it there, then run scripts/update-pot");
        }
    }

    std::vector<std::string> argv = {HRC_XGETTEXT};
    argv.insert(argv.end(), kXgettextOptions.begin(), kXgettextOptions.end());
    const fs::path extracted = tmp.path() / "hrc.pot";
    argv.push_back("-o");
    argv.push_back(extracted.string());
    for (const std::string& s : sources) {
        if (!fs::is_regular_file(source_dir() / s))
            problems.push_back("locales/sources.txt lists " + s +
                               ", which does not exist: remove it or fix the path");
        argv.push_back((source_dir() / s).string());
    }
    const ToolResult r = run_tool(argv, tmp);
    if (r.code != 0) FAIL("`" + command_line(argv) + "` failed:\n" + r.err);
    // xgettext writes no file at all when it finds nothing to translate.
    const std::set<PoKey> in_code =
        fs::exists(extracted) ? keys_of(hrc_test::read_po(extracted)) : std::set<PoKey>{};
    const std::set<PoKey> in_pot = keys_of(read_catalog(locales_dir() / "hrc.pot"));

    for (const PoKey& k : in_code)
        if (in_pot.count(k) == 0)
            problems.push_back("in the code but not in locales/hrc.pot: " + k.describe());
    for (const PoKey& k : in_pot)
        if (in_code.count(k) == 0)
            problems.push_back("in locales/hrc.pot but no longer in the code: " + k.describe());
    check_none(problems,
               "run scripts/update-pot (it extracts the texts and merges every locales/*.po), then "
               "translate the new or fuzzy entries in every locales/<language>.po.");
}

// ================================================================================================
// 3. every catalog has exactly the keys of hrc.pot
// ================================================================================================

TEST_CASE("every catalog has exactly the keys of hrc.pot") {
    const std::set<PoKey> pot = keys_of(read_catalog(locales_dir() / "hrc.pot"));
    REQUIRE(!pot.empty());
    std::vector<std::string> problems;
    for (const fs::path& po : catalog_files()) {
        const PoFile f = read_catalog(po);
        const std::set<PoKey> keys = keys_of(f);
        for (const PoKey& k : pot)
            if (keys.count(k) == 0)
                problems.push_back(f.path.string() + " is missing " + k.describe() +
                                   ": run scripts/update-pot, then translate it in " +
                                   f.path.string());
        std::set<PoKey> seen;
        for (const PoEntry& e : f.entries) {
            if (e.obsolete)
                problems.push_back(f.where(e) + ": obsolete (#~) entry " + e.key.describe() +
                                   ": delete it (the text is no longer in the code)");
            else if (pot.count(e.key) == 0)
                problems.push_back(
                    f.where(e) + ": " + e.key.describe() +
                    " is not in locales/hrc.pot (unused): delete it, or run scripts/update-pot");
            else if (!seen.insert(e.key).second)
                problems.push_back(f.where(e) + ": " + e.key.describe() +
                                   " appears twice: keep one");
        }
    }
    check_none(problems,
               "every locales/<language>.po must have exactly the entries of locales/hrc.pot: "
               "no missing keys, no unused ones.");
}

// ================================================================================================
// 4. placeholders
// ================================================================================================

TEST_CASE("every translation keeps the placeholders of its English text") {
    std::vector<std::string> problems;
    for (const fs::path& po : catalog_files()) {
        const PoFile f = read_catalog(po);
        for (const PoEntry& e : f.entries) {
            if (e.obsolete) continue;
            // A plural pair: every form keeps every placeholder of either English form ({n} too:
            // the translators kept it in each form, so a form for "1" still shows the number).
            Placeholders source = placeholders(e.key.id);
            if (e.has_plural) {
                const Placeholders other = placeholders(e.key.id_plural);
                source.names.insert(other.names.begin(), other.names.end());
                source.stray_braces = std::max(source.stray_braces, other.stray_braces);
            }
            for (std::size_t i = 0; i < e.strings.size(); ++i) {
                if (e.strings[i].empty()) continue; // test 1 reports these
                const std::string which =
                    e.has_plural ? "msgstr[" + std::to_string(i) + "]" : "msgstr";
                const Placeholders t = placeholders(e.strings[i]);
                if (t.names != source.names)
                    problems.push_back(f.where(e) + ": the " + which + " of " + e.key.describe() +
                                       " has " + list(t.names) + ", the English has " +
                                       list(source.names));
                if (t.stray_braces > source.stray_braces)
                    problems.push_back(f.where(e) + ": the " + which + " of " + e.key.describe() +
                                       " has a { or } that is not a whole {placeholder}: \"" +
                                       e.strings[i] + "\"");
            }
        }
    }
    check_none(
        problems,
        "keep every {placeholder} of the English exactly as it is (same name, in braces, not "
        "translated) and add no new ones; move it to where "
        "the language needs it.");
}

// ================================================================================================
// 5. headers: complete, and honest about whether a fluent speaker has reviewed the catalog
// ================================================================================================

TEST_CASE("every catalog header is complete and honest about review") {
    std::vector<std::string> problems;
    for (const fs::path& po : catalog_files()) {
        const PoFile f = read_catalog(po);
        const std::string file = f.path.string();
        const std::string code = code_of(po);
        if (!f.has_header) {
            problems.push_back(
                file + " has no header entry (msgid \"\"): run scripts/update-pot and fill it in");
            continue;
        }
        const auto field = [&](const std::string& name) {
            const auto it = f.header.find(name);
            return it == f.header.end() ? std::string() : it->second;
        };
        if (!contains(field("Content-Type"), "charset=UTF-8"))
            problems.push_back(
                file + ": the header needs \"Content-Type: text/plain; charset=UTF-8\" (has \"" +
                field("Content-Type") + "\")");
        const std::string language = field("Language");
        if (language != code && language != gettext_name(code))
            problems.push_back(file + ": the header needs \"Language: " + gettext_name(code) +
                               "\" (has \"" + language + "\")");
        if (!starts_with(field("Plural-Forms"), "nplurals="))
            problems.push_back(
                file + ": the header needs a \"Plural-Forms: nplurals=…; plural=…;\" line for " +
                code);

        const std::string status = field("X-Translation-Status");
        bool says_machine_drafted = false;
        for (const std::string& line : f.top_comments)
            if (contains(line, "MACHINE-DRAFTED")) says_machine_drafted = true;
        if (code == kEnglish) {
            if (!starts_with(status, "source language"))
                problems.push_back(
                    file +
                    ": the header needs \"X-Translation-Status: source language …\" (has \"" +
                    status + "\"): run scripts/update-pot, which writes it");
        } else if (status == kMachineDrafted) {
            if (!says_machine_drafted)
                problems.push_back(
                    file +
                    " is machine-drafted (X-Translation-Status) but its top comment does not say "
                    "MACHINE-DRAFTED: add \"# MACHINE-DRAFTED: … NOT yet reviewed by a fluent "
                    "speaker.\"");
        } else if (starts_with(status, "reviewed by ") &&
                   status.size() > std::string("reviewed by ").size()) {
            if (says_machine_drafted)
                problems.push_back(file + " says \"" + status +
                                   "\" but its top comment still says MACHINE-DRAFTED: "
                                   "replace that comment with who reviewed it and when");
        } else {
            problems.push_back(
                file + ": X-Translation-Status must be \"" + kMachineDrafted +
                "\" or \"reviewed by <name of the fluent speaker>, <date>\" (has \"" + status +
                "\")");
        }
    }
    check_none(problems, "fix the header (the msgid \"\" entry at the top) of each catalog named "
                         "above; never mark a "
                         "catalog reviewed unless a fluent speaker has checked every entry.");
}

// ================================================================================================
// 6. pofilter
// ================================================================================================

// The pofilter checks that fit this project. Each compares the translation with the English, so
// it flags only what is wrong in every language:
//   blank, untranslated, isfuzzy     nothing left to translate (also test 1)
//   nplurals                         the number of plural forms matches the header
//   doublespacing, startwhitespace,  stray spaces: the kiosk lays text out as given, and ", "
//   endwhitespace, newlines, tabs    (the list separator) must keep its space
//   escapes, printf,                 no stray escapes or format strings; {name} placeholders
//   pythonbraceformat                (the same {name} syntax as ours, also test 4)
//   numbers                          example dates, times and IDs ("27 3 2025", "999") must stay
//                                    exactly what the kiosk accepts and what to dial
//   urls, emails, filepaths,         addresses and commands (hrc-admin init) are not translated
//   options, functions, xmltags
// Left out because they fire on correct translations here: endpunc, startpunc, puncspacing,
// purepunc (Hindi "।", Arabic and Urdu "؟" "،" "۔"), brackets (translators add "(CCTV)", "(BSL)"),
// doublequoting, singlequoting («…», quotes around a button's name), doublewords (Somali
// "booliska. Booliska" across a sentence end), acronyms, startcaps, simplecaps (scripts without
// case), unchanged ("PIN", "shift" are the same words), long, short, sentencecount, spellcheck.
const std::vector<std::string> kPofilterTests = {
    "blank",           "untranslated",      "isfuzzy",   "nplurals", "doublespacing",
    "startwhitespace", "endwhitespace",     "newlines",  "tabs",     "escapes",
    "printf",          "pythonbraceformat", "numbers",   "urls",     "emails",
    "filepaths",       "options",           "functions", "xmltags",
};

TEST_CASE("pofilter finds no problems in any catalog") {
    TempDir tmp;
    std::vector<std::string> problems;
    for (const fs::path& po : catalog_files()) {
        std::vector<std::string> argv = {HRC_POFILTER, "--progress=none"};
        for (const std::string& t : kPofilterTests) {
            argv.push_back("-t");
            argv.push_back(t);
        }
        argv.push_back(po.string());
        const ToolResult r = run_tool(argv, tmp);
        if (r.code != 0) {
            problems.push_back(rel(po) + ": `" + command_line(argv) + "` failed:\n" + r.err);
            continue;
        }
        // pofilter writes nothing when all is well, else the failing entries, each with one
        // "# (pofilter) <test>: <what>" comment per failed test.
        if (r.out.find_first_not_of(" \n") == std::string::npos) continue;
        const PoFile failed = hrc_test::parse_po(r.out, rel(po) + " (pofilter output)");
        for (const PoEntry& e : failed.entries)
            for (const std::string& c : e.comments)
                if (starts_with(c, "(pofilter)"))
                    problems.push_back(rel(po) + ": " + e.key.describe() + " -> \"" +
                                       (e.strings.empty() ? "" : e.strings[0]) + "\": " + c);
    }
    check_none(problems, "fix the msgstr named (spaces, numbers, addresses and placeholders must "
                         "match the English); "
                         "to see one catalog's problems: pofilter -t <test> locales/<language>.po");
}

// ================================================================================================
// 7. the compiled catalogs, through the kiosk's own loader (Boost.Locale)
// ================================================================================================

TEST_CASE("every language's compiled catalog loads and gives the .po's texts") {
    const std::vector<std::string> codes = language_codes();
    const hrc::kiosk::Catalogs catalogs(compiled_dir(), codes);
    check_loaded(catalogs);

    const std::vector<long> counts = sample_counts();
    std::vector<std::string> problems;
    for (const std::string& code : codes) {
        const fs::path po = locales_dir() / (code + ".po");
        if (!fs::exists(po) || !catalogs.loaded(code)) continue; // reported above / by test 8
        const hrc::kiosk::Translator& t = catalogs.for_language(code);
        CHECK(t.language() == code);
        const PoFile f = read_catalog(po);
        const PluralRule* rule = plural_rule(code);
        const std::string rebuild = " (rebuild: cmake --build <build dir> --target hrc_catalogs)";
        for (const PoEntry& e : f.entries) {
            if (e.obsolete) continue;
            const auto expect = [&](const std::string& call, const std::string& got,
                                    const std::string& want) {
                if (got != want)
                    problems.push_back(code + ": " + call + " gave \"" + got + "\", " + f.where(e) +
                                       " has \"" + want + "\"" + rebuild);
            };
            if (e.has_plural && e.key.has_context) {
                problems.push_back(f.where(e) + ": " + e.key.describe() +
                                   " is a plural with a context, which Translator cannot look up: "
                                   "use HRC_PLURAL without a context");
            } else if (e.has_plural) {
                if (rule == nullptr) {
                    problems.push_back(code + " has no plural rule in plural_rules() "
                                              "(tests/catalogs/test_catalogs.cpp): add it");
                    break;
                }
                for (long n : counts) {
                    const auto form = static_cast<std::size_t>(rule->form(n));
                    if (form >= e.strings.size()) {
                        problems.push_back(f.where(e) + ": " + e.key.describe() + " has " +
                                           std::to_string(e.strings.size()) + " forms, " + code +
                                           " needs " + std::to_string(rule->nplurals));
                        break;
                    }
                    const std::size_t before = problems.size();
                    expect("plural(" + e.key.describe() + ", " + std::to_string(n) + ")",
                           t.plural(e.key.id, e.key.id_plural, n), e.strings[form]);
                    if (problems.size() != before) break; // one line per entry is enough
                }
            } else if (e.key.has_context) {
                expect("context(\"" + e.key.context + "\", \"" + e.key.id + "\")",
                       t.context(e.key.context, e.key.id), e.strings[0]);
            } else {
                expect("text(\"" + e.key.id + "\")", t.text(e.key.id), e.strings[0]);
            }
        }
    }
    check_none(
        problems,
        "the compiled .mo files must give exactly what locales/<language>.po says: rebuild the "
        "catalogs; if that does not help, the loader (kiosk/model/catalogs.cpp) or the catalog's "
        "Plural-Forms header is wrong.");
}

// A probe catalog per language, with the real Plural-Forms header and the form's number as each
// msgstr: shows which form Boost.Locale picks for each count even where a catalog's forms read
// the same (Arabic's "{n} minute ago" uses one text for several forms).
TEST_CASE("plural forms follow each language's rule") {
    TempDir tmp;
    const fs::path dir = tmp.path() / "locale";
    std::vector<std::string> codes;
    std::vector<std::string> problems;
    for (const fs::path& po : catalog_files()) {
        const std::string code = code_of(po);
        const PoFile f = read_catalog(po);
        const PluralRule* rule = plural_rule(code);
        if (rule == nullptr) {
            problems.push_back(
                code +
                " has no plural rule in plural_rules() (tests/catalogs/test_catalogs.cpp): add it");
            continue;
        }
        const std::string plural_forms =
            f.header.count("Plural-Forms") ? f.header.at("Plural-Forms") : "";
        if (!starts_with(plural_forms, "nplurals=" + std::to_string(rule->nplurals) + ";")) {
            problems.push_back(f.path.string() + ": Plural-Forms is \"" + plural_forms +
                               "\", but " + code + " has " + std::to_string(rule->nplurals) +
                               " plural forms");
            continue;
        }
        std::string probe =
            "msgid \"\"\nmsgstr \"\"\n\"Content-Type: text/plain; charset=UTF-8\\n\"\n"
            "\"Plural-Forms: " +
            plural_forms + "\\n\"\n\nmsgid \"{n} probe\"\nmsgid_plural \"{n} probes\"\n";
        for (int i = 0; i < rule->nplurals; ++i)
            probe += "msgstr[" + std::to_string(i) + "] \"form " + std::to_string(i) + "\"\n";
        const fs::path probe_po = tmp.path() / (code + ".po");
        {
            std::ofstream out(probe_po);
            out << probe;
        }
        const fs::path mo_dir = dir / gettext_name(code) / "LC_MESSAGES";
        fs::create_directories(mo_dir);
        const std::vector<std::string> argv = {HRC_MSGFMT, "-o", (mo_dir / "hrc.mo").string(),
                                               probe_po.string()};
        const ToolResult r = run_tool(argv, tmp);
        if (r.code != 0) {
            problems.push_back(f.path.string() + ": its Plural-Forms \"" + plural_forms +
                               "\" does not compile: " + r.err);
            continue;
        }
        codes.push_back(code);
    }
    const hrc::kiosk::Catalogs probes(dir, codes);
    REQUIRE(probes.problems().empty());
    const auto form_of = [&](const std::string& code, long n) {
        return probes.for_language(code).plural("{n} probe", "{n} probes", n);
    };

    for (const std::string& code : codes) {
        const PluralRule& rule = *plural_rule(code);
        for (long n : sample_counts()) {
            const std::string want = "form " + std::to_string(rule.form(n));
            if (const std::string got = form_of(code, n); got != want) {
                problems.push_back("locales/" + code + ".po: n = " + std::to_string(n) + " picks " +
                                   got + ", the " + code + " plural rule says " + want);
                break;
            }
        }
    }
    check_none(
        problems,
        "correct the Plural-Forms line of each catalog named (gettext's standard line for the "
        "language), then re-check every msgstr[n] of its plural entries.");

    // The examples everyone can check by hand.
    if (std::find(codes.begin(), codes.end(), "pl") != codes.end()) {
        // 1 minuta, 2 minuty, 5 minut, 22 minuty, 25 minut
        CHECK(form_of("pl", 1) == "form 0");
        CHECK(form_of("pl", 2) == "form 1");
        CHECK(form_of("pl", 5) == "form 2");
        CHECK(form_of("pl", 22) == "form 1");
        CHECK(form_of("pl", 25) == "form 2");
        const hrc::kiosk::Catalogs real(compiled_dir(), {"pl"});
        const PoFile pl = read_catalog(locales_dir() / "pl.po");
        for (const PoEntry& e : pl.entries)
            if (e.key.id == "{n} minute ago" && e.strings.size() == 3) {
                const hrc::kiosk::Translator& t = real.for_language("pl");
                CHECK(t.plural(e.key.id, e.key.id_plural, 1) == e.strings[0]);
                CHECK(t.plural(e.key.id, e.key.id_plural, 2) == e.strings[1]);
                CHECK(t.plural(e.key.id, e.key.id_plural, 5) == e.strings[2]);
                CHECK(t.plural(e.key.id, e.key.id_plural, 22) == e.strings[1]);
                CHECK(t.plural(e.key.id, e.key.id_plural, 25) == e.strings[2]);
                CHECK(t.count(e.key.id, e.key.id_plural, 22) ==
                      hrc::fill_placeholders(e.strings[1], {{"n", "22"}}));
            }
    }
    if (std::find(codes.begin(), codes.end(), "ar") != codes.end()) {
        // zero, one, two, few (3–10), many (11–99), other (100–102, …)
        CHECK(form_of("ar", 0) == "form 0");
        CHECK(form_of("ar", 1) == "form 1");
        CHECK(form_of("ar", 2) == "form 2");
        CHECK(form_of("ar", 3) == "form 3");
        CHECK(form_of("ar", 11) == "form 4");
        CHECK(form_of("ar", 100) == "form 5");
    }
}

TEST_CASE("keyboard key texts resolve by their context") {
    const std::vector<std::string> codes = language_codes();
    const hrc::kiosk::Catalogs catalogs(compiled_dir(), codes);
    check_loaded(catalogs);
    const PoKey space_key{true, "keyboard key", "space", ""};
    // The same English without a context is a different key; only meaningful while no
    // context-free "space" exists.
    const bool plain_space_exists =
        keys_of(read_catalog(locales_dir() / "hrc.pot")).count(PoKey{false, "", "space", ""}) > 0;
    std::vector<std::string> problems;
    for (const std::string& code : codes) {
        const fs::path po = locales_dir() / (code + ".po");
        if (!fs::exists(po) || !catalogs.loaded(code)) continue; // reported above / by test 8
        const PoFile f = read_catalog(po);
        const hrc::kiosk::Translator& t = catalogs.for_language(code);
        const auto entry = std::find_if(f.entries.begin(), f.entries.end(), [&](const PoEntry& e) {
            return !e.obsolete && e.key == space_key;
        });
        if (entry == f.entries.end()) {
            problems.push_back(
                f.path.string() +
                " has no msgctxt \"keyboard key\" msgid \"space\": run scripts/update-pot "
                "and translate it there");
            continue;
        }
        const std::string with_context = t.context("keyboard key", "space");
        if (with_context != entry->strings[0])
            problems.push_back(code + ": context(\"keyboard key\", \"space\") gave \"" +
                               with_context + "\", " + f.where(*entry) + " has \"" +
                               entry->strings[0] + "\"");
        if (!plain_space_exists && t.text("space") != "space")
            problems.push_back(code + ": text(\"space\") without a context gave \"" +
                               t.text("space") +
                               "\": the catalog has a context-free \"space\" entry, or the loader "
                               "ignores contexts");
        if (t.context("no such context", "space") != "space")
            problems.push_back(code + ": an unknown context gave \"" +
                               t.context("no such context", "space") + "\" instead of the English");
    }
    check_none(
        problems,
        "HRC_CONTEXT keys must be translated under their msgctxt in each catalog and looked up "
        "with it (kiosk/model/catalogs.cpp).");
}

TEST_CASE("an unknown language falls back to English") {
    TempDir tmp;
    const hrc::kiosk::Catalogs catalogs(compiled_dir(), {"pl", "xx"});
    CHECK(catalogs.loaded("pl"));
    CHECK_FALSE(catalogs.loaded("xx"));
    REQUIRE(catalogs.problems().size() == 1);
    CHECK(starts_with(catalogs.problems()[0], "xx: "));
    CHECK(&catalogs.for_language("xx") == &hrc::kiosk::english());
    CHECK(&catalogs.for_language("not loaded either") == &hrc::kiosk::english());
    CHECK(catalogs.for_language("xx").text("Enter your PIN") == "Enter your PIN");
    CHECK(catalogs.for_language("xx").plural("{n} minute ago", "{n} minutes ago", 2) ==
          "{n} minutes ago");

    // A folder with no catalogs at all: every language is a problem, none throws.
    const hrc::kiosk::Catalogs none(tmp.path(), language_codes());
    CHECK(none.problems().size() == language_codes().size());
    CHECK(&none.for_language("pl") == &hrc::kiosk::english());
}

// ================================================================================================
// 8. the languages offered and the catalogs agree
// ================================================================================================

TEST_CASE("every language offered has a catalog and every catalog is an offered language") {
    std::vector<std::string> problems;
    std::set<std::string> files;
    for (const fs::path& po : catalog_files())
        files.insert(code_of(po));
    const std::vector<std::string> codes = language_codes();
    CHECK(codes.size() == 12);
    for (const std::string& code : codes)
        if (files.count(code) == 0)
            problems.push_back(
                code + " is offered by languages() (kiosk/model/content.cpp) but locales/" + code +
                ".po does not exist: create it with msginit -i locales/hrc.pot -l " + code +
                ", translate it and give it an honest header");
    for (const std::string& code : files)
        if (std::find(codes.begin(), codes.end(), code) == codes.end())
            problems.push_back("locales/" + code +
                               ".po is not a language of languages() (kiosk/model/content.cpp): "
                               "add the language there, or delete the catalog");
    check_none(problems, "languages() and locales/*.po must list the same languages.");
}

TEST_CASE("a damaged catalog is refused before Boost.Locale reads it: that language falls back to "
          "English, no crash") {
    // Every compiled catalog of the build is sound.
    for (const auto& entry :
         std::filesystem::directory_iterator(std::filesystem::path(HRC_BINARY_DIR) / "locale")) {
        const auto mo = entry.path() / "LC_MESSAGES" / "hrc.mo";
        INFO(mo.string());
        CHECK(hrc::kiosk::mo_file_problem(hrc_test::read_file(mo)).empty());
    }
    // The input tests/fuzz/fuzz_catalog found (a string offset outside the file made Boost.Locale
    // 1.74 read past the end), and simple damage of a real catalog.
    const std::string good = hrc_test::read_file(std::filesystem::path(HRC_BINARY_DIR) / "locale" /
                                                 "pl" / "LC_MESSAGES" / "hrc.mo");
    std::string offset_out = good;
    // The second original string's offset (table position in header bytes 12..15, little-endian
    // as msgfmt writes on this machine), its high byte set: far outside the file.
    const auto u8 = [&](std::size_t i) {
        return static_cast<std::size_t>(static_cast<unsigned char>(good[i]));
    };
    const std::size_t originals = u8(12) | u8(13) << 8 | u8(14) << 16 | u8(15) << 24;
    offset_out[originals + 8 * 1 + 4 + 3] = '\x7f';
    std::string not_terminated = good;
    not_terminated.resize(good.size() - 1);
    const std::vector<std::pair<std::string, std::string>> damaged = {
        {"fuzzer's input",
         hrc_test::read_file(std::string(HRC_SOURCE_DIR) +
                             "/tests/fuzz/regressions/catalog-offset-outside-file.mo")},
        {"offset outside", offset_out},
        {"cut short", not_terminated},
        {"empty", ""},
        {"not a catalog", "hello, this is not a .mo file at all"},
    };
    hrc_test::TempDir dir;
    std::filesystem::create_directories(dir / "pl" / "LC_MESSAGES");
    for (const auto& [name, bytes] : damaged) {
        INFO(name);
        CHECK_FALSE(hrc::kiosk::mo_file_problem(bytes).empty());
        hrc_test::write_file(dir / "pl" / "LC_MESSAGES" / "hrc.mo", bytes);
        const hrc::kiosk::Catalogs catalogs(dir.path(), {"pl"});
        CHECK_FALSE(catalogs.loaded("pl"));
        REQUIRE(catalogs.problems().size() == 1);
        CHECK_THAT(catalogs.problems()[0],
                   Catch::Matchers::Contains("damaged") || Catch::Matchers::Contains("no catalog"));
        CHECK(catalogs.for_language("pl").text("Continue") == "Continue");
    }
}
