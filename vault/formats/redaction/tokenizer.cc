#include "redaction/tokenizer.h"

#include <algorithm>
#include <string>

#include "redaction/redaction_format.h"
#include "util/utf8.h"

namespace tvault::redaction {

bool IsRedactionWhitespace(uint32_t cp) {
  if (cp < 0x80) return (cp >= 0x09 && cp <= 0x0D) || cp == 0x20;
  return cp == 0x85 || cp == 0xA0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) ||
         cp == 0x2028 || cp == 0x2029 || cp == 0x202F || cp == 0x205F || cp == 0x3000;
}

bool TokenCursor::ScanRun(bool whitespace, std::size_t& end) {
  end = pos_;
  while (end < text_.size()) {
    uint32_t cp = 0;
    const std::size_t n = DecodeUtf8(text_, end, cp);
    if (n == 0) {
      status_ = MakeError(ErrorCode::kInvalidArgument,
                          "the text is not UTF-8 (byte " + std::to_string(end) + ")");
      return false;
    }
    if (IsRedactionWhitespace(cp) != whitespace) break;
    end += n;
  }
  return true;
}

bool TokenCursor::Next(TokenSpan& token) {
  if (!status_.ok() || pos_ == text_.size()) return false;
  if (text_.size() > kMaxTextBytes) {
    status_ = MakeError(ErrorCode::kInvalidArgument, "the text is longer than 16 MiB");
    return false;
  }
  if (count_ == kMaxTokens) {
    status_ = MakeError(ErrorCode::kInvalidArgument, "the text has more than 2^23 tokens");
    return false;
  }
  std::size_t word_end = 0, gap_end = 0;
  // Only a leading gap stands alone: everywhere else a gap ends a word.
  if (!ScanRun(false, word_end)) return false;
  const std::size_t start = pos_;
  pos_ = word_end;
  if (!ScanRun(true, gap_end)) return false;
  pos_ = gap_end;
  token = {start, gap_end - start};
  ++count_;
  return true;
}

Result<std::vector<TokenSpan>> Tokenize(std::string_view text) {
  TokenCursor cursor(text);
  std::vector<TokenSpan> tokens;
  TokenSpan t;
  while (cursor.Next(t)) tokens.push_back(t);
  if (!cursor.status().ok()) return cursor.status().error();
  return tokens;
}

bool IsWellFormedToken(std::string_view token, uint32_t index, uint32_t count) {
  if (token.empty()) return false;
  TokenCursor cursor(token);
  TokenSpan span;
  if (!cursor.Next(span) || span.length != token.size()) return false;
  uint32_t first = 0;
  if (DecodeUtf8(token, 0, first) == 0) return false;
  const bool whitespace_only = IsRedactionWhitespace(first);
  if (whitespace_only && index != 0) return false;
  if (index + 1 == count) return true;
  // Not the last token: it must end with a gap (a whitespace-only token 0
  // does). The last code point starts at the last byte that is not a
  // continuation byte (the token is UTF-8: the cursor checked it).
  std::size_t last = token.size() - 1;
  while (last > 0 && (static_cast<uint8_t>(token[last]) & 0xC0) == 0x80) --last;
  uint32_t cp = 0;
  return DecodeUtf8(token, last, cp) != 0 && IsRedactionWhitespace(cp);
}

Result<std::vector<TokenRange>> TokenRangesForBytes(std::span<const TokenSpan> tokens,
                                                    std::size_t text_bytes,
                                                    std::span<const ByteRange> ranges) {
  std::vector<TokenRange> out;
  for (const ByteRange& r : ranges) {
    if (r.begin >= r.end || r.end > text_bytes)
      return MakeError(ErrorCode::kInvalidArgument, "a byte range is empty or beyond the text");
    // The first token ending after r.begin, and the first starting at or after r.end.
    auto first =
        std::upper_bound(tokens.begin(), tokens.end(), r.begin,
                         [](std::size_t b, const TokenSpan& t) { return b < t.offset + t.length; });
    auto last = std::lower_bound(tokens.begin(), tokens.end(), r.end,
                                 [](const TokenSpan& t, std::size_t e) { return t.offset < e; });
    out.push_back({static_cast<uint32_t>(first - tokens.begin()),
                   static_cast<uint32_t>(last - tokens.begin())});
  }
  std::sort(out.begin(), out.end(),
            [](const TokenRange& a, const TokenRange& b) { return a.first < b.first; });
  std::vector<TokenRange> merged;
  for (const TokenRange& r : out) {
    if (!merged.empty() && r.first <= merged.back().end)
      merged.back().end = std::max(merged.back().end, r.end);
    else
      merged.push_back(r);
  }
  return merged;
}

}  // namespace tvault::redaction
