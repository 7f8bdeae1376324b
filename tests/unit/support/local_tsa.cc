#include "support/local_tsa.h"

#include <fstream>

#include "support/cli_runner.h"

namespace tvault::testing {

LocalTsa::LocalTsa() {
  std::filesystem::copy_file(Fixture("ts.cnf"), dir_.path() / "ts.cnf");
  std::ofstream(dir_.path() / "tsaserial") << "01\n";
}

std::filesystem::path LocalTsa::Fixture(const std::string& name) {
  return std::filesystem::path(TVAULT_TEST_DATA_DIR) / "timestamp" / name;
}

std::filesystem::path LocalTsa::Reply(const std::filesystem::path& request,
                                      const std::string& signer) {
  const std::filesystem::path out = dir_.path() / ("response-" + std::to_string(++replies_) + ".tsr");
  // ts.cnf names its serial file relative to the working directory.
  RunResult r = RunProgram(
      {"sh", "-c",
       "cd \"$1\" && openssl ts -reply -config ts.cnf -section tsa_config -queryfile \"$2\" "
       "-signer \"$3\" -inkey \"$4\" -out \"$5\"",
       "sh", dir_.path().string(), request.string(), Fixture(signer).string(),
       Fixture("tsa.key").string(), out.string()});
  EXPECT_EQ(r.exit_code, 0) << "openssl ts -reply: " << r.err;
  return out;
}

}  // namespace tvault::testing
