// Text, JSON and HTML renderings of image reports, diffs (declared in image_report.hpp) and
// comparisons across distributions (distro_comparison.hpp).
#include <algorithm>
#include <cstdio>
#include <initializer_list>

#include "image/distro_comparison.hpp"
#include "image/image_report.hpp"
#include "util/text.hpp"
#include "util/xml_writer.hpp"

namespace ssi::image {
namespace {
using nlohmann::json;

std::string artifacts_line(const Manifest& m) {
  std::string out;
  for (const auto& [file, bytes] : m.artifacts) out += (out.empty() ? "" : ", ") + file + " " + human_size(bytes);
  return out.empty() ? "none" : out;
}

// "Initramfs layers: tree 3.1 MiB, kernel 2.0 MiB, …" for a layered initramfs, "" otherwise.
std::string layers_line(const Manifest& m) {
  std::string out;
  for (const auto& l : m.initramfs_layers) out += (out.empty() ? "" : ", ") + l.name + " " + human_size(l.bytes);
  return out.empty() ? "" : "Initramfs layers: " + out;
}

std::string rows_text(const std::string& title, const std::vector<SizeRow>& rows, std::size_t limit, const char* count_name) {
  std::vector<std::vector<std::string>> table = {{title, "SIZE", count_name}};
  for (std::size_t i = 0; i < rows.size() && i < limit; ++i)
    table.push_back({rows[i].label, human_size(rows[i].bytes), count_name[0] ? std::to_string(rows[i].count) : ""});
  std::string out = format_table(table, "  ");
  if (rows.size() > limit) out += "  … " + std::to_string(rows.size() - limit) + " more\n";
  return out;
}

json rows_json(const std::vector<SizeRow>& rows) {
  json out = json::array();
  for (const auto& r : rows) out.push_back({{"label", r.label}, {"bytes", r.bytes}, {"count", r.count}});
  return out;
}

json changes_json(const std::vector<PackageChange>& changes) {
  json out = json::array();
  for (const auto& c : changes)
    out.push_back({{"name", c.name}, {"before", c.before}, {"after", c.after}, {"delta", c.delta},
                   {"attributed_to", c.attributed_to}});
  return out;
}

// One self-contained page: inline style, bars as sized blocks, no script, no network.
std::string page(const std::string& title, const std::string& body) {
  return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + xml_escape(title) +
         "</title>\n<style>body{font:14px system-ui,sans-serif;margin:2em;color:#222}table{border-collapse:collapse;"
         "margin-bottom:2em}td,th{padding:2px 10px;text-align:left}td.n{text-align:right;white-space:nowrap}"
         ".bar{height:12px;background:#3b7dd8;display:inline-block}.neg{background:#d8563b}.note{color:#8a5a00}"
         "</style></head><body>\n<h1>" + xml_escape(title) + "</h1>\n" + body + "</body></html>\n";
}

std::string bar(std::uint64_t value, std::uint64_t max, bool negative = false) {
  const int width = max == 0 ? 0 : static_cast<int>(300.0 * static_cast<double>(value) / static_cast<double>(max));
  return "<span class=\"bar" + std::string(negative ? " neg" : "") + "\" style=\"width:" + std::to_string(width) + "px\"></span>";
}

std::string rows_html(const std::string& title, const std::vector<SizeRow>& rows, std::size_t limit) {
  const std::uint64_t max = rows.empty() ? 0 : rows.front().bytes;
  std::string s = "<h2>" + xml_escape(title) + "</h2>\n<table>\n";
  for (std::size_t i = 0; i < rows.size() && i < limit; ++i)
    s += "<tr><td>" + xml_escape(rows[i].label) + "</td><td class=\"n\">" + human_size(rows[i].bytes) + "</td><td>" +
         bar(rows[i].bytes, max) + "</td></tr>\n";
  return s + "</table>\n";
}

// The build notes close a page, folded: they explain files, they do not answer its question.
std::string notes_html(std::initializer_list<const Manifest*> images) {
  std::string s;
  std::size_t count = 0;
  for (const auto* m : images) {
    count += m->notes.size();
    for (const auto& n : m->notes) s += "<p class=\"note\">" + xml_escape(m->name) + ": " + xml_escape(n) + "</p>\n";
  }
  if (count == 0) return "";
  return "<details><summary>Build notes (" + std::to_string(count) +
         "): what the builder made in place of the packages' scripts</summary>\n" + s + "</details>\n";
}

std::vector<SizeRow> largest_rows(const Manifest& m) {
  std::vector<SizeRow> rows;
  for (const auto& f : m.largest_files) rows.push_back({f.path, f.size, 0});
  return rows;
}

std::string change_rows(const std::string& title, const std::vector<PackageChange>& changes) {
  std::vector<std::vector<std::string>> table = {{title, "INSTALLED", "BECAUSE OF"}};
  for (const auto& c : changes)
    table.push_back({c.after.empty() ? c.before : (c.before.empty() ? c.after : c.before + " -> " + c.after), signed_size(c.delta),
                     c.attributed_to});
  return changes.empty() ? "" : format_table(table, "  ");
}

// "Kernel modules: 14 kept (closure of e1000, nfsv3); 3,912 modules and 0 firmware files left out, 374.1 MiB".
std::string slimming_line(const ManifestKernel& k) {
  if (!k.slimmed) return "";
  const auto& s = *k.slimmed;
  return "Kernel modules: " + std::to_string(s.modules_kept) + " kept (closure of " + join(s.named, ", ") + "); " +
         std::to_string(s.modules_left_out) + " modules and " + std::to_string(s.firmware_left_out) +
         " firmware files left out, " + human_size(s.bytes_left_out);
}

// "Not shipped: 6 packages (libamd-comgr2, ...), 34 files, 232.5 MiB left out of the tree (installed in the rpmdb)".
std::string not_shipped_line(const Manifest& m) {
  if (!m.not_shipped || m.not_shipped->packages.empty()) return "";
  const auto& n = *m.not_shipped;
  return "Not shipped: " + std::to_string(n.packages.size()) + (n.packages.size() == 1 ? " package (" : " packages (") +
         join(n.packages, ", ") + "), " +
         std::to_string(n.files) + " files, " + human_size(n.bytes) + " left out of the tree (installed in the rpmdb)";
}

}  // namespace

std::string report_text(const Report& r, std::size_t limit) {
  const Manifest& m = r.manifest;
  std::string s = "Image " + m.name + ": " + std::to_string(m.packages.size()) + " packages, " + human_size(m.installed_size) +
                  " installed, " + std::to_string(m.files) + " files\n";
  if (m.has_kernel) s += "Kernel: " + m.kernel.name + " (" + m.kernel.package + ", " + m.kernel.release + ")\n";
  if (const auto line = slimming_line(m.kernel); !line.empty()) s += line + "\n";
  if (const auto line = not_shipped_line(m); !line.empty()) s += line + "\n";
  s += "Artifacts: " + artifacts_line(m) + "\n";
  if (const auto line = layers_line(m); !line.empty()) s += line + "\n";
  for (const auto& n : m.notes) s += "Note: " + n + "\n";
  s += "\nBy OSCAR package (or what else put packages there):\n" + rows_text("GROUP", r.groups, limit, "PACKAGES");
  s += "\nBy package:\n" + rows_text("PACKAGE", r.packages, limit, "FILES");
  s += "\nBy top-level folder:\n" + rows_text("FOLDER", r.directories, limit, "");
  s += "\nLargest files:\n" + rows_text("FILE", largest_rows(m), std::min<std::size_t>(limit, 10), "");
  return s;
}

json report_json(const Report& r) {
  return {{"image", r.manifest.name}, {"manifest", manifest_json(r.manifest)}, {"by_group", rows_json(r.groups)},
          {"by_package", rows_json(r.packages)}, {"by_directory", rows_json(r.directories)}};
}

std::string report_html(const Report& r) {
  const Manifest& m = r.manifest;
  std::string body = "<p>" + std::to_string(m.packages.size()) + " packages, " + human_size(m.installed_size) +
                     " installed, " + std::to_string(m.files) + " files. Artifacts: " + xml_escape(artifacts_line(m)) + "</p>\n";
  if (m.has_kernel) body += "<p>Kernel: " + xml_escape(m.kernel.name + " (" + m.kernel.release + ")") + "</p>\n";
  if (const auto line = slimming_line(m.kernel); !line.empty()) body += "<p>" + xml_escape(line) + "</p>\n";
  if (const auto line = not_shipped_line(m); !line.empty()) body += "<p>" + xml_escape(line) + "</p>\n";
  if (const auto line = layers_line(m); !line.empty()) body += "<p>" + xml_escape(line) + "</p>\n";
  body += rows_html("By OSCAR package", r.groups, 1000) + rows_html("By package", r.packages, 1000) +
          rows_html("By top-level folder", r.directories, 1000) + rows_html("Largest files", largest_rows(m), 1000) +
          notes_html({&m});
  return page("Image " + m.name, body);
}

std::string diff_text(const ImageDiff& d, const SideBySide& answer) {
  std::string s = "Image " + d.b.name + " against " + d.a.name + ": installed " + human_size(d.a.installed_size) + " -> " +
                  human_size(d.b.installed_size) + " (" + signed_size(d.installed_delta) + "), packages " +
                  std::to_string(d.a.packages.size()) + " -> " + std::to_string(d.b.packages.size()) + "\n\n" +
                  side_by_side_text(answer) + "\nWhat makes the difference:\n";
  std::vector<std::vector<std::string>> groups = {{"WHAT", d.a.name, d.b.name, "DIFFERENCE"}};
  for (const auto& g : d.groups)
    if (g.before != g.after)
      groups.push_back({g.label, human_size(g.before), human_size(g.after), signed_size(static_cast<std::int64_t>(g.after) - static_cast<std::int64_t>(g.before))});
  groups.push_back({"total installed", human_size(d.a.installed_size), human_size(d.b.installed_size), signed_size(d.installed_delta)});
  std::map<std::string, std::pair<std::uint64_t, std::uint64_t>> artifacts;
  for (const auto& [f, bytes] : d.a.artifacts) artifacts[f.starts_with(d.a.name + ".") ? f.substr(d.a.name.size()) : f].first = bytes;
  for (const auto& [f, bytes] : d.b.artifacts) artifacts[f.starts_with(d.b.name + ".") ? f.substr(d.b.name.size()) : f].second = bytes;
  for (const auto& [f, sizes] : artifacts)
    groups.push_back({"artifact " + f, human_size(sizes.first), human_size(sizes.second),
                      signed_size(static_cast<std::int64_t>(sizes.second) - static_cast<std::int64_t>(sizes.first))});
  s += format_table(groups, "  ");
  if (!d.added.empty()) s += "\nAdded in " + d.b.name + ":\n" + change_rows("PACKAGE", d.added);
  if (!d.removed.empty()) s += "\nRemoved from " + d.a.name + ":\n" + change_rows("PACKAGE", d.removed);
  if (!d.changed.empty()) s += "\nChanged:\n" + change_rows("PACKAGE", d.changed);
  s += "\nBuild notes: " + std::to_string(d.a.notes.size()) + " of " + d.a.name + ", " + std::to_string(d.b.notes.size()) +
       " of " + d.b.name + " (image report, the HTML page's last section, --json)\n";
  return s;
}

namespace {

// A diff's own figures: what `image diff --json` adds the side-by-side table to, and what `image
// compare` gives for each image between the distributions.
json diff_figures_json(const ImageDiff& d) {
  json groups = json::array();
  for (const auto& g : d.groups) groups.push_back({{"label", g.label}, {"before", g.before}, {"after", g.after}});
  return {{"a", d.a.name}, {"b", d.b.name},
          {"installed", {{"a", d.a.installed_size}, {"b", d.b.installed_size}, {"delta", d.installed_delta}}},
          {"artifacts", {{"a", d.a.artifacts}, {"b", d.b.artifacts}}},
          {"groups", groups}, {"added", changes_json(d.added)}, {"removed", changes_json(d.removed)},
          {"changed", changes_json(d.changed)}, {"notes", {{"a", d.a.notes}, {"b", d.b.notes}}}};
}

}  // namespace

json diff_json(const ImageDiff& d, const SideBySide& answer) {
  json out = diff_figures_json(d);
  out["side_by_side"] = side_by_side_json(answer);
  return out;
}

std::string diff_html(const ImageDiff& d, const SideBySide& answer) {
  std::uint64_t max = 0;
  for (const auto& c : d.added) max = std::max<std::uint64_t>(max, static_cast<std::uint64_t>(std::abs(c.delta)));
  for (const auto& c : d.removed) max = std::max<std::uint64_t>(max, static_cast<std::uint64_t>(std::abs(c.delta)));
  std::string body = side_by_side_html(answer) + "<p>Installed: " + human_size(d.a.installed_size) + " &rarr; " +
                     human_size(d.b.installed_size) + " (" + signed_size(d.installed_delta) + ")</p>\n";
  body += "<h2>What makes the difference</h2>\n<table>\n";
  for (const auto& g : d.groups) {
    const std::int64_t change = static_cast<std::int64_t>(g.after) - static_cast<std::int64_t>(g.before);
    if (change != 0)
      body += "<tr><td>" + xml_escape(g.label) + "</td><td class=\"n\">" + signed_size(change) + "</td><td>" +
              bar(static_cast<std::uint64_t>(std::abs(change)), static_cast<std::uint64_t>(std::abs(d.installed_delta) + 1), change < 0) +
              "</td></tr>\n";
  }
  body += "</table>\n";
  for (const auto& [title, list] : {std::pair{"Added in " + d.b.name, &d.added}, std::pair{"Removed from " + d.a.name, &d.removed},
                                    std::pair{std::string("Changed"), &d.changed}}) {
    if (list->empty()) continue;
    body += "<h2>" + xml_escape(title) + "</h2>\n<table>\n";
    for (const auto& c : *list)
      body += "<tr><td>" + xml_escape(c.after.empty() ? c.before : c.after) + "</td><td class=\"n\">" + signed_size(c.delta) +
              "</td><td>" + bar(static_cast<std::uint64_t>(std::abs(c.delta)), max, c.delta < 0) + "</td><td>" +
              xml_escape(c.attributed_to) + "</td></tr>\n";
    body += "</table>\n";
  }
  return page(d.a.name + " or " + d.b.name, body + notes_html({&d.a, &d.b}));
}

namespace {

std::string seconds_text(const std::optional<double>& seconds) {
  if (!seconds) return "not booted";
  char text[32];
  std::snprintf(text, sizeof text, "%.1f s", *seconds);
  return text;
}

std::vector<std::vector<std::string>> comparison_rows(const DistroComparison& c) {
  std::vector<std::vector<std::string>> rows = {{"IMAGE", "DISTRIBUTION", "PACKAGES", "INSTALLED", "INITRAMFS", "BOOT TEST"}};
  for (const auto& cell : c.cells)
    rows.push_back({cell.manifest.name, cell.distro, std::to_string(cell.manifest.packages.size()),
                    human_size(cell.manifest.installed_size), human_size(cell.initramfs_bytes), seconds_text(cell.boot_seconds)});
  return rows;
}

// The biggest changes of one image between the distributions, whatever their kind.
std::vector<PackageChange> biggest_changes(const ImageDiff& d, std::size_t limit) {
  std::vector<PackageChange> all;
  for (const auto* list : {&d.added, &d.removed, &d.changed}) all.insert(all.end(), list->begin(), list->end());
  std::sort(all.begin(), all.end(), [](const PackageChange& x, const PackageChange& y) {
    return std::abs(x.delta) != std::abs(y.delta) ? std::abs(x.delta) > std::abs(y.delta) : x.name < y.name;
  });
  if (all.size() > limit) all.resize(limit);
  return all;
}

std::string change_summary(const ImageDiff& d) {
  return d.a.name + ": installed " + human_size(d.a.installed_size) + " -> " + human_size(d.b.installed_size) + " (" +
         signed_size(d.installed_delta) + "), packages " + std::to_string(d.a.packages.size()) + " -> " +
         std::to_string(d.b.packages.size()) + ": " + std::to_string(d.added.size()) + " added, " +
         std::to_string(d.removed.size()) + " removed, " + std::to_string(d.changed.size()) + " changed";
}

}  // namespace

std::string comparison_text(const DistroComparison& c, std::size_t limit) {
  std::string s = "Images on " + c.distros[0] + " and " + c.distros[1] + "\n" + format_table(comparison_rows(c), "  ");
  s += "\nFrom " + c.distros[0] + " to " + c.distros[1] + ", the biggest changes of each image:\n";
  for (const auto& d : c.between) s += change_summary(d) + "\n" + change_rows("PACKAGE", biggest_changes(d, limit));
  return s;
}

json comparison_json(const DistroComparison& c) {
  json cells = json::array();
  for (const auto& cell : c.cells)
    cells.push_back({{"image", cell.manifest.name}, {"distro", cell.distro}, {"packages", cell.manifest.packages.size()},
                     {"installed_size", cell.manifest.installed_size}, {"initramfs_bytes", cell.initramfs_bytes},
                     {"boot_seconds", cell.boot_seconds ? json(*cell.boot_seconds) : json()}});
  json between = json::array();
  for (const auto& d : c.between) between.push_back(diff_figures_json(d));
  return {{"distros", c.distros}, {"images", c.images}, {"table", cells}, {"between", between}};
}

std::string comparison_html(const DistroComparison& c) {
  const auto rows = comparison_rows(c);
  std::string body = "<table>\n<tr>";
  for (const auto& h : rows.front()) body += "<th>" + xml_escape(h) + "</th>";
  body += "</tr>\n";
  for (std::size_t i = 1; i < rows.size(); ++i) {
    body += "<tr>";
    for (std::size_t j = 0; j < rows[i].size(); ++j) body += (j < 2 ? "<td>" : "<td class=\"n\">") + xml_escape(rows[i][j]) + "</td>";
    body += "</tr>\n";
  }
  body += "</table>\n";
  for (const auto& d : c.between) {
    const auto changes = biggest_changes(d, 40);
    const std::uint64_t max = changes.empty() ? 0 : static_cast<std::uint64_t>(std::abs(changes.front().delta));
    body += "<h2>" + xml_escape(d.a.name) + ": " + xml_escape(c.distros[0]) + " &rarr; " + xml_escape(c.distros[1]) + "</h2>\n<p>" +
            xml_escape(change_summary(d)) + "</p>\n<table>\n";
    for (const auto& ch : changes)
      body += "<tr><td>" + xml_escape(ch.after.empty() ? ch.before : (ch.before.empty() ? ch.after : ch.before + " -> " + ch.after)) +
              "</td><td class=\"n\">" + signed_size(ch.delta) + "</td><td>" +
              bar(static_cast<std::uint64_t>(std::abs(ch.delta)), max, ch.delta < 0) + "</td><td>" + xml_escape(ch.attributed_to) +
              "</td></tr>\n";
    body += "</table>\n";
  }
  return page("Images on " + c.distros[0] + " and " + c.distros[1], body);
}

}  // namespace ssi::image
