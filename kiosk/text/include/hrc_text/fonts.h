// hrc_text/fonts.h — font files and sized fonts (FreeType for glyph bitmaps, HarfBuzz for shaping)
// and the per-language font chains (BRIEF §8).
//
// Not thread-safe: the kiosk lays out and draws text on its one UI thread.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

struct hb_blob_t;
struct hb_face_t;
struct hb_font_t;
struct FT_LibraryRec_;
struct FT_FaceRec_;

namespace hrc::text {

// Every failure of this library that is not reported by a return value is a TextError.
class TextError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// A script as HarfBuzz names it: the ISO 15924 tag packed big-endian ('Arab', 'Latn', 'Zyyy').
using ScriptTag = std::uint32_t;
constexpr ScriptTag script_tag(const char (&s)[5]) {
    return (static_cast<ScriptTag>(static_cast<unsigned char>(s[0])) << 24) |
           (static_cast<ScriptTag>(static_cast<unsigned char>(s[1])) << 16) |
           (static_cast<ScriptTag>(static_cast<unsigned char>(s[2])) << 8) |
           static_cast<ScriptTag>(static_cast<unsigned char>(s[3]));
}
std::string script_name(ScriptTag tag); // "Arab"

// One font file in memory, shared by every size of it.
//
// The file is mapped read-only (mmap), not read: only the pages FreeType and HarfBuzz touch (the
// tables they parse, the outlines of glyphs drawn) take memory, and they are the page cache's,
// shared and reclaimable, not the kiosk's own. A language's fonts cost little until they draw
// (bench/README.md, hrc-bench-kiosk). Font packages are replaced by dpkg with a rename, so a
// mapped file is never changed under the kiosk.
class FontFile {
public:
    // Maps the file. Throws TextError naming the path if it cannot be opened or mapped or is not
    // a font.
    explicit FontFile(std::string path);
    ~FontFile();
    FontFile(const FontFile&) = delete;
    FontFile& operator=(const FontFile&) = delete;

    const std::string& path() const { return path_; }
    const unsigned char* data() const { return data_; }
    std::size_t size() const { return size_; }
    hb_face_t* hb_face() const { return face_; }
    unsigned int units_per_em() const { return upem_; }

private:
    std::string path_;
    const unsigned char* data_ = nullptr; // the mapping
    std::size_t size_ = 0;
    hb_blob_t* blob_ = nullptr;
    hb_face_t* face_ = nullptr;
    unsigned int upem_ = 1000;
};

// Vertical metrics of a sized font in whole pixels (rounded outwards), from the font's own
// ascender / descender / line gap (OS/2 typo metrics when USE_TYPO_METRICS is set, else hhea:
// what HarfBuzz reports and hb-view lays lines out with).
struct LineMetrics {
    int ascent = 0;  // above the baseline
    int descent = 0; // below the baseline (positive)
    int line_gap = 0;
    int height() const { return ascent + descent + line_gap; }
};

// One font file at one pixel size. HarfBuzz shapes with scale = round(size × 64), so every
// position is in 26.6 fixed point (1/64 px) — the same numbers `hb-shape --font-size=<size×64>`
// prints. FreeType renders unhinted outlines at the same size.
class Font {
public:
    // Throws TextError if FreeType or HarfBuzz cannot set the font up.
    Font(std::shared_ptr<const FontFile> file, FT_LibraryRec_* library, float size_px,
         std::uint32_t id);
    ~Font();
    Font(const Font&) = delete;
    Font& operator=(const Font&) = delete;

    const std::string& path() const { return file_->path(); }
    float size_px() const { return size_px_; }
    int scale() const { return scale_; }     // HarfBuzz scale: 26.6 pixels per em
    std::uint32_t id() const { return id_; } // unique within its FontLibrary (atlas keys)
    const LineMetrics& metrics() const { return metrics_; }
    hb_font_t* hb_font() const { return hb_font_; }
    FT_FaceRec_* ft_face() const { return ft_face_; }
    // True when the font's cmap maps the code point to a glyph.
    bool has_glyph(char32_t code_point) const;

private:
    std::shared_ptr<const FontFile> file_;
    float size_px_ = 0.0f;
    int scale_ = 0;
    std::uint32_t id_ = 0;
    LineMetrics metrics_;
    hb_font_t* hb_font_ = nullptr;
    FT_FaceRec_* ft_face_ = nullptr;
};

// One typeface of the catalogue: its files and the scripts it is the first choice for.
struct Family {
    std::string name;    // "Noto Sans Gujarati UI"
    std::string regular; // file name inside the font directory
    std::string bold;
    std::vector<ScriptTag> scripts; // scripts this family is designed for
};

// What the kiosk uses for one language: the primary families (first = the language's own),
// the HarfBuzz language tag and the paragraph direction of its UI strings.
struct LanguageFonts {
    std::string language; // normalised BCP 47 tag ("ur", "en-GB")
    bool rtl = false;
    std::vector<const Family*> chain; // primary families, then Latin, then every other script
};

// The catalogue of families (Debian fonts-noto-core / fonts-noto-ui-core, fonts-dejavu-core as
// the last resort for symbols) and the chain per language: the faces the kiosk's language table
// names for it (hrc/languages.h, matched by primary subtag: "ur-PK" is ur), then every other
// script. A tag the table does not match gets the en-GB chain.
const std::vector<Family>& families();
LanguageFonts language_fonts(std::string_view bcp47);
// True for the kiosk languages whose UI strings are right-to-left (the table's direction: ur, ar).
bool language_is_rtl(std::string_view bcp47);

// A font chain resolved at one weight and size: the fonts that could be loaded, in order.
struct FontChain {
    std::vector<const Font*> fonts;
    std::vector<std::vector<ScriptTag>> scripts; // per font: the scripts its family is for
    std::string problem;                         // files that could not be loaded (may be empty)
};

// Loads font files once and sized fonts once per size. Fonts live as long as the library.
class FontLibrary {
public:
    // `font_dir` holds the Noto files ("/usr/share/fonts/truetype/noto"); `fallback_dir` the
    // DejaVu files. Throws TextError if FreeType cannot start.
    explicit FontLibrary(std::string font_dir = "/usr/share/fonts/truetype/noto",
                         std::string fallback_dir = "/usr/share/fonts/truetype/dejavu");
    ~FontLibrary();
    FontLibrary(const FontLibrary&) = delete;
    FontLibrary& operator=(const FontLibrary&) = delete;

    // The font for a file path at a size. Throws TextError when the file cannot be loaded.
    const Font& font(const std::string& path, float size_px);
    // The chain of `fonts` at a weight and size; files that fail are skipped and named in
    // FontChain::problem (never throws for a missing file).
    FontChain chain(const LanguageFonts& fonts, bool bold, float size_px);
    // Full path of a family file (regular or bold), looked up in the font or fallback dir.
    std::string path_of(const Family& family, bool bold) const;
    std::size_t font_count() const { return fonts_.size(); }

private:
    std::string font_dir_;
    std::string fallback_dir_;
    FT_LibraryRec_* ft_ = nullptr;
    std::map<std::string, std::shared_ptr<const FontFile>> files_;
    std::map<std::pair<std::string, int>, std::unique_ptr<Font>> fonts_;
    std::map<std::string, std::string> failed_; // path -> why
};

} // namespace hrc::text
