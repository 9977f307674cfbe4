// kiosk/app/text.cpp — see text.h. The ImGui/GL side of the shaped-text layer (kiosk/text).
//
// [SECTION] state: the engine, sizes, the language, the GL texture
// [SECTION] fallback: Dear ImGui's font (only when the layer cannot start)
// [SECTION] fonts and language
// [SECTION] UTF-8
// [SECTION] the atlas texture (GL_R8 + swizzle, dirty rectangles)
// [SECTION] layout, measuring, carets
// [SECTION] drawing
// [SECTION] pictograms (a second texture: RGBA8, dirty rectangles)

#include "text.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>

#include <GL/gl.h>
#include <imgui_internal.h> // ImDrawListSharedData::TexUvWhitePixel (begin_frame)

#include "hrc/languages.h"

#include "hrc_text/engine.h"
#include "hrc_text/pictograms.h"
#include "hrc_text/render.h"

// GL 3.3 names, in case the system's gl.h stops at an older version.
#ifndef GL_R8
#define GL_R8 0x8229
#endif
#ifndef GL_RED
#define GL_RED 0x1903
#endif
#ifndef GL_TEXTURE_SWIZZLE_RGBA
#define GL_TEXTURE_SWIZZLE_RGBA 0x8E46
#endif
#ifndef GL_UNPACK_ROW_LENGTH
#define GL_UNPACK_ROW_LENGTH 0x0CF2
#endif
#ifndef GL_RGBA8
#define GL_RGBA8 0x8058
#endif
#ifndef GL_CLAMP_TO_EDGE
#define GL_CLAMP_TO_EDGE 0x812F
#endif

namespace hrc::kiosk::text {

// [SECTION] state ===================================================================================

namespace {

namespace ht = hrc::text;

// A glyph quad drawn this frame: if the atlas moves glyphs (grows or repacks) later in the same
// frame, its texture coordinates are rewritten before ImGui renders the frame.
struct Quad {
    ImDrawList* list;
    int vertex; // first of its 4 vertices in list->VtxBuffer
    const ht::Font* font;
    std::uint32_t glyph;
    int phase;
};

struct State {
    std::unique_ptr<ht::Engine> engine; // null until load_fonts, or when it cannot start
    std::string problem;
    std::string language{hrc::languages::source().code};      // until set_language
    std::array<float, 4> size_px{24.0f, 24.0f, 40.0f, 56.0f}; // per Face
    // The atlas texture.
    GLuint texture = 0;
    int texture_w = 0, texture_h = 0;
    int texture_rows_written = 0;   // rows from the top of the texture that may hold glyphs
    bool swizzle = true;            // GL ≥ 3.3: GL_R8 with swizzle; else RGBA copies
    std::vector<std::uint8_t> rgba; // scratch for the RGBA path
    // Quads of the current frame.
    int quads_frame = -1;
    std::uint64_t quads_generation = 0;
    std::vector<Quad> quads;
    bool draw_failure_logged = false;
    std::uint64_t texture_rebuilds = 0; // both textures (texture_rebuilds())
};

State& state() {
    static State s;
    return s;
}

ht::Engine* engine() {
    return state().engine.get();
}

bool bold_of(Face face) {
    return face != Face::body;
}
float size_of(Face face) {
    return state().size_px[static_cast<std::size_t>(face)];
}

ht::TextRequest request_of(const Style& style) {
    ht::TextRequest r;
    r.bold = bold_of(style.face);
    r.size_px = size_of(style.face);
    r.wrap_width = style.wrap_width;
    r.first_strong = style.typed;
    switch (style.align) {
    case Align::start:
        r.align = ht::Align::start;
        break;
    case Align::left:
        r.align = ht::Align::left;
        break;
    case Align::right:
        r.align = ht::Align::right;
        break;
    case Align::center:
        r.align = ht::Align::center;
        break;
    }
    return r;
}

// The laid-out text, or null when the layer is not running or fails (never throws: a frame must
// not die on one string). The failure is written to stderr once, without the text.
std::shared_ptr<const ht::TextLayout> shaped(std::string_view s, const Style& style) {
    ht::Engine* e = engine();
    if (e == nullptr) return nullptr;
    try {
        return e->layout(s, request_of(style));
    } catch (const ht::TextError& err) {
        if (!state().draw_failure_logged) {
            std::fprintf(stderr, "hrc-kiosk: text layout failed: %s\n", err.what());
            state().draw_failure_logged = true;
        }
        return nullptr;
    }
}

float px(std::int32_t v26_6) {
    return static_cast<float>(v26_6) / 64.0f;
}

// [SECTION] fallback ================================================================================

struct FontFiles {
    const char* regular;
    const char* bold;
};

// Noto Sans (fonts-noto-core), then DejaVu Sans (fonts-dejavu-core) so the kiosk always starts.
constexpr std::array<FontFiles, 3> kCandidates{{
    {"/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf",
     "/usr/share/fonts/truetype/noto/NotoSans-Bold.ttf"},
    {"/usr/share/fonts/truetype/noto/NotoSansUI-Regular.ttf",
     "/usr/share/fonts/truetype/noto/NotoSansUI-Bold.ttf"},
    {"/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
     "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"},
}};

// Latin with the extensions the Latin-script languages need, general punctuation, £ and €.
const ImWchar kGlyphRanges[] = {
    0x0020, 0x00FF, 0x0100, 0x024F, 0x1E00, 0x1EFF, 0x2010,
    0x2027, 0x2030, 0x205E, 0x20AC, 0x20AC, 0,
};

// When the shaped-text layer runs, ImGui's font only draws a string the layer failed to lay out
// (logged). The letters of the Latin-script languages (English, Polish, Portuguese, Romanian,
// Somali) are enough there, without oversampling: the font texture and Mesa's copy of it are
// ~2.5 MiB smaller than with kGlyphRanges (bench/README.md, issue 15 item 7), and quicker to build.
const ImWchar kLayerFallbackRanges[] = {
    0x0020, 0x017F, 0x0218, 0x021B, 0x2010, 0x2027, 0x20AC, 0x20AC, 0,
};

std::array<ImFont*, 4>
    g_fonts{}; // the fallback faces (all the same ImGui font when the layer runs)

ImFont* font_of(Face face) {
    ImFont* f = g_fonts[static_cast<std::size_t>(face)];
    return f != nullptr ? f : ImGui::GetFont();
}

// Reads a font file into memory owned by ImGui (no assertion on a missing file).
bool add_font(ImFontAtlas* atlas, const char* path, float size_px, ImFont** out,
              const ImWchar* ranges = kGlyphRanges, int oversample_h = 0) {
    std::ifstream in(path, std::ios::binary | std::ios::ate);
    if (!in) return false;
    const std::streamoff length = in.tellg();
    if (length <= 0 || length > (64 << 20)) return false;
    void* data = ImGui::MemAlloc(static_cast<std::size_t>(length));
    if (data == nullptr) return false;
    in.seekg(0);
    if (!in.read(static_cast<char*>(data), length)) {
        ImGui::MemFree(data);
        return false;
    }
    ImFontConfig config;
    config.FontDataOwnedByAtlas = true;
    config.OversampleH = oversample_h > 0 ? oversample_h : (size_px < 30.0f ? 2 : 1);
    config.OversampleV = 1;
    config.PixelSnapH = true;
    std::snprintf(config.Name, sizeof(config.Name), "%s %.0fpx",
                  std::filesystem::path(path).filename().c_str(), static_cast<double>(size_px));
    ImFont* font = atlas->AddFontFromMemoryTTF(data, static_cast<int>(length), std::round(size_px),
                                               &config, ranges);
    if (font == nullptr) return false;
    *out = font;
    return true;
}

float fallback_line_height(Face face) {
    return std::round(font_of(face)->FontSize * 1.25f);
}

// Decodes one code point at `i` and advances `i` (malformed bytes: U+FFFD, one byte).
unsigned int next_cp(std::string_view s, std::size_t& i) {
    return static_cast<unsigned int>(ht::next_code_point(s, i));
}

Layout fallback_layout(std::string_view s, const Style& style) {
    ImFont* font = font_of(style.face);
    const float advance_y = fallback_line_height(style.face);
    const bool wrap = style.wrap_width > 0.0f;
    Layout out;
    std::size_t line_begin = 0;
    float width = 0.0f;
    std::size_t break_at = std::string_view::npos;
    float width_at_break = 0.0f;
    const auto finish_line = [&](std::size_t end, float w) {
        Line l;
        l.begin = line_begin;
        l.end = end;
        l.width = w;
        l.y = advance_y * static_cast<float>(out.lines.size());
        l.height = advance_y;
        out.lines.push_back(l);
        out.size.x = std::max(out.size.x, w);
    };
    const auto advance = [&](unsigned int c) {
        return font->GetCharAdvance(static_cast<ImWchar>(c <= 0xFFFF ? c : 0xFFFD));
    };
    for (std::size_t i = 0; i < s.size();) {
        const std::size_t at = i;
        const unsigned int cp = next_cp(s, i);
        if (cp == '\n') {
            finish_line(at, width);
            line_begin = i;
            width = 0.0f;
            break_at = std::string_view::npos;
            continue;
        }
        const float w = advance(cp);
        if (wrap && cp != ' ' && width + w > style.wrap_width && at > line_begin) {
            if (break_at != std::string_view::npos) {
                finish_line(break_at, width_at_break);
                line_begin = break_at + 1;
                width = 0.0f;
                for (std::size_t k = line_begin; k < at;)
                    width += advance(next_cp(s, k));
            } else {
                finish_line(at, width);
                line_begin = at;
                width = 0.0f;
            }
            break_at = std::string_view::npos;
        }
        if (cp == ' ') {
            break_at = at;
            width_at_break = width;
        }
        width += w;
    }
    finish_line(s.size(), width);
    out.size.y = advance_y * static_cast<float>(out.lines.size());
    out.end = ImVec2(out.lines.back().width, advance_y * static_cast<float>(out.lines.size() - 1));
    return out;
}

ImVec2 fallback_draw(ImDrawList* list, ImVec2 pos, std::string_view s, const Style& style) {
    ImFont* font = font_of(style.face);
    const Layout l = fallback_layout(s, style);
    const float inset = std::round((fallback_line_height(style.face) - font->FontSize) * 0.5f);
    for (const Line& line : l.lines)
        if (line.end > line.begin)
            list->AddText(font, font->FontSize,
                          ImVec2(std::round(pos.x), std::round(pos.y + line.y + inset)),
                          style.color, s.data() + line.begin, s.data() + line.end);
    return l.size;
}

} // namespace

// [SECTION] fonts and language ======================================================================

FontReport load_fonts(ImFontAtlas* atlas, float scale, bool larger_text, const Sizes& sizes) {
    State& st = state();
    FontReport report;
    const float text_scale = scale * (larger_text ? 1.35f : 1.0f);
    st.size_px = {sizes.body * text_scale, sizes.body * text_scale, sizes.heading * text_scale,
                  sizes.display * text_scale};
    if (!st.engine && st.problem.empty()) {
        try {
            st.engine = std::make_unique<ht::Engine>();
            st.engine->set_language(st.language);
        } catch (const ht::TextError& e) {
            st.problem = std::string("the shaped-text layer cannot start: ") + e.what();
        }
    }
    if (st.engine) {
        // The layer is usable only if its Latin font loads at the body size.
        const ht::FontChain& chain = st.engine->chain(false, st.size_px[0]);
        if (chain.fonts.empty()) {
            st.problem = "no font of the text layer loads: " + chain.problem;
            st.engine.reset();
        } else if (!chain.problem.empty()) {
            report.problem =
                "some fonts are missing (install fonts-noto-core and fonts-noto-ui-core): " +
                chain.problem;
        }
    }

    atlas->Clear();
    g_fonts = {};
    for (const FontFiles& files : kCandidates) {
        std::error_code ec;
        if (!std::filesystem::is_regular_file(files.regular, ec) ||
            !std::filesystem::is_regular_file(files.bold, ec))
            continue;
        std::array<ImFont*, 4> fonts{};
        bool ok = st.engine ? add_font(atlas, files.regular, sizes.body * text_scale, &fonts[0],
                                       kLayerFallbackRanges, 1)
                            : add_font(atlas, files.regular, sizes.body * text_scale, &fonts[0]);
        if (ok && st.engine) {
            // The layer draws every word: ImGui only needs one small font for its internals.
            fonts = {fonts[0], fonts[0], fonts[0], fonts[0]};
        } else {
            ok = ok && add_font(atlas, files.bold, sizes.body * text_scale, &fonts[1]) &&
                 add_font(atlas, files.bold, sizes.heading * text_scale, &fonts[2]) &&
                 add_font(atlas, files.bold, sizes.display * text_scale, &fonts[3]);
        }
        if (!ok) {
            atlas->Clear();
            continue;
        }
        g_fonts = fonts;
        report.ok = true;
        report.regular_file = files.regular;
        report.bold_file = files.bold;
        if (!st.problem.empty())
            report.problem = st.problem + " (drawing with Dear ImGui's font: Latin only)";
        return report;
    }
    ImFontConfig config;
    config.SizePixels = std::round(13.0f * text_scale);
    ImFont* fallback = atlas->AddFontDefault(&config);
    g_fonts = {fallback, fallback, fallback, fallback};
    report.problem = "no font found: install fonts-noto-core (or fonts-dejavu-core)";
    if (!st.engine) return report;
    // The layer runs even if ImGui's own Latin file is missing (it found its fonts elsewhere).
    report.ok = true;
    return report;
}

void set_language(std::string_view bcp47) {
    State& st = state();
    if (bcp47 == st.language) return;
    st.language = std::string(bcp47);
    if (st.engine) {
        try {
            st.engine->set_language(bcp47);
        } catch (const ht::TextError& e) {
            std::fprintf(stderr, "hrc-kiosk: cannot switch the text language: %s\n", e.what());
        }
    }
}

bool is_rtl() {
    return ht::language_is_rtl(state().language);
}

float line_height(Face face) {
    if (ht::Engine* e = engine()) {
        const ht::LineMetrics m = e->line_metrics(bold_of(face), size_of(face));
        if (m.height() > 0) return static_cast<float>(m.height());
    }
    return fallback_line_height(face);
}

void wipe() {
    if (ht::Engine* e = engine()) e->wipe_cache();
}

AtlasStats atlas_stats() {
    if (ht::Engine* e = engine()) return e->stats();
    return AtlasStats{};
}

// [SECTION] UTF-8 ===================================================================================

std::size_t code_points(std::string_view utf8) {
    std::size_t n = 0;
    for (std::size_t i = 0; i < utf8.size();) {
        (void)next_cp(utf8, i);
        ++n;
    }
    return n;
}

bool can_draw(std::string_view utf8) {
    if (ht::Engine* e = engine()) return e->covers(utf8);
    for (std::size_t i = 0; i < utf8.size();) {
        const unsigned int cp = next_cp(utf8, i);
        bool in = cp == '\n';
        for (const ImWchar* r = kGlyphRanges; r[0] != 0; r += 2)
            if (cp >= r[0] && cp <= r[1]) in = true;
        if (!in) return false;
    }
    return true;
}

std::string encode_utf8(unsigned int cp) {
    return ht::encode_utf8(static_cast<char32_t>(cp));
}

// [SECTION] the atlas texture =======================================================================

namespace {

// Brings the GL texture up to date with the CPU atlas: created on first use (the GL context is
// current during the frame), re-created after the atlas grew or was repacked, else only the dirty
// rectangles uploaded. Leaves the GL state it touches as it found it. False if GL fails.
bool sync_texture(ht::GlyphAtlas& atlas) {
    State& st = state();
    if (st.texture != 0 && !atlas.needs_upload()) return true;
    GLint bound = 0, align = 0, row = 0;
    glGetIntegerv(GL_TEXTURE_BINDING_2D, &bound);
    glGetIntegerv(GL_UNPACK_ALIGNMENT, &align);
    glGetIntegerv(GL_UNPACK_ROW_LENGTH, &row);
    const bool recreate = st.texture == 0 || atlas.take_resized() ||
                          st.texture_w != atlas.width() || st.texture_h != atlas.height();
    if (recreate) ++st.texture_rebuilds;
    if (st.texture == 0) {
        glGenTextures(1, &st.texture);
        if (st.texture == 0) return false;
        // GL_TEXTURE_SWIZZLE_RGBA is core in GL 3.3; the kiosk asks for 3.0, so check.
        int major = 0, minor = 0;
        const auto* version = reinterpret_cast<const char*>(glGetString(GL_VERSION));
        if (version != nullptr) std::sscanf(version, "%d.%d", &major, &minor);
        st.swizzle = major > 3 || (major == 3 && minor >= 3);
    }
    glBindTexture(GL_TEXTURE_2D, st.texture);
    glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
    const ht::ZeroPages& pixels = atlas.pixels();
    const int w = atlas.width();
    // The RGBA path: white with the coverage as alpha, for GL < 3.3.
    const auto to_rgba = [&](const ht::AtlasRect& r) {
        st.rgba.resize(static_cast<std::size_t>(r.w) * static_cast<std::size_t>(r.h) * 4);
        for (int y = 0; y < r.h; ++y)
            for (int x = 0; x < r.w; ++x) {
                std::uint8_t* p =
                    &st.rgba[(static_cast<std::size_t>(y) * static_cast<std::size_t>(r.w) +
                              static_cast<std::size_t>(x)) *
                             4];
                p[0] = p[1] = p[2] = 255;
                p[3] = pixels[static_cast<std::size_t>(r.y + y) * static_cast<std::size_t>(w) +
                              static_cast<std::size_t>(r.x + x)];
            }
    };
    if (recreate) {
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
        glPixelStorei(GL_UNPACK_ROW_LENGTH, 0);
        // Only the rows with glyphs are uploaded. The rows below them are zero in the atlas and
        // are left as GL made them: no glyph's quad samples them (each new glyph's slot, padding
        // included, is uploaded when it is placed). Reading them from the atlas would give its
        // untouched pages real memory (hrc_text/zero_pages.h).
        const int used = std::min(atlas.rows_used(), atlas.height());
        // But rows that held glyphs before (the atlas was wiped or repacked) are zeroed: GL may
        // keep the same storage, and the glyphs of what the last person typed must not stay in it.
        const int stale = std::max(0, std::min(st.texture_rows_written, atlas.height()) - used);
        const ht::ZeroPages zeros(static_cast<std::size_t>(w) * static_cast<std::size_t>(stale) *
                                  (st.swizzle ? 1u : 4u));
        if (st.swizzle) {
            // ImGui's shader multiplies the vertex colour by the texture: (1, 1, 1, coverage).
            const GLint swizzle[4] = {GL_ONE, GL_ONE, GL_ONE, GL_RED};
            glTexParameteriv(GL_TEXTURE_2D, GL_TEXTURE_SWIZZLE_RGBA, swizzle);
            glTexImage2D(GL_TEXTURE_2D, 0, GL_R8, w, atlas.height(), 0, GL_RED, GL_UNSIGNED_BYTE,
                         nullptr);
            if (used > 0)
                glTexSubImage2D(GL_TEXTURE_2D, 0, 0, 0, w, used, GL_RED, GL_UNSIGNED_BYTE,
                                pixels.data());
            if (stale > 0)
                glTexSubImage2D(GL_TEXTURE_2D, 0, 0, used, w, stale, GL_RED, GL_UNSIGNED_BYTE,
                                zeros.data());
        } else {
            glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA, w, atlas.height(), 0, GL_RGBA, GL_UNSIGNED_BYTE,
                         nullptr);
            if (used > 0) {
                to_rgba(ht::AtlasRect{0, 0, w, used});
                glTexSubImage2D(GL_TEXTURE_2D, 0, 0, 0, w, used, GL_RGBA, GL_UNSIGNED_BYTE,
                                st.rgba.data());
            }
            if (stale > 0)
                glTexSubImage2D(GL_TEXTURE_2D, 0, 0, used, w, stale, GL_RGBA, GL_UNSIGNED_BYTE,
                                zeros.data());
        }
        st.texture_w = w;
        st.texture_h = atlas.height();
        st.texture_rows_written = used;
        (void)atlas.take_dirty();
    } else {
        for (const ht::AtlasRect& r : atlas.take_dirty()) {
            st.texture_rows_written = std::max(st.texture_rows_written, r.y + r.h);
            if (st.swizzle) {
                glPixelStorei(GL_UNPACK_ROW_LENGTH, w);
                glTexSubImage2D(GL_TEXTURE_2D, 0, r.x, r.y, r.w, r.h, GL_RED, GL_UNSIGNED_BYTE,
                                pixels.data() +
                                    static_cast<std::size_t>(r.y) * static_cast<std::size_t>(w) +
                                    static_cast<std::size_t>(r.x));
            } else {
                glPixelStorei(GL_UNPACK_ROW_LENGTH, 0);
                to_rgba(r);
                glTexSubImage2D(GL_TEXTURE_2D, 0, r.x, r.y, r.w, r.h, GL_RGBA, GL_UNSIGNED_BYTE,
                                st.rgba.data());
            }
        }
    }
    const bool ok = glGetError() == GL_NO_ERROR;
    glPixelStorei(GL_UNPACK_ALIGNMENT, align);
    glPixelStorei(GL_UNPACK_ROW_LENGTH, row);
    glBindTexture(GL_TEXTURE_2D, static_cast<GLuint>(bound));
    return ok;
}

// Rewrites the texture coordinates of this frame's quads after the atlas moved glyphs.
void patch_quads(const ht::GlyphAtlas& atlas) {
    State& st = state();
    const float iw = 1.0f / static_cast<float>(atlas.width()),
                ih = 1.0f / static_cast<float>(atlas.height());
    for (const Quad& q : st.quads) {
        const auto g = atlas.find(*q.font, q.glyph, q.phase);
        if (!g || q.vertex + 4 > q.list->VtxBuffer.Size)
            continue; // cannot happen: in use this frame
        const ImVec2 a(static_cast<float>(g->rect.x) * iw, static_cast<float>(g->rect.y) * ih);
        const ImVec2 b(static_cast<float>(g->rect.x + g->rect.w) * iw,
                       static_cast<float>(g->rect.y + g->rect.h) * ih);
        ImDrawVert* v =
            q.list->VtxBuffer.Data + q.vertex; // PrimRectUV's order: a, (b.x a.y), b, (a.x b.y)
        v[0].uv = a;
        v[1].uv = ImVec2(b.x, a.y);
        v[2].uv = b;
        v[3].uv = ImVec2(a.x, b.y);
    }
    st.quads_generation = atlas.generation();
}

} // namespace

std::uint64_t texture_rebuilds() {
    return state().texture_rebuilds;
}

ImTextureID atlas_texture() {
    return reinterpret_cast<ImTextureID>(static_cast<std::intptr_t>(state().texture));
}

bool begin_frame(ImDrawList* list) {
    ht::Engine* e = engine();
    if (e == nullptr) return false;
    State& st = state();
    if (!sync_texture(e->atlas())) { // creates the texture the first time
        if (!st.draw_failure_logged) {
            std::fprintf(stderr, "hrc-kiosk: uploading the glyph atlas failed (OpenGL error)\n");
            st.draw_failure_logged = true;
        }
        return false;
    }
    // Texture coordinate (0, 0) samples only the atlas's solid top-left texels (clamped, bilinear),
    // at any atlas size, so shapes drawn before the atlas grows stay right. ImGui sets the white
    // pixel again at every NewFrame, so this lasts for this frame only.
    ImGui::GetDrawListSharedData()->TexUvWhitePixel = ImVec2(0.0f, 0.0f);
    list->Flags &= ~ImDrawListFlags_AntiAliasedLinesUseTex; // baked lines live in ImGui's texture
    list->PushTextureID(reinterpret_cast<ImTextureID>(static_cast<std::intptr_t>(st.texture)));
    return true;
}

// [SECTION] layout, measuring, carets ===============================================================

Layout layout(std::string_view s, const Style& style) {
    const auto lay = shaped(s, style);
    if (!lay) return fallback_layout(s, style);
    Layout out;
    for (const ht::Line& l : lay->lines) {
        Line line;
        line.begin = l.begin;
        line.end = l.end;
        line.width = px(l.width);
        line.x = px(l.x);
        line.y = static_cast<float>(l.top);
        line.height = static_cast<float>(l.height);
        line.rtl = l.rtl;
        out.lines.push_back(line);
    }
    out.size = ImVec2(px(lay->width), static_cast<float>(lay->height));
    out.rtl = lay->rtl;
    const ht::TextLayout::Caret c = lay->caret(s.size());
    out.end = ImVec2(px(c.x), static_cast<float>(lay->lines[c.line].top));
    return out;
}

ImVec2 measure(std::string_view s, const Style& style) {
    const auto lay = shaped(s, style);
    if (!lay) return fallback_layout(s, style).size;
    return ImVec2(px(lay->width), static_cast<float>(lay->height));
}

ImVec2 caret_position(std::string_view s, const Style& style, std::size_t byte_offset) {
    const auto lay = shaped(s, style);
    if (!lay) {
        // Fallback: LTR only; the caret after the code points before it on its line.
        const Layout l = fallback_layout(s, style);
        std::size_t li = 0;
        while (li + 1 < l.lines.size() && byte_offset >= l.lines[li + 1].begin)
            ++li;
        const Line& line = l.lines[li];
        const std::size_t end = std::clamp(byte_offset, line.begin, line.end);
        ImFont* font = font_of(style.face);
        float x = 0.0f;
        for (std::size_t i = line.begin; i < end;)
            x += font->GetCharAdvance(static_cast<ImWchar>(std::min(next_cp(s, i), 0xFFFDu)));
        return ImVec2(x, line.y);
    }
    const ht::TextLayout::Caret c = lay->caret(byte_offset);
    return ImVec2(px(c.x), static_cast<float>(lay->lines[c.line].top));
}

std::size_t hit_test(std::string_view s, const Style& style, ImVec2 point) {
    const auto lay = shaped(s, style);
    if (!lay) {
        const Layout l = fallback_layout(s, style);
        std::size_t li = 0;
        while (li + 1 < l.lines.size() && point.y >= l.lines[li + 1].y)
            ++li;
        const Line& line = l.lines[li];
        ImFont* font = font_of(style.face);
        float x = 0.0f;
        for (std::size_t i = line.begin; i < line.end;) {
            const std::size_t at = i;
            const float w =
                font->GetCharAdvance(static_cast<ImWchar>(std::min(next_cp(s, i), 0xFFFDu)));
            if (point.x < x + w * 0.5f) return at;
            x += w;
        }
        return line.end;
    }
    return lay->hit_test(static_cast<std::int32_t>(std::lround(point.x * 64.0f)),
                         static_cast<int>(std::floor(point.y)));
}

// [SECTION] drawing =================================================================================

ImVec2 draw(ImDrawList* list, ImVec2 pos, std::string_view s, const Style& style) {
    ht::Engine* e = engine();
    const auto lay = shaped(s, style);
    if (e == nullptr || !lay) return fallback_draw(list, pos, s, style);
    State& st = state();
    ht::GlyphAtlas& atlas = e->atlas();
    const int frame = ImGui::GetFrameCount();
    if (frame != st.quads_frame) {
        st.quads.clear();
        st.quads_frame = frame;
        st.quads_generation = atlas.generation();
    }
    // Atlas frames start at 1 (0 is "never used"); glyphs used in this frame are never evicted.
    const auto atlas_frame = static_cast<std::uint64_t>(frame) + 1;

    // First every glyph into the atlas (it may grow or repack while doing so), then the texture.
    struct Pending {
        const ht::Font* font;
        std::uint32_t glyph;
        int phase, x, y;
    };
    std::vector<Pending> pending;
    ht::place_glyphs(*lay, static_cast<std::int32_t>(std::lround(pos.x * 64.0f)),
                     static_cast<int>(std::lround(pos.y)),
                     [&](const ht::Font& font, std::uint32_t id, int phase, int x, int y) {
                         if (atlas.get(font, id, phase, atlas_frame))
                             pending.push_back({&font, id, phase, x, y});
                     });
    if (atlas.generation() != st.quads_generation) patch_quads(atlas);
    if (!sync_texture(atlas) && !st.draw_failure_logged) {
        std::fprintf(stderr, "hrc-kiosk: uploading the glyph atlas failed (OpenGL error)\n");
        st.draw_failure_logged = true;
    }

    const float iw = 1.0f / static_cast<float>(atlas.width()),
                ih = 1.0f / static_cast<float>(atlas.height());
    list->PushTextureID(reinterpret_cast<ImTextureID>(static_cast<std::intptr_t>(st.texture)));
    for (const Pending& p : pending) {
        const auto g = atlas.find(*p.font, p.glyph, p.phase);
        if (!g || g->rect.w == 0 || g->rect.h == 0) continue; // spaces have no quad
        const ImVec2 a(static_cast<float>(p.x + g->left), static_cast<float>(p.y - g->top));
        const ImVec2 b(a.x + static_cast<float>(g->rect.w), a.y + static_cast<float>(g->rect.h));
        const ImVec2 uv_a(static_cast<float>(g->rect.x) * iw, static_cast<float>(g->rect.y) * ih);
        const ImVec2 uv_b(static_cast<float>(g->rect.x + g->rect.w) * iw,
                          static_cast<float>(g->rect.y + g->rect.h) * ih);
        list->PrimReserve(6, 4);
        st.quads.push_back(Quad{list, list->VtxBuffer.Size - 4, p.font, p.glyph, p.phase});
        list->PrimRectUV(a, b, uv_a, uv_b, style.color);
    }
    list->PopTextureID();
    return ImVec2(px(lay->width), static_cast<float>(lay->height));
}

// [SECTION] pictograms ==============================================================================
//
// A second texture, RGBA8 with straight alpha (ImGui's blend is GL_SRC_ALPHA,
// GL_ONE_MINUS_SRC_ALPHA), mirroring hrc_text's PictogramAtlas the way the glyph texture mirrors
// the GlyphAtlas: created on first use, re-created after the atlas grew or was repacked, else only
// the dirty rectangles uploaded. Nothing (no font, no pixels, no texture) exists until the first
// draw_pictogram / has_pictogram (issue 15: start time and memory).

namespace {

// A picture quad drawn this frame: its texture coordinates are rewritten if the atlas moves
// pictures (grows or repacks) later in the same frame.
struct PictureQuad {
    ImDrawList* list;
    int vertex; // first of its 4 vertices
    std::string sequence;
    int size;
};

struct Pictures {
    std::unique_ptr<ht::PictogramSource> source; // opens the font on its first glyph_of/render
    std::unique_ptr<ht::PictogramAtlas> atlas;   // allocates its pixels on the first picture
    GLuint texture = 0;
    int texture_w = 0, texture_h = 0;
    int quads_frame = -1;
    std::uint64_t quads_generation = 0;
    std::vector<PictureQuad> quads;
    bool failure_logged = false; // a picture could not be made (font missing, no glyph)
    bool gl_failure_logged = false;
};

Pictures& pictures() {
    static Pictures p;
    if (!p.source) {
        p.source = std::make_unique<ht::PictogramSource>();
        p.atlas = std::make_unique<ht::PictogramAtlas>(512, 512, 2048);
    }
    return p;
}

// Brings the RGBA texture up to date (see sync_texture). Leaves the GL state it touches as it
// found it. False if GL fails.
bool sync_picture_texture(Pictures& p) {
    ht::PictogramAtlas& atlas = *p.atlas;
    if (atlas.pixels().empty()) return true; // nothing drawn yet
    if (p.texture != 0 && !atlas.needs_upload()) return true;
    GLint bound = 0, align = 0, row = 0;
    glGetIntegerv(GL_TEXTURE_BINDING_2D, &bound);
    glGetIntegerv(GL_UNPACK_ALIGNMENT, &align);
    glGetIntegerv(GL_UNPACK_ROW_LENGTH, &row);
    const bool recreate = p.texture == 0 || atlas.take_resized() || p.texture_w != atlas.width() ||
                          p.texture_h != atlas.height();
    if (recreate) ++state().texture_rebuilds;
    if (p.texture == 0) {
        glGenTextures(1, &p.texture);
        if (p.texture == 0) return false;
    }
    glBindTexture(GL_TEXTURE_2D, p.texture);
    glPixelStorei(GL_UNPACK_ALIGNMENT, 4);
    const std::uint8_t* pixels = atlas.pixels().data();
    const int w = atlas.width();
    if (recreate) {
        // Quads are snapped to whole pixels and drawn texel for pixel, so LINEAR samples one texel
        // (each picture has a transparent pixel of padding against its neighbours).
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
        glPixelStorei(GL_UNPACK_ROW_LENGTH, 0);
        glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, w, atlas.height(), 0, GL_RGBA, GL_UNSIGNED_BYTE,
                     pixels);
        p.texture_w = w;
        p.texture_h = atlas.height();
        (void)atlas.take_dirty();
    } else {
        glPixelStorei(GL_UNPACK_ROW_LENGTH, w);
        for (const ht::AtlasRect& r : atlas.take_dirty())
            glTexSubImage2D(GL_TEXTURE_2D, 0, r.x, r.y, r.w, r.h, GL_RGBA, GL_UNSIGNED_BYTE,
                            pixels + (static_cast<std::size_t>(r.y) * static_cast<std::size_t>(w) +
                                      static_cast<std::size_t>(r.x)) *
                                         4);
    }
    const bool ok = glGetError() == GL_NO_ERROR;
    glPixelStorei(GL_UNPACK_ALIGNMENT, align);
    glPixelStorei(GL_UNPACK_ROW_LENGTH, row);
    glBindTexture(GL_TEXTURE_2D, static_cast<GLuint>(bound));
    return ok;
}

void set_uv(ImDrawVert* v, const ht::AtlasRect& r, float iw, float ih) {
    const ImVec2 a(static_cast<float>(r.x) * iw, static_cast<float>(r.y) * ih);
    const ImVec2 b(static_cast<float>(r.x + r.w) * iw, static_cast<float>(r.y + r.h) * ih);
    v[0].uv = a; // PrimRectUV's order: a, (b.x a.y), b, (a.x b.y)
    v[1].uv = ImVec2(b.x, a.y);
    v[2].uv = b;
    v[3].uv = ImVec2(a.x, b.y);
}

// Rewrites the texture coordinates of this frame's picture quads after the atlas moved pictures.
void patch_picture_quads(Pictures& p) {
    const float iw = 1.0f / static_cast<float>(p.atlas->width()),
                ih = 1.0f / static_cast<float>(p.atlas->height());
    for (const PictureQuad& q : p.quads) {
        const auto slot = p.atlas->find(q.sequence, q.size);
        if (!slot || q.vertex + 4 > q.list->VtxBuffer.Size) continue; // cannot happen: in use
        set_uv(q.list->VtxBuffer.Data + q.vertex, slot->rect, iw, ih);
    }
    p.quads_generation = p.atlas->generation();
}

} // namespace

bool has_pictogram(std::string_view sequence) {
    return pictures().source->glyph_of(sequence).has_value();
}

bool draw_pictogram(ImDrawList* list, ImVec2 pos, float size, std::string_view sequence) {
    if (list == nullptr || !(size >= 0.5f && size < ht::PictogramSource::kMaxSize + 0.5f))
        return false;
    Pictures& p = pictures();
    const int px = static_cast<int>(std::lround(size));
    const int frame = ImGui::GetFrameCount();
    if (frame != p.quads_frame) {
        p.quads.clear();
        p.quads_frame = frame;
        p.quads_generation = p.atlas->generation();
    }
    // Atlas frames start at 1; pictures used in this frame are never evicted.
    const auto slot = p.atlas->get(*p.source, sequence, px, static_cast<std::uint64_t>(frame) + 1);
    if (!slot) {
        if (!p.failure_logged) {
            // problem() names the code points, never other text.
            std::fprintf(stderr, "hrc-kiosk: cannot draw a pictogram: %s\n",
                         p.source->problem().empty() ? "the pictogram atlas is full"
                                                     : p.source->problem().c_str());
            p.failure_logged = true;
        }
        return false;
    }
    if (p.atlas->generation() != p.quads_generation) patch_picture_quads(p);
    if (!sync_picture_texture(p) || p.texture == 0) {
        if (!p.gl_failure_logged) {
            std::fprintf(stderr,
                         "hrc-kiosk: uploading the pictogram atlas failed (OpenGL error)\n");
            p.gl_failure_logged = true;
        }
        return false;
    }
    // Whole pixels: the picture is px × px texels drawn onto px × px pixels.
    const ImVec2 a(std::round(pos.x), std::round(pos.y));
    const ImVec2 b(a.x + static_cast<float>(px), a.y + static_cast<float>(px));
    list->PushTextureID(reinterpret_cast<ImTextureID>(static_cast<std::intptr_t>(p.texture)));
    list->PrimReserve(6, 4);
    const int vertex = list->VtxBuffer.Size - 4;
    list->PrimRectUV(a, b, ImVec2(0, 0), ImVec2(0, 0), IM_COL32_WHITE);
    set_uv(list->VtxBuffer.Data + vertex, slot->rect, 1.0f / static_cast<float>(p.atlas->width()),
           1.0f / static_cast<float>(p.atlas->height()));
    p.quads.push_back(PictureQuad{list, vertex, std::string(sequence), px});
    list->PopTextureID();
    return true;
}

PictogramStats pictogram_stats() {
    Pictures& p = pictures();
    return p.atlas->stats();
}

} // namespace hrc::kiosk::text
