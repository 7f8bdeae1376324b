// testimony add keeps each file's name and titles testimonies after their
// files; --dir adds a folder's files in name order in one transaction
// (tvault #12, "Reading"). Against the real binary.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>

#include "support/audit_events.h"
#include "support/cli_runner.h"
#include "support/test_support.h"

namespace tvault::testing {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

struct Intake {
  CliVault v;
  std::string w = Trim(v.Run({"witness", "add", "--name", "Amal"}).out);

  std::vector<std::string> Ids(const RunResult& r) const {
    std::vector<std::string> ids;
    std::string rest = r.out;
    for (std::size_t end = rest.find('\n'); end != std::string::npos; end = rest.find('\n')) {
      ids.push_back(rest.substr(0, end));
      rest = rest.substr(end + 1);
    }
    return ids;
  }
  json Info(const std::string& id) const {
    return json::parse(v.Run({"--json", "testimony", "show", id, "--info"}).out);
  }
  json List() const { return json::parse(v.Run({"--json", "testimony", "list"}).out); }
};

TEST(CliTestimonyFiles, EachTestimonyKeepsItsFileNameAndIsTitledAfterIt) {
  // Fails before this commit: every testimony got the same empty title and
  // no file name.
  Intake in;
  const fs::path a = in.v.WriteFile("interview-amal.txt", "first\n");
  const fs::path b = in.v.WriteFile("notes.2026-03-01.md", "second\n");
  RunResult r = in.v.Run({"testimony", "add", "--witness", in.w, "--file", a.string(), "--file",
                          b.string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::vector<std::string> ids = in.Ids(r);
  ASSERT_EQ(ids.size(), 2u);
  EXPECT_EQ(in.Info(ids[0])["file_name"], "interview-amal.txt");
  EXPECT_EQ(in.Info(ids[0])["title"], "interview-amal");
  EXPECT_EQ(in.Info(ids[1])["file_name"], "notes.2026-03-01.md");
  EXPECT_EQ(in.Info(ids[1])["title"], "notes.2026-03-01");

  RunResult info = in.v.Run({"testimony", "show", ids[0], "--info"});
  EXPECT_TRUE(Has(info.out, "file name:    interview-amal.txt\n")) << info.out;
  EXPECT_TRUE(Has(info.out, "title:        interview-amal\n")) << info.out;
  // The base name only, never the folder it was in.
  EXPECT_FALSE(Has(info.out, a.parent_path().string())) << info.out;

  // Listed by creation time, then id: look each one up by its id.
  const json list = in.List();
  ASSERT_EQ(list.size(), 2u);
  for (const json& t : list) {
    const bool first = t["id"] == ids[0];
    EXPECT_EQ(t["file_name"], first ? "interview-amal.txt" : "notes.2026-03-01.md");
    EXPECT_EQ(t["title"], first ? "interview-amal" : "notes.2026-03-01");
  }
  // The plain list keeps its columns.
  // The plain list (piped: two spaces apart, as before) shows the title.
  const std::string plain = in.v.Run({"testimony", "list"}).out;
  EXPECT_TRUE(Has(plain, ids[0] + "  " + in.w + "  interview-amal  v1  ")) << plain;
}

TEST(CliTestimonyFiles, TitleOptionTitlesEveryFileAndNamesAreStillKept) {
  Intake in;
  const fs::path a = in.v.WriteFile("a.txt", "a\n");
  const fs::path b = in.v.WriteFile("b.txt", "b\n");
  RunResult r = in.v.Run({"testimony", "add", "--witness", in.w, "--title", "Detention",
                          "--file", a.string(), "--file", b.string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::vector<std::string> ids = in.Ids(r);
  ASSERT_EQ(ids.size(), 2u);
  EXPECT_EQ(in.Info(ids[0])["title"], "Detention");
  EXPECT_EQ(in.Info(ids[1])["title"], "Detention");
  EXPECT_EQ(in.Info(ids[0])["file_name"], "a.txt");
  EXPECT_EQ(in.Info(ids[1])["file_name"], "b.txt");
}

TEST(CliTestimonyFiles, StandardInputHasNoName) {
  Intake in;
  RunResult r = in.v.Run({"testimony", "add", "--witness", in.w, "--file", "-"}, "piped\n");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json info = in.Info(Trim(r.out));
  EXPECT_EQ(info["file_name"], "");
  EXPECT_EQ(info["title"], "");
  EXPECT_FALSE(Has(in.v.Run({"testimony", "show", Trim(r.out), "--info"}).out, "file name:"));
}

// A name that is not UTF-8 (a Latin-1 file from an older system) was
// accepted before names were kept: the statement is still added, without its
// name or a title made from it, and a warning says why.
TEST(CliTestimonyFiles, NameNotUtf8IsNotKeptAndTheStatementIsAdded) {
  Intake in;
  const fs::path bad = in.v.WriteFile("caf\xE9.txt", "x\n");
  RunResult r = in.v.Run({"testimony", "add", "--witness", in.w, "--file", bad.string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(Has(r.err, "warning: the name of " + (in.v.root() / "caf\\xE9.txt").string() +
                             " is not UTF-8 text, so it is not kept with the testimony nor "
                             "used as its title (rename the file to keep it)\n"))
      << r.err;
  const json info = in.Info(Trim(r.out));
  EXPECT_EQ(info["file_name"], "");
  EXPECT_EQ(info["title"], "");
  EXPECT_EQ(in.v.Run({"testimony", "show", Trim(r.out)}).out, "x\n");
}

// A file's name can name the witness: neither it nor the title made from it
// leaves the vault in a bundle; a title given with --title does.
TEST(CliTestimonyFiles, ExportCarriesNeitherTheFileNameNorTheTitleMadeFromIt) {
  Intake in;
  CliVault receiver;
  const fs::path named = in.v.WriteFile("Ablimit_phone_Urumqi.txt", "first\n");
  const fs::path titled = in.v.WriteFile("Ablimit_address.txt", "second\n");
  const std::string t1 =
      Trim(in.v.Run({"testimony", "add", "--witness", in.w, "--file", named.string()}).out);
  const std::string t2 = Trim(in.v.Run({"testimony", "add", "--witness", in.w, "--file",
                                        titled.string(), "--title", "Detention, 2019"})
                                  .out);
  const json me = json::parse(in.v.Run({"--json", "identity", "show"}).out);
  const json them = json::parse(receiver.Run({"--json", "identity", "show"}).out);
  ASSERT_EQ(in.v.Run({"peer", "add", "Court", "--age-recipient", them["age_recipient"]}).exit_code, 0);
  ASSERT_EQ(receiver.Run({"peer", "add", "Lawyer", "--minisign-key", me["minisign_public_key"]})
                .exit_code,
            0);
  const fs::path bundle = in.v.root() / "b.tvb";
  RunResult ex = in.v.Run({"export", "--purpose", "court", "--override-consent", "--to", "Court", "--testimony", t1, "--testimony", t2,
                           "--reason", "submission", "--out", bundle.string()});
  ASSERT_EQ(ex.exit_code, 0) << ex.err;
  // Still titled in the sender's vault.
  EXPECT_EQ(in.Info(t1)["title"], "Ablimit_phone_Urumqi");

  RunResult verify = receiver.Run({"bundle", "verify", bundle.string()});
  ASSERT_EQ(verify.exit_code, 0) << verify.err;
  EXPECT_FALSE(Has(verify.out, "Ablimit")) << verify.out;
  ASSERT_EQ(receiver.Run({"bundle", "import", bundle.string()}).exit_code, 0);
  const json list = json::parse(receiver.Run({"--json", "testimony", "list"}).out);
  ASSERT_EQ(list.size(), 2u);
  std::vector<std::string> titles;
  for (const json& t : list) {
    EXPECT_EQ(t["file_name"], "");
    titles.push_back(t["title"]);
  }
  std::sort(titles.begin(), titles.end());
  EXPECT_EQ(titles, (std::vector<std::string>{"", "Detention, 2019"}));
  EXPECT_FALSE(Has(receiver.Run({"--json", "audit", "log"}).out, "Ablimit"));
}

TEST(CliTestimonyDir, AddsEveryFileInByteOrderOfNames) {
  Intake in;
  const fs::path dir = in.v.root() / "statements";
  fs::create_directory(dir);
  for (const char* name : {"b.txt", "B.txt", "a.txt", "10.txt", "9.txt", ".DS_Store"}) {
    WriteBytes(dir / name, std::vector<uint8_t>(name, name + std::strlen(name)));
  }
  RunResult r = in.v.Run({"testimony", "add", "--witness", in.w, "--dir", dir.string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(Has(r.err, "left out 1 hidden files of " + dir.string())) << r.err;
  const std::vector<std::string> ids = in.Ids(r);
  const std::vector<std::string> order = {"10.txt", "9.txt", "B.txt", "a.txt", "b.txt"};
  ASSERT_EQ(ids.size(), order.size()) << r.out;
  for (std::size_t i = 0; i < ids.size(); ++i) {
    const json info = in.Info(ids[i]);
    EXPECT_EQ(info["file_name"], order[i]);
    EXPECT_EQ(info["size_bytes"], order[i].size());
  }
  EXPECT_EQ(CountEvents(in.v, "testimony.add"), order.size());
}

TEST(CliTestimonyDir, OneFileThatFailsStoresNothing) {
  Intake in;
  const fs::path dir = in.v.root() / "statements";
  fs::create_directory(dir);
  WriteBytes(dir / "a.txt", std::vector<uint8_t>{'a'});
  // Larger than a statement may be (sparse: nothing is written), read after a.txt.
  const fs::path big = dir / "z.txt";
  WriteBytes(big, std::vector<uint8_t>{'z'});
  fs::resize_file(big, (256u << 20) + 1);
  RunResult r = in.v.Run({"testimony", "add", "--witness", in.w, "--dir", dir.string()});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_TRUE(Has(r.err, "larger than")) << r.err;
  EXPECT_TRUE(in.List().empty());
  EXPECT_EQ(CountEvents(in.v, "testimony.add"), 0u);
}

TEST(CliTestimonyDir, LinksAndFoldersAreRefusedBeforeThePassphrase) {
  Intake in;
  const fs::path dir = in.v.root() / "statements";
  fs::create_directory(dir);
  WriteBytes(dir / "a.txt", std::vector<uint8_t>{'a'});
  fs::create_symlink(dir / "a.txt", dir / "link.txt");
  const fs::path wrong = in.v.WriteFile("wrong-pass", "not the passphrase\n");
  auto add = [&] {
    return RunTvault({"--vault", in.v.dir().string(), "--passphrase-file", wrong.string(),
                      "testimony", "add", "--witness", in.w, "--dir", dir.string()});
  };
  RunResult link = add();
  EXPECT_EQ(link.exit_code, 2) << link.err;
  EXPECT_TRUE(Has(link.err, (dir / "link.txt").string() + " is a symbolic link")) << link.err;
  fs::remove(dir / "link.txt");
  fs::create_directory(dir / "sub");
  RunResult sub = add();
  EXPECT_EQ(sub.exit_code, 2) << sub.err;
  EXPECT_TRUE(Has(sub.err, (dir / "sub").string() + " is a folder")) << sub.err;
  EXPECT_FALSE(fs::exists(in.v.dir() / "unlock-failures")) << "asked for the passphrase first";
  EXPECT_TRUE(in.List().empty());
}

TEST(CliTestimonyDir, EmptyMissingOrWithFileIsRefused) {
  Intake in;
  const fs::path dir = in.v.root() / "empty";
  fs::create_directory(dir);
  RunResult empty = in.v.Run({"testimony", "add", "--witness", in.w, "--dir", dir.string()});
  EXPECT_EQ(empty.exit_code, 1) << empty.err;
  EXPECT_TRUE(Has(empty.err, dir.string() + " holds no file to add")) << empty.err;
  RunResult missing = in.v.Run({"testimony", "add", "--witness", in.w, "--dir",
                                (in.v.root() / "nope").string()});
  EXPECT_EQ(missing.exit_code, 1) << missing.err;
  EXPECT_TRUE(Has(missing.err, "does not exist")) << missing.err;
  const fs::path a = in.v.WriteFile("a.txt", "a\n");
  RunResult both = in.v.Run({"testimony", "add", "--witness", in.w, "--dir", dir.string(),
                             "--file", a.string()});
  EXPECT_EQ(both.exit_code, 2) << both.err;
  RunResult neither = in.v.Run({"testimony", "add", "--witness", in.w});
  EXPECT_EQ(neither.exit_code, 2) << neither.err;
  EXPECT_TRUE(Has(neither.err, "--file FILE or --dir DIR")) << neither.err;
  EXPECT_TRUE(in.List().empty());
}

}  // namespace
}  // namespace tvault::testing
