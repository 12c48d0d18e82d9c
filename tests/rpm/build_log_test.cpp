// The one line a failed build's error leads with, found in the build log.
#include <gtest/gtest.h>

#include "rpm/build_log.hpp"

namespace ssi::rpm {
namespace {

TEST(BuildLog, AStepsOwnLineComesFirst) {
  EXPECT_EQ(first_failure_in("patching file a.c\nHunk #1 FAILED at 3.\n"
                             "ssi-oscar: patch patches/x/02-y.patch does not apply\nerror: Bad exit status\n"),
            "patch patches/x/02-y.patch does not apply");
}

TEST(BuildLog, TheFirstCompilerErrorRelativeToTheBuildTree) {
  EXPECT_EQ(first_failure_in("/var/tmp/b/BUILD/linux-krg-2.6.30/fs/stat.c:12:3: warning: unused\n"
                             "/var/tmp/b/BUILD/linux-krg-2.6.30/fs/stat.c:40:9: error: 'x' undeclared\n"
                             "make[2]: *** [scripts/Makefile.build:229: fs/stat.o] Error 1\n"
                             "kernel/sys.c:7: error: later\n"),
            "fs/stat.c:40: error: 'x' undeclared");
  EXPECT_EQ(first_failure_in("include/linux/compiler-gcc.h:86:1: fatal error: linux/compiler-gcc12.h: No such file\n"),
            "include/linux/compiler-gcc.h:86: fatal error: linux/compiler-gcc12.h: No such file");
}

TEST(BuildLog, MakesOwnLineWhenNoCompilerSpoke) {
  EXPECT_EQ(first_failure_in("make[1]: *** No rule to make target 'firmware/e100/', needed by 'x'.  Stop.\n"),
            "make[1]: *** No rule to make target 'firmware/e100/', needed by 'x'.  Stop.");
  EXPECT_EQ(first_failure_in("all went fine\n"), "");
}

}  // namespace
}  // namespace ssi::rpm
