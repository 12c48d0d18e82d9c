#include "oscar/config_xml_validator.hpp"

#include <libxml/xmlschemas.h>

#include <memory>

#include "oscar/xml_document.hpp"

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

Expected<Schema> load_schema(ConfigFormat format, const std::optional<fs::path>& schema_file) {
  std::vector<std::string> errors;
  const std::string_view built_in = opkg_schema(format);
  SchemaParser parser(schema_file ? xmlSchemaNewParserCtxt(schema_file->c_str())
                                  : xmlSchemaNewMemParserCtxt(built_in.data(), static_cast<int>(built_in.size())));
  if (!parser) return bad_input("cannot read the schema");
  xmlSchemaSetParserStructuredErrors(parser.get(), collect_xml_error, &errors);
  Schema schema(xmlSchemaParse(parser.get()));
  if (!schema) {
    const std::string where = schema_file ? schema_file->string() : std::string("built-in ") + format_name(format) + " schema";
    return bad_input(where + ": not a usable XML schema" + (errors.empty() ? "" : ": " + errors.front()));
  }
  return schema;
}

ConfigFormat detect_format(xmlDoc* doc) {
  xmlNode* root = xmlDocGetRootElement(doc);
  return child(root, "rpmlist") || child(root, "packager") ? ConfigFormat::oscar4 : ConfigFormat::opkg61;
}

}  // namespace

Expected<Validation> validate_config_xml(const fs::path& file, const std::optional<fs::path>& schema_file) {
  Validation result;
  if (!fs::is_regular_file(file)) {
    result.errors.push_back(file.string() + ": no such file");
    return result;
  }
  XmlDocument doc = parse_xml(file, result.errors);
  if (!doc) return result;
  result.format = detect_format(doc.get());
  auto schema = load_schema(result.format, schema_file);
  if (!schema) return schema.error();
  Validator validator(xmlSchemaNewValidCtxt(schema->get()));
  xmlSchemaSetValidStructuredErrors(validator.get(), collect_xml_error, &result.errors);
  if (xmlSchemaValidateDoc(validator.get(), doc.get()) != 0 && result.errors.empty())
    result.errors.push_back(file.string() + ": does not match the schema");
  return result;
}

}  // namespace ssi::oscar
