// Vault::Export: records -> signed, sealed bundle (docs/bundle-format.md).
//
// Memory stays bounded: statements stream from SQLite through incremental
// decryption into the tar writer and the age encryptor; only the manifest,
// custody excerpts and contact files (small, capped) are held whole. The
// bundle is written under a temporary name and appears only when complete
// and logged; on any failure the temporary is removed (it holds only
// age-encrypted bytes anyway).
#include <array>
#include <map>
#include <set>
#include <span>
#include <unordered_set>
#include <utility>

#include "binding/case_rows.h"
#include "binding/consent_rows.h"
#include "binding/audit_timestamps.h"
#include "binding/custody.h"
#include "binding/journal.h"
#include "binding/testimony_files.h"
#include "binding/text_intake.h"
#include "age/age.h"
#include "bundle/bundle_format.h"
#include "bundle/bundle_io.h"
#include "bundle/carried_text.h"
#include "bundle/custody_file.h"
#include "crypto/encoding.h"
#include "binding/evidence.h"
#include "identity/custodian_keys.h"
#include "identity/fingerprint.h"
#include "binding/identity_store.h"
#include "binding/peer_store.h"
#include "binding/redaction_rows.h"
#include "binding/testimony_rows.h"
#include "binding/witness_rows.h"
#include "util/byte_io.h"
#include "util/json_writer.h"
#include "util/utf8.h"
#include "util/worker.h"

// The SHA-256 of tools/verify_redaction.py, which HOW_TO_VERIFY.txt of a
// bundle with redacted records names (vault/CMakeLists.txt computes it).
#ifndef TVAULT_VERIFIER_SHA256
#error "TVAULT_VERIFIER_SHA256 must be defined by the build"
#endif

namespace tvault {
namespace {

constexpr const char* kVerifierSha256 = TVAULT_VERIFIER_SHA256;

std::string Str(const PlainString& s) { return std::string(s.data(), s.size()); }

class HashingSink final : public ByteSink {
 public:
  explicit HashingSink(ByteSink& inner) : inner_(inner) {}
  Status Write(std::span<const uint8_t> bytes) override {
    sha_.Update(bytes);
    return inner_.Write(bytes);
  }
  Sha256Bytes Finish() { return sha_.Finish(); }

 private:
  ByteSink& inner_;
  crypto::Sha256Hasher sha_;
};

struct Recipient {
  PlainString name;
  std::string age_recipient;
  age::X25519Public key{};
  Fingerprint fingerprint{};
};

Result<std::vector<Recipient>> ResolveRecipients(Vault::Impl& v,
                                                 const std::vector<PlainString>& names) {
  if (names.empty()) {
    return MakeError(ErrorCode::kInvalidArgument, "export needs at least one recipient",
                     ErrorDetail::kNoRecipients);
  }
  TVAULT_ASSIGN_OR_RETURN(std::vector<StoredPeer> peers, ReadPeers(v));
  std::vector<Recipient> out;
  for (const PlainString& name : names) {
    auto lookup = FindPeer(peers, name);
    if (!lookup.ok()) {
      Error e = lookup.take_error();
      if (e.detail == ErrorDetail::kNoSuchPeer) e.detail = ErrorDetail::kUnknownRecipient;
      return e;
    }
    const StoredPeer* found = *lookup;
    if (found->peer.age_recipient.empty()) {
      return MakeError(ErrorCode::kInvalidArgument,
                       "a recipient peer has no age recipient",
                       ErrorDetail::kRecipientWithoutAgeKey);
    }
    Recipient r;
    r.name = found->peer.name;
    r.age_recipient = found->peer.age_recipient;
    TVAULT_ASSIGN_OR_RETURN(r.key, age::ParseRecipient(found->peer.age_recipient));
    r.fingerprint = RecipientFingerprint(r.key);
    for (const Recipient& seen : out)
      if (seen.fingerprint == r.fingerprint) {
        return MakeError(ErrorCode::kInvalidArgument, "the same recipient is named twice");
      }
    out.push_back(std::move(r));
  }
  return out;
}

// Every testimony assigned to the case, in id order.
Result<std::vector<TestimonyHead>> CaseRecords(Vault::Impl& v, const ExportRequest& req) {
  if (req.all || !req.testimonies.empty()) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "a case export takes every testimony of the case: it excludes naming "
                     "testimonies and exporting all records");
  }
  TVAULT_ASSIGN_OR_RETURN(std::string case_id, NormalizeCaseId(req.case_id));
  TVAULT_TRY(RequireCase(v, case_id));
  TVAULT_ASSIGN_OR_RETURN(std::vector<std::string> ids, CaseMembers(v, case_id, 'T'));
  if (ids.empty()) {
    return MakeError(ErrorCode::kFailedPrecondition,
                     "case " + case_id + " has no testimony to export; assign some first "
                     "(tvault case assign " + case_id + " T-...)");
  }
  std::vector<TestimonyHead> heads;
  for (const std::string& id : ids) {
    TVAULT_ASSIGN_OR_RETURN(TestimonyHead head, LoadTestimonyHead(v, id));
    heads.push_back(std::move(head));
  }
  return heads;
}

// The redactions the request names, each loaded once.
Result<std::vector<RedactionSummary>> LoadNamedRedactions(Vault::Impl& v,
                                                          const ExportRequest& req) {
  std::vector<RedactionSummary> out;
  for (const std::string& raw : req.redactions) {
    TVAULT_ASSIGN_OR_RETURN(RedactionSummary r, LoadRedaction(v, raw));
    out.push_back(std::move(r));
  }
  return out;
}

// The records to export, in bundle order. --all reads every head in one
// scan (a lookup per record costs a statement per record). With no
// testimony named, the `named` redactions choose them (section 7.7).
Result<std::vector<TestimonyHead>> ResolveRecords(Vault::Impl& v, const ExportRequest& req,
                                                  std::span<const RedactionSummary> named) {
  if (!req.case_id.empty()) return CaseRecords(v, req);
  std::vector<TestimonyHead> heads;
  if (req.all) {
    if (!req.testimonies.empty()) {
      return MakeError(ErrorCode::kInvalidArgument,
                       "exporting all records and naming testimonies exclude each other",
                       ErrorDetail::kAllWithTestimonies);
    }
    TVAULT_ASSIGN_OR_RETURN(
        storage::Statement st,
        v.db.Prepare("SELECT id, witness_id, created_at, versions FROM testimonies "
                     "ORDER BY created_at, id"));
    for (;;) {
      TVAULT_ASSIGN_OR_RETURN(bool row, st.Step());
      if (!row) break;
      TVAULT_ASSIGN_OR_RETURN(TestimonyHead head,
                              TestimonyHeadOf(st.ColumnText(0), st.ColumnText(1),
                                              st.ColumnInt(2), st.ColumnInt(3)));
      heads.push_back(std::move(head));
    }
    if (heads.empty()) {
      return MakeError(ErrorCode::kNotFound, "the vault holds no testimony to export");
    }
    return heads;
  }
  if (req.testimonies.empty() && req.redactions.empty()) {
    return MakeError(ErrorCode::kInvalidArgument, "name the testimonies to export, or all records",
                     ErrorDetail::kNoRecordsChosen);
  }
  std::set<std::string> seen;
  for (const std::string& raw : req.testimonies) {
    TVAULT_ASSIGN_OR_RETURN(std::string id, NormalizeRecordId(raw));
    if (id[0] != 'T') {
      return MakeError(ErrorCode::kInvalidArgument, "only testimonies (T- ids) are exported",
                       ErrorDetail::kNotATestimonyId);
    }
    if (!seen.insert(id).second) continue;
    TVAULT_ASSIGN_OR_RETURN(TestimonyHead head, LoadTestimonyHead(v, id));
    heads.push_back(std::move(head));
  }
  if (req.testimonies.empty()) {
    for (const RedactionSummary& r : named) {
      if (!seen.insert(r.testimony_id).second) continue;
      TVAULT_ASSIGN_OR_RETURN(TestimonyHead head, LoadTestimonyHead(v, r.testimony_id));
      heads.push_back(std::move(head));
    }
  }
  return heads;
}

// "T-1, T-2" for a message.
std::string IdList(const std::vector<std::string>& ids) {
  std::string out;
  for (const std::string& id : ids) out += (out.empty() ? "" : ", ") + id;
  return out;
}

// A redacted record and a plain one of the same witness carry the same
// witness pseudonym, so the plain one's metadata would name whom the
// redaction hides: such a bundle is refused (docs/bundle-format.md 7.7).
Status RefuseLinkedByWitness(const std::vector<TestimonyHead>& heads,
                             const std::map<std::string, std::string>& redacted) {
  std::set<std::string> hidden_witnesses;
  for (const TestimonyHead& h : heads)
    if (redacted.count(h.id) != 0) hidden_witnesses.insert(h.witness_id);
  std::vector<std::string> plain;
  for (const TestimonyHead& h : heads) {
    if (redacted.count(h.id) == 0 && hidden_witnesses.count(h.witness_id) != 0) {
      plain.push_back(h.id);
    }
  }
  if (plain.empty()) return OkStatus();
  return MakeError(ErrorCode::kFailedPrecondition,
                   "export refused: " + IdList(plain) +
                       " would go out whole beside a redacted testimony of the same witness, "
                       "whose pseudonym would tie the two; send them redacted too, or in "
                       "another bundle. Nothing was written");
}

// Which records go out redacted, and through which redaction (section 7.7):
// testimony id -> R- id. Every named redaction must be of a chosen record,
// one per record; with `redacted`, every record needs one.
Result<std::map<std::string, std::string>> ResolveRedactions(
    Vault::Impl& v, const ExportRequest& req, const std::vector<TestimonyHead>& heads,
    std::span<const RedactionSummary> named) {
  std::map<std::string, std::string> out;
  std::set<std::string> chosen;
  for (const TestimonyHead& h : heads) chosen.insert(h.id);
  for (const RedactionSummary& r : named) {
    if (chosen.count(r.testimony_id) == 0) {
      return MakeError(ErrorCode::kInvalidArgument,
                       "redaction " + r.id + " is of " + r.testimony_id +
                           ", which this export does not include");
    }
    auto [it, fresh] = out.emplace(r.testimony_id, r.id);
    if (!fresh && it->second != r.id) {
      return MakeError(ErrorCode::kInvalidArgument,
                       "redactions " + it->second + " and " + r.id + " are both of " +
                           r.testimony_id + "; a bundle carries one per testimony");
    }
  }
  if (!req.redacted) {
    TVAULT_TRY(RefuseLinkedByWitness(heads, out));
    return out;
  }
  std::vector<std::string> without;
  for (const TestimonyHead& h : heads) {
    if (out.count(h.id) != 0) continue;
    TVAULT_ASSIGN_OR_RETURN(std::optional<std::string> newest, NewestRedactionOf(v, h.id));
    if (newest) {
      out.emplace(h.id, *newest);
    } else {
      without.push_back(h.id);
    }
  }
  if (!without.empty()) {
    return MakeError(ErrorCode::kFailedPrecondition,
                     "export refused: every testimony is to go out redacted, but " +
                         std::to_string(without.size()) + " have no redaction (" +
                         IdList(without) +
                         "): redact them first, or leave them out. Nothing was written");
  }
  return out;
}

// The testimonies that have evidence: ListEvidenceOf runs for those only.
Result<std::unordered_set<std::string>> TestimoniesWithEvidence(Vault::Impl& v) {
  TVAULT_ASSIGN_OR_RETURN(storage::Statement st,
                          v.db.Prepare("SELECT DISTINCT testimony_id FROM evidence"));
  std::unordered_set<std::string> out;
  for (;;) {
    TVAULT_ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) break;
    out.insert(st.ColumnText(0));
  }
  return out;
}

// The contact file of a witness (read back by import's ParseContact). Text
// that is not UTF-8 is carried as in the manifest (docs/bundle-format.md,
// section 3.1); an alias's exact bytes go to the parallel "aliases_bytes".
PlainString ContactJson(const std::string& witness_id, const WitnessDetails& d) {
  auto str = [](const PlainString& p) { return std::string_view(p.data(), p.size()); };
  PlainString out;
  JsonWriter w(out);
  w.BeginObject();
  w.Field("witness", witness_id);
  bundle::WriteCarriedText(w, "name", str(d.name));
  w.Key("aliases");
  w.BeginArray();
  bool aliases_utf8 = true;
  for (const PlainString& a : d.aliases) {
    const PlainString shown = bundle::EscapeNotUtf8(str(a));
    w.String(str(shown));
    aliases_utf8 = aliases_utf8 && bundle::IsUtf8Text(str(a));
  }
  w.EndArray();
  if (!aliases_utf8) {
    w.Key("aliases_bytes");
    w.BeginArray();
    for (const PlainString& a : d.aliases) {
      w.String(bundle::IsUtf8Text(str(a)) ? std::string()
                                          : crypto::Base64Encode(AsBytes(a),
                                                                 crypto::Base64Variant::kPadded));
    }
    w.EndArray();
  }
  bundle::WriteCarriedText(w, "phone", str(d.phone));
  bundle::WriteCarriedText(w, "email", str(d.email));
  bundle::WriteCarriedText(w, "address", str(d.address));
  bundle::WriteCarriedText(w, "relatives", str(d.relatives));
  bundle::WriteCarriedText(w, "notes", str(d.notes));
  w.EndObject();
  out.push_back('\n');
  return out;
}

// What the writing pass needs. Record keys are not kept between the passes
// (every key of the export would sit in memory at once); the wrapped keys
// (ciphertext) and body rows are, so the second pass runs no query.
// A record sent through a redaction (section 7.7): what its members hold.
struct RedactedCopy {
  std::string redaction_id;
  uint32_t version = 0;
  PlainString text;  // the redacted text
  PlainBytes proof;
};

struct ExportedRecord {
  std::string id;
  std::optional<RedactedCopy> redacted;
  std::vector<StatementReader::Known> versions;
  std::vector<bool> text;  // per version: carried as ".txt" (format 2)
  std::size_t evidence_begin = 0, evidence_end = 0;      // its range of manifest.evidence
  CustodyReport custody;  // what the first pass read for the custody excerpt (no keys)
};

// Everything the writing pass needs, learnt by the first: the manifest
// (its records are handed to the writer early), the records in bundle
// order, and who signs for whom.
struct ExportPlan {
  std::vector<Recipient> recipients;
  minisign::PublicKey signer;
  int64_t now = 0;
  bundle::BundleManifest manifest;
  std::vector<ExportedRecord> records;
  std::unordered_set<std::string> record_ids;
  std::size_t versions = 0;
  // What --override-consent exported without consent (docs/format.md 4.9).
  ConsentRefusals overridden;
  // Testimony id -> the redaction it goes out through (section 7.7).
  std::map<std::string, std::string> redaction_of;
  // Version 3 (section 8.5): the tokens carried, by increasing size, and
  // how many covering tokens the format asked for could not carry.
  std::vector<StoredStamp> stamps;
  std::size_t stamps_left_out = 0;
};

Status CheckRequest(const ExportRequest& req) {
  if (req.reason.empty()) {
    return MakeError(ErrorCode::kInvalidArgument, "export needs a reason",
                     ErrorDetail::kReasonMissing);
  }
  TVAULT_TRY(RequireText("the export reason", req.reason));
  for (const PlainString& name : req.to) TVAULT_TRY(RequireText("a recipient name", name));
  if (req.out.empty()) {
    return MakeError(ErrorCode::kInvalidArgument, "export needs an output file",
                     ErrorDetail::kOutMissing);
  }
  if (req.bundle_format != 0 && !bundle::IsKnownFormatVersion(req.bundle_format)) {
    return MakeError(ErrorCode::kInvalidArgument, "bundle formats are 1, 2 and 3");
  }
  const bool redacting = req.redacted || !req.redactions.empty();
  if (redacting && req.bundle_format == bundle::kFormatVersion1) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "redacted records need bundle format 2 (format 1 cannot carry them)");
  }
  if (redacting && req.with_contacts) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "a redacted export cannot carry contact details: they would name whom the "
                     "redaction hides");
  }
  if (!req.purpose) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "export needs a purpose (court, ngo, press, public or research): the "
                     "witnesses' consent is checked against it");
  }
  return OkStatus();
}

// Every record's consent in effect must cover the purpose and every
// recipient; with override_consent the ones that do not are kept for the
// export.override_consent event.
Status CheckConsent(Vault::Impl& v, const ExportRequest& req,
                    const std::vector<TestimonyHead>& heads, ExportPlan& plan) {
  std::vector<std::pair<std::string, std::string>> records;
  for (const TestimonyHead& h : heads) records.emplace_back(h.id, h.witness_id);
  std::vector<ConsentRecipient> to;
  for (const Recipient& r : plan.recipients) to.push_back({r.name, r.age_recipient});
  TVAULT_ASSIGN_OR_RETURN(plan.overridden, JudgeExport(v, records, *req.purpose, to));
  if (plan.overridden.ids.empty() || req.override_consent) return OkStatus();
  return MakeError(ErrorCode::kFailedPrecondition,
                   "export refused: consent does not cover purpose " +
                       ConsentScopeNames(static_cast<ConsentScopes>(*req.purpose))[0] + " for " +
                       std::to_string(plan.overridden.ids.size()) + " of " +
                       std::to_string(heads.size()) + " testimonies: " + plan.overridden.listing +
                       ". Nothing was written",
                   ErrorDetail::kConsentRefused);
}

// The manifest's header: who exports, why, to whom.
bundle::BundleManifest ManifestHeader(const Vault::Impl& v, const ExportRequest& req,
                                      const CustodianPublic& me, const ExportPlan& plan) {
  bundle::BundleManifest m;
  m.bundle_id = NewRecordId(IdKind::kBundle);
  m.created_at_unix_s = plan.now;
  m.reason = Str(req.reason);
  m.exporter = bundle::ManifestExporter{Str(me.name), v.fingerprint, plan.signer, me.box_public};
  for (const Recipient& r : plan.recipients) {
    m.recipients.push_back(bundle::ManifestRecipient{Str(r.name), r.fingerprint, r.key});
  }
  m.with_contacts = req.with_contacts;
  // Automatic: 2 until the stamps are known (ChooseStamps); 3 is 2 plus them.
  m.format_version = req.bundle_format == 0 ? bundle::kFormatVersion2 : req.bundle_format;
  return m;
}

// Whether a statement is well-formed UTF-8 (format 2 names it ".txt",
// docs/bundle-format.md section 7.1): its bytes, decrypted and
// authenticated chunk by chunk, read once. A sequence cut by a chunk's end
// is carried into the next chunk.
Result<bool> StatementIsText(Vault::Impl& v, const std::string& id,
                             const StatementReader::Known& known) {
  TVAULT_ASSIGN_OR_RETURN(
      std::unique_ptr<StatementReader> reader,
      StatementReader::OpenKnown(v, id, known, StatementReader::Sha256Check::kByCaller));
  PlainBytes buffer(64u << 10);
  std::size_t carried = 0;
  for (;;) {
    TVAULT_ASSIGN_OR_RETURN(std::size_t n,
                            reader->Read(std::span(buffer).subspan(carried)));
    const bool last = n == 0;
    const std::size_t size = carried + n;
    const std::string_view s(reinterpret_cast<const char*>(buffer.data()), size);
    std::size_t i = 0;
    uint32_t cp = 0;
    while (i < size) {
      const std::size_t len = DecodeUtf8(s, i, cp);
      if (len == 0) break;
      i += len;
    }
    if (i < size && (last || size - i >= 4)) return false;  // not a cut sequence
    if (last) return true;
    std::copy(buffer.begin() + static_cast<std::ptrdiff_t>(i),
              buffer.begin() + static_cast<std::ptrdiff_t>(size), buffer.begin());
    carried = size - i;
  }
}

// One record: every version opened (authenticated) now, before anything
// is written; its manifest entry and evidence appended to `m`.
// Without `escape`, text that is not UTF-8 fails the export (kStoredTextNotUtf8);
// with it, the manifest carries it losslessly (docs/bundle-format.md, 3.1).
Result<ExportedRecord> ReadRecord(Vault::Impl& v, const TestimonyHead& head, bool has_evidence,
                                  bool escape, bundle::BundleManifest& m) {
  const std::string& id = head.id;
  ExportedRecord rec;
  rec.id = id;
  rec.custody.id = id;
  rec.custody.witness_id = head.witness_id;
  bundle::ManifestRecord mr;
  mr.id = id;
  mr.witness = head.witness_id;
  for (uint32_t n = 1; n <= head.versions; ++n) {
    TVAULT_ASSIGN_OR_RETURN(OpenedVersion o, OpenTestimonyVersion(v, id, n));
    mr.versions.push_back(bundle::ManifestVersion{n, o.info.size_bytes, o.info.sha256,
                                                  o.info.created_at_unix_s, Str(o.info.reason)});
    if (m.format_version >= bundle::kFormatVersion2) {
      TVAULT_ASSIGN_OR_RETURN(mr.versions.back().text,
                              StatementIsText(v, id, StatementReader::Known::Of(o)));
    }
    rec.text.push_back(mr.versions.back().text);
    if (n == head.versions) {
      TestimonyMetadata md = MetadataFromFields(o.meta);
      // A file's name can name the witness ("Ablimit_phone_Urumqi.txt"), so
      // neither it nor the title made from it leaves the vault.
      if (!md.file_name.empty() && md.title == TitleFromFileName(md.file_name)) md.title.clear();
      mr.metadata = bundle::ManifestMetadata{Str(md.title), Str(md.language), Str(md.taken_at),
                                             Str(md.place), Str(md.interviewer),
                                             Str(md.interpreter), Str(md.notes)};
    }
    rec.custody.versions.push_back(CustodyVersionOf(n, o));
    if (n == 1) {
      Provenance p = ProvenanceFromFields(o.meta);
      rec.custody.provenance = p;
      if (!p.bundle_id.empty()) {
        TVAULT_ASSIGN_OR_RETURN(minisign::PublicKey signer, minisign::ParsePublicKey(p.signer));
        mr.provenance = bundle::ManifestProvenance{p.bundle_id, signer, p.origin_record};
      }
    }
    rec.versions.push_back(StatementReader::Known::Of(o));
  }
  // Evidence files travel with their testimony (section 2: evidence/<E-id>).
  std::vector<EvidenceInfo> evidence;
  if (has_evidence) {
    TVAULT_ASSIGN_OR_RETURN(evidence, ListEvidenceOf(v, id));
  }
  rec.evidence_begin = m.evidence.size();
  rec.evidence_end = rec.evidence_begin + evidence.size();
  for (const EvidenceInfo& e : evidence) {
    m.evidence.push_back(bundle::ManifestEvidence{e.id, id, e.size_bytes, e.sha256,
                                                  Str(e.media_type), Str(e.description)});
    if (!escape) TVAULT_TRY(RequireExportableText(m.evidence.back()));
  }
  if (!escape) TVAULT_TRY(RequireExportableText(mr));
  m.records.push_back(std::move(mr));
  return rec;
}

// A record sent through redaction `redaction_id` (section 7.7): only the
// redacted version and its proof; of the metadata only the language and
// the date (any other field may name whom the redaction hides); no
// evidence; no statement salt in the custody.
Result<ExportedRecord> ReadRedactedRecord(Vault::Impl& v, const TestimonyHead& head,
                                          const std::string& redaction_id, bool escape,
                                          bundle::BundleManifest& m) {
  OpenedVersion o;  // the version the redaction was made of
  TVAULT_ASSIGN_OR_RETURN(RedactionProofBundle p, RedactionProofOf(v, redaction_id, &o));
  const uint32_t n = p.summary.version;
  ExportedRecord rec;
  rec.id = head.id;
  rec.custody.id = head.id;
  rec.custody.witness_id = head.witness_id;
  bundle::ManifestRecord mr;
  mr.id = head.id;
  mr.witness = head.witness_id;
  const TestimonyMetadata md = MetadataFromFields(o.meta);
  mr.metadata.language = Str(md.language);
  mr.metadata.taken_at = Str(md.taken_at);
  bundle::ManifestVersion mv;
  mv.version = n;
  mv.size_bytes = p.redacted_text.size();
  mv.sha256 = crypto::Sha256(AsBytes(p.redacted_text));
  mv.created_at_unix_s = o.info.created_at_unix_s;
  mv.text = true;
  mr.versions.push_back(mv);
  mr.redaction = bundle::ManifestRedaction{p.summary.id, p.proof.size(),
                                           crypto::Sha256(p.proof)};
  // No provenance either: the original sender's key says who collected the
  // statement, and the origin ids tie this text to the full one.
  if (!escape) TVAULT_TRY(RequireExportableText(mr));
  m.records.push_back(std::move(mr));
  rec.redacted = RedactedCopy{p.summary.id, n, std::move(p.redacted_text), std::move(p.proof)};
  return rec;
}

// Pass 1: every record read in bundle order; contacts named if asked.
Status ReadRecords(Vault::Impl& v, const std::vector<TestimonyHead>& heads,
                   const std::unordered_set<std::string>& with_evidence, bool escape,
                   ExportPlan& plan) {
  plan.records.reserve(heads.size());
  plan.manifest.records.reserve(heads.size());
  std::set<std::string> witnesses;
  for (const TestimonyHead& head : heads) {
    auto redaction = plan.redaction_of.find(head.id);
    Result<ExportedRecord> read =
        redaction != plan.redaction_of.end()
            ? ReadRedactedRecord(v, head, redaction->second, escape, plan.manifest)
            : ReadRecord(v, head, with_evidence.count(head.id) != 0, escape, plan.manifest);
    TVAULT_ASSIGN_OR_RETURN(ExportedRecord rec, std::move(read));
    plan.versions += rec.redacted ? 1 : rec.versions.size();
    plan.record_ids.insert(head.id);
    witnesses.insert(head.witness_id);
    plan.records.push_back(std::move(rec));
  }
  if (plan.manifest.with_contacts) {
    for (const std::string& w : witnesses) plan.manifest.contacts.push_back(bundle::ManifestContact{w});
  }
  return OkStatus();
}

// What is exported, by whom, to whom; then pass 1.
Result<ExportPlan> PlanExport(Vault::Impl& v, const ExportRequest& req) {
  ExportPlan plan;
  TVAULT_ASSIGN_OR_RETURN(plan.recipients, ResolveRecipients(v, req.to));
  TVAULT_ASSIGN_OR_RETURN(std::vector<RedactionSummary> named, LoadNamedRedactions(v, req));
  TVAULT_ASSIGN_OR_RETURN(std::vector<TestimonyHead> heads, ResolveRecords(v, req, named));
  TVAULT_ASSIGN_OR_RETURN(plan.redaction_of, ResolveRedactions(v, req, heads, named));
  TVAULT_TRY(CheckConsent(v, req, heads, plan));
  TVAULT_ASSIGN_OR_RETURN(std::unordered_set<std::string> with_evidence,
                          TestimoniesWithEvidence(v));
  TVAULT_ASSIGN_OR_RETURN(CustodianPublic me, LoadCustodianPublic(v));
  if (v.signing_key.empty()) {
    TVAULT_ASSIGN_OR_RETURN(v.signing_key, LoadSigningSecret(v));
  }
  plan.signer = MinisignKeyFor(me.sign_public);
  plan.now = v.Now();
  plan.manifest = ManifestHeader(v, req, me, plan);
  if (!req.escape_invalid_text) TVAULT_TRY(RequireExportableText(plan.manifest.exporter));
  TVAULT_TRY(ReadRecords(v, heads, with_evidence, req.escape_invalid_text, plan));
  return plan;
}

// Opens the bundle and writes what precedes the records: the manifest and
// HOW_TO_VERIFY.txt.
Result<bundle::BundleWriter> BeginBundle(const ExportRequest& req, ExportPlan& plan,
                                         ByteSink& out) {
  std::vector<age::X25519Public> keys;
  for (const Recipient& r : plan.recipients) keys.push_back(r.key);
  TVAULT_ASSIGN_OR_RETURN(bundle::BundleWriter writer,
                          bundle::BundleWriter::Begin(keys, out, plan.now));
  TVAULT_TRY(writer.AddManifest(plan.manifest));
  // The writer keeps its own copy; the records are the bulk of it, and
  // nothing below needs them.
  std::vector<bundle::ManifestRecord>().swap(plan.manifest.records);
  TVAULT_ASSIGN_OR_RETURN(std::string how,
                          bundle::RenderHowToVerify(bundle::HowToVerifyInputs{
                              plan.manifest.bundle_id, plan.signer,
                              // A redacted bundle does not repeat the file's name, which
                              // may name the witness.
                              plan.redaction_of.empty() ? req.out.filename().string()
                                                        : std::string("bundle.tvb"),
                              "key.txt",
                              plan.manifest.format_version, !plan.redaction_of.empty(),
                              kVerifierSha256, plan.manifest.timestamps}));
  TVAULT_TRY(writer.AddMember("HOW_TO_VERIFY.txt", AsSpan(how)));
  return writer;
}

// Custody excerpts need the log snapshot, not the database: they are built
// on a Worker, one batch of records ahead of the statements (two batches
// in memory at most).
class CustodyAhead {
 public:
  CustodyAhead(const Vault::Impl& v, const LogSnapshot& snap, std::vector<ExportedRecord>& records)
      : v_(v), snap_(snap), records_(records) {
    Start(0);
  }

  // The excerpt of records[index], for indexes in order.
  Result<PlainString*> For(std::size_t index) {
    const std::size_t slot = (index / kBatch) % 2;
    if (index % kBatch == 0) {
      TVAULT_TRY(worker_.WaitFor(tickets_[slot]));
      if (index + kBatch < records_.size()) Start(index + kBatch);
    }
    return &batches_[slot][index % kBatch];
  }

 private:
  static constexpr std::size_t kBatch = 256;

  void Start(std::size_t begin) {
    const std::size_t slot = (begin / kBatch) % 2;
    const std::size_t end = std::min(records_.size(), begin + kBatch);
    tickets_[slot] = worker_.Submit([this, slot, begin, end] { return Build(slot, begin, end); });
  }

  // A job: batches_[slot] and the custody of records [begin, end) are its own.
  Status Build(std::size_t slot, std::size_t begin, std::size_t end) {
    std::vector<PlainString>& out = batches_[slot];
    out.clear();
    out.reserve(end - begin);
    for (std::size_t i = begin; i < end; ++i) {
      TVAULT_ASSIGN_OR_RETURN(CustodyReport custody,
                              CustodyOfLoaded(v_, snap_, std::move(records_[i].custody),
                                              CustodyScope::kVersionsOnly));
      out.push_back(CustodyReportJson(custody));
    }
    return OkStatus();
  }

  const Vault::Impl& v_;
  const LogSnapshot& snap_;
  std::vector<ExportedRecord>& records_;
  std::array<std::vector<PlainString>, 2> batches_;
  std::array<uint64_t, 2> tickets_{};
  Worker worker_;  // last: stopped before the batches go
};

// A record's statements, from its wrapped keys (pass 1 authenticated the
// metadata, inside this transaction; only the key is unwrapped again).
Status WriteStatements(Vault::Impl& v, const ExportedRecord& rec,
                       std::optional<storage::BlobReader>& blob, bundle::BundleWriter& writer) {
  for (std::size_t k = 0; k < rec.versions.size(); ++k) {
    const StatementReader::Known& ver = rec.versions[k];
    // The writer hashes every byte it writes and refuses a statement whose
    // hash is not its intake SHA-256: the reader does not hash them too.
    TVAULT_ASSIGN_OR_RETURN(
        std::unique_ptr<StatementReader> reader,
        StatementReader::OpenKnown(v, rec.id, ver, StatementReader::Sha256Check::kByCaller,
                                   std::exchange(blob, std::nullopt)));
    TVAULT_TRY(writer.AddMember(bundle::StatementMemberName(rec.id, ver.version, rec.text[k]),
                                ver.size_bytes, *reader, ver.sha256));
    blob = reader->TakeBlob();
  }
  return OkStatus();
}

Status WriteEvidence(Vault::Impl& v, const ExportedRecord& rec, const bundle::BundleManifest& m,
                     bundle::BundleWriter& writer) {
  for (std::size_t i = rec.evidence_begin; i < rec.evidence_end; ++i) {
    const bundle::ManifestEvidence& e = m.evidence[i];
    // Verified as it streams; a tampered file fails the export at its end.
    TVAULT_ASSIGN_OR_RETURN(std::unique_ptr<ByteSource> source, OpenEvidencePlaintext(v, e.id));
    TVAULT_TRY(writer.AddMember(bundle::EvidenceMemberName(e.id, m.format_version, e.media_type),
                                e.size_bytes, *source));
  }
  return OkStatus();
}

// The events custody.json of format 2 carries (docs/bundle-format.md
// section 7.3): those that created the exported versions and, for a
// redacted version committed late, its testimony.redaction_commitment; in
// increasing seq.
using SnapshotEvent = std::pair<audit::Event, std::vector<uint8_t>>;
std::vector<const SnapshotEvent*> CarriedEvents(const LogSnapshot& snap, const ExportPlan& plan) {
  std::vector<const SnapshotEvent*> events;
  for (const ExportedRecord& rec : plan.records) {
    auto it = snap.events_by_record.find(rec.id);
    if (it == snap.events_by_record.end()) continue;
    if (!rec.redacted) {
      for (const auto& e : it->second) events.push_back(&e);
      continue;
    }
    // Section 7.7: the event that created the redacted version and, if its
    // commitment came later, the one that logged it.
    const uint32_t n = rec.redacted->version;
    for (const auto& e : it->second)
      if (e.first.object_version == n) events.push_back(&e);
    auto late = snap.late_commitments_by_record.find(rec.id);
    if (late == snap.late_commitments_by_record.end()) continue;
    for (const auto& e : late->second)
      if (e.first.object_version == n) events.push_back(&e);
  }
  std::sort(events.begin(), events.end(),
            [](const auto* a, const auto* b) { return a->first.seq < b->first.seq; });
  return events;
}

// Section 8.5: for each carried event, the stored token of smallest
// checkpoint size beyond its seq; each once, by increasing size. Decides
// the automatic format: 3 when there is one.
Status ChooseStamps(Vault::Impl& v, const ExportRequest& req, const LogSnapshot& snap,
                    ExportPlan& plan) {
  if (snap.checkpoint.empty()) return OkStatus();  // nothing attested, nothing to date
  TVAULT_ASSIGN_OR_RETURN(std::vector<StoredStamp> stored, StoredStamps(v));
  std::set<std::size_t> chosen;
  for (const SnapshotEvent* e : CarriedEvents(snap, plan)) {
    for (std::size_t i = 0; i < stored.size(); ++i) {
      if (stored[i].checkpoint_size > e->first.seq &&
          stored[i].checkpoint_size <= snap.tree.size()) {
        chosen.insert(i);
        break;
      }
    }
  }
  if (req.bundle_format == 0 && !chosen.empty()) {
    plan.manifest.format_version = bundle::kFormatVersion3;
  }
  if (plan.manifest.format_version < bundle::kFormatVersion3) {
    plan.stamps_left_out = chosen.size();
    return OkStatus();
  }
  if (chosen.size() > bundle::kMaxTimestamps) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "the records need more than " + std::to_string(bundle::kMaxTimestamps) +
                         " time-stamp tokens; export fewer records per bundle");
  }
  // A reader buffers them with the manifest and contacts, all within
  // kMaxBufferedBytes: a quarter of it for the stamps leaves room for both.
  std::size_t bytes = 0;
  for (std::size_t i : chosen) {
    bytes += stored[i].checkpoint.size() + stored[i].response.size();
    plan.manifest.timestamps.push_back(stored[i].checkpoint_size);
    plan.stamps.push_back(std::move(stored[i]));
  }
  if (bytes > bundle::kMaxBufferedBytes / 4) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "the records' time-stamp tokens would take " + std::to_string(bytes) +
                         " bytes, more than a bundle may carry; export fewer records per bundle");
  }
  return OkStatus();
}

// custody.json of format 2 or 3 (docs/bundle-format.md sections 7.3, 8.3):
// the carried events, one multi-leaf proof for all of them in the
// snapshot's tree, each version's commitment salt, and for format 3 each
// stamped checkpoint's consistency proof.
Result<PlainString> CustodyFileOf(const Vault::Impl& v, const LogSnapshot& snap,
                                  const ExportPlan& plan) {
  bundle::CustodyFileContent c;
  c.version = plan.manifest.format_version;
  c.origin = audit_store::Origin(v);
  c.signer_key = minisign::EncodePublicKey(plan.signer);
  c.checkpoint = snap.checkpoint;
  c.checkpoint_size = snap.tree.size();
  for (const ExportedRecord& rec : plan.records) {
    for (const CustodyVersion& cv : rec.custody.versions) {  // none for a redacted record
      c.commitment_salts.emplace(bundle::SaltKey(rec.id, cv.version), cv.commitment_salt);
    }
  }
  const std::vector<const SnapshotEvent*> events = CarriedEvents(snap, plan);
  std::vector<uint64_t> seqs;
  for (const auto* e : events) {
    seqs.push_back(e->first.seq);
    c.entries.push_back(e->second);
  }
  if (!seqs.empty()) {
    TVAULT_ASSIGN_OR_RETURN(c.proof, snap.tree.MultiInclusionProof(seqs));
  }
  for (const StoredStamp& stamp : plan.stamps) {
    TVAULT_ASSIGN_OR_RETURN(std::vector<audit::Hash> consistency,
                            snap.tree.ConsistencyProof(stamp.checkpoint_size));
    c.timestamps.push_back({stamp.checkpoint_size, std::move(consistency)});
  }
  return bundle::WriteCustodyFileChecked(c);
}

// Section 8.1: each stamped checkpoint, then its response, by size.
Status WriteStamps(const ExportPlan& plan, bundle::BundleWriter& writer) {
  for (const StoredStamp& stamp : plan.stamps) {
    TVAULT_TRY(writer.AddMember(bundle::StampedCheckpointMemberName(stamp.checkpoint_size),
                                AsSpan(stamp.checkpoint)));
    TVAULT_TRY(writer.AddMember(bundle::TimestampResponseMemberName(stamp.checkpoint_size),
                                stamp.response));
  }
  return OkStatus();
}

// Format 2, pass 2: each record's statements and evidence, then custody.json.
Status WriteRecordsV2(Vault::Impl& v, const LogSnapshot& snap, ExportPlan& plan,
                      bundle::BundleWriter& writer, const Progress& progress) {
  // Built on a worker while the statements stream.
  Worker building(1);
  PlainString custody;
  building.Submit([&]() -> Status {
    TVAULT_ASSIGN_OR_RETURN(custody, CustodyFileOf(v, snap, plan));
    return OkStatus();
  });
  std::optional<storage::BlobReader> blob;
  for (std::size_t index = 0; index < plan.records.size(); ++index) {
    const ExportedRecord& rec = plan.records[index];
    if (rec.redacted) {
      TVAULT_TRY(writer.AddMember(
          bundle::RedactedStatementMemberName(rec.id, rec.redacted->version),
          AsBytes(rec.redacted->text)));
      TVAULT_TRY(writer.AddMember(bundle::RedactionProofMemberName(rec.redacted->redaction_id),
                                  rec.redacted->proof));
    } else {
      TVAULT_TRY(WriteStatements(v, rec, blob, writer));
      TVAULT_TRY(WriteEvidence(v, rec, plan.manifest, writer));
    }
    if (progress) progress(index + 1, plan.records.size());
  }
  blob.reset();
  TVAULT_TRY(building.Drain());
  return writer.AddMember(bundle::kCustodyFileName, AsBytes(custody));
}

// Pass 2: each record's statements, custody excerpt and evidence.
Status WriteRecords(Vault::Impl& v, const LogSnapshot& snap, ExportPlan& plan,
                    bundle::BundleWriter& writer, const Progress& progress) {
  if (plan.manifest.format_version >= bundle::kFormatVersion2) {
    return WriteRecordsV2(v, snap, plan, writer, progress);
  }
  // One blob handle moves from statement to statement (a reopen compiles no
  // statement; an open compiles one per version). It holds a read lock, so
  // it is closed as soon as the statements are written.
  std::optional<storage::BlobReader> blob;
  CustodyAhead custody(v, snap, plan.records);
  for (std::size_t index = 0; index < plan.records.size(); ++index) {
    const ExportedRecord& rec = plan.records[index];
    TVAULT_TRY(WriteStatements(v, rec, blob, writer));
    TVAULT_ASSIGN_OR_RETURN(PlainString* json, custody.For(index));
    TVAULT_TRY(writer.AddMember(bundle::CustodyMemberName(rec.id), AsBytes(*json)));
    PlainString().swap(*json);  // wiped now, not with the batch
    TVAULT_TRY(WriteEvidence(v, rec, plan.manifest, writer));
    if (progress) progress(index + 1, plan.records.size());
  }
  return OkStatus();
}

// contacts/<W-id>.json for each witness the manifest names; without
// `escape`, text that is not UTF-8 fails the export (kStoredTextNotUtf8).
Status WriteContacts(Vault::Impl& v, const bundle::BundleManifest& m, bool escape,
                     bundle::BundleWriter& writer) {
  TVAULT_ASSIGN_OR_RETURN(
      storage::Statement witness_row,
      v.db.Prepare("SELECT version, wrapped_key, contact FROM witnesses WHERE id = ?"));
  for (const bundle::ManifestContact& c : m.contacts) {
    witness_row.Reset();
    TVAULT_ASSIGN_OR_RETURN(bool row, witness_row.Bind(1, c.witness).Step());
    if (!row) return MakeError(ErrorCode::kIntegrity, "witness " + c.witness + " is missing");
    TVAULT_ASSIGN_OR_RETURN(
        WitnessDetails d,
        OpenWitnessRow(v, c.witness, static_cast<uint32_t>(witness_row.ColumnInt(0)),
                       witness_row.ColumnBlob(1), witness_row.ColumnBlob(2)));
    if (!escape) TVAULT_TRY(RequireExportableText(c.witness, d));
    const PlainString json = ContactJson(c.witness, d);
    TVAULT_TRY(writer.AddMember(bundle::ContactsMemberName(c.witness), AsBytes(json)));
  }
  return OkStatus();
}

// SHA256SUMS and its signature, under a comment naming the recipients.
Status SignBundle(const Vault::Impl& v, const ExportPlan& plan, bundle::BundleWriter& writer) {
  bundle::TrustedComment comment;
  comment.format_version = plan.manifest.format_version;
  comment.bundle_id = plan.manifest.bundle_id;
  comment.created_at_unix_s = plan.now;
  for (const Recipient& r : plan.recipients) comment.recipients.push_back(r.fingerprint);
  return writer.Finish(v.signing_key, plan.signer.key_id, comment);
}

ExportResult Summarize(const ExportPlan& plan, const Sha256Bytes& bundle_sha256) {
  ExportResult result;
  result.bundle_id = plan.manifest.bundle_id;
  result.bundle_sha256 = bundle_sha256;
  result.records = plan.records.size();
  result.versions = plan.versions;
  result.contacts = plan.manifest.contacts.size();
  result.evidence = plan.manifest.evidence.size();
  for (const ExportedRecord& rec : plan.records) result.redacted += rec.redacted ? 1 : 0;
  for (const Recipient& r : plan.recipients) {
    result.recipient_fingerprints.push_back(FormatFingerprint(r.fingerprint));
  }
  result.format_version = plan.manifest.format_version;
  result.timestamps = plan.stamps.size();
  result.timestamps_left_out = plan.stamps_left_out;
  return result;
}

// export: every recipient, version, evidence file and contact file it carried.
LogEntry ExportLogEntry(const ExportRequest& req, const ExportPlan& plan,
                        const ExportResult& result) {
  LogEntry entry{audit::Action::kExport, result.bundle_id, 0, {}, {result.bundle_sha256}, {}};
  for (const Recipient& r : plan.recipients) {
    entry.refs.push_back(FormatFingerprint(r.fingerprint));
    entry.secrets.recipient_names.push_back(r.name);
  }
  for (const ExportedRecord& rec : plan.records) {
    for (const StatementReader::Known& ver : rec.versions)
      entry.refs.push_back(rec.id + "@" + std::to_string(ver.version));
    if (rec.redacted) {
      entry.refs.push_back(rec.id + "@" + std::to_string(rec.redacted->version));
      entry.refs.push_back(rec.redacted->redaction_id);
    }
  }
  for (const bundle::ManifestEvidence& e : plan.manifest.evidence) entry.refs.push_back(e.id);
  for (const bundle::ManifestContact& c : plan.manifest.contacts) {
    entry.refs.push_back("contacts:" + c.witness);
  }
  entry.secrets.reason = req.reason;
  entry.secrets.bundle_sha256 = result.bundle_sha256;
  return entry;
}

}  // namespace

Result<ExportResult> Vault::Export(const ExportRequest& req) {
  Impl& v = *impl_;
  TVAULT_TRY(CheckRequest(req));
  // Unnamed until committed: a killed export leaves nothing in the user's
  // directory (issue #15, item 11).
  TVAULT_ASSIGN_OR_RETURN(
      AtomicFileSink file,
      AtomicFileSink::Create(req.out, false, AtomicFileSink::Temporary::kUnnamedWherePossible));
  // An export reads each page once, in a stream: a large page cache would
  // only grow the process.
  TVAULT_ASSIGN_OR_RETURN(storage::SmallPageCache small_cache,
                          storage::SmallPageCache::Enter(v.db));
  TVAULT_ASSIGN_OR_RETURN(VaultTxn txn, VaultTxn::Begin(v));
  TVAULT_ASSIGN_OR_RETURN(ExportPlan plan, PlanExport(v, req));
  // Custody excerpts: one pass over the log and one anchor checkpoint for all.
  TVAULT_ASSIGN_OR_RETURN(LogSnapshot snap,
                          SnapshotLog(v, plan.record_ids, CustodyScope::kVersionsOnly));
  TVAULT_TRY(ChooseStamps(v, req, snap, plan));
  HashingSink hashing(file);
  TVAULT_ASSIGN_OR_RETURN(bundle::BundleWriter writer, BeginBundle(req, plan, hashing));
  TVAULT_TRY(WriteRecords(v, snap, plan, writer, req.progress));
  TVAULT_TRY(WriteContacts(v, plan.manifest, req.escape_invalid_text, writer));
  TVAULT_TRY(WriteStamps(plan, writer));
  TVAULT_TRY(SignBundle(v, plan, writer));
  // The bundle is complete: its fsync runs beside the logging and the
  // commit below; the file still appears only after both.
  Worker syncing(1);
  syncing.Submit([&file] { return file.Sync(); });
  ExportResult result = Summarize(plan, hashing.Finish());
  if (!plan.overridden.ids.empty()) {
    // Its own event, before the export's: the records that left without
    // consent, why, and the reason given.
    LogEntry override{audit::Action::kExportOverrideConsent, result.bundle_id, 0,
                      plan.overridden.ids, {}, {}};
    override.secrets.reason = req.reason;
    override.secrets.detail = PlainString(plan.overridden.listing);
    TVAULT_TRY(txn.Log(std::move(override)));
  }
  TVAULT_TRY(txn.Log(ExportLogEntry(req, plan, result)));
  // Logged first, then the file appears: an export that fails at the last
  // step is logged without a file, never the other way round.
  TVAULT_TRY(txn.Commit());
  TVAULT_TRY(syncing.Drain());
  TVAULT_TRY(file.Commit());
  return result;
}

}  // namespace tvault
