#include "evidence/evidence_stream.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <string>
#include <vector>

#include "util/worker.h"

namespace tvault {
namespace {

namespace fmt = evidence_format;
using crypto::SecretStreamTag;
constexpr std::size_t kStreamOverhead = crypto::kSecretStreamOverheadBytes;

// The writer's ring of plaintext chunk buffers: while the caller fills one,
// the hashing worker and the sealing worker each work through the ones
// filled before it. Four buffers let either worker lag by up to three chunks
// before the caller waits for it.
constexpr std::size_t kWriterRing = 4;

Status CheckKeyAndId(const SecretBytes& key, std::string_view file_id) {
  if (key.size() != kEvidenceKeyBytes) {
    return MakeError(ErrorCode::kInvalidArgument, "an evidence key must be 32 bytes");
  }
  if (file_id.empty() || file_id.size() > fmt::kMaxFileIdBytes) {
    return MakeError(ErrorCode::kInvalidArgument, "an evidence file id must be 1 to 64 bytes");
  }
  return OkStatus();
}

void PutU32(uint8_t* p, uint32_t v) {
  for (int i = 0; i < 4; ++i) p[i] = static_cast<uint8_t>(v >> (24 - 8 * i));
}
uint32_t GetU32(const uint8_t* p) {
  return (uint32_t{p[0]} << 24) | (uint32_t{p[1]} << 16) | (uint32_t{p[2]} << 8) | p[3];
}

Error Precondition(const char* what) {
  return MakeError(ErrorCode::kFailedPrecondition, what);
}

}  // namespace

SecretBytes NewEvidenceKey() { return SecretBytes::Random(kEvidenceKeyBytes); }

// ---------------------------------------------------------------- writer

// Who touches what (the threading is this comment; see util/worker.h):
//  * the caller's thread: the ring buffers it fills (only after both
//    workers are done with them: WaitFree), fill/current/tickets/flags;
//  * the hash worker's jobs: `hasher`, reading ring buffers;
//  * the seal worker's jobs: `push`, `ad`, `sealed`, `chunk_index` and the
//    sink `out`, reading ring buffers; the first failure stops the worker.
struct EvidenceWriter::State {
  State(ByteSink& sink, uint32_t chunk, crypto::SecretStreamPush stream,
        const fmt::HeaderBytes& header, std::string_view file_id)
      : out(&sink), chunk_bytes(chunk), push(std::move(stream)), ad(header, file_id),
        sealed(fmt::kLengthPrefixBytes + chunk + kStreamOverhead) {
    for (PlainBytes& b : ring) b.resize(chunk);
  }

  std::span<uint8_t> Current() { return ring[current]; }
  void SubmitHash();
  void SubmitSeal(SecretStreamTag tag);
  // Waits until neither worker still uses buffer `b`.
  void WaitFree(std::size_t b);
  Status SealError() { return seal_worker.Failure(); }
  Status Seal(std::span<const uint8_t> plaintext, SecretStreamTag tag);

  // Seal worker only.
  ByteSink* out;
  const uint32_t chunk_bytes;
  crypto::SecretStreamPush push;
  fmt::ChunkAssociatedData ad;
  std::vector<uint8_t> sealed;  // length prefix || sealed chunk
  uint64_t chunk_index = 0;
  // Hash worker only (the caller reads it after Drain).
  crypto::Sha256Hasher hasher;
  // Caller only.
  std::array<PlainBytes, kWriterRing> ring;
  std::array<uint64_t, kWriterRing> hash_ticket{};  // latest job per buffer (0: none)
  std::array<uint64_t, kWriterRing> seal_ticket{};
  std::size_t current = 0;  // the buffer being filled
  std::size_t fill = 0;     // bytes in it
  bool current_hashed = false;
  uint64_t total_bytes = 0;
  bool finished = false;
  bool failed = false;
  // Declared last, so destroyed (joined) first: no job outlives the buffers
  // and state above.
  Worker hash_worker;
  Worker seal_worker;
};

void EvidenceWriter::State::SubmitHash() {
  std::span<const uint8_t> bytes = Current().first(fill);
  hash_ticket[current] = hash_worker.Submit([this, bytes] {
    hasher.Update(bytes);
    return OkStatus();
  });
  current_hashed = true;
}

void EvidenceWriter::State::SubmitSeal(SecretStreamTag tag) {
  const std::size_t b = current, n = fill;
  // After a failure the stream is broken: the worker drops later chunks.
  seal_ticket[b] = seal_worker.Submit(
      [this, b, n, tag] { return Seal(std::span(ring[b]).first(n), tag); });
}

void EvidenceWriter::State::WaitFree(std::size_t b) {
  (void)hash_worker.WaitFor(hash_ticket[b]);  // hashing never fails
  (void)seal_worker.WaitFor(seal_ticket[b]);  // its failure: SealError
}

Status EvidenceWriter::State::Seal(std::span<const uint8_t> plaintext, SecretStreamTag tag) {
  const std::size_t sealed_bytes = plaintext.size() + kStreamOverhead;
  PutU32(sealed.data(), static_cast<uint32_t>(sealed_bytes));
  std::span<uint8_t> body = std::span(sealed).subspan(fmt::kLengthPrefixBytes, sealed_bytes);
  TVAULT_TRY(push.Push(body, plaintext, ad.For(chunk_index), tag));
  TVAULT_TRY(out->Write(std::span(sealed).first(fmt::kLengthPrefixBytes + sealed_bytes)));
  ++chunk_index;
  return OkStatus();
}

EvidenceWriter::EvidenceWriter(std::unique_ptr<State> state) : state_(std::move(state)) {}
EvidenceWriter::EvidenceWriter(EvidenceWriter&&) noexcept = default;
EvidenceWriter& EvidenceWriter::operator=(EvidenceWriter&&) noexcept = default;
EvidenceWriter::~EvidenceWriter() = default;

Result<EvidenceWriter> EvidenceWriter::Begin(const SecretBytes& key, std::string_view file_id,
                                             ByteSink& out, EvidenceWriterOptions options) {
  TVAULT_TRY(CheckKeyAndId(key, file_id));
  if (!fmt::IsValidChunkSize(options.chunk_bytes)) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "evidence chunk size must be a power of two from 1 KiB to 4 MiB");
  }
  fmt::Header header;
  header.chunk_bytes = options.chunk_bytes;
  TVAULT_ASSIGN_OR_RETURN(crypto::SecretStreamPush push,
                          crypto::SecretStreamPush::Begin(key, header.stream_header));
  const fmt::HeaderBytes header_bytes = fmt::SerializeHeader(header);
  auto state = std::make_unique<State>(out, options.chunk_bytes, std::move(push), header_bytes,
                                       file_id);
  TVAULT_TRY(out.Write(header_bytes));
  return EvidenceWriter(std::move(state));
}

Status EvidenceWriter::Write(std::span<const uint8_t> plaintext) {
  State& s = *state_;
  if (s.finished || s.failed) return Precondition("evidence writer is finished or failed");
  while (!plaintext.empty()) {
    // A full chunk is sealed only when more data arrives: the last chunk
    // must carry TAG_FINAL and must not be empty (unless it is the only one).
    if (s.fill == s.chunk_bytes) {
      const std::size_t next = (s.current + 1) % kWriterRing;
      s.SubmitSeal(SecretStreamTag::kMessage);
      s.WaitFree(next);
      s.current = next;
      s.fill = 0;
      s.current_hashed = false;
      Status sealed = s.SealError();
      if (!sealed.ok()) {
        s.failed = true;
        return sealed;
      }
    }
    const std::size_t n = std::min<std::size_t>(plaintext.size(), s.chunk_bytes - s.fill);
    std::memcpy(s.Current().data() + s.fill, plaintext.data(), n);
    s.fill += n;
    s.total_bytes += n;
    plaintext = plaintext.subspan(n);
    if (s.fill == s.chunk_bytes) s.SubmitHash();  // hashing starts at once
  }
  return OkStatus();
}

Status EvidenceWriter::WriteFrom(ByteSource& in) {
  State& s = *state_;
  if (s.finished || s.failed) return Precondition("evidence writer is finished or failed");
  for (;;) {
    // Read straight into the buffers. Whether a full chunk is the last one
    // is known only once the next read returns data, so that read goes into
    // the next buffer first.
    const bool full = s.fill == s.chunk_bytes;
    const std::size_t target = full ? (s.current + 1) % kWriterRing : s.current;
    if (full) s.WaitFree(target);
    auto got = ReadFully(in, std::span(s.ring[target]).subspan(full ? 0 : s.fill));
    if (!got.ok()) {
      s.failed = true;
      return got.take_error();
    }
    if (*got == 0) return OkStatus();
    if (full) {
      s.SubmitSeal(SecretStreamTag::kMessage);
      s.current = target;
      s.fill = 0;
      s.current_hashed = false;
      Status sealed = s.SealError();
      if (!sealed.ok()) {
        s.failed = true;
        return sealed;
      }
    }
    s.fill += *got;
    s.total_bytes += *got;
    if (s.fill == s.chunk_bytes) s.SubmitHash();
  }
}

Result<EvidenceSummary> EvidenceWriter::Finish() {
  State& s = *state_;
  if (s.finished || s.failed) return Precondition("evidence writer is finished or failed");
  if (!s.current_hashed) s.SubmitHash();
  s.SubmitSeal(SecretStreamTag::kFinal);
  (void)s.seal_worker.Drain();  // its failure: SealError
  (void)s.hash_worker.Drain();
  Status sealed = s.SealError();
  if (!sealed.ok()) {
    s.failed = true;
    return sealed.take_error();
  }
  s.finished = true;
  return EvidenceSummary{s.total_bytes, s.hasher.Finish()};
}

// ---------------------------------------------------------------- reader

// Chunk k is pulled into buffer k % 2 and hashed there by the worker while
// the caller releases it and pulls chunk k + 1 into the other buffer.
// Who touches what: the hash worker's jobs read the buffers and own
// `hasher` (read by the caller after Drain); everything else is the
// caller's. A buffer is pulled into only after its previous hash job is done.
constexpr std::size_t kReaderBuffers = 2;

struct EvidenceReader::State {
  State(ByteSource& source, uint32_t chunk, crypto::SecretStreamPull stream,
        const fmt::HeaderBytes& header, std::string_view file_id)
      : in(&source), chunk_bytes(chunk), pull(std::move(stream)), ad(header, file_id),
        sealed(chunk + kStreamOverhead) {
    for (PlainBytes& b : plain) b.resize(chunk);
  }

  Status OpenNextChunk();
  Error Fail(const std::string& why);
  Error Stop(Error e);

  ByteSource* in;
  const uint32_t chunk_bytes;
  crypto::SecretStreamPull pull;
  fmt::ChunkAssociatedData ad;
  std::vector<uint8_t> sealed;
  std::array<PlainBytes, kReaderBuffers> plain;
  std::array<uint64_t, kReaderBuffers> hash_ticket{};
  std::size_t current = 0;     // the buffer being released
  std::size_t plain_size = 0;  // verified bytes in it
  std::size_t plain_pos = 0;   // of which released
  uint64_t chunk_index = 0;
  uint64_t total_bytes = 0;
  crypto::Sha256Hasher hasher;
  bool final_seen = false;  // the final chunk verified and EOF confirmed
  bool at_end = false;      // Read has returned 0
  EvidenceSummary summary;
  std::optional<Error> error;
  Worker hash_worker;  // last: stopped before the buffers are freed
};

// Every error is final: the worker is drained before the buffers are wiped.
Error EvidenceReader::State::Stop(Error e) {
  (void)hash_worker.Drain();  // hashing never fails
  for (PlainBytes& b : plain) SecureWipe(b.data(), b.size());
  plain_size = plain_pos = 0;
  error = std::move(e);
  return *error;
}

Error EvidenceReader::State::Fail(const std::string& why) {
  return Stop(
      MakeError(ErrorCode::kIntegrity, "evidence file is damaged or was altered (" + why + ")"));
}

// Reads one framed chunk, verifies it and, only if every rule of
// docs/evidence-format.md section 5 holds, makes its plaintext releasable.
// An I/O error of the source is no verdict on the file, but bytes may have
// been lost: it stops the reader like any other error.
Status EvidenceReader::State::OpenNextChunk() {
  uint8_t prefix[fmt::kLengthPrefixBytes];
  auto got = ReadFully(*in, prefix);
  if (!got.ok()) return Stop(got.take_error());
  if (*got == 0) return Fail("truncated: the final chunk is missing");
  if (*got < sizeof prefix) return Fail("truncated chunk length");
  const uint32_t sealed_bytes = GetU32(prefix);
  if (sealed_bytes < kStreamOverhead || sealed_bytes > chunk_bytes + kStreamOverhead) {
    return Fail("invalid chunk length");
  }
  got = ReadFully(*in, std::span(sealed).first(sealed_bytes));
  if (!got.ok()) return Stop(got.take_error());
  if (*got < sealed_bytes) return Fail("truncated chunk");

  const std::size_t b = chunk_index % kReaderBuffers;
  (void)hash_worker.WaitFor(hash_ticket[b]);
  const std::size_t plain_bytes = sealed_bytes - kStreamOverhead;
  const std::span<uint8_t> out = std::span(plain[b]).first(plain_bytes);
  auto tag = pull.Pull(out, std::span(sealed).first(sealed_bytes), ad.For(chunk_index));
  if (!tag.ok()) return Fail("chunk " + std::to_string(chunk_index) + " does not verify");
  if (*tag == SecretStreamTag::kMessage) {
    if (plain_bytes != chunk_bytes) return Fail("a short chunk is not the final one");
  } else if (*tag == SecretStreamTag::kFinal) {
    if (plain_bytes == 0 && chunk_index != 0) return Fail("empty final chunk");
    uint8_t extra;
    auto more = ReadFully(*in, std::span(&extra, 1));
    if (!more.ok()) return Stop(more.take_error());
    if (*more != 0) return Fail("data after the final chunk");
    final_seen = true;
  } else {
    return Fail("unexpected chunk tag");
  }

  const std::span<const uint8_t> verified = out;
  hash_ticket[b] = hash_worker.Submit([this, verified] {
    hasher.Update(verified);
    return OkStatus();
  });
  total_bytes += plain_bytes;
  ++chunk_index;
  current = b;
  plain_size = plain_bytes;
  plain_pos = 0;
  if (final_seen) {
    (void)hash_worker.Drain();
    summary = EvidenceSummary{total_bytes, hasher.Finish()};
  }
  return OkStatus();
}

EvidenceReader::EvidenceReader(std::unique_ptr<State> state) : state_(std::move(state)) {}
EvidenceReader::EvidenceReader(EvidenceReader&&) noexcept = default;
EvidenceReader& EvidenceReader::operator=(EvidenceReader&&) noexcept = default;
EvidenceReader::~EvidenceReader() = default;

Result<EvidenceReader> EvidenceReader::Begin(const SecretBytes& key, std::string_view file_id,
                                             ByteSource& in) {
  TVAULT_TRY(CheckKeyAndId(key, file_id));
  fmt::HeaderBytes header_bytes;
  TVAULT_ASSIGN_OR_RETURN(std::size_t got, ReadFully(in, header_bytes));
  TVAULT_ASSIGN_OR_RETURN(fmt::Header header,
                          fmt::ParseHeader(std::span(header_bytes).first(got)));
  TVAULT_ASSIGN_OR_RETURN(crypto::SecretStreamPull pull,
                          crypto::SecretStreamPull::Begin(key, header.stream_header));
  return EvidenceReader(
      std::make_unique<State>(in, header.chunk_bytes, std::move(pull), header_bytes, file_id));
}

Result<std::size_t> EvidenceReader::Read(std::span<uint8_t> out) {
  State& s = *state_;
  if (out.empty()) return MakeError(ErrorCode::kInvalidArgument, "empty read buffer");
  if (s.error) return *s.error;
  while (s.plain_pos == s.plain_size) {
    if (s.final_seen) {
      s.at_end = true;
      return std::size_t{0};
    }
    TVAULT_TRY(s.OpenNextChunk());
  }
  const std::size_t n = std::min(out.size(), s.plain_size - s.plain_pos);
  std::memcpy(out.data(), s.plain[s.current].data() + s.plain_pos, n);
  s.plain_pos += n;
  return n;
}

Result<EvidenceSummary> EvidenceReader::Summary() const {
  if (!state_->at_end) return Precondition("evidence summary requested before the end");
  return state_->summary;
}

// ---------------------------------------------------------------- helpers

Result<EvidenceSummary> EncryptEvidence(const SecretBytes& key, std::string_view file_id,
                                        ByteSource& in, ByteSink& out,
                                        EvidenceWriterOptions options) {
  TVAULT_ASSIGN_OR_RETURN(EvidenceWriter writer,
                          EvidenceWriter::Begin(key, file_id, out, options));
  TVAULT_TRY(writer.WriteFrom(in));
  return writer.Finish();
}

Result<EvidenceSummary> DecryptEvidence(const SecretBytes& key, std::string_view file_id,
                                        ByteSource& in, ByteSink& out) {
  TVAULT_ASSIGN_OR_RETURN(EvidenceReader reader, EvidenceReader::Begin(key, file_id, in));
  PlainBytes buffer(evidence_format::kDefaultChunkBytes);
  for (;;) {
    TVAULT_ASSIGN_OR_RETURN(std::size_t n, reader.Read(buffer));
    if (n == 0) break;
    TVAULT_TRY(out.Write(std::span(buffer).first(n)));
  }
  return reader.Summary();
}

}  // namespace tvault
