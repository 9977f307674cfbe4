// kiosk/app/text.cpp — see text.h. The implementation the languages issue replaces.
//
// [SECTION] fonts: files, glyph ranges, loading into the ImGui atlas
// [SECTION] UTF-8
// [SECTION] layout (line breaking) and drawing

#include "text.h"

#include <array>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>

namespace hrc::kiosk::text {

// [SECTION] fonts ===================================================================================

namespace {

struct FontFiles {
    const char* regular;
    const char* bold;
};

// Noto Sans first (fonts-noto-core: the family the languages issue extends per script), then
// DejaVu Sans (fonts-dejavu-core, on every Debian desktop) so the kiosk always starts.
constexpr std::array<FontFiles, 3> kCandidates{{
    {"/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf", "/usr/share/fonts/truetype/noto/NotoSans-Bold.ttf"},
    {"/usr/share/fonts/truetype/noto/NotoSansUI-Regular.ttf", "/usr/share/fonts/truetype/noto/NotoSansUI-Bold.ttf"},
    {"/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"},
}};

// Latin with every extension the Latin-script languages need (Polish ą ł, Romanian ș ț, Portuguese
// ã õ, Somali), general punctuation (’ “ ” – — …), £ and €. Glyph-per-code-point drawing is only
// right for these scripts; the other scripts wait for the shaped-text layer.
const ImWchar kGlyphRanges[] = {
    0x0020, 0x00FF,   // Basic Latin + Latin-1
    0x0100, 0x024F,   // Latin Extended-A and -B
    0x1E00, 0x1EFF,   // Latin Extended Additional
    0x2010, 0x2027,   // dashes, quotes, bullet, ellipsis
    0x2030, 0x205E,
    0x20AC, 0x20AC,   // €
    0,
};

std::array<ImFont*, 4> g_fonts{};   // indexed by Face

ImFont* font_of(Face face) {
    ImFont* f = g_fonts[static_cast<std::size_t>(face)];
    // Before load_fonts() (or if it failed) ImGui's built-in font keeps the kiosk drawing.
    return f != nullptr ? f : ImGui::GetFont();
}

// Reads a whole font file into memory owned by ImGui (the atlas frees it). Reading it ourselves
// instead of AddFontFromFileTTF avoids ImGui's assertion on a missing file.
bool add_font(ImFontAtlas* atlas, const char* path, float size_px, ImFont** out) {
    std::ifstream in(path, std::ios::binary | std::ios::ate);
    if (!in) return false;
    const std::streamoff length = in.tellg();
    if (length <= 0 || length > (64 << 20)) return false;
    void* data = ImGui::MemAlloc(static_cast<std::size_t>(length));
    if (data == nullptr) return false;
    in.seekg(0);
    if (!in.read(static_cast<char*>(data), length)) {
        ImGui::MemFree(data);
        return false;
    }
    ImFontConfig config;
    config.FontDataOwnedByAtlas = true;
    // Large sizes need no horizontal oversampling and would make the atlas huge with it.
    config.OversampleH = size_px < 30.0f ? 2 : 1;
    config.OversampleV = 1;
    config.PixelSnapH = true;
    std::snprintf(config.Name, sizeof(config.Name), "%s %.0fpx",
                  std::filesystem::path(path).filename().c_str(), static_cast<double>(size_px));
    ImFont* font = atlas->AddFontFromMemoryTTF(data, static_cast<int>(length), std::round(size_px), &config,
                                               kGlyphRanges);
    if (font == nullptr) return false;   // the atlas already owns `data`
    *out = font;
    return true;
}

} // namespace

FontReport load_fonts(ImFontAtlas* atlas, float scale, bool larger_text, const Sizes& sizes) {
    FontReport report;
    atlas->Clear();
    g_fonts = {};
    const float text_scale = scale * (larger_text ? 1.35f : 1.0f);
    for (const FontFiles& files : kCandidates) {
        std::error_code ec;
        if (!std::filesystem::is_regular_file(files.regular, ec) || !std::filesystem::is_regular_file(files.bold, ec))
            continue;
        std::array<ImFont*, 4> fonts{};
        const bool ok = add_font(atlas, files.regular, sizes.body * text_scale, &fonts[0]) &&
                        add_font(atlas, files.bold, sizes.body * text_scale, &fonts[1]) &&
                        add_font(atlas, files.bold, sizes.heading * text_scale, &fonts[2]) &&
                        add_font(atlas, files.bold, sizes.display * text_scale, &fonts[3]);
        if (!ok) {
            atlas->Clear();
            continue;
        }
        g_fonts = fonts;
        report.ok = true;
        report.regular_file = files.regular;
        report.bold_file = files.bold;
        return report;
    }
    // Neither family is installed: ImGui's built-in bitmap font keeps the kiosk usable for staff.
    ImFontConfig config;
    config.SizePixels = std::round(13.0f * text_scale);
    ImFont* fallback = atlas->AddFontDefault(&config);
    g_fonts = {fallback, fallback, fallback, fallback};
    report.problem = "no font found: install fonts-noto-core (or fonts-dejavu-core)";
    return report;
}

float line_height(Face face) {
    // 1.25 × the font size: GOV.UK body copy spacing, enough for Latin accents above and below.
    return std::round(font_of(face)->FontSize * 1.25f);
}

// [SECTION] UTF-8 ===================================================================================

namespace {

// Decodes one code point at `i` and advances `i`; malformed bytes give U+FFFD and advance by one.
unsigned int next_code_point(std::string_view s, std::size_t& i) {
    const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
    const unsigned char b0 = byte(i);
    if (b0 < 0x80) {
        ++i;
        return b0;
    }
    int extra = 0;
    unsigned int cp = 0;
    if ((b0 & 0xE0) == 0xC0) {
        extra = 1;
        cp = b0 & 0x1Fu;
    } else if ((b0 & 0xF0) == 0xE0) {
        extra = 2;
        cp = b0 & 0x0Fu;
    } else if ((b0 & 0xF8) == 0xF0) {
        extra = 3;
        cp = b0 & 0x07u;
    } else {
        ++i;
        return 0xFFFD;
    }
    if (i + static_cast<std::size_t>(extra) >= s.size()) {   // truncated sequence
        ++i;
        return 0xFFFD;
    }
    for (int k = 1; k <= extra; ++k) {
        const unsigned char b = byte(i + static_cast<std::size_t>(k));
        if ((b & 0xC0) != 0x80) {
            ++i;
            return 0xFFFD;
        }
        cp = (cp << 6) | (b & 0x3Fu);
    }
    i += static_cast<std::size_t>(extra) + 1;
    return cp;
}

} // namespace

std::size_t code_points(std::string_view utf8) {
    std::size_t n = 0;
    for (std::size_t i = 0; i < utf8.size();) {
        (void)next_code_point(utf8, i);
        ++n;
    }
    return n;
}

bool can_draw(std::string_view utf8) {
    for (std::size_t i = 0; i < utf8.size();) {
        const unsigned int cp = next_code_point(utf8, i);
        bool in = cp == '\n';
        for (const ImWchar* r = kGlyphRanges; r[0] != 0; r += 2)
            if (cp >= r[0] && cp <= r[1]) in = true;
        if (!in) return false;
    }
    return true;
}

std::string encode_utf8(unsigned int cp) {
    if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
    std::string out;
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
    return out;
}

// [SECTION] layout and drawing ======================================================================

Layout layout(std::string_view s, const Style& style) {
    ImFont* font = font_of(style.face);
    const float advance_y = line_height(style.face);
    const bool wrap = style.wrap_width > 0.0f;
    Layout out;

    std::size_t line_begin = 0;
    float width = 0.0f;
    // The last space in the current line: the line may break there.
    std::size_t break_at = std::string_view::npos;
    float width_at_break = 0.0f;

    const auto finish_line = [&](std::size_t end, float w) {
        out.lines.push_back(Line{line_begin, end, w});
        out.size.x = std::max(out.size.x, w);
    };

    for (std::size_t i = 0; i < s.size();) {
        const std::size_t at = i;
        const unsigned int cp = next_code_point(s, i);
        if (cp == '\n') {
            finish_line(at, width);
            line_begin = i;
            width = 0.0f;
            break_at = std::string_view::npos;
            continue;
        }
        const float w = font->GetCharAdvance(static_cast<ImWchar>(cp <= 0xFFFF ? cp : 0xFFFD));
        if (wrap && cp != ' ' && width + w > style.wrap_width && at > line_begin) {
            if (break_at != std::string_view::npos) {
                // Break at the last space: the space itself belongs to neither line.
                finish_line(break_at, width_at_break);
                line_begin = break_at + 1;
                // Re-measure what moved to the new line (the word being typed).
                width = 0.0f;
                for (std::size_t k = line_begin; k < at;) {
                    const unsigned int c = next_code_point(s, k);
                    width += font->GetCharAdvance(static_cast<ImWchar>(c <= 0xFFFF ? c : 0xFFFD));
                }
            } else {
                // One word wider than the line: break between characters.
                finish_line(at, width);
                line_begin = at;
                width = 0.0f;
            }
            break_at = std::string_view::npos;
        }
        if (cp == ' ') {
            break_at = at;
            width_at_break = width;
        }
        width += w;
    }
    finish_line(s.size(), width);

    out.size.y = advance_y * static_cast<float>(out.lines.size());
    out.end = ImVec2(out.lines.back().width, advance_y * static_cast<float>(out.lines.size() - 1));
    return out;
}

ImVec2 measure(std::string_view s, const Style& style) { return layout(s, style).size; }

ImVec2 draw(ImDrawList* list, ImVec2 pos, std::string_view s, const Style& style) {
    ImFont* font = font_of(style.face);
    const Layout l = layout(s, style);
    const float advance_y = line_height(style.face);
    // Centre the glyphs vertically in the taller line box.
    const float inset = std::round((advance_y - font->FontSize) * 0.5f);
    float y = pos.y + inset;
    for (const Line& line : l.lines) {
        if (line.end > line.begin)
            list->AddText(font, font->FontSize, ImVec2(std::round(pos.x), std::round(y)), style.color,
                          s.data() + line.begin, s.data() + line.end);
        y += advance_y;
    }
    return l.size;
}

} // namespace hrc::kiosk::text
