// `ssi-oscar cluster plan|config|boot|test`: what a cluster's head node serves, written out, the
// whole cluster netbooted under qemu, and OSCAR packages' test suites run on it.

#include <algorithm>
#include <ctime>
#include <iomanip>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <sstream>

#include "boot/boot_sweep.hpp"
#include "boot/cluster_boot.hpp"
#include "boot/run_results.hpp"
#include "boot/served_tree.hpp"
#include "cli/commands.hpp"
#include "cli/interrupts.hpp"
#include "cli/output.hpp"
#include "util/fs.hpp"

namespace ssi::cli {
namespace {
namespace fs = std::filesystem;

struct ClusterArgs {
  std::string cluster, out, run_dir, images;
  unsigned nodes = 0, timeout = 600, cpus = 1;
  bool json = false;
  bool rerun = false;  // run even when --results holds a passed run of the same content
  bool usage = false;  // test: the suite runners list what their nodes opened (IMAGE/cluster-usage.txt)
  std::vector<std::string> suites;
  std::vector<std::string> sweep_clusters;
  std::string sweep_range = "1-4", svg;
  std::string results;  // the --json document also written here (image diff --results reads it)
};

// What --json prints, to stdout and/or to --results.
void emit_json(const ClusterArgs& args, const nlohmann::json& document) {
  if (!args.results.empty()) value_or_throw(write_file_atomic(args.results, document.dump(2) + "\n"));
  if (args.json) print_json(document);
}

// A path, or a name of clusters/NAME.toml; --images replaces the definition's image folder (one
// folder per distribution: image-out/debian-13).
cluster::ClusterDefinition load(const ClusterArgs& args) {
  fs::path file = args.cluster;
  if (!fs::exists(file) && file.extension() != ".toml" && fs::exists(fs::path("clusters") / (args.cluster + ".toml")))
    file = fs::path("clusters") / (args.cluster + ".toml");
  auto c = value_or_throw(cluster::load_cluster_definition(file));
  if (!args.images.empty()) c.images = args.images;
  return c;
}

std::vector<cluster::ClusterNode> chosen_nodes(const cluster::ClusterDefinition& c, unsigned limit) {
  auto nodes = c.nodes;
  if (limit > 0 && limit < nodes.size()) nodes.resize(limit);
  return nodes;
}

boot::ServeSettings head_settings(const cluster::ClusterDefinition& c) {
  return {c.head.interface, c.head.tftp_root, "", "", false, {}, {}, {}};
}

std::uint64_t served_size(const boot::ServedTree& tree, const std::string& path) {
  if (auto it = tree.files.find(path); it != tree.files.end()) return it->second.size();
  std::error_code ec;
  if (auto it = tree.copies.find(path); it != tree.copies.end()) return fs::file_size(it->second, ec);
  return 0;
}

void run_plan(const ClusterArgs& args) {
  const auto c = load(args);
  const auto tree = boot::plan_served_tree(c, chosen_nodes(c, args.nodes), head_settings(c));
  if (args.json) {
    nlohmann::json nodes = nlohmann::json::array();
    for (const auto& n : tree.nodes)
      nodes.push_back({{"name", n.node.name}, {"mac", cluster::format_mac(n.node.mac)}, {"ip", cluster::format_ipv4(n.node.ip)},
                       {"group", n.node.group}, {"image", n.image},
                       {"kerrighed_id", n.node.kerrighed_id ? nlohmann::json(*n.node.kerrighed_id) : nlohmann::json()}});
    nlohmann::json refused = nlohmann::json::object();
    for (const auto& [node, why] : tree.refused) refused[node] = why;
    nlohmann::json files = nlohmann::json::array();
    for (const auto& [path, content] : tree.files) files.push_back(path);
    for (const auto& [path, source] : tree.copies) files.push_back(path);
    for (const auto& [path, inner] : tree.overlays) files.push_back(path);
    print_json({{"cluster", c.name}, {"head", cluster::format_ipv4(c.head.address)}, {"nodes", nodes}, {"refused", refused},
                {"files", files}});
    return;
  }
  std::cout << "Cluster " << c.name << " (" << c.file.string() << "): head node " << c.head.name << " "
            << cluster::format_ipv4(c.head.address) << " on " << c.head.interface << ", network "
            << cluster::format_network(c.head.network) << ", TFTP root " << c.head.tftp_root
            << (c.head.http ? ", iPXE over HTTP" : ", iPXE over TFTP") << "\n\n";
  std::vector<std::vector<std::string>> rows = {{"NODE", "MAC", "IP", "GROUP", "IMAGE", "KERNEL", "KERRIGHED"}};
  for (const auto& n : tree.nodes) {
    const auto& image = tree.images.at(n.image);
    const bool krg = c.group_of(n.node).kerrighed.has_value();
    rows.push_back({n.node.name, cluster::format_mac(n.node.mac), cluster::format_ipv4(n.node.ip), n.node.group, n.image,
                    image.release,
                    !krg ? "-" : image.kerrighed ? "node " + std::to_string(*n.node.kerrighed_id) : "no Kerrighed kernel"});
  }
  print_table(rows);
  for (const auto& [node, why] : tree.refused) print_warning(node + ": cannot boot: " + why);
  std::cout << "\nServed files:\n";
  std::vector<std::vector<std::string>> files;
  for (const auto& [path, content] : tree.files) files.push_back({path, human_size(content.size())});
  for (const auto& [path, source] : tree.copies) files.push_back({path, human_size(served_size(tree, path)), "from " + source.string()});
  for (const auto& [path, inner] : tree.overlays) {
    std::string list;
    for (const auto& [name, content] : inner) list += (list.empty() ? "/" : ", /") + name;
    files.push_back({path, "", "cluster files: " + list});
  }
  print_table(files);
}

void run_config(const ClusterArgs& args) {
  const auto c = load(args);
  const auto tree = boot::plan_served_tree(c, chosen_nodes(c, args.nodes), head_settings(c));
  for (const auto& [node, why] : tree.refused) print_warning(node + ": left out: " + why);
  value_or_throw(boot::write_served_tree(tree, args.out));
  std::cout << "Wrote " << tree.files.size() + tree.copies.size() + tree.overlays.size() << " files for "
            << tree.nodes.size() << " nodes of cluster " << c.name << " to " << args.out
            << " (copy tftpboot/ to " << c.head.tftp_root << ", start dnsmasq with dnsmasq.conf)\n";
}

std::string seconds(double s) { return s < 0 ? "-" : std::to_string(static_cast<int>(s + 0.5)) + " s"; }

std::string joined(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : " ") + n;
  return out.empty() ? "none" : out;
}

// The jobs' figures: one row per run, its time first, then what else it said.
void print_jobs(const std::vector<boot::JobOutcome>& jobs) {
  std::vector<std::vector<std::string>> rows = {{"JOB", "NODES", "TIME", "FIGURES"}};
  for (const auto& j : jobs) {
    std::string figures;
    for (std::size_t i = 1; i < j.figures.size(); ++i) figures += (figures.empty() ? "" : " ") + j.figures[i].first + "=" + j.figures[i].second;
    rows.push_back({j.name, std::to_string(j.nodes), j.figures[0].first + " " + j.figures[0].second + " s", figures});
  }
  std::cout << "\n";
  print_table(rows);
  for (const auto& j : jobs)
    if (!j.note.empty()) std::cout << "  " << j.name << " on " << j.nodes << " nodes: " << j.note << "\n";
}

// Each test with its verdict and time, and why for every test that did not pass.
void print_tests(const boot::ClusterBootResult& result) {
  std::cout << "\n";
  std::vector<std::vector<std::string>> rows = {{"TEST", "RESULT", "TIME", "WHY"}};
  std::map<std::string, int> counts;
  for (const auto& t : result.tests) {
    std::ostringstream time;
    time << std::fixed << std::setprecision(1) << t.seconds << " s";
    rows.push_back({t.suite + "/" + t.name, t.verdict, time.str(), t.why.empty() ? "-" : t.why});
    ++counts[t.verdict];
  }
  print_table(rows);
  std::string summary;
  for (const auto& [verdict, n] : counts) summary += (summary.empty() ? "" : ", ") + std::to_string(n) + " " + verdict;
  std::cout << result.tests.size() << " tests: " << (summary.empty() ? "none reported" : summary) << "\n";
  for (const auto& line : result.suite_lines) std::cout << "  Suite " << line << "\n";
  if (!result.jobs.empty()) print_jobs(result.jobs);
}

// The results file's document when it records a passed run under `key`: such a run is not redone.
std::optional<nlohmann::json> reusable(const ClusterArgs& args, const std::string& key) {
  if (args.rerun || args.results.empty()) return std::nullopt;
  auto document = boot::read_results(args.results);
  if (!document || document->value("key", "") != key) return std::nullopt;
  // A --usage run's lists live in the images' folders: one removed since is listed again.
  for (const auto& list : document->value("usage", nlohmann::json::array()))
    if (!fs::exists(list.value("list", ""))) return std::nullopt;
  return document;
}

void say_reused(const ClusterArgs& args, const std::string& what, const std::string& finished) {
  if (!args.json)
    std::cerr << what << ": reused the passed run of " << finished << " from " << args.results
              << " (same tool, served files, images and options; --rerun runs it again)" << std::endl;
}

std::string now_utc() {
  const std::time_t t = std::time(nullptr);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%d %H:%M:%S UTC", std::gmtime(&t));
  return text;
}

// What failed, each named: nodes with their reason, and tests (a suite that reported nothing counts).
std::vector<std::string> failed_nodes(const boot::ClusterBootResult& result) {
  std::vector<std::string> failed;
  for (const auto& n : result.nodes)
    if (!n.failure.empty()) failed.push_back(n.name + " (" + n.failure + ")");
  return failed;
}

std::vector<std::string> failed_tests(const boot::ClusterBootResult& result, const std::vector<std::string>& suites) {
  std::vector<std::string> failed;
  for (const auto& t : result.tests)
    if (t.verdict == "fail") failed.push_back(t.suite + "/" + t.name);
  for (const auto& suite : suites)
    if (std::none_of(result.tests.begin(), result.tests.end(), [&](const auto& t) { return t.suite == suite; }))
      failed.push_back("suite " + suite + " (no test reported: see the boot node's log)");
  return failed;
}

std::string listed(const std::vector<std::string>& items) {
  std::string names;
  for (const auto& f : items) names += (names.empty() ? "" : ", ") + f;
  return names;
}

void run_boot(const ClusterArgs& args, const std::string& kind) {
  const auto c = load(args);
  const auto nodes = chosen_nodes(c, args.nodes);
  const std::string key =
      boot::cluster_run_key(c, nodes, args.suites, kind + " cpus=" + std::to_string(args.cpus) + (args.usage ? " usage" : ""));
  boot::ClusterBootResult result;
  nlohmann::json document;
  if (auto old = reusable(args, key)) {
    say_reused(args, "cluster " + c.name, old->value("finished", "an earlier run"));
    result = boot::cluster_result_from_json(*old);
    document = std::move(*old);
  } else {
    boot::ClusterBootOptions options;
    if (args.nodes > 0) options.nodes = args.nodes;
    options.timeout = std::chrono::seconds(args.timeout);
    options.run_dir = args.run_dir.empty() ? fs::path("cluster-runs") / c.name : fs::path(args.run_dir);
    options.suites = args.suites;
    options.usage = args.usage;
    options.cpus = args.cpus;
    const auto start = std::chrono::steady_clock::now();
    if (!args.json)
      options.progress = [start](const std::string& line) {
        const auto s = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() - start).count();
        std::cerr << "[" << s << " s] " << line << std::endl;
      };
    // Ctrl-C or a kill: stop the nodes and services, then report what was seen.
    options.interrupted = &catch_interrupts();
    result = value_or_throw(boot::boot_cluster(c, options));
    document = boot::cluster_result_json(c.name, result);
    document["finished"] = now_utc();
    if (failed_nodes(result).empty() && failed_tests(result, args.suites).empty()) document["key"] = key;
  }
  if (args.json || !args.results.empty()) emit_json(args, document);
  if (!args.json) {
    std::cout << "Cluster " << c.name << ": " << result.nodes.size() << " nodes netbooted in " << seconds(result.seconds)
              << " (logs in " << result.dir.string() << ")\n";
    std::vector<std::vector<std::string>> rows = {{"NODE", "IMAGE", "ADDRESS", "BOOT", "REACHED PEERS", "KERRIGHED", "RESULT"}};
    for (const auto& n : result.nodes)
      rows.push_back({n.name, n.image, n.address.empty() ? "-" : n.address, seconds(n.boot_seconds), joined(n.reached),
                      n.kerrighed.empty() ? "-" : n.kerrighed, n.failure.empty() ? "ok" : "FAILED: " + n.failure});
    print_table(rows);
    for (const auto& n : result.nodes)
      for (const auto& line : n.nfs) std::cout << "  NFS on " << n.name << ": " << line << "\n";
    for (const auto& line : result.kerrighed_lines) std::cout << "  Kerrighed: " << line << "\n";
    if (!args.suites.empty()) print_tests(result);
    for (const auto& [list, files] : result.usage_lists)
      std::cout << "  Usage: the suite runner opened " << files << " files: " << list.string() << " (ssi-oscar image usage "
                << list.parent_path().string() << ")\n";
  }
  if (const auto failed = failed_nodes(result); !failed.empty())
    throw Failure{step_failed("cluster " + c.name + ": " + std::to_string(failed.size()) + " of " +
                              std::to_string(result.nodes.size()) + " nodes failed: " + listed(failed))};
  if (const auto failed = failed_tests(result, args.suites); !failed.empty())
    throw Failure{step_failed("cluster " + c.name + ": " + std::to_string(failed.size()) + " of " +
                              std::to_string(result.tests.size()) + " tests failed: " + listed(failed))};
}

// "1-4" or "3".
std::pair<unsigned, unsigned> node_range(const std::string& text) {
  unsigned first = 0, last = 0;
  char dash = 0;
  std::istringstream in(text);
  if (!(in >> first)) throw Failure{bad_input("--nodes " + text + ": FIRST-LAST, e.g. 1-4")};
  if (in >> dash) {
    if (dash != '-' || !(in >> last)) throw Failure{bad_input("--nodes " + text + ": FIRST-LAST, e.g. 1-4")};
  } else {
    last = first;
  }
  return {first, last};
}

void run_sweep(const ClusterArgs& args) {
  const auto [first, last] = node_range(args.sweep_range);
  const fs::path run_dir = args.run_dir.empty() ? fs::path("cluster-runs") / "sweep" : fs::path(args.run_dir);
  std::vector<boot::SweepPoint> points;
  std::vector<std::vector<std::string>> rows = {
      {"CLUSTER", "IMAGE", "NODES", "DHCP LEASE", "KERNEL STARTED", "UP", "PEERS REACHED", "RESULT"}};
  // Per cluster: the key its points ran under, and when they ran (kept while they are reused).
  nlohmann::json keys = nlohmann::json::object(), finished = nlohmann::json::object();
  const auto earlier = args.rerun || args.results.empty() ? std::nullopt : boot::read_results(args.results);
  for (const auto& name : args.sweep_clusters) {
    ClusterArgs one = args;
    one.cluster = name;
    const auto c = load(one);
    const std::string key = boot::cluster_run_key(c, chosen_nodes(c, last), {}, "sweep " + std::to_string(first) + "-" + std::to_string(last));
    // A cluster's points are reused when the results file recorded them under the same key.
    if (earlier && earlier->value("keys", nlohmann::json::object()).value(c.name, "") == key) {
      const nlohmann::json ran = earlier->value("finished", nlohmann::json::object());
      finished[c.name] = ran.is_object() ? ran.value(c.name, "an earlier run") : "an earlier run";
      say_reused(args, "sweep of cluster " + c.name, finished[c.name].get<std::string>());
      for (const auto& p : earlier->value("sweep", nlohmann::json::array()))
        if (p.value("cluster", "") == c.name) points.push_back(boot::sweep_point_from_json(p));
      keys[c.name] = key;
      continue;
    }
    boot::ClusterBootOptions options;
    options.timeout = std::chrono::seconds(args.timeout);
    options.run_dir = run_dir / c.name;
    options.interrupted = &catch_interrupts();
    auto done = [&](const boot::SweepPoint& p) {
      if (!args.json)
        std::cerr << c.name << ": " << p.nodes << " nodes: every node reached its peers at " << seconds(p.phases.peers)
                  << (p.failure.empty() ? "" : " (FAILED: " + p.failure + ")") << std::endl;
    };
    auto swept = value_or_throw(boot::sweep_cluster(c, first, last, options, done));
    if (std::all_of(swept.begin(), swept.end(), [](const auto& p) { return p.failure.empty(); })) keys[c.name] = key;
    finished[c.name] = now_utc();
    points.insert(points.end(), swept.begin(), swept.end());
  }
  for (const auto& p : points)
    rows.push_back({p.cluster, p.image, std::to_string(p.nodes), seconds(p.phases.leased), seconds(p.phases.kernel), seconds(p.phases.up),
                    seconds(p.phases.peers), p.failure.empty() ? "ok" : "FAILED: " + p.failure});
  if (!args.svg.empty()) value_or_throw(write_file_atomic(args.svg, boot::sweep_svg(points)));
  if (args.json || !args.results.empty()) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& p : points) out.push_back(boot::sweep_point_json(p));
    emit_json(args, {{"sweep", out}, {"run_dir", run_dir.string()}, {"keys", keys}, {"finished", finished}});
  }
  if (!args.json) {
    std::cout << "Netboot times of the slowest node, from the nodes' power-on (logs in " << run_dir.string() << ")\n";
    print_table(rows);
    if (!args.svg.empty()) std::cout << "Plot: " << args.svg << "\n";
  }
  for (const auto& p : points)
    if (!p.failure.empty()) throw Failure{step_failed("sweep: cluster " + p.cluster + " with " + std::to_string(p.nodes) + " nodes failed: " + p.failure)};
}

}  // namespace

void add_cluster_commands(CLI::App& app, RunState&) {
  auto args = std::make_shared<ClusterArgs>();
  CLI::App* group = app.add_subcommand("cluster", "Clusters: what the head node serves, and whole clusters netbooted");
  group->require_subcommand(1);
  CLI::App* plan = group->add_subcommand("plan", "Print the nodes and what the head node will serve them");
  CLI::App* config = group->add_subcommand("config", "Write the head node's dnsmasq, PXE/iPXE and boot files");
  CLI::App* boot = group->add_subcommand("boot", "Netboot the cluster's nodes under qemu on a private network");
  CLI::App* test = group->add_subcommand("test", "Netboot the cluster and run OSCAR packages' test suites on it");
  for (CLI::App* cmd : {plan, config, boot, test}) {
    cmd->add_option("CLUSTER", args->cluster, "Cluster definition (a file, or NAME for clusters/NAME.toml)")->required();
    cmd->add_option("--nodes", args->nodes, "Only the definition's first N nodes")->check(CLI::Range(1, 4096));
    cmd->add_option("--images", args->images, "Folder of the built images (default: the definition's images)");
  }
  for (CLI::App* cmd : {plan, boot, test}) cmd->add_flag("--json", args->json, "Machine-readable output");
  config->add_option("--out", args->out, "Folder to write (replaced whole)")->required();
  for (CLI::App* cmd : {boot, test}) {
    cmd->add_option("--results", args->results,
                    "Also write the --json document to this file (for image diff --results); a passed run recorded there "
                    "with the same tool, served files, images and options is reused, not run again");
    cmd->add_flag("--rerun", args->rerun, "Run even when --results holds a passed run of the same content");
    cmd->add_option("--timeout", args->timeout, "Seconds to wait for every node and suite (default 600)");
    cmd->add_option("--run-dir", args->run_dir, "Folder for the served files, logs and leases (default cluster-runs/NAME)");
    cmd->add_option("--cpus", args->cpus, "Virtual CPUs of each node (default 1)")->check(CLI::Range(1, 64));
  }
  test->add_flag("--usage", args->usage,
                 "The suite runner lists the files its node opened after the suites (IMAGE/cluster-usage.txt), for `image usage`");
  test->add_option("--suite", args->suites, "OSCAR package whose testing/test_root runs on the boot node (kerrighed)")
      ->required()->check([](const std::string& s) {
        return s.find_first_of(", /") == std::string::npos ? std::string() : "a package name (no comma, space or slash)";
      });
  plan->callback([args] { run_plan(*args); });
  config->callback([args] { run_config(*args); });
  boot->callback([args] { run_boot(*args, "boot"); });
  test->callback([args] { run_boot(*args, "test"); });

  CLI::App* sweep = group->add_subcommand("sweep", "Netboot 1, 2, ... N nodes of each cluster and time every phase");
  sweep->add_option("CLUSTER", args->sweep_clusters, "Cluster definitions (files, or NAMEs of clusters/NAME.toml)")->required();
  sweep->add_option("--nodes", args->sweep_range, "Node counts to boot, FIRST-LAST (default 1-4)");
  sweep->add_option("--images", args->images, "Folder of the built images (default: each definition's images)");
  sweep->add_option("--timeout", args->timeout, "Seconds to wait for every node of one run (default 600)");
  sweep->add_option("--run-dir", args->run_dir, "Folder for the runs' files and logs (default cluster-runs/sweep)");
  sweep->add_option("--svg", args->svg, "Write the plot (SVG) here");
  sweep->add_option("--results", args->results,
                    "Also write the --json document to this file (for image diff --results); a cluster's points recorded "
                    "there with the same tool, served files, images and range are reused, not run again");
  sweep->add_flag("--rerun", args->rerun, "Run every cluster even when --results holds its points");
  sweep->add_flag("--json", args->json, "Machine-readable output");
  sweep->callback([args] { run_sweep(*args); });
}

}  // namespace ssi::cli
