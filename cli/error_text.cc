// GCC 12 at -O1 under ASan warns inside libstdc++'s <regex> automaton
// (-Wmaybe-uninitialized, a false positive in std::function); warnings
// are errors, so it is silenced for this file only, before any include.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
#include "error_text.h"

#include <regex>
#include <string_view>

namespace tvault::cli {
namespace {

// Replaces the library's name for a part of the request by the option that
// sets it. If the library words it differently one day, its message is
// printed as it is: still true, only without the option's name.
std::string Reword(std::string message, std::string_view library_words,
                   std::string_view option) {
  const std::size_t at = message.find(library_words);
  if (at != std::string::npos) message.replace(at, library_words.size(), option);
  return message;
}

// The option that sets each text field, by the library's words for it
// (ErrorDetail::kTextNotUtf8 messages start with them). "the notes" of a
// testimony and "the witness notes" are both --notes.
struct FieldOption {
  std::string_view library_words;
  std::string_view option;
};
constexpr FieldOption kTextFields[] = {
    {"the title", "--title"},
    {"the language", "--language"},
    {"the date taken", "--taken-at"},
    {"the place", "--place"},
    {"the interviewer", "--interviewer"},
    {"the interpreter", "--interpreter"},
    {"the notes", "--notes"},
    {"the witness notes", "--notes"},
    {"the witness name", "--name"},
    {"an alias", "--alias"},
    {"the phone number", "--phone"},
    {"the email address", "--email"},
    {"the postal address", "--address"},
    {"the relatives", "--relatives"},
    {"the amendment reason", "--reason"},
    {"the shred reason", "--reason"},
    {"the export reason", "--reason"},
    {"a recipient name", "--to"},
    {"the description", "--description"},
    {"the media type", "--media-type"},
    {"the peer name", "NAME"},
    {"the new peer name", "NEW"},
    {"the custodian name", "--name"},
    {"the case title", "--title"},
    {"the case reference", "--reference"},
    {"the case notes", "--notes"},
};

std::string NameTextOption(const std::string& message) {
  for (const FieldOption& f : kTextFields) {
    if (message.starts_with(std::string(f.library_words) + " ")) {
      return std::string(f.option) + message.substr(f.library_words.size());
    }
  }
  return message;
}

// The first match of `pattern`'s group 1 in `message`, or `fallback`.
std::string Find(const std::string& message, const char* pattern, const char* fallback) {
  std::smatch m;
  const std::regex re(pattern);
  return std::regex_search(message, m, re) ? m[1].str() : fallback;
}

// The export refusal names the command that records the missing consent
// (of the first record without any) and the override.
std::string ConsentAdvice(const std::string& m) {
  const std::string purpose = Find(m, "purpose ([a-z]+)", "SCOPE");
  const std::string id = Find(m, "(T-[0-9A-Z]+): no consent", "");
  std::string advice = "; ";
  if (!id.empty()) {
    advice += "record what the witness agreed to with `tvault consent record " + id +
              " --scope " + purpose + "` (or W-... for all of a witness's testimonies), ";
  }
  return advice + "check with `tvault consent show ID`, or add --override-consent to export "
                  "anyway (audited)";
}

// Advice appended to the library's facts.
std::string Advice(ErrorDetail detail) {
  switch (detail) {
    case ErrorDetail::kDamaged: return "; run `tvault check` and restore from a backup";
    case ErrorDetail::kCheckVault: return "; run `tvault check`";
    case ErrorDetail::kNoVault: return "; run `tvault init` or pass --vault DIR";
    case ErrorDetail::kVaultDirNotEmpty:
      return "; choose another --vault path (tvault never overwrites a vault)";
    case ErrorDetail::kNoSuchKeyslot: return "; see `tvault keyslot list`";
    case ErrorDetail::kAmbiguousPeer:
      return "; rename one with `tvault peer rename OLD NEW`, OLD written exactly as stored";
    case ErrorDetail::kShredded: return " (see `tvault tombstones`)";
    case ErrorDetail::kHasTestimonies:
      return "; shred them first or pass --cascade to shred them too";
    case ErrorDetail::kBusy: return " (or raise --wait)";
    case ErrorDetail::kNewerFormat: return "; upgrade tvault";
    default: return "";
  }
}

}  // namespace

std::string ErrorText(const Error& e) {
  const std::string& m = e.message;
  // Where the library's message holds no fact beyond its detail, tvault says
  // it in its own sentence; where it holds facts (ids, paths, limits), tvault
  // keeps them and names the option or adds the advice.
  switch (e.detail) {
    case ErrorDetail::kNone: return m;
    case ErrorDetail::kDamaged:
    case ErrorDetail::kCheckVault:
    case ErrorDetail::kNoVault:
    case ErrorDetail::kVaultDirNotEmpty:
    case ErrorDetail::kNoSuchKeyslot:
    case ErrorDetail::kAmbiguousPeer:
    case ErrorDetail::kShredded:
    case ErrorDetail::kHasTestimonies: return m + Advice(e.detail);
    case ErrorDetail::kNewerFormat:
      return Reword(m, "this version", "this tvault") + Advice(e.detail);
    case ErrorDetail::kBusy:
      return Reword(m, "another process", "another tvault command") + Advice(e.detail);
    case ErrorDetail::kUntrustedSigner:
      return m + "; if it is the sender's, add them with `tvault peer add NAME "
                 "--minisign-key RW...` or pass --signer-key RW...";
    case ErrorDetail::kImportNeedsFile:
      return Reword(m, "import reads", "`tvault bundle import` reads") +
             "; save the bundle to a file and import that";
    case ErrorDetail::kSameAsVersion: return m;
    case ErrorDetail::kUnlockExpired: return m + "; unlock again with the current passphrase";
    // The message names the peer and lists the known ones.
    case ErrorDetail::kNoSuchPeer: return m;
    case ErrorDetail::kUnknownRecipient:
      return "--to: " + m + " (a new peer needs `tvault peer add` first)";
    case ErrorDetail::kRecipientWithoutAgeKey:
      return "a --to peer has no age recipient; add one with `tvault peer add`";
    case ErrorDetail::kDescriptionTooLong: return Reword(m, "the description", "--description");
    case ErrorDetail::kMediaTypeTooLong: return Reword(m, "the media type", "--media-type");
    case ErrorDetail::kKdfMemoryOutOfRange:
      return Reword(m, "the KDF memory in MiB", "--kdf-memory-mib");
    case ErrorDetail::kKdfPassesOutOfRange: return Reword(m, "the KDF pass count", "--kdf-passes");
    case ErrorDetail::kNameMissing: return "a witness needs a --name";
    case ErrorDetail::kPeerNameMissing: return "a peer needs a NAME";
    // "shred needs a reason", "export needs a reason", "an amendment needs a reason".
    case ErrorDetail::kReasonMissing: return Reword(m, "a reason", "a --reason");
    case ErrorDetail::kBadDate: return "--taken-at must be a calendar date written YYYY-MM-DD";
    case ErrorDetail::kNotAWitnessId: return "--witness needs a witness id (W-...)";
    case ErrorDetail::kNoFiles: return "no --file given";
    case ErrorDetail::kPeerNeedsKey:
      return "give --age-recipient (to send to this peer), --minisign-key (to accept bundles "
             "from them), or both";
    case ErrorDetail::kBadMinisignKey: return Reword(m, "the minisign key", "--minisign-key");
    case ErrorDetail::kNoRecipients: return "export needs at least one --to";
    case ErrorDetail::kAllWithTestimonies: return "--all and --testimony exclude each other";
    case ErrorDetail::kNoRecordsChosen: return "name records with --testimony ID or --all";
    case ErrorDetail::kNotATestimonyId: return "--testimony takes T- ids";
    case ErrorDetail::kOutMissing: return "export needs --out FILE";
    case ErrorDetail::kBadSignerKey: return "--signer-key: " + m;
    case ErrorDetail::kSignerKeyRequired:
      return "without a vault, name the sender's key with --signer-key RW...";
    case ErrorDetail::kBadIdentityFile: return "--identity: " + m;
    case ErrorDetail::kTextNotUtf8: return NameTextOption(m);
    case ErrorDetail::kConsentRefused: return m + ConsentAdvice(m);
    case ErrorDetail::kUnderHold: {
      const std::string held = Find(m, "a legal hold on ([CWT]-[0-9A-Z]+)", "ID");
      return m + "; when the hold ends, lift it with `tvault hold remove " + held + "`";
    }
    case ErrorDetail::kVaultUnderHold:
      return m + "; see `tvault hold list`, or add --override-hold";
    case ErrorDetail::kStoredTextNotUtf8:
      return m + "; it was stored before tvault refused such text: rerun with "
                 "--escape-invalid-text to carry it in escaped form";
  }
  return m;
}

}  // namespace tvault::cli
