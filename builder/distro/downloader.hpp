#pragma once
// Downloads through apt's own acquire methods (`apt-helper download-file`): the host's apt
// configuration (proxies, timeouts) applies, files come in parallel, and each is checked against
// its SHA256 before it takes its name. http(s):// and file:// addresses alike.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "util/error.hpp"

namespace ssi::distro {

struct Download {
  std::string uri;
  std::filesystem::path target;
  std::string sha256;  // "" for a file nothing vouches for yet (InRelease: its signature is checked)
};

// All or nothing per file: a target exists afterwards only when it arrived whole with its digest.
// Exit 4 naming every file that did not (and apt-helper's log).
Status download(const std::vector<Download>& downloads, const std::filesystem::path& log);

}  // namespace ssi::distro
