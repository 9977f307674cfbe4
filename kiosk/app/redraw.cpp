// redraw.cpp — see redraw.h. The pure part: triangles as drawn, and the area where two frames
// differ. No OpenGL here (redraw_gl.cpp has it), so the unit tests need no window.
#include "redraw.h"

#include <algorithm>
#include <cmath>
#include <cstring>

namespace hrc::kiosk {

bool collect_triangles(const ImDrawData& data, std::vector<DrawnTriangle>& out) {
    out.clear();
    for (int l = 0; l < data.CmdListsCount; ++l) {
        const ImDrawList& list = *data.CmdLists[l];
        for (const ImDrawCmd& cmd : list.CmdBuffer) {
            if (cmd.UserCallback != nullptr) return false;
            for (unsigned i = 0; i + 2 < cmd.ElemCount; i += 3) {
                DrawnTriangle t{};
                t.clip[0] = cmd.ClipRect.x;
                t.clip[1] = cmd.ClipRect.y;
                t.clip[2] = cmd.ClipRect.z;
                t.clip[3] = cmd.ClipRect.w;
                t.texture =
                    static_cast<std::uint64_t>(reinterpret_cast<std::uintptr_t>(cmd.TextureId));
                for (unsigned k = 0; k < 3; ++k) {
                    const ImDrawVert& v =
                        list.VtxBuffer[static_cast<int>(cmd.VtxOffset) +
                                       list.IdxBuffer[static_cast<int>(cmd.IdxOffset + i + k)]];
                    t.corner[k] = DrawnTriangle::Corner{v.pos.x, v.pos.y, v.uv.x, v.uv.y, v.col};
                }
                out.push_back(t);
            }
        }
    }
    return true;
}

namespace {

bool same(const DrawnTriangle& a, const DrawnTriangle& b) {
    return std::memcmp(&a, &b, sizeof(DrawnTriangle)) == 0;
}

// Grows `area` by the whole pixels `t` can touch: its bounds cut to its clip rectangle, plus one
// pixel each way (anti-aliased edges are triangles of their own, but rounding must never lose a
// pixel). Nothing for a triangle entirely clipped away.
void add_bounds(PixelRect& area, const DrawnTriangle& t) {
    float x0 = t.corner[0].x, x1 = x0, y0 = t.corner[0].y, y1 = y0;
    for (const DrawnTriangle::Corner& c : t.corner) {
        x0 = std::min(x0, c.x);
        x1 = std::max(x1, c.x);
        y0 = std::min(y0, c.y);
        y1 = std::max(y1, c.y);
    }
    x0 = std::max(x0, t.clip[0]);
    y0 = std::max(y0, t.clip[1]);
    x1 = std::min(x1, t.clip[2]);
    y1 = std::min(y1, t.clip[3]);
    if (!(x1 > x0 && y1 > y0)) return; // also false for NaN: nothing drawn
    // Far outside the window (a scrolled-away row) the floats may not fit an int: clamp first.
    constexpr float kFar = 1.0e6f;
    const PixelRect r{static_cast<int>(std::floor(std::clamp(x0, -kFar, kFar))) - 1,
                      static_cast<int>(std::floor(std::clamp(y0, -kFar, kFar))) - 1,
                      static_cast<int>(std::ceil(std::clamp(x1, -kFar, kFar))) + 1,
                      static_cast<int>(std::ceil(std::clamp(y1, -kFar, kFar))) + 1};
    if (area.empty()) {
        area = r;
        return;
    }
    area.x0 = std::min(area.x0, r.x0);
    area.y0 = std::min(area.y0, r.y0);
    area.x1 = std::max(area.x1, r.x1);
    area.y1 = std::max(area.y1, r.y1);
}

} // namespace

PixelRect changed_area(const std::vector<DrawnTriangle>& before,
                       const std::vector<DrawnTriangle>& after, const PixelRect& bounds) {
    const std::size_t shorter = std::min(before.size(), after.size());
    std::size_t prefix = 0;
    while (prefix < shorter && same(before[prefix], after[prefix]))
        ++prefix;
    std::size_t suffix = 0;
    while (suffix < shorter - prefix &&
           same(before[before.size() - 1 - suffix], after[after.size() - 1 - suffix]))
        ++suffix;
    PixelRect area;
    for (std::size_t i = prefix; i < before.size() - suffix; ++i)
        add_bounds(area, before[i]);
    for (std::size_t i = prefix; i < after.size() - suffix; ++i)
        add_bounds(area, after[i]);
    if (area.empty()) return {};
    const PixelRect cut{std::max(area.x0, bounds.x0), std::max(area.y0, bounds.y0),
                        std::min(area.x1, bounds.x1), std::min(area.y1, bounds.y1)};
    return cut.empty() ? PixelRect{} : cut;
}

} // namespace hrc::kiosk
