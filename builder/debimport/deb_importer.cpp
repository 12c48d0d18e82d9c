#include "debimport/deb_importer.hpp"

#include <atomic>
#include <map>

#include "debimport/deb_reader.hpp"
#include "debimport/deb_spec.hpp"
#include "recipe/builder.hpp"
#include "util/fs.hpp"
#include "util/sha256.hpp"
#include "util/text.hpp"

namespace ssi::debimport {
namespace fs = std::filesystem;

Expected<std::vector<ImportedPackage>> import_debs(const std::vector<fs::path>& debs, const ImportOptions& options) {
  // What a conversion stages (its maintainer scripts) is this call's own, one folder per .deb:
  // other runs convert packages of the same names into the same build folder at the same time.
  // The underscore keeps the name apart from every package's build tree (WORK/NAME.staging.PID):
  // Debian's package names have none. A killed run with this pid left it: it starts empty.
  static std::atomic<unsigned> calls = 0;
  const fs::path staged = temporary_name(options.work / ("deb_import-" + std::to_string(calls++)), "staging");
  const RemoveOnExit remove_staged(staged);
  std::error_code ec;
  fs::remove_all(staged, ec);
  if (ec) return step_failed(staged.string() + ": a killed run's folder cannot be removed: " + ec.message());
  if (auto ok = ensure_directory(staged); !ok) return ok.error();
  // Pass: read and check every package before converting any (in parallel: reading is the cost).
  std::vector<std::optional<Expected<recipe::Recipe>>> read(debs.size());
  parallel_for(debs.size(), options.jobs, [&](std::size_t i) {
    auto digest = sha256_file_hex(debs[i]);
    if (!digest) {
      read[i] = bad_input(debs[i].string() + ": cannot be read");
      return;
    }
    auto deb = read_deb(debs[i]);
    if (!deb) {
      read[i] = deb.error();
      return;
    }
    read[i] = deb_recipe(std::move(deb).value(), staged / std::to_string(i), *digest, options.merged_usr);
  });
  std::string errors;
  std::vector<recipe::Recipe> recipes;
  std::map<std::string, fs::path> by_name;
  for (std::size_t i = 0; i < debs.size(); ++i) {
    if (!*read[i]) {
      append_line(errors, read[i]->error().message);
      continue;
    }
    recipe::Recipe& r = read[i]->value();
    if (auto [it, fresh] = by_name.emplace(r.name, debs[i]); !fresh) {
      append_line(errors, debs[i].string() + ": package " + r.name + " is given twice (also " + it->second.string() + ")");
      continue;
    }
    recipes.push_back(std::move(r));
  }
  if (!errors.empty()) return bad_input(errors);

  // Pass: one RPM build per package, side by side; the build cache skips what was converted.
  recipe::BuildOptions build;
  build.repo = options.repo;
  build.work = options.work;
  build.jobs = options.jobs;
  for (const auto& d : debs) {
    const fs::path dir = fs::absolute(d).parent_path();
    if (std::find(build.source_dirs.begin(), build.source_dirs.end(), dir) == build.source_dirs.end())
      build.source_dirs.push_back(dir);
  }
  auto built = recipe::build_recipe_set(recipes, build);
  if (!built) return built.error();
  std::vector<ImportedPackage> out;
  for (const auto& b : *built) out.push_back({b.name, by_name[b.name], b.up_to_date, b.outputs});
  return out;
}

}  // namespace ssi::debimport
