#pragma once
// Resolves a request against the repositories loaded in a pool.
#include <filesystem>

#include "solve/pool.hpp"
#include "solve/resolution.hpp"
#include "util/error.hpp"

namespace ssi::solve {

// Loads an image root's rpmdb as the installed system (what is there is kept, not reinstalled).
Status load_installed(Pool& pool, const std::filesystem::path& root);

// Call after every repository is loaded. Problems are part of the Resolution (exit 3 at the CLI);
// an Error only for what stops the resolve itself (an unwritable testcase directory).
Expected<Resolution> resolve(Pool& pool, const Request& request);

}  // namespace ssi::solve
