#include "distro/apt_sources.hpp"

#include <algorithm>
#include <sstream>

#include "util/fs.hpp"
#include "util/text.hpp"

namespace ssi::distro {
namespace fs = std::filesystem;
namespace {

std::vector<std::string> words(const std::string& text) {
  std::istringstream in(text);
  std::vector<std::string> out;
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

std::string lowercase(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

bool has(const std::vector<std::string>& list, const std::string& value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

// A stanza's fields; a continuation line (leading space) belongs to the field before it.
std::vector<std::pair<std::string, std::string>> stanza_fields(const std::vector<std::string>& lines) {
  std::vector<std::pair<std::string, std::string>> fields;
  for (const auto& line : lines) {
    if (!line.empty() && (line[0] == ' ' || line[0] == '\t')) {
      if (!fields.empty()) fields.back().second += "\n" + line;
      continue;
    }
    const auto colon = line.find(':');
    if (colon == std::string::npos) continue;
    fields.emplace_back(lowercase(line.substr(0, colon)), std::string(trim(line.substr(colon + 1))));
  }
  return fields;
}

AptSource from_stanza(const std::vector<std::string>& lines, const fs::path& file, bool& binary) {
  AptSource s;
  s.file = file;
  binary = false;
  bool enabled = true;
  for (const auto& [key, value] : stanza_fields(lines)) {
    if (key == "types") binary = has(words(value), "deb");
    else if (key == "uris") s.uris = words(value);
    else if (key == "suites") s.suites = words(value);
    else if (key == "components") s.components = words(value);
    else if (key == "signed-by" && value.find('\n') == std::string::npos) s.signed_by = value;
    else if (key == "enabled") enabled = lowercase(value) != "no";
  }
  binary = binary && enabled;
  return s;
}

std::string without_trailing_slash(std::string uri) {
  while (uri.size() > 1 && uri.back() == '/') uri.pop_back();
  return uri;
}

}  // namespace

std::vector<AptSource> parse_one_line_sources(const std::string& text, const fs::path& file) {
  std::vector<AptSource> sources;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    line = line.substr(0, line.find('#'));
    std::string options;
    if (const auto open = line.find('['); open != std::string::npos) {
      const auto close = line.find(']', open);
      if (close == std::string::npos) continue;
      options = line.substr(open + 1, close - open - 1);
      line.erase(open, close - open + 1);
    }
    const auto w = words(line);
    if (w.size() < 3 || w[0] != "deb") continue;
    AptSource s;
    s.file = file;
    s.uris = {w[1]};
    s.suites = {w[2]};
    s.components.assign(w.begin() + 3, w.end());
    for (const auto& option : words(options))
      if (option.starts_with("signed-by=")) s.signed_by = option.substr(10);
    sources.push_back(std::move(s));
  }
  return sources;
}

std::vector<AptSource> parse_deb822_sources(const std::string& text, const fs::path& file) {
  std::vector<AptSource> sources;
  std::vector<std::string> stanza;
  const auto flush = [&] {
    bool binary = false;
    if (!stanza.empty()) {
      AptSource s = from_stanza(stanza, file, binary);
      if (binary && !s.uris.empty()) sources.push_back(std::move(s));
    }
    stanza.clear();
  };
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (line.starts_with("#")) continue;
    if (trim(line).empty()) flush();
    else stanza.push_back(line);
  }
  flush();
  return sources;
}

std::vector<AptSource> host_apt_sources(const fs::path& etc_apt) {
  std::vector<AptSource> all;
  const auto add = [&all](std::vector<AptSource> more) { all.insert(all.end(), more.begin(), more.end()); };
  if (auto text = read_file(etc_apt / "sources.list")) add(parse_one_line_sources(*text, etc_apt / "sources.list"));
  std::vector<fs::path> files;
  std::error_code ec;
  for (fs::directory_iterator it(etc_apt / "sources.list.d", ec), end; !ec && it != end; it.increment(ec))
    files.push_back(it->path());
  std::sort(files.begin(), files.end());
  for (const auto& f : files) {
    auto text = read_file(f);
    if (!text) continue;
    if (f.extension() == ".list") add(parse_one_line_sources(*text, f));
    else if (f.extension() == ".sources") add(parse_deb822_sources(*text, f));
  }
  return all;
}

std::string suite_mirror(const std::vector<AptSource>& sources, const std::string& suite, const std::string& mirror) {
  const auto serving = [&](auto&& matches) -> const AptSource* {
    for (const auto& s : sources)
      if (std::any_of(s.suites.begin(), s.suites.end(), matches)) return &s;
    return nullptr;
  };
  const AptSource* exact = serving([&](const std::string& listed) { return listed == suite; });
  if (exact) return without_trailing_slash(exact->uris.front());
  if (suite.ends_with("-security"))
    if (const AptSource* security = serving([](const std::string& listed) { return listed.ends_with("-security"); }))
      return without_trailing_slash(security->uris.front());
  return mirror;
}

Expected<std::string> choose_mirror(const std::vector<AptSource>& sources, const Distro& distro) {
  const AptSource* best = nullptr;
  int best_score = -1;
  for (const auto& s : sources) {
    if (!std::all_of(distro.components.begin(), distro.components.end(), [&](const std::string& c) { return has(s.components, c); }))
      continue;
    const bool release_suite = std::any_of(s.suites.begin(), s.suites.end(),
                                            [](const std::string& suite) { return suite.find('-') == std::string::npos; });
    const int score = (s.signed_by == distro.keyring.string() ? 2 : 0) + (release_suite ? 1 : 0);
    if (score > best_score) best = &s, best_score = score;
  }
  if (!best)
    return bad_input(distro.name + ": no entry of this machine's apt sources serves component(s) " +
                     join(distro.components, ", ") + " (looked at " + std::to_string(sources.size()) +
                     " binary entries): pass --mirror URI");
  return without_trailing_slash(best->uris.front());
}

}  // namespace ssi::distro
