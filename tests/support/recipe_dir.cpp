#include "support/recipe_dir.hpp"

#include <fstream>

namespace ssi::test {
namespace fs = std::filesystem;

fs::path write_recipe(const fs::path& dir, const std::string& toml,
                      const std::vector<std::pair<std::string, std::string>>& files) {
  fs::create_directories(dir);
  std::ofstream(dir / "recipe.toml") << toml;
  for (const auto& [name, content] : files) {
    fs::create_directories((dir / name).parent_path());
    std::ofstream(dir / name) << content;
  }
  return dir;
}

std::string c_program_recipe(const std::string& name, const std::string& extra_build, const std::string& build_requires) {
  return "[package]\nname = \"" + name + "\"\nversion = \"1.0\"\nsummary = \"" + name +
         " test program\"\nlicense = \"MIT\"\n\n[build]\ntools = [\"cc\"]\nrequires = [" + build_requires +
         "]\nbuild = \"\"\"\n" + extra_build + "\ncc -O2 -o " + name + " %{_sourcedir}/main.c\n\"\"\"\n" +
         "install = \"install -D -m 0755 " + name + " $DESTDIR/usr/bin/" + name + "\"\n\n[[subpackage]]\nname = \"" +
         name + "\"\nsummary = \"the program\"\nfiles = [\"/usr/bin/" + name + "\"]\n\n[[changelog]]\n" +
         "date = \"2026-11-20\"\nauthor = \"Test <t@example.org>\"\nversion = \"1.0-1\"\ntext = \"- First.\"\n";
}

}  // namespace ssi::test
