// Fuzzes the age Decryptor (vault/formats/age/age.h) with a fixed test identity.
//
// Mode 1 (any input): the bytes are an age file. Property: never crashes,
// never reads out of bounds, and Read returns 0 only after success.
//
// Mode 2 (input starting with 0xF0): the bytes are a recipe for a payload
// whose every chunk is properly sealed (chosen lengths, counters and final
// flags), so the fuzzer reaches the STREAM logic behind the tags. Property:
// the Decryptor accepts exactly the well-formed layouts (counters 0..n-1,
// only the last chunk final, every other chunk full, the last non-empty
// unless it is the only one) and then returns exactly the plaintext.
#include <cstdint>
#include <cstdlib>
#include <vector>

#include "age/age.h"
#include "crypto/chacha20poly1305.h"
#include "crypto/random.h"
#include "vault/crypto_init.h"

namespace {
using namespace tvault;
namespace in = tvault::age::internal;

const std::vector<SecretBytes>& Identities() {
  static const std::vector<SecretBytes> ids = [] {
    if (!InitCrypto()) std::abort();
    std::vector<SecretBytes> v;
    std::vector<uint8_t> scalar(32);
    for (std::size_t i = 0; i < scalar.size(); ++i) scalar[i] = static_cast<uint8_t>(i + 1);
    v.push_back(SecretBytes::CopyOf(scalar));
    return v;
  }();
  return ids;
}

// Decrypts everything; returns whether it succeeded and what was released.
bool DecryptAll(std::span<const uint8_t> file, std::size_t read_size, std::vector<uint8_t>& out) {
  SpanSource source(file);
  age::Failure failure = age::Failure::kNone;
  auto dec = age::Decryptor::Begin(source, Identities(), &failure);
  if (!dec.ok()) {
    if (failure == age::Failure::kNone) std::abort();
    return false;
  }
  std::vector<uint8_t> buf(read_size);
  for (;;) {
    auto n = dec->Read(buf);
    if (!n.ok()) {
      if (dec->failure() == age::Failure::kNone) std::abort();
      if (dec->Read(buf).ok()) std::abort();  // errors are sticky
      return false;
    }
    if (*n == 0) return true;
    if (*n > buf.size()) std::abort();
    out.insert(out.end(), buf.begin(), buf.begin() + static_cast<std::ptrdiff_t>(*n));
  }
}

struct Chunk {
  std::size_t length;
  uint64_t counter;
  bool final;
};

void ForgeMode(std::span<const uint8_t> recipe) {
  static constexpr std::size_t kLengths[] = {0, 1, 100, in::kChunkBytes - 1, in::kChunkBytes};
  std::vector<Chunk> chunks;
  for (std::size_t i = 0; i + 1 < recipe.size() && chunks.size() < 5; i += 2) {
    uint8_t a = recipe[i], b = recipe[i + 1];
    std::size_t index = chunks.size();
    chunks.push_back({kLengths[a % 5], static_cast<uint64_t>(index) + (b % 3) - (b % 3 == 2 ? 3 : 0),
                      ((a >> 4) & 1) != 0});
  }
  // The spec's verdict on this layout.
  bool valid = !chunks.empty();
  for (std::size_t i = 0; i < chunks.size(); ++i) {
    const bool last = i + 1 == chunks.size();
    valid = valid && chunks[i].counter == i && chunks[i].final == last;
    valid = valid && (last ? (chunks[i].length > 0 || chunks.size() == 1)
                           : chunks[i].length == in::kChunkBytes);
  }

  SecretBytes file_key = SecretBytes::Random(in::kFileKeyBytes);
  auto stanza = in::WrapX25519(file_key, age::RecipientOf(Identities()[0]));
  if (!stanza.ok()) std::abort();
  in::Header header{{std::move(stanza).value()}, {}};
  header.mac = in::HeaderMac(file_key, in::SerializeHeaderWithoutMac(header.stanzas));
  std::vector<uint8_t> file = in::SerializeHeader(header);
  std::array<uint8_t, in::kPayloadNonceBytes> nonce{};
  crypto::RandomBytes(nonce);
  file.insert(file.end(), nonce.begin(), nonce.end());
  SecretBytes payload_key = in::PayloadKey(file_key, nonce);
  std::vector<uint8_t> plaintext;
  for (const Chunk& c : chunks) {
    std::vector<uint8_t> p(c.length);
    for (std::size_t i = 0; i < p.size(); ++i) p[i] = static_cast<uint8_t>(i * 31 + c.counter);
    std::array<uint8_t, 12> n{};
    for (int i = 0; i < 8; ++i) n[10 - i] = static_cast<uint8_t>(c.counter >> (8 * i));
    n[11] = c.final ? 1 : 0;
    std::vector<uint8_t> sealed(p.size() + crypto::kChaChaTagBytes);
    if (!crypto::ChaCha20Poly1305Seal(sealed, payload_key, n, p, {}).ok()) std::abort();
    file.insert(file.end(), sealed.begin(), sealed.end());
    plaintext.insert(plaintext.end(), p.begin(), p.end());
  }
  std::vector<uint8_t> out;
  bool ok = DecryptAll(file, 4096 + recipe.size(), out);
  if (ok != valid) std::abort();
  if (ok && out != plaintext) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::span<const uint8_t> input(data, size);
  Identities();
  if (size > 0 && data[0] == 0xF0) {
    ForgeMode(input.subspan(1));
    return 0;
  }
  std::vector<uint8_t> out;
  // Odd read sizes exercise partial copies out of a verified chunk.
  std::size_t read_size = size > 0 ? 1 + data[size - 1] * 257u : 1;
  DecryptAll(input, read_size, out);
  return 0;
}
