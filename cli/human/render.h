// The human-readable form of every listing and report tvault prints: pure
// functions from the library's structs to human::Text, one line per row,
// each line ending in '\n' (an empty list renders as empty text). Every text
// field in them is escaped by human::Format; `--json` output is built
// elsewhere, exactly.
//
// Thread-safety: pure functions.
#ifndef TVAULT_CLI_HUMAN_RENDER_H_
#define TVAULT_CLI_HUMAN_RENDER_H_

#include <span>
#include <string>
#include <vector>

#include "human/human.h"
#include "vault/vault.h"

namespace tvault::cli::human {

// Records.
Text TestimonyList(const std::vector<TestimonySummary>& list);
Text TestimonyHistory(const std::vector<TestimonyVersionInfo>& versions);
Text WitnessList(const std::vector<WitnessSummary>& list);
// The version lines only for a witness edited at least once.
Text WitnessShow(const Witness& w);
// "vN  TIME  changed: FIELDS  REASON" per version, then (with values) the
// version's fields indented.
Text WitnessHistory(const std::vector<WitnessVersionInfo>& versions);
Text Tombstones(const std::vector<Tombstone>& list);
Text EvidenceList(const std::vector<EvidenceInfo>& list);
Text EvidenceShow(const EvidenceInfo& e);
// Cases: one line per case; a case's latest version and its members.
Text CaseList(const std::vector<CaseSummary>& list);
Text CaseShow(const Case& c);
// "ID  FIELD  CONTEXT" per hit.
Text SearchHits(const std::vector<SearchHit>& hits);
// Text from outside (a statement) keeping its lines: each line escaped,
// each ending in '\n'.
Text TextLines(std::string_view text);

// Identity, peers, bundles.
Text IdentityShow(const IdentityInfo& id);
Text PeerList(const std::vector<Peer>& peers);
// `verdict` is tvault's own words ("bundle verified").
Text BundleSummaryText(const BundleSummary& s, const Text& verdict);
// The summary, then "  SENDER_ID -> LOCAL_ID" per imported testimony and evidence.
Text ImportText(const ImportResult& r);

// Audit.
Text AuditLog(const std::vector<AuditEvent>& events);
// `html_file`: where the HTML report was written, or empty. `stamps`: the
// vault's RFC 3161 time-stamps (Vault::AuditTimestamps); with any, each
// version says by when it provably existed, or that no stamp covers it yet.
Text Custody(const CustodyReport& r, const std::string& html_file,
             std::span<const TimestampInfo> stamps = {});
// The printable, self-contained HTML page of `tvault custody --html`: every
// text HTML-escaped after EscapeUntrusted, so no control character, bidi
// override or invalid UTF-8 byte reaches the page raw either.
PlainString CustodyHtml(const CustodyReport& r, std::span<const TimestampInfo> stamps = {});

}  // namespace tvault::cli::human

#endif  // TVAULT_CLI_HUMAN_RENDER_H_
