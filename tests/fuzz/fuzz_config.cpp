// fuzz_config — hrc.toml as an operator (or a damaged disk) may leave it: parse_config() either
// returns a configuration or throws hrc::ConfigError with a message; a parsed one renders and
// parses back to the same.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "hrc/config.h"
#include "hrc/error.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    try {
        const hrc::Config c = hrc::parse_config(text, "fuzz.toml", "/tmp");
        const std::string rendered = hrc::render_config(c);
        const hrc::Config again = hrc::parse_config(rendered, "rendered.toml", "/tmp");
        if (hrc::render_config(again) != rendered) std::abort(); // render/parse must round-trip
    } catch (const hrc::Error&) {
    }
    return 0;
}
