// hrc-sync's pass (sync/agent/agent.cpp, the diagram at its top) driven edge by edge against a
// scripted fake central (an HttpClient answering from a script: signed preflights and
// acknowledgements made with a real central key pair, statuses, transport/TLS failures, malformed
// or wrongly signed bodies) and a real SQLCipher store in a temporary folder. After every pass the
// test reads the store: each report's state, attempts, due time and error; the audit rows the pass
// wrote; the sync state staff see. No network, no TLS, no processes: the whole file runs in about
// a second, where tests/integration/test_sync.cpp needs real TLS and minutes.
#include <deque>
#include <functional>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <sqlite3.h>

#include "hrc/submit.h"

#include "agent.h"
#include "http.h"
#include "protocol.h"
#include "test_support.h"

namespace protocol = hrc::protocol;
using hrc::OutboxState;
using hrc::sync::HttpRequest;
using hrc::sync::HttpResponse;
using hrc::sync::PassOutcome;
using Failure = hrc::sync::HttpResponse::Failure;

namespace {

constexpr std::int64_t kNow = 1743098700; // 2025-03-27T18:05:00Z
constexpr hrc::CivilDate kToday{2025, 3, 27};

// ---- the scripted central
// ------------------------------------------------------------------------

using Step = std::function<HttpResponse(const HttpRequest&)>;

class FakeCentral final : public hrc::sync::HttpClient {
public:
    FakeCentral(const hrc::CentralSecrets& secrets, const hrc::CentralIdentity& identity)
        : secrets_(secrets), identity_(identity) {}

    HttpResponse send(const HttpRequest& request) override {
        requests.push_back(request);
        if (script.empty()) {
            FAIL("the agent sent a request the script did not expect: " << request.method << " "
                                                                        << request.path_and_query);
        }
        Step step = std::move(script.front());
        script.pop_front();
        return step(request);
    }

    // ---- answers ----
    // A preflight as hrc-central signs it; `edit` changes it before signing (or after,
    // `after_signing`).
    Step preflight(std::function<void(protocol::Preflight&)> edit = {},
                   bool after_signing = false) const {
        return [this, edit, after_signing](const HttpRequest& r) {
            REQUIRE(r.method == "GET");
            // Under central.url's path: https://central.test/hrc/ → /hrc/v1/preflight?nonce=…
            REQUIRE(r.path_and_query.rfind(
                        std::string("/hrc") + protocol::kPreflightPath + "?nonce=", 0) == 0);
            protocol::Preflight p;
            p.nonce = r.path_and_query.substr(r.path_and_query.find("nonce=") + 6);
            p.time = kNow;
            p.sealing_key_id = hrc::to_hex(identity_.sealing_key_id);
            p.limits = limits;
            if (edit && !after_signing) edit(p);
            protocol::sign_preflight(p, secrets_.ack_secret_key);
            if (edit && after_signing) edit(p);
            return ok(protocol::to_json_text(p));
        };
    }
    // A signed acknowledgement with one status per item (rejected/conflict get a reason); `edit`
    // changes it after signing (to break it).
    Step ack(std::vector<protocol::ItemStatus> statuses,
             std::function<void(protocol::BatchResponse&)> edit = {}) const {
        return [this, statuses, edit](const HttpRequest& r) {
            REQUIRE(r.method == "POST");
            REQUIRE(r.path_and_query == std::string("/hrc") + protocol::kBatchesPath);
            std::string error;
            const auto batch = protocol::parse_batch_request(r.body, error);
            REQUIRE(batch);
            REQUIRE(batch->items.size() == statuses.size());
            protocol::BatchResponse response;
            response.batch_id = batch->batch_id;
            for (std::size_t i = 0; i < statuses.size(); ++i) {
                protocol::ItemResult result;
                result.report_id = batch->items[i].report_id;
                result.status = statuses[i];
                result.digest =
                    protocol::item_digest_hex(batch->items[i].sealed, batch->items[i].signature);
                if (statuses[i] == protocol::ItemStatus::rejected)
                    result.reason = "schema: bad field\x01";
                if (statuses[i] == protocol::ItemStatus::conflict)
                    result.reason = "another report has this id";
                result.received_at = kNow;
                response.results.push_back(result);
            }
            protocol::sign_batch_response(response, secrets_.ack_secret_key);
            if (edit) edit(response);
            return ok(protocol::to_json_text(response));
        };
    }
    static Step status(long code, std::string body = "",
                       std::optional<std::int64_t> retry_after = std::nullopt,
                       std::string location = "") {
        return [=](const HttpRequest&) {
            HttpResponse r;
            r.status = code;
            r.body = body;
            r.retry_after = retry_after;
            r.location = location;
            return r;
        };
    }
    static Step failure(Failure kind, std::string error = "simulated") {
        return [=](const HttpRequest&) {
            HttpResponse r;
            r.failure = kind;
            r.error = error;
            return r;
        };
    }
    static HttpResponse ok(std::string body) {
        HttpResponse r;
        r.status = 200;
        r.body = std::move(body);
        return r;
    }

    protocol::Limits limits;
    std::deque<Step> script;
    std::vector<HttpRequest> requests;

private:
    const hrc::CentralSecrets& secrets_;
    const hrc::CentralIdentity& identity_;
};

// ---- a kiosk with its store, and the agent
// -------------------------------------------------------

struct Kiosk : hrc_test::StoreFolder {
    hrc_test::TempDir dir;
    std::optional<hrc::Store> store;
    FakeCentral central_server{central_secrets, central};
    std::int64_t now = kNow;
    std::atomic<bool> stop{false};
    std::vector<std::string> logged;
    std::optional<hrc::sync::Agent> agent;

    explicit Kiosk(int reports) {
        store.emplace(create(dir.path(), "kiosk-7", "centre-1", kNow));
        config.kiosk.kiosk_id = "kiosk-7";
        config.central.url = "https://central.test/hrc/";
        config.sync.max_backoff_seconds = 3600;
        for (int i = 0; i < reports; ++i)
            ids.push_back(submit(kNow - 100 + i));
        hrc::sync::AgentEnv env;
        env.now = [this] { return now; };
        env.random_upto = [](std::int64_t bound) {
            return bound;
        }; // the backoff's ceiling: deterministic
        env.log = [this](hrc::sync::LogLevel, const std::string& m) { logged.push_back(m); };
        env.stop = &stop;
        agent.emplace(config, *store, central_server, central, keys, env);
    }

    std::string submit(std::int64_t at) {
        hrc::Report r = hrc_test::fresh_report();
        const hrc::SubmitOutcome out = hrc::submit_report(*store, r, keys, central, kToday, at);
        REQUIRE(out.stored());
        return out.report_id;
    }

    // One pass; afterwards no report may be left in SENDING (invariant P3).
    hrc::sync::PassResult pass(hrc::sync::PassOptions options = {}) {
        audit_mark = last_seq();
        const hrc::sync::PassResult r = agent->run_pass(options);
        CHECK(store->status(now, {}).counts.sending == 0);
        CHECK(central_server.script.empty()); // every scripted answer was asked for
        return r;
    }

    hrc::OutboxEntry entry(const std::string& id) const { return *store->find(id); }
    hrc::SyncStatus sync() const { return store->status(now, {}).sync; }

    // The audit events the last pass wrote, in order (e.g. "report.claimed").
    std::vector<std::string> events() const {
        std::vector<std::string> out;
        sqlite3_stmt* st = nullptr;
        REQUIRE(sqlite3_prepare_v2(store->handle(),
                                   "SELECT event FROM audit WHERE seq > ?1 ORDER BY seq", -1, &st,
                                   nullptr) == SQLITE_OK);
        sqlite3_bind_int64(st, 1, audit_mark);
        while (sqlite3_step(st) == SQLITE_ROW)
            out.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(st, 0)));
        sqlite3_finalize(st);
        return out;
    }
    int count(const std::string& event) const {
        const auto e = events();
        return static_cast<int>(std::count(e.begin(), e.end(), event));
    }
    std::int64_t last_seq() const {
        sqlite3_stmt* st = nullptr;
        REQUIRE(sqlite3_prepare_v2(store->handle(), "SELECT coalesce(max(seq), 0) FROM audit", -1,
                                   &st, nullptr) == SQLITE_OK);
        REQUIRE(sqlite3_step(st) == SQLITE_ROW);
        const std::int64_t seq = sqlite3_column_int64(st, 0);
        sqlite3_finalize(st);
        return seq;
    }
    // Every report still QUEUED and never attempted: nothing was claimed (P1).
    void check_untouched() const {
        for (const auto& id : ids) {
            CHECK(entry(id).state == OutboxState::queued);
            CHECK(entry(id).attempts == 0);
        }
        CHECK(count("report.claimed") == 0);
    }

    std::vector<std::string> ids;
    std::int64_t audit_mark = 0;
};

std::string refusal(protocol::ErrorCode code) {
    return protocol::error_json(code, "refused");
}

} // namespace

//-------------------------------------------------------------------------------------------------
// GATE
//-------------------------------------------------------------------------------------------------

TEST_CASE(
    "agent pass: GATE - an alert ends the pass before any request, unless contact_despite_alert",
    "[agent]") {
    Kiosk k(1);
    k.store->set_alert("central refused this kiosk", kNow);
    auto r = k.pass();
    CHECK(r.outcome == PassOutcome::alert);
    CHECK(r.error == "central refused this kiosk");
    CHECK(k.central_server.requests.empty());
    CHECK_FALSE(r.contacted);
    k.check_untouched();

    // The daemon (and --retry-now) still tries; a verified preflight clears the alert.
    k.central_server.script = {k.central_server.preflight(),
                               k.central_server.ack({protocol::ItemStatus::accepted})};
    r = k.pass({.contact_despite_alert = true});
    CHECK(r.outcome == PassOutcome::ok);
    CHECK(r.alert_cleared);
    CHECK(k.sync().alert.empty());
    CHECK(k.count("sync.alert_cleared") == 1);
    CHECK(k.entry(k.ids[0]).state == OutboxState::acked);
}

TEST_CASE("agent pass: GATE - the stop flag before the pass ends it with nothing sent", "[agent]") {
    Kiosk k(1);
    k.stop = true;
    const auto r = k.pass();
    CHECK(r.outcome == PassOutcome::interrupted);
    CHECK(k.central_server.requests.empty());
    k.check_untouched();
    CHECK(k.sync().last_contact_at == 0); // nothing learnt about the connection
}

//-------------------------------------------------------------------------------------------------
// PREFLIGHT
//-------------------------------------------------------------------------------------------------

TEST_CASE(
    "agent pass: PREFLIGHT - every failure ends the pass with nothing claimed, as the diagram says",
    "[agent]") {
    struct Case {
        const char* name;
        std::function<Step(const FakeCentral&)> answer;
        PassOutcome outcome;
        bool alert; // an alert is set in the store
        const char* error_contains;
    };
    using protocol::ErrorCode;
    const Case cases[] = {
        {"transport error",
         [](const FakeCentral&) {
             return FakeCentral::failure(Failure::transport, "connection refused");
         },
         PassOutcome::transport, false, "connection refused"},
        {"response too large",
         [](const FakeCentral&) { return FakeCentral::failure(Failure::too_large, "too big"); },
         PassOutcome::transport, false, "too big"},
        {"408", [](const FakeCentral&) { return FakeCentral::status(408); }, PassOutcome::transport,
         false, "HTTP 408"},
        {"429", [](const FakeCentral&) { return FakeCentral::status(429, "", 30); },
         PassOutcome::transport, false, "HTTP 429"},
        {"503", [](const FakeCentral&) { return FakeCentral::status(503); }, PassOutcome::transport,
         false, "HTTP 503"},
        {"401 unknown_kiosk",
         [](const FakeCentral&) {
             return FakeCentral::status(401, refusal(ErrorCode::unknown_kiosk));
         },
         PassOutcome::alert, true, "does not know this kiosk"},
        {"401 clock_skew",
         [](const FakeCentral&) {
             return FakeCentral::status(401, refusal(ErrorCode::clock_skew));
         },
         PassOutcome::alert, true, "clock is wrong"},
        {"403 revoked",
         [](const FakeCentral&) { return FakeCentral::status(403, refusal(ErrorCode::revoked)); },
         PassOutcome::alert, true, "(revoked)"},
        {"TLS failure",
         [](const FakeCentral&) {
             return FakeCentral::failure(Failure::tls, "certificate verify failed");
         },
         PassOutcome::alert, true, "cannot prove the server is central"},
        {"sealing key is not central.pub's",
         [](const FakeCentral& c) {
             return c.preflight(
                 [](protocol::Preflight& p) { p.sealing_key_id = std::string(16, 'a'); });
         },
         PassOutcome::alert, true, "central's sealing key is aaaa"},
        {"302",
         [](const FakeCentral&) {
             return FakeCentral::status(302, "", std::nullopt, "https://portal.test/");
         },
         PassOutcome::not_central, false, "redirects to https://portal.test/"},
        {"404", [](const FakeCentral&) { return FakeCentral::status(404); },
         PassOutcome::not_central, false, "HTTP 404"},
        {"not JSON",
         [](const FakeCentral&) { return FakeCentral::status(200, "<html>wifi login</html>"); },
         PassOutcome::not_central, false, "not an hrc-central preflight"},
        {"signature does not verify",
         [](const FakeCentral& c) {
             return c.preflight([](protocol::Preflight& p) { p.limits.max_batch_items = 7; }, true);
         },
         PassOutcome::not_central, false, "not signed with the acknowledgement key"},
        {"nonce not echoed",
         [](const FakeCentral& c) {
             return c.preflight([](protocol::Preflight& p) { p.nonce = std::string(64, '0'); });
         },
         PassOutcome::not_central, false, "replayed answer"},
        {"another service",
         [](const FakeCentral& c) {
             return c.preflight([](protocol::Preflight& p) { p.service = "other"; });
         },
         PassOutcome::not_central, false, "does not say it is hrc-central"},
        {"another protocol",
         [](const FakeCentral& c) {
             return c.preflight([](protocol::Preflight& p) { p.protocol = 2; });
         },
         PassOutcome::not_central, false, "speaks sync protocol 2"},
        {"stop flag during the preflight",
         [](const FakeCentral&) { return FakeCentral::failure(Failure::aborted); },
         PassOutcome::interrupted, false, "stopped"},
    };
    for (const Case& c : cases) {
        DYNAMIC_SECTION(c.name) {
            Kiosk k(2);
            k.central_server.script = {c.answer(k.central_server)};
            const auto r = k.pass();
            CHECK(r.outcome == c.outcome);
            CHECK_THAT(r.error, Catch::Matchers::Contains(c.error_contains));
            CHECK(k.central_server.requests.size() == 1); // the preflight only: nothing sent (P1)
            CHECK_FALSE(r.proved_central);
            k.check_untouched();
            CHECK(k.sync().alert.empty() == !c.alert);
            CHECK(k.count("sync.alert") == (c.alert ? 1 : 0));
            if (c.outcome == PassOutcome::interrupted) {
                CHECK(k.sync().last_contact_at == 0);
            } else {
                CHECK(k.sync().last_contact_at == kNow);
                CHECK(k.sync().last_error == r.error);
            }
            if (std::string(c.name) == "429") CHECK(r.retry_after == 30);
        }
    }
}

//-------------------------------------------------------------------------------------------------
// CLAIM and SEND: acknowledgements
//-------------------------------------------------------------------------------------------------

TEST_CASE("agent pass: SEND - a verified acknowledgement marks each report and the pass claims "
          "again until none is due",
          "[agent]") {
    Kiosk k(5);
    k.central_server.limits.max_batch_items = 2;
    using S = protocol::ItemStatus;
    k.central_server.script = {
        k.central_server.preflight(), k.central_server.ack({S::accepted, S::duplicate}),
        k.central_server.ack({S::rejected, S::conflict}), k.central_server.ack({S::accepted})};
    const auto r = k.pass();
    CHECK(r.outcome == PassOutcome::ok);
    CHECK(r.error.empty());
    CHECK(r.batches == 3);
    CHECK(r.accepted == 2);
    CHECK(r.duplicate == 1);
    CHECK(r.quarantined == 2);
    CHECK(r.retried == 0);
    CHECK(k.central_server.requests.size() == 4);
    CHECK(k.entry(k.ids[0]).state == OutboxState::acked);
    CHECK(k.entry(k.ids[1]).state == OutboxState::acked); // duplicate = delivered
    CHECK(k.entry(k.ids[2]).state == OutboxState::quarantined);
    CHECK(k.entry(k.ids[2]).last_error ==
          "rejected by central: schema: bad field "); // control character cut (P7)
    CHECK(k.entry(k.ids[3]).state == OutboxState::quarantined);
    CHECK_THAT(k.entry(k.ids[3]).last_error, Catch::Matchers::StartsWith("conflict:"));
    CHECK(k.entry(k.ids[4]).state == OutboxState::acked);
    CHECK(k.count("report.claimed") == 5);
    CHECK(k.count("report.acked") == 3);
    CHECK(k.count("report.quarantined") == 2);
    // END: contact recorded without error; the acknowledged sealed copies purged.
    CHECK(k.sync().last_error.empty());
    CHECK(k.sync().last_contact_at == kNow);
    // Each acknowledgement dropped the sealed copies it delivered (one audit row per batch that
    // delivered any), so the end of the pass finds none left.
    CHECK(r.purged.acked_purged == 0);
    for (int i : {0, 1, 4})
        CHECK_FALSE(k.entry(k.ids[static_cast<std::size_t>(i)]).sealed_present);
    for (int i : {2, 3})
        CHECK(k.entry(k.ids[static_cast<std::size_t>(i)]).sealed_present); // quarantined: kept
    CHECK(k.count("outbox.purged_acked") == 2);
    CHECK(k.store->verify_audit().ok);
}

TEST_CASE("agent pass: SEND - 413 for a batch of several puts it back due now and sends halves",
          "[agent]") {
    Kiosk k(4);
    using S = protocol::ItemStatus;
    k.central_server.script = {k.central_server.preflight(),
                               FakeCentral::status(413, refusal(protocol::ErrorCode::too_large)),
                               k.central_server.ack({S::accepted, S::accepted}),
                               k.central_server.ack({S::accepted, S::accepted})};
    const auto r = k.pass();
    CHECK(r.outcome == PassOutcome::ok);
    CHECK(r.batches == 3);
    CHECK(r.sent == 8); // a halved item counts twice
    std::string error;
    CHECK(protocol::parse_batch_request(k.central_server.requests[1].body, error)->items.size() ==
          4);
    CHECK(protocol::parse_batch_request(k.central_server.requests[2].body, error)->items.size() ==
          2);
    for (const auto& id : k.ids) {
        CHECK(k.entry(id).state == OutboxState::acked);
        CHECK(k.entry(id).attempts == 2);
    }
    CHECK(k.count("report.retry_scheduled") == 4);
    CHECK(k.count("report.claimed") == 8);
}

TEST_CASE("agent pass: CLAIM - nothing due ends the pass ok, and retry_waiting_now claims waiting "
          "reports",
          "[agent]") {
    Kiosk k(1);
    k.central_server.script = {k.central_server.preflight(), FakeCentral::status(503)};
    REQUIRE(k.pass().outcome == PassOutcome::transport);
    REQUIRE(k.entry(k.ids[0]).state == OutboxState::retry_wait);

    k.central_server.script = {k.central_server.preflight()};
    auto r = k.pass();
    CHECK(r.outcome == PassOutcome::ok);
    CHECK(r.batches == 0);
    CHECK(k.entry(k.ids[0]).state == OutboxState::retry_wait); // not due yet

    k.central_server.script = {k.central_server.preflight(),
                               k.central_server.ack({protocol::ItemStatus::accepted})};
    r = k.pass({.retry_waiting_now = true});
    CHECK(r.outcome == PassOutcome::ok);
    CHECK(k.entry(k.ids[0]).state == OutboxState::acked);
    CHECK(k.entry(k.ids[0]).attempts == 2);
}

TEST_CASE("agent pass: CLAIM - the stop flag between batches ends the pass, the rest stays queued",
          "[agent]") {
    Kiosk k(3);
    k.central_server.limits.max_batch_items = 1;
    const Step ack_one = k.central_server.ack({protocol::ItemStatus::accepted});
    k.central_server.script = {k.central_server.preflight(), [&](const HttpRequest& request) {
                                   k.stop = true; // SIGTERM while the first batch is out
                                   return ack_one(request);
                               }};
    const auto r = k.pass();
    CHECK(r.outcome == PassOutcome::interrupted);
    CHECK(k.entry(k.ids[0]).state == OutboxState::acked); // the batch in flight was finished (P4)
    CHECK(k.entry(k.ids[1]).state == OutboxState::queued);
    CHECK(k.entry(k.ids[2]).state == OutboxState::queued);
    CHECK_FALSE(k.entry(k.ids[0]).sealed_present); // dropped with its acknowledgement
    CHECK(k.entry(k.ids[1]).sealed_present);
    CHECK(k.sync().last_contact_at == kNow); // central was proved, so contact counts
}

//-------------------------------------------------------------------------------------------------
// SEND: failures
//-------------------------------------------------------------------------------------------------

TEST_CASE("agent pass: SEND - every failure puts each claimed report back to wait, with backoff or "
          "due now",
          "[agent]") {
    struct Case {
        const char* name;
        std::function<Step(const FakeCentral&)> answer;
        PassOutcome outcome;
        std::int64_t
            wait; // seconds until due again: 10 is the first backoff (5 · 2^1) at its ceiling
        bool alert;
    };
    using protocol::ErrorCode;
    using S = protocol::ItemStatus;
    const Case cases[] = {
        {"transport error",
         [](const FakeCentral&) { return FakeCentral::failure(Failure::transport, "reset"); },
         PassOutcome::transport, 10, false},
        {"response too large",
         [](const FakeCentral&) { return FakeCentral::failure(Failure::too_large); },
         PassOutcome::transport, 10, false},
        {"400 unsigned",
         [](const FakeCentral&) {
             return FakeCentral::status(400, refusal(ErrorCode::bad_request));
         },
         PassOutcome::transport, 10, false},
        {"408", [](const FakeCentral&) { return FakeCentral::status(408); }, PassOutcome::transport,
         10, false},
        {"413 for one report",
         [](const FakeCentral&) { return FakeCentral::status(413, refusal(ErrorCode::too_large)); },
         PassOutcome::transport, 10, false},
        {"422", [](const FakeCentral&) { return FakeCentral::status(422); }, PassOutcome::transport,
         10, false},
        {"429 with Retry-After",
         [](const FakeCentral&) { return FakeCentral::status(429, "", 120); },
         PassOutcome::transport, 120, false},
        {"500",
         [](const FakeCentral&) { return FakeCentral::status(500, refusal(ErrorCode::internal)); },
         PassOutcome::transport, 10, false},
        {"503",
         [](const FakeCentral&) { return FakeCentral::status(503, refusal(ErrorCode::busy), 5); },
         PassOutcome::transport, 10, false},
        {"another status", [](const FakeCentral&) { return FakeCentral::status(418); },
         PassOutcome::transport, 10, false},
        {"200 not JSON",
         [](const FakeCentral&) { return FakeCentral::status(200, "{\"batch_id\": "); },
         PassOutcome::transport, 10, false},
        {"200 with a bad signature",
         [](const FakeCentral& c) {
             return c.ack({S::accepted},
                          [](protocol::BatchResponse& r) { r.results[0].status = S::rejected; });
         },
         PassOutcome::transport, 10, false},
        {"200 for other bytes",
         [](const FakeCentral& c) {
             return c.ack({S::accepted},
                          [](protocol::BatchResponse& r) { r.batch_id = "another"; });
         },
         PassOutcome::transport, 10, false},
        {"302",
         [](const FakeCentral&) {
             return FakeCentral::status(302, "", std::nullopt, "https://elsewhere.test/");
         },
         PassOutcome::not_central, 10, false},
        {"401",
         [](const FakeCentral&) {
             return FakeCentral::status(401, refusal(ErrorCode::bad_signature));
         },
         PassOutcome::alert, 0, true},
        {"403",
         [](const FakeCentral&) { return FakeCentral::status(403, refusal(ErrorCode::revoked)); },
         PassOutcome::alert, 0, true},
        {"TLS failure",
         [](const FakeCentral&) { return FakeCentral::failure(Failure::tls, "pin mismatch"); },
         PassOutcome::alert, 0, true},
        {"stop flag during the transfer",
         [](const FakeCentral&) { return FakeCentral::failure(Failure::aborted); },
         PassOutcome::interrupted, 0, false},
    };
    for (const Case& c : cases) {
        DYNAMIC_SECTION(c.name) {
            Kiosk k(1);
            k.central_server.script = {k.central_server.preflight(), c.answer(k.central_server)};
            const auto r = k.pass();
            CHECK(r.outcome == c.outcome);
            CHECK(r.retried == 1);
            const hrc::OutboxEntry e = k.entry(k.ids[0]);
            CHECK(e.state ==
                  OutboxState::retry_wait); // never quarantined without central's signed word (P8)
            CHECK(e.attempts == 1);
            CHECK(e.next_attempt_at == kNow + c.wait);
            CHECK_FALSE(e.last_error.empty());
            CHECK(k.count("report.claimed") == 1);
            CHECK(k.count("report.retry_scheduled") == 1);
            CHECK(k.count("report.acked") + k.count("report.quarantined") == 0);
            CHECK(k.sync().alert.empty() == !c.alert);
            CHECK(e.sealed_present);
        }
    }
}

TEST_CASE(
    "agent pass: SEND - a request curl refuses puts the batch back due now and throws internal",
    "[agent]") {
    Kiosk k(1);
    k.central_server.script = {k.central_server.preflight(),
                               FakeCentral::failure(Failure::setup, "bad option")};
    try {
        k.agent->run_pass({});
        FAIL("no exception");
    } catch (const hrc::Error& e) {
        CHECK(e.code() == hrc::Code::internal);
    }
    CHECK(k.entry(k.ids[0]).state == OutboxState::retry_wait);
    CHECK(k.entry(k.ids[0]).next_attempt_at == kNow);
}

//-------------------------------------------------------------------------------------------------
// recover(): a crash mid-pass
//-------------------------------------------------------------------------------------------------

TEST_CASE("agent pass: recover() puts reports a crash left SENDING back in the queue", "[agent]") {
    Kiosk k(2);
    REQUIRE(k.store->claim_batch(kNow, 10, 1 << 20).size() == 2); // as if hrc-sync died mid-send
    k.audit_mark = k.last_seq();
    CHECK(k.agent->recover() == 2);
    for (const auto& id : k.ids)
        CHECK(k.entry(id).state == OutboxState::queued);
    CHECK(k.count("report.recovered") == 2);
    k.central_server.script = {
        k.central_server.preflight(),
        k.central_server.ack({protocol::ItemStatus::duplicate, protocol::ItemStatus::accepted})};
    CHECK(k.pass().outcome == PassOutcome::ok);
    for (const auto& id : k.ids)
        CHECK(k.entry(id).state == OutboxState::acked);
}
