// kiosk/model/translator.h — how the screens get their words in the person's language.
//
// The English text is the catalog key (gettext convention); a Translator turns a key into the
// session language's text. content.cpp builds every screen through one, so the same model code
// serves all twelve languages (BRIEF §8). english() returns the keys unchanged (tests, and the
// fallback when a catalog is missing); Catalogs (catalogs.h) gives one Translator per language,
// backed by Boost.Locale and the compiled .mo files of locales/.
//
// Failure: none of these functions fail; a key missing from a catalog gives the English text
// (gettext's rule), and the catalog tests (tests/catalogs/test_catalogs.cpp) keep that from happening.
#pragma once

#include <string>
#include <string_view>

#include "hrc/message.h"

namespace hrc::kiosk {

class Translator {
public:
    virtual ~Translator() = default;

    // BCP 47 code of the language, e.g. "en-GB", "gu".
    virtual std::string_view language() const = 0;
    // The text for an HRC_TEXT key.
    virtual std::string text(std::string_view key) const = 0;
    // The form for `n` of an HRC_PLURAL pair (the language's own plural rules, from its catalog).
    virtual std::string plural(std::string_view singular, std::string_view plural,
                               long n) const = 0;
    // The text for an HRC_CONTEXT pair (same English, different meaning: "space" the key).
    virtual std::string context(std::string_view context, std::string_view key) const = 0;

    std::string operator()(std::string_view key) const { return text(key); }
    // A Message: its key translated, every `translate` argument translated, placeholders filled.
    std::string render(const Message& message) const;
    // plural() with {n} (and any other placeholders) filled in.
    std::string count(std::string_view singular, std::string_view plural_form, long n,
                      std::vector<MessageArg> more = {}) const;
};

// English: every key is its own text; plurals by English rules (1 → singular).
const Translator& english();

} // namespace hrc::kiosk
