// The error codes of docs/protocol.md are one table (protocol::ErrorCode): each round-trips through
// its wire form and an error body, nothing else parses, and hrc-central's sources build no error
// body of their own (error_json() takes only an ErrorCode, so every body it emits is from the
// table).
#include <filesystem>
#include <fstream>
#include <iterator>
#include <regex>
#include <set>

#include <catch2/catch.hpp>

#include "protocol.h"

namespace protocol = hrc::protocol;

TEST_CASE("protocol errors: every code round-trips through its name and an error body",
          "[agent][protocol]") {
    std::set<std::string> names;
    for (const protocol::ErrorCode code : protocol::kErrorCodes) {
        const std::string name(protocol::to_string(code));
        INFO(name);
        CHECK(names.insert(name).second); // no two codes share a name
        CHECK(protocol::parse_error_code(name) == code);
        CHECK(protocol::error_code_of(protocol::error_json(code, "why \"quoted\"")) == code);
    }
    CHECK(names.size() == 14);
    CHECK(protocol::to_string(protocol::ErrorCode::other) == "error");
    CHECK_FALSE(protocol::parse_error_code("Revoked").has_value());
    CHECK_FALSE(protocol::parse_error_code("").has_value());
    CHECK_FALSE(protocol::error_code_of("not json").has_value());
    CHECK_FALSE(protocol::error_code_of("{\"error\": 401}").has_value());
    CHECK_FALSE(protocol::error_code_of("{\"error\": \"made_up\"}").has_value());
    // Messages with invalid UTF-8 do not stop the body being written.
    CHECK(protocol::error_code_of(protocol::error_json(
              protocol::ErrorCode::bad_request, "\xC0\x80")) == protocol::ErrorCode::bad_request);
}

TEST_CASE("protocol errors: hrc-central builds every error body with error_json and a code from "
          "the table",
          "[agent][protocol]") {
    const std::filesystem::path central =
        std::filesystem::path(HRC_SOURCE_DIR) / "sync" / "central";
    // A JSON "error" key written by hand, or error_json / respond_error given a string for the
    // code.
    const std::regex by_hand(R"re(\\"error\\"|\{\s*"error"|error_json\(\s*")re");
    const std::regex string_code(R"re(respond_error\(\s*res\s*,\s*[^,]+,\s*")re");
    int files = 0, calls = 0;
    for (const auto& entry : std::filesystem::directory_iterator(central)) {
        if (entry.path().extension() != ".cpp" && entry.path().extension() != ".h") continue;
        std::ifstream in(entry.path());
        const std::string text{std::istreambuf_iterator<char>(in), {}};
        ++files;
        INFO(entry.path().filename().string());
        CHECK_FALSE(std::regex_search(text, by_hand));
        CHECK_FALSE(std::regex_search(text, string_code));
        for (auto it = text.find("respond_error(res"); it != std::string::npos;
             it = text.find("respond_error(res", it + 1))
            ++calls;
    }
    CHECK(files > 5);
    CHECK(calls > 20); // the server.cpp this checks is the one with the answers in it
}
