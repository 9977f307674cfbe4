// reference.cpp — human reference codes "HRC-XXXX-XXXX" (see hrc/reference.h for the format and
// why the check symbol catches every single substitution and adjacent transposition).
#include "hrc/reference.h"

#include <array>
#include <cstdint>

#include <sodium.h>

#include "hrc/error.h"

namespace hrc {

namespace {

// GF(32) arithmetic. Elements are 5-bit polynomials over GF(2); addition is XOR. Kept private:
// nothing outside this file should depend on how the check symbol is computed.

constexpr unsigned kFieldPoly = 0x25; // x^5 + x^2 + 1 (primitive, so a = x = 2 generates the field)
constexpr std::size_t kSymbols = 8;   // seven random data symbols and one check symbol
constexpr std::size_t kDataSymbols = kSymbols - 1;
constexpr std::string_view kPrefix = "HRC";

// Carry-less multiply with reduction modulo kFieldPoly. Bitwise rather than log tables: eight
// multiplications per reference do not justify a table.
constexpr unsigned gf_mul(unsigned x, unsigned y) {
    unsigned product = 0;
    for (int bit = 0; bit < 5; ++bit) {
        if ((y & 1U) != 0) product ^= x;
        y >>= 1;
        x <<= 1;
        if ((x & 0x20U) != 0) x ^= kFieldPoly;
    }
    return product;
}

// a^(7-i) for i = 0..7, the weight of symbol i in the check sum.
constexpr std::array<unsigned, kSymbols> make_weights() {
    std::array<unsigned, kSymbols> weights{};
    unsigned power = 1;
    for (std::size_t i = kSymbols; i-- > 0;) {
        weights[i] = power;
        power = gf_mul(power, 2);
    }
    return weights;
}

constexpr std::array<unsigned, kSymbols> kWeights = make_weights();

// Value 0..31 of a canonical Crockford symbol, or -1. Strict: no lower case, no aliases.
int canonical_value(char c) {
    const std::size_t pos = kCrockfordAlphabet.find(c);
    return pos == std::string_view::npos ? -1 : static_cast<int>(pos);
}

// What a person may have meant by `c`: upper-cases ASCII letters and maps the look-alikes O -> 0,
// I/L -> 1 (Crockford's decoding rules). U stays U and is rejected later: it is not a symbol, and
// guessing V for it would hide a real typing error from the check.
char normalise(char c) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    switch (c) {
    case 'O':
        return '0';
    case 'I':
    case 'L':
        return '1';
    default:
        return c;
    }
}

bool is_separator(char c) {
    return c == '-' || c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

// The sum of a^(7-i) * x_i over the given symbols (i counted from the first); 0 over all eight
// means a valid code. Returns -1 if any symbol is not canonical.
int weighted_sum(std::string_view symbols) {
    unsigned sum = 0;
    for (std::size_t i = 0; i < symbols.size(); ++i) {
        const int value = canonical_value(symbols[i]);
        if (value < 0) return -1;
        sum ^= gf_mul(kWeights[i], static_cast<unsigned>(value));
    }
    return static_cast<int>(sum);
}

std::string canonical_form(std::string_view symbols8) {
    std::string out;
    out.reserve(kPrefix.size() + 2 + kSymbols);
    out.append(kPrefix);
    out.push_back('-');
    out.append(symbols8.substr(0, 4));
    out.push_back('-');
    out.append(symbols8.substr(4, 4));
    return out;
}

} // namespace

std::optional<char> reference_check_symbol(std::string_view data7) {
    if (data7.size() != kDataSymbols) return std::nullopt;
    const int sum = weighted_sum(data7);
    if (sum < 0) return std::nullopt;
    // The check symbol has weight a^0 = 1 and -s = s in characteristic 2, so x7 = s makes the
    // total zero.
    return kCrockfordAlphabet[static_cast<std::size_t>(sum)];
}

std::string new_reference() {
    if (sodium_init() < 0) {
        throw Error(Code::crypto, "libsodium could not initialise, so no reference can be made. "
                                  "Restart the kiosk; if this persists, report it as a fault.");
    }
    std::string symbols;
    symbols.reserve(kSymbols);
    for (std::size_t i = 0; i < kDataSymbols; ++i) {
        symbols.push_back(kCrockfordAlphabet[randombytes_uniform(32)]);
    }
    // Cannot fail: the data symbols are canonical and exactly seven.
    symbols.push_back(*reference_check_symbol(symbols));
    return canonical_form(symbols);
}

std::optional<std::string> parse_reference(std::string_view typed) {
    // Separators may appear anywhere, so drop them and decide afterwards what is prefix and what is
    // code: 11 symbols starting "HRC" carry the prefix, 8 symbols do not. Deciding by length keeps
    // codes whose own first symbols are H, R, C parseable without the prefix.
    std::string symbols;
    symbols.reserve(typed.size());
    for (const char c : typed) {
        if (is_separator(c)) continue;
        symbols.push_back(normalise(c));
        if (symbols.size() > kPrefix.size() + kSymbols) return std::nullopt;
    }
    std::string_view code = symbols;
    if (code.size() == kPrefix.size() + kSymbols && code.substr(0, kPrefix.size()) == kPrefix) {
        code.remove_prefix(kPrefix.size());
    }
    if (code.size() != kSymbols || weighted_sum(code) != 0) return std::nullopt;
    return canonical_form(code);
}

bool is_canonical_reference(std::string_view text) {
    if (text.size() != kPrefix.size() + 2 + kSymbols) return false;
    if (text.substr(0, kPrefix.size()) != kPrefix || text[3] != '-' || text[8] != '-') return false;
    const std::string symbols = std::string(text.substr(4, 4)).append(text.substr(9, 4));
    return weighted_sum(symbols) == 0;
}

} // namespace hrc
