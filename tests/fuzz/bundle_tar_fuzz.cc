// Fuzzes tar::TarReader (vault/formats/tar/tar_stream.h) over arbitrary bytes:
// the archive inside every bundle comes from a possibly hostile sender.
// Properties:
//  * never crashes, never reads out of bounds, memory bounded by the input;
//  * whatever it accepts is what section 2 allows: valid, distinct names,
//    at most kMaxMembers, each member's data exactly its declared size;
//  * what it accepts survives TarWriter -> TarReader unchanged, so the
//    writer and the reader agree on every archive the reader lets through;
//  * errors are sticky and kIntegrity.
#include <cstdint>
#include <cstdlib>
#include <set>
#include <string>
#include <vector>

#include "bundle/bundle_format.h"
#include "tar/tar_stream.h"
#include "vault/crypto_init.h"

namespace {
using namespace tvault;

struct Read {
  bool ok = false;
  std::vector<std::pair<std::string, std::vector<uint8_t>>> members;
};

// Reads with a read size chosen by the input, so that short reads happen.
Read ReadAll(std::span<const uint8_t> archive, std::size_t read_size) {
  Read out;
  SpanSource source(archive);
  auto reader = tar::TarReader::Open(source);
  if (!reader.ok()) {
    if (reader.error().code != ErrorCode::kIntegrity) std::abort();
    return out;
  }
  std::vector<uint8_t> buffer(read_size);
  while (true) {
    auto next = reader->Next();
    if (!next.ok()) {
      if (next.error().code != ErrorCode::kIntegrity || reader->Next().ok()) std::abort();
      return out;
    }
    if (!next->has_value()) break;
    out.members.push_back({(*next)->name, {}});
    while (true) {
      auto n = reader->ReadData(buffer);
      if (!n.ok()) {
        if (n.error().code != ErrorCode::kIntegrity || reader->Next().ok()) std::abort();
        return out;
      }
      if (*n == 0) break;
      out.members.back().second.insert(out.members.back().second.end(), buffer.begin(), buffer.begin() + *n);
      if (out.members.back().second.size() > archive.size()) std::abort();
    }
    if (out.members.back().second.size() != (*next)->size_bytes) std::abort();
  }
  out.ok = true;
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const bool ready = InitCrypto();
  if (!ready) std::abort();
  const std::size_t read_size = size > 0 ? 1 + data[size - 1] * 61 : 512;
  const Read first = ReadAll({data, size}, read_size);
  if (!first.ok) return 0;

  std::set<std::string> names;
  for (const auto& [name, bytes] : first.members) {
    if (!bundle::IsValidMemberName(name) || !names.insert(name).second) std::abort();
  }
  if (first.members.size() > bundle::kMaxMembers) std::abort();

  VectorSink rewritten;
  auto writer = tar::TarWriter::Begin(rewritten, 1795707467);
  if (!writer.ok()) std::abort();
  for (const auto& [name, bytes] : first.members) {
    if (!writer->AddMember(name, bytes).ok()) std::abort();
  }
  if (!writer->Finish().ok()) std::abort();
  const Read second = ReadAll(rewritten.data(), 4096);
  if (!second.ok || second.members != first.members) std::abort();
  return 0;
}
