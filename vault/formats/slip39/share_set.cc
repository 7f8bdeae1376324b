#include "slip39/share_set.h"

#include <array>
#include <utility>

#include "slip39/feistel.h"
#include "slip39/shamir.h"

namespace tvault::slip39 {
namespace {

std::string Plural(std::size_t n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

Error DoesNotBelong(std::size_t position, std::size_t other, const std::string& what) {
  return MakeError(ErrorCode::kInvalidArgument, ShareName(position) + " does not belong with " +
                                                    ShareName(other) + " (" + what + ")");
}

std::string Versus(const char* field, unsigned a, unsigned b) {
  return std::string(field) + " " + std::to_string(a) + " vs " + std::to_string(b);
}

}  // namespace

std::string Needed::Describe() const {
  if (group_threshold == 0) return "no share entered yet";
  if (complete()) return "enough shares entered to recover";
  if (group_count == 1) {
    const GroupProgress& g = groups.front();
    return std::to_string(g.entered) + " of " + std::to_string(g.threshold) +
           " shares entered; " + std::to_string(g.threshold - g.entered) + " more needed";
  }
  std::string line = std::to_string(groups_complete) + " of " + std::to_string(group_threshold) +
                     " groups complete";
  std::size_t started = groups_complete;
  for (const GroupProgress& g : groups) {
    if (g.entered >= g.threshold) continue;
    ++started;
    line += "; group " + std::to_string(g.group) + " needs " +
            Plural(g.threshold - g.entered, "more share", "more shares") + " (" +
            std::to_string(g.entered) + " of " + std::to_string(g.threshold) + " entered)";
  }
  if (started < group_threshold)
    line += "; shares of " + Plural(group_threshold - started, "more group", "more groups") +
            " needed";
  return line;
}

Status ShareSet::CheckFits(const Share& s, std::size_t position) const {
  if (shares_.empty()) return OkStatus();
  const Share& first = shares_.front();
  if (s.identifier != first.identifier) {
    // Not the identifiers themselves: they are the first words of a share.
    return MakeError(ErrorCode::kInvalidArgument,
                     ShareName(position) +
                         " comes from a different set than share 1 (their first two words "
                         "differ)");
  }
  if (s.extendable != first.extendable)
    return DoesNotBelong(position, 1, Versus("extendable flag", s.extendable, first.extendable));
  if (s.iteration_exponent != first.iteration_exponent) {
    return DoesNotBelong(position, 1, Versus("iteration exponent", s.iteration_exponent,
                                             first.iteration_exponent));
  }
  if (s.group_threshold != first.group_threshold) {
    return DoesNotBelong(position, 1,
                         Versus("group threshold", s.group_threshold, first.group_threshold));
  }
  if (s.group_count != first.group_count)
    return DoesNotBelong(position, 1, Versus("group count", s.group_count, first.group_count));
  if (s.value.size() != first.value.size()) {
    return DoesNotBelong(position, 1,
                         Versus("secret bits", 8 * unsigned(s.value.size()),
                                8 * unsigned(first.value.size())));
  }
  for (std::size_t k = 0; k < shares_.size(); ++k) {
    const Share& other = shares_[k];
    if (other.group_index != s.group_index) continue;
    if (other.member_threshold != s.member_threshold) {
      return DoesNotBelong(position, k + 1, Versus("member threshold", s.member_threshold,
                                                   other.member_threshold));
    }
    if (other.member_index != s.member_index) continue;
    if (other.value.Equals(s.value)) {
      return MakeError(ErrorCode::kInvalidArgument,
                       ShareName(position) + " repeats " + ShareName(k + 1));
    }
    return MakeError(ErrorCode::kInvalidArgument,
                     ShareName(position) + " has the same number as " + ShareName(k + 1) +
                         " (member " + std::to_string(s.member_index + 1) + " of group " +
                         std::to_string(s.group_index + 1) +
                         ") but a different value: one of them is damaged or forged");
  }
  return OkStatus();
}

Status ShareSet::Add(const SecretBytes& mnemonic) {
  TVAULT_ASSIGN_OR_RETURN(Share share, ParseShareAt(mnemonic, shares_.size() + 1));
  return Add(std::move(share));
}

Status ShareSet::Add(Share share) {
  TVAULT_TRY(CheckFits(share, shares_.size() + 1));
  shares_.push_back(std::move(share));
  return OkStatus();
}

Needed ShareSet::needed() const {
  Needed n;
  if (shares_.empty()) return n;
  n.group_threshold = shares_.front().group_threshold;
  n.group_count = shares_.front().group_count;
  std::array<uint8_t, kMaxGroups> entered{};
  std::array<uint8_t, kMaxGroups> threshold{};
  for (const Share& s : shares_) {
    ++entered[s.group_index];
    threshold[s.group_index] = s.member_threshold;
  }
  for (std::size_t g = 0; g < kMaxGroups; ++g) {
    if (entered[g] == 0) continue;
    n.groups.push_back({static_cast<uint8_t>(g + 1), entered[g], threshold[g]});
    if (entered[g] >= threshold[g]) ++n.groups_complete;
  }
  return n;
}

Result<SecretBytes> ShareSet::Recover(const SecretBytes& passphrase) const {
  TVAULT_TRY(CheckPassphrase(passphrase));
  const Needed need = needed();
  if (!need.complete()) {
    return MakeError(ErrorCode::kFailedPrecondition,
                     "not enough shares to recover: " + need.Describe());
  }
  const Share& first = shares_.front();
  std::vector<RawShare> group_secrets;
  for (const GroupProgress& g : need.groups) {
    if (g.entered < g.threshold) continue;
    if (group_secrets.size() == need.group_threshold) break;
    const uint8_t index = g.group - 1;
    std::vector<Point> members;
    for (const Share& s : shares_) {
      if (s.group_index == index && members.size() < g.threshold)
        members.push_back({s.member_index, s.value.reveal()});
    }
    auto secret = RecoverSecret(g.threshold, members);
    if (!secret.ok()) {
      return MakeError(ErrorCode::kIntegrity,
                       "the shares of group " + std::to_string(g.group) +
                           " do not combine: one is damaged or forged, or comes from another "
                           "set with the same identifier");
    }
    group_secrets.push_back({index, std::move(secret).value()});
  }
  std::vector<Point> groups;
  for (const RawShare& g : group_secrets) groups.push_back({g.x, g.y.reveal()});
  auto encrypted = RecoverSecret(need.group_threshold, groups);
  if (!encrypted.ok()) {
    return MakeError(ErrorCode::kIntegrity,
                     "the groups do not combine: a share is damaged or forged, or comes from "
                     "another set with the same identifier");
  }
  return DecryptMasterSecret(*encrypted, passphrase,
                             {first.identifier, first.extendable, first.iteration_exponent});
}

}  // namespace tvault::slip39
