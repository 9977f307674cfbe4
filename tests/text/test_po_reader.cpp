// test_po_reader.cpp — the tests' .po reader on a catalog with every construct it must handle.

#include <fstream>

#include <catch2/catch.hpp>

#include "po_reader.h"
#include "text_test_support.h"

TEST_CASE("the .po reader handles headers, contexts, plurals, multi-line strings and escapes") {
    const std::string path = hrc_test::out_dir() + "/sample.po";
    {
        std::ofstream out(path);
        out << "# A translator comment\n"
               "msgid \"\"\n"
               "msgstr \"\"\n"
               "\"Language: ur\\n\"\n"
               "\"Content-Type: text/plain; charset=UTF-8\\n\"\n"
               "\n"
               "#: view.cpp:12\n"
               "msgctxt \"button\"\n"
               "msgid \"Next\"\n"
               "msgstr \"اگلا\"\n"
               "\n"
               "#, fuzzy\n"
               "msgid \"\"\n"
               "\"Two \\\"lines\\\"\\n\"\n"
               "\"and\\ttab\"\n"
               "msgstr \"دو\\nلائنیں\"\n"
               "\n"
               "msgid \"{n} day\"\n"
               "msgid_plural \"{n} days\"\n"
               "msgstr[0] \"{n} دن\"\n"
               "msgstr[1] \"{n} دنوں\"\n"
               "\n"
               "#~ msgid \"Old\"\n"
               "#~ msgstr \"پرانا\"\n";
    }
    std::string error;
    const auto cat = hrc_test::read_po(path, error);
    REQUIRE(cat.has_value());
    CHECK(cat->language == "ur");
    REQUIRE(cat->entries.size() == 3);
    CHECK(cat->entries[0].context == "button");
    CHECK(cat->entries[0].id == "Next");
    CHECK(cat->entries[0].strs == std::vector<std::string>{"اگلا"});
    CHECK(cat->entries[1].id == "Two \"lines\"\nand\ttab");
    CHECK(cat->entries[1].fuzzy);
    CHECK(cat->entries[1].strs[0] == "دو\nلائنیں");
    CHECK(cat->entries[2].id_plural == "{n} days");
    CHECK(cat->entries[2].strs.size() == 2);
    CHECK(cat->entries[2].strs[1] == "{n} دنوں");

    {
        std::ofstream bad(path);
        bad << "msgid \"unterminated\n";
    }
    CHECK_FALSE(hrc_test::read_po(path, error).has_value());
    CHECK(error.find(":1:") != std::string::npos);
}
