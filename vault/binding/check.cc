// Vault::Check: every page, every envelope, every statement hash.
#include <algorithm>
#include <functional>

#include "binding/case_rows.h"
#include "binding/journal.h"
#include "binding/keyslot_labels.h"
#include "binding/peer_store.h"
#include "binding/recovery_set.h"
#include "binding/evidence.h"
#include "binding/identity_store.h"
#include "binding/testimony_rows.h"
#include "binding/witness_rows.h"

namespace tvault {
namespace {

Status CheckIdentity(Vault::Impl& v) {
  TVAULT_ASSIGN_OR_RETURN(CustodianPublic pub, LoadCustodianPublic(v));
  TVAULT_ASSIGN_OR_RETURN(SecretBytes sign, LoadSigningSecret(v));
  TVAULT_ASSIGN_OR_RETURN(SecretBytes box, LoadBoxSecret(v));
  // The sealed secrets must be the halves of the stored public keys.
  if (!ConstantTimeEqual(sign.reveal().subspan(32), pub.sign_public) ||
      !ConstantTimeEqual(crypto::X25519Base(box), pub.box_public)) {
    return MakeError(ErrorCode::kIntegrity, "custodian identity keys do not match each other");
  }
  return OkStatus();
}

Status CheckTestimonies(Vault::Impl& v, const std::function<void()>& after_each_version) {
  TVAULT_ASSIGN_OR_RETURN(storage::Statement st,
                          v.db.Prepare("SELECT id FROM testimonies ORDER BY id"));
  for (;;) {
    TVAULT_ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) break;
    const std::string id = st.ColumnText(0);
    TVAULT_ASSIGN_OR_RETURN(TestimonyHead head, LoadTestimonyHead(v, id));
    for (uint32_t version = 1; version <= head.versions; ++version) {
      TVAULT_ASSIGN_OR_RETURN(OpenedVersion opened, OpenTestimonyVersion(v, id, version));
      TVAULT_ASSIGN_OR_RETURN(PlainBytes statement, OpenStatement(v, id, opened));
      after_each_version();
    }
  }
  // Rows that no testimony head accounts for.
  TVAULT_ASSIGN_OR_RETURN(
      std::optional<int64_t> stray,
      v.db.QueryInt("SELECT count(*) FROM testimony_versions tv LEFT JOIN testimonies t "
                    "ON t.id = tv.testimony_id WHERE t.id IS NULL OR tv.version < 1 "
                    "OR tv.version > t.versions"));
  TVAULT_ASSIGN_OR_RETURN(
      std::optional<int64_t> stray_bodies,
      v.db.QueryInt("SELECT (SELECT count(*) FROM testimony_bodies) - "
                    "(SELECT count(DISTINCT body_id) FROM testimony_versions)"));
  if (stray.value_or(0) != 0 || stray_bodies.value_or(0) != 0) {
    return MakeError(ErrorCode::kIntegrity,
                     "the database holds testimony versions that no testimony accounts for");
  }
  return OkStatus();
}

}  // namespace

Result<CheckReport> Vault::Check(const Progress& progress) {
  Impl& v = *impl_;
  // Progress: the page check counts as one step, then one per testimony
  // version and per evidence file, the slow parts.
  TVAULT_ASSIGN_OR_RETURN(std::optional<int64_t> records,
                          v.db.QueryInt("SELECT (SELECT count(*) FROM testimony_versions) + "
                                        "(SELECT count(*) FROM evidence)"));
  const uint64_t total = 1 + static_cast<uint64_t>(std::max<int64_t>(0, records.value_or(0)));
  uint64_t done = 0;
  const auto step = [&] {
    done = std::min(done + 1, total);
    if (progress) progress(done, total);
  };
  if (progress) progress(0, total);
  TVAULT_TRY(v.db.CheckIntegrity());
  step();
  TVAULT_ASSIGN_OR_RETURN(VaultTxn txn, VaultTxn::Begin(v));
  TVAULT_TRY(CheckIdentity(v));
  TVAULT_ASSIGN_OR_RETURN(std::vector<WitnessSummary> witnesses, ReadWitnessList(v));
  TVAULT_TRY(CheckWitnessVersions(v));
  TVAULT_TRY(CheckTestimonies(v, step));
  TVAULT_TRY(CheckCaseRecords(v));
  // Peers, keyslot labels and the recovery set: each row authenticates
  // where it stands.
  TVAULT_TRY(ReadPeers(v));
  TVAULT_TRY(CheckKeyslotLabels(v));
  TVAULT_TRY(CheckRecoverySet(v));
  TVAULT_ASSIGN_OR_RETURN(EvidenceStore::Sweep swept, SweepEvidenceOrphans(v, !v.read_only));
  TVAULT_TRY(CheckEvidence(v, step));
  TVAULT_ASSIGN_OR_RETURN(std::vector<Tombstone> tombstones, ReadTombstones(v));
  TVAULT_TRY(txn.Log({audit::Action::kCheck, "", 0, {}, {}, {}}));
  TVAULT_TRY(txn.Commit());
  return CheckReport{std::move(swept.unknown)};
}

}  // namespace tvault
