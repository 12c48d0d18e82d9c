#include "boot/run_results.hpp"

#include <sys/stat.h>

#include "boot/served_tree.hpp"
#include "util/fs.hpp"
#include "util/sha256.hpp"

namespace ssi::boot {
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

// A new build of the tool may judge the same nodes differently: its own bytes are part of the key.
const std::string& tool_digest() {
  static const std::string digest = sha256_file_hex("/proc/self/exe").value_or("unknown tool");
  return digest;
}

// Size and modification time: a boot file rewritten since (by hand or by another tool) counts as
// changed even when the image's recorded inputs did not.
std::string file_stamp(const fs::path& file) {
  struct stat st {};
  if (::stat(file.c_str(), &st) != 0) return "missing";
  return std::to_string(st.st_size) + "@" + std::to_string(st.st_mtim.tv_sec) + "." + std::to_string(st.st_mtim.tv_nsec);
}

std::vector<std::string> strings(const json& value) {
  std::vector<std::string> out;
  if (value.is_array())
    for (const auto& v : value) out.push_back(v.is_string() ? v.get<std::string>() : v.dump());
  return out;
}

}  // namespace

std::string cluster_run_key(const cluster::ClusterDefinition& c, const std::vector<cluster::ClusterNode>& nodes,
                            const std::vector<std::string>& suites, const std::string& what) {
  // The tree a test boot serves, without the run's own paths and key (the same on every run).
  const ServeSettings settings{c.head.interface, "", "", "", true, suites, {}, {}};
  const ServedTree tree = plan_served_tree(c, nodes, settings);
  std::string m = "cluster run v1\ntool " + tool_digest() + "\nrun " + what + "\ncluster " + c.name;
  for (const auto& s : suites) m += "\nsuite " + s;
  for (const auto& [path, content] : tree.files) m += "\nfile " + path + " " + sha256_hex(content);
  for (const auto& [path, source] : tree.copies) m += "\ncopy " + path + " " + file_stamp(source);
  for (const auto& [path, inner] : tree.overlays)
    for (const auto& [name, content] : inner) m += "\noverlay " + path + " " + name + " " + sha256_hex(content);
  for (const auto& [name, image] : tree.images) m += "\nimage " + name + " " + image.inputs_sha256 + " " + image.missing;
  for (const auto& [node, why] : tree.refused) m += "\nrefused " + node + " " + why;
  return sha256_hex(m);
}

json cluster_result_json(const std::string& cluster, const ClusterBootResult& result) {
  json nodes = json::array();
  for (const auto& n : result.nodes)
    nodes.push_back({{"name", n.name}, {"image", n.image}, {"address", n.address}, {"leased", n.leased},
                     {"boot_seconds", n.boot_seconds}, {"reached", n.reached}, {"unreached", n.unreached}, {"nfs", n.nfs},
                     {"kerrighed", n.kerrighed}, {"failure", n.failure}, {"log", n.log.string()}});
  json tests = json::array();
  for (const auto& t : result.tests)
    tests.push_back({{"suite", t.suite}, {"name", t.name}, {"verdict", t.verdict}, {"seconds", t.seconds}, {"why", t.why}});
  json jobs = json::array();
  for (const auto& j : result.jobs) {
    json figures = json::object();
    for (const auto& [key, value] : j.figures) figures[key] = value;
    // The figure said first is the job's time (figures' keys come out sorted).
    jobs.push_back({{"name", j.name}, {"nodes", j.nodes}, {"measure", j.figures.empty() ? "" : j.figures[0].first},
                    {"figures", figures}, {"note", j.note}});
  }
  json usage = json::array();
  for (const auto& [list, files] : result.usage_lists) usage.push_back({{"list", list.string()}, {"opened_files", files}});
  return {{"cluster", cluster}, {"passed", result.ok()}, {"seconds", result.seconds}, {"nodes", nodes},
          {"kerrighed", result.kerrighed_lines}, {"run_dir", result.dir.string()}, {"tests", tests}, {"jobs", jobs},
          {"suite", result.suite_lines}, {"usage", usage}};
}

ClusterBootResult cluster_result_from_json(const json& d) {
  ClusterBootResult result;
  result.dir = d.value("run_dir", "");
  result.seconds = d.value("seconds", 0.0);
  result.kerrighed_lines = strings(d.value("kerrighed", json::array()));
  result.suite_lines = strings(d.value("suite", json::array()));
  for (const auto& n : d.value("nodes", json::array())) {
    NodeOutcome out;
    out.name = n.value("name", "");
    out.image = n.value("image", "");
    out.address = n.value("address", "");
    out.leased = n.value("leased", "");
    out.boot_seconds = n.value("boot_seconds", -1.0);
    out.reached = strings(n.value("reached", json::array()));
    out.unreached = strings(n.value("unreached", json::array()));
    out.nfs = strings(n.value("nfs", json::array()));
    out.kerrighed = n.value("kerrighed", "");
    out.failure = n.value("failure", "");
    out.log = n.value("log", "");
    result.nodes.push_back(std::move(out));
  }
  for (const auto& t : d.value("tests", json::array()))
    result.tests.push_back({t.value("suite", ""), t.value("name", ""), t.value("verdict", ""), t.value("seconds", 0.0), t.value("why", "")});
  for (const auto& j : d.value("jobs", json::array())) {
    JobOutcome out{j.value("name", ""), j.value("nodes", 0u), {}, j.value("note", "")};
    const std::string measure = j.value("measure", "");
    const json figures = j.value("figures", json::object());
    if (figures.contains(measure)) out.figures.emplace_back(measure, figures[measure].get<std::string>());
    for (const auto& [key, value] : figures.items())
      if (key != measure) out.figures.emplace_back(key, value.is_string() ? value.get<std::string>() : value.dump());
    result.jobs.push_back(std::move(out));
  }
  for (const auto& u : d.value("usage", json::array()))
    result.usage_lists.emplace_back(u.value("list", ""), u.value("opened_files", std::size_t{0}));
  return result;
}

json sweep_point_json(const SweepPoint& p) {
  return {{"cluster", p.cluster}, {"image", p.image}, {"nodes", p.nodes}, {"leased", p.phases.leased},
          {"kernel_started", p.phases.kernel}, {"up", p.phases.up}, {"peers_reached", p.phases.peers},
          {"seconds", p.seconds}, {"failure", p.failure}};
}

SweepPoint sweep_point_from_json(const json& p) {
  SweepPoint point;
  point.cluster = p.value("cluster", "");
  point.image = p.value("image", "");
  point.nodes = p.value("nodes", 0u);
  point.phases = {p.value("leased", -1.0), p.value("kernel_started", -1.0), p.value("up", -1.0), p.value("peers_reached", -1.0)};
  point.seconds = p.value("seconds", 0.0);
  point.failure = p.value("failure", "");
  return point;
}

std::optional<json> read_results(const fs::path& file) {
  auto text = read_file(file);
  if (!text) return std::nullopt;
  json document = json::parse(*text, nullptr, false);
  if (!document.is_object()) return std::nullopt;
  return document;
}

}  // namespace ssi::boot
