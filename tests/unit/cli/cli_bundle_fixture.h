// The CliBundle fixture and helpers shared by the bundle tests that run the
// real binary against the real age, age-keygen, minisign, tar and sha256sum.
#ifndef TVAULT_TESTS_CLI_CLI_BUNDLE_FIXTURE_H_
#define TVAULT_TESTS_CLI_CLI_BUNDLE_FIXTURE_H_

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cctype>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "support/cli_runner.h"
#include "support/test_support.h"

namespace tvault::testing {

namespace fs = std::filesystem;
using nlohmann::json;

inline std::string Q(const fs::path& p) { return "'" + p.string() + "'"; }

inline RunResult Sh(const std::string& script) { return RunProgram({"/bin/sh", "-c", script}); }

inline std::vector<uint8_t> Bytes(const std::string& s) { return {s.begin(), s.end()}; }

inline std::string FileText(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// A file `name` of `mib` MiB in v's scratch directory, of bytes that do not
// compress to nothing.
inline fs::path WriteBigFile(const CliVault& v, const std::string& name, int mib) {
  const fs::path p = v.root() / name;
  std::ofstream out(p, std::ios::binary);
  std::vector<char> block(1 << 20);
  for (int i = 0; i < mib; ++i) {
    for (std::size_t k = 0; k < block.size(); k += 64) block[k] = static_cast<char>(i + k);
    out.write(block.data(), static_cast<std::streamsize>(block.size()));
  }
  return p;
}

inline bool HaveTools() {
  for (const char* t : {"age", "age-keygen", "minisign", "tar", "sha256sum"})
    if (!HaveProgram(t)) return false;
  return true;
}

inline json Identity(const CliVault& v) {
  RunResult r = v.Run({"--json", "identity", "show"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return json::parse(r.out);
}

// A lawyer with one witness and one testimony in two versions, and a
// journalist (vault) and a court (age-keygen identity) as peers.
class CliBundle : public ::testing::Test {
 public:  // shared with helpers that run a case on each bundle format
  void SetUp() override {
    if (!HaveTools()) GTEST_SKIP() << "age, minisign, tar or sha256sum missing";
    w_ = Trim(lawyer_.Run({"witness", "add", "--name", "SecretWitnessName", "--phone",
                           "+00 SecretPhone"}).out);
    auto f1 = lawyer_.WriteFile("s1.txt", "First statement.\n");
    auto f2 = lawyer_.WriteFile("s2.txt", "First statement, with the building number.\n");
    t_ = Trim(lawyer_.Run({"testimony", "add", "--witness", w_, "--file", f1.string(), "--title",
                           "Detention"}).out);
    ASSERT_EQ(lawyer_.Run({"testimony", "amend", t_, "--file", f2.string(), "--reason",
                           "building number"}).exit_code, 0);
    ASSERT_EQ(lawyer_.Run({"consent", "record", w_, "--scope", "court,ngo"}).exit_code, 0);
    lawyer_key_ = Identity(lawyer_)["minisign_public_key"];
    const json j = Identity(journalist_);
    ASSERT_EQ(lawyer_.Run({"peer", "add", "journalist", "--age-recipient", j["age_recipient"],
                           "--minisign-key", j["minisign_public_key"]}).exit_code, 0);
    ASSERT_EQ(journalist_.Run({"peer", "add", "lawyer", "--minisign-key", lawyer_key_}).exit_code,
              0);
    court_key_ = lawyer_.root() / "court-key.txt";
    ASSERT_EQ(RunProgram({"age-keygen", "-o", court_key_.string()}).exit_code, 0);
    court_recipient_ = Trim(RunProgram({"age-keygen", "-y", court_key_.string()}).out);
    ASSERT_EQ(lawyer_.Run({"peer", "add", "court", "--age-recipient", court_recipient_}).exit_code,
              0);
  }

  fs::path Export(const std::vector<std::string>& extra, const std::string& name = "b.tvb") {
    const fs::path out = lawyer_.root() / name;
    std::vector<std::string> args = {"export", "--purpose", "court", "--testimony", t_, "--reason", "SecretReason",
                                     "--out", out.string()};
    args.insert(args.end(), extra.begin(), extra.end());
    RunResult r = lawyer_.Run(args);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return out;
  }

  // The court's three steps of HOW_TO_VERIFY.txt into the new directory x:
  // age -d | tar x, minisign -Vm, sha256sum -c.
  RunResult OpenWithTheTools(const fs::path& bundle, const fs::path& x) {
    fs::create_directories(x);
    return Sh("cd " + Q(x) + " && age -d -i " + Q(court_key_) + " " + Q(bundle) +
              " | tar x && minisign -Vm SHA256SUMS -P " + lawyer_key_ +
              " && sha256sum -c SHA256SUMS");
  }

  std::size_t JournalistTestimonies() {
    RunResult r = journalist_.Run({"--json", "testimony", "list"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return json::parse(r.out).size();
  }

  CliVault lawyer_, journalist_;
  std::string w_, t_, lawyer_key_, court_recipient_;
  fs::path court_key_;
};

// A bundle to `recipient` made by hand, as docs/bundle-format.md section 2
// shows, by a sender without tvault (age-keygen and minisign -G), whom the
// recipient adds as the peer "hand". One record T-4K2M9P of witness W-7Q3KX:
// write its statement to files()/statements/T-4K2M9P.v1 before Build.
class HandMadeBundle {
 public:
  HandMadeBundle(CliVault& recipient, fs::path dir) : d_(std::move(dir)), files_(d_ / "files") {
    fs::create_directories(files_ / "statements");
    fs::create_directories(files_ / "custody");
    EXPECT_EQ(RunProgram({"age-keygen", "-o", (d_ / "sender.txt").string()}).exit_code, 0);
    sender_age_ = Trim(RunProgram({"age-keygen", "-y", (d_ / "sender.txt").string()}).out);
    RunResult g = RunProgram({"minisign", "-G", "-W", "-p", (d_ / "sender.pub").string(), "-s",
                              (d_ / "sender.key").string()});
    EXPECT_EQ(g.exit_code, 0) << g.err;
    std::string pub = FileText(d_ / "sender.pub");
    sender_key_ = Trim(pub.substr(pub.find('\n') + 1));
    // `peer add` takes the key minisign -G made.
    EXPECT_EQ(recipient.Run({"peer", "add", "hand", "--minisign-key", sender_key_}).exit_code, 0);
    recipient_age_ = Identity(recipient)["age_recipient"];
    // The fingerprints, as section 6 defines them, computed with Python's
    // stdlib (tvault's own age parser would be circular).
    std::ofstream(d_ / "fp.py") << kFingerprintPy;
    rfp_ = Fingerprint(Trim(
        RunProgram({"python3", (d_ / "fp.py").string(), "r", recipient_age_}).out));
    efp_ = Fingerprint(Trim(
        RunProgram({"python3", (d_ / "fp.py").string(), "e", sender_key_, sender_age_}).out));
    EXPECT_EQ(rfp_.size(), 19u);
    std::ofstream(files_ / "custody/T-4K2M9P.json")
        << R"({"format": "tvault-custody", "version": 1, "record": "T-4K2M9P", "events": []})"
        << "\n";
    std::ofstream(files_ / "HOW_TO_VERIFY.txt") << "Check with age, tar, minisign and sha256sum.\n";
  }

  const fs::path& files() const { return files_; }

  // Signs and seals what files() holds, with a manifest of format `version`
  // that states the statement's size and SHA-256 (computed with sha256sum),
  // into dir/out: exactly the command lines of docs/bundle-format.md.
  // Version 2 (section 7) lays the same statement out as
  // statements/T-4K2M9P.v1.txt beside a custody.json that makes no claim,
  // in a directory of its own, and writes the time in ISO 8601.
  fs::path Build(int version, const std::string& out) {
    fs::path files = files_;
    std::string statement = "statements/T-4K2M9P.v1", custody = "custody/*";
    std::string created_text = std::to_string(kCreated);
    if (version == 2) {
      files = d_ / "files2";
      fs::create_directories(files / "statements");
      fs::copy_file(files_ / statement, files / (statement + ".txt"),
                    fs::copy_options::overwrite_existing);
      fs::copy_file(files_ / "HOW_TO_VERIFY.txt", files / "HOW_TO_VERIFY.txt",
                    fs::copy_options::overwrite_existing);
      std::ofstream(files / "custody.json")
          << R"({"format": "tvault-custody", "version": 2, "events": []})" << "\n";
      statement += ".txt";
      custody = "custody.json";
      created_text = "2026-11-26T15:37:47Z";
    }
    const std::string size = std::to_string(fs::file_size(files / statement));
    const std::string sha = Trim(
        Sh("cd " + Q(files) + " && sha256sum " + statement + " | cut -d' ' -f1").out);
    std::ofstream(files / "manifest.json") << Manifest(version, size, sha);
    const std::string created = std::to_string(kCreated);
    const std::string comment = "tvault-bundle:" + std::string(version == 2 ? "2" : "1") +
                                " id:B-8K3Q9ZT2MX4D recipients:" + rfp_ + " created:" + created_text;
    RunResult r = Sh(
        "cd " + Q(files) + " && rm -f SHA256SUMS SHA256SUMS.minisig && "
        "printf '%s\\n' manifest.json HOW_TO_VERIFY.txt statements/* " + custody +
        " | LC_ALL=C sort | xargs sha256sum > SHA256SUMS && "
        "minisign -S -s " + Q(d_ / "sender.key") + " -m SHA256SUMS -t '" + comment + "' && "
        "tar --format=ustar --no-recursion --owner=0 --group=0 --numeric-owner --mode=0644"
        " --mtime=@" + created + " -cf -"
        " manifest.json HOW_TO_VERIFY.txt statements/* " + custody +
        " SHA256SUMS SHA256SUMS.minisig"
        " | age -r " + recipient_age_ + " -o " + Q(d_ / out));
    EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
    return d_ / out;
  }

 private:
  static constexpr int64_t kCreated = 1795707467;  // 2026-11-26T15:37:47Z
  static constexpr const char* kFingerprintPy =
      "import sys,hashlib,base64\n"
      "C='qpzry9x8gf2tvdw0s3jn54khce6mua7l'\n"
      "def dec(s):\n"
      "  s=s.lower(); d=[C.index(c) for c in s[s.rindex('1')+1:-6]]\n"
      "  acc=0; bits=0; out=bytearray()\n"
      "  for v in d:\n"
      "    acc=(acc<<5)|v; bits+=5\n"
      "    while bits>=8: bits-=8; out.append((acc>>bits)&255)\n"
      "  return bytes(out)\n"
      "def pk(rw): return base64.b64decode(rw)[10:42]\n"
      "if sys.argv[1]=='r': print(hashlib.sha256(b'tvault/v1/age-recipient'+dec(sys.argv[2])).hexdigest()[:16])\n"
      "else: print(hashlib.sha256(b'tvault/v1/fingerprint'+pk(sys.argv[2])+dec(sys.argv[3])).hexdigest()[:16])\n";

  static std::string Fingerprint(std::string hex16) {
    for (char& c : hex16) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (hex16.size() != 16) return hex16;
    return hex16.substr(0, 4) + "-" + hex16.substr(4, 4) + "-" + hex16.substr(8, 4) + "-" +
           hex16.substr(12, 4);
  }

  std::string Manifest(int version, const std::string& size, const std::string& sha) const {
    return R"({"format":"tvault-bundle","version":)" + std::to_string(version) +
           R"(,"bundle_id":"B-8K3Q9ZT2MX4D",
"created_at":"2026-11-26T15:37:47Z","reason":"made by hand",
"exporter":{"name":"Hand","fingerprint":")" + efp_ + R"(","minisign_public_key":")" +
           sender_key_ + R"(","age_recipient":")" + sender_age_ + R"("},
"recipients":[{"name":"Journalist","fingerprint":")" + rfp_ + R"(","age_recipient":")" +
           recipient_age_ + R"("}],
"with_contacts":false,
"records":[{"id":"T-4K2M9P","witness":"W-7Q3KX",
  "metadata":{"title":"Dawn","language":"en","taken_at":"2024-05-02","place":"","interviewer":"","interpreter":"","notes":""},
  "versions":[{"version":1,"file":"statements/T-4K2M9P.v1)" + (version == 2 ? ".txt" : "") +
           R"(","size_bytes":)" + size + R"(,"sha256":")" + sha +
           R"(","created_at":"2026-11-20T09:00:00Z","reason":"intake"}])" +
           (version == 2 ? "" : R"(,
  "custody":"custody/T-4K2M9P.json")") + R"(}],
"contacts":[],
"evidence":[])" + (version == 2 ? R"(,
"custody":"custody.json")" : "") + R"(}
)";
  }

  fs::path d_, files_;
  std::string sender_age_, sender_key_, recipient_age_, rfp_, efp_;
};

}  // namespace tvault::testing

#endif  // TVAULT_TESTS_CLI_CLI_BUNDLE_FIXTURE_H_
