#include "repo/record_codec.hpp"

#include <gtest/gtest.h>

namespace ssi {
namespace {
using nlohmann::json;

PackageRecord every_field_set() {
  PackageRecord r;
  r.name = "kerrighed-tools";
  r.epoch = 2;
  r.version = "3.0.0";
  r.release = "1";
  r.arch = "x86_64";
  r.summary = "tools";
  r.description = "two\nlines";
  r.url = "http://example.org/";
  r.license = "GPL-2.0-or-later";
  r.vendor = "v";
  r.group = "System";
  r.packager = "p";
  r.buildhost = "h";
  r.sourcerpm = "kerrighed-3.0.0-1.src.rpm";
  r.buildtime = 1700000000;
  r.install_size = 123456789012;
  r.archive_size = 42;
  r.deps(DepKind::require) = {{"libkerrighed.so.2()(64bit)", DepOp::none, "", false},
                              {"/bin/sh", DepOp::none, "", true},
                              {"kerrighed-lib", DepOp::eq, "2:3.0.0-1", false}};
  r.deps(DepKind::provide) = {{"kerrighed-tools", DepOp::eq, "2:3.0.0-1", false}};
  r.deps(DepKind::enhance) = {{"(a or b)", DepOp::none, "", false}};
  r.files = {{"/usr/bin/krgadm", FileKind::file}, {"/etc/kerrighed", FileKind::dir}, {"/var/run/krg.pid", FileKind::ghost}};
  r.changelog = {{"A <a@example.org>", 1600000000, "- first"}, {"B", 1600000001, "- second"}};
  r.location = "x86_64/kerrighed-tools-3.0.0-1.x86_64.rpm";
  r.file_size = 9999;
  r.file_mtime = -5;
  r.sha256 = std::string(64, 'a');
  r.header_start = 4504;
  r.header_end = 6761;
  return r;
}

TEST(RecordCodec, EveryFieldSurvivesMessagePack) {
  const std::vector<PackageRecord> records = {every_field_set(), PackageRecord{}};
  const auto packed = json::to_msgpack(json(records));
  EXPECT_EQ(json::from_msgpack(packed).get<std::vector<PackageRecord>>(), records);
}

TEST(RecordCodec, FileKindsThatDoNotMatchThePathsAreRefused) {
  json j = every_field_set();
  for (std::size_t i = 0; i < j.size(); ++i)
    if (j[i].is_binary()) j[i] = json::binary({0});
  EXPECT_THROW(j.get<PackageRecord>(), json::exception);
}

}  // namespace
}  // namespace ssi
