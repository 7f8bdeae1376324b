// A bounded, in-memory pipe from a push producer (something that writes to a
// ByteSink on its own thread) to a pull consumer (something that reads a
// ByteSource). Used where a streaming writer meets a streaming reader, e.g.
// BundleReader::CopyMemberTo feeding AddEvidenceInTxn, without a temporary
// file. At most `capacity` bytes wait in the pipe; both sides block.
//
// Either side may give up: the producer with Close(error), the consumer by
// destroying its reading or calling Cancel(); the other side then sees an
// error instead of blocking forever. The buffer is PlainBytes (wiped).
#ifndef TVAULT_UTIL_BYTE_PIPE_H_
#define TVAULT_UTIL_BYTE_PIPE_H_

#include <condition_variable>
#include <mutex>
#include <optional>

#include "util/byte_stream.h"
#include "vault/secret.h"

namespace tvault {

class BytePipe {
 public:
  explicit BytePipe(std::size_t capacity) : capacity_(capacity) {}

  // Producer side.
  class Sink final : public ByteSink {
   public:
    explicit Sink(BytePipe& p) : p_(p) {}
    Status Write(std::span<const uint8_t> bytes) override { return p_.Put(bytes); }

   private:
    BytePipe& p_;
  };
  // Consumer side.
  class Source final : public ByteSource {
   public:
    explicit Source(BytePipe& p) : p_(p) {}
    Result<std::size_t> Read(std::span<uint8_t> out) override { return p_.Take(out); }

   private:
    BytePipe& p_;
  };

  // The producer is done: readers see the end (status ok) or `status`.
  void Close(Status status);
  // The consumer is done early: writers fail from now on.
  void Cancel();

 private:
  Status Put(std::span<const uint8_t> bytes);
  Result<std::size_t> Take(std::span<uint8_t> out);

  std::mutex mu_;
  std::condition_variable cv_;
  PlainBytes buf_;  // bytes waiting, oldest first
  std::size_t capacity_;
  bool closed_ = false, cancelled_ = false;
  std::optional<Error> error_;
};

}  // namespace tvault

#endif  // TVAULT_UTIL_BYTE_PIPE_H_
