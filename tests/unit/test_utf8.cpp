// hrc/utf8.h: the one UTF-8 decoder. Valid forms decode; overlongs, surrogates, values above
// U+10FFFF, truncated sequences and stray continuation bytes are one U+FFFD per byte; and the
// decoder gives exactly what each decoder it replaced gave (their code is kept below as the
// reference), so no caller's output changed.
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "hrc/recipients.h"
#include "hrc/utf8.h"

namespace utf8 = hrc::utf8;

namespace {

// ---- the replaced decoders, verbatim but for names (reference behaviour) ------------------------

// core/src/recipients.cpp (CSV cells) and, with the same accept set, sync/central/receive.cpp:
// length of the valid sequence at s[i], or 0.
std::size_t old_recipients_length(std::string_view s, std::size_t i, char32_t& cp) {
    const auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
    const unsigned char c = b(i);
    std::size_t n = 0;
    if (c < 0x80) {
        cp = c;
        return 1;
    }
    if (c >= 0xC2 && c <= 0xDF) {
        n = 2;
        cp = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
        n = 3;
        cp = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4;
        cp = c & 0x07;
    } else
        return 0;
    if (i + n > s.size()) return 0;
    for (std::size_t k = 1; k < n; ++k) {
        if ((b(i + k) & 0xC0) != 0x80) return 0;
        cp = (cp << 6) | (b(i + k) & 0x3F);
    }
    if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
        (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return n;
}

// sync/central/receive.cpp's acceptance test of the sequence at i (its own formulation).
std::size_t old_central_length(std::string_view text, std::size_t i) {
    const auto c = static_cast<unsigned char>(text[i]);
    std::size_t n = c < 0x80                   ? 1
                    : (c >= 0xC2 && c <= 0xDF) ? 2
                    : (c >= 0xE0 && c <= 0xEF) ? 3
                    : (c >= 0xF0 && c <= 0xF4) ? 4
                                               : 0;
    bool valid = n > 0 && i + n <= text.size();
    for (std::size_t k = 1; valid && k < n; ++k)
        valid = (static_cast<unsigned char>(text[i + k]) & 0xC0) == 0x80;
    if (valid && n == 3) {
        const auto c1 = static_cast<unsigned char>(text[i + 1]);
        valid = !(c == 0xE0 && c1 < 0xA0) && !(c == 0xED && c1 >= 0xA0);
    }
    if (valid && n == 4) {
        const auto c1 = static_cast<unsigned char>(text[i + 1]);
        valid = !(c == 0xF0 && c1 < 0x90) && !(c == 0xF4 && c1 >= 0x90);
    }
    return valid ? n : 0;
}

// kiosk/text/src/layout.cpp's next_code_point.
char32_t old_text_next(std::string_view s, std::size_t& i) {
    const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
    const unsigned char b0 = byte(i);
    if (b0 < 0x80) {
        ++i;
        return b0;
    }
    std::size_t extra = 0;
    char32_t cp = 0, min = 0;
    if ((b0 & 0xE0) == 0xC0) {
        extra = 1, cp = b0 & 0x1Fu, min = 0x80;
    } else if ((b0 & 0xF0) == 0xE0) {
        extra = 2, cp = b0 & 0x0Fu, min = 0x800;
    } else if ((b0 & 0xF8) == 0xF0) {
        extra = 3, cp = b0 & 0x07u, min = 0x10000;
    } else {
        ++i;
        return 0xFFFD;
    }
    if (i + extra >= s.size()) {
        ++i;
        return 0xFFFD;
    }
    for (std::size_t k = 1; k <= extra; ++k) {
        const unsigned char b = byte(i + k);
        if ((b & 0xC0) != 0x80) {
            ++i;
            return 0xFFFD;
        }
        cp = (cp << 6) | (b & 0x3Fu);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
        ++i;
        return 0xFFFD;
    }
    i += extra + 1;
    return cp;
}

// kiosk/keyboard/src/utf8.h's code_points (lenient: it only ever saw valid text).
std::vector<char32_t> old_keyboard_code_points(std::string_view s) {
    std::vector<char32_t> out;
    std::size_t i = 0;
    while (i < s.size()) {
        const auto b0 = static_cast<unsigned char>(s[i]);
        std::size_t len = b0 < 0x80           ? 1
                          : (b0 >> 5) == 0x6  ? 2
                          : (b0 >> 4) == 0xE  ? 3
                          : (b0 >> 3) == 0x1E ? 4
                                              : 0;
        if (len == 0 || i + len > s.size()) {
            out.push_back(0xFFFD);
            ++i;
            continue;
        }
        char32_t c = len == 1   ? b0
                     : len == 2 ? (b0 & 0x1Fu)
                     : len == 3 ? (b0 & 0x0Fu)
                                : (b0 & 0x07u);
        bool ok = true;
        for (std::size_t k = 1; k < len; ++k) {
            const auto b = static_cast<unsigned char>(s[i + k]);
            if ((b & 0xC0) != 0x80) ok = false;
            c = (c << 6) | (b & 0x3Fu);
        }
        out.push_back(ok ? c : char32_t{0xFFFD});
        i += ok ? len : 1;
    }
    return out;
}

// ---- helpers ------------------------------------------------------------------------------------

std::vector<char32_t> decode_all(std::string_view s) {
    std::vector<char32_t> out;
    for (std::size_t i = 0; i < s.size();) {
        const utf8::Decoded d = utf8::decode(s, i);
        REQUIRE(d.length >= 1);
        out.push_back(d.code_point);
        i += d.length;
    }
    return out;
}

std::string bytes(std::initializer_list<unsigned> list) {
    std::string s;
    for (unsigned b : list)
        s += static_cast<char>(b);
    return s;
}

// Every string of 1 to 4 bytes built from lead bytes at each class edge and continuation bytes at
// each edge of the ranges that matter (80, 8F, 90, 9F, A0, BF), plus ASCII and invalid bytes.
std::vector<std::string> edge_sequences() {
    const std::vector<unsigned> leads = {0x00, 0x41, 0x7F, 0x80, 0xBF, 0xC0, 0xC1, 0xC2,
                                         0xDF, 0xE0, 0xE1, 0xEC, 0xED, 0xEE, 0xEF, 0xF0,
                                         0xF1, 0xF3, 0xF4, 0xF5, 0xF7, 0xF8, 0xFE, 0xFF};
    const std::vector<unsigned> tails = {0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F,
                                         0xA0, 0xBF, 0xC0, 0xC2, 0xE0, 0xFF};
    std::vector<std::string> out;
    for (unsigned a : leads) {
        out.push_back(bytes({a}));
        for (unsigned b : tails) {
            out.push_back(bytes({a, b}));
            for (unsigned c : tails) {
                out.push_back(bytes({a, b, c}));
                for (unsigned d : tails)
                    out.push_back(bytes({a, b, c, d}));
            }
        }
    }
    return out;
}

} // namespace

TEST_CASE("utf8: valid sequences of every length decode, at the edges of each length",
          "[unit][utf8]") {
    const struct {
        std::string text;
        char32_t cp;
    } cases[] = {
        {"A", U'A'},
        {bytes({0x7F}), 0x7F},
        {bytes({0xC2, 0x80}), 0x80},
        {"\xC3\xA9", 0xE9},
        {bytes({0xDF, 0xBF}), 0x7FF},
        {bytes({0xE0, 0xA0, 0x80}), 0x800},
        {"\xE2\x82\xAC", 0x20AC},
        {bytes({0xED, 0x9F, 0xBF}), 0xD7FF},
        {bytes({0xEE, 0x80, 0x80}), 0xE000},
        {bytes({0xEF, 0xBF, 0xBF}), 0xFFFF},
        {bytes({0xF0, 0x90, 0x80, 0x80}), 0x10000},
        {"\xF0\x9F\x98\x80", 0x1F600},
        {bytes({0xF4, 0x8F, 0xBF, 0xBF}), 0x10FFFF},
    };
    for (const auto& c : cases) {
        INFO("code point " << static_cast<unsigned long>(c.cp));
        const utf8::Decoded d = utf8::decode(c.text, 0);
        CHECK(d.valid);
        CHECK(d.code_point == c.cp);
        CHECK(d.length == c.text.size());
        CHECK(utf8::encode(c.cp) == c.text);
        CHECK(utf8::is_valid(c.text));
        CHECK(utf8::count_code_points(c.text) == 1);
    }
}

TEST_CASE(
    "utf8: overlongs, surrogates, values above U+10FFFF and truncations are one U+FFFD per byte",
    "[unit][utf8]") {
    const std::string bad[] = {
        bytes({0xC0, 0x80}),
        bytes({0xC1, 0xBF}),
        bytes({0xE0, 0x80, 0x80}),
        bytes({0xE0, 0x9F, 0xBF}),
        bytes({0xF0, 0x80, 0x80, 0x80}),
        bytes({0xF0, 0x8F, 0xBF, 0xBF}),
        bytes({0xED, 0xA0, 0x80}),
        bytes({0xED, 0xBF, 0xBF}),
        bytes({0xF4, 0x90, 0x80, 0x80}),
        bytes({0xF5, 0x80, 0x80, 0x80}),
        bytes({0xFF}),
        bytes({0x80}),
        bytes({0xE2, 0x82}),
        bytes({0xF0, 0x9F, 0x98}),
    };
    for (const std::string& s : bad) {
        INFO("bytes " << s.size() << " starting "
                      << static_cast<unsigned>(static_cast<unsigned char>(s[0])));
        const utf8::Decoded d = utf8::decode(s, 0);
        CHECK_FALSE(d.valid);
        CHECK(d.code_point == utf8::kReplacement);
        CHECK(d.length == 1);
        CHECK_FALSE(utf8::is_valid(s));
        // Every byte: continuation bytes after a bad lead are bad on their own too.
        CHECK(decode_all(s) == std::vector<char32_t>(s.size(), utf8::kReplacement));
    }
    // A bad byte costs only itself: what follows decodes.
    CHECK(decode_all("\xE2\x28\xA1"
                     "A\xC3\xA9") == std::vector<char32_t>{0xFFFD, U'(', 0xFFFD, U'A', 0xE9});
    // Past the end: length 0, so no loop bounded by size() ever sees it.
    CHECK(utf8::decode("A", 1).length == 0);
    CHECK(utf8::count_code_points("a\x80\xC3\xA9") == 3);
}

TEST_CASE(
    "utf8: every code point survives encode then decode, and the encoder never makes a surrogate",
    "[unit][utf8]") {
    for (char32_t cp = 0; cp <= 0x10FFFF; ++cp) {
        if (cp == 0xD800) cp = 0xE000;
        const std::string s = utf8::encode(cp);
        const utf8::Decoded d = utf8::decode(s, 0);
        if (!(d.valid && d.code_point == cp && d.length == s.size()))
            FAIL("code point " << static_cast<unsigned long>(cp));
    }
    CHECK(utf8::encode(0xD800) == "\xEF\xBF\xBD");
    CHECK(utf8::encode(0xDFFF) == "\xEF\xBF\xBD");
    CHECK(utf8::encode(0x110000) == "\xEF\xBF\xBD");
    std::string out = "x";
    utf8::append(out, 0x20AC);
    CHECK(out == "x\xE2\x82\xAC");
}

TEST_CASE("utf8: decodes exactly as the CSV, central and text-layout decoders it replaced",
          "[unit][utf8]") {
    for (const std::string& s : edge_sequences()) {
        std::vector<char32_t> recipients, central, text;
        for (std::size_t i = 0; i < s.size();) {
            char32_t cp = 0;
            const std::size_t n = old_recipients_length(s, i, cp);
            recipients.push_back(n == 0 ? char32_t{0xFFFD} : cp);
            REQUIRE(old_central_length(s, i) == n);
            i += n == 0 ? 1 : n;
        }
        for (std::size_t i = 0; i < s.size();)
            text.push_back(old_text_next(s, i));
        const std::vector<char32_t> now = decode_all(s);
        if (now != recipients || now != text)
            FAIL("differs on a sequence of " << s.size() << " bytes");
    }
}

TEST_CASE("utf8: the keyboard decodes its (always valid) text as before", "[unit][utf8]") {
    for (const std::string& s : edge_sequences())
        if (utf8::is_valid(s) && decode_all(s) != old_keyboard_code_points(s))
            FAIL("differs on valid text");
    const std::string sample = "a\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80\xE0\xA4\x95\xE0\xA5\x8D";
    CHECK(decode_all(sample) == old_keyboard_code_points(sample));
}

TEST_CASE("utf8: code_point_start finds the lead of a valid sequence and leaves a stray byte alone",
          "[unit][utf8]") {
    const std::string s = "a\xE2\x82\xAC"
                          "b"; // a € b
    CHECK(utf8::code_point_start(s, 0) == 0);
    CHECK(utf8::code_point_start(s, 1) == 1);
    CHECK(utf8::code_point_start(s, 2) == 1);
    CHECK(utf8::code_point_start(s, 3) == 1);
    CHECK(utf8::code_point_start(s, 4) == 4);
    CHECK(utf8::code_point_start(s, 99) == s.size());
    const std::string stray = "a\x80\x80";
    CHECK(utf8::code_point_start(stray, 2) == 2); // not back to 'a': cutting there would lose it
    const std::string truncated = "\xE2\x82";
    CHECK(utf8::code_point_start(truncated, 1) == 1);
}

TEST_CASE("utf8: printable makes network text valid, without control characters, cut on a boundary",
          "[unit][utf8]") {
    CHECK(utf8::printable("plain", 100) == "plain");
    CHECK(utf8::printable("a\tb\nc\x7f"
                          "d",
                          100) == "a b c d");
    CHECK(utf8::printable("x\xC0\x80y", 100) == "x\xEF\xBF\xBD\xEF\xBF\xBDy");
    // Fits exactly: no ellipsis.
    CHECK(utf8::printable("abcdef", 6) == "abcdef");
    // Cut: whole characters, then "…", within the limit.
    CHECK(utf8::printable("abcdefg", 6) == "abc\xE2\x80\xA6");
    const std::string euros = "\xE2\x82\xAC\xE2\x82\xAC\xE2\x82\xAC"; // €€€ (9 bytes)
    const std::string cut = utf8::printable(euros, 8);
    CHECK(cut == "\xE2\x82\xAC\xE2\x80\xA6"); // € … : the second € would not fit with the ellipsis
    CHECK(utf8::is_valid(cut));
    for (std::size_t max = 0; max < 20; ++max) {
        const std::string out = utf8::printable("\xC3\xA9t\xC3\xA9 \xF0\x9F\x98\x80 \x01", max);
        CHECK(out.size() <= max);
        CHECK(utf8::is_valid(out));
    }
    CHECK(utf8::printable("abcdef", 2).empty());
    // Its callers: CSV cells keep their U+FFFD for a malformed byte.
    CHECK(hrc::csv_cell("a\xC0\x80"
                        "b") == "\"a\xEF\xBF\xBD\xEF\xBF\xBD"
                                "b\"");
}
