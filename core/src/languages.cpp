// languages.cpp — the table of the kiosk's languages and its lookups (see hrc/languages.h).
//
// [SECTION] the table
// [SECTION] checks the compiler makes
// [SECTION] lookups

#include "hrc/languages.h"

#include <cstddef>

namespace hrc::languages {

namespace {

// [SECTION] the table ===============================================================================
//
// Order: BRIEF §8, Leicester's order of speakers after English; the language screen shows it.
// Names: each in its own language and script (a person finds their language by reading it; flags
// are not languages). Somali is written in Latin script; Panjabi here is Gurmukhi (the Panjabi
// written in Leicester), not Shahmukhi.
//
// Fonts: the Indic scripts use the Noto "UI" families, whose line height matches Noto Sans, so
// mixed lines keep one height. Urdu is Nastaliq, the script's usual style for Urdu readers, with
// Naskh after it for punctuation Nastaliq lacks ('?'); Arabic is Naskh.
//
// Keyboards (xkb-data 2.35, Debian 12):
//  - gu, pa, hi, ta: the Indian national INSCRIPT layouts. ta is in(tam), Tamil InScript, with
//    vowel signs on their own keys; in(tam_tamilnet) (Tamil99) relies on an input method inserting
//    vowel signs and pulli from context, which a plain keymap cannot do.
//  - ur: pk(urd-phonetic), Urdu letters on the Latin keys that sound like them.
//  - bn: bd(probhat), the phonetic Bangladeshi standard.
//  - ro: ro(std) is "Romanian (standard)", SR 13392:2004, with ă î â ș ț (comma below) on the base
//    level where a touch keyboard shows them; the default ro(basic) hides them behind AltGr.
//  - so: Somali needs no letters beyond English's (the glottal stop is the apostrophe, which gb
//    has on the base level), so the UK layout serves it.
//
// Voices (espeak-ng 1.51): voice files rather than language names, because
// espeak_SetVoiceByName("en-gb") fails in 1.51 and "pt" by name could change meaning between
// releases. roa/pt is European Portuguese (Brazilian is roa/pt-BR). espeak-ng has no Somali voice:
// Somali is never read with another language's voice.
//
// Plural forms: exactly the Plural-Forms header of each locales/<catalog>.po (gettext's own rules
// for these languages, from CLDR): gu, pa, hi treat 0 as singular (n > 1); pl and ro have three
// forms, ar six.

constexpr std::string_view kOneOther = "nplurals=2; plural=(n != 1);";
constexpr std::string_view kZeroOne = "nplurals=2; plural=(n > 1);";

constexpr std::array<LanguageSpec, 12> kTable = {{
    {"en-GB",
     "English",
     "English",
     Direction::ltr,
     "Latn",
     {"Noto Sans", ""},
     "gb",
     "",
     "gmw/en",
     "en-GB",
     "en_GB",
     kOneOther},
    {"gu",
     "ગુજરાતી",
     "Gujarati",
     Direction::ltr,
     "Gujr",
     {"Noto Sans Gujarati UI", ""},
     "in",
     "guj",
     "inc/gu",
     "gu",
     "gu",
     kZeroOne,
     U'\u0AE6'},
    {"pa",
     "ਪੰਜਾਬੀ",
     "Punjabi",
     Direction::ltr,
     "Guru",
     {"Noto Sans Gurmukhi UI", ""},
     "in",
     "guru",
     "inc/pa",
     "pa",
     "pa",
     kZeroOne,
     U'\u0A66'},
    {"pl",
     "Polski",
     "Polish",
     Direction::ltr,
     "Latn",
     {"Noto Sans", ""},
     "pl",
     "",
     "zlw/pl",
     "pl",
     "pl",
     "nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);"},
    {"ur",
     "اردو",
     "Urdu",
     Direction::rtl,
     "Arab",
     {"Noto Nastaliq Urdu", "Noto Naskh Arabic"},
     "pk",
     "urd-phonetic",
     "inc/ur",
     "ur",
     "ur",
     kOneOther,
     U'\u06F0'},
    {"so",
     "Soomaali",
     "Somali",
     Direction::ltr,
     "Latn",
     {"Noto Sans", ""},
     "gb",
     "",
     "",
     "so",
     "so",
     kOneOther},
    {"bn",
     "বাংলা",
     "Bengali",
     Direction::ltr,
     "Beng",
     {"Noto Sans Bengali UI", ""},
     "bd",
     "probhat",
     "inc/bn",
     "bn",
     "bn",
     kOneOther,
     U'\u09E6'},
    {"pt",
     "Português",
     "Portuguese",
     Direction::ltr,
     "Latn",
     {"Noto Sans", ""},
     "pt",
     "",
     "roa/pt",
     "pt",
     "pt",
     kOneOther},
    {"ta",
     "தமிழ்",
     "Tamil",
     Direction::ltr,
     "Taml",
     {"Noto Sans Tamil UI", ""},
     "in",
     "tam",
     "dra/ta",
     "ta",
     "ta",
     kOneOther,
     U'\u0BE6'},
    {"hi",
     "हिन्दी",
     "Hindi",
     Direction::ltr,
     "Deva",
     {"Noto Sans Devanagari UI", ""},
     "in",
     "deva",
     "inc/hi",
     "hi",
     "hi",
     kZeroOne,
     U'\u0966'},
    {"ar",
     "العربية",
     "Arabic",
     Direction::rtl,
     "Arab",
     {"Noto Naskh Arabic", ""},
     "ara",
     "",
     "sem/ar",
     "ar",
     "ar",
     "nplurals=6; plural=n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? "
     "4 : 5;",
     U'\u0660'},
    {"ro",
     "Română",
     "Romanian",
     Direction::ltr,
     "Latn",
     {"Noto Sans", ""},
     "ro",
     "std",
     "roa/ro",
     "ro",
     "ro",
     "nplurals=3; plural=n==1 ? 0 : (n==0 || (n%100 > 0 && n%100 < 20)) ? 1 : 2;"},
}};

// [SECTION] checks the compiler makes ==============================================================
//
// Mistakes a reader of the table could miss, caught at build time; the run-time test
// (tests/catalogs/test_languages.cpp) checks the table against the files on disk.

constexpr char lower(char c) {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

// Codes compare as find() compares them: case-insensitive, '_' the same as '-'.
constexpr bool same_code(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        const char x = a[i] == '_' ? '-' : lower(a[i]);
        const char y = b[i] == '_' ? '-' : lower(b[i]);
        if (x != y) return false;
    }
    return true;
}

constexpr bool codes_unique() {
    for (std::size_t i = 0; i < kTable.size(); ++i)
        for (std::size_t j = i + 1; j < kTable.size(); ++j)
            if (same_code(kTable[i].code, kTable[j].code) || kTable[i].catalog == kTable[j].catalog)
                return false;
    return true;
}

// Each row filled in: a name, a 4-letter script, a main face, a layout, a catalog, a plural rule.
constexpr bool rows_complete() {
    for (const LanguageSpec& l : kTable)
        if (l.code.empty() || l.native_name.empty() || l.english_name.empty() ||
            l.script.size() != 4 || l.font_faces[0].empty() || l.xkb_layout.empty() ||
            l.catalog.empty() || l.gettext_name.empty() ||
            l.plural_forms.substr(0, 9) != "nplurals=")
            return false;
    return true;
}

// Of the scripts the kiosk uses only Arabic is written right to left; a row that says otherwise
// would mirror a left-to-right screen (or not mirror an Arabic one).
constexpr bool directions_follow_scripts() {
    for (const LanguageSpec& l : kTable)
        if ((l.direction == Direction::rtl) != (l.script == "Arab")) return false;
    return true;
}

static_assert(kTable[0].code == "en-GB", "the source language comes first (source())");
static_assert(codes_unique(), "two rows share a code or a catalog");
static_assert(rows_complete(), "a row lacks a name, script, face, layout, catalog or plural rule");
static_assert(directions_follow_scripts(),
              "direction rtl must go with script Arab, and only with it");

// [SECTION] lookups =================================================================================

// "ur-PK" → "ur", "en_GB" → "en": the primary language subtag.
constexpr std::string_view primary_subtag(std::string_view tag) {
    return tag.substr(0, tag.find_first_of("-_"));
}

} // namespace

std::span<const LanguageSpec> all() {
    return kTable;
}

const LanguageSpec& source() {
    return kTable[0];
}

const LanguageSpec* find(std::string_view code) {
    for (const LanguageSpec& l : kTable)
        if (same_code(l.code, code)) return &l;
    return nullptr;
}

const LanguageSpec* match(std::string_view tag) {
    if (const LanguageSpec* exact = find(tag)) return exact;
    const std::string_view wanted = primary_subtag(tag);
    if (wanted.empty()) return nullptr;
    for (const LanguageSpec& l : kTable)
        if (same_code(primary_subtag(l.code), wanted)) return &l;
    return nullptr;
}

bool is_rtl(std::string_view tag) {
    const LanguageSpec* l = match(tag);
    return l != nullptr && l->rtl();
}

bool has_own_keyboard(const LanguageSpec& language) {
    return language.xkb_layout != source().xkb_layout ||
           language.xkb_variant != source().xkb_variant;
}

} // namespace hrc::languages
