// custody.json (docs/bundle-format.md section 7.3) of a real format-2 export:
// it verifies against the bundle's manifest and signer, and each lie about
// it is caught.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <iterator>

#include "age/age.h"
#include "bundle/bundle_format.h"
#include "bundle/custody_file.h"
#include "crypto/hash.h"
#include "formats/bundle/bundle_test_support.h"
#include "support/test_support.h"

namespace tvault::testing {
namespace {
using nlohmann::json;

StatementSource Utf8(const std::string& s) {
  return [s]() -> Result<PlainBytes> { return PlainBytes(s.begin(), s.end()); };
}

// Exports every testimony of `tv` to `to` in format 2 and returns what the
// reader verified, with the members it streamed.
BundleOutcome ExportAndRead(const TempVault& tv, const Party& to, const std::string& name) {
  Vault v = tv.Open();
  ExportRequest req;
  req.to.push_back(Text("r"));
  req.purpose = ConsentScope::kCourt;
  req.override_consent = true;
  req.all = true;
  req.reason = Text("test");
  req.out = tv.dir().parent_path() / name;
  Must(v.Export(req));
  const minisign::PublicKey signer =
      Must(minisign::ParsePublicKey(Must(v.Identity()).minisign_public_key));
  std::ifstream in(req.out, std::ios::binary);
  const std::vector<uint8_t> bytes{std::istreambuf_iterator<char>(in), {}};
  return ReadBundle(bytes, to.identities(), {signer});
}

class CustodyFile : public ::testing::Test {
 protected:
  void SetUp() override {
    {
      Vault v = tv_.Open();
      MustOk(v.AddPeer(Text("r"), age::EncodeRecipient(party_.age_recipient), ""));
      // Testimonies between other events, so that the proof has work to do.
      for (int i = 0; i < 5; ++i) {
        std::string w = Must(v.AddWitness(WitnessDetails{Text("N" + std::to_string(i)), {}, {}, {}, {}, {}, {}}));
        ids_.push_back(Must(v.AddTestimonies(w, {}, std::vector<StatementSource>{Utf8("one " + std::to_string(i))}))[0].id);
      }
      Must(v.AmendTestimony(ids_[1], Utf8("two"), Text("fix"), {}));
      signer_ = Must(minisign::ParsePublicKey(Must(v.Identity()).minisign_public_key));
    }
    BundleOutcome out = ExportAndRead(tv_, party_, "one.tvb");
    ASSERT_TRUE(out.ok) << out.message;
    manifest_ = out.verified->manifest;
    ASSERT_EQ(manifest_.format_version, 2);
    for (const Member& m : out.streamed) {
      if (m.name == bundle::kCustodyFileName) custody_ = json::parse(m.data.begin(), m.data.end());
    }
    ASSERT_TRUE(custody_.is_object());
  }
  Result<bundle::CustodyFileCheck> Check(const json& j) {
    const std::string text = j.dump(1);
    return bundle::VerifyCustodyFile({reinterpret_cast<const uint8_t*>(text.data()), text.size()},
                                     signer_, manifest_);
  }
  void ExpectRefused(const json& j, const std::string& fragment) {
    auto r = Check(j);
    ASSERT_FALSE(r.ok()) << "accepted; expected " << fragment;
    EXPECT_EQ(r.error().code, ErrorCode::kIntegrity);
    EXPECT_NE(r.error().message.find("custody.json: "), std::string::npos) << r.error().message;
    EXPECT_NE(r.error().message.find(fragment), std::string::npos) << r.error().message;
  }
  static std::string FlipB64(std::string b64) {
    b64[1] = b64[1] == 'A' ? 'B' : 'A';
    return b64;
  }

  TempVault tv_;
  Party party_;
  std::vector<std::string> ids_;
  minisign::PublicKey signer_{};
  bundle::BundleManifest manifest_;
  json custody_;
};

TEST_F(CustodyFile, TheRealFileVerifiesWithOneEventPerVersion) {
  auto r = Check(custody_);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_TRUE(r->attested);
  EXPECT_EQ(r->events, 6u);
  EXPECT_EQ(custody_["events"].size(), 6u);
  EXPECT_EQ(custody_["commitment_salts"].size(), 6u);
  // One shared proof, not one audit path per event.
  EXPECT_LT(custody_["proof"].size(), 6u * 5u);
}

TEST_F(CustodyFile, EachLieIsCaught) {
  json j = custody_;
  const std::string key = ids_[1] + ".v2";
  j["commitment_salts"][key] = FlipB64(j["commitment_salts"][key]);
  ExpectRefused(j, key + ": its commitment differs");

  j = custody_;
  j["commitment_salts"].erase(key);
  ExpectRefused(j, "one salt per version");

  j = custody_;
  j["commitment_salts"][key + "x"] = j["commitment_salts"][key];
  j["commitment_salts"].erase(key);
  ExpectRefused(j, "no commitment salt for " + key);

  j = custody_;
  j["events"].erase(j["events"].begin() + 2);
  ExpectRefused(j, "5 events for 6 versions");

  j = custody_;
  std::swap(j["events"][0], j["events"][1]);
  ExpectRefused(j, "increasing seq");

  j = custody_;
  j["events"][3] = FlipB64(j["events"][3]);
  EXPECT_FALSE(Check(j).ok());

  j = custody_;
  j["proof"][0] = FlipB64(j["proof"][0]);
  ExpectRefused(j, "not in the signed checkpoint");

  j = custody_;
  j["proof"].push_back(j["proof"][0]);
  ExpectRefused(j, "not in the signed checkpoint");

  j = custody_;
  j["proof"].erase(j["proof"].begin());
  ExpectRefused(j, "not in the signed checkpoint");

  j = custody_;
  j["checkpoint_size"] = j["checkpoint_size"].get<uint64_t>() + 1;
  ExpectRefused(j, "checkpoint_size");

  j = custody_;
  j["priority"] = "high";
  ExpectRefused(j, "keys");

  j = custody_;
  j.erase("origin");
  ExpectRefused(j, "keys");

  j = custody_;
  j["origin"] = "tvault/v1/audit/00";
  ExpectRefused(j, "checkpoint");

  j = custody_;
  j["version"] = 1;
  ExpectRefused(j, "unknown custody file version");

  // Non-canonical base64 of the same hash: one spelling per value.
  j = custody_;
  std::string proof0 = j["proof"][0];
  j["proof"][0] = proof0.substr(0, proof0.size() - 1);
  ExpectRefused(j, "proof hash");

  // The manifest's SHA-256 of a version changed: its commitment no longer holds.
  bundle::BundleManifest m = manifest_;
  manifest_.records[0].versions[0].sha256[0] ^= 1;
  ExpectRefused(custody_, "its commitment differs");
  manifest_ = m;

  // Signed by a different vault's key.
  TempVault other;
  {
    Vault o = other.Open();
    signer_ = Must(minisign::ParsePublicKey(Must(o.Identity()).minisign_public_key));
  }
  ExpectRefused(custody_, "another key");
}

TEST_F(CustodyFile, AnotherExportsFileDoesNotFit) {
  // The same vault exports again after one more testimony: its custody file
  // proves other versions against another checkpoint.
  {
    Vault v = tv_.Open();
    std::string w = Must(v.AddWitness(WitnessDetails{Text("late"), {}, {}, {}, {}, {}, {}}));
    Must(v.AddTestimonies(w, {}, std::vector<StatementSource>{Utf8("late")}));
  }
  BundleOutcome second = ExportAndRead(tv_, party_, "two.tvb");
  ASSERT_TRUE(second.ok) << second.message;
  json other;
  for (const Member& m : second.streamed)
    if (m.name == bundle::kCustodyFileName) other = json::parse(m.data.begin(), m.data.end());
  ExpectRefused(other, "7 events for 6 versions");
  // Its checkpoint with our events and proof: the proof is for another tree.
  json j = custody_;
  j["checkpoint"] = other["checkpoint"];
  j["checkpoint_size"] = other["checkpoint_size"];
  ExpectRefused(j, "not in the signed checkpoint");
}

TEST_F(CustodyFile, NoClaimIsAcceptedAndNothingBesideIt) {
  json none = {{"format", "tvault-custody"}, {"version", 2}, {"events", json::array()}};
  auto r = Check(none);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_FALSE(r->attested);
  json with_events = none;
  with_events["events"] = custody_["events"];
  ExpectRefused(with_events, "without a checkpoint");
  json with_salts = none;
  with_salts["commitment_salts"] = custody_["commitment_salts"];
  ExpectRefused(with_salts, "without a checkpoint");
  ExpectRefused(json::array(), "not a JSON object");
  ExpectRefused(json{{"format", "tvault-bundle"}, {"version", 2}, {"events", json::array()}},
                "not a custody file");
}

}  // namespace
}  // namespace tvault::testing
