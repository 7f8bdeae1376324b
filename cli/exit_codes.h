// The documented exit codes of tvault (README.md, `tvault --help`).
#ifndef TVAULT_CLI_EXIT_CODES_H_
#define TVAULT_CLI_EXIT_CODES_H_

#include "vault/result.h"

namespace tvault::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitError = 1;
inline constexpr int kExitUsage = 2;
inline constexpr int kExitWrongPassphrase = 3;
inline constexpr int kExitIntegrity = 4;

inline constexpr const char* kExitCodesHelp =
    "Exit codes:\n"
    "  0  success\n"
    "  1  other error (not found, vault busy, I/O, refused by policy)\n"
    "  2  usage error (bad option, bad argument)\n"
    "  3  wrong passphrase\n"
    "  4  integrity failure (tampered or corrupted data, failed verification)\n";

inline int ExitCodeFor(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidArgument: return kExitUsage;
    case ErrorCode::kWrongPassphrase: return kExitWrongPassphrase;
    case ErrorCode::kIntegrity:
    case ErrorCode::kUnsupported: return kExitIntegrity;
    case ErrorCode::kNotFound:
    case ErrorCode::kAlreadyExists:
    case ErrorCode::kFailedPrecondition:
    case ErrorCode::kBusy:
    case ErrorCode::kIo:
    case ErrorCode::kInternal: return kExitError;
  }
  return kExitError;
}

}  // namespace tvault::cli

#endif  // TVAULT_CLI_EXIT_CODES_H_
