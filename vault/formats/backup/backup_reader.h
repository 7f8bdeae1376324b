// Reads and verifies a backup file (docs/format.md, section 9.4) in one
// streaming pass: the tar profile, the member order, every member's size and
// SHA-256 against manifest.json, the minisign signature of the manifest under
// the key the manifest names, its trusted comment, and the checkpoint's
// signature, origin and size. It proves the file intact and self-consistent;
// whether `signer` is a key to trust is the caller's question.
//
// The bytes of the vault's members go to the caller's sinks as they are
// read, BEFORE the end of the file is verified: a caller that writes them
// somewhere must discard them unless ReadBackup returns OK.
//
// Errors: kIntegrity naming the first failure (a damaged, truncated,
// reordered or forged file), kUnsupported for another manifest version, the
// source's or a sink's error. Memory: O(1) in the members' sizes; O(members)
// for their names and digests; the manifest (at most 64 MiB) is held whole.
// Thread-safety: one call per thread; it starts one hashing thread.
#ifndef TVAULT_BACKUP_BACKUP_READER_H_
#define TVAULT_BACKUP_BACKUP_READER_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "audit/checkpoint.h"
#include "backup/backup_format.h"
#include "util/byte_stream.h"
#include "vault/result.h"

namespace tvault::backup {

// Where the vault's members go while a backup is read.
class MemberSinks {
 public:
  virtual ~MemberSinks() = default;
  // A vault member starts: `vault_path` as VaultPathOf gives it
  // ("vault.db", "evidence/E-X.tve"), `size` its length. Returns where its
  // bytes go, or nullptr to drop them. The sink must live until End.
  virtual Result<ByteSink*> Begin(std::string_view vault_path, uint64_t size) = 0;
  // All of the member's bytes were delivered.
  virtual Status End() = 0;
};

struct VerifiedBackup {
  Manifest manifest;
  std::string checkpoint_note;       // the signed note, exactly as stored
  audit::Checkpoint checkpoint;      // its body, verified under manifest.signer
  crypto::Sha256Digest manifest_sha256{};
  uint64_t vault_bytes = 0;          // the sizes of the vault's members, summed
  uint64_t evidence_files = 0;
};

// `sinks` may be null (verify only).
Result<VerifiedBackup> ReadBackup(ByteSource& in, MemberSinks* sinks);

}  // namespace tvault::backup

#endif  // TVAULT_BACKUP_BACKUP_READER_H_
