// board_report.cpp — see board_report.h.
//
// [SECTION] Drawing helpers: text through pango, fills that survive greyscale
// [SECTION] The four charts
// [SECTION] Pages
// [SECTION] Files

#include "board_report.h"

#include <algorithm>
#include <cmath>

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <cairo.h>
#include <pango/pangocairo.h>

#include "hrc/atomic_file.h"
#include "hrc/error.h"

#include "files.h"

namespace hrc::central {

namespace st = hrc::statistics;

namespace {

//-------------------------------------------------------------------------------------------------
// [SECTION] Drawing helpers
//-------------------------------------------------------------------------------------------------

constexpr double kPageWidth = 595.0; // A4 in points
constexpr double kPageHeight = 842.0;
constexpr double kMargin = 50.0;
constexpr double kContent = kPageWidth - 2 * kMargin;

struct Rgb {
    double r, g, b;
};
// Okabe & Ito (2008), "Color Universal Design": distinguishable with every common colour-vision
// deficiency. Each series also has its own lightness and pattern (see Fill).
constexpr Rgb kBlue{0.0, 0.447, 0.698};       // #0072B2, dark
constexpr Rgb kOrange{0.902, 0.624, 0.0};     // #E69F00, light
constexpr Rgb kSky{0.337, 0.706, 0.914};      // #56B4E9, light, hatched
constexpr Rgb kVermillion{0.835, 0.369, 0.0}; // #D55E00, for spike marks
constexpr Rgb kGrey{0.85, 0.85, 0.85};        // not given, dotted
constexpr Rgb kInk{0.1, 0.1, 0.1};
constexpr Rgb kMuted{0.35, 0.35, 0.35};
constexpr Rgb kGrid{0.82, 0.82, 0.82};

enum class Pattern { solid, hatched, dotted };
struct Fill {
    Rgb colour;
    Pattern pattern;
};
const Fill kIncident{kBlue, Pattern::solid};
const Fill kCrime{kOrange, Pattern::solid};
const Fill kNotSure{kSky, Pattern::hatched};
const Fill kNotGiven{kGrey, Pattern::dotted};
const Fill kBar{kBlue, Pattern::solid};

void set_rgb(cairo_t* cr, const Rgb& c) {
    cairo_set_source_rgb(cr, c.r, c.g, c.b);
}

// Fills the current path with `fill` (pattern lines in near-black so they show in greyscale),
// then outlines it.
void fill_path(cairo_t* cr, const Fill& fill) {
    set_rgb(cr, fill.colour);
    cairo_fill_preserve(cr);
    if (fill.pattern != Pattern::solid) {
        cairo_save(cr);
        cairo_clip_preserve(cr);
        double x1, y1, x2, y2;
        cairo_path_extents(cr, &x1, &y1, &x2, &y2);
        cairo_new_path(cr);
        set_rgb(cr, kInk);
        if (fill.pattern == Pattern::hatched) {
            cairo_set_line_width(cr, 0.6);
            for (double d = x1 - (y2 - y1); d < x2; d += 3.5) {
                cairo_move_to(cr, d, y2);
                cairo_line_to(cr, d + (y2 - y1), y1);
            }
            cairo_stroke(cr);
        } else {
            for (double yy = y1 + 1.5; yy < y2; yy += 3.0)
                for (double xx = x1 + 1.5; xx < x2; xx += 3.0) {
                    cairo_arc(cr, xx, yy, 0.45, 0, 2 * M_PI);
                    cairo_fill(cr);
                }
        }
        cairo_restore(cr);
    }
    set_rgb(cr, kInk);
    cairo_set_line_width(cr, 0.5);
    cairo_stroke(cr);
}

void rectangle(cairo_t* cr, double x, double y, double w, double h, const Fill& fill) {
    if (w <= 0 || h <= 0) return;
    cairo_rectangle(cr, x, y, w, h);
    fill_path(cr, fill);
}

enum class Align { left, centre, right };

// Draws `text` (pango markup off) with its top-left at (x, y), wrapped to `width` (0 = no wrap);
// returns the height it takes. With draw = false only measures.
double text(cairo_t* cr, const std::string& s, double x, double y, double width, const char* font,
            Align align = Align::left, const Rgb& colour = kInk, bool draw = true,
            double* measured_width = nullptr) {
    PangoLayout* layout = pango_cairo_create_layout(cr);
    PangoFontDescription* desc = pango_font_description_from_string(font);
    pango_layout_set_font_description(layout, desc);
    pango_font_description_free(desc);
    pango_layout_set_text(layout, s.c_str(), static_cast<int>(s.size()));
    if (width > 0) {
        pango_layout_set_width(layout, pango_units_from_double(width));
        pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR);
    }
    pango_layout_set_alignment(layout, align == Align::left     ? PANGO_ALIGN_LEFT
                                       : align == Align::centre ? PANGO_ALIGN_CENTER
                                                                : PANGO_ALIGN_RIGHT);
    int w = 0, h = 0;
    pango_layout_get_size(layout, &w, &h);
    const double tw = pango_units_to_double(w), th = pango_units_to_double(h);
    if (measured_width) *measured_width = tw;
    if (draw) {
        double tx = x;
        if (width <= 0 && align == Align::centre) tx = x - tw / 2;
        if (width <= 0 && align == Align::right) tx = x - tw;
        set_rgb(cr, colour);
        cairo_move_to(cr, tx, y);
        pango_cairo_show_layout(cr, layout);
    }
    g_object_unref(layout);
    return th;
}

double text_width(cairo_t* cr, const std::string& s, const char* font) {
    double w = 0;
    text(cr, s, 0, 0, 0, font, Align::left, kInk, false, &w);
    return w;
}

constexpr std::size_t kMaxLsoaBars = 40; // more would not fit one page

constexpr const char* kTitleFont = "Noto Sans Bold 17";
constexpr const char* kHeadFont = "Noto Sans Bold 11.5";
constexpr const char* kBodyFont = "Noto Sans 9.5";
constexpr const char* kSmallFont = "Noto Sans 8";
constexpr const char* kTinyFont = "Noto Sans 6.5";

// A "nice" axis maximum (1, 2, 2.5 or 5 × 10^k) at or above `v`, and its step.
std::pair<double, double> nice_axis(double v) {
    if (v <= 0) return {5, 1};
    const double magnitude = std::pow(10.0, std::floor(std::log10(v)));
    for (double f : {1.0, 2.0, 2.5, 5.0, 10.0}) {
        const double top = f * magnitude;
        if (top >= v)
            return {top, top / (f == 2.5                ? 5.0
                                : f == 1.0 || f == 10.0 ? 5.0
                                : f == 2.0              ? 4.0
                                                        : 5.0)};
    }
    return {10 * magnitude, 2 * magnitude};
}

std::string number_text(double v) {
    char buf[32];
    if (std::fabs(v - std::round(v)) < 1e-9)
        std::snprintf(buf, sizeof buf, "%.0f", v);
    else
        std::snprintf(buf, sizeof buf, "%.2g", v);
    return buf;
}

void legend_item(cairo_t* cr, double& x, double y, const Fill& fill, const std::string& label) {
    rectangle(cr, x, y + 1, 10, 10, fill);
    x += 14;
    text(cr, label, x, y, 0, kSmallFont);
    x += text_width(cr, label, kSmallFont) + 14;
}

//-------------------------------------------------------------------------------------------------
// [SECTION] The four charts
//-------------------------------------------------------------------------------------------------

// Diagram 1: stacked bars per month of the incident; totals written above each bar.
double month_chart(cairo_t* cr, const st::Statistics& s, double x, double y, double w) {
    const st::Table& t = s.by_month;
    double cy = y;
    cy += text(cr, "1. Reports each month, by month of the incident", x, cy, w, kHeadFont) + 4;
    double lx = x;
    legend_item(cr, lx, cy, kIncident, "Hate incident");
    legend_item(cr, lx, cy, kCrime, "Hate crime");
    legend_item(cr, lx, cy, kNotSure, "Not sure");
    legend_item(cr, lx, cy, kNotGiven, "Not given");
    if (!s.spikes.empty()) {
        set_rgb(cr, kVermillion);
        cairo_move_to(cr, lx, cy + 11);
        cairo_line_to(cr, lx + 10, cy + 11);
        cairo_line_to(cr, lx + 5, cy + 2);
        cairo_close_path(cr);
        cairo_fill(cr);
        text(cr, "Spike alert", lx + 14, cy, 0, kSmallFont);
    }
    cy += 18;
    const std::size_t months = t.rows() - 1; // the last row is "date not known"
    const double axis_w = 26, plot_x = x + axis_w, plot_w = w - axis_w, plot_h = 150,
                 plot_top = cy + 10;
    double top = 0;
    for (std::size_t r = 0; r < months; ++r) {
        double sum = 0;
        for (const auto& c : t.cells[r])
            if (!c.suppressed()) sum += static_cast<double>(c.value);
        top = std::max(top, sum);
    }
    const auto [axis_max, step] = nice_axis(top);
    const double base = plot_top + plot_h;
    cairo_set_line_width(cr, 0.4);
    for (double v = 0; v <= axis_max + 1e-9; v += step) {
        const double yy = base - v / axis_max * plot_h;
        set_rgb(cr, kGrid);
        cairo_move_to(cr, plot_x, yy);
        cairo_line_to(cr, plot_x + plot_w, yy);
        cairo_stroke(cr);
        text(cr, number_text(v), plot_x - 4, yy - 5, 0, kTinyFont, Align::right, kMuted);
    }
    const double slot = plot_w / static_cast<double>(std::max<std::size_t>(months, 1));
    const double bar = std::min(slot * 0.72, 28.0);
    const Fill fills[4] = {kIncident, kCrime, kNotSure, kNotGiven};
    for (std::size_t r = 0; r < months; ++r) {
        const double bx = plot_x + slot * static_cast<double>(r) + (slot - bar) / 2;
        double yy = base;
        for (std::size_t c = 0; c < t.cols() && c < 4; ++c) {
            const st::Cell& cell = t.cells[r][c];
            if (cell.suppressed() || cell.value == 0) continue;
            const double hh = static_cast<double>(cell.value) / axis_max * plot_h;
            rectangle(cr, bx, yy - hh, bar, hh, fills[c]);
            yy -= hh;
        }
        const st::Cell& total = t.row_totals[r];
        if (total.value > 0 || total.suppressed())
            text(cr, st::cell_text(total), bx + bar / 2, yy - 10, 0, kTinyFont, Align::centre);
        const st::Month m = s.options.from + static_cast<st::Month>(r);
        const bool spike = std::any_of(s.spikes.begin(), s.spikes.end(), [&](const st::Spike& sp) {
            return sp.scope == "all" && sp.month == m;
        });
        if (spike) {
            set_rgb(cr, kVermillion);
            cairo_move_to(cr, bx + bar / 2 - 5, yy - 12);
            cairo_line_to(cr, bx + bar / 2 + 5, yy - 12);
            cairo_line_to(cr, bx + bar / 2, yy - 21);
            cairo_close_path(cr);
            cairo_fill(cr);
        }
        const std::string label = st::month_label(m); // "Mar 2025"
        text(cr, label.substr(0, 3), bx + bar / 2, base + 3, 0, kTinyFont, Align::centre, kMuted);
        if (r == 0 || m % 12 == 0)
            text(cr, label.substr(4), bx + bar / 2, base + 11, 0, kTinyFont, Align::centre, kMuted);
    }
    set_rgb(cr, kInk);
    cairo_set_line_width(cr, 0.7);
    cairo_move_to(cr, plot_x, base);
    cairo_line_to(cr, plot_x + plot_w, base);
    cairo_stroke(cr);
    cy = base + 24;
    const st::Cell& unknown = t.row_totals[months];
    std::string note =
        "Reports whose date is not known: " + st::cell_text(unknown) +
        " (not in the chart). A date range counts in its first month. Total reports counted: " +
        st::cell_text(t.grand) + ".";
    if (s.options.is_public)
        note += " Withheld counts (<5, c) are left out of the bars; the figure above a bar is its "
                "total.";
    cy += text(cr, note, x, cy, w, kSmallFont, Align::left, kMuted);
    return cy - y;
}

struct HBar {
    std::string label;
    double value = 0; // drawn length (0 = no bar)
    std::string value_text;
};

double hbar_chart(cairo_t* cr, const std::string& title, const std::vector<HBar>& bars,
                  const std::string& note, double x, double y, double w,
                  const std::string& axis_label) {
    double cy = y;
    cy += text(cr, title, x, cy, w, kHeadFont) + 6;
    double label_w = 0;
    for (const auto& b : bars)
        label_w = std::max(label_w, text_width(cr, b.label, kSmallFont));
    label_w = std::min(label_w + 8, w * 0.42);
    double value_w = 0;
    for (const auto& b : bars)
        value_w = std::max(value_w, text_width(cr, b.value_text, kSmallFont));
    const double plot_x = x + label_w, plot_w = w - label_w - value_w - 10;
    double top = 0;
    for (const auto& b : bars)
        top = std::max(top, b.value);
    const auto [axis_max, step] = nice_axis(top);
    const double row_h = 15, plot_h = row_h * static_cast<double>(bars.size());
    cairo_set_line_width(cr, 0.4);
    for (double v = 0; v <= axis_max + 1e-9; v += step) {
        const double xx = plot_x + v / axis_max * plot_w;
        set_rgb(cr, kGrid);
        cairo_move_to(cr, xx, cy);
        cairo_line_to(cr, xx, cy + plot_h);
        cairo_stroke(cr);
        text(cr, number_text(v), xx, cy + plot_h + 2, 0, kTinyFont, Align::centre, kMuted);
    }
    for (std::size_t i = 0; i < bars.size(); ++i) {
        const double yy = cy + row_h * static_cast<double>(i);
        text(cr, bars[i].label, x, yy + 2, label_w - 6, kSmallFont, Align::right);
        const double len = bars[i].value / axis_max * plot_w;
        rectangle(cr, plot_x, yy + 2, len, row_h - 4, kBar);
        text(cr, bars[i].value_text, plot_x + len + 4, yy + 2, 0, kSmallFont);
    }
    set_rgb(cr, kInk);
    cairo_set_line_width(cr, 0.7);
    cairo_move_to(cr, plot_x, cy);
    cairo_line_to(cr, plot_x, cy + plot_h);
    cairo_stroke(cr);
    cy += plot_h + 12;
    if (!axis_label.empty())
        cy += text(cr, axis_label, plot_x, cy, plot_w, kTinyFont, Align::centre, kMuted);
    if (!note.empty()) cy += 3 + text(cr, note, x, cy + 3, w, kSmallFont, Align::left, kMuted);
    return cy - y;
}

// Diagram 2: strands, with the multi-strand note.
double strand_chart(cairo_t* cr, const st::Statistics& s, double x, double y, double w) {
    std::vector<HBar> bars;
    const st::Table& t = s.by_strand;
    for (std::size_t r = 0; r < t.rows(); ++r) {
        const st::Cell& c = t.cells[r][0];
        bars.push_back({t.row_labels[r], c.suppressed() ? 0.0 : static_cast<double>(c.value),
                        st::cell_text(c)});
    }
    const std::string note =
        "One report may name several strands, so the bars add up to more than the " +
        st::cell_text(s.by_month.grand) + " reports: " + st::cell_text(s.strand_notes.cells[0][0]) +
        " named more than one; " + st::cell_text(s.strand_notes.cells[1][0]) + " named none.";
    return hbar_chart(cr, "2. Types of hate: the strands named in reports", bars, note, x, y, w,
                      "Reports");
}

std::string rate_label(const st::Table& t, std::size_t r) {
    const st::Cell& c = t.cells[r][0];
    if (c.suppressed()) return st::cell_text(c) + " reports";
    return st::rate_text(t, r) + " (" + std::to_string(c.value) +
           (c.value == 1 ? " report)" : " reports)");
}

// Diagram 3: rate per 1,000 people by district.
double district_chart(cairo_t* cr, const st::Statistics& s, double x, double y, double w) {
    std::vector<HBar> bars;
    const st::Table& t = s.by_district;
    std::string others;
    for (std::size_t r = 0; r < t.rows(); ++r) {
        if (t.population[r] <= 0) {
            others +=
                (others.empty() ? "" : "; ") + t.row_labels[r] + " " + st::cell_text(t.cells[r][0]);
            continue;
        }
        bars.push_back({t.row_labels[r], t.rate_per_1000(r).value_or(0.0), rate_label(t, r)});
    }
    std::string note = "Not in a district's rate: " + others + ". Population: " +
                       (s.district_source.empty() ? std::string("(none)") : s.district_source) +
                       ".";
    return hbar_chart(cr, "3. Reports per 1,000 people, by district", bars, note, x, y, w,
                      "Reports per 1,000 usual residents");
}

// Diagram 4: the LSOAs with the highest rates.
double lsoa_chart(cairo_t* cr, const st::Statistics& s, double x, double y, double w) {
    const std::string title = "4. Areas (LSOA) with the highest rates per 1,000 people";
    if (!s.lsoa_message.empty()) {
        double cy = y + text(cr, title, x, y, w, kHeadFont) + 6;
        cy += text(cr, s.lsoa_message, x, cy, w, kBodyFont, Align::left, kMuted);
        return cy - y;
    }
    const st::Table& t = s.by_lsoa;
    std::vector<HBar> bars;
    for (std::size_t r = 0; r < t.rows() && r < kMaxLsoaBars; ++r)
        bars.push_back({t.row_labels[r], t.rate_per_1000(r).value_or(0.0), rate_label(t, r)});
    if (bars.empty()) {
        double cy = y + text(cr, title, x, y, w, kHeadFont) + 6;
        cy +=
            text(cr, "No report in the period could be placed in an LSOA with a known population.",
                 x, cy, w, kBodyFont, Align::left, kMuted);
        return cy - y;
    }
    std::string note =
        "From each report's postcode through the ONS Postcode Directory. Not placed: " +
        std::to_string(s.lsoa_not_in_directory) + " postcode(s) not in the directory, " +
        std::to_string(s.lsoa_no_postcode) + " report(s) without a postcode.";
    if (s.options.is_public) {
        note = "From each report's postcode through the ONS Postcode Directory; only areas with 5 "
               "or more reports are ranked.";
    }
    if (t.rows() > kMaxLsoaBars)
        note += " The first " + std::to_string(kMaxLsoaBars) +
                " are drawn; `hrc-central stats` lists all.";
    return hbar_chart(cr, title + " (top " + std::to_string(t.rows()) + ")", bars, note, x, y, w,
                      "Reports per 1,000 usual residents");
}

//-------------------------------------------------------------------------------------------------
// [SECTION] Pages
//-------------------------------------------------------------------------------------------------

double heading_block(cairo_t* cr, const st::Statistics& s, const BoardReportOptions& o, double y) {
    double cy = y;
    cy += text(cr, "Hate reporting in Leicester, Leicestershire and Rutland", kMargin, cy, kContent,
               kTitleFont) +
          2;
    const std::string sub =
        "Report to the Safer Communities Strategy Board: " + st::month_label(s.options.from) +
        " to " + st::month_label(s.options.to) + ". Made " + o.generated_on +
        " by hrc-central from the Hate Reporting " + "Centres' reports. " +
        (s.options.is_public
             ? "For publication: small numbers are suppressed."
             : "NOT FOR PUBLICATION: contains counts under 5 (make a --public report to publish).");
    cy += text(cr, sub, kMargin, cy, kContent, kSmallFont, Align::left, kMuted) + 10;
    cy += text(cr, "Summary", kMargin, cy, kContent, kHeadFont) + 3;
    cy += text(cr, st::summary_paragraph(s), kMargin, cy, kContent, kBodyFont) + 16;
    return cy;
}

void footer(cairo_t* cr, int page) {
    text(cr, "Page " + std::to_string(page) + " · hrc-central board report", kPageWidth / 2,
         kPageHeight - 30, 0, kTinyFont, Align::centre, kMuted);
}

// Where the next block goes; a block that does not fit starts a new page (many centres, many
// spikes).
struct Flow {
    cairo_t* cr;
    double y = kMargin;
    int page = 1;
    void next_page() {
        footer(cr, page);
        cairo_show_page(cr);
        ++page;
        y = kMargin;
    }
    void need(double height) {
        if (y + height > kPageHeight - kMargin - 10 && y > kMargin) next_page();
    }
};

double table_block(cairo_t* cr, const std::vector<std::string>& header,
                   const std::vector<std::vector<std::string>>& rows, double x, double y,
                   double w) {
    std::vector<double> widths(header.size(), 0);
    const auto measure = [&](const std::vector<std::string>& line, const char* font) {
        for (std::size_t i = 0; i < line.size() && i < widths.size(); ++i)
            widths[i] = std::max(widths[i], text_width(cr, line[i], font));
    };
    measure(header, "Noto Sans Bold 8");
    for (const auto& r : rows)
        measure(r, kSmallFont);
    double total = 0;
    for (double& wd : widths)
        total += wd + 12;
    const double scale = total > w ? w / total : 1.0;
    double cy = y;
    const auto line = [&](const std::vector<std::string>& cells, const char* font) {
        double cx = x;
        for (std::size_t i = 0; i < cells.size() && i < widths.size(); ++i) {
            const double cw = (widths[i] + 12) * scale;
            if (i == 0)
                text(cr, cells[i], cx, cy, cw - 6, font);
            else
                text(cr, cells[i], cx + cw - 6, cy, 0, font, Align::right);
            cx += cw;
        }
        cy += 12;
    };
    line(header, "Noto Sans Bold 8");
    set_rgb(cr, kInk);
    cairo_set_line_width(cr, 0.5);
    cairo_move_to(cr, x, cy);
    cairo_line_to(cr, x + std::min(total * scale, w), cy);
    cairo_stroke(cr);
    cy += 2;
    for (const auto& r : rows)
        line(r, kSmallFont);
    return cy - y;
}

// Page 3 onwards: centres, repeat/ongoing and places, spikes, notes and sources; new pages as needed.
void centres_and_notes(Flow& flow, const st::Statistics& s) {
    cairo_t* cr = flow.cr;
    double& cy = flow.y;
    flow.need(60);
    cy += text(cr, "Use of each Hate Reporting Centre", kMargin, cy, kContent, kHeadFont) + 4;
    const st::Table& m = s.by_centre_mode;
    std::vector<std::vector<std::string>> rows;
    for (std::size_t r = 0; r < m.rows(); ++r) {
        std::string share;
        const st::Cell& total = m.row_totals[r];
        if (!total.suppressed() && total.value > 0 && !m.cells[r][0].suppressed())
            share = std::to_string(static_cast<long long>(std::llround(
                        100.0 * static_cast<double>(total.value - m.cells[r][0].value) /
                        static_cast<double>(total.value)))) +
                    "%";
        else
            share = total.value == 0 ? "" : "c";
        // Months in the period with no report made at this centre.
        int idle = 0;
        const std::size_t col = r;
        for (std::size_t mr = 0; mr < s.by_centre_month.rows(); ++mr)
            if (!s.by_centre_month.cells[mr][col].suppressed() &&
                s.by_centre_month.cells[mr][col].value == 0)
                ++idle;
        rows.push_back({m.row_labels[r], st::cell_text(total), st::cell_text(m.cells[r][0]),
                        st::cell_text(m.cells[r][1]), st::cell_text(m.cells[r][2]), share,
                        std::to_string(idle)});
    }
    if (rows.empty())
        cy += text(cr, "No report was made at a centre in the period.", kMargin, cy, kContent,
                   kBodyFont, Align::left, kMuted) +
              4;
    const std::vector<std::string> header = {"Centre",          "Reports",    "Alone",
                                             "With staff help", "Paper form", "Staff or paper",
                                             "Months with none"};
    for (std::size_t first = 0; first < rows.size();) {
        // As many rows as fit on this page (12 points each, header 14).
        const auto room = static_cast<std::size_t>(
            std::max(1.0, std::floor((kPageHeight - kMargin - 10 - cy - 14) / 12)));
        const std::size_t count = std::min(room, rows.size() - first);
        const std::vector<std::vector<std::string>> part(rows.begin() + static_cast<long>(first),
                                                         rows.begin() +
                                                             static_cast<long>(first + count));
        cy += table_block(cr, header, part, kMargin, cy, kContent) + 4;
        first += count;
        if (first < rows.size()) flow.next_page();
    }
    flow.need(30);
    cy += text(cr,
               "By the month the report was made at the centre. A centre with many months without "
               "a report may need attention "
               "(is it open, signposted, staffed?).",
               kMargin, cy, kContent, kSmallFont, Align::left, kMuted) +
          12;

    flow.need(90);
    cy += text(cr, "Repeat or ongoing incidents, and places", kMargin, cy, kContent, kHeadFont) + 4;
    const st::Table& o = s.ongoing;
    std::string ongoing = "Still happening or happened before: " + st::cell_text(o.cells[0][0]) +
                          " of " + st::cell_text(o.col_totals[0]) +
                          " reports (no: " + st::cell_text(o.cells[1][0]) +
                          "; did not know: " + st::cell_text(o.cells[2][0]) +
                          "; not given: " + st::cell_text(o.cells[4][0]) + ").";
    cy += text(cr, ongoing, kMargin, cy, kContent, kBodyFont) + 3;
    std::string places = "Places most reported: ";
    int listed = 0;
    for (std::size_t r = 0; r < s.places.rows() && listed < 6; ++r) {
        if (s.places.row_keys[r] == "not_given" ||
            (s.places.cells[r][0].value == 0 && !s.places.cells[r][0].suppressed()))
            continue;
        places += (listed ? "; " : "") + s.places.row_labels[r] + " " +
                  st::cell_text(s.places.cells[r][0]);
        ++listed;
    }
    if (listed == 0) places += "none given";
    cy += text(cr, places + ".", kMargin, cy, kContent, kBodyFont) + 12;

    flow.need(120);
    cy += text(cr, "Spike alerts", kMargin, cy, kContent, kHeadFont) + 4;
    std::string spikes;
    if (s.spikes.empty()) spikes = "No month in the period was flagged.";
    constexpr std::size_t kListed = 16; // the rest are in `hrc-central stats` (spikes)
    for (std::size_t i = 0; i < s.spikes.size() && i < kListed; ++i) {
        const st::Spike& sp = s.spikes[i];
        char buf[200];
        if (s.options
                .is_public) // no baseline when published: 12 x the mean is a year's count, maybe 1-4
            std::snprintf(buf, sizeof buf, "%s, %s: %lld reports, well above its usual level. ",
                          sp.scope_label.c_str(), st::month_label(sp.month).c_str(),
                          static_cast<long long>(sp.count));
        else
            std::snprintf(buf, sizeof buf,
                          "%s, %s: %lld reports (usual level %.1f; alert above %.1f). ",
                          sp.scope_label.c_str(), st::month_label(sp.month).c_str(),
                          static_cast<long long>(sp.count), sp.mean, sp.threshold);
        spikes += buf;
    }
    if (s.spikes.size() > kListed)
        spikes += "And " + std::to_string(s.spikes.size() - kListed) +
                  " more: see `hrc-central stats` (spikes).";
    cy += text(cr, spikes, kMargin, cy, kContent, kBodyFont) + 3;
    cy +=
        text(cr, "Rule: " + s.spike_rule, kMargin, cy, kContent, kSmallFont, Align::left, kMuted) +
        12;

    flow.need(170);
    cy += text(cr, "About these figures", kMargin, cy, kContent, kHeadFont) + 4;
    std::string about = "Only reports whose person agreed to anonymous statistics are counted; " +
                        st::cell_text({s.options.not_consented,
                                       s.options.is_public && s.options.not_consented >= 1 &&
                                               s.options.not_consented <= 4
                                           ? st::CellStatus::primary
                                           : st::CellStatus::shown}) +
                        " reports received in the period without that consent are not. Counts come "
                        "from what people reported at the "
                        "centres: they are not police recorded crime. Months are months of the "
                        "incident (diagram 1) or of the report "
                        "(centres). ";
    about += s.options.is_public
                 ? "Suppression: counts of 1 to 4 are shown as \"<5\"; \"c\" marks a count "
                   "withheld so that a \"<5\" "
                   "cannot be worked out from the totals; rates are withheld with their counts. "
                 : "Suppression: none (this report is for the board, not for publication; it may "
                   "show counts under 5). ";
    about += "Data sources: reports to Leicester, Leicestershire and Rutland Hate Reporting "
             "Centres (hrc-central). Population: " +
             (s.district_source.empty() ? std::string("(none)") : s.district_source) + ". ";
    if (s.options.postcode_directory)
        about += "Postcodes to LSOAs: ONS Postcode Directory (Office for National Statistics, Open "
                 "Government Licence v3.0; contains "
                 "OS data © Crown copyright and database right; contains Royal Mail data © Royal "
                 "Mail copyright and database right; "
                 "source: Office for National Statistics licensed under the Open Government "
                 "Licence v3.0)" +
                 (s.lsoa_source.empty() ? std::string(". ")
                                        : "; LSOA population: " + s.lsoa_source + ". ");
    about += "Method: docs/statistics.md.";
    cy += text(cr, about, kMargin, cy, kContent, kSmallFont, Align::left, kMuted);
}

//-------------------------------------------------------------------------------------------------
// [SECTION] Files
//-------------------------------------------------------------------------------------------------

cairo_status_t append_to_string(void* closure, const unsigned char* data, unsigned int length) {
    static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
    return CAIRO_STATUS_SUCCESS;
}

void check(cairo_surface_t* surface, const std::string& what) {
    const cairo_status_t status = cairo_surface_status(surface);
    if (status != CAIRO_STATUS_SUCCESS)
        throw Error(Code::failure, what + ": cairo reports " + cairo_status_to_string(status));
}

using ChartFn = double (*)(cairo_t*, const st::Statistics&, double, double, double);

} // namespace

std::vector<std::filesystem::path> write_board_report(const st::Statistics& s,
                                                      const BoardReportOptions& o) {
    std::vector<std::filesystem::path> written;
    if (o.format == ReportFormat::pdf) {
        std::string bytes;
        cairo_surface_t* surface =
            cairo_pdf_surface_create_for_stream(append_to_string, &bytes, kPageWidth, kPageHeight);
        check(surface, "the board report");
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE,
                                       "Hate reporting in Leicester, Leicestershire and Rutland");
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "hrc-central report");
        cairo_t* cr = cairo_create(surface);
        // Page 1: heading, summary, diagrams 1 and 2; then diagrams 3 and 4, centres, notes and
        // sources, each block on a new page when it does not fit.
        Flow flow{cr, kMargin, 1};
        flow.y = heading_block(cr, s, o, kMargin);
        flow.y += month_chart(cr, s, kMargin, flow.y, kContent) + 20;
        flow.need(175);
        flow.y += strand_chart(cr, s, kMargin, flow.y, kContent) + 24;
        flow.next_page();
        flow.y += district_chart(cr, s, kMargin, flow.y, kContent) + 24;
        flow.need(
            90 + 15.0 * static_cast<double>(std::min<std::size_t>(s.by_lsoa.rows(), kMaxLsoaBars)));
        flow.y += lsoa_chart(cr, s, kMargin, flow.y, kContent) + 24;
        flow.need(200);
        centres_and_notes(flow, s);
        footer(cr, flow.page);
        cairo_show_page(cr);
        cairo_destroy(cr);
        cairo_surface_finish(surface);
        check(surface, "the board report");
        cairo_surface_destroy(surface);
        write_file_atomically(o.output, bytes.data(), bytes.size(), 0644, IfExists::refuse);
        written.push_back(o.output);
        return written;
    }
    std::error_code ec;
    std::filesystem::create_directories(o.output, ec);
    if (!std::filesystem::is_directory(o.output, ec))
        throw Error(Code::io, o.output.string() + ": cannot make this folder for the charts (" +
                                  ec.message() + ")");
    const struct {
        const char* name;
        ChartFn draw;
        double height;
    } charts[] = {{"1-months", month_chart, 300},
                  {"2-strands", strand_chart, 190},
                  {"3-districts", district_chart, 280},
                  {"4-lsoa", lsoa_chart,
                   110 + 15.0 * static_cast<double>(std::max<std::size_t>(s.by_lsoa.rows(), 1))}};
    const double width = kContent + 40;
    for (const auto& chart : charts) {
        const std::filesystem::path file =
            o.output /
            (std::string(chart.name) + (o.format == ReportFormat::svg ? ".svg" : ".png"));
        std::string bytes;
        cairo_surface_t* surface = nullptr;
        if (o.format == ReportFormat::svg) {
            surface =
                cairo_svg_surface_create_for_stream(append_to_string, &bytes, width, chart.height);
        } else {
            constexpr double kScale = 2.5; // 180 dpi: sharp on slides and in print
            surface =
                cairo_image_surface_create(CAIRO_FORMAT_RGB24, static_cast<int>(width * kScale),
                                           static_cast<int>(chart.height * kScale));
            cairo_surface_set_device_scale(surface, kScale, kScale);
        }
        check(surface, file.string());
        cairo_t* cr = cairo_create(surface);
        cairo_set_source_rgb(cr, 1, 1, 1);
        cairo_paint(cr);
        chart.draw(cr, s, 20, 16, kContent);
        cairo_destroy(cr);
        if (o.format == ReportFormat::png) {
            cairo_surface_flush(surface);
            const cairo_status_t status =
                cairo_surface_write_to_png_stream(surface, append_to_string, &bytes);
            if (status != CAIRO_STATUS_SUCCESS)
                throw Error(Code::failure,
                            file.string() + ": cairo reports " + cairo_status_to_string(status));
        }
        cairo_surface_finish(surface);
        check(surface, file.string());
        cairo_surface_destroy(surface);
        write_file_atomically(file, bytes.data(), bytes.size(), 0644, IfExists::refuse);
        written.push_back(file);
    }
    return written;
}

} // namespace hrc::central
