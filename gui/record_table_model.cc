#include "record_table_model.h"

#include <algorithm>

namespace tvault::gui {

RecordTableModel::RecordTableModel(QObject* parent) : QAbstractTableModel(parent) {}

RecordTableModel::~RecordTableModel() = default;

void RecordTableModel::SetRows(std::unique_ptr<RecordRows> rows) {
  rows_ = std::move(rows);
  Rebuild();
}

void RecordTableModel::Clear() {
  beginResetModel();
  rows_.reset();
  order_.clear();
  order_.shrink_to_fit();
  fetched_ = 0;
  needle_.clear();
  endResetModel();
}

void RecordTableModel::SetFilter(const QString& needle) {
  needle_ = needle;
  Rebuild();
}

void RecordTableModel::SetSort(SortKey key) {
  key_ = key;
  Rebuild();
}

void RecordTableModel::Rebuild() {
  beginResetModel();
  order_.clear();
  if (rows_) {
    for (std::size_t i = 0; i < rows_->size(); ++i) {
      if (needle_.isEmpty() || rows_->Matches(i, needle_)) order_.push_back(i);
    }
    std::stable_sort(order_.begin(), order_.end(),
                     [&](std::size_t a, std::size_t b) { return rows_->Less(a, b, key_); });
  }
  fetched_ = static_cast<int>(std::min<std::size_t>(order_.size(), kBatchRows));
  endResetModel();
}

std::string RecordTableModel::IdAt(int row) const {
  if (row < 0 || row >= fetched_) return {};
  return rows_->Id(order_[static_cast<std::size_t>(row)]);
}

int RecordTableModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : fetched_;
}

int RecordTableModel::columnCount(const QModelIndex& parent) const {
  return parent.isValid() || !rows_ ? 0 : rows_->columns();
}

QVariant RecordTableModel::data(const QModelIndex& index, int role) const {
  if (!index.isValid() || index.row() >= fetched_ || role != Qt::DisplayRole) return {};
  return rows_->Cell(order_[static_cast<std::size_t>(index.row())], index.column());
}

QVariant RecordTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation != Qt::Horizontal || role != Qt::DisplayRole || !rows_) return {};
  return rows_->Header(section);
}

bool RecordTableModel::canFetchMore(const QModelIndex& parent) const {
  return !parent.isValid() && static_cast<std::size_t>(fetched_) < order_.size();
}

void RecordTableModel::fetchMore(const QModelIndex& parent) {
  if (!canFetchMore(parent)) return;
  const int more =
      static_cast<int>(std::min<std::size_t>(order_.size() - fetched_, kBatchRows));
  beginInsertRows({}, fetched_, fetched_ + more - 1);
  fetched_ += more;
  endInsertRows();
}

}  // namespace tvault::gui
