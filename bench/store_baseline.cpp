// store_baseline.cpp — hrc-bench-store-sqlite: the plain-SQLite baseline of bench/store.
//
// The same schema and pragmas as the kiosk store (hrc/store_schema.h), in plain libsqlite3 with no
// encryption, and the same transaction shape as Store::insert. It links only libsqlite3: SQLCipher
// exports the same symbols, so the two cannot share a binary. hrc-bench-store starts this program
// and drives it over stdin/stdout (--serve) so that both sides are measured interleaved in the same
// run; it can also run on its own (see --help).
//
// [SECTION] Options
// [SECTION] Ids
// [SECTION] The baseline store
// [SECTION] Serve mode (driven by hrc-bench-store)
// [SECTION] Standalone mode
// [SECTION] main

#include <csignal>
#include <cstdio>
#include <iostream>
#include <map>
#include <memory>
#include <random>
#include <sstream>
#include <string>
#include <unordered_set>
#include <vector>

#include "hrc/store_schema.h"

#include "bench_common.h"

namespace {

using hrc_bench::Clock;
using hrc_bench::Stmt;

//-------------------------------------------------------------------------------------------------
// [SECTION] Options
//-------------------------------------------------------------------------------------------------

constexpr const char* kUsage =
    R"(hrc-bench-store-sqlite — plain-SQLite baseline of the kiosk store benchmark

Normally started by hrc-bench-store, which drives it with --serve. Standalone it measures the
baseline alone and prints one line per depth:
  depth=<rows> samples=<n> p50_ms=<ms> p99_ms=<ms> cpu_p50_ms=<ms> prefill_ms=<ms> page_size=<bytes>

Options:
  --sealed-size BYTES      size of the sealed blob per report (required; hrc-bench-store passes
                           the real sealed size of docs/examples/report.json)
  --signature-size BYTES   size of the signature blob (default 64, Ed25519)
  --language TAG           language column (default gu, as in the example report)
  --mode MODE              mode column (default staff_assisted, as in the example report)
  --page-size BYTES        PRAGMA page_size before the schema (default: SQLite's own default)
  --serve                  read commands on stdin (used by hrc-bench-store)
  --samples N              standalone: inserts per depth (default 300)
  --warmup N               standalone: unrecorded inserts before measuring (default 10)
  --depths LIST            standalone: queued reports before measuring (default 0,10000,100000)
  --dir PATH               standalone: where the temporary folder goes (default $TMPDIR or /var/tmp)

Example:
  hrc-bench-store-sqlite --sealed-size 2000 --depths 0,10000 --samples 200
)";

struct Options {
    std::size_t sealed_size = 0;
    std::size_t signature_size = 64;
    std::string language = "gu";
    std::string mode = "staff_assisted";
    int page_size = 0; // 0 = SQLite's default
    bool serve = false;
    int samples = 300;
    int warmup = 10;
    std::vector<int> depths{0, 10000, 100000};
    std::filesystem::path dir = hrc_bench::default_parent_dir();
};

long parse_number(const std::string& text, const std::string& option, long min, long max) {
    std::size_t used = 0;
    long value = 0;
    try {
        value = std::stol(text, &used);
    } catch (const std::exception&) {
        used = 0;
    }
    if (used != text.size() || value < min || value > max)
        throw std::invalid_argument(option + " wants a whole number from " + std::to_string(min) +
                                    " to " + std::to_string(max) + ", not '" + text + "'");
    return value;
}

std::vector<int> parse_depths(const std::string& text) {
    std::vector<int> depths;
    std::stringstream in(text);
    std::string item;
    while (std::getline(in, item, ','))
        depths.push_back(static_cast<int>(parse_number(item, "--depths", 0, 10'000'000)));
    if (depths.empty()) throw std::invalid_argument("--depths wants a list such as 0,10000,100000");
    return depths;
}

Options parse_options(int argc, char** argv) {
    Options o;
    const std::vector<std::string> args(argv + 1, argv + argc);
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        auto value = [&]() -> const std::string& {
            if (i + 1 >= args.size()) throw std::invalid_argument(a + " needs a value");
            return args[++i];
        };
        if (a == "--help" || a == "-h") {
            std::cout << kUsage;
            std::exit(0);
        } else if (a == "--sealed-size") {
            o.sealed_size = static_cast<std::size_t>(parse_number(value(), a, 1, 100'000'000));
        } else if (a == "--signature-size") {
            o.signature_size = static_cast<std::size_t>(parse_number(value(), a, 1, 1'000'000));
        } else if (a == "--language") {
            o.language = value();
        } else if (a == "--mode") {
            o.mode = value();
        } else if (a == "--page-size") {
            o.page_size = static_cast<int>(parse_number(value(), a, 512, 65536));
        } else if (a == "--serve") {
            o.serve = true;
        } else if (a == "--samples") {
            o.samples = static_cast<int>(parse_number(value(), a, 1, 10'000'000));
        } else if (a == "--warmup") {
            o.warmup = static_cast<int>(parse_number(value(), a, 0, 10'000'000));
        } else if (a == "--depths") {
            o.depths = parse_depths(value());
        } else if (a == "--dir") {
            o.dir = value();
        } else {
            throw std::invalid_argument("unknown option " + a + " (see --help)");
        }
    }
    if (o.sealed_size == 0) throw std::invalid_argument("--sealed-size is required (see --help)");
    return o;
}

//-------------------------------------------------------------------------------------------------
// [SECTION] Ids
//-------------------------------------------------------------------------------------------------

// Ids with the same length and character set as hrc's (UUID v4 text, "HRC-XXXX-XXXX"), so the
// index entries have the same sizes. Not cryptographic: the baseline only needs them unique.
class IdSource {
public:
    hrc_bench::Ids next() {
        hrc_bench::Ids ids;
        ids.report_id = uuid();
        do
            ids.reference = reference();
        while (!used_references_.insert(ids.reference)
                    .second); // 40 random bits: rare, but never repeat
        return ids;
    }

private:
    std::string uuid() {
        static constexpr char kHex[] = "0123456789abcdef";
        std::string s(36, '-');
        for (std::size_t i = 0; i < s.size(); ++i)
            if (i != 8 && i != 13 && i != 18 && i != 23) s[i] = kHex[rng_() & 0xf];
        s[14] = '4';
        s[19] = kHex[8 + (rng_() & 0x3)];
        return s;
    }
    std::string reference() {
        static constexpr char kCrockford[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
        std::string s = "HRC-XXXX-XXXX";
        for (std::size_t i : {4u, 5u, 6u, 7u, 9u, 10u, 11u, 12u})
            s[i] = kCrockford[rng_() & 0x1f];
        return s;
    }
    std::mt19937_64 rng_{std::random_device{}()};
    std::unordered_set<std::string> used_references_;
};

//-------------------------------------------------------------------------------------------------
// [SECTION] The baseline store
//-------------------------------------------------------------------------------------------------

// One plain-SQLite database set up the way Store::create sets up the kiosk store: a 0600 file,
// the same open flags, busy timeout and pragmas, the schema migration in its own transaction, the
// kiosk identity row and the first audit entry.
class BaselineStore {
public:
    BaselineStore(std::string path, const Options& options) : path_(std::move(path)) {
        hrc_bench::create_private_file(path_);
        int rc = sqlite3_open_v2(path_.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_FULLMUTEX,
                                 nullptr);
        if (rc != SQLITE_OK) {
            sqlite3_close(db_);
            db_ = nullptr;
            hrc_bench::remove_database(path_);
            throw std::runtime_error(path_ + ": cannot open: " + sqlite3_errstr(rc));
        }
        try {
            rc = sqlite3_extended_result_codes(db_, 1);
            if (rc != SQLITE_OK) hrc_bench::throw_sqlite(db_, rc, "enabling extended result codes");
            rc = sqlite3_busy_timeout(db_, 5000); // StoreOptions::busy_timeout_ms
            if (rc != SQLITE_OK) hrc_bench::throw_sqlite(db_, rc, "setting the busy timeout");
            if (options.page_size > 0)
                hrc_bench::exec(db_,
                                ("PRAGMA page_size=" + std::to_string(options.page_size)).c_str(),
                                "setting the page size");
            hrc_bench::exec(db_, hrc::schema::kPragmas, "setting the pragmas");
            hrc_bench::exec(db_, "BEGIN IMMEDIATE", "migrating");
            for (const char* migration : hrc::schema::kMigrations)
                hrc_bench::exec(db_, migration, "migrating");
            hrc_bench::exec(db_, "COMMIT", "migrating");
            const std::array<unsigned char, 32> public_key{};
            Stmt(db_, "INSERT INTO kiosk (id, kiosk_id, centre_id, public_key, created_at) VALUES "
                      "(1, ?1, ?2, ?3, ?4)")
                .bind(1, std::string("kiosk-bench"))
                .bind(2, std::string("centre-bench"))
                .bind(3, public_key.data(), public_key.size())
                .bind(4, std::int64_t{0})
                .run();
            // Store::create's first audit entry ("store.created"), so the audit table starts alike.
            const std::array<unsigned char, 32> zero_hash{};
            Stmt(db_, hrc::schema::kInsertAudit)
                .bind(1, std::int64_t{1})
                .bind(2, std::int64_t{0})
                .bind(3, std::string("store.created"))
                .bind(4,
                      std::string("{\"centre_id\":\"centre-bench\",\"kiosk_id\":\"kiosk-bench\"}"))
                .bind(5, zero_hash.data(), zero_hash.size())
                .bind(6, zero_hash.data(), zero_hash.size())
                .run();
        } catch (...) {
            close_and_remove();
            throw;
        }
    }
    ~BaselineStore() { close_and_remove(); }
    BaselineStore(const BaselineStore&) = delete;
    BaselineStore& operator=(const BaselineStore&) = delete;

    sqlite3* handle() const { return db_; }

    // The transaction of Store::insert, statement for statement. Like Store, it prepares each
    // statement inside the call (no statement cache), so the two sides do the same work.
    void insert(const hrc_bench::Ids& ids, const hrc_bench::RowTemplate& row, std::int64_t now) {
        hrc_bench::exec(db_, "BEGIN IMMEDIATE", "starting an insert");
        try {
            {
                Stmt exists(db_, "SELECT 1 FROM outbox WHERE report_id = ?1 OR reference = ?2");
                exists.bind(1, ids.report_id).bind(2, ids.reference);
                if (exists.step())
                    throw std::runtime_error("report id or reference already stored");
            }
            Stmt(db_, hrc::schema::kInsertOutbox)
                .bind(1, ids.report_id)
                .bind(2, ids.reference)
                .bind(3, row.language)
                .bind(4, row.mode)
                .bind(5, now)
                .bind(6, row.key_id.data(), row.key_id.size())
                .bind(7, static_cast<std::int64_t>(row.sealed.size() + row.signature.size()))
                .run();
            Stmt(db_, hrc::schema::kInsertSealed)
                .bind(1, static_cast<std::int64_t>(sqlite3_last_insert_rowid(db_)))
                .bind(2, row.sealed.data(), row.sealed.size())
                .bind(3, row.signature.data(), row.signature.size())
                .run();
            std::int64_t seq = 1;
            std::vector<unsigned char> prev(32, 0);
            {
                Stmt last(db_, hrc::schema::kLastAudit);
                if (last.step()) {
                    seq = last.integer(0) + 1;
                    prev = last.blob(1);
                }
            }
            // The real store chains BLAKE2b-256 (libsodium) here; the baseline must not link
            // libsodium's work into its figure, and a 32-byte dummy hash stores the same bytes.
            // Hashing ~100 bytes costs well under a microsecond, far below the figures measured.
            std::array<unsigned char, 32> hash{};
            hash[0] = static_cast<unsigned char>(seq);
            Stmt(db_, hrc::schema::kInsertAudit)
                .bind(1, seq)
                .bind(2, now)
                .bind(3, std::string("report.stored"))
                .bind(4, hrc_bench::audit_detail(ids.report_id, ids.reference))
                .bind(5, prev.data(), prev.size())
                .bind(6, hash.data(), hash.size())
                .run();
        } catch (...) {
            sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
            throw;
        }
        hrc_bench::exec(db_, "COMMIT", "committing an insert");
    }

private:
    void close_and_remove() {
        if (db_) {
            sqlite3_close(db_); // every Stmt is scoped, so none is open
            db_ = nullptr;
        }
        hrc_bench::remove_database(path_);
    }
    std::string path_;
    sqlite3* db_ = nullptr;
};

// A database prefilled to `depth` and ready to measure.
struct Prepared {
    std::unique_ptr<BaselineStore> store;
    IdSource ids;
    double prefill_ms = 0;
};

hrc_bench::RowTemplate make_row(const Options& o) {
    hrc_bench::RowTemplate row;
    // Random bytes, like a ciphertext; the same blob for every row (see RowTemplate).
    std::mt19937_64 rng{std::random_device{}()};
    row.sealed.resize(o.sealed_size);
    for (auto& b : row.sealed)
        b = static_cast<unsigned char>(rng());
    row.signature.resize(o.signature_size);
    for (auto& b : row.signature)
        b = static_cast<unsigned char>(rng());
    for (auto& b : row.key_id)
        b = static_cast<unsigned char>(rng());
    row.language = o.language;
    row.mode = o.mode;
    return row;
}

std::int64_t unix_now() {
    return std::chrono::duration_cast<std::chrono::seconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

void prepare(Prepared& p, const std::string& path, int depth, const Options& o,
             const hrc_bench::RowTemplate& row) {
    p.store = std::make_unique<BaselineStore>(path, o);
    const auto start = Clock::now();
    hrc_bench::prefill_outbox(p.store->handle(), depth, row, unix_now(),
                              [&] { return p.ids.next(); });
    hrc_bench::checkpoint_truncate(p.store->handle());
    p.prefill_ms = hrc_bench::to_ms(static_cast<double>(hrc_bench::elapsed_ns(start)));
}

hrc_bench::Samples run(Prepared& p, int count, const hrc_bench::RowTemplate& row) {
    hrc_bench::Samples samples;
    samples.reserve(static_cast<std::size_t>(count));
    for (int i = 0; i < count; ++i) {
        hrc_bench::throw_if_stopped();
        const hrc_bench::Ids ids = p.ids.next(); // outside the timing, like hrc's pre-made ids
        const std::int64_t now = unix_now();
        const hrc_bench::Timer timer;
        p.store->insert(ids, row, now);
        samples.push_back(timer.stop());
    }
    return samples;
}

//-------------------------------------------------------------------------------------------------
// [SECTION] Serve mode (driven by hrc-bench-store)
//-------------------------------------------------------------------------------------------------
//
// One command per line on stdin, one reply line on stdout. A slot is a small number naming one open
// database, so the driver can keep every depth open and rotate between them.
//   open <slot> <path> <depth> -> opened prefill_ms=<ms> page_size=<bytes> journal_mode=<mode> synchronous=<n>
//   run <slot> <count>         -> samples <wall_ns>:<cpu_ns> <wall_ns>:<cpu_ns> ...
//   close <slot>               -> closed          (the database files are removed)
//   quit (or EOF)              -> every database is closed and removed, the program exits
// At start it prints "ready sqlite_version=<version>". Any failure: "error <message>", exit 1.

int serve(const Options& o) {
    // The driver owns Ctrl-C: it stops, closes our stdin, and then we clean up.
    std::signal(SIGINT, SIG_IGN);
    const hrc_bench::RowTemplate row = make_row(o);
    std::map<int, Prepared> slots;
    auto slot_of = [&](int slot, const std::string& line) -> Prepared& {
        const auto it = slots.find(slot);
        if (it == slots.end()) throw std::runtime_error("no open slot in: " + line);
        return it->second;
    };
    std::cout << "ready sqlite_version=" << sqlite3_libversion() << std::endl;
    std::string line;
    while (std::getline(std::cin, line)) {
        std::istringstream in(line);
        std::string command;
        int slot = -1;
        in >> command;
        if (command == "open") {
            std::string path;
            int depth = -1;
            if (!(in >> slot >> path >> depth) || depth < 0 || slots.count(slot))
                throw std::runtime_error("bad command: " + line);
            Prepared& p = slots[slot];
            prepare(p, path, depth, o, row);
            std::cout << "opened prefill_ms=" << p.prefill_ms << " page_size="
                      << hrc_bench::query_text(p.store->handle(), "PRAGMA page_size")
                      << " journal_mode="
                      << hrc_bench::query_text(p.store->handle(), "PRAGMA journal_mode")
                      << " synchronous="
                      << hrc_bench::query_text(p.store->handle(), "PRAGMA synchronous")
                      << std::endl;
        } else if (command == "run") {
            int count = 0;
            if (!(in >> slot >> count) || count < 0)
                throw std::runtime_error("bad command: " + line);
            const auto samples = run(slot_of(slot, line), count, row);
            std::cout << "samples";
            for (const auto& x : samples)
                std::cout << ' ' << x.wall_ns << ':' << x.cpu_ns;
            std::cout << std::endl;
        } else if (command == "close") {
            if (!(in >> slot)) throw std::runtime_error("bad command: " + line);
            (void)slot_of(slot, line);
            slots.erase(slot);
            std::cout << "closed" << std::endl;
        } else if (command == "quit") {
            break;
        } else {
            throw std::runtime_error("unknown command: " + line);
        }
        if (!std::cout) return 1; // the driver went away
    }
    return 0;
}

//-------------------------------------------------------------------------------------------------
// [SECTION] Standalone mode
//-------------------------------------------------------------------------------------------------

int standalone(const Options& o) {
    const hrc_bench::RowTemplate row = make_row(o);
    hrc_bench::TempDir dir(o.dir);
    for (int depth : o.depths) {
        Prepared p;
        prepare(p, (dir.path() / ("sqlite-" + std::to_string(depth) + ".db")).string(), depth, o,
                row);
        (void)run(p, o.warmup, row);
        const auto samples = run(p, o.samples, row);
        std::printf("depth=%d samples=%zu p50_ms=%.3f p99_ms=%.3f cpu_p50_ms=%.3f prefill_ms=%.0f "
                    "page_size=%s\n",
                    depth, samples.size(), hrc_bench::wall_percentile_ms(samples, 50),
                    hrc_bench::wall_percentile_ms(samples, 99),
                    hrc_bench::cpu_percentile_ms(samples, 50), p.prefill_ms,
                    hrc_bench::query_text(p.store->handle(), "PRAGMA page_size").c_str());
        std::fflush(stdout);
    }
    return 0;
}

extern "C" void on_signal(int) {
    hrc_bench::g_stop = 1;
}

} // namespace

//-------------------------------------------------------------------------------------------------
// [SECTION] main
//-------------------------------------------------------------------------------------------------

int main(int argc, char** argv) {
    Options options;
    try {
        options = parse_options(argc, argv);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "hrc-bench-store-sqlite: %s\n", e.what());
        return 2;
    }
    std::signal(SIGINT, on_signal);
    std::signal(SIGTERM, on_signal);
    try {
        return options.serve ? serve(options) : standalone(options);
    } catch (const std::exception& e) {
        if (options.serve) std::cout << "error " << e.what() << std::endl;
        std::fprintf(stderr, "hrc-bench-store-sqlite: %s\n", e.what());
        return 1;
    }
}
