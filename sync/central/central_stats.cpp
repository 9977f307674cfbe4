// central_stats.cpp — see central_stats.h.
//
// [SECTION] Statistics rows
// [SECTION] Postcode directory and LSOA populations
// [SECTION] Files

#include "central_stats.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <mutex>
#include <sstream>

#include "hrc/error.h"
#include "hrc/sqlite_util.h"
#include "hrc/store.h"
#include "hrc/submit.h"

#include "export.h"

namespace hrc::central {

using sql::Statement;
using sql::Transaction;
namespace st = hrc::statistics;

namespace {

std::optional<st::Month> month_of_time(std::int64_t t) {
    return t > 0 ? st::parse_month(format_utc(t)) : std::nullopt;
}

template <typename T>
void bind_optional(Statement& s, int i, const std::optional<T>& v) {
    if (v) s.bind(i, static_cast<std::int64_t>(*v));
}

template <typename E>
std::optional<E> enum_column(const Statement& s, int col) {
    if (s.is_null(col)) return std::nullopt;
    return static_cast<E>(s.integer(col));
}

} // namespace

//-------------------------------------------------------------------------------------------------
// [SECTION] Statistics rows
//-------------------------------------------------------------------------------------------------

namespace {

void insert_row(sqlite3* db, const std::string& report_id, std::int64_t received_at, int counted,
                const std::optional<st::Row>& row) {
    // A new statement per row: reset() would keep the last row's bindings, and absent values must be NULL.
    Statement insert(
        db,
        "INSERT INTO stat_rows (report_id, counted, received_at, received_month, centre_id, mode, "
        "incident_month,"
        " created_month, classification, strands, district, place_type, ongoing, postcode, lsoa)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
        "storing statistics rows");
    insert.bind(1, report_id).bind(2, std::int64_t{counted}).bind(3, received_at);
    bind_optional(insert, 4, month_of_time(received_at));
    if (row) {
        insert.bind(5, row->centre_id).bind(6, static_cast<std::int64_t>(row->mode));
        bind_optional(insert, 7, row->incident_month);
        bind_optional(insert, 8, row->created_month);
        bind_optional(insert, 9, row->classification);
        insert.bind(10, static_cast<std::int64_t>(row->strands));
        bind_optional(insert, 11, row->district);
        bind_optional(insert, 12, row->place_type);
        bind_optional(insert, 13, row->ongoing);
        insert.bind(14, static_cast<std::int64_t>(row->postcode));
        if (row->postcode == st::PostcodeLookup::found) insert.bind(15, row->lsoa);
    }
    insert.run();
}

// A directory lookup over the store's imported postcodes, or nullopt when none are imported.
class Directory {
public:
    explicit Directory(const CentralStore& store)
        : present_(has_postcode_directory(store)),
          lookup_(store.handle(), "SELECT lsoa, lad FROM postcodes WHERE postcode = ?1",
                  "looking up a postcode") {
        find_ = [this](const std::string& postcode) -> std::optional<st::PostcodeArea> {
            lookup_.reset();
            lookup_.bind(1, postcode);
            if (!lookup_.step()) return std::nullopt;
            return st::PostcodeArea{lookup_.text(0), lookup_.text(1)};
        };
    }
    const st::PostcodeDirectory* get() const { return present_ ? &find_ : nullptr; }

private:
    bool present_;
    Statement lookup_;
    st::PostcodeDirectory find_;
};

} // namespace

struct StatRowMaker::Directory {
    explicit Directory(const CentralStore& store) : lookups(store) {}
    central::Directory lookups;
    std::mutex one_at_a_time;
};

StatRowMaker::StatRowMaker(const CentralStore& store)
    : directory_(std::make_unique<Directory>(store)) {}

StatRowMaker::~StatRowMaker() = default;

StatRowDraft StatRowMaker::operator()(const Report& report, std::int64_t received_at) const {
    const st::PostcodeDirectory* lookups = directory_->lookups.get();
    if (lookups == nullptr) return StatRowDraft{st::row_for_report(report, received_at, nullptr)};
    // The row's own computation needs no lock; only the directory's statement is shared.
    const st::PostcodeDirectory serialised =
        [this, lookups](const std::string& postcode) -> std::optional<st::PostcodeArea> {
        const std::lock_guard<std::mutex> lock(directory_->one_at_a_time);
        return (*lookups)(postcode);
    };
    return StatRowDraft{st::row_for_report(report, received_at, &serialised)};
}

void insert_stat_row(CentralStore& store, const std::string& report_id, std::int64_t received_at,
                     const StatRowDraft& draft) {
    insert_row(store.handle(), report_id, received_at, draft.row ? 1 : 0, draft.row);
}

RefreshResult refresh_stat_rows(CentralStore& store,
                                const std::function<CentralSecrets()>& read_secrets,
                                bool progress) {
    RefreshResult result;
    sqlite3* db = store.handle();
    std::int64_t total = 0;
    {
        Statement count(db,
                        "SELECT count(*) FROM reports r WHERE NOT EXISTS (SELECT 1 FROM stat_rows "
                        "s WHERE s.report_id = r.report_id)",
                        "counting reports without statistics rows");
        if (count.step()) total = count.integer(0);
    }
    if (total == 0) return result;
    const CentralSecrets secrets = read_secrets();
    const Directory directory(store);
    constexpr int kChunk = 2000;
    while (true) {
        std::vector<StoredReport> chunk;
        {
            Statement select(
                db,
                "SELECT r.report_id, r.kiosk_id, r.digest, r.sealed, r.signature, r.kiosk_key, "
                "r.received_at FROM reports r"
                " WHERE NOT EXISTS (SELECT 1 FROM stat_rows s WHERE s.report_id = r.report_id)"
                " ORDER BY r.received_at, r.report_id LIMIT ?1",
                "reading reports for statistics");
            select.bind(1, std::int64_t{kChunk});
            while (select.step()) {
                StoredReport r;
                r.report_id = select.text(0);
                r.kiosk_id = select.text(1);
                r.digest = select.text(2);
                r.sealed.sealed = select.blob(3);
                r.sealed.signature = select.blob(4);
                const Bytes key = select.blob(5);
                if (key.size() != r.kiosk_key.size())
                    throw Error(
                        Code::corrupt,
                        "The central database is damaged: a report's kiosk key is not 32 bytes.");
                std::copy(key.begin(), key.end(), r.kiosk_key.begin());
                r.received_at = select.integer(6);
                chunk.push_back(std::move(r));
            }
        }
        if (chunk.empty()) break;
        Transaction tx(db, "storing statistics rows");
        for (const StoredReport& stored : chunk) {
            std::optional<Report> report;
            const std::string why = open_report(stored, secrets, report);
            if (!why.empty()) {
                std::cerr << "hrc-central: report " << stored.report_id << " (kiosk "
                          << stored.kiosk_id
                          << ") cannot be opened for statistics and is not counted: " << why
                          << "\n";
                ++result.failed;
                insert_row(db, stored.report_id, stored.received_at, -1, std::nullopt);
            } else {
                const std::optional<st::Row> row =
                    st::row_for_report(*report, stored.received_at, directory.get());
                wipe(*report);
                insert_row(db, stored.report_id, stored.received_at, row ? 1 : 0, row);
            }
            ++result.opened;
        }
        tx.commit();
        if (progress)
            std::cerr << "\rhrc-central: statistics: read " << result.opened << " of " << total
                      << " new report(s)" << std::flush;
    }
    if (progress) std::cerr << "\n";
    return result;
}

std::vector<st::Row> load_stat_rows(const CentralStore& store) {
    Statement s(store.handle(),
                "SELECT centre_id, mode, incident_month, created_month, received_month, "
                "classification, strands, district,"
                " place_type, ongoing, postcode, lsoa FROM stat_rows WHERE counted = 1",
                "reading statistics rows");
    std::vector<st::Row> rows;
    while (s.step()) {
        st::Row r;
        r.centre_id = s.text(0);
        r.mode = static_cast<Mode>(s.integer(1));
        if (!s.is_null(2)) r.incident_month = static_cast<st::Month>(s.integer(2));
        if (!s.is_null(3)) r.created_month = static_cast<st::Month>(s.integer(3));
        if (!s.is_null(4)) r.received_month = static_cast<st::Month>(s.integer(4));
        r.classification = enum_column<Classification>(s, 5);
        r.strands = static_cast<unsigned>(s.integer(6));
        r.district = enum_column<District>(s, 7);
        r.place_type = enum_column<PlaceType>(s, 8);
        r.ongoing = enum_column<Answer>(s, 9);
        r.postcode = static_cast<st::PostcodeLookup>(s.integer(10));
        r.lsoa = s.text(11);
        rows.push_back(std::move(r));
    }
    return rows;
}

namespace {

std::int64_t count_where(const CentralStore& store, int counted, st::Month from, st::Month to) {
    Statement s(
        store.handle(),
        "SELECT count(*) FROM stat_rows WHERE counted = ?1 AND received_month BETWEEN ?2 AND ?3",
        "counting statistics rows");
    s.bind(1, std::int64_t{counted}).bind(2, std::int64_t{from}).bind(3, std::int64_t{to});
    return s.step() ? s.integer(0) : 0;
}

} // namespace

std::int64_t count_not_consented(const CentralStore& store, st::Month from, st::Month to) {
    return count_where(store, 0, from, to);
}
std::int64_t count_not_readable(const CentralStore& store, st::Month from, st::Month to) {
    return count_where(store, -1, from, to);
}

//-------------------------------------------------------------------------------------------------
// [SECTION] Postcode directory and LSOA populations
//-------------------------------------------------------------------------------------------------

bool has_postcode_directory(const CentralStore& store) {
    Statement s(store.handle(), "SELECT EXISTS (SELECT 1 FROM postcodes)",
                "reading the postcode directory");
    return s.step() && s.integer(0) != 0;
}

void load_lsoa_populations(const CentralStore& store, const std::vector<st::Row>& rows,
                           st::Populations& into) {
    {
        Statement s(store.handle(), "SELECT lsoa, population, name FROM lsoa_population",
                    "reading LSOA populations");
        while (s.step()) {
            into.lsoas[s.text(0)] = s.integer(1);
            if (!s.is_null(2)) into.lsoa_names[s.text(0)] = s.text(2);
        }
    }
    {
        Statement s(store.handle(),
                    "SELECT detail FROM statistics_sources WHERE name = 'lsoa_population'",
                    "reading sources");
        if (s.step()) into.lsoa_source = s.text(0);
    }
    Statement lad(store.handle(), "SELECT lad FROM postcodes WHERE lsoa = ?1 LIMIT 1",
                  "reading the postcode directory");
    std::map<std::string, bool> seen;
    for (const st::Row& r : rows) {
        if (r.postcode != st::PostcodeLookup::found || seen[r.lsoa]) continue;
        seen[r.lsoa] = true;
        lad.reset();
        lad.bind(1, r.lsoa);
        if (!lad.step()) continue;
        for (District d : {District::blaby, District::charnwood, District::harborough,
                           District::hinckley_and_bosworth, District::melton,
                           District::north_west_leicestershire, District::oadby_and_wigston,
                           District::leicester_city, District::rutland})
            if (district_info(d).ons_code == lad.text(0)) into.lsoa_districts[r.lsoa] = d;
    }
}

std::vector<std::string> split_csv_line(const std::string& line) {
    std::vector<std::string> out;
    std::string field;
    bool quoted = false;
    for (std::size_t i = 0; i < line.size(); ++i) {
        const char c = line[i];
        if (quoted) {
            if (c == '"') {
                if (i + 1 < line.size() && line[i + 1] == '"') {
                    field += '"';
                    ++i;
                } else {
                    quoted = false;
                }
            } else {
                field += c;
            }
        } else if (c == '"') {
            quoted = true;
        } else if (c == ',') {
            out.push_back(std::move(field));
            field.clear();
        } else if (c != '\r') {
            field += c;
        }
    }
    out.push_back(std::move(field));
    return out;
}

namespace {

std::string lower(std::string s) {
    for (char& c : s)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    // A UTF-8 byte order mark before the first header.
    if (s.size() >= 3 && s.compare(0, 3, "\xef\xbb\xbf") == 0) s.erase(0, 3);
    return s;
}

// Index of the first of `names` in the header, or -1.
long column_of(const std::vector<std::string>& header, std::initializer_list<const char*> names) {
    for (const char* name : names)
        for (std::size_t i = 0; i < header.size(); ++i)
            if (lower(header[i]) == name) return static_cast<long>(i);
    return -1;
}

void record_source(sqlite3* db, const std::string& name, const std::string& detail,
                   std::int64_t now) {
    Statement(
        db,
        "INSERT OR REPLACE INTO statistics_sources (name, detail, imported_at) VALUES (?1, ?2, ?3)",
        "recording the source")
        .bind(1, name)
        .bind(2, detail)
        .bind(3, now)
        .run();
}

} // namespace

ImportResult import_postcode_directory(CentralStore& store, std::istream& csv,
                                       const std::string& file_name, bool progress,
                                       std::int64_t now) {
    ImportResult result;
    std::string line;
    if (!std::getline(csv, line))
        throw Error(
            Code::usage,
            file_name +
                " is empty: give the ONSPD CSV file (Data/ONSPD_<MONTH>_UK.csv in the download)");
    const std::vector<std::string> header = split_csv_line(line);
    const long pcds = column_of(header, {"pcds"});
    long lsoa = column_of(header, {"lsoa21"});
    result.lsoa_column = "lsoa21";
    if (lsoa < 0) {
        lsoa = column_of(header, {"lsoa11"});
        result.lsoa_column = "lsoa11";
    }
    const long lad = column_of(header, {"oslaua"});
    if (pcds < 0 || lsoa < 0 || lad < 0)
        throw Error(Code::usage, file_name + ": the first line has no " +
                                     std::string(pcds < 0   ? "pcds"
                                                 : lsoa < 0 ? "lsoa21 or lsoa11"
                                                            : "oslaua") +
                                     " column, so this is not the ONS Postcode Directory CSV. Use "
                                     "the full CSV from the ONSPD download "
                                     "(Data/ONSPD_<MONTH>_UK.csv; docs/statistics.md)");
    const std::size_t need = static_cast<std::size_t>(std::max({pcds, lsoa, lad})) + 1;
    std::map<std::string, bool> llr;
    for (District d :
         {District::blaby, District::charnwood, District::harborough,
          District::hinckley_and_bosworth, District::melton, District::north_west_leicestershire,
          District::oadby_and_wigston, District::leicester_city, District::rutland})
        llr[std::string(district_info(d).ons_code)] = true;

    sqlite3* db = store.handle();
    Transaction tx(db, "importing the postcode directory");
    sql::exec(db, "DELETE FROM postcodes; DELETE FROM stat_rows;",
              "importing the postcode directory");
    Statement insert(db,
                     "INSERT OR REPLACE INTO postcodes (postcode, lsoa, lad) VALUES (?1, ?2, ?3)",
                     "importing the postcode directory");
    std::int64_t number = 1;
    while (std::getline(csv, line)) {
        ++number;
        if (line.empty() || line == "\r") continue;
        ++result.rows_read;
        const std::vector<std::string> f = split_csv_line(line);
        if (f.size() < need)
            throw Error(Code::usage, file_name + ":" + std::to_string(number) + ": this line has " +
                                         std::to_string(f.size()) +
                                         " fields, fewer than the header names; the file looks cut "
                                         "short or damaged. Download it again.");
        const std::string& area = f[static_cast<std::size_t>(lad)];
        const std::string& code = f[static_cast<std::size_t>(lsoa)];
        if (!llr.count(area) || code.empty()) continue;
        const auto postcode = st::normalise_postcode(f[static_cast<std::size_t>(pcds)]);
        if (!postcode) continue;
        insert.reset();
        insert.bind(1, *postcode).bind(2, code).bind(3, area).run();
        ++result.postcodes;
        if (progress && result.rows_read % 200000 == 0)
            std::cerr << "\rhrc-central: read " << result.rows_read << " lines, kept "
                      << result.postcodes << " LLR postcodes" << std::flush;
    }
    if (csv.bad()) throw Error(Code::io, file_name + ": cannot read the file to the end");
    if (progress) std::cerr << "\n";
    record_source(db, "postcodes",
                  std::filesystem::path(file_name).filename().string() + " (" +
                      std::to_string(result.postcodes) + " LLR postcodes, " + result.lsoa_column +
                      ")",
                  now);
    tx.commit();
    return result;
}

std::int64_t import_lsoa_populations(CentralStore& store, std::istream& csv,
                                     const std::string& file_name, std::int64_t now) {
    std::string line;
    if (!std::getline(csv, line))
        throw Error(Code::usage,
                    file_name + " is empty: give the LSOA population CSV (docs/statistics.md)");
    const std::vector<std::string> header = split_csv_line(line);
    const long code = column_of(header, {"geography code", "lsoa21cd", "lsoa11cd", "lsoa code",
                                         "lsoa_code", "lsoa21", "lsoa11"});
    const long value = column_of(header, {"residence type: total; measures: value", "population",
                                          "obs_value", "observation", "total", "all ages"});
    if (code < 0 || value < 0)
        throw Error(Code::usage, file_name +
                                     ": the first line needs an LSOA code column (\"geography "
                                     "code\", \"LSOA21CD\") and a "
                                     "population column (\"Residence type: Total; measures: "
                                     "Value\" as in the Census 2021 TS001 "
                                     "LSOA download, or \"population\"); docs/statistics.md");
    const long name = column_of(
        header, {"geography", "lsoa21nm", "lsoa11nm", "lsoa name", "lsoa_name"}); // optional
    const std::size_t need = static_cast<std::size_t>(std::max(code, value)) + 1;
    sqlite3* db = store.handle();
    Transaction tx(db, "importing LSOA populations");
    sql::exec(db, "DELETE FROM lsoa_population;", "importing LSOA populations");
    std::int64_t number = 1, imported = 0;
    while (std::getline(csv, line)) {
        ++number;
        if (line.empty() || line == "\r") continue;
        const std::vector<std::string> f = split_csv_line(line);
        std::string n = f.size() >= need ? f[static_cast<std::size_t>(value)] : "";
        n.erase(std::remove(n.begin(), n.end(), ','), n.end());
        if (f.size() < need || n.empty() || n.size() > 12 ||
            n.find_first_not_of("0123456789") != std::string::npos)
            throw Error(Code::usage, file_name + ":" + std::to_string(number) +
                                         ": expected an LSOA code and a whole number of people; "
                                         "fix or download the file again");
        Statement insert(
            db,
            "INSERT OR REPLACE INTO lsoa_population (lsoa, population, name) VALUES (?1, ?2, ?3)",
            "importing LSOA populations");
        insert.bind(1, f[static_cast<std::size_t>(code)]).bind(2, std::stoll(n));
        if (name >= 0 && static_cast<std::size_t>(name) < f.size() &&
            !f[static_cast<std::size_t>(name)].empty())
            insert.bind(3, f[static_cast<std::size_t>(name)]);
        insert.run();
        ++imported;
    }
    if (csv.bad()) throw Error(Code::io, file_name + ": cannot read the file to the end");
    record_source(db, "lsoa_population", std::filesystem::path(file_name).filename().string(), now);
    tx.commit();
    return imported;
}

//-------------------------------------------------------------------------------------------------
// [SECTION] Files
//-------------------------------------------------------------------------------------------------

std::filesystem::path district_population_file(const std::string& given) {
    namespace fs = std::filesystem;
    std::error_code ec;
    if (!given.empty()) {
        if (!fs::is_regular_file(given, ec))
            throw Error(Code::config,
                        given + ": there is no population file here; check --population");
        return given;
    }
    std::vector<fs::path> candidates;
    if (const char* env = std::getenv("HRC_STATISTICS_DIR"); env && *env)
        candidates.push_back(fs::path(env) / "district-population.csv");
#ifdef HRC_BUILD_STATISTICS_DIR
    candidates.push_back(fs::path(HRC_BUILD_STATISTICS_DIR) / "district-population.csv");
#endif
    candidates.push_back("/usr/share/hrc/statistics/district-population.csv");
    for (const auto& c : candidates)
        if (fs::is_regular_file(c, ec)) return c;
    throw Error(
        Code::config,
        "the district population file was not found (looked in " +
            candidates.back().parent_path().string() +
            "): give --population FILE (assets/statistics/district-population.csv in the source)");
}

} // namespace hrc::central
