// hrc-bench-pin-timing — does the time a refused staff sign-in takes tell which staff ids exist?
//
// 1. Makes a staff-pins file with three staff ids (Argon2id, the kiosk's limits).
// 2. Times verify_staff_pin() for four kinds of try, interleaved in a shuffled order so machine
//    noise falls on all of them alike: a known id with a wrong PIN (the baseline), an unknown id,
//    a malformed PIN, and a known id with the right PIN.
// 3. Prints median, 10th and 90th percentiles per kind and each median as a ratio of the baseline,
//    and how many guesses an hour one verification per try allows (before any lockout).
// It prints figures; it does not pass or fail (bench/README.md).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <map>
#include <random>
#include <string>
#include <vector>

#include <unistd.h>

#include "hrc/staff_pins.h"

int main(int argc, char** argv) {
    const int rounds = argc > 1 ? std::max(5, std::atoi(argv[1])) : 30;
    const std::filesystem::path dir =
        std::filesystem::temp_directory_path() / ("hrc-bench-pin-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    const std::filesystem::path file = dir / "staff-pins";
    hrc::set_staff_pin(file, "S0142", "2468");
    hrc::set_staff_pin(file, "S0143", "1357");
    hrc::set_staff_pin(file, "JS-01", "97531");
    (void)hrc::verify_staff_pin(file, "NOBODY", "0000"); // the decoy hash is made once, not timed

    struct Kind {
        const char* name;
        const char* id;
        const char* pin;
        bool expect;
    };
    const std::vector<Kind> kinds = {{"known id, wrong PIN (baseline)", "S0142", "1111", false},
                                     {"unknown id", "S9999", "1111", false},
                                     {"malformed PIN", "S0142", "12", false},
                                     {"known id, right PIN", "S0142", "2468", true}};
    std::vector<std::size_t> order;
    for (int r = 0; r < rounds; ++r)
        for (std::size_t k = 0; k < kinds.size(); ++k)
            order.push_back(k);
    std::shuffle(order.begin(), order.end(), std::mt19937(42));
    std::map<std::size_t, std::vector<double>> ms;
    for (std::size_t k : order) {
        const auto start = std::chrono::steady_clock::now();
        const bool ok = hrc::verify_staff_pin(file, kinds[k].id, kinds[k].pin);
        const auto end = std::chrono::steady_clock::now();
        if (ok != kinds[k].expect) {
            std::fprintf(stderr, "hrc-bench-pin-timing: %s gave the wrong answer\n", kinds[k].name);
            return 1;
        }
        ms[k].push_back(std::chrono::duration<double, std::milli>(end - start).count());
    }
    std::filesystem::remove_all(dir);

    auto pct = [](std::vector<double> v, double p) {
        std::sort(v.begin(), v.end());
        return v[static_cast<std::size_t>(p * static_cast<double>(v.size() - 1))];
    };
    const double base = pct(ms[0], 0.5);
    std::printf("verify_staff_pin, %d tries of each kind, shuffled (Argon2id interactive limits)\n",
                rounds);
    std::printf("%-32s %9s %9s %9s %10s\n", "kind", "p10 ms", "median", "p90 ms", "vs base");
    for (std::size_t k = 0; k < kinds.size(); ++k)
        std::printf("%-32s %9.1f %9.1f %9.1f %9.2fx\n", kinds[k].name, pct(ms[k], 0.1),
                    pct(ms[k], 0.5), pct(ms[k], 0.9), pct(ms[k], 0.5) / base);
    std::printf("one verification per try: at most %.0f tries an hour from computation alone (the "
                "PIN lockout is what limits guessing)\n",
                3600.0 * 1000.0 / base);
    return 0;
}
