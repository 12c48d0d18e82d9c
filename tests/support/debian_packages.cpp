#include "support/debian_packages.hpp"

#include <fstream>
#include <stdexcept>

#include "recipe/build_tree.hpp"
#include "support/process.hpp"
#include "util/run_lock.hpp"

namespace ssi::test {
namespace fs = std::filesystem;

std::optional<std::vector<fs::path>> fetch_debs(const std::vector<std::string>& packages, std::string& why) {
  const fs::path cache = fs::path(SSI_OSCAR_TEST_WORK) / "debs";
  fs::create_directories(cache);
  auto lock = RunLock::acquire(cache / ".lock", "the test cache").value();
  std::vector<fs::path> out;
  for (const auto& package : packages) {
    auto found = [&]() -> std::optional<fs::path> {
      for (const auto& e : fs::directory_iterator(cache))
        if (e.path().filename().string().starts_with(package + "_") && e.path().extension() == ".deb") return e.path();
      return std::nullopt;
    };
    if (!found()) {
      const auto r = run("cd " + quote(cache.string()) + " && apt-get download -q " + quote(package) + " 2>&1");
      if (r.status != 0 || !found()) {
        why = "cannot fetch the Debian package " + package + ": " + r.output;
        return std::nullopt;
      }
    }
    out.push_back(*found());
  }
  return out;
}

fs::path make_deb(const fs::path& dir, const std::string& name, const std::string& control,
                  const std::vector<std::pair<std::string, std::string>>& files, const std::string& conffiles) {
  const fs::path tree = dir / (name + ".tree");
  fs::remove_all(tree);
  fs::create_directories(tree / "DEBIAN");
  std::ofstream(tree / "DEBIAN/control") << control;
  if (!conffiles.empty()) std::ofstream(tree / "DEBIAN/conffiles") << conffiles;
  for (const auto& [path, content] : files) {
    fs::create_directories((tree / path.substr(1)).parent_path());
    std::ofstream(tree / path.substr(1)) << content;
  }
  const fs::path deb = dir / (name + ".deb");
  const auto r = run("dpkg-deb --root-owner-group -Zgzip --build " + quote(tree.string()) + " " + quote(deb.string()) + " 2>&1");
  if (r.status != 0) throw std::runtime_error("dpkg-deb failed: " + r.output);
  return deb;
}

}  // namespace ssi::test
