#pragma once
// Identification: what a device is (vendor, OS family, model, firmware,
// serial), decided from collected values by data, not code: a vendor
// catalogue and rule files (scanner/data/), plus the IANA enterprise
// registry.
//
// Contract:
// - IdentificationData::load reads vendors.json, every rules*.json and
//   mib-identity.json in a directory, each checked against its JSON Schema,
//   and throws std::runtime_error naming the file and the JSON
//   path or rule id at fault (including an invalid regular expression).
// - identify() runs every collector over `source`, then applies the rules
//   in order up to the first matching one that is not supplementary
//   ("continue"), then the generic ENTITY-MIB fallbacks, then the vendor
//   MIB objects of the identity index (scanner/identity_objects), then the rules of
//   files marked after_entity_mib the same way (only their supplementary
//   ones when a vendor rule matched). A field, once set, is never
//   overwritten. Every field it sets has an Evidence entry. Unknown stays
//   unknown. Neighbours with a MAC chassis id are given the vendor its IEEE
//   block belongs to.
// - Patterns are RE2 (linear time: a hostile sysDescr cannot make matching
//   slow) and give the value in the named group "value".
// - Threads: IdentificationData is immutable once loaded (the registries'
//   name indexes are built once, under std::call_once, at first use), so
//   one instance may serve identify() on any number of threads at once.

#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "scanner/device.hpp"
#include "scanner/enterprise_registry.hpp"
#include "scanner/identity_objects.hpp"
#include "scanner/oui_registry.hpp"
#include "scanner/product_registrations.hpp"
#include "scanner/snmp_source.hpp"
#include "scanner/vendor_catalogue.hpp"

namespace kensa::scanner {

struct Rule;  // defined in identification.cpp

// What a live poll asks of a device beyond the collectors' subtrees, for the
// rules its system group lets it match: first the OIDs whose presence those
// rules require (has_oid); then, given what that found, the OIDs the rules
// still possible read (some under the device's own sysObjectID) and the
// table columns whose first row they read (first_under).
class RulePlan {
 public:
  [[nodiscard]] std::vector<Oid> presence_oids() const;
  [[nodiscard]] std::vector<Oid> value_oids(const SnmpSource& known) const;
  [[nodiscard]] std::vector<Oid> column_oids(const SnmpSource& known) const;

 private:
  friend class IdentificationData;
  std::vector<Oid> read_oids(const SnmpSource& known, bool columns) const;
  std::vector<const Rule*> rules_;
  std::optional<std::string> sys_object_id_;
};

class IdentificationData {
 public:
  static IdentificationData load(
      const std::filesystem::path& data_directory, const std::filesystem::path& enterprise_registry,
      const std::filesystem::path& oui_directory = OuiRegistry::debian_directory);
  IdentificationData();
  IdentificationData(IdentificationData&&) noexcept;
  IdentificationData& operator=(IdentificationData&&) noexcept;
  ~IdentificationData();

  // The rules a device can match by its system group (sysDescr,
  // sysObjectID), for a live poll to ask only for what they read.
  [[nodiscard]] RulePlan plan_for(const SnmpSource& system_group) const;
  // Whether identify() reads the enterprise subtrees the agent holds
  // (enterprises_held) for this device, its sysObjectID naming no maker: a
  // live poll finds them first.
  [[nodiscard]] bool reads_enterprises_held(const Device& identified) const;
  // Switches every rule off, leaving the generic stages (enterprise numbers,
  // ENTITY-MIB, sysDescr grammar): the honest measure for unseen devices.
  void drop_rules();

  VendorCatalogue vendors;
  EnterpriseRegistry enterprises;
  OuiRegistry ouis;
  IdentityObjectIndex identity_objects;        // mib-identity.json, and the operator's MIBs
  ProductRegistrations product_registrations;  // product-registrations.tsv
  std::vector<std::unique_ptr<Rule>> rules;
};

// Where the shipped data files are: $KENSA_DATA_DIR, else the share/kensa
// of an installed kensa (installed_share_directory), else the source
// directory the build recorded.
std::filesystem::path default_data_directory();

// `identity_objects_unread`, when given, receives the vendor MIB objects
// the identification looked for, for fields still unknown at that stage,
// and did not find in `source`: what a live poll asks for before it
// identifies again.
Device identify(const SnmpSource& source, const IdentificationData& data, std::string source_name,
                std::vector<Oid>* identity_objects_unread = nullptr);

}  // namespace kensa::scanner
