// print_outcome.cpp — outcome_name() of hrc_receipt/cups_print.h, on the kiosk's side of the
// print module (hrc_receipt_slip, no libcups): the kiosk logs outcomes the module reports.

#include "hrc_receipt/cups_print.h"

namespace hrc::receipt {

std::string_view outcome_name(PrintOutcome outcome) {
    switch (outcome) {
    case PrintOutcome::printed:
        return "printed";
    case PrintOutcome::printer_unavailable:
        return "printer unavailable";
    case PrintOutcome::out_of_paper:
        return "out of paper";
    case PrintOutcome::job_failed:
        return "job failed";
    case PrintOutcome::timed_out:
        return "timed out";
    }
    return "unknown";
}

} // namespace hrc::receipt
