#include "scanner/secret.hpp"

#include <openssl/crypto.h>

namespace kensa::scanner {

Secret::~Secret() {
  // OPENSSL_cleanse cannot be optimised away, unlike a plain memset.
  if (!value_.empty()) OPENSSL_cleanse(value_.data(), value_.size());
}

}  // namespace kensa::scanner
