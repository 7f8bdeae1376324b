// Typed, strict reading of the fields of a manifest.json object (a bundle's,
// docs/bundle-format.md section 3; a backup's, docs/format.md section 9):
// each getter checks one field's type and grammar and remembers that it was
// read, so NoOtherFields can refuse every field the format does not define.
// Errors are kIntegrity, "manifest.json: <path>: <why>", never quoting more
// than an escaped identifier. Views are valid as long as the JsonReader
// that parsed the object. Thread-safety: one object per thread.
#ifndef TVAULT_BUNDLE_MANIFEST_FIELDS_H_
#define TVAULT_BUNDLE_MANIFEST_FIELDS_H_

#include <simdjson.h>

#include <algorithm>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "age/age.h"
#include "bundle/bundle_format.h"
#include "bundle/carried_text.h"
#include "crypto/encoding.h"
#include "identity/fingerprint.h"
#include "minisign/minisign.h"
#include "util/utf8.h"
#include "vault/result.h"
#include "vault/text.h"

namespace tvault::bundle::manifest_json {

namespace dom = simdjson::dom;

inline Error ManifestError(std::string_view where, std::string why) {
  std::string message = "manifest.json: ";
  if (!where.empty()) message += std::string(where) + ": ";
  return MakeError(ErrorCode::kIntegrity, message + std::move(why));
}

// The fields of one JSON object: typed getters that remember which keys
// were read, so that NoOtherFields can refuse the rest. (JsonReader has
// already refused repeated keys.)
class Fields {
 public:
  Fields(dom::object object, std::string where) : object_(object), where_(std::move(where)) {}

  Error Bad(std::string_view key, std::string why) const {
    return ManifestError(Path(key), std::move(why));
  }
  std::string Path(std::string_view key) const {
    return where_.empty() ? std::string(key) : where_ + "." + std::string(key);
  }

  std::optional<dom::element> Find(std::string_view key) {
    dom::element v;
    if (object_.at_key(key).get(v) != simdjson::SUCCESS) return std::nullopt;
    used_.emplace_back(key);
    return v;
  }
  Result<dom::element> Get(std::string_view key) {
    std::optional<dom::element> v = Find(key);
    if (!v) return Bad(key, "missing");
    return *v;
  }
  Result<std::string_view> View(std::string_view key) {
    TVAULT_ASSIGN_OR_RETURN(dom::element v, Get(key));
    std::string_view s;
    if (v.get_string().get(s) != simdjson::SUCCESS) return Bad(key, "not a string");
    return s;
  }
  Result<std::string> String(std::string_view key) {
    TVAULT_ASSIGN_OR_RETURN(std::string_view s, View(key));
    return std::string(s);
  }
  // A text field (section 3.1): the string, or the exact bytes its
  // `_bytes` sibling carries when they are not UTF-8.
  Result<std::string> Text(std::string_view key) {
    TVAULT_ASSIGN_OR_RETURN(std::string_view shown, View(key));
    const std::string bytes_key = std::string(key) + std::string(kBytesSuffix);
    std::optional<dom::element> carried = Find(bytes_key);
    if (!carried) return std::string(shown);
    std::string_view b64;
    if (carried->get_string().get(b64) != simdjson::SUCCESS) return Bad(bytes_key, "not a string");
    std::string why;
    std::optional<std::string> bytes = DecodeCarriedText(shown, b64, why);
    if (!bytes) return Bad(bytes_key, why);
    return std::move(*bytes);
  }
  Result<uint64_t> Unsigned(std::string_view key, uint64_t max) {
    TVAULT_ASSIGN_OR_RETURN(dom::element v, Get(key));
    uint64_t n = 0;
    if (!v.is_uint64() || v.get_uint64().get(n) != simdjson::SUCCESS || n > max) {
      return Bad(key, "not an integer from 0 to " + std::to_string(max));
    }
    return n;
  }
  Result<bool> Bool(std::string_view key) {
    TVAULT_ASSIGN_OR_RETURN(dom::element v, Get(key));
    bool b = false;
    if (v.get_bool().get(b) != simdjson::SUCCESS) return Bad(key, "not true or false");
    return b;
  }
  Result<dom::array> Array(std::string_view key) {
    TVAULT_ASSIGN_OR_RETURN(dom::element v, Get(key));
    dom::array a;
    if (v.get_array().get(a) != simdjson::SUCCESS) return Bad(key, "not an array");
    return a;
  }
  Result<dom::object> Object(std::string_view key) {
    TVAULT_ASSIGN_OR_RETURN(dom::element v, Get(key));
    dom::object o;
    if (v.get_object().get(o) != simdjson::SUCCESS) return Bad(key, "not an object");
    return o;
  }
  // A string that `valid` accepts.
  Result<std::string> Id(std::string_view key, bool (*valid)(std::string_view), const char* what) {
    TVAULT_ASSIGN_OR_RETURN(std::string_view s, View(key));
    if (!valid(s)) return Bad(key, "\"" + EscapeForTerminal(s) + "\" is not " + what);
    return std::string(s);
  }
  Result<int64_t> Time(std::string_view key) {
    TVAULT_ASSIGN_OR_RETURN(std::string_view s, View(key));
    std::optional<int64_t> t = ParseUtc(s);
    if (s.size() != 20 || !t || FormatUtc(*t) != s) {
      return Bad(key, "not a time written YYYY-MM-DDTHH:MM:SSZ");
    }
    return *t;
  }
  Result<crypto::Sha256Digest> Sha256(std::string_view key) {
    TVAULT_ASSIGN_OR_RETURN(std::string_view s, View(key));
    crypto::Sha256Digest d{};
    if (!crypto::DecodeLowerHex(s, d)) return Bad(key, "not 64 lowercase hex digits");
    return d;
  }
  Result<Fingerprint> FingerprintField(std::string_view key) {
    TVAULT_ASSIGN_OR_RETURN(std::string_view s, View(key));
    auto fp = ParseFingerprint(s);
    if (!fp) return Bad(key, "not a fingerprint like 4F2A-9C1B-77E0-13D5");
    return *fp;
  }
  Result<minisign::PublicKey> MinisignKey(std::string_view key) {
    TVAULT_ASSIGN_OR_RETURN(std::string_view s, View(key));
    auto k = minisign::ParsePublicKey(s);
    if (!k.ok()) return Bad(key, "not a minisign public key (RW...)");
    return *k;
  }
  Result<age::X25519Public> AgeRecipient(std::string_view key) {
    TVAULT_ASSIGN_OR_RETURN(std::string_view s, View(key));
    auto r = age::ParseRecipient(s);
    if (!r.ok()) return Bad(key, "not an age recipient (age1...)");
    return *r;
  }
  // A file name the format fixes: it must be exactly `expected`.
  Status FileName(std::string_view key, const std::string& expected) {
    TVAULT_ASSIGN_OR_RETURN(std::string_view s, View(key));
    if (s != expected) {
      return Bad(key, "\"" + EscapeForTerminal(s) + "\" should be \"" + expected + "\"");
    }
    return OkStatus();
  }
  Status NoOtherFields() const {
    for (const auto& kv : object_) {
      if (std::find(used_.begin(), used_.end(), kv.key) == used_.end()) {
        return ManifestError(where_, "unknown field \"" + EscapeForTerminal(kv.key) + "\"");
      }
    }
    return OkStatus();
  }

 private:
  dom::object object_;
  std::string where_;
  std::vector<std::string> used_;  // the keys read
};

inline std::string Indexed(std::string_view array, std::size_t i) {
  return std::string(array) + "[" + std::to_string(i) + "]";
}

// Each element of the array `key` of `fields`, as an object.
template <typename F>
Status ForEachObject(Fields& fields, std::string_view key, F&& each) {
  TVAULT_ASSIGN_OR_RETURN(dom::array array, fields.Array(key));
  std::size_t i = 0;
  for (dom::element element : array) {
    dom::object object;
    if (element.get_object().get(object) != simdjson::SUCCESS) {
      return ManifestError(fields.Path(Indexed(key, i)), "not an object");
    }
    Fields f(object, fields.Path(Indexed(key, i)));
    TVAULT_TRY(each(f));
    TVAULT_TRY(f.NoOtherFields());
    ++i;
  }
  return OkStatus();
}

}  // namespace tvault::bundle::manifest_json

#endif  // TVAULT_BUNDLE_MANIFEST_FIELDS_H_
