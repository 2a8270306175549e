#pragma once
// SNMP values for people and for JSON.
//
// Contract: value_for_terminal writes "TYPE: value" with every octet string
// escaped (untrusted_text.hpp); octet strings that are not UTF-8 text are
// shown as hex. value_to_json gives numbers as numbers, OIDs and IpAddress as
// dotted text, UTF-8 strings as strings; anything else as {"hex": "..."}.

#include <nlohmann/json.hpp>

#include <string>

#include "scanner/snmp_value.hpp"

namespace kensa::cli {

std::string value_for_terminal(const scanner::SnmpValue& value);
nlohmann::json value_to_json(const scanner::SnmpValue& value);

}  // namespace kensa::cli
