// One SLIP-39 mnemonic (slip39/share.h): what parses, what is refused and
// why, and formatting back; ShareSet's one-at-a-time checks and progress.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "formats/slip39/slip39_test_support.h"
#include "slip39/slip39.h"
#include "slip39/wordlist.h"
#include "support/test_support.h"

namespace tvault::testing {
namespace {

// Vector 1 (128 bits, 1 of 1), vector 20 (256 bits), vector 4 (2 of 3),
// vector 17 (2 of 4 groups) of tests/data/slip39/vectors.json.
const char kSingle[] =
    "duckling enlarge academic academic agency result length solution fridge kidney coal piece "
    "deal husband erode duke ajar critical decision keyboard";
const char kLong[] =
    "theory painting academic academic armed sweater year military elder discuss acne wildlife "
    "boring employer fused large satoshi bundle carbon diagnose anatomy hamster leaves tracks "
    "paces beyond phantom capital marvel lips brave detect luck";
const std::vector<std::string> kTwoOfThree = {
    "shadow pistol academic always adequate wildlife fancy gross oasis cylinder mustang wrist "
    "rescue view short owner flip making coding armed",
    "shadow pistol academic acid actress prayer class unknown daughter sweater depict flip twice "
    "unkind craft early superior advocate guest smoking"};
const std::vector<std::string> kGroups = {
    "eraser senior decision roster beard treat identify grumpy salt index fake aviation theater "
    "cubic bike cause research dragon emphasis counter",
    "eraser senior ceramic snake clay various huge numb argue hesitate auction category timber "
    "browser greatest hanger petition script leaf pickup",
    "eraser senior ceramic shaft dynamic become junior wrist silver peasant force math alto coal "
    "amazing segment yelp velvet image paces",
    "eraser senior ceramic round column hawk trust auction smug shame alive greatest sheriff "
    "living perfect corner chest sled fumes adequate",
    "eraser senior decision smug corner ruin rescue cubic angel tackle skin skunk program roster "
    "trash rumor slush angel flea amazing"};

std::vector<std::string> Words(const std::string& text) {
  std::vector<std::string> out;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t end = text.find(' ', pos);
    if (end == std::string::npos) end = text.size();
    out.push_back(text.substr(pos, end - pos));
    pos = end + 1;
  }
  return out;
}

std::string Join(const std::vector<std::string>& words, const std::string& sep) {
  std::string out;
  for (std::size_t i = 0; i < words.size(); ++i) out += (i ? sep : "") + words[i];
  return out;
}

TEST(Slip39Share, ParsesTheFields) {
  auto s = slip39::ParseShare(Mnemonic(kSingle));
  ASSERT_TRUE(s.ok()) << s.error().message;
  EXPECT_EQ(s->identifier, 7945);
  EXPECT_FALSE(s->extendable);
  EXPECT_EQ(s->iteration_exponent, 0);
  EXPECT_EQ(s->group_index, 0);
  EXPECT_EQ(s->group_threshold, 1);
  EXPECT_EQ(s->group_count, 1);
  EXPECT_EQ(s->member_index, 0);
  EXPECT_EQ(s->member_threshold, 1);
  EXPECT_EQ(s->value.size(), 16u);
  EXPECT_EQ(Str(slip39::FormatShare(*s)), kSingle);

  auto g = slip39::ParseShare(Mnemonic(kGroups[1]));
  ASSERT_TRUE(g.ok());
  EXPECT_EQ(g->identifier, 9497);
  EXPECT_EQ(g->group_index, 2);
  EXPECT_EQ(g->group_threshold, 2);
  EXPECT_EQ(g->group_count, 4);
  EXPECT_EQ(g->member_index, 4);
  EXPECT_EQ(g->member_threshold, 3);

  auto l = slip39::ParseShare(Mnemonic(kLong));
  ASSERT_TRUE(l.ok());
  EXPECT_EQ(l->value.size(), 32u);
  EXPECT_EQ(Str(slip39::FormatShare(*l)), kLong);
}

TEST(Slip39Share, AcceptsWhatTheReferenceAccepts) {
  const auto canonical = slip39::ParseShare(Mnemonic(kSingle));
  ASSERT_TRUE(canonical.ok());
  const std::vector<std::string> words = Words(kSingle);
  std::string upper = kSingle;
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  std::string mixed = kSingle;
  for (std::size_t i = 0; i < mixed.size(); i += 3)
    mixed[i] = static_cast<char>(std::toupper(static_cast<unsigned char>(mixed[i])));
  const std::vector<std::string> accepted = {
      upper,
      mixed,
      "  " + Join(words, "   ") + "  \n",
      Join(words, "\t"),
      Join(words, "\r\n"),
      Join(words, "\v\f\x1c\x1d\x1e\x1f"),
      Join(words, "\xC2\xA0"),          // U+00A0 NO-BREAK SPACE, as pasted from a page
      Join(words, "\xC2\x85"),          // U+0085 NEXT LINE
      Join(words, "\xE3\x80\x80"),      // U+3000 IDEOGRAPHIC SPACE
      Join(words, "\xE2\x80\x83 "),     // U+2003 EM SPACE
      Join(words, "\xE2\x80\xAF"),      // U+202F
      Join(words, "\xE2\x81\x9F"),      // U+205F
      Join(words, "\xE1\x9A\x80"),      // U+1680
      Join(words, "\xE2\x80\xA8"),      // U+2028 LINE SEPARATOR
  };
  for (const std::string& text : accepted) {
    auto s = slip39::ParseShare(Mnemonic(text));
    ASSERT_TRUE(s.ok()) << s.error().message << " for: " << text;
    EXPECT_TRUE(s->value.Equals(canonical->value));
    EXPECT_EQ(Str(slip39::FormatShare(*s)), kSingle);
  }
}

struct Refused {
  std::string text;
  std::string says;
};

TEST(Slip39Share, RefusesWithTheReason) {
  std::vector<std::string> words = Words(kSingle);
  std::vector<std::string> prefixes;
  for (const std::string& w : words) prefixes.push_back(w.substr(0, 4));
  std::vector<std::string> typo = words;
  typo[6] = "kidny";
  std::vector<std::string> kelvin = words;
  kelvin[9] = "\xE2\x84\xAA" "idney";  // Python's lower() would make this "kidney"
  std::vector<std::string> swapped = words;
  std::swap(swapped[5], swapped[6]);
  std::vector<std::string> longer = Words(kLong);
  longer.pop_back();
  const std::vector<Refused> cases = {
      {"", "the share is empty"},
      {" \n\t ", "the share is empty"},
      {Join(prefixes, " "), "word 1 of the share is not in the SLIP-39 word list"},
      {Join(typo, " "), "word 7 of the share is not in the SLIP-39 word list"},
      {Join(kelvin, " "), "word 10 of the share is not in the SLIP-39 word list"},
      {Join(words, "\xA0"), "word 1 of the share is not in"},  // a bare Latin-1 byte is no space
      {Join(words, "\xE2\x80\x8B"), "word 1 of the share"},    // U+200B is not whitespace
      {Join(words, ",") , "word 1 of the share"},
      {Join(swapped, " "), "the share has a bad checksum"},
      {Join(std::vector<std::string>(words.begin(), words.end() - 1), " "),
       "the share has 19 words; a SLIP-39 share has at least 20"},
      {Join(longer, " "), "the share has 32 words, a length no SLIP-39 share has"},
      // Refused before a word is looked up or a checksum computed.
      {Join(std::vector<std::string>(1001, "academic"), " "),
       "the share has 1001 words; tvault reads shares of at most 1000"},
      {std::string(16 * 1024 + 1, ' '), "the share is longer than any SLIP-39 share"},
  };
  for (const Refused& c : cases) {
    auto s = slip39::ParseShare(Mnemonic(c.text));
    ASSERT_FALSE(s.ok()) << c.text;
    EXPECT_EQ(s.error().code, ErrorCode::kInvalidArgument);
    EXPECT_NE(s.error().message.find(c.says), std::string::npos)
        << s.error().message << " / wanted: " << c.says;
    EXPECT_EQ(s.error().message.find("kidny"), std::string::npos) << "echoes a word";
  }
  auto at = slip39::ParseShareAt(Mnemonic(Join(typo, " ")), 2);
  ASSERT_FALSE(at.ok());
  EXPECT_EQ(at.error().message, "word 7 of share 2 is not in the SLIP-39 word list");
}

TEST(Slip39Share, EverySingleWordChangeIsCaught) {
  const std::vector<std::string> words = Words(kSingle);
  for (std::size_t pos = 0; pos < words.size(); ++pos) {
    for (std::size_t w = 0; w < slip39::kWordCount; w += 97) {  // 11 other words each
      std::vector<std::string> changed = words;
      changed[pos] = std::string(slip39::ListedWord(w));
      if (changed[pos] == words[pos]) continue;
      auto s = slip39::ParseShare(Mnemonic(Join(changed, " ")));
      ASSERT_FALSE(s.ok()) << "word " << pos + 1 << " -> " << changed[pos];
      EXPECT_NE(s.error().message.find("bad checksum"), std::string::npos) << s.error().message;
    }
  }
}

TEST(Slip39ShareSet, SaysWhatIsStillNeeded) {
  slip39::ShareSet set;
  EXPECT_EQ(set.needed().Describe(), "no share entered yet");
  const std::vector<std::string> steps = {
      "0 of 2 groups complete; group 4 needs 1 more share (1 of 2 entered); shares of 1 more "
      "group needed",
      "0 of 2 groups complete; group 3 needs 2 more shares (1 of 3 entered); group 4 needs 1 "
      "more share (1 of 2 entered)",
      "0 of 2 groups complete; group 3 needs 1 more share (2 of 3 entered); group 4 needs 1 "
      "more share (1 of 2 entered)",
      "1 of 2 groups complete; group 4 needs 1 more share (1 of 2 entered)",
      "enough shares entered to recover",
  };
  for (std::size_t i = 0; i < kGroups.size(); ++i) {
    MustOk(set.Add(Mnemonic(kGroups[i])));
    EXPECT_EQ(set.needed().Describe(), steps[i]);
  }
  const slip39::Needed n = set.needed();
  EXPECT_EQ(n.group_threshold, 2);
  EXPECT_EQ(n.group_count, 4);
  EXPECT_EQ(n.groups_complete, 2);
  ASSERT_EQ(n.groups.size(), 2u);
  EXPECT_EQ(n.groups[0].group, 3);
  EXPECT_EQ(n.groups[0].entered, 3);
  EXPECT_EQ(n.groups[0].threshold, 3);

  slip39::ShareSet single;
  MustOk(single.Add(Mnemonic(kTwoOfThree[0])));
  EXPECT_EQ(single.needed().Describe(), "1 of 2 shares entered; 1 more needed");
}

TEST(Slip39ShareSet, RefusalsLeaveTheSetUnchanged) {
  slip39::ShareSet set;
  MustOk(set.Add(Mnemonic(kTwoOfThree[0])));
  const std::string before = set.needed().Describe();
  struct Case {
    std::string mnemonic;
    std::string says;
  };
  const std::vector<Case> cases = {
      {kTwoOfThree[0], "share 2 repeats share 1"},
      {"  " + kTwoOfThree[0] + " ", "share 2 repeats share 1"},
      {kSingle, "share 2 comes from a different set than share 1 (their first two words differ)"},
      {kGroups[0], "share 2 comes from a different set"},
      {"duckling enlarge", "share 2 has 2 words"},
  };
  for (const Case& c : cases) {
    Status s = set.Add(Mnemonic(c.mnemonic));
    ASSERT_FALSE(s.ok());
    EXPECT_EQ(s.error().code, ErrorCode::kInvalidArgument);
    EXPECT_NE(s.error().message.find(c.says), std::string::npos) << s.error().message;
    EXPECT_EQ(set.size(), 1u);
    EXPECT_EQ(set.needed().Describe(), before);
  }
  auto early = set.Recover(Pass("TREZOR"));
  ASSERT_FALSE(early.ok());
  EXPECT_EQ(early.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_EQ(early.error().message,
            "not enough shares to recover: 1 of 2 shares entered; 1 more needed");

  MustOk(set.Add(Mnemonic(kTwoOfThree[1])));
  auto secret = set.Recover(Pass("TREZOR"));
  ASSERT_TRUE(secret.ok()) << secret.error().message;
  EXPECT_EQ(Hex(secret->reveal()), "b43ceb7e57a0ea8766221624d01b0864");
}

TEST(Slip39ShareSet, ExtraSharesAreKeptButCombineWantsExactlyTheThreshold) {
  // ShareSet takes shares beyond the thresholds and recovers from the first
  // complete groups; Combine, like the reference, wants exactly the thresholds.
  const SecretBytes secret = SecretBytes::Random(16);
  const slip39::GroupSpec layout[] = {{2, 3}, {2, 2}, {1, 1}};
  auto shares = slip39::Split(secret, Pass(""), 2, layout, 0, true);
  ASSERT_TRUE(shares.ok()) << shares.error().message;
  auto& g = *shares;
  slip39::ShareSet set;
  for (auto& m : g[0]) MustOk(set.Add(m));  // 3 of a 2-of-3 group
  MustOk(set.Add(g[2][0]));
  MustOk(set.Add(g[1][0]));  // a third group, incomplete
  ASSERT_TRUE(set.complete());
  auto got = set.Recover(Pass(""));
  ASSERT_TRUE(got.ok()) << got.error().message;
  EXPECT_TRUE(got->Equals(secret));

  std::vector<SecretBytes> extra;
  for (auto& m : g[0]) extra.push_back(SecretBytes::CopyOf(m.reveal()));
  extra.push_back(SecretBytes::CopyOf(g[2][0].reveal()));
  auto combined = slip39::Combine(extra, Pass(""));
  ASSERT_FALSE(combined.ok());
  EXPECT_EQ(combined.error().message, "3 shares of group 1 given, exactly 2 needed");
}

}  // namespace
}  // namespace tvault::testing
