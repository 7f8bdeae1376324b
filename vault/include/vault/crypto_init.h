// Library initialisation: call once before anything else (idempotent).
#ifndef TVAULT_CRYPTO_INIT_H_
#define TVAULT_CRYPTO_INIT_H_

namespace tvault {

// Initialises libsodium. False if the system's CSPRNG is unusable.
bool InitCrypto();

}  // namespace tvault

#endif  // TVAULT_CRYPTO_INIT_H_
