// tvault benchmarks for the vault core (issue #2). Each figure is a ratio
// against a reference measured in the same process, on the same machine,
// right before or after: never an absolute time threshold.
//
//   unlock   : keyslot unlock at the default Argon2id parameters vs a bare
//              libsodium crypto_pwhash at the same parameters (goal <= 1.05);
//              Debian's libargon2 at the same parameters is shown for context.
//   ingest   : AddTestimonies of N text statements of 2 KiB in one call, with
//              and without the redaction commitment (goal: it adds <= 0.5x), vs
//              inserting the same bytes into a SQLCipher database with the
//              same key and page size in one transaction (goal <= 2.0).
//   list     : ListTestimonies of M testimonies after the unlock (goal <= 1 s).
//   audit    : AuditVerify of a log of E events (goal <= 5 s for 1,000,000),
//              against the time it took to generate that log; and the cost of
//              the audit logging work inside an ingest of N statements (the
//              same serialisation, leaf hashing, inserts and checkpoint
//              signature, replayed alone on a scratch database with the same
//              settings) as a fraction of that ingest (goal <= 10%).
//   aead     : sealing 64 MiB in age's 64 KiB chunks with
//              crypto::ChaCha20Poly1305Seal (libcrypto) vs libsodium's
//              crypto_aead_chacha20poly1305_ietf_encrypt, the implementation
//              it replaced (bundle export and verify spend most of their
//              encryption there).
//
// Usage: tvault_bench [--ingest N] [--list M] [--reps R] [--events E]
//                     [--only unlock|ingest|list|audit|aead] [--audit-vault DIR]
// --audit-vault DIR keeps the generated log in DIR; a later run with the same
// DIR only measures AuditVerify on it.
#include <argon2.h>
#include <sodium.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "audit/checkpoint.h"
#include "audit/event.h"
#include "audit/merkle.h"
#include "binding/testimony_rows.h"
#include "crypto/asymmetric.h"
#include "crypto/chacha20poly1305.h"
#include "crypto/key_hierarchy.h"
#include "header/vault_header.h"
#include "storage/database.h"
#include "vault/crypto_init.h"
#include "vault/vault.h"

namespace {
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
using tvault::SecretBytes;

double Seconds(const std::function<void()>& f) {
  auto t0 = Clock::now();
  f();
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

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

SecretBytes Pass(const char* s) {
  return SecretBytes::CopyOf({reinterpret_cast<const uint8_t*>(s), std::strlen(s)});
}

struct TempDir {
  fs::path path;
  TempDir() {
    std::string t = (fs::temp_directory_path() / "tvault-bench-XXXXXX").string();
    path = ::mkdtemp(t.data());
  }
  ~TempDir() { fs::remove_all(path); }
};

void BenchUnlock(int reps) {
  const tvault::KdfParams kdf = tvault::KdfParams::Default();
  TempDir d;
  tvault::InitOptions o;
  o.kdf = kdf;
  MustOk(tvault::Vault::Init(d.path / "v", Pass("bench passphrase"), o));
  auto header_bytes = std::vector<uint8_t>(fs::file_size(d.path / "v" / "vault.header"));
  FILE* f = std::fopen((d.path / "v" / "vault.header").c_str(), "rb");
  if (std::fread(header_bytes.data(), 1, header_bytes.size(), f) != header_bytes.size()) std::exit(1);
  std::fclose(f);
  tvault::VaultHeader header = Must(tvault::ParseHeader(header_bytes));
  const auto& slot = header.slots[0];
  SecretBytes pass = Pass("bench passphrase");

  std::vector<double> ours, sodium, argon2, open_all;
  for (int i = 0; i < reps; ++i) {
    ours.push_back(Seconds([&] { Must(tvault::UnlockHeader(header, pass)); }));
    sodium.push_back(Seconds([&] {
      uint8_t out[32];
      if (crypto_pwhash(out, 32, "bench passphrase", 16, slot.kdf_salt.data(), slot.kdf_passes,
                        size_t{slot.kdf_memory_kib} * 1024, crypto_pwhash_ALG_ARGON2ID13) != 0)
        std::exit(1);
    }));
    argon2.push_back(Seconds([&] {
      uint8_t out[32];
      argon2id_hash_raw(slot.kdf_passes, slot.kdf_memory_kib, 1, "bench passphrase", 16,
                        slot.kdf_salt.data(), 16, out, 32);
    }));
    open_all.push_back(Seconds([&] {
      Must(tvault::Vault::Open(d.path / "v", pass, tvault::OpenOptions{}));
    }));
  }
  const double r = Median(ours) / Median(sodium);
  std::printf("unlock  Argon2id %u MiB, %u passes (median of %d)\n", kdf.memory_kib() / 1024,
              kdf.passes(), reps);
  std::printf("        keyslot unlock            %.3f s\n", Median(ours));
  std::printf("        crypto_pwhash reference   %.3f s\n", Median(sodium));
  std::printf("        RATIO unlock/crypto_pwhash = %.3f (goal <= 1.05)\n", r);
  std::printf("        whole Vault::Open         %.3f s (KDF + header MAC + SQLCipher open)\n",
              Median(open_all));
  std::printf("        libargon2 (Debian, p=1)   %.3f s (context: %.2fx libsodium)\n",
              Median(argon2), Median(argon2) / Median(sodium));
}

std::vector<std::vector<uint8_t>> Statements(int n) {
  std::vector<std::vector<uint8_t>> s(static_cast<std::size_t>(n), std::vector<uint8_t>(2048));
  for (auto& v : s) randombytes_buf(v.data(), v.size());
  return s;
}

// Statements as people write them: 2 KiB of UTF-8 words of 1 to 10 letters
// (about 350 tokens), so that intake computes the redaction commitment.
std::vector<std::vector<uint8_t>> TextStatements(int n) {
  std::vector<std::vector<uint8_t>> s(static_cast<std::size_t>(n));
  for (auto& v : s) {
    v.reserve(2048);
    while (v.size() < 2048) {
      const std::size_t len = 1 + randombytes_uniform(10);
      for (std::size_t i = 0; i < len && v.size() < 2047; ++i) {
        v.push_back(static_cast<uint8_t>('a' + randombytes_uniform(26)));
      }
      v.push_back(randombytes_uniform(12) == 0 ? '\n' : ' ');
    }
    v.resize(2048);
    v.back() = '\n';
  }
  return s;
}

tvault::Vault FastVault(const fs::path& dir) {
  tvault::InitOptions o;
  o.kdf = tvault::InsecureKdfParamsForTestsOnly(8 * 1024, 1);  // the KDF is not measured here
  MustOk(tvault::Vault::Init(dir, Pass("p"), o));
  return Must(tvault::Vault::Open(dir, Pass("p"), tvault::OpenOptions{}));
}

double AddAll(tvault::Vault& v, const std::string& w, const std::vector<std::vector<uint8_t>>& s) {
  std::vector<tvault::StatementSource> sources;
  for (const auto& b : s) {
    sources.push_back([&b]() -> tvault::Result<tvault::PlainBytes> {
      return tvault::PlainBytes(b.begin(), b.end());
    });
  }
  tvault::TestimonyMetadata m;
  m.title = tvault::PlainString("Benchmark statement");
  return Seconds([&] { Must(v.AddTestimonies(w, m, sources)); });
}

// The reference: the same bytes, the same key, the same SQLCipher settings,
// one INSERT per statement, one transaction.
double RawInsert(const fs::path& dir, const std::vector<std::vector<uint8_t>>& s) {
  fs::create_directories(dir);
  SecretBytes key = SecretBytes::Random(32);
  auto db = Must(tvault::storage::Database::Open(dir / "raw.db", key,
                                                 tvault::storage::Database::Mode::kCreate));
  MustOk(db.Exec("CREATE TABLE t(id INTEGER PRIMARY KEY, body BLOB NOT NULL)"));
  return Seconds([&] {
    auto txn = Must(tvault::storage::Transaction::Begin(db));
    auto st = Must(db.Prepare("INSERT INTO t(body) VALUES (?)"));
    for (const auto& b : s) {
      st.Reset();
      MustOk(st.BindBlob(1, b).Run());
    }
    MustOk(txn.Commit());
  });
}

// Ingest of text statements: with the redaction commitment intake computes
// (docs/redaction-format.md), without it (the same intake told to skip it,
// as for text that is not UTF-8), and the raw SQLCipher reference, each rep
// interleaved. Goals: ingest <= 2.0x raw; the commitment adds <= 0.5x raw.
void BenchIngest(int n, int reps) {
  auto statements = TextStatements(n);
  std::vector<double> ours, plain, raw;
  for (int i = 0; i < reps; ++i) {
    TempDir d;
    raw.push_back(RawInsert(d.path / "raw", statements));
    for (bool omit : {false, true}) {
      tvault::Vault v = FastVault(d.path / (omit ? "plain" : "v"));
      tvault::WitnessDetails w;
      w.name = tvault::PlainString("W");
      std::string wid = Must(v.AddWitness(w));
      tvault::OmitRedactionCommitmentForTestsOnly(omit);
      (omit ? plain : ours).push_back(AddAll(v, wid, statements));
      tvault::OmitRedactionCommitmentForTestsOnly(false);
    }
  }
  const double r = Median(raw);
  std::printf("ingest  %d text statements of 2 KiB in one call (median of %d)\n", n, reps);
  std::printf("        AddTestimonies            %.3f s (%.0f statements/s)\n", Median(ours),
              n / Median(ours));
  std::printf("        without the commitment    %.3f s\n", Median(plain));
  std::printf("        raw SQLCipher INSERTs     %.3f s\n", r);
  std::printf("        RATIO ingest/raw = %.2f (goal <= 2.0)\n", Median(ours) / r);
  std::printf("        RATIO ingest without the redaction commitment/raw = %.2f\n",
              Median(plain) / r);
  std::printf("        RATIO redaction commitment/raw = %.2f (goal <= 0.5)\n",
              (Median(ours) - Median(plain)) / r);
}

void BenchList(int m) {
  TempDir d;
  tvault::Vault v = FastVault(d.path / "v");
  tvault::WitnessDetails w;
  w.name = tvault::PlainString("W");
  std::string wid = Must(v.AddWitness(w));
  auto statements = Statements(10000);
  for (int done = 0; done < m; done += 10000) AddAll(v, wid, statements);
  std::size_t count = 0;
  const double ours = Seconds([&] { count = Must(v.ListTestimonies()).size(); });
  std::printf("list    %zu testimonies after unlock\n", count);
  std::printf("        ListTestimonies           %.3f s (goal <= 1 s)\n", ours);
}

// The audit work an ingest of n statements does, alone: one testimony.add
// event per statement (serialised, leaf-hashed, inserted), the tree state and
// one signed checkpoint, in one transaction on a scratch SQLCipher database.
double LoggingWorkAlone(const fs::path& dir, int n) {
  fs::create_directories(dir);
  SecretBytes key = SecretBytes::Random(32);
  auto db = Must(tvault::storage::Database::Open(dir / "log.db", key,
                                                 tvault::storage::Database::Mode::kCreate));
  MustOk(db.Exec("CREATE TABLE audit_events(seq INTEGER PRIMARY KEY, entry BLOB NOT NULL);"
                 "CREATE TABLE audit_state(id INTEGER PRIMARY KEY, frontier BLOB);"
                 "CREATE TABLE audit_checkpoints(size INTEGER, note BLOB)"));
  auto signer = tvault::crypto::GenerateEd25519();
  return Seconds([&] {
    auto txn = Must(tvault::storage::Transaction::Begin(db));
    auto st = Must(db.Prepare("INSERT INTO audit_events(seq, entry) VALUES (?, ?)"));
    tvault::audit::MerkleAccumulator acc;
    for (int i = 0; i < n; ++i) {
      tvault::audit::Event e;
      e.seq = static_cast<uint64_t>(i);
      e.time_unix_s = 1790000000;
      e.action = tvault::audit::Action::kTestimonyAdd;
      e.object_id = "T-ABCDEF";
      e.object_version = 1;
      e.refs = {"W-ABCDE"};
      e.digests = {tvault::audit::Hash{}};
      auto bytes = tvault::audit::SerializeEvent(e);
      st.Reset();
      MustOk(st.Bind(1, static_cast<int64_t>(i)).BindBlob(2, bytes).Run());
      acc.Append(tvault::audit::LeafHash(bytes));
    }
    std::vector<uint8_t> frontier;
    for (const auto& h : acc.Frontier()) frontier.insert(frontier.end(), h.begin(), h.end());
    auto s2 = Must(db.Prepare("INSERT INTO audit_state(id, frontier) VALUES (1, ?)"));
    MustOk(s2.BindBlob(1, frontier).Run());
    tvault::audit::Checkpoint cp{"tvault/v1/audit/bench", acc.Size(), acc.Root(), {}};
    std::string body = Must(tvault::audit::FormatCheckpointBody(cp));
    auto sig = Must(tvault::audit::SignNote(body, "tvault-bench", signer.secret_key));
    std::string note = Must(tvault::audit::FormatSignedNote({body, {sig}}));
    auto s3 = Must(db.Prepare("INSERT INTO audit_checkpoints(size, note) VALUES (?, ?)"));
    MustOk(s3.Bind(1, static_cast<int64_t>(acc.Size())).Bind(2, note).Run());
    MustOk(txn.Commit());
  });
}

void BenchAudit(int events, int ingest, const std::string& keep_dir) {
  if (keep_dir.empty()) {
    TempDir d;
    tvault::Vault v = FastVault(d.path / "v");
    tvault::WitnessDetails w;
    w.name = tvault::PlainString("W");
    std::string wid = Must(v.AddWitness(w));
    auto statements = Statements(ingest);
    std::vector<double> total, logging;
    for (int i = 0; i < 3; ++i) {
      total.push_back(AddAll(v, wid, statements));
      logging.push_back(LoggingWorkAlone(d.path / ("scratch" + std::to_string(i)), ingest));
    }
    std::printf("audit   logging inside an ingest of %d statements (median of 3)\n", ingest);
    std::printf("        ingest with logging       %.3f s\n", Median(total));
    std::printf("        the logging work alone    %.3f s\n", Median(logging));
    std::printf("        RATIO logging/(ingest - logging) = %.3f (goal <= 0.10)\n",
                Median(logging) / (Median(total) - Median(logging)));
  }
  // A log of `events` events: testimony.add events of small statements, in
  // batches of 10,000 per command (each batch: one transaction, one signed
  // checkpoint).
  // With --audit-vault DIR the log is generated once into DIR and reused
  // by later runs (verify can then be measured repeatedly).
  TempDir d;
  const fs::path dir = keep_dir.empty() ? d.path / "v" : fs::path(keep_dir);
  double generate = 0;
  if (!keep_dir.empty() && fs::exists(dir / "vault.header")) {
    tvault::Vault v = Must(tvault::Vault::Open(dir, Pass("p"), tvault::OpenOptions{}));
    tvault::AuditVerifyReport report;
    const double verify = Seconds([&] { report = Must(v.AuditVerify({})); });
    std::printf("audit   verify a log of %llu events (%llu records matched; kept vault %s)\n",
                static_cast<unsigned long long>(report.events),
                static_cast<unsigned long long>(report.records_checked), dir.c_str());
    std::printf("        AuditVerify               %.3f s (goal <= 5 s for 1,000,000)\n", verify);
    return;
  }
  tvault::Vault v = FastVault(dir);
  tvault::WitnessDetails w;
  w.name = tvault::PlainString("W");
  std::string wid = Must(v.AddWitness(w));
  std::vector<std::vector<uint8_t>> small(10000, std::vector<uint8_t>(64, 'x'));
  int made = 2;  // init, witness.add
  while (made < events) {
    const int n = std::min<int>(10000, events - made);
    small.resize(static_cast<std::size_t>(n));
    generate += AddAll(v, wid, small);
    made += n;
  }
  tvault::AuditVerifyReport report;
  const double verify = Seconds([&] { report = Must(v.AuditVerify({})); });
  std::printf("audit   verify a log of %llu events (%llu records matched to their events)\n",
              static_cast<unsigned long long>(report.events),
              static_cast<unsigned long long>(report.records_checked));
  std::printf("        AuditVerify               %.3f s (goal <= 5 s for 1,000,000)\n", verify);
  std::printf("        generating the same log   %.3f s (reference)\n", generate);
  std::printf("        RATIO verify/generate = %.3f\n", verify / generate);
}

void BenchAead(int reps) {
  constexpr std::size_t kChunk = 64 * 1024, kTotal = std::size_t{64} << 20;
  std::vector<uint8_t> chunk(kChunk, 0x5A), sealed(kChunk + 16);
  const std::vector<uint8_t> key_bytes(32, 7);
  const SecretBytes key = SecretBytes::CopyOf(key_bytes);
  uint8_t nonce[12] = {};
  std::vector<double> ours, sodium;
  for (int r = 0; r < reps; ++r) {
    ours.push_back(Seconds([&] {
      for (std::size_t done = 0; done < kTotal; done += kChunk) {
        ++nonce[0];
        if (!tvault::crypto::ChaCha20Poly1305Seal(sealed, key, nonce, chunk, {}).ok()) std::abort();
      }
    }));
    sodium.push_back(Seconds([&] {
      for (std::size_t done = 0; done < kTotal; done += kChunk) {
        ++nonce[0];
        unsigned long long len = 0;
        crypto_aead_chacha20poly1305_ietf_encrypt(sealed.data(), &len, chunk.data(), kChunk,
                                                  nullptr, 0, nullptr, nonce, key_bytes.data());
      }
    }));
  }
  std::printf("aead    seal 64 MiB in 64 KiB chunks (ChaCha20-Poly1305, median of %d)\n", reps);
  std::printf("        ChaCha20Poly1305Seal (libcrypto)  %.1f ms\n", Median(ours) * 1e3);
  std::printf("        libsodium ietf_encrypt            %.1f ms (reference)\n", Median(sodium) * 1e3);
  std::printf("        RATIO ours/libsodium = %.3f\n", Median(ours) / Median(sodium));
}

}  // namespace

int main(int argc, char** argv) {
  if (!tvault::InitCrypto()) return 1;
  int ingest = 10000, list = 100000, reps = 3, events = 1000000;
  std::string only, audit_vault;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--ingest")) ingest = std::atoi(argv[i + 1]);
    if (!std::strcmp(argv[i], "--list")) list = std::atoi(argv[i + 1]);
    if (!std::strcmp(argv[i], "--reps")) reps = std::atoi(argv[i + 1]);
    if (!std::strcmp(argv[i], "--events")) events = std::atoi(argv[i + 1]);
    if (!std::strcmp(argv[i], "--only")) only = argv[i + 1];
    if (!std::strcmp(argv[i], "--audit-vault")) audit_vault = argv[i + 1];
  }
  if (only.empty() || only == "unlock") BenchUnlock(reps);
  if (only.empty() || only == "ingest") BenchIngest(ingest, reps);
  if (only.empty() || only == "list") BenchList(list);
  if (only.empty() || only == "audit") BenchAudit(events, ingest, audit_vault);
  if (only.empty() || only == "aead") BenchAead(reps);
  return 0;
}
