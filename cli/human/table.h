// Aligned columns for a person at a terminal: the header and rows of a
// listing, each column as wide as its widest cell. Widths count what a
// terminal shows (display width of the escaped UTF-8: a CJK character takes
// two columns, a combining accent none), not bytes.
//
// Thread-safety: pure functions.
#ifndef TVAULT_CLI_HUMAN_TABLE_H_
#define TVAULT_CLI_HUMAN_TABLE_H_

#include <cstddef>
#include <string_view>
#include <vector>

#include "human/human.h"

namespace tvault::cli::human {

// Columns of terminal width of `utf8`, valid UTF-8 without control
// characters (what a Text holds).
std::size_t DisplayWidth(std::string_view utf8);

// `header` then each row, one line each ending in '\n'; cells separated by
// two spaces and padded to their column's width, with no padding after the
// last cell. Rows shorter than the header leave their last cells empty.
Text Table(const std::vector<Text>& header, const std::vector<std::vector<Text>>& rows);

}  // namespace tvault::cli::human

#endif  // TVAULT_CLI_HUMAN_TABLE_H_
