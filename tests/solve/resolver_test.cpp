#include "solve/resolver.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "support/testtags.hpp"

namespace ssi::solve {
namespace {
using ::testing::ElementsAre;
using ::testing::HasSubstr;

// Packages with self-provides written out, as rpm headers carry them.
const char* kUniverse = R"(=Pkg: app 3.0 1 x86_64
=Prv: app = 3.0-1
=Req: libfoo >= 2.0
=Rec: app-docs
=Pkg: app-docs 3.0 1 noarch
=Prv: app-docs = 3.0-1
=Pkg: libfoo 1.0 1 x86_64
=Prv: libfoo = 1.0-1
=Pkg: libfoo 2.0 1 x86_64
=Prv: libfoo = 2.0-1
=Pkg: libfoo 2.0 1 i686
=Prv: libfoo = 2.0-1
=Pkg: ssi-tools 3.0 1 noarch
=Prv: ssi-tools = 3.0-1
=Req: krg-kernel
=Pkg: krg-kernel 2.6.30 krg1 x86_64
=Prv: krg-kernel = 2.6.30-krg1
=Con: torque
=Pkg: torque 6.1 1 noarch
=Prv: torque = 6.1-1
=Pkg: broken 0.1 1 noarch
=Prv: broken = 0.1-1
=Req: missing-lib >= 1
)";

Request request_for(std::vector<std::string> specs) {
  Request r;
  for (auto& s : specs) r.specs.push_back({s, "test"});
  return r;
}

std::vector<std::string> nevras(const Resolution& res) {
  std::vector<std::string> out;
  for (const auto& s : res.steps) out.push_back(s.nevra());
  std::sort(out.begin(), out.end());
  return out;
}

const Step* step_named(const Resolution& res, const std::string& name) {
  for (const auto& s : res.steps)
    if (s.name == name) return &s;
  return nullptr;
}

class Resolver : public ::testing::Test {
 protected:
  Pool pool;
  void SetUp() override { test::add_testtags_repo(pool, "main", 0, kUniverse); }
  Resolution resolve_ok(const Request& request) {
    auto res = resolve(pool, request);
    EXPECT_TRUE(res) << res.error().message;
    return res ? *res : Resolution{};
  }
};

TEST_F(Resolver, EveryPackageSaysWhyItIsThere) {
  const Resolution res = resolve_ok(request_for({"app"}));
  ASSERT_TRUE(res.ok());
  EXPECT_THAT(nevras(res), ElementsAre("app-3.0-1.x86_64", "app-docs-3.0-1.noarch", "libfoo-2.0-1.x86_64"));
  EXPECT_EQ(step_named(res, "app")->reason.type, Reason::Type::requested);
  const Step* libfoo = step_named(res, "libfoo");
  EXPECT_EQ(libfoo->reason.type, Reason::Type::dependency);
  EXPECT_EQ(libfoo->reason.by, "app-3.0-1.x86_64");
  EXPECT_EQ(libfoo->reason.capability, "libfoo >= 2.0");
  const Step* docs = step_named(res, "app-docs");
  EXPECT_EQ(docs->reason.type, Reason::Type::recommended);
  EXPECT_EQ(docs->reason.by, "app-3.0-1.x86_64");
  EXPECT_EQ(libfoo->repo, "main");
}

TEST_F(Resolver, ANamedPackageIsRequestedEvenWhenAlsoNeeded) {
  const Resolution res = resolve_ok(request_for({"app", "libfoo"}));
  EXPECT_EQ(step_named(res, "libfoo")->reason.type, Reason::Type::requested);
}

TEST_F(Resolver, InstallOrderPutsDependenciesFirst) {
  const Resolution res = resolve_ok(request_for({"app"}));
  std::size_t app = 0, libfoo = 0;
  for (std::size_t i = 0; i < res.steps.size(); ++i) {
    if (res.steps[i].name == "app") app = i;
    if (res.steps[i].name == "libfoo") libfoo = i;
  }
  EXPECT_LT(libfoo, app);
}

TEST_F(Resolver, RecommendsCanBeLeftOut) {
  Request r = request_for({"app"});
  r.recommends = Recommends::ignore;
  EXPECT_EQ(step_named(resolve_ok(r), "app-docs"), nullptr);
}

TEST_F(Resolver, VersionRelationsInSpecsAreHonoured) {
  EXPECT_THAT(nevras(resolve_ok(request_for({"libfoo < 2.0"}))), ElementsAre("libfoo-1.0-1.x86_64"));
}

TEST_F(Resolver, MultilibTwinIsAvailableButNotPreferred) {
  EXPECT_THAT(nevras(resolve_ok(request_for({"libfoo"}))), ElementsAre("libfoo-2.0-1.x86_64"));
  EXPECT_THAT(nevras(resolve_ok(request_for({"libfoo.i686"}))), ElementsAre("libfoo-2.0-1.i686"));
}

TEST_F(Resolver, ConflictChainIsExplainedWithSolutions) {
  const Resolution res = resolve_ok(request_for({"ssi-tools", "torque"}));
  ASSERT_EQ(res.problems.size(), 1u);
  const Problem& p = res.problems[0];
  std::string all = p.summary;
  for (const auto& d : p.details) all += "\n" + d;
  EXPECT_THAT(all, HasSubstr("krg-kernel-2.6.30-krg1.x86_64 conflicts with torque"));
  EXPECT_THAT(all, HasSubstr("ssi-tools-3.0-1.noarch requires krg-kernel"));
  EXPECT_FALSE(p.solutions.empty());
  EXPECT_TRUE(res.steps.empty());
}

TEST_F(Resolver, MissingDependencyIsNamed) {
  const Resolution res = resolve_ok(request_for({"broken"}));
  ASSERT_EQ(res.problems.size(), 1u);
  EXPECT_THAT(res.problems[0].summary, HasSubstr("nothing provides missing-lib >= 1 needed by broken-0.1-1.noarch"));
}

TEST_F(Resolver, UnknownNamesAreAllReportedAtOnce) {
  const Resolution res = resolve_ok(request_for({"nosuch", "app", "nothing-either"}));
  ASSERT_EQ(res.problems.size(), 2u);
  EXPECT_EQ(res.problems[0].summary, "package nosuch does not exist (test)");
  EXPECT_EQ(res.problems[1].summary, "package nothing-either does not exist (test)");
}

TEST_F(Resolver, SkipUnknownWarnsAndGoesOn) {
  Request r = request_for({"nosuch", "libfoo"});
  r.on_unknown = OnUnknown::warn;
  const Resolution res = resolve_ok(r);
  EXPECT_TRUE(res.ok());
  EXPECT_THAT(res.warnings, ElementsAre(HasSubstr("nosuch does not exist")));
  EXPECT_THAT(nevras(res), ElementsAre("libfoo-2.0-1.x86_64"));
}

TEST_F(Resolver, SkipBrokenDropsEachBrokenRequestAndNamesItsProblem) {
  Request r = request_for({"broken", "libfoo", "ssi-tools", "torque"});
  r.on_broken = OnBroken::skip;
  const Resolution res = resolve_ok(r);
  ASSERT_TRUE(res.ok());
  EXPECT_EQ(step_named(res, "broken"), nullptr);
  EXPECT_NE(step_named(res, "libfoo"), nullptr);
  std::string all;
  for (const auto& w : res.warnings) all += w + "\n";
  EXPECT_THAT(all, HasSubstr("skipped broken request broken (test): nothing provides missing-lib"));
  EXPECT_THAT(all, HasSubstr("conflicts with torque"));
}

TEST_F(Resolver, ExcludedPackagesAreInvisible) {
  Request r = request_for({"app"});
  r.excludes = {"libfoo*"};
  const Resolution res = resolve_ok(r);
  ASSERT_EQ(res.problems.size(), 1u);
  EXPECT_THAT(res.problems[0].summary, HasSubstr("libfoo"));
}

TEST_F(Resolver, TotalsAreTheSumOfTheSteps) {
  const Resolution res = resolve_ok(request_for({"app"}));
  std::uint64_t install = 0, download = 0;
  for (const auto& s : res.steps) {
    install += s.install_size;
    download += s.download_size;
  }
  EXPECT_EQ(res.install_size, install);
  EXPECT_EQ(res.download_size, download);
}

TEST(ResolverPriorities, HigherPriorityRepositoryWinsOverANewerVersion) {
  Pool pool;
  test::add_testtags_repo(pool, "site", 10, "=Pkg: tool 1.0 1 noarch\n=Prv: tool = 1.0-1\n");
  test::add_testtags_repo(pool, "distro", 0, "=Pkg: tool 2.0 1 noarch\n=Prv: tool = 2.0-1\n");
  auto res = resolve(pool, request_for({"tool"}));
  ASSERT_TRUE(res);
  ASSERT_EQ(res->steps.size(), 1u);
  EXPECT_EQ(res->steps[0].nevra(), "tool-1.0-1.noarch");
  EXPECT_EQ(res->steps[0].repo, "site");
}

TEST(ResolverInstalled, WhatIsInstalledStaysAndObsoletesReplace) {
  Pool pool;
  ::Repo* system = test::add_testtags_repo(pool, "@System", 0, "=Pkg: oldtool 1.0 1 noarch\n=Prv: oldtool = 1.0-1\n"
                                                               "=Pkg: libfoo 2.0 1 x86_64\n=Prv: libfoo = 2.0-1\n");
  pool_set_installed(pool.get(), system);
  test::add_testtags_repo(pool, "main", 0,
                          "=Pkg: newtool 2.0 1 noarch\n=Prv: newtool = 2.0-1\n=Obs: oldtool < 2.0\n"
                          "=Pkg: app 3.0 1 x86_64\n=Prv: app = 3.0-1\n=Req: libfoo\n");
  auto res = resolve(pool, request_for({"newtool", "app"}));
  ASSERT_TRUE(res);
  ASSERT_TRUE(res->ok());
  EXPECT_THAT(nevras(*res), ElementsAre("app-3.0-1.x86_64", "newtool-2.0-1.noarch"));
}

}  // namespace
}  // namespace ssi::solve
