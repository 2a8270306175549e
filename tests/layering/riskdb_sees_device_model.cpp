// Compiles: riskdb may use the device model.
#include "riskdb/database.hpp"
#include "scanner/device.hpp"
#include "scanner/device_json.hpp"
