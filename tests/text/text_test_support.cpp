// text_test_support.cpp — see text_test_support.h.

#include "text_test_support.h"

#include <filesystem>
#include <set>

#include "po_reader.h"
#include "samples.h"

namespace hrc_test {

std::vector<TextCase> text_cases(std::vector<std::string>& catalogs,
                                 std::vector<std::string>& problems) {
    std::vector<TextCase> out;
    std::set<std::pair<std::string, std::string>> seen; // (language, text): each string once
    const auto add = [&](const std::string& language, const std::string& text,
                         const std::string& origin) {
        if (seen.emplace(language, text).second) out.push_back({language, text, origin});
    };
    for (const LanguageSamples& s : language_samples())
        for (const std::string& t : s.sentences)
            add(s.language, t, "sample");
    for (const std::string& path : find_po_files(std::string(HRC_SOURCE_DIR) + "/locales")) {
        std::string error;
        const auto cat = read_po(path, error);
        if (!cat) {
            problems.push_back(error);
            continue;
        }
        catalogs.push_back(path);
        const bool pot = std::filesystem::path(path).extension() == ".pot";
        for (const PoEntry& e : cat->entries) {
            const std::string where =
                path.substr(std::string(HRC_SOURCE_DIR).size() + 1) + ":" + std::to_string(e.line);
            add("en-GB", e.id, where + " msgid");
            if (!e.id_plural.empty()) add("en-GB", e.id_plural, where + " msgid_plural");
            if (pot) continue;
            for (const std::string& s : e.strs)
                if (!s.empty()) add(cat->language, s, where + " msgstr");
        }
    }
    return out;
}

std::string out_dir() {
    const std::string dir = std::string(HRC_TEXT_TEST_OUT);
    std::filesystem::create_directories(dir);
    return dir;
}

std::string script_arg(hrc::text::ScriptTag tag) {
    std::string s = hrc::text::script_name(tag);
    // HarfBuzz's tags are 'Arab'-style already; Common is 'Zyyy'.
    return s;
}

std::vector<std::string> kiosk_languages() {
    std::vector<std::string> out;
    for (const LanguageSamples& s : language_samples())
        out.push_back(s.language);
    return out;
}

} // namespace hrc_test
