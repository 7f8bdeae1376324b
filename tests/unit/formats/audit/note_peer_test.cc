// Interop with the Go reference implementation of signed notes,
// golang.org/x/mod/sumdb/note, built offline from Debian's packages
// golang-go and golang-golang-x-mod-dev (scripts/setup --test installs them)
// through the tiny driver tests/peers/note/main.go. Skipped, saying why,
// where those packages are missing.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <map>
#include <memory>

#include <sys/wait.h>

#include "formats/audit/audit_test_support.h"
#include "audit/checkpoint.h"
#include "crypto/asymmetric.h"

namespace tvault::testing {
namespace {

namespace fs = std::filesystem;
using audit::Checkpoint;
using audit::SignedNote;

const char kGo[] = "/usr/bin/go";
const char kGoPath[] = "/usr/share/gocode";
const char kNotePackage[] = "/usr/share/gocode/src/golang.org/x/mod/sumdb/note/note.go";

std::string Quote(const std::string& arg) {
  std::string q = "'";
  for (char c : arg) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

struct PeerRun {
  int exit_code = -1;
  std::string out;
  std::string err;
};

class NotePeerInterop : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    if (!fs::exists(kGo) || !fs::exists(kNotePackage)) return;
    dir_ = std::make_unique<ScratchDir>();
    const fs::path src = fs::path(TVAULT_TEST_DATA_DIR) / ".." / "peers" / "note" / "main.go";
    const fs::path d = dir_->path();
    // Offline and hermetic: GOPATH mode over Debian's sources, no proxy, a
    // private build cache and home.
    const std::string cmd = "cd " + Quote(d.string()) + " && env HOME=" + Quote(d.string()) +
                            " GOCACHE=" + Quote((d / "gocache").string()) +
                            " GO111MODULE=off GOPROXY=off GOFLAGS= GOPATH=" + kGoPath + " " +
                            kGo + " build -o notepeer " + Quote(src.string()) +
                            " >build.log 2>&1";
    built_ = std::system(cmd.c_str()) == 0;
  }
  static void TearDownTestSuite() { dir_.reset(); }

  void SetUp() override {
    if (!dir_) {
      GTEST_SKIP() << "Go peer unavailable: install golang-go and golang-golang-x-mod-dev "
                      "(scripts/setup --test)";
    }
    ASSERT_TRUE(built_) << "building the Go peer failed:\n"
                        << std::string(ReadDataTextAbs(dir_->path() / "build.log"));
  }

  static std::string ReadDataTextAbs(const fs::path& p) {
    auto b = ReadBytes(p);
    return std::string(b.begin(), b.end());
  }

  static PeerRun Peer(const std::string& command, const std::string& arg,
                      const std::string& input = "") {
    const fs::path d = dir_->path();
    WriteBytes(d / "in", AsSpan(input));
    const std::string cmd = Quote((d / "notepeer").string()) + " " + command + " " + Quote(arg) +
                            " <" + Quote((d / "in").string()) + " >" +
                            Quote((d / "out").string()) + " 2>" + Quote((d / "err").string());
    const int status = std::system(cmd.c_str());
    PeerRun r;
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    r.out = ReadDataTextAbs(d / "out");
    r.err = ReadDataTextAbs(d / "err");
    return r;
  }

  struct GoKey {
    std::string skey, vkey;
  };
  static GoKey GoKeygen(const std::string& name) {
    PeerRun r = Peer("keygen", name);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    const std::size_t nl = r.out.find('\n');
    return GoKey{r.out.substr(0, nl), FirstLine(r.out.substr(nl + 1))};
  }

  static std::unique_ptr<ScratchDir> dir_;
  static bool built_;
};
std::unique_ptr<ScratchDir> NotePeerInterop::dir_;
bool NotePeerInterop::built_ = false;

std::vector<Checkpoint> SampleCheckpoints(const std::string& origin) {
  std::vector<Checkpoint> out;
  const uint64_t sizes[] = {0, 1, 12345, UINT64_MAX};
  for (std::size_t i = 0; i < std::size(sizes); ++i) {
    Checkpoint cp;
    cp.origin = origin;
    cp.size = sizes[i];
    cp.root = crypto::Sha256(AsSpan("root " + std::to_string(i)));
    if (i % 2 == 1) cp.extension_lines = {"ext \xE2\x80\x94 \xC3\xA9", "second+line"};
    out.push_back(cp);
  }
  return out;
}

TEST_F(NotePeerInterop, GoSignedCheckpointsOpenWithOurs) {
  const std::string name = "tvault.example/peer-log";
  const GoKey go = GoKeygen(name);
  const audit::NoteVerifierKey key = Must(audit::ParseVerifierKey(go.vkey));
  EXPECT_EQ(Must(audit::FormatVerifierKey(key.name, key.public_key)), go.vkey);
  SecretBytes sk = SecretKeyFromGoSignerKey(go.skey, key.public_key);

  for (const Checkpoint& cp : SampleCheckpoints(name)) {
    const std::string body = Must(audit::FormatCheckpointBody(cp));
    const PeerRun signed_by_go = Peer("sign", go.skey, body);
    ASSERT_EQ(signed_by_go.exit_code, 0) << signed_by_go.err;
    EXPECT_EQ(Must(audit::OpenCheckpoint(signed_by_go.out, key, name)), cp);
    EXPECT_EQ(Must(audit::FormatSignedNote(Must(audit::ParseSignedNote(signed_by_go.out)))),
              signed_by_go.out);
    // Same key, same text: the same bytes from both implementations.
    const auto ours = Must(audit::SignNote(body, name, sk));
    EXPECT_EQ(Must(audit::FormatSignedNote(SignedNote{body, {ours}})), signed_by_go.out);
  }
  // Texts beyond checkpoints: inner blank lines, non-ASCII, a lone newline.
  for (const std::string text : {"a\n\nb\n", "\xC3\xA8 \xE2\x80\x94 \xF0\x9F\x93\x9C\n", "\n"}) {
    const PeerRun r = Peer("sign", go.skey, text);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const SignedNote n = Must(audit::ParseSignedNote(r.out));
    EXPECT_EQ(n.text, text);
    MustOk(audit::VerifyNote(n, key));
  }
}

TEST_F(NotePeerInterop, OurSignedNotesVerifyWithGo) {
  const std::string name = "tvault.example/our-log";
  const crypto::Ed25519KeyPair pair = crypto::GenerateEd25519();
  const std::string vkey = Must(audit::FormatVerifierKey(name, pair.public_key));
  const GoKey witness = GoKeygen("witness.example/w1");

  for (const Checkpoint& cp : SampleCheckpoints(name)) {
    const std::string body = Must(audit::FormatCheckpointBody(cp));
    const SignedNote note{body, {Must(audit::SignNote(body, name, pair.secret_key))}};
    const std::string wire = Must(audit::FormatSignedNote(note));
    const PeerRun r = Peer("verify", vkey, wire);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.out, body);

    // Go refuses it after tampering, and accepts it cosigned by a key it
    // does not know.
    std::string tampered = wire;
    tampered[name.size() + 1] = tampered[name.size() + 1] == '1' ? '2' : '1';
    EXPECT_NE(Peer("verify", vkey, tampered).exit_code, 0);
    const PeerRun cosig = Peer("sign", witness.skey, body);
    ASSERT_EQ(cosig.exit_code, 0) << cosig.err;
    SignedNote cosigned = Must(audit::ParseSignedNote(cosig.out));
    cosigned.signatures.push_back(note.signatures[0]);
    const PeerRun r2 = Peer("verify", vkey, Must(audit::FormatSignedNote(cosigned)));
    EXPECT_EQ(r2.exit_code, 0) << r2.err;
    EXPECT_EQ(Peer("verify", witness.vkey, Must(audit::FormatSignedNote(cosigned))).exit_code, 0);
  }
}

TEST_F(NotePeerInterop, FixturesGetTheSameVerdictFromGo) {
  const std::string vkey = FirstLine(ReadDataText("audit/fixture.vkey"));
  // Go does not parse checkpoint bodies: only the note-level breaks are its
  // to refuse.
  const std::map<std::string, bool> go_accepts = {
      {"Valid", true},
      {"ValidCosigned", true},
      {"BrokenNoBlankLine", false},
      {"BrokenHyphen", false},
      {"BrokenSignatureBase64", false},
      {"BrokenNoFinalNewline", false},
      {"BrokenTruncatedSignature", false},
      {"BrokenOtherKey", false},
      {"BrokenForgedKeyId", false},
      {"BrokenTamperedSize", false},
      {"BrokenLeadingZero", true},
      {"BrokenRootBase64", true},
      {"BrokenEmptyOrigin", true},
  };
  for (const auto& [stem, accepts] : go_accepts) {
    const PeerRun r = Peer("verify", vkey, ReadDataText("audit/" + stem + ".checkpoint"));
    EXPECT_EQ(r.exit_code == 0, accepts) << stem << ": " << r.err;
  }
}

}  // namespace
}  // namespace tvault::testing
