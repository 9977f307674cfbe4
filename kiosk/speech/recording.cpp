// kiosk/speech/recording.cpp — a centre's recorded messages decoded with libsndfile to the mono
// 16-bit samples Speaker plays (speech.h, "recorded messages"; finding them is in voices.cpp).
#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <limits>
#include <memory>
#include <string>
#include <system_error>
#include <vector>

#include <sndfile.h>

#include "speech.h"

namespace hrc::speech {

namespace {

struct SndfileCloser {
    void operator()(SNDFILE* f) const noexcept { sf_close(f); }
};

Audio failed(const std::string& path, const std::string& why) {
    Audio a;
    a.problem = Problem::recording_failed;
    a.message = "Read-aloud is not working: the recording " +
                std::filesystem::path(path).filename().string() + " " + why + ".";
    return a;
}

} // namespace

Audio load_recording(const std::string& path, const std::atomic<bool>* cancel) {
    SF_INFO info{};
    std::unique_ptr<SNDFILE, SndfileCloser> file(sf_open(path.c_str(), SFM_READ, &info));
    if (!file) return failed(path, std::string("could not be read (") + sf_strerror(nullptr) + ")");
    if (info.channels < 1 || info.samplerate < 8000 || info.samplerate > 192000)
        return failed(path, "is not mono or stereo audio at a usual rate");
    const auto max_frames = static_cast<sf_count_t>(info.samplerate) * kMaxSeconds;
    if (info.frames > max_frames) return failed(path, "is longer than the read-aloud limit");

    Audio audio;
    audio.sample_rate = info.samplerate;
    audio.samples.reserve(static_cast<std::size_t>(std::max<sf_count_t>(info.frames, 0)));
    // Read in blocks, mixing every channel down to mono.
    constexpr sf_count_t kBlock = 4096;
    const auto channels = static_cast<std::size_t>(info.channels);
    std::vector<short> block(static_cast<std::size_t>(kBlock) * channels);
    for (;;) {
        if (cancel != nullptr && cancel->load()) {
            Audio stopped;
            stopped.problem = Problem::cancelled;
            stopped.message = "Read-aloud was stopped.";
            return stopped;
        }
        const sf_count_t got = sf_readf_short(file.get(), block.data(), kBlock);
        if (got < 0) return failed(path, "could not be decoded");
        if (got == 0) break;
        for (sf_count_t f = 0; f < got; ++f) {
            long sum = 0;
            for (std::size_t c = 0; c < channels; ++c)
                sum += block[static_cast<std::size_t>(f) * channels + c];
            audio.samples.push_back(static_cast<std::int16_t>(sum / static_cast<long>(channels)));
        }
        if (static_cast<sf_count_t>(audio.samples.size()) > max_frames)
            return failed(path, "is longer than the read-aloud limit");
    }
    if (sf_error(file.get()) != SF_ERR_NO_ERROR) return failed(path, "could not be decoded");
    if (audio.samples.empty()) return failed(path, "holds no sound");
    return audio;
}

} // namespace hrc::speech
