// hrc/atomic_file.h: a file is the old content or the complete new content, never a mix; refuse
// never overwrites (not even a file that appears while writing); the mode is exact; failures leave
// no temporary file. Failures are real: a file-size limit (EFBIG) mid-write, a target the rename
// cannot replace, and SIGKILL at random moments of a stream of rewrites.
#include <csignal>
#include <random>
#include <thread>

#include <catch2/catch.hpp>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "hrc/atomic_file.h"
#include "hrc/error.h"

#include "test_support.h"

using hrc::IfExists;
using hrc_test::read_file;
using hrc_test::TempDir;
namespace fs = std::filesystem;

namespace {

hrc::Code code_of(const std::function<void()>& f, std::string* message = nullptr) {
    try {
        f();
    } catch (const hrc::Error& e) {
        if (message) *message = e.what();
        return e.code();
    }
    return hrc::Code::ok;
}

// Names in `dir` other than the ones given: leftovers such as ".x.tmp-…".
std::vector<std::string> other_names(const fs::path& dir,
                                     const std::vector<std::string>& expected) {
    std::vector<std::string> out;
    for (const auto& e : fs::directory_iterator(dir)) {
        const std::string name = e.path().filename().string();
        if (std::find(expected.begin(), expected.end(), name) == expected.end())
            out.push_back(name);
    }
    return out;
}

// Sets the umask for the scope, restoring it after.
struct Umask {
    explicit Umask(mode_t m) : old(::umask(m)) {}
    ~Umask() { ::umask(old); }
    mode_t old;
};

// RLIMIT_FSIZE for the scope: writes past `bytes` fail with EFBIG (SIGXFSZ ignored meanwhile).
struct FileSizeLimit {
    explicit FileSizeLimit(rlim_t bytes) {
        REQUIRE(::getrlimit(RLIMIT_FSIZE, &old) == 0);
        old_handler = std::signal(SIGXFSZ, SIG_IGN);
        rlimit limited = old;
        limited.rlim_cur = bytes;
        REQUIRE(::setrlimit(RLIMIT_FSIZE, &limited) == 0);
    }
    ~FileSizeLimit() {
        ::setrlimit(RLIMIT_FSIZE, &old);
        std::signal(SIGXFSZ, old_handler);
    }
    rlimit old{};
    void (*old_handler)(int) = nullptr;
};

} // namespace

TEST_CASE("atomic file: creates the file with exactly the mode asked, whatever the umask",
          "[unit][atomic_file]") {
    const TempDir dir;
    const Umask mask(077);
    hrc::write_file_atomically(dir / "public.pub", "public\n", 0644, IfExists::refuse);
    hrc::write_file_atomically(dir / "secret.key", "secret\n", 0600, IfExists::refuse);
    CHECK(read_file(dir / "public.pub") == "public\n");
    CHECK(hrc_test::file_mode(dir / "public.pub") == 0644);
    CHECK(hrc_test::file_mode(dir / "secret.key") == 0600);
    CHECK(other_names(dir.path(), {"public.pub", "secret.key"}).empty());
}

TEST_CASE("atomic file: refuse never overwrites, not even a file that appears while writing",
          "[unit][atomic_file]") {
    const TempDir dir;
    const fs::path path = dir / "kiosk.key";
    hrc_test::write_file(path, "precious\n");
    std::string message;
    CHECK(code_of([&] { hrc::write_file_atomically(path, "new\n", 0600, IfExists::refuse); },
                  &message) == hrc::Code::already_exists);
    CHECK(message == path.string() + " already exists; refusing to overwrite it");
    CHECK(read_file(path) == "precious\n");

    // A dangling symlink is a name that exists too; its target is never created.
    fs::create_symlink(dir / "nowhere", dir / "link.key");
    CHECK(code_of([&] {
              hrc::write_file_atomically(dir / "link.key", "x", 0600, IfExists::refuse);
          }) == hrc::Code::already_exists);
    CHECK_FALSE(fs::exists(dir / "nowhere"));

    // The race: the name is free when writing starts and taken by the time of the commit.
    const fs::path late = dir / "late.key";
    {
        hrc::AtomicFile file(late, 0600, IfExists::refuse);
        file.write("mine\n");
        hrc_test::write_file(late, "theirs\n");
        CHECK(code_of([&] { file.commit(); }, &message) == hrc::Code::already_exists);
        CHECK(message == late.string() + " already exists; refusing to overwrite it");
    }
    CHECK(read_file(late) == "theirs\n");
    CHECK(other_names(dir.path(), {"kiosk.key", "link.key", "late.key"}).empty());
}

TEST_CASE("atomic file: replace swaps in the new content whole, as a new file with the mode asked",
          "[unit][atomic_file]") {
    const TempDir dir;
    const fs::path path = dir / "staff-pins";
    hrc_test::write_file(path, "old\n");
    REQUIRE(::chmod(path.c_str(), 0640) == 0);
    struct stat before {};
    REQUIRE(::stat(path.c_str(), &before) == 0);
    hrc::write_file_atomically(path, "new content\n", 0600, IfExists::replace);
    struct stat after {};
    REQUIRE(::stat(path.c_str(), &after) == 0);
    CHECK(read_file(path) == "new content\n");
    CHECK(hrc_test::file_mode(path) == 0600);
    CHECK(after.st_ino != before.st_ino); // renamed over, not rewritten in place
    CHECK(other_names(dir.path(), {"staff-pins"}).empty());

    hrc::rename_durably(path, dir / "moved", IfExists::replace);
    CHECK(read_file(dir / "moved") == "new content\n");
    CHECK_FALSE(fs::exists(path));
    hrc_test::write_file(path, "again\n");
    CHECK(code_of([&] { hrc::rename_durably(path, dir / "moved", IfExists::refuse); }) ==
          hrc::Code::already_exists);
    CHECK(read_file(dir / "moved") == "new content\n");
    CHECK(read_file(path) == "again\n");
}

TEST_CASE("atomic file: a write that fails part way leaves the old content and no temporary file",
          "[unit][atomic_file]") {
    const TempDir dir;
    const fs::path path = dir / "hrc.toml";
    hrc_test::write_file(path, "old configuration\n");
    const std::string big(256 * 1024, 'x');
    for (const IfExists mode : {IfExists::replace, IfExists::refuse}) {
        const fs::path target = mode == IfExists::replace ? path : dir / "new.toml";
        std::string message;
        hrc::Code code{};
        {
            const FileSizeLimit limit(64 * 1024);
            code = code_of([&] { hrc::write_file_atomically(target, big, 0644, mode); }, &message);
        }
        CHECK(code == hrc::Code::io);
        CHECK_THAT(message, Catch::Matchers::Contains("cannot write " + target.string()) &&
                                Catch::Matchers::Contains("while writing"));
        CHECK(read_file(path) == "old configuration\n");
        CHECK_FALSE(fs::exists(dir / "new.toml"));
        CHECK(other_names(dir.path(), {"hrc.toml"}).empty());
    }
}

TEST_CASE("atomic file: a rename that fails leaves the target as it was and no temporary file",
          "[unit][atomic_file]") {
    const TempDir dir;
    // A non-empty folder cannot be replaced by a file.
    fs::create_directories(dir / "db.key" / "inside");
    std::string message;
    CHECK(
        code_of([&] { hrc::write_file_atomically(dir / "db.key", "x\n", 0600, IfExists::replace); },
                &message) == hrc::Code::io);
    CHECK_THAT(message,
               Catch::Matchers::Contains("cannot put " + (dir / "db.key").string() + " in place"));
    CHECK(fs::is_directory(dir / "db.key" / "inside"));
    CHECK(other_names(dir.path(), {"db.key"}).empty());

    // A folder that does not exist.
    CHECK(
        code_of(
            [&] { hrc::write_file_atomically(dir / "missing" / "x", "x", 0600, IfExists::refuse); },
            &message) == hrc::Code::io);
    CHECK_THAT(message,
               Catch::Matchers::Contains("cannot create " + (dir / "missing" / "x").string()));
}

TEST_CASE(
    "atomic file: abandoned without commit nothing is left, and a spent file refuses more writes",
    "[unit][atomic_file]") {
    const TempDir dir;
    {
        hrc::AtomicFile file(dir / "export.hrcx", 0600, IfExists::refuse);
        file.write("half of it");
    }
    CHECK(other_names(dir.path(), {}).empty());
    hrc::AtomicFile file(dir / "done", 0600, IfExists::refuse);
    file.write("all\n");
    file.commit();
    CHECK(code_of([&] { file.write("more"); }) == hrc::Code::internal);
    CHECK(code_of([&] { file.commit(); }) == hrc::Code::internal);
    CHECK(read_file(dir / "done") == "all\n");
}

TEST_CASE("atomic file: SIGKILL at any moment of a stream of rewrites leaves one whole version",
          "[unit][atomic_file]") {
    const TempDir dir;
    const fs::path path = dir / "staff-pins";
    const std::string a(512 * 1024, 'a');
    const std::string b(512 * 1024, 'b');
    hrc::write_file_atomically(path, a, 0600, IfExists::replace);
    std::mt19937 random(12345);
    for (int round = 0; round < 12; ++round) {
        const pid_t child = ::fork();
        REQUIRE(child >= 0);
        if (child == 0) {
            // Rewrites forever, alternating the two versions, until killed.
            for (int i = 0;; ++i) {
                try {
                    hrc::write_file_atomically(path, (i % 2) ? b : a, 0600, IfExists::replace);
                } catch (...) {
                    ::_exit(3);
                }
            }
        }
        std::this_thread::sleep_for(std::chrono::microseconds(2000 + random() % 30000));
        REQUIRE(::kill(child, SIGKILL) == 0);
        int status = 0;
        REQUIRE(::waitpid(child, &status, 0) == child);
        REQUIRE(WIFSIGNALED(status)); // it was still writing (not exit 3: no write failed)
        const std::string now = read_file(path);
        CHECK((now == a || now == b));
        CHECK(hrc_test::file_mode(path) == 0600);
        // What a kill can leave: at most one hidden temporary, never under the real name.
        for (const std::string& name : other_names(dir.path(), {"staff-pins"})) {
            CHECK(name.rfind(".staff-pins.tmp-", 0) == 0);
            fs::remove(dir / name);
        }
    }
}
