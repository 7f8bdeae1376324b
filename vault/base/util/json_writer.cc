#include "util/json_writer.h"

#include <cassert>
#include <charconv>

namespace tvault {
namespace {

constexpr char kHex[] = "0123456789abcdef";
constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

// Length of the well-formed UTF-8 sequence at s[i], or 0 if it is not
// well-formed (Unicode Table 3-7). `consumed` is then the length of its
// maximal well-formed prefix, at least 1: the bytes one U+FFFD replaces.
std::size_t Utf8Sequence(std::string_view s, std::size_t i, std::size_t& consumed) {
  const auto b = [&](std::size_t k) { return static_cast<uint8_t>(s[i + k]); };
  const uint8_t lead = b(0);
  std::size_t len;
  uint8_t lo = 0x80, hi = 0xBF;  // range of the second byte
  if (lead >= 0xC2 && lead <= 0xDF) {
    len = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    len = 3;
    if (lead == 0xE0) lo = 0xA0;
    if (lead == 0xED) hi = 0x9F;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    len = 4;
    if (lead == 0xF0) lo = 0x90;
    if (lead == 0xF4) hi = 0x8F;
  } else {
    consumed = 1;
    return 0;
  }
  std::size_t k = 1;
  for (; k < len && i + k < s.size(); ++k) {
    const uint8_t c = b(k);
    const bool ok = k == 1 ? (c >= lo && c <= hi) : (c >= 0x80 && c <= 0xBF);
    if (!ok) break;
  }
  consumed = k;
  return k == len ? len : 0;
}

}  // namespace

void JsonWriter::NewLine() {
  out_.push_back('\n');
  out_.append(levels_.size() * 2, ' ');
}

void JsonWriter::BeforeValue() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (levels_.empty()) return;
  assert(levels_.back().close == ']');
  if (!levels_.back().empty) out_.push_back(',');
  levels_.back().empty = false;
  NewLine();
}

void JsonWriter::Open(char c) {
  BeforeValue();
  out_.push_back(c);
  levels_.push_back(Level{c == '{' ? '}' : ']', true});
}

void JsonWriter::Close(char c) {
  assert(!levels_.empty() && levels_.back().close == c && !after_key_);
  const bool empty = levels_.back().empty;
  levels_.pop_back();
  if (!empty) NewLine();
  out_.push_back(c);
}

void JsonWriter::Key(std::string_view key) {
  assert(!levels_.empty() && levels_.back().close == '}' && !after_key_);
  if (!levels_.back().empty) out_.push_back(',');
  levels_.back().empty = false;
  NewLine();
  after_key_ = true;  // String() below must not add a separator
  String(key);
  out_.append(": ");
  after_key_ = true;
}

void JsonWriter::String(std::string_view s) {
  BeforeValue();
  out_.push_back('"');
  std::size_t i = 0;
  while (i < s.size()) {
    // A run of bytes that need no escape goes in at once.
    std::size_t run = i;
    while (run < s.size()) {
      const auto r = static_cast<uint8_t>(s[run]);
      if (r < 0x20 || r >= 0x80 || r == '"' || r == '\\') break;
      ++run;
    }
    if (run != i) {
      out_.append(s.substr(i, run - i));
      i = run;
      continue;
    }
    const auto c = static_cast<uint8_t>(s[i]);
    if (c < 0x80) {
      switch (c) {
        case '"': out_.append("\\\""); break;
        case '\\': out_.append("\\\\"); break;
        case '\b': out_.append("\\b"); break;
        case '\f': out_.append("\\f"); break;
        case '\n': out_.append("\\n"); break;
        case '\r': out_.append("\\r"); break;
        case '\t': out_.append("\\t"); break;
        default:
          if (c < 0x20) {
            out_.append("\\u00");
            out_.push_back(kHex[c >> 4]);
            out_.push_back(kHex[c & 0xF]);
          } else {
            out_.push_back(static_cast<char>(c));
          }
      }
      ++i;
      continue;
    }
    std::size_t consumed = 0;
    const std::size_t len = Utf8Sequence(s, i, consumed);
    if (len != 0) {
      out_.append(s.substr(i, len));
      i += len;
    } else {
      out_.append(kReplacement);
      replaced_ = true;
      i += consumed;
    }
  }
  out_.push_back('"');
}

void JsonWriter::Uint(uint64_t v) {
  BeforeValue();
  char buf[24];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  out_.append(buf, r.ptr);
}

void JsonWriter::Int(int64_t v) {
  BeforeValue();
  char buf[24];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  out_.append(buf, r.ptr);
}

void JsonWriter::Bool(bool v) {
  BeforeValue();
  out_.append(v ? "true" : "false");
}

}  // namespace tvault
