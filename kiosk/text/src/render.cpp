// render.cpp — the CPU renderer and PGM files. See hrc_text/render.h.

#include "hrc_text/render.h"

#include <cmath>
#include <cstdio>
#include <fstream>

namespace hrc::text {

std::size_t render_layout(const TextLayout& layout, GlyphAtlas& atlas, GreyImage& image, int x,
                          int y, std::uint64_t frame) {
    std::size_t missing = 0;
    place_glyphs(
        layout, static_cast<std::int32_t>(x) * 64, y,
        [&](const Font& font, std::uint32_t id, int phase, int ix, int iy) {
            const auto ag = atlas.get(font, id, phase, frame);
            if (!ag) {
                ++missing;
                return;
            }
            // Read the pixels after get(): it may have grown or repacked the atlas.
            const ZeroPages& px = atlas.pixels();
            const int aw = atlas.width();
            for (int r = 0; r < ag->rect.h; ++r) {
                const int dy = iy - ag->top + r;
                if (dy < 0 || dy >= image.height) continue;
                for (int c = 0; c < ag->rect.w; ++c) {
                    const int dx = ix + ag->left + c;
                    if (dx < 0 || dx >= image.width) continue;
                    const unsigned a =
                        px[static_cast<std::size_t>(ag->rect.y + r) * static_cast<std::size_t>(aw) +
                           static_cast<std::size_t>(ag->rect.x + c)];
                    std::uint8_t& d = image.pixels[static_cast<std::size_t>(dy) *
                                                       static_cast<std::size_t>(image.width) +
                                                   static_cast<std::size_t>(dx)];
                    d = static_cast<std::uint8_t>(d + (a * (255u - d) + 127u) / 255u);
                }
            }
        });
    return missing;
}

bool write_pgm(const GreyImage& image, const std::string& path) {
    std::FILE* f = std::fopen(path.c_str(), "wb");
    if (f == nullptr) return false;
    bool ok = std::fprintf(f, "P5\n%d %d\n255\n", image.width, image.height) > 0;
    std::vector<std::uint8_t> row(static_cast<std::size_t>(image.width));
    for (int y = 0; ok && y < image.height; ++y) {
        for (int x = 0; x < image.width; ++x)
            row[static_cast<std::size_t>(x)] = static_cast<std::uint8_t>(255 - image.at(x, y));
        ok = std::fwrite(row.data(), 1, row.size(), f) == row.size();
    }
    return std::fclose(f) == 0 && ok;
}

std::optional<GreyImage> read_pgm(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::nullopt;
    std::string magic;
    int w = 0, h = 0, maxval = 0;
    in >> magic;
    // Skip comments between header fields (ImageMagick writes none, but the format allows them).
    const auto field = [&](int& v) {
        in >> std::ws;
        while (in.peek() == '#') {
            std::string skip;
            std::getline(in, skip);
            in >> std::ws;
        }
        in >> v;
    };
    field(w);
    field(h);
    field(maxval);
    if (!in || magic != "P5" || maxval != 255 || w <= 0 || h <= 0 || w > 1 << 15 || h > 1 << 15)
        return std::nullopt;
    in.get(); // the single whitespace byte before the pixels
    GreyImage img(w, h);
    in.read(reinterpret_cast<char*>(img.pixels.data()),
            static_cast<std::streamsize>(img.pixels.size()));
    if (!in) return std::nullopt;
    for (std::uint8_t& p : img.pixels)
        p = static_cast<std::uint8_t>(255 - p);
    return img;
}

std::optional<AtlasRect> ink_bounds(const GreyImage& image, std::uint8_t threshold) {
    int x0 = image.width, y0 = image.height, x1 = -1, y1 = -1;
    for (int y = 0; y < image.height; ++y)
        for (int x = 0; x < image.width; ++x)
            if (image.at(x, y) > threshold) {
                x0 = std::min(x0, x), y0 = std::min(y0, y), x1 = std::max(x1, x),
                y1 = std::max(y1, y);
            }
    if (x1 < 0) return std::nullopt;
    return AtlasRect{x0, y0, x1 - x0 + 1, y1 - y0 + 1};
}

} // namespace hrc::text
