// hrc_text/pictograms.h — colour pictures from an emoji font (Debian's fonts-noto-color-emoji), for
// the kiosk's easy-read mode (issue 18): one emoji sequence ("🧑", "🏳️‍🌈") → one RGBA bitmap of a
// requested pixel size, and a small RGBA atlas that keeps them for the GPU (CPU side; the kiosk's
// GL texture is in kiosk/app/text.cpp).
//
// Noto Color Emoji is a CBDT/CBLC font: PNG bitmaps in one strike (109 ppem, 136 × 128 pixels per
// glyph). ZWJ sequences and flags are GSUB ligatures, so a sequence is shaped with HarfBuzz on the
// font and must come out as exactly one glyph. The font (≈ 11 MB) is mapped on first use only, as
// the text fonts are (fonts.h, FontFile): a kiosk that never draws a pictogram never touches it.
//
// Bitmaps are RGBA8, row-major, NOT premultiplied (straight alpha): Dear ImGui's OpenGL 3 backend
// blends with (GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA). Fully transparent pixels are (0, 0, 0, 0).
// Nothing here throws, logs or keeps text other than the sequences asked for (app constants, never
// what a person typed). Not thread-safe: one UI thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "hrc_text/atlas.h" // AtlasRect

struct FT_LibraryRec_;
struct FT_FaceRec_;
struct hb_font_t;

namespace hrc::text {

class FontFile;

// A picture: `width` × `height` pixels, 4 bytes each (R, G, B, A; straight alpha).
struct Pictogram {
    int width = 0;
    int height = 0;
    std::vector<std::uint8_t> rgba;
};

// The colour emoji font, opened lazily.
class PictogramSource {
public:
    static constexpr const char* kDefaultPath = "/usr/share/fonts/truetype/noto/NotoColorEmoji.ttf";
    static constexpr int kMaxSize = 512; // largest picture rendered (pixels per side)

    // Remembers the path; opens nothing (the first glyph_of / render does).
    explicit PictogramSource(std::string path = kDefaultPath);
    ~PictogramSource();
    PictogramSource(const PictogramSource&) = delete;
    PictogramSource& operator=(const PictogramSource&) = delete;

    // Maps the font and sets FreeType and HarfBuzz up, once. False when the file is missing, not a
    // colour bitmap font, or FreeType / HarfBuzz fail; problem() says why. A failure is remembered:
    // later calls return false at once (the kiosk asks every frame).
    bool open();
    // True once open() has succeeded (tests check that nothing opens the font early).
    bool is_open() const { return face_ != nullptr; }

    // The glyph the sequence shapes to: nullopt when the font cannot be opened, the sequence is
    // empty, HarfBuzz fails, or it gives anything but exactly one glyph that the font has (a
    // sequence the font lacks gives .notdef, id 0, per character). Results are cached.
    std::optional<std::uint32_t> glyph_of(std::string_view sequence);

    // The sequence drawn `size` × `size` pixels (1 … kMaxSize): the strike's bitmap scaled down
    // with an area-averaging filter (in premultiplied space, so transparent pixels add no colour),
    // aspect kept and centred. nullopt when glyph_of fails, the size is out of range, or FreeType
    // cannot select the strike / load the glyph as a BGRA bitmap; problem() says why.
    std::optional<Pictogram> render(std::string_view sequence, int size);

    // Why the last failure happened ("" if none yet). Never contains anything but the sequence's
    // code points in U+ form, the path and FreeType / HarfBuzz error numbers.
    const std::string& problem() const { return problem_; }
    const std::string& path() const { return path_; }

private:
    std::string path_;
    std::string problem_;
    bool failed_ = false; // open() failed: do not retry
    std::shared_ptr<const FontFile> file_;
    FT_LibraryRec_* ft_ = nullptr;
    FT_FaceRec_* face_ = nullptr;
    hb_font_t* hb_font_ = nullptr;
    std::unordered_map<std::string, std::uint32_t> glyphs_; // sequence → glyph (0: none)
};

// Scales a premultiplied RGBA image (`w` × `h`, 4 bytes per pixel) to `dw` × `dh` with an
// area-averaging (box) filter: each destination pixel is the exact area-weighted mean of the source
// pixels it covers (fractional at the edges). Works for enlarging too. Returns premultiplied RGBA;
// empty if a size is not positive or `src` is too short.
std::vector<std::uint8_t> area_resample(const std::vector<std::uint8_t>& src, int w, int h, int dw,
                                        int dh);

// Where a picture is in the atlas (pixels; 1 transparent pixel of padding around it).
struct PictogramSlot {
    AtlasRect rect;
};

struct PictogramStats {
    int width = 0;
    int height = 0;
    std::size_t bytes = 0;    // CPU bitmap (the GPU texture is the same, RGBA8)
    std::size_t pictures = 0; // cached now
    std::size_t rendered = 0; // PictogramSource::render calls that succeeded
    std::size_t evictions = 0;
    std::size_t grows = 0;
    std::size_t compactions = 0;
    std::size_t failures = 0; // sequences that could not be drawn or placed
};

// RGBA pictures keyed by (sequence, size) on shelves, like GlyphAtlas: on a miss the picture is
// rendered and placed; when full, pictures not used in the current frame are evicted (least
// recently used first), then the ones left are repacked, then the atlas doubles (up to max_side).
// The GPU copy is kept by uploading take_dirty() rectangles, or everything after take_resized().
// Allocates nothing until the first picture.
class PictogramAtlas {
public:
    explicit PictogramAtlas(int width = 512, int height = 512, int max_side = 2048);

    // The picture, rendered by `source` on first use and marked used in `frame` (frames start at
    // 1). nullopt when the source cannot render it or no room can be made (every picture is in
    // use this frame and the atlas is at its largest); counted in stats().failures. A failed
    // sequence is not retried until clear().
    std::optional<PictogramSlot> get(PictogramSource& source, std::string_view sequence, int size,
                                     std::uint64_t frame);
    // Where a cached picture is now, without rendering or marking it; nullopt if not cached.
    std::optional<PictogramSlot> find(std::string_view sequence, int size) const;

    int width() const { return width_; }
    int height() const { return height_; }
    // Row-major RGBA, width() × 4 bytes per row; empty until the first picture.
    const std::vector<std::uint8_t>& pixels() const { return pixels_; }
    std::vector<AtlasRect> take_dirty();
    bool needs_upload() const { return resized_ || !dirty_.empty(); }
    bool take_resized();
    // Changes whenever pictures already placed move or the atlas size changes.
    std::uint64_t generation() const { return generation_; }
    PictogramStats stats() const;
    void clear();

private:
    struct Entry {
        AtlasRect rect; // the picture, padding excluded
        std::uint64_t last_used = 0;
        int shelf = -1;
    };
    struct Shelf {
        int y = 0;
        int h = 0;
        int x = 0; // first free column (pictures are only appended; freed space is reclaimed by
                   // repacking)
        int used = 0;
    };
    static std::string key_of(std::string_view sequence, int size);
    std::optional<AtlasRect> allocate(int w, int h, int& shelf);
    void release(const Entry& e);
    bool evict_for(int w, int h, std::uint64_t frame, AtlasRect& out, int& shelf);
    bool compact();
    bool grow();
    void ensure_pixels();

    int width_, height_, max_side_;
    std::vector<std::uint8_t> pixels_;
    std::vector<Shelf> shelves_;
    int shelves_bottom_ = 0;
    std::map<std::string, Entry> entries_;
    std::set<std::string> failed_; // keys that could not be rendered (not retried)
    std::vector<AtlasRect> dirty_;
    bool resized_ = false;
    bool holes_ = false; // a picture was released: repacking may make room
    std::uint64_t generation_ = 0;
    PictogramStats stats_;
};

} // namespace hrc::text
