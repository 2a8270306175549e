#pragma once
// Who and where kensa runs, as records name them: the host name and the
// system user. Neither is a proof of identity; signed manifests are.

#include <string>

namespace kensa::cli {

[[nodiscard]] std::string host_name();  // "" when the system gives none
[[nodiscard]] std::string os_user();    // the effective user's name, or "uid N"

}  // namespace kensa::cli
