#include "oscar/config_xml_reader.hpp"

#include <regex>

#include "oscar/xml_document.hpp"

namespace ssi::oscar {
namespace {

std::vector<PackageRef> package_blocks(xmlNode* parent, const char* tag) {
  std::vector<PackageRef> refs;
  for (xmlNode* block : children(parent, tag)) {
    std::vector<std::string> dists, archs;
    xmlNode* filters = child(block, "filters");
    for (xmlNode* d : children(filters, "dist")) dists.push_back(text(d));
    for (xmlNode* a : children(filters, "arch")) archs.push_back(text(a));
    for (xmlNode* pkg : children(block, "pkg")) {
      PackageRef r = PackageRef::named(text(pkg), attribute(pkg, "rel"), attribute(pkg, "version"));
      r.dists = dists;
      r.archs = archs;
      refs.push_back(std::move(r));
    }
  }
  return refs;
}

DepsList deps_list(xmlNode* node) {
  return {package_blocks(node, "requires"), package_blocks(node, "conflicts"), package_blocks(node, "provides")};
}

// The elements both formats share; the upstream address is <uri> in 6.1 and <url> in OSCAR 4.
void read_common(xmlNode* root, Opkg& p, const char* address) {
  if (const std::string c = text(child(root, "class")); !c.empty()) p.class_ = c;
  p.summary = text(child(root, "summary"));
  p.description = text(child(root, "description"));
  p.license = text(child(root, "license"));
  p.group = text(child(root, "group"));
  p.uri = text(child(root, address));
}

void read_opkg61(xmlNode* root, ReadPackage& out) {
  Opkg& p = out.opkg;
  read_common(root, p, "uri");
  for (xmlNode* authors : children(root, "authors"))
    for (xmlNode* a : children(authors, "author"))
      p.authors.push_back({text(child(a, "name")), text(child(a, "email")), attribute(a, "cat")});
  p.oscar = deps_list(root);
  p.server = deps_list(child(root, "serverDeps"));
  p.client = deps_list(child(root, "clientDeps"));
  p.common = deps_list(child(root, "commonDeps"));
  for (xmlNode* version : children(child(root, "changelog"), "versionEntry"))
    for (xmlNode* entry : children(version, "changelogEntry")) {
      ChangelogItem item{attribute(version, "version"), attribute(entry, "authorName"), attribute(entry, "date"), {}};
      for (xmlNode* i : children(entry, "item")) item.items.push_back(text(i));
      p.changelog.push_back(std::move(item));
    }
  if (!p.changelog.empty()) {
    const std::string& v = p.changelog.front().version;
    const auto dash = v.rfind('-');
    out.version = v.substr(0, dash);
    out.release = dash == std::string::npos ? "1" : v.substr(dash + 1);
  }
}

// OSCAR 4: <rpmlist> blocks whose group filter says which part gets them; without one, both.
void read_oscar4(xmlNode* root, ReadPackage& out) {
  Opkg& p = out.opkg;
  read_common(root, p, "url");
  for (const char* who : {"packager", "maintainer"})
    for (xmlNode* person : children(root, who))
      p.authors.push_back({text(child(person, "name")), text(child(person, "email")), "maintainer"});
  xmlNode* version = child(root, "version");
  for (const char* part : {"major", "minor", "subversion"})
    if (const std::string piece = text(child(version, part)); !piece.empty()) {
      if (!out.version.empty()) out.version.push_back('.');
      out.version.append(piece);
    }
  const std::string release = text(child(version, "release"));
  out.release = release.empty() ? std::string(1, '1') : release;
  for (xmlNode* list : children(root, "rpmlist")) {
    std::string group;
    std::vector<std::string> dists, archs;
    for (xmlNode* filter : children(list, "filter")) {
      if (const std::string g = attribute(filter, "group"); !g.empty()) group = g;
      if (const std::string d = attribute(filter, "distribution"); !d.empty()) dists.push_back(d);
      if (const std::string a = attribute(filter, "architecture"); !a.empty()) archs.push_back(a);
    }
    DepsList& side = group == "oscar_server" ? p.server : group == "oscar_clients" ? p.client : p.common;
    for (xmlNode* rpm : children(list, "rpm")) {
      PackageRef r = PackageRef::named(text(rpm));
      r.dists = dists;
      r.archs = archs;
      side.requires_.push_back(std::move(r));
    }
  }
  for (const auto& [tag, refs] : {std::pair{"requires", &p.oscar.requires_}, std::pair{"conflicts", &p.oscar.conflicts},
                                  std::pair{"provides", &p.oscar.provides}})
    for (xmlNode* relation : children(root, tag)) refs->push_back(PackageRef::named(text(child(relation, "name"))));
}

}  // namespace

Expected<ReadPackage> read_config_xml(const std::filesystem::path& file, const std::string& id) {
  std::vector<std::string> errors;
  XmlDocument doc = parse_xml(file, errors);
  if (!doc) return bad_input(errors.front());
  xmlNode* root = xmlDocGetRootElement(doc.get());
  if (!root || std::string(reinterpret_cast<const char*>(root->name)) != "oscar")
    return bad_input(file.string() + ": not an OSCAR package description (<oscar> root expected)");
  ReadPackage out;
  out.format = child(root, "rpmlist") || child(root, "packager") ? ConfigFormat::oscar4 : ConfigFormat::opkg61;
  // OSCAR 4's <name> is a display name ("Client Kernel Selector"); its packages were known by
  // their folder. opkg 6.1 names the package itself.
  out.opkg.name = text(child(root, "name"));
  static const std::regex identifier("[A-Za-z0-9][A-Za-z0-9._+-]*");
  if (out.format == ConfigFormat::oscar4 || !std::regex_match(out.opkg.name, identifier)) out.opkg.name = id;
  if (out.format == ConfigFormat::oscar4) read_oscar4(root, out);
  else read_opkg61(root, out);
  return out;
}

}  // namespace ssi::oscar
