#include <cctype>

#include "crypto/random.h"
#include "binding/vault_impl.h"

// Ids are random, not secret: they are drawn from the CSPRNG only so that
// they reveal nothing about order or count.

namespace tvault {
namespace {

constexpr char kCrockford[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

struct IdShape {
  char prefix;
  std::size_t random_chars;
};

IdShape Shape(IdKind kind) {
  switch (kind) {
    case IdKind::kWitness: return {'W', 5};
    case IdKind::kTestimony: return {'T', 6};
    case IdKind::kEvidence: return {'E', 6};
    case IdKind::kBundle: return {'B', 12};
    case IdKind::kCase: return {'C', 5};
    case IdKind::kRedaction: return {'R', 6};
  }
  return {'?', 0};
}

bool IsCrockford(char c) {
  for (const char* p = kCrockford; *p != '\0'; ++p)
    if (*p == c) return true;
  return false;
}

}  // namespace

std::string NewRecordId(IdKind kind) {
  IdShape shape = Shape(kind);
  std::string id{shape.prefix, '-'};
  uint8_t random[16];
  crypto::RandomBytes(random);
  // 256 is a multiple of 32, so the low five bits of a byte are uniform.
  for (std::size_t i = 0; i < shape.random_chars; ++i) id.push_back(kCrockford[random[i] & 31]);
  return id;
}

// An id's prefix names its kind, so it can only collide with live records of
// that kind or with a tombstone.
Result<storage::Statement> PrepareIdInUse(storage::Database& db, IdKind kind) {
  const char* table = kind == IdKind::kWitness    ? "witnesses"
                      : kind == IdKind::kEvidence ? "evidence"
                      : kind == IdKind::kCase     ? "cases"
                      : kind == IdKind::kRedaction ? "redactions"
                                                  : "testimonies";
  return db.Prepare(std::string("SELECT EXISTS (SELECT 1 FROM ") + table +
                    " WHERE id = ?1) OR EXISTS (SELECT 1 FROM tombstones WHERE id = ?1)");
}

Result<std::string> NewUnusedRecordId(storage::Database& db, IdKind kind) {
  TVAULT_ASSIGN_OR_RETURN(storage::Statement st, PrepareIdInUse(db, kind));
  return NewUnusedRecordId(st, kind);
}

Result<std::string> NewUnusedRecordId(storage::Statement& st, IdKind kind) {
  for (int attempt = 0; attempt < 100; ++attempt) {
    std::string id = NewRecordId(kind);
    st.Reset();
    TVAULT_ASSIGN_OR_RETURN(bool row, st.Bind(1, id).Step());
    if (row && st.ColumnInt(0) == 0) return id;
  }
  return MakeError(ErrorCode::kInternal, "could not find an unused record id");
}

Result<std::string> NormalizeRecordId(std::string_view id) {
  std::string out;
  for (char c : id) out.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
  auto bad = [&] {
    return MakeError(ErrorCode::kInvalidArgument,
                     "'" + std::string(id.substr(0, 40)) +
                         "' is not a record id (expected e.g. W-7Q3KX or T-4K2M9P)");
  };
  if (out.size() < 3 || out[1] != '-') return bad();
  std::size_t expected = 0;
  switch (out[0]) {
    case 'W': expected = Shape(IdKind::kWitness).random_chars; break;
    case 'T': expected = Shape(IdKind::kTestimony).random_chars; break;
    case 'E': expected = Shape(IdKind::kEvidence).random_chars; break;
    case 'C': expected = Shape(IdKind::kCase).random_chars; break;
    case 'R': expected = Shape(IdKind::kRedaction).random_chars; break;
    default: return bad();
  }
  if (out.size() != 2 + expected) return bad();
  for (std::size_t i = 2; i < out.size(); ++i)
    if (!IsCrockford(out[i])) return bad();
  return out;
}


}  // namespace tvault
