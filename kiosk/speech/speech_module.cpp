// kiosk/speech/speech_module.cpp — hrc-speech.so: the Speaker behind the kiosk's ReadAloud
// (read_aloud.h). Built as a module with hidden visibility: the entry point below is its only
// exported symbol.

#include <exception>
#include <memory>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "read_aloud.h"
#include "speaker.h"

namespace {

class ModuleSpeaker final : public hrc::speech::SpeakerEngine {
public:
    explicit ModuleSpeaker(std::string alsa_device) : speaker_(std::move(alsa_device)) {}
    bool speak(std::vector<hrc::speech::SpeechPart> parts) override {
        return speaker_.speak(std::move(parts));
    }
    void set_pace(hrc::speech::Pace pace) noexcept override { speaker_.set_pace(pace); }
    void stop() noexcept override { speaker_.stop(); }
    bool speaking() const override { return speaker_.speaking(); }
    int part_being_read() const noexcept override { return speaker_.part_being_read(); }
    std::string last_error() const override { return speaker_.last_error(); }

private:
    hrc::speech::Speaker speaker_;
};

} // namespace

extern "C" [[gnu::visibility("default")]] void
hrc_speech_make_speaker_v1(const std::string& alsa_device,
                           std::unique_ptr<hrc::speech::SpeakerEngine>& engine,
                           std::string& problem) {
    // The signature must stay that of MakeSpeakerFunction.
    static_assert(
        std::is_same_v<decltype(&hrc_speech_make_speaker_v1), hrc::speech::MakeSpeakerFunction>);
    engine.reset();
    problem.clear();
    try {
        engine = std::make_unique<ModuleSpeaker>(alsa_device);
    } catch (const std::exception& e) { // the worker thread could not start, or no memory
        problem = std::string("the speaker could not start (") + e.what() + ")";
    }
}
