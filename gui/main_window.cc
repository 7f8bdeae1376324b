#include "main_window.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDateTime>
#include <QDialog>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QKeyEvent>
#include <QMenuBar>
#include <QMimeData>
#include <QSettings>
#include <QStackedWidget>

#include "create_vault_page.h"
#include "dialogs.h"
#include "export_wizard.h"
#include "inactivity_timer.h"
#include "new_case_dialog.h"
#include "qt_text.h"
#include "receive_dialog.h"
#include "screen_lock_listener.h"
#include "secret_clipboard.h"
#include "unlock_page.h"
#include "vault/front_end.h"
#include "vault_holder.h"
#include "vault_page.h"

namespace tvault::gui {
namespace {

std::filesystem::path StartFolder(const DesktopOptions& options) {
  if (options.vault_dir) return *options.vault_dir;
  return DefaultVaultDirectory().value_or(std::filesystem::path());
}

// The one bundle file (*.tvb) of a drop, if it is one.
std::optional<std::filesystem::path> DroppedFile(const QMimeData* data) {
  if (data == nullptr || data->urls().size() != 1 || !data->urls()[0].isLocalFile()) {
    return std::nullopt;
  }
  const QString file = data->urls()[0].toLocalFile();
  if (!file.endsWith(QStringLiteral(".tvb"), Qt::CaseInsensitive)) return std::nullopt;
  return std::filesystem::path(file.toStdString());
}

QString MinuteUtc(int64_t unix_s) {
  return QDateTime::fromSecsSinceEpoch(unix_s, Qt::UTC)
      .toString(QStringLiteral("yyyy-MM-dd HH:mm 'UTC'"));
}

}  // namespace

MainWindow::MainWindow(DesktopOptions options, QWidget* parent)
    : QMainWindow(parent), options_(std::move(options)) {
  setObjectName(QStringLiteral("mainWindow"));
  // The title never names a case, a witness or a vault's owner.
  setWindowTitle(tr("tvault"));
  setAcceptDrops(true);
  vault_ = new VaultHolder(this);
  clipboard_ = new SecretClipboard(options_.clipboard_clear, this);
  idle_ = new InactivityTimer(options_.idle_lock, this);
  connect(idle_, &InactivityTimer::Inactive, this, [this] { Lock(LockReason::kIdle); });
  LockOn(new ScreenLockListener(this));

  const QString folder = QString::fromStdString(StartFolder(options_).string());
  unlock_ = new UnlockPage(StartFolder(options_), this);
  create_ = new CreateVaultPage(options_.kdf, this);
  create_->SetFolder(folder);
  vault_page_ = new VaultPage(*clipboard_, this);
  pages_ = new QStackedWidget(this);
  pages_->addWidget(unlock_);
  pages_->addWidget(create_);
  pages_->addWidget(vault_page_);
  setCentralWidget(pages_);
  unlock_->on_opened = [this](Vault v) { Opened(std::move(v)); };
  unlock_->on_create = [this] {
    create_->SetFolder(unlock_->Folder());
    pages_->setCurrentWidget(create_);
  };
  create_->on_opened = [this](Vault v) { Opened(std::move(v)); };
  create_->on_back = [this] { pages_->setCurrentWidget(unlock_); };

  QMenu* vault_menu = menuBar()->addMenu(tr("&Vault"));
  lock_action_ = vault_menu->addAction(tr("&Lock"), this, [this] { Lock(LockReason::kAsked); });
  lock_action_->setObjectName(QStringLiteral("lockAction"));
  lock_action_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_L));
  // Also while a dialog of the window has the focus.
  lock_action_->setShortcutContext(Qt::ApplicationShortcut);
  QAction* quit = vault_menu->addAction(tr("&Quit"), this, &QWidget::close);
  quit->setShortcut(QKeySequence::Quit);
  QMenu* record_menu = menuBar()->addMenu(tr("&Records"));
  new_case_action_ = record_menu->addAction(tr("&New case…"), vault_page_, &VaultPage::NewCase);
  new_case_action_->setShortcut(QKeySequence::New);
  copy_statement_action_ =
      record_menu->addAction(tr("&Copy statement"), vault_page_, &VaultPage::CopyStatement);
  copy_statement_action_->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C));
  record_menu->addSeparator();
  open_bundle_action_ =
      record_menu->addAction(tr("&Open bundle…"), this, &MainWindow::ChooseBundle);
  open_bundle_action_->setObjectName(QStringLiteral("openBundleAction"));
  open_bundle_action_->setShortcut(QKeySequence::Open);
  export_action_ = record_menu->addAction(tr("&Export…"), this, &MainWindow::Export);
  export_action_->setObjectName(QStringLiteral("exportAction"));
  export_action_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
  SetVaultActionsEnabled(false);
  pages_->setCurrentWidget(unlock_);
  resize(1100, 700);
  QApplication::instance()->installEventFilter(this);
}

MainWindow::~MainWindow() {
  QApplication::instance()->removeEventFilter(this);
  Lock(LockReason::kClosing);
}

bool MainWindow::unlocked() const { return vault_->get() != nullptr; }

bool MainWindow::working() const { return vault_->busy(); }

void MainWindow::SetVaultActionsEnabled(bool enabled) {
  for (QAction* a : {lock_action_, new_case_action_, copy_statement_action_, open_bundle_action_,
                    export_action_}) {
    a->setEnabled(enabled);
  }
}

void MainWindow::Opened(Vault vault) {
  vault_->Open(std::move(vault));
  // Only the folder's path is kept, never anything from inside the vault.
  QSettings().setValue(QStringLiteral("vault/last_folder"),
                       QString::fromStdString(vault_->get()->directory().string()));
  QStringList notices;
  const UnlockFailures& failures = vault_->get()->unlock_failures();
  if (failures.count > 0) {
    const QString since = failures.since_unix_s ? MinuteUtc(*failures.since_unix_s)
                                                : tr("the last successful unlock");
    notices << tr("%n failed unlock attempt(s) since %1. If they were not yours, someone has "
                  "tried to open this vault.",
                  nullptr, static_cast<int>(failures.count))
                   .arg(since);
  }
  for (const QString& form : std::exchange(discarded_forms_, {})) {
    notices << tr("When the vault locked, the form \"%1\" was open. What it held was not saved.")
                   .arg(form);
  }
  vault_page_->Show(*vault_->get(), notices);
  pages_->setCurrentWidget(vault_page_);
  SetVaultActionsEnabled(true);
  idle_->Start();
}

void MainWindow::LockOn(ScreenLockListener* listener) {
  connect(listener, &ScreenLockListener::LockRequested, this,
          [this] { Lock(LockReason::kScreenLocked); });
}

QStringList MainWindow::CloseDialogs() {
  QStringList forms;
  for (QWidget* w : QApplication::topLevelWidgets()) {
    auto* dialog = qobject_cast<QDialog*>(w);
    if (dialog == nullptr || !dialog->isVisible()) continue;
    const QString form = dialog->property(kFormNameProperty).toString();
    if (!form.isEmpty()) forms << form;
    dialog->reject();
  }
  return forms;
}

void MainWindow::Lock(LockReason reason) {
  if (!unlocked()) return;
  idle_->Stop();
  // First, so that no dialog can wait for a running call: its Vault is
  // destroyed (keys wiped, folder released) now, or as the call returns.
  vault_->Close();
  discarded_forms_ = CloseDialogs();
  clipboard_->ClearIfOurs();
  vault_page_->Clear();
  SetVaultActionsEnabled(false);
  if (reason == LockReason::kClosing) return;
  QString notice = tr("The vault is locked.");
  if (reason == LockReason::kIdle) {
    notice = tr("The vault locked itself after %n minute(s) without use.", nullptr,
                static_cast<int>(
                    std::chrono::duration_cast<std::chrono::minutes>(options_.idle_lock).count()));
  } else if (reason == LockReason::kScreenLocked) {
    notice = tr("The vault locked with the screen, or before the computer went to sleep.");
  }
  if (!discarded_forms_.isEmpty()) {
    notice += QLatin1Char('\n') + tr("An unfinished form was closed without saving: %1.")
                                      .arg(discarded_forms_.join(QStringLiteral(", ")));
  }
  unlock_->ShowLocked(notice);
  pages_->setCurrentWidget(unlock_);
}

bool MainWindow::eventFilter(QObject* watched, QEvent* event) {
  if (event->type() == QEvent::KeyPress && unlocked()) {
    const auto* key = static_cast<QKeyEvent*>(event);
    if (QKeySequence(key->keyCombination()) == lock_action_->shortcut()) {
      Lock(LockReason::kAsked);
      return true;
    }
  }
  return QMainWindow::eventFilter(watched, event);
}

void MainWindow::ChooseBundle() {
  if (!unlocked()) return;
  const QString file = ChooseBundleToOpen(this, QString());
  if (!file.isEmpty()) OpenBundle(std::filesystem::path(file.toStdString()));
}

void MainWindow::OpenBundle(const std::filesystem::path& file) {
  if (!unlocked() || working()) return;
  auto* dialog = new ReceiveDialog(*vault_, file, this);
  dialog->on_imported = [this] { vault_page_->Refresh(); };
  dialog->open();
  dialog->Verify();
}

void MainWindow::Export() {
  if (!unlocked() || working()) return;
  auto* wizard = new ExportWizard(*vault_, vault_page_->ChosenTestimony(),
                                  vault_page_->ChosenCase(), this);
  wizard->open();
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event) {
  if (unlocked() && DroppedFile(event->mimeData())) event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event) {
  const std::optional<std::filesystem::path> file = DroppedFile(event->mimeData());
  if (!unlocked() || !file) return;
  event->acceptProposedAction();
  OpenBundle(*file);
}

void MainWindow::closeEvent(QCloseEvent* event) {
  Lock(LockReason::kClosing);
  event->accept();
}

}  // namespace tvault::gui
