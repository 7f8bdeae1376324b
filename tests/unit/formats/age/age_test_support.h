// Helpers for the age tests: running the real age tools, encrypting and
// decrypting through our API, and forging files with chosen chunk layouts.
#ifndef TVAULT_TESTS_BUNDLE_AGE_TEST_SUPPORT_H_
#define TVAULT_TESTS_BUNDLE_AGE_TEST_SUPPORT_H_

#include <filesystem>
#include <string>
#include <vector>

#include "age/age.h"
#include "support/test_support.h"

namespace tvault::testing {

inline constexpr const char* kAgeBin = "/usr/bin/age";
inline constexpr const char* kAgeKeygenBin = "/usr/bin/age-keygen";
bool HaveAgeTools();

struct ToolRun {
  int exit_code = -1;
  std::vector<uint8_t> out;  // standard output
  std::string err;           // standard error
};
// Runs argv[0] with the arguments, standard input from /dev/null, capturing
// both outputs through files in `scratch`.
ToolRun RunTool(const std::vector<std::string>& argv, const std::filesystem::path& scratch);

// A deterministic plaintext of `n` bytes (varies with `seed`).
std::vector<uint8_t> TestPlaintext(std::size_t n, uint32_t seed = 1);

std::vector<uint8_t> AgeEncryptOurs(std::span<const age::X25519Public> recipients,
                                    std::span<const uint8_t> plaintext,
                                    std::size_t write_size = 1 << 20);

struct AgeOutcome {
  bool ok = false;
  age::Failure failure = age::Failure::kNone;
  ErrorCode code = ErrorCode::kInternal;
  std::string message;
  std::vector<uint8_t> plaintext;  // everything released, even if a later chunk failed
};
// Decrypts with our Decryptor, reading `read_size` bytes per call.
AgeOutcome AgeDecryptOurs(std::span<const uint8_t> file, const std::vector<SecretBytes>& identities,
                          std::size_t read_size = 4096);

// Writes the identity as an age identity file and returns its path.
std::filesystem::path WriteIdentityFile(const std::filesystem::path& dir, const std::string& name,
                                        const SecretBytes& identity);

// An age file to `recipient` whose payload chunks are given explicitly: each
// chunk is sealed with the given counter value and final flag. Lets tests
// build files whose every tag verifies but whose structure is wrong.
struct ForgedChunk {
  std::vector<uint8_t> plaintext;
  uint64_t counter;
  bool final;
};
std::vector<uint8_t> ForgeAgeFile(const age::X25519Public& recipient,
                                  const std::vector<ForgedChunk>& chunks);

// Splits an age file into header, nonce and sealed chunks (by size only).
struct AgeParts {
  std::vector<uint8_t> header;
  std::vector<uint8_t> nonce;
  std::vector<std::vector<uint8_t>> chunks;
};
AgeParts SplitAgeFile(std::span<const uint8_t> file);
std::vector<uint8_t> JoinAgeParts(const AgeParts& parts);

}  // namespace tvault::testing

#endif  // TVAULT_TESTS_BUNDLE_AGE_TEST_SUPPORT_H_
