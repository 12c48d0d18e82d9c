#include "oscar/config_xml_writer.hpp"

#include "util/xml_writer.hpp"

namespace ssi::oscar {
namespace {

// One <requires> (or <conflicts>, ...) block per run of references sharing their filters.
void package_list(XmlWriter& xml, const char* tag, const std::vector<PackageRef>& refs) {
  for (std::size_t i = 0; i < refs.size();) {
    xml.open(tag);
    if (!refs[i].dists.empty() || !refs[i].archs.empty()) {
      xml.open("filters");
      for (const auto& d : refs[i].dists) xml.element("dist", d);
      for (const auto& a : refs[i].archs) xml.element("arch", a);
      xml.close("filters");
    }
    std::size_t j = i;
    for (; j < refs.size() && refs[j].dists == refs[i].dists && refs[j].archs == refs[i].archs; ++j) {
      if (refs[j].relation.empty()) xml.element("pkg", refs[j].name);
      else xml.element("pkg", refs[j].name, {{"rel", refs[j].relation}, {"version", refs[j].version}});
    }
    xml.close(tag);
    i = j;
  }
}

void deps(XmlWriter& xml, const char* tag, const DepsList& d) {
  if (d.empty()) return;
  xml.open(tag);
  package_list(xml, "provides", d.provides);
  package_list(xml, "conflicts", d.conflicts);
  package_list(xml, "requires", d.requires_);
  xml.close(tag);
}

}  // namespace

std::string render_config_xml(const Opkg& p) {
  XmlWriter xml;
  xml.open("oscar");
  xml.element("name", p.name);
  xml.element("class", p.class_);
  xml.element("summary", p.summary);
  if (!p.description.empty()) xml.element("description", p.description);
  xml.element("license", p.license);
  xml.element("group", p.group);
  if (!p.uri.empty()) xml.element("uri", p.uri);
  xml.open("authors");
  for (const Author& a : p.authors) {
    xml.open("author", {{"cat", a.category}});
    xml.element("name", a.name);
    xml.element("email", a.email);
    xml.close("author");
  }
  xml.close("authors");
  // OSCAR-level relations sit at the top, in the schema's order.
  package_list(xml, "provides", p.oscar.provides);
  package_list(xml, "conflicts", p.oscar.conflicts);
  package_list(xml, "requires", p.oscar.requires_);
  deps(xml, "serverDeps", p.server);
  deps(xml, "clientDeps", p.client);
  deps(xml, "commonDeps", p.common);
  xml.open("changelog");
  for (const ChangelogItem& c : p.changelog) {
    xml.open("versionEntry", {{"version", c.version}});
    xml.open("changelogEntry", {{"authorName", c.author}, {"date", c.date}});
    for (const auto& item : c.items) xml.element("item", item);
    xml.close("changelogEntry");
    xml.close("versionEntry");
  }
  xml.close("changelog");
  xml.close("oscar");
  return xml.take();
}

namespace {

void rpm_lists(XmlWriter& xml, const std::vector<PackageRef>& refs, const char* group) {
  for (std::size_t i = 0; i < refs.size();) {
    xml.open("rpmlist");
    if (group) xml.empty("filter", {{"group", group}});
    for (const auto& d : refs[i].dists) xml.empty("filter", {{"distribution", d}});
    for (const auto& a : refs[i].archs) xml.empty("filter", {{"architecture", a}});
    std::size_t j = i;
    for (; j < refs.size() && refs[j].dists == refs[i].dists && refs[j].archs == refs[i].archs; ++j)
      xml.element("rpm", refs[j].name);
    xml.close("rpmlist");
    i = j;
  }
}

void oscar_relations(XmlWriter& xml, const char* tag, const std::vector<PackageRef>& refs) {
  for (const auto& r : refs) {
    xml.open(tag);
    xml.element("type", "package");
    xml.element("name", r.name);
    xml.close(tag);
  }
}

}  // namespace

std::string render_config_xml_oscar4(const Opkg& p, const std::string& version, const std::string& release) {
  XmlWriter xml;
  xml.open("oscar");
  xml.element("name", p.name);
  // "3.0.0" -> major 3, minor 0, subversion 0; anything past the second dot stays in subversion.
  xml.open("version");
  const auto first = version.find('.');
  const auto second = first == std::string::npos ? first : version.find('.', first + 1);
  xml.element("major", version.substr(0, first));
  if (first != std::string::npos) xml.element("minor", version.substr(first + 1, second - first - 1));
  if (second != std::string::npos) xml.element("subversion", version.substr(second + 1));
  xml.element("release", release);
  xml.close("version");
  xml.element("class", p.class_);
  xml.element("summary", p.summary);
  xml.element("license", p.license);
  xml.element("group", p.group);
  if (!p.uri.empty()) xml.element("url", p.uri);
  if (!p.authors.empty()) {
    xml.open("packager");
    xml.element("name", p.authors.front().name);
    xml.element("email", p.authors.front().email);
    xml.close("packager");
  }
  if (!p.description.empty()) xml.element("description", p.description);
  rpm_lists(xml, p.common.requires_, nullptr);
  rpm_lists(xml, p.server.requires_, "oscar_server");
  rpm_lists(xml, p.client.requires_, "oscar_clients");
  oscar_relations(xml, "provides", p.oscar.provides);
  oscar_relations(xml, "requires", p.oscar.requires_);
  oscar_relations(xml, "conflicts", p.oscar.conflicts);
  xml.close("oscar");
  return xml.take();
}

}  // namespace ssi::oscar
