// audit_log.cpp — see hrc/audit_log.h.

#include "hrc/audit_log.h"

#include <array>

#include <sodium.h>
#include <sqlite3.h>

#include "hrc/error.h"
#include "hrc/sqlite_util.h"

namespace hrc {

namespace {

using Hash = std::array<unsigned char, 32>;
using sql::Statement;

constexpr const char* kInsertAudit =
    "INSERT INTO audit (seq, at, event, detail, prev_hash, hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
constexpr const char* kLastAudit = "SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1";

Hash audit_hash(const Hash& prev, std::int64_t seq, std::int64_t at, const std::string& event,
                const std::string& detail) {
    crypto_generichash_state state;
    Hash out{};
    auto le64 = [](std::int64_t v) {
        std::array<unsigned char, 8> b{};
        for (int i = 0; i < 8; ++i)
            b[static_cast<std::size_t>(i)] =
                static_cast<unsigned char>(static_cast<std::uint64_t>(v) >> (8 * i));
        return b;
    };
    const auto seq_bytes = le64(seq);
    const auto at_bytes = le64(at);
    const unsigned char zero = 0;
    if (crypto_generichash_init(&state, nullptr, 0, out.size()) != 0 ||
        crypto_generichash_update(&state, prev.data(), prev.size()) != 0 ||
        crypto_generichash_update(&state, seq_bytes.data(), seq_bytes.size()) != 0 ||
        crypto_generichash_update(&state, at_bytes.data(), at_bytes.size()) != 0 ||
        crypto_generichash_update(&state, reinterpret_cast<const unsigned char*>(event.data()),
                                  event.size()) != 0 ||
        crypto_generichash_update(&state, &zero, 1) != 0 ||
        crypto_generichash_update(&state, reinterpret_cast<const unsigned char*>(detail.data()),
                                  detail.size()) != 0 ||
        crypto_generichash_final(&state, out.data(), out.size()) != 0)
        throw Error(Code::crypto, "cannot compute the audit hash");
    return out;
}

} // namespace

namespace {

// The sequence number and hash the next entry links to. Throws Code::corrupt for a damaged hash.
void read_chain_end(sqlite3* db, const std::string& program, std::int64_t& next_seq, Hash& prev) {
    next_seq = 1;
    prev = Hash{};
    Statement st(db, kLastAudit, "reading the audit log");
    if (st.step()) {
        next_seq = st.integer(0) + 1;
        const Bytes h = st.blob(1);
        if (h.size() != prev.size())
            throw Error(Code::corrupt, "The audit log is damaged. Run `" + program + " verify`.");
        std::copy(h.begin(), h.end(), prev.begin());
    }
}

void insert_entry(Statement& insert, std::int64_t seq, std::int64_t now, const std::string& event,
                  const std::string& detail, const Hash& prev, const Hash& hash) {
    insert.reset();
    insert.bind(1, seq)
        .bind(2, now)
        .bind(3, event)
        .bind(4, detail)
        .bind(5, prev.data(), prev.size())
        .bind(6, hash.data(), hash.size())
        .run();
}

} // namespace

void append_audit_row(sqlite3* db, const std::string& event, const std::string& detail,
                      std::int64_t now, const std::string& program) {
    std::int64_t seq = 1;
    Hash prev{};
    read_chain_end(db, program, seq, prev);
    const Hash hash = audit_hash(prev, seq, now, event, detail);
    Statement insert(db, kInsertAudit, "writing the audit log");
    insert_entry(insert, seq, now, event, detail, prev, hash);
}

struct AuditAppender::Insert {
    explicit Insert(sqlite3* db) : statement(db, kInsertAudit, "writing the audit log") {}
    Statement statement;
};

AuditAppender::AuditAppender(sqlite3* db, std::string program) : db_(db) {
    read_chain_end(db_, program, next_seq_, prev_);
    insert_ = std::make_unique<Insert>(db_);
}

AuditAppender::~AuditAppender() = default;

void AuditAppender::append(const std::string& event, const std::string& detail, std::int64_t now) {
    const Hash hash = audit_hash(prev_, next_seq_, now, event, detail);
    insert_entry(insert_->statement, next_seq_, now, event, detail, prev_, hash);
    prev_ = hash;
    ++next_seq_;
}

AuditCheck verify_audit_chain(sqlite3* db) {
    AuditCheck check;
    Hash prev{};
    std::int64_t expected_seq = 1;
    Statement st(db, "SELECT seq, at, event, detail, prev_hash, hash FROM audit ORDER BY seq",
                 "reading the audit log");
    while (st.step()) {
        const std::int64_t seq = st.integer(0);
        const Bytes stored_prev = st.blob(4);
        const Bytes stored_hash = st.blob(5);
        std::string problem;
        if (seq != expected_seq)
            problem = "entry " + std::to_string(expected_seq) + " is missing";
        else if (stored_prev != Bytes(prev.begin(), prev.end()))
            problem = "entry " + std::to_string(seq) + " does not link to the entry before it";
        else {
            const Hash h = audit_hash(prev, seq, st.integer(1), st.text(2), st.text(3));
            if (stored_hash != Bytes(h.begin(), h.end()))
                problem = "entry " + std::to_string(seq) + " was changed after it was written";
            prev = h;
        }
        if (!problem.empty()) {
            check.ok = false;
            check.problem = problem;
            return check;
        }
        ++check.entries;
        ++expected_seq;
    }
    return check;
}

} // namespace hrc
