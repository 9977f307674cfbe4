// Tests for hrc/config.h: defaults, every key, path resolution, and the exact wording of every kind
// of error (an operator fixing /etc/hrc/hrc.toml over SSH has only the message to go on).
#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <catch2/catch.hpp>
#include <linux/capability.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "hrc/config.h"

#include "test_support.h"

namespace fs = std::filesystem;
using Catch::Matchers::Contains;
using Catch::Matchers::Equals;
using Catch::Matchers::StartsWith;

namespace {

using hrc_test::TempDir;

hrc::Config parse(const std::string& text) {
    return hrc::parse_config(text, "hrc.toml", "/etc/hrc");
}

// The message of the ConfigError that parse() throws; fails the test if it throws nothing else.
std::string parse_error(const std::string& text) {
    try {
        parse(text);
    } catch (const hrc::ConfigError& e) {
        CHECK(e.code() == hrc::Code::config);
        CHECK(e.exit_code() == 3);
        return e.what();
    }
    FAIL("parse_config accepted:\n" << text);
    return {};
}

std::string load_error(const fs::path& path) {
    try {
        hrc::load_config(path);
    } catch (const hrc::ConfigError& e) {
        CHECK(e.code() == hrc::Code::config);
        return e.what();
    }
    FAIL("load_config accepted " << path);
    return {};
}

// Every field but `file`, so a new field that is not compared here shows up in review.
void require_same(const hrc::Config& a, const hrc::Config& b) {
    CHECK(a.kiosk.centre_id == b.kiosk.centre_id);
    CHECK(a.kiosk.kiosk_id == b.kiosk.kiosk_id);
    CHECK(a.kiosk.signing_key == b.kiosk.signing_key);
    CHECK(a.store.database == b.store.database);
    CHECK(a.store.key_file == b.store.key_file);
    CHECK(a.store.busy_timeout_ms == b.store.busy_timeout_ms);
    CHECK(a.central.public_identity == b.central.public_identity);
    CHECK(a.central.url == b.central.url);
    CHECK(a.central.proxy == b.central.proxy);
    CHECK(a.central.connect_timeout_seconds == b.central.connect_timeout_seconds);
    CHECK(a.central.request_timeout_seconds == b.central.request_timeout_seconds);
    CHECK(a.sync.interval_seconds == b.sync.interval_seconds);
    CHECK(a.sync.max_backoff_seconds == b.sync.max_backoff_seconds);
    CHECK(a.retention.unacknowledged_days == b.retention.unacknowledged_days);
    CHECK(a.retention.warn_days_before == b.retention.warn_days_before);
    CHECK(a.ui.default_language == b.ui.default_language);
    CHECK(a.ui.idle_seconds == b.ui.idle_seconds);
    CHECK(a.ui.idle_countdown_seconds == b.ui.idle_countdown_seconds);
    CHECK(a.ui.scale == b.ui.scale); // exact: render_config must write the shortest exact form
    CHECK(a.ui.fullscreen == b.ui.fullscreen);
    CHECK(a.ui.high_contrast == b.ui.high_contrast);
    CHECK(a.ui.larger_text == b.ui.larger_text);
    CHECK(a.ui.read_aloud_device == b.ui.read_aloud_device);
    CHECK(a.ui.read_aloud_recordings == b.ui.read_aloud_recordings);
    CHECK(a.printer.name == b.printer.name);
    CHECK(a.printer.server == b.printer.server);
    CHECK(a.printer.paper == b.printer.paper);
    CHECK(a.printer.timeout_seconds == b.printer.timeout_seconds);
    CHECK(a.support.victim_first_phone == b.support.victim_first_phone);
    CHECK(a.support.victim_first_web == b.support.victim_first_web);
    CHECK(a.support.police_emergency == b.support.police_emergency);
    CHECK(a.support.police_non_emergency == b.support.police_non_emergency);
    CHECK(a.support.victim_first_contact_days == b.support.victim_first_contact_days);
    CHECK(a.support.police_contact_days == b.support.police_contact_days);
    CHECK(a.support.centre_text == b.support.centre_text);
    CHECK(a.support.help_text == b.support.help_text);
}

// A value different from the default in every field.
hrc::Config unusual_config() {
    hrc::Config c;
    c.kiosk.centre_id = "llr.charnwood-library_1";
    c.kiosk.kiosk_id = "K-0042";
    c.kiosk.signing_key = "/srv/hrc keys/kiosk \"signing\".key";
    c.store.database = "/data/hrc/reports.db";
    c.store.key_file = "/run/credentials/hrc-kiosk.service/db.key";
    c.store.busy_timeout_ms = 12345;
    c.central.public_identity = "/etc/hrc/central.pub";
    c.central.url = "https://central.example.org:8443/hrc/v1?x=\"1\"&y=\\2";
    c.central.proxy = "http://user:p@ss\tword@proxy.example:3128/\u00e9\u0a2a\n";
    c.central.connect_timeout_seconds = 7;
    c.central.request_timeout_seconds = 120;
    c.sync.interval_seconds = 300;
    c.sync.max_backoff_seconds = 86400;
    c.retention.unacknowledged_days = 60;
    c.retention.warn_days_before = 14;
    c.ui.default_language = "pa-Guru-IN";
    c.ui.idle_seconds = 120;
    c.ui.idle_countdown_seconds = 45;
    c.ui.scale = 1.1; // not exactly representable: the round trip must still be exact
    c.ui.fullscreen = false;
    c.ui.high_contrast = true;
    c.ui.larger_text = true;
    c.ui.read_aloud_device = "plughw:1";
    c.ui.read_aloud_recordings = "/var/lib/hrc/audio";
    c.printer.name = "Front_Desk.slip-2";
    c.printer.server = "/run/cups/cups.sock";
    c.printer.paper = "A4";
    c.printer.timeout_seconds = 90;
    c.support.victim_first_phone = "+44 800 000 0000";
    c.support.victim_first_web = "";
    c.support.police_emergency = "112";
    c.support.police_non_emergency = "0116 222 2222";
    c.support.victim_first_contact_days = 2;
    c.support.police_contact_days = 5;
    c.support.centre_text = "Ask at the desk.\nمدد کے لیے ڈیسک پر پوچھیں \"quoted\" \\ back";
    c.support.help_text = "Staff are at the desk by the door.";
    return c;
}

// The toml block after "## Complete example" in docs/configuration.md, or "" if the file isn't
// found.
std::string documented_example() {
#ifdef HRC_SOURCE_DIR
    const fs::path doc = fs::path(HRC_SOURCE_DIR) / "docs" / "configuration.md";
#else
    const fs::path doc = "docs/configuration.md"; // a standalone build run from the repository
#endif
    std::ifstream in(doc);
    if (!in) return {};
    std::stringstream buffer;
    buffer << in.rdbuf();
    const std::string text = buffer.str();
    const auto heading = text.find("## Complete example");
    const auto start = text.find("```toml\n", heading);
    const auto end = text.find("```", start + 8);
    if (heading == std::string::npos || start == std::string::npos || end == std::string::npos)
        return "(no example found)";
    return text.substr(start + 8, end - start - 8);
}

const std::string kFullFile = R"(# every key, none at its default
[kiosk]
centre_id = "charnwood-1"
kiosk_id = "K.0042"
signing_key = "/etc/hrc/kiosk.sign"

[store]
database = "/var/lib/hrc/other.db"
key_file = "/etc/hrc/other.key"
busy_timeout_ms = 250

[central]
public_identity = "/etc/hrc/central.pub"
url = "https://central.example.org/hrc"
proxy = "http://proxy.example:3128"
connect_timeout_seconds = 5
request_timeout_seconds = 30

[sync]
interval_seconds = 600
max_backoff_seconds = 7200

[retention]
unacknowledged_days = 90
warn_days_before = 10

[ui]
default_language = "ur"
idle_seconds = 60
idle_countdown_seconds = 20
scale = 1.5
fullscreen = false
high_contrast = true
larger_text = true
)";

} // namespace

TEST_CASE("config: an empty file gives the documented defaults", "[config]") {
    const hrc::Config c = parse("");
    CHECK(c.file.empty());
    require_same(c, hrc::Config{});
    // The defaults themselves, as docs/configuration.md states them.
    CHECK(c.kiosk.centre_id == "unassigned");
    CHECK(c.kiosk.kiosk_id == "unassigned");
    CHECK(c.kiosk.signing_key.empty());
    CHECK(c.store.database == "/var/lib/hrc/hrc.db");
    CHECK(c.store.key_file == "/etc/hrc/db.key");
    CHECK(c.store.busy_timeout_ms == 5000);
    CHECK(c.central.public_identity.empty());
    CHECK(c.central.url.empty());
    CHECK(c.central.proxy.empty());
    CHECK(c.central.connect_timeout_seconds == 10);
    CHECK(c.central.request_timeout_seconds == 60);
    CHECK(c.sync.interval_seconds == 60);
    CHECK(c.sync.max_backoff_seconds == 3600);
    CHECK(c.retention.unacknowledged_days == 30);
    CHECK(c.retention.warn_days_before == 7);
    CHECK(c.ui.default_language == "en-GB");
    CHECK(c.ui.idle_seconds == 90);
    CHECK(c.ui.idle_countdown_seconds == 30);
    CHECK(c.ui.scale == 1.0);
    CHECK(c.ui.fullscreen);
    CHECK_FALSE(c.ui.high_contrast);
    CHECK_FALSE(c.ui.larger_text);
    CHECK(c.printer.name.empty()); // no printer: the kiosk offers no printing
    CHECK(c.printer.paper == "80mm");
    CHECK(c.printer.timeout_seconds == 60);
    CHECK(c.support.victim_first_phone == "0800 953 95 95");
    CHECK(c.support.victim_first_web == "www.victimfirst.org.uk");
    CHECK(c.support.police_emergency == "999");
    CHECK(c.support.police_non_emergency == "101");
    CHECK(c.support.victim_first_contact_days == 0);
    CHECK(c.support.police_contact_days == 0);
    CHECK(c.support.centre_text.empty());
    CHECK(c.support.help_text.empty());

    SECTION("comments and empty sections change nothing") {
        require_same(parse("# nothing here\n\n[kiosk]\n[ui]\n"), hrc::Config{});
    }
}

TEST_CASE("config: a full file is read back key by key", "[config]") {
    const hrc::Config c = parse(kFullFile);
    CHECK(c.kiosk.centre_id == "charnwood-1");
    CHECK(c.kiosk.kiosk_id == "K.0042");
    CHECK(c.kiosk.signing_key == "/etc/hrc/kiosk.sign");
    CHECK(c.store.database == "/var/lib/hrc/other.db");
    CHECK(c.store.key_file == "/etc/hrc/other.key");
    CHECK(c.store.busy_timeout_ms == 250);
    CHECK(c.central.public_identity == "/etc/hrc/central.pub");
    CHECK(c.central.url == "https://central.example.org/hrc");
    CHECK(c.central.proxy == "http://proxy.example:3128");
    CHECK(c.central.connect_timeout_seconds == 5);
    CHECK(c.central.request_timeout_seconds == 30);
    CHECK(c.sync.interval_seconds == 600);
    CHECK(c.sync.max_backoff_seconds == 7200);
    CHECK(c.retention.unacknowledged_days == 90);
    CHECK(c.retention.warn_days_before == 10);
    CHECK(c.ui.default_language == "ur");
    CHECK(c.ui.idle_seconds == 60);
    CHECK(c.ui.idle_countdown_seconds == 20);
    CHECK(c.ui.scale == 1.5);
    CHECK_FALSE(c.ui.fullscreen);
    CHECK(c.ui.high_contrast);
    CHECK(c.ui.larger_text);

    SECTION("a partial file keeps the defaults of the keys it leaves out") {
        const hrc::Config p = parse("[ui]\nidle_seconds = 45\n");
        CHECK(p.ui.idle_seconds == 45);
        hrc::Config expected;
        expected.ui.idle_seconds = 45;
        require_same(p, expected);
    }
    SECTION("inline tables and dotted keys are TOML too") {
        const hrc::Config p =
            parse("ui = { scale = 2.0, larger_text = true }\nsync.interval_seconds = 5\n");
        CHECK(p.ui.scale == 2.0);
        CHECK(p.ui.larger_text);
        CHECK(p.sync.interval_seconds == 5);
    }
    SECTION("ui.scale accepts a whole number") {
        CHECK(parse("[ui]\nscale = 2\n").ui.scale == 2.0);
    }
    SECTION("the range limits themselves are allowed") {
        const hrc::Config low = parse("[store]\nbusy_timeout_ms = 100\n[ui]\nidle_seconds = 15\n"
                                      "scale = 0.5\n[retention]\nunacknowledged_days = 1\n"
                                      "warn_days_before = 0\n");
        CHECK(low.store.busy_timeout_ms == 100);
        CHECK(low.ui.idle_seconds == 15);
        CHECK(low.ui.scale == 0.5);
        CHECK(low.retention.unacknowledged_days == 1);
        CHECK(low.retention.warn_days_before == 0);
        const hrc::Config high =
            parse("[store]\nbusy_timeout_ms = 600000\n[ui]\nidle_seconds = 3600\n"
                  "scale = 4.0\n[sync]\nmax_backoff_seconds = 604800\n");
        CHECK(high.store.busy_timeout_ms == 600000);
        CHECK(high.ui.idle_seconds == 3600);
        CHECK(high.ui.scale == 4.0);
        CHECK(high.sync.max_backoff_seconds == 604800);
    }
    SECTION("a UTF-8 byte order mark and CRLF line ends are accepted") {
        CHECK(parse("\xEF\xBB\xBF[ui]\r\nidle_seconds = 20\r\n").ui.idle_seconds == 20);
    }
}

TEST_CASE("config: relative paths are resolved against the configuration folder", "[config]") {
    const hrc::Config c =
        hrc::parse_config("[kiosk]\nsigning_key = \"keys/kiosk.sign\"\n"
                          "[store]\ndatabase = \"hrc.db\"\nkey_file = \"/etc/hrc/db.key\"\n"
                          "[central]\npublic_identity = \"../shared/central.pub\"\n",
                          "hrc.toml", "/srv/kiosk");
    CHECK(c.kiosk.signing_key == fs::path("/srv/kiosk/keys/kiosk.sign"));
    CHECK(c.store.database == fs::path("/srv/kiosk/hrc.db"));
    CHECK(c.store.key_file == fs::path("/etc/hrc/db.key")); // absolute: kept as written
    CHECK(c.central.public_identity == fs::path("/srv/kiosk/../shared/central.pub"));

    SECTION("an empty path means 'not set' where the header allows it, and is not resolved") {
        const hrc::Config e =
            hrc::parse_config("[kiosk]\nsigning_key = \"\"\n", "hrc.toml", "/srv/kiosk");
        CHECK(e.kiosk.signing_key.empty());
    }
    SECTION("an empty base folder leaves relative paths relative") {
        CHECK(hrc::parse_config("[store]\ndatabase = \"a/b.db\"\n", "x", "").store.database ==
              fs::path("a/b.db"));
    }
}

TEST_CASE("config: load_config reads a file and resolves paths against its folder", "[config]") {
    const TempDir dir;
    const fs::path file = dir.write("hrc.toml", "[store]\ndatabase = \"data/hrc.db\"\n"
                                                "key_file = \"/etc/hrc/db.key\"\n"
                                                "[ui]\nidle_seconds = 30\n");
    const hrc::Config c = hrc::load_config(file);
    CHECK(c.file == file);
    CHECK(c.store.database == dir.path() / "data/hrc.db");
    CHECK(c.store.key_file == fs::path("/etc/hrc/db.key"));
    CHECK(c.ui.idle_seconds == 30);

    SECTION("errors inside the file carry its path") {
        const fs::path bad = dir.write("bad.toml", "\n[ui]\nidle_seconds = \"ninety\"\n");
        CHECK_THAT(load_error(bad),
                   Equals(bad.string() + ":3: ui.idle_seconds must be a whole number of seconds "
                                         "between 15 and 3600 (found a string)"));
    }
}

TEST_CASE("config: a missing file names the file and says how to create one", "[config]") {
    const TempDir dir;
    const fs::path missing = dir.path() / "nowhere" / "hrc.toml";
    CHECK_THAT(load_error(missing),
               Equals(missing.string() +
                      ": the configuration file does not exist. Create one with `hrc-admin init "
                      "--dir DIR --central CENTRAL_PUB` or pass --config FILE."));

    SECTION("a folder instead of a file is named as such") {
        CHECK_THAT(
            load_error(dir.path()),
            StartsWith(dir.path().string() + ": this is a folder, not a configuration file."));
    }
    SECTION("an unreadable file gives the system's reason") {
        const fs::path locked = dir.write("locked.toml", "[ui]\n");
        fs::permissions(locked, fs::perms::none);
        const std::string expected = locked.string() +
                                     ": cannot read the configuration file: Permission "
                                     "denied. Check that the user running this program "
                                     "may read it.";
        if (::geteuid() != 0) {
            CHECK_THAT(load_error(locked), Equals(expected));
        } else {
            // Root reads any file because of CAP_DAC_OVERRIDE / CAP_DAC_READ_SEARCH: drop both in a
            // child process, which then meets the file's permissions like any other user.
            const pid_t child = ::fork();
            REQUIRE(child >= 0);
            if (child == 0) {
                __user_cap_header_struct header{_LINUX_CAPABILITY_VERSION_3, 0};
                __user_cap_data_struct data[2]{};
                bool dropped = ::syscall(SYS_capget, &header, data) == 0;
                data[0].effective &= ~((1u << CAP_DAC_OVERRIDE) | (1u << CAP_DAC_READ_SEARCH));
                dropped = dropped && ::syscall(SYS_capset, &header, data) == 0;
                ::_exit(dropped && load_error(locked) == expected ? 0 : 1);
            }
            int status = 0;
            REQUIRE(::waitpid(child, &status, 0) == child);
            CHECK(WIFEXITED(status));
            CHECK(WEXITSTATUS(status) == 0);
        }
    }
}

TEST_CASE("config: a TOML syntax error names the file, line and column", "[config]") {
    CHECK_THAT(parse_error("[ui]\nidle_seconds = 90\ndefault_language = \"en-GB\n"),
               Equals("hrc.toml:3:26: this is not valid TOML: a string is not closed before the "
                      "end of the line. Check the quoting and brackets on that line."));
    // Columns count characters, not bytes.
    CHECK_THAT(parse_error("[central]\nproxy = \"\u00e9\u00e9\n"), StartsWith("hrc.toml:2:12: "));
    // A real control character inside a string keeps toml++'s own description.
    CHECK_THAT(parse_error("[central]\nproxy = \"a\x01b\"\n"),
               Contains("hrc.toml:2:11: this is not valid TOML: error while parsing string: "
                        "unescaped control characters"));
    CHECK_THAT(
        parse_error("[kiosk]\n\n[ui\nscale = 1.0\n"),
        StartsWith("hrc.toml:3:4: this is not valid TOML: error while parsing table header"));
    CHECK_THAT(parse_error("[ui]\nscale = 1.0\nscale = 2.0\n"), StartsWith("hrc.toml:3:"));
}

TEST_CASE("config: a value of the wrong type names the line, key, expected and found type",
          "[config]") {
    CHECK_THAT(parse_error("[ui]\nscale = 1.0\n\nidle_seconds = \"90\"\n"),
               Equals("hrc.toml:4: ui.idle_seconds must be a whole number of seconds between 15 "
                      "and 3600 (found a string)"));
    CHECK_THAT(parse_error("[ui]\nidle_seconds = 90.5\n"),
               Equals("hrc.toml:2: ui.idle_seconds must be a whole number of seconds between 15 "
                      "and 3600 (found a floating-point number)"));
    CHECK_THAT(parse_error("[ui]\nfullscreen = \"yes\"\n"),
               Equals("hrc.toml:2: ui.fullscreen must be true or false (found a string)"));
    CHECK_THAT(
        parse_error("[ui]\nscale = true\n"),
        Equals("hrc.toml:2: ui.scale must be a number between 0.5 and 4.0 (found a boolean)"));
    CHECK_THAT(parse_error("[store]\ndatabase = 5\n"),
               Equals("hrc.toml:2: store.database must be a path to a file (a string) (found an "
                      "integer)"));
    CHECK_THAT(parse_error("[kiosk]\ncentre_id = [\"a\"]\n"),
               Equals("hrc.toml:2: kiosk.centre_id must be 1 to 64 letters, digits, '.', '_' or "
                      "'-' (found an array)"));
    CHECK_THAT(parse_error("[central]\nproxy = 1979-05-27\n"),
               Equals("hrc.toml:2: central.proxy must be a string (\"\" for no proxy) (found a "
                      "date)"));
    CHECK_THAT(parse_error("ui = 3\n"),
               Equals("hrc.toml:1: ui must be a section, written [ui] on a line of its own (found "
                      "an integer)"));
    CHECK_THAT(parse_error("[[kiosk]]\ncentre_id = \"a\"\n"),
               StartsWith("hrc.toml:1: kiosk must be a section, written [kiosk]"));

    SECTION("when there are several problems the first in the file is reported") {
        CHECK_THAT(parse_error("[ui]\nscale = \"big\"\n[central]\nurl = 1\n[kiosk]\nbogus = 1\n"),
                   StartsWith("hrc.toml:2: ui.scale must be"));
        CHECK_THAT(parse_error("[ui]\nscale = 9\nidle_seconds = \"x\"\n"),
                   StartsWith("hrc.toml:2: ui.scale must be"));
    }
}

TEST_CASE("config: an unknown key or section names the key and its line", "[config]") {
    CHECK_THAT(
        parse_error("[ui]\nscale = 1.0\nidle_secs = 90\n"),
        Equals("hrc.toml:3: unknown key 'ui.idle_secs'. Known keys in [ui] are: "
               "default_language, idle_seconds, idle_countdown_seconds, scale, fullscreen, "
               "high_contrast, larger_text, read_aloud_device, read_aloud_recordings. Did you "
               "mean 'ui.idle_seconds'?"));
    CHECK_THAT(parse_error("[kiosk]\nidle_seconds = 90\n"),
               Equals("hrc.toml:2: unknown key 'kiosk.idle_seconds'. Known keys in [kiosk] are: "
                      "centre_id, kiosk_id, signing_key. 'idle_seconds' belongs in [ui]."));
    CHECK_THAT(parse_error("[store]\ncolour = \"blue\"\n"),
               Equals("hrc.toml:2: unknown key 'store.colour'. Known keys in [store] are: "
                      "database, key_file, busy_timeout_ms."));
    CHECK_THAT(
        parse_error("[ui]\nscale = 1.0\n\n[sycn]\ninterval_seconds = 60\n"),
        Equals("hrc.toml:4: unknown section [sycn]. Known sections are: [kiosk], [store], "
               "[central], [sync], [retention], [ui], [printer], [support]. Did you mean 'sync'?"));
    CHECK_THAT(parse_error("idle_seconds = 90\n"),
               Equals("hrc.toml:1: unknown key 'idle_seconds'. Every key belongs in one of the "
                      "sections [kiosk], [store], [central], [sync], [retention], [ui], [printer], "
                      "[support]. "
                      "'idle_seconds' belongs in [ui]."));
    CHECK_THAT(parse_error("[ui.colours]\nbackground = \"black\"\n"),
               StartsWith("hrc.toml:1: unknown key 'ui.colours'."));
}

TEST_CASE("config: out-of-range values state the allowed range and the value found", "[config]") {
    CHECK_THAT(parse_error("[ui]\nidle_seconds = 5\n"),
               Equals("hrc.toml:2: ui.idle_seconds must be a whole number of seconds between 15 "
                      "and 3600 (found 5)"));
    CHECK_THAT(parse_error("[store]\nbusy_timeout_ms = 99\n"),
               Equals("hrc.toml:2: store.busy_timeout_ms must be a whole number of milliseconds "
                      "between 100 and 600000 (found 99)"));
    CHECK_THAT(parse_error("[central]\nconnect_timeout_seconds = 0\n"),
               Equals("hrc.toml:2: central.connect_timeout_seconds must be a whole number of "
                      "seconds between 1 and 300 (found 0)"));
    CHECK_THAT(parse_error("[central]\nrequest_timeout_seconds = 3601\n"),
               Contains("between 1 and 3600 (found 3601)"));
    CHECK_THAT(parse_error("[sync]\ninterval_seconds = 4\n"),
               Contains("sync.interval_seconds must be a whole number of seconds between 5 and "
                        "86400 (found 4)"));
    CHECK_THAT(parse_error("[sync]\nmax_backoff_seconds = 604801\n"),
               Contains("between 60 and 604800 (found 604801)"));
    CHECK_THAT(parse_error("[retention]\nunacknowledged_days = 0\n"),
               Contains("retention.unacknowledged_days must be a whole number of days between 1 "
                        "and 3650 (found 0)"));
    CHECK_THAT(parse_error("[retention]\nwarn_days_before = -1\n"),
               Contains("between 0 and 365 (found -1)"));
    CHECK_THAT(parse_error("[ui]\nidle_countdown_seconds = 301\n"),
               Contains("between 5 and 300 (found 301)"));
    CHECK_THAT(parse_error("[ui]\nscale = 4.5\n"),
               Equals("hrc.toml:2: ui.scale must be a number between 0.5 and 4.0 (found 4.5)"));
    CHECK_THAT(parse_error("[ui]\nscale = nan\n"), Contains("(found nan)"));
    CHECK_THAT(parse_error("[ui]\nscale = 0\n"), Contains("(found 0.0)"));
    // Larger than an int: reported as written, not wrapped around.
    CHECK_THAT(parse_error("[ui]\nidle_seconds = 4294967386\n"), Contains("(found 4294967386)"));

    SECTION("warn_days_before must be less than unacknowledged_days") {
        CHECK_THAT(parse_error("[retention]\nunacknowledged_days = 10\nwarn_days_before = 10\n"),
                   Equals("hrc.toml:3: retention.warn_days_before must be less than "
                          "retention.unacknowledged_days (found warn_days_before = 10 and "
                          "unacknowledged_days = 10): staff are warned that many days before a "
                          "report has waited unacknowledged_days"));
        CHECK_THAT(parse_error("[retention]\nunacknowledged_days = 5\n"),
                   Equals("hrc.toml:2: retention.warn_days_before must be less than "
                          "retention.unacknowledged_days (found warn_days_before = 7 by default "
                          "and unacknowledged_days = 5): staff are warned that many days before "
                          "a report has waited unacknowledged_days"));
    }
}

TEST_CASE("config: central.url must use https", "[config]") {
    CHECK_THAT(parse_error("[central]\nurl = \"http://central.example.org\"\n"),
               Equals("hrc.toml:2: central.url must start with https:// (the kiosk only talks to "
                      "central over TLS); found \"http://central.example.org\". Leave it empty "
                      "until the central system is set up."));
    CHECK_THAT(parse_error("[central]\nurl = \"central.example.org\"\n"),
               Contains("central.url must start with https:// (the kiosk only talks to central "
                        "over TLS)"));
    CHECK_THAT(parse_error("[central]\nurl = \"https://\"\n"),
               Equals("hrc.toml:2: central.url must name the central server after https:// "
                      "(found \"https://\"), or be empty"));
    CHECK(parse("[central]\nurl = \"\"\n").central.url.empty());
    CHECK(parse("[central]\nurl = \"https://c.example\"\n").central.url == "https://c.example");
}

TEST_CASE("config: identifiers and language tags are checked", "[config]") {
    CHECK_THAT(parse_error("[kiosk]\ncentre_id = \"\"\n"),
               Equals("hrc.toml:2: kiosk.centre_id must be 1 to 64 letters, digits, '.', '_' or "
                      "'-' (found an empty string)"));
    CHECK_THAT(parse_error("[kiosk]\nkiosk_id = \"kiosk 1\"\n"),
               Equals("hrc.toml:2: kiosk.kiosk_id must be 1 to 64 letters, digits, '.', '_' or "
                      "'-' (found \"kiosk 1\", which contains ' ')"));
    CHECK_THAT(parse_error("[kiosk]\nkiosk_id = \"" + std::string(65, 'k') + "\"\n"),
               Contains("(found 65 characters)"));
    CHECK(parse("[kiosk]\nkiosk_id = \"" + std::string(64, 'k') + "\"\n").kiosk.kiosk_id.size() ==
          64);
    CHECK_THAT(parse_error("[kiosk]\ncentre_id = \"caf\u00e9\"\n"),
               Contains("which contains a character that is not plain ASCII"));

    CHECK_THAT(parse_error("[ui]\ndefault_language = \"en_GB\"\n"),
               Equals("hrc.toml:2: ui.default_language must be a language tag such as \"en-GB\" "
                      "or \"pa\" (letters and digits in parts joined by '-') (found \"en_GB\")"));
    CHECK_THAT(parse_error("[ui]\ndefault_language = \"\"\n"), Contains("(found \"\")"));
    CHECK_THAT(parse_error("[ui]\ndefault_language = \"en-\"\n"), Contains("(found \"en-\")"));
    CHECK_THAT(parse_error("[ui]\ndefault_language = \"1a\"\n"), Contains("(found \"1a\")"));
    for (const char* tag : {"en-GB", "pa", "ur", "so", "pt-PT", "zh-Hant-TW", "es-419"})
        CHECK(
            parse(std::string("[ui]\ndefault_language = \"") + tag + "\"\n").ui.default_language ==
            tag);

    SECTION("store paths may not be empty") {
        CHECK_THAT(parse_error("[store]\nkey_file = \"\"\n"),
                   Equals("hrc.toml:2: store.key_file must be a path to a file (a string) (found "
                          "an empty string)"));
    }
}

TEST_CASE("config: the printer and support keys are checked", "[config]") {
    const hrc::Config c = parse("[printer]\nname = \"Front_Desk.slip-2\"\npaper = \"a4\"\n"
                                "timeout_seconds = 10\n[support]\ncentre_text = \"Desk\\nOpen\"\n");
    CHECK(c.printer.name == "Front_Desk.slip-2");
    CHECK(c.printer.paper == "A4"); // case-insensitive, kept as documented
    CHECK(c.printer.timeout_seconds == 10);
    CHECK(c.support.centre_text == "Desk\nOpen");

    CHECK_THAT(parse_error("[printer]\nname = \"front desk\"\n"),
               Equals("hrc.toml:2: printer.name must be a CUPS printer name (up to 127 letters, "
                      "digits, '-', '_', '.'; no spaces), or \"\" for no printer (found \"front "
                      "desk\")"));
    CHECK_THAT(parse_error("[printer]\npaper = \"A5\"\n"),
               Equals("hrc.toml:2: printer.paper must be one of \"58mm\" \"80mm\" \"A4\" (found "
                      "\"A5\")"));
    CHECK_THAT(parse_error("[printer]\ntimeout_seconds = 5\n"), Contains("between 10 and 600"));
    CHECK_THAT(parse_error("[support]\nvictim_first_phone = \"0800\\n953\"\n"),
               Contains("support.victim_first_phone must be text of at most 40 bytes without "
                        "control characters (found a control character)"));
    CHECK_THAT(parse_error("[support]\ncentre_text = \"" + std::string(601, 'x') + "\"\n"),
               Contains("(found 601 bytes)"));
    CHECK_THAT(parse_error("[support]\npolice_contact_days = 31\n"),
               Contains("a whole number of working days between 0 and 30"));
    CHECK_THAT(parse_error("[printer]\nqueue = \"x\"\n"), Contains("printer.queue"));
}

TEST_CASE("config: render_config round-trips every field", "[config]") {
    const hrc::Config original = unusual_config();
    const std::string text = hrc::render_config(original);
    INFO(text);
    const hrc::Config back = hrc::parse_config(text, "rendered.toml", "/elsewhere");
    require_same(back, original);

    SECTION("the defaults round-trip too") {
        require_same(hrc::parse_config(hrc::render_config(hrc::Config{}), "d.toml", "/x"),
                     hrc::Config{});
    }
    SECTION("relative paths are written as given") {
        hrc::Config relative;
        relative.store.database = "data/hrc.db";
        const std::string rendered = hrc::render_config(relative);
        CHECK_THAT(rendered, Contains("\ndatabase = \"data/hrc.db\"\n"));
        CHECK(hrc::parse_config(rendered, "r.toml", "/srv/k").store.database ==
              fs::path("/srv/k/data/hrc.db"));
    }
    SECTION("every scale in range survives exactly") {
        for (double scale = 0.5; scale <= 4.0; scale += 0.01) {
            hrc::Config c;
            c.ui.scale = scale;
            CHECK(hrc::parse_config(hrc::render_config(c), "s", "").ui.scale == scale);
        }
    }
}

TEST_CASE("config: render_config writes every section and key with a comment", "[config]") {
    const std::string text = hrc::render_config(unusual_config());
    for (const char* section : {"[kiosk]", "[store]", "[central]", "[sync]", "[retention]", "[ui]"})
        CHECK_THAT(text, Contains(std::string("\n") + section + "\n"));
    for (const char* key : {"centre_id",
                            "kiosk_id",
                            "signing_key",
                            "database",
                            "key_file",
                            "busy_timeout_ms",
                            "public_identity",
                            "url",
                            "proxy",
                            "connect_timeout_seconds",
                            "request_timeout_seconds",
                            "interval_seconds",
                            "max_backoff_seconds",
                            "unacknowledged_days",
                            "warn_days_before",
                            "default_language",
                            "idle_seconds",
                            "idle_countdown_seconds",
                            "scale",
                            "fullscreen",
                            "high_contrast",
                            "larger_text",
                            "read_aloud_device",
                            "read_aloud_recordings"}) {
        // The key starts a line, and the line above it is a comment.
        const std::string needle = std::string("\n") + key + " = ";
        const auto at = text.find(needle);
        REQUIRE(at != std::string::npos);
        const auto comment_start = text.rfind('\n', at - 1);
        REQUIRE(comment_start != std::string::npos);
        CHECK(text.substr(comment_start + 1, 2) == "# ");
    }
    // Strings are escaped as TOML basic strings, one line each.
    CHECK_THAT(text, Contains("signing_key = \"/srv/hrc keys/kiosk \\\"signing\\\".key\"\n"));
    CHECK_THAT(text, Contains("proxy = \"http://user:p@ss\\tword@proxy.example:3128/"
                              "\u00e9\u0a2a\\n\"\n"));
    CHECK_THAT(text, Contains("scale = 1.1\n"));
    CHECK_THAT(hrc::render_config(hrc::Config{}), Contains("scale = 1.0\n"));

    SECTION("control characters are written as \\u escapes") {
        hrc::Config c;
        c.central.proxy = std::string("a\x01") + "b\x7f" + "c\r\b\f";
        const std::string rendered = hrc::render_config(c);
        CHECK_THAT(rendered, Contains("proxy = \"a\\u0001b\\u007Fc\\r\\b\\f\"\n"));
        CHECK(hrc::parse_config(rendered, "c", "").central.proxy == c.central.proxy);
    }
}

TEST_CASE("config: the example in docs/configuration.md is valid and has every key", "[config]") {
    const std::string example = documented_example();
    REQUIRE_FALSE(example.empty());
    INFO(example);
    const hrc::Config c = hrc::parse_config(example, "docs/configuration.md", "/etc/hrc");
    CHECK(c.central.url.starts_with("https://"));
    // Every key render_config writes also appears in the example.
    std::istringstream rendered(hrc::render_config(hrc::Config{}));
    for (std::string line; std::getline(rendered, line);) {
        if (line.empty() || line[0] == '#') continue;
        const std::string start = line[0] == '[' ? line : line.substr(0, line.find(" = ") + 3);
        CHECK_THAT(example, Contains("\n" + start));
    }
}
