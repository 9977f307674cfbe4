// statistics.cpp — see hrc/statistics.h and docs/statistics.md.
//
// [SECTION] Months and spellings
// [SECTION] Rows from the statistics view
// [SECTION] Reference data
// [SECTION] Suppression
// [SECTION] Spikes
// [SECTION] compute
// [SECTION] Output

#include "hrc/statistics.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <numeric>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "hrc/error.h"
#include "hrc/recipients.h"

namespace hrc::statistics {

//-------------------------------------------------------------------------------------------------
// [SECTION] Months and spellings
//-------------------------------------------------------------------------------------------------

std::optional<Month> parse_month(std::string_view s) {
    if (s.size() < 7 || s[4] != '-') return std::nullopt;
    for (std::size_t i : {0u, 1u, 2u, 3u, 5u, 6u})
        if (s[i] < '0' || s[i] > '9') return std::nullopt;
    if (s.size() > 7 && s[7] != '-') return std::nullopt;
    const int year = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    const int month = (s[5] - '0') * 10 + (s[6] - '0');
    if (month < 1 || month > 12 || year < 1900) return std::nullopt;
    return year * 12 + (month - 1);
}

std::string month_key(Month m) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02d", m / 12, m % 12 + 1);
    return buf;
}

std::string month_label(Month m) {
    static constexpr std::array<const char*, 12> kNames = {
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    return std::string(kNames[static_cast<std::size_t>(m % 12)]) + " " + std::to_string(m / 12);
}

namespace {

constexpr std::array kModes = {Mode::self, Mode::staff_assisted, Mode::paper_transcription};
constexpr std::array kStrands = {Strand::race,
                                 Strand::religion,
                                 Strand::sexual_orientation,
                                 Strand::disability,
                                 Strand::transgender_identity,
                                 Strand::other};
constexpr std::array kClassifications = {Classification::incident, Classification::crime,
                                         Classification::not_sure};
constexpr std::array kAnswers = {Answer::yes, Answer::no, Answer::dont_know,
                                 Answer::prefer_not_to_say};
constexpr std::array kDistricts = {District::blaby,
                                   District::charnwood,
                                   District::harborough,
                                   District::hinckley_and_bosworth,
                                   District::melton,
                                   District::north_west_leicestershire,
                                   District::oadby_and_wigston,
                                   District::leicester_city,
                                   District::rutland,
                                   District::elsewhere,
                                   District::online,
                                   District::dont_know};
constexpr std::array kLlrDistricts = {District::blaby,
                                      District::charnwood,
                                      District::harborough,
                                      District::hinckley_and_bosworth,
                                      District::melton,
                                      District::north_west_leicestershire,
                                      District::oadby_and_wigston,
                                      District::leicester_city,
                                      District::rutland};
constexpr std::array kPlaces = {PlaceType::home,
                                PlaceType::street,
                                PlaceType::public_transport,
                                PlaceType::shop,
                                PlaceType::town_centre,
                                PlaceType::retail_park,
                                PlaceType::school_or_college,
                                PlaceType::workplace,
                                PlaceType::place_of_worship,
                                PlaceType::online,
                                PlaceType::other,
                                PlaceType::dont_know};

template <typename E, std::size_t N>
std::optional<E> spelled(const nlohmann::json* v, const std::array<E, N>& all) {
    if (!v || !v->is_string()) return std::nullopt;
    for (E e : all)
        if (to_string(e) == v->get_ref<const std::string&>()) return e;
    return std::nullopt;
}

const nlohmann::json* at(const nlohmann::json& view, const char* pointer) {
    const nlohmann::json::json_pointer p{pointer};
    return view.contains(p) ? &view.at(p) : nullptr;
}

std::optional<Month> month_at(const nlohmann::json& view, const char* pointer) {
    const nlohmann::json* v = at(view, pointer);
    if (!v || !v->is_string()) return std::nullopt;
    return parse_month(v->get_ref<const std::string&>());
}

std::string strand_label(Strand s) {
    switch (s) {
    case Strand::race:
        return "Race";
    case Strand::religion:
        return "Religion";
    case Strand::sexual_orientation:
        return "Sexual orientation";
    case Strand::disability:
        return "Disability";
    case Strand::transgender_identity:
        return "Transgender identity";
    case Strand::other:
        return "Other difference";
    }
    return "?";
}

std::string place_label(PlaceType p) {
    switch (p) {
    case PlaceType::home:
        return "Home";
    case PlaceType::street:
        return "Street";
    case PlaceType::public_transport:
        return "Public transport";
    case PlaceType::shop:
        return "Shop";
    case PlaceType::town_centre:
        return "Town centre";
    case PlaceType::retail_park:
        return "Retail park";
    case PlaceType::school_or_college:
        return "School or college";
    case PlaceType::workplace:
        return "Workplace";
    case PlaceType::place_of_worship:
        return "Place of worship";
    case PlaceType::online:
        return "Online";
    case PlaceType::other:
        return "Other place";
    case PlaceType::dont_know:
        return "Did not know";
    }
    return "?";
}

} // namespace

//-------------------------------------------------------------------------------------------------
// [SECTION] Rows from the statistics view
//-------------------------------------------------------------------------------------------------

std::optional<Row> row_from_view(const nlohmann::json& view) {
    if (!view.is_object()) return std::nullopt;
    Row row;
    if (const auto* c = at(view, "/centre_id"); c && c->is_string())
        row.centre_id = c->get<std::string>();
    row.mode = spelled(at(view, "/mode"), kModes).value_or(Mode::self);
    row.created_month = month_at(view, "/created_at");
    row.received_month = month_at(view, "/received_at");
    const auto kind =
        spelled(at(view, "/when/date/kind"), std::array{DateKind::exact, DateKind::approximate,
                                                        DateKind::range, DateKind::dont_know});
    if (kind && *kind != DateKind::dont_know)
        row.incident_month = month_at(view, "/when/date/date");
    row.classification = spelled(at(view, "/classification"), kClassifications);
    if (const auto* s = at(view, "/strands"); s && s->is_array())
        for (const auto& e : *s)
            if (auto strand = spelled(&e, kStrands))
                row.strands |= 1u << static_cast<unsigned>(*strand);
    row.district = spelled(at(view, "/where/district"), kDistricts);
    row.place_type = spelled(at(view, "/where/place_type"), kPlaces);
    row.ongoing = spelled(at(view, "/when/ongoing"), kAnswers);
    const auto* sector = at(view, "/where/postcode");
    row.has_postcode_sector = sector && sector->is_string();
    return row;
}

std::optional<std::string> normalise_postcode(std::string_view postcode) {
    if (!postcode_sector(postcode)) return std::nullopt;
    std::string out;
    for (char c : postcode)
        if (c != ' ' && c != '\t')
            out += static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
    return out;
}

std::optional<Row> row_for_report(const Report& report, std::int64_t received_at,
                                  const PostcodeDirectory* directory) {
    const std::optional<nlohmann::json> view =
        recipient_view(Recipient::statistics, report, received_at);
    if (!view) return std::nullopt;
    std::optional<Row> row = row_from_view(*view);
    if (!row || !directory || !*directory) return row;
    const auto postcode =
        report.where.postcode ? normalise_postcode(*report.where.postcode) : std::nullopt;
    if (!postcode) return row;
    const std::optional<PostcodeArea> area = (*directory)(*postcode);
    if (!area) {
        row->postcode = PostcodeLookup::not_in_directory;
        return row;
    }
    row->postcode = PostcodeLookup::found;
    row->lsoa = area->lsoa;
    if (!row->district || *row->district == District::dont_know)
        for (District d : kLlrDistricts)
            if (district_info(d).ons_code == area->lad) row->district = d;
    return row;
}

//-------------------------------------------------------------------------------------------------
// [SECTION] Reference data
//-------------------------------------------------------------------------------------------------

void read_district_populations(std::string_view csv_text, const std::string& file_name,
                               Populations& into) {
    std::istringstream in{std::string(csv_text)};
    std::string line;
    int number = 0;
    bool header = false;
    std::map<District, std::int64_t> found;
    const auto fail = [&](const std::string& why) {
        throw Error(Code::config,
                    file_name + ":" + std::to_string(number) + ": " + why +
                        ". Each line is ons_code,name,population after the header line "
                        "(docs/statistics.md, \"Population data\").");
    };
    while (std::getline(in, line)) {
        ++number;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.empty()) continue;
        if (line[0] == '#') {
            const std::string tag = "# source:";
            if (line.compare(0, tag.size(), tag) == 0) {
                std::string source = line.substr(tag.size());
                source.erase(0, source.find_first_not_of(' '));
                if (!into.district_source.empty()) into.district_source += " ";
                into.district_source += source;
            }
            continue;
        }
        if (!header) {
            if (line != "ons_code,name,population")
                fail("the header must be exactly ons_code,name,population");
            header = true;
            continue;
        }
        const auto c1 = line.find(',');
        const auto c2 = line.rfind(',');
        if (c1 == std::string::npos || c1 == c2) fail("expected three fields");
        const std::string code = line.substr(0, c1);
        const std::string number_text = line.substr(c2 + 1);
        if (number_text.empty() || number_text.size() > 12 ||
            number_text.find_first_not_of("0123456789") != std::string::npos)
            fail("the population must be a whole number, not \"" + number_text + "\"");
        const std::int64_t population = std::stoll(number_text);
        if (population <= 0) fail("the population must be more than 0");
        bool known = false;
        for (District d : kLlrDistricts)
            if (district_info(d).ons_code == code) {
                found[d] = population;
                known = true;
            }
        if (!known) fail("\"" + code + "\" is not the ONS code of one of the nine LLR districts");
    }
    if (!header) fail("the file has no header line");
    for (District d : kLlrDistricts)
        if (!found.count(d))
            throw Error(Code::config, file_name + ": there is no population for " +
                                          std::string(district_info(d).name) + " (" +
                                          std::string(district_info(d).ons_code) +
                                          "); add a line for it");
    into.districts = std::move(found);
}

//-------------------------------------------------------------------------------------------------
// [SECTION] Suppression
//-------------------------------------------------------------------------------------------------

std::optional<double> Table::rate_per_1000(std::size_t r) const {
    if (r >= population.size() || population[r] <= 0 || cols() == 0 || cells[r][0].suppressed())
        return std::nullopt;
    return static_cast<double>(cells[r][0].value) * 1000.0 / static_cast<double>(population[r]);
}

void compute_totals(Table& t) {
    t.row_totals.clear();
    t.col_totals.clear();
    t.grand = Cell{};
    if (!t.totals) return;
    t.col_totals.assign(t.cols(), Cell{});
    if (t.has_row_totals()) t.row_totals.assign(t.rows(), Cell{});
    for (std::size_t r = 0; r < t.rows(); ++r)
        for (std::size_t c = 0; c < t.cols(); ++c) {
            const std::int64_t v = t.cells[r][c].value;
            t.col_totals[c].value += v;
            if (t.has_row_totals()) t.row_totals[r].value += v;
            t.grand.value += v;
        }
}

namespace {

// The table as variables (pointers to its cells) and equations (sum of coef × variable = 0).
struct LinearView {
    std::vector<Cell*> vars;
    std::vector<std::string> names;
    std::vector<std::vector<std::pair<std::size_t, int>>> equations;
};

LinearView linear_view(Table& t) {
    LinearView lv;
    const auto add = [&](Cell& c, std::string name) {
        lv.vars.push_back(&c);
        lv.names.push_back(std::move(name));
        return lv.vars.size() - 1;
    };
    std::vector<std::vector<std::size_t>> index(t.rows(), std::vector<std::size_t>(t.cols()));
    for (std::size_t r = 0; r < t.rows(); ++r)
        for (std::size_t c = 0; c < t.cols(); ++c)
            index[r][c] = add(t.cells[r][c], t.row_keys[r] + "/" + t.col_keys[c]);
    if (!t.totals) return lv;
    std::vector<std::size_t> col_total(t.cols());
    for (std::size_t c = 0; c < t.cols(); ++c)
        col_total[c] = add(t.col_totals[c], "total/" + t.col_keys[c]);
    for (std::size_t c = 0; c < t.cols(); ++c) {
        std::vector<std::pair<std::size_t, int>> eq;
        for (std::size_t r = 0; r < t.rows(); ++r)
            eq.emplace_back(index[r][c], 1);
        eq.emplace_back(col_total[c], -1);
        lv.equations.push_back(std::move(eq));
    }
    if (!t.has_row_totals()) return lv; // one column: its total is the grand total
    std::vector<std::size_t> row_total(t.rows());
    for (std::size_t r = 0; r < t.rows(); ++r)
        row_total[r] = add(t.row_totals[r], t.row_keys[r] + "/total");
    const std::size_t grand = add(t.grand, "total/total");
    for (std::size_t r = 0; r < t.rows(); ++r) {
        std::vector<std::pair<std::size_t, int>> eq;
        for (std::size_t c = 0; c < t.cols(); ++c)
            eq.emplace_back(index[r][c], 1);
        eq.emplace_back(row_total[r], -1);
        lv.equations.push_back(std::move(eq));
    }
    std::vector<std::pair<std::size_t, int>> by_rows, by_cols;
    for (std::size_t r = 0; r < t.rows(); ++r)
        by_rows.emplace_back(row_total[r], 1);
    for (std::size_t c = 0; c < t.cols(); ++c)
        by_cols.emplace_back(col_total[c], 1);
    by_rows.emplace_back(grand, -1);
    by_cols.emplace_back(grand, -1);
    lv.equations.push_back(std::move(by_rows));
    lv.equations.push_back(std::move(by_cols));
    return lv;
}

constexpr std::int64_t kUnbounded = std::int64_t{1} << 40;

// Indices of suppressed variables a reader can work out: their interval collapses to one value,
// or the equations alone fix them.
std::vector<std::size_t> recoverable(const LinearView& lv) {
    const std::size_t n = lv.vars.size();
    std::vector<std::int64_t> lo(n), hi(n);
    for (std::size_t i = 0; i < n; ++i) {
        const Cell& c = *lv.vars[i];
        switch (c.status) {
        case CellStatus::shown:
            lo[i] = hi[i] = c.value;
            break;
        case CellStatus::primary:
            lo[i] = 1;
            hi[i] = 4;
            break;
        case CellStatus::secondary:
            lo[i] = 5;
            hi[i] = kUnbounded;
            break;
        }
    }
    for (int round = 0; round < 200; ++round) {
        bool changed = false;
        for (const auto& eq : lv.equations) {
            // sum(coef * x) = 0  →  coef_i * x_i = -(sum of the others)
            std::int64_t sum_lo = 0, sum_hi = 0;
            for (const auto& [v, coef] : eq) {
                sum_lo += coef > 0 ? lo[v] : -hi[v];
                sum_hi += coef > 0 ? hi[v] : -lo[v];
            }
            for (const auto& [v, coef] : eq) {
                const std::int64_t others_lo = sum_lo - (coef > 0 ? lo[v] : -hi[v]);
                const std::int64_t others_hi = sum_hi - (coef > 0 ? hi[v] : -lo[v]);
                std::int64_t new_lo, new_hi;
                if (coef > 0) {
                    new_lo = -others_hi;
                    new_hi = -others_lo;
                } else {
                    new_lo = others_lo;
                    new_hi = others_hi;
                }
                if (new_lo > lo[v] && new_lo <= hi[v]) {
                    lo[v] = new_lo;
                    changed = true;
                }
                if (new_hi < hi[v] && new_hi >= lo[v]) {
                    hi[v] = new_hi;
                    changed = true;
                }
            }
        }
        if (!changed) break;
    }
    std::vector<bool> found(n, false);
    for (std::size_t i = 0; i < n; ++i)
        if (lv.vars[i]->suppressed() && lo[i] == hi[i]) found[i] = true;
    // Intervals miss what only a combination of lines gives away (a rectangle of withheld cells
    // whose other corners are known): Gauss-Jordan elimination over the withheld cells finds
    // every cell the equations fix whatever the bounds.
    std::vector<std::size_t> unknowns;
    std::vector<std::size_t> column(n, n);
    for (std::size_t i = 0; i < n; ++i)
        if (lv.vars[i]->suppressed()) {
            column[i] = unknowns.size();
            unknowns.push_back(i);
        }
    const std::size_t u = unknowns.size();
    std::vector<std::vector<double>> m;
    for (const auto& eq : lv.equations) {
        std::vector<double> row(u, 0.0);
        bool any = false;
        for (const auto& [v, coef] : eq)
            if (column[v] < n) {
                row[column[v]] += coef;
                any = true;
            }
        if (any) m.push_back(std::move(row));
    }
    std::size_t pivot = 0;
    std::vector<std::size_t> pivot_columns;
    for (std::size_t c = 0; c < u && pivot < m.size(); ++c) {
        std::size_t best = pivot;
        for (std::size_t r = pivot; r < m.size(); ++r)
            if (std::fabs(m[r][c]) > std::fabs(m[best][c])) best = r;
        if (std::fabs(m[best][c]) < 1e-9) continue;
        std::swap(m[best], m[pivot]);
        const double p = m[pivot][c];
        for (double& x : m[pivot])
            x /= p;
        for (std::size_t r = 0; r < m.size(); ++r) {
            if (r == pivot || std::fabs(m[r][c]) < 1e-12) continue;
            const double f = m[r][c];
            for (std::size_t k = 0; k < u; ++k)
                m[r][k] -= f * m[pivot][k];
        }
        pivot_columns.push_back(c);
        ++pivot;
    }
    for (std::size_t r = 0; r < pivot_columns.size(); ++r) {
        bool alone = true;
        for (std::size_t k = 0; k < u && alone; ++k)
            if (k != pivot_columns[r] && std::fabs(m[r][k]) > 1e-9) alone = false;
        if (alone) found[unknowns[pivot_columns[r]]] = true;
    }
    std::vector<std::size_t> out;
    for (std::size_t i = 0; i < n; ++i)
        if (found[i]) out.push_back(i);
    return out;
}

} // namespace

std::vector<std::string> recoverable_cells(const Table& table) {
    Table copy = table;
    const LinearView lv = linear_view(copy);
    std::vector<std::string> out;
    for (std::size_t i : recoverable(lv))
        out.push_back(lv.names[i]);
    return out;
}

void suppress(Table& t) {
    LinearView lv = linear_view(t);
    for (Cell* c : lv.vars)
        if (c->value >= 1 && c->value <= 4) c->status = CellStatus::primary;
    // Each round withholds at least one more cell, so this ends (at worst with every non-zero cell withheld).
    for (std::size_t round = 0; round <= lv.vars.size(); ++round) {
        const std::vector<std::size_t> open = recoverable(lv);
        if (open.empty()) return;
        const std::size_t x = open.front();
        Cell* best = nullptr;
        for (const auto& eq : lv.equations) {
            if (std::none_of(eq.begin(), eq.end(),
                             [&](const auto& term) { return term.first == x; }))
                continue;
            for (const auto& [v, coef] : eq) {
                (void)coef;
                Cell* c = lv.vars[v];
                if (v == x || c->suppressed() || c->value == 0) continue;
                if (!best || c->value < best->value) best = c;
            }
        }
        if (best) {
            best->status = CellStatus::secondary;
            continue;
        }
        for (Cell* c : lv.vars) // nothing left in x's lines: withhold every non-zero count
            if (!c->suppressed() && c->value > 0) c->status = CellStatus::secondary;
    }
}

//-------------------------------------------------------------------------------------------------
// [SECTION] Spikes
//-------------------------------------------------------------------------------------------------

std::optional<SpikeCheck> check_spike(const std::vector<std::int64_t>& previous,
                                      std::int64_t count) {
    if (previous.size() < static_cast<std::size_t>(kSpikeMinimumHistory)) return std::nullopt;
    SpikeCheck s;
    const double n = static_cast<double>(previous.size());
    for (std::int64_t p : previous)
        s.mean += static_cast<double>(p);
    s.mean /= n;
    double var = 0;
    for (std::int64_t p : previous)
        var += (static_cast<double>(p) - s.mean) * (static_cast<double>(p) - s.mean);
    s.sd = previous.size() > 1 ? std::sqrt(var / (n - 1)) : 0.0;
    s.threshold = s.mean + 2.0 * std::max(s.sd, std::sqrt(s.mean));
    s.spike = count >= kSpikeMinimumCount && static_cast<double>(count) > s.threshold;
    return s;
}

//-------------------------------------------------------------------------------------------------
// [SECTION] compute
//-------------------------------------------------------------------------------------------------

std::vector<const Table*> Statistics::tables() const {
    return {&by_month,        &by_strand,      &strand_notes, &by_district, &by_lsoa,
            &by_centre_month, &by_centre_mode, &ongoing,      &places};
}

namespace {

Table make_table(std::string id, std::string title, std::string row_header,
                 std::vector<std::string> col_keys, std::vector<std::string> col_labels,
                 bool totals) {
    Table t;
    t.id = std::move(id);
    t.title = std::move(title);
    t.row_header = std::move(row_header);
    t.col_keys = std::move(col_keys);
    t.col_labels = std::move(col_labels);
    t.totals = totals;
    return t;
}

void add_row(Table& t, std::string key, std::string label, std::vector<std::int64_t> values,
             std::int64_t population = 0) {
    t.row_keys.push_back(std::move(key));
    t.row_labels.push_back(std::move(label));
    std::vector<Cell> cells;
    for (std::int64_t v : values)
        cells.push_back(Cell{v, CellStatus::shown});
    t.cells.push_back(std::move(cells));
    t.population.push_back(population);
}

// Primary suppression only: for tables with no published total.
void suppress_primary(Table& t) {
    for (auto& row : t.cells)
        for (Cell& c : row)
            if (c.value >= 1 && c.value <= 4) c.status = CellStatus::primary;
}

void finish(Table& t, bool is_public) {
    compute_totals(t);
    if (!is_public) return;
    if (t.totals)
        suppress(t);
    else
        suppress_primary(t);
    if (t.totals && t.cols() == 1)
        t.grand = t.col_totals[0]; // one column: its total is the grand total
}

std::string district_key(District d) {
    return std::string(to_string(d));
}

} // namespace

Statistics compute(const std::vector<Row>& rows, const Options& options,
                   const Populations& populations) {
    if (options.to < options.from)
        throw Error(Code::usage, "the period ends (" + month_key(options.to) +
                                     ") before it starts (" + month_key(options.from) +
                                     "): give --from before --to");
    Statistics s;
    s.options = options;
    s.district_source = populations.district_source;
    s.lsoa_source = populations.lsoa_source;
    const Month from = options.from, to = options.to;
    const auto in_period = [&](std::optional<Month> m) { return m && *m >= from && *m <= to; };
    const auto counted = [&](const Row& r) {
        return r.incident_month ? in_period(r.incident_month) : in_period(r.received_month);
    };

    // Diagram 1: month of the incident × classification.
    s.by_month = make_table("by_month", "Reports by month of the incident", "Month",
                            {"incident", "crime", "not_sure", "not_given"},
                            {"Incident", "Crime", "Not sure", "Not given"}, true);
    const std::size_t months = static_cast<std::size_t>(to - from + 1);
    std::vector<std::vector<std::int64_t>> month_counts(months + 1,
                                                        std::vector<std::int64_t>(4, 0));
    // Diagram 2: strands.
    std::array<std::int64_t, 6> strand_counts{};
    std::int64_t multi = 0, none = 0;
    // Diagram 3: districts (nine LLR, elsewhere, online, not known).
    std::map<District, std::int64_t> district_counts;
    std::int64_t district_not_known = 0;
    // Diagram 4: LSOA.
    std::map<std::string, std::int64_t> lsoa_counts;
    // Repeat/ongoing and places.
    std::array<std::int64_t, 5> ongoing_counts{};
    std::map<PlaceType, std::int64_t> place_counts;
    std::int64_t place_not_given = 0;

    for (const Row& r : rows) {
        if (!counted(r)) continue;
        ++s.reports;
        const std::size_t mi =
            r.incident_month ? static_cast<std::size_t>(*r.incident_month - from) : months;
        const std::size_t ci = r.classification ? static_cast<std::size_t>(*r.classification) : 3;
        ++month_counts[mi][ci];
        int named = 0;
        for (Strand st : kStrands)
            if (r.has(st)) {
                ++strand_counts[static_cast<std::size_t>(st)];
                ++named;
            }
        if (named > 1) ++multi;
        if (named == 0) ++none;
        if (r.district && *r.district != District::dont_know)
            ++district_counts[*r.district];
        else
            ++district_not_known;
        switch (r.postcode) {
        case PostcodeLookup::found:
            ++lsoa_counts[r.lsoa];
            break;
        case PostcodeLookup::not_in_directory:
            ++s.lsoa_not_in_directory;
            break;
        case PostcodeLookup::not_given:
            ++s.lsoa_no_postcode;
            break;
        }
        ++ongoing_counts[r.ongoing ? static_cast<std::size_t>(*r.ongoing) : 4];
        if (r.place_type)
            ++place_counts[*r.place_type];
        else
            ++place_not_given;
    }

    for (std::size_t i = 0; i < months; ++i) {
        const Month m = from + static_cast<Month>(i);
        add_row(s.by_month, month_key(m), month_label(m), month_counts[i]);
    }
    add_row(s.by_month, "not_known", "Date not known", month_counts[months]);
    s.by_month.note = "A date range counts in its first month; reports whose date is not known "
                      "count apart, by the month "
                      "central received them.";
    finish(s.by_month, options.is_public);

    s.by_strand =
        make_table("by_strand", "Strands of hate named", "Strand", {"reports"}, {"Reports"}, false);
    for (Strand st : kStrands)
        add_row(s.by_strand, std::string(to_string(st)), strand_label(st),
                {strand_counts[static_cast<std::size_t>(st)]});
    s.by_strand.note =
        "One report may name several strands, so these add up to more than the number of reports.";
    finish(s.by_strand, options.is_public);
    s.strand_notes = make_table("strand_notes", "Reports by number of strands", "Strands",
                                {"reports"}, {"Reports"}, false);
    add_row(s.strand_notes, "more_than_one", "More than one strand", {multi});
    add_row(s.strand_notes, "none", "No strand given", {none});
    finish(s.strand_notes, options.is_public);

    s.by_district = make_table("by_district", "Reports by district, per 1,000 people", "District",
                               {"reports"}, {"Reports"}, true);
    for (District d : kLlrDistricts) {
        const auto pop = populations.districts.find(d);
        add_row(s.by_district, district_key(d), std::string(district_info(d).name),
                {district_counts[d]}, pop == populations.districts.end() ? 0 : pop->second);
    }
    add_row(s.by_district, "elsewhere", "Elsewhere (outside LLR)",
            {district_counts[District::elsewhere]});
    add_row(s.by_district, "online", "Online", {district_counts[District::online]});
    add_row(s.by_district, "not_known", "Not known", {district_not_known});
    s.by_district.note =
        "Rates per 1,000 usual residents" + (populations.district_source.empty()
                                                 ? std::string(".")
                                                 : " (" + populations.district_source + ").");
    finish(s.by_district, options.is_public);

    // LSOA: top N by rate; without a directory, say how to get one.
    s.by_lsoa = make_table("by_lsoa", "Areas (LSOA) with the highest rates per 1,000 people",
                           "LSOA", {"reports"}, {"Reports"}, false);
    if (!options.postcode_directory) {
        s.lsoa_message = "No ONS Postcode Directory has been imported, so reports cannot be placed "
                         "in LSOAs. Download the ONSPD "
                         "CSV from the ONS Open Geography Portal and run `hrc-central "
                         "import-postcodes --dir DIR ONSPD.csv "
                         "--lsoa-population FILE` (docs/statistics.md).";
    } else {
        struct Area {
            std::string code;
            std::int64_t count, population;
            double rate;
        };
        std::vector<Area> areas;
        for (const auto& [code, count] : lsoa_counts) {
            const auto pop = populations.lsoas.find(code);
            if (pop == populations.lsoas.end() || pop->second <= 0) {
                s.lsoa_no_population += count;
                continue;
            }
            if (options.is_public && count < 5)
                continue; // ranked only with 5 or more reports when published
            areas.push_back(
                {code, count, pop->second,
                 static_cast<double>(count) * 1000.0 / static_cast<double>(pop->second)});
        }
        std::sort(areas.begin(), areas.end(), [](const Area& a, const Area& b) {
            if (a.rate != b.rate) return a.rate > b.rate;
            if (a.count != b.count) return a.count > b.count;
            return a.code < b.code;
        });
        if (areas.size() > options.lsoa_top) areas.resize(options.lsoa_top);
        for (const Area& a : areas) {
            // "Leicester 001A (E01013001)" when the population file named it, else "E01013001 (Leicester)".
            const auto name = populations.lsoa_names.find(a.code);
            const auto d = populations.lsoa_districts.find(a.code);
            std::string label = a.code;
            if (name != populations.lsoa_names.end() && !name->second.empty())
                label = name->second + " (" + a.code + ")";
            else if (d != populations.lsoa_districts.end())
                label += " (" + std::string(district_info(d->second).name) + ")";
            add_row(s.by_lsoa, a.code, label, {a.count}, a.population);
        }
        s.by_lsoa.note =
            "From each report's postcode through the imported ONS Postcode Directory" +
            (populations.lsoa_source.empty() ? std::string("")
                                             : "; population: " + populations.lsoa_source) +
            (options.is_public ? ". Published: only areas with 5 or more reports are ranked."
                               : ".");
    }
    finish(s.by_lsoa, options.is_public);

    // Centres: by the month the report was made there.
    std::set<std::string> centre_set;
    for (const Row& r : rows)
        if (in_period(r.created_month ? r.created_month : r.received_month))
            centre_set.insert(r.centre_id);
    const std::vector<std::string> centres(centre_set.begin(), centre_set.end());
    std::vector<std::string> centre_labels;
    for (const auto& c : centres)
        centre_labels.push_back(c.empty() ? "(no centre)" : c);
    s.by_centre_month = make_table("by_centre_month", "Reports made at each centre, by month",
                                   "Month", centres, centre_labels, true);
    s.by_centre_mode = make_table("by_centre_mode", "How reports were made at each centre",
                                  "Centre", {"self", "staff_assisted", "paper_transcription"},
                                  {"Alone", "With staff help", "Paper form"}, true);
    std::vector<std::vector<std::int64_t>> cm(months, std::vector<std::int64_t>(centres.size(), 0));
    std::vector<std::vector<std::int64_t>> cmode(centres.size(), std::vector<std::int64_t>(3, 0));
    for (const Row& r : rows) {
        const auto m = r.created_month ? r.created_month : r.received_month;
        if (!in_period(m)) continue;
        ++s.centre_reports;
        const auto ci = static_cast<std::size_t>(
            std::lower_bound(centres.begin(), centres.end(), r.centre_id) - centres.begin());
        ++cm[static_cast<std::size_t>(*m - from)][ci];
        ++cmode[ci][static_cast<std::size_t>(r.mode)];
    }
    for (std::size_t i = 0; i < months; ++i)
        add_row(s.by_centre_month, month_key(from + static_cast<Month>(i)),
                month_label(from + static_cast<Month>(i)), cm[i]);
    for (std::size_t i = 0; i < centres.size(); ++i)
        add_row(s.by_centre_mode, centres[i], centre_labels[i], cmode[i]);
    s.by_centre_month.note =
        "By the month the report was made at the centre (whatever the date of the incident).";
    finish(s.by_centre_month, options.is_public);
    finish(s.by_centre_mode, options.is_public);

    s.ongoing = make_table("ongoing", "Is it still happening or has it happened before?", "Answer",
                           {"reports"}, {"Reports"}, true);
    add_row(s.ongoing, "yes", "Yes (repeat or ongoing)", {ongoing_counts[0]});
    add_row(s.ongoing, "no", "No", {ongoing_counts[1]});
    add_row(s.ongoing, "dont_know", "Did not know", {ongoing_counts[2]});
    add_row(s.ongoing, "prefer_not_to_say", "Preferred not to say", {ongoing_counts[3]});
    add_row(s.ongoing, "not_given", "Not given", {ongoing_counts[4]});
    finish(s.ongoing, options.is_public);

    s.places =
        make_table("places", "Places most reported", "Place", {"reports"}, {"Reports"}, true);
    std::vector<std::pair<PlaceType, std::int64_t>> places(place_counts.begin(),
                                                           place_counts.end());
    std::stable_sort(places.begin(), places.end(),
                     [](const auto& a, const auto& b) { return a.second > b.second; });
    for (const auto& [p, n] : places)
        add_row(s.places, std::string(to_string(p)), place_label(p), {n});
    add_row(s.places, "not_given", "Not given", {place_not_given});
    finish(s.places, options.is_public);

    // Spikes: every month of the period against the months before it, overall and per district.
    std::optional<Month> data_start;
    for (const Row& r : rows) {
        const auto m = r.received_month ? r.received_month : r.created_month;
        if (m && (!data_start || *m < *data_start)) data_start = m;
    }
    s.spike_rule = "A month is flagged when it has at least " + std::to_string(kSpikeMinimumCount) +
                   " reports and more than the mean + 2 x max(standard deviation, square root of "
                   "the mean) of the previous " +
                   std::to_string(kSpikeHistoryMonths) + " months (at least " +
                   std::to_string(kSpikeMinimumHistory) +
                   " months since central received its first report).";
    if (data_start) {
        const auto spikes_of = [&](const std::string& scope, const std::string& label,
                                   const std::optional<District>& district) {
            std::map<Month, std::int64_t> series;
            for (const Row& r : rows)
                if (r.incident_month && (!district || r.district == district))
                    ++series[*r.incident_month];
            for (Month m = from; m <= to; ++m) {
                std::vector<std::int64_t> previous;
                for (Month p = std::max(m - kSpikeHistoryMonths, *data_start); p < m; ++p)
                    previous.push_back(series[p]);
                const auto check = check_spike(previous, series[m]);
                if (check && check->spike)
                    s.spikes.push_back({scope, label, m, series[m], check->mean, check->threshold});
            }
        };
        spikes_of("all", "All reports", std::nullopt);
        for (District d : kLlrDistricts)
            spikes_of(district_key(d), std::string(district_info(d).name), d);
    }
    return s;
}

//-------------------------------------------------------------------------------------------------
// [SECTION] Output
//-------------------------------------------------------------------------------------------------

std::string cell_text(const Cell& c) {
    switch (c.status) {
    case CellStatus::shown:
        return std::to_string(c.value);
    case CellStatus::primary:
        return "<5";
    case CellStatus::secondary:
        return "c";
    }
    return "?";
}

std::string rate_text(const Table& t, std::size_t r) {
    if (r >= t.population.size() || t.population[r] <= 0) return "";
    const auto rate = t.rate_per_1000(r);
    if (!rate) return cell_text(t.cells[r][0]);
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.2f", *rate);
    return buf;
}

namespace {

nlohmann::json cell_json(const Cell& c) {
    if (c.status == CellStatus::shown) return c.value;
    return cell_text(c);
}

// A count outside any table, published with primary suppression only.
Cell single(std::int64_t value, bool is_public) {
    Cell c{value, CellStatus::shown};
    if (is_public && value >= 1 && value <= 4) c.status = CellStatus::primary;
    return c;
}

nlohmann::json table_json(const Table& t) {
    nlohmann::json rows = nlohmann::json::array();
    for (std::size_t r = 0; r < t.rows(); ++r) {
        nlohmann::json row = {{"key", t.row_keys[r]}, {"label", t.row_labels[r]}};
        nlohmann::json counts = nlohmann::json::object();
        for (std::size_t c = 0; c < t.cols(); ++c)
            counts[t.col_keys[c]] = cell_json(t.cells[r][c]);
        row["counts"] = std::move(counts);
        if (t.has_row_totals()) row["total"] = cell_json(t.row_totals[r]);
        if (r < t.population.size() && t.population[r] > 0) {
            row["population"] = t.population[r];
            const auto rate = t.rate_per_1000(r);
            row["rate_per_1000"] =
                rate ? nlohmann::json(std::round(*rate * 100.0) / 100.0) : cell_json(t.cells[r][0]);
        }
        rows.push_back(std::move(row));
    }
    nlohmann::json out = {{"title", t.title}, {"rows", std::move(rows)}};
    if (t.totals) {
        nlohmann::json totals = nlohmann::json::object();
        for (std::size_t c = 0; c < t.cols(); ++c)
            totals[t.col_keys[c]] = cell_json(t.col_totals[c]);
        out["column_totals"] = std::move(totals);
        out["total"] = cell_json(t.cols() == 1 ? t.col_totals[0] : t.grand);
    }
    if (!t.note.empty()) out["note"] = t.note;
    return out;
}

std::string fixed2(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.2f", v);
    return buf;
}

} // namespace

nlohmann::json to_json(const Statistics& s) {
    const bool pub = s.options.is_public;
    nlohmann::json tables = nlohmann::json::object();
    for (const Table* t : s.tables())
        tables[t->id] = table_json(*t);
    for (std::size_t r = 0; r < s.by_centre_mode.rows(); ++r) {
        const Table& t = s.by_centre_mode;
        const Cell& total = t.row_totals[r];
        if (total.suppressed() || total.value == 0 || t.cells[r][0].suppressed()) continue;
        const double share = static_cast<double>(total.value - t.cells[r][0].value) /
                             static_cast<double>(total.value);
        tables["by_centre_mode"]["rows"][r]["staff_or_paper_share"] =
            std::round(share * 1000.0) / 1000.0;
    }
    nlohmann::json spikes = nlohmann::json::array();
    for (const Spike& sp : s.spikes) {
        nlohmann::json one = {{"scope", sp.scope},
                              {"label", sp.scope_label},
                              {"month", month_key(sp.month)},
                              {"count", sp.count}};
        // Published: no baseline (12 x the mean is the previous year's count, which may be 1-4).
        if (!pub) {
            one["baseline_mean"] = std::round(sp.mean * 100.0) / 100.0;
            one["threshold"] = std::round(sp.threshold * 100.0) / 100.0;
        }
        spikes.push_back(std::move(one));
    }
    nlohmann::json lsoa = {{"directory", s.options.postcode_directory},
                           {"not_in_directory", cell_json(single(s.lsoa_not_in_directory, pub))},
                           {"no_postcode", cell_json(single(s.lsoa_no_postcode, pub))},
                           {"no_population", cell_json(single(s.lsoa_no_population, pub))}};
    if (!s.lsoa_message.empty()) lsoa["message"] = s.lsoa_message;
    nlohmann::json out = {
        {"period", {{"from", month_key(s.options.from)}, {"to", month_key(s.options.to)}}},
        {"public", pub},
        {"reports", cell_json(pub ? (s.by_month.grand) : Cell{s.reports, CellStatus::shown})},
        {"centre_reports",
         cell_json(pub ? s.by_centre_month.grand : Cell{s.centre_reports, CellStatus::shown})},
        {"not_consented", cell_json(single(s.options.not_consented, pub))},
        {"not_readable", cell_json(single(s.options.not_readable, pub))},
        {"sources",
         {{"district_population", s.district_source}, {"lsoa_population", s.lsoa_source}}},
        {"tables", std::move(tables)},
        {"lsoa", std::move(lsoa)},
        {"spikes", std::move(spikes)},
        {"spike_rule", s.spike_rule},
    };
    if (pub)
        out["suppression"] = "Counts of 1 to 4 are shown as \"<5\"; \"c\" marks a count withheld "
                             "so that a \"<5\" cannot be "
                             "worked out from the totals (docs/statistics.md).";
    return out;
}

std::string to_csv(const Statistics& s) {
    std::string out = csv_line({"table", "row", "row_label", "column", "value"});
    for (const Table* t : s.tables()) {
        for (std::size_t r = 0; r < t->rows(); ++r) {
            for (std::size_t c = 0; c < t->cols(); ++c)
                out += csv_line({t->id, t->row_keys[r], t->row_labels[r], t->col_keys[c],
                                 cell_text(t->cells[r][c])});
            if (t->has_row_totals())
                out += csv_line({t->id, t->row_keys[r], t->row_labels[r], "total",
                                 cell_text(t->row_totals[r])});
            if (r < t->population.size() && t->population[r] > 0) {
                out += csv_line({t->id, t->row_keys[r], t->row_labels[r], "population",
                                 std::to_string(t->population[r])});
                out += csv_line(
                    {t->id, t->row_keys[r], t->row_labels[r], "rate_per_1000", rate_text(*t, r)});
            }
        }
        if (t->totals) {
            for (std::size_t c = 0; c < t->cols(); ++c)
                out += csv_line(
                    {t->id, "total", "Total", t->col_keys[c], cell_text(t->col_totals[c])});
            if (t->has_row_totals())
                out += csv_line({t->id, "total", "Total", "total", cell_text(t->grand)});
        }
    }
    for (const Spike& sp : s.spikes)
        out += csv_line(
            {"spikes", sp.scope, sp.scope_label, month_key(sp.month), std::to_string(sp.count)});
    return out;
}

std::string to_text(const Statistics& s) {
    std::ostringstream o;
    const bool pub = s.options.is_public;
    o << "Hate reports " << month_label(s.options.from) << " to " << month_label(s.options.to)
      << (pub ? " (for publication: small numbers suppressed)"
              : " (NOT for publication: small numbers are shown)")
      << "\n";
    o << "Reports counted: "
      << cell_text(pub ? s.by_month.grand : Cell{s.reports, CellStatus::shown})
      << " (only reports whose person agreed to anonymous statistics; "
      << cell_text(single(s.options.not_consented, pub))
      << " received in the period without that consent are not counted)\n";
    if (s.options.not_readable > 0)
        o << "Reports central could not open: " << cell_text(single(s.options.not_readable, pub))
          << " (named on standard error)\n";
    for (const Table* t : s.tables()) {
        o << "\n" << t->title << "\n";
        std::vector<std::string> header = {t->row_header};
        header.insert(header.end(), t->col_labels.begin(), t->col_labels.end());
        if (t->has_row_totals()) header.push_back("Total");
        const bool rates = std::any_of(t->population.begin(), t->population.end(),
                                       [](std::int64_t p) { return p > 0; });
        if (rates) {
            header.push_back("Population");
            header.push_back("Per 1,000");
        }
        std::vector<std::vector<std::string>> lines = {header};
        for (std::size_t r = 0; r < t->rows(); ++r) {
            std::vector<std::string> line = {t->row_labels[r]};
            for (std::size_t c = 0; c < t->cols(); ++c)
                line.push_back(cell_text(t->cells[r][c]));
            if (t->has_row_totals()) line.push_back(cell_text(t->row_totals[r]));
            if (rates) {
                line.push_back(t->population[r] > 0 ? std::to_string(t->population[r]) : "");
                line.push_back(rate_text(*t, r));
            }
            lines.push_back(std::move(line));
        }
        if (t->totals) {
            std::vector<std::string> line = {"Total"};
            for (std::size_t c = 0; c < t->cols(); ++c)
                line.push_back(cell_text(t->col_totals[c]));
            if (t->has_row_totals()) line.push_back(cell_text(t->grand));
            lines.push_back(std::move(line));
        }
        std::vector<std::size_t> width;
        for (const auto& line : lines)
            for (std::size_t i = 0; i < line.size(); ++i) {
                if (width.size() <= i) width.push_back(0);
                width[i] = std::max(width[i], line[i].size());
            }
        for (const auto& line : lines) {
            std::string text;
            for (std::size_t i = 0; i < line.size(); ++i) {
                const std::string pad(width[i] - line[i].size(), ' ');
                text += i == 0 ? line[i] + pad : "  " + pad + line[i];
            }
            while (!text.empty() && text.back() == ' ')
                text.pop_back();
            o << "  " << text << "\n";
        }
        if (t->id == "by_lsoa" && !s.lsoa_message.empty()) o << "  " << s.lsoa_message << "\n";
        if (!t->note.empty()) o << "  " << t->note << "\n";
    }
    o << "\nSpike alerts: ";
    if (s.spikes.empty())
        o << "none\n";
    else {
        o << s.spikes.size() << "\n";
        for (const Spike& sp : s.spikes) {
            o << "  SPIKE " << sp.scope_label << ", " << month_label(sp.month) << ": " << sp.count
              << " reports";
            if (pub)
                o << " (well above its usual level)\n";
            else
                o << " (usual level " << fixed2(sp.mean) << ", alert above " << fixed2(sp.threshold)
                  << ")\n";
        }
    }
    o << "  Rule: " << s.spike_rule << "\n";
    if (pub)
        o << "\nSuppression: counts of 1 to 4 show as \"<5\"; \"c\" marks a count withheld so that "
             "a \"<5\" cannot be worked out from the totals.\n";
    o << "Sources: population "
      << (s.district_source.empty() ? std::string("(none)") : s.district_source);
    if (!s.lsoa_source.empty()) o << "; LSOA population " << s.lsoa_source;
    o << ".\n";
    return o.str();
}

std::string summary_paragraph(const Statistics& s) {
    const bool pub = s.options.is_public;
    std::ostringstream o;
    const Cell total = pub ? s.by_month.grand : Cell{s.reports, CellStatus::shown};
    o << "From " << month_label(s.options.from) << " to " << month_label(s.options.to) << ", "
      << cell_text(total) << " reports were counted (people who agreed to anonymous statistics).";
    // Busiest month (shown cells only).
    std::optional<std::size_t> busiest;
    for (std::size_t r = 0; r + 1 < s.by_month.rows(); ++r) {
        const Cell& c = s.by_month.row_totals[r];
        if (c.suppressed() || c.value == 0) continue;
        if (!busiest || c.value > s.by_month.row_totals[*busiest].value) busiest = r;
    }
    if (busiest)
        o << " The most in one month was " << s.by_month.row_totals[*busiest].value << " in "
          << s.by_month.row_labels[*busiest] << ".";
    std::optional<std::size_t> top_strand;
    for (std::size_t r = 0; r < s.by_strand.rows(); ++r) {
        const Cell& c = s.by_strand.cells[r][0];
        if (c.suppressed() || c.value == 0) continue;
        if (!top_strand || c.value > s.by_strand.cells[*top_strand][0].value) top_strand = r;
    }
    if (top_strand && s.reports > 0) {
        const std::int64_t n = s.by_strand.cells[*top_strand][0].value;
        o << " " << s.by_strand.row_labels[*top_strand] << " was named most often (" << n
          << " reports, "
          << static_cast<long long>(
                 std::llround(100.0 * static_cast<double>(n) / static_cast<double>(s.reports)))
          << "% of reports)";
        o << "; " << cell_text(s.strand_notes.cells[0][0])
          << " reports named more than one strand.";
    }
    std::optional<std::size_t> hi, lo;
    for (std::size_t r = 0; r < s.by_district.rows(); ++r) {
        const auto rate = s.by_district.rate_per_1000(r);
        if (!rate) continue;
        if (!hi || *rate > *s.by_district.rate_per_1000(*hi)) hi = r;
        if (!lo || *rate < *s.by_district.rate_per_1000(*lo)) lo = r;
    }
    if (hi && lo && *hi != *lo)
        o << " " << s.by_district.row_labels[*hi] << " had the highest rate ("
          << rate_text(s.by_district, *hi) << " per 1,000 people) and "
          << s.by_district.row_labels[*lo] << " the lowest (" << rate_text(s.by_district, *lo)
          << ").";
    if (s.spikes.empty())
        o << " No month was flagged as a spike.";
    else {
        // At most four named, the rest counted: the full list is in the spikes output.
        o << " Spike alert" << (s.spikes.size() > 1 ? "s: " : ": ");
        constexpr std::size_t kNamed = 4;
        for (std::size_t i = 0; i < s.spikes.size() && i < kNamed; ++i)
            o << (i ? "; " : "") << s.spikes[i].scope_label << " in "
              << month_label(s.spikes[i].month) << " (" << s.spikes[i].count << ")";
        if (s.spikes.size() > kNamed) o << "; and " << s.spikes.size() - kNamed << " more";
        o << ".";
    }
    return o.str();
}

} // namespace hrc::statistics
