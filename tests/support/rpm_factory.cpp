#include "support/rpm_factory.hpp"

#include <fstream>
#include <future>
#include <stdexcept>

#include "support/process.hpp"

namespace ssi::test {
namespace fs = std::filesystem;

TestPackage noarch_package(const std::string& name) {
  TestPackage p;
  p.name = name;
  p.arch = "noarch";
  return p;
}

std::string render_spec(const TestPackage& p) {
  std::string s;
  s += "Name: " + p.name + "\nVersion: " + p.version + "\nRelease: " + p.release + "\n";
  if (p.epoch) s += "Epoch: " + std::to_string(*p.epoch) + "\n";
  s += "Summary: " + p.summary + "\nLicense: MIT\nURL: https://example.org/" + p.name + "\n";
  if (p.arch == "noarch") s += "BuildArch: noarch\n";
  for (const auto& r : p.requires_) s += "Requires: " + r + "\n";
  for (const auto& r : p.requires_pre) s += "Requires(pre): " + r + "\n";
  for (const auto& r : p.provides) s += "Provides: " + r + "\n";
  for (const auto& r : p.conflicts) s += "Conflicts: " + r + "\n";
  for (const auto& r : p.obsoletes) s += "Obsoletes: " + r + "\n";
  for (const auto& r : p.recommends) s += "Recommends: " + r + "\n";
  s += "%description\n" + p.summary + ".\n%install\n";
  auto make = [&](const std::string& path) {
    s += "mkdir -p %{buildroot}$(dirname " + path + ")\necho '" + p.name + " " + path + "' > %{buildroot}" + path + "\n";
  };
  for (const auto& f : p.files) make(f);
  for (const auto& f : p.config_files) make(f);
  for (const auto& d : p.dirs) s += "mkdir -p %{buildroot}" + d + "\n";
  for (const auto& g : p.ghosts) s += "mkdir -p %{buildroot}$(dirname " + g + ")\n";
  s += p.install.empty() ? "" : p.install + "\n";
  s += "%files\n";
  for (const auto& f : p.files) s += f + "\n";
  for (const auto& f : p.config_files) s += "%config(noreplace) " + f + "\n";
  for (const auto& d : p.dirs) s += "%dir " + d + "\n";
  for (const auto& g : p.ghosts) s += "%ghost " + g + "\n";
  for (const auto& f : p.file_lines) s += f + "\n";
  s += "%changelog\n* Mon Jan 01 2024 Test Builder <builder@example.org> - " + p.version + "-" + p.release +
       "\n- Built for the tests.\n";
  return s;
}

namespace {

fs::path build_one(const TestPackage& p, const fs::path& out_dir) {
  const fs::path top = out_dir / ".rpmbuild" / (p.name + "-" + p.version + "-" + p.release + "." + p.arch);
  fs::create_directories(top);
  const fs::path spec = top / (p.name + ".spec");
  std::ofstream(spec) << render_spec(p);
  const std::string command =
      "SOURCE_DATE_EPOCH=1700000000 rpmbuild -bb --quiet"
      " --define " + quote("_topdir " + top.string()) +
      " --define " + quote("_rpmdir " + out_dir.string()) +
      " --define " + quote("_build_name_fmt %%{NAME}-%%{VERSION}-%%{RELEASE}.%%{ARCH}.rpm") +
      " --define '_binary_payload w3.zstdio' --define '_dbpath /var/lib/rpm'"
      " --define 'debug_package %{nil}' --define '_buildhost reproducible'"
      " --define 'use_source_date_epoch_as_buildtime 1' --define 'clamp_mtime_to_source_date_epoch 1'"
      " --target " + (p.arch == "noarch" ? std::string("x86_64") : p.arch) + " " + quote(spec.string());
  const RunResult result = run(command);
  if (result.status != 0) throw std::runtime_error("rpmbuild failed for " + p.name + ":\n" + result.output);
  return out_dir / (p.name + "-" + p.version + "-" + p.release + "." + p.arch + ".rpm");
}

}  // namespace

std::vector<fs::path> build_rpms(const std::vector<TestPackage>& packages, const fs::path& out_dir) {
  fs::create_directories(out_dir);
  std::vector<std::future<fs::path>> builds;
  for (const auto& p : packages) builds.push_back(std::async(std::launch::async, build_one, p, out_dir));
  std::vector<fs::path> paths;
  for (auto& b : builds) paths.push_back(b.get());
  fs::remove_all(out_dir / ".rpmbuild");
  return paths;
}

}  // namespace ssi::test
