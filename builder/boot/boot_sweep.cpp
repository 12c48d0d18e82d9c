#include "boot/boot_sweep.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <sstream>

namespace ssi::boot {

namespace {

// A phase of the whole cluster ends when its slowest node's does; a node that never got there
// leaves the phase unreached.
double slowest(const std::vector<NodeOutcome>& nodes, double NodeOutcome::Phases::*phase) {
  double worst = 0;
  for (const auto& n : nodes) {
    if (n.phases.*phase < 0) return -1;
    worst = std::max(worst, n.phases.*phase);
  }
  return nodes.empty() ? -1 : worst;
}

std::string number(double value, int precision = 1) {
  std::ostringstream out;
  out.setf(std::ios::fixed);
  out.precision(precision);
  out << value;
  return out.str();
}

std::string escaped(const std::string& text) {
  std::string out;
  for (char ch : text) {
    if (ch == '<') out.append("&lt;");
    else if (ch == '>') out.append("&gt;");
    else if (ch == '&') out.append("&amp;");
    else out.push_back(ch);
  }
  return out;
}

}  // namespace

Expected<std::vector<SweepPoint>> sweep_cluster(const cluster::ClusterDefinition& c, unsigned first, unsigned last,
                                                const ClusterBootOptions& options,
                                                const std::function<void(const SweepPoint&)>& done) {
  if (first < 1 || first > last) return bad_input("sweep " + std::to_string(first) + "-" + std::to_string(last) + ": FIRST-LAST with 1 <= FIRST <= LAST");
  if (last > c.nodes.size())
    return bad_input(c.file.string() + ": cluster " + c.name + " has " + std::to_string(c.nodes.size()) + " nodes, the sweep needs " +
                     std::to_string(last));
  std::vector<SweepPoint> points;
  for (unsigned n = first; n <= last; ++n) {
    ClusterBootOptions run = options;
    run.nodes = n;
    run.run_dir = options.run_dir / std::to_string(n);
    auto result = boot_cluster(c, run);
    if (!result) return result.error();
    SweepPoint p;
    p.cluster = c.name;
    p.image = result->nodes.empty() ? "" : result->nodes.front().image;
    p.nodes = n;
    p.phases = {slowest(result->nodes, &NodeOutcome::Phases::leased), slowest(result->nodes, &NodeOutcome::Phases::kernel),
                slowest(result->nodes, &NodeOutcome::Phases::up), slowest(result->nodes, &NodeOutcome::Phases::peers)};
    p.seconds = result->seconds;
    for (const auto& node : result->nodes)
      if (!node.failure.empty() && p.failure.empty()) p.failure = node.name + ": " + node.failure;
    if (done) done(p);
    points.push_back(p);
    if (options.interrupted && options.interrupted->load()) break;
  }
  return points;
}

std::string sweep_svg(const std::vector<SweepPoint>& points) {
  std::map<std::string, std::vector<const SweepPoint*>> lines;
  unsigned most_nodes = 1;
  double most_seconds = 10;
  for (const auto& p : points) {
    lines[p.cluster + " (" + p.image + ")"].push_back(&p);
    most_nodes = std::max(most_nodes, p.nodes);
    most_seconds = std::max(most_seconds, p.phases.peers);
  }
  most_seconds = std::ceil(most_seconds / 10) * 10;
  const double left = 60, right = 460, top = 30, bottom = 250;
  auto x = [&](unsigned n) { return left + (most_nodes == 1 ? 0.5 : (n - 1.0) / (most_nodes - 1)) * (right - left); };
  auto y = [&](double s) { return bottom - s / most_seconds * (bottom - top); };
  std::ostringstream svg;
  svg << "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"640\" height=\"300\" viewBox=\"0 0 640 300\" "
         "font-family=\"sans-serif\" font-size=\"12\">\n"
      << "<text x=\"" << left << "\" y=\"18\">Seconds until every node is up and reaches its peers</text>\n"
      << "<line x1=\"" << left << "\" y1=\"" << bottom << "\" x2=\"" << right << "\" y2=\"" << bottom << "\" stroke=\"black\"/>\n"
      << "<line x1=\"" << left << "\" y1=\"" << top << "\" x2=\"" << left << "\" y2=\"" << bottom << "\" stroke=\"black\"/>\n";
  for (unsigned n = 1; n <= most_nodes; ++n)
    svg << "<text x=\"" << x(n) << "\" y=\"" << bottom + 16 << "\" text-anchor=\"middle\">" << n << "</text>\n";
  svg << "<text x=\"" << (left + right) / 2 << "\" y=\"" << bottom + 34 << "\" text-anchor=\"middle\">nodes netbooted</text>\n";
  for (int tick = 0; tick <= 4; ++tick) {
    const double s = most_seconds * tick / 4;
    svg << "<text x=\"" << left - 6 << "\" y=\"" << y(s) + 4 << "\" text-anchor=\"end\">" << number(s, 0) << "</text>\n"
        << "<line x1=\"" << left << "\" y1=\"" << y(s) << "\" x2=\"" << right << "\" y2=\"" << y(s) << "\" stroke=\"#ddd\"/>\n";
  }
  const char* colours[] = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd"};
  int line = 0;
  for (const auto& [name, series] : lines) {
    const char* colour = colours[line % 4];
    std::string path;
    for (const SweepPoint* p : series) {
      if (p->phases.peers < 0) continue;
      if (!path.empty()) path.push_back(' ');
      path.append(number(x(p->nodes))).append(",").append(number(y(p->phases.peers)));
      svg << "<circle cx=\"" << number(x(p->nodes)) << "\" cy=\"" << number(y(p->phases.peers)) << "\" r=\"3\" fill=\"" << colour
          << "\"><title>" << escaped(name) << ", " << p->nodes << " nodes: " << number(p->phases.peers) << " s</title></circle>\n";
    }
    svg << "<polyline fill=\"none\" stroke=\"" << colour << "\" stroke-width=\"2\" points=\"" << path << "\"/>\n"
        << "<text x=\"" << right + 12 << "\" y=\"" << top + 16 * (line + 1) << "\" fill=\"" << colour << "\">" << escaped(name)
        << "</text>\n";
    ++line;
  }
  svg << "</svg>\n";
  return svg.str();
}

}  // namespace ssi::boot
