// hrc/languages.h — the kiosk's twelve languages as one table (BRIEF §8, issue 15 "Languages as
// data").
//
// Everything the kiosk needs to know about a language lives in one LanguageSpec: its code, its name
// in its own script and in English, its direction and script, the faces the text layer shapes it
// with, the xkb layout of its on-screen keyboard, its espeak-ng voice, its gettext catalog and the
// plural rule that catalog declares. kiosk/text (fonts), kiosk/keyboard, kiosk/speech and
// kiosk/model (catalogs, the language screen) read this table instead of keeping lists of their
// own, so adding or changing a language is one edit here, and tests/catalogs/test_languages.cpp
// checks the table against locales/, xkb-data, the font files and espeak-ng-data.
//
// Built as its own library, hrc_languages (core/CMakeLists.txt), with no dependency at all: the
// keyboard, text and speech libraries link it without taking in hrc_core's SQLCipher and libsodium.
#pragma once

#include <array>
#include <span>
#include <string_view>

namespace hrc::languages {

enum class Direction : unsigned char { ltr, rtl };

struct LanguageSpec {
    std::string_view code; // BCP 47 tag used everywhere in the kiosk: "en-GB", "gu", "pa"
    std::string_view native_name; // in its own script, as the language screen shows it: "ગુજરાતી"
    std::string_view english_name;        // for logs, messages and docs: "Gujarati"
    Direction direction = Direction::ltr; // of the language's UI strings (ur, ar: right to left)
    std::string_view script;              // ISO 15924 code of the script it is written in: "Gujr"
    // The font families (kiosk/text families(), by name) that come first in the language's font
    // chain, the language's own face first; an unused slot is "". Files are named in families().
    std::array<std::string_view, 2> font_faces;
    std::string_view xkb_layout;   // the on-screen keyboard's xkb layout: "in"
    std::string_view xkb_variant;  // and variant: "guj"; "" for the layout's default variant
    std::string_view voice;        // espeak-ng voice (espeak-ng-data/lang/<voice>); "" = none
    std::string_view catalog;      // the catalog's file stem: locales/<catalog>.po
    std::string_view gettext_name; // the .po's Language: header and the .mo folder: "en_GB"
    // The .po's Plural-Forms header exactly: the CLDR plural rule in gettext's C expression.
    std::string_view plural_forms;
    // The digit zero of the script's own digits (the other nine follow it in Unicode): shown
    // beside the ASCII digits on the numeric pad; U'0' for languages written with ASCII digits.
    char32_t digit_zero = U'0';

    bool rtl() const { return direction == Direction::rtl; }
    bool has_voice() const { return !voice.empty(); }
};

// Every kiosk language in the order the language screen offers them (Leicester's order of
// speakers after English). The first is the source language (source()).
std::span<const LanguageSpec> all();

// The source language: the one the English catalog keys are written in, the default language and
// the "English letters" keyboard every other language can switch to (en-GB).
const LanguageSpec& source();

// The language with exactly this code, compared without regard to case and with '_' the same as
// '-' ("en_GB", "EN-gb" find en-GB); nullptr for any other code ("pt-BR", "fr", "").
const LanguageSpec* find(std::string_view code);

// find(), or else the kiosk language whose code has the same primary subtag ("ur-PK" → ur,
// "en" → en-GB, "pt-BR" → pt): for choosing fonts and direction for a tag from outside the table.
// nullptr when none matches.
const LanguageSpec* match(std::string_view tag);

// True for a kiosk language written right to left (match(): "ur", "ar", "ur-PK"). False for any
// other tag, including right-to-left languages the kiosk does not offer.
bool is_rtl(std::string_view tag);

// True when the language's keyboard is not the source language's xkb layout, so the on-screen
// keyboard offers a switch to English letters (Somali types on the UK layout: false).
bool has_own_keyboard(const LanguageSpec& language);

} // namespace hrc::languages
