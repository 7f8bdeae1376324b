// Vault lifecycle: init, open, keyslots. Record operations live in records/.
#include "vault/vault.h"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <optional>
#include <system_error>

#include "binding/journal.h"
#include "crypto/hash.h"
#include "crypto/random.h"
#include "binding/evidence.h"
#include "binding/holds.h"
#include "identity/fingerprint.h"
#include "binding/identity_store.h"
#include "binding/header_change.h"
#include "binding/open_steps.h"
#include "binding/keyslot_labels.h"
#include "binding/temp_dir.h"
#include "binding/text_intake.h"
#include "storage/schema.h"
#include "util/byte_stream.h"
#include "util/file_io.h"
#include "binding/vault_impl.h"

namespace tvault {
namespace fs = std::filesystem;
namespace {

Status EnsureParentDirectory(const fs::path& dir) {
  fs::path parent = dir.parent_path();
  if (parent.empty()) return OkStatus();
  std::error_code ec;
  if (fs::is_directory(parent, ec)) return OkStatus();
  fs::create_directories(parent, ec);
  if (ec) return MakeError(ErrorCode::kIo, "cannot create " + parent.string() + ": " + ec.message());
  ::chmod(parent.c_str(), 0700);
  return OkStatus();
}


// Failed unlocks cannot be written into the encrypted store without the key;
// they are counted in a plain file and logged at the next successful unlock
// (docs/audit-format.md, section 7).
constexpr const char* kUnlockFailures = "unlock-failures";

// The file is "COUNT\n" or "COUNT\nFIRST\n" (docs/format.md, section 1.1);
// anything unreadable counts as no failure. A line that is not a decimal
// number ends the parse.
std::optional<uint64_t> ParseDecimal(std::span<const uint8_t> line) {
  if (line.empty() || line.size() > 19) return std::nullopt;
  uint64_t n = 0;
  for (uint8_t c : line) {
    if (c < '0' || c > '9') return std::nullopt;
    n = n * 10 + (c - '0');
  }
  return n;
}

UnlockFailures ReadUnlockFailures(const fs::path& dir) {
  UnlockFailures out;
  auto bytes = ReadSmallFile(dir / kUnlockFailures, 64);
  if (!bytes.ok()) return out;
  std::span<const uint8_t> rest(*bytes);
  std::vector<std::optional<uint64_t>> lines;
  while (!rest.empty() && lines.size() < 2) {
    const auto end = std::find(rest.begin(), rest.end(), uint8_t{'\n'});
    lines.push_back(ParseDecimal(rest.first(static_cast<std::size_t>(end - rest.begin()))));
    rest = end == rest.end() ? std::span<const uint8_t>() : rest.subspan(end - rest.begin() + 1);
  }
  if (lines.empty() || !lines[0]) return out;
  out.count = *lines[0];
  if (out.count > 0 && lines.size() > 1 && lines[1] &&
      *lines[1] <= static_cast<uint64_t>(INT64_MAX)) {
    out.since_unix_s = static_cast<int64_t>(*lines[1]);
  }
  return out;
}

void WriteUnlockFailures(const fs::path& dir, const UnlockFailures& f) {
  std::string text = std::to_string(f.count) + "\n";
  if (f.count > 0 && f.since_unix_s) text += std::to_string(*f.since_unix_s) + "\n";
  (void)WriteFileAtomically(dir / kUnlockFailures,
                            {reinterpret_cast<const uint8_t*>(text.data()), text.size()});
}

// One more failed unlock; the first after a success starts the count's time.
void CountUnlockFailure(const fs::path& dir, int64_t now) {
  UnlockFailures f = ReadUnlockFailures(dir);
  if (f.count == 0) f.since_unix_s = now;
  f.count = f.count == UINT64_MAX ? f.count : f.count + 1;
  WriteUnlockFailures(dir, f);
}

Status LoadCustodian(Vault::Impl& v) {
  TVAULT_ASSIGN_OR_RETURN(CustodianPublic pub, LoadCustodianPublic(v));
  v.sign_public = pub.sign_public;
  v.box_public = pub.box_public;
  v.fingerprint = IdentityFingerprint(pub.sign_public, pub.box_public);
  return OkStatus();
}

bool SameKeyslot(const Keyslot& a, const Keyslot& b) {
  return a.slot_id == b.slot_id && a.kdf_alg == b.kdf_alg && a.kdf_memory_kib == b.kdf_memory_kib &&
         a.kdf_passes == b.kdf_passes && a.kdf_salt == b.kdf_salt &&
         a.created_at_unix_s == b.created_at_unix_s &&
         a.wrapped_master_key == b.wrapped_master_key;
}

Error UnlockExpired() {
  return MakeError(ErrorCode::kWrongPassphrase,
                   "the passphrase this session was unlocked with was changed or removed",
                   ErrorDetail::kUnlockExpired);
}

// What identifies a keyslot for a kept unlock: every byte of it.
std::array<uint8_t, 32> SlotDigest(const Keyslot& s) {
  std::vector<uint8_t> in;
  const std::string label = "tvault/v1/kept-unlock-slot";
  in.insert(in.end(), label.begin(), label.end());
  in.push_back(s.slot_id);
  in.push_back(s.kdf_alg);
  for (uint64_t x : {uint64_t{s.kdf_memory_kib}, uint64_t{s.kdf_passes}, s.created_at_unix_s}) {
    for (int i = 0; i < 8; ++i) in.push_back(static_cast<uint8_t>(x >> (8 * i)));
  }
  in.insert(in.end(), s.kdf_salt.begin(), s.kdf_salt.end());
  in.insert(in.end(), s.wrapped_master_key.begin(), s.wrapped_master_key.end());
  return crypto::Sha256(in);
}

// The kept header is authenticated twice: by SQLCipher and by its own
// header_mac under this vault's key, and it must name this vault. The
// change it carries was committed, so a passphrase that it replaced or
// removed no longer opens the vault, although it opened the old header:
// such an open finishes the change and then fails as a wrong passphrase
// (`passphrase` null: an open with a kept unlock, which has expired).
Status ResumeHeaderChange(Vault::Impl& v, const SecretBytes* passphrase) {
  TVAULT_ASSIGN_OR_RETURN(storage::Statement st,
                          v.db.Prepare("SELECT value FROM meta WHERE key = ?"));
  TVAULT_ASSIGN_OR_RETURN(bool kept, st.Bind(1, kPendingHeaderKey).Step());
  if (!kept) return OkStatus();
  TVAULT_ASSIGN_OR_RETURN(VaultHeader next, ParseHeader(st.ColumnBlob(0)));
  st.Reset();
  if (!ConstantTimeEqual(next.vault_id, v.header.vault_id)) {
    return MakeError(ErrorCode::kIntegrity,
                     "vault database holds an interrupted header change for another vault");
  }
  TVAULT_TRY(VerifyHeaderMac(next, v.keys.header_mac));
  const Keyslot* opened = nullptr;
  for (const Keyslot& s : v.header.slots)
    if (s.slot_id == v.unlocked_slot) opened = &s;
  const bool still_there = std::any_of(next.slots.begin(), next.slots.end(), [&](const Keyslot& s) {
    return opened != nullptr && SameKeyslot(s, *opened);
  });
  v.header = std::move(next);
  TVAULT_TRY(FinishHeaderChange(v));
  if (still_there) return OkStatus();
  if (passphrase == nullptr) return UnlockExpired();
  TVAULT_ASSIGN_OR_RETURN(UnlockedMaster unlocked, UnlockHeader(v.header, *passphrase));
  v.unlocked_slot = unlocked.slot_id;
  return OkStatus();
}

audit::Hash IdentityFingerprintDigest(const Vault::Impl& v) {
  std::vector<uint8_t> in;
  const std::string label = "tvault/v1/fingerprint";
  in.insert(in.end(), label.begin(), label.end());
  in.insert(in.end(), v.sign_public.begin(), v.sign_public.end());
  in.insert(in.end(), v.box_public.begin(), v.box_public.end());
  return crypto::Sha256(in);
}

// The rest of a read-only open: nothing that writes. A header change that
// a crash interrupted must be finished (it writes vault.header) before the
// vault can be read consistently.
Status FinishReadOnlyOpen(Vault::Impl& v) {
  TVAULT_ASSIGN_OR_RETURN(std::optional<int64_t> pending,
                          v.db.QueryInt("SELECT count(*) FROM meta WHERE key = 'pending_header'"));
  if (pending.value_or(0) != 0) {
    return MakeError(ErrorCode::kFailedPrecondition,
                     "an interrupted passphrase or keyslot change must be finished first: it "
                     "needs one open for writing, on writable media");
  }
  TVAULT_ASSIGN_OR_RETURN(std::optional<int64_t> evidence,
                          v.db.QueryInt("SELECT count(*) FROM sqlite_master WHERE type = 'table' "
                                        "AND name = 'evidence'"));
  if (evidence.value_or(0) == 0) {
    return MakeError(ErrorCode::kFailedPrecondition,
                     "this vault's database must be upgraded first: it needs one open for "
                     "writing, on writable media");
  }
  // A version-1 vault read without migrating it: it has no cases yet.
  TVAULT_ASSIGN_OR_RETURN(int64_t schema, storage::SchemaVersion(v.db));
  v.has_case_tables = schema >= 2;
  v.has_witness_versions = schema >= 3;
  v.has_consent_tables = schema >= 4;
  v.has_timestamp_table = schema >= 5;
  v.has_redaction_table = schema >= 6;
  return LoadCustodian(v);
}

}  // namespace

// --------------------------------------------------------------- KdfParams

Result<KdfParams> KdfParams::Create(uint32_t memory_mib, uint32_t passes) {
  if (memory_mib < kMinMemoryMib || memory_mib > kMaxMemoryMib) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "the KDF memory in MiB must be between 64 and 4096 (default 256)",
                     ErrorDetail::kKdfMemoryOutOfRange);
  }
  if (passes < kMinPasses || passes > kMaxPasses) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "the KDF pass count must be between 1 and 64 (default 3)",
                     ErrorDetail::kKdfPassesOutOfRange);
  }
  return KdfParams(memory_mib * 1024, passes);
}

KdfParams InsecureKdfParamsForTestsOnly(uint32_t memory_kib, uint32_t passes) {
  return KdfParams(memory_kib, passes);
}

const SecretBytes& Vault::Impl::CompartmentKey(RecordKind kind) const {
  switch (kind) {
    case RecordKind::kWitness: return keys.contacts;
    case RecordKind::kTestimony:
    case RecordKind::kCase:
    case RecordKind::kConsent:
    case RecordKind::kHold:
    case RecordKind::kRedaction: return keys.testimony;
    case RecordKind::kEvidence: return keys.evidence;
    case RecordKind::kVaultItem: return keys.vault_items;
    case RecordKind::kTombstone: break;
  }
  std::abort();  // tombstones use the compartment of the record they replace
}

// ------------------------------------------------------------------- Vault

Vault::Vault(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Vault::Vault(Vault&&) noexcept = default;
Vault& Vault::operator=(Vault&&) noexcept = default;
Vault::~Vault() = default;

const fs::path& Vault::directory() const { return impl_->dir; }
bool Vault::read_only() const { return impl_->read_only; }
const UnlockFailures& Vault::unlock_failures() const { return impl_->unlock_failures; }

// Names what is missing: a vault directory with one of its two files gone is
// not "no vault" (docs/format.md, section 2).
Status Vault::CheckFiles(const fs::path& dir_in) {
  const fs::path dir = fs::absolute(dir_in).lexically_normal();
  std::error_code ec;
  const bool has_dir = fs::is_directory(dir, ec);
  if (ec && ec != std::errc::no_such_file_or_directory) {
    return MakeError(ErrorCode::kIo, "cannot access " + dir.string() + ": " + ec.message() +
                                         "; check its permissions");
  }
  if (!has_dir) return MakeError(ErrorCode::kNotFound, "no vault at " + dir.string(),
                                 ErrorDetail::kNoVault);
  const bool has_header = fs::exists(dir / vault_files::kHeader, ec);
  if (ec && ec != std::errc::no_such_file_or_directory) {
    return MakeError(ErrorCode::kIo, "cannot access " + (dir / vault_files::kHeader).string() +
                                         ": " + ec.message() + "; check its permissions");
  }
  if (has_header) return OkStatus();
  if (fs::exists(dir / vault_files::kDatabase, ec)) {
    return MakeError(ErrorCode::kNotFound,
                     "vault.header is missing from " + dir.string() +
                         " but vault.db is there; restore vault.header from a backup");
  }
  return MakeError(ErrorCode::kNotFound, "no vault at " + dir.string(), ErrorDetail::kNoVault);
}

// An empty existing directory may receive the vault; anything else may not.
Status Vault::CheckInit(const fs::path& dir_in, const InitOptions& options) {
  TVAULT_TRY(RequireText("the custodian name", options.custodian_name));
  const fs::path dir = fs::absolute(dir_in).lexically_normal();
  std::error_code ec;
  fs::file_status st = fs::symlink_status(dir, ec);
  if (ec || st.type() == fs::file_type::not_found) return OkStatus();
  if (st.type() != fs::file_type::directory || !fs::is_empty(dir, ec)) {
    return MakeError(ErrorCode::kAlreadyExists,
                     dir.string() + " already exists and is not an empty directory",
                     ErrorDetail::kVaultDirNotEmpty);
  }
  return OkStatus();
}

Status Vault::Init(const fs::path& dir_in, const SecretBytes& passphrase,
                   const InitOptions& options) {
  if (passphrase.empty()) {
    return MakeError(ErrorCode::kInvalidArgument, "the passphrase must not be empty");
  }
  const fs::path dir = fs::absolute(dir_in).lexically_normal();
  TVAULT_TRY(CheckInit(dir, options));
  TVAULT_TRY(EnsureParentDirectory(dir));
  TVAULT_ASSIGN_OR_RETURN(TempDir tmp, TempDir::CreateBeside(dir, ".tvault-init-"));

  auto impl = std::make_unique<Impl>();
  Impl& v = *impl;
  v.dir = tmp.path();
  crypto::RandomBytes(v.header.vault_id);
  v.master_key = SecretBytes::Random(crypto::kMasterKeyBytes);
  TVAULT_ASSIGN_OR_RETURN(
      Keyslot slot, MakeKeyslot(v.header, 1, options.kdf.memory_kib(), options.kdf.passes(),
                                v.master_key, passphrase, static_cast<uint64_t>(v.Now())));
  v.header.slots.push_back(slot);
  v.keys = crypto::VaultKeys::Derive(v.master_key, v.header.vault_id);

  TVAULT_ASSIGN_OR_RETURN(LockFile lock, LockFile::Acquire(tmp.path() / vault_files::kLock,
                                                           std::chrono::milliseconds(0)));
  v.lock = std::move(lock);
  TVAULT_ASSIGN_OR_RETURN(v.db, storage::Database::Open(tmp.path() / vault_files::kDatabase,
                                                        v.keys.sqlcipher,
                                                        storage::Database::Mode::kCreate));
  {
    TVAULT_ASSIGN_OR_RETURN(storage::Transaction txn, storage::Transaction::Begin(v.db));
    TVAULT_TRY(storage::CreateSchema(v.db, v.header.vault_id));
    TVAULT_TRY(audit_store::CreateTables(v.db));
    TVAULT_TRY(CreateIdentity(v, options.custodian_name));
    TVAULT_TRY(txn.Commit());
  }
  TVAULT_TRY(LoadCustodian(v));
  {
    TVAULT_ASSIGN_OR_RETURN(VaultTxn txn, VaultTxn::Begin(v));
    LogEntry init{audit::Action::kInit, "", 0, {}, {}, {}};
    init.digests.push_back(IdentityFingerprintDigest(v));
    TVAULT_TRY(txn.Log(std::move(init)));
    TVAULT_TRY(txn.Commit());
  }
  SealHeader(v.header, v.keys.header_mac);
  TVAULT_TRY(WriteHeader(v));
  impl.reset();  // close the database and drop the lock before the rename

  // The directory appears complete or not at all.
  if (::rename(tmp.path().c_str(), dir.c_str()) != 0) {
    int err = errno;
    if (err == EEXIST || err == ENOTEMPTY) {
      return MakeError(ErrorCode::kAlreadyExists,
                       dir.string() + " was created by another process meanwhile");
    }
    return IoError("cannot create", dir, err);
  }
  tmp.Release();
  ::chmod(dir.c_str(), 0700);
  return FsyncDirectory(dir.parent_path());
}

Result<std::unique_ptr<Vault::Impl>> BeginOpen(const fs::path& dir_in,
                                               const OpenOptions& options) {
  const fs::path dir = fs::absolute(dir_in).lexically_normal();
  TVAULT_TRY(Vault::CheckFiles(dir));
  auto impl = std::make_unique<Vault::Impl>();
  Vault::Impl& v = *impl;
  v.dir = dir;
  v.read_only = options.read_only;
  TVAULT_ASSIGN_OR_RETURN(v.lock, v.read_only
                                      ? LockFile::AcquireShared(dir / vault_files::kLock,
                                                                options.wait)
                                      : LockFile::Acquire(dir / vault_files::kLock, options.wait));
  TVAULT_ASSIGN_OR_RETURN(v.header, ReadHeader(dir));
  return impl;
}

Status FinishOpen(Vault::Impl& v, const SecretBytes* passphrase) {
  v.keys = crypto::VaultKeys::Derive(v.master_key, v.header.vault_id);
  TVAULT_TRY(VerifyHeaderMac(v.header, v.keys.header_mac));
  TVAULT_ASSIGN_OR_RETURN(v.db, storage::Database::Open(v.dir / vault_files::kDatabase,
                                                        v.keys.sqlcipher,
                                                        v.read_only
                                                            ? storage::Database::Mode::kReadOnly
                                                            : storage::Database::Mode::kOpenExisting));
  TVAULT_TRY(storage::CheckSchema(v.db, v.header.vault_id));
  // Shown to the caller also by a read-only open, which leaves the count.
  v.unlock_failures = ReadUnlockFailures(v.dir);
  if (v.read_only) return FinishReadOnlyOpen(v);
  TVAULT_TRY(storage::MigrateSchema(v.db));
  TVAULT_TRY(ResumeHeaderChange(v, passphrase));
  TVAULT_TRY(LoadCustodian(v));
  // Remnants of an evidence add or shred that a crash interrupted
  // (docs/format.md, section 4.5). Best effort here (`tvault check` reports a
  // failure): an unreadable evidence directory must not lock the custodian
  // out of the testimonies.
  (void)SweepEvidenceOrphans(v, /*apply=*/true);
  // A crash between a hold change and the count panic reads.
  SyncHoldCount(v);
  if (const uint64_t failures = v.unlock_failures.count; failures > 0) {
    TVAULT_ASSIGN_OR_RETURN(VaultTxn txn, VaultTxn::Begin(v));
    LogEntry entry{audit::Action::kUnlockFailures, "", 0, {}, {}, {}};
    entry.secrets.count = failures;
    TVAULT_TRY(txn.Log(std::move(entry)));
    TVAULT_TRY(txn.Commit());
    WriteUnlockFailures(v.dir, UnlockFailures{});
  }
  return OkStatus();
}

Result<Vault> Vault::Open(const fs::path& dir, const SecretBytes& passphrase,
                          const OpenOptions& options) {
  TVAULT_ASSIGN_OR_RETURN(std::unique_ptr<Impl> impl, BeginOpen(dir, options));
  Impl& v = *impl;
  auto unlocked = UnlockHeader(v.header, passphrase);
  if (!unlocked.ok()) {
    if (unlocked.error().code != ErrorCode::kWrongPassphrase) return unlocked.take_error();
    if (v.read_only) {
      return MakeError(ErrorCode::kWrongPassphrase,
                       "wrong passphrase (not counted: the vault is read-only)");
    }
    if (options.count_failed_unlock) CountUnlockFailure(v.dir, v.Now());
    return unlocked.take_error();
  }
  v.master_key = std::move(unlocked->master_key);
  v.unlocked_slot = unlocked->slot_id;
  TVAULT_TRY(FinishOpen(v, &passphrase));
  return Vault(std::move(impl));
}

Result<Vault> Vault::Open(const fs::path& dir, const UnlockKey& key, const OpenOptions& options) {
  if (key.empty()) {
    return MakeError(ErrorCode::kInvalidArgument, "an empty unlock key opens no vault");
  }
  TVAULT_ASSIGN_OR_RETURN(std::unique_ptr<Impl> impl, BeginOpen(dir, options));
  Impl& v = *impl;
  if (!ConstantTimeEqual(key.vault_id_, v.header.vault_id)) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "this unlock belongs to another vault than the one at " + v.dir.string());
  }
  // Not counted as a failed unlock: no passphrase was tried.
  const auto slot = std::find_if(v.header.slots.begin(), v.header.slots.end(),
                                 [&](const Keyslot& s) { return s.slot_id == key.slot_id_; });
  if (slot == v.header.slots.end() || !ConstantTimeEqual(SlotDigest(*slot), key.slot_digest_)) {
    return UnlockExpired();
  }
  v.master_key = SecretBytes::CopyOf(key.master_key_.reveal());
  v.unlocked_slot = key.slot_id_;
  TVAULT_TRY(FinishOpen(v, nullptr));
  return Vault(std::move(impl));
}

UnlockKey Vault::KeepUnlockKey() const {
  const Impl& v = *impl_;
  UnlockKey key;
  key.master_key_ = SecretBytes::CopyOf(v.master_key.reveal());
  key.vault_id_ = v.header.vault_id;
  key.slot_id_ = v.unlocked_slot;
  for (const Keyslot& s : v.header.slots) {
    if (s.slot_id == v.unlocked_slot) key.slot_digest_ = SlotDigest(s);
  }
  return key;
}

// ----------------------------------------------------------------- keyslots

Result<std::vector<KeyslotInfo>> Vault::ListKeyslots() {
  std::vector<KeyslotInfo> out;
  for (const Keyslot& s : impl_->header.slots) {
    TVAULT_ASSIGN_OR_RETURN(std::optional<PlainString> label, ReadKeyslotLabel(*impl_, s));
    out.push_back(KeyslotInfo{s.slot_id, s.kdf_memory_kib, s.kdf_passes,
                              static_cast<int64_t>(s.created_at_unix_s),
                              s.slot_id == impl_->unlocked_slot, label.value_or(PlainString()),
                              IsRecoverySlot(s)});
  }
  return out;
}

Status Vault::ChangePassphrase(const SecretBytes& new_passphrase, std::optional<KdfParams> kdf) {
  Impl& v = *impl_;
  if (new_passphrase.empty()) {
    return MakeError(ErrorCode::kInvalidArgument, "the new passphrase must not be empty");
  }
  TVAULT_TRY(RefusePassphraseOfAnotherSlot(v.header, new_passphrase, v.unlocked_slot));
  VaultHeader next = v.header;
  std::optional<Keyslot> before, after;
  for (Keyslot& s : next.slots) {
    if (s.slot_id != v.unlocked_slot) continue;
    before = s;
    const uint32_t memory_kib = kdf ? kdf->memory_kib() : s.kdf_memory_kib;
    const uint32_t passes = kdf ? kdf->passes() : s.kdf_passes;
    // A fresh salt: the old wrapped key and the new one share nothing.
    TVAULT_ASSIGN_OR_RETURN(s, MakeKeyslot(next, s.slot_id, memory_kib, passes, v.master_key,
                                           new_passphrase, static_cast<uint64_t>(v.Now())));
    after = s;
  }
  SealHeader(next, v.keys.header_mac);
  LogEntry entry{audit::Action::kPassphraseChange, "", 0, {}, {}, {}};
  entry.secrets.detail = PlainString("keyslot " + std::to_string(v.unlocked_slot));
  // The label is bound to the slot's salt, which is new: it moves along.
  auto move_label = [&](VaultTxn&) -> Status {
    if (!before || !after) return OkStatus();
    TVAULT_ASSIGN_OR_RETURN(std::optional<PlainString> label, ReadKeyslotLabel(v, *before));
    if (!label) return OkStatus();
    return StoreKeyslotLabel(v, *after, *label);
  };
  return CommitHeaderChange(v, std::move(next), std::move(entry), move_label);
}

Result<uint8_t> Vault::AddKeyslot(const SecretBytes& new_passphrase, std::optional<KdfParams> kdf,
                                  const PlainString& label) {
  Impl& v = *impl_;
  if (new_passphrase.empty()) {
    return MakeError(ErrorCode::kInvalidArgument, "the new passphrase must not be empty");
  }
  if (!label.empty()) TVAULT_TRY(ValidateKeyslotLabel(label));
  TVAULT_TRY(CheckKdfParamsForNewSlot(v.header));
  TVAULT_TRY(RefusePassphraseOfAnotherSlot(v.header, new_passphrase, /*except=*/0));
  const KdfParams params = kdf ? *kdf : KdfParams::Default();
  VaultHeader next = v.header;
  const uint8_t id = FreeSlotId(next);
  TVAULT_ASSIGN_OR_RETURN(Keyslot slot,
                          MakeKeyslot(next, id, params.memory_kib(), params.passes(),
                                      v.master_key, new_passphrase,
                                      static_cast<uint64_t>(v.Now())));
  next.slots.push_back(slot);
  SealHeader(next, v.keys.header_mac);
  LogEntry entry{audit::Action::kKeyslotAdd, "", 0, {}, {}, {}};
  const std::string slot_words = "keyslot " + std::to_string(id);
  entry.secrets.detail = PlainString(slot_words);
  // Rows a tvault without labels left for an earlier slot of this id go.
  auto label_rows = [&](VaultTxn& txn) -> Status {
    TVAULT_TRY(DeleteKeyslotLabels(v, id));
    if (label.empty()) return OkStatus();
    TVAULT_TRY(StoreKeyslotLabel(v, slot, label));
    LogEntry labelled{audit::Action::kKeyslotLabel, "", 0, {}, {}, {}};
    labelled.secrets.detail = PlainString(slot_words + " label: ") + label;
    return txn.Log(std::move(labelled));
  };
  TVAULT_TRY(CommitHeaderChange(v, std::move(next), std::move(entry), label_rows));
  return id;
}

Status Vault::RemoveKeyslot(uint8_t slot_id) {
  Impl& v = *impl_;
  VaultHeader next = v.header;
  auto it = std::find_if(next.slots.begin(), next.slots.end(),
                         [&](const Keyslot& s) { return s.slot_id == slot_id; });
  if (it == next.slots.end()) {
    return MakeError(ErrorCode::kNotFound,
                     "no keyslot " + std::to_string(slot_id), ErrorDetail::kNoSuchKeyslot);
  }
  if (IsRecoverySlot(*it)) {
    return MakeError(ErrorCode::kFailedPrecondition,
                     "keyslot " + std::to_string(slot_id) +
                         " is the recovery keyslot: revoke the recovery shares instead");
  }
  const auto passphrase_slots = std::count_if(next.slots.begin(), next.slots.end(),
                                              [](const Keyslot& s) { return !IsRecoverySlot(s); });
  if (passphrase_slots == 1) {
    return MakeError(ErrorCode::kFailedPrecondition,
                     "refusing to remove the last keyslot: the vault would never open again");
  }
  next.slots.erase(it);
  SealHeader(next, v.keys.header_mac);
  LogEntry entry{audit::Action::kKeyslotRemove, "", 0, {}, {}, {}};
  entry.secrets.detail = PlainString("keyslot " + std::to_string(slot_id));
  return CommitHeaderChange(v, std::move(next), std::move(entry),
                            [&](VaultTxn&) { return DeleteKeyslotLabels(v, slot_id); });
}

Status CheckNewOutputFile(const std::filesystem::path& path) {
  return RefuseExisting(path);
}

}  // namespace tvault
