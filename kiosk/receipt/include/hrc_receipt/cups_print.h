// hrc_receipt/cups_print.h — sending a PDF to a CUPS queue and waiting for it to print (issue 17
// item 3), with libcups (Debian's libcups2).
//
// print_pdf() blocks (it connects, checks the queue, sends the document from memory, then polls
// the job until it ends or the timeout passes), so the kiosk runs it on its own thread and never
// in a frame. Whatever happens, the job is then cancelled if still pending and purged from the
// scheduler (IPP Cancel-Job with purge-job), so neither the spooled document nor the job's history
// stays on disk once the slip is out (docs/receipt.md lists the cupsd.conf settings that back
// this up).
//
// Errors: never throws for printer trouble; it reports it in PrintResult (the kiosk shows a plain
// message and keeps the reference on screen). `detail` is for the log: the queue, the job id and
// CUPS's words, never the slip's text.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

namespace hrc::receipt {

struct PrinterTarget {
    std::string queue;  // the CUPS queue, hrc.toml [printer] name
    std::string server; // "" = libcups's default (CUPS_SERVER, client.conf, local socket);
                        // "/run/x/cups.sock" (a domain socket) or "host:port"
    std::chrono::milliseconds timeout{std::chrono::seconds(60)}; // until printed, or give up
};

enum class PrintOutcome {
    printed,             // the job completed: the slip is out
    printer_unavailable, // no scheduler, no such queue, queue stopped or not accepting jobs
    out_of_paper,        // the printer says media-empty / media-needed
    job_failed,          // the job was aborted, cancelled or stopped by CUPS
    timed_out,           // not printed within the timeout (the job was cancelled)
};

struct PrintResult {
    PrintOutcome outcome = PrintOutcome::job_failed;
    int job_id = 0;     // 0 when no job was created
    std::string detail; // for the log: never the slip's content
};

// A short English name of the outcome for logs: "printed", "printer unavailable", …
std::string_view outcome_name(PrintOutcome outcome);

// Sends `pdf` as one job titled `job_title` (keep it neutral: it shows in the printer's queue) and
// waits. See the header comment for what it guarantees.
PrintResult print_pdf(const PrinterTarget& target, std::string_view pdf,
                      std::string_view job_title);

} // namespace hrc::receipt
