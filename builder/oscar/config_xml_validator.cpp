#include "oscar/config_xml_validator.hpp"

#include <libxml/parser.h>
#include <libxml/xmlschemas.h>

#include <memory>

#include "oscar/schema.hpp"

namespace ssi::oscar {
namespace fs = std::filesystem;
namespace {

template <class T, void (*Free)(T*)>
struct XmlFree {
  void operator()(T* p) const {
    if (p) Free(p);
  }
};
using SchemaParser = std::unique_ptr<xmlSchemaParserCtxt, XmlFree<xmlSchemaParserCtxt, xmlSchemaFreeParserCtxt>>;
using Schema = std::unique_ptr<xmlSchema, XmlFree<xmlSchema, xmlSchemaFree>>;
using Validator = std::unique_ptr<xmlSchemaValidCtxt, XmlFree<xmlSchemaValidCtxt, xmlSchemaFreeValidCtxt>>;
using ParserContext = std::unique_ptr<xmlParserCtxt, XmlFree<xmlParserCtxt, xmlFreeParserCtxt>>;
using Document = std::unique_ptr<xmlDoc, XmlFree<xmlDoc, xmlFreeDoc>>;

// libxml2 reports through callbacks: collect "FILE:LINE: message" lines.
void collect(void* sink, xmlErrorPtr error) {
  auto* lines = static_cast<std::vector<std::string>*>(sink);
  std::string message = error->message ? error->message : "error";
  while (!message.empty() && message.back() == '\n') message.pop_back();
  lines->push_back(std::string(error->file ? error->file : "?") + ":" + std::to_string(error->line) + ": " + message);
}

Expected<Schema> load_schema(const std::optional<fs::path>& schema_file) {
  std::vector<std::string> errors;
  SchemaParser parser(schema_file ? xmlSchemaNewParserCtxt(schema_file->c_str())
                                  : xmlSchemaNewMemParserCtxt(opkg_schema().data(), static_cast<int>(opkg_schema().size())));
  if (!parser) return bad_input("cannot read the schema");
  xmlSchemaSetParserStructuredErrors(parser.get(), collect, &errors);
  Schema schema(xmlSchemaParse(parser.get()));
  if (!schema) {
    const std::string where = schema_file ? schema_file->string() : "built-in opkg schema";
    return bad_input(where + ": not a usable XML schema" + (errors.empty() ? "" : ": " + errors.front()));
  }
  return schema;
}

}  // namespace

Expected<std::vector<std::string>> validate_config_xml(const fs::path& file, const std::optional<fs::path>& schema_file) {
  if (!fs::is_regular_file(file)) return std::vector<std::string>{file.string() + ": no such file"};
  auto schema = load_schema(schema_file);
  if (!schema) return schema.error();
  std::vector<std::string> errors;
  ParserContext context(xmlNewParserCtxt());
  xmlSetStructuredErrorFunc(&errors, collect);
  Document doc(xmlCtxtReadFile(context.get(), file.c_str(), nullptr, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING));
  xmlSetStructuredErrorFunc(nullptr, nullptr);
  if (!doc) {
    if (const xmlError* e = xmlCtxtGetLastError(context.get()); e && errors.empty())
      errors.push_back(file.string() + ":" + std::to_string(e->line) + ": " + (e->message ? e->message : "not XML"));
    if (errors.empty()) errors.push_back(file.string() + ": cannot read");
    return errors;
  }
  Validator validator(xmlSchemaNewValidCtxt(schema->get()));
  xmlSchemaSetValidStructuredErrors(validator.get(), collect, &errors);
  if (xmlSchemaValidateDoc(validator.get(), doc.get()) != 0 && errors.empty())
    errors.push_back(file.string() + ": does not match the schema");
  return errors;
}

}  // namespace ssi::oscar
