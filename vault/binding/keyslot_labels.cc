#include "binding/keyslot_labels.h"

#include <algorithm>
#include <cstdio>

#include "binding/journal.h"
#include "binding/record_fields.h"
#include "binding/text_intake.h"
#include "util/utf8.h"
#include "vault/text.h"

namespace tvault {
namespace {

namespace label_tag {
constexpr uint16_t kText = 1;
constexpr uint16_t kAll[] = {1};
}  // namespace label_tag

// "keyslot-label/<slot id>/": the prefix of every label row of that slot.
std::string LabelPrefix(uint8_t slot_id) {
  return "keyslot-label/" + std::to_string(slot_id) + "/";
}

// "keyslot-label/<slot id>/<kdf_salt in lowercase hex>": the row's name and
// its record id in the address the label is sealed under.
std::string LabelName(const Keyslot& slot) {
  return LabelPrefix(slot.slot_id) + ToHex(slot.kdf_salt);
}

}  // namespace

Status ValidateKeyslotLabel(const PlainString& label) {
  if (label.empty()) {
    return MakeError(ErrorCode::kInvalidArgument, "the keyslot label is empty");
  }
  if (label.size() > kMaxKeyslotLabelBytes) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "the keyslot label is longer than " + std::to_string(kMaxKeyslotLabelBytes) +
                         " bytes");
  }
  TVAULT_TRY(RequireText("the keyslot label", label));
  const std::string_view s(label.data(), label.size());
  for (std::size_t i = 0; i < s.size();) {
    uint32_t cp = 0;
    const std::size_t n = DecodeUtf8(s, i, cp);
    if (n == 0) break;  // only under AcceptAnyTextForTestsOnly
    if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F)) {
      char where[64];
      std::snprintf(where, sizeof where, "(U+%04X at offset %zu)", static_cast<unsigned>(cp), i);
      return MakeError(ErrorCode::kInvalidArgument,
                       std::string("the keyslot label holds a control character ") + where);
    }
    i += n;
  }
  return OkStatus();
}

Result<std::optional<PlainString>> ReadKeyslotLabel(Vault::Impl& v, const Keyslot& slot) {
  const std::string name = LabelName(slot);
  TVAULT_ASSIGN_OR_RETURN(
      storage::Statement st,
      v.db.Prepare("SELECT wrapped_key, sealed FROM vault_items WHERE name = ?"));
  TVAULT_ASSIGN_OR_RETURN(bool row, st.Bind(1, name).Step());
  if (!row) return std::optional<PlainString>();
  TVAULT_ASSIGN_OR_RETURN(FieldSet f, OpenFields(v.keys.vault_items,
                                                 v.Address(RecordKind::kVaultItem, name, 1),
                                                 st.ColumnBlob(0), st.ColumnBlob(1),
                                                 label_tag::kAll));
  return std::optional<PlainString>(f.GetText(label_tag::kText));
}

Status StoreKeyslotLabel(Vault::Impl& v, const Keyslot& slot, const PlainString& label) {
  TVAULT_TRY(DeleteKeyslotLabels(v, slot.slot_id));
  const std::string name = LabelName(slot);
  FieldSet f;
  f.SetText(label_tag::kText, label);
  SecretBytes key = NewRecordKey();
  SealedRecord sealed = SealFields(v, v.keys.vault_items,
                                   v.Address(RecordKind::kVaultItem, name, 1), key, f);
  TVAULT_ASSIGN_OR_RETURN(storage::Statement st,
                          v.db.Prepare("INSERT INTO vault_items(name, created_at, wrapped_key, "
                                       "sealed) VALUES (?, ?, ?, ?)"));
  return st.Bind(1, name).Bind(2, v.Now()).BindBlob(3, sealed.wrapped_key)
      .BindBlob(4, sealed.fields).Run();
}

Status CheckKeyslotLabels(Vault::Impl& v) {
  constexpr std::string_view kPrefix = "keyslot-label/";
  TVAULT_ASSIGN_OR_RETURN(
      storage::Statement st,
      v.db.Prepare("SELECT name, wrapped_key, sealed FROM vault_items WHERE substr(name, 1, ?) = ?"));
  st.Bind(1, static_cast<int64_t>(kPrefix.size())).Bind(2, kPrefix);
  for (;;) {
    TVAULT_ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) break;
    const std::string name = st.ColumnText(0);
    Result<FieldSet> f = OpenFields(v.keys.vault_items, v.Address(RecordKind::kVaultItem, name, 1),
                                    st.ColumnBlob(1), st.ColumnBlob(2), label_tag::kAll);
    if (!f.ok()) {
      return MakeError(ErrorCode::kIntegrity,
                       "the keyslot label " + name + " fails to authenticate: " +
                           f.error().message,
                       ErrorDetail::kCheckVault);
    }
  }
  return OkStatus();
}

Status DeleteKeyslotLabels(Vault::Impl& v, uint8_t slot_id) {
  // substr, not LIKE: '_' in a LIKE pattern matches any character.
  const std::string prefix = LabelPrefix(slot_id);
  TVAULT_ASSIGN_OR_RETURN(
      storage::Statement st,
      v.db.Prepare("DELETE FROM vault_items WHERE substr(name, 1, ?) = ?"));
  return st.Bind(1, static_cast<int64_t>(prefix.size())).Bind(2, prefix).Run();
}

Status Vault::SetKeyslotLabel(uint8_t slot_id, const PlainString& label) {
  Impl& v = *impl_;
  if (!label.empty()) TVAULT_TRY(ValidateKeyslotLabel(label));
  auto it = std::find_if(v.header.slots.begin(), v.header.slots.end(),
                         [&](const Keyslot& s) { return s.slot_id == slot_id; });
  if (it == v.header.slots.end()) {
    return MakeError(ErrorCode::kNotFound, "no keyslot " + std::to_string(slot_id),
                     ErrorDetail::kNoSuchKeyslot);
  }
  const std::string slot_words = "keyslot " + std::to_string(slot_id);
  TVAULT_ASSIGN_OR_RETURN(VaultTxn txn, VaultTxn::Begin(v));
  TVAULT_ASSIGN_OR_RETURN(std::optional<PlainString> current, ReadKeyslotLabel(v, *it));
  if (label.empty() ? !current : (current && *current == label)) {
    return MakeError(ErrorCode::kFailedPrecondition,
                     "nothing changed: " + slot_words +
                         (label.empty() ? " has no label" : " already has this label"));
  }
  LogEntry entry{audit::Action::kKeyslotLabel, "", 0, {}, {}, {}};
  if (label.empty()) {
    TVAULT_TRY(DeleteKeyslotLabels(v, slot_id));
    entry.secrets.detail = PlainString(slot_words + " label removed");
  } else {
    TVAULT_TRY(StoreKeyslotLabel(v, *it, label));
    entry.secrets.detail = PlainString(slot_words + " label: ") + label;
  }
  TVAULT_TRY(txn.Log(std::move(entry)));
  return txn.Commit();
}

}  // namespace tvault
