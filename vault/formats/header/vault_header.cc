#include "header/vault_header.h"

#include <algorithm>
#include <cstring>
#include <optional>
#include <string_view>

#include "crypto/aead.h"
#include "crypto/hash.h"
#include "crypto/key_hierarchy.h"
#include "crypto/password_kdf.h"
#include "util/byte_io.h"

namespace tvault {
namespace hf = header_format;
namespace {

Error Corrupt(const char* what) {
  return MakeError(ErrorCode::kIntegrity,
                   std::string("vault header is corrupted (") + what +
                       "); restore vault.header from a backup");
}

void WriteSlot(ByteWriter& w, const Keyslot& s, bool with_wrapped_key) {
  w.U8(s.slot_id);
  w.U8(s.kdf_alg);
  w.U32(s.kdf_memory_kib);
  w.U32(s.kdf_passes);
  w.Raw(s.kdf_salt);
  w.U64(s.created_at_unix_s);
  if (with_wrapped_key) w.Raw(s.wrapped_master_key);
}

std::vector<uint8_t> SlotAd(const VaultHeader& h, const Keyslot& s) {
  std::vector<uint8_t> ad;
  ByteWriter w(ad);
  w.Raw(crypto::label::kKeyslot);
  w.Raw(h.vault_id);
  WriteSlot(w, s, /*with_wrapped_key=*/false);
  return ad;
}

bool ReadArray(ByteReader& r, std::span<uint8_t> out) {
  std::span<const uint8_t> v;
  if (!r.Raw(out.size(), v)) return false;
  std::copy(v.begin(), v.end(), out.begin());
  return true;
}

Result<SecretBytes> SlotKek(const Keyslot& s, const SecretBytes& passphrase) {
  return crypto::Argon2id(passphrase, s.kdf_salt,
                          crypto::Argon2idParams{s.kdf_memory_kib, s.kdf_passes},
                          crypto::kAeadKeyBytes);
}

SecretBytes RecoveryKek(const Keyslot& s, const SecretBytes& recovery_secret) {
  const std::string_view info = crypto::label::kRecoveryKeyslot;
  return crypto::HkdfSha256(recovery_secret.reveal(), s.kdf_salt,
                            std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(info.data()),
                                                     info.size()),
                            crypto::kAeadKeyBytes);
}

// Fills in a fresh salt and the creation time, then wraps `master_key`
// under the slot's KEK (which may depend on the salt).
template <typename Kek>
Result<Keyslot> SealSlot(const VaultHeader& h, Keyslot s, const SecretBytes& master_key,
                         uint64_t now_unix_s, Kek kek_of) {
  SecretBytes salt = SecretBytes::Random(s.kdf_salt.size());
  std::copy(salt.reveal().begin(), salt.reveal().end(), s.kdf_salt.begin());
  s.created_at_unix_s = now_unix_s;
  TVAULT_ASSIGN_OR_RETURN(SecretBytes kek, kek_of(s));
  std::vector<uint8_t> sealed = crypto::AeadSeal(kek, master_key.reveal(), SlotAd(h, s));
  if (sealed.size() != s.wrapped_master_key.size())
    return MakeError(ErrorCode::kInternal, "master key has the wrong size");
  std::copy(sealed.begin(), sealed.end(), s.wrapped_master_key.begin());
  return s;
}

std::optional<UnlockedMaster> TryOpen(const VaultHeader& h, const Keyslot& s,
                                      const SecretBytes& kek) {
  auto master = crypto::AeadOpenKey(kek, s.wrapped_master_key, SlotAd(h, s));
  if (master.ok() && master->size() == crypto::kMasterKeyBytes) {
    return UnlockedMaster{std::move(master).value(), s.slot_id};
  }
  return std::nullopt;
}

}  // namespace

Result<VaultHeader> ParseHeader(std::span<const uint8_t> bytes) {
  if (bytes.size() < hf::kFixedBytes + hf::kTrailerBytes) return Corrupt("too short");
  if (std::memcmp(bytes.data(), hf::kMagic, sizeof hf::kMagic) != 0)
    return Corrupt("not a tvault header");

  ByteReader r(bytes);
  std::span<const uint8_t> magic;
  uint16_t version = 0, flags = 0;
  VaultHeader h;
  uint8_t slot_count = 0;
  r.Raw(sizeof hf::kMagic, magic);
  if (!r.U16(version) || !r.U16(flags)) return Corrupt("truncated");
  if (version != hf::kVersion) {
    return MakeError(ErrorCode::kUnsupported,
                     "vault format version " + std::to_string(version) +
                         " is not supported by this version",
                     ErrorDetail::kNewerFormat);
  }
  // The checksum before anything else: it tells random damage from a wrong
  // passphrase without running the KDF.
  const std::size_t body_and_mac = bytes.size() - 32;
  crypto::Sha256Digest sum = crypto::Sha256(bytes.first(body_and_mac));
  if (!ConstantTimeEqual(sum, bytes.subspan(body_and_mac))) return Corrupt("checksum mismatch");
  if (flags != 0) return Corrupt("unknown flags");
  if (!ReadArray(r, h.vault_id) || !r.U8(h.db_profile) || !r.U8(slot_count))
    return Corrupt("truncated");
  if (h.db_profile != hf::kDbProfileSqlcipher3) {
    return MakeError(ErrorCode::kUnsupported, "unknown database profile in vault header");
  }
  if (slot_count < 1 || slot_count > hf::kMaxSlots) return Corrupt("bad keyslot count");
  if (bytes.size() != hf::kFixedBytes + slot_count * hf::kSlotBytes + hf::kTrailerBytes)
    return Corrupt("wrong size");

  for (int i = 0; i < slot_count; ++i) {
    Keyslot s;
    uint8_t alg = 0;
    if (!r.U8(s.slot_id) || !r.U8(alg) || !r.U32(s.kdf_memory_kib) ||
        !r.U32(s.kdf_passes) || !ReadArray(r, s.kdf_salt) || !r.U64(s.created_at_unix_s) ||
        !ReadArray(r, s.wrapped_master_key))
      return Corrupt("truncated keyslot");
    if (s.slot_id < 1 || s.slot_id > hf::kMaxSlots) return Corrupt("bad keyslot id");
    if (!h.slots.empty() && s.slot_id <= h.slots.back().slot_id)
      return Corrupt("keyslots out of order");
    s.kdf_alg = alg;
    if (alg == hf::kKdfRecovery) {
      if (s.kdf_memory_kib != 0 || s.kdf_passes != 0)
        return Corrupt("recovery keyslot with key derivation parameters");
    } else if (alg != hf::kKdfArgon2id) {
      return MakeError(ErrorCode::kUnsupported, "unknown key derivation in vault header");
    } else if (s.kdf_memory_kib < hf::kMinMemoryKib || s.kdf_memory_kib > hf::kMaxMemoryKib ||
               s.kdf_passes < 1 || s.kdf_passes > hf::kMaxPasses) {
      return Corrupt("key derivation parameters out of range");
    }
    h.slots.push_back(s);
  }
  if (!ReadArray(r, h.header_mac)) return Corrupt("truncated");
  return h;
}

std::vector<uint8_t> SerializeHeaderBody(const VaultHeader& h) {
  std::vector<uint8_t> out;
  ByteWriter w(out);
  w.Raw(std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(hf::kMagic),
                                 sizeof hf::kMagic));
  w.U16(hf::kVersion);
  w.U16(0);
  w.Raw(h.vault_id);
  w.U8(h.db_profile);
  w.U8(static_cast<uint8_t>(h.slots.size()));
  for (const Keyslot& s : h.slots) WriteSlot(w, s, /*with_wrapped_key=*/true);
  return out;
}

std::vector<uint8_t> SerializeHeader(const VaultHeader& h) {
  std::vector<uint8_t> out = SerializeHeaderBody(h);
  out.insert(out.end(), h.header_mac.begin(), h.header_mac.end());
  crypto::Sha256Digest sum = crypto::Sha256(out);
  out.insert(out.end(), sum.begin(), sum.end());
  return out;
}

void SealHeader(VaultHeader& h, const SecretBytes& mac_key) {
  std::sort(h.slots.begin(), h.slots.end(),
            [](const Keyslot& a, const Keyslot& b) { return a.slot_id < b.slot_id; });
  h.header_mac = crypto::HmacSha256(mac_key.reveal(), SerializeHeaderBody(h));
}

Status VerifyHeaderMac(const VaultHeader& h, const SecretBytes& mac_key) {
  crypto::Sha256Digest mac = crypto::HmacSha256(mac_key.reveal(), SerializeHeaderBody(h));
  if (!ConstantTimeEqual(mac, h.header_mac)) {
    return MakeError(ErrorCode::kIntegrity,
                     "vault header has been modified (authentication failed); restore "
                     "vault.header from a backup and check the audit log");
  }
  return OkStatus();
}

Result<Keyslot> MakeKeyslot(const VaultHeader& h, uint8_t slot_id,
                            uint32_t kdf_memory_kib, uint32_t kdf_passes,
                            const SecretBytes& master_key, const SecretBytes& passphrase,
                            uint64_t now_unix_s) {
  Keyslot s;
  s.slot_id = slot_id;
  s.kdf_memory_kib = kdf_memory_kib;
  s.kdf_passes = kdf_passes;
  return SealSlot(h, s, master_key, now_unix_s,
                  [&](const Keyslot& slot) { return SlotKek(slot, passphrase); });
}

Result<Keyslot> MakeRecoveryKeyslot(const VaultHeader& h, uint8_t slot_id,
                                    const SecretBytes& master_key,
                                    const SecretBytes& recovery_secret, uint64_t now_unix_s) {
  if (recovery_secret.size() != hf::kRecoverySecretBytes) {
    return MakeError(ErrorCode::kInternal, "recovery secret has the wrong size");
  }
  Keyslot s;
  s.slot_id = slot_id;
  s.kdf_alg = hf::kKdfRecovery;
  return SealSlot(h, s, master_key, now_unix_s, [&](const Keyslot& slot) -> Result<SecretBytes> {
    return RecoveryKek(slot, recovery_secret);
  });
}

Result<UnlockedMaster> UnlockHeader(const VaultHeader& h, const SecretBytes& passphrase) {
  for (const Keyslot& s : h.slots) {
    if (IsRecoverySlot(s)) continue;
    TVAULT_ASSIGN_OR_RETURN(SecretBytes kek, SlotKek(s, passphrase));
    if (auto opened = TryOpen(h, s, kek)) return std::move(*opened);
  }
  return MakeError(ErrorCode::kWrongPassphrase,
                   "wrong passphrase: no keyslot of this vault opens with it");
}

Result<UnlockedMaster> UnlockHeaderWithRecovery(const VaultHeader& h,
                                                const SecretBytes& recovery_secret) {
  bool any = false;
  for (const Keyslot& s : h.slots) {
    if (!IsRecoverySlot(s)) continue;
    any = true;
    if (recovery_secret.size() != hf::kRecoverySecretBytes) break;
    if (auto opened = TryOpen(h, s, RecoveryKek(s, recovery_secret))) return std::move(*opened);
  }
  if (!any) {
    return MakeError(ErrorCode::kFailedPrecondition,
                     "this vault has no recovery keyslot (it was never made, or was revoked "
                     "or used)");
  }
  return MakeError(ErrorCode::kWrongPassphrase,
                   "these shares do not open this vault's recovery keyslot (they belong to "
                   "another vault, or to a set that was revoked or used)");
}

uint8_t FreeSlotId(const VaultHeader& h) {
  for (uint8_t id = 1; id <= hf::kMaxSlots; ++id) {
    bool used = std::any_of(h.slots.begin(), h.slots.end(),
                            [id](const Keyslot& s) { return s.slot_id == id; });
    if (!used) return id;
  }
  return 0;
}

}  // namespace tvault
