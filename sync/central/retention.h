// retention.h — how long central keeps what, read from DIR/central.toml (docs/hrc-central.md).
//
//   [retention]
//   reports_days = 2190          # sealed reports; after this only id, kiosk, digest and times remain
//   export_records_days = 2190   # which report ids went in which export (≥ reports_days)
//
// A missing file means the documented defaults. Errors: Code::config naming the file, the key and
// what to write instead (unknown keys, wrong types, out-of-range values are all refused).
#pragma once

#include <filesystem>

namespace hrc::central {

struct Retention {
    int reports_days = 2190; // 6 years
    int export_records_days = 2190;
};

Retention load_retention(const std::filesystem::path& config_file);

} // namespace hrc::central
