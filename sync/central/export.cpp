// export.cpp — see export.h.
//
// [SECTION] Output: a buffered sink (stdout or a new 0600 file), wiped after use
// [SECTION] Rows: JSON objects and RFC 4180 CSV
// [SECTION] export_reports

#include "export.h"

#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sodium.h>

#include "files.h"
#include "hrc/error.h"
#include "hrc/report.h"
#include "hrc/store.h"
#include "hrc/submit.h"

namespace hrc::central {

namespace {

// Zeroes a string's whole buffer (including spare capacity left by longer text) and empties it.
void wipe_string(std::string& s) {
    s.resize(s.capacity());
    sodium_memzero(s.data(), s.size());
    s.clear();
}

//-------------------------------------------------------------------------------------------------
// [SECTION] Output
//-------------------------------------------------------------------------------------------------

class Sink {
public:
    explicit Sink(const std::optional<std::filesystem::path>& path) {
        if (path) file_.emplace(*path, 0600);
        buffer_.reserve(kFlushAt * 2);
    }
    ~Sink() { wipe_string(buffer_); }
    Sink(const Sink&) = delete;
    Sink& operator=(const Sink&) = delete;

    void write(std::string_view text) {
        buffer_.append(text);
        if (buffer_.size() >= kFlushAt) flush();
    }
    // Everything written, and (for a file) on disk under its final name.
    void finish() {
        flush();
        if (file_) {
            file_->commit();
        } else if (std::fflush(stdout) != 0 || std::ferror(stdout)) {
            throw Error(Code::io, "cannot write the export to standard output");
        }
    }

private:
    static constexpr std::size_t kFlushAt = 64 * 1024;
    void flush() {
        if (buffer_.empty()) return;
        if (file_) {
            file_->write(buffer_.data(), buffer_.size());
        } else if (std::fwrite(buffer_.data(), 1, buffer_.size(), stdout) != buffer_.size()) {
            throw Error(Code::io, "cannot write the export to standard output");
        }
        sodium_memzero(buffer_.data(), buffer_.size());
        buffer_.clear();
    }
    std::optional<NewFile> file_;
    std::string buffer_;
};

//-------------------------------------------------------------------------------------------------
// [SECTION] Rows
//-------------------------------------------------------------------------------------------------

template <typename E> std::string opt(const std::optional<E>& v) { return v ? std::string(to_string(*v)) : std::string(); }
std::string opt(const std::optional<std::string>& v) { return v.value_or(""); }

template <typename E> std::string joined(const std::vector<E>& values) {
    std::string out;
    for (const auto& v : values) {
        if (!out.empty()) out += ';';
        out += to_string(v);
    }
    return out;
}

std::string consent(const std::optional<Consent>& c) { return c ? std::string(to_string(c->decision)) : std::string(); }

// RFC 4180: a field with a comma, quote, CR or LF is quoted, quotes doubled.
void append_csv_field(std::string& line, const std::string& field) {
    if (field.find_first_of(",\"\r\n") == std::string::npos) {
        line += field;
        return;
    }
    line += '"';
    for (char c : field) {
        if (c == '"') line += '"';
        line += c;
    }
    line += '"';
}

std::string csv_line(std::vector<std::string>& fields) {
    std::string line;
    for (std::size_t i = 0; i < fields.size(); ++i) {
        if (i) line += ',';
        append_csv_field(line, fields[i]);
        wipe_string(fields[i]);
    }
    line += "\r\n";
    return line;
}

std::vector<std::string> csv_fields(const Report& r, std::int64_t received_at) {
    return {r.report_id,
            r.reference,
            format_utc(received_at),
            r.created_at,
            r.centre_id,
            r.kiosk_id,
            r.language,
            std::string(to_string(r.mode)),
            opt(r.role),
            joined(r.strands),
            opt(r.classification),
            joined(r.what_happened),
            opt(r.description),
            opt(r.where.district),
            opt(r.where.place_type),
            opt(r.where.postcode),
            consent(r.consents.share_with_police),
            consent(r.consents.police_may_contact),
            consent(r.consents.support_referral),
            consent(r.consents.anonymous_statistics)};
}

// Opens and decodes one stored report. Returns the reason it cannot be exported, or "" with
// `out` set. The plaintext is wiped before returning.
std::string open_report(const StoredReport& stored, const CentralSecrets& central, std::optional<Report>& out) {
    OpenedReport opened;
    try {
        opened = open_sealed(stored.sealed, stored.kiosk_key, central);
    } catch (const Error& e) {
        if (e.code() != Code::crypto) throw;
        return e.what();
    }
    DecodeResult decoded = decode_report_text(opened.plaintext);
    wipe_string(opened.plaintext);
    if (!decoded.report) {
        std::string why = "the report inside does not decode";
        if (!decoded.problems.empty())
            why += " (" + (decoded.problems.front().path.empty() ? std::string("/") : decoded.problems.front().path) + ")";
        return why;
    }
    if (decoded.report->report_id != stored.report_id) {
        wipe(*decoded.report);
        return "the report inside names another report id";
    }
    out = std::move(decoded.report);
    return "";
}

} // namespace

const std::vector<std::string>& csv_columns() {
    static const std::vector<std::string> columns = {
        "report_id", "reference", "received_at", "created_at", "centre_id", "kiosk_id", "language", "mode", "role",
        "strands", "classification", "what_happened", "description", "district", "place_type", "postcode",
        "share_with_police", "police_may_contact", "support_referral", "anonymous_statistics"};
    return columns;
}

std::optional<std::int64_t> parse_since(const std::string& text) {
    if (text.empty()) return std::nullopt;
    if (text.find_first_not_of("0123456789") == std::string::npos) {
        if (text.size() > 12) return std::nullopt;
        return std::stoll(text);
    }
    if (text.size() == 10) return parse_utc(text + "T00:00:00Z");
    return parse_utc(text);
}

//-------------------------------------------------------------------------------------------------
// [SECTION] export_reports
//-------------------------------------------------------------------------------------------------

ExportResult export_reports(const CentralStore& store, const CentralSecrets& central, const ExportOptions& options) {
    const std::int64_t total = options.progress ? store.count_reports(options.since) : 0;
    Sink sink(options.output);
    ExportResult result;
    if (options.format == ExportFormat::csv) {
        std::vector<std::string> header = csv_columns();
        sink.write(csv_line(header));
    } else {
        sink.write("[");
    }
    store.for_each_report(options.since, [&](const StoredReport& stored) {
        std::optional<Report> report;
        if (const std::string why = open_report(stored, central, report); !why.empty()) {
            std::cerr << "hrc-central: report " << stored.report_id << " (kiosk " << stored.kiosk_id
                      << ") was not exported: " << why << "\n";
            ++result.failed;
            return;
        }
        std::string text;
        if (options.format == ExportFormat::csv) {
            std::vector<std::string> fields = csv_fields(*report, stored.received_at);
            text = csv_line(fields);
        } else {
            nlohmann::json j = to_json(*report);
            j["received_at"] = format_utc(stored.received_at);
            text = (result.exported == 0 ? "\n" : ",\n") + j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
        }
        wipe(*report);
        sink.write(text);
        wipe_string(text);
        ++result.exported;
        if (options.progress && (result.exported % 100 == 0 || result.exported == total))
            std::cerr << "\rhrc-central: exported " << result.exported << " of " << total << std::flush;
    });
    if (options.format == ExportFormat::json) sink.write(result.exported == 0 ? "]\n" : "\n]\n");
    sink.finish();
    if (options.progress && total > 0) std::cerr << "\n";
    return result;
}

} // namespace hrc::central
