#include "util/toml_fields.hpp"
#include "util/text.hpp"

namespace ssi {

Expected<toml::table> parse_toml(const std::string& text, const std::filesystem::path& file) {
  try {
    return toml::parse(text, file.string());
  } catch (const toml::parse_error& e) {
    return bad_input(file.string() + ":" + std::to_string(e.source().begin.line) + ": " + std::string(e.description()));
  }
}

void Problems::add(int line, const std::string& key, const std::string& what) {
  lines_.push_back(file_ + ":" + std::to_string(line) + ": " + key + ": " + what);
}

std::string Problems::joined() const {
  std::string out;
  for (const auto& l : lines_) append_line(out, l);
  return out;
}

Fields::Fields(const toml::table& table, std::string path, Problems& problems)
    : table_(table), path_(std::move(path)), problems_(problems) {}

Fields::~Fields() {
  for (const auto& [key, node] : table_) {
    const std::string k(key.str());
    if (!asked_.count(k)) problems_.add(static_cast<int>(node.source().begin.line), name(k), "unknown key");
  }
}

std::string Fields::name(const std::string& key) const { return path_.empty() ? key : path_ + "." + key; }

int Fields::line() const { return static_cast<int>(table_.source().begin.line); }

int Fields::line_of(const std::string& key) const {
  const toml::node* node = table_.get(key);
  return node ? static_cast<int>(node->source().begin.line) : line();
}

const toml::node* Fields::take(const std::string& key, Required required) {
  asked_.insert(key);
  const toml::node* node = table_.get(key);
  if (!node && required == Required::yes) problems_.add(line(), name(key), "missing (required)");
  return node;
}

std::string Fields::text(const std::string& key, Required required) {
  const toml::node* node = take(key, required);
  if (!node) return "";
  if (const auto* s = node->as_string()) {
    if (s->get().empty() && required == Required::yes) problems_.add(line_of(key), name(key), "must not be empty");
    return s->get();
  }
  problems_.add(line_of(key), name(key), "must be a string");
  return "";
}

std::vector<std::string> Fields::texts(const std::string& key, Required required) {
  const toml::node* node = take(key, required);
  std::vector<std::string> out;
  if (!node) return out;
  if (const auto* s = node->as_string()) return {s->get()};
  const auto* array = node->as_array();
  if (!array) {
    problems_.add(line_of(key), name(key), "must be a string or an array of strings");
    return out;
  }
  for (std::size_t i = 0; i < array->size(); ++i) {
    if (const auto* s = (*array)[i].as_string()) out.push_back(s->get());
    else problems_.add(static_cast<int>((*array)[i].source().begin.line), name(key) + "[" + std::to_string(i) + "]",
                       "must be a string");
  }
  return out;
}

std::optional<int> Fields::integer(const std::string& key) {
  const toml::node* node = take(key, Required::no);
  if (!node) return std::nullopt;
  if (const auto* i = node->as_integer()) return static_cast<int>(i->get());
  problems_.add(line_of(key), name(key), "must be an integer");
  return std::nullopt;
}

std::optional<bool> Fields::boolean(const std::string& key) {
  const toml::node* node = take(key, Required::no);
  if (!node) return std::nullopt;
  if (const auto* b = node->as_boolean()) return b->get();
  problems_.add(line_of(key), name(key), "must be true or false");
  return std::nullopt;
}

const toml::table* Fields::table(const std::string& key) {
  const toml::node* node = take(key, Required::no);
  if (!node) return nullptr;
  if (const auto* t = node->as_table()) return t;
  problems_.add(line_of(key), name(key), "must be a table");
  return nullptr;
}

std::vector<const toml::table*> Fields::tables(const std::string& key) {
  const toml::node* node = take(key, Required::no);
  std::vector<const toml::table*> out;
  if (!node) return out;
  const auto* array = node->as_array();
  if (!array) {
    problems_.add(line_of(key), name(key), "must be an array of tables ([[" + key + "]])");
    return out;
  }
  for (std::size_t i = 0; i < array->size(); ++i) {
    if (const auto* t = (*array)[i].as_table()) out.push_back(t);
    else problems_.add(static_cast<int>((*array)[i].source().begin.line), name(key) + "[" + std::to_string(i) + "]",
                       "must be a table");
  }
  return out;
}

}  // namespace ssi
