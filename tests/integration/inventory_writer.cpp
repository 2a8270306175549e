// A process that writes a sweep into an inventory database in batches, for
// tests that read it concurrently or kill it mid-write.
//
// Usage: kensa_test_inventory_writer DB BATCHES BATCH_SIZE
// Prints "committed N" after each batch; finishes the sweep after BATCHES.

#include <chrono>
#include <iostream>
#include <string>
#include <thread>

#include "riskdb/inventory.hpp"

int main(int argc, char** argv) {
  if (argc != 4) {
    std::cerr << "usage: kensa_test_inventory_writer DB BATCHES BATCH_SIZE\n";
    return 64;
  }
  using namespace kensa::riskdb;
  Database database = Database::open(argv[1]);
  const long batches = std::stol(argv[2]);
  const long batch_size = std::stol(argv[3]);
  const auto sweep = begin_sweep(database, "10.0.0.0/8", "{}");
  SweepWriter writer(database, sweep, static_cast<std::size_t>(batch_size));
  long written = 0;
  for (long batch = 0; batch < batches; ++batch) {
    for (long i = 0; i < batch_size; ++i, ++written) {
      Sighting sighting;
      sighting.device.source = "writer";
      sighting.device.vendor = "Cisco";
      sighting.device.model = "C9300-48P";
      sighting.device.os = "iosxe";
      sighting.device.firmware = "17.9.4";
      sighting.device.serial = "FOC" + std::to_string(1000000 + written);
      for (std::uint32_t m = 1; m <= 4; ++m) {
        kensa::scanner::Module module;
        module.index = m;
        module.class_name = "module";
        module.serial = *sighting.device.serial + "-" + std::to_string(m);
        sighting.device.modules.push_back(module);
      }
      sighting.address = "10." + std::to_string(written / 65536 % 256) + "." +
                         std::to_string(written / 256 % 256) + "." + std::to_string(written % 256);
      writer.record(sighting);
    }
    std::cout << "committed " << written << std::endl;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  writer.flush();
  Sweep done;
  done.id = sweep;
  done.status = "complete";
  finish_sweep(database, done);
  std::cout << "complete" << std::endl;
  return 0;
}
