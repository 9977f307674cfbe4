// sync/protocol/protocol.h — the wire format of docs/protocol.md, shared by hrc-sync and
// hrc-central. No curl, no HTTP server: plain data, canonical strings and signatures.
//
// Errors: parse_* functions return std::nullopt and set `error` to a reason naming the bad field;
// sign_* throw hrc::Error(Code::crypto) only on a libsodium failure; verify_* never throw.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "hrc/seal.h"

namespace hrc::protocol {

inline constexpr int kVersion = 1;
inline constexpr std::int64_t kMaxClockSkewSeconds = 300;
inline constexpr const char* kHeaderKiosk = "X-HRC-Kiosk";
inline constexpr const char* kHeaderTime = "X-HRC-Time";
inline constexpr const char* kHeaderSignature = "X-HRC-Signature";
// The hex BLAKE2b-256 of the body, the same value the request string ends with: lets central (and
// nginx in front of it, through /v1/authorize) check the signature before reading the body.
inline constexpr const char* kHeaderBodyDigest = "X-HRC-Body-BLAKE2b";
// Internal to a deployment: nginx's auth_request asks central whether a request's headers are
// signed by an enrolled kiosk (docs/protocol.md "Authentication before the body"). Loopback only.
inline constexpr const char* kAuthorizePath = "/v1/authorize";
inline constexpr const char* kHeaderOriginalMethod = "X-Original-Method";
inline constexpr const char* kHeaderOriginalUri = "X-Original-URI";
// The refusal (an error JSON body) /v1/authorize hands to nginx, which answers the kiosk with it.
inline constexpr const char* kHeaderRefusal = "X-HRC-Refusal";
inline constexpr const char* kPreflightPath = "/v1/preflight";
inline constexpr const char* kBatchesPath = "/v1/batches";

// ---- encoding helpers ----------------------------------------------------------------------------
std::string base64_encode(const unsigned char* data, std::size_t size);
inline std::string base64_encode(const Bytes& b) {
    return base64_encode(b.data(), b.size());
}
std::optional<Bytes> base64_decode(std::string_view text);
std::string blake2b_hex(std::string_view data); // hex BLAKE2b-256
std::string item_digest_hex(const Bytes& sealed,
                            const Bytes& signature); // hex BLAKE2b-256(sealed ‖ signature)
std::string random_hex(std::size_t bytes);

// ---- request authentication ----------------------------------------------------------------------
std::string request_string(std::string_view method, std::string_view path_and_query,
                           std::int64_t time, std::string_view body);
std::string sign_request(const KioskKeys& kiosk, std::string_view method,
                         std::string_view path_and_query, std::int64_t time,
                         std::string_view body); // base64 signature
bool verify_request(const std::array<unsigned char, 32>& kiosk_public_key, std::string_view method,
                    std::string_view path_and_query, std::int64_t time, std::string_view body,
                    std::string_view signature_base64);
// The same check with the body's hex BLAKE2b-256 (X-HRC-Body-BLAKE2b) in place of the body: the
// caller must then check that the body it reads has that digest. False for a malformed digest.
bool verify_request_digest(const std::array<unsigned char, 32>& kiosk_public_key,
                           std::string_view method, std::string_view path_and_query,
                           std::int64_t time, std::string_view body_digest_hex,
                           std::string_view signature_base64);

// ---- preflight -------------------------------------------------------------------------------------
struct Limits {
    std::int64_t max_batch_bytes = 8 * 1024 * 1024;
    int max_batch_items = 500;
};

struct Preflight {
    std::string service = "hrc-central";
    int protocol = kVersion;
    std::string nonce;
    std::int64_t time = 0;
    std::string sealing_key_id; // hex
    Limits limits;
    std::string signature; // base64, by central's ack key
};

std::string preflight_signed_string(const Preflight& p);
void sign_preflight(Preflight& p, const SecretKey& ack_secret_key);
bool verify_preflight(const Preflight& p, const std::array<unsigned char, 32>& ack_public_key);
std::string to_json_text(const Preflight& p);
std::optional<Preflight> parse_preflight(std::string_view json_text, std::string& error);

// ---- batches ---------------------------------------------------------------------------------------
struct BatchItem {
    std::string report_id;
    Bytes sealed;
    Bytes signature;
};

struct BatchRequest {
    std::string batch_id;
    std::vector<BatchItem> items;
};

std::string to_json_text(const BatchRequest& b);
std::optional<BatchRequest> parse_batch_request(std::string_view json_text, std::string& error);

// Checks a batch request's shape in one streaming pass that builds nothing (nlohmann's SAX parser),
// before parse_batch_request builds the document: the top level must be an object, nothing may nest
// deeper than an item's fields, and "items" may hold at most `max_items` entries. So a body of
// millions of tiny values ("[{},{},…]") is refused after reading it once, with memory of its own
// size only, instead of after building a document many times larger. On anything else than ok,
// `error` says what is wrong (too_many_items: 413; malformed: 400).
enum class BatchShape { ok, malformed, too_many_items };
BatchShape check_batch_shape(std::string_view json_text, std::size_t max_items, std::string& error);

enum class ItemStatus { accepted, duplicate, conflict, rejected };
std::string_view to_string(ItemStatus s);
std::optional<ItemStatus> item_status_from(std::string_view s);

struct ItemResult {
    std::string report_id;
    ItemStatus status = ItemStatus::rejected;
    std::string digest;           // hex, item_digest_hex of the bytes received
    std::string reason;           // conflict / rejected
    std::int64_t received_at = 0; // accepted / duplicate: when central first stored it
};

struct BatchResponse {
    std::string batch_id;
    std::vector<ItemResult> results;
    std::string signature; // base64, by central's ack key
};

std::string ack_signed_string(const BatchResponse& r);
void sign_batch_response(BatchResponse& r, const SecretKey& ack_secret_key);
bool verify_batch_response(const BatchResponse& r,
                           const std::array<unsigned char, 32>& ack_public_key);
std::string to_json_text(const BatchResponse& r);
std::optional<BatchResponse> parse_batch_response(std::string_view json_text, std::string& error);

// The agent's full check of a response against what it sent: signature, batch id, one result per
// item in order, matching report ids and digests. Returns an empty string when acceptable, else
// the reason it is not.
std::string check_batch_response(const BatchResponse& response, const BatchRequest& sent,
                                 const std::array<unsigned char, 32>& ack_public_key);

// ---- error bodies ----------------------------------------------------------------------------------
// The table of every code central puts in an error body {"error": code, "message": …}, and the only
// codes it may put there (error_json() takes nothing else). hrc-sync decides on them (401/403:
// which alert staff see) and shows them; docs/protocol.md lists them.
enum class ErrorCode {
    bad_request,        // 400: malformed request, body or nonce
    too_large,          // 413/414: over the batch limits
    unknown_kiosk,      // 401: no kiosk named, or not enrolled
    bad_signature,      // 401: unsigned, or the signature does not verify
    clock_skew,         // 401: the kiosk's clock is beyond kMaxClockSkewSeconds
    revoked,            // 403: the kiosk was revoked at central
    not_found,          // 404
    method_not_allowed, // 405
    timeout,            // 408
    busy,               // 503: central's database is busy
    unavailable,        // 503: central cannot store anything (disk full)
    internal,           // 500 and other 5xx
    injected_fault,     // test only: hrc-central --fail-next
    other,              // any other status cpp-httplib answers itself; on the wire "error"
};
inline constexpr ErrorCode kErrorCodes[] = {
    ErrorCode::bad_request,    ErrorCode::too_large,
    ErrorCode::unknown_kiosk,  ErrorCode::bad_signature,
    ErrorCode::clock_skew,     ErrorCode::revoked,
    ErrorCode::not_found,      ErrorCode::method_not_allowed,
    ErrorCode::timeout,        ErrorCode::busy,
    ErrorCode::unavailable,    ErrorCode::internal,
    ErrorCode::injected_fault, ErrorCode::other,
};
// The wire form ("bad_request", …). Never throws.
std::string_view to_string(ErrorCode code);
// The code for a wire form; nullopt for anything not in the table. Never throws.
std::optional<ErrorCode> parse_error_code(std::string_view text);
// An error body: {"error": to_string(code), "message": message}.
std::string error_json(ErrorCode code, std::string_view message);
// The code of an error body; nullopt when `body` is not a JSON object with a known "error" code.
// Never throws.
std::optional<ErrorCode> error_code_of(std::string_view body);

} // namespace hrc::protocol
