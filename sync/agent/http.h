// sync/agent/http.h — the agent's one door to the network: an HTTPS client interface, and its
// libcurl implementation (the only code in the project that includes curl; curl.h stays in
// http.cpp so the pass logic and its tests never see it).
//
// Errors: HttpClient::send() never throws for anything the network or the server does; it returns
// an HttpResponse whose `failure` says what kind of failure it was (the agent's table in
// docs/protocol.md is keyed on it). CurlClient's constructor and CurlGlobal throw
// hrc::Error(Code::config) for a setting curl refuses and Error(Code::internal) when libcurl itself
// cannot start; send() reports a refused option as Failure::setup.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace hrc::sync {

struct HttpRequest {
    std::string method = "GET"; // GET or POST
    std::string path_and_query; // exactly as signed, e.g. /v1/preflight?nonce=…
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body; // POST only
};

struct HttpResponse {
    // What went wrong below HTTP. `none` means a status line arrived (any status, 3xx included).
    enum class Failure {
        none,
        transport, // DNS, refused, reset, timeout, proxy: retry with backoff
        tls,       // handshake, certificate, host name, pin: the server is not provably central
        aborted,   // the stop flag was raised during the transfer (SIGTERM/SIGINT)
        too_large, // the response exceeded the size limit (a misbehaving server)
        setup,     // curl refused an option: a bug or an unusable build of libcurl
    };
    Failure failure = Failure::none;
    long status = 0;                         // HTTP status when failure == none
    std::string body;                        // never logged: it is for the caller to verify
    std::optional<std::int64_t> retry_after; // seconds, from Retry-After (delta or HTTP date)
    std::string location;                    // Location header of a 3xx (for the error message)
    std::string error;                       // failure != none: curl's description, for people
};

class HttpClient {
public:
    virtual ~HttpClient() = default;
    virtual HttpResponse send(const HttpRequest& request) = 0;
};

struct CurlSettings {
    std::string origin;            // "https://host[:port]" (no path)
    std::string proxy;             // empty = no proxy at all (environment proxies ignored)
    std::vector<std::string> pins; // "sha256//<base64>"; empty = no pinning
    std::string ca_file;           // empty = the system's CA store; else only this PEM file
    int connect_timeout_seconds = 10;
    int request_timeout_seconds = 60;
    std::size_t max_response_bytes = 16 * 1024 * 1024;
    std::string user_agent = "hrc-sync";
    const std::atomic<bool>* stop =
        nullptr; // when it becomes true, a transfer in flight is aborted
};

// curl_global_init / curl_global_cleanup, once per process (construct it first thing in main).
class CurlGlobal {
public:
    CurlGlobal();
    ~CurlGlobal();
    CurlGlobal(const CurlGlobal&) = delete;
    CurlGlobal& operator=(const CurlGlobal&) = delete;
};

// One easy handle for the life of the client, so a pass's preflight and batches share one TLS
// connection. Every option is set (and every return code checked) per request.
class CurlClient final : public HttpClient {
public:
    explicit CurlClient(CurlSettings settings);
    ~CurlClient() override;
    CurlClient(const CurlClient&) = delete;
    CurlClient& operator=(const CurlClient&) = delete;
    HttpResponse send(const HttpRequest& request) override;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

// Parses a Retry-After value: delta-seconds, or an HTTP date (then relative to `now`). Returns
// nullopt for anything else; never negative.
std::optional<std::int64_t> parse_retry_after(const std::string& value, std::int64_t now);

} // namespace hrc::sync
