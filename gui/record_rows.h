// The rows of one list of the vault screen (testimonies, witnesses), as the
// library returned them: plaintext stays in the library's wiping types and
// becomes a QString only for a cell that is shown (RecordTableModel).
#ifndef TVAULT_GUI_RECORD_ROWS_H_
#define TVAULT_GUI_RECORD_ROWS_H_

#include <QString>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "vault/vault.h"

namespace tvault::gui {

enum class SortKey { kDate, kTitle, kWitness };

class RecordRows {
 public:
  virtual ~RecordRows() = default;
  virtual std::size_t size() const = 0;
  virtual int columns() const = 0;
  virtual QString Header(int column) const = 0;
  virtual QString Cell(std::size_t row, int column) const = 0;
  virtual const std::string& Id(std::size_t row) const = 0;
  // Whether the row's id, title or witness name contains `needle`
  // (ignoring case).
  virtual bool Matches(std::size_t row, const QString& needle) const = 0;
  virtual bool Less(std::size_t a, std::size_t b, SortKey key) const = 0;
};

// Testimonies: id, title, witness (name and id), created, versions.
// `witnesses` gives each witness's name.
std::unique_ptr<RecordRows> TestimonyRows(std::vector<TestimonySummary> testimonies,
                                          const std::vector<WitnessSummary>& witnesses);
// Witnesses: id, name, testimonies, created.
std::unique_ptr<RecordRows> WitnessRows(std::vector<WitnessSummary> witnesses);

}  // namespace tvault::gui

#endif  // TVAULT_GUI_RECORD_ROWS_H_
