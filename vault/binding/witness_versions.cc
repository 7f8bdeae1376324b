// Versions of a witness's contact details (docs/format.md, section 4.7):
// the latest in `witnesses`, each superseded one in `witness_versions`,
// every one sealed under its own record key with its record address, so a
// blob moved to another witness or version does not open.
#include "binding/text_intake.h"
#include "binding/witness_rows.h"

namespace tvault {
namespace {

struct WitnessHead {
  int64_t created_at = 0;
  uint32_t version = 0;
  int64_t version_created_at = 0;
};

// Columns of the witness row a read-only open of an older vault lacks.
std::string VersionTimeColumn(const Vault::Impl& v) {
  return v.has_witness_versions ? "version_created_at" : "NULL";
}

Result<WitnessHead> LoadWitnessHead(Vault::Impl& v, const std::string& id) {
  TVAULT_ASSIGN_OR_RETURN(
      storage::Statement st,
      v.db.Prepare("SELECT created_at, version, " + VersionTimeColumn(v) +
                   " FROM witnesses WHERE id = ?"));
  TVAULT_ASSIGN_OR_RETURN(bool row, st.Bind(1, id).Step());
  if (!row) return RecordMissing(v, id, "witness");
  WitnessHead head;
  head.created_at = st.ColumnInt(0);
  head.version = static_cast<uint32_t>(st.ColumnInt(1));
  // NULL: version 1, recorded when the witness was.
  head.version_created_at = st.ColumnIsNull(2) ? head.created_at : st.ColumnInt(2);
  return head;
}

struct StoredVersion {
  int64_t created_at = 0;
  OpenedWitness opened;
};

// Version `version` (1 to head.version) of witness `id`, authenticated.
Result<StoredVersion> LoadWitnessVersion(Vault::Impl& v, const std::string& id,
                                         const WitnessHead& head, uint32_t version) {
  const bool latest = version == head.version;
  TVAULT_ASSIGN_OR_RETURN(
      storage::Statement st,
      v.db.Prepare(latest ? "SELECT 0, wrapped_key, contact FROM witnesses WHERE id = ?"
                          : "SELECT created_at, wrapped_key, contact FROM witness_versions "
                            "WHERE witness_id = ? AND version = ?"));
  st.Bind(1, id);
  if (!latest) st.Bind(2, int64_t{version});
  TVAULT_ASSIGN_OR_RETURN(bool row, st.Step());
  if (!row) {
    return MakeError(ErrorCode::kIntegrity,
                     "witness " + id + " has lost version " + std::to_string(version) +
                         " of its contact details",
                     ErrorDetail::kCheckVault);
  }
  StoredVersion out;
  out.created_at = latest ? head.version_created_at : st.ColumnInt(0);
  TVAULT_ASSIGN_OR_RETURN(out.opened,
                          OpenWitnessVersionRow(v, id, version, st.ColumnBlob(1), st.ColumnBlob(2)));
  return out;
}

Result<std::string> NormalizeWitnessId(std::string_view id_in) {
  Result<std::string> id = NormalizeRecordId(id_in);
  if (id.ok() && !id->starts_with("W-")) {
    return MakeError(ErrorCode::kInvalidArgument, *id + " is not a witness id (W-...)");
  }
  return id;
}

bool AnyChange(const WitnessChanges& c) {
  return c.name || c.aliases || c.phone || c.email || c.address || c.relatives || c.notes;
}

WitnessDetails Apply(WitnessDetails d, const WitnessChanges& c) {
  if (c.name) d.name = *c.name;
  if (c.aliases) d.aliases = *c.aliases;
  if (c.phone) d.phone = *c.phone;
  if (c.email) d.email = *c.email;
  if (c.address) d.address = *c.address;
  if (c.relatives) d.relatives = *c.relatives;
  if (c.notes) d.notes = *c.notes;
  return d;
}

Status CheckChanges(const WitnessChanges& c, const PlainString& reason) {
  if (!AnyChange(c)) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "nothing to change: no field was given");
  }
  if (c.name && c.name->empty()) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "a witness needs a name: the name can be changed but not cleared",
                     ErrorDetail::kNameMissing);
  }
  if (c.aliases) {
    for (const PlainString& a : *c.aliases) {
      if (a.empty()) return MakeError(ErrorCode::kInvalidArgument, "an alias cannot be empty");
    }
  }
  return RequireText("the reason", reason);
}

}  // namespace

Result<Witness> Vault::GetWitness(std::string_view id_in, uint32_t version) {
  Impl& v = *impl_;
  TVAULT_ASSIGN_OR_RETURN(std::string id, NormalizeRecordId(id_in));
  TVAULT_ASSIGN_OR_RETURN(VaultTxn txn, VaultTxn::Begin(v));
  TVAULT_ASSIGN_OR_RETURN(WitnessHead head, LoadWitnessHead(v, id));
  if (version > head.version) {
    return MakeError(ErrorCode::kNotFound,
                     "witness " + id + " has no version " + std::to_string(version) +
                         " (its versions are 1 to " + std::to_string(head.version) + ")");
  }
  if (version == 0) version = head.version;
  TVAULT_ASSIGN_OR_RETURN(StoredVersion stored, LoadWitnessVersion(v, id, head, version));
  Witness w;
  w.id = id;
  w.created_at_unix_s = head.created_at;
  w.version = version;
  w.version_count = head.version;
  w.version_created_at_unix_s = stored.created_at;
  w.details = std::move(stored.opened.details);
  TVAULT_TRY(txn.Log({audit::Action::kWitnessView, id, version, {}, {}, {}}));
  TVAULT_TRY(txn.Commit());
  return w;
}

Result<uint32_t> Vault::EditWitness(std::string_view id_in, const WitnessChanges& changes,
                                    const PlainString& reason) {
  Impl& v = *impl_;
  TVAULT_ASSIGN_OR_RETURN(std::string id, NormalizeWitnessId(id_in));
  TVAULT_TRY(CheckChanges(changes, reason));
  TVAULT_ASSIGN_OR_RETURN(VaultTxn txn, VaultTxn::Begin(v));
  TVAULT_ASSIGN_OR_RETURN(WitnessHead head, LoadWitnessHead(v, id));
  TVAULT_ASSIGN_OR_RETURN(StoredVersion latest, LoadWitnessVersion(v, id, head, head.version));
  const WitnessDetails next = Apply(latest.opened.details, changes);
  TVAULT_TRY(RequireText(next));
  if (ChangedWitnessFields(latest.opened.details, next).empty()) {
    return MakeError(ErrorCode::kFailedPrecondition,
                     "witness " + id + " already has these details (version " +
                         std::to_string(head.version) + "); nothing was stored",
                     ErrorDetail::kSameAsVersion);
  }
  // The latest version moves, as it is (same key, same address), to
  // witness_versions; the new one takes its place in `witnesses`.
  TVAULT_ASSIGN_OR_RETURN(
      storage::Statement keep,
      v.db.Prepare("INSERT INTO witness_versions(witness_id, version, created_at, wrapped_key, "
                   "contact) SELECT id, version, coalesce(version_created_at, created_at), "
                   "wrapped_key, contact FROM witnesses WHERE id = ?"));
  TVAULT_TRY(keep.Bind(1, id).Run());
  const uint32_t version = head.version + 1;
  SealedRecord sealed = SealWitnessVersion(v, id, version, next, reason);
  TVAULT_ASSIGN_OR_RETURN(
      storage::Statement st,
      v.db.Prepare("UPDATE witnesses SET version = ?, wrapped_key = ?, contact = ?, "
                   "version_created_at = ? WHERE id = ?"));
  TVAULT_TRY(st.Bind(1, int64_t{version}).BindBlob(2, sealed.wrapped_key)
                 .BindBlob(3, sealed.fields).Bind(4, v.Now()).Bind(5, id).Run());
  TVAULT_TRY(txn.Log({audit::Action::kWitnessEdit, id, version, {},
                      {audit::RecordDigest(sealed.wrapped_key, sealed.fields)}, {}}));
  TVAULT_TRY(txn.Commit());
  return version;
}

Result<std::vector<WitnessVersionInfo>> Vault::WitnessHistory(std::string_view id_in,
                                                              bool with_values) {
  Impl& v = *impl_;
  TVAULT_ASSIGN_OR_RETURN(std::string id, NormalizeWitnessId(id_in));
  TVAULT_ASSIGN_OR_RETURN(VaultTxn txn, VaultTxn::Begin(v));
  TVAULT_ASSIGN_OR_RETURN(WitnessHead head, LoadWitnessHead(v, id));
  std::vector<WitnessVersionInfo> out;
  std::optional<WitnessDetails> before;
  for (uint32_t n = 1; n <= head.version; ++n) {
    TVAULT_ASSIGN_OR_RETURN(StoredVersion stored, LoadWitnessVersion(v, id, head, n));
    WitnessVersionInfo info;
    info.version = n;
    info.created_at_unix_s = stored.created_at;
    info.reason = std::move(stored.opened.reason);
    if (before) info.changed_fields = ChangedWitnessFields(*before, stored.opened.details);
    before = std::move(stored.opened.details);
    if (with_values) info.details = *before;
    out.push_back(std::move(info));
  }
  TVAULT_TRY(txn.Log({with_values ? audit::Action::kWitnessHistoryValues
                                  : audit::Action::kWitnessHistory,
                      id, head.version, {}, {}, {}}));
  TVAULT_TRY(txn.Commit());
  return out;
}

Status CheckWitnessVersions(Vault::Impl& v) {
  if (!v.has_witness_versions) return OkStatus();
  // Rows no witness accounts for: an orphan, or a number outside 1 to
  // latest - 1 (the latest lives in `witnesses`).
  TVAULT_ASSIGN_OR_RETURN(
      std::optional<int64_t> stray,
      v.db.QueryInt("SELECT count(*) FROM witness_versions wv LEFT JOIN witnesses w "
                    "ON w.id = wv.witness_id WHERE w.id IS NULL OR wv.version < 1 "
                    "OR wv.version >= w.version"));
  if (stray.value_or(0) != 0) {
    return MakeError(ErrorCode::kIntegrity,
                     "the database holds witness versions that no witness accounts for");
  }
  TVAULT_ASSIGN_OR_RETURN(storage::Statement st,
                          v.db.Prepare("SELECT id FROM witnesses WHERE version > 1 ORDER BY id"));
  for (;;) {
    TVAULT_ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) break;
    const std::string id = st.ColumnText(0);
    TVAULT_ASSIGN_OR_RETURN(WitnessHead head, LoadWitnessHead(v, id));
    for (uint32_t n = 1; n < head.version; ++n) {
      TVAULT_ASSIGN_OR_RETURN(StoredVersion stored, LoadWitnessVersion(v, id, head, n));
      (void)stored;
    }
  }
  return OkStatus();
}

Result<uint32_t> WitnessVersionCount(Vault::Impl& v, const std::string& id) {
  TVAULT_ASSIGN_OR_RETURN(WitnessHead head, LoadWitnessHead(v, id));
  return head.version;
}

}  // namespace tvault
