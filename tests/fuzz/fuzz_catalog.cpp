// fuzz_catalog — the compiled gettext catalog (.mo) the kiosk loads per language through
// Boost.Locale: a damaged or hostile hrc.mo must not crash the kiosk; at worst that language falls
// back to English (Catalogs::problems()).
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>

#include <unistd.h>

#include "catalogs.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const std::filesystem::path dir = [] {
        const auto d = std::filesystem::temp_directory_path() /
                       ("hrc-fuzz-catalog-" + std::to_string(::getpid()));
        std::filesystem::create_directories(d / "pl" / "LC_MESSAGES");
        return d;
    }();
    {
        std::ofstream out(dir / "pl" / "LC_MESSAGES" / "hrc.mo",
                          std::ios::binary | std::ios::trunc);
        out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
    }
    try {
        const hrc::kiosk::Catalogs catalogs(dir, {"pl"});
        const hrc::kiosk::Translator& t = catalogs.for_language("pl");
        (void)t.text("Continue");
        (void)t.text("Leave this page quickly");
        (void)t.context("keyboard", "space");
    } catch (const std::bad_alloc&) {
    }
    return 0;
}
