#include "audit/checkpoint.h"

#include <algorithm>
#include <cstdio>

#include "crypto/encoding.h"
#include "crypto/hash.h"
#include "util/byte_io.h"
#include "vault/text.h"

namespace tvault::audit {
namespace {

using crypto::Base64Variant;

// UTF-8 forms of the non-ASCII code points Unicode marks White_Space (Go's
// unicode.IsSpace agrees). Inside valid UTF-8 a byte-string match is exact.
constexpr std::string_view kUnicodeSpaces[] = {
    "\xC2\x85",     "\xC2\xA0",     "\xE1\x9A\x80", "\xE2\x80\x80", "\xE2\x80\x81",
    "\xE2\x80\x82", "\xE2\x80\x83", "\xE2\x80\x84", "\xE2\x80\x85", "\xE2\x80\x86",
    "\xE2\x80\x87", "\xE2\x80\x88", "\xE2\x80\x89", "\xE2\x80\x8A", "\xE2\x80\xA8",
    "\xE2\x80\xA9", "\xE2\x80\xAF", "\xE2\x81\x9F", "\xE3\x80\x80",
};

constexpr std::size_t kKeyIdBytes = 4;
constexpr std::size_t kMaxSizeDigits = 20;  // UINT64_MAX has 20 digits

Error BadNote(const char* what) {
  return MakeError(ErrorCode::kIntegrity, std::string("malformed signed note: ") + what);
}
Error BadCheckpoint(const char* what) {
  return MakeError(ErrorCode::kIntegrity, std::string("malformed checkpoint: ") + what);
}
Error BadArgument(const char* what) { return MakeError(ErrorCode::kInvalidArgument, what); }

// signed-note: valid UTF-8 with no ASCII control character but newline.
bool IsNoteChars(std::string_view s) {
  for (char c : s) {
    if (static_cast<unsigned char>(c) < 0x20 && c != '\n') return false;
  }
  return IsValidUtf8(AsSpan(s));
}

bool IsNoteText(std::string_view s) {
  return !s.empty() && s.back() == '\n' && s.size() <= kMaxNoteBytes && IsNoteChars(s);
}

// One line of a note text: non-empty, no newline.
bool IsNoteLine(std::string_view s) {
  return !s.empty() && s.find('\n') == std::string_view::npos && IsNoteChars(s);
}

uint32_t ReadKeyId(std::span<const uint8_t> bytes) {
  uint32_t id = 0;
  ByteReader(bytes).U32(id);
  return id;
}

std::string HexKeyId(uint32_t id) {
  char buf[9];
  std::snprintf(buf, sizeof buf, "%08x", id);
  return buf;
}

bool IsLowerHex(std::string_view s) {
  for (char c : s) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

// Decimal without sign or leading zeros ("0" alone is the empty tree).
bool ParseTreeSize(std::string_view s, uint64_t& out) {
  if (s.empty() || s.size() > kMaxSizeDigits || (s.size() > 1 && s[0] == '0')) return false;
  uint64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
    const uint64_t digit = static_cast<uint64_t>(c - '0');
    if (v > (UINT64_MAX - digit) / 10) return false;
    v = v * 10 + digit;
  }
  out = v;
  return true;
}

Result<NoteSignature> ParseSignatureLine(std::string_view line) {
  if (!line.starts_with(kNoteSignaturePrefix))
    return BadNote("signature line does not start with an em dash and a space");
  line.remove_prefix(kNoteSignaturePrefix.size());
  const std::size_t space = line.find(' ');
  if (space == std::string_view::npos) return BadNote("signature line has no signature");
  const std::string_view name = line.substr(0, space);
  const std::string_view b64 = line.substr(space + 1);
  if (!IsValidNoteKeyName(name)) return BadNote("invalid key name in a signature line");
  auto raw = crypto::Base64Decode(b64, Base64Variant::kPadded);
  if (!raw || raw->size() <= kKeyIdBytes || raw->size() > kMaxNoteSignatureBytes)
    return BadNote("signature is not canonical base64 of a key id and a signature");
  NoteSignature sig;
  sig.key_name = std::string(name);
  sig.key_id = ReadKeyId(*raw);
  sig.signature.assign(raw->begin() + kKeyIdBytes, raw->end());
  return sig;
}

std::string FormatSignatureLine(const NoteSignature& sig) {
  std::vector<uint8_t> raw;
  ByteWriter w(raw);
  w.U32(sig.key_id);
  w.Raw(sig.signature);
  std::string line(kNoteSignaturePrefix);
  line += sig.key_name;
  line += ' ';
  line += crypto::Base64Encode(raw, Base64Variant::kPadded);
  line += '\n';
  return line;
}

}  // namespace

// --- tlog-checkpoint body ---------------------------------------------------

Result<std::string> FormatCheckpointBody(const Checkpoint& checkpoint) {
  if (!IsNoteLine(checkpoint.origin))
    return BadArgument("checkpoint origin must be one non-empty line of text");
  std::string text = checkpoint.origin + "\n" + std::to_string(checkpoint.size) + "\n" +
                     crypto::Base64Encode(checkpoint.root, Base64Variant::kPadded) + "\n";
  for (const std::string& line : checkpoint.extension_lines) {
    if (!IsNoteLine(line))
      return BadArgument("checkpoint extension lines must be non-empty lines of text");
    text += line;
    text += '\n';
  }
  if (text.size() > kMaxNoteBytes) return BadArgument("checkpoint is too large");
  return text;
}

Result<Checkpoint> ParseCheckpointBody(std::string_view text) {
  if (!IsNoteText(text)) return BadCheckpoint("not newline-terminated UTF-8 text");
  std::vector<std::string_view> lines;
  for (std::string_view rest = text; !rest.empty();) {
    const std::size_t eol = rest.find('\n');
    lines.push_back(rest.substr(0, eol));
    rest.remove_prefix(eol + 1);
  }
  if (lines.size() < 3) return BadCheckpoint("fewer than three lines");
  for (std::string_view line : lines) {
    if (line.empty()) return BadCheckpoint("empty line");
  }
  Checkpoint cp;
  cp.origin = std::string(lines[0]);
  if (!ParseTreeSize(lines[1], cp.size))
    return BadCheckpoint("tree size is not a decimal number without leading zeros");
  auto root = crypto::Base64Decode(lines[2], Base64Variant::kPadded);
  if (!root || root->size() != cp.root.size())
    return BadCheckpoint("root hash is not canonical base64 of 32 bytes");
  std::copy(root->begin(), root->end(), cp.root.begin());
  cp.extension_lines.assign(lines.begin() + 3, lines.end());
  return cp;
}

// --- signed-note keys -------------------------------------------------------

bool IsValidNoteKeyName(std::string_view name) {
  if (name.empty() || name.find('+') != std::string_view::npos) return false;
  for (char c : name) {
    const auto u = static_cast<unsigned char>(c);
    if (u <= 0x20) return false;  // ASCII controls and space
  }
  if (!IsValidUtf8(AsSpan(name))) return false;
  for (std::string_view space : kUnicodeSpaces) {
    if (name.find(space) != std::string_view::npos) return false;
  }
  return true;
}

uint32_t NoteKeyId(std::string_view name, const crypto::Ed25519PublicKey& public_key) {
  crypto::Sha256Hasher h;
  const uint8_t separator_and_type[] = {'\n', kNoteKeyTypeEd25519};
  h.Update(AsSpan(name));
  h.Update(separator_and_type);
  h.Update(public_key);
  return ReadKeyId(h.Finish());
}

Result<std::string> FormatVerifierKey(std::string_view name,
                                      const crypto::Ed25519PublicKey& public_key) {
  if (!IsValidNoteKeyName(name)) return BadArgument("invalid note key name");
  std::vector<uint8_t> typed_key{kNoteKeyTypeEd25519};
  typed_key.insert(typed_key.end(), public_key.begin(), public_key.end());
  return std::string(name) + "+" + HexKeyId(NoteKeyId(name, public_key)) + "+" +
         crypto::Base64Encode(typed_key, Base64Variant::kPadded);
}

Result<NoteVerifierKey> ParseVerifierKey(std::string_view vkey) {
  // The name and the hex id contain no '+'; base64 may.
  const std::size_t plus1 = vkey.find('+');
  if (plus1 == std::string_view::npos) return BadArgument("verifier key is not name+id+key");
  const std::size_t plus2 = vkey.find('+', plus1 + 1);
  if (plus2 == std::string_view::npos) return BadArgument("verifier key is not name+id+key");
  const std::string_view name = vkey.substr(0, plus1);
  const std::string_view hex_id = vkey.substr(plus1 + 1, plus2 - plus1 - 1);
  const std::string_view b64 = vkey.substr(plus2 + 1);
  if (!IsValidNoteKeyName(name)) return BadArgument("verifier key has an invalid name");
  if (hex_id.size() != 8 || !IsLowerHex(hex_id))
    return BadArgument("verifier key id is not 8 lowercase hex digits");
  auto typed_key = crypto::Base64Decode(b64, Base64Variant::kPadded);
  if (!typed_key || typed_key->empty())
    return BadArgument("verifier key is not canonical base64");
  if ((*typed_key)[0] != kNoteKeyTypeEd25519)
    return MakeError(ErrorCode::kUnsupported, "verifier key is not an Ed25519 note key");
  NoteVerifierKey key;
  if (typed_key->size() != 1 + key.public_key.size())
    return BadArgument("verifier key has the wrong length for Ed25519");
  std::copy(typed_key->begin() + 1, typed_key->end(), key.public_key.begin());
  key.name = std::string(name);
  key.key_id = NoteKeyId(name, key.public_key);
  if (HexKeyId(key.key_id) != hex_id)
    return BadArgument("verifier key id does not match its name and key");
  return key;
}

// --- signed notes -----------------------------------------------------------

Result<NoteSignature> SignNote(std::string_view text, std::string_view key_name,
                               const SecretBytes& secret_key) {
  if (!IsNoteText(text)) return BadArgument("note text must be newline-terminated UTF-8 text");
  if (!IsValidNoteKeyName(key_name)) return BadArgument("invalid note key name");
  if (secret_key.size() != crypto::kEd25519SecretBytes)
    return BadArgument("note signing key must be a 64-byte Ed25519 secret key");
  crypto::Ed25519PublicKey public_key;
  const auto public_half = secret_key.reveal().subspan(crypto::kEd25519SecretBytes -
                                                       crypto::kEd25519PublicBytes);
  std::copy(public_half.begin(), public_half.end(), public_key.begin());
  const crypto::Ed25519Signature sig = crypto::Ed25519Sign(secret_key, AsSpan(text));
  // A secret key whose public half is not its own would sign with an id
  // that no verifier key matches; refuse it here rather than at audit time.
  if (!crypto::Ed25519Verify(public_key, sig, AsSpan(text)))
    return BadArgument("note signing key is inconsistent");
  return NoteSignature{std::string(key_name), NoteKeyId(key_name, public_key),
                       std::vector<uint8_t>(sig.begin(), sig.end())};
}

Result<SignedNote> ParseSignedNote(std::string_view note) {
  if (note.size() > kMaxNoteBytes) return BadNote("note is too large");
  if (!IsNoteChars(note)) return BadNote("not UTF-8 text without control characters");
  // The text ends at the last blank line: signature lines are never empty.
  const std::size_t split = note.rfind("\n\n");
  if (split == std::string_view::npos) return BadNote("no blank line before the signatures");
  SignedNote out;
  out.text = std::string(note.substr(0, split + 1));
  std::string_view sigs = note.substr(split + 2);
  if (sigs.empty()) return BadNote("no signature lines");
  if (sigs.back() != '\n') return BadNote("last signature line has no newline");
  while (!sigs.empty()) {
    if (out.signatures.size() == kMaxNoteSignatures) return BadNote("too many signatures");
    const std::size_t eol = sigs.find('\n');
    TVAULT_ASSIGN_OR_RETURN(NoteSignature sig, ParseSignatureLine(sigs.substr(0, eol)));
    out.signatures.push_back(std::move(sig));
    sigs.remove_prefix(eol + 1);
  }
  return out;
}

Result<std::string> FormatSignedNote(const SignedNote& note) {
  if (!IsNoteText(note.text)) return BadArgument("note text must be newline-terminated UTF-8 text");
  if (note.signatures.empty() || note.signatures.size() > kMaxNoteSignatures)
    return BadArgument("a note needs between 1 and 100 signatures");
  std::string out = note.text + "\n";
  for (const NoteSignature& sig : note.signatures) {
    if (!IsValidNoteKeyName(sig.key_name)) return BadArgument("invalid note key name");
    if (sig.signature.empty() || kKeyIdBytes + sig.signature.size() > kMaxNoteSignatureBytes)
      return BadArgument("note signature has an impossible length");
    out += FormatSignatureLine(sig);
  }
  if (out.size() > kMaxNoteBytes) return BadArgument("note is too large");
  return out;
}

Status VerifyNote(const SignedNote& note, const NoteVerifierKey& key) {
  bool verified = false;
  for (const NoteSignature& sig : note.signatures) {
    if (sig.key_name != key.name || sig.key_id != key.key_id) continue;
    if (!crypto::Ed25519Verify(key.public_key, sig.signature, AsSpan(note.text)))
      return MakeError(ErrorCode::kIntegrity, "note signature by " + key.name + " does not verify");
    verified = true;
  }
  if (!verified) return MakeError(ErrorCode::kIntegrity, "note is not signed by " + key.name);
  return OkStatus();
}

Result<Checkpoint> OpenCheckpoint(std::string_view signed_note, const NoteVerifierKey& key,
                                  std::string_view expected_origin) {
  TVAULT_ASSIGN_OR_RETURN(SignedNote note, ParseSignedNote(signed_note));
  TVAULT_TRY(VerifyNote(note, key));
  TVAULT_ASSIGN_OR_RETURN(Checkpoint cp, ParseCheckpointBody(note.text));
  if (cp.origin != expected_origin)
    return MakeError(ErrorCode::kIntegrity, "checkpoint is for another log origin");
  return cp;
}

}  // namespace tvault::audit
