// Fuzzes JsonReader (vault/base/util/json_reader.h), which reads every JSON
// document tvault takes from outside (manifest.json, custody excerpts),
// differentially against nlohmann.
// Properties:
//  * never crashes (simdjson reads the padded copy only);
//  * what it accepts has no repeated key, and nlohmann accepts the same
//    text (strictly: no comments, no byte-order mark) and reads the same
//    value;
//  * a byte-order mark, or nesting deeper than the cap by nlohmann's count,
//    is always refused;
//  * reusing the reader does not change its verdict.
#include <cstdint>
#include <cstdlib>

#include <nlohmann/json.hpp>

#include "../unit/base/util/simdjson_to_nlohmann.h"
#include "util/json_reader.h"

namespace {

constexpr std::size_t kDepth = 8;

// Deepest nesting nlohmann sees in a text it accepted.
std::size_t Depth(const nlohmann::json& j) {
  std::size_t deepest = 0;
  if (j.is_structured()) {
    for (const auto& child : j) deepest = std::max(deepest, Depth(child));
    return deepest + 1;
  }
  return 0;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace tvault;
  static JsonReader reused(kDepth);
  JsonReader fresh(kDepth);
  JsonRefusal why_fresh = JsonRefusal::kSyntax, why_reused = JsonRefusal::kSyntax;
  auto a = fresh.Parse({data, size}, why_fresh);
  auto b = reused.Parse({data, size}, why_reused);
  if (a.has_value() != b.has_value() || (!a && why_fresh != why_reused)) std::abort();

  const bool bom = size >= 3 && data[0] == 0xEF && data[1] == 0xBB && data[2] == 0xBF;
  nlohmann::json theirs =
      nlohmann::json::parse(data, data + size, nullptr, /*allow_exceptions=*/false);
  if (!a) {
    if (bom && why_fresh != JsonRefusal::kByteOrderMark) std::abort();
    return 0;
  }
  if (bom || theirs.is_discarded()) std::abort();  // accepted what nlohmann refuses
  if (Depth(theirs) > kDepth) std::abort();
  bool repeated_key = false;
  const nlohmann::json ours = testing::ToNlohmann(*a, repeated_key);
  if (repeated_key || ours != theirs) std::abort();
  return 0;
}
