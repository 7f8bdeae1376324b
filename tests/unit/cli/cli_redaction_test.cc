// tvault redact, redaction list and redaction show against the real binary:
// the ranges file, --json, errors on one line with their exit codes, and the
// proof of --proof-out checked by tools/verify_redaction.py against the
// commitment the audit log holds, with the hidden words and their SHA-256
// absent from the proof and from what `show` prints.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>

#include "crypto/hash.h"
#include "support/cli_runner.h"
#include "support/test_support.h"

namespace tvault::testing {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

const std::string kStatement =
    "The officer Dupont took me to the station.\nI saw Karimova there.\n";

class CliRedaction : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::string w = Trim(v_.Run({"witness", "add", "--name", "Amal"}).out);
    const fs::path f = v_.WriteFile("s.txt", kStatement);
    RunResult r = v_.Run({"testimony", "add", "--witness", w, "--file", f.string()});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    t_ = Trim(r.out).substr(0, 8);
  }
  // The second digest of the testimony.add event, from `audit log --json`.
  std::string LoggedCommitment() {
    RunResult r = v_.Run({"--json", "audit", "log", "--record", t_});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    for (const json& e : json::parse(r.out)) {
      if (e["action"] == "testimony.add") {
        EXPECT_EQ(e["digests"].size(), 2u);
        return e["digests"].back();
      }
    }
    ADD_FAILURE() << "no testimony.add";
    return "";
  }
  void ExpectError(const RunResult& r, int exit_code, const std::string& what) {
    EXPECT_EQ(r.exit_code, exit_code) << r.err;
    EXPECT_TRUE(r.err.starts_with("tvault: error: ")) << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
    EXPECT_TRUE(Has(r.err, what)) << r.err << " lacks " << what;
  }
  static std::string Script() {
    return (fs::path(TVAULT_TEST_DATA_DIR) / ".." / ".." / "tools" / "verify_redaction.py")
        .string();
  }
  CliVault v_;
  std::string t_;
};

TEST_F(CliRedaction, TheProofVerifiesWithThePythonVerifierAgainstTheLoggedCommitment) {
  ASSERT_TRUE(HaveProgram("python3")) << "needs python3 (scripts/setup --test installs it)";
  const std::size_t dupont = kStatement.find("Dupont");
  const fs::path ranges = v_.WriteFile(
      "ranges", "# the officer's name, then the second witness\nbytes " +
                    std::to_string(dupont + 1) + "-" + std::to_string(dupont + 3) +
                    "\n\ntokens 10-11\n");
  RunResult r = v_.Run({"--json", "redact", t_, "--ranges", ranges.string(), "--reason",
                        "for the press"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json made = json::parse(r.out);
  const std::string id = made["id"];
  EXPECT_EQ(id.size(), 8u);
  EXPECT_EQ(id.substr(0, 2), "R-");
  EXPECT_EQ(made["hidden"], json::parse("[[2,3],[10,11]]"));
  EXPECT_EQ(made["token_count"], 12);
  EXPECT_EQ(made["commitment_at_intake"], true);
  const std::string commitment = LoggedCommitment();
  EXPECT_EQ(made["commitment"], commitment);

  const fs::path proof = v_.root() / "proof.bin";
  r = v_.Run({"redaction", "show", id, "--proof-out", proof.string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string shown = r.out;
  const std::string expected_text =
      "The officer \u2588\u2588\u2588\u2588\u2588 took me to the station.\nI saw "
      "\u2588\u2588\u2588\u2588\u2588 there.\n";
  EXPECT_TRUE(Has(shown, expected_text)) << shown;
  EXPECT_TRUE(Has(shown, "for the press")) << shown;
  EXPECT_EQ(fs::status(proof).permissions() & fs::perms::all, fs::perms::owner_read |
                                                                   fs::perms::owner_write);

  const RunResult py = RunProgram({"python3", Script(), proof.string(), commitment});
  EXPECT_EQ(py.exit_code, 0) << py.err;
  EXPECT_EQ(py.out, expected_text);

  // Another commitment (version 1 of another statement) is refused.
  std::string wrong = commitment;
  wrong[0] = wrong[0] == '0' ? '1' : '0';
  EXPECT_EQ(RunProgram({"python3", Script(), proof.string(), wrong}).exit_code, 1);

  // Neither the hidden words nor their SHA-256 are in the proof or the output.
  const std::vector<uint8_t> bytes = ReadBytes(proof);
  const std::string proof_text(bytes.begin(), bytes.end());
  for (const std::string word : {"Dupont", "Karimova", "Dupont ", "Karimova "}) {
    const auto h = crypto::Sha256({reinterpret_cast<const uint8_t*>(word.data()), word.size()});
    for (const std::string* where : {&proof_text, &shown}) {
      EXPECT_FALSE(Has(*where, word)) << word;
      EXPECT_FALSE(Has(*where, std::string(h.begin(), h.end()))) << word;
      EXPECT_FALSE(Has(*where, Hex(h))) << word;
    }
  }
  // --proof-out never replaces a file.
  ExpectError(v_.Run({"redaction", "show", id, "--proof-out", proof.string()}), 1,
              "already exists");

  r = v_.Run({"--json", "redaction", "show", id});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json j = json::parse(r.out);
  EXPECT_EQ(j["text"], expected_text);
  EXPECT_EQ(j["reason"], "for the press");
  EXPECT_EQ(j["testimony"], t_);

  r = v_.Run({"--json", "redaction", "list", t_});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  ASSERT_EQ(json::parse(r.out).size(), 1u);
  EXPECT_EQ(json::parse(r.out)[0]["id"], id);
  EXPECT_FALSE(json::parse(r.out)[0].contains("reason"));
  r = v_.Run({"redaction", "list"});
  EXPECT_TRUE(Has(r.out, id + "  " + t_ + "@1")) << r.out;
  EXPECT_TRUE(Has(r.out, "2/12 tokens hidden")) << r.out;
}

TEST_F(CliRedaction, RangesFromStandardInput) {
  RunResult r = v_.Run({"redact", t_, "--ranges", "-", "--reason", "r"}, "tokens 0-2\n");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(Has(r.out, "2 of 12 tokens hidden")) << r.out;
}

TEST_F(CliRedaction, BadInputIsOneLineWithItsExitCode) {
  const fs::path junk = v_.WriteFile("junk", "words 1-2\n");
  ExpectError(v_.Run({"redact", t_, "--ranges", junk.string(), "--reason", "r"}), 2,
              "ranges file line 1");
  const fs::path empty = v_.WriteFile("empty", "# nothing\n");
  ExpectError(v_.Run({"redact", t_, "--ranges", empty.string(), "--reason", "r"}), 2,
              "names no range");
  const fs::path beyond = v_.WriteFile("beyond", "tokens 5-99\n");
  ExpectError(v_.Run({"redact", t_, "--ranges", beyond.string(), "--reason", "r"}), 2,
              "beyond the text's 12 tokens");
  const fs::path backwards = v_.WriteFile("backwards", "bytes 9-3\n");
  ExpectError(v_.Run({"redact", t_, "--ranges", backwards.string(), "--reason", "r"}), 2,
              "empty");
  const fs::path ok = v_.WriteFile("ok", "tokens 0-1\n");
  ExpectError(v_.Run({"redact", t_, "--ranges", ok.string(), "--reason", ""}), 2,
              "needs a reason");
  ExpectError(v_.Run({"redact", t_, "--version", "2", "--ranges", ok.string(), "--reason", "r"}),
              1, "versions 1 to 1");
  ExpectError(v_.Run({"redaction", "show", "R-000000"}), 1, "R-000000");
  ExpectError(v_.Run({"redaction", "show", t_}), 2, "not a redaction id");

  // A statement that is not UTF-8 has no commitment: exit 1, saying why.
  const std::string w = Trim(v_.Run({"witness", "add", "--name", "B"}).out);
  const fs::path latin1 = v_.WriteFile("l.txt", std::string("caf\xE9\n"));
  const std::string t2 =
      Trim(v_.Run({"testimony", "add", "--witness", w, "--file", latin1.string()}).out)
          .substr(0, 8);
  ExpectError(v_.Run({"redact", t2, "--ranges", ok.string(), "--reason", "r"}), 1,
              "cannot be redacted");
}


// --interactive: the numbered tokens on standard output, marks typed line by
// line (a wrong number is said and ignored, "clear" starts over), the
// preview, and nothing created unless "yes" is typed.
TEST_F(CliRedaction, InteractiveShowsNumberedTokensTakesMarksAndAsksBeforeCreating) {
  // Tokens: 0 The, 1 officer, 2 Dupont, ..., 10 Karimova, 11 there.
  RunResult r = v_.Run({"redact", t_, "--interactive", "--reason", "for the press"},
                       "5\nclear\n2\n99\n10-10\n\nyes\n");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(Has(r.out, "[0]The [1]officer [2]Dupont [3]took")) << r.out;
  EXPECT_TRUE(Has(r.out, "[10]Karimova [11]there.")) << r.out;
  EXPECT_TRUE(Has(r.out, "With those hidden, a recipient will read:\nThe officer "
                         "\u2588\u2588\u2588\u2588\u2588 took me to the station.\nI saw "
                         "\u2588\u2588\u2588\u2588\u2588 there.\n"))
      << r.out;
  EXPECT_TRUE(Has(r.out, "(tokens hidden under each mark, in order: 1, 1; the recipient can "
                         "count them, though not read them)"))
      << r.out;
  EXPECT_TRUE(Has(r.err, "the statement has tokens 0 to 11 only")) << r.err;
  RunResult list = v_.Run({"--json", "redaction", "list", t_});
  ASSERT_EQ(list.exit_code, 0) << list.err;
  const json all = json::parse(list.out);
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0]["hidden"], json::parse("[[2,3],[10,11]]"));  // token 5 was cleared

  for (const std::string input : {"2\n\nno\n", "2\n", "", "\n\n"}) {
    // The conversation is on standard error; the error is its last line.
    RunResult no = v_.Run({"redact", t_, "--interactive", "--reason", "x"}, input);
    EXPECT_EQ(no.exit_code, 1) << no.err;
    EXPECT_TRUE(no.err.ends_with("\ntvault: error: redaction cancelled: nothing was created\n"))
        << no.err;
  }
  EXPECT_EQ(json::parse(v_.Run({"--json", "redaction", "list", t_}).out).size(), 1u);
  ExpectError(v_.Run({"redact", t_, "--reason", "x"}), 2, "--ranges FILE or --interactive");
}

}  // namespace
}  // namespace tvault::testing
