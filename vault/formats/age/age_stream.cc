// Streaming age encryption and decryption (STREAM over ChaCha20-Poly1305).
#include <algorithm>

#include "age/age.h"
#include "crypto/chacha20poly1305.h"
#include "crypto/encoding.h"
#include "crypto/random.h"

namespace tvault::age {
namespace {

using internal::kChunkBytes;
using internal::kSealedChunkBytes;
constexpr std::size_t kTagBytes = crypto::kChaChaTagBytes;
constexpr std::size_t kHeaderReadBytes = 4096;

Error ErrorFor(Failure failure, std::string_view why) {
  ErrorCode code = failure == Failure::kNoMatch ? ErrorCode::kNotFound : ErrorCode::kIntegrity;
  return MakeError(code, std::string(why));
}

// Reads until the first line that starts with "---" is complete, so that the
// header can be parsed from memory. Bytes read past it belong to the payload
// and stay in `buffer`. Returns the header's length.
Result<std::size_t> ReadHeader(ByteSource& in, std::vector<uint8_t>& buffer) {
  const std::string_view version = internal::kVersionLine;
  std::size_t line_start = 0;  // start of the first line not yet examined
  for (;;) {
    // Examine every complete line read so far.
    for (;;) {
      auto begin = buffer.begin() + static_cast<std::ptrdiff_t>(line_start);
      auto lf = std::find(begin, buffer.end(), uint8_t{'\n'});
      if (lf == buffer.end()) break;
      std::size_t next = static_cast<std::size_t>(lf - buffer.begin()) + 1;
      if (next - line_start >= 3 && std::equal(begin, begin + 3, internal::kFooterPrefix.begin())) {
        return next;
      }
      line_start = next;
    }
    // Fail fast on input that is not an age file at all.
    std::size_t n = std::min(buffer.size(), version.size());
    if (!std::equal(buffer.begin(), buffer.begin() + static_cast<std::ptrdiff_t>(n),
                    version.begin())) {
      return MakeError(ErrorCode::kIntegrity, "not an age file (unknown version line)");
    }
    if (buffer.size() >= internal::kMaxHeaderBytes) {
      return MakeError(ErrorCode::kIntegrity, "malformed age header: longer than 1 MiB");
    }
    std::size_t old = buffer.size();
    buffer.resize(std::min(old + kHeaderReadBytes, internal::kMaxHeaderBytes));
    auto got = in.Read(std::span(buffer).subspan(old));
    if (!got.ok()) {
      buffer.resize(old);
      return got.take_error();
    }
    buffer.resize(old + *got);
    if (*got == 0) return MakeError(ErrorCode::kIntegrity, "malformed age header: truncated");
  }
}

}  // namespace

// ------------------------------------------------------------------ Encryptor

Encryptor::Encryptor(ByteSink& out, SecretBytes payload_key)
    : out_(&out), payload_key_(std::move(payload_key)) {
  chunk_.reserve(kChunkBytes);
  sealed_.resize(kSealedChunkBytes);
}

Result<Encryptor> Encryptor::Begin(std::span<const X25519Public> recipients, ByteSink& out) {
  if (recipients.empty()) {
    return MakeError(ErrorCode::kInvalidArgument, "an age file needs at least one recipient");
  }
  if (recipients.size() > internal::kMaxStanzas) {
    return MakeError(ErrorCode::kInvalidArgument, "too many recipients for one age file");
  }
  SecretBytes file_key = SecretBytes::Random(internal::kFileKeyBytes);
  std::vector<internal::Stanza> stanzas;
  for (const X25519Public& r : recipients) {
    TVAULT_ASSIGN_OR_RETURN(internal::Stanza s, internal::WrapX25519(file_key, r));
    stanzas.push_back(std::move(s));
  }
  internal::Header header{std::move(stanzas), {}};
  header.mac = internal::HeaderMac(file_key, internal::SerializeHeaderWithoutMac(header.stanzas));
  std::vector<uint8_t> bytes = internal::SerializeHeader(header);

  std::array<uint8_t, internal::kPayloadNonceBytes> nonce;
  crypto::RandomBytes(nonce);
  bytes.insert(bytes.end(), nonce.begin(), nonce.end());
  TVAULT_TRY(out.Write(bytes));
  return Encryptor(out, internal::PayloadKey(file_key, nonce));
}

Status Encryptor::SealChunk(bool final) {
  std::span<uint8_t> sealed = std::span(sealed_).first(chunk_.size() + kTagBytes);
  TVAULT_TRY(crypto::ChaCha20Poly1305Seal(sealed, payload_key_, counter_.Nonce(final), chunk_, {}));
  chunk_.clear();
  TVAULT_TRY(out_->Write(sealed));
  if (!final) TVAULT_TRY(counter_.Advance());
  return OkStatus();
}

Status Encryptor::Write(std::span<const uint8_t> plaintext) {
  if (finished_ || failed_) {
    return MakeError(ErrorCode::kFailedPrecondition, "age encryptor is finished or failed");
  }
  while (!plaintext.empty()) {
    // A full chunk is sealed only once more data arrives: the last chunk
    // must carry the final flag, and it must not be empty.
    if (chunk_.size() == kChunkBytes) {
      Status s = SealChunk(/*final=*/false);
      if (!s.ok()) {
        failed_ = true;
        return s;
      }
    }
    std::size_t n = std::min(plaintext.size(), kChunkBytes - chunk_.size());
    AppendBytes(chunk_, plaintext.first(n));
    plaintext = plaintext.subspan(n);
  }
  return OkStatus();
}

Status Encryptor::Finish() {
  if (finished_ || failed_) {
    return MakeError(ErrorCode::kFailedPrecondition, "age encryptor is finished or failed");
  }
  Status s = SealChunk(/*final=*/true);
  if (!s.ok()) {
    failed_ = true;
    return s;
  }
  finished_ = true;
  return OkStatus();
}

// ------------------------------------------------------------------ Decryptor

Decryptor::Decryptor(ByteSource& in, SecretBytes payload_key, std::vector<uint8_t> pending)
    : in_(&in), payload_key_(std::move(payload_key)), sealed_(std::move(pending)) {
  plain_.reserve(kChunkBytes);
}

Result<Decryptor> Decryptor::Begin(ByteSource& in, std::span<const SecretBytes> identities,
                                   Failure* failure) {
  Failure ignored = Failure::kNone;
  Failure& why = failure != nullptr ? *failure : ignored;
  why = Failure::kNone;
  if (identities.empty()) {
    return MakeError(ErrorCode::kInvalidArgument, "no identity to decrypt with");
  }

  std::vector<uint8_t> buffer;
  auto header_size = ReadHeader(in, buffer);
  if (!header_size.ok()) {
    if (header_size.error().code == ErrorCode::kIntegrity) why = Failure::kHeader;
    return header_size.take_error();
  }
  auto parsed = internal::ParseHeader(std::span(buffer).first(*header_size));
  if (!parsed.ok() || parsed->size != *header_size) {
    why = Failure::kHeader;
    if (!parsed.ok()) return parsed.take_error();
    return MakeError(ErrorCode::kIntegrity, "malformed age header");
  }
  TVAULT_ASSIGN_OR_RETURN(SecretBytes file_key,
                          internal::UnwrapFileKey(parsed->header, identities, why));

  // The MAC is checked before anything else is read: from here on the header
  // is known to be the sender's.
  auto mac = internal::HeaderMac(file_key, std::span(buffer).first(parsed->mac_input_bytes));
  if (!ConstantTimeEqual(mac, parsed->header.mac)) {
    why = Failure::kHmac;
    return ErrorFor(why, "age header MAC does not verify: the file was altered or corrupted");
  }

  buffer.erase(buffer.begin(), buffer.begin() + static_cast<std::ptrdiff_t>(*header_size));
  // The payload nonce, then what is already buffered of the first chunk.
  std::size_t have = buffer.size();
  if (have < internal::kPayloadNonceBytes) {
    buffer.resize(internal::kPayloadNonceBytes);
    auto got = ReadFully(in, std::span(buffer).subspan(have));
    if (!got.ok()) return got.take_error();
    if (have + *got < internal::kPayloadNonceBytes) {
      why = Failure::kPayload;
      return ErrorFor(why, "age payload is truncated (no nonce)");
    }
  }
  SecretBytes payload_key =
      internal::PayloadKey(file_key, std::span(buffer).first(internal::kPayloadNonceBytes));
  buffer.erase(buffer.begin(), buffer.begin() + internal::kPayloadNonceBytes);
  return Decryptor(in, std::move(payload_key), std::move(buffer));
}

Error Decryptor::Fail(std::string_view why) {
  failure_ = Failure::kPayload;
  plain_.clear();
  plain_pos_ = 0;
  error_ = ErrorFor(failure_, why);
  return *error_;
}

// Reads one chunk plus one byte of look-ahead: a chunk is the last one
// exactly when nothing follows it, so the final flag expected for each chunk
// is known before it is opened, and the end of input is confirmed before the
// last plaintext is released.
Status Decryptor::OpenNextChunk() {
  std::size_t have = sealed_.size();
  sealed_.resize(kSealedChunkBytes + 1);
  if (have < sealed_.size()) {
    auto got = ReadFully(*in_, std::span(sealed_).subspan(have));
    if (!got.ok()) {
      // An I/O error is no verdict on the file (failure() stays kNone), but
      // bytes may have been lost, so it is as final as any other error.
      sealed_.clear();
      error_ = got.take_error();
      return *error_;
    }
    have += *got;
  }
  sealed_.resize(have);

  const bool final = have <= kSealedChunkBytes;
  const std::size_t sealed_size = final ? have : kSealedChunkBytes;
  if (final) {
    if (sealed_size < kTagBytes) {
      return Fail(counter_.IsFirst() && sealed_size == 0
                      ? "age payload is truncated (no chunk)"
                      : "age payload is truncated (the final chunk is missing or cut short)");
    }
    if (sealed_size == kTagBytes && !counter_.IsFirst()) {
      return Fail("age payload ends with an empty final chunk");
    }
  }
  plain_.resize(sealed_size - kTagBytes);
  if (!crypto::ChaCha20Poly1305Open(plain_, payload_key_, counter_.Nonce(final),
                                    std::span(sealed_).first(sealed_size), {})) {
    return Fail(final ? "age payload chunk does not verify (tampered, truncated or reordered)"
                      : "age payload chunk does not verify (tampered, reordered or extended)");
  }
  plain_pos_ = 0;
  sealed_.erase(sealed_.begin(), sealed_.begin() + static_cast<std::ptrdiff_t>(sealed_size));
  if (final) {
    done_ = true;
  } else {
    Status advanced = counter_.Advance();
    if (!advanced.ok()) return Fail(advanced.error().message);
  }
  return OkStatus();
}

Result<std::size_t> Decryptor::Read(std::span<uint8_t> out) {
  if (error_) return *error_;
  if (out.empty()) {
    return MakeError(ErrorCode::kInvalidArgument, "Decryptor::Read needs a non-empty buffer");
  }
  while (plain_pos_ == plain_.size()) {
    if (done_) return std::size_t{0};
    TVAULT_TRY(OpenNextChunk());
  }
  std::size_t n = std::min(out.size(), plain_.size() - plain_pos_);
  std::copy_n(plain_.begin() + static_cast<std::ptrdiff_t>(plain_pos_), n, out.begin());
  plain_pos_ += n;
  return n;
}

}  // namespace tvault::age
