#pragma once
// Devices seen only as neighbours: every LLDP/CDP neighbour of a polled
// device that was not itself polled becomes a sighting of its own, so that
// equipment nobody can (or may) poll still shows up in the inventory.
//
// Contract: a neighbour counts as polled when its chassis MAC, its system
// name, or one of its management addresses matches a polled device (its
// LLDP chassis MAC, sysName, or the address it was polled on). Each shadow
// is named by its chassis MAC or system name, else by its chassis id of
// another subtype (Sighting::neighbor_chassis_id, "local:SW-0042");
// neighbours with none of these are skipped. A shadow appears once however
// many devices list it, and carries what identification made of its
// LLDP/CDP data as evidence.

#include <string>
#include <vector>

#include "riskdb/inventory.hpp"
#include "scanner/device.hpp"

namespace kensa::cli {

struct PolledDevice {
  scanner::Device device;  // without interfaces, modules or evidence
  std::string address;     // the address it answered on, without port
};

std::vector<riskdb::Sighting> shadow_devices(const std::vector<PolledDevice>& polled);

}  // namespace kensa::cli
