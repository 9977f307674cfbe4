// kiosk/keyboard/src/utf8.h — the keyboard's names for the project's one UTF-8 decoder and encoder
// (hrc/utf8.h; private to hrc_keyboard).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "hrc/utf8.h"

namespace hrc::keyboard::detail {

// Appends one code point. Surrogates and values above U+10FFFF become U+FFFD.
inline void append_utf8(std::string& out, char32_t c) {
    hrc::utf8::append(out, c);
}

inline std::string utf8(char32_t c) {
    return hrc::utf8::encode(c);
}

// Decodes UTF-8; each malformed byte becomes U+FFFD. The input here is always text xkbcommon or
// this library produced, so it is always valid.
inline std::vector<char32_t> code_points(std::string_view s) {
    std::vector<char32_t> out;
    for (std::size_t i = 0; i < s.size();) {
        const hrc::utf8::Decoded d = hrc::utf8::decode(s, i);
        out.push_back(d.code_point);
        i += d.length;
    }
    return out;
}

} // namespace hrc::keyboard::detail
