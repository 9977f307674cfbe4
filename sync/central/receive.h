// receive.h — what central does with one authenticated batch (docs/protocol.md, POST /v1/batches),
// independent of HTTP so it can be tested and reasoned about alone.
//
// Errors: per-item problems are results (`rejected` / `conflict` with a reason), never exceptions.
// A database failure throws hrc::Error; the batch's transaction is then rolled back, nothing of it
// is stored, and the caller answers 5xx so the kiosk retries.
#pragma once

#include <cstdint>

#include "central_store.h"
#include "protocol.h"

namespace hrc::central {

struct BatchCounts {
    int accepted = 0, duplicate = 0, conflict = 0, rejected = 0;
};

// Checks every item in the documented order — header parses and names this report → sealed at the
// authenticated kiosk → kiosk signature verifies → sealed for this central's key → already stored?
// (same digest = duplicate, else conflict) → opens → accepted — and stores the accepted ones, all
// in ONE transaction committed before this returns. The response is signed with the ack key.
// Plaintext exists only while an item is opened and is wiped at once.
protocol::BatchResponse receive_batch(CentralStore& store, const CentralSecrets& central, const KioskRecord& kiosk,
                                      const protocol::BatchRequest& batch, std::int64_t now, BatchCounts& counts);

} // namespace hrc::central
