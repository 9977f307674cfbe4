// test_hb_shape.cpp — the layer's shaping against hb-shape (libharfbuzz-bin) for every sample
// sentence and every string of every catalog under locales/, and no .notdef anywhere.
//
// Each run of each laid-out line (one font, script, direction) is shaped again by hb-shape with
// the same font file, size (26.6: --font-size=size×64), script, direction, language and BOT/EOT
// flags; glyph ids, clusters (UTF-8 bytes), advances and offsets must be identical. Runs are
// batched per set of options through one hb-shape process (--text-file). A run whose shaping
// depends on its neighbours in the paragraph (checked by shaping it alone with the layer) is
// compared on its own with --text-before / --text-after.

#include <chrono>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <tuple>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "hrc_text/engine.h"
#include "process.h"
#include "text_test_support.h"

using namespace hrc::text;

namespace {

struct Job {
    std::string text;
    std::string before, after;
    std::vector<Glyph> expected; // clusters relative to the run
    std::string origin;
};

using GroupKey = std::tuple<std::string, int, bool, std::string, std::string, bool,
                            bool>; // font, size64, rtl, script, lang, bot, eot

std::vector<std::string> base_args(const GroupKey& k) {
    std::vector<std::string> a = {
        HRC_HB_SHAPE,
        "--font-file=" + std::get<0>(k),
        "--font-size=" + std::to_string(std::get<1>(k)),
        "--font-funcs=ot", // the layer uses HarfBuzz's own OpenType functions
        "--no-glyph-names",
        "--utf8-clusters",
        "--output-format=json",
        std::string("--direction=") + (std::get<2>(k) ? "rtl" : "ltr"),
        "--script=" + std::get<3>(k),
        "--language=" + std::get<4>(k)};
    if (std::get<5>(k)) a.push_back("--bot");
    if (std::get<6>(k)) a.push_back("--eot");
    return a;
}

std::vector<Glyph> parse_glyphs(const nlohmann::json& arr) {
    std::vector<Glyph> out;
    for (const auto& g : arr)
        out.push_back(Glyph{g.at("g").get<std::uint32_t>(), g.at("cl").get<std::uint32_t>(),
                            g.at("ax").get<std::int32_t>(), g.at("ay").get<std::int32_t>(),
                            g.at("dx").get<std::int32_t>(), g.at("dy").get<std::int32_t>()});
    return out;
}

bool same(const std::vector<Glyph>& a, const std::vector<Glyph>& b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (a[i].id != b[i].id || a[i].cluster != b[i].cluster ||
            a[i].x_advance != b[i].x_advance || a[i].y_advance != b[i].y_advance ||
            a[i].x_offset != b[i].x_offset || a[i].y_offset != b[i].y_offset)
            return false;
    return true;
}

std::string show(const std::vector<Glyph>& v) {
    std::ostringstream s;
    for (const Glyph& g : v)
        s << g.id << "=" << g.cluster << "@" << g.x_offset << "," << g.y_offset << "+"
          << g.x_advance << "," << g.y_advance << " ";
    return s.str();
}

// The faces compared: body (regular) and heading (bold), at kiosk sizes.
struct FaceCase {
    bool bold;
    float px;
};
constexpr FaceCase kFaces[] = {{false, 24.0f}, {true, 40.0f}};

} // namespace

TEST_CASE(
    "hb-shape gives the same glyphs, clusters and positions for every sample and catalog string") {
    std::vector<std::string> catalogs, problems;
    const std::vector<hrc_test::TextCase> cases = hrc_test::text_cases(catalogs, problems);
    for (const std::string& p : problems)
        FAIL_CHECK("catalog not readable: " << p);

    Engine engine;
    std::map<GroupKey, std::vector<Job>> groups;
    std::vector<std::pair<GroupKey, Job>> with_context;
    std::map<std::string, std::size_t> strings_per_language;
    std::size_t runs = 0;
    const auto t0 = std::chrono::steady_clock::now();
    for (const FaceCase& face : kFaces) {
        for (const hrc_test::TextCase& c : cases) {
            engine.set_language(c.language);
            TextRequest req;
            req.bold = face.bold;
            req.size_px = face.px;
            const auto lay = engine.layout(c.text, req);
            ++strings_per_language[c.language];
            for (const Line& line : lay->lines) {
                for (const Run& run : line.runs) {
                    ++runs;
                    Job job;
                    job.text = c.text.substr(run.begin, run.end - run.begin);
                    job.origin = c.language + " " + c.origin;
                    for (std::size_t k = run.glyph_begin; k < run.glyph_end; ++k) {
                        Glyph g = line.glyphs[k];
                        g.cluster -= static_cast<std::uint32_t>(run.begin);
                        job.expected.push_back(g);
                    }
                    const GroupKey key{run.font->path(), run.font->scale(),
                                       run.rtl,          hrc_test::script_arg(run.script),
                                       c.language,       run.bot,
                                       run.eot};
                    // Does the run shape the same without its neighbours? Then it can go in a batch.
                    const auto alone = shape_run(*run.font, job.text, run.script, run.rtl,
                                                 c.language, run.bot, run.eot);
                    if (same(alone, job.expected)) {
                        groups[key].push_back(std::move(job));
                    } else {
                        std::size_t pb = c.text.rfind('\n', run.begin == 0 ? 0 : run.begin - 1);
                        pb = (pb == std::string::npos || run.begin == 0) ? 0 : pb + 1;
                        std::size_t pe = c.text.find('\n', run.end);
                        if (pe == std::string::npos) pe = c.text.size();
                        job.before = c.text.substr(pb, run.begin - pb);
                        job.after = c.text.substr(run.end, pe - run.end);
                        with_context.emplace_back(key, std::move(job));
                    }
                }
            }
        }
    }
    const auto t1 = std::chrono::steady_clock::now();

    std::size_t compared = 0, glyphs = 0, processes = 0;
    const std::string dir = hrc_test::out_dir();
    const std::string log = dir + "/hb-shape.stderr";
    for (auto& [key, jobs] : groups) {
        const std::string file = dir + "/hb-shape-batch.txt";
        {
            std::ofstream out(file, std::ios::binary | std::ios::trunc);
            for (const Job& j : jobs)
                out << j.text << '\n';
            REQUIRE(out.good());
        }
        std::vector<std::string> args = base_args(key);
        args.push_back("--text-file=" + file);
        const hrc_test::RunResult r = hrc_test::run_command(args, log);
        ++processes;
        REQUIRE(r.code == 0);
        std::istringstream lines(r.out);
        std::string json_line;
        for (const Job& j : jobs) {
            REQUIRE(std::getline(lines, json_line));
            const std::vector<Glyph> got = parse_glyphs(nlohmann::json::parse(json_line));
            INFO(j.origin << " run \"" << j.text << "\" font " << std::get<0>(key) << " script "
                          << std::get<3>(key) << (std::get<2>(key) ? " rtl" : " ltr"));
            INFO("layer:    " << show(j.expected));
            INFO("hb-shape: " << show(got));
            CHECK(same(got, j.expected));
            ++compared;
            glyphs += got.size();
        }
    }
    for (auto& [key, j] : with_context) {
        std::vector<std::string> args = base_args(key);
        args.push_back("--text=" + j.text);
        if (!j.before.empty()) args.push_back("--text-before=" + j.before);
        if (!j.after.empty()) args.push_back("--text-after=" + j.after);
        const hrc_test::RunResult r = hrc_test::run_command(args, log);
        ++processes;
        REQUIRE(r.code == 0);
        const std::vector<Glyph> got =
            parse_glyphs(nlohmann::json::parse(r.out.substr(0, r.out.find('\n'))));
        INFO(j.origin << " run (with context) \"" << j.text << "\"");
        INFO("layer:    " << show(j.expected));
        INFO("hb-shape: " << show(got));
        CHECK(same(got, j.expected));
        ++compared;
        glyphs += got.size();
    }
    std::ostringstream summary;
    summary << "hb-shape comparison: " << cases.size() << " strings x " << std::size(kFaces)
            << " faces, " << strings_per_language.size() << " languages (";
    for (const auto& [lang, n] : strings_per_language)
        summary << lang << ":" << n / std::size(kFaces) << " ";
    summary << "), " << catalogs.size() << " catalogs, " << runs << " runs (" << with_context.size()
            << " with context), " << glyphs << " glyphs, " << processes
            << " hb-shape processes; layout of all strings took "
            << std::chrono::duration_cast<std::chrono::milliseconds>(t1 - t0).count() << " ms";
    std::cout << summary.str() << std::endl;
    CHECK(compared == runs);
    CHECK(strings_per_language.size() >= 12);
}

TEST_CASE("no .notdef glyph in any sample or catalog string with its language's font chain") {
    std::vector<std::string> catalogs, problems;
    const std::vector<hrc_test::TextCase> cases = hrc_test::text_cases(catalogs, problems);
    Engine engine;
    std::size_t checked = 0;
    for (const FaceCase& face : kFaces) {
        for (const hrc_test::TextCase& c : cases) {
            engine.set_language(c.language);
            TextRequest req;
            req.bold = face.bold;
            req.size_px = face.px;
            const auto lay = engine.layout(c.text, req);
            INFO(c.language << " " << c.origin << (face.bold ? " bold" : " regular") << ": "
                            << c.text);
            CHECK(lay->notdef_count == 0);
            CHECK(engine.covers(c.text));
            ++checked;
        }
    }
    std::cout << "notdef check: " << checked << " layouts, 0 expected" << std::endl;
}

TEST_CASE("each language's primary font is the one its script needs, with its own line metrics") {
    Engine engine;
    const std::vector<std::pair<std::string, std::string>> expected = {
        {"en-GB", "NotoSans-Regular.ttf"},        {"pl", "NotoSans-Regular.ttf"},
        {"ro", "NotoSans-Regular.ttf"},           {"pt", "NotoSans-Regular.ttf"},
        {"so", "NotoSans-Regular.ttf"},           {"gu", "NotoSansGujaratiUI-Regular.ttf"},
        {"pa", "NotoSansGurmukhiUI-Regular.ttf"}, {"bn", "NotoSansBengaliUI-Regular.ttf"},
        {"ta", "NotoSansTamilUI-Regular.ttf"},    {"hi", "NotoSansDevanagariUI-Regular.ttf"},
        {"ur", "NotoNastaliqUrdu-Regular.ttf"},   {"ar", "NotoNaskhArabic-Regular.ttf"},
    };
    for (const auto& [lang, file] : expected) {
        engine.set_language(lang);
        const FontChain& chain = engine.chain(false, 40.0f);
        REQUIRE(!chain.fonts.empty());
        INFO(lang);
        CHECK(chain.fonts.front()->path().substr(chain.fonts.front()->path().rfind('/') + 1) ==
              file);
        const FontChain& bold = engine.chain(true, 40.0f);
        CHECK(bold.fonts.front()->path().find("-Bold.ttf") != std::string::npos);
        CHECK(engine.rtl() == (lang == "ur" || lang == "ar"));
    }
    // Nastaliq's own metrics: about 2.5 em per line; Latin about 1.36 em.
    engine.set_language("ur");
    const LineMetrics ur = engine.line_metrics(false, 40.0f);
    CHECK(ur.height() >= 95);
    CHECK(ur.height() <= 105);
    engine.set_language("en-GB");
    const LineMetrics en = engine.line_metrics(false, 40.0f);
    CHECK(en.height() >= 52);
    CHECK(en.height() <= 58);
}
