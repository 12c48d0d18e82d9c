// Image definitions: inheritance (lists extend, scalars override, remove_* take out, a kernel list
// and a [cluster] replace), pkglists with their line numbers, every error at once.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>

#include "image/image_definition.hpp"
#include "util/fs.hpp"

namespace ssi::image {
namespace {
namespace fs = std::filesystem;
using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

std::vector<std::string> names(const std::vector<Listed>& list) {
  std::vector<std::string> out;
  for (const auto& l : list) out.push_back(l.name);
  return out;
}

class ImageDefinitionTest : public ::testing::Test {
 protected:
  TempDir dir;
  fs::path write(const std::string& name, const std::string& text) {
    const fs::path file = dir.path() / name;
    fs::create_directories(file.parent_path());
    std::ofstream(file) << text;
    return file;
  }
};

TEST_F(ImageDefinitionTest, ChildExtendsOverridesAndRemoves) {
  write("compute.pkglist", "# OSCAR list\nopenssh-server\n\nnfs-common  # comment\n");
  write("base.toml", R"([image]
name = "oscar-compute"
summary = "OSCAR compute node"
repos = ["repo"]
oscar = ["base", "nfs", "slurm"]
pkglist = ["compute.pkglist"]
exclude = ["*-doc"]
not_shipped = ["libllvm*", "libz3-*"]
kernel = ["node-6.1"]
formats = ["dir", "cpio.zst"]
cmdline = "quiet"
[cluster]
session = 1
nodes = [{ name = "n1", id = 1 }]
)");
  const auto child = write("ssi.toml", R"([image]
name = "ssi-compute"
inherits = "base.toml"
oscar = ["ssi-oscar"]
remove_oscar = ["slurm", "nfs"]
packages = ["htop"]
remove_packages = ["nfs-common"]
not_shipped = ["libamdhip64-*"]
remove_not_shipped = ["libz3-*"]
kernel = ["linux-krg", "node-6.1"]
formats = ["tar.zst"]
[cluster]
session = 5
nbmin = 2
nodes = [{ name = "n1", id = 1 }, { name = "n2", id = 2, iface = "eth1" }]
)");
  auto image = load_image(child);
  ASSERT_TRUE(image) << image.error().message;
  EXPECT_EQ(image->name, "ssi-compute");
  EXPECT_EQ(image->summary, "OSCAR compute node");  // inherited scalar
  EXPECT_THAT(names(image->oscar), ElementsAre("base", "ssi-oscar"));
  EXPECT_THAT(names(image->packages), ElementsAre("openssh-server", "htop"));
  EXPECT_EQ(image->packages[0].origin, (dir.path() / "compute.pkglist").string() + ":2");
  EXPECT_THAT(image->kernels, ElementsAre("linux-krg", "node-6.1"));
  EXPECT_THAT(image->formats, ElementsAre("dir", "cpio.zst", "tar.zst"));
  EXPECT_THAT(image->exclude, ElementsAre("*-doc"));
  EXPECT_THAT(image->not_shipped, ElementsAre("libllvm*", "libamdhip64-*"));
  EXPECT_EQ(image->cmdline, "quiet");
  ASSERT_EQ(image->repos.size(), 1u);
  EXPECT_EQ(image->repos[0], dir.path() / "repo");
  EXPECT_EQ(image->cluster.session, 5);
  ASSERT_EQ(image->cluster.nodes.size(), 2u);
  EXPECT_EQ(image->cluster.nodes[1].iface, "eth1");
  EXPECT_THAT(image->files, ElementsAre(child, dir.path() / "base.toml"));
}

TEST_F(ImageDefinitionTest, ReportsEveryProblemOfEveryFileAtOnce) {
  write("parent.toml", "[image]\nname = \"p\"\ncolour = \"red\"\n");
  const auto child = write("child.toml", R"([image]
name = "c"
inherits = "parent.toml"
formats = ["iso"]
pkglist = ["missing.pkglist"]
not_shipped = [""]
[[file]]
source = "nowhere/motd"
target = "etc/motd"
mode = "rw-r--r--"
[cluster]
session = 300
nodes = [{ name = "a", id = 1 }, { name = "a", id = 1 }]
)");
  auto image = load_image(child);
  ASSERT_FALSE(image);
  EXPECT_EQ(image.error().code, ExitCode::bad_input);
  const std::string p = (dir.path() / "parent.toml").string(), c = child.string();
  EXPECT_THAT(image.error().message,
              AllOf(HasSubstr(p + ":3: image.colour: unknown key"), HasSubstr(c + ":4: image.formats: \"iso\""),
                    HasSubstr(c + ":5: image.pkglist"), HasSubstr(c + ":6: image.not_shipped: an empty name glob"),
                    HasSubstr(c + ":9: file[0].target: an absolute path"), HasSubstr(c + ":8: file[0].source"),
                    HasSubstr(c + ":10: file[0].mode: \"rw-r--r--\": an octal mode"),
                    HasSubstr("session 300: 1 to 254"),
                    HasSubstr("node a: listed twice"), HasSubstr("node a: id 1 used twice")));
}

TEST_F(ImageDefinitionTest, ANameThatIsAPathOrACommandLineWithAControlCharacterIsRefused) {
  const std::string long_line(3000, 'x');
  const auto file = write("escape.toml", "[image]\nname = \"../../escape\"\ncmdline = \"quiet\\nshell\"\n");
  const auto longer = write("long.toml", "[image]\nname = \"ok\"\ncmdline = \"" + long_line + "\"\n");
  auto image = load_image(file);
  ASSERT_FALSE(image);
  EXPECT_EQ(image.error().code, ExitCode::bad_input);
  EXPECT_THAT(image.error().message,
              AllOf(HasSubstr(file.string() + ":2: image.name: letters, digits and ._+- only"), HasSubstr("(got \"../../escape\")"),
                    HasSubstr(file.string() + ":3: image.cmdline: control character 0x0a at byte 5")));
  auto too_long = load_image(longer);
  ASSERT_FALSE(too_long);
  EXPECT_THAT(too_long.error().message, HasSubstr(":3: image.cmdline: 3000 bytes: the kernel takes at most 2047"));
}

TEST_F(ImageDefinitionTest, InheritanceCycleIsAnError) {
  write("a.toml", "[image]\nname = \"a\"\ninherits = \"b.toml\"\n");
  write("b.toml", "[image]\nname = \"b\"\ninherits = \"a.toml\"\n");
  auto image = load_image(dir.path() / "a.toml");
  ASSERT_FALSE(image);
  EXPECT_THAT(image.error().message, HasSubstr("image.inherits: a cycle through this file"));
}

TEST_F(ImageDefinitionTest, ModulesArePerKernelAChildsListReplacesItsParentsAndBadOnesAreAllNamed) {
  write("parent.toml", "[image]\nname = \"p\"\nkernel = [\"debian\", \"node-6.1\"]\n"
                       "modules = { debian = [\"e1000\", \"nfsv3\"], \"node-6.1\" = [\"e1000\"] }\n");
  const auto child = write("child.toml", "[image]\nname = \"c\"\ninherits = \"parent.toml\"\nmodules = { debian = [\"virtio-net\"] }\n");
  auto image = load_image(child);
  ASSERT_TRUE(image) << image.error().message;
  ASSERT_EQ(image->modules.size(), 2u);
  EXPECT_THAT(image->modules.at("debian").names, ElementsAre("virtio-net"));
  EXPECT_EQ(image->modules.at("debian").origin, child.string() + ":4");
  EXPECT_THAT(image->modules.at("node-6.1").names, ElementsAre("e1000"));

  const auto bad = write("bad.toml", "[image]\nname = \"b\"\nkernel = [\"debian\"]\n"
                                     "modules = { debian = [\"../e1000\"], linux-krg = [\"e1000\"] }\n");
  auto refused = load_image(bad);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ExitCode::bad_input);
  EXPECT_THAT(refused.error().message, AllOf(HasSubstr(bad.string() + ":4: image.modules.debian: \"../e1000\": not a module's name"),
                                             HasSubstr(bad.string() + ":4: image.modules.linux-krg: linux-krg is not one of the image's kernels (debian)")));
}

TEST(ShippedImages, LoadWithTheirInheritance) {
  const fs::path images = fs::path(SSI_OSCAR_SOURCE_DIR) / "images";
  auto oscar = load_image(images / "oscar-compute.toml");
  ASSERT_TRUE(oscar) << oscar.error().message;
  auto ssi = load_image(images / "ssi-compute.toml");
  ASSERT_TRUE(ssi) << ssi.error().message;
  // ssi-compute.toml, its parent and the cluster it names (clusters/ssi.toml).
  ASSERT_EQ(ssi->files.size(), 3u);
  EXPECT_EQ(ssi->files.back().filename(), "ssi.toml");
  EXPECT_EQ(ssi->kernels.front(), "linux-krg");
  EXPECT_TRUE(ssi->has_cluster);
  EXPECT_THAT(names(ssi->oscar), ::testing::Contains("ssi-oscar"));
  EXPECT_THAT(names(ssi->oscar), ::testing::Not(::testing::Contains("slurm")));
  EXPECT_THAT(names(oscar->oscar), ::testing::Contains("slurm"));
  // One definition for every distribution: Debian 13 unless told otherwise.
  EXPECT_EQ(ssi->distro, "debian-13");
  EXPECT_EQ(ssi->repos.front().filename(), "debian-13");
  auto previous = load_image(images / "ssi-compute.toml", "debian-12");
  ASSERT_TRUE(previous) << previous.error().message;
  EXPECT_EQ(previous->repos.front(), (fs::path(SSI_OSCAR_SOURCE_DIR) / "repos" / "debian-12").lexically_normal());
}

TEST_F(ImageDefinitionTest, DistroInTheReposIsTheImagesOrTheOneGiven) {
  write("base.toml", "[image]\nname = \"base\"\nrepos = [\"repos/{distro}\", \"shared\"]\n");
  write("child.toml", "[image]\nname = \"child\"\ninherits = \"base.toml\"\ndistro = \"debian-13\"\n");
  const auto child = load_image(dir.path() / "child.toml");
  ASSERT_TRUE(child) << child.error().message;
  EXPECT_EQ(child->repos.front(), dir.path() / "repos" / "debian-13");
  EXPECT_EQ(child->repos.back(), dir.path() / "shared");
  const auto chosen = load_image(dir.path() / "child.toml", "debian-12");
  ASSERT_TRUE(chosen) << chosen.error().message;
  EXPECT_EQ(chosen->distro, "debian-12");
  EXPECT_EQ(chosen->repos.front(), dir.path() / "repos" / "debian-12");
  const auto none = load_image(dir.path() / "base.toml");
  ASSERT_FALSE(none);
  EXPECT_THAT(none.error().message, AllOf(HasSubstr("base.toml: image.repos: "), HasSubstr("names {distro}")));
  const auto path = load_image(dir.path() / "child.toml", "../x");
  ASSERT_FALSE(path);
  EXPECT_THAT(path.error().message, HasSubstr("--distro ../x: not a distribution's name"));
}

TEST_F(ImageDefinitionTest, AnImageNamingAClusterGetsItsKerrighedNodesAndHosts) {
  write("lab.toml", R"([cluster]
name = "lab"
[head]
address = "10.77.0.1"
network = "10.77.0.0/24"
[[group]]
name = "ssi"
image = "ssi"
kerrighed = { session = 4 }
[[group]]
name = "plain"
image = "other"
[[node]]
name = "k[1-2]"
group = "ssi"
mac = "52:54:00:77:00:01"
ip = "10.77.0.11"
kerrighed_id = 5
[[node]]
name = "p1"
group = "plain"
mac = "52:54:00:77:00:09"
ip = "10.77.0.19"
)");
  auto image = load_image(write("ssi.toml", "[image]\nname = \"ssi\"\ncluster = \"lab.toml\"\n"));
  ASSERT_TRUE(image) << image.error().message;
  ASSERT_TRUE(image->has_cluster);
  EXPECT_EQ(cluster::render_kerrighed_nodes(image->cluster), "session=4\nk1:5:eth0\nk2:6:eth0\n");
  EXPECT_THAT(image->hosts, HasSubstr("10.77.0.19\tp1\n"));
  EXPECT_EQ(image->files.back(), dir.path() / "lab.toml");  // an input of the image

  auto both = load_image(write("both.toml", "[image]\nname = \"ssi\"\ncluster = \"lab.toml\"\n[cluster]\nnodes = []\n"));
  ASSERT_FALSE(both);
  EXPECT_THAT(both.error().message, HasSubstr("both.toml:3: image.cluster: a [cluster] table is there too"));
  auto missing = load_image(write("missing.toml", "[image]\nname = \"ssi\"\ncluster = \"nowhere.toml\"\n"));
  ASSERT_FALSE(missing);
  EXPECT_THAT(missing.error().message, HasSubstr("missing.toml:3: image.cluster: " + (dir.path() / "nowhere.toml").string() + ": cannot be read"));
}

}  // namespace
}  // namespace ssi::image
