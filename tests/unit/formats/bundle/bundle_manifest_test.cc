// manifest.json (docs/bundle-format.md, section 3), the step-6 checks of
// section 5 and HOW_TO_VERIFY.txt.
#include <gtest/gtest.h>

#include <functional>
#include <nlohmann/json.hpp>

#include "age/age.h"
#include "bundle/bundle_format.h"
#include "bundle/bundle_manifest.h"
#include "formats/bundle/bundle_test_support.h"
#include "crypto/encoding.h"
#include "util/byte_io.h"

namespace tvault::testing {
namespace {

using bundle::BundleManifest;
using json = nlohmann::ordered_json;

class BundleManifestTest : public ::testing::Test {
 protected:
  BundleManifestTest() {
    content_.manifest.records[0].provenance =
        bundle::ManifestProvenance{"B-0000000000AA", other_.minisign_key, "T-ZZZZZZ"};
    UpdateManifestMember(content_);
  }

  json Json() const { return json::parse(content_.members[0].data); }
  static Result<BundleManifest> Parse(const std::string& text) { return bundle::ParseManifest(AsSpan(text)); }
  static Result<BundleManifest> Parse(const json& j) { return Parse(j.dump()); }

  void ExpectRefused(const json& j, const std::string& fragment) {
    auto r = Parse(j);
    ASSERT_FALSE(r.ok()) << "accepted; expected: " << fragment;
    EXPECT_EQ(r.error().code, ErrorCode::kIntegrity) << r.error().message;
    EXPECT_NE(r.error().message.find(fragment), std::string::npos)
        << "message \"" << r.error().message << "\" lacks \"" << fragment << "\"";
  }

  // Every (pointer, value) leaf and every object of the manifest.
  static void Walk(const json& j, const json::json_pointer& at,
                   const std::function<void(const json::json_pointer&, const json&)>& visit) {
    visit(at, j);
    if (j.is_object()) {
      for (auto it = j.begin(); it != j.end(); ++it) Walk(it.value(), at / it.key(), visit);
    } else if (j.is_array()) {
      for (std::size_t i = 0; i < j.size(); ++i) Walk(j[i], at / i, visit);
    }
  }

  Party sender_, b_, c_, other_;
  BundleContent content_ = MakeContent(sender_, {&b_, &c_}, 3, /*with_contacts=*/true);
};

TEST_F(BundleManifestTest, SerializeThenParseIsTheIdentityAndTheBytesAreStable) {
  const std::string& text = std::string(content_.members[0].data.begin(), content_.members[0].data.end());
  const BundleManifest parsed = Must(Parse(text));
  EXPECT_EQ(parsed, content_.manifest);
  EXPECT_EQ(Must(bundle::SerializeManifest(parsed)), text);
  // Section 3's key order, two-space indent, UTF-8 kept as is, final newline.
  std::vector<std::string> keys;
  const json top = Json();
  for (auto it = top.begin(); it != top.end(); ++it) keys.push_back(it.key());
  EXPECT_EQ(keys, (std::vector<std::string>{"format", "version", "bundle_id", "created_at", "reason", "exporter",
                                            "recipients", "with_contacts", "records", "contacts", "evidence"}));
  EXPECT_EQ(text.rfind("{\n  \"format\": \"tvault-bundle\",\n  \"version\": 1,\n", 0), 0u);
  EXPECT_NE(text.find("t\xc3\xa9moin\\tprot\xc3\xa9g\xc3\xa9"), std::string::npos);
  EXPECT_EQ(text.back(), '\n');
  EXPECT_NE(text.find("\"file\": \"statements/" + content_.manifest.records[0].id + ".v2\""), std::string::npos);
}

TEST_F(BundleManifestTest, TheSpecsExampleParsesWithRealKeys) {
  // Section 3's example, with its placeholders filled in.
  const std::string sha = std::string(64, 'c');
  const std::string text = R"({
  "format": "tvault-bundle", "version": 1,
  "bundle_id": "B-8K3Q9ZT2MX4D", "created_at": "2026-11-26T15:37:47Z",
  "reason": "Requested by the prosecutor's office, case 12/2026",
  "exporter": { "name": "A. Lawyer", "fingerprint": ")" +
                           FormatFingerprint(sender_.identity_fingerprint) + R"(",
                "minisign_public_key": ")" + minisign::EncodePublicKey(sender_.minisign_key) + R"(",
                "age_recipient": ")" + age::EncodeRecipient(sender_.age_recipient) + R"(" },
  "recipients": [ { "name": "Journalist", "fingerprint": ")" + FormatFingerprint(b_.recipient_fingerprint) +
                           R"(", "age_recipient": ")" + age::EncodeRecipient(b_.age_recipient) + R"(" } ],
  "with_contacts": false,
  "records": [ { "id": "T-4K2M9P", "witness": "W-7Q3KX",
      "metadata": { "title": "...", "language": "...", "taken_at": "2024-05-02", "place": "...",
                    "interviewer": "...", "interpreter": "...", "notes": "..." },
      "versions": [ { "version": 1, "file": "statements/T-4K2M9P.v1", "size_bytes": 57,
                      "sha256": ")" + sha + R"(", "created_at": "2024-05-02T10:00:00Z", "reason": "intake" } ],
      "custody": "custody/T-4K2M9P.json",
      "provenance": { "bundle_id": "B-0000000000AA", "signer": ")" + minisign::EncodePublicKey(other_.minisign_key) +
                           R"(", "origin_record": "T-000001" } } ],
  "contacts": [],
  "evidence": [ { "id": "E-000042", "testimony": "T-4K2M9P", "file": "evidence/E-000042",
                  "size_bytes": 0, "sha256": ")" + sha + R"(", "media_type": "image/jpeg", "description": "..." } ]
})";
  const BundleManifest m = Must(Parse(text));
  EXPECT_EQ(m.bundle_id, "B-8K3Q9ZT2MX4D");
  EXPECT_EQ(m.created_at_unix_s, kTestCreatedAt);
  ASSERT_EQ(m.records.size(), 1u);
  EXPECT_EQ(m.records[0].versions[0].size_bytes, 57u);
  EXPECT_EQ(m.records[0].provenance->origin_record, "T-000001");
  EXPECT_EQ(m.evidence[0].testimony, "T-4K2M9P");
  // Re-serialised canonically, it parses to the same thing.
  EXPECT_EQ(Must(Parse(Must(bundle::SerializeManifest(m)))), m);
}

TEST_F(BundleManifestTest, AnUnknownVersionIsUnsupportedBeforeAnythingElseIsRead) {
  for (const json& v : {json(4), json(0), json(-1), json(1000), json(18446744073709551615u)}) {
    json j = Json();
    j["version"] = v;
    j["a_field_version_2_added"] = true;
    auto r = Parse(j);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::kUnsupported) << r.error().message;
    EXPECT_NE(r.error().message.find("unknown bundle format version " + v.dump()), std::string::npos)
        << r.error().message;
  }
  for (const json& v : {json("1"), json(1.0), json(true), json(nullptr)}) {
    json j = Json();
    j["version"] = v;
    ExpectRefused(j, "version: not an integer");
  }
  json j = Json();
  j["format"] = "tvault-bundl";
  ExpectRefused(j, "format: not \"tvault-bundle\"");
}

TEST_F(BundleManifestTest, UnknownFieldsAreRefusedAtEveryLevel) {
  int objects = 0;
  Walk(Json(), json::json_pointer(), [&](const json::json_pointer& at, const json& value) {
    if (!value.is_object()) return;
    ++objects;
    SCOPED_TRACE(at.to_string());
    json j = Json();
    j[at]["x_added"] = "";
    ExpectRefused(j, "unknown field \"x_added\"");
  });
  // top, exporter, 2 recipients, 3 records (metadata, 4 versions, provenance), contact, evidence
  EXPECT_EQ(objects, 1 + 1 + 2 + 3 + 3 + 4 + 1 + 1 + 1);
}

TEST_F(BundleManifestTest, EveryFieldButProvenanceIsRequired) {
  Walk(Json(), json::json_pointer(), [&](const json::json_pointer& at, const json&) {
    if (at.empty() || at.back() == "provenance" || std::isdigit(static_cast<unsigned char>(at.back()[0]))) return;
    SCOPED_TRACE(at.to_string());
    json j = Json();
    j[at.parent_pointer()].erase(at.back());
    auto r = Parse(j);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::kIntegrity);
    EXPECT_NE(r.error().message.find(at.back() + ": missing"), std::string::npos) << r.error().message;
  });
  json j = Json();
  j["records"][0].erase("provenance");
  EXPECT_TRUE(Parse(j).ok());
}

TEST_F(BundleManifestTest, EveryValueHasItsType) {
  Walk(Json(), json::json_pointer(), [&](const json::json_pointer& at, const json& value) {
    if (at.empty()) return;
    SCOPED_TRACE(at.to_string());
    std::vector<json> wrong;
    if (value.is_string()) wrong = {json(1), json(nullptr), json::array({value})};
    if (value.is_number()) wrong = {json(value.dump()), json(value.get<double>() + 0.5), json(-1)};
    if (value.is_boolean()) wrong = {json(value.get<bool>() ? "true" : "false"), json(1)};
    if (value.is_array()) wrong = {json::object(), json(nullptr)};
    if (value.is_object()) wrong = {json::array({value}), json("x")};
    for (const json& w : wrong) {
      json j = Json();
      j[at] = w;
      auto r = Parse(j);
      EXPECT_FALSE(r.ok()) << w.dump();
    }
  });
}

TEST_F(BundleManifestTest, IdsHashesAndTimesAreInTheirGrammar) {
  struct Edit {
    const char* pointer;
    json value;
    const char* fragment;
  };
  const Edit edits[] = {
      {"/bundle_id", "B-8K3Q9ZT2MX4", "is not a bundle id"},
      {"/bundle_id", "b-8k3q9zt2mx4d", "is not a bundle id"},
      {"/records/0/id", "T-4K2M9I", "is not a testimony id"},
      {"/records/0/id", "W-4K2M9", "is not a testimony id"},
      {"/records/0/witness", "W-7Q3K", "is not a witness id"},
      {"/evidence/0/id", "E-00004", "is not an evidence id"},
      {"/evidence/0/testimony", "T-00000", "is not a testimony id"},
      {"/records/0/provenance/bundle_id", "B-0000", "is not a bundle id"},
      {"/records/0/provenance/origin_record", "E-000000", "is not a testimony id"},
      {"/records/0/provenance/signer", "RWQ", "not a minisign public key"},
      {"/exporter/minisign_public_key", "", "not a minisign public key"},
      {"/exporter/age_recipient", "age1", "not an age recipient"},
      {"/recipients/0/fingerprint", "4f2a-9c1b-77e0-13d5", "not a fingerprint"},
      {"/records/0/versions/0/sha256", std::string(64, 'A'), "not 64 lowercase hex digits"},
      {"/records/0/versions/0/sha256", std::string(63, 'a'), "not 64 lowercase hex digits"},
      {"/evidence/0/sha256", std::string(65, 'a'), "not 64 lowercase hex digits"},
      {"/created_at", "2026-11-26 15:37:47Z", "not a time written YYYY-MM-DDTHH:MM:SSZ"},
      {"/created_at", "2026-11-26T15:37:47", "not a time"},
      {"/created_at", "2026-11-26T15:37:47+00:00", "not a time"},
      {"/created_at", "2026-02-30T15:37:47Z", "not a time"},
      {"/created_at", "2026-11-26T15:37:60Z", "not a time"},
      {"/created_at", "2026-11-26", "not a time"},
      {"/created_at", "1969-12-31T23:59:59Z", "created_at: out of range"},
      {"/records/0/versions/0/created_at", "2026-11-26t15:37:47z", "not a time"},
      {"/records/1/metadata/taken_at", "2024-5-2", "neither empty nor a date"},
      {"/records/1/metadata/taken_at", "2024-02-30", "neither empty nor a date"},
      {"/records/1/metadata/taken_at", "2024-05-02T00:00:00Z", "neither empty nor a date"},
      {"/records/0/versions/0/version", 0, "versions start at 1"},
      {"/records/0/versions/0/version", 4294967296u, "not an integer from 0 to 4294967295"},
      {"/records/0/versions/0/size_bytes", 8589934592u, "not an integer from 0 to 8589934591"},
  };
  for (const Edit& e : edits) {
    SCOPED_TRACE(std::string(e.pointer) + " = " + e.value.dump());
    json j = Json();
    j[json::json_pointer(e.pointer)] = e.value;
    ExpectRefused(j, e.fragment);
  }
}

TEST_F(BundleManifestTest, FileNamesAreTheOnesTheFormatFixes) {
  const std::string& id = content_.manifest.records[0].id;
  const std::pair<const char*, std::string> edits[] = {
      {"/records/0/versions/0/file", "statements/" + id + ".v2"},
      {"/records/0/versions/0/file", "../statements/" + id + ".v1"},
      {"/records/0/custody", "custody/" + content_.manifest.records[1].id + ".json"},
      {"/contacts/0/file", "contacts/x.json"},
      {"/evidence/0/file", "evidence/E-000043"},
  };
  for (const auto& [pointer, value] : edits) {
    SCOPED_TRACE(pointer);
    json j = Json();
    j[json::json_pointer(pointer)] = value;
    ExpectRefused(j, "should be \"");
  }
}

TEST_F(BundleManifestTest, FingerprintsAreTheOnesTheKeysGive) {
  json j = Json();
  j["recipients"][0]["fingerprint"] = FormatFingerprint(c_.recipient_fingerprint);
  ExpectRefused(j, "not the fingerprint of the recipient's age key");
  j = Json();
  j["exporter"]["fingerprint"] = FormatFingerprint(other_.identity_fingerprint);
  ExpectRefused(j, "not the fingerprint of the exporter's keys");
  j = Json();
  j["exporter"]["age_recipient"] = age::EncodeRecipient(other_.age_recipient);
  ExpectRefused(j, "not the fingerprint of the exporter's keys");
}

TEST_F(BundleManifestTest, ReferencesAndRepetitionsAreChecked) {
  json j = Json();
  j["recipients"][1] = j["recipients"][0];
  ExpectRefused(j, "this recipient appears twice");
  j = Json();
  j["recipients"] = json::array();
  ExpectRefused(j, "needs 1 to 256 recipients");
  j = Json();
  j["records"][1]["id"] = j["records"][0]["id"];
  ExpectRefused(j, "appears twice");
  j = Json();
  j["records"][0]["versions"] = json::array({j["records"][0]["versions"][1], j["records"][0]["versions"][0]});
  ExpectRefused(j, "versions must be listed in increasing order");
  j = Json();
  j["records"][0]["versions"] = json::array();
  ExpectRefused(j, "a record needs at least one version");
  j = Json();
  j["with_contacts"] = false;
  ExpectRefused(j, "contacts: not empty although with_contacts is false");
  j = Json();
  j["contacts"][0]["witness"] = "W-ZZZZZ";
  j["contacts"][0]["file"] = "contacts/W-ZZZZZ.json";
  ExpectRefused(j, "W-ZZZZZ is not the witness of any record in the bundle");
  j = Json();
  j["contacts"][1] = j["contacts"][0];
  ExpectRefused(j, "appears twice");
  j = Json();
  j["evidence"][0]["testimony"] = "T-ZZZZZZ";
  ExpectRefused(j, "T-ZZZZZZ is not a record of the bundle");
  j = Json();
  j["evidence"][1] = j["evidence"][0];
  ExpectRefused(j, "appears twice");
}

TEST_F(BundleManifestTest, OnlyOneJsonTextIsAccepted) {
  const std::string text(content_.members[0].data.begin(), content_.members[0].data.end());
  const std::string body = text.substr(1);  // after the opening brace
  struct Case {
    std::string text;
    const char* fragment;
  };
  const Case cases[] = {
      {"{\"reason\": \"first\"," + body, "an object repeats a key"},
      {"{\"format\": \"x\"," + body, "an object repeats a key"},
      {"\xef\xbb\xbf" + text, "starts with a byte-order mark"},
      {text + "{}", "not valid UTF-8 JSON"},
      {text + "x", "not valid UTF-8 JSON"},
      {"// comment\n" + text, "not valid UTF-8 JSON"},
      {"[" + text + "]", "not a JSON object"},
      {"", "not valid UTF-8 JSON"},
      {"{\"reason\": \"\xff\"," + body, "not valid UTF-8 JSON"},
      {"{\"reason\": \"\\ud800\"," + body, "not valid UTF-8 JSON"},
      {std::string(9, '[') + std::string(9, ']'), "nested too deeply"},
      {"{\"x\": \"" + std::string(100, '[') + "\", \"y\": 1}", "format: missing"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(bundle::EscapeForTerminal(c.text.substr(0, 40)));
    auto r = Parse(c.text);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::kIntegrity);
    EXPECT_NE(r.error().message.find(c.fragment), std::string::npos) << r.error().message;
  }
  // Brackets inside strings do not count as nesting; escaped quotes do not end strings.
  json j = Json();
  j["reason"] = std::string(100, '[') + "\\\"" + std::string(100, '{');
  EXPECT_TRUE(Parse(j).ok());
  // Any other whitespace and key order is fine: it is the same manifest.
  json reordered = json::object();
  json original = Json();
  for (auto it = original.rbegin(); it != original.rend(); ++it) reordered[it.key()] = it.value();
  EXPECT_EQ(Must(Parse(reordered.dump(7))), content_.manifest);
  std::vector<uint8_t> oversized(bundle::kMaxManifestBytes + 1, ' ');
  EXPECT_FALSE(bundle::ParseManifest(oversized).ok());
}

TEST_F(BundleManifestTest, TheSerializerRefusesWhatTheParserRefuses) {
  BundleManifest m = content_.manifest;
  m.records[0].witness = "W-1";
  EXPECT_EQ(bundle::SerializeManifest(m).error().code, ErrorCode::kInvalidArgument);
  m = content_.manifest;
  m.records[0].metadata.taken_at = "\xff";  // a date, not a text field (section 3.1)
  EXPECT_EQ(bundle::SerializeManifest(m).error().code, ErrorCode::kInvalidArgument);
  m = content_.manifest;
  m.recipients[0].fingerprint = c_.recipient_fingerprint;
  EXPECT_EQ(bundle::SerializeManifest(m).error().code, ErrorCode::kInvalidArgument);
  m = content_.manifest;
  m.created_at_unix_s = -1;
  EXPECT_EQ(bundle::SerializeManifest(m).error().code, ErrorCode::kInvalidArgument);
}

// ------------------------------------------------------- section 3.1: _bytes

TEST_F(BundleManifestTest, TextThatIsNotUtf8IsCarriedEscapedWithItsExactBytes) {
  BundleManifest m = content_.manifest;
  m.reason = "why \xfe";
  m.exporter.name = "A\xc0\x80";  // an overlong NUL: not UTF-8
  m.records[0].metadata.title = "title \xff";
  m.records[1].versions[0].reason = "\xed\xa0\x80 surrogate";
  ASSERT_FALSE(m.evidence.empty());
  m.evidence[0].description = "\x80";
  const std::string text = Must(bundle::SerializeManifest(m));
  EXPECT_EQ(Must(Parse(text)), m);
  EXPECT_EQ(bundle::CountTextNotUtf8(m), 5u);
  EXPECT_EQ(bundle::CountTextNotUtf8(content_.manifest), 0u);

  const json j = json::parse(text);
  EXPECT_EQ(j["reason"], "why \\xFE");
  EXPECT_EQ(j["reason_bytes"], "d2h5IP4=");
  EXPECT_EQ(j["exporter"]["name"], "A\\xC0\\x80");
  EXPECT_EQ(j["records"][0]["metadata"]["title"], "title \\xFF");
  EXPECT_EQ(j["records"][1]["versions"][0]["reason"], "\\xED\\xA0\\x80 surrogate");
  EXPECT_EQ(j["evidence"][0]["description"], "\\x80");
  EXPECT_EQ(j["evidence"][0]["description_bytes"], "gA==");
  // UTF-8 text is written once, as before: no sibling anywhere else.
  int siblings = 0;
  Walk(j, json::json_pointer(), [&](const json::json_pointer& at, const json&) {
    const std::string key = at.empty() ? std::string() : at.back();
    if (key.ends_with("_bytes") && key != "size_bytes") ++siblings;
  });
  EXPECT_EQ(siblings, 5);
  EXPECT_EQ(text.find("\xef\xbf\xbd"), std::string::npos);  // never U+FFFD
}

TEST_F(BundleManifestTest, ABytesMemberThatIsNotOneSpellingOfOneValueIsRefused) {
  BundleManifest m = content_.manifest;
  m.records[0].versions[0].reason = "why \xfe";
  const json good = json::parse(Must(bundle::SerializeManifest(m)));
  const json::json_pointer reason = json::json_pointer("/records/0/versions/0/reason");
  const json::json_pointer bytes = json::json_pointer("/records/0/versions/0/reason_bytes");
  const std::string where = "records[0].versions[0].reason_bytes: ";
  struct Case {
    std::function<void(json&)> change;
    std::string fragment;
  };
  const std::vector<Case> cases = {
      // Valid UTF-8 has one spelling: the string itself.
      {[&](json& j) { j[reason] = "why"; j[bytes] = "d2h5"; },
       where + "holds UTF-8, which the field itself carries"},
      {[&](json& j) { j[reason] = "why \\xFF"; }, where + "does not match the escaped text"},
      {[&](json& j) { j[reason] = "why"; }, where + "does not match the escaped text"},
      {[&](json& j) { j[bytes] = "d2h5IP4"; }, where + "not padded base64"},
      {[&](json& j) { j[bytes] = "d2h5 IP4="; }, where + "not padded base64"},
      {[&](json& j) { j[bytes] = "d2h5IP5="; }, where + "not padded base64"},  // trailing bits
      {[&](json& j) { j[bytes] = json::array({119}); }, where + "not a string"},
      // Only text fields have a sibling.
      {[&](json& j) { j[json::json_pointer("/records/0/id_bytes")] = "d2h5IP4="; },
       "unknown field \"id_bytes\""},
      {[&](json& j) { j[json::json_pointer("/records/0/metadata/taken_at_bytes")] = "/w=="; },
       "unknown field \"taken_at_bytes\""},
      {[&](json& j) { j[json::json_pointer("/bundle_id_bytes")] = "/w=="; },
       "unknown field \"bundle_id_bytes\""},
  };
  EXPECT_EQ(Must(Parse(good)).records[0].versions[0].reason, "why \xfe");
  for (const Case& c : cases) {
    json j = good;
    c.change(j);
    SCOPED_TRACE(c.fragment);
    ExpectRefused(j, c.fragment);
  }
}

// ------------------------------------------------------------------ step 6

class BundleManifestCheck : public BundleManifestTest {
 protected:
  std::vector<bundle::MemberDigest> Digests() const {
    std::vector<bundle::MemberDigest> d;
    for (const Member& m : content_.members) d.push_back({m.name, m.data.size(), crypto::Sha256(m.data)});
    return d;
  }
  Status Check(const std::vector<bundle::MemberDigest>& digests) const {
    return bundle::CheckManifestAgainstBundle(content_.manifest, content_.comment, sender_.minisign_key, digests);
  }
  void ExpectMismatch(const Status& s, const std::string& fragment) {
    ASSERT_FALSE(s.ok()) << "accepted; expected: " << fragment;
    EXPECT_EQ(s.error().code, ErrorCode::kIntegrity);
    EXPECT_NE(s.error().message.find(fragment), std::string::npos) << s.error().message;
  }
};

TEST_F(BundleManifestCheck, AConsistentBundlePasses) {
  MustOk(Check(Digests()));
  auto with_sums = Digests();
  with_sums.push_back({"SHA256SUMS", 1, {}});
  with_sums.push_back({"SHA256SUMS.minisig", 1, {}});
  MustOk(Check(with_sums));
}

TEST_F(BundleManifestCheck, EachDisagreementIsNamed) {
  bundle::TrustedComment comment = content_.comment;
  comment.bundle_id = "B-000000000000";
  ExpectMismatch(bundle::CheckManifestAgainstBundle(content_.manifest, comment, sender_.minisign_key, Digests()),
                 "it is bundle B-8K3Q9ZT2MX4D, the signature is for B-000000000000");
  comment = content_.comment;
  std::swap(comment.recipients[0], comment.recipients[1]);
  ExpectMismatch(bundle::CheckManifestAgainstBundle(content_.manifest, comment, sender_.minisign_key, Digests()),
                 "its recipients are not the ones the signature names");
  comment = content_.comment;
  comment.recipients.pop_back();
  ExpectMismatch(bundle::CheckManifestAgainstBundle(content_.manifest, comment, sender_.minisign_key, Digests()),
                 "its recipients are not the ones the signature names");
  comment = content_.comment;
  comment.created_at_unix_s += 1;
  ExpectMismatch(bundle::CheckManifestAgainstBundle(content_.manifest, comment, sender_.minisign_key, Digests()),
                 "its creation time");
  ExpectMismatch(bundle::CheckManifestAgainstBundle(content_.manifest, content_.comment, other_.minisign_key,
                                                    Digests()),
                 "its exporter key is not the key that signed");
  minisign::PublicKey same_key_other_id = sender_.minisign_key;
  same_key_other_id.key_id[0] ^= 1;
  ExpectMismatch(bundle::CheckManifestAgainstBundle(content_.manifest, content_.comment, same_key_other_id, Digests()),
                 "its exporter key is not the key that signed");

  auto digests = Digests();
  const std::string statement = digests[2].name;
  digests[2].size_bytes += 1;
  ExpectMismatch(Check(digests), statement + " has ");
  digests = Digests();
  digests[2].sha256[0] ^= 1;
  ExpectMismatch(Check(digests), statement + " does not have the SHA-256 the manifest gives");
  digests = Digests();
  digests.back().sha256[0] ^= 1;  // the evidence file
  ExpectMismatch(Check(digests), "evidence/E-000");
  for (std::size_t i = 0; i < digests.size(); ++i) {
    auto missing = Digests();
    const std::string name = missing[i].name;
    missing.erase(missing.begin() + static_cast<std::ptrdiff_t>(i));
    SCOPED_TRACE(name);
    ExpectMismatch(Check(missing), name + " is missing");
  }
  digests = Digests();
  digests.push_back({"notes.txt", 0, {}});
  ExpectMismatch(Check(digests), "member \"notes.txt\" is not named by the manifest");
  digests = Digests();
  digests.push_back({"statements/" + content_.manifest.records[1].id + ".v9", 0, {}});
  ExpectMismatch(Check(digests), "is not named by the manifest");
}

// ------------------------------------------------------------------ HOW_TO_VERIFY.txt

TEST(BundleHowToVerify, NamesTheCommandsTheKeyAndTheBundle) {
  Party sender;
  const std::string key = minisign::EncodePublicKey(sender.minisign_key);
  const std::string text = Must(bundle::RenderHowToVerify({"B-8K3Q9ZT2MX4D", sender.minisign_key, "case12.tvb", "me.txt"}));
  const std::vector<std::string> lines = {"     mkdir B-8K3Q9ZT2MX4D\n", "     cd B-8K3Q9ZT2MX4D\n",
                                          "     age -d -i ../me.txt ../case12.tvb | tar x\n",
                                          "     minisign -Vm SHA256SUMS -P " + key + "\n",
                                          "     sha256sum -c SHA256SUMS\n", "tvault-bundle:1 id:B-8K3Q9ZT2MX4D"};
  for (const std::string& line : lines) EXPECT_NE(text.find(line), std::string::npos) << line;
  EXPECT_NE(text.find("proves nothing"), std::string::npos);
  for (unsigned char c : text) EXPECT_TRUE(c == '\n' || (c >= 0x20 && c < 0x7F)) << int(c);
  // Deterministic.
  EXPECT_EQ(text, Must(bundle::RenderHowToVerify({"B-8K3Q9ZT2MX4D", sender.minisign_key, "case12.tvb", "me.txt"})));
}

// For a journalist who never saw tvault: what each file is, how to read
// manifest.json, what the trusted comment's time means, and the one-step
// check with tvault but no vault. Only the five commands of the standard
// tools are indented as commands (the interop test runs those).
TEST(BundleHowToVerify, ExplainsTheFilesInPlainWords) {
  Party sender;
  const std::string key = minisign::EncodePublicKey(sender.minisign_key);
  const std::string text = Must(bundle::RenderHowToVerify({"B-8K3Q9ZT2MX4D", sender.minisign_key, "case12.tvb", "me.txt"}));
  for (const char* words : {"manifest.json", "\"created_at\"", "\"reason\"", "\"records\"", "\"metadata\"",
                            "statements/T-", "custody/T-", "evidence/E-", "contacts/W-", "seconds since 1970",
                            "date -u -d @"}) {
    EXPECT_NE(text.find(words), std::string::npos) << words;
  }
  EXPECT_NE(text.find("tvault bundle extract case12.tvb --out B-8K3Q9ZT2MX4D --identity me.txt --signer-key " + key),
            std::string::npos);
  std::size_t commands = 0;
  for (std::size_t at = 0; (at = text.find("\n     ", at)) != std::string::npos; ++at) ++commands;
  EXPECT_EQ(commands, 5u) << text;
  for (unsigned char c : text) EXPECT_TRUE(c == '\n' || (c >= 0x20 && c < 0x7F)) << int(c);
}

TEST(BundleHowToVerify, QuotesOrRefusesAwkwardFileNames) {
  Party sender;
  const std::string text =
      Must(bundle::RenderHowToVerify({"B-8K3Q9ZT2MX4D", sender.minisign_key, "case 12.tvb", "/home/j/key.txt"}));
  EXPECT_NE(text.find("age -d -i /home/j/key.txt '../case 12.tvb' | tar x"), std::string::npos) << text;
  for (const char* bad : {"", "it's.tvb", "a\"b", "a\\b", "a\nb", "caf\xc3\xa9"}) {
    auto r = bundle::RenderHowToVerify({"B-8K3Q9ZT2MX4D", sender.minisign_key, bad, "key.txt"});
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument) << bundle::EscapeForTerminal(bad);
  }
  EXPECT_EQ(bundle::RenderHowToVerify({"T-000000", sender.minisign_key}).error().code, ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace tvault::testing
