// kiosk/speech/voices.cpp — the part of speech.h that needs no espeak-ng, ALSA or libsndfile: which
// languages have a voice, where a centre's recordings are, wiping, Audio. hrc-kiosk links only this
// (hrc_speech_voices); synthesis and playback are in the module it loads on the first read-aloud
// (read_aloud.h).

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <system_error>

#include <hrc/languages.h>
#include <sodium.h>

#include "speech.h"

namespace hrc::speech {

// ---------------------------------------------------------------------------------------------
// Voices: the kiosk's language table (hrc/languages.h) names each language's espeak-ng voice file
// (espeak-ng-data/lang/<family>/<name>) and says there why files rather than language names.

const std::vector<Voice>& voices() {
    static const std::vector<Voice> table = [] {
        std::vector<Voice> out;
        for (const languages::LanguageSpec& l : languages::all())
            if (l.has_voice()) out.push_back({l.code, l.voice, l.english_name});
        return out;
    }();
    return table;
}

namespace {

bool same_code(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) ==
                      std::tolower(static_cast<unsigned char>(y));
           });
}

} // namespace

const Voice* find_voice(std::string_view language) {
    for (const Voice& v : voices())
        if (same_code(v.language, language)) return &v;
    return nullptr;
}

bool available(std::string_view language) {
    return find_voice(language) != nullptr;
}

std::string_view voice_name(std::string_view language) {
    const Voice* v = find_voice(language);
    return v ? v->espeak_id : std::string_view{};
}

std::string no_voice_message(std::string_view language) {
    // A kiosk language without a voice (Somali) is named in English.
    if (const languages::LanguageSpec* l = languages::find(language);
        l != nullptr && !l->has_voice()) {
        const std::string name(l->english_name);
        return "Read-aloud is not available in " + name + ": there is no " + name + " voice.";
    }
    // Only the code is shown; it comes from the kiosk's own language list, not from a person.
    return "Read-aloud is not available in this language (" + std::string(language) +
           "): there is no voice for it.";
}

// ---------------------------------------------------------------------------------------------
// Wiping.

void wipe(void* data, std::size_t size) noexcept {
    if (data != nullptr && size > 0) sodium_memzero(data, size);
}

void wipe(std::string& s) noexcept {
    wipe(s.data(), s.size());
    s.clear();
}

void wipe_samples(std::vector<std::int16_t>& v) noexcept {
    // Zero the whole capacity: samples may have been written past size() by an earlier use.
    wipe(v.data(), v.capacity() * sizeof(std::int16_t));
    v.clear();
}

Audio::~Audio() {
    wipe_samples(samples);
}

Audio::Audio(Audio&& other) noexcept
    : samples(std::move(other.samples)), sample_rate(other.sample_rate), problem(other.problem),
      message(std::move(other.message)) {}

Audio& Audio::operator=(Audio&& other) noexcept {
    if (this != &other) {
        wipe_samples(samples); // the buffer we are about to free
        samples = std::move(other.samples);
        sample_rate = other.sample_rate;
        problem = other.problem;
        message = std::move(other.message);
    }
    return *this;
}

double Audio::seconds() const {
    return sample_rate > 0 ? static_cast<double>(samples.size()) / sample_rate : 0.0;
}

int words_per_minute(Pace pace) {
    return pace == Pace::slower ? kSlowerWordsPerMinute : kNormalWordsPerMinute;
}

// ---------------------------------------------------------------------------------------------
// Recorded messages: where they are.

namespace {

// A language code or message id used as one path component: letters, digits and '-' only, so
// nothing from outside can climb out of the recordings folder.
bool plain_name(std::string_view s) {
    if (s.empty() || s.size() > 64) return false;
    return std::all_of(s.begin(), s.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               c == '-';
    });
}

} // namespace

std::string recording_file(const std::string& root, std::string_view language,
                           std::string_view message_id) {
    if (root.empty() || !plain_name(language) || !plain_name(message_id)) return {};
    const std::filesystem::path file =
        std::filesystem::path(root) / std::string(language) / (std::string(message_id) + ".ogg");
    std::error_code ec;
    return std::filesystem::is_regular_file(file, ec) ? file.string() : std::string();
}

bool has_recordings(const std::string& root, std::string_view language) {
    if (root.empty() || !plain_name(language)) return false;
    std::error_code ec;
    std::filesystem::directory_iterator it(std::filesystem::path(root) / std::string(language), ec);
    if (ec) return false;
    for (; it != std::filesystem::directory_iterator(); it.increment(ec)) {
        if (ec) return false;
        if (it->path().extension() == ".ogg" && it->is_regular_file(ec)) return true;
    }
    return false;
}

} // namespace hrc::speech
