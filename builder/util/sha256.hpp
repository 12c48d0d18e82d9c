#pragma once
// SHA-256 through librpm's digest API (rpmio), the same code rpm itself uses.
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include "util/error.hpp"

namespace ssi {

std::string sha256_hex(std::string_view data);
Expected<std::string> sha256_file_hex(const std::filesystem::path& path);
// MD5 only to recognise legacy tarballs whose published checksum is an MD5.
Expected<std::string> md5_file_hex(const std::filesystem::path& path);

// Both digests in one read: the whole file, and the part from `tail_start` to the end.
struct FileAndTailDigests {
  std::string file_sha256, tail_sha256;
};
Expected<FileAndTailDigests> sha256_file_and_tail(const std::filesystem::path& path,
                                                  std::uint64_t tail_start);
// The same from an open descriptor, read with pread (its offset stays); `path` names it in errors.
Expected<FileAndTailDigests> sha256_fd_and_tail(int fd, const std::filesystem::path& path, std::uint64_t tail_start);

}  // namespace ssi
