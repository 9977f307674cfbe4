// hrc_text/zero_pages.h — a zero-filled byte buffer whose untouched pages take no memory.
//
// The glyph atlas is 1024 × 1024 bytes at start and holds a few hundred glyphs packed on shelves
// from the top: most of it stays zero. A std::vector writes every byte when it is made (and a
// wipe wrote every byte again), so all of it counted in the kiosk's memory. This buffer is an
// anonymous private mapping instead: the kernel gives zero pages on first read and real pages only
// where something is written, and zero() hands every page back at once (MADV_DONTNEED), which also
// leaves nothing of the old glyphs in memory (issue 15 item 7: memory near the floor).
#pragma once

#include <cstddef>
#include <cstdint>

namespace hrc::text {

class ZeroPages {
public:
    ZeroPages() = default;
    // `bytes` of zeros. Throws std::bad_alloc if the mapping cannot be made.
    explicit ZeroPages(std::size_t bytes);
    ~ZeroPages();
    ZeroPages(ZeroPages&& other) noexcept;
    ZeroPages& operator=(ZeroPages&& other) noexcept;
    ZeroPages(const ZeroPages&) = delete;
    ZeroPages& operator=(const ZeroPages&) = delete;

    std::uint8_t* data() { return data_; }
    const std::uint8_t* data() const { return data_; }
    std::size_t size() const { return size_; }
    bool empty() const { return size_ == 0; }
    std::uint8_t& operator[](std::size_t i) { return data_[i]; }
    const std::uint8_t& operator[](std::size_t i) const { return data_[i]; }

    // Every byte zero again, the pages handed back to the kernel. Never fails (if the kernel
    // refuses, the bytes are overwritten instead).
    void zero() noexcept;

private:
    void release() noexcept;

    std::uint8_t* data_ = nullptr;
    std::size_t size_ = 0;
};

} // namespace hrc::text
