// zero_pages.cpp — ZeroPages (hrc_text/zero_pages.h): an anonymous private mapping.

#include "hrc_text/zero_pages.h"

#include <cstring>
#include <new>
#include <utility>

#include <sys/mman.h>

namespace hrc::text {

ZeroPages::ZeroPages(std::size_t bytes) {
    if (bytes == 0) return;
    void* p = mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) throw std::bad_alloc();
    data_ = static_cast<std::uint8_t*>(p);
    size_ = bytes;
}

ZeroPages::~ZeroPages() {
    release();
}

ZeroPages::ZeroPages(ZeroPages&& other) noexcept
    : data_(std::exchange(other.data_, nullptr)), size_(std::exchange(other.size_, 0)) {}

ZeroPages& ZeroPages::operator=(ZeroPages&& other) noexcept {
    if (this != &other) {
        release();
        data_ = std::exchange(other.data_, nullptr);
        size_ = std::exchange(other.size_, 0);
    }
    return *this;
}

void ZeroPages::zero() noexcept {
    if (data_ == nullptr) return;
    // For a private anonymous mapping, MADV_DONTNEED drops the pages: the next read sees zeros.
    if (madvise(data_, size_, MADV_DONTNEED) != 0) std::memset(data_, 0, size_);
}

void ZeroPages::release() noexcept {
    // munmap gives the pages back; the kernel zeroes a page before anyone else gets it.
    if (data_ != nullptr) munmap(data_, size_);
    data_ = nullptr;
    size_ = 0;
}

} // namespace hrc::text
