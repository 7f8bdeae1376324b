// A time-stamping authority for tests: `openssl ts -reply` with the test CA
// and certificates of tests/data/timestamp (see make.sh there).
#ifndef TVAULT_TESTS_LOCAL_TSA_H_
#define TVAULT_TESTS_LOCAL_TSA_H_

#include <filesystem>
#include <string>

#include "support/test_support.h"

namespace tvault::testing {

class LocalTsa {
 public:
  LocalTsa();
  // Answers the request at `request` with the certificate `signer`
  // (a file of tests/data/timestamp, e.g. "tsa-expired.pem"); returns the
  // response's path. The test fails if openssl does.
  std::filesystem::path Reply(const std::filesystem::path& request,
                              const std::string& signer = "tsa.pem");
  // A fixture of tests/data/timestamp, e.g. "ca.pem".
  static std::filesystem::path Fixture(const std::string& name);

 private:
  ScratchDir dir_;
  int replies_ = 0;
};

}  // namespace tvault::testing

#endif  // TVAULT_TESTS_LOCAL_TSA_H_
