// test_support.h — small helpers shared by the Catch2 tests: temporary folders, file scanning,
// a kiosk store with fresh keys.
#pragma once

#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <string>

#include <sys/stat.h>
#include <unistd.h>

#include "hrc/config.h"
#include "hrc/kiosk_store.h"
#include "hrc/report.h"
#include "hrc/seal.h"
#include "hrc/store.h"

namespace hrc_test {

namespace fs = std::filesystem;

// A fresh folder under the system temp folder, removed with everything in it on scope exit.
class TempDir {
public:
    TempDir() {
        std::random_device rd;
        path_ = fs::temp_directory_path() / ("hrc-test-" + std::to_string(::getpid()) + "-" +
                                             std::to_string(rd()) + std::to_string(rd()));
        fs::create_directories(path_);
    }
    ~TempDir() {
        std::error_code ec;
        fs::remove_all(path_, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const fs::path& path() const { return path_; }
    fs::path operator/(const std::string& name) const { return path_ / name; }
    // Writes `text` to a file in this folder and returns its path.
    fs::path write(const std::string& name, const std::string& text) const {
        const fs::path file = path_ / name;
        std::ofstream out(file, std::ios::binary | std::ios::trunc);
        out << text;
        return file;
    }

private:
    fs::path path_;
};

inline std::string read_file(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

inline void write_file(const fs::path& p, const std::string& content) {
    std::ofstream out(p, std::ios::binary | std::ios::trunc);
    out << content;
}

inline unsigned file_mode(const fs::path& p) {
    struct stat st {};
    if (::stat(p.c_str(), &st) != 0) return 0;
    return static_cast<unsigned>(st.st_mode & 07777);
}

// Every regular file under `dir` whose bytes contain `needle`.
inline std::vector<fs::path> files_containing(const fs::path& dir, const std::string& needle) {
    std::vector<fs::path> found;
    for (const auto& entry : fs::recursive_directory_iterator(dir))
        if (entry.is_regular_file() && read_file(entry.path()).find(needle) != std::string::npos)
            found.push_back(entry.path());
    return found;
}

// The documented example report (docs/examples/report.json), decoded.
inline hrc::Report example_report() {
    std::ifstream in(HRC_SOURCE_DIR "/docs/examples/report.json");
    auto decoded = hrc::decode_report_text(std::string(std::istreambuf_iterator<char>(in), {}));
    if (!decoded.report) throw std::runtime_error("docs/examples/report.json does not decode");
    return *decoded.report;
}

// A report as the kiosk would build it: identity left empty for submit_report to fill.
inline hrc::Report fresh_report() {
    hrc::Report r = example_report();
    r.report_id.clear();
    r.reference.clear();
    r.created_at.clear();
    return r;
}

// A kiosk's keys and an empty store in `dir` (hrc.db + db.key), with a central key pair to seal
// for and open with: what tests and benches need to submit through the real path. Throws
// hrc::Error like Store::create.
struct StoreFolder {
    hrc::Config config;
    hrc::KioskKeys keys = hrc::generate_kiosk_keys();
    hrc::CentralSecrets central_secrets = hrc::generate_central_secrets();
    hrc::CentralIdentity central = hrc::central_identity_of(central_secrets);

    // Creates the store; returns it open. `vfs` empty = SQLite's default.
    hrc::Store create(const fs::path& dir, const std::string& kiosk_id,
                      const std::string& centre_id, std::int64_t now, const std::string& vfs = "") {
        config.store.database = dir / "hrc.db";
        config.store.key_file = dir / "db.key";
        hrc::write_db_key(config.store.key_file, hrc::generate_db_key());
        hrc::StoreOptions options = hrc::store_options(config);
        options.vfs = vfs;
        return hrc::Store::create(options, hrc::read_db_key(config.store.key_file),
                                  {kiosk_id, centre_id, keys.public_key, now}, now);
    }
};

} // namespace hrc_test
