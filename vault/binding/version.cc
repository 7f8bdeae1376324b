// vault/version.h: gathers the versions each layer can tell.
#include "vault/version.h"

#include "crypto/library_versions.h"
#include "storage/library_versions.h"

namespace tvault {

RuntimeVersions GetRuntimeVersions() {
  return RuntimeVersions{
      .tvault = TVAULT_VERSION,  // the CMake project version, see vault/CMakeLists.txt
      .libsodium = crypto::SodiumVersion(),
      .sqlcipher = storage::SqlcipherVersion(),
      .sqlite = storage::SqliteVersion(),
      .openssl = crypto::OpenSslVersion(),
  };
}

}  // namespace tvault
