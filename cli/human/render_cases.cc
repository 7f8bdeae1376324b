// Cases as a person reads them (render.h).
#include "human/render.h"
#include "vault/text.h"

namespace tvault::cli::human {

Text CaseList(const std::vector<CaseSummary>& list) {
  Text out;
  for (const CaseSummary& c : list) {
    out += Format("{}  {}  {} witnesses  {} testimonies  v{}  {}", c.id,
                  FormatUtc(c.created_at_unix_s), c.witness_count, c.testimony_count,
                  c.version_count, c.title);
    if (!c.reference.empty()) out += Format("  ({})", c.reference);
    out += Format("\n");
  }
  return out;
}

Text CaseShow(const Case& c) {
  const CaseDetails& d = c.details;
  Text out = Format("id:           {}\ncreated:      {}\nversion:      {} ({})\ntitle:        {}\n",
                    c.id, FormatUtc(c.created_at_unix_s), c.version,
                    FormatUtc(c.version_created_at_unix_s), d.title);
  if (!d.reference.empty()) out += Format("reference:    {}\n", d.reference);
  if (!d.notes.empty()) out += Format("notes:        {}\n", d.notes);
  // "(none)" rather than an empty value: a reader should not wonder.
  out += c.witnesses.empty() ? Format("witnesses:    (none)\n")
                             : Format("witnesses:    {}\n", Join(c.witnesses, " "));
  out += c.testimonies.empty() ? Format("testimonies:  (none)\n")
                               : Format("testimonies:  {}\n", Join(c.testimonies, " "));
  return out;
}

}  // namespace tvault::cli::human
