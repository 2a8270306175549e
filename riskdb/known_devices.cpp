#include "riskdb/known_devices.hpp"

namespace kensa::riskdb {
namespace {

// Fixed slots, unused ones NULL: one statement, prepared once.
std::string load_sql() {
  std::string sql =
      "SELECT d.id, d.identity_kind, d.identity_key, d.chassis_mac, d.last_seen_at FROM (VALUES ";
  int position = 1;
  for (std::size_t i = 0; i < KnownDevices::most_identities; ++i, position += 2)
    sql += (i == 0 ? "(?" : ", (?") + std::to_string(position) + ", ?" +
           std::to_string(position + 1) + ")";
  sql +=
      ") AS k JOIN devices d ON d.identity_kind = k.column1 AND d.identity_key = k.column2 "
      "UNION SELECT id, identity_kind, identity_key, chassis_mac, last_seen_at FROM devices "
      "WHERE chassis_mac IN (";
  for (std::size_t i = 0; i < KnownDevices::most_macs; ++i, ++position)
    sql += (i == 0 ? "?" : ", ?") + std::to_string(position);
  return sql + ")";
}

}  // namespace

KnownDevices::KnownDevices(const Database& lookups) : query_(lookups, load_sql()) {}

void KnownDevices::load(const std::vector<std::pair<std::string, std::string>>& identities,
                        const std::vector<std::string>& macs) {
  if (identities.size() > most_identities || macs.size() > most_macs)
    throw DatabaseError("too many identities for one lookup of known devices");
  // What an earlier load read may be stale; what the writer wrote is not.
  std::vector<std::int64_t> read;
  for (const auto& [id, known] : devices_)
    if (!written_.contains(id)) read.push_back(id);
  for (const std::int64_t id : read) forget(id);
  int position = 1;
  for (std::size_t i = 0; i < most_identities; ++i, position += 2) {
    if (i < identities.size()) {
      query_.bind(position, identities[i].first).bind(position + 1, identities[i].second);
    } else {
      query_.bind(position, std::nullopt).bind(position + 1, std::nullopt);
    }
  }
  for (std::size_t i = 0; i < most_macs; ++i, ++position) {
    if (i < macs.size())
      query_.bind(position, macs[i]);
    else
      query_.bind(position, std::nullopt);
  }
  while (query_.step())
    if (!written_.contains(query_.integer(0)))
      remember(query_.integer(0), query_.text(1), query_.text(2), query_.optional_text(3),
               query_.text(4));
  query_.reset();
}

std::optional<std::int64_t> KnownDevices::find(const std::string& kind,
                                               const std::string& key) const {
  const auto found = by_identity_.find({kind, key});
  if (found == by_identity_.end()) return std::nullopt;
  return found->second;
}

std::optional<std::int64_t> KnownDevices::oldest_with_mac(const std::string& mac) const {
  const auto found = by_mac_.find(mac);
  if (found == by_mac_.end() || found->second.empty()) return std::nullopt;
  return *found->second.begin();
}

const std::string& KnownDevices::kind_of(std::int64_t id) const { return devices_.at(id).kind; }

const std::string& KnownDevices::last_seen_at(std::int64_t id) const {
  return devices_.at(id).last_seen_at;
}

void KnownDevices::added(std::int64_t id, const std::string& kind, const std::string& key,
                         const std::optional<std::string>& mac, const std::string& seen_at) {
  remember(id, kind, key, mac, seen_at);
  by_identity_[{kind, key}] = id;
  written_.insert(id);
}

void KnownDevices::remember(std::int64_t id, const std::string& kind, const std::string& key,
                            const std::optional<std::string>& mac, const std::string& seen_at) {
  Known& known = devices_[id];
  known.kind = kind;
  known.key = key;
  known.last_seen_at = seen_at;
  // An identity the writer gave one of its own devices stays that device's.
  by_identity_.emplace(std::pair{kind, key}, id);
  set_mac(id, known, mac);
}

void KnownDevices::forget(std::int64_t id) {
  const auto found = devices_.find(id);
  if (found == devices_.end()) return;
  const Known& known = found->second;
  if (const auto held = by_identity_.find({known.kind, known.key});
      held != by_identity_.end() && held->second == id)
    by_identity_.erase(held);
  if (known.mac) {
    auto& holders = by_mac_[*known.mac];
    holders.erase(id);
    if (holders.empty()) by_mac_.erase(*known.mac);
  }
  devices_.erase(found);
}

void KnownDevices::forget_writes() { written_.clear(); }

void KnownDevices::identity_changed(std::int64_t id, const std::string& kind,
                                    const std::string& key) {
  Known& known = devices_.at(id);
  by_identity_.erase({known.kind, known.key});
  known.kind = kind;
  known.key = key;
  by_identity_[{kind, key}] = id;
  written_.insert(id);
}

void KnownDevices::seen(std::int64_t id, const std::optional<std::string>& mac,
                        const std::string& seen_at) {
  Known& known = devices_.at(id);
  known.last_seen_at = seen_at;
  set_mac(id, known, mac);
  written_.insert(id);
}

void KnownDevices::set_mac(std::int64_t id, Known& known, const std::optional<std::string>& mac) {
  if (known.mac) by_mac_[*known.mac].erase(id);
  known.mac = mac;
  if (mac) by_mac_[*mac].insert(id);
}

}  // namespace kensa::riskdb
