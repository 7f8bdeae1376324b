// tools/verify_redaction.py, the recipients' verifier in Python's standard
// library alone, agrees with tvault's: it accepts the proofs tvault writes,
// shows the same redacted text, and refuses tampered ones with one line and
// exit code 1.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include "audit/merkle.h"
#include "redaction/commitment.h"
#include "redaction/redaction_proof.h"
#include "redaction_test_support.h"
#include "support/cli_runner.h"
#include "util/byte_io.h"

namespace tvault::testing {
namespace {

using namespace redaction;
namespace fs = std::filesystem;

class PythonVerifier : public ::testing::Test {
 protected:
  RunResult Verify(std::span<const uint8_t> proof, const Hash& commitment) {
    const fs::path file = scratch_.path() / "proof";
    WriteBytes(file, proof);
    return RunProgram({"python3", Script(), file.string(), Hex(commitment)});
  }

  static std::string Script() {
    return (fs::path(TVAULT_TEST_DATA_DIR) / ".." / ".." / "tools" / "verify_redaction.py")
        .string();
  }

  void ExpectRefused(std::span<const uint8_t> proof, const Hash& commitment,
                     const std::string& what) {
    const RunResult r = Verify(proof, commitment);
    EXPECT_EQ(r.exit_code, 1) << what;
    EXPECT_TRUE(r.out.empty()) << what;
    EXPECT_EQ(r.err.rfind("verify_redaction: error: ", 0), 0u) << what << ": " << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << what << ": " << r.err;
  }

  ScratchDir scratch_;
};

TEST_F(PythonVerifier, AcceptsTheKnownAnswerProofs) {
  ASSERT_TRUE(HaveProgram("python3"));
  for (const auto& v : RedactionVectors()) {
    const RunResult r = Verify(v.proof, ToRedactionHash(v.commitment));
    EXPECT_EQ(r.exit_code, 0) << v.name << ": " << r.err;
    EXPECT_EQ(r.out, v.redacted) << v.name;
  }
}

TEST_F(PythonVerifier, ShowsWhatTvaultShowsForProofsTvaultWrote) {
  const std::string text =
      "Statement of W-7Q3KX, 3\u00a0May 2026.\r\n\r\n"
      "  The officers (one named Kerimov) took my son Emre\u3000to the station; "
      "I waited outside until 02:00.\n";
  const auto secret = NewRedactionSecret();
  const Hash commitment = Commit(text, secret).value();
  const auto tokens = Tokenize(text).value();
  const std::vector<std::vector<TokenRange>> cases = {
      {},
      {{0, 1}},
      {{3, 6}, {9, 10}, {14, 15}},
      {{0, static_cast<uint32_t>(tokens.size())}},
      {{static_cast<uint32_t>(tokens.size()) - 2, static_cast<uint32_t>(tokens.size())}}};
  for (const auto& hidden : cases) {
    const auto proof = MakeProof(text, secret, hidden).value();
    const PlainBytes bytes = SerializeProof(proof);
    const auto shown = VerifyProof(ParseProof(bytes).value(), commitment).value();
    const RunResult r = Verify(bytes, commitment);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.out, std::string(shown.text.data(), shown.text.size()));
  }
}

TEST_F(PythonVerifier, RefusesTamperedProofs) {
  const std::string text = "My brother Ahmet was taken on 3 May.\nLeyla saw it.\n";
  const auto secret = NewRedactionSecret();
  const Hash commitment = Commit(text, secret).value();
  const std::vector<TokenRange> hidden = {{2, 3}, {8, 9}};
  const auto proof = MakeProof(text, secret, hidden).value();
  const PlainBytes good = SerializeProof(proof);
  ASSERT_EQ(Verify(good, commitment).exit_code, 0);

  RedactionProof flipped = proof;
  flipped.runs[2].tokens[3].bytes[0] = '4';  // "3 " becomes "4 "
  ExpectRefused(SerializeProof(flipped), commitment, "a revealed character changed");

  RedactionProof moved = proof;  // "My █████ brother was": the mark moved left
  RevealedToken brother = moved.runs[0].tokens.back();
  moved.runs[0].tokens.pop_back();
  moved.runs[0].count = 1;
  moved.runs[2].tokens.insert(moved.runs[2].tokens.begin(), brother);
  ++moved.runs[2].count;
  ExpectRefused(SerializeProof(moved), commitment, "a mark moved");

  const auto other_secret = NewRedactionSecret();
  ExpectRefused(SerializeProof(MakeProof(text, other_secret, hidden).value()), commitment,
                "another version's proof");
  ExpectRefused(good, Commit(text, other_secret).value(), "another version's commitment");

  RedactionProof count = proof;
  ++count.token_count;
  ExpectRefused(SerializeProof(count), commitment, "another token count");

  PlainBytes truncated(good.begin(), good.end() - 1);
  ExpectRefused(truncated, commitment, "truncated");
  PlainBytes trailing = good;
  trailing.push_back(0);
  ExpectRefused(trailing, commitment, "trailing byte");
  PlainBytes version = good;
  version[9] = 2;
  ExpectRefused(version, commitment, "format 2");
  PlainBytes split = SerializeProof([&] {
    RedactionProof p = proof;
    ProofRun tail = p.runs[2];
    tail.tokens.erase(tail.tokens.begin());
    --tail.count;
    ++tail.first;
    p.runs[2].tokens.resize(1);
    p.runs[2].count = 1;
    p.runs.insert(p.runs.begin() + 3, tail);
    return p;
  }());
  ExpectRefused(split, commitment, "a revealed run split in two");
}

TEST_F(PythonVerifier, RefusesABadExpectedCommitment) {
  const auto all = RedactionVectors();
  const auto& v = all.front();
  const fs::path file = scratch_.path() / "proof";
  WriteBytes(file, v.proof);
  for (const std::string& bad : {std::string("00"), v.commitment + "0", std::string(64, 'G')}) {
    const RunResult r = RunProgram({"python3", Script(), file.string(), bad});
    EXPECT_EQ(r.exit_code, 1) << bad;
    EXPECT_EQ(r.err.rfind("verify_redaction: error: ", 0), 0u) << r.err;
  }
}

}  // namespace
}  // namespace tvault::testing

namespace tvault::testing {
namespace {

// The primitives the bundle integration needs from the Python verifier:
// Ed25519 against RFC 8032 and Wycheproof (tests/data/vectors), RFC 9162
// inclusion proofs against audit::InclusionProof, good and tampered (the
// expected verdict of each is audit::VerifyInclusion's), and, for bundle
// format 3, RFC 9162 consistency proofs and RFC 3161 responses made by
// `openssl ts -reply` (tests/data/redaction/check_python_primitives.py).
TEST(PythonVerifierPrimitives, Ed25519AndInclusionAgreeWithTheKnownAnswers) {
  ScratchDir dir;
  std::string cases;
  int refused = 0;
  const auto line = [&](uint64_t index, uint64_t size, const audit::Hash& leaf,
                        const audit::Hash& root, const std::vector<audit::Hash>& proof) {
    const bool expect = audit::VerifyInclusion(index, size, leaf, proof, root).ok();
    refused += expect ? 0 : 1;
    cases += std::to_string(index) + " " + std::to_string(size) + " " + Hex(leaf) + " " +
             Hex(root) + (expect ? " 1" : " 0");
    for (std::size_t i = 0; i < proof.size(); ++i) cases += (i == 0 ? " " : ",") + Hex(proof[i]);
    cases += "\n";
  };
  int good = 0;
  for (uint64_t size : {1u, 2u, 3u, 5u, 7u, 8u, 13u, 64u, 100u}) {
    std::vector<audit::Hash> leaves;
    for (uint64_t i = 0; i < size; ++i) {
      const uint8_t entry[2] = {static_cast<uint8_t>(i), static_cast<uint8_t>(size)};
      leaves.push_back(audit::LeafHash(entry));
    }
    const audit::Hash root = audit::RootOf(leaves);
    for (uint64_t index = 0; index < size; index += 1 + size / 9) {
      auto proof = audit::InclusionProof(leaves, index).value();
      ASSERT_TRUE(audit::VerifyInclusion(index, size, leaves[index], proof, root).ok());
      line(index, size, leaves[index], root, proof);
      ++good;
      audit::Hash other_root = root;
      other_root[0] ^= 1;
      line(index, size, leaves[index], other_root, proof);
      // A tree one larger: some paths are the same (index 0 of 3 and of 4).
      line(index, size + 1, leaves[index], root, proof);
      if (size > 1) line((index + 1) % size, size, leaves[index], root, proof);
      if (!proof.empty()) {
        auto bad = proof;
        bad.back()[31] ^= 0x80;
        line(index, size, leaves[index], root, bad);
        bad = proof;
        bad.push_back(root);
        line(index, size, leaves[index], root, bad);
        bad = proof;
        bad.pop_back();
        line(index, size, leaves[index], root, bad);
      }
    }
  }
  line(5, 5, audit::Hash{}, audit::Hash{}, {});
  const auto file = dir.path() / "inclusion.txt";
  WriteBytes(file, AsSpan(cases));
  const auto root = std::filesystem::path(TVAULT_TEST_DATA_DIR);
  const RunResult r =
      RunProgram({"python3", (root / "redaction" / "check_python_primitives.py").string(),
                  (root / ".." / ".." / "tools" / "verify_redaction.py").string(), root.string(),
                  file.string()});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  const auto lines = static_cast<int>(std::count(cases.begin(), cases.end(), '\n'));
  // 4 RFC 8032 vectors with 4 forgeries each, 151 Wycheproof cases; the
  // consistency proofs of every pair of sizes up to 20 and their tampered
  // copies, and the time-stamp responses of tests/data/timestamp, whole and
  // broken, are the script's own (its docstring).
  EXPECT_EQ(r.out, "ed25519 171 ok, inclusion " + std::to_string(lines) +
                       " ok, consistency 4285 ok, timestamp 86 ok\n");
  EXPECT_GT(good, 40);
  EXPECT_GT(refused, 4 * good);
}

}  // namespace
}  // namespace tvault::testing
