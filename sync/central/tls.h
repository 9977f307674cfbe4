// tls.h — central's TLS key and certificate (OpenSSL 3): a self-signed certificate for a new
// central, installing a CA-issued one instead, and the public-key pins kiosks check.
//
// A pin is curl's CURLOPT_PINNEDPUBLICKEY form: "sha256//" + base64(SHA-256(DER SubjectPublicKeyInfo)).
//
// Errors: every function throws hrc::Error — Code::crypto for an OpenSSL failure (with OpenSSL's
// reason), Code::key_file for a key or certificate file that cannot be read or does not match,
// Code::already_exists / Code::io / Code::disk_full from writing files (hrc/atomic_file.h).
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace hrc::central {

inline constexpr int kSelfSignedDays = 825;

// Generates an EC P-256 key and a self-signed X.509 v3 certificate (SHA-256, `days` valid, CN
// `common_name`, subjectAltName = `hosts`: names as DNS entries, IPv4/IPv6 literals as IP
// entries, serverAuth). Writes the key (0600) and the certificate (PEM, 0644), never overwriting.
void generate_self_signed(const std::filesystem::path& key_out,
                          const std::filesystem::path& cert_out, const std::string& common_name,
                          const std::vector<std::string>& hosts, int days);

// Checks that `key_in` is the private key of the first certificate in `cert_in` and copies both
// (the whole chain) to `cert_out` (0644) and `key_out` (0600).
void install_certificate(const std::filesystem::path& cert_in, const std::filesystem::path& key_in,
                         const std::filesystem::path& cert_out,
                         const std::filesystem::path& key_out);

// The pin of the first certificate in a PEM file, or of the public half of a PEM private key.
std::string pin_of_certificate(const std::filesystem::path& cert_pem);
std::string pin_of_private_key(const std::filesystem::path& key_pem);

// True for "sha256//" followed by base64 of exactly 32 bytes. Never throws.
bool is_valid_pin(const std::string& pin);

// True for a host name (letters, digits, '-', '.') or an IPv4/IPv6 literal. Never throws.
bool is_valid_host(const std::string& host);

// The latest OpenSSL error as text (and clears the queue). Never throws.
std::string openssl_error();

} // namespace hrc::central
