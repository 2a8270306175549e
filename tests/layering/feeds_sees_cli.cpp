// Must not compile: feeds parse files and write through riskdb (DESIGN.md).
#include "cli/exit_codes.hpp"
