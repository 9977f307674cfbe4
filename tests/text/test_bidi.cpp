// test_bidi.cpp — right-to-left text, mixed directions, line breaking and alignment.
//
// Expected visual orders are worked out by hand from the Unicode Bidirectional Algorithm (UAX 9):
// in an RTL paragraph, Arabic letters (AL) are at level 1; European digits after AL become AN
// (W2) and sit at level 2; Latin letters (L) sit at level 2 with the digits and hyphens between
// them (W7, N1). Runs are then shown right to left at level 1 and left to right at level 2.

#include <algorithm>

#include <catch2/catch.hpp>

#include "hrc_text/engine.h"

using namespace hrc::text;

namespace {

const std::string kCode = "HRC-7K3M-Q9TX";
// "It happened 3 days ago. Your reference number is HRC-7K3M-Q9TX."
const std::string kUrdu = "یہ 3 دن پہلے ہوا۔ آپ کا حوالہ نمبر HRC-7K3M-Q9TX ہے۔";
// "Your reference number is HRC-7K3M-Q9TX, 3 days ago."
const std::string kArabic = "رقمك المرجعي هو HRC-7K3M-Q9TX منذ 3 أيام.";

const Run* run_at(const Line& line, std::size_t byte) {
    for (const Run& r : line.runs)
        if (r.begin <= byte && byte < r.end) return &r;
    return nullptr;
}

// Checks the reference code is one left-to-right run, whole, glyph clusters rising left to right,
// and returns it.
const Run* check_code_run(const TextLayout& lay, const std::string& text) {
    const std::size_t at = text.find(kCode);
    REQUIRE(at != std::string::npos);
    const Line& line = lay.lines.front();
    const Run* r = run_at(line, at);
    REQUIRE(r != nullptr);
    CHECK_FALSE(r->rtl);
    CHECK(r->level % 2 == 0);
    CHECK(r->begin <= at);
    CHECK(r->end >= at + kCode.size());
    CHECK(r->script == script_tag("Latn"));
    CHECK(r->font->path().find("NotoSans-") != std::string::npos);
    std::uint32_t previous = 0;
    for (std::size_t k = r->glyph_begin; k < r->glyph_end; ++k) {
        CHECK(line.glyphs[k].cluster >= previous); // logical order = visual order: LTR
        previous = line.glyphs[k].cluster;
    }
    CHECK(r->glyph_end - r->glyph_begin == kCode.size()); // one glyph per letter, none lost
    return r;
}

} // namespace

TEST_CASE(
    "Urdu with digits and a reference code: runs in visual order, code and digits left to right") {
    Engine engine;
    engine.set_language("ur");
    REQUIRE(engine.rtl());
    const auto lay = engine.layout(kUrdu, TextRequest{});
    REQUIRE(lay->lines.size() == 1);
    const Line& line = lay->lines.front();
    CHECK(line.rtl);
    CHECK(lay->rtl);
    CHECK(lay->notdef_count == 0);
    const Run* code = check_code_run(*lay, kUrdu);
    const Run* first_word = run_at(line, 0);           // "یہ"
    const Run* digit = run_at(line, kUrdu.find('3'));  // "3"
    const Run* din = run_at(line, kUrdu.find("دن"));   // "دن …نمبر "
    const Run* last = run_at(line, kUrdu.find("ہے۔")); // "ہے۔"
    REQUIRE(first_word != nullptr);
    REQUIRE(digit != nullptr);
    REQUIRE(din != nullptr);
    REQUIRE(last != nullptr);
    CHECK(first_word->rtl);
    CHECK(first_word->font->path().find("NotoNastaliqUrdu") != std::string::npos);
    CHECK_FALSE(digit->rtl); // AN at level 2
    CHECK(digit->level == 2);
    CHECK(din->rtl);
    // Right to left: "یہ" rightmost, then 3, then "دن … نمبر", then the code, then "ہے۔" leftmost.
    CHECK(first_word->x > digit->x);
    CHECK(digit->x > din->x);
    CHECK(din->x > code->x);
    CHECK(code->x > last->x);
    CHECK(last->x == 0);
    CHECK(first_word->x + first_word->width == line.width);
    // Inside the RTL runs, glyph clusters fall from left to right.
    CHECK(line.glyphs[first_word->glyph_begin].cluster >=
          line.glyphs[first_word->glyph_end - 1].cluster);
}

TEST_CASE("Arabic with a reference code and digits: the same order in Naskh") {
    Engine engine;
    engine.set_language("ar");
    const auto lay = engine.layout(kArabic, TextRequest{});
    REQUIRE(lay->lines.size() == 1);
    const Line& line = lay->lines.front();
    CHECK(line.rtl);
    CHECK(lay->notdef_count == 0);
    const Run* code = check_code_run(*lay, kArabic);
    const Run* first = run_at(line, 0);
    const Run* digit = run_at(line, kArabic.rfind('3')); // not the 3 inside the code
    const Run* after_code = run_at(line, kArabic.find("منذ"));
    const Run* dot = run_at(line, kArabic.size() - 1);
    REQUIRE(first != nullptr);
    REQUIRE(digit != nullptr);
    REQUIRE(after_code != nullptr);
    REQUIRE(dot != nullptr);
    CHECK(first->font->path().find("NotoNaskhArabic-") != std::string::npos);
    CHECK_FALSE(digit->rtl);
    CHECK(first->x > code->x);
    CHECK(code->x > after_code->x);
    CHECK(after_code->x > digit->x); // "منذ" is right of "3" …
    CHECK(digit->x > dot->x - 1);    // … and the final full stop (level 1) is at the far left
    CHECK(dot->rtl);
    CHECK(dot->x == 0);
}

TEST_CASE("an English sentence with an Urdu word: LTR paragraph, the word right to left in place") {
    Engine engine;
    engine.set_language("en-GB");
    const std::string text = "The Urdu word مدد means help.";
    const auto lay = engine.layout(text, TextRequest{});
    const Line& line = lay->lines.front();
    CHECK_FALSE(line.rtl);
    CHECK(lay->notdef_count == 0);
    // Runs: "The Urdu word " (LTR), "مدد" (RTL), then the rest (LTR; the space after the word
    // belongs to its script run, so it may be a run of its own).
    REQUIRE(line.runs.size() >= 3);
    CHECK_FALSE(line.runs[0].rtl);
    CHECK(line.runs[1].rtl);
    for (std::size_t k = 2; k < line.runs.size(); ++k)
        CHECK_FALSE(line.runs[k].rtl);
    CHECK(line.runs[1].begin == text.find("مدد"));
    CHECK(line.runs[1].end == text.find(" means"));
    // The Urdu word uses an Arabic-script font (Naskh UI inside other languages), not Noto Sans.
    CHECK(line.runs[1].font->path().find("NotoNaskhArabicUI") != std::string::npos);
    CHECK(line.runs[0].x == 0);
    CHECK(line.runs[1].x == line.runs[0].width);
}

TEST_CASE("typed text takes its direction from its first strong character") {
    Engine engine;
    TextRequest typed;
    typed.first_strong = true;
    engine.set_language("en-GB");
    CHECK(engine.layout("سلام دنیا", typed)->rtl);
    CHECK_FALSE(engine.layout("Hello سلام", typed)->rtl);
    CHECK_FALSE(engine.layout("سلام دنیا", TextRequest{})->rtl); // a UI string: the language's
    engine.set_language("ur");
    CHECK_FALSE(engine.layout("Hello سلام", typed)->rtl);
    CHECK(engine.layout("123", typed)->rtl); // no strong character: the language's direction
    CHECK(engine.layout("Hello", TextRequest{})->rtl);
}

TEST_CASE("line breaking never splits the reference code and keeps every line within the width") {
    Engine engine;
    for (const auto& [lang, text] : std::vector<std::pair<std::string, std::string>>{
             {"ur", kUrdu},
             {"ar", kArabic},
             {"en-GB", "Your reference number is HRC-7K3M-Q9TX. Keep it safe."},
             {"gu", "તમારો સંદર્ભ નંબર HRC-7K3M-Q9TX છે. તેને સાચવી રાખો."}}) {
        engine.set_language(lang);
        const std::size_t at = text.find(kCode);
        std::size_t multi_line = 0;
        for (float wrap = 240.0f; wrap <= 900.0f; wrap += 7.0f) {
            TextRequest req;
            req.wrap_width = wrap;
            const auto lay = engine.layout(text, req);
            INFO(lang << " wrap " << wrap);
            bool whole = false;
            for (const Line& l : lay->lines) {
                if (l.begin <= at && at + kCode.size() <= l.end) whole = true;
                // The code is ~210 px at 24 px: it fits every width tried, so no line overflows.
                CHECK(l.width <= static_cast<std::int32_t>(wrap * 64.0f));
            }
            CHECK(whole);
            if (lay->lines.size() > 1) ++multi_line;
        }
        CHECK(multi_line > 10); // the widths really wrapped the text
    }
}

TEST_CASE("RTL lines are right-aligned inside the wrap width, LTR lines left-aligned") {
    Engine engine;
    engine.set_language("ur");
    TextRequest req;
    req.wrap_width = 300.0f;
    const auto lay = engine.layout(kUrdu + "\n" + kUrdu, req);
    REQUIRE(lay->lines.size() >= 4);
    const std::int32_t box = 300 * 64;
    CHECK(lay->box_width == box);
    int previous_bottom = 0;
    for (const Line& l : lay->lines) {
        CHECK(l.rtl);
        const std::int32_t right = l.x + l.width;
        CHECK(right <= box);
        CHECK(box - right < 64); // flush right (to the whole pixel)
        // Nastaliq lines: one line height each (2.5 em at 24 px), no overlap.
        CHECK(l.top == previous_bottom);
        CHECK(l.height >= 58);
        previous_bottom = l.top + l.height;
    }
    CHECK(lay->height == previous_bottom);

    engine.set_language("en-GB");
    const auto en = engine.layout("Your reference number is HRC-7K3M-Q9TX. Keep it safe.", req);
    REQUIRE(en->lines.size() >= 2);
    for (const Line& l : en->lines)
        CHECK(l.x == 0);

    // Centred: an option for headings.
    req.align = Align::center;
    const auto centred = engine.layout("What happened?", req);
    CHECK(std::abs(centred->lines[0].x - (box - centred->lines[0].width) / 2) < 64);
}

TEST_CASE("mixed lines use the tallest font's metrics, and each script has its font") {
    Engine engine;
    engine.set_language("gu");
    const auto lay = engine.layout("તમારું નામ John Smith", TextRequest{});
    const Line& line = lay->lines.front();
    REQUIRE(line.runs.size() == 2);
    CHECK(line.runs[0].font->path().find("Gujarati") != std::string::npos);
    CHECK(line.runs[1].font->path().find("NotoSans-") != std::string::npos);
    CHECK(line.height == engine.line_metrics(false, 24.0f).height());

    engine.set_language("en-GB");
    const auto with_urdu = engine.layout("Name: نام", TextRequest{});
    CHECK(with_urdu->lines.front().height >= engine.line_metrics(false, 24.0f).height());
}
