// hrc/utf8.h — the project's one UTF-8 decoder and encoder, used by core (CSV cells, validation),
// hrc-central and hrc-sync (text from the network), and the kiosk's text engine and keyboard.
//
// What "valid" means (Unicode 15, Table 3-7 "Well-Formed UTF-8 Byte Sequences"; RFC 3629): a
// sequence is valid only when it is complete within the text, is the shortest form of its code
// point (no overlongs: C0 80, E0 80 80, F0 80 80 80 …), encodes no surrogate (U+D800..U+DFFF:
// ED A0 80 … ED BF BF) and nothing above U+10FFFF (F4 90 80 80 and up, lead bytes F5..FF).
//
// What happens to anything else: decode() reports ONE malformed byte (U+FFFD, length 1, valid =
// false), and the caller goes on at the next byte. So a truncated 3-byte sequence "E2 82" at the
// end of the text becomes two U+FFFD, an overlong C0 AF becomes two, a lone continuation byte one.
// This is what each of the project's earlier decoders did (CSV cells, central's reasons, the
// kiosk's text layout), so their output is unchanged.
//
// Errors: nothing here throws, except std::bad_alloc from std::string growth in append(),
// encode() and printable().
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace hrc::utf8 {

inline constexpr char32_t kReplacement = 0xFFFD; // U+FFFD REPLACEMENT CHARACTER
inline constexpr std::string_view kReplacementText = "\xEF\xBF\xBD";
inline constexpr std::string_view kEllipsis = "\xE2\x80\xA6"; // U+2026, ends text printable() cut

// True for 10xxxxxx: a byte that never starts a code point.
constexpr bool is_continuation(unsigned char byte) noexcept {
    return (byte & 0xC0) == 0x80;
}

struct Decoded {
    char32_t code_point = kReplacement; // U+FFFD when !valid
    std::size_t length = 0; // bytes consumed: 1..4; 1 when !valid; 0 only when at >= size
    bool valid = false;
};

// Decodes the code point starting at byte `at` of `text`. See the top of this file for what is
// valid and what a malformed byte gives. `at` >= text.size() gives {U+FFFD, 0, false}.
constexpr Decoded decode(std::string_view text, std::size_t at) noexcept {
    if (at >= text.size()) return {kReplacement, 0, false};
    const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[at + k]); };
    const unsigned char b0 = byte(0);
    if (b0 < 0x80) return {b0, 1, true};
    std::size_t n = 0;
    char32_t cp = 0;
    if (b0 >= 0xC2 && b0 <= 0xDF) { // C0 and C1 could only start overlong 2-byte forms
        n = 2;
        cp = b0 & 0x1Fu;
    } else if (b0 >= 0xE0 && b0 <= 0xEF) {
        n = 3;
        cp = b0 & 0x0Fu;
    } else if (b0 >= 0xF0 && b0 <= 0xF4) { // F5..FF could only start values above U+10FFFF
        n = 4;
        cp = b0 & 0x07u;
    } else {
        return {kReplacement, 1, false};
    }
    if (text.size() - at < n) return {kReplacement, 1, false}; // truncated
    for (std::size_t k = 1; k < n; ++k) {
        if (!is_continuation(byte(k))) return {kReplacement, 1, false};
        cp = (cp << 6) | (byte(k) & 0x3Fu);
    }
    const bool overlong = (n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000);
    if (overlong || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return {kReplacement, 1, false};
    return {cp, n, true};
}

// True when the whole of `text` is valid UTF-8.
constexpr bool is_valid(std::string_view text) noexcept {
    for (std::size_t i = 0; i < text.size();) {
        const Decoded d = decode(text, i);
        if (!d.valid) return false;
        i += d.length;
    }
    return true;
}

// Code points in `text`, each malformed byte counting as one (it would show as one U+FFFD).
constexpr std::size_t count_code_points(std::string_view text) noexcept {
    std::size_t n = 0;
    for (std::size_t i = 0; i < text.size(); i += decode(text, i).length)
        ++n;
    return n;
}

// The start of the code point that byte `offset` belongs to, as decode() walks the text from its
// start: the lead byte when `offset` is inside a valid sequence, else `offset` itself (a malformed
// byte is a unit of its own). `offset` >= text.size() gives text.size(). Cutting text there never
// splits a valid sequence. Looks back at most three bytes (a sequence is at most four long).
constexpr std::size_t code_point_start(std::string_view text, std::size_t offset) noexcept {
    if (offset >= text.size()) return text.size();
    std::size_t lead = offset;
    for (int back = 0;
         back < 3 && lead > 0 && is_continuation(static_cast<unsigned char>(text[lead])); ++back)
        --lead;
    if (lead == offset) return offset;
    const Decoded d = decode(text, lead);
    return d.valid && lead + d.length > offset ? lead : offset;
}

// Appends the UTF-8 form of `code_point`; surrogates and values above U+10FFFF are written as
// U+FFFD (they have no valid UTF-8 form).
inline void append(std::string& out, char32_t code_point) {
    char32_t c = code_point;
    if ((c >= 0xD800 && c <= 0xDFFF) || c > 0x10FFFF) c = kReplacement;
    if (c < 0x80) {
        out += static_cast<char>(c);
    } else if (c < 0x800) {
        out += static_cast<char>(0xC0 | (c >> 6));
        out += static_cast<char>(0x80 | (c & 0x3F));
    } else if (c < 0x10000) {
        out += static_cast<char>(0xE0 | (c >> 12));
        out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (c & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (c >> 18));
        out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (c & 0x3F));
    }
}

// The UTF-8 form of one code point (see append()).
inline std::string encode(char32_t code_point) {
    std::string out;
    append(out, code_point);
    return out;
}

// Text from outside (the network, a peer's error body) made safe to log and show to staff: every
// malformed byte becomes U+FFFD, C0 control characters and DEL become spaces, and the result is at
// most `max_bytes` long: when `text` does not fit, whole characters are kept while they fit with
// "…" (3 bytes) after them. `max_bytes` < 3 gives "" for text that does not fit.
std::string printable(std::string_view text, std::size_t max_bytes);

} // namespace hrc::utf8
