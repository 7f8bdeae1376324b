// The database is a standard SQLCipher 3 file keyed with K_db: the real
// `sqlcipher` program opens it with the raw key and not without it. And
// after `shred`, no page of the file, decrypted, holds the record's wrapped
// key or ciphertext.
#include <gtest/gtest.h>
#include <openssl/evp.h>

#include <algorithm>

#include "crypto/encoding.h"
#include "support/cli_runner.h"
#include "support/raw_vault.h"

namespace tvault::testing {
namespace {

constexpr std::size_t kPage = 4096;
constexpr std::size_t kReserve = 48;  // IV 16 + HMAC-SHA1 20, rounded to 16

// Decrypts every page of a SQLCipher 3 file (AES-256-CBC, IV in the page's
// reserved tail; page 1 starts with the 16-byte salt).
std::vector<uint8_t> DecryptPages(const std::vector<uint8_t>& file, const SecretBytes& key) {
  std::vector<uint8_t> out;
  for (std::size_t off = 0; off + kPage <= file.size(); off += kPage) {
    const std::size_t start = off == 0 ? 16 : 0;
    const uint8_t* iv = file.data() + off + kPage - kReserve;
    std::vector<uint8_t> plain(kPage - kReserve - start);
    EVP_CIPHER_CTX* ctx = EVP_CIPHER_CTX_new();
    EVP_DecryptInit_ex(ctx, EVP_aes_256_cbc(), nullptr, key.reveal().data(), iv);
    EVP_CIPHER_CTX_set_padding(ctx, 0);
    int n = 0;
    EVP_DecryptUpdate(ctx, plain.data(), &n, file.data() + off + start,
                      static_cast<int>(plain.size()));
    EVP_CIPHER_CTX_free(ctx);
    if (off == 0) {
      const char magic[16] = "SQLite format 3";
      out.insert(out.end(), magic, magic + 16);
    }
    out.insert(out.end(), plain.begin(), plain.end());
    out.insert(out.end(), kReserve, 0);
  }
  return out;
}

bool Contains(const std::vector<uint8_t>& hay, const std::vector<uint8_t>& needle) {
  return std::search(hay.begin(), hay.end(), needle.begin(), needle.end()) != hay.end();
}

std::string Trim(std::string s) {
  while (!s.empty() && s.back() == '\n') s.pop_back();
  return s;
}

TEST(SqlcipherPages, RealSqlcipherOpensWithTheRawKeyOnly) {
  if (!HaveProgram("sqlcipher")) GTEST_SKIP() << "sqlcipher not installed";
  CliVault v;
  std::string w = Trim(v.Run({"witness", "add", "--name", "MarkerName"}).out);
  auto f = v.WriteFile("s", "statement");
  ASSERT_EQ(v.Run({"testimony", "add", "--witness", w, "--file", f.string(), "--file",
                   f.string()}).exit_code, 0);
  std::string hex_key;
  {
    RawVault raw = OpenRaw(v.dir(), "cli test passphrase");
    hex_key = crypto::HexEncode(raw.keys.sqlcipher.reveal());
  }
  const std::string db = (v.dir() / "vault.db").string();
  RunResult keyed = RunProgram({"sqlcipher", db},
                               "PRAGMA key = \"x'" + hex_key + "'\";\n"
                               "PRAGMA cipher_page_size = 4096;\n"
                               "SELECT count(*) FROM testimonies;\n"
                               "SELECT count(*) FROM witnesses;\n"
                               "SELECT group_concat(hex(contact)) FROM witnesses;\n");
  EXPECT_NE(keyed.out.find("2\n1\n"), std::string::npos) << keyed.out << keyed.err;
  // Even with the database key, the contact column is ciphertext.
  EXPECT_EQ(keyed.out.find(crypto::HexEncode(std::vector<uint8_t>{'M', 'a', 'r', 'k', 'e', 'r'})),
            std::string::npos);
  RunResult unkeyed = RunProgram({"sqlcipher", db}, "SELECT count(*) FROM testimonies;\n");
  EXPECT_NE(unkeyed.err.find("file is encrypted or is not a database"), std::string::npos)
      << unkeyed.err;
  std::string wrong_key(64, '0');
  RunResult wrong = RunProgram({"sqlcipher", db}, "PRAGMA key = \"x'" + wrong_key + "'\";\n"
                                                  "PRAGMA cipher_page_size = 4096;\n"
                                                  "SELECT count(*) FROM testimonies;\n");
  EXPECT_NE(wrong.err.find("file is encrypted or is not a database"), std::string::npos);
}

TEST(SqlcipherPages, ShredLeavesNoCiphertextInAnyPage) {
  CliVault v;
  std::string w = Trim(v.Run({"witness", "add", "--name", "n", "--phone", "p"}).out);
  std::string big(20000, 'x');
  auto f = v.WriteFile("s", big);
  std::string t = Trim(v.Run({"testimony", "add", "--witness", w, "--file", f.string()}).out);
  std::string keep = Trim(v.Run({"testimony", "add", "--witness", w, "--file", f.string()}).out);

  // What shred must destroy: the testimony's wrapped key, sealed metadata and
  // sealed body, and the witness's wrapped key and contact.
  std::vector<std::vector<uint8_t>> secrets;
  SecretBytes db_key;
  {
    RawVault raw = OpenRaw(v.dir(), "cli test passphrase");
    db_key = SecretBytes::CopyOf(raw.keys.sqlcipher.reveal());
    auto grab = [&](const std::string& sql, const std::string& id, int columns) {
      auto st = Must(raw.db.Prepare(sql));
      ASSERT_TRUE(Must(st.Bind(1, id).Step()));
      for (int c = 0; c < columns; ++c) {
        auto b = st.ColumnBlob(c);
        // Blobs longer than a page are split across overflow pages: look for
        // a 64-byte window from their start, which lives in one page.
        secrets.emplace_back(b.begin(), b.begin() + std::min<std::size_t>(b.size(), 64));
      }
    };
    grab("SELECT wrapped_key, meta FROM testimony_versions WHERE testimony_id = ?", t, 2);
    grab("SELECT b.body FROM testimony_versions v JOIN testimony_bodies b "
         "ON b.body_id = v.body_id WHERE v.testimony_id = ?", t, 1);
    grab("SELECT wrapped_key, contact FROM witnesses WHERE id = ?", w, 2);
  }
  // Positive control: the page decryptor finds them before the shred.
  std::vector<uint8_t> before = DecryptPages(ReadBytes(v.dir() / "vault.db"), db_key);
  ASSERT_EQ(before[16], 0x10);  // page size 4096, big-endian, in the SQLite header
  ASSERT_EQ(before[20], kReserve);
  for (const auto& s : secrets) ASSERT_TRUE(Contains(before, s)) << "control failed";

  RunResult shred = v.Run({"shred", "--yes", w, "--reason", "threat", "--cascade"});
  ASSERT_EQ(shred.exit_code, 0) << shred.err;
  EXPECT_FALSE(std::filesystem::exists(v.dir() / "vault.db-journal"));
  std::vector<uint8_t> after = DecryptPages(ReadBytes(v.dir() / "vault.db"), db_key);
  for (std::size_t i = 0; i < secrets.size(); ++i) {
    EXPECT_FALSE(Contains(after, secrets[i])) << "shredded blob " << i << " still in a page";
  }
  EXPECT_EQ(v.Run({"check"}).exit_code, 0);
  EXPECT_EQ(v.Run({"testimony", "show", keep}).exit_code, 1);  // cascaded
}

}  // namespace
}  // namespace tvault::testing
