// EstimatePassphraseStrength: zxcvbn's estimate, the paper's score
// thresholds, and hints that never repeat the passphrase.
#include <gtest/gtest.h>

#include <string>

#include "support/test_support.h"
#include "vault/vault.h"

namespace tvault::testing {
namespace {

PassphraseStrength Estimate(const std::string& s) { return EstimatePassphraseStrength(Pass(s)); }

TEST(PassphraseStrength, CommonPasswordsAreVeryWeak) {
  for (const char* weak : {"password", "qwertyuiop", "19841984", "aaaaaaaaaaaa", "abcdefgh12345678"}) {
    const PassphraseStrength s = Estimate(weak);
    EXPECT_LE(s.score, 1) << weak;
    EXPECT_LT(s.guesses_log10, 6.0) << weak;
    EXPECT_FALSE(s.strong) << weak;
    EXPECT_FALSE(s.hint.empty()) << weak;
  }
}

TEST(PassphraseStrength, SixRandomWordsAreStrong) {
  const PassphraseStrength s = Estimate("quilt mangle orbit pastry fennel swoop");
  EXPECT_EQ(s.score, 4);
  EXPECT_TRUE(s.strong);
  EXPECT_GT(s.guesses_log10, 20.0);
  EXPECT_TRUE(s.hint.empty());
}

TEST(PassphraseStrength, EmptyScoresZero) {
  const PassphraseStrength s = Estimate("");
  EXPECT_EQ(s.score, 0);
  EXPECT_EQ(s.guesses_log10, 0.0);
  EXPECT_FALSE(s.strong);
  EXPECT_NE(s.hint.find("empty"), std::string::npos) << s.hint;
}

TEST(PassphraseStrength, ScoresFollowTheThresholdsOfThePaper) {
  // Scores 0..4 split at 10^3, 10^6, 10^8 and 10^10 guesses.
  for (const char* p : {"password", "Tr0ub4dour&3", "zebra lantern", "second passphrase",
                        "xkq7#Rp2!vL9", "zebra lantern copper mosaic"}) {
    const PassphraseStrength s = Estimate(p);
    const double g = s.guesses_log10;
    const int expected = g < 3 ? 0 : g < 6 ? 1 : g < 8 ? 2 : g < 10 ? 3 : 4;
    EXPECT_EQ(s.score, expected) << p << " 10^" << g;
    EXPECT_EQ(s.strong, s.score == kStrongPassphraseScore) << p;
  }
  // A single word with the usual substitutions is not strong.
  EXPECT_FALSE(Estimate("Tr0ub4dour&3").strong);
}

TEST(PassphraseStrength, LongerIsStronger) {
  EXPECT_LT(Estimate("zebra lantern").guesses_log10,
            Estimate("zebra lantern copper").guesses_log10);
  EXPECT_LT(Estimate("zebra lantern copper").guesses_log10,
            Estimate("zebra lantern copper mosaic").guesses_log10);
}

TEST(PassphraseStrength, HintsNeverContainThePassphrase) {
  for (const char* p : {"password", "dragon1984", "zxcvfdsa", "abcabcabc", "lantern"}) {
    const PassphraseStrength s = Estimate(p);
    ASSERT_FALSE(s.hint.empty()) << p;
    EXPECT_EQ(s.hint.find(p), std::string::npos) << s.hint;
  }
  EXPECT_NE(Estimate("dragon1984").hint.find("year"), std::string::npos);
  EXPECT_NE(Estimate("zxcvfdsa").hint.find("keyboard"), std::string::npos);
}

TEST(PassphraseStrength, StopsAtTheFirstNul) {
  const std::string with_nul("pass\0quilt mangle orbit pastry fennel swoop", 43);
  EXPECT_EQ(Estimate(with_nul).guesses_log10, Estimate("pass").guesses_log10);
}

}  // namespace
}  // namespace tvault::testing
