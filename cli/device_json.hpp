#pragma once
// One identified device as JSON, in the documented shape of
// `kensa identify --json` (see README). Unknown is null, never a guess.
//
// Contract: strings that are not UTF-8 are replaced when serialised with
// error_handler_t::replace by the caller; nothing here throws for content.

#include <nlohmann/json.hpp>

#include "scanner/device.hpp"

namespace kensa::cli {

nlohmann::json device_json(const scanner::Device& device);

}  // namespace kensa::cli
