#pragma once
// An OSCAR package as OSCAR's opkg format (config.xml, format 6.1) describes it: identity,
// authors, OSCAR-level relations to other OSCAR packages, and the distribution packages its
// server and client parts need.
#include <string>
#include <vector>

namespace ssi::oscar {

struct Author {
  std::string name, email, category = "maintainer";  // upstream, maintainer, uploader
};

struct PackageRef {
  std::string name, relation, version;  // relation: "", ">=", "=", ...
};

struct DepsList {
  std::vector<PackageRef> requires_, conflicts, provides;
  bool empty() const { return requires_.empty() && conflicts.empty() && provides.empty(); }
};

struct ChangelogItem {
  std::string version, author, date;  // date: xs:dateTime
  std::vector<std::string> items;
};

struct Opkg {
  std::string name, class_ = "included", summary, description, license, group, uri;
  std::vector<Author> authors;
  DepsList oscar;                   // relations to other OSCAR packages
  DepsList server, client, common;  // distribution packages of each part
  std::vector<ChangelogItem> changelog;  // newest first; its first version is the package's
  std::vector<std::pair<std::string, std::string>> scripts;  // API script name -> file
};

// opkg-NAME, opkg-NAME-server, opkg-NAME-client: the meta-packages that carry a package's
// parts, as OSCAR's opkgc names them.
std::string api_package(const std::string& opkg);
std::string server_package(const std::string& opkg);
std::string client_package(const std::string& opkg);

}  // namespace ssi::oscar
