#include "image/kernel_modules.hpp"

#include <algorithm>
#include <map>

#include "util/fs.hpp"
#include "util/root_path.hpp"
#include "util/subprocess.hpp"
#include "util/text.hpp"

namespace ssi::image {
namespace fs = std::filesystem;

namespace {

std::vector<std::string> words(std::string_view line) {
  std::vector<std::string> out;
  std::size_t at = 0;
  while (at < line.size()) {
    const auto start = line.find_first_not_of(" \t", at);
    if (start == std::string_view::npos) break;
    const auto end = std::min(line.find_first_of(" \t", start), line.size());
    out.emplace_back(line.substr(start, end - start));
    at = end;
  }
  return out;
}

template <typename Each>
void for_each_line(std::string_view text, Each each) {
  for (std::size_t at = 0; at < text.size();) {
    const auto end = std::min(text.find('\n', at), text.size());
    each(text.substr(at, end - at));
    at = end + 1;
  }
}

bool is_module_file(const std::string& file) {
  for (const char* suffix : {".ko", ".ko.xz", ".ko.zst", ".ko.gz"})
    if (file.ends_with(suffix)) return true;
  return false;
}

void remove_empty_directories(const fs::path& dir) {
  std::error_code ec;
  std::vector<fs::path> dirs;
  for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::recursive_directory_iterator(); it.increment(ec))
    if (it->is_directory(ec) && !it->is_symlink(ec)) dirs.push_back(it->path());
  // Deepest first: a folder whose only content was empty folders goes too.
  std::sort(dirs.begin(), dirs.end(), [](const fs::path& a, const fs::path& b) { return a.native().size() > b.native().size(); });
  for (const auto& d : dirs)
    if (fs::is_empty(d, ec)) fs::remove(d, ec);
}

// The firmware files the kept modules name, relative to the firmware folder.
Expected<std::set<std::string>> named_firmware(const fs::path& modules_dir, const std::set<std::string>& kept, const fs::path& logs) {
  std::set<std::string> out;
  if (kept.empty()) return out;
  if (!program_available("modinfo")) return step_failed("modinfo: not installed (apt-get install kmod): cannot read the modules' firmware");
  std::vector<std::string> argv = {"modinfo", "-F", "firmware"};
  for (const auto& k : kept) argv.push_back((modules_dir / k).string());
  const fs::path log = logs / "modinfo-firmware.log";
  auto run = run_process(argv, log);
  if (!run) return run.error();
  if (run->exit_code != 0) return step_failed("modinfo failed on the kept modules:\n" + log_tail(log, 5));
  auto text = read_file(log);
  if (!text) return text.error();
  for_each_line(*text, [&](std::string_view line) {
    if (auto name = trim(line); !name.empty()) out.insert(name);
  });
  return out;
}

// The module files of a modules folder by module name, relative to it.
std::map<std::string, std::string> module_files(const fs::path& modules_dir) {
  std::map<std::string, std::string> out;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(modules_dir, ec); !ec && it != fs::recursive_directory_iterator(); it.increment(ec))
    if (is_module_file(it->path().filename().string()) && it->is_regular_file(ec))
      out.emplace(module_name(it->path().filename().string()), it->path().lexically_relative(modules_dir).generic_string());
  return out;
}

std::set<std::string> builtin_modules(const fs::path& modules_dir) {
  std::set<std::string> out;
  for_each_line(read_file(modules_dir / "modules.builtin").value_or(""), [&](std::string_view line) {
    if (!trim(line).empty()) out.insert(module_name(trim(line)));
  });
  return out;
}

struct KeptModules {
  std::set<std::string> files;  // relative to the modules folder, as modules.dep writes them
  std::set<std::string> firmware;
};

// The closure of `wanted` read from the modules' own metadata (modinfo's depends, softdep and
// firmware fields), one modinfo run per round, instead of indexing every module first: depmod
// reads all 4,000 of Debian's xz-compressed modules (7 s) to find what a dozen need. nullopt
// when a name is neither a module file nor built in (an alias: only the whole index knows it).
Expected<std::optional<KeptModules>> closure_by_modinfo(const fs::path& modules_dir, const std::vector<std::string>& wanted,
                                                        const fs::path& logs) {
  if (!program_available("modinfo")) return step_failed("modinfo: not installed (apt-get install kmod): cannot read the modules' dependencies");
  const auto files = module_files(modules_dir);
  const auto builtin = builtin_modules(modules_dir);
  KeptModules kept;
  std::set<std::string> seen;
  std::vector<std::string> names;
  for (const auto& w : wanted) names.push_back(module_name(w));
  while (!names.empty()) {
    std::vector<std::string> argv = {"modinfo"};
    for (const auto& name : names) {
      if (!seen.insert(name).second || builtin.contains(name)) continue;
      const auto file = files.find(name);
      if (file == files.end()) return std::optional<KeptModules>();
      kept.files.insert(file->second);
      argv.push_back((modules_dir / file->second).string());
    }
    names.clear();
    if (argv.size() == 1) break;
    const fs::path log = logs / "modinfo-closure.log";
    auto run = run_process(argv, log);
    if (!run) return run.error();
    if (run->exit_code != 0) return step_failed("modinfo failed on " + modules_dir.string() + ":\n" + log_tail(log, 5));
    for_each_line(read_file(log).value_or(""), [&](std::string_view line) {
      const auto colon = line.find(':');
      if (colon == std::string_view::npos) return;
      const std::string_view field = line.substr(0, colon);
      const std::string value = trim(line.substr(colon + 1));
      if (field == "depends") {
        for (std::size_t at = 0; at < value.size();) {
          const auto end = std::min(value.find(',', at), value.size());
          if (end > at) names.push_back(module_name(value.substr(at, end - at)));
          at = end + 1;
        }
      } else if (field == "softdep") {
        for (const auto& w : words(value))
          if (w != "pre:" && w != "post:") names.push_back(module_name(w));
      } else if (field == "firmware") {
        kept.firmware.insert(value);
      }
    });
  }
  return std::optional<KeptModules>(std::move(kept));
}

}  // namespace

std::string module_name(std::string_view path_or_name) {
  std::string name(path_or_name.substr(path_or_name.find_last_of('/') == std::string_view::npos ? 0 : path_or_name.find_last_of('/') + 1));
  if (const auto ko = name.find(".ko"); ko != std::string::npos) name.resize(ko);
  std::replace(name.begin(), name.end(), '-', '_');
  return name;
}

Expected<std::set<std::string>> module_closure(std::string_view modules_dep, std::string_view modules_softdep,
                                               std::string_view modules_alias, std::string_view modules_builtin,
                                               const std::vector<std::string>& wanted, const std::string& where) {
  std::map<std::string, std::string> file_of;                 // name -> its file
  std::map<std::string, std::vector<std::string>> needs;      // name -> names it needs
  for_each_line(modules_dep, [&](std::string_view line) {
    const auto colon = line.find(':');
    if (colon == std::string_view::npos) return;
    const std::string file(trim(line.substr(0, colon)));
    const std::string name = module_name(file);
    file_of[name] = file;
    for (const auto& dep : words(line.substr(colon + 1))) needs[name].push_back(module_name(dep));
  });
  // softdep NAME pre: A B post: C: modprobe loads those with NAME, so they stay with it.
  for_each_line(modules_softdep, [&](std::string_view line) {
    const auto w = words(line);
    if (w.size() < 3 || w[0] != "softdep") return;
    for (std::size_t i = 2; i < w.size(); ++i)
      if (w[i] != "pre:" && w[i] != "post:") needs[module_name(w[1])].push_back(module_name(w[i]));
  });
  // alias NAME MODULE: a soft dependency often names an alias (ext4's "crypto-crc32c"); modprobe
  // loads every module that has it.
  std::map<std::string, std::vector<std::string>> modules_with;
  for_each_line(modules_alias, [&](std::string_view line) {
    const auto w = words(line);
    if (w.size() == 3 && w[0] == "alias") modules_with[module_name(w[1])].push_back(module_name(w[2]));
  });
  std::set<std::string> builtin;
  for_each_line(modules_builtin, [&](std::string_view line) {
    if (!trim(line).empty()) builtin.insert(module_name(trim(line)));
  });

  std::set<std::string> kept, seen;
  std::vector<std::string> unknown;
  std::vector<std::string> queue;
  for (const auto& w : wanted) {
    const std::string name = module_name(w);
    if (file_of.contains(name) || builtin.contains(name) || modules_with.contains(name)) queue.push_back(name);
    else unknown.push_back(w);
  }
  if (!unknown.empty()) {
    std::string text;
    for (const auto& u : unknown)
      append_line(text, where + ": no module \"" + u + "\" in this kernel (neither in modules.dep nor built in)");
    return bad_input(text);
  }
  while (!queue.empty()) {
    const std::string name = queue.back();
    queue.pop_back();
    if (!seen.insert(name).second) continue;
    if (const auto file = file_of.find(name); file != file_of.end()) kept.insert(file->second);
    else if (const auto with = modules_with.find(name); with != modules_with.end() && !builtin.contains(name))
      queue.insert(queue.end(), with->second.begin(), with->second.end());
    // A soft dependency the kernel does not have (or has built in) is not an error: modprobe skips it.
    if (const auto n = needs.find(name); n != needs.end()) queue.insert(queue.end(), n->second.begin(), n->second.end());
  }
  return kept;
}

Expected<ModuleSlimming> slim_kernel_modules(const fs::path& root, const std::string& release, const std::vector<std::string>& wanted,
                                             const std::string& where, const fs::path& logs) {
  const fs::path modules_dir = in_root(root, "lib/modules/" + release);
  const auto read_list = [&](const char* name) -> std::string {
    auto text = read_file(modules_dir / name);
    return text ? *text : std::string();
  };
  std::optional<KeptModules> kept;
  if (!fs::exists(modules_dir / "modules.dep")) {
    auto quick = closure_by_modinfo(modules_dir, wanted, logs);
    if (!quick) return quick.error();
    kept = std::move(quick).value();
    if (!kept)
      if (auto ok = index_kernel_modules(root, release, logs); !ok) return ok.error();
  }
  if (!kept) {  // from the index, as modprobe reads it: aliases and all
    auto files = module_closure(read_list("modules.dep"), read_list("modules.softdep"), read_list("modules.alias"),
                                read_list("modules.builtin"), wanted, where);
    if (!files) return files.error();
    auto firmware = named_firmware(modules_dir, *files, logs);
    if (!firmware) return firmware.error();
    kept = KeptModules{std::move(files).value(), std::move(firmware).value()};
  }
  ModuleSlimming out;
  out.named = wanted;
  out.modules_kept = kept->files.size();
  std::error_code ec;
  const auto remove_counted = [&](const fs::path& file, std::uint64_t& count) -> Status {
    const auto size = fs::file_size(file, ec);
    if (ec || !fs::remove(file, ec)) return step_failed(file.string() + ": cannot remove: " + ec.message());
    out.bytes_left_out += size;
    ++count;
    return success();
  };
  std::vector<fs::path> modules_out;
  for (auto it = fs::recursive_directory_iterator(modules_dir, ec); !ec && it != fs::recursive_directory_iterator(); it.increment(ec))
    if (it->is_regular_file(ec) && !it->is_symlink(ec) && is_module_file(it->path().filename().string()) &&
        !kept->files.contains(it->path().lexically_relative(modules_dir).generic_string()))
      modules_out.push_back(it->path());
  if (ec) return step_failed(modules_dir.string() + ": cannot list: " + ec.message());
  for (const auto& file : modules_out)
    if (auto ok = remove_counted(file, out.modules_left_out); !ok) return ok.error();
  remove_empty_directories(modules_dir);

  const fs::path firmware_dir = in_root(root, "lib/firmware");
  std::vector<fs::path> firmware_out;
  if (fs::is_directory(firmware_dir)) {
    // A named file that is a link keeps what it links to.
    std::set<fs::path> keep;
    for (const auto& name : kept->firmware) {
      keep.insert(firmware_dir / name);
      if (fs::is_symlink(firmware_dir / name, ec)) keep.insert(in_root(root, "lib/firmware/" + name));
    }
    for (auto it = fs::recursive_directory_iterator(firmware_dir, ec); !ec && it != fs::recursive_directory_iterator(); it.increment(ec))
      if (it->is_regular_file(ec) && !it->is_symlink(ec) && !keep.contains(it->path())) firmware_out.push_back(it->path());
    for (const auto& file : firmware_out)
      if (auto ok = remove_counted(file, out.firmware_left_out); !ok) return ok.error();
    remove_empty_directories(firmware_dir);
  }
  if (auto ok = index_kernel_modules(root, release, logs); !ok) return ok.error();
  return out;
}

Status index_kernel_modules(const fs::path& root, const std::string& release, const fs::path& logs) {
  if (!program_available("depmod")) return step_failed("depmod: not installed (apt-get install kmod): cannot index the modules of " + release);
  if (auto ok = ensure_directory(logs); !ok) return ok;
  auto run = run_process({"depmod", "-b", root.string(), release}, logs / "depmod.log");
  if (!run) return run.error();
  if (run->exit_code != 0) return step_failed(in_root(root, "lib/modules/" + release).string() + ": depmod failed:\n" + log_tail(logs / "depmod.log", 5));
  return success();
}

}  // namespace ssi::image
