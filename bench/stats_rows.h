// stats_rows.h — the synthetic reports of hrc-bench-stats and its plain-SQLite baseline
// (hrc-bench-stats-sqlite): both programs generate exactly the same rows from the report number,
// so the baseline's GROUP BY runs over the same data that hrc-central's statistics read.
//
// Header-only and free of hrc_core on purpose (the baseline links plain libsqlite3, which clashes
// with SQLCipher's symbols). Codes are the integer values of the hrc::report.h enumerations.
#pragma once

#include <cstdint>
#include <string>

namespace hrc_bench {

// 2024-01 .. 2025-12 as year * 12 + month - 1 (hrc::statistics::Month).
inline constexpr int kStatsFirstMonth = 2024 * 12;
inline constexpr int kStatsMonths = 24;
inline constexpr int kStatsCentres = 6;
inline constexpr int kStatsPostcodes = 240; // synthetic LLR postcodes, 3 per LSOA
inline constexpr int kStatsLsoas = 80;

struct GenRow {
    bool consent = true;     // anonymous statistics given
    int date_kind = 0;       // 0 exact, 1 approximate, 2 range, 3 don't know
    int incident_month = -1; // -1 when the date is not known
    int received_month = 0;
    int classification = -1; // -1 not given, else hrc::Classification
    unsigned strands = 0;    // bit per hrc::Strand
    int district = -1;       // -1 not given, else hrc::District
    int place = -1;          // -1 not given, else hrc::PlaceType
    int ongoing = -1;        // -1 not given, else hrc::Answer
    int mode = 0;            // hrc::Mode
    int centre = 0;          // 0 .. kStatsCentres-1
    int postcode = -1;       // -1 none, else 0 .. kStatsPostcodes-1
};

inline std::uint64_t splitmix64(std::uint64_t x) {
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

// A deterministic stream of numbers in [0, n) for one report.
struct Dice {
    std::uint64_t state;
    int roll(int n) {
        state = splitmix64(state);
        return static_cast<int>(state % static_cast<std::uint64_t>(n));
    }
};

// District of a synthetic postcode (so the directory agrees with what people chose).
inline int postcode_district(int postcode) {
    return (postcode / 3) % 9;
}

// Report number i (0-based). Roughly the seed's picture: most reports racial, summer higher than
// winter, a spike in October 2024 (the seed's October 2018), Charnwood highest per 1,000.
inline GenRow generate_row(std::uint64_t i) {
    Dice d{i * 7919 + 17};
    GenRow r;
    r.consent = d.roll(100) < 90;
    // Month: seasonal weights, October 2024 weighted x3.
    static constexpr int kSeason[12] = {6, 6, 7, 8, 9, 10, 10, 9, 8, 8, 7, 6};
    int weights[kStatsMonths];
    int total = 0;
    for (int m = 0; m < kStatsMonths; ++m) {
        weights[m] = kSeason[m % 12] * (m == 9 ? 3 : 1) + m / 6;
        total += weights[m];
    }
    int pick = d.roll(total), month = 0;
    while (pick >= weights[month])
        pick -= weights[month++];
    const int kind = d.roll(100);
    r.date_kind = kind < 60 ? 0 : kind < 80 ? 1 : kind < 92 ? 2 : 3;
    r.received_month = kStatsFirstMonth + month + (d.roll(4) == 0 ? 1 : 0);
    if (r.received_month >= kStatsFirstMonth + kStatsMonths)
        r.received_month = kStatsFirstMonth + kStatsMonths - 1;
    r.incident_month = r.date_kind == 3 ? -1 : kStatsFirstMonth + month;
    const int c = d.roll(100);
    r.classification = c < 45 ? 0 : c < 85 ? 1 : c < 95 ? 2 : -1;
    // Strands: about 64% race, 15% sexual orientation, some with two or three.
    const int s = d.roll(100);
    r.strands = s < 64   ? 1u
                : s < 74 ? 2u
                : s < 84 ? 4u
                : s < 90 ? 8u
                : s < 93 ? 16u
                : s < 97 ? 32u
                         : 0u;
    if (d.roll(10) == 0) r.strands |= 1u << static_cast<unsigned>(d.roll(6));
    // District (hrc::District order): weighted by population, Charnwood a little higher.
    static constexpr int kDistrictWeights[12] = {9, 22, 7, 10, 5, 9, 6, 33, 3, 4, 5, 3};
    int dpick = d.roll(116), district = 0;
    while (dpick >= kDistrictWeights[district])
        dpick -= kDistrictWeights[district++];
    r.district = d.roll(50) == 0 ? -1 : district;
    const int p = d.roll(100);
    r.place = p < 30   ? 1
              : p < 42 ? 4
              : p < 52 ? 5
              : p < 64 ? 0
              : p < 72 ? 3
              : p < 78 ? 2
              : p < 84 ? 6
              : p < 88 ? 7
              : p < 91 ? 8
              : p < 95 ? 9
              : p < 98 ? 10
                       : -1;
    const int o = d.roll(100);
    r.ongoing = o < 35 ? 0 : o < 75 ? 1 : o < 85 ? 2 : o < 88 ? 3 : -1;
    const int mode = d.roll(100);
    r.mode = mode < 70 ? 0 : mode < 92 ? 1 : 2;
    r.centre = d.roll(kStatsCentres);
    if (district <= 8 && d.roll(2) == 0) {
        // a postcode in the chosen district (or, for a report without a district, any)
        const int slot = d.roll(kStatsPostcodes / 9);
        r.postcode = (slot * 9 + district) * 3 % kStatsPostcodes;
        while (postcode_district(r.postcode) != district)
            r.postcode = (r.postcode + 3) % kStatsPostcodes;
    }
    return r;
}

// "LE1 0AA"-style synthetic postcode and its LSOA code.
inline std::string postcode_text(int postcode) {
    static const char* const kLetters = "ABDEFGHJLNPQRSTUWXYZ";
    return "LE" + std::to_string(1 + postcode % 19) + " " + std::to_string(postcode / 19 % 10) +
           kLetters[postcode % 20] + kLetters[(postcode / 7) % 20];
}
inline std::string lsoa_code(int postcode) {
    return "E0199" + std::to_string(1000 + postcode / 3);
}
inline int lsoa_population(int postcode) {
    return 1200 + (postcode / 3) * 37 % 1800;
}

} // namespace hrc_bench
