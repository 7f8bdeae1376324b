// The advice tvault words for library errors (tvault issue #11, item 4): the
// library returns facts and an ErrorDetail, cli/error_text.cc names the
// commands and options. These are the exact lines users saw before the
// library stopped speaking CLI.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <string>

#include "support/cli_runner.h"
#include "util/lock_file.h"

namespace tvault::testing {
namespace {

// The error line without "tvault: error: " and the newline; "" if the run
// succeeded or printed something else.
std::string ErrorOf(const RunResult& r) {
  const std::string prefix = "tvault: error: ";
  if (r.exit_code == 0 || r.err.rfind(prefix, 0) != 0 || r.err.back() != '\n') return r.err;
  return r.err.substr(prefix.size(), r.err.size() - prefix.size() - 1);
}

bool EndsWith(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

TEST(CliMessages, VaultAdvice) {
  CliVault v;
  const std::string nothing = (v.root() / "nothing").string();
  RunResult none = RunTvault({"--vault", nothing, "--passphrase-file", v.pass_file().string(),
                              "testimony", "list"});
  EXPECT_EQ(none.exit_code, 1);
  EXPECT_EQ(ErrorOf(none), "no vault at " + nothing + "; run `tvault init` or pass --vault DIR");

  RunResult again = v.Run({"init", "--kdf-memory-mib", "64", "--kdf-passes", "1"});
  EXPECT_EQ(again.exit_code, 1);
  EXPECT_EQ(ErrorOf(again), v.dir().string() +
                                " already exists and is not an empty directory; choose another "
                                "--vault path (tvault never overwrites a vault)");

  RunResult slot = v.Run({"keyslot", "remove", "9"});
  EXPECT_EQ(slot.exit_code, 1);
  EXPECT_EQ(ErrorOf(slot), "no keyslot 9; see `tvault keyslot list`");

  auto second = v.WriteFile("second", "second passphrase\n");
  RunResult memory = v.Run({"keyslot", "add", "--new-passphrase-file", second.string(),
                            "--kdf-memory-mib", "32", "--kdf-passes", "1"});
  EXPECT_EQ(memory.exit_code, 2);
  EXPECT_EQ(ErrorOf(memory), "--kdf-memory-mib must be between 64 and 4096 (default 256)");
  RunResult passes = v.Run({"keyslot", "add", "--new-passphrase-file", second.string(),
                            "--kdf-memory-mib", "64", "--kdf-passes", "65"});
  EXPECT_EQ(passes.exit_code, 2);
  EXPECT_EQ(ErrorOf(passes), "--kdf-passes must be between 1 and 64 (default 3)");
}

TEST(CliMessages, BusyVaultAdvice) {
  CliVault v;
  auto held = LockFile::Acquire(v.dir() / "vault.lock", std::chrono::milliseconds(0));
  ASSERT_TRUE(held.ok()) << held.error().message;
  RunResult busy = v.Run({"--wait", "0", "testimony", "list"});
  EXPECT_EQ(busy.exit_code, 1);
  EXPECT_EQ(ErrorOf(busy),
            "vault is busy: another tvault command is using it; try again when it has finished "
            "(or raise --wait)");
}

TEST(CliMessages, RecordAdvice) {
  CliVault v;
  const std::string wid = Trim(v.Run({"witness", "add", "--name", "n"}).out);
  auto f = v.WriteFile("s.txt", "x");
  const std::string tid =
      Trim(v.Run({"testimony", "add", "--witness", wid, "--file", f.string()}).out);
  ASSERT_EQ(tid.substr(0, 2), "T-");

  RunResult refused = v.Run({"shred", "--yes", wid, "--reason", "r"});
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_EQ(ErrorOf(refused), "witness " + wid + " still has 1 testimonies (" + tid +
                                  "); shred them first or pass --cascade to shred them too");

  RunResult date = v.Run({"testimony", "add", "--witness", wid, "--file", f.string(),
                          "--taken-at", "2024-02-30"});
  EXPECT_EQ(date.exit_code, 2);
  EXPECT_EQ(ErrorOf(date), "--taken-at must be a calendar date written YYYY-MM-DD");
  RunResult not_witness = v.Run({"testimony", "add", "--witness", tid, "--file", f.string()});
  EXPECT_EQ(not_witness.exit_code, 2);
  EXPECT_EQ(ErrorOf(not_witness), "--witness needs a witness id (W-...)");

  RunResult long_description =
      v.Run({"evidence", "add", tid, "--file", f.string(), "--description",
             std::string(64 * 1024 + 1, 'd')});
  EXPECT_EQ(long_description.exit_code, 2);
  EXPECT_EQ(ErrorOf(long_description), "--description is longer than 64 KiB");
  RunResult long_type = v.Run({"evidence", "add", tid, "--file", f.string(), "--media-type",
                               std::string(256, 'm')});
  EXPECT_EQ(long_type.exit_code, 2);
  EXPECT_EQ(ErrorOf(long_type), "--media-type is longer than 255 bytes");

  // One short line, where CLI11's own check printed a range of about 400
  // characters up to DBL_MAX (issue #15, item 8).
  for (const char* bad : {"0", "4294967296", "two", "-1"}) {
    RunResult r = v.Run({"testimony", "show", tid, "--version", bad});
    EXPECT_EQ(r.exit_code, 2) << bad;
    EXPECT_EQ(ErrorOf(r), "--version: versions are numbered from 1; `tvault testimony history "
                          "ID` lists them (see `tvault --help`)")
        << bad;
  }
  RunResult past = v.Run({"testimony", "show", tid, "--version", "2"});
  EXPECT_EQ(past.exit_code, 1);
  EXPECT_EQ(ErrorOf(past), "testimony " + tid + " has versions 1 to 1 only");

  ASSERT_EQ(v.Run({"shred", "--yes", tid, "--reason", "r"}).exit_code, 0);
  RunResult shredded = v.Run({"testimony", "show", tid});
  EXPECT_EQ(shredded.exit_code, 1);
  EXPECT_TRUE(EndsWith(ErrorOf(shredded),
                       tid + " was shredded; only its tombstone remains (see `tvault tombstones`)"))
      << shredded.err;
}

TEST(CliMessages, PeerAndBundleAdvice) {
  CliVault v;
  RunResult no_key = v.Run({"peer", "add", "court"});
  EXPECT_EQ(no_key.exit_code, 2);
  EXPECT_EQ(ErrorOf(no_key),
            "give --age-recipient (to send to this peer), --minisign-key (to accept bundles from "
            "them), or both");
  RunResult no_peer = v.Run({"peer", "remove", "court"});
  EXPECT_EQ(no_peer.exit_code, 1);
  EXPECT_EQ(ErrorOf(no_peer), "no peer named \"court\"; known peers: none");

  const std::string out = (v.root() / "b.tvb").string();
  RunResult unknown = v.Run({"export", "--purpose", "court", "--override-consent", "--to", "court", "--all", "--reason", "r", "--out", out});
  EXPECT_EQ(unknown.exit_code, 1);
  EXPECT_EQ(ErrorOf(unknown),
            "--to: no peer named \"court\"; known peers: none (a new peer needs `tvault peer "
            "add` first)");

  const std::string bundle = v.WriteFile("any.tvb", "not a bundle").string();
  // With no peer holding a minisign key the file is still read: what is
  // wrong with it comes first (a signer no peer holds is exit 4 too, see
  // CliBundle.ASignerNoPeerHoldsIsAnIntegrityFailureNamingTheKey).
  RunResult unsigned_by_peer = v.Run({"bundle", "verify", bundle});
  EXPECT_EQ(unsigned_by_peer.exit_code, 4);
  EXPECT_EQ(ErrorOf(unsigned_by_peer), "not an age file (unknown version line)")
      << unsigned_by_peer.err;

  const std::string identity = v.WriteFile("id.txt", "not an identity\n").string();
  RunResult no_signer = RunTvault({"bundle", "verify", bundle, "--identity", identity});
  EXPECT_EQ(no_signer.exit_code, 2);
  EXPECT_EQ(ErrorOf(no_signer), "without a vault, name the sender's key with --signer-key RW...");
  RunResult bad_signer =
      RunTvault({"bundle", "verify", bundle, "--identity", identity, "--signer-key", "RWbad"});
  EXPECT_EQ(bad_signer.exit_code, 2);
  EXPECT_EQ(ErrorOf(bad_signer).rfind("--signer-key: minisign public key: ", 0), 0u)
      << bad_signer.err;
  const std::string key =
      nlohmann::json::parse(v.Run({"--json", "identity", "show"}).out)["minisign_public_key"];
  RunResult bad_identity =
      RunTvault({"bundle", "verify", bundle, "--identity", identity, "--signer-key", key});
  EXPECT_EQ(bad_identity.exit_code, 2);
  EXPECT_EQ(ErrorOf(bad_identity).rfind("--identity: ", 0), 0u) << bad_identity.err;
}

}  // namespace
}  // namespace tvault::testing
