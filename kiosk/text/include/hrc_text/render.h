// hrc_text/render.h — a small CPU renderer: composes a TextLayout into an 8-bit grey image through
// the same glyph atlas the kiosk draws from, and reads/writes binary PGM (P5). Used by tests to
// compare with hb-view and by the end-to-end screenshot comparisons.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "hrc_text/atlas.h"
#include "hrc_text/layout.h"

namespace hrc::text {

// Where each glyph of a layout goes, the same for the kiosk (ImGui quads) and the CPU renderer:
// the pen position (26.6) plus HarfBuzz's offset, rounded to the nearest quarter pixel
// horizontally (x = whole pixel, phase = quarters: the atlas keeps one bitmap per phase) and to
// the nearest pixel vertically. `x64` is the box's left edge in 26.6, `y` its top in pixels.
// Calls f(const Font&, glyph id, phase, x, baseline_y).
template <typename F>
void place_glyphs(const TextLayout& layout, std::int32_t x64, int y, F&& f) {
    for (const Line& line : layout.lines) {
        const int baseline = y + line.top + line.baseline;
        for (const Run& run : line.runs) {
            std::int32_t pen_x = x64 + line.x + run.x;
            std::int32_t pen_y = 0;
            for (std::size_t k = run.glyph_begin; k < run.glyph_end; ++k) {
                const Glyph& g = line.glyphs[k];
                const std::int32_t gx = pen_x + g.x_offset + 8; // + 8: nearest quarter
                const std::int32_t gy = pen_y + g.y_offset;     // y up, as HarfBuzz
                f(*run.font, g.id, static_cast<int>((gx & 63) / 16), static_cast<int>(gx >> 6),
                  baseline - static_cast<int>((gy + 32) >> 6));
                pen_x += g.x_advance;
                pen_y += g.y_advance;
            }
        }
    }
}

// Ink coverage, 0 = none, 255 = full; row-major.
struct GreyImage {
    int width = 0;
    int height = 0;
    std::vector<std::uint8_t> pixels;
    GreyImage() = default;
    GreyImage(int w, int h)
        : width(w), height(h),
          pixels(static_cast<std::size_t>(w) * static_cast<std::size_t>(h), 0) {}
    std::uint8_t at(int x, int y) const {
        return pixels[static_cast<std::size_t>(y) * static_cast<std::size_t>(width) +
                      static_cast<std::size_t>(x)];
    }
};

// Draws `layout` with the box's top-left at (x, y) pixels, compositing coverage like a black
// "over" (a + b − ab). Glyphs the atlas cannot give are skipped and counted in the return value.
std::size_t render_layout(const TextLayout& layout, GlyphAtlas& atlas, GreyImage& image, int x,
                          int y, std::uint64_t frame = 0);

// Writes black ink on white (255 − coverage) as binary PGM. Returns false if the file cannot be
// written (errno is left set).
bool write_pgm(const GreyImage& image, const std::string& path);
// Reads a binary PGM (P5, maxval 255) and returns ink coverage (255 − value); nullopt if the file
// is missing or not that format.
std::optional<GreyImage> read_pgm(const std::string& path);

// The smallest rectangle holding every pixel with coverage > threshold; nullopt if none.
std::optional<AtlasRect> ink_bounds(const GreyImage& image, std::uint8_t threshold = 0);

} // namespace hrc::text
