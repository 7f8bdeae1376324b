// SplitShellWords: lines typed at `tvault shell`, split as sh splits a
// simple command (checked against bash below), with nothing expanded.
#include "input/shell_words.h"

#include <gtest/gtest.h>

#include "support/cli_runner.h"

namespace tvault::cli {
namespace {

using Words = std::vector<std::string>;

Words Split(std::string_view line) {
  auto r = SplitShellWords(line);
  EXPECT_TRUE(r.ok()) << line << ": " << r.error().message;
  return r.ok() ? std::move(r).value() : Words{};
}

TEST(ShellWords, BlanksQuotesAndBackslashes) {
  EXPECT_EQ(Split("witness list"), (Words{"witness", "list"}));
  EXPECT_EQ(Split("  search\t Ürümqi  "), (Words{"search", "Ürümqi"}));
  EXPECT_EQ(Split("witness add --name 'Ayşe Kaya'"), (Words{"witness", "add", "--name", "Ayşe Kaya"}));
  EXPECT_EQ(Split(R"(a "b \"c\" \\ \d")"), (Words{"a", R"(b "c" \ \d)"}));
  EXPECT_EQ(Split(R"(a\ b 'c\d' "")"), (Words{"a b", R"(c\d)", ""}));
  EXPECT_EQ(Split("x'y'\"z\""), (Words{"xyz"}));
  EXPECT_EQ(Split("case add --title x#y # a comment"), (Words{"case", "add", "--title", "x#y"}));
  EXPECT_EQ(Split("# only a comment"), Words{});
  EXPECT_EQ(Split(""), Words{});
  EXPECT_EQ(Split("$HOME ~ * `id`"), (Words{"$HOME", "~", "*", "`id`"}));
}

TEST(ShellWords, UnclosedQuotesAndATrailingBackslashAreErrors) {
  for (std::string_view bad : {"a 'b", "a \"b", "a \"b\\\"", "a\\"}) {
    auto r = SplitShellWords(bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
  }
}

// The same lines, split by a real sh (bash), give the same words.
TEST(ShellWords, AgreeWithBash) {
  ASSERT_TRUE(testing::HaveProgram("bash"));
  for (std::string line : {"witness add --name 'Ayşe Kaya'", R"(a "b \"c\" \\ \d")",
                           R"(a\ b 'c\d' "")", "x'y'\"z\"", "case add --title x#y # c",
                           "  many   blanks\there "}) {
    // printf prints each word on a line of its own, between brackets.
    testing::RunResult r =
        testing::RunProgram({"bash", "-c", "printf '[%s]\\n' " + line});
    ASSERT_EQ(r.exit_code, 0) << line;
    std::string ours;
    for (const std::string& w : Split(line)) ours += "[" + w + "]\n";
    EXPECT_EQ(r.out, ours) << line;
  }
}

}  // namespace
}  // namespace tvault::cli
