// Tests for hrc/reference.h: generation, the check symbol (against an independent GF(32)
// implementation), exhaustive detection of single substitutions and adjacent transpositions, and
// lenient parsing.
#include <array>
#include <cstddef>
#include <optional>
#include <random>
#include <regex>
#include <set>
#include <string>
#include <string_view>

#include <catch2/catch.hpp>

#include "hrc/reference.h"

namespace {

// Written out independently of hrc::kCrockfordAlphabet, which is checked against it.
constexpr std::string_view kAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
constexpr std::size_t kQ = 32; // symbols in the alphabet
constexpr std::size_t kN = 8;  // symbols in a code, the last one the check

using Values = std::array<std::size_t, kN>;

// GF(32) with log / antilog tables, deliberately a different method from the bitwise multiply in
// reference.cpp so that the two implementations check each other.
class Gf32 {
public:
    Gf32() {
        std::size_t v = 1;
        for (std::size_t k = 0; k < 31; ++k) {
            exp_[k] = v;
            log_[v] = k;
            v <<= 1;
            if ((v & 0x20U) != 0) v ^= 0x25U; // reduce by x^5 + x^2 + 1
        }
    }
    std::size_t mul(std::size_t x, std::size_t y) const {
        if (x == 0 || y == 0) return 0;
        return exp_[(log_[x] + log_[y]) % 31];
    }
    std::size_t inv(std::size_t x) const { return exp_[(31 - log_[x]) % 31]; }
    std::size_t pow_a(std::size_t k) const { return exp_[k % 31]; } // a = 2 = exp_[1]
    std::size_t exp(std::size_t k) const { return exp_[k]; }

private:
    std::array<std::size_t, 31> exp_{};
    std::array<std::size_t, 32> log_{};
};

const Gf32& gf() {
    static const Gf32 field;
    return field;
}

// sum_i a^(7-i) * x_i
std::size_t weighted_sum(const Values& x) {
    std::size_t sum = 0;
    for (std::size_t i = 0; i < kN; ++i)
        sum ^= gf().mul(gf().pow_a(kN - 1 - i), x[i]);
    return sum;
}

// Sets x[q] so that the code is valid: a^(7-q) x_q = sum over the other positions (char. 2).
void solve_for(Values& x, std::size_t q) {
    x[q] = 0;
    x[q] = gf().mul(gf().inv(gf().pow_a(kN - 1 - q)), weighted_sum(x));
}

std::string symbols_of(const Values& x) {
    std::string s;
    for (const std::size_t v : x)
        s.push_back(kAlphabet[v]);
    return s;
}

std::string canonical(const Values& x) {
    const std::string s = symbols_of(x);
    return "HRC-" + s.substr(0, 4) + "-" + s.substr(4, 4);
}

std::size_t value_of(char c) {
    return kAlphabet.find(c);
}

std::string lower_ascii(std::string s) {
    for (char& c : s) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return s;
}

// Fills the data positions 0..6 at random and sets the check symbol with the code under test.
Values with_check_from_library(Values x) {
    const std::string data = symbols_of(x).substr(0, kN - 1);
    const std::optional<char> check = hrc::reference_check_symbol(data);
    REQUIRE(check.has_value());
    x[kN - 1] = value_of(*check);
    return x;
}

std::mt19937& rng() {
    // Seeded from Catch (fixed unless --rng-seed is given) so failures reproduce.
    static std::mt19937 engine(Catch::rngSeed());
    return engine;
}

Values random_values() {
    std::uniform_int_distribution<std::size_t> dist(0, kQ - 1);
    Values x{};
    for (auto& v : x)
        v = dist(rng());
    return x;
}

// A valid reference containing both 0 and 1 (and a V at position 4, for the U test), built from
// fixed data so the parsing tests are deterministic.
std::string known_code() {
    const std::optional<char> check = hrc::reference_check_symbol("01KMVPQ");
    REQUIRE(check.has_value());
    return std::string("HRC-01KM-VPQ") + *check;
}

} // namespace

TEST_CASE("reference: alphabet is Crockford base32", "[reference]") {
    REQUIRE(hrc::kCrockfordAlphabet == kAlphabet);
    // The test field is really GF(32): a = 2 generates all 31 non-zero elements.
    std::set<std::size_t> powers;
    for (std::size_t k = 0; k < 31; ++k)
        powers.insert(gf().exp(k));
    REQUIRE(powers.size() == 31);
    REQUIRE(powers.count(0) == 0);
}

TEST_CASE("reference: generated references are canonical, valid, distinct and use every symbol",
          "[reference]") {
    const std::regex format("^HRC-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$");
    constexpr std::size_t kCount = 10000;

    std::set<std::string> seen;
    std::array<std::array<bool, kQ>, kN> used{};
    std::size_t well_formed = 0;
    for (std::size_t n = 0; n < kCount; ++n) {
        const std::string ref = hrc::new_reference();
        if (std::regex_match(ref, format) && hrc::is_canonical_reference(ref) &&
            hrc::parse_reference(ref) == ref) {
            ++well_formed;
        } else {
            FAIL_CHECK("not canonical: " << ref);
        }
        seen.insert(ref);
        const std::string symbols = ref.substr(4, 4) + ref.substr(9, 4);
        for (std::size_t i = 0; i < kN && symbols.size() == kN; ++i) {
            const std::size_t v = value_of(symbols[i]);
            if (v < kQ) used[i][v] = true;
        }
    }
    REQUIRE(well_formed == kCount);

    // 35 random bits: the expected number of colliding pairs among 10,000 is
    // 10000*9999/2 / 2^35 ~ 0.0015. Allowing one keeps the flake rate near 1e-6 while a broken
    // generator (constant, or few bits of entropy) still produces many duplicates.
    REQUIRE(seen.size() + 1 >= kCount);

    // Each symbol is missing from a given position with probability (31/32)^10000 ~ e^-317. The
    // check symbol (position 7) is uniform too: it is a^1 * x6 + (independent), and a != 0.
    std::size_t cells_used = 0;
    for (const auto& position : used) {
        for (const bool b : position)
            cells_used += b ? 1 : 0;
    }
    REQUIRE(cells_used == kN * kQ);
}

TEST_CASE("reference: check symbol matches an independent GF(32) computation", "[reference]") {
    // By hand: a^1 = 2, a^2 = 4, a^5 = a^2 + 1 = 5, a^6 = a^3 + a = 10, a^7 = a^4 + a^2 = 20 ('M').
    // Data symbol i has weight a^(7-i), and the check symbol equals the weighted data sum.
    REQUIRE(hrc::reference_check_symbol("0000000") == '0');
    REQUIRE(hrc::reference_check_symbol("0000001") == '2'); // a^1 * 1
    REQUIRE(hrc::reference_check_symbol("0000010") == '4'); // a^2 * 1
    REQUIRE(hrc::reference_check_symbol("1000000") == 'M'); // a^7 * 1 = 20
    REQUIRE(hrc::reference_check_symbol("1000001") == 'P'); // 20 xor 2 = 22
    REQUIRE(hrc::reference_check_symbol("0000002") == '4'); // a * a = a^2

    for (const std::string_view data : {"7K3MQ9T", "ZZZZZZZ", "0123456", "HRCHRCH"}) {
        Values x{};
        for (std::size_t i = 0; i < kN - 1; ++i)
            x[i] = value_of(data[i]);
        solve_for(x, kN - 1);
        INFO("data " << data);
        REQUIRE(hrc::reference_check_symbol(data) == kAlphabet[x[kN - 1]]);
    }

    // And on random data.
    std::size_t agreed = 0;
    constexpr std::size_t kTrials = 2000;
    for (std::size_t n = 0; n < kTrials; ++n) {
        Values x = random_values();
        solve_for(x, kN - 1);
        const std::string s = symbols_of(x);
        if (hrc::reference_check_symbol(s.substr(0, kN - 1)) == s[kN - 1]) {
            ++agreed;
        } else {
            FAIL_CHECK("check symbol differs for " << s);
        }
    }
    REQUIRE(agreed == kTrials);
}

TEST_CASE("reference: every single-symbol substitution is detected (exhaustive)", "[reference]") {
    // The code is linear: substituting r for o at position p changes the check sum by
    // a^(7-p) * (o - r), whatever the other seven symbols are. So detection depends only on the
    // position and the difference, and enumerating every (position, original, replacement) triple
    // covers every possible substitution error. The 50 random surroundings per triple guard against
    // an implementation that is not in fact linear (e.g. depends on the other symbols).
    constexpr std::size_t kSurroundings = 50;
    std::size_t valid_originals = 0;
    std::size_t detected = 0;
    std::string first_miss;

    for (std::size_t s = 0; s < kSurroundings; ++s) {
        for (std::size_t p = 0; p < kN; ++p) {
            for (std::size_t original = 0; original < kQ; ++original) {
                Values x = random_values();
                x[p] = original;
                if (p < kN - 1) {
                    x = with_check_from_library(x);
                } else {
                    solve_for(x, kN - 2); // the check is fixed: pick x6 to make it `original`
                }
                const std::string code = canonical(x);
                if (hrc::is_canonical_reference(code) && hrc::parse_reference(code) == code) {
                    ++valid_originals;
                } else {
                    FAIL_CHECK("original not valid: " << code);
                }
                for (std::size_t replacement = 0; replacement < kQ; ++replacement) {
                    if (replacement == original) continue;
                    Values y = x;
                    y[p] = replacement;
                    const std::string changed = canonical(y);
                    if (!hrc::is_canonical_reference(changed) && !hrc::parse_reference(changed)) {
                        ++detected;
                    } else if (first_miss.empty()) {
                        first_miss = code + " -> " + changed;
                    }
                }
            }
        }
    }
    INFO("first undetected substitution: " << first_miss);
    REQUIRE(valid_originals == kSurroundings * kN * kQ);     // 12,800
    REQUIRE(detected == kSurroundings * kN * kQ * (kQ - 1)); // 396,800
}

TEST_CASE("reference: every adjacent transposition is detected (exhaustive)", "[reference]") {
    // Swapping distinct x, y at positions p, p+1 changes the sum by a^(6-p) * (a + 1) * (x - y),
    // which is never 0. Every adjacent pair of positions, including (6, 7) with the check symbol,
    // and every ordered pair of distinct symbols is tried, in 50 random surroundings.
    constexpr std::size_t kSurroundings = 50;
    std::size_t valid_originals = 0;
    std::size_t detected = 0;
    std::string first_miss;

    for (std::size_t s = 0; s < kSurroundings; ++s) {
        for (std::size_t p = 0; p + 1 < kN; ++p) {
            for (std::size_t first = 0; first < kQ; ++first) {
                for (std::size_t second = 0; second < kQ; ++second) {
                    if (first == second) continue;
                    Values x = random_values();
                    x[p] = first;
                    x[p + 1] = second;
                    if (p + 1 < kN - 1) {
                        x = with_check_from_library(x);
                    } else {
                        solve_for(x, kN - 3); // positions 6 and 7 are fixed: pick x5 to match
                    }
                    const std::string code = canonical(x);
                    if (hrc::is_canonical_reference(code)) {
                        ++valid_originals;
                    } else {
                        FAIL_CHECK("original not valid: " << code);
                    }
                    Values y = x;
                    y[p] = second;
                    y[p + 1] = first;
                    const std::string swapped = canonical(y);
                    if (!hrc::is_canonical_reference(swapped) && !hrc::parse_reference(swapped)) {
                        ++detected;
                    } else if (first_miss.empty()) {
                        first_miss = code + " -> " + swapped;
                    }
                }
            }
        }
    }
    INFO("first undetected transposition: " << first_miss);
    REQUIRE(valid_originals == kSurroundings * (kN - 1) * kQ * (kQ - 1)); // 347,200
    REQUIRE(detected == kSurroundings * (kN - 1) * kQ * (kQ - 1));
}

TEST_CASE("reference: parsing is lenient with what people copy down", "[reference]") {
    const std::string code = known_code(); // "HRC-01KM-VPQ?"
    REQUIRE(hrc::is_canonical_reference(code));
    const std::string lower = lower_ascii(code);
    const std::string body = code.substr(4, 4) + code.substr(9, 4); // "01KMVPQ?"
    const std::string tail = code.substr(9, 4);                     // "VPQ?"
    const std::string lower_tail = lower.substr(9, 4);

    const std::array<std::string, 18> variants = {
        code,
        lower,
        "HRC" + body,
        "HRC " + body.substr(0, 4) + " " + tail,
        "  HRC  01KM   " + tail + "  ",
        "HRC-01KM " + tail,
        "HRC-01-KM" + tail,
        "hrc-01km-" + lower_tail,
        "Hrc01km" + lower_tail,
        body,
        "01KM-" + tail,
        "01km " + lower_tail,
        "HRC-OIKM-" + tail,       // O for 0, I for 1
        "HRC-OLKM-" + tail,       // L for 1
        "hrc-oikm-" + lower_tail, // lower-case look-alikes
        "olkm" + lower_tail,
        "HRC\t01KM-" + tail + "\n", // pasted with a tab and a newline
        "-HRC-01KM-" + tail + "-",
    };
    for (const std::string& typed : variants) {
        INFO("typed: \"" << typed << "\"");
        CHECK(hrc::parse_reference(typed) == code);
    }

    // A code whose own symbols start with H, R, C is still read correctly with or without prefix.
    const std::optional<char> check = hrc::reference_check_symbol("HRC1234");
    REQUIRE(check.has_value());
    const std::string hrc_code = std::string("HRC-HRC1-234") + *check;
    CHECK(hrc::parse_reference(std::string("HRC1234") + *check) == hrc_code);
    CHECK(hrc::parse_reference(std::string("HRCHRC1234") + *check) == hrc_code);
    CHECK(hrc::parse_reference(hrc_code) == hrc_code);
}

TEST_CASE("reference: parsing rejects what is not a reference", "[reference]") {
    const std::string code = known_code(); // "HRC-01KM-VPQ?"
    const std::string tail = code.substr(9, 4);
    const std::string u_instead_of_v = "HRC-01KM-U" + tail.substr(1); // V read as U
    const std::array<std::string, 22> rejected = {
        "",
        "   ",
        "-",
        "HRC",
        "HRC-",
        "HRC--",
        code.substr(0, code.size() - 1), // 7 symbols
        code + "0",                      // 9 symbols
        "HRC-01KM-" + tail + "00",       // 10 symbols
        "XYZ-01KM-" + tail,              // 11 symbols, not the HRC prefix
        "HRD-01KM-" + tail,              // wrong prefix
        "HRC-HRC-01KM-" + tail,          // prefix twice
        u_instead_of_v,                  // U is not a symbol (not silently read as V)
        "hrc-01km-u" + tail.substr(1),
        "HRC.01KM." + tail, // punctuation instead of hyphens
        "HRC_01KM_" + tail,
        "HRC-01KM/" + tail,
        "HRC-01KM-" + tail + ".",
        "#HRC-01KM-" + tail,
        "HRC-\xC3\x98"
        "1KM-" +
            tail, // non-ASCII look-alike of 0
        std::string("HRC-01KM-") + '\0' + tail,
        "HRC-01KM-" + tail.substr(0, 3) + (tail[3] == '0' ? '1' : '0'), // wrong check symbol
    };
    for (const std::string& typed : rejected) {
        INFO("typed: \"" << typed << "\"");
        CHECK_FALSE(hrc::parse_reference(typed).has_value());
    }
    // The U rejection must be about U: the same text with V is valid.
    REQUIRE(code.substr(9, 1) == "V");

    // Every single wrong symbol in every position of the known code is rejected.
    std::size_t rejected_substitutions = 0;
    for (const std::size_t pos : {4U, 5U, 6U, 7U, 9U, 10U, 11U, 12U}) {
        for (const char c : kAlphabet) {
            if (c == code[pos]) continue;
            std::string typed = code;
            typed[pos] = c;
            if (!hrc::parse_reference(typed)) {
                ++rejected_substitutions;
            } else {
                FAIL_CHECK("accepted " << typed);
            }
        }
    }
    REQUIRE(rejected_substitutions == kN * (kQ - 1));
}

TEST_CASE("reference: is_canonical_reference accepts only the canonical form", "[reference]") {
    const std::string code = known_code();
    REQUIRE(hrc::is_canonical_reference(code));
    const std::string tail = code.substr(9, 4);
    for (const std::string& text : {
             std::string(""),
             lower_ascii(code),
             "HRC01KM" + tail,
             "HRC 01KM " + tail,
             "01KM-" + tail,
             "HRC-OIKM-" + tail,
             code + " ",
             " " + code,
             "HRC-01KM-" + tail.substr(0, 3) + (tail[3] == '0' ? '1' : '0'),
         }) {
        INFO("text: \"" << text << "\"");
        CHECK_FALSE(hrc::is_canonical_reference(text));
    }
}

TEST_CASE("reference: reference_check_symbol rejects non-canonical data", "[reference]") {
    for (const std::string_view data :
         {"", "000000", "00000000", "000000O", "000000o", "000000I", "000000L", "000000U",
          "000000a", "000000-", "0000 00", "HRC-000"}) {
        INFO("data: \"" << data << "\"");
        CHECK_FALSE(hrc::reference_check_symbol(data).has_value());
    }
    CHECK(hrc::reference_check_symbol(std::string_view("000000\0", 7)) == std::nullopt);
    CHECK(hrc::reference_check_symbol("ZZZZZZZ").has_value());
}
