// kiosk/model/graphemes.h — where a caret may stand in typed text: between grapheme clusters
// (what a reader sees as one letter: "क्षि" in Devanagari, "ો" joined to its consonant in Gujarati,
// "é" typed as e + U+0301), found with ICU's character break iterator (Unicode UAX #29).
//
// Offsets are byte offsets into UTF-8. None of these functions fail: invalid UTF-8 is treated as
// ICU treats it (each bad byte a character), and offsets past the end are clamped.
#pragma once

#include <cstddef>
#include <string_view>

namespace hrc::kiosk {

// The grapheme boundary after `offset` (the text's size at the end).
std::size_t next_grapheme(std::string_view utf8, std::size_t offset);
// The grapheme boundary before `offset` (0 at the start).
std::size_t previous_grapheme(std::string_view utf8, std::size_t offset);
// `offset` if it is a boundary, else the boundary before it.
std::size_t snap_to_grapheme(std::string_view utf8, std::size_t offset);
// The start of the code point that ends at `offset` (for Backspace: one code point, so a wrong
// vowel sign can be corrected without retyping its consonant).
std::size_t previous_code_point(std::string_view utf8, std::size_t offset);

} // namespace hrc::kiosk
