// SLIP-39's RS1024 checksum: a Reed-Solomon code over GF(1024) whose three
// check words end every share, customized by the string "shamir" (extendable
// flag 0) or "shamir_extendable" (flag 1). It detects any error in at most
// three words. tvault never corrects errors (the spec advises against it).
//
// Branch-free over the words (they are secret). Thread-safety: pure functions.
#ifndef TVAULT_SLIP39_RS1024_H_
#define TVAULT_SLIP39_RS1024_H_

#include <cstddef>

#include "slip39/wordlist.h"

namespace tvault::slip39 {

inline constexpr std::size_t kChecksumWords = 3;

// True if the last three words of `words` are the checksum of the others.
bool Rs1024Verify(bool extendable, const WordIndices& words);

// Writes the checksum of words[0, size - 3) into the last three words.
// Requires size >= 3.
void Rs1024Fill(bool extendable, WordIndices& words);

}  // namespace tvault::slip39

#endif  // TVAULT_SLIP39_RS1024_H_
