// hrc-kiosk's allocator overwrites freed memory (kiosk/app/freed_memory.h, issue 13). This test
// program is linked exactly as hrc-kiosk is (jemalloc + kiosk/app/freed_memory.cpp): blocks of every
// size class are filled with a pattern, freed, and read back through /proc/self/mem (the only
// well-defined way to look at memory after free): not one byte of the pattern is left. With
// MALLOC_CONF=junk:false (a child process) the kiosk's startup check reports the problem.
#include <cstdlib>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <fcntl.h>
#include <unistd.h>

#include "hrc/spawn.h"

#include "freed_memory.h"

namespace {

// The bytes at `address` now, read through /proc/self/mem; empty when that memory is gone (unmapped).
std::string bytes_at(const void* address, std::size_t length) {
    const int mem = ::open("/proc/self/mem", O_RDONLY | O_CLOEXEC);
    REQUIRE(mem >= 0);
    std::string out(length, '\0');
    const ssize_t got = ::pread(mem, out.data(), length,
                                static_cast<off_t>(reinterpret_cast<std::uintptr_t>(address)));
    ::close(mem);
    out.resize(got > 0 ? static_cast<std::size_t>(got) : 0);
    return out;
}

std::size_t count_of(const std::string& bytes, char c) {
    std::size_t n = 0;
    for (char b : bytes)
        n += b == c ? 1 : 0;
    return n;
}

} // namespace

TEST_CASE("the kiosk's allocator overwrites freed memory", "[unit][memory]") {
    REQUIRE(hrc::kiosk::freed_memory_problem().empty());
    // Small (slab), medium and large (own extent) blocks; a std::string as typed text is held.
    for (std::size_t size : {16u, 24u, 40u, 100u, 1000u, 4000u, 20000u, 300000u, 3000000u}) {
        INFO("a block of " << size << " bytes");
        auto* text = new std::string(size, 'Q');
        const void* data = text->data();
        REQUIRE(count_of(bytes_at(data, size), 'Q') == size); // the read sees what is there
        delete text;
        const std::string after = bytes_at(data, size);
        CHECK(count_of(after, 'Q') == 0);
    }
    // malloc/free as C libraries use them (ICU, HarfBuzz).
    for (std::size_t size : {32u, 512u, 70000u}) {
        INFO("malloc of " << size << " bytes");
        char* block = static_cast<char*>(std::malloc(size));
        REQUIRE(block != nullptr);
        std::fill(block, block + size, 'Q');
        std::free(block);
        CHECK(count_of(bytes_at(block, size), 'Q') == 0);
    }
}

TEST_CASE("the kiosk refuses to start when MALLOC_CONF turns the overwriting off",
          "[unit][memory]") {
    // jemalloc reads MALLOC_CONF when the process starts: a child process started with it.
    hrc::SpawnOptions options;
    options.argv = {"/proc/self/exe", "[.child]"};
    options.extra_env = {{"MALLOC_CONF", "junk:false"}};
    hrc::ChildProcess child(options);
    CHECK(child.wait() == 42); // the child saw the problem (see below)
}

// Run only as the child above (hidden from the normal run by the "." tag): exits 42 when
// freed_memory_problem() names MALLOC_CONF, 1 otherwise.
TEST_CASE("the allocator's check, run as a child", "[.child]") {
    const std::string problem = hrc::kiosk::freed_memory_problem();
    std::_Exit(problem.find("MALLOC_CONF") != std::string::npos ? 42 : 1);
}
