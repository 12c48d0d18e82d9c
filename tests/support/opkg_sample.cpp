#include "support/opkg_sample.hpp"

namespace ssi::test {

oscar::Opkg sample_opkg() {
  using oscar::PackageRef;
  oscar::Opkg p;
  p.name = "kerrighed";
  p.summary = "Kerrighed single system image";
  p.license = "GPL";
  p.group = "Operating System";
  p.uri = "https://kerrighed.org";
  p.authors = {{"Maintainer", "m@example.org", "maintainer"}};
  p.oscar.requires_ = {PackageRef::named("kernel_picker")};
  p.oscar.conflicts = {PackageRef::named("torque"), PackageRef::named("slurm", ">=", "2.0")};
  p.server.requires_ = {PackageRef::named("kerrighed-host-tools")};
  p.client.requires_ = {PackageRef::named("kerrighed-tools", "=", "3.0.0-1")};
  PackageRef debian_only = PackageRef::named("nfs-common");
  debian_only.dists = {"debian"};
  p.client.requires_.push_back(debian_only);
  p.changelog = {{"3.0.0-1", "Maintainer", "2026-11-25T00:00:00+00:00", {"First."}}};
  return p;
}

}  // namespace ssi::test
