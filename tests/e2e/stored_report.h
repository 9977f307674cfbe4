// stored_report.h — opens the one report a test kiosk stored, as central would: claim it from the
// kiosk's store, check the kiosk's signature, unwrap with central's private key, decrypt, decode.
// For the Catch2 end-to-end tests (it REQUIREs as it goes).
#pragma once

#include <catch2/catch.hpp>
#include <sodium.h>

#include "hrc/clock.h"
#include "hrc/config.h"
#include "hrc/kiosk_store.h"
#include "hrc/report.h"
#include "hrc/seal.h"

#include "e2e_setup.h"

namespace hrc_e2e {

inline hrc::Report open_the_stored_report(const KioskSetup& setup, const std::string& reference) {
    const hrc::Config config = hrc::load_config(setup.config);
    hrc::Store store = hrc::open_kiosk_store(config);
    const std::vector<hrc::OutboxItem> batch =
        store.claim_batch(hrc::unix_now() + 1, 100, std::int64_t{1} << 40);
    REQUIRE(batch.size() == 1);
    CHECK(batch.front().reference == reference);
    const hrc::CentralSecrets central =
        hrc::read_central_secrets(setup.central_dir / "central.key");
    hrc::OpenedReport opened =
        hrc::open_sealed(batch.front().sealed, store.kiosk().public_key, central);
    const hrc::DecodeResult decoded = hrc::decode_report_text(opened.plaintext);
    sodium_memzero(opened.plaintext.data(), opened.plaintext.size());
    REQUIRE(decoded.problems.empty());
    REQUIRE(decoded.report.has_value());
    return *decoded.report;
}

} // namespace hrc_e2e
