#pragma once
// Move-only owners for librpm's C handles: no handle outlives its scope, on any path.
#include <rpm/header.h>
#include <rpm/rpmdb.h>
#include <rpm/rpmds.h>
#include <rpm/rpmfiles.h>
#include <rpm/rpmio.h>
#include <rpm/rpmkeyring.h>
#include <rpm/rpmstrpool.h>
#include <rpm/rpmtd.h>
#include <rpm/rpmts.h>

#include <memory>
#include <type_traits>

namespace ssi::rpm {

template <class Handle, auto Free>
struct Releaser {
  void operator()(Handle h) const {
    if (h) Free(h);
  }
};
template <class Handle, auto Free>
using Owner = std::unique_ptr<std::remove_pointer_t<Handle>, Releaser<Handle, Free>>;

inline void close_fd(FD_t fd) { Fclose(fd); }
inline void free_td(rpmtd td) {
  rpmtdFreeData(td);
  rpmtdFree(td);
}

using TransactionSet = Owner<rpmts, rpmtsFree>;
using StringPool = Owner<rpmstrPool, rpmstrPoolFree>;
using HeaderPtr = Owner<Header, headerFree>;
using File = Owner<FD_t, close_fd>;
using DependencySet = Owner<rpmds, rpmdsFree>;
using FileSet = Owner<rpmfiles, rpmfilesFree>;
using FileIterator = Owner<rpmfi, rpmfiFree>;
using TagData = Owner<rpmtd, free_td>;
using DbIterator = Owner<rpmdbMatchIterator, rpmdbFreeIterator>;
using Keyring = Owner<rpmKeyring, rpmKeyringFree>;
using PublicKey = Owner<rpmPubkey, rpmPubkeyFree>;

}  // namespace ssi::rpm
