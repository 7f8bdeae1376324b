// Listings of records, identity, peers and bundles (render.h).
#include "human/render.h"
#include "vault/text.h"

namespace tvault::cli::human {

Text TestimonyList(const std::vector<TestimonySummary>& list) {
  Text out;
  for (const TestimonySummary& t : list) {
    out += Format("{}  {}  {}  v{}  {}\n", t.id, t.witness_id, t.title, t.version_count,
                  FormatUtc(t.created_at_unix_s));
  }
  return out;
}

Text TestimonyHistory(const std::vector<TestimonyVersionInfo>& versions) {
  Text out;
  for (const TestimonyVersionInfo& v : versions) {
    out += Format("v{}  {}  sha256:{}  {} bytes  {}\n", v.version, FormatUtc(v.created_at_unix_s),
                  ToHex(v.sha256), v.size_bytes, v.reason);
  }
  return out;
}

Text WitnessList(const std::vector<WitnessSummary>& list) {
  Text out;
  for (const WitnessSummary& w : list) {
    out += Format("{}  {}  {} testimonies  {}\n", w.id, FormatUtc(w.created_at_unix_s),
                  w.testimony_count, w.name);
  }
  return out;
}

Text SearchHits(const std::vector<SearchHit>& hits) {
  Text out;
  for (const SearchHit& h : hits) out += Format("{}  {}  {}\n", h.id, h.field, h.context);
  return out;
}

namespace {

// The fields of a witness, one "label: value" line each, empty ones left out.
Text DetailLines(const WitnessDetails& d, const char* indent) {
  Text out = Format("{}name:       {}\n", indent, d.name);
  for (const PlainString& a : d.aliases) out += Format("{}alias:      {}\n", indent, a);
  if (!d.phone.empty()) out += Format("{}phone:      {}\n", indent, d.phone);
  if (!d.email.empty()) out += Format("{}email:      {}\n", indent, d.email);
  if (!d.address.empty()) out += Format("{}address:    {}\n", indent, d.address);
  if (!d.relatives.empty()) out += Format("{}relatives:  {}\n", indent, d.relatives);
  if (!d.notes.empty()) out += Format("{}notes:      {}\n", indent, d.notes);
  return out;
}

}  // namespace

Text WitnessShow(const Witness& w) {
  Text out = Format("id:         {}\ncreated:    {}\n", w.id, FormatUtc(w.created_at_unix_s));
  if (w.version_count > 1) {
    out += Format("version:    {} of {} ({})\n", w.version, w.version_count,
                  FormatUtc(w.version_created_at_unix_s));
  }
  out += DetailLines(w.details, "");
  return out;
}

Text WitnessHistory(const std::vector<WitnessVersionInfo>& versions) {
  Text out;
  for (const WitnessVersionInfo& v : versions) {
    std::string changed;
    for (const std::string& f : v.changed_fields) changed += (changed.empty() ? "" : ",") + f;
    if (v.version == 1) changed = "(first version)";
    out += Format("v{}  {}  changed: {}  {}\n", v.version, FormatUtc(v.created_at_unix_s),
                  changed, v.reason.empty() ? PlainString("-") : v.reason);
    if (v.details) out += DetailLines(*v.details, "    ");
  }
  return out;
}

Text Tombstones(const std::vector<Tombstone>& list) {
  Text out;
  for (const Tombstone& t : list) {
    out += Format("{}  shredded {}  {}\n", t.id, FormatUtc(t.shredded_at_unix_s), t.reason);
    for (const auto& [version, sha] : t.version_hashes) {
      out += Format("    v{}  sha256:{}\n", version, ToHex(sha));
    }
  }
  return out;
}

Text EvidenceList(const std::vector<EvidenceInfo>& list) {
  Text out;
  for (const EvidenceInfo& e : list) {
    const Text media = e.media_type.empty() ? Format("-") : Format("{}", e.media_type);
    out += Format("{}  {}  {}  {}  {}  {}\n", e.id, e.size_bytes, ToHex(e.sha256), media,
                  FormatUtc(e.added_at_unix_s), e.description);
  }
  return out;
}

Text EvidenceShow(const EvidenceInfo& e) {
  Text out = Format(
      "id:          {}\ntestimony:   {}\nsize:        {} bytes\nsha256:      {}\n"
      "media type:  {}\ndescription: {}\nadded:       {}\n",
      e.id, e.testimony_id, e.size_bytes, ToHex(e.sha256), e.media_type, e.description,
      FormatUtc(e.added_at_unix_s));
  if (!e.provenance.bundle_id.empty()) {
    out += Format("imported:    bundle {}, record {}\n", e.provenance.bundle_id,
                  e.provenance.origin_record);
  }
  return out;
}

Text IdentityShow(const IdentityInfo& id) {
  return Format(
      "name:                {}\nfingerprint:         {}\nminisign public key: {}\n"
      "age recipient:       {}\n",
      id.name, id.fingerprint, id.minisign_public_key, id.age_recipient);
}

Text PeerList(const std::vector<Peer>& peers) {
  Text out;
  for (const Peer& p : peers) {
    out += Format("{}\n", p.name);
    if (!p.age_recipient.empty()) {
      out += Format("  age recipient {}  (fingerprint {})\n", p.age_recipient,
                    p.recipient_fingerprint);
    }
    if (!p.minisign_public_key.empty()) {
      out += Format("  minisign key  {}  (key id {})\n", p.minisign_public_key, p.minisign_key_id);
    }
  }
  return out;
}

Text TextLines(std::string_view text) {
  Text out;
  while (!text.empty()) {
    const std::size_t nl = text.find('\n');
    out += Format("{}\n", text.substr(0, nl));
    text.remove_prefix(nl == std::string_view::npos ? text.size() : nl + 1);
  }
  return out;
}

Text BundleSummaryText(const BundleSummary& s, const Text& verdict) {
  const Text signer = s.signer_peer.empty() ? Format("{}", s.signer_key)
                                            : Format("{} ({})", s.signer_peer, s.signer_key);
  Text records;
  for (const std::string& r : s.records) records += Format(" {}", r);
  Text out = Format("{}: {}\n  signed by   {}\n", verdict, s.bundle_id, signer);
  out += Format("  exporter    {} (name as the sender wrote it)\n  created     {}\n", s.exporter_name,
                FormatUtc(s.created_at_unix_s));
  out += Format("  reason      {}\n  opened by   {} (one of {} recipients)\n", s.reason,
                s.decrypted_by, s.recipient_fingerprints.size());
  out += Format("  records     {}:{}\n", s.records.size(), records);
  out += Format("  versions    {}, contact files {}, evidence files {}\n", s.versions, s.contacts,
                s.evidence);
  out += Format("  format      {}\n", s.format_version);
  out += Format("  custody     {} logged events verified against the sender's signed checkpoint",
                s.custody_events_verified);
  if (s.records_without_custody > 0) {
    out += Format(
        "; {} records without any custody claim (not made by a tvault with an audit log)",
        s.records_without_custody);
  }
  out += Format("\n");
  for (const BundleRedaction& r : s.redactions) {
    out += Format("  redacted    {} v{} through {}: {} of {} tokens hidden; ", r.testimony_id,
                  r.version, r.redaction_id, r.hidden_tokens, r.token_count);
    if (!r.logged) {
      out += Format("the proof holds, but the bundle makes no custody claim: it ties the text "
                    "to no original\n");
    } else if (r.commitment_at_intake) {
      out += Format("the rest is the text the sender's log committed to when the version "
                    "was made (event {})\n",
                    r.commitment_seq);
    } else {
      out += Format("the rest is the text the sender's log committed to later than the "
                    "version was made (event {}), a weaker proof\n",
                    r.commitment_seq);
    }
  }
  for (const BundleTimestamp& t : s.timestamps) {
    out += Format("  time-stamp  the sender's log, as its first {} events stood, existed at {}, ",
                  t.checkpoint_size, FormatUtc(t.time_unix_s));
    if (t.authority_checked) {
      out += Format("signed by {} (checked against the given authority)\n", t.tsa);
    } else {
      out += Format("stated by {} (authority not checked; `tvault bundle verify --tsa-ca FILE` "
                    "checks it against the CA you trust)\n",
                    t.tsa);
    }
  }
  for (const BundleVersionTime& v : s.existed_by) {
    if (v.existed_by_unix_s && v.authority_checked) {
      out += Format("  existed by  {} v{}: {} (event {}, time-stamp {})\n", v.testimony_id,
                    v.version, FormatUtc(*v.existed_by_unix_s), v.event_seq, v.checkpoint_size);
    } else if (v.existed_by_unix_s) {
      out += Format("  existed by  {} v{}: {} as time-stamp {} states it, authority not checked "
                    "(event {})\n",
                    v.testimony_id, v.version, FormatUtc(*v.existed_by_unix_s), v.checkpoint_size,
                    v.event_seq);
    } else {
      out += Format("  existed by  {} v{}: no time-stamp covers it (event {})\n", v.testimony_id,
                    v.version, v.event_seq);
    }
  }
  if (s.text_not_utf8 > 0) {
    out += Format(
        "  not UTF-8   {} text fields, stored before tvault refused such bytes: carried with "
        "their exact bytes, shown here escaped (\\xNN)\n",
        s.text_not_utf8);
  }
  return out;
}

Text ImportText(const ImportResult& r) {
  Text out = BundleSummaryText(r.bundle, r.already_imported
                                             ? Format("bundle verified; already imported, nothing added")
                                             : Format("bundle verified and imported"));
  for (const auto& [theirs, ours] : r.testimonies) out += Format("  {} -> {}\n", theirs, ours);
  for (const auto& [theirs, ours] : r.evidence) out += Format("  {} -> {}\n", theirs, ours);
  return out;
}

}  // namespace tvault::cli::human
