// po_file.h — a small reader for gettext .po / .pot files, for the catalog tests.
//
// Reads what xgettext, msgmerge and msgen write: comments (# translator, #. extracted, #: places,
// #, flags, #| previous), msgctxt, msgid, msgid_plural, msgstr and msgstr[n], strings continued
// over several "…" lines, the escapes \" \\ \n \t \r, the header entry (msgid "") and obsolete
// entries (#~ …). Not a general parser: anything else is reported as an error with file and line,
// so a catalog the reader does not understand fails the tests instead of being half read.
#pragma once

#include <compare>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace hrc_test {

// What identifies a message in a catalog: gettext treats "no msgctxt" and msgctxt "" as different.
struct PoKey {
    bool has_context = false;
    std::string context;
    std::string id;
    std::string id_plural; // empty for a message without plural forms

    auto operator<=>(const PoKey&) const = default;
    // For failure messages: "space" (context "keyboard key"), "{n} minute ago" / "{n} minutes ago".
    std::string describe() const;
};

struct PoEntry {
    PoKey key;
    bool has_plural = false;
    std::vector<std::string> strings;  // msgstr as strings[0], or msgstr[0..n-1]
    std::vector<std::string> comments; // "# " translator comments, without the "# "
    std::vector<std::string> flags;    // from "#, fuzzy, c-format": {"fuzzy", "c-format"}
    bool obsolete = false;             // a "#~" entry msgmerge kept from an older pot
    int line = 0;                      // where its msgid is, for messages

    bool fuzzy() const;
};

struct PoFile {
    std::filesystem::path path;
    std::vector<std::string> top_comments;     // comment lines before the header, without "# "
    PoEntry header_entry;                      // msgid "" (no context)
    std::map<std::string, std::string> header; // "Language" -> "pl", from the header's msgstr
    bool has_header = false;
    std::vector<PoEntry> entries; // every message except the header, in file order

    // "locales/pl.po:123", for failure messages.
    std::string where(const PoEntry& entry) const;
};

// Reads `path`. Throws std::runtime_error ("<path>:<line>: <what is wrong>") if the file cannot be
// read or is not a .po file this reader understands.
PoFile read_po(const std::filesystem::path& path);
// The same from text already in memory; `name` is used in error messages.
PoFile parse_po(const std::string& text, const std::filesystem::path& name);

} // namespace hrc_test
