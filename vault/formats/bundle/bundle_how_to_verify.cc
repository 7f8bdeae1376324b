// HOW_TO_VERIFY.txt (docs/bundle-format.md, section 2): the commands of the
// spec's opening with this bundle's names and sender key filled in.
#include <algorithm>
#include <cstdint>
#include <string>

#include "bundle/bundle_format.h"
#include "bundle/bundle_manifest.h"

namespace tvault::bundle {
namespace {

bool IsShellSafe(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
         c == '.' || c == '_' || c == '-' || c == '/' || c == '+' || c == '@' || c == ':' ||
         c == ',';
}

// The name as a shell word: bare if it needs no quoting, else in single
// quotes (the name may not contain one).
Result<std::string> ShellWord(const std::string& name) {
  const bool printable = std::all_of(name.begin(), name.end(), [](char c) {
    return c >= 0x20 && c < 0x7F && c != '\'' && c != '"' && c != '\\';
  });
  if (name.empty() || !printable) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "HOW_TO_VERIFY.txt: file name \"" + EscapeForTerminal(name) +
                         "\" must be printable ASCII without quotes or backslashes");
  }
  if (std::all_of(name.begin(), name.end(), IsShellSafe) && name[0] != '-') return name;
  return "'" + name + "'";
}

// Relative to the directory the archive is unpacked in.
std::string Parent(const std::string& word) {
  if (word[0] == '/' || word.starts_with("'/")) return word;
  return word[0] == '\'' ? "'../" + word.substr(1) : "../" + word;
}

}  // namespace

Result<std::string> RenderHowToVerify(const HowToVerifyInputs& in) {
  if (!IsBundleId(in.bundle_id)) {
    return MakeError(ErrorCode::kInvalidArgument, "HOW_TO_VERIFY.txt: not a bundle id");
  }
  TVAULT_ASSIGN_OR_RETURN(std::string bundle, ShellWord(in.bundle_file_name));
  TVAULT_ASSIGN_OR_RETURN(std::string identity, ShellWord(in.identity_file_name));
  const std::string key = minisign::EncodePublicKey(in.sender_key);
  const std::string& id = in.bundle_id;
  const bool v2 = in.format_version >= kFormatVersion2;
  const bool v3 = in.format_version >= kFormatVersion3;
  if (!IsKnownFormatVersion(in.format_version) || (!v3 && !in.timestamp_sizes.empty())) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "HOW_TO_VERIFY.txt: unknown format, or time-stamps below format 3");
  }
  if (in.redacted && (!v2 || in.verifier_sha256.size() != 64)) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "HOW_TO_VERIFY.txt: redacted records need format 2 and the verifier's SHA-256");
  }

  std::string t;
  t += "How to check this bundle (" + id + ")\n";
  t += "\n";
  t += "This bundle was made with tvault, but only standard tools are needed to\n";
  t += "check it: age, tar, minisign and sha256sum. Run these commands from the\n";
  t += "directory that holds " + bundle + " and your age identity file " + identity + ".\n";
  t += "\n";
  t += "1. Decrypt and unpack the bundle into a new, empty directory:\n";
  t += "\n";
  t += "     mkdir " + id + "\n";
  t += "     cd " + id + "\n";
  t += "     age -d -i " + Parent(identity) + " " + Parent(bundle) + " | tar x\n";
  t += "\n";
  t += "2. Check the sender's signature on the list of checksums:\n";
  t += "\n";
  t += "     minisign -Vm SHA256SUMS -P " + key + "\n";
  t += "\n";
  t += "   It must print \"Signature and comment signature verified\" and a trusted\n";
  t += "   comment starting with \"tvault-bundle:" + std::to_string(in.format_version) +
       " id:" + id + "\".\n";
  t += "   This file came inside the bundle, so the key above proves nothing by\n";
  t += "   itself: compare it with the sender's public key as you received it from\n";
  t += "   the sender, in person or over a channel you trust.\n";
  t += "\n";
  t += "3. Check every file against that list:\n";
  t += "\n";
  t += "     sha256sum -c SHA256SUMS\n";
  t += "\n";
  t += "   Every line must end in \"OK\".\n";
  t += "\n";
  t += "If any step fails, do not rely on these files: the bundle was damaged or\n";
  t += "altered, or it was not signed by the key you expected.\n";
  t += "\n";
  t += "What the files are\n";
  t += "\n";
  t += "- manifest.json: what the sender says the bundle holds, as JSON (any text\n";
  t += "  editor or JSON viewer shows it): the bundle id; when it was made\n";
  t += "  (\"created_at\", UTC) and why (\"reason\"); who made it (\"exporter\") and\n";
  t += "  for whom (\"recipients\"); and under \"records\" one entry per testimony:\n";
  t += "  its id (T-...), the witness's pseudonym (W-..., never a name), its title,\n";
  t += "  language, date and place (\"metadata\"), and each version with its file,\n";
  t += "  size, SHA-256 and the reason it was made.\n";
  if (v2) {
    t += "- statements/T-....vN.txt: the exact words of version N of testimony T-...,\n";
    t += "  plain text (UTF-8) that any text editor opens. A statement that is not\n";
    t += "  text (a scan, a recording) has no \".txt\" at the end of its name.\n";
    t += "- custody.json: for every statement version in the bundle, the entry of the\n";
    t += "  sender's audit log that recorded it, with one proof that all of them are\n";
    t += "  in a log the sender signed (the \"checkpoint\"), and the values that tie\n";
    t += "  each entry to the file's SHA-256. tvault checks it; the tools above do not.\n";
    t += "- evidence/E-....ext: evidence files (photographs, scans, recordings),\n";
    t += "  exactly as they were added. The extension (.jpg, .pdf, .mp3, ...) follows\n";
    t += "  the type the sender declared (\"media_type\" in the manifest); it is not a\n";
    t += "  promise about the content, so open them with care.\n";
    if (in.redacted) {
      t += "- statements/T-....vN.redacted.txt: version N of testimony T-... with some\n";
      t += "  words hidden. Each hidden passage is shown as \u2588\u2588\u2588\u2588\u2588, whatever its length.\n";
      t += "  No other version of that testimony and none of its evidence is carried,\n";
      t += "  and its metadata keeps only the language and the date.\n";
      t += "- redactions/R-....proof: the proof that the redacted text is that version\n";
      t += "  with words hidden and nothing else changed, checked against the entry\n";
      t += "  the sender's signed audit log holds for that version (custody.json).\n";
      t += "  It reveals neither the hidden words nor their letters; it does show how\n";
      t += "  many words each mark hides.\n";
    }
  } else {
    t += "- statements/T-....vN: the exact words of version N of testimony T-....\n";
    t += "- custody/T-....json: the sender's audit log entries for that testimony\n";
    t += "  (when it was recorded, amended, exported), each with a proof that it is in\n";
    t += "  a log the sender signed. tvault checks these; the tools above do not.\n";
    t += "- evidence/E-...: evidence files (photographs, scans, recordings), exactly\n";
    t += "  as they were added; the manifest's \"evidence\" gives each one's type.\n";
  }
  if (v3) {
    t += "- timestamps/N.checkpoint.txt and timestamps/N.tsr: a checkpoint of the\n";
    t += "  sender's audit log, signed by the sender when the log held N entries,\n";
    t += "  and the time-stamp token an independent time-stamping authority issued\n";
    t += "  for it (RFC 3161). See \"When\" below.\n";
  }
  t += "- contacts/W-....json: a witness's contact details, only if the sender\n";
  t += "  chose to include them. Handle them with the greatest care.\n";
  t += "- SHA256SUMS and SHA256SUMS.minisig: the checksum of every other file, and\n";
  t += "  the sender's signature on that list (steps 2 and 3).\n";
  t += "\n";
  if (v2) {
    t += "In step 2 the trusted comment's \"created:\" is the time the bundle was made,\n";
    t += "in UTC (the Z at its end), and must equal the manifest's \"created_at\".\n";
  } else {
    t += "In step 2 the trusted comment's \"created:\" is the time the bundle was made,\n";
    t += "in seconds since 1970-01-01 UTC: `date -u -d @SECONDS` shows it as a date,\n";
    t += "which must equal the manifest's \"created_at\".\n";
  }
  t += "\n";
  if (v3 && !in.timestamp_sizes.empty()) {
    t += "When\n";
    t += "\n";
    t += "The times inside the bundle are the sender's clock. The time-stamp tokens\n";
    t += "add a clock the sender does not control: each proves that the sender's\n";
    t += "audit log, as its first N entries stood, existed at the time the authority\n";
    t += "signed. To check a token you need the certificate of the authority that\n";
    t += "issued it (tsa-ca.pem below): get it from that authority, never from this\n";
    t += "bundle. Then, in the directory of step 1, for each token:\n";
    t += "\n";
    for (uint64_t n : in.timestamp_sizes) {
      const std::string stem = "timestamps/" + std::to_string(n);
      t += "     openssl ts -verify -data " + stem + ".checkpoint.txt -in " + stem +
           ".tsr -CAfile tsa-ca.pem\n";
    }
    t += "\n";
    t += "It must print \"Verification: OK\". If the authority's certificate has\n";
    t += "expired since, add \"-attime\" and the token's time in seconds since 1970.\n";
    t += "These show each token's time and the authority's name:\n";
    t += "\n";
    for (uint64_t n : in.timestamp_sizes) {
      t += "     openssl ts -reply -in timestamps/" + std::to_string(n) + ".tsr -text\n";
    }
    t += "\n";
    t += "Which testimony each token dates needs custody.json: tvault bundle verify\n";
    t += "reports, for every version, the earliest token time by which it existed\n";
    t += "(with --tsa-ca tsa-ca.pem it checks the authority too).\n";
    t += "\n";
  }
  t += "With tvault but without a vault, one command does all of the above, checks\n";
  t += "the custody proofs as well, and writes the files into a new directory only\n";
  t += "if everything holds:\n";
  t += "\n";
  t += "   tvault bundle extract " + bundle + " --out " + id + " --identity " + identity +
       " --signer-key " + key + "\n";
  if (v2 && in.redacted) {
    t += "\n";
    t += "The redactions can also be checked with a program the sender did not\n";
    t += "choose: verify_redaction.py, in the tools/ directory of tvault's source,\n";
    t += "short enough to read and needing only Python 3. Its SHA-256 is\n";
    t += in.verifier_sha256 + ".\n";
    t += "Keep it outside the bundle's directory: a file of that name inside the\n";
    t += "bundle comes from whoever made the bundle, and must never be run. After\n";
    t += "step 1, from the directory that holds " + id + " (not from inside it), run:\n";
    t += "\n";
    t += "     python3 /path/to/tools/verify_redaction.py --bundle " + id + " --signer-key " +
         key + "\n";
    t += "\n";
    t += "It checks the signature, the checksums, custody.json and every proof, and\n";
    t += "prints each testimony's result. It refuses a directory holding any file\n";
    t += "that SHA256SUMS does not list.\n";
  }
  return t;
}

}  // namespace tvault::bundle
