// po_reader.cpp — see po_reader.h.

#include "po_reader.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>

namespace hrc_test {

namespace {

// Parses one C-style quoted string starting at s[i] == '"'. Returns false on a syntax error.
bool parse_quoted(const std::string& s, std::size_t i, std::string& out) {
    if (i >= s.size() || s[i] != '"') return false;
    for (++i; i < s.size(); ++i) {
        const char c = s[i];
        if (c == '"') {
            // Only blanks may follow the closing quote.
            return s.find_first_not_of(" \t\r", i + 1) == std::string::npos;
        }
        if (c != '\\') {
            out += c;
            continue;
        }
        if (++i >= s.size()) return false;
        const char e = s[i];
        switch (e) {
        case 'n':
            out += '\n';
            break;
        case 't':
            out += '\t';
            break;
        case 'r':
            out += '\r';
            break;
        case 'a':
            out += '\a';
            break;
        case 'b':
            out += '\b';
            break;
        case 'f':
            out += '\f';
            break;
        case 'v':
            out += '\v';
            break;
        case '\\':
            out += '\\';
            break;
        case '"':
            out += '"';
            break;
        case '\'':
            out += '\'';
            break;
        case '?':
            out += '?';
            break;
        case 'x': {
            int v = 0, digits = 0;
            while (i + 1 < s.size() && std::isxdigit(static_cast<unsigned char>(s[i + 1])) &&
                   digits < 2) {
                const char h = s[++i];
                v = v * 16 + (std::isdigit(static_cast<unsigned char>(h))
                                  ? h - '0'
                                  : (std::tolower(h) - 'a' + 10));
                ++digits;
            }
            if (digits == 0) return false;
            out += static_cast<char>(v);
            break;
        }
        default:
            if (e >= '0' && e <= '7') {
                int v = e - '0', digits = 1;
                while (i + 1 < s.size() && s[i + 1] >= '0' && s[i + 1] <= '7' && digits < 3)
                    v = v * 8 + (s[++i] - '0'), ++digits;
                out += static_cast<char>(v);
            } else {
                return false;
            }
        }
    }
    return false; // no closing quote
}

std::string trim(const std::string& s) {
    const auto b = s.find_first_not_of(" \t\r");
    if (b == std::string::npos) return "";
    return s.substr(b, s.find_last_not_of(" \t\r") - b + 1);
}

} // namespace

std::optional<PoCatalog> read_po(const std::string& path, std::string& error) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        error = path + ": cannot open";
        return std::nullopt;
    }
    PoCatalog cat;
    cat.path = path;
    PoEntry cur;
    bool have = false;             // cur has a msgid
    std::string* target = nullptr; // where continuation lines go
    bool next_fuzzy = false;
    std::string header;
    bool header_seen = false;
    const auto flush = [&]() {
        if (have) {
            if (cur.id.empty() && cur.context.empty()) {
                if (!cur.strs.empty()) header = cur.strs[0];
                header_seen = true;
            } else {
                cat.entries.push_back(cur);
            }
        }
        cur = PoEntry{};
        have = false;
        target = nullptr;
    };
    std::string raw;
    int line_no = 0;
    while (std::getline(in, raw)) {
        ++line_no;
        const std::string line = trim(raw);
        const auto fail = [&](const std::string& why) {
            error = path + ":" + std::to_string(line_no) + ": " + why;
        };
        if (line.empty()) {
            continue;
        }
        if (line[0] == '#') {
            if (line.rfind("#,", 0) == 0 && line.find("fuzzy") != std::string::npos)
                next_fuzzy = true;
            // "#~" obsolete entries and every other comment are skipped.
            continue;
        }
        if (line[0] == '"') {
            if (target == nullptr) {
                fail("string continuation without a keyword");
                return std::nullopt;
            }
            if (!parse_quoted(line, 0, *target)) {
                fail("bad string");
                return std::nullopt;
            }
            continue;
        }
        const auto space = line.find_first_of(" \t");
        if (space == std::string::npos) {
            fail("keyword without a string");
            return std::nullopt;
        }
        const std::string keyword = line.substr(0, space);
        const std::size_t quote = line.find('"', space);
        std::string value;
        if (quote == std::string::npos || !parse_quoted(line, quote, value)) {
            fail("bad string after " + keyword);
            return std::nullopt;
        }
        if (keyword == "msgctxt") {
            flush();
            cur.line = line_no;
            cur.context = value;
            target = &cur.context;
            cur.fuzzy = next_fuzzy;
            next_fuzzy = false;
        } else if (keyword == "msgid") {
            if (have || (target != nullptr && target != &cur.context)) flush();
            if (cur.line == 0) cur.line = line_no;
            cur.id = value;
            have = true;
            target = &cur.id;
            if (next_fuzzy) cur.fuzzy = true;
            next_fuzzy = false;
        } else if (keyword == "msgid_plural") {
            if (!have) {
                fail("msgid_plural before msgid");
                return std::nullopt;
            }
            cur.id_plural = value;
            target = &cur.id_plural;
        } else if (keyword == "msgstr" || keyword.rfind("msgstr[", 0) == 0) {
            if (!have) {
                fail("msgstr before msgid");
                return std::nullopt;
            }
            std::size_t index = 0;
            if (keyword != "msgstr") {
                const auto close = keyword.find(']');
                if (close == std::string::npos || close <= 7) {
                    fail("bad plural index");
                    return std::nullopt;
                }
                index = static_cast<std::size_t>(std::stoul(keyword.substr(7, close - 7)));
            }
            if (cur.strs.size() <= index) cur.strs.resize(index + 1);
            cur.strs[index] = value;
            target = &cur.strs[index];
        } else {
            fail("unknown keyword " + keyword);
            return std::nullopt;
        }
    }
    flush();
    (void)header_seen;
    // Language: the header's field, else the file name ("gu.po" → gu, "ur/LC_MESSAGES/x.po" → ur).
    const std::string key = "Language:";
    if (auto at = header.find(key); at != std::string::npos) {
        const auto end = header.find('\n', at);
        cat.language = trim(header.substr(
            at + key.size(), end == std::string::npos ? std::string::npos : end - at - key.size()));
    }
    if (cat.language.empty()) {
        std::filesystem::path p(path);
        if (p.parent_path().filename() == "LC_MESSAGES")
            cat.language = p.parent_path().parent_path().filename().string();
        else
            cat.language = p.stem().string();
    }
    std::replace(cat.language.begin(), cat.language.end(), '_', '-');
    return cat;
}

std::vector<std::string> find_po_files(const std::string& dir) {
    std::vector<std::string> out;
    std::error_code ec;
    if (!std::filesystem::is_directory(dir, ec)) return out;
    for (auto it = std::filesystem::recursive_directory_iterator(dir, ec);
         !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
        const auto ext = it->path().extension();
        if (it->is_regular_file(ec) && (ext == ".po" || ext == ".pot"))
            out.push_back(it->path().string());
    }
    std::sort(out.begin(), out.end());
    return out;
}

} // namespace hrc_test
