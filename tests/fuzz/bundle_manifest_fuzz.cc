// Fuzzes bundle::ParseManifest (vault/formats/bundle/bundle_manifest.h): manifest.json
// comes from a possibly hostile sender.
// Properties:
//  * never crashes, never throws, memory bounded (16 MiB cap, depth cap);
//  * a manifest that parses re-serializes, and the serialization parses to
//    the same struct and serializes to the same bytes (a fixed point);
//  * the step-6 check never crashes on it, and passes against exactly the
//    members the manifest names (with the sizes and hashes it gives).
#include <cstdint>
#include <cstdlib>
#include <cstring>

#include "bundle/bundle_format.h"
#include "bundle/bundle_manifest.h"
#include "vault/crypto_init.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace tvault;
  using namespace tvault::bundle;
  static const bool ready = InitCrypto();
  if (!ready) std::abort();

  auto parsed = ParseManifest({data, size});
  if (!parsed.ok()) {
    if (parsed.error().code != ErrorCode::kIntegrity && parsed.error().code != ErrorCode::kUnsupported) std::abort();
    return 0;
  }
  auto text = SerializeManifest(*parsed);
  if (!text.ok()) std::abort();  // everything the parser accepts can be written
  auto again = ParseManifest({reinterpret_cast<const uint8_t*>(text->data()), text->size()});
  if (!again.ok() || !(*again == *parsed)) std::abort();
  auto text_again = SerializeManifest(*again);
  if (!text_again.ok() || *text_again != *text) std::abort();

  TrustedComment comment;
  comment.format_version = parsed->format_version;
  comment.bundle_id = parsed->bundle_id;
  comment.created_at_unix_s = parsed->created_at_unix_s;
  for (const ManifestRecipient& r : parsed->recipients) comment.recipients.push_back(r.fingerprint);
  std::vector<MemberDigest> members = {{std::string(kManifestName), 1, {}}, {std::string(kHowToVerifyName), 1, {}}};
  const std::vector<ManifestFile> files = FilesNamedBy(*parsed);
  for (const ManifestFile& f : files) {
    members.push_back({f.name, f.size_bytes.value_or(0), f.sha256.value_or(crypto::Sha256Digest{})});
  }
  if (!CheckManifestAgainstBundle(*parsed, comment, parsed->exporter.minisign_key, members).ok()) std::abort();
  if (!files.empty() && files.back().size_bytes.has_value()) {
    members.back().size_bytes ^= 1;
    if (CheckManifestAgainstBundle(*parsed, comment, parsed->exporter.minisign_key, members).ok()) {
      std::abort();  // a size other than the manifest's went unnoticed
    }
  }
  return 0;
}
