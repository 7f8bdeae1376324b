#include "binding/header_change.h"

#include "util/file_io.h"

namespace tvault {
namespace {

constexpr std::size_t kMaxHeaderBytes = 4096;

Status KeepPendingHeader(storage::Database& db, std::span<const uint8_t> header_bytes) {
  TVAULT_ASSIGN_OR_RETURN(storage::Statement st,
                          db.Prepare("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)"));
  return st.Bind(1, kPendingHeaderKey).BindBlob(2, header_bytes).Run();
}

}  // namespace

Result<VaultHeader> ReadHeader(const std::filesystem::path& dir) {
  auto bytes = ReadSmallFile(dir / vault_files::kHeader, kMaxHeaderBytes);
  if (!bytes.ok()) {
    if (bytes.error().code == ErrorCode::kNotFound) {
      return MakeError(ErrorCode::kNotFound,
                       "no vault at " + dir.string() + " (vault.header is missing)",
                       ErrorDetail::kNoVault);
    }
    if (bytes.error().code == ErrorCode::kInvalidArgument) {
      return MakeError(ErrorCode::kIntegrity, "vault header is corrupted (too large)");
    }
    return bytes.take_error();
  }
  return ParseHeader(*bytes);
}

Status WriteHeader(const Vault::Impl& v) {
  return WriteFileAtomically(v.dir / vault_files::kHeader, SerializeHeader(v.header));
}

// A header change is committed as one database transaction that logs its
// audit event and keeps the new header's bytes (meta 'pending_header');
// vault.header is replaced only after that commit, and the kept bytes are
// dropped once it is. An open that finds them kept finishes the replacement
// (ResumeHeaderChange). So every crash leaves either the old header and no
// event, or the new header (at once or from the next open) and its event
// (docs/format.md, section 2.2).
Status FinishHeaderChange(Vault::Impl& v) {
  TVAULT_TRY(WriteHeader(v));
  TVAULT_ASSIGN_OR_RETURN(storage::Statement st, v.db.Prepare("DELETE FROM meta WHERE key = ?"));
  return st.Bind(1, kPendingHeaderKey).Run();
}

Status CommitHeaderChange(Vault::Impl& v, VaultHeader next, LogEntry entry,
                          const HeaderChangeRows& also) {
  TVAULT_ASSIGN_OR_RETURN(VaultTxn txn, VaultTxn::Begin(v));
  TVAULT_TRY(txn.Log(std::move(entry)));
  if (also) TVAULT_TRY(also(txn));
  TVAULT_TRY(KeepPendingHeader(v.db, SerializeHeader(next)));
  TVAULT_TRY(txn.Commit());
  v.header = std::move(next);
  return FinishHeaderChange(v);
}

// One KDF per keyslot: a passphrase that already opens a slot other than
// `except` would make two slots that one person's secret opens (and one
// `keyslot remove` would not revoke it).
Status RefusePassphraseOfAnotherSlot(const VaultHeader& header, const SecretBytes& passphrase,
                                     uint8_t except) {
  for (const Keyslot& s : header.slots) {
    if (s.slot_id == except) continue;
    VaultHeader one = header;
    one.slots = {s};
    if (UnlockHeader(one, passphrase).ok()) {
      return MakeError(ErrorCode::kAlreadyExists,
                       "keyslot " + std::to_string(s.slot_id) +
                           " already has this passphrase; choose a different one");
    }
  }
  return OkStatus();
}

Status CheckKdfParamsForNewSlot(const VaultHeader& header) {
  if (header.slots.size() >= header_format::kMaxSlots) {
    return MakeError(ErrorCode::kFailedPrecondition,
                     "this vault already has the maximum of 8 keyslots; remove one first");
  }
  return OkStatus();
}

}  // namespace tvault
