#include "boot/cluster_boot.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <sstream>
#include <thread>
#include <tuple>

#include "boot/nfs_server.hpp"
#include "boot/private_network.hpp"
#include "boot/serial_log.hpp"
#include "boot/served_tree.hpp"
#include "image/boot_files.hpp"
#include "image/boot_usage.hpp"
#include "util/fs.hpp"
#include "util/subprocess.hpp"

namespace ssi::boot {
namespace fs = std::filesystem;
namespace {

using Clock = std::chrono::steady_clock;

// One node as the run sees it, from its serial log and dnsmasq's leases.
struct Watched {
  NodeOutcome out;
  std::uint64_t mac = 0;
  bool kernel = false, up = false, reported = false, finished = false;
  // A Kerrighed group's boot node, or the node running a test boot's suites elsewhere: the
  // cluster's words, the tests and the jobs come from its log, and it ends with "cluster ready".
  bool boot_node = false;
  std::optional<int> kerrighed_id;
  std::set<std::string> nfs_said;
};

std::vector<std::string> words(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string w; in >> w;)
    if (w != "none") out.push_back(w);
  return out;
}

// MAC -> address, from dnsmasq's lease file ("expiry mac ip name client-id" lines).
std::map<std::string, std::string> leases(const fs::path& file) {
  std::map<std::string, std::string> out;
  for (const auto& line : log_lines(file)) {
    std::istringstream in(line);
    std::string expiry, mac, ip;
    if (in >> expiry >> mac >> ip) out[mac] = ip;
  }
  return out;
}

std::string after(const std::string& line, const std::string& marker) {
  const auto at = line.find(marker);
  return at == std::string::npos ? std::string() : line.substr(at + marker.size());
}

// Reads the node's log again; returns the events to show.
std::vector<std::string> update(Watched& w, double elapsed) {
  std::vector<std::string> events;
  const std::string me = "ssi-oscar-boot: node " + w.out.name + " ";
  for (const auto& line : log_lines(w.out.log)) {
    // A quiet kernel says nothing: then the init hook's first words tell that it runs.
    if (!w.kernel && (line.find("Linux version") != std::string::npos || line.find("ssi-oscar-boot: ") != std::string::npos)) {
      w.kernel = true;
      w.out.phases.kernel = elapsed;
      events.push_back("kernel started");
    }
    if (const auto rest = after(line, me + "address "); !w.up && !rest.empty()) {
      w.up = true;
      w.out.address = rest.substr(0, rest.find(' '));
      w.out.boot_seconds = w.out.phases.up = elapsed;
      events.push_back("up at " + w.out.address);
    }
    if (const auto rest = after(line, me + "reached:"); !w.reported && !rest.empty()) {
      w.reported = true;
      w.out.phases.peers = elapsed;
      const auto semicolon = rest.find("; unreached:");
      w.out.reached = words(rest.substr(0, semicolon));
      if (semicolon != std::string::npos) w.out.unreached = words(rest.substr(semicolon + 12));
      events.push_back("reached " + std::to_string(w.out.reached.size()) + " peers" +
                       (w.out.unreached.empty() ? "" : ", not " + rest.substr(semicolon + 12)));
    }
    if (const auto rest = after(line, me + "nfs "); !rest.empty() && w.nfs_said.insert(rest).second) {
      w.out.nfs.push_back(rest);
      events.push_back("nfs " + rest);
    }
    if (w.out.failure.empty() && line.find("Kernel panic") != std::string::npos) w.out.failure = line;
  }
  return events;
}

// Each export mounted, and every peer's file read from it; the first shortfall, or empty.
std::string nfs_failure(const cluster::ClusterDefinition& c, const NodeOutcome& node) {
  for (const auto& e : c.exports) {
    const auto said = std::find_if(node.nfs.begin(), node.nfs.end(), [&](const std::string& s) { return s.starts_with(e.path + ": "); });
    if (said == node.nfs.end()) return "did not report NFS export " + e.path;
    if (said->find("mounted") == std::string::npos || said->find("; missing") != std::string::npos) return "NFS " + *said;
  }
  return {};
}

bool cluster_finished(const std::vector<std::string>& lines) {
  return std::any_of(lines.begin(), lines.end(), [](const std::string& l) {
    return l.find("ssi-oscar-boot: cluster ready") != std::string::npos || l.find(": FAILED") != std::string::npos;
  });
}

// What the boot nodes said: a Kerrighed cluster, its nodes' states and its checks; the suites'
// tests and jobs.
void judge_boot_nodes(std::vector<Watched>& nodes, ClusterBootResult& result) {
  for (auto& boot : nodes) {
    if (!boot.boot_node) continue;
    const auto lines = log_lines(boot.out.log);
    bool ready = false;
    std::vector<std::string> sayings;
    for (const auto& line : lines)
      for (auto& said : node_sayings(line)) sayings.push_back(std::move(said));
    for (const auto& said : sayings) {
      if (said.starts_with("kerrighed: cluster")) result.kerrighed_lines.push_back(said.substr(11));
      if (said.starts_with("check ")) result.kerrighed_lines.push_back(said);
      if (said.starts_with("suite ")) result.suite_lines.push_back(said.substr(6));
      if (auto test = parse_test_report(said)) result.tests.push_back(*test);
      if (auto job = parse_job_report(said)) result.jobs.push_back(*job);
      if (said == "cluster ready") ready = true;
      if (said.starts_with("check ") && said.find(": FAILED") != std::string::npos && boot.out.failure.empty())
        boot.out.failure = said;
    }
    if (!ready && boot.out.failure.empty())
      boot.out.failure = boot.kerrighed_id ? "the Kerrighed cluster was not ready" : "its suites did not finish";
    for (auto& n : nodes) {
      if (!n.kerrighed_id || n.out.image != boot.out.image || !n.out.kerrighed.empty()) continue;
      const std::string online = "ssi-oscar-boot: kerrighed: node " + std::to_string(*n.kerrighed_id) + ":online";
      const bool is_online = std::any_of(lines.begin(), lines.end(), [&](const std::string& l) { return l.find(online) != std::string::npos; });
      n.out.kerrighed = "node " + std::to_string(*n.kerrighed_id) + (is_online ? " online" : " not online");
      if (!is_online && n.out.failure.empty()) n.out.failure = "not online in the Kerrighed cluster";
    }
  }
}

// A key pair of this run's own (ssh-keygen, in RUN/ssh): the nodes' root logs in from node to
// node with it. Without ssh-keygen the nodes run no sshd, and jobs that need it say so.
Expected<std::pair<std::string, std::string>> run_ssh_key(const fs::path& run_dir) {
  if (!program_available("ssh-keygen")) return std::pair<std::string, std::string>{};
  const fs::path dir = run_dir / "ssh", key = dir / "root_key";
  std::error_code ec;
  fs::remove_all(dir, ec);
  if (auto ok = ensure_directory(dir); !ok) return ok.error();
  auto made = run_process({"ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "root@" + run_dir.filename().string(), "-f", key.string()},
                          dir / "ssh-keygen.log");
  if (!made) return made.error();
  if (made->exit_code != 0) return step_failed("ssh-keygen failed: " + log_tail(dir / "ssh-keygen.log", 3));
  auto private_key = read_file(key);
  auto public_key = read_file(key.string() + ".pub");
  if (!private_key) return private_key.error();
  if (!public_key) return public_key.error();
  return std::pair{*private_key, *public_key};
}

// Each suite runner's list of what its node opened, after the suites, into its image's
// cluster-usage.txt (the union when several nodes of one image ran suites). A runner that did not
// end its list fails.
Status record_usage(std::vector<Watched>& nodes, const fs::path& images_dir, ClusterBootResult& result) {
  std::map<std::string, std::set<std::string>> by_image;
  for (auto& w : nodes) {
    if (!w.boot_node || !w.out.failure.empty()) continue;
    const auto opened = image::listed_opened(log_lines(w.out.log));
    if (!opened) {
      w.out.failure = "did not list the files it opened after its suites (an image built before `cluster test --usage` "
                      "has no " + std::string(image::kListOpenedPath) + ": build it again; the list needs find, xargs, stat and awk)";
      continue;
    }
    by_image[w.out.image].insert(opened->begin(), opened->end());
  }
  for (const auto& [name, opened] : by_image) {
    const fs::path file = image::cluster_usage_file(images_dir / name);
    if (auto ok = image::write_opened(file, opened); !ok) return ok;
    result.usage_lists.emplace_back(file, opened.size());
  }
  return success();
}

}  // namespace

std::vector<std::string> node_sayings(const std::string& line) {
  static const std::string marker = "ssi-oscar-boot: ";
  std::vector<std::string> out;
  for (auto at = line.find(marker); at != std::string::npos;) {
    const auto next = line.find(marker, at + marker.size());
    out.push_back(line.substr(at + marker.size(), next == std::string::npos ? std::string::npos : next - at - marker.size()));
    at = next;
  }
  return out;
}

std::optional<TestOutcome> parse_test_report(const std::string& said) {
  if (!said.starts_with("test ")) return std::nullopt;
  const auto slash = said.find('/'), colon = said.find(": ");
  if (slash == std::string::npos || colon == std::string::npos || slash > colon) return std::nullopt;
  TestOutcome t;
  t.suite = said.substr(5, slash - 5);
  t.name = said.substr(slash + 1, colon - slash - 1);
  std::istringstream rest(said.substr(colon + 2));
  std::string unit;
  if (!(rest >> t.verdict >> t.seconds >> unit)) return std::nullopt;
  // "12.5 s: why": the unit may carry the colon.
  std::getline(rest, t.why);
  t.why.erase(0, t.why.find_first_not_of(": "));
  return t;
}

std::optional<JobOutcome> parse_job_report(const std::string& said) {
  if (!said.starts_with("job ")) return std::nullopt;
  const auto colon = said.find(": ");
  if (colon == std::string::npos) return std::nullopt;
  JobOutcome job;
  std::istringstream head(said.substr(4, colon - 4));
  std::string extra;
  if (!(head >> job.name >> job.nodes) || head >> extra) return std::nullopt;
  std::string rest = said.substr(colon + 2);
  if (const auto note = rest.find("note="); note != std::string::npos && (note == 0 || rest[note - 1] == ' ')) {
    job.note = rest.substr(note + 5);
    rest.erase(note);
  }
  std::istringstream in(rest);
  for (std::string pair; in >> pair;) {
    const auto eq = pair.find('=');
    if (eq == std::string::npos || eq == 0) return std::nullopt;
    job.figures.emplace_back(pair.substr(0, eq), pair.substr(eq + 1));
  }
  if (job.figures.empty()) return std::nullopt;
  return job;
}

bool ClusterBootResult::ok() const {
  return std::all_of(nodes.begin(), nodes.end(), [](const NodeOutcome& n) { return n.failure.empty(); });
}

Expected<ClusterBootResult> boot_cluster(const cluster::ClusterDefinition& c, const ClusterBootOptions& options) {
  std::vector<cluster::ClusterNode> chosen = c.nodes;
  if (options.nodes && *options.nodes < chosen.size()) chosen.resize(*options.nodes);
  if (!program_available("dnsmasq")) return step_failed("dnsmasq: not installed (apt-get install dnsmasq-base): the head node's DHCP and TFTP server");
  if (c.head.http && !program_available("busybox")) return step_failed("busybox: not installed (apt-get install busybox-static): the head node's HTTP server");
  ClusterBootResult result;
  result.dir = fs::absolute(options.run_dir);
  if (auto ok = ensure_directory(result.dir); !ok) return ok.error();
  const fs::path served = result.dir / "served";
  ServeSettings settings{c.head.interface, (served / "tftpboot").string(), (result.dir / "dnsmasq.leases").string(),
                         (result.dir / "dnsmasq-dhcp.log").string(), true, options.suites, {}, {}};
  auto key = run_ssh_key(result.dir);
  if (!key) return key.error();
  std::tie(settings.ssh_key, settings.ssh_key_pub) = *key;
  settings.usage = options.usage;
  const auto tree = plan_served_tree(c, chosen, settings);
  if (tree.nodes.empty()) {
    std::string why;
    for (const auto& [node, reason] : tree.refused) why += "\n  " + node + ": " + reason;
    return step_failed(c.file.string() + ": no node of cluster " + c.name + " can boot:" + why);
  }
  if (auto ok = write_served_tree(tree, served); !ok) return ok.error();
  std::error_code ec;
  fs::remove(result.dir / "dnsmasq.leases", ec);

  NetworkSpec spec;
  spec.dir = result.dir;
  spec.bridge = c.head.interface;
  spec.bridge_address = cluster::format_ipv4(c.head.address) + "/" + std::to_string(c.head.network.prefix);
  spec.qemu = options.qemu;
  auto nfs = prepare_nfs_server(c, result.dir);
  if (!nfs) return nfs.error();
  spec.private_run = !nfs->empty();
  spec.services.push_back({"dnsmasq", {"dnsmasq", "--keep-in-foreground", "--user=root", "--pid-file=" + (result.dir / "dnsmasq.pid").string(),
                                       "--conf-file=" + (served / "dnsmasq.conf").string()}});
  if (c.head.http)  // iPXE fetches the kernel and the initramfs over HTTP (TCP) rather than lock-step TFTP
    spec.services.push_back({"httpd", {"busybox", "httpd", "-f", "-p", cluster::format_ipv4(c.head.address) + ":80", "-h",
                                       (served / "tftpboot").string()}});

  spec.services.insert(spec.services.end(), nfs->begin(), nfs->end());

  std::vector<Watched> nodes;
  for (const auto& s : tree.nodes) {
    const NodeImage& image = tree.images.at(s.image);
    Watched w;
    w.out.name = s.node.name;
    w.out.image = s.image;
    w.out.log = result.dir / (s.node.name + ".log");
    w.mac = s.node.mac;
    if (c.group_of(s.node).kerrighed) {
      if (image.kerrighed) w.kerrighed_id = s.node.kerrighed_id;
      else w.out.kerrighed = "not checked: " + image.name + " boots " + image.kernel + " (" + image.release + "), not a Kerrighed kernel";
    }
    w.boot_node = s.suite_runner && (w.kerrighed_id || !options.suites.empty());
    nodes.push_back(w);
    spec.nodes.push_back({s.node.name, s.node.mac, image.memory_mib, options.cpus, {"-boot", "n"}});
  }
  for (const auto& [node, why] : tree.refused) {
    NodeOutcome refused;
    refused.name = node;
    const std::string& name = node;  // clang 14 cannot capture a structured binding
    refused.image = std::find_if(chosen.begin(), chosen.end(), [&](const auto& n) { return n.name == name; })->image;
    refused.failure = why;
    result.nodes.push_back(refused);
    if (options.progress) options.progress(node + ": not booted: " + why);
  }

  const auto start = Clock::now();
  auto network = PrivateNetwork::start(spec);
  if (!network) return network.error();
  auto say = [&](const Watched& w, const std::string& what) {
    if (options.progress) options.progress(w.out.name + ": " + what);
  };
  for (;;) {
    const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
    const auto leased = leases(result.dir / "dnsmasq.leases");
    for (auto& w : nodes) {
      if (w.finished) continue;
      if (const auto it = leased.find(cluster::format_mac(w.mac)); it != leased.end() && w.out.leased.empty()) {
        w.out.leased = it->second;
        w.out.phases.leased = elapsed;
        say(w, "DHCP lease " + w.out.leased);
      }
      for (const auto& event : update(w, elapsed)) say(w, event);
      const bool cluster_done = !w.boot_node || cluster_finished(log_lines(w.out.log));
      if ((w.reported && cluster_done) || !w.out.failure.empty()) w.finished = true;
      else if (network->node_ended(w.out.name)) {
        w.out.failure = "qemu ended before the node reported";
        w.finished = true;
      }
      if (w.finished) say(w, w.out.failure.empty() ? "done" : "FAILED: " + w.out.failure);
    }
    const bool all = std::all_of(nodes.begin(), nodes.end(), [](const Watched& w) { return w.finished; });
    const bool interrupted = options.interrupted && options.interrupted->load();
    if (all || interrupted || Clock::now() - start > options.timeout) {
      for (auto& w : nodes)
        if (!w.finished)
          w.out.failure = interrupted ? "interrupted" : "no report within " + std::to_string(options.timeout.count()) + " s (" +
                                                            (w.up ? "up" : w.kernel ? "kernel started" : w.out.leased.empty() ? "no DHCP lease" : "leased") + ")";
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(250));
  }
  network->stop();
  result.seconds = std::chrono::duration<double>(Clock::now() - start).count();

  judge_boot_nodes(nodes, result);
  if (options.usage && !options.suites.empty())
    if (auto ok = record_usage(nodes, c.images, result); !ok) return ok.error();
  for (auto& w : nodes) {
    if (w.out.failure.empty() && !c.exports.empty()) w.out.failure = nfs_failure(c, w.out);
    if (w.out.failure.empty() && !w.out.unreached.empty()) w.out.failure = "did not reach its peers";
    if (w.out.failure.empty() && w.out.leased != w.out.address)
      w.out.failure = "DHCP gave " + (w.out.leased.empty() ? std::string("nothing") : w.out.leased) + ", the node says " + w.out.address;
    result.nodes.push_back(std::move(w.out));
  }
  // The definition's order, refused nodes in their place.
  std::stable_sort(result.nodes.begin(), result.nodes.end(), [&](const NodeOutcome& a, const NodeOutcome& b) {
    auto index = [&](const std::string& name) {
      return std::find_if(chosen.begin(), chosen.end(), [&](const auto& n) { return n.name == name; }) - chosen.begin();
    };
    return index(a.name) < index(b.name);
  });
  return result;
}

}  // namespace ssi::boot
