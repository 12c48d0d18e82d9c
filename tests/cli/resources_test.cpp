// Running out of resources: a full disk under the image output or the repository, a read-only
// output, a missing qemu or mke2fs, an image without a kernel. Each is one clear line with the
// documented exit code, and the earlier output stays as it was.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/mount.h>
#include <unistd.h>

#include "support/image_fixture.hpp"
#include "support/process.hpp"
#include "support/recipe_dir.hpp"
#include "support/universe.hpp"
#include "util/fs.hpp"
#include "util/sha256.hpp"

namespace ssi {
namespace {
namespace fs = std::filesystem;
using ::testing::AllOf;
using ::testing::HasSubstr;
using test::quote;

// A tmpfs of `kib` KiB at `dir` for the test's life (root only; the tests skip without it).
class SmallDisk {
 public:
  SmallDisk(const fs::path& dir, std::size_t kib, bool read_only = false) : dir_(dir) {
    fs::create_directories(dir);
    const std::string options = "size=" + std::to_string(kib) + "k,mode=0755";
    mounted_ = ::mount("tmpfs", dir.c_str(), "tmpfs", read_only ? MS_RDONLY : 0, options.c_str()) == 0;
  }
  ~SmallDisk() {
    if (mounted_) ::umount2(dir_.c_str(), MNT_DETACH);
  }
  bool mounted() const { return mounted_; }

 private:
  fs::path dir_;
  bool mounted_ = false;
};

std::map<std::string, std::string> digests(const fs::path& dir) {
  std::map<std::string, std::string> d;
  for (const auto& e : fs::recursive_directory_iterator(dir))
    if (e.is_regular_file()) d[e.path().lexically_relative(dir).string()] = sha256_file_hex(e.path()).value_or("");
  return d;
}

std::size_t lines(const std::string& text) { return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')); }

class Resources : public ::testing::Test {
 protected:
  fs::path work = test::scratch_dir();
  std::string kernels = " --kernels " + quote(test::image_fixture().kernels.string());
  fs::path image(const std::string& name, const std::string& extra = "") {
    return test::write_image(work, name, "[image]\nname = \"" + name + "\"\nrepos = [\"@REPO@\"]\npackages = [\"busybox\"]\n" + extra);
  }
  std::string build(const fs::path& definition, const fs::path& out, const std::string& env = "") {
    return env + quote(SSI_OSCAR_BINARY) + " image build " + quote(definition.string()) + kernels + " --out " + quote(out.string());
  }
  // A PATH holding every program of the usual ones except `missing`.
  std::string path_without(const std::string& missing) {
    const fs::path bin = work / ("path-without-" + missing);
    fs::create_directories(bin);
    for (const char* dir : {"/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"}) {
      std::error_code ec;
      for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec))
        if (it->path().filename() != missing && !fs::exists(bin / it->path().filename()))
          fs::create_symlink(it->path(), bin / it->path().filename(), ec);
    }
    return "PATH=" + quote(bin.string()) + " ";
  }
  void skip_without_mounts(const SmallDisk& disk) {
    if (!disk.mounted() && !test::under_ci()) GTEST_SKIP() << "cannot mount a tmpfs (needs root): the full-disk cases are not run";
    ASSERT_TRUE(disk.mounted());
  }
};

TEST_F(Resources, AFullDiskUnderTheImageOutputFailsInOneLineAndKeepsTheEarlierImage) {
  const fs::path definition = image("full", "kernel = [\"test-kernel\"]\nformats = [\"cpio.zst\"]\n");
  const auto first = test::run(build(definition, work / "elsewhere"));
  ASSERT_EQ(first.status, 0) << first.output;
  std::uintmax_t used = 0;
  for (const auto& e : fs::recursive_directory_iterator(work / "elsewhere"))
    if (e.is_regular_file()) used += e.file_size();
  // Room for the earlier image and a little more: not for a second root tree.
  SmallDisk disk(work / "disk", used / 1024 + 512);
  skip_without_mounts(disk);
  ASSERT_EQ(test::run("cp -a " + quote((work / "elsewhere").string()) + " " + quote((work / "disk/out").string())).status, 0);
  const auto before = digests(work / "disk/out");

  image("full", "kernel = [\"test-kernel\"]\nformats = [\"cpio.zst\"]\ncmdline = \"quiet\"\n");  // new inputs
  const auto r = test::run(build(definition, work / "disk/out"));
  EXPECT_EQ(r.status, 4) << r.output;
  EXPECT_THAT(r.output, HasSubstr("is full: "));
  EXPECT_EQ(lines(r.output), 1u) << r.output;
  EXPECT_EQ(digests(work / "disk/out"), before);
  // The failed run gave its space back: only its logs stay, for the next run to remove.
  for (const auto& e : fs::directory_iterator(work / "disk"))
    if (e.path().filename().string().find(".staging.") != std::string::npos) {
      for (const auto& inside : fs::directory_iterator(e.path())) EXPECT_EQ(inside.path().filename(), "logs");
    }
}

TEST_F(Resources, AFullDiskUnderTheRepositoryFailsInOneLineAndKeepsTheEarlierPackages) {
  SmallDisk disk(work / "disk", 600);
  skip_without_mounts(disk);
  const std::string repo = quote((work / "disk/repo").string());
  const auto small = test::write_recipe(work / "small", test::c_program_recipe("small"), {{"main.c", "int main(void) { return 0; }\n"}});
  ASSERT_EQ(test::run_cli("build --repo " + repo + " " + quote(small.string())).status, 0);
  const auto before = digests(work / "disk/repo");
  // A package bigger than the room left: 1 MiB of random data does not compress.
  const auto big = test::write_recipe(work / "big", test::c_program_recipe("big", "head -c 1048576 /dev/urandom > blob"),
                                      {{"main.c", "int main(void) { return 0; }\n"}});
  fs::path recipe = big / "recipe.toml";
  std::string text = read_file(recipe).value();
  text.replace(text.find("install = \""), 11, "install = \"install -D -m 0644 blob $DESTDIR/usr/share/big/blob && ");
  text.replace(text.find("files = [\"/usr/bin/big\"]"), 24, "files = [\"/usr/bin/big\", \"/usr/share/big/blob\"]");
  ASSERT_TRUE(write_file_atomic(recipe, text));
  const auto r = test::run_cli("build --repo " + repo + " " + quote(big.string()));
  EXPECT_EQ(r.status, 4) << r.output;
  EXPECT_THAT(r.output, HasSubstr("big-1.0-1.x86_64.rpm: cannot write: "));
  EXPECT_THAT(r.output, HasSubstr("is full: "));
  EXPECT_EQ(lines(r.output), 1u) << r.output;
  for (const auto& [file, digest] : before)
    if (!file.starts_with(".ssi-oscar")) {
      EXPECT_EQ(sha256_file_hex(work / "disk/repo" / file).value_or(""), digest) << file;
    }
  EXPECT_THAT(test::run_cli("repo query " + repo + " --list").output, HasSubstr("small-1.0-1.x86_64"));
}

TEST_F(Resources, AReadOnlyOutputIsOneLine) {
  SmallDisk disk(work / "ro", 64, /*read_only=*/true);
  skip_without_mounts(disk);
  const auto r = test::run(build(image("ro"), work / "ro/out"));
  EXPECT_EQ(r.status, 4) << r.output;
  EXPECT_THAT(r.output, AllOf(HasSubstr((work / "ro/out").string()), HasSubstr("Read-only file system")));
  EXPECT_EQ(lines(r.output), 1u) << r.output;
  const auto repo = test::run_cli("build --repo " + quote((work / "ro/repo").string()) + " " +
                                  quote(test::write_recipe(work / "tiny", test::c_program_recipe("tiny"), {{"main.c", "int main(void) { return 0; }\n"}}).string()));
  EXPECT_EQ(repo.status, 4) << repo.output;
  EXPECT_THAT(repo.output, AllOf(HasSubstr((work / "ro/repo").string()), HasSubstr("Read-only file system")));
  EXPECT_EQ(lines(repo.output), 1u) << repo.output;
}

TEST_F(Resources, MissingProgramsAndAMissingKernelAreOneLineEach) {
  const fs::path with_kernel = image("booted", "kernel = [\"test-kernel\"]\n"), without = image("bare");
  ASSERT_EQ(test::run(build(with_kernel, work / "booted")).status, 0);
  ASSERT_EQ(test::run(build(without, work / "bare")).status, 0);

  const auto no_qemu = test::run(path_without("qemu-system-x86_64") + quote(SSI_OSCAR_BINARY) + " image boot-test " +
                                 quote((work / "booted").string()));
  EXPECT_EQ(no_qemu.status, 4) << no_qemu.output;
  EXPECT_THAT(no_qemu.output, HasSubstr("qemu-system-x86_64: not installed"));
  EXPECT_EQ(lines(no_qemu.output), 1u) << no_qemu.output;

  const auto no_kernel = test::run_cli("image boot-test " + quote((work / "bare").string()));
  EXPECT_EQ(no_kernel.status, 4) << no_kernel.output;
  EXPECT_THAT(no_kernel.output, HasSubstr("image bare has no kernel to boot"));
  EXPECT_EQ(lines(no_kernel.output), 1u) << no_kernel.output;

  const auto no_mkfs = test::run(build(image("ext", "formats = [\"ext4\"]\n"), work / "ext", path_without("mke2fs")));
  EXPECT_EQ(no_mkfs.status, 4) << no_mkfs.output;
  EXPECT_THAT(no_mkfs.output, HasSubstr("mke2fs: not installed"));
  EXPECT_EQ(lines(no_mkfs.output), 1u) << no_mkfs.output;
  EXPECT_FALSE(fs::exists(work / "ext"));
}

}  // namespace
}  // namespace ssi
