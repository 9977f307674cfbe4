// The pure part of drawing only what changed (kiosk/app/redraw.h): triangles as drawn, and the
// area where two frames differ. The e2e test "drawing only what changed" checks the whole thing
// against whole redraws, pixel for pixel, under Xvfb.
#include <vector>

#include <catch2/catch.hpp>

#include "redraw.h"

using hrc::kiosk::changed_area;
using hrc::kiosk::DrawnTriangle;
using hrc::kiosk::PixelRect;

namespace {

constexpr PixelRect kWindow{0, 0, 1280, 800};

// A triangle with corners (x0, y0), (x1, y0), (x0, y1), clipped to the window.
DrawnTriangle triangle(float x0, float y0, float x1, float y1, std::uint32_t colour = 0xff000000u) {
    DrawnTriangle t{};
    t.clip[0] = 0;
    t.clip[1] = 0;
    t.clip[2] = 1280;
    t.clip[3] = 800;
    t.texture = 1;
    t.corner[0] = {x0, y0, 0, 0, colour};
    t.corner[1] = {x1, y0, 0, 0, colour};
    t.corner[2] = {x0, y1, 0, 0, colour};
    return t;
}

} // namespace

TEST_CASE("redraw: the same triangles change nothing", "[redraw]") {
    const std::vector<DrawnTriangle> frame{triangle(0, 0, 100, 100), triangle(200, 200, 300, 300)};
    CHECK(changed_area(frame, frame, kWindow).empty());
    CHECK(changed_area({}, {}, kWindow).empty());
}

TEST_CASE("redraw: a triangle of another colour changes its bounds and a pixel around them",
          "[redraw]") {
    const std::vector<DrawnTriangle> before{triangle(0, 0, 50, 50), triangle(100, 100, 200, 150),
                                            triangle(600, 600, 700, 700)};
    std::vector<DrawnTriangle> after = before;
    after[1].corner[0].colour = 0xff0000ffu;
    CHECK(changed_area(before, after, kWindow) == PixelRect{99, 99, 201, 151});
}

TEST_CASE("redraw: a moved triangle changes where it was and where it is", "[redraw]") {
    const std::vector<DrawnTriangle> before{triangle(10, 10, 20, 20), triangle(100, 100, 110, 110)};
    const std::vector<DrawnTriangle> after{triangle(10, 10, 20, 20),
                                           triangle(300, 400, 310.5f, 420)};
    CHECK(changed_area(before, after, kWindow) == PixelRect{99, 99, 312, 421});
}

TEST_CASE("redraw: an added or a removed triangle changes its bounds, the rest kept", "[redraw]") {
    const std::vector<DrawnTriangle> two{triangle(0, 0, 10, 10), triangle(500, 500, 510, 510)};
    const std::vector<DrawnTriangle> three{triangle(0, 0, 10, 10), triangle(50, 60, 70, 80),
                                           triangle(500, 500, 510, 510)};
    CHECK(changed_area(two, three, kWindow) == PixelRect{49, 59, 71, 81});
    CHECK(changed_area(three, two, kWindow) == PixelRect{49, 59, 71, 81});
    // Everything removed: the bounds of all that was drawn, cut to the window.
    CHECK(changed_area(two, {}, kWindow) == PixelRect{0, 0, 511, 511});
}

TEST_CASE("redraw: changes far apart in drawing order take everything drawn between them",
          "[redraw]") {
    // Between the first and the last difference every triangle counts: a pixel there may be
    // covered by a triangle drawn after a changed one.
    std::vector<DrawnTriangle> before{triangle(0, 0, 10, 10), triangle(400, 400, 420, 420),
                                      triangle(900, 700, 910, 710)};
    std::vector<DrawnTriangle> after = before;
    after[0].corner[1].colour = 1;
    after[2].corner[1].colour = 1;
    CHECK(changed_area(before, after, kWindow) == PixelRect{0, 0, 911, 711});
}

TEST_CASE("redraw: only what the clip rectangle lets through counts, cut to the window",
          "[redraw]") {
    DrawnTriangle clipped = triangle(100, 100, 400, 400);
    clipped.clip[0] = 150;
    clipped.clip[1] = 120;
    clipped.clip[2] = 200;
    clipped.clip[3] = 300;
    CHECK(changed_area({}, {clipped}, kWindow) == PixelRect{149, 119, 201, 301});
    // Entirely clipped away (a row scrolled out of its area): nothing.
    clipped.clip[2] = 90;
    CHECK(changed_area({}, {clipped}, kWindow).empty());
    // Partly outside the window: cut to it.
    CHECK(changed_area({}, {triangle(-50, 700, 60, 900)}, kWindow) == PixelRect{0, 699, 61, 800});
    // Far outside (a long page scrolled away): no overflow, nothing.
    CHECK(changed_area({}, {triangle(0, 5e9f, 10, 6e9f)}, kWindow).empty());
}

TEST_CASE("redraw: a texture or clip rectangle change alone is a change", "[redraw]") {
    const std::vector<DrawnTriangle> before{triangle(10, 20, 30, 40)};
    std::vector<DrawnTriangle> other_texture = before;
    other_texture[0].texture = 2;
    CHECK(changed_area(before, other_texture, kWindow) == PixelRect{9, 19, 31, 41});
    std::vector<DrawnTriangle> other_clip = before;
    other_clip[0].clip[3] = 35;
    CHECK(changed_area(before, other_clip, kWindow) == PixelRect{9, 19, 31, 41});
}
