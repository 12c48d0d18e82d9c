#include "rpm/header_reader.hpp"

#include <rpm/rpmlib.h>
#include <rpm/rpmpgp.h>
#include <rpm/rpmtag.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <cstring>

#include "rpm/handles.hpp"
#include "rpm/header_fields.hpp"
#include "rpm/rpm_config.hpp"
#include "rpm/rpm_log.hpp"
#include "util/sha256.hpp"

namespace ssi::rpm {
namespace {
namespace fs = std::filesystem;

Error corrupt(const fs::path& file, const std::string& why) {
  return bad_input(file.string() + ": " + why);
}

// One transaction set per thread: reading a header needs one, and making it is not free.
rpmts reading_transaction() {
  thread_local const TransactionSet ts = [] {
    TransactionSet made(rpmtsCreate());
    // Signatures are a trust question for install time; here only the header digests matter.
    rpmtsSetVSFlags(made.get(), rpmtsVSFlags(made.get()) | RPMVSF_MASK_NOSIGNATURES);
    return made;
  }();
  return ts.get();
}

Expected<HeaderPtr> read_header(const fs::path& file, FD_t fd) {
  Header h = nullptr;
  take_last_log_message();
  const rpmRC rc = rpmReadPackageFile(reading_transaction(), fd, file.c_str(), &h);
  HeaderPtr header(h);
  if (rc == RPMRC_OK || rc == RPMRC_NOKEY || rc == RPMRC_NOTTRUSTED) return header;
  std::string why = take_last_log_message();
  const std::string prefix = file.string() + ": ";
  if (why.rfind(prefix, 0) == 0) why.erase(0, prefix.size());
  if (rc == RPMRC_NOTFOUND || why.empty()) return corrupt(file, "not an RPM package (no RPM lead)");
  return corrupt(file, "corrupt or truncated header: " + why);
}

std::uint32_t big_endian32(const unsigned char* p) {
  return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8) | p[3];
}

// Up to `length` bytes of the file from `at` into `buffer` (fewer at its end); false on a read error.
bool read_at(int fd, std::uint64_t at, std::size_t length, std::string& buffer) {
  buffer.resize(length);
  std::size_t got = 0;
  while (got < length) {
    const ssize_t n = ::pread(fd, buffer.data() + got, length - got, static_cast<off_t>(at + got));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return false;
    if (n == 0) break;
    got += static_cast<std::size_t>(n);
  }
  buffer.resize(got);
  return true;
}

// rpm-md records where the main header lies in the file. The on-disk layout is a 96-byte lead,
// the signature header padded to 8 bytes, then the main header; each header starts with a
// 16-byte intro holding its index count and data size.
struct HeaderRange {
  std::uint64_t start = 0, end = 0;
};
Expected<HeaderRange> header_range(const fs::path& file, int fd, std::string_view first_piece) {
  auto intro_size = [&](std::uint64_t at) -> std::uint64_t {
    std::string far;
    std::string_view intro = at + 16 <= first_piece.size() ? first_piece.substr(at, 16) : std::string_view();
    if (intro.empty() && read_at(fd, at, 16, far)) intro = far;
    if (intro.size() != 16) return 0;
    const auto* bytes = reinterpret_cast<const unsigned char*>(intro.data());
    return 16 + 16ull * big_endian32(bytes + 8) + big_endian32(bytes + 12);
  };
  const std::uint64_t signature = intro_size(96);
  if (signature == 0) return corrupt(file, "truncated signature header");
  HeaderRange range;
  range.start = 96 + (signature + 7) / 8 * 8;
  const std::uint64_t main = intro_size(range.start);
  if (main == 0) return corrupt(file, "truncated header");
  range.end = range.start + main;
  return range;
}

// One pass over the file: the whole-file checksum for rpm-md, and the payload digest
// that proves the payload is whole (a truncated download still has a readable header).
Status check_payload_and_hash(const fs::path& file, int fd, std::uint64_t size, std::string& piece, Header h,
                              std::uint64_t payload_start, PackageRecord& record) {
  Sha256 whole, payload;
  for (std::uint64_t at = 0;;) {
    whole.update(piece);
    if (at + piece.size() > payload_start)
      payload.update(std::string_view(piece).substr(at >= payload_start ? 0 : payload_start - at));
    at += piece.size();
    if (at >= size) break;
    if (!read_at(fd, at, std::min<std::uint64_t>(kReadPiece, size - at), piece) || piece.empty())
      return corrupt(file, std::string("read error: ") + (piece.empty() ? "shorter than its size" : std::strerror(errno)));
  }
  record.sha256 = std::move(whole).hex();
  const std::string expected = header_payload_sha256(h);
  if (!expected.empty() && expected != std::move(payload).hex())
    return corrupt(file, "payload digest mismatch (truncated or corrupt payload)");
  return success();
}

}  // namespace

Expected<PackageRecord> read_package(const fs::path& file, const std::string& location) {
  ensure_configured();
  // One open for everything: each system call counts when a repository holds thousands of files.
  File fd(Fopen(file.c_str(), "r.fdio"));
  if (!fd || Ferror(fd.get())) return corrupt(file, std::string("cannot open: ") + std::strerror(errno));
  const int fileno = Fileno(fd.get());
  struct stat st{};
  if (::fstat(fileno, &st) != 0) return corrupt(file, std::string("cannot stat: ") + std::strerror(errno));
  if (st.st_size == 0) return corrupt(file, "empty file (zero bytes), not an RPM package");
  auto header = read_header(file, fd.get());
  if (!header) return header.error();
  const auto size = static_cast<std::uint64_t>(st.st_size);
  thread_local std::string piece;  // kept: no allocation per package
  if (!read_at(fileno, 0, std::min<std::uint64_t>(kReadPiece, size), piece))
    return corrupt(file, std::string("read error: ") + std::strerror(errno));
  auto range = header_range(file, fileno, piece);
  if (!range) return range.error();
  if (range->end > size) return corrupt(file, "truncated header");

  PackageRecord record = record_from_header(header->get());
  record.location = location;
  record.file_size = size;
  record.file_mtime = st.st_mtime;
  record.header_start = range->start;
  record.header_end = range->end;
  if (auto checked = check_payload_and_hash(file, fileno, size, piece, header->get(), range->end, record); !checked)
    return checked.error();
  return record;
}

}  // namespace ssi::rpm
