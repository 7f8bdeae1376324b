// Tokenisation of a UTF-8 statement (docs/redaction-format.md, section 1):
// an optional leading whitespace run, then each maximal run of
// non-whitespace code points with the whitespace run that follows it.
// Tokens concatenate to the exact text; the empty text has none.
//
// Errors: kInvalidArgument for text that is not well-formed UTF-8 (the
// message gives the offset, never the bytes) or beyond kMaxTextBytes /
// kMaxTokens. Pure functions, thread-safe.
#ifndef TVAULT_REDACTION_TOKENIZER_H_
#define TVAULT_REDACTION_TOKENIZER_H_

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "vault/result.h"

namespace tvault::redaction {

// Whether `cp` is one of the 25 White_Space code points of section 1.
bool IsRedactionWhitespace(uint32_t cp);

// A token's bytes in the text: [offset, offset + length).
struct TokenSpan {
  std::size_t offset = 0;
  std::size_t length = 0;
  bool operator==(const TokenSpan&) const = default;
};

Result<std::vector<TokenSpan>> Tokenize(std::string_view text);

// Hands out the tokens one by one, for callers that need no vector (the
// commitment is computed in memory logarithmic in the token count). Next()
// returns false at the end; status() is then the verdict on the whole text.
class TokenCursor {
 public:
  explicit TokenCursor(std::string_view text) : text_(text) {}
  bool Next(TokenSpan& token);
  const Status& status() const { return status_; }
  uint32_t count() const { return count_; }

 private:
  // The end of the run that starts at pos_ and is of the given kind.
  bool ScanRun(bool whitespace, std::size_t& end);
  std::string_view text_;
  std::size_t pos_ = 0;
  uint32_t count_ = 0;
  Status status_;
};

// Whether `token` could be token `index` of `count` tokens of a text: not
// empty, UTF-8, a word (unless index 0, which may be whitespace alone) with
// whitespace only after it, ending with whitespace unless it is the last.
bool IsWellFormedToken(std::string_view token, uint32_t index, uint32_t count);

// Token ranges [first, end) to hide for byte ranges [begin, end) of the
// text: every token that shares a byte with a range, merged and sorted.
// kInvalidArgument for an empty range or one beyond the text.
struct ByteRange {
  std::size_t begin = 0;
  std::size_t end = 0;
};
struct TokenRange {
  uint32_t first = 0;
  uint32_t end = 0;
  bool operator==(const TokenRange&) const = default;
};
Result<std::vector<TokenRange>> TokenRangesForBytes(std::span<const TokenSpan> tokens,
                                                    std::size_t text_bytes,
                                                    std::span<const ByteRange> ranges);

}  // namespace tvault::redaction

#endif  // TVAULT_REDACTION_TOKENIZER_H_
