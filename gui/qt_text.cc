#include "qt_text.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QLineEdit>

#include "vault/text.h"

namespace tvault::gui {
namespace {

QString Tr(const char* text) { return QCoreApplication::translate("tvault::gui::Errors", text); }

// Calls `emit` with each code point of `text`.
template <typename Emit>
void ForEachCodePoint(QStringView text, Emit&& emit) {
  for (qsizetype i = 0; i < text.size(); ++i) {
    const QChar c = text[i];
    if (c.isHighSurrogate() && i + 1 < text.size() && text[i + 1].isLowSurrogate()) {
      emit(QChar::surrogateToUcs4(c, text[i + 1]));
      ++i;
    } else if (c.isSurrogate()) {
      emit(char32_t{0xFFFD});
    } else {
      emit(char32_t{c.unicode()});
    }
  }
}

std::size_t Utf8Length(char32_t c) { return c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4; }

}  // namespace

QString PlainToQString(std::span<const uint8_t> bytes) {
  return QString::fromUtf8(reinterpret_cast<const char*>(bytes.data()),
                           static_cast<qsizetype>(bytes.size()));
}

QString PlainToQString(const PlainString& text) { return PlainToQString(AsBytes(text)); }

PlainString QStringToPlain(const QString& text) {
  QByteArray utf8 = text.toUtf8();
  PlainString out(utf8.constData(), static_cast<std::size_t>(utf8.size()));
  SecureWipe(utf8.data(), static_cast<std::size_t>(utf8.size()));
  return out;
}

SecretBytes Utf8Secret(QStringView text) {
  std::size_t n = 0;
  ForEachCodePoint(text, [&](char32_t c) { n += Utf8Length(c); });
  SecretBytes out(n);
  uint8_t* p = out.reveal().data();
  ForEachCodePoint(text, [&](char32_t c) {
    if (c < 0x80) {
      *p++ = static_cast<uint8_t>(c);
    } else if (c < 0x800) {
      *p++ = static_cast<uint8_t>(0xC0 | (c >> 6));
      *p++ = static_cast<uint8_t>(0x80 | (c & 0x3F));
    } else if (c < 0x10000) {
      *p++ = static_cast<uint8_t>(0xE0 | (c >> 12));
      *p++ = static_cast<uint8_t>(0x80 | ((c >> 6) & 0x3F));
      *p++ = static_cast<uint8_t>(0x80 | (c & 0x3F));
    } else {
      *p++ = static_cast<uint8_t>(0xF0 | (c >> 18));
      *p++ = static_cast<uint8_t>(0x80 | ((c >> 12) & 0x3F));
      *p++ = static_cast<uint8_t>(0x80 | ((c >> 6) & 0x3F));
      *p++ = static_cast<uint8_t>(0x80 | (c & 0x3F));
    }
  });
  return out;
}

void OverwriteSharedText(const QString& text) {
  // constData() does not detach: the write reaches the one buffer that all
  // sharing QStrings point to. That is the purpose here.
  auto* chars = const_cast<QChar*>(text.constData());
  SecureWipe(chars, static_cast<std::size_t>(text.size()) * sizeof(QChar));
}

SecretBytes TakePassphrase(QLineEdit& field) {
  const QString typed = field.text();
  SecretBytes out = Utf8Secret(typed);
  OverwriteSharedText(typed);
  // setText (unlike clear) also drops the undo history, which holds the
  // typed characters.
  field.setText(QString());
  return out;
}

QString UntrustedToQString(std::string_view text) {
  return QString::fromStdString(EscapeUntrusted(text));
}

QString UntrustedToQString(const PlainString& text) {
  return UntrustedToQString(std::string_view(text.data(), text.size()));
}

QString ErrorWords(const Error& error) {
  const QString message = UntrustedToQString(error.message);
  switch (error.detail) {
    case ErrorDetail::kNoVault:
      return Tr("There is no vault in this folder. Choose another folder, or create a vault.");
    case ErrorDetail::kVaultDirNotEmpty:
      return Tr("A new vault needs a new or empty folder. Choose another folder.");
    case ErrorDetail::kBusy:
      return Tr("Another tvault program is using this vault. Close it, then try again.");
    case ErrorDetail::kUnlockExpired:
      return Tr("The passphrase of this vault has changed. Unlock it again.");
    case ErrorDetail::kDamaged:
    case ErrorDetail::kCheckVault:
      return Tr("The vault is damaged: %1. Check it, or restore a backup.").arg(message);
    case ErrorDetail::kUntrustedSigner:
      return Tr("%1. If the bundle is from someone you work with, compare this key with them "
                "(in person or by phone), add them as a peer, then open the bundle again. "
                "Until the window can add peers: tvault peer add NAME --minisign-key RW... "
                "in a terminal.")
          .arg(message);
    case ErrorDetail::kImportNeedsFile:
      return Tr("%1. Save the bundle to a file and open that.").arg(message);
    case ErrorDetail::kUnknownRecipient:
    case ErrorDetail::kRecipientWithoutAgeKey:
      return Tr("%1. Add the recipient's age key to the peer first.").arg(message);
    default: break;
  }
  switch (error.code) {
    case ErrorCode::kWrongPassphrase:
      return Tr("This passphrase does not open the vault. Check it and try again.");
    case ErrorCode::kBusy:
      return Tr("Another tvault program is using this vault. Close it, then try again.");
    default: break;
  }
  return message;
}

QString DayUtc(int64_t unix_s) {
  return QDateTime::fromSecsSinceEpoch(unix_s, Qt::UTC).toString(QStringLiteral("yyyy-MM-dd"));
}

}  // namespace tvault::gui
