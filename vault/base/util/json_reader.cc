#include "util/json_reader.h"


#include <algorithm>
#include <string_view>
#include <vector>

namespace tvault {

// Wipe() relies on simdjson 3's string buffer: at least 5/3 of the input
// plus SIMDJSON_PADDING bytes, never written past that bound (unescaped
// strings, each with a 4-byte length and a NUL, copied in blocks that may
// run up to the padding past a string's end). Another major version must be
// checked again.
static_assert(simdjson::SIMDJSON_VERSION_MAJOR == 3, "check JsonReader::Wipe's bound");

namespace {
constexpr std::size_t kTrailingSpaces = 128;
}  // namespace

const char* JsonRefusalText(JsonRefusal why) {
  switch (why) {
    case JsonRefusal::kSyntax: return "not valid UTF-8 JSON";
    case JsonRefusal::kByteOrderMark: return "starts with a byte-order mark";
    case JsonRefusal::kTooDeep: return "nested too deeply";
    case JsonRefusal::kRepeatedKey: return "an object repeats a key";
    case JsonRefusal::kTooLarge: return "too large";
    case JsonRefusal::kNumber: return "a number is malformed or out of range";
  }
  return "refused";
}

JsonReader::JsonReader(std::size_t max_depth) : max_depth_(max_depth) {}

JsonReader::~JsonReader() { Wipe(); }

void JsonReader::Wipe() {
  if (!padded_.empty()) {
    const std::size_t parsed = padded_.size() - simdjson::SIMDJSON_PADDING;
    uint8_t* strings = parser_.doc.string_buf.get();
    if (strings != nullptr) SecureWipe(strings, 5 * parsed / 3 + simdjson::SIMDJSON_PADDING);
    SecureWipe(padded_.data(), padded_.size());
    padded_.clear();  // keeps the capacity for the next parse
  }
}

std::optional<simdjson::dom::element> JsonReader::Parse(std::span<const uint8_t> bytes,
                                                        JsonRefusal& why) {
  Wipe();
  if (bytes.size() >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF) {
    why = JsonRefusal::kByteOrderMark;
    return std::nullopt;
  }
  if (bytes.size() > simdjson::SIMDJSON_MAXSIZE_BYTES) {
    why = JsonRefusal::kTooLarge;
    return std::nullopt;
  }
  // The text is followed by kTrailingSpaces spaces, then simdjson's zero
  // padding: the parser's first pass copies the last partial 64-byte block
  // to its stack and leaves the last blocks in vector registers, which later
  // code may spill. With the spaces, what is left there is spaces.
  const std::size_t parsed = bytes.size() + kTrailingSpaces;
  // Sized before the copy, so that Wipe's bound always lies inside the
  // string buffer (it is allocated for at least this capacity). simdjson's
  // own depth limit is a backstop two levels above ours (it counts the
  // document as a level and an empty container as none); Walk applies ours.
  const std::size_t backstop_depth = max_depth_ + 2;
  if (parser_.capacity() < parsed || parser_.max_depth() != backstop_depth) {
    if (parser_.allocate(std::max({parsed, parser_.capacity(), std::size_t{64}}),
                         backstop_depth) != simdjson::SUCCESS) {
      why = JsonRefusal::kTooLarge;
      return std::nullopt;
    }
  }
  padded_.assign(parsed + simdjson::SIMDJSON_PADDING, 0);
  std::copy(bytes.begin(), bytes.end(), padded_.begin());
  std::fill_n(padded_.begin() + static_cast<std::ptrdiff_t>(bytes.size()), kTrailingSpaces, ' ');

  simdjson::dom::element root;
  const simdjson::error_code err =
      parser_.parse(padded_.data(), parsed, /*realloc_if_needed=*/false).get(root);
  if (err != simdjson::SUCCESS) {
    why = err == simdjson::DEPTH_ERROR ? JsonRefusal::kTooDeep
          : err == simdjson::NUMBER_ERROR || err == simdjson::NUMBER_OUT_OF_RANGE
              ? JsonRefusal::kNumber
          : err == simdjson::CAPACITY || err == simdjson::MEMALLOC ? JsonRefusal::kTooLarge
                                                                   : JsonRefusal::kSyntax;
    return std::nullopt;
  }
  bool repeated_key = false;
  if (!Walk(root, 1, repeated_key)) {
    why = JsonRefusal::kTooDeep;
    return std::nullopt;
  }
  if (repeated_key) {
    why = JsonRefusal::kRepeatedKey;
    return std::nullopt;
  }
  return root;
}

// One pass over the tree. False when a container lies deeper than
// max_depth_ (`e` at `level`, the root at 1; an empty container counts as a
// level): depth is decided over the whole document before repeated keys, so
// the walk stops only for it. `repeated_key` is set when an object repeats a
// key. simdjson's backstop depth bounds the recursion.
bool JsonReader::Walk(simdjson::dom::element e, std::size_t level, bool& repeated_key) const {
  if (e.is_array()) {
    if (level > max_depth_) return false;
    for (simdjson::dom::element child : simdjson::dom::array(e)) {
      if (!Walk(child, level + 1, repeated_key)) return false;
    }
    return true;
  }
  if (!e.is_object()) return true;
  if (level > max_depth_) return false;
  const simdjson::dom::object object(e);
  const std::size_t n = object.size();
  if (n <= 16) {
    // The common case, and no allocation: compare every pair.
    std::string_view keys[16];
    std::size_t i = 0;
    for (const auto& kv : object) {
      for (std::size_t k = 0; k < i; ++k) {
        if (keys[k] == kv.key) repeated_key = true;
      }
      keys[i++] = kv.key;
      if (!Walk(kv.value, level + 1, repeated_key)) return false;
    }
    return true;
  }
  std::vector<std::string_view> keys;
  keys.reserve(n);
  for (const auto& kv : object) {
    keys.push_back(kv.key);
    if (!Walk(kv.value, level + 1, repeated_key)) return false;
  }
  std::sort(keys.begin(), keys.end());
  if (std::adjacent_find(keys.begin(), keys.end()) != keys.end()) repeated_key = true;
  return true;
}

}  // namespace tvault
