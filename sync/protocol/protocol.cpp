// protocol.cpp — see protocol.h and docs/protocol.md.

#include "protocol.h"

#include <nlohmann/json.hpp>
#include <sodium.h>

#include "hrc/error.h"
#include "hrc/report.h"

namespace hrc::protocol {

//-------------------------------------------------------------------------------------------------
// Encoding helpers
//-------------------------------------------------------------------------------------------------

std::string base64_encode(const unsigned char* data, std::size_t size) {
    const std::size_t len = sodium_base64_encoded_len(size, sodium_base64_VARIANT_ORIGINAL);
    std::string out(len, '\0');
    sodium_bin2base64(out.data(), len, data, size, sodium_base64_VARIANT_ORIGINAL);
    out.resize(len - 1); // drop the terminating NUL
    return out;
}

std::optional<Bytes> base64_decode(std::string_view text) {
    Bytes out(text.size() / 4 * 3 + 3);
    std::size_t len = 0;
    const char* end = nullptr;
    if (sodium_base642bin(out.data(), out.size(), text.data(), text.size(), nullptr, &len, &end,
                          sodium_base64_VARIANT_ORIGINAL) != 0 ||
        end != text.data() + text.size())
        return std::nullopt;
    out.resize(len);
    return out;
}

namespace {

std::string hex(const unsigned char* data, std::size_t size) {
    std::string out(size * 2 + 1, '\0');
    sodium_bin2hex(out.data(), out.size(), data, size);
    out.pop_back();
    return out;
}

std::string
blake2b_hex_parts(std::initializer_list<std::pair<const unsigned char*, std::size_t>> parts) {
    crypto_generichash_state state;
    std::array<unsigned char, 32> digest{};
    if (crypto_generichash_init(&state, nullptr, 0, digest.size()) != 0)
        throw Error(Code::crypto, "BLAKE2b initialisation failed");
    for (const auto& [p, n] : parts)
        if (crypto_generichash_update(&state, p, n) != 0)
            throw Error(Code::crypto, "BLAKE2b update failed");
    if (crypto_generichash_final(&state, digest.data(), digest.size()) != 0)
        throw Error(Code::crypto, "BLAKE2b finalisation failed");
    return hex(digest.data(), digest.size());
}

const unsigned char* bytes_of(std::string_view s) {
    return reinterpret_cast<const unsigned char*>(s.data());
}

std::string sign_string(std::string_view message, const SecretKey& secret) {
    std::array<unsigned char, crypto_sign_BYTES> sig{};
    if (secret.size() != crypto_sign_SECRETKEYBYTES ||
        crypto_sign_detached(sig.data(), nullptr, bytes_of(message), message.size(),
                             secret.data()) != 0)
        throw Error(Code::crypto, "signing failed");
    return base64_encode(sig.data(), sig.size());
}

bool verify_string(std::string_view message, std::string_view signature_base64,
                   const std::array<unsigned char, 32>& public_key) {
    const auto sig = base64_decode(signature_base64);
    if (!sig || sig->size() != crypto_sign_BYTES) return false;
    return crypto_sign_verify_detached(sig->data(), bytes_of(message), message.size(),
                                       public_key.data()) == 0;
}

bool is_hex(std::string_view s, std::size_t length) {
    if (s.size() != length) return false;
    for (char c : s)
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
    return true;
}

// Field readers for parse_*: set `error` (first problem only) and return a default.
struct Reader {
    const nlohmann::json& j;
    std::string& error;
    std::string where;

    const nlohmann::json* get(const char* key, nlohmann::json::value_t type, const char* expected) {
        auto it = j.find(key);
        if (it == j.end()) return fail(std::string(key) + " is missing"), nullptr;
        const bool ok = it->type() == type || (type == nlohmann::json::value_t::number_integer &&
                                               it->is_number_unsigned());
        if (!ok) return fail(std::string(key) + " must be " + expected), nullptr;
        return &*it;
    }
    std::string text(const char* key) {
        const auto* v = get(key, nlohmann::json::value_t::string, "text");
        return v ? v->get<std::string>() : std::string();
    }
    std::int64_t integer(const char* key) {
        const auto* v = get(key, nlohmann::json::value_t::number_integer, "a whole number");
        return v ? v->get<std::int64_t>() : 0;
    }
    void fail(const std::string& message) {
        if (error.empty()) error = where + message;
    }
};

std::optional<nlohmann::json> parse_object(std::string_view text, std::string& error) {
    auto j = nlohmann::json::parse(text.begin(), text.end(), nullptr, false);
    if (j.is_discarded()) {
        error = "the body is not JSON";
        return std::nullopt;
    }
    if (!j.is_object()) {
        error = "the body is not a JSON object";
        return std::nullopt;
    }
    return j;
}

} // namespace

std::string blake2b_hex(std::string_view data) {
    return blake2b_hex_parts({{bytes_of(data), data.size()}});
}

std::string item_digest_hex(const Bytes& sealed, const Bytes& signature) {
    return blake2b_hex_parts(
        {{sealed.data(), sealed.size()}, {signature.data(), signature.size()}});
}

std::string random_hex(std::size_t bytes) {
    Bytes b(bytes);
    randombytes_buf(b.data(), b.size());
    return hex(b.data(), b.size());
}

std::string_view to_string(ErrorCode code) {
    switch (code) {
    case ErrorCode::bad_request:
        return "bad_request";
    case ErrorCode::too_large:
        return "too_large";
    case ErrorCode::unknown_kiosk:
        return "unknown_kiosk";
    case ErrorCode::bad_signature:
        return "bad_signature";
    case ErrorCode::clock_skew:
        return "clock_skew";
    case ErrorCode::revoked:
        return "revoked";
    case ErrorCode::not_found:
        return "not_found";
    case ErrorCode::method_not_allowed:
        return "method_not_allowed";
    case ErrorCode::timeout:
        return "timeout";
    case ErrorCode::busy:
        return "busy";
    case ErrorCode::unavailable:
        return "unavailable";
    case ErrorCode::internal:
        return "internal";
    case ErrorCode::injected_fault:
        return "injected_fault";
    case ErrorCode::other:
        return "error";
    }
    return "error";
}

std::optional<ErrorCode> parse_error_code(std::string_view text) {
    for (const ErrorCode code : kErrorCodes)
        if (to_string(code) == text) return code;
    return std::nullopt;
}

std::string error_json(ErrorCode code, std::string_view message) {
    return nlohmann::json{{"error", to_string(code)}, {"message", message}}.dump(
        -1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::optional<ErrorCode> error_code_of(std::string_view body) {
    const auto j = nlohmann::json::parse(body, nullptr, false);
    if (j.is_discarded() || !j.is_object()) return std::nullopt;
    const auto it = j.find("error");
    if (it == j.end() || !it->is_string()) return std::nullopt;
    return parse_error_code(it->get_ref<const std::string&>());
}

//-------------------------------------------------------------------------------------------------
// Request authentication
//-------------------------------------------------------------------------------------------------

namespace {

std::string request_string_with_digest(std::string_view method, std::string_view path_and_query,
                                       std::int64_t time, std::string_view body_digest_hex) {
    std::string s = "hrc-request-v1\n";
    s += method;
    s += '\n';
    s += path_and_query;
    s += '\n';
    s += std::to_string(time);
    s += '\n';
    s += body_digest_hex;
    return s;
}

bool is_digest_hex(std::string_view s) {
    if (s.size() != 64) return false;
    for (char c : s)
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
    return true;
}

} // namespace

std::string request_string(std::string_view method, std::string_view path_and_query,
                           std::int64_t time, std::string_view body) {
    return request_string_with_digest(method, path_and_query, time, blake2b_hex(body));
}

std::string sign_request(const KioskKeys& kiosk, std::string_view method,
                         std::string_view path_and_query, std::int64_t time,
                         std::string_view body) {
    return sign_string(request_string(method, path_and_query, time, body), kiosk.secret_key);
}

bool verify_request(const std::array<unsigned char, 32>& kiosk_public_key, std::string_view method,
                    std::string_view path_and_query, std::int64_t time, std::string_view body,
                    std::string_view signature_base64) {
    try {
        return verify_string(request_string(method, path_and_query, time, body), signature_base64,
                             kiosk_public_key);
    } catch (...) {
        return false;
    }
}

bool verify_request_digest(const std::array<unsigned char, 32>& kiosk_public_key,
                           std::string_view method, std::string_view path_and_query,
                           std::int64_t time, std::string_view body_digest_hex,
                           std::string_view signature_base64) {
    if (!is_digest_hex(body_digest_hex)) return false;
    try {
        return verify_string(
            request_string_with_digest(method, path_and_query, time, body_digest_hex),
            signature_base64, kiosk_public_key);
    } catch (...) {
        return false;
    }
}

//-------------------------------------------------------------------------------------------------
// Preflight
//-------------------------------------------------------------------------------------------------

std::string preflight_signed_string(const Preflight& p) {
    return "hrc-preflight-v1\n" + p.nonce + "\n" + std::to_string(p.time) + "\n" +
           p.sealing_key_id + "\n" + std::to_string(p.limits.max_batch_bytes) + "\n" +
           std::to_string(p.limits.max_batch_items);
}

void sign_preflight(Preflight& p, const SecretKey& ack_secret_key) {
    p.signature = sign_string(preflight_signed_string(p), ack_secret_key);
}

bool verify_preflight(const Preflight& p, const std::array<unsigned char, 32>& ack_public_key) {
    return p.service == "hrc-central" && p.protocol == kVersion &&
           verify_string(preflight_signed_string(p), p.signature, ack_public_key);
}

std::string to_json_text(const Preflight& p) {
    return nlohmann::json{{"service", p.service},
                          {"protocol", p.protocol},
                          {"nonce", p.nonce},
                          {"time", p.time},
                          {"sealing_key_id", p.sealing_key_id},
                          {"limits",
                           {{"max_batch_bytes", p.limits.max_batch_bytes},
                            {"max_batch_items", p.limits.max_batch_items}}},
                          {"signature", p.signature}}
        .dump();
}

std::optional<Preflight> parse_preflight(std::string_view json_text, std::string& error) {
    error.clear();
    auto j = parse_object(json_text, error);
    if (!j) return std::nullopt;
    Reader r{*j, error, "preflight: "};
    Preflight p;
    p.service = r.text("service");
    p.protocol = static_cast<int>(r.integer("protocol"));
    p.nonce = r.text("nonce");
    p.time = r.integer("time");
    p.sealing_key_id = r.text("sealing_key_id");
    p.signature = r.text("signature");
    if (const auto* limits = r.get("limits", nlohmann::json::value_t::object, "an object")) {
        Reader lr{*limits, error, "preflight limits: "};
        p.limits.max_batch_bytes = lr.integer("max_batch_bytes");
        p.limits.max_batch_items = static_cast<int>(lr.integer("max_batch_items"));
        if (error.empty() && (p.limits.max_batch_bytes < 1024 || p.limits.max_batch_items < 1))
            error = "preflight limits are too small to send anything";
    }
    if (!error.empty()) return std::nullopt;
    return p;
}

//-------------------------------------------------------------------------------------------------
// Batches
//-------------------------------------------------------------------------------------------------

std::string_view to_string(ItemStatus s) {
    switch (s) {
    case ItemStatus::accepted:
        return "accepted";
    case ItemStatus::duplicate:
        return "duplicate";
    case ItemStatus::conflict:
        return "conflict";
    case ItemStatus::rejected:
        return "rejected";
    }
    return "?";
}

std::optional<ItemStatus> item_status_from(std::string_view s) {
    for (auto st :
         {ItemStatus::accepted, ItemStatus::duplicate, ItemStatus::conflict, ItemStatus::rejected})
        if (to_string(st) == s) return st;
    return std::nullopt;
}

namespace {

// Appends the base64 of `data` to `out` in place (no temporary string).
void append_base64(std::string& out, const Bytes& data) {
    const std::size_t len = sodium_base64_encoded_len(data.size(), sodium_base64_VARIANT_ORIGINAL);
    const std::size_t at = out.size();
    out.resize(at + len);
    sodium_bin2base64(out.data() + at, len, data.data(), data.size(),
                      sodium_base64_VARIANT_ORIGINAL);
    out.resize(at + len - 1); // drop the terminating NUL
}

} // namespace

std::string to_json_text(const BatchRequest& b) {
    // Written straight into one string sized beforehand: building a json tree of 500 base64
    // strings and dumping it copied and escaped every byte of an 8 MiB body character by character
    // (a third of hrc-sync's own CPU time per batch in bench/sync). The text is byte for byte what
    // nlohmann::json::dump() writes for {"batch_id", "items": [{"report_id", "sealed",
    // "signature"}]} (keys sorted, no spaces; a test compares them); the ids are escaped by
    // nlohmann, and base64 needs no escaping.
    std::size_t size = 32 + b.batch_id.size();
    for (const auto& item : b.items)
        size += 48 + item.report_id.size() +
                sodium_base64_encoded_len(item.sealed.size(), sodium_base64_VARIANT_ORIGINAL) +
                sodium_base64_encoded_len(item.signature.size(), sodium_base64_VARIANT_ORIGINAL);
    std::string out;
    out.reserve(size);
    out += "{\"batch_id\":";
    out += nlohmann::json(b.batch_id).dump();
    out += ",\"items\":[";
    for (std::size_t i = 0; i < b.items.size(); ++i) {
        const BatchItem& item = b.items[i];
        out += i == 0 ? "{\"report_id\":" : ",{\"report_id\":";
        out += nlohmann::json(item.report_id).dump();
        out += ",\"sealed\":\"";
        append_base64(out, item.sealed);
        out += "\",\"signature\":\"";
        append_base64(out, item.signature);
        out += "\"}";
    }
    out += "]}";
    return out;
}

namespace {

// The SAX handler of check_batch_shape: counts, keeps nothing. Returning false stops the parse.
struct BatchShapeCheck {
    std::size_t max_items = 0;
    int depth = 0;         // 1 = the request object, 2 = "items", 3 = an item
    bool in_items = false; // the array at depth 2 is "items"
    std::string last_key;  // the last key at depth 1
    std::size_t items = 0;
    BatchShape result = BatchShape::ok;
    std::string error;

    bool fail(BatchShape why, std::string message) {
        result = why;
        error = std::move(message);
        return false;
    }
    // A value at the current depth: only inside an item or as a field of the request.
    bool value() {
        return depth >= 1 || fail(BatchShape::malformed, "the request must be a JSON object");
    }
    bool null() { return value(); }
    bool boolean(bool) { return value(); }
    bool number_integer(nlohmann::json::number_integer_t) { return value(); }
    bool number_unsigned(nlohmann::json::number_unsigned_t) { return value(); }
    bool number_float(nlohmann::json::number_float_t, const std::string&) { return value(); }
    bool string(std::string&) { return value(); }
    bool binary(nlohmann::json::binary_t&) { return value(); }
    bool start_object(std::size_t) {
        if (depth == 0) {
            depth = 1;
            return true;
        }
        if (depth == 2 && in_items) {
            if (++items > max_items)
                return fail(BatchShape::too_many_items,
                            "the batch has more than " + std::to_string(max_items) +
                                " items; the limit is " + std::to_string(max_items));
            depth = 3;
            return true;
        }
        return fail(BatchShape::malformed,
                    depth == 1 ? "\"" + last_key + "\" must not be an object"
                               : "items may hold only objects of report_id, sealed and signature");
    }
    bool end_object() {
        --depth;
        return true;
    }
    bool start_array(std::size_t) {
        if (depth == 0) return fail(BatchShape::malformed, "the request must be a JSON object");
        if (depth == 1 && last_key == "items") {
            depth = 2;
            in_items = true;
            return true;
        }
        return fail(BatchShape::malformed, depth == 1 ? "\"" + last_key + "\" must not be a list"
                                                      : "an item's fields must be text");
    }
    bool end_array() {
        --depth;
        in_items = false;
        return true;
    }
    bool key(std::string& k) {
        if (depth == 1) last_key = k.substr(0, 64);
        return true;
    }
    bool parse_error(std::size_t position, const std::string&, const nlohmann::detail::exception&) {
        return fail(BatchShape::malformed, "not JSON (at byte " + std::to_string(position) + ")");
    }
};

} // namespace

BatchShape check_batch_shape(std::string_view json_text, std::size_t max_items,
                             std::string& error) {
    BatchShapeCheck check;
    check.max_items = max_items;
    const bool complete = nlohmann::json::sax_parse(json_text, &check);
    if (check.result == BatchShape::ok && !complete) check.fail(BatchShape::malformed, "not JSON");
    error = check.error;
    return check.result;
}

std::optional<BatchRequest> parse_batch_request(std::string_view json_text, std::string& error) {
    error.clear();
    auto j = parse_object(json_text, error);
    if (!j) return std::nullopt;
    Reader r{*j, error, ""};
    BatchRequest b;
    b.batch_id = r.text("batch_id");
    if (error.empty() && !is_uuid(b.batch_id)) error = "batch_id must be a UUID";
    const auto* items = r.get("items", nlohmann::json::value_t::array, "a list");
    if (!error.empty() || !items) return std::nullopt;
    if (items->empty()) {
        error = "items is empty";
        return std::nullopt;
    }
    for (std::size_t i = 0; i < items->size(); ++i) {
        const auto& it = (*items)[i];
        const std::string where = "items/" + std::to_string(i) + ": ";
        if (!it.is_object()) {
            error = where + "must be an object";
            return std::nullopt;
        }
        Reader ir{it, error, where};
        BatchItem item;
        item.report_id = ir.text("report_id");
        const std::string sealed = ir.text("sealed");
        const std::string signature = ir.text("signature");
        if (!error.empty()) return std::nullopt;
        // Malformed items make the whole request malformed (400): a correct agent never sends one.
        auto sealed_bytes = base64_decode(sealed);
        auto signature_bytes = base64_decode(signature);
        if (!is_uuid(item.report_id))
            error = where + "report_id must be a UUID";
        else if (!sealed_bytes || sealed_bytes->empty())
            error = where + "sealed must be base64";
        else if (!signature_bytes || signature_bytes->size() != crypto_sign_BYTES)
            error = where + "signature must be 64 bytes of base64";
        if (!error.empty()) return std::nullopt;
        item.sealed = std::move(*sealed_bytes);
        item.signature = std::move(*signature_bytes);
        b.items.push_back(std::move(item));
    }
    return b;
}

std::string ack_signed_string(const BatchResponse& r) {
    std::string s = "hrc-ack-v1\n" + r.batch_id + "\n";
    for (const auto& result : r.results) {
        s += result.report_id;
        s += ' ';
        s += to_string(result.status);
        s += ' ';
        s += result.digest;
        s += '\n';
    }
    return s;
}

void sign_batch_response(BatchResponse& r, const SecretKey& ack_secret_key) {
    r.signature = sign_string(ack_signed_string(r), ack_secret_key);
}

bool verify_batch_response(const BatchResponse& r,
                           const std::array<unsigned char, 32>& ack_public_key) {
    return verify_string(ack_signed_string(r), r.signature, ack_public_key);
}

std::string to_json_text(const BatchResponse& r) {
    nlohmann::json results = nlohmann::json::array();
    for (const auto& x : r.results) {
        nlohmann::json item = {{"report_id", x.report_id},
                               {"status", std::string(to_string(x.status))},
                               {"digest", x.digest}};
        if (!x.reason.empty()) item["reason"] = x.reason;
        if (x.received_at) item["received_at"] = x.received_at;
        results.push_back(std::move(item));
    }
    return nlohmann::json{
        {"batch_id", r.batch_id}, {"results", std::move(results)}, {"signature", r.signature}}
        .dump();
}

std::optional<BatchResponse> parse_batch_response(std::string_view json_text, std::string& error) {
    error.clear();
    auto j = parse_object(json_text, error);
    if (!j) return std::nullopt;
    Reader r{*j, error, "acknowledgement: "};
    BatchResponse b;
    b.batch_id = r.text("batch_id");
    b.signature = r.text("signature");
    const auto* results = r.get("results", nlohmann::json::value_t::array, "a list");
    if (!error.empty() || !results) return std::nullopt;
    for (std::size_t i = 0; i < results->size(); ++i) {
        const auto& it = (*results)[i];
        if (!it.is_object()) {
            error = "acknowledgement: results/" + std::to_string(i) + " must be an object";
            return std::nullopt;
        }
        Reader ir{it, error, "acknowledgement: results/" + std::to_string(i) + ": "};
        ItemResult x;
        x.report_id = ir.text("report_id");
        const std::string status = ir.text("status");
        x.digest = ir.text("digest");
        if (it.contains("reason")) x.reason = ir.text("reason");
        if (it.contains("received_at")) x.received_at = ir.integer("received_at");
        if (!error.empty()) return std::nullopt;
        const auto st = item_status_from(status);
        if (!st) {
            error = "acknowledgement: results/" + std::to_string(i) + ": unknown status \"" +
                    status + "\"";
            return std::nullopt;
        }
        x.status = *st;
        b.results.push_back(std::move(x));
    }
    return b;
}

std::string check_batch_response(const BatchResponse& response, const BatchRequest& sent,
                                 const std::array<unsigned char, 32>& ack_public_key) {
    if (!verify_batch_response(response, ack_public_key))
        return "the acknowledgement is not signed by central's acknowledgement key";
    if (response.batch_id != sent.batch_id) return "the acknowledgement is for another batch";
    if (response.results.size() != sent.items.size())
        return "the acknowledgement lists " + std::to_string(response.results.size()) +
               " results for " + std::to_string(sent.items.size()) + " reports";
    for (std::size_t i = 0; i < sent.items.size(); ++i) {
        const auto& item = sent.items[i];
        const auto& result = response.results[i];
        if (result.report_id != item.report_id)
            return "result " + std::to_string(i) + " is for another report";
        if (!is_hex(result.digest, 64) ||
            result.digest != item_digest_hex(item.sealed, item.signature))
            return "result " + std::to_string(i) + " acknowledges different bytes from those sent";
    }
    return "";
}

} // namespace hrc::protocol
