// print_module.cpp — hrc-receipt-print.so: the slip laid out and printed (hrc_receipt/print_module.h).
// Built as a module with hidden visibility: the entry point below is its only exported symbol.

#include "hrc_receipt/print_module.h"

#include <cstring>
#include <exception>
#include <string>

#include "hrc_receipt/slip_pdf.h"

extern "C" [[gnu::visibility("default")]] void
hrc_receipt_render_and_print_v1(const hrc::receipt::Slip& slip, hrc::receipt::Paper paper,
                                const hrc::receipt::PrinterTarget& target,
                                std::string_view job_title,
                                hrc::receipt::ModulePrintResult& result) {
    // The signature must stay that of RenderAndPrintFunction.
    static_assert(std::is_same_v<decltype(&hrc_receipt_render_and_print_v1),
                                 hrc::receipt::RenderAndPrintFunction>);
    result = {};
    std::string pdf;
    try {
        pdf = hrc::receipt::render_slip_pdf(slip, paper);
    } catch (const std::exception& e) {
        result.render_error = e.what(); // names the library that failed, never the slip's text
        return;
    }
    result.rendered = true;
    try {
        result.print = hrc::receipt::print_pdf(target, pdf, job_title);
    } catch (const std::exception& e) { // print_pdf reports in its result; only memory can throw
        result.print = {hrc::receipt::PrintOutcome::job_failed, 0, e.what()};
    }
    explicit_bzero(pdf.data(), pdf.size()); // the slip's text is in the PDF
}
