// Reading and writing testimony version rows (kind 2): shared by intake,
// amend, import, show, history, export and check.
#ifndef TVAULT_RECORDS_TESTIMONY_ROWS_H_
#define TVAULT_RECORDS_TESTIMONY_ROWS_H_

#include <optional>
#include <utility>

#include "binding/record_fields.h"
#include "crypto/aead_stream.h"
#include "crypto/hash.h"
#include "storage/database.h"
#include "util/byte_stream.h"

namespace tvault {

// Prepared statements for inserting many versions in one transaction.
class TestimonyWriter {
 public:
  static Result<TestimonyWriter> Prepare(Vault::Impl& v);
  // Inserts the testimonies row (version 1 only) or bumps its version count.
  Status InsertTestimony(const std::string& id, const std::string& witness_id);
  Status InsertVersion(const std::string& id, uint32_t version, const FieldSet& meta,
                       std::span<const uint8_t> statement);
  Status BumpVersionCount(const std::string& id, uint32_t versions);
  // A fresh id not yet used by any record or tombstone.
  Result<std::string> NewTestimonyId();
  // The record key of the version inserted last (valid until the next
  // InsertVersion): what an erasable reason is sealed under.
  const SecretBytes& last_record_key() const { return record_key_; }

 private:
  // Bodies this large are written into a zeroblob row in place (one more
  // statement compiled, which small bodies are spared).
  static constexpr std::size_t kBodyWrittenInPlaceBytes = 1u << 20;
  Result<int64_t> InsertBody(std::span<const uint8_t> body);
  TestimonyWriter(Vault::Impl& v, storage::Statement t, storage::Statement ver,
                  storage::Statement body, storage::Statement bump, storage::Statement id_in_use)
      : v_(&v), testimony_(std::move(t)), version_(std::move(ver)), body_(std::move(body)),
        bump_(std::move(bump)), id_in_use_(std::move(id_in_use)) {}
  Vault::Impl* v_;
  storage::Statement testimony_, version_, body_, bump_, id_in_use_;
  SecretBytes record_key_;  // one guarded buffer, refreshed per version
};

// Builds the metadata field set of a new version, with a fresh commitment
// salt (docs/audit-format.md, section 4); `commitment` receives the
// statement commitment the audit event must carry.
FieldSet TestimonyMetaFields(const TestimonyMetadata& m, const Sha256Bytes& sha256,
                             uint64_t size, const PlainString& reason,
                             const Provenance* provenance, Sha256Bytes& commitment);
// Gives a new version a fresh redaction secret (field-set tag 20) and
// returns its redaction commitment (docs/redaction-format.md, section 3),
// the second digest of the version's audit event. A statement that is not
// UTF-8 or beyond the format's limits gets neither: nullopt.
std::optional<Sha256Bytes> AddRedactionCommitment(FieldSet& meta,
                                                  std::span<const uint8_t> statement);
// Test-only: while set, AddRedactionCommitment gives nothing, so that a test
// can store versions as a tvault before redaction did. Never call this from
// the product.
void OmitRedactionCommitmentForTestsOnly(bool omit);
// The digests of a version-creating event: the statement commitment, then
// the redaction commitment if the version has one.
std::vector<Sha256Bytes> VersionDigests(const Sha256Bytes& commitment,
                                        const std::optional<Sha256Bytes>& redaction);
TestimonyMetadata MetadataFromFields(const FieldSet& f);
Provenance ProvenanceFromFields(const FieldSet& f);
// Version info (sha256, size, reason) from a metadata field set.
Result<TestimonyVersionInfo> VersionInfoFromFields(const FieldSet& f, uint32_t version,
                                                   int64_t created_at);

struct TestimonyHead {
  std::string id;
  std::string witness_id;
  int64_t created_at_unix_s = 0;
  uint32_t versions = 0;
};
// kNotFound (naming a tombstone if shredded) when absent.
Result<TestimonyHead> LoadTestimonyHead(Vault::Impl& v, const std::string& id);
// A head from a testimonies row read by the caller; kIntegrity for a
// version count outside 1..INT32_MAX.
Result<TestimonyHead> TestimonyHeadOf(std::string id, std::string witness_id, int64_t created_at,
                                      int64_t versions);

struct OpenedVersion {
  TestimonyVersionInfo info;
  FieldSet meta;
  SecretBytes record_key;
  Sha256Bytes commitment{};  // recomputed from the sealed salt and hash
  int64_t body_id = 0;                // its row in testimony_bodies
  std::vector<uint8_t> wrapped_key;   // as stored (ciphertext)
};
Result<OpenedVersion> OpenTestimonyVersion(Vault::Impl& v, const std::string& id,
                                           uint32_t version);
// Opens part 2 and checks it against the version's SHA-256 and size.
Result<PlainBytes> OpenStatement(Vault::Impl& v, const std::string& id,
                                 const OpenedVersion& opened);
// The same checks on a body the caller read (`info` from the version's
// authenticated metadata, `record_key` unwrapped for that version).
Result<PlainBytes> OpenStatementBody(const Vault::Impl& v, const std::string& id,
                                     const SecretBytes& record_key,
                                     const TestimonyVersionInfo& info,
                                     std::span<const uint8_t> body);

// Part 2 as a stream, in bounded memory: Read() decrypts the next bytes;
// the tag, SHA-256 and size are checked when the end is reached, and a
// mismatch is returned by that last Read() instead of the end of input. The
// bytes handed out before then are NOT authenticated: they may only go where
// the caller destroys them on failure (a temporary, encrypted bundle file).
class StatementReader final : public ByteSource {
 public:
  // `reuse`, a blob handle a previous reader gave back (TakeBlob), is
  // pointed at this statement instead of opening a new one.
  static Result<std::unique_ptr<StatementReader>> Open(
      Vault::Impl& v, const std::string& id, const OpenedVersion& opened,
      std::optional<storage::BlobReader> reuse = std::nullopt);
  // Who compares the bytes with the intake SHA-256. kByCaller is for a
  // caller that hashes every byte anyway (the bundle writer): the reader
  // then checks size and tag only, and the caller must refuse a mismatch
  // before anything it built is used.
  enum class Sha256Check { kInReader, kByCaller };
  // What OpenTestimonyVersion read earlier in the same transaction (a
  // read transaction sees no other writer): enough to open the statement
  // again without a query or decrypting the metadata again.
  struct Known {
    uint32_t version = 0;
    uint64_t size_bytes = 0;
    Sha256Bytes sha256{};  // intake SHA-256, from the authenticated metadata
    int64_t body_id = 0;
    std::vector<uint8_t> wrapped_key;
    static Known Of(const OpenedVersion& o) {
      return Known{o.info.version, o.info.size_bytes, o.info.sha256, o.body_id, o.wrapped_key};
    }
  };
  // Unwraps the key and opens the statement. The checks are those of Open
  // against the values given: the key and the statement are authenticated
  // for this record's address, so a body or key moved from another row fails.
  static Result<std::unique_ptr<StatementReader>> OpenKnown(
      Vault::Impl& v, const std::string& id, const Known& known, Sha256Check check,
      std::optional<storage::BlobReader> reuse = std::nullopt);
  // The blob handle, for the next Open; this reader is spent.
  std::optional<storage::BlobReader> TakeBlob() { return std::exchange(blob_, std::nullopt); }
  Result<std::size_t> Read(std::span<uint8_t> out) override;
  uint64_t size() const { return ct_len_; }

 private:
  static Result<std::unique_ptr<StatementReader>> OpenBody(
      Vault::Impl& v, const std::string& id, uint32_t version, int64_t body_id,
      const SecretBytes& record_key, uint64_t size_bytes, const Sha256Bytes& sha256,
      std::optional<storage::BlobReader> reuse, Sha256Check check);
  StatementReader(std::optional<storage::BlobReader> blob, const SecretBytes& key, std::span<const uint8_t> nonce,
                  std::vector<uint8_t> ad, uint64_t ct_len, std::string id, uint32_t version,
                  const Sha256Bytes& sha256, Sha256Check check);
  std::optional<storage::BlobReader> blob_;  // empty once taken
  crypto::AeadStreamDecryptor dec_;
  crypto::Sha256Hasher sha_;
  uint64_t ct_len_, offset_ = 0;
  std::string id_;
  uint32_t version_;
  Sha256Bytes expected_sha_;
  Sha256Check check_;
  bool finished_ = false;
};

}  // namespace tvault

#endif  // TVAULT_RECORDS_TESTIMONY_ROWS_H_
