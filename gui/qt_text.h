// Where the library's text meets Qt's. Every place plaintext becomes a
// QString goes through PlainToQString, and every passphrase leaves a field
// through TakePassphrase, so a grep finds them (docs/threat-model.md,
// "The desktop application", says how long Qt's copies live).
#ifndef TVAULT_GUI_QT_TEXT_H_
#define TVAULT_GUI_QT_TEXT_H_

#include <QString>
#include <cstdint>
#include <span>
#include <string_view>

#include "vault/result.h"
#include "vault/secret.h"

class QLineEdit;

namespace tvault::gui {

// Record text (UTF-8 bytes) as a QString: an unguarded copy that Qt may
// copy again. Bytes that are not UTF-8 show as U+FFFD.
QString PlainToQString(std::span<const uint8_t> bytes);
QString PlainToQString(const PlainString& text);
// Text typed into a field, for the library.
PlainString QStringToPlain(const QString& text);

// `text` as UTF-8 in guarded memory, written there without an unguarded
// intermediate copy. A lone surrogate becomes U+FFFD.
SecretBytes Utf8Secret(QStringView text);

// Overwrites the characters of `text` in place: the buffer is shared (Qt's
// implicit sharing) with every QString it was copied from, such as the
// one a QLineEdit holds, and those see zeros too.
void OverwriteSharedText(const QString& text);

// The passphrase typed into `field` in guarded memory; the field's own
// buffer is overwritten and the field emptied (its undo history with it).
SecretBytes TakePassphrase(QLineEdit& field);

// Text from outside the window (a bundle's reason or sender's name, a
// library message that may quote one): the one escaping the CLI uses too
// (EscapeUntrusted, vault/text.h), so that control characters and
// bidirectional overrides show as visible escapes, never act.
QString UntrustedToQString(std::string_view text);
QString UntrustedToQString(const PlainString& text);

// An error of the library in words for the window: the advice the CLI
// words as commands and options, worded as the window's buttons; the
// library's message (a fact, never plaintext or secrets) otherwise,
// escaped by UntrustedToQString.
QString ErrorWords(const Error& error);

// "2026-12-07" (UTC) for a time in seconds since 1970.
QString DayUtc(int64_t unix_s);

}  // namespace tvault::gui

#endif  // TVAULT_GUI_QT_TEXT_H_
