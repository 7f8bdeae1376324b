// Tokenisation of docs/redaction-format.md, section 1.
#include "redaction/tokenizer.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace tvault::redaction {
namespace {

std::vector<std::string> Tokens(std::string_view text) {
  auto spans = Tokenize(text);
  EXPECT_TRUE(spans.ok()) << spans.error().message;
  std::vector<std::string> out;
  if (!spans.ok()) return out;
  for (const TokenSpan& t : *spans) out.emplace_back(text.substr(t.offset, t.length));
  return out;
}

using V = std::vector<std::string>;

TEST(RedactionTokenizer, WordsKeepTheWhitespaceAfterThem) {
  EXPECT_EQ(Tokens("I saw him.\nHe  ran"), (V{"I ", "saw ", "him.\n", "He  ", "ran"}));
}

TEST(RedactionTokenizer, LeadingWhitespaceIsATokenOfItsOwn) {
  EXPECT_EQ(Tokens(" \t a b\n"), (V{" \t ", "a ", "b\n"}));
  EXPECT_EQ(Tokens("   "), (V{"   "}));
}

TEST(RedactionTokenizer, EmptyTextHasNoTokens) { EXPECT_TRUE(Tokens("").empty()); }

TEST(RedactionTokenizer, UnicodeWhitespaceSplits) {
  // NBSP, narrow NBSP, ideographic space, line separator, NEL, em space, ogham.
  EXPECT_EQ(Tokens("M.\u00a0Dupont\u202f; \u738b\u3000\u8bf4\u2028x\u0085y\u2003z\u1680w"),
            (V{"M.\u00a0", "Dupont\u202f", "; ", "\u738b\u3000", "\u8bf4\u2028", "x\u0085",
               "y\u2003", "z\u1680", "w"}));
}

TEST(RedactionTokenizer, WhitespaceIsExactlyTheWhiteSpaceProperty) {
  const std::vector<uint32_t> listed = {0x09,   0x0A,   0x0B,   0x0C,   0x0D,   0x20,   0x85,
                                        0xA0,   0x1680, 0x2000, 0x2001, 0x2002, 0x2003, 0x2004,
                                        0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200A, 0x2028,
                                        0x2029, 0x202F, 0x205F, 0x3000};
  int count = 0;
  for (uint32_t cp = 0; cp <= 0x10FFFF; ++cp) count += IsRedactionWhitespace(cp) ? 1 : 0;
  EXPECT_EQ(count, 25);
  for (uint32_t cp : listed) EXPECT_TRUE(IsRedactionWhitespace(cp)) << cp;
  // Not whitespace here, though some libraries say so: information
  // separators (Python's isspace), zero-width space, word joiner, BOM, NUL.
  for (uint32_t cp : {0x1Cu, 0x1Du, 0x1Eu, 0x1Fu, 0x200Bu, 0x2060u, 0xFEFFu, 0x00u, 0x180Eu})
    EXPECT_FALSE(IsRedactionWhitespace(cp)) << cp;
}

TEST(RedactionTokenizer, TokensConcatenateToTheText) {
  const std::string text =
      "\n\n  Statement of W-7Q3KX\r\n\r\nOn 3\u00a0May\u3000we\tleft. \xF0\x9F\x98\x80 ";
  std::string joined;
  for (const std::string& t : Tokens(text)) joined += t;
  EXPECT_EQ(joined, text);
}

TEST(RedactionTokenizer, RefusesTextThatIsNotUtf8) {
  for (std::string bad :
       {std::string("ab \xC3"), std::string("\xC0\xAF"), std::string("x \xED\xA0\x80 y"),
        std::string("\xF4\x90\x80\x80"), std::string("ok \xFF")}) {
    auto r = Tokenize(bad);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
    EXPECT_NE(r.error().message.find("byte"), std::string::npos);
  }
}

TEST(RedactionTokenizer, RefusesTextBeyondTheLimits) {
  EXPECT_FALSE(Tokenize(std::string((16u << 20) + 1, 'a')).ok());
  // 16 MiB holds 2^23 + 1 tokens only with a leading gap: " a a ... a".
  std::string many = " ";
  for (uint32_t i = 0; i + 1 < (1u << 23); ++i) many += "a ";
  many += "a";
  ASSERT_EQ(many.size(), 16u << 20);
  auto r = Tokenize(many);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("2^23"), std::string::npos);
  many.erase(0, 1);
  EXPECT_EQ(Tokenize(many)->size(), 1u << 23);
}

TEST(RedactionTokenizer, WellFormedTokenDependsOnItsPlace) {
  EXPECT_TRUE(IsWellFormedToken("word ", 3, 5));
  EXPECT_TRUE(IsWellFormedToken("word", 4, 5));   // the last may end without a gap
  EXPECT_FALSE(IsWellFormedToken("word", 3, 5));  // the others end with one
  EXPECT_TRUE(IsWellFormedToken("  ", 0, 5));     // a leading gap
  EXPECT_FALSE(IsWellFormedToken("  ", 1, 5));
  EXPECT_FALSE(IsWellFormedToken(" word ", 0, 5));  // gap before the word
  EXPECT_FALSE(IsWellFormedToken("two words ", 1, 5));
  EXPECT_FALSE(IsWellFormedToken("", 0, 1));
  EXPECT_FALSE(IsWellFormedToken("caf\xC3 ", 1, 5));
  EXPECT_TRUE(IsWellFormedToken("\u738b\u3000", 1, 5));
}

TEST(RedactionTokenizer, ByteRangesHideEveryTokenTheyTouch) {
  const std::string text = "I saw Ahmet Yilmaz at the station.";
  auto tokens = Tokenize(text).value();
  // "met Yil" touches tokens 2 and 3; the "." touches token 6.
  const std::vector<ByteRange> ranges = {{text.size() - 1, text.size()}, {8, 15}};
  auto hidden = TokenRangesForBytes(tokens, text.size(), ranges);
  ASSERT_TRUE(hidden.ok());
  EXPECT_EQ(*hidden, (std::vector<TokenRange>{{2, 4}, {6, 7}}));
  // Overlapping and touching ranges merge.
  const std::vector<ByteRange> touching = {{2, 3}, {6, 7}, {0, 1}};
  EXPECT_EQ(TokenRangesForBytes(tokens, text.size(), touching).value(),
            (std::vector<TokenRange>{{0, 3}}));
  const std::vector<ByteRange> empty = {{4, 4}};
  EXPECT_FALSE(TokenRangesForBytes(tokens, text.size(), empty).ok());
  const std::vector<ByteRange> beyond = {{4, text.size() + 1}};
  EXPECT_FALSE(TokenRangesForBytes(tokens, text.size(), beyond).ok());
}

}  // namespace
}  // namespace tvault::redaction
