#include "tar/tar_stream.h"

#include <archive.h>
#include <archive_entry.h>

#include <cerrno>
#include <unordered_set>
#include <vector>

#include "tar/ustar_profile.h"
#include "util/utf8.h"
#include "tar/ustar_validator.h"
#include "vault/secret.h"

namespace tvault::tar {
namespace {

constexpr std::size_t kIoBufferBytes = 64 * 1024;

Error InvalidArgument(std::string message) {
  return MakeError(ErrorCode::kInvalidArgument, "tar: " + std::move(message));
}

std::string LibarchiveMessage(archive* a) {
  const char* s = archive_error_string(a);
  return EscapeForTerminal(s != nullptr ? s : "unknown libarchive error");
}

}  // namespace

// ------------------------------------------------------------------ writer

struct TarWriter::Impl {
  ByteSink* out = nullptr;  // null once detached: nothing more may reach it
  archive* a = nullptr;
  int64_t mtime_unix_s = 0;
  std::optional<Error> sink_error;
  std::optional<Error> error;  // sticky
  bool finished = false;
  bool in_member = false;
  uint64_t left_in_member = 0;
  std::unordered_set<std::string> names;

  ~Impl() {
    if (a == nullptr) return;
    // Without Finish, libarchive's free would close the archive and write
    // end-of-archive blocks. The sink is detached first, so that the write
    // callback refuses them and an abandoned archive never looks complete.
    // (archive_write_fail would skip the close, but libarchive 3.6.2 then
    // leaks its output filter's state.)
    out = nullptr;
    archive_write_free(a);
  }

  static la_ssize_t Write(archive* a, void* self_ptr, const void* buffer, size_t length) {
    auto* self = static_cast<Impl*>(self_ptr);
    if (self->out == nullptr) {
      archive_set_error(a, EIO, "tar output is closed");
      return -1;
    }
    Status s = self->out->Write({static_cast<const uint8_t*>(buffer), length});
    if (!s.ok()) {
      self->sink_error = s.take_error();
      archive_set_error(a, EIO, "tar output failed");
      return -1;
    }
    return static_cast<la_ssize_t>(length);
  }

  // The sink's own error if it caused the failure, else libarchive's.
  Error Fail(std::string_view what) {
    if (sink_error) {
      error = std::move(*sink_error);
    } else {
      error = MakeError(ErrorCode::kInternal, "tar: " + std::string(what) + ": " + LibarchiveMessage(a));
    }
    return *error;
  }

  Status Usable() const {
    if (error) return *error;
    if (finished) return MakeError(ErrorCode::kFailedPrecondition, "tar: the archive is finished");
    return OkStatus();
  }
};

TarWriter::TarWriter(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
TarWriter::TarWriter(TarWriter&&) noexcept = default;
TarWriter& TarWriter::operator=(TarWriter&&) noexcept = default;
TarWriter::~TarWriter() = default;

Result<TarWriter> TarWriter::Begin(ByteSink& out, int64_t mtime_unix_s) {
  if (mtime_unix_s < 0 || mtime_unix_s > kMaxMtimeUnixS) {
    return InvalidArgument("mtime out of the ustar range");
  }
  auto impl = std::make_unique<Impl>();
  impl->out = &out;
  impl->mtime_unix_s = mtime_unix_s;
  impl->a = archive_write_new();
  if (impl->a == nullptr) return MakeError(ErrorCode::kInternal, "tar: out of memory");
  // No blocking: libarchive hands each piece straight to the sink (no
  // unwiped copy of member data in its buffers), and nothing pads the
  // archive after its end-of-archive blocks, where section 1 ends it.
  if (archive_write_set_format_ustar(impl->a) != ARCHIVE_OK ||
      archive_write_add_filter_none(impl->a) != ARCHIVE_OK ||
      archive_write_set_bytes_per_block(impl->a, 0) != ARCHIVE_OK ||
      archive_write_set_bytes_in_last_block(impl->a, 1) != ARCHIVE_OK ||
      archive_write_open2(impl->a, impl.get(), nullptr, &Impl::Write, nullptr, nullptr) !=
          ARCHIVE_OK) {
    return impl->Fail("cannot start the archive");
  }
  return TarWriter(std::move(impl));
}

Status TarWriter::BeginMember(std::string_view name, uint64_t size_bytes) {
  TVAULT_TRY(impl_->Usable());
  if (impl_->in_member) {
    return MakeError(ErrorCode::kFailedPrecondition, "tar: the previous member is not ended");
  }
  if (!IsValidMemberName(name)) {
    return InvalidArgument("member name \"" + EscapeForTerminal(name) + "\" is not allowed");
  }
  if (size_bytes > kMaxMemberBytes) return InvalidArgument("member too large for ustar");
  if (impl_->names.size() >= kMaxMembers) return InvalidArgument("too many members");
  if (impl_->names.count(std::string(name)) != 0) {
    return InvalidArgument("duplicate member name \"" + std::string(name) + "\"");
  }
  archive_entry* entry = archive_entry_new();
  if (entry == nullptr) return MakeError(ErrorCode::kInternal, "tar: out of memory");
  const std::string path(name);
  archive_entry_set_pathname(entry, path.c_str());
  archive_entry_set_size(entry, static_cast<la_int64_t>(size_bytes));
  archive_entry_set_filetype(entry, AE_IFREG);
  archive_entry_set_perm(entry, 0644);
  archive_entry_set_uid(entry, 0);
  archive_entry_set_gid(entry, 0);
  archive_entry_set_mtime(entry, static_cast<time_t>(impl_->mtime_unix_s), 0);
  const int rc = archive_write_header(impl_->a, entry);
  archive_entry_free(entry);
  if (rc != ARCHIVE_OK) return impl_->Fail("cannot write the header of \"" + path + "\"");
  impl_->names.insert(path);
  impl_->in_member = true;
  impl_->left_in_member = size_bytes;
  return OkStatus();
}

Status TarWriter::WriteData(std::span<const uint8_t> data) {
  TVAULT_TRY(impl_->Usable());
  if (!impl_->in_member) return MakeError(ErrorCode::kFailedPrecondition, "tar: no member begun");
  if (data.size() > impl_->left_in_member) {
    return InvalidArgument("more data than the member's declared size");
  }
  while (!data.empty()) {
    const la_ssize_t n = archive_write_data(impl_->a, data.data(), data.size());
    if (n <= 0) return impl_->Fail("cannot write member data");
    data = data.subspan(static_cast<std::size_t>(n));
    impl_->left_in_member -= static_cast<uint64_t>(n);
  }
  return OkStatus();
}

Status TarWriter::EndMember() {
  TVAULT_TRY(impl_->Usable());
  if (!impl_->in_member) return MakeError(ErrorCode::kFailedPrecondition, "tar: no member begun");
  if (impl_->left_in_member != 0) {
    // libarchive would pad the missing bytes with zeros: a silent corruption.
    return InvalidArgument("member data is shorter than its declared size");
  }
  if (archive_write_finish_entry(impl_->a) != ARCHIVE_OK) return impl_->Fail("cannot end a member");
  impl_->in_member = false;
  return OkStatus();
}

Status TarWriter::AddMember(std::string_view name, std::span<const uint8_t> data) {
  TVAULT_TRY(BeginMember(name, data.size()));
  TVAULT_TRY(WriteData(data));
  return EndMember();
}

Status TarWriter::AddMember(std::string_view name, uint64_t size_bytes, ByteSource& source) {
  TVAULT_TRY(BeginMember(name, size_bytes));
  PlainBytes buffer(kIoBufferBytes);
  while (true) {
    TVAULT_ASSIGN_OR_RETURN(std::size_t n, source.Read(buffer));
    if (n == 0) break;
    TVAULT_TRY(WriteData(std::span(buffer).first(n)));
  }
  return EndMember();
}

Status TarWriter::Finish() {
  TVAULT_TRY(impl_->Usable());
  if (impl_->in_member) return MakeError(ErrorCode::kFailedPrecondition, "tar: a member is not ended");
  if (archive_write_close(impl_->a) != ARCHIVE_OK) return impl_->Fail("cannot end the archive");
  impl_->finished = true;
  return OkStatus();
}

// ------------------------------------------------------------------ reader

struct TarReader::Impl {
  ByteSource* in = nullptr;
  archive* a = nullptr;
  internal::UstarValidator validator;
  PlainBytes buffer = PlainBytes(kIoBufferBytes);  // archive plaintext
  std::optional<Error> input_error;  // from the source or the validator
  std::optional<Error> error;        // sticky
  bool input_ended = false;
  bool at_end = false;
  bool in_member = false;
  uint64_t left_in_member = 0;
  uint64_t entries = 0;

  ~Impl() {
    if (a != nullptr) archive_read_free(a);
  }

  // Reads the source and passes every byte through the validator before
  // libarchive sees it.
  Result<std::span<const uint8_t>> Pull() {
    if (input_ended) {
      TVAULT_TRY(validator.End());  // sticky: the same verdict every time
      return std::span<const uint8_t>();
    }
    TVAULT_ASSIGN_OR_RETURN(std::size_t n, in->Read(buffer));
    if (n == 0) {
      input_ended = true;
      TVAULT_TRY(validator.End());
      return std::span<const uint8_t>();
    }
    std::span<const uint8_t> got = std::span(buffer).first(n);
    TVAULT_TRY(validator.Feed(got));
    return got;
  }

  static la_ssize_t Read(archive* a, void* self_ptr, const void** out) {
    auto* self = static_cast<Impl*>(self_ptr);
    auto got = self->Pull();
    if (!got.ok()) {
      self->input_error = got.take_error();
      archive_set_error(a, EIO, "tar input refused");
      return -1;
    }
    *out = got->data();
    return static_cast<la_ssize_t>(got->size());
  }

  Error Fail(Error e) {
    error = std::move(e);
    return *error;
  }
  Error Fail(std::string message) {
    return Fail(MakeError(ErrorCode::kIntegrity, "tar: " + std::move(message)));
  }
  // The source's or the validator's error if there was one: it names the
  // cause better than libarchive's reaction to it.
  Error FailFromLibarchive(std::string_view what) {
    if (input_error) return Fail(std::move(*input_error));
    return Fail(std::string(what) + ": " + LibarchiveMessage(a));
  }

  Status CheckEntry(archive_entry* entry) {
    auto raw = validator.PopHeader();
    if (!raw) return Fail("libarchive reported a member the raw archive does not hold");
    const char* path = archive_entry_pathname(entry);
    // Built only on a refusal: escaping every member name slowed every verify.
    auto refuse = [&raw, this](std::string_view why) {
      return Fail("member \"" + EscapeForTerminal(raw->name) + "\": " + std::string(why));
    };
    if (path == nullptr || raw->name != path) return refuse("libarchive reports another name");
    if (archive_format(a) != ARCHIVE_FORMAT_TAR_USTAR) return refuse("not a plain ustar entry");
    if (archive_entry_filetype(entry) != AE_IFREG || archive_entry_hardlink(entry) != nullptr ||
        archive_entry_symlink(entry) != nullptr || archive_entry_sparse_count(entry) != 0) {
      return refuse("not a plain regular file");
    }
    if (!archive_entry_size_is_set(entry) || archive_entry_size(entry) < 0 ||
        static_cast<uint64_t>(archive_entry_size(entry)) != raw->size_bytes) {
      return refuse("libarchive reports another size");
    }
    return OkStatus();
  }

  // After libarchive's end of archive: the rest of the input must be zero
  // padding, then the end of the source (which, for an age payload, is where
  // the final chunk is verified).
  Status Drain() {
    while (true) {
      auto got = Pull();
      if (!got.ok()) return Fail(got.take_error());
      if (got->empty()) break;
    }
    if (validator.PopHeader().has_value() || validator.member_count() != entries) {
      return Fail("libarchive ended the archive before its last member");
    }
    return OkStatus();
  }
};

TarReader::TarReader(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
TarReader::TarReader(TarReader&&) noexcept = default;
TarReader& TarReader::operator=(TarReader&&) noexcept = default;
TarReader::~TarReader() = default;

Result<TarReader> TarReader::Open(ByteSource& in) {
  auto impl = std::make_unique<Impl>();
  impl->in = &in;
  impl->a = archive_read_new();
  if (impl->a == nullptr) return MakeError(ErrorCode::kInternal, "tar: out of memory");
  // The tar format only, and no decompression filter: anything else fails
  // to be recognised.
  if (archive_read_support_format_tar(impl->a) != ARCHIVE_OK) {
    return MakeError(ErrorCode::kInternal, "tar: " + LibarchiveMessage(impl->a));
  }
  if (archive_read_open(impl->a, impl.get(), nullptr, &Impl::Read, nullptr) != ARCHIVE_OK) {
    return impl->FailFromLibarchive("not a tar archive");
  }
  return TarReader(std::move(impl));
}

Result<std::optional<TarMember>> TarReader::Next() {
  Impl& s = *impl_;
  if (s.error) return *s.error;
  if (s.at_end) return std::optional<TarMember>();
  if (s.in_member) {
    const int skipped = archive_read_data_skip(s.a);
    if (s.input_error) return s.Fail(std::move(*s.input_error));
    if (skipped != ARCHIVE_OK) return s.FailFromLibarchive("bad member data");
    s.in_member = false;
  }
  archive_entry* entry = nullptr;
  const int rc = archive_read_next_header(s.a, &entry);
  // libarchive does not always pass a read error on (it ends the archive
  // quietly if the block after a zero block cannot be read): ours win.
  if (s.input_error) return s.Fail(std::move(*s.input_error));
  if (rc == ARCHIVE_EOF) {
    TVAULT_TRY(s.Drain());
    s.at_end = true;
    return std::optional<TarMember>();
  }
  if (rc != ARCHIVE_OK) return s.FailFromLibarchive("bad member header");
  TVAULT_TRY(s.CheckEntry(entry));
  ++s.entries;
  s.in_member = true;
  s.left_in_member = static_cast<uint64_t>(archive_entry_size(entry));
  return std::optional<TarMember>(
      TarMember{archive_entry_pathname(entry), s.left_in_member});
}

Result<std::size_t> TarReader::ReadData(std::span<uint8_t> out) {
  Impl& s = *impl_;
  if (s.error) return *s.error;
  if (!s.in_member) return std::size_t{0};
  if (out.empty()) return MakeError(ErrorCode::kInvalidArgument, "tar: empty read buffer");
  const la_ssize_t n = archive_read_data(s.a, out.data(), out.size());
  if (s.input_error) return s.Fail(std::move(*s.input_error));
  if (n < 0) return s.FailFromLibarchive("bad member data");
  if (static_cast<uint64_t>(n) > s.left_in_member) {
    return s.Fail("libarchive returned more data than the member holds");
  }
  if (n == 0) {
    if (s.left_in_member != 0) return s.Fail("member data ends early");
    s.in_member = false;
    return std::size_t{0};
  }
  s.left_in_member -= static_cast<uint64_t>(n);
  return static_cast<std::size_t>(n);
}

}  // namespace tvault::tar
