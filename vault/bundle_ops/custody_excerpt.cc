#include "bundle_ops/custody_excerpt.h"

#include <map>
#include <optional>
#include <nlohmann/json.hpp>

#include "audit/checkpoint.h"
#include "audit/event.h"
#include "audit/merkle.h"
#include "crypto/encoding.h"
#include "identity/custodian_keys.h"

namespace tvault {
namespace {

using nlohmann::json;

Error Bad(const std::string& record, const std::string& what) {
  return MakeError(ErrorCode::kIntegrity, "custody of " + record + ": " + what);
}

// Typed access that never throws: a missing key or a wrong type is an error.
const json* Field(const json& obj, const char* key, json::value_t type) {
  if (!obj.is_object()) return nullptr;
  auto it = obj.find(key);
  if (it == obj.end()) return nullptr;
  if (type == json::value_t::number_unsigned) {
    return it->is_number_unsigned() ? &*it : nullptr;
  }
  return it->type() == type ? &*it : nullptr;
}

std::optional<audit::Hash> HashFromHex(const json& j) {
  if (!j.is_string()) return std::nullopt;
  auto bytes = crypto::HexDecode(j.get_ref<const std::string&>());
  if (!bytes || bytes->size() != 32) return std::nullopt;
  audit::Hash h{};
  std::copy(bytes->begin(), bytes->end(), h.begin());
  return h;
}

}  // namespace

Result<CustodyCheck> VerifyCustodyExcerpt(std::span<const uint8_t> bytes,
                                         const minisign::PublicKey& signer,
                                         const bundle::ManifestRecord& record,
                                         CheckpointCache* cache) {
  const std::string& id = record.id;
  json j = json::parse(bytes.begin(), bytes.end(), nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) return Bad(id, "not a JSON object");
  const json* format = Field(j, "format", json::value_t::string);
  const json* version = Field(j, "version", json::value_t::number_unsigned);
  if (format == nullptr || *format != "tvault-custody") return Bad(id, "not a custody report");
  if (version == nullptr || *version != 1) return Bad(id, "unknown custody report version");
  const json* rec = Field(j, "record", json::value_t::string);
  if (rec == nullptr || *rec != id) return Bad(id, "names another record");

  const json* events = Field(j, "events", json::value_t::array);
  if (events == nullptr) return Bad(id, "no events");
  if (!j.contains("checkpoint")) {
    if (!events->empty() || j.contains("versions")) {
      return Bad(id, "events or versions without a checkpoint");
    }
    return CustodyCheck{false, 0};  // the sender makes no custody claim
  }
  const json* key_text = Field(j, "signer_key", json::value_t::string);
  if (key_text == nullptr) return Bad(id, "no signer_key");
  // The signer's own encoding is accepted as it is; anything else is parsed
  // and compared. (Parsing validates the Ed25519 point, which once per
  // record was a quarter of the time to verify a 10,000-record bundle.)
  const std::string& key_string = key_text->get_ref<const std::string&>();
  if (key_string != minisign::EncodePublicKey(signer)) {
    auto key = minisign::ParsePublicKey(key_string);
    if (!key.ok() || !bundle::SameMinisignKey(*key, signer)) {
      return Bad(id, "signed by another key than the bundle");
    }
  }
  const json* note = Field(j, "checkpoint", json::value_t::string);
  const json* origin = Field(j, "origin", json::value_t::string);
  const json* size = Field(j, "checkpoint_size", json::value_t::number_unsigned);
  if (note == nullptr || origin == nullptr || size == nullptr) return Bad(id, "no checkpoint");
  auto cache_key = std::make_pair(note->get_ref<const std::string&>(),
                                  origin->get_ref<const std::string&>());
  std::optional<audit::Checkpoint> cp;
  if (cache != nullptr) {
    auto hit = cache->find(cache_key);
    if (hit != cache->end()) cp = hit->second;
  }
  if (!cp) {
    auto opened = audit::OpenCheckpoint(cache_key.first, CheckpointVerifierKey(signer),
                                        cache_key.second);
    if (!opened.ok()) return Bad(id, "checkpoint: " + opened.error().message);
    cp = *opened;
    if (cache != nullptr) cache->emplace(std::move(cache_key), *opened);
  }
  if (cp->size != size->get<uint64_t>()) return Bad(id, "checkpoint_size disagrees with checkpoint");

  // Events: each entry is in the signed tree; collect what created each version.
  if (events->size() > kMaxCustodyEvents) return Bad(id, "too many events");
  std::map<uint32_t, audit::Hash> created;  // version -> commitment
  for (const json& e : *events) {
    const json* seq = Field(e, "seq", json::value_t::number_unsigned);
    const json* entry_b64 = Field(e, "entry", json::value_t::string);
    const json* proof_json = Field(e, "inclusion_proof", json::value_t::array);
    if (seq == nullptr || entry_b64 == nullptr || proof_json == nullptr) {
      return Bad(id, "an event lacks seq, entry or inclusion_proof");
    }
    if (proof_json->size() > 64) return Bad(id, "an inclusion proof is too long");
    auto entry = crypto::Base64Decode(entry_b64->get_ref<const std::string&>(),
                                      crypto::Base64Variant::kPadded);
    if (!entry) return Bad(id, "an event entry is not base64");
    auto event = audit::ParseEvent(*entry);
    if (!event.ok()) return Bad(id, "event: " + event.error().message);
    const uint64_t index = seq->get<uint64_t>();
    if (event->seq != index) return Bad(id, "an event's seq disagrees with its entry");
    if (event->object_id != id) return Bad(id, "an event names another record");
    std::vector<audit::Hash> proof;
    for (const json& h : *proof_json) {
      auto hash = HashFromHex(h);
      if (!hash) return Bad(id, "an inclusion proof hash is not 64 hex digits");
      proof.push_back(*hash);
    }
    if (!audit::VerifyInclusion(index, cp->size, audit::LeafHash(*entry), proof, cp->root).ok()) {
      return Bad(id, "event " + std::to_string(index) + " is not in the signed checkpoint");
    }
    const bool creates = (event->action == audit::Action::kTestimonyAdd &&
                          event->object_version == 1) ||
                         event->action == audit::Action::kTestimonyAmend;
    if (creates && !event->digests.empty()) {
      if (!created.emplace(event->object_version, event->digests[0]).second) {
        return Bad(id, "two events create version " + std::to_string(event->object_version));
      }
    }
  }

  // Every version the bundle carries was logged before the checkpoint.
  const json* versions = Field(j, "versions", json::value_t::array);
  if (versions == nullptr) return Bad(id, "no versions");
  for (const bundle::ManifestVersion& mv : record.versions) {
    const std::string which = "version " + std::to_string(mv.version);
    const json* found = nullptr;
    for (const json& jv : *versions) {
      const json* n = Field(jv, "version", json::value_t::number_unsigned);
      if (n != nullptr && *n == mv.version) found = &jv;
    }
    if (found == nullptr) return Bad(id, which + " is missing");
    const json* sha = Field(*found, "sha256", json::value_t::string);
    const json* salt = Field(*found, "commitment_salt", json::value_t::string);
    auto sha_hash = sha ? HashFromHex(*sha) : std::nullopt;
    auto salt_hash = salt ? HashFromHex(*salt) : std::nullopt;
    if (!sha_hash || *sha_hash != mv.sha256) return Bad(id, which + ": SHA-256 differs");
    if (!salt_hash) return Bad(id, which + ": no commitment salt");
    auto c = created.find(mv.version);
    if (c == created.end()) return Bad(id, which + ": no logged event created it");
    if (audit::StatementCommitment(*salt_hash, *sha_hash) != c->second) {
      return Bad(id, which + ": its commitment differs from the logged one");
    }
  }
  return CustodyCheck{true, events->size()};
}

}  // namespace tvault
