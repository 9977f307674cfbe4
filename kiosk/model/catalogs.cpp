// catalogs.cpp — see catalogs.h.

#include "catalogs.h"

#include <algorithm>
#include <climits>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <system_error>

#include <boost/locale/generator.hpp>
#include <boost/locale/message.hpp>
#include <hrc/languages.h>

namespace hrc::kiosk {

namespace {

class BoostTranslator final : public Translator {
public:
    BoostTranslator(std::string code, std::locale locale)
        : code_(std::move(code)), locale_(std::move(locale)) {}

    std::string_view language() const override { return code_; }
    std::string text(std::string_view key) const override {
        return boost::locale::translate(std::string(key)).str(locale_, "hrc");
    }
    std::string plural(std::string_view singular, std::string_view plural_form,
                       long n) const override {
        // Boost.Locale counts in int; counts on the kiosk are far below INT_MAX, clamp anyway.
        const int count = static_cast<int>(std::clamp<long>(n, INT_MIN, INT_MAX));
        return boost::locale::translate(std::string(singular), std::string(plural_form), count)
            .str(locale_, "hrc");
    }
    std::string context(std::string_view context, std::string_view key) const override {
        return boost::locale::translate(std::string(context), std::string(key)).str(locale_, "hrc");
    }

private:
    std::string code_;
    std::locale locale_;
};

} // namespace

namespace {

// The bytes of `mo` when it is a sound .mo file; otherwise "" and `problem` says why (for code).
std::string read_catalog(const std::string& code, const std::filesystem::path& mo,
                         std::string& problem) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(mo, ec)) {
        problem =
            code + ": no catalog at " + mo.string() + " (build the kiosk, or set HRC_LOCALE_DIR)";
        return {};
    }
    std::string bytes;
    {
        std::ifstream in(mo, std::ios::binary);
        bytes.assign(std::istreambuf_iterator<char>(in), {});
        if (!in && !in.eof()) bytes.clear();
    }
    if (const std::string why = mo_file_problem(bytes); !why.empty()) {
        problem = code + ": the catalog " + mo.string() + " is damaged (" + why +
                  "); shown in English until it is "
                  "installed again";
        return {};
    }
    return bytes;
}

std::filesystem::path mo_path(const std::filesystem::path& dir, const std::string& catalog_name) {
    return dir / catalog_name / "LC_MESSAGES" / "hrc.mo";
}

} // namespace

Catalogs::Catalogs(const std::filesystem::path& dir, const std::vector<std::string>& codes)
    : dir_(dir) {
    for (const std::string& code : codes) {
        // The folder is the language's gettext name from the language table ("en_GB"), the name
        // locales/CMakeLists.txt compiles its .po into and its Language: header.
        const languages::LanguageSpec* language = languages::find(code);
        if (language == nullptr) {
            problems_.push_back(code +
                                ": not one of the kiosk's languages (core/src/languages.cpp)");
            continue;
        }
        const std::string catalog_name(language->gettext_name);
        std::string problem;
        if (read_catalog(code, mo_path(dir, catalog_name), problem).empty()) {
            problems_.push_back(problem);
            continue;
        }
        pending_.emplace(code, catalog_name);
    }
}

void Catalogs::load(std::map<std::string, std::string, std::less<>>::iterator pending) const {
    const std::string code = pending->first, catalog_name = pending->second;
    pending_.erase(pending);
    const std::filesystem::path mo = mo_path(dir_, catalog_name);
    // Checked again just before Boost.Locale reads it: the file may have changed since start-up,
    // and Boost.Locale would crash on a damaged one (mo_file_problem).
    std::string problem;
    if (read_catalog(code, mo, problem).empty()) {
        problems_.push_back(problem);
        return;
    }
    try {
        boost::locale::generator generator;
        // Only what translation needs: the messages and the locale's name and encoding. The
        // other categories (collation, number and date formatting, boundaries, conversion) made
        // ICU load collation and formatting data the kiosk never uses (~4 MiB, issue 15 item 7).
        generator.categories(boost::locale::message_facet | boost::locale::information_facet);
        generator.characters(boost::locale::char_facet);
        generator.add_messages_path(dir_.string());
        generator.add_messages_domain("hrc");
        // The country part does not matter for messages; UTF-8 is what every catalog uses.
        std::locale locale = generator(catalog_name + ".UTF-8");
        translators_.emplace(code, std::make_unique<BoostTranslator>(code, std::move(locale)));
    } catch (const std::exception& e) {
        problems_.push_back(code + ": cannot load " + mo.string() + ": " + e.what());
    }
}

Catalogs::Catalogs(const std::filesystem::path& dir)
    : Catalogs(dir, [] {
          std::vector<std::string> codes;
          for (const languages::LanguageSpec& l : languages::all())
              codes.emplace_back(l.code);
          return codes;
      }()) {}

Catalogs::~Catalogs() = default;

std::string mo_file_problem(std::string_view bytes) {
    const std::uint64_t size = bytes.size();
    if (size < 28) return "shorter than a .mo header";
    const auto byte = [&](std::uint64_t at) {
        return static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[at]));
    };
    const std::uint32_t magic_le = byte(0) | byte(1) << 8 | byte(2) << 16 | byte(3) << 24;
    bool little;
    if (magic_le == 0x950412deU)
        little = true;
    else if (magic_le == 0xde120495U)
        little = false;
    else
        return "not a .mo file (magic number)";
    // A 32-bit word at `at`, which the caller has checked is inside the file.
    const auto word = [&](std::uint64_t at) -> std::uint64_t {
        return little ? (byte(at) | byte(at + 1) << 8 | byte(at + 2) << 16 | byte(at + 3) << 24)
                      : (byte(at) << 24 | byte(at + 1) << 16 | byte(at + 2) << 8 | byte(at + 3));
    };
    const std::uint64_t count = word(8), originals = word(12), translations = word(16),
                        hash_size = word(20), hash_at = word(24);
    if (originals + 8 * count > size || translations + 8 * count > size)
        return "string tables outside the file";
    if (hash_size > 0 && hash_at + 4 * hash_size > size) return "hash table outside the file";
    for (std::uint64_t i = 0; i < count; ++i)
        for (const std::uint64_t table : {originals, translations}) {
            const std::uint64_t length = word(table + 8 * i), offset = word(table + 8 * i + 4);
            // Every string is followed by a NUL inside the file (readers rely on it).
            if (offset + length >= size || bytes[offset + length] != '\0')
                return "string " + std::to_string(i) + " outside the file";
        }
    for (std::uint64_t i = 0; i < hash_size; ++i)
        if (word(hash_at + 4 * i) > count) return "hash table names a string that does not exist";
    return "";
}

const Translator& Catalogs::for_language(std::string_view code) const {
    if (const auto pending = pending_.find(code); pending != pending_.end()) load(pending);
    const auto it = translators_.find(code);
    return it == translators_.end() ? english() : *it->second;
}

bool Catalogs::loaded(std::string_view code) const {
    return &for_language(code) != &english();
}

std::filesystem::path Catalogs::default_dir() {
    // 1. HRC_LOCALE_DIR (tests, packaging), 2. the build tree's compiled catalogs (scripts/demo
    // runs the kiosk from the build tree), 3. the installed location.
    if (const char* env = std::getenv("HRC_LOCALE_DIR"); env != nullptr && *env != '\0') return env;
#ifdef HRC_BUILD_LOCALE_DIR
    std::error_code ec;
    if (std::filesystem::is_directory(HRC_BUILD_LOCALE_DIR, ec)) return HRC_BUILD_LOCALE_DIR;
#endif
    return "/usr/share/hrc/locale";
}

} // namespace hrc::kiosk
