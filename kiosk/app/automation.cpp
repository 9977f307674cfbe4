// kiosk/app/automation.cpp — see automation.h.

#include "automation.h"

#include <cerrno>
#include <cmath>
#include <cstring>

#include <fcntl.h>
#include <nlohmann/json.hpp>
#include <unistd.h>

namespace hrc::kiosk {

std::string_view to_string(ItemKind kind) {
    switch (kind) {
    case ItemKind::button:
        return "button";
    case ItemKind::choice:
        return "choice";
    case ItemKind::check:
        return "check";
    case ItemKind::field:
        return "field";
    case ItemKind::key:
        return "key";
    case ItemKind::link:
        return "link";
    case ItemKind::text:
        return "text";
    }
    return "button";
}

Automation::~Automation() {
    if (fd_ >= 0) (void)::close(fd_);
}

bool Automation::open(const std::filesystem::path& path, std::string& error) {
    fd_ = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
    if (fd_ < 0) {
        error = path.string() + ": cannot open the automation file: " + std::strerror(errno);
        return false;
    }
    return true;
}

void Automation::write_frame(long frame, std::string_view screen, const std::vector<Item>& items,
                             const FrameStats& stats) {
    if (fd_ < 0) return;
    nlohmann::ordered_json line;
    line["frame"] = frame;
    line["screen"] = std::string(screen);
    line["language"] = stats.language;
    line["frame_ms"] = std::round(stats.frame_ms * 1000.0) / 1000.0;
    line["atlas_bytes"] = stats.atlas_bytes;
    line["atlas_glyphs"] = stats.atlas_glyphs;
    line["redraw_whole"] = stats.redraw.whole;
    line["redraw_pixels"] = stats.redraw.drawn_pixels;
    if (stats.redraw.check_mismatch >= 0) line["redraw_mismatch"] = stats.redraw.check_mismatch;
    nlohmann::ordered_json list = nlohmann::ordered_json::array();
    for (const Item& item : items) {
        // Whole pixels: what xdotool takes.
        list.push_back({{"id", item.id},
                        {"label", item.label},
                        {"kind", std::string(to_string(item.kind))},
                        {"x", std::lround(item.x)},
                        {"y", std::lround(item.y)},
                        {"w", std::lround(item.w)},
                        {"h", std::lround(item.h)},
                        {"selected", item.selected},
                        {"enabled", item.enabled},
                        {"filled", item.filled}});
    }
    line["items"] = std::move(list);
    std::string text = line.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
    text += '\n';
    // One write() per line with O_APPEND: a reader never sees half a line from us.
    const char* p = text.data();
    std::size_t left = text.size();
    while (left > 0) {
        const ssize_t n = ::write(fd_, p, left);
        if (n < 0) {
            if (errno == EINTR) continue;
            return; // a full disk must not stop the kiosk; tests will notice the missing lines
        }
        p += n;
        left -= static_cast<std::size_t>(n);
    }
}

} // namespace hrc::kiosk
