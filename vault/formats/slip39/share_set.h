// ShareSet: SLIP-39 shares gathered one at a time (a recovery prompt), with
// every check the spec asks of a set of shares made as each one arrives.
//
// Add refuses, leaving the set unchanged: a mnemonic that is not a share
// (share.h), a share of another set ("share 3 comes from a different set than
// share 1 (identifier 1234 vs 5678)"), one whose common parameters differ
// (extendable flag, iteration exponent, group threshold or count, value
// length), one whose member threshold differs from its group's, a repeat of a
// share already added, and a different share under a member number already
// taken. Shares are numbered in the order they were offered, from 1; groups
// and members are numbered from 1 in messages (the mnemonic stores them from
// 0).
//
// Once enough groups have enough members, Recover combines the first
// `member threshold` shares of the first `group threshold` complete groups (by
// group number) and decrypts the master secret with the passphrase. Shares
// beyond those are accepted and not used (as the reference's RecoveryState).
//
// Errors: Add as share.h (kInvalidArgument) and kInvalidArgument for a share
// that does not belong. Recover: kFailedPrecondition before complete();
// kIntegrity if the shares do not combine (the digest check fails: a share is
// forged or damaged in a way its checksum did not catch, or comes from another
// set with the same identifier); kInternal from PBKDF2.
// Thread-safety: none; a ShareSet belongs to one thread.
#ifndef TVAULT_SLIP39_SHARE_SET_H_
#define TVAULT_SLIP39_SHARE_SET_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "slip39/share.h"
#include "vault/result.h"
#include "vault/secret.h"

namespace tvault::slip39 {

// How far one group has come.
struct GroupProgress {
  uint8_t group = 0;      // 1-based group number
  uint8_t entered = 0;    // distinct shares added
  uint8_t threshold = 0;  // shares the group needs
};

// How far the set has come. Before the first share, group_threshold is 0.
struct Needed {
  uint8_t group_threshold = 0;
  uint8_t group_count = 0;
  uint8_t groups_complete = 0;
  std::vector<GroupProgress> groups;  // the groups with a share, by number

  bool complete() const { return group_threshold != 0 && groups_complete >= group_threshold; }
  // One line for a person, e.g. "2 of 3 shares entered; 1 more needed" or
  // "1 of 2 groups complete; group 3 needs 1 more share (1 of 2 entered)".
  std::string Describe() const;
};

class ShareSet {
 public:
  // Parses `mnemonic` as the next share and adds it (see above).
  Status Add(const SecretBytes& mnemonic);

  std::size_t size() const { return shares_.size(); }
  Needed needed() const;
  bool complete() const { return needed().complete(); }

  // The master secret (see above). `passphrase` is the one given to Split.
  Result<SecretBytes> Recover(const SecretBytes& passphrase) const;

 private:
  // Adds a share as ParseShare gives it (its fields in range).
  Status Add(Share share);
  Status CheckFits(const Share& share, std::size_t position) const;

  std::vector<Share> shares_;  // in the order added
};

}  // namespace tvault::slip39

#endif  // TVAULT_SLIP39_SHARE_SET_H_
