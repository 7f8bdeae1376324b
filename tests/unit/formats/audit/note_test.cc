// Signed notes (c2sp.org/signed-note) with Ed25519 keys: the Go reference's
// known answers, strict parsing, and the verification rules.
#include <gtest/gtest.h>

#include "audit/checkpoint.h"
#include "formats/audit/audit_test_support.h"
#include "crypto/asymmetric.h"
#include "crypto/encoding.h"

namespace tvault::testing {
namespace {

using audit::NoteSignature;
using audit::SignedNote;

const char kEmDash[] = "\xE2\x80\x94";

std::string SigLine(const std::string& name, const std::string& b64) {
  return std::string(kEmDash) + " " + name + " " + b64 + "\n";
}

audit::NoteVerifierKey MustKey(const std::string& vkey) {
  return Must(audit::ParseVerifierKey(vkey));
}

void ExpectCode(const Status& s, ErrorCode code, const std::string& what) {
  ASSERT_FALSE(s.ok()) << what;
  EXPECT_EQ(s.error().code, code) << what << ": " << s.error().message;
}
template <typename T>
void ExpectCode(const Result<T>& r, ErrorCode code, const std::string& what) {
  ASSERT_FALSE(r.ok()) << what;
  EXPECT_EQ(r.error().code, code) << what << ": " << r.error().message;
}

// --- known answers from golang.org/x/mod/sumdb/note -------------------------

TEST(NoteKnownAnswer, GoKeysSignaturesAndVerification) {
  auto blocks = ReadVectorFile("vectors/signed_note.txt");
  ASSERT_EQ(blocks.size(), 2u);
  int signed_here = 0;
  for (auto& v : blocks) {
    SCOPED_TRACE(v["name"]);
    const audit::NoteVerifierKey key = MustKey(v["vkey"]);
    EXPECT_EQ(key.name, v["name"]);
    EXPECT_EQ(Hex(std::vector<uint8_t>{uint8_t(key.key_id >> 24), uint8_t(key.key_id >> 16),
                                       uint8_t(key.key_id >> 8), uint8_t(key.key_id)}),
              v["key_id"]);
    EXPECT_EQ(audit::NoteKeyId(key.name, key.public_key), key.key_id);
    EXPECT_EQ(Must(audit::FormatVerifierKey(key.name, key.public_key)), v["vkey"]);

    const std::vector<uint8_t> text_bytes = Unhex(v["text_hex"]);
    const std::string text(text_bytes.begin(), text_bytes.end());
    const std::string note = text + "\n" + SigLine(v["name"], v["signature"]);
    const SignedNote parsed = Must(audit::ParseSignedNote(note));
    EXPECT_EQ(parsed.text, text);
    ASSERT_EQ(parsed.signatures.size(), 1u);
    EXPECT_EQ(parsed.signatures[0].key_id, key.key_id);
    EXPECT_EQ(parsed.signatures[0].signature.size(), 64u);
    MustOk(audit::VerifyNote(parsed, key));
    EXPECT_EQ(Must(audit::FormatSignedNote(parsed)), note);

    if (!v["skey"].empty()) {
      // Ed25519 is deterministic: our signature must be Go's, byte for byte.
      SecretBytes sk = SecretKeyFromGoSignerKey(v["skey"], key.public_key);
      const NoteSignature sig = Must(audit::SignNote(text, key.name, sk));
      EXPECT_EQ(Must(audit::FormatSignedNote(SignedNote{text, {sig}})), note);
      ++signed_here;
    }
  }
  EXPECT_EQ(signed_here, 1);

  // Each key verifies its own line of a note that carries both, and
  // nothing else.
  auto& peter = blocks[0];
  auto& enoch = blocks[1];
  const std::vector<uint8_t> text_bytes = Unhex(peter["text_hex"]);
  const std::string text(text_bytes.begin(), text_bytes.end());
  const SignedNote both = Must(audit::ParseSignedNote(
      text + "\n" + SigLine(peter["name"], peter["signature"]) +
      SigLine(enoch["name"], enoch["signature"])));
  MustOk(audit::VerifyNote(both, MustKey(peter["vkey"])));
  MustOk(audit::VerifyNote(both, MustKey(enoch["vkey"])));
  const SignedNote only_peter =
      Must(audit::ParseSignedNote(text + "\n" + SigLine(peter["name"], peter["signature"])));
  ExpectCode(audit::VerifyNote(only_peter, MustKey(enoch["vkey"])), ErrorCode::kIntegrity,
             "Peter's note under Enoch's key");
}

// TestNewVerifier of the Go package: every proper substring of the key and
// every one-byte change is refused.
TEST(NoteKnownAnswer, VerifierKeyManglingsAreRefused) {
  const std::string vkey = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
  ASSERT_TRUE(audit::ParseVerifierKey(vkey).ok());
  for (std::size_t i = 0; i <= vkey.size(); ++i) {
    for (std::size_t j = i + 1; j <= vkey.size(); ++j) {
      if (i == 0 && j == vkey.size()) continue;
      ASSERT_FALSE(audit::ParseVerifierKey(vkey.substr(i, j - i)).ok()) << vkey.substr(i, j - i);
    }
  }
  for (std::size_t i = 0; i < vkey.size(); ++i) {
    std::string bad = vkey;
    ++bad[i];
    ASSERT_FALSE(audit::ParseVerifierKey(bad).ok()) << bad;
  }
  // Wrong key length and an unknown algorithm, each with a matching id.
  ExpectCode(audit::ParseVerifierKey(
                 "PeterNeumann+cc469956+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TWBADKEY=="),
             ErrorCode::kInvalidArgument, "wrong length");
  ExpectCode(audit::ParseVerifierKey(
                 "PeterNeumann+173116ae+ZRpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"),
             ErrorCode::kUnsupported, "unknown algorithm");
  // Stricter than Go, for canonical keys: upper-case hex is refused.
  ExpectCode(audit::ParseVerifierKey(
                 "PeterNeumann+C74F20A3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"),
             ErrorCode::kInvalidArgument, "upper-case id");
}

// TestOpen of the Go package: malformed messages are refused by the parser.
TEST(NoteKnownAnswer, GoMalformedNotesAreRefused) {
  auto blocks = ReadVectorFile("vectors/signed_note.txt");
  ASSERT_EQ(blocks.size(), 2u);
  const std::vector<uint8_t> tb = Unhex(blocks[0]["text_hex"]);
  const std::string text(tb.begin(), tb.end());
  const std::string peter_sig = SigLine("PeterNeumann", blocks[0]["signature"]);
  const std::string bad[] = {
      text,
      text + "\n",
      text + "\n" + peter_sig.substr(0, peter_sig.size() - 1),
      "\x01" + text + "\n" + peter_sig,
      "\xff" + text + "\n" + peter_sig,
      text + "\n" + std::string(kEmDash) + " Bad Name " + blocks[0]["signature"],
      text + "\n" + peter_sig + "Unexpected line.\n",
  };
  for (const std::string& msg : bad) {
    ExpectCode(audit::ParseSignedNote(msg), ErrorCode::kIntegrity, msg);
  }
  // The cap: 100 signatures parse, 101 do not.
  std::string hundred = text + "\n";
  for (int i = 0; i < 100; ++i) hundred += peter_sig;
  EXPECT_EQ(Must(audit::ParseSignedNote(hundred)).signatures.size(), 100u);
  ExpectCode(audit::ParseSignedNote(hundred + peter_sig), ErrorCode::kIntegrity, "101");

  // A corrupted but well-formed signature of a known key fails verification.
  const std::string corrupt = peter_sig.substr(0, 60) + "ABCD" + peter_sig.substr(60);
  const SignedNote n = Must(audit::ParseSignedNote(text + "\n" + corrupt));
  ExpectCode(audit::VerifyNote(n, MustKey(blocks[0]["vkey"])), ErrorCode::kIntegrity, "ABCD");
}

// --- our own signing and the verification rules ------------------------------

struct TestKey {
  std::string name;
  crypto::Ed25519KeyPair pair = crypto::GenerateEd25519();
  audit::NoteVerifierKey vkey() const {
    return Must(audit::ParseVerifierKey(Must(audit::FormatVerifierKey(name, pair.public_key))));
  }
  NoteSignature Sign(const std::string& text) const {
    return Must(audit::SignNote(text, name, pair.secret_key));
  }
};

TEST(NoteSigning, RoundTripAndTamper) {
  const TestKey log{"tvault.example/log"};
  const std::string text = "line one\n\nline three after a blank line\n";
  const SignedNote note{text, {log.Sign(text)}};
  const std::string wire = Must(audit::FormatSignedNote(note));
  const SignedNote parsed = Must(audit::ParseSignedNote(wire));
  EXPECT_EQ(parsed, note);
  MustOk(audit::VerifyNote(parsed, log.vkey()));

  // Every single-bit change of the wire form is refused by the parser or
  // by verification.
  for (std::size_t i = 0; i < wire.size(); ++i) {
    for (int bit = 0; bit < 8; ++bit) {
      std::string bad = wire;
      bad[i] = static_cast<char>(bad[i] ^ (1 << bit));
      auto r = audit::ParseSignedNote(bad);
      if (!r.ok()) continue;
      EXPECT_FALSE(audit::VerifyNote(*r, log.vkey()).ok()) << "byte " << i << " bit " << bit;
    }
  }
}

TEST(NoteSigning, UnknownSignaturesAreKeptAndIgnored) {
  const TestKey log{"tvault.example/log"};
  const TestKey same_name{"tvault.example/log"};  // another key under the log's name
  const TestKey witness{"witness.example/w"};
  const std::string text = "body\n";
  NoteSignature unknown_alg{"future.example/pq", 0x01020304, std::vector<uint8_t>(3000, 0xAB)};
  const SignedNote note{text, {witness.Sign(text), unknown_alg, same_name.Sign(text),
                               log.Sign(text)}};
  const SignedNote parsed = Must(audit::ParseSignedNote(Must(audit::FormatSignedNote(note))));
  EXPECT_EQ(parsed, note);  // order and unknown lines survive
  MustOk(audit::VerifyNote(parsed, log.vkey()));
  MustOk(audit::VerifyNote(parsed, same_name.vkey()));
  MustOk(audit::VerifyNote(parsed, witness.vkey()));
  const TestKey stranger{"tvault.example/log"};
  ExpectCode(audit::VerifyNote(parsed, stranger.vkey()), ErrorCode::kIntegrity, "stranger");
}

TEST(NoteSigning, ABadSignatureOfTheKeyRejectsTheNote) {
  const TestKey log{"tvault.example/log"};
  const std::string text = "body\n";
  NoteSignature good = log.Sign(text);
  NoteSignature bad = good;
  bad.signature[10] ^= 0x01;
  // signed-note: if a known key's signature fails, clients SHOULD reject.
  ExpectCode(audit::VerifyNote(SignedNote{text, {good, bad}}, log.vkey()), ErrorCode::kIntegrity,
             "good then bad");
  ExpectCode(audit::VerifyNote(SignedNote{text, {bad, good}}, log.vkey()), ErrorCode::kIntegrity,
             "bad then good");
  // Right id under another name, and right name with another id: ignored.
  NoteSignature renamed = good;
  renamed.key_name = "tvault.example/other";
  NoteSignature other_id = bad;
  other_id.key_id ^= 1;
  MustOk(audit::VerifyNote(SignedNote{text, {renamed, other_id, good}}, log.vkey()));
  ExpectCode(audit::VerifyNote(SignedNote{text, {renamed, other_id}}, log.vkey()),
             ErrorCode::kIntegrity, "no signature of the key");
  ExpectCode(audit::VerifyNote(SignedNote{text, {}}, log.vkey()), ErrorCode::kIntegrity, "none");
  // A signature over another text.
  ExpectCode(audit::VerifyNote(SignedNote{"other body\n", {good}}, log.vkey()),
             ErrorCode::kIntegrity, "other text");
}

TEST(NoteSigning, KeyNames) {
  for (const char* ok : {"a", "example.com/log42", "PeterNeumann", "caf\xC3\xA9", "x~y|z=\x7F"}) {
    EXPECT_TRUE(audit::IsValidNoteKeyName(ok)) << ok;
  }
  for (const char* bad : {"", "a+b", "a b", "a\tb", "a\nb", "a\x01", "\xff", "\xC3",
                          "a\xC2\xA0" "b",       // U+00A0 NO-BREAK SPACE
                          "a\xC2\x85" "b",       // U+0085 NEXT LINE
                          "a\xE2\x80\x83" "b",   // U+2003 EM SPACE
                          "a\xE2\x80\xA8" "b",   // U+2028 LINE SEPARATOR
                          "a\xE3\x80\x80" "b",   // U+3000 IDEOGRAPHIC SPACE
                          "a\xE1\x9A\x80" "b"}) {  // U+1680 OGHAM SPACE MARK
    EXPECT_FALSE(audit::IsValidNoteKeyName(bad)) << Hex(AsSpan(bad));
  }
  // A look-alike that is not a space stays valid: U+2014 EM DASH.
  EXPECT_TRUE(audit::IsValidNoteKeyName("a\xE2\x80\x94" "b"));
}

TEST(NoteSigning, SignRefusesWhatCouldNotBeParsed) {
  const TestKey log{"tvault.example/log"};
  for (const char* text : {"", "no final newline", "ctrl \x01 char\n", "bad utf8 \xC3\n",
                           "cr\r\n"}) {
    ExpectCode(audit::SignNote(text, log.name, log.pair.secret_key),
               ErrorCode::kInvalidArgument, Hex(AsSpan(text)));
  }
  ExpectCode(audit::SignNote("ok\n", "a b", log.pair.secret_key), ErrorCode::kInvalidArgument,
             "name");
  ExpectCode(audit::SignNote("ok\n", log.name, SecretBytes(32)), ErrorCode::kInvalidArgument,
             "32-byte key");
  // Seed of one key with the public half of another.
  const TestKey other{"x"};
  SecretBytes mixed = SecretBytes::CopyOf(log.pair.secret_key.reveal());
  std::copy(other.pair.public_key.begin(), other.pair.public_key.end(),
            mixed.reveal().begin() + 32);
  ExpectCode(audit::SignNote("ok\n", log.name, mixed), ErrorCode::kInvalidArgument, "mixed");
}

TEST(NoteFormat, FormatRefusesWhatCouldNotBeParsed) {
  const TestKey log{"tvault.example/log"};
  const NoteSignature sig = log.Sign("ok\n");
  ExpectCode(audit::FormatSignedNote(SignedNote{"ok\n", {}}), ErrorCode::kInvalidArgument,
             "no signature");
  ExpectCode(audit::FormatSignedNote(SignedNote{"ok", {sig}}), ErrorCode::kInvalidArgument,
             "no final newline");
  NoteSignature bad_name = sig;
  bad_name.key_name = "a+b";
  ExpectCode(audit::FormatSignedNote(SignedNote{"ok\n", {bad_name}}),
             ErrorCode::kInvalidArgument, "name");
  NoteSignature empty = sig;
  empty.signature.clear();
  ExpectCode(audit::FormatSignedNote(SignedNote{"ok\n", {empty}}), ErrorCode::kInvalidArgument,
             "empty signature");
  NoteSignature huge = sig;
  huge.signature.assign(audit::kMaxNoteSignatureBytes, 0);
  ExpectCode(audit::FormatSignedNote(SignedNote{"ok\n", {huge}}), ErrorCode::kInvalidArgument,
             "huge signature");
  ExpectCode(audit::FormatSignedNote(SignedNote{"ok\n", std::vector<NoteSignature>(101, sig)}),
             ErrorCode::kInvalidArgument, "101 signatures");
  ExpectCode(audit::FormatVerifierKey("a b", log.pair.public_key), ErrorCode::kInvalidArgument,
             "vkey name");
}

TEST(NoteFormat, ParserStrictness) {
  const TestKey log{"tvault.example/log"};
  const std::string text = "body\n";
  const std::string good = Must(audit::FormatSignedNote(SignedNote{text, {log.Sign(text)}}));
  const std::string line = good.substr(text.size() + 1);
  const std::string b64 = line.substr(line.rfind(' ') + 1, line.size() - line.rfind(' ') - 2);
  auto with_b64 = [&](const std::string& other) {
    return text + "\n" + SigLine(log.name, other);
  };
  const std::vector<uint8_t> raw = *crypto::Base64Decode(b64, crypto::Base64Variant::kPadded);
  const std::string bad[] = {
      text + "\n" + "- " + line.substr(std::string(kEmDash).size() + 1),  // hyphen
      text + "\n" + std::string(kEmDash) + log.name + " " + b64 + "\n",    // no space after dash
      text + "\n" + std::string(kEmDash) + "  " + log.name + " " + b64 + "\n",  // two spaces
      text + "\n" + std::string(kEmDash) + " " + log.name + "  " + b64 + "\n",  // two spaces
      text + "\n" + std::string(kEmDash) + " " + log.name + "\n",         // no signature
      with_b64(b64 + " "),                                                // trailing space
      with_b64(b64.substr(0, b64.size() - 1)),                            // padding cut
      with_b64(crypto::Base64Encode(raw, crypto::Base64Variant::kUnpadded)),
      with_b64("AAAAAA=="),                                               // 4 bytes: no signature
      with_b64("AAAAAAB="),                                               // non-canonical bits
      text + "\n" + line + "\n",                                          // blank line at the end
      text + "\n" + line.substr(0, line.size() - 1) + "\r\n",            // CRLF
      "\n",                                                               // nothing at all
      text + "\n\n",                                                        // no signature lines
      std::string(audit::kMaxNoteBytes, 'a'),                             // over the cap
  };
  for (const std::string& msg : bad) {
    ExpectCode(audit::ParseSignedNote(msg), ErrorCode::kIntegrity, msg.substr(0, 200));
  }
  // The spec's minimum: 16 signatures of nearly 5 kB each are accepted.
  SignedNote big{text, {}};
  for (int i = 0; i < 16; ++i) {
    big.signatures.push_back(NoteSignature{"pq.example/" + std::to_string(i), 7u,
                                           std::vector<uint8_t>(4996, uint8_t(i))});
  }
  const std::string big_wire = Must(audit::FormatSignedNote(big));
  EXPECT_EQ(Must(audit::ParseSignedNote(big_wire)), big);
}

TEST(NoteFormat, C2spSignedNoteExampleParsesAndRoundTrips) {
  const std::string note = ReadDataText("audit/C2spSignedNoteExample.note");
  const SignedNote parsed = Must(audit::ParseSignedNote(note));
  // The text keeps its inner blank line; the separator is the last one.
  EXPECT_EQ(parsed.text,
            "Ognuno sta solo sul cuor della terra\ntrafitto da un raggio di sole:\n\n"
            "ed \xC3\xA8 subito sera.\n");
  ASSERT_EQ(parsed.signatures.size(), 1u);
  EXPECT_EQ(parsed.signatures[0].key_name, "quasimodo.example/salvatore");
  EXPECT_EQ(parsed.signatures[0].signature.size(), 64u);
  EXPECT_EQ(Must(audit::FormatSignedNote(parsed)), note);
}

}  // namespace
}  // namespace tvault::testing
