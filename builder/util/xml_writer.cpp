#include "util/xml_writer.hpp"

namespace ssi {

std::string xml_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  append_xml_escaped(out, text);
  return out;
}

void append_xml_escaped(std::string& out, std::string_view text) {
  for (const char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default:
        // XML 1.0 forbids most control characters even when escaped: drop them.
        if (static_cast<unsigned char>(c) < 0x20 && c != '\n' && c != '\t' && c != '\r') break;
        out += c;
    }
  }
}

XmlWriter::XmlWriter() : out_("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n") {}

void XmlWriter::start_tag(std::string_view name,
                          std::initializer_list<std::pair<std::string_view, std::string_view>> attrs) {
  out_.append(static_cast<std::size_t>(depth_) * 2, ' ');
  out_ += '<';
  out_ += name;
  for (const auto& [key, value] : attrs) {
    out_ += ' ';
    out_ += key;
    out_ += "=\"";
    append_xml_escaped(out_, value);
    out_ += '"';
  }
}

XmlWriter& XmlWriter::open(std::string_view name,
                           std::initializer_list<std::pair<std::string_view, std::string_view>> attrs) {
  start_tag(name, attrs);
  out_ += ">\n";
  ++depth_;
  return *this;
}

XmlWriter& XmlWriter::close(std::string_view name) {
  --depth_;
  out_.append(static_cast<std::size_t>(depth_) * 2, ' ');
  out_ += "</";
  out_ += name;
  out_ += ">\n";
  return *this;
}

XmlWriter& XmlWriter::element(std::string_view name, std::string_view text,
                              std::initializer_list<std::pair<std::string_view, std::string_view>> attrs) {
  if (text.empty()) return empty(name, attrs);
  start_tag(name, attrs);
  out_ += '>';
  append_xml_escaped(out_, text);
  out_ += "</";
  out_ += name;
  out_ += ">\n";
  return *this;
}

XmlWriter& XmlWriter::empty(std::string_view name,
                            std::initializer_list<std::pair<std::string_view, std::string_view>> attrs) {
  start_tag(name, attrs);
  out_ += "/>\n";
  return *this;
}

}  // namespace ssi
