#include "record_rows.h"

#include <QCoreApplication>
#include <tuple>

#include "qt_text.h"

namespace tvault::gui {
namespace {

QString Tr(const char* text) {
  return QCoreApplication::translate("tvault::gui::RecordRows", text);
}

class Testimonies final : public RecordRows {
 public:
  Testimonies(std::vector<TestimonySummary> rows, const std::vector<WitnessSummary>& witnesses)
      : rows_(std::move(rows)) {
    for (const WitnessSummary& w : witnesses) names_.emplace(w.id, w.name);
  }
  std::size_t size() const override { return rows_.size(); }
  int columns() const override { return 5; }
  QString Header(int column) const override {
    switch (column) {
      case 0: return Tr("Id");
      case 1: return Tr("Title");
      case 2: return Tr("Witness");
      case 3: return Tr("Added");
      default: return Tr("Versions");
    }
  }
  QString Cell(std::size_t row, int column) const override {
    const TestimonySummary& t = rows_[row];
    switch (column) {
      case 0: return QString::fromStdString(t.id);
      case 1: return PlainToQString(t.title);
      case 2:
        return Tr("%1 (%2)").arg(PlainToQString(WitnessName(t)),
                                 QString::fromStdString(t.witness_id));
      case 3: return DayUtc(t.created_at_unix_s);
      default: return QString::number(t.version_count);
    }
  }
  const std::string& Id(std::size_t row) const override { return rows_[row].id; }
  bool Matches(std::size_t row, const QString& needle) const override {
    const TestimonySummary& t = rows_[row];
    return QString::fromStdString(t.id).contains(needle, Qt::CaseInsensitive) ||
           QString::fromStdString(t.witness_id).contains(needle, Qt::CaseInsensitive) ||
           PlainToQString(t.title).contains(needle, Qt::CaseInsensitive) ||
           PlainToQString(WitnessName(t)).contains(needle, Qt::CaseInsensitive);
  }
  bool Less(std::size_t a, std::size_t b, SortKey key) const override {
    const TestimonySummary& x = rows_[a];
    const TestimonySummary& y = rows_[b];
    switch (key) {
      case SortKey::kDate:
        return std::tie(x.created_at_unix_s, x.id) < std::tie(y.created_at_unix_s, y.id);
      case SortKey::kTitle: return std::tie(x.title, x.id) < std::tie(y.title, y.id);
      case SortKey::kWitness:
        return std::tie(WitnessName(x), x.witness_id, x.id) <
               std::tie(WitnessName(y), y.witness_id, y.id);
    }
    return false;
  }

 private:
  const PlainString& WitnessName(const TestimonySummary& t) const {
    static const PlainString kNone;
    auto it = names_.find(t.witness_id);
    return it == names_.end() ? kNone : it->second;
  }
  std::vector<TestimonySummary> rows_;
  std::map<std::string, PlainString> names_;
};

class Witnesses final : public RecordRows {
 public:
  explicit Witnesses(std::vector<WitnessSummary> rows) : rows_(std::move(rows)) {}
  std::size_t size() const override { return rows_.size(); }
  int columns() const override { return 4; }
  QString Header(int column) const override {
    switch (column) {
      case 0: return Tr("Id");
      case 1: return Tr("Name");
      case 2: return Tr("Testimonies");
      default: return Tr("Added");
    }
  }
  QString Cell(std::size_t row, int column) const override {
    const WitnessSummary& w = rows_[row];
    switch (column) {
      case 0: return QString::fromStdString(w.id);
      case 1: return PlainToQString(w.name);
      case 2: return QString::number(w.testimony_count);
      default: return DayUtc(w.created_at_unix_s);
    }
  }
  const std::string& Id(std::size_t row) const override { return rows_[row].id; }
  bool Matches(std::size_t row, const QString& needle) const override {
    return QString::fromStdString(rows_[row].id).contains(needle, Qt::CaseInsensitive) ||
           PlainToQString(rows_[row].name).contains(needle, Qt::CaseInsensitive);
  }
  // A witness has no title: by title and by witness both sort by name.
  bool Less(std::size_t a, std::size_t b, SortKey key) const override {
    const WitnessSummary& x = rows_[a];
    const WitnessSummary& y = rows_[b];
    if (key == SortKey::kDate) {
      return std::tie(x.created_at_unix_s, x.id) < std::tie(y.created_at_unix_s, y.id);
    }
    return std::tie(x.name, x.id) < std::tie(y.name, y.id);
  }

 private:
  std::vector<WitnessSummary> rows_;
};

}  // namespace

std::unique_ptr<RecordRows> TestimonyRows(std::vector<TestimonySummary> testimonies,
                                          const std::vector<WitnessSummary>& witnesses) {
  return std::make_unique<Testimonies>(std::move(testimonies), witnesses);
}

std::unique_ptr<RecordRows> WitnessRows(std::vector<WitnessSummary> witnesses) {
  return std::make_unique<Witnesses>(std::move(witnesses));
}

}  // namespace tvault::gui
