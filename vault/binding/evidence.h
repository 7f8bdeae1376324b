// Evidence records (kind 3) inside the vault: the glue between the database
// row (wrapped file key + sealed metadata, docs/format.md section 4.5), the
// ciphertext file (EvidenceStore, docs/evidence-format.md) and the audit log.
//
// These functions are the internal API shared by the Vault methods
// (evidence_ops.cc), shred, check, audit verify and the bundle code (export,
// import). None of them logs an audit event except AddEvidenceInTxn (which
// must log evidence.add in the caller's transaction); callers log views.
//
// The record key of an evidence record IS the file key of its stream: one
// fresh random key per file, wrapped under K_evidence with the record
// envelope (vault id, kind 3, evidence id, version 1), sealing part 1 (the
// metadata) as for any record and keying the secretstream of the file.
#ifndef TVAULT_EVIDENCE_EVIDENCE_OPS_H_
#define TVAULT_EVIDENCE_EVIDENCE_OPS_H_

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "binding/journal.h"
#include "evidence/evidence_store.h"
#include "util/byte_stream.h"
#include "binding/vault_impl.h"

namespace tvault {

namespace vault_files {
// <vault>/evidence/<E-id>.tve
inline constexpr const char* kEvidenceDir = "evidence";
}  // namespace vault_files

// Longest description / media type accepted (they are sealed metadata, not
// documents: a long text belongs in a testimony or an evidence file).
inline constexpr std::size_t kMaxEvidenceDescriptionBytes = 64 * 1024;
inline constexpr std::size_t kMaxEvidenceMediaTypeBytes = 255;

// The evidence store of this vault; `create` makes the directory if missing.
// kNotFound if it is missing and !create.
Result<EvidenceStore> OpenEvidenceStore(Vault::Impl& v, bool create);

// Metadata of every evidence record of `testimony_id`, oldest first,
// authenticated. An empty list for a testimony without evidence (and for an
// unknown id: callers that need the testimony to exist check it themselves).
Result<std::vector<EvidenceInfo>> ListEvidenceOf(Vault::Impl& v, std::string_view testimony_id);

// Metadata of one evidence record; kNotFound (naming a tombstone if it was
// shredded), kIntegrity if its row does not authenticate.
Result<EvidenceInfo> LoadEvidenceInfo(Vault::Impl& v, std::string_view evidence_id);

// The exact original bytes of an evidence file as a pull stream, in bounded
// memory (a few 1 MiB chunks). Every byte handed out belongs to a chunk that
// authenticated; the last Read() returns 0 only after the final chunk
// authenticated, nothing followed it, and the size and SHA-256 of everything
// released equal the sealed metadata's. Otherwise that Read() (at the latest)
// fails with kIntegrity: a truncated file yields a verified prefix and THEN
// the error, so a consumer must be able to throw away what it received
// (a temporary file, an encrypted bundle entry). A missing ciphertext file
// is kIntegrity (the database says it exists). The source does not use the
// database after it is returned and does not log anything.
Result<std::unique_ptr<ByteSource>> OpenEvidencePlaintext(Vault::Impl& v,
                                                         std::string_view evidence_id);

// Streams `data` into a new evidence record of `testimony_id` inside the
// caller's transaction `txn` (which must be open on `v`) and logs
// evidence.add in it (refs: the testimony id, then "import:<bundle id>" when
// meta.provenance.bundle_id is set). The ciphertext is written, fsynced and
// linked to its PENDING name before the row is inserted; nothing is visible
// until `txn` commits. After the commit the caller calls
// PublishEvidenceFile (readers also find a pending file, and the next sweep
// publishes one whose row exists). If `txn` never commits (rollback, crash),
// the pending file has no row and the next sweep deletes it; a caller that
// gives up may also call DiscardEvidenceFile. Returns the new
// record's info (id, size, SHA-256 of the exact bytes read, ...): an importer
// compares size and SHA-256 with what its bundle promised and aborts the
// transaction on a mismatch. kNotFound if the testimony does not exist,
// kInvalidArgument for an oversized description or media type, the source's
// error (usually kIo) if reading fails.
Result<EvidenceInfo> AddEvidenceInTxn(Vault::Impl& v, VaultTxn& txn,
                                      std::string_view testimony_id, ByteSource& data,
                                      const EvidenceMeta& meta);

// Removes the ciphertext file of an evidence id whose row is not (or no
// longer) in the database: after a rolled-back add, after shred committed.
// A missing file is not an error.
Status DiscardEvidenceFile(Vault::Impl& v, std::string_view evidence_id);

// After the commit of AddEvidenceInTxn's transaction: gives the file its
// final name. Best effort (the commit happened; a failure leaves a pending
// file that readers find and the next sweep publishes).
void PublishEvidenceFile(Vault::Impl& v, std::string_view evidence_id);

// Cleans up after interrupted adds and shreds (EvidenceStore::SweepDirectory
// with this database's evidence rows and evidence tombstones): publishes
// pending files whose row exists, deletes temporaries, pending files
// without a row and files of shredded ids, and reports (keeps) complete
// files that this database does not know. Run under the vault lock after
// the database opened and verified its schema; apply=false changes nothing.
Result<EvidenceStore::Sweep> SweepEvidenceOrphans(Vault::Impl& v, bool apply);

// Inside a shred transaction: deletes every evidence row of `testimony_id`
// (wrapped key and sealed metadata: the crypto-erase) and leaves a
// tombstone per evidence (reason, SHA-256, testimony id). Returns the
// evidence ids, oldest first; the caller unlinks their files after commit.
Result<std::vector<std::string>> ShredEvidenceOf(Vault::Impl& v, const std::string& testimony_id,
                                                 const PlainString& reason);
// Inside a shred transaction: the same for one evidence record `e` (as
// LoadEvidenceInfo or ListEvidenceOf gave it).
Status ShredEvidenceRow(Vault::Impl& v, const EvidenceInfo& e, const PlainString& reason);

// (evidence id, evidence commitment recomputed from its sealed salt and
// SHA-256) for every evidence row: audit verify compares them with the
// evidence.add events.
Result<std::vector<std::pair<std::string, Sha256Bytes>>> EvidenceCommitments(Vault::Impl& v);

// `tvault check`: every evidence row authenticates, its file exists and
// decrypts to the recorded size and SHA-256 (unknown files: see
// SweepEvidenceOrphans).
Status CheckEvidence(Vault::Impl& v, const std::function<void()>& after_each_file = {});

}  // namespace tvault

#endif  // TVAULT_EVIDENCE_EVIDENCE_OPS_H_
