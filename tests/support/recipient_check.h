// recipient_check.h — checks a recipient's view of a report field by field against the consent
// table in code (hrc::recipient_fields()), for unit tests and for exports read back end to end.
#pragma once

#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "hrc/recipients.h"

namespace hrc_test {

// Every leaf of a report's JSON by JSON Pointer. Arrays and consent objects ({decision, …}) are
// leaves, as in the table.
inline void leaves_of(const nlohmann::json& j, const std::string& at,
                      std::map<std::string, nlohmann::json>& out) {
    if (j.is_object() && !j.contains("decision")) {
        for (auto it = j.begin(); it != j.end(); ++it)
            leaves_of(it.value(), at + "/" + it.key(), out);
        return;
    }
    out[at] = j;
}
inline std::map<std::string, nlohmann::json> leaves_of(const nlohmann::json& j) {
    std::map<std::string, nlohmann::json> out;
    leaves_of(j, "", out);
    return out;
}

// Compares `view` (what the recipient got; nullopt/absent = the report was not given to them)
// with what the table says they should get of `full` (the report as sealed, to_json form).
// Returns every difference as text; empty = exactly as the table says.
inline std::vector<std::string> differences_from_table(hrc::Recipient recipient,
                                                       const nlohmann::json& full,
                                                       const nlohmann::json* view) {
    std::vector<std::string> problems;
    const auto given = [&](const char* consent) {
        const nlohmann::json::json_pointer p{std::string("/consents/") + consent + "/decision"};
        return full.contains(p) && full.at(p) == "given";
    };
    const bool gate = recipient == hrc::Recipient::team ||
                      given(std::string(hrc::gate_consent(recipient)).c_str());
    if (!gate) {
        if (view)
            problems.push_back("the report was given although " +
                               std::string(hrc::gate_consent(recipient)) + " is not given");
        return problems;
    }
    if (!view) {
        problems.push_back("the report is missing although " +
                           std::string(hrc::gate_consent(recipient)) + " is given");
        return problems;
    }
    const bool may_contact = given("police_may_contact");
    const auto got = leaves_of(*view);
    std::map<std::string, bool> allowed;
    for (const hrc::FieldPolicy& f : hrc::recipient_fields()) {
        const std::string pointer(f.pointer);
        allowed[pointer] = true;
        const nlohmann::json::json_pointer p{pointer};
        const bool present = full.contains(p);
        const auto it = got.find(pointer);
        const bool in_view = it != got.end();
        nlohmann::json expected;
        bool expect = false;
        if (present) {
            const nlohmann::json& v = full.at(p);
            switch (f.rule_for(recipient)) {
            case hrc::FieldRule::full:
                expect = true;
                expected = v;
                break;
            case hrc::FieldRule::if_police_contact:
                expect = may_contact;
                expected = v;
                break;
            case hrc::FieldRule::month:
                expect = true;
                expected = v.get<std::string>().substr(0, 7);
                break;
            case hrc::FieldRule::postcode_sector: {
                const auto s = hrc::postcode_sector(v.get<std::string>());
                expect = s.has_value();
                if (s) expected = *s;
                break;
            }
            case hrc::FieldRule::omitted:
                break;
            }
        }
        if (expect && !in_view)
            problems.push_back(pointer + " is missing (rule: " +
                               std::string(hrc::to_string(f.rule_for(recipient))) + ")");
        else if (!expect && in_view)
            problems.push_back(pointer + " is present but must not be (rule: " +
                               std::string(hrc::to_string(f.rule_for(recipient))) + ")");
        else if (expect && it->second != expected)
            problems.push_back(pointer + " is " + it->second.dump() + ", expected " +
                               expected.dump());
    }
    for (const auto& [pointer, value] : got)
        if (!allowed.count(pointer) && pointer != hrc::kReceivedAtPointer)
            problems.push_back(pointer + " is not in the table at all");
    return problems;
}

} // namespace hrc_test
