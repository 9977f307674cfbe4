// kiosk/speech/speech.cpp — synthesis: the one espeak-ng engine thread (the voice table and the
// rest of speech.h that needs no espeak-ng are in voices.cpp).
//
// espeak-ng is a C library with global state (current voice, callback, buffers) and is not
// thread-safe. So the process has exactly one Engine: a thread that makes every espeak call, fed
// one Job at a time through a queue. Callers (Speaker workers, tests) wait for their Job.

#include "speech.h"

#include <algorithm>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <mutex>
#include <thread>
#include <utility>

#include <espeak-ng/speak_lib.h>

namespace hrc::speech {

// ---------------------------------------------------------------------------------------------
// The engine thread.

namespace {

struct Job {
    const Voice* voice = nullptr;
    int words_per_minute = kNormalWordsPerMinute;
    std::string text; // NUL-terminated copy for espeak_Synth; wiped when done
    const std::atomic<bool>* cancel = nullptr;
    Audio result;
    std::size_t max_samples = 0;
    bool done = false;
};

// The Job being synthesised. Only the engine thread reads or writes it (espeak calls the callback
// on the thread that called espeak_Synth), so it needs no lock.
Job* g_current = nullptr;

// Appends samples, growing the vector ourselves so that the old buffer is zeroed before it is
// freed (std::vector would free it with speech still in it).
void append_samples(std::vector<std::int16_t>& v, const short* data, std::size_t n) {
    if (v.size() + n > v.capacity()) {
        std::vector<std::int16_t> bigger;
        bigger.reserve(std::max({v.capacity() * 2, v.size() + n, std::size_t{1} << 15}));
        bigger.assign(v.begin(), v.end());
        wipe_samples(v);
        v.swap(bigger);
    }
    v.insert(v.end(), data, data + n);
}

// espeak's SynthCallback: returns 0 to go on, 1 to abort synthesis.
int on_samples(short* wav, int count, espeak_EVENT* /*events*/) {
    Job* job = g_current;
    if (job == nullptr) return 1;
    if (job->cancel != nullptr && job->cancel->load()) {
        job->result.problem = Problem::cancelled;
        return 1;
    }
    if (wav == nullptr || count <= 0) return 0; // end of synthesis or an event-only call
    const auto n = static_cast<std::size_t>(count);
    if (job->result.samples.size() + n > job->max_samples) {
        job->result.problem = Problem::text_too_long;
        return 1;
    }
    append_samples(job->result.samples, wav, n);
    return 0;
}

class Engine {
public:
    // The process's one engine, started on first use and deliberately never destroyed: a Speaker
    // that is itself a static, or a thread still running at exit, can always reach it, and there
    // is no destruction order to get wrong. Its thread waits on a condition variable when idle;
    // the OS ends it at exit.
    static Engine& instance() {
        static Engine* const engine = new Engine();
        return *engine;
    }

    Engine() : thread_([this] { run(); }) {}
    ~Engine() = delete;
    Engine(const Engine&) = delete;
    Engine& operator=(const Engine&) = delete;

    // Runs `job` on the engine thread and waits for it.
    void submit(Job& job) {
        std::unique_lock<std::mutex> lock(mutex_);
        queue_.push_back(&job);
        wake_.notify_all();
        done_.wait(lock, [&] { return job.done; });
    }

private:
    void run() {
        std::unique_lock<std::mutex> lock(mutex_);
        for (;;) {
            wake_.wait(lock, [&] { return !queue_.empty(); });
            Job* job = queue_.front();
            queue_.pop_front();
            lock.unlock();
            process(*job);
            lock.lock();
            job->done = true;
            done_.notify_all();
        }
    }

    // Starts espeak-ng once. Returns false (with the job's problem set) if it cannot.
    bool start(Job& job) {
        if (rate_ > 0) return true;
        // DONT_EXIT: without it espeak-ng calls exit() when its data is missing.
        const int rate =
            espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, 0, nullptr, espeakINITIALIZE_DONT_EXIT);
        if (rate <= 0) {
            job.result.problem = Problem::engine_failed;
            job.result.message =
                "Read-aloud is not working: the speech engine (espeak-ng) could not start "
                "(is espeak-ng-data installed?).";
            return false;
        }
        espeak_SetSynthCallback(on_samples);
        rate_ = rate;
        return true;
    }

    void process(Job& job) {
        if (!start(job)) return;
        job.result.sample_rate = rate_;
        job.max_samples = static_cast<std::size_t>(rate_) * static_cast<std::size_t>(kMaxSeconds);

        // Check that the voice we asked for is the one espeak now has: when a voice is not found
        // espeak keeps the previous one, and we must never read text with the wrong language.
        const std::string id(job.voice->espeak_id);
        const espeak_ERROR set = espeak_SetVoiceByName(id.c_str());
        const espeak_VOICE* current = espeak_GetCurrentVoice();
        if (set != EE_OK || current == nullptr || current->identifier == nullptr ||
            id != current->identifier) {
            job.result.problem = Problem::engine_failed;
            job.result.message = "Read-aloud is not working: the " +
                                 std::string(job.voice->english) + " voice (" + id +
                                 ") could not be loaded.";
            return;
        }

        // The pace is set for every job: espeak keeps it between calls.
        if (espeak_SetParameter(espeakRATE, job.words_per_minute, 0) != EE_OK) {
            job.result.problem = Problem::engine_failed;
            job.result.message = "Read-aloud is not working: the speech engine (espeak-ng) did not "
                                 "accept the reading speed.";
            return;
        }

        g_current = &job;
        // Flags: UTF-8 only. Not espeakSSML (the text is plain and must not be read as markup),
        // not espeakPHONEMES (no "[[…]]" phoneme input), not espeakENDPAUSE.
        const espeak_ERROR synth =
            espeak_Synth(job.text.c_str(), job.text.size() + 1, 0, POS_CHARACTER, 0,
                         espeakCHARS_UTF8, nullptr, nullptr);
        const espeak_ERROR sync = espeak_Synchronize();
        g_current = nullptr;

        if (job.result.problem == Problem::cancelled) {
            job.result.message = "Read-aloud was stopped.";
        } else if (job.result.problem == Problem::text_too_long) {
            job.result.message = "Read-aloud is not working: the text is too long to read aloud.";
        } else if (synth != EE_OK || sync != EE_OK) {
            job.result.problem = Problem::synthesis_failed;
            job.result.message = "Read-aloud is not working: the speech engine (espeak-ng) failed "
                                 "(error " +
                                 std::to_string(synth != EE_OK ? synth : sync) + ").";
        }
        if (!job.result.ok()) wipe_samples(job.result.samples);
    }

    std::mutex mutex_;
    std::condition_variable wake_; // the engine thread waits here for jobs
    std::condition_variable done_; // callers wait here for their job
    std::deque<Job*> queue_;
    int rate_ = 0;       // > 0 once espeak_Initialize succeeded; engine thread only
    std::thread thread_; // last: starts after the members above exist
};

} // namespace

Audio synthesize(std::string_view language, std::string_view utf8_text,
                 const std::atomic<bool>* cancel, Pace pace) {
    const Voice* voice = find_voice(language);
    if (voice == nullptr) {
        Audio refused;
        refused.problem = Problem::no_voice;
        refused.message = no_voice_message(language);
        return refused;
    }
    if (utf8_text.size() > kMaxTextBytes) {
        Audio refused;
        refused.problem = Problem::text_too_long;
        refused.message = "Read-aloud is not working: the text is too long to read aloud.";
        return refused;
    }
    Job job;
    job.voice = voice;
    job.text.assign(utf8_text);
    job.cancel = cancel;
    job.words_per_minute = words_per_minute(pace);
    Engine::instance().submit(job);
    wipe(job.text);
    return std::move(job.result);
}

} // namespace hrc::speech
