// Must NOT compile: a pure format reaching up into the binding layer. The
// layering test builds this and expects the include to be unresolvable.
#include "binding/vault_impl.h"
