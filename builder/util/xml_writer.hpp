#pragma once
// A small append-only XML writer: escaping, attributes, indentation. Enough for rpm-md.
#include <cstdint>
#include <string>
#include <string_view>

namespace ssi {

std::string xml_escape(std::string_view text);

class XmlWriter {
 public:
  XmlWriter();
  // open("name", {{"a","1"}}) writes <name a="1">; empty values are kept.
  XmlWriter& open(std::string_view name, std::initializer_list<std::pair<std::string_view, std::string>> attrs = {});
  XmlWriter& close(std::string_view name);
  // <name attrs>text</name>, or <name attrs/> when text is empty.
  XmlWriter& element(std::string_view name, std::string_view text,
                     std::initializer_list<std::pair<std::string_view, std::string>> attrs = {});
  XmlWriter& empty(std::string_view name, std::initializer_list<std::pair<std::string_view, std::string>> attrs);
  std::string take() { return std::move(out_); }

 private:
  void start_tag(std::string_view name, std::initializer_list<std::pair<std::string_view, std::string>> attrs);
  std::string out_;
  int depth_ = 0;
};

}  // namespace ssi
