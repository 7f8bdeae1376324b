// Vault::ExtractBundle and ExtractBundleWithIdentityFile: a bundle verified
// and its members written to a new directory (docs/bundle-format.md,
// section 5.1), for recipients who keep no vault.
//
// One streaming pass: the members go into a hidden sibling of the target
// directory as they arrive, and only once every check of section 5 passed is
// that directory renamed to the target. A failed bundle leaves nothing; a
// killed process leaves the hidden directory (docs/threat-model.md, 5a).
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <set>

#include "binding/import_verify.h"
#include "binding/journal.h"
#include "minisign/minisign.h"
#include "util/file_io.h"
#include "util/new_file.h"

namespace tvault {
namespace {

namespace fs = std::filesystem;

// The hidden directory the members go to, renamed to the target by Commit;
// removed with everything in it if destroyed before.
class ExtractDir {
 public:
  explicit ExtractDir(fs::path target) : target_(std::move(target)) {}
  ExtractDir(const ExtractDir&) = delete;
  ~ExtractDir() {
    (void)file_.Close(NewFile::Sync::kNo);  // removed below, or committed already
    if (!temp_.empty() && !committed_) {
      std::error_code ec;
      fs::remove_all(temp_, ec);
    }
  }

  Status Create() {
    TVAULT_TRY(RefuseExisting(target_));
    const fs::path parent = Parent();
    std::string pattern =
        (parent / ("." + target_.filename().string() + ".tvault-extract-XXXXXX")).string();
    if (::mkdtemp(pattern.data()) == nullptr) return IoError("cannot create a directory in", parent, errno);
    temp_ = pattern;  // mkdtemp makes it 0700
    return OkStatus();
  }

  Result<ByteSink*> Open(const bundle::BundleMember& m) {
    // The reader admits only relative names of [A-Za-z0-9._-] components,
    // never "." or ".."; checked again here, where a name becomes a path.
    const fs::path rel(m.name);
    if (rel.is_absolute()) {
      return MakeError(ErrorCode::kIntegrity, "a member's name is not a plain relative path");
    }
    fs::path at = temp_;
    for (auto it = rel.begin(); it != rel.end(); ++it) {
      const std::string part = it->string();
      if (part.empty() || part == "." || part == "..") {
        return MakeError(ErrorCode::kIntegrity, "a member's name is not a plain relative path");
      }
      if (std::next(it) == rel.end()) break;
      at /= part;
      if (created_.insert(at.string()).second && ::mkdir(at.c_str(), 0700) != 0 &&
          errno != EEXIST) {
        return IoError("cannot create", at, errno);
      }
    }
    TVAULT_TRY(file_.Create(temp_ / rel));
    return static_cast<ByteSink*>(&file_);
  }

  // Everything verified: durable, then visible under the target's name.
  Status Commit() {
    TVAULT_TRY(file_.Close(NewFile::Sync::kNo));  // syncfs below syncs every member at once
    const int dir = ::open(temp_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dir < 0) return IoError("cannot open", temp_, errno);
    const int synced = ::syncfs(dir);  // every member file and folder at once
    const int err = errno;
    ::close(dir);
    if (synced != 0) return IoError("cannot write", temp_, err);
    TVAULT_TRY(RefuseExisting(target_));
    if (::rename(temp_.c_str(), target_.c_str()) != 0) return IoError("cannot create", target_, errno);
    committed_ = true;
    return FsyncDirectory(Parent());
  }

  MemberCopy Copier() {
    return [this](const bundle::BundleMember& m) { return Open(m); };
  }

 private:
  fs::path Parent() const {
    return target_.parent_path().empty() ? fs::path(".") : target_.parent_path();
  }

  fs::path target_;
  fs::path temp_;
  std::set<std::string> created_;
  NewFile file_;
  bool committed_ = false;
};

}  // namespace

Result<BundleSummary> Vault::ExtractBundle(const fs::path& file, const fs::path& out_dir,
                                           std::string_view signer_key, const Progress& progress,
                                           const fs::path& identity_file) {
  Impl& v = *impl_;
  ExtractDir dir(out_dir);
  TVAULT_TRY(dir.Create());
  TVAULT_ASSIGN_OR_RETURN(VaultTxn txn, VaultTxn::Begin(v));
  TVAULT_ASSIGN_OR_RETURN(std::vector<SecretBytes> identities, BundleIdentities(v, identity_file));
  TVAULT_ASSIGN_OR_RETURN(Verified result,
                          VerifyInVault(v, identities, file, signer_key,
                                        ProgressOfOnePass(progress, file), dir.Copier()));
  // Logged before the files appear under their name: the log may name an
  // extraction whose last step failed, never miss one that happened.
  LogEntry entry{audit::Action::kBundleExtract, result.summary.bundle_id, 0,
                 {minisign::KeyIdText(result.outcome.verified.signer.key_id)}, {}, {}};
  entry.secrets.bundle_sha256 = result.outcome.file_sha256.value();
  TVAULT_TRY(txn.Log(std::move(entry)));
  TVAULT_TRY(txn.Commit());
  TVAULT_TRY(dir.Commit());
  return std::move(result.summary);
}

Result<BundleSummary> ExtractBundleWithIdentityFile(const fs::path& file,
                                                    const fs::path& identity_file,
                                                    std::string_view signer_key,
                                                    const fs::path& out_dir,
                                                    const Progress& progress) {
  ExtractDir dir(out_dir);
  TVAULT_TRY(dir.Create());
  TVAULT_ASSIGN_OR_RETURN(BundleSummary summary,
                          VerifyWithIdentityFile(file, identity_file, signer_key,
                                                 ProgressOfOnePass(progress, file), dir.Copier()));
  TVAULT_TRY(dir.Commit());
  return summary;
}

}  // namespace tvault
