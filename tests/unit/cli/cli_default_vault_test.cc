// Which vault the CLI opens without --vault: $TVAULT_DIR, else
// $HOME/.local/share/tvault (vault/front_end.h, shared with the desktop
// window), else a usage error. Against the real binary, through env(1).
#include <gtest/gtest.h>

#include "support/cli_runner.h"
#include "support/test_support.h"

namespace tvault::testing {
namespace {

TEST(CliDefaultVault, TvaultDirNamesTheVault) {
  CliVault v;
  RunResult r = RunProgram({"env", "TVAULT_DIR=" + v.dir().string(), TvaultBinary(),
                            "--passphrase-file", v.pass_file().string(), "witness", "list"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
}

TEST(CliDefaultVault, ElseTheFolderUnderHome) {
  ScratchDir home;
  RunResult r = RunProgram({"env", "-u", "TVAULT_DIR", "HOME=" + home.path().string(),
                            TvaultBinary(), "witness", "list"});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_TRUE(Has(r.err, (home.path() / ".local/share/tvault").string())) << r.err;
}

TEST(CliDefaultVault, NeitherIsAUsageError) {
  RunResult r = RunProgram({"env", "-u", "TVAULT_DIR", "-u", "HOME", TvaultBinary(), "witness",
                            "list"});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_EQ(ErrorLine(r), "HOME is not set; pass --vault DIR");
}

}  // namespace
}  // namespace tvault::testing
