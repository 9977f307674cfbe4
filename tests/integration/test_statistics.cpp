// Partnership monitoring end to end (docs/statistics.md): reports sealed in a real kiosk store,
// delivered by hrc-sync to hrc-central over TLS on loopback; the ONS Postcode Directory and LSOA
// populations imported from fixtures in the real formats; `hrc-central stats --format json` equal
// to the figures written here; `--public` output with no 1-4; the board report's text carrying
// the same numbers.
#include <fstream>
#include <regex>

#include <catch2/catch.hpp>

#include "hrc/clock.h"
#include "hrc/sqlite_util.h"
#include "hrc/statistics.h"
#include "hrc/store.h"

#include "deployment.h"

using hrc_test::Deployment;
namespace fs = std::filesystem;

namespace {

const std::string kFixtures = std::string(HRC_SOURCE_DIR) + "/tests/fixtures/statistics/";

hrc_test::RunResult central(Deployment& d, std::vector<std::string> args) {
    args.insert(args.begin(), HRC_CENTRAL_EXE);
    return hrc_test::run_command(args, d.log);
}

hrc_test::RunResult central_ok(Deployment& d, std::vector<std::string> args) {
    const auto r = central(d, args);
    INFO(args.at(0) << " exit " << r.code << "\n"
                    << r.out << "\nlog:\n"
                    << hrc_test::read_file(d.log));
    REQUIRE(r.code == 0);
    return r;
}

struct Spec {
    hrc::IncidentDate date;
    std::optional<hrc::Classification> classification;
    std::vector<hrc::Strand> strands;
    std::optional<hrc::District> district;
    std::optional<hrc::PlaceType> place;
    std::optional<hrc::Answer> ongoing;
    std::optional<std::string> postcode;
    hrc::Mode mode;
    hrc::ConsentDecision statistics;
};

// Seals each report into the kiosk's store through the real submit path (as Deployment::submit).
void submit(Deployment& d, const std::vector<Spec>& specs) {
    const hrc::Config c = d.config();
    hrc::Store store = hrc::open_kiosk_store(c);
    const hrc::KioskKeys keys = hrc::read_kiosk_secret_key(c.kiosk.signing_key);
    const hrc::CentralIdentity central_id = hrc::read_central_identity(c.central.public_identity);
    for (const Spec& s : specs) {
        hrc::Report r = hrc_test::fresh_report();
        r.description = "STATS-CANARY what happened";
        r.mode = s.mode;
        if (s.mode == hrc::Mode::self) r.staff_id.reset();
        r.strands = s.strands;
        r.other_difference.reset();
        r.classification = s.classification;
        r.when.date = s.date;
        r.when.ongoing = s.ongoing;
        r.where.district = s.district;
        r.where.place_type = s.place;
        r.where.place_other.reset();
        r.where.postcode = s.postcode;
        r.consents.anonymous_statistics = hrc::Consent{s.statistics, "statistics/1"};
        const auto out =
            hrc::submit_report(store, r, keys, central_id, {2025, 3, 27}, hrc::unix_now());
        INFO(out.problems.size());
        REQUIRE(out.stored());
    }
}

using hrc::Classification;
using hrc::District;
using hrc::Mode;
using hrc::PlaceType;
using hrc::Strand;

hrc::IncidentDate exact(const std::string& day) {
    return {hrc::DateKind::exact, day, std::nullopt};
}

// E1..E7 of the expected figures below.
std::vector<Spec> data_set() {
    const auto given = hrc::ConsentDecision::given;
    return {
        // E1: January, crime, race, Leicester, street, repeat; postcode in the directory (E01013001)
        {exact("2025-01-10"),
         Classification::crime,
         {Strand::race},
         District::leicester_city,
         PlaceType::street,
         hrc::Answer::yes,
         "LE1 5FQ",
         Mode::self,
         given},
        // E2: January, incident, race + religion, Charnwood, town centre, with staff help (E01025601)
        {exact("2025-01-20"),
         Classification::incident,
         {Strand::race, Strand::religion},
         District::charnwood,
         PlaceType::town_centre,
         hrc::Answer::no,
         "le11 3aa",
         Mode::staff_assisted,
         given},
        // E3: 25 Feb - 5 Mar counts in February; not sure, disability, Melton, shop, paper form (E01025700)
        {{hrc::DateKind::range, std::string("2025-02-25"), std::string("2025-03-05")},
         Classification::not_sure,
         {Strand::disability},
         District::melton,
         PlaceType::shop,
         std::nullopt,
         "LE13 0AA",
         Mode::paper_transcription,
         given},
        // E4: date not known; outside LLR; a postcode the directory has but outside LLR (not imported)
        {{hrc::DateKind::dont_know, std::nullopt, std::nullopt},
         Classification::incident,
         {Strand::sexual_orientation},
         District::elsewhere,
         PlaceType::home,
         std::nullopt,
         "NG1 1AA",
         Mode::self,
         given},
        // E5: March, online, no postcode
        {exact("2025-03-15"),
         Classification::crime,
         {Strand::religion},
         District::online,
         PlaceType::online,
         std::nullopt,
         std::nullopt,
         Mode::self,
         given},
        // E6: consent refused: not counted anywhere
        {exact("2025-01-15"),
         Classification::crime,
         {Strand::race},
         District::leicester_city,
         PlaceType::street,
         hrc::Answer::yes,
         "LE1 5FQ",
         Mode::self,
         hrc::ConsentDecision::refused},
        // E7: January, crime, race, district "don't know": the postcode places it in Leicester
        {exact("2025-01-12"),
         Classification::crime,
         {Strand::race},
         District::dont_know,
         PlaceType::street,
         std::nullopt,
         "LE1 5FQ",
         Mode::self,
         given},
    };
}

const nlohmann::json& row(const nlohmann::json& table, const std::string& key) {
    for (const auto& r : table.at("rows"))
        if (r.at("key") == key) return r;
    FAIL("no row " << key);
    throw std::logic_error("unreachable");
}

} // namespace

TEST_CASE("statistics: kiosk store -> hrc-sync -> hrc-central, stats --format json equals the "
          "expected figures",
          "[statistics][sync]") {
    Deployment d;
    d.start_central();
    submit(d, data_set());
    REQUIRE(d.sync_once().code == 0);
    REQUIRE(d.pending() == 0);
    // The receiver made each report's statistics row while it had the report open: codes only.
    const auto stat_rows = [&]() {
        sqlite3* db = hrc::sql::open_encrypted(
            d.central_dir / "central.db", hrc::read_db_key(d.central_dir / "db.key"), 5000, "");
        std::pair<std::int64_t, std::int64_t> out{0, 0};
        {
            hrc::sql::Statement st(db, "SELECT count(*), coalesce(sum(counted), 0) FROM stat_rows",
                                   "test");
            REQUIRE(st.step());
            out = {st.integer(0), st.integer(1)};
            hrc::sql::Statement all(db, "SELECT * FROM stat_rows", "test");
            while (all.step())
                for (int c = 0; c < 15; ++c) {
                    const std::string v = all.text(c);
                    CHECK(v.find("STATS-CANARY") == std::string::npos);
                    CHECK(v.find("LE1") == std::string::npos);
                    CHECK(v.find("le11") == std::string::npos);
                }
        }
        sqlite3_close(db);
        return out;
    };
    CHECK(stat_rows() == std::pair<std::int64_t, std::int64_t>{7, 6});
    const std::string now_month =
        hrc::statistics::month_key(*hrc::statistics::parse_month(hrc::format_utc(hrc::unix_now())));
    const std::vector<std::string> period = {
        "--dir", d.central_dir.string(), "--from", "2025-01", "--to", now_month};
    const auto stats = [&](std::vector<std::string> extra) {
        std::vector<std::string> args = {"stats"};
        args.insert(args.end(), period.begin(), period.end());
        args.insert(args.end(), extra.begin(), extra.end());
        return central_ok(d, args);
    };

    // Before any postcode directory: the LSOA table says how to get one.
    {
        const auto j = nlohmann::json::parse(stats({"--format", "json"}).out);
        CHECK(j["lsoa"]["directory"] == false);
        CHECK(j["lsoa"]["message"].get<std::string>().find("import-postcodes") !=
              std::string::npos);
        CHECK(j["tables"]["by_lsoa"]["rows"].empty());
        CHECK(j["reports"] == 6);
    }
    // Not the ONSPD: refused with what to do, nothing changed.
    const fs::path wrong = d.dir.write("not-onspd.csv", "postcode,area\nLE1 5FQ,E01013001\n");
    const auto bad =
        central(d, {"import-postcodes", "--dir", d.central_dir.string(), wrong.string()});
    CHECK(bad.code == 2);
    CHECK(hrc_test::read_file(d.log).find("not the ONS Postcode Directory") != std::string::npos);

    const auto imported = central_ok(d, {"import-postcodes", "--dir", d.central_dir.string(),
                                         kFixtures + "onspd-sample.csv", "--lsoa-population",
                                         kFixtures + "lsoa-population-sample.csv"});
    CHECK(imported.out.find(
              "Imported 5 postcodes in the nine LLR districts (of 6 lines; LSOA from lsoa21)") !=
          std::string::npos);
    CHECK(imported.out.find("Imported the population of 5 LSOAs") != std::string::npos);
    CHECK(stat_rows() ==
          std::pair<std::int64_t, std::int64_t>{0, 0}); // remade with LSOAs by the next stats

    const auto j = nlohmann::json::parse(stats({"--format", "json"}).out);
    INFO(j.dump(2));
    CHECK(stat_rows() == std::pair<std::int64_t, std::int64_t>{7, 6});
    CHECK(j["public"] == false);
    CHECK(j["reports"] == 6);
    CHECK(j["not_consented"] == 1);
    CHECK(j["not_readable"] == 0);
    CHECK(j["period"]["from"] == "2025-01");

    // Diagram 1: month of the incident.
    const auto& by_month = j["tables"]["by_month"];
    CHECK(row(by_month, "2025-01")["counts"] ==
          nlohmann::json({{"incident", 1}, {"crime", 2}, {"not_sure", 0}, {"not_given", 0}}));
    CHECK(row(by_month, "2025-01")["total"] == 3);
    CHECK(row(by_month, "2025-02")["counts"]["not_sure"] == 1);
    CHECK(row(by_month, "2025-02")["total"] == 1);
    CHECK(row(by_month, "2025-03")["counts"]["crime"] == 1);
    CHECK(row(by_month, "2025-03")["total"] == 1);
    CHECK(row(by_month, "2025-04")["total"] == 0);
    CHECK(row(by_month, "not_known")["counts"]["incident"] == 1);
    CHECK(by_month["column_totals"] ==
          nlohmann::json({{"incident", 2}, {"crime", 3}, {"not_sure", 1}, {"not_given", 0}}));
    CHECK(by_month["total"] == 6);

    // Diagram 2: strands (7 mentions in 6 reports), one multi-strand report.
    const auto& strands = j["tables"]["by_strand"];
    CHECK(row(strands, "race")["counts"]["reports"] == 3);
    CHECK(row(strands, "religion")["counts"]["reports"] == 2);
    CHECK(row(strands, "disability")["counts"]["reports"] == 1);
    CHECK(row(strands, "sexual_orientation")["counts"]["reports"] == 1);
    CHECK(row(strands, "transgender_identity")["counts"]["reports"] == 0);
    CHECK(row(strands, "other")["counts"]["reports"] == 0);
    CHECK(row(j["tables"]["strand_notes"], "more_than_one")["counts"]["reports"] == 1);
    CHECK(row(j["tables"]["strand_notes"], "none")["counts"]["reports"] == 0);

    // Diagram 3: districts, rate per 1,000 (E7 placed in Leicester by its postcode).
    const auto& districts = j["tables"]["by_district"];
    CHECK(row(districts, "leicester_city")["counts"]["reports"] == 2);
    CHECK(row(districts, "leicester_city")["population"] == 368600);
    CHECK(row(districts, "leicester_city")["rate_per_1000"] == Approx(0.01));
    CHECK(row(districts, "charnwood")["counts"]["reports"] == 1);
    CHECK(row(districts, "melton")["counts"]["reports"] == 1);
    CHECK(row(districts, "melton")["rate_per_1000"] == Approx(0.02));
    CHECK(row(districts, "harborough")["counts"]["reports"] == 0);
    CHECK(row(districts, "elsewhere")["counts"]["reports"] == 1);
    CHECK(row(districts, "online")["counts"]["reports"] == 1);
    CHECK(row(districts, "not_known")["counts"]["reports"] == 0);
    CHECK(districts["total"] == 6);

    // Diagram 4: LSOAs by rate: E01013001 2/1600, E01025700 1/1250, E01025601 1/2000.
    const auto& lsoa = j["tables"]["by_lsoa"]["rows"];
    REQUIRE(lsoa.size() == 3);
    CHECK(lsoa[0]["key"] == "E01013001");
    CHECK(lsoa[0]["label"] == "Leicester 001A (E01013001)"); // the name from the population file
    CHECK(lsoa[0]["counts"]["reports"] == 2);
    CHECK(lsoa[0]["population"] == 1600);
    CHECK(lsoa[0]["rate_per_1000"] == Approx(1.25));
    CHECK(lsoa[1]["key"] == "E01025700");
    CHECK(lsoa[1]["rate_per_1000"] == Approx(0.8));
    CHECK(lsoa[2]["key"] == "E01025601");
    CHECK(lsoa[2]["rate_per_1000"] == Approx(0.5));
    CHECK(j["lsoa"]["directory"] == true);
    CHECK(j["lsoa"]["not_in_directory"] == 1); // E4: NG1 1AA is outside LLR, so not imported
    CHECK(j["lsoa"]["no_postcode"] == 1);      // E5
    CHECK(j["sources"]["lsoa_population"] == "lsoa-population-sample.csv");

    // Centres: all six made this month at test-centre; two with staff help or from paper.
    CHECK(j["centre_reports"] == 6);
    const auto& centre_month = j["tables"]["by_centre_month"];
    CHECK(row(centre_month, now_month)["counts"]["test-centre"] == 6);
    const auto& centre_mode = row(j["tables"]["by_centre_mode"], "test-centre");
    CHECK(centre_mode["counts"] ==
          nlohmann::json({{"self", 4}, {"staff_assisted", 1}, {"paper_transcription", 1}}));
    CHECK(centre_mode["staff_or_paper_share"] == Approx(0.333));

    // Repeat or ongoing; places, most reported first.
    CHECK(row(j["tables"]["ongoing"], "yes")["counts"]["reports"] == 1);
    CHECK(row(j["tables"]["ongoing"], "no")["counts"]["reports"] == 1);
    CHECK(row(j["tables"]["ongoing"], "not_given")["counts"]["reports"] == 4);
    CHECK(j["tables"]["places"]["rows"][0]["key"] == "street");
    CHECK(j["tables"]["places"]["rows"][0]["counts"]["reports"] == 2);
    CHECK(j["spikes"].empty());

    // Published figures: no cell 1-4 anywhere in the CSV, and the same rule in the JSON.
    const std::string csv = stats({"--public", "--format", "csv"}).out;
    std::regex small_cell(R"(,"[1-4]"\r\n)");
    for (std::sregex_iterator it(csv.begin(), csv.end(), small_cell), end; it != end; ++it) {
        const std::string line_start =
            csv.substr(csv.rfind('\n', static_cast<std::size_t>(it->position())) + 1, 80);
        CHECK(line_start.find("population") !=
              std::string::npos); // only populations may be small numbers
    }
    const auto pub = nlohmann::json::parse(stats({"--public", "--format", "json"}).out);
    CHECK(pub["reports"] == 6);
    CHECK(row(pub["tables"]["by_month"], "2025-01")["total"] == "<5");
    CHECK(pub["not_consented"] == "<5");

    // The board report: its text (pdftotext) carries the same numbers.
    const fs::path pdf = d.dir / "board.pdf";
    central_ok(d, {"report", "--dir", d.central_dir.string(), "--from", "2025-01", "--to",
                   now_month, "--output", pdf.string()});
    const auto text = hrc_test::run_command({"/usr/bin/pdftotext", pdf.string(), "-"}, d.log);
    REQUIRE(text.code == 0);
    // Lines wrap where the page does: compare with every run of white space as one space.
    const std::string t = std::regex_replace(text.out, std::regex(R"(\s+)"), " ");
    INFO(t);
    CHECK(t.find("6 reports were counted") != std::string::npos);
    CHECK(t.find("The most in one month was 3 in Jan 2025") != std::string::npos);
    CHECK(t.find("Race was named most often (3 reports, 50% of reports); 1 reports named more than "
                 "one strand") != std::string::npos);
    CHECK(t.find("Melton had the highest rate (0.02 per 1,000 people)") != std::string::npos);
    CHECK(t.find("Reports whose date is not known: 1") != std::string::npos);
    CHECK(t.find("Total reports counted: 6") != std::string::npos);
    CHECK(t.find("0.01 (2 reports)") != std::string::npos); // Leicester
    CHECK(t.find("Leicester 001A (E01013001)") != std::string::npos);
    CHECK(t.find("1.25 (2 reports)") != std::string::npos);
    CHECK(t.find("0.80 (1 report)") != std::string::npos); // E01025700
    CHECK(t.find("Online 1") != std::string::npos);
    CHECK(t.find("NOT FOR PUBLICATION") != std::string::npos);
    CHECK(t.find("ONS Census 2021, TS001") != std::string::npos);
    CHECK(t.find("ONS Postcode Directory") != std::string::npos);
    CHECK(t.find("STATS-CANARY") == std::string::npos);
    // A report is never overwritten.
    CHECK(central(d, {"report", "--dir", d.central_dir.string(), "--output", pdf.string()}).code ==
          12);
    // Published: the suppression note, and "<5" where the board's copy has 1-4.
    const fs::path public_pdf = d.dir / "public.pdf";
    central_ok(d, {"report", "--dir", d.central_dir.string(), "--from", "2025-01", "--to",
                   now_month, "--public", "--output", public_pdf.string()});
    const std::string pt = std::regex_replace(
        hrc_test::run_command({"/usr/bin/pdftotext", public_pdf.string(), "-"}, d.log).out,
        std::regex(R"(\s+)"), " ");
    CHECK(pt.find("counts of 1 to 4 are shown as \"<5\"") != std::string::npos);
    CHECK(pt.find("6 reports were counted") != std::string::npos);
    CHECK(pt.find("<5 reports") != std::string::npos);
    CHECK(pt.find("NOT FOR PUBLICATION") == std::string::npos);
    // The same charts as SVG and PNG, one file per chart.
    for (const std::string format : {"svg", "png"}) {
        const fs::path folder = d.dir / ("charts-" + format);
        central_ok(d, {"report", "--dir", d.central_dir.string(), "--from", "2025-01", "--to",
                       now_month, "--format", format, "--output", folder.string()});
        for (const char* chart : {"1-months", "2-strands", "3-districts", "4-lsoa"}) {
            const fs::path file = folder / (std::string(chart) + "." + format);
            INFO(file);
            REQUIRE(fs::exists(file));
            const std::string bytes = hrc_test::read_file(file);
            if (format == "svg")
                CHECK(bytes.find("<svg") != std::string::npos);
            else
                CHECK(bytes.compare(0, 8, "\x89PNG\r\n\x1a\n") == 0);
        }
    }

    // Bad input: what to do, and the documented exit code.
    CHECK(central(d, {"stats", "--dir", d.central_dir.string(), "--from", "2025-13"}).code == 2);
    CHECK(central(
              d, {"stats", "--dir", d.central_dir.string(), "--from", "2025-06", "--to", "2025-01"})
              .code == 2);
    const fs::path bad_population =
        d.dir.write("population.csv", "ons_code,name,population\nE06000016,Leicester,368600\n");
    CHECK(central(d, {"stats", "--dir", d.central_dir.string(), "--population",
                      bad_population.string()})
              .code == 3);
    CHECK(hrc_test::read_file(d.log).find(
              "there is no population for Blaby (E07000129); add a line for it") !=
          std::string::npos);
    const fs::path json_out = d.dir / "stats.json";
    central_ok(d, {"stats", "--dir", d.central_dir.string(), "--format", "json", "--output",
                   json_out.string()});
    CHECK(nlohmann::json::parse(hrc_test::read_file(json_out))["public"] == false);
    CHECK(central(d, {"stats", "--dir", d.central_dir.string(), "--output", json_out.string()})
              .code == 12);

    // Every report has its row now: stats no longer needs central's secret key.
    fs::rename(d.central_dir / "central.key", d.dir / "central.key.away");
    CHECK(nlohmann::json::parse(stats({"--format", "json"}).out)["reports"] == 6);
    fs::rename(d.dir / "central.key.away", d.central_dir / "central.key");

    // Purge takes the statistics rows with the reports (invariant C7).
    central_ok(d, {"purge", "--dir", d.central_dir.string(), "--as-of", "2040-01-01"});
    CHECK(stat_rows() == std::pair<std::int64_t, std::int64_t>{0, 0});
    CHECK(nlohmann::json::parse(stats({"--format", "json"}).out)["reports"] == 0);

    // Nothing of any report's text in anything stats wrote.
    CHECK(hrc_test::read_file(d.log).find("STATS-CANARY") == std::string::npos);
    CHECK(csv.find("STATS-CANARY") == std::string::npos);
    CHECK(j.dump().find("LE1 5FQ") == std::string::npos);
}
