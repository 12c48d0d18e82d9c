#pragma once
// Filesystem helpers. Every output is written beside its target and renamed into
// place, so an interrupted run never leaves a half-written file where a finished one is expected.
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "util/error.hpp"

namespace ssi {

Expected<std::string> read_file(const std::filesystem::path& path);
Status write_file_atomic(const std::filesystem::path& path, std::string_view content);
Status ensure_directory(const std::filesystem::path& dir);
// Copies through a temporary name beside the target (parents created), then renames.
Status copy_file_atomic(const std::filesystem::path& from, const std::filesystem::path& to);

// Writes `content` to `path` through a temporary name, creating its parent folders.
Status write_file_with_parents(const std::filesystem::path& path, std::string_view content);
// A finished folder replaces `out` atomically (an exchange of names, then the old content is
// removed); a failure before leaves `out` as it was.
Status replace_directory(const std::filesystem::path& staging, const std::filesystem::path& out);

// " (the file system holding PATH is full: N KiB free)" when it has less than 1 MiB left, ""
// otherwise: libraries report a full disk in their own words ("database or disk is full").
std::string full_disk_note(const std::filesystem::path& path);

// PATH.KIND.PID: the name a run writes under before renaming into place ("tmp" for files,
// "staging" for folders). The pid lets a later run tell a killed run's leftovers from a live one's.
std::string temporary_name(const std::filesystem::path& path, std::string_view kind);
// Removes the temporaries in `dir` whose run has ended; returns what it removed.
std::vector<std::filesystem::path> remove_stale_temporaries(const std::filesystem::path& dir);

// A path removed with its content when the owner goes out of scope: a run's staging folder,
// which a failed run must not leave holding the disk. `keep` names a child that stays (the
// failed run's logs, which its error message points at; the next run removes them).
class RemoveOnExit {
 public:
  explicit RemoveOnExit(std::filesystem::path path, std::string keep = "") : path_(std::move(path)), keep_(std::move(keep)) {}
  ~RemoveOnExit();
  RemoveOnExit(const RemoveOnExit&) = delete;
  RemoveOnExit& operator=(const RemoveOnExit&) = delete;

 private:
  std::filesystem::path path_;
  std::string keep_;
};

// A directory removed with its content when the owner goes out of scope.
class TempDir {
 public:
  explicit TempDir(const std::filesystem::path& parent = std::filesystem::temp_directory_path(),
                   std::string_view prefix = "ssi-oscar-");
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

}  // namespace ssi
