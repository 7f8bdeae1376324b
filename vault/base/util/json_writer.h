// A streaming JSON writer for documents tvault emits in bulk (one custody
// excerpt per exported record). It writes the same bytes as nlohmann's
// dump(2, ' ', /*ensure_ascii=*/false, error_handler_t::replace) of the same
// document, without building a DOM: building and dumping an ordered_json
// per record was a fifth of the time of a 10,000-record export.
//
// Writes only; tvault reads these documents back with JsonReader
// (util/json_reader.h). tests/unit/base/util/json_writer_test.cc checks the bytes
// against nlohmann's. Invalid UTF-8 in a string is replaced by U+FFFD; the number
// of replacement characters for one invalid sequence may differ from
// nlohmann's.
//
// Usage: w.BeginObject(); w.Key("a"); w.Uint(1); w.EndObject();
// Nesting is the caller's responsibility (checked by assertions only).
#ifndef TVAULT_UTIL_JSON_WRITER_H_
#define TVAULT_UTIL_JSON_WRITER_H_

#include <cstdint>
#include <string_view>
#include <vector>

#include "vault/secret.h"

namespace tvault {

class JsonWriter {
 public:
  // Appends to `out`, which may hold plaintext: it is a PlainString.
  explicit JsonWriter(PlainString& out) : out_(out) {}

  void BeginObject() { Open('{'); }
  void EndObject() { Close('}'); }
  void BeginArray() { Open('['); }
  void EndArray() { Close(']'); }
  // The next value's key (inside an object only).
  void Key(std::string_view key);

  void String(std::string_view s);
  void Uint(uint64_t v);
  void Int(int64_t v);
  void Bool(bool v);

  // Shorthands for a key and its value.
  void Field(std::string_view key, std::string_view s) { Key(key); String(s); }
  void FieldUint(std::string_view key, uint64_t v) { Key(key); Uint(v); }
  void FieldBool(std::string_view key, bool v) { Key(key); Bool(v); }
  // A key and an array of strings (anything convertible to string_view).
  template <typename Range>
  void FieldStrings(std::string_view key, const Range& strings) {
    Key(key);
    BeginArray();
    for (const auto& s : strings) String(s);
    EndArray();
  }

  // Whether some string was not UTF-8 and had bytes replaced by U+FFFD.
  bool replaced() const { return replaced_; }

 private:
  struct Level {
    char close;
    bool empty;
  };
  void Open(char c);
  void Close(char c);
  void BeforeValue();  // separator and indentation for a value in an array
  void NewLine();

  PlainString& out_;
  std::vector<Level> levels_;
  bool after_key_ = false;
  bool replaced_ = false;
};

}  // namespace tvault

#endif  // TVAULT_UTIL_JSON_WRITER_H_
