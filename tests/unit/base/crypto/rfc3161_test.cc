// RFC 3161 requests and responses against the openssl command-line tool's
// (tests/data/timestamp/make.sh made the fixtures with `openssl ts -reply`).
#include "crypto/rfc3161.h"

#include <gtest/gtest.h>

#include "crypto/hash.h"
#include "support/cli_runner.h"
#include "support/local_tsa.h"
#include "support/test_support.h"

namespace tvault::crypto {
namespace {

using testing::Has;
using testing::Must;
using testing::ReadBytes;

std::string Data(const std::string& name) {
  return std::string(TVAULT_TEST_DATA_DIR) + "/timestamp/" + name;
}
std::vector<uint8_t> DataBytes(const std::string& name) { return ReadBytes(Data(name)); }

Sha256Digest TestImprint() {
  const std::string data = "tvault rfc3161 test";
  return Sha256({reinterpret_cast<const uint8_t*>(data.data()), data.size()});
}
constexpr uint64_t kTestNonce = 0x0102030405060708;

TEST(Rfc3161, RequestIsTheDerOpensslAccepted) {
  // make.sh built good.tsq independently (by hand-written DER) and had
  // `openssl ts -query -text` parse it; the library must write the same bytes.
  std::vector<uint8_t> req = Must(MakeTimestampRequest(TestImprint(), kTestNonce));
  EXPECT_EQ(req, DataBytes("good.tsq"));
}

TEST(Rfc3161, OpensslReadsAFreshRequest) {
  ASSERT_TRUE(testing::HaveProgram("openssl"));
  testing::ScratchDir dir;
  std::vector<uint8_t> req = Must(MakeTimestampRequest(TestImprint(), 0xFFFFFFFFFFFFFFFFull));
  testing::WriteBytes(dir.path() / "r.tsq", req);
  testing::RunResult r =
      testing::RunProgram({"openssl", "ts", "-query", "-in", (dir.path() / "r.tsq").string(), "-text"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(Has(r.out, "Hash Algorithm: sha256")) << r.out;
  EXPECT_TRUE(Has(r.out, "Nonce: 0xFFFFFFFFFFFFFFFF")) << r.out;
  EXPECT_TRUE(Has(r.out, "Certificate required: yes")) << r.out;
  EXPECT_TRUE(Has(r.out, "4e f0 58 5e")) << r.out;  // the imprint's first bytes
}

TEST(Rfc3161, AcceptsTheAuthoritysResponse) {
  TimestampToken t = Must(VerifyTimestampResponse(DataBytes("good.tsr"), DataBytes("good.tsq"),
                                                  DataBytes("ca.pem")));
  EXPECT_EQ(t.nonce, kTestNonce);
  EXPECT_EQ(t.imprint, TestImprint());
  EXPECT_EQ(t.tsa, "CN=tvault test TSA,O=tvault tests");
  EXPECT_EQ(t.policy, "1.3.6.1.4.1.99999.1");
  EXPECT_FALSE(t.serial_hex.empty());
  EXPECT_GT(t.gen_time_unix_s, 1'700'000'000);
  // Reading without verifying gives the same facts.
  TimestampToken read = Must(ReadTimestampResponse(DataBytes("good.tsr")));
  EXPECT_EQ(read.gen_time_unix_s, t.gen_time_unix_s);
  EXPECT_EQ(read.nonce, t.nonce);
}

TEST(Rfc3161, RefusesAnotherCa) {
  Result<TimestampToken> r = VerifyTimestampResponse(DataBytes("good.tsr"), DataBytes("good.tsq"),
                                                     DataBytes("other-ca.pem"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kIntegrity);
  EXPECT_TRUE(Has(r.error().message, "does not verify")) << r.error().message;
}

// A token met without its request (carried in a bundle): its imprint and
// its authority, judged at the token's time.
TEST(Rfc3161, VerifiesATokenWithoutItsRequest) {
  TimestampToken t =
      Must(VerifyTimestampToken(DataBytes("good.tsr"), TestImprint(), DataBytes("ca.pem")));
  EXPECT_EQ(t.imprint, TestImprint());
  EXPECT_EQ(t.nonce, kTestNonce);
  Result<TimestampToken> other_ca =
      VerifyTimestampToken(DataBytes("good.tsr"), TestImprint(), DataBytes("other-ca.pem"));
  ASSERT_FALSE(other_ca.ok());
  EXPECT_EQ(other_ca.error().code, ErrorCode::kIntegrity);
  Result<TimestampToken> other_bytes = VerifyTimestampToken(
      DataBytes("good.tsr"), Sha256(std::vector<uint8_t>{1, 2, 3}), DataBytes("ca.pem"));
  ASSERT_FALSE(other_bytes.ok());
  EXPECT_TRUE(Has(other_bytes.error().message, "over other bytes")) << other_bytes.error().message;
  EXPECT_EQ(VerifyTimestampToken(DataBytes("good.tsr"), TestImprint(), {}).error().code,
            ErrorCode::kInvalidArgument);
}

// tsa-expired.pem was valid in January 2020 only: a token it signs now is
// signed outside its validity, at the token's own time.
TEST(Rfc3161, RefusesATokenSignedByAnExpiredCertificate) {
  testing::LocalTsa tsa;
  testing::ScratchDir dir;
  testing::WriteBytes(dir.path() / "r.tsq", DataBytes("good.tsq"));
  const std::vector<uint8_t> now = testing::ReadBytes(tsa.Reply(dir.path() / "r.tsq"));
  (void)Must(VerifyTimestampToken(now, TestImprint(), DataBytes("ca.pem")));
  const std::vector<uint8_t> expired =
      testing::ReadBytes(tsa.Reply(dir.path() / "r.tsq", "tsa-expired.pem"));
  Result<TimestampToken> t = VerifyTimestampToken(expired, TestImprint(), DataBytes("ca.pem"));
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.error().code, ErrorCode::kIntegrity);
}

// Judged at the token's time, not now: tsa.pem and ca.pem are valid until
// November 2126, so a token dated 2127 (made under faketime) is refused
// although its certificate is valid today, and one dated 2125 is accepted.
TEST(Rfc3161, JudgesTheChainAtTheTokensTime) {
  ASSERT_TRUE(testing::HaveProgram("faketime")) << "needs faketime (scripts/setup --test)";
  testing::ScratchDir dir;
  std::filesystem::copy_file(Data("ts.cnf"), dir.path() / "ts.cnf");
  testing::WriteBytes(dir.path() / "tsaserial", std::vector<uint8_t>{'0', '1', '\n'});
  testing::WriteBytes(dir.path() / "r.tsq", DataBytes("good.tsq"));
  auto reply_at = [&](const std::string& when) {
    const std::string out = (dir.path() / (when.substr(0, 4) + ".tsr")).string();
    testing::RunResult r = testing::RunProgram(
        {"sh", "-c",
         "cd \"$1\" && faketime \"$2\" openssl ts -reply -config ts.cnf -section tsa_config "
         "-queryfile r.tsq -signer \"$3\" -inkey \"$4\" -out \"$5\"",
         "sh", dir.path().string(), when, Data("tsa.pem"), Data("tsa.key"), out});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return testing::ReadBytes(out);
  };
  const std::vector<uint8_t> late = reply_at("2127-01-01 00:00:00");
  EXPECT_GT(Must(ReadTimestampResponse(late)).gen_time_unix_s, 4'900'000'000);
  Result<TimestampToken> refused = VerifyTimestampToken(late, TestImprint(), DataBytes("ca.pem"));
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::kIntegrity);
  const std::vector<uint8_t> early = reply_at("2125-06-01 00:00:00");
  (void)Must(VerifyTimestampToken(early, TestImprint(), DataBytes("ca.pem")));
}

TEST(Rfc3161, RefusesAResponseToAnotherRequest) {
  const Sha256Digest other = Sha256(std::vector<uint8_t>{1, 2, 3});
  for (const auto& [imprint, nonce] :
       std::vector<std::pair<Sha256Digest, uint64_t>>{{other, kTestNonce}, {TestImprint(), 7}}) {
    std::vector<uint8_t> req = Must(MakeTimestampRequest(imprint, nonce));
    Result<TimestampToken> r =
        VerifyTimestampResponse(DataBytes("good.tsr"), req, DataBytes("ca.pem"));
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::kIntegrity);
  }
}

// A response is CMS SignedData: the status, versions, algorithm parameters
// and certificates are outside the signature, and some of their bytes can
// change without changing what is signed (OpenSSL accepts those too). What
// must hold: every byte of the signed TSTInfo is refused when flipped, and
// whatever flip is accepted says exactly what the original said, and is
// accepted by `openssl ts -verify` as well.
TEST(Rfc3161, AFlippedByteIsRefusedOrChangesNothingSigned) {
  ASSERT_TRUE(testing::HaveProgram("openssl"));
  const std::vector<uint8_t> good = DataBytes("good.tsr");
  const std::vector<uint8_t> req = DataBytes("good.tsq");
  const std::vector<uint8_t> ca = DataBytes("ca.pem");
  const TimestampToken original = Must(VerifyTimestampResponse(good, req, ca));
  // Where the TSTInfo's DER sits in good.tsr (`openssl asn1parse`: the
  // OCTET STRING at offset 71, header 3 bytes, 158 bytes long).
  constexpr std::size_t kTstInfoBegin = 74, kTstInfoEnd = 74 + 158;
  testing::ScratchDir dir;
  std::size_t refused = 0;
  for (std::size_t i = 0; i < good.size(); ++i) {
    std::vector<uint8_t> bad = good;
    bad[i] ^= 0x01;
    Result<TimestampToken> r = VerifyTimestampResponse(bad, req, ca);
    if (!r.ok()) {
      ++refused;
      continue;
    }
    EXPECT_FALSE(i >= kTstInfoBegin && i < kTstInfoEnd) << "signed byte " << i << " accepted";
    EXPECT_EQ(r->nonce, original.nonce) << i;
    EXPECT_EQ(r->imprint, original.imprint) << i;
    EXPECT_EQ(r->gen_time_unix_s, original.gen_time_unix_s) << i;
    EXPECT_EQ(r->serial_hex, original.serial_hex) << i;
    EXPECT_EQ(r->tsa, original.tsa) << i;
    EXPECT_EQ(r->policy, original.policy) << i;
    const std::filesystem::path file = dir.path() / ("flip-" + std::to_string(i) + ".tsr");
    testing::WriteBytes(file, bad);
    testing::RunResult o = testing::RunProgram(
        {"openssl", "ts", "-verify", "-queryfile", Data("good.tsq"), "-in", file.string(),
         "-CAfile", Data("ca.pem")});
    EXPECT_EQ(o.exit_code, 0) << "byte " << i << " accepted here but not by openssl: " << o.err;
  }
  // Nearly all of them: the accepted ones are the few unsigned fields.
  EXPECT_GT(refused, good.size() * 9 / 10);
}

TEST(Rfc3161, RefusesTrailingBytesAndTruncation) {
  std::vector<uint8_t> longer = DataBytes("good.tsr");
  longer.push_back(0);
  EXPECT_EQ(ReadTimestampResponse(longer).error().code, ErrorCode::kIntegrity);
  std::vector<uint8_t> shorter = DataBytes("good.tsr");
  shorter.resize(shorter.size() / 2);
  EXPECT_EQ(ReadTimestampResponse(shorter).error().code, ErrorCode::kIntegrity);
  EXPECT_EQ(ReadTimestampResponse({}).error().code, ErrorCode::kIntegrity);
}

TEST(Rfc3161, RefusesACaFileWithoutCertificates) {
  const std::string junk = "not a certificate\n";
  Result<TimestampToken> r = VerifyTimestampResponse(
      DataBytes("good.tsr"), DataBytes("good.tsq"),
      {reinterpret_cast<const uint8_t*>(junk.data()), junk.size()});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace tvault::crypto
