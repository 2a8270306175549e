#pragma once
// The devices a group of sightings may be filed under, read from the store
// in one question and kept as the store holds them while SweepWriter
// changes them: what lets a writer file many sightings without waiting for
// the store between them.
//
// Contract: load() reads every device holding one of the identities or
// chassis MACs given, as the session it was made on sees them: the
// writer's own, or one beside it (Database::open_beside) that sees only
// what is committed. Over what it reads lie the writer's own changes since
// forget_writes() (added, identity_changed, seen), which the writer tells
// here as it makes them and which win over what is read of the same
// device. Afterwards find() and oldest_with_mac() answer as the writer's
// transaction would for those identities and MACs. The writer's
// transaction keeps other writers out meanwhile, so what is committed does
// not change under it; once it committed, forget_writes() lets go of its
// changes, which the store now shows itself.

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "riskdb/database.hpp"
#include "riskdb/statement.hpp"

namespace kensa::riskdb {

class KnownDevices {
 public:
  // Most identities and MACs one load() takes.
  static constexpr std::size_t most_identities = 96, most_macs = 32;

  explicit KnownDevices(const Database& lookups);

  void load(const std::vector<std::pair<std::string, std::string>>& identities,
            const std::vector<std::string>& macs);

  [[nodiscard]] std::optional<std::int64_t> find(const std::string& kind,
                                                 const std::string& key) const;
  [[nodiscard]] std::optional<std::int64_t> oldest_with_mac(const std::string& mac) const;
  [[nodiscard]] const std::string& kind_of(std::int64_t id) const;
  [[nodiscard]] const std::string& last_seen_at(std::int64_t id) const;

  void added(std::int64_t id, const std::string& kind, const std::string& key,
             const std::optional<std::string>& mac, const std::string& seen_at);
  void identity_changed(std::int64_t id, const std::string& kind, const std::string& key);
  // The device's current state was replaced by a sighting at `seen_at`.
  void seen(std::int64_t id, const std::optional<std::string>& mac, const std::string& seen_at);
  // The writer's transaction committed: its changes are the store's own.
  void forget_writes();

 private:
  struct Known {
    std::string kind, key;
    std::optional<std::string> mac;
    std::string last_seen_at;
  };
  void remember(std::int64_t id, const std::string& kind, const std::string& key,
                const std::optional<std::string>& mac, const std::string& seen_at);
  void forget(std::int64_t id);
  void set_mac(std::int64_t id, Known& known, const std::optional<std::string>& mac);

  Statement query_;
  std::unordered_map<std::int64_t, Known> devices_;
  std::map<std::pair<std::string, std::string>, std::int64_t> by_identity_;
  std::map<std::string, std::set<std::int64_t>> by_mac_;
  std::unordered_set<std::int64_t> written_;  // changed by the writer since forget_writes()
};

}  // namespace kensa::riskdb
