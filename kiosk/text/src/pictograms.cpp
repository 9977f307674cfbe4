// pictograms.cpp — colour pictures from the emoji font and their RGBA atlas. See
// hrc_text/pictograms.h.
//
// [SECTION] PictogramSource: opening the font, shaping a sequence, rendering
// [SECTION] area_resample
// [SECTION] PictogramAtlas

#include "hrc_text/pictograms.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>

#include <ft2build.h>
#include FT_FREETYPE_H
#include <hb-ot.h>
#include <hb.h>

#include "hrc_text/fonts.h"
#include "hrc_text/layout.h" // next_code_point

namespace hrc::text {

namespace {

// "U+1F3F3 U+FE0F …": how a sequence appears in problem() (no raw text in logs).
std::string code_points_of(std::string_view s) {
    std::string out;
    for (std::size_t i = 0; i < s.size();) {
        char buf[16];
        std::snprintf(buf, sizeof buf, "%sU+%04X", out.empty() ? "" : " ",
                      static_cast<unsigned>(next_code_point(s, i)));
        out += buf;
    }
    return out;
}

std::string ft_error(const char* what, FT_Error err) {
    return std::string(what) + " (FreeType error " + std::to_string(err) + ")";
}

} // namespace

// [SECTION] PictogramSource =========================================================================

PictogramSource::PictogramSource(std::string path) : path_(std::move(path)) {}

PictogramSource::~PictogramSource() {
    if (hb_font_ != nullptr) hb_font_destroy(hb_font_);
    if (face_ != nullptr) FT_Done_Face(face_);
    if (ft_ != nullptr) FT_Done_FreeType(ft_);
}

bool PictogramSource::open() {
    if (face_ != nullptr) return true;
    if (failed_) return false;
    failed_ = true; // until everything below has worked
    try {
        file_ = std::make_shared<const FontFile>(path_); // mmap + HarfBuzz face; throws
    } catch (const TextError& e) {
        problem_ = e.what();
        return false;
    }
    FT_Library lib = nullptr;
    if (const FT_Error err = FT_Init_FreeType(&lib); err != 0) {
        problem_ = ft_error("FreeType cannot start", err);
        file_.reset();
        return false;
    }
    FT_Face face = nullptr;
    if (const FT_Error err =
            FT_New_Memory_Face(lib, file_->data(), static_cast<FT_Long>(file_->size()), 0, &face);
        err != 0) {
        problem_ = ft_error(("FreeType cannot open " + path_).c_str(), err);
        FT_Done_FreeType(lib);
        file_.reset();
        return false;
    }
    if (!FT_HAS_COLOR(face) || !FT_HAS_FIXED_SIZES(face) || face->num_fixed_sizes <= 0) {
        problem_ = "not a colour bitmap font: " + path_;
        FT_Done_Face(face);
        FT_Done_FreeType(lib);
        file_.reset();
        return false;
    }
    hb_font_t* font = hb_font_create(file_->hb_face());
    if (font == hb_font_get_empty()) {
        problem_ = "HarfBuzz cannot create a font for " + path_;
        FT_Done_Face(face);
        FT_Done_FreeType(lib);
        file_.reset();
        return false;
    }
    // Shaping only picks glyphs (GSUB ligatures for ZWJ sequences and flags); positions are not
    // used, so HarfBuzz's default scale (units per em) is fine.
    ft_ = lib;
    face_ = face;
    hb_font_ = font;
    failed_ = false;
    return true;
}

std::optional<std::uint32_t> PictogramSource::glyph_of(std::string_view sequence) {
    if (sequence.empty()) {
        problem_ = "empty pictogram sequence";
        return std::nullopt;
    }
    if (!open()) return std::nullopt;
    const std::string key(sequence);
    if (const auto it = glyphs_.find(key); it != glyphs_.end()) {
        if (it->second == 0) {
            problem_ = "no single glyph for " + code_points_of(sequence);
            return std::nullopt;
        }
        return it->second;
    }
    hb_buffer_t* buf = hb_buffer_create();
    if (!hb_buffer_allocation_successful(buf)) {
        hb_buffer_destroy(buf);
        problem_ = "HarfBuzz cannot allocate a buffer";
        return std::nullopt; // not cached: may work later
    }
    hb_buffer_add_utf8(buf, sequence.data(), static_cast<int>(sequence.size()), 0,
                       static_cast<int>(sequence.size()));
    hb_buffer_set_direction(buf, HB_DIRECTION_LTR); // pictures are never mirrored
    hb_buffer_guess_segment_properties(buf);        // script (Zyyy for emoji), language
    hb_shape(hb_font_, buf, nullptr, 0);
    if (!hb_buffer_allocation_successful(buf)) {
        hb_buffer_destroy(buf);
        problem_ = "HarfBuzz ran out of memory shaping " + code_points_of(sequence);
        return std::nullopt;
    }
    unsigned int count = 0;
    const hb_glyph_info_t* info = hb_buffer_get_glyph_infos(buf, &count);
    const std::uint32_t glyph = (count == 1 && info != nullptr) ? info[0].codepoint : 0;
    hb_buffer_destroy(buf);
    if (glyphs_.size() >= 1024) glyphs_.clear(); // bounded (the kiosk uses a few dozen)
    glyphs_.emplace(key, glyph);
    if (glyph == 0) {
        problem_ = "no single glyph for " + code_points_of(sequence) + " (" +
                   std::to_string(count) + " glyphs)";
        return std::nullopt;
    }
    return glyph;
}

std::optional<Pictogram> PictogramSource::render(std::string_view sequence, int size) {
    if (size < 1 || size > kMaxSize) {
        problem_ = "pictogram size out of range: " + std::to_string(size);
        return std::nullopt;
    }
    const auto glyph = glyph_of(sequence);
    if (!glyph) return std::nullopt;
    // The smallest strike at least `size` pixels tall, else the largest (Noto Color Emoji has one).
    int strike = 0;
    for (int i = 0; i < face_->num_fixed_sizes; ++i) {
        const int hi = face_->available_sizes[i].height, hs = face_->available_sizes[strike].height;
        const bool i_fits = hi >= size, s_fits = hs >= size;
        if ((i_fits && (!s_fits || hi < hs)) || (!i_fits && !s_fits && hi > hs)) strike = i;
    }
    if (const FT_Error err = FT_Select_Size(face_, strike); err != 0) {
        problem_ = ft_error("FreeType cannot select the emoji strike", err);
        return std::nullopt;
    }
    if (const FT_Error err = FT_Load_Glyph(face_, *glyph, FT_LOAD_COLOR); err != 0) {
        problem_ = ft_error(
            ("FreeType cannot load the glyph for " + code_points_of(sequence)).c_str(), err);
        return std::nullopt;
    }
    const FT_GlyphSlot slot = face_->glyph;
    const FT_Bitmap& bm = slot->bitmap;
    if (slot->format != FT_GLYPH_FORMAT_BITMAP || bm.pixel_mode != FT_PIXEL_MODE_BGRA ||
        bm.width == 0 || bm.rows == 0 || bm.buffer == nullptr) {
        problem_ = "no colour bitmap for " + code_points_of(sequence);
        return std::nullopt;
    }
    // FreeType's BGRA is premultiplied; keep it premultiplied (as RGBA) while filtering.
    const int w = static_cast<int>(bm.width), h = static_cast<int>(bm.rows);
    std::vector<std::uint8_t> src(static_cast<std::size_t>(w) * static_cast<std::size_t>(h) * 4);
    for (int y = 0; y < h; ++y) {
        const unsigned char* row = bm.buffer + static_cast<std::ptrdiff_t>(y) * bm.pitch;
        std::uint8_t* out =
            src.data() + static_cast<std::size_t>(y) * static_cast<std::size_t>(w) * 4;
        for (int x = 0; x < w; ++x) {
            out[x * 4 + 0] = row[x * 4 + 2];
            out[x * 4 + 1] = row[x * 4 + 1];
            out[x * 4 + 2] = row[x * 4 + 0];
            out[x * 4 + 3] = row[x * 4 + 3];
        }
    }
    // Fit the longer side to `size`, keep the aspect, centre in the square.
    const double scale = static_cast<double>(size) / static_cast<double>(std::max(w, h));
    const int tw = std::clamp(static_cast<int>(std::lround(w * scale)), 1, size);
    const int th = std::clamp(static_cast<int>(std::lround(h * scale)), 1, size);
    const std::vector<std::uint8_t> scaled = area_resample(src, w, h, tw, th);
    if (scaled.empty()) {
        problem_ = "cannot scale the picture for " + code_points_of(sequence);
        return std::nullopt;
    }
    Pictogram p;
    p.width = size;
    p.height = size;
    p.rgba.assign(static_cast<std::size_t>(size) * static_cast<std::size_t>(size) * 4, 0);
    const int ox = (size - tw) / 2, oy = (size - th) / 2;
    for (int y = 0; y < th; ++y)
        for (int x = 0; x < tw; ++x) {
            const std::uint8_t* s =
                scaled.data() + (static_cast<std::size_t>(y) * static_cast<std::size_t>(tw) +
                                 static_cast<std::size_t>(x)) *
                                    4;
            std::uint8_t* d =
                p.rgba.data() + (static_cast<std::size_t>(oy + y) * static_cast<std::size_t>(size) +
                                 static_cast<std::size_t>(ox + x)) *
                                    4;
            const unsigned a = s[3];
            if (a == 0) continue; // stays (0, 0, 0, 0)
            // Straight alpha for ImGui's blend (GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA).
            for (int c = 0; c < 3; ++c)
                d[c] = static_cast<std::uint8_t>(std::min(255u, (s[c] * 255u + a / 2) / a));
            d[3] = static_cast<std::uint8_t>(a);
        }
    return p;
}

// [SECTION] area_resample ===========================================================================

namespace {

// For each destination index along one axis, the source indices it covers and their weights
// (overlap length / destination pixel's length in source units: they sum to 1).
struct Tap {
    int index;
    double weight;
};
std::vector<std::vector<Tap>> taps(int n, int dn) {
    std::vector<std::vector<Tap>> out(static_cast<std::size_t>(dn));
    const double step = static_cast<double>(n) / static_cast<double>(dn);
    for (int d = 0; d < dn; ++d) {
        const double a = d * step, b = (d + 1) * step;
        auto& t = out[static_cast<std::size_t>(d)];
        for (int i = static_cast<int>(std::floor(a)); i < n && i < b; ++i) {
            const double overlap = std::min<double>(b, i + 1) - std::max<double>(a, i);
            if (overlap > 1e-9) t.push_back({i, overlap / step});
        }
    }
    return out;
}

} // namespace

std::vector<std::uint8_t> area_resample(const std::vector<std::uint8_t>& src, int w, int h, int dw,
                                        int dh) {
    if (w <= 0 || h <= 0 || dw <= 0 || dh <= 0 ||
        src.size() < static_cast<std::size_t>(w) * static_cast<std::size_t>(h) * 4)
        return {};
    const auto tx = taps(w, dw), ty = taps(h, dh);
    // Horizontal pass into doubles (dw × h), then vertical.
    std::vector<double> mid(static_cast<std::size_t>(dw) * static_cast<std::size_t>(h) * 4, 0.0);
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < dw; ++x) {
            double* m = &mid[(static_cast<std::size_t>(y) * static_cast<std::size_t>(dw) +
                              static_cast<std::size_t>(x)) *
                             4];
            for (const Tap& t : tx[static_cast<std::size_t>(x)]) {
                const std::uint8_t* s =
                    &src[(static_cast<std::size_t>(y) * static_cast<std::size_t>(w) +
                          static_cast<std::size_t>(t.index)) *
                         4];
                for (int c = 0; c < 4; ++c)
                    m[c] += t.weight * s[c];
            }
        }
    std::vector<std::uint8_t> out(static_cast<std::size_t>(dw) * static_cast<std::size_t>(dh) * 4);
    for (int y = 0; y < dh; ++y)
        for (int x = 0; x < dw; ++x) {
            double acc[4] = {0, 0, 0, 0};
            for (const Tap& t : ty[static_cast<std::size_t>(y)]) {
                const double* m =
                    &mid[(static_cast<std::size_t>(t.index) * static_cast<std::size_t>(dw) +
                          static_cast<std::size_t>(x)) *
                         4];
                for (int c = 0; c < 4; ++c)
                    acc[c] += t.weight * m[c];
            }
            std::uint8_t* o = &out[(static_cast<std::size_t>(y) * static_cast<std::size_t>(dw) +
                                    static_cast<std::size_t>(x)) *
                                   4];
            for (int c = 0; c < 4; ++c)
                o[c] = static_cast<std::uint8_t>(std::clamp(std::lround(acc[c]), 0L, 255L));
            // Premultiplied: no channel above alpha after rounding.
            for (int c = 0; c < 3; ++c)
                o[c] = std::min(o[c], o[3]);
        }
    return out;
}

// [SECTION] PictogramAtlas ==========================================================================

namespace {
constexpr int kPad = 1; // transparent pixels around each picture: no bleeding when sampled
} // namespace

PictogramAtlas::PictogramAtlas(int width, int height, int max_side)
    : width_(std::max(width, 64)), height_(std::max(height, 64)),
      max_side_(std::max({max_side, width_, height_})) {}

std::string PictogramAtlas::key_of(std::string_view sequence, int size) {
    std::string k = std::to_string(size);
    k += '\x1f';
    k.append(sequence);
    return k;
}

void PictogramAtlas::ensure_pixels() {
    if (!pixels_.empty()) return;
    pixels_.assign(static_cast<std::size_t>(width_) * static_cast<std::size_t>(height_) * 4, 0);
    resized_ = true;
}

std::vector<AtlasRect> PictogramAtlas::take_dirty() {
    std::vector<AtlasRect> out;
    out.swap(dirty_);
    return out;
}

bool PictogramAtlas::take_resized() {
    const bool r = resized_;
    resized_ = false;
    if (r) dirty_.clear();
    return r;
}

PictogramStats PictogramAtlas::stats() const {
    PictogramStats s = stats_;
    s.width = width_;
    s.height = height_;
    s.bytes = pixels_.size();
    s.pictures = entries_.size();
    return s;
}

void PictogramAtlas::clear() {
    entries_.clear();
    failed_.clear();
    shelves_.clear();
    shelves_bottom_ = 0;
    holes_ = false;
    std::fill(pixels_.begin(), pixels_.end(), 0);
    dirty_.clear();
    resized_ = true;
    ++generation_;
}

std::optional<PictogramSlot> PictogramAtlas::find(std::string_view sequence, int size) const {
    const auto it = entries_.find(key_of(sequence, size));
    if (it == entries_.end()) return std::nullopt;
    return PictogramSlot{it->second.rect};
}

// A w × h slot (padding included): appended to a shelf of a fitting height (at most ~30 % taller),
// else an empty shelf tall enough, else a new shelf at the bottom. nullopt when none fits.
std::optional<AtlasRect> PictogramAtlas::allocate(int w, int h, int& shelf) {
    if (w > width_ || h > height_) return std::nullopt;
    const auto take = [&](std::size_t si) {
        Shelf& s = shelves_[si];
        const AtlasRect r{s.x, s.y, w, h};
        s.x += w;
        ++s.used;
        shelf = static_cast<int>(si);
        return r;
    };
    for (std::size_t si = 0; si < shelves_.size(); ++si) {
        const Shelf& s = shelves_[si];
        if (s.used > 0 && s.h >= h && s.h <= h + h * 3 / 10 + 2 && s.x + w <= width_)
            return take(si);
    }
    for (std::size_t si = 0; si < shelves_.size(); ++si)
        if (shelves_[si].used == 0 && shelves_[si].h >= h) {
            shelves_[si].x = 0;
            return take(si);
        }
    if (shelves_bottom_ + h <= height_) {
        shelves_.push_back(Shelf{shelves_bottom_, h, 0, 0});
        shelves_bottom_ += h;
        return take(shelves_.size() - 1);
    }
    return std::nullopt;
}

// Frees a picture's slot: clears its pixels (uploaded, so a reused slot never shows old colour at
// its padding); an emptied shelf becomes free (the last one goes back to the bottom space).
void PictogramAtlas::release(const Entry& e) {
    const AtlasRect r{e.rect.x - kPad, e.rect.y - kPad, e.rect.w + 2 * kPad, e.rect.h + 2 * kPad};
    for (int y = r.y; y < r.y + r.h; ++y)
        std::memset(pixels_.data() +
                        (static_cast<std::size_t>(y) * static_cast<std::size_t>(width_) +
                         static_cast<std::size_t>(r.x)) *
                            4,
                    0, static_cast<std::size_t>(r.w) * 4);
    dirty_.push_back(r);
    holes_ = true;
    if (e.shelf < 0 || e.shelf >= static_cast<int>(shelves_.size())) return;
    Shelf& s = shelves_[static_cast<std::size_t>(e.shelf)];
    if (--s.used == 0) s.x = 0;
    while (!shelves_.empty() && shelves_.back().used == 0) {
        shelves_bottom_ = shelves_.back().y;
        shelves_.pop_back();
    }
}

bool PictogramAtlas::evict_for(int w, int h, std::uint64_t frame, AtlasRect& out, int& shelf) {
    std::vector<std::pair<std::uint64_t, std::string>> candidates; // (last_used, key)
    for (const auto& [key, e] : entries_)
        if (e.last_used < frame) candidates.emplace_back(e.last_used, key);
    std::sort(candidates.begin(), candidates.end());
    for (const auto& [used, key] : candidates) {
        const auto it = entries_.find(key);
        const Entry e = it->second;
        entries_.erase(it);
        release(e);
        ++stats_.evictions;
        if (auto r = allocate(w, h, shelf)) {
            out = *r;
            return true;
        }
    }
    return false;
}

// Repacks the pictures left, tallest first, into fresh shelves. False (nothing changed) if they
// do not all fit again.
bool PictogramAtlas::compact() {
    if (!holes_) return false; // packed as tightly as it would be again
    std::vector<std::pair<int, std::string>> order;
    for (const auto& [key, e] : entries_)
        order.emplace_back(e.rect.h, key);
    std::sort(order.begin(), order.end(),
              [](const auto& a, const auto& b) { return a.first > b.first; });
    const auto old_shelves = shelves_;
    const int old_bottom = shelves_bottom_;
    shelves_.clear();
    shelves_bottom_ = 0;
    std::vector<std::pair<std::string, std::pair<AtlasRect, int>>> placed;
    for (const auto& [h, key] : order) {
        const Entry& e = entries_.at(key);
        int shelf = -1;
        const auto slot = allocate(e.rect.w + 2 * kPad, e.rect.h + 2 * kPad, shelf);
        if (!slot) {
            shelves_ = old_shelves;
            shelves_bottom_ = old_bottom;
            return false;
        }
        placed.push_back({key, {*slot, shelf}});
    }
    std::vector<std::uint8_t> fresh(pixels_.size(), 0);
    for (const auto& [key, where] : placed) {
        Entry& e = entries_.at(key);
        const AtlasRect& to = where.first;
        for (int y = 0; y < e.rect.h; ++y)
            std::memcpy(fresh.data() + (static_cast<std::size_t>(to.y + kPad + y) *
                                            static_cast<std::size_t>(width_) +
                                        static_cast<std::size_t>(to.x + kPad)) *
                                           4,
                        pixels_.data() + (static_cast<std::size_t>(e.rect.y + y) *
                                              static_cast<std::size_t>(width_) +
                                          static_cast<std::size_t>(e.rect.x)) *
                                             4,
                        static_cast<std::size_t>(e.rect.w) * 4);
        e.rect.x = to.x + kPad;
        e.rect.y = to.y + kPad;
        e.shelf = where.second;
    }
    pixels_ = std::move(fresh);
    holes_ = false;
    resized_ = true;
    ++generation_;
    ++stats_.compactions;
    return true;
}

// Doubles the shorter side (height first) up to max_side; pictures stay where they are.
bool PictogramAtlas::grow() {
    const int nw = width_ < height_ ? width_ * 2 : width_;
    const int nh = width_ < height_ ? height_ : height_ * 2;
    if (nw > max_side_ || nh > max_side_) return false;
    std::vector<std::uint8_t> bigger(
        static_cast<std::size_t>(nw) * static_cast<std::size_t>(nh) * 4, 0);
    for (int y = 0; y < height_; ++y)
        std::memcpy(bigger.data() + static_cast<std::size_t>(y) * static_cast<std::size_t>(nw) * 4,
                    pixels_.data() +
                        static_cast<std::size_t>(y) * static_cast<std::size_t>(width_) * 4,
                    static_cast<std::size_t>(width_) * 4);
    pixels_ = std::move(bigger);
    width_ = nw;
    height_ = nh;
    resized_ = true;
    ++generation_;
    ++stats_.grows;
    return true;
}

std::optional<PictogramSlot> PictogramAtlas::get(PictogramSource& source, std::string_view sequence,
                                                 int size, std::uint64_t frame) {
    std::string key = key_of(sequence, size);
    if (auto it = entries_.find(key); it != entries_.end()) {
        it->second.last_used = std::max(it->second.last_used, frame);
        return PictogramSlot{it->second.rect};
    }
    if (failed_.count(key) != 0) return std::nullopt;
    const auto pic = source.render(sequence, size);
    if (!pic) {
        ++stats_.failures;
        if (failed_.size() < 256) failed_.insert(std::move(key));
        return std::nullopt;
    }
    ++stats_.rendered;
    ensure_pixels();
    const int pw = pic->width + 2 * kPad, ph = pic->height + 2 * kPad;
    int shelf = -1;
    std::optional<AtlasRect> slot = allocate(pw, ph, shelf);
    AtlasRect r;
    if (!slot && evict_for(pw, ph, frame, r, shelf)) slot = r;
    if (!slot && compact()) slot = allocate(pw, ph, shelf);
    while (!slot && grow())
        slot = allocate(pw, ph, shelf);
    if (!slot) {
        ++stats_.failures; // not remembered: there may be room in a later frame
        return std::nullopt;
    }
    Entry e;
    e.rect = AtlasRect{slot->x + kPad, slot->y + kPad, pic->width, pic->height};
    e.last_used = frame;
    e.shelf = shelf;
    for (int y = 0; y < pic->height; ++y)
        std::memcpy(pixels_.data() +
                        (static_cast<std::size_t>(e.rect.y + y) * static_cast<std::size_t>(width_) +
                         static_cast<std::size_t>(e.rect.x)) *
                            4,
                    pic->rgba.data() +
                        static_cast<std::size_t>(y) * static_cast<std::size_t>(pic->width) * 4,
                    static_cast<std::size_t>(pic->width) * 4);
    dirty_.push_back(*slot);
    entries_.emplace(std::move(key), e);
    return PictogramSlot{e.rect};
}

} // namespace hrc::text
