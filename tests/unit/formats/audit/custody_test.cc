// Custody reports: complete, and checkable by a third party against the
// signed checkpoint with nothing but the report (issue #4).
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "audit/checkpoint.h"
#include "audit/event.h"
#include "audit/merkle.h"
#include "minisign/minisign.h"
#include "crypto/encoding.h"
#include "crypto/hash.h"
#include "identity/custodian_keys.h"
#include "support/test_support.h"

namespace tvault::testing {
namespace {

StatementSource Utf8(const std::string& s) {
  return [s]() -> Result<PlainBytes> { return PlainBytes(s.begin(), s.end()); };
}

audit::Hash FromHex(const std::string& hex) {
  auto b = Unhex(hex);
  audit::Hash h{};
  EXPECT_EQ(b.size(), 32u);
  std::copy(b.begin(), b.end(), h.begin());
  return h;
}

// What a recipient does with custody JSON and the statement files.
void VerifyLikeAThirdParty(const std::string& json_text,
                           const std::map<uint32_t, std::string>& statements) {
  auto j = nlohmann::json::parse(json_text);
  auto key = Must(minisign::ParsePublicKey(j["signer_key"].get<std::string>()));
  auto cp = Must(audit::OpenCheckpoint(j["checkpoint"].get<std::string>(),
                                       CheckpointVerifierKey(key), j["origin"].get<std::string>()));
  EXPECT_EQ(cp.size, j["checkpoint_size"].get<uint64_t>());
  std::map<uint32_t, audit::Hash> commitment_by_version;
  for (const auto& e : j["events"]) {
    auto entry = crypto::Base64Decode(e["entry"].get<std::string>(), crypto::Base64Variant::kPadded);
    ASSERT_TRUE(entry.has_value());
    std::vector<audit::Hash> proof;
    for (const auto& h : e["inclusion_proof"]) proof.push_back(FromHex(h.get<std::string>()));
    MustOk(audit::VerifyInclusion(e["seq"].get<uint64_t>(), cp.size, audit::LeafHash(*entry),
                                  proof, cp.root));
    audit::Event ev = Must(audit::ParseEvent(*entry));
    if (ev.action == audit::Action::kTestimonyAdd || ev.action == audit::Action::kTestimonyAmend)
      commitment_by_version[ev.object_version] = ev.digests.at(0);
  }
  for (const auto& [version, text] : statements) {
    const auto& v = j["versions"][version - 1];
    std::vector<uint8_t> bytes(text.begin(), text.end());
    EXPECT_EQ(v["sha256"], Hex(crypto::Sha256(bytes)));
    audit::Hash c = audit::StatementCommitment(FromHex(v["commitment_salt"]), crypto::Sha256(bytes));
    ASSERT_TRUE(commitment_by_version.count(version)) << version;
    EXPECT_EQ(Hex(c), Hex(commitment_by_version[version])) << "version " << version;
  }
}

TEST(Custody, ReportsEveryActionAndVerifiesOffline) {
  TempVault tv;
  std::string t;
  {
    Vault v = tv.Open();
    std::string w = Must(v.AddWitness(WitnessDetails{Text("N"), {}, {}, {}, {}, {}, {}}));
    t = Must(v.AddTestimonies(w, {}, std::vector<StatementSource>{Utf8("first")}))[0].id;
    Must(v.GetTestimony(t, std::nullopt));
    Must(v.AmendTestimony(t, Utf8("second"), Text("corrected"), {}));
    Must(v.TestimonyHistory(t));
  }
  Vault v = tv.Open();
  CustodyReport r = Must(v.Custody(t));
  ASSERT_EQ(r.versions.size(), 2u);
  std::vector<std::string> actions;
  for (const auto& e : r.events) actions.push_back(e.event.action);
  EXPECT_EQ(actions, (std::vector<std::string>{"testimony.add", "testimony.view",
                                               "testimony.amend", "testimony.history"}));
  EXPECT_EQ(r.events[2].event.reason, Text("corrected"));
  PlainString json = CustodyReportJson(r);
  VerifyLikeAThirdParty(std::string(json.data(), json.size()), {{1, "first"}, {2, "second"}});

  // A tampered entry or proof fails the third-party check.
  auto j = nlohmann::json::parse(std::string(json.data(), json.size()));
  std::string proof0 = j["events"][0]["inclusion_proof"][0];
  proof0[0] = proof0[0] == '0' ? '1' : '0';
  j["events"][0]["inclusion_proof"][0] = proof0;
  auto key = Must(minisign::ParsePublicKey(j["signer_key"].get<std::string>()));
  auto cp = Must(audit::OpenCheckpoint(j["checkpoint"].get<std::string>(),
                                       CheckpointVerifierKey(key), j["origin"].get<std::string>()));
  auto entry = crypto::Base64Decode(j["events"][0]["entry"].get<std::string>(),
                                    crypto::Base64Variant::kPadded);
  std::vector<audit::Hash> proof;
  for (const auto& h : j["events"][0]["inclusion_proof"]) proof.push_back(FromHex(h));
  EXPECT_FALSE(audit::VerifyInclusion(0 + j["events"][0]["seq"].get<uint64_t>(), cp.size,
                                      audit::LeafHash(*entry), proof, cp.root)
                   .ok());
}

TEST(Custody, ShreddedTestimonyKeepsItsHashesAndShredEvent) {
  TempVault tv;
  std::string t;
  {
    Vault v = tv.Open();
    std::string w = Must(v.AddWitness(WitnessDetails{Text("N"), {}, {}, {}, {}, {}, {}}));
    t = Must(v.AddTestimonies(w, {}, std::vector<StatementSource>{Utf8("gone")}))[0].id;
    Must(v.Shred(t, Text("witness at risk"), false));
  }
  Vault v = tv.Open();
  CustodyReport r = Must(v.Custody(t));
  EXPECT_TRUE(r.shredded);
  ASSERT_EQ(r.versions.size(), 1u);
  const std::string gone = "gone";
  EXPECT_EQ(Hex(r.versions[0].sha256),
            Hex(crypto::Sha256({reinterpret_cast<const uint8_t*>(gone.data()), gone.size()})));
  EXPECT_EQ(r.events.back().event.action, "shred");
  EXPECT_EQ(r.events.back().event.reason, Text("witness at risk"));
}

}  // namespace
}  // namespace tvault::testing
