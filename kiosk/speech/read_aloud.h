// kiosk/speech/read_aloud.h — read-aloud as hrc-kiosk uses it: the Speaker (speaker.h) lives in a
// module, hrc-speech.so, loaded on the first request to read aloud (issue 15 item 7: start and
// memory near the floor).
//
// Synthesis (espeak-ng, with libpcaudio, PulseAudio's client, D-Bus and systemd's library behind
// it), playback (ALSA) and recordings (libsndfile with FLAC, Vorbis, Opus, MP3) need about 25
// shared libraries that a kiosk on which nobody asks for read-aloud never uses. Linked into
// hrc-kiosk they were all loaded and relocated at every start and counted in its memory (~2 MiB,
// bench/README.md). So the kiosk links only hrc_speech_voices (which languages have a voice, where
// recordings are) and this loader; the module is hrc_speech built as a shared object.
//
// Where it is: <directory of the running hrc-kiosk>/../lib/hrc/hrc-speech.so, which is
// /usr/lib/hrc/ for the installed /usr/bin/hrc-kiosk and build/lib/hrc/ for build/kiosk/hrc-kiosk,
// as for the receipt printer (hrc_receipt/print_module.h). No environment variable can point it
// elsewhere: the kiosk loads code only from where it was installed.
//
// The module and the kiosk come from one build (one compiler, one libstdc++), so the entry point
// takes C++ types; its name carries a version to change whenever they, or SpeakerEngine, do.
// Its allocations are the kiosk's (jemalloc with junk:free, kiosk/app/freed_memory.h): a module
// brings no allocator of its own.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "speech.h"

namespace hrc::speech {

// What the module's Speaker offers the kiosk: speaker.h says what each call does.
class SpeakerEngine {
public:
    virtual ~SpeakerEngine() = default;
    virtual bool speak(std::vector<SpeechPart> parts) = 0;
    virtual void set_pace(Pace pace) noexcept = 0;
    virtual void stop() noexcept = 0;
    virtual bool speaking() const = 0;
    virtual int part_being_read() const noexcept = 0;
    virtual std::string last_error() const = 0;
};

// The module's one entry point: a Speaker playing on ALSA device `alsa_device` in `engine`, or
// `engine` empty and `problem` saying why (its worker thread could not start). Never throws.
using MakeSpeakerFunction = void (*)(const std::string& alsa_device,
                                     std::unique_ptr<SpeakerEngine>& engine, std::string& problem);
inline constexpr const char* kMakeSpeakerSymbol = "hrc_speech_make_speaker_v1";

// The module's file name and where the kiosk running as `executable` finds it (see above).
inline constexpr const char* kSpeechModuleFile = "hrc-speech.so";
std::filesystem::path speech_module_path(const std::filesystem::path& executable);

// The kiosk's read-aloud: the calls of Speaker, the module loaded and the Speaker made on the first
// speak(). Until then nothing is speaking and there is no error. If the module cannot be loaded,
// speak() returns false and last_error() says so and what to do (reinstall hrc-kiosk), on that
// request and every later one; the kiosk goes on without read-aloud. Used from one thread.
class ReadAloud {
public:
    ReadAloud(std::filesystem::path module, std::string alsa_device);
    ~ReadAloud(); // stops and destroys the Speaker, then unloads the module
    ReadAloud(const ReadAloud&) = delete;
    ReadAloud& operator=(const ReadAloud&) = delete;

    bool speak(std::vector<SpeechPart> parts);
    void set_pace(Pace pace) noexcept;
    Pace pace() const noexcept { return pace_; }
    void stop() noexcept;
    bool speaking() const;
    int part_being_read() const noexcept;
    std::string last_error() const;

    // True once the module is loaded and its Speaker made (for tests and the log).
    bool loaded() const { return engine_ != nullptr; }
    const std::filesystem::path& module() const { return module_; }

private:
    // Loads the module and makes the Speaker on the first call; false with load_problem_ set when
    // that failed (then and on every later call).
    bool load();

    std::filesystem::path module_;
    std::string device_;
    Pace pace_ = Pace::normal;
    void* handle_ = nullptr;
    std::unique_ptr<SpeakerEngine> engine_;
    std::string load_problem_;
    bool tried_ = false;
};

} // namespace hrc::speech
