// hrc-test-central-keys — creates a central key pair for tests and the local demo, until
// `hrc-central init` (the sync issue) replaces it.
//
// Usage: hrc-test-central-keys DIR [URL]
// Writes DIR/central.key (0600: sealing + acknowledgement secret keys) and DIR/central.pub (what a
// kiosk needs: `hrc-admin init --central DIR/central.pub`). Refuses to overwrite either file.
// Exit codes as hrc-admin (docs/exit-codes.md).

#include <filesystem>
#include <iostream>

#include "hrc/error.h"
#include "hrc/process.h"
#include "hrc/seal.h"

int main(int argc, char** argv) {
    if (argc < 2 || argc > 3 || std::string(argv[1]) == "--help") {
        std::cerr
            << "usage: hrc-test-central-keys DIR [URL]\n"
               "  creates DIR/central.key and DIR/central.pub (a test/demo central identity)\n"
               "example: hrc-test-central-keys /tmp/central https://127.0.0.1:8443\n";
        return argc == 2 ? 0 : 2;
    }
    if (!hrc::harden_process()) return static_cast<int>(hrc::Code::crypto);
    try {
        const std::filesystem::path dir = argv[1];
        std::filesystem::create_directories(dir);
        const hrc::CentralSecrets secrets = hrc::generate_central_secrets();
        hrc::CentralIdentity identity = hrc::central_identity_of(secrets);
        if (argc == 3) identity.url = argv[2];
        hrc::write_central_secrets(dir / "central.key", secrets);
        hrc::write_central_identity(dir / "central.pub", identity);
        std::cout << (dir / "central.pub").string() << "\n";
        return 0;
    } catch (const hrc::Error& e) {
        std::cerr << "hrc-test-central-keys: " << e.what() << "\n";
        return e.exit_code();
    }
}
