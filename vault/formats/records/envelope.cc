#include "records/envelope.h"

#include "crypto/aead.h"
#include "crypto/key_hierarchy.h"
#include "crypto/random.h"
#include "util/byte_io.h"

namespace tvault {
namespace ef = envelope_format;
namespace {

std::vector<uint8_t> Ad(std::string_view label, const RecordAddress& a) {
  std::vector<uint8_t> ad;
  ByteWriter w(ad);
  w.Raw(label);
  w.Raw(a.vault_id);
  w.U8(static_cast<uint8_t>(a.kind));
  w.U8(static_cast<uint8_t>(a.record_id.size()));
  w.Raw(a.record_id);
  w.U32(a.version);
  return ad;
}

Error Failed(const RecordAddress& a) {
  return MakeError(ErrorCode::kIntegrity,
                   "record " + std::string(a.record_id) + " version " +
                       std::to_string(a.version) +
                       " failed authentication (tampered, swapped or corrupted)",
                   ErrorDetail::kDamaged);
}

std::vector<uint8_t> SealWithFormatByte(const SecretBytes& key, std::span<const uint8_t> plaintext,
                                        std::span<const uint8_t> ad) {
  std::vector<uint8_t> out;
  out.reserve(1 + crypto::kAeadOverheadBytes + plaintext.size());
  out.push_back(ef::kBlobFormat);
  crypto::AeadSealAppend(out, key, plaintext, ad);
  return out;
}

bool HasFormatByte(std::span<const uint8_t> blob, std::size_t min_size) {
  return blob.size() >= min_size && blob[0] == ef::kBlobFormat;
}

}  // namespace

SecretBytes NewRecordKey() { return SecretBytes::Random(crypto::kAeadKeyBytes); }

void RefreshRecordKey(SecretBytes& key) {
  if (key.size() != crypto::kAeadKeyBytes) key = SecretBytes(crypto::kAeadKeyBytes);
  crypto::RandomBytes(key.reveal());
}

std::vector<uint8_t> WrapRecordKey(const SecretBytes& compartment_key,
                                   const RecordAddress& addr, const SecretBytes& record_key) {
  return SealWithFormatByte(compartment_key, record_key.reveal(),
                            Ad(crypto::label::kRecordKey, addr));
}

Status UnwrapRecordKeyInto(const SecretBytes& compartment_key, const RecordAddress& addr,
                           std::span<const uint8_t> wrapped, SecretBytes& record_key) {
  if (record_key.size() != crypto::kAeadKeyBytes) record_key = SecretBytes(crypto::kAeadKeyBytes);
  if (addr.record_id.size() > ef::kMaxRecordIdBytes || wrapped.size() != ef::kWrappedKeyBytes ||
      !HasFormatByte(wrapped, ef::kWrappedKeyBytes))
    return Failed(addr);
  if (!crypto::AeadOpenKeyInto(compartment_key, wrapped.subspan(1),
                               Ad(crypto::label::kRecordKey, addr), record_key)
           .ok())
    return Failed(addr);
  return OkStatus();
}

Result<SecretBytes> UnwrapRecordKey(const SecretBytes& compartment_key,
                                    const RecordAddress& addr,
                                    std::span<const uint8_t> wrapped) {
  SecretBytes key(crypto::kAeadKeyBytes);
  TVAULT_TRY(UnwrapRecordKeyInto(compartment_key, addr, wrapped, key));
  return key;
}

std::vector<uint8_t> PartAssociatedData(const RecordAddress& addr, uint8_t part) {
  std::vector<uint8_t> ad = Ad(crypto::label::kRecordPart, addr);
  ad.push_back(part);
  return ad;
}

std::vector<uint8_t> SealPart(const SecretBytes& record_key, const RecordAddress& addr,
                              uint8_t part, std::span<const uint8_t> plaintext) {
  std::vector<uint8_t> ad = PartAssociatedData(addr, part);
  return SealWithFormatByte(record_key, plaintext, ad);
}

Result<PlainBytes> OpenPart(const SecretBytes& record_key, const RecordAddress& addr,
                            uint8_t part, std::span<const uint8_t> sealed) {
  if (addr.record_id.size() > ef::kMaxRecordIdBytes ||
      !HasFormatByte(sealed, ef::kMinSealedPartBytes))
    return Failed(addr);
  auto plain = crypto::AeadOpen(record_key, sealed.subspan(1), PartAssociatedData(addr, part));
  if (!plain.ok()) return Failed(addr);
  return plain;
}

}  // namespace tvault
