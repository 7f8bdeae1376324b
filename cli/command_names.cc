#include "command_names.h"

#include <algorithm>
#include <numeric>
#include <string_view>
#include <vector>


namespace tvault::cli {
namespace {

std::size_t EditDistance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  std::iota(row.begin(), row.end(), std::size_t{0});
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t substitute = diagonal + (a[i - 1] == b[j - 1] ? 0 : 1);
      diagonal = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, substitute});
    }
  }
  return row[b.size()];
}

std::vector<std::string> CommandNames(const CLI::App& app) {
  std::vector<std::string> names;
  for (const CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; }))
    names.push_back(sub->get_name());
  return names;
}

// The candidate `typed` is plausibly a typo of: the closest within a third of
// its length in edit distance (at least 1), else the only one that starts
// with `typed`.
std::optional<std::string> ClosestName(std::string_view typed,
                                       const std::vector<std::string>& candidates) {
  std::optional<std::string> best;
  std::size_t best_distance = 0;
  for (const std::string& c : candidates) {
    const std::size_t d = EditDistance(typed, c);
    if (d <= std::max<std::size_t>(1, c.size() / 3) && (!best || d < best_distance)) {
      best = c;
      best_distance = d;
    }
  }
  if (best || typed.size() < 2) return best;
  std::vector<std::string> starting;
  for (const std::string& c : candidates)
    if (c.starts_with(typed)) starting.push_back(c);
  if (starting.size() == 1) return starting[0];
  return std::nullopt;
}

std::string UnknownCommand(const CLI::App& parent, const std::string& typed) {
  const std::string prefix = CommandPath(parent).empty() ? "" : CommandPath(parent) + " ";
  std::string message = "unknown command '" + prefix + typed + "'";
  if (auto closest = ClosestName(typed, CommandNames(parent)))
    return message + "; did you mean '" + prefix + *closest + "'?";
  return message + " (see `tvault " + prefix + "--help`)";
}

}  // namespace

std::string CommandPath(const CLI::App& cmd) {
  std::string path;
  for (const CLI::App* a = &cmd; a->get_parent() != nullptr; a = a->get_parent())
    path = path.empty() ? a->get_name() : a->get_name() + " " + path;
  return path;
}

Result<const CLI::App*> FindCommand(const CLI::App& root, std::span<const std::string> words) {
  const CLI::App* app = &root;
  for (const std::string& word : words) {
    const auto subs = app->get_subcommands([&](const CLI::App* s) { return s->get_name() == word; });
    if (subs.empty()) return MakeError(ErrorCode::kInvalidArgument, UnknownCommand(*app, word));
    app = subs.front();
  }
  return app;
}

std::optional<std::string> UnknownCommandMessage(const CLI::App& root) {
  const CLI::App* app = &root;
  while (!app->get_subcommands().empty()) app = app->get_subcommands().back();
  if (CommandNames(*app).empty()) return std::nullopt;
  for (const std::string& word : root.remaining(true)) {
    if (!word.starts_with("-")) return UnknownCommand(*app, word);
  }
  return std::nullopt;
}

}  // namespace tvault::cli
