#include "image/side_by_side.hpp"

#include <algorithm>
#include <cstdio>
#include <map>

#include "image/distro_comparison.hpp"
#include "util/text.hpp"
#include "util/xml_writer.hpp"

namespace ssi::image {
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

std::string seconds_cell(double seconds) {
  if (seconds < 0) return "not reached";
  char text[32];
  std::snprintf(text, sizeof text, "%.0f s", seconds);
  return text;
}

std::string boot_cell(const fs::path& dir) {
  const auto seconds = last_boot_seconds(dir);
  return seconds ? seconds_cell(*seconds) : "not boot-tested";
}

// The row `measure`, made if missing, with `cell` in the image's column; an image in neither
// column leaves the table as it was.
void set_cell(SideBySide& t, const std::string& measure, const std::string& image, const std::string& cell) {
  if (image != t.a && image != t.b) return;
  auto row = std::find_if(t.rows.begin(), t.rows.end(), [&](const SideBySide::Row& r) { return r.measure == measure; });
  if (row == t.rows.end()) row = t.rows.insert(t.rows.end(), {measure, "-", "-"});
  (image == t.a ? row->a : row->b) = cell;
}

Status add_sweep(SideBySide& t, const json& sweep, const std::string& file) {
  for (const auto& point : sweep) {
    if (!point.is_object() || !point.value("image", json()).is_string() || !point.value("nodes", json()).is_number_unsigned() ||
        !point.value("peers_reached", json()).is_number())
      return bad_input(file + ": sweep: each point needs image, nodes and peers_reached (`cluster sweep --json`)");
    const auto nodes = point["nodes"].get<unsigned>();
    const json failed = point.value("failure", json(""));
    const std::string failure = failed.is_string() ? failed.get<std::string>() : "";
    set_cell(t, "netboot, " + std::to_string(nodes) + (nodes == 1 ? " node" : " nodes") + " (peers reached)",
             point["image"].get<std::string>(),
             failure.empty() ? seconds_cell(point["peers_reached"].get<double>()) : "failed: " + failure);
  }
  return success();
}

// One row per job and node count: its time (`measure`, the figure the job line said first) and, where the job said them,
// its migrations and where its ranks ran.
Status add_jobs(SideBySide& t, const json& jobs, const std::string& image, const std::string& file) {
  for (const auto& job : jobs) {
    const json figures = job.value("figures", json());
    if (!job.value("name", json()).is_string() || !job.value("nodes", json()).is_number_unsigned() || !figures.is_object() ||
        figures.empty() || !figures.begin().value().is_string())
      return bad_input(file + ": jobs: each job needs name, nodes and its figures (`cluster test --json`)");
    const auto nodes = job["nodes"].get<unsigned>();
    const json measure = job.value("measure", json());
    const std::string key = measure.is_string() && figures.contains(measure.get<std::string>()) ? measure.get<std::string>() : figures.begin().key();
    std::string cell = figures.value(key, "?") + " s";
    if (const auto m = figures.value("migrations", ""); !m.empty()) cell += ", " + m + (m == "1" ? " migration" : " migrations");
    if (const auto where = figures.value("where", ""); !where.empty()) cell += ", ranks on " + where;
    set_cell(t, "job " + job["name"].get<std::string>() + ", " + std::to_string(nodes) + (nodes == 1 ? " node" : " nodes") + " (" + key + ")",
             image, cell);
  }
  return success();
}

Status add_tests(SideBySide& t, const json& run, const std::string& file) {
  if (!run.contains("nodes") || !run["nodes"].is_array() || run["nodes"].empty() || !run["tests"].is_array())
    return bad_input(file + ": tests: a `cluster test --json` document names its nodes and tests");
  const auto text = [](const json& object, const char* key) {
    return object.is_object() && object.contains(key) && object[key].is_string() ? object[key].get<std::string>() : std::string("?");
  };
  const std::string image = text(run["nodes"][0], "image");
  std::map<std::string, std::map<std::string, int>> counts;  // suite -> verdict -> tests
  for (const auto& test : run["tests"]) counts[text(test, "suite")][text(test, "verdict")]++;
  for (const auto& [suite, verdicts] : counts) {
    std::string cell;
    for (const char* verdict : {"pass", "fail", "skip"}) {
      const auto n = verdicts.contains(verdict) ? verdicts.at(verdict) : 0;
      cell += (cell.empty() ? "" : ", ") + std::to_string(n) + " " + verdict;
    }
    set_cell(t, "test suite " + suite + " (" + std::to_string(run["nodes"].size()) + " nodes)", image, cell);
  }
  return add_jobs(t, run.value("jobs", json::array()), image, file);
}

}  // namespace

SideBySide side_by_side(const Manifest& a, const fs::path& a_dir, const Manifest& b, const fs::path& b_dir) {
  SideBySide t{a.name, b.name, {}, {}};
  t.rows.push_back({"packages", std::to_string(a.packages.size()), std::to_string(b.packages.size())});
  t.rows.push_back({"installed", human_size(a.installed_size), human_size(b.installed_size)});
  // A release engineer ships the slimmed image: both comparisons, the whole packages' and the shipped files'.
  const auto left_out = [](const Manifest& m) {
    return (m.kernel.slimmed ? m.kernel.slimmed->bytes_left_out : 0) + (m.not_shipped ? m.not_shipped->bytes : 0);
  };
  if (left_out(a) || left_out(b)) {
    const auto shipped = [&](const Manifest& m) { return human_size(m.installed_size - std::min(left_out(m), m.installed_size)); };
    t.rows.push_back({"installed, unused kernel modules and unshipped packages left out", shipped(a), shipped(b)});
  }
  t.rows.push_back({"initramfs", human_size(initramfs_bytes(a)), human_size(initramfs_bytes(b))});
  t.rows.push_back({"boot test, one node under qemu", boot_cell(a_dir), boot_cell(b_dir)});
  return t;
}

Status add_cluster_results(SideBySide& table, const json& results, const std::string& file) {
  if (results.is_object() && results.contains("sweep") && results["sweep"].is_array())
    return add_sweep(table, results["sweep"], file);
  if (results.is_object() && results.contains("tests")) return add_tests(table, results, file);
  return bad_input(file + ": neither `cluster sweep --json` nor `cluster test --json` output");
}

std::string side_by_side_text(const SideBySide& t) {
  std::vector<std::vector<std::string>> rows = {{"", t.a, t.b}};
  for (const auto& r : t.rows) rows.push_back({r.measure, r.a, r.b});
  return format_table(rows, "  ");
}

std::string side_by_side_html(const SideBySide& t) {
  std::string s = "<table class=\"answer\">\n<tr><th></th><th>" + xml_escape(t.a) + "</th><th>" + xml_escape(t.b) + "</th></tr>\n";
  for (const auto& r : t.rows)
    s += "<tr><td>" + xml_escape(r.measure) + "</td><td class=\"n\">" + xml_escape(r.a) + "</td><td class=\"n\">" +
         xml_escape(r.b) + "</td></tr>\n";
  s += "</table>\n";
  // An SVG document inlined in HTML keeps its markup, minus the XML declaration.
  for (const auto& svg : t.figures) s += "<figure>" + (svg.starts_with("<?xml") ? svg.substr(svg.find("?>") + 2) : svg) + "</figure>\n";
  return s;
}

json side_by_side_json(const SideBySide& t) {
  json rows = json::array();
  for (const auto& r : t.rows) rows.push_back({{"measure", r.measure}, {t.a, r.a}, {t.b, r.b}});
  return rows;
}

}  // namespace ssi::image
