#include "binding/text_intake.h"

#include <atomic>
#include <cstdio>
#include <string>

#include "util/utf8.h"

namespace tvault {
namespace {

std::atomic<bool> accept_any_text{false};

// The first byte of `value` that is not UTF-8 (or a NUL, if `refuse_nul`),
// refused as `what` "is not valid UTF-8 (byte 0xFF at offset 3)".
Status Check(std::string_view what, std::string_view value, bool refuse_nul, ErrorDetail detail) {
  std::size_t i = 0;
  while (i < value.size()) {
    uint32_t cp = 0;
    const std::size_t n = DecodeUtf8(value, i, cp);
    if (n == 0 || (refuse_nul && cp == 0)) {
      char where[64];
      std::snprintf(where, sizeof where, "(byte 0x%02X at offset %zu)",
                    static_cast<unsigned>(static_cast<uint8_t>(value[i])), i);
      return MakeError(ErrorCode::kInvalidArgument,
                       std::string(what) + (n == 0 ? " is not valid UTF-8 " : " holds a NUL byte ") +
                           where,
                       detail);
    }
    i += n;
  }
  return OkStatus();
}

// A manifest can carry NUL (as \u0000), not bytes that are not UTF-8.
Status RequireStored(const std::string& what, std::string_view value) {
  return Check(what, value, /*refuse_nul=*/false, ErrorDetail::kStoredTextNotUtf8);
}

// Calls `check(words, value)` for every text field of a witness's details,
// the words naming the field, and stops at the first error.
template <typename Check>
Status EachWitnessField(const WitnessDetails& d, Check check) {
  TVAULT_TRY(check("the witness name", d.name));
  for (const PlainString& alias : d.aliases) TVAULT_TRY(check("an alias", alias));
  TVAULT_TRY(check("the phone number", d.phone));
  TVAULT_TRY(check("the email address", d.email));
  TVAULT_TRY(check("the postal address", d.address));
  TVAULT_TRY(check("the relatives", d.relatives));
  return check("the witness notes", d.notes);
}

}  // namespace

void AcceptAnyTextForTestsOnly(bool accept) { accept_any_text = accept; }

Status RequireText(std::string_view what, std::string_view value) {
  if (accept_any_text) return OkStatus();
  return Check(what, value, /*refuse_nul=*/true, ErrorDetail::kTextNotUtf8);
}

Status RequireText(std::string_view what, const PlainString& value) {
  return RequireText(what, std::string_view(value.data(), value.size()));
}

Status RequireText(const TestimonyMetadata& m) {
  TVAULT_TRY(RequireText("the title", m.title));
  TVAULT_TRY(RequireText("the language", m.language));
  TVAULT_TRY(RequireText("the date taken", m.taken_at));
  TVAULT_TRY(RequireText("the place", m.place));
  TVAULT_TRY(RequireText("the interviewer", m.interviewer));
  TVAULT_TRY(RequireText("the interpreter", m.interpreter));
  TVAULT_TRY(RequireText("the notes", m.notes));
  return RequireText("the file name", m.file_name);
}

Status RequireText(const WitnessDetails& d) {
  return EachWitnessField(
      d, [](const char* what, const PlainString& value) { return RequireText(what, value); });
}

Status RequireExportableText(const bundle::ManifestRecord& r) {
  const std::string latest = r.versions.empty() ? std::string("0")
                                                : std::to_string(r.versions.back().version);
  for (const bundle::ManifestVersion& v : r.versions) {
    TVAULT_TRY(RequireStored(r.id + ": the reason of version " + std::to_string(v.version),
                             v.reason));
  }
  const bundle::ManifestMetadata& m = r.metadata;
  const std::pair<const char*, const std::string*> fields[] = {
      {"title", &m.title},         {"language", &m.language},
      {"date taken", &m.taken_at}, {"place", &m.place},
      {"interviewer", &m.interviewer}, {"interpreter", &m.interpreter},
      {"notes", &m.notes}};
  for (const auto& [name, value] : fields) {
    TVAULT_TRY(RequireStored(r.id + ": the " + name + " of version " + latest, *value));
  }
  return OkStatus();
}

Status RequireExportableText(const bundle::ManifestExporter& e) {
  return RequireStored("the custodian name", e.name);
}

Status RequireExportableText(const std::string& witness_id, const WitnessDetails& d) {
  return EachWitnessField(d, [&](const char* what, const PlainString& value) {
    return RequireStored(witness_id + ": " + what, std::string_view(value.data(), value.size()));
  });
}

Status RequireExportableText(const bundle::ManifestEvidence& e) {
  TVAULT_TRY(RequireStored(e.id + ": the description", e.description));
  return RequireStored(e.id + ": the media type", e.media_type);
}

}  // namespace tvault
