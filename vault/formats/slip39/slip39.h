// SLIP-39 (SatoshiLabs SLIP-0039, "Shamir's Secret-Sharing for Mnemonic
// Codes", status Final, with the extendable backup flag): a master secret
// split into mnemonic shares, any `threshold` of which give it back, in a
// two-level scheme (a threshold of groups, each with its own threshold of
// members). The whole specification: master secrets of 128 bits or more (an
// even number of bytes), up to 16 groups of up to 16 members, the extendable
// flag, iteration exponents 0-15, the RS1024 checksum, the digest share and
// the PBKDF2 Feistel encryption.
// Interoperable with trezor/python-shamir-mnemonic (its 45 published vectors
// pass: tests/unit/formats/slip39/).
//
// The module: wordlist.h (the list), rs1024.h (checksum), gf256.h and
// shamir.h (sharing), feistel.h (encryption), share.h (one mnemonic),
// share_set.h (gathering shares one at a time), and this file.
//
// Secrets (master secret, passphrase, shares, mnemonics) pass only in
// SecretBytes; intermediates are wiped; the field arithmetic and word lookups
// run in constant time.
//
// Errors: kInvalidArgument for parameters Split cannot honour and for
// mnemonics that are not shares or do not form a set; kIntegrity when the
// shares do not combine (the digest check); kInternal from PBKDF2. Messages
// are one line and never hold a word of a share.
// Thread-safety: reentrant.
#ifndef TVAULT_SLIP39_SLIP39_H_
#define TVAULT_SLIP39_SLIP39_H_

#include <cstdint>
#include <span>
#include <vector>

#include "slip39/share.h"
#include "slip39/share_set.h"
#include "vault/result.h"
#include "vault/secret.h"

namespace tvault::slip39 {

struct GroupSpec {
  uint8_t member_threshold = 1;
  uint8_t member_count = 1;
};

// Encrypts `master_secret` with `passphrase` and splits it into shares:
// result[g][m] is the mnemonic of member m of group g. The identifier is
// random. Refused, as the spec and the reference refuse them: a master secret
// under 128 bits or of odd length; a passphrase with a byte outside printable
// ASCII (32-126); no group, or more than 16; a group threshold of 0 or above
// the number of groups; a member threshold of 0 or above its group's count; a
// group of more than 16; a member threshold of 1 with more than 1 member
// (every member would hold the same share: give one 1-of-1 share instead); an
// iteration exponent above 15. The spec asks new shares to be extendable.
Result<std::vector<std::vector<SecretBytes>>> Split(const SecretBytes& master_secret,
                                                     const SecretBytes& passphrase,
                                                     uint8_t group_threshold,
                                                     std::span<const GroupSpec> groups,
                                                     uint8_t iteration_exponent, bool extendable);

// The master secret from `mnemonics`, in any order, decrypted with
// `passphrase` (any passphrase decrypts to some secret; only the right one to
// the original). As the spec and the reference: exactly `group threshold`
// groups, each with exactly its member threshold of shares, all from one set.
// Unlike the reference, a mnemonic given twice is refused ("share 3 repeats
// share 1"), not silently dropped.
Result<SecretBytes> Combine(std::span<const SecretBytes> mnemonics, const SecretBytes& passphrase);

}  // namespace tvault::slip39

#endif  // TVAULT_SLIP39_SLIP39_H_
