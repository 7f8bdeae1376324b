// WitnessDetailsFromJson: contact details a person wrote in a file, read by
// the strict reader (util/json_reader.h) the bundle manifest goes through.
// Not a bundle's contact file (import.cc reads those): this one is typed by
// hand, so every refusal names the key at fault and never a value.
#include <simdjson.h>

#include <optional>
#include <string>
#include <string_view>

#include "util/json_reader.h"
#include "vault/vault.h"

namespace tvault {
namespace {

namespace dom = simdjson::dom;

// An object of strings and one array of strings: two levels.
constexpr std::size_t kMaxDepth = 2;

Error Refuse(const std::string& why) {
  return MakeError(ErrorCode::kInvalidArgument, "contact details: " + why);
}

// A key is named in an error only if it looks like a field name: a key the
// user typed by mistake may hold a contact value ({"+44 20 7946 0000": ""}).
std::string KeyForError(std::string_view key) {
  if (key.empty() || key.size() > 32) return "an unknown key";
  for (char c : key) {
    const bool word = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                      c == '_' || c == '-';
    if (!word) return "an unknown key";
  }
  return "unknown key \"" + std::string(key) + "\"";
}

Error WrongType(std::string_view key, const char* wanted) {
  return Refuse("\"" + std::string(key) + "\" must be " + wanted);
}

// The string at `e` into `out`; false if `e` is not a string.
bool TakeString(dom::element e, PlainString& out) {
  std::string_view s;
  if (e.get_string().get(s) != simdjson::SUCCESS) return false;
  out.assign(s.data(), s.size());
  return true;
}

Status TakeAliases(dom::element e, std::vector<PlainString>& out) {
  dom::array list;
  if (e.get_array().get(list) != simdjson::SUCCESS) {
    return WrongType("aliases", "an array of strings");
  }
  for (dom::element a : list) {
    if (!TakeString(a, out.emplace_back())) return WrongType("aliases", "an array of strings");
    if (out.back().empty()) return Refuse("\"aliases\" holds an empty string");
  }
  return OkStatus();
}

// One member of the object into `d`. "id", "created_at", "version" and
// "version_created_at", which `witness show --json` prints, are the vault's
// to assign: read as strings ("version" as a number), so a file saved from
// that output is accepted, and otherwise ignored.
Status TakeMember(std::string_view key, dom::element value, WitnessDetails& d) {
  if (key == "aliases") return TakeAliases(value, d.aliases);
  if (key == "version") {
    uint64_t ignored = 0;
    if (value.get_uint64().get(ignored) != simdjson::SUCCESS) return WrongType(key, "a number");
    return OkStatus();
  }
  PlainString ignored;
  PlainString* field = key == "name"        ? &d.name
                       : key == "phone"     ? &d.phone
                       : key == "email"     ? &d.email
                       : key == "address"   ? &d.address
                       : key == "relatives" ? &d.relatives
                       : key == "notes"     ? &d.notes
                       : key == "id" || key == "created_at" || key == "version_created_at"
                           ? &ignored
                           : nullptr;
  if (field == nullptr) {
    return Refuse(KeyForError(key) +
                  " (known: name, aliases, phone, email, address, relatives, notes)");
  }
  if (!TakeString(value, *field)) return WrongType(key, "a string");
  return OkStatus();
}

Result<WitnessDetails> FromObject(dom::element root) {
  dom::object object;
  if (root.get_object().get(object) != simdjson::SUCCESS) {
    return Refuse("the file must hold one JSON object, e.g. {\"name\": \"...\"}");
  }
  WitnessDetails d;
  for (dom::key_value_pair member : object) {
    TVAULT_TRY(TakeMember(member.key, member.value, d));
  }
  if (d.name.empty()) return Refuse("\"name\" is missing or empty; a witness needs a name");
  return d;
}

}  // namespace

Result<WitnessDetails> WitnessDetailsFromJson(std::span<const uint8_t> json) {
  if (json.size() > kMaxWitnessDetailsJson) {
    return Refuse("larger than " + std::to_string(kMaxWitnessDetailsJson / 1024) + " KiB");
  }
  try {
    JsonReader reader(kMaxDepth);
    JsonRefusal why = JsonRefusal::kSyntax;
    std::optional<dom::element> root = reader.Parse(json, why);
    if (!root) {
      if (why == JsonRefusal::kTooDeep) {
        return Refuse("nested too deeply; values are strings, \"aliases\" an array of strings");
      }
      if (why == JsonRefusal::kRepeatedKey) {
        return Refuse("a key appears twice; give each field once");
      }
      return Refuse(std::string("not valid JSON in UTF-8 (") + JsonRefusalText(why) + ")");
    }
    return FromObject(*root);  // the reader wipes its copy of the text
  } catch (const std::exception&) {
    // Only an allocation failure throws here; it may not cross the
    // library boundary.
    return MakeError(ErrorCode::kInternal, "contact details cannot be read (out of memory)");
  }
}

}  // namespace tvault
