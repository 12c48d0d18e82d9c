#pragma once
// The readers under fuzzing, by target name. The fuzz targets (TARGET_fuzz.cpp) and the test
// that replays saved findings (fuzz_regressions_test.cpp) go through this one table. The readers
// take files: an input is written to one file per process and handed over by path.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <string>

#include "debimport/deb_reader.hpp"
#include "image/image_definition.hpp"
#include "kernel/kernel_definition.hpp"
#include "oscar/config_xml_reader.hpp"
#include "recipe/recipe_parser.hpp"
#include "rpm/header_reader.hpp"
#include "util/fs.hpp"

namespace ssi::fuzz {

struct Reader {
  std::string file_name;  // what the input is called on disk
  std::function<bool(const std::filesystem::path&)> read;  // true when the input was accepted
};

inline const std::map<std::string, Reader>& readers() {
  static const std::map<std::string, Reader> table = {
      {"rpm_header", {"input.rpm", [](const auto& f) { return rpm::read_package(f, "input.rpm").ok(); }}},
      {"recipe", {"recipe.toml", [](const auto& f) {
                    auto text = read_file(f);
                    return text && recipe::parse_recipe(*text, f).ok();
                  }}},
      {"kernel_definition", {"kernel.toml", [](const auto& f) { return kernel::load_kernel(f).ok(); }}},
      {"image_definition", {"image.toml", [](const auto& f) { return image::load_image(f).ok(); }}},
      {"config_xml", {"config.xml", [](const auto& f) { return oscar::read_config_xml(f, "fuzzed").ok(); }}},
      {"deb", {"input.deb", [](const auto& f) { return debimport::read_deb(f).ok(); }}},
  };
  return table;
}

inline int run_one(const std::string& target, const std::uint8_t* data, std::size_t size) {
  static const std::filesystem::path dir = [] {
    auto d = std::filesystem::temp_directory_path() / ("ssi-oscar-fuzz-" + std::to_string(::getpid()));
    std::filesystem::create_directories(d);
    return d;
  }();
  const Reader& reader = readers().at(target);
  const auto file = dir / reader.file_name;
  std::ofstream(file, std::ios::binary | std::ios::trunc)
      .write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  (void)reader.read(file);
  return 0;
}

}  // namespace ssi::fuzz

// Each TARGET_fuzz.cpp is this one line with its target's name.
#define SSI_OSCAR_FUZZ_TARGET(name)                                                    \
  extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) { \
    return ssi::fuzz::run_one(name, data, size);                                       \
  }
