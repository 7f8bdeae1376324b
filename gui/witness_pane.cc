#include "witness_pane.h"

#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

#include "qt_text.h"
#include "secret_clipboard.h"
#include "widgets.h"

namespace tvault::gui {
namespace {

// Contact details are copied only through the copy button (marked secret),
// never by selecting the label's text.
QLabel* ContactLabel(const char* object_name, const QString& accessible_name, QWidget* parent) {
  QLabel* label = ValueLabel(object_name, accessible_name, parent);
  label->setTextInteractionFlags(Qt::NoTextInteraction);
  return label;
}

}  // namespace

WitnessPane::WitnessPane(SecretClipboard& clipboard, QWidget* parent)
    : QWidget(parent), clipboard_(clipboard) {
  setObjectName(QStringLiteral("witnessPane"));
  id_ = ValueLabel("witnessId", tr("Witness id"), this);
  name_ = ValueLabel("witnessName", tr("Name"), this);
  count_ = ValueLabel("witnessTestimonyCount", tr("Number of testimonies"), this);
  reveal_ = Button(tr("&Show contact details"), "revealContacts", this);
  reveal_->setCheckable(true);
  reveal_->setToolTip(tr("Each time they are shown, the audit log records it."));
  contacts_ = new QWidget(this);
  contacts_->setObjectName(QStringLiteral("contactDetails"));
  error_ = ValueLabel("witnessError", tr("Error"), this);
  aliases_ = ContactLabel("witnessAliases", tr("Other names"), contacts_);
  phone_ = ContactLabel("witnessPhone", tr("Phone"), contacts_);
  email_ = ContactLabel("witnessEmail", tr("Email"), contacts_);
  address_ = ContactLabel("witnessAddress", tr("Address"), contacts_);
  relatives_ = ContactLabel("witnessRelatives", tr("Relatives at risk"), contacts_);
  notes_ = ContactLabel("witnessNotes", tr("Notes"), contacts_);
  copy_ = Button(tr("C&opy contact details"), "copyContacts", contacts_);
  connect(reveal_, &QPushButton::toggled, this, &WitnessPane::Reveal);
  connect(copy_, &QPushButton::clicked, this, &WitnessPane::CopyContacts);

  auto* form = new QFormLayout;
  form->addRow(tr("Id:"), id_);
  form->addRow(tr("Name:"), name_);
  form->addRow(tr("Testimonies:"), count_);
  auto* contact_form = new QFormLayout(contacts_);
  contact_form->addRow(tr("Other names:"), aliases_);
  contact_form->addRow(tr("Phone:"), phone_);
  contact_form->addRow(tr("Email:"), email_);
  contact_form->addRow(tr("Address:"), address_);
  contact_form->addRow(tr("Relatives at risk:"), relatives_);
  contact_form->addRow(tr("Notes:"), notes_);
  contact_form->addRow(copy_);
  auto* layout = new QVBoxLayout(this);
  layout->addLayout(form);
  auto* row = new QHBoxLayout;
  row->addWidget(reveal_);
  row->addStretch();
  layout->addLayout(row);
  layout->addWidget(error_);
  layout->addWidget(contacts_);
  layout->addStretch();
  Clear();
}

void WitnessPane::Show(Vault& vault, const std::string& id, const QString& name,
                       int64_t testimonies) {
  Clear();
  vault_ = &vault;
  id_text_ = id;
  id_->setText(QString::fromStdString(id));
  name_->setText(name);
  count_->setText(QString::number(testimonies));
  reveal_->setEnabled(true);
}

void WitnessPane::Clear() {
  HideContacts();
  vault_ = nullptr;
  id_text_.clear();
  for (QLabel* label : {id_, name_, count_}) label->clear();
  reveal_->setEnabled(false);
}

void WitnessPane::HideContacts() {
  {
    const QSignalBlocker quiet(reveal_);
    reveal_->setChecked(false);
  }
  reveal_->setText(tr("&Show contact details"));
  reveal_->setAccessibleName(tr("Show contact details"));
  for (QLabel* label : {error_, aliases_, phone_, email_, address_, relatives_, notes_}) {
    label->clear();
  }
  error_->hide();
  contacts_->hide();
}

void WitnessPane::Reveal(bool on) {
  const QString text = on ? tr("&Hide contact details") : tr("&Show contact details");
  reveal_->setText(text);
  reveal_->setAccessibleName(QString(text).remove(QLatin1Char('&')));
  if (!on || vault_ == nullptr) {
    HideContacts();
    return;
  }
  Result<Witness> w = vault_->GetWitness(id_text_);
  if (!w.ok()) {
    HideContacts();
    error_->setText(ErrorWords(w.error()));
    error_->show();
    return;
  }
  const WitnessDetails& d = w->details;
  QStringList aliases;
  for (const PlainString& alias : d.aliases) aliases << PlainToQString(alias);
  aliases_->setText(aliases.join(QStringLiteral("; ")));
  phone_->setText(PlainToQString(d.phone));
  email_->setText(PlainToQString(d.email));
  address_->setText(PlainToQString(d.address));
  relatives_->setText(PlainToQString(d.relatives));
  notes_->setText(PlainToQString(d.notes));
  contacts_->show();
}

void WitnessPane::CopyContacts() {
  if (!contacts_->isVisible()) return;
  QStringList lines;
  const std::pair<QString, QLabel*> fields[] = {
      {tr("Name"), name_},   {tr("Other names"), aliases_}, {tr("Phone"), phone_},
      {tr("Email"), email_}, {tr("Address"), address_},     {tr("Relatives at risk"), relatives_},
      {tr("Notes"), notes_}};
  for (const auto& [what, label] : fields) {
    if (!label->text().isEmpty()) lines << tr("%1: %2").arg(what, label->text());
  }
  clipboard_.Copy(lines.join(QLatin1Char('\n')));
}

}  // namespace tvault::gui
