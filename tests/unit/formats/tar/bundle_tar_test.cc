// The tar layer (docs/bundle-format.md, section 2): what TarWriter writes,
// byte for byte, and every archive TarReader must refuse, both built here
// header by header and made by GNU tar (tests/data/bundle/Broken*.tar).
#include <gtest/gtest.h>

#include <cstdio>

#include "formats/age/age_test_support.h"
#include "bundle/bundle_format.h"
#include "formats/bundle/bundle_test_support.h"
#include "tar/tar_stream.h"
#include "support/cli_runner.h"
#include "util/byte_io.h"

namespace tvault::testing {
namespace {

namespace fs = std::filesystem;
using tar::TarReader;
using tar::TarWriter;

std::string Field(std::span<const uint8_t> header, std::size_t offset, std::size_t length) {
  std::string s(reinterpret_cast<const char*>(header.data()) + offset, length);
  return s.substr(0, s.find('\0'));
}

uint64_t OctalField(std::span<const uint8_t> header, std::size_t offset, std::size_t length) {
  return std::stoull(Field(header, offset, length), nullptr, 8);
}

std::vector<Member> SampleMembers() {
  return {{"manifest.json", Bytes("{}\n")},
          {"statements/T-000001.v1", {}},
          {std::string(100, 'n'), TestPlaintext(511, 2)},
          {"evidence/E-000042", TestPlaintext(1 << 20, 3)},
          {"a/b/c.txt", TestPlaintext(512, 4)}};
}

TEST(BundleTar, WriterOutputIsPlainUstarWithFixedMetadataAndEndsAfterTheEndBlocks) {
  const std::vector<Member> members = SampleMembers();
  const std::vector<uint8_t> tar = TarOf(members);
  std::size_t offset = 0;
  for (const Member& m : members) {
    SCOPED_TRACE(m.name);
    ASSERT_LE(offset + 512, tar.size());
    std::span<const uint8_t> h(tar.data() + offset, 512);
    EXPECT_EQ(Field(h, 0, 100), m.name);
    EXPECT_EQ(OctalField(h, 100, 8), 0644u);
    EXPECT_EQ(OctalField(h, 108, 8), 0u);
    EXPECT_EQ(OctalField(h, 116, 8), 0u);
    EXPECT_EQ(OctalField(h, 124, 12), m.data.size());
    EXPECT_EQ(OctalField(h, 136, 12), static_cast<uint64_t>(kTestCreatedAt));
    EXPECT_EQ(h[156], '0');
    EXPECT_EQ(Field(h, 157, 100), "");
    EXPECT_EQ(std::string(reinterpret_cast<const char*>(h.data()) + 257, 8), std::string("ustar\0" "00", 8));
    EXPECT_EQ(Field(h, 265, 32), "");  // user name
    EXPECT_EQ(Field(h, 297, 32), "");  // group name
    EXPECT_EQ(Field(h, 345, 155), "");
    offset += 512;
    EXPECT_TRUE(std::equal(m.data.begin(), m.data.end(), tar.begin() + static_cast<std::ptrdiff_t>(offset)));
    const std::size_t padded = (m.data.size() + 511) / 512 * 512;
    EXPECT_TRUE(std::all_of(tar.begin() + static_cast<std::ptrdiff_t>(offset + m.data.size()),
                            tar.begin() + static_cast<std::ptrdiff_t>(offset + padded),
                            [](uint8_t b) { return b == 0; }));
    offset += padded;
  }
  // Exactly two zero blocks follow, and nothing else.
  ASSERT_EQ(tar.size(), offset + 1024);
  EXPECT_TRUE(std::all_of(tar.begin() + static_cast<std::ptrdiff_t>(offset), tar.end(),
                          [](uint8_t b) { return b == 0; }));
}

TEST(BundleTar, GnuTarListsWhatTheWriterWrote) {
  if (!HaveProgram("tar")) GTEST_SKIP() << "tar is not installed";
  ScratchDir dir;
  const std::vector<Member> members = SampleMembers();
  WriteBytes(dir.path() / "x.tar", TarOf(members));
  RunResult r = RunProgram({"/usr/bin/tar", "--numeric-owner", "--utc", "-tvf", (dir.path() / "x.tar").string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err, "");
  std::vector<std::string> lines;
  for (std::size_t start = 0, end; (end = r.out.find('\n', start)) != std::string::npos; start = end + 1) {
    lines.push_back(r.out.substr(start, end - start));
  }
  ASSERT_EQ(lines.size(), members.size());
  for (std::size_t i = 0; i < members.size(); ++i) {
    SCOPED_TRACE(lines[i]);
    EXPECT_EQ(lines[i].rfind("-rw-r--r-- 0/0", 0), 0u);
    EXPECT_NE(lines[i].find(" 2026-11-26 15:37 " + members[i].name), std::string::npos);
  }
}

TEST(BundleTar, ReaderDeliversEveryByteWhateverTheReadSize) {
  const std::vector<Member> members = SampleMembers();
  const std::vector<uint8_t> tar = TarOf(members);
  for (std::size_t read_size : {std::size_t{1}, std::size_t{7}, std::size_t{512}, std::size_t{65536}}) {
    SCOPED_TRACE(read_size);
    TarOutcome out = ReadTar(tar, read_size);
    ASSERT_TRUE(out.ok) << out.message;
    ASSERT_EQ(out.members.size(), members.size());
    for (std::size_t i = 0; i < members.size(); ++i) {
      EXPECT_EQ(out.members[i].name, members[i].name);
      EXPECT_EQ(out.members[i].data, members[i].data);
    }
  }
}

TEST(BundleTar, AnEmptyArchiveIsTwoZeroBlocks) {
  const std::vector<uint8_t> tar = TarOf({});
  EXPECT_EQ(tar, std::vector<uint8_t>(1024, 0));
  TarOutcome out = ReadTar(tar);
  EXPECT_TRUE(out.ok) << out.message;
  EXPECT_TRUE(out.members.empty());
}

TEST(BundleTar, ReaderAcceptsGnuTarUstarWithRecordPadding) {
  if (!HaveProgram("tar")) GTEST_SKIP() << "tar is not installed";
  ScratchDir dir;
  WriteBytes(dir.path() / "manifest.json", Bytes("{}\n"));
  WriteBytes(dir.path() / "b", TestPlaintext(3000, 5));
  const fs::path tar = dir.path() / "x.tar";
  // The default blocking factor pads the archive to 10240 bytes with zeros.
  RunResult r = RunProgram({"/usr/bin/tar", "--format=ustar", "--owner=0", "--group=0", "--numeric-owner",
                            "-C", dir.path().string(), "-cf", tar.string(), "manifest.json", "b"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::vector<uint8_t> bytes = ReadBytes(tar);
  EXPECT_EQ(bytes.size(), 10240u);
  TarOutcome out = ReadTar(bytes);
  ASSERT_TRUE(out.ok) << out.message;
  ASSERT_EQ(out.members.size(), 2u);
  EXPECT_EQ(out.members[1].data, TestPlaintext(3000, 5));
}

TEST(BundleTar, WriterRefusesWhatReadersRefuse) {
  VectorSink out;
  EXPECT_EQ(TarWriter::Begin(out, -1).error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(TarWriter::Begin(out, bundle::kMaxCreatedUnixS + 1).error().code, ErrorCode::kInvalidArgument);
  auto tar = Must(TarWriter::Begin(out, kTestCreatedAt));
  for (const char* bad : {"../x", "/etc/x", "a/../b", "a//b", ".", "", "a/", "./a", "x y", "caf\xc3\xa9",
                          "tab\tname"}) {
    SCOPED_TRACE(bad);
    EXPECT_EQ(tar.BeginMember(bad, 0).error().code, ErrorCode::kInvalidArgument);
  }
  EXPECT_EQ(tar.BeginMember(std::string(101, 'n'), 0).error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(tar.BeginMember("big", bundle::kMaxMemberBytes + 1).error().code, ErrorCode::kInvalidArgument);
  MustOk(tar.AddMember("a", Bytes("x")));
  EXPECT_EQ(tar.AddMember("a", Bytes("y")).error().code, ErrorCode::kInvalidArgument);

  // Exactly the declared size, neither less nor more.
  MustOk(tar.BeginMember("b", 3));
  EXPECT_EQ(tar.WriteData(Bytes("abcd")).error().code, ErrorCode::kInvalidArgument);
  MustOk(tar.WriteData(Bytes("ab")));
  EXPECT_EQ(tar.EndMember().error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(tar.BeginMember("c", 0).error().code, ErrorCode::kFailedPrecondition);
  EXPECT_EQ(tar.Finish().error().code, ErrorCode::kFailedPrecondition);
  MustOk(tar.WriteData(Bytes("c")));
  MustOk(tar.EndMember());

  SpanSource short_source(AsSpan("12"));
  EXPECT_EQ(tar.AddMember("d", 3, short_source).error().code, ErrorCode::kInvalidArgument);
}

TEST(BundleTar, AnAbandonedWriterNeverLooksLikeACompleteArchive) {
  VectorSink out;
  {
    auto tar = Must(TarWriter::Begin(out, kTestCreatedAt));
    MustOk(tar.AddMember("manifest.json", Bytes("{}")));
  }  // destroyed without Finish
  ExpectRefused(ReadTar(out.data()), "without its end-of-archive blocks");
}

TEST(BundleTar, TheMemberCountIsCapped) {
  // kMaxMembers empty members read fine; one more is refused. Generated on
  // the fly: half a gigabyte of headers.
  class Headers final : public ByteSource {
   public:
    explicit Headers(uint64_t count) : count_(count) {
      RawHeader h;
      h.name = "m0000000";
      block_ = RawHeaderBlock(h);
    }
    Result<std::size_t> Read(std::span<uint8_t> out) override {
      std::size_t n = 0;
      for (; n + 512 <= out.size() && i_ < count_ + 2; n += 512, ++i_) {
        uint8_t* b = out.data() + n;
        if (i_ >= count_) {
          std::fill_n(b, 512, 0);
          continue;
        }
        // The template with its name's digits set to i_, and its checksum redone.
        std::copy(block_.begin(), block_.end(), b);
        uint64_t v = i_;
        for (int k = 7; k >= 1; --k, v /= 10) b[k] = static_cast<uint8_t>('0' + v % 10);
        uint32_t sum = 0;
        for (int k = 0; k < 512; ++k) sum += (k >= 148 && k < 156) ? 0x20 : b[k];
        std::snprintf(reinterpret_cast<char*>(b) + 148, 8, "%06o", sum);
      }
      return n;
    }

   private:
    std::vector<uint8_t> block_;
    uint64_t count_;
    uint64_t i_ = 0;
  };
  auto count = [](uint64_t n) -> Result<uint64_t> {
    Headers source(n);
    TVAULT_ASSIGN_OR_RETURN(TarReader reader, TarReader::Open(source));
    uint64_t members = 0;
    while (true) {
      TVAULT_ASSIGN_OR_RETURN(auto next, reader.Next());
      if (!next) return members;
      ++members;
    }
  };
  auto at_cap = count(bundle::kMaxMembers);
  ASSERT_TRUE(at_cap.ok()) << at_cap.error().message;
  EXPECT_EQ(*at_cap, bundle::kMaxMembers);
  auto over = count(bundle::kMaxMembers + 1);
  ASSERT_FALSE(over.ok());
  EXPECT_EQ(over.error().code, ErrorCode::kIntegrity);
  EXPECT_NE(over.error().message.find("more than 1000000 members"), std::string::npos) << over.error().message;
}

// ------------------------------------------------------------ hostile archives

struct HostileTar {
  const char* label;
  std::vector<uint8_t> (*build)();
  const char* fragment;
};

std::vector<uint8_t> WithManifest(std::vector<RawMember> rest,
                                  std::vector<uint8_t> end = std::vector<uint8_t>(1024, 0)) {
  rest.insert(rest.begin(), RawFile("manifest.json", "{}\n"));
  return RawTar(rest, std::move(end));
}

RawMember Typed(const std::string& name, char type, const std::string& linkname = "") {
  RawMember m = RawFile(name, "");
  m.header.type = type;
  m.header.linkname = linkname;
  return m;
}

std::vector<uint8_t> Gzipped() {
  // A gzip stream (RFC 1952) of a valid ustar archive, as `tar czf` makes.
  ScratchDir dir;
  // Random data keeps the compressed stream longer than one block.
  WriteBytes(dir.path() / "x.tar", TarOf({{"manifest.json", Bytes("{}\n")}, {"x", TestPlaintext(4096, 6)}}));
  RunResult r = RunProgram({"/bin/gzip", "-n", (dir.path() / "x.tar").string()});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return ReadBytes(dir.path() / "x.tar.gz");
}

const HostileTar kHostileTars[] = {
    {"DotDotName", [] { return WithManifest({RawFile("../x", "x")}); }, "name \"../x\" is not allowed"},
    {"AbsoluteName", [] { return WithManifest({RawFile("/etc/x", "x")}); }, "name \"/etc/x\" is not allowed"},
    {"DotDotComponent", [] { return WithManifest({RawFile("a/../b", "x")}); }, "name \"a/../b\" is not allowed"},
    {"EmptyComponent", [] { return WithManifest({RawFile("a//b", "x")}); }, "name \"a//b\" is not allowed"},
    {"DotName", [] { return WithManifest({RawFile(".", "x")}); }, "name \".\" is not allowed"},
    {"EmptyName", [] { return WithManifest({RawFile("", "x")}); }, "name \"\" is not allowed"},
    {"TrailingSlash", [] { return WithManifest({RawFile("a/", "")}); }, "name \"a/\" is not allowed"},
    {"ControlCharacterInName",
     [] { return WithManifest({RawFile("x\x1b[2Jy", "x")}); },
     "name \"x\\u{001B}[2Jy\" is not allowed"},
    {"NonAsciiName", [] { return WithManifest({RawFile("caf\xc3\xa9", "x")}); }, "name \"caf\xc3\xa9\" is not allowed"},
    {"BytesAfterTheNameNul",
     [] {
       RawMember m = RawFile("a", "x");
       m.header.name = std::string("a\0hidden", 8);
       return WithManifest({m});
     },
     "bytes after the NUL that ends its name"},
    {"UstarPrefix",
     [] {
       RawMember m = RawFile("b", "x");
       m.header.prefix = "a";
       return WithManifest({m});
     },
     "a ustar name prefix is not allowed"},
    {"Symlink", [] { return WithManifest({Typed("link", '2', "manifest.json")}); }, "is a symbolic link"},
    {"Hardlink", [] { return WithManifest({Typed("hard", '1', "manifest.json")}); }, "is a hard link"},
    {"CharacterDevice", [] { return WithManifest({Typed("null", '3')}); }, "is a character device"},
    {"BlockDevice", [] { return WithManifest({Typed("sda", '4')}); }, "is a block device"},
    {"Directory", [] { return WithManifest({Typed("statements", '5')}); }, "is a directory"},
    {"Fifo", [] { return WithManifest({Typed("fifo", '6')}); }, "is a FIFO"},
    {"ContiguousFile", [] { return WithManifest({Typed("c", '7')}); }, "is a contiguous file"},
    {"OldStyleRegularFile", [] { return WithManifest({Typed("old", '\0')}); }, "old-style regular file"},
    {"PaxExtendedHeader",
     [] {
       RawMember pax = RawFile("PaxHeaders/x", "18 path=../../x\n");
       pax.header.type = 'x';
       return WithManifest({pax, RawFile("x", "x")});
     },
     "is a pax extended header"},
    {"PaxGlobalHeader",
     [] {
       RawMember pax = RawFile("GlobalHead", "17 comment=hello\n");
       pax.header.type = 'g';
       return WithManifest({pax, RawFile("x", "x")});
     },
     "is a pax global header"},
    {"GnuLongName",
     [] {
       RawMember l = RawFile("LongLink", "../../etc/passwd");
       l.header.type = 'L';
       return WithManifest({l, RawFile("x", "x")});
     },
     "is a GNU long name header"},
    {"GnuLongLinkName",
     [] {
       RawMember l = RawFile("LongLink", "target");
       l.header.type = 'K';
       return WithManifest({l, RawFile("x", "x")});
     },
     "is a GNU long link name header"},
    {"GnuSparse", [] { return WithManifest({Typed("sparse", 'S')}); }, "is a GNU sparse file"},
    {"UnknownType", [] { return WithManifest({Typed("z", 'Z')}); }, "unknown member type (0x5A)"},
    {"GnuMagic",
     [] {
       RawMember m = RawFile("x", "x");
       m.header.magic = "ustar ";
       m.header.version = std::string(" \0", 2);
       return WithManifest({m});
     },
     "a GNU tar header"},
    {"V7Header",
     [] {
       RawMember m = RawFile("x", "x");
       m.header.magic = std::string(6, '\0');
       m.header.version = std::string(2, '\0');
       return WithManifest({m});
     },
     "not a POSIX ustar header"},
    {"LinkNameOnARegularFile",
     [] { return WithManifest({Typed("x", '0', "manifest.json")}); },
     "a link name is not allowed"},
    {"Base256Size",
     [] {
       RawMember m = RawFile("x", "x");
       m.header.size_field = std::string("\x80\0\0\0\0\0\0\0\0\0\0\x01", 12);
       return WithManifest({m});
     },
     "malformed or oversized size field"},
    {"GarbageInSize",
     [] {
       RawMember m = RawFile("x", "x");
       m.header.size_field = std::string("0000000001x", 11);
       return WithManifest({m});
     },
     "malformed or oversized size field"},
    {"ChecksumMismatch",
     [] {
       RawMember m = RawFile("x", "x");
       m.header.checksum = 1234;
       return WithManifest({m});
     },
     "header checksum mismatch"},
    {"DuplicateName", [] { return WithManifest({RawFile("x", "1"), RawFile("x", "2")}); }, "duplicate member name \"x\""},
    {"NonZeroPadding",
     [] {
       std::vector<uint8_t> tar = WithManifest({RawFile("x", "x")});
       tar[1024 + 512 + 1] = 'h';  // right after x's one byte of data
       return tar;
     },
     "padded with non-zero bytes"},
    {"LoneZeroBlockThenMember",
     [] {
       std::vector<uint8_t> tar = WithManifest({}, std::vector<uint8_t>(512, 0));
       std::vector<uint8_t> hidden = RawTar({RawFile("hidden", "smuggled")});
       tar.insert(tar.end(), hidden.begin(), hidden.end());
       return tar;
     },
     "a lone zero block inside the archive"},
    {"GarbageAfterTheEnd",
     [] {
       std::vector<uint8_t> tar = WithManifest({RawFile("x", "x")});
       tar.push_back('!');
       return tar;
     },
     "data after the end-of-archive blocks"},
    {"MemberAfterTheEnd",
     [] {
       std::vector<uint8_t> tar = WithManifest({});
       std::vector<uint8_t> hidden = RawTar({RawFile("hidden", "smuggled")});
       tar.insert(tar.end(), hidden.begin(), hidden.end());
       return tar;
     },
     "data after the end-of-archive blocks"},
    {"SingleEndBlock", [] { return WithManifest({RawFile("x", "x")}, std::vector<uint8_t>(512, 0)); },
     "ends after a single zero block"},
    {"NoEndBlocks", [] { return WithManifest({RawFile("x", "x")}, {}); },
     "without its end-of-archive blocks"},
    {"TruncatedData",
     [] {
       std::vector<uint8_t> tar = WithManifest({RawFile("x", std::string(2000, 'x'))}, {});
       tar.resize(1024 + 512 + 1000);
       return tar;
     },
     "the archive is truncated"},
    {"TruncatedHeader",
     [] {
       std::vector<uint8_t> tar = WithManifest({RawFile("x", "x")}, {});
       tar.resize(1024 + 300);
       return tar;
     },
     "the archive is truncated"},
    {"Empty", [] { return std::vector<uint8_t>(); }, "without its end-of-archive blocks"},
    {"Gzipped", Gzipped, "member 1: header checksum mismatch"},
};

class BundleTarHostile : public ::testing::TestWithParam<HostileTar> {};

TEST_P(BundleTarHostile, RefusedByTheTarReaderAndByTheBundleReader) {
  const HostileTar& t = GetParam();
  if (std::string(t.label) == "Gzipped" && !HaveProgram("gzip")) GTEST_SKIP() << "gzip is not installed";
  const std::vector<uint8_t> tar = t.build();
  TarOutcome out = ReadTar(tar);
  ExpectRefused(out, t.fragment);
  // Nothing after the offending header was delivered.
  for (const Member& m : out.members) {
    EXPECT_TRUE(m.name == "manifest.json" || m.name == "a" || m.name == "x") << bundle::EscapeForTerminal(m.name);
  }
  Party sender, recipient;
  BundleOutcome bundle = ReadBundle(EncryptTo(tar, {&recipient}), recipient.identities(), {sender.minisign_key});
  ExpectRefused(bundle, ErrorCode::kIntegrity, t.fragment);
}

INSTANTIATE_TEST_SUITE_P(Archives, BundleTarHostile, ::testing::ValuesIn(kHostileTars),
                         [](const auto& param_info) { return std::string(param_info.param.label); });

// ------------------------------------------------------------ GNU tar fixtures

struct Fixture {
  const char* file;
  const char* fragment;  // empty: accepted
};

// tests/data/bundle/README.md lists the same files.
const Fixture kFixtures[] = {
    {"Good.tar", ""},
    {"BrokenAbsolute.tar", "name \"/etc/x\" is not allowed"},
    {"BrokenCharDevice.tar", "is a character device"},
    {"BrokenDirectory.tar", "is a directory"},
    {"BrokenDotDot.tar", "name \"../x\" is not allowed"},
    {"BrokenDuplicate.tar", "duplicate member name \"a\""},
    {"BrokenFifo.tar", "is a FIFO"},
    {"BrokenGnuLongName.tar", "member 1: a GNU tar header"},
    {"BrokenHardlink.tar", "is a hard link"},
    {"BrokenLoneZeroBlock.tar", "a lone zero block inside the archive"},
    {"BrokenNoEndBlocks.tar", "without its end-of-archive blocks"},
    {"BrokenPaxHeader.tar", "member 2 is a pax extended header"},
    {"BrokenSparse.tar", "member 1: a GNU tar header"},
    {"BrokenSymlink.tar", "is a symbolic link"},
    {"BrokenTrailingGarbage.tar", "data after the end-of-archive blocks"},
};

class BundleTarFixtures : public ::testing::TestWithParam<Fixture> {};

TEST_P(BundleTarFixtures, VerdictMatchesTheReadme) {
  const Fixture& f = GetParam();
  const std::vector<uint8_t> tar = ReadBytes(BundleData(f.file));
  ASSERT_FALSE(tar.empty()) << "missing fixture " << f.file;
  TarOutcome out = ReadTar(tar);
  if (std::string(f.fragment).empty()) {
    EXPECT_TRUE(out.ok) << out.message;
  } else {
    ExpectRefused(out, f.fragment);
  }
}

INSTANTIATE_TEST_SUITE_P(GnuTar, BundleTarFixtures, ::testing::ValuesIn(kFixtures),
                         [](const auto& param_info) {
                           std::string name = param_info.param.file;
                           return name.substr(0, name.find('.'));
                         });

}  // namespace
}  // namespace tvault::testing
