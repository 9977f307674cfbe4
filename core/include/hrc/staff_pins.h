// hrc/staff_pins.h — staff PINs for the kiosk's staff mode.
//
// The file `staff-pins` beside hrc.toml holds one line per member of staff: `STAFF_ID HASH`, where
// HASH is libsodium's crypto_pwhash_str (Argon2id, interactive limits) of the PIN. Only hashes are
// stored; the file is 0600. `hrc-admin set-pin` writes it; hrc-kiosk verifies against it.
//
// Errors: set_staff_pin throws hrc::Error (Code::usage for a bad id or PIN, Code::io / disk_full
// for the file); verify_staff_pin never throws (false for anything wrong, including a missing file).
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "hrc/config.h"

namespace hrc {

std::filesystem::path staff_pins_path(const Config& config); // <folder of hrc.toml>/staff-pins

// PINs are 4 to 12 digits; staff ids 1 to 64 of [A-Za-z0-9-].
bool is_valid_staff_id(std::string_view staff_id);
bool is_valid_pin(std::string_view pin);

// Adds or replaces `staff_id`'s PIN (atomically: temporary file, fsync, rename).
void set_staff_pin(const std::filesystem::path& file, const std::string& staff_id,
                   std::string_view pin);
// Removes `staff_id`; returns false if it was not there.
bool remove_staff_pin(const std::filesystem::path& file, const std::string& staff_id);
bool verify_staff_pin(const std::filesystem::path& file, std::string_view staff_id,
                      std::string_view pin);

} // namespace hrc
