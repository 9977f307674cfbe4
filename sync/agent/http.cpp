// http.cpp — HttpClient over libcurl (see http.h). The only file in the project that includes curl.
//
// [SECTION] Helpers: option setting, header and body callbacks
// [SECTION] Error classification (CURLcode → HttpResponse::Failure)
// [SECTION] CurlGlobal, CurlClient
// [SECTION] Retry-After
//
// Every request re-applies every option after curl_easy_reset() (which keeps the connection and
// TLS session caches), so no option can leak from one request into the next, and every
// curl_easy_setopt / curl_easy_getinfo / curl_slist_append result is checked.

#include "http.h"

#include <algorithm>
#include <cctype>
#include <climits>
#include <ctime>

#include <curl/curl.h>

#include "hrc/error.h"

namespace hrc::sync {

//-------------------------------------------------------------------------------------------------
// [SECTION] Helpers
//-------------------------------------------------------------------------------------------------

namespace {

// Thrown inside send() when curl refuses an option; turned into Failure::setup there.
struct SetupError {
    std::string message;
};

template <typename T>
void set(CURL* curl, CURLoption option, T value, const char* name) {
    const CURLcode rc = curl_easy_setopt(curl, option, value);
    if (rc != CURLE_OK)
        throw SetupError{std::string("libcurl refused ") + name + ": " + curl_easy_strerror(rc)};
}

// Owns a curl_slist; curl_slist_append returns NULL (and leaves the list as it was) when it fails.
class HeaderList {
public:
    HeaderList() = default;
    ~HeaderList() { curl_slist_free_all(list_); }
    HeaderList(const HeaderList&) = delete;
    HeaderList& operator=(const HeaderList&) = delete;
    void add(const std::string& line) {
        curl_slist* grown = curl_slist_append(list_, line.c_str());
        if (grown == nullptr)
            throw SetupError{"libcurl could not add a request header (out of memory)"};
        list_ = grown;
    }
    curl_slist* get() const { return list_; }

private:
    curl_slist* list_ = nullptr;
};

// Header values shown in messages come from the network: printable ASCII only, bounded.
std::string printable(std::string_view text, std::size_t max = 200) {
    std::string out;
    for (char c : text) {
        if (out.size() >= max) {
            out += "…";
            break;
        }
        out += (c >= 0x20 && c < 0x7f) ? c : '?';
    }
    return out;
}

std::string trim(std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front())))
        s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back())))
        s.remove_suffix(1);
    return std::string(s);
}

bool iequals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(a[i])) !=
            std::tolower(static_cast<unsigned char>(b[i])))
            return false;
    return true;
}

// State one transfer's callbacks write into.
struct Transfer {
    std::string body;
    std::size_t max_body = 0;
    bool body_too_large = false;
    std::string retry_after; // raw header value of the final response
    std::string location;
    const std::atomic<bool>* stop = nullptr;
};

size_t on_body(char* data, size_t size, size_t count, void* user) {
    auto* t = static_cast<Transfer*>(user);
    const size_t n = size * count;
    if (t->body.size() + n > t->max_body) {
        t->body_too_large = true;
        return 0; // makes curl stop with CURLE_WRITE_ERROR
    }
    t->body.append(data, n);
    return n;
}

size_t on_header(char* data, size_t size, size_t count, void* user) {
    auto* t = static_cast<Transfer*>(user);
    const size_t n = size * count;
    const std::string_view line(data, n);
    // A new status line starts a new response (e.g. after "100 Continue"): forget earlier headers.
    if (line.starts_with("HTTP/")) {
        t->retry_after.clear();
        t->location.clear();
        return n;
    }
    const auto colon = line.find(':');
    if (colon == std::string_view::npos) return n;
    const std::string_view name = line.substr(0, colon);
    if (iequals(name, "Retry-After"))
        t->retry_after = trim(line.substr(colon + 1));
    else if (iequals(name, "Location"))
        t->location = printable(trim(line.substr(colon + 1)));
    return n;
}

int on_progress(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
    const auto* t = static_cast<const Transfer*>(user);
    // Non-zero aborts the transfer with CURLE_ABORTED_BY_CALLBACK: SIGTERM is honoured within ~1 s.
    return (t->stop != nullptr && t->stop->load()) ? 1 : 0;
}

//-------------------------------------------------------------------------------------------------
// [SECTION] Error classification
//-------------------------------------------------------------------------------------------------

HttpResponse::Failure classify(CURLcode rc, bool body_too_large) {
    using F = HttpResponse::Failure;
    switch (rc) {
    case CURLE_OK:
        return F::none;
    case CURLE_ABORTED_BY_CALLBACK:
        return F::aborted;
    case CURLE_FILESIZE_EXCEEDED:
        return F::too_large;
    case CURLE_WRITE_ERROR:
        return body_too_large ? F::too_large : F::transport;
    // A handshake that broke off (connection reset, timeout mid-handshake, or a server that does
    // not speak TLS): the network, retried with backoff like any other transport failure. A flaky
    // link resets handshakes often; stopping sync until staff act would be worse than retrying,
    // and the error stays visible in `hrc-admin status`.
    case CURLE_SSL_CONNECT_ERROR:
        return F::transport;
    // The server could not prove it is central: bad or unknown certificate, wrong host name, pin
    // mismatch, no acceptable cipher.
    case CURLE_PEER_FAILED_VERIFICATION: // = CURLE_SSL_CACERT, CURLE_SSL_PEER_CERTIFICATE
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_CRL_BADFILE:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_INVALIDCERTSTATUS:
    case CURLE_SSL_ENGINE_NOTFOUND:
    case CURLE_SSL_ENGINE_SETFAILED:
    case CURLE_SSL_ENGINE_INITFAILED:
    case CURLE_USE_SSL_FAILED:
    case CURLE_SSL_CLIENTCERT:
        return F::tls;
    // Our own request could not be built: never retried as if the network were at fault.
    case CURLE_UNSUPPORTED_PROTOCOL:
    case CURLE_FAILED_INIT:
    case CURLE_URL_MALFORMAT:
    case CURLE_NOT_BUILT_IN:
    case CURLE_OUT_OF_MEMORY:
    case CURLE_BAD_FUNCTION_ARGUMENT:
    case CURLE_UNKNOWN_OPTION:
        return F::setup;
    default:
        // DNS, connect, proxy, timeouts, resets, empty or garbled replies: the network.
        return F::transport;
    }
}

} // namespace

//-------------------------------------------------------------------------------------------------
// [SECTION] CurlGlobal, CurlClient
//-------------------------------------------------------------------------------------------------

CurlGlobal::CurlGlobal() {
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
        throw Error(Code::internal, "libcurl could not initialise");
    // CURLOPT_PROTOCOLS_STR (https only) arrived in 7.85.0; refusing to run beats running without it.
    const curl_version_info_data* info = curl_version_info(CURLVERSION_NOW);
    if (info == nullptr || info->version_num < 0x075500) {
        curl_global_cleanup();
        throw Error(Code::internal,
                    std::string("libcurl ") + (info ? info->version : "?") +
                        " is too old: hrc-sync needs 7.85.0 or newer (Debian 12 has 7.88)");
    }
    if (info->ssl_version == nullptr || info->ssl_version[0] == '\0') {
        curl_global_cleanup();
        throw Error(Code::internal,
                    "this libcurl was built without TLS support: install libcurl4 (OpenSSL)");
    }
}

CurlGlobal::~CurlGlobal() {
    curl_global_cleanup();
}

struct CurlClient::Impl {
    CurlSettings settings;
    std::string pins; // joined with ';' as CURLOPT_PINNEDPUBLICKEY wants
    CURL* curl = nullptr;
    char error[CURL_ERROR_SIZE] = {};
};

CurlClient::CurlClient(CurlSettings settings) : impl_(std::make_unique<Impl>()) {
    if (!settings.origin.starts_with("https://"))
        throw Error(Code::config, "central's address must start with https:// (found " +
                                      printable(settings.origin) + ")");
    impl_->settings = std::move(settings);
    for (const auto& pin : impl_->settings.pins) {
        if (!impl_->pins.empty()) impl_->pins += ';';
        impl_->pins += pin;
    }
    impl_->curl = curl_easy_init();
    if (impl_->curl == nullptr)
        throw Error(Code::internal, "libcurl could not create a transfer handle");
}

CurlClient::~CurlClient() {
    if (impl_ && impl_->curl) curl_easy_cleanup(impl_->curl);
}

HttpResponse CurlClient::send(const HttpRequest& request) {
    HttpResponse response;
    Transfer transfer;
    const CurlSettings& s = impl_->settings;
    transfer.max_body = s.max_response_bytes;
    transfer.stop = s.stop;
    CURL* curl = impl_->curl;
    HeaderList headers;
    const std::string url = s.origin + request.path_and_query;
    impl_->error[0] = '\0';

    try {
        curl_easy_reset(
            curl); // keeps the connection cache: preflight and batches share a connection
        set(curl, CURLOPT_ERRORBUFFER, impl_->error, "CURLOPT_ERRORBUFFER");
        set(curl, CURLOPT_URL, url.c_str(), "CURLOPT_URL");
        // HTTPS only, TLS 1.2 or newer, peer and host name verified, no redirects: a redirect is
        // answered by something other than central's API and is reported as "not central".
        set(curl, CURLOPT_PROTOCOLS_STR, "https", "CURLOPT_PROTOCOLS_STR");
        set(curl, CURLOPT_REDIR_PROTOCOLS_STR, "https", "CURLOPT_REDIR_PROTOCOLS_STR");
        set(curl, CURLOPT_FOLLOWLOCATION, 0L, "CURLOPT_FOLLOWLOCATION");
        set(curl, CURLOPT_SSLVERSION, static_cast<long>(CURL_SSLVERSION_TLSv1_2),
            "CURLOPT_SSLVERSION");
        set(curl, CURLOPT_SSL_VERIFYPEER, 1L, "CURLOPT_SSL_VERIFYPEER");
        set(curl, CURLOPT_SSL_VERIFYHOST, 2L, "CURLOPT_SSL_VERIFYHOST");
        if (!impl_->pins.empty())
            set(curl, CURLOPT_PINNEDPUBLICKEY, impl_->pins.c_str(), "CURLOPT_PINNEDPUBLICKEY");
        if (!s.ca_file.empty()) {
            // Only this file is trusted: the system's CA folder is switched off too.
            set(curl, CURLOPT_CAINFO, s.ca_file.c_str(), "CURLOPT_CAINFO");
            set(curl, CURLOPT_CAPATH, static_cast<const char*>(nullptr), "CURLOPT_CAPATH");
        }
        // The proxy comes from hrc.toml only: "" disables proxies, and NOPROXY "*" makes sure
        // http_proxy / HTTPS_PROXY / ALL_PROXY in the environment are never used.
        set(curl, CURLOPT_PROXY, s.proxy.c_str(), "CURLOPT_PROXY");
        if (s.proxy.empty()) set(curl, CURLOPT_NOPROXY, "*", "CURLOPT_NOPROXY");
        set(curl, CURLOPT_SUPPRESS_CONNECT_HEADERS, 1L, "CURLOPT_SUPPRESS_CONNECT_HEADERS");
        set(curl, CURLOPT_CONNECTTIMEOUT, static_cast<long>(s.connect_timeout_seconds),
            "CURLOPT_CONNECTTIMEOUT");
        set(curl, CURLOPT_TIMEOUT, static_cast<long>(s.request_timeout_seconds), "CURLOPT_TIMEOUT");
        // A stalled connection (under 1 byte/s) is given up sooner than the whole-request timeout.
        set(curl, CURLOPT_LOW_SPEED_LIMIT, 1L, "CURLOPT_LOW_SPEED_LIMIT");
        set(curl, CURLOPT_LOW_SPEED_TIME,
            static_cast<long>(std::min(30, s.request_timeout_seconds)), "CURLOPT_LOW_SPEED_TIME");
        set(curl, CURLOPT_NOSIGNAL, 1L, "CURLOPT_NOSIGNAL"); // no SIGALRM-based DNS timeouts
        set(curl, CURLOPT_USERAGENT, s.user_agent.c_str(), "CURLOPT_USERAGENT");
        set(curl, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(s.max_response_bytes),
            "CURLOPT_MAXFILESIZE_LARGE");

        set(curl, CURLOPT_WRITEFUNCTION, on_body, "CURLOPT_WRITEFUNCTION");
        set(curl, CURLOPT_WRITEDATA, &transfer, "CURLOPT_WRITEDATA");
        set(curl, CURLOPT_HEADERFUNCTION, on_header, "CURLOPT_HEADERFUNCTION");
        set(curl, CURLOPT_HEADERDATA, &transfer, "CURLOPT_HEADERDATA");
        set(curl, CURLOPT_XFERINFOFUNCTION, on_progress, "CURLOPT_XFERINFOFUNCTION");
        set(curl, CURLOPT_XFERINFODATA, &transfer, "CURLOPT_XFERINFODATA");
        set(curl, CURLOPT_NOPROGRESS, 0L, "CURLOPT_NOPROGRESS");

        for (const auto& [name, value] : request.headers)
            headers.add(name + ": " + value);
        headers.add("Accept: application/json");
        headers.add("Expect:"); // no "100-continue" round trip before a batch
        if (request.method == "POST") {
            set(curl, CURLOPT_POST, 1L, "CURLOPT_POST");
            set(curl, CURLOPT_POSTFIELDS, request.body.data(), "CURLOPT_POSTFIELDS");
            set(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()),
                "CURLOPT_POSTFIELDSIZE_LARGE");
        } else if (request.method == "GET") {
            set(curl, CURLOPT_HTTPGET, 1L, "CURLOPT_HTTPGET");
        } else {
            throw SetupError{"unsupported method " + request.method};
        }
        set(curl, CURLOPT_HTTPHEADER, headers.get(), "CURLOPT_HTTPHEADER");
    } catch (const SetupError& e) {
        response.failure = HttpResponse::Failure::setup;
        response.error = e.message;
        return response;
    }

    const CURLcode rc = curl_easy_perform(curl);
    response.failure = classify(rc, transfer.body_too_large);
    if (response.failure != HttpResponse::Failure::none) {
        const std::string detail =
            impl_->error[0] != '\0' ? std::string(impl_->error) : curl_easy_strerror(rc);
        response.error =
            printable(detail, 300) + " (curl error " + std::to_string(static_cast<int>(rc)) + ")";
        if (response.failure == HttpResponse::Failure::too_large)
            response.error = "central's answer was larger than " +
                             std::to_string(s.max_response_bytes) + " bytes";
        return response;
    }
    long status = 0;
    if (const CURLcode info = curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
        info != CURLE_OK) {
        response.failure = HttpResponse::Failure::setup;
        response.error =
            std::string("libcurl could not report the HTTP status: ") + curl_easy_strerror(info);
        return response;
    }
    response.status = status;
    response.body = std::move(transfer.body);
    response.location = std::move(transfer.location);
    if (!transfer.retry_after.empty())
        response.retry_after =
            parse_retry_after(transfer.retry_after, static_cast<std::int64_t>(std::time(nullptr)));
    return response;
}

//-------------------------------------------------------------------------------------------------
// [SECTION] Retry-After
//-------------------------------------------------------------------------------------------------

std::optional<std::int64_t> parse_retry_after(const std::string& value, std::int64_t now) {
    const std::string v = trim(value);
    if (v.empty()) return std::nullopt;
    bool digits = true;
    for (char c : v)
        digits = digits && c >= '0' && c <= '9';
    if (digits) {
        if (v.size() > 9) return 999'999'999; // absurdly long; the caller caps it anyway
        return std::stoll(v);
    }
    const time_t when = curl_getdate(v.c_str(), nullptr);
    if (when == -1) return std::nullopt;
    const std::int64_t delta = static_cast<std::int64_t>(when) - now;
    return delta > 0 ? delta : 0;
}

} // namespace hrc::sync
