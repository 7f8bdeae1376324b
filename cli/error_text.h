// How tvault words a library error: the library states the facts in
// Error::message and what the error is about in Error::detail; the advice in
// terms of tvault's commands and options ("run `tvault check`", "pass
// --signer-key") is worded here and nowhere else.
#ifndef TVAULT_CLI_ERROR_TEXT_H_
#define TVAULT_CLI_ERROR_TEXT_H_

#include <string>

#include "vault/result.h"

namespace tvault::cli {

// The one-line message tvault prints for `e` (after "tvault: error: ").
std::string ErrorText(const Error& e);

}  // namespace tvault::cli

#endif  // TVAULT_CLI_ERROR_TEXT_H_
