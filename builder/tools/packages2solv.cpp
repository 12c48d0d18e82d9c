// ssi-oscar-packages2solv INDEX OUT: a Debian Packages index (plain, .gz or .xz) as a libsolv
// .solv file. The parse runs in this small program, built without sanitizers even in a sanitized
// build: libsolv grows its arrays a block at a time while it parses, and AddressSanitizer's
// realloc copies every block (trixie's 65,000 packages took six minutes instead of two seconds).
#include <cerrno>
#include <cstdio>
#include <cstring>

// solvable.h has a member called `requires`, a C++20 keyword.
#define LIBSOLV_SOLVABLE_PREPEND_DEP
extern "C" {
#include <solv/pool.h>
#include <solv/repo.h>
#include <solv/repo_deb.h>
#include <solv/repo_write.h>
#include <solv/solv_xfopen.h>
}

namespace {

// What resolving a closure and fetching it read: names, versions, dependencies, the location and
// the checksum. The summaries and descriptions are most of the rest, and the process that reads
// the .solv grows its in-memory data a block at a time (in a sanitized build each block is a
// copy of all before it): they stay out. The file names and home pages, read only for the
// closure's few packages, stay in the file and are read when asked for, like the checksums. Not
// the folder: a location joins folder and file name, and two strings read from the file at once
// share one page buffer (the folder came back overwritten).
int keep_key(Repo* repo, Repokey* key, void* data) {
  if (key->name == SOLVABLE_DESCRIPTION || key->name == SOLVABLE_SUMMARY) return KEY_STORAGE_DROPPED;
  if (key->name == SOLVABLE_MEDIAFILE || key->name == SOLVABLE_URL) return KEY_STORAGE_VERTICAL_OFFSET;
  return repo_write_stdkeyfilter(repo, key, data);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: %s PACKAGES-INDEX OUT.solv\n", argv[0]);
    return 1;
  }
  Pool* pool = pool_create();
  pool_setdisttype(pool, DISTTYPE_DEB);
  Repo* repo = repo_create(pool, "index");
  int status = 0;
  FILE* in = solv_xfopen(argv[1], "r");
  FILE* out = in ? std::fopen(argv[2], "w") : nullptr;
  if (!in || !out) {
    std::fprintf(stderr, "%s: %s\n", in ? argv[2] : argv[1], std::strerror(errno));
    status = 2;
  } else if (repo_add_debpackages(repo, in, 0) != 0) {
    std::fprintf(stderr, "%s: %s\n", argv[1], pool_errstr(pool));
    status = 2;
  } else if (repo_write_filtered(repo, out, keep_key, nullptr, nullptr) != 0 || std::fflush(out) != 0) {
    std::fprintf(stderr, "%s: %s\n", argv[2], pool_errstr(pool));
    status = 2;
  }
  if (in) std::fclose(in);
  if (out && std::fclose(out) != 0) status = 2;
  pool_free(pool);
  return status;
}
