#include "binding/record_fields.h"

namespace tvault {

SealedRecord SealFields(const Vault::Impl&, const SecretBytes& compartment,
                        const RecordAddress& addr, const SecretBytes& record_key,
                        const FieldSet& fields) {
  return SealedRecord{WrapRecordKey(compartment, addr, record_key),
                      SealPart(record_key, addr, part::kFields, fields.Serialize())};
}

Error RecordMissing(Vault::Impl& v, const std::string& id, const char* what) {
  auto st = v.db.Prepare("SELECT shredded_at FROM tombstones WHERE id = ?");
  if (st.ok()) {
    auto row = st->Bind(1, id).Step();
    if (row.ok() && *row) {
      return MakeError(ErrorCode::kNotFound,
                       std::string(what) + " " + id +
                           " was shredded; only its tombstone remains",
                       ErrorDetail::kShredded);
    }
  }
  return MakeError(ErrorCode::kNotFound, std::string("no ") + what + " " + id + " in this vault");
}

}  // namespace tvault
