// A vault that holds text that is not UTF-8 (written before intake refused
// it) through the real binary (issue #15, item 2): the text output shows it
// escaped, --json refuses rather than replace bytes, export names the record
// and the field and offers --escape-invalid-text, which carries the exact
// bytes to a second vault; and intake refuses such text naming the option,
// exit 2.
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
    const auto amended = scratch_.path() / "s2.txt";
    WriteBytes(amended, std::vector<uint8_t>{'s', '2', '\n'});
    ASSERT_EQ(Must(v.AmendTestimony(t_, StatementFromFile(amended), Text("why \xfe"), {})), 2u);
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
  RunResult RunIn(const TempVault& vault, std::vector<std::string> args) const {
    args.insert(args.begin(),
                {"--vault", vault.dir().string(), "--passphrase-file", pass_.string()});
    return RunTvault(args);
  }

  // Peers both ways: this vault exports to `second` as "second", and
  // `second` accepts its signature and exports back to it as "back".
  void Pair(const TempVault& second) {
    Vault v = tv_.Open();
    Vault v2 = second.Open();
    const IdentityInfo mine = Must(v.Identity());
    const IdentityInfo theirs = Must(v2.Identity());
    MustOk(v2.AddPeer(Text("back"), mine.age_recipient, mine.minisign_public_key));
    MustOk(v.AddPeer(Text("second"), theirs.age_recipient, ""));
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

TEST_F(CliLegacyText, ExportNamesTheRecordAndTheFieldAndTheWayOut) {
  const auto out = scratch_.path() / "b.tvb";
  RunResult r = Run({"export", "--purpose", "court", "--override-consent", "--to", "self", "--all", "--reason", "court", "--out", out.string()});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "tvault: error: " + t_ +
                       ": the reason of version 2 is not valid UTF-8 (byte 0xFE at offset 4); it "
                       "was stored before tvault refused such text: rerun with "
                       "--escape-invalid-text to carry it in escaped form\n");
  EXPECT_FALSE(std::filesystem::exists(out));
  RunResult help = RunTvault({"export", "--help"});
  EXPECT_NE(help.out.find("--escape-invalid-text"), std::string::npos) << help.out;
  EXPECT_NE(help.out.find("restores the exact bytes"), std::string::npos) << help.out;
}

// With --escape-invalid-text the bytes travel: verify counts them, import
// stores them exactly, and the imported record behaves as the original.
TEST_F(CliLegacyText, EscapedExportCarriesTheExactBytesIntoASecondVault) {
  TempVault second;
  {
    Vault v = tv_.Open();
    AcceptAnyTextForTestsOnly(true);
    EvidenceMeta meta;
    meta.description = Text("photo \xfd");
    meta.media_type = Text("image/jpeg");
    const EvidenceInfo e = Must(v.AddEvidence(t_, file_, meta));
    AcceptAnyTextForTestsOnly(false);
    EXPECT_EQ(e.description, Text("photo \xfd"));
  }
  Pair(second);
  const auto bundle = scratch_.path() / "escaped.tvb";
  RunResult exported = Run({"export", "--purpose", "court", "--override-consent", "--to", "second", "--all", "--reason", "court",
                            "--escape-invalid-text", "--out", bundle.string()});
  ASSERT_EQ(exported.exit_code, 0) << exported.err;

  auto in_second = [&](std::vector<std::string> args) { return RunIn(second, std::move(args)); };
  RunResult verified = in_second({"bundle", "verify", bundle.string()});
  ASSERT_EQ(verified.exit_code, 0) << verified.err;
  // The title, the reason of version 2 and the evidence description.
  EXPECT_NE(verified.out.find("  not UTF-8   3 text fields"), std::string::npos) << verified.out;
  RunResult imported = in_second({"bundle", "import", bundle.string()});
  ASSERT_EQ(imported.exit_code, 0) << imported.err;

  std::string local;
  {
    Vault v2 = second.Open();
    const std::vector<TestimonySummary> list = Must(v2.ListTestimonies());
    ASSERT_EQ(list.size(), 1u);
    local = list[0].id;
    const Testimony t = Must(v2.GetTestimony(local, std::nullopt));
    EXPECT_EQ(t.metadata.title, Text("title \xff"));
    const std::vector<TestimonyVersionInfo> history = Must(v2.TestimonyHistory(local));
    ASSERT_EQ(history.size(), 2u);
    EXPECT_EQ(history[1].reason, Text("why \xfe"));
    const std::vector<EvidenceInfo> evidence = Must(v2.ListEvidence(local));
    ASSERT_EQ(evidence.size(), 1u);
    EXPECT_EQ(evidence[0].description, Text("photo \xfd"));
  }
  RunResult history = in_second({"testimony", "history", local});
  EXPECT_NE(history.out.find("why \\xFE"), std::string::npos) << history.out;
  RunResult json = in_second({"--json", "testimony", "list"});
  EXPECT_EQ(json.exit_code, 1);
  EXPECT_NE(json.err.find(local + ": the field \"title\" is not valid UTF-8"), std::string::npos)
      << json.err;

  // Exporting the imported record again needs the option again.
  const auto again = scratch_.path() / "again.tvb";
  RunResult refused = in_second({"export", "--purpose", "court", "--override-consent", "--to", "back", "--all", "--reason", "back",
                                 "--out", again.string()});
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_NE(refused.err.find("rerun with --escape-invalid-text"), std::string::npos) << refused.err;
  RunResult escaped = in_second({"export", "--purpose", "court", "--override-consent", "--to", "back", "--all", "--reason", "back",
                                 "--escape-invalid-text", "--out", again.string()});
  EXPECT_EQ(escaped.exit_code, 0) << escaped.err;
}

// Contact files follow the same rule, aliases included.
TEST_F(CliLegacyText, EscapedContactsKeepTheirExactBytes) {
  std::string w;
  {
    Vault v = tv_.Open();
    AcceptAnyTextForTestsOnly(true);
    WitnessDetails d;
    d.name = Text("Name");
    d.aliases = {Text("first"), Text("second \xfa")};
    d.phone = Text("+1 \xfb");
    w = Must(v.AddWitness(d));
    AcceptAnyTextForTestsOnly(false);
    TestimonyMetadata m;
    m.title = Text("fine");
    Must(v.AddTestimonies(w, m, std::vector<StatementSource>{StatementFromFile(file_)}));
  }
  TempVault second;
  Pair(second);
  const auto bundle = scratch_.path() / "contacts.tvb";
  RunResult exported = Run({"export", "--purpose", "court", "--override-consent", "--to", "second", "--all", "--with-contacts", "--reason",
                            "court", "--escape-invalid-text", "--out", bundle.string()});
  ASSERT_EQ(exported.exit_code, 0) << exported.err;
  RunResult imported = RunIn(second, {"bundle", "import", bundle.string()});
  ASSERT_EQ(imported.exit_code, 0) << imported.err;
  Vault v2 = second.Open();
  bool found = false;
  for (const WitnessSummary& s : Must(v2.ListWitnesses())) {
    const Witness got = Must(v2.GetWitness(s.id));
    if (got.details.name != Text("Name")) continue;
    found = true;
    EXPECT_EQ(got.details.phone, Text("+1 \xfb"));
    ASSERT_EQ(got.details.aliases.size(), 2u);
    EXPECT_EQ(got.details.aliases[0], Text("first"));
    EXPECT_EQ(got.details.aliases[1], Text("second \xfa"));
  }
  EXPECT_TRUE(found);
}

TEST_F(CliLegacyText, ContactsThatAreNotUtf8FailTheExportWithoutTheOption) {
  std::string w, fine;  // a record that is UTF-8, of a witness whose phone is not
  {
    Vault v = tv_.Open();
    AcceptAnyTextForTestsOnly(true);
    WitnessDetails d;
    d.name = Text("Name");
    d.phone = Text("+1 \xfb");
    w = Must(v.AddWitness(d));
    AcceptAnyTextForTestsOnly(false);
    TestimonyMetadata m;
    m.title = Text("fine");
    fine = Must(v.AddTestimonies(w, m, std::vector<StatementSource>{StatementFromFile(file_)}))[0].id;
  }
  const auto bundle = scratch_.path() / "contacts.tvb";
  RunResult r = Run({"export", "--purpose", "court", "--override-consent", "--to", "self", "--testimony", fine, "--with-contacts", "--reason",
                     "court", "--out", bundle.string()});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find(w + ": the phone number is not valid UTF-8 (byte 0xFB at offset 3); "),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("rerun with --escape-invalid-text"), std::string::npos) << r.err;
  EXPECT_FALSE(std::filesystem::exists(bundle));
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
      {{"shred", "--yes", t_, "--reason", bad}, "--reason is not valid UTF-8 (byte 0xFF at offset 3)"},
      {{"export", "--purpose", "court", "--override-consent", "--to", "self", "--all", "--reason", bad, "--out",
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
