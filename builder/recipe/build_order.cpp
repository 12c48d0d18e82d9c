#include "recipe/build_order.hpp"

#include <map>
#include <set>

namespace ssi::recipe {
namespace {

// "kerrighed-include >= 3" -> "kerrighed-include"
std::string capability_name(const std::string& requirement) {
  return requirement.substr(0, requirement.find_first_of(" <>=("));
}

}  // namespace

std::vector<std::set<std::size_t>> build_needs(const std::vector<Recipe>& recipes) {
  std::map<std::string, std::size_t> maker;  // package name or provide -> recipe
  for (std::size_t i = 0; i < recipes.size(); ++i)
    for (const auto& sub : recipes[i].subpackages) {
      maker[sub.name] = i;
      for (const auto& p : sub.relations.provides) maker[capability_name(p)] = i;
    }
  std::vector<std::set<std::size_t>> needs(recipes.size());
  for (std::size_t i = 0; i < recipes.size(); ++i)
    for (const auto& r : recipes[i].build_requires)
      if (auto it = maker.find(capability_name(r)); it != maker.end() && it->second != i) needs[i].insert(it->second);
  return needs;
}

Expected<std::vector<std::vector<std::size_t>>> build_levels(const std::vector<Recipe>& recipes) {
  const auto needs = build_needs(recipes);
  std::vector<std::vector<std::size_t>> levels;
  std::set<std::size_t> done;
  while (done.size() < recipes.size()) {
    std::vector<std::size_t> level;
    for (std::size_t i = 0; i < recipes.size(); ++i) {
      if (done.count(i)) continue;
      bool ready = true;
      for (std::size_t n : needs[i]) ready &= done.count(n) > 0;
      if (ready) level.push_back(i);
    }
    if (level.empty()) {
      std::string cycle;
      for (std::size_t i = 0; i < recipes.size(); ++i)
        if (!done.count(i)) cycle += (cycle.empty() ? "" : ", ") + recipes[i].file.string();
      return bad_input("recipes need each other's packages to build (a cycle): " + cycle);
    }
    done.insert(level.begin(), level.end());
    levels.push_back(std::move(level));
  }
  return levels;
}

}  // namespace ssi::recipe
