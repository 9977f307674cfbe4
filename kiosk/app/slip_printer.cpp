// kiosk/app/slip_printer.cpp — see slip_printer.h.
#include "slip_printer.h"

#include <exception>
#include <string>
#include <utility>

#include <sodium.h>

namespace hrc::kiosk {

namespace {

void wipe_string(std::string& s) {
    if (!s.empty()) sodium_memzero(s.data(), s.size());
    s.clear();
}

PrintEnd end_of(receipt::PrintOutcome outcome) {
    switch (outcome) {
    case receipt::PrintOutcome::printed:
        return PrintEnd::printed;
    case receipt::PrintOutcome::printer_unavailable:
        return PrintEnd::printer_unavailable;
    case receipt::PrintOutcome::out_of_paper:
        return PrintEnd::out_of_paper;
    case receipt::PrintOutcome::job_failed:
    case receipt::PrintOutcome::timed_out:
        return PrintEnd::failed;
    }
    return PrintEnd::failed;
}

} // namespace

void wipe_slip(receipt::Slip& slip) {
    for (std::string* s :
         {&slip.language, &slip.heading, &slip.reference_label, &slip.reference, &slip.date,
          &slip.next_steps_heading, &slip.support_heading, &slip.centre_text})
        wipe_string(*s);
    for (std::string& s : slip.next_steps)
        wipe_string(s);
    for (receipt::SupportContact& c : slip.support) {
        wipe_string(c.label);
        wipe_string(c.contact);
    }
    slip.next_steps.clear();
    slip.support.clear();
}

SlipPrinter::SlipPrinter(receipt::PrinterTarget target, receipt::Paper paper,
                         std::filesystem::path module, std::function<void()> wake,
                         std::function<void(const std::string&)> log)
    : target_(std::move(target)), paper_(paper), module_(std::move(module)), wake_(std::move(wake)),
      log_(std::move(log)), worker_([this] { work(); }) {}

SlipPrinter::~SlipPrinter() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
        for (Job& job : jobs_)
            wipe_slip(job.slip);
        jobs_.clear();
    }
    more_.notify_all();
    worker_.join();
}

void SlipPrinter::submit(receipt::Slip slip, std::uint64_t session) {
    {
        std::lock_guard lock(mutex_);
        jobs_.push_back({std::move(slip), session});
    }
    more_.notify_one();
}

std::optional<SlipPrinter::Finished> SlipPrinter::take_finished() {
    std::lock_guard lock(mutex_);
    if (finished_.empty()) return std::nullopt;
    const Finished f = finished_.front();
    finished_.pop_front();
    return f;
}

void SlipPrinter::work() {
    while (true) {
        Job job;
        {
            std::unique_lock lock(mutex_);
            more_.wait(lock, [this] { return stopping_ || !jobs_.empty(); });
            if (stopping_) return;
            job = std::move(jobs_.front());
            jobs_.pop_front();
        }
        const PrintEnd end = print(job);
        wipe_slip(job.slip); // S2
        {
            std::lock_guard lock(mutex_);
            finished_.push_back({job.session, end});
        }
        wake_();
    }
}

PrintEnd SlipPrinter::print(Job& job) {
    std::string problem;
    const receipt::RenderAndPrintFunction render_and_print = module_.get(problem);
    if (render_and_print == nullptr) {
        log_("receipt: not printed: " + problem);
        return PrintEnd::failed;
    }
    receipt::ModulePrintResult result;
    // "Receipt": the job's name shows in the printer's queue, so it says nothing of a report.
    render_and_print(job.slip, paper_, target_, "Receipt", result);
    if (!result.rendered) {
        // The renderer's messages name the library that failed, never the slip's text.
        log_("receipt: not printed: " + result.render_error);
        return PrintEnd::failed;
    }
    log_("receipt: " + std::string(receipt::outcome_name(result.print.outcome)) + " (" +
         result.print.detail + ")");
    return end_of(result.print.outcome);
}

} // namespace hrc::kiosk
