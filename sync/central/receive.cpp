// receive.cpp — see receive.h.

#include "receive.h"

#include "hrc/report.h"
#include "hrc/submit.h"

#include <algorithm>
#include <cctype>
#include <sodium.h>

#include "hrc/error.h"
#include "hrc/sqlite_util.h"
#include "hrc/store.h"

namespace hrc::central {

namespace {

using protocol::ItemResult;
using protocol::ItemStatus;

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

// Opens the report to prove it authenticates under this central's key and decodes as a report of
// the schema, for the report id and kiosk in its header: a report that could not be exported later
// is rejected now, while the kiosk can still tell staff. The plaintext is wiped before returning.
// Returns the reason it is refused (naming only a JSON path, never content), or "" when it is fine.
std::string check_opens(const SealedReport& sealed, const KioskRecord& kiosk, const CentralSecrets& central) {
    std::string reason;
    try {
        OpenedReport opened = open_sealed(sealed, kiosk.public_key, central);
        DecodeResult decoded = decode_report_text(opened.plaintext);
        if (!decoded.report)
            reason = "the report opens but does not decode as schema version " + std::to_string(kReportSchemaVersion) +
                     " (first problem at " + (decoded.problems.empty() || decoded.problems[0].path.empty() ? std::string("/") : decoded.problems[0].path) + ")";
        else if (decoded.report->report_id != opened.header.report_id || decoded.report->kiosk_id != opened.header.kiosk_id)
            reason = "the report inside names another report id or kiosk than its sealed header";
        if (decoded.report) wipe(*decoded.report);
        opened.plaintext.resize(opened.plaintext.capacity());
        sodium_memzero(opened.plaintext.data(), opened.plaintext.size());
    } catch (const Error& e) {
        if (e.code() != Code::crypto) throw;
        return e.what();
    }
    return reason;
}

ItemResult check_item(CentralStore& store, const CentralSecrets& central, const KioskRecord& kiosk,
                      const protocol::BatchItem& item, const std::string& batch_id, std::int64_t now) {
    ItemResult r;
    r.report_id = item.report_id;   // echoed exactly as sent: the agent matches on it
    r.digest = protocol::item_digest_hex(item.sealed, item.signature);
    auto reject = [&](std::string reason) {
        r.status = ItemStatus::rejected;
        r.reason = std::move(reason);
        return r;
    };

    SealedHeader header;
    try {
        header = read_sealed_header(item.sealed);
    } catch (const Error& e) {
        if (e.code() != Code::crypto) throw;
        return reject(e.what());
    }
    if (header.report_id != lower(item.report_id))
        return reject("the sealed report is for report " + header.report_id + ", not " + item.report_id);
    if (header.kiosk_id != kiosk.kiosk_id)
        return reject("the report was sealed at kiosk \"" + header.kiosk_id + "\", not at the kiosk sending it (" + kiosk.kiosk_id + ")");

    // The sealed bytes are needed as a SealedReport for verification and opening; copying them
    // once per item is cheap next to the cryptography.
    const SealedReport sealed{item.sealed, item.signature};
    if (!verify_signature(sealed, kiosk.public_key))
        return reject("the kiosk signature does not verify: the report was changed or signed by another kiosk");
    const KeyId own = key_id_of(central.sealing_public_key.data(), central.sealing_public_key.size());
    if (header.recipient_key_id != own)
        return reject("sealed for another central key (key id " + to_hex(header.recipient_key_id) + ", this central is " +
                      to_hex(own) + ")");

    if (const auto stored = store.find_report(header.report_id)) {
        if (stored->digest == r.digest) {
            r.status = ItemStatus::duplicate;
            r.received_at = stored->received_at;
            return r;
        }
        // Never overwritten: the first report with an id is the one central keeps.
        store.record_conflict(header.report_id, kiosk.kiosk_id, r.digest, now, batch_id);
        r.status = ItemStatus::conflict;
        r.reason = "a different report with this id was received on " + format_utc(stored->received_at) +
                   "; this one was not stored";
        return r;
    }

    if (std::string why = check_opens(sealed, kiosk, central); !why.empty()) return reject(std::move(why));

    NewReport row;
    row.report_id = header.report_id;
    row.kiosk_id = kiosk.kiosk_id;
    row.digest = r.digest;
    row.sealed = &item.sealed;
    row.signature = &item.signature;
    row.kiosk_key = kiosk.public_key;
    row.received_at = now;
    row.batch_id = batch_id;
    store.insert_report(row);
    r.status = ItemStatus::accepted;
    r.received_at = now;
    return r;
}

} // namespace

protocol::BatchResponse receive_batch(CentralStore& store, const CentralSecrets& central, const KioskRecord& kiosk,
                                      const protocol::BatchRequest& batch, std::int64_t now, BatchCounts& counts) {
    protocol::BatchResponse response;
    response.batch_id = batch.batch_id;
    response.results.reserve(batch.items.size());
    {
        sql::Transaction tx(store.handle(), "storing batch " + batch.batch_id);
        for (const auto& item : batch.items)
            response.results.push_back(check_item(store, central, kiosk, item, batch.batch_id, now));
        tx.commit();   // synchronous=FULL: on disk before any acknowledgement leaves
    }
    for (const auto& r : response.results) {
        switch (r.status) {
        case ItemStatus::accepted: ++counts.accepted; break;
        case ItemStatus::duplicate: ++counts.duplicate; break;
        case ItemStatus::conflict: ++counts.conflict; break;
        case ItemStatus::rejected: ++counts.rejected; break;
        }
    }
    protocol::sign_batch_response(response, central.ack_secret_key);
    return response;
}

} // namespace hrc::central
