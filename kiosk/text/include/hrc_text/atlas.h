// hrc_text/atlas.h — glyph bitmaps in one dynamic single-channel atlas (CPU side).
//
// Glyphs are rasterised by FreeType on first use (unhinted, 8-bit coverage, at one of four
// horizontal sub-pixel phases) and packed on shelves. When the atlas is full, glyphs not used in
// the current frame are evicted, least recently used first; only when every glyph is in use this
// frame does the atlas grow (doubling, up to max_side). When eviction alone cannot make a slot
// (shelves fragment: a free short shelf cannot take a tall glyph), the glyphs left are repacked
// (compaction) before the atlas grows. The GPU copy is kept up to date by uploading the dirty
// rectangles (take_dirty), or everything after a resize or compaction (take_resized).
#pragma once

#include <cstdint>
#include <list>
#include <optional>
#include <unordered_map>
#include <vector>

#include "hrc_text/fonts.h"
#include "hrc_text/zero_pages.h"

namespace hrc::text {

struct AtlasRect {
    int x = 0, y = 0, w = 0, h = 0;
};

// Where a glyph's bitmap is and how to place it: its top-left pixel is at
// (pen_x_pixel + left, baseline_y - top). Empty glyphs (spaces) have w = h = 0.
struct AtlasGlyph {
    AtlasRect rect;
    int left = 0;
    int top = 0;
};

struct AtlasStats {
    int width = 0;
    int height = 0;
    std::size_t bytes = 0;               // CPU bitmap size (the GPU texture is the same, GL_R8)
    std::size_t glyphs = 0;              // glyphs cached now
    std::size_t rasterised = 0;          // glyphs rendered by FreeType since start
    std::size_t evictions = 0;           // glyphs evicted to make room
    std::size_t grows = 0;               // times the atlas doubled
    std::size_t compactions = 0;         // times the glyphs in use were repacked
    std::size_t failures = 0;            // glyphs that could not be placed or rendered
    std::size_t shaped_lines_cached = 0; // filled in by Engine
    std::size_t shaped_cache_hits = 0;
    std::size_t shaped_cache_misses = 0;
};

class GlyphAtlas {
public:
    static constexpr int kSubpixelPhases = 4;
    // The top kWhiteRows rows are never given to a glyph, and their first kWhiteRows texels are
    // full coverage (255): a shape drawn with texture coordinate (0, 0) from this atlas is solid,
    // whatever the atlas's size. The kiosk draws its rectangles and lines that way, so shapes and
    // text share one texture and a frame is a handful of draw calls instead of two per string
    // (under software OpenGL every texture switch costs a draw call's set-up).
    static constexpr int kWhiteRows = 2;

    // Starts at width × height (powers of two recommended), grows up to max_side × max_side.
    explicit GlyphAtlas(int width = 512, int height = 512, int max_side = 4096);

    // The glyph at sub-pixel phase `phase` (0 … 3 quarters of a pixel), rasterised and placed on
    // first use, marked used in `frame`. nullopt when FreeType cannot render it or no room can
    // be made (every glyph is in use this frame and the atlas is at its largest); counted in
    // AtlasStats::failures.
    std::optional<AtlasGlyph> get(const Font& font, std::uint32_t glyph, int phase,
                                  std::uint64_t frame);

    int width() const { return width_; }
    int height() const { return height_; }
    // The rows from the top that hold glyphs (or the white texels); every row below is zero and no
    // glyph's texture coordinates reach it.
    int rows_used() const { return shelves_bottom_; }
    // Row-major, width() bytes a row. Pages no glyph was written to take no memory (zero_pages.h).
    const ZeroPages& pixels() const { return pixels_; }
    // Rectangles changed since the last call (to upload), cleared by the call.
    std::vector<AtlasRect> take_dirty();
    // True when take_dirty or take_resized has something (nothing to upload otherwise).
    bool needs_upload() const { return resized_ || !dirty_.empty(); }
    // True once after the atlas was resized (the whole texture must be re-created).
    bool take_resized();
    AtlasStats stats() const;
    // True when the glyph is cached now (for tests).
    bool contains(const Font& font, std::uint32_t glyph, int phase) const;
    // Where a cached glyph is now, without rasterising or marking it used; nullopt if not cached.
    std::optional<AtlasGlyph> find(const Font& font, std::uint32_t glyph, int phase) const;
    // Changes whenever glyphs already placed move or the atlas size changes (growth, compaction):
    // texture coordinates computed before are then stale and must be looked up again.
    std::uint64_t generation() const { return generation_; }
    // Drops every glyph (after a font size change).
    void clear();

private:
    struct Entry {
        AtlasGlyph glyph;
        std::uint64_t last_used = 0;
        int shelf = -1;
    };
    struct Shelf {
        int y = 0;
        int h = 0;
        std::vector<std::pair<int, int>> free; // free x intervals [x, x + w), sorted
        int used = 0;                          // glyphs on the shelf
    };

    static std::uint64_t key_of(const Font& font, std::uint32_t glyph, int phase);
    bool rasterise(const Font& font, std::uint32_t glyph, int phase,
                   std::vector<std::uint8_t>& bitmap, int& w, int& h, int& left, int& top) const;
    std::optional<AtlasRect> allocate(int w, int h, int& shelf_index);
    void release(const Entry& e);
    bool evict_for(int w, int h, std::uint64_t frame, AtlasRect& out, int& shelf_index);
    bool grow();
    bool compact();
    void mark_dirty(const AtlasRect& r);

    int width_;
    int height_;
    int max_side_;
    ZeroPages pixels_;
    std::vector<Shelf> shelves_; // top to bottom
    int shelves_bottom_ = 0;     // first row not used by any shelf
    std::unordered_map<std::uint64_t, Entry> entries_;
    std::vector<AtlasRect> dirty_;
    bool resized_ = false;
    std::uint64_t generation_ = 0;
    AtlasStats stats_;
};

} // namespace hrc::text
