// export.h — `hrc-central export --for RECIPIENT`: open the stored reports and write, for one
// recipient, exactly what the person consented to (hrc/recipients.h, docs/recipients.md), sealed
// to that recipient's key (hrc/sealed_export.h) unless the operator asks for plaintext.
//
// This is the only place where report content is decrypted at central, and only into memory and
// the chosen destination (standard output, or a new 0600 file). Every export is recorded after its
// file is complete (which report ids went to which recipient, the file's digest, who ran it) and
// written to the audit log.
//
// Errors: throws hrc::Error for the destination (Code::already_exists, Code::io, Code::disk_full),
// the keys (Code::crypto) and the database. A report that does not open or decode is not written;
// it is named on stderr (id and reason, never content) and counted in ExportResult::failed.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "hrc/recipients.h"
#include "hrc/sealed_export.h"

#include "central_store.h"

namespace hrc::central {

enum class ExportFormat { json, csv };

struct ExportOptions {
    Recipient recipient = Recipient::police;
    ExportFormat format = ExportFormat::json;
    ReportSelection selection;
    std::string selection_text; // recorded with the export: "since-last", "received …"
    std::optional<std::filesystem::path> output; // none = standard output
    std::optional<RecipientPublicKey> seal_to;   // none = plaintext (the operator said --plaintext)
    std::string operator_name;
    std::int64_t now = 0;
    bool progress = false; // a progress line on stderr (a terminal)
};

struct ExportResult {
    std::string export_id;
    std::string file_digest;        // hex BLAKE2b-256 of the bytes written
    std::int64_t exported = 0;      // reports written
    std::int64_t not_consented = 0; // read, but their consent keeps them from this recipient
    std::int64_t failed = 0;        // did not open or decode (named on stderr)
};

ExportResult export_reports(CentralStore& store, const CentralSecrets& central,
                            const ExportOptions& options);

// Opens and decodes one stored report (also for `stats`). Returns why it cannot be read (a crypto
// failure, a report that does not decode or names another id), or "" with `out` set; the
// plaintext is wiped before returning. Throws hrc::Error for anything but a crypto failure.
std::string open_report(const StoredReport& stored, const CentralSecrets& central,
                        std::optional<Report>& out);

// "1764347000", "2025-11-28T16:23:20Z" or "2025-11-28" (midnight UTC). Never throws.
std::optional<std::int64_t> parse_since(const std::string& text);

} // namespace hrc::central
