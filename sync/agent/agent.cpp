// agent.cpp — one pass of hrc-sync, and the daemon's schedule (see agent.h, docs/protocol.md,
// docs/hrc-sync.md).
//
// [SECTION] The state machine of a pass (read this first)
// [SECTION] Helpers: URL, backoff, requests, messages
// [SECTION] Pass: gate and preflight
// [SECTION] Pass: batches and acknowledgements
// [SECTION] Pass: end (contact, purge, summary)
// [SECTION] Daemon
//
//-------------------------------------------------------------------------------------------------
// [SECTION] The state machine of a pass
//-------------------------------------------------------------------------------------------------
//
// clang-format off
// The outbox's own states (QUEUED, SENDING, ACKED, RETRY_WAIT, QUARANTINED) are drawn at the top of
// core/src/store.cpp. A pass moves through these states of its own:
//
//   run_pass()
//      │
//      ▼
//    GATE ───── an alert is set and !contact_despite_alert ─────────────────▶ END (alert)
//      │
//      ▼
//    PREFLIGHT ─ transport error, 408, 429, 5xx ────────────────────────────▶ END (transport)
//      │  ├──── 401/403; TLS/certificate/pin failure;
//      │  │     sealing key ≠ central.pub's ───────────────────────────────▶ set_alert, END (alert)
//      │  └──── 3xx, other status, not JSON, bad signature,
//      │        nonce not echoed ──────────────────────────────────────────▶ END (not_central)
//      │ verified (a previous alert is cleared)
//      ▼
//  ┌▶ CLAIM ─── stop flag ──────────────────────────────────────────────────▶ END (interrupted)
//  │    │  └─── nothing due ──────────────────────────────────────────────────▶ END (ok)
//  │    ▼ claim_batch(): the items are SENDING
//  │  SEND ──── 200, acknowledgement verified → record_acknowledgement ──────┐
//  │    │         (one transaction; signed per-item rejected / conflict      │
//  │    │          → QUARANTINED, with central's reason)                     │
//  │    │ └──── 413 with n > 1 → mark_retry(now) each, halve the limits ─────┤
//  └────┼────────────────────────────────────────────────────────────────────┘
//       ├────── transport error, 400, 408, 413 (n = 1), 422, 429, 5xx, other status,
//       │       200 that does not verify → mark_retry(now + backoff) each ─▶ END (transport)
//       ├────── 3xx → mark_retry(now + backoff) each ──────────────────────▶ END (not_central)
//       ├────── 401/403, TLS failure → mark_retry(now) each, set_alert ────▶ END (alert)
//       └────── stop flag during the transfer → mark_retry(now) each ──────▶ END (interrupted)
//
//   END: record_contact(now, error or "") when central was tried; purge() unless interrupted.
// clang-format on
//
// Invariants:
//   P1. Nothing is sent before a preflight verified in the same pass: signed by the ack key of
//       central.pub over the fresh nonce we sent, naming central.pub's sealing key.
//   P2. Nothing is acked before check_batch_response() accepted central's answer for exactly the
//       bytes sent (signature, batch id, one result per item in order, report ids, digests). The
//       stored acknowledgement is central's whole signed answer, kept once per batch and
//       verifiable later.
//   P3. Every item a pass claims leaves SENDING before run_pass() returns (ACKED, QUARANTINED or
//       RETRY_WAIT) unless a store write throws or the process dies; recover() at the next start
//       then puts it back to QUEUED. Sending it again is safe: central answers `duplicate`,
//       which counts as delivered.
//   P4. Each store call is one transaction (a batch's acknowledgement is one). The stop flag is
//       read between batches and only aborts network I/O, so SIGTERM never lands inside a
//       transaction.
//   P5. 401/403 and TLS failures lose nothing: the items go to RETRY_WAIT due at once and are sent
//       by the first pass whose preflight succeeds again.
//   P6. The loop ends: every batch ends the pass or moves all its items out of SENDING for this
//       pass, except a 413 with n > 1, which strictly lowers the item limit first.
//   P7. Logs and stored errors carry ids, counts, status codes and reasons: never bodies, sealed
//       bytes or signatures. Text from the network is cut to printable, bounded strings.
//   P8. Only central's signed word ends a report's delivery: a report leaves the retry cycle only
//       by a verified acknowledgement item (accepted, duplicate → ACKED; rejected, conflict →
//       QUARANTINED). No status code, timeout, reset or unsigned body ever quarantines or drops
//       one, and nothing unacknowledged is ever deleted (store.cpp, I7).

#include "agent.h"

#include <algorithm>
#include <limits>

#include <nlohmann/json.hpp>

#include "hrc/error.h"
#include "hrc/report.h"
#include "hrc/utf8.h"

namespace hrc::sync {

//-------------------------------------------------------------------------------------------------
// [SECTION] Helpers
//-------------------------------------------------------------------------------------------------

namespace {

constexpr std::int64_t kBackoffBaseSeconds = 5;
constexpr std::size_t kReasonMax = 300;

// Text from the network shown to staff: malformed UTF-8 becomes U+FFFD, control characters
// become spaces, cut on a character boundary to `max` bytes followed by "…" (hrc/utf8.h).
std::string sanitize(std::string_view text, std::size_t max = kReasonMax) {
    return utf8::printable(text, max + utf8::kEllipsis.size());
}

// A field of central's error body {"error": …, "message": …}; "" when absent or not JSON.
std::string error_field(const std::string& body, const char* key) {
    const auto j = nlohmann::json::parse(body, nullptr, false);
    if (j.is_discarded() || !j.is_object()) return "";
    const auto it = j.find(key);
    if (it == j.end() || !it->is_string()) return "";
    return sanitize(it->get<std::string>());
}

std::string describe_status(long status) {
    switch (status) {
    case 408:
        return "central timed out waiting for this kiosk's request (HTTP 408)";
    case 429:
        return "central asked this kiosk to slow down (HTTP 429)";
    case 500:
        return "central reported an internal error (HTTP 500)";
    case 502:
    case 503:
    case 504:
        return "central is temporarily unavailable (HTTP " + std::to_string(status) + ")";
    default:
        return "central answered HTTP " + std::to_string(status);
    }
}

bool is_redirect(long status) {
    return status >= 300 && status < 400;
}
bool is_temporary(long status) {
    return status == 408 || status == 429 || status >= 500;
}

// Signs the request (docs/protocol.md "Request authentication") with the kiosk's key. Throws
// Error(Code::crypto) only if libsodium fails to sign.
HttpRequest signed_request(const KioskKeys& kiosk, const std::string& kiosk_id, std::int64_t now,
                           std::string method, std::string path_and_query, std::string body) {
    HttpRequest request;
    const std::string signature = protocol::sign_request(kiosk, method, path_and_query, now, body);
    request.headers = {{protocol::kHeaderKiosk, kiosk_id},
                       {protocol::kHeaderTime, std::to_string(now)},
                       {protocol::kHeaderSignature, signature}};
    if (method == "POST") {
        request.headers.emplace_back("Content-Type", "application/json");
        // The body's digest in a header: central checks the signature before reading the body.
        request.headers.emplace_back(protocol::kHeaderBodyDigest, protocol::blake2b_hex(body));
    }
    request.method = std::move(method);
    request.path_and_query = std::move(path_and_query);
    request.body = std::move(body);
    return request;
}

// The raw sealed+signature bytes claim_batch() may take so that the JSON body stays within
// `body_limit`. The body is at most 64 + Σ (4/3 · raw_i + 128): base64 is 4/3 of the bytes, plus
// under 128 bytes of field names, report id and padding per item. Two bounds keep that true:
//   exact:  (limit − 256 − 128 · max_items) · 3/4, for any item sizes;
//   ratio:  (limit − 64) · 3/5, when every raw_i ≥ 384 (header, wrapped key, nonce, tag and
//           signature alone are 216 bytes + the kiosk id, and a valid report's JSON is far more
//           than the rest; docs/sealed-format.md),
// the larger of which is used. Should central still answer 413, the batch is halved.
std::int64_t raw_budget(std::int64_t body_limit, int max_items) {
    const std::int64_t exact =
        (body_limit - 256 - 128 * static_cast<std::int64_t>(max_items)) / 4 * 3;
    const std::int64_t ratio = (body_limit - 64) / 5 * 3;
    return std::max<std::int64_t>({exact, ratio, 1});
}

} // namespace

std::string_view to_string(PassOutcome outcome) {
    switch (outcome) {
    case PassOutcome::ok:
        return "ok";
    case PassOutcome::transport:
        return "transport";
    case PassOutcome::not_central:
        return "not_central";
    case PassOutcome::alert:
        return "alert";
    case PassOutcome::interrupted:
        return "interrupted";
    }
    return "?";
}

int exit_code_of(const PassResult& result) {
    switch (result.outcome) {
    case PassOutcome::ok:
        return 0;
    case PassOutcome::transport:
        return result.progress() ? 0 : static_cast<int>(SyncExit::transport);
    case PassOutcome::not_central:
        return static_cast<int>(SyncExit::not_central);
    case PassOutcome::alert:
        return static_cast<int>(SyncExit::alert);
    case PassOutcome::interrupted:
        return static_cast<int>(SyncExit::interrupted);
    }
    return static_cast<int>(Code::internal);
}

CentralUrl parse_central_url(const std::string& url) {
    constexpr std::string_view scheme = "https://";
    auto bad = [&](const std::string& why) {
        return Error(Code::config, "central.url \"" + sanitize(url, 200) + "\" " + why);
    };
    if (!url.starts_with(scheme)) throw bad("must start with https://");
    for (char c : url)
        if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f)
            throw bad("must not contain spaces or control characters");
    if (url.find_first_of("?#") != std::string::npos)
        throw bad("must be central's address only, without ?query or #fragment");
    const std::string rest = url.substr(scheme.size());
    const auto slash = rest.find('/');
    const std::string authority = rest.substr(0, slash);
    if (authority.empty()) throw bad("must name central's server after https://");
    if (authority.find('@') != std::string::npos)
        throw bad("must not contain a user name or password");
    CentralUrl out{std::string(scheme) + authority,
                   slash == std::string::npos ? "" : rest.substr(slash)};
    while (!out.base_path.empty() && out.base_path.back() == '/')
        out.base_path.pop_back();
    return out;
}

std::int64_t backoff_seconds(int attempt, std::int64_t cap, std::int64_t retry_after,
                             const std::function<std::int64_t(std::int64_t)>& random_upto) {
    cap = std::max<std::int64_t>(cap, 0);
    const int a = std::clamp(attempt, 0, 40); // 5 · 2^40 still fits; any cap is far below it
    const std::int64_t ceiling = std::min(cap, kBackoffBaseSeconds << a);
    std::int64_t wait = random_upto ? random_upto(ceiling) : ceiling;
    wait = std::clamp<std::int64_t>(wait, 0, ceiling);
    // Retry-After is a floor, honoured up to the operator's cap.
    return std::max(wait, std::min(std::max<std::int64_t>(retry_after, 0), cap));
}

//-------------------------------------------------------------------------------------------------
// [SECTION] Pass: gate and preflight
//-------------------------------------------------------------------------------------------------

struct Agent::Pass {
    PassOptions options;
    PassResult result;
    std::string alert;  // the alert in the store (as of the start, then as we set it)
    int item_limit = 0; // from the preflight, halved by 413
    std::int64_t raw_limit =
        0; // sealed + signature bytes per batch: fits central's body limit; halved by 413
    std::int64_t max_batch_bytes = 0; // central's limit, for messages
};

Agent::Agent(const Config& config, Store& store, HttpClient& http, CentralIdentity central,
             const KioskKeys& kiosk, AgentEnv env)
    : config_(config), store_(store), http_(http), central_(std::move(central)), kiosk_(kiosk),
      env_(std::move(env)),
      url_(parse_central_url(config.central.url)), retention_{config.retention.unacknowledged_days,
                                                              config.retention.warn_days_before} {}

int Agent::recover() {
    const int n = store_.recover_interrupted(env_.now());
    if (n > 0)
        log(LogLevel::info,
            std::to_string(n) +
                " report(s) were being sent when hrc-sync last stopped; they are queued "
                "again (central recognises any it already has)");
    return n;
}

PassResult Agent::run_pass(const PassOptions& options) {
    Pass p;
    p.options = options;
    p.alert = store_.status(env_.now(), retention_).sync.alert;
    if (!p.alert.empty() && !options.contact_despite_alert) {
        p.result.outcome = PassOutcome::alert;
        p.result.error = p.alert;
    } else if (stopping()) {
        p.result.outcome = PassOutcome::interrupted;
    } else if (preflight(p)) {
        if (!p.alert.empty()) {
            store_.set_alert("", env_.now());
            p.result.alert_cleared = true;
            log(LogLevel::info,
                "central is verified again: the alert is cleared (it was: " + p.alert + ")");
            p.alert.clear();
        }
        for (;;) {
            if (stopping()) {
                p.result.outcome = PassOutcome::interrupted;
                break;
            }
            std::vector<OutboxItem> batch = store_.claim_batch(
                env_.now(), p.item_limit, p.raw_limit, options.retry_waiting_now);
            if (batch.empty()) break;
            if (send_batch(p, batch) == Step::end_pass) break;
        }
    }
    finish(p);
    return p.result;
}

// Sets the staff-visible alert (sending stops) and the pass outcome. Throws store errors.
void Agent::raise_alert(Pass& p, const std::string& alert) {
    // The same alert again (the daemon retries hourly) is not audited again.
    if (alert != p.alert) store_.set_alert(alert, env_.now());
    p.alert = alert;
    p.result.outcome = PassOutcome::alert;
    p.result.error = alert;
}

// The alert text for a 401/403, from central's error code. Never throws (but for out of memory).
std::string Agent::refusal_alert(long status, const std::string& body) const {
    const std::string& id = config_.kiosk.kiosk_id;
    using protocol::ErrorCode;
    switch (protocol::error_code_of(body).value_or(ErrorCode::other)) {
    case ErrorCode::revoked:
        return "central refused this kiosk (revoked): ask the central administrator to enrol "
               "kiosk " +
               id + " again";
    case ErrorCode::unknown_kiosk:
        return "central does not know this kiosk (" + id +
               "): ask the central administrator to enrol it with this "
               "kiosk's kiosk.pub";
    case ErrorCode::bad_signature:
        return "central could not verify this kiosk's signature: ask the central administrator to "
               "enrol kiosk " +
               id + " again with its current kiosk.pub";
    case ErrorCode::clock_skew:
        return "central refused this kiosk because the kiosk's clock is wrong (it reads " +
               format_utc(env_.now()) +
               "): set the correct date and time (turn on automatic time), then restart hrc-sync";
    default:
        break;
    }
    // Any other code (or none, or one from something in front of central): shown as it came.
    const std::string code = error_field(body, "error");
    return "central refused this kiosk (HTTP " + std::to_string(status) +
           (code.empty() ? "" : ", " + code) + "): ask the central administrator to check kiosk " +
           id + "'s enrolment";
}

namespace {
std::string tls_alert(const std::string& curl_error) {
    return "cannot prove the server is central: " + curl_error +
           ". Check central.url, that central.pub is current, and whether a proxy or network "
           "portal intercepts HTTPS";
}
} // namespace

// Returns true when central proved itself (limits set in `p`); otherwise sets p.result's outcome
// and error (and the alert, for 401/403, TLS and a changed sealing key). Throws store errors, and
// Error(Code::internal) when curl refuses our own request (a bug).
bool Agent::preflight(Pass& p) {
    PassResult& r = p.result;
    const std::string nonce = protocol::random_hex(32);
    const std::string path = url_.base_path + protocol::kPreflightPath + "?nonce=" + nonce;
    auto fail = [&](PassOutcome outcome, const std::string& error) {
        r.outcome = outcome;
        r.error = error;
        return false;
    };
    auto not_central = [&](const std::string& why) {
        return fail(PassOutcome::not_central,
                    "the server at " + config_.central.url + " is not central: " + why +
                        ". Nothing was sent. Check central.url and the network");
    };

    r.contacted = true;
    const HttpResponse response =
        http_.send(signed_request(kiosk_, config_.kiosk.kiosk_id, env_.now(), "GET", path, ""));
    using F = HttpResponse::Failure;
    switch (response.failure) {
    case F::none:
        break;
    case F::aborted:
        return fail(PassOutcome::interrupted, "stopped before central answered");
    case F::tls:
        raise_alert(p, tls_alert(response.error));
        return false;
    case F::transport:
    case F::too_large:
        return fail(PassOutcome::transport,
                    "could not reach central at " + config_.central.url + ": " + response.error);
    case F::setup:
        throw Error(Code::internal, "hrc-sync could not build its request: " + response.error +
                                        " (please report this)");
    }
    const long status = response.status;
    log(LogLevel::debug, "preflight: HTTP " + std::to_string(status));
    if (status == 401 || status == 403) {
        raise_alert(p, refusal_alert(status, response.body));
        return false;
    }
    if (is_temporary(status)) {
        r.retry_after = response.retry_after.value_or(0);
        return fail(PassOutcome::transport, describe_status(status) + "; will retry");
    }
    if (is_redirect(status))
        return not_central("it redirects to " +
                           (response.location.empty() ? "another address" : response.location));
    if (status != 200)
        return not_central("it answered the preflight with HTTP " + std::to_string(status));

    std::string problem;
    const auto preflight = protocol::parse_preflight(response.body, problem);
    if (!preflight)
        return not_central("its answer is not an hrc-central preflight (" + sanitize(problem, 120) +
                           ")");
    if (preflight->service != "hrc-central")
        return not_central("it does not say it is hrc-central");
    if (preflight->protocol != protocol::kVersion)
        return not_central("it speaks sync protocol " + std::to_string(preflight->protocol) +
                           " and this kiosk speaks " + std::to_string(protocol::kVersion) +
                           " (update hrc)");
    if (!protocol::verify_preflight(*preflight, central_.ack_public_key))
        return not_central("its answer is not signed with the acknowledgement key in central.pub");
    if (preflight->nonce != nonce)
        return not_central("its signed answer is not for this request (a replayed answer)");
    const std::string expected = to_hex(central_.sealing_key_id);
    if (preflight->sealing_key_id != expected) {
        raise_alert(p, "central's sealing key is " + sanitize(preflight->sealing_key_id, 64) +
                           " but this kiosk's central.pub has " + expected +
                           ": nothing was sent. Copy central's current central.pub to this kiosk "
                           "(ask the central "
                           "administrator), then restart hrc-sync");
        return false;
    }
    const std::int64_t skew = preflight->time - env_.now();
    if (skew > 60 || skew < -60)
        log(LogLevel::warning, "this kiosk's clock differs from central's by " +
                                   std::to_string(skew) + " s; central refuses requests beyond " +
                                   std::to_string(protocol::kMaxClockSkewSeconds) + " s");
    p.item_limit = preflight->limits.max_batch_items;
    p.max_batch_bytes = preflight->limits.max_batch_bytes;
    p.raw_limit = raw_budget(p.max_batch_bytes, p.item_limit);
    r.proved_central = true;
    log(LogLevel::debug, "central proved itself (sealing key " + expected + "); limits " +
                             std::to_string(p.item_limit) + " reports, " +
                             std::to_string(p.max_batch_bytes) + " bytes per batch");
    return true;
}

//-------------------------------------------------------------------------------------------------
// [SECTION] Pass: batches and acknowledgements
//-------------------------------------------------------------------------------------------------

// Every item of the batch → RETRY_WAIT, due now or after its backoff. Throws store errors.
void Agent::retry_all(Pass& p, const std::vector<OutboxItem>& batch, bool with_backoff,
                      const std::string& error) {
    const std::int64_t now = env_.now();
    for (const auto& item : batch) {
        const std::int64_t next =
            with_backoff ? now + backoff_seconds(item.attempts, config_.sync.max_backoff_seconds,
                                                 p.result.retry_after, env_.random_upto)
                         : now;
        store_.mark_retry(item.report_id, next, error, now);
        ++p.result.retried;
    }
}

// Sends one claimed batch and moves each of its items out of SENDING (P3), per the table in
// docs/protocol.md. The sealed bytes are moved out of `batch`. Returns whether the pass goes on;
// failures of central or the network are p.result's outcome. Throws store errors, and
// Error(Code::internal) when curl refuses our own request.
Agent::Step Agent::send_batch(Pass& p, std::vector<OutboxItem>& batch) {
    PassResult& r = p.result;
    protocol::BatchRequest request;
    request.batch_id = new_report_id(); // a fresh UUID v4 per attempt
    for (auto& item : batch)
        request.items.push_back(
            {item.report_id, std::move(item.sealed.sealed), std::move(item.sealed.signature)});
    std::int64_t raw_bytes = 0;
    for (const auto& item : request.items)
        raw_bytes += static_cast<std::int64_t>(item.sealed.size() + item.signature.size());
    std::string body = protocol::to_json_text(request);
    const std::size_t body_size = body.size();
    const std::string tag = "batch " + request.batch_id + " (" + std::to_string(batch.size()) +
                            " report(s), " + std::to_string(body_size) + " bytes)";
    ++r.batches;
    r.sent += static_cast<int>(batch.size());
    log(LogLevel::debug, tag + ": sending");
    for (const auto& item : batch)
        log(LogLevel::debug, "  report " + item.report_id + " " + item.reference + ", attempt " +
                                 std::to_string(item.attempts));

    const HttpResponse response =
        http_.send(signed_request(kiosk_, config_.kiosk.kiosk_id, env_.now(), "POST",
                                  url_.base_path + protocol::kBatchesPath, std::move(body)));
    using F = HttpResponse::Failure;
    switch (response.failure) {
    case F::none:
        break;
    case F::aborted:
        retry_all(p, batch, false,
                  "interrupted: hrc-sync stopped while sending; it will be sent again");
        r.outcome = PassOutcome::interrupted;
        r.error = "stopped while sending a batch";
        return Step::end_pass;
    case F::tls:
        retry_all(p, batch, false, "waiting: central could not be verified");
        raise_alert(p, tls_alert(response.error));
        return Step::end_pass;
    case F::transport:
    case F::too_large:
        r.outcome = PassOutcome::transport;
        r.error = "could not deliver to central at " + config_.central.url + ": " + response.error;
        retry_all(p, batch, true, r.error);
        log(LogLevel::debug, tag + ": " + r.error);
        return Step::end_pass;
    case F::setup:
        retry_all(p, batch, false, "waiting: hrc-sync could not build its request");
        throw Error(Code::internal, "hrc-sync could not build its request: " + response.error +
                                        " (please report this)");
    }

    const long status = response.status;
    log(LogLevel::debug, tag + ": HTTP " + std::to_string(status));
    if (status == 200) return on_acknowledgement(p, batch, request, response);
    if (status == 401 || status == 403) {
        retry_all(p, batch, false, "waiting: central refused this kiosk");
        raise_alert(p, refusal_alert(status, response.body));
        return Step::end_pass;
    }
    if (status == 413 && batch.size() > 1) {
        // Too large as a whole: put the items back (due now) and claim again with half the limits.
        const std::int64_t now = env_.now();
        for (const auto& item : batch)
            store_.mark_retry(item.report_id, now,
                              "batch too large for central; sending in smaller batches", now);
        p.item_limit = std::max(1, static_cast<int>(batch.size() / 2));
        p.raw_limit = std::max<std::int64_t>(1, raw_bytes / 2);
        log(LogLevel::info, tag + ": too large for central (HTTP 413); retrying with at most " +
                                std::to_string(p.item_limit) + " report(s) per batch");
        return Step::next_batch;
    }
    if (status == 400 || status == 413 || status == 422) {
        // An UNSIGNED refusal: anything on the path (a proxy, a stall that made central time out
        // reading the body) can produce one, so it never ends a report's delivery. Only central's
        // signed per-item `rejected` does (invariant P8). Retry with backoff; staff see the reason
        // in the report's last error and, when it lasts, the "waiting long" warning.
        const std::string code = error_field(response.body, "error");
        const std::string message = error_field(response.body, "message");
        r.outcome = PassOutcome::transport;
        r.retry_after = response.retry_after.value_or(0);
        r.error = "central refused the batch without a signed answer (HTTP " +
                  std::to_string(status) + (code.empty() ? "" : " " + code) + ")" +
                  (message.empty() ? "" : ": " + message) + "; will retry";
        if (status == 413)
            r.error += " (the sealed report is " +
                       std::to_string(request.items.front().sealed.size()) +
                       " bytes; central accepts batches of at most " +
                       std::to_string(p.max_batch_bytes) + " bytes)";
        retry_all(p, batch, true, r.error);
        log(LogLevel::warning, tag + ": " + r.error);
        return Step::end_pass;
    }
    if (is_redirect(status)) {
        r.outcome = PassOutcome::not_central;
        r.error = "the server at " + config_.central.url + " redirected a batch to " +
                  (response.location.empty() ? "another address" : response.location) +
                  ": it is not central's API";
        retry_all(p, batch, true, r.error);
        return Step::end_pass;
    }
    // 408, 429, 5xx, and any other status: central's fault or a temporary refusal. Retry later.
    r.outcome = PassOutcome::transport;
    r.retry_after = response.retry_after.value_or(0);
    r.error = describe_status(status) + "; will retry";
    retry_all(p, batch, true, r.error);
    return Step::end_pass;
}

// A 200: marks each item from the verified acknowledgement, or, if it does not verify, puts the
// whole batch back with backoff (P2). Throws store errors.
Agent::Step Agent::on_acknowledgement(Pass& p, const std::vector<OutboxItem>& batch,
                                      const protocol::BatchRequest& sent,
                                      const HttpResponse& response) {
    PassResult& r = p.result;
    std::string problem;
    const auto ack = protocol::parse_batch_response(response.body, problem);
    if (ack) problem = protocol::check_batch_response(*ack, sent, central_.ack_public_key);
    if (!problem.empty()) {
        // A 200 without a valid signed acknowledgement is not delivery (P2): nothing is marked
        // acked.
        r.outcome = PassOutcome::transport;
        r.error =
            "central's acknowledgement did not verify (" + sanitize(problem, 160) + "); will retry";
        retry_all(p, batch, true, r.error);
        log(LogLevel::warning, "batch " + sent.batch_id + ": " + r.error);
        return Step::end_pass;
    }
    // check_batch_response() proved results[i] is for batch[i], in order. The whole batch is marked
    // in one transaction, with central's signed answer kept once for the batch.
    const Bytes acknowledgement(response.body.begin(), response.body.end());
    std::vector<AckOutcome> outcomes;
    outcomes.reserve(batch.size());
    for (std::size_t i = 0; i < batch.size(); ++i) {
        const protocol::ItemResult& result = ack->results[i];
        const std::string& id = batch[i].report_id;
        switch (result.status) {
        case protocol::ItemStatus::accepted:
        case protocol::ItemStatus::duplicate:
            outcomes.push_back({id, true, ""});
            ++(result.status == protocol::ItemStatus::accepted ? r.accepted : r.duplicate);
            log(LogLevel::debug,
                "  report " + id + ": " + std::string(protocol::to_string(result.status)));
            break;
        case protocol::ItemStatus::conflict:
        case protocol::ItemStatus::rejected: {
            const std::string reason =
                (result.status == protocol::ItemStatus::conflict
                     ? "conflict: central already holds a different report with this id"
                     : "rejected by central") +
                (result.reason.empty() ? std::string() : ": " + sanitize(result.reason));
            outcomes.push_back({id, false, reason});
            ++r.quarantined;
            log(LogLevel::warning,
                "report " + id + " (" + batch[i].reference + ") quarantined: " + reason);
            break;
        }
        }
    }
    store_.record_acknowledgement(sent.batch_id, acknowledgement, outcomes, env_.now());
    return Step::next_batch;
}

//-------------------------------------------------------------------------------------------------
// [SECTION] Pass: end
//-------------------------------------------------------------------------------------------------

// Records the contact, purges, logs the summary. Throws store errors.
void Agent::finish(Pass& p) {
    PassResult& r = p.result;
    const std::int64_t now = env_.now();
    // A pass stopped before central answered has learnt nothing about the connection.
    if (r.contacted && !(r.outcome == PassOutcome::interrupted && !r.proved_central)) {
        const bool failed = r.outcome != PassOutcome::ok && r.outcome != PassOutcome::interrupted;
        store_.record_contact(now, failed ? r.error : "");
    }
    if (r.outcome != PassOutcome::interrupted) {
        // Also when central is unreachable: the warning about reports waiting long matters exactly
        // then.
        r.purged = store_.purge(now, retention_);
        if (r.purged.acked_purged > 0)
            log(LogLevel::info, "dropped the sealed copies of " +
                                    std::to_string(r.purged.acked_purged) +
                                    " report(s) central has acknowledged");
        if (r.purged.waiting_long != last_waiting_long_ && r.purged.waiting_long > 0)
            log(LogLevel::warning,
                std::to_string(r.purged.waiting_long) + " report(s) have waited " +
                    std::to_string(retention_.unacknowledged_days - retention_.warn_days_before) +
                    " days or more for central's acknowledgement; they are kept until central "
                    "confirms them");
        last_waiting_long_ = r.purged.waiting_long;
    }

    std::string summary = "pass " + std::string(to_string(r.outcome));
    if (r.batches > 0)
        summary += ": delivered " + std::to_string(r.accepted + r.duplicate) + " (accepted " +
                   std::to_string(r.accepted) + ", duplicate " + std::to_string(r.duplicate) +
                   "), quarantined " + std::to_string(r.quarantined) + ", waiting to retry " +
                   std::to_string(r.retried) + ", in " + std::to_string(r.batches) + " batch(es)";
    if (!r.error.empty())
        summary += (r.batches > 0 ? "; " : ": ") +
                   std::string(r.outcome == PassOutcome::alert ? "sending has stopped: " : "") +
                   r.error;
    else if (r.batches == 0)
        summary += ": nothing to send";
    LogLevel level = LogLevel::info;
    switch (r.outcome) {
    case PassOutcome::ok:
        level = r.batches > 0 ? LogLevel::info : LogLevel::debug;
        break;
    case PassOutcome::transport:
    case PassOutcome::not_central:
        level = LogLevel::warning;
        break;
    case PassOutcome::alert:
        level = LogLevel::error;
        break;
    case PassOutcome::interrupted:
        level = LogLevel::info;
        break;
    }
    log(level, summary);
}

//-------------------------------------------------------------------------------------------------
// [SECTION] Daemon
//-------------------------------------------------------------------------------------------------

int run_daemon(Agent& agent, const Config& config, const AgentEnv& env,
               const std::function<Wake(std::int64_t)>& sleep) {
    auto log = [&](LogLevel level, const std::string& message) {
        if (env.log) env.log(level, message);
    };
    auto stopping = [&] { return env.stop != nullptr && env.stop->load(); };
    int failures = 0;       // consecutive passes that ended in transport / not_central
    bool retry_now = false; // after SIGHUP: waiting reports are due at once
    while (!stopping()) {
        // The daemon always tries the preflight (a restart is a deliberate retry); while an alert
        // stays set it waits max_backoff between tries, below.
        const PassResult r =
            agent.run_pass({.contact_despite_alert = true, .retry_waiting_now = retry_now});
        retry_now = false;
        std::int64_t delay = config.sync.interval_seconds;
        switch (r.outcome) {
        case PassOutcome::ok:
            failures = 0;
            break;
        case PassOutcome::transport:
        case PassOutcome::not_central:
            failures = std::min(failures + 1, 40);
            delay =
                std::max<std::int64_t>(1, backoff_seconds(failures, config.sync.max_backoff_seconds,
                                                          r.retry_after, env.random_upto));
            break;
        case PassOutcome::alert:
            failures = 0;
            delay = config.sync.max_backoff_seconds;
            break;
        case PassOutcome::interrupted:
            return 0;
        }
        log(LogLevel::debug, "next pass in " + std::to_string(delay) + " s");
        switch (sleep(delay)) {
        case Wake::elapsed:
            break;
        case Wake::woken:
            retry_now = true;
            log(LogLevel::info, "woken by SIGHUP: passing now, including reports waiting to retry");
            break;
        case Wake::stop:
            return 0;
        }
    }
    return 0;
}

} // namespace hrc::sync
