#pragma once
// Where an installed kensa finds its data: PREFIX/bin/kensa reads
// PREFIX/share/kensa (the install's BINDIR and DATADIR, GNUInstallDirs),
// wherever the prefix was moved, so that an installed binary never depends
// on the source tree it was built from.
//
// Contract: installed_share_directory() is DATADIR/kensa found from the
// running executable's directory (read through /proc/self/exe), when that
// directory exists; otherwise none, as for a program run from its build
// tree, which reads the source tree's data.

#include <filesystem>
#include <optional>

namespace kensa::scanner {

[[nodiscard]] std::optional<std::filesystem::path> installed_share_directory();

}  // namespace kensa::scanner
