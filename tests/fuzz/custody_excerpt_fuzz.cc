// Fuzzes VerifyCustodyExcerpt (vault/formats/bundle/custody_excerpt.h): custody
// excerpts arrive inside bundles from other people.
// The harness takes the signer key, record id and versions from the input
// itself when it can (so real excerpts in the seed corpus reach the deep
// checks: checkpoint, proofs, commitments), else fixed ones.
// Properties: never crashes or throws; every failure is kIntegrity.
#include <cstdint>
#include <cstdlib>
#include <nlohmann/json.hpp>

#include "bundle/custody_excerpt.h"
#include "crypto/encoding.h"
#include "vault/crypto_init.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace tvault;
  static const bool ready = InitCrypto();
  if (!ready) std::abort();

  minisign::PublicKey signer{};
  bundle::ManifestRecord record;
  record.id = "T-FUZZ01";
  auto j = nlohmann::json::parse(data, data + size, nullptr, false);
  if (j.is_object()) {
    auto key = j.find("signer_key");
    if (key != j.end() && key->is_string()) {
      auto parsed = minisign::ParsePublicKey(key->get<std::string>());
      if (parsed.ok()) signer = *parsed;
    }
    auto rec = j.find("record");
    if (rec != j.end() && rec->is_string()) record.id = rec->get<std::string>();
    auto versions = j.find("versions");
    if (versions != j.end() && versions->is_array()) {
      for (const auto& v : *versions) {
        if (!v.is_object() || !v.contains("version") || !v["version"].is_number_unsigned() ||
            !v.contains("sha256") || !v["sha256"].is_string())
          continue;
        auto sha = crypto::HexDecode(v["sha256"].get<std::string>());
        if (!sha || sha->size() != 32) continue;
        bundle::ManifestVersion mv;
        mv.version = v["version"].get<uint32_t>();
        std::copy(sha->begin(), sha->end(), mv.sha256.begin());
        record.versions.push_back(mv);
      }
    }
  }
  auto result = VerifyCustodyExcerpt({data, size}, signer, record);
  if (!result.ok() && result.error().code != ErrorCode::kIntegrity) std::abort();
  if (result.ok() && !result->attested && result->events != 0) std::abort();
  return 0;
}
