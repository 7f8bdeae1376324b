// tvault audit timestamp request/add/list/get (docs/audit-format.md, section
// 10) against a local time-stamping authority run by `openssl ts -reply`, and
// the stored checkpoints checked by `openssl ts -verify`.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>

#include "support/cli_runner.h"
#include "support/local_tsa.h"
#include "support/test_support.h"

namespace tvault::testing {
namespace {
namespace fs = std::filesystem;
using nlohmann::json;

struct Stamping {
  CliVault v;
  LocalTsa tsa;
  std::string t;
  Stamping() {
    EXPECT_TRUE(HaveProgram("openssl"));
    std::string w = Trim(v.Run({"witness", "add", "--name", "SecretName"}).out);
    auto f = v.WriteFile("s.txt", "statement");
    t = Trim(v.Run({"testimony", "add", "--witness", w, "--file", f.string()}).out);
  }
  fs::path Request(const std::string& name = "req.tsq") {
    const fs::path out = v.root() / name;
    RunResult r = v.Run({"audit", "timestamp", "request", "--out", out.string()});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return out;
  }
  RunResult Add(const fs::path& response, const std::string& ca = "ca.pem") {
    return v.Run({"audit", "timestamp", "add", response.string(), "--ca",
                  LocalTsa::Fixture(ca).string()});
  }
  json List() {
    RunResult r = v.Run({"--json", "audit", "timestamp", "list"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return json::parse(r.out);
  }
};

RunResult OpensslVerify(const fs::path& data, const fs::path& response) {
  return RunProgram({"openssl", "ts", "-verify", "-data", data.string(), "-in", response.string(),
                     "-CAfile", LocalTsa::Fixture("ca.pem").string()});
}

TEST(CliTimestamp, RoundTripWithALocalAuthorityAndOpenssl) {
  Stamping s;
  const fs::path req = s.v.root() / "req.tsq";
  const fs::path checkpoint = s.v.root() / "checkpoint.txt";
  RunResult r = s.v.Run({"--json", "audit", "timestamp", "request", "--out", req.string(),
                         "--checkpoint", checkpoint.string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json made = json::parse(r.out);
  const uint64_t size = made["checkpoint_size"];
  const std::vector<uint8_t> note = ReadBytes(checkpoint);
  EXPECT_EQ(made["checkpoint"], std::string(note.begin(), note.end()));
  // The request is only a hash: no name, no id of the vault's records.
  const std::vector<uint8_t> request = ReadBytes(req);
  EXPECT_FALSE(Has(std::string(request.begin(), request.end()), "SecretName"));
  json pending = s.List();
  ASSERT_EQ(pending.size(), 1u);
  EXPECT_EQ(pending[0]["status"], "pending");
  EXPECT_EQ(pending[0]["checkpoint_size"], size);
  EXPECT_TRUE(pending[0]["time"].is_null());

  const fs::path response = s.tsa.Reply(req);
  r = s.Add(response);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(Has(r.out, "existed at")) << r.out;
  json stamped = s.List();
  ASSERT_EQ(stamped.size(), 1u);
  EXPECT_EQ(stamped[0]["status"], "stamped");
  EXPECT_EQ(stamped[0]["authority"], "CN=tvault test TSA,O=tvault tests");
  EXPECT_EQ(stamped[0]["policy"], "1.3.6.1.4.1.99999.1");
  EXPECT_EQ(stamped[0]["response_sha256"].get<std::string>().size(), 64u);

  // The checkpoint file and the response, as they were, verify with openssl.
  r = OpensslVerify(checkpoint, response);
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_TRUE(Has(r.out, "Verification: OK")) << r.out;
  // So do the copies the vault hands out later.
  const fs::path out = s.v.root() / "out";
  fs::create_directory(out);
  r = s.v.Run({"audit", "timestamp", "get", std::to_string(size), "--out-dir", out.string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const fs::path stem = out / ("checkpoint-" + std::to_string(size));
  r = OpensslVerify(stem.string() + ".txt", stem.string() + ".tsr");
  EXPECT_TRUE(Has(r.out, "Verification: OK")) << r.out << r.err;
  // A checkpoint that is not the stamped one does not verify.
  fs::path other = s.v.root() / "other.txt";
  r = s.v.Run({"audit", "checkpoint", "--out", other.string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = OpensslVerify(other, response);
  EXPECT_NE(r.exit_code, 0) << r.out;

  // Both steps are in the log, and the log verifies with the time-stamp.
  r = s.v.Run({"--json", "audit", "log"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::vector<std::string> actions;
  for (const auto& e : json::parse(r.out)) actions.push_back(e["action"]);
  EXPECT_NE(std::find(actions.begin(), actions.end(), "audit.timestamp_request"), actions.end());
  EXPECT_NE(std::find(actions.begin(), actions.end(), "audit.timestamp"), actions.end());
  r = s.v.Run({"audit", "verify"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
}

TEST(CliTimestamp, RefusesAResponseToAnotherRequest) {
  Stamping s;
  s.Request();
  // Another vault's request, answered by the same authority.
  Stamping other;
  const fs::path foreign = other.tsa.Reply(other.Request());
  RunResult r = s.Add(foreign);
  EXPECT_EQ(r.exit_code, 4) << r.err;
  EXPECT_TRUE(Has(ErrorLine(r), "answers no request of this vault")) << r.err;
  EXPECT_EQ(s.List()[0]["status"], "pending");
}

TEST(CliTimestamp, RefusesAnotherCaAndAnExpiredCertificate) {
  Stamping s;
  const fs::path req = s.Request();
  RunResult r = s.Add(s.tsa.Reply(req), "other-ca.pem");
  EXPECT_EQ(r.exit_code, 4) << r.err;
  EXPECT_TRUE(Has(ErrorLine(r), "does not verify")) << r.err;
  r = s.Add(s.tsa.Reply(req, "tsa-expired.pem"));
  EXPECT_EQ(r.exit_code, 4) << r.err;
  EXPECT_TRUE(Has(ErrorLine(r), "expired")) << r.err;
  EXPECT_EQ(s.List()[0]["status"], "pending");
  // The right answer is still accepted afterwards.
  r = s.Add(s.tsa.Reply(req));
  EXPECT_EQ(r.exit_code, 0) << r.err;
}

TEST(CliTimestamp, RefusesATamperedResponse) {
  Stamping s;
  const fs::path response = s.tsa.Reply(s.Request());
  std::vector<uint8_t> bytes = ReadBytes(response);
  for (std::size_t at : {bytes.size() - 10, bytes.size() / 2, std::size_t{60}}) {
    std::vector<uint8_t> bad = bytes;
    bad[at] ^= 0x20;
    const fs::path file = s.v.root() / ("bad-" + std::to_string(at) + ".tsr");
    WriteBytes(file, bad);
    RunResult r = s.Add(file);
    EXPECT_EQ(r.exit_code, 4) << "byte " << at << ": " << r.err;
  }
  EXPECT_EQ(s.List()[0]["status"], "pending");
}

TEST(CliTimestamp, OneResponsePerRequest) {
  Stamping s;
  const fs::path req = s.Request();
  ASSERT_EQ(s.Add(s.tsa.Reply(req)).exit_code, 0);
  RunResult r = s.Add(s.tsa.Reply(req));
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_TRUE(Has(ErrorLine(r), "already has its time-stamp")) << r.err;
  EXPECT_EQ(s.List().size(), 1u);
}

TEST(CliTimestamp, RequestRefusesAnExistingFileBeforeLoggingAnything) {
  Stamping s;
  const fs::path existing = s.v.WriteFile("req.tsq", "keep me");
  RunResult r = s.v.Run({"audit", "timestamp", "request", "--out", existing.string()});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_TRUE(s.List().empty());
  const std::vector<uint8_t> kept = ReadBytes(existing);
  EXPECT_EQ(std::string(kept.begin(), kept.end()), "keep me");
}

TEST(CliTimestamp, GetOfAPendingOrUnknownCheckpointIsNotFound) {
  Stamping s;
  s.Request();
  const uint64_t size = s.List()[0]["checkpoint_size"];
  RunResult r = s.v.Run({"audit", "timestamp", "get", std::to_string(size), "--out-dir",
                         s.v.root().string()});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_TRUE(Has(ErrorLine(r), "no time-stamped checkpoint")) << r.err;
}

TEST(CliTimestamp, BadInputGetsOneLineErrors) {
  Stamping s;
  s.Request();
  const fs::path junk = s.v.WriteFile("junk.tsr", "this is not DER");
  RunResult r = s.Add(junk);
  EXPECT_EQ(r.exit_code, 4) << r.err;
  EXPECT_TRUE(Has(ErrorLine(r), "not a DER TimeStampResp")) << r.err;
  const fs::path response = s.tsa.Reply(s.v.root() / "req.tsq");
  const fs::path not_ca = s.v.WriteFile("not-ca.pem", "hello\n");
  r = s.v.Run({"audit", "timestamp", "add", response.string(), "--ca", not_ca.string()});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_TRUE(Has(ErrorLine(r), "holds no PEM certificate")) << r.err;
  r = s.v.Run({"audit", "timestamp", "add", (s.v.root() / "missing.tsr").string(), "--ca",
               not_ca.string()});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
}

TEST(CliTimestamp, CustodySaysByWhenEachVersionExisted) {
  Stamping s;
  const std::string t = s.t;
  ASSERT_TRUE(t.starts_with("T-")) << t;
  // Not yet stamped: no claim, and the text says how to get one.
  RunResult r = s.v.Run({"custody", t});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_FALSE(Has(r.out, "existed by")) << r.out;
  ASSERT_EQ(s.Add(s.tsa.Reply(s.Request())).exit_code, 0);
  // Version 1 is covered; an amendment made after the stamp is not.
  auto f = s.v.WriteFile("s2.txt", "statement, amended");
  ASSERT_EQ(s.v.Run({"testimony", "amend", t, "--file", f.string(), "--reason", "later"}).exit_code,
            0);
  const json stamp = s.List()[0];
  const fs::path html = s.v.root() / "custody.html";
  r = s.v.Run({"custody", t, "--html", html.string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(Has(r.out, "existed by " + stamp["time"].get<std::string>() +
                             " (RFC 3161 time-stamp by CN=tvault test TSA,O=tvault tests of "
                             "checkpoint size " +
                             std::to_string(stamp["checkpoint_size"].get<uint64_t>()) + ")"))
      << r.out;
  EXPECT_TRUE(Has(r.out, "no trusted time-stamp covers it yet")) << r.out;
  const std::vector<uint8_t> page = ReadBytes(html);
  const std::string text(page.begin(), page.end());
  EXPECT_TRUE(Has(text, "Existed by (trusted time, RFC 3161)"));
  EXPECT_TRUE(Has(text, "not yet time-stamped"));
}

// Format 3 (docs/bundle-format.md section 8): an export of a stamped
// testimony carries the token; `bundle verify` reports by when it existed,
// checks the authority only with --tsa-ca, and the unpacked members pass
// the real age, tar and openssl ts -verify as HOW_TO_VERIFY.txt says.
TEST(CliTimestamp, ExportCarriesTheStampAndVerifyDatesTheRecord) {
  ASSERT_TRUE(HaveProgram("age") && HaveProgram("age-keygen") && HaveProgram("tar"));
  Stamping s;
  ASSERT_EQ(s.Add(s.tsa.Reply(s.Request())).exit_code, 0);
  const fs::path key = s.v.root() / "key.txt";
  ASSERT_EQ(RunProgram({"age-keygen", "-o", key.string()}).exit_code, 0);
  const std::string recipient = Trim(RunProgram({"age-keygen", "-y", key.string()}).out);
  ASSERT_EQ(s.v.Run({"peer", "add", "court", "--age-recipient", recipient}).exit_code, 0);
  const std::string signer =
      json::parse(s.v.Run({"--json", "identity", "show"}).out)["minisign_public_key"];

  auto export_to = [&](const std::string& name, std::vector<std::string> more) {
    std::vector<std::string> args = {"export", "--purpose", "court", "--to", "court",
                                     "--testimony", s.t, "--override-consent", "--reason",
                                     "for the court", "--out", (s.v.root() / name).string()};
    args.insert(args.end(), more.begin(), more.end());
    return s.v.Run(args);
  };
  RunResult r = export_to("b.tvb", {});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("format 3, with 1 trusted time-stamps"), std::string::npos) << r.out;
  const fs::path bundle = s.v.root() / "b.tvb";

  auto verify = [&](std::vector<std::string> more) {
    std::vector<std::string> args = {"bundle", "verify", bundle.string(), "--identity",
                                     key.string(), "--signer-key", signer};
    args.insert(args.end(), more.begin(), more.end());
    return RunTvault(args);
  };
  r = verify({"--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  json j = json::parse(r.out);
  EXPECT_EQ(j["format"], 3);
  ASSERT_EQ(j["timestamps"].size(), 1u);
  EXPECT_EQ(j["timestamps"][0]["authority_checked"], false);
  EXPECT_EQ(j["timestamps"][0]["tsa"], "CN=tvault test TSA,O=tvault tests");
  ASSERT_EQ(j["existed_by"].size(), 1u);
  EXPECT_EQ(j["existed_by"][0]["testimony"], s.t);
  EXPECT_EQ(j["existed_by"][0]["existed_by"], j["timestamps"][0]["time"]);
  EXPECT_EQ(j["existed_by"][0]["checkpoint_size"], j["timestamps"][0]["checkpoint_size"]);

  r = verify({"--tsa-ca", LocalTsa::Fixture("ca.pem").string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("checked against the given authority"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("existed by  " + s.t + " v1: "), std::string::npos) << r.out;
  r = verify({});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("existed by  " + s.t + " v1: "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("states it, authority not checked"), std::string::npos) << r.out;
  r = verify({"--tsa-ca", LocalTsa::Fixture("other-ca.pem").string()});
  EXPECT_EQ(r.exit_code, 4) << r.out;
  EXPECT_EQ(r.out, "");
  EXPECT_NE(r.err.find("timestamps/"), std::string::npos) << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;

  // Unpacked with the standard tools, each token checks with openssl.
  const fs::path dir = s.v.root() / "unpacked";
  fs::create_directories(dir);
  r = RunProgram({"sh", "-c", "cd \"$1\" && age -d -i \"$2\" \"$3\" | tar x", "sh", dir.string(),
                  key.string(), bundle.string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string stem = "timestamps/" + j["timestamps"][0]["checkpoint_size"].dump();
  const std::vector<uint8_t> how = ReadBytes(dir / "HOW_TO_VERIFY.txt");
  EXPECT_NE(std::string(how.begin(), how.end())
                .find("openssl ts -verify -data " + stem + ".checkpoint.txt -in " + stem + ".tsr"),
            std::string::npos);
  r = OpensslVerify(dir / (stem + ".checkpoint.txt"), dir / (stem + ".tsr"));
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("Verification: OK"), std::string::npos) << r.out;

  // Format 2 on request: no token, and the command says what it left out.
  r = export_to("v2.tvb", {"--format", "2"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("1 trusted time-stamps cover these records, but format 2 cannot carry them"),
            std::string::npos)
      << r.err;
  r = export_to("v9.tvb", {"--format", "9"});
  EXPECT_EQ(r.exit_code, 2) << r.err;
}

}  // namespace
}  // namespace tvault::testing
