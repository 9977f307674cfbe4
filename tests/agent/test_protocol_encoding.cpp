// The batch request's JSON text is written by hand for speed (protocol.cpp, to_json_text): it must
// be byte for byte what nlohmann::json::dump() writes for the same object, and parse back whole.
#include <random>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <sodium.h>

#include "protocol.h"

namespace protocol = hrc::protocol;

namespace {

std::string base64_of(const hrc::Bytes& b) {
    const std::size_t len = sodium_base64_encoded_len(b.size(), sodium_base64_VARIANT_ORIGINAL);
    std::string out(len, '\0');
    sodium_bin2base64(out.data(), len, b.data(), b.size(), sodium_base64_VARIANT_ORIGINAL);
    out.resize(len - 1);
    return out;
}

// What to_json_text wrote before it was written by hand: the json tree, dumped.
std::string through_a_json_tree(const protocol::BatchRequest& b) {
    nlohmann::json items = nlohmann::json::array();
    for (const auto& item : b.items)
        items.push_back({{"report_id", item.report_id},
                         {"sealed", base64_of(item.sealed)},
                         {"signature", base64_of(item.signature)}});
    return nlohmann::json{{"batch_id", b.batch_id}, {"items", std::move(items)}}.dump();
}

} // namespace

TEST_CASE("protocol encoding: a batch request's text is what a json tree dumps, and parses back",
          "[protocol]") {
    REQUIRE(sodium_init() >= 0);
    std::mt19937 random(20261203u);
    for (int items : {0, 1, 2, 7, 500}) {
        INFO(items << " item(s)");
        // The largest batch holds only what a kiosk sends (so it must parse back); the smaller
        // ones also ids that need escaping and empty signatures (a damaged store, a fuzzed input).
        const bool as_a_kiosk_sends = items == 500;
        protocol::BatchRequest request;
        request.batch_id = "3f0c8a56-0b7e-4a55-9d43-6a1f0d7c2b10";
        for (int i = 0; i < items; ++i) {
            protocol::BatchItem item;
            item.report_id = !as_a_kiosk_sends && i % 3 == 2
                                 ? "id \"quoted\" \\ and \x01 control"
                                 : "00000000-0000-4000-8000-" + std::to_string(100000000000 + i);
            item.sealed.resize(std::uniform_int_distribution<std::size_t>(0, 3000)(random));
            for (auto& byte : item.sealed)
                byte = static_cast<unsigned char>(random());
            item.signature.resize(!as_a_kiosk_sends && i % 5 == 4 ? 0 : 64);
            for (auto& byte : item.signature)
                byte = static_cast<unsigned char>(random());
            request.items.push_back(std::move(item));
        }
        const std::string text = protocol::to_json_text(request);
        CHECK(text == through_a_json_tree(request));
        if (as_a_kiosk_sends) {
            std::string why;
            const auto parsed = protocol::parse_batch_request(text, why);
            INFO(why);
            REQUIRE(parsed);
            REQUIRE(parsed->items.size() == request.items.size());
            for (std::size_t i = 0; i < request.items.size(); ++i) {
                CHECK(parsed->items[i].report_id == request.items[i].report_id);
                CHECK(parsed->items[i].sealed == request.items[i].sealed);
                CHECK(parsed->items[i].signature == request.items[i].signature);
            }
        }
    }
}
