// hrc/statistics.h — the partnership's monitoring figures (docs/statistics.md; the seed's
// diagrams 1–4): reports by month of the incident, by strand, by district per 1,000 people, by
// LSOA, by centre; repeat/ongoing incidents, places; small-number suppression for anything
// published; spike alerts.
//
// Pure code: rows in, figures out. No database, no files, no clock. hrc-central builds the rows
// (one per report whose person consented to anonymous statistics) and prints or draws the result.
//
// Where the rows come from: row_from_view() reads ONLY the statistics recipient's view of a
// report (hrc/recipients.h: recipient_view(Recipient::statistics, …)), so the consent rule and
// the fields statistics may see are decided in one place, never here. The one thing central adds
// is the LSOA of the report's postcode, looked up in the operator's ONS Postcode Directory.
//
// Errors: nothing here throws except where said; a view that lacks what a row needs gives
// nullopt from row_from_view(), and the caller counts it as not usable.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "hrc/report.h"

namespace hrc::statistics {

// ---- months ---------------------------------------------------------------------------------------

// A calendar month as year * 12 + (month - 1): consecutive months are consecutive numbers.
using Month = int;
// "2025-03" or "2025-03-27…" → the month; nullopt for anything else (never guessed).
std::optional<Month> parse_month(std::string_view text);
std::string month_key(Month month);   // "2025-03"
std::string month_label(Month month); // "Mar 2025"

// ---- one report, as statistics sees it ---------------------------------------------------------

enum class PostcodeLookup { not_given, not_in_directory, found };

struct Row {
    std::string centre_id;
    Mode mode = Mode::self;
    std::optional<Month> incident_month; // the date's month; a range counts in its first month
    std::optional<Month> created_month;  // when the report was made (centre usage)
    std::optional<Month> received_month; // when central received it
    std::optional<Classification> classification;
    unsigned strands = 0;             // bit (1 << Strand) per strand named
    std::optional<District> district; // absent = not given ("dont_know" is kept as is)
    std::optional<PlaceType> place_type;
    std::optional<Answer> ongoing;
    bool has_postcode_sector = false; // the view carried a postcode sector
    // Set by central from the postcode directory (not in the view: the view has only the sector).
    PostcodeLookup postcode = PostcodeLookup::not_given;
    std::string lsoa; // LSOA code when postcode == found

    bool has(Strand s) const { return (strands >> static_cast<unsigned>(s)) & 1u; }
};

// A row from a statistics view (recipient_view(Recipient::statistics, report, received_at)).
// Unknown spellings are left out of the row (as "not given"), never guessed. nullopt when `view`
// is not an object. Never throws.
std::optional<Row> row_from_view(const nlohmann::json& view);

// The part of the ONS Postcode Directory central keeps: a postcode's LSOA and local authority.
struct PostcodeArea {
    std::string lsoa; // "E01025631" (LSOA 2021, or 2011 where the directory has no 2021 code)
    std::string lad;  // ONS local authority district code, "E07000130"
};
// Looks a normalised postcode ("LE115AA", see normalise_postcode) up; nullopt = not in the directory.
using PostcodeDirectory =
    std::function<std::optional<PostcodeArea>(const std::string& normalised_postcode)>;

// "le11 5aa" / "LE115AA" → "LE115AA" (upper case, no spaces); nullopt when it is not a UK postcode.
std::optional<std::string> normalise_postcode(std::string_view postcode);

// The row of one report, or nullopt when the person did not consent to anonymous statistics
// (decided by hrc::recipient_view, never here). With a directory, the report's postcode gives the
// LSOA; and when the person gave no district (or "don't know"), a postcode in one of the nine LLR
// districts gives the district. The postcode itself is not kept. Never throws (except what the
// directory throws).
std::optional<Row> row_for_report(const Report& report, std::int64_t received_at,
                                  const PostcodeDirectory* directory);

// ---- reference data ---------------------------------------------------------------------------

struct Populations {
    std::map<District, std::int64_t> districts;     // the nine LLR districts
    std::string district_source;                    // named in every output
    std::map<std::string, std::int64_t> lsoas;      // LSOA code → usual residents
    std::map<std::string, District> lsoa_districts; // LSOA code → its district (from the directory)
    std::map<std::string, std::string> lsoa_names; // LSOA code → "Leicester 001A", when imported
    std::string lsoa_source;
};

// Reads the district population CSV (assets/statistics/district-population.csv): lines
// "ons_code,name,population" after a header line; '#' lines are comments, and a comment line
// "# source: TEXT" names the source. Throws hrc::Error(Code::config) naming the line of anything
// else, or when one of the nine LLR ONS codes is missing.
void read_district_populations(std::string_view csv_text, const std::string& file_name,
                               Populations& into);

// ---- small-number suppression --------------------------------------------------------------------

enum class CellStatus {
    shown,
    primary,   // 1–4: published as "<5"
    secondary, // withheld so that a primary cell cannot be worked out from totals: "c"
};

struct Cell {
    std::int64_t value = 0;
    CellStatus status = CellStatus::shown;
    bool suppressed() const { return status != CellStatus::shown; }
};

// A table of counts. With `totals`, each row's total (when there is more than one column), each
// column's total and the grand total are published too, and suppression protects against them.
struct Table {
    std::string id;         // "by_month" (JSON key, CSV column)
    std::string title;      // for people
    std::string row_header; // "Month"
    std::vector<std::string> row_keys, row_labels;
    std::vector<std::string> col_keys, col_labels;
    std::vector<std::vector<Cell>> cells; // [row][col]
    bool totals = true;
    std::vector<Cell> row_totals;         // one per row when totals and more than one column
    std::vector<Cell> col_totals;         // one per column when totals
    Cell grand;                           // when totals
    std::vector<std::int64_t> population; // per row, 0 = none: rate per 1,000 of column 0
    std::string note;

    std::size_t rows() const { return cells.size(); }
    std::size_t cols() const { return col_keys.size(); }
    bool has_row_totals() const { return totals && cols() > 1; }
    // Count per 1,000 population of row r (column 0); nullopt without a population or when the
    // count is suppressed.
    std::optional<double> rate_per_1000(std::size_t r) const;
};

// Fills the totals from the cells (all shown). Call before suppress().
void compute_totals(Table& table);

// Primary suppression (every count 1–4, totals included) and then secondary suppression until no
// suppressed count can be worked out exactly from the published ones (recoverable_cells() is
// empty). Secondary cells are the smallest non-zero published counts of a line that needs one.
void suppress(Table& table);

// The suppressed cells a reader could work out exactly, assuming what the method discloses:
// a "<5" is 1–4, a "c" is 5 or more (zeros are never withheld), shown cells are exact, and
// each published total is the sum of its line. Interval propagation over every row and column
// equation, and Gauss-Jordan elimination for what only a combination of lines fixes; names cells
// as "row key/col key" ("total" for totals). Empty = safe.
std::vector<std::string> recoverable_cells(const Table& table);

// ---- spikes ------------------------------------------------------------------------------------

// The spike rule (docs/statistics.md): a month is a spike when its count is at least
// kSpikeMinimumCount and above mean + 2 × max(sd, √mean) of the previous months (up to 12, at
// least kSpikeMinimumHistory of them, only months since data collection began). √mean is the
// Poisson standard deviation: a flat series does not make every small rise a spike.
inline constexpr int kSpikeHistoryMonths = 12;
inline constexpr int kSpikeMinimumHistory = 6;
inline constexpr std::int64_t kSpikeMinimumCount = 5;

struct SpikeCheck {
    bool spike = false;
    double mean = 0, sd = 0, threshold = 0;
};
// nullopt when there is not enough history. Never throws.
std::optional<SpikeCheck> check_spike(const std::vector<std::int64_t>& previous,
                                      std::int64_t count);

struct Spike {
    std::string scope;       // "all" or a district key ("charnwood")
    std::string scope_label; // "All LLR" / "Charnwood"
    Month month = 0;
    std::int64_t count = 0;
    double mean = 0, threshold = 0;
};

// ---- the figures ---------------------------------------------------------------------------------

struct Options {
    Month from = 0, to = 0; // inclusive
    bool is_public = false; // suppress small numbers
    std::size_t lsoa_top = 12;
    bool postcode_directory = false; // an ONS Postcode Directory has been imported
    std::int64_t not_consented = 0;  // reports received in the period without the consent
    std::int64_t not_readable = 0;   // reports central could not open (named on stderr)
};

struct Statistics {
    Options options;
    std::string district_source, lsoa_source;
    std::int64_t reports =
        0; // counted: incident in the period, or date not known and received in it
    std::int64_t centre_reports = 0; // made at a centre in the period (centre tables)
    Table by_month;  // month of the incident (+ "not known") × incident/crime/not sure/not given
    Table by_strand; // the six strands (no total: one report may name several)
    Table strand_notes; // reports naming more than one strand; naming none
    Table by_district;  // nine LLR districts (with rates), elsewhere, online, not known
    Table by_lsoa;      // top N by rate (no total)
    std::int64_t lsoa_not_in_directory = 0, lsoa_no_postcode = 0, lsoa_no_population = 0;
    std::string lsoa_message;  // set when no directory has been imported: how to get one
    Table by_centre_month;     // month made × centre
    Table by_centre_mode;      // centre × self / staff-assisted / paper form
    Table ongoing;             // repeat or ongoing: yes / no / don't know / …
    Table places;              // place types, most reported first
    std::vector<Spike> spikes; // months of the period flagged by the spike rule
    std::string spike_rule;    // the rule in words

    std::vector<const Table*> tables() const;
};

// Computes every figure. `rows` may include reports outside the period (they are the history of
// the spike rule). Throws hrc::Error(Code::usage) when to < from. Suppression is applied when
// options.is_public.
Statistics compute(const std::vector<Row>& rows, const Options& options,
                   const Populations& populations);

// ---- output ------------------------------------------------------------------------------------

// The figures as JSON (docs/statistics.md): counts are numbers, or "<5" / "c" when suppressed.
nlohmann::json to_json(const Statistics& stats);
// Long CSV: table,row,row_label,column,value (CRLF; cells from hrc::csv_cell).
std::string to_csv(const Statistics& stats);
// Plain-text tables for a terminal.
std::string to_text(const Statistics& stats);
// "12", "<5" or "c".
std::string cell_text(const Cell& cell);
// "0.27" (two decimals) or "<5"-style text when the count is suppressed, "" without a population.
std::string rate_text(const Table& table, std::size_t row);
// A short summary paragraph of the figures for people (used by the board report).
std::string summary_paragraph(const Statistics& stats);

} // namespace hrc::statistics
