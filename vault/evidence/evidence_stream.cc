#include "evidence/evidence_stream.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <string>
#include <vector>

#include "evidence/background_sha256.h"

namespace tvault {
namespace {

namespace fmt = evidence_format;
using crypto::SecretStreamTag;
constexpr std::size_t kStreamOverhead = crypto::kSecretStreamOverheadBytes;

// The writer hashes chunk i on the worker while it encrypts chunk i itself
// and then fills chunk i+1: three buffers let the hasher lag by up to two
// chunks before the writer ever waits for it.
constexpr std::size_t kWriterRing = 3;

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

struct EvidenceWriter::State {
  State(ByteSink& sink, uint32_t chunk, crypto::SecretStreamPush stream,
        const fmt::HeaderBytes& header, std::string_view file_id)
      : out(&sink), chunk_bytes(chunk), push(std::move(stream)), ad(header, file_id),
        sealed(fmt::kLengthPrefixBytes + chunk + kStreamOverhead) {
    for (PlainBytes& b : ring) b.resize(chunk);
  }

  Status Seal(SecretStreamTag tag);
  void NextBuffer();

  ByteSink* out;
  const uint32_t chunk_bytes;
  crypto::SecretStreamPush push;
  fmt::ChunkAssociatedData ad;
  std::vector<uint8_t> sealed;  // length prefix || sealed chunk
  std::array<PlainBytes, kWriterRing> ring;
  // The hasher ticket of each buffer's latest contents (0: never submitted).
  std::array<uint64_t, kWriterRing> ticket{};
  std::size_t current = 0;  // the buffer being filled
  std::size_t fill = 0;     // bytes in it
  bool current_submitted = false;
  uint64_t chunk_index = 0;
  uint64_t total_bytes = 0;
  bool finished = false;
  bool failed = false;
  // Declared last so it is destroyed (its thread joined) before the buffers
  // it may still be reading.
  BackgroundSha256 hasher;
};

Status EvidenceWriter::State::Seal(SecretStreamTag tag) {
  const std::size_t sealed_bytes = fill + kStreamOverhead;
  PutU32(sealed.data(), static_cast<uint32_t>(sealed_bytes));
  std::span<uint8_t> body = std::span(sealed).subspan(fmt::kLengthPrefixBytes, sealed_bytes);
  TVAULT_TRY(push.Push(body, std::span(ring[current]).first(fill), ad.For(chunk_index), tag));
  TVAULT_TRY(out->Write(std::span(sealed).first(fmt::kLengthPrefixBytes + sealed_bytes)));
  ++chunk_index;
  return OkStatus();
}

void EvidenceWriter::State::NextBuffer() {
  current = (current + 1) % kWriterRing;
  hasher.WaitFor(ticket[current]);  // the worker is done reading it
  fill = 0;
  current_submitted = false;
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
  TVAULT_TRY(out.Write(header_bytes));
  return EvidenceWriter(
      std::make_unique<State>(out, options.chunk_bytes, std::move(push), header_bytes, file_id));
}

Status EvidenceWriter::Write(std::span<const uint8_t> plaintext) {
  State& s = *state_;
  if (s.finished || s.failed) return Precondition("evidence writer is finished or failed");
  while (!plaintext.empty()) {
    // A full chunk is sealed only when more data arrives: the last chunk
    // must carry TAG_FINAL and must not be empty (unless it is the only one).
    if (s.fill == s.chunk_bytes) {
      Status sealed = s.Seal(SecretStreamTag::kMessage);
      if (!sealed.ok()) {
        s.failed = true;
        return sealed;
      }
      s.NextBuffer();
    }
    const std::size_t n = std::min<std::size_t>(plaintext.size(), s.chunk_bytes - s.fill);
    std::memcpy(s.ring[s.current].data() + s.fill, plaintext.data(), n);
    s.fill += n;
    s.total_bytes += n;
    plaintext = plaintext.subspan(n);
    if (s.fill == s.chunk_bytes) {
      // Hashing starts now, while this thread encrypts the same bytes.
      s.ticket[s.current] = s.hasher.Submit(s.ring[s.current]);
      s.current_submitted = true;
    }
  }
  return OkStatus();
}

Result<EvidenceSummary> EvidenceWriter::Finish() {
  State& s = *state_;
  if (s.finished || s.failed) return Precondition("evidence writer is finished or failed");
  if (!s.current_submitted) {
    s.ticket[s.current] = s.hasher.Submit(std::span(s.ring[s.current]).first(s.fill));
  }
  Status sealed = s.Seal(SecretStreamTag::kFinal);
  if (!sealed.ok()) {
    s.failed = true;
    return sealed.take_error();
  }
  s.finished = true;
  return EvidenceSummary{s.total_bytes, s.hasher.Finish()};
}

// ---------------------------------------------------------------- reader

struct EvidenceReader::State {
  State(ByteSource& source, uint32_t chunk, crypto::SecretStreamPull stream,
        const fmt::HeaderBytes& header, std::string_view file_id)
      : in(&source), chunk_bytes(chunk), pull(std::move(stream)), ad(header, file_id),
        sealed(chunk + kStreamOverhead), plain(chunk) {}

  Status OpenNextChunk();
  Error Fail(const std::string& why);

  ByteSource* in;
  const uint32_t chunk_bytes;
  crypto::SecretStreamPull pull;
  fmt::ChunkAssociatedData ad;
  std::vector<uint8_t> sealed;
  PlainBytes plain;
  std::size_t plain_size = 0;  // verified bytes in `plain`
  std::size_t plain_pos = 0;   // of which released
  uint64_t chunk_index = 0;
  uint64_t total_bytes = 0;
  crypto::Sha256Hasher hasher;
  bool final_seen = false;  // the final chunk verified and EOF confirmed
  bool at_end = false;      // Read has returned 0
  EvidenceSummary summary;
  std::optional<Error> error;
};

Error EvidenceReader::State::Fail(const std::string& why) {
  SecureWipe(plain.data(), plain.size());
  plain_size = plain_pos = 0;
  error = MakeError(ErrorCode::kIntegrity, "evidence file is damaged or was altered (" + why + ")");
  return *error;
}

// Reads one framed chunk, verifies it and, only if every rule of
// docs/evidence-format.md section 5 holds, makes its plaintext releasable.
Status EvidenceReader::State::OpenNextChunk() {
  auto io_error = [&](Error e) -> Error {
    // An I/O error is no verdict on the file, but bytes may have been lost:
    // as final as any other error.
    SecureWipe(plain.data(), plain.size());
    plain_size = plain_pos = 0;
    error = std::move(e);
    return *error;
  };
  uint8_t prefix[fmt::kLengthPrefixBytes];
  auto got = ReadFully(*in, prefix);
  if (!got.ok()) return io_error(got.take_error());
  if (*got == 0) return Fail("truncated: the final chunk is missing");
  if (*got < sizeof prefix) return Fail("truncated chunk length");
  const uint32_t sealed_bytes = GetU32(prefix);
  if (sealed_bytes < kStreamOverhead || sealed_bytes > chunk_bytes + kStreamOverhead) {
    return Fail("invalid chunk length");
  }
  got = ReadFully(*in, std::span(sealed).first(sealed_bytes));
  if (!got.ok()) return io_error(got.take_error());
  if (*got < sealed_bytes) return Fail("truncated chunk");

  const std::size_t plain_bytes = sealed_bytes - kStreamOverhead;
  auto tag = pull.Pull(std::span(plain).first(plain_bytes), std::span(sealed).first(sealed_bytes),
                       ad.For(chunk_index));
  if (!tag.ok()) return Fail("chunk " + std::to_string(chunk_index) + " does not verify");
  if (*tag == SecretStreamTag::kMessage) {
    if (plain_bytes != chunk_bytes) return Fail("a short chunk is not the final one");
  } else if (*tag == SecretStreamTag::kFinal) {
    if (plain_bytes == 0 && chunk_index != 0) return Fail("empty final chunk");
    uint8_t extra;
    auto more = ReadFully(*in, std::span(&extra, 1));
    if (!more.ok()) return io_error(more.take_error());
    if (*more != 0) return Fail("data after the final chunk");
    final_seen = true;
  } else {
    return Fail("unexpected chunk tag");
  }

  hasher.Update(std::span(plain).first(plain_bytes));
  total_bytes += plain_bytes;
  ++chunk_index;
  plain_size = plain_bytes;
  plain_pos = 0;
  if (final_seen) summary = EvidenceSummary{total_bytes, hasher.Finish()};
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
  std::memcpy(out.data(), s.plain.data() + s.plain_pos, n);
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
  PlainBytes buffer(options.chunk_bytes);
  for (;;) {
    TVAULT_ASSIGN_OR_RETURN(std::size_t n, in.Read(buffer));
    if (n == 0) break;
    TVAULT_TRY(writer.Write(std::span(buffer).first(n)));
  }
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
