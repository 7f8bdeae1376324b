// Text for a person on a terminal: the one way tvault builds a human-readable
// line, so that text from outside (the database, a bundle, the command line)
// cannot reach the terminal unescaped.
//
// human::Format("{}  v{}", title, version) checks at compile time that the
// format string is a literal with one "{}" per argument and no control
// character but '\n'; every string argument passes through EscapeUntrusted
// (vault/text.h), numbers are written in decimal, and a human::Text argument
// (already built this way) is inserted as it is, so nothing is escaped twice.
// A human::Text can only come from Format or Join: code that holds one holds
// text safe to print. It lives in wiping memory (PlainString), since it may
// hold a witness's name or a reason.
//
// Thread-safety: pure functions and value types.
#ifndef TVAULT_CLI_HUMAN_HUMAN_H_
#define TVAULT_CLI_HUMAN_HUMAN_H_

#include <concepts>
#include <cstddef>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "vault/secret.h"

namespace tvault::cli::human {

class Text;

namespace detail {

// Counts "{}" pairs; any other '{' or '}' makes the string invalid (-1), as
// does a control character other than '\n' (the literal is ours, but a stray
// '\r' or ESC in it would defeat the point).
consteval int CountPlaceholders(std::string_view s) {
  int n = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if ((c < 0x20 && c != '\n') || c == 0x7F) return -1;
    if (c == '{') {
      if (i + 1 >= s.size() || s[i + 1] != '}') return -1;
      ++n;
      ++i;
    } else if (c == '}') {
      return -1;
    }
  }
  return n;
}

void AppendEscaped(PlainString& out, std::string_view untrusted);
void AppendText(PlainString& out, const Text& safe);
void AppendLiteral(PlainString& out, std::string_view literal);

template <typename T>
void AppendArg(PlainString& out, const T& arg) {
  if constexpr (std::is_same_v<T, Text>) {
    AppendText(out, arg);
  } else if constexpr (std::is_same_v<T, bool>) {
    static_assert(!std::is_same_v<T, bool>, "write yes/no as words, not a bool");
  } else if constexpr (std::is_integral_v<T>) {
    AppendLiteral(out, std::to_string(arg));
  } else if constexpr (std::is_same_v<T, PlainString>) {
    AppendEscaped(out, std::string_view(arg.data(), arg.size()));
  } else {
    static_assert(std::is_convertible_v<const T&, std::string_view>,
                  "human::Format takes strings, PlainString, human::Text and integers");
    AppendEscaped(out, std::string_view(arg));
  }
}

}  // namespace detail

// A format string: a literal whose "{}" count equals the number of arguments.
template <typename... Args>
class FormatString {
 public:
  template <std::size_t N>
  consteval FormatString(const char (&s)[N]) : text_(s, N - 1) {
    // A throw in a consteval constructor is a compile-time error.
    if (detail::CountPlaceholders(text_) != static_cast<int>(sizeof...(Args))) {
      throw "human::Format: the format string needs one {} per argument and no control character";
    }
  }
  std::string_view text() const { return text_; }

 private:
  std::string_view text_;
};

// Safe text for a terminal. Its bytes hold no control character but '\n'
// (between lines), no C1 control, no bidirectional control, and only valid
// UTF-8.
class Text {
 public:
  Text() = default;
  const PlainString& str() const { return s_; }
  std::string_view view() const { return {s_.data(), s_.size()}; }
  bool empty() const { return s_.empty(); }
  // Appends `more` (safe text stays safe when joined).
  Text& operator+=(const Text& more) {
    s_ += more.s_;
    return *this;
  }

 private:
  template <typename... Args>
  friend Text Format(FormatString<std::type_identity_t<Args>...> fmt, const Args&... args);
  friend void detail::AppendText(PlainString& out, const Text& safe);
  PlainString s_;
};

template <typename... Args>
Text Format(FormatString<std::type_identity_t<Args>...> fmt, const Args&... args) {
  Text t;
  const std::string_view f = fmt.text();
  std::size_t pos = 0;
  [[maybe_unused]] auto one = [&](const auto& arg) {
    const std::size_t at = f.find("{}", pos);
    detail::AppendLiteral(t.s_, f.substr(pos, at - pos));
    detail::AppendArg(t.s_, arg);
    pos = at + 2;
  };
  (one(args), ...);
  detail::AppendLiteral(t.s_, f.substr(pos));
  return t;
}

// The items joined by `separator`, each item escaped.
template <typename Item>
Text Join(const std::vector<Item>& items, FormatString<> separator) {
  Text t;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) t += Format(separator);
    t += Format("{}", items[i]);
  }
  return t;
}

// True if `bytes` could be shown on a terminal as they are: valid UTF-8 with
// no control character but '\n', no C1 control and no bidirectional control.
// The property every Text has; tests check rendered output with it.
bool IsTerminalSafe(std::string_view bytes);

}  // namespace tvault::cli::human

#endif  // TVAULT_CLI_HUMAN_HUMAN_H_
