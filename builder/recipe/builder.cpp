#include "recipe/builder.hpp"

#include <chrono>
#include <cstdlib>
#include <map>
#include <thread>

#include "recipe/build_cache.hpp"
#include "recipe/build_order.hpp"
#include "recipe/build_tree.hpp"
#include "recipe/oscar_tree.hpp"
#include "recipe/recipe_parser.hpp"
#include "recipe/sources.hpp"
#include "recipe/spec_writer.hpp"
#include "repo/indexer.hpp"
#include "rpm/signature.hpp"
#include "rpm/spec_builder.hpp"
#include "util/fs.hpp"
#include "util/run_lock.hpp"
#include "util/text.hpp"

namespace ssi::recipe {
namespace fs = std::filesystem;
namespace {

std::string spec_text(const Recipe& r) {
  if (!r.spec_text.empty()) return r.spec_text;
  if (r.spec.empty()) return render_spec(r);
  auto own = read_file(r.dir / r.spec);
  return own ? *own : "";
}

std::string environment_text(const BuildOptions& options) {
  if (!options.environment.empty()) return options.environment;
  return "build environment: this host's toolchain (no build root)\n";
}

// What a build ran with and what it made, beside its log: the environment (a build root's
// packages with their versions) and the packages with their build key.
Status write_build_info(const BuiltRecipe& built, const std::string& key, const BuildOptions& options) {
  std::string text = "recipe: " + built.name + "\nbuild key: " + key + "\n";
  for (const auto& o : built.outputs) text += "package: " + o + "\n";
  if (auto ok = ensure_directory(built.build_info.parent_path()); !ok) return ok;
  return write_file_atomic(built.build_info, text + environment_text(options));
}

std::int64_t source_date_epoch(const Recipe& r) {
  if (const char* sde = std::getenv("SOURCE_DATE_EPOCH"); sde && *sde) return std::strtoll(sde, nullptr, 10);
  return r.source_date_epoch.value_or(changelog_epoch(r));
}

// A recipe taken as far as its spec build: either done already (up to date, nothing to compile)
// or with its build tree ready: private to this run, or the canonical one, locked.
struct Prepared {
  BuiltRecipe built;
  bool needs_build = false;
  std::string key;
  LocatedSources sources;
  std::string spec;
  std::int64_t epoch = 0;
  rpm::SpecBuild spec_build;
  fs::path tree;  // where the build tree really is
  std::optional<RunLock> lock;
};

// The tree a build runs in. The build always sees the canonical path WORK/NAME (the paths in
// the packages depend on it); with private mounts each run gets its own folder mounted there.
Status choose_build_tree(Prepared& p, const Recipe& r, const BuildOptions& options) {
  const fs::path canonical = options.work / r.name;
  p.spec_build.topdir = canonical;
  if (rpm::private_build_trees_available()) {
    p.tree = temporary_name(canonical, "staging");
    p.spec_build.private_tree = p.tree;
    return ensure_directory(canonical);  // the mount point; stays empty
  }
  p.tree = canonical;
  auto lock = RunLock::acquire(options.work / (r.name + ".lock"), "the build tree " + canonical.string());
  if (!lock) return lock.error();
  p.lock = std::move(lock).value();
  return success();
}

// How far a recipe is from its packages: up to date, nothing to compile, or to be built (key set).
Expected<Prepared> assess(const Recipe& r, const BuildOptions& options) {
  Prepared p;
  const fs::path records = options.repo / ".ssi-oscar";
  p.built = {r.name, false, false, {}, records / "logs" / (r.name + ".log"), records / "buildinfo" / (r.name + ".buildinfo"), {}};
  if (r.subpackages.empty() && r.spec.empty() && r.spec_text.empty()) return p;  // an OSCAR package of distribution packages
  auto sources = locate_sources(r, options.source_dirs);
  if (!sources) return sources.error();
  p.sources = std::move(sources).value();
  for (const auto& s : p.sources.sources) p.built.stand_in_sources |= s.stand_in;
  if (!r.spec.empty() && !fs::is_regular_file(r.dir / r.spec))
    return bad_input(r.file.string() + ": build.spec: " + (r.dir / r.spec).string() + " does not exist");
  p.spec = spec_text(r);
  p.epoch = source_date_epoch(r);
  p.key = build_key(r, p.sources, p.spec, p.epoch);
  if (!options.sign_key.empty()) p.key += " signed by " + options.sign_key;
  if (!options.environment_key.empty()) p.key += " built in " + options.environment_key;

  if (const auto last = load_build_record(options.repo, r.name); last && last->key == p.key) {
    const bool present = std::all_of(last->outputs.begin(), last->outputs.end(),
                                     [&](const std::string& o) { return fs::exists(options.repo / o); });
    if (present) {
      p.built.up_to_date = true;
      p.built.outputs = last->outputs;
      return p;
    }
  }
  p.needs_build = true;
  return p;
}

Expected<Prepared> prepare(const Recipe& r, const BuildOptions& options) {
  auto assessed = assess(r, options);
  if (!assessed || !assessed->needs_build) return assessed;
  Prepared& p = *assessed;
  if (!options.scheduled_job)
    if (auto ok = check_requirements(r, options.repo, options.build_root); !ok) return ok.error();
  if (auto ok = ensure_directory(options.work); !ok) return ok.error();
  if (auto ok = ensure_directory(p.built.log.parent_path()); !ok) return ok.error();
  if (auto ok = choose_build_tree(p, r, options); !ok) return ok.error();
  auto spec_file = prepare_topdir(r, p.sources, p.spec, p.tree);
  if (!spec_file) return spec_file.error();
  p.spec_build.spec = p.spec_build.topdir / spec_file->lexically_relative(p.tree);
  p.spec_build.log = p.built.log;
  p.spec_build.build_root = options.build_root;
  p.spec_build.log_preamble = environment_text(options);
  p.spec_build.source_date_epoch = p.epoch;
  p.spec_build.source_package = r.source_rpm ? rpm::SpecBuild::SourcePackage::yes : rpm::SpecBuild::SourcePackage::no;
  return assessed;
}

// Pass: the packages into the repository, and the record that makes the next run a no-op.
Expected<BuiltRecipe> finish(Prepared& p, const BuildOptions& options, const Status& build) {
  const RemoveOnExit remove_tree(p.tree);  // built or failed: the log keeps what went wrong
  if (!build) return Error{ExitCode::step_failed, p.built.name + ": " + build.error().message};
  if (!options.sign_key.empty())
    if (auto ok = rpm::sign_packages(built_packages(p.tree), options.sign_key,
                                     p.built.log.parent_path() / (p.built.name + ".sign.log"));
        !ok)
      return Error{ExitCode::step_failed, p.built.name + ": " + ok.error().message};
  auto outputs = publish(p.tree, options.repo);
  if (!outputs) return outputs.error();
  p.built.outputs = *outputs;
  if (auto ok = save_build_record(options.repo, p.built.name, {p.key, p.built.outputs, p.built.stand_in_sources}); !ok)
    return ok.error();
  if (auto ok = write_build_info(p.built, p.key, options); !ok) return ok.error();
  return p.built;
}

// Builds recipes that do not need each other. Each spec build is a child process, at most
// options.jobs at a time, all started from this one thread: forking is safe only without others.
// A recipe with an `after` entry (an OSCAR meta-package, after its recipe) is built beside the
// others but published only once that one has succeeded: a failed recipe publishes nothing.
std::vector<Expected<BuiltRecipe>> build_side_by_side(const std::vector<const Recipe*>& recipes,
                                                      const std::vector<std::optional<std::size_t>>& after,
                                                      const BuildOptions& options) {
  std::vector<std::optional<Expected<BuiltRecipe>>> results(recipes.size());
  std::vector<Prepared> prepared(recipes.size());
  std::map<std::size_t, pid_t> running;
  std::map<std::size_t, Status> built_unpublished;
  const auto publish = [&](std::size_t i, const Status& build) {
    results[i] = finish(prepared[i], options, build);
    prepared[i].lock.reset();
  };
  std::size_t next = 0;
  while (next < recipes.size() || !running.empty()) {
    while (next < recipes.size() && running.size() < std::max(1u, options.jobs)) {
      const std::size_t i = next++;
      auto p = prepare(*recipes[i], options);
      if (!p) results[i] = p.error();
      else if (!p->needs_build) results[i] = p->built;
      else if (auto pid = rpm::start_spec_build(p->spec_build); !pid) results[i] = pid.error();
      else {
        prepared[i] = std::move(*p);
        running[i] = *pid;
      }
    }
    for (auto it = running.begin(); it != running.end();) {
      if (auto outcome = rpm::poll_spec_build(it->second, prepared[it->first].spec_build)) {
        if (after[it->first]) built_unpublished.emplace(it->first, *outcome);
        else publish(it->first, *outcome);
        it = running.erase(it);
      } else {
        ++it;
      }
    }
    for (auto it = built_unpublished.begin(); it != built_unpublished.end();) {
      const auto& first = results[*after[it->first]];
      if (!first) {
        ++it;
        continue;
      }
      // Its own failure is its error; a build that worked waits on its recipe's.
      const Status& own = it->second;
      publish(it->first, !own.ok() || first->ok()
                             ? own
                             : step_failed("not published: its recipe " + recipes[*after[it->first]]->name + " failed"));
      it = built_unpublished.erase(it);
    }
    if (!running.empty()) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  std::vector<Expected<BuiltRecipe>> out;
  for (auto& r : results) out.push_back(std::move(*r));
  return out;
}

}  // namespace

Expected<std::vector<Recipe>> load_recipes(const std::vector<fs::path>& dirs) {
  std::vector<Recipe> recipes;
  std::string problems;
  for (const auto& dir : dirs) {
    auto r = load_recipe(dir);
    if (r) recipes.push_back(std::move(r).value());
    else append_line(problems, r.error().message);
  }
  if (!problems.empty()) return bad_input(problems);
  return recipes;
}

std::vector<Recipe> with_release_tag(const std::vector<Recipe>& recipes, const std::string& tag) {
  std::vector<Recipe> out = recipes;
  if (!tag.empty())
    for (auto& r : out)
      if (r.spec.empty() && r.spec_text.empty() && !r.subpackages.empty()) r.release += "." + tag;
  return out;
}

Expected<std::string> recipe_spec(const fs::path& recipe_dir) {
  auto r = load_recipe(recipe_dir);
  if (!r) return r.error();
  return spec_text(*r);
}

Expected<std::vector<BuiltRecipe>> build_recipes(const std::vector<fs::path>& recipe_dirs, const BuildOptions& options) {
  // Pass: read and check every recipe before building any.
  auto recipes = load_recipes(recipe_dirs);
  if (!recipes) return recipes.error();
  return build_recipe_set(*recipes, options);
}

Expected<std::vector<bool>> recipes_up_to_date(const std::vector<Recipe>& untagged, const BuildOptions& options) {
  const auto recipes = with_release_tag(untagged, options.release_tag);
  std::vector<bool> current;
  std::string problems;
  for (const Recipe& r : recipes) {
    auto assessed = assess(r, options);
    if (!assessed) append_line(problems, assessed.error().message);
    current.push_back(assessed && !assessed->needs_build);
  }
  if (!problems.empty()) return bad_input(problems);
  return current;
}

Expected<std::vector<BuiltRecipe>> build_recipe_set(const std::vector<Recipe>& untagged, const BuildOptions& options) {
  const auto recipes = with_release_tag(untagged, options.release_tag);
  auto levels = build_levels(recipes);
  if (!levels) return levels.error();
  if (auto ok = ensure_directory(options.repo); !ok) return ok.error();
  // Held for the whole build: a second run into this repository waits, then finds its recipes
  // built; `repo index` beside it waits for a consistent set of packages. A scheduled job's
  // submitting run holds it for the job.
  std::optional<RunLock> lock;
  if (!options.scheduled_job) {
    auto locked = repo::lock_repository(options.repo);
    if (!locked) return locked.error();
    lock = std::move(locked).value();
  }
  // Here rather than where a tree is made: a run killed while it removed a finished tree leaves
  // the rest behind, and the next run may find everything built.
  remove_stale_temporaries(options.work);

  std::vector<BuiltRecipe> built;
  for (const auto& level : *levels) {
    std::optional<Error> failure;
    auto fail = [&](const Error& e) {
      if (!failure) failure = e;
      else failure->message += "\n" + e.message;
    };
    // Pass: the OSCAR package trees' own files, and the recipes of their opkg meta-packages.
    std::vector<const Recipe*> members;
    std::vector<Recipe> metas;
    std::vector<std::optional<fs::path>> trees;
    metas.reserve(level.size());
    for (std::size_t i : level) {
      const Recipe& r = recipes[i];
      members.push_back(&r);
      trees.emplace_back();
      if (!r.oscar) continue;
      auto tree = write_oscar_tree(r, options.oscar_out, options.oscar_format);
      if (!tree) {
        fail(tree.error());
        continue;
      }
      trees.back() = *tree;
      metas.push_back(meta_package_recipe(r, *tree, options.target));
    }
    if (failure) return *failure;
    // Pass: the recipes of one level and their meta-packages side by side.
    const std::size_t own = members.size();
    std::vector<std::optional<std::size_t>> after(own);
    for (std::size_t i = 0, m = 0; i < own; ++i)
      if (trees[i]) {
        members.push_back(&metas[m++]);
        after.push_back(i);
      }
    auto results = build_side_by_side(members, after, options);
    for (std::size_t i = 0; i < results.size(); ++i) {
      if (!results[i].ok()) {
        fail(results[i].error());
        continue;
      }
      built.push_back(std::move(results[i]).value());
      if (i >= own || !trees[i]) continue;
      if (auto ok = add_built_packages(*trees[i], built.back().outputs, options.repo); !ok) fail(ok.error());
      else built.back().oscar_tree = *trees[i];
    }
    // Pass: index what was built, so the next level's build requirements resolve against it.
    if (!options.scheduled_job)
      if (auto indexed = repo::index_repository(options.repo, {}); !indexed) return indexed.error();
    if (failure) return *failure;
  }
  return built;
}

}  // namespace ssi::recipe
