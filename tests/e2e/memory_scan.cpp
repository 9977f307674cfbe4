// memory_scan.cpp — see memory_scan.h.
#include "memory_scan.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include <fcntl.h>
#include <unistd.h>

namespace hrc_e2e {

namespace {

std::vector<char32_t> code_points(std::string_view utf8) {
    std::vector<char32_t> out;
    for (std::size_t i = 0; i < utf8.size();) {
        const auto b = static_cast<unsigned char>(utf8[i]);
        const std::size_t n = b < 0x80             ? 1
                              : (b & 0xE0) == 0xC0 ? 2
                              : (b & 0xF0) == 0xE0 ? 3
                              : (b & 0xF8) == 0xF0 ? 4
                                                   : 0;
        if (n == 0 || i + n > utf8.size()) throw std::invalid_argument("not UTF-8");
        char32_t cp = n == 1 ? b : b & (0xFF >> (n + 1));
        for (std::size_t k = 1; k < n; ++k) {
            const auto c = static_cast<unsigned char>(utf8[i + k]);
            if ((c & 0xC0) != 0x80) throw std::invalid_argument("not UTF-8");
            cp = (cp << 6) | (c & 0x3F);
        }
        out.push_back(cp);
        i += n;
    }
    return out;
}

void put_le(std::string& out, std::uint32_t value, int bytes) {
    for (int i = 0; i < bytes; ++i)
        out += static_cast<char>((value >> (8 * i)) & 0xFF);
}

struct Needle {
    std::string form;
    std::string bytes;
};

} // namespace

std::string utf16le(std::string_view utf8) {
    std::string out;
    for (char32_t cp : code_points(utf8)) {
        if (cp >= 0x10000) {
            put_le(out, 0xD800 + ((cp - 0x10000) >> 10), 2);
            put_le(out, 0xDC00 + ((cp - 0x10000) & 0x3FF), 2);
        } else {
            put_le(out, cp, 2);
        }
    }
    return out;
}

std::string utf32le(std::string_view utf8) {
    std::string out;
    for (char32_t cp : code_points(utf8))
        put_le(out, cp, 4);
    return out;
}

std::string MemoryScan::describe() const {
    std::ostringstream s;
    s << hits.size() << " hit(s)";
    for (std::size_t i = 0; i < hits.size() && i < 20; ++i)
        s << (i == 0 ? ": " : "; ") << hits[i].form << " at 0x" << std::hex << hits[i].address
          << std::dec << " in " << hits[i].mapping;
    s << "; read " << (bytes_read >> 20) << " MiB in " << mappings_read << " writable mappings ("
      << mappings_unreadable << " unreadable)";
    return s.str();
}

MemoryScan scan_process_memory(pid_t pid, const std::vector<std::string>& needles) {
    std::vector<Needle> forms;
    std::size_t longest = 0;
    for (const std::string& n : needles) {
        forms.push_back({"UTF-8 \"" + n + "\"", n});
        forms.push_back({"UTF-16LE \"" + n + "\"", utf16le(n)});
        forms.push_back({"UTF-32LE \"" + n + "\"", utf32le(n)});
        for (const Needle& f : forms)
            longest = std::max(longest, f.bytes.size());
    }
    const std::string proc = "/proc/" + std::to_string(pid);
    std::ifstream maps(proc + "/maps");
    if (!maps) throw std::runtime_error("cannot read " + proc + "/maps");
    const int mem = ::open((proc + "/mem").c_str(), O_RDONLY | O_CLOEXEC);
    if (mem < 0) throw std::runtime_error("cannot open " + proc + "/mem: " + std::strerror(errno));

    MemoryScan scan;
    std::string line;
    std::vector<char> buffer;
    constexpr std::size_t kChunk = 4 << 20;
    while (std::getline(maps, line)) {
        // "start-end perms offset dev inode path"
        std::istringstream fields(line);
        std::string range, perms;
        fields >> range >> perms;
        if (perms.size() < 2 || perms[1] != 'w') continue;
        const std::size_t dash = range.find('-');
        const std::uintptr_t start = std::stoull(range.substr(0, dash), nullptr, 16);
        const std::uintptr_t end = std::stoull(range.substr(dash + 1), nullptr, 16);
        bool read_any = false;
        // Chunks overlap by the longest needle so nothing is missed at a chunk's edge.
        std::uintptr_t at = start;
        while (at < end) {
            const std::size_t want = std::min<std::uintptr_t>(kChunk, end - at);
            buffer.resize(want);
            const ssize_t got = ::pread(mem, buffer.data(), want, static_cast<off_t>(at));
            if (got <= 0) break;
            read_any = true;
            scan.bytes_read += static_cast<std::uint64_t>(got);
            const std::string_view view(buffer.data(), static_cast<std::size_t>(got));
            for (const Needle& f : forms) {
                for (std::size_t p = view.find(f.bytes); p != std::string_view::npos;
                     p = view.find(f.bytes, p + 1)) {
                    const std::uintptr_t address = at + p;
                    const bool seen =
                        std::any_of(scan.hits.begin(), scan.hits.end(), [&](const MemoryHit& h) {
                            return h.address == address && h.form == f.form;
                        });
                    if (!seen) scan.hits.push_back({f.form, address, line});
                }
            }
            if (static_cast<std::size_t>(got) < want) break;
            const std::uintptr_t next = at + static_cast<std::uintptr_t>(got);
            at = next >= end ? end : next - std::min<std::uintptr_t>(longest, next - at - 1);
            if (next >= end) break;
        }
        if (read_any)
            ++scan.mappings_read;
        else
            ++scan.mappings_unreadable;
    }
    ::close(mem);
    if (scan.bytes_read == 0)
        throw std::runtime_error("could not read any memory of process " + std::to_string(pid) +
                                 " (ptrace access to it is needed: run as its parent or as root)");
    return scan;
}

} // namespace hrc_e2e
