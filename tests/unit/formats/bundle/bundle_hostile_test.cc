// Hostile bundles (docs/bundle-format.md, section 5): each is refused with
// the documented class, names its first failure, and releases nothing as
// verified. Tar-level hostility (names, links, devices, ...) is in
// bundle_tar_test.cc, where every case also goes through BundleReader.
#include <gtest/gtest.h>

#include "formats/age/age_test_support.h"
#include "bundle/bundle_format.h"
#include "formats/bundle/bundle_test_support.h"
#include "crypto/asymmetric.h"
#include "crypto/encoding.h"
#include "crypto/hash.h"
#include "util/byte_io.h"
#include "vault/text.h"

namespace tvault::testing {
namespace {

// Every case runs on format 1 and on its format-2 twin (section 7).
class BundleHostile : public ::testing::TestWithParam<int> {
 protected:
  std::vector<uint8_t> Good() const { return WriteBundle(content_, sender_, {&b_}); }
  BundleOutcome Read(std::span<const uint8_t> file) const {
    return ReadBundle(file, b_.identities(), {sender_.minisign_key});
  }
  // The content's members with `sums`, signed by `signer` with `comment`.
  std::vector<uint8_t> Forge(const std::vector<Member>& members, const std::string& sums,
                             const std::string& comment) const {
    return SealBundle(members, sums, SignatureOf(sums, comment, sender_), {&b_});
  }
  std::vector<uint8_t> Forge(const std::vector<Member>& members) const {
    return Forge(members, SumsOf(members), CommentText(content_.comment));
  }
  std::vector<Member> WithManifest(const std::string& json_text) const {
    std::vector<Member> members = content_.members;
    members[0].data = Bytes(json_text);
    return members;
  }
  std::string ManifestText() const {
    return std::string(content_.members[0].data.begin(), content_.members[0].data.end());
  }
  std::size_t HeaderSize(std::span<const uint8_t> file) const {
    return Must(age::internal::ParseHeader(file)).size;
  }

  Party sender_, b_, c_, other_;
  BundleContent content_ =
      MakeContent(sender_, {&b_}, 3, /*with_contacts=*/true, 300, /*format=*/GetParam());
};

INSTANTIATE_TEST_SUITE_P(Formats, BundleHostile, ::testing::Values(1, 2),
                         [](const ::testing::TestParamInfo<int>& p) {
                           return "V" + std::to_string(p.param);
                         });

TEST_P(BundleHostile, TheForgeryToolsMakeAcceptableBundlesWhenHonest) {
  // Controls for the tests below: what they alter is the only defect.
  BundleOutcome good = Read(Good());
  ASSERT_TRUE(good.ok) << good.message;
  BundleOutcome forged = Read(Forge(content_.members));
  ASSERT_TRUE(forged.ok) << forged.message;
  EXPECT_EQ(forged.verified->manifest, content_.manifest);
}

TEST_P(BundleHostile, AnyChangedByteIsRefused) {
  const std::vector<uint8_t> good = Good();
  const std::size_t header = HeaderSize(good);
  std::vector<std::size_t> offsets;
  for (std::size_t i = 0; i < header + 16; i += 3) offsets.push_back(i);  // header and payload nonce
  for (std::size_t i = 0; i < 256; ++i) offsets.push_back(header + 16 + i * (good.size() - header - 16) / 256);
  for (std::size_t i = good.size() - 20; i < good.size(); ++i) offsets.push_back(i);
  for (std::size_t offset : offsets) {
    SCOPED_TRACE("offset " + std::to_string(offset) + " of " + std::to_string(good.size()));
    std::vector<uint8_t> bad = good;
    bad[offset] ^= static_cast<uint8_t>(1u << (offset % 8));
    BundleOutcome out = Read(bad);
    ASSERT_FALSE(out.ok);
    EXPECT_FALSE(out.verified.has_value());
    if (offset < header && out.code == ErrorCode::kNotFound) {
      // A changed stanza no longer opens with our key: age's "no match".
      EXPECT_NE(out.message.find("not addressed to you"), std::string::npos) << out.message;
    } else {
      EXPECT_EQ(out.code, ErrorCode::kIntegrity) << out.message;
    }
    if (offset >= header) {
      EXPECT_NE(out.message.find("age payload"), std::string::npos) << out.message;
    }
  }
}

TEST_P(BundleHostile, TruncationAnywhereIsRefused) {
  const std::vector<uint8_t> good = Good();
  const std::size_t header = HeaderSize(good);
  for (std::size_t length : {std::size_t{0}, std::size_t{1}, std::size_t{22}, header - 1, header, header + 15,
                             header + 16, header + 100, good.size() / 2, good.size() - 17, good.size() - 1}) {
    SCOPED_TRACE("first " + std::to_string(length) + " bytes of " + std::to_string(good.size()));
    BundleOutcome out = Read(std::span(good).first(length));
    ExpectRefused(out, ErrorCode::kIntegrity, "");
  }
}

TEST_P(BundleHostile, ABundleForSomeoneElseIsNotAddressedToYou) {
  BundleOutcome out = ReadBundle(Good(), c_.identities(), {sender_.minisign_key});
  ExpectRefused(out, ErrorCode::kNotFound, "not addressed to you");
  EXPECT_EQ(out.stage, "open");
}

TEST_P(BundleHostile, ASignatureByAKeyThatIsNotAcceptedIsRefused) {
  BundleOutcome out = ReadBundle(Good(), b_.identities(), {other_.minisign_key, c_.minisign_key});
  ExpectRefused(out, ErrorCode::kIntegrity,
                "made by key " + minisign::KeyIdText(sender_.minisign_key.key_id) + ", which is not an accepted signer");
  // Another key claiming the sender's key id.
  const std::string sums = SumsOf(content_.members);
  crypto::Blake2b512Hasher prehash;
  prehash.Update(AsSpan(sums));
  auto sig = Must(minisign::SignPrehashed(other_.signing.secret_key, sender_.minisign_key.key_id, prehash.Finish(),
                                          CommentText(content_.comment), "impostor"));
  out = Read(SealBundle(content_.members, sums, Must(minisign::FormatSignatureFile(sig)), {&b_}));
  ExpectRefused(out, ErrorCode::kIntegrity, "signature does not match the file");
}

TEST_P(BundleHostile, AForwardedBundleIsRefused) {
  // B decrypts the bundle addressed to B and re-encrypts the same payload to
  // C: every signature still verifies, but C is not in the signed list.
  AgeOutcome payload = AgeDecryptOurs(Good(), b_.identities());
  ASSERT_TRUE(payload.ok) << payload.message;
  const std::vector<uint8_t> forwarded = EncryptTo(payload.plaintext, {&c_});
  BundleOutcome out = ReadBundle(forwarded, c_.identities(), {sender_.minisign_key});
  ExpectRefused(out, ErrorCode::kIntegrity, "the bundle was forwarded by one of its recipients");
  EXPECT_NE(out.message.find(FormatFingerprint(c_.recipient_fingerprint)), std::string::npos);
  // Re-encrypted to B itself it is still B's bundle.
  EXPECT_TRUE(Read(EncryptTo(payload.plaintext, {&b_})).ok);
  // Adding C to the recipients of the re-encryption does not help C.
  out = ReadBundle(EncryptTo(payload.plaintext, {&b_, &c_}), c_.identities(), {sender_.minisign_key});
  ExpectRefused(out, ErrorCode::kIntegrity, "forwarded");
}

TEST_P(BundleHostile, AMemberSizeThatDiffersFromTheManifestIsRefused) {
  std::vector<Member> members = content_.members;
  members[2].data.push_back('!');  // SHA256SUMS and its signature cover the new bytes
  BundleOutcome out = Read(Forge(members));
  ExpectRefused(out, ErrorCode::kIntegrity,
                members[2].name + " has " + std::to_string(members[2].data.size()) + " bytes, the manifest says " +
                    std::to_string(members[2].data.size() - 1));
}

TEST_P(BundleHostile, AMemberMissingFromSha256sumsIsRefused) {
  std::vector<Member> listed = content_.members;
  listed.erase(listed.begin() + 3);
  BundleOutcome out = Read(Forge(content_.members, SumsOf(listed), CommentText(content_.comment)));
  ExpectRefused(out, ErrorCode::kIntegrity, "member \"" + content_.members[3].name + "\" is not listed in SHA256SUMS");
}

TEST_P(BundleHostile, AnExtraSha256sumsLineForAMissingMemberIsRefused) {
  std::vector<Member> present = content_.members;
  present.erase(present.begin() + 3);
  BundleOutcome out = Read(Forge(present, SumsOf(content_.members), CommentText(content_.comment)));
  ExpectRefused(out, ErrorCode::kIntegrity,
                "SHA256SUMS lists \"" + content_.members[3].name + "\", which is not in the bundle");
}

TEST_P(BundleHostile, UnsortedSha256sumsIsRefused) {
  std::string sums = SumsOf(content_.members);
  const std::size_t first_end = sums.find('\n') + 1;
  const std::size_t second_end = sums.find('\n', first_end) + 1;
  const std::string unsorted = sums.substr(first_end, second_end - first_end) + sums.substr(0, first_end) +
                               sums.substr(second_end);
  ASSERT_EQ(unsorted.size(), sums.size());
  BundleOutcome out = Read(Forge(content_.members, unsorted, CommentText(content_.comment)));
  ExpectRefused(out, ErrorCode::kIntegrity, "SHA256SUMS: line 2 is out of order");
}

TEST_P(BundleHostile, AMemberWhoseHashIsNotTheListedOneIsRefused) {
  std::vector<Member> members = content_.members;
  members[2].data[0] ^= 0x20;  // same size; SHA256SUMS still has the original hash
  BundleOutcome out = Read(Forge(members, SumsOf(content_.members), CommentText(content_.comment)));
  ExpectRefused(out, ErrorCode::kIntegrity, "the SHA-256 of \"" + members[2].name + "\" does not match SHA256SUMS");
}

TEST_P(BundleHostile, ALegacyNonPrehashedSignatureIsRefused) {
  // minisign -l: Ed25519 over the file itself, algorithm "Ed".
  const std::string sums = SumsOf(content_.members);
  const std::string comment = CommentText(content_.comment);
  const crypto::Ed25519Signature sig = crypto::Ed25519Sign(sender_.signing.secret_key, AsSpan(sums));
  std::vector<uint8_t> blob = Bytes("Ed");
  blob.insert(blob.end(), sender_.minisign_key.key_id.begin(), sender_.minisign_key.key_id.end());
  blob.insert(blob.end(), sig.begin(), sig.end());
  std::vector<uint8_t> global_input(sig.begin(), sig.end());
  global_input.insert(global_input.end(), comment.begin(), comment.end());
  const crypto::Ed25519Signature global = crypto::Ed25519Sign(sender_.signing.secret_key, global_input);
  const std::string file = "untrusted comment: legacy\n" + crypto::Base64Encode(blob, crypto::Base64Variant::kPadded) +
                           "\ntrusted comment: " + comment + "\n" +
                           crypto::Base64Encode(global, crypto::Base64Variant::kPadded) + "\n";
  BundleOutcome out = Read(SealBundle(content_.members, sums, file, {&b_}));
  ExpectRefused(out, ErrorCode::kIntegrity, "legacy (non-prehashed, \"Ed\") signature refused");
}

TEST_P(BundleHostile, ATrustedCommentNamingAnotherBundleIsRefused) {
  bundle::TrustedComment comment = content_.comment;
  comment.bundle_id = "B-000000000000";
  BundleOutcome out = Read(Forge(content_.members, SumsOf(content_.members), CommentText(comment)));
  ExpectRefused(out, ErrorCode::kIntegrity, "it is bundle B-8K3Q9ZT2MX4D, the signature is for B-000000000000");
}

TEST_P(BundleHostile, ATrustedCommentWithoutTheRecipientsOrOfAnotherShapeIsRefused) {
  bundle::TrustedComment comment = content_.comment;
  comment.recipients = {c_.recipient_fingerprint};
  BundleOutcome out = Read(Forge(content_.members, SumsOf(content_.members), CommentText(comment)));
  ExpectRefused(out, ErrorCode::kIntegrity, "does not name this identity");
  out = Read(Forge(content_.members, SumsOf(content_.members), "timestamp:1795707467\tfile:SHA256SUMS"));
  ExpectRefused(out, ErrorCode::kIntegrity, "malformed trusted comment");
  std::string v4 = CommentText(content_.comment);
  v4[std::string("tvault-bundle:").size()] = '4';
  out = Read(Forge(content_.members, SumsOf(content_.members), v4));
  ExpectRefused(out, ErrorCode::kUnsupported, "unknown bundle format version 4");
}

TEST_P(BundleHostile, ATrustedCommentOfTheOtherVersionOrTimeFormIsRefused) {
  // The manifest's version and the comment's must agree (section 7).
  bundle::TrustedComment other = content_.comment;
  other.format_version = GetParam() == 1 ? 2 : 1;
  BundleOutcome out = Read(Forge(content_.members, SumsOf(content_.members), CommentText(other)));
  ExpectRefused(out, ErrorCode::kIntegrity, "disagree on the format version");
  // Each version's time in the other's form.
  std::string text = CommentText(content_.comment);
  const std::string created = text.substr(text.find("created:") + 8);
  const std::string swapped = GetParam() == 1 ? FormatUtc(content_.comment.created_at_unix_s)
                                              : std::to_string(content_.comment.created_at_unix_s);
  text.replace(text.find(created), created.size(), swapped);
  out = Read(Forge(content_.members, SumsOf(content_.members), text));
  ExpectRefused(out, ErrorCode::kIntegrity, GetParam() == 1 ? "not decimal seconds"
                                                            : "not YYYY-MM-DDTHH:MM:SSZ");
}

TEST_P(BundleHostile, AManifestOfAnUnknownVersionIsUnsupported) {
  std::string text = ManifestText();
  const std::string mine = "\"version\": " + std::to_string(GetParam()) + ",";
  ASSERT_EQ(text.find(mine), text.find("\"version\""));
  text.replace(text.find(mine), mine.size(), "\"version\": 4,");
  BundleOutcome out = Read(Forge(WithManifest(text)));
  ExpectRefused(out, ErrorCode::kUnsupported, "unknown bundle format version 4");
}

TEST_P(BundleHostile, AManifestOfTheOtherKnownVersionIsRefused) {
  // Version 1's names under version 2's number, and the reverse: the
  // manifest no longer parses (its file names and custody keys are the
  // other version's).
  std::string text = ManifestText();
  const std::string mine = "\"version\": " + std::to_string(GetParam()) + ",";
  text.replace(text.find(mine), mine.size(),
               "\"version\": " + std::to_string(GetParam() == 1 ? 2 : 1) + ",");
  BundleOutcome out = Read(Forge(WithManifest(text)));
  ExpectRefused(out, ErrorCode::kIntegrity, "manifest.json");
}

TEST_P(BundleHostile, AManifestWithAnUnknownFieldIsRefused) {
  std::string text = ManifestText();
  text.insert(text.find("\"reason\""), "\"priority\": \"high\", ");
  BundleOutcome out = Read(Forge(WithManifest(text)));
  ExpectRefused(out, ErrorCode::kIntegrity, "manifest.json: unknown field \"priority\"");
}

// Section 3.1, by hand and signed: a "_bytes" member beside the export
// reason that is not one spelling of one value.
TEST_P(BundleHostile, AManifestWithABrokenBytesMemberIsRefused) {
  const std::string reason = "\"reason\": \"" + content_.manifest.reason + "\",";
  const std::string text = ManifestText();
  ASSERT_NE(text.find(reason), std::string::npos);
  auto with = [&](const std::string& members) {
    std::string t = text;
    t.replace(t.find(reason), reason.size(), members);
    return Read(Forge(WithManifest(t)));
  };
  // Control: the honest spelling of the bytes "why \xFE" verifies.
  BundleOutcome good = with(R"("reason": "why \\xFE", "reason_bytes": "d2h5IP4=",)");
  ASSERT_TRUE(good.ok) << good.message;
  EXPECT_EQ(good.verified->manifest.reason, "why \xfe");
  ExpectRefused(with(R"("reason": "why", "reason_bytes": "d2h5",)"), ErrorCode::kIntegrity,
                "manifest.json: reason_bytes: holds UTF-8");
  ExpectRefused(with(R"("reason": "why \\xFF", "reason_bytes": "d2h5IP4=",)"),
                ErrorCode::kIntegrity, "manifest.json: reason_bytes: does not match");
  ExpectRefused(with(R"("reason": "why \\xFE", "reason_bytes": "d2h5IP4",)"),
                ErrorCode::kIntegrity, "manifest.json: reason_bytes: not padded base64");
  ExpectRefused(with(R"("reason": "x", "bundle_id_bytes": "/w==",)"), ErrorCode::kIntegrity,
                "manifest.json: unknown field \"bundle_id_bytes\"");
}

TEST_P(BundleHostile, GarbageAfterTheTarEndIsRefusedAndZeroPaddingIsNot) {
  std::vector<Member> all = content_.members;
  const std::string sums = SumsOf(all);
  all.push_back({"SHA256SUMS", Bytes(sums)});
  all.push_back({"SHA256SUMS.minisig", Bytes(SignatureOf(sums, CommentText(content_.comment), sender_))});
  const std::vector<uint8_t> tar = TarOf(all);
  std::vector<uint8_t> padded = tar;
  padded.resize(tar.size() + 9216, 0);  // what tar's 10240-byte records add
  EXPECT_TRUE(Read(EncryptTo(padded, {&b_})).ok);
  for (std::size_t extra : {std::size_t{1}, std::size_t{512}, std::size_t{5000}}) {
    std::vector<uint8_t> garbage = padded;
    garbage.resize(padded.size() + extra, 0);
    garbage.back() = 'x';
    ExpectRefused(Read(EncryptTo(garbage, {&b_})), ErrorCode::kIntegrity, "data after the end-of-archive blocks");
  }
}

TEST_P(BundleHostile, MembersOutOfSectionTwosOrderAreRefused) {
  const std::string sums = SumsOf(content_.members);
  const std::string sig = SignatureOf(sums, CommentText(content_.comment), sender_);
  const Member sums_member{"SHA256SUMS", Bytes(sums)}, sig_member{"SHA256SUMS.minisig", Bytes(sig)};
  auto read = [&](std::vector<Member> members) { return Read(EncryptTo(TarOf(members), {&b_})); };

  std::vector<Member> m = content_.members;
  std::swap(m[0], m[1]);
  m.push_back(sums_member);
  m.push_back(sig_member);
  ExpectRefused(read(m), ErrorCode::kIntegrity, "the first member must be manifest.json, not \"HOW_TO_VERIFY.txt\"");

  m = content_.members;
  m.push_back(sums_member);
  m.push_back(sig_member);
  m.push_back({"evidence/E-ZZZZZZ", Bytes("late")});
  ExpectRefused(read(m), ErrorCode::kIntegrity, "after SHA256SUMS.minisig, which must be last");

  m = content_.members;
  m.push_back(sums_member);
  m.push_back({"evidence/E-ZZZZZZ", Bytes("late")});
  m.push_back(sig_member);
  ExpectRefused(read(m), ErrorCode::kIntegrity, "SHA256SUMS must be followed by SHA256SUMS.minisig");

  m = content_.members;
  m.push_back(sig_member);
  m.push_back(sums_member);
  ExpectRefused(read(m), ErrorCode::kIntegrity, "SHA256SUMS.minisig comes before SHA256SUMS");

  m = content_.members;
  m.push_back(sums_member);
  ExpectRefused(read(m), ErrorCode::kIntegrity, "the bundle has no SHA256SUMS.minisig");
  m = content_.members;
  ExpectRefused(read(m), ErrorCode::kIntegrity, "the bundle has no SHA256SUMS");
}

TEST_P(BundleHostile, AMemberTheManifestDoesNotNameIsRefused) {
  for (const char* extra : {"evidence/E-ZZZZZZ", "statements/T-ZZZZZZ.v1", "notes.txt",
                            "statements/T-ZZZZZZ.v1.txt", "evidence/E-ZZZZZZ.pdf",
                            GetParam() == 1 ? "custody.json" : "custody/T-ZZZZZZ.json"}) {
    SCOPED_TRACE(extra);
    std::vector<Member> members = content_.members;
    members.push_back({extra, Bytes("unannounced")});
    ExpectRefused(Read(Forge(members)), ErrorCode::kIntegrity,
                  std::string("member \"") + extra + "\" is not named by the manifest");
  }
}

TEST_P(BundleHostile, AMemberTheManifestDoesNotNameIsRefusedAsItArrives) {
  // Many unnamed members after the manifest: refused at the first, while
  // streaming (before: only at the end, after reading every one of them).
  std::vector<Member> members = content_.members;
  for (int i = 0; i < 2000; ++i) members.push_back({"m" + std::to_string(i), {}});
  BundleOutcome out = Read(Forge(members));
  ExpectRefused(out, ErrorCode::kIntegrity, "member \"m0\" is not named by the manifest");
  EXPECT_EQ(out.stage, "next");
}

TEST_P(BundleHostile, BufferedMembersOverTheirCapsAreRefusedBeforeTheirData) {
  std::vector<Member> members = content_.members;
  const bundle::MemberKind custody =
      GetParam() == 1 ? bundle::MemberKind::kCustody : bundle::MemberKind::kCustodyFile;
  for (Member& m : members) {
    if (bundle::KindOfMember(m.name) == custody) {
      m.data.resize(bundle::MaxBufferedMemberBytes(custody) + 1, ' ');
      break;
    }
  }
  BundleOutcome out = Read(Forge(members));
  ExpectRefused(out, ErrorCode::kIntegrity,
                "is larger than its cap (" +
                    std::to_string(bundle::MaxBufferedMemberBytes(custody)) + " bytes)");
  EXPECT_EQ(out.stage, "next");
}

TEST_P(BundleHostile, FailuresAreReportedInSectionFivesOrder) {
  // Bad SHA256SUMS (step 5) and a signature by an unaccepted key (step 3):
  // the signature is named.
  std::vector<Member> listed = content_.members;
  listed.pop_back();
  const std::string sums = SumsOf(listed);
  std::vector<uint8_t> file =
      SealBundle(content_.members, sums, SignatureOf(sums, CommentText(content_.comment), other_), {&b_});
  ExpectRefused(Read(file), ErrorCode::kIntegrity, "which is not an accepted signer");
  // Bad SHA256SUMS and a forwarded bundle (step 4): forwarding is named.
  AgeOutcome payload = AgeDecryptOurs(Forge(content_.members, sums, CommentText(content_.comment)), b_.identities());
  ASSERT_TRUE(payload.ok);
  ExpectRefused(ReadBundle(EncryptTo(payload.plaintext, {&c_}), c_.identities(), {sender_.minisign_key}),
                ErrorCode::kIntegrity, "forwarded");
  // Bad SHA256SUMS (step 5) and a manifest of an unknown version (step 6).
  std::string text = ManifestText();
  text.replace(text.find("\"version\": "), 13, "\"version\": 3,");
  std::vector<Member> members = WithManifest(text);
  std::vector<Member> partly = members;
  partly.pop_back();
  ExpectRefused(Read(Forge(members, SumsOf(partly), CommentText(content_.comment))), ErrorCode::kIntegrity,
                "is not listed in SHA256SUMS");
}

}  // namespace
}  // namespace tvault::testing
