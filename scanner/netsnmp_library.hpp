#pragma once
// One-time set-up of the net-snmp library for kensa's use.
//
// Contract: safe to call from any thread, any number of times. Afterwards
// net-snmp reads no configuration files, loads no MIBs (kensa speaks numeric
// OIDs only), writes no persistent state and logs nothing: every outcome
// reaches the caller as a value.

namespace kensa::scanner {

void initialise_netsnmp_library();

}  // namespace kensa::scanner
