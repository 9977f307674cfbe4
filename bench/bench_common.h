// bench_common.h — what both store benchmark programs share, so the two sides measure and prefill
// in exactly the same way: timing, percentiles, a few SQLite C API helpers and the outbox prefill.
//
// Header-only and free of hrc_core on purpose: hrc-bench-store (SQLCipher) and
// hrc-bench-store-sqlite (plain libsqlite3) both include it. <sqlite3.h> resolves to SQLCipher's
// header in the first (its include folder is /usr/include/sqlcipher) and to SQLite's in the second;
// the two libraries export the same symbols, which is why there are two programs at all.
//
// [SECTION] Timing and percentiles
// [SECTION] SQLite helpers
// [SECTION] Outbox rows and prefill
// [SECTION] Temporary folder
#pragma once

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <csignal>
#include <cstdint>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

#include "hrc/store_schema.h"

namespace hrc_bench {

// Set by SIGINT/SIGTERM; long loops check it so that unwinding removes the temp files.
inline volatile std::sig_atomic_t g_stop = 0;

inline void throw_if_stopped() {
    if (g_stop) throw std::runtime_error("interrupted");
}

//-------------------------------------------------------------------------------------------------
// [SECTION] Timing and percentiles
//-------------------------------------------------------------------------------------------------

using Clock = std::chrono::steady_clock;

inline std::int64_t elapsed_ns(Clock::time_point since) {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now() - since).count();
}

// Nearest-rank percentile (p in (0, 100]) of samples in nanoseconds. No interpolation: with a few
// hundred samples the p99 is one of the real observed values, which is what a reader expects.
inline double percentile_ns(std::vector<std::int64_t> samples, double p) {
    if (samples.empty()) return 0.0;
    std::sort(samples.begin(), samples.end());
    const auto n = static_cast<double>(samples.size());
    auto rank = static_cast<std::size_t>(std::ceil(p / 100.0 * n));
    rank = std::clamp<std::size_t>(rank, 1, samples.size());
    return static_cast<double>(samples[rank - 1]);
}

inline double to_ms(double ns) {
    return ns / 1e6;
}

// CPU time of the calling thread. SQLCipher encrypts pages and SQLite builds B-tree pages in the
// thread that commits, so this is the work each side does, without the time spent waiting for the
// disk to confirm an fsync: on a shared machine that wait is the noisiest part of a wall time.
inline std::int64_t thread_cpu_ns() {
    timespec ts{};
    if (::clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts) != 0)
        throw std::runtime_error("clock_gettime(CLOCK_THREAD_CPUTIME_ID) failed");
    return static_cast<std::int64_t>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

// One timed operation: wall time (what a person at the kiosk waits) and thread CPU time.
struct Sample {
    std::int64_t wall_ns = 0;
    std::int64_t cpu_ns = 0;
};
using Samples = std::vector<Sample>;

class Timer {
public:
    Timer() : wall_(Clock::now()), cpu_(thread_cpu_ns()) {}
    Sample stop() const {
        const std::int64_t cpu = thread_cpu_ns() - cpu_;
        return {elapsed_ns(wall_), cpu};
    }

private:
    Clock::time_point wall_;
    std::int64_t cpu_;
};

inline double wall_percentile_ms(const Samples& s, double p) {
    std::vector<std::int64_t> v;
    v.reserve(s.size());
    for (const auto& x : s)
        v.push_back(x.wall_ns);
    return to_ms(percentile_ns(std::move(v), p));
}

inline double cpu_percentile_ms(const Samples& s, double p) {
    std::vector<std::int64_t> v;
    v.reserve(s.size());
    for (const auto& x : s)
        v.push_back(x.cpu_ns);
    return to_ms(percentile_ns(std::move(v), p));
}

//-------------------------------------------------------------------------------------------------
// [SECTION] SQLite helpers
//-------------------------------------------------------------------------------------------------

// SQLITE_TRANSIENT is an old-style cast in sqlite3.h; this is the same value without the warning.
inline const sqlite3_destructor_type kTransient =
    reinterpret_cast<sqlite3_destructor_type>(static_cast<std::intptr_t>(-1));

[[noreturn]] inline void throw_sqlite(sqlite3* db, int rc, const std::string& doing) {
    throw std::runtime_error(doing + ": " + (db ? sqlite3_errmsg(db) : sqlite3_errstr(rc)) +
                             " (code " + std::to_string(rc) + ")");
}

inline void exec(sqlite3* db, const char* sql, const std::string& doing) {
    char* message = nullptr;
    const int rc = sqlite3_exec(db, sql, nullptr, nullptr, &message);
    const std::string text = message ? message : "";
    sqlite3_free(message);
    if (rc != SQLITE_OK)
        throw std::runtime_error(doing + ": " + text + " (code " + std::to_string(rc) + ")");
}

// A prepared statement, finalised on scope exit (sqlite3_close refuses a connection with open ones).
class Stmt {
public:
    Stmt(sqlite3* db, const char* sql) : db_(db), sql_(sql) {
        const int rc = sqlite3_prepare_v2(db, sql, -1, &stmt_, nullptr);
        if (rc != SQLITE_OK) throw_sqlite(db, rc, std::string("preparing ") + sql);
    }
    ~Stmt() { sqlite3_finalize(stmt_); }
    Stmt(const Stmt&) = delete;
    Stmt& operator=(const Stmt&) = delete;

    Stmt& bind(int i, std::int64_t v) { return check(sqlite3_bind_int64(stmt_, i, v)); }
    Stmt& bind(int i, const std::string& v) {
        return check(sqlite3_bind_text(stmt_, i, v.data(), static_cast<int>(v.size()), kTransient));
    }
    Stmt& bind(int i, const unsigned char* data, std::size_t size) {
        return check(sqlite3_bind_blob(stmt_, i, data, static_cast<int>(size), kTransient));
    }
    // True while a row is available, false when done; throws on error.
    bool step() {
        const int rc = sqlite3_step(stmt_);
        if (rc == SQLITE_ROW) return true;
        if (rc == SQLITE_DONE) return false;
        throw_sqlite(db_, rc, std::string("running ") + sql_);
    }
    void run() {
        while (step()) {
        }
    }
    void reset() { check(sqlite3_reset(stmt_)); }
    std::int64_t integer(int col) const { return sqlite3_column_int64(stmt_, col); }
    std::string text(int col) const {
        const auto* p = sqlite3_column_text(stmt_, col);
        return p ? std::string(reinterpret_cast<const char*>(p),
                               static_cast<std::size_t>(sqlite3_column_bytes(stmt_, col)))
                 : std::string();
    }
    std::vector<unsigned char> blob(int col) const {
        const auto* p = static_cast<const unsigned char*>(sqlite3_column_blob(stmt_, col));
        const auto n = static_cast<std::size_t>(sqlite3_column_bytes(stmt_, col));
        return p ? std::vector<unsigned char>(p, p + n) : std::vector<unsigned char>();
    }

private:
    Stmt& check(int rc) {
        if (rc != SQLITE_OK) throw_sqlite(db_, rc, std::string("binding ") + sql_);
        return *this;
    }
    sqlite3* db_;
    const char* sql_;
    sqlite3_stmt* stmt_ = nullptr;
};

// The first column of the first row of `sql` as text ("" when there is no row).
inline std::string query_text(sqlite3* db, const char* sql) {
    Stmt st(db, sql);
    return st.step() ? st.text(0) : std::string();
}

// Empties the WAL after a prefill, so measurements start from the same state on both sides
// (a single 100k-row transaction otherwise leaves a WAL file hundreds of MB long).
inline void checkpoint_truncate(sqlite3* db) {
    Stmt st(db, "PRAGMA wal_checkpoint(TRUNCATE)");
    if (!st.step() || st.integer(0) != 0)
        throw std::runtime_error("PRAGMA wal_checkpoint(TRUNCATE) did not complete");
}

// Creates an empty file with mode 0600 the way Store::create does (SQLite gives -wal and -shm the
// main file's mode), so both sides start from an identical empty file.
inline void create_private_file(const std::string& path) {
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) throw std::runtime_error(path + ": cannot create the database file");
    ::close(fd);
}

//-------------------------------------------------------------------------------------------------
// [SECTION] Outbox rows and prefill
//-------------------------------------------------------------------------------------------------

// The audit detail Store::insert writes: nlohmann::json {report_id, reference}.dump(), whose keys
// come out sorted. Built by hand here so that the baseline stores exactly as many bytes.
inline std::string audit_detail(const std::string& report_id, const std::string& reference) {
    return "{\"reference\":\"" + reference + "\",\"report_id\":\"" + report_id + "\"}";
}

// What every prefilled row shares: one sealed blob (the same bytes for every row: SQLite neither
// compresses nor deduplicates, so only the size matters) and the metadata of the example report.
struct RowTemplate {
    std::vector<unsigned char> sealed;
    std::vector<unsigned char> signature;
    std::array<unsigned char, 8> key_id{};
    std::string language;
    std::string mode;
};

struct Ids {
    std::string report_id;
    std::string reference;
};

// Adds `count` queued reports and their audit entries in ONE transaction (the real path commits
// each report separately with synchronous=FULL, which for 100k rows would take many minutes; the
// state the measurement starts from is the same either way). The statements are the store's own
// (hrc::schema). `next_ids` must return ids not yet stored.
//
// The audit hashes are 32 dummy bytes, not the BLAKE2b chain: the benchmark never verifies the
// chain, and the rows have the real sizes, which is what matters to the B-trees being measured.
inline void prefill_outbox(sqlite3* db, int count, const RowTemplate& row, std::int64_t now,
                           const std::function<Ids()>& next_ids) {
    if (count <= 0) return;
    exec(db, "BEGIN IMMEDIATE", "starting the prefill");
    try {
        std::int64_t seq = 0;
        {
            Stmt last(db, hrc::schema::kLastAudit);
            if (last.step()) seq = last.integer(0);
        }
        const std::array<unsigned char, 32> dummy_hash{};
        Stmt outbox(db, hrc::schema::kInsertOutbox);
        Stmt sealed(db, hrc::schema::kInsertSealed);
        Stmt audit(db, hrc::schema::kInsertAudit);
        for (int i = 0; i < count; ++i) {
            if ((i & 1023) == 0) throw_if_stopped();
            const Ids ids = next_ids();
            // Spread created_at like a real queue (oldest first) so the outbox_due index has the
            // same shape as after months of real submits.
            const std::int64_t created_at = now - count + i;
            outbox.reset();
            outbox.bind(1, ids.report_id)
                .bind(2, ids.reference)
                .bind(3, row.language)
                .bind(4, row.mode)
                .bind(5, created_at)
                .bind(6, row.key_id.data(), row.key_id.size())
                .bind(7, static_cast<std::int64_t>(row.sealed.size() + row.signature.size()))
                .run();
            sealed.reset();
            sealed.bind(1, static_cast<std::int64_t>(sqlite3_last_insert_rowid(db)))
                .bind(2, row.sealed.data(), row.sealed.size())
                .bind(3, row.signature.data(), row.signature.size())
                .run();
            audit.reset();
            audit.bind(1, ++seq)
                .bind(2, created_at)
                .bind(3, std::string("report.stored"))
                .bind(4, audit_detail(ids.report_id, ids.reference))
                .bind(5, dummy_hash.data(), dummy_hash.size())
                .bind(6, dummy_hash.data(), dummy_hash.size())
                .run();
        }
    } catch (...) {
        sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
        throw;
    }
    exec(db, "COMMIT", "committing the prefill");
}

//-------------------------------------------------------------------------------------------------
// [SECTION] Temporary folder
//-------------------------------------------------------------------------------------------------

// The folder benchmarks put their databases in: --dir, else $TMPDIR, else /var/tmp (a real disk on
// most systems, where /tmp may be tmpfs and make every fsync free).
inline std::filesystem::path default_parent_dir() {
    if (const char* t = std::getenv("TMPDIR"); t && *t) return t;
    return "/var/tmp";
}

// A fresh private folder "hrc-bench-XXXXXX" under `parent`, removed with its content on scope exit.
class TempDir {
public:
    explicit TempDir(const std::filesystem::path& parent) {
        std::string templ = (parent / "hrc-bench-XXXXXX").string();
        if (::mkdtemp(templ.data()) == nullptr)
            throw std::runtime_error(parent.string() +
                                     ": cannot create a temporary folder there (--dir)");
        path_ = templ;
    }
    ~TempDir() {
        std::error_code ignored;
        std::filesystem::remove_all(path_, ignored);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::filesystem::path& path() const { return path_; }

private:
    std::filesystem::path path_;
};

// Removes a database and its WAL companions; errors are ignored (the TempDir removes leftovers).
inline void remove_database(const std::string& path) {
    std::error_code ignored;
    for (const char* suffix : {"", "-wal", "-shm", "-journal"})
        std::filesystem::remove(path + suffix, ignored);
}

} // namespace hrc_bench
