#pragma once
// An owned C stdio stream (fopen, or libsolv's solv_xfopen, whose streams fclose ends too).
#include <cstdio>
#include <memory>

namespace ssi {

struct FileCloser {
  void operator()(std::FILE* f) const { std::fclose(f); }
};
using CFile = std::unique_ptr<std::FILE, FileCloser>;

}  // namespace ssi
