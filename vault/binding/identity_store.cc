#include "binding/identity_store.h"

#include "crypto/aead.h"
#include "util/byte_io.h"

namespace tvault {
namespace {

// Associated data names the field, the vault and both public keys, so sealed
// identity fields cannot be swapped with each other or moved between vaults,
// and opening any of them authenticates the stored public keys.
std::vector<uint8_t> IdentityAd(const Vault::Impl& v, std::string_view field,
                                std::span<const uint8_t> sign_public,
                                std::span<const uint8_t> box_public) {
  std::vector<uint8_t> ad;
  ByteWriter w(ad);
  w.Raw("tvault/v1/identity/");
  w.Raw(field);
  w.U8(0);
  w.Raw(v.header.vault_id);
  w.Lp32(sign_public);
  w.Lp32(box_public);
  return ad;
}

Error Damaged() {
  return MakeError(ErrorCode::kIntegrity,
                   "custodian identity failed authentication (tampered or corrupted)",
                   ErrorDetail::kDamaged);
}

Result<SecretBytes> LoadSecret(Vault::Impl& v, const char* column, std::string_view field,
                               std::size_t size) {
  TVAULT_ASSIGN_OR_RETURN(
      storage::Statement st,
      v.db.Prepare(std::string("SELECT ") + column +
                   ", sign_public, box_public FROM identity WHERE id = 1"));
  TVAULT_ASSIGN_OR_RETURN(bool row, st.Step());
  if (!row) return Damaged();
  auto secret = crypto::AeadOpenKey(v.keys.identity, st.ColumnBlob(0),
                                    IdentityAd(v, field, st.ColumnBlob(1), st.ColumnBlob(2)));
  if (!secret.ok() || secret->size() != size) return Damaged();
  return secret;
}

}  // namespace

Status CreateIdentity(Vault::Impl& v, const PlainString& name) {
  crypto::Ed25519KeyPair sign = crypto::GenerateEd25519();
  crypto::X25519KeyPair box = crypto::GenerateX25519();
  TVAULT_ASSIGN_OR_RETURN(
      storage::Statement st,
      v.db.Prepare("INSERT INTO identity(id, created_at, sign_public, box_public, sign_secret, "
                   "box_secret, name) VALUES (1, ?, ?, ?, ?, ?, ?)"));
  auto ad = [&](std::string_view field) {
    return IdentityAd(v, field, sign.public_key, box.public_key);
  };
  std::vector<uint8_t> sign_sealed =
      crypto::AeadSeal(v.keys.identity, sign.secret_key.reveal(), ad("sign"));
  std::vector<uint8_t> box_sealed =
      crypto::AeadSeal(v.keys.identity, box.secret_key.reveal(), ad("box"));
  std::vector<uint8_t> name_sealed = crypto::AeadSeal(v.keys.identity, AsBytes(name), ad("name"));
  return st.Bind(1, v.Now())
      .BindBlob(2, sign.public_key)
      .BindBlob(3, box.public_key)
      .BindBlob(4, sign_sealed)
      .BindBlob(5, box_sealed)
      .BindBlob(6, name_sealed)
      .Run();
}

Result<CustodianPublic> LoadCustodianPublic(Vault::Impl& v) {
  TVAULT_ASSIGN_OR_RETURN(
      storage::Statement st,
      v.db.Prepare("SELECT created_at, sign_public, box_public, name FROM identity WHERE id = 1"));
  TVAULT_ASSIGN_OR_RETURN(bool row, st.Step());
  if (!row) return Damaged();
  CustodianPublic out;
  out.created_at_unix_s = st.ColumnInt(0);
  auto sp = st.ColumnBlob(1);
  auto bp = st.ColumnBlob(2);
  if (sp.size() != out.sign_public.size() || bp.size() != out.box_public.size()) return Damaged();
  std::copy(sp.begin(), sp.end(), out.sign_public.begin());
  std::copy(bp.begin(), bp.end(), out.box_public.begin());
  auto name = crypto::AeadOpen(v.keys.identity, st.ColumnBlob(3),
                               IdentityAd(v, "name", sp, bp));
  if (!name.ok()) return Damaged();
  out.name = AsPlainString(*name);
  return out;
}

Result<SecretBytes> LoadSigningSecret(Vault::Impl& v) {
  return LoadSecret(v, "sign_secret", "sign", crypto::kEd25519SecretBytes);
}

Result<SecretBytes> LoadBoxSecret(Vault::Impl& v) {
  return LoadSecret(v, "box_secret", "box", crypto::kX25519Bytes);
}

}  // namespace tvault
