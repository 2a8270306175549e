#include "scanner/identification.hpp"

#include <re2/re2.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "scanner/collectors.hpp"
#include "scanner/description_grammar.hpp"
#include "scanner/enterprises_held.hpp"
#include "scanner/file_text.hpp"
#include "scanner/installed_data.hpp"
#include "scanner/json_schema.hpp"
#include "scanner/legal_forms.hpp"
#include "scanner/schemas.hpp"
#include "scanner/vendor_name_key.hpp"

namespace kensa::scanner {

struct Extraction {
  std::string field;  // model, firmware, serial
  // "sys_descr", "oid", "first_under" (the first row of a table column),
  // "sys_object_id_suffix" or "interface_mac"
  std::string from;
  // "oid": that OID; "first_under": the column; "sys_object_id_suffix": what
  // is appended to the device's sysObjectID
  Oid oid;
  std::unique_ptr<RE2> pattern;  // optional: without it the whole value is taken
  // optional: the result spelled from the pattern's named groups, "{name}"
  // standing for each ("{maker} x64"); without it the group "value" is taken.
  std::string result_template;
};

struct Rule {
  std::string id;
  std::string file;
  std::optional<std::string> os;
  std::optional<std::string> vendor;
  std::vector<std::uint32_t> enterprises;
  std::vector<Oid> object_id_prefixes;
  std::unique_ptr<RE2> sys_descr;
  std::optional<Oid> has_oid;  // the agent must hold a value there (a MIB it implements)
  std::vector<Extraction> extractions;
  // A supplementary rule (hardware agents beside any OS) fills what is still
  // unknown and lets the rules after it match too.
  bool continues = false;
  // Rules of generic systems (Linux, UPS-MIB) yield to ENTITY-MIB: tried
  // only after it, and when a vendor rule matched, only the supplementary
  // ones.
  bool after_entity_mib = false;
};

namespace {

nlohmann::json read_json(const std::filesystem::path& file) {
  const std::string text = read_file_text(file, "identification data");
  try {
    return nlohmann::json::parse(text);
  } catch (const nlohmann::json::exception& error) {
    throw std::runtime_error(file.string() + ": " + error.what());
  }
}

std::unique_ptr<RE2> compile(const std::string& pattern, const std::string& where) {
  RE2::Options options;
  options.set_log_errors(false);
  auto re = std::make_unique<RE2>(pattern, options);
  if (!re->ok()) throw std::runtime_error(where + ": invalid pattern: " + re->error());
  return re;
}

std::unique_ptr<Rule> parse_rule(const nlohmann::json& json, const std::string& where) {
  auto rule = std::make_unique<Rule>();
  rule->id = json.at("id").get<std::string>();
  const std::string here = where + " rule '" + rule->id + "'";
  if (json.contains("os")) rule->os = json["os"].get<std::string>();
  if (json.contains("vendor")) rule->vendor = json["vendor"].get<std::string>();
  rule->continues = json.value("continue", false);
  const auto& match = json.at("match");
  if (match.contains("enterprises"))
    rule->enterprises = match["enterprises"].get<std::vector<std::uint32_t>>();
  if (match.contains("sys_object_id")) {
    for (const auto& text : match["sys_object_id"]) {
      const auto oid = parse_oid(text.get<std::string>());
      if (!oid) throw std::runtime_error(here + ": match.sys_object_id is not an OID");
      rule->object_id_prefixes.push_back(*oid);
    }
  }
  if (match.contains("sys_descr"))
    rule->sys_descr = compile(match["sys_descr"].get<std::string>(), here + " match.sys_descr");
  if (match.contains("has_oid")) {
    rule->has_oid = parse_oid(match["has_oid"].get<std::string>());
    if (!rule->has_oid) throw std::runtime_error(here + ": match.has_oid is not an OID");
  }
  if (json.contains("extract")) {
    for (const auto& item : json["extract"]) {
      Extraction extraction;
      extraction.field = item.at("field").get<std::string>();
      if (extraction.field != "model" && extraction.field != "firmware" &&
          extraction.field != "serial")
        throw std::runtime_error(here + ": extract.field must be model, firmware or serial");
      extraction.from = item.at("from").get<std::string>();
      if (extraction.from == "oid" || extraction.from == "first_under") {
        const auto oid = parse_oid(item.at("oid").get<std::string>());
        if (!oid) throw std::runtime_error(here + ": extract.oid is not an OID");
        extraction.oid = *oid;
      } else if (extraction.from == "sys_object_id_suffix") {
        // Product MIBs that live under each product's own sysObjectID.
        const auto suffix = parse_oid("0.0." + item.at("suffix").get<std::string>());
        if (!suffix) throw std::runtime_error(here + ": extract.suffix is not an OID suffix");
        extraction.oid.assign(suffix->begin() + 2, suffix->end());
      } else if (extraction.from != "sys_descr" && extraction.from != "interface_mac") {
        throw std::runtime_error(here +
                                 ": extract.from must be sys_descr, oid, first_under, "
                                 "sys_object_id_suffix or interface_mac");
      }
      if (item.contains("pattern")) {
        extraction.pattern = compile(item["pattern"].get<std::string>(), here + " extract.pattern");
        if (item.contains("template")) {
          extraction.result_template = item["template"].get<std::string>();
          if (extraction.result_template.empty())
            throw std::runtime_error(here + ": extract.template is empty");
          const auto& groups = extraction.pattern->NamedCapturingGroups();
          for (std::size_t open = extraction.result_template.find('{'); open != std::string::npos;
               open = extraction.result_template.find('{', open + 1)) {
            const auto close = extraction.result_template.find('}', open);
            const std::string name = close == std::string::npos ? std::string{}
                                                                : extraction.result_template.substr(
                                                                      open + 1, close - open - 1);
            if (!groups.count(name))
              throw std::runtime_error(here +
                                       ": extract.template names no group of the pattern: '" +
                                       extraction.result_template + "'");
          }
        } else if (extraction.pattern->NamedCapturingGroups().count("value") == 0) {
          throw std::runtime_error(here + ": extract.pattern has no (?P<value>...) group");
        }
      } else if (item.contains("template")) {
        throw std::runtime_error(here + ": extract.template needs a pattern");
      }
      rule->extractions.push_back(std::move(extraction));
    }
  }
  return rule;
}

// The OID an extraction reads, given the device's sysObjectID; empty when it
// depends on a sysObjectID the device does not have.
Oid extraction_oid(const Extraction& extraction, const std::optional<std::string>& sys_object_id) {
  if (extraction.from == "oid" || extraction.from == "first_under") return extraction.oid;
  const auto base = sys_object_id ? parse_oid(*sys_object_id) : std::nullopt;
  if (!base) return {};
  Oid oid = *base;
  oid.insert(oid.end(), extraction.oid.begin(), extraction.oid.end());
  return oid;
}

void add_once(std::vector<Oid>& oids, Oid oid) {
  if (std::find(oids.begin(), oids.end(), oid) == oids.end()) oids.push_back(std::move(oid));
}

std::optional<std::string> text_of(const SnmpValue& value) {
  switch (value.type) {
    case ValueType::octet_string: return value.octets;
    case ValueType::object_id: return to_string(value.oid);
    case ValueType::integer: return std::to_string(value.number);
    case ValueType::gauge32:
    case ValueType::counter32: return std::to_string(value.unsigned_number());
    default: return std::nullopt;
  }
}

// What an extraction makes of one input: the whole input without a
// pattern; the "value" group, or the template filled from the named groups,
// when the pattern matches; nothing when it does not.
std::optional<std::string> extracted(const Extraction& extraction, const std::string& input) {
  if (!extraction.pattern) return input;
  const RE2& pattern = *extraction.pattern;
  std::vector<std::string> groups(static_cast<std::size_t>(pattern.NumberOfCapturingGroups()));
  std::vector<RE2::Arg> args(groups.size());
  std::vector<const RE2::Arg*> arg_pointers(groups.size());
  for (std::size_t i = 0; i < groups.size(); ++i) {
    args[i] = &groups[i];
    arg_pointers[i] = &args[i];
  }
  if (!RE2::PartialMatchN(input, pattern, arg_pointers.data(), static_cast<int>(groups.size())))
    return std::nullopt;
  const auto& named = pattern.NamedCapturingGroups();
  if (extraction.result_template.empty())
    return groups[static_cast<std::size_t>(named.at("value") - 1)];
  std::string result;
  const std::string& spelled = extraction.result_template;
  for (std::size_t at = 0; at < spelled.size();) {
    const auto open = spelled.find('{', at);
    if (open == std::string::npos) {
      result += spelled.substr(at);
      break;
    }
    const auto close = spelled.find('}', open);
    result += spelled.substr(at, open - at);
    result +=
        groups[static_cast<std::size_t>(named.at(spelled.substr(open + 1, close - open - 1)) - 1)];
    at = close + 1;
  }
  return result;
}

std::string trimmed(std::string text) {
  const auto first = text.find_first_not_of(" \t\r\n\"");
  if (first == std::string::npos) return {};
  const auto last = text.find_last_not_of(" \t\r\n\"");
  return text.substr(first, last - first + 1);
}

// The conditions of a rule that the system group alone decides (enterprise,
// sysObjectID prefix, sysDescr pattern); has_oid needs the agent.
bool system_conditions_hold(const Rule& rule, const Device& device) {
  if (!rule.enterprises.empty() &&
      (!device.enterprise || std::find(rule.enterprises.begin(), rule.enterprises.end(),
                                       *device.enterprise) == rule.enterprises.end()))
    return false;
  if (!rule.object_id_prefixes.empty()) {
    const auto oid = device.sys_object_id ? parse_oid(*device.sys_object_id) : std::nullopt;
    if (!oid || std::none_of(rule.object_id_prefixes.begin(), rule.object_id_prefixes.end(),
                             [&](const Oid& prefix) { return oid_starts_with(*oid, prefix); }))
      return false;
  }
  return !rule.sys_descr ||
         (device.sys_descr && RE2::PartialMatch(*device.sys_descr, *rule.sys_descr));
}

// The enterprise numbers whose subtrees hold a device's own objects: its
// sysObjectID's (never a software stack's) and its vendor's other numbers;
// when the sysObjectID names no maker (none, or a software stack's, as on
// appliances built on net-snmp), every other subtree the agent holds too.
std::vector<std::uint32_t> own_enterprises(const Device& device, const VendorCatalogue& vendors,
                                           const SnmpSource& source) {
  std::vector<std::uint32_t> enterprises;
  const auto add = [&](std::uint32_t number) {
    if (!vendors.is_software_stack(number) &&
        std::find(enterprises.begin(), enterprises.end(), number) == enterprises.end())
      enterprises.push_back(number);
  };
  if (device.enterprise) add(*device.enterprise);
  if (device.vendor)
    if (const auto* entry = vendors.by_name(*device.vendor))
      for (const std::uint32_t number : entry->enterprises) add(number);
  if (!device.enterprise || vendors.is_software_stack(*device.enterprise))
    for (const std::uint32_t number : enterprises_held(source)) add(number);
  return enterprises;
}

class Identifier {
 public:
  Identifier(const SnmpSource& source, const IdentificationData& data, Device& device,
             std::vector<Oid>* identity_objects_unread)
      : source_(source), data_(data), device_(device), unread_(identity_objects_unread) {}

  // Vendor precedence: an enterprise number the catalogue gives a maker
  // names the vendor first; then rules, ENTITY-MIB's manufacturer, a
  // catalogue vendor the sysDescr names; an enterprise only the IANA
  // registry knows (an agent's or a stack's number, one a maker borrowed)
  // comes last; a software stack's never.
  void run() {
    vendor_from_enterprise();
    const bool vendor_rule_matched = apply_rules(false, false);
    entity_fallbacks();
    vendor_mib_objects();
    product_registration();
    apply_rules(true, vendor_rule_matched);
    description_grammar(nullptr);
    vendor_from_registry();
    description_grammar(&data_.enterprises);
    vendor_from_entity_text();
    neighbour_identities();
  }

 private:
  void set(std::optional<std::string>& field, const std::string& name, std::string value,
           std::string where, std::string observed, std::string rule) {
    // A name or version never holds control characters; what follows one
    // (a second line, padding, a memory dump) is not part of it.
    const auto control = std::find_if(value.begin(), value.end(), [](char c) {
      return static_cast<unsigned char>(c) < 0x20 && c != '\t';
    });
    value.erase(control, value.end());
    value = trimmed(std::move(value));
    if (field || value.empty()) return;
    field = value;
    device_.evidence.push_back(
        {name, std::move(value), std::move(where), std::move(observed), std::move(rule)});
  }

  void vendor_from_enterprise() {
    if (!device_.enterprise || data_.vendors.is_software_stack(*device_.enterprise)) return;
    if (const auto* entry = data_.vendors.by_enterprise(*device_.enterprise)) {
      set(device_.vendor, "vendor", entry->name, "sysObjectID", *device_.sys_object_id,
          "enterprise " + std::to_string(*device_.enterprise) + " in the vendor catalogue");
      return;
    }
    // A registry organisation the catalogue knows is a maker too.
    if (const auto organisation = data_.enterprises.organisation(*device_.enterprise))
      if (const auto* entry = data_.vendors.by_name(*organisation))
        set(device_.vendor, "vendor", entry->name, "sysObjectID", *device_.sys_object_id,
            "IANA enterprise " + std::to_string(*device_.enterprise) + " (" + *organisation + ")");
  }

  // The objects the vendor's MIB modules say hold the device's own model,
  // firmware and serial, under its own enterprise (and its vendor's other
  // enterprise numbers), fill what rules and ENTITY-MIB left unknown.
  void vendor_mib_objects() {
    if (data_.identity_objects.size() == 0) return;
    for (const std::uint32_t enterprise : own_enterprises(device_, data_.vendors, source_)) {
      for (const IdentityObject* object : data_.identity_objects.under(enterprise)) {
        auto& target = field(object->field);
        if (target) continue;
        const auto observed = read_first(*object, source_);
        if (!observed) {
          if (unread_ != nullptr) add_once(*unread_, object->oid);
          continue;
        }
        set(target, object->field, observed->value, to_string(observed->instance), observed->value,
            "generic: vendor MIB object " + object->module + "::" + object->descriptor);
      }
    }
  }

  // A model still unknown may be the product the sysObjectID registers in
  // the vendor's MIB (never a software stack's registration: net-snmp's
  // "linux" names no product).
  void product_registration() {
    if (device_.model || !device_.sys_object_id || !device_.enterprise ||
        data_.vendors.is_software_stack(*device_.enterprise))
      return;
    const auto oid = parse_oid(*device_.sys_object_id);
    const auto registration = oid ? data_.product_registrations.find(*oid) : std::nullopt;
    if (!registration) return;
    set(device_.model, "model", model_of(registration->descriptor), "sysObjectID",
        *device_.sys_object_id,
        "generic: sysObjectID registration " + registration->module +
            "::" + registration->descriptor);
  }

  // The generic grammar of sysDescr fills what rules and ENTITY-MIB left
  // unknown; a model only for the vendor the text names.
  // With `registry`, a maker the IANA registry names by the text's first
  // word too: after the device's own enterprise number, which beats it.
  void description_grammar(const EnterpriseRegistry* registry) {
    // The second pass has nothing to add once every field it reads is known.
    if (!device_.sys_descr ||
        (registry != nullptr && device_.vendor && device_.model && device_.firmware))
      return;
    const DescriptionReading reading =
        read_description(*device_.sys_descr, data_.vendors, registry);
    const std::string& text = *device_.sys_descr;
    if (reading.vendor)
      set(device_.vendor, "vendor", *reading.vendor, "sysDescr", text,
          "generic: sysDescr grammar (a catalogue vendor named)");
    if (reading.model && reading.vendor && device_.vendor == reading.vendor)
      set(device_.model, "model", *reading.model, "sysDescr", text,
          "generic: sysDescr grammar (the model after the vendor's name)");
    if (reading.firmware)
      set(device_.firmware, "firmware", *reading.firmware, "sysDescr", text,
          "generic: sysDescr grammar (the version after its keyword)");
  }

  void vendor_from_registry() {
    if (device_.vendor || !device_.enterprise ||
        data_.vendors.is_software_stack(*device_.enterprise))
      return;
    const std::string observed = *device_.sys_object_id;
    if (const auto organisation = data_.enterprises.organisation(*device_.enterprise))
      set(device_.vendor, "vendor", *organisation, "sysObjectID", observed,
          "IANA enterprise " + std::to_string(*device_.enterprise) + " (" + *organisation +
              "), named by no catalogue vendor");
  }

  // ENTITY-MIB's manufacturer as written, when it names no catalogue vendor:
  // free text, so after the registry.
  void vendor_from_entity_text() {
    const Module* top = chassis();
    if (device_.vendor || !top || !top->manufacturer) return;
    set(device_.vendor, "vendor", *top->manufacturer,
        "entPhysicalMfgName." + std::to_string(top->index), *top->manufacturer,
        "ENTITY-MIB chassis (" + top->class_name + "), named by no catalogue vendor");
  }

  // Applies the matching rules of one stage in order, up to and including
  // the first that is not supplementary (or only the supplementary ones);
  // whether such a rule matched.
  bool apply_rules(bool after_entity_mib, bool only_supplementary) {
    for (const auto& rule : data_.rules) {
      if (rule->after_entity_mib != after_entity_mib || (only_supplementary && !rule->continues) ||
          !matches(*rule))
        continue;
      apply(*rule);
      if (!rule->continues) return true;
    }
    return false;
  }

  bool matches(const Rule& rule) const {
    return system_conditions_hold(rule, device_) && (!rule.has_oid || source_.get(*rule.has_oid));
  }

  std::optional<std::string>& field(const std::string& name) {
    if (name == "model") return device_.model;
    if (name == "firmware") return device_.firmware;
    return device_.serial;
  }

  void apply(const Rule& rule) {
    const std::string rule_name = rule.file + ":" + rule.id;
    if (rule.os) set(device_.os, "os", *rule.os, "rule", rule.id, rule_name);
    if (rule.vendor) set(device_.vendor, "vendor", *rule.vendor, "rule", rule.id, rule_name);
    for (const Extraction& extraction : rule.extractions) {
      std::optional<std::string> input;
      std::string where;
      if (extraction.from == "sys_descr") {
        input = device_.sys_descr;
        where = "sysDescr";
      } else if (extraction.from == "interface_mac") {
        // Makers whose serial number is the base MAC address: the first
        // interface's that is not all zeros.
        for (const Interface& interface : device_.interfaces)
          if (interface.mac && *interface.mac != "00:00:00:00:00:00") {
            input = interface.mac;
            where = "ifPhysAddress." + std::to_string(interface.index);
            break;
          }
      } else if (extraction.from == "first_under") {
        // Tables indexed by slot or unit: the first row is the main unit.
        const auto rows = source_.walk(extraction.oid);
        if (!rows.empty()) {
          input = text_of(rows.front().value);
          where = to_string(rows.front().oid);
        }
      } else {
        const Oid oid = extraction_oid(extraction, device_.sys_object_id);
        if (oid.empty()) continue;
        if (const auto value = source_.get(oid)) input = text_of(*value);
        where = to_string(oid);
      }
      if (!input) continue;
      if (auto value = extracted(extraction, *input))
        set(field(extraction.field), extraction.field, std::move(*value), where, *input, rule_name);
    }
  }

  // The top of the containment tree: a chassis not inside another chassis;
  // without class information, the first top-level entity (contained in
  // nothing the table holds) that names a model, else the first top-level.
  const Module* chassis() const {
    const auto parent_of = [&](const Module& module) -> const Module* {
      const auto parent =
          std::find_if(device_.modules.begin(), device_.modules.end(),
                       [&](const Module& m) { return m.index == module.contained_in; });
      return parent == device_.modules.end() ? nullptr : &*parent;
    };
    const Module* first_top = nullptr;
    const Module* first_top_with_model = nullptr;
    for (const Module& module : device_.modules) {
      const Module* parent = module.contained_in == 0 ? nullptr : parent_of(module);
      if (module.physical_class == 3 && (!parent || parent->physical_class != 3)) return &module;
      if (parent) continue;
      if (!first_top) first_top = &module;
      if (!first_top_with_model && module.model) first_top_with_model = &module;
    }
    return first_top_with_model ? first_top_with_model : first_top;
  }

  void entity_fallbacks() {
    const Module* top = chassis();
    if (!top) return;
    const std::string rule = "ENTITY-MIB chassis (" + top->class_name + ")";
    // Some agents put a release ("4.4.2") where the model name belongs, or
    // the entity's class in words ("CHASSIS", "Main Board", "Stack").
    static const RE2 not_a_model(
        R"((?i)[0-9]+(?:\.[0-9]+)+|(?:the )?(?:chassis|shelf|stack|(?:main|mother|system|base) ?board|backplane|system|unit|module|device|switch|router|container|slot|frame|rack|box)(?: [0-9]+)?)");
    const auto is_a_model = [](const std::optional<std::string>& text) {
      return text && !RE2::FullMatch(trimmed(*text), not_a_model);
    };
    if (is_a_model(top->model))
      set(device_.model, "model", *top->model, "entPhysicalModelName." + std::to_string(top->index),
          *top->model, rule);
    // ENTITY-MIB asks entPhysicalDescr to name the vendor and model; it is
    // the model of last resort when entPhysicalModelName is empty, for a
    // chassis, a stack, or a top entity whose class the agent leaves out.
    if (is_a_model(top->description) &&
        (top->physical_class == 3 || top->physical_class == 11 || top->physical_class == 0))
      set(device_.model, "model", *top->description,
          "entPhysicalDescr." + std::to_string(top->index), *top->description, rule);
    if (top->serial)
      set(device_.serial, "serial", *top->serial,
          "entPhysicalSerialNum." + std::to_string(top->index), *top->serial, rule);
    if (top->software)
      set(device_.firmware, "firmware", *top->software,
          "entPhysicalSoftwareRev." + std::to_string(top->index), *top->software, rule);
    if (top->firmware)
      set(device_.firmware, "firmware", *top->firmware,
          "entPhysicalFirmwareRev." + std::to_string(top->index), *top->firmware, rule);
    if (top->manufacturer && !device_.vendor)
      if (const auto* entry = data_.vendors.by_name(*top->manufacturer))
        set(device_.vendor, "vendor", entry->name,
            "entPhysicalMfgName." + std::to_string(top->index), *top->manufacturer, rule);
  }

  // Whether a rule can name a device from its sysDescr alone: it has a
  // sysDescr pattern, needs no OID or sysObjectID, and its enterprises (if
  // any) are one vendor's, which then names the device.
  const VendorEntry* description_rule_vendor(const Rule& rule, bool& usable) const {
    usable = rule.sys_descr && !rule.has_oid && rule.object_id_prefixes.empty();
    const VendorEntry* vendor = nullptr;
    for (const std::uint32_t enterprise : rule.enterprises) {
      const VendorEntry* entry = data_.vendors.by_enterprise(enterprise);
      if (!entry) continue;
      if (vendor && vendor != entry) usable = false;  // several makers share this rule
      vendor = entry;
    }
    return vendor;
  }

  // Equipment that cannot be polled is still named: from what its
  // neighbour's LLDP/CDP table says of it.
  void neighbour_identities() {
    for (Neighbor& neighbor : device_.neighbors) {
      // The maker an LLDP-MED endpoint names itself, in the catalogue's words.
      if (neighbor.vendor)
        if (const auto* entry = data_.vendors.by_name(*neighbor.vendor))
          neighbor.vendor = entry->name;
      if (neighbor.system_description) {
        identify_description(neighbor);
        const DescriptionReading reading =
            read_description(*neighbor.system_description, data_.vendors, &data_.enterprises);
        if (!neighbor.vendor) neighbor.vendor = reading.vendor;
        if (!neighbor.model && reading.model && neighbor.vendor == reading.vendor)
          neighbor.model = reading.model;
        if (!neighbor.firmware) neighbor.firmware = reading.firmware;
      }
      if (!neighbor.vendor && neighbor.platform) {
        // CDP platforms start with the maker: "cisco WS-C2960X-48FPD-L".
        const std::string& platform = *neighbor.platform;
        const auto space = platform.find(' ');
        if (space != std::string::npos)
          if (const auto* entry = data_.vendors.by_name(platform.substr(0, space))) {
            neighbor.vendor = entry->name;
            if (!neighbor.model) neighbor.model = trimmed(platform.substr(space + 1));
          }
      }
      if (!neighbor.model && neighbor.platform) neighbor.model = neighbor.platform;
      if (neighbor.vendor || neighbor.chassis_id_subtype != "macAddress" || !neighbor.chassis_id)
        continue;
      const auto organisation = data_.ouis.organisation(*neighbor.chassis_id);
      if (!organisation) continue;
      const auto* entry = data_.vendors.by_name(*organisation);
      neighbor.vendor = entry ? entry->name : *organisation;
    }
  }

  void identify_description(Neighbor& neighbor) const {
    const std::string& description = *neighbor.system_description;
    for (const auto& rule : data_.rules) {
      bool usable = false;
      const VendorEntry* vendor = description_rule_vendor(*rule, usable);
      if (!usable || rule->continues || !RE2::PartialMatch(description, *rule->sys_descr)) continue;
      if (rule->vendor)
        neighbor.vendor = rule->vendor;
      else if (vendor)
        neighbor.vendor = vendor->name;
      if (rule->os) neighbor.os = rule->os;
      for (const Extraction& extraction : rule->extractions) {
        if (extraction.from != "sys_descr" || extraction.field == "serial") continue;
        auto found = extracted(extraction, description);
        if (!found) continue;
        const std::string value = trimmed(found->substr(0, found->find_first_of("\r\n")));
        auto& field = extraction.field == "model" ? neighbor.model : neighbor.firmware;
        if (!field && !value.empty()) field = value;
      }
      return;
    }
  }

  const SnmpSource& source_;
  const IdentificationData& data_;
  Device& device_;
  std::vector<Oid>* unread_;  // where the vendor MIB stage notes objects the source lacks
};

}  // namespace

void IdentificationData::drop_rules() { rules.clear(); }

IdentificationData::IdentificationData() = default;
IdentificationData::IdentificationData(IdentificationData&&) noexcept = default;
IdentificationData& IdentificationData::operator=(IdentificationData&&) noexcept = default;
IdentificationData::~IdentificationData() = default;

IdentificationData IdentificationData::load(const std::filesystem::path& directory,
                                            const std::filesystem::path& enterprise_registry,
                                            const std::filesystem::path& oui_directory) {
  IdentificationData data;
  const auto vendors_file = directory / "vendors.json";
  VendorFile catalogue =
      parse_vendor_file(vendors_file, read_file_text(vendors_file, "identification data"));
  for (const std::uint32_t stack : catalogue.software_stacks)
    data.vendors.mark_software_stack(stack);
  for (VendorEntry& entry : catalogue.vendors) data.vendors.add(std::move(entry));

  std::vector<std::filesystem::path> rule_files;
  for (const auto& entry : std::filesystem::directory_iterator(directory)) {
    const std::string name = entry.path().filename().string();
    if (name.starts_with("rules") && name.ends_with(".json")) rule_files.push_back(entry.path());
  }
  std::sort(rule_files.begin(), rule_files.end());
  static const nlohmann::json rules_schema = nlohmann::json::parse(schemas::rules);
  for (const auto& file : rule_files) {
    const auto json = read_json(file);
    validate(json, rules_schema, file.string());
    try {
      const bool after_entity_mib = json.value("after_entity_mib", false);
      std::size_t position = 0;
      for (const auto& item : json.at("rules")) {
        const std::string where =
            file.filename().string() + " /rules/" + std::to_string(position++);
        auto rule = parse_rule(item, where);
        rule->file = file.filename().string();
        rule->after_entity_mib = after_entity_mib;
        data.rules.push_back(std::move(rule));
      }
    } catch (const nlohmann::json::exception& error) {
      throw std::runtime_error(file.string() + ": " + error.what());
    }
  }
  if (const auto index = directory / "mib-identity.json"; std::filesystem::exists(index)) {
    static const nlohmann::json index_schema = nlohmann::json::parse(schemas::mib_identity);
    const auto json = read_json(index);
    validate(json, index_schema, index.string());
    data.identity_objects = IdentityObjectIndex::from_json(json, index.string());
  }
  if (const auto products = directory / "product-registrations.tsv";
      std::filesystem::exists(products))
    data.product_registrations = ProductRegistrations::load(products);
  if (std::filesystem::exists(enterprise_registry))
    data.enterprises = EnterpriseRegistry::load(enterprise_registry);
  if (std::filesystem::is_directory(oui_directory)) data.ouis = OuiRegistry::load(oui_directory);
  return data;
}

std::filesystem::path default_data_directory() {
  if (const char* configured = std::getenv("KENSA_DATA_DIR"); configured && *configured)
    return configured;
  if (auto installed = installed_share_directory()) return *installed;
  return KENSA_BUILT_DATA_DIR;
}

RulePlan IdentificationData::plan_for(const SnmpSource& system_group) const {
  Device device;
  collect_system(system_group, device);
  RulePlan plan;
  plan.sys_object_id_ = device.sys_object_id;
  for (const auto& rule : rules)
    if (system_conditions_hold(*rule, device)) plan.rules_.push_back(rule.get());
  return plan;
}

bool IdentificationData::reads_enterprises_held(const Device& device) const {
  return identity_objects.size() > 0 &&
         (!device.enterprise || vendors.is_software_stack(*device.enterprise));
}

std::vector<Oid> RulePlan::presence_oids() const {
  std::vector<Oid> oids;
  for (const Rule* rule : rules_)
    if (rule->has_oid) add_once(oids, *rule->has_oid);
  return oids;
}

std::vector<Oid> RulePlan::value_oids(const SnmpSource& known) const {
  return read_oids(known, false);
}

std::vector<Oid> RulePlan::column_oids(const SnmpSource& known) const {
  return read_oids(known, true);
}

std::vector<Oid> RulePlan::read_oids(const SnmpSource& known, bool columns) const {
  std::vector<Oid> oids;
  for (const Rule* rule : rules_) {
    if (rule->has_oid && !known.get(*rule->has_oid)) continue;
    for (const Extraction& extraction : rule->extractions) {
      const bool column = extraction.from == "first_under";
      const bool value = extraction.from == "oid" || extraction.from == "sys_object_id_suffix";
      if (columns ? column : value)
        if (Oid oid = extraction_oid(extraction, sys_object_id_); !oid.empty())
          add_once(oids, std::move(oid));
    }
  }
  return oids;
}

Device identify(const SnmpSource& source, const IdentificationData& data, std::string source_name,
                std::vector<Oid>* identity_objects_unread) {
  Device device;
  device.source = std::move(source_name);
  collect_system(source, device);
  collect_engine_id(source, device);
  collect_entities(source, device);
  collect_interfaces(source, device);
  collect_lldp(source, device);
  collect_cdp(source, device);
  Identifier(source, data, device, identity_objects_unread).run();
  return device;
}

}  // namespace kensa::scanner
