// hrc_text/layout.h — shaped text laid out into lines (BRIEF §8).
//
// text (UTF-8) → paragraphs at '\n' → ICU bidi levels, script runs (Common and Inherited characters
// join the surrounding run; paired brackets take the script of their opening partner), grapheme
// clusters, line-break opportunities (ICU line BreakIterator for the language) → a font per
// grapheme cluster from the language's chain → HarfBuzz shaping per run (script, direction,
// language) → greedy line filling at the wrap width → each line reordered visually (UBA L1-L2
// via ubidi_setLine / ubidi_reorderVisual) and reshaped per run.
//
// All positions are 26.6 fixed point (1/64 px) until converted for drawing.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "hrc_text/fonts.h"

namespace hrc::text {

// Paragraph base direction.
enum class BaseDirection {
    ltr,              // UI strings of left-to-right languages
    rtl,              // UI strings of ur / ar
    first_strong_ltr, // typed text: the first strong character decides, LTR if none
    first_strong_rtl, // typed text: the first strong character decides, RTL if none
};

// Where lines sit inside the box (the wrap width, or the widest line when there is no wrap).
enum class Align {
    start, // left for LTR paragraphs, right for RTL paragraphs
    left,
    right,
    center,
};

// One glyph exactly as HarfBuzz returned it (26.6), and the UTF-8 byte offset of its cluster in
// the laid-out text.
struct Glyph {
    std::uint32_t id = 0;
    std::uint32_t cluster = 0;
    std::int32_t x_advance = 0;
    std::int32_t y_advance = 0;
    std::int32_t x_offset = 0;
    std::int32_t y_offset = 0;
};

// A run of one font, script, level: shaped as one HarfBuzz buffer.
struct Run {
    const Font* font = nullptr;
    std::size_t begin = 0; // UTF-8 byte range in the text
    std::size_t end = 0;
    ScriptTag script = 0;
    bool rtl = false; // odd bidi level
    std::uint8_t level = 0;
    bool bot = false;            // starts its paragraph (HarfBuzz BOT flag)
    bool eot = false;            // ends its paragraph (HarfBuzz EOT flag)
    std::size_t glyph_begin = 0; // into Line::glyphs, in HarfBuzz output (= visual) order
    std::size_t glyph_end = 0;
    std::int32_t x = 0; // pen position of the run's left edge, from the line's left
    std::int32_t width = 0;
};

struct Line {
    std::size_t begin = 0;      // UTF-8 bytes shown on this line
    std::size_t end = 0;        // (a wrapped line's trailing spaces are not shown)
    std::size_t next = 0;       // where the next line starts (after the spaces or the '\n')
    bool rtl = false;           // its paragraph's direction
    bool paragraph_end = false; // the last line of its paragraph
    std::vector<Run> runs;      // visual order, left to right
    std::vector<Glyph> glyphs;
    std::int32_t width = 0; // 26.6
    std::int32_t x = 0;     // 26.6: the line's left edge inside the box (alignment)
    int top = 0;            // pixels from the layout's top
    int height = 0;         // pixels
    int baseline = 0;       // pixels from the line's top
};

// A laid-out text. `width` is the widest line; with a wrap width the box is the wrap width and
// lines are aligned inside it (RTL: on its right edge), so ink spans [left, left + width).
struct TextLayout {
    std::string text;                     // the text as laid out (a copy: layouts are cached)
    std::vector<Line> lines;              // never empty
    bool rtl = false;                     // the first paragraph's direction
    std::int32_t width = 0;               // 26.6
    std::int32_t box_width = 0;           // 26.6: the wrap width, or `width` without one
    std::int32_t left = 0;                // 26.6: the smallest Line::x
    int height = 0;                       // pixels
    std::vector<std::uint32_t> graphemes; // grapheme cluster boundaries (bytes), 0 … text.size()
    std::size_t notdef_count = 0;         // glyphs with id 0 (no font had the character)

    // Caret for a byte offset (rounded down to a grapheme boundary): x in 26.6 from the box's
    // left edge and the line index. The caret after a character sits on that character's
    // trailing edge (right edge in LTR runs, left edge in RTL runs); at a line start, on the
    // leading edge of the first character.
    struct Caret {
        std::int32_t x = 0;
        std::size_t line = 0;
    };
    Caret caret(std::size_t byte_offset) const;
    // The grapheme boundary nearest to a point (x in 26.6 from the box's left, y in pixels).
    std::size_t hit_test(std::int32_t x, int y) const;
};

// What to lay out and how.
struct LayoutParams {
    const FontChain* chain = nullptr; // primary font first; must have at least one font
    std::string language = "en-GB";   // BCP 47: shaping language and line-break rules
    BaseDirection direction = BaseDirection::ltr;
    Align align = Align::start;
    std::int32_t wrap_width = 0; // 26.6; <= 0: break only at '\n'
};

// ICU break iterators, reused across layouts (opening one costs far more than a layout).
class Segmenter {
public:
    Segmenter();
    ~Segmenter();
    Segmenter(const Segmenter&) = delete;
    Segmenter& operator=(const Segmenter&) = delete;

    // Throws TextError when ICU fails (no break rules for the locale, out of memory).
    void set_language(const std::string& bcp47);
    struct Impl;
    Impl& impl() { return *impl_; }

private:
    std::unique_ptr<Impl> impl_;
};

// Lays out `text`. Throws TextError when ICU or HarfBuzz fails (out of memory) or the chain is
// empty. Invalid UTF-8 bytes are shown as U+FFFD.
TextLayout layout_text(std::string_view text, const LayoutParams& params, Segmenter& segmenter);

// Shapes one run on its own with HarfBuzz, the way layout_text shapes a run inside its paragraph
// (optional context before and after). For comparing with hb-shape. Clusters are byte offsets
// into `text`. Throws TextError on allocation failure.
std::vector<Glyph> shape_run(const Font& font, std::string_view text, ScriptTag script, bool rtl,
                             std::string_view language, bool bot, bool eot,
                             std::string_view before = {}, std::string_view after = {});

// Grapheme cluster boundaries of UTF-8 text (bytes): ICU's extended grapheme clusters plus
// Unicode 15.1's rule GB9c (an Indic consonant + virama + consonant is one cluster, as in
// Devanagari क्ष), which ICU 72 predates. Throws TextError when ICU fails.
std::vector<std::uint32_t> grapheme_boundaries(std::string_view text);

// UTF-8 helpers: decode one code point at `i` and advance (malformed bytes give U+FFFD, one byte);
// encode (invalid or surrogate code points give U+FFFD).
char32_t next_code_point(std::string_view s, std::size_t& i);
std::string encode_utf8(char32_t code_point);

} // namespace hrc::text
