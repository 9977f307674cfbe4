// kiosk/app/every_language.cpp — see every_language.h.
#include "every_language.h"

#include <cmath>
#include <cstdint>
#include <fstream>
#include <iterator>
#include <map>
#include <memory>
#include <string>

#include <hrc/languages.h>

#include "catalogs.h"

namespace hrc::kiosk {

namespace {

// One language's compiled catalog, kept as its bytes (checked by mo_file_problem()); a key is
// found by going through the table of originals (a few hundred entries: microseconds, and only
// for the handful of words the turning screens show).
class MoWords final : public Translator {
public:
    MoWords(std::string code, std::string bytes)
        : code_(std::move(code)), bytes_(std::move(bytes)) {
        little_ = word_le(0) == 0x950412deU;
        count_ = word(8);
        originals_ = word(12);
        translations_ = word(16);
    }

    std::string_view language() const override { return code_; }
    std::string text(std::string_view key) const override {
        for (std::uint64_t i = 0; i < count_; ++i) {
            if (string_at(originals_, i) != key) continue;
            const std::string_view found = string_at(translations_, i);
            return std::string(found.empty() ? key : found);
        }
        return std::string(key); // not translated: the English text (gettext's rule)
    }
    std::string plural(std::string_view singular, std::string_view plural_form,
                       long n) const override {
        return english().plural(singular, plural_form, n);
    }
    std::string context(std::string_view context, std::string_view key) const override {
        return english().context(context, key);
    }

private:
    std::uint32_t byte(std::uint64_t at) const {
        return static_cast<std::uint32_t>(static_cast<unsigned char>(bytes_[at]));
    }
    std::uint64_t word_le(std::uint64_t at) const {
        return byte(at) | byte(at + 1) << 8 | byte(at + 2) << 16 | byte(at + 3) << 24;
    }
    std::uint64_t word(std::uint64_t at) const {
        return little_ ? word_le(at)
                       : (byte(at) << 24 | byte(at + 1) << 16 | byte(at + 2) << 8 | byte(at + 3));
    }
    // String `i` of a table; mo_file_problem() checked that every one lies inside the file.
    std::string_view string_at(std::uint64_t table, std::uint64_t i) const {
        const std::uint64_t length = word(table + 8 * i), offset = word(table + 8 * i + 4);
        return std::string_view(bytes_).substr(offset, length);
    }

    std::string code_;
    std::string bytes_;
    bool little_ = true;
    std::uint64_t count_ = 0, originals_ = 0, translations_ = 0;
};

std::unique_ptr<Translator> load(const languages::LanguageSpec& spec) {
    const std::filesystem::path mo =
        Catalogs::default_dir() / std::string(spec.gettext_name) / "LC_MESSAGES" / "hrc.mo";
    std::ifstream in(mo, std::ios::binary);
    if (!in) return nullptr;
    std::string bytes(std::istreambuf_iterator<char>(in), {});
    if (!mo_file_problem(bytes).empty()) return nullptr; // damaged: English, as Catalogs does
    return std::make_unique<MoWords>(std::string(spec.code), std::move(bytes));
}

} // namespace

bool languages_turn(const State& state) {
    if (state.screen == Screen::neutral) return true; // nothing of the last person's language
    return state.screen == Screen::language &&
           state.session_language == state.settings.default_language;
}

std::string_view language_in_turn(double monotonic) {
    const auto all = languages::all();
    const double turn = std::floor(std::max(0.0, monotonic) / kLanguageTurnSeconds);
    return all[static_cast<std::size_t>(std::fmod(turn, static_cast<double>(all.size())))].code;
}

double seconds_to_next_turn(double monotonic) {
    const double t = std::max(0.0, monotonic);
    return (std::floor(t / kLanguageTurnSeconds) + 1.0) * kLanguageTurnSeconds - t;
}

const Translator& words_in(std::string_view code) {
    // The kiosk's one UI thread only (like Catalogs). A language that failed is not tried again.
    static std::map<std::string, std::unique_ptr<Translator>, std::less<>> loaded;
    auto it = loaded.find(code);
    if (it == loaded.end()) {
        const languages::LanguageSpec* spec = languages::find(code);
        it = loaded.emplace(std::string(code), spec != nullptr ? load(*spec) : nullptr).first;
    }
    return it->second ? *it->second : english();
}

} // namespace hrc::kiosk
