// What a CLI test asks of a vault's audit log, through the real binary
// (`tvault --json audit log`). Kept out of cli_runner.h so that the tests
// which need it are the only ones it recompiles.
#ifndef TVAULT_TESTS_AUDIT_EVENTS_H_
#define TVAULT_TESTS_AUDIT_EVENTS_H_

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstddef>
#include <string>

#include "support/cli_runner.h"

namespace tvault::testing {

// How many events of `action` ("case.add", ...) the log holds.
inline std::size_t CountEvents(const CliVault& v, const std::string& action) {
  const nlohmann::json events = nlohmann::json::parse(v.Run({"--json", "audit", "log"}).out);
  return static_cast<std::size_t>(
      std::count_if(events.begin(), events.end(),
                    [&](const nlohmann::json& e) { return e["action"] == action; }));
}

}  // namespace tvault::testing

#endif  // TVAULT_TESTS_AUDIT_EVENTS_H_
