// test_atlas.cpp — the glyph atlas: filled on demand, LRU eviction that spares the current frame,
// growth only when needed, statistics; the bounded cache of shaped text.

#include <algorithm>
#include <memory>
#include <set>

#include <catch2/catch.hpp>
#include <sys/mman.h>
#include <unistd.h>

#include "hrc_text/atlas.h"
#include "hrc_text/engine.h"
#include "hrc_text/fonts.h"

using namespace hrc::text;

namespace {

// Glyph ids with ink (not spaces) of a font: the first `n` ids from 1.
std::vector<std::uint32_t> some_glyphs(std::size_t n, std::uint32_t from = 1) {
    std::vector<std::uint32_t> out;
    for (std::uint32_t g = from; out.size() < n; ++g)
        out.push_back(g);
    return out;
}

// The atlas pixels of a glyph equal a fresh rendering (nothing overwrote it).
bool intact(GlyphAtlas& atlas, const Font& font, std::uint32_t g, int phase, std::uint64_t frame) {
    GlyphAtlas fresh(256, 256, 256);
    const auto a = atlas.get(font, g, phase, frame);
    const auto b = fresh.get(font, g, phase, 1);
    if (!a || !b || a->rect.w != b->rect.w || a->rect.h != b->rect.h || a->left != b->left ||
        a->top != b->top)
        return false;
    for (int y = 0; y < a->rect.h; ++y)
        for (int x = 0; x < a->rect.w; ++x)
            if (atlas.pixels()[static_cast<std::size_t>(a->rect.y + y) *
                                   static_cast<std::size_t>(atlas.width()) +
                               static_cast<std::size_t>(a->rect.x + x)] !=
                fresh.pixels()[static_cast<std::size_t>(b->rect.y + y) *
                                   static_cast<std::size_t>(fresh.width()) +
                               static_cast<std::size_t>(b->rect.x + x)])
                return false;
    return true;
}

// How many pages of `pixels` are backed by memory (mincore): the others hold zeros no memory holds.
std::size_t resident_pages(const ZeroPages& pixels) {
    const auto page = static_cast<std::size_t>(sysconf(_SC_PAGESIZE));
    std::vector<unsigned char> in_core((pixels.size() + page - 1) / page);
    REQUIRE(mincore(const_cast<std::uint8_t*>(pixels.data()), pixels.size(), in_core.data()) == 0);
    return static_cast<std::size_t>(std::count_if(in_core.begin(), in_core.end(),
                                                  [](unsigned char c) { return (c & 1) != 0; }));
}

} // namespace

TEST_CASE(
    "zero pages: zeros to start, writes kept, zero() gives zeros again, moves leave nothing") {
    ZeroPages a(1 << 20);
    REQUIRE(a.size() == (1u << 20));
    CHECK(resident_pages(a) == 0); // nothing written, nothing backed
    a[5] = 7;
    a[(1 << 20) - 1] = 9;
    CHECK(a[5] == 7);
    CHECK(a[(1 << 20) - 1] == 9);
    CHECK(resident_pages(a) == 2);
    ZeroPages b = std::move(a);
    CHECK(a.empty());
    CHECK(a.data() == nullptr);
    CHECK(b[5] == 7);
    b.zero();
    CHECK(resident_pages(b) == 0);
    CHECK(b[5] == 0);
    CHECK(b[(1 << 20) - 1] == 0);
    CHECK(std::all_of(b.data(), b.data() + b.size(), [](std::uint8_t x) { return x == 0; }));
}

TEST_CASE("atlas: only the rows glyphs were written to take memory, and clear() hands them back") {
    FontLibrary lib;
    const Font& font = lib.font("/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf", 24.0f);
    GlyphAtlas atlas(1024, 1024, 4096);
    const std::size_t pages =
        atlas.pixels().size() / static_cast<std::size_t>(sysconf(_SC_PAGESIZE));
    for (std::uint32_t g : some_glyphs(100, 36))
        REQUIRE(atlas.get(font, g, 0, 1).has_value());
    const std::size_t used = resident_pages(atlas.pixels());
    INFO("pages backed: " << used << " of " << pages);
    CHECK(used > 0);
    CHECK(used * 4 < pages); // 100 glyphs of 24 px fill a few shelves at the top
    atlas.clear();
    CHECK(resident_pages(atlas.pixels()) <= 1); // the white texels' page, painted again
    // What is left reads as zeros but for the white texels.
    CHECK(atlas.pixels()[0] == 255);
    CHECK(std::all_of(atlas.pixels().data() + 1024 * 8,
                      atlas.pixels().data() + atlas.pixels().size(),
                      [](std::uint8_t b) { return b == 0; }));
}

TEST_CASE(
    "atlas: past capacity it evicts least recently used glyphs, never those of the current frame") {
    FontLibrary lib;
    const Font& font = lib.font("/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf", 20.0f);
    // 128 × 128, not allowed to grow: about 60 glyphs of 20 px fit.
    GlyphAtlas atlas(128, 128, 128);
    std::uint64_t frame = 1;
    std::size_t total = 0;
    for (std::uint32_t start = 36; start < 36 + 24 * 14; start += 24, ++frame) {
        const std::vector<std::uint32_t> ids = some_glyphs(24, start);
        for (std::uint32_t g : ids) {
            REQUIRE(atlas.get(font, g, 0, frame).has_value());
            ++total;
        }
        // Everything asked for in this frame is still there and intact.
        for (std::uint32_t g : ids) {
            CHECK(atlas.contains(font, g, 0));
            CHECK(intact(atlas, font, g, 0, frame));
        }
    }
    const AtlasStats s = atlas.stats();
    CHECK(s.evictions > 0);
    CHECK(s.grows == 0);
    CHECK(s.width == 128);
    CHECK(s.bytes == 128u * 128u);
    CHECK(s.glyphs < total);
    CHECK(s.rasterised == total);
    // The oldest frame's glyphs went first.
    CHECK_FALSE(atlas.contains(font, 36, 0));
}

TEST_CASE("atlas: when every glyph is in use this frame it grows, and at its limit it refuses") {
    FontLibrary lib;
    const Font& font = lib.font("/usr/share/fonts/truetype/noto/NotoSans-Bold.ttf", 28.0f);
    GlyphAtlas atlas(64, 64, 256);
    const std::vector<std::uint32_t> ids = some_glyphs(150, 36);
    std::size_t got = 0;
    for (std::uint32_t g : ids)
        if (atlas.get(font, g, 0, 7)) ++got;
    const AtlasStats s = atlas.stats();
    CHECK(s.grows > 0);
    CHECK(s.evictions == 0); // all in use in frame 7: none may go
    CHECK(s.width <= 256);
    CHECK(s.height <= 256);
    if (got < ids.size()) CHECK(s.failures == ids.size() - got); // at 256 × 256 some did not fit
    // Every glyph placed in frame 7 is intact.
    for (std::uint32_t g : ids)
        if (atlas.contains(font, g, 0)) CHECK(intact(atlas, font, g, 0, 7));
    // The next frame may evict them.
    const std::vector<std::uint32_t> more = some_glyphs(40, 400);
    for (std::uint32_t g : more)
        CHECK(atlas.get(font, g, 0, 8).has_value());
    CHECK(atlas.stats().evictions > 0);
}

TEST_CASE("atlas: dirty rectangles cover what changed, and sub-pixel phases are separate glyphs") {
    FontLibrary lib;
    const Font& font = lib.font("/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf", 24.0f);
    GlyphAtlas atlas(256, 256, 1024);
    CHECK(atlas.take_resized()); // a new atlas must be uploaded whole once
    CHECK_FALSE(atlas.take_resized());
    const auto a0 = atlas.get(font, 40, 0, 1);
    const auto a2 = atlas.get(font, 40, 2, 1);
    REQUIRE(a0);
    REQUIRE(a2);
    CHECK((a0->rect.x != a2->rect.x || a0->rect.y != a2->rect.y));
    const std::vector<AtlasRect> dirty = atlas.take_dirty();
    CHECK(dirty.size() == 2);
    for (const AtlasRect& r : dirty) {
        CHECK(r.x >= 0);
        CHECK(r.x + r.w <= atlas.width());
    }
    CHECK(atlas.take_dirty().empty());
    CHECK(atlas.get(font, 40, 0, 2).has_value()); // cached: nothing new to upload
    CHECK(atlas.take_dirty().empty());
    CHECK(atlas.stats().rasterised == 2);
}

TEST_CASE("shaped-text cache: bounded, keyed by text, language, face, size and wrap width") {
    Engine engine("/usr/share/fonts/truetype/noto", "/usr/share/fonts/truetype/dejavu", 16);
    TextRequest req;
    const auto first = engine.layout("What happened?", req);
    CHECK(engine.layout("What happened?", req) == first); // the same object: a hit
    req.wrap_width = 100.0f;
    CHECK(engine.layout("What happened?", req) != first); // other wrap width: laid out again
    req.wrap_width = 0.0f;
    req.bold = true;
    CHECK(engine.layout("What happened?", req) != first);
    req.bold = false;
    engine.set_language("pl");
    CHECK(engine.layout("What happened?", req) != first); // other language
    for (int i = 0; i < 40; ++i)
        (void)engine.layout("line " + std::to_string(i), req);
    const AtlasStats s = engine.stats();
    CHECK(s.shaped_lines_cached == 16);
    CHECK(s.shaped_cache_hits == 1);
    CHECK(s.shaped_cache_misses == 44);
}

// Issue 13: the cache holds what people typed; wipe_cache() (every session end) zeroes it. A layout a
// caller still holds reads as NULs afterwards, the cache is empty, and the same text is laid out
// afresh (a miss), so nothing of the old entry is reused.
TEST_CASE("shaped-text cache: wipe_cache zeroes every cached text and empties the cache") {
    Engine engine("/usr/share/fonts/truetype/noto", "/usr/share/fonts/truetype/dejavu", 16);
    TextRequest req;
    const std::string typed = "my neighbour Zqxvbk shouted at me";
    const auto held = engine.layout(typed, req);
    (void)engine.layout(typed.substr(0, 12), req);
    REQUIRE(held->text == typed);
    REQUIRE(engine.stats().shaped_lines_cached == 2);
    engine.wipe_cache();
    CHECK(engine.stats().shaped_lines_cached == 0);
    CHECK(held->text.find("Zqxvbk") == std::string::npos);
    CHECK(std::all_of(held->text.begin(), held->text.end(), [](char c) { return c == '\0'; }));
    const std::size_t misses = engine.stats().shaped_cache_misses;
    const auto again = engine.layout(typed, req);
    CHECK(again != held);
    CHECK(again->text == typed);
    CHECK(engine.stats().shaped_cache_misses == misses + 1);
}

// Eviction: an entry that falls out of the bounded cache is released (its key and, when nobody
// holds it, its text are zeroed first: not observable from outside, the kiosk's allocator test and
// memory e2e cover freed memory); a layout a caller still holds stays intact until it lets go.
TEST_CASE("shaped-text cache: an evicted layout is released, one still held stays intact") {
    Engine engine("/usr/share/fonts/truetype/noto", "/usr/share/fonts/truetype/dejavu", 16);
    TextRequest req;
    std::weak_ptr<const TextLayout> watch = engine.layout("Zqxvbk typed first", req);
    CHECK_FALSE(watch.expired()); // the cache holds it
    for (int i = 0; i < 16; ++i)
        (void)engine.layout("line " + std::to_string(i), req);
    CHECK(watch.expired()); // pushed out and released
    const auto kept = engine.layout("Zqxvbk kept", req);
    for (int i = 0; i < 16; ++i)
        (void)engine.layout("more " + std::to_string(i), req);
    CHECK(kept->text == "Zqxvbk kept");
}
