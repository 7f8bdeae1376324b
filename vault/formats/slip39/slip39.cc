#include "slip39/slip39.h"

#include <string>
#include <utility>

#include "crypto/random.h"
#include "slip39/feistel.h"
#include "slip39/shamir.h"

namespace tvault::slip39 {
namespace {

Error Refuse(const std::string& message) {
  return MakeError(ErrorCode::kInvalidArgument, message);
}

Status CheckSecretAndPassphrase(const SecretBytes& master_secret, const SecretBytes& passphrase) {
  const std::string bytes = std::to_string(master_secret.size());
  if (master_secret.size() < kMinSecretBytes)
    return Refuse("the master secret is " + bytes + " bytes; SLIP-39 needs at least 16");
  if (master_secret.size() % 2 != 0)
    return Refuse("the master secret is " + bytes + " bytes; SLIP-39 needs an even number");
  return CheckPassphrase(passphrase);
}

Status CheckLayout(uint8_t group_threshold, std::span<const GroupSpec> groups,
                   uint8_t iteration_exponent) {
  if (groups.empty()) return Refuse("no group of shares requested");
  if (groups.size() > kMaxGroups)
    return Refuse(std::to_string(groups.size()) + " groups requested; SLIP-39 allows at most 16");
  if (group_threshold == 0 || group_threshold > groups.size()) {
    return Refuse("a group threshold of " + std::to_string(group_threshold) + " with " +
                  std::to_string(groups.size()) + " groups; it must be 1 to " +
                  std::to_string(groups.size()));
  }
  for (std::size_t g = 0; g < groups.size(); ++g) {
    const std::string name = "group " + std::to_string(g + 1);
    const GroupSpec& spec = groups[g];
    if (spec.member_count == 0) return Refuse(name + " has no members");
    if (spec.member_count > kMaxMembers) {
      return Refuse(name + " has " + std::to_string(spec.member_count) +
                    " members; SLIP-39 allows at most 16");
    }
    if (spec.member_threshold == 0 || spec.member_threshold > spec.member_count) {
      return Refuse(name + " has a threshold of " + std::to_string(spec.member_threshold) +
                    " with " + std::to_string(spec.member_count) + " members; it must be 1 to " +
                    std::to_string(spec.member_count));
    }
    if (spec.member_threshold == 1 && spec.member_count > 1) {
      return Refuse(name + " has a threshold of 1 with " + std::to_string(spec.member_count) +
                    " members, who would all hold the same share; make it 1 of 1");
    }
  }
  if (iteration_exponent > kMaxIterationExponent) {
    return Refuse("an iteration exponent of " + std::to_string(iteration_exponent) +
                  "; SLIP-39 allows 0 to 15");
  }
  return OkStatus();
}

}  // namespace

Result<std::vector<std::vector<SecretBytes>>> Split(const SecretBytes& master_secret,
                                                     const SecretBytes& passphrase,
                                                     uint8_t group_threshold,
                                                     std::span<const GroupSpec> groups,
                                                     uint8_t iteration_exponent, bool extendable) {
  TVAULT_TRY(CheckSecretAndPassphrase(master_secret, passphrase));
  TVAULT_TRY(CheckLayout(group_threshold, groups, iteration_exponent));
  const CipherParams params{static_cast<uint16_t>(crypto::RandomUniform(1u << 15)), extendable,
                            iteration_exponent};
  TVAULT_ASSIGN_OR_RETURN(SecretBytes encrypted,
                          EncryptMasterSecret(master_secret, passphrase, params));
  std::vector<RawShare> group_shares =
      SplitSecret(group_threshold, static_cast<uint8_t>(groups.size()), encrypted);

  std::vector<std::vector<SecretBytes>> mnemonics(groups.size());
  for (std::size_t g = 0; g < groups.size(); ++g) {
    const GroupSpec& spec = groups[g];
    for (RawShare& member : SplitSecret(spec.member_threshold, spec.member_count,
                                        group_shares[g].y)) {
      Share share;
      share.identifier = params.identifier;
      share.extendable = extendable;
      share.iteration_exponent = iteration_exponent;
      share.group_index = group_shares[g].x;
      share.group_threshold = group_threshold;
      share.group_count = static_cast<uint8_t>(groups.size());
      share.member_index = member.x;
      share.member_threshold = spec.member_threshold;
      share.value = std::move(member.y);
      mnemonics[g].push_back(FormatShare(share));
    }
  }
  return mnemonics;
}

Result<SecretBytes> Combine(std::span<const SecretBytes> mnemonics, const SecretBytes& passphrase) {
  if (mnemonics.empty()) return Refuse("no shares given");
  ShareSet set;
  for (const SecretBytes& mnemonic : mnemonics) TVAULT_TRY(set.Add(mnemonic));

  // The spec asks for exactly the thresholds; ShareSet alone would accept
  // more and use some of them.
  const Needed need = set.needed();
  if (need.groups.size() != need.group_threshold) {
    return Refuse("the shares come from " + std::to_string(need.groups.size()) +
                  (need.groups.size() == 1 ? " group; " : " groups; ") +
                  (need.groups.size() < need.group_threshold ? "" : "exactly ") +
                  std::to_string(need.group_threshold) + " are needed");
  }
  for (const GroupProgress& g : need.groups) {
    if (g.entered != g.threshold) {
      return Refuse(std::to_string(g.entered) + (g.entered == 1 ? " share" : " shares") +
                    " of group " + std::to_string(g.group) + " given, " +
                    (g.entered < g.threshold ? "" : "exactly ") + std::to_string(g.threshold) +
                    " needed");
    }
  }
  return set.Recover(passphrase);
}

}  // namespace tvault::slip39
