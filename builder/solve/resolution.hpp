#pragma once
// What a resolve asks for and what it answers: the install transaction with a reason for
// every package, or the problems in plain words with libsolv's proposed solutions.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace ssi::solve {

struct Spec {
  std::string text;    // a name, "name >= 1.2", a provided capability or a file path
  std::string origin;  // where it came from, for messages: "command line" or "FILE:LINE"
};

enum class Recommends { install, ignore };
enum class OnUnknown { fail, warn };   // a spec that matches nothing
enum class OnBroken { fail, skip };    // a spec that cannot be installed

struct Request {
  std::vector<Spec> specs;
  std::vector<std::string> excludes;  // name globs made invisible to the solver
  Recommends recommends = Recommends::install;
  OnUnknown on_unknown = OnUnknown::fail;
  OnBroken on_broken = OnBroken::fail;
  std::optional<std::filesystem::path> testcase_dir;  // write a libsolv testcase here
};

struct Reason {
  enum class Type { requested, dependency, recommended };
  Type type = Type::requested;
  std::string by;          // NEVRA of the package that pulled this one in
  std::string capability;  // what it asked for
};
const char* reason_type_name(Reason::Type type);

struct Step {
  std::string name, epoch, version, release, arch, repo, location;
  std::string checksum;  // of the package file, as the repository recorded it ("" if it did not)
  std::uint64_t download_size = 0, install_size = 0;
  std::int64_t buildtime = 0;
  Reason reason;
  std::string nevra() const;
};

struct Problem {
  std::string summary;                 // libsolv's main statement of the problem
  std::vector<std::string> details;    // every rule involved: the conflict chain
  std::vector<std::string> solutions;  // each a way out, elements joined with "; "
};

struct Resolution {
  std::vector<Step> steps;                 // in install order
  std::vector<Problem> problems;           // non-empty: nothing can be installed as asked
  std::vector<std::string> warnings;       // unknown specs skipped, broken requests dropped
  std::uint64_t download_size = 0, install_size = 0;
  bool ok() const { return problems.empty(); }
};

}  // namespace ssi::solve
