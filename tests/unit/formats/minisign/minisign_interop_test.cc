// Interoperability with the real minisign 0.11 (/usr/bin/minisign), both
// ways: what minisign signs, tvault verifies (and refuses once tampered); what
// tvault signs, `minisign -V -H` verifies and prints. Skipped only when the
// binary is absent; scripts/setup installs it for CI.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdio>

#include "minisign/minisign.h"
#include "crypto/asymmetric.h"
#include "crypto/encoding.h"
#include "crypto/random.h"
#include "minisign_test_support.h"

namespace tvault::testing {
namespace {

namespace fs = std::filesystem;

constexpr const char* kMinisign = "/usr/bin/minisign";
constexpr std::size_t kSizes[] = {0, 1, 1024 * 1024};

struct CommandResult {
  int exit_code;
  std::string output;  // stdout and stderr together
};

std::string Quote(const fs::path& p) { return "'" + p.string() + "'"; }

CommandResult RunShell(const std::string& command) {
  CommandResult result{-1, ""};
  FILE* pipe = ::popen((command + " 2>&1 </dev/null").c_str(), "r");
  if (pipe == nullptr) return result;
  char buffer[4096];
  std::size_t n;
  while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) result.output.append(buffer, n);
  int status = ::pclose(pipe);
  if (WIFEXITED(status)) result.exit_code = WEXITSTATUS(status);
  return result;
}

// Deterministic, not all one byte value.
void WriteMessage(const fs::path& p, std::size_t size) {
  std::vector<uint8_t> bytes(size);
  for (std::size_t i = 0; i < size; ++i) bytes[i] = static_cast<uint8_t>((i * 31 + 7) % 251);
  WriteBytes(p, bytes);
}

std::string KeyLineOf(const std::string& pub_file) {
  std::size_t first_newline = pub_file.find('\n');
  return pub_file.substr(first_newline + 1, minisign::kPublicKeyChars);
}

class MinisignInterop : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!fs::exists(kMinisign)) GTEST_SKIP() << kMinisign << " is not installed";
    pub_ = dir_.path() / "minisign.pub";
    sec_ = dir_.path() / "minisign.key";
    CommandResult r =
        RunShell(std::string(kMinisign) + " -G -W -p " + Quote(pub_) + " -s " + Quote(sec_));
    ASSERT_EQ(r.exit_code, 0) << r.output;
  }

  // `minisign -S` over `message`, returning the signature file's path.
  fs::path MinisignSigns(const fs::path& message, const std::string& extra_flags = "") {
    fs::path sig = message.string() + ".minisig";
    CommandResult r =
        RunShell(std::string(kMinisign) + " -S " + extra_flags + " -s " + Quote(sec_) + " -m " +
                 Quote(message) + " -x " + Quote(sig) + " -t 'trusted comment text'");
    EXPECT_EQ(r.exit_code, 0) << r.output;
    return sig;
  }

  CommandResult MinisignVerifies(const fs::path& message, const fs::path& sig,
                                 const std::string& key_flags) {
    return RunShell(std::string(kMinisign) + " -V -H -m " + Quote(message) + " -x " + Quote(sig) +
                    " " + key_flags);
  }

  minisign::PublicKey MinisignKey() { return Must(minisign::ParsePublicKey(ReadText(pub_))); }

  ScratchDir dir_;
  fs::path pub_, sec_;
};

// A tvault signer with a fresh key and the given key id.
struct TvaultSigner {
  explicit TvaultSigner(const minisign::KeyId& id) : key_id(id) {}
  TvaultSigner() { crypto::RandomBytes(key_id); }
  crypto::Ed25519KeyPair pair = crypto::GenerateEd25519();
  minisign::KeyId key_id{};
  minisign::PublicKey public_key() const { return {key_id, pair.public_key}; }

  // Signs `message` and writes `message`.minisig; returns its path.
  fs::path Sign(const fs::path& message, const std::string& trusted) const {
    auto digest = Must(minisign::Blake2b512OfFile(message));
    auto sig = Must(
        minisign::SignPrehashed(pair.secret_key, key_id, digest, trusted, "signature from tvault"));
    fs::path path = message.string() + ".minisig";
    WriteBytes(path, AsSpan(Must(minisign::FormatSignatureFile(sig))));
    return path;
  }
};

TEST_F(MinisignInterop, MinisignSignaturesVerifyWithEitherFormOfThePublicKey) {
  const std::string pub_file = ReadText(pub_);
  auto from_file = Must(minisign::ParsePublicKey(pub_file));
  auto from_line = Must(minisign::ParsePublicKey(KeyLineOf(pub_file)));
  // A fresh random key id, printed by minisign itself in the .pub comment.
  EXPECT_EQ(minisign::FormatPublicKeyFile(from_line), pub_file);

  for (std::size_t size : kSizes) {
    SCOPED_TRACE("message of " + std::to_string(size) + " bytes");
    fs::path message = dir_.path() / ("m" + std::to_string(size));
    WriteMessage(message, size);
    const std::vector<uint8_t> file = ReadBytes(MinisignSigns(message));
    auto sig = Must(minisign::ParseSignatureFile(file));
    EXPECT_EQ(sig.trusted_comment, "trusted comment text");
    EXPECT_EQ(sig.untrusted_comment, "signature from minisign secret key");
    EXPECT_EQ(Must(minisign::FormatSignatureFile(sig)), std::string(file.begin(), file.end()));
    auto digest = Must(minisign::Blake2b512OfFile(message));
    MustOk(minisign::Verify(from_file, sig, digest));
    MustOk(minisign::Verify(from_line, sig, digest));
  }
}

TEST_F(MinisignInterop, TamperedMinisignSignaturesAreRefusedByBothTools) {
  fs::path message = dir_.path() / "SHA256SUMS";
  WriteMessage(message, 1000);
  const auto key = MinisignKey();
  const auto digest = Must(minisign::Blake2b512OfFile(message));
  const auto genuine = Must(minisign::ParseSignatureFile(ReadBytes(MinisignSigns(message))));
  MustOk(minisign::Verify(key, genuine, digest));

  struct Tamper {
    const char* what;
    void (*edit)(minisign::Signature&);
    const char* fragment;
  };
  const Tamper tampers[] = {
      {"trusted comment", [](minisign::Signature& s) { s.trusted_comment += "!"; },
       "trusted comment signature verification failed"},
      {"signature", [](minisign::Signature& s) { s.signature[17] ^= 0x04; },
       "signature does not match the file"},
      {"global signature", [](minisign::Signature& s) { s.global_signature[3] ^= 0x40; },
       "trusted comment signature verification failed"},
      {"key id", [](minisign::Signature& s) { s.key_id[7] ^= 0x01; }, "made by key"},
  };
  for (const Tamper& t : tampers) {
    SCOPED_TRACE(t.what);
    minisign::Signature tampered = genuine;
    t.edit(tampered);
    ExpectError(minisign::Verify(key, tampered, digest), ErrorCode::kIntegrity, t.fragment);
    fs::path file = dir_.path() / "tampered.minisig";
    WriteBytes(file, AsSpan(Must(minisign::FormatSignatureFile(tampered))));
    EXPECT_NE(MinisignVerifies(message, file, "-p " + Quote(pub_)).exit_code, 0);
  }

  // The file itself.
  WriteMessage(message, 1001);
  ExpectError(minisign::Verify(key, genuine, Must(minisign::Blake2b512OfFile(message))),
              ErrorCode::kIntegrity, "signature does not match the file");
}

TEST_F(MinisignInterop, ASignatureByAnotherMinisignKeyNamesBothKeyIds) {
  fs::path message = dir_.path() / "f";
  WriteMessage(message, 10);
  auto sig = Must(minisign::ParseSignatureFile(ReadBytes(MinisignSigns(message))));
  auto other = Must(minisign::ParsePublicKey(ReadText(MinisignData("fixture.pub"))));
  ExpectError(minisign::Verify(other, sig, Must(minisign::Blake2b512OfFile(message))),
              ErrorCode::kIntegrity,
              "made by key " + minisign::KeyIdText(MinisignKey().key_id) +
                  ", not by the expected key 8F3B888D7FDEB80D");
}

TEST_F(MinisignInterop, LegacySignaturesFromMinisignAreRefused) {
  fs::path message = dir_.path() / "f";
  WriteMessage(message, 100);
  ExpectError(minisign::ParseSignatureFile(ReadBytes(MinisignSigns(message, "-l"))),
              ErrorCode::kIntegrity, "legacy (non-prehashed, \"Ed\") signature refused");
}

TEST_F(MinisignInterop, TvaultSignaturesVerifyWithMinisignPrehashedOnly) {
  TvaultSigner signer;
  fs::path our_pub = dir_.path() / "tvault.pub";
  WriteBytes(our_pub, AsSpan(minisign::FormatPublicKeyFile(signer.public_key())));
  const std::string key_line = minisign::EncodePublicKey(signer.public_key());

  for (std::size_t size : kSizes) {
    SCOPED_TRACE("message of " + std::to_string(size) + " bytes");
    fs::path message = dir_.path() / ("m" + std::to_string(size));
    WriteMessage(message, size);
    const std::string trusted = "tvault bundle\tsize:" + std::to_string(size) + "\thashed";
    fs::path sig = signer.Sign(message, trusted);
    for (const std::string& key_flags : {"-p " + Quote(our_pub), "-P " + key_line}) {
      CommandResult r = MinisignVerifies(message, sig, key_flags);
      EXPECT_EQ(r.exit_code, 0) << key_flags << ": " << r.output;
      EXPECT_NE(r.output.find(
                    "Signature and comment signature verified\nTrusted comment: " + trusted + "\n"),
                std::string::npos)
          << r.output;
    }
  }
}

TEST_F(MinisignInterop, MinisignRefusesTvaultSignaturesOnceTampered) {
  TvaultSigner signer;
  fs::path our_pub = dir_.path() / "tvault.pub";
  WriteBytes(our_pub, AsSpan(minisign::FormatPublicKeyFile(signer.public_key())));
  fs::path message = dir_.path() / "SHA256SUMS";
  WriteMessage(message, 64);
  fs::path sig_path = signer.Sign(message, "bundle 7");
  ASSERT_EQ(MinisignVerifies(message, sig_path, "-p " + Quote(our_pub)).exit_code, 0);

  std::string flipped = ReadText(sig_path);
  flipped.replace(flipped.find("bundle 7"), 8, "bundle 8");
  WriteBytes(sig_path, AsSpan(flipped));
  CommandResult r = MinisignVerifies(message, sig_path, "-p " + Quote(our_pub));
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_NE(r.output.find("Comment signature verification failed"), std::string::npos) << r.output;
}

TEST_F(MinisignInterop, MinisignPrintsOurKeyIdsAsKeyIdTextDoes) {
  // Leading zero nibbles are where %PRIX64 and a naive hex dump differ.
  TvaultSigner signer(minisign::KeyId{0xAB, 0x0C, 0, 0, 0, 0, 0, 0});
  ASSERT_EQ(minisign::KeyIdText(signer.key_id), "CAB");
  fs::path message = dir_.path() / "f";
  WriteMessage(message, 3);
  fs::path sig = signer.Sign(message, "t");
  CommandResult r = MinisignVerifies(message, sig, "-p " + Quote(pub_));
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.output.find(" is CAB\nbut the key id in the public key is " +
                          minisign::KeyIdText(MinisignKey().key_id) + "\n"),
            std::string::npos)
      << r.output;
}

// Writes a signature file by hand, bypassing FormatSignatureFile's caps.
std::string HandMadeSignatureFile(const TvaultSigner& signer, const fs::path& message,
                                  const std::string& trusted, const std::string& untrusted) {
  auto digest = Must(minisign::Blake2b512OfFile(message));
  auto sig = crypto::Ed25519Sign(signer.pair.secret_key, digest);
  std::vector<uint8_t> blob = {'E', 'D'};
  blob.insert(blob.end(), signer.key_id.begin(), signer.key_id.end());
  blob.insert(blob.end(), sig.begin(), sig.end());
  std::vector<uint8_t> covered(sig.begin(), sig.end());
  covered.insert(covered.end(), trusted.begin(), trusted.end());
  auto global = crypto::Ed25519Sign(signer.pair.secret_key, covered);
  return "untrusted comment: " + untrusted + "\n" +
         crypto::Base64Encode(blob, crypto::Base64Variant::kPadded) +
         "\ntrusted comment: " + trusted + "\n" +
         crypto::Base64Encode(global, crypto::Base64Variant::kPadded) + "\n";
}

TEST_F(MinisignInterop, CommentCapsAreExactlyWhatMinisignReadsBack) {
  TvaultSigner signer;
  fs::path our_pub = dir_.path() / "tvault.pub";
  WriteBytes(our_pub, AsSpan(minisign::FormatPublicKeyFile(signer.public_key())));
  fs::path message = dir_.path() / "f";
  WriteMessage(message, 5);
  const std::string trusted_max(minisign::kMaxTrustedCommentBytes, 't');
  const std::string untrusted_max(minisign::kMaxUntrustedCommentBytes, 'u');

  // Ours, at the caps: minisign verifies and prints the whole trusted comment.
  fs::path sig = dir_.path() / "f.minisig";
  WriteBytes(sig, AsSpan(HandMadeSignatureFile(signer, message, trusted_max, untrusted_max)));
  Must(minisign::ParseSignatureFile(ReadBytes(sig)));
  CommandResult r = MinisignVerifies(message, sig, "-p " + Quote(our_pub));
  EXPECT_EQ(r.exit_code, 0) << r.output.substr(0, 300);
  EXPECT_NE(r.output.find("Trusted comment: " + trusted_max + "\n"), std::string::npos);

  // One byte over either cap: minisign fails to read it back, and we refuse it.
  for (const auto& [trusted, untrusted] : {std::pair{trusted_max + "t", std::string("u")},
                                           std::pair{std::string("t"), untrusted_max + "u"}}) {
    WriteBytes(sig, AsSpan(HandMadeSignatureFile(signer, message, trusted, untrusted)));
    EXPECT_FALSE(minisign::ParseSignatureFile(ReadBytes(sig)).ok());
    EXPECT_NE(MinisignVerifies(message, sig, "-p " + Quote(our_pub)).exit_code, 0)
        << trusted.size() << " / " << untrusted.size();
  }
}

}  // namespace
}  // namespace tvault::testing
