#include "crypto/secretstream.h"

#include <sodium.h>

namespace tvault::crypto {
namespace {

using State = crypto_secretstream_xchacha20poly1305_state;

static_assert(kSecretStreamKeyBytes == crypto_secretstream_xchacha20poly1305_KEYBYTES);
static_assert(kSecretStreamHeaderBytes == crypto_secretstream_xchacha20poly1305_HEADERBYTES);
static_assert(kSecretStreamOverheadBytes == crypto_secretstream_xchacha20poly1305_ABYTES);
static_assert(static_cast<uint8_t>(SecretStreamTag::kMessage) ==
              crypto_secretstream_xchacha20poly1305_TAG_MESSAGE);
static_assert(static_cast<uint8_t>(SecretStreamTag::kPush) ==
              crypto_secretstream_xchacha20poly1305_TAG_PUSH);
static_assert(static_cast<uint8_t>(SecretStreamTag::kRekey) ==
              crypto_secretstream_xchacha20poly1305_TAG_REKEY);
static_assert(static_cast<uint8_t>(SecretStreamTag::kFinal) ==
              crypto_secretstream_xchacha20poly1305_TAG_FINAL);

State* AsState(SecretBytes& s) { return reinterpret_cast<State*>(s.reveal().data()); }

// libsodium reads through these pointers even for zero lengths on some
// paths; a valid address keeps sanitizers and the library happy.
const uint8_t kNothing = 0;
const uint8_t* DataOrDummy(std::span<const uint8_t> s) { return s.empty() ? &kNothing : s.data(); }

}  // namespace

Result<SecretStreamPush> SecretStreamPush::Begin(const SecretBytes& key,
                                                 SecretStreamHeader& header) {
  if (key.size() != kSecretStreamKeyBytes) {
    return MakeError(ErrorCode::kInvalidArgument, "secretstream: the key must be 32 bytes");
  }
  SecretBytes state(sizeof(State));
  crypto_secretstream_xchacha20poly1305_init_push(AsState(state), header.data(),
                                                  key.reveal().data());
  return SecretStreamPush(std::move(state));
}

Status SecretStreamPush::Push(std::span<uint8_t> sealed, std::span<const uint8_t> plaintext,
                              std::span<const uint8_t> associated_data, SecretStreamTag tag) {
  if (sealed.size() != plaintext.size() + kSecretStreamOverheadBytes) {
    return MakeError(ErrorCode::kInvalidArgument, "secretstream: wrong sealed buffer size");
  }
  unsigned long long sealed_len = 0;
  crypto_secretstream_xchacha20poly1305_push(
      AsState(state_), sealed.data(), &sealed_len, DataOrDummy(plaintext), plaintext.size(),
      DataOrDummy(associated_data), associated_data.size(), static_cast<uint8_t>(tag));
  return OkStatus();
}

Result<SecretStreamPull> SecretStreamPull::Begin(const SecretBytes& key,
                                                 std::span<const uint8_t> header) {
  if (key.size() != kSecretStreamKeyBytes || header.size() != kSecretStreamHeaderBytes) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "secretstream: the key must be 32 bytes and the header 24");
  }
  SecretBytes state(sizeof(State));
  if (crypto_secretstream_xchacha20poly1305_init_pull(AsState(state), header.data(),
                                                      key.reveal().data()) != 0) {
    return MakeError(ErrorCode::kIntegrity, "secretstream: unusable stream header");
  }
  return SecretStreamPull(std::move(state));
}

Result<SecretStreamTag> SecretStreamPull::Pull(std::span<uint8_t> plaintext,
                                               std::span<const uint8_t> sealed,
                                               std::span<const uint8_t> associated_data) {
  auto fail = [&]() -> Error {
    failed_ = true;
    if (!plaintext.empty()) sodium_memzero(plaintext.data(), plaintext.size());
    return MakeError(ErrorCode::kIntegrity, "secretstream: chunk does not verify");
  };
  if (failed_ || sealed.size() < kSecretStreamOverheadBytes ||
      plaintext.size() != sealed.size() - kSecretStreamOverheadBytes) {
    return fail();
  }
  // libsodium verifies the MAC before it decrypts anything into `plaintext`;
  // the wipe in fail() keeps "nothing unverified" true whatever the version.
  unsigned long long plaintext_len = 0;
  unsigned char tag = 0;
  uint8_t dummy_out = 0;
  if (crypto_secretstream_xchacha20poly1305_pull(
          AsState(state_), plaintext.empty() ? &dummy_out : plaintext.data(), &plaintext_len,
          &tag, sealed.data(), sealed.size(), DataOrDummy(associated_data),
          associated_data.size()) != 0 ||
      plaintext_len != plaintext.size()) {
    return fail();
  }
  return static_cast<SecretStreamTag>(tag);
}

}  // namespace tvault::crypto
