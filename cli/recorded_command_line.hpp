#pragma once
// The command line as records keep it (export manifests): every argument,
// with secrets replaced by "<redacted>".
//
// Contract: the value of an option whose name speaks of a secret
// (community, pass, password, secret, token, auth-key, priv-key), whether
// given as "--name VALUE" or "--name=VALUE", and the password of a URL's
// user information (scheme://user:PASSWORD@host) are redacted; every other
// argument is kept byte for byte.

#include <string>
#include <vector>

namespace kensa::cli {

[[nodiscard]] std::vector<std::string> recorded_command_line(int argc, const char* const* argv);

}  // namespace kensa::cli
