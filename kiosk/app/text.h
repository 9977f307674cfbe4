// kiosk/app/text.h — the ONE place where the kiosk draws and measures text.
//
// Every word on the screen goes through text::draw / text::measure / text::layout, so the
// languages issue can replace this file's implementation with the shaped-text layer
// (ICU bidi + line breaks → HarfBuzz → FreeType atlas → ImGui draw lists, BRIEF §8) without
// touching a single screen. Today it draws with Dear ImGui's font atlas, one glyph per code
// point: right for Latin scripts, not for scripts that need shaping (see docs/hrc-kiosk.md).
//
// Word-wrapping by width happens here too (callers give a wrap width, never break lines
// themselves), because line breaking is script-dependent and belongs with shaping.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <imgui.h>

namespace hrc::kiosk::text {

// The faces the kiosk uses. Sizes are set once by load_fonts() from the one scale factor.
enum class Face {
    body,        // answers, hints, paragraphs
    body_bold,   // labels, buttons, keys
    heading,     // the question on each screen
    display,     // the reference on the confirmation screen
};

struct Style {
    Face face = Face::body;
    ImU32 color = IM_COL32(11, 12, 12, 255);
    float wrap_width = 0.0f;   // > 0: break lines at spaces so no line is wider than this
};

// Which font files were loaded, for the log and docs/hrc-kiosk.md.
struct FontReport {
    std::string regular_file;
    std::string bold_file;
    bool ok = false;
    std::string problem;       // set when !ok
};

// Design sizes in pixels at scale 1 (multiplied by `scale`); larger text multiplies them again.
struct Sizes {
    float body = 24.0f;
    float heading = 40.0f;
    float display = 56.0f;
};

// Loads regular + bold at every size into `atlas` (cleared first). Prefers Noto Sans from
// fonts-noto-core, else DejaVu Sans from fonts-dejavu-core. Call before the renderer builds the
// font texture (and again, followed by a texture rebuild, to change sizes).
FontReport load_fonts(ImFontAtlas* atlas, float scale, bool larger_text, const Sizes& sizes = {});

// Pixel height of one line of a face (the font's own metrics).
float line_height(Face face);

// One laid-out line: a byte range of the text and its width.
struct Line {
    std::size_t begin = 0;
    std::size_t end = 0;
    float width = 0.0f;
};

struct Layout {
    std::vector<Line> lines;
    ImVec2 size{0.0f, 0.0f};       // width of the widest line, total height
    ImVec2 end{0.0f, 0.0f};        // where a caret after the last character goes (top of its line)
};

// Breaks `text` into lines: at '\n', and at spaces when a wrap width is given (a word longer than
// the width is broken between characters). Never returns zero lines.
Layout layout(std::string_view text, const Style& style);

// Size of the text as laid out by layout().
ImVec2 measure(std::string_view text, const Style& style);

// Draws the text with its top-left corner at `pos`; returns its size.
ImVec2 draw(ImDrawList* list, ImVec2 pos, std::string_view text, const Style& style);

// True when every code point is one the interim layer draws correctly (Latin scripts and common
// punctuation). The shaped-text layer will make this always true.
bool can_draw(std::string_view utf8);

// Number of code points (for the PIN dots and "filled" checks).
std::size_t code_points(std::string_view utf8);

// UTF-8 encoding of one code point (invalid or surrogate code points give U+FFFD).
std::string encode_utf8(unsigned int code_point);

} // namespace hrc::kiosk::text
