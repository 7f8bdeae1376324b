// Helpers for the SLIP-39 tests: mnemonics to and from test strings.
#ifndef TVAULT_TESTS_SLIP39_TEST_SUPPORT_H_
#define TVAULT_TESTS_SLIP39_TEST_SUPPORT_H_

#include <string>
#include <vector>

#include "vault/secret.h"

namespace tvault::testing {

inline SecretBytes Mnemonic(const std::string& text) {
  return SecretBytes::CopyOf({reinterpret_cast<const uint8_t*>(text.data()), text.size()});
}

inline std::string Str(const SecretBytes& s) {
  return std::string(reinterpret_cast<const char*>(s.reveal().data()), s.size());
}

inline std::vector<SecretBytes> Mnemonics(const std::vector<std::string>& texts) {
  std::vector<SecretBytes> out;
  for (const std::string& t : texts) out.push_back(Mnemonic(t));
  return out;
}

}  // namespace tvault::testing

#endif  // TVAULT_TESTS_SLIP39_TEST_SUPPORT_H_
