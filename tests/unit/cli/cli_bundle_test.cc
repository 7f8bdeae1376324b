// Export, bundle verify and bundle import (issue #3) through the real binary,
// against the real age, age-keygen, minisign, tar and sha256sum.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <unistd.h>

#include "crypto/hash.h"
#include "vault/text.h"
#include "cli/cli_bundle_fixture.h"
#include "support/cli_runner.h"
#include "support/test_support.h"

namespace tvault::testing {
namespace {

TEST_F(CliBundle, ExportOpensWithAgeTarMinisignAndSha256sum) {
  // Format 2, the default (docs/bundle-format.md section 7).
  const fs::path bundle = Export({"--to", "court", "--to", "journalist"});
  const fs::path x = lawyer_.root() / "unpacked";
  RunResult r = OpenWithTheTools(bundle, x);
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("Signature and comment signature verified"), std::string::npos) << r.out;
  // The trusted comment says when, in a form people read.
  const json created = json::parse(FileText(x / "manifest.json"))["created_at"];
  EXPECT_NE(r.out.find("Trusted comment: tvault-bundle:2 id:"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find(" created:" + created.get<std::string>()), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("statements/" + t_ + ".v2.txt: OK"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("custody.json: OK"), std::string::npos) << r.out;
  EXPECT_FALSE(fs::exists(x / "custody"));
  // Byte-exact statements, every version, named as text.
  EXPECT_EQ(FileText(x / "statements" / (t_ + ".v1.txt")), "First statement.\n");
  EXPECT_EQ(FileText(x / "statements" / (t_ + ".v2.txt")),
            "First statement, with the building number.\n");
  // No contact details without --with-contacts; the witness is a pseudonym.
  EXPECT_FALSE(fs::exists(x / "contacts"));
  for (const auto& e : fs::recursive_directory_iterator(x)) {
    if (!e.is_regular_file()) continue;
    const std::string text = FileText(e.path());
    EXPECT_EQ(text.find("SecretWitnessName"), std::string::npos) << e.path();
    EXPECT_EQ(text.find("SecretPhone"), std::string::npos) << e.path();
  }
  json m = json::parse(FileText(x / "manifest.json"));
  EXPECT_EQ(m["reason"], "SecretReason");
  EXPECT_EQ(m["records"][0]["witness"], w_);
  EXPECT_EQ(m["records"][0]["versions"].size(), 2u);
  EXPECT_EQ(m["recipients"].size(), 2u);
  EXPECT_NE(FileText(x / "HOW_TO_VERIFY.txt").find("minisign -Vm SHA256SUMS -P " + lawyer_key_),
            std::string::npos);

  // The age identity file is enough for tvault too, without a vault.
  RunResult v = RunTvault({"--json", "bundle", "verify", bundle.string(), "--identity",
                           court_key_.string(), "--signer-key", lawyer_key_});
  ASSERT_EQ(v.exit_code, 0) << v.err;
  json s = json::parse(v.out);
  EXPECT_EQ(s["records"], json::array({t_}));
  EXPECT_EQ(s["versions"], 2);
  EXPECT_EQ(s["custody_events_verified"], 2);
  EXPECT_EQ(s["records_without_custody"], 0);
  EXPECT_EQ(s["reason"], "SecretReason");
  // The export is in the lawyer's log, and the bundle file never half-exists.
  json log = json::parse(lawyer_.Run({"--json", "audit", "log"}).out);
  EXPECT_EQ(log.back()["action"], "export");
  EXPECT_EQ(lawyer_.Run({"export", "--purpose", "court", "--override-consent", "--to", "court", "--all", "--reason", "r", "--out",
                         bundle.string()}).exit_code, 1)
      << "an existing file is never overwritten";
}

TEST_F(CliBundle, FormatOneIsStillWrittenOnRequestAndOpensTheSame) {
  const fs::path bundle = Export({"--to", "court", "--format", "1"});
  const fs::path x = lawyer_.root() / "unpacked1";
  RunResult r = OpenWithTheTools(bundle, x);
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("Trusted comment: tvault-bundle:1 id:"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("statements/" + t_ + ".v2: OK"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("custody/" + t_ + ".json: OK"), std::string::npos) << r.out;
  EXPECT_EQ(FileText(x / "statements" / (t_ + ".v1")), "First statement.\n");
  EXPECT_EQ(json::parse(FileText(x / "manifest.json"))["version"], 1);
  RunResult v = RunTvault({"--json", "bundle", "verify", bundle.string(), "--identity",
                           court_key_.string(), "--signer-key", lawyer_key_});
  ASSERT_EQ(v.exit_code, 0) << v.err;
  json s = json::parse(v.out);
  EXPECT_EQ(s["format"], 1);
  EXPECT_EQ(s["custody_events_verified"], 2);
  EXPECT_EQ(lawyer_.Run({"export", "--purpose", "court", "--to", "court", "--testimony", t_,
                         "--reason", "r", "--out", (lawyer_.root() / "f4.tvb").string(),
                         "--format", "4"}).exit_code, 2);
}

TEST_F(CliBundle, WithContactsCarriesThemAndImportKeepsThem) {
  const fs::path bundle = Export({"--to", "journalist", "--with-contacts"});
  RunResult imp = journalist_.Run({"--json", "bundle", "import", bundle.string()});
  ASSERT_EQ(imp.exit_code, 0) << imp.err;
  json j = json::parse(imp.out);
  ASSERT_EQ(j["new_witnesses"].size(), 1u);
  RunResult w = journalist_.Run({"--json", "witness", "show", j["new_witnesses"][0]});
  ASSERT_EQ(w.exit_code, 0) << w.err;
  EXPECT_NE(w.out.find("SecretWitnessName"), std::string::npos) << w.out;
  EXPECT_NE(w.out.find("+00 SecretPhone"), std::string::npos) << w.out;
}

TEST_F(CliBundle, VerifyThenImportOnceKeepingProvenance) {
  const fs::path bundle = Export({"--to", "journalist"});
  RunResult v = journalist_.Run({"--json", "bundle", "verify", bundle.string()});
  ASSERT_EQ(v.exit_code, 0) << v.err;
  json s = json::parse(v.out);
  EXPECT_EQ(s["signer_peer"], "lawyer");
  EXPECT_EQ(s["signer_key"], lawyer_key_);
  EXPECT_EQ(JournalistTestimonies(), 0u) << "verify stores nothing";

  RunResult imp = journalist_.Run({"--json", "bundle", "import", bundle.string()});
  ASSERT_EQ(imp.exit_code, 0) << imp.err;
  json j = json::parse(imp.out);
  EXPECT_FALSE(j["already_imported"].get<bool>());
  ASSERT_EQ(j["imported"].size(), 1u);
  EXPECT_EQ(j["imported"][0]["bundle_record"], t_);
  const std::string local = j["imported"][0]["testimony"];
  ASSERT_EQ(JournalistTestimonies(), 1u);

  RunResult show = journalist_.Run({"--json", "testimony", "show", local});
  ASSERT_EQ(show.exit_code, 0) << show.err;
  json t = json::parse(show.out);
  EXPECT_EQ(t["version"], 2);
  EXPECT_EQ(t["provenance"]["bundle_id"], s["bundle_id"]);
  EXPECT_EQ(t["provenance"]["signer"], lawyer_key_);
  EXPECT_EQ(t["provenance"]["origin_record"], t_);
  RunResult v1 = journalist_.Run({"testimony", "show", local, "--version", "1"});
  ASSERT_EQ(v1.exit_code, 0) << v1.err;
  EXPECT_EQ(v1.out, "First statement.\n");
  RunResult hist = journalist_.Run({"--json", "testimony", "history", local});
  ASSERT_EQ(hist.exit_code, 0);
  json h = json::parse(hist.out);
  ASSERT_EQ(h.size(), 2u);
  EXPECT_EQ(h[1]["reason"], "building number");
  EXPECT_EQ(h[0]["sha256"], Hex(crypto::Sha256(Bytes("First statement.\n"))));

  // Twice: nothing added.
  RunResult again = journalist_.Run({"--json", "bundle", "import", bundle.string()});
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_TRUE(json::parse(again.out)["already_imported"].get<bool>());
  EXPECT_EQ(JournalistTestimonies(), 1u);

  // Both logs still verify; the journalist's says where the records came from.
  EXPECT_EQ(journalist_.Run({"audit", "verify"}).exit_code, 0);
  EXPECT_EQ(lawyer_.Run({"audit", "verify"}).exit_code, 0);
  json log = json::parse(journalist_.Run({"--json", "audit", "log"}).out);
  std::vector<std::string> actions;
  for (const auto& e : log) actions.push_back(e["action"]);
  EXPECT_NE(std::find(actions.begin(), actions.end(), "import"), actions.end());
  EXPECT_NE(std::find(actions.begin(), actions.end(), "bundle.verify"), actions.end());

  // Re-exported from the journalist, the record's custody still verifies.
  ASSERT_EQ(journalist_.Run({"peer", "add", "court", "--age-recipient", court_recipient_})
                .exit_code, 0);
  const fs::path onward = journalist_.root() / "onward.tvb";
  ASSERT_EQ(journalist_.Run({"export", "--purpose", "court", "--override-consent", "--to", "court", "--all", "--reason", "onward", "--out",
                             onward.string()}).exit_code, 0);
  const std::string jkey = Identity(journalist_)["minisign_public_key"];
  RunResult ov = RunTvault({"--json", "bundle", "verify", onward.string(), "--identity",
                            court_key_.string(), "--signer-key", jkey});
  ASSERT_EQ(ov.exit_code, 0) << ov.err;
}

// A journalist's machine whose OpenSSL is configured for FIPS-approved
// algorithms only (ChaCha20-Poly1305 is not one; SHA-256 then needs a FIPS
// provider this host does not have): tvault's own algorithms come from a
// private libcrypto context, so verifying with an identity file still works.
// (Before, the global fetch failed and tvault aborted.)
TEST_F(CliBundle, VerifyIgnoresAHostOpenSslConfiguration) {
  const fs::path bundle = Export({"--to", "court"});
  const fs::path cnf = lawyer_.WriteFile(
      "fips-only.cnf",
      "openssl_conf = openssl_init\n[openssl_init]\nalg_section = algs\n"
      "[algs]\ndefault_properties = fips=yes\n");
  RunResult r = Sh("OPENSSL_CONF=" + Q(cnf) + " " + Q(TvaultBinary()) + " bundle verify " +
                   Q(bundle) + " --identity " + Q(court_key_) + " --signer-key " + lawyer_key_);
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_EQ(r.signal, 0);
}

TEST_F(CliBundle, EvidenceTravelsWithItsTestimonyAndImportsBack) {
  // 2.5 MiB of bytes that are not text, so several stream chunks.
  std::string audio(2621440 + 123, '\0');
  for (std::size_t i = 0; i < audio.size(); ++i) audio[i] = static_cast<char>((i * 7919) >> 3);
  const fs::path f = lawyer_.WriteFile("interview.ogg", audio);
  RunResult add = lawyer_.Run({"evidence", "add", t_, "--file", f.string(), "--media-type",
                               "audio/ogg", "--description", "SecretRecording"});
  ASSERT_EQ(add.exit_code, 0) << add.err;
  const std::string e = Trim(add.out);
  const fs::path bundle = Export({"--to", "court", "--to", "journalist"});

  // Standard tools: the file is there, byte-exact, covered by SHA256SUMS.
  const fs::path x = lawyer_.root() / "ev";
  fs::create_directories(x);
  RunResult r = Sh("cd " + Q(x) + " && age -d -i " + Q(court_key_) + " " + Q(bundle) +
                   " | tar x && minisign -Vm SHA256SUMS -P " + lawyer_key_ +
                   " && sha256sum -c SHA256SUMS");
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  // Format 2 names it with the extension of its media type.
  EXPECT_NE(r.out.find("evidence/" + e + ".ogg: OK"), std::string::npos) << r.out;
  EXPECT_TRUE(FileText(x / "evidence" / (e + ".ogg")) == audio);
  json m = json::parse(FileText(x / "manifest.json"));
  ASSERT_EQ(m["evidence"].size(), 1u);
  EXPECT_EQ(m["evidence"][0]["media_type"], "audio/ogg");
  EXPECT_EQ(m["evidence"][0]["testimony"], t_);

  // Imported back: a new evidence record of the imported testimony, same bytes.
  RunResult imp = journalist_.Run({"--json", "bundle", "import", bundle.string()});
  ASSERT_EQ(imp.exit_code, 0) << imp.err;
  json j = json::parse(imp.out);
  ASSERT_EQ(j["imported_evidence"].size(), 1u);
  EXPECT_EQ(j["imported_evidence"][0]["bundle_evidence"], e);
  const std::string local_e = j["imported_evidence"][0]["evidence"];
  const std::string local_t = j["imported"][0]["testimony"];
  json list = json::parse(journalist_.Run({"--json", "evidence", "list", local_t}).out);
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0]["id"], local_e);
  EXPECT_EQ(list[0]["description"], "SecretRecording");
  EXPECT_EQ(list[0]["provenance"]["origin_record"], e);
  const fs::path back = journalist_.root() / "back.ogg";
  ASSERT_EQ(journalist_.Run({"evidence", "get", local_e, "--out", back.string()}).exit_code, 0);
  EXPECT_TRUE(FileText(back) == audio);
  EXPECT_EQ(journalist_.Run({"audit", "verify"}).exit_code, 0);
  EXPECT_EQ(journalist_.Run({"check"}).exit_code, 0);

  // A bundle whose evidence was changed is refused, and leaves no evidence file.
  std::string bytes = FileText(bundle);
  bytes[bytes.size() / 2] = static_cast<char>(bytes[bytes.size() / 2] ^ 0x20);
  const fs::path bad = journalist_.root() / "bad.tvb";
  std::ofstream(bad, std::ios::binary) << bytes;
  RunResult refused = journalist_.Run({"bundle", "import", bad.string()});
  EXPECT_EQ(refused.exit_code, 4) << refused.err;
  std::size_t files = 0;
  for (const auto& entry : fs::recursive_directory_iterator(journalist_.dir() / "evidence")) {
    files += entry.is_regular_file();
  }
  EXPECT_EQ(files, 1u) << "only the evidence imported before";
}

// Every hostile case on both formats: `format` 2 (the default) and its
// format-1 twin.
void HostileCases(CliBundle& fx, const std::string& format) {
  CliVault& journalist_ = fx.journalist_;
  const std::string& t_ = fx.t_;
  const std::string& lawyer_key_ = fx.lawyer_key_;
  const fs::path& court_key_ = fx.court_key_;
  const bool v2 = format == "2";
  const std::string s1 = "statements/" + t_ + (v2 ? ".v1.txt" : ".v1");
  const std::string s2 = "statements/" + t_ + (v2 ? ".v2.txt" : ".v2");
  const std::string cust = v2 ? "custody.json" : "custody/" + t_ + ".json";
  auto Export = [&](std::vector<std::string> extra, const std::string& name) {
    extra.push_back("--format");
    extra.push_back(format);
    return fx.Export(extra, "f" + format + "-" + name);
  };
  auto JournalistTestimonies = [&] { return fx.JournalistTestimonies(); };
  const fs::path bundle = Export({"--to", "journalist", "--to", "court"}, "b.tvb");
  const std::string good = FileText(bundle);
  auto write = [&](const std::string& name, const std::string& bytes) {
    const fs::path p = journalist_.root() / ("f" + format + "-" + name);
    std::ofstream(p, std::ios::binary) << bytes;
    return p;
  };
  auto expect_refused = [&](const fs::path& p, const std::string& why) {
    RunResult v = journalist_.Run({"bundle", "verify", p.string()});
    EXPECT_EQ(v.exit_code, 4) << why << ": " << v.err;
    EXPECT_TRUE(v.out.empty()) << why;
    EXPECT_EQ(std::count(v.err.begin(), v.err.end(), '\n'), 1) << why << ": " << v.err;
    RunResult i = journalist_.Run({"bundle", "import", p.string()});
    EXPECT_EQ(i.exit_code, 4) << why << ": " << i.err;
    EXPECT_EQ(JournalistTestimonies(), 0u) << why;
  };

  // Changed bytes in the header, the first chunk, the middle and the last chunk.
  for (std::size_t pos : {std::size_t{10}, good.size() / 3, good.size() / 2, good.size() - 5}) {
    std::string bad = good;
    bad[pos] = static_cast<char>(bad[pos] ^ 0x01);
    expect_refused(write("flip.tvb", bad), "flip at " + std::to_string(pos));
  }
  expect_refused(write("cut.tvb", good.substr(0, good.size() - 1)), "truncated by one byte");
  expect_refused(write("half.tvb", good.substr(0, good.size() / 2)), "truncated by half");
  expect_refused(write("extra.tvb", good + "x"), "a byte appended");

  // Signed by a key that is not a trusted peer.
  CliVault stranger;
  const json sj = Identity(stranger);
  const json jj = Identity(journalist_);
  ASSERT_EQ(stranger.Run({"peer", "add", "journalist", "--age-recipient", jj["age_recipient"]})
                .exit_code, 0);
  auto f = stranger.WriteFile("s.txt", "forged");
  std::string sw = Trim(stranger.Run({"witness", "add", "--name", "x"}).out);
  ASSERT_EQ(stranger.Run({"testimony", "add", "--witness", sw, "--file", f.string()}).exit_code, 0);
  const fs::path forged = stranger.root() / "forged.tvb";
  ASSERT_EQ(stranger.Run({"export", "--purpose", "court", "--override-consent", "--to", "journalist", "--all", "--reason", "r", "--out",
                          forged.string(), "--format", format}).exit_code, 0);
  expect_refused(forged, "unknown signer");
  // ... even when its key is given, unless it is the one that signed.
  EXPECT_EQ(journalist_.Run({"bundle", "verify", forged.string(), "--signer-key", lawyer_key_})
                .exit_code, 4);
  EXPECT_EQ(journalist_.Run({"bundle", "verify", forged.string(), "--signer-key",
                             sj["minisign_public_key"]}).exit_code, 0);

  // Forwarding: the court decrypts its copy and re-encrypts it to the journalist.
  const fs::path only_court = Export({"--to", "court"}, "court-only.tvb");
  const fs::path fwd = journalist_.root() / ("f" + format + "-forwarded.tvb");
  RunResult re = Sh("age -d -i " + Q(court_key_) + " " + Q(only_court) + " | age -r " +
                    jj["age_recipient"].get<std::string>() + " -o " + Q(fwd));
  ASSERT_EQ(re.exit_code, 0) << re.err;
  expect_refused(fwd, "forwarded");
  EXPECT_NE(journalist_.Run({"bundle", "verify", fwd.string()}).err.find("forward"),
            std::string::npos);
  // Not addressed to us at all.
  expect_refused(only_court, "addressed to someone else");

  // Archive tricks re-encrypted to the journalist (no signing key needed to try).
  const fs::path x = journalist_.root() / ("x" + format);
  fs::create_directories(x);
  ASSERT_EQ(Sh("cd " + Q(x) + " && age -d -i " + Q(court_key_) + " " + Q(bundle) + " | tar x")
                .exit_code, 0);
  const std::string to_j = " | age -r " + jj["age_recipient"].get<std::string>() + " -o ";
  const std::string base = "cd " + Q(x) + " && ";
  const std::string members = "manifest.json HOW_TO_VERIFY.txt " + s1 + " " + s2 + " " + cust;
  // Python's tarfile writes exactly the names given ("NAME:FILE" stores FILE
  // as NAME, regular files only); GNU tar would normalise them.
  std::ofstream(journalist_.root() / "mktar.py")
      << "import sys,tarfile\n"
         "t=tarfile.open(fileobj=sys.stdout.buffer,mode='w|',format=tarfile.USTAR_FORMAT)\n"
         "for a in sys.argv[1:]:\n"
         "  n,_,f=a.partition(':'); f=f or n\n"
         "  i=t.gettarinfo(f,arcname=n); i.uid=i.gid=0; i.uname=i.gname=''; i.mode=0o644\n"
         "  t.addfile(i,open(f,'rb'))\n"
         "t.close()\n";
  const std::string py_tar =
      "python3 " + Q(journalist_.root() / "mktar.py") + " " + members + " ";
  struct Trick {
    std::string name, script;
  };
  std::vector<Trick> tricks = {
      {"dotdot", py_tar + "'../SHA256SUMS:SHA256SUMS' SHA256SUMS.minisig"},
      {"absolute", "tar --format=ustar -P -cf - " + members + " " + Q(x / "SHA256SUMS") +
                       " SHA256SUMS.minisig"},
      {"symlink", "ln -sf /etc/passwd link && tar --format=ustar -cf - " + members +
                      " link SHA256SUMS SHA256SUMS.minisig"},
      {"duplicate", py_tar + "manifest.json SHA256SUMS SHA256SUMS.minisig"},
      {"device", "rm -f null && mknod null c 1 3 && tar --format=ustar -cf - " + members +
                     " null SHA256SUMS SHA256SUMS.minisig"},
      {"missing", "tar --format=ustar -cf - manifest.json HOW_TO_VERIFY.txt " + s1 + " " + cust +
                      " SHA256SUMS SHA256SUMS.minisig"},
      {"changed statement", "cp " + s1 + " keep && printf 'X' >> " + s1 +
                   " && tar --format=ustar -cf - " + members +
                   " SHA256SUMS SHA256SUMS.minisig; rc=$?; mv keep " + s1 + "; exit $rc"},
  };
  // Control: the same tools without a trick make a bundle that verifies, so
  // each refusal below is the trick's doing.
  const fs::path honest = journalist_.root() / ("f" + format + "-honest.tvb");
  ASSERT_EQ(Sh(base + py_tar + "SHA256SUMS SHA256SUMS.minisig" + to_j + Q(honest)).exit_code, 0);
  RunResult hv = journalist_.Run({"bundle", "verify", honest.string()});
  EXPECT_EQ(hv.exit_code, 0) << hv.err;
  for (const Trick& t : tricks) {
    if (t.name == "device" && geteuid() != 0) continue;  // mknod needs root
    const fs::path out = journalist_.root() / ("f" + format + "-" + t.name + ".tvb");
    RunResult made = Sh(base + "(" + t.script + ")" + to_j + Q(out));
    if (made.exit_code != 0) {
      ADD_FAILURE() << t.name << ": could not build: " << made.err;
      continue;
    }
    expect_refused(out, t.name);
  }
  // The good bundle still imports after all that.
  EXPECT_EQ(journalist_.Run({"bundle", "import", bundle.string()}).exit_code, 0);
  EXPECT_EQ(JournalistTestimonies(), 1u);
}

TEST_F(CliBundle, HostileBundlesExitFourAndStoreNothing) { HostileCases(*this, "2"); }
TEST_F(CliBundle, HostileFormatOneBundlesExitFourAndStoreNothing) { HostileCases(*this, "1"); }

TEST_F(CliBundle, ABundleMadeByHandWithTheRealToolsVerifiesAndImports) {
  const std::string statement = "I saw the soldiers arrive at dawn.\n";
  HandMadeBundle hand(journalist_, journalist_.root() / "hand");
  std::ofstream(hand.files() / "statements/T-4K2M9P.v1", std::ios::binary) << statement;
  const fs::path ok = hand.Build(1, "hand.tvb");
  RunResult v = journalist_.Run({"--json", "bundle", "verify", ok.string()});
  ASSERT_EQ(v.exit_code, 0) << v.err;
  json s = json::parse(v.out);
  EXPECT_EQ(s["signer_peer"], "hand");
  EXPECT_EQ(s["records_without_custody"], 1);
  EXPECT_NE(journalist_.Run({"bundle", "verify", ok.string()}).out.find("without any custody"),
            std::string::npos);
  RunResult imp = journalist_.Run({"--json", "bundle", "import", ok.string()});
  ASSERT_EQ(imp.exit_code, 0) << imp.err;
  const std::string local = json::parse(imp.out)["imported"][0]["testimony"];
  json t = json::parse(journalist_.Run({"--json", "testimony", "show", local}).out);
  EXPECT_EQ(t["sha256"], Hex(crypto::Sha256(Bytes(statement))));
  EXPECT_EQ(t["title"], "Dawn");

  // Format 2 by hand with the same tools (section 7): verifies and reads
  // as text; importing it again adds nothing (same bundle id).
  const fs::path two = hand.Build(2, "hand-v2.tvb");
  RunResult v2 = journalist_.Run({"--json", "bundle", "verify", two.string()});
  ASSERT_EQ(v2.exit_code, 0) << v2.err;
  EXPECT_EQ(json::parse(v2.out)["format"], 2);
  EXPECT_EQ(json::parse(v2.out)["records_without_custody"], 1);

  // An unknown format version, properly signed: refused, nothing more stored.
  const fs::path v4 = hand.Build(4, "hand-v4.tvb");
  RunResult r4 = journalist_.Run({"bundle", "verify", v4.string()});
  EXPECT_EQ(r4.exit_code, 4) << r4.err;
  EXPECT_NE(r4.err.find("unknown bundle format version 4"), std::string::npos) << r4.err;
  EXPECT_EQ(JournalistTestimonies(), 1u);
}

}  // namespace
}  // namespace tvault::testing

namespace tvault::testing {
namespace {

// Export streams: a 200 MiB statement goes out in bounded memory. The peak
// RSS of any command includes unlocking (Argon2id holds its whole memory
// parameter, here 8 MiB, for the derivation and then frees it), so the
// bound is on what export adds over `peer list` on the same vault.
// (Sanitizer builds inflate RSS with shadow memory: there only the bytes are
// checked.)
TEST(CliBundleMemory, ExportOfALargeStatementStaysUnder64MiB) {
  if (!HaveProgram("age") || !std::filesystem::exists("/usr/bin/time")) GTEST_SKIP();
  CliVault v;
  const fs::path big = WriteBigFile(v, "big.bin", 200);
  const std::string w = Trim(v.Run({"witness", "add", "--name", "W"}).out);
  ASSERT_EQ(v.Run({"testimony", "add", "--witness", w, "--file", big.string()}).exit_code, 0);
  const fs::path key = v.root() / "key.txt";
  ASSERT_EQ(RunProgram({"age-keygen", "-o", key.string()}).exit_code, 0);
  const std::string r = Trim(RunProgram({"age-keygen", "-y", key.string()}).out);
  ASSERT_EQ(v.Run({"peer", "add", "p", "--age-recipient", r}).exit_code, 0);
  const fs::path bundle = v.root() / "big.tvb";
  const long baseline = PeakRssKib(v, {"peer", "list"});
  const long exported = PeakRssKib(v, {"export", "--purpose", "court", "--override-consent", "--to", "p", "--all", "--reason", "size",
                                       "--out", bundle.string()});
  std::printf("peak RSS: peer list %ld KiB, export of a 200 MiB statement %ld KiB\n", baseline,
              exported);
#if !defined(__SANITIZE_ADDRESS__)
  EXPECT_LT(exported - baseline, 64 * 1024);
#endif
  // And the bytes survive: decrypt with age, compare with the original.
  const fs::path x = v.root() / "x";
  fs::create_directories(x);
  RunResult d = Sh("cd " + Q(x) + " && age -d -i " + Q(key) + " " + Q(bundle) +
                   " | tar x && cmp statements/*.v1 " + Q(big));
  EXPECT_EQ(d.exit_code, 0) << d.err;
}

}  // namespace
}  // namespace tvault::testing
