// test_receipt_print.cpp — the receipt slip (issue 17) rendered by hrc_receipt, printed through a
// real cupsd (tests/support/cupsd_server.h) and read back from the PDF its queue wrote: the text
// (pdftotext), the paper (pdfinfo), the fonts (pdffonts), the QR code (pdftoppm + zbarimg), the
// Urdu heading's alignment and the Gujarati and Urdu shaping (hb-view); then the spool is checked
// empty. Printer trouble: a stopped queue, a killed scheduler, a job that never ends, a job CUPS
// aborts.

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <thread>

#include <arpa/inet.h>
#include <catch2/catch.hpp>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "cupsd_server.h"
#include "hb_view_compare.h"
#include "hrc_receipt/cups_print.h"
#include "hrc_receipt/print_module.h"
#include "hrc_receipt/slip.h"
#include "hrc_receipt/slip_pdf.h"
#include "process.h"
#include "test_support.h"

namespace fs = std::filesystem;
using namespace hrc::receipt;
using hrc_test::CupsdServer;
using hrc_test::TempDir;

namespace {

using namespace std::chrono_literals;

// Deliberately never put on a slip: it must not appear in any printed PDF.
const std::string kCanary = "CANARY-DESCRIPTION-7731";
constexpr double kMmPt = 72.0 / 25.4;

std::string run_tool(const std::vector<std::string>& argv, const fs::path& log) {
    const hrc_test::RunResult r = hrc_test::run_command(argv, log.string(), {}, 60s);
    INFO("log: " << hrc_test::read_file(log));
    REQUIRE(r.code == 0);
    return r.out;
}

std::string pdftotext(const fs::path& pdf, const fs::path& log) {
    return run_tool({"/usr/bin/pdftotext", "-enc", "UTF-8", pdf.string(), "-"}, log);
}

// pdfinfo's "Page size: 226.772 x 501 pts" and "Pages: 1".
struct PdfInfo {
    double width = 0, height = 0;
    int pages = 0;
    std::string title;
};
PdfInfo pdfinfo(const fs::path& pdf, const fs::path& log) {
    const std::string out = run_tool({"/usr/bin/pdfinfo", pdf.string()}, log);
    PdfInfo info;
    std::smatch m;
    if (std::regex_search(out, m, std::regex(R"(Page size:\s+([0-9.]+) x ([0-9.]+) pts)"))) {
        info.width = std::stod(m[1]);
        info.height = std::stod(m[2]);
    }
    if (std::regex_search(out, m, std::regex(R"(Pages:\s+([0-9]+))"))) info.pages = std::stoi(m[1]);
    if (std::regex_search(out, m, std::regex(R"(Title:\s+([^\n]*))"))) info.title = m[1];
    return info;
}

// The QR code as zbarimg reads it from the page rendered at 300 dpi.
std::string decode_qr(const fs::path& pdf, const fs::path& work, const std::string& name) {
    const fs::path log = work / "tools.log";
    run_tool({"/usr/bin/pdftoppm", "-r", "300", "-png", "-singlefile", pdf.string(),
              (work / name).string()},
             log);
    std::string out =
        run_tool({"/usr/bin/zbarimg", "--raw", "-q", (work / (name + ".png")).string()}, log);
    while (!out.empty() && (out.back() == '\n' || out.back() == '\r'))
        out.pop_back();
    return out;
}

// A grey page from pdftoppm -gray (binary PGM).
struct Grey {
    int width = 0, height = 0;
    std::vector<unsigned char> px;
    bool ink(int x, int y) const { return px[static_cast<std::size_t>(y) * width + x] < 128; }
};
Grey rasterize(const fs::path& pdf, int dpi, const fs::path& work, const std::string& name) {
    run_tool({"/usr/bin/pdftoppm", "-r", std::to_string(dpi), "-gray", "-singlefile", pdf.string(),
              (work / name).string()},
             work / "tools.log");
    std::ifstream in(work / (name + ".pgm"), std::ios::binary);
    std::string magic;
    int maxval = 0;
    Grey g;
    in >> magic >> g.width >> g.height >> maxval;
    in.get();
    REQUIRE(magic == "P5");
    g.px.resize(static_cast<std::size_t>(g.width) * g.height);
    in.read(reinterpret_cast<char*>(g.px.data()), static_cast<std::streamsize>(g.px.size()));
    REQUIRE(in);
    return g;
}

// Horizontal bands of ink (rows with ink, gaps shorter than `merge` rows joined), with their
// ink's left and right edges: the slip's lines and the QR code, top to bottom.
struct Band {
    int top = 0, bottom = 0, left = 1 << 30, right = -1;
    int height() const { return bottom - top + 1; }
    int width() const { return right - left + 1; }
};
std::vector<Band> ink_bands(const Grey& g, int merge) {
    std::vector<Band> bands;
    int last_ink_row = -1000000;
    for (int y = 0; y < g.height; ++y) {
        int l = -1, r = -1;
        for (int x = 0; x < g.width; ++x)
            if (g.ink(x, y)) {
                if (l < 0) l = x;
                r = x;
            }
        if (l < 0) continue;
        if (bands.empty() || y - last_ink_row > merge) bands.push_back(Band{y, y});
        Band& b = bands.back();
        b.bottom = y;
        b.left = std::min(b.left, l);
        b.right = std::max(b.right, r);
        last_ink_row = y;
    }
    return bands;
}

// msgid → msgstr of the one-line entries of a catalog (enough for a few real translations).
std::map<std::string, std::string> read_po(const std::string& code) {
    std::ifstream in(std::string(HRC_SOURCE_DIR) + "/locales/" + code + ".po");
    std::map<std::string, std::string> out;
    std::string line, id;
    const auto quoted = [](const std::string& s) {
        const auto a = s.find('"'), b = s.rfind('"');
        return a == std::string::npos || b <= a ? std::string() : s.substr(a + 1, b - a - 1);
    };
    while (std::getline(in, line)) {
        if (line.rfind("msgid ", 0) == 0)
            id = quoted(line);
        else if (line.rfind("msgstr ", 0) == 0 && !id.empty())
            out[id] = quoted(line);
    }
    return out;
}

std::string font_file(const std::string& pattern) {
    const fs::path log =
        fs::temp_directory_path() / ("hrc-receipt-fc-" + std::to_string(::getpid()));
    const hrc_test::RunResult r =
        hrc_test::run_command({"/usr/bin/fc-match", "-f", "%{file}", pattern}, log.string());
    fs::remove(log);
    return r.out;
}

// The style of the face of `family` that pdffonts lists ("ABCDEF+NotoNastaliqUrdu-Bold" → "Bold").
std::string embedded_style(const std::string& pdffonts, const std::string& family) {
    std::smatch m;
    if (std::regex_search(pdffonts, m, std::regex("\\+" + family + "-([A-Za-z]+)"))) return m[1];
    return "Regular";
}

Slip english_slip() {
    Slip s;
    s.language = "en-GB";
    s.heading = "Hate incident report";
    s.reference_label = "Your reference";
    s.reference = "HRC-7K3M-Q2PX";
    s.date = "3 December 2026";
    s.next_steps_heading = "What happens next";
    s.next_steps = {
        "Your report is locked so that only the hate reporting team can read it.",
        "If it happens again, you can make another report. You can give your reference."};
    s.support_heading = "Support";
    s.support = {{"Victim First (free support)", "0800 953 95 95"},
                 {"Victim First online", "www.victimfirst.org.uk"}};
    s.centre_text = "Melton Library hate reporting centre, open Monday to Saturday.";
    return s;
}

Slip urdu_slip() {
    auto tr = read_po("ur");
    Slip s;
    s.language = "ur";
    s.heading = tr.at("Your reference");
    s.reference = "HRC-4TW9-ZX7C";
    s.date = "3 " + tr.at("December") + " 2026";
    s.next_steps_heading = tr.at("What happens next");
    s.next_steps = {
        tr.at("If it happens again, you can make another report. You can give your reference."),
        tr.at("You asked for support. Victim First will contact you using the details you gave.")};
    s.support = {{"Victim First", "0800 953 95 95"}};
    s.centre_text = "Melton Library hate reporting centre";
    return s;
}

Slip gujarati_slip() {
    auto tr = read_po("gu");
    Slip s;
    s.language = "gu";
    s.heading = tr.at("Your reference");
    s.reference = "HRC-9PQR-2MHN";
    s.date = "3 " + tr.at("December") + " 2026";
    s.next_steps_heading = tr.at("What happens next");
    s.next_steps = {
        tr.at("If it happens again, you can make another report. You can give your reference.")};
    s.support = {{"Victim First", "0800 953 95 95"}};
    return s;
}

Slip discreet_slip() {
    Slip s;
    s.language = "en-GB";
    s.heading = "Your reference";
    s.reference = "HRC-M4K7-P9XT";
    s.date = "3 December 2026";
    return s;
}

PrinterTarget target_of(const CupsdServer& cupsd, std::chrono::milliseconds timeout = 60s) {
    return PrinterTarget{cupsd.queue(), cupsd.socket(), timeout};
}

// After a job: cupsd's spool holds no file for it (c* and d* purged), and the document's bytes
// are nowhere under the test's folder but in the queue's output (no temp copy, no log of it).
void require_no_trace(const CupsdServer& cupsd, const fs::path& root, const std::string& pdf,
                      const std::string& reference, bool printed) {
    // cupsd purges as it answers Cancel-Job; a moment for a stopped backend to be reaped.
    for (int i = 0; i < 50 && !cupsd.spool_files().empty(); ++i)
        std::this_thread::sleep_for(100ms);
    std::string left;
    for (const fs::path& p : cupsd.spool_files())
        left += p.filename().string() + " ";
    INFO("spool files left: " << left);
    REQUIRE(cupsd.spool_files().empty());
    const std::string chunk = pdf.substr(pdf.size() / 2, 256);
    std::vector<fs::path> expected;
    if (printed) expected.push_back(cupsd.output_file());
    CHECK(hrc_test::files_containing(root, chunk) == expected);
    // Nor the reference in plain text (a log line, a job title): the PDF holds it as glyphs.
    CHECK(hrc_test::files_containing(root, reference).empty());
}

// Prints `slip` on `paper` and checks everything a printed slip must be; returns its text.
std::string print_and_check(CupsdServer& cupsd, const TempDir& tmp, const Slip& slip, Paper paper) {
    const std::string pdf = render_slip_pdf(slip, paper);
    cupsd.clear_output();
    const PrintResult r = print_pdf(target_of(cupsd), pdf, "Receipt");
    INFO(paper_name(paper) << ": " << outcome_name(r.outcome) << ": " << r.detail);
    REQUIRE(r.outcome == PrintOutcome::printed);
    CHECK(r.job_id > 0);
    CHECK(r.detail.find(slip.reference) == std::string::npos);
    // A raw queue: the printer got exactly the bytes the kiosk made.
    REQUIRE(hrc_test::read_file(cupsd.output_file()) == pdf);

    const fs::path log = tmp / "tools.log";
    const std::string text = pdftotext(cupsd.output_file(), log);
    CHECK(text.find(slip.reference) != std::string::npos);
    CHECK(text.find(kCanary) == std::string::npos);
    const PdfInfo info = pdfinfo(cupsd.output_file(), log);
    CHECK(info.pages == 1);
    CHECK(info.title == "Receipt"); // neutral: never the reference
    CHECK(std::abs(info.width - paper_width_points(paper)) < 1.0);
    if (paper == Paper::a4)
        CHECK(std::abs(info.height - 841.89) < 1.0);
    else
        CHECK(info.height > 60 * kMmPt);
    CHECK(decode_qr(cupsd.output_file(), tmp.path(), "qr") == slip.reference);
    require_no_trace(cupsd, tmp.path(), pdf, slip.reference, true);
    return text;
}

// A TCP port that accepts connections (the kernel's backlog) and never answers: an IPP printer
// that has hung.
class SilentPrinter {
public:
    SilentPrinter() {
        fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        socklen_t len = sizeof a;
        REQUIRE(fd_ >= 0);
        REQUIRE(::bind(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0);
        REQUIRE(::listen(fd_, 16) == 0);
        REQUIRE(::getsockname(fd_, reinterpret_cast<sockaddr*>(&a), &len) == 0);
        port_ = ntohs(a.sin_port);
    }
    ~SilentPrinter() { ::close(fd_); }
    int port() const { return port_; }

private:
    int fd_ = -1;
    int port_ = 0;
};

} // namespace

TEST_CASE("paper names and widths") {
    CHECK(paper_from_name("58mm") == Paper::roll_58mm);
    CHECK(paper_from_name("80MM") == Paper::roll_80mm);
    CHECK(paper_from_name("a4") == Paper::a4);
    CHECK_FALSE(paper_from_name("A5").has_value());
    CHECK_FALSE(paper_from_name("").has_value());
    for (const Paper p : {Paper::roll_58mm, Paper::roll_80mm, Paper::a4})
        CHECK(paper_from_name(paper_name(p)) == p);
    CHECK(std::abs(paper_width_points(Paper::roll_58mm) - 164.41) < 0.01);
    CHECK(std::abs(paper_width_points(Paper::roll_80mm) - 226.77) < 0.01);
    CHECK(std::abs(paper_width_points(Paper::a4) - 595.28) < 0.01);
}

TEST_CASE("a slip without a reference is refused naming what failed") {
    Slip s = discreet_slip();
    s.reference.clear();
    CHECK_THROWS_WITH(render_slip_pdf(s, Paper::roll_80mm), Catch::Contains("receipt: "));
}

TEST_CASE("an English slip prints on 80mm 58mm and A4 paper through a real cupsd") {
    TempDir tmp;
    CupsdServer cupsd(tmp / "cups");
    const Slip slip = english_slip();
    for (const Paper paper : {Paper::roll_80mm, Paper::roll_58mm, Paper::a4}) {
        const std::string text = print_and_check(cupsd, tmp, slip, paper);
        INFO(paper_name(paper) << " text:\n" << text);
        // pdftotext breaks lines where the slip wraps: compare with whitespace squeezed.
        const auto squeeze = [](std::string s) {
            s = std::regex_replace(s, std::regex(R"(\s+)"), " ");
            return s;
        };
        const std::string flat = squeeze(text);
        for (const std::string& s :
             {slip.heading, slip.reference_label, slip.date, slip.next_steps_heading,
              slip.next_steps[0], slip.next_steps[1], slip.support_heading, slip.support[0].label,
              slip.support[0].contact, slip.support[1].label, slip.support[1].contact,
              slip.centre_text})
            CHECK(flat.find(squeeze(s)) != std::string::npos);
    }
}

TEST_CASE("a discreet slip prints its heading reference and date and nothing else") {
    TempDir tmp;
    CupsdServer cupsd(tmp / "cups");
    const Slip slip = discreet_slip();
    const std::string text = print_and_check(cupsd, tmp, slip, Paper::roll_58mm);
    std::set<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) {
        line = std::regex_replace(line, std::regex(R"(^\s+|\s+$|\f)"), "");
        if (!line.empty()) lines.insert(line);
    }
    CHECK(lines == std::set<std::string>{slip.heading, slip.reference, slip.date});
}

TEST_CASE(
    "an Urdu slip is right-aligned in Nastaliq with its reference and contact left to right") {
    TempDir tmp;
    CupsdServer cupsd(tmp / "cups");
    const Slip slip = urdu_slip();
    const std::string text = print_and_check(cupsd, tmp, slip, Paper::roll_80mm);
    CHECK(text.find("0800 953 95 95") != std::string::npos);
    CHECK(text.find("HRC-4TW9-ZX7C") != std::string::npos);
    const fs::path log = tmp / "tools.log";
    const std::string fonts = run_tool({"/usr/bin/pdffonts", cupsd.output_file().string()}, log);
    INFO(fonts);
    CHECK(fonts.find("NotoNastaliqUrdu") != std::string::npos);

    // The heading (the first band of ink) ends at the right margin, 4 mm from the edge, and
    // starts well inside the left one; an English heading starts at the left margin.
    const int dpi = 200;
    const double px_per_mm = dpi / 25.4;
    const Grey page = rasterize(cupsd.output_file(), dpi, tmp.path(), "ur-page");
    const std::vector<Band> bands = ink_bands(page, static_cast<int>(1.5 * px_per_mm));
    REQUIRE(bands.size() > 4);
    const Band& heading = bands[0];
    INFO("heading ink x " << heading.left << ".." << heading.right << " of " << page.width);
    // (Nastaliq's ink reaches a little past the line's box: up to 2 mm.)
    CHECK(std::abs((page.width - 1 - heading.right) - 4 * px_per_mm) < 2.0 * px_per_mm);
    CHECK(heading.left > 20 * px_per_mm);

    const std::string en = render_slip_pdf(english_slip(), Paper::roll_80mm);
    hrc_test::write_file(tmp / "en.pdf", en);
    const Grey en_page = rasterize(tmp / "en.pdf", dpi, tmp.path(), "en-page");
    const Band en_heading = ink_bands(en_page, static_cast<int>(1.5 * px_per_mm))[0];
    CHECK(std::abs(en_heading.left - 4 * px_per_mm) < 1.0 * px_per_mm);

    // The heading, a line of Urdu only, against hb-view's rendering of the same string in the face
    // the PDF embeds (Debian's two Nastaliq files both say "regular": fontconfig takes either) and
    // size (16 pt on 80 mm); as in the e2e
    // language tests, Urdu falls back to the font's glyph extents where Debian's hb-view drops
    // Nastaliq's keshish.
    run_tool({"/usr/bin/pdftoppm", "-r", std::to_string(dpi), "-png", "-singlefile",
              cupsd.output_file().string(), (tmp / "ur-page").string()},
             log);
    hrc_e2e::TextMatchTolerance tolerance;
    tolerance.extents_only_when_oracle_unreliable = true;
    const hrc_e2e::TextMatch m = hrc_e2e::compare_with_hb_view(
        tmp / "ur-page.png", heading.left, heading.top, heading.width(), heading.height(),
        slip.heading,
        font_file("Noto Nastaliq Urdu:style=" + embedded_style(fonts, "NotoNastaliqUrdu")),
        static_cast<float>(16.0 * dpi / 72.0), "ur", true, tmp / "hb", "ur-heading", tolerance);
    INFO(m.description);
    CHECK(m.pass);
}

TEST_CASE("a Gujarati slip embeds Noto Sans Gujarati and is shaped as hb-view shapes it") {
    TempDir tmp;
    CupsdServer cupsd(tmp / "cups");
    const Slip slip = gujarati_slip();
    const std::string text = print_and_check(cupsd, tmp, slip, Paper::roll_80mm);
    CHECK(text.find("0800 953 95 95") != std::string::npos);
    const fs::path log = tmp / "tools.log";
    const std::string fonts = run_tool({"/usr/bin/pdffonts", cupsd.output_file().string()}, log);
    INFO(fonts);
    CHECK(fonts.find("NotoSansGujarati") != std::string::npos);

    const int dpi = 200;
    const Grey page = rasterize(cupsd.output_file(), dpi, tmp.path(), "gu-page");
    const std::vector<Band> bands = ink_bands(page, static_cast<int>(1.5 * dpi / 25.4));
    // The heading, a line of Gujarati only (Noto Sans Gujarati UI Bold, 16 pt on 80 mm), starts at
    // the left margin and is shaped as hb-view shapes it.
    REQUIRE_FALSE(bands.empty());
    const Band& heading = bands[0];
    CHECK(std::abs(heading.left - 4 * dpi / 25.4) < dpi / 25.4);
    run_tool({"/usr/bin/pdftoppm", "-r", std::to_string(dpi), "-png", "-singlefile",
              cupsd.output_file().string(), (tmp / "gu-page").string()},
             log);
    const hrc_e2e::TextMatch m = hrc_e2e::compare_with_hb_view(
        tmp / "gu-page.png", heading.left, heading.top, heading.width(), heading.height(),
        slip.heading, font_file("Noto Sans Gujarati UI:style=Bold"),
        static_cast<float>(16.0 * dpi / 72.0), "gu", false, tmp / "hb", "gu-heading");
    INFO(m.description);
    CHECK(m.pass);
}

TEST_CASE("a stopped queue reports printer unavailable and leaves no job") {
    TempDir tmp;
    CupsdServer cupsd(tmp / "cups");
    const std::string pdf = render_slip_pdf(discreet_slip(), Paper::roll_58mm);
    cupsd.stop_queue();
    const PrintResult r = print_pdf(target_of(cupsd), pdf, "Receipt");
    INFO(r.detail);
    CHECK(r.outcome == PrintOutcome::printer_unavailable);
    CHECK(r.job_id == 0);
    CHECK(hrc_test::read_file(cupsd.output_file()).empty());
    require_no_trace(cupsd, tmp.path(), pdf, discreet_slip().reference, false);

    // Started again, it prints.
    cupsd.start_queue();
    CHECK(print_pdf(target_of(cupsd), pdf, "Receipt").outcome == PrintOutcome::printed);
    require_no_trace(cupsd, tmp.path(), pdf, discreet_slip().reference, true);
}

TEST_CASE("a printer out of paper reports out of paper and makes no job") {
    TempDir tmp;
    CupsdServer cupsd(tmp / "cups");
    const std::string pdf = render_slip_pdf(discreet_slip(), Paper::roll_58mm);
    for (const char* reasons : {"media-empty-error", "media-needed-warning"}) {
        cupsd.set_state_reasons(reasons);
        const PrintResult r = print_pdf(target_of(cupsd), pdf, "Receipt");
        INFO(reasons << ": " << r.detail);
        CHECK(r.outcome == PrintOutcome::out_of_paper);
        CHECK(r.job_id == 0);
    }
    CHECK(hrc_test::read_file(cupsd.output_file()).empty());
    require_no_trace(cupsd, tmp.path(), pdf, discreet_slip().reference, false);
    // Paper loaded: it prints.
    cupsd.set_state_reasons("none");
    CHECK(print_pdf(target_of(cupsd), pdf, "Receipt").outcome == PrintOutcome::printed);
}

TEST_CASE("a killed cupsd reports printer unavailable at once not after the timeout") {
    TempDir tmp;
    CupsdServer cupsd(tmp / "cups");
    const std::string pdf = render_slip_pdf(discreet_slip(), Paper::roll_58mm);
    cupsd.kill();
    REQUIRE_FALSE(cupsd.running());
    const auto start = std::chrono::steady_clock::now();
    const PrintResult r = print_pdf(target_of(cupsd, 30s), pdf, "Receipt");
    const auto took = std::chrono::steady_clock::now() - start;
    INFO(r.detail);
    CHECK(r.outcome == PrintOutcome::printer_unavailable);
    CHECK(r.job_id == 0);
    CHECK(took < 5s);
    // No scheduler at all (a socket path with nothing there) is the same.
    const PrintResult none =
        print_pdf(PrinterTarget{"hrc-slip", (tmp / "no-such.sock").string(), 30s}, pdf, "Receipt");
    CHECK(none.outcome == PrintOutcome::printer_unavailable);
    // And a queue this scheduler does not have.
    CHECK(cupsd.spool_files().empty());
}

TEST_CASE("an unknown queue reports printer unavailable") {
    TempDir tmp;
    CupsdServer cupsd(tmp / "cups");
    const std::string pdf = render_slip_pdf(discreet_slip(), Paper::roll_58mm);
    const PrintResult r =
        print_pdf(PrinterTarget{"no-such-queue", cupsd.socket(), 30s}, pdf, "Receipt");
    INFO(r.detail);
    CHECK(r.outcome == PrintOutcome::printer_unavailable);
    CHECK(r.job_id == 0);
    // Nor a server address that is no address, nor no queue at all.
    CHECK(print_pdf(PrinterTarget{"q", "localhost:99999999999", 5s}, pdf, "Receipt").outcome ==
          PrintOutcome::printer_unavailable);
    CHECK(print_pdf(PrinterTarget{"", cupsd.socket(), 5s}, pdf, "Receipt").outcome ==
          PrintOutcome::printer_unavailable);
}

TEST_CASE("a job that never completes times out is cancelled and leaves no spool file") {
    TempDir tmp;
    CupsdServer cupsd(tmp / "cups");
    SilentPrinter hung;
    cupsd.add_queue("hung", "ipp://127.0.0.1:" + std::to_string(hung.port()) + "/ipp/print");
    const std::string pdf = render_slip_pdf(english_slip(), Paper::roll_80mm);
    const auto start = std::chrono::steady_clock::now();
    const PrintResult r = print_pdf(PrinterTarget{"hung", cupsd.socket(), 3s}, pdf, "Receipt");
    const auto took = std::chrono::steady_clock::now() - start;
    INFO(r.detail);
    CHECK(r.outcome == PrintOutcome::timed_out);
    CHECK(r.job_id > 0);
    CHECK(took < 10s);
    require_no_trace(cupsd, tmp.path(), pdf, english_slip().reference, false);
}

TEST_CASE("a cupsd killed while the job waits reports printer unavailable before the timeout") {
    TempDir tmp;
    CupsdServer cupsd(tmp / "cups");
    SilentPrinter hung;
    cupsd.add_queue("hung", "ipp://127.0.0.1:" + std::to_string(hung.port()) + "/ipp/print");
    const std::string pdf = render_slip_pdf(discreet_slip(), Paper::roll_58mm);
    std::thread killer([&cupsd] {
        std::this_thread::sleep_for(1500ms);
        cupsd.kill();
    });
    const auto start = std::chrono::steady_clock::now();
    const PrintResult r = print_pdf(PrinterTarget{"hung", cupsd.socket(), 30s}, pdf, "Receipt");
    const auto took = std::chrono::steady_clock::now() - start;
    killer.join();
    INFO(r.detail);
    CHECK(r.outcome == PrintOutcome::printer_unavailable);
    CHECK(r.job_id > 0);
    CHECK(took < 15s);
}

TEST_CASE("a job CUPS aborts reports job failed and leaves no spool file") {
    TempDir tmp;
    CupsdServer cupsd(tmp / "cups");
    // A file: device that cannot be opened, with the error policy that aborts the job.
    cupsd.add_queue("broken", "file://" + (tmp / "no-such-folder/slip.pdf").string(),
                    {"-o", "printer-error-policy=abort-job"});
    const std::string pdf = render_slip_pdf(english_slip(), Paper::roll_80mm);
    const PrintResult r = print_pdf(PrinterTarget{"broken", cupsd.socket(), 20s}, pdf, "Receipt");
    INFO(r.detail);
    CHECK(r.outcome == PrintOutcome::job_failed);
    CHECK(r.job_id > 0);
    require_no_trace(cupsd, tmp.path(), pdf, english_slip().reference, false);
}

TEST_CASE("an A4 slip with very long text still fits on one page") {
    TempDir tmp;
    Slip slip = english_slip();
    for (int i = 0; i < 30; ++i)
        slip.next_steps.push_back("Paragraph " + std::to_string(i) +
                                  ": if it happens again, you can make another report.");
    const std::string pdf = render_slip_pdf(slip, Paper::a4);
    hrc_test::write_file(tmp / "long.pdf", pdf);
    const PdfInfo info = pdfinfo(tmp / "long.pdf", tmp / "tools.log");
    CHECK(info.pages == 1);
    CHECK(std::abs(info.height - 841.89) < 1.0);
    const std::string text = pdftotext(tmp / "long.pdf", tmp / "tools.log");
    CHECK(text.find("Paragraph 29") != std::string::npos);
    // The last ink on the page ends above the bottom margin (20 mm): nothing runs off the page.
    const Grey page = rasterize(tmp / "long.pdf", 72, tmp.path(), "long");
    const std::vector<Band> bands = ink_bands(page, 2);
    REQUIRE_FALSE(bands.empty());
    CHECK(bands.back().bottom < page.height - 19 * kMmPt);
    CHECK(text.find(slip.centre_text.substr(0, 20)) != std::string::npos);
    CHECK(decode_qr(tmp / "long.pdf", tmp.path(), "qr") == slip.reference);
    // Far too long for one page even at half size: an error, never text cut off.
    for (int i = 0; i < 400; ++i)
        slip.next_steps.push_back("More text " + std::to_string(i));
    CHECK_THROWS_WITH(render_slip_pdf(slip, Paper::a4),
                      Catch::Contains("too long for one A4 page"));
}

// docs/screens/receipt-*.png: with HRC_WRITE_SCREENS=1 the PNGs are written there (docs/receipt.md).
TEST_CASE("slip screenshots for docs/screens") {
    TempDir tmp;
    const struct {
        const char* name;
        Slip slip;
        Paper paper;
    } shots[] = {{"receipt-en-80mm", english_slip(), Paper::roll_80mm},
                 {"receipt-ur-80mm", urdu_slip(), Paper::roll_80mm},
                 {"receipt-discreet-58mm", discreet_slip(), Paper::roll_58mm}};
    const char* write = std::getenv("HRC_WRITE_SCREENS");
    for (const auto& shot : shots) {
        hrc_test::write_file(tmp / (std::string(shot.name) + ".pdf"),
                             render_slip_pdf(shot.slip, shot.paper));
        const fs::path out = write && std::string(write) == "1"
                                 ? fs::path(HRC_SOURCE_DIR) / "docs/screens" / shot.name
                                 : tmp / shot.name;
        run_tool({"/usr/bin/pdftoppm", "-r", "150", "-png", "-singlefile",
                  (tmp / (std::string(shot.name) + ".pdf")).string(), out.string()},
                 tmp / "tools.log");
        CHECK(fs::file_size(out.string() + ".png") > 1000);
    }
}

// [SECTION] the print module hrc-kiosk loads (hrc_receipt/print_module.h) ==========================

TEST_CASE(
    "the print module is found beside the kiosk in lib/hrc, installed and in the build tree") {
    CHECK(print_module_path("/usr/bin/hrc-kiosk") == fs::path("/usr/lib/hrc/hrc-receipt-print.so"));
    CHECK(print_module_path("/work/build/kiosk/hrc-kiosk") ==
          fs::path("/work/build/lib/hrc/hrc-receipt-print.so"));
    // This build's kiosk finds this build's module.
    CHECK(print_module_path(HRC_KIOSK_EXE) == fs::path(HRC_PRINT_MODULE));
}

TEST_CASE("the print module loaded as the kiosk loads it prints a slip through a real cupsd") {
    TempDir tmp;
    CupsdServer cupsd(tmp / "cups");
    PrintModule module(HRC_PRINT_MODULE);
    std::string problem;
    const RenderAndPrintFunction render_and_print = module.get(problem);
    INFO(problem);
    REQUIRE(render_and_print != nullptr);
    CHECK(problem.empty());
    const Slip slip = english_slip();
    cupsd.clear_output();
    ModulePrintResult result;
    render_and_print(slip, Paper::roll_80mm, target_of(cupsd), "Receipt", result);
    INFO(result.render_error << " / " << outcome_name(result.print.outcome) << ": "
                             << result.print.detail);
    REQUIRE(result.rendered);
    REQUIRE(result.print.outcome == PrintOutcome::printed);
    const std::string text = pdftotext(cupsd.output_file(), tmp / "tools.log");
    CHECK(text.find(slip.reference) != std::string::npos);
    CHECK(decode_qr(cupsd.output_file(), tmp.path(), "module-qr") == slip.reference);
    // A second print uses the module already loaded.
    CHECK(module.get(problem) == render_and_print);

    // A slip the renderer refuses is reported, and nothing reaches the printer.
    Slip no_reference = slip;
    no_reference.reference.clear();
    cupsd.clear_output();
    render_and_print(no_reference, Paper::roll_80mm, target_of(cupsd), "Receipt", result);
    CHECK_FALSE(result.rendered);
    CHECK(result.render_error.find("reference") != std::string::npos);
    CHECK(fs::file_size(cupsd.output_file()) == 0);
}

TEST_CASE("a missing print module is a problem that says to reinstall, every time it is asked") {
    TempDir tmp;
    PrintModule module(tmp / "lib" / "hrc" / kPrintModuleFile);
    std::string problem;
    CHECK(module.get(problem) == nullptr);
    INFO(problem);
    CHECK(problem.find("reinstall hrc-kiosk") != std::string::npos);
    CHECK(problem.find((tmp / "lib" / "hrc" / kPrintModuleFile).string()) != std::string::npos);
    std::string again;
    CHECK(module.get(again) == nullptr);
    CHECK(again == problem);

    // A file that is not a loadable module (a damaged install) says the same.
    fs::create_directories(tmp / "lib" / "hrc");
    std::ofstream(tmp / "lib" / "hrc" / kPrintModuleFile) << "not an ELF file";
    PrintModule damaged(tmp / "lib" / "hrc" / kPrintModuleFile);
    CHECK(damaged.get(problem) == nullptr);
    CHECK(problem.find("reinstall hrc-kiosk") != std::string::npos);
}
