// kiosk/speech/speech.h — which languages can be read aloud, and espeak-ng synthesis to samples.
//
// The kiosk reads the current screen aloud on request (BRIEF §8). espeak-ng has a voice for every
// kiosk language except Somali; for Somali we say so and speak nothing, never another language's
// voice. Speaker (speaker.h) plays the samples; this header only makes them.
//
// Two libraries: hrc_speech_voices (voices.cpp: the voice table, recordings' paths, wiping, Audio)
// needs none of espeak-ng, ALSA or libsndfile and is what hrc-kiosk links; hrc_speech adds
// synthesize(), load_recording() and Speaker, and is built into the module hrc-kiosk loads on its
// first read-aloud (read_aloud.h).
//
// espeak-ng keeps global state and is not thread-safe, so every espeak call in the process runs on
// one engine thread that this library owns; synthesize() may be called from any thread and waits
// for that thread. Nothing here logs or keeps the text: it may be a person's answer.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace hrc::speech {

// Why read-aloud did not happen. The UI may translate by code; message() has the English text.
enum class Problem {
    none,
    no_voice,         // the language has no espeak-ng voice (Somali) or is not a kiosk language
    text_too_long,    // more than kMaxTextBytes of text, or more than kMaxSeconds of audio
    engine_failed,    // espeak-ng could not start (no espeak-ng-data?) or could not load the voice
    synthesis_failed, // espeak_Synth or espeak_Synchronize returned an error
    cancelled,        // stopped on request (not shown to people)
    no_sound_device,  // the ALSA device could not be opened
    playback_failed,  // the ALSA device refused the format or failed while playing
    recording_failed, // a recorded message (load_recording) could not be read or is too long
};

// How fast text is read (issue 14 item 2): a person may ask for slower reading on the start screen.
// Recordings play at the speed they were recorded.
enum class Pace { normal, slower };
inline constexpr int kNormalWordsPerMinute = 175; // espeak-ng's own default
inline constexpr int kSlowerWordsPerMinute = 125; // about 30% slower, still natural
int words_per_minute(Pace pace);

// Limits that keep one request bounded in memory (600 s is 13 M samples, 26 MB). A screen is well
// under 4 KiB of text; 8 KiB of English is about 9 minutes of speech.
inline constexpr std::size_t kMaxTextBytes = 8 * 1024;
inline constexpr int kMaxSeconds = 600;

// One language the kiosk can read aloud.
struct Voice {
    std::string_view language;  // the kiosk's code: "en-GB", "gu", …
    std::string_view espeak_id; // espeak-ng voice identifier (file under espeak-ng-data/lang)
    std::string_view english;   // English name of the language, for messages and docs
};

// The kiosk's voiced languages, in the order of BRIEF §8 (Somali is absent on purpose): the rows of
// the language table (hrc/languages.h) that name a voice.
const std::vector<Voice>& voices();

// The voice of `language` (a kiosk code, compared without regard to case), or nullptr if it has
// none. Never fails.
const Voice* find_voice(std::string_view language);

// True if `language` (a kiosk code, compared without regard to case) has an espeak-ng voice.
// available("so") is false. Never fails.
bool available(std::string_view language);

// The espeak-ng voice identifier used for `language` ("gmw/en" for "en-GB"), or "" if none.
std::string_view voice_name(std::string_view language);

// The English message for refusing `language` ("Read-aloud is not available in Somali: …").
std::string no_voice_message(std::string_view language);

// Synthesised speech. Its samples are zeroed when it is destroyed or moved over.
class Audio {
public:
    Audio() = default;
    ~Audio();
    Audio(Audio&& other) noexcept;
    Audio& operator=(Audio&& other) noexcept;
    Audio(const Audio&) = delete;
    Audio& operator=(const Audio&) = delete;

    std::vector<std::int16_t> samples; // mono, signed 16-bit, native byte order
    int sample_rate = 0;               // espeak-ng's rate (22050 Hz with Debian's data)
    Problem problem = Problem::none;
    std::string message; // English, for the UI; "" when ok; never contains the text

    bool ok() const { return problem == Problem::none; }
    double seconds() const;
};

// Synthesises `utf8_text` (plain text: "<…>" is read as written, never interpreted as SSML) with the
// voice of `language`. Blocks until done. Reports failure in the result (problem + message): a
// language without a voice gives Problem::no_voice and no samples. Never throws except
// std::bad_alloc. If `cancel` becomes true, synthesis stops early with Problem::cancelled.
Audio synthesize(std::string_view language, std::string_view utf8_text,
                 const std::atomic<bool>* cancel = nullptr, Pace pace = Pace::normal);

// ---- recorded messages (docs/read-aloud.md, "Recorded messages") --------------------------------
//
// A centre can add a speaker's recording of any message, for a language espeak-ng has no voice for
// (Somali) or to replace the synthetic voice: `<root>/<language>/<message id>.ogg`, where the
// message id is the catalog message's (message_id() in kiosk/model/translator.h). Read aloud plays
// the recording wherever the screen shows that message on its own.

// The recording of `message_id` in `language` under `root`, or "" when there is none (no such
// regular file, or `root`/`message_id` empty or not a plain name). Never fails.
std::string recording_file(const std::string& root, std::string_view language,
                           std::string_view message_id);

// True when `root`/`language` holds at least one recording (*.ogg). Never fails.
bool has_recordings(const std::string& root, std::string_view language);

// Decodes a recording (Ogg Vorbis or Opus, FLAC, WAV: what libsndfile reads) to mono 16-bit samples
// at the file's own rate. Failure (unreadable, not audio, longer than kMaxSeconds) gives
// Problem::recording_failed and a message naming the file (never its content). If `cancel` becomes
// true, decoding stops with Problem::cancelled.
Audio load_recording(const std::string& path, const std::atomic<bool>* cancel = nullptr);

// Zeroes `size` bytes at `data` in a way the compiler cannot remove (sodium_memzero).
void wipe(void* data, std::size_t size) noexcept;
void wipe(std::string& s) noexcept; // zeroes the characters, then clears
// Zeroes the whole capacity (samples may have been written past size()), then clears.
void wipe_samples(std::vector<std::int16_t>& v) noexcept;

// One stretch of text and the language to read it in, or a recorded message to play
// (Speaker::speak, speaker.h).
struct SpeechPart {
    std::string language;
    std::string text;
    std::string recording = {}; // non-empty: play this file (load_recording), not the text
    // Silence after this part, in seconds, before the next one (easy read pauses after each line
    // so it can be followed; part_being_read() stays on this part meanwhile). Cut short by stop()
    // or speak().
    double pause_after = 0.0;
};

} // namespace hrc::speech
