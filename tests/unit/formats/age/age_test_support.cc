#include "formats/age/age_test_support.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>

#include "crypto/chacha20poly1305.h"
#include "crypto/random.h"
#include "util/byte_io.h"

extern char** environ;

namespace tvault::testing {
namespace fs = std::filesystem;
using age::internal::kPayloadNonceBytes;
using age::internal::kSealedChunkBytes;

bool HaveAgeTools() {
  return ::access(kAgeBin, X_OK) == 0 && ::access(kAgeKeygenBin, X_OK) == 0;
}

ToolRun RunTool(const std::vector<std::string>& argv, const fs::path& scratch) {
  const fs::path out_path = scratch / "tool.stdout", err_path = scratch / "tool.stderr";
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  posix_spawn_file_actions_addopen(&actions, 2, err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  std::vector<char*> args;
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid = 0;
  ToolRun run;
  int rc = posix_spawn(&pid, argv[0].c_str(), &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) {
    ADD_FAILURE() << "cannot run " << argv[0];
    return run;
  }
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  run.out = ReadBytes(out_path);
  std::vector<uint8_t> err = ReadBytes(err_path);
  run.err.assign(err.begin(), err.end());
  return run;
}

std::vector<uint8_t> TestPlaintext(std::size_t n, uint32_t seed) {
  std::vector<uint8_t> out(n);
  uint32_t x = seed * 2654435761u + 1;
  for (auto& b : out) {
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    b = static_cast<uint8_t>(x);
  }
  return out;
}

std::vector<uint8_t> AgeEncryptOurs(std::span<const age::X25519Public> recipients,
                                    std::span<const uint8_t> plaintext, std::size_t write_size) {
  VectorSink sink;
  auto enc = age::Encryptor::Begin(recipients, sink);
  EXPECT_TRUE(enc.ok()) << enc.error().message;
  if (!enc.ok()) return {};
  for (std::size_t i = 0; i < plaintext.size(); i += write_size) {
    Status s = enc->Write(plaintext.subspan(i, std::min(write_size, plaintext.size() - i)));
    EXPECT_TRUE(s.ok()) << s.error().message;
  }
  Status s = enc->Finish();
  EXPECT_TRUE(s.ok()) << s.error().message;
  return std::move(sink.data());
}

AgeOutcome AgeDecryptOurs(std::span<const uint8_t> file, const std::vector<SecretBytes>& identities,
                          std::size_t read_size) {
  AgeOutcome outcome;
  SpanSource source(file);
  auto dec = age::Decryptor::Begin(source, identities, &outcome.failure);
  if (!dec.ok()) {
    EXPECT_NE(outcome.failure, age::Failure::kNone) << dec.error().message;
    outcome.code = dec.error().code;
    outcome.message = dec.error().message;
    return outcome;
  }
  EXPECT_EQ(outcome.failure, age::Failure::kNone);
  std::vector<uint8_t> buf(read_size);
  for (;;) {
    auto n = dec->Read(buf);
    if (!n.ok()) {
      outcome.failure = dec->failure();
      EXPECT_NE(outcome.failure, age::Failure::kNone);
      outcome.code = n.error().code;
      outcome.message = n.error().message;
      return outcome;
    }
    if (*n == 0) break;
    outcome.plaintext.insert(outcome.plaintext.end(), buf.begin(),
                             buf.begin() + static_cast<std::ptrdiff_t>(*n));
  }
  // The end is sticky: further reads keep saying 0.
  auto again = dec->Read(buf);
  EXPECT_TRUE(again.ok() && *again == 0);
  outcome.ok = true;
  return outcome;
}

fs::path WriteIdentityFile(const fs::path& dir, const std::string& name, const SecretBytes& identity) {
  fs::path p = dir / name;
  PlainString text = age::EncodeIdentity(identity);
  std::string file = "# created: by tvault tests\n# public key: " +
                     age::EncodeRecipient(age::RecipientOf(identity)) + "\n" +
                     std::string(text.begin(), text.end()) + "\n";
  WriteBytes(p, AsSpan(file));
  return p;
}

std::vector<uint8_t> ForgeAgeFile(const age::X25519Public& recipient,
                                  const std::vector<ForgedChunk>& chunks) {
  namespace in = age::internal;
  SecretBytes file_key = SecretBytes::Random(in::kFileKeyBytes);
  auto stanza = in::WrapX25519(file_key, recipient);
  EXPECT_TRUE(stanza.ok());
  in::Header header{{std::move(stanza).value()}, {}};
  header.mac = in::HeaderMac(file_key, in::SerializeHeaderWithoutMac(header.stanzas));
  std::vector<uint8_t> out = in::SerializeHeader(header);
  std::array<uint8_t, kPayloadNonceBytes> nonce;
  crypto::RandomBytes(nonce);
  out.insert(out.end(), nonce.begin(), nonce.end());
  SecretBytes payload_key = in::PayloadKey(file_key, nonce);
  for (const ForgedChunk& c : chunks) {
    std::array<uint8_t, 12> n{};
    for (int i = 0; i < 8; ++i) n[10 - i] = static_cast<uint8_t>(c.counter >> (8 * i));
    n[11] = c.final ? 1 : 0;
    std::vector<uint8_t> sealed(c.plaintext.size() + crypto::kChaChaTagBytes);
    EXPECT_TRUE(crypto::ChaCha20Poly1305Seal(sealed, payload_key, n, c.plaintext, {}).ok());
    out.insert(out.end(), sealed.begin(), sealed.end());
  }
  return out;
}

AgeParts SplitAgeFile(std::span<const uint8_t> file) {
  AgeParts parts;
  auto parsed = age::internal::ParseHeader(file);
  EXPECT_TRUE(parsed.ok()) << parsed.error().message;
  if (!parsed.ok()) return parts;
  std::size_t pos = parsed->size;
  parts.header.assign(file.begin(), file.begin() + static_cast<std::ptrdiff_t>(pos));
  std::size_t nonce_end = std::min(file.size(), pos + kPayloadNonceBytes);
  parts.nonce.assign(file.begin() + static_cast<std::ptrdiff_t>(pos),
                     file.begin() + static_cast<std::ptrdiff_t>(nonce_end));
  for (pos = nonce_end; pos < file.size(); pos += kSealedChunkBytes) {
    std::size_t end = std::min(file.size(), pos + kSealedChunkBytes);
    parts.chunks.emplace_back(file.begin() + static_cast<std::ptrdiff_t>(pos),
                              file.begin() + static_cast<std::ptrdiff_t>(end));
  }
  return parts;
}

std::vector<uint8_t> JoinAgeParts(const AgeParts& parts) {
  std::vector<uint8_t> out = parts.header;
  out.insert(out.end(), parts.nonce.begin(), parts.nonce.end());
  for (const auto& c : parts.chunks) out.insert(out.end(), c.begin(), c.end());
  return out;
}

}  // namespace tvault::testing
