// Where evidence ciphertext lives: one file per evidence id in a directory of
// its own beside the database (<vault>/evidence/<E-id>.tve), the placement
// chosen by measurement in docs/evidence-format.md section 7.
//
// Crash safety: Add writes under a temporary name in the same directory,
// fsyncs, links the final name (never replacing a file) and fsyncs the
// directory, so a file under a final name is always complete. Plaintext never
// reaches the disk. The caller commits the wrapped key and the summary to the
// database only after Add succeeded; a crash in between leaves a complete
// ciphertext whose key existed only in memory, and RemoveUnreferenced sweeps
// it (and any temporary) away at the next opportunity.
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

  // Encrypts `plaintext` under `key` into the file for `file_id`.
  // kAlreadyExists if that file exists (nothing is replaced); on any error
  // nothing is left under the final name and the temporary is removed.
  Result<EvidenceSummary> Add(const SecretBytes& key, std::string_view file_id,
                              ByteSource& plaintext, EvidenceWriterOptions options = {});

  // Decrypts the file for `file_id` into `out` (see EvidenceReader for the
  // release policy; give an AtomicFileSink to keep nothing on failure).
  // kNotFound if the file is missing: the caller, which knows the id is
  // referenced, should report that as an integrity failure.
  Result<EvidenceSummary> Extract(const SecretBytes& key, std::string_view file_id,
                                  ByteSink& out) const;

  // Opens the ciphertext for reading (kNotFound if missing).
  Result<FileSource> OpenCiphertext(std::string_view file_id) const;

  // Unlinks the file and fsyncs the directory (shred, after the database
  // transaction that deleted the wrapped key committed). kNotFound if absent.
  Status Remove(std::string_view file_id);

  // Ids of the ciphertext files present, sorted.
  Result<std::vector<std::string>> List() const;

  // Removes temporaries of interrupted Adds and ciphertext files whose id is
  // not in `referenced`; returns the removed file names, sorted. Files it
  // does not recognise as its own are left alone. `referenced` must be the
  // complete set read from a database that opened and verified: every
  // evidence file outside it is deleted.
  Result<std::vector<std::string>> RemoveUnreferenced(const std::set<std::string>& referenced);

 private:
  explicit EvidenceStore(std::filesystem::path dir) : dir_(std::move(dir)) {}
  std::filesystem::path dir_;
};

}  // namespace tvault

#endif  // TVAULT_EVIDENCE_EVIDENCE_STORE_H_
