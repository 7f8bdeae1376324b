// Fuzzes the signed-note and checkpoint parsers. Properties, for every input
// a parser accepts:
//   FormatSignedNote(ParseSignedNote(x)) == x
//   FormatCheckpointBody(ParseCheckpointBody(text)) == text, for the note's
//     text and for the raw input
//   FormatVerifierKey(ParseVerifierKey(x)) == x
// and verification of any parsed note against a fixed key never crashes.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "audit/checkpoint.h"
#include "vault/crypto_init.h"

namespace {

using namespace tvault;

// tests/data/audit/fixture.vkey: makes verification reachable for the seeds.
constexpr std::string_view kFixtureVkey =
    "tvault.example/audit-fixture+8c04be31+AYAEhblUydfoSrgKscqAQBdWROrbhCcnfbGTbF/4YByh";

void CheckCheckpointBody(std::string_view text) {
  auto cp = audit::ParseCheckpointBody(text);
  if (!cp.ok()) return;
  auto again = audit::FormatCheckpointBody(*cp);
  if (!again.ok() || *again != text) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  if (!InitCrypto()) std::abort();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  static const audit::NoteVerifierKey key = audit::ParseVerifierKey(kFixtureVkey).value();

  auto note = audit::ParseSignedNote(input);
  if (note.ok()) {
    auto again = audit::FormatSignedNote(*note);
    if (!again.ok() || *again != input) std::abort();
    (void)audit::VerifyNote(*note, key);
    CheckCheckpointBody(note->text);
  }
  CheckCheckpointBody(input);

  auto vkey = audit::ParseVerifierKey(input);
  if (vkey.ok()) {
    auto again = audit::FormatVerifierKey(vkey->name, vkey->public_key);
    if (!again.ok() || *again != input) std::abort();
  }
  return 0;
}
