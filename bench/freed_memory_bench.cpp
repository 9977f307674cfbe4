// hrc-bench-freed-memory — what overwriting every freed block costs the kiosk (issue 13,
// kiosk/app/freed_memory.h).
//
// The same program is built twice from this file:
//   hrc-bench-freed-memory        linked as hrc-kiosk is: jemalloc with "junk:free" (every freed block
//                                 overwritten), kiosk/app/freed_memory.cpp checked at start;
//   hrc-bench-freed-memory-glibc  glibc's malloc, which leaves freed blocks as they were (baseline).
// 1. Each lays out the kiosk's kind of text with the real text layer (hrc::text::Engine: ICU bidi and
//    line breaking, HarfBuzz shaping, FreeType): a set of screens' worth of strings in English,
//    Gujarati, Urdu, Panjabi, Arabic and Tamil, wrapped at 900 px, with the shaped-text cache wiped
//    before every round so every layout allocates and frees as a first frame on a screen does.
// 2. R rounds (default 40); prints the median and 10th/90th percentile milliseconds per round.
// 3. The junk build runs the glibc build (found next to itself) in the same run, interleaving the two
//    five times, and prints both medians and their ratio.
// It prints figures; it does not pass or fail (bench/README.md).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include <sys/wait.h>
#include <unistd.h>

#include "hrc_text/engine.h"
#ifdef HRC_BENCH_JUNK
#include "freed_memory.h"
#endif

namespace {

struct Sample {
    const char* language;
    const char* text;
};

// What a screen holds: a question, hints, answers, and a person's own words.
const std::vector<Sample>& samples() {
    static const std::vector<Sample> s = {
        {"en-GB", "Why do you think it happened? Choose all that apply. For example, age, what "
                  "someone wears, or being homeless."},
        {"en-GB", "He shouted at me by the Clock Tower and followed me onto the bus. I was "
                  "frightened and got off at the next stop."},
        {"gu", "મંદિર પાસે મને ગાળો આપી. તેઓ મારી પાછળ બસ સુધી આવ્યા અને મને ધમકી આપી."},
        {"ur", "مجھے گلی میں گالی دی گئی۔ وہ بس تک میرے پیچھے آئے اور مجھے دھمکی دی۔"},
        {"pa", "ਮੈਨੂੰ ਗਾਲ੍ਹਾਂ ਕੱਢੀਆਂ ਅਤੇ ਬੱਸ ਤੱਕ ਮੇਰਾ ਪਿੱਛਾ ਕੀਤਾ।"},
        {"ar", "شتمني رجل في الشارع وتبعني إلى الحافلة رقم 54."},
        {"ta", "அவர்கள் என்னை தெருவில் திட்டினார்கள், பேருந்து வரை என்னைப் பின்தொடர்ந்தார்கள்."},
    };
    return s;
}

double percentile(std::vector<double> v, double p) {
    std::sort(v.begin(), v.end());
    return v[static_cast<std::size_t>(p * static_cast<double>(v.size() - 1) + 0.5)];
}

// Milliseconds per round, `rounds` rounds.
std::vector<double> measure(int rounds) {
    hrc::text::Engine engine;
    hrc::text::TextRequest request;
    request.wrap_width = 900.0f;
    request.first_strong = true;
    std::vector<double> ms;
    for (int r = -2; r < rounds; ++r) { // two rounds to load the fonts, not counted
        engine.wipe_cache();
        const auto start = std::chrono::steady_clock::now();
        for (int repeat = 0; repeat < 4; ++repeat)
            for (const Sample& s : samples()) {
                engine.set_language(s.language);
                request.size_px = repeat % 2 == 0 ? 24.0f : 40.0f;
                request.bold = repeat >= 2;
                if (engine.layout(s.text, request)->lines.empty()) std::abort();
            }
        const auto end = std::chrono::steady_clock::now();
        if (r >= 0) ms.push_back(std::chrono::duration<double, std::milli>(end - start).count());
    }
    return ms;
}

} // namespace

int main(int argc, char** argv) {
    const int rounds = argc > 1 ? std::max(5, std::atoi(argv[1])) : 40;
#ifdef HRC_BENCH_JUNK
    if (const std::string problem = hrc::kiosk::freed_memory_problem(); !problem.empty()) {
        std::fprintf(stderr, "hrc-bench-freed-memory: %s\n", problem.c_str());
        return 2;
    }
    const bool child = argc > 2 && std::string(argv[2]) == "--one";
#else
    const bool child = true;
#endif
    if (child) {
        const std::vector<double> ms = measure(rounds);
        std::printf("%.4f %.4f %.4f\n", percentile(ms, 0.5), percentile(ms, 0.1),
                    percentile(ms, 0.9));
        return 0;
    }
#ifdef HRC_BENCH_JUNK
    // Interleave the two builds so machine noise falls on both alike.
    const std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe");
    const std::filesystem::path glibc = self.parent_path() / "hrc-bench-freed-memory-glibc";
    std::vector<double> junk_median, glibc_median;
    for (int pass = 0; pass < 5; ++pass) {
        for (int side = 0; side < 2; ++side) {
            const bool junk_side = (side == 0) == (pass % 2 == 0);
            const std::string program = junk_side ? self.string() : glibc.string();
            const std::string command =
                "'" + program + "' " + std::to_string(rounds) + (junk_side ? " --one" : "");
            FILE* out = ::popen(command.c_str(), "r");
            double median = 0, p10 = 0, p90 = 0;
            if (out == nullptr || std::fscanf(out, "%lf %lf %lf", &median, &p10, &p90) != 3) {
                std::fprintf(stderr, "hrc-bench-freed-memory: %s gave no figures\n",
                             program.c_str());
                if (out != nullptr) ::pclose(out);
                return 1;
            }
            ::pclose(out);
            (junk_side ? junk_median : glibc_median).push_back(median);
            std::printf("pass %d  %-28s median %7.3f ms/round  p10 %7.3f  p90 %7.3f\n", pass + 1,
                        junk_side ? "jemalloc junk:free (kiosk)" : "glibc malloc (baseline)",
                        median, p10, p90);
        }
    }
    const double j = percentile(junk_median, 0.5), g = percentile(glibc_median, 0.5);
    std::printf("\nlaying out %zu strings x 4 sizes/weights per round, cache wiped each round, %d "
                "rounds per pass\n",
                samples().size(), rounds);
    std::printf("median of pass medians: kiosk allocator %.3f ms, glibc %.3f ms, ratio %.2fx\n", j,
                g, j / g);
#endif
    return 0;
}
