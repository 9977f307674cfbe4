// hrc/spawn.h: exit codes and signals come back as documented; a program that cannot be executed
// is an exception naming execve's errno (not a child exiting 127); the child gets the environment
// asked for, only descriptors 0-2, an empty signal mask and default signal actions.
#include <csignal>
#include <set>
#include <sstream>

#include <catch2/catch.hpp>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <unistd.h>

#include "hrc/error.h"
#include "hrc/spawn.h"

#include "test_support.h"

namespace {

// Runs argv with stdout in a pipe; returns {exit code, stdout}.
std::pair<int, std::string> run(std::vector<std::string> argv,
                                std::map<std::string, std::string> env = {}) {
    int out[2];
    REQUIRE(::pipe2(out, O_CLOEXEC) == 0);
    hrc::SpawnOptions options;
    options.argv = std::move(argv);
    options.extra_env = std::move(env);
    options.stdout_fd = out[1];
    hrc::ChildProcess child(options);
    ::close(out[1]);
    std::string text;
    char buf[4096];
    for (ssize_t n; (n = ::read(out[0], buf, sizeof buf)) > 0;)
        text.append(buf, static_cast<std::size_t>(n));
    ::close(out[0]);
    return {child.wait(), text};
}

std::string spawn_error(const std::vector<std::string>& argv) {
    try {
        hrc::SpawnOptions options;
        options.argv = argv;
        hrc::ChildProcess child(options);
    } catch (const hrc::Error& e) {
        CHECK(e.code() == hrc::Code::io);
        return e.what();
    }
    return "(it started)";
}

} // namespace

TEST_CASE("spawn: the exit code, or minus the signal that killed the child", "[unit][spawn]") {
    CHECK(run({"/bin/sh", "-c", "exit 0"}).first == 0);
    CHECK(run({"/bin/sh", "-c", "exit 3"}).first == 3);
    CHECK(run({"/bin/sh", "-c", "exit 127"}).first == 127);
    CHECK(run({"/bin/sh", "-c", "kill -TERM $$"}).first == -SIGTERM);
    CHECK(run({"/bin/sh", "-c", "printf 'hello world'"}).second == "hello world");
    // Arguments are passed as they are: no shell sees them.
    CHECK(run({"/bin/echo", "$HOME; rm -rf /", "*"}).second == "$HOME; rm -rf / *\n");
}

TEST_CASE("spawn: a program that cannot be executed is an error naming why, not an exit code",
          "[unit][spawn]") {
    CHECK_THAT(
        spawn_error({"/nonexistent/hrc-program", "--x"}),
        Catch::Matchers::Equals("cannot run /nonexistent/hrc-program: No such file or directory"));
    const hrc_test::TempDir dir;
    const auto script = dir.write("not-executable", "#!/bin/sh\nexit 0\n");
    REQUIRE(::chmod(script.c_str(), 0644) == 0);
    CHECK(spawn_error({script.string()}) ==
          "cannot run " + script.string() + ": Permission denied");
    CHECK_THROWS_AS(hrc::ChildProcess(hrc::SpawnOptions{}), hrc::Error);
}

TEST_CASE("spawn: the child gets the environment asked for", "[unit][spawn]") {
    ::setenv("HRC_SPAWN_INHERITED", "from parent", 1);
    ::setenv("HRC_SPAWN_REPLACED", "old", 1);
    const auto [code, out] = run(
        {"/bin/sh", "-c",
         "printf '%s|%s|%s' \"$HRC_SPAWN_INHERITED\" \"$HRC_SPAWN_REPLACED\" \"$HRC_SPAWN_NEW\""},
        {{"HRC_SPAWN_REPLACED", "new"}, {"HRC_SPAWN_NEW", "added"}});
    CHECK(code == 0);
    CHECK(out == "from parent|new|added");
    ::unsetenv("HRC_SPAWN_INHERITED");
    ::unsetenv("HRC_SPAWN_REPLACED");
}

TEST_CASE("spawn: the child has only descriptors 0 to 2, an empty signal mask and default actions",
          "[unit][spawn]") {
    // A descriptor opened without O_CLOEXEC, SIGTERM blocked and SIGPIPE ignored here: none of it
    // may reach the child.
    const int leaky = ::open("/dev/null", O_RDONLY);
    REQUIRE(leaky > 2);
    sigset_t term, old_mask;
    sigemptyset(&term);
    sigaddset(&term, SIGTERM);
    REQUIRE(pthread_sigmask(SIG_BLOCK, &term, &old_mask) == 0);
    const auto old_pipe = std::signal(SIGPIPE, SIG_IGN);

    // ls opens /proc/self/fd itself (one more descriptor, 3): anything else was inherited.
    const auto [code, listing] = run({"/bin/ls", "/proc/self/fd"});
    const auto [status_code, status] =
        run({"/bin/grep", "-E", "^(SigBlk|SigIgn):", "/proc/self/status"});

    std::signal(SIGPIPE, old_pipe);
    REQUIRE(pthread_sigmask(SIG_SETMASK, &old_mask, nullptr) == 0);
    ::close(leaky);

    CHECK(code == 0);
    std::set<std::string> fds;
    std::istringstream in(listing);
    for (std::string fd; in >> fd;)
        fds.insert(fd);
    CHECK(fds == std::set<std::string>{"0", "1", "2", "3"});
    CHECK(status_code == 0);
    CHECK(status == "SigBlk:\t0000000000000000\nSigIgn:\t0000000000000000\n");
}

TEST_CASE("spawn: waiting with a timeout, signalling, and a child killed when its owner goes",
          "[unit][spawn]") {
    hrc::SpawnOptions options;
    options.argv = {"/bin/sleep", "30"};
    pid_t pid = 0;
    {
        hrc::ChildProcess child(options);
        pid = child.pid();
        CHECK(child.running());
        CHECK_FALSE(child.wait_for(std::chrono::milliseconds(50)).has_value());
        CHECK_FALSE(child.exit_code().has_value());
    }
    // The destructor killed and reaped it: the pid is gone.
    CHECK(::kill(pid, 0) == -1);

    hrc::ChildProcess child(options);
    CHECK(child.send_signal(SIGINT));
    CHECK(child.wait_for(std::chrono::seconds(10)) == std::optional<int>(-SIGINT));
    CHECK(child.exit_code() == std::optional<int>(-SIGINT));
    CHECK_FALSE(child.send_signal(SIGTERM)); // reaped: never a recycled pid
    CHECK_FALSE(child.running());
}
