// vault/front_end.h: the default vault directory ($TVAULT_DIR, else
// $HOME/.local/share/tvault, else none) and the words for a passphrase's
// strength, which the CLI and the desktop both take from here.
#include <gtest/gtest.h>

#include <cstdlib>
#include <optional>
#include <string>

#include "support/test_support.h"
#include "vault/front_end.h"
#include "vault/vault.h"

namespace tvault::testing {
namespace {

// Sets (or, with nullopt, unsets) a variable for one test and restores it.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, std::optional<std::string> value) : name_(name) {
    if (const char* old = std::getenv(name)) old_ = old;
    if (value) {
      ::setenv(name, value->c_str(), 1);
    } else {
      ::unsetenv(name);
    }
  }
  ~ScopedEnv() {
    if (old_) {
      ::setenv(name_, old_->c_str(), 1);
    } else {
      ::unsetenv(name_);
    }
  }

 private:
  const char* name_;
  std::optional<std::string> old_;
};

TEST(DefaultVaultDirectory, TvaultDirWins) {
  ScopedEnv dir("TVAULT_DIR", "/srv/vaults/a");
  ScopedEnv home("HOME", "/home/anna");
  EXPECT_EQ(DefaultVaultDirectory(), std::filesystem::path("/srv/vaults/a"));
}

TEST(DefaultVaultDirectory, EmptyTvaultDirFallsBackToHome) {
  ScopedEnv dir("TVAULT_DIR", "");
  ScopedEnv home("HOME", "/home/anna");
  EXPECT_EQ(DefaultVaultDirectory(), std::filesystem::path("/home/anna/.local/share/tvault"));
}

TEST(DefaultVaultDirectory, NoneWithoutHomeOrTvaultDir) {
  ScopedEnv dir("TVAULT_DIR", std::nullopt);
  ScopedEnv home("HOME", "");
  EXPECT_EQ(DefaultVaultDirectory(), std::nullopt);
  ScopedEnv unset_home("HOME", std::nullopt);
  EXPECT_EQ(DefaultVaultDirectory(), std::nullopt);
}

TEST(PassphraseVerdict, NamesEachScore) {
  EXPECT_EQ(PassphraseVerdict(0), "very weak");
  EXPECT_EQ(PassphraseVerdict(1), "very weak");
  EXPECT_EQ(PassphraseVerdict(2), "weak");
  EXPECT_EQ(PassphraseVerdict(3), "fair, not strong against an offline attack");
  EXPECT_EQ(PassphraseVerdict(4), "strong");
}

TEST(PassphraseVerdict, OfARealEstimate) {
  SecretBytes weak = SecretBytes::CopyOf(std::span<const uint8_t>(
      reinterpret_cast<const uint8_t*>("password"), 8));
  EXPECT_EQ(PassphraseVerdict(EstimatePassphraseStrength(weak).score), "very weak");
}

}  // namespace
}  // namespace tvault::testing

namespace tvault::testing {
namespace {

TEST(HoldsVault, OnlyADirectoryWithAVault) {
  TempVault tv;
  EXPECT_TRUE(HoldsVault(tv.dir()));
  ScratchDir empty;
  EXPECT_FALSE(HoldsVault(empty.path()));
  EXPECT_FALSE(HoldsVault(empty.path() / "missing"));
}

}  // namespace
}  // namespace tvault::testing
