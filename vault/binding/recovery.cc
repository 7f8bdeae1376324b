// Recovery keyslots and their SLIP-39 shares (docs/format.md, sections 2.3
// and 7.1).
#include "vault/recovery.h"

#include <algorithm>

#include "binding/header_change.h"
#include "binding/journal.h"
#include "binding/keyslot_labels.h"
#include "binding/open_steps.h"
#include "binding/recovery_set.h"
#include "binding/record_fields.h"
#include "identity/fingerprint.h"
#include "slip39/slip39.h"
#include "util/file_io.h"

namespace tvault {
namespace fs = std::filesystem;
namespace hf = header_format;
namespace {

// SLIP-39 parameters of every set (section 7.1).
constexpr uint8_t kIterationExponent = 1;
constexpr bool kExtendable = true;

namespace set_tag {
constexpr uint16_t kThreshold = 1;
constexpr uint16_t kShareCount = 2;
constexpr uint16_t kAll[] = {1, 2};
}  // namespace set_tag

std::string SetPrefix(uint8_t slot_id) {
  return "keyslot-recovery/" + std::to_string(slot_id) + "/";
}

// "keyslot-recovery/<slot id>/<kdf_salt hex>": bound to the slot as a
// label is (section 4.8).
std::string SetName(const Keyslot& slot) { return SetPrefix(slot.slot_id) + ToHex(slot.kdf_salt); }

Status StoreSetRow(Vault::Impl& v, const Keyslot& slot, const RecoveryPlan& plan) {
  const std::string name = SetName(slot);
  FieldSet f;
  f.SetU64(set_tag::kThreshold, plan.threshold);
  f.SetU64(set_tag::kShareCount, plan.share_count);
  SecretBytes key = NewRecordKey();
  SealedRecord sealed =
      SealFields(v, v.keys.vault_items, v.Address(RecordKind::kVaultItem, name, 1), key, f);
  TVAULT_ASSIGN_OR_RETURN(storage::Statement st,
                          v.db.Prepare("INSERT OR REPLACE INTO vault_items(name, created_at, "
                                       "wrapped_key, sealed) VALUES (?, ?, ?, ?)"));
  return st.Bind(1, name).Bind(2, v.Now()).BindBlob(3, sealed.wrapped_key)
      .BindBlob(4, sealed.fields).Run();
}

Status DeleteSetRows(Vault::Impl& v, uint8_t slot_id) {
  const std::string prefix = SetPrefix(slot_id);
  TVAULT_ASSIGN_OR_RETURN(storage::Statement st,
                          v.db.Prepare("DELETE FROM vault_items WHERE substr(name, 1, ?) = ?"));
  TVAULT_TRY(st.Bind(1, static_cast<int64_t>(prefix.size())).Bind(2, prefix).Run());
  // A recovery slot has no label, but a passphrase slot of the same id
  // before it may have left one.
  return DeleteKeyslotLabels(v, slot_id);
}

// kIntegrity if the row is there and fails to authenticate.
Result<RecoveryInfo> ReadSetInfo(Vault::Impl& v, const Keyslot& slot) {
  RecoveryInfo info{slot.slot_id, static_cast<int64_t>(slot.created_at_unix_s), 0, 0};
  const std::string name = SetName(slot);
  TVAULT_ASSIGN_OR_RETURN(storage::Statement st,
                          v.db.Prepare("SELECT wrapped_key, sealed FROM vault_items WHERE name = ?"));
  TVAULT_ASSIGN_OR_RETURN(bool row, st.Bind(1, name).Step());
  if (!row) return info;
  Result<FieldSet> f = OpenFields(v.keys.vault_items, v.Address(RecordKind::kVaultItem, name, 1),
                                  st.ColumnBlob(0), st.ColumnBlob(1), set_tag::kAll);
  if (!f.ok()) {
    return MakeError(ErrorCode::kIntegrity,
                     "the description of recovery keyslot " + std::to_string(slot.slot_id) +
                         " fails to authenticate: " + f.error().message,
                     ErrorDetail::kCheckVault);
  }
  const uint64_t t = f->GetU64(set_tag::kThreshold).value_or(0);
  const uint64_t n = f->GetU64(set_tag::kShareCount).value_or(0);
  if (t > kMaxRecoveryShares || n > kMaxRecoveryShares) {
    return MakeError(ErrorCode::kIntegrity, "the description of recovery keyslot " +
                                                std::to_string(slot.slot_id) + " is malformed");
  }
  info.threshold = static_cast<uint8_t>(t);
  info.share_count = static_cast<uint8_t>(n);
  return info;
}

const Keyslot* FindRecoverySlot(const VaultHeader& h) {
  for (const Keyslot& s : h.slots)
    if (IsRecoverySlot(s)) return &s;
  return nullptr;
}

std::string SlotWords(uint8_t id) { return "keyslot " + std::to_string(id); }

}  // namespace

Status CheckRecoverySet(Vault::Impl& v) {
  const Keyslot* slot = FindRecoverySlot(v.header);
  if (slot == nullptr) return OkStatus();
  Result<RecoveryInfo> info = ReadSetInfo(v, *slot);
  if (!info.ok()) return info.take_error();
  return OkStatus();
}

// ------------------------------------------------------------ share entry

struct RecoveryShares::Impl {
  slip39::ShareSet set;
};

RecoveryShares::RecoveryShares() : impl_(std::make_unique<Impl>()) {}
RecoveryShares::~RecoveryShares() = default;
RecoveryShares::RecoveryShares(RecoveryShares&&) noexcept = default;
RecoveryShares& RecoveryShares::operator=(RecoveryShares&&) noexcept = default;

Status RecoveryShares::Add(const SecretBytes& mnemonic) { return impl_->set.Add(mnemonic); }
std::size_t RecoveryShares::size() const { return impl_->set.size(); }
bool RecoveryShares::complete() const { return impl_->set.complete(); }
std::string RecoveryShares::Progress() const {
  if (impl_->set.size() == 0) return "no share entered yet";
  return impl_->set.needed().Describe();
}

Status ValidateRecoveryPlan(const RecoveryPlan& plan) {
  if (plan.share_count < 2 || plan.share_count > kMaxRecoveryShares) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "the number of shares must be 2 to " + std::to_string(kMaxRecoveryShares) +
                         ", not " + std::to_string(plan.share_count));
  }
  if (plan.threshold < 2 || plan.threshold > plan.share_count) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "the threshold must be 2 to the number of shares (" +
                         std::to_string(plan.share_count) + "), not " +
                         std::to_string(plan.threshold) +
                         " (one share alone would be a second passphrase: add a keyslot instead)");
  }
  return OkStatus();
}

// ------------------------------------------------------------ create, list

Result<RecoverySet> Vault::CreateRecovery(const RecoveryPlan& plan) {
  Impl& v = *impl_;
  TVAULT_TRY(ValidateRecoveryPlan(plan));
  const Keyslot* existing = FindRecoverySlot(v.header);
  if (existing != nullptr && !plan.replace) {
    return MakeError(ErrorCode::kFailedPrecondition,
                     "this vault already has recovery shares (" + SlotWords(existing->slot_id) +
                         "); revoke them first, or replace them");
  }
  VaultHeader next = v.header;
  std::optional<uint8_t> replaced;
  if (existing != nullptr) {
    replaced = existing->slot_id;
    std::erase_if(next.slots, [&](const Keyslot& s) { return s.slot_id == *replaced; });
  }
  TVAULT_TRY(CheckKdfParamsForNewSlot(next));
  const uint8_t id = FreeSlotId(next);

  SecretBytes secret = SecretBytes::Random(hf::kRecoverySecretBytes);
  TVAULT_ASSIGN_OR_RETURN(Keyslot slot, MakeRecoveryKeyslot(next, id, v.master_key, secret,
                                                            static_cast<uint64_t>(v.Now())));
  const slip39::GroupSpec group{plan.threshold, plan.share_count};
  TVAULT_ASSIGN_OR_RETURN(auto groups,
                          slip39::Split(secret, SecretBytes(), /*group_threshold=*/1,
                                        std::span<const slip39::GroupSpec>(&group, 1),
                                        kIterationExponent, kExtendable));
  secret = SecretBytes();  // wiped: only the shares remain
  if (groups.size() != 1 || groups[0].size() != plan.share_count) {
    return MakeError(ErrorCode::kInternal, "SLIP-39 split made the wrong number of shares");
  }
  next.slots.push_back(slot);
  SealHeader(next, v.keys.header_mac);

  LogEntry entry{audit::Action::kRecoveryCreate, "", 0, {}, {}, {}};
  std::string detail = SlotWords(id) + ": " + std::to_string(plan.threshold) + " of " +
                       std::to_string(plan.share_count) + " shares";
  if (replaced) detail += ", replacing " + SlotWords(*replaced);
  entry.secrets.detail = PlainString(detail);
  auto rows = [&](VaultTxn&) -> Status {
    if (replaced) TVAULT_TRY(DeleteSetRows(v, *replaced));
    TVAULT_TRY(DeleteSetRows(v, id));
    return StoreSetRow(v, slot, plan);
  };
  TVAULT_TRY(CommitHeaderChange(v, std::move(next), std::move(entry), rows));

  RecoverySet out;
  out.info = RecoveryInfo{id, static_cast<int64_t>(slot.created_at_unix_s), plan.threshold,
                          plan.share_count};
  out.mnemonics = std::move(groups[0]);
  out.vault_fingerprint = FormatFingerprint(v.fingerprint);
  return out;
}

Result<std::optional<RecoveryInfo>> Vault::RecoveryStatus() {
  Impl& v = *impl_;
  const Keyslot* slot = FindRecoverySlot(v.header);
  if (slot == nullptr) return std::optional<RecoveryInfo>();
  TVAULT_ASSIGN_OR_RETURN(RecoveryInfo info, ReadSetInfo(v, *slot));
  if (!v.read_only) {
    TVAULT_ASSIGN_OR_RETURN(VaultTxn txn, VaultTxn::Begin(v));
    TVAULT_TRY(txn.Log(LogEntry{audit::Action::kRecoveryView, "", 0, {}, {}, {}}));
    TVAULT_TRY(txn.Commit());
  }
  return std::optional<RecoveryInfo>(info);
}

Status Vault::RevokeRecovery() {
  Impl& v = *impl_;
  const Keyslot* slot = FindRecoverySlot(v.header);
  if (slot == nullptr) {
    return MakeError(ErrorCode::kNotFound, "this vault has no recovery shares to revoke");
  }
  const uint8_t id = slot->slot_id;
  VaultHeader next = v.header;
  std::erase_if(next.slots, [&](const Keyslot& s) { return s.slot_id == id; });
  SealHeader(next, v.keys.header_mac);
  LogEntry entry{audit::Action::kRecoveryRevoke, "", 0, {}, {}, {}};
  entry.secrets.detail = PlainString(SlotWords(id));
  return CommitHeaderChange(v, std::move(next), std::move(entry),
                            [&](VaultTxn&) { return DeleteSetRows(v, id); });
}

// ------------------------------------------------------------ recover

namespace {

Result<RecoverTarget> TargetIn(const VaultHeader& h, const RecoverOptions& o) {
  const Keyslot* recovery = FindRecoverySlot(h);
  if (recovery == nullptr) {
    return MakeError(ErrorCode::kFailedPrecondition,
                     "this vault has no recovery shares (none were made, or they were revoked "
                     "or already used)");
  }
  RecoverTarget t{recovery->slot_id, 0};
  if (o.add_slot) {
    if (o.replace_slot != 0) {
      return MakeError(ErrorCode::kInvalidArgument,
                       "give either a keyslot to replace or a new keyslot, not both");
    }
    return t;
  }
  std::vector<uint8_t> passphrase_slots;
  for (const Keyslot& s : h.slots)
    if (!IsRecoverySlot(s)) passphrase_slots.push_back(s.slot_id);
  if (o.replace_slot != 0) {
    if (std::find(passphrase_slots.begin(), passphrase_slots.end(), o.replace_slot) ==
        passphrase_slots.end()) {
      return MakeError(ErrorCode::kNotFound,
                       "no passphrase keyslot " + std::to_string(o.replace_slot),
                       ErrorDetail::kNoSuchKeyslot);
    }
    t.replace_slot = o.replace_slot;
    return t;
  }
  if (passphrase_slots.size() != 1) {
    std::string ids;
    for (uint8_t id : passphrase_slots) ids += (ids.empty() ? "" : ", ") + std::to_string(id);
    return MakeError(ErrorCode::kFailedPrecondition,
                     "this vault has passphrase keyslots " + ids +
                         ": say which one the new passphrase replaces, or add a new keyslot");
  }
  t.replace_slot = passphrase_slots[0];
  return t;
}

}  // namespace

Result<Recovered> Vault::Recover(const fs::path& dir, const RecoveryShares& shares,
                                 const SecretBytes& new_passphrase, const RecoverOptions& recover,
                                 const OpenOptions& options) {
  if (!shares.complete()) {
    return MakeError(ErrorCode::kFailedPrecondition,
                     "not enough recovery shares: " + shares.Progress());
  }
  if (new_passphrase.empty()) {
    return MakeError(ErrorCode::kInvalidArgument, "the new passphrase must not be empty");
  }
  if (options.read_only) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "a recovery changes the vault's keyslots: it cannot be read-only");
  }
  TVAULT_ASSIGN_OR_RETURN(std::unique_ptr<Impl> impl, BeginOpen(dir, options));
  Impl& v = *impl;
  if (auto early = TargetIn(v.header, recover); !early.ok()) return early.take_error();
  {
    // The shares combine with the empty passphrase (section 7.1); the
    // digest check catches a forged or damaged share, the slot's AEAD a set
    // of another vault or a revoked one.
    TVAULT_ASSIGN_OR_RETURN(SecretBytes secret, shares.impl_->set.Recover(SecretBytes()));
    TVAULT_ASSIGN_OR_RETURN(UnlockedMaster unlocked, UnlockHeaderWithRecovery(v.header, secret));
    v.master_key = std::move(unlocked.master_key);
    v.unlocked_slot = unlocked.slot_id;
  }
  if (Status opened = FinishOpen(v, nullptr); !opened.ok()) {
    if (opened.error().detail == ErrorDetail::kUnlockExpired) {
      return MakeError(ErrorCode::kFailedPrecondition,
                       "these shares were already used: an earlier recovery finished (it was "
                       "interrupted before it said so); open the vault with its new passphrase");
    }
    return opened.take_error();
  }
  // The header as the open left it (an interrupted change finished).
  TVAULT_ASSIGN_OR_RETURN(RecoverTarget target, TargetIn(v.header, recover));
  TVAULT_TRY(RefusePassphraseOfAnotherSlot(v.header, new_passphrase, target.replace_slot));
  TVAULT_ASSIGN_OR_RETURN(RecoveryInfo used, ReadSetInfo(v, *FindRecoverySlot(v.header)));

  VaultHeader next = v.header;
  std::erase_if(next.slots, [&](const Keyslot& s) { return s.slot_id == target.recovery_slot; });
  std::optional<Keyslot> before;
  // A replaced slot keeps its cost unless a new one is given.
  const KdfParams params = recover.kdf ? *recover.kdf : KdfParams::Default();
  uint32_t memory_kib = params.memory_kib(), passes = params.passes();
  for (const Keyslot& s : next.slots) {
    if (s.slot_id != target.replace_slot) continue;
    before = s;
    if (!recover.kdf) memory_kib = s.kdf_memory_kib, passes = s.kdf_passes;
  }
  if (before) {
    std::erase_if(next.slots, [&](const Keyslot& s) { return s.slot_id == target.replace_slot; });
  } else {
    TVAULT_TRY(CheckKdfParamsForNewSlot(next));
  }
  const uint8_t id = before ? before->slot_id : FreeSlotId(next);
  TVAULT_ASSIGN_OR_RETURN(Keyslot slot,
                          MakeKeyslot(next, id, memory_kib, passes, v.master_key, new_passphrase,
                                      static_cast<uint64_t>(v.Now())));
  next.slots.push_back(slot);
  SealHeader(next, v.keys.header_mac);

  LogEntry entry{audit::Action::kRecoveryRestore, "", 0, {}, {}, {}};
  std::string detail = SlotWords(target.recovery_slot) + " opened by " +
                       std::to_string(used.threshold) + " shares; ";
  detail += before ? "passphrase of " + SlotWords(id) + " replaced" : SlotWords(id) + " added";
  entry.secrets.detail = PlainString(detail);
  auto rows = [&](VaultTxn&) -> Status {
    TVAULT_TRY(DeleteSetRows(v, target.recovery_slot));
    if (!before) return DeleteKeyslotLabels(v, id);
    // The replaced slot's label moves to its new salt, as at a passphrase change.
    TVAULT_ASSIGN_OR_RETURN(std::optional<PlainString> label, ReadKeyslotLabel(v, *before));
    if (!label) return OkStatus();
    return StoreKeyslotLabel(v, slot, *label);
  };
  TVAULT_TRY(CommitHeaderChange(v, std::move(next), std::move(entry), rows));
  v.unlocked_slot = id;
  return Recovered{Vault(std::move(impl)), id, used};
}

Result<RecoverTarget> CheckRecoverTarget(const fs::path& dir, const RecoverOptions& options) {
  TVAULT_TRY(Vault::CheckFiles(dir));
  TVAULT_ASSIGN_OR_RETURN(VaultHeader h, ReadHeader(dir));
  return TargetIn(h, options);
}

}  // namespace tvault
