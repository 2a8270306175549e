#include "cli/inventory_database.hpp"

#include <cstdlib>
#include <iostream>

#include "cli/usage_error.hpp"
#include "feeds/catalogue_import.hpp"
#include "feeds/feed_fetch.hpp"
#include "riskdb/data_files.hpp"
#include "riskdb/inventory.hpp"
#include "riskdb/mib_identity_store.hpp"
#include "riskdb/registries.hpp"
#include "scanner/identification.hpp"

namespace kensa::cli {

std::filesystem::path default_database_path() {
  if (const char* file = std::getenv("KENSA_DB"); file != nullptr && *file != '\0') return file;
  if (const char* data = std::getenv("XDG_DATA_HOME"); data != nullptr && *data != '\0')
    return std::filesystem::path(data) / "kensa" / "kensa.db";
  const char* home = std::getenv("HOME");
  return std::filesystem::path(home != nullptr ? home : ".") / ".local" / "share" / "kensa" /
         "kensa.db";
}

std::filesystem::path download_directory(const riskdb::Database& database) {
  if (database.backend() == riskdb::Backend::sqlite)
    return database.file().parent_path() / "downloads";
  if (const char* cache = std::getenv("XDG_CACHE_HOME"); cache != nullptr && *cache != '\0')
    return std::filesystem::path(cache) / "kensa" / "downloads";
  const char* home = std::getenv("HOME");
  return std::filesystem::path(home != nullptr ? home : ".") / ".cache" / "kensa" / "downloads";
}

void add_database_option(CLI::App& command, DatabaseOption& option) {
  command.add_option("--db", option.file,
                     "The inventory database (default: $KENSA_DB, else "
                     "$XDG_DATA_HOME/kensa/kensa.db or ~/.local/share/kensa/kensa.db)");
}

void use_database_identification_data(const riskdb::Database& database,
                                      scanner::IdentificationData& identification) {
  if (const auto blocks = riskdb::imported_mac_blocks(database); !blocks.empty()) {
    std::vector<scanner::OuiRegistry::Block> given;
    given.reserve(blocks.size());
    for (const riskdb::MacBlock& block : blocks)
      given.push_back({static_cast<unsigned>(block.bits), block.prefix, block.organization});
    identification.ouis = scanner::OuiRegistry::from_blocks(given);
  }
  if (const auto numbers = riskdb::imported_enterprise_numbers(database); !numbers.empty()) {
    std::unordered_map<std::uint32_t, std::string> names;
    names.reserve(numbers.size());
    for (const riskdb::EnterpriseNumber& number : numbers)
      names.emplace(static_cast<std::uint32_t>(number.number), number.organization);
    identification.enterprises = scanner::EnterpriseRegistry::from_names(std::move(names));
  }
  for (scanner::IdentityObject& object : riskdb::load_mib_identity_objects(database))
    identification.identity_objects.add(std::move(object));
}

namespace {

std::filesystem::path file_of(const DatabaseOption& option) {
  return option.file.empty() ? default_database_path() : option.file;
}

// StorageError keeps its exit code (74) and names the file; anything else
// about the file is the operator's to fix (64).
// Messages name the database without any password its location holds.
template <typename Open>
riskdb::Database opened(const std::filesystem::path& file, Open open) {
  const std::string name = riskdb::without_url_password(file.string(), "<redacted>");
  try {
    return open();
  } catch (const riskdb::StorageError& error) {
    const std::string what = error.what();
    if (what.find(name) != std::string::npos) throw;
    throw riskdb::StorageError("database " + name + ": " + what);
  } catch (const UsageError&) {
    throw;
  } catch (const std::exception& error) {
    const std::string what = error.what();
    if (what.find(name) != std::string::npos) throw UsageError(what);
    throw UsageError("database " + name + ": " + what);
  }
}

}  // namespace

riskdb::Database open_inventory_to_read(const DatabaseOption& option) {
  const std::filesystem::path file = file_of(option);
  return opened(file, [&] {
    riskdb::Database database = riskdb::Database::open_read_only(file);
    for (const auto id : riskdb::interrupted_sweeps(database))
      std::cerr << "kensa: sweep " << id
                << " was interrupted (its process is gone): shown as aborted; the next command "
                   "that writes records it\n";
    return database;
  });
}

riskdb::Database open_inventory(const DatabaseOption& option) {
  const std::filesystem::path file = file_of(option);
  return opened(file, [&] {
    riskdb::Database database = riskdb::Database::open(file);
    if (database.created()) std::cerr << "kensa: created the database " << database.name() << '\n';
    feeds::ensure_catalogue(database, scanner::default_data_directory() / "vendors.json",
                            riskdb::risk_data_file("os-families.json"));
    for (const auto& loaded : feeds::load_default_datasets(database))
      std::cerr << "kensa: first use of " << file.string() << ": loaded " << loaded.rows << " "
                << feeds::feed_kind_name(loaded.kind) << " rows from " << loaded.source << '\n';
    for (const auto id : riskdb::mark_interrupted_sweeps(database))
      std::cerr << "kensa: sweep " << id << " was interrupted and is now marked aborted\n";
    return database;
  });
}

}  // namespace kensa::cli
