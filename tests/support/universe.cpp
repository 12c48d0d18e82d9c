#include "support/universe.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/file.h>
#include <unistd.h>

#include <fstream>

#include "util/sha256.hpp"

namespace ssi::test {
namespace fs = std::filesystem;

namespace {
TestPackage package(std::string name, std::string version, std::string arch) {
  TestPackage p;
  p.name = std::move(name);
  p.version = std::move(version);
  p.arch = std::move(arch);
  return p;
}
}  // namespace

const std::vector<TestPackage>& universe_packages() {
  static const std::vector<TestPackage> packages = [] {
    std::vector<TestPackage> u;
    TestPackage shell = package("base-shell", "2.0", "x86_64");
    shell.provides = {"shell = 2.0"};
    shell.files = {"/usr/bin/base-shell"};
    shell.dirs = {"/usr/share/base-shell"};
    u.push_back(shell);

    TestPackage libfoo1 = package("libfoo", "1.0", "x86_64");
    libfoo1.provides = {"libfoo.so.1()(64bit)"};
    libfoo1.files = {"/usr/lib64/libfoo.so.1"};
    u.push_back(libfoo1);
    TestPackage libfoo2 = package("libfoo", "2.0", "x86_64");
    libfoo2.provides = {"libfoo.so.2()(64bit)"};
    libfoo2.files = {"/usr/lib64/libfoo.so.2"};
    u.push_back(libfoo2);
    TestPackage libfoo2_32 = package("libfoo", "2.0", "i686");
    libfoo2_32.provides = {"libfoo.so.2"};
    libfoo2_32.files = {"/usr/lib/libfoo.so.2"};
    u.push_back(libfoo2_32);

    TestPackage app = package("app", "3.0", "x86_64");
    app.epoch = 1;
    app.requires_ = {"libfoo >= 2.0", "/usr/bin/base-shell", "shell >= 1.5", "(mta-postfix or mta-exim)"};
    app.requires_pre = {"base-shell"};
    app.recommends = {"app-docs"};
    app.files = {"/usr/bin/app"};
    app.config_files = {"/etc/app.conf"};
    app.ghosts = {"/var/log/app.log"};
    u.push_back(app);

    TestPackage docs = package("app-docs", "3.0", "noarch");
    docs.files = {"/usr/share/doc/app/README"};
    u.push_back(docs);

    TestPackage postfix = package("mta-postfix", "3.7", "noarch");
    postfix.provides = {"mta"};
    postfix.conflicts = {"mta-exim"};
    postfix.files = {"/usr/sbin/postfix"};
    u.push_back(postfix);
    TestPackage exim = package("mta-exim", "4.96", "noarch");
    exim.provides = {"mta"};
    exim.files = {"/usr/sbin/exim"};
    u.push_back(exim);

    TestPackage oldtool = package("oldtool", "1.0", "noarch");
    oldtool.files = {"/usr/bin/oldtool"};
    u.push_back(oldtool);
    TestPackage newtool = package("newtool", "2.0", "noarch");
    newtool.obsoletes = {"oldtool < 2.0"};
    newtool.provides = {"oldtool = 2.0"};
    newtool.files = {"/usr/bin/newtool"};
    u.push_back(newtool);

    // The SSI-OSCAR case OSCAR could not express: the SSI kernel conflicts with batch systems.
    TestPackage krg = package("krg-kernel", "2.6.30", "x86_64");
    krg.release = "krg1";
    krg.conflicts = {"torque"};
    krg.files = {"/boot/vmlinuz-2.6.30-krg"};
    u.push_back(krg);
    TestPackage ssi = package("ssi-tools", "3.0", "noarch");
    ssi.requires_ = {"krg-kernel"};
    ssi.files = {"/usr/sbin/krgadm"};
    u.push_back(ssi);
    TestPackage torque = package("torque", "6.1", "noarch");
    torque.files = {"/usr/sbin/pbs_mom"};
    u.push_back(torque);

    TestPackage broken = package("broken", "0.1", "noarch");
    broken.requires_ = {"missing-lib >= 1"};
    broken.files = {"/usr/bin/broken"};
    u.push_back(broken);
    return u;
  }();
  return packages;
}

namespace {

// Bump when the way test RPMs are built changes (rpm_factory.cpp): cached universes are rebuilt.
constexpr int kBuildRecipeVersion = 2;

std::string universe_hash() {
  std::string all = std::to_string(kBuildRecipeVersion) + "\n";
  for (const auto& p : universe_packages()) all += render_spec(p) + p.arch + "\n";
  return sha256_hex(all).substr(0, 16);
}

// Builds the universe once per build tree; a file lock serialises concurrent test processes.
fs::path build_universe() {
  const fs::path root = fs::path(SSI_OSCAR_TEST_WORK);
  fs::create_directories(root);
  const fs::path dir = root / ("universe-" + universe_hash());
  const int lock = ::open((root / "universe.lock").c_str(), O_CREAT | O_RDWR | O_CLOEXEC, 0644);
  ::flock(lock, LOCK_EX);
  if (!fs::exists(dir / "stamp")) {
    fs::remove_all(dir);
    build_rpms(universe_packages(), dir);
    std::ofstream(dir / "stamp") << "ok\n";
  }
  ::flock(lock, LOCK_UN);
  ::close(lock);
  return dir;
}

}  // namespace

const fs::path& universe_rpms() {
  static const fs::path dir = build_universe();
  return dir;
}

void copy_universe(const fs::path& dir) {
  fs::create_directories(dir);
  for (const auto& entry : fs::directory_iterator(universe_rpms()))
    if (entry.path().extension() == ".rpm") fs::copy_file(entry.path(), dir / entry.path().filename());
}

fs::path scratch_dir() {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  const fs::path dir = fs::path(SSI_OSCAR_TEST_WORK) / "scratch" /
                       (std::string(info->test_suite_name()) + "." + info->name());
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

}  // namespace ssi::test
