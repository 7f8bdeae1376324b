// Passphrases: read from a file or from the terminal without echo, straight
// into guarded memory. Never from argv or the environment.
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>

#include "cli.h"
#include "confirm.h"
#include "vault/front_end.h"

namespace tvault::cli {
namespace {

constexpr std::size_t kMaxPassphraseBytes = 64 * 1024;

Error UsageError(const std::string& message) {
  return MakeError(ErrorCode::kInvalidArgument, message);
}

}  // namespace

Result<SecretBytes> ReadSecretFile(const std::string& path, std::size_t max_bytes,
                                   const std::string& what) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return MakeError(errno == ENOENT ? ErrorCode::kNotFound : ErrorCode::kIo,
                     "cannot open " + what + " " + path + ": " + std::strerror(errno));
  }
  struct stat st{};
  if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && (st.st_mode & 0077) != 0) {
    PrintWarning(human::Format("{} {} is readable by other users; chmod 600 it", what, path));
  }
  SecretBytes buf(max_bytes + 1);
  std::size_t n = 0;
  while (n < buf.size()) {
    ssize_t r = ::read(fd, buf.reveal().data() + n, buf.size() - n);
    if (r < 0 && errno == EINTR) continue;
    if (r < 0) {
      int err = errno;
      ::close(fd);
      return MakeError(ErrorCode::kIo, "cannot read " + what + " " + path + ": " +
                                           std::strerror(err));
    }
    if (r == 0) break;
    n += static_cast<std::size_t>(r);
  }
  ::close(fd);
  if (n > max_bytes) return UsageError(what + " " + path + " is too large");
  buf.Truncate(n);
  return buf;
}

namespace {

Result<PassphraseInput> ReadPassphraseFile(const std::string& path) {
  TVAULT_ASSIGN_OR_RETURN(SecretBytes buf,
                          ReadSecretFile(path, kMaxPassphraseBytes, "passphrase file"));
  std::size_t n = buf.size();
  // Exactly one trailing line end, "\n" or "\r\n" (a file saved on Windows).
  bool crlf = false;
  if (n > 0 && buf.reveal()[n - 1] == '\n') {
    --n;
    if (n > 0 && buf.reveal()[n - 1] == '\r') {
      --n;
      crlf = true;
    }
  }
  buf.Truncate(n);
  if (n == 0) return UsageError("passphrase file " + path + " is empty");
  return PassphraseInput{std::move(buf), crlf};
}

// A passphrase must be typeable at the prompt, which ends a line at CR or
// LF and passes other control characters inconsistently across terminals.
Status RefuseControlCharacters(const SecretBytes& p) {
  for (uint8_t c : p.reveal()) {
    if (c < 0x20 || c == 0x7f) {
      return UsageError("the new passphrase contains a control character (such as a tab or a "
                        "carriage return), which cannot be typed at the passphrase prompt; "
                        "choose one without");
    }
  }
  return OkStatus();
}

// The terminal state to restore if a signal arrives while echo is off.
int g_tty_fd = -1;
struct termios g_saved_termios;

void RestoreTerminalAndReraise(int sig) {
  if (g_tty_fd >= 0) ::tcsetattr(g_tty_fd, TCSAFLUSH, &g_saved_termios);
  ::signal(sig, SIG_DFL);
  ::raise(sig);
}

}  // namespace

Result<SecretBytes> AskHidden(const char* prompt, const std::string& what,
                              const std::string& instead) {
  int fd = ::open("/dev/tty", O_RDWR | O_CLOEXEC | O_NOCTTY);
  if (fd < 0) {
    return UsageError("no terminal to ask for the " + what + " on; use " + instead);
  }
  struct termios old{};
  if (::tcgetattr(fd, &old) != 0) {
    ::close(fd);
    return UsageError("cannot turn off echo on the terminal; use " + instead);
  }
  struct termios quiet = old;
  quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
  quiet.c_lflag |= ECHONL;
  g_tty_fd = fd;
  g_saved_termios = old;
  struct sigaction sa{}, old_int{}, old_term{};
  sa.sa_handler = RestoreTerminalAndReraise;
  ::sigaction(SIGINT, &sa, &old_int);
  ::sigaction(SIGTERM, &sa, &old_term);
  ::tcsetattr(fd, TCSAFLUSH, &quiet);
  (void)!::write(fd, prompt, std::strlen(prompt));

  SecretBytes buf(kMaxPassphraseBytes);
  std::size_t n = 0;
  bool too_long = false;
  for (;;) {
    uint8_t c = 0;
    ssize_t r = ::read(fd, &c, 1);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0 || c == '\n') break;
    if (n < buf.size()) buf.reveal()[n++] = c; else too_long = true;
  }
  ::tcsetattr(fd, TCSAFLUSH, &old);
  ::sigaction(SIGINT, &old_int, nullptr);
  ::sigaction(SIGTERM, &old_term, nullptr);
  g_tty_fd = -1;
  ::close(fd);
  if (n > 0 && buf.reveal()[n - 1] == '\r') --n;
  buf.Truncate(n);
  if (too_long) return UsageError(what + " too long");
  if (n == 0) return UsageError("empty " + what);
  return buf;
}

namespace {

Result<SecretBytes> AskTerminal(const char* prompt) {
  return AskHidden(prompt, "passphrase", "--passphrase-file FILE");
}

// Shows zxcvbn's estimate of a new passphrase before anything is created or
// changed. Below strong, a passphrase typed at the prompt is confirmed there;
// one from a file (a script) gets the estimate as a warning and is used.
Status CheckStrength(const SecretBytes& p, bool typed) {
  const PassphraseStrength s = EstimatePassphraseStrength(p);
  human::Text line = human::Format("Passphrase strength: {}/4 (about 10^{} guesses) - {}", s.score,
                                   std::lround(s.guesses_log10), PassphraseVerdict(s.score));
  if (!s.hint.empty()) line += human::Format(": {}", s.hint);
  if (s.strong) {
    line += human::Format("\n");
    std::fwrite(line.view().data(), 1, line.view().size(), stderr);
    return OkStatus();
  }
  if (!typed || !CanAskOnTerminal()) {
    PrintWarning(line);
    return OkStatus();
  }
  line += human::Format("\nUse it anyway?");
  if (AskYesNo(line)) return OkStatus();
  return MakeError(ErrorCode::kFailedPrecondition,
                   "the weak passphrase was not confirmed; nothing was changed. Choose a "
                   "stronger one: 5 or more random words");
}

}  // namespace

Result<PassphraseInput> Cli::Passphrase() const {
  if (!global.passphrase_file.empty()) return ReadPassphraseFile(global.passphrase_file);
  TVAULT_ASSIGN_OR_RETURN(SecretBytes typed, AskTerminal("Vault passphrase: "));
  return PassphraseInput{std::move(typed), false};
}

Result<SecretBytes> Cli::NewPassphrase(const std::string& file) const {
  if (!file.empty()) {
    TVAULT_ASSIGN_OR_RETURN(PassphraseInput p, ReadPassphraseFile(file));
    TVAULT_TRY(RefuseControlCharacters(p.passphrase));
    TVAULT_TRY(CheckStrength(p.passphrase, /*typed=*/false));
    return std::move(p.passphrase);
  }
  TVAULT_ASSIGN_OR_RETURN(SecretBytes first, AskTerminal("New passphrase: "));
  TVAULT_TRY(RefuseControlCharacters(first));
  TVAULT_ASSIGN_OR_RETURN(SecretBytes second, AskTerminal("Repeat the new passphrase: "));
  if (!first.Equals(second)) return UsageError("the two passphrases differ; nothing was changed");
  TVAULT_TRY(CheckStrength(first, /*typed=*/true));
  return first;
}

SecretBytes WithCarriageReturn(const SecretBytes& p) {
  SecretBytes out(p.size() + 1);
  std::copy(p.reveal().begin(), p.reveal().end(), out.reveal().begin());
  out.reveal()[p.size()] = '\r';
  return out;
}

}  // namespace tvault::cli
