#include "vault_page.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSplitter>
#include <QStackedWidget>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>

#include "new_case_dialog.h"
#include "qt_text.h"
#include "record_table_model.h"
#include "testimony_pane.h"
#include "widgets.h"
#include "witness_pane.h"

namespace tvault::gui {
namespace {

constexpr int kCaseIdRole = Qt::UserRole;

QTableView* Table(RecordTableModel* model, const char* object_name, const QString& accessible,
                  QWidget* parent) {
  auto* table = Named(new QTableView(parent), object_name, accessible);
  table->setModel(model);
  table->setSelectionBehavior(QAbstractItemView::SelectRows);
  table->setSelectionMode(QAbstractItemView::SingleSelection);
  table->setEditTriggers(QAbstractItemView::NoEditTriggers);
  table->setSortingEnabled(false);
  table->verticalHeader()->hide();
  table->horizontalHeader()->setStretchLastSection(true);
  table->setTabKeyNavigation(false);
  return table;
}

}  // namespace

VaultPage::VaultPage(SecretClipboard& clipboard, QWidget* parent) : QWidget(parent) {
  setObjectName(QStringLiteral("vaultPage"));
  notice_ = ValueLabel("vaultNotice", tr("Notice"), this);
  notice_->setStyleSheet(QStringLiteral("QLabel { color: #a00000; font-weight: bold; }"));
  cases_ = Named(new QListWidget(this), "caseList", tr("Cases"));
  new_case_ = Button(tr("&New case…"), "newCaseButton", this);
  filter_ = LineEdit("filter", tr("Filter the lists"), this);
  filter_->setPlaceholderText(tr("Filter by id, title or witness name"));
  filter_->setClearButtonEnabled(true);
  sort_ = Named(new QComboBox(this), "sortBy", tr("Sort by"));
  sort_->addItem(tr("Sort by date"), static_cast<int>(SortKey::kDate));
  sort_->addItem(tr("Sort by title"), static_cast<int>(SortKey::kTitle));
  sort_->addItem(tr("Sort by witness"), static_cast<int>(SortKey::kWitness));
  counts_ = ValueLabel("counts", tr("Counts"), this);
  testimonies_ = new RecordTableModel(this);
  testimonies_->setObjectName(QStringLiteral("testimonyModel"));
  witnesses_ = new RecordTableModel(this);
  witnesses_->setObjectName(QStringLiteral("witnessModel"));
  tabs_ = Named(new QTabWidget(this), "recordTabs", tr("Records"));
  testimony_table_ = Table(testimonies_, "testimonyTable", tr("Testimonies"), tabs_);
  witness_table_ = Table(witnesses_, "witnessTable", tr("Witnesses"), tabs_);
  tabs_->addTab(testimony_table_, tr("&Testimonies"));
  tabs_->addTab(witness_table_, tr("&Witnesses"));
  detail_ = new QStackedWidget(this);
  detail_->setObjectName(QStringLiteral("recordDetail"));
  nothing_chosen_ = ValueLabel("nothingChosen", tr("No record chosen"), detail_);
  nothing_chosen_->setText(tr("Choose a testimony or a witness."));
  testimony_ = new TestimonyPane(clipboard, detail_);
  witness_ = new WitnessPane(clipboard, detail_);
  detail_->addWidget(nothing_chosen_);
  detail_->addWidget(testimony_);
  detail_->addWidget(witness_);

  connect(cases_, &QListWidget::currentRowChanged, this, [this] {
    QListWidgetItem* item = cases_->currentItem();
    const std::string chosen = item ? item->data(kCaseIdRole).toString().toStdString() : "";
    if (vault_ == nullptr || chosen == case_id_) return;
    case_id_ = chosen;
    LoadLists();
  });
  connect(new_case_, &QPushButton::clicked, this, &VaultPage::NewCase);
  connect(filter_, &QLineEdit::textChanged, this, &VaultPage::ApplyFilter);
  connect(sort_, &QComboBox::currentIndexChanged, this, &VaultPage::ApplySort);
  connect(testimony_table_->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
          &VaultPage::TestimonyChosen);
  connect(witness_table_->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
          &VaultPage::WitnessChosen);

  auto* left = new QWidget(this);
  auto* left_layout = new QVBoxLayout(left);
  left_layout->addWidget(cases_);
  left_layout->addWidget(new_case_);
  auto* middle = new QWidget(this);
  auto* middle_layout = new QVBoxLayout(middle);
  auto* tools = new QHBoxLayout;
  tools->addWidget(filter_, 1);
  tools->addWidget(sort_);
  middle_layout->addLayout(tools);
  middle_layout->addWidget(tabs_, 1);
  middle_layout->addWidget(counts_);
  auto* splitter = new QSplitter(this);
  splitter->addWidget(left);
  splitter->addWidget(middle);
  splitter->addWidget(detail_);
  splitter->setStretchFactor(1, 2);
  splitter->setStretchFactor(2, 3);
  splitter->setSizes({200, 420, 480});
  auto* layout = new QVBoxLayout(this);
  layout->addWidget(notice_);
  layout->addWidget(splitter, 1);
  Clear();
}

void VaultPage::Show(Vault& vault, const QStringList& notices) {
  Clear();
  vault_ = &vault;
  SetNotice(notices.join(QLatin1Char('\n')));
  LoadCases();
  LoadLists();
}

void VaultPage::Clear() {
  vault_ = nullptr;
  case_id_.clear();
  testimony_->Clear();
  witness_->Clear();
  detail_->setCurrentWidget(nothing_chosen_);
  testimonies_->Clear();
  witnesses_->Clear();
  {
    const QSignalBlocker quiet_cases(cases_);
    cases_->clear();
  }
  {
    const QSignalBlocker quiet_filter(filter_);
    filter_->clear();
  }
  counts_->clear();
  SetNotice(QString());
}

void VaultPage::Refresh() {
  if (vault_ == nullptr) return;
  LoadCases();
  LoadLists();
}

void VaultPage::SetNotice(const QString& text) {
  notice_->setText(text);
  notice_->setVisible(!text.isEmpty());
}

void VaultPage::LoadCases() {
  const QSignalBlocker quiet(cases_);
  cases_->clear();
  auto* all = new QListWidgetItem(tr("All records"), cases_);
  all->setData(kCaseIdRole, QString());
  Result<std::vector<CaseSummary>> cases = vault_->ListCases();
  if (!cases.ok()) {
    SetNotice(ErrorWords(cases.error()));
    return;
  }
  int current = 0;
  for (const CaseSummary& c : *cases) {
    auto* item = new QListWidgetItem(
        tr("%1  %2 (%n testimonies)", nullptr, static_cast<int>(c.testimony_count))
            .arg(QString::fromStdString(c.id), PlainToQString(c.title)),
        cases_);
    item->setData(kCaseIdRole, QString::fromStdString(c.id));
    if (c.id == case_id_) current = cases_->count() - 1;
  }
  cases_->setCurrentRow(current);
}

void VaultPage::LoadLists() {
  testimony_->Clear();
  witness_->Clear();
  detail_->setCurrentWidget(nothing_chosen_);
  ListFilter filter;
  filter.case_id = case_id_;
  Result<std::vector<WitnessSummary>> witnesses = vault_->ListWitnesses(filter);
  // A testimony's witness need not be in the case: names come from all.
  Result<std::vector<WitnessSummary>> all_witnesses =
      case_id_.empty() ? witnesses : vault_->ListWitnesses();
  Result<std::vector<TestimonySummary>> testimonies = vault_->ListTestimonies(filter);
  for (const Error* e : {witnesses.ok() ? nullptr : &witnesses.error(),
                         all_witnesses.ok() ? nullptr : &all_witnesses.error(),
                         testimonies.ok() ? nullptr : &testimonies.error()}) {
    if (e != nullptr) {
      testimonies_->Clear();
      witnesses_->Clear();
      SetNotice(ErrorWords(*e));
      return;
    }
  }
  testimonies_->SetRows(TestimonyRows(std::move(*testimonies), *all_witnesses));
  witnesses_->SetRows(WitnessRows(std::move(*witnesses)));
  ApplySort();
  ApplyFilter();
}

void VaultPage::ApplyFilter() {
  testimonies_->SetFilter(filter_->text());
  witnesses_->SetFilter(filter_->text());
  UpdateCounts();
}

void VaultPage::ApplySort() {
  const auto key = static_cast<SortKey>(sort_->currentData().toInt());
  testimonies_->SetSort(key);
  witnesses_->SetSort(key);
}

void VaultPage::UpdateCounts() {
  if (vault_ == nullptr) return;
  const QString testimonies =
      tr("%1 of %n testimonies", nullptr, static_cast<int>(testimonies_->total()))
          .arg(testimonies_->matching());
  const QString witnesses = tr("%1 of %n witnesses", nullptr, static_cast<int>(witnesses_->total()))
                                .arg(witnesses_->matching());
  counts_->setText(tr("%1, %2").arg(testimonies, witnesses));
}

void VaultPage::TestimonyChosen() {
  const std::string id = testimonies_->IdAt(testimony_table_->currentIndex().row());
  if (vault_ == nullptr || id.empty()) return;
  witness_->Clear();
  testimony_->Show(*vault_, id);
  detail_->setCurrentWidget(testimony_);
}

void VaultPage::WitnessChosen() {
  const int row = witness_table_->currentIndex().row();
  const std::string id = witnesses_->IdAt(row);
  if (vault_ == nullptr || id.empty()) return;
  testimony_->Clear();
  witness_->Show(*vault_, id, witnesses_->index(row, 1).data().toString(),
                 witnesses_->index(row, 2).data().toLongLong());
  detail_->setCurrentWidget(witness_);
}

void VaultPage::NewCase() {
  if (vault_ == nullptr) return;
  auto* dialog = new NewCaseDialog(this);
  connect(dialog, &QDialog::accepted, this, [this, dialog] {
    // The vault may have locked meanwhile: then there is nothing to add to.
    if (vault_ == nullptr) return;
    Result<std::string> id = vault_->AddCase(dialog->Details());
    if (!id.ok()) {
      SetNotice(ErrorWords(id.error()));
      return;
    }
    case_id_ = *id;
    LoadCases();
    LoadLists();
  });
  dialog->open();
}

void VaultPage::CopyStatement() { testimony_->CopyStatement(); }

std::string VaultPage::ChosenTestimony() const {
  if (vault_ == nullptr || detail_->currentWidget() != testimony_) return {};
  return testimonies_->IdAt(testimony_table_->currentIndex().row());
}

}  // namespace tvault::gui
