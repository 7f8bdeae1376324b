// human::Table and DisplayWidth: columns aligned by what a terminal shows.
#include <gtest/gtest.h>

#include "human/table.h"
#include "vault/text.h"

namespace tvault::cli::human {
namespace {

TEST(HumanTable, DisplayWidthCountsColumnsNotBytes) {
  EXPECT_EQ(DisplayWidth(""), 0u);
  EXPECT_EQ(DisplayWidth("abc"), 3u);
  EXPECT_EQ(DisplayWidth("Ürümqi"), 6u);       // precomposed: 2 bytes each
  EXPECT_EQ(DisplayWidth("U\xCC\x88rumqi"), 6u);  // U + combining diaeresis
  EXPECT_EQ(DisplayWidth("证词"), 4u);           // wide: 3 bytes, 2 columns each
  EXPECT_EQ(DisplayWidth("\\x1b[31m"), 8u);     // an escaped ESC is its visible text
}

TEST(HumanTable, PadsEachColumnToItsWidestCell) {
  Text t = Table({Format("ID"), Format("NAME"), Format("N")},
                 {{Format("W-1"), Format("{}", "证词"), Format("1")},
                  {Format("W-22"), Format("{}", "ab"), Format("10")}});
  EXPECT_EQ(t.view(),
            "ID    NAME  N\n"
            "W-1   证词  1\n"
            "W-22  ab    10\n");
  EXPECT_TRUE(IsTerminalSafe(t.view()));
}

TEST(HumanTable, EscapedTextIsMeasuredAsShown) {
  Text t = Table({Format("A"), Format("B")},
                 {{Format("{}", "x\x1b"), Format("1")}, {Format("y"), Format("2")}});
  // The ESC is shown as its visible escape, and measured as such.
  const std::string shown = "x" + EscapeUntrusted("\x1b");
  const std::string pad(shown.size() - 1, ' ');
  EXPECT_EQ(t.view(), "A" + pad + "  B\n" + shown + "  1\ny" + pad + "  2\n");
}

}  // namespace
}  // namespace tvault::cli::human
