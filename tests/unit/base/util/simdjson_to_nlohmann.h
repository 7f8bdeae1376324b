// A simdjson DOM element as nlohmann JSON, so that tests and the
// json_reader fuzzer can compare what JsonReader read with what nlohmann
// reads from the same text. `repeated_key` is set if an object holds a key
// twice (JsonReader promises it never accepts one).
#ifndef TVAULT_TESTS_UNIT_UTIL_SIMDJSON_TO_NLOHMANN_H_
#define TVAULT_TESTS_UNIT_UTIL_SIMDJSON_TO_NLOHMANN_H_

#include <simdjson.h>

#include <nlohmann/json.hpp>
#include <string>

namespace tvault::testing {

inline nlohmann::json ToNlohmann(simdjson::dom::element e, bool& repeated_key) {
  namespace dom = simdjson::dom;
  switch (e.type()) {
    case dom::element_type::OBJECT: {
      nlohmann::json j = nlohmann::json::object();
      for (const auto& kv : dom::object(e)) {
        const std::string key(kv.key);
        if (j.contains(key)) repeated_key = true;
        j[key] = ToNlohmann(kv.value, repeated_key);
      }
      return j;
    }
    case dom::element_type::ARRAY: {
      nlohmann::json j = nlohmann::json::array();
      for (dom::element c : dom::array(e)) j.push_back(ToNlohmann(c, repeated_key));
      return j;
    }
    case dom::element_type::STRING: return std::string(e.get_string().value_unsafe());
    case dom::element_type::INT64: return e.get_int64().value_unsafe();
    case dom::element_type::UINT64: return e.get_uint64().value_unsafe();
    case dom::element_type::DOUBLE: return e.get_double().value_unsafe();
    case dom::element_type::BOOL: return e.get_bool().value_unsafe();
    case dom::element_type::NULL_VALUE: return nullptr;
  }
  return nullptr;
}

}  // namespace tvault::testing

#endif  // TVAULT_TESTS_UNIT_UTIL_SIMDJSON_TO_NLOHMANN_H_
