#include "util/zstd_stream.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <string>

#include "util/fs.hpp"

namespace ssi {
namespace fs = std::filesystem;
namespace {

// errno first: the full-disk check makes system calls of its own.
Error write_failed(const fs::path& file) {
  const std::string why = std::strerror(errno);
  return step_failed(file.string() + ": cannot be written: " + why + full_disk_note(file));
}

}  // namespace

Expected<ZstdFileWriter> ZstdFileWriter::open(const fs::path& file, const ZstdSettings& settings, const fs::path& shown_as) {
  ZstdFileWriter w;
  w.file_ = shown_as.empty() ? file : shown_as;
  w.context_.reset(ZSTD_createCCtx());
  if (!w.context_) return step_failed(w.file_.string() + ": zstd: out of memory");
  struct Parameter {
    ZSTD_cParameter id;
    const char* name;  // as a user sets it
    int value;
  };
  const Parameter parameters[] = {
      {ZSTD_c_compressionLevel, "level", settings.level},
      {ZSTD_c_checksumFlag, "checksum", 1},
      {ZSTD_c_nbWorkers, "threads", static_cast<int>(std::max(1u, settings.threads))},
      {ZSTD_c_enableLongDistanceMatching, "long-distance matching", settings.window_log > 0 ? 1 : 0},
      {ZSTD_c_windowLog, "window", settings.window_log},  // 0: the level's own
  };
  for (const auto& p : parameters)
    if (const size_t r = ZSTD_CCtx_setParameter(w.context_.get(), p.id, p.value); ZSTD_isError(r)) {
      const ZSTD_bounds b = ZSTD_cParam_getBounds(p.id);
      return bad_input(w.file_.string() + ": zstd " + p.name + " " + std::to_string(p.value) + ": " + ZSTD_getErrorName(r) +
                       " (it takes " + std::to_string(b.lowerBound) + " to " + std::to_string(b.upperBound) + ")");
    }
  w.out_.reset(std::fopen(file.c_str(), "wb"));
  if (!w.out_) return write_failed(w.file_);
  w.buffer_.resize(ZSTD_CStreamOutSize());
  return w;
}

Status ZstdFileWriter::drain(ZSTD_inBuffer& in, ZSTD_EndDirective mode) {
  for (;;) {
    ZSTD_outBuffer out{buffer_.data(), buffer_.size(), 0};
    const size_t left = ZSTD_compressStream2(context_.get(), &out, &in, mode);
    if (ZSTD_isError(left)) return step_failed(file_.string() + ": zstd: " + ZSTD_getErrorName(left));
    if (out.pos > 0 && std::fwrite(buffer_.data(), 1, out.pos, out_.get()) != out.pos)
      return write_failed(file_);
    const bool done = mode == ZSTD_e_continue ? in.pos == in.size : left == 0;
    if (done) return success();
  }
}

Status ZstdFileWriter::write(const void* data, std::size_t size) {
  ZSTD_inBuffer in{data, size, 0};
  return drain(in, ZSTD_e_continue);
}

Status ZstdFileWriter::finish() {
  ZSTD_inBuffer none{nullptr, 0, 0};
  if (auto ok = drain(none, ZSTD_e_end); !ok) return ok;
  if (std::fclose(out_.release()) != 0) return write_failed(file_);
  return success();
}

}  // namespace ssi
