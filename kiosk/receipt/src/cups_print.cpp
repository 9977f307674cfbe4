// cups_print.cpp — print_pdf(): one PDF to one CUPS queue with libcups, then the job purged (see
// hrc_receipt/cups_print.h).

#include "hrc_receipt/cups_print.h"

#include <algorithm>
#include <charconv>
#include <memory>
#include <optional>
#include <thread>

#include <cups/cups.h>

namespace hrc::receipt {

namespace {

using Clock = std::chrono::steady_clock;

struct HttpClose {
    void operator()(http_t* http) const { httpClose(http); }
};
using Http = std::unique_ptr<http_t, HttpClose>;

struct IppDelete {
    void operator()(ipp_t* ipp) const { ippDelete(ipp); }
};
using Ipp = std::unique_ptr<ipp_t, IppDelete>;

std::string last_error() {
    const char* s = cupsLastErrorString();
    return s && *s ? s : "no message";
}

long long ms_left(Clock::time_point deadline) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
}

// A scheduler that accepts the connection and then says nothing must not block the kiosk's print
// thread for ever: libcups gives up a read or write after the connection's timeout.
int give_up(http_t*, void*) {
    return 0;
}

// target.server: "" = libcups's default, "/path" = a domain socket, "host" or "host:port".
Http connect_to(const std::string& server, int msec) {
    std::string host = server.empty() ? std::string(cupsServer()) : server;
    int port = ippPort();
    if (!host.empty() && host.front() != '/') {
        const auto colon = host.rfind(':');
        // "host:port", but not a bare IPv6 address ("::1"): a port is all digits after the colon.
        if (colon != std::string::npos && colon + 1 < host.size() &&
            host.find_first_not_of("0123456789", colon + 1) == std::string::npos &&
            host.find(':') == colon) {
            int parsed = 0;
            const char* digits = host.data() + colon + 1;
            const auto [end, ec] = std::from_chars(digits, host.data() + host.size(), parsed);
            if (ec != std::errc() || end != host.data() + host.size() || parsed <= 0 ||
                parsed > 65535)
                return nullptr;
            port = parsed;
            host.resize(colon);
        }
    }
    return Http(httpConnect2(host.c_str(), port, nullptr, AF_UNSPEC, cupsEncryption(), 1,
                             std::max(msec, 1), nullptr));
}

// "ipp://localhost/printers/<queue>", or "" for a queue name no URI can hold.
std::string printer_uri(const std::string& queue) {
    char uri[HTTP_MAX_URI];
    if (httpAssembleURIf(HTTP_URI_CODING_ALL, uri, sizeof uri, "ipp", nullptr, "localhost",
                         ippPort(), "/printers/%s", queue.c_str()) < HTTP_URI_STATUS_OK)
        return {};
    return uri;
}

bool has_reason(ipp_attribute_t* reasons, std::string_view prefix) {
    for (int i = 0; reasons && i < ippGetCount(reasons); ++i) {
        const char* r = ippGetString(reasons, i, nullptr);
        // "media-empty", "media-empty-error", "media-needed-warning": the keyword, then a suffix.
        if (r && std::string_view(r).substr(0, prefix.size()) == prefix) return true;
    }
    return false;
}

struct QueueState {
    bool reachable = false; // the scheduler answered about this queue
    std::optional<PrintOutcome> problem;
    std::string detail;
};

// Get-Printer-Attributes: is the queue there, started, accepting jobs, with paper?
QueueState check_queue(http_t* http, const std::string& queue) {
    QueueState state;
    if (printer_uri(queue).empty()) {
        state.problem = PrintOutcome::printer_unavailable;
        state.detail = "the queue name cannot be used in a printer URI";
        return state;
    }
    ipp_t* request = ippNewRequest(IPP_OP_GET_PRINTER_ATTRIBUTES);
    ippAddString(request, IPP_TAG_OPERATION, IPP_TAG_URI, "printer-uri", nullptr,
                 printer_uri(queue).c_str());
    ippAddString(request, IPP_TAG_OPERATION, IPP_TAG_NAME, "requesting-user-name", nullptr,
                 cupsUser());
    static const char* const wanted[] = {"printer-state", "printer-is-accepting-jobs",
                                         "printer-state-reasons"};
    ippAddStrings(request, IPP_TAG_OPERATION, IPP_TAG_KEYWORD, "requested-attributes",
                  static_cast<int>(std::size(wanted)), nullptr, wanted);
    const Ipp response(cupsDoRequest(http, request, "/"));
    if (!response || cupsLastError() > IPP_STATUS_OK_EVENTS_COMPLETE) {
        state.reachable = cupsLastError() == IPP_STATUS_ERROR_NOT_FOUND;
        state.problem = PrintOutcome::printer_unavailable;
        state.detail = "queue " + queue + ": " + last_error();
        return state;
    }
    state.reachable = true;
    ipp_attribute_t* s = ippFindAttribute(response.get(), "printer-state", IPP_TAG_ENUM);
    ipp_attribute_t* accepting =
        ippFindAttribute(response.get(), "printer-is-accepting-jobs", IPP_TAG_BOOLEAN);
    ipp_attribute_t* reasons =
        ippFindAttribute(response.get(), "printer-state-reasons", IPP_TAG_KEYWORD);
    if (has_reason(reasons, "media-empty") || has_reason(reasons, "media-needed")) {
        state.problem = PrintOutcome::out_of_paper;
        state.detail = "queue " + queue + ": out of paper (printer-state-reasons)";
    } else if (s && ippGetInteger(s, 0) == IPP_PSTATE_STOPPED) {
        state.problem = PrintOutcome::printer_unavailable;
        state.detail = "queue " + queue + ": stopped";
    } else if (accepting && !ippGetBoolean(accepting, 0)) {
        state.problem = PrintOutcome::printer_unavailable;
        state.detail = "queue " + queue + ": not accepting jobs";
    }
    return state;
}

// Get-Job-Attributes: the job's state, or 0 when the scheduler did not answer.
int job_state(http_t* http, const std::string& queue, int job_id) {
    ipp_t* request = ippNewRequest(IPP_OP_GET_JOB_ATTRIBUTES);
    ippAddString(request, IPP_TAG_OPERATION, IPP_TAG_URI, "printer-uri", nullptr,
                 printer_uri(queue).c_str());
    ippAddInteger(request, IPP_TAG_OPERATION, IPP_TAG_INTEGER, "job-id", job_id);
    ippAddString(request, IPP_TAG_OPERATION, IPP_TAG_NAME, "requesting-user-name", nullptr,
                 cupsUser());
    ippAddString(request, IPP_TAG_OPERATION, IPP_TAG_KEYWORD, "requested-attributes", nullptr,
                 "job-state");
    const Ipp response(cupsDoRequest(http, request, "/"));
    if (!response || cupsLastError() > IPP_STATUS_OK_EVENTS_COMPLETE) return 0;
    ipp_attribute_t* s = ippFindAttribute(response.get(), "job-state", IPP_TAG_ENUM);
    return s ? ippGetInteger(s, 0) : 0;
}

// Sends the document of job `job_id`. Empty on success, else what failed.
std::string send_document(http_t* http, const std::string& queue, int job_id,
                          std::string_view pdf) {
    if (cupsStartDocument(http, queue.c_str(), job_id, "Receipt", CUPS_FORMAT_PDF, 1) !=
        HTTP_STATUS_CONTINUE)
        return "cupsStartDocument: " + last_error();
    constexpr std::size_t kChunk = 16384;
    for (std::size_t at = 0; at < pdf.size(); at += kChunk) {
        const std::size_t n = std::min(kChunk, pdf.size() - at);
        if (cupsWriteRequestData(http, pdf.data() + at, n) != HTTP_STATUS_CONTINUE) {
            cupsFinishDocument(http, queue.c_str()); // ends the request; the error is the write's
            return "cupsWriteRequestData: " + last_error();
        }
    }
    if (cupsFinishDocument(http, queue.c_str()) > IPP_STATUS_OK_EVENTS_COMPLETE)
        return "cupsFinishDocument: " + last_error();
    return {};
}

} // namespace

PrintResult print_pdf(const PrinterTarget& target, std::string_view pdf,
                      std::string_view job_title) {
    PrintResult result;
    const auto deadline = Clock::now() + target.timeout;
    const std::string& queue = target.queue;
    if (queue.empty()) {
        result.outcome = PrintOutcome::printer_unavailable;
        result.detail = "no printer queue is configured";
        return result;
    }
    const Http http =
        connect_to(target.server, static_cast<int>(std::min(ms_left(deadline), 10'000LL)));
    if (!http) {
        result.outcome = PrintOutcome::printer_unavailable;
        result.detail = "queue " + queue + ": cannot connect to the CUPS scheduler (" +
                        (target.server.empty() ? std::string(cupsServer()) : target.server) +
                        "): " + last_error();
        return result;
    }
    httpSetTimeout(http.get(), 10.0, give_up, nullptr);

    QueueState queue_state = check_queue(http.get(), queue);
    if (queue_state.problem) {
        result.outcome = *queue_state.problem;
        result.detail = queue_state.detail;
        return result;
    }

    const std::string title(job_title);
    result.job_id = cupsCreateJob(http.get(), queue.c_str(), title.c_str(), 0, nullptr);
    if (result.job_id <= 0) {
        const ipp_status_t status = cupsLastError();
        result.job_id = 0;
        result.outcome = status == IPP_STATUS_ERROR_NOT_ACCEPTING_JOBS ||
                                 status == IPP_STATUS_ERROR_NOT_FOUND ||
                                 status == IPP_STATUS_ERROR_SERVICE_UNAVAILABLE
                             ? PrintOutcome::printer_unavailable
                             : PrintOutcome::job_failed;
        result.detail = "queue " + queue + ": cupsCreateJob: " + last_error();
        return result;
    }
    const std::string job = "queue " + queue + " job " + std::to_string(result.job_id);

    if (std::string failed = send_document(http.get(), queue, result.job_id, pdf);
        !failed.empty()) {
        result.outcome = PrintOutcome::job_failed;
        result.detail = job + ": " + failed;
    } else {
        // Wait for the job to end. A printer that stops, runs out of paper or stops accepting
        // while the job waits ends the wait too: the person is standing at the kiosk.
        int unanswered = 0;
        for (bool done = false; !done;) {
            const int state = job_state(http.get(), queue, result.job_id);
            if (state == IPP_JSTATE_COMPLETED) {
                result.outcome = PrintOutcome::printed;
                result.detail = job + ": completed";
                break;
            }
            if (state == IPP_JSTATE_ABORTED || state == IPP_JSTATE_CANCELED ||
                state == IPP_JSTATE_STOPPED) {
                result.outcome = PrintOutcome::job_failed;
                result.detail = job + (state == IPP_JSTATE_ABORTED    ? ": aborted"
                                       : state == IPP_JSTATE_CANCELED ? ": canceled"
                                                                      : ": stopped");
                break;
            }
            if (state == 0) {
                // Three silent polls in a row: the scheduler has gone.
                if (++unanswered >= 3) {
                    result.outcome = PrintOutcome::printer_unavailable;
                    result.detail = job + ": the scheduler stopped answering: " + last_error();
                    break;
                }
            } else {
                unanswered = 0;
                queue_state = check_queue(http.get(), queue);
                if (queue_state.problem) {
                    result.outcome = *queue_state.problem;
                    result.detail = job + ": " + queue_state.detail;
                    break;
                }
            }
            if (ms_left(deadline) <= 0) {
                result.outcome = PrintOutcome::timed_out;
                result.detail =
                    job + ": not printed within " + std::to_string(target.timeout.count()) + " ms";
                break;
            }
            std::this_thread::sleep_for(
                std::chrono::milliseconds(std::clamp(ms_left(deadline), 1LL, 200LL)));
        }
    }

    // Cancel (if still pending) and purge in one request: cupsd's cancel_job() accepts
    // purge-job=true from the job's owner in any state, completed too, and then removes the
    // document (d files) and the job's history (c file) at once, whatever PreserveJobFiles and
    // PreserveJobHistory say.
    if (cupsCancelJob2(http.get(), queue.c_str(), result.job_id, 1) > IPP_STATUS_OK_EVENTS_COMPLETE)
        result.detail += "; purging the job failed: " + last_error();
    return result;
}

} // namespace hrc::receipt
