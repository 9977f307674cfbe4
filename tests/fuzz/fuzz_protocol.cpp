// fuzz_protocol — the sync protocol's JSON from the network: a batch request as central reads it,
// an acknowledgement as the kiosk reads it, and the kiosk's check of that acknowledgement against
// the batch it sent. Nothing may crash, hang, leak or overflow whatever the bytes.
#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "protocol.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    std::string error;
    (void)hrc::protocol::check_batch_shape(text, 500, error);
    const auto request = hrc::protocol::parse_batch_request(text, error);
    if (request) (void)hrc::protocol::to_json_text(*request);
    const auto response = hrc::protocol::parse_batch_response(text, error);
    if (response) {
        (void)hrc::protocol::to_json_text(*response);
        const std::array<unsigned char, 32> key{};
        const hrc::protocol::BatchRequest sent = request ? *request : hrc::protocol::BatchRequest{};
        (void)hrc::protocol::check_batch_response(*response, sent, key);
    }
    return 0;
}
