#pragma once
// A folder of TOML definitions of one kind (kernels/, distros/): all of them loaded with every
// file's problems at once, or one found by its name or its path.
#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "util/error.hpp"
#include "util/text.hpp"

namespace ssi {

template <class T>
using DefinitionLoader = Expected<T> (*)(const std::filesystem::path& file);

// `kind` names the definitions in messages: "kernel", "distribution".
template <class T>
Expected<std::vector<T>> load_definitions(const std::filesystem::path& dir, const std::string& kind, DefinitionLoader<T> load) {
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) return bad_input(dir.string() + ": no such folder of " + kind + " definitions");
  std::vector<std::filesystem::path> files;
  for (const auto& e : std::filesystem::directory_iterator(dir))
    if (e.is_regular_file() && e.path().extension() == ".toml") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  std::vector<T> loaded;
  std::string problems;
  for (const auto& f : files) {
    auto one = load(f);
    if (one) loaded.push_back(std::move(one).value());
    else append_line(problems, one.error().message);
  }
  if (!problems.empty()) return bad_input(problems);
  return loaded;
}

// A path (holding "/" or ending in .toml), DIR/NAME.toml, or the definition named NAME.
template <class T>
Expected<T> find_definition(const std::filesystem::path& dir, const std::string& name_or_file, const std::string& kind,
                            DefinitionLoader<T> load) {
  if (name_or_file.find('/') != std::string::npos || std::filesystem::path(name_or_file).extension() == ".toml")
    return load(name_or_file);
  const std::filesystem::path file = dir / (name_or_file + ".toml");
  if (std::filesystem::is_regular_file(file)) return load(file);
  auto all = load_definitions<T>(dir, kind, load);
  if (!all) return all.error();
  for (auto& one : *all)
    if (one.name == name_or_file) return std::move(one);
  std::string known;
  for (const auto& one : *all) known += (known.empty() ? "" : ", ") + one.name;
  return bad_input(kind + " " + name_or_file + ": not defined in " + dir.string() + (known.empty() ? "" : " (defined: " + known + ")"));
}

}  // namespace ssi
