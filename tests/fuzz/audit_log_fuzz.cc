// Fuzz target: the exported audit log reader and the event parser
// (docs/audit-format.md, sections 2 and 8), as `tvault audit verify --log`
// meets them on another machine.
// Properties: never crashes, never allocates beyond the format's caps; an
// event that parses re-serializes to the same bytes; the verifier refuses
// (or accepts) without crashing whatever the checkpoints say.
#include <cstdint>
#include <cstdlib>
#include <span>

#include "audit/event.h"
#include "audit/log_file.h"
#include "audit/log_verifier.h"
#include "util/byte_stream.h"
#include "vault/crypto_init.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const bool ready = tvault::InitCrypto();
  if (!ready) std::abort();
  std::span<const uint8_t> in(data, size);

  // The whole input as one event.
  auto event = tvault::audit::ParseEvent(in);
  if (event.ok()) {
    std::vector<uint8_t> again = tvault::audit::SerializeEvent(*event);
    if (again.size() != size || !std::equal(again.begin(), again.end(), data)) std::abort();
  }

  // The whole input as an exported log, through the verifier.
  tvault::SpanSource source(in);
  auto reader = tvault::audit::LogFileReader::Open(source);
  if (!reader.ok()) return 0;
  std::vector<tvault::audit::CheckpointInput> cps;
  for (const std::string& note : reader->checkpoints()) cps.push_back({note, "fuzz"});
  tvault::audit::NoteVerifierKey key{"tvault-1", 0, {}};
  auto verifier = tvault::audit::LogVerifier::Create("tvault/v1/audit/x", key, cps);
  for (int i = 0; i < 100000; ++i) {
    auto entry = reader->NextEvent();
    if (!entry.ok() || !*entry) break;
    if (verifier.ok()) (void)verifier->Add(**entry);
  }
  if (verifier.ok()) (void)verifier->Finish();
  return 0;
}
