// server.cpp — see server.h and docs/protocol.md.
//
// [SECTION] Request log (one line per request, never content)
// [SECTION] Receiver: authentication, preflight, batches, fault injection
// [SECTION] HTTP wiring (cpp-httplib), TLS context
// [SECTION] serve(): bind, signals, listen
//
// Threads: cpp-httplib answers each connection on a pool thread. The database connection is
// shared and every use of it holds `db_mutex_`, so batches are stored one at a time (each in one
// transaction); signature checks of request headers run outside it.

#include "server.h"

#include <algorithm>
#include <atomic>
#include <charconv>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <iostream>
#include <mutex>
#include <thread>

#include <httplib.h>
#include <openssl/ssl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "hrc/clock.h"
#include "hrc/error.h"
#include "hrc/signals.h"
#include "hrc/store.h"

#include "central_store.h"
#include "receive.h"
#include "tls.h"

namespace hrc::central {

namespace {

using protocol::ErrorCode;

//-------------------------------------------------------------------------------------------------
// [SECTION] Request log
//-------------------------------------------------------------------------------------------------

// What the handler learnt about the request, for the logger, which cpp-httplib calls on the same
// pool thread after the response is written.
struct RequestLog {
    std::string kiosk;
    std::string error;
    bool has_counts = false;
    BatchCounts counts;
    std::chrono::steady_clock::time_point start{};
};
thread_local RequestLog t_log;

// Header values and paths come from the network: printable ASCII only, bounded.
std::string printable(std::string_view s, std::size_t max = 80) {
    std::string out;
    for (char c : s.substr(0, max))
        out += (c >= 0x21 && c <= 0x7e) ? c : '?';
    if (s.size() > max) out += "...";
    return out;
}

std::mutex g_log_mutex;

void log_line(const std::string& line) {
    std::lock_guard<std::mutex> lock(g_log_mutex);
    std::cerr << format_utc(unix_now()) << " " << line << std::endl;
}

void log_request(const httplib::Request& req, const httplib::Response& res) {
    auto field = [](const std::string& s, std::size_t max) {
        return s.empty() ? std::string("-") : printable(s, max);
    };
    std::string line = field(req.remote_addr, 46) + " kiosk=" + field(t_log.kiosk, 64) + " " +
                       field(req.method, 8) + " " + field(req.path, 80) + " " +
                       std::to_string(res.status);
    if (t_log.has_counts)
        line += " accepted=" + std::to_string(t_log.counts.accepted) +
                " duplicate=" + std::to_string(t_log.counts.duplicate) +
                " conflict=" + std::to_string(t_log.counts.conflict) +
                " rejected=" + std::to_string(t_log.counts.rejected);
    if (!t_log.error.empty()) line += " error=" + t_log.error;
    if (t_log.start != std::chrono::steady_clock::time_point{}) {
        const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
            std::chrono::steady_clock::now() - t_log.start);
        line += " " + std::to_string(ms.count()) + "ms";
    }
    log_line(line);
    t_log = RequestLog{};
}

// Every error answer: a code from protocol::ErrorCode's table only (docs/protocol.md).
void respond_error(httplib::Response& res, int status, protocol::ErrorCode code,
                   const std::string& message, int retry_after = 0) {
    res.status = status;
    if (retry_after > 0) res.set_header("Retry-After", std::to_string(retry_after));
    res.set_content(protocol::error_json(code, message), "application/json");
    t_log.error = std::string(protocol::to_string(code));
}

//-------------------------------------------------------------------------------------------------
// [SECTION] Receiver
//-------------------------------------------------------------------------------------------------

bool is_nonce(const std::string& s) {
    if (s.size() != 64) return false;
    for (char c : s)
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
    return true;
}

class Receiver {
public:
    Receiver(CentralStore store, CentralSecrets secrets, const ServeOptions& options)
        : store_(std::move(store)), secrets_(std::move(secrets)), limits_(options.limits),
          faults_(options.fail_next.begin(), options.fail_next.end()),
          crash_after_commit_(options.crash_after_commit) {
        sealing_key_id_ = to_hex(
            key_id_of(secrets_.sealing_public_key.data(), secrets_.sealing_public_key.size()));
    }

    const protocol::Limits& limits() const { return limits_; }
    const std::string& sealing_key_id() const { return sealing_key_id_; }
    std::size_t enrolled_kiosks() {
        std::lock_guard<std::mutex> lock(db_mutex_);
        return store_.kiosks().size();
    }

    void preflight(const httplib::Request& req, httplib::Response& res) {
        guarded(res, [&] {
            const auto kiosk =
                authenticate(req, req.method, req.target, protocol::blake2b_hex(""), res);
            if (!kiosk) return;
            if (req.get_param_value_count("nonce") != 1 || !is_nonce(req.get_param_value("nonce")))
                return respond_error(
                    res, 400, ErrorCode::bad_request,
                    "nonce must be 64 lower-case hex characters (32 random bytes), given once");
            protocol::Preflight p;
            p.nonce = req.get_param_value("nonce");
            p.time = unix_now();
            p.sealing_key_id = sealing_key_id_;
            p.limits = limits_;
            protocol::sign_preflight(p, secrets_.ack_secret_key);
            res.status = 200;
            res.set_content(protocol::to_json_text(p), "application/json");
        });
    }

    // `authenticated`: the kiosk, when its headers were checked before the body was read
    // (authenticate_headers); otherwise the signature is checked here against the body.
    void batch(const httplib::Request& req, const std::string& body, httplib::Response& res,
               const std::optional<KioskRecord>& authenticated = std::nullopt) {
        guarded(res, [&] {
            if (inject_failure(res)) return;
            const auto kiosk = authenticated ? authenticated
                                             : authenticate(req, req.method, req.target,
                                                            protocol::blake2b_hex(body), res);
            if (!kiosk) return;
            if (body.size() > static_cast<std::size_t>(limits_.max_batch_bytes))
                return respond_error(res, 413, ErrorCode::too_large,
                                     "the batch is " + std::to_string(body.size()) +
                                         " bytes; the limit is " +
                                         std::to_string(limits_.max_batch_bytes));
            std::string why;
            // Shape and item count first, in a streaming pass that builds nothing (protocol.h).
            switch (protocol::check_batch_shape(
                body, static_cast<std::size_t>(limits_.max_batch_items), why)) {
            case protocol::BatchShape::ok:
                break;
            case protocol::BatchShape::too_many_items:
                return respond_error(res, 413, ErrorCode::too_large, why);
            case protocol::BatchShape::malformed:
                return respond_error(res, 400, ErrorCode::bad_request, why);
            }
            const auto batch = protocol::parse_batch_request(body, why);
            if (!batch) return respond_error(res, 400, ErrorCode::bad_request, why);
            if (batch->items.size() > static_cast<std::size_t>(limits_.max_batch_items))
                return respond_error(res, 413, ErrorCode::too_large,
                                     "the batch has " + std::to_string(batch->items.size()) +
                                         " items; the limit is " +
                                         std::to_string(limits_.max_batch_items));
            BatchCounts counts;
            std::string response_text;
            {
                std::lock_guard<std::mutex> lock(db_mutex_);
                (void)receive_batch(store_, secrets_, *kiosk, *batch, unix_now(), counts,
                                    response_text);
                ++committed_batches_;
                if (crash_after_commit_ > 0 && committed_batches_ == crash_after_commit_) {
                    // Test only: the batch is on disk, the kiosk never hears so.
                    static const char msg[] = "hrc-central: test fault (--crash-after-commit): "
                                              "exiting after a commit, before replying\n";
                    (void)!::write(STDERR_FILENO, msg, sizeof msg - 1);
                    ::_exit(9);
                }
            }
            t_log.has_counts = true;
            t_log.counts = counts;
            res.status = 200;
            res.set_content(response_text, "application/json");
        });
    }

    // Checks the signature of a request whose body has not been read, against the body's digest in
    // X-HRC-Body-BLAKE2b (the caller must check the body against it once read). On failure the
    // response is set and nullopt is returned.
    std::optional<KioskRecord> authenticate_headers(const httplib::Request& req,
                                                    httplib::Response& res) {
        std::optional<KioskRecord> kiosk;
        guarded(res, [&] {
            kiosk = authenticate(req, req.method, req.target,
                                 req.get_header_value(protocol::kHeaderBodyDigest), res);
        });
        return kiosk;
    }

    // GET /v1/authorize, for nginx's auth_request (packaging/nginx/hrc-central.conf): are the
    // headers of the request in X-Original-Method / X-Original-URI signed by an enrolled kiosk,
    // over the body digest it announces? 204 if so; else 401/403 with the refusal JSON in the body
    // and in X-HRC-Refusal (nginx answers the kiosk with it). Loopback clients only: 404 otherwise.
    void authorize(const httplib::Request& req, httplib::Response& res) {
        const bool local = req.remote_addr == "127.0.0.1" || req.remote_addr == "::1" ||
                           req.remote_addr == "::ffff:127.0.0.1";
        if (!local) return respond_error(res, 404, ErrorCode::not_found, "HTTP 404");
        guarded(res, [&] {
            const std::string method = req.get_header_value(protocol::kHeaderOriginalMethod);
            const std::string target = req.get_header_value(protocol::kHeaderOriginalUri);
            const std::string digest = req.get_header_value(protocol::kHeaderBodyDigest);
            if (method == "POST" && digest.empty()) {
                respond_error(res, 401, ErrorCode::bad_signature,
                              std::string("the request has no ") + protocol::kHeaderBodyDigest +
                                  " header: update hrc-sync on this kiosk");
            } else if (authenticate(req, method, target,
                                    method == "POST" ? digest : protocol::blake2b_hex(""), res)) {
                res.status = 204;
                return;
            }
        });
        if (res.status == 204) return;
        // A header value: no control characters (the JSON escapes them already), bounded.
        std::string refusal = res.body.substr(0, 1024);
        for (char& c : refusal)
            if (static_cast<unsigned char>(c) < 0x20) c = ' ';
        res.set_header(protocol::kHeaderRefusal, refusal);
        // 401/403 reach the kiosk with this refusal. Anything else (central's database busy or
        // failing: 500/503) makes nginx answer 500, which hrc-sync retries like any server fault.
    }

private:
    // Runs a handler; no exception leaves it. Database trouble is a server fault the kiosk retries.
    template <typename F>
    void guarded(httplib::Response& res, F&& handler) {
        try {
            handler();
        } catch (const Error& e) {
            log_line("hrc-central: request failed: " + std::string(e.what()));
            if (e.code() == Code::busy)
                respond_error(
                    res, 503, ErrorCode::busy,
                    "central's database is busy; nothing of this request was stored; try again", 5);
            else if (e.code() == Code::disk_full)
                respond_error(
                    res, 503, ErrorCode::unavailable,
                    "central cannot store anything just now; nothing was stored; try again later",
                    60);
            else
                respond_error(res, 500, ErrorCode::internal,
                              "central could not process this request; nothing of it was stored; "
                              "try again later");
        } catch (const std::exception& e) {
            log_line("hrc-central: request failed: " + std::string(e.what()));
            respond_error(res, 500, ErrorCode::internal,
                          "central could not process this request; nothing of it was stored; try "
                          "again later");
        }
    }

    // Test only (--fail-next): answers with the next injected status, if any is left.
    bool inject_failure(httplib::Response& res) {
        InjectedFailure f;
        {
            std::lock_guard<std::mutex> lock(fault_mutex_);
            while (!faults_.empty() && faults_.front().count <= 0)
                faults_.pop_front();
            if (faults_.empty()) return false;
            f = faults_.front();
            if (--faults_.front().count <= 0) faults_.pop_front();
        }
        respond_error(res, f.status, ErrorCode::injected_fault,
                      "test fault injected by --fail-next: this batch was not processed",
                      f.retry_after);
        return true;
    }

    // docs/protocol.md "Request authentication": the request string of `method`, `target` and the
    // body's hex BLAKE2b-256 `body_digest`. On failure the response is set and nullopt is
    // returned; nothing of the request has been stored.
    std::optional<KioskRecord> authenticate(const httplib::Request& req, const std::string& method,
                                            const std::string& target,
                                            const std::string& body_digest,
                                            httplib::Response& res) {
        const std::string kiosk_id = req.get_header_value(protocol::kHeaderKiosk);
        t_log.kiosk = kiosk_id;
        if (kiosk_id.empty() || kiosk_id.size() > 255) {
            respond_error(res, 401, ErrorCode::unknown_kiosk,
                          std::string("the request does not name a kiosk (") +
                              protocol::kHeaderKiosk + ")");
            return std::nullopt;
        }
        std::optional<KioskRecord> kiosk;
        {
            std::lock_guard<std::mutex> lock(db_mutex_);
            kiosk = store_.find_kiosk(kiosk_id);
        }
        if (!kiosk) {
            respond_error(res, 401, ErrorCode::unknown_kiosk,
                          "kiosk " + printable(kiosk_id, 64) +
                              " is not enrolled at this central; enrol its kiosk.pub with "
                              "`hrc-central enrol`");
            return std::nullopt;
        }
        const std::string time_text = req.get_header_value(protocol::kHeaderTime);
        const std::string signature = req.get_header_value(protocol::kHeaderSignature);
        if (signature.empty()) {
            respond_error(res, 401, ErrorCode::bad_signature,
                          std::string("the request is not signed (") + protocol::kHeaderSignature +
                              " is missing)");
            return std::nullopt;
        }
        std::int64_t time = 0;
        const auto [end, ec] =
            std::from_chars(time_text.data(), time_text.data() + time_text.size(), time);
        // Bounded to 0 .. year 5138 so the clock arithmetic below can never overflow.
        constexpr std::int64_t kLatestTime = 100'000'000'000;
        if (time_text.empty() || ec != std::errc() || end != time_text.data() + time_text.size() ||
            time < 0 || time > kLatestTime) {
            respond_error(res, 401, ErrorCode::bad_signature,
                          std::string(protocol::kHeaderTime) + " must be unix seconds");
            return std::nullopt;
        }
        // The signature covers the request target exactly as sent (path and query, undecoded).
        if (!protocol::verify_request_digest(kiosk->public_key, method, target, time, body_digest,
                                             signature)) {
            respond_error(res, 401, ErrorCode::bad_signature,
                          "the request signature does not verify with kiosk " + kiosk->kiosk_id +
                              "'s enrolled key");
            return std::nullopt;
        }
        const std::int64_t now = unix_now();
        if (time > now + protocol::kMaxClockSkewSeconds ||
            time < now - protocol::kMaxClockSkewSeconds) {
            const std::int64_t off = time - now;
            respond_error(res, 401, ErrorCode::clock_skew,
                          "the kiosk's clock is " + std::to_string(off > 0 ? off : -off) +
                              " seconds " + (off > 0 ? "ahead of" : "behind") +
                              " central's (at most " +
                              std::to_string(protocol::kMaxClockSkewSeconds) +
                              " allowed); set the kiosk's time");
            return std::nullopt;
        }
        if (kiosk->revoked()) {
            respond_error(res, 403, ErrorCode::revoked,
                          "kiosk " + kiosk->kiosk_id + " was revoked at central on " +
                              format_utc(kiosk->revoked_at) + "; it may not deliver reports");
            return std::nullopt;
        }
        return kiosk;
    }

    CentralStore store_;
    std::mutex db_mutex_;
    CentralSecrets secrets_;
    protocol::Limits limits_;
    std::string sealing_key_id_;
    std::mutex fault_mutex_;
    std::deque<InjectedFailure> faults_;
    int crash_after_commit_ = 0;
    int committed_batches_ = 0; // under db_mutex_
};

//-------------------------------------------------------------------------------------------------
// [SECTION] HTTP wiring
//-------------------------------------------------------------------------------------------------

protocol::ErrorCode default_error_code(int status) {
    switch (status) {
    case 400:
        return ErrorCode::bad_request;
    case 404:
        return ErrorCode::not_found;
    case 405:
        return ErrorCode::method_not_allowed;
    case 408:
        return ErrorCode::timeout;
    case 413:
        return ErrorCode::too_large;
    case 414:
        return ErrorCode::too_large;
    default:
        return status >= 500 ? ErrorCode::internal : ErrorCode::other;
    }
}

void wire(httplib::SSLServer& server, Receiver& receiver) {
    const auto max_bytes = static_cast<std::size_t>(receiver.limits().max_batch_bytes);
    // Bigger requests (by Content-Length) are refused with 413 before their body is kept.
    server.set_payload_max_length(2 * max_bytes);
    server.set_read_timeout(30, 0);
    server.set_write_timeout(30, 0);

    // SO_REUSEADDR only: cpp-httplib's default adds SO_REUSEPORT, which would let a second
    // process bind the same port and silently take half the connections.
    server.set_socket_options([](socket_t sock) {
        int yes = 1;
        (void)setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    });

    server.set_pre_routing_handler([](const httplib::Request& req, httplib::Response&) {
        t_log = RequestLog{};
        t_log.start = std::chrono::steady_clock::now();
        t_log.kiosk = req.get_header_value(protocol::kHeaderKiosk); // as claimed; checked later
        return httplib::Server::HandlerResponse::Unhandled;
    });
    server.set_logger(log_request);
    // cpp-httplib's own errors (404, 413 by Content-Length, …) get the protocol's JSON body too.
    server.set_error_handler(
        httplib::Server::HandlerWithResponse([](const httplib::Request&, httplib::Response& res) {
            if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
            const protocol::ErrorCode code = default_error_code(res.status);
            res.set_content(protocol::error_json(code, "HTTP " + std::to_string(res.status)),
                            "application/json");
            if (t_log.error.empty()) t_log.error = std::string(protocol::to_string(code));
            return httplib::Server::HandlerResponse::Handled;
        }));
    // Last resort: the handlers catch everything themselves; never let what() reach a client.
    server.set_exception_handler(
        [](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
            respond_error(res, 500, ErrorCode::internal,
                          "central could not process this request; try again later");
        });

    server.Get(protocol::kPreflightPath,
               [&receiver](const httplib::Request& req, httplib::Response& res) {
                   receiver.preflight(req, res);
               });
    server.Get(protocol::kAuthorizePath,
               [&receiver](const httplib::Request& req, httplib::Response& res) {
                   receiver.authorize(req, res);
               });
    // The body is read here, with a running limit: Content-Length is checked by cpp-httplib, but a
    // chunked or compressed body is not, and must not be able to exhaust memory.
    server.Post(protocol::kBatchesPath, [&receiver, max_bytes](
                                            const httplib::Request& req, httplib::Response& res,
                                            const httplib::ContentReader& reader) {
        // Authentication before the body: with X-HRC-Body-BLAKE2b (hrc-sync sends it) the signature
        // is checked on the headers alone, and a refused request's body is never read.
        const std::string claimed_digest = req.get_header_value(protocol::kHeaderBodyDigest);
        std::optional<KioskRecord> kiosk;
        if (!claimed_digest.empty()) {
            kiosk = receiver.authenticate_headers(req, res);
            if (!kiosk) {
                res.set_header("Connection",
                               "close"); // the unread body must not be taken for a request
                return;
            }
        }
        std::string body;
        // Sized once from Content-Length (bounded by the limit), not regrown as the body arrives.
        if (const std::string length = req.get_header_value("Content-Length"); !length.empty()) {
            char* end = nullptr;
            const unsigned long long announced = std::strtoull(length.c_str(), &end, 10);
            if (end != nullptr && *end == '\0')
                body.reserve(static_cast<std::size_t>(
                    std::min<unsigned long long>(announced, 2ULL * max_bytes)));
        }
        bool too_large = false;
        const bool read = reader([&](const char* data, std::size_t size) {
            if (body.size() + size > 2 * max_bytes) {
                too_large = true;
                return false;
            }
            body.append(data, size);
            return true;
        });
        // The rest of an unread body would be parsed as the next request: end the connection.
        if (too_large || !read) res.set_header("Connection", "close");
        if (too_large || res.status == 413)
            return respond_error(res, 413, ErrorCode::too_large,
                                 "the request is larger than twice the batch limit of " +
                                     std::to_string(max_bytes) + " bytes");
        if (!read)
            return respond_error(res, 400, ErrorCode::bad_request,
                                 "the request body could not be read");
        if (kiosk && protocol::blake2b_hex(body) != claimed_digest)
            return respond_error(res, 400, ErrorCode::bad_request,
                                 std::string("the body does not match its ") +
                                     protocol::kHeaderBodyDigest + "; nothing of it was stored");
        receiver.batch(req, body, res, kiosk);
    });
    // A POST without a body never reaches a content-reader handler.
    server.Post(protocol::kBatchesPath,
                [&receiver](const httplib::Request& req, httplib::Response& res) {
                    receiver.batch(req, req.body, res);
                });
}

// TLS ≥ 1.2 (1.2 with ECDHE + AEAD only), no compression or renegotiation, the certificate chain
// and key from the central folder.
bool setup_tls(SSL_CTX& ctx, const CentralPaths& paths, std::string& error) {
    if (SSL_CTX_set_min_proto_version(&ctx, TLS1_2_VERSION) != 1) {
        error = "cannot require TLS 1.2: " + openssl_error();
        return false;
    }
    SSL_CTX_set_options(&ctx, SSL_OP_NO_COMPRESSION | SSL_OP_NO_RENEGOTIATION |
                                  SSL_OP_CIPHER_SERVER_PREFERENCE);
    // TLS 1.2: forward-secret ECDHE with AEAD ciphers only (no CBC, no SHA-1 MACs, no static RSA).
    // TLS 1.3's suites are all of that kind and stay as OpenSSL has them.
    if (SSL_CTX_set_cipher_list(&ctx,
                                "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:"
                                "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:"
                                "ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305") != 1) {
        error = "cannot set the TLS 1.2 cipher list: " + openssl_error();
        return false;
    }
    if (SSL_CTX_use_certificate_chain_file(&ctx, paths.tls_cert.c_str()) != 1) {
        error = paths.tls_cert.string() + ": cannot load the TLS certificate: " + openssl_error();
        return false;
    }
    if (SSL_CTX_use_PrivateKey_file(&ctx, paths.tls_key.c_str(), SSL_FILETYPE_PEM) != 1) {
        error = paths.tls_key.string() + ": cannot load the TLS key: " + openssl_error();
        return false;
    }
    if (SSL_CTX_check_private_key(&ctx) != 1) {
        error = paths.tls_key.string() + " is not the key of " + paths.tls_cert.string() + ": " +
                openssl_error();
        return false;
    }
    return true;
}

//-------------------------------------------------------------------------------------------------
// [SECTION] serve()
//-------------------------------------------------------------------------------------------------

struct HostPort {
    std::string host; // without brackets
    int port = 0;
};

HostPort parse_listen(const std::string& listen) {
    const auto colon = listen.rfind(':');
    const auto bad = [&] {
        return Error(
            Code::usage,
            "--listen must be HOST:PORT (e.g. 0.0.0.0:8443, 127.0.0.1:0 or [::]:8443), not \"" +
                listen + "\"");
    };
    if (colon == std::string::npos || colon == 0 || colon + 1 == listen.size()) throw bad();
    HostPort hp;
    hp.host = listen.substr(0, colon);
    if (hp.host.size() >= 2 && hp.host.front() == '[' && hp.host.back() == ']')
        hp.host = hp.host.substr(1, hp.host.size() - 2);
    const std::string port = listen.substr(colon + 1);
    const auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), hp.port);
    if (ec != std::errc() || end != port.data() + port.size() || hp.port < 0 || hp.port > 65535 ||
        hp.host.empty())
        throw bad();
    return hp;
}

} // namespace

int serve(const CentralPaths& paths, const ServeOptions& options) {
    const HostPort where = parse_listen(options.listen);
    if (options.limits.max_batch_bytes < 1024 ||
        options.limits.max_batch_bytes > (std::int64_t{1} << 30) ||
        options.limits.max_batch_items < 1 || options.limits.max_batch_items > 100000)
        throw Error(
            Code::usage,
            "--max-batch-bytes must be 1024 to 1073741824 and --max-batch-items 1 to 100000");

    // Keys and database first: a wrong file stops the start with its own message and exit code.
    require_private_file(paths.secrets);
    require_private_file(paths.tls_key);
    CentralSecrets secrets = read_central_secrets(paths.secrets);
    Receiver receiver(open_central_store(paths), std::move(secrets), options);

    // SIGTERM/SIGINT are blocked here, before any other thread exists (cpp-httplib's pool threads
    // start with listen and inherit the mask), and taken by one thread of their own once the server
    // exists (hrc/signals.h), so stopping runs outside signal-handler context.
    SignalThread stop_signals{SIGTERM, SIGINT};
    // A client that goes away mid-reply must not kill the process.
    if (std::signal(SIGPIPE, SIG_IGN) == SIG_ERR)
        throw Error(Code::internal, "cannot ignore SIGPIPE");

    std::string tls_error;
    httplib::SSLServer server([&](SSL_CTX& ctx) { return setup_tls(ctx, paths, tls_error); });
    if (!server.is_valid())
        throw Error(Code::key_file,
                    "cannot set up TLS: " + (tls_error.empty() ? openssl_error() : tls_error));
    wire(server, receiver);

    int port = where.port;
    if (port == 0) {
        port = server.bind_to_any_port(where.host);
        if (port < 0) port = 0;
    } else if (!server.bind_to_port(where.host, port)) {
        port = 0;
    }
    if (port == 0)
        throw Error(Code::io,
                    "cannot listen on " + options.listen +
                        ": the port is in use, or the host is not an address of this machine");

    std::atomic<bool> listening_done{false};
    stop_signals.start([&](int sig) {
        if (listening_done) return;
        log_line("hrc-central: stopping (signal " + std::to_string(sig) + ")");
        // stop() is a no-op until listen has started; repeat until the listener has ended.
        while (!listening_done) {
            server.stop();
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
    });

    const std::string host_text =
        where.host.find(':') != std::string::npos ? "[" + where.host + "]" : where.host;
    log_line("hrc-central: sealing key " + receiver.sealing_key_id() + ", " +
             std::to_string(receiver.enrolled_kiosks()) + " kiosk(s) enrolled, limits " +
             std::to_string(options.limits.max_batch_bytes) + " bytes / " +
             std::to_string(options.limits.max_batch_items) + " items per batch" +
             (options.fail_next.empty() && options.crash_after_commit == 0
                  ? ""
                  : "; TEST FAULT INJECTION ON"));
    // cpp-httplib answers each connection on a pool thread: a handful of slow clients can hold them
    // all. Facing a network, nginx goes in front (packaging/nginx/hrc-central.conf).
    const bool loopback =
        where.host == "localhost" || where.host == "::1" || where.host.rfind("127.", 0) == 0;
    if (!loopback)
        log_line("hrc-central: WARNING: listening on " + options.listen +
                 " directly; a few slow clients can stop it. "
                 "Put nginx in front and listen on 127.0.0.1 (docs/hrc-central.md, \"Facing the "
                 "internet\")");
    std::cout << "hrc-central: listening on https://" << host_text << ":" << port << std::endl;

    const bool ok = server.listen_after_bind();
    listening_done = true;
    stop_signals.stop(); // also when no signal came (the listener failed on its own)
    if (!ok) throw Error(Code::io, "the listener on " + options.listen + " failed");
    log_line("hrc-central: stopped");
    return 0;
}

} // namespace hrc::central
