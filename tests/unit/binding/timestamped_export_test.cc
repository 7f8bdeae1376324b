// Format 3 bundles (docs/bundle-format.md section 8) through the public API:
// which tokens an export carries and when it writes format 3, what
// verification reports per version ("existed by"), the authority checked
// only against the CA the recipient gives, each refusal of a tampered
// custody.json or stamp member (checked against the verified manifest and
// members of a real export), and the stamp members accepted by the real
// `openssl ts -verify`.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <iterator>

#include "age/age.h"
#include "bundle/bundle_format.h"
#include "bundle/custody_file.h"
#include "crypto/encoding.h"
#include "formats/bundle/bundle_test_support.h"
#include "support/cli_runner.h"
#include "support/local_tsa.h"
#include "support/test_support.h"

namespace tvault::testing {
namespace {

namespace fs = std::filesystem;

StatementSource Source(std::string text) {
  return [text]() -> Result<PlainBytes> { return PlainBytes(text.begin(), text.end()); };
}
std::string Str(const PlainString& s) { return std::string(s.data(), s.size()); }
std::span<const uint8_t> Span(const std::string& s) {
  return {reinterpret_cast<const uint8_t*>(s.data()), s.size()};
}

// Four testimonies: t_[0] and t_[1] before the first stamp, t_[2] between
// the first and the second, t_[3] after both.
class TimestampedExport : public ::testing::Test {
 protected:
  void SetUp() override {
    Vault v = tv_.Open();
    MustOk(v.AddPeer(Text("r"), age::EncodeRecipient(party_.age_recipient), ""));
    WitnessDetails w;
    w.name = Text("Amal Tursun");
    const std::string witness = Must(v.AddWitness(w));
    auto add = [&](const std::string& words) {
      t_.push_back(
          Must(v.AddTestimonies(witness, {}, std::vector<StatementSource>{Source(words)}))[0].id);
    };
    add("First statement.");
    add("Second statement.");
    first_ = Stamp(v);
    add("Third statement.");
    second_ = Stamp(v);
    add("Fourth statement.");
    signer_ = Must(minisign::ParsePublicKey(Must(v.Identity()).minisign_public_key));
    identity_file_ = tv_.dir().parent_path() / "key.txt";
    std::ofstream(identity_file_) << Str(age::EncodeIdentity(party_.age_identity)) << "\n";
  }

  // A request answered by the local authority and added; its info.
  TimestampInfo Stamp(Vault& v) {
    TimestampRequest req = Must(v.AuditTimestampRequest());
    const fs::path path = tv_.dir().parent_path() / ("req-" + std::to_string(++stamps_) + ".tsq");
    WriteBytes(path, req.request);
    return Must(v.AuditTimestampAdd(ReadBytes(tsa_.Reply(path)), Ca("ca.pem")));
  }
  static std::vector<uint8_t> Ca(const std::string& name) {
    return ReadBytes(LocalTsa::Fixture(name));
  }

  ExportRequest Request(const std::string& name) {
    ExportRequest req;
    req.to.push_back(Text("r"));
    req.purpose = ConsentScope::kCourt;
    req.override_consent = true;
    req.reason = Text("for the court");
    req.out = tv_.dir().parent_path() / name;
    return req;
  }
  ExportResult Export(ExportRequest req) {
    Vault v = tv_.Open();
    return Must(v.Export(req));
  }
  Result<BundleSummary> Verify(const fs::path& file) {
    return VerifyBundleWithIdentityFile(file, identity_file_, minisign::EncodePublicKey(signer_));
  }
  BundleOutcome Read(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    const std::vector<uint8_t> bytes{std::istreambuf_iterator<char>(in), {}};
    return ReadBundle(bytes, party_.identities(), {signer_});
  }

  TempVault tv_;
  Party party_;
  LocalTsa tsa_;
  int stamps_ = 0;
  std::vector<std::string> t_;
  TimestampInfo first_, second_;
  minisign::PublicKey signer_;
  fs::path identity_file_;
};

TEST_F(TimestampedExport, AutomaticFormatCarriesTheEarliestCoveringTokens) {
  ExportRequest req = Request("all.tvb");
  req.all = true;
  const ExportResult r = Export(req);
  EXPECT_EQ(r.format_version, 3);
  EXPECT_EQ(r.timestamps, 2u);
  EXPECT_EQ(r.timestamps_left_out, 0u);

  BundleSummary s = Must(Verify(req.out));
  EXPECT_EQ(s.format_version, 3);
  ASSERT_EQ(s.timestamps.size(), 2u);
  EXPECT_EQ(s.timestamps[0].checkpoint_size, first_.checkpoint_size);
  EXPECT_EQ(s.timestamps[1].checkpoint_size, second_.checkpoint_size);
  EXPECT_EQ(s.timestamps[0].time_unix_s, *first_.time_unix_s);
  EXPECT_EQ(s.timestamps[0].tsa, first_.tsa);
  EXPECT_EQ(s.timestamps[0].serial_hex, first_.serial_hex);
  for (const BundleTimestamp& t : s.timestamps) EXPECT_FALSE(t.authority_checked);
  for (const BundleVersionTime& v : s.existed_by) EXPECT_FALSE(v.authority_checked);

  ASSERT_EQ(s.existed_by.size(), 4u);
  std::map<std::string, BundleVersionTime> by_id;
  for (const BundleVersionTime& v : s.existed_by) {
    EXPECT_EQ(v.version, 1u);
    by_id[v.testimony_id] = v;
  }
  for (int i : {0, 1}) {
    ASSERT_TRUE(by_id[t_[i]].existed_by_unix_s.has_value()) << t_[i];
    EXPECT_EQ(*by_id[t_[i]].existed_by_unix_s, *first_.time_unix_s);
    EXPECT_EQ(by_id[t_[i]].checkpoint_size, first_.checkpoint_size);
    EXPECT_LT(by_id[t_[i]].event_seq, first_.checkpoint_size);
  }
  ASSERT_TRUE(by_id[t_[2]].existed_by_unix_s.has_value());
  EXPECT_EQ(*by_id[t_[2]].existed_by_unix_s, *second_.time_unix_s);
  EXPECT_EQ(by_id[t_[2]].checkpoint_size, second_.checkpoint_size);
  EXPECT_GE(by_id[t_[2]].event_seq, first_.checkpoint_size);
  EXPECT_FALSE(by_id[t_[3]].existed_by_unix_s.has_value());
  EXPECT_GE(by_id[t_[3]].event_seq, second_.checkpoint_size);

  // The authority, only against the CA the recipient names.
  BundleSummary wrong = s;
  auto refused = CheckBundleTimestampAuthority(wrong, Ca("other-ca.pem"));
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::kIntegrity);
  EXPECT_NE(refused.error().message.find("timestamps/"), std::string::npos);
  for (const BundleTimestamp& t : wrong.timestamps) EXPECT_FALSE(t.authority_checked);
  EXPECT_EQ(CheckBundleTimestampAuthority(wrong, {}).error().code, ErrorCode::kInvalidArgument);
  MustOk(CheckBundleTimestampAuthority(s, Ca("ca.pem")));
  for (const BundleTimestamp& t : s.timestamps) {
    EXPECT_TRUE(t.authority_checked);
    EXPECT_EQ(t.tsa, "CN=tvault test TSA,O=tvault tests");  // the verified signer's subject
  }
  for (const BundleVersionTime& v : s.existed_by) {
    EXPECT_EQ(v.authority_checked, v.existed_by_unix_s.has_value()) << v.testimony_id;
  }
}

TEST_F(TimestampedExport, OnlyTheTokensTheRecordsNeed) {
  // t_[2] alone: only the second stamp covers its event.
  ExportRequest req = Request("third.tvb");
  req.testimonies = {t_[2]};
  EXPECT_EQ(Export(req).timestamps, 1u);
  BundleSummary s = Must(Verify(req.out));
  ASSERT_EQ(s.timestamps.size(), 1u);
  EXPECT_EQ(s.timestamps[0].checkpoint_size, second_.checkpoint_size);

  // t_[3] alone: no token covers it, so the automatic format is 2.
  ExportRequest late = Request("fourth.tvb");
  late.testimonies = {t_[3]};
  const ExportResult r = Export(late);
  EXPECT_EQ(r.format_version, 2);
  EXPECT_EQ(r.timestamps, 0u);
  EXPECT_EQ(r.timestamps_left_out, 0u);
  EXPECT_EQ(Must(Verify(late.out)).format_version, 2);

  // Asked for, format 3 is written without tokens, and verifies.
  ExportRequest three = Request("fourth-v3.tvb");
  three.testimonies = {t_[3]};
  three.bundle_format = 3;
  EXPECT_EQ(Export(three).format_version, 3);
  BundleSummary v3 = Must(Verify(three.out));
  EXPECT_EQ(v3.format_version, 3);
  EXPECT_TRUE(v3.timestamps.empty());
  ASSERT_EQ(v3.existed_by.size(), 1u);  // said to have no time, not left unsaid
  EXPECT_EQ(v3.existed_by[0].testimony_id, t_[3]);
  EXPECT_FALSE(v3.existed_by[0].existed_by_unix_s.has_value());
}

// The sender's own attack: a genuine token over a checkpoint the sender
// signed of another history (a copy of the vault that went another way
// after the copy), of the same size as a stamp the bundle carries. The
// note opens under the sender's key and origin, the token is over it,
// but the stamped log is not a prefix of the bundle's.
TEST_F(TimestampedExport, AStampOfAForkedLogIsRefused) {
  const fs::path fork = tv_.dir().parent_path() / "fork";
  fs::copy(tv_.dir(), fork, fs::copy_options::recursive);
  TimestampInfo forked_stamp, genuine;
  {
    Vault copy = Must(Vault::Open(fork, Pass(tv_.passphrase()), OpenOptions{}));
    WitnessDetails w;
    w.name = Text("Invented witness");
    const std::string witness = Must(copy.AddWitness(w));
    Must(copy.AddTestimonies(witness, {}, std::vector<StatementSource>{Source("Invented.")}));
    forked_stamp = Stamp(copy);
  }
  {
    Vault v = tv_.Open();
    WitnessDetails w;
    w.name = Text("Real witness");
    const std::string witness = Must(v.AddWitness(w));
    t_.push_back(
        Must(v.AddTestimonies(witness, {}, std::vector<StatementSource>{Source("Real.")}))[0].id);
    genuine = Stamp(v);
  }
  ASSERT_EQ(forked_stamp.checkpoint_size, genuine.checkpoint_size);
  ExportRequest req = Request("all.tvb");
  req.all = true;
  Export(req);
  const BundleOutcome out = Read(req.out);
  ASSERT_TRUE(out.ok) << out.message;
  std::string custody;
  for (const Member& m : out.streamed)
    if (m.name == bundle::kCustodyFileName) custody.assign(m.data.begin(), m.data.end());
  std::map<std::string, PlainBytes> members;
  for (const auto& [k, v] : out.verified->small_members) members.emplace(k, v);
  ASSERT_TRUE(bundle::VerifyCustodyFile(Span(custody), signer_, out.verified->manifest, members).ok());

  TimestampFiles files;
  {
    Vault copy = Must(Vault::Open(fork, Pass(tv_.passphrase()), OpenOptions{}));
    files = Must(copy.AuditTimestampFiles(forked_stamp.checkpoint_size));
  }
  const uint64_t n = genuine.checkpoint_size;
  members[bundle::StampedCheckpointMemberName(n)] =
      PlainBytes(files.checkpoint.begin(), files.checkpoint.end());
  members[bundle::TimestampResponseMemberName(n)] =
      PlainBytes(files.response.begin(), files.response.end());
  auto r = bundle::VerifyCustodyFile(Span(custody), signer_, out.verified->manifest, members);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kIntegrity);
  EXPECT_NE(r.error().message.find("is not a prefix of the bundle's"), std::string::npos)
      << r.error().message;
}

TEST_F(TimestampedExport, FormatTwoLeavesTheTokensOutAndSaysSo) {
  for (int format : {1, 2}) {
    ExportRequest req = Request("v" + std::to_string(format) + ".tvb");
    req.all = true;
    req.bundle_format = format;
    const ExportResult r = Export(req);
    EXPECT_EQ(r.format_version, format);
    EXPECT_EQ(r.timestamps, 0u);
    EXPECT_EQ(r.timestamps_left_out, 2u);
    BundleSummary s = Must(Verify(req.out));
    EXPECT_EQ(s.format_version, format);
    EXPECT_TRUE(s.timestamps.empty());
    EXPECT_TRUE(s.existed_by.empty());
  }
  ExportRequest bad = Request("v4.tvb");
  bad.all = true;
  bad.bundle_format = 4;
  Vault v = tv_.Open();
  EXPECT_EQ(v.Export(bad).error().code, ErrorCode::kInvalidArgument);
}

// Each check of sections 8.3 and 8.4, on the verified manifest and members
// of a real export, one change at a time.
TEST_F(TimestampedExport, TamperedStampsAreRefused) {
  ExportRequest req = Request("all.tvb");
  req.all = true;
  Export(req);
  const BundleOutcome out = Read(req.out);
  ASSERT_TRUE(out.ok) << out.message;
  const bundle::BundleManifest& m = out.verified->manifest;
  const std::map<std::string, PlainBytes>& members = out.verified->small_members;
  ASSERT_EQ(m.timestamps.size(), 2u);
  nlohmann::json custody;
  for (const Member& member : out.streamed) {
    if (member.name == bundle::kCustodyFileName) custody = nlohmann::json::parse(member.data);
  }
  ASSERT_EQ(custody["version"], 3);
  auto check = [&](const nlohmann::json& c, const bundle::BundleManifest& against,
                   const std::map<std::string, PlainBytes>& with) {
    const std::string text = c.dump(1);
    return bundle::VerifyCustodyFile(Span(text), signer_, against, with);
  };
  auto refused = [](const Result<bundle::CustodyFileCheck>& r, const std::string& fragment) {
    ASSERT_FALSE(r.ok()) << fragment;
    EXPECT_EQ(r.error().code, ErrorCode::kIntegrity);
    EXPECT_NE(r.error().message.find(fragment), std::string::npos) << r.error().message;
  };
  const bundle::CustodyFileCheck genuine = Must(check(custody, m, members));
  ASSERT_EQ(genuine.timestamps.size(), 2u);
  EXPECT_EQ(genuine.timestamps[1].token.imprint,
            crypto::Sha256(members.at(bundle::StampedCheckpointMemberName(m.timestamps[1]))));

  // The first stamp is the older log: its consistency proof is not empty.
  nlohmann::json c = custody;
  ASSERT_FALSE(c["timestamps"][0]["consistency"].empty());
  std::vector<uint8_t> hash = *crypto::Base64Decode(
      c["timestamps"][0]["consistency"][0].get<std::string>(), crypto::Base64Variant::kPadded);
  hash[0] ^= 1;
  c["timestamps"][0]["consistency"][0] =
      crypto::Base64Encode(hash, crypto::Base64Variant::kPadded);
  refused(check(c, m, members), "is not a prefix of the bundle's");

  c = custody;
  c.erase("timestamps");
  refused(check(c, m, members), "section 8.3");
  c = custody;
  c["timestamps"][0]["extra"] = 1;
  refused(check(c, m, members), "not {checkpoint_size, consistency}");
  c = custody;
  c["version"] = 2;
  refused(check(c, m, members), "its version is not the bundle's");

  // The manifest and custody.json list the same sizes.
  bundle::BundleManifest fewer = m;
  fewer.timestamps.pop_back();
  refused(check(custody, fewer, members), "does not list the manifest's stamped sizes");
  c = custody;
  std::swap(c["timestamps"][0], c["timestamps"][1]);
  refused(check(c, m, members), "does not list the manifest's stamped sizes");

  const std::string note0 = bundle::StampedCheckpointMemberName(m.timestamps[0]);
  const std::string note1 = bundle::StampedCheckpointMemberName(m.timestamps[1]);
  const std::string tsr0 = bundle::TimestampResponseMemberName(m.timestamps[0]);
  const std::string tsr1 = bundle::TimestampResponseMemberName(m.timestamps[1]);
  auto changed = [&](const std::string& name, PlainBytes bytes) {
    std::map<std::string, PlainBytes> copy;
    for (const auto& [k, v] : members) copy.emplace(k, v);
    copy[name] = std::move(bytes);
    return copy;
  };
  refused(check(custody, m, changed(note0, members.at(note1))), "of another size");
  refused(check(custody, m, changed(tsr0, members.at(tsr1))), "over other bytes");
  PlainBytes truncated = members.at(tsr0);
  truncated.pop_back();
  refused(check(custody, m, changed(tsr0, truncated)), "response:");
  PlainBytes forged = members.at(note0);
  forged[forged.size() / 3] ^= 1;
  refused(check(custody, m, changed(note0, forged)), "checkpoint:");
  std::map<std::string, PlainBytes> missing;
  for (const auto& [k, v] : members)
    if (k != tsr1) missing.emplace(k, v);
  refused(check(custody, m, missing), "missing");

  // A stamp beyond the bundle's own checkpoint cannot be.
  bundle::BundleManifest beyond = m;
  beyond.timestamps[1] = custody["checkpoint_size"].get<uint64_t>() + 1;
  c = custody;
  c["timestamps"][1]["checkpoint_size"] = beyond.timestamps[1];
  refused(check(c, beyond, members), "beyond the bundle's checkpoint");

  // Without a custody claim, there is nothing for a stamp to date.
  const nlohmann::json none = {{"format", "tvault-custody"}, {"version", 3}, {"events", nlohmann::json::array()}};
  refused(check(none, m, members), "without a custody claim");
  bundle::BundleManifest unstamped = m;
  unstamped.timestamps.clear();
  EXPECT_TRUE(check(none, unstamped, {}).ok());
}

// The members as HOW_TO_VERIFY.txt tells a recipient to check them, with
// the real openssl.
TEST_F(TimestampedExport, StampsVerifyWithOpensslTs) {
  ASSERT_TRUE(HaveProgram("openssl")) << "needs openssl (scripts/setup --test)";
  ExportRequest req = Request("all.tvb");
  req.all = true;
  Export(req);
  const BundleOutcome out = Read(req.out);
  ASSERT_TRUE(out.ok) << out.message;
  const fs::path dir = tv_.dir().parent_path() / "unpacked";
  fs::create_directories(dir / "timestamps");
  for (const auto& [name, bytes] : out.verified->small_members) {
    if (!name.starts_with(bundle::kTimestampsDir)) continue;
    WriteBytes(dir / name, std::vector<uint8_t>(bytes.begin(), bytes.end()));
  }
  const auto how = std::find_if(out.streamed.begin(), out.streamed.end(), [](const Member& m) {
    return m.name == bundle::kHowToVerifyName;
  });
  ASSERT_NE(how, out.streamed.end());
  const std::string text(how->data.begin(), how->data.end());
  for (uint64_t n : out.verified->manifest.timestamps) {
    const std::string stem = (dir / "timestamps" / std::to_string(n)).string();
    const std::string command = "openssl ts -verify -data timestamps/" + std::to_string(n) +
                                ".checkpoint.txt -in timestamps/" + std::to_string(n) +
                                ".tsr -CAfile tsa-ca.pem";
    EXPECT_NE(text.find(command), std::string::npos) << command;
    const RunResult ok = RunProgram({"openssl", "ts", "-verify", "-data", stem + ".checkpoint.txt",
                                     "-in", stem + ".tsr", "-CAfile",
                                     LocalTsa::Fixture("ca.pem").string()});
    EXPECT_EQ(ok.exit_code, 0) << ok.err;
    EXPECT_NE(ok.out.find("Verification: OK"), std::string::npos) << ok.out;
    const RunResult other = RunProgram(
        {"openssl", "ts", "-verify", "-data", stem + ".checkpoint.txt", "-in", stem + ".tsr",
         "-CAfile", LocalTsa::Fixture("other-ca.pem").string()});
    EXPECT_NE(other.exit_code, 0);
  }
}

}  // namespace
}  // namespace tvault::testing
