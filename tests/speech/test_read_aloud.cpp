// Read-aloud as hrc-kiosk uses it (kiosk/speech/read_aloud.h): the module hrc-speech.so loaded on
// the first request. This program links only what hrc-kiosk links (hrc_speech_voices: no espeak-ng,
// ALSA or libsndfile), so every sound it makes comes from the module it loads, as in the kiosk.
// Playback goes to alsa-lib's "null" PCM (no sound card needed).

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include <catch2/catch.hpp>
#include <link.h>

#include "read_aloud.h"
#include "speech.h"

using namespace hrc::speech;
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

bool wait_idle(const ReadAloud& r, std::chrono::milliseconds limit) {
    const auto end = Clock::now() + limit;
    while (r.speaking()) {
        if (Clock::now() > end) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return true;
}

// The shared objects this process has loaded, by file name.
bool library_loaded(const std::string& name_part) {
    bool found = false;
    struct Search {
        const std::string* name;
        bool* found;
    } search{&name_part, &found};
    dl_iterate_phdr(
        [](dl_phdr_info* info, std::size_t, void* data) {
            auto* s = static_cast<Search*>(data);
            if (info->dlpi_name != nullptr &&
                std::string(info->dlpi_name).find(*s->name) != std::string::npos)
                *s->found = true;
            return 0;
        },
        &search);
    return found;
}

struct TempDir {
    fs::path path;
    TempDir() {
        std::string pattern = (fs::temp_directory_path() / "hrc-read-aloud-XXXXXX").string();
        REQUIRE(mkdtemp(pattern.data()) != nullptr);
        path = pattern;
    }
    ~TempDir() {
        std::error_code ec;
        fs::remove_all(path, ec);
    }
};

std::vector<SpeechPart> sentence(const std::string& language, const std::string& text) {
    return {SpeechPart{language, text}};
}

} // namespace

TEST_CASE("the speech module is found beside the kiosk in lib/hrc, installed and in the build tree",
          "[speech]") {
    CHECK(speech_module_path("/usr/bin/hrc-kiosk") == fs::path("/usr/lib/hrc/hrc-speech.so"));
    CHECK(speech_module_path("/work/build/kiosk/hrc-kiosk") ==
          fs::path("/work/build/lib/hrc/hrc-speech.so"));
    // This build's kiosk finds this build's module.
    CHECK(speech_module_path(HRC_KIOSK_EXE) == fs::path(HRC_SPEECH_MODULE));
}

TEST_CASE("read aloud loads the speech module on the first request, not before, and reads through "
          "it",
          "[speech]") {
    // Nothing of the speech stack is in this process yet: it links only what the kiosk links.
    REQUIRE_FALSE(library_loaded("libespeak-ng"));
    REQUIRE_FALSE(library_loaded("libasound"));
    REQUIRE_FALSE(library_loaded("libsndfile"));

    ReadAloud read_aloud(HRC_SPEECH_MODULE, "null");
    read_aloud.set_pace(Pace::slower); // before loading: kept and handed to the Speaker
    CHECK_FALSE(read_aloud.loaded());
    CHECK_FALSE(read_aloud.speaking());
    CHECK(read_aloud.part_being_read() == -1);
    CHECK(read_aloud.last_error().empty());
    read_aloud.stop(); // nothing loaded: nothing to stop, and no loading either
    CHECK_FALSE(read_aloud.loaded());
    CHECK_FALSE(library_loaded("libespeak-ng"));

    REQUIRE(read_aloud.speak(sentence("en-GB", "Please tell us what happened to you.")));
    CHECK(read_aloud.loaded());
    CHECK(read_aloud.pace() == Pace::slower);
    CHECK(library_loaded("hrc-speech.so"));
    CHECK(library_loaded("libespeak-ng"));
    CHECK(library_loaded("libasound"));
    REQUIRE(wait_idle(read_aloud, std::chrono::seconds(20)));
    CHECK(read_aloud.last_error().empty());

    // The module's Speaker refuses what the kiosk's Speaker refused: Somali has no voice.
    CHECK_FALSE(read_aloud.speak(sentence("so", "Fadlan noo sheeg waxa dhacay.")));
    CHECK(read_aloud.last_error().find("Somali") != std::string::npos);

    // Several parts, each in its own voice, play one after the other.
    std::vector<SpeechPart> parts{{"gu", "ગુજરાતી"}, {"ur", "اردو"}, {"en-GB", "English"}};
    REQUIRE(read_aloud.speak(std::move(parts)));
    REQUIRE(wait_idle(read_aloud, std::chrono::seconds(20)));
    CHECK(read_aloud.last_error().empty());
}

TEST_CASE("read aloud through the module: a device that does not exist gives the Speaker's clear "
          "error, and stop() stops",
          "[speech]") {
    ReadAloud missing_device(HRC_SPEECH_MODULE, "hrc_no_such_device");
    REQUIRE(missing_device.speak(sentence("en-GB", "Hello.")));
    REQUIRE(wait_idle(missing_device, std::chrono::seconds(20)));
    INFO(missing_device.last_error());
    CHECK(missing_device.last_error().find("no sound device") != std::string::npos);

    ReadAloud read_aloud(HRC_SPEECH_MODULE, "null");
    std::string long_text;
    for (int i = 0; i < 60; ++i)
        long_text += "Please tell us what happened to you, in your own words. ";
    REQUIRE(read_aloud.speak(sentence("en-GB", long_text)));
    CHECK(read_aloud.speaking());
    read_aloud.stop();
    CHECK_FALSE(read_aloud.speaking());
    CHECK(read_aloud.last_error().empty());
}

TEST_CASE("a missing or damaged speech module is a problem that says to reinstall, on every "
          "request, and nothing speaks",
          "[speech]") {
    TempDir tmp;
    const fs::path module = tmp.path / "lib" / "hrc" / kSpeechModuleFile;
    ReadAloud missing(module, "null");
    CHECK_FALSE(missing.speak(sentence("en-GB", "Hello.")));
    CHECK_FALSE(missing.loaded());
    CHECK_FALSE(missing.speaking());
    CHECK(missing.part_being_read() == -1);
    const std::string problem = missing.last_error();
    INFO(problem);
    CHECK(problem.find("Read-aloud is not working") != std::string::npos);
    CHECK(problem.find("reinstall hrc-kiosk") != std::string::npos);
    CHECK(problem.find(module.string()) != std::string::npos);
    CHECK(problem.find("Hello") == std::string::npos); // never the text
    CHECK_FALSE(missing.speak(sentence("en-GB", "Hello again.")));
    CHECK(missing.last_error() == problem);
    missing.stop(); // safe without a module

    // A file that is not a loadable module (a damaged install) says the same.
    fs::create_directories(module.parent_path());
    std::ofstream(module) << "not an ELF file";
    ReadAloud damaged(module, "null");
    CHECK_FALSE(damaged.speak(sentence("en-GB", "Hello.")));
    CHECK(damaged.last_error().find("reinstall hrc-kiosk") != std::string::npos);
}
