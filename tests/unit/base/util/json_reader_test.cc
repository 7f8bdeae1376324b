// JsonReader (vault/base/util/json_reader.h): what it refuses, how it reads
// numbers, that what it accepts reads as nlohmann reads it, and that it
// wipes the copies it makes of the text.
#include "util/json_reader.h"
#include "base/util/simdjson_to_nlohmann.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <functional>
#include <random>
#include <string>

namespace tvault {
namespace {

namespace dom = simdjson::dom;
using namespace std::literals;

std::span<const uint8_t> Bytes(const std::string& s) {
  return {reinterpret_cast<const uint8_t*>(s.data()), s.size()};
}

std::optional<JsonRefusal> Refusal(const std::string& text, std::size_t depth = 8) {
  JsonReader reader(depth);
  JsonRefusal why = JsonRefusal::kSyntax;
  if (reader.Parse(Bytes(text), why)) return std::nullopt;
  return why;
}

nlohmann::json ToNlohmann(dom::element e) {
  bool repeated_key = false;
  nlohmann::json j = testing::ToNlohmann(e, repeated_key);
  EXPECT_FALSE(repeated_key);
  return j;
}

TEST(JsonReader, RefusesWhatTheManifestRulesRefuse) {
  EXPECT_EQ(Refusal("\xef\xbb\xbf{}"), JsonRefusal::kByteOrderMark);
  EXPECT_EQ(Refusal("{\"a\": 1, \"a\": 1}"), JsonRefusal::kRepeatedKey);
  EXPECT_EQ(Refusal("[{\"b\": [{\"a\": 1, \"c\": 2, \"a\": 3}]}]"), JsonRefusal::kRepeatedKey);
  // More keys than the pairwise comparison handles: the sorted path.
  std::string many = "{";
  for (int i = 0; i < 40; ++i) many += "\"k" + std::to_string(i) + "\": " + std::to_string(i) + ",";
  EXPECT_EQ(Refusal(many + "\"x\": 0}"), std::nullopt);
  EXPECT_EQ(Refusal(many + "\"k17\": 0}"), JsonRefusal::kRepeatedKey);
  // Keys that differ only after an escape, or only in a NUL, are different keys.
  EXPECT_EQ(Refusal("{\"a\\u0000\": 1, \"a\": 2}"), std::nullopt);
  EXPECT_EQ(Refusal("{\"\\u0061\": 1, \"a\": 2}"), JsonRefusal::kRepeatedKey);

  // Depth: 8 levels pass, 9 do not, whether the innermost container is
  // empty or not, arrays or objects.
  EXPECT_EQ(Refusal(std::string(8, '[') + std::string(8, ']')), std::nullopt);
  EXPECT_EQ(Refusal(std::string(8, '[') + "1" + std::string(8, ']')), std::nullopt);
  EXPECT_EQ(Refusal(std::string(9, '[') + std::string(9, ']')), JsonRefusal::kTooDeep);
  EXPECT_EQ(Refusal(std::string(9, '[') + "1" + std::string(9, ']')), JsonRefusal::kTooDeep);
  std::string objects_8 = "1", objects_9 = "{}";
  for (int i = 0; i < 8; ++i) {
    objects_8 = "{\"k\": " + objects_8 + "}";
    objects_9 = "{\"k\": " + objects_9 + "}";
  }
  EXPECT_EQ(Refusal(objects_8), std::nullopt);
  EXPECT_EQ(Refusal(objects_9), JsonRefusal::kTooDeep);
  EXPECT_EQ(Refusal("{\"a\":" + std::string(8, '[') + std::string(8, ']') + "}"),
            JsonRefusal::kTooDeep);
  EXPECT_EQ(Refusal(std::string(100000, '[') + std::string(100000, ']')), JsonRefusal::kTooDeep);
  EXPECT_EQ(Refusal("{\"a\": \"" + std::string(100, '[') + "\"}"), std::nullopt);

  for (const char* bad : {"", " ", "{} {}", "{}x", "{,}", "[1,]", "{\"a\":1,}", "+1",
                          "NaN", "tru", "\"\\x\"", "\"a", "/*c*/{}", "{'a':1}",
                          "\"\xff\"", "\"\xc0\x80\"", "\"\xed\xa0\x80\"", "\"\\ud800\"",
                          "\"\\udc00\\ud800\"", "\"\x01\""}) {
    SCOPED_TRACE(bad);
    EXPECT_EQ(Refusal(bad), JsonRefusal::kSyntax);
  }
  for (const char* bad : {"18446744073709551616", "-9223372036854775809", "1e400", "[-1e400]",
                          "01", "1.", "-"}) {
    SCOPED_TRACE(bad);
    EXPECT_EQ(Refusal(bad), JsonRefusal::kNumber);
  }
}

TEST(JsonReader, ReadsNumbersAsDocumented) {
  JsonReader reader(8);
  JsonRefusal why;
  auto e = reader.Parse(Bytes("[0, -0, 1, 18446744073709551615, -1, 1.0, 1e2]"), why);
  ASSERT_TRUE(e);
  std::vector<dom::element> v;
  for (dom::element x : dom::array(*e)) v.push_back(x);
  ASSERT_EQ(v.size(), 7u);
  EXPECT_TRUE(v[0].is_uint64());
  EXPECT_TRUE(v[1].is_uint64());  // "-0" is 0
  EXPECT_EQ(v[1].get_uint64().value_unsafe(), 0u);
  EXPECT_EQ(v[3].get_uint64().value_unsafe(), UINT64_MAX);
  EXPECT_FALSE(v[4].is_uint64());
  EXPECT_TRUE(v[4].is_int64());
  EXPECT_FALSE(v[5].is_uint64());  // a fraction is never an integer
  EXPECT_FALSE(v[5].is_int64());
  EXPECT_FALSE(v[6].is_uint64());
}

// Whatever the reader accepts, nlohmann accepts and reads the same way.
TEST(JsonReader, AgreesWithNlohmannOnRandomDocuments) {
  std::mt19937_64 rng(20261127);
  auto random_string = [&] {
    static const std::vector<std::string> atoms = {"a", "Z", " ", "\"", "\\", "/", "\n", "\t",
                                                   std::string(1, '\0'), "\x7f", "é", "€",
                                                   "\xf0\x9f\x98\x80", "\xe2\x80\xa8"};
    std::string s;
    for (int n = static_cast<int>(rng() % 8); n > 0; --n) s += atoms[rng() % atoms.size()];
    return s;
  };
  std::function<nlohmann::json(int)> random_value = [&](int depth) -> nlohmann::json {
    switch (rng() % (depth < 6 ? 8 : 6)) {
      case 0: return random_string();
      case 1: return static_cast<uint64_t>(rng());
      case 2: return -static_cast<int64_t>(rng() >> 2);
      case 3: return static_cast<double>(rng() % 100000) / 64.0 + 0.5;
      case 4: return rng() % 2 == 0;
      case 5: return nullptr;
      case 6: {
        nlohmann::json a = nlohmann::json::array();
        for (int n = static_cast<int>(rng() % 5); n > 0; --n) a.push_back(random_value(depth + 1));
        return a;
      }
      default: {
        nlohmann::json o = nlohmann::json::object();
        for (int n = static_cast<int>(rng() % 20); n > 0; --n) o[random_string()] = random_value(depth + 1);
        return o;
      }
    }
  };
  JsonReader reader(8);
  for (int i = 0; i < 2000; ++i) {
    const nlohmann::json doc = random_value(0);
    const std::string text = doc.dump(static_cast<int>(rng() % 3) - 1);
    SCOPED_TRACE(text);
    JsonRefusal why;
    auto e = reader.Parse(Bytes(text), why);
    ASSERT_TRUE(e) << JsonRefusalText(why);
    EXPECT_EQ(ToNlohmann(*e), doc);
  }
}

TEST(JsonReader, WipesTheStringsItUnescaped) {
  JsonReader reader(8);
  JsonRefusal why;
  // Longer than the text parsed below, so the parser keeps its buffers (the
  // test reads where the strings were; a reallocation would free them).
  auto e = reader.Parse(Bytes("{\"name\": \"Witness Name Here\"}" + std::string(200, ' ')), why);
  ASSERT_TRUE(e);
  std::string_view name = dom::object(*e).at_key("name").get_string().value_unsafe();
  ASSERT_EQ(name, "Witness Name Here");
  const char* where = name.data();
  reader.Wipe();
  // The reader keeps its buffer for the next parse, so these bytes are
  // still its memory: all zero now.
  EXPECT_EQ(std::string_view(where, 17), std::string_view("\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0", 17));

  // A text refused part way has had its first strings unescaped into the
  // same place; they are wiped as well.
  ASSERT_FALSE(reader.Parse(Bytes("{\"name\": \"Another Witness!\", x}"), why));
  EXPECT_EQ(std::string_view(where, 17), "Another Witness!\0"sv.substr(0, 17))
      << "the test no longer looks where the parser writes";
  reader.Wipe();
  EXPECT_EQ(std::string_view(where, 17), std::string_view("\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0", 17));
}

}  // namespace
}  // namespace tvault
