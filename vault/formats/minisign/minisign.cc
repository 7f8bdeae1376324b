#include "minisign/minisign.h"

#include <algorithm>
#include <cinttypes>
#include <cstdio>
#include <optional>
#include <vector>

#include "crypto/asymmetric.h"
#include "crypto/encoding.h"
#include "crypto/hash.h"

namespace tvault::minisign {
namespace {

static_assert(crypto::kEd25519PublicBytes == 32 && crypto::kEd25519SignatureBytes == 64);
static_assert(kPublicKeyChars == (kPublicKeyBytes + 2) / 3 * 4);
static_assert(kSignatureChars == (kSignatureBlobBytes + 2) / 3 * 4);
static_assert(kGlobalSignatureChars == (64 + 2) / 3 * 4);

constexpr std::size_t kHashChunkBytes = 64 * 1024;

Error SignatureError(ErrorCode code, const std::string& what) {
  return MakeError(code, "minisign signature: " + what);
}
Error SignatureError(const std::string& what) {
  return SignatureError(ErrorCode::kIntegrity, what);
}
Error PublicKeyError(const std::string& what) {
  return MakeError(ErrorCode::kInvalidArgument, "minisign public key: " + what);
}

std::optional<std::string> CommentProblem(std::string_view comment, std::size_t max_bytes,
                                          const char* which) {
  if (comment.size() > max_bytes) {
    return std::string(which) + " comment is " + std::to_string(comment.size()) +
           " bytes; minisign reads at most " + std::to_string(max_bytes);
  }
  if (comment.find_first_of(std::string_view("\r\n\0", 3)) != std::string_view::npos) {
    return std::string(which) + " comment contains CR, LF or NUL";
  }
  return std::nullopt;
}

// The one check behind parsing, formatting, signing and verifying: whatever
// this accepts, minisign 0.11 reads back byte for byte.
Status CheckComments(std::string_view untrusted, std::string_view trusted, ErrorCode code) {
  if (auto p = CommentProblem(untrusted, kMaxUntrustedCommentBytes, "untrusted")) {
    return SignatureError(code, *p);
  }
  if (auto p = CommentProblem(trusted, kMaxTrustedCommentBytes, "trusted")) {
    return SignatureError(code, *p);
  }
  return OkStatus();
}

// Takes the next line, which must end in "\n"; `rest` keeps what follows.
bool TakeLine(std::string_view& rest, std::string_view& line) {
  std::size_t newline = rest.find('\n');
  if (newline == std::string_view::npos) return false;
  line = rest.substr(0, newline);
  rest.remove_prefix(newline + 1);
  return true;
}

// Strict padded base64 of exactly `bytes` bytes (hence exactly `chars` chars).
std::optional<std::vector<uint8_t>> DecodeExactly(std::string_view text, std::size_t chars,
                                                  std::size_t bytes) {
  if (text.size() != chars) return std::nullopt;
  auto decoded = crypto::Base64Decode(text, crypto::Base64Variant::kPadded);
  if (!decoded || decoded->size() != bytes) return std::nullopt;
  return decoded;
}

std::string Base64(std::span<const uint8_t> bytes) {
  return crypto::Base64Encode(bytes, crypto::Base64Variant::kPadded);
}

std::string_view AsText(std::span<const uint8_t> bytes) {
  return {reinterpret_cast<const char*>(bytes.data()), bytes.size()};
}

bool HasAlgorithm(std::span<const uint8_t> blob, std::string_view algorithm) {
  return AsText(blob.first(kAlgorithmBytes)) == algorithm;
}

// What the global signature covers.
std::vector<uint8_t> SignatureAndTrustedComment(const Signature& s) {
  std::vector<uint8_t> out(s.signature.begin(), s.signature.end());
  out.insert(out.end(), s.trusted_comment.begin(), s.trusted_comment.end());
  return out;
}

Result<PublicKey> DecodePublicKeyLine(std::string_view line) {
  if (line.size() != kPublicKeyChars) {
    std::string hint;
    if (!line.empty() && (line.back() == '\n' || line.back() == '\r' || line.back() == ' ')) {
      hint = " (trailing whitespace or newline?)";
    }
    return PublicKeyError("expected the " + std::to_string(kPublicKeyChars) +
                          "-character \"RW...\" line or a whole .pub file, got " +
                          std::to_string(line.size()) + " characters" + hint);
  }
  auto blob = DecodeExactly(line, kPublicKeyChars, kPublicKeyBytes);
  if (!blob) return PublicKeyError("not canonical base64");
  if (!HasAlgorithm(*blob, kPublicKeyAlgorithm)) {
    return PublicKeyError("unsupported algorithm (only Ed25519, \"Ed\")");
  }
  PublicKey key;
  auto rest = std::span<const uint8_t>(*blob).subspan(kAlgorithmBytes);
  std::copy_n(rest.begin(), kKeyIdBytes, key.key_id.begin());
  std::copy_n(rest.begin() + kKeyIdBytes, key.ed25519.size(), key.ed25519.begin());
  if (!crypto::Ed25519IsValidPublicKey(key.ed25519)) {
    return PublicKeyError("not a valid Ed25519 public key (small-order or non-canonical point)");
  }
  return key;
}

}  // namespace

Result<PublicKey> ParsePublicKey(std::string_view text) {
  if (!text.starts_with(kUntrustedPrefix)) return DecodePublicKeyLine(text);
  std::string_view rest = text, comment_line, key_line;
  if (!TakeLine(rest, comment_line) || !TakeLine(rest, key_line) || !rest.empty()) {
    return PublicKeyError(".pub file must be exactly two lines, each ending in a newline");
  }
  if (auto p = CommentProblem(comment_line.substr(kUntrustedPrefix.size()),
                              kMaxUntrustedCommentBytes, "untrusted")) {
    return PublicKeyError(*p);
  }
  return DecodePublicKeyLine(key_line);
}

std::string EncodePublicKey(const PublicKey& key) {
  std::vector<uint8_t> blob(kPublicKeyAlgorithm.begin(), kPublicKeyAlgorithm.end());
  blob.insert(blob.end(), key.key_id.begin(), key.key_id.end());
  blob.insert(blob.end(), key.ed25519.begin(), key.ed25519.end());
  return Base64(blob);
}

std::string FormatPublicKeyFile(const PublicKey& key) {
  return std::string(kUntrustedPrefix) + "minisign public key " + KeyIdText(key.key_id) + "\n" +
         EncodePublicKey(key) + "\n";
}

std::string KeyIdText(const KeyId& key_id) {
  uint64_t little_endian = 0;
  for (std::size_t i = key_id.size(); i-- > 0;) little_endian = (little_endian << 8) | key_id[i];
  char text[17];
  std::snprintf(text, sizeof text, "%" PRIX64, little_endian);
  return text;
}

Result<Signature> ParseSignatureFile(std::span<const uint8_t> bytes) {
  if (bytes.size() > kMaxSignatureFileBytes) {
    return SignatureError("file is " + std::to_string(bytes.size()) +
                          " bytes, larger than any minisign signature (" +
                          std::to_string(kMaxSignatureFileBytes) + ")");
  }
  std::string_view rest = AsText(bytes);
  if (rest.find('\r') != std::string_view::npos) {
    return SignatureError("CR found: minisign signature files have LF line endings");
  }
  std::string_view untrusted_line, signature_line, trusted_line, global_line;
  if (!TakeLine(rest, untrusted_line) || !TakeLine(rest, signature_line) ||
      !TakeLine(rest, trusted_line) || !TakeLine(rest, global_line)) {
    return SignatureError("expected 4 lines, each ending in a newline");
  }
  if (!rest.empty()) return SignatureError("unexpected data after the fourth line");
  if (!untrusted_line.starts_with(kUntrustedPrefix)) {
    return SignatureError("line 1 must start with \"untrusted comment: \"");
  }
  if (!trusted_line.starts_with(kTrustedPrefix)) {
    return SignatureError("line 3 must start with \"trusted comment: \"");
  }
  Signature s;
  s.untrusted_comment = std::string(untrusted_line.substr(kUntrustedPrefix.size()));
  s.trusted_comment = std::string(trusted_line.substr(kTrustedPrefix.size()));
  TVAULT_TRY(CheckComments(s.untrusted_comment, s.trusted_comment, ErrorCode::kIntegrity));

  auto blob = DecodeExactly(signature_line, kSignatureChars, kSignatureBlobBytes);
  if (!blob) return SignatureError("line 2 is not canonical base64 of a 74-byte signature");
  if (HasAlgorithm(*blob, kLegacyAlgorithm)) {
    return SignatureError(
        "legacy (non-prehashed, \"Ed\") signature refused: sign again with minisign 0.11 "
        "without -l");
  }
  if (!HasAlgorithm(*blob, kPrehashedAlgorithm)) {
    return SignatureError("unknown signature algorithm (only prehashed Ed25519, \"ED\")");
  }
  auto fields = std::span<const uint8_t>(*blob).subspan(kAlgorithmBytes);
  std::copy_n(fields.begin(), kKeyIdBytes, s.key_id.begin());
  std::copy_n(fields.begin() + kKeyIdBytes, s.signature.size(), s.signature.begin());

  auto global = DecodeExactly(global_line, kGlobalSignatureChars, s.global_signature.size());
  if (!global) return SignatureError("line 4 is not canonical base64 of a 64-byte signature");
  std::copy(global->begin(), global->end(), s.global_signature.begin());
  return s;
}

Result<std::string> FormatSignatureFile(const Signature& s) {
  TVAULT_TRY(CheckComments(s.untrusted_comment, s.trusted_comment, ErrorCode::kInvalidArgument));
  std::vector<uint8_t> blob(kPrehashedAlgorithm.begin(), kPrehashedAlgorithm.end());
  blob.insert(blob.end(), s.key_id.begin(), s.key_id.end());
  blob.insert(blob.end(), s.signature.begin(), s.signature.end());
  std::string out;
  out.reserve(kMaxSignatureFileBytes);
  out.append(kUntrustedPrefix).append(s.untrusted_comment).append("\n");
  out.append(Base64(blob)).append("\n");
  out.append(kTrustedPrefix).append(s.trusted_comment).append("\n");
  out.append(Base64(s.global_signature)).append("\n");
  return out;
}

Result<Signature> SignPrehashed(const SecretBytes& ed25519_secret_key, const KeyId& key_id,
                                const Blake2b512Digest& blake2b512_of_message,
                                std::string_view trusted_comment,
                                std::string_view untrusted_comment) {
  if (ed25519_secret_key.size() != crypto::kEd25519SecretBytes) {
    return SignatureError(ErrorCode::kInvalidArgument, "the Ed25519 secret key must be 64 bytes");
  }
  TVAULT_TRY(CheckComments(untrusted_comment, trusted_comment, ErrorCode::kInvalidArgument));
  Signature s;
  s.untrusted_comment = std::string(untrusted_comment);
  s.key_id = key_id;
  s.signature = crypto::Ed25519Sign(ed25519_secret_key, blake2b512_of_message);
  s.trusted_comment = std::string(trusted_comment);
  s.global_signature = crypto::Ed25519Sign(ed25519_secret_key, SignatureAndTrustedComment(s));

  // libsodium's secret key ends with the public key; a flipped bit anywhere in
  // the 64 bytes shows up here instead of in every verifier.
  PublicKey own{key_id, {}};
  auto public_half = ed25519_secret_key.reveal().subspan(32);
  std::copy(public_half.begin(), public_half.end(), own.ed25519.begin());
  if (!Verify(own, s, blake2b512_of_message).ok()) {
    return SignatureError(ErrorCode::kInternal,
                          "the new signature does not verify under its own key (corrupted key?)");
  }
  return s;
}

Status Verify(const PublicKey& key, const Signature& signature,
              const Blake2b512Digest& blake2b512_of_message) {
  TVAULT_TRY(
      CheckComments(signature.untrusted_comment, signature.trusted_comment, ErrorCode::kIntegrity));
  if (signature.key_id != key.key_id) {
    return SignatureError("made by key " + KeyIdText(signature.key_id) +
                          ", not by the expected key " + KeyIdText(key.key_id));
  }
  if (!crypto::Ed25519Verify(key.ed25519, signature.signature, blake2b512_of_message)) {
    return SignatureError("signature does not match the file");
  }
  if (!crypto::Ed25519Verify(key.ed25519, signature.global_signature,
                             SignatureAndTrustedComment(signature))) {
    return SignatureError("trusted comment signature verification failed");
  }
  return OkStatus();
}

Result<Blake2b512Digest> Blake2b512Of(ByteSource& source) {
  crypto::Blake2b512Hasher hasher;
  // The file may be evidence: the buffer is wiped when freed.
  PlainBytes chunk(kHashChunkBytes);
  for (;;) {
    TVAULT_ASSIGN_OR_RETURN(std::size_t n, source.Read(chunk));
    if (n == 0) break;
    hasher.Update(std::span<const uint8_t>(chunk).first(n));
  }
  return hasher.Finish();
}

Result<Blake2b512Digest> Blake2b512OfFile(const std::filesystem::path& path) {
  TVAULT_ASSIGN_OR_RETURN(FileSource source, FileSource::Open(path));
  return Blake2b512Of(source);
}

}  // namespace tvault::minisign
