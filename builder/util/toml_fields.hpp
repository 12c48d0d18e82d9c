#pragma once
// Typed access to one TOML table that remembers which keys were read, so every key nobody asked
// for is reported as unknown. Problems are collected, not thrown: a recipe reports all at once.
#include <toml++/toml.h>

#include <filesystem>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "util/error.hpp"

namespace ssi {

// A whole TOML document, or its syntax error as FILE:LINE: what (exit 2).
Expected<toml::table> parse_toml(const std::string& text, const std::filesystem::path& file);

class Problems {
 public:
  explicit Problems(std::string file) : file_(std::move(file)) {}
  void add(int line, const std::string& key, const std::string& what);
  bool empty() const { return lines_.empty(); }
  std::string joined() const;

 private:
  std::string file_;
  std::vector<std::string> lines_;
};

enum class Required { yes, no };

class Fields {
 public:
  // `path` names the table in messages: "package", "subpackage[2]".
  Fields(const toml::table& table, std::string path, Problems& problems);
  ~Fields();  // reports the keys that were never asked for
  Fields(const Fields&) = delete;
  Fields& operator=(const Fields&) = delete;

  std::string text(const std::string& key, Required required = Required::no);
  // A string or an array of strings.
  std::vector<std::string> texts(const std::string& key, Required required = Required::no);
  std::optional<int> integer(const std::string& key);
  std::optional<bool> boolean(const std::string& key);
  const toml::table* table(const std::string& key);
  // An array of tables ([[key]]): each with its index.
  std::vector<const toml::table*> tables(const std::string& key);
  // The node itself, marked as asked for: for values of more than one shape.
  const toml::node* raw(const std::string& key) { return take(key, Required::no); }
  int line() const;
  int line_of(const std::string& key) const;
  const std::string& path() const { return path_; }
  Problems& problems() { return problems_; }

 private:
  const toml::node* take(const std::string& key, Required required);
  std::string name(const std::string& key) const;

  const toml::table& table_;
  std::string path_;
  Problems& problems_;
  std::set<std::string> asked_;
};

}  // namespace ssi
