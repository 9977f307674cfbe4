// kiosk/app/every_language.cpp — see every_language.h.
#include "every_language.h"

#include <cmath>
#include <cstdint>
#include <fstream>
#include <iterator>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include <fcntl.h>
#include <hrc/languages.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "catalogs.h"

namespace hrc::kiosk {

namespace {

// One language's compiled catalog, mapped read-only (checked by mo_file_problem() first). A key is
// found through the file's hash table, as gettext finds it, so only the pages of the handful of
// words the turning screens show are ever read: the twelve catalogs cost a few pages each instead
// of ~1 MiB of copies (issue 15 item 7). Every offset is checked against the mapping's size, so a
// file changed after the check gives the English text, never a read outside it.
class MoWords final : public Translator {
public:
    MoWords(std::string code, const void* data, std::size_t size)
        : code_(std::move(code)), data_(static_cast<const unsigned char*>(data)), size_(size) {
        little_ = word_le(0) == 0x950412deU;
        count_ = word(8);
        originals_ = word(12);
        translations_ = word(16);
        hash_size_ = word(20);
        hash_table_ = word(24);
    }
    ~MoWords() override { munmap(const_cast<unsigned char*>(data_), size_); }
    MoWords(const MoWords&) = delete;
    MoWords& operator=(const MoWords&) = delete;

    std::string_view language() const override { return code_; }
    std::string text(std::string_view key) const override {
        const std::optional<std::uint64_t> i = find(key);
        if (!i) return std::string(key); // not translated: the English text (gettext's rule)
        const std::string_view found = string_at(translations_, *i);
        return std::string(found.empty() ? key : found);
    }
    std::string plural(std::string_view singular, std::string_view plural_form,
                       long n) const override {
        return english().plural(singular, plural_form, n);
    }
    std::string context(std::string_view context, std::string_view key) const override {
        return english().context(context, key);
    }

private:
    // The index of `key` among the originals: through the hash table (gettext's hashpjw and
    // double hashing, as msgfmt writes it), or a scan when the file has no table.
    std::optional<std::uint64_t> find(std::string_view key) const {
        if (hash_size_ <= 2) {
            for (std::uint64_t i = 0; i < count_; ++i)
                if (string_at(originals_, i) == key) return i;
            return std::nullopt;
        }
        std::uint64_t hash = 0;
        for (const char c : key) {
            hash = ((hash << 4) + static_cast<unsigned char>(c)) & 0xffffffffU;
            const std::uint64_t g = hash & 0xf0000000U;
            if (g != 0) hash = (hash ^ (g >> 24)) ^ g;
        }
        std::uint64_t index = hash % hash_size_;
        const std::uint64_t step = 1 + hash % (hash_size_ - 2);
        for (std::uint64_t probes = 0; probes < hash_size_; ++probes) {
            const std::uint64_t entry = word(hash_table_ + 4 * index);
            if (entry == 0) return std::nullopt; // an empty slot: not in the catalog
            if (entry - 1 < count_ && string_at(originals_, entry - 1) == key) return entry - 1;
            index = (index + step) % hash_size_;
        }
        return std::nullopt;
    }
    std::uint32_t byte(std::uint64_t at) const { return at < size_ ? data_[at] : 0; }
    std::uint64_t word_le(std::uint64_t at) const {
        return byte(at) | byte(at + 1) << 8 | byte(at + 2) << 16 | byte(at + 3) << 24;
    }
    std::uint64_t word(std::uint64_t at) const {
        return little_ ? word_le(at)
                       : (byte(at) << 24 | byte(at + 1) << 16 | byte(at + 2) << 8 | byte(at + 3));
    }
    // String `i` of a table; empty when it would lie outside the mapping.
    std::string_view string_at(std::uint64_t table, std::uint64_t i) const {
        const std::uint64_t length = word(table + 8 * i), offset = word(table + 8 * i + 4);
        if (offset > size_ || length > size_ - offset) return {};
        return std::string_view(reinterpret_cast<const char*>(data_) + offset, length);
    }

    std::string code_;
    const unsigned char* data_;
    std::size_t size_;
    bool little_ = true;
    std::uint64_t count_ = 0, originals_ = 0, translations_ = 0, hash_size_ = 0, hash_table_ = 0;
};

std::unique_ptr<Translator> load(const languages::LanguageSpec& spec) {
    const std::filesystem::path mo =
        Catalogs::default_dir() / std::string(spec.gettext_name) / "LC_MESSAGES" / "hrc.mo";
    {
        // Checked as a whole first (a damaged one gives English, as Catalogs does); this copy is
        // freed at once, and only the mapping below stays.
        std::ifstream in(mo, std::ios::binary);
        if (!in) return nullptr;
        const std::string bytes(std::istreambuf_iterator<char>(in), {});
        if (!mo_file_problem(bytes).empty()) return nullptr;
    }
    const int fd = open(mo.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return nullptr;
    struct stat st {};
    void* data = MAP_FAILED;
    if (fstat(fd, &st) == 0 && st.st_size > 0)
        data = mmap(nullptr, static_cast<std::size_t>(st.st_size), PROT_READ, MAP_PRIVATE, fd, 0);
    close(fd);
    if (data == MAP_FAILED) return nullptr;
    return std::make_unique<MoWords>(std::string(spec.code), data,
                                     static_cast<std::size_t>(st.st_size));
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
