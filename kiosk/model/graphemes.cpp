// graphemes.cpp — see graphemes.h.

#include "graphemes.h"

#include <algorithm>
#include <memory>

#include <unicode/brkiter.h>
#include <unicode/utext.h>

#include "hrc/utf8.h"

namespace hrc::kiosk {

namespace {

// Runs `f(iterator)` over the text, or returns `fallback` when ICU cannot make an iterator
// (out of memory, missing data: the caller then moves by code point).
template <typename F>
std::size_t with_iterator(std::string_view utf8, std::size_t fallback, F&& f) {
    UErrorCode status = U_ZERO_ERROR;
    UText* text = utext_openUTF8(nullptr, utf8.data(), static_cast<int64_t>(utf8.size()), &status);
    if (U_FAILURE(status)) return fallback;
    std::unique_ptr<icu::BreakIterator> it(
        icu::BreakIterator::createCharacterInstance(icu::Locale::getRoot(), status));
    if (U_FAILURE(status) || !it) {
        utext_close(text);
        return fallback;
    }
    it->setText(text, status);
    std::size_t result = fallback;
    if (U_SUCCESS(status)) {
        const int32_t r = f(*it);
        result = r == icu::BreakIterator::DONE ? fallback : static_cast<std::size_t>(r);
    }
    utext_close(text);
    return result;
}

// The start of the code point `offset` falls in (ICU pins a mid-character index inconsistently).
std::size_t code_point_start(std::string_view text, std::size_t offset) {
    return utf8::code_point_start(text, offset);
}

std::size_t next_code_point(std::string_view text, std::size_t offset) {
    if (offset >= text.size()) return text.size();
    return offset + utf8::decode(text, offset).length;
}

} // namespace

std::size_t previous_code_point(std::string_view text, std::size_t offset) {
    offset = std::min(offset, text.size());
    return offset == 0 ? 0 : utf8::code_point_start(text, offset - 1);
}

std::size_t next_grapheme(std::string_view utf8, std::size_t offset) {
    offset = code_point_start(utf8, offset);
    if (offset == utf8.size()) return offset;
    return with_iterator(utf8, next_code_point(utf8, offset), [&](icu::BreakIterator& it) {
        return it.following(static_cast<int32_t>(offset));
    });
}

std::size_t previous_grapheme(std::string_view utf8, std::size_t offset) {
    offset = std::min(offset, utf8.size());
    // Inside a character: the boundary before it is the start of its own cluster.
    if (code_point_start(utf8, offset) != offset) return snap_to_grapheme(utf8, offset);
    if (offset == 0) return 0;
    return with_iterator(utf8, previous_code_point(utf8, offset), [&](icu::BreakIterator& it) {
        return it.preceding(static_cast<int32_t>(offset));
    });
}

std::size_t snap_to_grapheme(std::string_view utf8, std::size_t offset) {
    offset = code_point_start(utf8, offset);
    if (offset == 0 || offset == utf8.size()) return offset;
    return with_iterator(utf8, offset, [&](icu::BreakIterator& it) {
        return it.isBoundary(static_cast<int32_t>(offset))
                   ? static_cast<int32_t>(offset)
                   : it.preceding(static_cast<int32_t>(offset));
    });
}

} // namespace hrc::kiosk
