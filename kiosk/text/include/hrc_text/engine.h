// hrc_text/engine.h — the text layer as the kiosk uses it: the session language, fonts per
// weight and size, a bounded cache of laid-out text, the glyph atlas and its statistics.
//
// Never logs and never keeps text anywhere but the bounded cache (reports are confidential:
// BRIEF §8/§11). The cache holds what a person typed (every prefix of a field, the answers on check
// answers): an evicted entry's key is zeroed at once (and its layout's copy of the text when nobody
// else holds it), and wipe_cache() zeroes and drops every entry at the end of each session (quick
// exit, idle wipe, Finish; issue 13, docs/hrc-kiosk.md "What a person typed"). Not thread-safe:
// one UI thread.
#pragma once

#include <cstdint>
#include <list>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include "hrc_text/atlas.h"
#include "hrc_text/fonts.h"
#include "hrc_text/layout.h"

namespace hrc::text {

// How to lay one text out.
struct TextRequest {
    bool bold = false;
    float size_px = 24.0f;
    float wrap_width = 0.0f;   // pixels; <= 0: no wrapping
    bool first_strong = false; // typed text: paragraph direction from its first strong character
    Align align = Align::start;
};

class Engine {
public:
    // Throws TextError if FreeType or ICU cannot start. Fonts load on first use.
    explicit Engine(std::string font_dir = "/usr/share/fonts/truetype/noto",
                    std::string fallback_dir = "/usr/share/fonts/truetype/dejavu",
                    std::size_t cache_capacity = 2048);

    // The session language (BCP 47): font chain, shaping language, line-break rules and the UI
    // paragraph direction. Cheap when unchanged (the kiosk calls it every frame).
    void set_language(std::string_view bcp47);
    const std::string& language() const { return fonts_.language; }
    bool rtl() const { return fonts_.rtl; }

    // The laid-out text, from the cache when the same (text, language, weight, size, wrap,
    // direction, alignment) was laid out before. Throws TextError (see layout_text).
    std::shared_ptr<const TextLayout> layout(std::string_view text, const TextRequest& request);

    // The chain for a weight and size in the current language (never empty unless no font file
    // at all can be loaded; then FontChain::problem says why).
    const FontChain& chain(bool bold, float size_px);
    // The primary font's line metrics at a weight and size (0s if no font loads).
    LineMetrics line_metrics(bool bold, float size_px);
    // True when every character of `text` has a glyph in some font of the current chain.
    bool covers(std::string_view text);

    GlyphAtlas& atlas() { return atlas_; }
    FontLibrary& library() { return library_; }
    AtlasStats stats() const;
    // Zeroes every cached key and laid-out text, then empties the cache. Call between frames: a
    // layout still held by a caller is zeroed too (its text reads as NULs from then on).
    void wipe_cache();

private:
    FontLibrary library_;
    Segmenter segmenter_;
    LanguageFonts fonts_;
    std::map<std::pair<bool, int>, FontChain> chains_; // (bold, size×64) in the current language
    // 1024×1024 (1 MiB, one channel): the glyphs of all twelve languages' screens fit (bench/kiosk:
    // ~700), so switching back to a language does not re-rasterise what another one evicted.
    GlyphAtlas atlas_{1024, 1024, 4096};

    // Evicts the least recently used entry, zeroing its key (and its text when no caller holds it).
    void evict_oldest();

    // The key (language, size, weight, wrap, direction, alignment, then the text) is stored once,
    // in the list entry; the map's key is a view of it, so there is one copy to zero.
    using Entry = std::pair<std::string, std::shared_ptr<TextLayout>>;
    std::list<Entry> lru_; // most recent first
    std::unordered_map<std::string_view, std::list<Entry>::iterator> cache_;
    std::size_t capacity_;
    std::size_t hits_ = 0;
    std::size_t misses_ = 0;
};

} // namespace hrc::text
