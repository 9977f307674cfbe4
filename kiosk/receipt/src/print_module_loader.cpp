// print_module_loader.cpp — finding and loading hrc-receipt-print.so (hrc_receipt/print_module.h).
// Part of the kiosk's side (hrc_receipt_slip): links none of the printing libraries.

#include <dlfcn.h>

#include "hrc_receipt/print_module.h"

namespace hrc::receipt {

std::filesystem::path print_module_path(const std::filesystem::path& executable) {
    return executable.parent_path().parent_path() / "lib" / "hrc" / kPrintModuleFile;
}

PrintModule::~PrintModule() {
    if (handle_ != nullptr) dlclose(handle_);
}

RenderAndPrintFunction PrintModule::get(std::string& problem) {
    if (!tried_) {
        tried_ = true;
        // RTLD_NOW: a missing library is found here, not in the middle of a print. RTLD_LOCAL: its
        // symbols (and the copy of hrc_core inside it) stay its own.
        handle_ = dlopen(path_.c_str(), RTLD_NOW | RTLD_LOCAL);
        if (handle_ == nullptr) {
            const char* why = dlerror();
            problem_ = "the receipt printing module cannot be loaded (" +
                       std::string(why != nullptr ? why : path_.string()) +
                       "): reinstall hrc-kiosk, which installs it";
        } else {
            function_ =
                reinterpret_cast<RenderAndPrintFunction>(dlsym(handle_, kRenderAndPrintSymbol));
            if (function_ == nullptr) {
                problem_ = "the receipt printing module " + path_.string() + " has no " +
                           kRenderAndPrintSymbol +
                           " (it comes from another version of hrc-kiosk): reinstall hrc-kiosk";
                dlclose(handle_);
                handle_ = nullptr;
            }
        }
    }
    problem = problem_;
    return function_;
}

} // namespace hrc::receipt
