#include "crypto/rfc3161.h"

#include <openssl/asn1.h>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/objects.h>
#include <openssl/pem.h>
#include <openssl/pkcs7.h>
#include <openssl/ts.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <cstring>
#include <ctime>
#include <memory>

namespace tvault::crypto {
namespace {

template <auto Free>
struct Deleter {
  template <typename T>
  void operator()(T* p) const { Free(p); }
};
using TsReq = std::unique_ptr<TS_REQ, Deleter<TS_REQ_free>>;
using TsResp = std::unique_ptr<TS_RESP, Deleter<TS_RESP_free>>;
using TsMsgImprint = std::unique_ptr<TS_MSG_IMPRINT, Deleter<TS_MSG_IMPRINT_free>>;
using TsVerifyCtx = std::unique_ptr<TS_VERIFY_CTX, Deleter<TS_VERIFY_CTX_free>>;
using Asn1Integer = std::unique_ptr<ASN1_INTEGER, Deleter<ASN1_INTEGER_free>>;
using X509Algor = std::unique_ptr<X509_ALGOR, Deleter<X509_ALGOR_free>>;
using X509Store = std::unique_ptr<X509_STORE, Deleter<X509_STORE_free>>;
using X509Ptr = std::unique_ptr<X509, Deleter<X509_free>>;
using Bio = std::unique_ptr<BIO, Deleter<BIO_free>>;
using Bignum = std::unique_ptr<BIGNUM, Deleter<BN_free>>;
void FreeX509Stack(STACK_OF(X509)* s) { sk_X509_free(s); }  // the stack, not the certificates
using X509Stack = std::unique_ptr<STACK_OF(X509), Deleter<FreeX509Stack>>;

Error NoMemory() { return MakeError(ErrorCode::kInternal, "libcrypto could not allocate"); }

// The deepest reason libcrypto queued (TS verification errors carry their
// detail, e.g. "Verify error:certificate has expired", as error data), then
// the queue cleared so that it cannot leak into a later call.
std::string OpensslReason() {
  std::string out;
  const char* data = nullptr;
  int flags = 0;
  unsigned long e;
  while ((e = ERR_get_error_all(nullptr, nullptr, nullptr, &data, &flags)) != 0) {
    if (out.empty()) {
      const char* r = ERR_reason_error_string(e);
      out = r != nullptr ? r : "unknown error";
      if (data != nullptr && (flags & ERR_TXT_STRING) != 0 && *data != '\0') {
        out += std::string(" (") + data + ")";
      }
    }
  }
  return out;
}

Error Refused(const std::string& what) {
  std::string reason = OpensslReason();
  return MakeError(ErrorCode::kIntegrity,
                   reason.empty() ? what : what + ": " + reason);
}

Result<TsResp> ParseResponse(std::span<const uint8_t> der) {
  ERR_clear_error();
  if (der.empty() || der.size() > kMaxTimestampResponseBytes) {
    return MakeError(ErrorCode::kIntegrity, "the time-stamp response is empty or larger than 1 MiB");
  }
  const unsigned char* p = der.data();
  TsResp resp(d2i_TS_RESP(nullptr, &p, static_cast<long>(der.size())));
  if (!resp) return Refused("the time-stamp response is not a DER TimeStampResp");
  if (p != der.data() + der.size()) {
    return MakeError(ErrorCode::kIntegrity, "the time-stamp response has bytes after its end");
  }
  return resp;
}

std::string NameText(const X509_NAME* name) {
  Bio bio(BIO_new(BIO_s_mem()));
  if (!bio || X509_NAME_print_ex(bio.get(), name, 0, XN_FLAG_RFC2253) < 0) return "";
  char* data = nullptr;
  long n = BIO_get_mem_data(bio.get(), &data);
  return n > 0 ? std::string(data, static_cast<std::size_t>(n)) : "";
}

std::string TsaName(TS_RESP* resp, TS_TST_INFO* tst) {
  if (const GENERAL_NAME* g = TS_TST_INFO_get_tsa(tst);
      g != nullptr && g->type == GEN_DIRNAME) {
    return NameText(g->d.directoryName);
  }
  PKCS7* token = TS_RESP_get_token(resp);
  if (token == nullptr || !PKCS7_type_is_signed(token)) return "";
  X509Stack signers(PKCS7_get0_signers(token, nullptr, 0));
  ERR_clear_error();  // a token without its certificate: no name, not an error
  if (!signers || sk_X509_num(signers.get()) < 1) return "";
  return NameText(X509_get_subject_name(sk_X509_value(signers.get(), 0)));
}

std::string IntegerHex(const ASN1_INTEGER* v) {
  if (v == nullptr) return "";
  Bignum bn(ASN1_INTEGER_to_BN(v, nullptr));
  if (!bn) return "";
  char* hex = BN_bn2hex(bn.get());
  if (hex == nullptr) return "";
  std::string out(hex);
  OPENSSL_free(hex);
  return out;
}

Result<TimestampToken> ReadToken(TS_RESP* resp) {
  const ASN1_INTEGER* status = TS_STATUS_INFO_get0_status(TS_RESP_get_status_info(resp));
  const long code = ASN1_INTEGER_get(status);
  if (code != TS_STATUS_GRANTED && code != TS_STATUS_GRANTED_WITH_MODS) {
    return MakeError(ErrorCode::kIntegrity,
                     "the time-stamping authority refused the request (status " +
                         std::to_string(code) + ")");
  }
  TS_TST_INFO* tst = TS_RESP_get_tst_info(resp);
  if (tst == nullptr || TS_RESP_get_token(resp) == nullptr) {
    return MakeError(ErrorCode::kIntegrity, "the time-stamp response holds no token");
  }
  if (TS_TST_INFO_get_version(tst) != 1) {
    return MakeError(ErrorCode::kIntegrity, "the time-stamp token is not of version 1");
  }
  TimestampToken out;
  TS_MSG_IMPRINT* mi = TS_TST_INFO_get_msg_imprint(tst);
  const ASN1_OCTET_STRING* msg = TS_MSG_IMPRINT_get_msg(mi);
  if (OBJ_obj2nid(TS_MSG_IMPRINT_get_algo(mi)->algorithm) != NID_sha256 ||
      ASN1_STRING_length(msg) != static_cast<int>(kSha256Bytes)) {
    return MakeError(ErrorCode::kIntegrity, "the time-stamp token is not over a SHA-256 hash");
  }
  std::memcpy(out.imprint.data(), ASN1_STRING_get0_data(msg), kSha256Bytes);
  const ASN1_INTEGER* nonce = TS_TST_INFO_get_nonce(tst);
  if (nonce == nullptr || ASN1_INTEGER_get_uint64(&out.nonce, nonce) != 1) {
    ERR_clear_error();
    return MakeError(ErrorCode::kIntegrity, "the time-stamp token has no 64-bit nonce");
  }
  struct tm tm {};
  if (ASN1_TIME_to_tm(TS_TST_INFO_get_time(tst), &tm) != 1) {
    ERR_clear_error();
    return MakeError(ErrorCode::kIntegrity, "the time-stamp token's time does not parse");
  }
  out.gen_time_unix_s = static_cast<int64_t>(timegm(&tm));
  out.tsa = TsaName(resp, tst);
  out.serial_hex = IntegerHex(TS_TST_INFO_get_serial(tst));
  char policy[128] = {};
  if (const ASN1_OBJECT* p = TS_TST_INFO_get_policy_id(tst);
      p != nullptr && OBJ_obj2txt(policy, sizeof policy, p, 1) > 0) {
    out.policy = policy;
  }
  return out;
}

Result<X509Store> LoadCaStore(std::span<const uint8_t> ca_pem) {
  if (ca_pem.empty() || ca_pem.size() > kMaxTimestampCaBytes) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "the CA certificate file is empty or larger than 1 MiB");
  }
  X509Store store(X509_STORE_new());
  Bio bio(BIO_new_mem_buf(ca_pem.data(), static_cast<int>(ca_pem.size())));
  if (!store || !bio) return NoMemory();
  int count = 0;
  for (;;) {
    X509Ptr cert(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
    if (!cert) break;
    if (X509_STORE_add_cert(store.get(), cert.get()) != 1) {
      ERR_clear_error();
      return MakeError(ErrorCode::kInvalidArgument, "the CA certificate file repeats a certificate");
    }
    ++count;
  }
  ERR_clear_error();  // the end of the PEM input is reported as an error
  if (count == 0) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "the CA certificate file holds no PEM certificate");
  }
  return store;
}

}  // namespace

Result<std::vector<uint8_t>> MakeTimestampRequest(const Sha256Digest& imprint, uint64_t nonce) {
  TsReq req(TS_REQ_new());
  TsMsgImprint mi(TS_MSG_IMPRINT_new());
  X509Algor algo(X509_ALGOR_new());
  Asn1Integer n(ASN1_INTEGER_new());
  if (!req || !mi || !algo || !n) return NoMemory();
  if (X509_ALGOR_set0(algo.get(), OBJ_nid2obj(NID_sha256), V_ASN1_NULL, nullptr) != 1 ||
      TS_MSG_IMPRINT_set_algo(mi.get(), algo.get()) != 1 ||
      TS_MSG_IMPRINT_set_msg(mi.get(), const_cast<uint8_t*>(imprint.data()),
                             static_cast<int>(imprint.size())) != 1 ||
      TS_REQ_set_version(req.get(), 1) != 1 || TS_REQ_set_msg_imprint(req.get(), mi.get()) != 1 ||
      ASN1_INTEGER_set_uint64(n.get(), nonce) != 1 || TS_REQ_set_nonce(req.get(), n.get()) != 1 ||
      TS_REQ_set_cert_req(req.get(), 1) != 1) {
    ERR_clear_error();
    return NoMemory();
  }
  unsigned char* der = nullptr;
  const int len = i2d_TS_REQ(req.get(), &der);
  if (len <= 0) {
    ERR_clear_error();
    return NoMemory();
  }
  std::vector<uint8_t> out(der, der + len);
  OPENSSL_free(der);
  return out;
}

Result<TimestampToken> ReadTimestampResponse(std::span<const uint8_t> response_der) {
  TVAULT_ASSIGN_OR_RETURN(TsResp resp, ParseResponse(response_der));
  return ReadToken(resp.get());
}

Result<TimestampToken> VerifyTimestampResponse(std::span<const uint8_t> response_der,
                                               std::span<const uint8_t> request_der,
                                               std::span<const uint8_t> ca_pem) {
  TVAULT_ASSIGN_OR_RETURN(TsResp resp, ParseResponse(response_der));
  TVAULT_ASSIGN_OR_RETURN(TimestampToken token, ReadToken(resp.get()));
  TVAULT_ASSIGN_OR_RETURN(X509Store store, LoadCaStore(ca_pem));
  const unsigned char* p = request_der.data();
  TsReq req(d2i_TS_REQ(nullptr, &p, static_cast<long>(request_der.size())));
  if (!req || p != request_der.data() + request_der.size()) {
    ERR_clear_error();
    return MakeError(ErrorCode::kIntegrity, "the stored time-stamp request does not parse");
  }
  // The request's version, imprint and nonce (and policy, if it named one),
  // then the signature: chain to the CA store, time-stamping purpose, ESS
  // certificate reference.
  TsVerifyCtx ctx(TS_REQ_to_TS_VERIFY_CTX(req.get(), nullptr));
  if (!ctx) return NoMemory();
  TS_VERIFY_CTX_add_flags(ctx.get(), TS_VFY_SIGNATURE);
  TS_VERIFY_CTX_set_store(ctx.get(), store.release());  // the context frees it
  if (TS_RESP_verify_response(ctx.get(), resp.get()) != 1) {
    return Refused("the time-stamp response does not verify");
  }
  ERR_clear_error();
  return token;
}

Result<TimestampToken> VerifyTimestampToken(std::span<const uint8_t> response_der,
                                            const Sha256Digest& imprint,
                                            std::span<const uint8_t> ca_pem) {
  TVAULT_ASSIGN_OR_RETURN(TsResp resp, ParseResponse(response_der));
  TVAULT_ASSIGN_OR_RETURN(TimestampToken token, ReadToken(resp.get()));
  if (token.imprint != imprint) {
    return MakeError(ErrorCode::kIntegrity, "the time-stamp token is over other bytes");
  }
  TVAULT_ASSIGN_OR_RETURN(X509Store store, LoadCaStore(ca_pem));
  // The chain is judged at the token's own time: a certificate that has
  // expired since does not void what it signed while valid.
  X509_VERIFY_PARAM_set_time(X509_STORE_get0_param(store.get()),
                             static_cast<time_t>(token.gen_time_unix_s));
  TsVerifyCtx ctx(TS_VERIFY_CTX_new());
  auto* owned = static_cast<unsigned char*>(OPENSSL_memdup(imprint.data(), imprint.size()));
  if (!ctx || owned == nullptr) {
    OPENSSL_free(owned);
    return NoMemory();
  }
  // TS_VFY_SIGNATURE: the CMS signature, the chain to the store, the
  // time-stamping purpose and the ESS reference to the signer.
  TS_VERIFY_CTX_set_flags(ctx.get(), TS_VFY_VERSION | TS_VFY_IMPRINT | TS_VFY_SIGNATURE);
  TS_VERIFY_CTX_set_imprint(ctx.get(), owned, static_cast<long>(imprint.size()));  // ctx frees it
  TS_VERIFY_CTX_set_store(ctx.get(), store.release());  // the context frees it
  if (TS_RESP_verify_response(ctx.get(), resp.get()) != 1) {
    return Refused("the time-stamp token does not verify under the given authorities");
  }
  ERR_clear_error();
  // Who signed, as the verified certificate names it (not the token's own
  // words).
  PKCS7* signed_data = TS_RESP_get_token(resp.get());
  X509Stack signers(PKCS7_get0_signers(signed_data, nullptr, 0));
  ERR_clear_error();
  if (!signers || sk_X509_num(signers.get()) != 1) {
    return MakeError(ErrorCode::kIntegrity, "the time-stamp token has no single signer");
  }
  const X509_NAME* subject = X509_get_subject_name(sk_X509_value(signers.get(), 0));
  // A TSA name the token states must be the signer's (RFC 3161 2.4.2).
  if (const GENERAL_NAME* g = TS_TST_INFO_get_tsa(TS_RESP_get_tst_info(resp.get()));
      g != nullptr && (g->type != GEN_DIRNAME || X509_NAME_cmp(g->d.directoryName, subject) != 0)) {
    return MakeError(ErrorCode::kIntegrity,
                     "the time-stamp token names another authority than the one that signed it");
  }
  token.tsa = NameText(subject);
  return token;
}

}  // namespace tvault::crypto
