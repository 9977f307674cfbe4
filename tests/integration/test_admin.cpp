// hrc-admin as operators use it: a real process, real files, real SQLCipher database. Checks the
// exact command forms of the operator interface, their output, exit codes and error messages.
#include <regex>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <sys/wait.h>

#include "hrc/clock.h"
#include "hrc/reference.h"
#include "hrc/staff_pins.h"

#include "test_support.h"

using hrc_test::TempDir;
namespace fs = std::filesystem;

namespace {

struct Run {
    int code = -1;
    std::string out;
    std::string err;
};

std::string quote(const std::string& s) {
    std::string q = "'";
    for (char c : s)
        q += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return q + "'";
}

// Runs a shell command line, capturing stdout and stderr separately.
Run run(const std::string& command, const TempDir& scratch) {
    const fs::path out = scratch / "stdout.txt";
    const fs::path err = scratch / "stderr.txt";
    const std::string full =
        command + " >" + quote(out.string()) + " 2>" + quote(err.string()) + " </dev/null";
    const int status = std::system(full.c_str());
    Run r;
    r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    r.out = hrc_test::read_file(out);
    r.err = hrc_test::read_file(err);
    return r;
}

std::string last_line(const std::string& text) {
    std::string t = text;
    while (!t.empty() && t.back() == '\n')
        t.pop_back();
    const auto nl = t.rfind('\n');
    return nl == std::string::npos ? t : t.substr(nl + 1);
}

// A central identity and a kiosk made with `hrc-admin init`.
struct Setup {
    TempDir dir;
    fs::path central_dir = dir / "central";
    fs::path kiosk_dir = dir / "kiosk";
    std::string admin;

    Setup() {
        REQUIRE(run(std::string(HRC_TEST_CENTRAL_KEYS_EXE) + " " + quote(central_dir.string()) +
                        " https://127.0.0.1:8443",
                    dir)
                    .code == 0);
        const Run init =
            run(std::string(HRC_ADMIN_EXE) + " init --dir " + quote(kiosk_dir.string()) +
                    " --central " + quote((central_dir / "central.pub").string()) +
                    " --centre-id melton-library --kiosk-id kiosk-07",
                dir);
        INFO(init.out << init.err);
        REQUIRE(init.code == 0);
        admin =
            std::string(HRC_ADMIN_EXE) + " --config " + quote((kiosk_dir / "hrc.toml").string());
    }
    Run operator()(const std::string& args) { return run(admin + " " + args, dir); }
};

} // namespace

TEST_CASE("every command answers --help with examples", "[admin]") {
    TempDir scratch;
    const Run top = run(std::string(HRC_ADMIN_EXE) + " --help", scratch);
    CHECK(top.code == 0);
    CHECK_THAT(top.out, Catch::Matchers::Contains("Examples:"));
    for (const char* sub : {"init", "submit", "list", "status", "verify", "purge", "rekey",
                            "set-pin", "remove-pin"}) {
        INFO(sub);
        const Run r = run(std::string(HRC_ADMIN_EXE) + " " + sub + " --help", scratch);
        CHECK(r.code == 0);
        CHECK_THAT(r.out, Catch::Matchers::Contains("Usage:"));
    }
    const Run bad = run(std::string(HRC_ADMIN_EXE) + " frobnicate", scratch);
    CHECK(bad.code == 2);
}

TEST_CASE("init creates a complete kiosk with private keys, and refuses to do it twice",
          "[admin]") {
    Setup s;
    CHECK(hrc_test::file_mode(s.kiosk_dir / "db.key") == 0600);
    CHECK(hrc_test::file_mode(s.kiosk_dir / "kiosk.key") == 0600);
    CHECK(hrc_test::file_mode(s.kiosk_dir / "hrc.db") == 0600);
    CHECK(fs::exists(s.kiosk_dir / "kiosk.pub"));
    CHECK(fs::exists(s.kiosk_dir / "central.pub"));
    const std::string key = hrc_test::read_file(s.kiosk_dir / "db.key");
    CHECK(std::regex_match(key, std::regex("[0-9a-f]{64}\n")));
    const std::string toml = hrc_test::read_file(s.kiosk_dir / "hrc.toml");
    CHECK_THAT(toml, Catch::Matchers::Contains("kiosk_id = \"kiosk-07\""));
    CHECK_THAT(toml, Catch::Matchers::Contains("centre_id = \"melton-library\""));
    CHECK_THAT(toml, Catch::Matchers::Contains("url = \"https://127.0.0.1:8443\""));
    CHECK_THAT(hrc_test::read_file(s.kiosk_dir / "kiosk.pub"),
               Catch::Matchers::Contains("kiosk-07"));

    const Run again =
        run(std::string(HRC_ADMIN_EXE) + " init --dir " + quote(s.kiosk_dir.string()) +
                " --central " + quote((s.central_dir / "central.pub").string()),
            s.dir);
    CHECK(again.code == 12);
    CHECK_THAT(again.err, Catch::Matchers::Contains(
                              "a kiosk is already set up here; refusing to overwrite it"));
    CHECK(hrc_test::read_file(s.kiosk_dir / "db.key") == key);
}

TEST_CASE("init with a bad central.pub creates nothing", "[admin]") {
    TempDir dir;
    hrc_test::write_file(dir / "central.pub", "# not a central identity\n");
    const Run r =
        run(std::string(HRC_ADMIN_EXE) + " init --dir " + quote((dir / "kiosk").string()) +
                " --central " + quote((dir / "central.pub").string()),
            dir);
    CHECK(r.code == 4);
    CHECK_THAT(r.err, Catch::Matchers::Contains("central.pub"));
    CHECK_FALSE(fs::exists(dir / "kiosk" / "hrc.toml"));
    CHECK_FALSE(fs::exists(dir / "kiosk" / "hrc.db"));
}

TEST_CASE("submit, list, status, verify, purge, rekey: the operator interface", "[admin]") {
    Setup s;
    const std::string example = HRC_SOURCE_DIR "/docs/examples/report.json";

    // The example keeps its own id and reference; the reference is the last line.
    Run r = s("submit " + quote(example));
    INFO(r.out << r.err);
    REQUIRE(r.code == 0);
    CHECK(last_line(r.out) == "HRC-7K3M-Q9TX");
    CHECK_THAT(r.err, Catch::Matchers::Contains("recorded as made at this kiosk (kiosk-07)"));

    // Submitting the same file again is recognised and adds nothing.
    r = s("submit " + quote(example));
    CHECK(r.code == 12);
    CHECK_THAT(r.err, Catch::Matchers::Contains("is already stored; nothing was added"));

    // A paper form with only the person's answers: the kiosk fills in the rest.
    hrc_test::write_file(s.dir / "form.json", R"({"role": "witness", "what_happened": ["graffiti"],
        "description": "Ysgrifen ar y wal — CANARY-PAPER-99", "where": {"district": "melton"}})");
    r = s("submit " + quote((s.dir / "form.json").string()) + " --staff-id S0142");
    INFO(r.out << r.err);
    REQUIRE(r.code == 0);
    const std::string paper_ref = last_line(r.out);
    CHECK(hrc::is_canonical_reference(paper_ref));
    CHECK(paper_ref != "HRC-7K3M-Q9TX");

    // list --json: metadata only.
    r = s("list --json");
    REQUIRE(r.code == 0);
    const auto list = nlohmann::json::parse(r.out);
    REQUIRE(list.size() == 2);
    CHECK(list[1]["reference"] == paper_ref);
    CHECK(list[1]["state"] == "queued");
    CHECK(list[1]["mode"] == "paper_transcription");
    CHECK(hrc::is_uuid(list[1]["report_id"].get<std::string>()));
    CHECK(list[0].contains("created"));
    CHECK_THAT(r.out, !Catch::Matchers::Contains("CANARY-PAPER-99"));
    CHECK_THAT(r.out, !Catch::Matchers::Contains("description"));

    // status --json.
    r = s("status --json");
    REQUIRE(r.code == 0);
    const auto status = nlohmann::json::parse(r.out);
    CHECK(status["pending"] == 2);
    CHECK(status["counts"]["queued"] == 2);
    CHECK(status["counts"]["acked"] == 0);
    CHECK(status["last_contact"].is_null());
    CHECK(status["oldest_pending_age_seconds"].get<long long>() >= 0);
    r = s("status");
    CHECK(r.code == 0);
    CHECK_THAT(r.out, Catch::Matchers::Contains("pending (not yet acknowledged by central): 2"));
    CHECK_THAT(r.out, Catch::Matchers::Contains("last contact with central: never"));

    r = s("verify");
    CHECK(r.code == 0);
    CHECK_THAT(r.out, Catch::Matchers::Contains("database integrity: ok"));
    CHECK_THAT(r.out, Catch::Matchers::Contains("hash chain intact"));

    r = s("purge --json");
    CHECK(r.code == 0);
    CHECK(nlohmann::json::parse(r.out)["waiting_long"] == 0);
    CHECK(nlohmann::json::parse(r.out)["acked_purged"] == 0);

    const std::string key_before = hrc_test::read_file(s.kiosk_dir / "db.key");
    r = s("rekey");
    CHECK(r.code == 0);
    CHECK(hrc_test::read_file(s.kiosk_dir / "db.key") != key_before);
    CHECK(s("list --json").code == 0);
    CHECK(s("verify").code == 0);

    // Nothing the person wrote is readable in any kiosk file.
    CHECK(hrc_test::files_containing(s.kiosk_dir, "CANARY-PAPER-99").empty());
}

TEST_CASE("submit refuses bad reports with the path of each problem and stores nothing",
          "[admin]") {
    Setup s;
    hrc_test::write_file(
        s.dir / "bad.json",
        R"({"role": "witness", "where": {"district": "leicester"}, "what_happened": ["graffiti"]})");
    Run r = s("submit " + quote((s.dir / "bad.json").string()));
    CHECK(r.code == 9);
    CHECK_THAT(r.err, Catch::Matchers::Contains("/where/district: \"leicester\" is not one of"));
    CHECK_THAT(r.err, Catch::Matchers::Contains("the report was not stored"));

    hrc_test::write_file(s.dir / "norole.json", R"({"what_happened": ["graffiti"]})");
    r = s("submit " + quote((s.dir / "norole.json").string()));
    CHECK(r.code == 9);
    CHECK_THAT(r.err, Catch::Matchers::Contains("/role: Select whether it happened to you"));

    hrc_test::write_file(s.dir / "broken.json", R"({"role": )");
    r = s("submit " + quote((s.dir / "broken.json").string()));
    CHECK(r.code == 9);
    CHECK_THAT(r.err, Catch::Matchers::Contains("not valid JSON"));

    r = s("status --json");
    CHECK(nlohmann::json::parse(r.out)["pending"] == 0);
}

TEST_CASE("key and database problems give their own message and exit code", "[admin]") {
    Setup s;
    REQUIRE(s("submit " + quote(HRC_SOURCE_DIR "/docs/examples/report.json")).code == 0);
    const fs::path key = s.kiosk_dir / "db.key";

    SECTION("key file readable by others") {
        fs::permissions(key, fs::perms::group_read | fs::perms::others_read, fs::perm_options::add);
        const Run r = s("status");
        CHECK(r.code == 4);
        CHECK_THAT(r.err, Catch::Matchers::Contains(
                              "can be read by other users (mode 0644); fix it with: chmod 600 " +
                              key.string()));
    }
    SECTION("wrong key") {
        fs::remove(key);
        hrc_test::write_file(key, std::string(64, 'a') + "\n");
        fs::permissions(key, fs::perms::owner_read | fs::perms::owner_write,
                        fs::perm_options::replace);
        const Run r = s("list --json");
        CHECK(r.code == 6);
        CHECK_THAT(r.err, Catch::Matchers::Contains("The key does not open this database"));
    }
    SECTION("database missing") {
        fs::rename(s.kiosk_dir / "hrc.db", s.dir / "moved.db");
        const Run r = s("status");
        CHECK(r.code == 5);
        CHECK_THAT(r.err, Catch::Matchers::Contains("run hrc-admin init") ||
                              Catch::Matchers::Contains("`hrc-admin init"));
    }
    SECTION("configuration missing") {
        const Run r = run(std::string(HRC_ADMIN_EXE) + " --config " +
                              quote((s.dir / "nope.toml").string()) + " status",
                          s.dir);
        CHECK(r.code == 3);
        CHECK_THAT(r.err, Catch::Matchers::Contains("the configuration file does not exist"));
    }
    SECTION("audit log changed behind the store's back") {
        std::string hex = hrc_test::read_file(key);
        hex.pop_back();
        hrc_test::write_file(s.dir / "tamper.sql",
                             "PRAGMA key = \"x'" + hex +
                                 "'\";\nUPDATE audit SET detail = '{}' WHERE seq = 2;\n");
        // The inner shell takes the script on stdin; run() gives the outer one /dev/null.
        const std::string inner = "sqlcipher " + quote((s.kiosk_dir / "hrc.db").string()) + " < " +
                                  quote((s.dir / "tamper.sql").string());
        REQUIRE(run("sh -c " + quote(inner), s.dir).code == 0);
        const Run r = s("verify");
        CHECK(r.code == 7);
        CHECK_THAT(r.out, Catch::Matchers::Contains(
                              "audit log: BROKEN: entry 2 was changed after it was written"));
    }
}

TEST_CASE("set-pin stores only a hash that the kiosk can verify, remove-pin takes it away",
          "[admin]") {
    Setup s;
    const fs::path pins = s.kiosk_dir / "staff-pins";
    // run() gives the command /dev/null as stdin: feed the PIN through an inner shell instead.
    const std::string set =
        "sh -c " + quote("printf '4821\\n' | " + s.admin + " set-pin --staff-id S0142");
    Run r = run(set, s.dir);
    INFO(r.out << r.err);
    CHECK(r.code == 0);
    CHECK(hrc_test::file_mode(pins) == 0600);
    CHECK(hrc_test::read_file(pins).find("4821") == std::string::npos);
    CHECK(hrc::verify_staff_pin(pins, "S0142", "4821"));
    CHECK_FALSE(hrc::verify_staff_pin(pins, "S0142", "4822"));

    r = run("sh -c " + quote("printf '12\\n' | " + s.admin + " set-pin --staff-id S0142"), s.dir);
    CHECK(r.code == 2);
    CHECK_THAT(r.err, Catch::Matchers::Contains("A PIN is 4 to 12 digits"));
    CHECK(hrc::verify_staff_pin(pins, "S0142", "4821")); // unchanged

    CHECK(s("remove-pin --staff-id S0142").code == 0);
    CHECK_FALSE(hrc::verify_staff_pin(pins, "S0142", "4821"));
    CHECK(s("remove-pin --staff-id S0142").code == 1);
}

TEST_CASE(
    "a damaged page anywhere: verify, status and list exit 7 and say so, requeue needs a choice",
    "[admin]") {
    Setup s;
    const fs::path form = s.dir / "form.json";
    for (int i = 0; i < 25; ++i) {
        hrc_test::write_file(
            form, R"({"role":"witness","what_happened":["graffiti"],"description":"report )" +
                      std::to_string(i) + R"("})");
        REQUIRE(s("submit " + quote(form.string()) + " --staff-id S0142").code == 0);
    }
    const fs::path db = s.kiosk_dir / "hrc.db";
    const std::string good = hrc_test::read_file(db);
    const std::size_t pages = good.size() / 1024; // SQLCipher 3's page size
    REQUIRE(pages > 10);
    for (const std::size_t page : {std::size_t{2}, std::size_t{3}, pages / 2, pages}) {
        std::string damaged = good;
        for (std::size_t i = 0; i < 16; ++i)
            damaged[(page - 1) * 1024 + 100 + i] = static_cast<char>(0xAA);
        hrc_test::write_file(db, damaged);
        for (const char* command : {"verify", "status", "list", "status --json"}) {
            INFO("page " << page << ": " << command);
            const Run r = s(command);
            CHECK(r.code == 7);
            CHECK_THAT(r.err + r.out,
                       Catch::Matchers::Contains("damaged") || Catch::Matchers::Contains("failed"));
        }
    }
    hrc_test::write_file(db, good);
    CHECK(s("verify").code == 0);
    CHECK(s("status").code == 0);
    CHECK(s("requeue").code == 2);
    const Run none = s("requeue --report-id 3f2b8c1e-9d4a-4b6f-8e21-7c5d0a9b1f34");
    CHECK(none.code == 1);
    CHECK_THAT(none.err, Catch::Matchers::Contains("is not quarantined"));
}

TEST_CASE("a staff id with control characters is refused with exit 9 and the format, never echoed",
          "[admin]") {
    Setup s;
    const Run r = s("submit " + quote(std::string(HRC_SOURCE_DIR) + "/docs/examples/report.json") +
                    " --staff-id " + quote("S1\x1b[31m"));
    CHECK(r.code == 9);
    CHECK_THAT(r.err, Catch::Matchers::Contains("/staff_id") &&
                          Catch::Matchers::Contains("1 to 64 letters, digits or hyphens"));
    CHECK(r.err.find('\x1b') == std::string::npos);
    CHECK(r.out.find('\x1b') == std::string::npos);
    const Run remove = s("remove-pin --staff-id " + quote("S1\x1b[31m"));
    CHECK(remove.code == 2);
    CHECK(remove.err.find('\x1b') == std::string::npos);
    CHECK(s("list").out.find("HRC-") == std::string::npos); // nothing was stored
}

TEST_CASE("a PIN lockout is shown by status and cleared by reset-pin-lockout", "[admin]") {
    Setup s;
    {
        hrc::Store store = hrc::open_kiosk_store(hrc::load_config(s.kiosk_dir / "hrc.toml"));
        for (int i = 0; i < hrc::kPinFreeTries; ++i)
            store.record_pin_result("S0142", false, hrc::unix_now());
    }
    Run r = s("status");
    CHECK(r.code == 0);
    CHECK_THAT(r.out,
               Catch::Matchers::Contains("PIN LOCKOUT: staff ID S0142 after 5 wrong PIN(s)"));
    r = s("status --json");
    const auto lockouts = nlohmann::json::parse(r.out)["pin_lockouts"];
    REQUIRE(lockouts.size() == 2); // the kiosk's count and S0142's
    CHECK(lockouts[1]["scope"] == "staff:S0142");
    CHECK(lockouts[1]["locked_until"].is_string());
    CHECK(s("reset-pin-lockout").code == 2);
    CHECK(s("reset-pin-lockout --staff-id " + quote("S\x1b[1m")).code == 2);
    r = s("reset-pin-lockout --staff-id S0142");
    CHECK(r.code == 0);
    CHECK_THAT(r.out, Catch::Matchers::Contains("Cleared 1"));
    CHECK_THAT(s("status").out, !Catch::Matchers::Contains("PIN LOCKOUT: staff ID"));
    CHECK(s("reset-pin-lockout --all").code == 0);
    CHECK(nlohmann::json::parse(s("status --json").out)["pin_lockouts"].empty());
}
