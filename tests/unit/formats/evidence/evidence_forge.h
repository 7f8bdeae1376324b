// Test-only tools for evidence streams, shared by the unit tests and the
// fuzz target (header-only, no GoogleTest): split a file into its frames, and
// seal an arbitrary chunk layout properly, so that tests reach the structure
// rules of docs/evidence-format.md section 5 behind the MAC.
#ifndef TVAULT_TESTS_EVIDENCE_FORGE_H_
#define TVAULT_TESTS_EVIDENCE_FORGE_H_

#include <cstdint>
#include <cstdlib>
#include <span>
#include <string_view>
#include <vector>

#include "crypto/secretstream.h"
#include "evidence/evidence_format.h"
#include "evidence/evidence_stream.h"
#include "util/byte_stream.h"

// Nested so that these names never meet other suites' helpers (one test
// binary: two different classes of one name would break the ODR).
namespace tvault::testing::evidence {

// A file cut into its header and its framed chunks (length prefix
// included). Only for well-formed files; aborts otherwise.
struct Frames {
  std::vector<uint8_t> header;
  std::vector<std::vector<uint8_t>> chunks;

  std::vector<uint8_t> Join() const {
    std::vector<uint8_t> out = header;
    for (const auto& c : chunks) out.insert(out.end(), c.begin(), c.end());
    return out;
  }
  // Byte offset where chunk i's frame starts.
  std::size_t OffsetOf(std::size_t i) const {
    std::size_t at = header.size();
    for (std::size_t k = 0; k < i; ++k) at += chunks[k].size();
    return at;
  }
};

inline Frames SplitFrames(std::span<const uint8_t> file) {
  namespace fmt = evidence_format;
  if (file.size() < fmt::kHeaderBytes) std::abort();
  Frames f;
  f.header.assign(file.begin(), file.begin() + fmt::kHeaderBytes);
  std::size_t at = fmt::kHeaderBytes;
  while (at < file.size()) {
    if (file.size() - at < fmt::kLengthPrefixBytes) std::abort();
    std::size_t len = (std::size_t{file[at]} << 24) | (std::size_t{file[at + 1]} << 16) |
                      (std::size_t{file[at + 2]} << 8) | file[at + 3];
    std::size_t frame = fmt::kLengthPrefixBytes + len;
    if (file.size() - at < frame) std::abort();
    f.chunks.emplace_back(file.begin() + static_cast<std::ptrdiff_t>(at),
                          file.begin() + static_cast<std::ptrdiff_t>(at + frame));
    at += frame;
  }
  return f;
}

// One chunk of a forged layout: sealed in sequence under the same stream
// (so its secretstream position is its place in the list), with `ad_index`
// in its associated data and `tag` as its tag.
struct ChunkRecipe {
  std::vector<uint8_t> plaintext;
  crypto::SecretStreamTag tag = crypto::SecretStreamTag::kMessage;
  uint64_t ad_index = 0;
};

// Header with `chunk_bytes`, then every chunk sealed and framed in order.
inline std::vector<uint8_t> ForgeEvidence(const SecretBytes& key, std::string_view file_id,
                                          uint32_t chunk_bytes,
                                          const std::vector<ChunkRecipe>& chunks) {
  namespace fmt = evidence_format;
  fmt::Header header;
  header.chunk_bytes = chunk_bytes;
  auto push = crypto::SecretStreamPush::Begin(key, header.stream_header);
  if (!push.ok()) std::abort();
  const fmt::HeaderBytes header_bytes = fmt::SerializeHeader(header);
  fmt::ChunkAssociatedData ad(header_bytes, file_id);
  std::vector<uint8_t> out(header_bytes.begin(), header_bytes.end());
  for (const ChunkRecipe& c : chunks) {
    const std::size_t sealed_bytes = c.plaintext.size() + crypto::kSecretStreamOverheadBytes;
    std::vector<uint8_t> sealed(sealed_bytes);
    if (!push->Push(sealed, c.plaintext, ad.For(c.ad_index), c.tag).ok()) std::abort();
    for (int i = 3; i >= 0; --i) out.push_back(static_cast<uint8_t>(sealed_bytes >> (8 * i)));
    out.insert(out.end(), sealed.begin(), sealed.end());
  }
  return out;
}

// Deterministic test plaintext: byte i of stream `seed`.
inline std::vector<uint8_t> Pattern(std::size_t n, uint32_t seed = 1) {
  std::vector<uint8_t> v(n);
  uint32_t x = seed * 2654435761u + 12345u;
  for (std::size_t i = 0; i < n; ++i) {
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    v[i] = static_cast<uint8_t>(x);
  }
  return v;
}

struct DecryptOutcome {
  bool ok = false;
  ErrorCode code = ErrorCode::kInternal;
  std::string message;
  std::vector<uint8_t> released;  // everything Read handed out, even on failure
  EvidenceSummary summary;        // when ok
  bool sticky = true;             // on failure: a further Read failed the same way
};

// Reads the whole file through EvidenceReader with reads of `read_size`.
inline DecryptOutcome DecryptAll(const SecretBytes& key, std::string_view file_id,
                                 std::span<const uint8_t> file, std::size_t read_size) {
  DecryptOutcome o;
  SpanSource source(file);
  auto reader = EvidenceReader::Begin(key, file_id, source);
  if (!reader.ok()) {
    o.code = reader.error().code;
    o.message = reader.error().message;
    return o;
  }
  std::vector<uint8_t> buf(read_size);
  for (;;) {
    auto n = reader->Read(buf);
    if (!n.ok()) {
      o.code = n.error().code;
      o.message = n.error().message;
      auto again = reader->Read(buf);
      o.sticky = !again.ok() && again.error().code == o.code;
      return o;
    }
    if (*n == 0) break;
    if (*n > buf.size()) std::abort();
    o.released.insert(o.released.end(), buf.begin(), buf.begin() + static_cast<std::ptrdiff_t>(*n));
  }
  auto summary = reader->Summary();
  if (!summary.ok()) std::abort();
  o.ok = true;
  o.summary = *summary;
  return o;
}

}  // namespace tvault::testing::evidence

#endif  // TVAULT_TESTS_EVIDENCE_FORGE_H_
