#include "rpm/spec_builder.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <fstream>
#include <string>
#include <vector>

#include "rpm/build_log.hpp"
#include "rpm/build_root_shell.hpp"
#include "util/huge_page_heap.hpp"

namespace ssi::rpm {
namespace fs = std::filesystem;
namespace {

// Everything that makes two builds of one spec byte-identical (see docs/recipes.md), as
// rpmbuild's --define options.
std::vector<std::string> macros(const SpecBuild& b) {
  const std::string top = b.topdir.string();
  return {"_topdir " + top,
          "_builddir " + top + "/BUILD",
          "_sourcedir " + top + "/SOURCES",
          "_specdir " + top + "/SPECS",
          "_rpmdir " + top + "/RPMS",
          "_srcrpmdir " + top + "/SRPMS",
          "_buildrootdir " + top + "/BUILDROOT",
          "_build_name_fmt %%{NAME}-%%{VERSION}-%%{RELEASE}.%%{ARCH}.rpm",
          "_dbpath /var/lib/rpm",
          "_binary_payload w19.zstdio",
          "_source_payload w3.zstdio",  // sources are tarballs compressed already
          "use_source_date_epoch_as_buildtime 1",
          "clamp_mtime_to_source_date_epoch 1",
          "_buildhost reproducible",
          "_smp_build_ncpus " + std::to_string(b.cpus),
          // rpm classifies and digests the files on OpenMP threads; rpmbuild is a fresh process, so
          // nothing forked after threads ran can hang in them
          "_smp_build_nthreads " + std::to_string(b.cpus),
          "debug_package %{nil}",
          // rpm's own post-install steps, but static archives stripped beside the ELF files (they
          // are other files): each step runs `file` over the whole tree. A spec's own wins.
          "__os_install_post %{?__brp_compress:%{__brp_compress};} %{?__brp_elfperms:%{__brp_elfperms};} "
          "%{?__brp_remove_la_files:%{__brp_remove_la_files};} ( :; %{?__brp_strip_static_archive} ) & archives=$!; "
          "%{?__brp_strip:%{__brp_strip};} %{?__brp_strip_comment_note:%{__brp_strip_comment_note};} wait $archives",
          "_build_id_links none"};  // no debuginfo packages, so the links would point nowhere
}

// The build sees its private tree at the canonical path; nobody else sees that mount.
bool mount_private_tree(const SpecBuild& b) {
  if (::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0 ||
      ::mount(b.private_tree.c_str(), b.topdir.c_str(), nullptr, MS_BIND, nullptr) != 0) {
    std::fprintf(stderr, "error: cannot mount the private build tree %s on %s: %s\n", b.private_tree.c_str(),
                 b.topdir.c_str(), std::strerror(errno));
    return false;
  }
  return true;
}

// Dies with its parent; false when the parent is gone already (it died before the prctl).
bool follow_parent(pid_t parent) {
  ::prctl(PR_SET_PDEATHSIG, SIGKILL);
  return ::getppid() == parent;
}

[[noreturn]] void exec_rpmbuild(const SpecBuild& b, const std::vector<char*>& argv) {
  ::setenv("SOURCE_DATE_EPOCH", std::to_string(b.source_date_epoch).c_str(), 1);
  // rpm's zstd writer takes a fresh 90 MiB context for every package at level 19, and its 4 KiB
  // page faults were most of writing a small package on a virtual machine (docs/performance.md,
  // the recipe build). Huge pages make them a few hundred; the tunable is read at exec.
  const char* tunables = std::getenv("GLIBC_TUNABLES");
  ::setenv("GLIBC_TUNABLES", tunables_with_huge_pages(tunables ? tunables : "").c_str(), 1);
  ::execvp(argv[0], argv.data());
  std::fprintf(stderr, "error: cannot run rpmbuild: %s\n", std::strerror(errno));
  ::_exit(127);
}

// librpmbuild through its own front end, rpmbuild, in a fresh process: librpmbuild keeps
// global macro state, and a process of its own runs on the C library's allocator even when this
// one is sanitized (AddressSanitizer's realloc copies every time, and rpm grows the header's
// per-file arrays one file at a time: a kernel source tree's 28,000 files took minutes).
//
// With a private tree rpmbuild is also the first process of a PID namespace of its own: the
// death signal reaches only a direct child, and rpmbuild's scripts (make, cc) would go on writing
// into the build tree after a killed run; when a namespace's first process dies the kernel kills
// all of it.
[[noreturn]] void run_child(const SpecBuild& b, const std::vector<char*>& argv, pid_t tool) {
  if (!follow_parent(tool)) ::_exit(128 + SIGKILL);
  const int log = ::open(b.log.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (log < 0) ::_exit(3);
  ::dup2(log, STDOUT_FILENO);
  ::dup2(log, STDERR_FILENO);
  if (!b.log_preamble.empty() && ::write(log, b.log_preamble.data(), b.log_preamble.size()) < 0) ::_exit(3);
  if (b.private_tree.empty()) exec_rpmbuild(b, argv);
  if (::unshare(CLONE_NEWNS | CLONE_NEWPID) != 0) {
    std::fprintf(stderr, "error: cannot make the build's namespaces: %s\n", std::strerror(errno));
    ::_exit(4);
  }
  if (!mount_private_tree(b)) ::_exit(4);
  // From inside the new namespace the parent is out of sight (getppid() is 0): the child learns
  // that it died before the prctl from the pipe's write end closing.
  int alive[2];
  if (::pipe2(alive, O_CLOEXEC) != 0) ::_exit(4);
  const pid_t build = ::fork();
  if (build < 0) ::_exit(4);
  if (build == 0) {
    ::close(alive[1]);
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    pollfd parent{alive[0], POLLIN, 0};
    if (::poll(&parent, 1, 0) != 0) ::_exit(128 + SIGKILL);
    exec_rpmbuild(b, argv);
  }
  ::close(alive[0]);
  int status = 0;
  while (::waitpid(build, &status, 0) < 0 && errno == EINTR) {
  }
  ::_exit(WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
}

std::string tail(const fs::path& file, std::size_t lines) {
  std::ifstream in(file);
  std::deque<std::string> last;
  for (std::string line; std::getline(in, line);) {
    last.push_back(line);
    if (last.size() > lines) last.pop_front();
  }
  std::string out;
  for (const auto& l : last) out += "\n    " + l;
  return out;
}

}  // namespace

bool private_build_trees_available() {
  static const bool available = [] {
    const pid_t probe = ::fork();
    if (probe == 0) ::_exit(::unshare(CLONE_NEWNS | CLONE_NEWPID) == 0 ? 0 : 1);
    int status = 0;
    return probe > 0 && ::waitpid(probe, &status, 0) == probe && WIFEXITED(status) && WEXITSTATUS(status) == 0;
  }();
  return available;
}

Expected<pid_t> start_spec_build(const SpecBuild& b) {
  // -bb/-ba: %prep, %build, %install, %check, the file check, the packages and %clean. The
  // build requirements were checked against the repository, not against this host's rpmdb.
  // Made before the fork: the child only execs.
  std::vector<std::string> args = {"rpmbuild", b.source_package == SpecBuild::SourcePackage::yes ? "-ba" : "-bb",
                                   "--nodeps"};
  auto defines = macros(b);
  if (!b.build_root.empty()) {
    if (b.private_tree.empty())
      return step_failed(b.spec.string() + ": building in the build root " + b.build_root.string() +
                         " needs mount namespaces (run as root)");
    for (const auto& path : {b.build_root, b.topdir})
      if (path.string().find_first_of(" \t\n'\"") != std::string::npos)
        return bad_input(path.string() + ": a build root and a build tree must have paths without blanks or quotes");
    if (auto ok = write_build_root_shell(b.private_tree); !ok) return ok.error();
    for (auto& m : build_root_macros(b.topdir, b.build_root)) defines.push_back(std::move(m));
  }
  for (auto& m : defines) {
    args.push_back("--define");
    args.push_back(std::move(m));
  }
  args.push_back(b.spec.string());
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  std::fflush(nullptr);
  const pid_t tool = ::getpid();
  const pid_t pid = ::fork();
  if (pid < 0) return step_failed(b.spec.string() + ": cannot start the build (fork failed)");
  if (pid == 0) run_child(b, argv, tool);
  return pid;
}

std::optional<Status> poll_spec_build(pid_t child, const SpecBuild& b) {
  int status = 0;
  pid_t done;
  while ((done = ::waitpid(child, &status, WNOHANG)) < 0 && errno == EINTR) {
  }
  if (done == 0) return std::nullopt;
  if (done == child && WIFEXITED(status) && WEXITSTATUS(status) == 0) return success();
  const std::string first = first_failure(b.log);
  return step_failed(b.spec.string() + ": rpm build failed" + (first.empty() ? "" : ": " + first) + "; log: " +
                     b.log.string() + tail(b.log, 15));
}

}  // namespace ssi::rpm
