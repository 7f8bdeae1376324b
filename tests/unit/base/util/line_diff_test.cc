// DiffLines (vault/line_diff.h): the example of Myers' paper, the edge
// cases, and against a reference: for random texts the script rebuilds both
// texts and is as short as n + m - 2 * LCS, the LCS computed by dynamic
// programming here.
#include "vault/line_diff.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

namespace tvault {
namespace {

std::string Script(const std::vector<DiffLine>& diff) {
  std::string s;
  for (const DiffLine& l : diff) {
    s += l.change == LineChange::kSame ? ' ' : l.change == LineChange::kRemoved ? '-' : '+';
    s += l.text;
    s += '\n';
  }
  return s;
}

std::vector<DiffLine> Diff(std::string_view a, std::string_view b) {
  Result<std::vector<DiffLine>> r = DiffLines(a, b);
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
  return r.ok() ? std::move(r).value() : std::vector<DiffLine>{};
}

std::string Joined(const std::vector<DiffLine>& diff, LineChange left_out) {
  std::string s;
  for (const DiffLine& l : diff) {
    if (l.change == left_out) continue;
    s += l.text;
    s += '\n';
  }
  return s;
}

std::size_t Changes(const std::vector<DiffLine>& diff) {
  std::size_t n = 0;
  for (const DiffLine& l : diff) n += l.change != LineChange::kSame;
  return n;
}

std::size_t Lcs(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  std::vector<std::vector<std::size_t>> t(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
  for (std::size_t i = 1; i <= a.size(); ++i) {
    for (std::size_t j = 1; j <= b.size(); ++j) {
      t[i][j] = a[i - 1] == b[j - 1] ? t[i - 1][j - 1] + 1 : std::max(t[i - 1][j], t[i][j - 1]);
    }
  }
  return t[a.size()][b.size()];
}

// Myers 1986, figure 1: A = ABCABBA, B = CBABAC, D = 5.
TEST(LineDiff, TheExampleOfThePaper) {
  const auto diff = Diff("A\nB\nC\nA\nB\nB\nA\n", "C\nB\nA\nB\nA\nC\n");
  EXPECT_EQ(Changes(diff), 5u);
  EXPECT_EQ(Joined(diff, LineChange::kAdded), "A\nB\nC\nA\nB\nB\nA\n");
  EXPECT_EQ(Joined(diff, LineChange::kRemoved), "C\nB\nA\nB\nA\nC\n");
}

TEST(LineDiff, EdgeCases) {
  EXPECT_EQ(Script(Diff("", "")), "");
  EXPECT_EQ(Script(Diff("", "a\n")), "+a\n");
  EXPECT_EQ(Script(Diff("a\n", "")), "-a\n");
  EXPECT_EQ(Script(Diff("a\nb\n", "a\nb\n")), " a\n b\n");
  // A last line without '\n' is a line; a "\r" stays in its line.
  EXPECT_EQ(Script(Diff("a", "a\n")), " a\n");
  EXPECT_EQ(Script(Diff("a\r\nb\n", "a\nb\n")), "-a\r\n+a\n b\n");
  // Empty lines are lines.
  EXPECT_EQ(Script(Diff("a\n\nb\n", "a\nb\n")), " a\n-\n b\n");
}

TEST(LineDiff, AReplacedLineReadsRemovedThenAdded) {
  EXPECT_EQ(Script(Diff("They came on 2 May.\nI saw it.\nHe is gone.\n",
                        "They came on 3 May.\nWe saw it.\nHe is gone.\n")),
            "-They came on 2 May.\n-I saw it.\n+They came on 3 May.\n+We saw it.\n He is gone.\n");
  EXPECT_EQ(Script(Diff("x\na\ny\n", "x\nb\nc\ny\n")), " x\n-a\n+b\n+c\n y\n");
}

TEST(LineDiff, PointsIntoTheTextsWithoutCopying) {
  const std::string before = "one\ntwo\n";
  const std::string after = "one\nthree\n";
  const auto diff = Diff(before, after);
  ASSERT_EQ(diff.size(), 3u);
  EXPECT_EQ(diff[0].text.data(), after.data());
  EXPECT_EQ(diff[1].text.data(), before.data() + 4);
  EXPECT_EQ(diff[2].text.data(), after.data() + 4);
}

TEST(LineDiff, ShortestScriptOnRandomTexts) {
  std::mt19937 rng(20261207);
  for (int round = 0; round < 400; ++round) {
    auto text = [&](std::vector<std::string>& lines) {
      std::string s;
      const int n = static_cast<int>(rng() % 14);
      for (int i = 0; i < n; ++i) {
        lines.push_back(std::string(1, static_cast<char>('a' + rng() % 4)));
        s += lines.back() + "\n";
      }
      return s;
    };
    std::vector<std::string> la, lb;
    const std::string a = text(la);
    const std::string b = text(lb);
    const auto diff = Diff(a, b);
    ASSERT_EQ(Joined(diff, LineChange::kAdded), a) << a << "|" << b;
    ASSERT_EQ(Joined(diff, LineChange::kRemoved), b) << a << "|" << b;
    ASSERT_EQ(Changes(diff), la.size() + lb.size() - 2 * Lcs(la, lb)) << a << "|" << b;
  }
}

TEST(LineDiff, TooManyChangedLinesAreRefused) {
  std::string a, b;
  for (std::size_t i = 0; i < kMaxDiffChanges / 2 + 1; ++i) {
    a += "a" + std::to_string(i) + "\n";
    b += "b" + std::to_string(i) + "\n";
  }
  Result<std::vector<DiffLine>> r = DiffLines(a, b);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_NE(r.error().message.find("more than 1000 lines"), std::string::npos);
  // Just within the bound, with many lines the same around the change.
  std::string same;
  for (int i = 0; i < 5000; ++i) same += "same " + std::to_string(i) + "\n";
  a.pop_back();  // drop one changed pair: 1000 changes
  a = same + a.substr(0, a.rfind('\n') + 1) + same;
  b = same + b.substr(0, b.rfind('\n', b.size() - 2) + 1) + same;
  Result<std::vector<DiffLine>> within = DiffLines(a, b);
  ASSERT_TRUE(within.ok()) << within.error().message;
  EXPECT_EQ(Changes(*within), kMaxDiffChanges);
}

}  // namespace
}  // namespace tvault
