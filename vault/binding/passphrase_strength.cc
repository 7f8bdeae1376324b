// EstimatePassphraseStrength (vault/vault.h): zxcvbn-c, Debian's libzxcvbn.
#include <zxcvbn.h>

#include <algorithm>
#include <cmath>
#include <cstring>

#include "vault/vault.h"

namespace tvault {
namespace {

// What zxcvbn found in the parts of its cheapest decomposition.
struct Patterns {
  int parts = 0;
  bool word = false, date = false, keyboard = false, sequence = false, repeat = false;
};

Patterns PatternsOf(const ZxcMatch_t* info) {
  Patterns p;
  for (const ZxcMatch_t* m = info; m != nullptr; m = m->Next) {
    ++p.parts;
    const int type = m->Type;
    if (type & MULTIPLE_MATCH) p.repeat = true;
    switch (static_cast<ZxcTypeMatch_t>(type & ~MULTIPLE_MATCH)) {
      case DICTIONARY_MATCH:
      case DICT_LEET_MATCH:
      case USER_MATCH:
      case USER_LEET_MATCH: p.word = true; break;
      case DATE_MATCH:
      case YEAR_MATCH: p.date = true; break;
      case SPATIAL_MATCH: p.keyboard = true; break;
      case SEQUENCE_MATCH:
      case LONG_PWD_MATCH: p.sequence = true; break;
      case REPEATS_MATCH: p.repeat = true; break;
      default: break;
    }
  }
  return p;
}

// Advice from the kinds of parts alone: never a part of the passphrase.
std::string HintFor(const Patterns& p, std::size_t length) {
  const std::string more = "add another uncommon word or two";
  if (length == 0) return "it is empty: use 5 or more random words";
  if (p.date) return "dates and years are easy to guess; " + more;
  if (p.keyboard) return "keyboard patterns such as qwerty are easy to guess; " + more;
  if (p.sequence) return "sequences such as abc or 123 are easy to guess; " + more;
  if (p.repeat) return "repeated characters or words add little; " + more;
  if (p.word && p.parts <= 2) return "a common word is easy to guess, even with symbols; " + more;
  if (p.word) return more;
  return "make it longer: 5 or more random words are easier to type and stronger";
}

// zxcvbn leaves single characters and short fragments of the passphrase in
// its stack frames. Overwriting the stack below the caller's frame, where
// those frames were, is the best that can be done from outside it.
[[gnu::noinline]] void ScrubStackBelow() {
  volatile unsigned char area[64 * 1024];
  SecureWipe(const_cast<unsigned char*>(area), sizeof area);
}

}  // namespace

PassphraseStrength EstimatePassphraseStrength(const SecretBytes& passphrase) {
  // zxcvbn wants a NUL-terminated string: a guarded copy with one more byte.
  // It stops at the first NUL (the estimate then covers the bytes before it,
  // which errs on the weak side).
  SecretBytes text(passphrase.size() + 1);
  std::copy(passphrase.reveal().begin(), passphrase.reveal().end(), text.reveal().begin());
  const char* c_text = reinterpret_cast<const char*>(text.reveal().data());
  const std::size_t length = std::strlen(c_text);

  ZxcMatch_t* info = nullptr;
  const double bits = ZxcvbnMatch(c_text, nullptr, &info);
  const Patterns patterns = PatternsOf(info);
  ZxcvbnFreeInfo(info);
  ScrubStackBelow();

  // zxcvbn-c returns the entropy of the cheapest way it found to build the
  // passphrase from patterns, in bits: log2 of the guesses an attacker who
  // tries those patterns first would need. The score thresholds are the
  // zxcvbn paper's (Wheeler, USENIX Security 2016, section 4): fewer than
  // 10^3 guesses scores 0, 10^6 scores 1, 10^8 scores 2, 10^10 scores 3,
  // more scores 4.
  PassphraseStrength s;
  s.guesses_log10 = std::max(0.0, bits * std::log10(2.0));
  constexpr double kThresholds[] = {3, 6, 8, 10};
  s.score = static_cast<int>(std::count_if(std::begin(kThresholds), std::end(kThresholds),
                                           [&](double t) { return s.guesses_log10 >= t; }));
  s.strong = s.score >= kStrongPassphraseScore;
  if (!s.strong) s.hint = HintFor(patterns, length);
  return s;
}

}  // namespace tvault
