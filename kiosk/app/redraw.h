// redraw.h — under software OpenGL, draw and show only the part of the window that changed (issue
// 15 item 7: frames while a person types).
//
// Dear ImGui builds every frame's triangles afresh and the renderer draws them all. Under Mesa's
// llvmpipe (software OpenGL: a kiosk without a GPU driver, and our stand-in for a weak GPU) the
// cost of a frame is the pixels its triangles cover plus copying the whole window to the X server,
// although a tap changes one key and one line of text. So, when the renderer is software and the
// GLX has GLX_MESA_copy_sub_buffer, the kiosk never swaps buffers: the back buffer keeps the last
// frame, each frame clears and draws only the rectangle where its triangles differ from the last
// frame's, and glXCopySubBufferMESA shows that rectangle. With a GPU every frame is drawn whole and
// swapped, as before (a partial copy there could tear, and a whole frame costs the GPU nothing).
//
// Why the rectangle is enough: ImGui draws in order, each pixel being the result of the triangles
// over it, in that order. Triangles are compared as they will be drawn (position, texture
// coordinates, colour, texture, clip rectangle). If the first P triangles and the last S are the
// same in both frames, a pixel outside the bounds of the triangles in between (of either frame) is
// covered by the same triangles in the same order, so it comes out the same, provided the textures
// under those triangles did not change. They do not: new glyphs go into free atlas slots, padded by
// a pixel, which no triangle of either frame samples; a texture made whole again (grown, repacked,
// new fonts) makes the frame whole (text::texture_rebuilds()).
//
// Pure part (no OpenGL): DrawnTriangle, collect_triangles, changed_area; unit-tested in
// tests/kiosk_redraw/. OpenGL part: PartialPresenter (redraw_gl.cpp), checked against whole
// redraws, pixel for pixel, over typed reports by the e2e tests (hrc-kiosk --check-redraw).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <imgui.h>

struct GLFWwindow;

namespace hrc::kiosk {

// One triangle as the renderer will draw it: what decides every pixel it touches. Plain bytes,
// compared with memcmp (a bitwise difference, even -0.0 against 0.0, counts as a change: safe).
struct DrawnTriangle {
    float clip[4];         // the command's clip rectangle (x0, y0, x1, y1), ImGui coordinates
    std::uint64_t texture; // ImTextureID
    struct Corner {
        float x, y, u, v;
        std::uint32_t colour;
    } corner[3];
};

// A rectangle of whole pixels in ImGui's coordinates (x0, y0 inclusive; x1, y1 exclusive).
struct PixelRect {
    int x0 = 0, y0 = 0, x1 = 0, y1 = 0;
    bool empty() const { return x1 <= x0 || y1 <= y0; }
    long area() const { return empty() ? 0L : static_cast<long>(x1 - x0) * (y1 - y0); }
    bool operator==(const PixelRect& o) const {
        return x0 == o.x0 && y0 == o.y0 && x1 == o.x1 && y1 == o.y1;
    }
};

// Every triangle of `data` in drawing order, into `out` (cleared first). False when a command has
// a user callback: what it draws cannot be compared, so the frame is drawn whole.
bool collect_triangles(const ImDrawData& data, std::vector<DrawnTriangle>& out);

// The pixels that may differ between a frame drawn from `before` and one drawn from `after`,
// within `bounds` (the window): the bounds of the triangles between the common first and last
// ones, each cut to its clip rectangle, widened to whole pixels plus one. Empty when the two
// frames draw the same. Never throws.
PixelRect changed_area(const std::vector<DrawnTriangle>& before,
                       const std::vector<DrawnTriangle>& after, const PixelRect& bounds);

// How a frame was drawn, for the automation output and the benchmark.
struct RedrawStats {
    bool whole = true;        // cleared and drawn whole
    long drawn_pixels = 0;    // pixels of the rectangle drawn and shown
    long check_mismatch = -1; // --check-redraw: pixels differing from a whole redraw; -1 unchecked
};

// What the window is cleared to: the background colour, and the texture whose white texels
// (ImGui's shared TexUvWhitePixel this frame) shapes are drawn from. A partial frame clears its
// rectangle with a shape drawn like any other, not with a scissored glClear: under Mesa that is a
// draw with a shader of its own, compiled (~30 ms) the first time.
struct FrameBackground {
    ImU32 colour = 0;
    ImTextureID texture = nullptr;
};

// Draws frames and shows them: whole and swapped (GPU), or only their changed area (software).
//
// States:  off (GPU, or no GLX_MESA_copy_sub_buffer): every frame cleared, drawn whole, swapped.
//          on, no picture (first frame, after invalidate(), a new size) --frame--> drawn whole,
//              shown by copying the whole back buffer --> on, kept
//          on, kept --frame--> its changed area cleared, drawn, copied to the window --> kept
// Invariant (on, kept): the back buffer holds the picture of last_'s triangles, and the window
// shows it. The back buffer is never swapped while on (a swap would leave it undefined).
class PartialPresenter {
public:
    PartialPresenter() = default;
    PartialPresenter(const PartialPresenter&) = delete;
    PartialPresenter& operator=(const PartialPresenter&) = delete;
    ~PartialPresenter();

    // Decides for `window` (its context current). Returns what was decided, for the log:
    // "partial" and why, or "whole" and why.
    std::string start(GLFWwindow* window);
    bool partial() const { return copy_sub_buffer_ != nullptr; }

    // --check-redraw: each partial frame is also drawn whole and the two compared pixel by pixel
    // (RedrawStats::check_mismatch). Slow; for tests.
    void set_check(bool check) { check_ = check; }

    // Draws `data` (after ImGui::Render) and shows it. `whole` forces a whole frame. Changes the
    // clip rectangles in `data`. Never throws.
    void present(ImDrawData& data, const FrameBackground& background, bool whole,
                 RedrawStats& stats);

    // The next frame is drawn whole (the window was exposed or drawn by other code).
    void invalidate() { valid_ = false; }

    // Zeroes the kept triangles (glyph quads of what was on screen, as in ImGui's own buffers)
    // and --check-redraw's pixels, over their whole capacity; the next frame is drawn whole. For
    // every wipe (quick exit, idle, Finish). Never throws.
    void wipe();

private:
    long compare_with_whole(ImDrawData& data, const std::vector<ImVec4>& clips, ImU32 clear, int w,
                            int h);

    GLFWwindow* window_ = nullptr;
    void* display_ = nullptr;    // the X Display
    unsigned long drawable_ = 0; // the GLX window
    void (*copy_sub_buffer_)(void*, unsigned long, int, int, int, int) = nullptr;
    int w_ = 0, h_ = 0;
    bool valid_ = false; // the back buffer holds last_'s picture
    bool check_ = false;
    std::vector<DrawnTriangle> last_, next_;
    std::vector<ImDrawList*> lists_;                // the clearing rectangle's list + the frame's
    std::vector<std::uint8_t> pixels_a_, pixels_b_; // --check-redraw
};

} // namespace hrc::kiosk
