// tls.cpp — see tls.h. OpenSSL 3 EVP / X509 APIs; every return value is checked.
//
// [SECTION] OpenSSL helpers (RAII, errors, reading PEM)
// [SECTION] Pins
// [SECTION] Self-signed certificate
// [SECTION] Installing a CA-issued certificate

#include "tls.h"

#include <fstream>
#include <iterator>
#include <memory>

#include <arpa/inet.h>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "hrc/atomic_file.h"
#include "hrc/error.h"

#include "files.h"
#include "protocol.h"

namespace hrc::central {

//-------------------------------------------------------------------------------------------------
// [SECTION] OpenSSL helpers
//-------------------------------------------------------------------------------------------------

std::string openssl_error() {
    const unsigned long e = ERR_get_error();
    ERR_clear_error();
    if (e == 0) return "no reason given by OpenSSL";
    char buf[256];
    ERR_error_string_n(e, buf, sizeof buf);
    return buf;
}

namespace {

template <auto Free>
struct Deleter {
    template <typename T>
    void operator()(T* p) const {
        Free(p);
    }
};
using PkeyPtr = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY_free>>;
using PkeyCtxPtr = std::unique_ptr<EVP_PKEY_CTX, Deleter<EVP_PKEY_CTX_free>>;
using X509Ptr = std::unique_ptr<X509, Deleter<X509_free>>;
using BioPtr = std::unique_ptr<BIO, Deleter<BIO_free_all>>;
using BnPtr = std::unique_ptr<BIGNUM, Deleter<BN_free>>;
using ExtPtr = std::unique_ptr<X509_EXTENSION, Deleter<X509_EXTENSION_free>>;

[[noreturn]] void fail(const std::string& doing) {
    throw Error(Code::crypto, doing + " failed: " + openssl_error());
}
void check(int ok, const std::string& doing) {
    if (ok != 1) fail(doing);
}

// No passphrase prompts: an encrypted key is refused with a message instead of blocking on a tty.
int no_password(char*, int, int, void*) {
    return 0;
}

BioPtr open_for_reading(const std::filesystem::path& path) {
    BioPtr bio(BIO_new_file(path.c_str(), "r"));
    if (!bio)
        throw Error(Code::key_file,
                    path.string() + ": cannot read this file (" + openssl_error() + ")");
    return bio;
}

X509Ptr read_certificate(const std::filesystem::path& path) {
    BioPtr bio = open_for_reading(path);
    X509Ptr cert(PEM_read_bio_X509(bio.get(), nullptr, no_password, nullptr));
    if (!cert)
        throw Error(Code::key_file,
                    path.string() + ": no PEM certificate in this file (" + openssl_error() +
                        "). Give the certificate (chain) in PEM form, server certificate first.");
    return cert;
}

PkeyPtr read_private_key(const std::filesystem::path& path) {
    BioPtr bio = open_for_reading(path);
    PkeyPtr key(PEM_read_bio_PrivateKey(bio.get(), nullptr, no_password, nullptr));
    if (!key)
        throw Error(
            Code::key_file,
            path.string() + ": no usable PEM private key in this file (" + openssl_error() +
                "). The key must not be protected by a passphrase: hrc-central starts unattended.");
    return key;
}

// Writes a PEM private key through a secure-memory BIO (cleared when freed).
void write_private_key(const std::filesystem::path& path, EVP_PKEY* key) {
    BioPtr bio(BIO_new(BIO_s_secmem()));
    if (!bio) fail("allocating memory for the TLS key");
    check(PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr),
          "encoding the TLS key");
    char* data = nullptr;
    const long size = BIO_get_mem_data(bio.get(), &data);
    if (size <= 0 || !data) fail("encoding the TLS key");
    write_file_atomically(path, data, static_cast<std::size_t>(size), 0600, IfExists::refuse);
}

void write_certificate(const std::filesystem::path& path, X509* cert) {
    BioPtr bio(BIO_new(BIO_s_mem()));
    if (!bio) fail("allocating memory for the certificate");
    check(PEM_write_bio_X509(bio.get(), cert), "encoding the certificate");
    char* data = nullptr;
    const long size = BIO_get_mem_data(bio.get(), &data);
    if (size <= 0 || !data) fail("encoding the certificate");
    write_file_atomically(path, data, static_cast<std::size_t>(size), 0644, IfExists::refuse);
}

//-------------------------------------------------------------------------------------------------
// [SECTION] Pins
//-------------------------------------------------------------------------------------------------

std::string pin_of_public_key(EVP_PKEY* key) {
    const int len = i2d_PUBKEY(key, nullptr);
    if (len <= 0) fail("encoding the public key");
    std::vector<unsigned char> der(static_cast<std::size_t>(len));
    unsigned char* p = der.data();
    if (i2d_PUBKEY(key, &p) != len) fail("encoding the public key");
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int digest_len = 0;
    check(EVP_Digest(der.data(), der.size(), digest, &digest_len, EVP_sha256(), nullptr),
          "hashing the public key");
    if (digest_len != 32) throw Error(Code::crypto, "SHA-256 did not give 32 bytes");
    return "sha256//" + protocol::base64_encode(digest, digest_len);
}

} // namespace

std::string pin_of_certificate(const std::filesystem::path& cert_pem) {
    X509Ptr cert = read_certificate(cert_pem);
    EVP_PKEY* key = X509_get0_pubkey(cert.get()); // owned by the certificate
    if (!key) fail("reading the certificate's public key");
    return pin_of_public_key(key);
}

std::string pin_of_private_key(const std::filesystem::path& key_pem) {
    PkeyPtr key = read_private_key(key_pem);
    return pin_of_public_key(key.get()); // i2d_PUBKEY writes only the public half
}

bool is_valid_pin(const std::string& pin) {
    constexpr std::string_view prefix = "sha256//";
    if (pin.size() != prefix.size() + 44 || pin.compare(0, prefix.size(), prefix) != 0)
        return false;
    const auto bytes = protocol::base64_decode(std::string_view(pin).substr(prefix.size()));
    return bytes && bytes->size() == 32;
}

bool is_valid_host(const std::string& host) {
    unsigned char buf[16];
    if (inet_pton(AF_INET, host.c_str(), buf) == 1 || inet_pton(AF_INET6, host.c_str(), buf) == 1)
        return true;
    if (host.empty() || host.size() > 253 || host.front() == '.' || host.front() == '-' ||
        host.back() == '.')
        return false;
    for (char c : host)
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '.'))
            return false;
    return host.find("..") == std::string::npos;
}

//-------------------------------------------------------------------------------------------------
// [SECTION] Self-signed certificate
//-------------------------------------------------------------------------------------------------

namespace {

PkeyPtr generate_p256_key() {
    PkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_name(nullptr, "EC", nullptr));
    if (!ctx) fail("setting up EC key generation");
    if (EVP_PKEY_keygen_init(ctx.get()) <= 0) fail("setting up EC key generation");
    if (EVP_PKEY_CTX_set_group_name(ctx.get(), "P-256") <= 0) fail("choosing the P-256 curve");
    EVP_PKEY* raw = nullptr;
    if (EVP_PKEY_generate(ctx.get(), &raw) <= 0 || !raw) fail("generating the TLS key");
    return PkeyPtr(raw);
}

void add_extension(X509* cert, X509V3_CTX* ctx, int nid, const std::string& value) {
    ExtPtr ext(X509V3_EXT_conf_nid(nullptr, ctx, nid, value.c_str()));
    if (!ext) fail("building the certificate extension " + value);
    check(X509_add_ext(cert, ext.get(), -1), "adding the certificate extension " + value);
}

std::string subject_alt_names(const std::vector<std::string>& hosts) {
    std::string out;
    unsigned char buf[16];
    for (const auto& h : hosts) {
        if (!is_valid_host(h))
            throw Error(Code::usage,
                        "\"" + h + "\" is not a host name or IP address for the certificate");
        const bool ip =
            inet_pton(AF_INET, h.c_str(), buf) == 1 || inet_pton(AF_INET6, h.c_str(), buf) == 1;
        const std::string entry = (ip ? "IP:" : "DNS:") + h;
        if (out.find(entry) != std::string::npos) continue;
        if (!out.empty()) out += ',';
        out += entry;
    }
    return out;
}

} // namespace

void generate_self_signed(const std::filesystem::path& key_out,
                          const std::filesystem::path& cert_out, const std::string& common_name,
                          const std::vector<std::string>& hosts, int days) {
    const std::string san = subject_alt_names(hosts); // validate before any work
    if (san.empty())
        throw Error(Code::usage, "the certificate needs at least one host name or address");
    PkeyPtr key = generate_p256_key();

    X509Ptr cert(X509_new());
    if (!cert) fail("allocating the certificate");
    check(X509_set_version(cert.get(), X509_VERSION_3), "setting the certificate version");

    // A random positive 127-bit serial: unique without keeping state (RFC 5280 allows 20 bytes).
    BnPtr serial(BN_new());
    if (!serial) fail("allocating the serial number");
    check(BN_rand(serial.get(), 127, BN_RAND_TOP_ANY, BN_RAND_BOTTOM_ANY),
          "choosing the serial number");
    if (!BN_to_ASN1_INTEGER(serial.get(), X509_get_serialNumber(cert.get())))
        fail("setting the serial number");

    // Valid from five minutes ago, so a kiosk whose clock is slightly behind accepts it at once.
    if (!X509_gmtime_adj(X509_getm_notBefore(cert.get()), -300))
        fail("setting the start of validity");
    if (!X509_gmtime_adj(X509_getm_notAfter(cert.get()), static_cast<long>(days) * 86400L))
        fail("setting the end of validity");
    check(X509_set_pubkey(cert.get(), key.get()), "putting the public key in the certificate");

    X509_NAME* name = X509_get_subject_name(cert.get()); // owned by the certificate
    if (!name) fail("reading the certificate's subject");
    check(X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8,
                                     reinterpret_cast<const unsigned char*>(common_name.c_str()),
                                     -1, -1, 0),
          "setting the certificate's name");
    check(X509_set_issuer_name(cert.get(), name), "setting the certificate's issuer");

    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, cert.get(), cert.get(), nullptr, nullptr, 0);
    add_extension(cert.get(), &ctx, NID_basic_constraints, "critical,CA:FALSE");
    add_extension(cert.get(), &ctx, NID_key_usage, "critical,digitalSignature");
    add_extension(cert.get(), &ctx, NID_ext_key_usage, "serverAuth");
    add_extension(cert.get(), &ctx, NID_subject_key_identifier, "hash");
    add_extension(cert.get(), &ctx, NID_subject_alt_name, san);

    if (X509_sign(cert.get(), key.get(), EVP_sha256()) <= 0) fail("signing the certificate");

    write_private_key(key_out, key.get());
    try {
        write_certificate(cert_out, cert.get());
    } catch (...) {
        std::error_code ignored;
        std::filesystem::remove(key_out, ignored);
        throw;
    }
}

//-------------------------------------------------------------------------------------------------
// [SECTION] Installing a CA-issued certificate
//-------------------------------------------------------------------------------------------------

void install_certificate(const std::filesystem::path& cert_in, const std::filesystem::path& key_in,
                         const std::filesystem::path& cert_out,
                         const std::filesystem::path& key_out) {
    X509Ptr cert = read_certificate(cert_in);
    PkeyPtr key = read_private_key(key_in);
    if (X509_check_private_key(cert.get(), key.get()) != 1) {
        ERR_clear_error();
        throw Error(Code::key_file,
                    key_in.string() + " is not the private key of the certificate in " +
                        cert_in.string() +
                        ". Give the key that was used to request this certificate.");
    }
    if (X509_cmp_current_time(X509_get0_notAfter(cert.get())) <= 0)
        throw Error(Code::key_file,
                    cert_in.string() + ": this certificate has expired. Renew it first.");

    // The chain file is copied as it is (server certificate first, then intermediates).
    std::ifstream in(cert_in, std::ios::binary);
    const std::string chain((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (!in.good() && !in.eof())
        throw Error(Code::io, cert_in.string() + ": cannot read this file");
    write_file_atomically(cert_out, chain.data(), chain.size(), 0644, IfExists::refuse);
    try {
        write_private_key(key_out, key.get());
    } catch (...) {
        std::error_code ignored;
        std::filesystem::remove(cert_out, ignored);
        throw;
    }
}

} // namespace hrc::central
