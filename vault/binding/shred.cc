// Shred: crypto-erase of testimonies, witnesses and evidence files, leaving
// tombstones (docs/format.md, section 6), and the plan of what a shred would
// destroy.
#include "binding/case_rows.h"
#include "binding/consent_rows.h"
#include "binding/holds.h"
#include "binding/journal.h"
#include "binding/evidence.h"
#include "binding/testimony_rows.h"
#include "binding/text_intake.h"
#include "binding/witness_rows.h"
#include "util/byte_io.h"

namespace tvault {
namespace {

Status InsertTombstone(Vault::Impl& v, const std::string& id, RecordKind original_kind,
                       const FieldSet& fields) {
  const RecordAddress addr = v.Address(RecordKind::kTombstone, id, 0);
  SecretBytes key = NewRecordKey();
  SealedRecord sealed = SealFields(v, v.CompartmentKey(original_kind), addr, key, fields);
  TVAULT_ASSIGN_OR_RETURN(
      storage::Statement st,
      v.db.Prepare("INSERT INTO tombstones(id, kind, shredded_at, wrapped_key, sealed) "
                   "VALUES (?, ?, ?, ?, ?)"));
  return st.Bind(1, id).Bind(2, int64_t{static_cast<uint8_t>(original_kind)}).Bind(3, v.Now())
      .BindBlob(4, sealed.wrapped_key).BindBlob(5, sealed.fields).Run();
}

Status DeleteRows(Vault::Impl& v, const char* sql, const std::string& id) {
  TVAULT_ASSIGN_OR_RETURN(storage::Statement st, v.db.Prepare(sql));
  return st.Bind(1, id).Run();
}

// Appends the testimony and then its evidence ids to `shredded`.
Status ShredTestimony(Vault::Impl& v, const std::string& id, const PlainString& reason,
                      std::vector<std::string>& shredded) {
  TVAULT_ASSIGN_OR_RETURN(TestimonyHead head, LoadTestimonyHead(v, id));
  // Evidence first: its rows reference the testimony row.
  TVAULT_ASSIGN_OR_RETURN(std::vector<std::string> evidence, ShredEvidenceOf(v, id, reason));
  // The tombstone keeps every version's hash: authenticate them before the
  // keys that protect them are gone.
  PlainBytes hashes;
  BasicByteWriter<PlainBytes> w(hashes);
  w.U16(static_cast<uint16_t>(std::min<uint32_t>(head.versions, UINT16_MAX)));
  for (uint32_t version = 1; version <= head.versions && version <= UINT16_MAX; ++version) {
    TVAULT_ASSIGN_OR_RETURN(OpenedVersion opened, OpenTestimonyVersion(v, id, version));
    PlainBytes item;
    BasicByteWriter<PlainBytes> iw(item);
    iw.U32(version);
    iw.Raw(opened.info.sha256);
    w.U32(static_cast<uint32_t>(item.size()));
    hashes.insert(hashes.end(), item.begin(), item.end());
  }
  // Redactions name the versions (their reasons may name people): they go
  // with the record (docs/format.md, section 4.11).
  if (v.has_redaction_table) {
    TVAULT_TRY(DeleteRows(v, "DELETE FROM redactions WHERE testimony_id = ?", id));
  }
  // Versions first (they reference their bodies), then the bodies they held.
  std::vector<int64_t> bodies;
  {
    TVAULT_ASSIGN_OR_RETURN(
        storage::Statement st,
        v.db.Prepare("SELECT body_id FROM testimony_versions WHERE testimony_id = ?"));
    st.Bind(1, id);
    for (;;) {
      TVAULT_ASSIGN_OR_RETURN(bool row, st.Step());
      if (!row) break;
      bodies.push_back(st.ColumnInt(0));
    }
  }
  TVAULT_TRY(DeleteRows(v, "DELETE FROM testimony_versions WHERE testimony_id = ?", id));
  TVAULT_ASSIGN_OR_RETURN(storage::Statement del_body,
                          v.db.Prepare("DELETE FROM testimony_bodies WHERE body_id = ?"));
  for (int64_t body_id : bodies) {
    del_body.Reset();
    TVAULT_TRY(del_body.Bind(1, body_id).Run());
  }
  TVAULT_TRY(DeleteRows(v, "DELETE FROM testimonies WHERE id = ?", id));
  FieldSet f;
  f.SetText(tombstone_tag::kReason, reason);
  f.SetU64(tombstone_tag::kKind, static_cast<uint8_t>(RecordKind::kTestimony));
  f.Set(tombstone_tag::kVersionHashes, hashes);
  f.SetText(tombstone_tag::kWitness, PlainString(head.witness_id));
  TVAULT_TRY(InsertTombstone(v, id, RecordKind::kTestimony, f));
  shredded.push_back(id);
  shredded.insert(shredded.end(), evidence.begin(), evidence.end());
  return OkStatus();
}

Result<std::vector<std::string>> TestimoniesOf(Vault::Impl& v, const std::string& witness_id) {
  TVAULT_ASSIGN_OR_RETURN(
      storage::Statement st,
      v.db.Prepare("SELECT id FROM testimonies WHERE witness_id = ? ORDER BY created_at, id"));
  st.Bind(1, witness_id);
  std::vector<std::string> ids;
  for (;;) {
    TVAULT_ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) break;
    ids.push_back(st.ColumnText(0));
  }
  return ids;
}

// The testimonies a shred of witness `id` takes with it: kNotFound for an
// unknown witness, kFailedPrecondition if it has some and !cascade.
Result<std::vector<std::string>> TestimoniesToShred(Vault::Impl& v, const std::string& id,
                                                    bool cascade) {
  TVAULT_ASSIGN_OR_RETURN(storage::Statement st,
                          v.db.Prepare("SELECT 1 FROM witnesses WHERE id = ?"));
  TVAULT_ASSIGN_OR_RETURN(bool exists, st.Bind(1, id).Step());
  if (!exists) return RecordMissing(v, id, "witness");
  TVAULT_ASSIGN_OR_RETURN(std::vector<std::string> testimonies, TestimoniesOf(v, id));
  if (!testimonies.empty() && !cascade) {
    std::string list;
    for (std::size_t i = 0; i < testimonies.size() && i < 5; ++i)
      list += (i ? ", " : "") + testimonies[i];
    if (testimonies.size() > 5) list += ", ...";
    return MakeError(ErrorCode::kFailedPrecondition,
                     "witness " + id + " still has " + std::to_string(testimonies.size()) +
                         " testimonies (" + list +
                         ")",
                     ErrorDetail::kHasTestimonies);
  }
  return testimonies;
}

Status ShredWitness(Vault::Impl& v, const std::string& id, const PlainString& reason,
                    bool cascade, ShredReport& report) {
  TVAULT_ASSIGN_OR_RETURN(std::vector<std::string> testimonies,
                          TestimoniesToShred(v, id, cascade));
  for (const std::string& t : testimonies) {
    TVAULT_TRY(ShredTestimony(v, t, reason, report.shredded_ids));
  }
  // Every superseded version of the contact details goes with the witness
  // (they reference its row).
  TVAULT_TRY(DeleteRows(v, "DELETE FROM witness_versions WHERE witness_id = ?", id));
  TVAULT_TRY(DeleteRows(v, "DELETE FROM witnesses WHERE id = ?", id));
  // No hash of contact details is kept: a hash of a name and a phone number
  // could be confirmed by guessing.
  FieldSet f;
  f.SetText(tombstone_tag::kReason, reason);
  f.SetU64(tombstone_tag::kKind, static_cast<uint8_t>(RecordKind::kWitness));
  TVAULT_TRY(InsertTombstone(v, id, RecordKind::kWitness, f));
  report.shredded_ids.push_back(id);
  return OkStatus();
}

// One evidence file on its own; its testimony stays.
Status ShredOneEvidence(Vault::Impl& v, const std::string& id, const PlainString& reason,
                        ShredReport& report) {
  TVAULT_ASSIGN_OR_RETURN(EvidenceInfo e, LoadEvidenceInfo(v, id));
  TVAULT_TRY(ShredEvidenceRow(v, e, reason));
  report.shredded_ids.push_back(id);
  return OkStatus();
}

ShredPlanItem EvidenceItem(const EvidenceInfo& e) {
  return ShredPlanItem{e.id, e.testimony_id, 0, e.size_bytes};
}

// The testimony, then its evidence: ShredTestimony's order.
Status PlanTestimony(Vault::Impl& v, const std::string& id, ShredPlan& plan) {
  TVAULT_ASSIGN_OR_RETURN(TestimonyHead head, LoadTestimonyHead(v, id));
  ShredPlanItem item{id, "", head.versions, 0};
  for (uint32_t version = 1; version <= head.versions; ++version) {
    TVAULT_ASSIGN_OR_RETURN(OpenedVersion opened, OpenTestimonyVersion(v, id, version));
    item.size_bytes += opened.info.size_bytes;
  }
  plan.items.push_back(std::move(item));
  TVAULT_ASSIGN_OR_RETURN(std::vector<EvidenceInfo> evidence, ListEvidenceOf(v, id));
  for (const EvidenceInfo& e : evidence) plan.items.push_back(EvidenceItem(e));
  return OkStatus();
}

Error NotShreddable() {
  return MakeError(ErrorCode::kInvalidArgument,
                   "shred takes a witness, testimony or evidence id (W-..., T-..., E-...)");
}

}  // namespace

Result<ShredReport> Vault::Shred(std::string_view id_in, const PlainString& reason,
                                 bool cascade) {
  Impl& v = *impl_;
  TVAULT_ASSIGN_OR_RETURN(std::string id, NormalizeRecordId(id_in));
  if (reason.empty()) {
    return MakeError(ErrorCode::kInvalidArgument, "shred needs a reason",
                     ErrorDetail::kReasonMissing);
  }
  TVAULT_TRY(RequireText("the shred reason", reason));
  TVAULT_ASSIGN_OR_RETURN(VaultTxn txn, VaultTxn::Begin(v));
  // Refuses a record under legal hold before anything changes.
  TVAULT_ASSIGN_OR_RETURN(ShredPlan plan, PlanShred(id, cascade));
  (void)plan;
  ShredReport report;
  if (id[0] == 'T') {
    TVAULT_TRY(ShredTestimony(v, id, reason, report.shredded_ids));
  } else if (id[0] == 'W') {
    TVAULT_TRY(ShredWitness(v, id, reason, cascade, report));
  } else if (id[0] == 'E') {
    TVAULT_TRY(ShredOneEvidence(v, id, reason, report));
  } else {
    return NotShreddable();
  }
  // A shredded record leaves every case it was in (logged before the shred
  // event, in the same transaction).
  TVAULT_TRY(DropShreddedMembers(v, txn, report.shredded_ids));
  // Their consent records name recipients and conditions: they go too.
  TVAULT_TRY(DropConsentOf(v, report.shredded_ids));
  LogEntry entry{audit::Action::kShred, id, 0, report.shredded_ids, {}, {}};
  entry.secrets.reason = reason;
  TVAULT_TRY(txn.Log(std::move(entry)));
  TVAULT_TRY(txn.Commit());
  // The keys are gone with the commit; the ciphertext files are now noise.
  // Unlink them; a failure or crash here leaves orphans for the next sweep.
  for (const std::string& shredded : report.shredded_ids) {
    if (shredded[0] == 'E') (void)DiscardEvidenceFile(v, shredded);
  }
  return report;
}

Result<ShredPlan> Vault::PlanShred(std::string_view id_in, bool cascade) {
  Impl& v = *impl_;
  TVAULT_ASSIGN_OR_RETURN(std::string id, NormalizeRecordId(id_in));
  ShredPlan plan;
  if (id[0] == 'T') {
    TVAULT_TRY(PlanTestimony(v, id, plan));
  } else if (id[0] == 'W') {
    TVAULT_ASSIGN_OR_RETURN(std::vector<std::string> testimonies,
                            TestimoniesToShred(v, id, cascade));
    for (const std::string& t : testimonies) TVAULT_TRY(PlanTestimony(v, t, plan));
    TVAULT_ASSIGN_OR_RETURN(uint32_t versions, WitnessVersionCount(v, id));
    plan.items.push_back(ShredPlanItem{id, "", versions, 0});
  } else if (id[0] == 'E') {
    TVAULT_ASSIGN_OR_RETURN(EvidenceInfo e, LoadEvidenceInfo(v, id));
    plan.items.push_back(EvidenceItem(e));
  } else {
    return NotShreddable();
  }
  std::vector<std::string> ids;
  for (const ShredPlanItem& item : plan.items) ids.push_back(item.id);
  TVAULT_TRY(RequireNoHold(v, ids));
  return plan;
}

Result<std::vector<Tombstone>> Vault::ListTombstones() {
  Impl& v = *impl_;
  TVAULT_ASSIGN_OR_RETURN(VaultTxn txn, VaultTxn::Begin(v));
  TVAULT_ASSIGN_OR_RETURN(std::vector<Tombstone> out, ReadTombstones(v));
  TVAULT_TRY(txn.Log({audit::Action::kTombstonesList, "", 0, {}, {}, {}}));
  TVAULT_TRY(txn.Commit());
  return out;
}

Result<std::vector<Tombstone>> ReadTombstones(Vault::Impl& v) {
  TVAULT_ASSIGN_OR_RETURN(
      storage::Statement st,
      v.db.Prepare("SELECT id, kind, shredded_at, wrapped_key, sealed FROM tombstones "
                   "ORDER BY shredded_at, id"));
  std::vector<Tombstone> out;
  for (;;) {
    TVAULT_ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) break;
    Tombstone t;
    t.id = st.ColumnText(0);
    const int64_t kind = st.ColumnInt(1);
    if (kind != static_cast<int64_t>(RecordKind::kWitness) &&
        kind != static_cast<int64_t>(RecordKind::kTestimony) &&
        kind != static_cast<int64_t>(RecordKind::kEvidence)) {
      return MakeError(ErrorCode::kIntegrity, "tombstone " + t.id + " has an unknown kind");
    }
    t.shredded_at_unix_s = st.ColumnInt(2);
    const RecordAddress addr = v.Address(RecordKind::kTombstone, t.id, 0);
    TVAULT_ASSIGN_OR_RETURN(
        FieldSet f, OpenFields(v.CompartmentKey(static_cast<RecordKind>(kind)), addr,
                               st.ColumnBlob(3), st.ColumnBlob(4), tombstone_tag::kAll));
    t.reason = f.GetText(tombstone_tag::kReason);
    ByteReader r(f.Get(tombstone_tag::kVersionHashes));
    uint16_t n = 0;
    if (f.Has(tombstone_tag::kVersionHashes) && !r.U16(n)) {
      return MakeError(ErrorCode::kIntegrity, "tombstone " + t.id + " is malformed");
    }
    for (uint16_t i = 0; i < n; ++i) {
      std::span<const uint8_t> item;
      uint32_t version = 0;
      std::span<const uint8_t> sha;
      if (!r.Lp32(item)) return MakeError(ErrorCode::kIntegrity, "tombstone is malformed");
      ByteReader ir(item);
      if (!ir.U32(version) || !ir.Raw(32, sha) || !ir.done())
        return MakeError(ErrorCode::kIntegrity, "tombstone is malformed");
      Sha256Bytes digest;
      std::copy(sha.begin(), sha.end(), digest.begin());
      t.version_hashes.emplace_back(version, digest);
    }
    out.push_back(std::move(t));
  }
  return out;
}

}  // namespace tvault
