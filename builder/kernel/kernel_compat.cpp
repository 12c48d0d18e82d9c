#include "kernel/kernel_compat.hpp"

#include <cstdint>
#include <cstring>
#include <fstream>
#include <iterator>
#include <map>
#include <regex>
#include <sstream>

#include "util/fs.hpp"
#include "util/text.hpp"

namespace ssi::kernel {
namespace fs = std::filesystem;

std::vector<std::string> initramfs_compressions(const std::string& config_text) {
  static const std::map<std::string, std::string> kOptions = {
      {"CONFIG_RD_GZIP=y", "gzip"}, {"CONFIG_RD_BZIP2=y", "bzip2"}, {"CONFIG_RD_LZMA=y", "lzma"}, {"CONFIG_RD_XZ=y", "xz"},
      {"CONFIG_RD_LZO=y", "lzo"},   {"CONFIG_RD_LZ4=y", "lz4"},     {"CONFIG_RD_ZSTD=y", "zstd"}};
  std::vector<std::string> found;
  std::istringstream lines(config_text);
  for (std::string line; std::getline(lines, line);)
    if (auto it = kOptions.find(line); it != kOptions.end()) found.push_back(it->second);
  return found;
}

namespace {

template <typename T>
T read_at(const std::string& data, std::size_t offset) {
  T value{};
  if (offset + sizeof(T) <= data.size()) std::memcpy(&value, data.data() + offset, sizeof(T));
  return value;
}

}  // namespace

std::optional<std::string> elf_minimum_kernel(const fs::path& elf) {
  std::ifstream in(elf, std::ios::binary);
  std::string data(static_cast<std::size_t>(1) << 16, '\0');  // the notes sit right after the headers
  in.read(data.data(), static_cast<std::streamsize>(data.size()));
  data.resize(static_cast<std::size_t>(in.gcount()));
  return elf_minimum_kernel_in(data);
}

std::optional<std::string> elf_minimum_kernel_in(const std::string& data) {
  if (data.size() < 64 || data.compare(0, 4, "\x7f" "ELF") != 0 || data[4] != 2 || data[5] != 1) return std::nullopt;
  const auto phoff = read_at<std::uint64_t>(data, 32);
  const auto phentsize = read_at<std::uint16_t>(data, 54), phnum = read_at<std::uint16_t>(data, 56);
  for (std::uint16_t i = 0; i < phnum; ++i) {
    const std::size_t ph = phoff + static_cast<std::size_t>(i) * phentsize;
    if (read_at<std::uint32_t>(data, ph) != 4) continue;  // PT_NOTE
    const auto offset = read_at<std::uint64_t>(data, ph + 8), size = read_at<std::uint64_t>(data, ph + 32);
    for (std::size_t at = offset; at + 12 <= offset + size && at + 12 <= data.size();) {
      const auto namesz = read_at<std::uint32_t>(data, at), descsz = read_at<std::uint32_t>(data, at + 4);
      const auto type = read_at<std::uint32_t>(data, at + 8);
      const std::size_t name = at + 12, desc = name + ((namesz + 3) & ~3u);
      if (type == 1 && namesz == 4 && data.compare(name, 4, std::string("GNU\0", 4)) == 0 && descsz >= 16 &&
          read_at<std::uint32_t>(data, desc) == 0)  // ELF_NOTE_OS_LINUX
        return std::to_string(read_at<std::uint32_t>(data, desc + 4)) + "." +
               std::to_string(read_at<std::uint32_t>(data, desc + 8)) + "." +
               std::to_string(read_at<std::uint32_t>(data, desc + 12));
      at = desc + ((descsz + 3) & ~3u);
    }
  }
  return std::nullopt;
}

std::optional<fs::path> find_libc(const fs::path& root) {
  for (const char* place : {"lib/x86_64-linux-gnu/libc.so.6", "usr/lib/x86_64-linux-gnu/libc.so.6", "lib64/libc.so.6",
                            "usr/lib64/libc.so.6"}) {
    std::error_code ec;
    const fs::path p = root / place;
    if (fs::is_regular_file(p, ec)) return p;
  }
  return std::nullopt;
}

std::optional<std::string> glibc_release(const fs::path& libc) {
  std::ifstream in(libc, std::ios::binary);
  const std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const std::string banner = "stable release version ";
  const auto at = data.find(banner);
  if (at == std::string::npos) return std::nullopt;
  const auto start = at + banner.size(), end = data.find_first_not_of("0123456789.", start);
  std::string release = data.substr(start, end == std::string::npos ? std::string::npos : end - start);
  while (!release.empty() && release.back() == '.') release.pop_back();
  if (release.empty()) return std::nullopt;
  return release;
}

std::optional<std::string> glibc_documented_minimum(const std::string& release) {
  if (compare_versions(release, "2.26") < 0) return std::nullopt;
  return "3.2.0";
}

int compare_versions(const std::string& a, const std::string& b) {
  auto numbers = [](const std::string& v) {
    std::vector<long> out;
    std::istringstream in(v);
    for (std::string part; std::getline(in, part, '.') && !part.empty() && std::isdigit(static_cast<unsigned char>(part[0]));)
      out.push_back(static_cast<long>(parse_number(part.substr(0, part.find_first_not_of("0123456789"))).value_or(0)));
    out.resize(3, 0);
    return out;
  };
  const auto x = numbers(a), y = numbers(b);
  return x < y ? -1 : (x > y ? 1 : 0);
}

std::vector<std::string> compat_backports(const KernelDefinition& kernel) {
  static const std::regex kAdded(R"(.*\(Linux [0-9]+\.[0-9]+(\.[0-9]+)?\)\s*$)");
  std::vector<std::string> out;
  if (!kernel.build || kernel.build->patch_series.empty()) return out;
  for (const auto& p : kernel.recipe.patches) {
    if (!p.file.starts_with(kernel.build->patch_series)) continue;
    auto text = read_file(kernel.recipe.dir / p.file);
    if (!text) continue;
    const std::string first = text->substr(0, text->find('\n'));
    if (std::regex_match(first, kAdded)) out.push_back(first);
  }
  return out;
}

}  // namespace ssi::kernel
