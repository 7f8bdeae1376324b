// Erasable reasons (docs/audit-format.md, section 2.1): sealed under a key
// derived from one record version's key, bound to the vault, the record and
// the version.
#include <gtest/gtest.h>

#include "audit/event.h"
#include "crypto/random.h"
#include "support/test_support.h"

namespace tvault::audit {
namespace {

using ::tvault::testing::Must;
using ::tvault::testing::Text;

SecretBytes RandomKey() {
  SecretBytes k(32);
  crypto::RandomBytes(k.reveal());
  return k;
}

TEST(ErasableReason, OpensOnlyWithItsVersionKeyVaultRecordAndVersion) {
  const SecretBytes key = RandomKey();
  const std::vector<uint8_t> vault(16, 7), other_vault(16, 8);
  const auto sealed = SealErasableReason(key, vault, "T-ABCDE", 2, Text("named in the reason"));
  EXPECT_EQ(sealed.size(), 24u + 19u + 16u);
  EXPECT_EQ(Must(OpenErasableReason(key, vault, "T-ABCDE", 2, sealed)),
            Text("named in the reason"));
  EXPECT_FALSE(OpenErasableReason(RandomKey(), vault, "T-ABCDE", 2, sealed).ok());
  EXPECT_FALSE(OpenErasableReason(key, other_vault, "T-ABCDE", 2, sealed).ok());
  EXPECT_FALSE(OpenErasableReason(key, vault, "T-ABCDF", 2, sealed).ok());
  EXPECT_FALSE(OpenErasableReason(key, vault, "T-ABCDE", 3, sealed).ok());
  auto flipped = sealed;
  flipped[30] ^= 1;
  auto r = OpenErasableReason(key, vault, "T-ABCDE", 2, flipped);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kIntegrity);
}

TEST(ErasableReason, TravelsAsTagEightOfTheSealedFields) {
  const SecretBytes audit_key = RandomKey(), record_key = RandomKey();
  const std::vector<uint8_t> vault(16, 1);
  EventSecrets s;
  s.erasable_reason = SealErasableReason(record_key, vault, "T-ABCDE", 2, Text("why"));
  EXPECT_FALSE(s.empty());
  Event e;
  e.seq = 5;
  e.action = Action::kTestimonyAmend;
  e.object_id = "T-ABCDE";
  e.object_version = 2;
  e.sealed = SealSecrets(audit_key, vault, e.seq, e.action, s);
  EventSecrets opened = Must(OpenSecrets(audit_key, vault, e));
  EXPECT_TRUE(opened.reason.empty());
  EXPECT_EQ(opened.erasable_reason, s.erasable_reason);
  EXPECT_EQ(Must(OpenErasableReason(record_key, vault, "T-ABCDE", 2, opened.erasable_reason)),
            Text("why"));
}

}  // namespace
}  // namespace tvault::audit
