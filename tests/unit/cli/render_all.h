// Every human-readable renderer of tvault (cli/human/render.h) run over
// records whose every text field comes from `next`: shared by the property
// test (human_render_test.cc) and the fuzz target (human_render_fuzz.cc).
#ifndef TVAULT_TESTS_CLI_RENDER_ALL_H_
#define TVAULT_TESTS_CLI_RENDER_ALL_H_

#include <functional>
#include <string>
#include <vector>

#include "human/render.h"

namespace tvault::testing {

struct Rendered {
  std::vector<cli::human::Text> text;  // what a terminal would show
  PlainString html;                    // the custody page
  std::size_t testimonies = 0;         // rows TestimonyList must have
};

inline Rendered RenderAll(const std::function<std::string()>& next) {
  using namespace cli::human;
  auto plain = [&] {
    const std::string s = next();
    return PlainString(s.data(), s.size());
  };
  Rendered out;
  std::vector<TestimonySummary> list(2);
  for (TestimonySummary& t : list) {
    t.id = next();
    t.witness_id = next();
    t.title = plain();
    t.version_count = 2;
  }
  out.testimonies = list.size();
  out.text.push_back(TestimonyList(list));

  TestimonyVersionInfo v;
  v.version = 1;
  v.reason = plain();
  out.text.push_back(TestimonyHistory({v, v}));

  WitnessSummary ws;
  ws.id = next();
  ws.name = plain();
  out.text.push_back(WitnessList({ws}));

  Witness w;
  w.id = next();
  WitnessDetails& d = w.details;
  d.name = plain();
  d.aliases = {plain(), plain()};
  d.phone = plain();
  d.email = plain();
  d.address = plain();
  d.relatives = plain();
  d.notes = plain();
  out.text.push_back(WitnessShow(w));

  Tombstone tomb;
  tomb.id = next();
  tomb.reason = plain();
  tomb.version_hashes = {{1, {}}};
  out.text.push_back(Tombstones({tomb}));

  EvidenceInfo e;
  e.id = next();
  e.testimony_id = next();
  e.description = plain();
  e.media_type = plain();
  e.provenance = {next(), next(), next()};
  out.text.push_back(EvidenceList({e}));
  out.text.push_back(EvidenceShow(e));

  IdentityInfo id{plain(), next(), next(), next()};
  out.text.push_back(IdentityShow(id));

  Peer p;
  p.name = plain();
  p.age_recipient = next();
  p.minisign_public_key = next();
  p.recipient_fingerprint = next();
  p.minisign_key_id = next();
  out.text.push_back(PeerList({p}));

  ImportResult r;
  BundleSummary& s = r.bundle;
  s.bundle_id = next();
  s.reason = plain();
  s.exporter_name = plain();
  s.signer_key = next();
  s.signer_peer = plain();
  s.decrypted_by = next();
  s.recipient_fingerprints = {next()};
  s.records = {next(), next()};
  s.records_without_custody = 1;
  r.testimonies = {{next(), next()}};
  r.evidence = {{next(), next()}};
  out.text.push_back(BundleSummaryText(s, Format("bundle verified")));
  out.text.push_back(ImportText(r));

  AuditEvent ev;
  ev.actor = next();
  ev.action = next();
  ev.object_id = next();
  ev.object_version = 3;
  ev.refs = {next(), next()};
  ev.digests = {next()};
  ev.reason = plain();
  ev.count = 7;
  ev.recipient_names = {plain(), plain()};
  ev.detail = plain();
  AuditEvent exported = ev;
  exported.action = "export";
  AuditEvent erased = ev;
  erased.reason = {};
  erased.reason_erased = true;
  out.text.push_back(AuditLog({ev, exported, erased}));

  CustodyReport c;
  c.id = next();
  c.witness_id = next();
  CustodyVersion cv;
  cv.version = 1;
  cv.reason = plain();
  CustodyVersion gone = cv;
  gone.shredded = true;
  c.versions = {cv, gone};
  c.provenance = {next(), next(), next()};
  c.events = {CustodyEvent{ev, {}, {}}, CustodyEvent{exported, {}, {}}};
  c.checkpoint = next();
  c.signer_key = next();
  c.origin = next();
  out.text.push_back(Custody(c, next()));
  out.html = CustodyHtml(c);
  return out;
}

}  // namespace tvault::testing

#endif  // TVAULT_TESTS_CLI_RENDER_ALL_H_
