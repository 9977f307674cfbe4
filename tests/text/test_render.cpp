// test_render.cpp — the CPU renderer (the kiosk's glyph placement and atlas) against hb-view.
//
// Both render the same string with the same font file and size, black on white, 16 px margin.
// hb-view (cairo) draws at exact positions; the layer snaps every glyph to a quarter pixel
// horizontally and a whole pixel vertically, and renders with FreeType's own rasteriser. So a
// glyph edge may differ by up to 1/8 px horizontally and 1/2 px vertically: edge pixels differ by
// up to half their coverage, interiors not at all. Hence the tolerances, per string:
//   - ink bounding boxes (coverage > 48) equal within 2 px in each dimension;
//   - after aligning the boxes (best of ±1 px), the mean absolute difference over the union box
//     is at most 2.5 % of full scale, and at least 99 % of pixels differ by less than 128 (half).
//     (Measured: 0.8–1.9 % and 99.6–99.9 %; one different word gives ~4 % and ~97 %.)
// A negative control (a different word) must fail both pixel tolerances, so they can tell.

#include <cmath>
#include <iostream>

#include <catch2/catch.hpp>

#include "hrc_text/engine.h"
#include "hrc_text/render.h"
#include "process.h"
#include "text_test_support.h"

using namespace hrc::text;

namespace {

constexpr float kSize = 40.0f;
constexpr int kMargin = 16;

struct Sample {
    std::string language, script, direction, font, text;
};

GreyImage render_ours(Engine& engine, const Sample& s, const std::string& path) {
    engine.set_language(s.language);
    TextRequest req;
    req.size_px = kSize;
    const auto lay = engine.layout(s.text, req);
    REQUIRE(lay->notdef_count == 0);
    REQUIRE(lay->lines.size() == 1);
    REQUIRE(lay->lines.front().runs.front().font->path() == s.font);
    GreyImage img(lay->width / 64 + 2 * kMargin + 2, lay->height + 2 * kMargin);
    CHECK(render_layout(*lay, engine.atlas(), img, kMargin, kMargin, 1) == 0);
    REQUIRE(write_pgm(img, path));
    return img;
}

GreyImage render_hb_view(const Sample& s, const std::string& base) {
    const std::string log = hrc_test::out_dir() + "/hb-view.stderr";
    const hrc_test::RunResult view =
        hrc_test::run_command({HRC_HB_VIEW, "--font-file=" + s.font,
                               "--font-size=" + std::to_string(static_cast<int>(kSize)),
                               "--margin=" + std::to_string(kMargin), "--language=" + s.language,
                               "--script=" + s.script, "--direction=" + s.direction,
                               "--output-format=png", "-o", base + ".png", "--text=" + s.text},
                              log);
    REQUIRE(view.code == 0);
    const hrc_test::RunResult conv = hrc_test::run_command(
        {HRC_CONVERT, base + ".png", "-background", "white", "-alpha", "remove", "-alpha", "off",
         "-colorspace", "Gray", "-depth", "8", "pgm:" + base + ".pgm"},
        log);
    REQUIRE(conv.code == 0);
    const auto img = read_pgm(base + ".pgm");
    REQUIRE(img.has_value());
    return *img;
}

struct Difference {
    double mean = 1.0;        // mean |a − b| / 255 over the union of the ink boxes
    double within_half = 0.0; // fraction of those pixels differing by < 128
};

// Compares b against a with b's ink box moved onto a's (plus a shift of up to ±1 px).
Difference compare(const GreyImage& a, const GreyImage& b, const AtlasRect& ba,
                   const AtlasRect& bb) {
    Difference best;
    for (int sy = -1; sy <= 1; ++sy)
        for (int sx = -1; sx <= 1; ++sx) {
            const int dx = bb.x - ba.x + sx, dy = bb.y - ba.y + sy; // b(x + dx, y + dy) ↔ a(x, y)
            const int x0 = std::min(ba.x, bb.x - dx) - 1, y0 = std::min(ba.y, bb.y - dy) - 1;
            const int x1 = std::max(ba.x + ba.w, bb.x - dx + bb.w) + 1,
                      y1 = std::max(ba.y + ba.h, bb.y - dy + bb.h) + 1;
            const auto px = [](const GreyImage& im, int x, int y) {
                return (x < 0 || y < 0 || x >= im.width || y >= im.height) ? 0 : int(im.at(x, y));
            };
            double sum = 0;
            std::size_t n = 0, close = 0;
            for (int y = y0; y < y1; ++y)
                for (int x = x0; x < x1; ++x) {
                    const int d = std::abs(px(a, x, y) - px(b, x + dx, y + dy));
                    sum += d;
                    ++n;
                    if (d < 128) ++close;
                }
            const Difference here{sum / (255.0 * static_cast<double>(n)),
                                  static_cast<double>(close) / static_cast<double>(n)};
            if (here.mean < best.mean) best = here;
        }
    return best;
}

} // namespace

TEST_CASE("CPU rendering matches hb-view for Gujarati, Gurmukhi, Urdu, Arabic and Tamil") {
    const std::string noto = "/usr/share/fonts/truetype/noto/";
    const std::vector<Sample> samples = {
        {"gu", "Gujr", "ltr", noto + "NotoSansGujaratiUI-Regular.ttf",
         "તમારે તમારું નામ આપવાની જરૂર નથી"},
        {"pa", "Guru", "ltr", noto + "NotoSansGurmukhiUI-Regular.ttf",
         "ਤੁਹਾਨੂੰ ਆਪਣਾ ਨਾਮ ਦੇਣ ਦੀ ਲੋੜ ਨਹੀਂ ਹੈ"},
        {"ur", "Arab", "rtl", noto + "NotoNastaliqUrdu-Regular.ttf",
         "آپ کو اپنا نام بتانے کی ضرورت نہیں ہے"},
        {"ar", "Arab", "rtl", noto + "NotoNaskhArabic-Regular.ttf", "لست مضطرا إلى ذكر اسمك"},
        {"ta", "Taml", "ltr", noto + "NotoSansTamilUI-Regular.ttf",
         "நீங்கள் உங்கள் பெயரைக் கொடுக்க வேண்டியதில்லை"},
    };
    Engine engine;
    const std::string dir = hrc_test::out_dir();
    for (const Sample& s : samples) {
        INFO(s.language);
        const GreyImage ours = render_ours(engine, s, dir + "/render-" + s.language + "-ours.pgm");
        const GreyImage theirs = render_hb_view(s, dir + "/render-" + s.language + "-hb-view");
        const auto bo = ink_bounds(ours, 48), bt = ink_bounds(theirs, 48);
        REQUIRE(bo.has_value());
        REQUIRE(bt.has_value());
        CHECK(std::abs(bo->w - bt->w) <= 2);
        CHECK(std::abs(bo->h - bt->h) <= 2);
        const Difference d = compare(ours, theirs, *bo, *bt);
        std::cout << "render " << s.language << ": ink box ours " << bo->w << "x" << bo->h
                  << ", hb-view " << bt->w << "x" << bt->h << "; mean difference " << d.mean * 100.0
                  << " %, pixels within half " << d.within_half * 100.0 << " %" << std::endl;
        CHECK(d.mean <= 0.025);
        CHECK(d.within_half >= 0.99);
    }
    // Negative control: a different last word must not pass.
    Sample other = samples.front();
    other.text = "તમારે તમારું નામ આપવાની જરૂર છે";
    const GreyImage ours = render_ours(engine, samples.front(), dir + "/render-control-ours.pgm");
    const GreyImage theirs = render_hb_view(other, dir + "/render-control-hb-view");
    const auto bo = ink_bounds(ours, 48), bt = ink_bounds(theirs, 48);
    REQUIRE(bo.has_value());
    REQUIRE(bt.has_value());
    const Difference d = compare(ours, theirs, *bo, *bt);
    std::cout << "render control (different text): mean difference " << d.mean * 100.0
              << " %, within half " << d.within_half * 100.0 << " %" << std::endl;
    CHECK(d.mean > 0.025);
    CHECK(d.within_half < 0.99);
}

TEST_CASE("PGM round trip and ink bounds") {
    GreyImage img(5, 4);
    img.pixels[1 * 5 + 2] = 200;
    img.pixels[3 * 5 + 4] = 10;
    const std::string path = hrc_test::out_dir() + "/roundtrip.pgm";
    REQUIRE(write_pgm(img, path));
    const auto back = read_pgm(path);
    REQUIRE(back.has_value());
    CHECK(back->pixels == img.pixels);
    const auto b = ink_bounds(img, 0);
    REQUIRE(b.has_value());
    CHECK((b->x == 2 && b->y == 1 && b->w == 3 && b->h == 3));
    CHECK_FALSE(read_pgm(hrc_test::out_dir() + "/missing.pgm").has_value());
}
