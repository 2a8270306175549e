#include "feeds/mib_collection.hpp"

// net-snmp requires its configuration header first.
#include <net-snmp/net-snmp-config.h>

#include <net-snmp/library/parse.h>
#include <net-snmp/net-snmp-includes.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdlib>
#include <map>
#include <set>
#include <span>

#include "feeds/feed_error.hpp"

namespace kensa::feeds {
namespace {

constexpr std::size_t messages_kept = 10;

struct ParserLog {
  std::size_t count = 0;
  std::vector<std::string> first;
};

ParserLog* active_log = nullptr;

int on_parser_message(int, int, void* message, void*) {
  if (!active_log) return 0;
  ++active_log->count;
  const auto* logged = static_cast<const snmp_log_message*>(message);
  if (active_log->first.size() < messages_kept && logged->msg) {
    std::string text(logged->msg);
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
    active_log->first.push_back(std::move(text));
  }
  return 1;
}

bool is_string_type(int type) { return type == TYPE_OCTETSTR; }

bool is_integer_type(int type) {
  return type == TYPE_INTEGER || type == TYPE_INTEGER32 || type == TYPE_UNSIGNED32 ||
         type == TYPE_UINTEGER || type == TYPE_GAUGE;
}

// Whether a table index object is an integer; looked up once per name
// (net-snmp's lookup by name alone is slow), and only for string columns,
// the only ones that can hold an identity.
bool index_is_integer(const std::string& descriptor) {
  static std::map<std::string, bool> known;
  const auto found = known.find(descriptor);
  if (found != known.end()) return found->second;
  const tree* node = descriptor.empty() ? nullptr : find_tree_node(descriptor.c_str(), -1);
  return known[descriptor] = node && is_integer_type(node->type);
}

std::string module_of(int modid) {
  char name[512] = {};
  module_name(modid, name);
  return name;
}

// Walks the subtree below `node`, whose OID is `oid`; `groups` holds the
// labels from the enterprise's node down to `node`, outermost first.
void collect(tree* node, scanner::Oid& oid, std::vector<std::string>& groups,
             std::set<int>& modules, MibCollection& collection) {
  std::vector<MibObjectFacts>& objects = collection.objects;
  for (tree* child = node->child_list; child; child = child->next_peer) {
    oid.push_back(static_cast<std::uint32_t>(child->subid));
    const std::string label = child->label ? child->label : "";
    const bool is_object = child->type > TYPE_OTHER && child->type <= TYPE_SIMPLE_LAST;
    // A table and its entry are nodes of no type too; they register
    // nothing, and neither does a node with children (a product family
    // whose members are registered below it).
    const bool table_or_entry = child->indexes || child->augments;
    if (child->type == TYPE_OTHER && child->child_list == nullptr && !table_or_entry &&
        std::any_of(label.begin(), label.end(),
                    [](char c) { return std::isdigit(static_cast<unsigned char>(c)); }))
      collection.registrations.push_back({oid, module_of(child->modid), label});
    if (is_object && child->child_list == nullptr) {
      MibObjectFacts facts;
      facts.oid = oid;
      facts.module = module_of(child->modid);
      facts.descriptor = label;
      facts.is_string = is_string_type(child->type);
      if (child->tc_index >= 0)
        if (const char* convention = get_tc_descriptor(child->tc_index))
          facts.textual_convention = convention;
      facts.readable = child->access == MIB_ACCESS_READONLY ||
                       child->access == MIB_ACCESS_READWRITE || child->access == MIB_ACCESS_CREATE;
      const tree* entry = child->parent;
      if (entry && (entry->indexes || entry->augments)) {
        facts.column = true;
        for (const index_list* index = entry->indexes; index; index = index->next) {
          MibObjectFacts::Index stated;
          stated.descriptor = index->ilabel ? index->ilabel : "";
          stated.is_integer = facts.is_string && index_is_integer(stated.descriptor);
          facts.indexes.push_back(std::move(stated));
        }
      }
      // The enterprise's own node (its name) is not a group of the object.
      facts.ancestors.assign(groups.rbegin(), groups.rend());
      if (!facts.ancestors.empty()) facts.ancestors.pop_back();
      modules.insert(child->modid);
      objects.push_back(std::move(facts));
    }
    groups.push_back(label);
    collect(child, oid, groups, modules, collection);
    groups.pop_back();
    oid.pop_back();
  }
}

// Every node at `path` below `node`: modules may give one number two names
// (org and identified-organization), each with children of its own.
void nodes_at(tree* node, std::span<const u_long> path, std::vector<tree*>& found) {
  if (path.empty()) {
    found.push_back(node);
    return;
  }
  for (tree* child = node->child_list; child; child = child->next_peer)
    if (child->subid == path.front()) nodes_at(child, path.subspan(1), found);
}

}  // namespace

MibCollection read_mib_collection(const std::vector<std::filesystem::path>& directories) {
  MibCollection collection;
  std::vector<std::string> searched;
  for (const auto& directory : directories) {
    std::error_code error;
    if (!std::filesystem::is_directory(directory, error))
      throw FeedError(directory.string() + ": not a directory");
    std::vector<std::string> found{std::filesystem::absolute(directory).string()};
    for (const auto& entry : std::filesystem::recursive_directory_iterator(directory)) {
      if (entry.is_directory())
        found.push_back(std::filesystem::absolute(entry.path()).string());
      else if (entry.is_regular_file())
        ++collection.files;
    }
    std::sort(found.begin() + 1, found.end());
    searched.insert(searched.end(), found.begin(), found.end());
  }
  if (searched.empty()) throw FeedError("no MIB directory given");

  ParserLog log;
  active_log = &log;
  setenv("MIBS", "", 1);
  // The first directory through MIBDIRS, the others one by one: net-snmp
  // cuts a long MIBDIRS short.
  setenv("MIBDIRS", searched.front().c_str(), 1);
  snmp_register_callback(SNMP_CALLBACK_LIBRARY, SNMP_CALLBACK_LOGGING, on_parser_message, nullptr);
  snmp_enable_calllog();
  netsnmp_ds_set_int(NETSNMP_DS_LIBRARY_ID, NETSNMP_DS_LIB_MIB_WARNINGS, 0);
  snmp_set_save_descriptions(0);
  netsnmp_init_mib();
  for (std::size_t i = 1; i < searched.size(); ++i) add_mibdir(searched[i].c_str());
  read_all_mibs();

  // iso(1).org(3).dod(6).internet(1).private(4).enterprises(1)
  static constexpr std::array<u_long, 5> below_iso{3, 6, 1, 4, 1};
  std::vector<tree*> enterprise_nodes;
  for (tree* top = get_tree_head(); top; top = top->next_peer)
    if (top->subid == 1) nodes_at(top, below_iso, enterprise_nodes);
  std::set<int> modules;
  for (tree* node : enterprise_nodes) {
    scanner::Oid oid{1, 3, 6, 1, 4, 1};
    for (tree* enterprise = node->child_list; enterprise; enterprise = enterprise->next_peer) {
      oid.push_back(static_cast<std::uint32_t>(enterprise->subid));
      std::vector<std::string> groups{enterprise->label ? enterprise->label : ""};
      collect(enterprise, oid, groups, modules, collection);
      oid.pop_back();
    }
  }
  snmp_disable_calllog();
  snmp_unregister_callback(SNMP_CALLBACK_LIBRARY, SNMP_CALLBACK_LOGGING, on_parser_message, nullptr,
                           1);
  active_log = nullptr;
  if (modules.empty())
    throw FeedError("no MIB module with objects under enterprises (1.3.6.1.4.1) loaded from " +
                    std::to_string(searched.size()) + " directories under " + searched.front() +
                    (log.first.empty() ? "" : ": " + log.first.front()));
  std::sort(collection.objects.begin(), collection.objects.end(),
            [](const MibObjectFacts& a, const MibObjectFacts& b) { return a.oid < b.oid; });
  // One registration per OID: the first module in search order names it.
  std::stable_sort(collection.registrations.begin(), collection.registrations.end(),
                   [](const auto& a, const auto& b) { return a.oid < b.oid; });
  collection.registrations.erase(
      std::unique(collection.registrations.begin(), collection.registrations.end(),
                  [](const auto& a, const auto& b) { return a.oid == b.oid; }),
      collection.registrations.end());
  collection.modules = modules.size();
  collection.parser_messages = log.count;
  collection.first_messages = std::move(log.first);
  return collection;
}

}  // namespace kensa::feeds
