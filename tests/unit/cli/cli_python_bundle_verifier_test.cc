// tools/verify_redaction.py --bundle (docs/redaction-format.md 6.1), the
// recipients' verifier in Python's standard library alone, against redacted
// bundles the real `tvault export --redaction` writes, opened with the real
// age and tar: the genuine bundle verifies with one line per version (as
// tvault's own `bundle verify` does), and tampered copies (made by
// tests/data/redaction/check_bundle_verifier.py, most re-signed by a test key
// so that every later check is reached) each fail with exit 1 and one line.
#include <gtest/gtest.h>

#include "binding/testimony_rows.h"
#include "cli_bundle_fixture.h"
#include "vault/vault.h"

namespace tvault::testing {
namespace {

const std::string kStatement =
    "The officer Dupont took me to the station.\nI saw Karimova there, and the "
    "building\u00a0number 14.\n";

class CliPythonBundleVerifier : public CliBundle {
 protected:
  void SetUp() override {
    ASSERT_TRUE(HaveTools() && HaveProgram("python3"))
        << "needs age, age-keygen, minisign, tar, sha256sum and python3 (scripts/setup --test)";
    CliBundle::SetUp();
    // Another witness than t_'s: a whole testimony may not travel beside a
    // redacted one of the same witness (docs/bundle-format.md 7.7).
    other_w_ = Trim(lawyer_.Run({"witness", "add", "--name", "Other"}).out);
    ASSERT_EQ(lawyer_.Run({"consent", "record", other_w_, "--scope", "court"}).exit_code, 0);
    const fs::path f = lawyer_.WriteFile("redactable.txt", kStatement);
    RunResult r = lawyer_.Run({"testimony", "add", "--witness", other_w_, "--file", f.string()});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    redacted_t_ = Trim(r.out).substr(0, 8);
  }

  // A redaction of `version` of `testimony` hiding `ranges` (a ranges file's
  // text), and its proof written to `proof_name`: (R id, proof path).
  std::pair<std::string, fs::path> Redact(const std::string& testimony, const std::string& version,
                                          const std::string& ranges,
                                          const std::string& proof_name) {
    const fs::path file = lawyer_.WriteFile(proof_name + ".ranges", ranges);
    RunResult r = lawyer_.Run({"--json", "redact", testimony, "--version", version, "--ranges",
                               file.string(), "--reason", "for the court"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    const std::string id = json::parse(r.out)["id"];
    const fs::path proof = lawyer_.root() / proof_name;
    r = lawyer_.Run({"redaction", "show", id, "--proof-out", proof.string()});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return {id, proof};
  }

  RunResult Verify(const fs::path& dir, const std::string& key) {
    return RunProgram({"python3", Tool(), "--bundle", dir.string(), "--signer-key", key});
  }

  // The seq of the first `action` event naming `testimony`.
  std::string SeqOf(const std::string& testimony, const std::string& action) {
    RunResult r = lawyer_.Run({"--json", "audit", "log", "--record", testimony});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    for (const json& e : json::parse(r.out))
      if (e["action"] == action) return std::to_string(e["seq"].get<uint64_t>());
    ADD_FAILURE() << "no " << action << " for " << testimony;
    return "";
  }

  // tests/data/redaction/check_bundle_verifier.py TOOL args... (its usage).
  RunResult Check(const std::vector<std::string>& args) {
    std::vector<std::string> argv = {
        "python3",
        (fs::path(TVAULT_TEST_DATA_DIR) / "redaction" / "check_bundle_verifier.py").string(),
        Tool()};
    argv.insert(argv.end(), args.begin(), args.end());
    return RunProgram(argv);
  }

  static std::string Tool() {
    return (fs::path(TVAULT_TEST_DATA_DIR) / ".." / ".." / "tools" / "verify_redaction.py")
        .string();
  }

  std::string redacted_t_, other_w_;
};

TEST_F(CliPythonBundleVerifier, VerifiesTvaultsRedactedBundleAndRefusesEachTamperedCopy) {
  const auto [rid, proof] = Redact(redacted_t_, "1", "tokens 2-3\ntokens 10-11\n", "r1.proof");
  const auto [same_version, same_proof] = Redact(redacted_t_, "1", "tokens 0-1\n", "r2.proof");
  const auto [other, other_proof] = Redact(t_, "2", "tokens 5-6\n", "r3.proof");
  const fs::path bundle = Export({"--to", "court", "--testimony", redacted_t_, "--redaction", rid},
                                 "for-the-court.tvb");
  const fs::path x = lawyer_.root() / "x";
  RunResult r = OpenWithTheTools(bundle, x);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  // The proof in the bundle is the one `redaction show` handed out.
  EXPECT_EQ(FileText(x / "redactions" / (rid + ".proof")), FileText(proof));

  r = Verify(x, lawyer_key_);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err, "");
  const std::string id = json::parse(FileText(x / "manifest.json"))["bundle_id"];
  EXPECT_EQ(r.out, t_ + " v1: statement logged (seq " + SeqOf(t_, "testimony.add") + ")\n" + t_ +
                       " v2: statement logged (seq " + SeqOf(t_, "testimony.amend") + ")\n" +
                       redacted_t_ + " v1: redacted " + rid +
                       ", 2 of 17 tokens hidden, commitment logged at intake (seq " +
                       SeqOf(redacted_t_, "testimony.add") + ")\nbundle " + id + ": verified\n");
  // tvault's own verifier agrees.
  r = lawyer_.Run({"bundle", "verify", bundle.string(), "--identity", court_key_.string(),
                   "--signer-key", lawyer_key_});
  EXPECT_EQ(r.exit_code, 0) << r.err;

  r = Check({x.string(), lawyer_key_, redacted_t_, rid, same_proof.string(), other_proof.string()});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_TRUE(Has(r.out, "32 cases refused")) << r.out;
}

// A version stored before redaction commitments existed (made here through
// the library's test hook, as an older tvault stored it): its first
// redaction logs testimony.redaction_commitment, which the custody of the
// redacted record must carry, and the verifier says the commitment is later.
TEST_F(CliPythonBundleVerifier, ACommitmentLoggedAtTheFirstRedactionIsCheckedAndSaidToBeLater) {
  std::string old_t;
  {
    OpenOptions options;
    Result<Vault> v = Vault::Open(lawyer_.dir(), Pass("cli test passphrase"), options);
    ASSERT_TRUE(v.ok()) << v.error().message;
    TestimonyMetadata m;
    m.title = Text("before commitments");
    const std::vector<StatementSource> src{
        []() -> Result<PlainBytes> { return PlainBytes(kStatement.begin(), kStatement.end()); }};
    OmitRedactionCommitmentForTestsOnly(true);
    auto added = v->AddTestimonies(other_w_, m, src);
    OmitRedactionCommitmentForTestsOnly(false);
    ASSERT_TRUE(added.ok()) << added.error().message;
    old_t = (*added)[0].id;
  }
  const auto [rid, proof] = Redact(old_t, "1", "tokens 2-3\n", "late.proof");
  const fs::path redacted =
      Export({"--to", "court", "--testimony", old_t, "--redaction", rid}, "late.tvb");
  const fs::path whole = Export({"--to", "court", "--testimony", old_t}, "whole.tvb");
  const fs::path log = lawyer_.root() / "log.bin";
  RunResult r = lawyer_.Run({"audit", "export", "--out", log.string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const fs::path x = lawyer_.root() / "x", y = lawyer_.root() / "y";
  ASSERT_EQ(OpenWithTheTools(redacted, x).exit_code, 0);
  ASSERT_EQ(OpenWithTheTools(whole, y).exit_code, 0);

  r = Check({"--late", x.string(), y.string(), lawyer_key_, old_t, rid, log.string()});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_TRUE(Has(r.out, old_t + " v1: redacted " + rid + ", 1 of 17 tokens hidden, " +
                             "commitment logged later, at its first redaction (seq " +
                             SeqOf(old_t, "testimony.redaction_commitment") + ")"))
      << r.out;
  EXPECT_TRUE(Has(r.out, "3 cases refused")) << r.out;
}

}  // namespace
}  // namespace tvault::testing
