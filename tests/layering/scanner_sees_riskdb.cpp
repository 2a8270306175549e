// Must not compile: scanner knows nothing of SQLite (DESIGN.md).
#include "riskdb/database.hpp"
