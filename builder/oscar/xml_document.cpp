#include "oscar/xml_document.hpp"

#include <libxml/parser.h>

#include <cstring>

namespace ssi::oscar {

void collect_xml_error(void* sink, xmlErrorPtr error) {
  std::string message = error->message ? error->message : "error";
  while (!message.empty() && message.back() == '\n') message.pop_back();
  static_cast<std::vector<std::string>*>(sink)->push_back(std::string(error->file ? error->file : "?") + ":" +
                                                          std::to_string(error->line) + ": " + message);
}

namespace {
struct ContextFree {
  void operator()(xmlParserCtxt* c) const { xmlFreeParserCtxt(c); }
};
}  // namespace

XmlDocument parse_xml(const std::filesystem::path& file, std::vector<std::string>& errors) {
  std::unique_ptr<xmlParserCtxt, ContextFree> context(xmlNewParserCtxt());
  xmlSetStructuredErrorFunc(&errors, collect_xml_error);
  XmlDocument doc(xmlCtxtReadFile(context.get(), file.c_str(), nullptr,
                                  XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING));
  xmlSetStructuredErrorFunc(nullptr, nullptr);
  if (!doc && errors.empty()) errors.push_back(file.string() + ": cannot read");
  return doc;
}

std::vector<xmlNode*> children(xmlNode* node, const char* name) {
  std::vector<xmlNode*> out;
  if (!node) return out;
  for (xmlNode* c = node->children; c; c = c->next)
    if (c->type == XML_ELEMENT_NODE && std::strcmp(reinterpret_cast<const char*>(c->name), name) == 0) out.push_back(c);
  return out;
}

xmlNode* child(xmlNode* node, const char* name) {
  auto all = children(node, name);
  return all.empty() ? nullptr : all.front();
}

std::string text(xmlNode* node) {
  if (!node) return "";
  xmlChar* content = xmlNodeGetContent(node);
  std::string s = content ? reinterpret_cast<const char*>(content) : "";
  xmlFree(content);
  const auto first = s.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return "";
  return s.substr(first, s.find_last_not_of(" \t\r\n") - first + 1);
}

std::string attribute(xmlNode* node, const char* name) {
  xmlChar* value = xmlGetProp(node, reinterpret_cast<const xmlChar*>(name));
  std::string s = value ? reinterpret_cast<const char*>(value) : "";
  xmlFree(value);
  return s;
}

}  // namespace ssi::oscar
