// Helpers shared by the audit tests: fixture text and Go's signer keys.
#ifndef TVAULT_TESTS_AUDIT_TEST_SUPPORT_H_
#define TVAULT_TESTS_AUDIT_TEST_SUPPORT_H_

#include <string>

#include "audit/checkpoint.h"
#include "crypto/encoding.h"
#include "support/test_support.h"
#include "util/byte_io.h"

namespace tvault::testing {

// A file under tests/data as bytes in a string.
inline std::string ReadDataText(const std::string& relative_to_data_dir) {
  std::vector<uint8_t> b =
      ReadBytes(std::filesystem::path(TVAULT_TEST_DATA_DIR) / relative_to_data_dir);
  EXPECT_FALSE(b.empty()) << "missing or empty " << relative_to_data_dir;
  return std::string(b.begin(), b.end());
}

inline std::string FirstLine(const std::string& s) { return s.substr(0, s.find('\n')); }

// Go's signer key "PRIVATE+KEY+<name>+<id>+base64(0x01 || seed)" as the
// 64-byte secret key libsodium signs with, seed || public key. The public
// half is not derivable without libsodium's seed function, so the caller
// supplies it; SignNote refuses a key whose halves do not match.
inline SecretBytes SecretKeyFromGoSignerKey(const std::string& skey,
                                            const crypto::Ed25519PublicKey& public_key) {
  // The base64 may itself hold '+': it starts after the fourth one.
  EXPECT_TRUE(skey.starts_with("PRIVATE+KEY+")) << skey;
  std::size_t pos = 0;
  for (int i = 0; i < 4; ++i) {
    pos = skey.find('+', pos);
    if (pos == std::string::npos) {
      ADD_FAILURE() << "not a Go signer key: " << skey;
      return SecretBytes(crypto::kEd25519SecretBytes);
    }
    ++pos;
  }
  auto typed_seed = crypto::Base64Decode(skey.substr(pos), crypto::Base64Variant::kPadded);
  EXPECT_TRUE(typed_seed && typed_seed->size() == 33 && (*typed_seed)[0] == 0x01) << skey;
  SecretBytes sk(crypto::kEd25519SecretBytes);
  if (!typed_seed || typed_seed->size() != 33) return sk;
  std::copy(typed_seed->begin() + 1, typed_seed->end(), sk.reveal().begin());
  std::copy(public_key.begin(), public_key.end(), sk.reveal().begin() + 32);
  SecureWipe(typed_seed->data(), typed_seed->size());
  return sk;
}

}  // namespace tvault::testing

#endif  // TVAULT_TESTS_AUDIT_TEST_SUPPORT_H_
