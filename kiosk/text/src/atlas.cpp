// atlas.cpp — the glyph atlas. See hrc_text/atlas.h.
//
// [SECTION] rasterising (FreeType)
// [SECTION] shelf packing
// [SECTION] eviction, compaction and growth
// [SECTION] GlyphAtlas::get

#include "hrc_text/atlas.h"

#include <algorithm>
#include <cstring>

#include <ft2build.h>
#include FT_FREETYPE_H
#include FT_OUTLINE_H

namespace hrc::text {

namespace {

constexpr int kPad = 1;      // empty pixels around each glyph: no bleeding when sampled
constexpr int kMinShelf = 4; // leftover shelf heights below this are not worth keeping

// The solid texels at the top-left (kWhiteRows × kWhiteRows) of a bitmap `width` wide.
void paint_white(ZeroPages& pixels, int width) {
    for (int y = 0; y < GlyphAtlas::kWhiteRows; ++y)
        std::memset(pixels.data() + static_cast<std::size_t>(y) * static_cast<std::size_t>(width),
                    255, static_cast<std::size_t>(GlyphAtlas::kWhiteRows));
}

} // namespace

GlyphAtlas::GlyphAtlas(int width, int height, int max_side)
    : width_(std::max(width, 64)), height_(std::max(height, 64)),
      max_side_(std::max({max_side, width, height})),
      pixels_(static_cast<std::size_t>(width_) * static_cast<std::size_t>(height_)) {
    paint_white(pixels_, width_);
    shelves_bottom_ = kWhiteRows;
    resized_ = true;
}

std::uint64_t GlyphAtlas::key_of(const Font& font, std::uint32_t glyph, int phase) {
    return (static_cast<std::uint64_t>(font.id()) << 34) |
           (static_cast<std::uint64_t>(glyph) << 2) | static_cast<std::uint64_t>(phase & 3);
}

void GlyphAtlas::mark_dirty(const AtlasRect& r) {
    if (r.w > 0 && r.h > 0) dirty_.push_back(r);
}

std::vector<AtlasRect> GlyphAtlas::take_dirty() {
    std::vector<AtlasRect> out;
    out.swap(dirty_);
    return out;
}

bool GlyphAtlas::take_resized() {
    const bool r = resized_;
    resized_ = false;
    if (r) dirty_.clear(); // the whole texture is uploaded anyway
    return r;
}

AtlasStats GlyphAtlas::stats() const {
    AtlasStats s = stats_;
    s.width = width_;
    s.height = height_;
    s.bytes = pixels_.size();
    s.glyphs = entries_.size();
    return s;
}

bool GlyphAtlas::contains(const Font& font, std::uint32_t glyph, int phase) const {
    return entries_.count(key_of(font, glyph, phase)) != 0;
}

void GlyphAtlas::clear() {
    entries_.clear();
    shelves_.clear();
    shelves_bottom_ = kWhiteRows;
    pixels_.zero(); // the pages go back: nothing of the old glyphs stays, nothing is written
    paint_white(pixels_, width_);
    dirty_.clear();
    resized_ = true;
}

// [SECTION] rasterising =============================================================================

// Renders one glyph, shifted right by phase/4 px, into an 8-bit coverage bitmap. False (and
// nothing rendered) on a FreeType error.
bool GlyphAtlas::rasterise(const Font& font, std::uint32_t glyph, int phase,
                           std::vector<std::uint8_t>& bitmap, int& w, int& h, int& left,
                           int& top) const {
    FT_Face face = font.ft_face();
    // Unhinted, like HarfBuzz's positions and hb-view; no embedded bitmaps (Noto has none anyway).
    if (FT_Load_Glyph(face, glyph, FT_LOAD_NO_HINTING | FT_LOAD_NO_BITMAP) != 0) return false;
    FT_GlyphSlot slot = face->glyph;
    if (slot->format == FT_GLYPH_FORMAT_OUTLINE)
        FT_Outline_Translate(&slot->outline, static_cast<FT_Pos>(phase * 64 / kSubpixelPhases), 0);
    if (FT_Render_Glyph(slot, FT_RENDER_MODE_NORMAL) != 0) return false;
    const FT_Bitmap& bm = slot->bitmap;
    if (bm.pixel_mode != FT_PIXEL_MODE_GRAY && bm.rows != 0 && bm.width != 0) return false;
    w = static_cast<int>(bm.width);
    h = static_cast<int>(bm.rows);
    left = slot->bitmap_left;
    top = slot->bitmap_top;
    bitmap.assign(static_cast<std::size_t>(w) * static_cast<std::size_t>(h), 0);
    for (int y = 0; y < h; ++y) {
        const unsigned char* row = bm.buffer + static_cast<std::ptrdiff_t>(y) * bm.pitch;
        std::memcpy(bitmap.data() + static_cast<std::size_t>(y) * static_cast<std::size_t>(w), row,
                    static_cast<std::size_t>(w));
    }
    return true;
}

// [SECTION] shelf packing ===========================================================================

// A w × h slot (padding included): first on a shelf of a fitting height (not more than ~30 %
// taller, so short glyphs do not waste tall shelves), then on an empty shelf (split to size),
// then a new shelf at the bottom. nullopt when none fits.
std::optional<AtlasRect> GlyphAtlas::allocate(int w, int h, int& shelf_index) {
    if (w > width_ || h > height_) return std::nullopt;
    const auto take = [&](std::size_t si) -> std::optional<AtlasRect> {
        Shelf& s = shelves_[si];
        for (std::size_t k = 0; k < s.free.size(); ++k) {
            auto& [fx, fw] = s.free[k];
            if (fw < w) continue;
            AtlasRect r{fx, s.y, w, h};
            fx += w;
            fw -= w;
            if (fw == 0) s.free.erase(s.free.begin() + static_cast<std::ptrdiff_t>(k));
            ++s.used;
            shelf_index = static_cast<int>(si);
            return r;
        }
        return std::nullopt;
    };
    for (std::size_t si = 0; si < shelves_.size(); ++si) {
        const Shelf& s = shelves_[si];
        if (s.used > 0 && s.h >= h && s.h <= h + h * 3 / 10 + 2)
            if (auto r = take(si)) return r;
    }
    for (std::size_t si = 0; si < shelves_.size(); ++si) {
        Shelf& s = shelves_[si];
        if (s.used != 0 || s.h < h) continue;
        if (s.h - h >= kMinShelf) { // split: the rest stays an empty shelf below
            Shelf rest;
            rest.y = s.y + h;
            rest.h = s.h - h;
            rest.free = {{0, width_}};
            s.h = h;
            shelves_.insert(shelves_.begin() + static_cast<std::ptrdiff_t>(si) + 1, rest);
            for (auto& [key, entry] : entries_) // shelves below moved down one index
                if (entry.shelf > static_cast<int>(si)) ++entry.shelf;
        }
        return take(si);
    }
    if (shelves_bottom_ + h <= height_) {
        Shelf s;
        s.y = shelves_bottom_;
        s.h = h;
        s.free = {{0, width_}};
        shelves_.push_back(s);
        shelves_bottom_ += h;
        return take(shelves_.size() - 1);
    }
    return std::nullopt;
}

// Frees a glyph's slot: clears its pixels (the padding of later glyphs must stay empty), returns
// the interval to its shelf, merges empty neighbouring shelves and gives an empty last shelf
// back to the free space at the bottom.
void GlyphAtlas::release(const Entry& e) {
    const AtlasRect& r = e.glyph.rect;
    const int pw = r.w + 2 * kPad, ph = r.h + 2 * kPad;
    const int x0 = r.x - kPad, y0 = r.y - kPad;
    for (int y = y0; y < y0 + ph; ++y)
        std::memset(pixels_.data() +
                        static_cast<std::size_t>(y) * static_cast<std::size_t>(width_) +
                        static_cast<std::size_t>(x0),
                    0, static_cast<std::size_t>(pw));
    mark_dirty(AtlasRect{x0, y0, pw, ph});
    Shelf& s = shelves_[static_cast<std::size_t>(e.shelf)];
    s.free.emplace_back(x0, pw);
    std::sort(s.free.begin(), s.free.end());
    std::vector<std::pair<int, int>> merged;
    for (const auto& f : s.free) {
        if (!merged.empty() && merged.back().first + merged.back().second == f.first)
            merged.back().second += f.second;
        else
            merged.push_back(f);
    }
    s.free = std::move(merged);
    --s.used;
    if (s.used > 0) return;
    // Empty shelves: merge runs of them (their slots' indices in entries must stay valid, so only
    // empty shelves are touched and indices of non-empty shelves are remapped below).
    std::vector<Shelf> kept;
    std::vector<int> remap(shelves_.size(), -1);
    for (std::size_t i = 0; i < shelves_.size(); ++i) {
        Shelf& cur = shelves_[i];
        if (cur.used == 0 && !kept.empty() && kept.back().used == 0) {
            kept.back().h += cur.h;
            continue;
        }
        if (cur.used == 0) cur.free = {{0, width_}};
        remap[i] = static_cast<int>(kept.size());
        kept.push_back(cur);
    }
    if (!kept.empty() && kept.back().used == 0) {
        shelves_bottom_ = kept.back().y;
        kept.pop_back();
    }
    shelves_ = std::move(kept);
    for (auto& [key, entry] : entries_)
        if (entry.shelf >= 0) entry.shelf = remap[static_cast<std::size_t>(entry.shelf)];
}

// [SECTION] eviction, compaction and growth =====================================================================

// Evicts glyphs not used in `frame`, least recently used first, until a w × h slot fits.
bool GlyphAtlas::evict_for(int w, int h, std::uint64_t frame, AtlasRect& out, int& shelf_index) {
    std::vector<std::pair<std::uint64_t, std::uint64_t>> candidates; // (last_used, key)
    for (const auto& [key, e] : entries_)
        if (e.last_used < frame && e.shelf >= 0) candidates.emplace_back(e.last_used, key);
    std::sort(candidates.begin(), candidates.end());
    for (const auto& [used, key] : candidates) {
        auto it = entries_.find(key);
        const Entry e = it->second;
        entries_.erase(it);
        release(e);
        ++stats_.evictions;
        if (auto r = allocate(w, h, shelf_index)) {
            out = *r;
            return true;
        }
    }
    return false;
}

// Doubles the shorter side (height first) up to max_side; keeps every glyph where it is.
bool GlyphAtlas::grow() {
    const int nw = width_ < height_ ? width_ * 2 : width_;
    const int nh = width_ < height_ ? height_ : height_ * 2;
    if (nw > max_side_ || nh > max_side_) return false;
    ZeroPages bigger(static_cast<std::size_t>(nw) * static_cast<std::size_t>(nh));
    // Rows below the last shelf are zero in both: copying them would only make their pages real.
    for (int y = 0; y < std::min(shelves_bottom_, height_); ++y)
        std::memcpy(bigger.data() + static_cast<std::size_t>(y) * static_cast<std::size_t>(nw),
                    pixels_.data() + static_cast<std::size_t>(y) * static_cast<std::size_t>(width_),
                    static_cast<std::size_t>(width_));
    if (nw > width_)
        for (Shelf& s : shelves_)
            s.free.emplace_back(width_, nw - width_);
    pixels_ = std::move(bigger);
    width_ = nw;
    height_ = nh;
    resized_ = true;
    ++generation_;
    ++stats_.grows;
    return true;
}

// Repacks the glyphs still cached, tallest first, into a fresh bitmap of the same size. False (and
// nothing changed) if they do not all fit again.
bool GlyphAtlas::compact() {
    std::vector<std::pair<int, std::uint64_t>> order; // (height, key)
    for (const auto& [key, e] : entries_)
        if (e.shelf >= 0) order.emplace_back(e.glyph.rect.h, key);
    std::sort(order.begin(), order.end(), [](const auto& a, const auto& b) {
        return a.first > b.first || (a.first == b.first && a.second < b.second);
    });
    const std::vector<Shelf> old_shelves = shelves_;
    const int old_bottom = shelves_bottom_;
    shelves_.clear();
    shelves_bottom_ = kWhiteRows;
    std::vector<std::pair<std::uint64_t, std::pair<AtlasRect, int>>> placed;
    for (const auto& [h, key] : order) {
        const Entry& e = entries_.at(key);
        int shelf = -1;
        const auto slot = allocate(e.glyph.rect.w + 2 * kPad, e.glyph.rect.h + 2 * kPad, shelf);
        if (!slot) {
            shelves_ = old_shelves;
            shelves_bottom_ = old_bottom;
            return false;
        }
        placed.push_back({key, {*slot, shelf}});
    }
    ZeroPages fresh(pixels_.size());
    paint_white(fresh, width_);
    for (const auto& [key, where] : placed) {
        Entry& e = entries_.at(key);
        const AtlasRect& to = where.first;
        for (int y = 0; y < e.glyph.rect.h; ++y)
            std::memcpy(fresh.data() +
                            static_cast<std::size_t>(to.y + kPad + y) *
                                static_cast<std::size_t>(width_) +
                            static_cast<std::size_t>(to.x + kPad),
                        pixels_.data() +
                            static_cast<std::size_t>(e.glyph.rect.y + y) *
                                static_cast<std::size_t>(width_) +
                            static_cast<std::size_t>(e.glyph.rect.x),
                        static_cast<std::size_t>(e.glyph.rect.w));
        e.glyph.rect.x = to.x + kPad;
        e.glyph.rect.y = to.y + kPad;
        e.shelf = where.second;
    }
    pixels_ = std::move(fresh);
    resized_ = true; // every glyph moved: upload the whole texture
    ++generation_;
    ++stats_.compactions;
    return true;
}

std::optional<AtlasGlyph> GlyphAtlas::find(const Font& font, std::uint32_t glyph, int phase) const {
    const auto it = entries_.find(key_of(font, glyph, phase));
    if (it == entries_.end()) return std::nullopt;
    return it->second.glyph;
}

// [SECTION] GlyphAtlas::get =========================================================================

std::optional<AtlasGlyph> GlyphAtlas::get(const Font& font, std::uint32_t glyph, int phase,
                                          std::uint64_t frame) {
    phase = std::clamp(phase, 0, kSubpixelPhases - 1);
    const std::uint64_t key = key_of(font, glyph, phase);
    if (auto it = entries_.find(key); it != entries_.end()) {
        it->second.last_used = std::max(it->second.last_used, frame);
        return it->second.glyph;
    }
    std::vector<std::uint8_t> bitmap;
    int w = 0, h = 0, left = 0, top = 0;
    if (!rasterise(font, glyph, phase, bitmap, w, h, left, top)) {
        ++stats_.failures;
        return std::nullopt;
    }
    ++stats_.rasterised;
    Entry e;
    e.last_used = frame;
    e.glyph.left = left;
    e.glyph.top = top;
    if (w == 0 || h == 0) { // nothing to draw (a space): remembered, takes no room
        entries_.emplace(key, e);
        return e.glyph;
    }
    const int pw = w + 2 * kPad, ph = h + 2 * kPad;
    int shelf = -1;
    std::optional<AtlasRect> slot = allocate(pw, ph, shelf);
    AtlasRect r;
    if (!slot && evict_for(pw, ph, frame, r, shelf)) slot = r;
    if (!slot && compact()) slot = allocate(pw, ph, shelf);
    while (!slot && grow())
        slot = allocate(pw, ph, shelf);
    if (!slot) {
        ++stats_.failures;
        return std::nullopt;
    }
    for (int y = 0; y < h; ++y)
        std::memcpy(pixels_.data() +
                        static_cast<std::size_t>(slot->y + kPad + y) *
                            static_cast<std::size_t>(width_) +
                        static_cast<std::size_t>(slot->x + kPad),
                    bitmap.data() + static_cast<std::size_t>(y) * static_cast<std::size_t>(w),
                    static_cast<std::size_t>(w));
    mark_dirty(*slot);
    e.glyph.rect = AtlasRect{slot->x + kPad, slot->y + kPad, w, h};
    e.shelf = shelf;
    entries_.emplace(key, e);
    return e.glyph;
}

} // namespace hrc::text
