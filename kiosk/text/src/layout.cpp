// layout.cpp — ICU segmentation and bidi, HarfBuzz shaping, lines, carets. See hrc_text/layout.h.
//
// [SECTION] UTF-8 and UTF-16
// [SECTION] Segmenter (ICU break iterators + one HarfBuzz buffer)
// [SECTION] grapheme clusters (ICU + GB9c)
// [SECTION] script runs
// [SECTION] font per grapheme cluster
// [SECTION] line-break opportunities
// [SECTION] shaping
// [SECTION] paragraphs into lines
// [SECTION] layout_text
// [SECTION] carets and hit testing

#include "hrc_text/layout.h"

#include <algorithm>
#include <array>
#include <cmath>

#include <hb.h>
#include <unicode/ubidi.h>
#include <unicode/ubrk.h>
#include <unicode/uchar.h>
#include <unicode/uloc.h>
#include <unicode/uscript.h>
#include <unicode/utf16.h>

#include "hrc/utf8.h"

namespace hrc::text {

// [SECTION] UTF-8 and UTF-16 ========================================================================

// The project's one decoder and encoder (hrc/utf8.h): a malformed byte is one U+FFFD.
char32_t next_code_point(std::string_view s, std::size_t& i) {
    const utf8::Decoded d = utf8::decode(s, i);
    i += d.length;
    return d.code_point;
}

std::string encode_utf8(char32_t cp) {
    return utf8::encode(cp);
}

namespace {

// UTF-16 for ICU, with the UTF-8 byte offset of every UTF-16 unit (and of the end).
struct Utf16 {
    std::u16string units;
    std::vector<std::uint32_t> byte_of;
};

Utf16 to_utf16(std::string_view s) {
    Utf16 out;
    out.units.reserve(s.size());
    out.byte_of.reserve(s.size() + 1);
    for (std::size_t i = 0; i < s.size();) {
        const auto at = static_cast<std::uint32_t>(i);
        const char32_t cp = next_code_point(s, i);
        if (cp >= 0x10000) {
            out.units.push_back(static_cast<char16_t>(0xD800 + ((cp - 0x10000) >> 10)));
            out.units.push_back(static_cast<char16_t>(0xDC00 + ((cp - 0x10000) & 0x3FF)));
            out.byte_of.push_back(at);
            out.byte_of.push_back(at);
        } else {
            out.units.push_back(static_cast<char16_t>(cp));
            out.byte_of.push_back(at);
        }
    }
    out.byte_of.push_back(static_cast<std::uint32_t>(s.size()));
    return out;
}

// The code point at UTF-16 index i (a lone surrogate is returned as is).
UChar32 cp_at(const char16_t* u, std::size_t n, std::size_t i) {
    UChar32 c = u[i];
    if (U16_IS_LEAD(c) && i + 1 < n && U16_IS_TRAIL(u[i + 1]))
        c = U16_GET_SUPPLEMENTARY(c, u[i + 1]);
    return c;
}
std::size_t cp_len(UChar32 c) {
    return c >= 0x10000 ? 2 : 1;
}

void check_icu(UErrorCode err, const char* what) {
    if (U_FAILURE(err))
        throw TextError(std::string("ICU ") + what + " failed: " + u_errorName(err));
}

const UChar* icu_chars(const char16_t* p) {
    return reinterpret_cast<const UChar*>(p);
}

} // namespace

// [SECTION] Segmenter ===============================================================================

struct Segmenter::Impl {
    std::string language;
    UBreakIterator* line = nullptr;
    UBreakIterator* chars = nullptr;
    hb_buffer_t* buffer = nullptr;
    hb_language_t hb_lang = HB_LANGUAGE_INVALID;

    ~Impl() {
        if (line != nullptr) ubrk_close(line);
        if (chars != nullptr) ubrk_close(chars);
        hb_buffer_destroy(buffer);
    }
};

namespace {

// "en-GB" → "en_GB" (ICU's locale id); "" for an unparsable tag (the root rules).
std::string icu_locale(const std::string& bcp47) {
    std::array<char, 64> buf{};
    int32_t parsed = 0;
    UErrorCode err = U_ZERO_ERROR;
    uloc_forLanguageTag(bcp47.c_str(), buf.data(), static_cast<int32_t>(buf.size()), &parsed, &err);
    if (U_FAILURE(err) || err == U_STRING_NOT_TERMINATED_WARNING) return "";
    return buf.data();
}

UBreakIterator* open_chars() {
    UErrorCode err = U_ZERO_ERROR;
    UBreakIterator* bi = ubrk_open(UBRK_CHARACTER, "", nullptr, 0, &err);
    check_icu(err, "character break iterator");
    return bi;
}

} // namespace

Segmenter::Segmenter() : impl_(std::make_unique<Impl>()) {
    impl_->chars = open_chars();
    impl_->buffer = hb_buffer_create();
    if (!hb_buffer_allocation_successful(impl_->buffer))
        throw TextError("HarfBuzz cannot allocate a buffer");
    set_language("en-GB");
}

Segmenter::~Segmenter() = default;

void Segmenter::set_language(const std::string& bcp47) {
    if (impl_->line != nullptr && bcp47 == impl_->language) return;
    UErrorCode err = U_ZERO_ERROR;
    UBreakIterator* bi = ubrk_open(UBRK_LINE, icu_locale(bcp47).c_str(), nullptr, 0, &err);
    check_icu(err, "line break iterator");
    if (impl_->line != nullptr) ubrk_close(impl_->line);
    impl_->line = bi;
    impl_->language = bcp47;
    impl_->hb_lang = hb_language_from_string(bcp47.c_str(), static_cast<int>(bcp47.size()));
}

// [SECTION] grapheme clusters =======================================================================

namespace {

// Unicode 15.1 Indic_Conjunct_Break: the six scripts whose virama joins conjuncts.
bool incb_script(UChar32 c) {
    UErrorCode err = U_ZERO_ERROR;
    const UScriptCode s = uscript_getScript(c, &err);
    return U_SUCCESS(err) &&
           (s == USCRIPT_DEVANAGARI || s == USCRIPT_BENGALI || s == USCRIPT_GUJARATI ||
            s == USCRIPT_ORIYA || s == USCRIPT_TELUGU || s == USCRIPT_MALAYALAM);
}
bool incb_linker(UChar32 c) {
    return c == 0x094D || c == 0x09CD || c == 0x0ACD || c == 0x0B4D || c == 0x0C4D || c == 0x0D4D;
}
bool incb_consonant(UChar32 c) {
    return incb_script(c) &&
           u_getIntPropertyValue(c, UCHAR_INDIC_SYLLABIC_CATEGORY) == U_INSC_CONSONANT;
}
bool incb_extend(UChar32 c) {
    return !incb_linker(c) && (c == 0x200D || u_hasBinaryProperty(c, UCHAR_GRAPHEME_EXTEND));
}

// Boundaries (UTF-16 indices, 0 and n included) of u[0, n).
std::vector<std::size_t> graphemes16(UBreakIterator* bi, const char16_t* u, std::size_t n) {
    std::vector<std::size_t> out;
    UErrorCode err = U_ZERO_ERROR;
    ubrk_setText(bi, icu_chars(u), static_cast<int32_t>(n), &err);
    check_icu(err, "grapheme segmentation");
    for (int32_t b = ubrk_first(bi); b != UBRK_DONE; b = ubrk_next(bi)) {
        const auto p = static_cast<std::size_t>(b);
        // GB9c: Consonant [Extend Linker]* Linker [Extend Linker]* × Consonant.
        if (p > 0 && p < n && incb_consonant(cp_at(u, n, p))) {
            std::size_t k = p;
            bool linker = false;
            bool joined = false;
            while (k > 0) {
                std::size_t start = k - 1;
                if (start > 0 && U16_IS_TRAIL(u[start]) && U16_IS_LEAD(u[start - 1])) --start;
                const UChar32 c = cp_at(u, n, start);
                if (incb_linker(c))
                    linker = true;
                else if (!incb_extend(c)) {
                    joined = linker && incb_consonant(c);
                    break;
                }
                k = start;
            }
            if (joined) continue;
        }
        out.push_back(p);
    }
    ubrk_setText(bi, nullptr, 0, &err); // ICU must not keep a pointer to our buffer
    if (out.empty() || out.front() != 0) out.insert(out.begin(), 0);
    if (out.back() != n) out.push_back(n);
    return out;
}

} // namespace

std::vector<std::uint32_t> grapheme_boundaries(std::string_view text) {
    const Utf16 u = to_utf16(text);
    struct Closer {
        UBreakIterator* bi;
        ~Closer() { ubrk_close(bi); }
    } bi{open_chars()};
    std::vector<std::uint32_t> out;
    for (std::size_t g : graphemes16(bi.bi, u.units.data(), u.units.size()))
        out.push_back(u.byte_of[g]);
    return out;
}

// [SECTION] script runs =============================================================================

namespace {

bool weak_script(UScriptCode s) {
    return s == USCRIPT_COMMON || s == USCRIPT_INHERITED || s == USCRIPT_UNKNOWN;
}

// Script of every UTF-16 unit of a paragraph: Common and Inherited characters take the script of
// the run they are in (at the start: the first real script after them); a closing bracket takes
// its opening partner's script, so "(HRC-1)" inside Gujarati keeps both brackets in one font.
std::vector<UScriptCode> resolve_scripts(const char16_t* u, std::size_t n) {
    std::vector<UScriptCode> sc(n, USCRIPT_COMMON);
    UScriptCode cur = USCRIPT_COMMON;
    struct Open {
        UChar32 close;
        UScriptCode script;
    };
    std::vector<Open> stack;
    for (std::size_t i = 0; i < n;) {
        const UChar32 c = cp_at(u, n, i);
        const std::size_t len = cp_len(c);
        UErrorCode err = U_ZERO_ERROR;
        UScriptCode s = uscript_getScript(c, &err);
        if (U_FAILURE(err)) s = USCRIPT_COMMON;
        if (weak_script(s)) {
            const auto bpt = u_getIntPropertyValue(c, UCHAR_BIDI_PAIRED_BRACKET_TYPE);
            s = cur;
            if (bpt == U_BPT_OPEN) {
                if (stack.size() < 64) stack.push_back({u_getBidiPairedBracket(c), cur});
            } else if (bpt == U_BPT_CLOSE) {
                for (std::size_t k = stack.size(); k-- > 0;) {
                    if (stack[k].close == c) {
                        s = stack[k].script;
                        stack.resize(k);
                        break;
                    }
                }
                if (!weak_script(s)) cur = s;
            }
        } else {
            if (weak_script(cur)) {
                // Everything so far was Common: it belongs to this first real script.
                std::fill(sc.begin(), sc.begin() + static_cast<std::ptrdiff_t>(i), s);
                for (Open& o : stack)
                    if (weak_script(o.script)) o.script = s;
            }
            cur = s;
        }
        for (std::size_t k = 0; k < len && i + k < n; ++k)
            sc[i + k] = s;
        i += len;
    }
    return sc;
}

ScriptTag hb_script_of(UScriptCode s) {
    const char* name = uscript_getShortName(s);
    if (name == nullptr || std::char_traits<char>::length(name) != 4) return HB_SCRIPT_COMMON;
    return static_cast<ScriptTag>(hb_script_from_string(name, 4));
}

// [SECTION] font per grapheme cluster ===============================================================

// Characters that need no glyph of their own (ZWJ, ZWNJ, variation selectors, bidi controls):
// HarfBuzz hides them, so they never decide the font.
bool needs_glyph(UChar32 c) {
    return !u_hasBinaryProperty(c, UCHAR_DEFAULT_IGNORABLE_CODE_POINT) && c != '\r' && c != '\t';
}

// Index into chain.fonts for every UTF-16 unit: per grapheme cluster, the first font that has
// every character of it, trying first the fonts designed for the cluster's script, then the chain
// in order. If none has them all, the first that has its first character (else the primary).
std::vector<std::size_t> choose_fonts(const FontChain& chain, const char16_t* u, std::size_t n,
                                      const std::vector<UScriptCode>& sc,
                                      const std::vector<std::size_t>& graphemes) {
    std::vector<std::size_t> font_of(n, 0);
    std::vector<std::pair<ScriptTag, std::vector<std::size_t>>> orders; // per script, tiny
    const auto order_for = [&](ScriptTag s) -> const std::vector<std::size_t>& {
        for (const auto& o : orders)
            if (o.first == s) return o.second;
        std::vector<std::size_t> order;
        for (std::size_t k = 0; k < chain.fonts.size(); ++k)
            if (std::find(chain.scripts[k].begin(), chain.scripts[k].end(), s) !=
                chain.scripts[k].end())
                order.push_back(k);
        for (std::size_t k = 0; k < chain.fonts.size(); ++k)
            if (std::find(order.begin(), order.end(), k) == order.end()) order.push_back(k);
        orders.emplace_back(s, std::move(order));
        return orders.back().second;
    };
    std::size_t previous = 0;
    std::vector<UChar32> cps;
    for (std::size_t gi = 0; gi + 1 < graphemes.size(); ++gi) {
        const std::size_t g0 = graphemes[gi];
        const std::size_t g1 = graphemes[gi + 1];
        cps.clear();
        for (std::size_t i = g0; i < g1;) {
            const UChar32 c = cp_at(u, n, i);
            if (needs_glyph(c)) cps.push_back(c);
            i += cp_len(c);
        }
        std::size_t chosen = previous;
        if (!cps.empty()) {
            const std::vector<std::size_t>& order = order_for(hb_script_of(sc[g0]));
            bool found = false;
            for (std::size_t k : order) {
                const Font* f = chain.fonts[k];
                if (std::all_of(cps.begin(), cps.end(), [&](UChar32 c) {
                        return f->has_glyph(static_cast<char32_t>(c));
                    })) {
                    chosen = k;
                    found = true;
                    break;
                }
            }
            if (!found) {
                chosen = order.front();
                for (std::size_t k : order)
                    if (chain.fonts[k]->has_glyph(static_cast<char32_t>(cps.front()))) {
                        chosen = k;
                        break;
                    }
            }
        }
        std::fill(font_of.begin() + static_cast<std::ptrdiff_t>(g0),
                  font_of.begin() + static_cast<std::ptrdiff_t>(g1), chosen);
        previous = chosen;
    }
    return font_of;
}

// [SECTION] line-break opportunities ================================================================

// Break positions (UTF-16, ascending, ending with n) allowed by ICU's line rules for the language,
// minus those inside a code such as "HRC-7K3M-Q9TX" (ASCII letters, digits and hyphens with at
// least one digit and one hyphen): UAX 14 allows a break after its hyphens, but a reference code
// split over two lines is misread.
std::vector<std::size_t> break_opportunities(UBreakIterator* bi, const char16_t* u, std::size_t n) {
    std::vector<std::size_t> out;
    UErrorCode err = U_ZERO_ERROR;
    ubrk_setText(bi, icu_chars(u), static_cast<int32_t>(n), &err);
    check_icu(err, "line segmentation");
    for (int32_t b = ubrk_first(bi); b != UBRK_DONE; b = ubrk_next(bi))
        if (b > 0) out.push_back(static_cast<std::size_t>(b));
    ubrk_setText(bi, nullptr, 0, &err);
    const auto code_char = [](char16_t c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
               c == '-';
    };
    std::vector<std::pair<std::size_t, std::size_t>> codes; // [begin, end) of each code
    for (std::size_t i = 0; i < n;) {
        if (!code_char(u[i])) {
            ++i;
            continue;
        }
        std::size_t j = i;
        bool digit = false, hyphen = false;
        for (; j < n && code_char(u[j]); ++j) {
            digit = digit || (u[j] >= '0' && u[j] <= '9');
            hyphen = hyphen || u[j] == '-';
        }
        if (digit && hyphen) codes.emplace_back(i, j);
        i = j;
    }
    if (!codes.empty())
        out.erase(std::remove_if(out.begin(), out.end(),
                                 [&](std::size_t b) {
                                     return std::any_of(codes.begin(), codes.end(),
                                                        [&](const auto& c) {
                                                            return b > c.first && b < c.second;
                                                        });
                                 }),
                  out.end());
    if (out.empty() || out.back() != n) out.push_back(n);
    return out;
}

bool is_space(UChar32 c) {
    return c != '\n' && u_hasBinaryProperty(c, UCHAR_WHITE_SPACE);
}

// [SECTION] shaping =================================================================================

void check_buffer(hb_buffer_t* buf) {
    if (!hb_buffer_allocation_successful(buf)) throw TextError("HarfBuzz ran out of memory");
}

void set_props(hb_buffer_t* buf, ScriptTag script, bool rtl, hb_language_t lang, bool bot,
               bool eot) {
    hb_buffer_set_direction(buf, rtl ? HB_DIRECTION_RTL : HB_DIRECTION_LTR);
    hb_buffer_set_script(buf, static_cast<hb_script_t>(script));
    hb_buffer_set_language(buf, lang);
    unsigned int flags = HB_BUFFER_FLAG_DEFAULT;
    if (bot) flags |= HB_BUFFER_FLAG_BOT;
    if (eot) flags |= HB_BUFFER_FLAG_EOT;
    hb_buffer_set_flags(buf, static_cast<hb_buffer_flags_t>(flags));
}

// Shapes u[off, off + len) of the paragraph u[0, n) (the rest is context). Glyph clusters are
// UTF-16 indices into the paragraph.
void shape16(hb_buffer_t* buf, const Font& font, const char16_t* u, std::size_t n, std::size_t off,
             std::size_t len, ScriptTag script, bool rtl, hb_language_t lang,
             std::vector<Glyph>& out) {
    hb_buffer_reset(buf);
    hb_buffer_add_utf16(buf, reinterpret_cast<const std::uint16_t*>(u), static_cast<int>(n),
                        static_cast<unsigned int>(off), static_cast<int>(len));
    set_props(buf, script, rtl, lang, off == 0, off + len == n);
    check_buffer(buf);
    hb_shape(font.hb_font(), buf, nullptr, 0);
    check_buffer(buf);
    unsigned int count = 0;
    const hb_glyph_info_t* info = hb_buffer_get_glyph_infos(buf, &count);
    const hb_glyph_position_t* pos = hb_buffer_get_glyph_positions(buf, &count);
    for (unsigned int k = 0; k < count; ++k)
        out.push_back(Glyph{info[k].codepoint, info[k].cluster, pos[k].x_advance, pos[k].y_advance,
                            pos[k].x_offset, pos[k].y_offset});
}

} // namespace

std::vector<Glyph> shape_run(const Font& font, std::string_view text, ScriptTag script, bool rtl,
                             std::string_view language, bool bot, bool eot, std::string_view before,
                             std::string_view after) {
    struct Buffer {
        hb_buffer_t* b = hb_buffer_create();
        ~Buffer() { hb_buffer_destroy(b); }
    } buf;
    check_buffer(buf.b);
    // The same calls as hb-shape: context before, the text, context after.
    hb_buffer_add_utf8(buf.b, before.data(), static_cast<int>(before.size()),
                       static_cast<unsigned int>(before.size()), 0);
    hb_buffer_add_utf8(buf.b, text.data(), static_cast<int>(text.size()), 0,
                       static_cast<int>(text.size()));
    hb_buffer_add_utf8(buf.b, after.data(), static_cast<int>(after.size()), 0, 0);
    set_props(buf.b, script, rtl,
              hb_language_from_string(language.data(), static_cast<int>(language.size())), bot,
              eot);
    check_buffer(buf.b);
    hb_shape(font.hb_font(), buf.b, nullptr, 0);
    check_buffer(buf.b);
    unsigned int count = 0;
    const hb_glyph_info_t* info = hb_buffer_get_glyph_infos(buf.b, &count);
    const hb_glyph_position_t* pos = hb_buffer_get_glyph_positions(buf.b, &count);
    std::vector<Glyph> out;
    for (unsigned int k = 0; k < count; ++k)
        out.push_back(Glyph{info[k].codepoint, info[k].cluster, pos[k].x_advance, pos[k].y_advance,
                            pos[k].x_offset, pos[k].y_offset});
    return out;
}

// [SECTION] paragraphs into lines ===================================================================

namespace {

struct BidiCloser {
    UBiDi* p = nullptr;
    ~BidiCloser() {
        if (p != nullptr) ubidi_close(p);
    }
};

// Item boundaries: where level, script or font changes inside [a, b).
template <typename LevelAt>
std::vector<std::pair<std::size_t, std::size_t>>
items_of(std::size_t a, std::size_t b, LevelAt level_at, const std::vector<UScriptCode>& sc,
         const std::vector<std::size_t>& font_of) {
    std::vector<std::pair<std::size_t, std::size_t>> out;
    std::size_t start = a;
    for (std::size_t i = a + 1; i <= b; ++i) {
        if (i == b || level_at(i) != level_at(start) || sc[i] != sc[start] ||
            font_of[i] != font_of[start]) {
            out.emplace_back(start, i);
            start = i;
        }
    }
    return out;
}

struct ParagraphContext {
    const LayoutParams& params;
    Segmenter::Impl& seg;
    const Utf16& text;
    std::size_t notdef = 0;
};

// Lays out the paragraph text.units[p0, p1); appends its lines (top/x not yet set). `next_byte`
// is where the following paragraph starts (after the '\n').
void layout_paragraph(ParagraphContext& ctx, std::size_t p0, std::size_t p1, std::size_t next_byte,
                      const std::vector<std::size_t>& all_graphemes, std::vector<Line>& lines) {
    const FontChain& chain = *ctx.params.chain;
    const char16_t* u = ctx.text.units.data() + p0;
    const std::size_t n = p1 - p0;
    const auto byte = [&](std::size_t local) {
        return static_cast<std::size_t>(ctx.text.byte_of[p0 + local]);
    };

    // Bidi: paragraph level from the language or the first strong character.
    UBiDiLevel para_level = UBIDI_LTR;
    switch (ctx.params.direction) {
    case BaseDirection::ltr:
        para_level = UBIDI_LTR;
        break;
    case BaseDirection::rtl:
        para_level = UBIDI_RTL;
        break;
    case BaseDirection::first_strong_ltr:
        para_level = UBIDI_DEFAULT_LTR;
        break;
    case BaseDirection::first_strong_rtl:
        para_level = UBIDI_DEFAULT_RTL;
        break;
    }
    UErrorCode err = U_ZERO_ERROR;
    BidiCloser para{ubidi_openSized(static_cast<int32_t>(n), 0, &err)};
    check_icu(err, "bidi open");
    ubidi_setPara(para.p, icu_chars(u), static_cast<int32_t>(n), para_level, nullptr, &err);
    check_icu(err, "bidi paragraph");
    const bool rtl = (ubidi_getParaLevel(para.p) & 1) != 0;
    std::vector<UBiDiLevel> levels(n, ubidi_getParaLevel(para.p));
    if (n > 0) {
        const UBiDiLevel* l = ubidi_getLevels(para.p, &err);
        check_icu(err, "bidi levels");
        std::copy(l, l + n, levels.begin());
    }

    const std::vector<UScriptCode> sc = resolve_scripts(u, n);
    std::vector<std::size_t> graphemes; // local
    for (std::size_t g : all_graphemes)
        if (g >= p0 && g <= p1) graphemes.push_back(g - p0);
    const std::vector<std::size_t> font_of = choose_fonts(chain, u, n, sc, graphemes);

    const auto shape_item = [&](std::size_t a, std::size_t b, bool item_rtl,
                                std::vector<Glyph>& out) {
        shape16(ctx.seg.buffer, *chain.fonts[font_of[a]], u, n, a, b - a, hb_script_of(sc[a]),
                item_rtl, ctx.seg.hb_lang, out);
    };

    // Where to break: greedy, measured with the paragraph shaped once in logical order.
    std::vector<std::pair<std::size_t, std::size_t>>
        ranges; // [a, b): shown; next line starts at the break
    std::vector<std::size_t> breaks_at;
    if (ctx.params.wrap_width > 0 && n > 0) {
        std::vector<std::int64_t> advance(n + 1, 0);
        std::vector<Glyph> glyphs;
        for (const auto& [a, b] : items_of(
                 0, n, [&](std::size_t i) { return levels[i]; }, sc, font_of)) {
            glyphs.clear();
            shape_item(a, b, (levels[a] & 1) != 0, glyphs);
            for (const Glyph& g : glyphs)
                advance[std::min<std::size_t>(g.cluster, n - 1)] += g.x_advance;
        }
        std::vector<std::int64_t> prefix(n + 1, 0); // width of [0, i)
        for (std::size_t i = 0; i < n; ++i)
            prefix[i + 1] = prefix[i] + advance[i];
        const std::vector<std::size_t> opportunities = break_opportunities(ctx.seg.line, u, n);
        const auto trimmed = [&](std::size_t from, std::size_t to) {
            while (to > from) {
                std::size_t k = to - 1;
                if (k > from && U16_IS_TRAIL(u[k]) && U16_IS_LEAD(u[k - 1])) --k;
                if (!is_space(cp_at(u, n, k))) break;
                to = k;
            }
            return to;
        };
        std::size_t start = 0;
        while (start < n) {
            std::size_t best = 0;
            for (std::size_t b : opportunities) {
                if (b <= start) continue;
                const std::size_t shown = b == n ? n : trimmed(start, b);
                if (prefix[shown] - prefix[start] <= ctx.params.wrap_width)
                    best = b;
                else
                    break;
            }
            if (best == 0) {
                // Nothing fits: break the first word between grapheme clusters (at least one).
                for (std::size_t g : graphemes) {
                    if (g <= start) continue;
                    if (best == 0 || prefix[g] - prefix[start] <= ctx.params.wrap_width)
                        best = g;
                    else
                        break;
                }
            }
            ranges.emplace_back(start, best == n ? n : trimmed(start, best));
            breaks_at.push_back(best);
            start = best;
        }
    }
    if (ranges.empty()) {
        ranges.emplace_back(0, n);
        breaks_at.push_back(n);
    }

    // Each line: UBA levels for the line (L1 resets trailing spaces), runs in visual order, shaped.
    for (std::size_t li = 0; li < ranges.size(); ++li) {
        const auto [a, b] = ranges[li];
        Line line;
        line.begin = byte(a);
        line.end = byte(b);
        line.next = li + 1 < ranges.size() ? byte(breaks_at[li]) : next_byte;
        line.rtl = rtl;
        line.paragraph_end = li + 1 == ranges.size();
        // The line is as tall as the fonts used on it need: a Latin-only line in an Urdu session is
        // a Latin line (so labels centre on their own ink); an empty line takes the primary font's.
        LineMetrics m{};
        bool measured = false;
        if (b > a) {
            BidiCloser line_bidi{ubidi_openSized(static_cast<int32_t>(b - a), 0, &err)};
            check_icu(err, "bidi open");
            ubidi_setLine(para.p, static_cast<int32_t>(a), static_cast<int32_t>(b), line_bidi.p,
                          &err);
            check_icu(err, "bidi line");
            const UBiDiLevel* ll = ubidi_getLevels(line_bidi.p, &err);
            check_icu(err, "bidi line levels");
            const auto items = items_of(
                a, b, [&](std::size_t i) { return ll[i - a]; }, sc, font_of);
            std::vector<UBiDiLevel> item_levels;
            for (const auto& it : items)
                item_levels.push_back(ll[it.first - a]);
            std::vector<int32_t> visual(items.size());
            ubidi_reorderVisual(item_levels.data(), static_cast<int32_t>(items.size()),
                                visual.data());
            std::int32_t pen = 0;
            for (int32_t vi : visual) {
                const auto [ia, ib] = items[static_cast<std::size_t>(vi)];
                Run run;
                run.font = chain.fonts[font_of[ia]];
                run.begin = byte(ia);
                run.end = byte(ib);
                run.script = hb_script_of(sc[ia]);
                run.level = item_levels[static_cast<std::size_t>(vi)];
                run.rtl = (run.level & 1) != 0;
                run.bot = ia == 0;
                run.eot = ib == n;
                run.glyph_begin = line.glyphs.size();
                shape_item(ia, ib, run.rtl, line.glyphs);
                run.glyph_end = line.glyphs.size();
                run.x = pen;
                for (std::size_t k = run.glyph_begin; k < run.glyph_end; ++k) {
                    Glyph& g = line.glyphs[k];
                    if (g.id == 0) ++ctx.notdef;
                    g.cluster =
                        static_cast<std::uint32_t>(byte(std::min<std::size_t>(g.cluster, n)));
                    pen += g.x_advance;
                }
                run.width = pen - run.x;
                const LineMetrics& fm = run.font->metrics();
                if (!measured) m = fm;
                measured = true;
                m.ascent = std::max(m.ascent, fm.ascent);
                m.descent = std::max(m.descent, fm.descent);
                m.line_gap = std::max(m.line_gap, fm.line_gap);
                line.runs.push_back(run);
            }
            line.width = pen;
        }
        if (!measured) m = chain.fonts.front()->metrics();
        line.height = m.height();
        line.baseline = m.line_gap / 2 + m.ascent;
        lines.push_back(std::move(line));
    }
}

} // namespace

// [SECTION] layout_text =============================================================================

TextLayout layout_text(std::string_view text, const LayoutParams& params, Segmenter& segmenter) {
    if (params.chain == nullptr || params.chain->fonts.empty())
        throw TextError("no font to lay text out with");
    segmenter.set_language(params.language);
    Segmenter::Impl& seg = segmenter.impl();
    TextLayout out;
    out.text = std::string(text);
    const Utf16 u = to_utf16(out.text);
    const std::size_t n = u.units.size();
    const std::vector<std::size_t> graphemes = graphemes16(seg.chars, u.units.data(), n);
    for (std::size_t g : graphemes)
        out.graphemes.push_back(u.byte_of[g]);

    ParagraphContext ctx{params, seg, u, 0};
    std::size_t p0 = 0;
    for (std::size_t i = 0; i <= n; ++i) {
        if (i < n && u.units[i] != u'\n') continue;
        std::size_t p1 = i;
        if (p1 > p0 && i < n && u.units[p1 - 1] == u'\r') --p1; // CR LF ends a paragraph too
        const std::size_t next = i < n ? u.byte_of[i + 1] : u.byte_of[n];
        layout_paragraph(ctx, p0, p1, next, graphemes, out.lines);
        p0 = i + 1;
    }
    out.notdef_count = ctx.notdef;
    out.rtl = out.lines.front().rtl;

    // Boxes and alignment.
    for (const Line& l : out.lines)
        out.width = std::max(out.width, l.width);
    out.box_width = params.wrap_width > 0 ? params.wrap_width : out.width;
    int top = 0;
    out.left = out.box_width;
    for (Line& l : out.lines) {
        const std::int32_t free_space = out.box_width - l.width;
        switch (params.align) {
        case Align::start:
            l.x = l.rtl ? free_space : 0;
            break;
        case Align::left:
            l.x = 0;
            break;
        case Align::right:
            l.x = free_space;
            break;
        case Align::center:
            l.x = free_space / 2;
            break;
        }
        out.left = std::min(out.left, l.x);
        l.top = top;
        top += l.height;
    }
    out.height = top;
    return out;
}

// [SECTION] carets and hit testing ==================================================================

namespace {

// x (26.6, from the line's left) of the logical boundary `o` inside `run`. `before`: take the
// character ending at `o` (its trailing edge), else the one starting at `o` (leading edge).
// A boundary inside a cluster (a ligature of several graphemes) is interpolated.
std::int32_t run_edge(const Line& line, const Run& run, std::size_t o, bool before) {
    struct Span {
        std::size_t begin, end;
        std::int32_t x0, x1;
    };
    std::vector<Span> spans;
    std::int32_t pen = run.x;
    for (std::size_t k = run.glyph_begin; k < run.glyph_end; ++k) {
        const Glyph& g = line.glyphs[k];
        auto it = std::find_if(spans.begin(), spans.end(),
                               [&](const Span& s) { return s.begin == g.cluster; });
        const std::int32_t a = pen, b = pen + g.x_advance;
        if (it == spans.end())
            spans.push_back(Span{g.cluster, 0, std::min(a, b), std::max(a, b)});
        else
            it->x0 = std::min({it->x0, a, b}), it->x1 = std::max({it->x1, a, b});
        pen += g.x_advance;
    }
    if (spans.empty()) return run.rtl ? run.x + run.width : run.x;
    std::sort(spans.begin(), spans.end(),
              [](const Span& p, const Span& q) { return p.begin < q.begin; });
    spans.front().begin = std::min(spans.front().begin, run.begin);
    for (std::size_t k = 0; k < spans.size(); ++k)
        spans[k].end = k + 1 < spans.size() ? spans[k + 1].begin : run.end;
    const Span* s = nullptr;
    for (const Span& sp : spans)
        if (before ? (sp.begin < o && o <= sp.end) : (sp.begin <= o && o < sp.end)) s = &sp;
    if (s == nullptr) s = o <= spans.front().begin ? &spans.front() : &spans.back();
    const double t = s->end > s->begin
                         ? std::clamp(static_cast<double>(static_cast<std::int64_t>(o) -
                                                          static_cast<std::int64_t>(s->begin)) /
                                          static_cast<double>(s->end - s->begin),
                                      0.0, 1.0)
                         : 0.0;
    const double w = s->x1 - s->x0;
    return static_cast<std::int32_t>(std::lround(run.rtl ? s->x1 - t * w : s->x0 + t * w));
}

std::int32_t caret_in_line(const Line& line, std::size_t o) {
    o = std::clamp(o, line.begin, line.end);
    if (line.runs.empty()) return line.x + (line.rtl ? line.width : 0);
    if (o > line.begin) {
        for (const Run& r : line.runs)
            if (r.begin < o && o <= r.end) return line.x + run_edge(line, r, o, true);
    }
    for (const Run& r : line.runs)
        if (r.begin <= o && o < r.end) return line.x + run_edge(line, r, o, false);
    // The end of a line whose last character is in no run (cannot happen): its visual end.
    return line.x + (line.rtl ? 0 : line.width);
}

} // namespace

TextLayout::Caret TextLayout::caret(std::size_t o) const {
    o = std::min(o, text.size());
    // Round down to a grapheme boundary.
    auto it = std::upper_bound(graphemes.begin(), graphemes.end(), static_cast<std::uint32_t>(o));
    if (it != graphemes.begin()) o = *(it - 1);
    std::size_t li = lines.size() - 1;
    for (std::size_t k = 0; k + 1 < lines.size(); ++k) {
        if (o < lines[k].next) {
            li = k;
            break;
        }
    }
    return Caret{caret_in_line(lines[li], o), li};
}

std::size_t TextLayout::hit_test(std::int32_t x, int y) const {
    std::size_t li = lines.size() - 1;
    for (std::size_t k = 0; k < lines.size(); ++k) {
        if (y < lines[k].top + lines[k].height) {
            li = k;
            break;
        }
    }
    const Line& line = lines[li];
    std::size_t best = line.begin;
    std::int64_t best_d = -1;
    for (std::uint32_t g : graphemes) {
        if (g < line.begin || g > line.end) continue;
        const std::int64_t d = std::llabs(static_cast<long long>(caret_in_line(line, g)) - x);
        if (best_d < 0 || d < best_d) best = g, best_d = d;
    }
    return best;
}

} // namespace hrc::text
