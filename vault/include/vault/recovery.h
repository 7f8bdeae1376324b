// Recovery shares: a keyslot that T of N trusted people can open together
// (docs/format.md, sections 2.3 and 7; docs/threat-model.md, "Recovery
// shares").
//
// Vault::CreateRecovery adds a recovery keyslot whose secret is 32 fresh
// random bytes, split into N SLIP-39 mnemonics (SatoshiLabs SLIP-0039) of
// which any T recover it. The secret is wiped before the call returns and
// never written anywhere; the mnemonics are returned once, to be shown or
// printed, and are not kept either. Vault::Recover opens the vault with T
// shares, sets a new passphrase and removes the recovery keyslot in one
// header change: a set that has been used (its shares handed over) opens
// nothing any more, and a new set is made with CreateRecovery.
#ifndef TVAULT_RECOVERY_H_
#define TVAULT_RECOVERY_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "vault/result.h"
#include "vault/secret.h"
#include "vault/vault.h"

namespace tvault {

// SLIP-39 allows at most 16 members in a group.
inline constexpr uint8_t kMaxRecoveryShares = 16;

struct RecoveryPlan {
  uint8_t threshold = 0;    // shares needed: 2..share_count
  uint8_t share_count = 0;  // shares made: threshold..kMaxRecoveryShares
  // Replace the vault's recovery keyslot if it has one (otherwise a second
  // set is refused: revoke or replace the first).
  bool replace = false;
};

// Whether a plan is well-formed, before any passphrase is asked:
// kInvalidArgument naming the bad number.
Status ValidateRecoveryPlan(const RecoveryPlan& plan);

struct RecoveryInfo {
  uint8_t slot_id = 0;
  int64_t created_at_unix_s = 0;
  uint8_t threshold = 0;    // 0 if the vault item describing the set is missing
  uint8_t share_count = 0;
};

struct RecoverySet {
  RecoveryInfo info;
  // Share k is mnemonics[k - 1]: 33 words, lower case, single spaces.
  std::vector<SecretBytes> mnemonics;
  // The fingerprint of the custodian's identity ("tvault identity show"),
  // to print beside each share so its holder knows which vault it opens.
  std::string vault_fingerprint;
};

// Shares gathered one at a time. Add refuses, leaving the set unchanged, a
// text that is not a SLIP-39 share (a word not in the list, a bad checksum:
// the message names the word or the share) and a share that does not belong
// with those already given (another set, a repeat). kInvalidArgument.
// Thread-safety: none.
class RecoveryShares {
 public:
  RecoveryShares();
  ~RecoveryShares();
  RecoveryShares(RecoveryShares&&) noexcept;
  RecoveryShares& operator=(RecoveryShares&&) noexcept;

  Status Add(const SecretBytes& mnemonic);
  std::size_t size() const;
  bool complete() const;
  // One line: "2 of 3 shares entered; 1 more needed" (before the first
  // share: "no share entered yet").
  std::string Progress() const;

 private:
  friend class Vault;
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

struct RecoverOptions {
  // The passphrase keyslot whose passphrase the new one replaces. 0: the
  // vault's only passphrase slot (kFailedPrecondition naming them if there
  // are several), unless add_slot.
  uint8_t replace_slot = 0;
  // Add a passphrase slot instead of replacing one.
  bool add_slot = false;
  std::optional<KdfParams> kdf;  // default: KdfParams::Default()
};

struct Recovered {
  Vault vault;            // opened with the new passphrase's slot
  uint8_t new_slot = 0;   // that slot (the replaced one's id, or a new one)
  RecoveryInfo used;      // the set that was used, and is now revoked
};

// What Recover will do, read from the header without a passphrase or the
// lock: kFailedPrecondition if the vault has no recovery keyslot or the
// slot to replace is ambiguous, kNotFound for no vault or no such slot.
struct RecoverTarget {
  uint8_t recovery_slot = 0;
  uint8_t replace_slot = 0;  // 0 with add_slot
};
Result<RecoverTarget> CheckRecoverTarget(const std::filesystem::path& dir,
                                         const RecoverOptions& options);

}  // namespace tvault

#endif  // TVAULT_RECOVERY_H_
