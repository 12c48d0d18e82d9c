#include "support/standin_kernel.hpp"

#include <fstream>

namespace ssi::test {
namespace fs = std::filesystem;
namespace {

const char* kDefinition = R"([kernel]
name = "krg-standin"
summary = "Stand-in linux-krg"
package = "linux-krg"
cmdline = "console=ttyS0"

[build]
license = "GPL-2.0-only"
config = "defconfig"
options = ["CONFIG_KERRIGHED=y", "CONFIG_KRG_SCHED=y"]
local_version = "-krg"
source_package = "linux-krg-source"
prep = "tar -xzOf %{SOURCE1} kerrighed-3.0.0/patches/kerrighed.patch | patch -s -p1"
patch_series = "patches/krg-standin"
make_flags = ["CC=cc -DSERIES_FLAG=1"]
@BUILD_ROOT@

[[source]]
file = "linux-2.6.30.tar.bz2"
stand_in_sha256 = ["e05a49b181589f719469c15e8ce9e25d64ad37af71d8581e039c59690838beeb"]

[[source]]
file = "kerrighed-3.0.0.tar.gz"
stand_in_sha256 = ["57fec4d0fb9fa3538a4c0b077581779d8ce1fe46ec157fddbd9c9560499bb459"]

[[subpackage]]
name = "kerrighed-module"
summary = "Kerrighed scheduler modules"
files = ["/lib/modules/*/kernel/kerrighed"]
requires = ["linux-krg = %{version}-%{release}"]

[[changelog]]
date = "2026-11-30"
author = "Test <test@example.org>"
text = "- Stand-in."
)";

}  // namespace

const char* const kBannerPatch = R"(init/main.c: say that the series was applied and the toolchain setting seen

Written for the tests: the built "kernel" prints both.

--- a/init/main.c
+++ b/init/main.c
@@ -3,5 +3,6 @@
 
 int main(void) {
   puts("Linux version " UTS_RELEASE);
+  printf("series applied, SERIES_FLAG=%d\n", SERIES_FLAG);
   return 0;
 }
)";

Kernels write_kernels(const fs::path& dir, const std::vector<std::pair<std::string, std::string>>& series,
                      const std::string& build_root) {
  fs::remove_all(dir);
  fs::create_directories(dir / "patches" / "krg-standin");
  std::string text = kDefinition;
  text.replace(text.find("@BUILD_ROOT@"), 12, build_root);
  std::ofstream(dir / "krg-standin.toml") << text;
  for (const auto& [name, body] : series) std::ofstream(dir / "patches" / "krg-standin" / name) << body;
  return {dir, dir / "krg-standin.toml"};
}

RunResult pack_standin_kernel_sources(const fs::path& dir) {
  std::string command = "true";
  for (const char* tree : {"linux-2.6.30", "kerrighed-3.0.0"})
    command += " && " + std::string(SSI_OSCAR_SOURCE_DIR) + "/tests/fixtures/pack-fixture " + tree + " " + quote(dir.string());
  return run(command);
}

}  // namespace ssi::test
