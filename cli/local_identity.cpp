#include "cli/local_identity.hpp"

#include <pwd.h>
#include <unistd.h>

namespace kensa::cli {

std::string host_name() {
  char name[256] = {};
  if (gethostname(name, sizeof name - 1) != 0) return "";
  return name;
}

std::string os_user() {
  if (const passwd* entry = getpwuid(geteuid()); entry != nullptr && entry->pw_name != nullptr)
    return entry->pw_name;
  return "uid " + std::to_string(geteuid());
}

}  // namespace kensa::cli
