// Fuzzes the evidence stream reader (vault/formats/evidence/evidence_stream.h) with a
// fixed key and file id.
//
// Mode 1 (any input not starting with 0xE5): the bytes are an evidence file.
// Properties: never crashes or reads out of bounds; Read returns 0 only
// after success, and then the summary's size and SHA-256 match exactly what
// was released; errors are kIntegrity and sticky.
//
// Mode 2 (input starting with 0xE5): the bytes are a recipe for a chunk
// layout that the harness seals properly (ForgeEvidence), so the fuzzer
// reaches the structure rules behind the MAC: chunk lengths, tags, the
// index bound in the associated data, a cut or trailing bytes. Property: the
// reader accepts exactly the layouts section 4 of docs/evidence-format.md
// allows and then returns exactly their plaintext, and on refusal has
// released exactly the whole chunks before the first bad one.
#include <cstdint>
#include <cstdlib>
#include <vector>

#include "../unit/formats/evidence/evidence_forge.h"
#include "crypto/hash.h"
#include "vault/crypto_init.h"

namespace {
using namespace tvault;
using tvault::testing::evidence::DecryptAll;
using tvault::testing::evidence::DecryptOutcome;
using tvault::testing::evidence::ChunkRecipe;
using crypto::SecretStreamTag;

constexpr const char* kId = "E-FUZZ01";
constexpr uint32_t kChunk = 1024;

const SecretBytes& Key() {
  static const SecretBytes key = [] {
    if (!InitCrypto()) std::abort();
    std::vector<uint8_t> k(32);
    for (std::size_t i = 0; i < k.size(); ++i) k[i] = static_cast<uint8_t>(0x40 + i);
    return SecretBytes::CopyOf(k);
  }();
  return key;
}

void CheckOutcome(const DecryptOutcome& out) {
  if (out.ok) {
    if (out.summary.plaintext_bytes != out.released.size()) std::abort();
    if (out.summary.sha256 != crypto::Sha256(out.released)) std::abort();
  } else {
    if (out.code != ErrorCode::kIntegrity || !out.sticky) std::abort();
  }
}

void ForgeMode(std::span<const uint8_t> recipe) {
  static constexpr std::size_t kLengths[] = {0, 1, 17, kChunk - 1, kChunk, kChunk};
  static constexpr SecretStreamTag kTags[] = {SecretStreamTag::kMessage, SecretStreamTag::kFinal,
                                              SecretStreamTag::kPush, SecretStreamTag::kRekey};
  // Byte 0: options (bits 0-1 trailing bytes, bit 2 cut the last frame).
  const uint8_t options = recipe.empty() ? 0 : recipe[0];
  if (!recipe.empty()) recipe = recipe.subspan(1);
  std::vector<ChunkRecipe> chunks;
  for (std::size_t i = 0; i + 1 < recipe.size() && chunks.size() < 6; i += 2) {
    const uint8_t a = recipe[i], b = recipe[i + 1];
    ChunkRecipe c;
    c.plaintext = tvault::testing::evidence::Pattern(kLengths[a % 6], static_cast<uint32_t>(chunks.size()));
    // Tags: mostly MESSAGE or FINAL, sometimes PUSH or REKEY.
    c.tag = kTags[(a >> 3) % 4 == 3 ? ((a >> 5) % 4) : ((a >> 3) % 2)];
    // Index: mostly right, sometimes off by one either way.
    const int delta = b % 5 == 3 ? 1 : (b % 5 == 4 ? -1 : 0);
    c.ad_index = static_cast<uint64_t>(static_cast<int64_t>(chunks.size()) + delta);
    chunks.push_back(std::move(c));
  }
  const std::size_t trailing = options & 3;
  const bool cut = (options & 4) != 0 && !chunks.empty();

  // The spec's verdict, and how much plaintext a reader may release first:
  // the whole chunks before the first one it must refuse. A TAG_MESSAGE
  // chunk is released once verified (even if nothing follows it); a final
  // chunk only once the end of input is confirmed.
  std::vector<uint8_t> plaintext;
  std::size_t good_prefix = 0;
  bool all_good = true;
  for (std::size_t i = 0; i < chunks.size(); ++i) {
    const ChunkRecipe& c = chunks[i];
    const bool last = i + 1 == chunks.size();
    bool good = c.ad_index == i && !(last && cut);
    if (c.tag == SecretStreamTag::kMessage) {
      good = good && c.plaintext.size() == kChunk;
    } else if (c.tag == SecretStreamTag::kFinal) {
      good = good && last && trailing == 0 && (c.plaintext.size() > 0 || i == 0);
    } else {
      good = false;
    }
    all_good = all_good && good;
    if (all_good) good_prefix += c.plaintext.size();
    plaintext.insert(plaintext.end(), c.plaintext.begin(), c.plaintext.end());
  }
  const bool valid =
      all_good && !chunks.empty() && chunks.back().tag == SecretStreamTag::kFinal;

  std::vector<uint8_t> file = tvault::testing::evidence::ForgeEvidence(Key(), kId, kChunk, chunks);
  uint8_t removed = 0;
  if (cut) {
    removed = file.back();
    file.pop_back();
  }
  // Trailing bytes must not put the cut byte back (a cut frame stays bad).
  for (std::size_t i = 0; i < trailing; ++i) {
    file.push_back(static_cast<uint8_t>(cut && i == 0 ? removed ^ 0xFF : i));
  }
  DecryptOutcome out = DecryptAll(Key(), kId, file, 1 + options * 13u);
  CheckOutcome(out);
  if (out.ok != valid) std::abort();
  if (valid && out.released != plaintext) std::abort();
  if (!valid) {
    if (out.released.size() != good_prefix) std::abort();
    if (!std::equal(out.released.begin(), out.released.end(), plaintext.begin())) std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::span<const uint8_t> input(data, size);
  if (size > 0 && data[0] == 0xE5) {
    ForgeMode(input.subspan(1));
    return 0;
  }
  // Odd read sizes exercise partial copies out of a verified chunk.
  const std::size_t read_size = size > 0 ? 1 + data[size - 1] * 97u : 1;
  CheckOutcome(DecryptAll(Key(), kId, input, read_size));
  return 0;
}
