// tvault evidence benchmarks (docs/evidence-format.md, section 7): ingest of
// one large evidence file, as ratios against references measured in the same
// run on the same (page-cached) input file.
//
//   ref-push  reference (a): read the file, raw libsodium secretstream push of
//             each chunk into a buffer that is thrown away
//   ref-sha   reference (b): read the file, SHA-256 (crypto::Sha256Hasher)
//   ref-copy  not a goal reference: the disk's share (plain copy + fsync)
//   encode    EncryptEvidence into a sink that discards: the format and the
//             hashing pipeline, without the disk
//   A-file    placement A: EvidenceStore::Add (temporary file, fsync, link,
//             fsync of the directory)
//   B-sqlite  placement B: EncryptEvidence into one SQLCipher row per chunk
//             (storage::Database, db_profile 1), one transaction
//   A-file-wb the same with progressive writeback (sync_file_range every
//             8 MiB): a prototype for a proposed AtomicFileSink change
//   A-get, B-get: reading the evidence back (decrypt, verify, SHA-256)
//
// Each variant runs in a child process (this binary re-executed), so the
// peak RSS shown (wait4's ru_maxrss) is that variant's alone. The ingest goal
// (issue text): A-file >= 0.8 x the slower of ref-push and ref-sha.
//
// Usage: tvault_evidence_bench [--mib N] [--reps R] [--big-mib M]
//                              [--chunk-sweep] [--dir DIR]
//   --big-mib M runs one more round at M MiB (e.g. 4096) if the disk has room.
#include <fcntl.h>
#include <sodium.h>
#include <sys/resource.h>
#include <sys/statvfs.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "crypto/hash.h"
#include "evidence/evidence_store.h"
#include "evidence/evidence_stream.h"
#include "storage/database.h"
#include "util/byte_stream.h"
#include "vault/crypto_init.h"

namespace {
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
using tvault::SecretBytes;

constexpr const char* kFileId = "E-BENCH1";

template <typename T>
T Must(tvault::Result<T> r) {
  if (!r.ok()) {
    std::fprintf(stderr, "bench: %s\n", r.error().message.c_str());
    std::exit(1);
  }
  return std::move(r).value();
}
void MustOk(const tvault::Status& s) {
  if (!s.ok()) {
    std::fprintf(stderr, "bench: %s\n", s.error().message.c_str());
    std::exit(1);
  }
}

double Seconds(const std::function<void()>& f) {
  auto t0 = Clock::now();
  f();
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

class NullSink final : public tvault::ByteSink {
 public:
  tvault::Status Write(std::span<const uint8_t>) override { return tvault::OkStatus(); }
};

// Placement B: every Write of the evidence writer (the header, then one
// framed chunk each) becomes one row.
class RowSink final : public tvault::ByteSink {
 public:
  explicit RowSink(tvault::storage::Statement insert) : insert_(std::move(insert)) {}
  tvault::Status Write(std::span<const uint8_t> bytes) override {
    insert_.Reset();
    return insert_.Bind(1, std::string_view(kFileId)).Bind(2, index_++).BindBlob(3, bytes).Run();
  }

 private:
  tvault::storage::Statement insert_;
  int64_t index_ = 0;
};

// A prototype for placement A with progressive writeback: what
// AtomicFileSink would do if it asked the kernel to start writing every
// 8 MiB (sync_file_range) instead of leaving the whole file to the final
// fsync. Bench only: measures whether proposing that change is worth it.
class WritebackFileSink final : public tvault::ByteSink {
 public:
  WritebackFileSink(const fs::path& path, uint64_t writeback_every_bytes)
      : fd_(::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600)),
        every_(writeback_every_bytes) {
    if (fd_ < 0) std::exit(1);
  }
  ~WritebackFileSink() override { ::close(fd_); }
  tvault::Status Write(std::span<const uint8_t> bytes) override {
    for (std::size_t done = 0; done < bytes.size();) {
      ssize_t n = ::write(fd_, bytes.data() + done, bytes.size() - done);
      if (n <= 0) std::exit(1);
      done += static_cast<std::size_t>(n);
    }
    written_ += bytes.size();
    if (every_ != 0 && written_ - flushed_ >= every_) {
      ::sync_file_range(fd_, static_cast<off_t>(flushed_), static_cast<off_t>(written_ - flushed_),
                        SYNC_FILE_RANGE_WRITE);
      flushed_ = written_;
    }
    return tvault::OkStatus();
  }
  void Sync() {
    if (::fsync(fd_) != 0) std::exit(1);
  }

 private:
  int fd_;
  uint64_t every_;
  uint64_t written_ = 0, flushed_ = 0;
};

// Reads the rows back in order as one byte stream.
class RowSource final : public tvault::ByteSource {
 public:
  explicit RowSource(tvault::storage::Statement select) : select_(std::move(select)) {
    select_.Bind(1, std::string_view(kFileId));
  }
  tvault::Result<std::size_t> Read(std::span<uint8_t> out) override {
    while (pos_ == row_.size()) {
      TVAULT_ASSIGN_OR_RETURN(bool row, select_.Step());
      if (!row) return std::size_t{0};
      auto blob = select_.ColumnBlob(0);
      row_.assign(blob.begin(), blob.end());
      pos_ = 0;
    }
    std::size_t n = std::min(out.size(), row_.size() - pos_);
    std::memcpy(out.data(), row_.data() + pos_, n);
    pos_ += n;
    return n;
  }

 private:
  tvault::storage::Statement select_;
  std::vector<uint8_t> row_;
  std::size_t pos_ = 0;
};

// A fixed key for every child of one run (the children must agree on it to
// read back what another child wrote). Bench data only.
SecretBytes BenchKey(uint8_t seed) {
  std::vector<uint8_t> k(32);
  for (std::size_t i = 0; i < k.size(); ++i) k[i] = static_cast<uint8_t>(seed + i);
  return SecretBytes::CopyOf(k);
}

double RefPush(const fs::path& input, uint32_t chunk) {
  const uint64_t size = fs::file_size(input);
  return Seconds([&] {
    auto in = Must(tvault::FileSource::Open(input));
    std::vector<uint8_t> plain(chunk), sealed(chunk + crypto_secretstream_xchacha20poly1305_ABYTES);
    SecretBytes key = BenchKey(1);
    crypto_secretstream_xchacha20poly1305_state st;
    uint8_t header[crypto_secretstream_xchacha20poly1305_HEADERBYTES];
    crypto_secretstream_xchacha20poly1305_init_push(&st, header, key.reveal().data());
    uint64_t done = 0;
    do {
      std::size_t n = Must(tvault::ReadFully(in, plain));
      done += n;
      uint8_t tag = done == size ? crypto_secretstream_xchacha20poly1305_TAG_FINAL
                                 : crypto_secretstream_xchacha20poly1305_TAG_MESSAGE;
      crypto_secretstream_xchacha20poly1305_push(&st, sealed.data(), nullptr, plain.data(), n,
                                                 nullptr, 0, tag);
    } while (done < size);
  });
}

// Not a goal reference: the disk's share. The same bytes copied to a new
// file with plain write(2) calls and one fsync, no cryptography.
double RefCopy(const fs::path& input, const fs::path& work) {
  const fs::path out_path = work / "copy.bin";
  double s = Seconds([&] {
    auto in = Must(tvault::FileSource::Open(input));
    WritebackFileSink out(out_path, /*writeback_every_bytes=*/0);
    std::vector<uint8_t> buf(1 << 20);
    for (;;) {
      std::size_t n = Must(in.Read(buf));
      if (n == 0) break;
      MustOk(out.Write(std::span(buf).first(n)));
    }
    out.Sync();
  });
  std::error_code ec;
  fs::remove(out_path, ec);
  return s;
}

double RefSha(const fs::path& input) {
  return Seconds([&] {
    auto in = Must(tvault::FileSource::Open(input));
    std::vector<uint8_t> buf(1 << 20);
    tvault::crypto::Sha256Hasher h;
    for (;;) {
      std::size_t n = Must(in.Read(buf));
      if (n == 0) break;
      h.Update(std::span(buf).first(n));
    }
    auto d = h.Finish();
    if (d[0] == 0 && d[1] == 0 && d[2] == 0 && d[3] == 0) std::fprintf(stderr, " ");
  });
}

tvault::storage::Database OpenRowDb(const fs::path& work, bool create) {
  SecretBytes db_key = BenchKey(2);
  auto mode = create ? tvault::storage::Database::Mode::kCreate
                     : tvault::storage::Database::Mode::kOpenExisting;
  auto db = Must(tvault::storage::Database::Open(work / "bench.db", db_key, mode));
  if (create) {
    MustOk(db.Exec(
        "CREATE TABLE evidence_chunks(file_id TEXT NOT NULL, chunk_index INTEGER NOT NULL, "
        "data BLOB NOT NULL, PRIMARY KEY (file_id, chunk_index))"));
  }
  return db;
}

// One variant, in this (child) process; returns its wall time in seconds.
double RunVariant(const std::string& variant, const fs::path& input, const fs::path& work,
                  uint32_t chunk) {
  const SecretBytes key = BenchKey(3);
  tvault::EvidenceWriterOptions options;
  options.chunk_bytes = chunk;
  if (variant == "ref-push") return RefPush(input, chunk);
  if (variant == "ref-sha") return RefSha(input);
  if (variant == "ref-copy") return RefCopy(input, work);
  if (variant == "idle") return 0;
  if (variant == "encode") {
    return Seconds([&] {
      auto in = Must(tvault::FileSource::Open(input));
      NullSink out;
      Must(tvault::EncryptEvidence(key, kFileId, in, out, options));
    });
  }
  if (variant == "A-file") {
    auto store = Must(tvault::EvidenceStore::Open(work / "evidence", true));
    std::error_code ec;
    fs::remove(Must(store.PathOf(kFileId)), ec);
    return Seconds([&] {
      auto in = Must(tvault::FileSource::Open(input));
      Must(store.Add(key, kFileId, in, options));
    });
  }
  if (variant == "A-file-wb") {
    fs::create_directories(work / "evidence-wb");
    return Seconds([&] {
      auto in = Must(tvault::FileSource::Open(input));
      WritebackFileSink out(work / "evidence-wb" / "E-BENCH1.tve", 8u << 20);
      Must(tvault::EncryptEvidence(key, kFileId, in, out, options));
      out.Sync();
    });
  }
  if (variant == "A-get") {
    auto store = Must(tvault::EvidenceStore::Open(work / "evidence", false));
    return Seconds([&] {
      NullSink out;
      Must(store.Extract(key, kFileId, out));
    });
  }
  if (variant == "B-sqlite") {
    std::error_code ec;
    fs::remove(work / "bench.db", ec);
    fs::remove(work / "bench.db-journal", ec);
    auto db = OpenRowDb(work, /*create=*/true);
    return Seconds([&] {
      auto txn = Must(tvault::storage::Transaction::Begin(db));
      RowSink rows(Must(db.Prepare(
          "INSERT INTO evidence_chunks(file_id, chunk_index, data) VALUES (?, ?, ?)")));
      auto in = Must(tvault::FileSource::Open(input));
      Must(tvault::EncryptEvidence(key, kFileId, in, rows, options));
      MustOk(txn.Commit());
    });
  }
  if (variant == "B-get") {
    auto db = OpenRowDb(work, /*create=*/false);
    return Seconds([&] {
      RowSource rows(Must(db.Prepare(
          "SELECT data FROM evidence_chunks WHERE file_id = ? ORDER BY chunk_index")));
      NullSink out;
      Must(tvault::DecryptEvidence(key, kFileId, rows, out));
    });
  }
  std::fprintf(stderr, "bench: unknown variant %s\n", variant.c_str());
  std::exit(2);
}

struct ChildResult {
  double seconds;
  double max_rss_mib;
  double cpu_seconds;  // user + system, all threads
};

ChildResult RunChild(const std::string& variant, const fs::path& input, const fs::path& work,
                     uint32_t chunk) {
  int fds[2];
  if (::pipe(fds) != 0) std::exit(1);
  const std::string chunk_text = std::to_string(chunk);
  pid_t pid = ::fork();
  if (pid < 0) std::exit(1);
  if (pid == 0) {
    ::dup2(fds[1], STDOUT_FILENO);
    ::close(fds[0]);
    ::close(fds[1]);
    const char* argv[] = {"tvault_evidence_bench", "--child", variant.c_str(),
                          input.c_str(), work.c_str(), chunk_text.c_str(), nullptr};
    ::execv("/proc/self/exe", const_cast<char* const*>(argv));
    _exit(127);
  }
  ::close(fds[1]);
  std::string out;
  char buf[256];
  for (ssize_t n; (n = ::read(fds[0], buf, sizeof buf)) > 0;) out.append(buf, static_cast<std::size_t>(n));
  ::close(fds[0]);
  int status = 0;
  struct rusage ru{};
  ::wait4(pid, &status, 0, &ru);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    std::fprintf(stderr, "bench: variant %s failed\n", variant.c_str());
    std::exit(1);
  }
  auto tv = [](const timeval& t) { return static_cast<double>(t.tv_sec) + t.tv_usec / 1e6; };
  return {std::stod(out), static_cast<double>(ru.ru_maxrss) / 1024.0,
          tv(ru.ru_utime) + tv(ru.ru_stime)};
}

void MakeInput(const fs::path& path, uint64_t mib) {
  FILE* f = std::fopen(path.c_str(), "wb");
  if (f == nullptr) std::exit(1);
  std::vector<uint8_t> block(1 << 20);
  for (uint64_t i = 0; i < mib; ++i) {
    randombytes_buf(block.data(), block.size());
    if (std::fwrite(block.data(), 1, block.size(), f) != block.size()) std::exit(1);
  }
  std::fclose(f);
}

void PrintRound(uint64_t mib, int reps, const fs::path& dir) {
  const fs::path input = dir / "input.bin";
  MakeInput(input, mib);
  const double gib = static_cast<double>(mib) / 1024.0;
  const uint32_t chunk = tvault::evidence_format::kDefaultChunkBytes;
  const std::vector<std::string> order = {"idle",   "ref-push",  "ref-sha",  "ref-copy", "encode",
                                          "A-file", "A-file-wb", "A-get",    "B-sqlite", "B-get"};
  std::map<std::string, std::vector<double>> secs, cpu;
  std::map<std::string, double> rss;
  double load_before[3] = {0, 0, 0}, load_after[3] = {0, 0, 0};
  ::getloadavg(load_before, 3);
  for (int r = 0; r < reps; ++r) {
    for (const auto& v : order) {
      ChildResult c = RunChild(v, input, dir, chunk);
      secs[v].push_back(c.seconds);
      cpu[v].push_back(c.cpu_seconds);
      rss[v] = std::max(rss[v], c.max_rss_mib);
    }
  }
  ::getloadavg(load_after, 3);
  std::printf("\nevidence ingest of %llu MiB, chunk %u KiB (median of %d runs; each in its own "
              "process)\n",
              static_cast<unsigned long long>(mib), chunk / 1024, reps);
  std::printf("  load average (1 min) before %.2f, after %.2f on %u cores\n", load_before[0],
              load_after[0], std::thread::hardware_concurrency());
  std::printf("  %-10s %9s %10s %14s %12s\n", "variant", "seconds", "MiB/s", "peak RSS MiB",
              "CPU seconds");
  for (const auto& v : order) {
    double s = Median(secs[v]);
    if (v == "idle") {
      std::printf("  %-10s %9s %10s %14.1f  (baseline: an empty child)\n", v.c_str(), "-", "-",
                  rss[v]);
      continue;
    }
    std::printf("  %-10s %9.3f %10.0f %14.1f %12.2f\n", v.c_str(), s,
                static_cast<double>(mib) / s, rss[v], Median(cpu[v]));
  }
  const double ref = std::max(Median(secs["ref-push"]), Median(secs["ref-sha"]));
  std::printf("  reference = slower of ref-push and ref-sha = %.3f s (%.2f GiB/s)\n", ref,
              gib / ref);
  std::printf("  RATIO A-file  speed/reference = %.2f (goal >= 0.8)\n", ref / Median(secs["A-file"]));
  std::printf("  RATIO A-file-wb speed/reference = %.2f (prototype: progressive writeback)\n",
              ref / Median(secs["A-file-wb"]));
  std::printf("  RATIO encode  speed/reference = %.2f (no disk writes)\n", ref / Median(secs["encode"]));
  std::printf("  disk floor: ref-copy %.3f s; A-file / ref-copy time = %.2f\n",
              Median(secs["ref-copy"]), Median(secs["A-file"]) / Median(secs["ref-copy"]));
  std::printf("  RATIO B-sqlite speed/reference = %.2f\n", ref / Median(secs["B-sqlite"]));
  std::printf("  B-sqlite / A-file time = %.2f; B-get / A-get time = %.2f\n",
              Median(secs["B-sqlite"]) / Median(secs["A-file"]),
              Median(secs["B-get"]) / Median(secs["A-get"]));
  std::printf("  on disk: A %llu bytes, B %llu bytes (database)\n",
              static_cast<unsigned long long>(fs::file_size(dir / "evidence" / "E-BENCH1.tve")),
              static_cast<unsigned long long>(fs::file_size(dir / "bench.db")));
  std::error_code ec;
  fs::remove(input, ec);
  fs::remove(dir / "bench.db", ec);
  fs::remove_all(dir / "evidence", ec);
  fs::remove_all(dir / "evidence-wb", ec);
}

void ChunkSweep(const fs::path& dir, int reps) {
  const fs::path input = dir / "input.bin";
  MakeInput(input, 1024);
  const std::vector<uint32_t> chunks = {64u << 10, 256u << 10, 1u << 20, 4u << 20};
  std::map<uint32_t, std::vector<double>> push, enc, get, ratio;
  std::map<uint32_t, double> rss;
  // Chunk sizes interleaved within each repetition, so that changes in
  // background load spread over all of them.
  for (int r = 0; r < reps; ++r) {
    for (uint32_t chunk : chunks) {
      const double p = RunChild("ref-push", input, dir, chunk).seconds;
      ChildResult e = RunChild("encode", input, dir, chunk);
      push[chunk].push_back(p);
      enc[chunk].push_back(e.seconds);
      ratio[chunk].push_back(p / e.seconds);
      rss[chunk] = std::max(rss[chunk], e.max_rss_mib);
      RunChild("A-file", input, dir, chunk);
      get[chunk].push_back(RunChild("A-get", input, dir, chunk).seconds);
    }
  }
  std::printf("\nchunk size sweep, 1 GiB, median of %d (encode = format + pipeline, no disk;\n"
              "ratio = ref-push time / encode time, each pair run back to back)\n",
              reps);
  std::printf("  %-10s %10s %10s %10s %8s %14s\n", "chunk KiB", "ref-push", "encode", "A-get",
              "ratio", "encode RSS MiB");
  for (uint32_t chunk : chunks) {
    std::printf("  %-10u %9.3fs %9.3fs %9.3fs %8.2f %14.1f\n", chunk / 1024, Median(push[chunk]),
                Median(enc[chunk]), Median(get[chunk]), Median(ratio[chunk]), rss[chunk]);
  }
  std::error_code ec;
  fs::remove(input, ec);
  fs::remove_all(dir / "evidence", ec);
}

uint64_t FreeMib(const fs::path& dir) {
  struct statvfs s{};
  if (::statvfs(dir.c_str(), &s) != 0) return 0;
  return static_cast<uint64_t>(s.f_bavail) * s.f_frsize / (1024 * 1024);
}

}  // namespace

int main(int argc, char** argv) {
  if (!tvault::InitCrypto()) return 1;
  std::setvbuf(stdout, nullptr, _IOLBF, 0);
  if (argc == 6 && std::strcmp(argv[1], "--child") == 0) {
    double s = RunVariant(argv[2], argv[3], argv[4], static_cast<uint32_t>(std::stoul(argv[5])));
    std::printf("%.6f\n", s);
    return 0;
  }
  uint64_t mib = 1024, big_mib = 0;
  int reps = 3;
  bool sweep = false;
  fs::path base = fs::temp_directory_path();
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--chunk-sweep") sweep = true;
    else if (i + 1 < argc && a == "--mib") mib = std::stoull(argv[++i]);
    else if (i + 1 < argc && a == "--big-mib") big_mib = std::stoull(argv[++i]);
    else if (i + 1 < argc && a == "--reps") reps = std::stoi(argv[++i]);
    else if (i + 1 < argc && a == "--dir") base = argv[++i];
  }
  std::string t = (base / "tvault-evidence-bench-XXXXXX").string();
  if (::mkdtemp(t.data()) == nullptr) return 1;
  const fs::path dir = t;
  if (sweep) ChunkSweep(dir, reps);
  if (mib != 0) PrintRound(mib, reps, dir);
  if (big_mib != 0) {
    // Input + file (A) + database (B), with a margin.
    const uint64_t need = 3 * big_mib + 2048;
    if (FreeMib(dir) < need) {
      std::printf("\nskipping the %llu MiB round: %llu MiB free in %s, %llu MiB needed\n",
                  static_cast<unsigned long long>(big_mib),
                  static_cast<unsigned long long>(FreeMib(dir)), dir.c_str(),
                  static_cast<unsigned long long>(need));
    } else {
      PrintRound(big_mib, 1, dir);
    }
  }
  fs::remove_all(dir);
  return 0;
}
