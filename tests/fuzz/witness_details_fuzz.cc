// Fuzzes WitnessDetailsFromJson (vault/include/vault/vault.h), which reads
// the contact details of `witness add --details-file`: bytes a person
// wrote, or anything piped in.
// Properties:
//  * never crashes or throws;
//  * what it accepts is at most kMaxWitnessDetailsJson bytes, has a name,
//    and nlohmann reads the same text as an object (strictly);
//  * a refusal is kInvalidArgument, one line, starting "contact details: ".
#include <cstdint>
#include <cstdlib>

#include <nlohmann/json.hpp>

#include "vault/vault.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace tvault;
  Result<WitnessDetails> d = WitnessDetailsFromJson({data, size});
  if (!d.ok()) {
    const Error& e = d.error();
    if (e.code != ErrorCode::kInvalidArgument) std::abort();
    if (e.message.find('\n') != std::string::npos) std::abort();
    if (!e.message.starts_with("contact details: ")) std::abort();
    return 0;
  }
  if (size > kMaxWitnessDetailsJson || d->name.empty()) std::abort();
  const nlohmann::json theirs =
      nlohmann::json::parse(data, data + size, nullptr, /*allow_exceptions=*/false);
  if (theirs.is_discarded() || !theirs.is_object()) std::abort();
  if (theirs.at("name").get<std::string>() != std::string(d->name.data(), d->name.size())) {
    std::abort();
  }
  return 0;
}
