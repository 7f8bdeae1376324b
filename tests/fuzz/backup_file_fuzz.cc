// Fuzzes the backup reader (vault/formats/backup/backup_reader.h) and the
// manifest parser over arbitrary bytes: a backup file comes back from
// storage the custodian does not control (a cloud drive, a USB stick found
// again), and restore reads it before anything else.
// Properties:
//  * never crashes, never reads out of bounds, memory bounded by the input;
//  * every refusal is kIntegrity or kUnsupported (a damaged or forged file),
//    never another code;
//  * the vault members delivered to a sink are the ones a backup may hold
//    (vault.header, vault.db, evidence/<E-id>.tve), each exactly its
//    declared size;
//  * a manifest that parses serializes back to the same bytes' meaning
//    (Parse(Serialize(m)) == Serialize-equal).
#include <cstdint>
#include <cstdlib>
#include <string>

#include "backup/backup_format.h"
#include "backup/backup_reader.h"
#include "vault/crypto_init.h"

namespace {
using namespace tvault;

bool Refusal(const Error& e) {
  return e.code == ErrorCode::kIntegrity || e.code == ErrorCode::kUnsupported;
}

class CountingSinks final : public backup::MemberSinks, public ByteSink {
 public:
  Result<ByteSink*> Begin(std::string_view path, uint64_t size) override {
    if (path != "vault.header" && path != "vault.db" && !path.starts_with("evidence/")) std::abort();
    declared_ = size;
    got_ = 0;
    return static_cast<ByteSink*>(this);
  }
  Status Write(std::span<const uint8_t> bytes) override {
    got_ += bytes.size();
    if (got_ > declared_) std::abort();
    return OkStatus();
  }
  Status End() override {
    if (got_ != declared_) std::abort();
    return OkStatus();
  }

 private:
  uint64_t declared_ = 0, got_ = 0;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const bool ready = InitCrypto();
  if (!ready) std::abort();
  auto manifest = backup::ParseManifest({data, size});
  if (!manifest.ok()) {
    if (!Refusal(manifest.error())) std::abort();
  } else {
    const std::string again = backup::SerializeManifest(*manifest);
    auto reparsed = backup::ParseManifest(
        {reinterpret_cast<const uint8_t*>(again.data()), again.size()});
    if (!reparsed.ok() || backup::SerializeManifest(*reparsed) != again) std::abort();
  }
  SpanSource source({data, size});
  CountingSinks sinks;
  auto read = backup::ReadBackup(source, &sinks);
  if (!read.ok() && !Refusal(read.error())) std::abort();
  return 0;
}
