#include "support/crash_harness.hpp"

#include <signal.h>
#include <sys/wait.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <optional>
#include <regex>
#include <stdexcept>
#include <thread>

#include "support/process.hpp"
#include "util/fs.hpp"
#include "util/run_lock.hpp"
#include "util/sha256.hpp"

namespace ssi::test {
namespace fs = std::filesystem;
namespace {

// A watched output's content: relative path -> sha256 (symlinks by target); empty when absent.
using Content = std::map<std::string, std::string>;

Content content_of(const fs::path& path) {
  Content c;
  std::error_code ec;
  const auto hash = [&](const fs::path& p, const std::string& key) {
    if (fs::is_symlink(p, ec)) c[key] = "-> " + fs::read_symlink(p, ec).string();
    else if (fs::is_regular_file(p, ec)) c[key] = sha256_file_hex(p).value_or("unreadable");
  };
  if (fs::is_directory(path, ec) && !fs::is_symlink(path, ec)) {
    c["."] = "folder";
    for (auto it = fs::recursive_directory_iterator(path, ec); !ec && it != fs::recursive_directory_iterator(); it.increment(ec))
      hash(it->path(), it->path().lexically_relative(path).string());
  } else {
    hash(path, ".");
  }
  return c;
}

std::map<std::string, Content> snapshot(const fs::path& ws, const std::vector<std::string>& watched,
                                        const std::string& logs) {
  std::map<std::string, Content> s;
  for (const auto& w : watched) {
    s[w] = content_of(ws / w);
    for (auto& [file, digest] : s[w])
      if (!logs.empty() && file.starts_with(logs)) digest = "log";
  }
  return s;
}

void copy_tree(const fs::path& from, const fs::path& to) {
  fs::remove_all(to);
  if (run("cp -a " + quote(from.string()) + " " + quote(to.string())).status != 0)
    throw std::runtime_error("cannot copy " + from.string());
}

std::string with_workspace(std::string arguments, const fs::path& ws) {
  return std::regex_replace(arguments, std::regex("@WS@"), quote(ws.string()));
}

std::vector<std::string> leftovers(const fs::path& dir, const std::string& prefix = "") {
  static const std::regex temporary(R"(.*\.(tmp|staging)\.([0-9]+))");
  std::vector<std::string> found;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    std::smatch m;
    const std::string name = it->path().filename().string();
    // Other processes' trees in a shared folder come and go while we walk: an error there would
    // end the walk early, so only what bears the prefix is entered.
    if (!name.starts_with(prefix)) {
      it.disable_recursion_pending();
      continue;
    }
    if (std::regex_match(name, m, temporary) && !process_alive(std::stoi(m[2].str())))
      found.push_back(it->path().string());
  }
  return found;
}

void add_rpms(const fs::path& ws, std::vector<std::string>& watched) {
  for (auto it = fs::recursive_directory_iterator(ws); it != fs::recursive_directory_iterator(); ++it)
    if (it->path().extension() == ".rpm" && it->is_regular_file()) {
      const std::string rel = it->path().lexically_relative(ws).string();
      if (std::find(watched.begin(), watched.end(), rel) == watched.end()) watched.push_back(rel);
    }
}

}  // namespace

CrashReport run_crash_case(const fs::path& base, const CrashCase& c) {
  CrashReport report;
  const fs::path pristine = base / "pristine", ws = base / "ws";
  fs::create_directories(pristine);
  c.prepare(pristine);

  copy_tree(pristine, ws);
  const auto start = std::chrono::steady_clock::now();
  const auto reference_run = run_cli(with_workspace(c.arguments, ws), kQuickSanitizers);
  report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (reference_run.status != 0) throw std::runtime_error("the uninterrupted run failed: " + reference_run.output);
  std::vector<std::string> watched = c.watched;
  if (c.watch_rpms) {
    add_rpms(pristine, watched);
    add_rpms(ws, watched);
  }
  const auto before = snapshot(pristine, watched, c.logs);
  const auto reference = snapshot(ws, watched, c.logs);

  // The kill points follow the quickest whole run seen: a reference run timed on a loaded moment
  // would otherwise put the later points after the end of every faster run.
  double run_seconds = report.seconds;
  for (int k = 1; k <= c.kills; ++k) {
    const double at = run_seconds * k / (c.kills + 1);
    const auto problem = [&](const std::string& what) {
      char when[32];
      std::snprintf(when, sizeof when, "%.2f", at);
      report.problems.push_back("kill " + std::to_string(k) + " at " + when + " s: " + what);
    };
    copy_tree(pristine, ws);
    auto running = start_cli(with_workspace(c.arguments, ws), base / "killed.log", kQuickSanitizers);
    const auto started = std::chrono::steady_clock::now();
    const auto kill_at = started + std::chrono::duration<double>(at);
    while (running.running() && std::chrono::steady_clock::now() < kill_at)
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    if (!running.running()) {
      ++report.finished_first;
      run_seconds = std::min(run_seconds, std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
    }
    running.signal(SIGKILL);
    running.wait();
    ++report.kills;

    for (const auto& [output, content] : snapshot(ws, watched, c.logs))
      if (content != before.at(output) && content != reference.at(output))
        problem(output + " is neither as before the run nor as a finished run made it");
    if (c.after_kill)
      for (const auto& p : c.after_kill(ws)) problem(p);

    const auto next = run_cli(with_workspace(c.arguments, ws), kQuickSanitizers);
    if (next.status != 0) problem("the next run failed (exit " + std::to_string(next.status) + "): " + next.output);
    else
      for (const auto& [output, content] : snapshot(ws, watched, c.logs))
        for (const auto& [file, digest] : content)
          if (!reference.at(output).count(file) || reference.at(output).at(file) != digest)
            problem("the next run gave other bytes than an uninterrupted run: " + output + "/" + file);
    std::vector<std::string> left = leftovers(ws);
    for (const auto& place : c.also_clean) {
      const auto more = leftovers(place.parent_path(), place.filename().string());
      left.insert(left.end(), more.begin(), more.end());
    }
    for (const auto& l : left) problem("left behind after the next run: " + l);
  }
  return report;
}

}  // namespace ssi::test
