// The encrypted stream format for evidence files (audio, video, scans of any
// size), docs/evidence-format.md. One fresh random 32-byte key per file (the
// caller wraps it under K_evidence like a record key); the file id is bound
// into every chunk.
//
// Memory is bounded by a few chunks (1 MiB each by default) whatever the
// file size. Secrets (the file key and the stream states) live only in
// SecretBytes; plaintext only in wiping buffers.
//
// Errors (one line, never plaintext or key material):
//  * kInvalidArgument: a bad key size, file id or option from the caller;
//  * kIntegrity: anything wrong with the stream (damaged, truncated,
//    extended, reordered, wrong key, wrong file id): all look the same;
//  * kFailedPrecondition: a call after Finish, after an error, or Summary()
//    before the end;
//  * whatever the ByteSource/ByteSink reports (usually kIo).
#ifndef TVAULT_EVIDENCE_EVIDENCE_STREAM_H_
#define TVAULT_EVIDENCE_EVIDENCE_STREAM_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string_view>

#include "crypto/hash.h"
#include "evidence/evidence_format.h"
#include "util/byte_stream.h"
#include "vault/result.h"
#include "vault/secret.h"

namespace tvault {

inline constexpr std::size_t kEvidenceKeyBytes = crypto::kSecretStreamKeyBytes;

// What the caller stores (sealed) beside the wrapped key and compares on
// every read: the exact plaintext's size and SHA-256 (equal to `sha256sum`).
struct EvidenceSummary {
  uint64_t plaintext_bytes = 0;
  crypto::Sha256Digest sha256{};
};

struct EvidenceWriterOptions {
  // Plaintext bytes per chunk; see evidence_format::IsValidChunkSize.
  uint32_t chunk_bytes = evidence_format::kDefaultChunkBytes;
};

// A fresh random evidence file key (guarded memory).
SecretBytes NewEvidenceKey();

// Encrypts a stream of any length to `out`: the header in Begin, one sealed
// chunk per full chunk of plaintext, the final chunk in Finish.
//
// Pipeline: the caller's thread fills chunk buffers (a ring of four); a
// hashing thread computes SHA-256 over each full buffer while a sealing
// thread encrypts the same buffer and writes it to `out`. So `out` is
// written from the sealing thread, never concurrently, between Begin and
// Finish; the caller must not use it meanwhile. A write error of the sink is
// reported by a later Write/WriteFrom or by Finish.
//
// Until Finish succeeds the output is not a valid evidence file (it has no
// final chunk), which every reader refuses; the caller still writes it under
// a temporary name (EvidenceStore) so that nothing half-written is visible.
// After any error every later call fails with kFailedPrecondition. Not
// thread-safe; `out` must outlive the writer. Destroying an unfinished writer
// stops its threads.
class EvidenceWriter {
 public:
  static Result<EvidenceWriter> Begin(const SecretBytes& key, std::string_view file_id,
                                      ByteSink& out, EvidenceWriterOptions options = {});
  EvidenceWriter(EvidenceWriter&&) noexcept;
  EvidenceWriter& operator=(EvidenceWriter&&) noexcept;
  ~EvidenceWriter();

  // Any sizes, including empty.
  Status Write(std::span<const uint8_t> plaintext);
  // Reads `in` to its end straight into the chunk buffers (no copy).
  Status WriteFrom(ByteSource& in);
  // Seals the final chunk; returns the plaintext's size and SHA-256.
  Result<EvidenceSummary> Finish();

 private:
  struct State;
  explicit EvidenceWriter(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

// Decrypts an evidence file from `in` (which must outlive the reader) and
// yields its verified plaintext.
//
// Release policy: each chunk's plaintext is released only after that chunk
// authenticated (and, for the final chunk, after the end of input was
// confirmed). Chunks before the final one ARE released before the final
// chunk is seen, so a truncated file yields a verified prefix and then
// kIntegrity: a caller writing to a file must write to a temporary name and
// keep it only if Read reached 0 (AtomicFileSink does exactly this).
// Read returns 0 only after the final chunk authenticated and nothing
// followed it. Errors are sticky.
//
// SHA-256 of the released plaintext is computed on one worker thread while
// the caller pulls the next chunk (two chunk buffers). Not thread-safe.
class EvidenceReader final : public ByteSource {
 public:
  // Reads and checks the header (kIntegrity if it is malformed).
  static Result<EvidenceReader> Begin(const SecretBytes& key, std::string_view file_id,
                                      ByteSource& in);
  EvidenceReader(EvidenceReader&&) noexcept;
  EvidenceReader& operator=(EvidenceReader&&) noexcept;
  ~EvidenceReader() override;

  // Verified plaintext, at most one chunk per call; short reads anywhere.
  // `out` must not be empty (kInvalidArgument).
  Result<std::size_t> Read(std::span<uint8_t> out) override;

  // After Read returned 0: the plaintext's size and SHA-256, to compare
  // with the stored ones. kFailedPrecondition before that.
  Result<EvidenceSummary> Summary() const;

 private:
  struct State;
  explicit EvidenceReader(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

// Whole-stream helpers: `in` to `out` through a writer or a reader. On
// error `out` may have received part of the output; see the release policy.
Result<EvidenceSummary> EncryptEvidence(const SecretBytes& key, std::string_view file_id,
                                        ByteSource& in, ByteSink& out,
                                        EvidenceWriterOptions options = {});
Result<EvidenceSummary> DecryptEvidence(const SecretBytes& key, std::string_view file_id,
                                        ByteSource& in, ByteSink& out);

}  // namespace tvault

#endif  // TVAULT_EVIDENCE_EVIDENCE_STREAM_H_
