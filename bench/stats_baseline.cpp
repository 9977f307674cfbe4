// hrc-bench-stats-sqlite — the baseline of hrc-bench-stats (bench/README.md): the same rows as
// hrc-central's statistics rows (bench/stats_rows.h), in a plain libsqlite3 table, and the GROUP BY
// queries that give the same aggregates (month x classification, strands, district, LSOA, centre
// x month, centre x mode, repeat/ongoing, places). Prints "key value" lines for the parent.
//
// Usage: hrc-bench-stats-sqlite REPORTS DATABASE [RUNS]
// Links plain libsqlite3 only (not hrc_core, not SQLCipher: both export the sqlite3_* symbols).

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include <sqlite3.h>

#include "stats_rows.h"

namespace {

void exec(sqlite3* db, const char* sql) {
    char* error = nullptr;
    if (sqlite3_exec(db, sql, nullptr, nullptr, &error) != SQLITE_OK) {
        std::fprintf(stderr, "hrc-bench-stats-sqlite: %s: %s\n", sql, error ? error : "?");
        std::exit(1);
    }
}

void bind_or_null(sqlite3_stmt* st, int i, int v) {
    if (v < 0)
        sqlite3_bind_null(st, i);
    else
        sqlite3_bind_int(st, i, v);
}

} // namespace

int main(int argc, char** argv) {
    if (argc < 3) {
        std::fprintf(stderr, "usage: hrc-bench-stats-sqlite REPORTS DATABASE [RUNS]\n");
        return 2;
    }
    const long reports = std::atol(argv[1]);
    const int runs = argc > 3 ? std::atoi(argv[3]) : 5;
    sqlite3* db = nullptr;
    if (sqlite3_open(argv[2], &db) != SQLITE_OK) return 1;
    exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
             "CREATE TABLE r (counted INTEGER, received_month INTEGER, centre INTEGER, mode "
             "INTEGER, incident_month INTEGER,"
             " created_month INTEGER, classification INTEGER, strands INTEGER, district INTEGER, "
             "place INTEGER, ongoing INTEGER,"
             " lsoa TEXT);"
             "CREATE INDEX r_by_received ON r (counted, received_month);");
    exec(db, "BEGIN");
    sqlite3_stmt* ins = nullptr;
    sqlite3_prepare_v2(db,
                       "INSERT INTO r VALUES (?1, ?2, ?3, ?4, ?5, ?2, ?6, ?7, ?8, ?9, ?10, ?11)",
                       -1, &ins, nullptr);
    for (long i = 0; i < reports; ++i) {
        const hrc_bench::GenRow g = hrc_bench::generate_row(static_cast<std::uint64_t>(i));
        sqlite3_bind_int(ins, 1, g.consent ? 1 : 0);
        sqlite3_bind_int(ins, 2, g.received_month);
        sqlite3_bind_int(ins, 3, g.centre);
        sqlite3_bind_int(ins, 4, g.mode);
        bind_or_null(ins, 5, g.incident_month);
        bind_or_null(ins, 6, g.classification);
        sqlite3_bind_int(ins, 7, static_cast<int>(g.strands));
        bind_or_null(ins, 8, g.district);
        bind_or_null(ins, 9, g.place);
        bind_or_null(ins, 10, g.ongoing);
        if (g.postcode >= 0) {
            const std::string code = hrc_bench::lsoa_code(g.postcode);
            sqlite3_bind_text(ins, 11, code.c_str(), -1, SQLITE_TRANSIENT);
        } else {
            sqlite3_bind_null(ins, 11);
        }
        sqlite3_step(ins);
        sqlite3_reset(ins);
    }
    sqlite3_finalize(ins);
    exec(db, "COMMIT");

    const int from = hrc_bench::kStatsFirstMonth,
              to = hrc_bench::kStatsFirstMonth + hrc_bench::kStatsMonths - 1;
    const std::string period = " WHERE counted = 1 AND (incident_month BETWEEN " +
                               std::to_string(from) + " AND " + std::to_string(to) +
                               " OR (incident_month IS NULL AND received_month BETWEEN " +
                               std::to_string(from) + " AND " + std::to_string(to) + "))";
    const std::string made = " WHERE counted = 1 AND created_month BETWEEN " +
                             std::to_string(from) + " AND " + std::to_string(to);
    const std::vector<std::string> queries = {
        "SELECT incident_month, classification, count(*) FROM r" + period + " GROUP BY 1, 2",
        "SELECT sum(strands & 1 != 0), sum(strands & 2 != 0), sum(strands & 4 != 0), sum(strands & "
        "8 != 0), sum(strands & 16 != 0),"
        " sum(strands & 32 != 0), sum((strands & 1 != 0) + (strands & 2 != 0) + (strands & 4 != 0) "
        "+ (strands & 8 != 0) +"
        " (strands & 16 != 0) + (strands & 32 != 0) > 1), sum(strands = 0) FROM r" +
            period,
        "SELECT district, count(*) FROM r" + period + " GROUP BY 1",
        "SELECT lsoa, count(*) FROM r" + period + " AND lsoa IS NOT NULL GROUP BY 1",
        "SELECT centre, created_month, count(*) FROM r" + made + " GROUP BY 1, 2",
        "SELECT centre, mode, count(*) FROM r" + made + " GROUP BY 1, 2",
        "SELECT ongoing, count(*) FROM r" + period + " GROUP BY 1",
        "SELECT place, count(*) FROM r" + period + " GROUP BY 1 ORDER BY 2 DESC",
        "SELECT incident_month, district, count(*) FROM r WHERE counted = 1 AND incident_month IS "
        "NOT NULL GROUP BY 1, 2",
    };
    std::vector<double> times, first_times;
    long long counted = 0;
    for (int run = 0; run < runs; ++run) {
        const auto start = std::chrono::steady_clock::now();
        counted = 0;
        for (std::size_t q = 0; q < queries.size(); ++q) {
            if (q == 1)
                first_times.push_back(std::chrono::duration<double, std::milli>(
                                          std::chrono::steady_clock::now() - start)
                                          .count());
            sqlite3_stmt* st = nullptr;
            if (sqlite3_prepare_v2(db, queries[q].c_str(), -1, &st, nullptr) != SQLITE_OK) {
                std::fprintf(stderr, "hrc-bench-stats-sqlite: %s\n", sqlite3_errmsg(db));
                return 1;
            }
            while (sqlite3_step(st) == SQLITE_ROW)
                if (q == 0) counted += sqlite3_column_int64(st, 2);
            sqlite3_finalize(st);
        }
        times.push_back(
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
                .count());
    }
    std::sort(times.begin(), times.end());
    std::sort(first_times.begin(), first_times.end());
    std::printf("queries %zu\nreports_counted %lld\nmedian_ms %.2f\nmin_ms "
                "%.2f\nmonth_query_median_ms %.2f\n",
                queries.size(), counted, times[times.size() / 2], times.front(),
                first_times[first_times.size() / 2]);
    sqlite3_close(db);
    return 0;
}
