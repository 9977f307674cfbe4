// engine.cpp — language, fonts per size, the bounded layout cache. See hrc_text/engine.h.

#include "hrc_text/engine.h"

#include <cmath>
#include <cstring>

namespace hrc::text {

namespace {

// Zeroes a string's whole buffer (its capacity, not only its size: a shorter text may have
// followed a longer one in it).
void zero_string(std::string& s) {
    s.resize(s.capacity());
    explicit_bzero(s.data(), s.size());
    s.clear();
}

} // namespace

Engine::Engine(std::string font_dir, std::string fallback_dir, std::size_t cache_capacity)
    : library_(std::move(font_dir), std::move(fallback_dir)), fonts_(language_fonts("en-GB")),
      capacity_(std::max<std::size_t>(cache_capacity, 16)) {}

void Engine::set_language(std::string_view bcp47) {
    if (bcp47 == fonts_.language) return;
    fonts_ = language_fonts(bcp47);
    chains_.clear(); // fonts stay loaded in the library; only the order changes
    segmenter_.set_language(fonts_.language);
}

const FontChain& Engine::chain(bool bold, float size_px) {
    const auto key = std::make_pair(bold, static_cast<int>(std::lround(size_px * 64.0f)));
    auto it = chains_.find(key);
    if (it == chains_.end()) it = chains_.emplace(key, library_.chain(fonts_, bold, size_px)).first;
    return it->second;
}

LineMetrics Engine::line_metrics(bool bold, float size_px) {
    const FontChain& c = chain(bold, size_px);
    return c.fonts.empty() ? LineMetrics{} : c.fonts.front()->metrics();
}

bool Engine::covers(std::string_view text) {
    const FontChain& c = chain(false, 24.0f);
    for (std::size_t i = 0; i < text.size();) {
        const char32_t cp = next_code_point(text, i);
        if (cp == '\n' || cp == '\r' || cp == '\t' || (cp >= 0x200B && cp <= 0x200F) ||
            (cp >= 0xFE00 && cp <= 0xFE0F))
            continue;
        bool found = false;
        for (const Font* f : c.fonts)
            if (f->has_glyph(cp)) {
                found = true;
                break;
            }
        if (!found) return false;
    }
    return true;
}

std::shared_ptr<const TextLayout> Engine::layout(std::string_view text, const TextRequest& r) {
    const auto px64 = static_cast<std::int32_t>(std::lround(r.size_px * 64.0f));
    const auto wrap64 =
        r.wrap_width > 0.0f ? static_cast<std::int32_t>(std::lround(r.wrap_width * 64.0f)) : 0;
    // The key holds everything the result depends on; the text last (it may contain any byte).
    std::string key = fonts_.language;
    key += '\x1f';
    key += std::to_string(px64) + (r.bold ? "b" : "r") + std::to_string(wrap64) +
           (r.first_strong ? "f" : "u") + std::to_string(static_cast<int>(r.align));
    key += '\x1f';
    key.append(text);
    if (auto it = cache_.find(key); it != cache_.end()) {
        ++hits_;
        lru_.splice(lru_.begin(), lru_, it->second);
        zero_string(key); // it holds the text too
        return it->second->second;
    }
    ++misses_;
    LayoutParams p;
    p.chain = &chain(r.bold, r.size_px);
    p.language = fonts_.language;
    if (r.first_strong)
        p.direction =
            fonts_.rtl ? BaseDirection::first_strong_rtl : BaseDirection::first_strong_ltr;
    else
        p.direction = fonts_.rtl ? BaseDirection::rtl : BaseDirection::ltr;
    p.align = r.align;
    p.wrap_width = wrap64;
    auto result = std::make_shared<TextLayout>(layout_text(text, p, segmenter_));
    lru_.emplace_front(std::move(key), result);
    cache_[lru_.front().first] = lru_.begin();
    while (lru_.size() > capacity_)
        evict_oldest();
    return result;
}

void Engine::evict_oldest() {
    Entry& oldest = lru_.back();
    cache_.erase(std::string_view(oldest.first));
    zero_string(oldest.first);
    // A layout evicted while the frame being drawn still uses it is left to its holder; the
    // kiosk's allocator overwrites it when it is freed (kiosk/app/freed_memory.h).
    if (oldest.second.use_count() == 1) zero_string(oldest.second->text);
    lru_.pop_back();
}

AtlasStats Engine::stats() const {
    AtlasStats s = atlas_.stats();
    s.shaped_lines_cached = lru_.size();
    s.shaped_cache_hits = hits_;
    s.shaped_cache_misses = misses_;
    return s;
}

void Engine::wipe_cache() {
    cache_.clear();
    for (Entry& e : lru_) {
        zero_string(e.first);
        zero_string(e.second->text);
    }
    lru_.clear();
}

} // namespace hrc::text
