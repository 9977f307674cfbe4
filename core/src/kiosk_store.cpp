// kiosk_store.cpp — opening the store from hrc.toml, and crash-safe key rotation (hrc/kiosk_store.h).

#include "hrc/kiosk_store.h"

#include <cstdlib>

#include <nlohmann/json.hpp>

#include "hrc/atomic_file.h"
#include "hrc/clock.h"

namespace hrc {

namespace {

std::filesystem::path pending_key_path(const Config& config) {
    return config.store.key_file.string() + ".new";
}

bool key_from_credential() {
    const char* dir = std::getenv("CREDENTIALS_DIRECTORY");
    return dir && *dir;
}

// Step 3 of a key change: db.key.new (complete and fsync'd by write_db_key) replaces db.key, and
// the folder is fsync'd so the change survives a power cut (hrc/atomic_file.h).
void finish_pending_rotation(const Config& config) {
    try {
        rename_durably(pending_key_path(config), config.store.key_file, IfExists::replace);
    } catch (const Error& e) {
        throw Error(Code::key_file, "Finishing an interrupted key change: cannot rename " +
                                        pending_key_path(config).string() + " to " +
                                        config.store.key_file.string() + " (" + e.what() +
                                        "). Do it by hand.");
    }
}

} // namespace

StoreOptions store_options(const Config& config) {
    StoreOptions options;
    options.database = config.store.database;
    options.busy_timeout_ms = config.store.busy_timeout_ms;
    return options;
}

Store open_kiosk_store(const Config& config) {
    const StoreOptions options = store_options(config);
    const std::filesystem::path pending = pending_key_path(config);
    const bool rotation_pending = !key_from_credential() && std::filesystem::exists(pending);
    try {
        Store store = Store::open(options, read_db_key(config.store.key_file));
        if (rotation_pending) std::filesystem::remove(pending); // step 2 never happened
        return store;
    } catch (const Error& e) {
        if (e.code() != Code::wrong_key || !rotation_pending) throw;
    }
    // The database is already under the new key: finish step 3.
    Store store = Store::open(options, read_db_key(pending));
    finish_pending_rotation(config);
    store.append_audit("store.rekey_completed_after_interruption", "{}", unix_now());
    return store;
}

void rotate_db_key(const Config& config, Store& store, std::int64_t now) {
    if (key_from_credential())
        throw Error(Code::key_file,
                    "The database key comes from a systemd credential ($CREDENTIALS_DIRECTORY). "
                    "Rotate it by re-encrypting a new credential with systemd-creds; hrc-admin "
                    "rekey cannot replace it.");
    const std::filesystem::path pending = pending_key_path(config);
    std::filesystem::remove(pending);
    const SecretKey new_key = generate_db_key();
    write_db_key(pending, new_key);
    store.rekey(new_key);
    finish_pending_rotation(config);
    store.append_audit("store.rekeyed", "{}", now);
}

} // namespace hrc
