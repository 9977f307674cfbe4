// hb_view_compare.h — compares a text as the kiosk drew it (a region of a screenshot) with the
// same string rendered by hb-view (HarfBuzz + cairo, libharfbuzz-bin): the oracle for "is this
// string shaped right" in the end-to-end screenshot tests (gu, pa, ur, ar).
//
// The oracle is independent of the kiosk's text layer: hb-view shapes and renders the string
// itself; this file only needs the font file, the pixel size, the language and the direction.
//
// How a comparison works (compare_with_hb_view):
//   1. The region (the text's layout box in SCREEN pixels, plus margins for ink outside the box:
//      0.3 em beside, 0.1 em above and below, each grown by 0.15 em up to 0.6 em while ink touches
//      that edge — Nastaliq leaves its line box) is cut out of the screenshot with convert.
//   2. Colours are normalised to ink coverage 0…1: the background is the median colour of the crop's
//      outer two-pixel ring, the ink colour the mean of the pixels farthest from it, and each pixel's
//      coverage its projection on the line background → ink (exact for alpha-blended text in any
//      colours: dark on white, white on the green confirmation panel, yellow on black).
//   3. hb-view renders the string black on white (unhinted, like the kiosk) and is read as coverage.
//   4. Both are cut to their ink boxes (coverage > 48/255). The boxes' widths and heights must agree;
//      then hb-view's box is scaled onto the screenshot's (identity when equal), aligned with the
//      best shift of up to ±1 px, and compared pixel by pixel: IoU of the ink (coverage ≥ 50 %)
//      over the whole string and in the worst window one em wide, and the mean absolute difference.
//   5. A region taller than 1.5 lines, or narrower than the string's advance in hb-view, is
//      reported as more than one line (multi_line) and fails: the test must pick a one-line text.
// The crop, hb-view's image and a diff (screenshot ink / hb-view ink / overlay: black = both,
// red = only on the screen, blue = only in hb-view) are written to work_dir for a human to look at.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace hrc_e2e {

namespace fs = std::filesystem;

// The pass/fail limits, from measurements (test_hb_view_compare.cpp, heading face 40.08 px):
//   right text, the kiosk's renderer vs hb-view (gu, pa, ar): ink boxes equal to the pixel, IoU
//     0.918–0.945, worst one-em window 0.855–0.873, mean difference 0.7–2.1 %;
//   a different string: IoU ≤ 0.43, window ≤ 0.13; boxes (a Latin font): IoU ≤ 0.15;
//   unshaped (HarfBuzz's fallback shaper): gu IoU 0.33–0.55, ar 0.23–0.26, but pa 0.89–0.92 —
//     only the one-em window (0.42–0.46) catches Gurmukhi's few wrong glyphs;
//   wrong font (Naskh for Nastaliq and back): ink height ratio 0.47 / 1.45.
// So IoU 0.80 and window 0.70 sit about 0.12–0.15 below every right rendering and well above
// every wrong one; the mean difference (6 %) and the box sizes (3 px or 3 %) are backstops.
struct TextMatchTolerance {
    int size_slack_px = 3;    // ink box width and height may differ by this many pixels …
    double size_ratio = 0.03; // … or this fraction of hb-view's, whichever is larger
    double min_iou = 0.80;    // ink IoU over the whole string
    // Ink IoU in the worst window one em wide (one glyph wrong). Measured: right text 0.68–0.87 (the
    // kiosk's GPU path places glyphs on a ¼-pixel grid, so thin Naskh strokes land a little
    // differently from cairo's); unshaped Gurmukhi 0.42–0.46, a different string ≤ 0.13.
    double min_window_iou = 0.60;
    double max_mean_difference = 0.06; // mean |a − b| over the ink box, fraction of full scale
    double max_lines = 1.5;            // region height / one line of hb-view above this: multi-line
    // hb-view's own ink box must agree with the font's glyph extents (HarfBuzz, no rasteriser) within
    // this, else the oracle is unreliable for the string (extents are control boxes: a little larger).
    int extents_slack_px = 4;
    double extents_ratio = 0.05;
    // When hb-view is unreliable for the string (oracle_ok false), decide by the extents instead:
    // pass if the screen's ink box matches the font's glyph extents. Weaker than the pixel
    // comparison (it still catches the wrong font, unshaped text, boxes and wrapping, but not a
    // subtly different glyph), so off by default; the e2e test turns it on for Urdu, where hb-view
    // 6.0 (Debian 12) drops the keshish of Noto Nastaliq Urdu's kaf and gaf. The description says
    // "pixels not compared".
    bool extents_only_when_oracle_unreliable = false;
};

struct TextMatch {
    bool pass = false;
    bool multi_line = false;   // the region holds more than one line (never passes)
    bool dark_on_light = true; // ink polarity found from the crop's border
    int background_rgb = 0;    // 0xRRGGBB found in the border / the ink colour found
    int ink_rgb = 0;
    double border_clean =
        0.0; // fraction of border pixels that are background (< 0.9: not a plain background)
    bool ink_touches_edge =
        false; // ink on the crop's outer ring (after growing the margins): cut off, or something else is there
    bool touch_left = false, touch_top = false, touch_right = false, touch_bottom = false;
    // Ink boxes (pixels) and their ratios screen / hb-view.
    int screen_ink_w = 0, screen_ink_h = 0;
    int reference_ink_w = 0, reference_ink_h = 0;
    double width_ratio = 0.0, height_ratio = 0.0;
    // One line of hb-view (its image height minus the margins) and its advance width, for the
    // multi-line check; lines = region height / line height.
    int line_height = 0, advance_width = 0;
    double lines = 0.0;
    // The ink box of the font's own glyph outlines at the shaped positions (hb-shape --show-extents),
    // independent of any rasteriser. oracle_ok: hb-view's ink agrees with it (else pass is false and
    // the description says "ORACLE UNRELIABLE"); matches_extents: the screen's ink agrees with it.
    int extents_w = 0, extents_h = 0;
    bool oracle_ok = false;
    bool matches_extents = false;
    // Agreement after scaling and aligning (meaningful only when both have ink).
    double iou = 0.0;
    double window_iou = 0.0; // the worst one-em window
    double mean_difference = 1.0;
    int shift_x = 0, shift_y = 0; // the alignment used (screen = hb-view + shift)
    std::string description;      // one line for failure messages: figures, verdict, files
    fs::path crop_png, reference_png, diff_png;
};

// Compares the text drawn in the screenshot at (x, y, w, h) — SCREEN pixels: add
// Kiosk::window_origin() to an automation item's window rectangle — with hb-view's rendering of
// `utf8` in `font_file` at `font_px` pixels (fractional sizes are fine), shaped for `language`
// (BCP 47, as hb-view --language) in direction rtl/ltr. Files are written to work_dir (created),
// named "<name>-crop.png", "<name>-hb-view.png", "<name>-diff.png" (+ .pgm/.ppm intermediates).
// A mismatch is a TextMatch with pass == false and a description; infrastructure problems
// (screenshot missing, hb-view or convert failing, region outside the screenshot) throw
// std::runtime_error.
TextMatch compare_with_hb_view(const fs::path& screenshot_png, int x, int y, int w, int h,
                               std::string_view utf8, const std::string& font_file, float font_px,
                               const std::string& language, bool rtl, const fs::path& work_dir,
                               const std::string& name = "text",
                               const TextMatchTolerance& tolerance = {});

// ---- small helpers, shared with the tests ----------------------------------------------------

// 8-bit images, row-major. Grey: ink coverage (0 = none, 255 = full). Rgb: 3 bytes per pixel.
struct InkImage {
    int width = 0, height = 0;
    std::vector<std::uint8_t> pixels;
    InkImage() = default;
    InkImage(int w, int h)
        : width(w), height(h),
          pixels(static_cast<std::size_t>(w) * static_cast<std::size_t>(h), 0) {}
    std::uint8_t at(int px, int py) const {
        return pixels[static_cast<std::size_t>(py) * static_cast<std::size_t>(width) +
                      static_cast<std::size_t>(px)];
    }
};
struct RgbImage {
    int width = 0, height = 0;
    std::vector<std::uint8_t> pixels;
    RgbImage() = default;
    RgbImage(int w, int h, int rgb); // filled with 0xRRGGBB
    // Paints `ink` with its top-left at (x, y) in colour 0xRRGGBB, blended by coverage (clipped).
    void paint(const InkImage& ink, int x, int y, int rgb);
    void fill(int x, int y, int w, int h, int rgb); // a solid rectangle (clipped)
};

// Renders `utf8` with hb-view (black on white, `margin` px around) to `png` and returns its ink
// coverage. `extra` are further hb-view options (the tests draw "unshaped" text with
// "--shapers=fallback"). Throws std::runtime_error when hb-view or convert fails.
InkImage render_hb_view(std::string_view utf8, const std::string& font_file, float font_px,
                        const std::string& language, bool rtl, int margin, const fs::path& png,
                        const std::vector<std::string>& extra = {});

// Writes an RGB image as PNG (through a PPM and convert). Throws std::runtime_error on failure.
void write_png(const RgbImage& image, const fs::path& png);

} // namespace hrc_e2e
