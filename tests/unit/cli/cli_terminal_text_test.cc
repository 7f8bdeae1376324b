// Text from the database, a bundle or the command line never reaches the
// terminal raw (issue #15, item 1): every human-readable output of the real
// tvault is checked for control characters, C1 controls and bidirectional
// controls, with a hostile text in every field a person can fill in.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "human/human.h"
#include "support/cli_runner.h"
#include "support/test_support.h"

namespace tvault::testing {
namespace {
namespace fs = std::filesystem;
using nlohmann::json;

// Window title (OSC ... BEL), clear screen (CSI 2J), carriage return, a
// forged row, a right-to-left override, and C1 CSI.
const std::string kHostile =
    "A\x1b]0;owned\x07" "B\x1b[2J\rC\nT-FAKE00  W-FAKE0 forged\xe2\x80\xae" "D\xc2\x9b" "31mE";

// A peer's name may hold no C0 or C1 control (peer add refuses them: see
// cli_peer_test.cc), but it may hold what a terminal or browser still
// interprets: bidirectional overrides and isolates, a zero-width space, HTML.
const std::string kHostilePeer =
    "A\xe2\x80\xae" "B<script>\xe2\x81\xa6" "C\xe2\x80\x8b" "D\xe2\x80\xac" "E";

std::string FileText(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// What a terminal would interpret, named for the failure message.
std::string Visible(const std::string& s) {
  std::string out;
  for (unsigned char c : s) {
    if (c >= 0x20 && c < 0x7f) {
      out += static_cast<char>(c);
    } else {
      char buf[8];
      std::snprintf(buf, sizeof buf, "<%02X>", c);
      out += buf;
    }
  }
  return out;
}

void ExpectSafe(const RunResult& r, const std::string& what) {
  // Raw bytes first, independently of any decoder: no C0 but '\n', no DEL.
  for (unsigned char c : r.out + r.err) {
    ASSERT_TRUE((c >= 0x20 || c == '\n') && c != 0x7f) << what << ":\n" << Visible(r.out + r.err);
  }
  EXPECT_TRUE(cli::human::IsTerminalSafe(r.out)) << what << ":\n" << Visible(r.out);
  EXPECT_TRUE(cli::human::IsTerminalSafe(r.err)) << what << ":\n" << Visible(r.err);
}

class CliTerminalText : public ::testing::Test {
 protected:
  void SetUp() override {
    evil_ = sender_.root() / "evil";
    // Made through the library with CliVault's cheap Argon2id, as every CLI
    // test vault is: what matters is the hostile custodian name.
    InitOptions options;
    options.custodian_name = Text(kHostile);
    options.kdf = InsecureKdfParamsForTestsOnly(8 * 1024, 1);
    MustOk(Vault::Init(evil_, Pass("cli test passphrase"), options));
    w_ = Trim(S({"witness", "add", "--name", kHostile, "--alias", kHostile, "--phone", kHostile,
                 "--email", kHostile, "--address", kHostile, "--relatives", kHostile, "--notes",
                 kHostile})
                  .out);
    const fs::path f = sender_.WriteFile("s.txt", "statement\n");
    std::vector<std::string> add = {"testimony", "add", "--witness", w_, "--file", f.string()};
    for (const char* o : {"--title", "--language", "--place", "--interviewer", "--interpreter",
                          "--notes"}) {
      add.push_back(o);
      add.push_back(kHostile);
    }
    t_ = Trim(S(add).out);
    // New bytes: an amendment identical to the latest version is refused.
    const fs::path f2 = sender_.WriteFile("s2.txt", "statement, amended\n");
    ASSERT_EQ(S({"testimony", "amend", t_, "--file", f2.string(), "--reason", kHostile}).exit_code,
              0);
    e_ = Trim(S({"evidence", "add", t_, "--file", f.string(), "--description", kHostile,
                 "--media-type", kHostile})
                  .out);
    ASSERT_FALSE(e_.empty());
    const std::string doomed = Trim(S({"testimony", "add", "--witness", w_, "--file", f.string()}).out);
    ASSERT_EQ(S({"shred", "--yes", doomed, "--reason", kHostile}).exit_code, 0);

    const json me = json::parse(sender_.Run({"--vault", evil_.string(), "--json", "identity", "show"}).out);
    const json them = json::parse(receiver_.Run({"--json", "identity", "show"}).out);
    ASSERT_EQ(S({"peer", "add", kHostilePeer, "--age-recipient", them["age_recipient"]}).exit_code, 0);
    ASSERT_EQ(receiver_.Run({"peer", "add", kHostilePeer, "--minisign-key", me["minisign_public_key"]})
                  .exit_code,
              0);
    bundle_ = sender_.root() / "b.tvb";
    RunResult ex = S({"export", "--purpose", "court", "--override-consent", "--to", kHostilePeer, "--testimony", t_, "--with-contacts", "--reason",
                      kHostile, "--out", bundle_.string()});
    ASSERT_EQ(ex.exit_code, 0) << ex.err;
    ExpectSafe(ex, "export");
  }

  RunResult S(std::vector<std::string> args) const {
    args.insert(args.begin(), {"--vault", evil_.string()});
    return sender_.Run(args);
  }

  CliVault sender_, receiver_;
  fs::path evil_, bundle_;
  std::string w_, t_, e_;
};

TEST_F(CliTerminalText, NoHumanOutputCarriesARawControlCharacter) {
  const std::vector<std::vector<std::string>> sender_commands = {
      {"witness", "list"},         {"witness", "show", w_},   {"testimony", "list"},
      {"testimony", "history", t_}, {"evidence", "list", t_}, {"evidence", "show", e_},
      {"peer", "list"},            {"audit", "log"},          {"custody", t_},
      {"identity", "show"},        {"tombstones"},            {"check"},
      {"audit", "verify"}};
  for (const auto& args : sender_commands) {
    RunResult r = S(args);
    EXPECT_EQ(r.exit_code, 0) << args[0] << ": " << r.err;
    ExpectSafe(r, args[0] + " " + (args.size() > 1 ? args[1] : ""));
  }

  RunResult verify = receiver_.Run({"bundle", "verify", bundle_.string()});
  ASSERT_EQ(verify.exit_code, 0) << verify.err;
  ExpectSafe(verify, "bundle verify");
  RunResult import = receiver_.Run({"bundle", "import", bundle_.string()});
  ASSERT_EQ(import.exit_code, 0) << import.err;
  ExpectSafe(import, "bundle import");
  const json list = json::parse(receiver_.Run({"--json", "testimony", "list"}).out);
  ASSERT_EQ(list.size(), 1u);
  const std::string t = list[0]["id"], w = list[0]["witness"];
  const std::vector<std::vector<std::string>> receiver_commands = {
      {"witness", "list"},        {"witness", "show", w}, {"testimony", "list"},
      {"testimony", "history", t}, {"evidence", "list", t}, {"peer", "list"},
      {"audit", "log"},           {"custody", t}};
  for (const auto& args : receiver_commands) {
    RunResult r = receiver_.Run(args);
    EXPECT_EQ(r.exit_code, 0) << args[0] << ": " << r.err;
    ExpectSafe(r, "imported: " + args[0] + " " + (args.size() > 1 ? args[1] : ""));
  }
}

TEST_F(CliTerminalText, ANewlineInATitleForgesNoRow) {
  RunResult r = S({"testimony", "list"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 1) << Visible(r.out);
  EXPECT_NE(r.out.find("\\u{000A}T-FAKE00"), std::string::npos) << Visible(r.out);
  EXPECT_NE(r.out.find("\\u{202E}"), std::string::npos) << Visible(r.out);
}

TEST_F(CliTerminalText, JsonKeepsTheExactBytes) {
  const json list = json::parse(S({"--json", "testimony", "list"}).out);
  EXPECT_EQ(list[0]["title"], kHostile);
  const json w = json::parse(S({"--json", "witness", "show", w_}).out);
  for (const char* k : {"name", "phone", "email", "address", "relatives", "notes"}) {
    EXPECT_EQ(w[k], kHostile) << k;
  }
  EXPECT_EQ(w["aliases"][0], kHostile);
  const json h = json::parse(S({"--json", "testimony", "history", t_}).out);
  EXPECT_EQ(h[1]["reason"], kHostile);
  const json e = json::parse(S({"--json", "evidence", "show", e_}).out);
  EXPECT_EQ(e["description"], kHostile);
  EXPECT_EQ(e["media_type"], kHostile);
  const json p = json::parse(S({"--json", "peer", "list"}).out);
  EXPECT_EQ(p[0]["name"], kHostilePeer);
  const json id = json::parse(S({"--json", "identity", "show"}).out);
  EXPECT_EQ(id["name"], kHostile);
  const json s = json::parse(receiver_.Run({"--json", "bundle", "verify", bundle_.string()}).out);
  EXPECT_EQ(s["reason"], kHostile);
  EXPECT_EQ(s["exporter_name"], kHostile);
}

TEST_F(CliTerminalText, ErrorsEchoTypedTextEscaped) {
  const std::vector<std::vector<std::string>> bad = {
      {kHostile},
      {"witness", kHostile},
      {"testimony", "add", "--witness", w_, "--file", (sender_.root() / kHostile).string()},
      {"witness", "show", kHostile},
      {"audit", "log", "--since", kHostile},
      {"peer", "remove", kHostile + "x"},
      {"--json", "witness", "show", kHostile}};
  for (const auto& args : bad) {
    RunResult r = S(args);
    EXPECT_NE(r.exit_code, 0);
    ExpectSafe(r, "error for " + Visible(args.back()));
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << Visible(r.err);
  }
}

TEST_F(CliTerminalText, CustodyHtmlEscapesHtmlAndTerminalControls) {
  const fs::path page = sender_.root() / "custody.html";
  ASSERT_EQ(S({"custody", t_, "--html", page.string()}).exit_code, 0);
  const std::string html = FileText(page);
  EXPECT_EQ(html.find('\x1b'), std::string::npos);
  EXPECT_EQ(html.find("\xe2\x80\xae"), std::string::npos);  // would reverse the row in a browser
  EXPECT_EQ(html.find("\xc2\x9b"), std::string::npos);
  EXPECT_NE(html.find("\\u{202E}"), std::string::npos);
  RunResult tag = S({"testimony", "amend", t_, "--file", (sender_.root() / "s.txt").string(),
                     "--reason", "<script>alert(1)</script>"});
  ASSERT_EQ(tag.exit_code, 0) << tag.err;
  const fs::path page2 = sender_.root() / "custody2.html";
  ASSERT_EQ(S({"custody", t_, "--html", page2.string()}).exit_code, 0);
  const std::string html2 = FileText(page2);
  EXPECT_EQ(html2.find("<script>"), std::string::npos);
  EXPECT_NE(html2.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
}

}  // namespace
}  // namespace tvault::testing
