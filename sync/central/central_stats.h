// central_stats.h — what `hrc-central stats`, `report` and `import-postcodes` need from central's
// database (docs/statistics.md): the statistics rows of the stored reports, the imported ONS
// Postcode Directory and LSOA populations.
//
// Statistics rows (table stat_rows, invariant C7 in central_store.cpp): one per stored report,
// made by the receiver while it has the report open for validation (same transaction as the
// report), or else by the first `stats` that finds a report without one (reports received before
// schema v3, or after a postcode import), by opening it in memory; either way from ONLY its
// statistics view
// (hrc::statistics::row_for_report → hrc::recipient_view): codes and months, the LSOA of its
// postcode, never text, never the postcode. A report without the anonymous statistics consent gets
// a row that says only that (counted = 0), so it is not opened again. Rows are remade when a new
// postcode directory is imported, and purged with their reports.
//
// Errors: every function throws hrc::Error: Code::usage / Code::io / Code::config for a file to
// import that cannot be read or is not in the expected format (the message names the file, line
// and what to do), and the database codes of central_store.h.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <iosfwd>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "hrc/statistics.h"

#include "central_store.h"

namespace hrc::central {

struct RefreshResult {
    std::int64_t opened = 0; // reports opened now (had no row yet)
    std::int64_t failed = 0; // could not be opened (named on stderr; counted as not readable)
};

// The statistics row of one report (absent when the person did not consent), with the LSOA from
// the imported directory if there is one. The receiver makes it while the report is open for
// validation, so `stats` rarely has to open a report itself.
struct StatRowDraft {
    std::optional<statistics::Row> row;
};
// Makes the rows of a batch's reports with one postcode directory (its statement prepared once,
// not once per report). Callable from several threads at once: the directory's lookups are
// serialised, and the rest of the row is computed from the report alone. Throws hrc::Error
// (database) from the constructor and from a lookup.
class StatRowMaker {
public:
    explicit StatRowMaker(const CentralStore& store);
    ~StatRowMaker();
    StatRowMaker(const StatRowMaker&) = delete;
    StatRowMaker& operator=(const StatRowMaker&) = delete;
    StatRowDraft operator()(const Report& report, std::int64_t received_at) const;

private:
    struct Directory;
    std::unique_ptr<Directory> directory_;
};
// Inserts it, inside the caller's transaction (one batch, or one chunk of refresh_stat_rows).
void insert_stat_row(CentralStore& store, const std::string& report_id, std::int64_t received_at,
                     const StatRowDraft& draft);

// Makes the rows of every stored report that has none yet. Only then does it need central's
// secret key (`secrets` is called once, if at all) to open them; reads them in chunks, one
// transaction per chunk. `progress`: a progress line on stderr.
RefreshResult refresh_stat_rows(CentralStore& store, const std::function<CentralSecrets()>& secrets,
                                bool progress);

// The rows of reports counted for statistics (consent given).
std::vector<statistics::Row> load_stat_rows(const CentralStore& store);
// Reports received in [from, to] (months) that are not counted: no consent / not readable.
std::int64_t count_not_consented(const CentralStore& store, statistics::Month from,
                                 statistics::Month to);
std::int64_t count_not_readable(const CentralStore& store, statistics::Month from,
                                statistics::Month to);

// Whether a postcode directory has been imported, and the LSOA populations and districts.
bool has_postcode_directory(const CentralStore& store);
void load_lsoa_populations(const CentralStore& store, const std::vector<statistics::Row>& rows,
                           statistics::Populations& into);

struct ImportResult {
    std::int64_t rows_read = 0; // data lines in the file
    std::int64_t postcodes = 0; // kept: in one of the nine LLR districts, with an LSOA
    std::string lsoa_column;    // "lsoa21" or "lsoa11"
    std::int64_t lsoas = 0;     // LSOA populations imported
};

// Replaces the postcode directory with the LLR rows of an ONSPD CSV (columns found by name: pcds,
// lsoa21 or else lsoa11, oslaua) and forgets every statistics row (they are remade with the new
// LSOAs). One transaction: a file that fails half-way changes nothing.
ImportResult import_postcode_directory(CentralStore& store, std::istream& csv,
                                       const std::string& file_name, bool progress,
                                       std::int64_t now);
// Replaces the LSOA populations from a CSV with an LSOA code column ("geography code",
// "lsoa21cd", "lsoa11cd", "lsoa code") and a count column ("Residence type: Total; measures:
// Value" as in the Census 2021 TS001 download, "population", "obs_value", "observation"), and
// optionally its name ("geography", "LSOA21NM"), shown beside the code.
std::int64_t import_lsoa_populations(CentralStore& store, std::istream& csv,
                                     const std::string& file_name, std::int64_t now);

// One CSV record (RFC 4180: quoted fields, doubled quotes). Exposed for tests.
std::vector<std::string> split_csv_line(const std::string& line);

// The district population file: `given` if not empty; else $HRC_STATISTICS_DIR, the source tree's
// assets/statistics (a build-tree run), /usr/share/hrc/statistics. Throws Code::config if none.
std::filesystem::path district_population_file(const std::string& given);

} // namespace hrc::central
