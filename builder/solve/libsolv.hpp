#pragma once
// The one place that includes libsolv's headers; libsolvext's lack extern "C".
#include <solv/pool.h>
#include <solv/poolarch.h>
#include <solv/queue.h>
#include <solv/repo.h>
#include <solv/repodata.h>
#include <solv/selection.h>
#include <solv/solvable.h>
#include <solv/solver.h>
#include <solv/solverdebug.h>
#include <solv/transaction.h>
#include <solv/evr.h>
#include <solv/knownid.h>
#include <solv/dataiterator.h>
#include <solv/policy.h>
#include <solv/rules.h>
#include <solv/problems.h>

extern "C" {
#include <solv/pool_parserpmrichdep.h>
#include <solv/repo_deb.h>
#include <solv/repo_repomdxml.h>
#include <solv/repo_rpmmd.h>
#include <solv/repo_rpmdb.h>
#include <solv/repo_solv.h>
#include <solv/repo_write.h>
#include <solv/solv_xfopen.h>
#include <solv/testcase.h>
}
