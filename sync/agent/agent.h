// sync/agent/agent.h — hrc-sync's pass logic: prove central (preflight), send the outbox in signed
// batches, mark each report from central's signed acknowledgement (docs/protocol.md), and the
// daemon's schedule. The state machine of a pass is drawn at the top of agent.cpp.
//
// Everything with side effects is injected (the store, the HTTP client, the clock, randomness,
// the log, the stop flag, sleeping), so tests can drive a pass against a fake central.
//
// Errors: what central or the network does is never thrown: it is the PassResult's outcome and
// error text (also written to the store for staff). A store failure (busy, disk full, damaged, …)
// is thrown as hrc::Error by the store and propagates unchanged; hrc-sync then exits with that code
// and reports still in `sending` go back to `queued` at the next start (recover()).
// parse_central_url() throws hrc::Error(Code::config).
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>

#include "hrc/config.h"
#include "hrc/seal.h"
#include "hrc/store.h"

#include "http.h"
#include "protocol.h"

namespace hrc::sync {

// Exit codes of hrc-sync in addition to hrc::Code's (docs/hrc-sync.md, docs/exit-codes.md). They
// start at 20 so they never collide with hrc::Code.
enum class SyncExit : int {
    transport = 20, // central could not be reached, or asked to wait: reports wait for their retry
    not_central = 21, // the server did not prove it is central: nothing was sent
    alert = 22, // sending has stopped until staff act (refused kiosk, TLS, central's key changed)
    interrupted = 23, // SIGTERM / SIGINT ended the pass early: nothing was lost
};

enum class LogLevel { error, warning, info, debug };

struct AgentEnv {
    std::function<std::int64_t()> now;                     // unix seconds
    std::function<std::int64_t(std::int64_t)> random_upto; // uniform in [0, bound]
    std::function<void(LogLevel, const std::string&)> log; // ids, counts, codes: never bodies
    const std::atomic<bool>* stop = nullptr;               // SIGTERM / SIGINT
};

enum class PassOutcome {
    ok,        // everything due was delivered or quarantined (or nothing was due)
    transport, // central unreachable / temporary refusal / unverifiable answer: claimed reports wait
    not_central, // the server did not prove it is central (preflight, redirect): nothing sent
    alert,       // sending stopped until staff act: an alert is set in the store
    interrupted, // the stop flag was raised
};
std::string_view to_string(PassOutcome outcome);

struct PassOptions {
    bool contact_despite_alert =
        false; // try the preflight although an alert is set (daemon, --retry-now)
    bool retry_waiting_now = false; // also send reports whose retry time has not come yet
};

struct PassResult {
    PassOutcome outcome = PassOutcome::ok;
    std::string error;           // staff-readable; empty when ok
    bool contacted = false;      // a request to central was attempted
    bool proved_central = false; // the preflight verified
    bool alert_cleared = false;
    std::int64_t retry_after = 0; // seconds central asked to wait (0 = none)
    int batches = 0;
    int sent = 0; // items in the batches sent (a 413-halved item counts twice)
    int accepted = 0, duplicate = 0, quarantined = 0, retried = 0;
    PurgeResult purged;
    bool progress() const { return accepted + duplicate + quarantined > 0; }
};

// The exit code of `hrc-sync --once` for a pass: 0 when the pass finished (or a temporary failure
// came after some progress), else the SyncExit above.
int exit_code_of(const PassResult& result);

// "https://host:8443/prefix/" → origin "https://host:8443", base path "/prefix" (no trailing slash;
// empty for none). Throws Error(Code::config) for a query, fragment or user name in the address.
struct CentralUrl {
    std::string origin;
    std::string base_path;
};
CentralUrl parse_central_url(const std::string& url);

// Full-jitter backoff: random(0, min(cap, 5 · 2^attempt)) seconds, but at least
// min(retry_after, cap). Never throws.
std::int64_t backoff_seconds(int attempt, std::int64_t cap, std::int64_t retry_after,
                             const std::function<std::int64_t(std::int64_t)>& random_upto);

class Agent {
public:
    // `store`, `http` and `kiosk` must outlive the agent. `config.central.url` must be set.
    Agent(const Config& config, Store& store, HttpClient& http, CentralIdentity central,
          const KioskKeys& kiosk, AgentEnv env);

    // Start of the process only: reports a crash left in `sending` go back to `queued` (re-sending
    // is safe: central deduplicates by report id). Returns how many.
    int recover();

    // One pass (state machine in agent.cpp). Throws only what the store throws.
    PassResult run_pass(const PassOptions& options);

private:
    struct Pass;
    enum class Step { next_batch, end_pass };
    bool preflight(Pass& pass);
    Step send_batch(Pass& pass, std::vector<OutboxItem>& batch);
    Step on_acknowledgement(Pass& pass, const std::vector<OutboxItem>& batch,
                            const protocol::BatchRequest& sent, const HttpResponse& response);
    void retry_all(Pass& pass, const std::vector<OutboxItem>& batch, bool with_backoff,
                   const std::string& error);
    void raise_alert(Pass& pass, const std::string& alert);
    void finish(Pass& pass);
    std::string refusal_alert(long status, const std::string& body) const;
    bool stopping() const { return env_.stop != nullptr && env_.stop->load(); }
    void log(LogLevel level, const std::string& message) const {
        if (env_.log) env_.log(level, message);
    }

    const Config& config_;
    Store& store_;
    HttpClient& http_;
    CentralIdentity central_;
    const KioskKeys& kiosk_;
    AgentEnv env_;
    CentralUrl url_;
    RetentionPolicy retention_;
    int last_waiting_long_ = 0; // the "waiting long" warning is logged when the count changes
};

// The daemon: a pass every sync.interval_seconds while all is well; after a failure, a full-jitter
// backoff (Retry-After as a floor); while an alert is set, the preflight only every
// sync.max_backoff_seconds. `sleep(seconds)` waits and says why it returned; `woken` (SIGHUP) runs
// the next pass at once, including reports waiting to retry. Returns 0 when stopped; store errors
// propagate as hrc::Error.
enum class Wake { elapsed, woken, stop };
int run_daemon(Agent& agent, const Config& config, const AgentEnv& env,
               const std::function<Wake(std::int64_t)>& sleep);

} // namespace hrc::sync
