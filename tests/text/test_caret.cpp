// test_caret.cpp — grapheme clusters, caret positions and hit testing (for the text fields).

#include <catch2/catch.hpp>

#include "hrc_text/engine.h"

using namespace hrc::text;

TEST_CASE(
    "grapheme clusters: an Indic conjunct is one cluster (GB9c), Tamil pulli is not a linker") {
    // क ् ष ि: consonant + virama + consonant + vowel sign = one cluster (12 bytes).
    CHECK(grapheme_boundaries("क्षि") == std::vector<std::uint32_t>{0, 12});
    // कि ता ब
    CHECK(grapheme_boundaries("किताब") == std::vector<std::uint32_t>{0, 6, 12, 15});
    // Gujarati ક્ષ: one; Bengali ক্ষ: one.
    CHECK(grapheme_boundaries("ક્ષ") == std::vector<std::uint32_t>{0, 9});
    CHECK(grapheme_boundaries("ক্ষ") == std::vector<std::uint32_t>{0, 9});
    // Tamil க்ஷ: க் + ஷ (Tamil's virama is not an InCB linker).
    CHECK(grapheme_boundaries("க்ஷ") == std::vector<std::uint32_t>{0, 6, 9});
    // Latin with a combining accent, and an emoji with a skin tone: one cluster each.
    CHECK(grapheme_boundaries("e\xCC\x81x") == std::vector<std::uint32_t>{0, 3, 4});
    CHECK(grapheme_boundaries("") == std::vector<std::uint32_t>{0});
}

TEST_CASE("caret in Devanagari moves over क्षि as one cluster") {
    Engine engine;
    engine.set_language("hi");
    const std::string text = "क्षि";
    const auto lay = engine.layout(text, TextRequest{});
    CHECK(lay->graphemes == std::vector<std::uint32_t>{0, 12});
    CHECK(lay->caret(0).x == 0);
    CHECK(lay->caret(12).x == lay->width);
    for (std::size_t inside = 1; inside < 12; ++inside)
        CHECK(lay->caret(inside).x == 0); // rounds down
    // Hit testing only ever returns the two edges.
    for (std::int32_t x = -64; x <= lay->width + 64; x += 32) {
        const std::size_t o = lay->hit_test(x, 5);
        CHECK((o == 0 || o == 12));
        CHECK(o == (x < lay->width / 2 ? 0u : 12u));
    }
}

TEST_CASE(
    "caret in Urdu: offset 0 at the right edge, the end at the left, the code left to right") {
    Engine engine;
    engine.set_language("ur");
    const std::string word = "سلام";
    const auto lay = engine.layout(word, TextRequest{});
    CHECK(lay->caret(0).x == lay->width);
    CHECK(lay->caret(word.size()).x == 0);
    // Moving forward through the word moves the caret left.
    std::int32_t previous = lay->caret(0).x;
    for (std::size_t k = 1; k < lay->graphemes.size(); ++k) {
        const std::int32_t x = lay->caret(lay->graphemes[k]).x;
        CHECK(x < previous);
        previous = x;
    }
    // With a wrap width the caret at 0 is on the box's right edge; an empty field too.
    TextRequest wrapped;
    wrapped.wrap_width = 400.0f;
    wrapped.first_strong = true;
    CHECK(engine.layout(word, wrapped)->caret(0).x == 400 * 64);
    CHECK(engine.layout("", wrapped)->caret(0).x == 400 * 64);

    const std::string mixed = "نمبر HRC-7K3M-Q9TX ہے";
    const auto m = engine.layout(mixed, TextRequest{});
    const std::size_t at = mixed.find("HRC");
    std::int32_t left = -1;
    for (std::size_t k = at + 1; k <= at + 13; ++k) { // inside the code: rising
        const std::int32_t x = m->caret(k).x;
        CHECK(x > left);
        left = x;
    }
    CHECK(m->caret(0).x == m->width);
}

TEST_CASE("hit testing returns the grapheme boundary whose caret is nearest, in LTR, RTL and mixed "
          "text") {
    Engine engine;
    for (const auto& [lang, text] :
         std::vector<std::pair<std::string, std::string>>{{"en-GB", "Hello world"},
                                                          {"hi", "यह कब हुआ?"},
                                                          {"ur", "یہ کب ہوا؟"},
                                                          {"ar", "متى حدث ذلك؟"},
                                                          {"ur", "نمبر HRC-7K3M ہے"},
                                                          {"gu", "શું થયું? OK"}}) {
        engine.set_language(lang);
        const auto lay = engine.layout(text, TextRequest{});
        for (std::uint32_t g : lay->graphemes) {
            const auto c = lay->caret(g);
            const std::size_t hit = lay->hit_test(c.x, lay->lines[c.line].top + 2);
            // Two boundaries can share an x (at a direction change); then either is right.
            INFO(lang << " boundary " << g);
            CHECK(lay->caret(hit).x == c.x);
        }
    }
}

TEST_CASE("caret on wrapped and multi-line text: lines and positions") {
    Engine engine;
    engine.set_language("en-GB");
    TextRequest req;
    req.wrap_width = 150.0f;
    const std::string text = "one two three four five six\nseven";
    const auto lay = engine.layout(text, req);
    REQUIRE(lay->lines.size() >= 3);
    CHECK(lay->caret(0).line == 0);
    CHECK(lay->caret(0).x == 0);
    const std::size_t seven = text.find("seven");
    CHECK(lay->caret(seven).line == lay->lines.size() - 1);
    CHECK(lay->caret(seven).x == 0);
    CHECK(lay->caret(text.size()).x == lay->lines.back().width);
    // A point below the last line lands on it.
    CHECK(lay->hit_test(0, lay->height + 100) == seven);
}
