// export.cpp — see export.h.
//
// [SECTION] Output: the bytes that leave central (a new 0600 file or stdout), with their digest
// [SECTION] Sink: plaintext in, plaintext or a sealed export out; wiped after use
// [SECTION] Opening one stored report
// [SECTION] export_reports

#include "export.h"

#include <cstdio>
#include <iostream>

#include <nlohmann/json.hpp>
#include <sodium.h>

#include "hrc/atomic_file.h"
#include "hrc/error.h"
#include "hrc/report.h"
#include "hrc/store.h"
#include "hrc/submit.h"

#include "files.h"

namespace hrc::central {

namespace {

// Zeroes a string's whole buffer (including spare capacity left by longer text) and empties it.
void wipe_string(std::string& s) {
    s.resize(s.capacity());
    sodium_memzero(s.data(), s.size());
    s.clear();
}

// Zeroes every string inside a JSON value before it is freed.
void wipe_json(nlohmann::json& j) {
    if (j.is_string())
        wipe_string(j.get_ref<std::string&>());
    else if (j.is_structured())
        for (auto& e : j)
            wipe_json(e);
}

//-------------------------------------------------------------------------------------------------
// [SECTION] Output
//-------------------------------------------------------------------------------------------------

class Output {
public:
    explicit Output(const std::optional<std::filesystem::path>& path) {
        if (path) file_.emplace(*path, 0600, IfExists::refuse);
        if (crypto_generichash_init(&digest_, nullptr, 0, 32) != 0)
            throw Error(Code::crypto, "cannot start the export digest");
    }
    void write(const unsigned char* data, std::size_t size) {
        if (size == 0) return;
        if (crypto_generichash_update(&digest_, data, size) != 0)
            throw Error(Code::crypto, "cannot compute the export digest");
        if (file_)
            file_->write(data, size);
        else if (std::fwrite(data, 1, size, stdout) != size)
            throw Error(Code::io, "cannot write the export to standard output");
    }
    // Everything on disk under its final name (or flushed to stdout); returns the hex digest.
    std::string finish() {
        if (file_)
            file_->commit();
        else if (std::fflush(stdout) != 0 || std::ferror(stdout))
            throw Error(Code::io, "cannot write the export to standard output");
        std::array<unsigned char, 32> d{};
        if (crypto_generichash_final(&digest_, d.data(), d.size()) != 0)
            throw Error(Code::crypto, "cannot compute the export digest");
        return to_hex(d);
    }

private:
    std::optional<AtomicFile> file_;
    crypto_generichash_state digest_{};
};

//-------------------------------------------------------------------------------------------------
// [SECTION] Sink
//-------------------------------------------------------------------------------------------------

class Sink {
public:
    Sink(Output& output, std::optional<ExportSealer>& sealer) : output_(output), sealer_(sealer) {
        buffer_.reserve(kFlushAt * 2);
    }
    ~Sink() { wipe_string(buffer_); }
    Sink(const Sink&) = delete;
    Sink& operator=(const Sink&) = delete;

    void write(std::string_view text) {
        buffer_.append(text);
        if (buffer_.size() >= kFlushAt) flush();
    }
    void finish() {
        flush();
        if (sealer_) sealer_->finish();
    }

private:
    static constexpr std::size_t kFlushAt = 64 * 1024;
    void flush() {
        if (buffer_.empty()) return;
        if (sealer_)
            sealer_->write(buffer_);
        else
            output_.write(reinterpret_cast<const unsigned char*>(buffer_.data()), buffer_.size());
        sodium_memzero(buffer_.data(), buffer_.size());
        buffer_.clear();
    }
    Output& output_;
    std::optional<ExportSealer>& sealer_;
    std::string buffer_;
};

//-------------------------------------------------------------------------------------------------
// [SECTION] Opening one stored report
//-------------------------------------------------------------------------------------------------

} // namespace

// Opens and decodes one stored report. Returns the reason it cannot be exported, or "" with
// `out` set. The plaintext is wiped before returning.
std::string open_report(const StoredReport& stored, const CentralSecrets& central,
                        std::optional<Report>& out) {
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
            why += " (" +
                   (decoded.problems.front().path.empty() ? std::string("/")
                                                          : decoded.problems.front().path) +
                   ")";
        return why;
    }
    if (decoded.report->report_id != stored.report_id) {
        wipe(*decoded.report);
        return "the report inside names another report id";
    }
    out = std::move(decoded.report);
    return "";
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

ExportResult export_reports(CentralStore& store, const CentralSecrets& central,
                            const ExportOptions& options) {
    ExportResult result;
    result.export_id = new_report_id(); // a random UUID, like a report's
    const std::int64_t total = options.progress ? store.count_reports(options.selection) : 0;
    const bool csv = options.format == ExportFormat::csv;

    Output output(options.output);
    std::optional<ExportSealer> sealer;
    if (options.seal_to) {
        ExportHeader header;
        header.recipient = std::string(to_string(options.recipient));
        header.recipient_key_id = options.seal_to->key_id;
        header.central_key_id =
            key_id_of(central.ack_public_key.data(), central.ack_public_key.size());
        header.export_id = result.export_id;
        header.created_at = options.now;
        header.content_type = csv ? "text/csv" : "application/json";
        sealer.emplace(
            header, *options.seal_to, central.ack_secret_key,
            [&output](const unsigned char* data, std::size_t size) { output.write(data, size); });
    }
    std::vector<std::string> ids;
    {
        Sink sink(output, sealer);
        sink.write(csv ? csv_line(recipient_csv_columns(options.recipient)) : std::string("["));
        std::int64_t seen = 0;
        store.for_each_report(options.selection, [&](const StoredReport& stored) {
            ++seen;
            std::optional<Report> report;
            if (const std::string why = open_report(stored, central, report); !why.empty()) {
                std::cerr << "hrc-central: report " << stored.report_id << " (kiosk "
                          << stored.kiosk_id << ") was not exported: " << why << "\n";
                ++result.failed;
                return;
            }
            std::optional<nlohmann::json> view =
                recipient_view(options.recipient, *report, stored.received_at);
            wipe(*report);
            if (!view) {
                ++result.not_consented;
                return;
            }
            std::string text;
            if (csv) {
                std::vector<std::string> cells = recipient_csv_cells(options.recipient, *view);
                text = csv_line(cells);
                for (auto& c : cells)
                    wipe_string(c);
            } else {
                text = (result.exported == 0 ? "\n" : ",\n") + inert_json_text(*view);
            }
            wipe_json(*view);
            sink.write(text);
            wipe_string(text);
            ids.push_back(stored.report_id);
            ++result.exported;
            if (options.progress && (seen % 100 == 0 || seen == total))
                std::cerr << "\rhrc-central: read " << seen << " of " << total << ", exported "
                          << result.exported << std::flush;
        });
        if (!csv) sink.write(result.exported == 0 ? "]\n" : "\n]\n");
        sink.finish();
    }
    result.file_digest = output.finish();
    if (options.progress && total > 0) std::cerr << "\n";

    // Invariant C6 (central_store.cpp): recorded only now that the file is complete.
    ExportRecord record;
    record.export_id = result.export_id;
    record.recipient = std::string(to_string(options.recipient));
    record.created_at = options.now;
    record.format = csv ? "csv" : "json";
    record.sealed_to = options.seal_to ? to_hex(options.seal_to->key_id) : std::string("plaintext");
    record.selection = options.selection_text;
    record.file_digest = result.file_digest;
    record.operator_name = options.operator_name;
    record.report_ids = std::move(ids);
    store.record_export(record);
    return result;
}

} // namespace hrc::central
