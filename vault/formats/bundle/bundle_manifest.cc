#include "bundle/bundle_manifest.h"

#include <algorithm>
#include <map>
#include <set>

#include "age/age.h"
#include "bundle/bundle_format.h"
#include "bundle/carried_text.h"
#include "bundle/manifest_fields.h"
#include "crypto/encoding.h"
#include "util/json_reader.h"
#include "util/json_writer.h"
#include "vault/text.h"

namespace tvault::bundle {
namespace {

namespace dom = simdjson::dom;
using manifest_json::Fields;
using manifest_json::ForEachObject;
using manifest_json::ManifestError;

// The manifest is five levels deep (the root, records, a record, versions,
// a version); anything deeper than 8 is refused.
constexpr std::size_t kMaxJsonDepth = 8;

Status ParseParty(Fields& f, std::string& name, Fingerprint& fp, age::X25519Public& recipient) {
  TVAULT_ASSIGN_OR_RETURN(name, f.Text("name"));
  TVAULT_ASSIGN_OR_RETURN(fp, f.FingerprintField("fingerprint"));
  TVAULT_ASSIGN_OR_RETURN(recipient, f.AgeRecipient("age_recipient"));
  return OkStatus();
}

Status ParseRecords(Fields& top, BundleManifest& m) {
  std::set<std::string> ids, redactions;
  return ForEachObject(top, "records", [&](Fields& f) -> Status {
    ManifestRecord r;
    TVAULT_ASSIGN_OR_RETURN(r.id, f.Id("id", IsTestimonyId, "a testimony id (T-xxxxxx)"));
    if (!ids.insert(r.id).second) return f.Bad("id", "record " + r.id + " appears twice");
    TVAULT_ASSIGN_OR_RETURN(r.witness, f.Id("witness", IsWitnessId, "a witness id (W-xxxxx)"));
    TVAULT_ASSIGN_OR_RETURN(dom::object meta, f.Object("metadata"));
    Fields mf(meta, f.Path("metadata"));
    ManifestMetadata& md = r.metadata;
    TVAULT_ASSIGN_OR_RETURN(md.title, mf.Text("title"));
    TVAULT_ASSIGN_OR_RETURN(md.language, mf.Text("language"));
    TVAULT_ASSIGN_OR_RETURN(md.taken_at, mf.String("taken_at"));
    if (!md.taken_at.empty()) {
      auto t = ParseUtc(md.taken_at);
      if (md.taken_at.size() != 10 || !t || FormatUtc(*t).substr(0, 10) != md.taken_at) {
        return mf.Bad("taken_at", "neither empty nor a date written YYYY-MM-DD");
      }
    }
    TVAULT_ASSIGN_OR_RETURN(md.place, mf.Text("place"));
    TVAULT_ASSIGN_OR_RETURN(md.interviewer, mf.Text("interviewer"));
    TVAULT_ASSIGN_OR_RETURN(md.interpreter, mf.Text("interpreter"));
    TVAULT_ASSIGN_OR_RETURN(md.notes, mf.Text("notes"));
    TVAULT_TRY(mf.NoOtherFields());

    // Section 7.7: read before the versions, whose file name it decides.
    if (f.Find("redaction")) {
      if (m.format_version < kFormatVersion2) return f.Bad("redaction", "unknown field");
      TVAULT_ASSIGN_OR_RETURN(dom::object red, f.Object("redaction"));
      Fields rf(red, f.Path("redaction"));
      ManifestRedaction mr;
      TVAULT_ASSIGN_OR_RETURN(mr.id, rf.Id("id", IsRedactionId, "a redaction id (R-xxxxxx)"));
      if (!redactions.insert(mr.id).second) return rf.Bad("id", mr.id + " appears twice");
      TVAULT_TRY(rf.FileName("file", RedactionProofMemberName(mr.id)));
      TVAULT_ASSIGN_OR_RETURN(mr.size_bytes, rf.Unsigned("size_bytes", kMaxBundleProofBytes));
      TVAULT_ASSIGN_OR_RETURN(mr.sha256, rf.Sha256("sha256"));
      TVAULT_TRY(rf.NoOtherFields());
      r.redaction = std::move(mr);
    }
    Status versions_ok = ForEachObject(f, "versions", [&](Fields& vf) -> Status {
      ManifestVersion v;
      TVAULT_ASSIGN_OR_RETURN(uint64_t n, vf.Unsigned("version", UINT32_MAX));
      if (n == 0) return vf.Bad("version", "versions start at 1");
      if (!r.versions.empty() && n <= r.versions.back().version) {
        return vf.Bad("version", "versions must be listed in increasing order, once each");
      }
      v.version = static_cast<uint32_t>(n);
      if (r.redaction) {
        v.text = true;  // a redacted text is UTF-8 (section 7.7)
      } else if (m.format_version >= kFormatVersion2) {
        // Either name of section 7.1: ".txt" marks a text statement.
        const std::string text_name = StatementMemberName(r.id, v.version, true);
        std::optional<dom::element> file = vf.Find("file");
        std::string_view given;
        v.text = file && file->get_string().get(given) == simdjson::SUCCESS && given == text_name;
      }
      TVAULT_TRY(vf.FileName("file", StatementFileOf(r, v)));
      TVAULT_ASSIGN_OR_RETURN(v.size_bytes, vf.Unsigned("size_bytes", kMaxMemberBytes));
      TVAULT_ASSIGN_OR_RETURN(v.sha256, vf.Sha256("sha256"));
      TVAULT_ASSIGN_OR_RETURN(v.created_at_unix_s, vf.Time("created_at"));
      TVAULT_ASSIGN_OR_RETURN(v.reason, vf.Text("reason"));
      r.versions.push_back(std::move(v));
      return OkStatus();
    });
    TVAULT_TRY(versions_ok);
    if (r.versions.empty()) return f.Bad("versions", "a record needs at least one version");
    if (r.redaction && r.versions.size() != 1) {
      return f.Bad("versions", "a redacted record carries exactly one version");
    }
    if (m.format_version == kFormatVersion1) {
      TVAULT_TRY(f.FileName("custody", CustodyMemberName(r.id)));
    }
    if (f.Find("provenance")) {
      TVAULT_ASSIGN_OR_RETURN(dom::object p, f.Object("provenance"));
      Fields pf(p, f.Path("provenance"));
      ManifestProvenance prov;
      TVAULT_ASSIGN_OR_RETURN(prov.bundle_id, pf.Id("bundle_id", IsBundleId, "a bundle id (B-...)"));
      TVAULT_ASSIGN_OR_RETURN(prov.signer, pf.MinisignKey("signer"));
      TVAULT_ASSIGN_OR_RETURN(prov.origin_record,
                              pf.Id("origin_record", IsTestimonyId, "a testimony id (T-xxxxxx)"));
      TVAULT_TRY(pf.NoOtherFields());
      r.provenance = std::move(prov);
    }
    m.records.push_back(std::move(r));
    return OkStatus();
  });
}

Status ParseContactsAndEvidence(Fields& top, BundleManifest& m) {
  std::set<std::string> witnesses, testimonies;
  for (const ManifestRecord& r : m.records) {
    witnesses.insert(r.witness);
    testimonies.insert(r.id);
  }
  std::set<std::string> contacts;
  Status contacts_ok = ForEachObject(top, "contacts", [&](Fields& f) -> Status {
    ManifestContact c;
    TVAULT_ASSIGN_OR_RETURN(c.witness, f.Id("witness", IsWitnessId, "a witness id (W-xxxxx)"));
    if (witnesses.count(c.witness) == 0) {
      return f.Bad("witness", c.witness + " is not the witness of any record in the bundle");
    }
    if (!contacts.insert(c.witness).second) return f.Bad("witness", c.witness + " appears twice");
    TVAULT_TRY(f.FileName("file", ContactsMemberName(c.witness)));
    m.contacts.push_back(std::move(c));
    return OkStatus();
  });
  TVAULT_TRY(contacts_ok);
  if (!m.with_contacts && !m.contacts.empty()) {
    return ManifestError("contacts", "not empty although with_contacts is false");
  }
  std::set<std::string> evidence;
  return ForEachObject(top, "evidence", [&](Fields& f) -> Status {
    ManifestEvidence e;
    TVAULT_ASSIGN_OR_RETURN(e.id, f.Id("id", IsEvidenceId, "an evidence id (E-xxxxxx)"));
    if (!evidence.insert(e.id).second) return f.Bad("id", e.id + " appears twice");
    TVAULT_ASSIGN_OR_RETURN(e.testimony, f.Id("testimony", IsTestimonyId, "a testimony id (T-xxxxxx)"));
    if (testimonies.count(e.testimony) == 0) {
      return f.Bad("testimony", e.testimony + " is not a record of the bundle");
    }
    TVAULT_ASSIGN_OR_RETURN(e.size_bytes, f.Unsigned("size_bytes", kMaxMemberBytes));
    TVAULT_ASSIGN_OR_RETURN(e.sha256, f.Sha256("sha256"));
    TVAULT_ASSIGN_OR_RETURN(e.media_type, f.Text("media_type"));
    // Version 2's name depends on the media type (section 7.2).
    TVAULT_TRY(f.FileName("file", EvidenceMemberName(e.id, m.format_version, e.media_type)));
    TVAULT_ASSIGN_OR_RETURN(e.description, f.Text("description"));
    m.evidence.push_back(std::move(e));
    return OkStatus();
  });
}

// Version 3 (section 8.2): the stamped checkpoint sizes, strictly
// increasing, each from 1 to 2^63 - 1, at most kMaxTimestamps.
Status ParseTimestampSizes(Fields& top, BundleManifest& m) {
  TVAULT_ASSIGN_OR_RETURN(dom::array sizes, top.Array("timestamps"));
  if (sizes.size() > kMaxTimestamps) {
    return top.Bad("timestamps", "more than " + std::to_string(kMaxTimestamps) + " sizes");
  }
  for (dom::element e : sizes) {
    uint64_t n = 0;
    if (!e.is_uint64() || e.get_uint64().get(n) != simdjson::SUCCESS || n == 0 ||
        n > static_cast<uint64_t>(INT64_MAX)) {
      return top.Bad("timestamps", "a size is not an integer from 1 to 2^63-1");
    }
    if (!m.timestamps.empty() && n <= m.timestamps.back()) {
      return top.Bad("timestamps", "the sizes are not strictly increasing");
    }
    m.timestamps.push_back(n);
  }
  return OkStatus();
}

Result<BundleManifest> ParseManifestObject(dom::element root) {
  dom::object root_object;
  if (root.get_object().get(root_object) != simdjson::SUCCESS) {
    return ManifestError("", "not a JSON object");
  }
  Fields top(root_object, "");
  // The version decides what the rest may hold, so it is read first.
  TVAULT_ASSIGN_OR_RETURN(std::string format, top.String("format"));
  if (format != kFormatName) return top.Bad("format", "not \"tvault-bundle\"");
  TVAULT_ASSIGN_OR_RETURN(dom::element version, top.Get("version"));
  if (!version.is_int64() && !version.is_uint64()) return top.Bad("version", "not an integer");
  if (!version.is_uint64() || version.get_uint64().value_unsafe() > uint64_t{kFormatVersionNewest} ||
      !IsKnownFormatVersion(static_cast<int64_t>(version.get_uint64().value_unsafe()))) {
    return MakeError(ErrorCode::kUnsupported, "unknown bundle format version " +
                                                  simdjson::minify(version) +
                                                  " (this tvault reads versions 1, 2 and 3)");
  }

  BundleManifest m;
  m.format_version = static_cast<int>(version.get_uint64().value_unsafe());
  TVAULT_ASSIGN_OR_RETURN(m.bundle_id, top.Id("bundle_id", IsBundleId, "a bundle id (B-...)"));
  TVAULT_ASSIGN_OR_RETURN(m.created_at_unix_s, top.Time("created_at"));
  if (m.created_at_unix_s < 0 || m.created_at_unix_s > kMaxCreatedUnixS) {
    return top.Bad("created_at", "out of range");
  }
  TVAULT_ASSIGN_OR_RETURN(m.reason, top.Text("reason"));

  TVAULT_ASSIGN_OR_RETURN(dom::object exporter, top.Object("exporter"));
  Fields ef(exporter, "exporter");
  TVAULT_TRY(ParseParty(ef, m.exporter.name, m.exporter.fingerprint, m.exporter.age_recipient));
  TVAULT_ASSIGN_OR_RETURN(m.exporter.minisign_key, ef.MinisignKey("minisign_public_key"));
  TVAULT_TRY(ef.NoOtherFields());
  if (m.exporter.fingerprint !=
      IdentityFingerprint(m.exporter.minisign_key.ed25519, m.exporter.age_recipient)) {
    return ef.Bad("fingerprint", "not the fingerprint of the exporter's keys");
  }

  std::set<Fingerprint> fingerprints;
  Status recipients_ok = ForEachObject(top, "recipients", [&](Fields& f) -> Status {
    ManifestRecipient r;
    TVAULT_TRY(ParseParty(f, r.name, r.fingerprint, r.age_recipient));
    if (r.fingerprint != RecipientFingerprint(r.age_recipient)) {
      return f.Bad("fingerprint", "not the fingerprint of the recipient's age key");
    }
    if (!fingerprints.insert(r.fingerprint).second) {
      return f.Bad("fingerprint", "this recipient appears twice");
    }
    m.recipients.push_back(std::move(r));
    return OkStatus();
  });
  TVAULT_TRY(recipients_ok);
  if (m.recipients.empty() || m.recipients.size() > kMaxRecipients) {
    return top.Bad("recipients", "needs 1 to " + std::to_string(kMaxRecipients) + " recipients");
  }
  TVAULT_ASSIGN_OR_RETURN(m.with_contacts, top.Bool("with_contacts"));
  TVAULT_TRY(ParseRecords(top, m));
  TVAULT_TRY(ParseContactsAndEvidence(top, m));
  if (m.format_version >= kFormatVersion2) {
    TVAULT_TRY(top.FileName("custody", std::string(kCustodyFileName)));
  }
  if (m.format_version >= kFormatVersion3) TVAULT_TRY(ParseTimestampSizes(top, m));
  TVAULT_TRY(top.NoOtherFields());
  return m;
}

void WriteParty(JsonWriter& w, const std::string& name, const Fingerprint& fp) {
  WriteCarriedText(w, "name", name);
  w.Field("fingerprint", FormatFingerprint(fp));
}

// Written with JsonWriter: the bytes nlohmann's dump(2) gave for the same
// document, without building it (a 10,000-record manifest is ~5 MB).
void WriteManifest(JsonWriter& w, const BundleManifest& m) {
  w.BeginObject();
  w.Field("format", kFormatName);
  w.FieldUint("version", static_cast<uint64_t>(m.format_version));
  w.Field("bundle_id", m.bundle_id);
  w.Field("created_at", FormatUtc(m.created_at_unix_s));
  WriteCarriedText(w, "reason", m.reason);
  w.Key("exporter");
  w.BeginObject();
  WriteParty(w, m.exporter.name, m.exporter.fingerprint);
  w.Field("minisign_public_key", minisign::EncodePublicKey(m.exporter.minisign_key));
  w.Field("age_recipient", age::EncodeRecipient(m.exporter.age_recipient));
  w.EndObject();
  w.Key("recipients");
  w.BeginArray();
  for (const ManifestRecipient& r : m.recipients) {
    w.BeginObject();
    WriteParty(w, r.name, r.fingerprint);
    w.Field("age_recipient", age::EncodeRecipient(r.age_recipient));
    w.EndObject();
  }
  w.EndArray();
  w.FieldBool("with_contacts", m.with_contacts);
  w.Key("records");
  w.BeginArray();
  for (const ManifestRecord& r : m.records) {
    w.BeginObject();
    w.Field("id", r.id);
    w.Field("witness", r.witness);
    w.Key("metadata");
    w.BeginObject();
    WriteCarriedText(w, "title", r.metadata.title);
    WriteCarriedText(w, "language", r.metadata.language);
    w.Field("taken_at", r.metadata.taken_at);
    WriteCarriedText(w, "place", r.metadata.place);
    WriteCarriedText(w, "interviewer", r.metadata.interviewer);
    WriteCarriedText(w, "interpreter", r.metadata.interpreter);
    WriteCarriedText(w, "notes", r.metadata.notes);
    w.EndObject();
    w.Key("versions");
    w.BeginArray();
    for (const ManifestVersion& v : r.versions) {
      w.BeginObject();
      w.FieldUint("version", v.version);
      w.Field("file", StatementFileOf(r, v));
      w.FieldUint("size_bytes", v.size_bytes);
      w.Field("sha256", crypto::HexEncode(v.sha256));
      w.Field("created_at", FormatUtc(v.created_at_unix_s));
      WriteCarriedText(w, "reason", v.reason);
      w.EndObject();
    }
    w.EndArray();
    if (r.redaction) {
      w.Key("redaction");
      w.BeginObject();
      w.Field("id", r.redaction->id);
      w.Field("file", RedactionProofMemberName(r.redaction->id));
      w.FieldUint("size_bytes", r.redaction->size_bytes);
      w.Field("sha256", crypto::HexEncode(r.redaction->sha256));
      w.EndObject();
    }
    if (m.format_version == kFormatVersion1) w.Field("custody", CustodyMemberName(r.id));
    if (r.provenance) {
      w.Key("provenance");
      w.BeginObject();
      w.Field("bundle_id", r.provenance->bundle_id);
      w.Field("signer", minisign::EncodePublicKey(r.provenance->signer));
      w.Field("origin_record", r.provenance->origin_record);
      w.EndObject();
    }
    w.EndObject();
  }
  w.EndArray();
  w.Key("contacts");
  w.BeginArray();
  for (const ManifestContact& c : m.contacts) {
    w.BeginObject();
    w.Field("witness", c.witness);
    w.Field("file", ContactsMemberName(c.witness));
    w.EndObject();
  }
  w.EndArray();
  w.Key("evidence");
  w.BeginArray();
  for (const ManifestEvidence& e : m.evidence) {
    w.BeginObject();
    w.Field("id", e.id);
    w.Field("testimony", e.testimony);
    w.Field("file", EvidenceMemberName(e.id, m.format_version, e.media_type));
    w.FieldUint("size_bytes", e.size_bytes);
    w.Field("sha256", crypto::HexEncode(e.sha256));
    WriteCarriedText(w, "media_type", e.media_type);
    WriteCarriedText(w, "description", e.description);
    w.EndObject();
  }
  w.EndArray();
  if (m.format_version >= kFormatVersion2) w.Field("custody", kCustodyFileName);
  if (m.format_version >= kFormatVersion3) {
    w.Key("timestamps");
    w.BeginArray();
    for (uint64_t n : m.timestamps) w.Uint(n);
    w.EndArray();
  }
  w.EndObject();
}

Error Mismatch(std::string why) {
  return MakeError(ErrorCode::kIntegrity, "manifest.json does not match the bundle: " + std::move(why));
}

}  // namespace

bool SameMinisignKey(const minisign::PublicKey& a, const minisign::PublicKey& b) {
  return a.key_id == b.key_id && a.ed25519 == b.ed25519;
}

bool operator==(const ManifestExporter& a, const ManifestExporter& b) {
  return a.name == b.name && a.fingerprint == b.fingerprint &&
         SameMinisignKey(a.minisign_key, b.minisign_key) && a.age_recipient == b.age_recipient;
}

bool operator==(const ManifestProvenance& a, const ManifestProvenance& b) {
  return a.bundle_id == b.bundle_id && SameMinisignKey(a.signer, b.signer) &&
         a.origin_record == b.origin_record;
}

Result<BundleManifest> ParseManifest(std::span<const uint8_t> bytes) {
  if (bytes.size() > kMaxManifestBytes) return ManifestError("", "larger than its cap");
  try {
    JsonReader reader(kMaxJsonDepth);
    JsonRefusal why;
    std::optional<dom::element> root = reader.Parse(bytes, why);
    if (!root) return ManifestError("", JsonRefusalText(why));
    return ParseManifestObject(*root);
  } catch (const std::exception&) {
    // Only an allocation failure throws here; it may not cross the
    // library boundary.
    return ManifestError("", "cannot be parsed (out of memory)");
  }
}

Result<PlainString> WriteManifestText(const BundleManifest& manifest) {
  PlainString text;
  JsonWriter w(text);
  WriteManifest(w, manifest);
  if (w.replaced()) {
    return MakeError(ErrorCode::kInvalidArgument, "manifest: a text field is not UTF-8");
  }
  text.push_back('\n');
  return text;
}

Status CheckManifestText(std::span<const uint8_t> text, const BundleManifest& manifest) {
  auto parsed = ParseManifest(text);
  if (!parsed.ok()) return MakeError(ErrorCode::kInvalidArgument, parsed.error().message);
  if (!(*parsed == manifest)) {
    return MakeError(ErrorCode::kInvalidArgument, "manifest: a field cannot be written as given");
  }
  return OkStatus();
}

Result<std::string> SerializeManifest(const BundleManifest& manifest) {
  TVAULT_ASSIGN_OR_RETURN(PlainString text, WriteManifestText(manifest));
  // What we write must be exactly what we read back.
  TVAULT_TRY(CheckManifestText(AsBytes(text), manifest));
  return std::string(text.data(), text.size());
}

std::string StatementFileOf(const ManifestRecord& r, const ManifestVersion& v) {
  if (r.redaction) return RedactedStatementMemberName(r.id, v.version);
  return StatementMemberName(r.id, v.version, v.text);
}

std::vector<ManifestFile> FilesNamedBy(const BundleManifest& m) {
  std::vector<ManifestFile> files;
  for (const ManifestRecord& r : m.records) {
    for (const ManifestVersion& v : r.versions) {
      files.push_back({StatementFileOf(r, v), v.size_bytes, v.sha256});
    }
    if (r.redaction) {
      files.push_back({RedactionProofMemberName(r.redaction->id), r.redaction->size_bytes,
                       r.redaction->sha256});
    }
    if (m.format_version == kFormatVersion1) {
      files.push_back({CustodyMemberName(r.id), std::nullopt, std::nullopt});
    }
  }
  if (m.format_version >= kFormatVersion2) {
    files.push_back({std::string(kCustodyFileName), std::nullopt, std::nullopt});
  }
  for (uint64_t n : m.timestamps) {
    files.push_back({StampedCheckpointMemberName(n), std::nullopt, std::nullopt});
    files.push_back({TimestampResponseMemberName(n), std::nullopt, std::nullopt});
  }
  for (const ManifestContact& c : m.contacts) {
    files.push_back({ContactsMemberName(c.witness), std::nullopt, std::nullopt});
  }
  for (const ManifestEvidence& e : m.evidence) {
    files.push_back({EvidenceMemberName(e.id, m.format_version, e.media_type), e.size_bytes,
                     e.sha256});
  }
  return files;
}

std::size_t CountTextNotUtf8(const BundleManifest& m) {
  std::size_t n = 0;
  auto count = [&n](const std::string& text) { n += IsUtf8Text(text) ? 0 : 1; };
  count(m.reason);
  count(m.exporter.name);
  for (const ManifestRecipient& r : m.recipients) count(r.name);
  for (const ManifestRecord& r : m.records) {
    const ManifestMetadata& md = r.metadata;
    for (const std::string* text : {&md.title, &md.language, &md.place, &md.interviewer,
                                    &md.interpreter, &md.notes}) {
      count(*text);
    }
    for (const ManifestVersion& v : r.versions) count(v.reason);
  }
  for (const ManifestEvidence& e : m.evidence) {
    count(e.media_type);
    count(e.description);
  }
  return n;
}

Status CheckManifestAgainstBundle(const BundleManifest& m, const TrustedComment& comment,
                                  const minisign::PublicKey& signer,
                                  std::span<const MemberDigest> members) {
  if (m.format_version != comment.format_version) {
    return Mismatch("the manifest and the signed comment disagree on the format version");
  }
  if (m.bundle_id != comment.bundle_id) {
    return Mismatch("it is bundle " + m.bundle_id + ", the signature is for " + comment.bundle_id);
  }
  std::vector<Fingerprint> recipients;
  for (const ManifestRecipient& r : m.recipients) recipients.push_back(r.fingerprint);
  if (recipients != comment.recipients) {
    return Mismatch("its recipients are not the ones the signature names");
  }
  if (m.created_at_unix_s != comment.created_at_unix_s) {
    return Mismatch("its creation time is not the one the signature names");
  }
  if (!SameMinisignKey(m.exporter.minisign_key, signer)) {
    return Mismatch("its exporter key is not the key that signed");
  }

  std::map<std::string_view, const MemberDigest*> present;
  for (const MemberDigest& d : members) present.emplace(d.name, &d);
  std::set<std::string> accounted = {std::string(kManifestName), std::string(kHowToVerifyName),
                                     std::string(kSumsName), std::string(kSumsSignatureName)};
  for (std::string_view required : {kManifestName, kHowToVerifyName}) {
    if (present.count(required) == 0) return Mismatch(std::string(required) + " is missing");
  }
  for (const ManifestFile& f : FilesNamedBy(m)) {
    auto it = present.find(f.name);
    if (it == present.end()) return Mismatch(f.name + " is missing");
    if (f.size_bytes && *f.size_bytes != it->second->size_bytes) {
      return Mismatch(f.name + " has " + std::to_string(it->second->size_bytes) +
                      " bytes, the manifest says " + std::to_string(*f.size_bytes));
    }
    if (f.sha256 && *f.sha256 != it->second->sha256) {
      return Mismatch(f.name + " does not have the SHA-256 the manifest gives");
    }
    accounted.insert(f.name);
  }
  for (const MemberDigest& d : members) {
    if (accounted.count(d.name) == 0) {
      return Mismatch("member \"" + EscapeForTerminal(d.name) + "\" is not named by the manifest");
    }
  }
  return OkStatus();
}

}  // namespace tvault::bundle
