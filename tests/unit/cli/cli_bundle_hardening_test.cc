// Bundle import and verify tell the truth (issue #15): a pipe is not called
// tampering, a statement the vault cannot store is refused by verify too, a
// signer no peer holds is an integrity failure naming its key, --out never
// writes through a link, and a killed export leaves nothing behind.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <sys/stat.h>

#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <thread>

#include "cli/cli_bundle_fixture.h"
#include "support/cli_runner.h"
#include "support/test_support.h"
#include "vault/vault.h"

namespace tvault::testing {
namespace {

// The last line of standard error without "tvault: ".
std::string ErrorLine(const RunResult& r) {
  std::string e = Trim(r.err);
  const std::size_t nl = e.rfind('\n');
  if (nl != std::string::npos) e = e.substr(nl + 1);
  const std::string prefix = "tvault: ";
  return e.rfind(prefix, 0) == 0 ? e.substr(prefix.size()) : e;
}

TEST_F(CliBundle, ASignerNoPeerHoldsIsAnIntegrityFailureNamingTheKey) {
  const fs::path bundle = Export({"--to", "journalist"});
  RunResult peers = journalist_.Run({"--json", "peer", "list"});
  ASSERT_EQ(peers.exit_code, 0) << peers.err;
  const std::string key_id = json::parse(peers.out)[0]["minisign_key_id"];
  ASSERT_FALSE(key_id.empty());
  ASSERT_EQ(journalist_.Run({"peer", "remove", "lawyer"}).exit_code, 0);
  // No peer has a minisign key at all.
  for (const char* command : {"verify", "import"}) {
    RunResult r = journalist_.Run({"bundle", command, bundle.string()});
    EXPECT_EQ(r.exit_code, 4) << command << ": " << r.err;
    const std::string e = ErrorLine(r);
    EXPECT_NE(e.find("SHA256SUMS.minisig was made by key " + key_id + ", "), std::string::npos)
        << e;
    EXPECT_NE(e.find("which is not an accepted signer"), std::string::npos) << e;
    EXPECT_NE(e.find("tvault peer add NAME --minisign-key RW..."), std::string::npos) << e;
    EXPECT_NE(e.find("--signer-key"), std::string::npos) << e;
  }
  EXPECT_EQ(JournalistTestimonies(), 0u);
  // Naming the key still works.
  EXPECT_EQ(journalist_.Run({"bundle", "verify", bundle.string(), "--signer-key", lawyer_key_})
                .exit_code,
            0);
}

}  // namespace
}  // namespace tvault::testing
