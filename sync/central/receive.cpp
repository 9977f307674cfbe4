// receive.cpp — see receive.h.

#include "receive.h"

#include <algorithm>
#include <atomic>
#include <cctype>
#include <exception>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>

#include <sodium.h>

#include "hrc/error.h"
#include "hrc/report.h"
#include "hrc/sqlite_util.h"
#include "hrc/store.h"
#include "hrc/submit.h"
#include "hrc/utf8.h"
#include "hrc/validation.h"

#include "central_stats.h"

namespace hrc::central {

namespace {

using protocol::ItemResult;
using protocol::ItemStatus;

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

// The civil date central checks "not in the future" against: tomorrow in UTC, so a report made
// just after midnight in any time zone ahead of UTC is never refused for its date.
CivilDate central_today(std::int64_t now) {
    const std::int64_t tomorrow = now + 86400;
    std::int64_t days = tomorrow >= 0 ? tomorrow / 86400 : -((-tomorrow + 86399) / 86400);
    // Howard Hinnant's civil_from_days.
    days += 719468;
    const std::int64_t era = (days >= 0 ? days : days - 146096) / 146097;
    const std::int64_t doe = days - era * 146097;
    const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const std::int64_t mp = (5 * doy + 2) / 153;
    const std::int64_t d = doy - (153 * mp + 2) / 5 + 1;
    const std::int64_t m = mp < 10 ? mp + 3 : mp - 9;
    const std::int64_t y = yoe + era * 400 + (m <= 2 ? 1 : 0);
    return CivilDate{static_cast<int>(y), static_cast<int>(m), static_cast<int>(d)};
}

// "the report is not valid: /role (Choose …); /reference (…)": field paths and the validation
// messages, which never quote what was typed; at most kMaxReasonProblems of them.
std::string invalid_reason(const std::vector<FieldProblem>& problems) {
    constexpr std::size_t kMaxReasonProblems = 5;
    std::string reason = "the report is not valid (" + std::to_string(problems.size()) +
                         " problem" + (problems.size() == 1 ? "" : "s") + "): ";
    for (std::size_t i = 0; i < problems.size() && i < kMaxReasonProblems; ++i)
        reason += (i ? "; " : "") + problems[i].field + " (" + problems[i].message + ")";
    if (problems.size() > kMaxReasonProblems) reason += "; …";
    return reason;
}

// Opens the report to prove it authenticates under this central's key and decodes as a report of
// the schema, for the report id and kiosk in its header, and passes the same validation the kiosk
// runs (hrc::validate) with the centre the kiosk is enrolled for: a report that could not be
// exported later, or that is not what a kiosk can make, is rejected now while the kiosk can still
// tell staff. The plaintext is wiped before returning. Returns the reason it is refused (naming
// only JSON paths and rules, never content), or "" when it is fine.
// When it is fine, `on_valid` sees the decoded report before it is wiped (for its statistics row).
std::string check_opens(const SealedReport& sealed, const KioskRecord& kiosk,
                        const CentralSecrets& central, std::int64_t now,
                        const std::function<void(const Report&)>& on_valid) {
    std::string reason;
    try {
        OpenedReport opened = open_sealed(sealed, kiosk.public_key, central);
        DecodeResult decoded = decode_report_text(opened.plaintext);
        if (!decoded.report)
            reason = "the report opens but does not decode as schema version " +
                     std::to_string(kReportSchemaVersion) + " (first problem at " +
                     (decoded.problems.empty() || decoded.problems[0].path.empty()
                          ? std::string("/")
                          : decoded.problems[0].path) +
                     ")";
        else if (decoded.report->report_id != opened.header.report_id ||
                 decoded.report->kiosk_id != opened.header.kiosk_id)
            reason = "the report inside names another report id or kiosk than its sealed header";
        else if (decoded.report->centre_id != kiosk.centre_id)
            reason = "the report names another centre than the one kiosk " + kiosk.kiosk_id +
                     " is enrolled for (" + kiosk.centre_id +
                     "); if the kiosk moved, enrol it again with --replace";
        else if (const auto problems = validate(*decoded.report, central_today(now));
                 !problems.empty())
            reason = invalid_reason(problems);
        if (decoded.report && reason.empty()) on_valid(*decoded.report);
        if (decoded.report) wipe(*decoded.report);
        opened.plaintext.resize(opened.plaintext.capacity());
        sodium_memzero(opened.plaintext.data(), opened.plaintext.size());
    } catch (const Error& e) {
        if (e.code() != Code::crypto) throw;
        return e.what();
    }
    return reason;
}

// What the first, serial look at an item decided: a result already (rejected before any
// cryptography), or the header to go on with and whether a report with its id is stored.
struct ItemPlan {
    ItemResult result;
    bool decided = false;
    SealedHeader header;
    std::optional<StoredSummary> stored;
    // Filled by the parallel step for items to open: why it is refused ("" = fine), its row.
    std::string refusal;
    StatRowDraft stat_row;
};

// Step 1 (serial, no cryptography): the header parses, names this report and the sending kiosk,
// and whether central holds a report with its id.
ItemPlan plan_item(const CentralStore& store, const KioskRecord& kiosk,
                   const protocol::BatchItem& item) {
    ItemPlan plan;
    ItemResult& r = plan.result;
    r.report_id = item.report_id; // echoed exactly as sent: the agent matches on it
    r.digest = protocol::item_digest_hex(item.sealed, item.signature);
    auto reject = [&](std::string reason) {
        r.status = ItemStatus::rejected;
        r.reason = std::move(reason);
        plan.decided = true;
        return plan;
    };
    try {
        plan.header = read_sealed_header(item.sealed);
    } catch (const Error& e) {
        if (e.code() != Code::crypto) throw;
        return reject(e.what());
    }
    if (plan.header.report_id != lower(item.report_id))
        return reject("the sealed report is for report " + plan.header.report_id + ", not " +
                      item.report_id);
    if (plan.header.kiosk_id != kiosk.kiosk_id)
        return reject("the report was sealed at kiosk \"" + plan.header.kiosk_id +
                      "\", not at the kiosk sending it (" + kiosk.kiosk_id + ")");
    plan.stored = store.find_report(plan.header.report_id);
    return plan;
}

// Step 2 (the cryptography, on every core): the kiosk signature is verified ONCE per item. An item
// whose id central already holds is only verified (same digest = duplicate, else conflict: it is
// never opened); a new one is opened (open_sealed verifies, checks it is sealed for this central,
// decrypts) and checked as a report, and its statistics row made (StatRowMaker serialises its
// postcode lookups, the one use of the database here).
void check_crypto(ItemPlan& plan, const protocol::BatchItem& item, const CentralSecrets& central,
                  const KioskRecord& kiosk, std::int64_t now, const StatRowMaker& stat_row_of) {
    const SealedReport sealed{item.sealed, item.signature};
    if (plan.stored) {
        const KeyId own =
            key_id_of(central.sealing_public_key.data(), central.sealing_public_key.size());
        if (!verify_signature(sealed, kiosk.public_key))
            plan.refusal = "the kiosk signature does not verify: the report was changed or signed "
                           "by another kiosk";
        else if (plan.header.recipient_key_id != own)
            plan.refusal = "sealed for another central key (key id " +
                           to_hex(plan.header.recipient_key_id) + ", this central is " +
                           to_hex(own) + ")";
        return;
    }
    plan.refusal = check_opens(sealed, kiosk, central, now, [&](const Report& report) {
        plan.stat_row = stat_row_of(report, now);
    });
}

// Runs check_crypto() for every undecided plan on `threads` threads (the calling one included).
// The first exception of any worker is rethrown here after all have stopped.
void check_all(std::vector<ItemPlan>& plans, const protocol::BatchRequest& batch,
               const CentralStore& store, const CentralSecrets& central, const KioskRecord& kiosk,
               std::int64_t now, unsigned threads) {
    std::atomic<std::size_t> next{0};
    const StatRowMaker stat_row_of(store); // one postcode directory for the batch
    std::mutex failure_lock;
    std::exception_ptr failure;
    auto work = [&] {
        try {
            for (std::size_t i = next++; i < plans.size(); i = next++) {
                if (plans[i].decided) continue;
                check_crypto(plans[i], batch.items[i], central, kiosk, now, stat_row_of);
            }
        } catch (...) {
            const std::lock_guard<std::mutex> lock(failure_lock);
            if (!failure) failure = std::current_exception();
            next = plans.size(); // the others stop at their next item
        }
    };
    std::vector<std::thread> helpers;
    const std::size_t wanted = std::min<std::size_t>(threads, plans.size());
    for (std::size_t t = 1; t < wanted; ++t)
        helpers.emplace_back(work);
    work();
    for (auto& h : helpers)
        h.join();
    if (failure) std::rethrow_exception(failure);
}

// Step 3 (serial, in the batch's transaction): duplicate, conflict, rejected or stored. A report
// stored by an earlier item of this same batch counts as stored.
ItemResult settle_item(CentralStore& store, const KioskRecord& kiosk, ItemPlan& plan,
                       const protocol::BatchItem& item, const std::string& batch_id,
                       std::int64_t now) {
    ItemResult r = std::move(plan.result);
    if (plan.decided) return r;
    if (!plan.refusal.empty()) {
        r.status = ItemStatus::rejected;
        r.reason = std::move(plan.refusal);
        return r;
    }
    if (!plan.stored) plan.stored = store.find_report(plan.header.report_id);
    if (plan.stored) {
        if (plan.stored->digest == r.digest) {
            r.status = ItemStatus::duplicate;
            r.received_at = plan.stored->received_at;
            return r;
        }
        // Never overwritten: the first report with an id is the one central keeps.
        store.record_conflict(plan.header.report_id, kiosk.kiosk_id, r.digest, now, batch_id);
        r.status = ItemStatus::conflict;
        r.reason = "a different report with this id was received on " +
                   format_utc(plan.stored->received_at) + "; this one was not stored";
        return r;
    }
    NewReport row;
    row.report_id = plan.header.report_id;
    row.kiosk_id = kiosk.kiosk_id;
    row.digest = r.digest;
    row.sealed = &item.sealed;
    row.signature = &item.signature;
    row.kiosk_key = kiosk.public_key;
    row.received_at = now;
    row.batch_id = batch_id;
    store.insert_report(row);
    insert_stat_row(store, plan.header.report_id, now,
                    plan.stat_row); // invariant C7: codes only, same transaction
    r.status = ItemStatus::accepted;
    r.received_at = now;
    return r;
}

} // namespace

unsigned check_threads() {
    const unsigned cores = std::thread::hardware_concurrency();
    return std::clamp(cores, 1u, kMaxCheckThreads);
}

std::string bounded_reason(std::string_view text, std::size_t max) {
    return utf8::printable(text, max);
}

protocol::BatchResponse receive_batch(CentralStore& store, const CentralSecrets& central,
                                      const KioskRecord& kiosk, const protocol::BatchRequest& batch,
                                      std::int64_t now, BatchCounts& counts,
                                      std::string& response_text) {
    protocol::BatchResponse response;
    response.batch_id = batch.batch_id;
    response.results.reserve(batch.items.size());
    {
        sql::Transaction tx(store.handle(), "storing batch " + batch.batch_id);
        std::vector<ItemPlan> plans;
        plans.reserve(batch.items.size());
        for (const auto& item : batch.items)
            plans.push_back(plan_item(store, kiosk, item));
        check_all(plans, batch, store, central, kiosk, now, check_threads());
        for (std::size_t i = 0; i < plans.size(); ++i) {
            protocol::ItemResult result =
                settle_item(store, kiosk, plans[i], batch.items[i], batch.batch_id, now);
            result.reason = bounded_reason(result.reason);
            response.results.push_back(std::move(result));
        }
        // Signed and written out before the commit: once the reports are stored, the answer exists.
        protocol::sign_batch_response(response, central.ack_secret_key);
        response_text = protocol::to_json_text(response);
        tx.commit(); // synchronous=FULL: on disk before any acknowledgement leaves
    }
    for (const auto& r : response.results) {
        switch (r.status) {
        case ItemStatus::accepted:
            ++counts.accepted;
            break;
        case ItemStatus::duplicate:
            ++counts.duplicate;
            break;
        case ItemStatus::conflict:
            ++counts.conflict;
            break;
        case ItemStatus::rejected:
            ++counts.rejected;
            break;
        }
    }
    return response;
}

} // namespace hrc::central
