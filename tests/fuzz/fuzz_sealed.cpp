// fuzz_sealed — headers read before any key is used: a sealed report's header (central routes and
// deduplicates on it) and a sealed export's header (the recipient picks a key with it). Both must
// refuse anything malformed with hrc::Error and never read out of bounds.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "hrc/error.h"
#include "hrc/seal.h"
#include "hrc/sealed_export.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const hrc::Bytes bytes(data, data + size);
    try {
        (void)hrc::read_sealed_header(bytes);
    } catch (const hrc::Error&) {
    }
    try {
        (void)hrc::read_export_header(std::string_view(reinterpret_cast<const char*>(data), size));
    } catch (const hrc::Error&) {
    }
    return 0;
}
