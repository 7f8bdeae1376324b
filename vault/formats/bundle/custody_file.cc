#include "bundle/custody_file.h"

#include <optional>
#include <set>
#include <utility>

#include "audit/checkpoint.h"
#include "audit/event.h"
#include "bundle/bundle_format.h"
#include "crypto/encoding.h"
#include "identity/custodian_keys.h"
#include "util/json_reader.h"
#include "util/json_writer.h"

namespace tvault::bundle {
namespace {

namespace dom = simdjson::dom;

// The file is two levels deep (the root, then events, proof or salts).
constexpr std::size_t kMaxCustodyDepth = 8;
constexpr std::string_view kCustodyFormat = "tvault-custody";
constexpr std::size_t kMaxConsistencyHashes = 128;

Error Bad(const std::string& what) {
  return MakeError(ErrorCode::kIntegrity, "custody.json: " + what);
}

std::string B64(std::span<const uint8_t> bytes) {
  return crypto::Base64Encode(bytes, crypto::Base64Variant::kPadded);
}

// Canonical padded base64 only: one spelling per value.
std::optional<std::vector<uint8_t>> FromB64(std::string_view text) {
  auto bytes = crypto::Base64Decode(text, crypto::Base64Variant::kPadded);
  if (!bytes || B64(*bytes) != text) return std::nullopt;
  return bytes;
}

std::optional<audit::Hash> HashFromB64(dom::element e) {
  std::string_view text;
  if (e.get_string().get(text) != simdjson::SUCCESS) return std::nullopt;
  auto bytes = FromB64(text);
  audit::Hash h{};
  if (!bytes || bytes->size() != h.size()) return std::nullopt;
  std::copy(bytes->begin(), bytes->end(), h.begin());
  return h;
}

std::optional<std::string_view> Str(dom::object obj, std::string_view key) {
  std::string_view s;
  if (obj.at_key(key).get_string().get(s) != simdjson::SUCCESS) return std::nullopt;
  return s;
}

bool KeysAre(dom::object obj, std::initializer_list<std::string_view> keys) {
  if (obj.size() != keys.size()) return false;
  for (std::string_view k : keys)
    if (obj.at_key(k).error() != simdjson::SUCCESS) return false;
  return true;
}

// The version each manifest record carries, by salt key.
struct Carried {
  const ManifestRecord* record = nullptr;
  const ManifestVersion* version = nullptr;
  bool redacted() const { return record->redaction.has_value(); }
};

// What the events say about one carried version.
struct Logged {
  const audit::Event* created_by = nullptr;  // its testimony.add / testimony.amend
  const audit::Event* late_commitment = nullptr;  // a testimony.redaction_commitment
};

bool CreatesVersion(const audit::Event& e) {
  return (e.action == audit::Action::kTestimonyAdd && e.object_version == 1) ||
         e.action == audit::Action::kTestimonyAmend;
}

// Section 7.7: the redaction commitment of a redacted version, from the
// creating event's second digest or, alone beside a one-digest creating
// event, a later testimony.redaction_commitment.
Result<LoggedRedactionCommitment> RedactionCommitmentOf(const std::string& which,
                                                        const Logged& l) {
  if (l.late_commitment != nullptr) {
    if (l.created_by->digests.size() != 1 || l.late_commitment->digests.size() != 1) {
      return Bad(which + ": a later redaction commitment beside one made at intake");
    }
    if (l.late_commitment->seq < l.created_by->seq) {
      return Bad(which + ": its later redaction commitment precedes the version");
    }
    return LoggedRedactionCommitment{l.late_commitment->digests[0], l.late_commitment->seq,
                                     false};
  }
  if (l.created_by->digests.size() != 2) {
    return Bad(which + " is redacted, but no redaction commitment of it is carried");
  }
  return LoggedRedactionCommitment{l.created_by->digests[1], l.created_by->seq, true};
}

Error BadStamp(uint64_t n, const std::string& what) {
  return MakeError(ErrorCode::kIntegrity,
                   "timestamps/" + std::to_string(n) + ": " + what);
}

const PlainBytes* Member(const std::map<std::string, PlainBytes>& members,
                         const std::string& name) {
  auto it = members.find(name);
  return it == members.end() ? nullptr : &it->second;
}

// Section 8.4, steps 1 to 4, for the stamped size `n` with its consistency
// proof, against the bundle's checkpoint `cp`.
Result<CheckedTimestamp> CheckStamp(uint64_t n, dom::array consistency_json,
                                    const audit::Checkpoint& cp, std::string_view origin,
                                    const minisign::PublicKey& signer,
                                    const std::map<std::string, PlainBytes>& members) {
  if (n > cp.size) return BadStamp(n, "stamped beyond the bundle's checkpoint");
  const PlainBytes* note = Member(members, StampedCheckpointMemberName(n));
  const PlainBytes* response = Member(members, TimestampResponseMemberName(n));
  if (note == nullptr || response == nullptr) {
    return BadStamp(n, "its checkpoint or its response is missing");
  }
  const std::string_view note_text(reinterpret_cast<const char*>(note->data()), note->size());
  auto stamped = audit::OpenCheckpoint(note_text, CheckpointVerifierKey(signer), origin);
  if (!stamped.ok()) return BadStamp(n, "checkpoint: " + stamped.error().message);
  if (stamped->size != n) return BadStamp(n, "the checkpoint is of another size");
  // RFC 9162: at most about 2 log2(size) hashes, so 128 for any 63-bit size.
  if (consistency_json.size() > kMaxConsistencyHashes) {
    return BadStamp(n, "its consistency proof is longer than any can be");
  }
  std::vector<audit::Hash> proof;
  for (dom::element h : consistency_json) {
    auto hash = HashFromB64(h);
    if (!hash) return BadStamp(n, "a consistency hash is not 32 bytes of canonical base64");
    proof.push_back(*hash);
  }
  Status prefix = audit::VerifyConsistency(n, cp.size, stamped->root, cp.root, proof);
  if (!prefix.ok()) {
    return BadStamp(n, "the stamped log is not a prefix of the bundle's (" +
                           prefix.error().message + ")");
  }
  auto token = crypto::ReadTimestampResponse(*response);
  if (!token.ok()) return BadStamp(n, "response: " + token.error().message);
  if (token->imprint != crypto::Sha256(*note)) {
    return BadStamp(n, "the token is over other bytes than the stamped checkpoint");
  }
  return CheckedTimestamp{n, std::move(*token), {response->begin(), response->end()}};
}

// Section 8.3: one entry per size of the manifest, in its order.
Status VerifyStamps(dom::object j, const audit::Checkpoint& cp, std::string_view origin,
                    const minisign::PublicKey& signer, const BundleManifest& manifest,
                    const std::map<std::string, PlainBytes>& members, CustodyFileCheck& out) {
  dom::array stamps;
  if (j.at_key("timestamps").get_array().get(stamps) != simdjson::SUCCESS) {
    return Bad("timestamps is not an array");
  }
  if (stamps.size() != manifest.timestamps.size()) {
    return Bad("timestamps does not list the manifest's stamped sizes");
  }
  std::size_t i = 0;
  for (dom::element e : stamps) {
    dom::object stamp;
    dom::element size_element;
    dom::array consistency;
    if (e.get_object().get(stamp) != simdjson::SUCCESS ||
        !KeysAre(stamp, {"checkpoint_size", "consistency"}) ||
        stamp.at_key("checkpoint_size").get(size_element) != simdjson::SUCCESS ||
        !size_element.is_uint64() ||
        stamp.at_key("consistency").get_array().get(consistency) != simdjson::SUCCESS) {
      return Bad("a timestamps entry is not {checkpoint_size, consistency}");
    }
    const uint64_t n = size_element.get_uint64().value_unsafe();
    if (n != manifest.timestamps[i++]) {
      return Bad("timestamps does not list the manifest's stamped sizes");
    }
    TVAULT_ASSIGN_OR_RETURN(CheckedTimestamp checked,
                            CheckStamp(n, consistency, cp, origin, signer, members));
    out.timestamps.push_back(std::move(checked));
  }
  return OkStatus();
}

Result<CustodyFileCheck> VerifyAttested(dom::object j, const minisign::PublicKey& signer,
                                        const BundleManifest& manifest,
                                        const std::map<std::string, PlainBytes>& members) {
  const bool v3 = manifest.format_version >= kFormatVersion3;
  if (!(v3 ? KeysAre(j, {"format", "version", "origin", "signer_key", "checkpoint",
                         "checkpoint_size", "events", "proof", "commitment_salts", "timestamps"})
           : KeysAre(j, {"format", "version", "origin", "signer_key", "checkpoint",
                         "checkpoint_size", "events", "proof", "commitment_salts"}))) {
    return Bad(v3 ? "its keys are not those of section 8.3" : "its keys are not those of section 7.3");
  }
  // The signer's own encoding is accepted as it is; anything else is parsed
  // and compared.
  std::optional<std::string_view> key = Str(j, "signer_key");
  if (!key) return Bad("signer_key is not a string");
  if (*key != minisign::EncodePublicKey(signer)) {
    auto parsed = minisign::ParsePublicKey(*key);
    if (!parsed.ok() || !SameMinisignKey(*parsed, signer)) {
      return Bad("signed by another key than the bundle");
    }
  }
  std::optional<std::string_view> note = Str(j, "checkpoint");
  std::optional<std::string_view> origin = Str(j, "origin");
  dom::element size_element;
  if (!note || !origin || j.at_key("checkpoint_size").get(size_element) != simdjson::SUCCESS ||
      !size_element.is_uint64()) {
    return Bad("checkpoint, origin or checkpoint_size is missing or mistyped");
  }
  auto cp = audit::OpenCheckpoint(*note, CheckpointVerifierKey(signer), *origin);
  if (!cp.ok()) return Bad("checkpoint: " + cp.error().message);
  if (cp->size != size_element.get_uint64().value_unsafe()) {
    return Bad("checkpoint_size disagrees with the checkpoint");
  }

  std::map<std::string, Carried> carried;
  std::size_t redacted = 0;
  for (const ManifestRecord& r : manifest.records) {
    for (const ManifestVersion& v : r.versions) carried[SaltKey(r.id, v.version)] = {&r, &v};
    if (r.redaction) redacted += r.versions.size();
  }

  dom::array events, proof_json;
  dom::object salts;
  if (j.at_key("events").get_array().get(events) != simdjson::SUCCESS ||
      j.at_key("proof").get_array().get(proof_json) != simdjson::SUCCESS ||
      j.at_key("commitment_salts").get_object().get(salts) != simdjson::SUCCESS) {
    return Bad("events, proof or commitment_salts is mistyped");
  }
  if (events.size() == 0) return Bad("a checkpoint without events");
  if (events.size() < carried.size() || events.size() > carried.size() + redacted) {
    return Bad(std::to_string(events.size()) + " events for " + std::to_string(carried.size()) +
               " versions in the bundle");
  }

  // Each event creates one carried version, or commits a redacted one
  // late, in increasing seq.
  std::vector<uint64_t> seqs;
  std::vector<audit::Hash> leaves;
  std::vector<audit::Event> parsed;  // stays put: `logged` points into it
  std::map<std::string, Logged> logged;  // salt key -> its events
  seqs.reserve(events.size());
  leaves.reserve(events.size());
  parsed.reserve(events.size());
  for (dom::element e : events) {
    std::string_view text;
    if (e.get_string().get(text) != simdjson::SUCCESS) return Bad("an event is not a string");
    auto entry = FromB64(text);
    if (!entry) return Bad("an event is not canonical base64");
    auto event = audit::ParseEvent(*entry);
    if (!event.ok()) return Bad("event: " + event.error().message);
    const std::string at = "event " + std::to_string(event->seq);
    if (!seqs.empty() && event->seq <= seqs.back()) {
      return Bad("events are not in increasing seq");
    }
    if (event->seq >= cp->size) return Bad(at + " is beyond the checkpoint");
    const bool creates = CreatesVersion(*event);
    const bool late = event->action == audit::Action::kTestimonyRedactionCommitment;
    if ((!creates && !late) || event->digests.empty()) {
      return Bad(at + " does not create a version");
    }
    const std::string which = SaltKey(event->object_id, event->object_version);
    auto found = carried.find(which);
    if (found == carried.end()) {
      return Bad(at + (creates ? " creates" : " commits") + " a version the bundle does not carry");
    }
    if (late && !found->second.redacted()) {
      return Bad(at + " commits " + which + ", which the bundle does not carry redacted");
    }
    parsed.push_back(std::move(*event));
    const audit::Event*& slot = creates ? logged[which].created_by : logged[which].late_commitment;
    if (slot != nullptr) {
      return Bad(creates ? "two events create " + which
                         : "two later redaction commitments of " + which);
    }
    slot = &parsed.back();
    seqs.push_back(parsed.back().seq);
    leaves.push_back(audit::LeafHash(*entry));
  }

  std::vector<audit::Hash> proof;
  proof.reserve(proof_json.size());
  for (dom::element h : proof_json) {
    auto hash = HashFromB64(h);
    if (!hash) return Bad("a proof hash is not 32 bytes of canonical base64");
    proof.push_back(*hash);
  }
  Status included = audit::VerifyMultiInclusion(cp->size, seqs, leaves, proof, cp->root);
  if (!included.ok()) {
    return Bad("the events are not in the signed checkpoint (" + included.error().message + ")");
  }

  // Every carried version: created by an event; a plain one by its salt
  // and the commitment its event logged, a redacted one by its redaction
  // commitment (checked against the proof by the caller).
  CustodyFileCheck out{true, seqs.size(), {}, {}, {}};
  if (salts.size() != carried.size() - redacted) {
    return Bad("commitment_salts does not have one salt per version that is not redacted");
  }
  for (const auto& [which, c] : carried) {
    auto l = logged.find(which);
    if (l == logged.end() || l->second.created_by == nullptr) {
      return Bad("no event creates " + which);
    }
    if (c.redacted()) {
      TVAULT_ASSIGN_OR_RETURN(LoggedRedactionCommitment logged_commitment,
                              RedactionCommitmentOf(which, l->second));
      out.relied_seq[which] = logged_commitment.seq;
      out.redaction_commitments[which] = logged_commitment;
      continue;
    }
    out.relied_seq[which] = l->second.created_by->seq;
    dom::element salt_element;
    if (salts.at_key(which).get(salt_element) != simdjson::SUCCESS) {
      return Bad("no commitment salt for " + which);
    }
    auto salt = HashFromB64(salt_element);
    if (!salt) return Bad("the commitment salt of " + which + " is not 32 bytes of base64");
    if (audit::StatementCommitment(*salt, c.version->sha256) !=
        l->second.created_by->digests[0]) {
      return Bad(which + ": its commitment differs from the logged one");
    }
  }
  if (v3) TVAULT_TRY(VerifyStamps(j, *cp, *origin, signer, manifest, members, out));
  return out;
}

}  // namespace

std::string SaltKey(std::string_view testimony_id, uint32_t version) {
  return std::string(testimony_id) + ".v" + std::to_string(version);
}

PlainString WriteCustodyFile(const CustodyFileContent& c) {
  PlainString out;
  out.reserve(512 + c.entries.size() * 160 + c.proof.size() * 48 +
              c.commitment_salts.size() * 64);
  JsonWriter w(out);
  w.BeginObject();
  w.Field("format", kCustodyFormat);
  w.FieldUint("version", static_cast<uint64_t>(c.version));
  if (!c.checkpoint.empty()) {
    w.Field("origin", c.origin);
    w.Field("signer_key", c.signer_key);
    w.Field("checkpoint", c.checkpoint);
    w.FieldUint("checkpoint_size", c.checkpoint_size);
  }
  w.Key("events");
  w.BeginArray();
  for (const std::vector<uint8_t>& e : c.entries) w.String(B64(e));
  w.EndArray();
  if (!c.checkpoint.empty()) {
    w.Key("proof");
    w.BeginArray();
    for (const audit::Hash& h : c.proof) w.String(B64(h));
    w.EndArray();
    w.Key("commitment_salts");
    w.BeginObject();
    for (const auto& [key, salt] : c.commitment_salts) w.Field(key, B64(salt));
    w.EndObject();
    if (c.version >= kFormatVersion3) {
      w.Key("timestamps");
      w.BeginArray();
      for (const StampedConsistency& t : c.timestamps) {
        w.BeginObject();
        w.FieldUint("checkpoint_size", t.checkpoint_size);
        w.Key("consistency");
        w.BeginArray();
        for (const audit::Hash& h : t.consistency) w.String(B64(h));
        w.EndArray();
        w.EndObject();
      }
      w.EndArray();
    }
  }
  w.EndObject();
  out.push_back('\n');
  return out;
}

Result<PlainString> WriteCustodyFileChecked(const CustodyFileContent& c) {
  if (c.checkpoint.empty() && (!c.entries.empty() || !c.proof.empty() ||
                               !c.commitment_salts.empty() || !c.timestamps.empty())) {
    return MakeError(ErrorCode::kInvalidArgument, "custody events without a checkpoint");
  }
  if (c.version != kFormatVersion2 && c.version != kFormatVersion3) {
    return MakeError(ErrorCode::kInvalidArgument, "custody.json exists in bundle versions 2 and 3");
  }
  if (c.version < kFormatVersion3 && !c.timestamps.empty()) {
    return MakeError(ErrorCode::kInvalidArgument, "time-stamps need bundle version 3");
  }
  PlainString text = WriteCustodyFile(c);
  if (text.size() > kMaxCustodyFileBytes) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "the bundle's custody file would exceed " +
                         std::to_string(kMaxCustodyFileBytes) +
                         " bytes; export fewer records per bundle");
  }
  return text;
}

Result<CustodyFileCheck> VerifyCustodyFile(std::span<const uint8_t> json,
                                           const minisign::PublicKey& signer,
                                           const BundleManifest& manifest,
                                           const std::map<std::string, PlainBytes>& members) {
  if (json.size() > kMaxCustodyFileBytes) return Bad("larger than its cap");
  try {
    JsonReader reader(kMaxCustodyDepth);
    JsonRefusal why;
    std::optional<dom::element> root = reader.Parse(json, why);
    if (!root) return Bad(std::string("not JSON: ") + JsonRefusalText(why));
    dom::object j;
    if (root->get_object().get(j) != simdjson::SUCCESS) return Bad("not a JSON object");
    if (Str(j, "format") != kCustodyFormat) return Bad("not a custody file");
    dom::element version;
    if (j.at_key("version").get(version) != simdjson::SUCCESS || !version.is_uint64() ||
        (version.get_uint64().value_unsafe() != kFormatVersion2 &&
         version.get_uint64().value_unsafe() != kFormatVersion3)) {
      return Bad("unknown custody file version");
    }
    if (version.get_uint64().value_unsafe() != static_cast<uint64_t>(manifest.format_version)) {
      return Bad("its version is not the bundle's");
    }
    if (j.at_key("checkpoint").error() == simdjson::SUCCESS) {
      return VerifyAttested(j, signer, manifest, members);
    }
    if (!manifest.timestamps.empty()) {
      return Bad("time-stamps without a custody claim to tie them to");
    }
    // No custody claim: exactly format, version and an empty events array.
    dom::array events;
    if (!KeysAre(j, {"format", "version", "events"}) ||
        j.at_key("events").get_array().get(events) != simdjson::SUCCESS || events.size() != 0) {
      return Bad("events or other keys without a checkpoint");
    }
    return CustodyFileCheck{false, 0, {}, {}, {}};
  } catch (const std::exception&) {
    return Bad("cannot be parsed (out of memory)");
  }
}

}  // namespace tvault::bundle
