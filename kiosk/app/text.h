// kiosk/app/text.h — the ONE place where the kiosk draws and measures text.
//
// Every word on the screen goes through text::draw / text::measure / text::layout. Behind them is
// the shaped-text layer (kiosk/text, library hrc_text; BRIEF §8): ICU bidi paragraphs and lines,
// script runs, line breaks and grapheme clusters → HarfBuzz shaping with the run's script,
// direction and language → FreeType glyphs in a dynamic one-channel atlas (our own GL texture) →
// quads in ImGui draw lists. Fonts per language come from Debian's fonts-noto-core /
// fonts-noto-ui-core (assets/README.md). If the layer cannot start (no fonts), drawing falls back
// to Dear ImGui's font, one glyph per code point (right for Latin only).
//
// Word-wrapping by width happens here too (callers give a wrap width, never break lines
// themselves), because line breaking is script-dependent and belongs with shaping.
//
// Right to left: UI strings take the session language's direction (ur, ar: RTL); typed text
// (Style::typed) takes the direction of its first strong character. An RTL paragraph with a wrap
// width has its lines right-aligned inside the wrap width: the text sits on the right edge of the
// box [pos.x, pos.x + wrap_width). Layout::rtl tells callers the direction so they can align
// single lines (no wrap width) themselves.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <imgui.h>

#include "hrc_text/atlas.h"
#include "hrc_text/pictograms.h"

namespace hrc::kiosk::text {

// The faces the kiosk uses. Sizes are set once by load_fonts() from the one scale factor.
enum class Face {
    body,      // answers, hints, paragraphs
    body_bold, // labels, buttons, keys
    heading,   // the question on each screen
    display,   // the reference on the confirmation screen
};

// Where lines sit in the box (the wrap width, or the widest line without one).
enum class Align {
    start, // the paragraph's start: left for LTR, right for RTL (the default)
    left,
    right,
    center,
};

struct Style {
    Face face = Face::body;
    ImU32 color = IM_COL32(11, 12, 12, 255);
    float wrap_width = 0.0f; // > 0: break lines so no line is wider than this
    bool typed = false;      // people's typed text: direction from its first strong character
    Align align = Align::start;
};

// Which font files were loaded, for the log and docs/hrc-kiosk.md.
struct FontReport {
    std::string regular_file;
    std::string bold_file;
    bool ok = false;
    std::string problem; // set when !ok, or when some per-script fonts are missing
};

// Design sizes in pixels at scale 1 (multiplied by `scale`); larger text multiplies them again.
struct Sizes {
    float body = 24.0f;
    float heading = 40.0f;
    float display = 56.0f;
};

// Sets the text sizes and loads a small Latin font into `atlas` (cleared first) for ImGui's own
// use. Starts the shaped-text layer on first call. Call before the renderer builds the font
// texture (and again, followed by a texture rebuild, to change sizes).
FontReport load_fonts(ImFontAtlas* atlas, float scale, bool larger_text, const Sizes& sizes = {});

// Makes `list` draw its shapes (rectangles, lines, circles) from the glyph atlas's solid texels
// (hrc_text/atlas.h: GlyphAtlas::kWhiteRows) instead of Dear ImGui's font texture, so shapes and
// text share one texture and the frame needs a handful of draw calls instead of two per string.
// Call once per frame after ImGui::NewFrame(), before drawing into `list`. Anti-aliased lines are
// then made of polygons, not of ImGui's baked line texture. Returns false and changes nothing
// when the shaped-text layer is not running or its texture cannot be made (ImGui's own white
// pixel is used then, as before).
bool begin_frame(ImDrawList* list);

// The glyph atlas's texture, which shapes are drawn from after begin_frame() returned true.
ImTextureID atlas_texture();

// The session language (BCP 47: "en-GB", "gu", "ur", …): picks the font chain, the shaping and
// line-breaking language and the direction of UI strings. Cheap when unchanged: call every frame.
void set_language(std::string_view bcp47);
// True when the current language is written right to left (ur, ar).
bool is_rtl();

// Pixel height of one line of a face in the current language (the primary font's own metrics:
// Nastaliq lines are about 2.5 em, Latin about 1.36 em).
float line_height(Face face);

// One laid-out line: a byte range of the text, its width and where it sits in the box.
struct Line {
    std::size_t begin = 0;
    std::size_t end = 0;
    float width = 0.0f;
    float x = 0.0f;      // left edge inside the box (alignment; RTL lines sit on the right)
    float y = 0.0f;      // top, from the box's top
    float height = 0.0f; // lines of one layout may differ (each font's own metrics)
    bool rtl = false;    // its paragraph's direction
};

struct Layout {
    std::vector<Line> lines;
    ImVec2 size{0.0f, 0.0f}; // width of the widest line, total height
    ImVec2 end{0.0f, 0.0f};  // where a caret after the last character goes (top of its line)
    bool rtl = false;        // the first paragraph's direction
};

// Breaks `text` into lines: at '\n', and where the language allows when a wrap width is given (a
// word longer than the width is broken between grapheme clusters; a reference code such as
// HRC-7K3M-Q9TX is never broken at its hyphens). Never returns zero lines.
Layout layout(std::string_view text, const Style& style);

// Size of the text as laid out by layout(). With an RTL wrap the ink is on the box's right edge.
ImVec2 measure(std::string_view text, const Style& style);

// Draws the text with its box's top-left corner at `pos`; returns its size (as measure()).
ImVec2 draw(ImDrawList* list, ImVec2 pos, std::string_view text, const Style& style);

// Caret for a byte offset (rounded down to a grapheme cluster): its visual position, top of its
// line, from the box's top-left. Correct for RTL and mixed text (the caret after a character is
// on that character's trailing edge; at offset 0 of an RTL paragraph, on the right).
ImVec2 caret_position(std::string_view text, const Style& style, std::size_t byte_offset);
// The grapheme cluster boundary (byte offset) nearest to a point given from the box's top-left.
std::size_t hit_test(std::string_view text, const Style& style, ImVec2 point);

// True when the fonts have a glyph for every character (with the shaped-text layer: any text the
// Noto fonts cover, every script the kiosk uses).
bool can_draw(std::string_view utf8);

// Number of code points (for the PIN dots and "filled" checks).
std::size_t code_points(std::string_view utf8);

// UTF-8 encoding of one code point (invalid or surrogate code points give U+FFFD).
std::string encode_utf8(unsigned int code_point);

// Zeroes and empties the shaped-text cache, which holds what people typed (every prefix of a field,
// the answers on check answers). The shell calls it on every wipe (quick exit, idle, Finish). The
// glyph atlas stays: it holds glyph bitmaps by font and glyph id, never text.
void wipe();

// How many times the glyph or picture texture has been made whole (created, grown, or its glyphs
// moved by a repack) since the start: the shell draws a frame whole when this changed (redraw.h).
// New glyphs alone do not count: they go into free slots, which no glyph drawn in the last frame
// and this one samples (each slot has a pixel of empty padding; an evicted glyph was not drawn in
// this frame, so the triangles that drew it count as changed).
std::uint64_t texture_rebuilds();

// The glyph atlas and the shaped-text cache: size, glyphs, evictions (for the log and tests).
using AtlasStats = hrc::text::AtlasStats;
AtlasStats atlas_stats();

// [Pictograms] Easy-read pictures (issue 18), from Debian's fonts-noto-color-emoji, drawn through a
// second texture (RGBA8, a small atlas of pictures keyed by sequence and pixel size; see
// hrc_text/pictograms.h). The font is opened on the first call of either function, not before.
//
// A colour picture (one emoji sequence such as "🧑" or "🏳️‍🌈" from Noto Color Emoji), drawn
// `size` pixels square with its top-left corner at `pos`. Returns false and draws nothing when the
// colour font is missing or has no single glyph for the sequence. Never mirrored by RTL screens.
//
// `size` is rounded to whole pixels (1 … 512) and `pos` to the nearest pixel, so the picture is
// drawn texel for pixel, never blurred. Like text::draw, it draws in real window coordinates: in a
// mirrored (Urdu, Arabic) frame the caller passes the mirrored position (x → W − x − size) and
// keeps the vertices out of the view's mirroring (ViewFrame::unmirrored), exactly as put_text does
// for text; otherwise the mirroring would flip the picture. A failure is logged once to stderr
// (with the sequence's code points only). Call between ImGui::NewFrame and rendering (the GL
// context must be current: the texture is created and updated here).
bool draw_pictogram(ImDrawList* list, ImVec2 pos, float size, std::string_view sequence);
// Whether draw_pictogram() can draw this sequence (the font is there and shapes it to one glyph).
bool has_pictogram(std::string_view sequence);

// The pictogram atlas: size, pictures, evictions (zeros until the first pictogram is drawn).
using PictogramStats = hrc::text::PictogramStats;
PictogramStats pictogram_stats();

} // namespace hrc::kiosk::text
