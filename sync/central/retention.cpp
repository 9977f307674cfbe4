// retention.cpp — see retention.h.

#include "retention.h"

#include <fstream>
#include <sstream>

#include <toml++/toml.h>

#include "hrc/error.h"

namespace hrc::central {

Retention load_retention(const std::filesystem::path& config_file) {
    Retention r;
    std::error_code ec;
    if (!std::filesystem::exists(config_file, ec)) return r;
    const std::string name = config_file.string();
    toml::table root;
    try {
        root = toml::parse_file(name);
    } catch (const toml::parse_error& e) {
        std::ostringstream where;
        where << e.source().begin;
        throw Error(Code::config, name + ": not valid TOML at " + where.str() + " (" +
                                      std::string(e.description()) + ")");
    }
    for (const auto& [key, node] : root) {
        if (key.str() != "retention")
            throw Error(Code::config, name + ": unknown section [" + std::string(key.str()) +
                                          "]; only [retention] is read");
        (void)node;
    }
    const toml::table* retention = root["retention"].as_table();
    if (!retention) return r;
    for (const auto& [key, node] : *retention) {
        int* target = key.str() == "reports_days"          ? &r.reports_days
                      : key.str() == "export_records_days" ? &r.export_records_days
                                                           : nullptr;
        if (!target)
            throw Error(Code::config, name + ": unknown key retention." + std::string(key.str()) +
                                          " (known: reports_days, export_records_days)");
        const auto value = node.value<std::int64_t>();
        if (!node.is_integer() || !value || *value < 30 || *value > 36500)
            throw Error(Code::config, name + ": retention." + std::string(key.str()) +
                                          " must be a whole number of days from 30 to 36500");
        *target = static_cast<int>(*value);
    }
    if (r.export_records_days < r.reports_days)
        throw Error(Code::config,
                    name + ": retention.export_records_days must be at least reports_days, or "
                           "`export --since-last` "
                           "would send reports again once their export records are gone");
    return r;
}

} // namespace hrc::central
