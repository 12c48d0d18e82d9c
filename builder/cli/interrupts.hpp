#pragma once
// Ctrl-C and kill for commands that must clean up first (nodes to stop, jobs to cancel): the
// signals set a flag the library polls instead of ending the process.
#include <atomic>

namespace ssi::cli {

// Installs the SIGINT and SIGTERM handlers; the flag they set.
const std::atomic<bool>& catch_interrupts();

}  // namespace ssi::cli
