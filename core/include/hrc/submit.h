// hrc/submit.h — Send: validate → seal → store, in that order, or nothing at all.
//
// The kiosk's "Send report" and `hrc-admin submit` both come here. A report is either fully stored
// (sealed, in one transaction) or still in the caller's hands with a reason; never half-written.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "hrc/clock.h"
#include "hrc/report.h"
#include "hrc/seal.h"
#include "hrc/store.h"
#include "hrc/validation.h"

namespace hrc {

struct SubmitOutcome {
    std::string report_id;
    std::string reference;              // set when stored
    std::vector<FieldProblem> problems; // set when validation failed: nothing was stored
    bool stored() const { return problems.empty() && !reference.empty(); }
};

// 1. Fills the identity the device owns: kiosk_id and centre_id from the store; report_id,
//    reference and created_at when empty (kept when given, so a re-imported file is recognised).
// 2. Validates (`today` = local date at the kiosk). Problems: returned, nothing stored.
// 3. Serialises, seals for `central`, signs with `kiosk`, zeroes every plaintext buffer.
// 4. Inserts the sealed report and an audit entry in one transaction.
// Throws hrc::Error from the store (disk full, busy, wrong key, already stored…) or sealing; then
// nothing was stored and `report` is unchanged apart from step 1, so the caller still has it.
SubmitOutcome submit_report(Store& store, Report& report, const KioskKeys& kiosk,
                            const CentralIdentity& central, CivilDate today, std::int64_t now);

// Zeroes every text of the report in place (sodium_memzero over each string's whole capacity) and
// resets it to an empty report. Used on Send, quick exit and idle timeout.
void wipe(Report& report);

} // namespace hrc
