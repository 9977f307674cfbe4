// hrc-bench-kiosk-hello — the baseline of hrc-bench-kiosk (bench/README.md): a bare GLFW + Dear
// ImGui window (the GLFW/OpenGL3 backends from Debian's libimgui-dev, the same libraries hrc-kiosk
// links through hrc_kiosk_deps) with one text line and one button, and nothing else: no config, no
// store, no fonts of its own (ImGui's built-in one), no model.
//
// It behaves like hrc-kiosk where the benchmark looks:
//   * the same window: GLFW, OpenGL 3.0 context, swap interval 1, --windowed WxH (else 1280x800);
//   * event-driven redraw: it sleeps in glfwWaitEvents() and draws only after an event;
//   * --automation FILE: after every rendered frame (after glfwSwapBuffers) it appends one JSON
//     line to FILE with one write() on an O_APPEND descriptor, as hrc-kiosk does, with the frame's
//     frame_ms measured as hrc-kiosk measures it (start of the frame to the end of its buffer
//     swap); the benchmark takes the first line as the first interactive frame, and the frames
//     after taps on "press" as the floor of a redraw of a window this size.
// It prints the OpenGL renderer to stderr (the benchmark shows which one it measured).
// SIGTERM ends it (default action); closing the window ends it with exit 0.
//
// --config FILE is accepted and ignored, so the end-to-end driver (tests/e2e/kiosk_driver.h) can
// start it the way it starts hrc-kiosk and tap its button.
//
// Usage: hrc-bench-kiosk-hello [--windowed WxH] [--automation FILE] [--config IGNORED]

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>
#include <utility>

#include <GL/gl.h>
#include <GLFW/glfw3.h>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>
#include <fcntl.h>
#include <imgui.h>
#include <unistd.h>

namespace {

const char* const kUsage =
    "usage: hrc-bench-kiosk-hello [--windowed WxH] [--automation FILE] [--config IGNORED]\n"
    "\n"
    "A bare GLFW + Dear ImGui window (one text line, one button), event-driven, the baseline that\n"
    "hrc-bench-kiosk measures next to hrc-kiosk. After its first rendered frame it appends one "
    "line\n"
    "to FILE (--automation) after every frame; the first marks the first interactive frame.\n"
    "--config is accepted and ignored (the e2e driver passes one).\n"
    "\n"
    "Example:\n"
    "  xvfb-run -s '-screen 0 1280x800x24' hrc-bench-kiosk-hello --windowed 1280x800 --automation "
    "/tmp/h.jsonl\n";

bool parse_size(const std::string& text, int& w, int& h) {
    const std::size_t x = text.find_first_of("xX");
    if (x == std::string::npos) return false;
    try {
        std::size_t used_w = 0, used_h = 0;
        const std::string ws = text.substr(0, x), hs = text.substr(x + 1);
        w = std::stoi(ws, &used_w);
        h = std::stoi(hs, &used_h);
        if (used_w != ws.size() || used_h != hs.size()) return false;
    } catch (const std::exception&) {
        return false;
    }
    return w >= 320 && h >= 240 && w <= 16384 && h <= 16384;
}

void on_glfw_error(int code, const char* description) {
    std::fprintf(stderr, "hrc-bench-kiosk-hello: GLFW error %d: %s\n", code, description);
}

// One write() of the whole line on an O_APPEND descriptor: a reader never sees half of it.
bool append_line(int fd, const std::string& line) {
    const char* p = line.data();
    std::size_t left = line.size();
    while (left > 0) {
        const ssize_t n = ::write(fd, p, left);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
        p += n;
        left -= static_cast<std::size_t>(n);
    }
    return true;
}

// Releases of the left button, counted from GLFW itself: Dear ImGui 1.86 has no input queue and
// loses a press and release that arrive between two frames (as xdotool's click does).
int g_clicks = 0;
int g_button_events = 0; // presses and releases since the last frame
void on_mouse_button(GLFWwindow*, int button, int action, int) {
    if (button != GLFW_MOUSE_BUTTON_LEFT) return;
    ++g_button_events;
    if (action == GLFW_RELEASE) ++g_clicks;
}

} // namespace

int main(int argc, char** argv) {
    int width = 1280, height = 800;
    std::string automation;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--help" || a == "-h") {
            std::fputs(kUsage, stdout);
            return 0;
        }
        if ((a == "--windowed" || a == "--automation" || a == "--config") && i + 1 < argc) {
            const std::string v = argv[++i];
            if (a == "--config") continue;
            if (a == "--automation") {
                automation = v;
            } else if (!parse_size(v, width, height)) {
                std::fprintf(stderr,
                             "hrc-bench-kiosk-hello: --windowed takes WIDTHxHEIGHT (found '%s')\n",
                             v.c_str());
                return 2;
            }
            continue;
        }
        std::fprintf(stderr, "hrc-bench-kiosk-hello: unknown or incomplete option '%s'\n%s",
                     a.c_str(), kUsage);
        return 2;
    }

    glfwSetErrorCallback(on_glfw_error);
    if (glfwInit() != GLFW_TRUE) return 2;
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
    glfwWindowHint(GLFW_RESIZABLE, GLFW_TRUE);
    GLFWwindow* window = glfwCreateWindow(width, height, "hrc-bench-kiosk-hello", nullptr, nullptr);
    if (window == nullptr) {
        glfwTerminate();
        return 2;
    }
    glfwMakeContextCurrent(window);
    glfwSwapInterval(1);
    const auto* renderer = reinterpret_cast<const char*>(glGetString(GL_RENDERER));
    std::fprintf(stderr, "hrc-bench-kiosk-hello: GL_RENDERER %s\n", renderer ? renderer : "?");

    int fd = -1;
    if (!automation.empty()) {
        fd = ::open(automation.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
        if (fd < 0) {
            std::fprintf(stderr, "hrc-bench-kiosk-hello: %s: %s\n", automation.c_str(),
                         std::strerror(errno));
            return 5;
        }
    }

    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.LogFilename = nullptr;
    glfwSetMouseButtonCallback(window, on_mouse_button); // before ImGui's, which chains to it
    ImGui_ImplGlfw_InitForOpenGL(window, true);
    ImGui_ImplOpenGL3_Init("#version 130");

    long frame = 0;
    while (glfwWindowShouldClose(window) == GLFW_FALSE) {
        const double started = glfwGetTime();
        ImGui_ImplOpenGL3_NewFrame();
        ImGui_ImplGlfw_NewFrame();
        ImGui::NewFrame();

        // One window covering the whole GLFW window: no title bar, no auto-size frame to wait for.
        ImGui::SetNextWindowPos(ImVec2(0, 0));
        ImGui::SetNextWindowSize(io.DisplaySize);
        ImGui::Begin("hello", nullptr, ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove);
        ImGui::TextUnformatted("Hello from a bare GLFW + Dear ImGui window.");
        // Touch-sized, like the kiosk's buttons (and what the e2e driver takes as a safe target).
        ImGui::Button("Press me", ImVec2(240, 64));
        const ImVec2 b0 = ImGui::GetItemRectMin(), b1 = ImGui::GetItemRectMax();
        if (g_clicks > 0) ImGui::Text("Pressed %d times", g_clicks);
        ImGui::End();

        ImGui::Render();
        int fb_w = 0, fb_h = 0;
        glfwGetFramebufferSize(window, &fb_w, &fb_h);
        glViewport(0, 0, fb_w, fb_h);
        glClearColor(0.95f, 0.95f, 0.95f, 1.0f);
        glClear(GL_COLOR_BUFFER_BIT);
        ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
        glfwSwapBuffers(window);
        ++frame;

        if (fd >= 0) {
            char line[320];
            const double frame_ms = (glfwGetTime() - started) * 1000.0;
            std::snprintf(
                line, sizeof line,
                "{\"frame\":%ld,\"screen\":\"hello\",\"frame_ms\":%.3f,\"items\":[{\"id\":"
                "\"press\","
                "\"label\":\"Press me\",\"kind\":\"button\",\"x\":%d,\"y\":%d,\"w\":%d,\"h\":%d,"
                "\"selected\":%s}]}\n",
                frame, frame_ms, static_cast<int>(b0.x), static_cast<int>(b0.y),
                static_cast<int>(b1.x - b0.x), static_cast<int>(b1.y - b0.y),
                g_clicks % 2 == 1 ? "true" : "false");
            if (!append_line(fd, line))
                std::fprintf(stderr, "hrc-bench-kiosk-hello: cannot write %s\n",
                             automation.c_str());
        }

        // Event-driven like hrc-kiosk: sleep until input (or an expose) arrives, then draw once; a
        // press and a release that came together get a frame each, as hrc-kiosk gives them.
        if (std::exchange(g_button_events, 0) >= 2)
            glfwPollEvents();
        else
            glfwWaitEvents();
    }

    ImGui_ImplOpenGL3_Shutdown();
    ImGui_ImplGlfw_Shutdown();
    ImGui::DestroyContext();
    if (fd >= 0) ::close(fd);
    glfwDestroyWindow(window);
    glfwTerminate();
    return 0;
}
