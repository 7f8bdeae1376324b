// Names of statement files kept with testimonies (docs/format.md, testimony
// tag 8).
#ifndef TVAULT_BINDING_TESTIMONY_FILES_H_
#define TVAULT_BINDING_TESTIMONY_FILES_H_

#include "vault/secret.h"

namespace tvault {

// The title a testimony gets from its file's base name when none is given:
// the name without its last extension ("a.b.txt": "a.b"; ".notes":
// ".notes"). Export leaves out a title equal to it, as it leaves out the
// name itself. Thread-safe.
PlainString TitleFromFileName(const PlainString& file_name);

}  // namespace tvault

#endif  // TVAULT_BINDING_TESTIMONY_FILES_H_
