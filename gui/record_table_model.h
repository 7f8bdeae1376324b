// A list of the vault screen as a Qt model that grows as the view scrolls:
// rowCount() is what was fetched so far, fetchMore() adds kBatchRows, so a
// vault of 100,000 testimonies shows its first screen at once. Filtering
// and sorting work on the whole list (RecordRows), then start fetching
// again from the top. Clear() drops every row. UI thread only.
#ifndef TVAULT_GUI_RECORD_TABLE_MODEL_H_
#define TVAULT_GUI_RECORD_TABLE_MODEL_H_

#include <QAbstractTableModel>
#include <memory>
#include <vector>

#include "record_rows.h"

namespace tvault::gui {

class RecordTableModel : public QAbstractTableModel {
  Q_OBJECT

 public:
  static constexpr int kBatchRows = 200;

  explicit RecordTableModel(QObject* parent);
  ~RecordTableModel() override;

  void SetRows(std::unique_ptr<RecordRows> rows);
  void Clear();
  void SetFilter(const QString& needle);
  void SetSort(SortKey key);

  // Rows that pass the filter (fetched or not) and all rows.
  std::size_t matching() const { return order_.size(); }
  std::size_t total() const { return rows_ ? rows_->size() : 0; }
  // The record id of a fetched row.
  std::string IdAt(int row) const;

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role) const override;
  QVariant headerData(int section, Qt::Orientation orientation, int role) const override;
  bool canFetchMore(const QModelIndex& parent) const override;
  void fetchMore(const QModelIndex& parent) override;

 private:
  void Rebuild();

  std::unique_ptr<RecordRows> rows_;
  std::vector<std::size_t> order_;  // rows passing the filter, sorted
  int fetched_ = 0;
  QString needle_;
  SortKey key_ = SortKey::kDate;
};

}  // namespace tvault::gui

#endif  // TVAULT_GUI_RECORD_TABLE_MODEL_H_
