#pragma once
// A file written as one zstd frame through libzstd: worker threads and a long-distance window,
// which libarchive 3.6's zstd filter does not offer (an image's packages repeat each other's
// bytes hundreds of MiB apart).
#include <zstd.h>

#include <cstddef>
#include <filesystem>
#include <memory>
#include <vector>

#include "util/c_file.hpp"
#include "util/error.hpp"

namespace ssi {

struct ZstdSettings {
  int level = 3;
  unsigned threads = 1;  // at least 1: zstd's output is then the same for any number of workers
  int window_log = 0;    // long-distance matching over 2^window_log bytes; 0: off
};

class ZstdFileWriter {
 public:
  // Errors name `shown_as` when given: the file a temporary one becomes.
  static Expected<ZstdFileWriter> open(const std::filesystem::path& file, const ZstdSettings& settings,
                                       const std::filesystem::path& shown_as = {});
  Status write(const void* data, std::size_t size);
  Status finish();  // ends the frame and closes the file

 private:
  struct ContextFree {
    void operator()(ZSTD_CCtx* c) const { ZSTD_freeCCtx(c); }
  };
  Status drain(ZSTD_inBuffer& in, ZSTD_EndDirective mode);

  std::filesystem::path file_;  // as errors name it
  CFile out_;
  std::unique_ptr<ZSTD_CCtx, ContextFree> context_;
  std::vector<char> buffer_;
};

}  // namespace ssi
