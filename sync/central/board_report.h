// board_report.h — `hrc-central report`: the strategy board's report of the monitoring figures
// (docs/statistics.md, "Board report"): the seed's four pictures as charts drawn with cairo and
// laid out with pango (Debian's libcairo2 / libpango1.0), a summary paragraph, the period, the
// suppression note and the data sources.
//
// Charts use the Okabe–Ito colour-blind-safe palette, and every series differs in lightness and
// pattern too (hatching), with its values written on it, so a greyscale print reads the same.
//
// Errors: throws hrc::Error — Code::already_exists when an output file exists (nothing is ever
// overwritten), Code::io when it cannot be written, Code::failure when cairo reports an error.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "hrc/statistics.h"

namespace hrc::central {

enum class ReportFormat { pdf, svg, png };

struct BoardReportOptions {
    // pdf: the file to write. svg / png: a folder (created if missing) for one file per chart:
    // 1-months, 2-strands, 3-districts, 4-lsoa (.svg or .png).
    std::filesystem::path output;
    ReportFormat format = ReportFormat::pdf;
    std::string generated_on; // "2 December 2026", printed on the report
};

// Writes the report; returns the files written.
std::vector<std::filesystem::path> write_board_report(const statistics::Statistics& stats,
                                                      const BoardReportOptions& options);

} // namespace hrc::central
