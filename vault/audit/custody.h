// Custody reports (docs/audit-format.md, section 10).
#ifndef TVAULT_AUDIT_CUSTODY_H_
#define TVAULT_AUDIT_CUSTODY_H_

#include "vault_impl.h"

namespace tvault {

enum class CustodyScope {
  kFull,          // every event naming the record (the custodian's own report)
  kVersionsOnly,  // only the events that created its versions (what a bundle carries:
                  // other views and exports would reveal the custodian's other work)
};

// Builds the report inside the caller's transaction. Signs and keeps an
// anchor checkpoint at the current size; logs nothing itself.
Result<CustodyReport> BuildCustody(Vault::Impl& v, const std::string& id, CustodyScope scope);

}  // namespace tvault

#endif  // TVAULT_AUDIT_CUSTODY_H_
