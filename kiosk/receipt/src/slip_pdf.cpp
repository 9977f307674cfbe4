// slip_pdf.cpp — render_slip_pdf(): a Slip as a one-page PDF with cairo, pango and libqrencode
// (see hrc_receipt/slip_pdf.h).

#include "hrc_receipt/slip_pdf.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <memory>

#include <cairo-pdf.h>
#include <cairo.h>
#include <hb.h>
#include <pango/pangocairo.h>
#include <qrencode.h>

#include "hrc/error.h"
#include "hrc/languages.h"

namespace hrc::receipt {

namespace {

constexpr double kMm = 72.0 / 25.4;
constexpr double kA4Height = 841.89;
// Thermal receipt printers print 8 dots per mm (203 dpi): a QR module a whole number of dots wide
// prints with every module the same size.
constexpr double kDotMm = 0.125;

struct Style {
    double margin_x, margin_top, margin_bottom;
    double heading_pt, body_pt, reference_pt;
    double qr_mm; // the QR code's width with its quiet zone, before rounding to whole dots
};

Style style_for(Paper paper) {
    switch (paper) {
    // The bottom margin is larger on rolls: the tear bar or cutter sits a few mm above the head.
    case Paper::roll_58mm:
        return {4 * kMm, 4 * kMm, 8 * kMm, 13, 9, 20, 34};
    case Paper::roll_80mm:
        return {4 * kMm, 4 * kMm, 8 * kMm, 16, 10.5, 24, 40};
    case Paper::a4:
        return {20 * kMm, 20 * kMm, 20 * kMm, 22, 12, 32, 50};
    }
    return style_for(Paper::a4);
}

[[noreturn]] void fail(const std::string& what) {
    throw Error(Code::failure, "receipt: " + what);
}

void check(cairo_t* cr, const char* what) {
    if (const cairo_status_t s = cairo_status(cr); s != CAIRO_STATUS_SUCCESS)
        fail(std::string(what) + " (cairo: " + cairo_status_to_string(s) + ")");
}

void check(cairo_surface_t* surface, const char* what) {
    if (const cairo_status_t s = cairo_surface_status(surface); s != CAIRO_STATUS_SUCCESS)
        fail(std::string(what) + " (cairo: " + cairo_status_to_string(s) + ")");
}

cairo_status_t append_to_string(void* closure, const unsigned char* data, unsigned int length) {
    if (closure)
        static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
    return CAIRO_STATUS_SUCCESS;
}

struct QrFree {
    void operator()(QRcode* qr) const { QRcode_free(qr); }
};
using Qr = std::unique_ptr<QRcode, QrFree>;

Qr encode_reference(const std::string& reference) {
    if (reference.empty()) fail("the slip has no reference to print");
    errno = 0;
    // 8-bit mode, case-sensitive: the QR code holds exactly the reference's bytes.
    Qr qr(QRcode_encodeString(reference.c_str(), 0, QR_ECLEVEL_M, QR_MODE_8, 1));
    if (!qr)
        fail("the QR code could not be made (qrencode: " +
             std::string(errno ? std::strerror(errno) : "unknown error") + ")");
    return qr;
}

enum class Kind {
    translated, // in the slip's language and direction, aligned to its start
    as_written, // the centre's own text: direction from its first strong letter
    ltr_start,  // a contact: left to right, aligned to the slip's start edge
    ltr_centre, // the reference: left to right, centred
};

// Lays the slip out from the top of the content box; with draw = false it only measures. All
// sizes are in PDF points (the pango contexts' resolution is 72 dpi).
class Writer {
public:
    Writer(cairo_t* cr, const Slip& slip, double width, bool draw)
        : cr_(cr), width_(width), draw_(draw) {
        const languages::LanguageSpec* lang = languages::match(slip.language);
        rtl_ = languages::is_rtl(slip.language);
        std::string families;
        if (lang)
            for (const std::string_view face : lang->font_faces)
                if (!face.empty()) families += std::string(face) + ",";
        families_ = families + "Noto Sans";
        PangoLanguage* language = pango_language_from_string(slip.language.c_str());
        slip_ctx_ = make_context(language, rtl_ ? PANGO_DIRECTION_RTL : PANGO_DIRECTION_LTR);
        ltr_ctx_ = make_context(language, PANGO_DIRECTION_LTR);
        bold_ = has_real_bold();
    }
    ~Writer() {
        g_object_unref(slip_ctx_);
        g_object_unref(ltr_ctx_);
    }
    Writer(const Writer&) = delete;
    Writer& operator=(const Writer&) = delete;

    double y() const { return y_; }
    void gap(double points) { y_ += points; }

    // One paragraph, wrapped to the content width; returns its width.
    double text(const std::string& s, Kind kind, double size, bool bold,
                const char* family = nullptr, double max_width = 0) {
        const bool ltr = kind == Kind::ltr_start || kind == Kind::ltr_centre;
        PangoLayout* layout = pango_layout_new(ltr ? ltr_ctx_ : slip_ctx_);
        if (!layout) fail("pango could not make a layout");
        PangoFontDescription* desc = pango_font_description_new();
        pango_font_description_set_family(desc, family ? family : families_.c_str());
        pango_font_description_set_absolute_size(desc, size * PANGO_SCALE);
        // Bold only where the language's face has a bold of its own: pango would otherwise
        // smear the regular one (synthetic emboldening), which Nastaliq does not survive.
        pango_font_description_set_weight(desc, bold && (family || bold_) ? PANGO_WEIGHT_BOLD
                                                                          : PANGO_WEIGHT_NORMAL);
        pango_layout_set_font_description(layout, desc);
        pango_font_description_free(desc);
        // Translated text takes the language's direction, whatever its first letter; the centre's
        // text is as written (often English on every slip), so its own letters decide.
        pango_layout_set_auto_dir(layout, kind == Kind::as_written);
        // Fitting (max_width): measured on one unwrapped line.
        pango_layout_set_width(layout, max_width > 0 ? -1 : pango_units_from_double(width_));
        pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR);
        pango_layout_set_alignment(layout, kind == Kind::ltr_centre ? PANGO_ALIGN_CENTER
                                           : rtl_                   ? PANGO_ALIGN_RIGHT
                                                                    : PANGO_ALIGN_LEFT);
        pango_layout_set_text(layout, s.c_str(), static_cast<int>(s.size()));
        PangoRectangle ink{}, logical{};
        pango_layout_get_pixel_extents(layout, &ink, &logical);
        const double line_width = logical.width;
        if (max_width > 0 && line_width > max_width) {
            g_object_unref(layout);
            return line_width; // the caller shrinks the type and asks again
        }
        // Ink above the logical box (Nastaliq's tall strokes) must not touch the line above.
        const double above = std::max(0, logical.y - ink.y);
        const double below = std::max(0, ink.y + ink.height - (logical.y + logical.height));
        y_ += above;
        if (draw_) {
            cairo_set_source_rgb(cr_, 0, 0, 0);
            cairo_move_to(cr_, 0, y_);
            pango_cairo_show_layout(cr_, layout);
        }
        y_ += logical.height + below;
        g_object_unref(layout);
        check(cr_, "a line of the slip could not be drawn");
        return line_width;
    }

    // The reference: very large and bold, shrunk until it fits on one line.
    void reference(const std::string& s, double size) {
        constexpr const char* kMono = "DejaVu Sans Mono,Noto Sans Mono,monospace";
        for (; size > 8; size *= 0.92) {
            Writer probe(cr_, width_, ltr_ctx_);
            if (probe.text(s, Kind::ltr_centre, size, true, kMono, width_) <= width_) break;
        }
        text(s, Kind::ltr_centre, size, true, kMono);
    }

    // A support contact (a phone number, an address): left to right, bold, in Noto Sans first so
    // its digits and Latin letters look the same on every slip (Nastaliq has digits of its own).
    void contact(const std::string& s, double size) {
        const std::string families = "Noto Sans," + families_;
        text(s, Kind::ltr_start, size, true, families.c_str());
    }

    // The QR code, centred, as filled squares: each row's dark runs as one rectangle each, so a
    // viewer's anti-aliasing draws no seams between modules.
    void qr(const QRcode& code, double target_mm) {
        const int modules = code.width + 8; // 4 modules of quiet zone on each side
        const double dots = std::max(1.0, std::floor(target_mm / kDotMm / modules));
        const double module = std::min(dots * kDotMm * kMm, width_ / modules);
        const double side = module * modules;
        const double x0 = (width_ - side) / 2 + 4 * module;
        const double y0 = y_ + 4 * module;
        if (draw_) {
            cairo_set_source_rgb(cr_, 0, 0, 0);
            for (int row = 0; row < code.width; ++row)
                for (int col = 0; col < code.width;) {
                    if (!(code.data[row * code.width + col] & 1)) {
                        ++col;
                        continue;
                    }
                    int end = col;
                    while (end < code.width && (code.data[row * code.width + end] & 1))
                        ++end;
                    cairo_rectangle(cr_, x0 + col * module, y0 + row * module, (end - col) * module,
                                    module);
                    col = end;
                }
            cairo_fill(cr_);
            check(cr_, "the QR code could not be drawn");
        }
        y_ += side;
    }

    void rule() {
        if (draw_) {
            cairo_set_source_rgb(cr_, 0, 0, 0);
            cairo_set_line_width(cr_, 0.6);
            cairo_move_to(cr_, 0, y_);
            cairo_line_to(cr_, width_, y_);
            cairo_stroke(cr_);
            check(cr_, "a rule could not be drawn");
        }
    }

private:
    // A measuring copy sharing the left-to-right context (for fitting the reference).
    Writer(cairo_t* cr, double width, PangoContext* ltr)
        : cr_(cr), width_(width), draw_(false), slip_ctx_(g_object_ref(ltr)),
          ltr_ctx_(g_object_ref(ltr)) {}

    // Whether the face pango picks for bold text in the slip's families is a bold one. Debian 12's
    // Noto Nastaliq Urdu Bold declares a regular weight, so fontconfig sees no bold face there.
    bool has_real_bold() const {
        PangoFontDescription* desc = pango_font_description_new();
        pango_font_description_set_family(desc, families_.c_str());
        pango_font_description_set_weight(desc, PANGO_WEIGHT_BOLD);
        pango_font_description_set_absolute_size(desc, 12 * PANGO_SCALE);
        PangoFont* font = pango_context_load_font(slip_ctx_, desc);
        pango_font_description_free(desc);
        if (!font) return false;
        // The face's own weight class (OS/2), not pango's description, which counts the smearing.
        hb_font_t* hb = pango_font_get_hb_font(font);
        const bool real = hb && hb_style_get_value(hb, HB_STYLE_TAG_WEIGHT) >= 600;
        g_object_unref(font);
        return real;
    }

    PangoContext* make_context(PangoLanguage* language, PangoDirection direction) {
        PangoContext* ctx = pango_cairo_create_context(cr_);
        if (!ctx) fail("pango could not make a context");
        // Font sizes are PDF points; glyphs placed exactly (pango rounds them to whole points by
        // default, which at 72 "dpi" is a visible unevenness in print).
        pango_cairo_context_set_resolution(ctx, 72);
        pango_context_set_round_glyph_positions(ctx, FALSE);
        pango_context_set_language(ctx, language);
        pango_context_set_base_dir(ctx, direction);
        return ctx;
    }

    cairo_t* cr_;
    double width_;
    bool draw_;
    bool rtl_ = false;
    bool bold_ = true;
    std::string families_ = "Noto Sans";
    PangoContext* slip_ctx_ = nullptr;
    PangoContext* ltr_ctx_ = nullptr;
    double y_ = 0;
};

// Lays out the whole slip; returns the content height.
double lay_out(cairo_t* cr, const Slip& slip, const QRcode& code, const Style& st, double width,
               bool draw) {
    Writer w(cr, slip, width, draw);
    const double line = st.body_pt * 0.5;
    w.text(slip.heading, Kind::translated, st.heading_pt, true);
    w.gap(line);
    if (!slip.reference_label.empty())
        w.text(slip.reference_label, Kind::translated, st.body_pt, false);
    w.reference(slip.reference, st.reference_pt);
    w.gap(line * 0.5);
    w.qr(code, st.qr_mm);
    w.gap(line * 0.5);
    if (!slip.date.empty()) w.text(slip.date, Kind::translated, st.body_pt, false);
    if (!slip.next_steps_heading.empty() || !slip.next_steps.empty()) {
        w.gap(line);
        w.rule();
        w.gap(line);
        if (!slip.next_steps_heading.empty())
            w.text(slip.next_steps_heading, Kind::translated, st.body_pt * 1.15, true);
        for (const std::string& p : slip.next_steps) {
            w.gap(line * 0.5);
            w.text(p, Kind::translated, st.body_pt, false);
        }
    }
    if (!slip.support_heading.empty() || !slip.support.empty()) {
        w.gap(line);
        w.rule();
        w.gap(line);
        if (!slip.support_heading.empty())
            w.text(slip.support_heading, Kind::translated, st.body_pt * 1.15, true);
        for (const SupportContact& c : slip.support) {
            w.gap(line * 0.5);
            if (!c.label.empty()) w.text(c.label, Kind::translated, st.body_pt, false);
            w.contact(c.contact, st.body_pt);
        }
    }
    if (!slip.centre_text.empty()) {
        w.gap(line);
        w.rule();
        w.gap(line);
        w.text(slip.centre_text, Kind::as_written, st.body_pt, false);
    }
    return w.y();
}

struct SurfaceDestroy {
    void operator()(cairo_surface_t* s) const { cairo_surface_destroy(s); }
};
struct CairoDestroy {
    void operator()(cairo_t* cr) const { cairo_destroy(cr); }
};

// The content height of the slip at `scale` (1 = full size), measured on a PDF surface like the
// one it is drawn on (so the font metrics are the same) that writes nowhere.
double measure(const Slip& slip, const QRcode& code, const Style& st, double page_width,
               double scale) {
    std::unique_ptr<cairo_surface_t, SurfaceDestroy> surface(
        cairo_pdf_surface_create_for_stream(append_to_string, nullptr, page_width, kA4Height));
    check(surface.get(), "the PDF surface could not be made");
    std::unique_ptr<cairo_t, CairoDestroy> cr(cairo_create(surface.get()));
    cairo_scale(cr.get(), scale, scale);
    const double h =
        lay_out(cr.get(), slip, code, st, (page_width - 2 * st.margin_x) / scale, false);
    check(cr.get(), "the slip could not be measured");
    return h * scale;
}

} // namespace

std::string render_slip_pdf(const Slip& slip, Paper paper) {
    const Style st = style_for(paper);
    const Qr code = encode_reference(slip.reference);
    const double page_width = paper_width_points(paper);

    // Roll: as tall as the slip. A4: one page; a slip too long for it is drawn smaller (the text
    // rewraps to the wider measure) until it fits, never cut off at the page's edge.
    double scale = 1;
    double content = measure(slip, *code, st, page_width, scale);
    const double room = kA4Height - st.margin_top - st.margin_bottom;
    // Half size is the smallest that is still read comfortably (6 pt body text).
    constexpr double kMinScale = 0.5;
    if (paper == Paper::a4)
        while (content > room && scale > kMinScale) {
            scale = std::max(kMinScale, scale * std::min(0.97, room / content));
            content = measure(slip, *code, st, page_width, scale);
        }
    if (paper == Paper::a4 && content > room)
        fail("the slip's text is too long for one A4 page, even at half size");
    const double page_height =
        paper == Paper::a4 ? kA4Height : std::ceil(st.margin_top + content + st.margin_bottom);

    std::string bytes;
    {
        std::unique_ptr<cairo_surface_t, SurfaceDestroy> surface(
            cairo_pdf_surface_create_for_stream(append_to_string, &bytes, page_width, page_height));
        check(surface.get(), "the PDF surface could not be made");
        // A neutral title: a PDF viewer or the printer's queue shows it, and it never names the
        // reference.
        cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_TITLE, "Receipt");
        cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_CREATOR, "hrc-kiosk");
        std::unique_ptr<cairo_t, CairoDestroy> cr(cairo_create(surface.get()));
        cairo_translate(cr.get(), st.margin_x, st.margin_top);
        cairo_scale(cr.get(), scale, scale);
        lay_out(cr.get(), slip, *code, st, (page_width - 2 * st.margin_x) / scale, true);
        cairo_show_page(cr.get());
        check(cr.get(), "the slip could not be drawn");
        cr.reset();
        cairo_surface_finish(surface.get());
        check(surface.get(), "the PDF could not be written");
    }
    return bytes;
}

} // namespace hrc::receipt
