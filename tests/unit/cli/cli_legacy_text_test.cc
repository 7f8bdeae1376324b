// A vault that holds text that is not UTF-8 (written before intake refused
// it) through the real binary (issue #15, item 2): the text output shows it
// escaped, --json refuses rather than replace bytes, export names the record
// and the field; and intake refuses such text naming the option, exit 2.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>

#include "binding/text_intake.h"
#include "support/cli_runner.h"
#include "support/test_support.h"

namespace tvault::testing {
namespace {

class CliLegacyText : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto file = scratch_.path() / "s.txt";
    WriteBytes(file, std::vector<uint8_t>{'s', '\n'});
    file_ = file.string();
    Vault v = tv_.Open();
    WitnessDetails d;
    d.name = Text("Witness");
    w_ = Must(v.AddWitness(d));
    AcceptAnyTextForTestsOnly(true);
    TestimonyMetadata m;
    m.title = Text("title \xff");
    t_ = Must(v.AddTestimonies(w_, m, std::vector<StatementSource>{StatementFromFile(file_)}))[0].id;
    ASSERT_EQ(Must(v.AmendTestimony(t_, StatementFromFile(file_), Text("why \xfe"), {})), 2u);
    AcceptAnyTextForTestsOnly(false);
    const IdentityInfo me = Must(v.Identity());
    MustOk(v.AddPeer(Text("self"), me.age_recipient, ""));
    pass_ = scratch_.path() / "pass";
    WriteBytes(pass_, std::vector<uint8_t>(tv_.passphrase().begin(), tv_.passphrase().end()));
    std::filesystem::permissions(pass_, std::filesystem::perms::owner_read |
                                            std::filesystem::perms::owner_write,
                                 std::filesystem::perm_options::replace);
  }

  RunResult Run(std::vector<std::string> args) const {
    args.insert(args.begin(), {"--vault", tv_.dir().string(), "--passphrase-file", pass_.string()});
    return RunTvault(args);
  }

  TempVault tv_;
  ScratchDir scratch_;
  std::filesystem::path pass_;
  std::string file_, w_, t_;
};

TEST_F(CliLegacyText, TextShowsTheBytesEscapedAndJsonRefusesToReplaceThem) {
  RunResult list = Run({"testimony", "list"});
  ASSERT_EQ(list.exit_code, 0) << list.err;
  EXPECT_NE(list.out.find("title \\xFF"), std::string::npos) << list.out;
  RunResult json = Run({"--json", "testimony", "list"});
  EXPECT_EQ(json.exit_code, 1);
  EXPECT_EQ(json.out, "");
  EXPECT_NE(json.err.find(t_ + ": the field \"title\" is not valid UTF-8"), std::string::npos)
      << json.err;
  EXPECT_EQ(json.err.find("\xef\xbf\xbd"), std::string::npos);  // no U+FFFD anywhere
  RunResult history = Run({"testimony", "history", t_});
  EXPECT_NE(history.out.find("why \\xFE"), std::string::npos) << history.out;
  RunResult custody = Run({"--json", "custody", t_});
  EXPECT_EQ(custody.exit_code, 1);
  EXPECT_EQ(custody.out, "");
  EXPECT_NE(custody.err.find(t_ + ": the reason of version 2 is not valid UTF-8"), std::string::npos)
      << custody.err;
}

TEST_F(CliLegacyText, ExportNamesTheRecordAndTheField) {
  RunResult r = Run({"export", "--to", "self", "--all", "--reason", "court", "--out",
                     (scratch_.path() / "b.tvb").string()});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find(t_ + ": the reason of version 2 is not valid UTF-8 (byte 0xFE at offset 4)"),
            std::string::npos)
      << r.err;
}

TEST_F(CliLegacyText, IntakeRefusesTextThatIsNotUtf8NamingTheOption) {
  struct Case {
    std::vector<std::string> args;
    std::string message;
  };
  const std::string bad = std::string("bad") + "\xff";
  const std::vector<Case> cases = {
      {{"testimony", "amend", t_, "--file", file_, "--reason", bad},
       "--reason is not valid UTF-8 (byte 0xFF at offset 3)"},
      {{"testimony", "add", "--witness", w_, "--file", file_, "--title", bad},
       "--title is not valid UTF-8 (byte 0xFF at offset 3)"},
      {{"testimony", "amend", t_, "--file", file_, "--reason", "ok", "--place", bad},
       "--place is not valid UTF-8 (byte 0xFF at offset 3)"},
      {{"witness", "add", "--name", "W", "--phone", bad},
       "--phone is not valid UTF-8 (byte 0xFF at offset 3)"},
      {{"witness", "add", "--name", "W", "--notes", bad},
       "--notes is not valid UTF-8 (byte 0xFF at offset 3)"},
      {{"evidence", "add", t_, "--file", file_, "--description", bad},
       "--description is not valid UTF-8 (byte 0xFF at offset 3)"},
      {{"shred", t_, "--reason", bad}, "--reason is not valid UTF-8 (byte 0xFF at offset 3)"},
      {{"export", "--to", "self", "--all", "--reason", bad, "--out",
        (scratch_.path() / "x.tvb").string()},
       "--reason is not valid UTF-8 (byte 0xFF at offset 3)"},
      {{"peer", "add", bad, "--age-recipient", "age1x"},
       "NAME is not valid UTF-8 (byte 0xFF at offset 3)"},
  };
  for (const Case& c : cases) {
    RunResult r = Run(c.args);
    EXPECT_EQ(r.exit_code, 2) << c.message << ": " << r.err;
    EXPECT_EQ(r.err, "tvault: error: " + c.message + "\n");
  }
  RunResult init = RunTvault({"--vault", (scratch_.path() / "v2").string(), "--passphrase-file",
                              pass_.string(), "init", "--name", bad, "--kdf-memory-mib", "64",
                              "--kdf-passes", "1"});
  EXPECT_EQ(init.exit_code, 2);
  EXPECT_EQ(init.err, "tvault: error: --name is not valid UTF-8 (byte 0xFF at offset 3)\n");
  RunResult history = Run({"testimony", "history", t_});
  EXPECT_EQ(std::count(history.out.begin(), history.out.end(), '\n'), 2) << history.out;
}

}  // namespace
}  // namespace tvault::testing
