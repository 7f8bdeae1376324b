// Helpers shared by the unit tests: vector files, hex, temporary vaults.
#ifndef TVAULT_TESTS_TEST_SUPPORT_H_
#define TVAULT_TESTS_TEST_SUPPORT_H_

#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "vault/vault.h"

// Test files name the data directory by this macro (see TestDataDir()).
#define TVAULT_TEST_DATA_DIR (::tvault::testing::TestDataDir())

namespace tvault::testing {

// The checkout's tests/data directory. Only test_support.cc is compiled with
// its absolute path, so every other test file compiles to the same command
// line in any checkout and a compiler cache can share it between clones.
const char* TestDataDir();

// A vector file: blocks of "key = value" lines separated by blank lines;
// "#" starts a comment line. Each block is one map.
using VectorBlock = std::map<std::string, std::string>;
std::vector<VectorBlock> ReadVectorFile(const std::string& relative_to_data_dir);

std::vector<uint8_t> Unhex(const std::string& hex);
std::string Hex(std::span<const uint8_t> bytes);
std::vector<uint8_t> ReadBytes(const std::filesystem::path& p);
void WriteBytes(const std::filesystem::path& p, std::span<const uint8_t> bytes);
SecretBytes Pass(const std::string& s);
PlainString Text(const std::string& s);

// A fresh directory under the system temp dir, removed on destruction.
class ScratchDir {
 public:
  ScratchDir();
  ~ScratchDir();
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// A vault created with cheap KDF parameters (through the test-only hook).
class TempVault {
 public:
  explicit TempVault(const std::string& passphrase = "test passphrase");
  Vault Open() const;
  Result<Vault> TryOpen(const std::string& passphrase) const;
  const std::filesystem::path& dir() const { return dir_; }
  const std::string& passphrase() const { return passphrase_; }

 private:
  ScratchDir scratch_;
  std::filesystem::path dir_;
  std::string passphrase_;
};

// Unwraps a Result in a test, failing loudly with its message.
template <typename T>
T Must(Result<T> r) {
  if (!r.ok()) {
    ADD_FAILURE() << "unexpected error: " << r.error().message;
    std::abort();
  }
  return std::move(r).value();
}
inline void MustOk(const Status& s) {
  ASSERT_TRUE(s.ok()) << s.error().message;
}

}  // namespace tvault::testing

#endif  // TVAULT_TESTS_TEST_SUPPORT_H_
