#include "support/test_support.h"

#include <fstream>
#include <random>
#include <sstream>

#include "crypto/encoding.h"
#include "vault/crypto_init.h"

namespace tvault::testing {
namespace fs = std::filesystem;

namespace {
// libsodium must be initialised before any test runs.
const bool kCryptoReady = [] { return InitCrypto(); }();

std::string Trim(const std::string& s) {
  std::size_t b = s.find_first_not_of(" \t\r");
  if (b == std::string::npos) return "";
  std::size_t e = s.find_last_not_of(" \t\r");
  return s.substr(b, e - b + 1);
}
}  // namespace

// TVAULT_SOURCE_DATA_DIR comes from tests/CMakeLists.txt, for this file only.
const char* TestDataDir() { return TVAULT_SOURCE_DATA_DIR; }

std::vector<VectorBlock> ReadVectorFile(const std::string& rel) {
  EXPECT_TRUE(kCryptoReady);
  std::ifstream in(fs::path(TVAULT_TEST_DATA_DIR) / rel);
  EXPECT_TRUE(in.good()) << "missing vector file " << rel;
  std::vector<VectorBlock> blocks;
  VectorBlock current;
  std::string line;
  while (std::getline(in, line)) {
    std::string t = Trim(line);
    if (!t.empty() && t[0] == '#') continue;
    if (t.empty()) {
      if (!current.empty()) blocks.push_back(std::move(current));
      current.clear();
      continue;
    }
    std::size_t eq = t.find('=');
    EXPECT_NE(eq, std::string::npos) << "bad line in " << rel << ": " << t;
    current[Trim(t.substr(0, eq))] = Trim(t.substr(eq + 1));
  }
  if (!current.empty()) blocks.push_back(std::move(current));
  return blocks;
}

std::vector<uint8_t> Unhex(const std::string& hex) {
  auto v = crypto::HexDecode(hex);
  EXPECT_TRUE(v.has_value()) << "bad hex: " << hex;
  return v.value_or(std::vector<uint8_t>{});
}

std::string Hex(std::span<const uint8_t> bytes) { return crypto::HexEncode(bytes); }

std::vector<uint8_t> ReadBytes(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::vector<uint8_t>((std::istreambuf_iterator<char>(in)), {});
}

void WriteBytes(const fs::path& p, std::span<const uint8_t> bytes) {
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
}

SecretBytes Pass(const std::string& s) {
  return SecretBytes::CopyOf({reinterpret_cast<const uint8_t*>(s.data()), s.size()});
}

PlainString Text(const std::string& s) { return PlainString(s.data(), s.size()); }

ScratchDir::ScratchDir() {
  EXPECT_TRUE(kCryptoReady);
  std::string tmpl = (fs::temp_directory_path() / "tvault-test-XXXXXX").string();
  EXPECT_NE(::mkdtemp(tmpl.data()), nullptr);
  path_ = tmpl;
}

ScratchDir::~ScratchDir() {
  std::error_code ec;
  fs::remove_all(path_, ec);
}

TempVault::TempVault(const std::string& passphrase)
    : dir_(scratch_.path() / "vault"), passphrase_(passphrase) {
  InitOptions options;
  options.custodian_name = Text("Test Custodian");
  // 8 MiB, 1 pass: fast enough for hundreds of unlocks.
  options.kdf = InsecureKdfParamsForTestsOnly(8 * 1024, 1);
  Status s = Vault::Init(dir_, Pass(passphrase), options);
  EXPECT_TRUE(s.ok()) << s.error().message;
}

Vault TempVault::Open() const { return Must(TryOpen(passphrase_)); }

Result<Vault> TempVault::TryOpen(const std::string& passphrase) const {
  return Vault::Open(dir_, Pass(passphrase), OpenOptions{});
}

}  // namespace tvault::testing
