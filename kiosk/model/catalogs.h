// kiosk/model/catalogs.h — the gettext catalogs of every language, loaded once at start-up.
//
// One std::locale per language from Boost.Locale's generator (no global locale is changed, so two
// people's sessions never share state), reading <dir>/<language>/LC_MESSAGES/hrc.mo as compiled
// from locales/<language>.po at build time. The kiosk picks a Translator per session: the language
// screen switches it, a wipe goes back to the default language.
#pragma once

#include <filesystem>
#include <locale>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "translator.h"

namespace hrc::kiosk {

class Catalogs {
public:
    // Loads every language of `codes` that has a compiled catalog under `dir`, in the folder the
    // language table names (hrc/languages.h: gettext_name). A code not in the table, or a language
    // without a catalog, is recorded in problems() (and falls back to English); never throws except
    // std::bad_alloc. en-GB has a catalog too (the source text, so wording can be corrected there).
    Catalogs(const std::filesystem::path& dir, const std::vector<std::string>& codes);
    // Every language of the table (hrc::languages::all()).
    explicit Catalogs(const std::filesystem::path& dir);
    ~Catalogs();
    Catalogs(const Catalogs&) = delete;
    Catalogs& operator=(const Catalogs&) = delete;

    // The Translator of `code`; english() for any language not loaded.
    const Translator& for_language(std::string_view code) const;
    bool loaded(std::string_view code) const;
    // One line per language that could not be loaded ("gu: no catalog at …/gu/LC_MESSAGES/hrc.mo").
    const std::vector<std::string>& problems() const { return problems_; }

    // Where the build puts the compiled catalogs, or the installed location; see catalogs.cpp.
    static std::filesystem::path default_dir();

private:
    std::map<std::string, std::unique_ptr<Translator>, std::less<>> translators_;
    std::vector<std::string> problems_;
};

// Why the GNU .mo file `bytes` must not be given to Boost.Locale, or "" when it is sound: magic
// number, header, and every table entry and string inside the file and NUL-terminated, hash table
// entries naming real strings. Boost.Locale 1.74 reads offsets from the file unchecked, so a damaged
// or hostile hrc.mo would crash the kiosk at start-up (found by tests/fuzz/fuzz_catalog). Never
// throws.
std::string mo_file_problem(std::string_view bytes);

} // namespace hrc::kiosk
