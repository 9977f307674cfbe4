// kiosk/speech/read_aloud.cpp — finding and loading hrc-speech.so, and ReadAloud (read_aloud.h).
// Part of the kiosk's side (hrc_speech_voices): links none of espeak-ng, ALSA or libsndfile.

#include "read_aloud.h"

#include <utility>

#include <dlfcn.h>

namespace hrc::speech {

std::filesystem::path speech_module_path(const std::filesystem::path& executable) {
    return executable.parent_path().parent_path() / "lib" / "hrc" / kSpeechModuleFile;
}

ReadAloud::ReadAloud(std::filesystem::path module, std::string alsa_device)
    : module_(std::move(module)), device_(std::move(alsa_device)) {}

ReadAloud::~ReadAloud() {
    engine_.reset(); // its code is in the module: destroyed before the module goes
    if (handle_ != nullptr) dlclose(handle_);
}

bool ReadAloud::load() {
    if (tried_) return engine_ != nullptr;
    tried_ = true;
    // RTLD_NOW: a missing library is found here, not in the middle of reading. RTLD_LOCAL: its
    // symbols (and its copy of the voice table) stay its own.
    handle_ = dlopen(module_.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (handle_ == nullptr) {
        const char* why = dlerror();
        load_problem_ = "Read-aloud is not working: its module cannot be loaded (" +
                        std::string(why != nullptr ? why : module_.string()) +
                        "): reinstall hrc-kiosk, which installs it.";
        return false;
    }
    const auto make = reinterpret_cast<MakeSpeakerFunction>(dlsym(handle_, kMakeSpeakerSymbol));
    if (make == nullptr) {
        load_problem_ = "Read-aloud is not working: its module " + module_.string() + " has no " +
                        kMakeSpeakerSymbol +
                        " (it comes from another version of hrc-kiosk): reinstall hrc-kiosk.";
    } else {
        std::string problem;
        make(device_, engine_, problem);
        if (engine_ == nullptr)
            load_problem_ = "Read-aloud is not working: " +
                            (problem.empty() ? std::string("it could not start") : problem) + ".";
    }
    if (engine_ == nullptr) {
        dlclose(handle_);
        handle_ = nullptr;
        return false;
    }
    engine_->set_pace(pace_);
    return true;
}

bool ReadAloud::speak(std::vector<SpeechPart> parts) {
    if (!load()) {
        for (SpeechPart& p : parts)
            wipe(p.text);
        return false;
    }
    return engine_->speak(std::move(parts));
}

void ReadAloud::set_pace(Pace pace) noexcept {
    pace_ = pace;
    if (engine_) engine_->set_pace(pace);
}

void ReadAloud::stop() noexcept {
    if (engine_) engine_->stop();
}

bool ReadAloud::speaking() const {
    return engine_ && engine_->speaking();
}

int ReadAloud::part_being_read() const noexcept {
    return engine_ ? engine_->part_being_read() : -1;
}

std::string ReadAloud::last_error() const {
    return engine_ ? engine_->last_error() : load_problem_;
}

} // namespace hrc::speech
