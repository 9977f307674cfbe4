// po_reader.h — a small reader for gettext .po catalogs (tests only): msgctxt, msgid,
// msgid_plural, msgstr, msgstr[n], multi-line strings and C escapes. Obsolete (#~) entries and
// comments are skipped.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace hrc_test {

struct PoEntry {
    std::string context;
    std::string id;
    std::string id_plural;
    std::vector<std::string> strs; // msgstr, or msgstr[0], msgstr[1], …
    bool fuzzy = false;
    int line = 0; // where the entry starts (for messages)
};

struct PoCatalog {
    std::string path;
    std::string language;         // the header's "Language:", else the file name's stem
    std::vector<PoEntry> entries; // without the header entry
};

// Reads a catalog. Returns nullopt and sets `error` ("file:line: why") when the file cannot be
// read or is malformed.
std::optional<PoCatalog> read_po(const std::string& path, std::string& error);

// Every *.po and *.pot under `dir` (recursively), sorted. Empty if `dir` does not exist.
std::vector<std::string> find_po_files(const std::string& dir);

} // namespace hrc_test
