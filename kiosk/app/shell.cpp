// kiosk/app/shell.cpp — see shell.h.
//
// [SECTION] the Shell class: services, window, state
// [SECTION] startup: configuration, store, keys
// [SECTION] window and Dear ImGui
// [SECTION] input: GLFW callbacks → an event queue (one press or release per frame)
// [SECTION] intents and commands (printing the reference among them)
// [SECTION] stack scrub: overwriting dead stack frames after a wipe
// [SECTION] timers: the idle deadline and the countdown
// [SECTION] the frame loop
// [SECTION] run_shell

#include "shell.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <deque>
#include <string>
#include <thread>
#include <vector>

#include "easy_read.h"
#include "every_language.h"
#include "freed_memory.h"
#include "redraw.h"

#define GLFW_INCLUDE_NONE
#include <GL/gl.h>
#include <GLFW/glfw3.h>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>
#include <imgui.h>
#include <sodium.h>

#include "hrc/clock.h"
#include "hrc/config.h"
#include "hrc/error.h"
#include "hrc/kiosk_store.h"
#include "hrc/languages.h"
#include "hrc/seal.h"
#include "hrc/signals.h"
#include "hrc/staff_pins.h"
#include "hrc/store.h"
#include "hrc/submit.h"

#include "automation.h"
#include "catalogs.h"
#include "content.h"
#include "flow.h"
#include "read_aloud.h"
#include "slip_printer.h"
#include "speech.h"
#include "text.h"
#include "theme.h"
#include "view.h"

namespace hrc::kiosk {

namespace {

// Seconds since the epoch with a fraction, to sleep exactly until the next whole second.
double unix_now_precise() {
    timespec ts{};
    if (clock_gettime(CLOCK_REALTIME, &ts) != 0) return static_cast<double>(unix_now());
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

// GLFW reports errors through a callback; keep the last one for our own message instead of
// printing GLFW's raw text to a person.
std::string g_glfw_error;
void on_glfw_error(int code, const char* description) {
    g_glfw_error = std::string(description ? description : "unknown") + " (GLFW error " +
                   std::to_string(code) + ")";
}

void log_line(const std::string& line) {
    std::fprintf(stderr, "hrc-kiosk: %s\n", line.c_str());
}

// A short, content-free reason for StoreFailed (the model adds "ask a member of staff").
std::string failure_note(const Error& e, const Translator& words) {
    return fill_placeholders(words(keys::status_error_code),
                             {{"code", std::to_string(e.exit_code())}});
}

// [SECTION] the Shell class =========================================================================

struct InputEvent {
    enum class Kind { press, release, move, wheel, character, backspace } kind;
    ImVec2 pos{0, 0};
    float wheel = 0.0f;
    unsigned int code_point = 0;
};

class Shell {
public:
    explicit Shell(const ShellOptions& options) : options_(options) {}
    ~Shell();
    Shell(const Shell&) = delete;
    Shell& operator=(const Shell&) = delete;

    int run();

private:
    // startup
    void start_services();
    void open_store_and_keys();
    void finish_services();
    bool open_window(std::string& problem);
    void init_imgui();
    void configure_theme();
    void rebuild_fonts(bool texture_exists);

    // input
    static Shell* self(GLFWwindow* w) { return static_cast<Shell*>(glfwGetWindowUserPointer(w)); }
    static void on_mouse_button(GLFWwindow* w, int button, int action, int mods);
    static void on_cursor(GLFWwindow* w, double x, double y);
    static void on_scroll(GLFWwindow* w, double dx, double dy);
    static void on_char(GLFWwindow* w, unsigned int cp);
    static void on_key(GLFWwindow* w, int key, int scancode, int action, int mods);
    static void on_refresh(GLFWwindow* w);
    static void on_size(GLFWwindow* w, int width, int height);

    // intents and commands
    void apply(const Intent& intent);
    void run_deferred();
    void seal_and_store(SealAndStore& command);
    void check_pin(CheckPin& command);
    void load_queue();
    void print_slip(const PrintSlip& command);
    void reprint_last();
    void collect_prints();
    void forget_last_slip();
    void wipe_buffers();
    // Logs the catalog problems not logged yet (found at start-up, or when a language's catalog
    // failed to load on first use).
    void log_catalog_problems() {
        if (!catalogs_) return;
        const std::vector<std::string>& problems = catalogs_->problems();
        for (; catalog_problems_logged_ < problems.size(); ++catalog_problems_logged_)
            log_line("language catalog: " + problems[catalog_problems_logged_]);
    }
    // The words of the session's language (English until the catalogs are loaded).
    const Translator& words() const {
        return catalogs_ ? catalogs_->for_language(state_.session_language) : english();
    }

    // Reads the "Are you still there?" overlay (still_there_script) in place of what was being
    // read. A refusal (no voice) is logged, never the text.
    void speak_still_there(std::int64_t now);

    // timers
    double next_timeout() const;
    double timers_timeout() const; // next_timeout() without the languages' turns
    void run_timers();
    std::string_view turn_shown_; // the language in turn in the last frame (start, neutral)

    // frames
    void frame(FrameContext& context);
    void failure_frame();

    // SIGTERM (systemd stop) and SIGINT end the kiosk like closing its window: the loop finishes,
    // the buffers are wiped, exit code 0. First member: blocks them before any other thread exists;
    // taken on one thread of their own (hrc/signals.h), which may call the two GLFW functions that
    // are safe from another thread.
    SignalThread signals_{SIGTERM, SIGINT};
    ShellOptions options_;
    Config config_;
    bool config_loaded_ = false;
    std::optional<Store> store_;
    std::optional<KioskKeys> keys_;
    std::optional<CentralIdentity> central_;
    std::optional<Error> startup_error_;

    GLFWwindow* window_ = nullptr;
    bool glfw_ready_ = false;
    bool imgui_ready_ = false;
    Automation automation_;
    // Draws and shows frames: under software OpenGL only where they changed (redraw.h). A texture
    // made whole (text::texture_rebuilds), new fonts, an exposed window make the next frame whole.
    PartialPresenter presenter_;
    std::uint64_t texture_rebuilds_drawn_ = 0;
    float dpi_scale_ = 1.0f;
    DisplayModes config_modes_;
    DisplayModes modes_;
    std::optional<DisplayModes> pending_modes_;

    std::unique_ptr<Catalogs> catalogs_;
    std::size_t catalog_problems_logged_ = 0;
    // Opens the store and reads the keys while the main thread opens the window (start_services);
    // joined by finish_services() before anything else reads them.
    std::thread services_;
    // Read-aloud: one for the kiosk (on ui.read_aloud_device, made at start-up; its module and
    // Speaker are loaded on the first request, read_aloud.h); stopped on every screen change,
    // quick exit and wipe.
    std::unique_ptr<speech::ReadAloud> speaker_;
    bool shown_speaking_ = false; // what the last frame showed of the speaker
    // Read aloud was used in this person's session (cleared by every wipe): the "Are you still
    // there?" overlay is then read by itself the moment it appears.
    bool read_aloud_used_ = false;
    std::string shown_speech_problem_;
    // A centre's recorded messages (ui.read_aloud_recordings, docs/read-aloud.md): whether the
    // session language has any, looked at again whenever the session language changes.
    std::string recordings_language_;
    bool recordings_present_ = false;
    bool has_recordings();
    // `line_by_line`: one speaker part per line, each line's words kept in reading_lines_ so the
    // frame can highlight the line being read (easy read, issue 18).
    std::vector<speech::SpeechPart> speaker_parts(std::vector<ReadAloudPart> parts,
                                                  bool line_by_line = false);
    bool speak(std::vector<ReadAloudPart> parts, bool line_by_line = false);
    // Easy read: each screen is read aloud as it opens (and again when it shows a problem), one
    // line at a time, unless the language has neither a voice nor recordings.
    void speak_easy_read();
    std::vector<std::string> reading_lines_; // as spoken; catalog words only, never typed text
    int shown_part_ = -1;                    // the part the last frame highlighted

    // The receipt printer ([printer] name in hrc.toml; none: no printing is offered).
    std::unique_ptr<SlipPrinter> printer_;
    // Counts wipes: a print that ends after its person's session was wiped is not reported to
    // the next person.
    std::uint64_t session_ = 0;
    // The slip of the last confirmed reference, for a staff reprint: kept from Finish until the
    // idle window after it ends (issue 17 item 1), dropped at once by a quick exit.
    std::optional<receipt::Slip> last_slip_;
    std::int64_t last_slip_until_ = 0;

    State state_;
    View view_;
    std::vector<Command> deferred_;
    std::deque<InputEvent> events_;
    bool pointer_down_ = false;
    ImVec2 pointer_pos_{0, 0};
    bool need_frame_ = true;
    long frame_number_ = 0;
    std::int64_t idle_tick_done_for_ = -1; // the last_touch whose idle deadline was ticked
    std::int64_t last_countdown_tick_ = 0;
    std::vector<Item> items_;
    // Frames still to draw after a wipe: two, so both buffers of the window's swap chain hold the
    // wiped screen (the one shown and the one drawn before it, which held the person's text).
    int frames_after_wipe_ = 0;
};

Shell::~Shell() {
    if (services_.joinable()) services_.join(); // only if run() left early: never terminate()
    printer_.reset();                           // its thread wakes GLFW: before glfwTerminate
    forget_last_slip();
    signals_.stop(); // before the window goes: the signal thread must not touch it afterwards
    if (imgui_ready_) {
        ImGui_ImplOpenGL3_Shutdown();
        ImGui_ImplGlfw_Shutdown();
        ImGui::DestroyContext();
    }
    if (window_ != nullptr) glfwDestroyWindow(window_);
    if (glfw_ready_) glfwTerminate();
}

// [SECTION] startup =================================================================================

// The configuration here (the window needs it), then the rest of the start-up on a thread of its
// own while the main thread opens the window and its OpenGL context, which takes longer than all
// of it (bench/README.md, hrc-bench-kiosk): the catalogs, the store, the keys. Neither side
// touches what the other sets until finish_services() joins them. Failures go to startup_error_.
void Shell::start_services() {
    try {
        config_ = load_config(options_.config);
        config_loaded_ = true;
        if (config_.kiosk.signing_key.empty())
            throw Error(Code::config,
                        config_.file.string() +
                            ": kiosk.signing_key is not set, so no report could be signed. Run "
                            "`hrc-admin init` or set it to the kiosk's key file.");
        if (config_.central.public_identity.empty())
            throw Error(
                Code::config,
                config_.file.string() +
                    ": central.public_identity is not set, so no report could be sealed. Copy "
                    "central.pub to the kiosk and set it.");
    } catch (const Error& e) {
        startup_error_ = e;
    } catch (const std::exception& e) {
        startup_error_ =
            Error(Code::internal, std::string("unexpected error at startup: ") + e.what());
    }
    services_ = std::thread([this] { open_store_and_keys(); });
}

// On the services_ thread: reads config_ and startup_error_ as start_services() left them, sets
// catalogs_, store_, keys_, central_ and (on failure) startup_error_.
void Shell::open_store_and_keys() {
    // The catalogs first: even the "not working" screen speaks the kiosk's default language. Every
    // language of hrc/languages.h is checked now; each is loaded when first used (catalogs.h).
    try {
        catalogs_ = std::make_unique<Catalogs>(Catalogs::default_dir());
        if (config_loaded_)
            (void)catalogs_->for_language(config_.ui.default_language); // the start screen's words
    } catch (const std::exception&) {
        catalogs_.reset(); // out of memory: English (words() falls back to it)
    }
    if (startup_error_) return;
    try {
        store_.emplace(open_kiosk_store(config_));
        keys_.emplace(read_kiosk_secret_key(config_.kiosk.signing_key));
        central_.emplace(read_central_identity(config_.central.public_identity));
    } catch (const Error& e) {
        startup_error_ = e;
    } catch (const std::exception& e) {
        startup_error_ =
            Error(Code::internal, std::string("unexpected error at startup: ") + e.what());
    }
}

// Joins the services_ thread (if it still runs), then logs what start-up found and makes the
// speaker. Called once the window is open, or failed to open.
void Shell::finish_services() {
    if (services_.joinable()) services_.join();
    log_catalog_problems();
    if (startup_error_) log_line(startup_error_->what());
    // The read-aloud module is loaded on the first request; say now if it is not there.
    std::error_code ec;
    const std::filesystem::path module =
        speech::speech_module_path(std::filesystem::read_symlink("/proc/self/exe", ec));
    if (ec || !std::filesystem::is_regular_file(module, ec))
        log_line("read-aloud module missing (" + module.string() +
                 "): nothing will be read aloud; reinstall hrc-kiosk");
    speaker_ = std::make_unique<speech::ReadAloud>(
        module, config_loaded_ ? config_.ui.read_aloud_device : std::string("default"));
}

bool Shell::open_window(std::string& problem) {
    glfwSetErrorCallback(on_glfw_error);
    if (glfwInit() != GLFW_TRUE) {
        const char* display = std::getenv("DISPLAY");
        problem = std::string("cannot connect to the display") +
                  (display ? std::string(" '") + display + "'" : "") + ": " + g_glfw_error +
                  ". Check that the X server is running and that this user may use it.";
        return false;
    }
    glfw_ready_ = true;

    GLFWmonitor* monitor = glfwGetPrimaryMonitor();
    const GLFWvidmode* mode = monitor ? glfwGetVideoMode(monitor) : nullptr;
    // The one scale factor starts from the monitor's real pixel density, so 15 mm is 15 mm.
    float dpi = 96.0f;
    if (monitor != nullptr && mode != nullptr) {
        int mm_w = 0, mm_h = 0;
        glfwGetMonitorPhysicalSize(monitor, &mm_w, &mm_h);
        if (mm_w > 0) {
            const float measured =
                static_cast<float>(mode->width) / (static_cast<float>(mm_w) / 25.4f);
            // Many panels report nonsense (0, or a projector's 1 mm): only believe plausible values.
            if (measured >= 60.0f && measured <= 400.0f) dpi = measured;
        }
    }
    dpi_scale_ = dpi / 96.0f;

    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
    const bool windowed = options_.window_width.has_value() ||
                          (config_loaded_ && !config_.ui.fullscreen) || monitor == nullptr ||
                          mode == nullptr;
    if (windowed) {
        const int w = options_.window_width.value_or(1280);
        const int h = options_.window_height.value_or(800);
        glfwWindowHint(GLFW_RESIZABLE, GLFW_TRUE);
        window_ = glfwCreateWindow(w, h, "hrc-kiosk", nullptr, nullptr);
    } else {
        glfwWindowHint(GLFW_RED_BITS, mode->redBits);
        glfwWindowHint(GLFW_GREEN_BITS, mode->greenBits);
        glfwWindowHint(GLFW_BLUE_BITS, mode->blueBits);
        glfwWindowHint(GLFW_REFRESH_RATE, mode->refreshRate);
        window_ = glfwCreateWindow(mode->width, mode->height, "hrc-kiosk", monitor, nullptr);
    }
    if (window_ == nullptr) {
        problem = "cannot open a window with OpenGL 3.0: " + g_glfw_error +
                  ". Check the graphics driver (Debian: libgl1-mesa-dri).";
        return false;
    }
    glfwMakeContextCurrent(window_);
    glfwSwapInterval(1);
    glfwSetWindowUserPointer(window_, this);
    glfwSetMouseButtonCallback(window_, on_mouse_button);
    glfwSetCursorPosCallback(window_, on_cursor);
    glfwSetScrollCallback(window_, on_scroll);
    glfwSetCharCallback(window_, on_char);
    glfwSetKeyCallback(window_, on_key);
    glfwSetWindowRefreshCallback(window_, on_refresh);
    glfwSetWindowSizeCallback(window_, on_size);
    // A touchscreen has no pointer to show; a windowed developer run keeps the arrow.
    if (!windowed) glfwSetInputMode(window_, GLFW_CURSOR, GLFW_CURSOR_HIDDEN);
    return true;
}

void Shell::configure_theme() {
    Theme theme;
    const double ui_scale = options_.scale.value_or(config_loaded_ ? config_.ui.scale : 1.0);
    theme.scale = std::clamp(dpi_scale_ * static_cast<float>(ui_scale), 0.5f, 6.0f);
    theme.high_contrast = modes_.high_contrast;
    theme.larger_text = modes_.larger_text;
    theme.c = colours_for(modes_.high_contrast);
    view_.set_theme(theme);
    view_.set_display_modes(modes_);
}

void Shell::rebuild_fonts(bool texture_exists) {
    const text::FontReport report =
        text::load_fonts(ImGui::GetIO().Fonts, view_.theme().scale, modes_.larger_text);
    // A problem can come with ok (a script's font missing: that language falls back): log it too.
    if (!report.problem.empty()) log_line(report.problem);
    if (report.ok && !texture_exists)
        log_line("font " + report.regular_file + ", scale " + std::to_string(view_.theme().scale) +
                 " (monitor " + std::to_string(static_cast<int>(std::lround(dpi_scale_ * 96.0f))) +
                 " dpi)");
    presenter_.invalidate(); // ImGui's font texture is new: the next frame is drawn whole
    if (texture_exists) {
        ImGui_ImplOpenGL3_DestroyFontsTexture();
        if (!ImGui_ImplOpenGL3_CreateFontsTexture()) log_line("cannot create the font texture");
    }
}

void Shell::init_imgui() {
    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    // Nothing written to the current directory, ever (BRIEF §11).
    io.IniFilename = nullptr;
    io.LogFilename = nullptr;
    io.ConfigFlags |= ImGuiConfigFlags_NoMouseCursorChange;
    // Our own callbacks: typed characters never enter ImGui's input queue, so WipeMemory only has
    // our buffers to zero.
    ImGui_ImplGlfw_InitForOpenGL(window_, false);
    ImGui_ImplOpenGL3_Init("#version 130");
    imgui_ready_ = true;
    log_line(presenter_.start(window_));
    configure_theme();
    rebuild_fonts(false);
}

// [SECTION] input ===================================================================================

void Shell::on_mouse_button(GLFWwindow* w, int button, int action, int) {
    if (button != GLFW_MOUSE_BUTTON_LEFT) return; // a tap is a left click; other buttons do nothing
    Shell* s = self(w);
    double x = 0, y = 0;
    glfwGetCursorPos(w, &x, &y);
    InputEvent e{action == GLFW_PRESS ? InputEvent::Kind::press : InputEvent::Kind::release};
    e.pos = ImVec2(static_cast<float>(x), static_cast<float>(y));
    s->events_.push_back(e);
}

void Shell::on_cursor(GLFWwindow* w, double x, double y) {
    Shell* s = self(w);
    // Movement matters only while a finger is down (a scroll drag); hovering draws nothing.
    if (glfwGetMouseButton(w, GLFW_MOUSE_BUTTON_LEFT) == GLFW_PRESS) {
        InputEvent e{InputEvent::Kind::move};
        e.pos = ImVec2(static_cast<float>(x), static_cast<float>(y));
        s->events_.push_back(e);
    } else {
        s->pointer_pos_ = ImVec2(static_cast<float>(x), static_cast<float>(y));
    }
}

void Shell::on_scroll(GLFWwindow* w, double, double dy) {
    InputEvent e{InputEvent::Kind::wheel};
    e.wheel = static_cast<float>(dy);
    self(w)->events_.push_back(e);
}

void Shell::on_char(GLFWwindow* w, unsigned int cp) {
    InputEvent e{InputEvent::Kind::character};
    e.code_point = cp;
    self(w)->events_.push_back(e);
}

void Shell::on_key(GLFWwindow* w, int key, int, int action, int) {
    if (key == GLFW_KEY_BACKSPACE && (action == GLFW_PRESS || action == GLFW_REPEAT))
        self(w)->events_.push_back(InputEvent{InputEvent::Kind::backspace});
}

// The window was exposed or resized: what it shows must be drawn again, whole.
void Shell::on_refresh(GLFWwindow* w) {
    self(w)->presenter_.invalidate();
    self(w)->need_frame_ = true;
}
void Shell::on_size(GLFWwindow* w, int, int) {
    self(w)->presenter_.invalidate();
    self(w)->need_frame_ = true;
}

// [SECTION] intents and commands ====================================================================

void Shell::apply(const Intent& intent) {
    state_.today = local_today();
    const Screen screen_before = state_.screen;
    const std::string language_before = state_.session_language;
    const std::size_t problems_before = state_.error_summary.size();
    // Leaving the confirmation with Finish: keep its slip for a staff reprint (issue 17).
    std::optional<receipt::Slip> finished_slip;
    if (printer_ && screen_before == Screen::confirmation &&
        (std::holds_alternative<Finish>(intent) || std::holds_alternative<Continue>(intent)))
        finished_slip = receipt_slip(state_, words(), false);
    if (std::holds_alternative<QuickExit>(intent)) forget_last_slip();
    Step step = reduce(std::move(state_), intent);
    state_ = std::move(step.state);
    need_frame_ = true;
    // What was being read aloud belongs to the screen it was read from.
    const bool new_screen =
        state_.screen != screen_before || state_.session_language != language_before;
    if (new_screen) speaker_->stop();
    // A language's catalog and keyboard layouts load when it is chosen: here, between frames, not
    // inside the next one (the frame that showed the tap is already on screen). Leaving the
    // language screen chooses one even when it is the default, whose session language is unchanged.
    const bool language_chosen =
        state_.session_language != language_before ||
        (screen_before == Screen::language && state_.screen != Screen::language);
    if (state_.session_language != language_before && catalogs_) {
        (void)catalogs_->for_language(state_.session_language);
        log_catalog_problems();
    }
    if (language_chosen) {
        view_.prepare_language(state_.session_language);
        for (const std::string& problem : view_.take_problems())
            log_line(problem);
    }
    for (Command& command : step.commands) {
        if (std::holds_alternative<WipeMemory>(command)) {
            wipe_buffers(); // now, in this frame: quick exit must leave nothing behind
        } else {
            deferred_.push_back(std::move(command));
        }
    }
    if (finished_slip) {
        if (state_.screen != Screen::confirmation) {
            forget_last_slip();
            last_slip_ = std::move(finished_slip);
            last_slip_until_ = unix_now() + state_.settings.idle_seconds;
        } else {
            wipe_slip(*finished_slip); // Finish was refused (the reference not noted yet)
        }
    }
    const bool new_problems =
        state_.error_summary.size() != problems_before && !state_.error_summary.empty();
    if (state_.draft.easy_read && (new_screen || new_problems)) speak_easy_read();
}

void Shell::speak_easy_read() {
    // The screens of the easy-read path (easy_read.h) and NEED_HELP; never the start screen (the
    // person is still choosing) nor the staff's.
    if (easy_screen(state_.screen) == nullptr && state_.screen != Screen::need_help) return;
    if (!speaker_ || state_.still_there_deadline > 0) return;
    if (!speech::available(state_.session_language) && !has_recordings()) return;
    if (speak(read_aloud_script(state_, words()), true)) {
        read_aloud_used_ = true;
        // How many lines, never which.
        log_line("read aloud: easy read, " + std::to_string(reading_lines_.size()) +
                 " lines one at a time");
    }
}

// ---- printing the reference (issue 17; kiosk/app/slip_printer.h) ----------------------------------

void Shell::print_slip(const PrintSlip& command) {
    if (!printer_) return apply(PrintDone{PrintEnd::printer_unavailable});
    printer_->submit(receipt_slip(state_, words(), command.discreet), session_);
}

void Shell::reprint_last() {
    if (!printer_) return apply(PrintDone{PrintEnd::printer_unavailable});
    if (!last_slip_ || unix_now() >= last_slip_until_) {
        forget_last_slip();
        return apply(PrintDone{PrintEnd::nothing_to_reprint});
    }
    log_line("receipt: staff reprint of the last reference");
    printer_->submit(*last_slip_, session_);
}

// Results of finished jobs: this person's are shown; a wiped session's are dropped.
void Shell::collect_prints() {
    if (!printer_) return;
    while (const std::optional<SlipPrinter::Finished> f = printer_->take_finished())
        if (f->session == session_) apply(PrintDone{f->end});
}

void Shell::forget_last_slip() {
    if (last_slip_) wipe_slip(*last_slip_);
    last_slip_.reset();
    last_slip_until_ = 0;
}

// Commands that take time run after the frame that shows their screen ("Saving your report",
// the PIN screen), so the person sees that something is happening.
void Shell::run_deferred() {
    while (!deferred_.empty()) {
        std::vector<Command> batch = std::move(deferred_);
        deferred_.clear();
        for (Command& command : batch) {
            std::visit(
                [&](auto& c) {
                    using C = std::decay_t<decltype(c)>;
                    if constexpr (std::is_same_v<C, SealAndStore>)
                        seal_and_store(c);
                    else if constexpr (std::is_same_v<C, CheckPin>)
                        check_pin(c);
                    else if constexpr (std::is_same_v<C, LoadQueue>)
                        load_queue();
                    else if constexpr (std::is_same_v<C, PrintSlip>)
                        print_slip(c);
                    else if constexpr (std::is_same_v<C, ReprintLast>)
                        reprint_last();
                    else if constexpr (std::is_same_v<C, WipeMemory>)
                        wipe_buffers();
                },
                command);
        }
    }
}

void Shell::seal_and_store(SealAndStore& command) {
    Report& report = command.report;
    std::optional<Intent> answer;
    try {
        if (!store_ || !keys_ || !central_) throw Error(Code::internal, "the store is not open");
        const SubmitOutcome outcome =
            submit_report(*store_, report, *keys_, *central_, local_today(), unix_now());
        if (outcome.stored()) {
            log_line("report " + outcome.report_id + " stored");
            answer = Stored{outcome.reference};
        } else {
            // Each screen was validated on Continue; this catches what only the final check sees.
            // The field paths go to the log; the person sees the first message, never their text.
            for (const FieldProblem& p : outcome.problems)
                log_line("report not stored: problem at " + p.field);
            answer = StoreFailed{outcome.problems.empty()
                                     ? words()(keys::answers_need_checking)
                                     : words().render(outcome.problems.front().text)};
        }
    } catch (const Error& e) {
        log_line(std::string("report not stored: ") + e.what());
        answer = StoreFailed{failure_note(e, words())};
    } catch (const std::exception& e) {
        log_line(std::string("report not stored: unexpected error: ") + e.what());
        answer = StoreFailed{failure_note(Error(Code::internal, e.what()), words())};
    }
    wipe(report); // the shell's copy; the model keeps the draft until Stored
    apply(*answer);
}

void Shell::check_pin(CheckPin& command) {
    // hrc/staff_pins.h: `staff-pins` beside hrc.toml, written by `hrc-admin set-pin`; an unknown
    // staff id, a missing file and a wrong PIN all give the same answer.
    // Wrong PINs are counted in the encrypted store (hrc/store.h, PIN lockout), so a wipe or a
    // restart does not reset them; while a wait runs, the PIN is not even checked.
    const std::int64_t now = unix_now();
    std::int64_t wait = 0;
    bool ok = false;
    try {
        if (store_) wait = store_->pin_wait(command.staff_id, now);
        if (wait == 0) {
            ok = config_loaded_ && store_ &&
                 verify_staff_pin(staff_pins_path(config_), command.staff_id, command.pin);
            if (store_) wait = store_->record_pin_result(command.staff_id, ok, now);
        }
        if (!store_)
            log_line(
                "staff sign-in refused: the store is not open, so PIN tries cannot be counted");
    } catch (const Error& e) {
        // Without the store the count cannot be kept: refuse rather than allow unlimited tries.
        log_line(std::string("staff sign-in refused: the PIN lockout cannot be read or written: ") +
                 e.what());
        ok = false;
    }
    // The PIN is zeroed as soon as it has been checked (the model already dropped its copy).
    command.pin.resize(command.pin.capacity());
    sodium_memzero(command.pin.data(), command.pin.size());
    command.pin.clear();
    // The staff id is logged only once it is proven (a refused one may be anything typed).
    log_line(ok ? "staff sign-in accepted for " + command.staff_id
                : std::string("staff sign-in refused") +
                      (wait > 0 ? " (tries locked for " + std::to_string(wait) + " s)" : ""));
    std::string retry_at;
    if (wait > 0) {
        const std::time_t end = static_cast<std::time_t>(now + wait);
        std::tm local{};
        char text[8] = "";
        if (localtime_r(&end, &local) && std::strftime(text, sizeof text, "%H:%M", &local) > 0)
            retry_at = text;
    }
    apply(PinChecked{ok, wait, retry_at});
}

void Shell::load_queue() {
    QueueSnapshot q;
    try {
        if (!store_) throw Error(Code::internal, "the store is not open");
        const std::int64_t now = unix_now();
        const StoreStatus st =
            store_->status(now, RetentionPolicy{config_.retention.unacknowledged_days,
                                                config_.retention.warn_days_before});
        q.queued = st.counts.queued;
        q.sending = st.counts.sending;
        q.retry_wait = st.counts.retry_wait;
        q.quarantined = st.counts.quarantined;
        q.acked = st.counts.acked;
        q.pending = st.counts.pending();
        q.oldest_pending_at = st.oldest_pending_created_at;
        q.last_contact_at = st.sync.last_contact_at;
        q.last_error = st.sync.last_error;
        q.alert = st.sync.alert;
        if (st.waiting_long > 0) {
            if (!q.alert.empty()) q.alert += " ";
            q.alert += words().count(keys::status_waiting_long_warning.singular,
                                     keys::status_waiting_long_warning.plural,
                                     static_cast<long>(st.waiting_long));
        }
        // Languages of the most recent reports, newest first, each once: metadata only.
        std::vector<OutboxEntry> entries = store_->list();
        std::sort(entries.begin(), entries.end(), [](const OutboxEntry& a, const OutboxEntry& b) {
            return a.created_at > b.created_at;
        });
        for (const OutboxEntry& e : entries) {
            if (q.recent_languages.size() >= 5) break;
            if (!e.language.empty() &&
                std::find(q.recent_languages.begin(), q.recent_languages.end(), e.language) ==
                    q.recent_languages.end())
                q.recent_languages.push_back(e.language);
        }
    } catch (const Error& e) {
        log_line(std::string("cannot read the queue: ") + e.what());
        q.alert = fill_placeholders(words()(keys::status_store_unreadable), {{"detail", e.what()}});
    }
    apply(QueueLoaded{std::move(q)});
}

void Shell::wipe_buffers() {
    ++session_; // a print still running belongs to the session that ends here
    // Stop reading aloud at once (quick exit, idle wipe, finish): nothing of the last person's
    // screen may go on sounding, and the next person's overlay is not read unless they ask.
    speaker_->stop();
    read_aloud_used_ = false;
    for (std::string& line : reading_lines_)
        speech::wipe(line);
    reading_lines_.clear();
    shown_part_ = -1;
    // Typed characters still queued (a fast typist during a quick exit): zero, then drop them.
    for (InputEvent& e : events_) {
        if (e.kind == InputEvent::Kind::character) e.code_point = 0;
    }
    std::erase_if(events_,
                  [](const InputEvent& e) { return e.kind == InputEvent::Kind::character; });
    view_.wipe();
    text::wipe();
    presenter_.wipe(); // its copy of the last frame's triangles
    // Dear ImGui keeps last frame's vertices (glyph quads of what was on screen) in its draw list
    // buffers until they are overwritten: zero their whole capacity. Safe here: we are between
    // frames, or at the start of one before anything is drawn.
    if (imgui_ready_ && ImGui::GetCurrentContext() != nullptr) {
        ImDrawList* list = ImGui::GetBackgroundDrawList();
        if (list->VtxBuffer.Data != nullptr)
            sodium_memzero(list->VtxBuffer.Data,
                           static_cast<std::size_t>(list->VtxBuffer.Capacity) * sizeof(ImDrawVert));
        if (list->IdxBuffer.Data != nullptr)
            sodium_memzero(list->IdxBuffer.Data,
                           static_cast<std::size_t>(list->IdxBuffer.Capacity) * sizeof(ImDrawIdx));
    }
    // A person's own display choices end with their session.
    if (modes_ != config_modes_) pending_modes_ = config_modes_;
    items_.clear();
    frames_after_wipe_ = 2;
    need_frame_ = true;
}

// [SECTION] stack scrub =============================================================================

// Overwrites the stack below the caller. Short strings (up to 15 bytes, e.g. a typed name) live
// inside std::string objects on the stack, and the frames of earlier, deeper calls (drawing a
// field, shaping it) stay in the stack's memory until something else is written there. Called
// from the top of the frame loop after a wipe, so everything deeper is dead. 256 KiB: far more
// than the deepest frame the kiosk draws, a small part of the 8 MiB main-thread stack.
[[gnu::noinline]] void scrub_stack() {
    unsigned char area[256 * 1024];
    explicit_bzero(area, sizeof area);
    // Keeps the compiler from dropping the array (explicit_bzero is already never elided).
    asm volatile("" : : "r"(area) : "memory");
}

// [SECTION] timers ==================================================================================

// Seconds to sleep before the next Tick is due; negative = no timer (sleep until input).
double Shell::next_timeout() const {
    const double timeout = timers_timeout();
    // The start and neutral screens show their words in each language in turn (every_language.h):
    // wake for the next turn even when nothing else is due.
    if (!languages_turn(state_)) return timeout;
    const double turn = seconds_to_next_turn(glfwGetTime()) + 0.01;
    return timeout < 0.0 ? turn : std::min(timeout, turn);
}

double Shell::timers_timeout() const {
    const double now = unix_now_precise();
    // While reading aloud, look four times a second for its end (the button goes back to "Read
    // aloud", or a failure is shown), and wake at once for a change not drawn yet (speech that
    // failed or ended before this wait began); an idle kiosk that is not speaking still sleeps.
    if (speaker_) {
        const bool speaking = speaker_->speaking();
        if (speaking != shown_speaking_ || speaker_->last_error() != shown_speech_problem_)
            return 0.001;
        // Easy read highlights the line being read: look ten times a second for the next one.
        if (speaking) return state_.draft.easy_read ? 0.1 : 0.25;
    }
    if (state_.still_there_deadline > 0) {
        // The countdown shows whole seconds: wake at the next one.
        return std::max(0.01, std::floor(now) + 1.0 - now);
    }
    if (idle_tick_done_for_ == state_.last_touch) return -1.0;
    const double deadline = static_cast<double>(state_.last_touch + state_.settings.idle_seconds);
    return std::max(0.01, deadline - now);
}

void Shell::run_timers() {
    if (languages_turn(state_)) {
        const std::string_view turn = language_in_turn(glfwGetTime());
        if (turn != turn_shown_) {
            turn_shown_ = turn;
            need_frame_ = true;
        }
    }
    if (speaker_) {
        const bool speaking = speaker_->speaking();
        const std::string problem = speaker_->last_error();
        if (speaking != shown_speaking_ || problem != shown_speech_problem_) {
            shown_speaking_ = speaking;
            shown_speech_problem_ = problem;
            need_frame_ = true;
        }
        const int part = speaking ? speaker_->part_being_read() : -1;
        if (state_.draft.easy_read && part != shown_part_) {
            shown_part_ = part;
            need_frame_ = true;
        }
    }
    collect_prints();
    const std::int64_t now = unix_now();
    if (last_slip_ && now >= last_slip_until_) forget_last_slip(); // woken by the idle tick
    if (state_.still_there_deadline > 0) {
        if (now != last_countdown_tick_) {
            last_countdown_tick_ = now;
            apply(Tick{now});
        }
        return;
    }
    // One Tick at the idle deadline; the model decides whether idleness matters on this screen
    // (not on an untouched start screen), and we do not wake again until the next input.
    if (idle_tick_done_for_ != state_.last_touch &&
        now >= state_.last_touch + state_.settings.idle_seconds) {
        idle_tick_done_for_ = state_.last_touch;
        const Screen before = state_.screen;
        const std::int64_t deadline_before = state_.still_there_deadline;
        apply(Tick{now});
        if (state_.screen == before && state_.still_there_deadline == deadline_before)
            need_frame_ = false;
        if (deadline_before == 0 && state_.still_there_deadline > 0 && read_aloud_used_)
            speak_still_there(now);
    }
}

void Shell::speak_still_there(std::int64_t now) {
    if (!speaker_) return;
    if (speak(still_there_script(state_, words(), now)))
        log_line("read aloud: the \"Are you still there?\" overlay, unasked (Read aloud was used "
                 "in this session)");
    need_frame_ = true;
}

// Whether the session language has recorded messages: one folder listing per language change.
bool Shell::has_recordings() {
    if (recordings_language_ != state_.session_language) {
        recordings_language_ = state_.session_language;
        recordings_present_ =
            config_loaded_ && speech::has_recordings(config_.ui.read_aloud_recordings.string(),
                                                     state_.session_language);
    }
    return recordings_present_;
}

// Easy read: the silence after each line, so a person can follow the highlight and take in one
// idea before the next.
constexpr double kPauseBetweenLines = 0.7;

// The speaker's parts for a script: each line that is a whole message the centre has recorded
// plays its recording; the other lines are read by the voice (dropped by the Speaker when the
// language has none). Without recordings, the parts as they are. The script's text is wiped.

std::vector<speech::SpeechPart> Shell::speaker_parts(std::vector<ReadAloudPart> parts,
                                                     bool line_by_line) {
    for (std::string& line : reading_lines_)
        speech::wipe(line);
    reading_lines_.clear();
    std::vector<speech::SpeechPart> out;
    if (line_by_line) {
        // One part per line, in step with reading_lines_ (Speaker::part_being_read() indexes
        // both): a line the Speaker would leave out (no voice, no recording) is left out here.
        const bool recorded = has_recordings();
        std::vector<ScriptLine> lines =
            script_lines(parts, recorded ? spoken_message_ids(state_, words(), unix_now())
                                         : std::map<std::string, std::string>{});
        for (ReadAloudPart& p : parts)
            speech::wipe(p.text);
        const std::string root = config_.ui.read_aloud_recordings.string();
        for (ScriptLine& line : lines) {
            std::string file =
                recorded ? speech::recording_file(root, line.language, line.message_id) : "";
            if (!file.empty()) {
                out.push_back({line.language, {}, std::move(file), kPauseBetweenLines});
                reading_lines_.push_back(line.text);
            } else if (speech::available(line.language)) {
                out.push_back({line.language, line.text, {}, kPauseBetweenLines});
                reading_lines_.push_back(line.text);
            }
            speech::wipe(line.text);
        }
        return out;
    }
    if (!has_recordings()) {
        for (ReadAloudPart& p : parts)
            out.push_back({std::move(p.language), std::move(p.text)});
        return out;
    }
    std::vector<ScriptLine> lines =
        script_lines(parts, spoken_message_ids(state_, words(), unix_now()));
    for (ReadAloudPart& p : parts)
        speech::wipe(p.text);
    const std::string root = config_.ui.read_aloud_recordings.string();
    int recorded = 0;
    for (ScriptLine& line : lines) {
        std::string file = speech::recording_file(root, line.language, line.message_id);
        if (!file.empty()) {
            ++recorded;
            out.push_back({line.language, {}, std::move(file)});
        } else if (!out.empty() && out.back().recording.empty() &&
                   out.back().language == line.language) {
            out.back().text += '\n';
            out.back().text += line.text;
        } else {
            out.push_back({line.language, line.text});
        }
        speech::wipe(line.text);
    }
    // How many, never which: a message id says what is on the screen.
    log_line("read aloud: " + std::to_string(recorded) + " of " + std::to_string(lines.size()) +
             " lines from recordings");
    return out;
}

// Reads `parts` aloud (recordings where the centre has them). Returns false, logging the reason
// (never the text), when the speaker refuses.
bool Shell::speak(std::vector<ReadAloudPart> parts, bool line_by_line) {
    if (!speaker_) return false;
    if (speaker_->speak(speaker_parts(std::move(parts), line_by_line))) return true;
    log_line("read aloud refused: " + speaker_->last_error()); // the reason, never the text
    return false;
}

// [SECTION] the frame loop ==========================================================================

void Shell::frame(FrameContext& context) {
    const double started = glfwGetTime();
    int w = 0, h = 0; // the framebuffer's size reaches the presenter through ImGui's draw data
    glfwGetWindowSize(window_, &w, &h);
    context.size = ImVec2(static_cast<float>(w), static_cast<float>(h));
    context.now = unix_now();
    context.monotonic = glfwGetTime();
    context.words = &words();
    text::set_language(state_.session_language); // fonts, shaping language, direction of UI text
    context.right_to_left = text::is_rtl();      // Urdu, Arabic: the screen is mirrored (view.cpp)
    context.read_aloud =
        ReadAloudStatus{speech::available(state_.session_language) || has_recordings(),
                        speaker_->speaking(), speaker_->last_error()};
    if (state_.draft.easy_read && context.read_aloud.speaking) {
        const int part = speaker_->part_being_read();
        if (part >= 0 && static_cast<std::size_t>(part) < reading_lines_.size())
            context.reading_line = reading_lines_[static_cast<std::size_t>(part)];
        shown_part_ = part;
    }

    ImGui_ImplOpenGL3_NewFrame(); // makes ImGui's font texture on the first frame (and after a rebuild)
    ImGuiIO& io = ImGui::GetIO();
    // Once the texture has them, the CPU copies of ImGui's font pixels (alpha and RGBA) and the font
    // file they were built from are not needed again: rebuild_fonts() reads and builds them afresh.
    // Only allowed outside NewFrame/Render.
    if (io.Fonts->TexPixelsAlpha8 != nullptr || io.Fonts->TexPixelsRGBA32 != nullptr) {
        io.Fonts->ClearTexData();
        io.Fonts->ClearInputData();
    }
    ImGui_ImplGlfw_NewFrame();
    io.DeltaTime =
        std::max(io.DeltaTime, 1e-4f); // two frames within one clock tick must not assert
    ImGui::NewFrame();

    // Shapes and text from one texture: a few draw calls per frame instead of two per string
    // (text.h; under software OpenGL each one costs set-up time on this thread).
    // Shapes are drawn from this texture's white texels this frame (the presenter clears with one).
    const ImTextureID shapes_texture =
        text::begin_frame(ImGui::GetBackgroundDrawList()) ? text::atlas_texture() : io.Fonts->TexID;

    // Quick exit first: the screen goes neutral in THIS frame (BRIEF §4).
    if (std::optional<Intent> early = view_.early_intent(state_, context)) apply(*early);

    items_.clear();
    std::vector<Intent> intents = view_.draw(state_, context, ImGui::GetBackgroundDrawList(),
                                             automation_.enabled() ? &items_ : nullptr);

    ImGui::Render();
    const std::uint64_t texture_rebuilds = text::texture_rebuilds();
    RedrawStats redraw;
    presenter_.present(*ImGui::GetDrawData(), {view_.theme().c.background, shapes_texture},
                       texture_rebuilds != texture_rebuilds_drawn_, redraw);
    texture_rebuilds_drawn_ = texture_rebuilds;
    ++frame_number_;
    if (automation_.enabled()) {
        const text::AtlasStats atlas = text::atlas_stats();
        const FrameStats stats{(glfwGetTime() - started) * 1000.0, state_.session_language,
                               atlas.bytes, atlas.glyphs, redraw};
        automation_.write_frame(frame_number_, screen_id(state_.screen), items_, stats);
    }

    need_frame_ = view_.wants_another_frame();
    for (const Intent& intent : intents)
        apply(intent);
    if (std::optional<DisplayModes> request = view_.take_display_request())
        pending_modes_ = *request;
    for (const std::string& problem : view_.take_problems())
        log_line(problem);
    if (std::optional<ReadAloudRequest> request = view_.take_read_aloud_request()) {
        if (request->stop || speaker_->speaking()) {
            speaker_->stop();
        } else if (speak(std::move(request->parts), state_.draft.easy_read)) {
            read_aloud_used_ = true;
        }
        for (ReadAloudPart& p : request->parts)
            speech::wipe(p.text);
        need_frame_ = true;
    }
    if (pending_modes_) {
        const bool looks_change = pending_modes_->larger_text != modes_.larger_text ||
                                  pending_modes_->high_contrast != modes_.high_contrast;
        modes_ = *pending_modes_;
        pending_modes_.reset();
        const speech::Pace pace =
            modes_.slower_speech ? speech::Pace::slower : speech::Pace::normal;
        if (speaker_ && speaker_->pace() != pace) {
            speaker_->set_pace(pace);
            log_line(pace == speech::Pace::slower ? "read aloud: slower reading on"
                                                  : "read aloud: normal reading pace");
        }
        if (looks_change) { // slower reading alone needs no new theme or fonts
            configure_theme();
            rebuild_fonts(true);
        } else {
            view_.set_display_modes(modes_); // the view shows the option as on
        }
        need_frame_ = true;
    }
    run_deferred();
}

void Shell::failure_frame() {
    presenter_.invalidate(); // drawn and swapped here
    int w = 0, h = 0, fb_w = 0, fb_h = 0;
    glfwGetWindowSize(window_, &w, &h);
    glfwGetFramebufferSize(window_, &fb_w, &fb_h);
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
    ImGuiIO& io = ImGui::GetIO();
    io.DeltaTime = std::max(io.DeltaTime, 1e-4f);
    ImGui::NewFrame();
    text::set_language(config_loaded_ ? config_.ui.default_language
                                      : std::string(languages::source().code));
    draw_startup_failure(
        ImGui::GetBackgroundDrawList(), ImVec2(static_cast<float>(w), static_cast<float>(h)),
        view_.theme(), startup_error_->what(), startup_error_->exit_code(),
        catalogs_ && config_loaded_ ? catalogs_->for_language(config_.ui.default_language)
                                    : english());
    ImGui::Render();
    glViewport(0, 0, fb_w, fb_h);
    glClearColor(1, 1, 1, 1);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    glfwSwapBuffers(window_);
    ++frame_number_;
    automation_.write_frame(frame_number_, "startup_error", {});
}

int Shell::run() {
    start_services();

    std::string problem;
    const bool window_open = open_window(problem);
    finish_services();
    if (!window_open) {
        log_line(problem);
        // Without a window the startup failure (if any) can only be told through the exit code.
        return startup_error_ ? startup_error_->exit_code() : 2;
    }
    signals_.start([window = window_](int) {
        glfwSetWindowShouldClose(window, GLFW_TRUE);
        glfwPostEmptyEvent();
    });
    presenter_.set_check(options_.check_redraw);
    if (!options_.automation.empty()) {
        std::string error;
        if (!automation_.open(options_.automation, error)) {
            log_line(error);
            return static_cast<int>(Code::io);
        }
    }
    if (config_loaded_) {
        config_modes_ = DisplayModes{config_.ui.larger_text, config_.ui.high_contrast};
        modes_ = config_modes_;
    }
    init_imgui();

    if (startup_error_) {
        // Shown until staff close or restart the kiosk; redrawn only when the window needs it.
        while (glfwWindowShouldClose(window_) == GLFW_FALSE) {
            if (need_frame_) {
                failure_frame();
                need_frame_ = false;
            }
            glfwWaitEvents();
            events_.clear();
        }
        return startup_error_->exit_code();
    }

    const SupportSection& support = config_.support;
    state_.settings = Settings{config_.ui.idle_seconds,
                               config_.ui.idle_countdown_seconds,
                               config_.ui.default_language,
                               config_.kiosk.centre_id,
                               false,
                               {}};
    state_.settings.support = SupportContacts{support.victim_first_phone,
                                              support.victim_first_web,
                                              support.police_emergency,
                                              support.police_non_emergency,
                                              support.victim_first_contact_days,
                                              support.police_contact_days,
                                              support.centre_text,
                                              support.help_text};
    if (!config_.printer.name.empty()) {
        receipt::PrinterTarget target;
        target.queue = config_.printer.name;
        target.server = config_.printer.server;
        target.timeout = std::chrono::seconds(config_.printer.timeout_seconds);
        // The configuration checked the paper's name; 80 mm is the documented default.
        const receipt::Paper paper =
            receipt::paper_from_name(config_.printer.paper).value_or(receipt::Paper::roll_80mm);
        // The print module is loaded on the first print; say now if it is not there.
        std::error_code ec;
        const std::filesystem::path module =
            receipt::print_module_path(std::filesystem::read_symlink("/proc/self/exe", ec));
        if (ec || !std::filesystem::is_regular_file(module, ec))
            log_line("receipt printing module missing (" + module.string() +
                     "): slips will not print; reinstall hrc-kiosk");
        printer_ = std::make_unique<SlipPrinter>(
            std::move(target), paper, module, [] { glfwPostEmptyEvent(); }, log_line);
        state_.settings.printer = true;
        log_line("receipt printer: " + config_.printer.name + " (" + config_.printer.paper + ")");
    }
    state_ = fresh_state(state_);
    state_.last_touch = unix_now();
    state_.today = local_today();
    log_line("started: kiosk " + config_.kiosk.kiosk_id + ", centre " + config_.kiosk.centre_id);

    while (glfwWindowShouldClose(window_) == GLFW_FALSE) {
        if (need_frame_ || !events_.empty()) {
            glfwPollEvents();
        } else {
            const double timeout = next_timeout();
            if (timeout < 0)
                glfwWaitEvents();
            else
                glfwWaitEventsTimeout(timeout);
        }
        run_timers();
        if (events_.empty() && !need_frame_) continue;

        // Take input up to one press or one release, so every tap gets its own frames.
        FrameContext context;
        bool touched = false;
        while (!events_.empty()) {
            InputEvent e = events_.front();
            const bool button =
                e.kind == InputEvent::Kind::press || e.kind == InputEvent::Kind::release;
            if (button && (context.pointer.pressed || context.pointer.released)) break;
            events_.pop_front();
            if (!touched) {
                const bool overlay_was_up = state_.still_there_deadline > 0;
                apply(Touch{unix_now()}); // every input resets the idle timer, before anything else
                touched = true;
                context.pointer.press_dismissed_overlay =
                    overlay_was_up && e.kind == InputEvent::Kind::press;
            }
            switch (e.kind) {
            case InputEvent::Kind::press:
                context.pointer.pressed = true;
                context.pointer.press_pos = e.pos;
                pointer_down_ = true;
                pointer_pos_ = e.pos;
                break;
            case InputEvent::Kind::release:
                context.pointer.released = true;
                context.pointer.release_pos = e.pos;
                pointer_down_ = false;
                pointer_pos_ = e.pos;
                break;
            case InputEvent::Kind::move:
                pointer_pos_ = e.pos;
                break;
            case InputEvent::Kind::wheel:
                context.pointer.wheel += e.wheel;
                break;
            case InputEvent::Kind::character: {
                std::string utf8 = text::encode_utf8(e.code_point);
                e.code_point = 0;
                apply(TypeText{utf8});
                sodium_memzero(utf8.data(), utf8.size());
                break;
            }
            case InputEvent::Kind::backspace:
                apply(Backspace{});
                break;
            }
        }
        context.pointer.down = pointer_down_;
        context.pointer.pos = pointer_pos_;
        frame(context);
        if (!events_.empty()) need_frame_ = true;
        if (frames_after_wipe_ > 0) {
            --frames_after_wipe_;
            need_frame_ = true;
            scrub_stack();
            if (frames_after_wipe_ == 0) release_freed_pages(); // the session's freed memory
        }
        if (frame_number_ == 1) release_freed_pages(); // what opening the window freed
    }
    printer_.reset(); // a slip still printing ends (at most [printer] timeout_seconds)
    wipe_buffers();
    forget_last_slip();
    return 0;
}

} // namespace

// [SECTION] run_shell ===============================================================================

int run_shell(const ShellOptions& options) {
    // Say plainly that there is no display, before GLFW prints anything of its own.
    const char* display = std::getenv("DISPLAY");
    const char* wayland = std::getenv("WAYLAND_DISPLAY");
    if ((display == nullptr || *display == '\0') && (wayland == nullptr || *wayland == '\0')) {
        std::fprintf(
            stderr,
            "hrc-kiosk: no display (DISPLAY/WAYLAND_DISPLAY not set). For a headless run use: "
            "xvfb-run -s '-screen 0 1280x800x24' hrc-kiosk --windowed 1280x800 --config %s\n",
            options.config.c_str());
        return 2;
    }
    Shell shell(options);
    return shell.run();
}

} // namespace hrc::kiosk
