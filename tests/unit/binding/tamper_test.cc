// An attacker holding the SQLCipher key (or a bug) moves ciphertext between
// rows. Associated data must make every such move an integrity failure.
#include <gtest/gtest.h>

#include "support/raw_vault.h"

namespace tvault::testing {
namespace {

StatementSource Utf8(const std::string& s) {
  return [s]() -> Result<PlainBytes> { return PlainBytes(s.begin(), s.end()); };
}

struct Populated {
  TempVault tv;
  std::string w1, w2, t1, t2;
  Populated() {
    Vault v = tv.Open();
    w1 = Must(v.AddWitness(WitnessDetails{Text("Alpha"), {}, Text("111"), {}, {}, {}, {}}));
    w2 = Must(v.AddWitness(WitnessDetails{Text("Bravo"), {}, Text("222"), {}, {}, {}, {}}));
    auto ids = Must(v.AddTestimonies(w1, {}, std::vector<StatementSource>{Utf8("one"), Utf8("two")}));
    t1 = ids[0].id;
    t2 = ids[1].id;
    Must(v.AmendTestimony(t1, Utf8("one, amended"), Text("fix"), {}));
  }
  void Tamper(const std::string& sql) {
    RawVault raw = OpenRaw(tv.dir(), tv.passphrase());
    ExecOrFail(raw.db, sql);
  }
};

template <typename T>
void ExpectIntegrity(const Result<T>& r, const char* what) {
  ASSERT_FALSE(r.ok()) << what << ": tampering went unnoticed";
  EXPECT_EQ(r.error().code, ErrorCode::kIntegrity) << what << ": " << r.error().message;
}

// Export reads statements by its own path (StatementReader::OpenKnown):
// it must refuse the same tampering, and leave no bundle behind.
void ExpectExportRefused(TempVault& tv, const std::string& testimony, const char* what) {
  Vault v = tv.Open();
  const IdentityInfo me = Must(v.Identity());
  MustOk(v.AddPeer(Text("self"), me.age_recipient, ""));
  ExportRequest req;
  req.purpose = ConsentScope::kCourt;
  req.override_consent = true;  // consent is not what this test is about
  req.to = {Text("self")};
  req.testimonies = {testimony};
  req.reason = Text("tamper test");
  req.out = tv.dir() / "out.tvb";
  ExpectIntegrity(v.Export(req), what);
  EXPECT_FALSE(std::filesystem::exists(req.out)) << what;
}

// Exchanges one column between two rows (read both, then write both: a
// single UPDATE with subqueries would see its own first write).
void Swap(TempVault& tv, const std::string& table, const std::string& col,
          const std::string& key_col, const std::string& a, const std::string& b,
          const std::string& extra = "") {
  RawVault raw = OpenRaw(tv.dir(), tv.passphrase());
  // Values move as SQLite values, so integers stay integers and blobs blobs.
  auto read = [&](const std::string& key) {
    auto st = Must(raw.db.Prepare("SELECT quote(" + col + ") FROM " + table + " WHERE " +
                                  key_col + " = ?" + extra));
    EXPECT_TRUE(Must(st.Bind(1, key).Step()));
    return st.ColumnText(0);
  };
  std::string va = read(a), vb = read(b);
  ASSERT_NE(va, vb);
  auto write = [&](const std::string& key, const std::string& literal) {
    auto st = Must(raw.db.Prepare("UPDATE " + table + " SET " + col + " = " + literal +
                                  " WHERE " + key_col + " = ?" + extra));
    MustOk(st.Bind(1, key).Run());
  };
  write(a, vb);
  write(b, va);
}

TEST(Tamper, SwappedStatementBodiesAreDetected) {
  // Either the pointers to the bodies or the bodies themselves.
  for (const char* how : {"pointer", "content"}) {
    Populated p;
    if (std::string(how) == "pointer") {
      Swap(p.tv, "testimony_versions", "body_id", "testimony_id", p.t1, p.t2, " AND version = 1");
    } else {
      RawVault raw = OpenRaw(p.tv.dir(), p.tv.passphrase());
      ExecOrFail(raw.db,
                 "UPDATE testimony_bodies SET body = (SELECT body FROM testimony_bodies WHERE "
                 "body_id = (SELECT body_id FROM testimony_versions WHERE testimony_id = '" +
                     p.t1 + "' AND version = 1)) WHERE body_id = (SELECT body_id FROM "
                     "testimony_versions WHERE testimony_id = '" + p.t2 + "' AND version = 1)");
    }
    {
      Vault v = p.tv.Open();
      ExpectIntegrity(v.GetTestimony(p.t2, std::nullopt), how);
      ExpectIntegrity(v.Check(), how);
    }
    ExpectExportRefused(p.tv, p.t2, how);
  }
}

TEST(Tamper, TwoVersionsSharingOneBodyAreDetected) {
  Populated p;
  p.Tamper("UPDATE testimony_versions SET body_id = (SELECT body_id FROM testimony_versions "
           "WHERE testimony_id = '" + p.t1 + "' AND version = 1) WHERE testimony_id = '" + p.t1 +
           "' AND version = 2");
  {
    Vault v = p.tv.Open();
    ExpectIntegrity(v.Check(), "shared body");
  }
  ExpectExportRefused(p.tv, p.t1, "shared body");
}

TEST(Tamper, SwappedMetadataAndKeysAreDetected) {
  for (const char* col : {"meta", "wrapped_key"}) {
    Populated p;
    Swap(p.tv, "testimony_versions", col, "testimony_id", p.t1, p.t2, " AND version = 1");
    {
      Vault v = p.tv.Open();
      ExpectIntegrity(v.GetTestimony(p.t2, std::nullopt), col);
      ExpectIntegrity(v.TestimonyHistory(p.t1), col);
    }
    ExpectExportRefused(p.tv, p.t2, col);
  }
}

TEST(Tamper, SwappedWitnessContactsAreDetected) {
  Populated p;
  Swap(p.tv, "witnesses", "contact", "id", p.w1, p.w2);
  Vault v = p.tv.Open();
  ExpectIntegrity(v.GetWitness(p.w1), "contact swap");
  ExpectIntegrity(v.ListWitnesses(), "contact swap in list");
}

TEST(Tamper, OldVersionReplayedAsNewIsDetected) {
  Populated p;
  // Version 1's sealed rows copied over version 2 (a rollback of one record).
  p.Tamper("UPDATE testimony_versions SET meta = (SELECT meta FROM testimony_versions WHERE "
           "testimony_id = '" + p.t1 + "' AND version = 1), wrapped_key = (SELECT wrapped_key FROM "
           "testimony_versions WHERE testimony_id = '" + p.t1 + "' AND version = 1) WHERE "
           "testimony_id = '" + p.t1 + "' AND version = 2");
  Vault v = p.tv.Open();
  ExpectIntegrity(v.GetTestimony(p.t1, std::nullopt), "version replay");
}

TEST(Tamper, ContactMovedIntoTestimonyCompartmentIsDetected) {
  Populated p;
  p.Tamper("UPDATE testimony_versions SET meta = (SELECT contact FROM witnesses WHERE id = '" +
           p.w1 + "'), wrapped_key = (SELECT wrapped_key FROM witnesses WHERE id = '" + p.w1 +
           "') WHERE testimony_id = '" + p.t2 + "'");
  Vault v = p.tv.Open();
  ExpectIntegrity(v.GetTestimony(p.t2, std::nullopt), "compartment move");
  ExpectIntegrity(v.ListTestimonies(), "compartment move in list");
}

TEST(Tamper, RecordCopiedFromAnotherVaultIsDetected) {
  Populated a;
  Populated b;
  std::vector<uint8_t> foreign_meta, foreign_key;
  {
    RawVault raw = OpenRaw(b.tv.dir(), b.tv.passphrase());
    auto st = Must(raw.db.Prepare("SELECT meta, wrapped_key FROM testimony_versions WHERE "
                                  "testimony_id = ? AND version = 1"));
    ASSERT_TRUE(Must(st.Bind(1, b.t2).Step()));
    foreign_meta.assign(st.ColumnBlob(0).begin(), st.ColumnBlob(0).end());
    foreign_key.assign(st.ColumnBlob(1).begin(), st.ColumnBlob(1).end());
  }
  {
    RawVault raw = OpenRaw(a.tv.dir(), a.tv.passphrase());
    auto st = Must(raw.db.Prepare("UPDATE testimony_versions SET meta = ?, wrapped_key = ? "
                                  "WHERE testimony_id = ? AND version = 1"));
    MustOk(st.BindBlob(1, foreign_meta).BindBlob(2, foreign_key).Bind(3, a.t2).Run());
  }
  Vault v = a.tv.Open();
  ExpectIntegrity(v.GetTestimony(a.t2, std::nullopt), "cross-vault copy");
}

TEST(Tamper, DeletedVersionRowIsDetected) {
  Populated p;
  p.Tamper("DELETE FROM testimony_versions WHERE testimony_id = '" + p.t1 + "' AND version = 2");
  Vault v = p.tv.Open();
  ExpectIntegrity(v.GetTestimony(p.t1, std::nullopt), "deleted latest version");
  ExpectIntegrity(v.Check(), "check after deleted version");
}

TEST(Tamper, SwappedIdentitySecretsAreDetected) {
  Populated p;
  p.Tamper("UPDATE identity SET sign_public = zeroblob(32)");
  // The identity is authenticated when the vault opens.
  ExpectIntegrity(p.tv.TryOpen(p.tv.passphrase()), "identity public key replaced");
}

}  // namespace
}  // namespace tvault::testing
