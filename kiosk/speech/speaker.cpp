// kiosk/speech/speaker.cpp — Speaker: a worker thread that synthesises and plays one request (one
// or more parts, each in its own language's voice or a recorded message, one after the other).
//
// State machine (state_, guarded by mutex_):
//
//              speak()          samples ready (synthesised        last frame played (last part)
//                               or decoded from a recording)
//     idle ─────────────▶ synthesising ─────────────▶ playing ─────────────────────▶ idle
//                              ▲                         │ last frame of a part, more parts
//                              └─────────────────────────┘
//      ▲                      │   espeak error             │   ALSA error (no device, …)
//      │                      └──────────────────▶ idle ◀──┘   last_error() set
//      │
//      └──── stop(), from any state: cancel_ = true; synthesis aborts at its next buffer (the
//            espeak callback returns 1), playback calls snd_pcm_drop, a pending request is
//            wiped; the worker then goes to idle and stop() returns.
//     speak() while synthesising or playing: cancels the current request the same way; the worker
//     lets go of it and goes straight to synthesising the new one.
//
// Invariants:
//  1. Only the worker thread touches the snd_pcm handle, only the engine thread (speech.cpp) calls
//     espeak; the UI thread only takes mutex_ briefly and never waits on a device (stop() waits for
//     the worker, bounded by kStopWait).
//  2. At most one request waits; a newer speak() replaces it, wiping the old text.
//  3. state_ == idle exactly when no request waits and the worker holds none (!working_).
//  4. When stop() has returned (within kStopWait), no PCM is open and nothing is queued in ALSA.
//  5. Text is zeroed as soon as it is no longer needed (the pending copy when the worker takes it,
//     the worker's copy after synthesis); samples are zeroed by Audio's destructor.
//  6. Failures become last_problem()/last_error(); no exception leaves the worker, none reaches
//     the UI thread except std::bad_alloc from speak() copying the text.
//  7. Nothing is logged: not the text, not the samples.

#include "speaker.h"

#include <algorithm>
#include <bit>
#include <cerrno>
#include <chrono>
#include <exception>
#include <memory>
#include <utility>

#include <alsa/asoundlib.h>

namespace hrc::speech {

namespace {

// espeak-ng gives native-endian int16 samples; we tell ALSA S16_LE, so the machine must be
// little-endian (x86-64 and the ARM boards the kiosk runs on are).
static_assert(std::endian::native == std::endian::little, "samples are sent to ALSA as S16_LE");

constexpr unsigned kLatencyUs = 100'000; // ALSA buffer: at most 0.1 s of sound is queued
constexpr int kPeriodsPerSecond = 50;    // write 20 ms at a time, checking for stop in between
constexpr int kWaitMs = 20;              // snd_pcm_wait timeout while the buffer is full
constexpr auto kDrainPoll = std::chrono::milliseconds(10);
constexpr auto kDrainLimit = std::chrono::seconds(2); // the buffer holds 0.1 s; this is a backstop
constexpr auto kStopWait = std::chrono::milliseconds(500);

struct PcmCloser {
    void operator()(snd_pcm_t* pcm) const noexcept { snd_pcm_close(pcm); }
};
using Pcm = std::unique_ptr<snd_pcm_t, PcmCloser>;

std::string alsa_error(int err) {
    return snd_strerror(err);
}

} // namespace

Speaker::Speaker(std::string alsa_device)
    : device_(std::move(alsa_device)), worker_([this] { run(); }) {}

Speaker::~Speaker() {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        quitting_ = true;
        cancel_locked();
    }
    wake_.notify_all();
    worker_.join();
}

void Speaker::cancel_locked() {
    ++generation_;
    cancel_.store(true);
    if (has_request_) {
        for (Part& part : request_)
            wipe(part.text);
        request_.clear();
        has_request_ = false;
    }
    if (!working_) state_ = State::idle;
}

bool Speaker::speak(std::string_view language, std::string_view utf8_text) {
    std::vector<Part> parts;
    parts.push_back(Part{std::string(language), std::string(utf8_text)});
    return speak(std::move(parts));
}

bool Speaker::speak(std::vector<Part> parts) {
    std::unique_lock<std::mutex> lock(mutex_);
    cancel_locked(); // whatever happens next, the old speech stops
    std::string no_voice;
    std::size_t bytes = 0;
    for (Part& part : parts) {
        if (part.recording.empty() && !available(part.language)) {
            if (no_voice.empty()) no_voice = no_voice_message(part.language);
            wipe(part.text);
            part.text.clear();
        }
        bytes += part.text.size();
    }
    std::erase_if(parts,
                  [](const Part& part) { return part.text.empty() && part.recording.empty(); });
    if (parts.empty()) {
        problem_ = Problem::no_voice;
        error_ = no_voice.empty()
                     ? std::string("Read-aloud is not working: there is nothing to read.")
                     : no_voice;
        return false;
    }
    if (bytes > kMaxTextBytes) {
        for (Part& part : parts)
            wipe(part.text);
        problem_ = Problem::text_too_long;
        error_ = "Read-aloud is not working: the text is too long to read aloud.";
        return false;
    }
    request_ = std::move(parts);
    has_request_ = true;
    state_ = State::synthesising;
    problem_ = Problem::none;
    error_.clear();
    lock.unlock();
    wake_.notify_all();
    return true;
}

void Speaker::stop() noexcept {
    std::unique_lock<std::mutex> lock(mutex_);
    cancel_locked();
    // The worker notices cancel_ within one 20 ms period (or one espeak buffer) and drops.
    settled_.wait_for(lock, kStopWait, [&] { return !working_ || has_request_; });
}

bool Speaker::speaking() const {
    return state() != State::idle;
}

Speaker::State Speaker::state() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return state_;
}

Problem Speaker::last_problem() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return problem_;
}

std::string Speaker::last_error() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return error_;
}

void Speaker::run() {
    std::unique_lock<std::mutex> lock(mutex_);
    for (;;) {
        wake_.wait(lock, [&] { return quitting_ || has_request_; });
        if (quitting_) break;

        Outcome outcome = Outcome::failed;
        Problem problem = Problem::none;
        std::string message;
        const std::uint64_t generation = generation_;
        std::vector<Part> parts = std::move(request_); // moved: nothing left to wipe behind
        request_.clear();
        if (parts.empty()) outcome = Outcome::finished;
        has_request_ = false;
        working_ = true;
        cancel_.store(false); // under mutex_: a later speak()/stop() sets it again
        state_ = State::synthesising;
        lock.unlock();

        // Each part in turn: synthesise it in its own voice, play it; stop at the first part that
        // is cancelled or fails.
        int index = 0;
        for (Part& part : parts) {
            part_being_read_.store(index++);
            try {
                Audio audio = part.recording.empty()
                                  ? synthesize(part.language, part.text, &cancel_, pace_.load())
                                  : load_recording(part.recording, &cancel_);
                wipe(part.text); // not needed any more
                if (audio.problem == Problem::cancelled) {
                    outcome = Outcome::cancelled;
                } else if (!audio.ok()) {
                    outcome = Outcome::failed;
                    problem = audio.problem;
                    message = audio.message;
                } else {
                    {
                        std::lock_guard<std::mutex> guard(mutex_);
                        if (!cancel_.load()) state_ = State::playing;
                    }
                    outcome = play(audio, problem, message);
                }
                if (outcome == Outcome::finished && part.pause_after > 0.0 &&
                    !pause(part.pause_after))
                    outcome = Outcome::cancelled;
            } catch (const std::exception&) { // std::bad_alloc: a failure, not a crash
                outcome = Outcome::failed;
                problem = Problem::synthesis_failed;
                message = "Read-aloud is not working: out of memory.";
            }
            if (outcome != Outcome::finished) break;
        }
        part_being_read_.store(-1);
        for (Part& part : parts)
            wipe(part.text);

        lock.lock();
        working_ = false;
        // A failure of a request that was since stopped or replaced is nobody's business.
        if (outcome == Outcome::failed && generation == generation_) {
            problem_ = problem;
            error_ = std::move(message);
        }
        state_ = has_request_ ? State::synthesising : State::idle;
        settled_.notify_all();
    }
}

// Waits `seconds` of silence between two parts. Returns false as soon as the reading is
// cancelled (stop(), a new speak()).
bool Speaker::pause(double seconds) {
    const auto until = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
    while (std::chrono::steady_clock::now() < until) {
        if (cancelled()) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return !cancelled();
}

// Plays `audio` on device_. Returns finished, cancelled (stop()/speak() while playing: the rest
// is dropped), or failed with `problem` and `message` set. Checks every ALSA return value.
Speaker::Outcome Speaker::play(const Audio& audio, Problem& problem, std::string& message) {
    if (cancelled()) return Outcome::cancelled;

    auto fail = [&](Problem p, const std::string& what, int err) {
        problem = p;
        message = "Read-aloud is not working: " + what + " (ALSA: " + alsa_error(err) + ")";
        return Outcome::failed;
    };

    snd_pcm_t* raw = nullptr;
    // Non-blocking, so that no ALSA call can hold the worker past a stop().
    int err = snd_pcm_open(&raw, device_.c_str(), SND_PCM_STREAM_PLAYBACK, SND_PCM_NONBLOCK);
    if (err < 0) {
        problem = Problem::no_sound_device;
        message = "Read-aloud is not working: no sound device (ALSA: cannot open \"" + device_ +
                  "\": " + alsa_error(err) + ")";
        return Outcome::failed;
    }
    Pcm pcm(raw);

    // soft_resample = 1: ALSA's plug layer converts espeak's 22050 Hz if the card needs another rate.
    err = snd_pcm_set_params(pcm.get(), SND_PCM_FORMAT_S16_LE, SND_PCM_ACCESS_RW_INTERLEAVED, 1,
                             static_cast<unsigned>(audio.sample_rate), 1, kLatencyUs);
    if (err < 0)
        return fail(Problem::playback_failed, "the sound device does not accept the audio", err);

    const std::int16_t* data = audio.samples.data();
    const std::size_t total = audio.samples.size();
    const auto period =
        static_cast<std::size_t>(std::max(1, audio.sample_rate / kPeriodsPerSecond));
    std::size_t offset = 0;
    while (offset < total) {
        if (cancelled()) {
            snd_pcm_drop(pcm.get()); // discard what is queued: silence now
            return Outcome::cancelled;
        }
        const auto frames = static_cast<snd_pcm_uframes_t>(std::min(period, total - offset));
        const snd_pcm_sframes_t written = snd_pcm_writei(pcm.get(), data + offset, frames);
        if (written == -EAGAIN) {
            // Buffer full: wait for room, but never longer than kWaitMs, to check for stop again.
            const int ready = snd_pcm_wait(pcm.get(), kWaitMs);
            if (ready < 0 && (err = snd_pcm_recover(pcm.get(), ready, 1)) < 0) {
                snd_pcm_drop(pcm.get());
                return fail(Problem::playback_failed, "the sound device failed while playing", err);
            }
            continue;
        }
        if (written < 0) {
            // Underrun (-EPIPE) or suspend (-ESTRPIPE): recover and go on; anything else fails.
            err = snd_pcm_recover(pcm.get(), static_cast<int>(written), 1);
            if (err < 0) {
                snd_pcm_drop(pcm.get());
                return fail(Problem::playback_failed, "the sound device failed while playing", err);
            }
            continue;
        }
        offset += static_cast<std::size_t>(written);
        frames_played_.fetch_add(static_cast<std::uint64_t>(written));
    }

    // Let the last 0.1 s play out. In non-blocking mode snd_pcm_drain returns -EAGAIN and the
    // PCM stays DRAINING until done; we poll so that stop() can still cut it short.
    err = snd_pcm_drain(pcm.get());
    if (err == -EAGAIN) {
        const auto limit = std::chrono::steady_clock::now() + kDrainLimit;
        while (snd_pcm_state(pcm.get()) == SND_PCM_STATE_DRAINING) {
            if (cancelled()) {
                snd_pcm_drop(pcm.get());
                return Outcome::cancelled;
            }
            if (std::chrono::steady_clock::now() > limit) {
                snd_pcm_drop(pcm.get());
                break;
            }
            std::this_thread::sleep_for(kDrainPoll);
        }
    } else if (err < 0) {
        snd_pcm_drop(pcm.get());
        return fail(Problem::playback_failed, "the sound device failed at the end", err);
    }
    return Outcome::finished;
}

} // namespace hrc::speech
