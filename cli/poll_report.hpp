#pragma once
// How `kensa poll` shows one device: a block of lines for people, or one
// JSON object per line.
//
// Contract: every device-supplied string is escaped for the terminal or
// kept valid UTF-8 in JSON (with the raw octets in hex beside it when they
// are not UTF-8). The credential that answered is named by its position and
// kind, never by its secret.

#include <nlohmann/json.hpp>

#include <ostream>
#include <span>

#include "scanner/device_poll.hpp"
#include "scanner/endpoint.hpp"

namespace kensa::cli {

void print_poll_table(std::ostream& out, const scanner::Endpoint& target,
                      const scanner::DevicePoll& poll,
                      std::span<const scanner::Credentials> profiles);

nlohmann::json poll_json(const scanner::Endpoint& target, const scanner::DevicePoll& poll,
                         std::span<const scanner::Credentials> profiles);

}  // namespace kensa::cli
