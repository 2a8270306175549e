#pragma once
// Validation of a JSON document against a JSON Schema (draft 2020-12), in
// the subset the project's own schemas use: type, enum, properties,
// required, additionalProperties (false), items, minimum, minLength,
// pattern (RE2) and $ref to "#/$defs/NAME".
//
// Contract: validate() throws std::runtime_error
// "<where>: <JSON pointer>: <what is wrong>" for the first violation, an
// unknown key named as such ("/rules/3/extract/0: unknown key 'fomr'").
// A schema keyword outside the subset is an error too, so that a schema
// never silently checks less than it says.

#include <nlohmann/json.hpp>

#include <string>

namespace kensa::scanner {

void validate(const nlohmann::json& document, const nlohmann::json& schema,
              const std::string& where);

}  // namespace kensa::scanner
