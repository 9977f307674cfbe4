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

#include <map>
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

// The stable id of a catalog message, which names its recording (`<recordings>/<language>/<id>.ogg`,
// docs/read-aloud.md): "m" and 16 lower-case hex digits of the 64-bit FNV-1a hash of the gettext
// key's UTF-8 bytes — msgid alone, or msgctxt, U+0004, msgid; for a plural pair, the singular. The
// same English always gives the same id; changed English gives a new one (an old recording then
// no longer plays, as it no longer says what the screen says). scripts/recording-list prints every
// id with its text. Never fails.
std::string message_id(std::string_view context, std::string_view key);

// A Translator that answers exactly as `inner` and remembers, for each text it gave, the id of the
// message it came from (ids()). Read aloud builds a screen's script through one to learn which
// spoken line is which whole message. Keeps its own copy of the texts: not for typed text (a
// Translator never sees any).
class RememberingTranslator final : public Translator {
public:
    explicit RememberingTranslator(const Translator& inner) : inner_(inner) {}
    std::string_view language() const override { return inner_.language(); }
    std::string text(std::string_view key) const override;
    std::string plural(std::string_view singular, std::string_view plural_form,
                       long n) const override;
    std::string context(std::string_view context, std::string_view key) const override;
    // Translated text → message id, for every text given so far.
    const std::map<std::string, std::string>& ids() const { return ids_; }

private:
    const Translator& inner_;
    mutable std::map<std::string, std::string> ids_;
};

} // namespace hrc::kiosk
