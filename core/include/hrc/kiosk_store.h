// hrc/kiosk_store.h — opening the kiosk's store from its configuration, with key rotation that
// survives a power cut at any moment.
//
// Rekey protocol (rotate_db_key):  1. write the new key to "<key_file>.new" (0600, fsync)
//                                   2. re-encrypt the database with it (atomic inside SQLite)
//                                   3. rename "<key_file>.new" over "<key_file>" (fsync the folder)
// open_kiosk_store() finishes an interrupted rotation: if the current key does not open the
// database but "<key_file>.new" does, step 2 completed and step 3 is done now; if the current key
// opens it, step 2 never happened and the stale ".new" file is removed.
#pragma once

#include "hrc/config.h"
#include "hrc/store.h"

namespace hrc {

StoreOptions store_options(const Config& config);

// Reads the key and opens the database. Throws hrc::Error (see store.h and read_db_key()).
Store open_kiosk_store(const Config& config);

// Rotates the database key (protocol above) and audits it. Refuses when the key comes from a
// systemd credential (Code::key_file: rotate the credential instead). Throws hrc::Error.
void rotate_db_key(const Config& config, Store& store, std::int64_t now);

} // namespace hrc
