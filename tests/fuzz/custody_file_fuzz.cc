// Fuzzes bundle::VerifyCustodyFile (vault/formats/bundle/custody_file.h):
// custody.json arrives inside format-2 bundles from other people.
// The harness takes the signer key from the input's "signer_key" and the
// manifest's records and versions from its "commitment_salts" keys
// ("T-xxxxxx.vN") when it can, so real files in the seed corpus reach the
// deep checks (checkpoint, events, the multi-leaf proof); the versions'
// SHA-256 are not in the file, so the last check (the commitments) fails
// for them. A file with no salts (a redacted export's, docs/bundle-format.md
// 7.7) gets a manifest of redacted records, one per version its events
// create, so the redacted branch is reached as well.
// Properties: never crashes or throws; every failure is kIntegrity; a file
// without a checkpoint is never attested.
#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <map>
#include <nlohmann/json.hpp>

#include "audit/event.h"
#include "bundle/custody_file.h"
#include "crypto/encoding.h"
#include "vault/crypto_init.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace tvault;
  static const bool ready = InitCrypto();
  if (!ready) std::abort();

  minisign::PublicKey signer{};
  bundle::BundleManifest manifest;
  manifest.format_version = 2;
  auto j = nlohmann::json::parse(data, data + size, nullptr, false);
  bool has_checkpoint = false;
  if (j.is_object()) {
    has_checkpoint = j.contains("checkpoint");
    auto key = j.find("signer_key");
    if (key != j.end() && key->is_string()) {
      auto parsed = minisign::ParsePublicKey(key->get<std::string>());
      if (parsed.ok()) signer = *parsed;
    }
    auto salts = j.find("commitment_salts");
    if (salts != j.end() && salts->is_object()) {
      std::map<std::string, std::vector<uint32_t>> versions;
      for (const auto& [k, v] : salts->items()) {
        const std::size_t dot = k.find(".v");
        if (dot == std::string::npos) continue;
        const unsigned long n = std::strtoul(k.c_str() + dot + 2, nullptr, 10);
        if (n == 0 || n > 1000) continue;
        versions[k.substr(0, dot)].push_back(static_cast<uint32_t>(n));
      }
      for (auto& [id, ns] : versions) {
        bundle::ManifestRecord r;
        r.id = id;
        std::sort(ns.begin(), ns.end());
        for (uint32_t n : ns) {
          bundle::ManifestVersion mv;
          mv.version = n;
          r.versions.push_back(mv);
        }
        manifest.records.push_back(std::move(r));
      }
    }
  }
  if (j.is_object() && manifest.records.empty()) {
    auto events = j.find("events");
    if (events != j.end() && events->is_array()) {
      std::map<std::string, std::vector<uint32_t>> versions;
      for (const auto& e : *events) {
        if (!e.is_string()) continue;
        auto entry = crypto::Base64Decode(e.get<std::string>(), crypto::Base64Variant::kPadded);
        if (!entry) continue;
        auto event = audit::ParseEvent(*entry);
        if (!event.ok() || event->object_version == 0 ||
            (event->action != audit::Action::kTestimonyAdd &&
             event->action != audit::Action::kTestimonyAmend)) {
          continue;
        }
        versions[event->object_id].push_back(event->object_version);
      }
      for (auto& [id, ns] : versions) {
        bundle::ManifestRecord r;
        r.id = id;
        r.versions.push_back(bundle::ManifestVersion{});
        r.versions.back().version = ns.front();
        r.redaction = bundle::ManifestRedaction{"R-AAAAAA", 0, {}};
        manifest.records.push_back(std::move(r));
      }
    }
  }
  auto result = bundle::VerifyCustodyFile({data, size}, signer, manifest);
  if (!result.ok() && result.error().code != ErrorCode::kIntegrity) std::abort();
  if (result.ok() && !has_checkpoint && (result->attested || result->events != 0)) std::abort();
  return 0;
}
