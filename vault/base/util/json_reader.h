// Strict JSON reading for the documents tvault takes from outside (a
// bundle's manifest.json and custody excerpts), over simdjson's DOM
// (Debian's libsimdjson; upstream fuzzes it continuously in OSS-Fuzz).
// simdjson because every verify parses a manifest that grows with the
// bundle, and a DOM parser was a large share of a verify's time.
//
// What Parse accepts: exactly one JSON value (RFC 8259) in valid UTF-8,
// with
//   - no byte-order mark (simdjson refuses one; nlohmann would skip it),
//   - no object that repeats a key (simdjson keeps both; nlohmann the
//     last; a reader that keeps the first would see another document),
//   - nesting of objects and arrays at most `max_depth` deep,
//   - no lone or reversed UTF-16 surrogate in a \u escape.
// Numbers: integers from -2^63 to 2^64-1 are integers; "-0" reads as the
// unsigned 0; a fraction or an exponent makes a double; an integer beyond
// that range, or a double beyond +-1.8e308, fails the whole parse.
// Depth: the root container is level 1, and every container counts, empty
// or not.
//
// Plaintext: the reader copies the input into a buffer it wipes, and wipes
// the parser's unescaped strings (keys and values) when it is done (Wipe, the
// next Parse, or destruction). Strings read out of an element are views into
// that buffer, valid until then. Not wiped: numbers (they stay in the
// parser's tape until it is freed), and whatever simdjson's vector code
// leaves in registers and on the stack; the input is followed by 128 spaces
// so that the blocks it handles last are spaces, not text.
// Thread-safety: one reader per thread (a reader holds its parser's buffers).
#ifndef TVAULT_UTIL_JSON_READER_H_
#define TVAULT_UTIL_JSON_READER_H_

#include <simdjson.h>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

#include "vault/result.h"
#include "vault/secret.h"

namespace tvault {

enum class JsonRefusal {
  kSyntax,          // not one valid UTF-8 JSON value
  kByteOrderMark,   // starts with EF BB BF
  kTooDeep,         // nesting deeper than max_depth
  kRepeatedKey,     // an object repeats a key
  kTooLarge,        // more than the parser can hold (4 GiB)
  kNumber,          // a number malformed (01, 1.) or out of range (2^64, 1e400)
};

// A short English reason for a refusal, without any input bytes.
const char* JsonRefusalText(JsonRefusal why);

class JsonReader {
 public:
  explicit JsonReader(std::size_t max_depth);
  ~JsonReader();
  JsonReader(const JsonReader&) = delete;
  JsonReader& operator=(const JsonReader&) = delete;

  // Parses `bytes`. The element (and every view taken from it) is valid
  // until the next Parse, Wipe or the reader's destruction. On a refusal,
  // `why` says which rule failed.
  std::optional<simdjson::dom::element> Parse(std::span<const uint8_t> bytes, JsonRefusal& why);

  // Wipes the copy of the input and the parser's string buffer.
  void Wipe();

 private:
  bool Walk(simdjson::dom::element e, std::size_t level, bool& repeated_key) const;

  std::size_t max_depth_;
  simdjson::dom::parser parser_;
  PlainBytes padded_;  // the input, 128 spaces, SIMDJSON_PADDING zeros
};

}  // namespace tvault

#endif  // TVAULT_UTIL_JSON_READER_H_
