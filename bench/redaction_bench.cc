// The redaction commitment's cost (docs/redaction-format.md, section 3):
// Commit over N statements of about 2 KiB each, against one SHA-256 of the
// same bytes (what intake already computes for the statement commitment),
// measured in the same process, interleaved, best of R rounds.
//
// Usage: tvault_redaction_bench [--texts N] [--bytes B] [--reps R]
// Prints the tokens per text, both times, the ratio, and the commitment's
// cost per statement and per token.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "crypto/hash.h"
#include "redaction/commitment.h"
#include "redaction/tokenizer.h"
#include "vault/crypto_init.h"

namespace {

using Clock = std::chrono::steady_clock;

// Statement-like text: words of 1..12 letters (mean about 5.5), a line
// break every 12 words, deterministic per seed.
std::string Statement(uint32_t seed, std::size_t bytes) {
  std::string out;
  uint32_t x = seed * 2654435761u + 1;
  auto next = [&] {
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    return x;
  };
  for (int w = 1; out.size() < bytes; ++w) {
    const uint32_t len = 1 + next() % 10 + (next() % 4 == 0 ? next() % 3 : 0);
    for (uint32_t i = 0; i < len; ++i) out += static_cast<char>('a' + next() % 26);
    out += w % 12 == 0 ? '\n' : ' ';
  }
  out.resize(bytes);
  return out;
}

double Seconds(Clock::time_point a, Clock::time_point b) {
  return std::chrono::duration<double>(b - a).count();
}

}  // namespace

int main(int argc, char** argv) {
  std::size_t texts = 10000, bytes = 2048;
  int reps = 5;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--texts"))
      texts = std::strtoul(argv[i + 1], nullptr, 10);
    else if (!std::strcmp(argv[i], "--bytes"))
      bytes = std::strtoul(argv[i + 1], nullptr, 10);
    else if (!std::strcmp(argv[i], "--reps"))
      reps = std::atoi(argv[i + 1]);
  }
  if (!tvault::InitCrypto()) return 1;
  std::vector<std::string> corpus;
  std::size_t tokens = 0;
  for (std::size_t i = 0; i < texts; ++i) {
    corpus.push_back(Statement(static_cast<uint32_t>(i), bytes));
    tokens += tvault::redaction::Tokenize(corpus.back()).value().size();
  }
  const auto secret = tvault::redaction::NewRedactionSecret();
  double best_sha = 1e9, best_commit = 1e9;
  uint8_t sink = 0;
  for (int r = 0; r < reps; ++r) {
    auto t0 = Clock::now();
    for (const auto& t : corpus)
      sink ^= tvault::crypto::Sha256({reinterpret_cast<const uint8_t*>(t.data()), t.size()})[0];
    auto t1 = Clock::now();
    for (const auto& t : corpus) sink ^= tvault::redaction::Commit(t, secret).value()[0];
    auto t2 = Clock::now();
    best_sha = std::min(best_sha, Seconds(t0, t1));
    best_commit = std::min(best_commit, Seconds(t1, t2));
  }
  std::printf("texts %zu x %zu bytes, %.1f tokens per text (best of %d)\n", texts, bytes,
              static_cast<double>(tokens) / static_cast<double>(texts), reps);
  std::printf("sha256   %8.4f s\n", best_sha);
  std::printf("commit   %8.4f s  (%.1f us per text, %.0f ns per token)\n", best_commit,
              1e6 * best_commit / static_cast<double>(texts),
              1e9 * best_commit / static_cast<double>(tokens));
  std::printf("ratio commit / sha256: %.1f   (sink %u)\n", best_commit / best_sha, sink);
  return 0;
}
