// cupsd_server.h — a real CUPS scheduler (cupsd from cups-daemon) of a test's own, for the receipt
// tests (tests/receipt) and the kiosk's end-to-end printing tests.
//
// Everything lives under the folder it is given: configuration (ServerRoot), spool (RequestRoot),
// cache, state, temp files and logs. It listens only on a domain socket in that folder (no TCP, no
// Browsing, no web interface), so it never meets the machine's own cupsd or /etc/cups, and any
// number of tests can run one at the same time. It keeps job files and job history (the CUPS
// defaults a careless deployment would have), so a test proves that the kiosk's own purge is what
// removes them.
//
// Its first queue writes each job's document, unchanged, to output_file(): a file: device (cupsd
// opens it itself, FileDevice Yes) behind a small PPD whose only filter copies the PDF as it is
// (dir/bin/passthrough). Not a raw queue: for a raw queue with a file: device cupsd 2.4 starts
// neither a filter nor a backend, and the job "completes" without a byte written.
//
// Every wait is bounded: the constructor gives cupsd at most 20 s to answer on its socket and
// throws std::runtime_error (with the end of cupsd's error log) if it does not. A missing cupsd or
// lpadmin throws naming the Debian packages: apt-get install cups-daemon cups-client.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace hrc_test {

class Process;

class CupsdServer {
public:
    // Starts cupsd -f under `dir` (created if missing) and adds the queue `queue` (enabled,
    // accepting jobs) writing to output_file().
    explicit CupsdServer(std::filesystem::path dir, std::string queue = "hrc-slip");
    // Stops cupsd (SIGTERM, then SIGKILL after 5 s). The folder stays: the test's TempDir owns it.
    ~CupsdServer();
    CupsdServer(const CupsdServer&) = delete;
    CupsdServer& operator=(const CupsdServer&) = delete;

    // The domain socket: PrinterTarget::server, or lpadmin -h.
    std::string socket() const;
    // The first queue's name.
    std::string queue() const;
    // Where the first queue's file: device writes: dir/out/slip.pdf. It exists (empty) from the
    // start, since cupsd opens a file: device without creating it.
    std::filesystem::path output_file() const;
    // Empties output_file() (a shorter document written over a longer one would leave its tail).
    void clear_output() const;
    // The scheduler's RequestRoot (the spool: c<job> attribute files, d<job>-<n> documents).
    std::filesystem::path spool_dir() const;
    // Every job file in the spool (c* and d* files of RequestRoot): empty once every job is purged.
    std::vector<std::filesystem::path> spool_files() const;
    // The PPD every queue of add_queue() gets (the pass-through filter).
    std::filesystem::path ppd() const;
    // cupsd's error log (LogLevel debug), for a failing test's message.
    std::filesystem::path error_log() const;

    // Adds or changes another queue with lpadmin -E (enabled, accepting jobs) and ppd():
    // `device_uri` as given, `options` appended to lpadmin's arguments (e.g. {"-o", "printer-error-policy=abort-job"}).
    void add_queue(const std::string& name, const std::string& device_uri,
                   const std::vector<std::string>& options = {}) const;
    // cupsdisable / cupsenable of the first queue: the printer goes offline (printer-state
    // stopped) and comes back.
    void stop_queue() const;
    void start_queue() const;

    // Sets the first queue's printer-state-reasons as a printer would report them (lpadmin -o
    // printer-state-reasons=…): "media-empty-error" (out of paper), "none" to clear.
    void set_state_reasons(const std::string& reasons) const;

    // Whether cupsd is still running.
    bool running() const;
    // SIGTERM to cupsd, waiting (at most 10 s, then SIGKILL) for it to exit. The socket is gone
    // afterwards: a print then finds no scheduler.
    void kill();

private:
    void run_client(const std::vector<std::string>& argv) const;

    std::filesystem::path dir_;
    std::string queue_;
    std::unique_ptr<Process> cupsd_;
};

} // namespace hrc_test
