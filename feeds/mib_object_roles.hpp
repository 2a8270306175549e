#pragma once
// Which MIB objects hold a device's own model, firmware version or serial
// number, judged from what a MIB module states of each object: its
// descriptor, its syntax, its place (a scalar, or a column of a table and
// that table's index) and the names of the groups it sits in. Never from a
// list of OIDs.
//
// Contract: identity_role() returns the object as an index entry when its
// descriptor ends in words that name one of the three fields (serialNumber,
// SerialNum, SerNum, ModelName, ProductName, FirmwareVersion, SwVersion,
// SoftwareRev, ...), its syntax is a string that is not an address or a
// date, it is readable, it is a scalar or the column of a table indexed by
// at most two integers, and neither it nor its table nor the groups around
// it name a part or another device (a battery, fan, power supply,
// transceiver, port, peer, licence, ...; only the three nearest groups) or a version that is
// not the running one (boot, backup, standby, hardware, MIB, signatures).
// The rank orders several objects of one field: words naming the device
// itself (chassis, system, unit, product, ...) and a scalar rank higher.

#include <optional>
#include <string>
#include <vector>

#include "scanner/identity_objects.hpp"

namespace kensa::feeds {

struct MibObjectFacts {
  scanner::Oid oid;
  std::string module;
  std::string descriptor;
  bool is_string = false;          // OCTET STRING, DisplayString and the like
  std::string textual_convention;  // empty when none
  bool readable = false;
  bool column = false;  // the object is a column of a table
  struct Index {
    std::string descriptor;
    bool is_integer = false;
  };
  std::vector<Index> indexes;          // a column's table index
  std::vector<std::string> ancestors;  // the groups around it, nearest first
};

// The descriptor's words, lower case: "snChasSerNum" -> sn chas ser num,
// "agentInventorySWVersion" -> agent inventory sw version.
std::vector<std::string> descriptor_words(std::string_view descriptor);

std::optional<scanner::IdentityObject> identity_role(const MibObjectFacts& facts);

}  // namespace kensa::feeds
