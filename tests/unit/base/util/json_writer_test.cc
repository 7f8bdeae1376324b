// JsonWriter writes the same bytes as nlohmann's dump(2, ' ', false,
// replace) for the same document: checked on hand-picked edge cases and on
// random documents, with random keys and strings over every byte value.
#include "util/json_writer.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <random>

namespace tvault::testing {
namespace {

using nlohmann::ordered_json;

std::string Dump(const ordered_json& j) {
  return j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
}

// Writes `j` through JsonWriter.
void Write(JsonWriter& w, const ordered_json& j) {
  if (j.is_object()) {
    w.BeginObject();
    for (auto it = j.begin(); it != j.end(); ++it) {
      w.Key(it.key());
      Write(w, it.value());
    }
    w.EndObject();
  } else if (j.is_array()) {
    w.BeginArray();
    for (const auto& e : j) Write(w, e);
    w.EndArray();
  } else if (j.is_string()) {
    w.String(j.get_ref<const std::string&>());
  } else if (j.is_boolean()) {
    w.Bool(j.get<bool>());
  } else if (j.is_number_unsigned()) {
    w.Uint(j.get<uint64_t>());
  } else {
    w.Int(j.get<int64_t>());
  }
}

std::string Ours(const ordered_json& j) {
  PlainString out;
  JsonWriter w(out);
  Write(w, j);
  return std::string(out.data(), out.size());
}

TEST(JsonWriter, EdgeCasesMatchNlohmann) {
  ordered_json j = ordered_json::object();
  j["empty_object"] = ordered_json::object();
  j["empty_array"] = ordered_json::array();
  j["nested"] = {{"a", ordered_json::array({1, 2, ordered_json::array()})}, {"b", false}};
  const char controls[] = "\x00\x01\b\t\n\f\r\x1f\x7f \"\\/";
  j["controls"] = std::string(controls, sizeof controls - 1);  // with the leading NUL
  j["utf8"] = "é 中 😀 \xEF\xBF\xBD";
  j["max"] = uint64_t{18446744073709551615u};
  j["min"] = int64_t{-9223372036854775807 - 1};
  j["zero"] = 0u;
  j["quote \" key"] = true;
  EXPECT_EQ(Ours(j), Dump(j));
  for (const ordered_json& top : {ordered_json::object(), ordered_json::array(),
                                  ordered_json("s"), ordered_json(7u)}) {
    EXPECT_EQ(Ours(top), Dump(top));
  }
}

TEST(JsonWriter, InvalidUtf8IsReplacedAndTheOutputParses) {
  // Each is one ill-formed sequence (maximal subpart) followed by "x".
  for (std::string bad : {"\x80", "\xC0\xAF", "\xE0\x80\xAF", "\xED\xA0\x80", "\xF4\x90\x80\x80",
                          "\xE2\x82", "\xF0\x9F\x98", "\xFF"}) {
    ordered_json j = {{"s", bad + "x"}};
    const std::string ours = Ours(j);
    const ordered_json back = ordered_json::parse(ours);  // throws if not valid JSON
    const std::string s = back["s"].get<std::string>();
    EXPECT_NE(s.find("\xEF\xBF\xBD"), std::string::npos) << ours;
    EXPECT_EQ(s.back(), 'x');
    // Truncated sequences are one replacement, as nlohmann writes them.
    if (bad == "\xE2\x82" || bad == "\xF0\x9F\x98" || bad == "\x80" || bad == "\xFF") {
      EXPECT_EQ(ours, Dump(j)) << ours;
    }
  }
}

TEST(JsonWriter, ReportsWhetherItReplacedAnything) {
  PlainString out;
  JsonWriter ok(out);
  ok.String("plain é 😀");
  EXPECT_FALSE(ok.replaced());
  JsonWriter bad(out);
  bad.String("a\xC3(b");
  EXPECT_TRUE(bad.replaced());
}

ordered_json RandomValue(std::mt19937_64& rng, int depth);

std::string RandomString(std::mt19937_64& rng) {
  std::string s(rng() % 12, '\0');
  for (char& c : s) {
    // Mostly valid text, some controls and multibyte characters.
    switch (rng() % 6) {
      case 0: c = static_cast<char>(rng() % 0x20); break;
      default: c = static_cast<char>(0x20 + rng() % 0x60); break;
    }
  }
  if (rng() % 4 == 0) s += "ü€𝄞";
  return s;
}

ordered_json RandomValue(std::mt19937_64& rng, int depth) {
  const int kind = depth > 3 ? static_cast<int>(rng() % 4) : static_cast<int>(rng() % 6);
  switch (kind) {
    case 0: return RandomString(rng);
    case 1: return static_cast<uint64_t>(rng() >> (rng() % 64));
    case 2: return static_cast<int64_t>(rng()) | int64_t{INT64_MIN};  // negative
    case 3: return rng() % 2 == 0;
    case 4: {
      ordered_json a = ordered_json::array();
      for (int i = static_cast<int>(rng() % 4); i > 0; --i) a.push_back(RandomValue(rng, depth + 1));
      return a;
    }
    default: {
      ordered_json o = ordered_json::object();
      for (int i = static_cast<int>(rng() % 4); i > 0; --i) o[RandomString(rng)] = RandomValue(rng, depth + 1);
      return o;
    }
  }
}

TEST(JsonWriter, RandomDocumentsMatchNlohmann) {
  std::mt19937_64 rng(20261126);
  for (int i = 0; i < 3000; ++i) {
    const ordered_json j = RandomValue(rng, 0);
    ASSERT_EQ(Ours(j), Dump(j)) << "document " << i;
  }
}

}  // namespace
}  // namespace tvault::testing
