#include "recovery_shares.h"

#include <fcntl.h>
#include <qrencode.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <iostream>

#include "vault/text.h"

namespace tvault::cli {
namespace fs = std::filesystem;
namespace {

Error Usage(const std::string& message) { return MakeError(ErrorCode::kInvalidArgument, message); }

Error Io(const std::string& what, const fs::path& path, int err) {
  return MakeError(ErrorCode::kIo, what + " " + path.string() + ": " + std::strerror(err));
}

void Append(PlainString& out, std::string_view s) { out.append(s.data(), s.size()); }

// The words of a mnemonic (ASCII, single spaces, as the library writes them).
std::vector<std::string_view> Words(const SecretBytes& mnemonic) {
  std::string_view all(reinterpret_cast<const char*>(mnemonic.reveal().data()), mnemonic.size());
  std::vector<std::string_view> words;
  while (!all.empty()) {
    const std::size_t sp = all.find(' ');
    words.push_back(all.substr(0, sp));
    if (sp == std::string_view::npos) break;
    all.remove_prefix(sp + 1);
  }
  return words;
}

// The QR code of the mnemonic in upper case: the alphanumeric mode of QR
// (A-Z and space) holds the 33 words in a version 10 symbol, where byte mode
// would need a larger one, and SLIP-39 reads words in any case. Error
// correction M (15%): a page that is creased or stained still scans.
// libqrencode copies the input into buffers of its own that it does not
// wipe (docs/threat-model.md, "Recovery shares"); its module matrix is wiped
// here before it is freed.
Status AppendQrSvg(PlainString& out, const SecretBytes& mnemonic) {
  SecretBytes upper(mnemonic.size() + 1);
  for (std::size_t i = 0; i < mnemonic.size(); ++i) {
    const uint8_t c = mnemonic.reveal()[i];
    upper.reveal()[i] = (c >= 'a' && c <= 'z') ? static_cast<uint8_t>(c - 'a' + 'A') : c;
  }
  upper.reveal()[mnemonic.size()] = 0;
  // With the 8-bit hint and case sensitivity, libqrencode picks the
  // alphanumeric mode itself for text of that alphabet.
  QRcode* qr = QRcode_encodeString(reinterpret_cast<const char*>(upper.reveal().data()), 0,
                                   QR_ECLEVEL_M, QR_MODE_8, /*casesensitive=*/1);
  if (qr == nullptr) {
    return MakeError(ErrorCode::kInternal,
                     std::string("cannot make the QR code: ") + std::strerror(errno));
  }
  const int width = qr->width;
  constexpr int kQuiet = 4;  // the quiet zone the QR standard asks for
  const int size = width + 2 * kQuiet;
  char buf[320];
  std::snprintf(buf, sizeof buf,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" width=\"%dmm\" "
                "height=\"%dmm\" shape-rendering=\"crispEdges\">\n<rect width=\"%d\" height=\"%d\" "
                "fill=\"#fff\"/>\n",
                size, size, 70, 70, size, size);
  Append(out, buf);
  for (int y = 0; y < width; ++y) {
    for (int x = 0; x < width; ++x) {
      if ((qr->data[y * width + x] & 1) == 0) continue;
      std::snprintf(buf, sizeof buf, "<rect x=\"%d\" y=\"%d\" width=\"1\" height=\"1\"/>\n",
                    x + kQuiet, y + kQuiet);
      Append(out, buf);
    }
  }
  Append(out, "</svg>\n");
  SecureWipe(qr->data, static_cast<std::size_t>(width) * static_cast<std::size_t>(width));
  QRcode_free(qr);
  SecureWipe(buf, sizeof buf);
  return OkStatus();
}

std::string HolderAdvice(const RecoveryInfo& info) {
  const std::string t = std::to_string(info.threshold), n = std::to_string(info.share_count);
  return "Any " + t + " of the " + n +
         " shares together open the vault; fewer reveal nothing about it.\n"
         "Keep this share private and offline: do not photograph it, scan it, type it into\n"
         "any device or send it by message or e-mail.\n"
         "Hand it back only to the custodian, in person or on a video call on which you can\n"
         "see them. If anyone else asks for it, tell the other holders and the custodian.\n"
         "After a recovery every share of this set stops working; you will get a new one.";
}

bool Exists(const fs::path& p) {
  struct stat st{};
  return ::lstat(p.c_str(), &st) == 0;
}

Status WriteAll(int fd, const SecretBytes& bytes) {
  std::size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t w = ::write(fd, bytes.reveal().data() + done, bytes.size() - done);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) return MakeError(ErrorCode::kIo, std::strerror(w < 0 ? errno : EIO));
    done += static_cast<std::size_t>(w);
  }
  if (::fsync(fd) != 0) return MakeError(ErrorCode::kIo, std::strerror(errno));
  return OkStatus();
}

// `bytes` to `path`, which must not exist, complete or not at all: written
// to an unnamed file in the directory (O_TMPFILE), synced, then given its
// name by linkat(2), which never replaces a file. A crash before the link
// leaves nothing; a filesystem without O_TMPFILE gets a named temporary
// file, removed on failure.
Status WritePage(const fs::path& path, const SecretBytes& bytes) {
  const fs::path dir = path.parent_path();
  int fd = ::open(dir.c_str(), O_TMPFILE | O_WRONLY | O_CLOEXEC, 0600);
  fs::path named_tmp;
  if (fd < 0 && (errno == EOPNOTSUPP || errno == EISDIR || errno == EINVAL)) {
    named_tmp = dir / ("." + path.filename().string() + ".tmp");
    fd = ::open(named_tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
  }
  if (fd < 0) return Io("cannot create a page in", dir, errno);
  Status written = WriteAll(fd, bytes);
  int err = 0;
  if (written.ok()) {
    const int rc = named_tmp.empty()
                       ? ::linkat(AT_FDCWD, ("/proc/self/fd/" + std::to_string(fd)).c_str(),
                                  AT_FDCWD, path.c_str(), AT_SYMLINK_FOLLOW)
                       : ::link(named_tmp.c_str(), path.c_str());
    if (rc != 0) err = errno;
  }
  ::close(fd);
  if (!named_tmp.empty()) ::unlink(named_tmp.c_str());
  if (!written.ok()) {
    return MakeError(ErrorCode::kIo, "cannot write " + path.string() + ": " +
                                         written.error().message);
  }
  if (err != 0) return Io("cannot write", path, err);
  const int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd >= 0) {
    ::fsync(dfd);
    ::close(dfd);
  }
  return OkStatus();
}

void WriteTerminal(std::string_view s) {
  std::fwrite(s.data(), 1, s.size(), stdout);
  std::fflush(stdout);
}

// Clears the screen and the scrollback (xterm's "\e[3J"), so the share is
// not left on the terminal.
void ClearScreen() { WriteTerminal("\033[H\033[2J\033[3J"); }

Status ShowOnTerminal(const RecoverySet& set) {
  const std::size_t n = set.mnemonics.size();
  for (std::size_t k = 1; k <= n; ++k) {
    ClearScreen();
    PlainString text;
    Append(text, "tvault recovery share " + std::to_string(k) + " of " + std::to_string(n) +
                     "   vault " + set.vault_fingerprint + "\n\n");
    const std::vector<std::string_view> words = Words(set.mnemonics[k - 1]);
    for (std::size_t i = 0; i < words.size(); ++i) {
      char num[24];
      std::snprintf(num, sizeof num, "%2zu ", i + 1);
      Append(text, num);
      Append(text, words[i]);
      Append(text, std::string(words[i].size() < 12 ? 12 - words[i].size() : 1, ' '));
      if (i % 4 == 3 || i + 1 == words.size()) Append(text, "\n");
    }
    Append(text, "\n" + HolderAdvice(set.info) + "\n\n");
    Append(text, k < n ? "Write it down for its holder, then press Enter for the next share. "
                       : "Write it down for its holder, then press Enter to clear the screen. ");
    WriteTerminal(text);
    std::string line;
    std::getline(std::cin, line);
  }
  ClearScreen();
  return OkStatus();
}

}  // namespace

std::string SharePageName(std::size_t number, std::size_t count) {
  return "share-" + std::to_string(number) + "-of-" + std::to_string(count) + ".html";
}

Status CheckShareOutput(const fs::path& out_dir, uint8_t share_count) {
  if (out_dir.empty()) {
    if (::isatty(STDIN_FILENO) != 1 || ::isatty(STDOUT_FILENO) != 1) {
      return Usage("recovery shares are shown only on a terminal, one at a time; give --out-dir "
                   "DIR to write one printable page per share instead");
    }
    return OkStatus();
  }
  std::error_code ec;
  if (!fs::exists(out_dir, ec)) {
    if (!fs::create_directories(out_dir, ec) || ec) {
      return MakeError(ErrorCode::kIo, "cannot create " + out_dir.string() + ": " + ec.message());
    }
    ::chmod(out_dir.c_str(), 0700);
  } else if (!fs::is_directory(out_dir, ec)) {
    return Usage(out_dir.string() + " is not a directory");
  }
  // The pages are written after the keyslot is made: whatever could fail
  // in rendering one fails here first, on a share of the longest words.
  RecoverySet longest;
  longest.info.threshold = longest.info.share_count = 2;
  PlainString words;
  for (int i = 0; i < 33; ++i) Append(words, i == 0 ? "academic" : " academic");
  longest.mnemonics.push_back(SecretBytes::CopyOf(AsBytes(words)));
  if (Result<SecretBytes> page = RenderSharePage(longest, 1); !page.ok()) {
    return page.take_error();
  }
  for (std::size_t k = 1; k <= share_count; ++k) {
    const fs::path page = out_dir / SharePageName(k, share_count);
    if (Exists(page)) {
      return MakeError(ErrorCode::kAlreadyExists,
                       page.string() + " already exists; choose an empty directory");
    }
  }
  return OkStatus();
}

Result<SecretBytes> RenderSharePage(const RecoverySet& set, std::size_t number) {
  if (number < 1 || number > set.mnemonics.size()) {
    return MakeError(ErrorCode::kInternal, "no such share");
  }
  const SecretBytes& mnemonic = set.mnemonics[number - 1];
  const std::string title = "tvault recovery share " + std::to_string(number) + " of " +
                            std::to_string(set.mnemonics.size());
  PlainString page;
  page.reserve(64 * 1024);
  Append(page,
         "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>" + title +
             "</title>\n<style>body{font-family:sans-serif;max-width:180mm;margin:10mm auto}"
             "ol{columns:3;font-family:monospace;font-size:13pt;line-height:1.5}"
             "p{white-space:pre-line}</style></head><body>\n<h1>" +
             title + "</h1>\n<p>Vault fingerprint: <b>" + set.vault_fingerprint +
             "</b>\nThreshold: any " + std::to_string(set.info.threshold) + " of " +
             std::to_string(set.info.share_count) + " shares\nMade: " +
             FormatUtc(set.info.created_at_unix_s) + "</p>\n<ol>\n");
  for (std::string_view w : Words(mnemonic)) {
    Append(page, "<li>");
    Append(page, w);
    Append(page, "</li>\n");
  }
  Append(page, "</ol>\n");
  TVAULT_TRY(AppendQrSvg(page, mnemonic));
  Append(page, "<p>" + HolderAdvice(set.info) + "</p>\n</body></html>\n");
  return SecretBytes::CopyOf(AsBytes(page));
}

Result<std::vector<fs::path>> ShowShares(const RecoverySet& set, const fs::path& out_dir) {
  std::vector<fs::path> written;
  if (out_dir.empty()) {
    TVAULT_TRY(ShowOnTerminal(set));
    return written;
  }
  for (std::size_t k = 1; k <= set.mnemonics.size(); ++k) {
    TVAULT_ASSIGN_OR_RETURN(SecretBytes page, RenderSharePage(set, k));
    const fs::path path = out_dir / SharePageName(k, set.mnemonics.size());
    TVAULT_TRY(WritePage(path, page));
    written.push_back(path);
  }
  return written;
}

}  // namespace tvault::cli
