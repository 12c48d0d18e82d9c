#pragma once
// The answer to "OSCAR image or SSI image?" as one table that opens the diff's report: one column
// per image, one row per measure: packages, installed and initramfs size, the last single-node
// boot test, and, from the cluster commands' JSON (`cluster sweep --json`, `cluster test --json`),
// the netboot time of 1..N nodes, each test suite's result on the cluster that ran it, and the
// time of each job it ran (the jobs suite: a bag of tasks, MPI pi) on 1 and N nodes.
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "image/manifest.hpp"
#include "util/error.hpp"

namespace ssi::image {

struct SideBySide {
  std::string a, b;  // the images' names, the columns
  struct Row {
    std::string measure, a, b;  // "-" where the measure does not apply to an image
  };
  std::vector<Row> rows;
  std::vector<std::string> figures;  // SVG documents shown under the table (cluster sweep --svg)
};

// The rows every built image has; `a_dir`/`b_dir` hold their last boot-test.json.
SideBySide side_by_side(const Manifest& a, const std::filesystem::path& a_dir, const Manifest& b,
                        const std::filesystem::path& b_dir);

// Adds the rows of one cluster command's JSON output (`file` names it in errors). A document that
// is neither a sweep nor a cluster test is an error (exit 2) naming the file.
Status add_cluster_results(SideBySide& table, const nlohmann::json& results, const std::string& file);

std::string side_by_side_text(const SideBySide& table);
std::string side_by_side_html(const SideBySide& table);
nlohmann::json side_by_side_json(const SideBySide& table);

}  // namespace ssi::image
