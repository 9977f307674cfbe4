// hrc/reference.h — human reference codes such as "HRC-7K3M-Q9TX".
//
// Format: "HRC-" + 4 + "-" + 4 symbols of Crockford base32 (0-9 A-Z without I L O U). The first
// seven symbols are random (35 bits from libsodium); the eighth is a check symbol.
//
// Check symbol: the eight symbols x0..x7 are read as elements of GF(32) (polynomial x^5+x^2+1) and
// must satisfy  sum_i a^(7-i) * x_i = 0  with a = 2 (the field generator). Because the code is
// linear, a single substitution changes the sum by a^k*d != 0, and swapping two adjacent different
// symbols changes it by a^k*(a+1)*(x_i - x_{i+1}) != 0 (a != 0, a != 1): every single-symbol
// substitution and every adjacent transposition, including one with the check symbol, is detected.
// tests/unit/test_reference.cpp checks this exhaustively.
//
// Parsing is lenient with what people copy down: lower case, spaces or missing hyphens, a missing
// "HRC" prefix, O for 0 and I or L for 1.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace hrc {

inline constexpr std::string_view kCrockfordAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

// A fresh random reference, canonical form. Throws hrc::Error(Code::crypto) only if libsodium
// cannot initialise.
std::string new_reference();

// The check symbol for seven data symbols given in canonical Crockford (no prefix, no hyphens).
// Returns std::nullopt if `data7` is not exactly seven canonical symbols.
std::optional<char> reference_check_symbol(std::string_view data7);

// Parses what a person typed. Returns the canonical form "HRC-XXXX-XXXX", or std::nullopt when the
// text is not a reference or its check symbol does not match (a mistyped reference). Never throws.
std::optional<std::string> parse_reference(std::string_view typed);

// True if `text` is already in canonical form with a correct check symbol.
bool is_canonical_reference(std::string_view text);

} // namespace hrc
