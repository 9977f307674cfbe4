// Read-aloud (kiosk/speech) against the real espeak-ng-data and real alsa-lib devices.
//
// Playback uses alsa-lib's "null" PCM (defined in /usr/share/alsa/alsa.conf: discards samples as
// fast as they come) and its "file" PCM (alsa.conf's pcm.file, slave null) writing into a FIFO
// that a test thread drains at the real-time rate, so that playback takes as long as it would on
// a sound card and stop() can be checked in the middle of it.

#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <catch2/catch.hpp>
#include <fcntl.h>
#include <poll.h>
#include <sndfile.h>
#include <sys/stat.h>
#include <unistd.h>

#include "speaker.h"
#include "speech.h"

using namespace hrc::speech;
using Clock = std::chrono::steady_clock;

namespace {

struct Sentence {
    const char* language;
    const char* text; // "Please tell us what happened." or close to it, in the language's script
};

const Sentence kSentences[] = {
    {"en-GB", "Please tell us what happened to you."},
    {"gu", "કૃપા કરીને અમને જણાવો કે શું થયું."},
    {"pa", "ਕਿਰਪਾ ਕਰਕੇ ਸਾਨੂੰ ਦੱਸੋ ਕਿ ਕੀ ਹੋਇਆ।"},
    {"pl", "Proszę, powiedz nam, co się stało."},
    {"ur", "براہ کرم ہمیں بتائیں کہ کیا ہوا۔"},
    {"bn", "দয়া করে আমাদের বলুন কী হয়েছে।"},
    {"pt", "Por favor, diga-nos o que aconteceu."},
    {"ta", "என்ன நடந்தது என்று எங்களிடம் சொல்லுங்கள்."},
    {"hi", "कृपया हमें बताइए कि क्या हुआ।"},
    {"ar", "من فضلك أخبرنا بما حدث."},
    {"ro", "Vă rugăm să ne spuneți ce s-a întâmplat."},
};

double rms(const std::vector<std::int16_t>& samples) {
    if (samples.empty()) return 0.0;
    double sum = 0.0;
    for (std::int16_t s : samples)
        sum += static_cast<double>(s) * s;
    return std::sqrt(sum / static_cast<double>(samples.size()));
}

// Waits until the speaker is idle; false if it is still speaking after `limit`.
bool wait_idle(const Speaker& speaker, std::chrono::milliseconds limit) {
    const auto end = Clock::now() + limit;
    while (speaker.speaking()) {
        if (Clock::now() > end) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return true;
}

double seconds_since(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}

std::string long_english_text(int sentences) {
    std::string text;
    for (int i = 0; i < sentences; ++i)
        text += "You can stop at any time, and nothing you have told us will be kept. ";
    return text;
}

// Drains a FIFO at `bytes_per_second` on its own thread, like a sound card consuming samples.
class RealTimeFifo {
public:
    RealTimeFifo(std::filesystem::path path, std::size_t bytes_per_second)
        : path_(std::move(path)), rate_(bytes_per_second) {
        std::filesystem::remove(path_);
        if (mkfifo(path_.c_str(), 0600) != 0) throw std::runtime_error("mkfifo failed");
        // Non-blocking open succeeds before the writer (alsa-lib's file plugin) opens its end.
        fd_ = open(path_.c_str(), O_RDONLY | O_NONBLOCK);
        if (fd_ < 0) throw std::runtime_error("open fifo failed");
        thread_ = std::thread([this] { drain(); });
    }
    ~RealTimeFifo() {
        quit_ = true;
        thread_.join();
        close(fd_);
        std::filesystem::remove(path_);
    }
    std::size_t bytes() const { return bytes_.load(); }
    bool writer_closed() const { return writer_closed_.load(); }

private:
    void drain() {
        const std::size_t per_tick = rate_ / 100; // every 10 ms
        std::vector<char> buffer(per_tick);
        bool seen_writer = false;
        while (!quit_) {
            const ssize_t n = read(fd_, buffer.data(), buffer.size());
            if (n > 0) {
                seen_writer = true;
                bytes_ += static_cast<std::size_t>(n);
            } else if (n == 0 && seen_writer) {
                writer_closed_ = true; // EOF: the PCM was closed
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
    }

    std::filesystem::path path_;
    std::size_t rate_;
    int fd_ = -1;
    std::atomic<bool> quit_{false};
    std::atomic<std::size_t> bytes_{0};
    std::atomic<bool> writer_closed_{false};
    std::thread thread_;
};

} // namespace

TEST_CASE("voices: every kiosk language except Somali has an espeak-ng voice", "[speech]") {
    const char* voiced[] = {"en-GB", "gu", "pa", "pl", "ur", "bn", "pt", "ta", "hi", "ar", "ro"};
    for (const char* code : voiced) {
        INFO(code);
        CHECK(available(code));
        CHECK_FALSE(voice_name(code).empty());
    }
    CHECK(voice_name("en-GB") == "gmw/en");
    CHECK(voice_name("pt") == "roa/pt"); // European Portuguese, not roa/pt-BR
    CHECK(voice_name("pa") == "inc/pa");
    CHECK_FALSE(available("so"));
    CHECK(voice_name("so").empty());
    CHECK_FALSE(available("pt-BR"));
    CHECK_FALSE(available(""));
}

TEST_CASE("synthesis: a sentence in each voiced language gives real speech", "[speech]") {
    for (const Sentence& s : kSentences) {
        INFO(s.language);
        const Audio audio = synthesize(s.language, s.text);
        REQUIRE(audio.ok());
        CHECK(audio.message.empty());
        CHECK(audio.sample_rate == 22050);
        CHECK(audio.seconds() > 0.8); // a whole sentence, not a beep or a letter
        CHECK(audio.seconds() < 20.0);
        CHECK(rms(audio.samples) > 500.0); // not silence (espeak's speech is ~2000-5000)

        // Twice the text, nearly twice the speech.
        const std::string twice = std::string(s.text) + " " + s.text;
        const Audio longer = synthesize(s.language, twice);
        REQUIRE(longer.ok());
        CHECK(longer.seconds() > 1.6 * audio.seconds());
    }
}

TEST_CASE("synthesis: each language's sentence sounds different from the others", "[speech]") {
    std::vector<Audio> all;
    for (const Sentence& s : kSentences)
        all.push_back(synthesize(s.language, s.text));
    for (std::size_t i = 0; i < all.size(); ++i)
        for (std::size_t j = i + 1; j < all.size(); ++j) {
            INFO(kSentences[i].language << " vs " << kSentences[j].language);
            REQUIRE(all[i].ok());
            CHECK(all[i].samples != all[j].samples);
        }
}

TEST_CASE("synthesis: the same text twice gives the same speech (nearly: espeak is not bit-exact)",
          "[speech]") {
    // espeak-ng 1.51 carries generator state from one utterance to the next (and uses rand() for
    // noise), so two runs differ by a few samples; measured: 31479 vs 31482 samples. So: lengths
    // within 2 %, loudness within 10 %, and the same start.
    for (const Sentence& s : kSentences) {
        INFO(s.language);
        const Audio a = synthesize(s.language, s.text);
        const Audio b = synthesize(s.language, s.text);
        REQUIRE(a.ok());
        REQUIRE(b.ok());
        const double la = static_cast<double>(a.samples.size());
        const double lb = static_cast<double>(b.samples.size());
        CHECK(std::abs(la - lb) <= 0.02 * la);
        CHECK(std::abs(rms(a.samples) - rms(b.samples)) <= 0.1 * rms(a.samples));
    }
}

TEST_CASE("synthesis: the same Gujarati text is not read by another voice", "[speech]") {
    // If a voice silently fell back to English, the Gujarati sentence would come out very
    // differently (English reads unknown script as letter names or skips it).
    const Audio gu = synthesize("gu", kSentences[1].text);
    const Audio en = synthesize("en-GB", kSentences[1].text);
    REQUIRE(gu.ok());
    REQUIRE(en.ok());
    CHECK(gu.samples != en.samples);
}

TEST_CASE("Somali: no voice, refused with the reason, no audio", "[speech]") {
    const char* somali = "Fadlan noo sheeg waxa dhacay.";
    const Audio audio = synthesize("so", somali);
    CHECK(audio.problem == Problem::no_voice);
    CHECK(audio.samples.empty());
    CHECK(audio.message == "Read-aloud is not available in Somali: there is no Somali voice.");

    Speaker speaker("null");
    CHECK_FALSE(speaker.speak("so", somali));
    CHECK_FALSE(speaker.speaking());
    CHECK(speaker.last_problem() == Problem::no_voice);
    CHECK(speaker.last_error() ==
          "Read-aloud is not available in Somali: there is no Somali voice.");
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    CHECK(speaker.frames_played() == 0);

    // The refusal is not sticky: the next language with a voice is read.
    REQUIRE(speaker.speak("pl", "Dziękuję."));
    REQUIRE(wait_idle(speaker, std::chrono::seconds(20)));
    CHECK(speaker.last_problem() == Problem::none);
    CHECK(speaker.frames_played() > 0);
}

TEST_CASE("synthesis: markup in the text is read as plain text, not SSML", "[speech]") {
    const Audio hello = synthesize("en-GB", "Hello");
    REQUIRE(hello.ok());

    // With SSML, <speak> would vanish and this would sound like "Hello"; read plainly, the tags are
    // spoken too.
    const Audio speak_tag = synthesize("en-GB", "<speak>Hello</speak>");
    REQUIRE(speak_tag.ok());
    CHECK(speak_tag.seconds() > 2.5 * hello.seconds()); // measured: 3.4x plain, 1.6x as SSML

    // With SSML, espeak would try to fetch the audio src (through its URI callback, which we do
    // not set) and say nothing for it; read plainly, the characters are spoken.
    const Audio audio_tag = synthesize("en-GB", "<audio src=\"file:///etc/passwd\"/>Hello");
    REQUIRE(audio_tag.ok());
    CHECK(audio_tag.seconds() > 2.0 * hello.seconds());

    const Audio broken = synthesize("en-GB", "a < b & c > d <<<>>> </speak> <!-- x");
    CHECK(broken.ok());
    CHECK_FALSE(broken.samples.empty());
}

TEST_CASE("synthesis: text over the limit is refused", "[speech]") {
    const std::string huge(kMaxTextBytes + 1, 'a');
    const Audio audio = synthesize("en-GB", huge);
    CHECK(audio.problem == Problem::text_too_long);
    CHECK(audio.samples.empty());
    Speaker speaker("null");
    CHECK_FALSE(speaker.speak("en-GB", huge));
    CHECK(speaker.last_problem() == Problem::text_too_long);
}

TEST_CASE("playback: a sentence plays through ALSA's null device to the end", "[speech]") {
    const Audio expected = synthesize("en-GB", kSentences[0].text);
    REQUIRE(expected.ok());

    Speaker speaker("null");
    CHECK(speaker.device() == "null");
    CHECK_FALSE(speaker.speaking());
    REQUIRE(speaker.speak("en-GB", kSentences[0].text));
    CHECK(speaker.speaking()); // at once, before the worker has done anything
    REQUIRE(wait_idle(speaker, std::chrono::seconds(20)));
    CHECK(speaker.last_problem() == Problem::none);
    CHECK(speaker.last_error().empty());
    // Every frame was handed to ALSA (espeak's length varies by a few samples between runs).
    const double played = static_cast<double>(speaker.frames_played());
    const double want = static_cast<double>(expected.samples.size());
    CHECK(std::abs(played - want) <= 0.02 * want);

    // Every voiced language plays.
    for (const Sentence& s : kSentences) {
        INFO(s.language);
        const std::uint64_t before = speaker.frames_played();
        REQUIRE(speaker.speak(s.language, s.text));
        REQUIRE(wait_idle(speaker, std::chrono::seconds(20)));
        CHECK(speaker.last_problem() == Problem::none);
        CHECK(speaker.frames_played() - before > 22050 / 2);
    }
}

TEST_CASE("playback: stop() in the middle of real-time playback returns quickly and drops the rest",
          "[speech]") {
    const auto fifo_path = std::filesystem::temp_directory_path() /
                           ("hrc-speech-test-" + std::to_string(getpid()) + ".fifo");
    RealTimeFifo fifo(fifo_path, 22050 * 2); // mono S16 at 22050 Hz
    // alsa.conf's pcm.file: FILE argument, raw samples, slave "null".
    Speaker speaker("file:FILE=" + fifo_path.string() + ",FORMAT=raw");

    const std::string text = long_english_text(6); // about 25 s of speech
    REQUIRE(speaker.speak("en-GB", text));

    // Wait until it has been playing for a while (the FIFO fills first, ~1.5 s of sound).
    const auto start = Clock::now();
    while (fifo.bytes() < 22050 * 2 && seconds_since(start) < 20.0)
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    REQUIRE(fifo.bytes() >= 22050 * 2); // one second of sound has reached the "card"
    REQUIRE(speaker.state() == Speaker::State::playing);

    const auto stop_start = Clock::now();
    speaker.stop();
    const double stop_seconds = seconds_since(stop_start);
    // A behaviour check, not a benchmark. Measured ~0.12 s: most of it is alsa-lib's file plugin
    // blocking while it writes its 0.1 s buffer into the FIFO at the real-time rate.
    CHECK(stop_seconds < 1.0);
    CHECK_FALSE(speaker.speaking());
    CHECK(speaker.last_problem() == Problem::none); // stopping is not an error

    // The device was closed and the rest never reached it.
    const auto closed_start = Clock::now();
    while (!fifo.writer_closed() && seconds_since(closed_start) < 5.0)
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    CHECK(fifo.writer_closed());
    const std::uint64_t frames = speaker.frames_played();
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    CHECK(speaker.frames_played() == frames); // nothing more written after stop()
    const Audio whole = synthesize("en-GB", text);
    REQUIRE(whole.ok());
    CHECK(static_cast<double>(frames) < 0.5 * static_cast<double>(whole.samples.size()));
}

TEST_CASE("playback: stop() during synthesis and when idle is immediate", "[speech]") {
    Speaker speaker("null");
    const auto idle_start = Clock::now();
    speaker.stop();
    speaker.stop();
    CHECK(seconds_since(idle_start) < 0.1);

    const std::string text = long_english_text(100); // 7 KB, 7 min: synthesis takes ~0.2 s
    REQUIRE(text.size() < kMaxTextBytes);
    {
        const auto t0 = Clock::now();
        const Audio whole = synthesize("en-GB", text);
        REQUIRE(whole.ok()); // so what stops it below is stop(), not a limit
        INFO("synthesis of 7 KB took " << seconds_since(t0) << " s");
        REQUIRE(seconds_since(t0) > 0.03);
    }
    REQUIRE(speaker.speak("en-GB", text));
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
    CHECK(speaker.state() == Speaker::State::synthesising);
    const auto stop_start = Clock::now();
    speaker.stop();
    CHECK(seconds_since(stop_start) < 1.0);
    CHECK_FALSE(speaker.speaking());
    CHECK(speaker.frames_played() == 0); // stopped before any sound
    CHECK(speaker.last_problem() == Problem::none);
}

TEST_CASE("playback: a new speak() replaces the one playing", "[speech]") {
    Speaker speaker("null");
    REQUIRE(speaker.speak("en-GB", long_english_text(100)));
    REQUIRE(speaker.speak("ro", "Mulțumim."));
    REQUIRE(wait_idle(speaker, std::chrono::seconds(20)));
    CHECK(speaker.last_problem() == Problem::none);
    // Only "Mulțumim." was played (well under a few seconds), not 200 long sentences.
    CHECK(speaker.frames_played() > 0);
    CHECK(speaker.frames_played() < 22050u * 5u);
}

TEST_CASE("playback: an unknown ALSA device gives the clear error and no crash", "[speech]") {
    Speaker speaker("hrc-no-such-device");
    REQUIRE(speaker.speak("en-GB", "Hello"));
    REQUIRE(wait_idle(speaker, std::chrono::seconds(20)));
    CHECK(speaker.last_problem() == Problem::no_sound_device);
    const std::string error = speaker.last_error();
    CHECK(error.rfind("Read-aloud is not working: no sound device (ALSA: ", 0) == 0);
    CHECK(error.find("hrc-no-such-device") != std::string::npos);
    CHECK(error.find("Hello") == std::string::npos); // never the text
    CHECK(speaker.frames_played() == 0);

    // It keeps working as an object: another request fails the same way, stop() is fine.
    REQUIRE(speaker.speak("hi", kSentences[8].text));
    REQUIRE(wait_idle(speaker, std::chrono::seconds(20)));
    CHECK(speaker.last_problem() == Problem::no_sound_device);
    speaker.stop();
}

TEST_CASE("playback: destroying a Speaker while it reads stops and joins quickly", "[speech]") {
    const auto start = Clock::now();
    {
        Speaker speaker("null");
        REQUIRE(speaker.speak("en-GB", long_english_text(100)));
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    CHECK(seconds_since(start) < 1.5);
}

TEST_CASE("playback: parts in several languages play one after the other, each in its own voice, "
          "a part without a voice is left out",
          "[speech]") {
    // The language screen: the heading in the session's language, then each language's name in its
    // own voice; Somali's name is left out (no voice), never read with another voice.
    const std::string heading = "Choose your language";
    const std::string gujarati = "\u0A97\u0AC1\u0A9C\u0AB0\u0ABE\u0AA4\u0AC0"; // ગુજરાતી
    const Audio english_part = synthesize("en-GB", heading);
    const Audio gujarati_part = synthesize("gu", gujarati);
    REQUIRE(english_part.ok());
    REQUIRE(gujarati_part.ok());

    Speaker speaker("null");
    std::vector<Speaker::Part> parts{{"en-GB", heading}, {"so", "Soomaali"}, {"gu", gujarati}};
    REQUIRE(speaker.speak(std::move(parts)));
    REQUIRE(wait_idle(speaker, std::chrono::seconds(20)));
    CHECK(speaker.last_problem() == Problem::none);
    const double played = static_cast<double>(speaker.frames_played());
    const double want =
        static_cast<double>(english_part.samples.size() + gujarati_part.samples.size());
    CHECK(std::abs(played - want) <= 0.03 * want); // both parts, and nothing for the Somali one

    // Only parts without a voice: refused, nothing played.
    const std::uint64_t before = speaker.frames_played();
    std::vector<Speaker::Part> somali_only{{"so", "Soomaali"}};
    CHECK_FALSE(speaker.speak(std::move(somali_only)));
    CHECK(speaker.last_problem() == Problem::no_voice);
    CHECK(speaker.frames_played() == before);
}

// ---- issue 14 item 2: slower reading, a centre's recorded messages ----------------------------

TEST_CASE("pace: slower reading gives the same sentence about a third longer, in every voice",
          "[speech]") {
    CHECK(words_per_minute(Pace::normal) == kNormalWordsPerMinute);
    CHECK(words_per_minute(Pace::slower) < words_per_minute(Pace::normal));
    for (const Sentence& s : kSentences) {
        INFO(s.language);
        const Audio normal = synthesize(s.language, s.text, nullptr, Pace::normal);
        const Audio slower = synthesize(s.language, s.text, nullptr, Pace::slower);
        REQUIRE(normal.ok());
        REQUIRE(slower.ok());
        const double ratio = slower.seconds() / normal.seconds();
        CHECK(ratio > 1.2);
        CHECK(ratio < 1.8);
        // And back: the pace does not stick to the engine.
        const Audio again = synthesize(s.language, s.text);
        CHECK(std::abs(again.seconds() - normal.seconds()) < 0.05 * normal.seconds());
    }
}

namespace {

// Writes `seconds` of a 440 Hz tone as Ogg Vorbis (or stereo WAV) with libsndfile: a generated
// stand-in for a centre's recording. Returns the number of frames written.
sf_count_t write_tone(const std::filesystem::path& file, double seconds, int channels = 1,
                      int format = SF_FORMAT_OGG | SF_FORMAT_VORBIS, int rate = 44100) {
    SF_INFO info{};
    info.samplerate = rate;
    info.channels = channels;
    info.format = format;
    SNDFILE* f = sf_open(file.c_str(), SFM_WRITE, &info);
    REQUIRE(f != nullptr);
    const auto frames = static_cast<sf_count_t>(seconds * rate);
    std::vector<short> data(static_cast<std::size_t>(frames * channels));
    for (sf_count_t i = 0; i < frames; ++i)
        for (int c = 0; c < channels; ++c)
            data[static_cast<std::size_t>(i * channels + c)] = static_cast<short>(
                12000 * std::sin(2 * M_PI * 440.0 * static_cast<double>(i) / rate));
    CHECK(sf_writef_short(f, data.data(), frames) == frames);
    sf_close(f);
    return frames;
}

struct TempDir {
    std::filesystem::path path;
    TempDir() {
        char name[] = "/tmp/hrc-recordings-XXXXXX";
        REQUIRE(mkdtemp(name) != nullptr);
        path = name;
    }
    ~TempDir() {
        std::error_code ec;
        std::filesystem::remove_all(path, ec);
    }
};

} // namespace

TEST_CASE("recordings: found by language and message id, nothing outside the folder", "[speech]") {
    TempDir dir;
    const std::string root = dir.path.string();
    CHECK_FALSE(has_recordings(root, "so"));
    std::filesystem::create_directories(dir.path / "so");
    CHECK_FALSE(has_recordings(root, "so")); // an empty folder is no recordings
    write_tone(dir.path / "so" / "m0123456789abcdef.ogg", 0.5);
    CHECK(has_recordings(root, "so"));
    CHECK_FALSE(has_recordings(root, "pl"));
    CHECK_FALSE(has_recordings("", "so"));
    CHECK(recording_file(root, "so", "m0123456789abcdef") ==
          (dir.path / "so" / "m0123456789abcdef.ogg").string());
    CHECK(recording_file(root, "so", "m0000000000000000").empty());
    CHECK(recording_file(root, "pl", "m0123456789abcdef").empty());
    CHECK(recording_file(root, "so", "").empty());
    // Names that could climb out of the folder are refused before the file system is asked.
    std::filesystem::create_directories(dir.path / "x");
    write_tone(dir.path / "x" / "m1.ogg", 0.1);
    CHECK(recording_file(root + "/so", "..", "x/m1").empty());
    CHECK(recording_file(root, "../" + dir.path.filename().string() + "/x", "m1").empty());
    CHECK(recording_file(root, "x", "m1") == (dir.path / "x" / "m1.ogg").string());
}

TEST_CASE("recordings: decoded to mono samples at their own rate", "[speech]") {
    TempDir dir;
    const sf_count_t frames = write_tone(dir.path / "tone.ogg", 1.5);
    const Audio ogg = load_recording((dir.path / "tone.ogg").string());
    REQUIRE(ogg.ok());
    CHECK(ogg.sample_rate == 44100);
    CHECK(std::abs(static_cast<double>(ogg.samples.size()) - static_cast<double>(frames)) <
          0.01 * static_cast<double>(frames));
    CHECK(rms(ogg.samples) > 5000); // the tone, not silence (12000 peak: rms ~8500)
    // Stereo is mixed down to mono.
    write_tone(dir.path / "stereo.wav", 0.5, 2, SF_FORMAT_WAV | SF_FORMAT_PCM_16, 22050);
    const Audio wav = load_recording((dir.path / "stereo.wav").string());
    REQUIRE(wav.ok());
    CHECK(wav.samples.size() == 11025);
    CHECK(wav.sample_rate == 22050);

    // Not audio, or missing: a clear error naming the file, and no samples.
    {
        std::FILE* f = std::fopen((dir.path / "text.ogg").c_str(), "w");
        REQUIRE(f != nullptr);
        std::fputs("this is not a recording", f);
        std::fclose(f);
    }
    for (const char* name : {"text.ogg", "missing.ogg"}) {
        INFO(name);
        const Audio bad = load_recording((dir.path / name).string());
        CHECK(bad.problem == Problem::recording_failed);
        CHECK(bad.samples.empty());
        CHECK(bad.message.find(name) != std::string::npos);
    }
}

TEST_CASE("recordings: a Somali request of recordings plays through ALSA, text without a voice is "
          "left out",
          "[speech]") {
    TempDir dir;
    const sf_count_t frames =
        write_tone(dir.path / "one.ogg", 0.6, 1, SF_FORMAT_OGG | SF_FORMAT_VORBIS, 22050);
    Speaker speaker("null");
    std::vector<Speaker::Part> parts;
    parts.push_back({"so", "", (dir.path / "one.ogg").string()});
    parts.push_back({"so", "Ma khatar baad ku jirtaa hadda?"}); // no voice: left out
    parts.push_back({"so", "", (dir.path / "one.ogg").string()});
    REQUIRE(speaker.speak(std::move(parts)));
    REQUIRE(wait_idle(speaker, std::chrono::seconds(20)));
    CHECK(speaker.last_problem() == Problem::none);
    const double played = static_cast<double>(speaker.frames_played());
    CHECK(std::abs(played - 2.0 * static_cast<double>(frames)) <
          0.04 * static_cast<double>(frames));

    // Text alone in Somali is still refused, with the reason.
    CHECK_FALSE(speaker.speak("so", "Ma khatar baad ku jirtaa hadda?"));
    CHECK(speaker.last_problem() == Problem::no_voice);

    // A recording that cannot be read fails with its message; nothing crashes.
    std::vector<Speaker::Part> broken;
    broken.push_back({"so", "", (dir.path / "missing.ogg").string()});
    REQUIRE(speaker.speak(std::move(broken)));
    REQUIRE(wait_idle(speaker, std::chrono::seconds(20)));
    CHECK(speaker.last_problem() == Problem::recording_failed);
    CHECK(speaker.last_error().find("missing.ogg") != std::string::npos);
}

TEST_CASE("pace: the speaker reads at the pace set, recordings as recorded", "[speech]") {
    Speaker speaker("null");
    CHECK(speaker.pace() == Pace::normal);
    REQUIRE(speaker.speak("en-GB", kSentences[0].text));
    REQUIRE(wait_idle(speaker, std::chrono::seconds(20)));
    const std::uint64_t normal = speaker.frames_played();
    speaker.set_pace(Pace::slower);
    REQUIRE(speaker.speak("en-GB", kSentences[0].text));
    REQUIRE(wait_idle(speaker, std::chrono::seconds(20)));
    const std::uint64_t slower = speaker.frames_played() - normal;
    CHECK(static_cast<double>(slower) > 1.2 * static_cast<double>(normal));
}

// ---- issue 18: easy read reads one line at a time -------------------------------------------------

TEST_CASE("playback: a pause after each part, and part_being_read() names the part being read",
          "[speech]") {
    Speaker speaker("null");
    CHECK(speaker.part_being_read() == -1);
    std::vector<Speaker::Part> parts{{"en-GB", "Who did it happen to?", {}, 0.6},
                                     {"en-GB", "It happened to me.", {}, 0.6}};
    const auto start = Clock::now();
    REQUIRE(speaker.speak(std::move(parts)));
    // The null device plays at once: each part then stays "being read" through its pause.
    std::set<int> seen;
    while (speaker.speaking() && seconds_since(start) < 20.0) {
        seen.insert(speaker.part_being_read());
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    CHECK_FALSE(speaker.speaking());
    CHECK(seen.count(0) == 1);
    CHECK(seen.count(1) == 1);
    CHECK(seconds_since(start) >= 1.2); // two pauses of 0.6 s
    CHECK(speaker.part_being_read() == -1);
    CHECK(speaker.last_problem() == Problem::none);

    // stop() cuts a pause short.
    std::vector<Speaker::Part> long_pause{{"en-GB", "One line.", {}, 30.0}};
    REQUIRE(speaker.speak(std::move(long_pause)));
    const auto paused = Clock::now();
    while (speaker.part_being_read() != 0 && seconds_since(paused) < 10.0)
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    const auto stopping = Clock::now();
    speaker.stop();
    CHECK(seconds_since(stopping) < 1.0);
    CHECK_FALSE(speaker.speaking());
}
