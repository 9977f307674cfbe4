// kiosk/app/automation.h — the per-frame list of interactive items, for end-to-end tests.
//
// With `--automation FILE` the kiosk appends one JSON line per rendered frame (format in
// docs/hrc-kiosk.md): the screen id and every interactive item (and the main texts) with a stable id, its visible
// label, kind and rectangle in window coordinates (what xdotool clicks in). What a person typed is
// never written: a field says only whether it is filled.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "redraw.h"

namespace hrc::kiosk {

// `text`: words shown but not tappable (the heading, a hint, an error message), listed so tests can
// read what a person is told and where; always enabled = false.
enum class ItemKind { button, choice, check, field, key, link, text };
std::string_view to_string(ItemKind kind);

struct Item {
    std::string id;
    std::string label; // visible text of the item (never typed text)
    ItemKind kind = ItemKind::button;
    float x = 0, y = 0, w = 0, h = 0;
    bool selected = false; // chosen radio / ticked box / focused field / shift on
    bool enabled = true;
    bool filled = false; // fields: something is typed
};

// How a frame was made, for benchmarks (no content): milliseconds from the start of the frame to
// the end of its buffer swap, the session language, the glyph atlas's size.
struct FrameStats {
    double frame_ms = 0.0;
    std::string language;
    std::size_t atlas_bytes = 0;
    std::size_t atlas_glyphs = 0;
    RedrawStats redraw; // drawn whole or only the changed area (redraw.h)
};

class Automation {
public:
    Automation() = default;
    ~Automation();
    Automation(const Automation&) = delete;
    Automation& operator=(const Automation&) = delete;

    // Opens (creates, 0600 through the process umask, appends) the file. Returns false and sets
    // `error` when it cannot.
    bool open(const std::filesystem::path& path, std::string& error);
    bool enabled() const { return fd_ >= 0; }

    // Writes one line `{"frame":N,"screen":"…","items":[…]}` and hands it to the kernel before
    // returning, so a test reading the file sees every frame that is on the screen.
    // `stats`: how the frame was made (FrameStats), for benchmarks.
    void write_frame(long frame, std::string_view screen, const std::vector<Item>& items,
                     const FrameStats& stats = {});

private:
    int fd_ = -1;
};

} // namespace hrc::kiosk
