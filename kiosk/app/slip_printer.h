// kiosk/app/slip_printer.h — prints receipt slips on a thread of its own (issue 17), so a slow or
// broken printer never holds up a frame.
//
// The shell hands it a Slip (already in the person's language, kiosk/model content.h
// receipt_slip()) tagged with the session it belongs to; the worker lays it out as a PDF
// (hrc_receipt render_slip_pdf), sends it to CUPS and waits for the job to end (print_pdf, bounded
// by [printer] timeout_seconds), then wakes the frame loop. Both run in the print module
// (hrc_receipt/print_module.h), which the worker loads before its first job: a module that cannot
// be loaded fails that job (and every later one) with a log line that says to reinstall. The
// shell collects the result with take_finished() and drops it when the session has since been
// wiped.
//
//   idle ──submit──► queued ──worker──► rendering ─► printing ─► finished (take_finished)
//
// Invariants:
//   S1. One job at a time, in the order submitted.
//   S2. The PDF and the slip's strings are zeroed as soon as the job ends, whatever happened.
//   S3. The log gets the outcome, the queue and the job id, never the slip's text.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>

#include "flow.h"
#include "hrc_receipt/cups_print.h"
#include "hrc_receipt/print_module.h"
#include "hrc_receipt/slip.h"

namespace hrc::kiosk {

class SlipPrinter {
public:
    struct Finished {
        std::uint64_t session;
        PrintEnd end;
    };

    // `wake` is called on the worker thread when a job ends (glfwPostEmptyEvent); `log` gets one
    // content-free line per job.
    // `module` is the print module's file (receipt::print_module_path()).
    SlipPrinter(receipt::PrinterTarget target, receipt::Paper paper, std::filesystem::path module,
                std::function<void()> wake, std::function<void(const std::string&)> log);
    // Waits for the job in hand (at most its timeout) and drops the ones not started.
    ~SlipPrinter();
    SlipPrinter(const SlipPrinter&) = delete;
    SlipPrinter& operator=(const SlipPrinter&) = delete;

    void submit(receipt::Slip slip, std::uint64_t session);
    std::optional<Finished> take_finished();

private:
    struct Job {
        receipt::Slip slip;
        std::uint64_t session;
    };
    void work();
    PrintEnd print(Job& job);

    const receipt::PrinterTarget target_;
    const receipt::Paper paper_;
    receipt::PrintModule module_; // the worker's only
    const std::function<void()> wake_;
    const std::function<void(const std::string&)> log_;
    std::mutex mutex_;
    std::condition_variable more_;
    std::deque<Job> jobs_;
    std::deque<Finished> finished_;
    bool stopping_ = false;
    std::thread worker_; // last: started when everything above exists
};

// Zeroes every string of a slip (S2).
void wipe_slip(receipt::Slip& slip);

} // namespace hrc::kiosk
