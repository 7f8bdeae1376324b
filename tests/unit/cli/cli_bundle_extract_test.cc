// bundle extract, and bundles opened with --identity by a vault holder
// (docs/bundle-format.md section 5.1), against the real age-keygen,
// minisign and sha256sum.
#include <sys/stat.h>

#include "cli/cli_bundle_fixture.h"

namespace tvault::testing {
namespace {

// Entries of `dir` whose names start with `prefix`.
int CountStartingWith(const fs::path& dir, const std::string& prefix) {
  int n = 0;
  for (const auto& e : fs::directory_iterator(dir)) n += e.path().filename().string().starts_with(prefix);
  return n;
}

mode_t ModeOf(const fs::path& p) {
  struct stat st {};
  EXPECT_EQ(::lstat(p.c_str(), &st), 0) << p;
  return st.st_mode & 07777;
}

TEST_F(CliBundle, ExtractWithoutAVaultGivesFilesTheStandardToolsCheck) {
  const fs::path bundle = Export({"--to", "court"});
  const fs::path out = lawyer_.root() / "extracted";
  RunResult r = RunTvault({"--json", "bundle", "extract", bundle.string(), "--out", out.string(),
                           "--identity", court_key_.string(), "--signer-key", lawyer_key_});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(json::parse(r.out)["extracted_to"], out.string());
  EXPECT_EQ(FileText(out / "statements" / (t_ + ".v2.txt")),
            "First statement, with the building number.\n");
  EXPECT_EQ(FileText(out / "statements" / (t_ + ".v1.txt")), "First statement.\n");
  EXPECT_TRUE(fs::exists(out / "manifest.json"));
  EXPECT_TRUE(fs::exists(out / "HOW_TO_VERIFY.txt"));
  EXPECT_TRUE(fs::exists(out / "custody.json"));
  EXPECT_EQ(ModeOf(out), 0700u);
  EXPECT_EQ(ModeOf(out / "statements"), 0700u);
  EXPECT_EQ(ModeOf(out / "manifest.json"), 0600u);
  // The standard tools agree with what tvault checked.
  RunResult sums = Sh("cd " + Q(out) + " && sha256sum -c SHA256SUMS");
  EXPECT_EQ(sums.exit_code, 0) << sums.out << sums.err;
  RunResult sig = Sh("cd " + Q(out) + " && minisign -Vm SHA256SUMS -P " + lawyer_key_);
  EXPECT_EQ(sig.exit_code, 0) << sig.out << sig.err;
  EXPECT_EQ(CountStartingWith(lawyer_.root(), ".extracted.tvault-extract-"), 0);
}

TEST_F(CliBundle, ExtractWithAVaultIsLogged) {
  const fs::path bundle = Export({"--to", "journalist"});
  const fs::path out = journalist_.root() / "got";
  RunResult r = journalist_.Run({"bundle", "extract", bundle.string(), "--out", out.string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(Has(r.out, "Extracted to")) << r.out;
  EXPECT_EQ(FileText(out / "statements" / (t_ + ".v1.txt")), "First statement.\n");
  r = journalist_.Run({"--json", "audit", "log"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  bool logged = false;
  for (const auto& e : json::parse(r.out)) logged |= e["action"] == "bundle.extract";
  EXPECT_TRUE(logged);
  EXPECT_EQ(journalist_.Run({"audit", "verify"}).exit_code, 0);
}

TEST_F(CliBundle, ExtractOfABrokenBundleLeavesNothing) {
  const fs::path bundle = Export({"--to", "court"});
  std::vector<uint8_t> bytes = ReadBytes(bundle);
  const fs::path out = lawyer_.root() / "extracted";
  for (std::size_t at : {bytes.size() / 2, bytes.size() - 20}) {
    std::vector<uint8_t> bad = bytes;
    bad[at] ^= 0x01;
    const fs::path broken = lawyer_.root() / "broken.tvb";
    WriteBytes(broken, bad);
    RunResult r = RunTvault({"bundle", "extract", broken.string(), "--out", out.string(),
                             "--identity", court_key_.string(), "--signer-key", lawyer_key_});
    EXPECT_EQ(r.exit_code, 4) << "byte " << at << ": " << r.err;
    EXPECT_FALSE(fs::exists(out));
    EXPECT_EQ(CountStartingWith(lawyer_.root(), ".extracted.tvault-extract-"), 0);
  }
  // Not addressed to the identity: refused, nothing written.
  const fs::path to_journalist = Export({"--to", "journalist"}, "j.tvb");
  RunResult r = RunTvault({"bundle", "extract", to_journalist.string(), "--out", out.string(),
                           "--identity", court_key_.string(), "--signer-key", lawyer_key_});
  EXPECT_EQ(r.exit_code, 4) << r.err;
  EXPECT_FALSE(fs::exists(out));
}

TEST_F(CliBundle, ExtractRefusesAnExistingDirectoryOrLink) {
  const fs::path bundle = Export({"--to", "court"});
  const fs::path out = lawyer_.root() / "taken";
  fs::create_directory(out);
  RunResult r = RunTvault({"bundle", "extract", bundle.string(), "--out", out.string(),
                           "--identity", court_key_.string(), "--signer-key", lawyer_key_});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_TRUE(fs::is_empty(out));
  const fs::path link = lawyer_.root() / "link";
  fs::create_symlink(lawyer_.root() / "nowhere", link);
  r = RunTvault({"bundle", "extract", bundle.string(), "--out", link.string(), "--identity",
                 court_key_.string(), "--signer-key", lawyer_key_});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_FALSE(fs::exists(lawyer_.root() / "nowhere"));
}

TEST_F(CliBundle, AVaultHolderImportsABundleSentToTheirAgeKey) {
  // Sent to the court's age-keygen key; the journalist holds that key and a
  // vault that knows the lawyer.
  const fs::path bundle = Export({"--to", "court"});
  RunResult r = journalist_.Run({"bundle", "import", bundle.string()});
  EXPECT_EQ(r.exit_code, 4) << r.err;  // not addressed to the vault's own identity
  EXPECT_EQ(JournalistTestimonies(), 0u);
  r = journalist_.Run({"bundle", "verify", bundle.string(), "--identity", court_key_.string()});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(Has(r.out, "lawyer")) << r.out;  // the signing peer, from the vault
  r = journalist_.Run({"bundle", "import", bundle.string(), "--identity", court_key_.string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(JournalistTestimonies(), 1u);
  // The signer must still be a peer: a vault that does not know the lawyer refuses.
  CliVault stranger;
  r = stranger.Run({"bundle", "import", bundle.string(), "--identity", court_key_.string()});
  EXPECT_EQ(r.exit_code, 4) << r.err;
}

TEST_F(CliBundle, IdentityWithoutVaultOrSignerKeyStillAsksForTheKey) {
  const fs::path bundle = Export({"--to", "court"});
  const fs::path out = lawyer_.root() / "x";
  RunResult r = RunTvault({"--vault", (lawyer_.root() / "no-vault-here").string(), "bundle",
                           "extract", bundle.string(), "--out", out.string(), "--identity",
                           court_key_.string()});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_TRUE(Has(ErrorLine(r), "--signer-key")) << r.err;
  EXPECT_FALSE(fs::exists(out));
}

}  // namespace
}  // namespace tvault::testing
