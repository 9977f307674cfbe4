// staff_pins.cpp — see hrc/staff_pins.h.

#include "hrc/staff_pins.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <map>
#include <sstream>

#include <fcntl.h>
#include <sodium.h>
#include <unistd.h>

#include "hrc/atomic_file.h"
#include "hrc/error.h"

namespace hrc {

namespace {

// staff id -> hash, in file order (std::map sorts; order does not matter to anyone).
std::map<std::string, std::string> read_pins(const std::filesystem::path& file) {
    std::map<std::string, std::string> pins;
    std::ifstream in(file);
    std::string line;
    while (std::getline(in, line)) {
        const auto space = line.find(' ');
        if (line.empty() || line[0] == '#' || space == std::string::npos) continue;
        pins[line.substr(0, space)] = line.substr(space + 1);
    }
    return pins;
}

void write_pins(const std::filesystem::path& file, const std::map<std::string, std::string>& pins) {
    std::string text = "# hrc staff PINs: STAFF_ID crypto_pwhash_str(PIN). Written by `hrc-admin "
                       "set-pin`; keep 0600.\n";
    for (const auto& [id, hash] : pins)
        text += id + " " + hash + "\n";
    // Replaced whole, atomically: a crash leaves the old list or the new one (hrc/atomic_file.h).
    write_file_atomically(file, text, 0600, IfExists::replace);
}

} // namespace

std::filesystem::path staff_pins_path(const Config& config) {
    return (config.file.empty() ? std::filesystem::path("/etc/hrc") : config.file.parent_path()) /
           "staff-pins";
}

bool is_valid_staff_id(std::string_view id) {
    if (id.empty() || id.size() > 64) return false;
    for (char c : id)
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
              c == '-'))
            return false;
    return true;
}

bool is_valid_pin(std::string_view pin) {
    if (pin.size() < 4 || pin.size() > 12) return false;
    for (char c : pin)
        if (c < '0' || c > '9') return false;
    return true;
}

void set_staff_pin(const std::filesystem::path& file, const std::string& staff_id,
                   std::string_view pin) {
    if (!is_valid_staff_id(staff_id))
        throw Error(Code::usage, "A staff ID is 1 to 64 letters, digits or hyphens");
    if (!is_valid_pin(pin)) throw Error(Code::usage, "A PIN is 4 to 12 digits");
    if (sodium_init() < 0) throw Error(Code::crypto, "libsodium could not initialise");
    char hash[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str(hash, pin.data(), pin.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
        throw Error(Code::crypto, "hashing the PIN failed (out of memory?)");
    auto pins = read_pins(file);
    pins[staff_id] = hash;
    write_pins(file, pins);
}

bool remove_staff_pin(const std::filesystem::path& file, const std::string& staff_id) {
    auto pins = read_pins(file);
    if (!pins.erase(staff_id)) return false;
    write_pins(file, pins);
    return true;
}

bool verify_staff_pin(const std::filesystem::path& file, std::string_view staff_id,
                      std::string_view pin) {
    // A hash of a random PIN with the same Argon2id limits, made once: an unknown staff id, a
    // missing file or a malformed PIN are checked against it, so every refusal costs the same time
    // and the time taken never tells which staff ids exist (bench/pin_timing measures it).
    static const std::string decoy = [] {
        char hash[crypto_pwhash_STRBYTES];
        unsigned char random_pin[16];
        randombytes_buf(random_pin, sizeof random_pin);
        if (crypto_pwhash_str(hash, reinterpret_cast<const char*>(random_pin), sizeof random_pin,
                              crypto_pwhash_OPSLIMIT_INTERACTIVE,
                              crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
            return std::
                string(); // out of memory: refusals are then just faster, never wrongly accepted
        return std::string(hash);
    }();
    const bool well_formed = is_valid_staff_id(staff_id) && is_valid_pin(pin);
    std::map<std::string, std::string> pins;
    if (well_formed) pins = read_pins(file);
    const auto it = well_formed ? pins.find(std::string(staff_id)) : pins.end();
    const std::string& hash = it != pins.end() ? it->second : decoy;
    if (hash.empty()) return false;
    const bool matches = crypto_pwhash_str_verify(hash.c_str(), pin.data(), pin.size()) == 0;
    return matches && it != pins.end();
}

} // namespace hrc
