#include "formats/bundle/bundle_test_support.h"

#include <cstdio>

#include "formats/age/age_test_support.h"
#include "bundle/bundle_format.h"
#include "crypto/hash.h"
#include "identity/custodian_keys.h"
#include "util/byte_io.h"

namespace tvault::testing {
namespace {

constexpr char kCrockford[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

// A deterministic id: `prefix`-, then i in base 32, `width` characters.
std::string TestId(char prefix, std::size_t width, uint64_t i) {
  std::string digits(width, '0');
  for (std::size_t k = 0; k < width; ++k, i /= 32) digits[width - 1 - k] = kCrockford[i % 32];
  return std::string{prefix, '-'} + digits;
}

void Put(std::vector<uint8_t>& block, std::size_t offset, std::size_t length, std::string_view v) {
  std::copy_n(v.begin(), std::min(v.size(), length), block.begin() + static_cast<std::ptrdiff_t>(offset));
}

std::string Octal(uint64_t value, int digits) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%0*llo", digits, static_cast<unsigned long long>(value));
  return buf;
}

}  // namespace

std::vector<uint8_t> Bytes(std::string_view s) { return {s.begin(), s.end()}; }

Party::Party()
    : age_identity(age::GenerateIdentity()),
      age_recipient(age::RecipientOf(age_identity)),
      recipient_fingerprint(RecipientFingerprint(age_recipient)),
      signing(crypto::GenerateEd25519()),
      minisign_key(MinisignKeyFor(signing.public_key)),
      identity_fingerprint(IdentityFingerprint(signing.public_key, age_recipient)) {}

std::vector<SecretBytes> Party::identities() const {
  std::vector<SecretBytes> list;
  list.push_back(SecretBytes::CopyOf(age_identity.reveal()));
  return list;
}

BundleContent MakeContent(const Party& sender, const std::vector<const Party*>& recipients,
                          int records, bool with_contacts, std::size_t statement_bytes,
                          int format) {
  BundleContent c;
  bundle::BundleManifest& m = c.manifest;
  m.format_version = format;
  const bool v2 = format >= bundle::kFormatVersion2;
  m.bundle_id = "B-8K3Q9ZT2MX4D";
  m.created_at_unix_s = kTestCreatedAt;
  m.reason = "Requested by the prosecutor's office, case 12/2026";
  m.exporter = {"A. Lawyer", sender.identity_fingerprint, sender.minisign_key, sender.age_recipient};
  for (std::size_t i = 0; i < recipients.size(); ++i) {
    m.recipients.push_back({"Recipient " + std::to_string(i + 1),
                            recipients[i]->recipient_fingerprint, recipients[i]->age_recipient});
  }
  m.with_contacts = with_contacts;

  c.members.push_back({std::string(bundle::kManifestName), {}});
  bundle::HowToVerifyInputs how{m.bundle_id, sender.minisign_key};
  how.format_version = format;
  c.members.push_back({std::string(bundle::kHowToVerifyName), Bytes(Must(bundle::RenderHowToVerify(how)))});
  std::vector<Member> contacts, custody, evidence;
  for (int i = 0; i < records; ++i) {
    bundle::ManifestRecord r;
    r.id = TestId('T', 6, static_cast<uint64_t>(i) * 7919 + 1);
    r.witness = TestId('W', 5, static_cast<uint64_t>(i) * 104729 + 3);
    r.metadata = {"Statement " + std::to_string(i), "ar", i % 2 ? "2024-05-02" : "", "Aleppo",
                  "I. Viewer", "", "témoin\tprotégé"};
    const uint32_t versions = i == 0 ? 2 : 1;
    for (uint32_t v = 1; v <= versions; ++v) {
      std::vector<uint8_t> statement = TestPlaintext(statement_bytes + v, static_cast<uint32_t>(i * 10 + v));
      // Format 2: record 0's statements are text, named ".txt".
      const bool text = v2 && i == 0;
      if (text) statement = Bytes(std::string(statement_bytes + v, 'w'));
      r.versions.push_back({v, statement.size(), crypto::Sha256(statement),
                            kTestCreatedAt - 86400 * (10 - v), v == 1 ? "intake" : "correction",
                            text});
      c.members.push_back({bundle::StatementMemberName(r.id, v, text), std::move(statement)});
    }
    if (!v2) {
      custody.push_back({bundle::CustodyMemberName(r.id),
                         Bytes("{\"testimony\":\"" + r.id + "\",\"events\":[]}\n")});
    }
    if (with_contacts && i == 0) {
      m.contacts.push_back({r.witness});
      contacts.push_back({bundle::ContactsMemberName(r.witness),
                          Bytes("{\"witness\":\"" + r.witness + "\",\"name\":\"X\"}\n")});
    }
    if (i == 1) {
      bundle::ManifestEvidence e;
      e.id = TestId('E', 6, 42);
      e.testimony = r.id;
      std::vector<uint8_t> data = TestPlaintext(1000, 99);
      e.size_bytes = data.size();
      e.sha256 = crypto::Sha256(data);
      e.media_type = "image/jpeg";
      e.description = "Photograph of the site";
      m.evidence.push_back(e);
      evidence.push_back({bundle::EvidenceMemberName(e.id, format, e.media_type), std::move(data)});
    }
    m.records.push_back(std::move(r));
  }
  if (v2) {
    custody.push_back({std::string(bundle::kCustodyFileName),
                       Bytes("{\"format\": \"tvault-custody\", \"version\": 2, \"events\": []}\n")});
  }
  for (auto* group : {&contacts, &custody, &evidence}) {
    for (Member& member : *group) c.members.push_back(std::move(member));
  }
  c.comment.format_version = format;
  c.comment.bundle_id = m.bundle_id;
  for (const bundle::ManifestRecipient& r : m.recipients) c.comment.recipients.push_back(r.fingerprint);
  c.comment.created_at_unix_s = m.created_at_unix_s;
  UpdateManifestMember(c);
  return c;
}

void UpdateManifestMember(BundleContent& content) {
  content.members[0].data = Bytes(Must(bundle::SerializeManifest(content.manifest)));
}

std::vector<uint8_t> WriteBundle(const BundleContent& content, const Party& sender,
                                 const std::vector<const Party*>& recipients) {
  std::vector<age::X25519Public> keys;
  for (const Party* p : recipients) keys.push_back(p->age_recipient);
  VectorSink out;
  auto writer = Must(bundle::BundleWriter::Begin(keys, out, content.comment.created_at_unix_s));
  for (const Member& m : content.members) MustOk(writer.AddMember(m.name, m.data));
  MustOk(writer.Finish(sender.signing.secret_key, sender.minisign_key.key_id, content.comment));
  return std::move(out.data());
}

std::string SumsOf(const std::vector<Member>& members) {
  std::vector<bundle::SumsEntry> entries;
  for (const Member& m : members) entries.push_back({crypto::Sha256(m.data), m.name});
  return Must(bundle::FormatSums(entries));
}

std::string SignatureOf(std::string_view sums, std::string_view trusted_comment, const Party& signer) {
  crypto::Blake2b512Hasher h;
  h.Update(AsSpan(sums));
  auto sig = Must(minisign::SignPrehashed(signer.signing.secret_key, signer.minisign_key.key_id,
                                          h.Finish(), trusted_comment, "tvault bundle test"));
  return Must(minisign::FormatSignatureFile(sig));
}

std::string CommentText(const bundle::TrustedComment& comment) {
  return Must(bundle::FormatTrustedComment(comment));
}

std::vector<uint8_t> TarOf(const std::vector<Member>& members) {
  VectorSink out;
  auto tar = Must(tar::TarWriter::Begin(out, kTestCreatedAt));
  for (const Member& m : members) MustOk(tar.AddMember(m.name, m.data));
  MustOk(tar.Finish());
  return std::move(out.data());
}

std::vector<uint8_t> EncryptTo(std::span<const uint8_t> plaintext, const std::vector<const Party*>& to) {
  std::vector<age::X25519Public> keys;
  for (const Party* p : to) keys.push_back(p->age_recipient);
  return AgeEncryptOurs(keys, plaintext);
}

std::vector<uint8_t> SealBundle(const std::vector<Member>& members, std::string_view sums,
                                std::string_view signature, const std::vector<const Party*>& to) {
  std::vector<Member> all = members;
  all.push_back({std::string(bundle::kSumsName), Bytes(sums)});
  all.push_back({std::string(bundle::kSumsSignatureName), Bytes(signature)});
  return EncryptTo(TarOf(all), to);
}

std::vector<uint8_t> RawHeaderBlock(const RawHeader& h) {
  std::vector<uint8_t> b(512, 0);
  Put(b, 0, 100, h.name);
  Put(b, 100, 8, "0000644");
  Put(b, 108, 8, "0000000");
  Put(b, 116, 8, "0000000");
  Put(b, 124, 12, h.size_field ? *h.size_field : Octal(h.size, 11));
  Put(b, 136, 12, Octal(static_cast<uint64_t>(kTestCreatedAt), 11));
  b[156] = static_cast<uint8_t>(h.type);
  Put(b, 157, 100, h.linkname);
  Put(b, 257, 6, h.magic);
  Put(b, 263, 2, h.version);
  Put(b, 345, 155, h.prefix);
  uint32_t sum = 0;
  if (h.checksum) {
    sum = *h.checksum;
  } else {
    // POSIX: the checksum field counts as eight spaces.
    for (std::size_t i = 0; i < b.size(); ++i) sum += (i >= 148 && i < 156) ? 0x20 : b[i];
  }
  std::string field = Octal(sum, 6);
  field.push_back('\0');
  field.push_back(' ');
  Put(b, 148, 8, field);
  return b;
}

std::vector<uint8_t> RawTar(const std::vector<RawMember>& members, std::vector<uint8_t> end) {
  std::vector<uint8_t> out;
  for (const RawMember& m : members) {
    std::vector<uint8_t> header = RawHeaderBlock(m.header);
    out.insert(out.end(), header.begin(), header.end());
    out.insert(out.end(), m.data.begin(), m.data.end());
    out.resize((out.size() + 511) / 512 * 512, 0);
  }
  out.insert(out.end(), end.begin(), end.end());
  return out;
}

RawMember RawFile(const std::string& name, std::string_view data) {
  RawMember m;
  m.header.name = name;
  m.header.size = data.size();
  m.data = Bytes(data);
  return m;
}

TarOutcome ReadTar(std::span<const uint8_t> tar, std::size_t read_size) {
  TarOutcome out;
  SpanSource source(tar);
  auto fail = [&out](const Error& e) {
    out.code = e.code;
    out.message = e.message;
    return out;
  };
  auto reader = tar::TarReader::Open(source);
  if (!reader.ok()) return fail(reader.error());
  std::vector<uint8_t> buffer(read_size);
  while (true) {
    auto next = reader->Next();
    if (!next.ok()) {
      // Errors are sticky.
      EXPECT_FALSE(reader->Next().ok());
      return fail(next.error());
    }
    if (!next->has_value()) break;
    out.members.push_back({(*next)->name, {}});
    while (true) {
      auto n = reader->ReadData(buffer);
      if (!n.ok()) {
        EXPECT_FALSE(reader->Next().ok());
        return fail(n.error());
      }
      if (*n == 0) break;
      out.members.back().data.insert(out.members.back().data.end(), buffer.begin(),
                                     buffer.begin() + static_cast<std::ptrdiff_t>(*n));
    }
    EXPECT_EQ(out.members.back().data.size(), (*next)->size_bytes);
  }
  // The end is sticky too.
  auto again = reader->Next();
  EXPECT_TRUE(again.ok() && !again->has_value());
  out.ok = true;
  return out;
}

BundleOutcome ReadBundle(std::span<const uint8_t> file, const std::vector<SecretBytes>& identities,
                         const std::vector<minisign::PublicKey>& accepted) {
  BundleOutcome out;
  SpanSource source(file);
  auto fail = [&out](const Error& e, const char* stage) {
    out.code = e.code;
    out.message = e.message;
    out.stage = stage;
    return out;
  };
  auto reader = bundle::BundleReader::Open(source, identities);
  if (!reader.ok()) return fail(reader.error(), "open");
  while (true) {
    auto next = reader->Next();
    if (!next.ok()) {
      EXPECT_FALSE(reader->Finish(accepted).ok()) << "a failed reader released a bundle";
      return fail(next.error(), "next");
    }
    if (!next->has_value()) break;
    VectorSink sink;
    Status copied = reader->CopyMemberTo(sink);
    if (!copied.ok()) {
      EXPECT_FALSE(reader->Finish(accepted).ok()) << "a failed reader released a bundle";
      return fail(copied.error(), "copy");
    }
    EXPECT_EQ(sink.data().size(), (*next)->size_bytes);
    out.streamed.push_back({(*next)->name, std::move(sink.data())});
  }
  auto verified = reader->Finish(accepted);
  if (!verified.ok()) {
    EXPECT_FALSE(reader->Finish(accepted).ok());
    return fail(verified.error(), "finish");
  }
  out.ok = true;
  out.verified = std::move(verified).value();
  return out;
}

void ExpectRefused(const BundleOutcome& outcome, ErrorCode code, const std::string& fragment) {
  EXPECT_FALSE(outcome.ok) << "accepted; expected: " << fragment;
  EXPECT_FALSE(outcome.verified.has_value());
  EXPECT_EQ(outcome.code, code) << outcome.message;
  EXPECT_NE(outcome.message.find(fragment), std::string::npos)
      << "message \"" << outcome.message << "\" lacks \"" << fragment << "\"";
  EXPECT_EQ(outcome.message.find('\n'), std::string::npos) << "message is not one line";
}

void ExpectRefused(const TarOutcome& outcome, const std::string& fragment) {
  EXPECT_FALSE(outcome.ok) << "accepted; expected: " << fragment;
  EXPECT_EQ(outcome.code, ErrorCode::kIntegrity) << outcome.message;
  EXPECT_NE(outcome.message.find(fragment), std::string::npos)
      << "message \"" << outcome.message << "\" lacks \"" << fragment << "\"";
  EXPECT_EQ(outcome.message.find('\n'), std::string::npos) << "message is not one line";
}

}  // namespace tvault::testing
