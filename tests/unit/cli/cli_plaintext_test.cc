// Nothing a user typed may appear in any file of the vault directory, in
// plain or in a simple encoding: not in the header, the database, the lock,
// nor the rollback journal a crash leaves behind.
#include <gtest/gtest.h>

#include <algorithm>
#include <csignal>
#include <filesystem>
#include <thread>

#include "crypto/encoding.h"
#include "support/cli_runner.h"
#include "support/test_support.h"

namespace tvault::testing {
namespace {
namespace fs = std::filesystem;

// Every simple encoding of `marker` we look for.
std::vector<std::string> Encodings(const std::string& marker) {
  std::vector<std::string> out;
  auto add = [&](std::string s) {
    if (s.size() >= 8) out.push_back(std::move(s));
  };
  add(marker);
  std::string lower = marker, upper = marker, rev(marker.rbegin(), marker.rend()), rot13 = marker;
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  for (char& c : rot13) {
    if (std::isalpha(static_cast<unsigned char>(c))) {
      char base = std::islower(static_cast<unsigned char>(c)) ? 'a' : 'A';
      c = static_cast<char>(base + (c - base + 13) % 26);
    }
  }
  add(lower);
  add(upper);
  add(rev);
  add(rot13);
  std::string le, be;
  for (char c : marker) {
    le += c; le += '\0';
    be += '\0'; be += c;
  }
  add(le);
  add(be);
  const std::vector<uint8_t> bytes(marker.begin(), marker.end());
  add(crypto::HexEncode(bytes));
  std::string hex_upper = crypto::HexEncode(bytes);
  for (char& c : hex_upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  add(hex_upper);
  // Base64 at each of the three alignments: keep the part that does not
  // depend on neighbouring bytes.
  for (int shift = 0; shift < 3; ++shift) {
    std::vector<uint8_t> padded(static_cast<std::size_t>(shift), 'x');
    padded.insert(padded.end(), bytes.begin(), bytes.end());
    std::string b64 = crypto::Base64Encode(padded, crypto::Base64Variant::kUnpadded);
    const std::size_t skip = shift == 0 ? 0 : 4;
    add(b64.substr(skip, b64.size() - skip - 4));
  }
  return out;
}

std::vector<std::string> FindMarkers(const fs::path& dir, const std::vector<std::string>& markers) {
  std::vector<std::string> found;
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    if (!entry.is_regular_file()) continue;
    std::vector<uint8_t> data = ReadBytes(entry.path());
    for (const std::string& m : markers) {
      for (const std::string& enc : Encodings(m)) {
        if (std::search(data.begin(), data.end(), enc.begin(), enc.end()) != data.end())
          found.push_back(entry.path().filename().string() + ": " + m);
      }
    }
  }
  return found;
}

const std::vector<std::string> kMarkers = {
    "MarkerName7Q", "MarkerAliasQ3", "MarkerPhone5550199", "MarkerEmailX@example.org",
    "MarkerAddressKashgar", "MarkerRelativesSister", "MarkerWitnessNotes", "MarkerTitleCamp",
    "MarkerLanguageUyghur", "MarkerPlaceUrumqi", "MarkerInterviewerJ", "MarkerInterpreterK",
    "MarkerTestimonyNotes", "MarkerStatementBodyText", "MarkerAmendReasonZ", "MarkerShredReasonY",
    "MarkerCustodianName"};

TEST(CliPlaintext, NoMarkerInAnyVaultFile) {
  CliVault v;
  // The custodian name given at init is a marker too.
  RunResult init = RunTvault({"--vault", (v.root() / "v2").string(), "--passphrase-file",
                              v.pass_file().string(), "init", "--name", "MarkerCustodianName",
                              "--kdf-memory-mib", "64", "--kdf-passes", "1"});
  ASSERT_EQ(init.exit_code, 0) << init.err;
  auto run = [&](std::vector<std::string> args, const std::string& in = "") {
    std::vector<std::string> full = {"--vault", (v.root() / "v2").string(), "--passphrase-file",
                                     v.pass_file().string()};
    full.insert(full.end(), args.begin(), args.end());
    RunResult r = RunTvault(full, in);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return r;
  };
  std::string wid = run({"witness", "add", "--name", "MarkerName7Q", "--alias", "MarkerAliasQ3",
                         "--phone", "MarkerPhone5550199", "--email", "MarkerEmailX@example.org",
                         "--address", "MarkerAddressKashgar", "--relatives",
                         "MarkerRelativesSister", "--notes", "MarkerWitnessNotes"}).out;
  wid.pop_back();
  std::string statement;
  for (int i = 0; i < 200; ++i) statement += "MarkerStatementBodyText line " + std::to_string(i) + "\n";
  std::string tid = run({"testimony", "add", "--witness", wid, "--file", "-", "--title",
                         "MarkerTitleCamp", "--language", "MarkerLanguageUyghur", "--place",
                         "MarkerPlaceUrumqi", "--interviewer", "MarkerInterviewerJ",
                         "--interpreter", "MarkerInterpreterK", "--notes", "MarkerTestimonyNotes"},
                        statement).out;
  tid.pop_back();
  run({"testimony", "amend", tid, "--file", "-", "--reason", "MarkerAmendReasonZ"},
      statement + "more");
  std::string tid2 = run({"testimony", "add", "--witness", wid, "--file", "-"}, statement).out;
  tid2.pop_back();
  run({"shred", "--yes", tid2, "--reason", "MarkerShredReasonY"});
  // Sanity: the markers are really stored (so the scan below means something).
  EXPECT_NE(run({"witness", "show", wid}).out.find("MarkerRelativesSister"), std::string::npos);
  auto found = FindMarkers(v.root() / "v2", kMarkers);
  EXPECT_TRUE(found.empty()) << "plaintext found: " << found.front();
}

// The scanner itself must find what it looks for (a check that cannot fail
// would prove nothing).
TEST(CliPlaintext, ScannerFindsPlantedEncodings) {
  ScratchDir d;
  for (const std::string& enc : Encodings("MarkerPhone5550199")) {
    std::string blob = "prefix-" + enc + "-suffix";
    WriteBytes(d.path() / "f", std::vector<uint8_t>(blob.begin(), blob.end()));
    EXPECT_FALSE(FindMarkers(d.path(), {"MarkerPhone5550199"}).empty()) << enc;
  }
}

// A crash in the middle of a write leaves a hot rollback journal; it holds
// only SQLCipher-encrypted pages.
TEST(CliPlaintext, NoMarkerInJournalLeftByACrash) {
  CliVault v;
  std::string wid = v.Run({"witness", "add", "--name", "MarkerName7Q", "--phone",
                           "MarkerPhone5550199"}).out;
  wid.pop_back();
  std::string statement;
  for (int i = 0; i < 4000; ++i) statement += "MarkerStatementBodyText " + std::to_string(i) + "\n";
  std::vector<std::string> args = {"testimony", "add", "--witness", wid, "--title",
                                   "MarkerTitleCamp"};
  for (int i = 0; i < 40; ++i) {
    args.push_back("--file");
    args.push_back(v.WriteFile("s" + std::to_string(i), statement).string());
  }
  bool saw_journal = false;
  for (int attempt = 0; attempt < 20 && !saw_journal; ++attempt) {
    pid_t pid = StartTvault(v.Args(args));
    // Kill as soon as the journal appears (or give up after a while).
    for (int ms = 0; ms < 5000; ms += 2) {
      if (fs::exists(v.dir() / "vault.db-journal")) {
        ::kill(pid, SIGKILL);
        saw_journal = true;
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    WaitFor(pid);
    if (saw_journal) {
      auto found = FindMarkers(v.dir(), kMarkers);
      EXPECT_TRUE(found.empty()) << "plaintext found: " << found.front();
    }
  }
  // The vault opens and rolls the interrupted transaction back.
  EXPECT_EQ(v.Run({"check"}).exit_code, 0);
  if (!saw_journal) GTEST_SKIP() << "never caught the journal on disk";
}

}  // namespace
}  // namespace tvault::testing
