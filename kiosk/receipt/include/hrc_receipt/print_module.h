// hrc_receipt/print_module.h — the receipt printer as a module hrc-kiosk loads when it first prints
// (issue 15 item 7: start and memory near the floor).
//
// Laying out a slip (pango, cairo, libqrencode) and sending it to CUPS (libcups, which brings
// GnuTLS, Kerberos and Avahi) needs about 40 shared libraries that the kiosk does not otherwise
// use. Linked into hrc-kiosk they were all loaded, relocated and initialised at every start and
// counted in its memory (~6 MiB, bench/README.md), on kiosks that may never print. So they live in
// hrc-receipt-print.so, built from the same tree, which the slip printer's thread dlopen()s on the
// first print (kiosk/app/slip_printer.cpp). Nothing else in the kiosk links them.
//
// Where it is: <directory of the running hrc-kiosk>/../lib/hrc/hrc-receipt-print.so, which is
// /usr/lib/hrc/ for the installed /usr/bin/hrc-kiosk and build/lib/hrc/ for build/kiosk/hrc-kiosk.
// No environment variable can point it elsewhere: the kiosk loads code only from where it was
// installed.
//
// The module and the kiosk come from one build (one compiler, one libstdc++), so the entry point
// takes C++ types; its name carries a version to change whenever they do.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "hrc_receipt/cups_print.h"
#include "hrc_receipt/slip.h"

namespace hrc::receipt {

// What one print came to. `rendered` false: the slip could not be laid out (`render_error` names
// the library that failed, never the slip's text) and nothing was sent.
struct ModulePrintResult {
    bool rendered = false;
    std::string render_error;
    PrintResult print;
};

// The module's one entry point: lays `slip` out as a PDF on `paper`, sends it to `target` as a job
// titled `job_title`, waits for it (print_pdf), and zeroes the PDF before returning. Never throws.
using RenderAndPrintFunction = void (*)(const Slip& slip, Paper paper, const PrinterTarget& target,
                                        std::string_view job_title, ModulePrintResult& result);
inline constexpr const char* kRenderAndPrintSymbol = "hrc_receipt_render_and_print_v1";

// The module's file name and where the kiosk running as `executable` finds it (see above).
inline constexpr const char* kPrintModuleFile = "hrc-receipt-print.so";
std::filesystem::path print_module_path(const std::filesystem::path& executable);

// The module, loaded once. Thread-compatible: the kiosk uses it from the slip printer's thread.
class PrintModule {
public:
    explicit PrintModule(std::filesystem::path path) : path_(std::move(path)) {}
    ~PrintModule(); // unloads it
    PrintModule(const PrintModule&) = delete;
    PrintModule& operator=(const PrintModule&) = delete;

    // Loads the module on the first call. Returns the entry point, or nullptr with `problem` set
    // to what is wrong and what to do (the file missing or not loadable: reinstall hrc-kiosk).
    // A failure is remembered: later calls return nullptr at once with the same problem.
    RenderAndPrintFunction get(std::string& problem);

    const std::filesystem::path& path() const { return path_; }

private:
    std::filesystem::path path_;
    void* handle_ = nullptr;
    RenderAndPrintFunction function_ = nullptr;
    std::string problem_;
    bool tried_ = false;
};

} // namespace hrc::receipt
