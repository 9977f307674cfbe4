// utf8.cpp — see hrc/utf8.h.

#include "hrc/utf8.h"

#include <algorithm>

namespace hrc::utf8 {

std::string printable(std::string_view text, std::size_t max_bytes) {
    std::string out;
    out.reserve(std::min(text.size(), max_bytes));
    for (std::size_t i = 0; i < text.size();) {
        const Decoded d = decode(text, i);
        const auto c = static_cast<unsigned char>(text[i]);
        const std::string_view piece = !d.valid                  ? kReplacementText
                                       : (c < 0x20 || c == 0x7F) ? std::string_view(" ")
                                                                 : text.substr(i, d.length);
        if (out.size() + piece.size() > max_bytes) {
            if (max_bytes < kEllipsis.size()) return {};
            // `out` is valid UTF-8 by now: drop whole characters until the ellipsis fits.
            while (!out.empty() && out.size() + kEllipsis.size() > max_bytes)
                out.resize(code_point_start(out, out.size() - 1));
            out += kEllipsis;
            return out;
        }
        out += piece;
        i += d.length;
    }
    return out;
}

} // namespace hrc::utf8
