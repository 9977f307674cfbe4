// hrc-bench-stats — `hrc-central stats` and `hrc-central report` over many reports at central,
// against a plain SQLite GROUP BY over the same rows in the same run (bench/README.md).
//
// 1. a central (`hrc-central init`) and an enrolled kiosk (`hrc-central enrol`);
// 2. REPORTS synthetic reports (bench/stats_rows.h) sealed by the real seal() and stored in
//    central.db as the receiver stores them (inserting directly: this measures statistics, not
//    delivery — hrc-bench-sync measures delivery);
// 3. a synthetic ONS Postcode Directory and LSOA populations imported with `import-postcodes`;
// 4. timed: the first `stats` (opens every report once to make its statistics row), then `stats`
//    --format json (median of RUNS), `stats --public`, `report` (PDF);
// 5. the baseline: hrc-bench-stats-sqlite, the same rows in plain libsqlite3, the same aggregates
//    as GROUP BY queries (in-process time, median of RUNS).
//
// Usage: hrc-bench-stats [--reports N] [--runs N] [--dir PARENT] [--keep]
// It prints figures; it does not pass or fail on them. It checks the figures agree.

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "hrc/process.h"
#include "hrc/report.h"
#include "hrc/seal.h"
#include "hrc/sqlite_util.h"
#include "hrc/statistics.h"
#include "hrc/store.h"

#include "process.h"
#include "protocol.h"
#include "stats_rows.h"

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

double ms_since(Clock::time_point t) {
    return std::chrono::duration<double, std::milli>(Clock::now() - t).count();
}

std::string month_text(int m, int day) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", m / 12, m % 12 + 1, day);
    return buf;
}

constexpr const char* kLad[9] = {"E07000129", "E07000130", "E07000131", "E07000132", "E07000133",
                                 "E07000134", "E07000135", "E06000016", "E06000017"};

hrc::Report report_of(const hrc_bench::GenRow& g, const std::string& kiosk_id) {
    hrc::Report r;
    r.report_id = hrc::new_report_id();
    r.reference = "HRC-BNCH-0000";
    r.centre_id = "centre-" + std::to_string(g.centre + 1);
    r.kiosk_id = kiosk_id;
    r.created_at = month_text(g.received_month, 20) + "T12:00:00Z";
    r.language = "en-GB";
    r.mode = static_cast<hrc::Mode>(g.mode);
    if (g.mode != 0) r.staff_id = "S0001";
    r.role = hrc::Role::victim;
    for (unsigned s = 0; s < 6; ++s)
        if (g.strands & (1u << s)) r.strands.push_back(static_cast<hrc::Strand>(s));
    if (g.classification >= 0)
        r.classification = static_cast<hrc::Classification>(g.classification);
    r.what_happened = {hrc::WhatHappened::verbal_abuse};
    r.description = "Synthetic benchmark report.";
    hrc::IncidentDate date;
    date.kind = static_cast<hrc::DateKind>(g.date_kind);
    if (g.incident_month >= 0) {
        date.date = month_text(g.incident_month, g.date_kind == 2 ? 25 : 12);
        if (g.date_kind == 2) date.date_to = month_text(g.incident_month + 1, 3);
    }
    r.when.date = date;
    if (g.ongoing >= 0) r.when.ongoing = static_cast<hrc::Answer>(g.ongoing);
    if (g.district >= 0) r.where.district = static_cast<hrc::District>(g.district);
    if (g.place >= 0) r.where.place_type = static_cast<hrc::PlaceType>(g.place);
    if (g.postcode >= 0) r.where.postcode = hrc_bench::postcode_text(g.postcode);
    r.consents.anonymous_statistics = hrc::Consent{
        g.consent ? hrc::ConsentDecision::given : hrc::ConsentDecision::refused, "statistics/1"};
    return r;
}

struct Timed {
    double ms = 0;
    hrc_test::RunResult result;
};

Timed timed(const std::vector<std::string>& argv, const std::string& log) {
    const auto start = Clock::now();
    Timed t;
    t.result = hrc_test::run_command(argv, log, {}, std::chrono::minutes(30));
    t.ms = ms_since(start);
    if (t.result.code != 0) {
        std::cerr << "hrc-bench-stats: " << argv[0] << " " << argv[1] << " exited " << t.result.code
                  << "; see " << log << "\n";
        std::exit(1);
    }
    return t;
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

std::map<std::string, std::string> key_values(const std::string& text) {
    std::map<std::string, std::string> out;
    std::istringstream in(text);
    std::string k, v;
    while (in >> k >> v)
        out[k] = v;
    return out;
}

} // namespace

int main(int argc, char** argv) {
    long reports = 100000;
    int runs = 5;
    fs::path parent = fs::temp_directory_path();
    bool keep = false;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--reports" && i + 1 < argc)
            reports = std::atol(argv[++i]);
        else if (a == "--runs" && i + 1 < argc)
            runs = std::max(1, std::atoi(argv[++i]));
        else if (a == "--dir" && i + 1 < argc)
            parent = argv[++i];
        else if (a == "--keep")
            keep = true;
        else {
            std::cerr
                << "usage: hrc-bench-stats [--reports N] [--runs N] [--dir PARENT] [--keep]\n";
            return 2;
        }
    }
    if (!hrc::harden_process()) return 1;
    const fs::path dir = parent / ("hrc-bench-stats-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    const fs::path central = dir / "central";
    const std::string log = (dir / "processes.log").string();
    const fs::path exe_dir = fs::path(argv[0]).parent_path();
    std::printf("hrc-bench-stats: %ld reports at central, %d timed runs each, in %s\n", reports,
                runs, dir.c_str());

    // 1. central and kiosk
    timed({HRC_CENTRAL_EXE, "init", "--dir", central.string()}, log);
    const hrc::KioskKeys keys = hrc::generate_kiosk_keys();
    const std::string kiosk_id = "kiosk-bench";
    hrc::write_kiosk_public_key(dir / "kiosk.pub", keys, kiosk_id, "centre-1");
    timed({HRC_CENTRAL_EXE, "enrol", "--dir", central.string(), "--kiosk-key",
           (dir / "kiosk.pub").string()},
          log);
    const hrc::CentralIdentity identity = hrc::read_central_identity(central / "central.pub");

    // 2. sealed reports, stored as the receiver stores them
    auto start = Clock::now();
    long consented = 0;
    {
        sqlite3* db =
            hrc::sql::open_encrypted(central / "central.db", hrc::read_db_key(central / "db.key"),
                                     10000, "PRAGMA journal_mode=WAL;");
        hrc::sql::exec(db, "BEGIN", "bench");
        hrc::sql::Statement insert(db,
                                   "INSERT INTO reports (report_id, kiosk_id, digest, sealed, "
                                   "signature, kiosk_key, received_at, batch_id)"
                                   " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'bench')",
                                   "bench");
        for (long i = 0; i < reports; ++i) {
            const hrc_bench::GenRow g = hrc_bench::generate_row(static_cast<std::uint64_t>(i));
            consented += g.consent ? 1 : 0;
            const hrc::Report r = report_of(g, kiosk_id);
            const hrc::SealedReport sealed =
                hrc::seal(hrc::to_json_text(r), r.report_id, kiosk_id, 1, identity, keys);
            insert.reset();
            insert.bind(1, r.report_id)
                .bind(2, kiosk_id)
                .bind(3, hrc::protocol::item_digest_hex(sealed.sealed, sealed.signature))
                .bind(4, sealed.sealed)
                .bind(5, sealed.signature)
                .bind(6, keys.public_key.data(), 32)
                .bind(7, *hrc::parse_utc(month_text(g.received_month, 20) + "T12:00:00Z"));
            insert.run();
        }
        hrc::sql::exec(db, "COMMIT", "bench");
        sqlite3_close(db);
    }
    const double fill_ms = ms_since(start);

    // 3. a synthetic postcode directory (ONSPD columns) and LSOA populations (TS001 layout)
    {
        std::ofstream onspd(dir / "onspd.csv");
        onspd << "pcd,pcds,oslaua,lsoa11,lsoa21\r\n";
        for (int p = 0; p < hrc_bench::kStatsPostcodes; ++p)
            onspd << "\"x\",\"" << hrc_bench::postcode_text(p) << "\","
                  << kLad[hrc_bench::postcode_district(p)] << ",," << hrc_bench::lsoa_code(p)
                  << "\r\n";
        std::ofstream pop(dir / "lsoa.csv");
        pop << "date,geography,geography code,Residence type: Total; measures: Value\r\n";
        for (int p = 0; p < hrc_bench::kStatsPostcodes; p += 3)
            pop << "2021,Area " << p / 3 << "," << hrc_bench::lsoa_code(p) << ","
                << hrc_bench::lsoa_population(p) << "\r\n";
    }
    const Timed import =
        timed({HRC_CENTRAL_EXE, "import-postcodes", "--dir", central.string(),
               (dir / "onspd.csv").string(), "--lsoa-population", (dir / "lsoa.csv").string()},
              log);

    // 4. hrc-central
    const std::vector<std::string> stats = {HRC_CENTRAL_EXE, "stats",   "--dir", central.string(),
                                            "--from",        "2024-01", "--to",  "2025-12",
                                            "--format",      "json"};
    const Timed first = timed(stats, log);
    std::vector<double> warm, pub, pdf;
    std::string json_text;
    for (int i = 0; i < runs; ++i) {
        const Timed t = timed(stats, log);
        warm.push_back(t.ms);
        json_text = t.result.out;
    }
    std::vector<std::string> public_stats = stats;
    public_stats.push_back("--public");
    for (int i = 0; i < runs; ++i)
        pub.push_back(timed(public_stats, log).ms);
    for (int i = 0; i < runs; ++i) {
        const fs::path out = dir / ("board-" + std::to_string(i) + ".pdf");
        pdf.push_back(timed({HRC_CENTRAL_EXE, "report", "--dir", central.string(), "--from",
                             "2024-01", "--to", "2025-12", "--output", out.string()},
                            log)
                          .ms);
    }
    const auto pdf_bytes = fs::file_size(dir / "board-0.pdf");

    // What the receiver now does in addition per report (CPU only: the statistics view and the
    // row; the row's INSERT goes into the batch's existing transaction and is not timed here).
    double row_us = 0;
    {
        std::vector<hrc::Report> sample;
        for (long i = 0; i < 2000; ++i)
            sample.push_back(
                report_of(hrc_bench::generate_row(static_cast<std::uint64_t>(i)), kiosk_id));
        std::size_t made = 0;
        const auto t0 = Clock::now();
        for (int round = 0; round < 5; ++round)
            for (const auto& r : sample)
                made += hrc::statistics::row_for_report(r, 1735689600, nullptr) ? 1 : 0;
        row_us = ms_since(t0) * 1000.0 / static_cast<double>(5 * sample.size());
        if (made == 0) std::printf("(no rows made)\n");
    }

    // 5. the baseline
    const fs::path baseline_db = dir / "baseline.db";
    const auto base_start = Clock::now();
    const Timed base = timed({(exe_dir / "hrc-bench-stats-sqlite").string(),
                              std::to_string(reports), baseline_db.string(), std::to_string(runs)},
                             log);
    const double base_process_ms = ms_since(base_start);
    (void)base_process_ms;
    const auto kv = key_values(base.result.out);
    const double base_ms = std::stod(kv.at("median_ms"));

    // The figures agree: reports counted by hrc-central and by the GROUP BY.
    const nlohmann::json j = nlohmann::json::parse(json_text);
    const long long central_counted = j.at("reports").get<long long>();
    const long long base_counted = std::stoll(kv.at("reports_counted"));

    std::printf("\n  %-58s %10s\n", "what", "time");
    std::printf("  %-58s %8.0f ms\n", "fill central.db (seal + insert, setup only)", fill_ms);
    std::printf("  %-58s %8.0f ms\n", "import-postcodes (240 postcodes, 80 LSOAs)", import.ms);
    std::printf("  %-58s %8.0f ms\n", "stats, first run (opens every report once: rows made)",
                first.ms);
    std::printf("  %-58s %8.0f ms\n", "stats --format json (rows made; median)", median(warm));
    std::printf("  %-58s %8.0f ms\n", "stats --public --format json (median)", median(pub));
    std::printf("  %-58s %8.0f ms  (%ju bytes)\n", "report --output board.pdf (median)",
                median(pdf), static_cast<std::uintmax_t>(pdf_bytes));
    std::printf("  %-58s %8.1f us\n", "receiver's added CPU per report (view + row, no INSERT)",
                row_us);
    const double month_ms = std::stod(kv.at("month_query_median_ms"));
    std::printf("  %-58s %8.1f ms\n", "baseline: plain SQLite, the 9 GROUP BY queries (median)",
                base_ms);
    std::printf("  %-58s %8.1f ms\n", "baseline: plain SQLite, one GROUP BY (month x class)",
                month_ms);
    std::printf("\n  stats / baseline (9 queries): %.1fx   (goal: stats <= 2 s and <= 3x the plain "
                "query)\n",
                median(warm) / base_ms);
    std::printf("  stats / baseline (1 query):   %.1fx\n", median(warm) / month_ms);
    std::printf("  report / baseline (9 queries): %.1fx\n", median(pdf) / base_ms);
    std::printf("  reports: %ld stored, %ld with consent; counted in 2024-01..2025-12: hrc-central "
                "%lld, GROUP BY %lld (%s)\n",
                reports, consented, central_counted, base_counted,
                central_counted == base_counted ? "agree" : "DIFFER");
    if (!keep)
        fs::remove_all(dir);
    else
        std::printf("  kept %s\n", dir.c_str());
    return central_counted == base_counted ? 0 : 1;
}
