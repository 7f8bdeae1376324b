// What an export needs of stored redactions (docs/bundle-format.md, section
// 7.7; docs/format.md 4.11): find them and rebuild their proofs, inside the
// caller's transaction, logging nothing (the export's own event names them).
#ifndef TVAULT_BINDING_REDACTION_ROWS_H_
#define TVAULT_BINDING_REDACTION_ROWS_H_

#include <optional>
#include <string>
#include <string_view>

#include "binding/journal.h"
#include "binding/testimony_rows.h"
#include "binding/vault_impl.h"
#include "vault/redaction.h"

namespace tvault {

// The redaction `id` (normalised; kInvalidArgument if not an R- id,
// kNotFound if none).
Result<RedactionSummary> LoadRedaction(Vault::Impl& v, std::string_view id);

// The id of the newest redaction of `testimony_id` (of any version), if
// any; kFailedPrecondition, naming both, if two share the newest second.
Result<std::optional<std::string>> NewestRedactionOf(Vault::Impl& v,
                                                     const std::string& testimony_id);

// The redaction's proof and redacted text, checked against the commitment
// its event logged (kIntegrity if the log does not hold it). `opened`
// (optional) receives the version it was made of, as it opened it.
Result<RedactionProofBundle> RedactionProofOf(Vault::Impl& v, const std::string& id,
                                              OpenedVersion* opened = nullptr);

}  // namespace tvault

#endif  // TVAULT_BINDING_REDACTION_ROWS_H_
