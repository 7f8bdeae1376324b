// Witnesses: pseudonymous ids with contact details in the contacts
// compartment (kind 1).
#include "binding/case_rows.h"
#include "binding/journal.h"
#include "binding/record_fields.h"
#include "binding/text_intake.h"
#include "binding/witness_rows.h"

namespace tvault {
namespace {

FieldSet ToFields(const WitnessDetails& d) {
  FieldSet f;
  f.SetText(witness_tag::kName, d.name);
  if (!d.aliases.empty()) f.SetList(witness_tag::kAliases, d.aliases);
  f.SetTextIfAny(witness_tag::kPhone, d.phone);
  f.SetTextIfAny(witness_tag::kEmail, d.email);
  f.SetTextIfAny(witness_tag::kAddress, d.address);
  f.SetTextIfAny(witness_tag::kRelatives, d.relatives);
  f.SetTextIfAny(witness_tag::kNotes, d.notes);
  return f;
}

// The reason (tag 16) is read by OpenWitnessVersionRow; here it is left.
Result<WitnessDetails> FromFields(const FieldSet& f) {
  WitnessDetails d;
  d.name = f.GetText(witness_tag::kName);
  TVAULT_ASSIGN_OR_RETURN(d.aliases, f.GetList(witness_tag::kAliases));
  d.phone = f.GetText(witness_tag::kPhone);
  d.email = f.GetText(witness_tag::kEmail);
  d.address = f.GetText(witness_tag::kAddress);
  d.relatives = f.GetText(witness_tag::kRelatives);
  d.notes = f.GetText(witness_tag::kNotes);
  return d;
}

}  // namespace

SealedRecord SealWitnessVersion(Vault::Impl& v, const std::string& id, uint32_t version,
                                const WitnessDetails& details, const PlainString& reason) {
  FieldSet f = ToFields(details);
  f.SetTextIfAny(witness_tag::kReason, reason);
  SecretBytes key = NewRecordKey();
  return SealFields(v, v.keys.contacts, v.Address(RecordKind::kWitness, id, version), key, f);
}

Result<OpenedWitness> OpenWitnessVersionRow(Vault::Impl& v, const std::string& id,
                                            uint32_t version, std::span<const uint8_t> wrapped,
                                            std::span<const uint8_t> contact) {
  RecordAddress addr = v.Address(RecordKind::kWitness, id, version);
  TVAULT_ASSIGN_OR_RETURN(FieldSet f, OpenFields(v.keys.contacts, addr, wrapped, contact,
                                                 witness_tag::kAll));
  OpenedWitness out;
  TVAULT_ASSIGN_OR_RETURN(out.details, FromFields(f));
  out.reason = f.GetText(witness_tag::kReason);
  return out;
}

Result<WitnessDetails> OpenWitnessRow(Vault::Impl& v, const std::string& id, uint32_t version,
                                      std::span<const uint8_t> wrapped,
                                      std::span<const uint8_t> contact) {
  TVAULT_ASSIGN_OR_RETURN(OpenedWitness w, OpenWitnessVersionRow(v, id, version, wrapped, contact));
  return std::move(w.details);
}

std::vector<std::string> ChangedWitnessFields(const WitnessDetails& a, const WitnessDetails& b) {
  std::vector<std::string> out;
  if (a.name != b.name) out.emplace_back("name");
  if (a.aliases != b.aliases) out.emplace_back("aliases");
  if (a.phone != b.phone) out.emplace_back("phone");
  if (a.email != b.email) out.emplace_back("email");
  if (a.address != b.address) out.emplace_back("address");
  if (a.relatives != b.relatives) out.emplace_back("relatives");
  if (a.notes != b.notes) out.emplace_back("notes");
  return out;
}

WitnessChanges WitnessChanges::All(const WitnessDetails& d) {
  return WitnessChanges{d.name, d.aliases, d.phone, d.email, d.address, d.relatives, d.notes};
}


Result<std::vector<WitnessSummary>> ReadWitnessList(Vault::Impl& v, const std::string& case_id) {
  // The case filter names case_members only when asked: a schema-1 vault
  // opened read-only has no such table.
  const std::string where =
      case_id.empty() ? "" : " WHERE w.id IN (SELECT record_id FROM case_members WHERE case_id = ?)";
  TVAULT_ASSIGN_OR_RETURN(
      storage::Statement st,
      v.db.Prepare("SELECT w.id, w.created_at, w.version, w.wrapped_key, w.contact, "
                   "(SELECT count(*) FROM testimonies t WHERE t.witness_id = w.id) "
                   "FROM witnesses w" + where + " ORDER BY w.created_at, w.id"));
  if (!case_id.empty()) st.Bind(1, case_id);
  std::vector<WitnessSummary> out;
  for (;;) {
    TVAULT_ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) break;
    WitnessSummary s;
    s.id = st.ColumnText(0);
    s.created_at_unix_s = st.ColumnInt(1);
    TVAULT_ASSIGN_OR_RETURN(WitnessDetails d,
                            OpenWitnessRow(v, s.id, static_cast<uint32_t>(st.ColumnInt(2)),
                                           st.ColumnBlob(3), st.ColumnBlob(4)));
    s.name = std::move(d.name);
    s.testimony_count = st.ColumnInt(5);
    out.push_back(std::move(s));
  }
  return out;
}

Result<std::string> InsertWitness(Vault::Impl& v, VaultTxn& txn, const WitnessDetails& details) {
  if (details.name.empty()) {
    return MakeError(ErrorCode::kInvalidArgument, "a witness needs a name",
                     ErrorDetail::kNameMissing);
  }
  TVAULT_ASSIGN_OR_RETURN(std::string id, NewUnusedRecordId(v.db, IdKind::kWitness));
  SealedRecord sealed = SealWitnessVersion(v, id, 1, details, PlainString());
  TVAULT_ASSIGN_OR_RETURN(
      storage::Statement st,
      v.db.Prepare("INSERT INTO witnesses(id, created_at, version, wrapped_key, contact) "
                   "VALUES (?, ?, 1, ?, ?)"));
  TVAULT_TRY(st.Bind(1, id).Bind(2, v.Now()).BindBlob(3, sealed.wrapped_key)
                 .BindBlob(4, sealed.fields).Run());
  TVAULT_TRY(txn.Log({audit::Action::kWitnessAdd, id, 1, {},
                      {audit::RecordDigest(sealed.wrapped_key, sealed.fields)}, {}}));
  return id;
}

Result<std::string> Vault::AddWitness(const WitnessDetails& details, std::string_view case_in) {
  Impl& v = *impl_;
  if (details.name.empty()) {
    return MakeError(ErrorCode::kInvalidArgument, "a witness needs a name",
                     ErrorDetail::kNameMissing);
  }
  TVAULT_TRY(RequireText(details));
  std::string case_id;
  if (!case_in.empty()) {
    TVAULT_ASSIGN_OR_RETURN(case_id, NormalizeCaseId(case_in));
  }
  TVAULT_ASSIGN_OR_RETURN(VaultTxn txn, VaultTxn::Begin(v));
  if (!case_id.empty()) TVAULT_TRY(RequireCase(v, case_id));
  TVAULT_ASSIGN_OR_RETURN(std::string id, InsertWitness(v, txn, details));
  if (!case_id.empty()) TVAULT_TRY(InsertCaseMembers(v, txn, case_id, {id}));
  TVAULT_TRY(txn.Commit());
  return id;
}

Result<std::vector<WitnessSummary>> Vault::ListWitnesses(const ListFilter& filter) {
  Impl& v = *impl_;
  std::string case_id;
  if (!filter.case_id.empty()) {
    TVAULT_ASSIGN_OR_RETURN(case_id, NormalizeCaseId(filter.case_id));
  }
  TVAULT_ASSIGN_OR_RETURN(VaultTxn txn, VaultTxn::Begin(v));
  if (!case_id.empty()) TVAULT_TRY(RequireCase(v, case_id));
  TVAULT_ASSIGN_OR_RETURN(std::vector<WitnessSummary> list, ReadWitnessList(v, case_id));
  // Listing decrypts every contact record: log it as a view of each.
  LogEntry entry{audit::Action::kWitnessList, "", 0, {}, {}, {}};
  for (const WitnessSummary& w : list) entry.refs.push_back(w.id);
  TVAULT_TRY(txn.Log(std::move(entry)));
  TVAULT_TRY(txn.Commit());
  return list;
}

}  // namespace tvault
