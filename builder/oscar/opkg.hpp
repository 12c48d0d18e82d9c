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
  // config.xml's filters: the reference holds only on these distributions and architectures
  // (empty: everywhere). OSCAR writes one block of packages per set of filters.
  std::vector<std::string> dists, archs;
  bool applies_to(const std::string& dist, const std::string& arch) const;
  static PackageRef named(std::string name, std::string relation = "", std::string version = "") {
    PackageRef r;
    r.name = std::move(name);
    r.relation = std::move(relation);
    r.version = std::move(version);
    return r;
  }
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
  std::vector<std::pair<std::string, std::string>> testing;  // test program name (test_root, ...) -> file
};

// opkg-NAME, opkg-NAME-server, opkg-NAME-client: the meta-packages that carry a package's
// parts, as OSCAR's opkgc names them.
// The distribution and architecture meta-packages are made for; they pick the filtered blocks.
struct Target {
  std::string dist = "debian", arch = "x86_64";
};
std::vector<PackageRef> for_target(const std::vector<PackageRef>& refs, const Target& target);

std::string api_package(const std::string& opkg);
std::string server_package(const std::string& opkg);
std::string client_package(const std::string& opkg);

}  // namespace ssi::oscar
