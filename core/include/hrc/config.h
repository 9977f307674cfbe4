// hrc/config.h — the kiosk's configuration file, hrc.toml (TOML, read with toml++).
//
// `hrc-admin init` writes one; every program of the kiosk (hrc-kiosk, hrc-sync, hrc-admin) reads it.
// Every key has a default except where noted; relative paths are resolved against the folder that
// holds the configuration file. docs/configuration.md lists every key.
//
// Errors: load_config() throws hrc::ConfigError (an hrc::Error with Code::config) whose message
// names the file, the line (when there is one), the key and what was expected, e.g.
//   /etc/hrc/hrc.toml:12: ui.idle_seconds must be a whole number of seconds between 15 and 3600 (found a string)
// Unknown keys are errors too, so a misspelt key is never silently ignored.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "hrc/error.h"

namespace hrc {

struct KioskSection {
    std::string centre_id = "unassigned"; // the Hate Reporting Centre this kiosk stands in
    std::string kiosk_id = "unassigned";  // this device; set by hrc-admin init
    std::filesystem::path signing_key;    // Ed25519 secret key file (0600); required to submit
};

struct StoreSection {
    std::filesystem::path database = "/var/lib/hrc/hrc.db";
    std::filesystem::path key_file = "/etc/hrc/db.key"; // 64 hex characters; 0600
    int busy_timeout_ms = 5000;
};

struct CentralSection {
    std::filesystem::path
        public_identity; // central.pub written by `hrc-central init`; required to submit
    std::string url;     // https://…; empty = sync not configured yet
    std::string proxy;   // empty = no proxy (environment proxies are ignored)
    int connect_timeout_seconds = 10;
    int request_timeout_seconds = 60;
};

struct SyncSection {
    int interval_seconds = 60; // daemon mode: time between passes when idle
    int max_backoff_seconds = 3600;
};

struct RetentionSection {
    int unacknowledged_days = 30; // how long a report may wait for central's acknowledgement …
    int warn_days_before = 7;     // … staff are warned this many days before (never deleted)
};

struct UiSection {
    std::string default_language = "en-GB";
    int idle_seconds = 90;           // no touch for this long: "Are you still there?"
    int idle_countdown_seconds = 30; // then this countdown, then wipe
    double scale = 1.0;              // multiplies every size (on top of the DPI scale)
    bool fullscreen = true;
    bool high_contrast = false;
    bool larger_text = false;
    std::string read_aloud_device =
        "default"; // ALSA device for read-aloud ("default", "null", "hw:0"…)
    // A centre's recorded messages: <dir>/<language>/<message id>.ogg (docs/read-aloud.md)
    std::filesystem::path read_aloud_recordings = "/usr/share/hrc/audio"; // "" = none
};

// The receipt printer (issue 17, docs/receipt.md). No name: the kiosk offers no printing.
struct PrinterSection {
    std::string name;           // the CUPS queue; "" = no printer, the print button is not shown
    std::string server;         // "" = the system's CUPS; a socket path or "host:port"
    std::string paper = "80mm"; // "58mm" or "80mm" receipt roll, or "A4"
    int timeout_seconds = 60;   // a slip not printed by then is cancelled and reported
};

// Where to get support: shown on the confirmation screen and printed on the slip (issue 17 item
// 4). The defaults are Leicester, Leicestershire and Rutland's; every centre checks them.
struct SupportSection {
    std::string victim_first_phone = "0800 953 95 95";
    std::string victim_first_web = "www.victimfirst.org.uk";
    std::string police_emergency = "999";
    std::string police_non_emergency = "101";
    // Working days within which Victim First / the police usually make contact, as agreed with
    // them; 0 = the kiosk promises no time.
    int victim_first_contact_days = 0;
    int police_contact_days = 0;
    std::string centre_text; // the centre's own words (opening times, the desk), shown as written
    // The "I need help now" screen's own words from the centre (where staff are, who to ask), shown
    // as written under "call 999" and "ask a member of staff".
    std::string help_text;
};

struct Config {
    std::filesystem::path file; // where it was read from (empty for defaults)
    KioskSection kiosk;
    StoreSection store;
    CentralSection central;
    SyncSection sync;
    RetentionSection retention;
    UiSection ui;
    PrinterSection printer;
    SupportSection support;
};

class ConfigError : public Error {
public:
    explicit ConfigError(const std::string& message) : Error(Code::config, message) {}
};

// Reads and checks `path`. Throws ConfigError (see above) when the file is missing, unreadable,
// not valid TOML, or has an unknown key or a value of the wrong type or range.
Config load_config(const std::filesystem::path& path);

// Same, from text; `name` is used in messages and `base_dir` resolves relative paths.
Config parse_config(std::string_view toml_text, const std::string& name,
                    const std::filesystem::path& base_dir);

// The TOML text of `config` (every key, with comments), as written by hrc-admin init. Paths are
// written as given. parse_config(render_config(c)) reproduces c.
std::string render_config(const Config& config);

} // namespace hrc
