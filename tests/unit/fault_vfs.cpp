// fault_vfs.cpp — see fault_vfs.h. Each method forwards to the real VFS / file.

#include "fault_vfs.h"

#include <mutex>

#include <sqlite3.h>

namespace hrc_test {

std::atomic<bool> fail_writes{false};
std::atomic<int> refused_writes{0};

namespace {

sqlite3_vfs* real_vfs = nullptr;
sqlite3_vfs fault_vfs{};
sqlite3_io_methods fault_methods{};

// Our file object: the SQLite header, then the real VFS's file object right after it.
struct FaultFile {
    sqlite3_file base;
    sqlite3_file* real;
};

sqlite3_file* real_of(sqlite3_file* f) {
    return reinterpret_cast<FaultFile*>(f)->real;
}

int x_close(sqlite3_file* f) {
    return real_of(f)->pMethods->xClose(real_of(f));
}
int x_read(sqlite3_file* f, void* buf, int n, sqlite3_int64 off) {
    return real_of(f)->pMethods->xRead(real_of(f), buf, n, off);
}
int x_write(sqlite3_file* f, const void* buf, int n, sqlite3_int64 off) {
    if (fail_writes.load()) {
        ++refused_writes;
        return SQLITE_FULL;
    }
    return real_of(f)->pMethods->xWrite(real_of(f), buf, n, off);
}
int x_truncate(sqlite3_file* f, sqlite3_int64 size) {
    if (fail_writes.load()) {
        ++refused_writes;
        return SQLITE_FULL;
    }
    return real_of(f)->pMethods->xTruncate(real_of(f), size);
}
int x_sync(sqlite3_file* f, int flags) {
    return real_of(f)->pMethods->xSync(real_of(f), flags);
}
int x_file_size(sqlite3_file* f, sqlite3_int64* size) {
    return real_of(f)->pMethods->xFileSize(real_of(f), size);
}
int x_lock(sqlite3_file* f, int level) {
    return real_of(f)->pMethods->xLock(real_of(f), level);
}
int x_unlock(sqlite3_file* f, int level) {
    return real_of(f)->pMethods->xUnlock(real_of(f), level);
}
int x_check_reserved(sqlite3_file* f, int* out) {
    return real_of(f)->pMethods->xCheckReservedLock(real_of(f), out);
}
int x_file_control(sqlite3_file* f, int op, void* arg) {
    return real_of(f)->pMethods->xFileControl(real_of(f), op, arg);
}
int x_sector_size(sqlite3_file* f) {
    return real_of(f)->pMethods->xSectorSize(real_of(f));
}
int x_device_characteristics(sqlite3_file* f) {
    return real_of(f)->pMethods->xDeviceCharacteristics(real_of(f));
}
int x_shm_map(sqlite3_file* f, int page, int size, int extend, void volatile** out) {
    return real_of(f)->pMethods->xShmMap(real_of(f), page, size, extend, out);
}
int x_shm_lock(sqlite3_file* f, int offset, int n, int flags) {
    return real_of(f)->pMethods->xShmLock(real_of(f), offset, n, flags);
}
void x_shm_barrier(sqlite3_file* f) {
    real_of(f)->pMethods->xShmBarrier(real_of(f));
}
int x_shm_unmap(sqlite3_file* f, int delete_flag) {
    return real_of(f)->pMethods->xShmUnmap(real_of(f), delete_flag);
}
int x_fetch(sqlite3_file* f, sqlite3_int64 off, int n, void** out) {
    return real_of(f)->pMethods->xFetch(real_of(f), off, n, out);
}
int x_unfetch(sqlite3_file* f, sqlite3_int64 off, void* p) {
    return real_of(f)->pMethods->xUnfetch(real_of(f), off, p);
}

int v_open(sqlite3_vfs*, const char* name, sqlite3_file* file, int flags, int* out_flags) {
    auto* ours = reinterpret_cast<FaultFile*>(file);
    ours->real = reinterpret_cast<sqlite3_file*>(ours + 1);
    const int rc = real_vfs->xOpen(real_vfs, name, ours->real, flags, out_flags);
    ours->base.pMethods = ours->real->pMethods ? &fault_methods : nullptr;
    return rc;
}
int v_delete(sqlite3_vfs*, const char* name, int sync_dir) {
    return real_vfs->xDelete(real_vfs, name, sync_dir);
}
int v_access(sqlite3_vfs*, const char* name, int flags, int* out) {
    return real_vfs->xAccess(real_vfs, name, flags, out);
}
int v_full_pathname(sqlite3_vfs*, const char* name, int n, char* out) {
    return real_vfs->xFullPathname(real_vfs, name, n, out);
}
void* v_dl_open(sqlite3_vfs*, const char* name) {
    return real_vfs->xDlOpen(real_vfs, name);
}
void v_dl_error(sqlite3_vfs*, int n, char* out) {
    real_vfs->xDlError(real_vfs, n, out);
}
void (*v_dl_sym(sqlite3_vfs*, void* h, const char* sym))(void) {
    return real_vfs->xDlSym(real_vfs, h, sym);
}
void v_dl_close(sqlite3_vfs*, void* h) {
    real_vfs->xDlClose(real_vfs, h);
}
int v_randomness(sqlite3_vfs*, int n, char* out) {
    return real_vfs->xRandomness(real_vfs, n, out);
}
int v_sleep(sqlite3_vfs*, int us) {
    return real_vfs->xSleep(real_vfs, us);
}
int v_current_time(sqlite3_vfs*, double* out) {
    return real_vfs->xCurrentTime(real_vfs, out);
}
int v_get_last_error(sqlite3_vfs*, int n, char* out) {
    return real_vfs->xGetLastError(real_vfs, n, out);
}
int v_current_time_int64(sqlite3_vfs*, sqlite3_int64* out) {
    return real_vfs->xCurrentTimeInt64(real_vfs, out);
}

} // namespace

bool register_fault_vfs() {
    static std::once_flag once;
    static bool ok = false;
    std::call_once(once, [] {
        real_vfs = sqlite3_vfs_find(nullptr);
        if (!real_vfs) return;
        fault_methods.iVersion = 3;
        fault_methods.xClose = x_close;
        fault_methods.xRead = x_read;
        fault_methods.xWrite = x_write;
        fault_methods.xTruncate = x_truncate;
        fault_methods.xSync = x_sync;
        fault_methods.xFileSize = x_file_size;
        fault_methods.xLock = x_lock;
        fault_methods.xUnlock = x_unlock;
        fault_methods.xCheckReservedLock = x_check_reserved;
        fault_methods.xFileControl = x_file_control;
        fault_methods.xSectorSize = x_sector_size;
        fault_methods.xDeviceCharacteristics = x_device_characteristics;
        fault_methods.xShmMap = x_shm_map;
        fault_methods.xShmLock = x_shm_lock;
        fault_methods.xShmBarrier = x_shm_barrier;
        fault_methods.xShmUnmap = x_shm_unmap;
        fault_methods.xFetch = x_fetch;
        fault_methods.xUnfetch = x_unfetch;

        fault_vfs.iVersion = 2;
        fault_vfs.szOsFile = static_cast<int>(sizeof(FaultFile)) + real_vfs->szOsFile;
        fault_vfs.mxPathname = real_vfs->mxPathname;
        fault_vfs.zName = kFaultVfs;
        fault_vfs.xOpen = v_open;
        fault_vfs.xDelete = v_delete;
        fault_vfs.xAccess = v_access;
        fault_vfs.xFullPathname = v_full_pathname;
        fault_vfs.xDlOpen = v_dl_open;
        fault_vfs.xDlError = v_dl_error;
        fault_vfs.xDlSym = v_dl_sym;
        fault_vfs.xDlClose = v_dl_close;
        fault_vfs.xRandomness = v_randomness;
        fault_vfs.xSleep = v_sleep;
        fault_vfs.xCurrentTime = v_current_time;
        fault_vfs.xGetLastError = v_get_last_error;
        fault_vfs.xCurrentTimeInt64 = v_current_time_int64;
        ok = sqlite3_vfs_register(&fault_vfs, 0) == SQLITE_OK;
    });
    return ok;
}

} // namespace hrc_test
