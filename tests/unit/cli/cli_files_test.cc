// testimony add keeps each file's name and titles testimonies after their
// files; --dir adds a folder's files in name order in one transaction
// (tvault #12, "Reading"). Against the real binary.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <sys/stat.h>
#include <unistd.h>

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

TEST(CliTestimonyFiles, NameNotUtf8IsRefusedEscapedBeforeThePassphrase) {
  Intake in;
  const fs::path bad = in.v.WriteFile("caf\xE9.txt", "x\n");
  const fs::path wrong = in.v.WriteFile("wrong-pass", "not the passphrase\n");
  RunResult r = RunTvault({"--vault", in.v.dir().string(), "--passphrase-file", wrong.string(),
                           "testimony", "add", "--witness", in.w, "--file", bad.string()});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_TRUE(Has(r.err, "caf\\xE9.txt is not valid UTF-8 (byte 0xE9 at offset 3)")) << r.err;
  EXPECT_TRUE(Has(r.err, "rename the file")) << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  EXPECT_FALSE(fs::exists(in.v.dir() / "unlock-failures")) << "asked for the passphrase first";
  EXPECT_TRUE(in.List().empty());
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
