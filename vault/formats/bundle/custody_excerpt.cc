#include "bundle/custody_excerpt.h"

#include <map>
#include <optional>
#include <vector>

#include "audit/checkpoint.h"
#include "audit/event.h"
#include "audit/merkle.h"
#include "crypto/encoding.h"
#include "identity/custodian_keys.h"
#include "util/json_reader.h"

namespace tvault {
namespace {

namespace dom = simdjson::dom;

// An excerpt is four levels deep (report, events, event, refs).
constexpr std::size_t kMaxExcerptDepth = 8;

Error Bad(const std::string& record, const std::string& what) {
  return MakeError(ErrorCode::kIntegrity, "custody of " + record + ": " + what);
}

// Typed access: a missing key or a wrong type is nullopt.
bool Has(dom::object obj, std::string_view key) { return obj.at_key(key).error() == simdjson::SUCCESS; }
std::optional<std::string_view> Str(dom::object obj, std::string_view key) {
  std::string_view s;
  if (obj.at_key(key).get_string().get(s) != simdjson::SUCCESS) return std::nullopt;
  return s;
}
std::optional<uint64_t> Uint(dom::object obj, std::string_view key) {
  dom::element e;
  if (obj.at_key(key).get(e) != simdjson::SUCCESS || !e.is_uint64()) return std::nullopt;
  return e.get_uint64().value_unsafe();
}
std::optional<dom::array> Arr(dom::object obj, std::string_view key) {
  dom::array a;
  if (obj.at_key(key).get_array().get(a) != simdjson::SUCCESS) return std::nullopt;
  return a;
}
std::optional<dom::object> Obj(dom::element e) {
  dom::object o;
  if (e.get_object().get(o) != simdjson::SUCCESS) return std::nullopt;
  return o;
}

std::optional<audit::Hash> HashFromHex(std::optional<std::string_view> hex) {
  audit::Hash h{};
  if (!hex || !crypto::DecodeLowerHex(*hex, h)) return std::nullopt;
  return h;
}

// The report's header: a JSON object of this format and version, about `id`.
Result<dom::object> ParseReport(JsonReader& reader, std::span<const uint8_t> bytes,
                                const std::string& id) {
  JsonRefusal why;
  std::optional<dom::element> root = reader.Parse(bytes, why);
  if (!root) return Bad(id, std::string("not a JSON object: ") + JsonRefusalText(why));
  std::optional<dom::object> j = Obj(*root);
  if (!j) return Bad(id, "not a JSON object");
  if (Str(*j, "format") != "tvault-custody") return Bad(id, "not a custody report");
  if (Uint(*j, "version") != 1u) return Bad(id, "unknown custody report version");
  if (Str(*j, "record") != id) return Bad(id, "names another record");
  return *j;
}

// Without a checkpoint the sender makes no custody claim, and says nothing else.
Result<CustodyCheck> Unattested(dom::object j, dom::array events, const std::string& id) {
  if (events.size() != 0 || Has(j, "versions")) {
    return Bad(id, "events or versions without a checkpoint");
  }
  return CustodyCheck{false, 0};
}

Status CheckSignerKey(dom::object j, const minisign::PublicKey& signer, const std::string& id) {
  std::optional<std::string_view> key_string = Str(j, "signer_key");
  if (!key_string) return Bad(id, "no signer_key");
  // The signer's own encoding is accepted as it is; anything else is parsed
  // (which validates the Ed25519 point: too slow to do per record) and compared.
  if (*key_string != minisign::EncodePublicKey(signer)) {
    auto key = minisign::ParsePublicKey(*key_string);
    if (!key.ok() || !bundle::SameMinisignKey(*key, signer)) {
      return Bad(id, "signed by another key than the bundle");
    }
  }
  return OkStatus();
}

// The signed checkpoint the events lead to, from `cache` when it was
// verified before.
Result<audit::Checkpoint> OpenReportCheckpoint(dom::object j, const minisign::PublicKey& signer,
                                               const std::string& id, CheckpointCache* cache) {
  std::optional<std::string_view> note = Str(j, "checkpoint");
  std::optional<std::string_view> origin = Str(j, "origin");
  std::optional<uint64_t> size = Uint(j, "checkpoint_size");
  if (!note || !origin || !size) return Bad(id, "no checkpoint");
  auto cache_key = std::make_pair(std::string(*note), std::string(*origin));
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
  if (cp->size != *size) return Bad(id, "checkpoint_size disagrees with checkpoint");
  return *cp;
}

using CreatedVersions = std::map<uint32_t, audit::Hash>;  // version -> commitment

// One event: its entry is about `id` and in the signed tree; if it created
// a version, its commitment goes to `created`.
Status VerifyEvent(dom::element element, const audit::Checkpoint& cp, const std::string& id,
                   std::vector<audit::Hash>& proof, CreatedVersions& created) {
  std::optional<dom::object> e = Obj(element);
  std::optional<uint64_t> seq = e ? Uint(*e, "seq") : std::nullopt;
  std::optional<std::string_view> entry_b64 = e ? Str(*e, "entry") : std::nullopt;
  std::optional<dom::array> proof_json = e ? Arr(*e, "inclusion_proof") : std::nullopt;
  if (!seq || !entry_b64 || !proof_json) {
    return Bad(id, "an event lacks seq, entry or inclusion_proof");
  }
  if (proof_json->size() > 64) return Bad(id, "an inclusion proof is too long");
  auto entry = crypto::Base64Decode(*entry_b64, crypto::Base64Variant::kPadded);
  if (!entry) return Bad(id, "an event entry is not base64");
  auto event = audit::ParseEvent(*entry);
  if (!event.ok()) return Bad(id, "event: " + event.error().message);
  const uint64_t index = *seq;
  if (event->seq != index) return Bad(id, "an event's seq disagrees with its entry");
  if (event->object_id != id) return Bad(id, "an event names another record");
  proof.clear();
  for (dom::element h : *proof_json) {
    std::string_view hex;
    auto hash = HashFromHex(h.get_string().get(hex) == simdjson::SUCCESS
                                ? std::optional<std::string_view>(hex)
                                : std::nullopt);
    if (!hash) return Bad(id, "an inclusion proof hash is not 64 hex digits");
    proof.push_back(*hash);
  }
  if (!audit::VerifyInclusion(index, cp.size, audit::LeafHash(*entry), proof, cp.root).ok()) {
    return Bad(id, "event " + std::to_string(index) + " is not in the signed checkpoint");
  }
  const bool creates =
      (event->action == audit::Action::kTestimonyAdd && event->object_version == 1) ||
      event->action == audit::Action::kTestimonyAmend;
  if (creates && !event->digests.empty()) {
    if (!created.emplace(event->object_version, event->digests[0]).second) {
      return Bad(id, "two events create version " + std::to_string(event->object_version));
    }
  }
  return OkStatus();
}

Result<CreatedVersions> VerifyEvents(dom::array events, const audit::Checkpoint& cp,
                                     const std::string& id) {
  if (events.size() > kMaxCustodyEvents) return Bad(id, "too many events");
  CreatedVersions created;
  std::vector<audit::Hash> proof;  // reused from event to event
  for (dom::element element : events) TVAULT_TRY(VerifyEvent(element, cp, id, proof, created));
  return created;
}

// Every version the bundle carries was logged before the checkpoint, with
// the SHA-256 the manifest states.
Status CheckVersions(dom::object j, const bundle::ManifestRecord& record,
                     const CreatedVersions& created) {
  const std::string& id = record.id;
  std::optional<dom::array> versions = Arr(j, "versions");
  if (!versions) return Bad(id, "no versions");
  for (const bundle::ManifestVersion& mv : record.versions) {
    const std::string which = "version " + std::to_string(mv.version);
    std::optional<dom::object> found;
    for (dom::element jv : *versions) {
      std::optional<dom::object> v = Obj(jv);
      if (v && Uint(*v, "version") == uint64_t{mv.version}) found = v;
    }
    if (!found) return Bad(id, which + " is missing");
    auto sha_hash = HashFromHex(Str(*found, "sha256"));
    auto salt_hash = HashFromHex(Str(*found, "commitment_salt"));
    if (!sha_hash || *sha_hash != mv.sha256) return Bad(id, which + ": SHA-256 differs");
    if (!salt_hash) return Bad(id, which + ": no commitment salt");
    auto c = created.find(mv.version);
    if (c == created.end()) return Bad(id, which + ": no logged event created it");
    if (audit::StatementCommitment(*salt_hash, *sha_hash) != c->second) {
      return Bad(id, which + ": its commitment differs from the logged one");
    }
  }
  return OkStatus();
}

}  // namespace

Result<CustodyCheck> VerifyCustodyExcerpt(std::span<const uint8_t> bytes,
                                         const minisign::PublicKey& signer,
                                         const bundle::ManifestRecord& record,
                                         CheckpointCache* cache) {
  const std::string& id = record.id;
  // One reader per thread, reused (its buffers grow to the largest
  // excerpt); wiped when this function returns.
  thread_local JsonReader reader(kMaxExcerptDepth);
  struct WipeOnReturn {
    ~WipeOnReturn() { reader.Wipe(); }
  } wipe_on_return;
  TVAULT_ASSIGN_OR_RETURN(dom::object j, ParseReport(reader, bytes, id));
  std::optional<dom::array> events = Arr(j, "events");
  if (!events) return Bad(id, "no events");
  if (!Has(j, "checkpoint")) return Unattested(j, *events, id);
  TVAULT_TRY(CheckSignerKey(j, signer, id));
  TVAULT_ASSIGN_OR_RETURN(audit::Checkpoint cp, OpenReportCheckpoint(j, signer, id, cache));
  TVAULT_ASSIGN_OR_RETURN(CreatedVersions created, VerifyEvents(*events, cp, id));
  TVAULT_TRY(CheckVersions(j, record, created));
  return CustodyCheck{true, events->size()};
}

}  // namespace tvault
