#include "cluster/cluster_definition.hpp"

#include <map>
#include <regex>

#include "util/fs.hpp"
#include "util/definition_values.hpp"
#include "util/toml_fields.hpp"

namespace ssi::cluster {
namespace fs = std::filesystem;
namespace {

constexpr std::size_t kMaxRange = 4096;

std::optional<std::uint32_t> ipv4_field(Fields& f, const std::string& key, Required required) {
  const std::string text = f.text(key, required);
  if (text.empty()) return std::nullopt;
  const auto address = parse_ipv4(text);
  if (!address) f.problems().add(f.line_of(key), f.path() + "." + key, "\"" + text + "\" is not an IPv4 address");
  return address;
}

void read_head(Fields& top, ClusterDefinition& c) {
  const toml::table* table = top.table("head");
  if (!table) {
    top.problems().add(1, "head", "missing: the head node's address and network");
    return;
  }
  Fields h(*table, "head", top.problems());
  if (auto name = h.text("name"); !name.empty()) c.head.name = name;
  if (auto address = ipv4_field(h, "address", Required::yes)) c.head.address = *address;
  if (const std::string net = h.text("network", Required::yes); !net.empty()) {
    if (auto network = parse_network(net)) c.head.network = *network;
    else h.problems().add(h.line_of("network"), "head.network", "\"" + net + "\" is not ADDRESS/PREFIX (8..30) with no host bits");
  }
  if (auto iface = h.text("interface"); !iface.empty()) c.head.interface = iface;
  if (c.head.interface.size() > 15) h.problems().add(h.line_of("interface"), "head.interface", "longer than an interface name (15)");
  if (auto root = h.text("tftp_root"); !root.empty()) c.head.tftp_root = root;
  c.head.http = h.boolean("http").value_or(true);
  if (c.head.address && !c.head.network.contains(c.head.address))
    h.problems().add(h.line_of("address"), "head.address", format_ipv4(c.head.address) + " is outside the network " + format_network(c.head.network));
}

void read_groups(Fields& top, ClusterDefinition& c) {
  const auto groups = top.tables("group");
  for (std::size_t i = 0; i < groups.size(); ++i) {
    Fields g(*groups[i], "group[" + std::to_string(i) + "]", top.problems());
    NodeGroup group;
    group.name = g.text("name", Required::yes);
    check_plain_name(g, "name", group.name);
    group.image = g.text("image");
    check_plain_name(g, "image", group.image);
    group.cmdline = g.text("cmdline");
    check_command_line(g, "cmdline", group.cmdline);
    if (const toml::table* k = g.table("kerrighed")) {
      Fields kf(*k, g.path() + ".kerrighed", top.problems());
      KerrighedSettings settings;
      settings.session = kf.integer("session").value_or(1);
      settings.nbmin = kf.integer("nbmin");
      if (auto iface = kf.text("iface"); !iface.empty()) settings.iface = iface;
      if (settings.session < 1 || settings.session > 254)
        kf.problems().add(kf.line_of("session"), kf.path() + ".session", std::to_string(settings.session) + ": 1 to 254");
      group.kerrighed = settings;
    }
    for (const auto& other : c.groups)
      if (other.name == group.name) g.problems().add(g.line_of("name"), g.path() + ".name", "group " + group.name + " defined twice");
    c.groups.push_back(group);
  }
}

void read_exports(Fields& top, ClusterDefinition& c) {
  const auto entries = top.tables("export");
  static const std::regex plain_path("(/[A-Za-z0-9._-]+)+");
  for (std::size_t i = 0; i < entries.size(); ++i) {
    Fields e(*entries[i], "export[" + std::to_string(i) + "]", top.problems());
    Export x;
    x.path = e.text("path", Required::yes);
    const bool dots = x.path.find("/./") != std::string::npos || x.path.find("/../") != std::string::npos ||
                      x.path.ends_with("/.") || x.path.ends_with("/..");
    if (!x.path.empty() && (!std::regex_match(x.path, plain_path) || dots))
      e.problems().add(e.line_of("path"), e.path() + ".path", "\"" + x.path + "\" is not an absolute path of plain names (/home)");
    if (const std::string mode = e.text("mode"); !mode.empty()) {
      if (mode.size() > 5 || mode.find_first_not_of("01234567") != std::string::npos)
        e.problems().add(e.line_of("mode"), e.path() + ".mode", "\"" + mode + "\" is not an octal mode (\"1777\")");
      else
        x.mode = static_cast<unsigned>(std::stoul(mode, nullptr, 8));
    }
    for (const auto& other : c.exports)
      if (other.path == x.path) e.problems().add(e.line_of("path"), e.path() + ".path", x.path + " is exported twice");
    c.exports.push_back(x);
  }
}

const NodeGroup* find_group(const ClusterDefinition& c, const std::string& name) {
  for (const auto& g : c.groups)
    if (g.name == name) return &g;
  return nullptr;
}

// Remembers who took a name, MAC, IP or node id first, to name both in a duplicate's message.
class Taken {
 public:
  explicit Taken(std::string what) : what_(std::move(what)) {}
  // The node that already has `key`, or empty.
  std::string claim(const std::string& key, const std::string& node) {
    const auto [it, fresh] = owners_.emplace(key, node);
    return fresh ? std::string() : it->second;
  }
  const std::string& what() const { return what_; }

 private:
  std::string what_;
  std::map<std::string, std::string> owners_;
};

void read_nodes(Fields& top, ClusterDefinition& c) {
  const auto entries = top.tables("node");
  if (entries.empty()) top.problems().add(1, "node", "missing: a cluster needs at least one [[node]]");
  static const std::regex hostname("[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?");
  Taken names("name"), macs("MAC"), ips("IP"), ids("Kerrighed node id");
  if (c.head.address) ips.claim(format_ipv4(c.head.address), "the head node");
  for (std::size_t i = 0; i < entries.size(); ++i) {
    Fields n(*entries[i], "node[" + std::to_string(i) + "]", top.problems());
    auto field = [&](const std::string& key, const std::string& what) { n.problems().add(n.line_of(key), n.path() + "." + key, what); };
    const std::string pattern = n.text("name", Required::yes);
    const std::string group_name = n.text("group", Required::yes);
    std::string image = n.text("image");
    const std::string mac_text = n.text("mac", Required::yes);
    const auto ip = ipv4_field(n, "ip", Required::yes);
    const auto id = n.integer("kerrighed_id");
    std::string problem;
    const auto names_here = expand_node_range(pattern, problem);
    if (!problem.empty()) field("name", problem);
    const auto mac = parse_mac(mac_text);
    if (!mac_text.empty() && !mac) field("mac", "\"" + mac_text + "\" is not a MAC address (six hex pairs with colons)");
    if (mac && is_multicast_mac(*mac)) field("mac", mac_text + " is a multicast address (its first octet is odd)");
    const NodeGroup* group = find_group(c, group_name);
    if (!group_name.empty() && !group) field("group", "no group named \"" + group_name + "\" ([[group]])");
    if (group && image.empty()) image = group->image;
    if (group && image.empty()) field("image", "neither the node nor its group " + group->name + " names an image");
    if (group && group->kerrighed && !id) field("kerrighed_id", "required: group " + group->name + " is a Kerrighed group");
    if (group && !group->kerrighed && id) field("kerrighed_id", "group " + group->name + " has no [group.kerrighed]");
    if (names_here.empty() || !mac || !ip || !group) continue;

    for (std::size_t k = 0; k < names_here.size(); ++k) {
      ClusterNode node{names_here[k], group_name, image, *mac + k, *ip + static_cast<std::uint32_t>(k), std::nullopt};
      if (id) node.kerrighed_id = *id + static_cast<int>(k);
      if (!std::regex_match(node.name, hostname)) { field("name", "\"" + node.name + "\" is not a host name"); break; }
      if (node.mac > kLastMac || is_multicast_mac(node.mac) != is_multicast_mac(*mac)) { field("mac", node.name + ": the range runs past the last MAC of its block"); break; }
      if (!c.head.network.contains(node.ip) || node.ip == c.head.network.base || node.ip == c.head.network.broadcast()) {
        field("ip", node.name + ": " + format_ipv4(node.ip) + " is not a host address of " + format_network(c.head.network));
        break;
      }
      if (node.kerrighed_id && (*node.kerrighed_id < 0 || *node.kerrighed_id > 255)) {
        field("kerrighed_id", node.name + ": " + std::to_string(*node.kerrighed_id) + " outside 0..255");
        break;
      }
      // `key` tells values apart, `shown` names the value in the message.
      auto check = [&](Taken& taken, const std::string& key, const std::string& field_name, const std::string& shown) {
        if (auto owner = taken.claim(key, node.name); !owner.empty())
          field(field_name, node.name + ": " + taken.what() + " " + shown + " already belongs to " + owner);
      };
      check(names, node.name, "name", node.name);
      check(macs, format_mac(node.mac), "mac", format_mac(node.mac));
      check(ips, format_ipv4(node.ip), "ip", format_ipv4(node.ip));
      if (node.kerrighed_id) {
        const std::string session = std::to_string(group->kerrighed->session), id = std::to_string(*node.kerrighed_id);
        check(ids, session + ":" + id, "kerrighed_id", id + " of session " + session);
      }
      c.nodes.push_back(node);
    }
  }
}

}  // namespace

const NodeGroup& ClusterDefinition::group_of(const ClusterNode& node) const { return *find_group(*this, node.group); }

std::vector<std::string> expand_node_range(const std::string& pattern, std::string& problem) {
  static const std::regex range(R"(([^\[\]]*)\[([0-9]+)-([0-9]+)\]([^\[\]]*))");
  std::smatch m;
  if (pattern.find('[') == std::string::npos && pattern.find(']') == std::string::npos) return {pattern};
  if (!std::regex_match(pattern, m, range)) {
    problem = "\"" + pattern + "\" is not NAME or PREFIX[FIRST-LAST]SUFFIX";
    return {};
  }
  const std::string first = m[2], last = m[3];
  if (first.size() > 6 || last.size() > 6 || std::stoul(first) > std::stoul(last) ||
      std::stoul(last) - std::stoul(first) >= kMaxRange) {
    problem = "\"" + pattern + "\": the range must count up, at most " + std::to_string(kMaxRange) + " nodes";
    return {};
  }
  // "node[01-16]": the first number's width is kept, as pdsh and Slurm do.
  const std::size_t width = first.size() > 1 && first[0] == '0' ? first.size() : 0;
  std::vector<std::string> names;
  for (unsigned long i = std::stoul(first); i <= std::stoul(last); ++i) {
    std::string number = std::to_string(i);
    if (number.size() < width) number.insert(0, width - number.size(), '0');
    names.push_back(m[1].str() + number + m[4].str());
  }
  return names;
}

Expected<ClusterDefinition> load_cluster_definition(const fs::path& file) {
  auto text = read_file(file);
  if (!text) return bad_input(file.string() + ": cannot be read: " + text.error().message);
  auto document = parse_toml(*text, file);
  if (!document) return document.error();
  ClusterDefinition c;
  c.file = file;
  Problems problems(file.string());
  {
    Fields top(*document, "", problems);
    if (const toml::table* table = top.table("cluster")) {
      Fields cl(*table, "cluster", problems);
      c.name = cl.text("name", Required::yes);
      check_plain_name(cl, "name", c.name);
      c.summary = cl.text("summary");
      const std::string images = cl.text("images");
      c.images = file.parent_path() / (images.empty() ? "../image-out" : images);
      c.images = c.images.lexically_normal();
    } else {
      problems.add(1, "cluster", "missing: [cluster] with the cluster's name");
    }
    read_head(top, c);
    read_groups(top, c);
    read_nodes(top, c);
    read_exports(top, c);
    for (const auto& g : c.groups) {
      if (!g.kerrighed || !g.kerrighed->nbmin) continue;
      const auto members = std::count_if(c.nodes.begin(), c.nodes.end(), [&](const ClusterNode& n) { return n.group == g.name; });
      if (*g.kerrighed->nbmin < 1 || *g.kerrighed->nbmin > members)
        problems.add(1, "group " + g.name + ".kerrighed.nbmin",
                     std::to_string(*g.kerrighed->nbmin) + ": from 1 to the group's nodes (" + std::to_string(members) + ")");
    }
  }
  if (!problems.empty()) return bad_input(problems.joined());
  return c;
}

std::optional<Cluster> kerrighed_cluster(const ClusterDefinition& definition, const std::string& image) {
  std::optional<Cluster> cluster;
  for (const auto& node : definition.nodes) {
    const NodeGroup& group = definition.group_of(node);
    if (node.image != image || !group.kerrighed) continue;
    if (!cluster) cluster = Cluster{group.kerrighed->session, group.kerrighed->nbmin, {}};
    cluster->nodes.push_back({node.name, group.kerrighed->iface, *node.kerrighed_id});
  }
  return cluster;
}

}  // namespace ssi::cluster
