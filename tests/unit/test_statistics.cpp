// Unit tests of hrc/statistics.h on a hand-built data set whose answers are written here
// (docs/statistics.md): every aggregate, small-number suppression and the spike rule.

#include <cmath>
#include <fstream>
#include <map>
#include <random>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "hrc/error.h"
#include "hrc/recipients.h"
#include "hrc/statistics.h"

using namespace hrc;
using namespace hrc::statistics;

namespace {

Month M(int year, int month) {
    return year * 12 + month - 1;
}

std::int64_t utc(int year, int month, int day) {
    // days since 1970-01-01 (civil from days, Howard Hinnant)
    const int y = year - (month <= 2);
    const int era = (y >= 0 ? y : y - 399) / 400;
    const int yoe = y - era * 400;
    const int doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
    const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return (static_cast<std::int64_t>(era) * 146097 + doe - 719468) * 86400 + 12 * 3600;
}

struct Spec {
    std::optional<IncidentDate> date;
    std::optional<Classification> classification;
    std::vector<Strand> strands;
    std::optional<District> district;
    std::optional<PlaceType> place;
    std::optional<Answer> ongoing;
    std::optional<std::string> postcode;
    Mode mode = Mode::self;
    std::string centre = "c1";
    std::string created = "2025-01-01T10:00:00Z";
    std::optional<ConsentDecision> statistics = ConsentDecision::given;
};

Report report_of(const Spec& s) {
    Report r;
    r.report_id = new_report_id();
    r.reference = "HRC-TEST-TEST";
    r.centre_id = s.centre;
    r.kiosk_id = "k-" + s.centre;
    r.created_at = s.created;
    r.language = "en-GB";
    r.mode = s.mode;
    if (s.mode != Mode::self) r.staff_id = "staff-1";
    r.role = Role::victim;
    r.strands = s.strands;
    r.classification = s.classification;
    r.what_happened = {WhatHappened::verbal_abuse};
    r.description = "SECRET-CANARY words";
    r.when.date = s.date;
    r.when.ongoing = s.ongoing;
    r.where.district = s.district;
    r.where.place_type = s.place;
    r.where.postcode = s.postcode;
    if (s.statistics) r.consents.anonymous_statistics = Consent{*s.statistics, "statistics/1"};
    return r;
}

IncidentDate exact(const std::string& d) {
    return {DateKind::exact, d, std::nullopt};
}
IncidentDate approx(const std::string& d) {
    return {DateKind::approximate, d, std::nullopt};
}
IncidentDate range(const std::string& a, const std::string& b) {
    return {DateKind::range, a, b};
}
IncidentDate unknown() {
    return {DateKind::dont_know, std::nullopt, std::nullopt};
}

// The directory of this data set: two LLR postcodes.
const PostcodeDirectory kDirectory = [](const std::string& pc) -> std::optional<PostcodeArea> {
    if (pc == "LE15FQ") return PostcodeArea{"E01000001", "E06000016"};  // Leicester
    if (pc == "LE111AA") return PostcodeArea{"E01000002", "E07000130"}; // Charnwood
    return std::nullopt;
};

Populations populations() {
    Populations p;
    read_district_populations(
        "# source: ONS Census 2021 TS001 (test)\n"
        "ons_code,name,population\n"
        "E06000016,Leicester,368600\nE07000129,Blaby,102900\nE07000130,Charnwood,183900\n"
        "E07000131,Harborough,97600\nE07000132,Hinckley and "
        "Bosworth,113600\nE07000133,Melton,51800\n"
        "E07000134,North West Leicestershire,104700\nE07000135,Oadby and Wigston,57700\n"
        "E06000017,Rutland,41000\n",
        "test.csv", p);
    p.lsoas = {{"E01000001", 1500}, {"E01000002", 2000}};
    p.lsoa_districts = {{"E01000001", District::leicester_city},
                        {"E01000002", District::charnwood}};
    p.lsoa_source = "test LSOA file";
    return p;
}

// The hand-built data set (see the comment of each) and how many rows it makes.
std::vector<Row> data_set(int* not_consented = nullptr) {
    struct Item {
        Spec spec;
        std::int64_t received;
    };
    std::vector<Item> items = {
        // R1: Jan, crime, race + religion, Leicester, street, repeat, postcode in the directory (LSOA 1)
        {{exact("2025-01-15"),
          Classification::crime,
          {Strand::race, Strand::religion},
          District::leicester_city,
          PlaceType::street,
          Answer::yes,
          "LE1 5FQ",
          Mode::self,
          "c1",
          "2025-01-16T09:00:00Z"},
         utc(2025, 1, 17)},
        // R2: a range from 28 Jan to 10 Feb counts in January; incident, race, Charnwood, staff help
        {{range("2025-01-28", "2025-02-10"),
          Classification::incident,
          {Strand::race},
          District::charnwood,
          PlaceType::town_centre,
          Answer::no,
          "le11 1aa",
          Mode::staff_assisted,
          "c1",
          "2025-02-11T09:00:00Z"},
         utc(2025, 2, 11)},
        // R3: date not known (received in March), not sure, disability, district "don't know", paper form
        {{unknown(),
          Classification::not_sure,
          {Strand::disability},
          District::dont_know,
          PlaceType::shop,
          std::nullopt,
          std::nullopt,
          Mode::paper_transcription,
          "c2",
          "2025-03-02T09:00:00Z"},
         utc(2025, 3, 3)},
        // R4: about 5 March, no classification, three strands, outside LLR, postcode not in the directory
        {{approx("2025-03-05"),
          std::nullopt,
          {Strand::sexual_orientation, Strand::transgender_identity, Strand::other},
          District::elsewhere,
          PlaceType::home,
          Answer::dont_know,
          "NG1 1AA",
          Mode::self,
          "c2",
          "2025-03-06T09:00:00Z"},
         utc(2025, 3, 6)},
        // R5: online incident in March, religion
        {{exact("2025-03-20"),
          Classification::incident,
          {Strand::religion},
          District::online,
          PlaceType::online,
          std::nullopt,
          std::nullopt,
          Mode::self,
          "c1",
          "2025-03-21T09:00:00Z"},
         utc(2025, 3, 21)},
        // R6: consent refused: never counted
        {{exact("2025-02-01"),
          Classification::crime,
          {Strand::race},
          District::leicester_city,
          PlaceType::street,
          Answer::yes,
          "LE1 5FQ",
          Mode::self,
          "c1",
          "2025-02-02T09:00:00Z",
          ConsentDecision::refused},
         utc(2025, 2, 2)},
        // R7: consent not answered: never counted
        {{exact("2025-02-01"),
          Classification::crime,
          {Strand::race},
          District::leicester_city,
          PlaceType::street,
          Answer::yes,
          "LE1 5FQ",
          Mode::self,
          "c1",
          "2025-02-02T09:00:00Z",
          std::nullopt},
         utc(2025, 2, 2)},
        // R8: incident before the period (made there in January: counts for the centre, not elsewhere)
        {{exact("2024-12-31"),
          Classification::crime,
          {Strand::race},
          District::leicester_city,
          PlaceType::street,
          std::nullopt,
          std::nullopt,
          Mode::self,
          "c1",
          "2025-01-02T09:00:00Z"},
         utc(2025, 1, 2)},
        // R9: June, crime, no strand, no district and no place: the postcode places it in Leicester (LSOA 1);
        //     made in July, so not in the centre tables of the period
        {{exact("2025-06-30"),
          Classification::crime,
          {},
          std::nullopt,
          std::nullopt,
          std::nullopt,
          "LE1 5FQ",
          Mode::self,
          "c1",
          "2025-07-01T09:00:00Z"},
         utc(2025, 7, 1)},
        // R10: after the period
        {{exact("2025-07-01"),
          Classification::crime,
          {Strand::race},
          District::blaby,
          PlaceType::street,
          std::nullopt,
          std::nullopt,
          Mode::self,
          "c1",
          "2025-07-02T09:00:00Z"},
         utc(2025, 7, 2)},
        // R11: date not known, received after the period
        {{unknown(),
          Classification::crime,
          {Strand::race},
          District::blaby,
          PlaceType::street,
          std::nullopt,
          std::nullopt,
          Mode::self,
          "c1",
          "2025-08-01T09:00:00Z"},
         utc(2025, 8, 1)},
    };
    std::vector<Row> rows;
    int refused = 0;
    for (const Item& item : items) {
        const auto row = row_for_report(report_of(item.spec), item.received, &kDirectory);
        if (row)
            rows.push_back(*row);
        else
            ++refused;
    }
    if (not_consented) *not_consented = refused;
    return rows;
}

Options period_2025_h1() {
    Options o;
    o.from = M(2025, 1);
    o.to = M(2025, 6);
    o.postcode_directory = true;
    return o;
}

std::int64_t count(const Table& t, const std::string& row, const std::string& col) {
    for (std::size_t r = 0; r < t.rows(); ++r)
        if (t.row_keys[r] == row)
            for (std::size_t c = 0; c < t.cols(); ++c)
                if (t.col_keys[c] == col) return t.cells[r][c].value;
    FAIL("no cell " << row << "/" << col << " in " << t.id);
    return -1;
}

} // namespace

TEST_CASE("statistics: months parse and print", "[statistics]") {
    CHECK(parse_month("2025-03") == M(2025, 3));
    CHECK(parse_month("2025-12-31") == M(2025, 12));
    CHECK(parse_month("2025-03-27T18:05:00Z") == M(2025, 3));
    CHECK_FALSE(parse_month("2025-13"));
    CHECK_FALSE(parse_month("25-03"));
    CHECK_FALSE(parse_month("2025/03"));
    CHECK(month_key(M(2024, 1)) == "2024-01");
    CHECK(month_label(M(2018, 10)) == "Oct 2018");
    CHECK(normalise_postcode("le11 1aa") == "LE111AA");
    CHECK_FALSE(normalise_postcode("not a postcode"));
}

TEST_CASE("statistics: only reports with consent to anonymous statistics make rows, from the "
          "statistics view",
          "[statistics]") {
    int refused = 0;
    const auto rows = data_set(&refused);
    CHECK(rows.size() == 9);
    CHECK(refused == 2);
    // The view has months only; the row never carries the postcode or any text.
    const Row& r1 = rows[0];
    CHECK(r1.incident_month == M(2025, 1));
    CHECK(r1.created_month == M(2025, 1));
    CHECK(r1.received_month == M(2025, 1));
    CHECK(r1.has(Strand::race));
    CHECK(r1.has(Strand::religion));
    CHECK_FALSE(r1.has(Strand::disability));
    CHECK(r1.postcode == PostcodeLookup::found);
    CHECK(r1.lsoa == "E01000001");
    CHECK(rows[3].postcode == PostcodeLookup::not_in_directory);
    CHECK(rows[3].lsoa.empty());
    CHECK(rows[2].postcode == PostcodeLookup::not_given);
    CHECK_FALSE(rows[2].incident_month);
    // R9: no district given; its postcode is in Leicester.
    CHECK(rows[6].incident_month == M(2025, 6));
    CHECK(rows[6].district == District::leicester_city);
    CHECK(rows[6].lsoa == "E01000001");
}

TEST_CASE("statistics: every aggregate of the hand-built data set", "[statistics]") {
    const auto rows = data_set();
    Options o = period_2025_h1();
    o.not_consented = 2;
    const Statistics s = compute(rows, o, populations());

    // R1, R2, R3, R4, R5, R9 (R8 and R10 are outside the period, R11 was received after it).
    CHECK(s.reports == 6);

    // Diagram 1: month of the incident; the range counts in January; the unknown date apart.
    const Table& m = s.by_month;
    REQUIRE(m.rows() == 7); // six months + "not known"
    CHECK(m.row_keys.front() == "2025-01");
    CHECK(m.row_keys.back() == "not_known");
    CHECK(count(m, "2025-01", "incident") == 1);
    CHECK(count(m, "2025-01", "crime") == 1);
    CHECK(m.row_totals[0].value == 2);
    CHECK(m.row_totals[1].value == 0); // February: the range is not counted twice
    CHECK(count(m, "2025-03", "incident") == 1);
    CHECK(count(m, "2025-03", "not_given") == 1);
    CHECK(m.row_totals[2].value == 2);
    CHECK(m.row_totals[3].value == 0);
    CHECK(m.row_totals[4].value == 0);
    CHECK(count(m, "2025-06", "crime") == 1);
    CHECK(count(m, "not_known", "not_sure") == 1);
    CHECK(m.col_totals[0].value == 2); // incident
    CHECK(m.col_totals[1].value == 2); // crime
    CHECK(m.col_totals[2].value == 1); // not sure
    CHECK(m.col_totals[3].value == 1); // not given
    CHECK(m.grand.value == 6);

    // Diagram 2: strands; totals exceed the reports because of multi-strand reports.
    CHECK(count(s.by_strand, "race", "reports") == 2);
    CHECK(count(s.by_strand, "religion", "reports") == 2);
    CHECK(count(s.by_strand, "sexual_orientation", "reports") == 1);
    CHECK(count(s.by_strand, "disability", "reports") == 1);
    CHECK(count(s.by_strand, "transgender_identity", "reports") == 1);
    CHECK(count(s.by_strand, "other", "reports") == 1);
    CHECK(count(s.strand_notes, "more_than_one", "reports") == 2);
    CHECK(count(s.strand_notes, "none", "reports") == 1);
    CHECK_FALSE(s.by_strand.totals);

    // Diagram 3: districts with rates per 1,000.
    const Table& d = s.by_district;
    CHECK(count(d, "leicester_city", "reports") == 2);
    CHECK(count(d, "charnwood", "reports") == 1);
    CHECK(count(d, "blaby", "reports") == 0);
    CHECK(count(d, "elsewhere", "reports") == 1);
    CHECK(count(d, "online", "reports") == 1);
    CHECK(count(d, "not_known", "reports") == 1);
    CHECK(d.col_totals[0].value == 6);
    CHECK(d.rate_per_1000(7).value() == Approx(2.0 * 1000 / 368600)); // Leicester is the 8th row
    CHECK(d.row_keys[7] == "leicester_city");
    CHECK(d.population[1] == 183900);
    CHECK_FALSE(d.rate_per_1000(9)); // elsewhere: no population

    // Diagram 4: LSOA, top N by rate.
    REQUIRE(s.by_lsoa.rows() == 2);
    CHECK(s.by_lsoa.row_keys[0] == "E01000001");
    CHECK(s.by_lsoa.cells[0][0].value == 2);
    CHECK(s.by_lsoa.rate_per_1000(0).value() == Approx(2.0 * 1000 / 1500));
    CHECK(s.by_lsoa.row_keys[1] == "E01000002");
    CHECK(s.by_lsoa.rate_per_1000(1).value() == Approx(0.5));
    CHECK(s.by_lsoa.row_labels[1] == "E01000002 (Charnwood)");
    CHECK(s.lsoa_not_in_directory == 1);
    CHECK(s.lsoa_no_postcode == 2);
    CHECK(s.lsoa_message.empty());

    // Centres: by the month the report was made (R8 made in January counts; R9 made in July does not).
    CHECK(s.centre_reports == 6);
    REQUIRE(s.by_centre_month.col_keys == std::vector<std::string>{"c1", "c2"});
    CHECK(count(s.by_centre_month, "2025-01", "c1") == 2);
    CHECK(count(s.by_centre_month, "2025-02", "c1") == 1);
    CHECK(count(s.by_centre_month, "2025-03", "c1") == 1);
    CHECK(count(s.by_centre_month, "2025-03", "c2") == 2);
    CHECK(count(s.by_centre_mode, "c1", "self") == 3);
    CHECK(count(s.by_centre_mode, "c1", "staff_assisted") == 1);
    CHECK(count(s.by_centre_mode, "c1", "paper_transcription") == 0);
    CHECK(count(s.by_centre_mode, "c2", "self") == 1);
    CHECK(count(s.by_centre_mode, "c2", "paper_transcription") == 1);

    // Repeat or ongoing; places, most reported first.
    CHECK(count(s.ongoing, "yes", "reports") == 1);
    CHECK(count(s.ongoing, "no", "reports") == 1);
    CHECK(count(s.ongoing, "dont_know", "reports") == 1);
    CHECK(count(s.ongoing, "not_given", "reports") == 3);
    CHECK(count(s.places, "street", "reports") == 1);
    CHECK(count(s.places, "online", "reports") == 1);
    CHECK(count(s.places, "not_given", "reports") == 1);
    CHECK(s.places.col_totals[0].value == 6);

    // JSON: the same figures, and nothing of any report's text.
    const nlohmann::json j = to_json(s);
    CHECK(j["reports"] == 6);
    CHECK(j["not_consented"] == 2);
    CHECK(j["period"]["from"] == "2025-01");
    CHECK(j["tables"]["by_month"]["rows"][0]["counts"]["crime"] == 1);
    CHECK(j["tables"]["by_district"]["rows"][7]["rate_per_1000"] == Approx(0.01));
    CHECK(j["tables"]["by_centre_mode"]["rows"][0]["staff_or_paper_share"] == Approx(0.25));
    CHECK(j["public"] == false);
    const std::string all = j.dump() + to_csv(s) + to_text(s) + summary_paragraph(s);
    CHECK(all.find("SECRET-CANARY") == std::string::npos);
    CHECK(all.find("LE1 5FQ") == std::string::npos);
    CHECK(all.find("LE15FQ") == std::string::npos);
}

TEST_CASE("statistics: without a postcode directory the LSOA table says how to get one",
          "[statistics]") {
    Options o = period_2025_h1();
    o.postcode_directory = false;
    std::vector<Row> rows;
    for (Row r : data_set()) {
        r.postcode = PostcodeLookup::not_given;
        rows.push_back(r);
    }
    const Statistics s = compute(rows, o, populations());
    CHECK(s.by_lsoa.rows() == 0);
    CHECK(s.lsoa_message.find("import-postcodes") != std::string::npos);
    CHECK(to_text(s).find("import-postcodes") != std::string::npos);
    CHECK(to_json(s)["lsoa"]["message"].get<std::string>().find("import-postcodes") !=
          std::string::npos);
}

TEST_CASE("statistics: an LSOA named in the population file is shown by name and code",
          "[statistics]") {
    Populations p = populations();
    p.lsoa_names["E01000002"] = "Charnwood 001A";
    const Statistics s = compute(data_set(), period_2025_h1(), p);
    REQUIRE(s.by_lsoa.rows() == 2);
    CHECK(s.by_lsoa.row_labels[0] == "E01000001 (Leicester)");
    CHECK(s.by_lsoa.row_labels[1] == "Charnwood 001A (E01000002)");
}

TEST_CASE("statistics: a period that ends before it starts is a usage error", "[statistics]") {
    Options o;
    o.from = M(2025, 6);
    o.to = M(2025, 1);
    try {
        (void)compute({}, o, populations());
        FAIL("no error");
    } catch (const Error& e) {
        CHECK(e.code() == Code::usage);
    }
}

TEST_CASE("statistics: the population file is checked line by line", "[statistics]") {
    Populations p;
    CHECK_THROWS_WITH(read_district_populations(
                          "ons_code,name,population\nE06000016,Leicester,lots\n", "pop.csv", p),
                      Catch::Contains("pop.csv:2") && Catch::Contains("whole number"));
    CHECK_THROWS_WITH(read_district_populations(
                          "ons_code,name,population\nE06000016,Leicester,368600\n", "pop.csv", p),
                      Catch::Contains("no population for Blaby"));
    CHECK_THROWS_WITH(read_district_populations("code,pop\n", "pop.csv", p),
                      Catch::Contains("header"));
    CHECK_THROWS_WITH(
        read_district_populations("ons_code,name,population\nE09000001,City of London,8600\n",
                                  "pop.csv", p),
        Catch::Contains("not the ONS code"));
}

TEST_CASE("statistics: the shipped population file names its source and has the nine districts",
          "[statistics]") {
    Populations p;
    const std::string path =
        std::string(HRC_SOURCE_DIR) + "/assets/statistics/district-population.csv";
    std::ifstream in(path);
    REQUIRE(in);
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    read_district_populations(text, path, p);
    CHECK(p.districts.size() == 9);
    CHECK(p.districts.at(District::leicester_city) == 368600);
    CHECK(p.districts.at(District::rutland) == 41000);
    CHECK(p.district_source.find("TS001") != std::string::npos);
}

//-------------------------------------------------------------------------------------------------
// Suppression
//-------------------------------------------------------------------------------------------------

namespace {

Table table_of(const std::vector<std::vector<std::int64_t>>& values, bool totals = true) {
    Table t;
    t.id = "t";
    t.totals = totals;
    for (std::size_t c = 0; c < values.at(0).size(); ++c)
        t.col_keys.push_back("c" + std::to_string(c));
    t.col_labels = t.col_keys;
    for (std::size_t r = 0; r < values.size(); ++r) {
        t.row_keys.push_back("r" + std::to_string(r));
        t.row_labels.push_back(t.row_keys.back());
        std::vector<Cell> row;
        for (std::int64_t v : values[r])
            row.push_back(Cell{v, CellStatus::shown});
        t.cells.push_back(row);
    }
    compute_totals(t);
    return t;
}

// Every published cell with the value a reader sees: all the cells, totals included.
std::vector<const Cell*> all_cells(const Table& t) {
    std::vector<const Cell*> out;
    for (const auto& row : t.cells)
        for (const Cell& c : row)
            out.push_back(&c);
    for (const Cell& c : t.row_totals)
        out.push_back(&c);
    for (const Cell& c : t.col_totals)
        out.push_back(&c);
    if (t.has_row_totals()) out.push_back(&t.grand);
    return out;
}

// An independent check (not the code under test): which suppressed cells the published row and
// column totals determine exactly, by Gaussian elimination over the equations in the suppressed
// unknowns (x is determined iff its RREF pivot row has no other unknown in it).
int determined_by_linear_algebra(const Table& t) {
    // unknown index per suppressed cell
    std::map<const Cell*, std::size_t> unknown;
    for (const Cell* c : all_cells(t))
        if (c->suppressed()) unknown.emplace(c, unknown.size());
    if (unknown.empty()) return 0;
    std::vector<std::vector<double>> rows; // [coefficients..., constant]
    const auto equation = [&](const std::vector<const Cell*>& parts, const Cell* total) {
        std::vector<double> e(unknown.size() + 1, 0.0);
        for (const Cell* p : parts) {
            if (p->suppressed())
                e[unknown[p]] += 1;
            else
                e.back() -= static_cast<double>(p->value);
        }
        if (total->suppressed())
            e[unknown[total]] -= 1;
        else
            e.back() += static_cast<double>(total->value);
        rows.push_back(e);
    };
    if (!t.totals) return 0;
    for (std::size_t c = 0; c < t.cols(); ++c) {
        std::vector<const Cell*> parts;
        for (std::size_t r = 0; r < t.rows(); ++r)
            parts.push_back(&t.cells[r][c]);
        equation(parts, &t.col_totals[c]);
    }
    if (t.has_row_totals()) {
        for (std::size_t r = 0; r < t.rows(); ++r) {
            std::vector<const Cell*> parts;
            for (std::size_t c = 0; c < t.cols(); ++c)
                parts.push_back(&t.cells[r][c]);
            equation(parts, &t.row_totals[r]);
        }
        std::vector<const Cell*> rts, cts;
        for (const Cell& c : t.row_totals)
            rts.push_back(&c);
        for (const Cell& c : t.col_totals)
            cts.push_back(&c);
        equation(rts, &t.grand);
        equation(cts, &t.grand);
    }
    const std::size_t n = unknown.size();
    std::size_t pivot_row = 0;
    std::vector<std::size_t> pivot_col_of_row;
    for (std::size_t col = 0; col < n && pivot_row < rows.size(); ++col) {
        std::size_t best = pivot_row;
        for (std::size_t r = pivot_row; r < rows.size(); ++r)
            if (std::fabs(rows[r][col]) > std::fabs(rows[best][col])) best = r;
        if (std::fabs(rows[best][col]) < 1e-9) continue;
        std::swap(rows[best], rows[pivot_row]);
        const double p = rows[pivot_row][col];
        for (double& v : rows[pivot_row])
            v /= p;
        for (std::size_t r = 0; r < rows.size(); ++r) {
            if (r == pivot_row || std::fabs(rows[r][col]) < 1e-12) continue;
            const double f = rows[r][col];
            for (std::size_t k = 0; k <= n; ++k)
                rows[r][k] -= f * rows[pivot_row][k];
        }
        pivot_col_of_row.push_back(col);
        ++pivot_row;
    }
    int determined = 0;
    for (std::size_t r = 0; r < pivot_col_of_row.size(); ++r) {
        int others = 0;
        for (std::size_t k = 0; k < n; ++k)
            if (k != pivot_col_of_row[r] && std::fabs(rows[r][k]) > 1e-9) ++others;
        if (others == 0) ++determined;
    }
    return determined;
}

void require_safe(const Table& t) {
    for (const Cell* c : all_cells(t)) {
        const std::string shown = cell_text(*c);
        // No published cell is 1-4.
        CHECK((shown == "<5" || shown == "c" || shown == "0" || c->value >= 5));
        if (!c->suppressed()) CHECK((c->value == 0 || c->value >= 5));
        if (c->status == CellStatus::primary) CHECK((c->value >= 1 && c->value <= 4));
        if (c->status == CellStatus::secondary) CHECK(c->value >= 5);
    }
    CHECK(recoverable_cells(t).empty());
    CHECK(determined_by_linear_algebra(t) == 0);
}

} // namespace

TEST_CASE("statistics: one small cell in a row and a column gets a second cell withheld in each",
          "[statistics][suppression]") {
    Table t = table_of({{20, 3, 15}, {12, 30, 9}, {7, 8, 40}});
    // Before: the 3 alone would be row total - 20 - 15 and column total - 30 - 8.
    suppress(t);
    CHECK(t.cells[0][1].status == CellStatus::primary);
    CHECK(cell_text(t.cells[0][1]) == "<5");
    int secondary = 0;
    for (const Cell* c : all_cells(t))
        secondary += c->status == CellStatus::secondary;
    CHECK(secondary >=
          3); // one more in its row, its column, and the corner that closes the rectangle
    require_safe(t);
}

TEST_CASE("statistics: the checker finds a cell left recoverable", "[statistics][suppression]") {
    Table t = table_of({{20, 3, 15}, {12, 30, 9}});
    t.cells[0][1].status = CellStatus::primary; // primary only: 3 = 38 - 20 - 15
    CHECK_FALSE(recoverable_cells(t).empty());
    CHECK(determined_by_linear_algebra(t) > 0);
}

TEST_CASE("statistics: bounds are an attack too: two '<5' in a line summing to 2 are both 1",
          "[statistics][suppression]") {
    Table t = table_of({{1, 1, 30}}, true); // one row: row total 32 published
    // Transposed to a single column: cells 1, 1, 30 with total 32.
    Table col = table_of({{1}, {1}, {30}});
    suppress(col);
    require_safe(col);
    suppress(t);
    require_safe(t);
}

TEST_CASE("statistics: random tables: no published 1-4, nothing recoverable from the totals",
          "[statistics][suppression]") {
    std::mt19937 rng(20250327);
    std::uniform_int_distribution<int> shape(1, 6);
    std::uniform_int_distribution<int> kind(0, 9);
    int tables = 0, primaries = 0, secondaries = 0;
    for (int i = 0; i < 400; ++i) {
        const int rows = shape(rng), cols = shape(rng);
        std::vector<std::vector<std::int64_t>> v(
            static_cast<std::size_t>(rows),
            std::vector<std::int64_t>(static_cast<std::size_t>(cols)));
        for (auto& row : v)
            for (auto& x : row) {
                const int k = kind(rng);
                x = k < 3   ? 0
                    : k < 6 ? 1 + k % 4
                            : 5 + (k * 7919 + static_cast<int>(rng() % 40)) % 40;
            }
        Table t = table_of(v);
        suppress(t);
        INFO("table " << i << " " << rows << "x" << cols);
        require_safe(t);
        ++tables;
        for (const Cell* c : all_cells(t)) {
            primaries += c->status == CellStatus::primary;
            secondaries += c->status == CellStatus::secondary;
        }
    }
    CHECK(tables == 400);
    CHECK(primaries > 0);
    CHECK(secondaries > 0);
}

TEST_CASE("statistics: --public suppresses every table of the data set",
          "[statistics][suppression]") {
    Options o = period_2025_h1();
    o.is_public = true;
    o.not_consented = 2;
    const Statistics s = compute(data_set(), o, populations());
    for (const Table* t : s.tables()) {
        INFO(t->id);
        require_safe(*t);
    }
    const nlohmann::json j = to_json(s);
    CHECK(j["public"] == true);
    CHECK(j["not_consented"] == "<5");
    CHECK(j["tables"]["by_month"]["rows"][0]["total"] == "<5");
    CHECK(j["tables"]["by_strand"]["rows"][0]["counts"]["reports"] == "<5");
    // A suppressed count has no rate either (the rate would give the count back).
    CHECK(j["tables"]["by_district"]["rows"][7]["rate_per_1000"] == "<5");
    // Published LSOA ranking only has areas with 5 or more reports.
    CHECK(s.by_lsoa.rows() == 0);
    CHECK(j.contains("suppression"));
    // Nothing in the CSV is 1-4.
    const std::string csv = to_csv(s);
    for (const char* small : {"\"1\"\r", "\"2\"\r", "\"3\"\r", "\"4\"\r"})
        CHECK(csv.find(small) == std::string::npos);
}

//-------------------------------------------------------------------------------------------------
// Spikes
//-------------------------------------------------------------------------------------------------

TEST_CASE("statistics: the spike rule on written-out numbers", "[statistics][spikes]") {
    const std::vector<std::int64_t> year = {3, 4, 3, 5, 4, 3, 4, 3, 4, 5, 3, 4}; // mean 3.75
    const auto check = check_spike(year, 15);
    REQUIRE(check);
    CHECK(check->mean == Approx(3.75));
    CHECK(check->sd == Approx(0.7538).epsilon(0.001));
    // max(sd, sqrt(mean)) = sqrt(3.75) = 1.9365: threshold 3.75 + 3.873 = 7.623
    CHECK(check->threshold == Approx(7.623).epsilon(0.001));
    CHECK(check->spike);
    CHECK_FALSE(check_spike(year, 7)->spike);
    CHECK_FALSE(check_spike({0, 0, 1, 0, 0, 0}, 4)->spike); // below the minimum count
    CHECK_FALSE(check_spike({3, 4, 3}, 40));                // not enough history
    // A steady level with real variation: the sample sd is used when it is larger than sqrt(mean).
    const auto wide = check_spike({10, 30, 10, 30, 10, 30, 10, 30, 10, 30, 10, 30}, 45);
    CHECK(wide->threshold == Approx(20 + 2 * 10.445).epsilon(0.001));
    CHECK(wide->spike);
}

TEST_CASE(
    "statistics: a spike month is flagged overall and in its district, not before there is history",
    "[statistics][spikes]") {
    std::vector<Row> rows;
    const auto add = [&](Month m, District d, int n) {
        for (int i = 0; i < n; ++i) {
            Row r;
            r.centre_id = "c1";
            r.incident_month = m;
            r.created_month = m;
            r.received_month = m;
            r.district = d;
            r.classification = Classification::crime;
            rows.push_back(r);
        }
    };
    // 2018: a steady 4 a month in Charnwood and 3 in Melton; October 2018: 20 in Charnwood.
    for (int month = 1; month <= 12; ++month) {
        add(M(2018, month), District::charnwood, month == 10 ? 20 : 4);
        add(M(2018, month), District::melton, 3);
    }
    Options o;
    o.from = M(2018, 1);
    o.to = M(2018, 12);
    const Statistics s = compute(rows, o, populations());
    // Overall: months before July have under 6 months of history; October (23) is above 7 + 2*sqrt(7).
    REQUIRE(s.spikes.size() == 2);
    CHECK(s.spikes[0].scope == "all");
    CHECK(s.spikes[0].month == M(2018, 10));
    CHECK(s.spikes[0].count == 23);
    CHECK(s.spikes[1].scope == "charnwood");
    CHECK(s.spikes[1].month == M(2018, 10));
    CHECK(s.spikes[1].count == 20);
    CHECK(to_text(s).find("SPIKE Charnwood, Oct 2018: 20 reports") != std::string::npos);
    CHECK(to_json(s)["spikes"][1]["month"] == "2018-10");
    CHECK(summary_paragraph(s).find("Charnwood in Oct 2018 (20)") != std::string::npos);
    CHECK(to_json(s)["spikes"][1]["baseline_mean"] == Approx(4.0));
    // Published: the spike and its count (5 or more), not the baseline (12 x mean = a year's count).
    o.is_public = true;
    const Statistics p = compute(rows, o, populations());
    REQUIRE(p.spikes.size() == 2);
    CHECK(to_json(p)["spikes"][1]["count"] == 20);
    CHECK_FALSE(to_json(p)["spikes"][1].contains("baseline_mean"));
    CHECK(to_text(p).find("SPIKE Charnwood, Oct 2018: 20 reports (well above its usual level)") !=
          std::string::npos);
}
