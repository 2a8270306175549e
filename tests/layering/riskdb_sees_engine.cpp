// Must not compile: riskdb knows nothing of sockets (DESIGN.md).
#include "scanner/network_sweep.hpp"
