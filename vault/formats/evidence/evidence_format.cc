#include "evidence/evidence_format.h"

#include <algorithm>
#include <string>

#include "util/byte_io.h"

namespace tvault::evidence_format {

bool IsValidChunkSize(uint32_t chunk_bytes) {
  return chunk_bytes >= kMinChunkBytes && chunk_bytes <= kMaxChunkBytes &&
         (chunk_bytes & (chunk_bytes - 1)) == 0;
}

HeaderBytes SerializeHeader(const Header& header) {
  std::vector<uint8_t> v;
  ByteWriter w(v);
  w.Raw(kMagic);
  w.U16(kVersion);
  w.U16(0);
  w.U32(header.chunk_bytes);
  w.Raw(header.stream_header);
  HeaderBytes out;
  std::copy(v.begin(), v.end(), out.begin());
  return out;
}

Result<Header> ParseHeader(std::span<const uint8_t> bytes) {
  auto bad = [](const std::string& why) {
    return MakeError(ErrorCode::kIntegrity, "evidence file is damaged or not an evidence file (" +
                                                why + ")");
  };
  ByteReader r(bytes);
  std::span<const uint8_t> magic, stream_header;
  uint16_t version = 0, flags = 0;
  Header h;
  if (!r.Raw(kMagic.size(), magic) || !r.U16(version) || !r.U16(flags) ||
      !r.U32(h.chunk_bytes) || !r.Raw(crypto::kSecretStreamHeaderBytes, stream_header)) {
    return bad("truncated header");
  }
  if (!r.done()) return bad("header size");
  if (!std::equal(magic.begin(), magic.end(), kMagic.begin())) return bad("unknown magic");
  if (version != kVersion) {
    return bad("unknown format version " + std::to_string(version));
  }
  if (flags != 0) return bad("unknown flags");
  if (!IsValidChunkSize(h.chunk_bytes)) return bad("invalid chunk size");
  std::copy(stream_header.begin(), stream_header.end(), h.stream_header.begin());
  return h;
}

ChunkAssociatedData::ChunkAssociatedData(const HeaderBytes& header, std::string_view file_id) {
  ByteWriter w(bytes_);
  w.Raw(kChunkLabel);
  w.Raw(header);
  w.U8(static_cast<uint8_t>(file_id.size()));
  w.Raw(file_id);
  w.U64(0);
}

std::span<const uint8_t> ChunkAssociatedData::For(uint64_t index) {
  for (std::size_t i = 0; i < 8; ++i) {
    bytes_[bytes_.size() - 1 - i] = static_cast<uint8_t>(index >> (8 * i));
  }
  return bytes_;
}

}  // namespace tvault::evidence_format
