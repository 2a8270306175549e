#include "cli/manifest_signature.hpp"

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <sys/stat.h>

#include <cstdio>

#include "cli/untrusted_text.hpp"
#include "cli/usage_error.hpp"
#include "riskdb/file_digest.hpp"

namespace kensa::cli {

namespace fs = std::filesystem;

namespace {

struct FileClose {
  void operator()(std::FILE* file) const { std::fclose(file); }
};

struct ContextFree {
  void operator()(EVP_MD_CTX* context) const { EVP_MD_CTX_free(context); }
};

std::string openssl_reason() {
  const unsigned long code = ERR_get_error();
  ERR_clear_error();
  if (code == 0) return "not a PEM key";
  char text[256];
  ERR_error_string_n(code, text, sizeof text);
  return text;
}

std::unique_ptr<std::FILE, FileClose> open_key_file(const fs::path& file, const char* what) {
  const std::string name = escape_for_terminal(file.string());
  struct stat facts {};
  if (::stat(file.c_str(), &facts) != 0)
    throw UsageError(std::string(what) + " " + name + ": no such file");
  if (!S_ISREG(facts.st_mode))
    throw UsageError(std::string(what) + " " + name + " is not a regular file");
  std::unique_ptr<std::FILE, FileClose> stream(std::fopen(file.c_str(), "rb"));
  if (!stream) throw UsageError(std::string(what) + " " + name + " cannot be read");
  return stream;
}

void require_ed25519(const Key& key, const char* what, const fs::path& file) {
  if (EVP_PKEY_id(key.get()) != EVP_PKEY_ED25519)
    throw UsageError(std::string(what) + " " + escape_for_terminal(file.string()) +
                     " is not an Ed25519 key (make one with `openssl genpkey -algorithm "
                     "ed25519`)");
}

}  // namespace

Key load_signing_key(const fs::path& file) {
  auto stream = open_key_file(file, "signing key");
  struct stat facts {};
  if (::fstat(fileno(stream.get()), &facts) == 0 && (facts.st_mode & (S_IROTH | S_IWOTH)) != 0)
    throw UsageError("signing key " + escape_for_terminal(file.string()) +
                     " can be read or written by every user of this machine (chmod o-rw)");
  Key key(PEM_read_PrivateKey(stream.get(), nullptr, nullptr, nullptr));
  if (!key)
    throw UsageError("signing key " + escape_for_terminal(file.string()) + ": " + openssl_reason());
  require_ed25519(key, "signing key", file);
  return key;
}

Key load_public_key(const fs::path& file) {
  auto stream = open_key_file(file, "public key");
  Key key(PEM_read_PUBKEY(stream.get(), nullptr, nullptr, nullptr));
  if (!key)
    throw UsageError("public key " + escape_for_terminal(file.string()) + ": " + openssl_reason());
  require_ed25519(key, "public key", file);
  return key;
}

std::string sign(const Key& key, std::string_view message) {
  std::unique_ptr<EVP_MD_CTX, ContextFree> context(EVP_MD_CTX_new());
  std::string signature(64, '\0');
  std::size_t length = signature.size();
  if (!context || EVP_DigestSignInit(context.get(), nullptr, nullptr, nullptr, key.get()) != 1 ||
      EVP_DigestSign(context.get(), reinterpret_cast<unsigned char*>(signature.data()), &length,
                     reinterpret_cast<const unsigned char*>(message.data()), message.size()) != 1)
    throw std::runtime_error("signing failed: " + openssl_reason());
  signature.resize(length);
  return signature;
}

bool signature_matches(const Key& key, std::string_view message, std::string_view signature) {
  std::unique_ptr<EVP_MD_CTX, ContextFree> context(EVP_MD_CTX_new());
  if (!context || EVP_DigestVerifyInit(context.get(), nullptr, nullptr, nullptr, key.get()) != 1)
    throw std::runtime_error("signature check failed: " + openssl_reason());
  const int result = EVP_DigestVerify(
      context.get(), reinterpret_cast<const unsigned char*>(signature.data()), signature.size(),
      reinterpret_cast<const unsigned char*>(message.data()), message.size());
  ERR_clear_error();
  return result == 1;
}

std::string fingerprint(const Key& key) {
  unsigned char* der = nullptr;
  const int length = i2d_PUBKEY(key.get(), &der);
  if (length <= 0) throw std::runtime_error("cannot encode a public key: " + openssl_reason());
  const std::string digest = riskdb::sha256_of_bytes(
      std::string_view(reinterpret_cast<const char*>(der), static_cast<std::size_t>(length)));
  OPENSSL_free(der);
  return digest;
}

}  // namespace kensa::cli
