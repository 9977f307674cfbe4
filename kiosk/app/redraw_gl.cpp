// redraw_gl.cpp — see redraw.h. PartialPresenter: the GL and GLX side. The state machine and its
// invariant are drawn in redraw.h.
#include <algorithm>
#include <cmath>
#include <cstring>

#include <GL/gl.h>
#include <GL/glx.h>
#include <GLFW/glfw3.h>
#include <backends/imgui_impl_opengl3.h>
#include <imgui_internal.h> // ImDrawListSharedData (the clearing rectangle's list)
#include <sodium.h>

#include "redraw.h"

// From GLFW's X11 build (glfw3native.h, which would also need the Xrandr headers).
extern "C" {
Display* glfwGetX11Display(void);
GLXWindow glfwGetGLXWindow(GLFWwindow* window);
}

namespace hrc::kiosk {

PartialPresenter::~PartialPresenter() = default;

void PartialPresenter::wipe() {
    for (std::vector<DrawnTriangle>* v : {&last_, &next_})
        if (v->capacity() > 0) sodium_memzero(v->data(), v->capacity() * sizeof(DrawnTriangle));
    for (std::vector<std::uint8_t>* v : {&pixels_a_, &pixels_b_})
        if (v->capacity() > 0) sodium_memzero(v->data(), v->capacity());
    last_.clear();
    next_.clear();
    valid_ = false;
}

std::string PartialPresenter::start(GLFWwindow* window) {
    window_ = window;
    copy_sub_buffer_ = nullptr;
    const auto* renderer = reinterpret_cast<const char*>(glGetString(GL_RENDERER));
    const std::string name = renderer != nullptr ? renderer : "";
    const bool software = name.find("llvmpipe") != std::string::npos ||
                          name.find("softpipe") != std::string::npos ||
                          name.find("swrast") != std::string::npos;
    if (!software) return "frames drawn whole (renderer " + name + ")";
    Display* display = glfwGetX11Display();
    const GLXWindow drawable = glfwGetGLXWindow(window);
    if (display == nullptr || drawable == 0)
        return "frames drawn whole (software renderer " + name + ", not an X11 window)";
    const char* extensions = glXQueryExtensionsString(display, DefaultScreen(display));
    if (extensions == nullptr || std::strstr(extensions, "GLX_MESA_copy_sub_buffer") == nullptr)
        return "frames drawn whole (software renderer " + name + ", no GLX_MESA_copy_sub_buffer)";
    using CopySubBuffer = void (*)(Display*, GLXDrawable, int, int, int, int);
    const auto copy = reinterpret_cast<CopySubBuffer>(
        glXGetProcAddressARB(reinterpret_cast<const GLubyte*>("glXCopySubBufferMESA")));
    if (copy == nullptr)
        return "frames drawn whole (software renderer " + name +
               ", glXCopySubBufferMESA not found)";
    display_ = display;
    drawable_ = drawable;
    copy_sub_buffer_ = reinterpret_cast<void (*)(void*, unsigned long, int, int, int, int)>(copy);
    valid_ = false;
    return "frames drawn only where they change (software renderer " + name +
           ", GLX_MESA_copy_sub_buffer)";
}

namespace {

// The clip rectangle that makes ImGui's OpenGL 3 backend scissor exactly the pixels it scissors
// for `clip`, cut to `area`. The backend truncates to int (glScissor((int)x, (int)(fb_h - y1),
// (int)(x1 - x0), (int)(y1 - y0))), so a clip rectangle merely intersected with the area could
// lose a row the whole frame draws; with whole numbers here, truncation changes nothing.
ImVec4 clip_within(const ImVec4& clip, const PixelRect& area, const ImDrawData& data, int fb_h) {
    const ImVec2 off = data.DisplayPos, scale = data.FramebufferScale;
    const ImVec2 min((clip.x - off.x) * scale.x, (clip.y - off.y) * scale.y);
    const ImVec2 max((clip.z - off.x) * scale.x, (clip.w - off.y) * scale.y);
    if (max.x <= min.x || max.y <= min.y) return clip; // drawn by nobody, as before
    // The backend's scissor box, in framebuffer pixels, rows counted from the top.
    const int sx0 = static_cast<int>(min.x);
    const int sx1 = sx0 + static_cast<int>(max.x - min.x);
    const int sy1 = fb_h - static_cast<int>(static_cast<float>(fb_h) - max.y);
    const int sy0 = sy1 - static_cast<int>(max.y - min.y);
    // The area in framebuffer pixels (whole ImGui pixels: the kiosk's scale is 1).
    const auto px = [](int v, float origin, float by) {
        return static_cast<int>(std::lround((static_cast<float>(v) - origin) * by));
    };
    const int x0 = std::max(sx0, px(area.x0, off.x, scale.x));
    const int x1 = std::min(sx1, px(area.x1, off.x, scale.x));
    const int y0 = std::max(sy0, px(area.y0, off.y, scale.y));
    const int y1 = std::min(sy1, px(area.y1, off.y, scale.y));
    if (x1 <= x0 || y1 <= y0) return ImVec4(0, 0, 0, 0); // nothing of it in the area
    return ImVec4(
        static_cast<float>(x0) / scale.x + off.x, static_cast<float>(y0) / scale.y + off.y,
        static_cast<float>(x1) / scale.x + off.x, static_cast<float>(y1) / scale.y + off.y);
}

void clear_all(ImU32 colour, int w, int h) {
    const ImVec4 clear = ImGui::ColorConvertU32ToFloat4(colour);
    glViewport(0, 0, w, h);
    glDisable(GL_SCISSOR_TEST);
    glClearColor(clear.x, clear.y, clear.z, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
}

} // namespace

void PartialPresenter::present(ImDrawData& data, const FrameBackground& background, bool whole,
                               RedrawStats& stats) {
    stats = RedrawStats{};
    const ImVec2 scale = data.FramebufferScale;
    const int w = static_cast<int>(std::lround(data.DisplaySize.x * scale.x));
    const int h = static_cast<int>(std::lround(data.DisplaySize.y * scale.y));
    if (!partial() || w <= 0 || h <= 0) {
        clear_all(background.colour, std::max(w, 0), std::max(h, 0));
        ImGui_ImplOpenGL3_RenderDrawData(&data);
        glfwSwapBuffers(window_);
        stats.drawn_pixels = static_cast<long>(std::max(w, 0)) * std::max(h, 0);
        valid_ = false; // a swap leaves the back buffer undefined
        return;
    }
    if (w != w_ || h != h_) valid_ = false;
    w_ = w;
    h_ = h;

    // Which pixels to draw, in ImGui's coordinates.
    const bool comparable = collect_triangles(data, next_);
    const PixelRect window{static_cast<int>(std::floor(data.DisplayPos.x)),
                           static_cast<int>(std::floor(data.DisplayPos.y)),
                           static_cast<int>(std::ceil(data.DisplayPos.x + data.DisplaySize.x)),
                           static_cast<int>(std::ceil(data.DisplayPos.y + data.DisplaySize.y))};
    whole = whole || !valid_ || !comparable;
    PixelRect area = whole ? window : changed_area(last_, next_, window);
    // Most of the window (a new screen, a scroll): cleared whole, which costs nothing, rather than
    // by a rectangle as large as the window drawn first.
    if (!whole && area.area() * 2 > window.area()) whole = true;
    if (whole) area = window;
    stats.whole = whole;
    stats.drawn_pixels = area.area();

    std::vector<ImVec4> clips; // --check-redraw: as ImGui made them
    if (whole) {
        clear_all(background.colour, w, h);
        ImGui_ImplOpenGL3_RenderDrawData(&data);
    } else if (!area.empty()) {
        const ImVec2 a(static_cast<float>(area.x0), static_cast<float>(area.y0));
        const ImVec2 b(static_cast<float>(area.x1), static_cast<float>(area.y1));
        for (int l = 0; l < data.CmdListsCount; ++l)
            for (ImDrawCmd& cmd : data.CmdLists[l]->CmdBuffer) {
                if (check_) clips.push_back(cmd.ClipRect);
                cmd.ClipRect = clip_within(cmd.ClipRect, area, data, h);
            }
        // The area cleared by an opaque rectangle of the background colour drawn first, through
        // the same pipeline as the frame (see FrameBackground).
        ImDrawList clearing(ImGui::GetDrawListSharedData());
        clearing._ResetForNewFrame();
        clearing.PushClipRect(a, b);
        clearing.PushTextureID(background.texture);
        clearing.AddRectFilled(a, b, background.colour | IM_COL32_A_MASK);
        lists_.assign(1, &clearing);
        lists_.insert(lists_.end(), data.CmdLists, data.CmdLists + data.CmdListsCount);
        ImDrawData with_clearing = data;
        with_clearing.CmdLists = lists_.data();
        with_clearing.CmdListsCount = static_cast<int>(lists_.size());
        with_clearing.TotalVtxCount += clearing.VtxBuffer.Size;
        with_clearing.TotalIdxCount += clearing.IdxBuffer.Size;
        ImGui_ImplOpenGL3_RenderDrawData(&with_clearing);
        lists_.clear();
        if (check_) stats.check_mismatch = compare_with_whole(data, clips, background.colour, w, h);
    }
    if (!area.empty()) {
        // In framebuffer pixels; GLX counts rows from the bottom. Flushes the GL by itself.
        const auto fb = [](int v, float origin, float by) {
            return (static_cast<float>(v) - origin) * by;
        };
        const int x0 =
            std::max(0, static_cast<int>(std::floor(fb(area.x0, data.DisplayPos.x, scale.x))));
        const int y0 =
            std::max(0, static_cast<int>(std::floor(fb(area.y0, data.DisplayPos.y, scale.y))));
        const int x1 =
            std::min(w, static_cast<int>(std::ceil(fb(area.x1, data.DisplayPos.x, scale.x))));
        const int y1 =
            std::min(h, static_cast<int>(std::ceil(fb(area.y1, data.DisplayPos.y, scale.y))));
        copy_sub_buffer_(display_, drawable_, x0, h - y1, x1 - x0, y1 - y0);
    }
    valid_ = true;
    last_.swap(next_);
}

// Reads the back buffer (the partial frame), draws the frame whole into it (the clip rectangles as
// ImGui made them), reads it again and counts the pixels that differ. Whole draws go to the same
// buffer as partial ones: the blending of another kind of surface can round differently. The back
// buffer is left holding the whole frame; if every partial frame drawn on a whole last frame equals
// the whole frame, partial frames drawn on partial frames do too, one frame after another.
long PartialPresenter::compare_with_whole(ImDrawData& data, const std::vector<ImVec4>& clips,
                                          ImU32 clear, int w, int h) {
    const std::size_t bytes = static_cast<std::size_t>(w) * static_cast<std::size_t>(h) * 4;
    pixels_a_.resize(bytes);
    pixels_b_.resize(bytes);
    GLint pack = 0;
    glGetIntegerv(GL_PACK_ALIGNMENT, &pack);
    glPixelStorei(GL_PACK_ALIGNMENT, 4);
    glReadBuffer(GL_BACK);
    glReadPixels(0, 0, w, h, GL_RGBA, GL_UNSIGNED_BYTE, pixels_a_.data());
    std::size_t c = 0;
    for (int l = 0; l < data.CmdListsCount; ++l)
        for (ImDrawCmd& cmd : data.CmdLists[l]->CmdBuffer)
            cmd.ClipRect = clips[c++];
    clear_all(clear, w, h);
    ImGui_ImplOpenGL3_RenderDrawData(&data);
    glReadPixels(0, 0, w, h, GL_RGBA, GL_UNSIGNED_BYTE, pixels_b_.data());
    glPixelStorei(GL_PACK_ALIGNMENT, pack);
    long differ = 0;
    for (std::size_t i = 0; i < bytes; i += 4)
        if (std::memcmp(&pixels_a_[i], &pixels_b_[i], 3) != 0) ++differ;
    return differ;
}

} // namespace hrc::kiosk
