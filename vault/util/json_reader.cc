#include "util/json_reader.h"

#include <sodium.h>

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

const char* JsonRefusalText(JsonRefusal why) {
  switch (why) {
    case JsonRefusal::kSyntax: return "not valid UTF-8 JSON";
    case JsonRefusal::kByteOrderMark: return "starts with a byte-order mark";
    case JsonRefusal::kTooDeep: return "nested too deeply";
    case JsonRefusal::kRepeatedKey: return "an object repeats a key";
    case JsonRefusal::kTooLarge: return "too large";
  }
  return "refused";
}

JsonReader::JsonReader(std::size_t max_depth) : max_depth_(max_depth) {}

JsonReader::~JsonReader() { Wipe(); }

void JsonReader::Wipe() {
  if (!padded_.empty()) {
    const std::size_t len = padded_.size() - simdjson::SIMDJSON_PADDING;
    uint8_t* strings = parser_.doc.string_buf.get();
    if (strings != nullptr) sodium_memzero(strings, 5 * len / 3 + simdjson::SIMDJSON_PADDING);
    sodium_memzero(padded_.data(), padded_.size());
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
  // Sized before the copy, so that Wipe's bound always lies inside the
  // string buffer (it is allocated for at least this capacity).
  if (parser_.capacity() < bytes.size() || parser_.max_depth() != max_depth_) {
    if (parser_.allocate(std::max({bytes.size(), parser_.capacity(), std::size_t{64}}), max_depth_) !=
        simdjson::SUCCESS) {
      why = JsonRefusal::kTooLarge;
      return std::nullopt;
    }
  }
  padded_.resize(bytes.size() + simdjson::SIMDJSON_PADDING);  // zeros after the input
  std::copy(bytes.begin(), bytes.end(), padded_.begin());

  simdjson::dom::element root;
  const simdjson::error_code err =
      parser_.parse(padded_.data(), bytes.size(), /*realloc_if_needed=*/false).get(root);
  if (err != simdjson::SUCCESS) {
    why = err == simdjson::DEPTH_ERROR ? JsonRefusal::kTooDeep
          : err == simdjson::CAPACITY || err == simdjson::MEMALLOC ? JsonRefusal::kTooLarge
                                                                   : JsonRefusal::kSyntax;
    return std::nullopt;
  }
  if (!Walk(root)) {
    why = JsonRefusal::kRepeatedKey;
    return std::nullopt;
  }
  return root;
}

// True when no object under `e` repeats a key. The parser has already
// bounded the depth, which bounds this recursion.
bool JsonReader::Walk(simdjson::dom::element e) {
  if (e.is_array()) {
    for (simdjson::dom::element child : simdjson::dom::array(e)) {
      if (!Walk(child)) return false;
    }
    return true;
  }
  if (!e.is_object()) return true;
  const simdjson::dom::object object(e);
  const std::size_t n = object.size();
  if (n <= 16) {
    // The common case, and no allocation: compare every pair.
    std::string_view keys[16];
    std::size_t i = 0;
    for (const auto& kv : object) {
      for (std::size_t j = 0; j < i; ++j) {
        if (keys[j] == kv.key) return false;
      }
      keys[i++] = kv.key;
      if (!Walk(kv.value)) return false;
    }
    return true;
  }
  std::vector<std::string_view> keys;
  keys.reserve(n);
  for (const auto& kv : object) {
    keys.push_back(kv.key);
    if (!Walk(kv.value)) return false;
  }
  std::sort(keys.begin(), keys.end());
  return std::adjacent_find(keys.begin(), keys.end()) == keys.end();
}

}  // namespace tvault
