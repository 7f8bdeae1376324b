// Where evidence ciphertext lives: one file per evidence id in a directory of
// its own beside the database (<vault>/evidence/<E-id>.tve), the placement
// chosen by measurement in docs/evidence-format.md section 7.
//
// Crash safety (docs/format.md, section 4.5): Stage writes under a temporary
// name in the same directory, fsyncs, links the PENDING name
// <E-id>.tve.pending (never replacing a file) and fsyncs the directory. The
// caller commits the wrapped key to the database, then Publish renames the
// pending name to the final one and fsyncs the directory. So a pending file
// is complete, and whether it is kept is decided by the database: its row
// exists (the commit happened: roll it forward) or not (its key existed only
// in the uncommitted row: delete it). A final-named file is never deleted
// for lack of a row alone (the database may be an older backup); only a
// tombstone proves its record was shredded. Plaintext never reaches the disk.
//
// Not thread-safe; the vault's exclusive lock serialises commands.
#ifndef TVAULT_EVIDENCE_EVIDENCE_STORE_H_
#define TVAULT_EVIDENCE_EVIDENCE_STORE_H_

#include <filesystem>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "evidence/evidence_stream.h"
#include "util/byte_stream.h"
#include "vault/result.h"
#include "vault/secret.h"

namespace tvault {

class EvidenceStore {
 public:
  inline static constexpr std::string_view kFileSuffix = ".tve";

  // Opens the directory, creating it with mode 0700 if `create` and it is
  // missing. kNotFound if it is missing and !create; kIo otherwise.
  static Result<EvidenceStore> Open(const std::filesystem::path& dir, bool create);

  const std::filesystem::path& dir() const { return dir_; }

  // <dir>/<file_id>.tve. kInvalidArgument unless file_id is "E-" followed by
  // 1 to 62 characters from 0-9 and A-Z (it becomes a file name).
  Result<std::filesystem::path> PathOf(std::string_view file_id) const;

  inline static constexpr std::string_view kPendingSuffix = ".tve.pending";

  // Whether a file named `name` in the directory is one the store writes:
  // final (<E-id>.tve), pending, or a temporary of either.
  static bool IsStoreFileName(std::string_view name);
  // Whether `name` is a final file's name (<E-id>.tve) and nothing else.
  static bool IsFinalFileName(std::string_view name);

  // Encrypts `plaintext` under `key` into the PENDING file for `file_id`
  // (durable when this returns). kAlreadyExists if a pending or final file
  // of that id exists (nothing is replaced); on any error nothing is left
  // and the temporary is removed.
  Result<EvidenceSummary> Stage(const SecretBytes& key, std::string_view file_id,
                                ByteSource& plaintext, EvidenceWriterOptions options = {});
  // Renames the pending file of `file_id` to its final name and fsyncs the
  // directory. kNotFound if there is no pending file.
  Status Publish(std::string_view file_id);
  // Stage then Publish, for callers without a database (tests, benchmarks).
  Result<EvidenceSummary> Add(const SecretBytes& key, std::string_view file_id,
                              ByteSource& plaintext, EvidenceWriterOptions options = {});
  // True if a pending or final file of `file_id` exists (a new id must not
  // reuse one: a file kept from a newer database may carry it).
  bool Holds(std::string_view file_id) const;

  // Decrypts the file for `file_id` into `out` (see EvidenceReader for the
  // release policy; give an AtomicFileSink to keep nothing on failure).
  // kNotFound if the file is missing: the caller, which knows the id is
  // referenced, should report that as an integrity failure.
  Result<EvidenceSummary> Extract(const SecretBytes& key, std::string_view file_id,
                                  ByteSink& out) const;

  // Opens the ciphertext for reading, under its final name or, if a crash
  // came between the commit and Publish, its pending name (kNotFound if
  // neither exists).
  Result<FileSource> OpenCiphertext(std::string_view file_id) const;

  // Unlinks the file (final and pending names) and fsyncs the directory
  // (shred, after the database transaction that deleted the wrapped key
  // committed; a rolled-back add). kNotFound if neither is present.
  Status Remove(std::string_view file_id);

  // Ids of the ciphertext files present, sorted.
  Result<std::vector<std::string>> List() const;

  // What a crash or an older database left in the directory, and what the
  // sweep does with it (file names, sorted):
  struct Sweep {
    std::vector<std::string> removed;     // temporaries; pending files without
                                          // a row; final files of shredded ids
    std::vector<std::string> published;   // pending files with a row
    std::vector<std::string> unknown;     // complete final files without a row
                                          // or tombstone: kept
  };
  // `referenced`: every evidence id with a row; `shredded`: every evidence
  // id with a tombstone; both complete, from a database that opened and
  // verified. With apply=false nothing is changed (a read-only vault): the
  // result says what a sweep would do. Files it does not recognise as its
  // own are left alone and not reported.
  Result<Sweep> SweepDirectory(const std::set<std::string>& referenced,
                               const std::set<std::string>& shredded, bool apply);

 private:
  explicit EvidenceStore(std::filesystem::path dir) : dir_(std::move(dir)) {}
  Result<std::filesystem::path> PendingPathOf(std::string_view file_id) const;
  std::filesystem::path dir_;
};

}  // namespace tvault

#endif  // TVAULT_EVIDENCE_EVIDENCE_STORE_H_
