// A vault.db restored from a backup older than the evidence folder: the
// evidence files it does not know are kept (their keys are only in the newer
// database) and `check` names them (tvault #15, item 4).
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "support/cli_runner.h"
#include "support/test_support.h"

namespace tvault::testing {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

struct RestoredVault {
  CliVault v;
  std::string testimony;
  std::string newer_evidence;

  RestoredVault() {
    const std::string w = Trim(v.Run({"witness", "add", "--name", "n"}).out);
    const fs::path st = v.WriteFile("statement", "what I saw");
    testimony = Trim(v.Run({"testimony", "add", "--witness", w, "--file", st.string()}).out);
    const fs::path backup = v.root() / "vault.db.backup";
    fs::copy_file(v.dir() / "vault.db", backup);
    const fs::path in = v.WriteFile("scan", "a scanned letter");
    RunResult added = v.Run({"evidence", "add", testimony, "--file", in.string()});
    EXPECT_EQ(added.exit_code, 0) << added.err;
    newer_evidence = Trim(added.out);
    fs::copy_file(backup, v.dir() / "vault.db", fs::copy_options::overwrite_existing);
  }
  fs::path EvidenceFile() const { return v.dir() / "evidence" / (newer_evidence + ".tve"); }
};

TEST(CliEvidenceRestore, OlderDatabaseKeepsNewerEvidenceAndCheckNamesIt) {
  RestoredVault r;
  ASSERT_TRUE(fs::exists(r.EvidenceFile()));
  const std::vector<uint8_t> before = ReadBytes(r.EvidenceFile());

  RunResult list = r.v.Run({"testimony", "list"});
  EXPECT_EQ(list.exit_code, 0) << list.err;
  ASSERT_TRUE(fs::exists(r.EvidenceFile())) << "testimony list deleted newer evidence";
  EXPECT_EQ(ReadBytes(r.EvidenceFile()), before);

  RunResult check = r.v.Run({"check"});
  EXPECT_EQ(check.exit_code, 1) << check.err;
  EXPECT_NE(check.err.find("evidence/" + r.newer_evidence + ".tve"), std::string::npos)
      << check.err;
  EXPECT_NE(check.err.find("older than the evidence folder"), std::string::npos) << check.err;
  EXPECT_TRUE(fs::exists(r.EvidenceFile()));

  RunResult as_json = r.v.Run({"--json", "check"});
  EXPECT_EQ(as_json.exit_code, 1);
  json j = json::parse(as_json.out);
  EXPECT_EQ(j["ok"], false);
  EXPECT_EQ(j["unknown_evidence_files"], json::array({r.newer_evidence + ".tve"}));
}

TEST(CliEvidenceRestore, NewEvidenceNeverReusesTheIdOfAKeptFile) {
  RestoredVault r;
  // Adds after the restore draw fresh ids; the kept file stays untouched.
  const std::vector<uint8_t> before = ReadBytes(r.EvidenceFile());
  for (int i = 0; i < 3; ++i) {
    const fs::path in = r.v.WriteFile("more" + std::to_string(i), "more");
    RunResult added = r.v.Run({"evidence", "add", r.testimony, "--file", in.string()});
    ASSERT_EQ(added.exit_code, 0) << added.err;
    EXPECT_NE(Trim(added.out), r.newer_evidence);
  }
  EXPECT_EQ(ReadBytes(r.EvidenceFile()), before);
}

TEST(CliEvidenceRestore, ShreddedEvidenceFilesAreStillSwept) {
  CliVault v;
  const std::string w = Trim(v.Run({"witness", "add", "--name", "n"}).out);
  const fs::path st = v.WriteFile("statement", "what I saw");
  const std::string t =
      Trim(v.Run({"testimony", "add", "--witness", w, "--file", st.string()}).out);
  const fs::path in = v.WriteFile("scan", "a scanned letter");
  const std::string e = Trim(v.Run({"evidence", "add", t, "--file", in.string()}).out);
  const fs::path file = v.dir() / "evidence" / (e + ".tve");
  const std::vector<uint8_t> kept = ReadBytes(file);
  ASSERT_EQ(v.Run({"shred", "--yes", t, "--reason", "consent withdrawn"}).exit_code, 0);
  EXPECT_FALSE(fs::exists(file));
  // As if shred's unlink had been interrupted: the tombstone proves the
  // file is noise, so the next command removes it.
  WriteBytes(file, kept);
  EXPECT_EQ(v.Run({"testimony", "list"}).exit_code, 0);
  EXPECT_FALSE(fs::exists(file));
  EXPECT_EQ(v.Run({"check"}).exit_code, 0);
}

}  // namespace
}  // namespace tvault::testing
