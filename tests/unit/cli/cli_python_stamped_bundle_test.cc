// tools/verify_redaction.py --bundle on a format-3 bundle
// (docs/bundle-format.md 8) that the real `tvault export` writes with the
// tokens of a local time-stamping authority (support/local_tsa.h), opened
// with the real age and tar: the genuine bundle verifies and reports each
// token's time and each version's existed-by time exactly as the vault's
// own time-stamp list gives them, and tampered copies (made by
// tests/data/redaction/check_bundle_verifier.py --stamped, re-signed by a
// test key and re-stamped by the test authority so that every later check
// is reached) each fail with exit 1 and one line.
#include <gtest/gtest.h>

#include "cli_bundle_fixture.h"
#include "support/local_tsa.h"

namespace tvault::testing {
namespace {

class CliPythonStampedBundle : public CliBundle {
 protected:
  void SetUp() override {
    ASSERT_TRUE(HaveTools() && HaveProgram("python3") && HaveProgram("openssl"))
        << "needs age, age-keygen, minisign, tar, sha256sum, python3 and openssl "
           "(scripts/setup --test)";
    CliBundle::SetUp();
  }

  // A time-stamp of the log as it is now: (checkpoint size, time) as the
  // vault stored them.
  std::pair<uint64_t, std::string> Stamp() {
    const fs::path request = lawyer_.root() / ("request-" + std::to_string(++stamps_) + ".tsq");
    RunResult r = lawyer_.Run({"audit", "timestamp", "request", "--out", request.string()});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    r = lawyer_.Run({"--json", "audit", "timestamp", "add", tsa_.Reply(request).string(), "--ca",
                     LocalTsa::Fixture("ca.pem").string()});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    const json added = json::parse(r.out);
    EXPECT_EQ(added["authority"], "CN=tvault test TSA,O=tvault tests");
    return {added["checkpoint_size"].get<uint64_t>(), added["time"].get<std::string>()};
  }

  // The seq of the `action` event of `version` of `testimony`.
  std::string SeqOf(const std::string& testimony, const std::string& action, int version) {
    RunResult r = lawyer_.Run({"--json", "audit", "log", "--record", testimony});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    for (const json& e : json::parse(r.out)) {
      if (e["action"] == action && e["version"] == version) {
        return std::to_string(e["seq"].get<uint64_t>());
      }
    }
    ADD_FAILURE() << "no " << action << " of " << testimony << " v" << version;
    return "";
  }

  static std::string Tool() {
    return (fs::path(TVAULT_TEST_DATA_DIR) / ".." / ".." / "tools" / "verify_redaction.py")
        .string();
  }

  LocalTsa tsa_;
  int stamps_ = 0;
};

TEST_F(CliPythonStampedBundle, VerifiesTvaultsStampedBundleAndRefusesEachTamperedCopy) {
  // t_ has versions 1 and 2 (CliBundle); the first token covers them, the
  // second version 3, and nothing covers the testimony added last.
  const auto [n1, time1] = Stamp();
  const fs::path v3 = lawyer_.WriteFile("s3.txt", "First statement, corrected again.\n");
  ASSERT_EQ(lawyer_.Run({"testimony", "amend", t_, "--file", v3.string(), "--reason", "again"})
                .exit_code,
            0);
  const auto [n2, time2] = Stamp();
  ASSERT_LT(n1, n2);
  const fs::path late = lawyer_.WriteFile("late.txt", "A statement made after the last stamp.\n");
  RunResult r = lawyer_.Run({"testimony", "add", "--witness", w_, "--file", late.string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string late_t = Trim(r.out).substr(0, 8);
  const fs::path bundle = Export({"--to", "court", "--testimony", late_t}, "stamped.tvb");
  const fs::path x = lawyer_.root() / "x";
  r = OpenWithTheTools(bundle, x);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json manifest = json::parse(FileText(x / "manifest.json"));
  ASSERT_EQ(manifest["version"], 3);
  ASSERT_EQ(manifest["timestamps"], json::array({n1, n2}));

  r = RunProgram({"python3", Tool(), "--bundle", x.string(), "--signer-key", lawyer_key_});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err, "");
  const auto by = [](const std::string& time, uint64_t n) {
    return ", existed by " + time + " (time-stamp of checkpoint " + std::to_string(n) + ")\n";
  };
  const std::string tsa = "CN=tvault test TSA,O=tvault tests";
  const auto command = [](uint64_t n) {
    const std::string s = std::to_string(n);
    return "    openssl ts -verify -data timestamps/" + s + ".checkpoint.txt -in timestamps/" + s +
           ".tsr -CAfile tsa-ca.pem\n";
  };
  EXPECT_EQ(r.out,
            t_ + " v1: statement logged (seq " + SeqOf(t_, "testimony.add", 1) + ")" +
                by(time1, n1) + t_ + " v2: statement logged (seq " +
                SeqOf(t_, "testimony.amend", 2) + ")" + by(time1, n1) + t_ +
                " v3: statement logged (seq " + SeqOf(t_, "testimony.amend", 3) + ")" +
                by(time2, n2) + late_t + " v1: statement logged (seq " +
                SeqOf(late_t, "testimony.add", 1) + "), no time-stamp covers it\n" +
                "checkpoint " + std::to_string(n1) + ": time-stamped " + time1 +
                ", as stated by " + tsa + " (not checked)\ncheckpoint " + std::to_string(n2) +
                ": time-stamped " + time2 + ", as stated by " + tsa +
                " (not checked)\ntime-stamping authorities: NOT checked by this script, which "
                "reads each token but does not verify its signature; with the authority's CA "
                "certificate as tsa-ca.pem (from the authority, never from the bundle), run in " +
                x.string() + ":\n" + command(n1) + command(n2) + "bundle " +
                manifest["bundle_id"].get<std::string>() +
                ": verified, but not the time-stamping authorities' signatures (see above)\n");
  // tvault's own verifier agrees.
  r = lawyer_.Run({"bundle", "verify", bundle.string(), "--identity", court_key_.string(),
                   "--signer-key", lawyer_key_});
  EXPECT_EQ(r.exit_code, 0) << r.err;

  const fs::path check = fs::path(TVAULT_TEST_DATA_DIR) / "redaction" / "check_bundle_verifier.py";
  r = RunProgram({"python3", check.string(), Tool(), "--stamped", x.string(), lawyer_key_});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_TRUE(Has(r.out, "32 cases refused")) << r.out;
}

}  // namespace
}  // namespace tvault::testing
