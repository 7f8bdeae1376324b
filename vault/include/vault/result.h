// Result<T> and Status: errors as values.
//
// Every fallible function in the library returns Result<T> (or Status, which
// is Result<void>). No exception crosses the library boundary. Error messages
// are one line, safe to print: they never contain secrets or plaintext.
#ifndef TVAULT_RESULT_H_
#define TVAULT_RESULT_H_

#include <string>
#include <type_traits>
#include <utility>
#include <variant>

namespace tvault {

// Each code maps to one documented exit code of the CLI (see cli/exit_codes.h).
enum class ErrorCode {
  kInvalidArgument,  // the caller asked for something malformed (exit 2)
  kNotFound,         // no such record, vault, file (exit 1)
  kAlreadyExists,    // refusing to overwrite (exit 1)
  kFailedPrecondition,  // refused by policy, e.g. removing the last keyslot (exit 1)
  kWrongPassphrase,  // no keyslot opens with this passphrase (exit 3)
  kIntegrity,        // tampered or corrupted data, failed verification (exit 4)
  kBusy,             // another process holds the vault (exit 1)
  kIo,               // the operating system refused (exit 1)
  kUnsupported,      // unknown format version or algorithm in data we read (exit 4)
  kInternal,         // a bug or an exhausted resource (exit 1)
};

// What an error is about, for a front end to word the advice in its own
// terms: the library states the facts in Error::message, in words that name
// no command, option or form field of any front end; the CLI turns the detail
// into "run `tvault check`", "pass --signer-key" and the like (cli/error_text.cc),
// a desktop client into its own buttons and fields. kNone: the message is all.
enum class ErrorDetail {
  kNone,
  // Advice on what to do next.
  kDamaged,           // stored data is damaged: check the vault, restore a backup
  kCheckVault,        // the vault is inconsistent: check it
  kNoVault,           // no vault in that directory: create one, or choose another
  kVaultDirNotEmpty,  // a new vault goes into a new or empty directory only
  kNoSuchKeyslot,     // the keyslot list shows the valid numbers
  kNoSuchPeer,        // the peer list shows the valid names (message: the known ones)
  kAmbiguousPeer,     // two peers' names differ only in case: rename one
  kShredded,          // only the tombstone of the record remains
  kHasTestimonies,    // shred the witness's testimonies first, or together
  kBusy,              // another process holds the vault: retry or wait longer
  kUnknownRecipient,  // an export recipient names no peer: add the peer first
  kRecipientWithoutAgeKey,  // an export recipient has no age recipient: add one
  kNewerFormat,       // written by a newer version: upgrade to read it
  kUntrustedSigner,   // a bundle signed by a key no peer holds (message: the key id)
  kImportNeedsFile,   // import reads its bundle twice: a pipe cannot be read again
  kSameAsVersion,     // an amendment whose statement equals the latest version (message: which)
  kUnlockExpired,     // a kept unlock (UnlockKey) no longer opens the vault: ask the passphrase
  // Which part of the request is missing or malformed (kInvalidArgument).
  kDescriptionTooLong,  // evidence description
  kMediaTypeTooLong,    // evidence media type
  kKdfMemoryOutOfRange,
  kKdfPassesOutOfRange,
  kNameMissing,         // a witness without a name
  kPeerNameMissing,     // a peer without a name
  kReasonMissing,       // shred, export or amendment without a reason
  kBadDate,             // the date a testimony was taken
  kNotAWitnessId,       // the witness of a new testimony
  kNoFiles,             // a testimony without a statement file
  kPeerNeedsKey,        // a peer without age recipient and minisign key
  kBadMinisignKey,      // a peer's minisign key
  kNoRecipients,        // an export to nobody
  kAllWithTestimonies,  // an export of all records that also names testimonies
  kNoRecordsChosen,     // an export that names no records
  kNotATestimonyId,     // an export names a record that is not a testimony
  kOutMissing,          // an export without an output file
  kBadSignerKey,        // the sender's key given for an import (message: why)
  kSignerKeyRequired,   // checking a bundle without a vault needs the sender's key
  kBadIdentityFile,     // the identity file given for an import (message: why)
  // A text field is not valid UTF-8 or holds NUL; the message starts with the
  // field in the library's words ("the title", "the amendment reason", ...)
  // and names the first bad byte and its offset.
  kTextNotUtf8,
  // Export met stored text that is not UTF-8 (kept from before intake refused
  // it); the message names the record, the field and the version.
  kStoredTextNotUtf8,
  // Export refused: consent does not cover some records; the message names
  // the purpose and lists "T-...: why" for each (docs/format.md 4.9).
  kConsentRefused,
  // A legal hold applies; the message names the held id ("a legal hold on
  // C-... applies").
  kUnderHold,
  // Panic refused: the vault is under legal hold.
  kVaultUnderHold,
};

struct Error {
  ErrorCode code;
  std::string message;
  ErrorDetail detail = ErrorDetail::kNone;
};

inline Error MakeError(ErrorCode code, std::string message,
                       ErrorDetail detail = ErrorDetail::kNone) {
  return Error{code, std::move(message), detail};
}

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}  // NOLINT: implicit by design
  Result(Error error) : v_(std::move(error)) {}  // NOLINT

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & { return std::get<0>(v_); }
  const T& value() const& { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  T& operator*() & { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  const Error& error() const { return std::get<1>(v_); }
  Error&& take_error() { return std::get<1>(std::move(v_)); }

 private:
  std::variant<T, Error> v_;
};

template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Error error) : error_(std::move(error)), ok_(false) {}  // NOLINT

  bool ok() const { return ok_; }
  explicit operator bool() const { return ok_; }
  const Error& error() const { return error_; }
  Error&& take_error() { return std::move(error_); }

 private:
  Error error_{ErrorCode::kInternal, {}};
  bool ok_ = true;
};

using Status = Result<void>;

inline Status OkStatus() { return Status(); }

}  // namespace tvault

#define TVAULT_CONCAT_INNER_(a, b) a##b
#define TVAULT_CONCAT_(a, b) TVAULT_CONCAT_INNER_(a, b)

// Returns the error of a failed Result/Status from the enclosing function.
#define TVAULT_TRY(expr)                                 \
  do {                                                   \
    auto tvault_try_result_ = (expr);                    \
    if (!tvault_try_result_.ok())                        \
      return tvault_try_result_.take_error();            \
  } while (0)

// `TVAULT_ASSIGN_OR_RETURN(auto x, F());` binds x to F()'s value or returns
// its error.
#define TVAULT_ASSIGN_OR_RETURN(lhs, expr) \
  TVAULT_ASSIGN_OR_RETURN_IMPL_(TVAULT_CONCAT_(tvault_r_, __LINE__), lhs, expr)
#define TVAULT_ASSIGN_OR_RETURN_IMPL_(tmp, lhs, expr) \
  auto tmp = (expr);                                  \
  if (!tmp.ok()) return tmp.take_error();             \
  lhs = std::move(tmp).value()

#endif  // TVAULT_RESULT_H_
