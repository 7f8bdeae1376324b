// Vault::ImportBundle (docs/bundle-format.md, section 5): the storing side.
//
// Import runs the verify pass first (binding/import_verify.h), and only a
// bundle that passed is read a second time to store its records, each
// statement checked against the SHA-256 the first pass verified, inside one
// transaction that commits only after the second pass also verified to its
// end. Nothing is stored from a bundle that fails anywhere, and a file that
// changes between the passes fails the second.
#include <map>
#include <optional>

#include "binding/import_verify.h"
#include "binding/journal.h"
#include "bundle/bundle_format.h"
#include "bundle/carried_text.h"
#include "crypto/hash.h"
#include "binding/evidence.h"
#include "binding/testimony_rows.h"
#include "binding/witness_rows.h"
#include "util/json_reader.h"

namespace tvault {
namespace {

namespace fs = std::filesystem;
using bundle::VerifiedBundle;

// The contact file of a witness (written by Export's ContactJson), read
// by the strict reader the manifest goes through. Keys it does not know are
// ignored; a known key of the wrong type, or no name, is malformed, and so
// is a "_bytes" member that is not the form of docs/bundle-format.md,
// section 3.1 (for "aliases_bytes": one string per alias, "" for an alias
// that is UTF-8).
Result<WitnessDetails> ParseContact(std::span<const uint8_t> bytes, const std::string& witness) {
  namespace dom = simdjson::dom;
  constexpr std::size_t kMaxDepth = 8;  // as for the manifest
  const Error bad = MakeError(ErrorCode::kIntegrity, "contacts of " + witness + " are malformed");
  auto string_of = [](dom::element e, std::string_view& out) {
    return e.get_string().get(out) == simdjson::SUCCESS;
  };
  try {
    JsonReader reader(kMaxDepth);
    JsonRefusal why;
    std::optional<dom::element> root = reader.Parse(bytes, why);
    dom::object j;
    if (!root || root->get_object().get(j) != simdjson::SUCCESS) return bad;
    // The exact bytes of `shown`, given its "_bytes" element (absent: the
    // text itself).
    auto carried = [&](std::string_view shown, std::optional<dom::element> b64,
                       PlainString& out) -> bool {
      std::string_view b64_text;
      if (!b64) {
        out = PlainString(shown.data(), shown.size());
        return true;
      }
      if (!string_of(*b64, b64_text)) return false;
      std::string refusal;
      std::optional<std::string> exact = bundle::DecodeCarriedText(shown, b64_text, refusal);
      if (!exact) return false;
      out = PlainString(exact->data(), exact->size());
      SecureWipe(exact->data(), exact->size());
      return true;
    };
    auto member = [&](const std::string& key) -> std::optional<dom::element> {
      dom::element e;
      if (j.at_key(key).get(e) != simdjson::SUCCESS) return std::nullopt;
      return e;
    };
    // Absent is fine; present must be a string.
    auto text = [&](const char* key, PlainString& out) -> bool {
      std::optional<dom::element> e = member(key);
      if (!e) return !member(std::string(key) + std::string(bundle::kBytesSuffix));
      std::string_view s;
      if (!string_of(*e, s)) return false;
      return carried(s, member(std::string(key) + std::string(bundle::kBytesSuffix)), out);
    };
    dom::element w;
    std::string_view w_text;
    if (j.at_key("witness").get(w) != simdjson::SUCCESS || !string_of(w, w_text) ||
        w_text != witness) {
      return bad;
    }
    WitnessDetails d;
    if (!text("name", d.name) || !text("phone", d.phone) || !text("email", d.email) ||
        !text("address", d.address) || !text("relatives", d.relatives) ||
        !text("notes", d.notes)) {
      return bad;
    }
    dom::array list, list_bytes;
    std::optional<dom::element> aliases = member("aliases");
    std::optional<dom::element> aliases_bytes = member("aliases_bytes");
    if (aliases_bytes &&
        (!aliases || aliases_bytes->get_array().get(list_bytes) != simdjson::SUCCESS)) {
      return bad;
    }
    if (aliases) {
      if (aliases->get_array().get(list) != simdjson::SUCCESS) return bad;
      if (aliases_bytes && list_bytes.size() != list.size()) return bad;
      std::size_t i = 0;
      for (dom::element a : list) {
        std::string_view s, b64;
        if (!string_of(a, s)) return bad;
        std::optional<dom::element> exact;
        if (aliases_bytes) {
          dom::element e;
          if (list_bytes.at(i++).get(e) != simdjson::SUCCESS || !string_of(e, b64)) return bad;
          if (!b64.empty()) exact = e;
        }
        if (!carried(s, exact, d.aliases.emplace_back())) return bad;
      }
    }
    if (d.name.empty()) return bad;
    return d;  // the reader wipes its copy of the text as it goes
  } catch (const std::exception&) {
    // Only an allocation failure throws here; it may not cross the
    // library boundary.
    return MakeError(ErrorCode::kInternal, "contacts of " + witness + " cannot be parsed (out of memory)");
  }
}

TestimonyMetadata ToMetadata(const bundle::ManifestMetadata& m) {
  return TestimonyMetadata{Plain(m.title),       Plain(m.language),    Plain(m.taken_at),
                           Plain(m.place),       Plain(m.interviewer), Plain(m.interpreter),
                           Plain(m.notes),       /*file_name=*/{}};
}

// Import reads the bundle twice, so a pipe, FIFO or terminal (which reads
// once) is refused before anything is read: its second pass would find the
// data gone and call an intact bundle malformed. Not spooled: a copy of the
// ciphertext would sit on disk outside the vault's care.
Status RequireRereadableFile(const fs::path& file) {
  std::error_code ec;
  const fs::file_status st = fs::status(file, ec);
  if (ec || st.type() == fs::file_type::regular || st.type() == fs::file_type::not_found) {
    return OkStatus();  // opening it reports what is wrong
  }
  if (st.type() == fs::file_type::directory) return OkStatus();
  return MakeError(ErrorCode::kInvalidArgument,
                   file.string() +
                       " is not a regular file (a pipe or a device): import reads the bundle "
                       "twice, so it needs a file",
                   ErrorDetail::kImportNeedsFile);
}

Status EnsureImportsTable(Vault::Impl& v) {
  return v.db.Exec(
      "CREATE TABLE IF NOT EXISTS imports(bundle_id TEXT PRIMARY KEY, "
      "imported_at INTEGER NOT NULL, local_ids TEXT NOT NULL) WITHOUT ROWID;");
}

// The import event, logged whether or not anything is stored.
LogEntry ImportLogEntry(const Verified& first) {
  const VerifiedBundle& vb = first.outcome.verified;
  LogEntry entry{audit::Action::kImport, vb.manifest.bundle_id, 0,
                 {minisign::KeyIdText(vb.signer.key_id)}, {}, {}};
  entry.secrets.bundle_sha256 = first.outcome.file_sha256.value();
  return entry;
}

// Whether the bundle was imported before; if so, the local ids it got then
// go to `result`.
Result<bool> FindEarlierImport(Vault::Impl& v, const bundle::BundleManifest& m,
                               ImportResult& result) {
  TVAULT_ASSIGN_OR_RETURN(storage::Statement st,
                          v.db.Prepare("SELECT local_ids FROM imports WHERE bundle_id = ?"));
  TVAULT_ASSIGN_OR_RETURN(bool row, st.Bind(1, m.bundle_id).Step());
  if (!row) return false;
  result.already_imported = true;
  const std::string ids = st.ColumnText(0);
  std::size_t i = 0;
  for (const bundle::ManifestRecord& rec : m.records) {
    const std::size_t end = ids.find(' ', i);
    result.testimonies.emplace_back(rec.id, ids.substr(i, end - i));
    i = end == std::string::npos ? ids.size() : end + 1;
  }
  return true;
}

// Already here: record that it was offered again, store nothing.
Result<ImportResult> LogOfferedAgain(VaultTxn& txn, LogEntry entry, ImportResult result) {
  entry.secrets.detail = PlainString("already imported; nothing stored");
  TVAULT_TRY(txn.Log(std::move(entry)));
  TVAULT_TRY(txn.Commit());
  return result;
}

using WitnessMap = std::map<std::string, std::string>;  // the bundle's id -> local id

// Local witnesses: one per witness pseudonym of the bundle, with the
// contact details it carries, else a placeholder that says so.
Result<WitnessMap> InsertWitnesses(Vault::Impl& v, VaultTxn& txn, const VerifiedBundle& vb,
                                   ImportResult& result) {
  const bundle::BundleManifest& m = vb.manifest;
  WitnessMap witnesses;
  for (const bundle::ManifestRecord& rec : m.records) {
    if (witnesses.count(rec.witness)) continue;
    WitnessDetails d;
    auto contact = vb.small_members.find(bundle::ContactsMemberName(rec.witness));
    if (contact != vb.small_members.end()) {
      TVAULT_ASSIGN_OR_RETURN(d, ParseContact(contact->second, rec.witness));
    } else {
      d.name = Plain("witness " + rec.witness + " of bundle " + m.bundle_id);
      d.notes = Plain("Imported without contact details (the sender kept them).");
    }
    TVAULT_ASSIGN_OR_RETURN(std::string local, InsertWitness(v, txn, d));
    result.new_witnesses.push_back(local);
    witnesses.emplace(rec.witness, std::move(local));
  }
  return witnesses;
}

// Where the second pass puts what it meets.
struct ImportPlan {
  struct Target {
    std::size_t record;
    std::size_t version;
  };
  std::map<std::string, Target> statements;  // member name -> version; erased once stored
  std::map<std::string, const bundle::ManifestEvidence*> evidence;  // member name ->
  std::map<std::string, std::size_t> record_index;  // the bundle's id -> index
  std::vector<std::string> local_ids;               // by record index
  std::vector<std::vector<std::optional<Sha256Bytes>>> commitments;  // [record][version]
  // [record][version]: the redaction commitment each imported text version
  // gets at import, as at intake (docs/redaction-format.md, section 3).
  std::vector<std::vector<std::optional<Sha256Bytes>>> redaction_commitments;
  // [record][version]: the amend reason sealed under its version's key while
  // that key is at hand (docs/audit-format.md, section 2.1).
  std::vector<std::vector<std::vector<uint8_t>>> erasable_reasons;
};

// Testimony rows first (versions refer to them); the versions follow as the
// second pass meets their statements, in whatever order the archive has.
Result<ImportPlan> InsertTestimonies(TestimonyWriter& writer, const bundle::BundleManifest& m,
                                     const WitnessMap& witnesses, ImportResult& result) {
  ImportPlan plan;
  plan.commitments.resize(m.records.size());
  plan.redaction_commitments.resize(m.records.size());
  plan.erasable_reasons.resize(m.records.size());
  for (std::size_t r = 0; r < m.records.size(); ++r) {
    const bundle::ManifestRecord& rec = m.records[r];
    TVAULT_ASSIGN_OR_RETURN(std::string local, writer.NewTestimonyId());
    TVAULT_TRY(writer.InsertTestimony(local, witnesses.at(rec.witness)));
    for (std::size_t k = 0; k < rec.versions.size(); ++k) {
      plan.statements.emplace(bundle::StatementFileOf(rec, rec.versions[k]),
                              ImportPlan::Target{r, k});
    }
    plan.commitments[r].resize(rec.versions.size());
    plan.redaction_commitments[r].resize(rec.versions.size());
    plan.erasable_reasons[r].resize(rec.versions.size());
    result.testimonies.emplace_back(rec.id, local);
    plan.local_ids.push_back(std::move(local));
    plan.record_index.emplace(rec.id, r);
  }
  for (const bundle::ManifestEvidence& e : m.evidence) {
    plan.evidence.emplace(bundle::EvidenceMemberName(e.id, m.format_version, e.media_type), &e);
  }
  return plan;
}

// Evidence files written by this import: removed unless it committed.
class AddedEvidence {
 public:
  explicit AddedEvidence(Vault::Impl& v) : v_(v) {}
  AddedEvidence(const AddedEvidence&) = delete;
  AddedEvidence& operator=(const AddedEvidence&) = delete;
  ~AddedEvidence() {
    if (committed_) return;
    for (const std::string& id : ids_) (void)DiscardEvidenceFile(v_, id);
  }
  void Add(std::string id) { ids_.push_back(std::move(id)); }
  // The rows are committed: the pending files take their final names.
  void Committed() {
    committed_ = true;
    for (const std::string& id : ids_) PublishEvidenceFile(v_, id);
  }

 private:
  Vault::Impl& v_;
  std::vector<std::string> ids_;
  bool committed_ = false;
};

// Pass 2's work on each member: statements checked against what pass 1
// verified and stored, evidence pulled into new evidence files.
class MemberStore {
 public:
  MemberStore(Vault::Impl& v, VaultTxn& txn, const VerifiedBundle& vb, ImportPlan& plan,
              TestimonyWriter& writer, AddedEvidence& added, ImportResult& result)
      : v_(v), txn_(txn), m_(vb.manifest), signer_text_(minisign::EncodePublicKey(vb.signer)),
        plan_(plan), writer_(writer), added_(added), result_(result) {}

  Status OnMember(const bundle::BundleMember& member, bundle::BundleReader& reader) {
    auto ev = plan_.evidence.find(member.name);
    if (ev != plan_.evidence.end()) return StoreEvidence(*ev->second, reader);
    auto it = plan_.statements.find(member.name);
    if (it == plan_.statements.end()) return OkStatus();  // the reader hashes it and moves on
    TVAULT_TRY(StoreStatement(member, it->second, reader));
    plan_.statements.erase(it);
    return OkStatus();
  }

 private:
  Status StoreEvidence(const bundle::ManifestEvidence& e, bundle::BundleReader& reader) {
    auto found = plan_.record_index.find(e.testimony);
    if (found == plan_.record_index.end()) {
      return MakeError(ErrorCode::kIntegrity, e.id + " belongs to no record of the bundle");
    }
    EvidenceMeta meta{Plain(e.description), Plain(e.media_type),
                      Provenance{m_.bundle_id, signer_text_, e.id}};
    TVAULT_ASSIGN_OR_RETURN(EvidenceInfo info,
                            AddEvidenceInTxn(v_, txn_, plan_.local_ids[found->second],
                                             reader.MemberSource(), meta));
    added_.Add(info.id);
    if (info.size_bytes != e.size_bytes || info.sha256 != e.sha256) {
      return MakeError(ErrorCode::kIntegrity, "the bundle changed while it was imported");
    }
    result_.evidence.emplace_back(e.id, info.id);
    return OkStatus();
  }

  Status StoreStatement(const bundle::BundleMember& member, const ImportPlan::Target& target,
                        bundle::BundleReader& reader) {
    const bundle::ManifestRecord& rec = m_.records[target.record];
    const bundle::ManifestVersion& ver = rec.versions[target.version];
    if (member.size_bytes != ver.size_bytes || ver.size_bytes > kMaxStatementBytes) {
      return MakeError(ErrorCode::kIntegrity,
                       member.name + " is not the size the verified manifest states");
    }
    PlainSink sink(ver.size_bytes);
    sink.data.reserve(static_cast<std::size_t>(ver.size_bytes));
    TVAULT_TRY(reader.CopyMemberTo(sink));
    // Checked against what pass 1 verified, so the stored bytes are those.
    if (sink.data.size() != ver.size_bytes || crypto::Sha256(sink.data) != ver.sha256) {
      return MakeError(ErrorCode::kIntegrity, "the bundle changed while it was imported");
    }
    Provenance p{m_.bundle_id, signer_text_, rec.id};
    Sha256Bytes commitment;
    FieldSet meta = TestimonyMetaFields(ToMetadata(rec.metadata), ver.sha256, ver.size_bytes,
                                        Plain(ver.reason), &p, commitment);
    plan_.redaction_commitments[target.record][target.version] =
        AddRedactionCommitment(meta, sink.data);
    const std::string& local = plan_.local_ids[target.record];
    const auto version = static_cast<uint32_t>(target.version + 1);
    TVAULT_TRY(writer_.InsertVersion(local, version, meta, sink.data));
    plan_.commitments[target.record][target.version] = commitment;
    if (version > 1) {
      plan_.erasable_reasons[target.record][target.version] = audit::SealErasableReason(
          writer_.last_record_key(), v_.header.vault_id, local, version, Plain(ver.reason));
    }
    return OkStatus();
  }

  Vault::Impl& v_;
  VaultTxn& txn_;
  const bundle::BundleManifest& m_;
  const std::string signer_text_;
  ImportPlan& plan_;
  TestimonyWriter& writer_;
  AddedEvidence& added_;
  ImportResult& result_;
};

// Pass 2: the same identity and signer; what it reads must be what pass 1
// verified, and every statement must have been met.
Status StoreSecondPass(const fs::path& file, std::span<const SecretBytes> identities,
                       const Verified& first, MemberStore& store, const ImportPlan& plan,
                       const ReadProgress& on_read) {
  const VerifiedBundle& vb = first.outcome.verified;
  std::vector<minisign::PublicKey> same_signer{vb.signer};
  MemberFn on_member = [&store](const bundle::BundleMember& m, bundle::BundleReader& r) {
    return store.OnMember(m, r);
  };
  TVAULT_ASSIGN_OR_RETURN(ReadOutcome second, ReadBundle(file, identities, same_signer, on_member,
                                                         FileDigest::kCompute, on_read));
  if (!(second.verified.manifest == vb.manifest) ||
      second.file_sha256 != first.outcome.file_sha256 || !plan.statements.empty()) {
    return MakeError(ErrorCode::kIntegrity, "the bundle changed while it was imported");
  }
  return OkStatus();
}

// Local versions are numbered 1..n in the order the sender had them; the
// audit log gets testimony.add / testimony.amend for each, in that order.
Status LogVersions(VaultTxn& txn, TestimonyWriter& writer, const bundle::BundleManifest& m,
                   const ImportPlan& plan, const WitnessMap& witnesses) {
  const std::string ref = "import:" + m.bundle_id;
  for (std::size_t r = 0; r < m.records.size(); ++r) {
    const std::string& local = plan.local_ids[r];
    const uint32_t n = static_cast<uint32_t>(m.records[r].versions.size());
    if (n > 1) TVAULT_TRY(writer.BumpVersionCount(local, n));
    for (uint32_t k = 1; k <= n; ++k) {
      const std::vector<Sha256Bytes> digests =
          VersionDigests(*plan.commitments[r][k - 1], plan.redaction_commitments[r][k - 1]);
      if (k == 1) {
        TVAULT_TRY(txn.Log({audit::Action::kTestimonyAdd, local, 1,
                            {witnesses.at(m.records[r].witness), ref}, digests, {}}));
      } else {
        LogEntry amend{audit::Action::kTestimonyAmend, local, k, {ref}, digests, {}};
        amend.secrets.erasable_reason = plan.erasable_reasons[r][k - 1];
        TVAULT_TRY(txn.Log(std::move(amend)));
      }
    }
  }
  return OkStatus();
}

// The imports row: a bundle offered again stores nothing.
Status RecordImport(Vault::Impl& v, const bundle::BundleManifest& m, const ImportPlan& plan) {
  std::string ids_column;
  for (const std::string& local : plan.local_ids) {
    if (!ids_column.empty()) ids_column += ' ';
    ids_column += local;
  }
  TVAULT_ASSIGN_OR_RETURN(
      storage::Statement ins,
      v.db.Prepare("INSERT INTO imports(bundle_id, imported_at, local_ids) VALUES (?, ?, ?)"));
  return ins.Bind(1, m.bundle_id).Bind(2, v.Now()).Bind(3, ids_column).Run();
}

}  // namespace

Result<ImportResult> Vault::ImportBundle(const fs::path& file, std::string_view signer_key,
                                         const Progress& progress, const fs::path& identity_file) {
  Impl& v = *impl_;
  TVAULT_TRY(RequireRereadableFile(file));
  // Both passes read the whole file: progress runs over twice its size.
  const uint64_t size = BundleSizeForProgress(file);
  const auto pass = [&](uint64_t before) -> ReadProgress {
    if (!progress) return {};
    return [&progress, before, size](uint64_t n) { progress(before + n, 2 * size); };
  };
  TVAULT_ASSIGN_OR_RETURN(VaultTxn txn, VaultTxn::Begin(v));
  TVAULT_TRY(EnsureImportsTable(v));
  // Pass 1: everything verified, nothing stored.
  TVAULT_ASSIGN_OR_RETURN(std::vector<SecretBytes> identities, BundleIdentities(v, identity_file));
  TVAULT_ASSIGN_OR_RETURN(Verified first, VerifyInVault(v, identities, file, signer_key, pass(0)));
  const VerifiedBundle& vb = first.outcome.verified;
  ImportResult result;
  result.bundle = first.summary;
  LogEntry import_entry = ImportLogEntry(first);
  TVAULT_ASSIGN_OR_RETURN(bool again, FindEarlierImport(v, vb.manifest, result));
  if (again) return LogOfferedAgain(txn, std::move(import_entry), std::move(result));
  TVAULT_TRY(txn.Log(std::move(import_entry)));
  TVAULT_ASSIGN_OR_RETURN(WitnessMap witnesses, InsertWitnesses(v, txn, vb, result));
  TVAULT_ASSIGN_OR_RETURN(TestimonyWriter writer, TestimonyWriter::Prepare(v));
  TVAULT_ASSIGN_OR_RETURN(ImportPlan plan, InsertTestimonies(writer, vb.manifest, witnesses, result));
  AddedEvidence added(v);
  MemberStore store(v, txn, vb, plan, writer, added, result);
  // Pass 2: whatever fails rolls back.
  TVAULT_TRY(StoreSecondPass(file, identities, first, store, plan, pass(size)));
  TVAULT_TRY(LogVersions(txn, writer, vb.manifest, plan, witnesses));
  TVAULT_TRY(RecordImport(v, vb.manifest, plan));
  TVAULT_TRY(txn.Commit());
  added.Committed();
  return result;
}

}  // namespace tvault
