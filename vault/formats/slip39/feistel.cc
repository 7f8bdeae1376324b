#include "slip39/feistel.h"

#include <cstring>
#include <utility>

#include "crypto/pbkdf2.h"

namespace tvault::slip39 {
namespace {

constexpr uint32_t kBaseIterationsPerRound = 2500;  // 10000 over 4 rounds
constexpr uint8_t kRounds = 4;
constexpr char kSaltPrefix[] = "shamir";
constexpr std::size_t kSaltPrefixBytes = sizeof kSaltPrefix - 1;

// The parts of a round's inputs that do not change between rounds.
struct RoundKeys {
  SecretBytes password;  // round number || passphrase
  std::size_t prefix_bytes = 0;
  SecretBytes salt;  // salt_prefix || room for R
};

RoundKeys MakeRoundKeys(const SecretBytes& passphrase, const CipherParams& params,
                        std::size_t half) {
  RoundKeys k{SecretBytes(1 + passphrase.size()), 0, {}};
  if (!passphrase.empty())
    std::memcpy(k.password.reveal().data() + 1, passphrase.reveal().data(), passphrase.size());
  k.prefix_bytes = params.extendable ? 0 : kSaltPrefixBytes + 2;
  k.salt = SecretBytes(k.prefix_bytes + half);
  if (!params.extendable) {
    auto s = k.salt.reveal();
    std::memcpy(s.data(), kSaltPrefix, kSaltPrefixBytes);
    s[kSaltPrefixBytes] = static_cast<uint8_t>(params.identifier >> 8);
    s[kSaltPrefixBytes + 1] = static_cast<uint8_t>(params.identifier);
  }
  return k;
}

// (L, R) -> (R, L xor F(i, R)) for each round in `order`; returns R || L.
Result<SecretBytes> RunFeistel(const SecretBytes& input, const SecretBytes& passphrase,
                               const CipherParams& params, const uint8_t (&order)[kRounds]) {
  const std::size_t half = input.size() / 2;
  SecretBytes left = SecretBytes::CopyOf(input.reveal().first(half));
  SecretBytes right = SecretBytes::CopyOf(input.reveal().subspan(half));
  RoundKeys keys = MakeRoundKeys(passphrase, params, half);
  const uint32_t iterations = kBaseIterationsPerRound << params.iteration_exponent;
  for (uint8_t round : order) {
    keys.password.reveal()[0] = round;
    std::memcpy(keys.salt.reveal().data() + keys.prefix_bytes, right.reveal().data(), half);
    TVAULT_ASSIGN_OR_RETURN(SecretBytes f, crypto::Pbkdf2HmacSha256(keys.password.reveal(),
                                                                    keys.salt.reveal(),
                                                                    iterations, half));
    auto l = left.reveal();
    auto fb = f.reveal();
    for (std::size_t k = 0; k < half; ++k) l[k] ^= fb[k];
    std::swap(left, right);
  }
  SecretBytes out(input.size());
  std::memcpy(out.reveal().data(), right.reveal().data(), half);
  std::memcpy(out.reveal().data() + half, left.reveal().data(), half);
  return out;
}

}  // namespace

Result<SecretBytes> EncryptMasterSecret(const SecretBytes& master_secret,
                                        const SecretBytes& passphrase, const CipherParams& params) {
  static constexpr uint8_t kOrder[kRounds] = {0, 1, 2, 3};
  return RunFeistel(master_secret, passphrase, params, kOrder);
}

Result<SecretBytes> DecryptMasterSecret(const SecretBytes& encrypted,
                                        const SecretBytes& passphrase, const CipherParams& params) {
  static constexpr uint8_t kOrder[kRounds] = {3, 2, 1, 0};
  return RunFeistel(encrypted, passphrase, params, kOrder);
}

}  // namespace tvault::slip39
