// The check every text field passes before the library stores it: valid
// UTF-8 (no overlongs, no surrogates) and no NUL byte. Bundles, JSON output
// and every front end rely on it; statement and evidence bytes are not text
// and are never checked here.
//
// Thread-safety: pure functions.
#ifndef TVAULT_BINDING_TEXT_INTAKE_H_
#define TVAULT_BINDING_TEXT_INTAKE_H_

#include <string_view>
#include <vector>

#include "bundle/bundle_manifest.h"
#include "vault/result.h"
#include "vault/secret.h"
#include "vault/vault.h"

namespace tvault {

// OkStatus, or kInvalidArgument with ErrorDetail::kTextNotUtf8 and a message
// that starts with `what` (the field in the library's words, e.g. "the
// title") and names the first bad byte and its offset:
// "the title is not valid UTF-8 (byte 0xFF at offset 3)".
Status RequireText(std::string_view what, std::string_view value);
Status RequireText(std::string_view what, const PlainString& value);

Status RequireText(const TestimonyMetadata& m);
Status RequireText(const WitnessDetails& d);

// Export without ExportRequest::escape_invalid_text: the text a record,
// evidence file or the exporter carries into a bundle manifest must be
// UTF-8. A vault written before intake refused such text may hold other
// bytes; kInvalidArgument with ErrorDetail::kStoredTextNotUtf8 names the
// record, the field and the version: "T-4K2M9P: the reason of version 2 is
// not valid UTF-8 (byte 0xFF at offset 3)" (the exporter: "the custodian
// name is not valid UTF-8 ..."). With the flag they are carried escaped
// (docs/bundle-format.md, section 3.1) and these checks are not made.
Status RequireExportableText(const bundle::ManifestRecord& r);
Status RequireExportableText(const bundle::ManifestEvidence& e);
Status RequireExportableText(const bundle::ManifestExporter& e);
// A witness's contact file: "W-7Q3KX: the phone number is not valid UTF-8 ...".
Status RequireExportableText(const std::string& witness_id, const WitnessDetails& d);

// Test-only: while set, RequireText accepts any bytes, so that a test can
// build a vault like one written before intake refused them. Never call
// this from the product.
void AcceptAnyTextForTestsOnly(bool accept);

}  // namespace tvault

#endif  // TVAULT_BINDING_TEXT_INTAKE_H_
