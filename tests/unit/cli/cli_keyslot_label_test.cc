// Keyslot labels through the real binary (tvault #12): `keyslot add --label`,
// `keyslot label`, shown by `keyslot list`; sealed in the database, never in
// vault.header; removed with their slot; moved along by a passphrase change;
// bound to their slot (docs/format.md, section 4.7).
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "header/vault_header.h"
#include "support/audit_events.h"
#include "support/cli_runner.h"
#include "support/raw_vault.h"
#include "support/test_support.h"

namespace tvault::testing {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

const std::vector<std::string> kCheapKdf{"--kdf-memory-mib", "64", "--kdf-passes", "1"};

class CliKeyslotLabel : public ::testing::Test {
 protected:
  RunResult AddSlot(const std::string& passphrase, const std::vector<std::string>& extra) {
    const fs::path file = v_.WriteFile("p" + std::to_string(++files_), passphrase + "\n");
    std::vector<std::string> args{"keyslot", "add", "--new-passphrase-file", file.string()};
    args.insert(args.end(), kCheapKdf.begin(), kCheapKdf.end());
    args.insert(args.end(), extra.begin(), extra.end());
    return v_.Run(args);
  }
  json Slots() const { return json::parse(v_.Run({"--json", "keyslot", "list"}).out); }
  std::string HeaderBytes() const {
    const std::vector<uint8_t> b = ReadBytes(v_.dir() / "vault.header");
    return std::string(b.begin(), b.end());
  }

  CliVault v_;
  int files_ = 0;
};

TEST_F(CliKeyslotLabel, AddWithALabelShowsItInListAndKeepsItOutOfTheHeader) {
  RunResult add = AddSlot("second passphrase", {"--label", "Anna's backup"});
  ASSERT_EQ(add.exit_code, 0) << add.err;
  EXPECT_EQ(Trim(add.out), "Added keyslot 2");
  const json slots = Slots();
  ASSERT_EQ(slots.size(), 2u);
  EXPECT_TRUE(slots[0]["label"].is_null());
  EXPECT_EQ(slots[1]["label"], "Anna's backup");
  RunResult text = v_.Run({"keyslot", "list"});
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_TRUE(Has(text.out, "created ")) << text.out;
  EXPECT_TRUE(Has(text.out, "  label: Anna's backup\n")) << text.out;
  EXPECT_FALSE(Has(HeaderBytes(), "Anna"));
  EXPECT_EQ(CountEvents(v_, "keyslot.add"), 1u);
  EXPECT_EQ(CountEvents(v_, "keyslot.label"), 1u);
  // The label is sealed in the audit log too.
  const std::string log = (v_.root() / "audit.log").string();
  ASSERT_EQ(v_.Run({"audit", "export", "--out", log}).exit_code, 0);
  const std::vector<uint8_t> bytes = ReadBytes(log);
  EXPECT_FALSE(Has(std::string(bytes.begin(), bytes.end()), "Anna"));
  EXPECT_EQ(v_.Run({"audit", "verify"}).exit_code, 0);
}

TEST_F(CliKeyslotLabel, LabelSetsChangesAndClearsAndSurvivesReopenAndPassphraseChange) {
  RunResult set = v_.Run({"keyslot", "label", "1", "office safe"});
  ASSERT_EQ(set.exit_code, 0) << set.err;
  EXPECT_EQ(Trim(set.out), "Labelled keyslot 1: office safe");
  EXPECT_EQ(Slots()[0]["label"], "office safe");
  ASSERT_EQ(v_.Run({"keyslot", "label", "1", "Ürümqi desk"}).exit_code, 0);
  EXPECT_EQ(Slots()[0]["label"], "Ürümqi desk");
  // A passphrase change draws a fresh salt: the label moves with the slot.
  const fs::path fresh = v_.WriteFile("fresh", "a new passphrase\n");
  std::vector<std::string> change{"passphrase", "change", "--new-passphrase-file",
                                  fresh.string()};
  change.insert(change.end(), kCheapKdf.begin(), kCheapKdf.end());
  ASSERT_EQ(v_.Run(change).exit_code, 0);
  RunResult after = RunTvault({"--vault", v_.dir().string(), "--passphrase-file",
                               fresh.string(), "--json", "keyslot", "list"});
  ASSERT_EQ(after.exit_code, 0) << after.err;
  EXPECT_EQ(json::parse(after.out)[0]["label"], "Ürümqi desk");
  RunResult clear = RunTvault({"--vault", v_.dir().string(), "--passphrase-file",
                               fresh.string(), "keyslot", "label", "1", "--clear"});
  ASSERT_EQ(clear.exit_code, 0) << clear.err;
  RunResult cleared = RunTvault({"--vault", v_.dir().string(), "--passphrase-file",
                                 fresh.string(), "--json", "keyslot", "list"});
  EXPECT_TRUE(json::parse(cleared.out)[0]["label"].is_null());
  RunResult events = RunTvault({"--vault", v_.dir().string(), "--passphrase-file",
                                fresh.string(), "--json", "audit", "log"});
  std::size_t labels = 0;
  for (const json& e : json::parse(events.out)) labels += e["action"] == "keyslot.label";
  EXPECT_EQ(labels, 3u);
}

TEST_F(CliKeyslotLabel, BadLabelsAndNoChangeAreRefusedChangingNothing) {
  RunResult control = AddSlot("second passphrase", {"--label", "line\nbreak"});
  EXPECT_EQ(control.exit_code, 2);
  EXPECT_EQ(ErrorLine(control), "the keyslot label holds a control character (U+000A at offset 4)");
  RunResult long_label = AddSlot("second passphrase", {"--label", std::string(201, 'x')});
  EXPECT_EQ(long_label.exit_code, 2);
  EXPECT_EQ(ErrorLine(long_label), "the keyslot label is longer than 200 bytes");
  EXPECT_EQ(Slots().size(), 1u);
  RunResult no_slot = v_.Run({"keyslot", "label", "5", "x"});
  EXPECT_EQ(no_slot.exit_code, 1);
  EXPECT_EQ(ErrorLine(no_slot), "no keyslot 5; see `tvault keyslot list`");
  RunResult none = v_.Run({"keyslot", "label", "1"});
  EXPECT_EQ(none.exit_code, 2);
  EXPECT_EQ(ErrorLine(none), "give the label TEXT, or --clear to remove it");
  RunResult nothing = v_.Run({"keyslot", "label", "1", "--clear"});
  EXPECT_EQ(nothing.exit_code, 1);
  EXPECT_EQ(ErrorLine(nothing), "nothing changed: keyslot 1 has no label");
  ASSERT_EQ(v_.Run({"keyslot", "label", "1", "desk"}).exit_code, 0);
  RunResult same = v_.Run({"keyslot", "label", "1", "desk"});
  EXPECT_EQ(same.exit_code, 1);
  EXPECT_EQ(ErrorLine(same), "nothing changed: keyslot 1 already has this label");
  EXPECT_EQ(CountEvents(v_, "keyslot.label"), 1u);
  EXPECT_EQ(CountEvents(v_, "keyslot.add"), 0u);
}

TEST_F(CliKeyslotLabel, RemovingASlotRemovesItsLabelAndAReusedIdStartsWithout) {
  ASSERT_EQ(AddSlot("second passphrase", {"--label", "Anna"}).exit_code, 0);
  ASSERT_EQ(v_.Run({"keyslot", "remove", "2"}).exit_code, 0);
  {
    RawVault raw = OpenRaw(v_.dir(), "cli test passphrase");
    EXPECT_EQ(Must(raw.db.QueryInt("SELECT count(*) FROM vault_items")).value_or(-1), 0);
  }
  RunResult again = AddSlot("third passphrase", {});
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_EQ(Trim(again.out), "Added keyslot 2");
  EXPECT_TRUE(Slots()[1]["label"].is_null());
  EXPECT_EQ(v_.Run({"audit", "verify"}).exit_code, 0);
}

TEST_F(CliKeyslotLabel, ALabelMovedToAnotherSlotFailsToAuthenticate) {
  ASSERT_EQ(AddSlot("second passphrase", {"--label", "Anna"}).exit_code, 0);
  {
    RawVault raw = OpenRaw(v_.dir(), "cli test passphrase");
    // Slot 2's row given slot 1's name: the address no longer matches.
    const VaultHeader h = Must(ParseHeader(ReadBytes(v_.dir() / "vault.header")));
    const std::string slot1 = "keyslot-label/1/" + Hex(h.slots[0].kdf_salt);
    ExecOrFail(raw.db, "UPDATE vault_items SET name = '" + slot1 + "'");
  }
  RunResult list = v_.Run({"keyslot", "list"});
  EXPECT_EQ(list.exit_code, 4) << list.err;
}

}  // namespace
}  // namespace tvault::testing
