#pragma once
// A small append-only XML writer: escaping, attributes, indentation. Enough for rpm-md.
#include <cstdint>
#include <string>
#include <string_view>

namespace ssi {

std::string xml_escape(std::string_view text);
void append_xml_escaped(std::string& out, std::string_view text);

class XmlWriter {
 public:
  XmlWriter();
  // open("name", {{"a","1"}}) writes <name a="1">; empty values are kept.
  XmlWriter& open(std::string_view name, std::initializer_list<std::pair<std::string_view, std::string_view>> attrs = {});
  XmlWriter& close(std::string_view name);
  // <name attrs>text</name>, or <name attrs/> when text is empty.
  XmlWriter& element(std::string_view name, std::string_view text,
                     std::initializer_list<std::pair<std::string_view, std::string_view>> attrs = {});
  XmlWriter& empty(std::string_view name, std::initializer_list<std::pair<std::string_view, std::string_view>> attrs);
  // Room for the whole document up front: a large one grown by doubling is copied over and over.
  void reserve(std::size_t bytes) { out_.reserve(bytes); }
  std::string take() { return std::move(out_); }

 private:
  void start_tag(std::string_view name, std::initializer_list<std::pair<std::string_view, std::string_view>> attrs);
  std::string out_;
  int depth_ = 0;
};

}  // namespace ssi
