// tvault-desktop: the window (docs/desktop.md). Hardens the process as the
// CLI does, then shows MainWindow.
#include <QApplication>
#include <QIcon>
#include <cstdio>

#include "desktop_options.h"
#include "main_window.h"
#include "vault/crypto_init.h"
#include "vault/process.h"

int main(int argc, char** argv) {
  tvault::HardenProcess();
  if (!tvault::InitCrypto()) {
    std::fputs("tvault-desktop: libsodium failed to initialise\n", stderr);
    return 1;
  }
  QApplication app(argc, argv);
  QApplication::setOrganizationName(QStringLiteral("tvault"));
  QApplication::setApplicationName(QStringLiteral("tvault-desktop"));
  QApplication::setApplicationDisplayName(QStringLiteral("tvault"));
  QApplication::setWindowIcon(QIcon::fromTheme(QStringLiteral("tvault-desktop")));
  QApplication::setDesktopFileName(QStringLiteral("tvault-desktop"));
  tvault::gui::MainWindow window(tvault::gui::DesktopOptionsFromSettings());
  window.show();
  return app.exec();
}
