// Fuzzes bundle::VerifyCustodyFile (vault/formats/bundle/custody_file.h):
// custody.json arrives inside format-2 bundles from other people.
// The harness takes the signer key from the input's "signer_key" and the
// manifest's records and versions from its "commitment_salts" keys
// ("T-xxxxxx.vN") when it can, so real files in the seed corpus reach the
// deep checks (checkpoint, events, the multi-leaf proof); the versions'
// SHA-256 are not in the file, so the last check (the commitments) fails
// for them. A file with no salts (a redacted export's, docs/bundle-format.md
// 7.7) gets a manifest of redacted records, one per version its events
// create, so the redacted branch is reached as well. A file of version 3
// (section 8.3) gets a manifest of that version listing its stamped sizes;
// the stamped checkpoints and responses come from the input's extra key
// "_members" (name -> base64) and the versions' SHA-256 from "_sha256"
// ("T-xxxxxx.vN" -> hex), both removed before the check: the seed corpus
// holds a real export's, so its commitments verify and the stamp checks
// (checkpoint, consistency proof, token) are reached.
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
          auto hashes = j.find("_sha256");
          const std::string version_key = id + ".v" + std::to_string(n);
          if (hashes != j.end() && hashes->is_object() && hashes->contains(version_key) &&
              (*hashes)[version_key].is_string()) {
            auto hash = crypto::HexDecode((*hashes)[version_key].get<std::string>());
            if (hash && hash->size() == mv.sha256.size()) {
              std::copy(hash->begin(), hash->end(), mv.sha256.begin());
            }
          }
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
  std::map<std::string, PlainBytes> members;
  std::string stripped;
  std::span<const uint8_t> input(data, size);
  if (j.is_object()) {
    auto version = j.find("version");
    if (version != j.end() && *version == 3) {
      manifest.format_version = 3;
      auto stamps = j.find("timestamps");
      if (stamps != j.end() && stamps->is_array()) {
        for (const auto& t : *stamps) {
          if (t.is_object() && t.contains("checkpoint_size") &&
              t["checkpoint_size"].is_number_unsigned()) {
            manifest.timestamps.push_back(t["checkpoint_size"].get<uint64_t>());
          }
        }
      }
    }
    auto carried = j.find("_members");
    if (carried != j.end() || j.contains("_sha256")) {
      if (carried != j.end() && carried->is_object()) {
        for (const auto& [name, b64] : carried->items()) {
          if (!b64.is_string()) continue;
          auto bytes = crypto::Base64Decode(b64.get<std::string>(), crypto::Base64Variant::kPadded);
          if (bytes) members.emplace(name, PlainBytes(bytes->begin(), bytes->end()));
        }
      }
      j.erase("_members");
      j.erase("_sha256");
      stripped = j.dump();
      input = {reinterpret_cast<const uint8_t*>(stripped.data()), stripped.size()};
    }
  }
  auto result = bundle::VerifyCustodyFile(input, signer, manifest, members);
  if (!result.ok() && result.error().code != ErrorCode::kIntegrity) std::abort();
  if (result.ok() && !has_checkpoint && (result->attested || result->events != 0)) std::abort();
  return 0;
}
