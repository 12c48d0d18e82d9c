// Image archives: every kind of entry survives (files, modes, symlinks, hard links, empty
// folders), times and inode numbers are normalised, equal trees give equal bytes; a layered
// initramfs holds the same entries in segments, and a changed layer is the only one packed again.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <map>

#include <zstd.h>

#include "image/initramfs_layers.hpp"
#include "image/tree_archive.hpp"
#include "support/process.hpp"
#include "util/archive_handles.hpp"
#include "util/fs.hpp"

namespace ssi::image {
namespace {
namespace fs = std::filesystem;

struct Entry {
  std::string type, link;
  std::int64_t size = 0, mtime = 0;
  unsigned mode = 0;
};

std::map<std::string, Entry> read_archive(const fs::path& file) {
  ArchiveReader a(archive_read_new());
  archive_read_support_filter_all(a.get());
  archive_read_support_format_all(a.get());
  EXPECT_EQ(archive_read_open_filename(a.get(), file.c_str(), 65536), ARCHIVE_OK);
  std::map<std::string, Entry> out;
  archive_entry* e = nullptr;
  while (archive_read_next_header(a.get(), &e) == ARCHIVE_OK) {
    Entry entry;
    const auto type = archive_entry_filetype(e);
    entry.type = type == AE_IFDIR ? "dir" : type == AE_IFLNK ? "symlink" : "file";
    if (archive_entry_hardlink(e)) entry.link = archive_entry_hardlink(e);
    if (archive_entry_symlink(e)) entry.link = archive_entry_symlink(e);
    entry.size = archive_entry_size(e);
    entry.mtime = archive_entry_mtime(e);
    entry.mode = archive_entry_perm(e);
    out[archive_entry_pathname(e)] = entry;
    archive_read_data_skip(a.get());
  }
  return out;
}

void make_tree(const fs::path& root, std::int64_t file_time) {
  fs::create_directories(root / "bin");
  fs::create_directories(root / "var/empty");
  ASSERT_TRUE(write_file_atomic(root / "bin/busybox", std::string(5000, 'b')));
  fs::permissions(root / "bin/busybox", static_cast<fs::perms>(0755));
  fs::create_symlink("busybox", root / "bin/sh");
  fs::create_hard_link(root / "bin/busybox", root / "bin/linked");
  ASSERT_TRUE(write_file_atomic(root / "init", "#!/bin/sh\n"));
  for (const auto& e : fs::recursive_directory_iterator(root)) {
    struct timespec times[2] = {{file_time, 0}, {file_time, 0}};
    ::utimensat(AT_FDCWD, e.path().c_str(), times, AT_SYMLINK_NOFOLLOW);
  }
}

TEST(TreeArchive, CpioKeepsEveryKindOfEntryWithOneTime) {
  TempDir dir;
  make_tree(dir.path() / "root", 1000);
  PackOptions options{ArchiveFormat::cpio_newc, 3, 2, 1795564800};
  auto size = pack_tree(dir.path() / "root", dir.path() / "image.cpio.zst", options);
  ASSERT_TRUE(size) << size.error().message;
  EXPECT_EQ(*size, fs::file_size(dir.path() / "image.cpio.zst"));
  const auto entries = read_archive(dir.path() / "image.cpio.zst");
  ASSERT_TRUE(entries.count("bin/busybox") && entries.count("bin/linked") && entries.count("bin/sh"));
  EXPECT_EQ(entries.at("bin/sh").type, "symlink");
  EXPECT_EQ(entries.at("bin/sh").link, "busybox");
  EXPECT_EQ(entries.at("bin/busybox").mode, 0755u);
  EXPECT_EQ(entries.at("var/empty").type, "dir");
  // newc carries a hard link's data once: on the last of its names.
  EXPECT_EQ(entries.at("bin/busybox").size + entries.at("bin/linked").size, 5000);
  for (const auto& [path, e] : entries) EXPECT_EQ(e.mtime, 1795564800) << path;
  EXPECT_FALSE(fs::exists(dir.path() / "image.cpio.zst.tmp"));
}

TEST(TreeArchive, TarKeepsHardLinksAsLinks) {
  TempDir dir;
  make_tree(dir.path() / "root", 1000);
  auto size = pack_tree(dir.path() / "root", dir.path() / "image.tar.zst", {ArchiveFormat::tar, 3, 1, 5});
  ASSERT_TRUE(size) << size.error().message;
  const auto entries = read_archive(dir.path() / "image.tar.zst");
  EXPECT_EQ(entries.at("bin/linked").link, "bin/busybox");
  EXPECT_EQ(entries.at("bin/busybox").size, 5000);
}

TEST(TreeArchive, EqualTreesGiveEqualBytesWhateverTheirFileTimes) {
  TempDir dir;
  make_tree(dir.path() / "a", 1000);
  make_tree(dir.path() / "b", 2000000);
  for (const auto format : {ArchiveFormat::cpio_newc, ArchiveFormat::tar}) {
    const PackOptions options{format, 3, 2, 1795564800};
    ASSERT_TRUE(pack_tree(dir.path() / "a", dir.path() / "a.zst", options));
    ASSERT_TRUE(pack_tree(dir.path() / "b", dir.path() / "b.zst", options));
    EXPECT_EQ(read_file(dir.path() / "a.zst").value(), read_file(dir.path() / "b.zst").value());
  }
}

// The long-distance window: one zstd frame whose window Linux's initramfs unpacker takes (at
// most 2^27 bytes), with the same entries; the same tree gives the same bytes with 1 or 2 workers.
TEST(TreeArchive, ALongWindowArchiveHasTheSameEntriesAndAWindowLinuxTakes) {
  TempDir dir;
  make_tree(dir.path() / "root", 1000);
  PackOptions options{ArchiveFormat::cpio_newc, 10, 2, 1795564800};
  options.window_log = 27;
  ASSERT_TRUE(pack_tree(dir.path() / "root", dir.path() / "two.cpio.zst", options));
  options.threads = 1;
  ASSERT_TRUE(pack_tree(dir.path() / "root", dir.path() / "one.cpio.zst", options));
  EXPECT_EQ(read_file(dir.path() / "one.cpio.zst").value(), read_file(dir.path() / "two.cpio.zst").value());
  const auto entries = read_archive(dir.path() / "two.cpio.zst");
  EXPECT_EQ(entries.size(), 7u);  // bin, bin/busybox, bin/linked, bin/sh, init, var, var/empty
  EXPECT_EQ(entries.at("init").size, 10);

  // A streaming decoder that allocates at most 2^27 bytes of window, as Linux's, reads it whole.
  const std::string frame = read_file(dir.path() / "two.cpio.zst").value();
  std::unique_ptr<ZSTD_DCtx, decltype(&ZSTD_freeDCtx)> decoder(ZSTD_createDCtx(), ZSTD_freeDCtx);
  ASSERT_FALSE(ZSTD_isError(ZSTD_DCtx_setParameter(decoder.get(), ZSTD_d_windowLogMax, 27)));
  ZSTD_inBuffer in{frame.data(), frame.size(), 0};
  std::string cpio, chunk(1 << 16, '\0');
  size_t left = 1;
  while (left != 0 && !ZSTD_isError(left)) {
    ZSTD_outBuffer out{chunk.data(), chunk.size(), 0};
    left = ZSTD_decompressStream(decoder.get(), &out, &in);
    cpio.append(chunk.data(), out.pos);
    if (!ZSTD_isError(left) && left != 0 && in.pos == in.size && out.pos == 0) break;
  }
  ASSERT_EQ(left, 0u) << (ZSTD_isError(left) ? ZSTD_getErrorName(left) : "truncated");
  EXPECT_EQ(cpio.substr(0, 6), "070701");  // newc

  options.window_log = 5;  // below zstd's smallest window: an error naming the file, no archive
  const auto refused = pack_tree(dir.path() / "root", dir.path() / "bad.cpio.zst", options);
  ASSERT_FALSE(refused);
  EXPECT_THAT(refused.error().message, ::testing::HasSubstr("bad.cpio.zst: zstd window 5: Parameter is out of bound (it takes 10 to "));
  EXPECT_EQ(refused.error().code, ExitCode::bad_input);
  EXPECT_FALSE(fs::exists(dir.path() / "bad.cpio.zst"));
  // The command line refuses it before anything is built.
  const auto cli = test::run_cli("image build no-such.toml --zstd-window 5");
  EXPECT_EQ(cli.status, 1) << cli.output;  // a usage error
  EXPECT_THAT(cli.output, ::testing::HasSubstr("0 (off) or 10 to 27, not 5"));
}

// Folders and unowned files in the first layer, each package's files in its own; the
// concatenation is the layers' bytes in order; a change to one package's file packs its layer
// again and reuses the others, and the cache keeps only the layers in use.
TEST(InitramfsLayers, EachLayerHoldsItsOwnersFilesAndOnlyAChangedLayerIsPackedAgain) {
  TempDir dir;
  const fs::path root = dir.path() / "root";
  make_tree(root, 1000);
  fs::create_directories(root / "usr/lib/oscar");
  ASSERT_TRUE(write_file_atomic(root / "usr/lib/oscar/tool", "version 1\n"));
  fs::create_symlink("usr/lib", root / "lib");  // a package's /lib/oscar/tool is found through the link
  PackageRecord busybox, tool;
  busybox.name = "busybox";
  busybox.files = {{"/bin/busybox", FileKind::file}, {"/bin/sh", FileKind::file}, {"/bin/linked", FileKind::file},
                   {"/bin", FileKind::dir}};
  tool.name = "tool";
  tool.files = {{"/lib/oscar/tool", FileKind::file}};
  busybox.buildtime = 1500000000;
  tool.buildtime = 1600000000;
  const auto owned = package_layers(root, {busybox, tool}, {{"busybox", "listed"}, {"tool", "oscar:tools"}});
  EXPECT_EQ(owned.layer_of.at("usr/lib/oscar/tool"), "oscar-tools");
  const auto layers = split_into_layers(root, owned);
  ASSERT_EQ(layers.size(), 3u);
  EXPECT_EQ(layers[0].name, "tree");
  EXPECT_THAT(layers[0].paths, ::testing::ElementsAre("bin", "init", "lib", "usr", "usr/lib", "usr/lib/oscar", "var", "var/empty"));
  EXPECT_EQ(layers[1].name, "oscar-tools");
  EXPECT_THAT(layers[1].paths, ::testing::ElementsAre("usr/lib/oscar/tool"));
  EXPECT_EQ(layers[2].name, "packages");
  EXPECT_THAT(layers[2].paths, ::testing::ElementsAre("bin/busybox", "bin/linked", "bin/sh"));
  // Each layer's time is its own packages' newest build, so another package's new build leaves it alone.
  EXPECT_EQ(layers[0].mtime, -1);
  EXPECT_EQ(layers[1].mtime, 1600000000);
  EXPECT_EQ(layers[2].mtime, 1500000000);

  PackOptions options;
  options.mtime = 1700000000;
  const fs::path cache = dir.path() / "cache", out = dir.path() / "initramfs.cpio.zst";
  auto first = pack_layers(root, layers, out, cache, options);
  ASSERT_TRUE(first) << first.error().message;
  std::string joined;
  std::map<std::string, Entry> entries;
  for (const auto& part : fs::directory_iterator(cache)) {
    EXPECT_EQ(part.path().extension(), ".zst");
    for (auto& [path, entry] : read_archive(part.path())) entries[path] = entry;
  }
  for (const auto& l : *first) {
    EXPECT_FALSE(l.reused) << l.name;
    for (const auto& part : fs::directory_iterator(cache))
      if (part.path().filename().string().starts_with(l.name + ".")) joined += read_file(part.path()).value();
  }
  EXPECT_EQ(read_file(out).value(), joined);  // the segments in order, nothing between them
  EXPECT_EQ(entries.size(), tree_paths(root).size());
  EXPECT_EQ(entries.at("bin/linked").link, "bin/busybox");  // a hard link within its layer
  EXPECT_EQ(entries.at("usr/lib/oscar/tool").size, 10);
  EXPECT_EQ(entries.at("usr/lib/oscar/tool").mtime, 1600000000);
  EXPECT_EQ(entries.at("usr/lib/oscar").mtime, 1700000000);

  ASSERT_TRUE(write_file_atomic(root / "usr/lib/oscar/tool", "version 22\n"));
  auto second = pack_layers(root, layers, out, cache, options);
  ASSERT_TRUE(second) << second.error().message;
  EXPECT_TRUE((*second)[0].reused);
  EXPECT_FALSE((*second)[1].reused);
  EXPECT_TRUE((*second)[2].reused);
  EXPECT_EQ(std::distance(fs::directory_iterator(cache), fs::directory_iterator()), 3);  // the old tools layer is gone

  // A SOURCE_DATE_EPOCH older than a layer's packages is a clamp there too.
  options.mtime = 1550000000;
  ASSERT_TRUE(pack_layers(root, layers, out, cache, options));
  for (const auto& part : fs::directory_iterator(cache))
    if (part.path().filename().string().starts_with("oscar-tools.")) {
      EXPECT_EQ(read_archive(part.path()).at("usr/lib/oscar/tool").mtime, 1550000000);
    }
}

}  // namespace
}  // namespace ssi::image
