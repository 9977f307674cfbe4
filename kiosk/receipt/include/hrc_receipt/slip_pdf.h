// hrc_receipt/slip_pdf.h — a Slip laid out as a one-page PDF, in memory (issue 17 item 1).
//
// Text is laid out by pango (HarfBuzz shaping, fribidi bidi) with the language's own fonts
// (hrc::languages font_faces), right to left where the language is; the reference and every
// support contact are isolated left to right. The QR code (libqrencode, error correction M)
// encodes exactly the reference and is drawn as vector squares, so it prints sharp at any DPI.
// Roll paper: the page is the paper's width and as tall as the slip. A4: one portrait page.
//
// Nothing is written to disk: the PDF is returned as bytes (the only copy outside memory is the
// one CUPS spools, which print_pdf() purges).
//
// Errors: throws hrc::Error (Code::failure) naming what failed (cairo, pango or qrencode), e.g.
//   "receipt: the QR code could not be made (qrencode: ...)".
#pragma once

#include <string>

#include "hrc_receipt/slip.h"

namespace hrc::receipt {

std::string render_slip_pdf(const Slip& slip, Paper paper);

} // namespace hrc::receipt
