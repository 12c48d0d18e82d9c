#pragma once
// A parsed XML file (libxml2) and the few tree walks the OSCAR readers need.
#include <libxml/tree.h>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "util/error.hpp"

namespace ssi::oscar {

struct DocFree {
  void operator()(xmlDoc* d) const { xmlFreeDoc(d); }
};
using XmlDocument = std::unique_ptr<xmlDoc, DocFree>;

// libxml2's structured-error callback: appends "FILE:LINE: message" to a std::vector<std::string>.
void collect_xml_error(void* lines, xmlErrorPtr error);

// Parse errors come back as "FILE:LINE: what" lines in `errors`; the document is null then.
XmlDocument parse_xml(const std::filesystem::path& file, std::vector<std::string>& errors);

std::vector<xmlNode*> children(xmlNode* node, const char* name);  // element children by name
xmlNode* child(xmlNode* node, const char* name);                 // the first, or null
std::string text(xmlNode* node);                                  // trimmed text content ("" for null)
std::string attribute(xmlNode* node, const char* name);

}  // namespace ssi::oscar
