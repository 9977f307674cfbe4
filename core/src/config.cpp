// config.cpp — reads, checks and writes hrc.toml (see hrc/config.h and docs/configuration.md).
//
// One table (kSections below) lists every section and key with its comment, how to read it and how
// to write it, so the parser, the "known keys" in error messages and render_config() cannot drift
// apart.
#include "hrc/config.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <map>
#include <memory>
#include <span>
#include <string_view>
#include <system_error>

// toml++ is clean under our warning flags today, but a header we don't own must never break a
// -Werror build after a compiler upgrade.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wall"
#pragma GCC diagnostic ignored "-Wextra"
#pragma GCC diagnostic ignored "-Wpedantic"
#pragma GCC diagnostic ignored "-Wshadow"
#pragma GCC diagnostic ignored "-Wconversion"
#pragma GCC diagnostic ignored "-Wsign-conversion"
#pragma GCC diagnostic ignored "-Wold-style-cast"
#pragma GCC diagnostic ignored "-Wnull-dereference"
#include <toml++/toml.h>
#pragma GCC diagnostic pop

namespace hrc {
namespace {

namespace fs = std::filesystem;

// A configuration file is a few hundred bytes; the cap stops a wrong --config (a database, a log)
// from being read whole.
constexpr std::size_t kMaxFileBytes = 1024 * 1024;

constexpr std::size_t kMaxIdLength = 64;

// ---- small text helpers -------------------------------------------------------------------------

std::string found_type(const toml::node& node) {
    switch (node.type()) {
    case toml::node_type::table:
        return "a table";
    case toml::node_type::array:
        return "an array";
    case toml::node_type::string:
        return "a string";
    case toml::node_type::integer:
        return "an integer";
    case toml::node_type::floating_point:
        return "a floating-point number";
    case toml::node_type::boolean:
        return "a boolean";
    case toml::node_type::date:
        return "a date";
    case toml::node_type::time:
        return "a time";
    case toml::node_type::date_time:
        return "a date-time";
    case toml::node_type::none:
        break;
    }
    return "nothing";
}

// Shortest text that reads back as the same double, always with a '.' or exponent so that TOML
// reads it as a float (1 -> "1.0").
std::string format_double(double value) {
    if (std::isnan(value)) return "nan";
    if (std::isinf(value)) return value < 0 ? "-inf" : "inf";
    std::array<char, 64> buffer{};
    const auto result = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value);
    std::string text(buffer.data(), result.ptr);
    if (text.find_first_of(".eE") == std::string::npos) text += ".0";
    return text;
}

// A TOML basic string. Always "…" (never literal or multi-line) so the output is predictable;
// non-ASCII bytes pass through unchanged (TOML files are UTF-8).
std::string toml_quote(std::string_view text) {
    std::string out;
    out.reserve(text.size() + 2);
    out += '"';
    for (const char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        switch (c) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\b':
            out += "\\b";
            break;
        case '\t':
            out += "\\t";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\f':
            out += "\\f";
            break;
        case '\r':
            out += "\\r";
            break;
        default:
            if (byte < 0x20 || byte == 0x7F) {
                constexpr std::string_view hex = "0123456789ABCDEF";
                out += "\\u00";
                out += hex[byte >> 4];
                out += hex[byte & 0x0F];
            } else {
                out += c;
            }
        }
    }
    out += '"';
    return out;
}

// For "did you mean …?" on a misspelt key: edits (insert, delete, substitute, swap two neighbours)
// needed to turn `a` into `b`.
std::size_t edit_distance(std::string_view a, std::string_view b) {
    const std::size_t width = b.size() + 1;
    std::vector<std::size_t> d((a.size() + 1) * width);
    const auto at = [&](std::size_t i, std::size_t j) -> std::size_t& { return d[i * width + j]; };
    for (std::size_t i = 0; i <= a.size(); ++i)
        at(i, 0) = i;
    for (std::size_t j = 0; j <= b.size(); ++j)
        at(0, j) = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            at(i, j) = std::min({at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                at(i, j) = std::min(at(i, j), at(i - 2, j - 2) + 1);
        }
    }
    return at(a.size(), b.size());
}

bool is_id_char(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' ||
           c == '_' || c == '-';
}

bool is_alpha(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}
bool is_alnum(char c) {
    return is_alpha(c) || (c >= '0' && c <= '9');
}

// BCP 47 in shape only: a 2–8 letter language subtag, then subtags of 1–8 letters or digits joined
// by '-' ("en-GB", "pa", "zh-Hant-TW"). Whether we have a catalogue for it is the i18n layer's
// call.
bool is_language_tag(std::string_view tag) {
    if (tag.empty() || tag.size() > 35) return false;
    std::size_t start = 0;
    bool first = true;
    while (true) {
        const std::size_t dash = tag.find('-', start);
        const std::string_view subtag = tag.substr(
            start, dash == std::string_view::npos ? std::string_view::npos : dash - start);
        if (subtag.empty() || subtag.size() > 8) return false;
        if (first && (subtag.size() < 2 || !std::all_of(subtag.begin(), subtag.end(), is_alpha)))
            return false;
        if (!std::all_of(subtag.begin(), subtag.end(), is_alnum)) return false;
        if (dash == std::string_view::npos) return true;
        start = dash + 1;
        first = false;
    }
}

// ---- reading ------------------------------------------------------------------------------------

struct Problem {
    std::size_t line = 0;
    std::size_t column = 0;
    std::string message; // without the "<name>:<line>: " prefix
};

// Collects problems while the whole file is read; parse_config() throws the earliest one, so a
// person fixes the file top to bottom no matter in which order toml++ hands us the keys.
class Reader {
public:
    explicit Reader(fs::path base_dir) : base_dir_(std::move(base_dir)) {}

    void problem(const toml::source_region& where, std::string message) {
        problems_.push_back({where.begin.line, where.begin.column, std::move(message)});
    }

    const std::vector<Problem>& problems() const { return problems_; }

    // Where each key that was read successfully sits, for checks that involve two keys.
    std::optional<std::size_t> line_of(const std::string& full_key) const {
        const auto found = lines_.find(full_key);
        if (found == lines_.end()) return std::nullopt;
        return found->second;
    }

    void integer(const toml::node& node, const std::string& key, int& out, int min, int max,
                 std::string_view unit) {
        const std::string expected = "a whole number of " + std::string(unit) + " between " +
                                     std::to_string(min) + " and " + std::to_string(max);
        const auto* value = node.as_integer();
        if (value == nullptr) return wrong(node, key, expected, found_type(node));
        const std::int64_t number = value->get();
        if (number < min || number > max) return wrong(node, key, expected, std::to_string(number));
        out = static_cast<int>(number);
        read_ok(node, key);
    }

    // Integers are accepted too: "scale = 2" means 2.0 to anyone but a TOML lawyer.
    void number(const toml::node& node, const std::string& key, double& out, double min,
                double max) {
        const std::string expected =
            "a number between " + format_double(min) + " and " + format_double(max);
        double number = 0;
        if (const auto* f = node.as_floating_point()) {
            number = f->get();
        } else if (const auto* i = node.as_integer()) {
            number = static_cast<double>(i->get());
        } else {
            return wrong(node, key, expected, found_type(node));
        }
        // Written as !(in range) so that nan is out of range too.
        if (!(number >= min && number <= max))
            return wrong(node, key, expected, format_double(number));
        out = number;
        read_ok(node, key);
    }

    void boolean(const toml::node& node, const std::string& key, bool& out) {
        const auto* value = node.as_boolean();
        if (value == nullptr) return wrong(node, key, "true or false", found_type(node));
        out = value->get();
        read_ok(node, key);
    }

    // Any string (central.proxy).
    void text(const toml::node& node, const std::string& key, std::string& out,
              std::string_view expected) {
        const auto* value = node.as_string();
        if (value == nullptr) return wrong(node, key, expected, found_type(node));
        out = value->get();
        read_ok(node, key);
    }

    // Words shown to people (support contacts, the centre's text): any text without control
    // characters (newlines allowed when `multiline`), at most `max_bytes` bytes of UTF-8.
    void display_text(const toml::node& node, const std::string& key, std::string& out,
                      std::size_t max_bytes, bool multiline) {
        const std::string expected = "text of at most " + std::to_string(max_bytes) +
                                     " bytes without control characters" +
                                     (multiline ? " (line breaks are allowed)" : "");
        const auto* value = node.as_string();
        if (value == nullptr) return wrong(node, key, expected, found_type(node));
        const std::string& words = value->get();
        if (words.size() > max_bytes)
            return wrong(node, key, expected, std::to_string(words.size()) + " bytes");
        for (const char c : words) {
            const auto byte = static_cast<unsigned char>(c);
            if ((byte < 0x20 && !(multiline && c == '\n')) || byte == 0x7F)
                return wrong(node, key, expected, "a control character");
        }
        out = words;
        read_ok(node, key);
    }

    // A CUPS queue name (letters, digits, '.', '_', '-': what lpadmin accepts and a shell never
    // misreads); "" for no printer.
    void queue_name(const toml::node& node, const std::string& key, std::string& out) {
        const std::string expected = "a CUPS printer name (up to 127 letters, digits, '-', '_', "
                                     "'.'; no spaces), or \"\" for no printer";
        const auto* value = node.as_string();
        if (value == nullptr) return wrong(node, key, expected, found_type(node));
        const std::string& name = value->get();
        if (name.size() > 127)
            return wrong(node, key, expected, std::to_string(name.size()) + " characters");
        for (const char c : name)
            if (!is_id_char(c)) return wrong(node, key, expected, toml_quote(name));
        out = name;
        read_ok(node, key);
    }

    void one_of(const toml::node& node, const std::string& key, std::string& out,
                std::span<const std::string_view> allowed) {
        std::string expected = "one of";
        for (const std::string_view a : allowed)
            expected += " \"" + std::string(a) + "\"";
        const auto* value = node.as_string();
        if (value == nullptr) return wrong(node, key, expected, found_type(node));
        const std::string& given = value->get();
        for (const std::string_view a : allowed) {
            if (given.size() == a.size() &&
                std::equal(given.begin(), given.end(), a.begin(), [](char x, char y) {
                    return std::tolower(static_cast<unsigned char>(x)) ==
                           std::tolower(static_cast<unsigned char>(y));
                })) {
                out = std::string(a);
                read_ok(node, key);
                return;
            }
        }
        wrong(node, key, expected, toml_quote(given));
    }

    void identifier(const toml::node& node, const std::string& key, std::string& out) {
        const std::string expected =
            "1 to " + std::to_string(kMaxIdLength) + " letters, digits, '.', '_' or '-'";
        const auto* value = node.as_string();
        if (value == nullptr) return wrong(node, key, expected, found_type(node));
        const std::string& id = value->get();
        if (id.empty()) return wrong(node, key, expected, "an empty string");
        if (id.size() > kMaxIdLength)
            return wrong(node, key, expected, std::to_string(id.size()) + " characters");
        const auto bad = std::find_if_not(id.begin(), id.end(), is_id_char);
        if (bad != id.end()) {
            const auto byte = static_cast<unsigned char>(*bad);
            const std::string what = (byte < 0x20 || byte >= 0x7F)
                                         ? std::string("a character that is not plain ASCII")
                                         : "'" + std::string(1, *bad) + "'";
            return wrong(node, key, expected, toml_quote(id) + ", which contains " + what);
        }
        out = id;
        read_ok(node, key);
    }

    void language(const toml::node& node, const std::string& key, std::string& out) {
        const std::string expected = "a language tag such as \"en-GB\" or \"pa\" (letters and "
                                     "digits in parts joined by '-')";
        const auto* value = node.as_string();
        if (value == nullptr) return wrong(node, key, expected, found_type(node));
        const std::string& tag = value->get();
        if (!is_language_tag(tag)) return wrong(node, key, expected, toml_quote(tag));
        out = tag;
        read_ok(node, key);
    }

    void url(const toml::node& node, const std::string& key, std::string& out) {
        const auto* value = node.as_string();
        if (value == nullptr)
            return wrong(node, key, "a string starting with https://, or empty", found_type(node));
        const std::string& address = value->get();
        constexpr std::string_view scheme = "https://";
        if (!address.empty() && !address.starts_with(scheme)) {
            std::string message = key +
                                  " must start with https:// (the kiosk only talks to "
                                  "central over TLS); found " +
                                  toml_quote(address);
            message += ". Leave it empty until the central system is set up.";
            return problem(node.source(), std::move(message));
        }
        if (address.size() == scheme.size()) {
            return problem(node.source(), key + " must name the central server after https:// "
                                                "(found \"https://\"), or be empty");
        }
        out = address;
        read_ok(node, key);
    }

    // Paths are written as given and resolved here, against the folder that holds the file, so a
    // kiosk's files can sit beside hrc.toml and the whole folder can be moved.
    void path(const toml::node& node, const std::string& key, fs::path& out, bool may_be_empty) {
        const std::string expected =
            may_be_empty ? "a path (a string), or \"\" for none" : "a path to a file (a string)";
        const auto* value = node.as_string();
        if (value == nullptr) return wrong(node, key, expected, found_type(node));
        const std::string& text = value->get();
        if (text.empty() && !may_be_empty) return wrong(node, key, expected, "an empty string");
        if (text.find('\0') != std::string::npos)
            return wrong(node, key, expected, "a string containing a NUL character");
        const fs::path given(text);
        out = (given.empty() || given.is_absolute()) ? given : base_dir_ / given;
        read_ok(node, key);
    }

private:
    void wrong(const toml::node& node, const std::string& key, std::string_view expected,
               std::string_view found) {
        problem(node.source(),
                key + " must be " + std::string(expected) + " (found " + std::string(found) + ")");
    }

    void read_ok(const toml::node& node, const std::string& key) {
        lines_[key] = node.source().begin.line;
    }

    fs::path base_dir_;
    std::vector<Problem> problems_;
    std::map<std::string, std::size_t> lines_;
};

// ---- the schema ---------------------------------------------------------------------------------

struct Field {
    std::string_view key;
    std::string_view comment; // one line, written above the key by render_config()
    void (*read)(Reader&, const toml::node&, const std::string& key, Config&);
    std::string (*render)(const Config&);
};

struct Section {
    std::string_view name;
    std::string_view comment;
    std::span<const Field> fields;
};

std::string render_path(const fs::path& p) {
    return toml_quote(p.string());
}

const std::array kKioskFields{
    Field{"centre_id",
          "The Hate Reporting Centre this kiosk stands in (letters, digits, '.', '_', '-').",
          [](Reader& r, const toml::node& n, const std::string& k, Config& c) {
              r.identifier(n, k, c.kiosk.centre_id);
          },
          [](const Config& c) { return toml_quote(c.kiosk.centre_id); }},
    Field{"kiosk_id", "This device, as central knows it (letters, digits, '.', '_', '-').",
          [](Reader& r, const toml::node& n, const std::string& k, Config& c) {
              r.identifier(n, k, c.kiosk.kiosk_id);
          },
          [](const Config& c) { return toml_quote(c.kiosk.kiosk_id); }},
    Field{"signing_key",
          "Ed25519 secret key that signs sealed reports (file mode 0600); \"\" = not set, cannot "
          "submit.",
          [](Reader& r, const toml::node& n, const std::string& k, Config& c) {
              r.path(n, k, c.kiosk.signing_key, true);
          },
          [](const Config& c) { return render_path(c.kiosk.signing_key); }},
};

const std::array kStoreFields{
    Field{"database", "The encrypted report store (SQLCipher), created by hrc-admin init.",
          [](Reader& r, const toml::node& n, const std::string& k, Config& c) {
              r.path(n, k, c.store.database, false);
          },
          [](const Config& c) { return render_path(c.store.database); }},
    Field{"key_file", "The store's 256-bit key as 64 hex characters (file mode 0600).",
          [](Reader& r, const toml::node& n, const std::string& k, Config& c) {
              r.path(n, k, c.store.key_file, false);
          },
          [](const Config& c) { return render_path(c.store.key_file); }},
    Field{
        "busy_timeout_ms",
        "How long to wait for the other process's lock on the store, in milliseconds (100-600000).",
        [](Reader& r, const toml::node& n, const std::string& k, Config& c) {
            r.integer(n, k, c.store.busy_timeout_ms, 100, 600000, "milliseconds");
        },
        [](const Config& c) { return std::to_string(c.store.busy_timeout_ms); }},
};

const std::array kCentralFields{
    Field{"public_identity",
          "central.pub, written by hrc-central init; \"\" = not set, cannot submit.",
          [](Reader& r, const toml::node& n, const std::string& k, Config& c) {
              r.path(n, k, c.central.public_identity, true);
          },
          [](const Config& c) { return render_path(c.central.public_identity); }},
    Field{"url", "The central system's address, https:// only; \"\" = sync not configured yet.",
          [](Reader& r, const toml::node& n, const std::string& k, Config& c) {
              r.url(n, k, c.central.url);
          },
          [](const Config& c) { return toml_quote(c.central.url); }},
    Field{"proxy",
          "Proxy for sync, e.g. \"http://proxy.example:3128\"; \"\" = none (environment "
          "proxies are ignored).",
          [](Reader& r, const toml::node& n, const std::string& k, Config& c) {
              r.text(n, k, c.central.proxy, "a string (\"\" for no proxy)");
          },
          [](const Config& c) { return toml_quote(c.central.proxy); }},
    Field{"connect_timeout_seconds",
          "Give up connecting to central after this many seconds (1-300).",
          [](Reader& r, const toml::node& n, const std::string& k, Config& c) {
              r.integer(n, k, c.central.connect_timeout_seconds, 1, 300, "seconds");
          },
          [](const Config& c) { return std::to_string(c.central.connect_timeout_seconds); }},
    Field{"request_timeout_seconds",
          "Give up on one request to central after this many seconds (1-3600).",
          [](Reader& r, const toml::node& n, const std::string& k, Config& c) {
              r.integer(n, k, c.central.request_timeout_seconds, 1, 3600, "seconds");
          },
          [](const Config& c) { return std::to_string(c.central.request_timeout_seconds); }},
};

const std::array kSyncFields{
    Field{"interval_seconds",
          "hrc-sync daemon: seconds between passes when there is nothing to retry (5-86400).",
          [](Reader& r, const toml::node& n, const std::string& k, Config& c) {
              r.integer(n, k, c.sync.interval_seconds, 5, 86400, "seconds");
          },
          [](const Config& c) { return std::to_string(c.sync.interval_seconds); }},
    Field{"max_backoff_seconds",
          "Longest wait between retries after failures, in seconds (60-604800).",
          [](Reader& r, const toml::node& n, const std::string& k, Config& c) {
              r.integer(n, k, c.sync.max_backoff_seconds, 60, 604800, "seconds");
          },
          [](const Config& c) { return std::to_string(c.sync.max_backoff_seconds); }},
};

const std::array kRetentionFields{
    Field{"unacknowledged_days",
          "How long a report may wait for central's acknowledgement before staff must act "
          "(1-3650); it is never deleted.",
          [](Reader& r, const toml::node& n, const std::string& k, Config& c) {
              r.integer(n, k, c.retention.unacknowledged_days, 1, 3650, "days");
          },
          [](const Config& c) { return std::to_string(c.retention.unacknowledged_days); }},
    Field{"warn_days_before",
          "Warn staff this many days before that (0-365, less than unacknowledged_days).",
          [](Reader& r, const toml::node& n, const std::string& k, Config& c) {
              r.integer(n, k, c.retention.warn_days_before, 0, 365, "days");
          },
          [](const Config& c) { return std::to_string(c.retention.warn_days_before); }},
};

const std::array kUiFields{
    Field{"default_language",
          "Language of the start screen until a person picks one (a language tag, e.g. \"en-GB\").",
          [](Reader& r, const toml::node& n, const std::string& k, Config& c) {
              r.language(n, k, c.ui.default_language);
          },
          [](const Config& c) { return toml_quote(c.ui.default_language); }},
    Field{"idle_seconds", "Seconds without a touch before \"Are you still there?\" (15-3600).",
          [](Reader& r, const toml::node& n, const std::string& k, Config& c) {
              r.integer(n, k, c.ui.idle_seconds, 15, 3600, "seconds");
          },
          [](const Config& c) { return std::to_string(c.ui.idle_seconds); }},
    Field{"idle_countdown_seconds",
          "Seconds of countdown after that before the draft is wiped (5-300).",
          [](Reader& r, const toml::node& n, const std::string& k, Config& c) {
              r.integer(n, k, c.ui.idle_countdown_seconds, 5, 300, "seconds");
          },
          [](const Config& c) { return std::to_string(c.ui.idle_countdown_seconds); }},
    Field{"scale", "Multiplies every size, on top of the screen's DPI scale (0.5-4.0).",
          [](Reader& r, const toml::node& n, const std::string& k, Config& c) {
              r.number(n, k, c.ui.scale, 0.5, 4.0);
          },
          [](const Config& c) { return format_double(c.ui.scale); }},
    Field{"fullscreen", "Fill the screen (true on a kiosk; false for testing in a window).",
          [](Reader& r, const toml::node& n, const std::string& k, Config& c) {
              r.boolean(n, k, c.ui.fullscreen);
          },
          [](const Config& c) { return std::string(c.ui.fullscreen ? "true" : "false"); }},
    Field{"high_contrast", "Start in high-contrast colours (a person can still switch).",
          [](Reader& r, const toml::node& n, const std::string& k, Config& c) {
              r.boolean(n, k, c.ui.high_contrast);
          },
          [](const Config& c) { return std::string(c.ui.high_contrast ? "true" : "false"); }},
    Field{"larger_text", "Start with larger text (a person can still switch).",
          [](Reader& r, const toml::node& n, const std::string& k, Config& c) {
              r.boolean(n, k, c.ui.larger_text);
          },
          [](const Config& c) { return std::string(c.ui.larger_text ? "true" : "false"); }},
    Field{"read_aloud_device",
          "ALSA device that plays read-aloud (\"default\"; \"null\" plays nothing, for tests).",
          [](Reader& r, const toml::node& n, const std::string& k, Config& c) {
              r.text(n, k, c.ui.read_aloud_device, "an ALSA device name such as \"default\"");
          },
          [](const Config& c) { return toml_quote(c.ui.read_aloud_device); }},
    Field{
        "read_aloud_recordings",
        "Folder of recorded messages, <folder>/<language>/<message id>.ogg, played instead of the "
        "synthetic voice (and for Somali, which has none); \"\" = none. scripts/recording-list "
        "prints the ids.",
        [](Reader& r, const toml::node& n, const std::string& k, Config& c) {
            r.path(n, k, c.ui.read_aloud_recordings, true);
        },
        [](const Config& c) { return render_path(c.ui.read_aloud_recordings); }},
};

constexpr std::array<std::string_view, 3> kPaperNames{"58mm", "80mm", "A4"};

const std::array kPrinterFields{
    Field{"name",
          "The CUPS printer for receipt slips (lpstat -p lists them); \"\" = no printer, no print "
          "button.",
          [](Reader& r, const toml::node& n, const std::string& k, Config& c) {
              r.queue_name(n, k, c.printer.name);
          },
          [](const Config& c) { return toml_quote(c.printer.name); }},
    Field{"server",
          "The CUPS server: \"\" = this machine's; a socket path or \"host:port\" otherwise.",
          [](Reader& r, const toml::node& n, const std::string& k, Config& c) {
              r.display_text(n, k, c.printer.server, 255, false);
          },
          [](const Config& c) { return toml_quote(c.printer.server); }},
    Field{"paper", "The paper in it: \"58mm\" or \"80mm\" receipt roll, or \"A4\".",
          [](Reader& r, const toml::node& n, const std::string& k, Config& c) {
              r.one_of(n, k, c.printer.paper, kPaperNames);
          },
          [](const Config& c) { return toml_quote(c.printer.paper); }},
    Field{"timeout_seconds",
          "A slip not printed within this many seconds is cancelled and the person told (10-600).",
          [](Reader& r, const toml::node& n, const std::string& k, Config& c) {
              r.integer(n, k, c.printer.timeout_seconds, 10, 600, "seconds");
          },
          [](const Config& c) { return std::to_string(c.printer.timeout_seconds); }},
};

const std::array kSupportFields{
    Field{"victim_first_phone", "Victim First's phone number, as people should dial it.",
          [](Reader& r, const toml::node& n, const std::string& k, Config& c) {
              r.display_text(n, k, c.support.victim_first_phone, 40, false);
          },
          [](const Config& c) { return toml_quote(c.support.victim_first_phone); }},
    Field{"victim_first_web", "Victim First's web address; \"\" = not shown.",
          [](Reader& r, const toml::node& n, const std::string& k, Config& c) {
              r.display_text(n, k, c.support.victim_first_web, 80, false);
          },
          [](const Config& c) { return toml_quote(c.support.victim_first_web); }},
    Field{"police_emergency", "The emergency number.",
          [](Reader& r, const toml::node& n, const std::string& k, Config& c) {
              r.display_text(n, k, c.support.police_emergency, 40, false);
          },
          [](const Config& c) { return toml_quote(c.support.police_emergency); }},
    Field{"police_non_emergency", "The police's number when it is not an emergency.",
          [](Reader& r, const toml::node& n, const std::string& k, Config& c) {
              r.display_text(n, k, c.support.police_non_emergency, 40, false);
          },
          [](const Config& c) { return toml_quote(c.support.police_non_emergency); }},
    Field{"victim_first_contact_days",
          "Working days within which Victim First contacts people who asked, as agreed with them "
          "(0-30; 0 = no time is promised).",
          [](Reader& r, const toml::node& n, const std::string& k, Config& c) {
              r.integer(n, k, c.support.victim_first_contact_days, 0, 30, "working days");
          },
          [](const Config& c) { return std::to_string(c.support.victim_first_contact_days); }},
    Field{"police_contact_days",
          "Working days within which the police contact people who agreed, as agreed with them "
          "(0-30; 0 = no time is promised).",
          [](Reader& r, const toml::node& n, const std::string& k, Config& c) {
              r.integer(n, k, c.support.police_contact_days, 0, 30, "working days");
          },
          [](const Config& c) { return std::to_string(c.support.police_contact_days); }},
    Field{"centre_text",
          "The centre's own words under the contacts (opening times, where the desk is), shown "
          "as written; \"\" = none.",
          [](Reader& r, const toml::node& n, const std::string& k, Config& c) {
              r.display_text(n, k, c.support.centre_text, 600, true);
          },
          [](const Config& c) { return toml_quote(c.support.centre_text); }},
    Field{"help_text",
          "The centre's own words on the \"I need help now\" screen (where staff are, who to ask), "
          "shown as written; \"\" = none.",
          [](Reader& r, const toml::node& n, const std::string& k, Config& c) {
              r.display_text(n, k, c.support.help_text, 600, true);
          },
          [](const Config& c) { return toml_quote(c.support.help_text); }},
};

const std::array kSections{
    Section{"kiosk", "Who this kiosk is.", kKioskFields},
    Section{"store",
            "The encrypted store that holds sealed reports until central acknowledges them.",
            kStoreFields},
    Section{"central", "The central system that receives reports (used by hrc-sync).",
            kCentralFields},
    Section{"sync", "How often hrc-sync tries.", kSyncFields},
    Section{"retention", "What happens to reports central never acknowledges.", kRetentionFields},
    Section{"ui", "The touchscreen (hrc-kiosk).", kUiFields},
    Section{"printer", "The receipt printer (hrc-kiosk's \"Print my reference\").", kPrinterFields},
    Section{"support", "Where to get support: on the confirmation screen and the printed slip.",
            kSupportFields},
};

std::string known_keys(const Section& section) {
    std::string list;
    for (const Field& field : section.fields) {
        if (!list.empty()) list += ", ";
        list += field.key;
    }
    return list;
}

std::string known_sections() {
    std::string list;
    for (const Section& section : kSections) {
        if (!list.empty()) list += ", ";
        list += "[" + std::string(section.name) + "]";
    }
    return list;
}

// " Did you mean 'x'?" for a near miss, or "" — a typo is the likeliest reason for an unknown key.
std::string suggestion(std::string_view unknown, std::span<const std::string_view> known,
                       std::string_view prefix) {
    // A third of the word may be wrong ("idle_secs" for "idle_seconds"), but at least one letter.
    std::size_t best_distance = std::max<std::size_t>(1, unknown.size() / 3) + 1;
    std::string_view best;
    for (const std::string_view candidate : known) {
        const std::size_t distance = edit_distance(unknown, candidate);
        if (distance < best_distance) {
            best = candidate;
            best_distance = distance;
        }
    }
    if (best.empty()) return "";
    return " Did you mean '" + std::string(prefix) + std::string(best) + "'?";
}

// A key that exists, but in another section ("idle_seconds" written under [kiosk]).
const Section* section_holding(std::string_view key) {
    for (const Section& section : kSections)
        for (const Field& field : section.fields)
            if (field.key == key) return &section;
    return nullptr;
}

void read_section(Reader& reader, const Section& section, const toml::table& table,
                  Config& config) {
    for (auto&& [key, node] : table) {
        // Named, because clang before 16 cannot capture a structured binding in a lambda.
        const std::string_view key_name = key.str();
        const auto field = std::find_if(section.fields.begin(), section.fields.end(),
                                        [&](const Field& f) { return f.key == key_name; });
        if (field != section.fields.end()) {
            field->read(reader, node, std::string(section.name) + "." + std::string(key.str()),
                        config);
            continue;
        }
        std::string message = "unknown key '" + std::string(section.name) + "." +
                              std::string(key.str()) + "'. Known keys in [" +
                              std::string(section.name) + "] are: " + known_keys(section) + ".";
        const Section* elsewhere = section_holding(key.str());
        if (elsewhere != nullptr) {
            message += " '" + std::string(key.str()) + "' belongs in [" +
                       std::string(elsewhere->name) + "].";
        } else {
            std::vector<std::string_view> names;
            for (const Field& f : section.fields)
                names.push_back(f.key);
            message += suggestion(key.str(), names, std::string(section.name) + ".");
        }
        reader.problem(key.source(), std::move(message));
    }
}

void read_root(Reader& reader, const toml::table& root, Config& config) {
    for (auto&& [key, node] : root) {
        const std::string_view key_name = key.str();
        const auto section = std::find_if(kSections.begin(), kSections.end(),
                                          [&](const Section& s) { return s.name == key_name; });
        if (section == kSections.end()) {
            const std::string name(key.str());
            std::string message;
            if (node.is_table()) {
                message =
                    "unknown section [" + name + "]. Known sections are: " + known_sections() + ".";
                std::vector<std::string_view> names;
                for (const Section& s : kSections)
                    names.push_back(s.name);
                message += suggestion(name, names, "");
            } else {
                message = "unknown key '" + name + "'. Every key belongs in one of the sections " +
                          known_sections() + ".";
                if (const Section* home = section_holding(name))
                    message += " '" + name + "' belongs in [" + std::string(home->name) + "].";
            }
            reader.problem(key.source(), std::move(message));
            continue;
        }
        const auto* table = node.as_table();
        if (table == nullptr) {
            reader.problem(node.source(),
                           std::string(section->name) + " must be a section, written [" +
                               std::string(section->name) + "] on a line of its own (found " +
                               found_type(node) + ")");
            continue;
        }
        read_section(reader, *section, *table, config);
    }
}

// Checks that involve two keys run after both were read (and only if both were fine on their own).
void check_together(Reader& reader, const Config& config) {
    const auto& r = config.retention;
    if (r.warn_days_before < r.unacknowledged_days) return;
    const auto warn_line = reader.line_of("retention.warn_days_before");
    const auto days_line = reader.line_of("retention.unacknowledged_days");
    toml::source_region where{};
    where.begin.line = static_cast<toml::source_index>(warn_line.value_or(days_line.value_or(0)));
    reader.problem(
        where,
        "retention.warn_days_before must be less than retention.unacknowledged_days"
        " (found warn_days_before = " +
            std::to_string(r.warn_days_before) + (warn_line ? "" : " by default") +
            " and unacknowledged_days = " + std::to_string(r.unacknowledged_days) +
            (days_line ? "" : " by default") +
            "): staff are warned that many days before a report has waited unacknowledged_days");
}

// The byte at a toml++ position (1-based line, 1-based column counted in code points), or '\n' at
// or past the end of that line.
char char_at(std::string_view text, std::size_t line, std::size_t column) {
    std::size_t start = 0;
    for (std::size_t l = 1; l < line; ++l) {
        const std::size_t newline = text.find('\n', start);
        if (newline == std::string_view::npos) return '\n';
        start = newline + 1;
    }
    std::size_t seen = 0; // code points before `i`
    for (std::size_t i = start; i < text.size() && text[i] != '\n'; ++i) {
        if ((static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) continue; // UTF-8 continuation
        if (++seen == column) return text[i];
    }
    return '\n';
}

// toml++'s description of a syntax error, reworded where it is misleading.
std::string describe(const toml::parse_error& error, std::string_view text) {
    std::string description(error.description());
    const auto& begin = error.source().begin;
    // An unclosed "… reaches the newline, which toml++ reports as a forbidden control character.
    const char at = char_at(text, begin.line, begin.column);
    if (description.find("unescaped control characters") != std::string::npos &&
        (at == '\n' || at == '\r'))
        return "a string is not closed before the end of the line";
    // toml++ starts its descriptions with a capital ("Error while…"); here they go mid-sentence.
    if (description.starts_with("Error") || description.starts_with("Encountered"))
        description[0] = static_cast<char>(description[0] - 'A' + 'a');
    while (!description.empty() && description.back() == '.')
        description.pop_back();
    return description;
}

std::string located(const std::string& name, std::size_t line) {
    return line == 0 ? name + ": " : name + ":" + std::to_string(line) + ": ";
}

std::string read_file(const fs::path& path) {
    const std::string shown = path.string();
    std::error_code ec;
    const fs::file_status status = fs::status(path, ec);
    if (status.type() == fs::file_type::not_found) {
        throw ConfigError(
            shown + ": the configuration file does not exist. Create one with "
                    "`hrc-admin init --dir DIR --central CENTRAL_PUB` or pass --config FILE.");
    }
    if (ec) {
        throw ConfigError(shown + ": cannot read the configuration file: " + ec.message() +
                          ". Check the permissions of the file and the folders above it.");
    }
    if (status.type() == fs::file_type::directory) {
        throw ConfigError(shown +
                          ": this is a folder, not a configuration file. Pass the file itself, "
                          "e.g. --config " +
                          (path / "hrc.toml").string() + ".");
    }
    // A FIFO or device would block or never end; a configuration file is a regular file.
    if (status.type() != fs::file_type::regular) {
        throw ConfigError(shown + ": this is not a regular file, so it is not a configuration "
                                  "file. Check the --config argument.");
    }

    std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(shown.c_str(), "rb"),
                                                         &std::fclose);
    if (!file) {
        const int error = errno;
        throw ConfigError(shown + ": cannot read the configuration file: " +
                          std::generic_category().message(error) +
                          ". Check that the user running this program may read it.");
    }
    std::string text;
    std::array<char, 16384> buffer{};
    while (true) {
        const std::size_t got = std::fread(buffer.data(), 1, buffer.size(), file.get());
        text.append(buffer.data(), got);
        if (text.size() > kMaxFileBytes) {
            throw ConfigError(shown +
                              ": this is larger than 1 MiB, so it is not a configuration file. "
                              "Check the --config argument.");
        }
        if (got < buffer.size()) break;
    }
    if (std::ferror(file.get()) != 0) {
        const int error = errno;
        throw ConfigError(shown + ": cannot read the configuration file: " +
                          std::generic_category().message(error) + ".");
    }
    return text;
}

} // namespace

Config parse_config(std::string_view toml_text, const std::string& name, const fs::path& base_dir) {
    toml::table root;
    try {
        // The explicit std::string_view: toml++ 3.3's parse(const char*, const char*) is ambiguous.
        root = toml::parse(toml_text, std::string_view(name));
    } catch (const toml::parse_error& error) {
        const auto& begin = error.source().begin;
        throw ConfigError(name + ":" + std::to_string(begin.line) + ":" +
                          std::to_string(begin.column) +
                          ": this is not valid TOML: " + describe(error, toml_text) +
                          ". Check the quoting and brackets on that line.");
    }

    Config config;
    Reader reader(base_dir);
    read_root(reader, root, config);
    if (reader.problems().empty()) check_together(reader, config);

    const auto& problems = reader.problems();
    if (!problems.empty()) {
        const auto first = std::min_element(
            problems.begin(), problems.end(), [](const Problem& a, const Problem& b) {
                return a.line != b.line ? a.line < b.line : a.column < b.column;
            });
        throw ConfigError(located(name, first->line) + first->message);
    }
    return config;
}

Config load_config(const fs::path& path) {
    const std::string text = read_file(path);
    // Absolute, so that paths stay right after a daemon changes its working directory.
    std::error_code ec;
    fs::path base_dir = fs::absolute(path, ec).parent_path();
    if (ec) base_dir = path.parent_path();
    Config config = parse_config(text, path.string(), base_dir);
    config.file = path;
    return config;
}

std::string render_config(const Config& config) {
    std::string out =
        R"(# hrc.toml — configuration of a Hate Reporting Centre kiosk, read by hrc-kiosk,
# hrc-sync and hrc-admin. Every key is listed; docs/configuration.md explains each one.
# Relative paths are resolved against the folder that holds this file.
)";
    for (const Section& section : kSections) {
        out += "\n# " + std::string(section.comment) + "\n";
        out += "[" + std::string(section.name) + "]\n";
        for (const Field& field : section.fields) {
            out += "# " + std::string(field.comment) + "\n";
            out += std::string(field.key) + " = " + field.render(config) + "\n";
        }
    }
    return out;
}

} // namespace hrc
