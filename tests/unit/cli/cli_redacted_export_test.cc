// tvault export --redaction / --redacted and bundle verify of redacted
// records (docs/bundle-format.md section 7.7) with the real binary: the
// bundle opens with the real age, tar, minisign and sha256sum, holds none of
// the hidden words (searched in every unpacked file), names the independent
// verifier by the SHA-256 sha256sum computes, and verify reports each
// redaction in text and in exact JSON; bad requests fail in one line with
// their exit codes.
#include "cli_bundle_fixture.h"

#include <algorithm>

namespace tvault::testing {
namespace {

const std::string kWords = "Officer Dupont beat me.\nKarimova saw it.\n";

class CliRedactedExport : public CliBundle {
 protected:
  void SetUp() override {
    CliBundle::SetUp();
    if (IsSkipped()) return;
    const fs::path f = lawyer_.WriteFile("names.txt", kWords);
    RunResult r = lawyer_.Run({"testimony", "add", "--witness", w_, "--file", f.string(),
                               "--title", "Dupont case"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    named_ = Trim(r.out).substr(0, 8);
    ASSERT_EQ(lawyer_.Run({"consent", "record", named_, "--scope", "press"}).exit_code, 0);
    // Tokens 1 ("Dupont ") and 4 ("Karimova ").
    const fs::path ranges = lawyer_.WriteFile("ranges", "tokens 1-2\ntokens 4-5\n");
    r = lawyer_.Run({"--json", "redact", named_, "--ranges", ranges.string(), "--reason",
                     "for the press"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    redaction_ = json::parse(r.out)["id"];
  }
  RunResult ExportRedacted(const std::vector<std::string>& extra, const fs::path& out) {
    std::vector<std::string> args = {"export", "--purpose", "press", "--to", "court",
                                     "--reason", "publication", "--out", out.string()};
    args.insert(args.end(), extra.begin(), extra.end());
    return lawyer_.Run(args);
  }
  static void ExpectOneLine(const RunResult& r, int code, const std::string& what) {
    EXPECT_EQ(r.exit_code, code) << r.err;
    EXPECT_TRUE(r.err.starts_with("tvault: error: ")) << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
    EXPECT_NE(r.err.find(what), std::string::npos) << r.err;
  }
  static std::string Script() {
    return (fs::path(TVAULT_TEST_DATA_DIR) / ".." / ".." / "tools" / "verify_redaction.py")
        .string();
  }
  std::string named_, redaction_;
};

TEST_F(CliRedactedExport, TheToolsOpenItTheHiddenWordsAreNowhereAndVerifyReportsTheRedaction) {
  const fs::path bundle = lawyer_.root() / "r.tvb";
  RunResult r = lawyer_.Run({"--json", "export", "--purpose", "press", "--to", "court",
                             "--reason", "publication", "--out", bundle.string(), "--redaction",
                             redaction_});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json made = json::parse(r.out);
  EXPECT_EQ(made["redacted"], 1);
  EXPECT_EQ(made["records"], 1);
  EXPECT_EQ(made["versions"], 1);

  const fs::path x = lawyer_.root() / "x";
  RunResult tools = OpenWithTheTools(bundle, x);
  ASSERT_EQ(tools.exit_code, 0) << tools.out << tools.err;
  const std::string shown = FileText(x / "statements" / (named_ + ".v1.redacted.txt"));
  EXPECT_EQ(shown, "Officer \u2588\u2588\u2588\u2588\u2588 beat me.\n\u2588\u2588\u2588\u2588\u2588 "
                   "saw it.\n");
  EXPECT_TRUE(fs::exists(x / "redactions" / (redaction_ + ".proof")));

  // Every unpacked file, searched for the hidden words, their SHA-256 in
  // hex, the statement's SHA-256 and the title.
  const std::string statement_sha =
      Trim(Sh("sha256sum " + Q(lawyer_.root() / "names.txt") + " | cut -d' ' -f1").out);
  ASSERT_EQ(statement_sha.size(), 64u);
  std::vector<std::string> secrets = {"Dupont", "Karimova", statement_sha};
  for (const std::string word : {"Dupont", "Dupont ", "Karimova", "Karimova "}) {
    secrets.push_back(Trim(Sh("printf '%s' '" + word + "' | sha256sum | cut -d' ' -f1").out));
  }
  for (const auto& e : fs::recursive_directory_iterator(x)) {
    if (!e.is_regular_file()) continue;
    const std::string text = FileText(e.path());
    for (const std::string& s : secrets) {
      EXPECT_EQ(text.find(s), std::string::npos) << s << " in " << e.path();
    }
  }

  // HOW_TO_VERIFY.txt names the verifier by the SHA-256 sha256sum gives.
  const std::string verifier_sha =
      Trim(Sh("sha256sum " + Q(Script()) + " | cut -d' ' -f1").out);
  ASSERT_EQ(verifier_sha.size(), 64u);
  const std::string how = FileText(x / "HOW_TO_VERIFY.txt");
  EXPECT_NE(how.find(verifier_sha), std::string::npos) << how;
  const std::string bundle_id = json::parse(r.out)["bundle_id"];
  EXPECT_NE(how.find("python3 /path/to/tools/verify_redaction.py --bundle " + bundle_id +
                     " --signer-key " + lawyer_key_),
            std::string::npos)
      << how;
  EXPECT_EQ(how.find("--bundle ."), std::string::npos) << how;  // never from inside

  RunResult v = lawyer_.Run({"bundle", "verify", bundle.string(), "--identity",
                             court_key_.string(), "--signer-key", lawyer_key_});
  ASSERT_EQ(v.exit_code, 0) << v.err;
  EXPECT_NE(v.out.find("redacted    " + named_ + " v1 through " + redaction_ +
                       ": 2 of 7 tokens hidden; the rest is the text the sender's log committed "
                       "to when the version was made"),
            std::string::npos)
      << v.out;
  RunResult j = lawyer_.Run({"--json", "bundle", "verify", bundle.string(), "--identity",
                             court_key_.string(), "--signer-key", lawyer_key_});
  ASSERT_EQ(j.exit_code, 0) << j.err;
  const json red = json::parse(j.out)["redactions"];
  ASSERT_EQ(red.size(), 1u);
  EXPECT_EQ(red[0]["testimony"], named_);
  EXPECT_EQ(red[0]["version"], 1);
  EXPECT_EQ(red[0]["redaction"], redaction_);
  EXPECT_EQ(red[0]["tokens"], 7);
  EXPECT_EQ(red[0]["hidden_tokens"], 2);
  EXPECT_EQ(red[0]["logged"], true);
  EXPECT_EQ(red[0]["commitment_at_intake"], true);
  EXPECT_TRUE(red[0]["commitment_seq"].is_number_unsigned());

  // A plain bundle has an empty list, and its HOW_TO_VERIFY.txt does not
  // mention the verifier.
  const fs::path plain = Export({"--to", "court"}, "plain.tvb");
  RunResult pj = lawyer_.Run({"--json", "bundle", "verify", plain.string(), "--identity",
                              court_key_.string(), "--signer-key", lawyer_key_});
  ASSERT_EQ(pj.exit_code, 0) << pj.err;
  EXPECT_EQ(json::parse(pj.out)["redactions"], json::array());
}

TEST_F(CliRedactedExport, BadRequestsFailInOneLineAndWriteNothing) {
  const fs::path out = lawyer_.root() / "bad.tvb";
  ExpectOneLine(ExportRedacted({"--redaction", redaction_, "--with-contacts"}, out), 2,
                "contact details");
  ExpectOneLine(ExportRedacted({"--redaction", redaction_, "--format", "1"}, out), 2,
                "format 2");
  ExpectOneLine(ExportRedacted({"--redaction", named_}, out), 2, "--redaction");
  ExpectOneLine(ExportRedacted({"--redacted", "--testimony", t_}, out), 1, t_);
  ExpectOneLine(ExportRedacted({"--redaction", "R-ZZZZZZ"}, out), 1, "R-ZZZZZZ");
  EXPECT_FALSE(fs::exists(out));
  RunResult help = lawyer_.Run({"export", "--help"});
  EXPECT_NE(help.out.find("--redaction"), std::string::npos);
  EXPECT_NE(help.out.find("--redacted"), std::string::npos);
}

}  // namespace
}  // namespace tvault::testing
