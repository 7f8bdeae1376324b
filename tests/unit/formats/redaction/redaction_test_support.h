// The known answers of tests/data/redaction/vectors.txt (written by
// make_vectors.py from the spec with Python's hashlib), parsed for the
// redaction tests.
#ifndef TVAULT_TESTS_REDACTION_TEST_SUPPORT_H_
#define TVAULT_TESTS_REDACTION_TEST_SUPPORT_H_

#include <string>
#include <vector>

#include "redaction/redaction_proof.h"
#include "support/test_support.h"

namespace tvault::testing {

// crypto::HexDecode("") hands a null pointer to libsodium; empty fields are
// spelled out instead.
inline std::vector<uint8_t> UnhexOrEmpty(const std::string& hex) {
  return hex.empty() ? std::vector<uint8_t>{} : Unhex(hex);
}

inline std::string AsString(std::span<const uint8_t> b) {
  return {reinterpret_cast<const char*>(b.data()), b.size()};
}

inline redaction::Hash ToRedactionHash(const std::string& hex) {
  redaction::Hash h{};
  const auto bytes = UnhexOrEmpty(hex);
  EXPECT_EQ(bytes.size(), h.size()) << hex;
  std::copy_n(bytes.begin(), std::min(bytes.size(), h.size()), h.begin());
  return h;
}

struct RedactionVector {
  std::string name;
  std::vector<uint8_t> secret;
  std::string text;
  std::vector<redaction::TokenRange> hidden;
  uint32_t tokens = 0;
  std::string salt0, salt1, leaf0, root, commitment;
  std::vector<uint8_t> proof;
  std::string redacted;

  SecretBytes Secret() const { return SecretBytes::CopyOf(secret); }
};

inline std::vector<redaction::TokenRange> ParseRanges(const std::string& s) {
  std::vector<redaction::TokenRange> out;
  if (s == "-") return out;
  std::size_t pos = 0;
  while (pos < s.size()) {
    std::size_t comma = s.find(',', pos);
    if (comma == std::string::npos) comma = s.size();
    const std::string part = s.substr(pos, comma - pos);
    const std::size_t dash = part.find('-');
    out.push_back({static_cast<uint32_t>(std::stoul(part.substr(0, dash))),
                   static_cast<uint32_t>(std::stoul(part.substr(dash + 1)))});
    pos = comma + 1;
  }
  return out;
}

inline std::vector<RedactionVector> RedactionVectors() {
  std::vector<RedactionVector> out;
  for (auto& b : ReadVectorFile("redaction/vectors.txt")) {
    RedactionVector v;
    v.name = b["name"];
    v.secret = Unhex(b["secret"]);
    v.text = AsString(UnhexOrEmpty(b["text"]));
    v.hidden = ParseRanges(b["hidden"]);
    v.tokens = static_cast<uint32_t>(std::stoul(b["tokens"]));
    v.salt0 = b["salt0"];
    v.salt1 = b["salt1"];
    v.leaf0 = b["leaf0"];
    v.root = b["root"];
    v.commitment = b["commitment"];
    v.proof = Unhex(b["proof"]);
    v.redacted = AsString(UnhexOrEmpty(b["redacted"]));
    out.push_back(std::move(v));
  }
  EXPECT_EQ(out.size(), 10u);
  return out;
}

inline const RedactionVector& VectorNamed(const std::vector<RedactionVector>& all,
                                          const std::string& name) {
  for (const auto& v : all)
    if (v.name == name) return v;
  ADD_FAILURE() << "no vector " << name;
  std::abort();
}

}  // namespace tvault::testing

#endif  // TVAULT_TESTS_REDACTION_TEST_SUPPORT_H_
