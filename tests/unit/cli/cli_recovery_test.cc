// Recovery shares through the real binary (tvault #13): `recovery create`
// writes one page per share, any T of N shares open the vault with `recovery
// restore` and set a new passphrase, the used set stops working, wrong,
// missing, repeated and mixed shares are refused with nothing changed
// (docs/format.md, sections 2.3 and 7.1).
// GCC 12 at -O1 under ASan warns inside libstdc++'s <regex> automaton
// (-Wmaybe-uninitialized, a false positive in std::function); warnings
// are errors, so it is silenced for this file only, before any include.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <sys/stat.h>

#include <fstream>
#include <regex>

#include "support/audit_events.h"
#include "support/cli_runner.h"
#include "support/interactive.h"
#include "support/raw_vault.h"
#include "support/share_pages.h"
#include "support/test_support.h"

namespace tvault::testing {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

const std::vector<std::string> kCheapKdf{"--kdf-memory-mib", "64", "--kdf-passes", "1"};

class CliRecovery : public ::testing::Test {
 protected:
  // `recovery create` into root/NAME; the mnemonics of its pages.
  std::vector<std::string> Create(CliVault& v, int t, int n, const std::string& name,
                                  std::vector<std::string> extra = {}) {
    const fs::path out = v.root() / name;
    std::vector<std::string> args{"recovery", "create", "--threshold", std::to_string(t),
                                  "--shares", std::to_string(n), "--out-dir", out.string()};
    args.insert(args.end(), extra.begin(), extra.end());
    RunResult r = v.Run(args);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    std::vector<std::string> shares;
    for (int k = 1; k <= n; ++k) {
      shares.push_back(MnemonicOf(out / ("share-" + std::to_string(k) + "-of-" +
                                         std::to_string(n) + ".html")));
    }
    return shares;
  }

  fs::path ShareFile(const CliVault& v, const std::string& mnemonic) {
    return v.WriteFile("share" + std::to_string(++files_), mnemonic + "\n");
  }

  // `recovery restore` with these shares and a new passphrase.
  RunResult Restore(const CliVault& v, const std::vector<std::string>& mnemonics,
                    std::vector<std::string> extra = {}) {
    std::vector<std::string> args{"--vault", v.dir().string(), "recovery", "restore",
                                  "--new-passphrase-file", new_pass(v).string()};
    for (const std::string& m : mnemonics) {
      args.push_back("--share-file");
      args.push_back(ShareFile(v, m).string());
    }
    args.insert(args.end(), kCheapKdf.begin(), kCheapKdf.end());
    args.insert(args.end(), extra.begin(), extra.end());
    return RunTvault(args);
  }

  fs::path new_pass(const CliVault& v) const { return v.root() / "new-pass"; }
  void WriteNewPass(const CliVault& v) { v.WriteFile("new-pass", "the recovered passphrase 42\n"); }

  RunResult WithNewPass(const CliVault& v, std::vector<std::string> args) const {
    std::vector<std::string> argv{"--vault", v.dir().string(), "--passphrase-file",
                                  new_pass(v).string()};
    argv.insert(argv.end(), args.begin(), args.end());
    return RunTvault(argv);
  }

  int files_ = 0;
};

TEST_F(CliRecovery, PagesHoldTheSharesAndAnyTwoOfThreeRecover) {
  CliVault v;
  WriteNewPass(v);
  const std::string fingerprint =
      json::parse(v.Run({"--json", "identity", "show"}).out)["fingerprint"].get<std::string>();
  ASSERT_EQ(fingerprint.size(), 19u);
  const std::vector<std::string> shares = Create(v, 2, 3, "pages");
  for (int k = 1; k <= 3; ++k) {
    const fs::path page = v.root() / "pages" / ("share-" + std::to_string(k) + "-of-3.html");
    struct stat st{};
    ASSERT_EQ(::stat(page.c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600u) << page;
    const std::string html = ReadText(page);
    EXPECT_TRUE(Has(html, "share " + std::to_string(k) + " of 3")) << html.substr(0, 300);
    EXPECT_TRUE(Has(html, "any 2 of 3 shares"));
    EXPECT_TRUE(Has(html, "<svg"));
    EXPECT_TRUE(Has(html, "Vault fingerprint: <b>" + fingerprint + "</b>"));
    EXPECT_TRUE(Has(html, "in person or on a video call"));
    EXPECT_EQ(std::count(shares[k - 1].begin(), shares[k - 1].end(), ' '), 32) << "33 words";
  }
  json slots = json::parse(v.Run({"--json", "keyslot", "list"}).out);
  ASSERT_EQ(slots.size(), 2u);
  EXPECT_EQ(slots[1]["recovery"], true);
  EXPECT_EQ(slots[1]["kdf"], "recovery-shares");
  json list = json::parse(v.Run({"--json", "recovery", "list"}).out);
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0]["threshold"], 2);
  EXPECT_EQ(list[0]["shares"], 3);

  RunResult r = Restore(v, {shares[2], shares[0]});  // any two, any order
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(Has(r.out, "no longer open the vault")) << r.out;
  EXPECT_TRUE(Has(r.out, "tvault recovery create --threshold 2 --shares 3")) << r.out;
  // The forgotten passphrase is replaced; the new one opens.
  EXPECT_EQ(v.Run({"keyslot", "list"}).exit_code, 3);
  RunResult after = WithNewPass(v, {"--json", "keyslot", "list"});
  ASSERT_EQ(after.exit_code, 0) << after.err;
  slots = json::parse(after.out);
  ASSERT_EQ(slots.size(), 1u) << "the used recovery slot is gone";
  EXPECT_EQ(slots[0]["recovery"], false);
  RunResult log = WithNewPass(v, {"--json", "audit", "log"});
  ASSERT_EQ(log.exit_code, 0);
  int created = 0, restored = 0;
  for (const json& e : json::parse(log.out)) {
    created += e["action"] == "recovery.create";
    restored += e["action"] == "recovery.restore";
  }
  EXPECT_EQ(created, 1);
  EXPECT_EQ(restored, 1);
  EXPECT_EQ(WithNewPass(v, {"audit", "verify"}).exit_code, 0);
  // The same shares again: the set was used, and opens nothing any more.
  RunResult again = Restore(v, {shares[0], shares[1]});
  EXPECT_EQ(again.exit_code, 1);
  EXPECT_TRUE(Has(ErrorLine(again), "no recovery shares")) << again.err;
}

// A recovery put the vault's keys in the holders' hands: the custody report
// of every record that existed then shows it.
TEST_F(CliRecovery, CustodyOfARecordShowsTheRecovery) {
  CliVault v;
  WriteNewPass(v);
  const std::string w = Trim(v.Run({"witness", "add", "--name", "Amal"}).out);
  const fs::path s = v.WriteFile("s", "statement\n");
  const std::string t = Trim(v.Run({"testimony", "add", "--witness", w, "--file", s.string()}).out);
  const std::vector<std::string> shares = Create(v, 2, 2, "pages");
  ASSERT_EQ(Restore(v, shares).exit_code, 0);
  for (const std::string& id : {t, w}) {
    RunResult custody = WithNewPass(v, {"--json", "custody", id});
    ASSERT_EQ(custody.exit_code, 0) << custody.err;
    const json report = json::parse(custody.out);
    int restores = 0;
    for (const json& e : report["events"]) restores += e["action"] == "recovery.restore";
    EXPECT_EQ(restores, 1) << id;
  }
}

// The sealed description of a set is bound to its slot's salt: the older
// set's row put back in place of the current one fails to authenticate, in
// `check` and in `recovery list`.
TEST_F(CliRecovery, AnOlderSetDescriptionPutBackFailsToAuthenticate) {
  CliVault v;
  Create(v, 2, 2, "first");
  std::vector<uint8_t> old_key, old_sealed;
  const std::string select =
      "SELECT wrapped_key, sealed FROM vault_items WHERE substr(name, 1, 17) = 'keyslot-recovery/'";
  {
    RawVault raw = OpenRaw(v.dir(), "cli test passphrase");
    storage::Statement st = Must(raw.db.Prepare(select));
    ASSERT_TRUE(Must(st.Step()));
    auto k = st.ColumnBlob(0), f = st.ColumnBlob(1);
    old_key.assign(k.begin(), k.end());
    old_sealed.assign(f.begin(), f.end());
  }
  Create(v, 3, 4, "second", {"--replace"});
  EXPECT_EQ(v.Run({"check"}).exit_code, 0);
  {
    RawVault raw = OpenRaw(v.dir(), "cli test passphrase");
    storage::Statement st = Must(raw.db.Prepare(
        "UPDATE vault_items SET wrapped_key = ?, sealed = ? "
        "WHERE substr(name, 1, 17) = 'keyslot-recovery/'"));
    MustOk(st.BindBlob(1, old_key).BindBlob(2, old_sealed).Run());
  }
  RunResult check = v.Run({"check"});
  EXPECT_EQ(check.exit_code, 4) << check.err;
  EXPECT_TRUE(Has(ErrorLine(check), "recovery keyslot 2 fails to authenticate")) << check.err;
  EXPECT_EQ(v.Run({"recovery", "list"}).exit_code, 4);
}

TEST_F(CliRecovery, EveryPairOfThreeRecovers) {
  for (auto [a, b] : {std::pair{0, 1}, std::pair{1, 2}, std::pair{0, 2}}) {
    CliVault v;
    WriteNewPass(v);
    const std::vector<std::string> shares = Create(v, 2, 3, "pages");
    RunResult r = Restore(v, {shares[a], shares[b]});
    EXPECT_EQ(r.exit_code, 0) << a << "," << b << ": " << r.err;
    EXPECT_EQ(WithNewPass(v, {"keyslot", "list"}).exit_code, 0);
  }
}

TEST_F(CliRecovery, TooFewWrongMixedAndRepeatedSharesChangeNothing) {
  CliVault v, other;
  WriteNewPass(v);
  const std::vector<std::string> shares = Create(v, 3, 5, "pages");
  const std::vector<std::string> foreign = Create(other, 3, 5, "pages");
  const std::vector<uint8_t> header = ReadBytes(v.dir() / "vault.header");

  RunResult few = Restore(v, {shares[0], shares[1]});
  EXPECT_EQ(few.exit_code, 2);
  EXPECT_TRUE(Has(ErrorLine(few), "1 more needed")) << few.err;

  RunResult repeated = Restore(v, {shares[0], shares[0], shares[1]});
  EXPECT_EQ(repeated.exit_code, 2);
  EXPECT_TRUE(Has(ErrorLine(repeated), "repeats")) << repeated.err;

  RunResult mixed = Restore(v, {shares[0], foreign[1], shares[2]});
  EXPECT_EQ(mixed.exit_code, 2);
  EXPECT_TRUE(Has(ErrorLine(mixed), "different set")) << mixed.err;

  std::string typo = shares[1];
  typo.replace(typo.rfind(' ') + 1, std::string::npos, "zzzz");
  RunResult bad_word = Restore(v, {shares[0], typo, shares[2]});
  EXPECT_EQ(bad_word.exit_code, 2);
  EXPECT_TRUE(Has(ErrorLine(bad_word), "not in the SLIP-39 word list")) << bad_word.err;
  EXPECT_FALSE(Has(bad_word.err, shares[0].substr(0, 20))) << "no share words in errors";

  // A whole set of another vault: well-formed, and opens nothing here.
  RunResult wrong_vault = Restore(v, {foreign[0], foreign[1], foreign[2]});
  EXPECT_EQ(wrong_vault.exit_code, 3);
  EXPECT_TRUE(Has(ErrorLine(wrong_vault), "do not open this vault's recovery keyslot"))
      << wrong_vault.err;

  EXPECT_EQ(ReadBytes(v.dir() / "vault.header"), header) << "nothing changed";
  EXPECT_EQ(v.Run({"keyslot", "list"}).exit_code, 0) << "the old passphrase still opens";
  EXPECT_EQ(CountEvents(v, "recovery.restore"), 0u);
}

TEST_F(CliRecovery, RevokeAndReplaceMakeTheOldSharesUseless) {
  CliVault v;
  WriteNewPass(v);
  const std::vector<std::string> first = Create(v, 2, 2, "first");
  RunResult second_set = v.Run({"recovery", "create", "--threshold", "2", "--shares", "3",
                                "--out-dir", (v.root() / "second").string()});
  EXPECT_EQ(second_set.exit_code, 1);
  EXPECT_TRUE(Has(ErrorLine(second_set), "already has recovery shares")) << second_set.err;
  EXPECT_FALSE(fs::exists(v.root() / "second" / "share-1-of-3.html"));

  const std::vector<std::string> replaced = Create(v, 2, 3, "replaced", {"--replace"});
  EXPECT_EQ(json::parse(v.Run({"--json", "keyslot", "list"}).out).size(), 2u);
  RunResult old = Restore(v, {first[0], first[1]});
  EXPECT_EQ(old.exit_code, 3) << old.err;

  RunResult revoke = v.Run({"recovery", "revoke"});
  ASSERT_EQ(revoke.exit_code, 0) << revoke.err;
  EXPECT_EQ(json::parse(v.Run({"--json", "recovery", "list"}).out).size(), 0u);
  RunResult none = Restore(v, {replaced[0], replaced[1]});
  EXPECT_EQ(none.exit_code, 1);
  EXPECT_TRUE(Has(ErrorLine(none), "no recovery shares")) << none.err;
  EXPECT_EQ(CountEvents(v, "recovery.create"), 2u);
  EXPECT_EQ(CountEvents(v, "recovery.revoke"), 1u);
  EXPECT_EQ(v.Run({"audit", "verify"}).exit_code, 0);
}

TEST_F(CliRecovery, KeyslotRulesKeepAPassphraseAndTheRecoverySlotApart) {
  CliVault v;
  Create(v, 2, 2, "pages");
  RunResult remove_recovery = v.Run({"keyslot", "remove", "2"});
  EXPECT_EQ(remove_recovery.exit_code, 1);
  EXPECT_TRUE(Has(ErrorLine(remove_recovery), "revoke the recovery shares")) << remove_recovery.err;
  RunResult remove_last = v.Run({"keyslot", "remove", "1"});
  EXPECT_EQ(remove_last.exit_code, 1);
  EXPECT_TRUE(Has(ErrorLine(remove_last), "last keyslot")) << remove_last.err;
}

TEST_F(CliRecovery, SeveralPassphraseSlotsNeedToBeTold) {
  CliVault v;
  WriteNewPass(v);
  const fs::path second = v.WriteFile("second", "second passphrase 77\n");
  std::vector<std::string> add{"keyslot", "add", "--new-passphrase-file", second.string()};
  add.insert(add.end(), kCheapKdf.begin(), kCheapKdf.end());
  ASSERT_EQ(v.Run(add).exit_code, 0);
  const std::vector<std::string> shares = Create(v, 2, 2, "pages");
  RunResult which = Restore(v, shares);
  EXPECT_EQ(which.exit_code, 1);
  EXPECT_TRUE(Has(ErrorLine(which), "passphrase keyslots 1, 2")) << which.err;
  RunResult r = Restore(v, shares, {"--slot", "2"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(v.Run({"keyslot", "list"}).exit_code, 0) << "slot 1 is untouched";
  EXPECT_EQ(RunTvault({"--vault", v.dir().string(), "--passphrase-file", second.string(),
                       "keyslot", "list"}).exit_code, 3) << "slot 2's passphrase was replaced";
  EXPECT_EQ(WithNewPass(v, {"keyslot", "list"}).exit_code, 0);
}

TEST_F(CliRecovery, NewSetAtOnceAfterARestore) {
  CliVault v;
  WriteNewPass(v);
  const std::vector<std::string> shares = Create(v, 2, 3, "pages");
  RunResult r = Restore(v, {shares[0], shares[1]},
                        {"--new-shares-out-dir", (v.root() / "fresh").string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  for (int k = 1; k <= 3; ++k) {
    EXPECT_TRUE(fs::exists(v.root() / "fresh" / ("share-" + std::to_string(k) + "-of-3.html")));
  }
  const std::string fresh = MnemonicOf(v.root() / "fresh/share-1-of-3.html");
  EXPECT_NE(fresh, shares[0]);
  RunResult list = WithNewPass(v, {"--json", "recovery", "list"});
  ASSERT_EQ(list.exit_code, 0) << list.err;
  EXPECT_EQ(json::parse(list.out).size(), 1u);
}

TEST_F(CliRecovery, SharesAreShownOnlyOnATerminalOrAsPages) {
  CliVault v;
  const std::vector<uint8_t> header = ReadBytes(v.dir() / "vault.header");
  RunResult piped = v.Run({"recovery", "create", "--threshold", "2", "--shares", "3"});
  EXPECT_EQ(piped.exit_code, 2);
  EXPECT_TRUE(Has(ErrorLine(piped), "--out-dir")) << piped.err;
  RunResult bad = v.Run({"recovery", "create", "--threshold", "1", "--shares", "3", "--out-dir",
                         (v.root() / "x").string()});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_TRUE(Has(ErrorLine(bad), "threshold")) << bad.err;
  RunResult many = v.Run({"recovery", "create", "--threshold", "2", "--shares", "17",
                          "--out-dir", (v.root() / "x").string()});
  EXPECT_EQ(many.exit_code, 2);
  EXPECT_EQ(ReadBytes(v.dir() / "vault.header"), header);
}

// The words of share K as the terminal showed them ("%2d word" columns
// between the share's title and the advice to its holder).
std::string ShownShare(const std::string& screen, int k, int n) {
  const std::string title = "tvault recovery share " + std::to_string(k) + " of " + std::to_string(n);
  const std::size_t from = screen.find(title);
  if (from == std::string::npos) return "";
  const std::size_t to = screen.find("Any ", from);
  const std::string block = screen.substr(from + title.size(), to - from - title.size());
  static const std::regex kWord("[0-9]+ ([a-z]+)");
  std::string words;
  for (auto it = std::sregex_iterator(block.begin(), block.end(), kWord);
       it != std::sregex_iterator(); ++it) {
    words += (words.empty() ? "" : " ") + (*it)[1].str();
  }
  return words;
}

// On a terminal: each share alone on the screen, the screen and scrollback
// cleared after each; at restore, shares typed without echo, progress after
// each, a mistyped share refused and asked again.
TEST_F(CliRecovery, OnATerminalSharesAreShownOneAtATimeAndTypedBack) {
  ASSERT_TRUE(HaveProgram("script")) << "needs script(1) (bsdutils; scripts/setup --test installs it)";
  CliVault v;
  RunResult shown = RunOnTerminal(
      v.Argv({"recovery", "create", "--threshold", "2", "--shares", "3"}), "\n\n\n");
  ASSERT_EQ(shown.exit_code, 0) << shown.out;
  const std::string first = ShownShare(shown.out, 1, 3), third = ShownShare(shown.out, 3, 3);
  ASSERT_EQ(std::count(first.begin(), first.end(), ' '), 32) << shown.out;
  ASSERT_EQ(std::count(third.begin(), third.end(), ' '), 32) << shown.out;
  EXPECT_GE(std::count(shown.out.begin(), shown.out.end(), '\033'), 4 * 3) << "cleared each time";
  EXPECT_TRUE(Has(shown.out, "Any 2 of the 3 shares together open the vault"));

  std::string typo = first;
  typo.replace(0, typo.find(' '), "zzzz");
  const std::string pass = "the recovered passphrase 42\n";
  RunResult restored = Converse(
      {TvaultBinary(), "--vault", v.dir().string(), "recovery", "restore", "--kdf-memory-mib",
       "64", "--kdf-passes", "1"},
      {{"Share 1 (", typo + "\n"},
       {"Share 1 (", first + "\n"},
       {"Share 2 (", third + "\n"},
       {"New passphrase: ", pass},
       {"Repeat the new passphrase: ", pass},
       {"Make a new set of shares now (2 of 3, as before)? [y/N] ", "n\n"}});
  ASSERT_EQ(restored.exit_code, 0) << restored.out;
  EXPECT_TRUE(Has(restored.out, "not in the SLIP-39 word list")) << restored.out;
  EXPECT_TRUE(Has(restored.out, "1 of 2 shares entered; 1 more needed")) << restored.out;
  EXPECT_TRUE(Has(restored.out, "tvault recovery create --threshold 2 --shares 3")) << restored.out;
  EXPECT_FALSE(Has(restored.out, first.substr(0, first.find(' ', 20)))) << "typed without echo";
  WriteNewPass(v);
  EXPECT_EQ(WithNewPass(v, {"keyslot", "list"}).exit_code, 0);
}

// The QR code on a page is what a phone or a scanner reads: zbarimg (ZBar)
// decodes it to the share in upper case. The page's SVG modules are drawn
// into a PGM image for it.
TEST_F(CliRecovery, QrCodeDecodesToTheShareWithZbar) {
  ASSERT_TRUE(HaveProgram("zbarimg")) << "needs zbarimg (zbar-tools; scripts/setup --test installs it)";
  CliVault v;
  const std::vector<std::string> shares = Create(v, 2, 2, "pages");
  const std::string html = ReadText(v.root() / "pages/share-2-of-2.html");
  std::smatch box;
  ASSERT_TRUE(std::regex_search(html, box, std::regex("viewBox=\"0 0 ([0-9]+) ([0-9]+)\"")));
  const int size = std::stoi(box[1].str());
  constexpr int kScale = 6;
  const int px = size * kScale;
  std::vector<uint8_t> image(static_cast<std::size_t>(px) * px, 255);
  static const std::regex kModule("<rect x=\"([0-9]+)\" y=\"([0-9]+)\" width=\"1\"");
  int modules = 0;
  for (auto it = std::sregex_iterator(html.begin(), html.end(), kModule);
       it != std::sregex_iterator(); ++it, ++modules) {
    const int x = std::stoi((*it)[1].str()), y = std::stoi((*it)[2].str());
    for (int dy = 0; dy < kScale; ++dy)
      for (int dx = 0; dx < kScale; ++dx)
        image[static_cast<std::size_t>((y * kScale + dy) * px + x * kScale + dx)] = 0;
  }
  ASSERT_GT(modules, 100);
  const fs::path pgm = v.root() / "qr.pgm";
  {
    std::ofstream out(pgm, std::ios::binary);
    out << "P5\n" << px << " " << px << "\n255\n";
    out.write(reinterpret_cast<const char*>(image.data()), static_cast<std::streamsize>(image.size()));
  }
  RunResult z = RunProgram({"zbarimg", "--quiet", "--raw", pgm.string()});
  ASSERT_EQ(z.exit_code, 0) << z.err;
  std::string upper = shares[1];
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  EXPECT_EQ(Trim(z.out), upper);
}

}  // namespace
}  // namespace tvault::testing
