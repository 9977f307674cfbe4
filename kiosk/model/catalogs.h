// kiosk/model/catalogs.h — the gettext catalogs of every language: checked at start-up, each
// loaded when its language is first used.
//
// One std::locale per language from Boost.Locale's generator (no global locale is changed, so two
// people's sessions never share state), reading <dir>/<language>/LC_MESSAGES/hrc.mo as compiled
// from locales/<language>.po at build time. The kiosk picks a Translator per session: the language
// screen switches it, a wipe goes back to the default language.
//
// Why on first use: making a Boost.Locale locale (with its ICU backend) costs a few milliseconds
// and a few hundred KiB per language, and most sessions use one or two of the twelve; loading all
// of them took ~60 ms and ~3.4 MiB of hrc-kiosk's start (bench/README.md, hrc-bench-kiosk). Every
// catalog file is still checked at construction (present, in the folder the language table names,
// sound as a .mo file), so problems() lists a missing or damaged catalog at start-up as before.
// Not thread-safe: the kiosk uses it from its one UI thread.
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
    // Checks every language of `codes` for a compiled catalog under `dir`, in the folder the
    // language table names (hrc/languages.h: gettext_name); each one is loaded on its first use
    // (for_language, loaded). A code not in the table, or a language without a sound catalog, is
    // recorded in problems() (and falls back to English); so is a catalog that fails to load on
    // first use. Never throws except std::bad_alloc. en-GB has a catalog too (the source text, so
    // wording can be corrected there).
    Catalogs(const std::filesystem::path& dir, const std::vector<std::string>& codes);
    // Every language of the table (hrc::languages::all()).
    explicit Catalogs(const std::filesystem::path& dir);
    ~Catalogs();
    Catalogs(const Catalogs&) = delete;
    Catalogs& operator=(const Catalogs&) = delete;

    // The Translator of `code`, loading its catalog on first use; english() for any language
    // whose catalog is missing, damaged or fails to load (recorded in problems()).
    const Translator& for_language(std::string_view code) const;
    // True when `code`'s catalog is loaded, or loads now.
    bool loaded(std::string_view code) const;
    // One line per language that could not be loaded ("gu: no catalog at …/gu/LC_MESSAGES/hrc.mo"):
    // those found at construction first, then any that failed on first use.
    const std::vector<std::string>& problems() const { return problems_; }

    // Where the build puts the compiled catalogs, or the installed location; see catalogs.cpp.
    static std::filesystem::path default_dir();

private:
    // Loads `code`'s catalog (checked again: it may have changed since start-up); a failure goes
    // to problems_ and the code is not tried again.
    void load(std::map<std::string, std::string, std::less<>>::iterator pending) const;

    std::filesystem::path dir_;
    // Checked at construction, not loaded yet: code -> the catalog's folder name ("en_GB").
    mutable std::map<std::string, std::string, std::less<>> pending_;
    mutable std::map<std::string, std::unique_ptr<Translator>, std::less<>> translators_;
    mutable std::vector<std::string> problems_;
};

// Why the GNU .mo file `bytes` must not be given to Boost.Locale, or "" when it is sound: magic
// number, header, and every table entry and string inside the file and NUL-terminated, hash table
// entries naming real strings. Boost.Locale 1.74 reads offsets from the file unchecked, so a damaged
// or hostile hrc.mo would crash the kiosk at start-up (found by tests/fuzz/fuzz_catalog). Never
// throws.
std::string mo_file_problem(std::string_view bytes);

} // namespace hrc::kiosk
