// tvault backup, backup verify and restore (issue #13) against the real
// binary: a byte-exact round trip, a flipped byte anywhere refused with
// nothing restored, structural refusals, the real sha256sum and minisign
// over the members, the rollback a later checkpoint shows, and every sync
// point of backup and restore killed (strace).
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>

#include "formats/bundle/bundle_test_support.h"
#include "support/cli_runner.h"
#include "support/sync_points.h"
#include "support/test_support.h"

namespace tvault::testing {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// A vault with a witness, two testimonies and two evidence files.
struct Filled {
  CliVault v;
  std::string w, t1, t2, e1, e2;
  Filled() {
    w = Trim(v.Run({"witness", "add", "--name", "Amal"}).out);
    t1 = Trim(v.Run({"testimony", "add", "--witness", w, "--title", "first", "--file",
                     v.WriteFile("s1", "first statement\n").string()}).out);
    t2 = Trim(v.Run({"testimony", "add", "--witness", w, "--file",
                     v.WriteFile("s2", "second statement\n").string()}).out);
    std::string media(200 * 1024, '\0');
    for (std::size_t i = 0; i < media.size(); ++i) media[i] = static_cast<char>(i * 7 + i / 251);
    e1 = EvidenceId(v.Run({"--json", "evidence", "add", t1, "--file",
                           v.WriteFile("a.ogg", media).string()}));
    e2 = EvidenceId(v.Run({"--json", "evidence", "add", t2, "--file",
                           v.WriteFile("b.txt", "note\n").string()}));
  }
  static std::string EvidenceId(const RunResult& r) {
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return json::parse(r.out)["id"];
  }
  fs::path Backup(const std::string& name = "vault.tvb") const {
    const fs::path out = v.root() / name;
    RunResult r = v.Run({"backup", "--out", out.string()});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return out;
  }
  // tvault on another vault directory with this vault's passphrase.
  RunResult At(const fs::path& dir, std::vector<std::string> args) const {
    args.insert(args.begin(), {"--vault", dir.string(), "--passphrase-file", v.pass_file().string()});
    return RunTvault(args);
  }
  RunResult Restore(const fs::path& file, const fs::path& dir) const {
    return At(dir, {"restore", file.string()});
  }
  std::string Key() const {
    return json::parse(v.Run({"--json", "identity", "show"}).out)["minisign_public_key"];
  }
};

// The members of a ustar archive: where each header and its data start.
struct Entry {
  std::string name;
  std::size_t header = 0, data = 0, size = 0;
};
std::vector<Entry> Entries(const std::vector<uint8_t>& tar) {
  std::vector<Entry> out;
  std::size_t at = 0;
  while (at + 512 <= tar.size() && tar[at] != 0) {
    Entry e;
    e.name.assign(reinterpret_cast<const char*>(&tar[at]),
                  strnlen(reinterpret_cast<const char*>(&tar[at]), 100));
    e.size = std::stoull(std::string(reinterpret_cast<const char*>(&tar[at + 124]), 11), nullptr, 8);
    e.header = at;
    e.data = at + 512;
    out.push_back(e);
    at = e.data + (e.size + 511) / 512 * 512;
  }
  return out;
}

std::string Slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

TEST(CliBackup, RoundTripIsByteExact) {
  Filled f;
  const fs::path file = f.Backup();
  const fs::path dir = f.v.root() / "restored";
  RunResult r = f.Restore(file, dir);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(Has(r.out, "its audit log records the restore")) << r.out;
  for (const std::string& id : {f.t1, f.t2}) {
    for (bool as_json : {true, false}) {
      std::vector<std::string> args = {"testimony", "show", id};
      if (as_json) args.insert(args.begin(), "--json");
      RunResult a = f.v.Run(args), b = f.At(dir, args);
      EXPECT_EQ(a.exit_code, 0) << a.err;
      EXPECT_EQ(a.out, b.out) << id;
    }
  }
  RunResult wa = f.v.Run({"--json", "witness", "show", f.w}), wb = f.At(dir, {"--json", "witness", "show", f.w});
  EXPECT_EQ(wa.out, wb.out);
  for (const std::string& id : {f.e1, f.e2}) {
    const fs::path a = f.v.root() / (id + ".a"), b = f.v.root() / (id + ".b");
    ASSERT_EQ(f.v.Run({"evidence", "get", id, "--out", a.string()}).exit_code, 0);
    ASSERT_EQ(f.At(dir, {"evidence", "get", id, "--out", b.string()}).exit_code, 0);
    EXPECT_EQ(Slurp(a), Slurp(b)) << id;
    EXPECT_EQ(Slurp(f.v.dir() / "evidence" / (id + ".tve")), Slurp(dir / "evidence" / (id + ".tve")));
  }
  EXPECT_EQ(Slurp(f.v.dir() / "vault.header"), Slurp(dir / "vault.header"));
  EXPECT_EQ(f.At(dir, {"check"}).exit_code, 0);
  EXPECT_EQ(f.At(dir, {"audit", "verify"}).exit_code, 0);
  EXPECT_EQ(fs::status(dir).permissions() & fs::perms::all, fs::perms::owner_all);
}

TEST(CliBackup, TheArchiveListsExactlyTheFilesAtRest) {
  Filled f;
  const fs::path file = f.Backup();
  std::vector<std::string> names;
  for (const Entry& e : Entries(ReadBytes(file))) names.push_back(e.name);
  const std::vector<std::string> want = {
      "vault/vault.header", "vault/vault.db",
      std::min("vault/evidence/" + f.e1 + ".tve", "vault/evidence/" + f.e2 + ".tve"),
      std::max("vault/evidence/" + f.e1 + ".tve", "vault/evidence/" + f.e2 + ".tve"),
      "checkpoint", "manifest.json", "manifest.json.minisig"};
  EXPECT_EQ(names, want);
  // Ciphertext only: no statement, name or evidence byte in clear.
  const std::string bytes = Slurp(file);
  for (const char* clear : {"first statement", "Amal", "note\n"}) EXPECT_FALSE(Has(bytes, clear)) << clear;
  EXPECT_EQ(RunTvault({"backup", "verify", file.string()}).exit_code, 0);
}

TEST(CliBackup, VerifyWithoutAKeyProvesIntegrityOnlyAndSaysSo) {
  Filled f;
  const fs::path file = f.Backup();
  RunResult plain = RunTvault({"backup", "verify", file.string()});
  ASSERT_EQ(plain.exit_code, 0) << plain.err;
  EXPECT_TRUE(Has(plain.out, "is intact")) << plain.out;
  EXPECT_TRUE(Has(plain.out, "not who made it")) << plain.out;
  RunResult keyed = RunTvault({"--json", "backup", "verify", file.string(), "--signer-key", f.Key()});
  ASSERT_EQ(keyed.exit_code, 0) << keyed.err;
  const json j = json::parse(keyed.out);
  EXPECT_EQ(j["signer_checked"], "key");
  EXPECT_EQ(j["opened"], false);
  EXPECT_EQ(j["files"], 4);
  EXPECT_EQ(j["evidence_files"], 2);
  Filled other;
  RunResult wrong = RunTvault({"backup", "verify", file.string(), "--signer-key", other.Key()});
  EXPECT_EQ(wrong.exit_code, 4);
  EXPECT_TRUE(Has(ErrorLine(wrong), "the backup is signed by key")) << wrong.err;
}

TEST(CliBackup, VerifyWithTheVaultOpensTheSnapshotAndLogsTheVerify) {
  Filled f;
  const fs::path file = f.Backup();
  RunResult r = f.v.Run({"--json", "backup", "verify", file.string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json j = json::parse(r.out);
  EXPECT_EQ(j["opened"], true);
  EXPECT_EQ(j["signer_checked"], "vault");
  EXPECT_EQ(j["logged"], true);
  EXPECT_EQ(j["audit_events"], j["checkpoint_size"]);
  const json log = json::parse(f.v.Run({"--json", "audit", "log"}).out);
  std::vector<std::string> actions;
  for (const json& e : log) actions.push_back(e["action"]);
  EXPECT_NE(std::find(actions.begin(), actions.end(), "backup"), actions.end());
  EXPECT_NE(std::find(actions.begin(), actions.end(), "backup.verify"), actions.end());
  // The private copy is gone.
  for (const auto& e : fs::directory_iterator(fs::temp_directory_path())) {
    EXPECT_FALSE(e.path().filename().string().starts_with(".tvault-verify-") &&
                 fs::exists(e.path() / "vault.db") && Slurp(e.path() / "vault.header") == Slurp(f.v.dir() / "vault.header"));
  }
  const fs::path bad = f.v.WriteFile("bad", "not the passphrase");
  RunResult wrong = RunTvault({"--vault", f.v.dir().string(), "--passphrase-file", bad.string(),
                               "backup", "verify", file.string()});
  EXPECT_EQ(wrong.exit_code, 3) << wrong.err;
}

TEST(CliBackup, TheBackupEventIsLoggedWithTheManifestDigestAndIsNotInTheBackup) {
  Filled f;
  const fs::path file = f.Backup();
  const json v = json::parse(RunTvault({"--json", "backup", "verify", file.string()}).out);
  const json log = json::parse(f.v.Run({"--json", "audit", "log"}).out);
  const json& last_backup = *std::find_if(log.rbegin(), log.rend(),
                                          [](const json& e) { return e["action"] == "backup"; });
  EXPECT_EQ(last_backup["digests"][0], v["manifest_sha256"]);
  EXPECT_EQ(last_backup["seq"].get<uint64_t>(), v["checkpoint_size"].get<uint64_t>());
  const fs::path dir = f.v.root() / "restored";
  ASSERT_EQ(f.Restore(file, dir).exit_code, 0);
  const json restored = json::parse(f.At(dir, {"--json", "audit", "log"}).out);
  std::size_t backups = 0, restores = 0;
  for (const json& e : restored) {
    backups += e["action"] == "backup";
    restores += e["action"] == "restore";
  }
  EXPECT_EQ(backups, 0u);
  EXPECT_EQ(restores, 1u);
  EXPECT_EQ(restored[v["checkpoint_size"].get<std::size_t>()]["action"], "restore");
}

TEST(CliBackup, AnExistingOutIsRefusedUnlessForced) {
  Filled f;
  const fs::path out = f.v.WriteFile("taken", "mine");
  RunResult r = f.v.Run({"backup", "--out", out.string()});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(Slurp(out), "mine");
  RunResult forced = f.v.Run({"backup", "--out", out.string(), "--force"});
  ASSERT_EQ(forced.exit_code, 0) << forced.err;
  EXPECT_EQ(RunTvault({"backup", "verify", out.string()}).exit_code, 0);
  EXPECT_EQ(f.v.Run({"backup"}).exit_code, 2);
  EXPECT_EQ(f.v.Run({"--read-only", "backup", "--out", (f.v.root() / "ro").string()}).exit_code, 2);
}

TEST(CliBackup, RestoreRefusesANonEmptyDirAndAWrongPassphraseLeavesNothing) {
  Filled f;
  const fs::path file = f.Backup();
  RunResult into_vault = f.Restore(file, f.v.dir());
  EXPECT_EQ(into_vault.exit_code, 1);
  EXPECT_TRUE(Has(ErrorLine(into_vault), "already exists and is not an empty directory"))
      << into_vault.err;
  const fs::path dir = f.v.root() / "restored";
  const fs::path bad = f.v.WriteFile("bad", "not the passphrase");
  RunResult wrong = RunTvault({"--vault", dir.string(), "--passphrase-file", bad.string(),
                               "restore", file.string()});
  EXPECT_EQ(wrong.exit_code, 3) << wrong.err;
  EXPECT_FALSE(fs::exists(dir));
  for (const auto& e : fs::directory_iterator(f.v.root()))
    EXPECT_FALSE(e.path().filename().string().starts_with(".tvault-restore-")) << e.path();
  fs::create_directory(dir);
  EXPECT_EQ(f.Restore(file, dir).exit_code, 0);
}

// One byte flipped in each member's header, at the start, middle and end
// of its data, and in the end blocks: verify and restore exit 4, nothing is
// restored.
TEST(CliBackup, AFlippedByteAnywhereIsRefusedAndNothingIsRestored) {
  Filled f;
  const fs::path file = f.Backup();
  const std::vector<uint8_t> good = ReadBytes(file);
  std::vector<std::pair<std::string, std::size_t>> spots;
  for (const Entry& e : Entries(good)) {
    spots.push_back({e.name + " header name", e.header + 3});
    spots.push_back({e.name + " header size", e.header + 130});
    if (e.size == 0) continue;
    spots.push_back({e.name + " first byte", e.data});
    spots.push_back({e.name + " middle", e.data + e.size / 2});
    spots.push_back({e.name + " last byte", e.data + e.size - 1});
  }
  spots.push_back({"end blocks", good.size() - 700});
  const fs::path bad = f.v.root() / "bad.tvb";
  const fs::path dir = f.v.root() / "restored";
  for (const auto& [where, at] : spots) {
    std::vector<uint8_t> b = good;
    b[at] ^= 0x01;
    WriteBytes(bad, b);
    RunResult v = RunTvault({"backup", "verify", bad.string()});
    EXPECT_EQ(v.exit_code, 4) << where << ": " << v.out << v.err;
    RunResult r = f.Restore(bad, dir);
    EXPECT_EQ(r.exit_code, 4) << where << ": " << r.err;
    EXPECT_FALSE(fs::exists(dir)) << where;
  }
}

TEST(CliBackup, TruncatedOrWithTrailingGarbageIsRefused) {
  Filled f;
  const fs::path file = f.Backup();
  const std::vector<uint8_t> good = ReadBytes(file);
  const fs::path bad = f.v.root() / "bad.tvb";
  for (std::size_t keep : {std::size_t{0}, std::size_t{100}, std::size_t{512}, good.size() / 2,
                           good.size() - 1024, good.size() - 1}) {
    WriteBytes(bad, std::span<const uint8_t>(good.data(), keep));
    EXPECT_EQ(RunTvault({"backup", "verify", bad.string()}).exit_code, 4) << keep;
  }
  std::vector<uint8_t> trailing = good;
  trailing.push_back('x');
  WriteBytes(bad, trailing);
  EXPECT_EQ(RunTvault({"backup", "verify", bad.string()}).exit_code, 4);
}

// Archives rebuilt from a real backup's members, each breaking one rule.
TEST(CliBackup, ReorderedMissingExtraDuplicateLinkedAndEscapingMembersAreRefused) {
  Filled f;
  const fs::path file = f.Backup();
  const std::vector<uint8_t> good = ReadBytes(file);
  std::vector<RawMember> members;
  for (const Entry& e : Entries(good)) {
    RawMember m;
    m.header.name = e.name;
    m.header.size = e.size;
    m.data.assign(good.begin() + static_cast<std::ptrdiff_t>(e.data),
                  good.begin() + static_cast<std::ptrdiff_t>(e.data + e.size));
    members.push_back(m);
  }
  ASSERT_EQ(members.size(), 7u);
  auto link = [](const std::string& name, char type, const std::string& target) {
    RawMember m;
    m.header.name = name;
    m.header.type = type;
    m.header.linkname = target;
    return m;
  };
  std::vector<std::pair<std::string, std::vector<RawMember>>> cases;
  auto with = [&](const std::string& what, auto change) {
    std::vector<RawMember> m = members;
    change(m);
    cases.push_back({what, m});
  };
  with("database first", [](auto& m) { std::swap(m[0], m[1]); });
  with("evidence out of order", [](auto& m) { std::swap(m[2], m[3]); });
  with("evidence missing", [](auto& m) { m.erase(m.begin() + 2); });
  with("header missing", [](auto& m) { m.erase(m.begin()); });
  with("signature missing", [](auto& m) { m.pop_back(); });
  with("duplicate evidence", [](auto& m) { m.insert(m.begin() + 3, m[2]); });
  with("extra member at the end", [&](auto& m) { m.push_back(RawFile("extra", "x")); });
  with("extra evidence", [&](auto& m) { m.insert(m.begin() + 4, RawFile("vault/evidence/E-ZZZZZZ.tve", "x")); });
  with("dot-dot name", [&](auto& m) { m.insert(m.begin() + 2, RawFile("../x", "x")); });
  with("absolute name", [&](auto& m) { m.insert(m.begin() + 2, RawFile("/etc/x", "x")); });
  with("evidence traversal", [&](auto& m) { m[2].header.name = "vault/evidence/../../x.tve"; });
  with("symlink", [&](auto& m) { m.insert(m.begin() + 2, link("vault/evidence/E-AAAAAA.tve", '2', "/etc/passwd")); });
  with("hard link", [&](auto& m) { m.insert(m.begin() + 2, link("vault/evidence/E-AAAAAA.tve", '1', "vault/vault.db")); });
  const fs::path bad = f.v.root() / "bad.tvb";
  const fs::path dir = f.v.root() / "restored";
  for (const auto& [what, m] : cases) {
    WriteBytes(bad, RawTar(m));
    RunResult v = RunTvault({"backup", "verify", bad.string()});
    EXPECT_EQ(v.exit_code, 4) << what << ": " << v.out << v.err;
    EXPECT_EQ(f.Restore(bad, dir).exit_code, 4) << what;
    EXPECT_FALSE(fs::exists(dir)) << what;
    EXPECT_FALSE(fs::exists(f.v.root() / "x")) << what;
  }
  // The same members, rebuilt as they were: accepted (the rebuild is faithful).
  WriteBytes(bad, RawTar(members));
  EXPECT_EQ(RunTvault({"backup", "verify", bad.string()}).exit_code, 0);
}

// What a person without tvault can check: tar, sha256sum -c, minisign -V.
TEST(CliBackup, StandardToolsVerifyTheMembersAndTheSignature) {
  for (const char* t : {"tar", "sha256sum", "minisign"})
    ASSERT_TRUE(HaveProgram(t)) << "needs " << t << " (scripts/setup --test installs it)";
  Filled f;
  const fs::path file = f.Backup();
  const fs::path x = f.v.root() / "x";
  fs::create_directory(x);
  RunResult t = RunProgram({"tar", "-x", "-f", file.string(), "-C", x.string()});
  ASSERT_EQ(t.exit_code, 0) << t.err;
  const json manifest = json::parse(Slurp(x / "manifest.json"));
  std::string sums;
  for (const json& m : manifest["files"])
    sums += m["sha256"].get<std::string>() + "  " + m["name"].get<std::string>() + "\n";
  ASSERT_EQ(manifest["files"].size(), 5u);
  WriteBytes(x / "SUMS", std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(sums.data()), sums.size()));
  RunResult c = RunProgram({"/bin/sh", "-c", "cd '" + x.string() + "' && sha256sum -c --strict SUMS"});
  EXPECT_EQ(c.exit_code, 0) << c.out << c.err;
  RunResult m = RunProgram({"minisign", "-V", "-m", (x / "manifest.json").string(), "-P", f.Key()});
  EXPECT_EQ(m.exit_code, 0) << m.out << m.err;
  EXPECT_TRUE(Has(m.out, "tvault backup " + manifest["vault_id"].get<std::string>())) << m.out;
  EXPECT_EQ(manifest["signer"], f.Key());
}

// A checkpoint taken after the backup shows the restored vault as a rollback.
TEST(CliBackup, ALaterCheckpointReportsTheRestoredVaultAsARollback) {
  Filled f;
  const fs::path file = f.Backup();
  ASSERT_EQ(f.v.Run({"witness", "add", "--name", "Later"}).exit_code, 0);
  const fs::path later = f.v.root() / "later.checkpoint";
  ASSERT_EQ(f.v.Run({"audit", "checkpoint", "--out", later.string()}).exit_code, 0);
  const fs::path dir = f.v.root() / "restored";
  ASSERT_EQ(f.Restore(file, dir).exit_code, 0);
  RunResult r = f.At(dir, {"audit", "verify", "--checkpoint", later.string()});
  EXPECT_EQ(r.exit_code, 4) << r.out << r.err;
  // The backup's own checkpoint still verifies against it.
  const fs::path x = f.v.root() / "x";
  fs::create_directory(x);
  ASSERT_EQ(RunProgram({"tar", "-x", "-f", file.string(), "-C", x.string(), "checkpoint"}).exit_code, 0);
  EXPECT_EQ(f.At(dir, {"audit", "verify", "--checkpoint", (x / "checkpoint").string()}).exit_code, 0);
}

// SIGKILL at every sync point of `backup`: no file or a complete one, and
// the vault opens as before.
TEST(CliBackupCrash, EverySyncPointOfBackupLeavesNoFileOrAWholeOne) {
  std::map<std::string, int> counts;
  {
    Filled f;
    counts = CountCalls(kDurableAndLinkCalls,
                        f.v.Args({"backup", "--out", (f.v.root() / "b.tvb").string()}),
                        f.v.root() / "trace");
  }
  ASSERT_GE(counts["fsync"] + counts["fdatasync"], 1);
  Filled f;
  ForEachSyncPoint(counts, "backup", [&f](const std::string& call, int k) {
    const std::string where = call + " #" + std::to_string(k);
    const fs::path out = f.v.root() / "b.tvb";
    std::error_code ec;
    fs::remove(out, ec);
    RunResult killed = RunUnderStrace(KillAt(call, k), f.v.Args({"backup", "--out", out.string()}));
    if (fs::exists(out)) {
      EXPECT_EQ(RunTvault({"backup", "verify", out.string()}).exit_code, 0) << where;
    }
    for (const auto& e : fs::directory_iterator(f.v.root()))
      EXPECT_FALSE(e.path().filename().string().starts_with(".b.tvb")) << where << ": " << e.path();
    EXPECT_EQ(f.v.Run({"check"}).exit_code, 0) << where;
    return killed.exit_code != 0;
  });
}

// SIGKILL at every sync point of `restore`: no vault or a complete one that
// opens with the passphrase and passes check.
TEST(CliBackupCrash, EverySyncPointOfRestoreLeavesNoVaultOrAWholeOne) {
  Filled f;
  const fs::path file = f.Backup();
  const fs::path dir = f.v.root() / "restored";
  const std::vector<std::string> args = {"--vault", dir.string(), "--passphrase-file",
                                         f.v.pass_file().string(), "restore", file.string()};
  std::map<std::string, int> counts = CountCalls(kDurableAndLinkCalls, args, f.v.root() / "trace");
  fs::remove_all(dir);
  ASSERT_GE(counts["rename"] + counts["renameat"] + counts["renameat2"], 1);
  ForEachSyncPoint(counts, "restore", [&](const std::string& call, int k) {
    const std::string where = call + " #" + std::to_string(k);
    fs::remove_all(dir);
    RunResult killed = RunUnderStrace(KillAt(call, k), args);
    if (fs::exists(dir)) {
      RunResult check = f.At(dir, {"check"});
      EXPECT_EQ(check.exit_code, 0) << where << ": " << check.err;
      RunResult show = f.At(dir, {"testimony", "show", f.t1});
      EXPECT_EQ(show.out, "first statement\n") << where;
      const fs::path bad = f.v.WriteFile("bad", "not the passphrase");
      EXPECT_EQ(RunTvault({"--vault", dir.string(), "--passphrase-file", bad.string(), "check"}).exit_code, 3)
          << where;
    }
    return killed.exit_code != 0;
  });
}

}  // namespace
}  // namespace tvault::testing
