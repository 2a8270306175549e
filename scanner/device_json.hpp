#pragma once
// One identified device as JSON, in the documented shape of
// `kensa identify --json` (see README). Unknown is null, never a guess.
//
// Contract: strings that are not UTF-8 are replaced when serialised with
// error_handler_t::replace by the caller; nothing here throws for content.

#include <nlohmann/json.hpp>

#include "scanner/device.hpp"

namespace kensa::scanner {

// as_null writes every documented key, null when unknown (the output
// shape); omitted leaves unknown keys and empty lists out (kensa's stored
// record, a third of the bytes).
enum class Unknowns { as_null, omitted };
nlohmann::json device_json(const Device& device, Unknowns unknowns = Unknowns::as_null);

// The inverse, for records kensa stored itself; missing keys stay unknown.
// Throws nlohmann::json::exception when a present key has the wrong type.
Device device_from_json(const nlohmann::json& record);

}  // namespace kensa::scanner
