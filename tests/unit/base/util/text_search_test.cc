// TextSearch: Unicode full case folding (checked against ICU's published
// behaviour for the letters a lawyer's queries meet), bytes that are not
// UTF-8, the match mapped back to the original bytes, and one line of context.
#include "util/text_search.h"

#include <gtest/gtest.h>

#include <string>

namespace tvault {
namespace {

std::string Folded(std::string_view s) {
  PlainString out;
  AppendCaseFolded(s, out);
  return std::string(out.begin(), out.end());
}

std::optional<std::string> Found(std::string_view query, std::string_view text) {
  TextSearch search(query);
  TextSearch::Scratch scratch;
  auto m = search.Find(text, scratch);
  if (!m) return std::nullopt;
  return std::string(text.substr(m->begin, m->end - m->begin));
}

TEST(CaseFolding, AsciiAndNonAsciiLetters) {
  EXPECT_EQ(Folded("Hello, WORLD 42!"), "hello, world 42!");
  EXPECT_EQ(Folded("\xC3\x9Cr\xC3\xBCmqi"), "\xC3\xBCr\xC3\xBCmqi");          // Ürümqi
  EXPECT_EQ(Folded("\xD0\x9C\xD0\x9E\xD0\xA1\xD0\x9A\xD0\x92\xD0\x90"),         // МОСКВА
            "\xD0\xBC\xD0\xBE\xD1\x81\xD0\xBA\xD0\xB2\xD0\xB0");                 // москва
  EXPECT_EQ(Folded("Stra\xC3\x9F" "e"), "strasse");                            // full folding: ß
  EXPECT_EQ(Folded("\xCE\xA3\xCE\xBF\xCF\x82"), "\xCF\x83\xCE\xBF\xCF\x83");   // Σος: final sigma
  EXPECT_EQ(Folded("\xF0\x90\x90\x80"), "\xF0\x90\x90\xA8");                   // Deseret (U+10400)
  // Scripts without case pass unchanged (Uyghur in Arabic script, Chinese).
  EXPECT_EQ(Folded("\xD8\xA6\xDB\x87\xD9\x8A\xD8\xBA\xDB\x87\xD8\xB1 \xE6\x96\xB0\xE7\x96\x86"),
            "\xD8\xA6\xDB\x87\xD9\x8A\xD8\xBA\xDB\x87\xD8\xB1 \xE6\x96\xB0\xE7\x96\x86");
}

TEST(CaseFolding, BytesThatAreNotUtf8AreKept) {
  EXPECT_EQ(Folded(std::string("A\xFF" "B\xC3", 4)), std::string("a\xFF" "b\xC3", 4));
  EXPECT_EQ(Folded(std::string("\xED\xA0\x80Z", 4)), std::string("\xED\xA0\x80z", 4));  // surrogate
}

TEST(TextSearch, FindsCaseInsensitivelyAndReturnsTheOriginalBytes) {
  EXPECT_EQ(Found("\xC3\xBCr\xC3\xBCmqi", "camp near \xC3\x9Cr\xC3\xBCmqi city"),
            "\xC3\x9Cr\xC3\xBCmqi");
  EXPECT_EQ(Found("URUMQI", "camp near urumqi"), "urumqi");
  EXPECT_EQ(Found("strasse", "Hauptstra\xC3\x9F" "e 5"), "stra\xC3\x9F" "e");
  EXPECT_EQ(Found("STRASSE", "Hauptstrasse"), "strasse");
  // A query ending inside a letter's folding takes the whole letter.
  EXPECT_EQ(Found("stras", "Stra\xC3\x9F" "e"), "Stra\xC3\x9F");
  EXPECT_EQ(Found("xyz", "abc"), std::nullopt);
  EXPECT_EQ(Found("abc", ""), std::nullopt);
  EXPECT_EQ(Found("", "abc"), std::nullopt);
  EXPECT_TRUE(TextSearch("").empty());
  // Bytes that are not UTF-8 match themselves, and a query can hold them.
  EXPECT_EQ(Found(std::string("b\xFF", 2), std::string("aB\xFF" "c", 4)), std::string("B\xFF", 2));
}

TEST(TextSearch, FindsTheFirstOfManyMatches) {
  TextSearch search("two");
  TextSearch::Scratch scratch;
  const std::string text = "one TWO three two";
  auto m = search.Find(text, scratch);
  ASSERT_TRUE(m);
  EXPECT_EQ(m->begin, 4u);
  EXPECT_EQ(m->end, 7u);
  // The scratch is reused: a second text is searched on its own.
  EXPECT_FALSE(search.Find("nothing here", scratch));
  EXPECT_TRUE(search.Find("...two", scratch));
}

TEST(TextSearch, ContextIsOneLineCutAtCharacters) {
  const std::string text = "first line\nthe witness saw Guards\tat the gate\nlast line";
  TextSearch search("guards");
  TextSearch::Scratch scratch;
  auto m = search.Find(text, scratch);
  ASSERT_TRUE(m);
  PlainString c = TextSearch::Context(text, *m, 8);
  EXPECT_EQ(std::string(c.begin(), c.end()), "ess saw Guards at the ");
  PlainString whole = TextSearch::Context(text, *m, 100);
  EXPECT_EQ(std::string(whole.begin(), whole.end()), "the witness saw Guards at the gate");
  // Never cut inside a character: three two-byte letters on each side.
  const std::string cyr = "\xD0\xB0\xD0\xB1\xD0\xB2\xD0\xB3 X \xD0\xB4\xD0\xB5\xD0\xB6\xD0\xB7";
  TextSearch x("x");
  auto mx = x.Find(cyr, scratch);
  ASSERT_TRUE(mx);
  PlainString cc = TextSearch::Context(cyr, *mx, 3);
  EXPECT_EQ(std::string(cc.begin(), cc.end()), "\xD0\xB2\xD0\xB3 X \xD0\xB4\xD0\xB5");
}

std::string Key(std::string_view s) {
  PlainString k = NameKey(s);
  return std::string(k.begin(), k.end());
}

// NFKC_Casefold, checked against values from Unicode's own data: U+00C4 and
// U+0041 U+0308 (NFC and NFD of "Ä") both become U+00E4; U+FF33 (full-width
// S) becomes "s"; U+00DF (ß) becomes "ss"; U+212B (Angstrom sign) becomes
// U+00E5.
TEST(NameKey, OneKeyWhateverTheCaseCompositionOrWidth) {
  EXPECT_EQ(Key("\xC3\x84rztin"), "\xC3\xA4rztin");
  EXPECT_EQ(Key("A\xCC\x88RZTIN"), "\xC3\xA4rztin");
  EXPECT_EQ(Key("\xEF\xBC\xB3tra\xC3\x9F" "e"), "strasse");
  EXPECT_EQ(Key("\xE2\x84\xAB"), "\xC3\xA5");
  EXPECT_EQ(Key(""), "");
  EXPECT_NE(Key("Anna"), Key("Ana"));
  // Not UTF-8: the byte stays, the letters fold.
  EXPECT_EQ(Key("Caf\xE9 A"), "caf\xE9 a");
}

}  // namespace
}  // namespace tvault
