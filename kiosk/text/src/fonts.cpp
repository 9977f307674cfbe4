// fonts.cpp — font files, sized fonts and the per-language font chains.
//
// [SECTION] families and languages (the Debian font files, and each language's chain)
// [SECTION] FontFile (bytes + HarfBuzz face)
// [SECTION] Font (FreeType face + HarfBuzz font at one size)
// [SECTION] FontLibrary

#include "hrc_text/fonts.h"

#include <algorithm>
#include <cmath>

#include <fcntl.h>
#include <ft2build.h>
#include <hrc/languages.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include FT_FREETYPE_H
#include <hb-ot.h>
#include <hb.h>

namespace hrc::text {

std::string script_name(ScriptTag tag) {
    std::string s(4, ' ');
    for (int i = 0; i < 4; ++i)
        s[static_cast<std::size_t>(i)] = static_cast<char>((tag >> (24 - 8 * i)) & 0xFF);
    return s;
}

// [SECTION] families and languages ==================================================================

namespace {

constexpr ScriptTag kLatn = script_tag("Latn");
constexpr ScriptTag kGrek = script_tag("Grek");
constexpr ScriptTag kCyrl = script_tag("Cyrl");
constexpr ScriptTag kArab = script_tag("Arab");
constexpr ScriptTag kGujr = script_tag("Gujr");
constexpr ScriptTag kGuru = script_tag("Guru");
constexpr ScriptTag kBeng = script_tag("Beng");
constexpr ScriptTag kDeva = script_tag("Deva");
constexpr ScriptTag kTaml = script_tag("Taml");

// Indices into families(): keep in step with the table below.
enum FamilyIndex : std::size_t {
    kSans,
    kGujaratiUI,
    kGurmukhiUI,
    kBengaliUI,
    kDevanagariUI,
    kTamilUI,
    kNastaliq,
    kNaskh,
    kNaskhUI,
    kDejaVu,
};

} // namespace

const std::vector<Family>& families() {
    // The Indic scripts use the UI variants: their vertical metrics match Noto Sans (1.37 em), so
    // mixed lines keep one height and no mark reaches into the next line; the non-UI Indic files
    // declare a smaller line (1.31 em) than their tallest stacks. Arabic in ar uses Naskh (1.71 em,
    // room for the marks); Naskh UI (1.37 em) serves Arabic script inside other languages.
    // Nastaliq (2.5 em) is only for ur. DejaVu Sans (fonts-dejavu-core) is the last resort for
    // symbols Noto Sans lacks.
    static const std::vector<Family> table = {
        {"Noto Sans", "NotoSans-Regular.ttf", "NotoSans-Bold.ttf", {kLatn, kGrek, kCyrl}},
        {"Noto Sans Gujarati UI",
         "NotoSansGujaratiUI-Regular.ttf",
         "NotoSansGujaratiUI-Bold.ttf",
         {kGujr}},
        {"Noto Sans Gurmukhi UI",
         "NotoSansGurmukhiUI-Regular.ttf",
         "NotoSansGurmukhiUI-Bold.ttf",
         {kGuru}},
        {"Noto Sans Bengali UI",
         "NotoSansBengaliUI-Regular.ttf",
         "NotoSansBengaliUI-Bold.ttf",
         {kBeng}},
        {"Noto Sans Devanagari UI",
         "NotoSansDevanagariUI-Regular.ttf",
         "NotoSansDevanagariUI-Bold.ttf",
         {kDeva}},
        {"Noto Sans Tamil UI", "NotoSansTamilUI-Regular.ttf", "NotoSansTamilUI-Bold.ttf", {kTaml}},
        {"Noto Nastaliq Urdu",
         "NotoNastaliqUrdu-Regular.ttf",
         "NotoNastaliqUrdu-Bold.ttf",
         {kArab}},
        {"Noto Naskh Arabic", "NotoNaskhArabic-Regular.ttf", "NotoNaskhArabic-Bold.ttf", {kArab}},
        {"Noto Naskh Arabic UI",
         "NotoNaskhArabicUI-Regular.ttf",
         "NotoNaskhArabicUI-Bold.ttf",
         {kArab}},
        {"DejaVu Sans", "DejaVuSans.ttf", "DejaVuSans-Bold.ttf", {kLatn, kGrek, kCyrl}},
    };
    return table;
}

namespace {

// The index in families() of the family called `name`, or families().size() if there is none
// (tests/catalogs/test_languages.cpp checks that every face the language table names is there).
std::size_t family_index(std::string_view name) {
    const std::vector<Family>& f = families();
    std::size_t i = 0;
    while (i < f.size() && f[i].name != name)
        ++i;
    return i;
}

} // namespace

bool language_is_rtl(std::string_view bcp47) {
    return languages::is_rtl(bcp47);
}

LanguageFonts language_fonts(std::string_view bcp47) {
    const std::vector<Family>& f = families();
    LanguageFonts out;
    out.language = bcp47.empty() ? std::string(languages::source().code) : std::string(bcp47);
    out.rtl = language_is_rtl(bcp47);
    // The language's own faces first (hrc/languages.h): Nastaliq then Naskh for ur, which fills in
    // Arabic-script gaps such as '?' before any Latin face could take them.
    std::vector<std::size_t> order;
    if (const languages::LanguageSpec* spec = languages::match(bcp47))
        for (std::string_view face : spec->font_faces)
            if (const std::size_t i = family_index(face); !face.empty() && i < f.size())
                order.push_back(i);
    // Then Latin, then every other script (UI variants: they fit a Latin line), then DejaVu.
    for (std::size_t i :
         {kSans, kDevanagariUI, kGujaratiUI, kGurmukhiUI, kBengaliUI, kTamilUI, kNaskhUI, kDejaVu})
        if (std::find(order.begin(), order.end(), i) == order.end()) order.push_back(i);
    for (std::size_t i : order)
        out.chain.push_back(&f[i]);
    return out;
}

// [SECTION] FontFile ================================================================================

FontFile::FontFile(std::string path) : path_(std::move(path)) {
    const int fd = ::open(path_.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) throw TextError("cannot open font file " + path_);
    struct stat st {};
    if (::fstat(fd, &st) != 0 || st.st_size <= 0 || st.st_size > (64 << 20)) {
        ::close(fd);
        throw TextError("font file has no usable size: " + path_);
    }
    size_ = static_cast<std::size_t>(st.st_size);
    void* map = ::mmap(nullptr, size_, PROT_READ, MAP_PRIVATE, fd, 0);
    ::close(fd); // the mapping keeps the file
    if (map == MAP_FAILED) throw TextError("cannot map font file " + path_);
    data_ = static_cast<const unsigned char*>(map);
    // The blob points into the mapping, which stays until the destructor (READONLY: HarfBuzz will
    // not write).
    blob_ = hb_blob_create_or_fail(reinterpret_cast<const char*>(data_),
                                   static_cast<unsigned int>(size_), HB_MEMORY_MODE_READONLY,
                                   nullptr, nullptr);
    if (blob_ == nullptr) {
        ::munmap(map, size_);
        throw TextError("HarfBuzz cannot wrap font file " + path_);
    }
    face_ = hb_face_create(blob_, 0);
    // hb_face_create never returns null; an unparsable file gives the empty face (no glyphs).
    if (face_ == hb_face_get_empty() || hb_face_get_glyph_count(face_) == 0) {
        hb_face_destroy(face_);
        hb_blob_destroy(blob_);
        ::munmap(map, size_);
        throw TextError("not a usable font file: " + path_);
    }
    upem_ = hb_face_get_upem(face_);
}

FontFile::~FontFile() {
    hb_face_destroy(face_);
    hb_blob_destroy(blob_);
    ::munmap(const_cast<unsigned char*>(data_), size_);
}

// [SECTION] Font ====================================================================================

Font::Font(std::shared_ptr<const FontFile> file, FT_LibraryRec_* library, float size_px,
           std::uint32_t id)
    : file_(std::move(file)), size_px_(size_px), id_(id) {
    if (!(size_px > 0.0f && size_px < 2000.0f)) throw TextError("font size out of range");
    scale_ = static_cast<int>(std::lround(size_px * 64.0f));
    FT_Face face = nullptr;
    FT_Error err =
        FT_New_Memory_Face(library, file_->data(), static_cast<FT_Long>(file_->size()), 0, &face);
    if (err != 0)
        throw TextError("FreeType cannot open " + file_->path() + " (error " + std::to_string(err) +
                        ")");
    // 26.6 size at 72 dpi: one em is exactly scale_/64 pixels, the same as HarfBuzz's scale.
    err = FT_Set_Char_Size(face, 0, scale_, 72, 72);
    if (err != 0) {
        FT_Done_Face(face);
        throw TextError("FreeType cannot size " + file_->path() + " (error " + std::to_string(err) +
                        ")");
    }
    ft_face_ = face;
    hb_font_ = hb_font_create(file_->hb_face());
    if (hb_font_ == hb_font_get_empty()) {
        FT_Done_Face(ft_face_);
        throw TextError("HarfBuzz cannot create a font for " + file_->path());
    }
    // HarfBuzz's own OpenType functions (hb-shape's default, --font-funcs=ot); no ppem, so no
    // hinting or device adjustments: positions depend on the size only.
    hb_font_set_scale(hb_font_, scale_, scale_);
    hb_font_extents_t ext{};
    if (!hb_font_get_h_extents(hb_font_, &ext)) {
        // No metrics in the font: 1.25 em, 80 % above the baseline.
        ext.ascender = scale_ * 4 / 5;
        ext.descender = -(scale_ / 5);
        ext.line_gap = scale_ / 4;
    }
    const auto up = [](hb_position_t v) {
        return static_cast<int>((v + 63) / 64);
    }; // 26.6 → px, ceil
    metrics_.ascent = up(std::max<hb_position_t>(ext.ascender, 0));
    metrics_.descent = up(std::max<hb_position_t>(-ext.descender, 0));
    metrics_.line_gap = up(std::max<hb_position_t>(ext.line_gap, 0));
}

Font::~Font() {
    hb_font_destroy(hb_font_);
    FT_Done_Face(ft_face_);
}

bool Font::has_glyph(char32_t code_point) const {
    hb_codepoint_t g = 0;
    return hb_font_get_nominal_glyph(hb_font_, code_point, &g) != 0 && g != 0;
}

// [SECTION] FontLibrary =============================================================================

FontLibrary::FontLibrary(std::string font_dir, std::string fallback_dir)
    : font_dir_(std::move(font_dir)), fallback_dir_(std::move(fallback_dir)) {
    FT_Library lib = nullptr;
    const FT_Error err = FT_Init_FreeType(&lib);
    if (err != 0) throw TextError("FreeType cannot start (error " + std::to_string(err) + ")");
    ft_ = lib;
}

FontLibrary::~FontLibrary() {
    fonts_.clear(); // faces before the library
    files_.clear();
    FT_Done_FreeType(ft_);
}

std::string FontLibrary::path_of(const Family& family, bool bold) const {
    const std::string& file = bold ? family.bold : family.regular;
    const std::string dir = family.name.rfind("DejaVu", 0) == 0 ? fallback_dir_ : font_dir_;
    return dir + "/" + file;
}

const Font& FontLibrary::font(const std::string& path, float size_px) {
    const int key_size = static_cast<int>(std::lround(size_px * 64.0f));
    const auto key = std::make_pair(path, key_size);
    if (auto it = fonts_.find(key); it != fonts_.end()) return *it->second;
    if (auto bad = failed_.find(path); bad != failed_.end()) throw TextError(bad->second);
    std::shared_ptr<const FontFile>& file = files_[path];
    if (!file) {
        try {
            file = std::make_shared<const FontFile>(path);
        } catch (const TextError& e) {
            files_.erase(path);
            failed_[path] = e.what(); // do not retry a missing file every frame
            throw;
        }
    }
    auto font =
        std::make_unique<Font>(file, ft_, size_px, static_cast<std::uint32_t>(fonts_.size() + 1));
    const Font& ref = *font;
    fonts_.emplace(key, std::move(font));
    return ref;
}

FontChain FontLibrary::chain(const LanguageFonts& lf, bool bold, float size_px) {
    FontChain out;
    for (const Family* fam : lf.chain) {
        try {
            out.fonts.push_back(&font(path_of(*fam, bold), size_px));
            out.scripts.push_back(fam->scripts);
        } catch (const TextError& e) {
            if (!out.problem.empty()) out.problem += "; ";
            out.problem += e.what();
        }
    }
    return out;
}

} // namespace hrc::text
