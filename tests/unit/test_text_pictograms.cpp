// test_text_pictograms.cpp — easy-read pictograms (issue 18) through hrc_text, no window: the colour
// emoji font (fonts-noto-color-emoji, a package the kiosk depends on) opened lazily, sequences
// shaped to one glyph (ZWJ flags are GSUB ligatures), BGRA strikes scaled down by area averaging
// into size × size straight-alpha RGBA, clean failures, and the RGBA atlas the kiosk uploads.

#include <cstdint>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "hrc_text/pictograms.h"

using namespace hrc::text;

namespace {

const std::string kPerson = "\U0001F9D1";                            // 🧑
const std::string kWhiteFlag = "\U0001F3F3\uFE0F";                   // 🏳️
const std::string kRainbowFlag = "\U0001F3F3\uFE0F\u200D\U0001F308"; // 🏳️‍🌈
const std::string kTransFlag = "\U0001F3F3\uFE0F\u200D\u26A7\uFE0F"; // 🏳️‍⚧️

struct Rgba {
    int r, g, b, a;
};
Rgba at(const Pictogram& p, int x, int y) {
    const std::size_t i = (static_cast<std::size_t>(y) * static_cast<std::size_t>(p.width) +
                           static_cast<std::size_t>(x)) *
                          4;
    return {p.rgba[i], p.rgba[i + 1], p.rgba[i + 2], p.rgba[i + 3]};
}

template <typename F>
int count(const Pictogram& p, F&& f) {
    int n = 0;
    for (int y = 0; y < p.height; ++y)
        for (int x = 0; x < p.width; ++x)
            if (f(at(p, x, y))) ++n;
    return n;
}

bool opaque(const Rgba& c) {
    return c.a == 255;
}
// Real colour: the channels differ clearly (not grey).
bool colourful(const Rgba& c) {
    const int hi = std::max({c.r, c.g, c.b}), lo = std::min({c.r, c.g, c.b});
    return c.a > 200 && hi - lo > 80;
}

} // namespace

TEST_CASE("pictograms: the emoji font is opened on first use, not before", "[pictograms]") {
    PictogramSource source;
    CHECK_FALSE(source.is_open());
    PictogramAtlas atlas;
    CHECK(atlas.pixels().empty()); // no RGBA bitmap until the first picture
    CHECK(atlas.stats().bytes == 0);
    REQUIRE(source.glyph_of(kPerson).has_value());
    CHECK(source.is_open());
}

TEST_CASE("pictograms: a person is size by size, opaque and in colour", "[pictograms]") {
    PictogramSource source;
    const auto p = source.render(kPerson, 64);
    INFO(source.problem());
    REQUIRE(p.has_value());
    CHECK(p->width == 64);
    CHECK(p->height == 64);
    REQUIRE(p->rgba.size() == 64u * 64u * 4u);
    const int n = 64 * 64;
    CHECK(count(*p, opaque) > n / 4);
    CHECK(count(*p, colourful) > n / 10);
    // The emoji yellow (R and G high, B low): red and blue swapped (BGRA read as RGBA) would be blue.
    CHECK(count(*p, [](const Rgba& c) {
              return c.a == 255 && c.r > 200 && c.g > 140 && c.b < 120;
          }) > n / 10);
    // Straight alpha, and nothing but zeros where nothing is drawn.
    CHECK(count(*p, [](const Rgba& c) { return c.a == 0 && (c.r | c.g | c.b) != 0; }) == 0);
    // The corners are transparent (the picture sits inside its square), the centre is not.
    CHECK(at(*p, 0, 0).a == 0);
    CHECK(at(*p, 32, 32).a > 0);
}

TEST_CASE("pictograms: the rainbow and transgender flags shape to one glyph each", "[pictograms]") {
    PictogramSource source;
    const auto white = source.glyph_of(kWhiteFlag);
    const auto rainbow = source.glyph_of(kRainbowFlag);
    const auto trans = source.glyph_of(kTransFlag);
    INFO(source.problem());
    REQUIRE(white.has_value());
    REQUIRE(rainbow.has_value());
    REQUIRE(trans.has_value());
    // Ligatures: neither is the white flag they start with, nor each other.
    CHECK(*rainbow != *white);
    CHECK(*trans != *white);
    CHECK(*rainbow != *trans);
}

TEST_CASE(
    "pictograms: the rainbow flag has red, green and blue, the trans flag pink and light blue",
    "[pictograms]") {
    PictogramSource source;
    const auto rainbow = source.render(kRainbowFlag, 96);
    INFO(source.problem());
    REQUIRE(rainbow.has_value());
    const int red = count(
        *rainbow, [](const Rgba& c) { return c.a > 200 && c.r > 180 && c.g < 90 && c.b < 90; });
    const int green = count(
        *rainbow, [](const Rgba& c) { return c.a > 200 && c.g > 120 && c.r < 100 && c.b < 130; });
    const int blue = count(
        *rainbow, [](const Rgba& c) { return c.a > 200 && c.b > 150 && c.r < 100 && c.g < 170; });
    CHECK(red > 50);
    CHECK(green > 50);
    CHECK(blue > 50);

    const auto trans = source.render(kTransFlag, 96);
    REQUIRE(trans.has_value());
    const int pink = count(*trans, [](const Rgba& c) {
        return c.a > 200 && c.r > 200 && c.b > 150 && c.g < 200 && c.r - c.g > 40;
    });
    const int light_blue = count(
        *trans, [](const Rgba& c) { return c.a > 200 && c.b > 200 && c.g > 150 && c.r < 150; });
    CHECK(pink > 50);
    CHECK(light_blue > 50);
}

TEST_CASE("pictograms: sequences the font does not have fail cleanly", "[pictograms]") {
    PictogramSource source;
    for (const std::string& s : {std::string("abc"), std::string("a"), std::string("\uE000"),
                                 std::string(), kPerson + kPerson}) {
        INFO("sequence bytes: " << s.size());
        CHECK_FALSE(source.glyph_of(s).has_value());
        CHECK_FALSE(source.render(s, 48).has_value());
        CHECK_FALSE(source.problem().empty());
        // Asked again (cached): the same answer.
        CHECK_FALSE(source.glyph_of(s).has_value());
    }
    // Sizes outside 1 … kMaxSize fail for a sequence the font has.
    CHECK_FALSE(source.render(kPerson, 0).has_value());
    CHECK_FALSE(source.render(kPerson, PictogramSource::kMaxSize + 1).has_value());
    CHECK(source.render(kPerson, 1).has_value());
}

TEST_CASE("pictograms: a missing emoji font fails without throwing, once", "[pictograms]") {
    PictogramSource source("/nonexistent/NotoColorEmoji.ttf");
    CHECK_FALSE(source.open());
    CHECK_FALSE(source.is_open());
    CHECK(source.problem().find("/nonexistent/NotoColorEmoji.ttf") != std::string::npos);
    CHECK_FALSE(source.glyph_of(kPerson).has_value());
    CHECK_FALSE(source.render(kPerson, 48).has_value());
    // A text font (no colour strike) is refused too.
    PictogramSource not_colour("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf");
    CHECK_FALSE(not_colour.open());
    CHECK(not_colour.problem().find("colour") != std::string::npos);
}

TEST_CASE("pictograms: sizes 48 and 96 both render, centred", "[pictograms]") {
    PictogramSource source;
    for (int size : {48, 96}) {
        INFO("size " << size);
        const auto p = source.render(kPerson, size);
        REQUIRE(p.has_value());
        CHECK(p->width == size);
        CHECK(p->height == size);
        CHECK(p->rgba.size() == static_cast<std::size_t>(size * size * 4));
        CHECK(count(*p, opaque) > size * size / 4);
        CHECK(count(*p, colourful) > size * size / 10);
        // Centred: the ink's left and right margins differ by at most a pixel or two.
        int left = size, right = -1;
        for (int y = 0; y < size; ++y)
            for (int x = 0; x < size; ++x)
                if (at(*p, x, y).a > 0) {
                    left = std::min(left, x);
                    right = std::max(right, x);
                }
        REQUIRE(right >= left);
        CHECK(std::abs(left - (size - 1 - right)) <= 2);
    }
}

TEST_CASE("pictograms: area_resample averages by area", "[pictograms]") {
    // 4 × 1 → 2 × 1: each output is the mean of two inputs.
    const std::vector<std::uint8_t> row = {255, 0, 0,   255, 0, 0, 0,   0,
                                           0,   0, 255, 255, 0, 0, 255, 255};
    const auto half = area_resample(row, 4, 1, 2, 1);
    REQUIRE(half.size() == 8);
    CHECK(half[0] == 128); // red, half covered (premultiplied: r = a)
    CHECK(half[3] == 128);
    CHECK(half[6] == 255);
    CHECK(half[7] == 255);
    // 3 → 2: the middle input is split, each output gets half of it (weights 2/3, 1/3).
    const std::vector<std::uint8_t> three = {0, 0, 0, 0, 0, 0, 0, 255, 0, 0, 0, 0};
    const auto two = area_resample(three, 3, 1, 2, 1);
    REQUIRE(two.size() == 8);
    CHECK(two[3] == 85);
    CHECK(two[7] == 85);
    // A uniform image stays uniform at any size, enlarging too.
    std::vector<std::uint8_t> flat(7 * 5 * 4);
    for (std::size_t i = 0; i < flat.size(); i += 4) {
        flat[i] = 40;
        flat[i + 1] = 80;
        flat[i + 2] = 120;
        flat[i + 3] = 200;
    }
    for (auto [dw, dh] : {std::pair{3, 2}, std::pair{11, 13}}) {
        const auto out = area_resample(flat, 7, 5, dw, dh);
        REQUIRE(out.size() == static_cast<std::size_t>(dw * dh * 4));
        for (std::size_t i = 0; i < out.size(); i += 4) {
            CHECK(out[i] == 40);
            CHECK(out[i + 3] == 200);
        }
    }
    CHECK(area_resample(flat, 7, 5, 0, 3).empty());
    CHECK(area_resample(flat, 8, 5, 3, 3).empty()); // too few bytes for 8 × 5
}

TEST_CASE("pictograms: the atlas places, reuses, evicts unused pictures and grows",
          "[pictograms]") {
    PictogramSource source;
    PictogramAtlas atlas(128, 128, 256);
    const auto a = atlas.get(source, kPerson, 48, 1);
    REQUIRE(a.has_value());
    CHECK(a->rect.w == 48);
    CHECK(a->rect.h == 48);
    CHECK(atlas.take_resized()); // first picture: the whole texture
    CHECK(atlas.take_dirty().empty());
    // Its pixels are the rendered picture.
    const auto p = source.render(kPerson, 48);
    REQUIRE(p.has_value());
    for (int y = 0; y < 48; ++y)
        for (int x = 0; x < 48; ++x) {
            const std::size_t i = (static_cast<std::size_t>(a->rect.y + y) * 128u +
                                   static_cast<std::size_t>(a->rect.x + x)) *
                                  4;
            const Rgba c = at(*p, x, y);
            REQUIRE(atlas.pixels()[i] == c.r);
            REQUIRE(atlas.pixels()[i + 3] == c.a);
        }
    // Asked again: not rendered again.
    REQUIRE(atlas.get(source, kPerson, 48, 1).has_value());
    CHECK(atlas.stats().rendered == 1);
    // A second picture: a dirty rectangle, no resize.
    REQUIRE(atlas.get(source, kRainbowFlag, 48, 1).has_value());
    CHECK_FALSE(atlas.take_resized());
    CHECK(atlas.take_dirty().size() == 1);
    // 128 × 128 holds four 50 × 50 slots; a fifth in the same frame makes it grow.
    REQUIRE(atlas.get(source, kTransFlag, 48, 1).has_value());
    REQUIRE(atlas.get(source, kWhiteFlag, 48, 1).has_value());
    const std::uint64_t before = atlas.generation();
    REQUIRE(atlas.get(source, kPerson, 49, 1).has_value());
    CHECK(atlas.stats().grows == 1);
    CHECK(atlas.generation() != before);
    CHECK(atlas.height() == 256);
    // A later frame: pictures not used in it are evicted before it grows again.
    for (int size : {60, 61, 62})
        REQUIRE(atlas.get(source, kPerson, size, 2).has_value());
    CHECK(atlas.width() <= 256);
    // A 100 px picture in frame 3 fits only by evicting frame 2's.
    REQUIRE(atlas.get(source, kPerson, 100, 3).has_value());
    CHECK(atlas.stats().evictions > 0);
    CHECK(atlas.find(kPerson, 100).has_value());
    // A failure is counted and not rendered again.
    CHECK_FALSE(atlas.get(source, "abc", 48, 3).has_value());
    CHECK_FALSE(atlas.get(source, "abc", 48, 3).has_value());
    CHECK(atlas.stats().failures == 1);
    // Every picture in use this frame and no room left at the largest size: nullopt, no crash.
    PictogramAtlas tiny(64, 64, 64);
    REQUIRE(tiny.get(source, kPerson, 60, 1).has_value());
    CHECK_FALSE(tiny.get(source, kRainbowFlag, 60, 1).has_value());
    CHECK(tiny.get(source, kRainbowFlag, 60, 2).has_value()); // next frame: the person is evicted
}
