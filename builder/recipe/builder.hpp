#pragma once
// `ssi-oscar build`: recipes -> source and binary RPMs in a repository, in dependency order,
// skipping recipes whose inputs did not change since their last build.
#include <filesystem>
#include <string>
#include <vector>

#include "oscar/opkg.hpp"
#include "recipe/recipe.hpp"
#include "oscar/schema.hpp"
#include "util/error.hpp"
#include "util/parallel.hpp"
#include "util/progress.hpp"

namespace ssi::recipe {

struct BuildOptions {
  std::filesystem::path repo = "repo";                   // receives the RPMs; re-indexed after each level
  std::vector<std::filesystem::path> source_dirs;        // searched before each recipe's own folder
  std::filesystem::path work = "/var/tmp/ssi-oscar-build";  // one canonical build path per recipe
  unsigned jobs = default_jobs();                         // recipes built side by side
  std::filesystem::path oscar_out = "oscar-packages";     // OSCAR package trees of [oscar] recipes
  oscar::Target target;                                   // which filtered OSCAR dependencies count
  oscar::ConfigFormat oscar_format = oscar::ConfigFormat::opkg61;  // config.xml of the trees
  std::string sign_key;  // a gpg key ID or user ID: every built RPM is signed with it (rpmsign)
  // One job of a `--slurm` run: the submitting run checked the build requirements, holds the
  // repository's lock and indexes the repository once all jobs are done; the job only builds
  // and publishes.
  bool scheduled_job = false;
  // Where the build steps run: "" = on this host, else chrooted into this build root
  // (rpm/build_root_shell.hpp). `environment_key` names what the steps ran with (the root's
  // package set): part of every build key, so another root rebuilds. `environment` is recorded
  // at the top of each build log and in each build info file.
  std::filesystem::path build_root;
  std::string environment_key, environment;
  std::string release_tag;  // deb13: appended to the release of recipes rendered to a spec (1.deb13)
};

struct BuiltRecipe {
  std::string name;
  bool up_to_date = false;         // nothing changed: not rebuilt
  bool stand_in_sources = false;   // built from stand-in sources (tests, demo), not upstream
  std::vector<std::string> outputs;  // relative to the repository
  std::filesystem::path log;
  std::filesystem::path build_info;  // what it was built with and from (written by each build)
  std::filesystem::path oscar_tree;  // for a recipe with [oscar]; "" otherwise
};

// A distribution's release tag (deb13) on the recipes the project renders to a spec: 1 -> 1.deb13.
// A spec of a recipe's own or an imported package keeps the release it states.
std::vector<Recipe> with_release_tag(const std::vector<Recipe>& recipes, const std::string& tag);

// The spec a recipe builds from (rendered, or the recipe's own), for reading and for rpmbuild.
Expected<std::string> recipe_spec(const std::filesystem::path& recipe_dir);

// Every recipe of the folders, or the problems of all the broken ones at once (exit 2).
Expected<std::vector<Recipe>> load_recipes(const std::vector<std::filesystem::path>& recipe_dirs);

Expected<std::vector<BuiltRecipe>> build_recipes(const std::vector<std::filesystem::path>& recipe_dirs,
                                                 const BuildOptions& options);
// The same for recipes already read (or made from another definition, as kernels are).
// For each recipe, whether build_recipe_set would find it up to date (and build nothing).
// The problems of all the others (missing sources, a missing spec) at once.
Expected<std::vector<bool>> recipes_up_to_date(const std::vector<Recipe>& recipes, const BuildOptions& options);

Expected<std::vector<BuiltRecipe>> build_recipe_set(const std::vector<Recipe>& recipes, const BuildOptions& options);

}  // namespace ssi::recipe
