// Two keyslots with one passphrase, two peers whose names differ only in
// case: refused (tvault #15, item 11).
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "support/cli_runner.h"
#include "support/test_support.h"

namespace tvault::testing {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

TEST(CliKeyslots, ThePassphraseOfAnExistingSlotIsRefused) {
  CliVault v("first slot passphrase");
  const fs::path same = v.WriteFile("same", "first slot passphrase\n");
  const std::vector<std::string> kdf{"--kdf-memory-mib", "64", "--kdf-passes", "1"};
  auto add = [&](const fs::path& p) {
    std::vector<std::string> args{"keyslot", "add", "--new-passphrase-file", p.string()};
    args.insert(args.end(), kdf.begin(), kdf.end());
    return v.Run(args);
  };
  RunResult dup = add(same);
  EXPECT_EQ(dup.exit_code, 1) << dup.err;
  EXPECT_TRUE(Has(dup.err, "keyslot 1 already has this passphrase")) << dup.err;
  const fs::path second = v.WriteFile("second", "second slot passphrase\n");
  RunResult ok = add(second);
  ASSERT_EQ(ok.exit_code, 0) << ok.err;
  RunResult dup2 = add(second);
  EXPECT_EQ(dup2.exit_code, 1) << dup2.err;
  EXPECT_TRUE(Has(dup2.err, "keyslot 2 already has this passphrase")) << dup2.err;
  // Slot 1 may not take slot 2's passphrase either.
  std::vector<std::string> change{"passphrase", "change", "--new-passphrase-file",
                                  second.string()};
  change.insert(change.end(), kdf.begin(), kdf.end());
  RunResult changed = v.Run(change);
  EXPECT_EQ(changed.exit_code, 1) << changed.err;
  EXPECT_TRUE(Has(changed.err, "keyslot 2 already has this passphrase")) << changed.err;
  RunResult list = v.Run({"--json", "keyslot", "list"});
  EXPECT_EQ(json::parse(list.out).size(), 2u);
}

TEST(CliPeers, NamesThatDifferOnlyInCaseAreRefused) {
  CliVault v;
  RunResult id = v.Run({"--json", "identity", "show"});
  ASSERT_EQ(id.exit_code, 0) << id.err;
  const std::string recipient = json::parse(id.out)["age_recipient"];
  ASSERT_EQ(v.Run({"peer", "add", "Amal Haddad", "--age-recipient", recipient}).exit_code, 0);
  RunResult dup = v.Run({"peer", "add", "AMAL haddad", "--age-recipient", recipient});
  EXPECT_EQ(dup.exit_code, 1) << dup.err;
  EXPECT_TRUE(Has(dup.err, "already exists")) << dup.err;
  RunResult list = v.Run({"--json", "peer", "list"});
  EXPECT_EQ(json::parse(list.out).size(), 1u);
}

}  // namespace
}  // namespace tvault::testing
