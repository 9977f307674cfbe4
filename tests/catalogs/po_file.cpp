// po_file.cpp — see po_file.h.

#include "po_file.h"

#include <fstream>
#include <sstream>
#include <stdexcept>

namespace hrc_test {

std::string PoKey::describe() const {
    std::string out = "\"" + id + "\"";
    if (!id_plural.empty()) out += " / \"" + id_plural + "\"";
    if (has_context) out += " (context \"" + context + "\")";
    return out;
}

bool PoEntry::fuzzy() const {
    for (const std::string& f : flags)
        if (f == "fuzzy") return true;
    return false;
}

std::string PoFile::where(const PoEntry& entry) const {
    return path.string() + ":" + std::to_string(entry.line);
}

namespace {

bool starts_with(std::string_view s, std::string_view prefix) {
    return s.substr(0, prefix.size()) == prefix;
}

std::string trim(std::string_view s) {
    const auto first = s.find_first_not_of(" \t");
    if (first == std::string_view::npos) return {};
    const auto last = s.find_last_not_of(" \t");
    return std::string(s.substr(first, last - first + 1));
}

class Parser {
public:
    explicit Parser(std::filesystem::path name) { file_.path = std::move(name); }

    PoFile parse(const std::string& text) {
        std::istringstream in(text);
        std::string line;
        while (std::getline(in, line)) {
            ++line_no_;
            if (!line.empty() && line.back() == '\r') line.pop_back();
            parse_line(line);
        }
        finish();
        return std::move(file_);
    }

private:
    enum class Field { none, context, id, id_plural, str };

    [[noreturn]] void fail(const std::string& what) const {
        throw std::runtime_error(file_.path.string() + ":" + std::to_string(line_no_) + ": " +
                                 what);
    }

    void parse_line(const std::string& raw) {
        std::string_view line = raw;
        bool obsolete = false;
        if (starts_with(line, "#~")) {
            // An obsolete entry: the same syntax behind "#~ ". "#~|" is its previous msgid: skip.
            line.remove_prefix(2);
            if (starts_with(line, "|")) return;
            if (starts_with(line, " ")) line.remove_prefix(1);
            obsolete = true;
        }
        const std::string t = trim(line);
        if (t.empty()) {
            if (!obsolete) finish();
            return;
        }
        if (!obsolete && t[0] == '#') return comment(t);
        if (t[0] == '"') return continuation(t);
        if (starts_with(t, "msgctxt ")) return keyword(Field::context, t.substr(8), obsolete);
        if (starts_with(t, "msgid_plural "))
            return keyword(Field::id_plural, t.substr(13), obsolete);
        if (starts_with(t, "msgid ")) return keyword(Field::id, t.substr(6), obsolete);
        if (starts_with(t, "msgstr ")) return keyword(Field::str, t.substr(7), obsolete);
        if (starts_with(t, "msgstr[")) {
            const auto close = t.find(']');
            if (close == std::string::npos) fail("msgstr[ without ]");
            const std::string index = t.substr(7, close - 7);
            if (index != std::to_string(cur_.strings.size()))
                fail("msgstr[" + index + "] out of order (expected msgstr[" +
                     std::to_string(cur_.strings.size()) + "])");
            return keyword(Field::str, trim(std::string_view(t).substr(close + 1)), obsolete);
        }
        fail("cannot read this line: " + t);
    }

    void comment(const std::string& t) {
        if (started_) finish();
        if (starts_with(t, "#,")) {
            std::istringstream flags(t.substr(2));
            for (std::string f; std::getline(flags, f, ',');)
                if (const std::string clean = trim(f); !clean.empty()) cur_.flags.push_back(clean);
        } else if (starts_with(t, "#:") || starts_with(t, "#.") || starts_with(t, "#|")) {
            // places, extracted comments, previous msgid: not needed by the tests
        } else if (t == "#" || starts_with(t, "# ")) {
            cur_.comments.push_back(t.size() > 2 ? t.substr(2) : std::string());
        } else {
            fail("unknown kind of comment: " + t);
        }
    }

    void keyword(Field field, std::string_view rest, bool obsolete) {
        switch (field) {
        case Field::context:
            if (started_) finish();
            cur_.key.has_context = true;
            break;
        case Field::id:
            if (has_id_) finish();
            has_id_ = true;
            cur_.line = line_no_;
            break;
        case Field::id_plural:
            if (field_ != Field::id) fail("msgid_plural must follow msgid");
            cur_.has_plural = true;
            break;
        case Field::str:
            if (!has_id_) fail("msgstr without msgid");
            if (field_ == Field::str && !cur_.has_plural) fail("a second msgstr for one msgid");
            cur_.strings.emplace_back();
            break;
        case Field::none:
            break;
        }
        if (started_ && obsolete != cur_.obsolete)
            fail("an entry is partly obsolete (#~) and partly not");
        started_ = true;
        cur_.obsolete = obsolete;
        field_ = field;
        target() += unquote(rest);
    }

    void continuation(const std::string& t) {
        if (field_ == Field::none) fail("a string without msgid / msgstr before it");
        target() += unquote(t);
    }

    std::string& target() {
        switch (field_) {
        case Field::context:
            return cur_.key.context;
        case Field::id:
            return cur_.key.id;
        case Field::id_plural:
            return cur_.key.id_plural;
        case Field::str:
            return cur_.strings.back();
        case Field::none:
            break;
        }
        fail("internal: no field");
    }

    // "text with \"escapes\"" -> text with "escapes".
    std::string unquote(std::string_view s) {
        const std::string t = trim(s);
        if (t.size() < 2 || t.front() != '"' || t.back() != '"')
            fail("expected a \"quoted string\": " + t);
        std::string out;
        for (std::size_t i = 1; i + 1 < t.size(); ++i) {
            const char c = t[i];
            if (c == '"') fail("an unescaped \" inside a string: " + t);
            if (c != '\\') {
                out += c;
                continue;
            }
            if (i + 2 >= t.size()) fail("a string ends with a lone backslash: " + t);
            switch (t[++i]) {
            case 'n':
                out += '\n';
                break;
            case 't':
                out += '\t';
                break;
            case 'r':
                out += '\r';
                break;
            case '"':
                out += '"';
                break;
            case '\\':
                out += '\\';
                break;
            default:
                fail(std::string("an escape this reader does not know: \\") + t[i]);
            }
        }
        return out;
    }

    void finish() {
        if (!started_) {
            // Comments with no entry after them (the end of the file): nothing to keep.
            cur_ = PoEntry{};
            return;
        }
        if (!has_id_) fail("an entry without msgid");
        if (cur_.strings.empty()) fail("the entry \"" + cur_.key.id + "\" has no msgstr");
        const bool is_header = !cur_.key.has_context && cur_.key.id.empty() && !cur_.obsolete;
        if (is_header) {
            if (file_.has_header) fail("a second header entry (msgid \"\")");
            file_.has_header = true;
            file_.top_comments = cur_.comments;
            std::istringstream lines(cur_.strings[0]);
            for (std::string l; std::getline(lines, l);) {
                const auto colon = l.find(':');
                if (colon == std::string::npos) continue;
                file_.header[trim(std::string_view(l).substr(0, colon))] =
                    trim(std::string_view(l).substr(colon + 1));
            }
            file_.header_entry = std::move(cur_);
        } else {
            file_.entries.push_back(std::move(cur_));
        }
        cur_ = PoEntry{};
        started_ = has_id_ = false;
        field_ = Field::none;
    }

    PoFile file_;
    PoEntry cur_;
    bool started_ = false; // a keyword of cur_ has been read (comments alone do not start it)
    bool has_id_ = false;
    Field field_ = Field::none;
    int line_no_ = 0;
};

} // namespace

PoFile parse_po(const std::string& text, const std::filesystem::path& name) {
    return Parser(name).parse(text);
}

PoFile read_po(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error(path.string() + ": cannot open");
    std::ostringstream text;
    text << in.rdbuf();
    return parse_po(text.str(), path);
}

} // namespace hrc_test
