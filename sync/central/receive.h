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
// in ONE transaction committed before this returns. The signature of each item is verified once,
// and the cryptography of a batch's items runs on check_threads() threads; the database is used
// from one thread at a time. The response is signed with the ack key and
// written out as `response_text` BEFORE the commit, so nothing can fail between storing the
// reports and answering (a failure before the commit rolls back: nothing stored). Reasons are
// valid UTF-8 without control characters, at most kMaxReasonBytes. Plaintext exists only while an
// item is opened and is wiped at once.
inline constexpr std::size_t kMaxReasonBytes = 400;
protocol::BatchResponse receive_batch(CentralStore& store, const CentralSecrets& central,
                                      const KioskRecord& kiosk, const protocol::BatchRequest& batch,
                                      std::int64_t now, BatchCounts& counts,
                                      std::string& response_text);

// How many threads verify and open a batch's items: one per core, at most kMaxCheckThreads.
inline constexpr unsigned kMaxCheckThreads = 8;
unsigned check_threads();

// `text` as valid UTF-8 (bad bytes become U+FFFD), control characters as spaces, cut on a character
// boundary to at most `max` bytes (ending "…" when cut): hrc::utf8::printable (hrc/utf8.h). Never
// throws except std::bad_alloc.
std::string bounded_reason(std::string_view text, std::size_t max = kMaxReasonBytes);

} // namespace hrc::central
