// Split and Combine (slip39/slip39.h) as properties: for several layouts any
// threshold of shares recovers the secret in any order and one fewer does
// not; shares of another set are refused; the extendable flag and the
// iteration exponent do what the spec says; Split refuses what the spec and
// the reference refuse.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "formats/slip39/slip39_test_support.h"
#include "slip39/slip39.h"
#include "support/test_support.h"

namespace tvault::testing {
namespace {

using slip39::GroupSpec;
using Groups = std::vector<std::vector<SecretBytes>>;

Groups MustSplit(const SecretBytes& secret, const SecretBytes& passphrase, uint8_t gt,
                 const std::vector<GroupSpec>& layout, uint8_t exponent = 0,
                 bool extendable = true) {
  auto r = slip39::Split(secret, passphrase, gt, layout, exponent, extendable);
  EXPECT_TRUE(r.ok()) << r.error().message;
  return std::move(r).value();
}

std::vector<SecretBytes> Copies(const std::vector<const SecretBytes*>& picked) {
  std::vector<SecretBytes> out;
  for (const SecretBytes* m : picked) out.push_back(SecretBytes::CopyOf(m->reveal()));
  return out;
}

// Every subset of `count` members of `group`, as index lists.
std::vector<std::vector<std::size_t>> Subsets(std::size_t n, std::size_t k) {
  std::vector<std::vector<std::size_t>> out;
  for (unsigned mask = 0; mask < (1u << n); ++mask) {
    if (static_cast<std::size_t>(__builtin_popcount(mask)) != k) continue;
    std::vector<std::size_t> s;
    for (std::size_t i = 0; i < n; ++i)
      if (mask & (1u << i)) s.push_back(i);
    out.push_back(s);
  }
  return out;
}

TEST(Slip39Split, SingleGroupAnyThresholdRecoversOneFewerDoesNot) {
  std::mt19937 rng(39);
  const SecretBytes passphrase = Pass("a passphrase");
  struct Layout {
    uint8_t t, n;
    std::size_t bytes;
  };
  for (const Layout l : {Layout{1, 1, 16}, Layout{2, 2, 16}, Layout{2, 3, 32}, Layout{3, 5, 16},
                         Layout{4, 4, 20}}) {
    SCOPED_TRACE(std::to_string(l.t) + " of " + std::to_string(l.n));
    const SecretBytes secret = SecretBytes::Random(l.bytes);
    Groups g = MustSplit(secret, passphrase, 1, {{l.t, l.n}});
    ASSERT_EQ(g.size(), 1u);
    ASSERT_EQ(g[0].size(), l.n);
    for (auto pick : Subsets(l.n, l.t)) {
      std::shuffle(pick.begin(), pick.end(), rng);
      std::vector<const SecretBytes*> chosen;
      for (std::size_t i : pick) chosen.push_back(&g[0][i]);
      auto got = slip39::Combine(Copies(chosen), passphrase);
      ASSERT_TRUE(got.ok()) << got.error().message;
      EXPECT_TRUE(got->Equals(secret));
    }
    if (l.t == 1) continue;
    for (auto pick : Subsets(l.n, l.t - 1)) {
      std::vector<const SecretBytes*> chosen;
      slip39::ShareSet set;
      for (std::size_t i : pick) {
        chosen.push_back(&g[0][i]);
        MustOk(set.Add(g[0][i]));
      }
      EXPECT_FALSE(set.complete());
      auto got = slip39::Combine(Copies(chosen), passphrase);
      ASSERT_FALSE(got.ok());
      EXPECT_NE(got.error().message.find("of group 1 given, " + std::to_string(l.t) + " needed"),
                std::string::npos)
          << got.error().message;
    }
  }
}

TEST(Slip39Split, TwoLevelAnyThresholdOfGroupsRecovers) {
  std::mt19937 rng(1039);
  const SecretBytes secret = SecretBytes::Random(32);
  const std::vector<GroupSpec> layout = {{2, 3}, {1, 1}, {3, 5}};
  Groups g = MustSplit(secret, Pass("TREZOR"), 2, layout);
  ASSERT_EQ(g.size(), 3u);
  int combined = 0;
  for (auto groups : Subsets(3, 2)) {
    for (auto a : Subsets(layout[groups[0]].member_count, layout[groups[0]].member_threshold)) {
      for (auto b : Subsets(layout[groups[1]].member_count, layout[groups[1]].member_threshold)) {
        std::vector<const SecretBytes*> chosen;
        for (std::size_t i : a) chosen.push_back(&g[groups[0]][i]);
        for (std::size_t i : b) chosen.push_back(&g[groups[1]][i]);
        std::shuffle(chosen.begin(), chosen.end(), rng);
        auto got = slip39::Combine(Copies(chosen), Pass("TREZOR"));
        ASSERT_TRUE(got.ok()) << got.error().message;
        EXPECT_TRUE(got->Equals(secret));
        ++combined;
      }
    }
  }
  EXPECT_EQ(combined, 3 * 1 + 3 * 10 + 1 * 10);

  // One group alone, or two groups with one of them short, do not.
  std::vector<const SecretBytes*> one_group = {&g[2][0], &g[2][1], &g[2][2]};
  auto alone = slip39::Combine(Copies(one_group), Pass("TREZOR"));
  ASSERT_FALSE(alone.ok());
  EXPECT_EQ(alone.error().message, "the shares come from 1 group; 2 are needed");
  std::vector<const SecretBytes*> short_group = {&g[0][0], &g[2][0], &g[2][1], &g[2][2]};
  auto shorted = slip39::Combine(Copies(short_group), Pass("TREZOR"));
  ASSERT_FALSE(shorted.ok());
  EXPECT_EQ(shorted.error().message, "1 share of group 1 given, 2 needed");
  std::vector<const SecretBytes*> three_groups = {&g[0][0], &g[0][1], &g[1][0],
                                                  &g[2][0], &g[2][1], &g[2][2]};
  auto three = slip39::Combine(Copies(three_groups), Pass("TREZOR"));
  ASSERT_FALSE(three.ok());
  EXPECT_EQ(three.error().message, "the shares come from 3 groups; exactly 2 are needed");
}

// The spec's passphrase is printable ASCII: a pasted non-breaking space
// would otherwise give another master secret without a word of warning.
TEST(Slip39Split, CombineRefusesAPassphraseOutsidePrintableAscii) {
  const SecretBytes secret = SecretBytes::Random(16);
  const std::vector<slip39::GroupSpec> one = {{2, 3}};
  auto shares = slip39::Split(secret, Pass("TREZOR"), 1, one, 0, true);
  ASSERT_TRUE(shares.ok()) << shares.error().message;
  std::vector<SecretBytes> two;
  for (int i = 0; i < 2; ++i) two.push_back(SecretBytes::CopyOf((*shares)[0][i].reveal()));
  for (const std::string& bad : {std::string("TRE\xC2\xA0ZOR"), std::string("tab\there")}) {
    auto got = slip39::Combine(two, Pass(bad));
    ASSERT_FALSE(got.ok());
    EXPECT_EQ(got.error().code, ErrorCode::kInvalidArgument);
    EXPECT_NE(got.error().message.find("outside printable ASCII"), std::string::npos)
        << got.error().message;
  }
  auto right = slip39::Combine(two, Pass("TREZOR"));
  ASSERT_TRUE(right.ok()) << right.error().message;
  EXPECT_EQ(right->reveal().size(), 16u);
}

TEST(Slip39Split, RoundTripThroughParseAndFormat) {
  const SecretBytes secret = SecretBytes::Random(16);
  Groups g = MustSplit(secret, Pass(""), 2, {{2, 3}, {3, 4}}, 1, false);
  for (std::size_t gi = 0; gi < g.size(); ++gi) {
    for (std::size_t mi = 0; mi < g[gi].size(); ++mi) {
      auto share = slip39::ParseShare(g[gi][mi]);
      ASSERT_TRUE(share.ok()) << share.error().message;
      EXPECT_EQ(share->group_index, gi);
      EXPECT_EQ(share->member_index, mi);
      EXPECT_EQ(share->group_threshold, 2);
      EXPECT_EQ(share->group_count, 2);
      EXPECT_EQ(share->member_threshold, gi == 0 ? 2 : 3);
      EXPECT_EQ(share->iteration_exponent, 1);
      EXPECT_FALSE(share->extendable);
      EXPECT_EQ(share->value.size(), 16u);
      const std::string text = Str(g[gi][mi]);
      EXPECT_EQ(Str(slip39::FormatShare(*share)), text);
      EXPECT_EQ(std::count(text.begin(), text.end(), ' '), 19);
    }
  }
}

// Parses every share, applies `edit`, formats them again (new checksums).
std::vector<SecretBytes> Reformat(const std::vector<SecretBytes>& mnemonics,
                                  void (*edit)(slip39::Share&)) {
  std::vector<SecretBytes> out;
  for (const SecretBytes& m : mnemonics) {
    slip39::Share s = Must(slip39::ParseShare(m));
    edit(s);
    out.push_back(slip39::FormatShare(s));
  }
  return out;
}

TEST(Slip39Split, TheExtendableFlagKeepsTheIdentifierOutOfTheSalt) {
  const SecretBytes secret = SecretBytes::Random(16);
  const auto other_id = [](slip39::Share& s) { s.identifier ^= 0x1234; };
  for (bool extendable : {true, false}) {
    SCOPED_TRACE(extendable ? "extendable" : "not extendable");
    Groups g = MustSplit(secret, Pass("TREZOR"), 1, {{2, 2}}, 0, extendable);
    EXPECT_EQ(Must(slip39::ParseShare(g[0][0])).extendable, extendable);
    auto same = slip39::Combine(g[0], Pass("TREZOR"));
    ASSERT_TRUE(same.ok());
    EXPECT_TRUE(same->Equals(secret));
    // The same shares under another identifier: an extendable set still
    // decrypts to the secret; otherwise the identifier salts every round.
    auto moved = slip39::Combine(Reformat(g[0], other_id), Pass("TREZOR"));
    ASSERT_TRUE(moved.ok());
    EXPECT_EQ(moved->Equals(secret), extendable);
  }
}

TEST(Slip39Split, TheIterationExponentIsStoredAndUsed) {
  const SecretBytes secret = SecretBytes::Random(16);
  Groups g = MustSplit(secret, Pass(""), 1, {{2, 3}}, 2);
  EXPECT_EQ(Must(slip39::ParseShare(g[0][1])).iteration_exponent, 2);
  std::vector<SecretBytes> two = Copies({&g[0][0], &g[0][2]});
  auto got = slip39::Combine(two, Pass(""));
  ASSERT_TRUE(got.ok());
  EXPECT_TRUE(got->Equals(secret));
  auto fewer = slip39::Combine(Reformat(two, [](slip39::Share& s) { s.iteration_exponent = 1; }),
                               Pass(""));
  ASSERT_TRUE(fewer.ok());
  EXPECT_FALSE(fewer->Equals(secret));
}

TEST(Slip39Split, AnotherPassphraseGivesAnotherSecretWithoutError) {
  const SecretBytes secret = SecretBytes::Random(16);
  Groups g = MustSplit(secret, Pass("right"), 1, {{1, 1}});
  auto wrong = slip39::Combine(g[0], Pass("wrong"));
  ASSERT_TRUE(wrong.ok());  // the spec: no passphrase check, by design
  EXPECT_FALSE(wrong->Equals(secret));
  EXPECT_TRUE(Must(slip39::Combine(g[0], Pass("right"))).Equals(secret));
}

TEST(Slip39Split, SharesOfAnotherSetAreRefused) {
  const SecretBytes secret = SecretBytes::Random(16);
  Groups a = MustSplit(secret, Pass(""), 1, {{2, 3}});
  Groups b = MustSplit(secret, Pass(""), 1, {{2, 3}});
  const uint16_t id_a = Must(slip39::ParseShare(a[0][0])).identifier;
  while (Must(slip39::ParseShare(b[0][0])).identifier == id_a)  // 1 in 32768
    b = MustSplit(secret, Pass(""), 1, {{2, 3}});
  std::vector<SecretBytes> mixed = Copies({&a[0][0], &b[0][1]});
  auto got = slip39::Combine(mixed, Pass(""));
  ASSERT_FALSE(got.ok());
  EXPECT_EQ(got.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(got.error().message.find("share 2 comes from a different set than share 1"),
            std::string::npos)
      << got.error().message;

  // Another set under the same identifier passes every field check; the
  // digest share catches it.
  static uint16_t id;
  id = id_a;
  std::vector<SecretBytes> forged = Reformat(Copies({&b[0][1]}), [](slip39::Share& s) {
    s.identifier = id;
  });
  forged.insert(forged.begin(), SecretBytes::CopyOf(a[0][0].reveal()));
  auto caught = slip39::Combine(forged, Pass(""));
  ASSERT_FALSE(caught.ok());
  EXPECT_EQ(caught.error().code, ErrorCode::kIntegrity);
  EXPECT_NE(caught.error().message.find("the shares of group 1 do not combine"), std::string::npos);
}

TEST(Slip39Split, RefusesWhatTheSpecRefuses) {
  struct Case {
    std::size_t bytes;
    std::string passphrase;
    uint8_t gt;
    std::vector<GroupSpec> layout;
    uint8_t exponent;
    std::string says;
  };
  const std::vector<Case> cases = {
      {14, "", 1, {{1, 1}}, 0, "the master secret is 14 bytes; SLIP-39 needs at least 16"},
      {17, "", 1, {{1, 1}}, 0, "the master secret is 17 bytes; SLIP-39 needs an even number"},
      {16, "caf\xC3\xA9", 1, {{1, 1}}, 0, "outside printable ASCII"},
      {16, "tab\t", 1, {{1, 1}}, 0, "outside printable ASCII"},
      {16, "", 1, {}, 0, "no group of shares requested"},
      {16, "", 1, std::vector<GroupSpec>(17, {1, 1}), 0, "17 groups requested"},
      {16, "", 0, {{1, 1}}, 0, "a group threshold of 0 with 1 groups"},
      {16, "", 3, {{1, 1}, {1, 1}}, 0, "a group threshold of 3 with 2 groups"},
      {16, "", 1, {{0, 2}}, 0, "group 1 has a threshold of 0 with 2 members"},
      {16, "", 1, {{1, 1}, {4, 3}}, 0, "group 2 has a threshold of 4 with 3 members"},
      {16, "", 1, {{1, 0}}, 0, "group 1 has no members"},
      {16, "", 1, {{2, 17}}, 0, "group 1 has 17 members; SLIP-39 allows at most 16"},
      {16, "", 1, {{1, 3}}, 0, "group 1 has a threshold of 1 with 3 members"},
      {16, "", 1, {{1, 1}}, 16, "an iteration exponent of 16; SLIP-39 allows 0 to 15"},
  };
  for (const Case& c : cases) {
    auto r = slip39::Split(SecretBytes::Random(c.bytes), Pass(c.passphrase), c.gt, c.layout,
                           c.exponent, true);
    ASSERT_FALSE(r.ok()) << c.says;
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
    EXPECT_NE(r.error().message.find(c.says), std::string::npos)
        << r.error().message << " / wanted: " << c.says;
  }
  // The limits themselves are allowed: 16 groups of 16, a 1-of-1 group, GT = G.
  auto big = slip39::Split(SecretBytes::Random(16), Pass("~ !"), 16,
                           std::vector<GroupSpec>(16, {16, 16}), 0, true);
  ASSERT_TRUE(big.ok()) << big.error().message;
  EXPECT_EQ(big->size(), 16u);
  EXPECT_EQ((*big)[15].size(), 16u);
}

TEST(Slip39Split, CombineRefusesAnEmptyList) {
  auto r = slip39::Combine({}, Pass(""));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message, "no shares given");
}

}  // namespace
}  // namespace tvault::testing
