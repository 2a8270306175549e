#pragma once
// Reads a collection of MIB modules with net-snmp's parser and states, for
// every readable object under the enterprises subtree (1.3.6.1.4.1), what
// the modules say of it (descriptor, syntax, place, index, groups): the
// facts mib_object_roles judges; and every product registration: a leaf
// OBJECT IDENTIFIER (or OBJECT-IDENTITY) under enterprises, not a table or
// its entry, whose descriptor holds a digit, the values agents give as sysObjectID
// (CISCO-PRODUCTS-MIB::cisco5500Wlc). Descriptions are not read.
//
// Contract: read_mib_collection() takes directories (searched with their
// subdirectories, in sorted order, so the same collection gives the same
// result) and never stops on a file that fails to parse or imports a module
// the collection lacks: it counts the parser's messages and keeps the first
// of them. It throws FeedError when no directory exists or no module loads.
// It uses net-snmp's process-wide MIB tree: call it from one thread, in a
// process that does not translate OIDs by name meanwhile.

#include <filesystem>
#include <string>
#include <vector>

#include "feeds/mib_object_roles.hpp"

namespace kensa::feeds {

struct ProductRegistrationFacts {
  scanner::Oid oid;
  std::string module, descriptor;
};

struct MibCollection {
  std::vector<MibObjectFacts> objects;                  // in OID order
  std::vector<ProductRegistrationFacts> registrations;  // in OID order
  std::size_t files = 0;                                // files in the directories
  std::size_t modules = 0;          // modules that define an object under enterprises
  std::size_t parser_messages = 0;  // the parser's errors and warnings
  std::vector<std::string> first_messages;
};

MibCollection read_mib_collection(const std::vector<std::filesystem::path>& directories);

}  // namespace kensa::feeds
