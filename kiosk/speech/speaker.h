// kiosk/speech/speaker.h — reads text aloud without blocking the UI: synthesis with espeak-ng
// (speech.h), playback through ALSA. See speaker.cpp for the state machine and its invariants.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "speech.h"

namespace hrc::speech {

class Speaker {
public:
    enum class State { idle, synthesising, playing };

    // `alsa_device` is an ALSA PCM name ("default", "null", "plughw:0,0", …); it is opened for
    // each utterance, so a device that appears later is used. Starts the worker thread.
    // Throws std::system_error only if the thread cannot be started.
    explicit Speaker(std::string alsa_device = "default");
    // Stops what is playing (as stop()) and joins the worker.
    ~Speaker();
    Speaker(const Speaker&) = delete;
    Speaker& operator=(const Speaker&) = delete;

    // Cancels whatever is being read and starts reading `utf8_text` (plain text) in `language`.
    // Returns at once. Returns false, with the reason in last_error(), if the request is refused
    // (no voice for the language, e.g. Somali; text over kMaxTextBytes); nothing is spoken then.
    // Later failures (no sound device, …) show up in last_error() and speaking() becomes false.
    // Never throws except std::bad_alloc. The text is copied, zeroed after use, never logged.
    bool speak(std::string_view language, std::string_view utf8_text);

    // One stretch of text and the language to read it in, or a recorded message to play.
    using Part = SpeechPart;

    // Reads the parts one after the other, each in its own language's voice (the language screen:
    // each language's name in that language), a recording as recorded. Text parts in a language
    // without a voice are left out — never read with another language's voice; if no part is
    // left the request is refused as above. The parts are moved in, zeroed after use, never
    // logged.
    bool speak(std::vector<Part> parts);

    // The pace of text read from now on (the next part synthesised). Never fails.
    void set_pace(Pace pace) noexcept { pace_.store(pace); }
    Pace pace() const noexcept { return pace_.load(); }

    // Stops reading at once: drops what is queued in ALSA (snd_pcm_drop), abandons synthesis and
    // any pending request. Waits for the worker to have let go of the device, at most ~0.5 s, so
    // that when it returns the sound has stopped. Safe to call in any state, any number of times.
    // Does not set last_error(). Never throws.
    void stop() noexcept;

    // True from an accepted speak() until that speech has finished, failed or been stopped.
    bool speaking() const;
    // The index of the part being synthesised or played (in the vector given to speak()), or -1
    // when nothing is: the kiosk highlights the line being read (easy read, issue 18).
    int part_being_read() const noexcept { return part_being_read_.load(); }
    State state() const;

    // The last failure since the last accepted speak(): Problem::none and "" if none.
    // The message is plain English for the UI, e.g.
    // "Read-aloud is not working: no sound device (ALSA: cannot open "x": No such file or directory)".
    Problem last_problem() const;
    std::string last_error() const;

    const std::string& device() const { return device_; }
    // Frames handed to ALSA since construction (for tests and diagnostics).
    std::uint64_t frames_played() const { return frames_played_.load(); }

private:
    enum class Outcome { finished, cancelled, failed };

    void run();
    Outcome play(const Audio& audio, Problem& problem, std::string& message);
    bool pause(double seconds);
    void cancel_locked();
    bool cancelled() const { return cancel_.load(); }

    const std::string device_;

    mutable std::mutex mutex_;
    std::condition_variable wake_;    // the worker waits here for a request
    std::condition_variable settled_; // stop() waits here for the worker to let go
    State state_ = State::idle;
    bool has_request_ = false;
    bool working_ = false; // the worker holds a request (synthesis or playback)
    bool quitting_ = false;
    std::vector<Part> request_; // wiped as soon as the worker has taken it
    Problem problem_ = Problem::none;
    std::string error_;
    std::uint64_t generation_ = 0; // bumped by every speak() and stop()

    std::atomic<bool> cancel_{false}; // set by speak()/stop(); read by synthesis and playback
    std::atomic<Pace> pace_{Pace::normal};
    std::atomic<std::uint64_t> frames_played_{0};
    std::atomic<int> part_being_read_{-1};

    std::thread worker_; // last: starts after the members above exist
};

} // namespace hrc::speech
