// export.h — `hrc-central export`: open the stored reports and write them as JSON or CSV.
//
// This is the only place where report content is decrypted at central, and only into memory and
// the chosen destination (standard output, or a new 0600 file). Columns: docs/hrc-central.md.
//
// Errors: throws hrc::Error for the destination (Code::already_exists, Code::io, Code::disk_full)
// and the database. A report that does not open or decode is not written; it is named on stderr
// (id and reason, never content) and counted in ExportResult::failed.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "central_store.h"

namespace hrc::central {

enum class ExportFormat { json, csv };

struct ExportOptions {
    ExportFormat format = ExportFormat::json;
    std::int64_t since = 0;                     // received_at >= since
    std::optional<std::filesystem::path> output;   // none = standard output
    bool progress = false;                      // a progress line on stderr (a terminal)
};

struct ExportResult {
    std::int64_t exported = 0;
    std::int64_t failed = 0;
};

ExportResult export_reports(const CentralStore& store, const CentralSecrets& central, const ExportOptions& options);

// The CSV header line's columns, in order (documented in docs/hrc-central.md).
const std::vector<std::string>& csv_columns();

// "1764347000", "2025-11-28T16:23:20Z" or "2025-11-28" (midnight UTC). Never throws.
std::optional<std::int64_t> parse_since(const std::string& text);

} // namespace hrc::central
