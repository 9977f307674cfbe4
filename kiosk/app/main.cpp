// kiosk/app/main.cpp — hrc-kiosk: the touchscreen where people report hate (docs/hrc-kiosk.md).

#include <cstdio>
#include <iostream>
#include <string>

#include <CLI/CLI.hpp>

#include "hrc/error.h"
#include "hrc/process.h"

#include "freed_memory.h"
#include "shell.h"

namespace {

// "1280x800" → width and height; false for anything else.
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

} // namespace

int main(int argc, char** argv) {
    // Before anything else: no core dumps, private files, libsodium ready.
    if (!hrc::harden_process()) {
        std::fprintf(stderr, "hrc-kiosk: libsodium could not initialise\n");
        return static_cast<int>(hrc::Code::crypto);
    }
    // Freed memory must be overwritten (freed_memory.h): refuse to take anyone's report otherwise.
    if (const std::string problem = hrc::kiosk::freed_memory_problem(); !problem.empty()) {
        std::fprintf(stderr, "hrc-kiosk: %s\n", problem.c_str());
        return static_cast<int>(hrc::Code::config);
    }

    CLI::App app{
        "hrc-kiosk — the touchscreen where people report hate at a Hate Reporting Centre.\n"
        "Full screen on the primary monitor unless --windowed is given (docs/hrc-kiosk.md)."};
    app.footer("Examples:\n"
               "  hrc-kiosk --config /etc/hrc/hrc.toml\n"
               "  hrc-kiosk --config /tmp/kx/hrc.toml --windowed 1280x800\n"
               "  xvfb-run -s '-screen 0 1280x800x24' hrc-kiosk --config /tmp/kx/hrc.toml "
               "--windowed 1280x800 \\\n"
               "      --automation /tmp/auto.jsonl\n"
               "Exit codes: 0 closed; 2 usage or no display; 3-13 a startup failure "
               "(docs/exit-codes.md).");
    hrc::kiosk::ShellOptions options;
    std::string windowed;
    double scale = 0.0;
    app.add_option("--config", options.config, "configuration file")
        ->default_str("/etc/hrc/hrc.toml");
    app.add_option("--windowed", windowed,
                   "open a window of this size instead of full screen, e.g. 1280x800");
    app.add_option("--automation", options.automation,
                   "append one JSON line per frame listing the interactive items (for tests)");
    app.add_option("--scale", scale, "multiply every size (overrides ui.scale)")
        ->check(CLI::Range(0.5, 4.0));
    app.add_flag("--check-redraw", options.check_redraw,
                 "also draw every frame whole and count the pixels where drawing only the changed "
                 "area differs, in the --automation output (slow; for tests)");
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return app.exit(e) == 0 ? 0 : static_cast<int>(hrc::Code::usage);
    }

    if (!windowed.empty()) {
        int w = 0, h = 0;
        if (!parse_size(windowed, w, h)) {
            std::fprintf(
                stderr,
                "hrc-kiosk: --windowed takes WIDTHxHEIGHT, e.g. --windowed 1280x800 (found '%s')\n",
                windowed.c_str());
            return static_cast<int>(hrc::Code::usage);
        }
        options.window_width = w;
        options.window_height = h;
    }
    if (scale > 0.0) options.scale = scale;
    return hrc::kiosk::run_shell(options);
}
