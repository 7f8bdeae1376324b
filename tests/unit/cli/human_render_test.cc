// human::Format and every renderer of human-readable output (cli/human/):
// whatever bytes a text field holds, what reaches the terminal holds no
// control character but the line ends, no C1 control, no bidirectional
// control and no invalid UTF-8 (issue #15, item 1).
#include <gtest/gtest.h>

#include <algorithm>
#include <random>

#include "cli/render_all.h"
#include "human/human.h"

namespace tvault::testing {
namespace {
using cli::human::Format;
using cli::human::IsTerminalSafe;
using cli::human::Text;

std::string Str(const Text& t) { return std::string(t.view()); }

TEST(HumanFormat, EscapesStringsOnceAndWritesNumbers) {
  EXPECT_EQ(Str(Format("{}: {} v{}", std::string("T-1"), PlainString("a\x1b[2Jb"), 3u)),
            "T-1: a\\u{001B}[2Jb v3");
  const Text inner = Format("x\ny{}", "\x07");
  EXPECT_EQ(Str(Format("[{}]", inner)), "[x\ny\\u{0007}]");  // a Text is not escaped again
  EXPECT_EQ(Str(Format("{}", "back\\slash")), "back\\\\slash");
  EXPECT_EQ(Str(Format("{}{}", int64_t{-5}, std::size_t{7})), "-57");
  EXPECT_EQ(Str(cli::human::Join(std::vector<std::string>{"a", "b\r"}, ", ")), "a, b\\u{000D}");
}

TEST(HumanFormat, IsTerminalSafeIsTheCheckTheOutputIsHeldTo) {
  EXPECT_TRUE(IsTerminalSafe("plain\nt\xc3\xa9moin \xd8\xb4\xd8\xa7\xd9\x87\xd8\xaf"));
  for (const std::string& bad : std::vector<std::string>{
           "\x1b", "\r", "\t", std::string(1, '\0'), "\x7f", "\xc2\x9b", "\xe2\x80\xae", "\xe2\x81\xa6",
        "\xd8\x9c", "\xe2\x80\x8f", "\xe2\x80\xa8", "\xff", "\xc0\xaf", "\xed\xa0\x80", "\xc3"}) {
    EXPECT_FALSE(IsTerminalSafe(bad)) << cli::human::Format("{}", bad).view();
    EXPECT_TRUE(IsTerminalSafe(Format("{}", bad).view()));
  }
}

// A byte string that favours what attacks a terminal: escape sequences, C1,
// bidi controls, line breaks, broken UTF-8, backslashes.
std::string Hostile(std::mt19937& rng) {
  static const std::vector<std::string> kPieces = {
      "\x1b]0;t\x07", "\x1b[2J", "\r", "\n", "\t", std::string(1, '\0'), "\x7f", "\xc2\x9b",
      "\xc2\x85", "\xe2\x80\xae", "\xe2\x81\xa7", "\xd8\x9c", "\xe2\x80\xa9", "\\", "\\u{001B}",
      "\xff", "\xc3", "\xe2\x80", "\xed\xa0\x80", "\xf4\x90\x80\x80", "T-FAKE00  W-FAKE0",
      "t\xc3\xa9moin", "<b>&amp;", "\"'"};
  std::string s;
  const int n = static_cast<int>(rng() % 12);
  for (int i = 0; i < n; ++i) {
    if (rng() % 3 == 0) {
      s += static_cast<char>(rng() & 0xFF);
    } else {
      s += kPieces[rng() % kPieces.size()];
    }
  }
  return s;
}

TEST(HumanRender, NoRendererLetsARawControlCharacterThrough) {
  std::mt19937 rng(15);
  for (int round = 0; round < 1000; ++round) {
    const Rendered r = RenderAll([&] { return Hostile(rng); });
    for (std::size_t i = 0; i < r.text.size(); ++i) {
      ASSERT_TRUE(IsTerminalSafe(r.text[i].view()))
          << "renderer " << i << " in round " << round << ": " << Format("{}", r.text[i].view()).view();
    }
    // One line per testimony: a newline in a title forges no row.
    const std::string_view list = r.text[0].view();
    ASSERT_EQ(static_cast<std::size_t>(std::count(list.begin(), list.end(), '\n')), r.testimonies);
    // The HTML page: nothing a browser would reorder or hide, no markup.
    const std::string_view html(r.html.data(), r.html.size());
    ASSERT_TRUE(IsTerminalSafe(html)) << round;
    // The page itself never uses <b>: one here came from a field, unescaped.
    ASSERT_EQ(html.find("<b>"), std::string_view::npos) << round;
  }
}

}  // namespace
}  // namespace tvault::testing
