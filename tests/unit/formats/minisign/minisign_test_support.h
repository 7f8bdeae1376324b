// Helpers shared by the minisign tests.
#ifndef TVAULT_TESTS_BUNDLE_MINISIGN_TEST_SUPPORT_H_
#define TVAULT_TESTS_BUNDLE_MINISIGN_TEST_SUPPORT_H_

#include <filesystem>
#include <string>
#include <string_view>

#include "minisign/minisign.h"
#include "support/test_support.h"
#include "util/byte_io.h"

namespace tvault::testing {

inline std::filesystem::path MinisignData(const std::string& name) {
  return std::filesystem::path(TVAULT_TEST_DATA_DIR) / "minisign" / name;
}

// Unhex, except that "" gives no bytes without reaching crypto::HexDecode,
// which hands libsodium a null pointer for empty input (UBSan flags it; a
// fix belongs in vault/base/crypto/encoding.cc). Drop this once that is fixed.
inline std::vector<uint8_t> HexBytes(const std::string& hex) {
  return hex.empty() ? std::vector<uint8_t>{} : Unhex(hex);
}

inline std::string ReadText(const std::filesystem::path& p) {
  std::vector<uint8_t> b = ReadBytes(p);
  return std::string(b.begin(), b.end());
}

inline minisign::Blake2b512Digest DigestOf(std::string_view message) {
  SpanSource source(AsSpan(message));
  return Must(minisign::Blake2b512Of(source));
}

// Expects `r` to have failed with `code` and a message containing `fragment`.
template <typename R>
void ExpectError(const R& r, ErrorCode code, const std::string& fragment) {
  ASSERT_FALSE(r.ok()) << "accepted; expected: " << fragment;
  EXPECT_EQ(r.error().code, code) << r.error().message;
  EXPECT_NE(r.error().message.find(fragment), std::string::npos)
      << "message \"" << r.error().message << "\" lacks \"" << fragment << "\"";
  EXPECT_EQ(r.error().message.find('\n'), std::string::npos) << "message is not one line";
}

}  // namespace tvault::testing

#endif  // TVAULT_TESTS_BUNDLE_MINISIGN_TEST_SUPPORT_H_
