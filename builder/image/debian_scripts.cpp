#include "image/debian_scripts.hpp"

#include <algorithm>
#include <sstream>

#include "util/fs.hpp"
#include "util/root_path.hpp"
#include "util/text.hpp"

namespace ssi::image {
namespace fs = std::filesystem;
namespace {

const char* kScripts = "usr/share/ssi-oscar/debian-scripts";

// (package, postinst text) of every package that kept one, by package name.
std::vector<std::pair<std::string, std::string>> postinst_scripts(const fs::path& root) {
  std::vector<std::pair<std::string, std::string>> out;
  std::error_code ec;
  if (!fs::is_directory(in_root(root, kScripts), ec)) return out;
  for (const auto& e : fs::directory_iterator(in_root(root, kScripts)))
    if (auto text = read_file(e.path() / "postinst")) out.emplace_back(e.path().filename().string(), *text);
  std::sort(out.begin(), out.end());
  return out;
}

bool literal(const std::string& word) { return word.find_first_of("$`*?") == std::string::npos; }

}  // namespace

std::vector<std::vector<std::string>> script_commands(const std::string& script) {
  std::vector<std::vector<std::string>> commands;
  std::istringstream lines(script);
  std::string joined;
  for (std::string line; std::getline(lines, line);) {
    if (!line.empty() && line.back() == '\\') {
      joined += line.substr(0, line.size() - 1) + " ";
      continue;
    }
    joined += line;
    std::vector<std::string> words;
    std::string word;
    char quote = 0;
    for (char c : joined + " ") {
      if (quote) {
        if (c == quote) quote = 0;
        else word += c;
      } else if (c == '"' || c == '\'') {
        quote = c;
      } else if (c == ' ' || c == '\t' || c == ';') {
        if (!word.empty()) words.push_back(word);
        word.clear();
        if (c == ';' && !words.empty()) commands.push_back(std::exchange(words, {}));
      } else if (c == '#' && word.empty()) {
        break;
      } else {
        word += c;
      }
    }
    if (!words.empty()) commands.push_back(words);
    joined.clear();
  }
  return commands;
}

std::vector<Alternative> declared_alternatives(const fs::path& root) {
  std::vector<Alternative> out;
  for (const auto& [package, text] : postinst_scripts(root))
    for (const auto& words : script_commands(text)) {
      auto at = std::find(words.begin(), words.end(), "update-alternatives");
      if (at == words.end()) continue;
      auto install = std::find(at, words.end(), "--install");
      if (install == words.end() || words.end() - install < 5) continue;
      Alternative a{install[1], install[2], install[3], 0, {}, package};
      if (!literal(a.link) || !literal(a.name) || !literal(a.path)) continue;
      const bool negative = install[4].starts_with("-");
      const auto priority = parse_number(std::string_view(install[4]).substr(negative ? 1 : 0));
      if (!priority || *priority > 1000000000) continue;
      a.priority = negative ? -static_cast<long>(*priority) : static_cast<long>(*priority);
      for (auto s = install + 5; s != words.end(); ++s)
        if (*s == "--slave" && words.end() - s >= 4 && literal(s[1]) && literal(s[3]))
          a.slaves.push_back({s[1], s[2], s[3], 0, {}, package});
      out.push_back(std::move(a));
    }
  return out;
}

namespace {

// A sysusers.d line's words; "..." holds blanks (the GECOS field).
std::vector<std::string> sysusers_words(const std::string& line) {
  std::vector<std::string> words;
  std::string word;
  bool quoted = false, in_word = false;
  for (const char c : line) {
    if (c == '"') {
      quoted = !quoted;
      in_word = true;
    } else if (!quoted && (c == ' ' || c == '\t')) {
      if (in_word) words.push_back(word);
      word.clear();
      in_word = false;
    } else {
      word += c;
      in_word = true;
    }
  }
  if (in_word) words.push_back(word);
  return words;
}

// `u NAME ID GECOS HOME SHELL`: ID "-" makes a group of the same name, "-:GROUP" joins GROUP.
void add_sysusers_accounts(const fs::path& root, std::vector<SystemAccount>& out) {
  std::error_code ec;
  const fs::path dir = in_root(root, "usr/lib/sysusers.d");
  if (!fs::is_directory(dir, ec)) return;
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(dir, ec))
    if (e.path().extension() == ".conf") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  for (const auto& file : files) {
    auto text = read_file(file);
    if (!text) continue;
    std::istringstream lines(*text);
    for (std::string line; std::getline(lines, line);) {
      const auto w = sysusers_words(line);
      if (w.size() < 2 || w[0] != "u" || !literal(w[1])) continue;
      SystemAccount a;
      a.name = w[1];
      a.package = file.stem().string();
      a.declared_by = "sysusers.d/" + file.filename().string();
      const std::string id = w.size() > 2 ? w[2] : "-";
      if (id.starts_with("-:")) a.group = id.substr(2);
      else a.own_group = true;
      if (w.size() > 4 && w[4] != "-") a.home = w[4];
      if (w.size() > 5 && w[5] != "-") a.shell = w[5];
      out.push_back(std::move(a));
    }
  }
}

}  // namespace

std::vector<SystemAccount> declared_accounts(const fs::path& root) {
  static const std::vector<std::string> kWithValue = {"--home", "--shell", "--ingroup", "--gid", "--uid", "--gecos",
                                                      "--firstuid", "--lastuid", "--comment"};
  std::vector<SystemAccount> out;
  for (const auto& [package, text] : postinst_scripts(root))
    for (const auto& words : script_commands(text)) {
      auto at = std::find(words.begin(), words.end(), "adduser");
      if (at == words.end() || std::find(at, words.end(), "--system") == words.end()) continue;
      SystemAccount account;
      account.package = package;
      std::vector<std::string> names;
      for (auto w = at + 1; w != words.end(); ++w) {
        if (std::find(kWithValue.begin(), kWithValue.end(), *w) != kWithValue.end() && w + 1 != words.end()) {
          if (*w == "--home") account.home = w[1];
          if (*w == "--shell") account.shell = w[1];
          if (*w == "--ingroup") account.group = w[1];
          ++w;
        } else if (*w == "--group") {
          account.own_group = true;
        } else if (!w->starts_with("-")) {
          names.push_back(*w);
        }
      }
      if (names.size() != 1 || !literal(names[0])) continue;  // "adduser USER GROUP" adds to a group
      account.name = names[0];
      out.push_back(std::move(account));
    }
  add_sysusers_accounts(root, out);
  return out;
}

}  // namespace ssi::image
