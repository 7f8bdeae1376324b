// Statement files as testimonies: the file name kept as a sealed metadata
// field (docs/format.md, section 5.1, tag 8), titles after files, and the
// files of a folder in byte order of their names.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>

#include "binding/testimony_rows.h"
#include "support/test_support.h"

namespace tvault::testing {
namespace {

namespace fs = std::filesystem;

fs::path Write(const fs::path& p, const std::string& content) {
  std::ofstream(p, std::ios::binary) << content;
  return p;
}

std::string Str(const PlainString& s) { return std::string(s.data(), s.size()); }

std::string AddWitness(Vault& v) {
  WitnessDetails d;
  d.name = Text("Witness");
  return Must(v.AddWitness(d));
}

TEST(TestimonyFromFile, KeepsTheBaseNameAndTitlesAfterIt) {
  ScratchDir dir;
  const fs::path file = Write(dir.path() / "interview.2026-03-01.txt", "statement");
  NewTestimony t = Must(TestimonyFromFile(file, {}));
  EXPECT_EQ(Str(t.metadata.file_name), "interview.2026-03-01.txt");
  EXPECT_EQ(Str(t.metadata.title), "interview.2026-03-01");
  EXPECT_EQ(Must(t.source()), PlainBytes({'s', 't', 'a', 't', 'e', 'm', 'e', 'n', 't'}));

  TestimonyMetadata given;
  given.title = Text("Detention, Urumqi");
  EXPECT_EQ(Str(Must(TestimonyFromFile(file, given)).metadata.title), "Detention, Urumqi");
  // A hidden name is its own stem.
  EXPECT_EQ(Str(Must(TestimonyFromFile(dir.path() / ".notes", {})).metadata.title), ".notes");
}

TEST(TestimonyFromFile, StandardInputHasNoName) {
  NewTestimony t = Must(TestimonyFromFile("-", {}));
  EXPECT_TRUE(t.metadata.file_name.empty());
  EXPECT_TRUE(t.metadata.title.empty());
}

TEST(TestimonyFromFile, KeepsNoNameThatIsNotUtf8) {
  NewTestimony t = Must(TestimonyFromFile("/tmp/caf\xE9.txt", {}));
  EXPECT_TRUE(t.metadata.file_name.empty());
  EXPECT_TRUE(t.metadata.title.empty());
  TestimonyMetadata titled;
  titled.title = Text("Interview");
  NewTestimony u = Must(TestimonyFromFile("/tmp/caf\xE9.txt", titled));
  EXPECT_TRUE(u.metadata.file_name.empty());
  EXPECT_EQ(u.metadata.title, Text("Interview"));
}

TEST(StatementFolder, RegularFilesInByteOrderWithoutHiddenOnes) {
  ScratchDir dir;
  for (const char* name : {"b.txt", "B.txt", "a.txt", "10.txt", "9.txt", ".DS_Store"}) {
    Write(dir.path() / name, name);
  }
  StatementFolder f = Must(ListStatementFolder(dir.path()));
  std::vector<std::string> names;
  for (const fs::path& p : f.files) names.push_back(p.filename());
  EXPECT_EQ(names, (std::vector<std::string>{"10.txt", "9.txt", "B.txt", "a.txt", "b.txt"}));
  EXPECT_EQ(f.hidden_skipped, 1u);
}

TEST(StatementFolder, RefusesLinksFoldersAndPipesNamingThem) {
  ScratchDir dir;
  Write(dir.path() / "a.txt", "a");
  fs::create_directory_symlink(dir.path(), dir.path() / "loop");
  auto link = ListStatementFolder(dir.path());
  ASSERT_FALSE(link.ok());
  EXPECT_EQ(link.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(link.error().message.find("loop is a symbolic link"), std::string::npos)
      << link.error().message;
  fs::remove(dir.path() / "loop");
  // A link to a regular file is refused as a link too.
  fs::create_symlink(dir.path() / "a.txt", dir.path() / "b.txt");
  EXPECT_FALSE(ListStatementFolder(dir.path()).ok());
  fs::remove(dir.path() / "b.txt");
  fs::create_directory(dir.path() / "sub");
  EXPECT_NE(ListStatementFolder(dir.path()).error().message.find("sub is a folder"),
            std::string::npos);
  fs::remove(dir.path() / "sub");
  ASSERT_EQ(::mkfifo((dir.path() / "fifo").c_str(), 0600), 0);
  EXPECT_NE(ListStatementFolder(dir.path()).error().message.find("fifo is a pipe"),
            std::string::npos);
}

TEST(StatementFolder, EmptyOrMissingIsNotFound) {
  ScratchDir dir;
  EXPECT_EQ(ListStatementFolder(dir.path()).error().code, ErrorCode::kNotFound);
  Write(dir.path() / ".hidden", "x");
  auto hidden = ListStatementFolder(dir.path());
  EXPECT_EQ(hidden.error().code, ErrorCode::kNotFound);
  EXPECT_NE(hidden.error().message.find("only 1 hidden"), std::string::npos)
      << hidden.error().message;
  EXPECT_EQ(ListStatementFolder(dir.path() / "nope").error().code, ErrorCode::kNotFound);
  EXPECT_EQ(ListStatementFolder(dir.path() / ".hidden").error().code,
            ErrorCode::kInvalidArgument);
}

TEST(TestimonyFileName, IsStoredShownListedAndKeptByAmendments) {
  ScratchDir dir;
  TempVault tv;
  Vault v = tv.Open();
  const std::string w = AddWitness(v);
  std::vector<NewTestimony> ts = {
      Must(TestimonyFromFile(Write(dir.path() / "first.txt", "one"), {})),
      Must(TestimonyFromFile(Write(dir.path() / "second.md", "two"), {}))};
  auto added = Must(v.AddTestimonies(w, ts));
  ASSERT_EQ(added.size(), 2u);
  Testimony first = Must(v.GetTestimony(added[0].id, std::nullopt));
  EXPECT_EQ(Str(first.metadata.file_name), "first.txt");
  EXPECT_EQ(Str(first.metadata.title), "first");
  auto list = Must(v.ListTestimonies());
  ASSERT_EQ(list.size(), 2u);
  // Listed by creation time, then id: the order within a second is the ids'.
  const TestimonySummary& second = list[0].id == added[1].id ? list[0] : list[1];
  EXPECT_EQ(second.id, added[1].id);
  EXPECT_EQ(Str(second.file_name), "second.md");
  EXPECT_EQ(Str(second.title), "second");

  // An amendment keeps the name unless it gives another.
  TestimonyMetadata changes;
  changes.notes = Text("corrected date");
  const StatementSource amended = [] { return Result<PlainBytes>(PlainBytes{'o', 'n', 'e', '!'}); };
  Must(v.AmendTestimony(added[0].id, amended, Text("typo"), changes));
  EXPECT_EQ(Str(Must(v.GetTestimony(added[0].id, std::nullopt)).metadata.file_name), "first.txt");
}

TEST(TestimonyFileName, AbsentForStandardInputAndTheOldForm) {
  TempVault tv;
  Vault v = tv.Open();
  const std::string w = AddWitness(v);
  std::vector<StatementSource> sources = {
      [] { return Result<PlainBytes>(PlainBytes{'x'}); }};
  const std::string id = Must(v.AddTestimonies(w, TestimonyMetadata{}, sources))[0].id;
  EXPECT_TRUE(Must(v.GetTestimony(id, std::nullopt)).metadata.file_name.empty());
  EXPECT_TRUE(Must(v.ListTestimonies())[0].file_name.empty());
}

TEST(TestimonyFileName, IsTagEightOfTheFieldSet) {
  // docs/format.md, section 5.1: the tag is part of the format.
  EXPECT_EQ(testimony_tag::kFileName, 8);
  TestimonyMetadata m;
  m.file_name = Text("a.txt");
  Sha256Bytes commitment;
  FieldSet f = TestimonyMetaFields(m, Sha256Bytes{}, 1, Text("intake"), nullptr, commitment);
  EXPECT_EQ(Str(f.GetText(8)), "a.txt");
  EXPECT_TRUE(FieldSet::Parse(f.Serialize(), testimony_tag::kAll).ok());
  EXPECT_EQ(Str(MetadataFromFields(f).file_name), "a.txt");
}

TEST(TestimonyFileName, MustBeUtf8AtIntake) {
  TempVault tv;
  Vault v = tv.Open();
  const std::string w = AddWitness(v);
  NewTestimony t{[] { return Result<PlainBytes>(PlainBytes{'x'}); }, {}};
  t.metadata.file_name = Text("caf\xE9.txt");
  auto r = v.AddTestimonies(w, std::vector<NewTestimony>{t});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().detail, ErrorDetail::kTextNotUtf8);
  EXPECT_TRUE(Must(v.ListTestimonies()).empty());
}

}  // namespace
}  // namespace tvault::testing
