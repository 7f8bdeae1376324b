// Must NOT compile: the base layer reaching up into the formats. The
// layering test builds this and expects the include to be unresolvable.
#include "bundle/bundle_format.h"
