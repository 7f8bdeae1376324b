// VerifyCustodyExcerpt: a real custody report passes; each lie is caught.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "bundle/custody_excerpt.h"
#include "crypto/hash.h"
#include "support/test_support.h"

namespace tvault::testing {
namespace {
using nlohmann::json;

StatementSource Utf8(const std::string& s) {
  return [s]() -> Result<PlainBytes> { return PlainBytes(s.begin(), s.end()); };
}

class CustodyExcerpt : public ::testing::Test {
 protected:
  void SetUp() override {
    Vault v = tv_.Open();
    std::string w = Must(v.AddWitness(WitnessDetails{Text("N"), {}, {}, {}, {}, {}, {}}));
    id_ = Must(v.AddTestimonies(w, {}, std::vector<StatementSource>{Utf8("one")}))[0].id;
    Must(v.AmendTestimony(id_, Utf8("two"), Text("fix"), {}));
    CustodyReport r = Must(v.Custody(id_));
    PlainString text = CustodyReportJson(r);
    json_ = json::parse(std::string(text.data(), text.size()));
    signer_ = Must(minisign::ParsePublicKey(r.signer_key));
    record_.id = id_;
    for (const std::string s : {"one", "two"}) {
      bundle::ManifestVersion mv;
      mv.version = static_cast<uint32_t>(record_.versions.size() + 1);
      mv.sha256 = crypto::Sha256(std::vector<uint8_t>(s.begin(), s.end()));
      record_.versions.push_back(mv);
    }
  }
  Result<CustodyCheck> Check(const json& j) {
    const std::string text = j.dump();
    return VerifyCustodyExcerpt({reinterpret_cast<const uint8_t*>(text.data()), text.size()},
                                signer_, record_);
  }
  void ExpectRefused(const json& j, const std::string& fragment) {
    auto r = Check(j);
    ASSERT_FALSE(r.ok()) << "accepted; expected " << fragment;
    EXPECT_EQ(r.error().code, ErrorCode::kIntegrity);
    EXPECT_NE(r.error().message.find(fragment), std::string::npos) << r.error().message;
  }

  TempVault tv_;
  std::string id_;
  json json_;
  minisign::PublicKey signer_{};
  bundle::ManifestRecord record_;
};

TEST_F(CustodyExcerpt, TheRealReportVerifies) {
  auto r = Check(json_);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_TRUE(r->attested);
  EXPECT_EQ(r->events, json_["events"].size());
  EXPECT_GE(r->events, 2u);
}

TEST_F(CustodyExcerpt, EachLieIsCaught) {
  json j = json_;
  j["versions"][1]["sha256"] = Hex(crypto::Sha256(std::vector<uint8_t>{'x'}));
  ExpectRefused(j, "SHA-256 differs");

  j = json_;
  std::string salt = j["versions"][0]["commitment_salt"];
  salt[0] = salt[0] == '0' ? '1' : '0';
  j["versions"][0]["commitment_salt"] = salt;
  ExpectRefused(j, "commitment differs");

  j = json_;
  json kept = json::array();
  for (const auto& e : j["events"])
    if (e["action"] != "testimony.amend") kept.push_back(e);
  j["events"] = kept;
  ExpectRefused(j, "no logged event created it");

  j = json_;
  std::string proof = j["events"][0]["inclusion_proof"][0];
  proof[0] = proof[0] == '0' ? '1' : '0';
  j["events"][0]["inclusion_proof"][0] = proof;
  ExpectRefused(j, "not in the signed checkpoint");

  j = json_;
  j["record"] = "T-AAAAAA";
  ExpectRefused(j, "another record");

  j = json_;
  j["checkpoint_size"] = j["checkpoint_size"].get<uint64_t>() + 1;
  ExpectRefused(j, "checkpoint_size");

  // Signed by a different vault's key.
  TempVault other;
  {
    Vault o = other.Open();
    signer_ = Must(minisign::ParsePublicKey(Must(o.Identity()).minisign_public_key));
  }
  ExpectRefused(json_, "another key");
}

TEST_F(CustodyExcerpt, TheMinimalExcerptIsAcceptedAsNoClaimAndNothingElseIs) {
  json minimal = {{"format", "tvault-custody"}, {"version", 1}, {"record", id_},
                  {"events", json::array()}};
  auto r = Check(minimal);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_FALSE(r->attested);
  json with_versions = minimal;
  with_versions["versions"] = json_["versions"];
  ExpectRefused(with_versions, "without a checkpoint");
  json with_events = minimal;
  with_events["events"] = json_["events"];
  ExpectRefused(with_events, "without a checkpoint");
  ExpectRefused(json::array(), "not a JSON object");
  json v2 = json_;
  v2["version"] = 2;
  ExpectRefused(v2, "unknown custody report version");
}

}  // namespace
}  // namespace tvault::testing
