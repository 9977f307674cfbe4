// hb_view_compare.cpp — see hb_view_compare.h.
//
// Why the comparison is built this way:
//   - Coverage, not thresholded colour: the kiosk blends glyph coverage into the frame
//     (ImGui: src-alpha over, in the framebuffer's 8-bit values), so every pixel of a text lies on
//     the straight line from the background colour to the ink colour; projecting on that line
//     gives the coverage back in any colours, and both images become "ink on nothing".
//   - Ink boxes, then scaling: the two rasterisers place glyphs slightly differently (the kiosk
//     snaps to quarter pixels horizontally, whole pixels vertically; cairo does not), so boxes may
//     differ by a pixel or two; scaling hb-view's box onto the screen's removes that, and the size
//     check (before scaling) still catches a different font or size.
//   - IoU of ink (≥ 50 % coverage) over the string AND in the worst one-em window: a missing
//     reordering or conjunct changes one or two glyphs of a long string, which moves the whole
//     string's IoU little but a window's a lot.
//   - Tools run with execve (hrc_test::run_command): no shell, so any text is passed as it is.

#include "hb_view_compare.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iomanip>
#include <sstream>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "process.h"

#ifndef HRC_HB_VIEW
#define HRC_HB_VIEW "/usr/bin/hb-view"
#endif
#ifndef HRC_HB_SHAPE
#define HRC_HB_SHAPE "/usr/bin/hb-shape"
#endif
#ifndef HRC_CONVERT
#define HRC_CONVERT "/usr/bin/convert"
#endif

namespace hrc_e2e {

namespace {

constexpr int kReferenceMargin = 16; // hb-view's margin around its rendering
constexpr int kInkThreshold =
    48; // coverage above this counts for the ink box (as tests/text/test_render.cpp)
constexpr int kInkHalf = 128; // coverage at or above this is "ink" for IoU

std::string log_of(const fs::path& work_dir) {
    return (work_dir / "tools.stderr").string();
}

void run(const std::vector<std::string>& argv, const fs::path& work_dir, const std::string& what) {
    const hrc_test::RunResult r =
        hrc_test::run_command(argv, log_of(work_dir), {}, std::chrono::seconds(60));
    if (r.code != 0)
        throw std::runtime_error(what + " failed (exit " + std::to_string(r.code) +
                                 "): " + argv.front() + "; see " + log_of(work_dir));
}

std::string format_size(float px) {
    std::ostringstream s;
    s << std::setprecision(6) << static_cast<double>(px);
    return s.str();
}

// Binary PGM (P5) or PPM (P6), maxval 255. `channels` is 1 or 3.
std::vector<std::uint8_t> read_pnm(const fs::path& path, int channels, int& width, int& height) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + path.string());
    const auto token = [&]() {
        std::string t;
        char c = 0;
        while (in.get(c)) {
            if (c == '#') {
                std::string rest;
                std::getline(in, rest);
                continue;
            }
            if (std::isspace(static_cast<unsigned char>(c)) != 0) {
                if (!t.empty()) break;
                continue;
            }
            t += c;
        }
        return t;
    };
    const std::string magic = token();
    if (magic != (channels == 1 ? "P5" : "P6"))
        throw std::runtime_error(path.string() + " is not a binary P" +
                                 std::string(channels == 1 ? "5" : "6") + " file");
    width = std::stoi(token());
    height = std::stoi(token());
    if (std::stoi(token()) != 255) throw std::runtime_error(path.string() + " is not 8-bit");
    std::vector<std::uint8_t> data(static_cast<std::size_t>(width) *
                                   static_cast<std::size_t>(height) *
                                   static_cast<std::size_t>(channels));
    in.read(reinterpret_cast<char*>(data.data()), static_cast<std::streamsize>(data.size()));
    if (!in) throw std::runtime_error(path.string() + " is truncated");
    return data;
}

void write_ppm(const RgbImage& image, const fs::path& path) {
    std::ofstream out(path, std::ios::binary);
    out << "P6\n" << image.width << ' ' << image.height << "\n255\n";
    out.write(reinterpret_cast<const char*>(image.pixels.data()),
              static_cast<std::streamsize>(image.pixels.size()));
    if (!out) throw std::runtime_error("cannot write " + path.string());
}

// Any PNG (grey or colour, with or without alpha) as RGB on white.
RgbImage read_png_rgb(const fs::path& png, const fs::path& work_dir, const fs::path& ppm,
                      const std::vector<std::string>& crop = {}) {
    std::vector<std::string> argv{HRC_CONVERT, png.string()};
    argv.insert(argv.end(), crop.begin(), crop.end());
    argv.insert(argv.end(),
                {"-background", "white", "-alpha", "remove", "-alpha", "off", "-colorspace", "sRGB",
                 "-type", "TrueColor", "-depth", "8", "ppm:" + ppm.string()});
    run(argv, work_dir, "convert (" + png.filename().string() + " to PPM)");
    RgbImage img;
    img.pixels = read_pnm(ppm, 3, img.width, img.height);
    return img;
}

struct Box {
    int x = 0, y = 0, w = 0, h = 0;
    bool empty() const { return w <= 0 || h <= 0; }
};

Box ink_box(const InkImage& img, int threshold) {
    int x0 = img.width, y0 = img.height, x1 = -1, y1 = -1;
    for (int yy = 0; yy < img.height; ++yy)
        for (int xx = 0; xx < img.width; ++xx)
            if (img.at(xx, yy) > threshold) {
                x0 = std::min(x0, xx);
                y0 = std::min(y0, yy);
                x1 = std::max(x1, xx);
                y1 = std::max(y1, yy);
            }
    if (x1 < 0) return {};
    return {x0, y0, x1 - x0 + 1, y1 - y0 + 1};
}

int rgb_of(const std::array<double, 3>& c) {
    const auto b = [](double v) {
        return static_cast<int>(std::lround(std::clamp(v, 0.0, 255.0)));
    };
    return (b(c[0]) << 16) | (b(c[1]) << 8) | b(c[2]);
}

std::string hex(int rgb) {
    char s[8];
    std::snprintf(s, sizeof s, "#%06x", static_cast<unsigned>(rgb) & 0xFFFFFFu);
    return s;
}

// The crop's background (median of its outer ring), ink colour and coverage. Fills the polarity
// and border figures of `m`. Returns an empty image when there is no contrast at all.
InkImage coverage_of(const RgbImage& crop, TextMatch& m) {
    const int w = crop.width, h = crop.height;
    const auto px = [&](int xx, int yy, int c) {
        return static_cast<double>(
            crop.pixels[(static_cast<std::size_t>(yy) * static_cast<std::size_t>(w) +
                         static_cast<std::size_t>(xx)) *
                            3 +
                        static_cast<std::size_t>(c)]);
    };
    const auto on_ring = [&](int xx, int yy, int width) {
        return xx < width || yy < width || xx >= w - width || yy >= h - width;
    };
    std::array<std::vector<double>, 3> ring;
    for (int yy = 0; yy < h; ++yy)
        for (int xx = 0; xx < w; ++xx)
            if (on_ring(xx, yy, 2))
                for (int c = 0; c < 3; ++c)
                    ring[static_cast<std::size_t>(c)].push_back(px(xx, yy, c));
    std::array<double, 3> bg{};
    for (std::size_t c = 0; c < 3; ++c) {
        auto& v = ring[c];
        std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(v.size() / 2), v.end());
        bg[c] = v[v.size() / 2];
    }
    const auto distance = [&](int xx, int yy) {
        double d = 0;
        for (int c = 0; c < 3; ++c)
            d += (px(xx, yy, c) - bg[static_cast<std::size_t>(c)]) *
                 (px(xx, yy, c) - bg[static_cast<std::size_t>(c)]);
        return std::sqrt(d);
    };
    double far = 0;
    for (int yy = 0; yy < h; ++yy)
        for (int xx = 0; xx < w; ++xx)
            far = std::max(far, distance(xx, yy));
    m.background_rgb = rgb_of(bg);
    if (far < 60.0) return {}; // nothing stands out from the background
    // The ink colour: the mean of the pixels nearly as far from the background as the farthest.
    std::array<double, 3> ink{};
    double n = 0;
    for (int yy = 0; yy < h; ++yy)
        for (int xx = 0; xx < w; ++xx)
            if (distance(xx, yy) >= 0.93 * far) {
                for (int c = 0; c < 3; ++c)
                    ink[static_cast<std::size_t>(c)] += px(xx, yy, c);
                n += 1;
            }
    for (double& c : ink)
        c /= n;
    m.ink_rgb = rgb_of(ink);
    const auto luma = [](const std::array<double, 3>& c) {
        return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
    };
    m.dark_on_light = luma(ink) < luma(bg);
    double len2 = 0;
    for (std::size_t c = 0; c < 3; ++c)
        len2 += (ink[c] - bg[c]) * (ink[c] - bg[c]);
    InkImage cov(w, h);
    std::size_t ring_n = 0, ring_clean = 0;
    for (int yy = 0; yy < h; ++yy)
        for (int xx = 0; xx < w; ++xx) {
            double dot = 0;
            for (int c = 0; c < 3; ++c)
                dot += (px(xx, yy, c) - bg[static_cast<std::size_t>(c)]) *
                       (ink[static_cast<std::size_t>(c)] - bg[static_cast<std::size_t>(c)]);
            const double a = std::clamp(dot / len2, 0.0, 1.0);
            cov.pixels[static_cast<std::size_t>(yy) * static_cast<std::size_t>(w) +
                       static_cast<std::size_t>(xx)] =
                static_cast<std::uint8_t>(std::lround(a * 255.0));
            if (on_ring(xx, yy, 2)) {
                ++ring_n;
                if (distance(xx, yy) < 0.15 * far) ++ring_clean;
            }
            if (a >= 0.5) {
                if (yy == 0) m.touch_top = true;
                if (yy == h - 1) m.touch_bottom = true;
                if (xx == 0) m.touch_left = true;
                if (xx == w - 1) m.touch_right = true;
            }
        }
    m.ink_touches_edge = m.touch_top || m.touch_bottom || m.touch_left || m.touch_right;
    m.border_clean =
        static_cast<double>(ring_clean) / static_cast<double>(std::max<std::size_t>(ring_n, 1));
    return cov;
}

// hb-view's image scaled (bilinear) from its ink box `from` onto a `to.w` × `to.h` box.
InkImage scale_box(const InkImage& src, const Box& from, const Box& to) {
    InkImage out(to.w, to.h);
    const double sx = static_cast<double>(from.w) / to.w, sy = static_cast<double>(from.h) / to.h;
    const auto get = [&](int xx, int yy) {
        return (xx < 0 || yy < 0 || xx >= src.width || yy >= src.height)
                   ? 0.0
                   : static_cast<double>(src.at(xx, yy));
    };
    for (int yy = 0; yy < to.h; ++yy)
        for (int xx = 0; xx < to.w; ++xx) {
            const double fx = from.x + (xx + 0.5) * sx - 0.5, fy = from.y + (yy + 0.5) * sy - 0.5;
            const int ix = static_cast<int>(std::floor(fx)), iy = static_cast<int>(std::floor(fy));
            const double ax = fx - ix, ay = fy - iy;
            const double v = (1 - ax) * (1 - ay) * get(ix, iy) + ax * (1 - ay) * get(ix + 1, iy) +
                             (1 - ax) * ay * get(ix, iy + 1) + ax * ay * get(ix + 1, iy + 1);
            out.pixels[static_cast<std::size_t>(yy) * static_cast<std::size_t>(to.w) +
                       static_cast<std::size_t>(xx)] =
                static_cast<std::uint8_t>(std::lround(std::clamp(v, 0.0, 255.0)));
        }
    return out;
}

struct Agreement {
    double iou = 0, window_iou = 0, mean = 1;
};

// Compares `screen` (its ink box `sb`) with `ref` (already the size of sb, placed at sb shifted by
// (dx, dy)) over sb grown by 2 px; windows are `window` px wide, stepped by a quarter of that.
Agreement agree(const InkImage& screen, const Box& sb, const InkImage& ref, int dx, int dy,
                int window) {
    const int pad = 2;
    const int x0 = sb.x - pad, y0 = sb.y - pad, w = sb.w + 2 * pad, h = sb.h + 2 * pad;
    const auto s_at = [&](int xx, int yy) {
        return (xx < 0 || yy < 0 || xx >= screen.width || yy >= screen.height)
                   ? 0
                   : int(screen.at(xx, yy));
    };
    const auto r_at = [&](int xx, int yy) { // screen coordinates → ref
        const int rx = xx - sb.x - dx, ry = yy - sb.y - dy;
        return (rx < 0 || ry < 0 || rx >= ref.width || ry >= ref.height) ? 0 : int(ref.at(rx, ry));
    };
    std::vector<int> inter(static_cast<std::size_t>(w), 0), uni(static_cast<std::size_t>(w), 0);
    double sum = 0;
    for (int yy = y0; yy < y0 + h; ++yy)
        for (int xx = x0; xx < x0 + w; ++xx) {
            const int s = s_at(xx, yy), r = r_at(xx, yy);
            sum += std::abs(s - r);
            const bool si = s >= kInkHalf, ri = r >= kInkHalf;
            inter[static_cast<std::size_t>(xx - x0)] += (si && ri) ? 1 : 0;
            uni[static_cast<std::size_t>(xx - x0)] += (si || ri) ? 1 : 0;
        }
    Agreement a;
    a.mean = sum / (255.0 * w * h);
    long ti = 0, tu = 0;
    for (int i = 0; i < w; ++i) {
        ti += inter[static_cast<std::size_t>(i)];
        tu += uni[static_cast<std::size_t>(i)];
    }
    a.iou = tu > 0 ? static_cast<double>(ti) / static_cast<double>(tu) : 0.0;
    // The worst window that holds a fair amount of ink (a lone dot or a space says little).
    a.window_iou = a.iou;
    const int win = std::clamp(window, 4, w);
    const int step = std::max(1, win / 4);
    const long min_ink = std::max(8L, static_cast<long>(win) * h / 40);
    std::vector<int> starts;
    for (int start = 0; start + win < w; start += step)
        starts.push_back(start);
    starts.push_back(w - win); // the last window ends at the edge
    for (const int start : starts) {
        long wi = 0, wu = 0;
        for (int i = start; i < start + win; ++i) {
            wi += inter[static_cast<std::size_t>(i)];
            wu += uni[static_cast<std::size_t>(i)];
        }
        if (wu >= min_ink)
            a.window_iou =
                std::min(a.window_iou, static_cast<double>(wi) / static_cast<double>(wu));
    }
    return a;
}

// The three panels (screen ink, hb-view ink, overlay) stacked, for a human.
void write_diff(const InkImage& screen, const Box& sb, const InkImage& ref, int dx, int dy,
                const fs::path& png) {
    const int pad = 4;
    const int w = sb.w + 2 * pad, h = sb.h + 2 * pad, gap = 6;
    RgbImage out(w, 3 * h + 2 * gap, 0x808080);
    for (int yy = 0; yy < h; ++yy)
        for (int xx = 0; xx < w; ++xx) {
            const int sx = sb.x - pad + xx, sy = sb.y - pad + yy;
            const double s = (sx < 0 || sy < 0 || sx >= screen.width || sy >= screen.height)
                                 ? 0.0
                                 : screen.at(sx, sy) / 255.0;
            const int rx = xx - pad - dx, ry = yy - pad - dy;
            const double r = (rx < 0 || ry < 0 || rx >= ref.width || ry >= ref.height)
                                 ? 0.0
                                 : ref.at(rx, ry) / 255.0;
            const auto put = [&](int panel, double red, double green, double blue) {
                const std::size_t i = (static_cast<std::size_t>(panel * (h + gap) + yy) *
                                           static_cast<std::size_t>(w) +
                                       static_cast<std::size_t>(xx)) *
                                      3;
                out.pixels[i] = static_cast<std::uint8_t>(std::lround(255 * red));
                out.pixels[i + 1] = static_cast<std::uint8_t>(std::lround(255 * green));
                out.pixels[i + 2] = static_cast<std::uint8_t>(std::lround(255 * blue));
            };
            put(0, 1 - s, 1 - s, 1 - s);
            put(1, 1 - r, 1 - r, 1 - r);
            put(2, 1 - r, 1 - std::max(s, r),
                1 - s); // black both, red screen only, blue hb-view only
        }
    write_png(out, png);
}

// True when the font maps every character of the text (hb-shape reports no glyph 0).
bool font_covers(std::string_view utf8, const std::string& font_file, const std::string& language,
                 bool rtl, const fs::path& work_dir) {
    const hrc_test::RunResult r = hrc_test::run_command(
        {HRC_HB_SHAPE, "--font-file=" + font_file, "--language=" + language,
         std::string("--direction=") + (rtl ? "rtl" : "ltr"), "--no-glyph-names", "--no-positions",
         "--no-clusters", "--text=" + std::string(utf8)},
        log_of(work_dir), {}, std::chrono::seconds(60));
    if (r.code != 0)
        throw std::runtime_error("hb-shape failed (exit " + std::to_string(r.code) + "); see " +
                                 log_of(work_dir));
    // "[12|0|45]": look for a glyph id 0 between separators.
    std::string ids = r.out;
    for (char& c : ids)
        if (c == '[' || c == ']' || c == '|' || c == '\n') c = ' ';
    std::istringstream in(ids);
    for (std::string id; in >> id;)
        if (id == "0") return false;
    return true;
}

// The ink box the font's own glyph outlines give (HarfBuzz glyph extents at the shaped positions,
// `hb-shape --show-extents` at 64 × the size): independent of any rasteriser. Pixels, rounded.
Box extents_box(std::string_view utf8, const std::string& font_file, float font_px,
                const std::string& language, bool rtl, const fs::path& work_dir) {
    const hrc_test::RunResult r = hrc_test::run_command(
        {HRC_HB_SHAPE, "--font-file=" + font_file, "--font-size=" + format_size(font_px * 64.0f),
         "--language=" + language, std::string("--direction=") + (rtl ? "rtl" : "ltr"),
         "--show-extents", "--no-glyph-names", "--output-format=json",
         "--text=" + std::string(utf8)},
        log_of(work_dir), {}, std::chrono::seconds(60));
    if (r.code != 0)
        throw std::runtime_error("hb-shape failed (exit " + std::to_string(r.code) + "); see " +
                                 log_of(work_dir));
    const nlohmann::json glyphs = nlohmann::json::parse(r.out, nullptr, false);
    if (!glyphs.is_array())
        throw std::runtime_error("hb-shape --output-format=json gave no array: " +
                                 r.out.substr(0, 200));
    double pen = 0, x0 = 1e30, x1 = -1e30, top = -1e30, bottom = 1e30;
    for (const auto& g : glyphs) {
        const double dx = g.value("dx", 0.0), dy = g.value("dy", 0.0), xb = g.value("xb", 0.0),
                     yb = g.value("yb", 0.0);
        const double w = g.value("w", 0.0), h = g.value("h", 0.0);
        if (w != 0.0 && h != 0.0) {
            x0 = std::min(x0, pen + dx + xb);
            x1 = std::max(x1, pen + dx + xb + w);
            top = std::max(top, dy + yb);
            bottom = std::min(bottom, dy + yb + h);
        }
        pen += g.value("ax", 0.0);
    }
    if (x1 < x0) return {};
    return {0, 0, static_cast<int>(std::lround((x1 - x0) / 64.0)),
            static_cast<int>(std::lround((top - bottom) / 64.0))};
}

std::string fixed(double v, int digits) {
    std::ostringstream s;
    s << std::fixed << std::setprecision(digits) << v;
    return s.str();
}

} // namespace

// ---- images -------------------------------------------------------------------------------------

RgbImage::RgbImage(int w, int h, int rgb)
    : width(w), height(h), pixels(static_cast<std::size_t>(w) * static_cast<std::size_t>(h) * 3) {
    fill(0, 0, w, h, rgb);
}

void RgbImage::fill(int x, int y, int w, int h, int rgb) {
    for (int yy = std::max(0, y); yy < std::min(height, y + h); ++yy)
        for (int xx = std::max(0, x); xx < std::min(width, x + w); ++xx) {
            const std::size_t i = (static_cast<std::size_t>(yy) * static_cast<std::size_t>(width) +
                                   static_cast<std::size_t>(xx)) *
                                  3;
            pixels[i] = static_cast<std::uint8_t>((rgb >> 16) & 0xFF);
            pixels[i + 1] = static_cast<std::uint8_t>((rgb >> 8) & 0xFF);
            pixels[i + 2] = static_cast<std::uint8_t>(rgb & 0xFF);
        }
}

void RgbImage::paint(const InkImage& ink, int x, int y, int rgb) {
    const std::array<int, 3> c{(rgb >> 16) & 0xFF, (rgb >> 8) & 0xFF, rgb & 0xFF};
    for (int yy = 0; yy < ink.height; ++yy)
        for (int xx = 0; xx < ink.width; ++xx) {
            const int tx = x + xx, ty = y + yy;
            if (tx < 0 || ty < 0 || tx >= width || ty >= height) continue;
            const int a = ink.at(xx, yy);
            const std::size_t i = (static_cast<std::size_t>(ty) * static_cast<std::size_t>(width) +
                                   static_cast<std::size_t>(tx)) *
                                  3;
            for (std::size_t k = 0; k < 3; ++k) // src-alpha over, rounded, as the GPU blends
                pixels[i + k] =
                    static_cast<std::uint8_t>((c[k] * a + pixels[i + k] * (255 - a) + 127) / 255);
        }
}

void write_png(const RgbImage& image, const fs::path& png) {
    const fs::path ppm = fs::path(png).replace_extension(".ppm");
    write_ppm(image, ppm);
    run({HRC_CONVERT, ppm.string(), png.string()}, png.parent_path(),
        "convert (PPM to " + png.filename().string() + ")");
}

InkImage render_hb_view(std::string_view utf8, const std::string& font_file, float font_px,
                        const std::string& language, bool rtl, int margin, const fs::path& png,
                        const std::vector<std::string>& extra) {
    const fs::path dir = png.parent_path();
    fs::create_directories(dir);
    std::vector<std::string> argv{HRC_HB_VIEW,
                                  "--font-file=" + font_file,
                                  "--font-size=" + format_size(font_px),
                                  "--margin=" + std::to_string(margin),
                                  "--language=" + language,
                                  std::string("--direction=") + (rtl ? "rtl" : "ltr"),
                                  "--output-format=png",
                                  "--output-file=" + png.string()};
    argv.insert(argv.end(), extra.begin(), extra.end());
    argv.push_back("--text=" + std::string(utf8));
    run(argv, dir, "hb-view");
    const fs::path pgm = fs::path(png).replace_extension(".pgm");
    run({HRC_CONVERT, png.string(), "-background", "white", "-alpha", "remove", "-alpha", "off",
         "-colorspace", "Gray", "-depth", "8", "pgm:" + pgm.string()},
        dir, "convert (hb-view's PNG to PGM)");
    InkImage img;
    img.pixels = read_pnm(pgm, 1, img.width, img.height);
    for (std::uint8_t& p : img.pixels)
        p = static_cast<std::uint8_t>(255 - p); // black on white → coverage
    return img;
}

// ---- the comparison -----------------------------------------------------------------------------

TextMatch compare_with_hb_view(const fs::path& screenshot_png, int x, int y, int w, int h,
                               std::string_view utf8, const std::string& font_file, float font_px,
                               const std::string& language, bool rtl, const fs::path& work_dir,
                               const std::string& name, const TextMatchTolerance& tol) {
    if (!fs::exists(screenshot_png))
        throw std::runtime_error("no screenshot " + screenshot_png.string());
    if (w <= 0 || h <= 0)
        throw std::runtime_error("an empty region " + std::to_string(w) + "x" + std::to_string(h));
    if (!fs::exists(font_file)) throw std::runtime_error("no font file " + font_file);
    fs::create_directories(work_dir);
    TextMatch m;

    // 1. The crop: the layout box plus margins for ink outside it (less vertically: the texts
    // above and below are closer than the ones beside).
    // Ink may reach beyond the layout box (Nastaliq's tall letters leave its line box by up to a
    // fifth of an em): a side whose margin has ink on its edge grows by 0.15 em, up to 0.6 em.
    std::array<int, 4> margin{
        std::max(6, static_cast<int>(std::lround(0.3 * font_px))), // left, top, right, bottom
        std::max(4, static_cast<int>(std::lround(0.1 * font_px))),
        std::max(6, static_cast<int>(std::lround(0.3 * font_px))),
        std::max(4, static_cast<int>(std::lround(0.1 * font_px)))};
    const int grow = std::max(2, static_cast<int>(std::lround(0.15 * font_px)));
    const int most = static_cast<int>(std::lround(0.6 * font_px));
    InkImage screen;
    for (;;) {
        const int cx = std::max(0, x - margin[0]), cy = std::max(0, y - margin[1]);
        const int cw = x + w + margin[2] - cx, ch = y + h + margin[3] - cy;
        const RgbImage crop =
            read_png_rgb(screenshot_png, work_dir, work_dir / (name + "-crop.ppm"),
                         {"-crop",
                          std::to_string(cw) + "x" + std::to_string(ch) + "+" + std::to_string(cx) +
                              "+" + std::to_string(cy),
                          "+repage"});
        if (crop.width < x + w - cx || crop.height < y + h - cy)
            throw std::runtime_error("the region " + std::to_string(w) + "x" + std::to_string(h) +
                                     "+" + std::to_string(x) + "+" + std::to_string(y) +
                                     " is not inside the screenshot " + screenshot_png.string());
        m = TextMatch{};
        m.crop_png = work_dir / (name + "-crop.png");
        m.reference_png = work_dir / (name + "-hb-view.png");
        m.diff_png = work_dir / (name + "-diff.png");
        screen = coverage_of(crop, m);
        const std::array<bool, 4> touch{m.touch_left && cx > 0, m.touch_top && cy > 0,
                                        m.touch_right, m.touch_bottom};
        bool grown = false;
        for (std::size_t side = 0; side < 4; ++side)
            if (touch[side] && margin[side] < most) {
                margin[side] = std::min(most, margin[side] + grow);
                grown = true;
            }
        if (!grown) {
            write_png(crop, m.crop_png);
            break;
        }
    }

    // 2. The oracle.
    const InkImage ref =
        render_hb_view(utf8, font_file, font_px, language, rtl, kReferenceMargin, m.reference_png);
    m.line_height = ref.height - 2 * kReferenceMargin;
    m.advance_width = ref.width - 2 * kReferenceMargin;
    m.lines = static_cast<double>(h) / std::max(1, m.line_height);
    // More than one line: taller than one line and a half (each line is one line height).
    m.multi_line = m.lines > tol.max_lines;

    const std::string font_name = fs::path(font_file).filename().string();
    const std::string head =
        name + " (" + language + ", " + font_name + " " + format_size(font_px) + " px): ";
    const std::string files = "; see " + m.crop_png.string() + ", " + m.reference_png.string() +
                              ", " + m.diff_png.string();
    const Box sb = screen.width > 0 ? ink_box(screen, kInkThreshold) : Box{};
    const Box rb = ink_box(ref, kInkThreshold);
    if (!font_covers(utf8, font_file, language, rtl, work_dir)) {
        m.description = head +
                        "the font has no glyph for some character of the text, so hb-view draws "
                        "boxes: compare a "
                        "text the font covers (the kiosk fills gaps from other fonts)" +
                        files;
        return m;
    }
    if (sb.empty()) {
        m.description =
            head + "no ink in the region (background " + hex(m.background_rgb) + ")" + files;
        return m;
    }
    if (rb.empty()) {
        m.description = head + "hb-view drew no ink" + files;
        return m;
    }
    m.screen_ink_w = sb.w;
    m.screen_ink_h = sb.h;
    m.reference_ink_w = rb.w;
    m.reference_ink_h = rb.h;
    m.width_ratio = static_cast<double>(sb.w) / rb.w;
    m.height_ratio = static_cast<double>(sb.h) / rb.h;
    // The oracle's own check: hb-view's ink against the font's glyph extents (no rasteriser).
    const auto size_ok = [&](int a, int b) {
        return std::abs(a - b) <=
               std::max(static_cast<double>(tol.size_slack_px), tol.size_ratio * b);
    };
    const Box eb = extents_box(utf8, font_file, font_px, language, rtl, work_dir);
    m.extents_w = eb.w;
    m.extents_h = eb.h;
    const auto near_extents = [&](const Box& b) {
        return std::abs(b.w - eb.w) <=
                   std::max(static_cast<double>(tol.extents_slack_px), tol.extents_ratio * eb.w) &&
               std::abs(b.h - eb.h) <=
                   std::max(static_cast<double>(tol.extents_slack_px), tol.extents_ratio * eb.h);
    };
    m.oracle_ok = near_extents(rb);
    m.matches_extents = near_extents(sb);

    // 3. Scale hb-view's ink box onto the screen's and find the best alignment (±1 px).
    const InkImage scaled = scale_box(ref, rb, sb);
    const int window = std::max(8, static_cast<int>(std::lround(font_px)));
    Agreement best;
    best.iou = -1;
    for (int dy = -1; dy <= 1; ++dy)
        for (int dx = -1; dx <= 1; ++dx) {
            const Agreement a = agree(screen, sb, scaled, dx, dy, window);
            if (a.iou > best.iou) {
                best = a;
                m.shift_x = dx;
                m.shift_y = dy;
            }
        }
    m.iou = best.iou;
    m.window_iou = best.window_iou;
    m.mean_difference = best.mean;
    write_diff(screen, sb, scaled, m.shift_x, m.shift_y, m.diff_png);

    // 4. The verdict.
    std::vector<std::string> problems;
    if (!m.oracle_ok)
        problems.push_back("ORACLE UNRELIABLE: hb-view's ink " + std::to_string(rb.w) + "x" +
                           std::to_string(rb.h) + " disagrees with the font's own glyph extents " +
                           std::to_string(eb.w) + "x" + std::to_string(eb.h) +
                           " (hb-view 6.0/cairo drops parts of some glyphs, e.g. the keshish of "
                           "Noto Nastaliq Urdu's kaf and gaf); "
                           "the screen's ink " +
                           std::string(m.matches_extents ? "matches" : "does NOT match") +
                           " the extents");
    if (m.multi_line)
        problems.push_back("the region holds more than one line (height " + std::to_string(h) +
                           " = " + fixed(m.lines, 2) + " lines of " +
                           std::to_string(m.line_height) + " px; width " + std::to_string(w) +
                           " for an advance of " + std::to_string(m.advance_width) +
                           "): pick a one-line text");
    if (!size_ok(sb.w, rb.w)) problems.push_back("ink width differs");
    if (!size_ok(sb.h, rb.h)) problems.push_back("ink height differs");
    if (m.iou < tol.min_iou) problems.push_back("IoU too low");
    if (m.window_iou < tol.min_window_iou) problems.push_back("a one-em window differs");
    if (m.mean_difference > tol.max_mean_difference) problems.push_back("mean difference too high");
    if (m.ink_touches_edge)
        problems.push_back(
            "(ink touches the crop's edge: cut off, or something else in the region)");
    if (std::abs(m.advance_width - w) > std::max(8, w / 20))
        problems.push_back("(the region is " + std::to_string(w) + " px wide, hb-view's advance " +
                           std::to_string(m.advance_width) + " px)");
    if (m.border_clean < 0.9)
        problems.push_back(
            "(the border is not plain background: " + fixed(m.border_clean * 100, 0) + " % clean)");
    m.pass = std::none_of(problems.begin(), problems.end(),
                          [](const std::string& p) { return p.front() != '('; });
    if (!m.oracle_ok && tol.extents_only_when_oracle_unreliable) {
        // Only what does not depend on hb-view's pixels: one line, and the ink box of the font's outlines.
        m.pass = !m.multi_line && m.matches_extents;
        problems.insert(problems.begin(),
                        std::string("EXTENTS ONLY (pixels not compared): the screen's ink box ") +
                            (m.matches_extents ? "matches" : "does NOT match") +
                            " the glyph extents");
    }

    std::ostringstream d;
    d << head << (m.pass ? "MATCH" : "MISMATCH") << ": ink " << sb.w << "x" << sb.h
      << " vs hb-view " << rb.w << "x" << rb.h << " (w " << fixed(m.width_ratio, 3) << ", h "
      << fixed(m.height_ratio, 3) << "), IoU " << fixed(m.iou, 3) << " (min "
      << fixed(tol.min_iou, 2) << "), worst 1-em window " << fixed(m.window_iou, 3) << " (min "
      << fixed(tol.min_window_iou, 2) << "), mean diff " << fixed(m.mean_difference * 100, 1)
      << " % (max " << fixed(tol.max_mean_difference * 100, 1) << " %), extents " << eb.w << "x"
      << eb.h << ", " << (m.dark_on_light ? "dark" : "light") << " ink " << hex(m.ink_rgb) << " on "
      << hex(m.background_rgb);
    if (!problems.empty()) {
        d << "; ";
        for (std::size_t i = 0; i < problems.size(); ++i)
            d << (i ? "; " : "") << problems[i];
    }
    d << files;
    m.description = d.str();
    return m;
}

} // namespace hrc_e2e
